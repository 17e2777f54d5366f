/* Drives a program in a private tmux server, for end-to-end tests that
 * look at the screen the way a person does.
 *
 * Each session runs on its own tmux socket (-L), with no user config, so
 * tests neither see nor disturb the user's tmux. Waiting is by polling
 * the captured screen until a text appears or a timeout passes, never by
 * sleeping a fixed time. */
#ifndef SENDX_TEST_TMUX_H
#define SENDX_TEST_TMUX_H

#include <stdbool.h>
#include <stddef.h>

struct tmux;

/* Starts `command` (run by /bin/sh) in a new detached session of the
 * given size, with the environment variables in env ("NAME=value", NULL
 * terminated; may be NULL). NULL if tmux could not start it. */
struct tmux *tmux_start(const char *command, const char *const *env, int cols, int rows);

/* Kills the session and its server and frees t. */
void tmux_stop(struct tmux *t);

/* Sends keys as tmux send-keys names them: "j", "Enter", "C-c", "Escape",
 * "NPage", "BTab". Each argument is one key (or literal text with
 * tmux_type: any bytes, escape sequences included, reach the program as
 * typed). Returns 0, or -1 if tmux failed. */
int tmux_keys(struct tmux *t, const char *key);
int tmux_type(struct tmux *t, const char *text);
/* Pastes text as a terminal pastes it: bracketed (ESC [200~ ... ESC
 * [201~) when the program asked for bracketed paste, as is otherwise.
 * Returns 0, or -1 if tmux failed. */
int tmux_paste(struct tmux *t, const char *text);

/* Copies every byte the program writes to its terminal from now on, as
 * written (before tmux interprets any of it), to the end of the file at
 * path (tmux pipe-pane -O). Bytes written before the call are not
 * copied, so start the program so that it waits for a key. path must not
 * hold a single quote. Returns 0, or -1 if tmux failed. */
int tmux_pipe_to(struct tmux *t, const char *path);

/* Sets a tmux option for the whole server ("set-clipboard", "on"):
 * set-option -g, which tmux resolves to server, session or window scope
 * by the option's name. */
int tmux_set_option(struct tmux *t, const char *name, const char *value);

/* A tmux format expanded for the pane ("#{mouse_sgr_flag}"), without
 * its newline. Heap string the caller frees, or NULL. */
char *tmux_format(struct tmux *t, const char *format);

/* The newest paste buffer (what an OSC 52 copy put there when
 * set-clipboard is on). Heap string the caller frees; NULL if there is
 * no buffer. */
char *tmux_show_buffer(struct tmux *t);

/* Resizes the window (and so the program's terminal). */
int tmux_resize(struct tmux *t, int cols, int rows);

/* The visible screen as text, one line per row joined by '\n'. Heap
 * string the caller frees, or NULL. */
char *tmux_capture(struct tmux *t);

/* The same with the colours and attributes as escape sequences
 * (capture-pane -e): what the program asked the terminal to draw. */
char *tmux_capture_styled(struct tmux *t);

/* Polls the screen until it contains text (or, with tmux_wait_gone,
 * no longer does) or timeout_ms passes. Returns true on success. On
 * timeout the last screen is kept for tmux_last_screen(). */
bool tmux_wait_for(struct tmux *t, const char *text, int timeout_ms);
bool tmux_wait_gone(struct tmux *t, const char *text, int timeout_ms);

/* The screen seen by the last wait or capture (borrowed; for messages). */
const char *tmux_last_screen(const struct tmux *t);

/* The last non-empty row of that screen (the status line) into buf. */
const char *tmux_last_row(const struct tmux *t, char *buf, size_t n);

/* Whether the program has exited (the pane is dead). */
bool tmux_exited(struct tmux *t);

#endif
