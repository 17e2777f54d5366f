/* The picker: items in name order, narrowed by typed text ignoring case
 * in any script, marked one by one or one of all, a "new" row for text
 * that names nothing, ids the caller could not name kept, and narrowing
 * that stays linear in the items. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api_error.h"
#include "api/model.h"
#include "app/picker.h"
#include "app/text.h"

static void setup(void)
{
    cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
}

TestSuite(picker, .init = setup, .timeout = 30);

static void open_picker(struct picker *p, bool multi, bool allow_new, const char *const *ids,
                        const char *const *names, size_t n, const char *const *marked,
                        size_t n_marked)
{
    struct api_error err = {0};
    int rc = picker_open(p, "Tags", multi, allow_new, ids, names, n, marked, n_marked, &err);
    cr_assert_eq(rc, 0, "%s", api_error_message(&err));
    picker_set_visible(p, 10);
}

static void type(struct picker *p, const char *s)
{
    while (*s) {
        uint32_t cp;
        size_t n = text_utf8_decode((const unsigned char *)s, &cp);
        cr_assert_gt(n, 0);
        cr_assert_eq(picker_insert(p, cp), 0);
        s += n;
    }
}

/* A formatted heap string. */
static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char buf[128];
    int n = vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    cr_assert(n >= 0 && (size_t)n < sizeof buf);
    char *s = strdup(buf);
    cr_assert_not_null(s);
    return s;
}

static const char *row_name(const struct picker *p, size_t row)
{
    const struct picker_item *it = picker_row_item(p, row);
    return it ? it->name : NULL;
}

static void strv_free(struct sendx_strv *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    free(v->items);
}

static const char *const ids[] = {"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"};
static const char *const names[] = {"zebra",  "Älska",      "apple", "Σοφία",
                                    "Москва", "東京タワー", "Apple", "vip"};
#define N (sizeof ids / sizeof ids[0])

Test(picker, items_in_name_order_ignoring_case_and_stable)
{
    struct picker p;
    open_picker(&p, true, false, ids, names, N, NULL, 0);
    cr_assert_eq(p.n_items, N);
    cr_assert_eq(picker_rows(&p), N);
    /* "apple" (t3) before "Apple" (t7): equal names keep their order. */
    const char *want[] = {"apple", "Apple", "vip",    "zebra",
                          "Älska", "Σοφία", "Москва", "東京タワー"};
    for (size_t i = 0; i < N; i++)
        cr_assert_str_eq(row_name(&p, i), want[i], "row %zu", i);
    cr_assert_str_eq(picker_row_item(&p, 0)->id, "t3");
    cr_assert_str_eq(picker_row_item(&p, 1)->id, "t7");
    cr_assert_null(picker_row_item(&p, N));
    cr_assert_str_eq(p.title, "Tags");
    picker_free(&p);
}

