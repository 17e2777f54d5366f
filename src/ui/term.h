/* The terminal: curses set up and torn down, signals turned into bytes
 * on a self-pipe the main loop polls (the handlers do nothing else), the
 * size re-read on SIGWINCH, suspending on Ctrl-z, and OSC 52 clipboard
 * writes between frames.
 *
 * term_close is idempotent and must run before anything is printed on
 * every way out (quit, SIGINT, SIGTERM, SIGHUP, SIGQUIT, a fatal error).
 * The handlers are in place before curses starts, so a signal during
 * start-up waits in the pipe for the loop; before term_open the terminal
 * is untouched and signals keep their default actions. SIGTTIN and
 * SIGTTOU keep theirs too: touching the terminal from the background
 * (after `bg`) stops the process there, before it writes anything,
 * until `fg`. */
#ifndef SENDX_UI_TERM_H
#define SENDX_UI_TERM_H

#include <stdbool.h>
#include <stddef.h>

/* Starts curses on the controlling terminal, installs the signal
 * handlers. Returns -1 (nothing to undo) when stdin/stdout is not a
 * terminal or curses cannot start; *why says which in words. */
int term_open(const char **why);
void term_close(void);

/* The read end of the signal self-pipe, for poll(). */
int term_signal_fd(void);

/* The next signal that arrived (SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGWINCH, SIGTSTP, SIGCONT), or 0. */
int term_next_signal(void);

/* For SIGTSTP (Ctrl-z), from the main loop: gives the terminal back as
 * the shell had it (main screen, cursor shown, mouse reporting off, the
 * shell's modes), stops the process until it is continued (`fg`), then
 * takes the terminal again as term_resume does. Redraw everything after
 * (clearok). */
void term_suspend(void);

/* For SIGCONT, which also follows a stop this program did not see coming
 * (SIGSTOP), after which the shell may have put back its own modes: the
 * program's modes, keypad and mouse reporting again, and the size re-read
 * in case it changed meanwhile. Redraw everything after (clearok). */
void term_resume(void);

/* The direct-colour sibling of a terminfo entry's name, into buf:
 * "xterm-256color" and "xterm" give "xterm-direct", "tmux-256color"
 * "tmux-direct". term_open opens it in place of $TERM's entry when
 * COLORTERM asks for 24-bit colour, $TERM's entry cannot send it and the
 * sibling exists. */
void term_direct_sibling(const char *term, char *buf, size_t n);

/* Gives the terminal to another program ($EDITOR) as the shell had it;
 * term_resume takes it back. */
void term_pause(void);

/* After term_pause and term_resume: the signals that came meanwhile were
 * the other program's (its Ctrl-c, its Ctrl-z, its size changes; the
 * redraw after takes the size anew) and are dropped. One that ends the
 * app still does: true, and the first such noted in *stop_signal. */
bool term_drop_pause_signals(int *stop_signal);

/* Re-reads the window size and tells curses. */
void term_resize(void);

/* Puts text on the clipboard with OSC 52 (base64). Call between frames,
 * after doupdate. Returns -1 if out of memory. */
int term_copy(const char *text);

#endif
