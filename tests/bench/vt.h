/* A small terminal emulator for the benchmark: enough of xterm to keep the
 * text of a screen that ncurses draws for TERM=xterm-256color (cursor
 * addressing, erasing, scroll regions, inserted and deleted lines and
 * characters, insert mode, repeats, wide characters, deferred wrap).
 * Attributes and colours are parsed and dropped: the benchmark looks at
 * text only. Answers the cursor-position and device-attribute queries. */
#ifndef SENDX_BENCH_VT_H
#define SENDX_BENCH_VT_H

#include <stddef.h>
#include <stdint.h>

struct vt;

/* A blank rows x cols screen; NULL when out of memory. Free with vt_free. */
struct vt *vt_new(int rows, int cols);
void vt_free(struct vt *v);

/* Applies n bytes of terminal output (any split: a sequence or a UTF-8
 * character may continue in the next call). */
void vt_feed(struct vt *v, const char *bytes, size_t n);

/* The bytes the terminal answers with (queries seen by vt_feed), which
 * the caller writes back to the program; *n their length. The buffer is
 * borrowed until vt_replies_clear or the next vt_feed. */
const char *vt_replies(const struct vt *v, size_t *n);
void vt_replies_clear(struct vt *v);

int vt_rows(const struct vt *v);

/* Row r's text as UTF-8 into out (size n, always NUL-terminated), without
 * trailing blanks. Returns out. */
char *vt_row_text(const struct vt *v, int r, char *out, size_t n);

/* The first row holding text, or -1. */
int vt_find(const struct vt *v, const char *text);

#endif