Test(picker, narrows_ignoring_case_in_any_script)
{
    const struct {
        const char *typed;
        const char *found;
    } cases[] = {
        {"äl", "Älska"},    {"ÄLS", "Älska"},       {"σοφ", "Σοφία"}, {"ΣΟΦΊΑ", "Σοφία"},
        {"моск", "Москва"}, {"京タ", "東京タワー"}, {"VIP", "vip"},   {"zEb", "zebra"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct picker p;
        open_picker(&p, true, false, ids, names, N, NULL, 0);
        type(&p, cases[c].typed);
        cr_assert_eq(picker_rows(&p), 1, "%s: %zu rows", cases[c].typed, picker_rows(&p));
        cr_assert_str_eq(row_name(&p, 0), cases[c].found, "%s", cases[c].typed);
        picker_free(&p);
    }
}

Test(picker, final_sigma_is_a_sigma)
{
    const char *const i1[] = {"a"}, *const n1[] = {"Ὀδυσσεύς"};
    struct picker p;
    open_picker(&p, true, false, i1, n1, 1, NULL, 0);
    type(&p, "ΣΕΎΣ");
    cr_assert_eq(picker_rows(&p), 1);
    picker_free(&p);
}

Test(picker, narrows_on_the_id_too)
{
    struct picker p;
    open_picker(&p, true, false, ids, names, N, NULL, 0);
    type(&p, "T5");
    cr_assert_eq(picker_rows(&p), 1);
    cr_assert_str_eq(row_name(&p, 0), "Москва");
    picker_free(&p);
}

Test(picker, several_matches_keep_name_order)
{
    struct picker p;
    open_picker(&p, true, false, ids, names, N, NULL, 0);
    type(&p, "a");
    /* apple, Apple, zebra, Älska (its "a" at the end); the rest have none in Latin. */
    cr_assert_eq(picker_rows(&p), 4);
    cr_assert_str_eq(row_name(&p, 0), "apple");
    cr_assert_str_eq(row_name(&p, 1), "Apple");
    cr_assert_str_eq(row_name(&p, 2), "zebra");
    cr_assert_str_eq(row_name(&p, 3), "Älska");
    picker_free(&p);
}

Test(picker, line_edits_widen_and_motions_do_not)
{
    struct picker p;
    open_picker(&p, true, false, ids, names, N, NULL, 0);
    type(&p, "zebx");
    cr_assert_eq(picker_rows(&p), 0);
    cr_assert_null(picker_current_id(&p));
    cr_assert(picker_action(&p, ACTION_PROMPT_BACKSPACE));
    cr_assert_eq(picker_rows(&p), 1);
    cr_assert(picker_action(&p, ACTION_PROMPT_HOME));
    cr_assert(picker_action(&p, ACTION_PROMPT_DELETE));
    cr_assert_str_eq(line_text(&p.filter), "eb");
    cr_assert_eq(picker_rows(&p), 1);
    cr_assert(picker_action(&p, ACTION_PROMPT_END));
    cr_assert(picker_action(&p, ACTION_PROMPT_KILL_START));
    cr_assert_str_eq(line_text(&p.filter), "");
    cr_assert_eq(picker_rows(&p), N);
    cr_assert_not(picker_action(&p, ACTION_PROMPT_ACCEPT));
    cr_assert_not(picker_action(&p, ACTION_PROMPT_CANCEL));
    cr_assert_not(picker_action(&p, ACTION_QUIT));
    picker_free(&p);
}

Test(picker, marks_many_and_reports_them_in_name_order)
{
    struct picker p;
    open_picker(&p, true, false, ids, names, N, NULL, 0);
    cr_assert(picker_action(&p, ACTION_ROW_LAST));
    cr_assert_eq(picker_toggle(&p, NULL), 0); /* 東京タワー, t6 */
    cr_assert(picker_action(&p, ACTION_ROW_FIRST));
    cr_assert_eq(picker_toggle(&p, NULL), 0); /* apple, t3 */
    cr_assert(picker_action(&p, ACTION_ROW_DOWN));
    cr_assert(picker_action(&p, ACTION_ROW_DOWN));
    cr_assert_eq(picker_toggle(&p, NULL), 0); /* vip, t8 */
    cr_assert_eq(picker_toggle(&p, NULL), 0); /* and unmarked again */
    cr_assert_eq(picker_toggle(&p, NULL), 0);
    cr_assert_eq(p.n_marked, 3);

    struct sendx_strv out = {0};
    cr_assert_eq(picker_marked(&p, &out, NULL), 0);
    cr_assert_eq(out.len, 3);
    cr_assert_str_eq(out.items[0], "t3");
    cr_assert_str_eq(out.items[1], "t8");
    cr_assert_str_eq(out.items[2], "t6");
    strv_free(&out);
    picker_free(&p);
}

Test(picker, marks_given_at_open)
{
    const char *const marked[] = {"t2", "t4", "t2"};
    struct picker p;
    open_picker(&p, true, false, ids, names, N, marked, 3);
    cr_assert_eq(p.n_items, N);
    cr_assert_eq(p.n_marked, 2);
    cr_assert_eq(p.cursor, 0, "multi-select starts at the top");
    struct sendx_strv out = {0};
    cr_assert_eq(picker_marked(&p, &out, NULL), 0);
    cr_assert_eq(out.len, 2);
    cr_assert_str_eq(out.items[0], "t2");
    cr_assert_str_eq(out.items[1], "t4");
    strv_free(&out);
    picker_free(&p);
}

Test(picker, marked_ids_it_cannot_name_are_kept)
{
    const char *const marked[] = {"list_gone", "t1", "list_gone", "list_also"};
    struct picker p;
    open_picker(&p, true, false, ids, names, N, marked, 4);
    cr_assert_eq(p.n_items, N + 2);
    cr_assert_eq(p.n_marked, 3);
    type(&p, "gone");
    cr_assert_eq(picker_rows(&p), 1);
    cr_assert_str_eq(row_name(&p, 0), "list_gone");
    cr_assert(picker_row_item(&p, 0)->marked);

    struct sendx_strv out = {0};
    cr_assert_eq(picker_marked(&p, &out, NULL), 0);
    cr_assert_eq(out.len, 3);
    cr_assert_str_eq(out.items[0], "list_also");
    cr_assert_str_eq(out.items[1], "list_gone");
    cr_assert_str_eq(out.items[2], "t1");
    strv_free(&out);
    picker_free(&p);
}

Test(picker, single_select_marks_one_and_starts_on_it)
{
    const char *const marked[] = {"t1"};
    struct picker p;
    open_picker(&p, false, false, ids, names, N, marked, 1);
    cr_assert_str_eq(picker_current_id(&p), "t1"); /* zebra, row 3 */
    cr_assert_eq(p.cursor, 3);
    cr_assert(picker_action(&p, ACTION_ROW_UP));
    cr_assert_str_eq(picker_current_id(&p), "t8");
    cr_assert_eq(picker_toggle(&p, NULL), 0);
    cr_assert_eq(picker_toggle(&p, NULL), 0); /* again: still the one */
    cr_assert_eq(p.n_marked, 1);
    struct sendx_strv out = {0};
    cr_assert_eq(picker_marked(&p, &out, NULL), 0);
    cr_assert_eq(out.len, 1);
    cr_assert_str_eq(out.items[0], "t8");
    strv_free(&out);
    picker_free(&p);
}

Test(picker, new_row_for_text_that_names_nothing)
{
    struct picker p;
    open_picker(&p, true, true, ids, names, N, NULL, 0);
    cr_assert_not(p.offer_new, "nothing typed, nothing to add");
    type(&p, "  app ");
    cr_assert_eq(p.n_view, 2);
    cr_assert(p.offer_new, "\"app\" is part of names but no name");
    cr_assert_eq(picker_rows(&p), 3);
    cr_assert_str_eq(picker_new_text(&p), "app");
    cr_assert(picker_action(&p, ACTION_ROW_LAST));
    cr_assert_eq(p.cursor, 2);
    cr_assert_null(picker_row_item(&p, 2));
    cr_assert_null(picker_current_id(&p));

    cr_assert_eq(picker_toggle(&p, NULL), 0);
    cr_assert_eq(p.n_items, N + 1);
    cr_assert_not(p.offer_new, "now a name is the text");
    cr_assert_eq(picker_rows(&p), 3);
    const struct picker_item *it = picker_row_item(&p, p.cursor);
    cr_assert_str_eq(it->name, "app");
    cr_assert_str_eq(it->id, "app");
    cr_assert(it->marked);
    cr_assert(it->added);
    cr_assert_str_eq(row_name(&p, 0), "app", "in its place by name");

    cr_assert(picker_action(&p, ACTION_PROMPT_KILL_START));
    cr_assert(picker_action(&p, ACTION_ROW_LAST));
    cr_assert_eq(picker_toggle(&p, NULL), 0); /* 東京タワー, t6 */
    struct sendx_strv out = {0};
    cr_assert_eq(picker_marked(&p, &out, NULL), 0);
    cr_assert_eq(out.len, 2);
    cr_assert_str_eq(out.items[0], "app");
    cr_assert_str_eq(out.items[1], "t6");
    strv_free(&out);
    picker_free(&p);
}

Test(picker, no_new_row_when_a_name_matches_ignoring_case)
{
    struct picker p;
    open_picker(&p, true, true, ids, names, N, NULL, 0);
    type(&p, "ÄLSKA");
    cr_assert_not(p.offer_new);
    cr_assert_eq(picker_rows(&p), 1);
    cr_assert_str_eq(picker_new_text(&p), "");
    picker_free(&p);

    open_picker(&p, true, false, ids, names, N, NULL, 0);
    type(&p, "nothing like it");
    cr_assert_not(p.offer_new, "only when new items are allowed");
    cr_assert_eq(picker_rows(&p), 0);
    cr_assert_eq(picker_toggle(&p, NULL), 0, "toggling nothing is harmless");
    cr_assert_eq(p.n_marked, 0);
    picker_free(&p);
}

Test(picker, new_row_in_single_select_replaces_the_mark)
{
    const char *const marked[] = {"t8"};
    struct picker p;
    open_picker(&p, false, true, ids, names, N, marked, 1);
    type(&p, "fresh");
    cr_assert_eq(picker_rows(&p), 1);
    cr_assert_eq(p.cursor, 0);
    cr_assert_eq(picker_toggle(&p, NULL), 0);
    cr_assert_eq(p.n_marked, 1);
    cr_assert_str_eq(picker_current_id(&p), "fresh");
    struct sendx_strv out = {0};
    cr_assert_eq(picker_marked(&p, &out, NULL), 0);
    cr_assert_eq(out.len, 1);
    cr_assert_str_eq(out.items[0], "fresh");
    strv_free(&out);
    picker_free(&p);
}

Test(picker, cursor_stays_in_the_view_and_on_screen)
{
    enum { COUNT = 100 };
    char *idv[COUNT], *namev[COUNT];
    for (int i = 0; i < COUNT; i++) {
        idv[i] = fmt("id%03d", i);
        namev[i] = fmt("name %03d%s", i, i % 10 == 0 ? " tens" : "");
    }
    struct picker p;
    open_picker(&p, true, false, (const char *const *)idv, (const char *const *)namev, COUNT, NULL,
                0);
    picker_set_visible(&p, 10);
    cr_assert(picker_action(&p, ACTION_PAGE_DOWN));
    cr_assert_eq(p.cursor, 10);
    cr_assert_eq(p.top, 1);
    cr_assert(picker_action(&p, ACTION_HALF_DOWN));
    cr_assert_eq(p.cursor, 15);
    cr_assert(picker_action(&p, ACTION_ROW_LAST));
    cr_assert_eq(p.cursor, 99);
    cr_assert_eq(p.top, 90);
    cr_assert(picker_action(&p, ACTION_ROW_DOWN));
    cr_assert_eq(p.cursor, 99, "no further than the last row");
    picker_set_visible(&p, 4);
    cr_assert_eq(p.top, 96);
    cr_assert(picker_action(&p, ACTION_PAGE_UP));
    cr_assert_eq(p.cursor, 95);
    cr_assert_eq(p.top, 95);

    type(&p, "tens");
    cr_assert_eq(picker_rows(&p), 10);
    cr_assert_eq(p.cursor, 0, "narrowing starts at the first row");
    cr_assert_eq(p.top, 0);
    cr_assert(picker_action(&p, ACTION_PAGE_DOWN));
    cr_assert(picker_action(&p, ACTION_PAGE_DOWN));
    cr_assert(picker_action(&p, ACTION_PAGE_DOWN));
    cr_assert_eq(p.cursor, 9);
    cr_assert_eq(p.top, 6);
    cr_assert(picker_action(&p, ACTION_ROW_FIRST));
    cr_assert_eq(p.cursor, 0);
    cr_assert_eq(p.top, 0);
    cr_assert(picker_action(&p, ACTION_ROW_UP));
    cr_assert_eq(p.cursor, 0, "no further than the first row");
    picker_free(&p);
    for (int i = 0; i < COUNT; i++) {
        free(idv[i]);
        free(namev[i]);
    }
}

Test(picker, an_item_without_an_id_is_refused)
{
    const char *const bad[] = {"t1", NULL};
    struct picker p;
    struct api_error err = {0};
    cr_assert_eq(picker_open(&p, "Lists", true, false, bad, NULL, 2, NULL, 0, &err), -1);
    cr_assert_eq(err.kind, API_ERR_INVALID);
    cr_assert_not_null(strstr(api_error_message(&err), "Lists"));
    api_error_clear(&err);
    picker_free(&p);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Quadratic narrowing, 20,000 squared per keystroke, would take minutes
 * over 50 keys; one pass takes milliseconds, even under a sanitizer. */
Test(picker, twenty_thousand_items_narrow_at_once)
{
    enum { COUNT = 20000 };
    char **idv = malloc(COUNT * sizeof *idv), **namev = malloc(COUNT * sizeof *namev);
    char **marked = malloc(COUNT / 2 * sizeof *marked);
    cr_assert(idv && namev && marked);
    for (int i = 0; i < COUNT; i++) {
        idv[i] = fmt("tag_%022d", i);
        namev[i] = fmt("Étiquette %d Überschrift", (i * 7919) % COUNT);
        if (i % 2 == 0)
            marked[i / 2] = idv[i];
    }
    double start = seconds();
    struct picker p;
    open_picker(&p, true, true, (const char *const *)idv, (const char *const *)namev, COUNT,
                (const char *const *)marked, COUNT / 2);
    cr_assert_eq(p.n_marked, COUNT / 2);
    const char *keys = "étiquette 1999";
    for (int k = 0; k < 50; k++) {
        if (k % 16 < 14) {
            uint32_t cp;
            size_t at = strlen(line_text(&p.filter));
            const char *next = keys + (at % strlen(keys));
            size_t n = text_utf8_decode((const unsigned char *)next, &cp);
            cr_assert_gt(n, 0);
            cr_assert_eq(picker_insert(&p, cp), 0);
        } else {
            cr_assert(picker_action(&p, ACTION_PROMPT_BACKSPACE));
        }
    }
    cr_assert(picker_action(&p, ACTION_PROMPT_KILL_START));
    type(&p, "ÉTIQUETTE 1999 ü");
    double took = seconds() - start;
    /* Each number names one item (7919 is prime to 20,000): 1999's, and the new row. */
    cr_assert_eq(picker_rows(&p), 2);
    cr_assert(p.offer_new);
    cr_assert_lt(took, 2.0, "open and 50 keystrokes took %.3f s", took);
    picker_free(&p);
    for (int i = 0; i < COUNT; i++) {
        free(idv[i]);
        free(namev[i]);
    }
    free(idv);
    free(namev);
    free(marked);
}
