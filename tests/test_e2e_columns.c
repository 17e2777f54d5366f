/* End to end, the columns: sized to what the rows show and every one
 * reachable at 80 and 60 columns, chosen with :columns, sorted with :sort
 * or a click on a header, a sort of some rows that says so, lists and
 * tags by name, and a help that lists only the keys in force. What the
 * screen should show is asked of the mock through the API client. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/sendx.h"
#include "app/columns.h"
#include "e2e.h"
#include "tmux.h"

TestSuite(e2e_columns, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

enum { EMAIL, NAME, COMPANY, FLAGS, CREATED, LISTS, TAGS };

static const struct column_set *contacts(void)
{
    return columns_for(SENDX_KIND_CONTACT);
}

/* The header line, into buf. */
static const char *header(char *buf, size_t n)
{
    return screen_line(3, buf, n);
}

/* The email of the first of the first n contacts in column col's order
 * (descending if desc; ties in load order), as shown, cut to 24 cells. */
static char *first_by(int col, bool desc, long n)
{
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, n, &page);
    cr_assert_eq((long)page.records.len, n);
    const void *best = sendx_page_at(&page, 0);
    for (size_t i = 1; i < page.records.len; i++) {
        const void *r = sendx_page_at(&page, i);
        int c = contacts()->cols[col].compare(r, best);
        if (desc ? c > 0 : c < 0)
            best = r;
    }
    char *email = shown(((const struct sendx_contact *)best)->email, 24);
    sendx_page_free(&page);
    return email;
}

/* A left click at cell (x, y), 0-based, in the encoding the app asked
 * the terminal for: SGR (1006) or the classic X10 bytes. */
static void click(int x, int y)
{
    char *sgr = tmux_format(tui, "#{mouse_sgr_flag}");
    cr_assert_not_null(sgr);
    bool is_sgr = strcmp(sgr, "1") == 0;
    free(sgr);
    for (int release = 0; release < 2; release++) {
        char seq[32];
        if (is_sgr)
            snprintf(seq, sizeof seq, "\x1b[<0;%d;%d%c", x + 1, y + 1, release ? 'm' : 'M');
        else
            snprintf(seq, sizeof seq, "\x1b[M%c%c%c", 32 + (release ? 3 : 0), 33 + x, 33 + y);
        type(seq);
    }
}

static void command(const char *line)
{
    keys(":");
    type(line);
    keys("Enter");
}

/* The first row is the one with this email. */
static void first_row_is(const char *email)
{
    char want[128];
    snprintf(want, sizeof want, "▌ %s", email);
    assert_shows(want);
}

/* Steps right with > from the start, and sees every column after the
 * email come to stand beside it. */
static void every_column_is_reached(void)
{
    char line[512];
    cr_assert(strstr(header(line, sizeof line), "NAME"), "%s", line);
    for (size_t i = NAME + 1; i < contacts()->n; i++) {
        char want[64];
        keys(">");
        snprintf(want, sizeof want, "‹%s", contacts()->cols[i].title);
        assert_shows(want);
    }
    keys(">");
    assert_shows("no more columns to the right");
    for (size_t i = NAME + 1; i < contacts()->n; i++)
        keys("<");
    assert_gone("‹");
}

Test(e2e_columns, every_column_is_reached_at_80_and_60_and_emails_are_whole)
{
    start(200);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 10, &page);
    char *first = shown(((const struct sendx_contact *)sendx_page_at(&page, 0))->email, 24);
    first_row_is(first);
    cr_assert_eq(tmux_resize(tui, 80, ROWS), 0);
    /* At 120 columns the mark of more columns is at cell 119. */
    assert_shows("›");
    char line[512];
    cr_expect_eq(cell_of(header(line, sizeof line), "›"), 79, "%s", line);
    for (size_t i = 0; i < page.records.len; i++) {
        char *email = shown(((const struct sendx_contact *)sendx_page_at(&page, i))->email, 200);
        screen_line(4 + (int)i, line, sizeof line);
        cr_expect(strstr(line, email), "the email whole at 80 columns: %s in\n%s", email, line);
        free(email);
    }
    every_column_is_reached();
    cr_assert_eq(tmux_resize(tui, 60, ROWS), 0);
    /* The mark sat at cell 79, out of a 60-cell capture: it shows again
     * once the app has laid the table out anew. */
    assert_shows("›");
    cr_expect_eq(cell_of(header(line, sizeof line), "›"), 59, "%s", line);
    every_column_is_reached();
    sendx_page_free(&page);
    free(first);
    quit();
}

Test(e2e_columns, a_click_on_a_header_sorts_and_a_second_reverses)
{
    start(100);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    first_row_is(first);
    char line[512];
    int x = cell_of(header(line, sizeof line), "COMPANY");
    cr_assert_gt(x, 0, "%s", line);
    char *lowest = first_by(COMPANY, false, 100), *highest = first_by(COMPANY, true, 100);
    click(x + 1, 3);
    assert_shows("COMPANY↑");
    first_row_is(lowest);
    click(x + 1, 3);
    assert_shows("COMPANY↓");
    first_row_is(highest);
    free(first);
    free(lowest);
    free(highest);
    quit();
}

