#include "app/fetch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/logger.h"

struct fetch_worker {
    struct queue jobs;
    struct queue *results;
    struct logger *log;
    struct http_options opts; /* strings below are the worker's copies */
    char *base_url, *api_key, *ca_file;
    pthread_t thread;
    pthread_mutex_t lock; /* guards running and stopping */
    struct fetch_job *running;
    bool stopping;
};

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

struct fetch_job *fetch_job_new(enum fetch_job_type type, enum sendx_kind kind, const char *query,
                                const char *record_id)
{
    struct fetch_job *job = calloc(1, sizeof *job);
    if (!job)
        return NULL;
    job->type = type;
    job->kind = kind;
    job->query = dup_or_null(query);
    job->record_id = dup_or_null(record_id);
    job->cancel = http_cancel_new();
    if ((query && !job->query) || (record_id && !job->record_id) || !job->cancel) {
        fetch_job_free(job);
        return NULL;
    }
    return job;
}

void fetch_job_free(struct fetch_job *job)
{
    if (!job)
        return;
    free(job->query);
    free(job->record_id);
    http_cancel_unref(job->cancel);
    free(job);
}

void fetch_result_free(struct fetch_result *r)
{
    if (!r)
        return;
    if (r->record && r->job)
        codec_free(model_resource(r->job->kind)->type, r->record);
    free(r->record);
    sendx_page_free(&r->page);
    codec_free(&model_report_type, &r->report);
    api_error_clear(&r->err);
    fetch_job_free(r->job);
    free(r);
}

void fetch_results_drain(struct queue *results)
{
    struct queue_node *n = queue_take_all(results);
    while (n) {
        struct queue_node *next = n->next;
        fetch_result_free((struct fetch_result *)n);
        n = next;
    }
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

struct fetch_result *fetch_run(struct sendx_client *c, struct fetch_job *job)
{
    struct fetch_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->type = FETCH_RESULT_DONE;
    r->job = job;
    r->job_id = job->id;
    r->gen = job->gen;
    long start = now_ms();
    if (!c) {
        r->rc = -1;
        api_error_set(&r->err, API_ERR_INVALID, 0, "no connection to the API");
    } else if (http_cancel_fired(job->cancel)) {
        r->rc = -1;
        api_error_set(&r->err, API_ERR_CANCELLED, 0, "cancelled");
    } else if (job->type == FETCH_LIST) {
        struct sendx_query q = {.offset = job->offset,
                                .limit = job->limit,
                                .search = job->query,
                                .campaign_filter = job->campaign_filter};
        r->rc = sendx_list(c, job->kind, &q, &r->page, job->cancel, &r->err);
    } else if (job->type == FETCH_GET) {
        r->record = calloc(1, model_resource(job->kind)->type->size);
        if (!r->record) {
            r->rc = -1;
            api_error_set(&r->err, API_ERR_NOMEM, 0, "out of memory");
        } else {
            r->rc = sendx_get(c, job->kind, job->record_id, r->record, job->cancel, &r->err);
        }
    } else {
        r->rc = sendx_campaign_report(c, job->record_id, &r->report, job->cancel, &r->err);
    }
    r->elapsed_ms = now_ms() - start;
    return r;
}

static void on_log(void *ctx, const struct http_log_entry *e)
{
    struct fetch_worker *w = ctx;
    logger_write(w->log, "request %s %s status %ld %ld ms attempt %d%s%s",
                 http_method_name(e->method), e->path, e->status, e->elapsed_ms, e->attempt,
                 e->error ? " error: " : "", e->error ? e->error : "");
}

static void on_retry(void *ctx, const struct http_retry_notice *n)
{
    struct fetch_worker *w = ctx;
    pthread_mutex_lock(&w->lock);
    struct fetch_job *job = w->running;
    unsigned long id = job ? job->id : 0, gen = job ? job->gen : 0;
    pthread_mutex_unlock(&w->lock);
    struct fetch_result *r = calloc(1, sizeof *r);
    if (!r)
        return; /* the countdown is a courtesy; the retry happens anyway */
    r->type = FETCH_RESULT_RETRY;
    r->job_id = id;
    r->gen = gen;
    r->retry = *n;
    r->retry.reason = NULL;
    if (queue_push(w->results, &r->node) != 0)
        free(r);
}

static void *worker_main(void *arg)
{
    struct fetch_worker *w = arg;
    struct api_error err = {0};
    struct sendx_client *client = NULL;
    struct queue_node *n;
    while ((n = queue_pop_wait(&w->jobs)) != NULL) {
        struct fetch_job *job = (struct fetch_job *)n;
        pthread_mutex_lock(&w->lock);
        w->running = job;
        if (w->stopping)
            http_cancel_fire(job->cancel);
        pthread_mutex_unlock(&w->lock);
        if (!client) {
            client = sendx_client_new(&w->opts, &err);
            if (!client)
                logger_write(w->log, "cannot make the API client: %s", api_error_message(&err));
        }
        struct fetch_result *r = fetch_run(client, job);
        if (r && !client)
            api_error_move(&r->err, &err);
        api_error_clear(&err);
        pthread_mutex_lock(&w->lock);
        w->running = NULL;
        pthread_mutex_unlock(&w->lock);
        if (!r) {
            fetch_job_free(job);
            continue;
        }
        if (queue_push(w->results, &r->node) != 0)
            fetch_result_free(r);
    }
    sendx_client_free(client);
    return NULL;
}

static void worker_free(struct fetch_worker *w)
{
    free(w->base_url);
    free(w->api_key);
    free(w->ca_file);
    free(w);
}

struct fetch_worker *fetch_worker_start(const struct http_options *opts, struct queue *results,
                                        struct logger *log, struct api_error *err)
{
    struct fetch_worker *w = calloc(1, sizeof *w);
    if (!w) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    w->results = results;
    w->log = log;
    w->opts = *opts;
    w->base_url = dup_or_null(opts->base_url);
    w->api_key = dup_or_null(opts->api_key);
    w->ca_file = dup_or_null(opts->ca_file);
    w->opts.base_url = w->base_url;
    w->opts.api_key = w->api_key;
    w->opts.ca_file = w->ca_file;
    w->opts.on_log = log ? on_log : NULL;
    w->opts.on_retry = on_retry;
    w->opts.callback_ctx = w;
    if ((opts->base_url && !w->base_url) || (opts->api_key && !w->api_key) ||
        (opts->ca_file && !w->ca_file)) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        worker_free(w);
        return NULL;
    }
    if (queue_init(&w->jobs, false) != 0) {
        api_error_set(err, API_ERR_NOMEM, 0, "cannot make the job queue");
        worker_free(w);
        return NULL;
    }
    pthread_mutex_init(&w->lock, NULL);
    int rc = pthread_create(&w->thread, NULL, worker_main, w);
    if (rc != 0) {
        api_error_set(err, API_ERR_NOMEM, 0, "cannot start the fetch thread: %s", strerror(rc));
        pthread_mutex_destroy(&w->lock);
        queue_destroy(&w->jobs);
        worker_free(w);
        return NULL;
    }
    return w;
}

