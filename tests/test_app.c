/* The update logic without a terminal or threads: keys and synthetic
 * fetch results go in, state and queued jobs come out. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "api/codec.h"
#include "app/app.h"
#include "app/columns.h"
#include "app/app_parts.h"
#include "app/detail.h"
#include "app/enums.h"
#include "app/help.h"
#include "app/keys.h"
#include "app/text.h"

#include "app_fixture.h"

TestSuite(app, .init = fixture_setup, .fini = fixture_teardown);

Test(app, starts_with_the_first_page_and_the_name_caches)
{
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 1);
    cr_assert_eq(count_jobs(FETCH_FOR_NAMES, -1), NAME_LOADS_KINDS);
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    cr_assert_eq(job->kind, SENDX_KIND_CONTACT);
    cr_assert_eq(job->offset, 0);
    cr_assert_eq(job->limit, APP_PAGE_ROWS);
    cr_assert(app_result(&app, page_for(job, 100, 0, 0), now) & APP_REDRAW);
    cr_assert_eq(app.panes[0].n_view, 100);
    cr_assert(app.panes[0].plain.more);
}

Test(app, moving_near_the_end_fetches_the_next_page_ahead)
{
    answer(0, 100);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0, "no prefetch at the top");
    for (int i = 0; i < 50; i++)
        app_key(&app, 'j', now);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0, "still far from the end");
    for (int i = 0; i < 15; i++)
        app_key(&app, 'j', now);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 1, "the next page is asked for ahead");
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    cr_assert_eq(job->offset, 100);
    app_result(&app, page_for(job, 100, 100, 0), now);
    cr_assert_eq(app.panes[0].n_view, 200);
    cr_assert_eq(app.panes[0].cursor, 65, "arrival keeps the cursor");
    app_key(&app, 'j', now);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0, "one page at a time");
}

Test(app, a_short_page_ends_the_rows)
{
    answer(0, 30);
    cr_assert_not(app.panes[0].plain.more);
    app_action(&app, ACTION_ROW_LAST, now);
    cr_assert_eq(app.panes[0].cursor, 29);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0);
}

Test(app, stale_results_are_dropped_and_their_requests_cancelled)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    unsigned long old_gen = job->gen;
    app_key(&app, '2', now); /* to the lists pane */
    cr_assert_eq(app.current, SENDX_KIND_LIST);
    cr_assert(http_cancel_fired(job->cancel), "leaving the pane cancels its request");
    cr_assert_eq(app_result(&app, page_for(job, 100, 0, 0), now), 0);
    cr_assert_eq(app.panes[0].plain.len, 0, "the stale page is not shown");
    app_key(&app, '1', now);
    struct fetch_job *again = take(FETCH_FOR_PANE, 0);
    cr_assert_not_null(again, "coming back asks again");
    cr_assert_eq(again->offset, 0);
    cr_assert_gt(again->gen, old_gen);
    app_result(&app, page_for(again, 10, 0, 0), now);
    cr_assert_eq(app.panes[0].n_view, 10);
}

Test(app, an_error_is_shown_and_r_retries)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    struct fetch_result *r = page_for(job, 0, 0, 0);
    r->rc = -1;
    api_error_set(&r->err, API_ERR_HTTP, 503, "service unavailable");
    app_result(&app, r, now);
    cr_assert_eq(level_now(), APP_MSG_ERROR);
    cr_assert(strstr(status_now(), "service unavailable"));
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0, "no automatic loop on errors");
    app_key(&app, 'r', now);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 1);
}

Test(app, retry_notices_set_a_countdown_timer)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    struct fetch_result *n = calloc(1, sizeof *n);
    n->type = FETCH_RESULT_RETRY;
    n->job_id = job->id;
    n->retry.status = 503;
    n->retry.wait_ms = 3000;
    app_result(&app, n, now);
    cr_assert_eq(app.retry_until, now + 3000);
    cr_assert_eq(app.retry_status, 503);
    long t = app_timeout(&app, now);
    cr_assert(t > 0 && t <= 1000, "wakes for the next second of the countdown: %ld", t);
    app_result(&app, page_for(job, 5, 0, 0), now + 3100);
    cr_assert_eq(app.retry_until, 0);
}

Test(app, idle_needs_no_timer)
{
    answer(0, 10);
    for (int i = 0; i < NAME_LOADS_KINDS; i++) {
        struct fetch_job *job = take(FETCH_FOR_NAMES, -1);
        app_result(&app, page_for(job, 0, 0, 0), now);
    }
    cr_assert_eq(app.jobs.n_inflight, 0);
    cr_assert_eq(app_timeout(&app, now), -1);
}

Test(app, filter_narrows_loaded_rows_live)
{
    answer(0, 100);
    app_key(&app, '/', now);
    cr_assert(app_prompt_shown(&app) && app_prompt_shown(&app)->kind == APP_PROMPT_FILTER);
    type("user00001");
    cr_assert_eq(app.panes[0].n_view, 10, "user000010..19 match");
    cr_assert_str_eq(app_filter_scope(&app.panes[0]), "local, searching server");
    app_key(&app, KEYS_BACKSPACE, now);
    cr_assert_eq(app.panes[0].n_view, 100);
    type("9");
    cr_assert_eq(app.panes[0].n_view, 10, "user000090..99");
    app_key(&app, KEYS_ENTER, now);
    cr_assert_null(app_prompt_shown(&app));
    cr_assert_str_eq(app.panes[0].filter, "user00009");
    app_key(&app, KEYS_ESC, now);
    cr_assert_null(app.panes[0].filter, "Esc in the table clears the filter");
    cr_assert_eq(app.panes[0].n_view, 100);
}

Test(app, the_filter_is_edited_where_the_cursor_is)
{
    answer(0, 100);
    app_key(&app, '/', now);
    type("user0009");
    for (int i = 0; i < 3; i++)
        app_key(&app, KEYS_LEFT, now);
    type("0");
    cr_expect_str_eq(app.panes[0].filter, "user00009", "typed before the last three");
    cr_expect_eq(app.panes[0].n_view, 10);
    app_key(&app, KEYS_CTRL('k'), now);
    cr_expect_str_eq(app.panes[0].filter, "user00", "Ctrl-k cuts to the end");
    app_key(&app, KEYS_CTRL('a'), now);
    app_key(&app, KEYS_DELETE, now);
    cr_expect_str_eq(app.panes[0].filter, "ser00", "Delete at the start");
    app_key(&app, KEYS_CTRL('e'), now);
    app_key(&app, KEYS_LEFT, now);
    app_key(&app, KEYS_CTRL('u'), now);
    cr_expect_str_eq(app.panes[0].filter, "0", "Ctrl-u cuts to the start only");
    app_key(&app, KEYS_ESC, now);
    cr_expect_null(app.panes[0].filter, "Esc puts back the filter there was: none");
}

Test(app, escape_in_the_filter_prompt_restores_the_old_filter)
{
    answer(0, 100);
    app_key(&app, '/', now);
    type("user00002");
    app_key(&app, KEYS_ENTER, now);
    app_key(&app, '/', now);
    type("xyz");
    cr_assert_eq(app.panes[0].n_view, 0);
    app_key(&app, KEYS_ESC, now);
    cr_assert_str_eq(app.panes[0].filter, "user00002");
    cr_assert_eq(app.panes[0].n_view, 10);
}

