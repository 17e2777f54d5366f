/* End to end: the real sendx-tui in a private tmux server against the
 * mock on a loopback port, driven by keys and judged by the screen, the
 * way a person uses it. Every wait polls the screen with a timeout; no
 * test sleeps a fixed time. What the screen should show is asked of the
 * mock through the API client, not copied from its seed, so the tests
 * hold when the demo data changes. Every test ends by quitting and
 * checking the way out: status 0, the terminal's modes restored, and
 * nothing on stderr (where the sanitizer builds report leaks and UB). */
#define _XOPEN_SOURCE 700 /* wcswidth */
#include <criterion/criterion.h>
#include <locale.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "api/codec.h"
#include "api/http.h"
#include "api/sendx.h"
#include "app/columns.h"
#include "app/text.h"
#include "mock/mock.h"
#include "e2e.h"
#include "tmux.h"

TestSuite(e2e, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

/* ---- tests --------------------------------------------------------------- */

Test(e2e, start_up_shows_the_first_page_the_header_and_the_tabs)
{
    start(500);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    assert_shows("100 loaded +");
    const char *screen = tmux_last_screen(tui);
    cr_assert(strstr(screen, mock_server_url(mock)), "the base URL in the header:\n%s", screen);
    cr_assert(strstr(screen, "sendx-tui"));
    const char *tabs[] = {"1 Contacts", "2 Lists",  "3 Tags",     "4 Campaigns", "5 Templates",
                          "6 Senders",  "7 Fields", "8 Webhooks", "9 Team"};
    for (size_t i = 0; i < sizeof tabs / sizeof tabs[0]; i++)
        cr_assert(strstr(screen, tabs[i]), "tab %s on:\n%s", tabs[i], screen);
    cr_assert(strstr(screen, "EMAIL") && strstr(screen, "NAME") && strstr(screen, "CREATED"));
    char line[512];
    cr_assert(strstr(screen_line(4, line, sizeof line), first), "the first row is selected: %s",
              line);
    free(first);
    quit();
}

Test(e2e, every_pane_shows_its_title_and_a_seeded_row)
{
    start(200);
    static const struct {
        const char *key, *title;
        enum sendx_kind kind;
    } panes[] = {
        {"2", "Lists", SENDX_KIND_LIST},         {"3", "Tags", SENDX_KIND_TAG},
        {"4", "Campaigns", SENDX_KIND_CAMPAIGN}, {"5", "Templates", SENDX_KIND_TEMPLATE},
        {"6", "Senders", SENDX_KIND_SENDER},     {"7", "Custom fields", SENDX_KIND_FIELD},
        {"8", "Webhooks", SENDX_KIND_WEBHOOK},   {"9", "Team members", SENDX_KIND_MEMBER},
        {"1", "Contacts", SENDX_KIND_CONTACT},
    };
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    for (size_t i = 0; i < sizeof panes / sizeof panes[0]; i++) {
        char *row = row_text(panes[i].kind, 0);
        keys(panes[i].key);
        char title[64];
        snprintf(title, sizeof title, " %s  ", panes[i].title);
        assert_shows(title);
        assert_shows(row);
        free(row);
    }
    quit();
}

/* The selected row's first column, from the last screen. */
static const char *selected_text(char *buf, size_t size)
{
    const char *at = strstr(tmux_last_screen(tui), "▌ ");
    cr_assert_not_null(at, "a row is selected:\n%s", tmux_last_screen(tui));
    at += strlen("▌ ");
    size_t len = strcspn(at, " \n");
    if (len >= size)
        len = size - 1;
    memcpy(buf, at, len);
    buf[len] = '\0';
    return buf;
}

Test(e2e, scrolling_past_the_first_page_loads_more)
{
    start(500);
    assert_shows("100 loaded +");
    for (int i = 0; i < 4; i++)
        keys("NPage");
    assert_shows("200 loaded +");
    for (int i = 0; i < 60; i++)
        keys("j");
    assert_shows("300 loaded +");
    /* The cursor went on into rows the first page did not hold. */
    struct sendx_page first = {0};
    list_page(SENDX_KIND_CONTACT, 0, 100, &first);
    char selected[256];
    cr_assert(strchr(selected_text(selected, sizeof selected), '@'), "an email: %s", selected);
    for (size_t i = 0; i < first.records.len; i++)
        cr_assert_str_neq(((const struct sendx_contact *)sendx_page_at(&first, i))->email, selected,
                          "the cursor is past the first page");
    sendx_page_free(&first);
    quit();
}

Test(e2e, G_loads_every_contact_and_shows_the_last)
{
    start(3000);
    assert_shows("100 loaded +");
    char *last = row_text(SENDX_KIND_CONTACT, 2999);
    keys("G");
    assert_shows("3,000 loaded");
    assert_shows(last);
    cr_assert_null(strstr(tmux_last_screen(tui), "3,000 loaded +"), "no + once all are in:\n%s",
                   tmux_last_screen(tui));
    free(last);
    quit();
}

Test(e2e, G_on_a_hundred_thousand_contacts_completes_and_stays_responsive)
{
    start(100000);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    char *last = row_text(SENDX_KIND_CONTACT, 99999);
    assert_shows(first);
    keys("G");
    cr_assert(tmux_wait_for(tui, "100,000 loaded", 6 * WAIT_MS), "G finished loading:\n%s",
              tmux_last_screen(tui));
    assert_shows(last);
    cr_assert_null(strstr(tmux_last_screen(tui), "100,000 loaded +"));
    /* Drawing touches only the visible rows: back to the top at once. */
    keys("g");
    cr_assert(tmux_wait_for(tui, first, WAIT_MS * 3 / 10), "g went to the top promptly:\n%s",
              tmux_last_screen(tui));
    keys("G");
    cr_assert(tmux_wait_for(tui, last, WAIT_MS * 3 / 10), "and G back to the end:\n%s",
              tmux_last_screen(tui));
    free(first);
    free(last);
    quit();
}

/* The name of the list, tag or field with that id, asked of the mock. */
static char *name_of(enum sendx_kind kind, const char *id)
{
    struct sendx_client *c = client();
    struct api_error err = {0};
    const struct model_type *t = model_resource(kind)->type;
    void *rec = calloc(1, t->size);
    cr_assert_eq(sendx_get(c, kind, id, rec, NULL, &err), 0, "get %s: %s", id,
                 api_error_message(&err));
    const char *name = kind == SENDX_KIND_LIST  ? ((struct sendx_list *)rec)->name
                       : kind == SENDX_KIND_TAG ? ((struct sendx_tag *)rec)->name
                                                : ((struct sendx_field *)rec)->name;
    char *copy = shown(name, 24);
    codec_free(t, rec);
    free(rec);
    sendx_client_free(c);
    return copy;
}

/* The custom field whose id ends like key (contacts say field_<22>, the
 * endpoint custom_field_<22>). Heap string: its name. */
static char *field_name_for(const char *key)
{
    const char *suffix = strrchr(key, '_') + 1;
    struct sendx_page page = {0};
    list_page(SENDX_KIND_FIELD, 0, 100, &page);
    char *name = NULL;
    for (size_t i = 0; i < page.records.len && !name; i++) {
        const struct sendx_field *f = sendx_page_at(&page, i);
        const char *tail = strrchr(f->id, '_') + 1;
        if (strcmp(tail, suffix) == 0)
            name = strdup(f->name);
    }
    sendx_page_free(&page);
    cr_assert_not_null(name, "a custom field for %s", key);
    return name;
}

Test(e2e, detail_shows_lists_tags_and_custom_fields_by_name)
{
    start(200);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 50, &page);
    /* The first contact with a list, a tag and a custom field. */
    const struct sendx_contact *c = NULL;
    size_t row = 0;
    for (; row < page.records.len; row++) {
        c = sendx_page_at(&page, row);
        if (c->lists.len && c->tags.len && c->custom_fields.len)
            break;
    }
    cr_assert_lt(row, page.records.len, "the seed has a contact with lists, tags and fields");
    char *list = name_of(SENDX_KIND_LIST, c->lists.items[0]);
    char *tag = name_of(SENDX_KIND_TAG, c->tags.items[0]);
    char *field = field_name_for(c->custom_fields.items[0].key);
    char field_line[256];
    snprintf(field_line, sizeof field_line, "%s: ", field);

    char *email = shown(c->email, 24);
    assert_shows(email);
    for (size_t i = 0; i < row; i++)
        keys("j");
    keys("Enter");
    assert_shows("Custom fields");
    assert_shows(list);
    assert_shows(tag);
    assert_shows(field_line);
    const char *screen = tmux_last_screen(tui);
    cr_assert_null(strstr(screen, "list_"), "no list id left:\n%s", screen);
    cr_assert_null(strstr(screen, "tag_"), "no tag id left:\n%s", screen);
    cr_assert_null(strstr(screen, "field_"), "no field id left:\n%s", screen);
    cr_assert(strstr(screen, "(local)"), "times in local time:\n%s", screen);
    free(list);
    free(tag);
    free(field);
    free(email);
    sendx_page_free(&page);
    quit();
}