void fetch_worker_submit(struct fetch_worker *w, struct fetch_job *job)
{
    if (queue_push(&w->jobs, &job->node) != 0)
        fetch_job_free(job);
}

void fetch_worker_stop(struct fetch_worker *w)
{
    if (!w)
        return;
    queue_close(&w->jobs);
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    if (w->running)
        http_cancel_fire(w->running->cancel);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    struct queue_node *n = queue_take_all(&w->jobs);
    while (n) {
        struct queue_node *next = n->next;
        fetch_job_free((struct fetch_job *)n);
        n = next;
    }
    pthread_mutex_destroy(&w->lock);
    queue_destroy(&w->jobs);
    worker_free(w);
}

int fetch_lanes_start(struct fetch_lanes *l, const struct http_options *opts, struct queue *results,
                      struct logger *log, struct api_error *err)
{
    memset(l, 0, sizeof *l);
    for (int i = 0; i < FETCH_LANES; i++) {
        l->worker[i] = fetch_worker_start(opts, results, log, err);
        if (!l->worker[i]) {
            fetch_lanes_stop(l);
            return -1;
        }
    }
    return 0;
}

void fetch_lanes_submit(struct fetch_lanes *l, struct fetch_job *job)
{
    unsigned lane = (unsigned)job->lane < FETCH_LANES ? (unsigned)job->lane : FETCH_LANE_USER;
    fetch_worker_submit(l->worker[lane], job);
}

void fetch_lanes_stop(struct fetch_lanes *l)
{
    for (int i = 0; i < FETCH_LANES; i++) {
        fetch_worker_stop(l->worker[i]);
        l->worker[i] = NULL;
    }
}
