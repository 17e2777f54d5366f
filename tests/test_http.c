#include "api/http.h"

#include "api/api_error.h"
#include "test_server.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define API_KEY "sk-test-7f3c9a-SECRET"

/* Everything a client did, as its callbacks reported it. */
#define MAX_SEEN 64
struct seen {
    size_t n_log;
    struct {
        enum http_method method;
        char *path;
        long status;
        int attempt;
        char *error;
    } log[MAX_SEEN];
    size_t n_retry;
    struct http_retry_notice retry[MAX_SEEN];
};

static struct seen seen;

static void on_log(void *ctx, const struct http_log_entry *e)
{
    struct seen *s = ctx;
    if (s->n_log == MAX_SEEN)
        return;
    s->log[s->n_log].method = e->method;
    s->log[s->n_log].path = e->path ? strdup(e->path) : NULL;
    s->log[s->n_log].status = e->status;
    s->log[s->n_log].attempt = e->attempt;
    s->log[s->n_log].error = e->error ? strdup(e->error) : NULL;
    s->n_log++;
}

static void on_retry(void *ctx, const struct http_retry_notice *n)
{
    struct seen *s = ctx;
    if (s->n_retry == MAX_SEEN)
        return;
    s->retry[s->n_retry] = *n;
    s->retry[s->n_retry].reason = NULL; /* borrowed for the call only */
    s->n_retry++;
}

static void suite_init(void)
{
    struct api_error err = {0};
    cr_assert_eq(http_global_init(&err), 0, "%s", api_error_message(&err));
    memset(&seen, 0, sizeof seen);
}

static void suite_fini(void)
{
    for (size_t i = 0; i < seen.n_log; i++) {
        free(seen.log[i].path);
        free(seen.log[i].error);
    }
    http_global_cleanup();
}

TestSuite(http, .init = suite_init, .fini = suite_fini, .timeout = 20);

/* Replies in order, one per request; the last one repeats. */
struct script {
    struct ts_reply replies[4];
    size_t n;
    atomic_size_t next;
};

static void scripted(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    (void)req;
    struct script *s = ctx;
    size_t i = atomic_fetch_add(&s->next, 1);
    *reply = s->replies[i < s->n ? i : s->n - 1];
}

static struct ts_reply respond(int status, const char *body)
{
    return (struct ts_reply){.action = TS_RESPOND, .status = status, .body = body};
}

static struct ts_reply respond_with(int status, const char *body, const char *header,
                                    const char *value)
{
    struct ts_reply r = respond(status, body);
    r.header_name[0] = header;
    r.header_value[0] = value;
    return r;
}

static struct test_server *start(struct script *s)
{
    struct test_server *srv = test_server_start(scripted, s);
    cr_assert_not_null(srv, "test server did not start");
    return srv;
}

/* Short everything, so failures show up in seconds. */
static struct http_options quick_options(const char *base_url)
{
    struct http_options o = http_options_default();
    o.base_url = base_url;
    o.api_key = API_KEY;
    o.connect_timeout_ms = 2000;
    o.low_speed_limit = 1;
    o.low_speed_time_s = 5;
    o.total_timeout_ms = 5000;
    o.max_body = 1u << 20;
    o.retry.max_attempts = 4;
    o.retry.base_ms = 50;
    o.retry.cap_ms = 200;
    o.retry.deadline_ms = 5000;
    o.retry.retry_after_max_ms = 5000;
    o.on_log = on_log;
    o.on_retry = on_retry;
    o.callback_ctx = &seen;
    return o;
}

