/* The end-to-end harness the e2e suites share (e2e.c): the mock on a
 * loopback port, the real sendx-tui in a private tmux server against it,
 * driven by keys and judged by the screen. Every wait polls the screen
 * with a timeout; nothing sleeps a fixed time. Each test runs in a fresh
 * directory (dir) that also holds the app's drafts (XDG_STATE_HOME), so
 * no test sees another's, nor the user's. */
#ifndef TESTS_E2E_H
#define TESTS_E2E_H

#include <stdbool.h>
#include <stddef.h>

#include "api/sendx.h"
#include "mock/mock.h"
#include "tmux.h"

#define API_KEY "e2e-test-key"
#define COLS    120
#define ROWS    32
/* Generous: a loaded 2-core machine runs two of these at once. */
#define E2E_WAIT_BASE_MS 10000
/* How long a wait for the screen lasts: E2E_WAIT_BASE_MS times
 * $SENDX_E2E_WAIT_SCALE (1 to 100, else 1), for an app run slowly under
 * a tool (tests/valgrind.sh). */
int e2e_wait_ms(void);
#define WAIT_MS e2e_wait_ms()

extern struct mock_server *mock;
extern struct tmux *tui;
/* This test's directory: the app's stderr, its pid, its log, state/. */
extern char dir[64];
/* One more VAR=value for the app's environment (EDITOR=...), or NULL;
 * reset after each test. */
extern const char *e2e_extra_env;

/* ---- set-up (e2e_setup/e2e_teardown are the suite's init and fini) ---- */

void e2e_setup(void);
void e2e_teardown(void);
/* The mock, seeded with `contacts` contacts (seed 7). */
void start_mock(long contacts);
/* The mock with these options (the harness sets the API key). */
void start_mock_with(struct mock_options *o);
/* sendx-tui against the mock, with extra (shell-quoted) arguments, run
 * through exec_prefix (a command that execs its arguments, or ""), then
 * through $SENDX_E2E_WRAP when that is set (a command such as valgrind,
 * without single quotes), with $SENDX_E2E_TEST naming the test in the
 * app's environment (SUITE.TEST, for the wrapper's log files). */
void start_tui_via(const char *exec_prefix, const char *args);
void start_tui_with(const char *args);
void start_tui(void);
void start(long contacts);
/* path of name in this test's directory, into buf. */
const char *path_in_dir(const char *name, char *buf, size_t size);

/* ---- asking the mock what to expect ---- */

/* A client for the mock (sendx_client_free it). */
struct sendx_client *client(void);
/* Creates record (of the kind's type) through the API, then frees it. */
void create_in_mock(enum sendx_kind kind, void *record);
void list_page(enum sendx_kind kind, long offset, long limit, struct sendx_page *page);
/* What the screen shows for a raw value, cut to `cells` cells. Heap. */
char *shown(const char *raw, int cells);
/* The first column's text of record i of the kind, as shown. Heap. */
char *row_text(enum sendx_kind kind, long i);

/* ---- the screen ---- */

/* Line n (0-based) of the last screen captured, into buf. */
const char *screen_line(int n, char *buf, size_t size);
/* The terminal cell at which needle starts in line, or -1. */
int cell_of(const char *line, const char *needle);
/* Waits until the screen shows text (or no longer does); fails the test
 * with the last screen if not within WAIT_MS. */
void assert_shows(const char *text);
void assert_gone(const char *text);
/* tmux key names ("C-c", "Escape", "Enter"), and literal text. */
void keys(const char *key);
void type(const char *text);
/* Esc, then the screen without `gone`: a key sent right behind Esc would
 * read as Alt-key. */
void escape_then(const char *gone);
/* Starts the mock (100 contacts) and the app, and opens the detail of
 * the first sent campaign (one with a report). */
void open_sent_campaign(void);
/* Polls tmux's paste buffer until it holds something (an OSC 52 copy
 * lands there just after the frame that says so). Heap string. */
char *wait_buffer(void);
/* Waits for the title line (the third) to start with title. */
void wait_title(const char *title);

/* ---- files and the way out ---- */

/* The whole of a file (heap string; "" if it does not exist). */
char *slurp(const char *path);
bool has_word(const char *text, const char *word);
/* Whether some line of log holds every one of the words (NULL-ended). */
bool log_has_line(const char *log, const char *const *words);
void assert_terminal_restored(void);
/* The app exited with status: nothing on stderr, the terminal restored. */
void expect_exit(int status);
void expect_clean_exit(void);
/* Ctrl-c, then a clean exit. */
void quit(void);

#endif