Test(e2e, filter_on_tags_runs_over_the_loaded_rows)
{
    start(100);
    assert_shows("100 loaded");
    keys("3");
    char *first = row_text(SENDX_KIND_TAG, 0);
    char *other = row_text(SENDX_KIND_TAG, 3);
    assert_shows(first);
    assert_shows(other);
    keys("/");
    type(other);
    assert_shows("(local)");
    assert_gone(first);
    assert_shows(other);
    keys("Enter");
    assert_shows("(local)");
    escape_then("(local)");
    assert_shows(first);
    free(first);
    free(other);
    quit();
}

/* Waits until tmux reports the terminal's cursor as shown (or hidden)
 * at column x of the last line. */
static bool cursor_at(int x, bool shown)
{
    char want[32];
    snprintf(want, sizeof want, "%d %d %d", shown, x, ROWS - 1);
    for (int i = 0; i < WAIT_MS / 20; i++) {
        char *got = tmux_format(tui, "#{cursor_flag} #{cursor_x} #{cursor_y}");
        /* A hidden cursor is hidden wherever it is. */
        bool same = got && (shown ? strcmp(got, want) == 0 : strncmp(got, "0 ", 2) == 0);
        if (!same && i == WAIT_MS / 20 - 1)
            cr_log_warn("the cursor: %s, wanted %s", got ? got : "?", want);
        free(got);
        if (same)
            return true;
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return false;
}

Test(e2e, the_prompt_has_a_real_cursor_that_edits_where_it_stands)
{
    start(100);
    assert_shows("100 loaded");
    cr_assert(cursor_at(0, false), "no cursor while browsing");
    keys("/");
    type("exmple");
    assert_shows("/exmple");
    cr_assert(cursor_at(7, true), "the cursor after the text");
    for (int i = 0; i < 4; i++)
        keys("Left");
    type("a");
    assert_shows("/example");
    cr_assert(cursor_at(4, true), "after the a typed in the middle");
    keys("C-k");
    assert_gone("/example");
    assert_shows("/exa");
    keys("Home");
    cr_assert(cursor_at(1, true), "at the start");
    escape_then("/exa");
    cr_assert(cursor_at(0, false), "hidden again");
    quit();
}

/* A paste is text: the Enter and the escape sequences in it neither
 * accept the filter nor move anything, and never reach the terminal. */
Test(e2e, a_paste_is_taken_as_text_and_nothing_in_it_acts)
{
    start(100);
    assert_shows("100 loaded");
    char *title = tmux_format(tui, "#{pane_title}");
    keys("/");
    assert_shows("/");
    cr_assert_eq(tmux_paste(tui, "exa\r\033[Bm\033]2;PWNED\007ple"), 0);
    assert_shows("/exa[Bm]2;PWNEDple");
    char *after = tmux_format(tui, "#{pane_title}");
    cr_assert_str_eq(after, title, "the title is the terminal's own");
    free(after);
    free(title);
    char line[256];
    tmux_last_row(tui, line, sizeof line);
    cr_assert(strstr(line, "/exa"), "still in the prompt, not accepted: %s", line);
    escape_then("/exa");
    quit();
}

Test(e2e, search_on_contacts_runs_on_the_server)
{
    start(500);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    char *far = row_text(SENDX_KIND_CONTACT, 420); /* not on the first page */
    assert_shows(first);
    cr_assert_null(strstr(tmux_last_screen(tui), far));
    keys("/");
    type(far);
    assert_shows("(local + server)");
    assert_shows(far);
    assert_gone(first);
    free(first);
    free(far);
    quit();
}

/* The email that sorts first (or last) among all n contacts. */
static char *extreme_email(long n, bool last)
{
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, n, &page);
    cr_assert_eq((long)page.records.len, n);
    const char *best = NULL;
    for (size_t i = 0; i < page.records.len; i++) {
        const char *e = ((const struct sendx_contact *)sendx_page_at(&page, i))->email;
        if (!best || (last ? strcasecmp(e, best) > 0 : strcasecmp(e, best) < 0))
            best = e;
    }
    char *copy = shown(best, 24);
    sendx_page_free(&page);
    return copy;
}

