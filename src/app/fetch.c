#include "app/fetch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/ids.h"
#include "api/walk.h"
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

/* Frees a heap record of kind's type; NULL is fine. */
static void record_free(enum sendx_kind kind, void *record)
{
    if (!record)
        return;
    codec_free(model_resource(kind)->type, record);
    free(record);
}

struct fetch_job *fetch_job_new_write(enum fetch_job_type type, enum sendx_kind kind,
                                      const char *record_id, void *record, void *original)
{
    struct fetch_job *job = fetch_job_new(type, kind, NULL, record_id);
    if (!job) {
        record_free(kind, record);
        record_free(kind, original);
        return NULL;
    }
    job->record = record;
    job->original = original;
    return job;
}

struct fetch_job *fetch_job_new_send_test(enum sendx_kind kind, const char *record_id,
                                          struct sendx_email *email, bool send_template)
{
    struct fetch_job *job = fetch_job_new(FETCH_SEND_TEST, kind, NULL, record_id);
    if (!job) {
        codec_free(&model_email_type, email);
        free(email);
        return NULL;
    }
    job->email = email;
    job->send_template = send_template;
    return job;
}

void fetch_job_free(struct fetch_job *job)
{
    if (!job)
        return;
    free(job->query);
    free(job->record_id);
    record_free(job->kind, job->record);
    record_free(job->kind, job->original);
    if (job->email) {
        codec_free(&model_email_type, job->email);
        free(job->email);
    }
    http_cancel_unref(job->cancel);
    free(job);
}

void fetch_result_free(struct fetch_result *r)
{
    if (!r)
        return;
    if (r->job) { /* a RETRY notice carries no job and no record */
        record_free(r->job->kind, r->record);
        record_free(r->job->kind, r->server_now);
    }
    sendx_page_free(&r->page);
    codec_free(&model_report_type, &r->report);
    changes_conflicts_free(&r->conflicts);
    codec_objects_free(&model_tag_type, &r->created_tags);
    codec_free(&model_message_type, &r->message);
    codec_objects_free(&model_send_result_type, &r->sent);
    api_error_clear(&r->err);
    fetch_job_free(r->job);
    free(r);
}

struct fetch_result *fetch_result_take(struct fetch_result *r)
{
    struct fetch_result *kept = malloc(sizeof *kept);
    if (!kept)
        return NULL;
    *kept = *r;
    kept->node.next = NULL;
    *r = (struct fetch_result){.type = r->type, .job_id = r->job_id, .gen = r->gen};
    return kept;
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

/* A zeroed heap record of kind's type, or NULL with err. */
static void *record_new(enum sendx_kind kind, struct api_error *err)
{
    void *record = calloc(1, model_resource(kind)->type->size);
    if (!record)
        api_error_nomem(err);
    return record;
}

static int run_get(struct sendx_client *c, struct fetch_job *job, struct fetch_result *r)
{
    r->record = record_new(job->kind, &r->err);
    if (!r->record)
        return -1;
    return sendx_get(c, job->kind, job->record_id, r->record, job->cancel, &r->err);
}

/* ---- a contact's new tags ---- */

/* A contact's tag entry that is not an id is a name the user typed. */
static bool is_tag_name(const char *entry)
{
    return !ids_match_ref(entry, model_resource(SENDX_KIND_TAG)->id_prefix, false);
}

/* Replaces every pending entry spelled name by a copy of id. name must
 * not point into tags, whose entries this frees. */
static int settle_name(struct sendx_strv *tags, bool *pending, const char *name, const char *id,
                       struct api_error *err)
{
    for (size_t i = 0; i < tags->len; i++) {
        if (!pending[i] || strcmp(tags->items[i], name) != 0)
            continue;
        char *copy = strdup(id);
        if (!copy)
            return api_error_nomem(err);
        free(tags->items[i]);
        tags->items[i] = copy;
        pending[i] = false;
    }
    return 0;
}

static bool any_pending(const bool *pending, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pending[i])
            return true;
    return false;
}

/* Settles the pending names that existing tags carry (exact and
 * case-sensitive, as the server keeps them). The tag list endpoint takes
 * no search, so this walks it, stopping once every name is found. */
