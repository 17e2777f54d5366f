/* The values the tables learn apart from their records: campaigns'
 * reports behind SENT, OPEN%, CLICK% and UNSUB% (asked once for the rows
 * on screen, … until they come, a failure asked again later, sorted with
 * the unknown last), and the contacts of lists and tags counted on
 * :count (tallied from the pages, with progress and when it was taken). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/codec.h"
#include "app/app.h"
#include "app/columns.h"
#include "app/counts.h"
#include "app/keys.h"
#include "app/reports.h"
#include "app/text.h"

#include "app_fixture.h"

TestSuite(reports, .init = fixture_setup, .fini = fixture_teardown);

#define CAMPAIGNS SENDX_KIND_CAMPAIGN

static void command(const char *line)
{
    app_key(&app, ':', now);
    type(line);
    app_key(&app, KEYS_ENTER, now);
}

/* The campaigns pane with n campaigns, SENT and the shares shown. */
static void campaigns_with_metrics(size_t n)
{
    app_key(&app, '4', now);
    answer(CAMPAIGNS, n);
    command("columns name,sent,open%,click%,unsub%");
    app_tick(&app, now);
    pull();
}

static const struct column *column(enum sendx_kind kind, const char *title)
{
    const struct column_set *set = columns_for(kind);
    int i = columns_find(set, title);
    cr_assert_geq(i, 0, "%s", title);
    return &set->cols[i];
}

/* What the table shows in column title for row i of the current pane. */
static const char *cell(const char *title, size_t i)
{
    static char scratch[COLUMN_SCRATCH];
    const struct app_pane *p = &app.panes[app.current];
    return columns_text(column(p->kind, title), pane_record(p, i), &app.facts, scratch);
}

static struct fetch_result *report_for(struct fetch_job *job, int64_t sent, int64_t opened)
{
    struct fetch_result *r = calloc(1, sizeof *r);
    r->job = job;
    r->job_id = job->id;
    r->gen = job->gen;
    const struct model_type *t = &model_report_type;
    codec_set_int(t, &r->report, SENDX_REPORT_SENT, sent);
    codec_set_int(t, &r->report, SENDX_REPORT_OPENED, opened * 3);
    codec_set_int(t, &r->report, SENDX_REPORT_OPENED_UNIQUE, opened);
    codec_set_int(t, &r->report, SENDX_REPORT_CLICKED, opened);
    codec_set_int(t, &r->report, SENDX_REPORT_CLICKED_UNIQUE, opened / 2);
    codec_set_int(t, &r->report, SENDX_REPORT_UNSUBSCRIBED, sent / 100);
    return r;
}

static struct fetch_result *failure_for(struct fetch_job *job, enum api_error_kind kind,
                                        long status)
{
    struct fetch_result *r = calloc(1, sizeof *r);
    r->job = job;
    r->job_id = job->id;
    r->gen = job->gen;
    r->rc = -1;
    api_error_set(&r->err, kind, status, "it did not work");
    return r;
}

/* The report job for the campaign at row i, taken. */
static struct fetch_job *report_job_for_row(size_t i)
{
    const char *id = ((const struct sendx_campaign *)pane_record(app_current(&app), i))->id;
    for (size_t k = 0; k < n_jobs; k++) {
        if (jobs[k]->purpose == FETCH_FOR_REPORTS && strcmp(jobs[k]->record_id, id) == 0) {
            struct fetch_job *job = jobs[k];
            memmove(jobs + k, jobs + k + 1, (n_jobs - k - 1) * sizeof *jobs);
            n_jobs--;
            return job;
        }
    }
    cr_assert_fail("no report job for row %zu", i);
    return NULL;
}

Test(reports, metric_columns_are_optional_and_listed)
{
    app_key(&app, '4', now);
    answer(CAMPAIGNS, 3);
    app_tick(&app, now);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_REPORTS, -1), 0, "no column of them shown: none asked");
    command("columns");
    cr_expect(strstr(status_now(), "hidden: SENT,OPEN%,CLICK%,UNSUB%,SEND-DATE"), "%s",
              status_now());
}

