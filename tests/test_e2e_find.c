/* End to end, finding (issue 9): the filter finds what is on screen by
 * words in any column, accent-free typing, `-word` and `column:` prefixes;
 * the server's answer joins the loaded matches rather than replacing
 * them, and is not asked for once everything is loaded; q clears a
 * filter before it quits; the contacts-of scan goes on out of sight.
 * What to look for is asked of the mock through the API. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/sendx.h"
#include "app/query.h"
#include "e2e.h"

TestSuite(e2e_find, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

/* The first page of contacts, as the app loads it. */
static void first_page(struct sendx_page *page)
{
    list_page(SENDX_KIND_CONTACT, 0, 100, page);
    cr_assert_geq(page->records.len, 1);
}

/* The first contact of page for which want says yes, or fails. */
static const struct sendx_contact *find_contact(const struct sendx_page *page,
                                                bool (*want)(const struct sendx_contact *c),
                                                const char *what)
{
    for (size_t i = 0; i < page->records.len; i++) {
        const struct sendx_contact *c = sendx_page_at(page, i);
        if (want(c))
            return c;
    }
    cr_assert_fail("no contact on the first page %s", what);
    return NULL;
}

/* How a contact's row is told apart on screen: its email's start. */
static char *email_start(const struct sendx_contact *c)
{
    return shown(c->email, 16);
}

static void filter(const char *text)
{
    keys("/");
    type(text);
    keys("Enter");
}

static bool has_full_name(const struct sendx_contact *c)
{
    return c->first_name && c->last_name && strlen(c->first_name) > 1 && strlen(c->last_name) > 2 &&
           c->email;
}

Test(e2e_find, a_full_name_on_screen_is_found_and_so_are_its_parts)
{
    start(500);
    struct sendx_page page = {0};
    first_page(&page);
    const struct sendx_contact *c = find_contact(&page, has_full_name, "with a full name");
    char *row = email_start(c);
    assert_shows(row);
    char text[256];
    snprintf(text, sizeof text, "%s %s", c->first_name, c->last_name);
    filter(text);
    assert_shows(row);
    assert_gone("nothing here");
    keys("Escape");
    assert_gone("filter \"");
    /* A first name and the start of the last, in lower case. */
    char *first = query_fold(c->first_name);
    char *last = query_fold(c->last_name);
    snprintf(text, sizeof text, "%s %.2s", first, last);
    filter(text);
    assert_shows(row);
    keys("Escape");
    assert_gone("filter \"");
    /* The end of the email's local part, with its @. */
    size_t at = strcspn(c->email, "@");
    snprintf(text, sizeof text, "%.*s", (int)(at > 4 ? 5 : at + 1),
             c->email + (at > 4 ? at - 4 : 0));
    filter(text);
    assert_shows(row);
    free(first);
    free(last);
    free(row);
    sendx_page_free(&page);
    quit();
}

/* A last name whose accents fold away into plain ASCII ("Müller"). */
static bool has_accented_latin_name(const struct sendx_contact *c)
{
    if (!c->last_name || !c->email)
        return false;
    char *folded = query_fold(c->last_name);
    bool ascii = folded && strlen(folded) > 2;
    for (const char *s = folded; ascii && *s; s++)
        ascii = (unsigned char)*s < 0x80 && *s != ' ';
    bool accented = ascii && strcasecmp(folded, c->last_name) != 0;
    free(folded);
    return accented;
}

Test(e2e_find, typing_without_accents_finds_an_accented_name)
{
    start(500);
    struct sendx_page page = {0};
    first_page(&page);
    const struct sendx_contact *c =
        find_contact(&page, has_accented_latin_name, "with an accented Latin last name");
    char *row = email_start(c);
    char *folded = query_fold(c->last_name);
    assert_shows(row);
    filter(folded);
    assert_shows(row);
    assert_gone("nothing here");
    free(folded);
    free(row);
    sendx_page_free(&page);
    quit();
}

static bool has_company(const struct sendx_contact *c)
{
    return c->company && strlen(c->company) > 2 && !strchr(c->company, ' ') && c->email;
}