static int find_existing_tags(struct sendx_client *c, struct sendx_strv *tags, bool *pending,
                              struct http_cancel *cancel, struct api_error *err)
{
    struct sendx_query q = {.limit = model_resource(SENDX_KIND_TAG)->page_max};
    struct sendx_pager pager;
    if (sendx_pager_init(&pager, SENDX_KIND_TAG, &q, 0, err) != 0)
        return -1;
    int rc = 0;
    struct sendx_page page;
    while (rc == 0 && any_pending(pending, tags->len) &&
           (rc = sendx_pager_next(&pager, c, &page, cancel, err)) == 1) {
        rc = 0;
        for (size_t i = 0; rc == 0 && i < page.records.len; i++) {
            const struct sendx_tag *tag = sendx_page_at(&page, i);
            if (tag->name)
                rc = settle_name(tags, pending, tag->name, tag->id, err);
        }
        sendx_page_free(&page);
    }
    sendx_pager_free(&pager);
    if (rc < 0)
        api_error_prefix(err, "cannot look up the tags");
    return rc < 0 ? -1 : 0;
}

/* Appends record (moved in: zeroed on success) to objs of type t. */
static int objects_append(const struct model_type *t, struct sendx_objects *objs, void *record)
{
    void *items = realloc(objs->items, (objs->len + 1) * t->size);
    if (!items)
        return -1;
    objs->items = items;
    memcpy((char *)items + objs->len * t->size, record, t->size);
    objs->len++;
    memset(record, 0, t->size);
    return 0;
}

/* Creates a tag named as pending entry i, adds the server's answer to
 * created and settles every entry of that name with its id. */
static int create_tag(struct sendx_client *c, struct sendx_strv *tags, bool *pending, size_t i,
                      struct sendx_objects *created, struct http_cancel *cancel,
                      struct api_error *err)
{
    struct sendx_tag want = {0}, made = {0};
    if (codec_set_string(&model_tag_type, &want, SENDX_TAG_NAME, tags->items[i]) != 0)
        return api_error_nomem(err);
    int rc = sendx_create(c, SENDX_KIND_TAG, &want, &made, cancel, err);
    if (rc == 0 && !made.id)
        rc = api_error_fail(err, API_ERR_BODY, 0, "the server did not say the new tag's id");
    if (rc != 0)
        api_error_prefix(err, "cannot create the tag \"%s\"", want.name);
    else if (objects_append(&model_tag_type, created, &made) != 0)
        rc = api_error_nomem(err);
    else
        rc = settle_name(tags, pending, want.name,
                         ((struct sendx_tag *)created->items)[created->len - 1].id, err);
    codec_free(&model_tag_type, &made);
    codec_free(&model_tag_type, &want);
    return rc;
}

/* The spec's contact body takes tag ids only (RestEContact), though its
 * prose has tags made when assigned: so every name the user typed becomes
 * the id of the tag of that name, made first if there is none. Tags made
 * go to r->created_tags, so the app's name cache learns them. */
static int resolve_tags(struct sendx_client *c, struct fetch_job *job, struct fetch_result *r)
{
    if (job->kind != SENDX_KIND_CONTACT || !codec_is_set(job->record, SENDX_CONTACT_TAGS))
        return 0;
    struct sendx_strv *tags = &((struct sendx_contact *)job->record)->tags;
    bool *pending = calloc(tags->len + 1, sizeof *pending);
    if (!pending)
        return api_error_nomem(&r->err);
    for (size_t i = 0; i < tags->len; i++)
        pending[i] = is_tag_name(tags->items[i]);
    int rc = any_pending(pending, tags->len)
                 ? find_existing_tags(c, tags, pending, job->cancel, &r->err)
                 : 0;
    for (size_t i = 0; rc == 0 && i < tags->len; i++)
        if (pending[i])
            rc = create_tag(c, tags, pending, i, &r->created_tags, job->cancel, &r->err);
    free(pending);
    return rc;
}

/* ---- saves ---- */

/* Fetches the record again and compares it with the form's original.
 * Returns 1 when the save must stop (r then holds server_now and the
 * conflicts), 0 to go on, -1 with r->err. */
static int check_conflicts(struct sendx_client *c, struct fetch_job *job, struct fetch_result *r)
{
    void *now = record_new(job->kind, &r->err);
    if (!now)
        return -1;
    int rc = sendx_get(c, job->kind, job->record_id, now, job->cancel, &r->err);
    if (rc != 0 && r->err.kind == API_ERR_HTTP && r->err.http_status == 404)
        api_error_prefix(&r->err, "the %s was deleted meanwhile", model_resource(job->kind)->name);
    if (rc == 0)
        rc = changes_conflicts(job->kind, job->original, now, job->record, NULL, &r->conflicts,
                               &r->err);
    if (rc == 0 && r->conflicts.len > 0) {
        r->conflicted = true;
        r->server_now = now;
        return 1;
    }
    record_free(job->kind, now);
    return rc;
}