Test(e2e, s_sorts_by_the_next_column_and_S_reverses)
{
    start(60); /* one page: the sort covers every contact */
    char *lowest = extreme_email(60, false), *highest = extreme_email(60, true);
    assert_shows("60 loaded");
    char line[512];
    keys("s");
    assert_shows("EMAIL↑");
    assert_shows(lowest);
    cr_assert(strstr(screen_line(4, line, sizeof line), lowest), "first row %s, not %s", lowest,
              line);
    keys("S");
    assert_shows("EMAIL↓");
    assert_shows(highest);
    cr_assert(strstr(screen_line(4, line, sizeof line), highest), "first row %s, not %s", highest,
              line);
    free(lowest);
    free(highest);
    quit();
}

Test(e2e, help_lists_the_bindings_filters_and_closes)
{
    start(100);
    assert_shows("100 loaded");
    keys("?");
    assert_shows("Keys:");
    assert_shows("row.down");
    assert_shows("<pgdown>");
    keys("/");
    type("sort");
    assert_shows("sort.next");
    assert_gone("row.down");
    keys("Enter");
    escape_then("Keys:");
    assert_shows("EMAIL");
    quit();
}

Test(e2e, resize_keeps_columns_aligned_and_leaves_no_garbage)
{
    start(200);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    assert_shows("CREATED");
    cr_assert_eq(tmux_resize(tui, 60, 15), 0);
    assert_gone("CREATED");
    assert_shows("sendx-tui");
    const char *screen = tmux_last_screen(tui);
    cr_assert(strstr(screen, "EMAIL"), "the email stays longest:\n%s", screen);
    cr_assert(strstr(screen, "1 Contacts"), "the tabs stay:\n%s", screen);
    cr_assert(strstr(screen, "8   9"), "every pane stays reachable:\n%s", screen);
    cr_assert_eq(tmux_resize(tui, COLS, ROWS), 0);
    assert_shows("CREATED");
    assert_shows("9 Team");
    assert_shows("q quit"); /* the hints come back on the last line: the frame is whole */
    /* Nothing of the narrow layout is left: every row has its date under
     * the CREATED heading. */
    char header[512], line[512];
    int created = cell_of(screen_line(3, header, sizeof header), "CREATED");
    cr_assert_gt(created, 0);
    for (int y = 4; y < ROWS - 1; y++) {
        screen_line(y, line, sizeof line);
        size_t len = strlen(line);
        cr_assert_gt(len, 10, "row %d is whole: %s", y, line);
        cr_assert(strchr(line, '@'), "row %d has its email: %s", y, line);
        const char *date = line;
        while (*date && !(date[0] == '2' && date[1] == '0' && date[2] && date[3] &&
                          date[4] == '-' && date[5] && date[6] && date[7] == '-'))
            date++;
        cr_assert(*date, "row %d has its date: %s", y, line);
        cr_assert_eq(cell_of(line, date), created, "row %d's date under CREATED:\n%s\n%s", y,
                     header, line);
    }
    free(first);
    quit();
}

Test(e2e, a_burst_of_503s_is_shown_and_recovered_from)
{
    start(200);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    struct mock_faults f = {.error_rate = 1.0, .error_status = 503};
    mock_server_set_faults(mock, &f);
    keys("r");
    assert_shows("503, retrying in");
    struct mock_faults none = {0};
    mock_server_set_faults(mock, &none);
    /* The retries carry on by themselves; if they ran out first, r asks again. */
    if (!tmux_wait_for(tui, first, WAIT_MS)) {
        assert_shows("r to retry");
        keys("r");
        assert_shows(first);
    }
    assert_shows("100 loaded +");
    free(first);
    quit();
}

Test(e2e, hostile_names_are_shown_inert_and_keep_columns_aligned)
{
    start_mock(100);
    const struct model_type *t = &model_contact_type;
    struct sendx_contact rec = {0};
    codec_set_string(t, &rec, SENDX_CONTACT_EMAIL, "hostile.e2e@example.com");
    codec_set_string(t, &rec, SENDX_CONTACT_FIRST_NAME, "\x1b[31mRED\x1b[0m\x07");
    codec_set_string(t, &rec, SENDX_CONTACT_LAST_NAME, "山田");
    codec_set_string(t, &rec, SENDX_CONTACT_COMPANY, "AfterCo");
    create_in_mock(SENDX_KIND_CONTACT, &rec);

    start_tui();
    assert_shows("100 loaded");
    keys("/");
    type("hostile.e2e");
    assert_shows("(local + server)");
    assert_shows("AfterCo");
    const char *screen = tmux_last_screen(tui);
    cr_assert(strstr(screen, "^[[31mRED"), "ESC shown as ^[:\n%s", screen);
    cr_assert_null(strchr(screen, '\x1b'));
    cr_assert_null(strchr(screen, '\x07'));
    char header[512], row[512];
    screen_line(3, header, sizeof header);
    screen_line(4, row, sizeof row);
    cr_assert_geq(cell_of(row, "AfterCo"), 0);
    cr_assert_eq(cell_of(row, "AfterCo"), cell_of(header, "COMPANY"),
                 "the company column stays in line:\n%s\n%s", header, row);
    quit();
}

Test(e2e, q_at_the_top_quits_and_restores_the_terminal)
{
    start(100);
    assert_shows("100 loaded");
    keys("4");
    wait_title("Campaigns");
    keys("q");
    expect_clean_exit();
}

/* Ctrl-c is a key (app.quit), not SIGINT: the exit is a clean one. */
Test(e2e, ctrl_c_quits_from_a_detail_view)
{
    start_mock(100);
    char log_file[96], args[160];
    snprintf(args, sizeof args, "--log '%s'", path_in_dir("log", log_file, sizeof log_file));
    start_tui_with(args);
    assert_shows("100 loaded");
    keys("Enter");
    wait_title("Contact");
    quit();
    char *log = slurp(log_file);
    const char *stopped[] = {"ui: stopped", NULL};
    const char *signalled[] = {"ui: signal", NULL};
    cr_assert(log_has_line(log, stopped), "%s", log);
    cr_assert_not(log_has_line(log, signalled), "read as a key, not a signal:\n%s", log);
    free(log);
}

/* The cell just after the n-th (from 1) space-separated token of line,
 * counting from the end. */
