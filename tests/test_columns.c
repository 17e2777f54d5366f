/* Columns that fit and reach: widths from what the rows on screen show,
 * the key column first, sideways scrolling, the choice of columns by
 * title, sorting by name or by a click, lists and tags by name, and the
 * help listing only the keys in force. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "api/codec.h"
#include "app/app.h"
#include "app/columns.h"
#include "app/help.h"
#include "app/keys.h"
#include "app/names.h"
#include "app/text.h"

#include "app_fixture.h"

TestSuite(columns, .init = fixture_setup, .fini = fixture_teardown);

enum { EMAIL, NAME, COMPANY, FLAGS, CREATED, LISTS, TAGS };

static const struct column_set *contacts(void)
{
    return columns_for(SENDX_KIND_CONTACT);
}

static void contact(struct sendx_contact *c, const char *email, const char *first,
                    const char *company)
{
    const struct model_type *t = &model_contact_type;
    *c = (struct sendx_contact){0};
    codec_set_string(t, c, SENDX_CONTACT_EMAIL, email);
    codec_set_string(t, c, SENDX_CONTACT_FIRST_NAME, first);
    codec_set_string(t, c, SENDX_CONTACT_COMPANY, company);
}

static void free_contact(struct sendx_contact *c)
{
    codec_free(&model_contact_type, c);
}

Test(columns, the_column_tables_fit_their_limits)
{
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct column_set *s = columns_for((enum sendx_kind)k);
        cr_assert_gt(s->n, 0);
        cr_assert_leq(s->n, COLUMNS_MAX);
        for (size_t i = 0; i < s->n; i++)
            cr_assert_leq(s->cols[i].min_width, s->cols[i].max_width, "%s", s->cols[i].title);
    }
}

Test(columns, widths_come_from_the_content_measured)
{
    struct sendx_contact a, b;
    contact(&a, "a.rather.long.address@example.com", "Al", "X");
    contact(&b, "short@x.io", "Bernadette", NULL);
    int need[COLUMNS_MAX];
    columns_measure_start(contacts(), need);
    cr_expect_eq(need[COMPANY], (int)strlen("COMPANY") + 1, "a title and its sort arrow");
    columns_measure(contacts(), &a, NULL, need);
    columns_measure(contacts(), &b, NULL, need);
    cr_expect_eq(need[EMAIL], (int)strlen("a.rather.long.address@example.com"));
    cr_expect_eq(need[NAME], (int)strlen("Bernadette"), "the widest of the rows");
    cr_expect_eq(need[COMPANY], (int)strlen("COMPANY") + 1, "short text leaves the title's");
    struct sendx_contact c;
    char long_email[200];
    memset(long_email, 'x', 150);
    strcpy(long_email + 150, "@example.com");
    contact(&c, long_email, NULL, NULL);
    columns_measure(contacts(), &c, NULL, need);
    cr_expect_eq(need[EMAIL], contacts()->cols[EMAIL].max_width, "no wider than the maximum");
    free_contact(&a);
    free_contact(&b);
    free_contact(&c);
}

/* Needs as measured: email 34, name 10, company 8, flags 6, created 10,
 * lists 20, tags 12. */
static const int need[COLUMNS_MAX] = {34, 10, 8, 6, 10, 20, 12};

Test(columns, the_key_column_gets_what_it_needs_first)
{
    struct columns_pane cp = {0};
    struct columns_layout l;
    columns_layout(contacts(), &cp, need, 58, &l);
    cr_assert_geq(l.n, 2);
    cr_expect_eq(l.col[0], EMAIL);
    cr_expect_eq(l.width[0], 34, "the email whole at 60 columns");
    cr_expect_eq(l.col[1], NAME);
    cr_expect_eq(l.x[1], 35, "one cell between columns");
    cr_expect_eq(l.width[1], 10, "no blank padding");
    cr_expect(l.more_right);
    cr_expect_not(l.more_left);
    int end = l.x[l.n - 1] + l.width[l.n - 1];
    cr_expect_leq(end, 58);
    columns_layout(contacts(), &cp, need, 20, &l);
    cr_expect_eq(l.n, 1);
    cr_expect_eq(l.width[0], 20, "cut only when the table is narrower than it");
    columns_layout(contacts(), &cp, need, 200, &l);
    cr_expect_eq(l.n, 7, "everything fits");
    cr_expect_not(l.more_right);
}

