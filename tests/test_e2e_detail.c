/* End to end, in a record's detail: the search in the record (/, n, N),
 * the next and previous record (], [), copying the field under the
 * cursor (Y), HTML as text (t), and the campaign report's labels and
 * columns at narrow widths. The real sendx-tui in tmux against the mock;
 * every wait polls the screen, no test sleeps a fixed time. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/codec.h"
#include "api/sendx.h"
#include "app/text.h"
#include "e2e.h"
#include "tmux.h"

TestSuite(e2e_detail, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

#define CURSOR "\xe2\x96\x8c" /* ▌, where the line cursor stands */

/* A template named name whose HTML is html, in the mock. */
static void create_template(const char *name, const char *html)
{
    const struct model_type *t = &model_template_type;
    struct sendx_template rec = {0};
    codec_set_string(t, &rec, SENDX_TEMPLATE_NAME, name);
    codec_set_string(t, &rec, SENDX_TEMPLATE_SUBJECT, name);
    codec_set_string(t, &rec, SENDX_TEMPLATE_HTML_CODE, html);
    create_in_mock(SENDX_KIND_TEMPLATE, &rec);
}

/* The template named name, found by the filter and opened. */
static void open_template(const char *name)
{
    char selected[256];
    snprintf(selected, sizeof selected, CURSOR " %s", name);
    assert_shows("100 loaded");
    keys("5");
    wait_title("Templates");
    keys("/");
    type(name);
    assert_shows(selected);
    keys("Enter");
    keys("Enter");
    wait_title("Template");
}

/* Waits until the cursor's line holds text. */
static void assert_cursor_on(const char *text)
{
    char line[512];
    for (int waited = 0; waited < WAIT_MS; waited += 20) {
        free(tmux_capture(tui));
        for (int y = 0; y < ROWS; y++)
            if (strncmp(screen_line(y, line, sizeof line), CURSOR, strlen(CURSOR)) == 0 &&
                strstr(line, text))
                return;
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    cr_assert_fail("the cursor is not on %s:\n%s", text, tmux_last_screen(tui));
}

/* Moves the line cursor down to the line labelled label (shown below it). */
static void cursor_to(const char *label)
{
    assert_shows(label);
    char line[512];
    int cursor = -1, target = -1;
    for (int y = 0; y < ROWS; y++) {
        screen_line(y, line, sizeof line);
        const char *p = line + strspn(line, " ");
        if (strncmp(line, CURSOR, strlen(CURSOR)) == 0) {
            cursor = y;
            p = line + strlen(CURSOR) + strspn(line + strlen(CURSOR), " ");
        }
        if (target < 0 && strncmp(p, label, strlen(label)) == 0 && p[strlen(label)] == ' ')
            target = y;
    }
    cr_assert(cursor >= 0 && target >= cursor, "the cursor above %s:\n%s", label,
              tmux_last_screen(tui));
    for (int y = cursor; y < target; y++)
        keys("j");
    assert_cursor_on(label);
}

Test(e2e_detail, slash_finds_in_a_long_template_and_n_N_step_through_the_matches)
{
    start_mock(100);
    size_t size = 240 * 48;
    char *html = calloc(1, size);
    cr_assert_not_null(html);
    for (int i = 1; i <= 240; i++) {
        size_t o = strlen(html);
        snprintf(html + o, size - o, "<p>Paragraph %d of the long template</p>\n", i);
    }
    create_template("Find e2e template", html);
    free(html);
    start_tui();
    open_template("Find e2e template");
    keys("/");
    type("Paragraph 77");
    assert_cursor_on("<p>Paragraph 77 of"); /* found as it is typed */
    keys("Enter");
    keys("n");
    assert_shows("Paragraph 77: match 1 of 1");
    wait_title("Template"); /* neither r nor 7 was taken as a key */
    char line[512];
    cr_assert(strstr(screen_line(2, line, sizeof line), "line "), "the position: %s", line);
    cr_assert_null(strstr(tmux_last_screen(tui), "Paragraph 2 of"), "scrolled down to it:\n%s",
                   tmux_last_screen(tui));

    keys("g");
    keys("/");
    type("Paragraph 7");
    keys("Enter");
    assert_cursor_on("<p>Paragraph 7 of");
    keys("n");
    assert_cursor_on("<p>Paragraph 70 of");
    assert_shows("Paragraph 7: match 2 of 11");
    keys("N");
    keys("N");
    assert_cursor_on("<p>Paragraph 79 of"); /* around the start */
    keys("n");
    assert_cursor_on("<p>Paragraph 7 of");
    quit();
}

Test(e2e_detail, brackets_step_through_the_tables_records_in_its_order)
{
    start(100);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 3, &page);
    const char *email[3];
    for (size_t i = 0; i < 3; i++)
        email[i] = ((const struct sendx_contact *)sendx_page_at(&page, i))->email;
    char *first = row_text(SENDX_KIND_CONTACT, 0), *second = row_text(SENDX_KIND_CONTACT, 1);
    assert_shows(first);
    keys("Enter");
    wait_title("Contact");
    char line[512];
    keys("]");
    assert_shows("contact 2 of");
    cr_assert(strstr(screen_line(2, line, sizeof line), email[1]), "the next record: %s", line);
    keys("]");
    assert_shows("contact 3 of");
    cr_assert(strstr(screen_line(2, line, sizeof line), email[2]), "and the next: %s", line);
    keys("[");
    assert_shows("contact 2 of");
    cr_assert(strstr(screen_line(2, line, sizeof line), email[1]), "back one: %s", line);
    keys("[");
    keys("[");
    assert_shows("the first contact");
    cr_assert(strstr(screen_line(2, line, sizeof line), email[0]), "no further: %s", line);
    keys("]");
    assert_shows("contact 2 of");
    escape_then("contact 2 of");
    char selected[256];
    snprintf(selected, sizeof selected, CURSOR " %s", second);
    assert_shows(selected); /* the table's cursor kept in step */
    free(first);
    free(second);
    sendx_page_free(&page);
    quit();
}

