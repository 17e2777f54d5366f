/* The terminal: curses set up and torn down, signals turned into bytes
 * on a self-pipe the main loop polls (the handlers do nothing else), the
 * size re-read on SIGWINCH, and OSC 52 clipboard writes between frames.
 *
 * term_close is idempotent and must run before anything is printed on
 * every way out (quit, SIGINT, SIGTERM, a fatal error). */
#ifndef SENDX_UI_TERM_H
#define SENDX_UI_TERM_H

#include <stdbool.h>

/* Starts curses on the controlling terminal, installs the signal
 * handlers. Returns -1 (nothing to undo) when stdin/stdout is not a
 * terminal or curses cannot start; *why says which in words. */
int term_open(const char **why);
void term_close(void);

/* The read end of the signal self-pipe, for poll(). */
int term_signal_fd(void);

/* The next signal that arrived (SIGINT, SIGTERM, SIGHUP, SIGWINCH), or 0. */
int term_next_signal(void);

/* Re-reads the window size and tells curses. */
void term_resize(void);

/* Puts text on the clipboard with OSC 52 (base64). Call between frames,
 * after doupdate. Returns -1 if out of memory. */
int term_copy(const char *text);

#endif