Test(columns, a_column_at_the_edge_is_cut_only_if_it_keeps_its_least)
{
    struct columns_pane cp = {0};
    struct columns_layout l;
    /* 34 + 1 + 10 + 1 = 46: four cells are too few for COMPANY's 8. */
    columns_layout(contacts(), &cp, need, 50, &l);
    cr_expect_eq(l.n, 2);
    cr_expect(l.more_right);
    /* Twelve cells of LISTS' twenty are some use: it shows, cut. */
    cp.offset = 4;
    columns_layout(contacts(), &cp, need, 47, &l);
    cr_assert_eq(l.n, 2);
    cr_expect_eq(l.col[1], LISTS);
    cr_expect_eq(l.width[1], 12);
    cr_expect(l.more_right, "the rest of it is further right");
    /* A date is no use cut: it waits for a scroll. */
    cp.offset = 3;
    columns_layout(contacts(), &cp, need, 40, &l);
    cr_expect_eq(l.n, 1);
    cr_expect(l.more_right);
}

Test(columns, scrolling_keeps_the_first_column_and_moves_the_rest)
{
    struct columns_pane cp = {.offset = 2};
    struct columns_layout l;
    columns_layout(contacts(), &cp, need, 58, &l);
    cr_expect_eq(l.col[0], EMAIL);
    cr_expect_eq(l.col[1], FLAGS, "NAME and COMPANY scrolled away");
    cr_expect(l.more_left);
    cp.offset = 99;
    columns_layout(contacts(), &cp, need, 58, &l);
    cr_expect_eq(l.n, 2, "scrolled no further than the last column");
    cr_expect_eq(l.col[1], TAGS);
    cr_expect_not(l.more_right);
    cr_expect_eq(columns_at(&l, 0), EMAIL);
    cr_expect_eq(columns_at(&l, 34), -1, "the gap");
    cr_expect_eq(columns_at(&l, 35), TAGS);
    cr_expect_eq(columns_at(&l, 57), -1, "past the last");
}

Test(columns, a_choice_is_read_by_title)
{
    struct columns_pane cp = {0};
    char why[128];
    int order[COLUMNS_MAX];
    cr_assert_eq(columns_choose(&cp, contacts(), "email, COMPANY", why, sizeof why), 0);
    cr_assert_eq(columns_order(&cp, contacts(), order), 2);
    cr_expect_eq(order[0], EMAIL);
    cr_expect_eq(order[1], COMPANY);
    cr_assert_eq(columns_choose(&cp, contacts(), "tag,comp created", why, sizeof why), 0);
    cr_assert_eq(columns_order(&cp, contacts(), order), 3);
    cr_expect_eq(order[0], TAGS, "prefixes and any order");
    cr_expect_eq(order[2], CREATED);
    cr_expect_eq(columns_choose(&cp, contacts(), "email,bogus", why, sizeof why), -1);
    cr_expect(strstr(why, "bogus"), "%s", why);
    cr_expect_eq(cp.n, 3, "a bad choice changes nothing");
    cr_expect_eq(columns_choose(&cp, contacts(), "c", why, sizeof why), -1);
    cr_expect(strstr(why, "several"), "COMPANY and CREATED: %s", why);
    cr_expect_eq(columns_choose(&cp, contacts(), "email,EMAIL", why, sizeof why), -1);
    cr_expect_eq(columns_choose(&cp, contacts(), " , ", why, sizeof why), -1);
    cp.offset = 2;
    cr_assert_eq(columns_choose(&cp, contacts(), "all", why, sizeof why), 0);
    cr_expect_eq(columns_order(&cp, contacts(), order), contacts()->n);
    cr_expect_eq(cp.offset, 0);
    char said[256];
    columns_choose(&cp, contacts(), "name,email", why, sizeof why);
    columns_describe(&cp, contacts(), said, sizeof said);
    cr_expect_str_eq(said, "NAME,EMAIL; hidden: COMPANY,FLAGS,CREATED,LISTS,TAGS");
}