Test(app, search_runs_on_the_server_after_a_pause_and_merges_rows)
{
    answer(0, 100);
    app_key(&app, '/', now);
    type("9@e");
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0, "not while typing");
    long t = app_timeout(&app, now);
    cr_assert(t > 0 && t <= APP_SEARCH_DELAY_MS);
    now += APP_SEARCH_DELAY_MS;
    app_tick(&app, now);
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    cr_assert_not_null(job);
    cr_assert(job->search);
    cr_assert_str_eq(job->query, "9@e");
    /* Typing on makes that search stale. */
    type("x");
    cr_assert(http_cancel_fired(job->cancel));
    cr_assert_eq(app_result(&app, page_for(job, 3, 500, 0), now), 0);
    now += APP_SEARCH_DELAY_MS;
    app_tick(&app, now);
    job = take(FETCH_FOR_PANE, 0);
    cr_assert_str_eq(job->query, "9@ex");
    cr_assert_eq(app.panes[0].n_view, 10, "user000009, 19, ... 99 are loaded");
    /* user000109 is news; 110 and 111 do not pass the filter. */
    app_result(&app, page_for(job, 3, 109, 0), now);
    cr_assert(app.panes[0].searching);
    cr_assert_eq(app.panes[0].n_view, 11, "the server's rows join the loaded ones");
    cr_assert_eq(pane_view_from_search(&app.panes[0]), 1);
    cr_assert_str_eq(status_now(), "10 local + 1 from the server in 0 ms");
    app_key(&app, KEYS_ESC, now); /* close the prompt: back to the previous (no) filter */
    cr_assert_not(app.panes[0].searching);
    cr_assert_eq(app.panes[0].n_view, 100, "the plain rows were kept");
}

Test(app, one_character_or_unsearchable_kinds_stay_local)
{
    answer(0, 100);
    app_key(&app, '/', now);
    type("u");
    cr_assert_eq(app.panes[0].search_due, 0, "one character is not sent");
    app_key(&app, KEYS_ESC, now);
    app_key(&app, '3', now); /* tags: no server search */
    answer(SENDX_KIND_TAG, 10);
    app_key(&app, '/', now);
    type("tag-1");
    cr_assert_eq(app.panes[SENDX_KIND_TAG].n_view, 1);
    cr_assert_str_eq(app_filter_scope(&app.panes[SENDX_KIND_TAG]), "local");
    now += 1000;
    app_tick(&app, now);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, SENDX_KIND_TAG), 0);
}

static const char *company_at(size_t i)
{
    return ((const struct sendx_contact *)pane_record(&app.panes[0], i))->company;
}

static const char *email_at(size_t i)
{
    return ((const struct sendx_contact *)pane_record(&app.panes[0], i))->email;
}

Test(app, sort_cycles_columns_and_reverses)
{
    answer(0, 9);
    app_key(&app, 's', now);
    cr_assert_eq(app.panes[0].sort_col, 0); /* EMAIL */
    cr_assert_str_eq(email_at(0), "user000000@example.com");
    app_key(&app, 'S', now);
    cr_assert(app.panes[0].sort_desc);
    cr_assert_str_eq(email_at(0), "user000008@example.com");
    for (size_t i = 1; i < columns_for(SENDX_KIND_CONTACT)->n; i++)
        app_key(&app, 's', now);
    cr_assert_eq(app.panes[0].sort_col, (int)columns_for(SENDX_KIND_CONTACT)->n - 1);
    app_key(&app, 's', now);
    cr_assert_eq(app.panes[0].sort_col, -1, "back to the server's order");
}

Test(app, sort_is_stable_and_merges_arriving_pages)
{
    answer(0, 100);
    app_key(&app, 's', now);
    app_key(&app, 's', now);
    app_key(&app, 's', now); /* COMPANY: Co0, Co1, Co2 by i % 3 */
    cr_assert_eq(app.panes[0].sort_col, 2);
    app_action(&app, ACTION_ROW_LAST, now);
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    app_result(&app, page_for(job, 50, 100, 0), now);
    struct app_pane *p = &app.panes[0];
    cr_assert_eq(p->n_view, 150);
    for (size_t i = 1; i < p->n_view; i++) {
        int c = strcmp(company_at(i - 1), company_at(i));
        cr_assert_leq(c, 0, "sorted at %zu", i);
        if (c == 0)
            cr_assert_lt(strcmp(email_at(i - 1), email_at(i)), 0,
                         "equal companies keep load order at %zu", i);
    }
}

/* G asks the next pages before their turn, each on the bulk lane, and
 * files them in order whatever order they come back in; the end of the
 * rows cancels what was asked beyond it. */
Test(app, G_asks_pages_ahead_and_files_them_in_order)
{
    answer(0, 100);
    app_key(&app, 'G', now);
    cr_assert(app.panes[0].load_all);
    cr_assert_eq(app.panes[0].cursor, 99);
    struct fetch_job *page[FETCH_BULK_WORKERS];
    for (int i = 0; i < FETCH_BULK_WORKERS; i++) {
        page[i] = take(FETCH_FOR_PANE, 0);
        cr_assert_not_null(page[i], "page %d is asked at once", i);
        cr_assert_eq(page[i]->offset, 100 + 1000L * i);
        cr_assert_eq(page[i]->limit, 1000);
        cr_assert_eq(page[i]->lane, FETCH_LANE_BULK);
    }
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0, "no more than the bulk lane's workers");
    /* The second comes back first: it waits for the first. */
    app_result(&app, page_for(page[1], 1000, 1100, 0), now);
    cr_assert_eq(app.panes[0].n_view, 100);
    app_result(&app, page_for(page[0], 1000, 100, 0), now);
    cr_assert_eq(app.panes[0].n_view, 2100, "both filed, in order");
    cr_assert_eq(app.panes[0].cursor, app.panes[0].n_view - 1, "the cursor follows the end");
    struct fetch_job *next = take(FETCH_FOR_PANE, 0);
    cr_assert_not_null(next, "one more asked to keep the lane busy");
    cr_assert_eq(next->offset, 3100);
    /* The third is the last: what was asked beyond it is cancelled. */
    app_result(&app, page_for(page[2], 123, 2100, 0), now);
    cr_assert_eq(app.panes[0].n_view, 2223);
    cr_assert_not(app.panes[0].load_all);
    cr_assert(http_cancel_fired(next->cancel), "the page past the end is not wanted");
    cr_assert_eq(count_live_jobs(FETCH_FOR_PANE, 0), 0);
    fetch_job_free(next);
    for (size_t i = 0; i < app.panes[0].n_view; i++) {
        char want[64];
        snprintf(want, sizeof want, "user%06zu@example.com", i);
        cr_assert_str_eq(email_at(i), want, "row %zu in the server's order", i);
    }
}

/* A 429 while loading whole: no page is asked ahead any more. */
Test(app, G_after_a_429_asks_one_page_at_a_time)
{
    answer(0, 100);
    app_key(&app, 'G', now);
    struct fetch_job *head = take(FETCH_FOR_PANE, 0);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), FETCH_BULK_WORKERS - 1);
    struct fetch_result *retry = calloc(1, sizeof *retry);
    *retry = (struct fetch_result){
        .type = FETCH_RESULT_RETRY, .job_id = head->id, .retry = {.status = 429, .wait_ms = 1000}};
    app_result(&app, retry, now);
    cr_assert_eq(count_live_jobs(FETCH_FOR_PANE, 0), 0, "the pages asked ahead are cancelled");
    app_result(&app, page_for(head, 1000, 100, 0), now);
    cr_assert_eq(count_live_jobs(FETCH_FOR_PANE, 0), 1, "then one page at a time");
    struct fetch_job *next = take(FETCH_FOR_PANE, 0);
    while (next && http_cancel_fired(next->cancel)) {
        fetch_job_free(next);
        next = take(FETCH_FOR_PANE, 0);
    }
    cr_assert_not_null(next);
    cr_assert_eq(next->offset, 1100);
    fetch_job_free(next);
}