Test(e2e_detail, Y_copies_the_field_under_the_cursor)
{
    start(100);
    cr_assert_eq(tmux_set_option(tui, "set-clipboard", "on"), 0);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 1, &page);
    const struct sendx_contact *c = sendx_page_at(&page, 0);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    keys("Enter");
    wait_title("Contact");
    cursor_to("Email");
    keys("Y");
    char *buffer = wait_buffer();
    cr_assert_str_eq(buffer, c->email, "the clipboard holds the email, not the id");
    free(buffer);
    free(first);
    sendx_page_free(&page);
    quit();
}

Test(e2e_detail, t_shows_html_as_text_with_its_links_listed)
{
    start_mock(100);
    create_template("Text e2e template",
                    "<html><head><style>p { color: red }</style></head><body>"
                    "<p>Hello <b>brave</b> new&nbsp;world &amp; friends</p>"
                    "<p>Read <a href=\"https://example.com/blog?a=1&amp;b=2\">the blog</a>.</p>"
                    "</body></html>");
    start_tui();
    open_template("Text e2e template");
    keys("t");
    wait_title("Template (text)");
    assert_shows("Hello brave new world & friends");
    assert_shows("Read the blog [1].");
    assert_shows("[1] https://example.com/blog?a=1&b=2");
    cr_assert_null(strstr(tmux_last_screen(tui), "color: red"), "no style as text:\n%s",
                   tmux_last_screen(tui));
    keys("t");
    assert_shows("<p>Hello <b>brave</b>");
    quit();
}

/* The cell just after the last non-blank of line. */
static int end_cell(const char *line)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", line);
    size_t len = strlen(copy);
    while (len && copy[len - 1] == ' ')
        len--;
    copy[len] = '\0';
    return text_width(copy);
}

/* The cell just after the first number (digits and commas) after label
 * in line. */
static int number_end(const char *line, const char *label)
{
    const char *p = strstr(line, label);
    if (!p)
        return -1;
    p += strcspn(p, "0123456789");
    p += strspn(p, "0123456789,");
    return text_width_n(line, (size_t)(p - line));
}

/* The report's line whose label starts with prefix, into buf, or NULL. */
static const char *report_line(const char *prefix, char *buf, size_t size)
{
    for (int y = 3; y < ROWS; y++) {
        screen_line(y, buf, size);
        const char *p = buf + strspn(buf, " ");
        if (strncmp(p, CURSOR, strlen(CURSOR)) == 0)
            p += strlen(CURSOR) + strspn(p + strlen(CURSOR), " ");
        if (strncmp(p, prefix, strlen(prefix)) == 0)
            return buf;
    }
    return NULL;
}

/* Whether each share ends in one column and each count in another, at
 * the width the screen has; if not, why, into why. */
static bool report_columns_ok(int cols, char *why, size_t size)
{
    static const char *const shared[] = {"Opened", "Clicked", "Bounced", "Unsub", "Spam"};
    char line[512];
    if (!report_line("Sent", line, sizeof line)) {
        snprintf(why, size, "at %d columns, no Sent line", cols);
        return false;
    }
    int share_end = -1, count_end = number_end(line, "Sent");
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++) {
        if (!report_line(shared[i], line, sizeof line)) {
            snprintf(why, size, "at %d columns, no %s line", cols, shared[i]);
            return false;
        }
        char label[16];
        snprintf(label, sizeof label, "%.4s", shared[i]);
        int end = end_cell(line);
        if (share_end < 0)
            share_end = end;
        if (!strchr(line, '%') || end > cols || end != share_end ||
            number_end(line, label) != count_end) {
            snprintf(why, size, "at %d columns, out of line: %s", cols, line);
            return false;
        }
    }
    return true;
}

/* Waits for the report drawn at cols with its columns in line. */
static void assert_report_columns(int cols)
{
    char why[600] = "";
    for (int waited = 0; waited < WAIT_MS; waited += 20) {
        free(tmux_capture(tui));
        if (report_columns_ok(cols, why, sizeof why))
            return;
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    cr_assert_fail("%s\n%s", why, tmux_last_screen(tui));
}

Test(e2e_detail, the_report_tells_clicks_from_people_and_keeps_its_columns_when_narrow)
{
    open_sent_campaign();
    assert_shows("Clicked (people)");
    assert_shows("Clicks (total)");
    assert_shows("Opened (people)");
    assert_shows("Link clicks (total)");
    assert_report_columns(COLS);
    for (int cols = 30; cols <= 33; cols += 3) {
        cr_assert_eq(tmux_resize(tui, cols, ROWS), 0);
        assert_report_columns(cols);
    }
    quit();
}

/* Needs <enter> bound to detail.open in the detail's keys. */
Test(e2e_detail, enter_on_a_contacts_list_opens_that_list)
{
    start(100);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 50, &page);
    size_t row = 0;
    while (row < page.records.len &&
           ((const struct sendx_contact *)sendx_page_at(&page, row))->lists.len == 0)
        row++;
    cr_assert_lt(row, page.records.len, "the seed has a contact in a list");
    const struct sendx_contact *c = sendx_page_at(&page, row);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    for (size_t i = 0; i < row; i++)
        keys("j");
    keys("Enter");
    wait_title("Contact");
    cursor_to("Lists");
    keys("Enter");
    wait_title("List");
    assert_shows(c->lists.items[0]);
    escape_then("  List  ");
    wait_title("Contact");
    sendx_page_free(&page);
    quit();
}
