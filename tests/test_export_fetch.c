/* The export's fetchers (export_fetch.c) against a scripted server: pages
 * asked ahead and handed over in the server's order, never more than the
 * window ahead of a slow writer, a stop that ends the walk at once whether
 * the fetchers wait on a full window or on a request, a failure ahead said
 * only after the pages before it, one request at a time after a 429, a
 * server that sends more than asked followed where its page ended; and
 * the failures the mock cannot make on cue, through the whole stream. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/http.h"
#include "api/sendx.h"
#include "cli/export_internal.h"
#include "test_server.h"

#define KEY "export-test-key"

static struct api_error err;

static void http_up(void)
{
    cr_assert_eq(http_global_init(&err), 0);
}

static void http_down(void)
{
    api_error_clear(&err);
    http_global_cleanup();
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct export_fetch *fetch_with(const char *url, long min_429_ms)
{
    struct http_options o = http_options_default();
    o.base_url = url;
    o.api_key = KEY;
    o.retry.deadline_ms = 5000;
    o.retry.min_429_ms = min_429_ms;
    struct export_fetch *f = cli_export_fetch_new(&o, &err);
    cr_assert_not_null(f, "%s", api_error_message(&err));
    return f;
}

static struct export_fetch *fetch_at(const char *url)
{
    return fetch_with(url, 1000);
}

/* ---- a server of tags, paged as the API pages ---- */

struct script {
    long total;   /* tags the server has: tag_ and the number, 22 digits */
    long slow_at; /* the page at this offset comes slow_ms late (0: none) */
    long slow_ms;
    long every_ms;    /* every page comes this late */
    long fail_at;     /* the page at this offset is answered 404 (0: none) */
    long stall_from;  /* pages from this offset never come (0: none) */
    long throttle_at; /* the first ask for the page at this offset is answered 429 (0: none) */
    bool whole_rest;  /* every tag from the offset on, whatever the limit */
    /* What the server saw. */
    atomic_bool slow_answered, failed_before_slow, throttled, retried;
    atomic_int in_flight, most, in_flight_after, most_after;
};

static long query_number(const char *query, const char *name)
{
    const char *p = strstr(query, name);
    return p ? strtol(p + strlen(name), NULL, 10) : 0;
}

static void raise_to(atomic_int *most, int v)
{
    int m = atomic_load(most);
    while (v > m && !atomic_compare_exchange_weak(most, &m, v))
        continue;
}

/* The tags from offset, limit of them, as a JSON array (per connection
 * thread, so it lives until the server copies it). */
static const char *tags_json(const struct script *s, long offset, long limit)
{
    static _Thread_local char body[8192];
    size_t len = 0;
    body[len++] = '[';
    long end = s->whole_rest || offset + limit > s->total ? s->total : offset + limit;
    for (long i = offset; i < end; i++)
        len += (size_t)snprintf(body + len, sizeof body - len,
                                "%s{\"id\":\"tag_%022ld\",\"name\":\"t%ld\"}",
                                i > offset ? "," : "", i, i);
    snprintf(body + len, sizeof body - len, "]");
    return body;
}

static void answer(struct script *s, long offset, long limit, struct ts_reply *reply)
{
    if (s->stall_from && offset >= s->stall_from) {
        reply->action = TS_STALL;
        reply->stall_ms = 20000;
        return;
    }
    if (s->throttle_at && offset == s->throttle_at && !atomic_exchange(&s->throttled, true)) {
        reply->status = 429;
        reply->body = "{\"status\":\"error\",\"message\":\"slow down\"}";
        reply->header_name[0] = "Retry-After";
        reply->header_value[0] = "0";
        return;
    }
    if (s->fail_at && offset == s->fail_at) {
        atomic_store(&s->failed_before_slow, !atomic_load(&s->slow_answered));
        reply->status = 404;
        reply->body = "{\"status\":\"error\",\"message\":\"no such page\"}";
        return;
    }
    usleep((useconds_t)(s->every_ms + (offset == s->slow_at ? s->slow_ms : 0)) * 1000);
    if (offset == s->slow_at)
        atomic_store(&s->slow_answered, true);
    reply->body = tags_json(s, offset, limit);
}

/* Counts how many requests are in the server at once: all of them, and
 * apart those that came once the client surely knew of the 429 (its
 * page asked again). */