static int token_end_from_right(const char *line, int n)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", line);
    size_t len = strlen(copy);
    for (int i = 1; i < n; i++) {
        while (len && copy[len - 1] != ' ')
            len--;
        while (len && copy[len - 1] == ' ')
            len--;
    }
    copy[len] = '\0';
    size_t start = len;
    while (start && copy[start - 1] != ' ')
        start--;
    return cell_of(copy, copy + start) + (int)(len - start);
}

/* The line of the last screen whose text starts, after blanks, with label. */
static const char *line_labelled(const char *label, char *buf, size_t size)
{
    for (int y = 0; y < ROWS; y++) {
        screen_line(y, buf, size);
        const char *p = buf + strspn(buf, " ");
        if (strncmp(p, label, strlen(label)) == 0 && p[strlen(label)] == ' ')
            return buf;
    }
    cr_assert_fail("no line labelled %s on:\n%s", label, tmux_last_screen(tui));
    return NULL;
}

Test(e2e, campaign_report_counts_and_shares_line_up)
{
    open_sent_campaign();
    assert_shows("Unsubscribed");
    assert_shows("%");
    char sent[512], opened[512], clicked[512], spam[512];
    line_labelled("Sent", sent, sizeof sent);
    line_labelled("Opened", opened, sizeof opened);
    line_labelled("Clicked", clicked, sizeof clicked);
    line_labelled("Spam", spam, sizeof spam);
    int count_end = token_end_from_right(sent, 1);
    cr_assert_eq(token_end_from_right(opened, 2), count_end, "counts right-aligned:\n%s\n%s", sent,
                 opened);
    cr_assert_eq(token_end_from_right(spam, 2), count_end, "counts right-aligned:\n%s\n%s", sent,
                 spam);
    cr_assert_eq(token_end_from_right(opened, 1), token_end_from_right(clicked, 1),
                 "shares right-aligned:\n%s\n%s", opened, clicked);
    quit();
}

/* ---- command mode -------------------------------------------------------- */

Test(e2e, command_mode_runs_completes_recalls_and_quits)
{
    start(100);
    char *list = row_text(SENDX_KIND_LIST, 0);
    char *campaign = row_text(SENDX_KIND_CAMPAIGN, 0);
    assert_shows("100 loaded");
    type(":lists");
    assert_shows(":lists");
    keys("Enter");
    wait_title("Lists");
    assert_shows(list);
    type(":cam");
    keys("Tab");
    assert_shows(":campaigns");
    keys("Enter");
    wait_title("Campaigns");
    assert_shows(campaign);
    type(":");
    keys("Up");
    assert_shows(":campaigns");
    keys("Up");
    assert_shows(":lists");
    keys("Enter");
    wait_title("Lists");
    type(":frobnicate");
    keys("Enter");
    assert_shows("unknown command: frobnicate");
    /* An ambiguous completion shows its candidates above the prompt. */
    type(":t");
    keys("Tab");
    assert_shows("tags templates team");
    char above[256], prompt[256];
    tmux_last_row(tui, prompt, sizeof prompt);
    screen_line(ROWS - 2, above, sizeof above);
    cr_assert(strstr(above, "tags templates team"), "above the prompt: %s", above);
    cr_assert(strstr(prompt, ":t"), "the prompt stays where it was: %s", prompt);
    keys("C-u");
    keys("BSpace");
    assert_gone("tags templates team");
    type(":q");
    keys("Enter");
    expect_clean_exit();
    free(list);
    free(campaign);
}

/* ---- the campaign status filter ------------------------------------------ */

static void campaign_page(enum sendx_campaign_filter filter, struct sendx_page *page)
{
    struct sendx_client *c = client();
    struct sendx_query q = {.limit = 100, .campaign_filter = filter};
    struct api_error err = {0};
    cr_assert_eq(sendx_list(c, SENDX_KIND_CAMPAIGN, &q, page, NULL, &err), 0, "list: %s",
                 api_error_message(&err));
    cr_assert_not(sendx_page_more(page), "every campaign on one page");
    sendx_client_free(c);
}

static bool page_has_id(const struct sendx_page *page, const char *id)
{
    for (size_t i = 0; i < page->records.len; i++)
        if (strcmp(((const struct sendx_campaign *)sendx_page_at(page, i))->id, id) == 0)
            return true;
    return false;
}

/* The campaign pane limited to filter shows the mock's campaigns of
 * that status, and only those; all is every campaign. */
static void expect_campaigns(enum sendx_campaign_filter filter, const struct sendx_page *all)
{
    struct sendx_page want = {0};
    campaign_page(filter, &want);
    char title[128];
    snprintf(title, sizeof title, "\n Campaigns  %zu loaded   status: %s", want.records.len,
             sendx_campaign_filter_name(filter));
    assert_shows(title);
    char scratch[COLUMN_SCRATCH];
    for (size_t i = 0; i < all->records.len; i++) {
        const struct sendx_campaign *c = sendx_page_at(all, i);
        if (!page_has_id(&want, c->id))
            continue;
        char *name = shown(columns_for(SENDX_KIND_CAMPAIGN)->cols[0].text(c, scratch), 24);
        assert_shows(name);
        free(name);
    }
    for (size_t i = 0; i < all->records.len; i++) {
        const struct sendx_campaign *c = sendx_page_at(all, i);
        if (page_has_id(&want, c->id))
            continue;
        char *name = shown(columns_for(SENDX_KIND_CAMPAIGN)->cols[0].text(c, scratch), 24);
        cr_assert_null(strstr(tmux_last_screen(tui), name), "%s is not %s:\n%s", name,
                       sendx_campaign_filter_name(filter), tmux_last_screen(tui));
        free(name);
    }
    sendx_page_free(&want);
}

Test(e2e, f_cycles_the_campaigns_through_draft_scheduled_sent_and_all)
{
    start(100);
    struct sendx_page all = {0};
    campaign_page(SENDX_CAMPAIGNS_ALL, &all);
    assert_shows("100 loaded");
    keys("4");
    expect_campaigns(SENDX_CAMPAIGNS_ALL, &all);
    static const enum sendx_campaign_filter cycle[] = {SENDX_CAMPAIGNS_DRAFT,
                                                       SENDX_CAMPAIGNS_SCHEDULED,
                                                       SENDX_CAMPAIGNS_SENT, SENDX_CAMPAIGNS_ALL};
    for (size_t i = 0; i < sizeof cycle / sizeof cycle[0]; i++) {
        keys("f");
        expect_campaigns(cycle[i], &all);
    }
    sendx_page_free(&all);
    quit();
}

/* ---- contacts of a list or a tag ----------------------------------------- */

/* More pages than are asked at once (FETCH_BULK_WORKERS), so that the
 * scan's progress shows between the waves of pages. */