Test(e2e_columns, sort_by_name_covers_the_loaded_rows_and_says_so_until_G)
{
    start(300);
    assert_shows("100 loaded +");
    command("sort company");
    assert_shows("sort COMPANY ↑ of loaded (G: all)");
    char *loaded = first_by(COMPANY, false, 100);
    first_row_is(loaded);
    keys("G");
    assert_shows("300 loaded ");
    assert_gone("of loaded");
    char *all = first_by(COMPANY, false, 300);
    keys("g");
    first_row_is(all);
    command("sort -email");
    char *last = first_by(EMAIL, true, 300);
    assert_shows("EMAIL↓");
    first_row_is(last);
    free(loaded);
    free(all);
    free(last);
    quit();
}

Test(e2e_columns, columns_shows_exactly_the_ones_chosen)
{
    start(100);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    first_row_is(first);
    command("columns email,company");
    assert_shows("columns: EMAIL,COMPANY");
    char line[512];
    header(line, sizeof line);
    cr_assert(strstr(line, "EMAIL") && strstr(line, "COMPANY"), "%s", line);
    for (int i = 0; i < (int)contacts()->n; i++)
        if (i != EMAIL && i != COMPANY)
            cr_expect_not(strstr(line, contacts()->cols[i].title), "%s shown: %s",
                          contacts()->cols[i].title, line);
    cr_expect_lt(cell_of(line, "EMAIL"), cell_of(line, "COMPANY"), "in the order given");
    command("columns");
    assert_shows("hidden: NAME,FLAGS");
    command("columns all");
    assert_shows("NAME");
    free(first);
    quit();
}

/* The first contact's tags, by name as the tags pane lists them. */
static char *first_contact_tags(void)
{
    struct sendx_page contact = {0}, tags = {0};
    list_page(SENDX_KIND_CONTACT, 0, 1, &contact);
    list_page(SENDX_KIND_TAG, 0, 100, &tags);
    const struct sendx_contact *c = sendx_page_at(&contact, 0);
    cr_assert_gt(c->tags.len, 0, "the first contact has tags");
    char joined[512] = "";
    for (size_t i = 0; i < c->tags.len; i++) {
        const char *name = NULL;
        for (size_t t = 0; t < tags.records.len && !name; t++) {
            const struct sendx_tag *tag = sendx_page_at(&tags, t);
            if (strcmp(tag->id, c->tags.items[i]) == 0)
                name = tag->name;
        }
        cr_assert_not_null(name, "tag %s is listed", c->tags.items[i]);
        strncat(joined, i ? ", " : "", sizeof joined - strlen(joined) - 1);
        strncat(joined, name, sizeof joined - strlen(joined) - 1);
    }
    sendx_page_free(&contact);
    sendx_page_free(&tags);
    return shown(joined, 40);
}

Test(e2e_columns, contacts_show_their_tags_by_name)
{
    start(100);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    first_row_is(first);
    char *tags = first_contact_tags();
    command("columns email,tags");
    assert_shows(tags);
    char line[512];
    cr_expect(strstr(screen_line(4, line, sizeof line), tags), "on the first row: %s", line);
    free(first);
    free(tags);
    quit();
}

/* How many lines of the screen hold text. */
static int lines_with(const char *text)
{
    int n = 0;
    char line[512];
    for (int y = 0; y < ROWS; y++)
        n += strstr(screen_line(y, line, sizeof line), text) != NULL;
    return n;
}

Test(e2e_columns, the_help_lists_only_the_keys_in_force_with_room_for_them)
{
    start(100);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    first_row_is(first);
    keys("Enter");
    wait_title("Contact");
    keys("?");
    assert_shows("Keys:");
    assert_shows("<esc> h <left> <backspace> ");
    cr_expect_eq(lines_with("view.back"), 1, "Esc is listed once, where it is bound:\n%s",
                 tmux_last_screen(tui));
    char line[512];
    for (int y = 0; y < ROWS; y++) {
        screen_line(y, line, sizeof line);
        int keys_at = cell_of(line, "<esc> h <left>"), help_at = cell_of(line, "Go back");
        if (keys_at >= 0)
            cr_expect_gt(help_at, keys_at + (int)strlen("<esc> h <left> <backspace>"),
                         "the keys are whole: %s", line);
    }
    free(first);
    quit();
}

/* Scrolling sends what changes, the row that comes into view and the
 * cursor's two rows, not the screen again: the columns stay put while
 * the rows go by. Some 300 bytes a move; a screen redrawn is over 4,000. */
Test(e2e_columns, a_row_move_sends_a_few_rows_not_the_screen)
{
    start(300);
    char *at_0 = row_text(SENDX_KIND_CONTACT, 0), *at_40 = row_text(SENDX_KIND_CONTACT, 40),
         *at_60 = row_text(SENDX_KIND_CONTACT, 60);
    assert_shows(at_0);
    for (int i = 0; i < 40; i++)
        keys("j");
    assert_shows(at_40);
    char raw[96];
    path_in_dir("raw", raw, sizeof raw);
    cr_assert_eq(tmux_pipe_to(tui, raw), 0);
    for (int i = 0; i < 20; i++)
        keys("j");
    assert_shows(at_60);
    quit();
    struct stat st;
    cr_assert_eq(stat(raw, &st), 0);
    long len = (long)st.st_size;
    cr_assert_gt(len, 20 * 100, "twenty moves, each a row at least: %ld bytes", len);
    cr_assert_lt(len, 20 * 600 + 400, "twenty moves and the exit: %ld bytes", len);
    free(at_0);
    free(at_40);
    free(at_60);
}
