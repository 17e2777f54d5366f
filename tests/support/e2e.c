/* The end-to-end harness the e2e suites share: the mock on a loopback
 * port, the real sendx-tui in a private tmux server against it, the
 * screen read back, the API asked what to expect, the exit checked. */
#define _XOPEN_SOURCE 700 /* wcswidth */
#include "e2e.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "api/codec.h"
#include "app/columns.h"
#include "app/text.h"
#include "tree.h"

const char *e2e_extra_env;

struct mock_server *mock;
struct tmux *tui;

/* ---- set-up --------------------------------------------------------------- */

void start_mock_with(struct mock_options *o)
{
    o->api_key = API_KEY;
    struct api_error err = {0};
    mock = mock_server_start(o, &err);
    cr_assert_not_null(mock, "mock: %s", api_error_message(&err));
}

void start_mock(long contacts)
{
    struct mock_options o = mock_options_default();
    o.seed = 7;
    o.contacts = contacts;
    start_mock_with(&o);
}

/* A directory of this test's files: the app's stderr, its pid, its log. */
char dir[64];

const char *path_in_dir(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

/* The command the app runs through after the test's own prefix:
 * $SENDX_E2E_WRAP, or "". It goes inside a single-quoted sh -c. */
static const char *e2e_wrap(void)
{
    const char *wrap = getenv("SENDX_E2E_WRAP");
    if (!wrap)
        return "";
    cr_assert_null(strchr(wrap, '\''), "SENDX_E2E_WRAP holds a single quote: %s", wrap);
    return wrap;
}

int e2e_wait_ms(void)
{
    const char *scale = getenv("SENDX_E2E_WAIT_SCALE");
    long n = scale ? strtol(scale, NULL, 10) : 1;
    return E2E_WAIT_BASE_MS * (int)(n >= 1 && n <= 100 ? n : 1);
}

/* Runs sendx-tui against the mock, with extra (shell-quoted) arguments.
 * A small sh writes its pid and execs the app, so the pid is the app's;
 * stderr goes to a file the tests read after exit. After the app the
 * shell shows the terminal's modes, then the exit status, and waits (a
 * dead pane would lose them). The shell shares the app's process group,
 * so Ctrl-\ reaches it too: the trap keeps it alive (bash ignores
 * SIGQUIT anyway, dash would die of it). */
void start_tui_via(const char *exec_prefix, const char *args)
{
    char err_file[96], pid_file[96], command[4096];
    path_in_dir("stderr", err_file, sizeof err_file);
    path_in_dir("pid", pid_file, sizeof pid_file);
    snprintf(command, sizeof command,
             "trap : QUIT; "
             "sh -c 'echo $$ >\"$0\"; exec %s %s \"$@\"' '%s' '%s' --base-url '%s' %s 2>'%s'; "
             "rc=$?; stty -a; echo EXIT=$rc; read line",
             exec_prefix, e2e_wrap(), pid_file, SENDX_TUI_PATH, mock_server_url(mock), args,
             err_file);
    char state[96], config[96], test[160];
    snprintf(state, sizeof state, "XDG_STATE_HOME=%s/state", dir);
    /* The user's own configuration never reaches a test. */
    snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s/config", dir);
    snprintf(test, sizeof test, "SENDX_E2E_TEST=%s.%s", criterion_current_suite->name,
             criterion_current_test->name);
    const char *env[] = {"SENDX_API_KEY=" API_KEY,
                         "LANG=C.UTF-8",
                         "LC_ALL=C.UTF-8",
                         "TZ=UTC",
                         state,
                         config,
                         test,
                         e2e_extra_env,
                         NULL};
    tui = tmux_start(command, env, COLS, ROWS);
    cr_assert_not_null(tui, "tmux could not start sendx-tui");
}

void start_tui_with(const char *args)
{
    start_tui_via("", args);
}

void start_tui(void)
{
    start_tui_with("");
}

void start(long contacts)
{
    start_mock(contacts);
    start_tui();
}

void e2e_setup(void)
{
    cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
    struct api_error err = {0};
    cr_assert_eq(http_global_init(&err), 0);
    snprintf(dir, sizeof dir, "/tmp/sendx-e2e-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

void e2e_teardown(void)
{
    tmux_stop(tui);
    tui = NULL;
    struct api_error err = {0};
    mock_server_stop(mock, &err);
    api_error_clear(&err);
    mock = NULL;
    http_global_cleanup();
    tree_remove(dir);
    e2e_extra_env = NULL;
}

/* ---- asking the mock what to expect -------------------------------------- */

struct sendx_client *client(void)
{
    struct http_options o = http_options_default();
    o.base_url = mock_server_url(mock);
    o.api_key = API_KEY;
    struct api_error err = {0};
    struct sendx_client *c = sendx_client_new(&o, &err);
    cr_assert_not_null(c, "client: %s", api_error_message(&err));
    return c;
}

/* Creates record (of the kind's type) in the mock through the API, then
 * frees it. */
void create_in_mock(enum sendx_kind kind, void *record)
{
    const struct model_type *t = model_resource(kind)->type;
    struct sendx_client *c = client();
    _Alignas(max_align_t) char made[512] = {0};
    cr_assert_leq(t->size, sizeof made);
    struct api_error err = {0};
    cr_assert_eq(sendx_create(c, kind, record, made, NULL, &err), 0, "create: %s",
                 api_error_message(&err));
    codec_free(t, record);
    codec_free(t, made);
    sendx_client_free(c);
}

void list_page(enum sendx_kind kind, long offset, long limit, struct sendx_page *page)
{
    struct sendx_client *c = client();
    struct sendx_query q = {.offset = offset, .limit = limit};
    struct api_error err = {0};
    cr_assert_eq(sendx_list(c, kind, &q, page, NULL, &err), 0, "list: %s", api_error_message(&err));
    sendx_client_free(c);
}

/* What the screen shows for a raw value: its safe rendering, cut to at
 * most `cells` cells without an ellipsis (columns may truncate it).
 * Heap string. */
char *shown(const char *raw, int cells)
{
    char *safe = malloc(TEXT_FIT_SIZE(400));
    text_fit(raw, 400, safe, TEXT_FIT_SIZE(400));
    safe[text_wrap_len(safe, cells)] = '\0';
    return safe;
}

/* The first column's text of record i of the kind's first page, as the
 * screen shows it. Heap string. */
char *row_text(enum sendx_kind kind, long i)
{
    struct sendx_page page = {0};
    list_page(kind, i, 1, &page);
    cr_assert_geq(page.records.len, 1, "the mock has a %s at %ld", model_resource(kind)->name, i);
    char scratch[COLUMN_SCRATCH];
    char *text = shown(columns_for(kind)->cols[0].text(sendx_page_at(&page, 0), scratch), 24);
    sendx_page_free(&page);
    return text;
}

/* ---- reading the screen -------------------------------------------------- */

/* Line n (0-based) of the last screen captured, into buf. */
const char *screen_line(int n, char *buf, size_t size)
{
    const char *s = tmux_last_screen(tui);
    for (int i = 0; i < n && s; i++) {
        s = strchr(s, '\n');
        if (s)
            s++;
    }
    size_t len = s ? strcspn(s, "\n") : 0;
    if (len >= size)
        len = size - 1;
    memcpy(buf, s ? s : "", len);
    buf[len] = '\0';
    return buf;
}

/* The terminal cell at which needle starts in line, or -1. */
int cell_of(const char *line, const char *needle)
{
    const char *at = strstr(line, needle);
    if (!at)
        return -1;
    size_t n = mbstowcs(NULL, line, 0);
    cr_assert_neq(n, (size_t)-1);
    char *prefix = strndup(line, (size_t)(at - line));
    wchar_t *wide = calloc(strlen(prefix) + 1, sizeof *wide);
    mbstowcs(wide, prefix, strlen(prefix) + 1);
    int cells = wcswidth(wide, wcslen(wide));
    free(wide);
    free(prefix);
    return cells;
}

/* Waits until the screen shows text (or no longer does); fails the test
 * with the last screen if it does not within WAIT_MS. */
void assert_shows(const char *text)
{
    cr_assert(tmux_wait_for(tui, text, WAIT_MS), "waited for \"%s\" on:\n%s", text,
              tmux_last_screen(tui));
}

void assert_gone(const char *text)
{
    cr_assert(tmux_wait_gone(tui, text, WAIT_MS), "waited for \"%s\" to go from:\n%s", text,
              tmux_last_screen(tui));
}

void keys(const char *key)
{
    cr_assert_eq(tmux_keys(tui, key), 0, "send-keys %s", key);
}

void type(const char *text)
{
    cr_assert_eq(tmux_type(tui, text), 0, "send-keys -l %s", text);
}

/* Esc, then a pause the screen proves: a key sent right behind Esc would
 * read as Alt-key. */
void escape_then(const char *gone)
{
    keys("Escape");
    assert_gone(gone);
}

/* The whole of a file (heap string; "" if it does not exist). */
char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    size_t got;
    while (f && (got = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len < 1024) {
            text = realloc(text, cap *= 2);
            cr_assert_not_null(text);
        }
    }
    if (f)
        fclose(f);
    text[len] = '\0';
    return text;
}

/* Whether word stands alone (between blanks or line ends) in text. */
bool has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *at = strstr(text, word); at; at = strstr(at + 1, word)) {
        bool starts = at == text || at[-1] == ' ' || at[-1] == '\n';
        bool ends = at[n] == '\0' || at[n] == ' ' || at[n] == '\n';
        if (starts && ends)
            return true;
    }
    return false;
}