#define SCAN_CONTACTS 7000
#define TABLE_ROWS    (ROWS - 5)

/* The members of the list or tag with that id among all contacts, in
 * the mock's order. */
struct members {
    char *shown[TABLE_ROWS]; /* the first ones, as the table shows them */
    size_t count;
    char *outsider; /* a contact that is not a member */
};

static void find_members(enum sendx_kind kind, const char *id, struct members *m)
{
    memset(m, 0, sizeof *m);
    for (long offset = 0; offset < SCAN_CONTACTS; offset += 1000) {
        struct sendx_page page = {0};
        list_page(SENDX_KIND_CONTACT, offset, 1000, &page);
        for (size_t i = 0; i < page.records.len; i++) {
            const struct sendx_contact *c = sendx_page_at(&page, i);
            const struct sendx_strv *ids = kind == SENDX_KIND_LIST ? &c->lists : &c->tags;
            bool member = false;
            for (size_t k = 0; k < ids->len && !member; k++)
                member = strcmp(ids->items[k], id) == 0;
            if (member && m->count < TABLE_ROWS)
                m->shown[m->count] = shown(c->email, 24);
            if (!member && !m->outsider)
                m->outsider = shown(c->email, 24);
            m->count += member;
        }
        sendx_page_free(&page);
    }
}

static void free_members(struct members *m)
{
    for (size_t i = 0; i < m->count && i < TABLE_ROWS; i++)
        free(m->shown[i]);
    free(m->outsider);
}

/* Opens the first list or tag with members, shows its contacts with c
 * and checks them against the mock, opens one and goes back with Esc,
 * step by step: to the members, to the list or tag, to its row. */
static void assert_contacts_of(enum sendx_kind kind, const char *pane_key, const char *title)
{
    start(SCAN_CONTACTS);
    struct sendx_page owners = {0};
    list_page(kind, 0, 20, &owners);
    struct members m = {0};
    size_t row = 0;
    for (; row < owners.records.len; row++) {
        find_members(kind, columns_record_id(kind, sendx_page_at(&owners, row)), &m);
        if (m.count)
            break;
        free_members(&m);
    }
    cr_assert_lt(row, owners.records.len, "the seed has a %s with contacts",
                 model_resource(kind)->name);
    char *name = row_text(kind, (long)row);

    assert_shows("100 loaded");
    keys(pane_key);
    wait_title(title);
    assert_shows(name);
    for (size_t i = 0; i < row; i++)
        keys("j");
    keys("Enter");
    assert_shows("c contacts");
    /* Slow answers make the scan's progress visible between pages. */
    struct mock_faults slow = {.latency_ms = 400};
    mock_server_set_faults(mock, &slow);
    keys("c");
    assert_shows("Contacts of");
    assert_shows(",000 checked +");
    char done[96], found[32];
    snprintf(done, sizeof done, "  %s found · 7,000 checked",
             text_thousands((int64_t)m.count, found));
    assert_shows(done);
    assert_shows("7,000 contacts checked: done");
    cr_assert_null(strstr(tmux_last_screen(tui), "7,000 checked +"), "the scan is over:\n%s",
                   tmux_last_screen(tui));
    char first[128];
    snprintf(first, sizeof first, "▌ %s", m.shown[0]);
    assert_shows(first);
    for (size_t i = 0; i < m.count && i < TABLE_ROWS; i++)
        cr_assert(strstr(tmux_last_screen(tui), m.shown[i]), "member %s shown:\n%s", m.shown[i],
                  tmux_last_screen(tui));
    cr_assert_null(strstr(tmux_last_screen(tui), m.outsider), "%s is no member:\n%s", m.outsider,
                   tmux_last_screen(tui));
    struct mock_faults none = {0};
    mock_server_set_faults(mock, &none);

    keys("Enter");
    wait_title("Contact");
    assert_shows(m.shown[0]);
    keys("Escape");
    assert_shows("\n Contacts of ");
    assert_shows(first);
    cr_assert_null(strstr(tmux_last_screen(tui), m.outsider),
                   "the members again, not every contact:\n%s", tmux_last_screen(tui));

    keys("Escape");
    char detail_title[160];
    snprintf(detail_title, sizeof detail_title, "\n %s  %s",
             kind == SENDX_KIND_LIST ? "List" : "Tag", name);
    assert_shows(detail_title);
    assert_shows("c contacts");
    cr_assert_null(strstr(tmux_last_screen(tui), "contacts checked"),
                   "the scan's message went with it:\n%s", tmux_last_screen(tui));

    keys("Escape");
    wait_title(title);
    char selected[160];
    snprintf(selected, sizeof selected, "▌ %s", name);
    assert_shows(selected);      /* the cursor on the list or tag it started from */
    assert_shows("Contacts of"); /* its tab stays, to come back to */
    free(name);
    free_members(&m);
    sendx_page_free(&owners);
    quit();
}

Test(e2e, c_on_a_list_scans_every_contact_for_its_members)
{
    assert_contacts_of(SENDX_KIND_LIST, "2", "Lists");
}

Test(e2e, c_on_a_tag_scans_every_contact_for_its_members)
{
    assert_contacts_of(SENDX_KIND_TAG, "3", "Tags");
}

/* ---- copy ---------------------------------------------------------------- */

Test(e2e, y_copies_the_selected_id_to_the_clipboard_with_osc52)
{
    start(100);
    cr_assert_eq(tmux_set_option(tui, "set-clipboard", "on"), 0);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 3, &page);
    const struct sendx_contact *c = sendx_page_at(&page, 2);
    char *email = shown(c->email, 24);
    char selected[128], copied[128];
    snprintf(selected, sizeof selected, "▌ %s", email);
    snprintf(copied, sizeof copied, "copied %s", c->id);
    assert_shows("100 loaded");
    keys("j");
    keys("j");
    assert_shows(selected);
    keys("y");
    assert_shows(copied);
    char *buffer = wait_buffer();
    cr_assert_str_eq(buffer, c->id, "the clipboard holds the id");
    free(buffer);
    free(email);
    sendx_page_free(&page);
    quit();
}

/* ---- mouse --------------------------------------------------------------- */

/* Sends a mouse event at cell (x, y), 0-based, in the encoding the app
 * asked the terminal for: SGR (1006) or the classic X10 bytes. button:
 * 0 left, 64 wheel up, 65 wheel down. */