Test(reports, asked_once_in_the_background_pending_until_then)
{
    campaigns_with_metrics(3);
    cr_assert_eq(count_jobs(FETCH_FOR_REPORTS, -1), 3, "one per campaign on screen");
    for (size_t k = 0; k < n_jobs; k++)
        if (jobs[k]->purpose == FETCH_FOR_REPORTS)
            cr_expect_eq(jobs[k]->lane, FETCH_LANE_BACKGROUND);
    cr_expect_str_eq(cell("OPEN%", 0), TEXT_ELLIPSIS);
    cr_expect_str_eq(cell("SENT", 0), TEXT_ELLIPSIS);
    app_key(&app, 'j', now);
    cr_expect_eq(app_current(&app)->cursor, 1, "the table moves while they load");
    app_result(&app, report_for(report_job_for_row(0), 12000, 5400), now);
    cr_expect_str_eq(cell("SENT", 0), "12,000");
    cr_expect_str_eq(cell("OPEN%", 0), "45.0%", "people who opened, not total opens");
    cr_expect_str_eq(cell("CLICK%", 0), "22.5%");
    cr_expect_str_eq(cell("UNSUB%", 0), "1.0%");
    cr_expect_str_eq(cell("OPEN%", 1), TEXT_ELLIPSIS, "the others still on their way");
    for (int i = 0; i < 5; i++)
        app_tick(&app, now + i);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_REPORTS, -1), 2, "none asked twice");
}

Test(reports, a_failure_is_asked_again_later_not_in_a_loop)
{
    campaigns_with_metrics(2);
    app_result(&app, failure_for(report_job_for_row(0), API_ERR_TRANSPORT, 0), now);
    app_result(&app, failure_for(report_job_for_row(1), API_ERR_HTTP, 404), now);
    cr_expect_str_eq(cell("OPEN%", 0), TEXT_ELLIPSIS, "still to come");
    cr_expect_str_eq(cell("OPEN%", 1), "", "no report: nothing to show");
    app_tick(&app, now + 100);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_REPORTS, -1), 0, "not at once");
    long wait = reports_timeout(&app.reports, now + 100);
    cr_assert_gt(wait, 0, "a timer for the retry");
    cr_expect_leq(app_timeout(&app, now + 100), wait, "the loop wakes for it");
    cr_assert_leq(wait, REPORTS_RETRY_MAX_MS);
    app_tick(&app, now + 100 + wait);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_REPORTS, -1), 1, "the failed one, once; never the 404");
    app_tick(&app, now + 200 + wait);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_REPORTS, -1), 1);
}

Test(reports, drafts_and_scheduled_have_none_to_ask_for)
{
    app_key(&app, '4', now);
    struct fetch_job *job = take(FETCH_FOR_PANE, CAMPAIGNS);
    struct fetch_result *r = page_for(job, 2, 0, 0);
    struct sendx_campaign *c = r->page.records.items;
    codec_set_int(&model_campaign_type, &c[0], SENDX_CAMPAIGN_STATUS, 0);
    codec_set_int(&model_campaign_type, &c[1], SENDX_CAMPAIGN_STATUS, 3);
    app_result(&app, r, now);
    command("columns name,open%");
    app_tick(&app, now);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_REPORTS, -1), 1, "only the sent one");
    cr_expect_str_eq(cell("OPEN%", 0), "");
}

Test(reports, sorting_puts_campaigns_without_a_value_last)
{
    campaigns_with_metrics(4);
    app_result(&app, report_for(report_job_for_row(1), 1000, 100), now);
    app_result(&app, report_for(report_job_for_row(3), 1000, 700), now);
    for (int desc = 0; desc < 2; desc++) {
        command(desc ? "sort -open" : "sort open");
        cr_expect_str_eq(cell("OPEN%", 0), desc ? "70.0%" : "10.0%");
        cr_expect_str_eq(cell("OPEN%", 1), desc ? "10.0%" : "70.0%");
        cr_expect_str_eq(cell("OPEN%", 2), TEXT_ELLIPSIS, "unknown last, either way");
        cr_expect_str_eq(cell("OPEN%", 3), TEXT_ELLIPSIS);
    }
    app_result(&app, report_for(report_job_for_row(2), 1000, 900), now);
    cr_expect_str_eq(cell("OPEN%", 0), "90.0%", "a value that comes is sorted in");
}

Test(reports, sorting_by_a_metric_asks_for_every_loaded_report)
{
    app_key(&app, '4', now);
    answer(CAMPAIGNS, 30);
    app_set_visible(&app, &(struct app_layout){.table_rows = 5,
                                               .detail_rows = 5,
                                               .detail_width = 80,
                                               .prompt_width = 60,
                                               .help_rows = 5,
                                               .form_width = 40,
                                               .picker_rows = 5});
    command("columns name,open%");
    app_tick(&app, now);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_REPORTS, -1), 5, "the rows on screen");
    command("sort open");
    app_tick(&app, now);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_REPORTS, -1), 30, "the order needs them all");
}

/* ---- counts ------------------------------------------------------------------ */