Test(columns, a_column_is_found_by_name_exact_first)
{
    cr_expect_eq(columns_find(contacts(), "Company"), COMPANY);
    cr_expect_eq(columns_find(contacts(), "cr"), CREATED);
    cr_expect_eq(columns_find(contacts(), "c"), -2);
    cr_expect_eq(columns_find(contacts(), "zip"), -1);
    cr_expect_eq(columns_find(contacts(), ""), -1);
    const struct column_set *lists = columns_for(SENDX_KIND_LIST);
    cr_expect_eq(columns_find(lists, "id"), 2);
}

Test(columns, lists_and_tags_show_by_name)
{
    const struct model_type *t = &model_contact_type;
    struct sendx_contact c = {0};
    const char *lists[] = {"list_A", "list_B"}, *tags[] = {"tag_L", "tag_K"};
    codec_set_strings(t, &c, SENDX_CONTACT_LISTS, lists, 2);
    codec_set_strings(t, &c, SENDX_CONTACT_TAGS, tags, 2);
    struct names names = {0};
    names_put(&names, "tag_L", "lead");
    names_put(&names, "tag_K", "重要");
    names_put(&names, "list_A", "Customers");
    const struct column_facts facts = {.names = &names};
    char scratch[COLUMN_SCRATCH];
    cr_expect_str_eq(columns_text(&contacts()->cols[TAGS], &c, &facts, scratch), "lead, 重要");
    cr_expect_str_eq(columns_text(&contacts()->cols[LISTS], &c, &facts, scratch),
                     "Customers, list_B", "an id until its name is known");
    cr_expect_str_eq(columns_text(&contacts()->cols[TAGS], &c, NULL, scratch), "tag_L, tag_K");
    cr_expect_str_eq(columns_text(&contacts()->cols[EMAIL], &c, &facts, scratch), "");
    int need_now[COLUMNS_MAX];
    columns_measure_start(contacts(), need_now);
    columns_measure(contacts(), &c, &facts, need_now);
    cr_expect_eq(need_now[TAGS], text_width("lead, 重要"), "measured as shown");
    names_free(&names);
    free_contact(&c);
}

/* ---- in the app ------------------------------------------------------------ */

static void command(const char *line)
{
    app_key(&app, ':', now);
    type(line);
    app_key(&app, KEYS_ENTER, now);
}

static const char *company_at(size_t i)
{
    return ((const struct sendx_contact *)pane_record(&app.panes[0], i))->company;
}

static const char *email_at(size_t i)
{
    return ((const struct sendx_contact *)pane_record(&app.panes[0], i))->email;
}

Test(columns, sort_by_name_and_again_reverses)
{
    answer(0, 9);
    command("sort comp");
    cr_assert_eq(app.panes[0].sort_col, COMPANY);
    cr_expect_not(app.panes[0].sort_desc);
    cr_expect_str_eq(company_at(0), "Co0");
    command("sort company");
    cr_expect(app.panes[0].sort_desc, "a second :sort of the same column reverses");
    cr_expect_str_eq(company_at(0), "Co2");
    command("sort -email");
    cr_expect_eq(app.panes[0].sort_col, EMAIL);
    cr_expect(app.panes[0].sort_desc);
    cr_expect_str_eq(email_at(0), "user000008@example.com");
    command("sort c");
    cr_expect_eq(level_now(), APP_MSG_WARN);
    cr_expect(strstr(status_now(), "several"), "%s", status_now());
    cr_expect_eq(app.panes[0].sort_col, EMAIL, "unchanged");
    command("sort");
    cr_expect(strstr(status_now(), "COMPANY"), "the columns are named: %s", status_now());
}

