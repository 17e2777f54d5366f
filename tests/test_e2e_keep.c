/* End to end: nothing typed is lost, and nothing is written that the
 * user did not mean. The real sendx-tui in tmux against the mock (the
 * harness in support/e2e.h), its forms driven by keys: a draft survives
 * SIGTERM and SIGHUP and is offered again, quitting with a changed form
 * asks, a save that fails (an injected 503, a dropped connection, a 409)
 * keeps every value and never sends the write twice, a conflict shows
 * both sides, --readonly refuses every write, a hostile paste stays
 * inert, and a delete asks first. Every write is checked through the
 * API, and requests through the app's --log; every wait is bounded. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <dirent.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/codec.h"
#include "api/sendx.h"
#include "e2e.h"
#include "mock/mock.h"
#include "tmux.h"

TestSuite(e2e_keep, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

/* ---- time and polling ----------------------------------------------------- */

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One step of a bounded poll loop. */
static void poll_pause(void)
{
    struct timespec ts = {0, 20 * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- the app: started with a log, restarted, signalled -------------------- */

static char log_file[96];

/* sendx-tui against the mock already started, logging to dir/log, with
 * extra (shell-quoted) arguments. */
static void launch(const char *extra)
{
    char args[256];
    path_in_dir("log", log_file, sizeof log_file);
    snprintf(args, sizeof args, "--log '%s' %s", log_file, extra ? extra : "");
    start_tui_with(args);
}

static void start_logged(long contacts)
{
    start_mock(contacts);
    launch("");
    char loaded[32];
    snprintf(loaded, sizeof loaded, "%ld loaded", contacts);
    assert_shows(loaded);
}

/* The app again, in the same directory (so with the same drafts), against
 * the same mock. */
static void restart(void)
{
    tmux_stop(tui);
    tui = NULL;
    launch("");
}

static void kill_app(int sig)
{
    char path[96];
    char *pid = slurp(path_in_dir("pid", path, sizeof path));
    cr_assert_gt(atoi(pid), 1, "the app's pid: %s", pid);
    cr_assert_eq(kill((pid_t)atoi(pid), sig), 0);
    free(pid);
}

/* Ctrl-c with a changed form asks; y quits (status 0). */
static void quit_anyway(void)
{
    keys("C-c");
    assert_shows("Quit? Your unsaved changes");
    keys("y");
    expect_clean_exit();
}

/* ---- the log: which requests the app sent --------------------------------- */

/* How many lines of the app's log hold every one of the words. */
static int log_count(const char *const *words)
{
    char *log = slurp(log_file);
    int n = 0;
    for (const char *line = log; *line;) {
        size_t len = strcspn(line, "\n");
        bool all = true;
        for (size_t i = 0; words[i] && all; i++) {
            const char *at = strstr(line, words[i]);
            all = at && at < line + len;
        }
        n += all;
        line += len + (line[len] == '\n');
    }
    free(log);
    return n;
}

static void wait_log(const char *const *words)
{
    long until = now_ms() + WAIT_MS;
    while (log_count(words) < 1) {
        char *log = slurp(log_file);
        cr_assert_lt(now_ms(), until, "waited for a log line with \"%s\" in:\n%s", words[0], log);
        free(log);
        poll_pause();
    }
}

/* The lists, tags, fields, senders and templates the app loads for names
 * at start have all come: after this a fault set on the mock reaches only
 * what the test does. */
static void wait_names_loaded(void)
{
    static const char *const paths[] = {"GET /list?", "GET /tag?", "GET /customfield?",
                                        "GET /sender", "GET /template/email?"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        const char *words[] = {"request ", paths[i], " status 200 ", NULL};
        wait_log(words);
    }
}

/* ---- faults --------------------------------------------------------------- */

static void fail_every_request(int status)
{
    struct mock_faults f = {.error_rate = 1.0, .error_status = status};
    mock_server_set_faults(mock, &f);
}

static void drop_every_answer(void)
{
    struct mock_faults f = {.drop_rate = 1.0};
    mock_server_set_faults(mock, &f);
}

static void clear_faults(void)
{
    struct mock_faults f = {0};
    mock_server_set_faults(mock, &f);
}

/* ---- drafts on disk -------------------------------------------------------- */

static const char *drafts_dir(char *buf, size_t size)
{
    snprintf(buf, size, "%s/state/sendx-tui/drafts/default", dir);
    return buf;
}

/* How many drafts (NAME.json) the directory holds; the first one's name
 * into first (may be NULL). A temporary file is no draft. */
static int drafts_count(char *first, size_t size)
{
    char path[128];
    DIR *d = opendir(drafts_dir(path, sizeof path));
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        if (n++ == 0 && first)
            snprintf(first, size, "%s", e->d_name);
    }
    closedir(d);
    return n;
}

static void wait_drafts(int want)
{
    long until = now_ms() + WAIT_MS;
    int n;
    while ((n = drafts_count(NULL, 0)) != want) {
        cr_assert_lt(now_ms(), until, "%d draft(s) in %s/state/sendx-tui/drafts, not %d", n, dir,
                     want);
        poll_pause();
    }
}

/* The one draft there is: its text (heap), after checking the file is
 * the user's alone (0600) in a directory that is too (0700). */
static char *the_draft(char *name, size_t size)
{
    wait_drafts(1);
    char where[128], path[512];
    drafts_count(name, size);
    snprintf(path, sizeof path, "%s/%s", drafts_dir(where, sizeof where), name);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s", path);
    cr_assert_eq(st.st_mode & 0777, 0600, "the draft is mode 0600, not %o", st.st_mode & 0777);
    cr_assert_eq(stat(where, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0700, "the drafts directory is 0700, not %o",
                 st.st_mode & 0777);
    return slurp(path);
}

/* ---- the API -------------------------------------------------------------- */

static const char *str(const char *s)
{
    return s ? s : "";
}

/* Contact i of the mock's first page, copied (codec_free it). */
static struct sendx_contact contact_at(long i)
{
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, i, 1, &page);
    cr_assert_geq(page.records.len, 1, "the mock has a contact at %ld", i);
    struct sendx_contact c = {0};
    cr_assert_eq(codec_copy(&model_contact_type, &c, sendx_page_at(&page, 0)), 0);
    sendx_page_free(&page);
    return c;
}

/* GET /contact/{id}: 0 and *out filled, or the HTTP status of the error. */
static long get_contact(const char *id, struct sendx_contact *out)
{
    struct sendx_client *c = client();
    struct api_error err = {0};
    memset(out, 0, sizeof *out);
    bool ok = sendx_get(c, SENDX_KIND_CONTACT, id, out, NULL, &err) == 0;
    cr_assert(ok || (err.kind == API_ERR_HTTP && err.http_status > 0), "get %s: %s", id,
              api_error_message(&err));
    long rc = ok ? 0 : err.http_status;
    api_error_clear(&err);
    sendx_client_free(c);
    return rc;
}

/* The contact as the server has it now (codec_free it). */
static struct sendx_contact contact_now(const char *id)
{
    struct sendx_contact c;
    long status = get_contact(id, &c);
    cr_assert_eq(status, 0, "the contact %s is there (HTTP %ld)", id, status);
    return c;
}

static void assert_first_name(const char *id, const char *want)
{
    struct sendx_contact c = contact_now(id);
    cr_assert_str_eq(str(c.first_name), want, "contact %s's first name", id);
    codec_free(&model_contact_type, &c);
}

/* Another client changes one text member of the contact. */
static void other_sets(const char *id, unsigned member, const char *value)
{
    struct sendx_client *c = client();
    struct sendx_contact patch = {0}, answer = {0};
    cr_assert_eq(codec_set_string(&model_contact_type, &patch, member, value), 0);
    struct api_error err = {0};
    cr_assert_eq(sendx_update(c, SENDX_KIND_CONTACT, id, &patch, &answer, NULL, &err), 0,
                 "update: %s", api_error_message(&err));
    codec_free(&model_contact_type, &patch);
    codec_free(&model_contact_type, &answer);
    sendx_client_free(c);
}

/* How many records of kind the mock holds (first 100), and how many of
 * them have member equal to value (value NULL: not counted). */
static size_t count_records(enum sendx_kind kind, unsigned member, const char *value,
                            size_t *matching)
{
    struct sendx_page page = {0};
    list_page(kind, 0, 100, &page);
    const struct model_type *t = model_resource(kind)->type;
    size_t n = 0;
    for (size_t i = 0; value && i < page.records.len; i++) {
        const char *const *s = (const char *const *)((const char *)sendx_page_at(&page, i) +
                                                     t->members[member].offset);
        n += *s && strcmp(*s, value) == 0;
    }
    size_t len = page.records.len;
    sendx_page_free(&page);
    if (matching)
        *matching = n;
    return len;
}

static size_t records_with(enum sendx_kind kind, unsigned member, const char *value)
{
    size_t n;
    count_records(kind, member, value, &n);
    return n;
}

/* ---- the form ------------------------------------------------------------- */

/* From a focused text field: its text replaced by value, seen drawn. */
static void replace_text(const char *value)
{
    keys("C-u");
    type(value);
    assert_shows(value);
}

/* e on the selected contact; the first name replaced by value. */
static void edit_first_name(const char *value)
{
    keys("e");
    assert_shows("Edit contact");
    assert_shows("▌ Email");
    keys("Tab");
    assert_shows("▌ First name");
    replace_text(value);
}

/* The screen's line holding needle (from the last capture), or fails. */
static const char *line_with(const char *needle, char *buf, size_t size)
{
    for (int i = 0; i < ROWS; i++)
        if (strstr(screen_line(i, buf, size), needle))
            return buf;
    cr_assert_fail("no line holds \"%s\":\n%s", needle, tmux_last_screen(tui));
    return NULL;
}

/* ---- 1, 2: a draft survives the end of the app ------------------------------ */

/* SIGTERM (a supervisor, kill) with a changed form: the app ends as
 * terminated, the terminal restored, and what was typed is on disk; the
 * next start offers it, y reopens it, and Ctrl-s saves it. */
Test(e2e_keep, a_draft_survives_sigterm_and_is_saved_after_reopening)
{
    start_logged(30);
    struct sendx_contact c = contact_at(0);
    const char *value = "Ærøya 山田 Zoë";
    edit_first_name(value);
    kill_app(SIGTERM);
    expect_exit(128 + SIGTERM);

    char name[256];
    char *draft = the_draft(name, sizeof name);
    cr_assert(strstr(draft, value), "the draft %s holds the first name:\n%s", name, draft);
    cr_assert(strstr(draft, c.id), "the draft %s names the contact:\n%s", name, draft);
    cr_assert_eq(strncmp(name, "contact-id-", 11), 0, "an edit's draft: %s", name);
    free(draft);
    assert_first_name(c.id, str(c.first_name)); /* nothing was written */

    restart();
    assert_shows("Reopen them?");
    assert_shows(c.email);
    keys("y");
    assert_gone("Reopen them?");
    assert_shows("Edit contact");
    assert_shows(value);
    keys("C-s");
    /* The draft kept the record as the form opened it: the server has
     * not changed since, so no conflict stops the save. */
    assert_shows("saved contact");
    assert_first_name(c.id, value);
    wait_drafts(0);
    codec_free(&model_contact_type, &c);
    quit();
}

/* SIGHUP (the terminal closed) with a new record's form: the same. */
Test(e2e_keep, a_new_list_survives_sighup_and_is_created_after_reopening)
{
    start_logged(30);
    const char *list = "Keep e2e Ωμέγα 名单";
    cr_assert_eq(records_with(SENDX_KIND_LIST, SENDX_LIST_NAME, list), 0);
    keys("2");
    wait_title("Lists");
    keys("n");
    assert_shows("New list");
    type(list);
    assert_shows(list);
    kill_app(SIGHUP);
    expect_exit(128 + SIGHUP);

    char name[256];
    char *draft = the_draft(name, sizeof name);
    cr_assert(strstr(draft, list), "the draft %s holds the name:\n%s", name, draft);
    cr_assert_eq(strncmp(name, "list-new-", 9), 0, "a new list's draft: %s", name);
    free(draft);
    cr_assert_eq(records_with(SENDX_KIND_LIST, SENDX_LIST_NAME, list), 0, "nothing was written");

    /* n keeps it for a later start. */
    restart();
    assert_shows("Reopen it?");
    keys("n");
    assert_gone("Reopen it?");
    /* Back on the pane the last run was on. */
    assert_shows("8 lists in");
    quit();
    wait_drafts(1);

    restart();
    assert_shows("Reopen it?");
    keys("y");
    assert_gone("Reopen it?");
    assert_shows("New list");
    assert_shows(list);
    keys("C-s");
    assert_shows("saved list");
    cr_assert_eq(records_with(SENDX_KIND_LIST, SENDX_LIST_NAME, list), 1, "the list was made once");
    wait_drafts(0);
    quit();
}

/* ---- 3: quitting with a changed form asks ----------------------------------- */

Test(e2e_keep, quitting_with_a_changed_form_asks_and_keeps_a_draft)
{
    start_logged(30);
    struct sendx_contact c = contact_at(0);
    const char *value = "Quitter Ünïcødé";
    edit_first_name(value);
    keys("C-c");
    assert_shows("Quit? Your unsaved changes");
    keys("n");
    assert_gone("Quit?");
    assert_shows("Edit contact");
    assert_shows("▌ First name");
    assert_shows(value);
    /* Still editing: one more character lands in the field. */
    type("!");
    char more[64];
    snprintf(more, sizeof more, "%s!", value);
    assert_shows(more);
    quit_anyway();

    char name[256];
    char *draft = the_draft(name, sizeof name);
    cr_assert(strstr(draft, more), "the draft %s holds the first name:\n%s", name, draft);
    free(draft);
    assert_first_name(c.id, str(c.first_name));
    codec_free(&model_contact_type, &c);
}

/* ---- 4: failed saves keep the values, and a write is sent once ------------- */

/* Every request answered 503: the save's fresh read of the record is
 * retried (a GET may be), then the save fails without any PUT; the form
 * stays with every value. Without the fault, Ctrl-s saves. */
Test(e2e_keep, a_save_failing_with_503_keeps_the_values_and_succeeds_on_retry)
{
    start_logged(30);
    wait_names_loaded();
    struct sendx_contact c = contact_at(0);
    const char *first = "Retry Ölçü", *last = "Ŝtays Ŧyped";
    edit_first_name(first);
    keys("Tab");
    assert_shows("▌ Last name");
    replace_text(last);

    fail_every_request(503);
    keys("C-s");
    /* The GET backs off up to 5 times (at most 7.75 s in all). */
    cr_assert(tmux_wait_for(tui, "not saved", 3 * WAIT_MS), "the save failed on:\n%s",
              tmux_last_screen(tui));
    assert_shows("Edit contact");
    assert_shows(first);
    assert_shows(last);
    const char *put[] = {"request PUT /contact/", NULL};
    cr_assert_eq(log_count(put), 0, "no PUT was sent");
    const char *got[] = {"request GET /contact/", c.id, "status 503", NULL};
    cr_assert_geq(log_count(got), 1, "the save read the contact again first");
    clear_faults();
    assert_first_name(c.id, str(c.first_name));

    keys("C-s");
    assert_shows("saved contact");
    struct sendx_contact now = contact_now(c.id);
    cr_assert_str_eq(str(now.first_name), first);
    cr_assert_str_eq(str(now.last_name), last);
    cr_assert_str_eq(str(now.email), str(c.email));
    cr_assert_eq(log_count(put), 1, "one PUT in all");
    codec_free(&model_contact_type, &now);
    codec_free(&model_contact_type, &c);
    quit();
}

/* A create answered 503 is not sent again (the server may have acted);
 * the form keeps the name; without the fault, Ctrl-s creates it once. */
Test(e2e_keep, a_create_answered_503_is_sent_once_and_saved_on_retry)
{
    start_logged(30);
    wait_names_loaded();
    const char *list = "Keep e2e 503 Список";
    keys("2");
    wait_title("Lists");
    keys("n");
    assert_shows("New list");
    type(list);
    assert_shows(list);

    fail_every_request(503);
    keys("C-s");
    assert_shows("not saved");
    assert_shows("New list");
    assert_shows(list);
    const char *post[] = {"request POST /list ", NULL};
    const char *post_503[] = {"request POST /list ", "status 503", "attempt 1", NULL};
    cr_assert_eq(log_count(post), 1, "one POST");
    cr_assert_eq(log_count(post_503), 1, "answered 503");
    clear_faults();
    cr_assert_eq(records_with(SENDX_KIND_LIST, SENDX_LIST_NAME, list), 0);

    keys("C-s");
    assert_shows("saved list");
    cr_assert_eq(records_with(SENDX_KIND_LIST, SENDX_LIST_NAME, list), 1);
    cr_assert_eq(log_count(post), 2, "one more POST");
    quit();
}

/* A new webhook (no unique member: a second POST would make a second
 * one) with its answer dropped after the mock made it: the app must not
 * send it again, and keeps the form and a draft. */
static void dropped_webhook(const char *url)
{
    start_logged(30);
    wait_names_loaded();
    keys("8");
    wait_title("Webhooks");
    assert_shows("loaded");
    cr_assert_eq(records_with(SENDX_KIND_WEBHOOK, SENDX_WEBHOOK_URL, url), 0);
    keys("n");
    assert_shows("New webhook");
    type(url);
    assert_shows(url);
    drop_every_answer();
    keys("C-s");
    const char *post[] = {"request POST /webhook", NULL};
    wait_log(post);
    assert_gone("saving…");
    clear_faults();
}

Test(e2e_keep, a_create_whose_answer_is_dropped_is_sent_once)
{
    const char *url = "https://hooks.example.com/keep-e2e-dropped";
    dropped_webhook(url);
    assert_shows("New webhook");
    assert_shows(url);
    const char *post[] = {"request POST /webhook", NULL};
    cr_assert_eq(log_count(post), 1, "one POST");
    cr_assert_eq(records_with(SENDX_KIND_WEBHOOK, SENDX_WEBHOOK_URL, url), 1,
                 "the mock made it once: the POST was not sent again");
    char name[256];
    char *draft = the_draft(name, sizeof name);
    cr_assert(strstr(draft, url), "the draft %s holds the URL:\n%s", name, draft);
    free(draft);
    quit_anyway();
    cr_assert_eq(records_with(SENDX_KIND_WEBHOOK, SENDX_WEBHOOK_URL, url), 1);
}

/* The same lost answer must not be reported as "not saved": the server
 * may well have made the record (here it did), and a user told it was
 * not saved sends it again and gets two. The API layer says as much
 * (sendx.h: "a lost answer means unknown, not not sent"). */
Test(e2e_keep, a_create_whose_answer_is_dropped_is_not_reported_as_unsaved)
{
    const char *url = "https://hooks.example.com/keep-e2e-unknown";
    dropped_webhook(url);
    cr_assert_eq(records_with(SENDX_KIND_WEBHOOK, SENDX_WEBHOOK_URL, url), 1);
    char status[512];
    tmux_last_row(tui, status, sizeof status);
    cr_expect_null(strstr(status, "not saved"),
                   "the webhook was made, but the status line says: %s", status);
    quit_anyway();
}

/* ---- 5: the conflict screen ------------------------------------------------- */

/* Another client changes the first name after the form opened; the
 * user's save shows both values; b goes back with the user's kept and
 * nothing written; the next Ctrl-s (against what the user saw) saves. */
Test(e2e_keep, a_conflict_shows_both_values_and_b_goes_back_to_the_form)
{
    start_logged(30);
    struct sendx_contact c = contact_at(0);
    const char *theirs = "Theirs Þórr", *mine = "Mine Måns";
    keys("e");
    assert_shows("Edit contact");
    other_sets(c.id, SENDX_CONTACT_FIRST_NAME, theirs);
    keys("Tab");
    assert_shows("▌ First name");
    replace_text(mine);
    keys("C-s");
    assert_shows("o overwrite");
    assert_shows("ON THE SERVER");
    assert_shows("YOURS");
    char line[512];
    line_with(theirs, line, sizeof line);
    cr_assert(strstr(line, "First name") && strstr(line, mine), "one row, both values: %s", line);
    cr_assert_lt(cell_of(line, theirs), cell_of(line, mine), "theirs, then yours: %s", line);
    assert_first_name(c.id, theirs);

    keys("b");
    assert_gone("o overwrite");
    assert_shows("Edit contact");
    assert_shows(mine);
    assert_first_name(c.id, theirs);
    const char *put[] = {"request PUT /contact/", NULL};
    cr_assert_eq(log_count(put), 0, "nothing written");

    keys("C-s");
    assert_shows("saved contact");
    assert_first_name(c.id, mine);
    codec_free(&model_contact_type, &c);
    quit();
}

/* t keeps the server's value where both changed, and still saves what
 * only the user changed. */
Test(e2e_keep, take_theirs_keeps_the_servers_value_and_saves_the_rest)
{
    start_logged(30);
    struct sendx_contact c = contact_at(0);
    const char *theirs = "Theirs Ýr", *mine = "Mine Øy", *company = "Keep Ŋ Co";
    cr_assert_str_neq(str(c.company), company);
    keys("e");
    assert_shows("Edit contact");
    other_sets(c.id, SENDX_CONTACT_FIRST_NAME, theirs);
    keys("Tab");
    assert_shows("▌ First name");
    replace_text(mine);
    keys("Tab");
    keys("Tab");
    assert_shows("▌ Company");
    replace_text(company);
    keys("C-s");
    assert_shows("o overwrite");
    assert_shows(theirs);
    keys("t");
    assert_shows("saved contact");
    struct sendx_contact now = contact_now(c.id);
    cr_assert_str_eq(str(now.first_name), theirs, "theirs kept");
    cr_assert_str_eq(str(now.company), company, "the company saved");
    cr_assert_str_eq(str(now.last_name), str(c.last_name));
    codec_free(&model_contact_type, &now);
    codec_free(&model_contact_type, &c);
    quit();
}

/* ---- 6: the server's error beside its field ---------------------------------- */

Test(e2e_keep, a_taken_email_shows_the_409_beside_the_email_and_keeps_the_values)
{
    start_logged(30);
    struct sendx_contact taken = contact_at(3);
    const char *first = "Dup Ŧwin";
    cr_assert_eq(records_with(SENDX_KIND_CONTACT, SENDX_CONTACT_EMAIL, taken.email), 1);
    keys("n");
    assert_shows("New contact");
    assert_shows("▌ Email");
    type(taken.email);
    keys("Tab");
    assert_shows("▌ First name");
    type(first);
    assert_shows(first);
    keys("C-s");
    assert_shows("409");
    /* The message is on the line under the email's row. */
    char line[512], below[512];
    int row = -1;
    for (int i = 0; i < ROWS && row < 0; i++)
        if (strstr(screen_line(i, line, sizeof line), "Email *"))
            row = i;
    cr_assert_geq(row, 0, "the email's row:\n%s", tmux_last_screen(tui));
    cr_assert(strstr(line, taken.email), "the email kept: %s", line);
    screen_line(row + 1, below, sizeof below);
    cr_assert(strstr(below, "409") && strstr(below, "already exists"),
              "the server's error beside the email: %s\n%s", below, tmux_last_screen(tui));
    assert_shows("New contact");
    assert_shows(first);
    cr_assert_eq(records_with(SENDX_KIND_CONTACT, SENDX_CONTACT_EMAIL, taken.email), 1);
    codec_free(&model_contact_type, &taken);
    quit_anyway();
}

/* ---- 7: --readonly ----------------------------------------------------------- */

static void assert_no_form_or_question(void)
{
    const char *screen = tmux_last_screen(tui);
    static const char *const never[] = {"New contact",  "Edit contact", "Delete contact",
                                        "Unsubscribe ", "y yes",        "<c-s> save"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        cr_assert_null(strstr(screen, never[i]), "no form or question (\"%s\"):\n%s", never[i],
                       screen);
}

static void refused(const char *key, const char *what)
{
    char message[128];
    snprintf(message, sizeof message, "read-only mode: %s refused", what);
    keys(key);
    assert_shows(message);
    assert_no_form_or_question();
}

Test(e2e_keep, readonly_refuses_every_write)
{
    start_mock(30);
    launch("--readonly");
    assert_shows("30 loaded");
    assert_shows("[read-only]");
    size_t before = count_records(SENDX_KIND_CONTACT, 0, NULL, NULL);
    struct sendx_contact c = contact_at(0);

    keys("Enter");
    wait_title("Contact");
    refused("e", "edit");
    refused("d", "delete");
    keys("Escape");
    wait_title("Contacts");
    refused("n", "a new record");
    refused("e", "edit");
    refused("d", "delete");
    refused("u", "unsubscribe");
    keys("5");
    wait_title("Templates");
    assert_gone("loading");
    keys(":");
    type("send-test a@b.example");
    keys("Enter");
    assert_shows("read-only mode: send-test refused");
    assert_no_form_or_question();

    const char *writes[][2] = {
        {"request POST", NULL}, {"request PUT", NULL}, {"request DELETE", NULL}};
    for (size_t i = 0; i < 3; i++)
        cr_assert_eq(log_count(writes[i]), 0, "no %s", writes[i][0]);
    cr_assert_eq(count_records(SENDX_KIND_CONTACT, 0, NULL, NULL), before);
    struct sendx_contact now = contact_now(c.id);
    cr_assert_str_eq(str(now.updated), str(c.updated), "the first contact unchanged");
    cr_assert_eq(now.unsubscribed, c.unsubscribed);
    char *sent = mock_server_sent_json(mock);
    cr_assert_str_eq(sent, "[]", "nothing sent");
    free(sent);
    codec_free(&model_contact_type, &now);
    codec_free(&model_contact_type, &c);
    quit();
}

/* ---- 8: a hostile paste stays inert ------------------------------------------ */

/* The pane as tmux holds it, with its attributes as escape sequences
 * (capture-pane -e). Heap. */
static char *capture_with_attributes(void)
{
    char *socket = tmux_format(tui, "#{socket_path}");
    cr_assert(socket && socket[0] == '/', "the tmux socket: %s", socket ? socket : "?");
    char command[256];
    snprintf(command, sizeof command, "tmux -S '%s' capture-pane -e -p -t t", socket);
    free(socket);
    FILE *p = popen(command, "r");
    cr_assert_not_null(p);
    size_t len = 0, cap = 1 << 16;
    char *text = malloc(cap);
    size_t got;
    while ((got = fread(text + len, 1, cap - len - 1, p)) > 0)
        len += got;
    text[len] = '\0';
    cr_assert_eq(pclose(p), 0, "%s", command);
    return text;
}

static bool has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
            return true;
    return false;
}

Test(e2e_keep, a_hostile_string_typed_cannot_reach_the_terminal)
{
    start_logged(30);
    struct sendx_contact c = contact_at(0);
    keys("e");
    assert_shows("Edit contact");
    keys("Tab");
    assert_shows("▌ First name");
    keys("C-u");

    /* 2,000 characters in one paste: taken at once, the form answers. */
    char long_text[2001];
    for (int i = 0; i < 2000; i++)
        long_text[i] = (char)('a' + i % 26);
    memcpy(long_text + 1990, "LONGPASTE!", 10);
    long_text[2000] = '\0';
    type(long_text);
    assert_shows("LONGPASTE!");
    keys("Tab");
    assert_shows("at most 255 characters");
    keys("BTab");
    assert_shows("▌ First name");
    keys("C-u");
    assert_gone("LONGPASTE!");

    /* A title change (OSC 2), a colour (SGR, and its C1 form), a bell. */
    type("X\033]2;PWNED\007Y\033[31mZ\xc2\x9b"
         "32mW");
    assert_shows("PWNED");
    assert_shows("mW");
    char *title = tmux_format(tui, "#{pane_title}");
    cr_assert_not_null(title);
    cr_assert_null(strstr(title, "PWNED"), "the pane title: %s", title);
    free(title);
    char *painted = capture_with_attributes();
    const char *at = strstr(painted, "PWNED");
    cr_assert_not_null(at, "%s", painted);
    const char *start = at, *end = at + strcspn(at, "\n");
    while (start > painted && start[-1] != '\n')
        start--;
    char row[1024];
    snprintf(row, sizeof row, "%.*s", (int)(end - start), start);
    cr_assert_null(strstr(row, "[31m"), "no red from the paste: %s", row);
    cr_assert_null(strstr(row, "[32m"), "no green from the paste: %s", row);
    cr_assert_null(strstr(row, "]2;"), "no title sequence drawn: %s", row);
    free(painted);

    keys("C-s");
    assert_shows("saved contact");
    struct sendx_contact now = contact_now(c.id);
    const char *first = str(now.first_name);
    cr_assert_not(has_control(first), "no control character saved: %s", first);
    cr_assert(strstr(first, "X") && strstr(first, "PWNED") && strstr(first, "Z") &&
                  strstr(first, "mW"),
              "the printable characters kept: %s", first);
    codec_free(&model_contact_type, &now);
    codec_free(&model_contact_type, &c);
    quit();
}

/* Runs tmux on the harness's server with args (NULL-ended, after the
 * socket); fails the test unless it exits 0. */
static void tmux_run(const char *const *args)
{
    extern char **environ;
    char *socket = tmux_format(tui, "#{socket_path}");
    cr_assert(socket && socket[0] == '/', "the tmux socket: %s", socket ? socket : "?");
    const char *argv[16] = {"tmux", "-S", socket};
    size_t n = 3;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    pid_t pid;
    int status = -1;
    cr_assert_eq(posix_spawnp(&pid, "tmux", NULL, NULL, (char *const *)argv, environ), 0);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "tmux %s failed", args[0]);
    free(socket);
}