Test(app, panes_keep_their_own_filter_and_sort)
{
    answer(0, 100);
    app_key(&app, 's', now);
    app_key(&app, '/', now);
    type("user00001");
    app_key(&app, KEYS_ENTER, now);
    app_key(&app, KEYS_TAB, now);
    cr_assert_eq(app.current, SENDX_KIND_LIST);
    cr_assert_eq(app.panes[SENDX_KIND_LIST].sort_col, -1);
    cr_assert_null(app.panes[SENDX_KIND_LIST].filter);
    app_key(&app, KEYS_BACKTAB, now);
    cr_assert_eq(app.current, SENDX_KIND_CONTACT);
    cr_assert_eq(app.panes[0].sort_col, 0);
    cr_assert_str_eq(app.panes[0].filter, "user00001");
    cr_assert_eq(app.panes[0].n_view, 10);
}

Test(app, the_campaign_filter_cycles_and_refetches)
{
    app_key(&app, '4', now);
    answer(SENDX_KIND_CAMPAIGN, 10);
    const enum sendx_campaign_filter order[] = {SENDX_CAMPAIGNS_DRAFT, SENDX_CAMPAIGNS_SCHEDULED,
                                                SENDX_CAMPAIGNS_SENT, SENDX_CAMPAIGNS_ALL};
    for (int i = 0; i < 4; i++) {
        app_key(&app, 'f', now);
        cr_assert_eq(app.panes[SENDX_KIND_CAMPAIGN].campaign_filter, order[i]);
        struct fetch_job *job = take(FETCH_FOR_PANE, SENDX_KIND_CAMPAIGN);
        cr_assert_not_null(job);
        cr_assert_eq(job->campaign_filter, order[i]);
        cr_assert_eq(job->offset, 0);
        app_result(&app, page_for(job, 2, 0, 0), now);
        cr_assert_eq(app.panes[SENDX_KIND_CAMPAIGN].n_view, 2);
    }
}

Test(app, command_mode_completes_and_runs)
{
    app_key(&app, ':', now);
    type("camp");
    app_key(&app, KEYS_TAB, now);
    cr_assert_str_eq(line_text(&app_prompt_shown(&app)->line), "campaigns");
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(app.current, SENDX_KIND_CAMPAIGN);
    app_key(&app, ':', now);
    type("bogus");
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(level_now(), APP_MSG_WARN);
    cr_assert(strstr(status_now(), "unknown command"));
    app_key(&app, ':', now);
    app_key(&app, KEYS_UP, now);
    cr_assert_str_eq(line_text(&app_prompt_shown(&app)->line), "bogus");
    app_key(&app, KEYS_UP, now);
    cr_assert_str_eq(line_text(&app_prompt_shown(&app)->line), "campaigns");
    app_key(&app, KEYS_ESC, now);
    app_key(&app, ':', now);
    type("q");
    cr_assert(app_key(&app, KEYS_ENTER, now) & APP_QUIT);
}

Test(app, q_goes_back_then_quits)
{
    answer(0, 5);
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(app_screen(&app), SCREEN_DETAIL);
    cr_assert_eq(count_jobs(FETCH_FOR_DETAIL, -1), 1, "the full record is fetched");
    cr_assert_not(app_key(&app, 'q', now) & APP_QUIT);
    cr_assert_eq(app_screen(&app), SCREEN_TABLE);
    cr_assert(app_key(&app, 'q', now) & APP_QUIT);
    cr_assert(app_key(&app, KEYS_CTRL('c'), now) & APP_QUIT);
}

Test(app, help_lists_bindings_and_filters)
{
    app_key(&app, '?', now);
    cr_assert_not_null(app_help_shown(&app));
    cr_assert_eq(app_context(&app), KEYMAP_HELP);
    app_key(&app, '/', now);
    type("sort");
    cr_assert_str_eq(app_help_shown(&app)->filter, "sort");
    app_key(&app, KEYS_ENTER, now);
    app_key(&app, KEYS_ESC, now);
    cr_assert_null(app_help_shown(&app));
}

Test(app, copy_puts_the_selected_id_on_the_clipboard)
{
    answer(0, 5);
    app_key(&app, 'j', now);
    cr_assert(app_key(&app, 'y', now) & APP_COPY);
    cr_assert_str_eq(app.clipboard, "contact_0000000000000000000001");
}

Test(app, detail_resolves_names_when_they_arrive)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    app_result(&app, page_for(job, 5, 0, 1), now); /* every contact tagged tag_0…0 */
    app_key(&app, KEYS_ENTER, now);
    struct detail_lines lines;
    app.detail_width = 60;
    app_detail_lines(&app, &lines);
    bool shows_id = false;
    for (size_t i = 0; i < lines.len; i++)
        shows_id |= lines.items[i].label && strcmp(lines.items[i].label, "Tags") == 0 &&
                    strcmp(lines.items[i].value, "tag_0000000000000000000000") == 0;
    detail_lines_free(&lines);
    cr_assert(shows_id, "the id shows until its name arrives");
    struct fetch_job *names = NULL;
    while ((names = take(FETCH_FOR_NAMES, -1)) && names->kind != SENDX_KIND_TAG)
        app_result(&app, page_for(names, 0, 0, 0), now);
    cr_assert_not_null(names);
    app_result(&app, page_for(names, 1, 0, 0), now);
    app.detail_width = 60;
    app_detail_lines(&app, &lines);
    bool shows_name = false;
    for (size_t i = 0; i < lines.len; i++)
        shows_name |= lines.items[i].label && strcmp(lines.items[i].label, "Tags") == 0 &&
                      strcmp(lines.items[i].value, "tag-0") == 0;
    detail_lines_free(&lines);
    cr_assert(shows_name);
}

/* Whether a line of the open detail view contains needle. */
static bool detail_shows(const char *needle)
{
    struct detail_lines lines;
    app.detail_width = 60;
    app_detail_lines(&app, &lines);
    bool found = false;
    for (size_t i = 0; i < lines.len; i++)
        found |= strstr(lines.items[i].value, needle) != NULL;
    detail_lines_free(&lines);
    return found;
}

Test(app, custom_field_names_resolve_across_both_id_spellings)
{
    /* The custom-field endpoint answers custom_field_<22>; contacts key
     * their values by field_<22>. */
    static const char suffix[] = "v4BLW8edsU5Ov3v994pcaF";
    char field_id[64], contact_key[64];
    snprintf(field_id, sizeof field_id, "custom_field_%s", suffix);
    snprintf(contact_key, sizeof contact_key, "field_%s", suffix);

    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    struct fetch_result *r = page_for(job, 1, 0, 0);
    const struct model_type *ct = &model_contact_type;
    struct sendx_contact *c = r->page.records.items;
    cr_assert_eq(codec_map_put(ct, c, SENDX_CONTACT_CUSTOM_FIELDS, contact_key, "エンジニア"), 0);
    app_result(&app, r, now);
    app_key(&app, KEYS_ENTER, now);
    cr_assert(detail_shows(contact_key), "the key shows until the name arrives");

    struct fetch_job *names = NULL;
    while ((names = take(FETCH_FOR_NAMES, -1)) && names->kind != SENDX_KIND_FIELD)
        app_result(&app, page_for(names, 0, 0, 0), now);
    cr_assert_not_null(names);
    r = page_for(names, 1, 0, 0);
    struct sendx_field *f = r->page.records.items;
    codec_set_string(&model_field_type, f, SENDX_FIELD_ID, field_id);
    codec_set_string(&model_field_type, f, SENDX_FIELD_NAME, "Job title");
    app_result(&app, r, now);
    cr_assert(detail_shows("Job title: エンジニア"));
    cr_assert_not(detail_shows(contact_key));
}