static void tags_server(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    struct script *s = ctx;
    long offset = query_number(req->query, "offset=");
    if (s->throttle_at && offset == s->throttle_at && atomic_load(&s->throttled))
        atomic_store(&s->retried, true);
    bool after = atomic_load(&s->retried);
    raise_to(&s->most, atomic_fetch_add(&s->in_flight, 1) + 1);
    if (after)
        raise_to(&s->most_after, atomic_fetch_add(&s->in_flight_after, 1) + 1);
    answer(s, offset, query_number(req->query, "limit="), reply);
    if (after)
        atomic_fetch_sub(&s->in_flight_after, 1);
    atomic_fetch_sub(&s->in_flight, 1);
}

/* ---- a writer that keeps the ids, slowly if told ---- */

struct collect {
    struct test_server *ts;
    struct export_fetch *fetch;
    char ids[200][32];
    size_t n, pages;
    long sleep_ms;     /* a slow writer */
    size_t most_ahead; /* requests the server saw beyond the pages taken, at most */
    void (*on_first)(struct collect *c);
    long stopped_at; /* when on_first stopped the walk */
};

static int collect_page(void *ctx, struct sendx_page *page, struct api_error *e)
{
    struct collect *c = ctx;
    c->pages++;
    for (size_t i = 0; i < page->records.len && c->n < 200; i++) {
        const struct sendx_tag *t = sendx_page_at(page, i);
        snprintf(c->ids[c->n++], sizeof c->ids[0], "%s", t->id);
    }
    if (c->on_first && c->pages == 1)
        c->on_first(c);
    usleep((useconds_t)c->sleep_ms * 1000);
    size_t seen = test_server_count(c->ts);
    if (seen > c->pages && seen - c->pages > c->most_ahead)
        c->most_ahead = seen - c->pages;
    return 0;
}

static int walk_tags(struct collect *c, struct script *s, long limit)
{
    c->ts = test_server_start(tags_server, s);
    cr_assert_not_null(c->ts);
    c->fetch = fetch_at(test_server_url(c->ts));
    const struct sendx_query q = {.limit = limit};
    int rc = cli_export_fetch_walk(c->fetch, SENDX_KIND_TAG, &q, collect_page, c, &err);
    cli_export_fetch_free(c->fetch);
    c->fetch = NULL;
    return rc;
}

/* The ids are tag 0 to n - 1, in order. */
static void expect_in_order(const struct collect *c, size_t n)
{
    cr_expect_eq(c->n, n);
    for (size_t i = 0; i < c->n && i < n; i++) {
        char want[32];
        snprintf(want, sizeof want, "tag_%022zu", i);
        cr_expect_str_eq(c->ids[i], want, "record %zu", i);
    }
}

TestSuite(fetch, .init = http_up, .fini = http_down, .timeout = 30);

Test(fetch, never_more_than_the_window_ahead_of_a_slow_writer)
{
    struct script s = {.total = 30};
    struct collect c = {.sleep_ms = 100};
    int rc = walk_tags(&c, &s, 3);
    cr_expect_eq(rc, 0, "%s", api_error_message(&err));
    expect_in_order(&c, 30);
    cr_expect_eq(c.pages, 11, "ten full pages and the empty one that ends the walk");
    cr_expect_eq(c.most_ahead, EXPORT_AHEAD, "asked ahead, as far as the window and no further");
    test_server_stop(c.ts);
}

static void stop_now(struct collect *c)
{
    c->stopped_at = now_ms();
    cli_export_fetch_stop(c->fetch);
}

/* Once the window is full the fetchers wait on it, asking nothing. */
static void stop_on_a_full_window(struct collect *c)
{
    for (int i = 0; i < 5000 && test_server_count(c->ts) < 1 + EXPORT_AHEAD; i++)
        usleep(1000);
    cr_assert_eq(test_server_count(c->ts), 1 + EXPORT_AHEAD);
    usleep(50 * 1000);
    stop_now(c);
}