static void mouse(int button, int x, int y, bool release)
{
    char *sgr = tmux_format(tui, "#{mouse_sgr_flag}");
    cr_assert_not_null(sgr);
    char seq[32];
    if (strcmp(sgr, "1") == 0) {
        snprintf(seq, sizeof seq, "\x1b[<%d;%d;%d%c", button, x + 1, y + 1, release ? 'm' : 'M');
    } else {
        cr_assert_lt(x, 94, "X10 encodes a column in one byte");
        snprintf(seq, sizeof seq, "\x1b[M%c%c%c", 32 + (release ? 3 : button), 33 + x, 33 + y);
    }
    free(sgr);
    type(seq);
}

static void click(int x, int y)
{
    mouse(0, x, y, false);
    mouse(0, x, y, true);
}

Test(e2e, the_mouse_selects_rows_and_tabs_and_the_wheel_scrolls)
{
    start(200);
    char *rows[9];
    for (int i = 0; i < 9; i++)
        rows[i] = row_text(SENDX_KIND_CONTACT, i);
    char *tag = row_text(SENDX_KIND_TAG, 0);
    assert_shows("100 loaded");
    char *flag = tmux_format(tui, "#{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}");
    cr_assert(flag && strchr(flag, '1'), "the app turned mouse reporting on: %s", flag);
    free(flag);
    char want[128];

    click(10, 4 + 5); /* the sixth row */
    snprintf(want, sizeof want, "▌ %s", rows[5]);
    assert_shows(want);
    keys("Enter");
    wait_title("Contact");
    char line[512];
    assert_shows(rows[5]);
    cr_assert(strstr(screen_line(2, line, sizeof line), rows[5]), "the clicked row's detail: %s",
              line);
    escape_then("\n Contact  ");

    mouse(65, 10, 10, false); /* wheel down: three rows on */
    snprintf(want, sizeof want, "▌ %s", rows[8]);
    assert_shows(want);
    mouse(64, 10, 10, false); /* wheel up, twice */
    mouse(64, 10, 10, false);
    snprintf(want, sizeof want, "▌ %s", rows[2]);
    assert_shows(want);

    int x = cell_of(screen_line(1, line, sizeof line), "3 Tags");
    cr_assert_gt(x, 0, "the tags tab: %s", line);
    click(x + 2, 1);
    wait_title("Tags");
    assert_shows(tag);
    /* Buttons that do nothing must not stall the app: quit() below
     * needs the loop awake. */
    mouse(2, 10, 5, false);
    mouse(2, 10, 5, true);
    for (int i = 0; i < 9; i++)
        free(rows[i]);
    free(tag);
    quit();
}

/* ---- signals ------------------------------------------------------------- */

/* A signal restores the terminal, writes the log out, and ends the app
 * as killed by that signal: the shell sees 128+N. The signal comes from
 * kill, or from the terminal when a key is given. */
static void assert_signal_ends_the_app(int sig, const char *key)
{
    start_mock(100);
    char log_file[96], args[160];
    snprintf(args, sizeof args, "--log '%s'", path_in_dir("log", log_file, sizeof log_file));
    start_tui_with(args);
    assert_shows("100 loaded");
    keys("Enter");
    wait_title("Contact");
    if (key) {
        keys(key);
    } else {
        char path[96];
        char *pid = slurp(path_in_dir("pid", path, sizeof path));
        cr_assert_gt(atoi(pid), 1, "the app's pid: %s", pid);
        cr_assert_eq(kill((pid_t)atoi(pid), sig), 0);
        free(pid);
    }
    expect_exit(128 + sig);
    char *log = slurp(log_file);
    char quitting[64];
    snprintf(quitting, sizeof quitting, "ui: signal %d, quitting", sig);
    const char *signalled[] = {quitting, NULL};
    const char *stopped[] = {"ui: stopped", NULL};
    cr_assert(log_has_line(log, signalled), "the signal:\n%s", log);
    cr_assert(log_has_line(log, stopped), "the log written out before the end:\n%s", log);
    free(log);
}

Test(e2e, sigterm_restores_the_terminal_and_exits_as_terminated)
{
    assert_signal_ends_the_app(SIGTERM, NULL); /* 143 */
}

Test(e2e, sigint_restores_the_terminal_and_exits_as_interrupted)
{
    assert_signal_ends_the_app(SIGINT, NULL); /* 130 */
}

Test(e2e, sighup_restores_the_terminal_and_exits_as_hung_up)
{
    assert_signal_ends_the_app(SIGHUP, NULL); /* 129 */
}

/* Ctrl-\ is the terminal's quit key: SIGQUIT ends the app like the
 * others (131), with the terminal restored. */
Test(e2e, ctrl_backslash_restores_the_terminal_and_exits_as_quit)
{
    assert_signal_ends_the_app(SIGQUIT, "C-\\");
}

/* ---- the request log ----------------------------------------------------- */

Test(e2e, log_records_requests_and_ui_events_but_never_the_key)
{
    start_mock(200);
    char log_file[96], args[160];
    snprintf(args, sizeof args, "--log '%s'", path_in_dir("log", log_file, sizeof log_file));
    start_tui_with(args);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 1, &page);
    const struct sendx_contact *c = sendx_page_at(&page, 0);
    assert_shows("100 loaded");
    keys("Enter");
    wait_title("Contact");
    assert_gone("loading record");
    keys("Escape");
    assert_shows("q quit");
    keys("q");
    expect_clean_exit();

    char *log = slurp(log_file);
    cr_assert_null(strstr(log, API_KEY), "the key is never logged:\n%s", log);
    int lines = 0;
    for (const char *line = log; *line; lines++) {
        int y, mo, d, h, mi, s, ms, n = 0;
        cr_assert_eq(
            sscanf(line, "%4d-%2d-%2dT%2d:%2d:%2d.%3d %n", &y, &mo, &d, &h, &mi, &s, &ms, &n), 7,
            "a timestamp starts every line: %.80s", line);
        cr_assert_eq(n, 24, "a timestamp starts every line: %.80s", line);
        line += strcspn(line, "\n");
        line += *line == '\n';
    }
    cr_assert_gt(lines, 3, "%s", log);
    char detail_path[128], detail_event[128];
    snprintf(detail_path, sizeof detail_path, "GET /contact/%s ", c->id);
    snprintf(detail_event, sizeof detail_event, "ui: detail contact %s", c->id);
    const char *first_page[] = {"GET /contact?", "offset=0", "limit=100",
                                "status 200",    " ms",      NULL};
    const char *record[] = {detail_path, "status 200", " ms", NULL};
    const char *list_names[] = {"GET /list?", "status 200", NULL};
    const char *opened[] = {detail_event, NULL};
    const char *stopped[] = {"ui: stopped", NULL};
    cr_assert(log_has_line(log, first_page), "the first page of contacts:\n%s", log);
    cr_assert(log_has_line(log, record), "the record of the detail:\n%s", log);
    cr_assert(log_has_line(log, list_names), "the names of the lists:\n%s", log);
    cr_assert(log_has_line(log, opened), "opening the detail:\n%s", log);
    cr_assert(log_has_line(log, stopped), "the end:\n%s", log);
    free(log);
    sendx_page_free(&page);
}