Test(app, codes_show_their_meaning_and_unknown_ones_their_number)
{
    cr_assert_str_eq(enums_meaning(SENDX_KIND_FIELD, SENDX_FIELD_TYPE, 3), "Boolean");
    cr_assert_str_eq(enums_meaning(SENDX_KIND_FIELD, SENDX_FIELD_TYPE, 4), "Phone");
    cr_assert_str_eq(enums_meaning(SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 7), "Warming up");
    cr_assert_str_eq(enums_meaning(SENDX_KIND_CONTACT, SENDX_CONTACT_CONTACT_SOURCE, 3), "Form");
    cr_assert_str_eq(enums_meaning(SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_EDITOR_TYPE, 1),
                     "Drag & drop");
    cr_assert_null(enums_meaning(SENDX_KIND_CONTACT, SENDX_CONTACT_LTV, 1), "LTV is no code");
    char buf[32];
    cr_assert_str_eq(enums_text(SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 42, buf), "42");

    /* The columns and the detail view read the same table. */
    app_key(&app, '4', now);
    struct fetch_job *job = take(FETCH_FOR_PANE, SENDX_KIND_CAMPAIGN);
    struct fetch_result *r = page_for(job, 2, 0, 0);
    struct sendx_campaign *camps = r->page.records.items;
    codec_set_int(&model_campaign_type, &camps[0], SENDX_CAMPAIGN_STATUS, 7);
    codec_set_int(&model_campaign_type, &camps[1], SENDX_CAMPAIGN_STATUS, 42);
    app_result(&app, r, now);
    const struct column_set *set = columns_for(SENDX_KIND_CAMPAIGN);
    size_t status = 0;
    while (strcmp(set->cols[status].title, "STATUS") != 0)
        status++;
    char scratch[COLUMN_SCRATCH];
    struct app_pane *p = app_current(&app);
    cr_assert_str_eq(set->cols[status].text(pane_record(p, 0), scratch), "Warming up");
    cr_assert_str_eq(set->cols[status].text(pane_record(p, 1), scratch), "42");
    app_key(&app, KEYS_ENTER, now);
    cr_assert(detail_shows("Warming up"));
}

Test(app, contacts_of_a_tag_scan_every_contact)
{
    app_key(&app, '3', now);
    answer(SENDX_KIND_TAG, 3);
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(app_screen(&app), SCREEN_DETAIL);
    app_key(&app, 'c', now);
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF);
    cr_assert_eq(app_screen(&app), SCREEN_TABLE);
    long offset = 0;
    for (int page = 0; page < 2; page++) {
        struct fetch_job *job = take(FETCH_FOR_PANE, APP_PANE_CONTACTS_OF);
        cr_assert_not_null(job);
        cr_assert_eq(job->kind, SENDX_KIND_CONTACT);
        cr_assert_eq(job->offset, offset);
        size_t n = page == 0 ? (size_t)job->limit : 10;
        app_result(&app, page_for(job, n, offset, 4), now);
        offset += (long)n;
        cr_assert_str_eq(status_now(),
                         page == 0 ? "1,000 contacts checked…" : "1,010 contacts checked: done");
    }
    struct app_pane *p = &app.panes[APP_PANE_CONTACTS_OF];
    cr_assert_eq(p->plain.scanned, 1010);
    cr_assert_eq(p->n_view, 253, "every fourth contact carries the tag");
    cr_assert_eq(count_live_jobs(FETCH_FOR_PANE, APP_PANE_CONTACTS_OF), 0);
    app_key(&app, KEYS_ESC, now);
    cr_assert_eq(app.current, SENDX_KIND_TAG);
    cr_assert_eq(app_screen(&app), SCREEN_DETAIL, "Esc returns to the tag's detail");
    app_key(&app, KEYS_ESC, now);
    cr_assert_eq(app_screen(&app), SCREEN_TABLE, "and Esc again to the tags");
}

/* The id in the open detail view. */
static const char *detail_id(void)
{
    cr_assert_not_null(app_detail_shown(&app)->record);
    return columns_record_id(app_detail_shown(&app)->kind, app_detail_shown(&app)->record);
}

Test(app, back_retraces_tag_detail_contacts_of_and_contact_detail)
{
    app_key(&app, '3', now);
    answer(SENDX_KIND_TAG, 5);
    app_key(&app, 'j', now);
    app_key(&app, 'j', now);
    app_key(&app, KEYS_ENTER, now);
    cr_assert_str_eq(detail_id(), "tag_0000000000000000000002");
    app_set_visible(&app, &(struct app_layout){20, 1, 80, 60, 20, 40, 10}); /* room to scroll */
    app_key(&app, 'j', now);
    cr_assert_eq(app_detail_shown(&app)->scroll, 1);

    app_key(&app, 'c', now);
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF);
    struct fetch_job *job = take(FETCH_FOR_PANE, APP_PANE_CONTACTS_OF);
    app_result(&app, page_tagged(job, 30, 0, 3, "tag_0000000000000000000002"), now);
    cr_assert_str_eq(status_now(), "30 contacts checked: done");
    struct app_pane *members = &app.panes[APP_PANE_CONTACTS_OF];
    cr_assert_eq(members->n_view, 10);
    app_key(&app, 'j', now);
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(app_screen(&app), SCREEN_DETAIL);
    cr_assert_str_eq(detail_id(), "contact_0000000000000000000003");

    app_key(&app, KEYS_ESC, now);
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF, "Esc returns to the contacts of the tag");
    cr_assert_eq(app_screen(&app), SCREEN_TABLE);
    cr_assert_eq(members->cursor, 1);
    cr_assert_eq(members->n_view, 10, "the members, not the plain contacts");

    app_key(&app, KEYS_ESC, now);
    cr_assert_eq(app.current, SENDX_KIND_TAG);
    cr_assert_eq(app_screen(&app), SCREEN_DETAIL, "then to the tag's detail");
    cr_assert_str_eq(detail_id(), "tag_0000000000000000000002");
    cr_assert_eq(app_detail_shown(&app)->scroll, 1, "scrolled as it was left");
    cr_assert(!strstr(status_now(), "checked"), "the scan's message stays with the scan: %s",
              status_now());

    app_key(&app, 'q', now);
    cr_assert_eq(app_screen(&app), SCREEN_TABLE, "q goes back as Esc does");
    cr_assert_eq(app.current, SENDX_KIND_TAG);
    cr_assert_eq(app.panes[SENDX_KIND_TAG].cursor, 2, "on the tag it started from");
    cr_assert_eq(app_key(&app, KEYS_ESC, now) & APP_QUIT, 0);
    cr_assert(app_key(&app, 'q', now) & APP_QUIT, "nothing left to go back to");
}

Test(app, a_detail_left_before_its_record_arrived_asks_again_on_return)
{
    app_key(&app, '2', now);
    answer(SENDX_KIND_LIST, 3);
    app_key(&app, KEYS_ENTER, now);
    struct fetch_job *get = take(FETCH_FOR_DETAIL, -1);
    cr_assert_not_null(get);
    app_key(&app, 'c', now);
    cr_assert(http_cancel_fired(get->cancel), "a parked detail fetches nothing");
    struct fetch_result *late = calloc(1, sizeof *late);
    late->job = get;
    late->job_id = get->id;
    late->gen = get->gen;
    cr_assert_eq(app_result(&app, late, now), 0, "its late answer is dropped");
    app_key(&app, KEYS_ESC, now);
    cr_assert_eq(app_screen(&app), SCREEN_DETAIL);
    struct fetch_job *again = take(FETCH_FOR_DETAIL, -1);
    cr_assert_not_null(again, "the record is asked for again");
    cr_assert_str_eq(again->record_id, "list_0000000000000000000000");
    fetch_job_free(again);
}