/* Some answers to an update lack the id (the spec's own examples do);
 * the app finds the row by it, and it can only be the one sent to. */
static int fill_missing_id(const struct fetch_job *job, void *answer, struct api_error *err)
{
    const struct model_resource *res = model_resource(job->kind);
    if (codec_is_set(answer, res->id_member))
        return 0;
    if (codec_set_string(res->type, answer, res->id_member, job->record_id) != 0)
        return api_error_nomem(err);
    return 0;
}

static int send_record(struct sendx_client *c, struct fetch_job *job, struct fetch_result *r)
{
    void *answer = record_new(job->kind, &r->err);
    if (!answer)
        return -1;
    int rc =
        job->type == FETCH_CREATE
            ? sendx_create(c, job->kind, job->record, answer, job->cancel, &r->err)
            : sendx_update(c, job->kind, job->record_id, job->record, answer, job->cancel, &r->err);
    if (rc == 0 && job->type == FETCH_UPDATE)
        rc = fill_missing_id(job, answer, &r->err);
    if (rc == 0) {
        r->record = answer;
        return 0;
    }
    record_free(job->kind, answer);
    return -1;
}

/* FETCH_CREATE and FETCH_UPDATE. A conflict is no error: rc 0, nothing
 * sent, r->conflicted for the app to ask the user. */
static int run_save(struct sendx_client *c, struct fetch_job *job, struct fetch_result *r)
{
    if (!job->record)
        return api_error_fail(&r->err, API_ERR_INVALID, 0, "nothing to save");
    if (job->type == FETCH_UPDATE && job->original) {
        int stop = check_conflicts(c, job, r);
        if (stop != 0)
            return stop > 0 ? 0 : -1;
    }
    if (resolve_tags(c, job, r) != 0)
        return -1;
    return send_record(c, job, r);
}

static int run_send_test(struct sendx_client *c, struct fetch_job *job, struct fetch_result *r)
{
    /* A test that reached a list of people would be no test. */
    if (!job->email || job->email->to.len != 1)
        return api_error_fail(&r->err, API_ERR_INVALID, 0, "a test goes to exactly one address");
    if (job->send_template)
        return sendx_send_template(c, job->email, &r->sent, job->cancel, &r->err);
    return sendx_send_email(c, job->email, &r->sent, job->cancel, &r->err);
}

static int run_job(struct sendx_client *c, struct fetch_job *job, struct fetch_result *r)
{
    switch (job->type) {
    case FETCH_LIST: {
        struct sendx_query q = {.offset = job->offset,
                                .limit = job->limit,
                                .search = job->query,
                                .campaign_filter = job->campaign_filter};
        return sendx_list(c, job->kind, &q, &r->page, job->cancel, &r->err);
    }
    case FETCH_GET:
        return run_get(c, job, r);
    case FETCH_REPORT:
        return sendx_campaign_report(c, job->record_id, &r->report, job->cancel, &r->err);
    case FETCH_CREATE:
    case FETCH_UPDATE:
        return run_save(c, job, r);
    case FETCH_DELETE:
        return sendx_delete(c, job->kind, job->record_id, &r->message, job->cancel, &r->err);
    case FETCH_UNSUBSCRIBE:
        return sendx_contact_unsubscribe(c, job->record_id, &r->message, job->cancel, &r->err);
    case FETCH_SEND_TEST:
        return run_send_test(c, job, r);
    }
    return api_error_fail(&r->err, API_ERR_INVALID, 0, "unknown job %d", (int)job->type);
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
    } else {
        r->rc = run_job(c, job, r);
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
    for (size_t i = 0; i < sizeof l->worker / sizeof l->worker[0]; i++) {
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
    if (lane == FETCH_LANE_BULK)
        lane += l->next_bulk++ % FETCH_BULK_WORKERS;
    fetch_worker_submit(l->worker[lane], job);
}

void fetch_lanes_stop(struct fetch_lanes *l)
{
    for (size_t i = 0; i < sizeof l->worker / sizeof l->worker[0]; i++) {
        fetch_worker_stop(l->worker[i]);
        l->worker[i] = NULL;
    }
}
