/* The queue and wake fd between threads, and the fetch worker end to end
 * against the scripted loopback server. */
#include <criterion/criterion.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/fetch.h"
#include "app/queue.h"
#include "test_server.h"

struct item {
    struct queue_node node;
    int value;
};

struct producer {
    struct queue *q;
    int n;
};

static void *produce(void *arg)
{
    struct producer *p = arg;
    for (int i = 0; i < p->n; i++) {
        struct item *it = calloc(1, sizeof *it);
        it->value = i;
        cr_assert_eq(queue_push(p->q, &it->node), 0);
    }
    return NULL;
}

Test(queue, the_wake_fd_signals_arrivals_in_order)
{
    struct queue q;
    cr_assert_eq(queue_init(&q, true), 0);
    struct pollfd pfd = {.fd = queue_wake_fd(&q), .events = POLLIN};
    cr_assert_eq(poll(&pfd, 1, 0), 0, "nothing yet: not readable");
    struct producer p = {&q, 1000};
    pthread_t t;
    pthread_create(&t, NULL, produce, &p);
    int expect = 0;
    while (expect < 1000) {
        cr_assert_eq(poll(&pfd, 1, 5000), 1, "woken within 5 s");
        struct queue_node *n = queue_take_all(&q);
        while (n) {
            struct queue_node *next = n->next;
            cr_assert_eq(((struct item *)n)->value, expect++);
            free(n);
            n = next;
        }
    }
    pthread_join(t, NULL);
    cr_assert_eq(poll(&pfd, 1, 0), 0, "drained: not readable again");
    queue_destroy(&q);
}

static void *pop_one(void *arg)
{
    return queue_pop_wait(arg);
}

Test(queue, closing_wakes_a_waiting_consumer)
{
    struct queue q;
    cr_assert_eq(queue_init(&q, false), 0);
    pthread_t t;
    pthread_create(&t, NULL, pop_one, &q);
    queue_close(&q);
    void *got = (void *)1;
    pthread_join(t, &got);
    cr_assert_null(got);
    struct item it = {0};
    cr_assert_eq(queue_push(&q, &it.node), -1, "closed queues refuse");
    queue_destroy(&q);
}

static const char contacts_page[] =
    "[{\"id\":\"contact_a\",\"email\":\"a@example.com\"},{\"id\":\"contact_b\",\"email\":\"b@"
    "example.com\"}]";

/* An error answer asking the client to come back after `seconds`. */
static void come_back_later(struct ts_reply *reply, int status, const char *seconds)
{
    reply->status = status;
    reply->body = "{\"status\":\"error\",\"message\":\"busy\"}";
    reply->header_name[0] = "Retry-After";
    reply->header_value[0] = seconds;
}

/* The first request gets a 503 asking for a retry in a second. */
static void handler(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    int *calls = ctx;
    if ((*calls)++ == 0)
        come_back_later(reply, 503, "1");
    else
        reply->body = contacts_page;
}

static struct fetch_result *wait_result(struct queue *results)
{
    struct pollfd pfd = {.fd = queue_wake_fd(results), .events = POLLIN};
    for (;;) {
        cr_assert_eq(poll(&pfd, 1, 10000), 1, "a result within 10 s");
        struct queue_node *n = queue_take_all(results);
        if (!n)
            continue;
        cr_assert_null(n->next, "one result at a time here");
        return (struct fetch_result *)n;
    }
}