Test(app, a_pane_key_starts_a_new_trail_and_tab_moves_on_from_its_start)
{
    app_key(&app, '3', now);
    answer(SENDX_KIND_TAG, 3);
    app_key(&app, KEYS_ENTER, now);
    app_key(&app, 'c', now);
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF);
    app_key(&app, KEYS_TAB, now);
    cr_assert_eq(app.current, SENDX_KIND_CAMPAIGN, "the pane after the tags");
    cr_assert_not(app_can_go_back(&app));
    cr_assert(app_key(&app, 'q', now) & APP_QUIT);

    app_open_pane(&app, APP_PANE_CONTACTS_OF, now); /* a click on its tab, which stays */
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF);
    app_key(&app, KEYS_ESC, now);
    cr_assert_eq(app.current, SENDX_KIND_CAMPAIGN, "Esc returns to where it was opened from");
    cr_assert_eq(app_screen(&app), SCREEN_TABLE);
}

Test(app, back_forgets_the_oldest_views_beyond_its_depth)
{
    app_key(&app, '3', now);
    answer(SENDX_KIND_TAG, 1);
    app_key(&app, KEYS_ENTER, now);
    app_key(&app, 'c', now);
    struct fetch_job *job = take(FETCH_FOR_PANE, APP_PANE_CONTACTS_OF);
    app_result(&app, page_tagged(job, 5, 0, 1, "tag_0000000000000000000000"), now);
    for (int i = 0; i < APP_BACK_MAX; i++) {
        app_key(&app, KEYS_ENTER, now);                 /* a contact */
        app_open_pane(&app, APP_PANE_CONTACTS_OF, now); /* its tab, over the contact */
    }
    cr_assert_eq(app_back_depth(&app), APP_BACK_MAX);
    for (int i = 0; i < APP_BACK_MAX; i++)
        app_key(&app, KEYS_ESC, now);
    cr_assert_not(app_can_go_back(&app));
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF, "the oldest views are forgotten");
}

Test(app, campaign_detail_asks_for_the_report)
{
    app_key(&app, '4', now);
    answer(SENDX_KIND_CAMPAIGN, 2);
    app_key(&app, KEYS_ENTER, now);
    struct fetch_job *job = take(FETCH_FOR_REPORT, -1);
    cr_assert_not_null(job);
    cr_assert_str_eq(job->record_id, "campaign_0000000000000000000000");
    struct fetch_result *r = calloc(1, sizeof *r);
    r->job = job;
    r->job_id = job->id;
    r->gen = job->gen;
    codec_set_int(&model_report_type, &r->report, SENDX_REPORT_SENT, 1000);
    codec_set_int(&model_report_type, &r->report, SENDX_REPORT_OPENED_UNIQUE, 450);
    app_result(&app, r, now);
    cr_assert(app_detail_shown(&app)->has_report);
    struct detail_lines lines;
    app.detail_width = 60;
    app_detail_lines(&app, &lines);
    bool opened = false;
    for (size_t i = 0; i < lines.len; i++)
        if (lines.items[i].style == DETAIL_BAR && lines.items[i].label &&
            strcmp(lines.items[i].label, "Opened (people)") == 0)
            opened = lines.items[i].bar_value == 450 && lines.items[i].bar_max == 1000 &&
                     strcmp(lines.items[i].value, "450") == 0 &&
                     strcmp(lines.items[i].share, "45.0%") == 0;
    detail_lines_free(&lines);
    cr_assert(opened);
}

Test(app, a_hundred_thousand_rows_sort_and_filter_without_quadratic_cost)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    job->limit = 100000;
    app_result(&app, page_for(job, 100000, 0, 0), now);
    cr_assert_eq(app.panes[0].n_view, 100000);
    app_key(&app, 'S', now); /* email descending */
    cr_assert_str_eq(email_at(0), "user099999@example.com");
    app_key(&app, '/', now);
    type("user09999");
    cr_assert_eq(app.panes[0].n_view, 10);
}

/* The fold hint names whatever key detail.expand is bound to. */
Test(app, fold_hint_names_the_bound_key)
{
    struct sendx_template *t = calloc(1, sizeof *t);
    cr_assert_not_null(t);
    codec_set_string(&model_template_type, t, SENDX_TEMPLATE_NAME, "Long");
    codec_set_string(&model_template_type, t, SENDX_TEMPLATE_HTML_CODE,
                     "<p>1</p>\n<p>2</p>\n<p>3</p>\n<p>4</p>\n<p>5</p>\n<p>6</p>\n<p>7</p>");
    screen_detail_open(&app, SENDX_KIND_TEMPLATE, t, now); /* the app frees it with the detail */
    cr_assert(detail_shows("more lines: o shows them"));
    keymap_unbind(&app.keys, KEYMAP_DETAIL, ACTION_DETAIL_EXPAND);
    cr_assert_eq(keymap_bind(&app.keys, KEYMAP_DETAIL, "<c-o>", ACTION_DETAIL_EXPAND), 0);
    cr_assert(detail_shows("more lines: <c-o> shows them"));
    keymap_unbind(&app.keys, KEYMAP_DETAIL, ACTION_DETAIL_EXPAND);
    cr_assert(detail_shows("more lines"));
    cr_assert_not(detail_shows("shows them"), "no key is named when none is bound");
}

/* ---- paging that cannot run away, recovery after an outage ---- */

static long page_limit_max(enum sendx_kind kind)
{
    return model_resource(kind)->page_max;
}

/* A failed answer to job. */
static struct fetch_result *failure(struct fetch_job *job, long status, const char *message)
{
    struct fetch_result *r = page_for(job, 0, 0, 0);
    r->rc = -1;
    api_error_set(&r->err, API_ERR_HTTP, status, "%s", message);
    return r;
}

Test(app, a_server_that_ignores_offset_stops_the_pane_and_says_so)
{
    app_action(&app, ACTION_ROW_LAST, now); /* G: load everything */
    struct fetch_job *job;
    int requests = 0;
    /* Whatever the offset, the server sends its first `limit` records. */
    while (requests < 50 && (job = take(FETCH_FOR_PANE, 0)) != NULL) {
        /* Pages asked ahead and then cancelled are no requests answered. */
        requests += !http_cancel_fired(job->cancel);
        app_result(&app, page_for(job, (size_t)job->limit, 0, 0), now);
    }
    cr_expect_leq(requests, 3, "stopped after a page with nothing new: %d requests", requests);
    cr_expect_eq(app.panes[0].n_view, (size_t)page_limit_max(SENDX_KIND_CONTACT),
                 "each contact once");
    cr_expect_not(app.panes[0].plain.more);
    cr_expect_eq(level_now(), APP_MSG_WARN);
    cr_expect(strstr(status_now(), "no new contacts"), "%s", status_now());
}

Test(app, repeated_records_in_an_overlapping_page_are_shown_once)
{
    answer(0, 100);
    for (int i = 0; i < 90; i++)
        app_key(&app, 'j', now);
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    cr_assert_not_null(job);
    /* One record was added at the top meanwhile: the page starts one early. */
    app_result(&app, page_for(job, 100, 99, 0), now);
    cr_expect_eq(app.panes[0].n_view, 199);
    cr_expect(app.panes[0].plain.more);
}