/* Whether some line of log holds every one of the words. */
bool log_has_line(const char *log, const char *const *words)
{
    for (const char *line = log; *line;) {
        size_t len = strcspn(line, "\n");
        bool all = true;
        for (size_t i = 0; words[i] && all; i++) {
            const char *at = strstr(line, words[i]);
            all = at && at < line + len;
        }
        if (all)
            return true;
        line += len + (line[len] == '\n');
    }
    return false;
}

/* The pane's modes, as tmux keeps them, back as the app found them: the
 * main screen, the cursor shown, no mouse reporting in any mode, the
 * cursor keys in normal mode. */
void assert_terminal_restored(void)
{
    char *flags = tmux_format(tui, "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"
                                   "#{mouse_standard_flag}#{mouse_button_flag}#{mouse_sgr_flag} "
                                   "#{keypad_cursor_flag}");
    cr_assert_not_null(flags);
    cr_assert_str_eq(flags, "0 1 0000 0",
                     "alternate screen off, cursor on, mouse reporting (any, standard, button, "
                     "SGR) off, cursor keys normal; screen:\n%s",
                     tmux_last_screen(tui));
    free(flags);
}

/* The app has gone the way a clean exit goes: nothing on stderr (under
 * the sanitizers, no leak or UB report either), the status expected, the
 * terminal back in its cooked modes (the shell's `stty -a` after the app
 * shows icanon and echo on) and out of the app's screen modes, and the
 * main screen back without the UI. */