static struct http_client *client_for(const struct http_options *o)
{
    struct api_error err = {0};
    struct http_client *c = http_client_new(o, &err);
    cr_assert_not_null(c, "http_client_new: %s", api_error_message(&err));
    return c;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t hits(struct test_server *srv, const char *method, const char *path)
{
    size_t n = 0;
    for (size_t i = 0; i < test_server_count(srv); i++) {
        const struct ts_request *r = test_server_request(srv, i);
        if ((!method || strcmp(r->method, method) == 0) && (!path || strcmp(r->path, path) == 0))
            n++;
    }
    return n;
}

/* Every string the client logged or reported must be free of the key. */
static void assert_key_nowhere(const struct api_error *err)
{
    cr_assert_null(strstr(api_error_message(err), API_KEY), "key in error: %s",
                   api_error_message(err));
    cr_assert_gt(seen.n_log, 0, "nothing was logged");
    for (size_t i = 0; i < seen.n_log; i++) {
        if (seen.log[i].path)
            cr_assert_null(strstr(seen.log[i].path, API_KEY), "key in log path");
        if (seen.log[i].error)
            cr_assert_null(strstr(seen.log[i].error, API_KEY), "key in log error: %s",
                           seen.log[i].error);
    }
}

/* Headers and bodies. */

Test(http, get_sends_key_accept_and_user_agent)
{
    struct script s = {.replies = {respond(200, "{\"status\":\"ok\",\"n\":1}")}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_eq(http_request(c, HTTP_GET, "/contact?offset=0&limit=10", NULL, NULL, &res, &err), 0,
                 "%s", api_error_message(&err));
    cr_assert_eq(res.status, 200);
    cr_assert_str_eq(res.body, "{\"status\":\"ok\",\"n\":1}");
    cr_assert_eq(res.body_len, strlen(res.body));

    cr_assert_eq(test_server_count(srv), 1);
    const struct ts_request *r = test_server_request(srv, 0);
    cr_assert_str_eq(r->method, "GET");
    cr_assert_str_eq(r->path, "/contact");
    cr_assert_str_eq(r->query, "offset=0&limit=10");
    cr_assert_not_null(r->api_key);
    cr_assert_str_eq(r->api_key, API_KEY);
    cr_assert_not_null(r->accept);
    cr_assert_str_eq(r->accept, "application/json");
    cr_assert_not_null(r->user_agent);
    cr_assert_str_eq(r->user_agent, "sendx-tui/" SENDX_TUI_VERSION);
    cr_assert_null(r->content_type, "a GET has no body to describe");

    cr_assert_eq(seen.n_log, 1);
    cr_assert_eq(seen.log[0].method, HTTP_GET);
    cr_assert_str_eq(seen.log[0].path, "/contact?offset=0&limit=10");
    cr_assert_eq(seen.log[0].status, 200);
    cr_assert_eq(seen.log[0].attempt, 1);
    cr_assert_null(seen.log[0].error);
    assert_key_nowhere(&err);

    http_response_clear(&res);
    cr_assert_null(res.body);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, post_put_delete_send_method_and_json_body)
{
    struct script s = {.replies = {respond(201, "{\"id\":\"c1\"}")}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};
    const char *body = "{\"email\":\"j\\u00f6@example.com\",\"tags\":[\"a\"]}";

    cr_assert_eq(http_request(c, HTTP_POST, "/contact", body, NULL, &res, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert_eq(res.status, 201);
    http_response_clear(&res);
    cr_assert_eq(http_request(c, HTTP_PUT, "/contact/c1", "{\"a\":1}", NULL, &res, &err), 0);
    http_response_clear(&res);
    cr_assert_eq(http_request(c, HTTP_DELETE, "/contact/c1", NULL, NULL, &res, &err), 0);
    http_response_clear(&res);

    cr_assert_eq(test_server_count(srv), 3);
    const struct ts_request *post = test_server_request(srv, 0);
    cr_assert_str_eq(post->method, "POST");
    cr_assert_str_eq(post->body, body);
    cr_assert_eq(post->body_len, strlen(body));
    cr_assert_not_null(post->content_type);
    cr_assert_str_eq(post->content_type, "application/json");
    cr_assert_str_eq(post->accept, "application/json");
    cr_assert_str_eq(post->api_key, API_KEY);
    const struct ts_request *put = test_server_request(srv, 1);
    cr_assert_str_eq(put->method, "PUT");
    cr_assert_str_eq(put->path, "/contact/c1");
    cr_assert_str_eq(put->body, "{\"a\":1}");
    cr_assert_str_eq(put->content_type, "application/json");
    const struct ts_request *del = test_server_request(srv, 2);
    cr_assert_str_eq(del->method, "DELETE");
    cr_assert_str_eq(del->body, "");
    cr_assert_str_eq(del->api_key, API_KEY);

    http_client_free(c);
    test_server_stop(srv);
}

Test(http, large_post_body_arrives_whole)
{
    struct script s = {.replies = {respond(200, "{}")}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    size_t n = 200000;
    char *body = malloc(n + 1);
    cr_assert_not_null(body);
    for (size_t i = 0; i < n; i++)
        body[i] = (char)('a' + i % 26);
    body[0] = '"';
    body[n - 1] = '"';
    body[n] = '\0';
    struct http_response res;
    struct api_error err = {0};
    long t0 = now_ms();

    cr_assert_eq(http_request(c, HTTP_POST, "/bulk", body, NULL, &res, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert_lt(now_ms() - t0, 900, "no 1 s wait for 100-continue");
    const struct ts_request *r = test_server_request(srv, 0);
    cr_assert_eq(r->body_len, n);
    cr_assert_eq(memcmp(r->body, body, n), 0);

    free(body);
    http_response_clear(&res);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, connection_is_reused_between_gets)
{
    struct script s = {.replies = {respond(200, "{}")}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    for (int i = 0; i < 3; i++) {
        cr_assert_eq(http_request(c, HTTP_GET, "/ping", NULL, NULL, &res, &err), 0);
        http_response_clear(&res);
    }
    cr_assert_eq(test_server_count(srv), 3);
    int port = test_server_request(srv, 0)->client_port;
    cr_assert_neq(port, 0);
    cr_assert_eq(test_server_request(srv, 1)->client_port, port);
    cr_assert_eq(test_server_request(srv, 2)->client_port, port);

    http_client_free(c);
    test_server_stop(srv);
}

/* Keys and policy. */

Test(http, key_is_never_logged_or_reported)
{
    struct script s = {.replies = {respond(404, "{\"status\":\"error\",\"message\":\"no\"}"),
                                   respond(503, "{}"), respond(200, "{}")},
                       .n = 3};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, HTTP_GET, "/a", NULL, NULL, &res, &err), 0);
    assert_key_nowhere(&err);
    api_error_clear(&err);
    cr_assert_eq(http_request(c, HTTP_GET, "/b", NULL, NULL, &res, &err), 0);
    http_response_clear(&res);
    assert_key_nowhere(&err);
    http_client_free(c);

    /* A refused connection: the port of a server that is gone. */
    char *gone = strdup(test_server_url(srv));
    test_server_stop(srv);
    o = quick_options(gone);
    o.retry.max_attempts = 2;
    c = client_for(&o);
    cr_assert_neq(http_request(c, HTTP_GET, "/c", NULL, NULL, &res, &err), 0);
    cr_assert_eq(err.kind, API_ERR_TRANSPORT, "%s", api_error_message(&err));
    cr_assert_not(err.maybe_processed, "refused: it never reached the server");
    assert_key_nowhere(&err);
    api_error_clear(&err);
    http_client_free(c);
    free(gone);
}

Test(http, plain_http_to_a_remote_host_is_refused)
{
    struct http_options o = quick_options("http://api.sendx.io/api/v1/rest");
    struct api_error err = {0};
    cr_assert_null(http_client_new(&o, &err));
    cr_assert_eq(err.kind, API_ERR_POLICY);
    cr_assert_not_null(strstr(api_error_message(&err), "https"), "%s", api_error_message(&err));
    api_error_clear(&err);
}

Test(http, key_with_a_line_break_is_refused)
{
    struct http_options o = quick_options("https://api.sendx.io");
    o.api_key = "abc\r\nX-Evil: 1";
    struct api_error err = {0};
    cr_assert_null(http_client_new(&o, &err));
    cr_assert_neq(err.kind, API_OK);
    cr_assert_null(strstr(api_error_message(&err), "X-Evil"));
    api_error_clear(&err);
}

Test(http, missing_key_is_refused)
{
    struct http_options o = quick_options("https://api.sendx.io");
    o.api_key = NULL;
    struct api_error err = {0};
    cr_assert_null(http_client_new(&o, &err));
    cr_assert_eq(err.kind, API_ERR_INVALID);
    api_error_clear(&err);
}

/* Retries. */

Test(http, rate_limit_honours_retry_after)
{
    struct script s = {
        .replies = {respond_with(429, "{}", "Retry-After", "1"), respond(200, "{\"ok\":true}")},
        .n = 2};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.retry.min_429_ms = 0;
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};
    long t0 = now_ms();

    cr_assert_eq(http_request(c, HTTP_GET, "/contact", NULL, NULL, &res, &err), 0, "%s",
                 api_error_message(&err));
    long took = now_ms() - t0;
    cr_assert_geq(took, 1000, "Retry-After: 1 must be waited out, took %ld ms", took);
    cr_assert_lt(took, 3000);
    cr_assert_str_eq(res.body, "{\"ok\":true}");
    cr_assert_eq(test_server_count(srv), 2);

    cr_assert_eq(seen.n_retry, 1);
    cr_assert_eq(seen.retry[0].status, 429);
    cr_assert_eq(seen.retry[0].wait_ms, 1000);
    cr_assert_eq(seen.retry[0].next_attempt, 2);
    cr_assert_eq(seen.n_log, 2);
    cr_assert_eq(seen.log[0].status, 429);
    cr_assert_eq(seen.log[0].attempt, 1);
    cr_assert_eq(seen.log[1].status, 200);
    cr_assert_eq(seen.log[1].attempt, 2);

    http_response_clear(&res);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, rate_limit_without_retry_after_waits_the_floor)
{
    struct script s = {.replies = {respond(429, "{}"), respond(200, "{}")}, .n = 2};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.retry.min_429_ms = 600;
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};
    long t0 = now_ms();

    cr_assert_eq(http_request(c, HTTP_POST, "/contact", "{}", NULL, &res, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert_geq(now_ms() - t0, 600);
    cr_assert_eq(hits(srv, "POST", "/contact"), 2, "a 429 was not processed, so a POST may retry");
    cr_assert_eq(seen.retry[0].wait_ms, 600);

    http_response_clear(&res);
    http_client_free(c);
    test_server_stop(srv);
}

/* A 503 may come from a proxy after the server acted: a write it
 * answers is never sent again. */
static void assert_write_answered_503_is_sent_once(enum http_method m, const char *body)
{
    struct script s = {.replies = {respond(503, "{\"status\":\"error\",\"message\":\"Try later\"}"),
                                   respond(200, "{}")},
                       .n = 2};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, m, "/contact/c1", body, NULL, &res, &err), 0);
    cr_assert_eq(err.kind, API_ERR_HTTP, "%s", api_error_message(&err));
    cr_assert_eq(err.http_status, 503);
    cr_assert_eq(err.attempts, 1);
    cr_assert_eq(hits(srv, http_method_name(m), "/contact/c1"), 1,
                 "%s answered 503 may have been processed: never resend", http_method_name(m));
    cr_assert_eq(seen.n_retry, 0);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, put_answered_503_is_sent_once)
{
    assert_write_answered_503_is_sent_once(HTTP_PUT, "{\"firstName\":\"Ada\"}");
}

Test(http, delete_answered_503_is_sent_once)
{
    assert_write_answered_503_is_sent_once(HTTP_DELETE, NULL);
}

Test(http, post_answered_503_is_sent_once)
{
    assert_write_answered_503_is_sent_once(HTTP_POST, "{\"email\":\"a@b.c\"}");
}

/* A 429 says the server did not act: any write may go again. */
static void assert_write_answered_429_is_retried(enum http_method m, const char *body)
{
    struct script s = {.replies = {respond(429, "{}"), respond(200, "{}")}, .n = 2};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.retry.min_429_ms = 0;
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_eq(http_request(c, m, "/contact/c1", body, NULL, &res, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert_eq(hits(srv, http_method_name(m), "/contact/c1"), 2);
    cr_assert_eq(seen.n_retry, 1);
    cr_assert_eq(seen.retry[0].status, 429);

    http_response_clear(&res);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, put_answered_429_is_retried)
{
    assert_write_answered_429_is_retried(HTTP_PUT, "{\"firstName\":\"Ada\"}");
}

Test(http, delete_answered_429_is_retried)
{
    assert_write_answered_429_is_retried(HTTP_DELETE, NULL);
}

Test(http, unavailable_forever_gives_up_by_the_deadline)
{
    struct script s = {
        .replies = {respond(503, "{\"status\":\"error\",\"message\":\"Down for maintenance\"}")},
        .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.retry.max_attempts = 1000;
    o.retry.base_ms = 100;
    o.retry.cap_ms = 400;
    o.retry.deadline_ms = 3000;
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};
    long t0 = now_ms();

    cr_assert_neq(http_request(c, HTTP_GET, "/contact", NULL, NULL, &res, &err), 0);
    long took = now_ms() - t0;
    cr_assert_leq(took, 3000 + 1000, "deadline 3 s, took %ld ms", took);
    cr_assert_geq(took, 2000, "gave up too early: %ld ms", took);
    cr_assert_eq(err.kind, API_ERR_HTTP);
    cr_assert_eq(err.http_status, 503);
    cr_assert_gt(err.attempts, 1);
    cr_assert_eq((size_t)err.attempts, test_server_count(srv));
    cr_assert_not_null(strstr(api_error_message(&err), "Down for maintenance"), "%s",
                       api_error_message(&err));
    cr_assert_not_null(strstr(api_error_message(&err), "503"), "%s", api_error_message(&err));
    cr_assert_null(res.body);

    cr_assert_eq(seen.n_retry, (size_t)err.attempts - 1);
    for (size_t i = 0; i < seen.n_retry; i++) {
        cr_assert_eq(seen.retry[i].status, 503);
        cr_assert_eq(seen.retry[i].next_attempt, (int)i + 2);
        cr_assert(seen.retry[i].wait_ms >= 0 && seen.retry[i].wait_ms <= 400, "wait %ld",
                  seen.retry[i].wait_ms);
    }
    assert_key_nowhere(&err);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, attempts_are_capped_by_max_attempts)
{
    struct script s = {.replies = {respond(502, "{}")}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.retry.max_attempts = 3;
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, HTTP_GET, "/x", NULL, NULL, &res, &err), 0);
    cr_assert_eq(err.kind, API_ERR_HTTP);
    cr_assert_eq(err.http_status, 502);
    cr_assert_eq(err.attempts, 3);
    cr_assert_eq(test_server_count(srv), 3);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, a_refused_key_says_how_to_set_it)
{
    struct script s = {
        .replies = {respond(401, "{\"status\":\"error\",\"message\":\"Invalid API key\"}")},
        .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, HTTP_GET, "/contact", NULL, NULL, &res, &err), 0);
    cr_assert_eq(err.http_status, 401);
    cr_assert_eq(test_server_count(srv), 1, "not retried");
    const char *m = api_error_message(&err);
    cr_assert(strstr(m, "key was refused") && strstr(m, "SENDX_API_KEY") &&
                  strstr(m, "Invalid API key"),
              "%s", m);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, not_found_is_not_retried_and_keeps_the_api_message)
{
    struct script s = {
        .replies = {respond(404, "{\"status\":\"error\",\"message\":\"Contact not found\"}")},
        .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, HTTP_GET, "/contact/nope", NULL, NULL, &res, &err), 0);
    cr_assert_eq(err.kind, API_ERR_HTTP);
    cr_assert_eq(err.http_status, 404);
    cr_assert_eq(err.attempts, 1);
    cr_assert_eq(test_server_count(srv), 1);
    cr_assert_eq(seen.n_retry, 0);
    cr_assert_not_null(strstr(api_error_message(&err), "Contact not found"), "%s",
                       api_error_message(&err));
    cr_assert_eq(seen.n_log, 1);
    cr_assert_eq(seen.log[0].status, 404);
    cr_assert_not_null(seen.log[0].error);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, server_error_without_json_is_described_by_status)
{
    struct script s = {.replies = {respond_with(500, "<html><body>Oops</body></html>",
                                                "Content-Type", "text/html")},
                       .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, HTTP_GET, "/x", NULL, NULL, &res, &err), 0);
    cr_assert_eq(err.kind, API_ERR_HTTP);
    cr_assert_eq(err.http_status, 500);
    cr_assert_eq(test_server_count(srv), 1, "500 is not in the retry list");
    cr_assert_not_null(strstr(api_error_message(&err), "500"), "%s", api_error_message(&err));
    cr_assert_null(strstr(api_error_message(&err), "<html>"), "%s", api_error_message(&err));

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, long_api_message_is_shortened)
{
    static char body[8192];
    char msg[6000];
    memset(msg, 'm', sizeof msg - 1);
    msg[sizeof msg - 1] = '\0';
    snprintf(body, sizeof body, "{\"status\":\"error\",\"message\":\"%s\"}", msg);
    struct script s = {.replies = {respond(400, body)}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, HTTP_POST, "/x", "{}", NULL, &res, &err), 0);
    cr_assert_eq(err.http_status, 400);
    cr_assert_lt(strlen(api_error_message(&err)), 1000, "a server cannot flood the status line");
    cr_assert_not_null(strstr(api_error_message(&err), "mmmm"));

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

/* Continuation bytes a UTF-8 lead byte promises, or -1 if it is no lead byte. */
static int utf8_extra(unsigned char lead)
{
    if (lead < 0x80)
        return 0;
    if ((lead & 0xE0) == 0xC0)
        return 1;
    if ((lead & 0xF0) == 0xE0)
        return 2;
    if ((lead & 0xF8) == 0xF0)
        return 3;
    return -1;
}

/* Whether s is well-formed UTF-8 (no truncated or stray sequences). */
static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int extra = utf8_extra(*p++);
        if (extra < 0)
            return false;
        for (int i = 0; i < extra; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return false;
        }
    }
    return true;
}