Test(worker, runs_jobs_on_its_own_client_and_posts_results)
{
    struct api_error err = {0};
    cr_assert_eq(http_global_init(&err), 0);
    int calls = 0;
    struct test_server *srv = test_server_start(handler, &calls);
    cr_assert_not_null(srv);
    struct queue results;
    cr_assert_eq(queue_init(&results, true), 0);
    struct http_options o = http_options_default();
    o.base_url = test_server_url(srv);
    o.api_key = "test-key";
    struct fetch_worker *w = fetch_worker_start(&o, &results, NULL, &err);
    cr_assert_not_null(w, "%s", api_error_message(&err));
    struct fetch_job *job = fetch_job_new(FETCH_LIST, SENDX_KIND_CONTACT, NULL, NULL);
    job->id = 7;
    job->gen = 3;
    job->limit = 50;
    fetch_worker_submit(w, job);
    struct fetch_result *r = wait_result(&results);
    cr_assert_eq(r->type, FETCH_RESULT_RETRY, "the 503 is announced with its wait");
    cr_assert_eq(r->retry.status, 503);
    cr_assert_eq(r->job_id, 7);
    cr_assert_gt(r->retry.wait_ms, 0);
    fetch_result_free(r);
    r = wait_result(&results);
    cr_assert_eq(r->type, FETCH_RESULT_DONE);
    cr_assert_eq(r->rc, 0, "%s", api_error_message(&r->err));
    cr_assert_eq(r->job_id, 7);
    cr_assert_eq(r->gen, 3);
    cr_assert_eq(r->page.records.len, 2);
    fetch_result_free(r);

    struct fetch_job *cancelled = fetch_job_new(FETCH_LIST, SENDX_KIND_CONTACT, NULL, NULL);
    http_cancel_fire(cancelled->cancel);
    fetch_worker_submit(w, cancelled);
    r = wait_result(&results);
    cr_assert_eq(r->rc, -1);
    cr_assert_eq(r->err.kind, API_ERR_CANCELLED, "a job cancelled before it ran is skipped");
    fetch_result_free(r);

    fetch_worker_stop(w);
    queue_destroy(&results);
    test_server_stop(srv);
    http_global_cleanup();
}

/* Tags answer 429 with a long Retry-After, as in a storm; contacts
 * answer at once. */
static void storm_on_tags(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    (void)ctx;
    if (strcmp(req->path, "/tag") == 0)
        come_back_later(reply, 429, "30");
    else
        reply->body = contacts_page;
}

Test(worker, the_user_lane_does_not_wait_behind_the_background_lane)
{
    struct api_error err = {0};
    cr_assert_eq(http_global_init(&err), 0);
    struct test_server *srv = test_server_start(storm_on_tags, NULL);
    cr_assert_not_null(srv);
    struct queue results;
    cr_assert_eq(queue_init(&results, true), 0);
    struct http_options o = http_options_default();
    o.base_url = test_server_url(srv);
    o.api_key = "test-key";
    struct fetch_lanes lanes;
    cr_assert_eq(fetch_lanes_start(&lanes, &o, &results, NULL, &err), 0, "%s",
                 api_error_message(&err));

    struct fetch_job *names = fetch_job_new(FETCH_LIST, SENDX_KIND_TAG, NULL, NULL);
    names->id = 1;
    names->lane = FETCH_LANE_BACKGROUND;
    fetch_lanes_submit(&lanes, names);
    struct fetch_result *r = wait_result(&results);
    cr_assert_eq(r->type, FETCH_RESULT_RETRY, "the tags wait out their 429");
    cr_assert_eq(r->job_id, 1);
    fetch_result_free(r);

    struct fetch_job *page = fetch_job_new(FETCH_LIST, SENDX_KIND_CONTACT, NULL, NULL);
    page->id = 2;
    page->lane = FETCH_LANE_USER;
    fetch_lanes_submit(&lanes, page);
    r = wait_result(&results);
    cr_assert_eq(r->type, FETCH_RESULT_DONE, "the page arrives while the tags still wait");
    cr_assert_eq(r->job_id, 2);
    cr_assert_eq(r->rc, 0, "%s", api_error_message(&r->err));
    fetch_result_free(r);

    fetch_lanes_stop(&lanes); /* cancels the tags' wait */
    fetch_results_drain(&results);
    queue_destroy(&results);
    test_server_stop(srv);
    http_global_cleanup();
}
