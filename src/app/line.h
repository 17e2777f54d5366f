/* One line of text being typed: UTF-8 with a cursor, edited with the
 * keys a shell's line editor taught everyone (Left/Right by character,
 * Home/End, Backspace/Delete, Ctrl-w a word, Ctrl-u to the start,
 * Ctrl-k to the end), and a window onto it that keeps the cursor in
 * sight when the text is wider than its field. The prompt uses it, and
 * every form field will. UI thread only; no curses: the view gives the
 * caller what to draw and where the terminal's cursor goes.
 *
 * Text typed or pasted is kept as printable characters only: control
 * characters (a pasted newline, an escape sequence's ESC) never enter
 * it, so nothing typed can act on the terminal when it is drawn. */
#ifndef SENDX_APP_LINE_H
#define SENDX_APP_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/action.h"

struct line {
    char *text;    /* owned, NUL-terminated; NULL until something is set */
    size_t len;    /* bytes before the NUL */
    size_t cap;    /* bytes allocated */
    size_t cursor; /* byte offset, always at a character boundary */
    size_t scroll; /* byte offset of the first character shown */
};

/* The text (never NULL: "" for an empty line). Borrowed. */
const char *line_text(const struct line *l);

/* Replaces the text with a copy of s (control characters dropped), the
 * cursor at its end. Returns -1 if out of memory (the line unchanged). */
int line_set(struct line *l, const char *s);

/* Inserts the printable characters of s (n bytes; invalid UTF-8 and
 * control characters dropped) at the cursor, which moves past them.
 * Returns -1 if out of memory (the line unchanged). */
int line_insert(struct line *l, const char *s, size_t n);
/* Inserts one character (a code point), if it is printable. */
int line_insert_char(struct line *l, uint32_t cp);

/* Cursor motion; each returns whether the cursor moved. */
bool line_left(struct line *l);
bool line_right(struct line *l);
bool line_home(struct line *l);
bool line_end(struct line *l);

/* Deleting; each returns whether the text changed. */
bool line_backspace(struct line *l);     /* the character before the cursor */
bool line_delete(struct line *l);        /* the character under the cursor */
bool line_delete_word(struct line *l);   /* back to the start of the word (Ctrl-w) */
bool line_kill_to_start(struct line *l); /* Ctrl-u */
bool line_kill_to_end(struct line *l);   /* Ctrl-k */

/* Moves the window onto the text (a field `width` cells wide) so that
 * the cursor is inside it, with a few characters of context on the left
 * when it had to scroll back; the whole text when it fits. Call after
 * each edit or motion, and when the width changes. */
void line_follow_cursor(struct line *l, int width);

/* What to draw: the text from byte l->scroll, with the cursor this many
 * cells into the field. */
int line_cursor_cell(const struct line *l);

void line_free(struct line *l);

/* What a line-editing action did (the prompt.* motions and deletions:
 * the prompt, a form's text field and a picker's filter share them). */
enum line_outcome {
    LINE_NOT_AN_EDIT, /* not a line action: the caller's to handle */
    LINE_STILL,       /* a line action with nothing to do (Left at the start) */
    LINE_MOVED,       /* the cursor moved */
    LINE_CHANGED,     /* the text changed */
};
enum line_outcome line_action(struct line *l, enum action act);

#endif