Test(http, long_utf8_api_message_is_cut_on_a_character_boundary)
{
    /* One ASCII byte first, so two-byte characters straddle every even
     * byte offset a cut might land on. */
    static char body[8192];
    size_t at = (size_t)snprintf(body, sizeof body, "{\"status\":\"error\",\"message\":\"x");
    for (int i = 0; i < 1000; i++)
        at += (size_t)snprintf(body + at, sizeof body - at, "\xc3\xa9");
    snprintf(body + at, sizeof body - at, "\"}");
    struct script s = {.replies = {respond(422, body)}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, HTTP_POST, "/x", "{}", NULL, &res, &err), 0);
    cr_assert_eq(err.http_status, 422);
    cr_assert_lt(strlen(api_error_message(&err)), 1000);
    const char *msg = api_error_message(&err);
    size_t len = strlen(msg);
    cr_assert(valid_utf8(msg),
              "a shortened message must stay valid UTF-8 (%zu bytes, ending %02x %02x %02x)", len,
              (unsigned char)msg[len - 3], (unsigned char)msg[len - 2],
              (unsigned char)msg[len - 1]);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

/* Dropped connections. */

/* A write on a kept-alive connection that dies under it is sent once:
 * it may have been processed, so it is never resent, by us or by
 * libcurl's silent retry on a reused connection. */