Test(fetch, a_stop_while_the_fetchers_wait_on_a_full_window_ends_the_walk_at_once)
{
    struct script s = {.total = 300};
    struct collect c = {.on_first = stop_on_a_full_window};
    c.ts = test_server_start(tags_server, &s);
    cr_assert_not_null(c.ts);
    c.fetch = fetch_at(test_server_url(c.ts));
    const struct sendx_query q = {.limit = 3};
    int rc = cli_export_fetch_walk(c.fetch, SENDX_KIND_TAG, &q, collect_page, &c, &err);
    long took = now_ms() - c.stopped_at;
    cr_expect_eq(rc, -1);
    cr_expect_eq(err.kind, API_ERR_CANCELLED, "%s", api_error_message(&err));
    cr_expect_lt(took, 1000, "joined in %ld ms", took);
    cr_expect_eq(c.pages, 1, "nothing written after the stop");
    cr_expect_eq(test_server_count(c.ts), 1 + EXPORT_AHEAD, "nothing asked after it");
    cr_expect_eq(cli_export_fetch_walk(c.fetch, SENDX_KIND_TAG, &q, collect_page, &c, &err), -1);
    cr_expect_eq(err.kind, API_ERR_CANCELLED, "a later walk does not start");
    cli_export_fetch_free(c.fetch);
    test_server_stop(c.ts);
}

/* Another thread, as the signal watch is: stops once the second page is
 * asked for (and never comes). */
static void *stop_when_asked(void *arg)
{
    struct collect *c = arg;
    for (int i = 0; i < 5000 && test_server_count(c->ts) < 2; i++)
        usleep(1000);
    usleep(50 * 1000);
    stop_now(c);
    return NULL;
}

Test(fetch, a_stop_cancels_the_requests_in_flight_at_once)
{
    struct script s = {.total = 300, .stall_from = 3};
    struct collect c = {0};
    c.ts = test_server_start(tags_server, &s);
    cr_assert_not_null(c.ts);
    c.fetch = fetch_at(test_server_url(c.ts));
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, stop_when_asked, &c), 0);
    const struct sendx_query q = {.limit = 3};
    int rc = cli_export_fetch_walk(c.fetch, SENDX_KIND_TAG, &q, collect_page, &c, &err);
    long took = now_ms() - c.stopped_at;
    pthread_join(t, NULL);
    cr_expect_eq(rc, -1);
    cr_expect_eq(err.kind, API_ERR_CANCELLED, "%s", api_error_message(&err));
    cr_expect_lt(took, 1000, "the stalled requests cancelled in %ld ms", took);
    expect_in_order(&c, 3);
    cli_export_fetch_free(c.fetch);
    test_server_stop(c.ts);
}

Test(fetch, a_failure_on_a_page_asked_ahead_is_said_after_the_pages_before_it)
{
    struct script s = {.total = 30, .slow_at = 3, .slow_ms = 300, .fail_at = 6};
    struct collect c = {0};
    int rc = walk_tags(&c, &s, 3);
    cr_expect_eq(rc, -1);
    cr_expect(atomic_load(&s.failed_before_slow), "the third page failed before the second came");
    expect_in_order(&c, 6);
    cr_expect(strstr(api_error_message(&err), "after 6 tags: HTTP 404") != NULL, "%s",
              api_error_message(&err));
    test_server_stop(c.ts);
}

Test(fetch, two_requests_at_once_until_a_429_then_one_at_a_time)
{
    struct script s = {.total = 60, .every_ms = 20, .throttle_at = 15};
    struct collect c = {0};
    c.ts = test_server_start(tags_server, &s);
    cr_assert_not_null(c.ts);
    c.fetch = fetch_with(test_server_url(c.ts), 10);
    const struct sendx_query q = {.limit = 3};
    int rc = cli_export_fetch_walk(c.fetch, SENDX_KIND_TAG, &q, collect_page, &c, &err);
    cr_expect_eq(rc, 0, "%s", api_error_message(&err));
    expect_in_order(&c, 60);
    cr_expect(atomic_load(&s.retried));
    cr_expect_eq(atomic_load(&s.most), EXPORT_FETCHERS, "pages asked ahead travel together");
    cr_expect_eq(atomic_load(&s.most_after), 1, "after the 429, one request at a time");
    cli_export_fetch_free(c.fetch);
    test_server_stop(c.ts);
}

/* A server that sends every tag from the offset on, whatever the limit:
 * the next page starts where that one ended, not a page later (where
 * every tag would be one seen, and the walk would take that for a server
 * ignoring offset). */