/* Answers the count's page job with n contacts numbered from first, every
 * tag_every-th tagged with tag_0…0. */
static void count_page(size_t n, long first, int tag_every)
{
    pull();
    struct fetch_job *job = take(FETCH_FOR_COUNTS, -1);
    cr_assert_not_null(job, "a page of the count");
    cr_expect_eq(job->lane, FETCH_LANE_BACKGROUND);
    cr_expect_eq(job->kind, SENDX_KIND_CONTACT);
    app_result(&app, page_for(job, n, first, tag_every), now);
}

Test(reports, count_tallies_every_contact_with_progress_and_time)
{
    long page = model_resource(SENDX_KIND_CONTACT)->page_max;
    app_key(&app, '3', now);
    answer(SENDX_KIND_TAG, 2);
    cr_expect_str_eq(cell("CONTACTS", 0), "", "nothing counted, nothing asked");
    command("count");
    cr_expect_str_eq(cell("CONTACTS", 0), TEXT_ELLIPSIS);
    char cols[256];
    columns_describe(&app.columns[app.current], columns_for(SENDX_KIND_TAG), cols, sizeof cols);
    cr_expect(strstr(cols, "CONTACTS") && !strstr(cols, "hidden: CONTACTS"), "shown by :count: %s",
              cols);
    count_page((size_t)page, 0, 4);
    char want[64], checked[32];
    snprintf(want, sizeof want, "counting contacts: %s checked", text_thousands(page, checked));
    cr_expect_str_eq(status_now(), want);
    command("count");
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_COUNTS, -1), 1, "asked again: the scan goes on");
    count_page(10, page, 4);
    int64_t tagged = 0;
    for (long i = 0; i < page + 10; i++)
        tagged += i % 4 == 0;
    int64_t n;
    cr_assert(counts_get(&app.counts, "tag_0000000000000000000000", &n));
    cr_expect_eq(n, tagged);
    char when[32], shown[64], count[32];
    counts_when(&app.counts, 0, when, sizeof when);
    cr_expect_eq(strlen(when), 5, "HH:MM: %s", when);
    snprintf(shown, sizeof shown, "%s \xc2\xb7 %s", text_thousands(tagged, count), when);
    cr_expect_str_eq(cell("CONTACTS", 0), shown, "tag_0…0 is the first tag");
    cr_expect(strstr(cell("CONTACTS", 1), "0 \xc2\xb7 "), "a tag no contact has: 0");
    cr_expect(strstr(status_now(), "counted the contacts of every list and tag"), "%s",
              status_now());
    app_key(&app, KEYS_ENTER, now);
    struct detail_lines lines;
    cr_assert_eq(app_detail_lines(&app, &lines), 0);
    char detail[96];
    snprintf(detail, sizeof detail, "%s (counted %s)", count, when);
    bool found = false;
    for (size_t i = 0; i < lines.len; i++)
        found |= lines.items[i].label && strcmp(lines.items[i].label, "Contacts") == 0 &&
                 strcmp(lines.items[i].value, detail) == 0;
    cr_expect(found, "the detail says %s", detail);
    detail_lines_free(&lines);
}

Test(reports, a_failed_count_page_is_asked_again_later)
{
    app_key(&app, '2', now);
    command("count");
    pull();
    struct fetch_job *job = take(FETCH_FOR_COUNTS, -1);
    app_result(&app, failure_for(job, API_ERR_TRANSPORT, 0), now);
    cr_expect(strstr(status_now(), "trying again"), "%s", status_now());
    app_tick(&app, now + 1);
    pull();
    cr_expect_eq(count_jobs(FETCH_FOR_COUNTS, -1), 0, "not at once");
    long wait = counts_timeout(&app.counts, now + 1);
    cr_assert_gt(wait, 0);
    cr_expect_leq(app_timeout(&app, now + 1), wait, "the loop wakes for it");
    app_tick(&app, now + 1 + wait);
    pull();
    struct fetch_job *again = take(FETCH_FOR_COUNTS, -1);
    cr_assert_not_null(again);
    cr_expect_eq(again->offset, 0, "the same page");
    fetch_job_free(again);
}

Test(reports, when_says_the_day_only_when_it_is_not_today)
{
    struct counts c = {.taken = 86400 * 365};
    char buf[32];
    counts_when(&c, c.taken + 60, buf, sizeof buf);
    cr_expect_eq(strlen(buf), 5, "%s", buf);
    counts_when(&c, c.taken + 3 * 86400, buf, sizeof buf);
    cr_expect_eq(strlen(buf), 16, "%s", buf);
}