Test(columns, a_sort_of_some_rows_says_so_and_names_the_key)
{
    answer(0, 100);
    cr_assert(app.panes[0].plain.more);
    app_key(&app, 's', now);
    cr_expect(strstr(status_now(), "the 100 loaded") && strstr(status_now(), "G loads all"), "%s",
              status_now());
    keymap_unbind(&app.keys, KEYMAP_GLOBAL, ACTION_ROW_LAST);
    keymap_bind(&app.keys, KEYMAP_GLOBAL, "<end>", ACTION_ROW_LAST);
    app_key(&app, 'S', now);
    cr_expect(strstr(status_now(), "<end> loads all"), "the key bound: %s", status_now());
}

/* A page of 100 contacts whose row 30 has a long email. */
static void rows_with_one_long_email(void)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    cr_assert_not_null(job);
    struct fetch_result *r = page_for(job, 100, 0, 0);
    struct sendx_contact *c30 = sendx_page_at(&r->page, 30);
    codec_set_string(&model_contact_type, c30, SENDX_CONTACT_EMAIL,
                     "a.much.longer.address.than.the.others@example.com");
    app_result(&app, r, now);
    fixture_layout();
}

/* One key, then the frame that follows it. */
static void press(enum action act, int times)
{
    for (int i = 0; i < times; i++) {
        app_action(&app, act, now);
        fixture_layout();
    }
}

static int email_width(void)
{
    struct columns_layout l;
    table_columns_layout(&app, 200, &l);
    cr_assert_eq(l.col[0], EMAIL);
    return l.width[0];
}

Test(columns, columns_stay_put_while_scrolling_and_fit_anew_when_the_view_changes)
{
    rows_with_one_long_email();
    int usual = (int)strlen("user000001@example.com");
    int longer = (int)strlen("a.much.longer.address.than.the.others@example.com");
    cr_assert_eq(email_width(), usual, "rows 0 to 19 on screen");
    press(ACTION_ROW_DOWN, 30);
    cr_assert_eq(app.panes[0].top, 11);
    cr_expect_eq(email_width(), longer, "row 30 came on screen");
    press(ACTION_ROW_UP, 30);
    cr_assert_eq(app.panes[0].top, 0);
    cr_expect_eq(email_width(), longer, "scrolled back, the columns did not move");
    /* A jump to rows away from those measured fits them anew. */
    press(ACTION_ROW_LAST, 1);
    cr_assert_eq(app.panes[0].top, 80);
    cr_expect_eq(email_width(), usual);
    press(ACTION_ROW_FIRST, 1);
    press(ACTION_ROW_DOWN, 30);
    cr_expect_eq(email_width(), longer);
    /* So does a sort, which makes the view anew. */
    command("sort -company");
    fixture_layout();
    cr_assert_eq(app.panes[0].top, 0);
    cr_expect_eq(email_width(), usual, "the long email is not among the first rows: %s",
                 email_at(0));
}

Test(columns, a_click_on_a_header_sorts_and_again_reverses)
{
    answer(0, 9);
    struct columns_layout l;
    table_columns_layout(&app, 78, &l);
    cr_assert_geq(l.n, 3);
    cr_assert_eq(l.col[2], COMPANY);
    int x = TABLE_COLUMNS_LEFT + l.x[2] + 1;
    table_columns_click(&app, x, 80, now);
    cr_expect_eq(app.panes[0].sort_col, COMPANY);
    cr_expect_not(app.panes[0].sort_desc);
    table_columns_click(&app, x, 80, now);
    cr_expect(app.panes[0].sort_desc);
    cr_expect_str_eq(company_at(0), "Co2");
    table_columns_click(&app, 0, 80, now);
    cr_expect_eq(app.panes[0].sort_col, COMPANY, "the marker is no column");
}