Test(e2e_find, a_column_prefix_and_a_minus_word)
{
    start(500);
    struct sendx_page page = {0};
    first_page(&page);
    const struct sendx_contact *c = find_contact(&page, has_company, "with a one-word company");
    char *row = email_start(c);
    char text[256];
    snprintf(text, sizeof text, "company:%s", c->company);
    filter(text);
    assert_shows(row);
    /* Then the same, without this contact. */
    size_t at = strcspn(c->email, "@");
    snprintf(text, sizeof text, " -%.*s@", (int)at, c->email);
    filter(text);
    assert_gone(row);
    free(row);
    sendx_page_free(&page);
    quit();
}

Test(e2e_find, the_servers_answer_joins_the_loaded_matches)
{
    start(500);
    struct sendx_page page = {0};
    first_page(&page);
    /* A company: the server's search looks at names and emails only. */
    const struct sendx_contact *c = find_contact(&page, has_company, "with a one-word company");
    char *row = email_start(c);
    assert_shows(row);
    filter(c->company);
    assert_shows(row);
    assert_shows("from the server");
    assert_shows(row);
    assert_gone("nothing here");
    free(row);
    sendx_page_free(&page);
    quit();
}

/* Lines of log after the first that holds mark, holding all words. */
static size_t lines_after(const char *log, const char *mark, const char *const *words)
{
    const char *line = strstr(log, mark);
    size_t n = 0;
    while (line && *line) {
        size_t len = strcspn(line, "\n");
        bool all = true;
        for (size_t i = 0; all && words[i]; i++) {
            const char *w = strstr(line, words[i]);
            all = w && w < line + len;
        }
        n += all;
        line += len + (line[len] == '\n');
    }
    return n;
}

Test(e2e_find, with_everything_loaded_the_server_is_not_searched)
{
    start_mock(300);
    char log_file[96], args[160];
    snprintf(args, sizeof args, "--log '%s'", path_in_dir("log", log_file, sizeof log_file));
    start_tui_with(args);
    struct sendx_page page = {0};
    first_page(&page);
    const struct sendx_contact *c = find_contact(&page, has_full_name, "with a full name");
    char *row = email_start(c);
    assert_shows("100 loaded +");
    keys("G");
    assert_shows("300 contacts in");
    filter(c->last_name);
    assert_shows(row);
    assert_shows("(local)");
    keys("q");
    assert_gone("filter \"");
    keys("q");
    expect_clean_exit();
    char *log = slurp(log_file);
    const char *searched[] = {"GET /contact?", "search=", NULL};
    cr_assert_not(log_has_line(log, searched), "no search once all is loaded:\n%s", log);
    free(log);
    free(row);
    sendx_page_free(&page);
}

Test(e2e_find, q_clears_the_filter_before_it_quits)
{
    start(200);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    filter("zzzzqqq");
    assert_shows("filter \"zzzzqqq\"");
    keys("q");
    assert_gone("filter \"zzzzqqq\"");
    assert_shows(first);
    free(first);
    keys("q");
    expect_clean_exit();
}

/* Waits until the log shows `n` lines after mark with words. */
static void wait_log(const char *path, const char *mark, const char *const *words, size_t n)
{
    struct timespec start, now, pause = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        char *log = slurp(path);
        size_t got = lines_after(log, mark, words);
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        if (got >= n || ms > WAIT_MS) {
            cr_assert_geq(got, n, "%zu of %zu lines with %s after \"%s\":\n%.4000s", got, n,
                          words[0], mark, log);
            free(log);
            return;
        }
        free(log);
        nanosleep(&pause, NULL);
    }
}

Test(e2e_find, the_contacts_of_scan_goes_on_while_another_pane_is_shown)
{
    start_mock(100000);
    char log_file[96], args[160];
    snprintf(args, sizeof args, "--log '%s'", path_in_dir("log", log_file, sizeof log_file));
    start_tui_with(args);
    keys("3");
    wait_title("Tags");
    assert_gone("loading");
    keys("c");
    assert_shows(" checked +");
    keys("2");
    wait_title("Lists");
    const char *pages[] = {"request GET /contact?", "status 200", NULL};
    wait_log(log_file, "ui: pane lists", pages, 2);
    keys(":");
    type("contacts-of");
    keys("Enter");
    assert_shows(" found · ");
    assert_gone(" 0 checked");
    quit();
}