Test(app, name_loads_stop_when_the_server_repeats_a_page)
{
    struct fetch_job *job = take(FETCH_FOR_NAMES, 1); /* tags */
    cr_assert_not_null(job);
    cr_expect_eq(job->lane, FETCH_LANE_BACKGROUND);
    app_result(&app, page_for(job, (size_t)job->limit, 0, 0), now);
    job = take(FETCH_FOR_NAMES, 1);
    cr_assert_not_null(job, "a full page asks for the next");
    app_result(&app, page_for(job, (size_t)job->limit, 0, 0), now);
    cr_expect_eq(count_jobs(FETCH_FOR_NAMES, 1), 0, "a page with nothing new ends the load");
    cr_expect_eq(app.name_loads.load[1].walk.state, SENDX_WALK_REPEATED);
}

Test(app, the_visible_page_and_the_detail_go_on_the_user_lane)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    cr_expect_eq(job->lane, FETCH_LANE_USER);
    app_result(&app, page_for(job, 5, 0, 0), now);
    app_key(&app, KEYS_ENTER, now);
    job = take(FETCH_FOR_DETAIL, -1);
    cr_assert_not_null(job);
    cr_expect_eq(job->lane, FETCH_LANE_USER);
    fetch_job_free(job);
    while ((job = take(FETCH_FOR_NAMES, -1)) != NULL) {
        cr_expect_eq(job->lane, FETCH_LANE_BACKGROUND);
        fetch_job_free(job);
    }
}

Test(app, r_during_an_outage_keeps_the_rows_until_new_ones_arrive)
{
    answer(0, 100);
    for (int i = 0; i < 7; i++)
        app_key(&app, 'j', now);
    struct app_pane *p = &app.panes[0];
    app_key(&app, 'r', now);
    cr_expect_eq(p->n_view, 100, "r keeps what is loaded");
    cr_expect_eq(p->cursor, 7);
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    cr_assert_not_null(job);
    cr_expect_eq(job->offset, 0, "the reload starts at the top");
    app_result(&app, failure(job, 503, "service unavailable"), now);
    cr_expect_eq(p->n_view, 100, "a failed reload loses nothing");
    cr_expect_eq(level_now(), APP_MSG_ERROR);
    cr_expect_eq(app_status_shown(&app)->hint, ACTION_REFRESH, "the message offers a retry");

    app_key(&app, 'r', now);
    job = take(FETCH_FOR_PANE, 0);
    cr_assert_not_null(job);
    /* The server's answer has one new contact at the top. */
    struct fetch_result *r = page_for(job, 100, 0, 0);
    struct sendx_contact *top = r->page.records.items;
    codec_set_string(&model_contact_type, top, SENDX_CONTACT_ID, "contact_NEWNEWNEWNEWNEWNEWNEW0");
    app_result(&app, r, now);
    cr_expect_eq(p->n_view, 100, "the new rows replace the old ones");
    cr_expect_str_eq(columns_record_id(p->kind, pane_record(p, 0)),
                     "contact_NEWNEWNEWNEWNEWNEWNEW0");
    cr_expect_str_eq(columns_record_id(p->kind, pane_record(p, p->cursor)),
                     "contact_0000000000000000000007", "the cursor stays on its record");
}

Test(app, failed_name_loads_try_again_with_backoff_and_on_r)
{
    struct fetch_job *job = take(FETCH_FOR_NAMES, 0); /* lists */
    app_result(&app, failure(job, 503, "down"), now);
    cr_expect_eq(count_jobs(FETCH_FOR_NAMES, 0), 0, "not at once");
    long wait = app.name_loads.load[0].retry_at - now;
    cr_assert_geq(wait, NAME_LOADS_RETRY_MIN_MS, "a timer for the retry: %ld", wait);
    cr_assert_leq(wait, NAME_LOADS_RETRY_MAX_MS);
    cr_expect_leq(app_timeout(&app, now), wait, "the loop wakes up for it");
    app_tick(&app, now + wait - 1);
    cr_expect_eq(count_jobs(FETCH_FOR_NAMES, 0), 0, "not before the backoff");
    now += wait;
    app_tick(&app, now);
    job = take(FETCH_FOR_NAMES, 0);
    cr_assert_not_null(job, "tried again after the backoff");
    app_result(&app, failure(job, 503, "down"), now);
    cr_expect_eq(count_jobs(FETCH_FOR_NAMES, 0), 0);
    answer(0, 5);
    app_key(&app, 'r', now);
    cr_expect_eq(count_jobs(FETCH_FOR_NAMES, 0), 1, "r tries again at once");
}

Test(app, a_pane_message_shows_only_on_its_pane)
{
    answer(0, 5);
    app_key(&app, '3', now); /* tags */
    struct fetch_job *job = take(FETCH_FOR_PANE, SENDX_KIND_TAG);
    app_key(&app, '1', now); /* back to contacts before the tags arrive */
    cr_assert_not_null(job);
    /* A page that was cancelled in flight still answers, as an error;
     * a real one for the tags pane fails later while contacts show. */
    fetch_job_free(job);
    app_key(&app, '3', now);
    job = take(FETCH_FOR_PANE, SENDX_KIND_TAG);
    cr_assert_not_null(job);
    app_result(&app, failure(job, 500, "tags are broken"), now);
    cr_expect(strstr(status_now(), "tags are broken"), "%s", status_now());
    app_key(&app, '1', now);
    cr_expect_null(strstr(status_now(), "tags are broken"), "not on contacts: %s", status_now());
    app_key(&app, '3', now);
    cr_expect(strstr(status_now(), "tags are broken"), "back on tags it shows: %s", status_now());
}

Test(app, copy_refuses_an_id_that_is_not_an_api_id)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    struct fetch_result *r = page_for(job, 2, 0, 0);
    codec_set_string(&model_contact_type, r->page.records.items, SENDX_CONTACT_ID,
                     "contact_\x1b]52;c;cm0gLXJmIH4K\x07\nls");
    app_result(&app, r, now);
    cr_expect_not(app_key(&app, 'y', now) & APP_COPY);
    cr_expect_null(app.clipboard);
    cr_expect_eq(level_now(), APP_MSG_WARN);
    cr_expect(strstr(status_now(), "not copied"), "%s", status_now());
}

Test(app, the_help_scrolls_to_its_last_row_in_the_rows_it_has)
{
    app_key(&app, '?', now);
    cr_assert_not_null(app_help_shown(&app));
    size_t total = help_count(&app.keys, app_help_context(&app), NULL);
    /* A long message takes the bottom of the box: fewer rows of keys. */
    app_set_visible(&app, &(struct app_layout){20, 20, 80, 60, 7, 40, 10});
    app_key(&app, 'G', now);
    cr_expect_eq(app_help_shown(&app)->scroll, total - 7, "the last key on the last row shown");
    app_set_visible(&app, &(struct app_layout){20, 20, 80, 60, 12, 40, 10});
    app_key(&app, 'g', now);
    app_key(&app, KEYS_PGDOWN, now);
    cr_expect_eq(app_help_shown(&app)->scroll, 12, "a page is the rows shown");
}

Test(app, c_on_a_tag_in_its_table_shows_its_contacts_and_tab_reaches_them)
{
    app_key(&app, '3', now);
    answer(SENDX_KIND_TAG, 3);
    app_key(&app, 'j', now);
    app_key(&app, 'c', now);
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF, "c on the selected tag, no detail needed");
    cr_assert_str_eq(app.panes[APP_PANE_CONTACTS_OF].member_of_id, "tag_0000000000000000000001");
    app_key(&app, '9', now);
    app_key(&app, KEYS_TAB, now);
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF, "Tab goes on from the team to them");
    app_key(&app, KEYS_TAB, now);
    cr_assert_eq(app.current, SENDX_KIND_CONTACT, "and from them round to the contacts");
    app_key(&app, ':', now);
    type("contacts-of");
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF, "as a command too");
    app_key(&app, ':', now);
    type("team");
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(app.current, SENDX_KIND_MEMBER, "every tab's label is a command");
}