/* ---- the detail view ----------------------------------------------------- */

Test(e2e, o_unfolds_a_long_html_field_and_folds_it_again)
{
    start_mock(100);
    char html[2048] = "";
    for (int i = 1; i <= 12; i++) {
        size_t o = strlen(html);
        snprintf(html + o, sizeof html - o, "<p>body line %02d of the long template</p>\n", i);
    }
    const struct model_type *t = &model_template_type;
    struct sendx_template rec = {0};
    codec_set_string(t, &rec, SENDX_TEMPLATE_NAME, "Unfold e2e template");
    codec_set_string(t, &rec, SENDX_TEMPLATE_SUBJECT, "Unfold");
    codec_set_string(t, &rec, SENDX_TEMPLATE_HTML_CODE, html);
    create_in_mock(SENDX_KIND_TEMPLATE, &rec);

    start_tui();
    assert_shows("100 loaded");
    keys("5");
    wait_title("Templates");
    keys("/");
    type("Unfold e2e");
    assert_shows("(local): 1");
    keys("Enter");
    keys("Enter");
    wait_title("Template");
    assert_shows("body line 04");
    assert_shows("8 more lines: o shows them");
    cr_assert_null(strstr(tmux_last_screen(tui), "body line 05"), "folded after four lines:\n%s",
                   tmux_last_screen(tui));
    keys("o");
    assert_shows("body line 12");
    assert_gone("more lines");
    keys("o");
    assert_gone("body line 12");
    assert_shows("8 more lines: o shows them");
    quit();
}

Test(e2e, a_429_storm_shows_the_retry_countdown_then_the_rows)
{
    start(200);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    assert_gone("loading"); /* the name caches are in: no request but ours */
    /* One request per two seconds, and this one takes the window's. */
    struct mock_faults f = {.rate_limit = 1, .rate_window_ms = 2000};
    mock_server_set_faults(mock, &f);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 1, &page);
    sendx_page_free(&page);
    keys("r");
    assert_shows("429, retrying in");
    cr_assert_not_null(strstr(tmux_last_screen(tui), first),
                       "the loaded rows stay while the reload waits:\n%s", tmux_last_screen(tui));
    assert_shows("429, retrying in 1 s");
    assert_shows(first);
    assert_shows("100 loaded +");
    assert_gone("retrying");
    free(first);
    quit();
}

/* With LANG and LC_* unset the C library's locale is plain ASCII; the
 * app must still draw names in other scripts, not bytes. */
Test(e2e, names_in_other_scripts_show_without_a_utf8_locale)
{
    start_mock(300);
    start_tui_via("env -u LANG -u LC_ALL -u LC_CTYPE", "");
    char *name = NULL;
    for (long i = 0; i < 30 && !name; i++) {
        struct sendx_page page = {0};
        list_page(SENDX_KIND_CONTACT, i, 1, &page);
        cr_assert_geq(page.records.len, 1);
        char scratch[COLUMN_SCRATCH];
        const char *raw =
            columns_for(SENDX_KIND_CONTACT)->cols[1].text(sendx_page_at(&page, 0), scratch);
        bool wide = false;
        for (const char *p = raw; *p; p++)
            wide |= (unsigned char)*p >= 0x80;
        if (wide)
            name = shown(raw, 12);
        sendx_page_free(&page);
    }
    cr_assert_not_null(name, "the seeded data has a non-ASCII name among the first rows");
    assert_shows(name);
    free(name);
    quit();
}

/* ---- job control --------------------------------------------------------- */

/* An interactive shell with job control in the pane, as a person has:
 * Ctrl-z and fg then work as they do for them. */
static void start_shell(int cols, int rows)
{
    char state[96], config[96];
    snprintf(state, sizeof state, "XDG_STATE_HOME=%s/state", dir);
    snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s/config", dir);
    const char *env[] = {
        "SENDX_API_KEY=" API_KEY, "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TZ=UTC", state, config, NULL};
    tui = tmux_start("exec sh -i", env, cols, rows);
    cr_assert_not_null(tui, "tmux could not start a shell");
}

/* Types a command line into the shell and runs it. */
static void run_in_shell(const char *command)
{
    type(command);
    keys("Enter");
}

/* Flags of the pane that the app sets while it runs: the alternate
 * screen, the cursor hidden, the cursor keys in keypad mode, and mouse
 * reporting in some mode. */
static void assert_terminal_taken(void)
{
    char *flags = tmux_format(tui, "#{alternate_on}#{cursor_flag}#{keypad_cursor_flag} "
                                   "#{mouse_any_flag}#{mouse_standard_flag}#{mouse_button_flag}");
    cr_assert_not_null(flags);
    cr_assert(strncmp(flags, "101 ", 4) == 0 && strchr(flags + 4, '1'),
              "alternate screen, cursor, keypad mode, mouse (any, standard, button): %s\n%s", flags,
              tmux_last_screen(tui));
    free(flags);
}

Test(e2e, ctrl_z_gives_the_shell_back_and_fg_brings_the_app_back_whole)
{
    start_mock(100);
    char *rows[2] = {row_text(SENDX_KIND_CONTACT, 0), row_text(SENDX_KIND_CONTACT, 1)};
    /* Narrow at first: only a size read again after fg shows CREATED. */
    start_shell(60, 16);
    char err_file[96], command[1024];
    snprintf(command, sizeof command, "'%s' --base-url '%s' 2>'%s'", SENDX_TUI_PATH,
             mock_server_url(mock), path_in_dir("stderr", err_file, sizeof err_file));
    run_in_shell(command);
    assert_shows("100 loaded");
    assert_shows(rows[0]);
    cr_assert_null(strstr(tmux_last_screen(tui), "CREATED"), "too narrow for CREATED:\n%s",
                   tmux_last_screen(tui));
    assert_terminal_taken();

    keys("C-z");
    assert_shows("Stopped");
    assert_gone("100 loaded");
    assert_terminal_restored();
    cr_assert_eq(tmux_resize(tui, COLS, ROWS), 0);
    /* The quotes keep the output apart from the echo of the command. */
    run_in_shell("stty -a; echo STTY\"\"DONE");
    assert_shows("STTYDONE");
    const char *screen = tmux_last_screen(tui);
    cr_assert(has_word(screen, "icanon") && has_word(screen, "echo") && strstr(screen, "intr = ^C"),
              "the shell's modes at its prompt:\n%s", screen);

    run_in_shell("fg");
    assert_shows("CREATED");
    assert_shows("9 Team");
    assert_shows("q quit"); /* the hints on the last line: the frame is whole */
    assert_gone("STTYDONE");
    assert_terminal_taken();
    char want[128];
    snprintf(want, sizeof want, "▌ %s", rows[1]);
    keys("Down");
    assert_shows(want);
    keys("4");
    wait_title("Campaigns");

    keys("C-c"); /* still a key: the status is 0, not 130 */
    /* Typed before the app has let go of the terminal, the next line
     * would be read by the app, not the shell. */
    assert_gone("9 Team");
    run_in_shell("rc=$?; stty -a; echo EXIT=$rc");
    assert_shows("EXIT=0");
    expect_clean_exit();
    free(rows[0]);
    free(rows[1]);
}