Test(columns, columns_are_chosen_and_scrolled_per_pane)
{
    answer(0, 9);
    command("columns company,email");
    struct columns_layout l;
    table_columns_layout(&app, 118, &l);
    cr_assert_eq(l.n, 2);
    cr_expect_eq(l.col[0], COMPANY);
    cr_expect_eq(l.col[1], EMAIL);
    cr_expect(strstr(status_now(), "COMPANY,EMAIL"), "%s", status_now());
    command("columns");
    cr_expect(strstr(status_now(), "hidden: NAME"), "%s", status_now());
    command("columns nope");
    cr_expect_eq(level_now(), APP_MSG_WARN);
    app_key(&app, '>', now);
    cr_expect_eq(app.columns[0].offset, 0, "nothing further right");
    command("columns all");
    app_key(&app, '>', now);
    app_key(&app, '>', now);
    cr_expect_eq(app.columns[0].offset, 2);
    table_columns_layout(&app, 58, &l);
    cr_expect_eq(l.col[0], EMAIL);
    cr_expect_eq(l.col[1], FLAGS);
    cr_expect(l.more_left);
    app_key(&app, '<', now);
    cr_expect_eq(app.columns[0].offset, 1);
    cr_expect_eq(app.columns[SENDX_KIND_LIST].offset, 0, "each pane its own");
    app_key(&app, 's', now);
    app_key(&app, 's', now);
    cr_expect_eq(app.panes[0].sort_col, NAME, "s steps through the columns shown");
}

/* ---- the help ------------------------------------------------------------------ */

static bool lists(enum keymap_context ctx, enum keymap_context section, enum action act,
                  const char *keys)
{
    size_t n = help_count(&app.keys, ctx, NULL);
    struct help_row rows[256];
    cr_assert_leq(n, 256);
    help_rows(&app.keys, ctx, NULL, rows, n);
    for (size_t i = 0; i < n; i++)
        if (rows[i].ctx == section && rows[i].action == act &&
            (!keys || strcmp(rows[i].keys, keys) == 0))
            return true;
    return false;
}

Test(columns, the_help_lists_only_the_keys_in_force)
{
    cr_expect(lists(KEYMAP_TABLE, KEYMAP_GLOBAL, ACTION_ROW_DOWN, "j <down>"));
    cr_expect(lists(KEYMAP_TABLE, KEYMAP_PROMPT, ACTION_PROMPT_ACCEPT, NULL),
              "the table opens a prompt");
    cr_expect(lists(KEYMAP_FORM, KEYMAP_GLOBAL, ACTION_QUIT, NULL), "Ctrl-c quits everywhere");
    cr_expect_not(lists(KEYMAP_FORM, KEYMAP_GLOBAL, ACTION_ROW_DOWN, NULL), "j is text in a form");
    cr_expect_not(lists(KEYMAP_FORM, KEYMAP_GLOBAL, ACTION_HELP, NULL));
    cr_expect_not(lists(KEYMAP_FORM, KEYMAP_PROMPT, ACTION_PROMPT_ACCEPT, NULL),
                  "a form opens no prompt");
    cr_expect_not(lists(KEYMAP_CONFIRM, KEYMAP_GLOBAL, ACTION_PANE_LISTS, NULL));
    cr_expect(lists(KEYMAP_DETAIL, KEYMAP_DETAIL, ACTION_BACK, "<esc> h <left> <backspace>"));
    cr_expect_not(lists(KEYMAP_DETAIL, KEYMAP_GLOBAL, ACTION_BACK, NULL),
                  "Esc is listed once, where it is bound");
    /* A global key the view takes for itself is not the global action. */
    keymap_bind(&app.keys, KEYMAP_TABLE, "j", ACTION_SORT_NEXT);
    cr_expect(lists(KEYMAP_TABLE, KEYMAP_GLOBAL, ACTION_ROW_DOWN, "<down>"));
}

Test(columns, the_help_key_column_fits_the_longest_keys)
{
    cr_expect_geq(help_keys_width(&app.keys, KEYMAP_DETAIL),
                  text_width("<esc> h <left> <backspace>"));
    cr_expect_lt(help_keys_width(&app.keys, KEYMAP_CONFIRM), 22);
}