void expect_exit(int status)
{
    bool exited = tmux_wait_for(tui, "EXIT=", WAIT_MS);
    char path[96];
    char *errors = slurp(path_in_dir("stderr", path, sizeof path));
    cr_assert_str_empty(errors, "nothing on stderr, but:\n%s", errors);
    free(errors);
    cr_assert(exited, "the app exited:\n%s", tmux_last_screen(tui));
    char exit_line[32];
    snprintf(exit_line, sizeof exit_line, "EXIT=%d", status);
    assert_shows(exit_line);
    const char *screen = tmux_last_screen(tui);
    cr_assert(has_word(screen, "icanon") && has_word(screen, "echo"),
              "the terminal is back in canonical mode with echo:\n%s", screen);
    assert_terminal_restored();
    cr_assert_null(strstr(screen, "1 Contacts"), "the UI is gone:\n%s", screen);
    cr_assert_null(strstr(screen, "sendx-tui  "), "the header is gone:\n%s", screen);
}

void expect_clean_exit(void)
{
    expect_exit(0);
}

/* Ctrl-c quits from anywhere; every test ends so, to check the exit. */
void quit(void)
{
    keys("C-c");
    expect_clean_exit();
}

/* Waits for the title line (the third) to start with title. */
void wait_title(const char *title)
{
    char line[256];
    snprintf(line, sizeof line, "\n %s  ", title);
    assert_shows(line);
}

char *wait_buffer(void)
{
    for (int waited = 0; waited < WAIT_MS; waited += 20) {
        char *text = tmux_show_buffer(tui);
        if (text && *text)
            return text;
        free(text);
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    cr_assert_fail("no paste buffer after %d ms", WAIT_MS);
    return NULL;
}

void open_sent_campaign(void)
{
    start(100);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CAMPAIGN, 0, 100, &page);
    size_t row = 0;
    while (row < page.records.len &&
           ((const struct sendx_campaign *)sendx_page_at(&page, row))->status != 3)
        row++;
    cr_assert_lt(row, page.records.len, "the seed has a sent campaign");
    sendx_page_free(&page);
    char *first = row_text(SENDX_KIND_CAMPAIGN, 0);
    assert_shows("100 loaded");
    keys("4");
    assert_shows(first); /* the rows are in: j has somewhere to go */
    free(first);
    for (size_t i = 0; i < row; i++)
        keys("j");
    keys("Enter");
}