/* ---- emoji sequences ----------------------------------------------------- */

/* The cell at which tmux itself put word (a whole word, once on the
 * screen), or -1: a capture's text cannot tell it where tmux and wcwidth
 * disagree on a width, as they do on "👩‍💻" (two cells in tmux, four by
 * wcwidth). Found by a search in copy mode, which leaves the cursor on
 * the word's first cell. */
static int tmux_cell_of(const char *word)
{
    char *socket = tmux_format(tui, "#{socket_path}");
    cr_assert_not_null(socket);
    char command[1024];
    snprintf(command, sizeof command,
             "tmux -S '%s' copy-mode -t t \\; send-keys -t t -X search-backward-text '%s' \\; "
             "display-message -p -t t '#{copy_cursor_x} #{copy_cursor_word}' \\; "
             "send-keys -t t -X cancel",
             socket, word);
    free(socket);
    FILE *out = popen(command, "r");
    cr_assert_not_null(out);
    int x = -1;
    char found[128] = "";
    int got = fscanf(out, "%d %127s", &x, found);
    pclose(out);
    return got == 2 && strcmp(found, word) == 0 ? x : -1;
}

Test(e2e, names_with_zwj_emoji_keep_the_next_column_in_line)
{
    start_mock(100);
    static const struct {
        const char *email, *first, *last, *company;
    } people[] = {
        {"zwj-a.e2e@example.com", "Ada \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", "Dev",
         "AfterZwjA"},
        {"zwj-b.e2e@example.com",
         "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7\xe2\x80\x8d"
         "\xf0\x9f\x91\xa6",
         "Family", "AfterZwjB"},
        {"zwj-c.e2e@example.com", "Pride \xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88",
         "Flag", "AfterZwjC"},
        {"zwj-d.e2e@example.com", "Plain", "Name", "AfterZwjD"},
    };
    const size_t n = sizeof people / sizeof people[0];
    for (size_t i = 0; i < n; i++) {
        const struct model_type *t = &model_contact_type;
        struct sendx_contact rec = {0};
        codec_set_string(t, &rec, SENDX_CONTACT_EMAIL, people[i].email);
        codec_set_string(t, &rec, SENDX_CONTACT_FIRST_NAME, people[i].first);
        codec_set_string(t, &rec, SENDX_CONTACT_LAST_NAME, people[i].last);
        codec_set_string(t, &rec, SENDX_CONTACT_COMPANY, people[i].company);
        create_in_mock(SENDX_KIND_CONTACT, &rec);
    }

    start_tui();
    assert_shows("100 loaded");
    keys("/");
    type("zwj-");
    assert_shows("(local + server)");
    for (size_t i = 0; i < n; i++)
        assert_shows(people[i].company);
    int company = tmux_cell_of("COMPANY");
    cr_assert_gt(company, 0, "the COMPANY heading:\n%s", tmux_last_screen(tui));
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(tmux_cell_of(people[i].company), company,
                     "%s starts under COMPANY, at cell %d:\n%s", people[i].company, company,
                     tmux_last_screen(tui));
    cr_assert_null(strstr(tmux_last_screen(tui), "\xe2\x80\x8d"), "no joiner is drawn");
    quit();
}

/* ---- finding: the small ones ---------------------------------------------- */

Test(e2e, c_on_a_tag_in_its_table_shows_its_contacts_reachable_by_tab_and_command)
{
    start(200);
    char *tag = row_text(SENDX_KIND_TAG, 1);
    assert_shows("100 loaded");
    keys("3");
    wait_title("Tags");
    assert_shows(tag);
    assert_shows("c contacts"); /* the hint says so on the tags table */
    keys("j");
    keys("c");
    char title[256];
    snprintf(title, sizeof title, "Contacts of tag %s", tag);
    assert_shows(title);
    keys("9");
    wait_title("Team members");
    keys("Tab");
    assert_shows(title); /* after Team in the Tab cycle */
    keys("Tab");
    wait_title("Contacts");
    type(":contacts-of");
    keys("Enter");
    assert_shows(title);
    type(":team");
    keys("Enter");
    wait_title("Team members");
    free(tag);
    quit();
}

Test(e2e, a_message_goes_with_the_next_action_that_does_something)
{
    start(100);
    assert_shows("100 loaded");
    type(":frobnicate");
    keys("Enter");
    assert_shows("unknown command: frobnicate");
    keys("j");
    assert_gone("unknown command");
    quit();
}

Test(e2e, quitting_while_a_write_is_on_its_way_asks_first)
{
    start(50);
    char *tag = row_text(SENDX_KIND_TAG, 0);
    assert_shows("50 loaded");
    keys("3");
    wait_title("Tags");
    assert_shows(tag);
    struct mock_faults slow = {.latency_ms = 3000};
    mock_server_set_faults(mock, &slow);
    keys("d");
    assert_shows("y yes");
    keys("y");
    assert_shows("deleting");
    keys("q");
    assert_shows("on its way");
    keys("n");
    assert_gone("on its way");
    struct mock_faults none = {0};
    mock_server_set_faults(mock, &none);
    assert_shows("deleted tag");
    free(tag);
    quit();
}

Test(e2e, one_contact_is_one_contact_and_sort_completes_a_column)
{
    start(1);
    assert_shows("1 contact in");
    cr_assert_null(strstr(tmux_last_screen(tui), "1 contacts"), "%s", tmux_last_screen(tui));
    type(":sort comp");
    keys("Tab");
    assert_shows(":sort company");
    keys("Enter");
    assert_shows("sort COMPANY");
    quit();
}
