/* End to end, what the tables learn apart from their records: the
 * Campaigns table's SENT and OPEN% filled from each campaign's report in
 * the background (… meanwhile, never in the way of the keys) and sorted
 * by them, and :count on Tags counting every contact, its counts and
 * time in the table and in the detail. What the screen should show is
 * asked of the mock through the API client. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/codec.h"
#include "api/sendx.h"
#include "app/text.h"
#include "e2e.h"
#include "tmux.h"

TestSuite(e2e_metrics, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

#define CAMPAIGNS_SEEDED 10

static void command(const char *line)
{
    keys(":");
    type(line);
    keys("Enter");
}

/* A campaign as the API has it, and what its row should show. */
struct expected {
    char *name;     /* as shown */
    bool has;       /* a report with a share to show */
    double open;    /* OPEN%: people who opened over sent */
    char sent[32];  /* SENT, as shown */
    char share[16]; /* OPEN%, as shown */
};

static size_t expect_campaigns(struct expected *out)
{
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CAMPAIGN, 0, 50, &page);
    cr_assert_eq(page.records.len, CAMPAIGNS_SEEDED);
    struct sendx_client *c = client();
    for (size_t i = 0; i < page.records.len; i++) {
        const struct sendx_campaign *cp = sendx_page_at(&page, i);
        out[i] = (struct expected){.name = shown(cp->name, 40)};
        struct sendx_report rep = {0};
        struct api_error err = {0};
        if (cp->status >= 2 && sendx_campaign_report(c, cp->id, &rep, NULL, &err) == 0 &&
            rep.sent > 0) {
            out[i].has = true;
            out[i].open = 100.0 * (double)rep.opened_unique / (double)rep.sent;
            text_thousands(rep.sent, out[i].sent);
            snprintf(out[i].share, sizeof out[i].share, "%.1f%%", out[i].open);
        }
        codec_free(&model_report_type, &rep);
        api_error_clear(&err);
    }
    sendx_client_free(c);
    sendx_page_free(&page);
    return CAMPAIGNS_SEEDED;
}

static void free_expected(struct expected *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(e[i].name);
}

/* The screen's line showing name (a row), into buf; "" if none. */
static const char *row_of(const char *name, char *buf, size_t n)
{
    for (int i = 4; i < ROWS - 1; i++) {
        screen_line(i, buf, n);
        if (strstr(buf, name))
            return buf;
    }
    buf[0] = '\0';
    return buf;
}

static void campaigns_with_metrics(void)
{
    keys("4");
    wait_title("Campaigns");
    assert_shows("Rentr");
    command("columns name,sent,open%");
    assert_shows("OPEN%");
}

Test(e2e_metrics, campaign_columns_show_each_reports_values)
{
    start(200);
    struct expected want[CAMPAIGNS_SEEDED];
    size_t n = expect_campaigns(want);
    campaigns_with_metrics();
    assert_gone(TEXT_ELLIPSIS);
    char line[512];
    size_t with = 0;
    for (size_t i = 0; i < n; i++) {
        row_of(want[i].name, line, sizeof line);
        cr_assert(*line, "a row for %s", want[i].name);
        if (!want[i].has)
            continue;
        with++;
        cr_expect(strstr(line, want[i].sent), "SENT %s in: %s", want[i].sent, line);
        cr_expect(strstr(line, want[i].share), "OPEN%% %s in: %s", want[i].share, line);
    }
    cr_expect_gt(with, 3, "campaigns with reports were seeded");
    free_expected(want, n);
    quit();
}

Test(e2e_metrics, pending_values_never_hold_up_the_keys)
{
    start(200);
    keys("4");
    wait_title("Campaigns");
    assert_shows("Rentr");
    struct mock_faults slow = {.latency_ms = 4000};
    mock_server_set_faults(mock, &slow);
    command("columns name,sent,open%");
    assert_shows(TEXT_ELLIPSIS);
    keys("j");
    keys("j");
    keys("j");
    assert_shows("▌ Rentr");
    char line[512];
    cr_expect(strstr(row_of("Rentr", line, sizeof line), TEXT_ELLIPSIS),
              "moved while its report is still on its way: %s", line);
    struct mock_faults none = {0};
    mock_server_set_faults(mock, &none);
    assert_gone(TEXT_ELLIPSIS);
    quit();
}

static int by_open_desc(const void *a, const void *b)
{
    const struct expected *x = a, *y = b;
    if (x->has != y->has)
        return x->has ? -1 : 1;
    return (x->open < y->open) - (x->open > y->open);
}

Test(e2e_metrics, sorting_by_open_rate_follows_the_api)
{
    start(200);
    struct expected want[CAMPAIGNS_SEEDED];
    size_t n = expect_campaigns(want);
    qsort(want, n, sizeof *want, by_open_desc);
    campaigns_with_metrics();
    command("sort -open");
    assert_shows("sorted by OPEN% descending");
    assert_gone(TEXT_ELLIPSIS);
    char line[512];
    for (size_t i = 0; i < n && want[i].has; i++) {
        screen_line(4 + (int)i, line, sizeof line);
        cr_expect(strstr(line, want[i].name), "row %zu is %s: %s", i, want[i].name, line);
    }
    free_expected(want, n);
    quit();
}

/* How many contacts hold tag id, paging through them all. */
static long contacts_tagged(const char *id)
{
    long page_max = model_resource(SENDX_KIND_CONTACT)->page_max, n = 0;
    for (long offset = 0;; offset += page_max) {
        struct sendx_page page = {0};
        list_page(SENDX_KIND_CONTACT, offset, page_max, &page);
        for (size_t i = 0; i < page.records.len; i++) {
            const struct sendx_contact *c = sendx_page_at(&page, i);
            for (size_t k = 0; k < c->tags.len; k++)
                n += c->tags.items[k] && strcmp(c->tags.items[k], id) == 0;
        }
        bool last = (long)page.received < page_max;
        sendx_page_free(&page);
        if (last)
            return n;
    }
}

Test(e2e_metrics, count_fills_contacts_on_tags_and_their_detail)
{
    start(2000);
    struct sendx_page tags = {0};
    list_page(SENDX_KIND_TAG, 0, 1, &tags);
    const struct sendx_tag *first = sendx_page_at(&tags, 0);
    char *name = shown(first->name, 40);
    char count[32], cell[64];
    text_thousands(contacts_tagged(first->id), count);
    sendx_page_free(&tags);
    keys("3");
    wait_title("Tags");
    assert_shows(name);
    command("count");
    assert_shows("CONTACTS");
    assert_shows("counted the contacts of every list and tag");
    snprintf(cell, sizeof cell, "%s · ", count);
    char line[512];
    cr_expect(strstr(row_of(name, line, sizeof line), cell), "%s in: %s", cell, line);
    keys("Enter");
    snprintf(cell, sizeof cell, "%s (counted ", count);
    assert_shows(cell);
    free(name);
    quit();
}
