/* A long text (a template's HTML) edited in the user's own editor, and
 * checked before it is accepted. No curses here: the UI ends curses
 * before editor_run and takes the terminal back after it. */
#ifndef SENDX_APP_EDITOR_H
#define SENDX_APP_EDITOR_H

#include <stddef.h>

struct api_error;
struct validate_msg;

/* The most a body edited outside may weigh: 1 MiB. */
#define EDITOR_MAX_BYTES ((size_t)1 << 20)

/* $VISUAL, else $EDITOR, else "vi" (an empty variable counts as unset).
 * Borrowed from the environment or static; valid until the environment
 * changes. */
const char *editor_command(void);

/* Writes text (NULL is empty) to a new file, mode 0600, named
 * sendx-tui-XXXXXX.html in $TMPDIR (else /tmp), runs editor_command() on
 * it as /bin/sh -c '<command> "$1"' sh <path> (so a command with
 * arguments, "code --wait", works, and the path is never read by the
 * shell), waits for it, and reads the file back. The file is removed on
 * every path.
 *
 * On success *out is the text as the editor left it (heap, NUL-terminated,
 * the caller frees) and *out_len its length, which counts any NUL bytes in
 * it (editor_check_html refuses those). Returns -1 with err set, *out and
 * *out_len untouched, if the file cannot be written or read, the editor
 * cannot be started, exits with a status other than 0 or is killed ("the
 * editor exited with status 1: nothing changed"), or the file has grown
 * past EDITOR_MAX_BYTES. An unchanged text is a success: the caller
 * compares. Blocks until the editor ends; UI thread only, with curses
 * ended, since the editor owns the terminal meanwhile. */
int editor_run(const char *text, char **out, size_t *out_len, struct api_error *err)
    __attribute__((warn_unused_result));

/* Whether text (len bytes, NULs counted) may be accepted as a body: NULL
 * if so, else a short message for people in *msg: text larger than
 * EDITOR_MAX_BYTES, not UTF-8, holding a NUL or a control character other
 * than tab, newline and carriage return, or with a '<' that opens a tag,
 * a comment or a declaration never closed by '>'. Quoted attribute values,
 * comments, and the text of script, style, title and textarea are taken
 * into account; no more of HTML than that is checked. Positions are the
 * byte counted from 1 (as vim's :goto counts) and the line. */
const char *editor_check_html(const char *text, size_t len, struct validate_msg *msg);

#endif