Test(app, c_on_a_contact_says_what_it_is_for)
{
    answer(SENDX_KIND_CONTACT, 3);
    app_key(&app, 'c', now);
    cr_assert_eq(app.current, SENDX_KIND_CONTACT);
    cr_assert(strstr(status_now(), "list or a tag"), "%s", status_now());
}

/* ---- finding (issue 9) ---- */

/* Types filter into the prompt (after the filter there is) and keeps it. */
static void filter_with(const char *filter)
{
    app_key(&app, '/', now);
    type(filter);
    app_key(&app, KEYS_ENTER, now);
}

Test(app, q_clears_a_filter_before_it_quits)
{
    answer(0, 100);
    filter_with("user00001");
    cr_assert_eq(app.panes[0].n_view, 10);
    cr_assert_eq(app_key(&app, 'q', now) & APP_QUIT, 0, "the filter goes first");
    cr_assert_null(app.panes[0].filter);
    cr_assert_eq(app.panes[0].n_view, 100);
    cr_assert(app_key(&app, 'q', now) & APP_QUIT, "then q quits");
}

Test(app, g_reports_the_whole_loads_time_and_counts_in_words)
{
    answer(0, 100);
    app_key(&app, 'G', now);
    long offset = 100;
    for (int page = 0; page < 3; page++) {
        struct fetch_job *job = take(FETCH_FOR_PANE, 0);
        cr_assert_not_null(job);
        size_t n = page < 2 ? (size_t)job->limit : 1;
        struct fetch_result *r = page_for(job, n, offset, 0);
        r->elapsed_ms = 900; /* pages overlap: their own times add up to more */
        now += 400;
        app_result(&app, r, now);
        offset += (long)n;
    }
    char want[64], count[32];
    snprintf(want, sizeof want, "%s contacts in 1.2 s", text_thousands(offset, count));
    cr_assert_str_eq(status_now(), want, "the time since G, not the last page's nor their sum");
    cr_assert_not(app.panes[0].load_all);

    app_key(&app, '4', now);
    answer(SENDX_KIND_CAMPAIGN, 1);
    cr_assert_str_eq(status_now(), "1 campaign in 0 ms");
}

Test(app, with_every_row_loaded_the_server_is_not_asked)
{
    answer(0, 30); /* a short page: that is all of them */
    cr_assert_not(app.panes[0].plain.more);
    filter_with("user00001");
    cr_assert_eq(app.panes[0].search_due, 0);
    now += 1000;
    app_tick(&app, now);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0);
    cr_assert_str_eq(app_filter_scope(&app.panes[0]), "local");
    cr_assert_eq(app.panes[0].n_view, 10);
}

Test(app, the_servers_answer_stays_while_its_word_does)
{
    answer(0, 100);
    filter_with("9@ex");
    now += APP_SEARCH_DELAY_MS;
    app_tick(&app, now);
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    cr_assert_not_null(job);
    app_result(&app, page_for(job, 2, 109, 0), now);
    cr_assert_eq(app.panes[0].n_view, 11);
    filter_with(" -user000099");
    cr_assert_str_eq(app.panes[0].filter, "9@ex -user000099");
    now += APP_SEARCH_DELAY_MS;
    app_tick(&app, now);
    cr_assert_eq(count_jobs(FETCH_FOR_PANE, 0), 0, "the same word is not asked again");
    cr_assert(app.panes[0].searching);
    cr_assert_eq(app.panes[0].n_view, 10, "the whole filter sifts both");
    cr_assert_eq(pane_view_from_search(&app.panes[0]), 1);
}

Test(app, the_contacts_of_scan_goes_on_out_of_sight)
{
    app_key(&app, '3', now);
    answer(SENDX_KIND_TAG, 3);
    app_key(&app, 'c', now);
    struct fetch_job *job = take(FETCH_FOR_PANE, APP_PANE_CONTACTS_OF);
    cr_assert_not_null(job);
    app_key(&app, '2', now); /* the lists, while the scan runs */
    cr_assert_not(http_cancel_fired(job->cancel), "leaving does not stop the scan");
    long limit = job->limit; /* the result takes the job */
    app_result(&app, page_for(job, (size_t)limit, 0, 4), now);
    struct fetch_job *next = take(FETCH_FOR_PANE, APP_PANE_CONTACTS_OF);
    cr_assert_not_null(next, "and its next page is asked out of sight");
    cr_assert_eq(next->offset, limit);
    app_result(&app, page_for(next, 10, limit, 4), now);
    app_key(&app, KEYS_TAB, now); /* from the lists' trail: on to the tags */
    app_key(&app, ':', now);
    type("contacts-of");
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(app.current, APP_PANE_CONTACTS_OF);
    struct app_pane *p = &app.panes[APP_PANE_CONTACTS_OF];
    cr_assert_eq(p->plain.scanned, (size_t)limit + 10, "done while away");
    cr_assert_not(p->plain.more);
    cr_assert_eq(count_live_jobs(FETCH_FOR_PANE, APP_PANE_CONTACTS_OF), 0, "nothing asked again");
}

/* ---- the detail: search, next record, copy, references, text ---- */

/* A template of `paragraphs` lines "<p>Paragraph N</p>", in a detail. */
static void open_long_template(int paragraphs)
{
    size_t size = (size_t)paragraphs * 32 + 1;
    char *html = calloc(1, size);
    cr_assert_not_null(html);
    for (int i = 1; i <= paragraphs; i++) {
        size_t o = strlen(html);
        snprintf(html + o, size - o, "<p>Paragraph %d</p>\n", i);
    }
    struct sendx_template *t = calloc(1, sizeof *t);
    cr_assert_not_null(t);
    codec_set_string(&model_template_type, t, SENDX_TEMPLATE_ID, "template_0000000000000000000001");
    codec_set_string(&model_template_type, t, SENDX_TEMPLATE_NAME, "Long");
    codec_set_string(&model_template_type, t, SENDX_TEMPLATE_HTML_CODE, html);
    free(html);
    screen_detail_open(&app, SENDX_KIND_TEMPLATE, t, now);
}

/* The line of the open detail whose value is value. */
static size_t detail_line_of(const char *value)
{
    struct detail_lines lines;
    cr_assert_eq(app_detail_lines(&app, &lines), 0);
    size_t i = 0;
    while (i < lines.len && strcmp(lines.items[i].value, value) != 0)
        i++;
    size_t n = lines.len;
    detail_lines_free(&lines);
    cr_assert_lt(i, n, "no line %s", value);
    return i;
}