static size_t sent_over_a_dropped_connection(enum http_method m, const char *path, const char *body)
{
    struct script s = {.replies = {respond(200, "{}"), {.action = TS_DROP}}, .n = 2};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    /* The GET leaves a kept-alive connection the write could be sent on. */
    cr_assert_eq(http_request(c, HTTP_GET, "/contact", NULL, NULL, &res, &err), 0);
    http_response_clear(&res);
    cr_assert_neq(http_request(c, m, path, body, NULL, &res, &err), 0);
    cr_assert_eq(err.kind, API_ERR_TRANSPORT, "%s", api_error_message(&err));
    cr_assert(err.maybe_processed, "sent, then no answer: the outcome is unknown");
    cr_assert_eq(err.attempts, 1);
    /* Give a silent resend time to arrive before counting. */
    struct timespec pause = {.tv_nsec = 200 * 1000000L};
    nanosleep(&pause, NULL);
    size_t sent = hits(srv, http_method_name(m), NULL);
    cr_assert_eq(seen.n_retry, 0);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
    return sent;
}

Test(http, post_is_not_repeated_after_a_dropped_connection)
{
    cr_assert_eq(sent_over_a_dropped_connection(HTTP_POST, "/contact", "{\"email\":\"a@b.c\"}"), 1,
                 "it may have been processed: never resend");
}