/* text pasted the way a terminal pastes: in bracketed paste mode when
 * the app asked for it (paste-buffer -p), newlines sent as CR. */
static void paste(const char *text)
{
    const char *set[] = {"set-buffer", "-b", "e2e", "--", text, NULL};
    tmux_run(set);
    const char *put[] = {"paste-buffer", "-p", "-d", "-b", "e2e", "-t", "t", NULL};
    tmux_run(put);
}

/* A real paste (bracketed) is text only: its control characters, a
 * newline among them, are dropped, and none acts as a key: the focus
 * stays, no sequence reaches the terminal. 2,000 characters arrive at
 * once. What is saved is the printable rest, exactly. */
Test(e2e_keep, a_hostile_paste_is_taken_as_text_only)
{
    start_logged(30);
    struct sendx_contact c = contact_at(0);
    keys("e");
    assert_shows("Edit contact");
    keys("Tab");
    assert_shows("▌ First name");
    keys("C-u");

    char long_text[2001];
    for (int i = 0; i < 2000; i++)
        long_text[i] = (char)('a' + i % 26);
    memcpy(long_text + 1990, "LONGPASTE!", 10);
    long_text[2000] = '\0';
    paste(long_text);
    assert_shows("LONGPASTE!");
    assert_shows("▌ First name");
    keys("C-u");
    assert_gone("LONGPASTE!");

    paste("Pa\033]2;PWNED\007st\033[31med\nli\tne\xc2\x9b"
          "32m!");
    const char *want = "Pa]2;PWNEDst[31medline32m!";
    assert_shows(want);
    assert_shows("▌ First name");
    char *title = tmux_format(tui, "#{pane_title}");
    cr_assert_not_null(title);
    cr_assert_null(strstr(title, "PWNED"), "the pane title: %s", title);
    free(title);
    keys("C-s");
    assert_shows("saved contact");
    assert_first_name(c.id, want);
    codec_free(&model_contact_type, &c);
    quit();
}

/* ---- 9: a delete asks first -------------------------------------------------- */

Test(e2e_keep, delete_asks_first_and_only_y_deletes)
{
    start_logged(30);
    struct sendx_contact c = contact_at(0);
    char question[256];
    snprintf(question, sizeof question, "Delete contact %s?", c.email);
    const char *deletes[] = {"request DELETE", NULL};

    keys("d");
    assert_shows(question);
    keys("n");
    assert_gone(question);
    keys("d");
    assert_shows(question);
    escape_then(question);
    keys("d");
    assert_shows(question);
    keys("Enter");
    assert_gone(question);
    assert_shows(c.email);
    cr_assert_eq(log_count(deletes), 0, "no DELETE sent");
    struct sendx_contact now;
    cr_assert_eq(get_contact(c.id, &now), 0, "the contact is still there");
    codec_free(&model_contact_type, &now);

    keys("d");
    assert_shows(question);
    keys("y");
    assert_shows("deleted contact");
    assert_gone(c.email);
    cr_assert_eq(get_contact(c.id, &now), 404, "the contact is gone");
    cr_assert_eq(log_count(deletes), 1, "one DELETE");
    codec_free(&model_contact_type, &c);
    quit();
}