Test(app, slash_searches_the_record_and_n_N_move_the_cursor_into_view)
{
    int pane = app.current;
    open_long_template(200);
    const struct app_detail *d = app_detail_shown(&app);
    app_key(&app, '/', now);
    cr_assert_not_null(app_prompt_shown(&app));
    type("Paragraph 77");
    cr_assert_eq(app.current, pane, "typed digits never switch panes");
    cr_assert_eq(app_screen(&app), SCREEN_DETAIL);
    size_t line = detail_line_of("<p>Paragraph 77</p>");
    cr_assert(d->found, "found while typing");
    cr_assert_eq(d->find_line, line);
    cr_assert_eq(d->find_at, 3);
    cr_assert_eq(d->cursor, line);
    cr_assert(d->scroll <= line && line < d->scroll + 20, "in view: %zu from %zu", line, d->scroll);
    app_key(&app, KEYS_ENTER, now);
    cr_assert_null(app_prompt_shown(&app));
    cr_assert_str_eq(d->find, "Paragraph 77", "Enter keeps the search");

    app_key(&app, 'g', now);
    app_key(&app, '/', now);
    type("paragraph 1");
    app_key(&app, KEYS_ENTER, now);
    cr_assert_eq(d->cursor, detail_line_of("<p>Paragraph 1</p>"));
    app_key(&app, 'n', now);
    cr_assert_eq(d->cursor, detail_line_of("<p>Paragraph 10</p>"));
    cr_assert(strstr(status_now(), "match 2 of"), "%s", status_now());
    app_key(&app, 'N', now);
    app_key(&app, 'N', now);
    cr_assert_eq(d->cursor, detail_line_of("<p>Paragraph 199</p>"), "back around the start");
    cr_assert(d->scroll + 20 > d->cursor && d->scroll <= d->cursor, "scrolled to it");

    size_t before = d->cursor, scroll = d->scroll;
    app_key(&app, '/', now);
    type("3");
    cr_assert_neq(d->cursor, before, "searched as typed");
    app_key(&app, KEYS_ESC, now);
    cr_assert_null(app_prompt_shown(&app));
    cr_assert_eq(d->cursor, before, "Esc goes back to where it was");
    cr_assert_eq(d->scroll, scroll);
    cr_assert_str_eq(d->find, "paragraph 1", "and to the search before");
    app_key(&app, '/', now);
    type("no such words");
    cr_assert_not(d->found);
    cr_assert(strstr(status_now(), "not in this record"), "%s", status_now());
}

/* The id shown by the open detail. */
static const char *shown_id(void)
{
    const struct app_detail *d = app_detail_shown(&app);
    cr_assert_not_null(d);
    return columns_record_id(d->kind, d->record);
}

Test(app, brackets_walk_the_records_of_the_table_under_the_detail)
{
    answer(0, 5);
    app_key(&app, 'j', now);
    app_key(&app, KEYS_ENTER, now);
    cr_assert_str_eq(shown_id(), "contact_0000000000000000000001");
    fetch_job_free(take(FETCH_FOR_DETAIL, -1));
    app_key(&app, ']', now);
    cr_assert_str_eq(shown_id(), "contact_0000000000000000000002");
    cr_assert_eq(app.panes[0].cursor, 2, "the table's cursor in step");
    struct fetch_job *get = take(FETCH_FOR_DETAIL, -1);
    cr_assert_not_null(get, "asked again in full, as opening does");
    cr_assert_str_eq(get->record_id, "contact_0000000000000000000002");
    fetch_job_free(get);
    app_key(&app, '[', now);
    app_key(&app, '[', now);
    cr_assert_str_eq(shown_id(), "contact_0000000000000000000000");
    app_key(&app, '[', now);
    cr_assert_str_eq(shown_id(), "contact_0000000000000000000000");
    cr_assert(strstr(status_now(), "the first contact"), "%s", status_now());
    for (int i = 0; i < 6; i++)
        app_key(&app, ']', now);
    cr_assert_str_eq(shown_id(), "contact_0000000000000000000004");
    cr_assert(strstr(status_now(), "the last contact"), "%s", status_now());
    app_key(&app, KEYS_ESC, now);
    cr_assert_eq(app_screen(&app), SCREEN_TABLE);
    cr_assert_eq(app.panes[0].cursor, 4, "Back lands on the record last shown");
}

Test(app, Y_copies_the_field_under_the_cursor_without_control_characters)
{
    answer(0, 3);
    app_key(&app, KEYS_ENTER, now);
    size_t email = detail_line_of("user000000@example.com");
    for (size_t i = 0; i < email; i++)
        app_key(&app, 'j', now);
    cr_assert(app_key(&app, 'Y', now) & APP_COPY);
    cr_assert_str_eq(app.clipboard, "user000000@example.com");

    struct sendx_contact *c = calloc(1, sizeof *c);
    cr_assert_not_null(c);
    const struct model_type *t = &model_contact_type;
    codec_set_string(t, c, SENDX_CONTACT_ID, "contact_0000000000000000000009");
    codec_set_string(t, c, SENDX_CONTACT_COMPANY, "Acme\x1b]52;c;eA==\x07\nCorp\xe2\x80\xae");
    screen_detail_open(&app, SENDX_KIND_CONTACT, c, now);
    app_key(&app, 'g', now);
    cr_assert(app_key(&app, 'Y', now) & APP_COPY);
    cr_assert_str_eq(app.clipboard, "Acme]52;c;eA== Corp", "controls and bidi dropped");
}

Test(app, open_on_a_contacts_tag_line_shows_that_tag)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, 0);
    app_result(&app, page_for(job, 3, 0, 1), now); /* every contact tagged tag_0…0 */
    app_key(&app, KEYS_ENTER, now);
    fetch_job_free(take(FETCH_FOR_DETAIL, -1));
    size_t tag = detail_line_of("tag_0000000000000000000000");
    app_action(&app, ACTION_DETAIL_OPEN, now);
    cr_assert_eq(app_detail_shown(&app)->kind, SENDX_KIND_CONTACT, "not on the tag's line yet");
    for (size_t i = 0; i < tag; i++)
        app_key(&app, 'j', now);
    app_action(&app, ACTION_DETAIL_OPEN, now);
    cr_assert_eq(app_detail_shown(&app)->kind, SENDX_KIND_TAG);
    cr_assert_str_eq(shown_id(), "tag_0000000000000000000000");
    struct fetch_job *get = take(FETCH_FOR_DETAIL, -1);
    cr_assert_not_null(get, "the tag fetched by its id");
    cr_assert_eq(get->kind, SENDX_KIND_TAG);
    fetch_job_free(get);
    app_key(&app, KEYS_ESC, now);
    cr_assert_eq(app_detail_shown(&app)->kind, SENDX_KIND_CONTACT, "Back to the contact");
}

Test(app, t_shows_a_templates_html_as_text_and_back)
{
    answer(0, 1);
    app_key(&app, KEYS_ENTER, now);
    app_key(&app, 't', now);
    cr_assert_not(app_detail_shown(&app)->text_view);
    cr_assert(strstr(status_now(), "template"), "%s", status_now());
    open_long_template(30);
    app_key(&app, 't', now);
    const struct app_detail *d = app_detail_shown(&app);
    cr_assert(d->text_view);
    cr_assert_eq(d->cursor, detail_line_of("Paragraph 1"), "the cursor on the text");
    cr_assert(detail_shows("Paragraph 30"));
    app_key(&app, 't', now);
    cr_assert_not(d->text_view);
    cr_assert(detail_shows("<p>Paragraph 1</p>"));
}

Test(app, sort_completes_the_column_name)
{
    answer(0, 3);
    app_key(&app, ':', now);
    type("sort em");
    app_key(&app, KEYS_TAB, now);
    cr_assert_str_eq(line_text(&app_prompt_shown(&app)->line), "sort email");
    app_key(&app, KEYS_CTRL('u'), now);
    type("sort -COMP");
    app_key(&app, KEYS_TAB, now);
    cr_assert_str_eq(line_text(&app_prompt_shown(&app)->line), "sort -company", "reversed too");
    app_key(&app, KEYS_CTRL('u'), now);
    type("sort c");
    app_key(&app, KEYS_TAB, now);
    cr_assert_str_eq(line_text(&app_prompt_shown(&app)->line), "sort c", "two begin so");
    cr_assert(strstr(status_now(), "COMPANY") && strstr(status_now(), "CREATED"), "%s",
              status_now());
}