Test(http, put_is_not_repeated_after_a_dropped_connection)
{
    cr_assert_eq(sent_over_a_dropped_connection(HTTP_PUT, "/contact/c1", "{\"company\":\"X\"}"), 1,
                 "it may have been processed: never resend");
}

Test(http, get_is_retried_after_a_dropped_connection)
{
    struct script s = {.replies = {{.action = TS_DROP}, respond(200, "{\"again\":1}")}, .n = 2};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_eq(http_request(c, HTTP_GET, "/contact", NULL, NULL, &res, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert_str_eq(res.body, "{\"again\":1}");
    cr_assert_eq(hits(srv, "GET", "/contact"), 2);
    cr_assert_eq(seen.n_retry, 1);
    cr_assert_eq(seen.retry[0].status, 0, "a transport failure has no status");
    cr_assert_eq(seen.retry[0].next_attempt, 2);
    cr_assert_eq(seen.n_log, 2);
    cr_assert_eq(seen.log[0].status, 0);
    cr_assert_not_null(seen.log[0].error);
    cr_assert_eq(seen.log[1].status, 200);

    http_response_clear(&res);
    http_client_free(c);
    test_server_stop(srv);
}

/* Redirects and bodies. */

Test(http, redirect_is_not_followed)
{
    struct script s = {
        .replies = {respond_with(302, "", "Location", "/elsewhere"), respond(200, "{}")}, .n = 2};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_neq(http_request(c, HTTP_GET, "/contact", NULL, NULL, &res, &err), 0);
    cr_assert_eq(hits(srv, NULL, "/elsewhere"), 0, "the key must not follow a redirect");
    cr_assert_eq(test_server_count(srv), 1);
    cr_assert_eq(err.kind, API_ERR_HTTP);
    cr_assert_eq(err.http_status, 302);
    cr_assert_not_null(strstr(api_error_message(&err), "redirect"), "%s", api_error_message(&err));

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, endless_body_is_cut_off_at_max_body)
{
    struct script s = {.replies = {{.action = TS_ENDLESS}}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.max_body = 1u << 20;
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};
    long t0 = now_ms();

    cr_assert_neq(http_request(c, HTTP_GET, "/export", NULL, NULL, &res, &err), 0);
    cr_assert_lt(now_ms() - t0, 3000);
    cr_assert_eq(err.kind, API_ERR_BODY, "%d: %s", err.kind, api_error_message(&err));
    cr_assert_not_null(strstr(api_error_message(&err), "1 MiB"), "%s", api_error_message(&err));
    cr_assert_eq(test_server_count(srv), 1, "a body too large is not fetched again");
    cr_assert_null(res.body);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, body_exactly_at_max_body_is_accepted)
{
    static char body[4096];
    memset(body, ' ', sizeof body - 1);
    body[0] = '{';
    body[sizeof body - 2] = '}';
    struct script s = {.replies = {respond(200, body)}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.max_body = sizeof body - 1;
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};

    cr_assert_eq(http_request(c, HTTP_GET, "/x", NULL, NULL, &res, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert_eq(res.body_len, sizeof body - 1);
    http_response_clear(&res);

    http_client_free(c);
    test_server_stop(srv);
}

/* Timeouts and cancellation. */

Test(http, stalled_server_times_out)
{
    struct script s = {.replies = {{.action = TS_STALL, .stall_ms = 10000}}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.low_speed_time_s = 1;
    o.total_timeout_ms = 1500;
    o.retry.max_attempts = 1;
    struct http_client *c = client_for(&o);
    struct http_response res;
    struct api_error err = {0};
    long t0 = now_ms();

    cr_assert_neq(http_request(c, HTTP_GET, "/slow", NULL, NULL, &res, &err), 0);
    long took = now_ms() - t0;
    cr_assert_eq(err.kind, API_ERR_TRANSPORT, "%s", api_error_message(&err));
    cr_assert_geq(took, 800, "gave up before the stall detection could: %ld ms", took);
    cr_assert_lt(took, 3000, "took %ld ms", took);

    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

struct canceller {
    struct http_cancel *token;
    long delay_ms;
    long fired_at;
};

static void *fire_later(void *arg)
{
    struct canceller *k = arg;
    struct timespec ts = {.tv_sec = k->delay_ms / 1000, .tv_nsec = (k->delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    k->fired_at = now_ms();
    http_cancel_fire(k->token);
    http_cancel_unref(k->token);
    return NULL;
}

static void assert_cancel_is_prompt(struct test_server *srv, struct http_options *o, long delay_ms)
{
    struct http_client *c = client_for(o);
    struct http_cancel *token = http_cancel_new();
    cr_assert_not_null(token);
    struct canceller k = {.token = http_cancel_ref(token), .delay_ms = delay_ms};
    pthread_t thread;
    cr_assert_eq(pthread_create(&thread, NULL, fire_later, &k), 0);
    struct http_response res;
    struct api_error err = {0};

    int rc = http_request(c, HTTP_GET, "/wait", NULL, token, &res, &err);
    long returned_at = now_ms();
    pthread_join(thread, NULL);
    cr_assert_neq(rc, 0);
    cr_assert_eq(err.kind, API_ERR_CANCELLED, "%s", api_error_message(&err));
    cr_assert_lt(returned_at - k.fired_at, 1000, "returned %ld ms after the cancel",
                 returned_at - k.fired_at);
    cr_assert(http_cancel_fired(token));
    cr_assert_geq(test_server_count(srv), 1);

    http_cancel_unref(token);
    api_error_clear(&err);
    http_client_free(c);
}

Test(http, cancel_interrupts_a_stalled_transfer)
{
    struct script s = {.replies = {{.action = TS_STALL, .stall_ms = 20000}}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.total_timeout_ms = 20000;
    o.low_speed_time_s = 20;
    assert_cancel_is_prompt(srv, &o, 200);
    test_server_stop(srv);
}

Test(http, cancel_interrupts_a_backoff_wait)
{
    struct script s = {.replies = {respond_with(503, "{}", "Retry-After", "30")}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    o.retry.retry_after_max_ms = 60000;
    o.retry.deadline_ms = 60000;
    assert_cancel_is_prompt(srv, &o, 300);
    cr_assert_eq(seen.n_retry, 1, "the cancel came during the wait");
    cr_assert_eq(seen.retry[0].wait_ms, 30000);
    cr_assert_eq(test_server_count(srv), 1);
    test_server_stop(srv);
}

Test(http, already_fired_token_cancels_at_once)
{
    struct script s = {.replies = {{.action = TS_STALL, .stall_ms = 20000}}, .n = 1};
    struct test_server *srv = start(&s);
    struct http_options o = quick_options(test_server_url(srv));
    struct http_client *c = client_for(&o);
    struct http_cancel *token = http_cancel_new();
    http_cancel_fire(token);
    struct http_response res;
    struct api_error err = {0};
    long t0 = now_ms();

    cr_assert_neq(http_request(c, HTTP_GET, "/x", NULL, token, &res, &err), 0);
    cr_assert_eq(err.kind, API_ERR_CANCELLED);
    cr_assert_lt(now_ms() - t0, 1000);

    http_cancel_unref(token);
    api_error_clear(&err);
    http_client_free(c);
    test_server_stop(srv);
}

Test(http, cancel_token_outlives_either_holder)
{
    struct http_cancel *token = http_cancel_new();
    cr_assert_not_null(token);
    cr_assert_not(http_cancel_fired(token));
    struct http_cancel *other = http_cancel_ref(token);
    cr_assert_eq(other, token);
    http_cancel_unref(token);
    http_cancel_fire(other);
    cr_assert(http_cancel_fired(other));
    http_cancel_unref(other);
    http_cancel_unref(NULL);
    cr_assert_not(http_cancel_fired(NULL));
}

Test(http, base_url_path_and_trailing_slashes_are_joined_once)
{
    struct script s = {.replies = {respond(200, "{}")}, .n = 1};
    struct test_server *srv = start(&s);
    const char *bases[] = {"/api/v1/rest/", "/api/v1/rest//"};
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        char base[128];
        snprintf(base, sizeof base, "%s%s", test_server_url(srv), bases[i]);
        struct http_options o = quick_options(base);
        struct http_client *c = client_for(&o);
        struct http_response res;
        struct api_error err = {0};

        cr_assert_eq(http_request(c, HTTP_GET, "/contact?limit=5", NULL, NULL, &res, &err), 0,
                     "%s: %s", base, api_error_message(&err));
        http_response_clear(&res);
        cr_assert_eq(test_server_count(srv), i + 1);
        const struct ts_request *r = test_server_request(srv, i);
        cr_assert_str_eq(r->path, "/api/v1/rest/contact", "base %s", base);
        cr_assert_str_eq(r->query, "limit=5");
        cr_assert_str_eq(r->api_key, API_KEY);
        http_client_free(c);
    }
    test_server_stop(srv);
}

Test(http, client_reports_its_base_url)
{
    struct http_options o = quick_options("https://api.sendx.io/api/v1/rest");
    struct http_client *c = client_for(&o);
    cr_assert_not_null(strstr(http_client_base_url(c), "https://api.sendx.io/api/v1/rest"));
    http_client_free(c);
}

Test(http, method_names)
{
    cr_assert_str_eq(http_method_name(HTTP_GET), "GET");
    cr_assert_str_eq(http_method_name(HTTP_POST), "POST");
    cr_assert_str_eq(http_method_name(HTTP_PUT), "PUT");
    cr_assert_str_eq(http_method_name(HTTP_DELETE), "DELETE");
}