Test(fetch, a_server_that_sends_more_than_asked_is_followed_where_its_page_ended)
{
    struct script s = {.total = 10, .whole_rest = true};
    struct collect c = {0};
    int rc = walk_tags(&c, &s, 3);
    cr_expect_eq(rc, 0, "%s", api_error_message(&err));
    expect_in_order(&c, 10);
    size_t n = test_server_count(c.ts);
    bool asked_at_end = false;
    for (size_t i = 0; i < n; i++)
        asked_at_end |= strstr(test_server_request(c.ts, i)->query, "offset=10") != NULL;
    cr_expect(asked_at_end, "the page after the first asked at 10");
    test_server_stop(c.ts);
}

/* ---- the whole stream: what the mock does not do on cue ---- */

/* What cli_export_stream writes through f for req (heap text); *rc is
 * what it returned. */
static char *stream_text(struct export_fetch *f, const struct export_request *req,
                         struct export_job *job, int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_not_null(out);
    struct export_sink sink = {.out = out, .name = "memory"};
    *job = (struct export_job){.fetch = f, .sink = &sink};
    *rc = cli_export_stream(job, req, &err);
    cr_assert_eq(fclose(out), 0);
    job->sink = NULL;
    return text;
}

/* Tags in pages of 3: the first page, then an answer chosen per test. */
enum second_page { SERVER_ERROR, SAME_PAGE, BAD_RECORD };

static void tags_page(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    const enum second_page *then = ctx;
    static const char *const page = "[{\"id\":\"tag_aaaaaaaaaaaaaaaaaaaaaa\",\"name\":\"a\"},"
                                    "{\"id\":\"tag_bbbbbbbbbbbbbbbbbbbbbb\",\"name\":\"b\"},"
                                    "{\"id\":\"tag_cccccccccccccccccccccc\",\"name\":\"c\"}]";
    reply->body = page;
    if (strstr(req->query, "offset=0") || *then == SAME_PAGE)
        return;
    if (*then == BAD_RECORD) {
        reply->body = "[{\"id\":\"not an id!\",\"name\":\"x\"},"
                      "{\"id\":\"tag_dddddddddddddddddddddd\",\"name\":\"d\"}]";
        return;
    }
    reply->status = 500;
    reply->body = "{\"status\":\"error\",\"message\":\"database \\u001b[31mdown\"}";
}

static char *scripted_export(enum second_page then, struct export_job *job, int *rc)
{
    struct test_server *ts = test_server_start(tags_page, &then);
    cr_assert_not_null(ts);
    struct export_fetch *f = fetch_at(test_server_url(ts));
    struct export_request req = {
        .kind = SENDX_KIND_TAG, .format = &cli_export_ndjson, .page_size = 3};
    char *text = stream_text(f, &req, job, rc);
    cli_export_fetch_free(f);
    test_server_stop(ts);
    return text;
}

TestSuite(scripted, .init = http_up, .fini = http_down, .timeout = 30);

Test(scripted, a_failure_midway_says_where_the_walk_was)
{
    struct export_job job;
    int rc;
    free(scripted_export(SERVER_ERROR, &job, &rc));
    cr_expect_eq(rc, -1);
    cr_expect_eq(job.records, 3);
    cr_expect(strstr(api_error_message(&err), "after 3 tags: HTTP 500: database"), "%s",
              api_error_message(&err));
}

Test(scripted, a_server_that_ignores_offset_fails_the_export_instead_of_looping)
{
    struct export_job job;
    int rc;
    free(scripted_export(SAME_PAGE, &job, &rc));
    cr_expect_eq(rc, -1);
    cr_expect(strstr(api_error_message(&err), "sent no new tags"), "%s", api_error_message(&err));
    cr_expect_eq(job.records, 3, "each record once");
}

Test(scripted, a_record_the_client_cannot_read_is_counted_and_the_rest_written)
{
    struct export_job job;
    int rc;
    char *text = scripted_export(BAD_RECORD, &job, &rc);
    cr_expect_eq(rc, 0, "%s", api_error_message(&err));
    cr_expect_eq(job.records, 4);
    cr_expect_eq(job.skipped, 1);
    cr_expect(strstr(api_error_message(&job.skip_why), "not an id"), "%s",
              api_error_message(&job.skip_why));
    cr_expect(strstr(text, "tag_dddddddddddddddddddddd") != NULL, "%s", text);
    api_error_clear(&job.skip_why);
    free(text);
}
