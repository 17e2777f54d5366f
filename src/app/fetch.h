/* The fetch workers: each a thread that owns the network through its
 * own sendx_client (made on that thread), takes jobs from a queue and
 * posts results to another queue whose wake fd the UI polls. Two lanes,
 * a worker each, so that what the user waits on (the visible page, a
 * record) never queues behind background work (the name caches), even
 * while a 429 storm keeps that work retrying.
 *
 * Ownership: a job belongs to the worker once submitted and comes back
 * inside its result; a result belongs to whoever took it from the queue
 * (fetch_result_free). Each job holds its own reference to its cancel
 * token; the app keeps another so it can cancel from the UI thread. */
#ifndef SENDX_APP_FETCH_H
#define SENDX_APP_FETCH_H

#include <stdbool.h>

#include "api/http.h"
#include "api/sendx.h"
#include "app/queue.h"

struct logger;

enum fetch_job_type {
    FETCH_LIST,   /* one page of a list endpoint */
    FETCH_GET,    /* one record */
    FETCH_REPORT, /* a campaign's report */
};

/* What the app wanted the job for; decides where the result goes. */
enum fetch_purpose {
    FETCH_FOR_PANE,   /* rows of a pane (its plain or its search rows) */
    FETCH_FOR_NAMES,  /* the id -> name caches */
    FETCH_FOR_DETAIL, /* the record in the detail view */
    FETCH_FOR_REPORT, /* the campaign report in the detail view */
};

enum fetch_lane {
    FETCH_LANE_USER,       /* the visible pane, the detail, (later) saves */
    FETCH_LANE_BACKGROUND, /* the name caches, (later) bulk work */
    FETCH_LANES
};

struct fetch_job {
    struct queue_node node; /* first: jobs are queue nodes */
    unsigned long id;       /* unique per app */
    unsigned long gen;      /* the requester's generation when sent */
    enum fetch_job_type type;
    enum fetch_purpose purpose;
    enum fetch_lane lane;
    int pane;    /* FETCH_FOR_PANE: which pane */
    bool search; /* FETCH_FOR_PANE: the search rows, not the plain ones */
    enum sendx_kind kind;
    long offset, limit; /* FETCH_LIST */
    char *query;        /* FETCH_LIST: server search text or NULL; owned */
    enum sendx_campaign_filter campaign_filter;
    char *record_id;            /* FETCH_GET, FETCH_REPORT; owned */
    struct http_cancel *cancel; /* the job's own reference */
};

enum fetch_result_type {
    FETCH_RESULT_DONE,  /* the job finished (ok or with err) */
    FETCH_RESULT_RETRY, /* the job's request will be retried after wait_ms */
};

struct fetch_result {
    struct queue_node node; /* first: results are queue nodes */
    enum fetch_result_type type;
    struct fetch_job *job; /* DONE: the job, owned; RETRY: NULL (see job_id) */
    unsigned long job_id, gen;
    int rc;                     /* DONE: 0 ok, -1 err */
    struct api_error err;       /* DONE with rc -1 */
    struct sendx_page page;     /* FETCH_LIST */
    void *record;               /* FETCH_GET: heap record of the kind's type */
    struct sendx_report report; /* FETCH_REPORT */
    long elapsed_ms;
    struct http_retry_notice retry; /* RETRY; reason borrowed from a static string or NULL */
};

/* A new job with a fresh cancel token (refcount 1, the job's). NULL if
 * out of memory. query and record_id are copied (may be NULL). */
struct fetch_job *fetch_job_new(enum fetch_job_type type, enum sendx_kind kind, const char *query,
                                const char *record_id);
void fetch_job_free(struct fetch_job *job);

/* Frees the result, its job and whatever it carries. NULL is fine. */
void fetch_result_free(struct fetch_result *r);
/* Frees every result waiting in results (after the workers stopped). */
void fetch_results_drain(struct queue *results);

struct fetch_worker;

/* Starts the worker. opts is copied as far as http_client_new needs (the
 * client is made on the worker thread; a failure comes back as the error
 * of each job). Results go to `results`. log may be NULL. */
struct fetch_worker *fetch_worker_start(const struct http_options *opts, struct queue *results,
                                        struct logger *log, struct api_error *err);

/* Hands job to the worker (it owns it now); if the worker has stopped the
 * job is freed. */
void fetch_worker_submit(struct fetch_worker *w, struct fetch_job *job);

/* Stops taking jobs, cancels the one running, joins the thread and frees
 * the jobs never started. Results already posted stay in the queue. */
void fetch_worker_stop(struct fetch_worker *w);

/* One worker per lane, sharing the result queue. */
struct fetch_lanes {
    struct fetch_worker *worker[FETCH_LANES];
};

/* Starts a worker for each lane (as fetch_worker_start). Returns 0, or
 * -1 with err and nothing left running. */
int fetch_lanes_start(struct fetch_lanes *l, const struct http_options *opts, struct queue *results,
                      struct logger *log, struct api_error *err);
/* Hands job to its lane's worker (job->lane). */
void fetch_lanes_submit(struct fetch_lanes *l, struct fetch_job *job);
/* Stops every worker (fetch_worker_stop); l may be all NULL. */
void fetch_lanes_stop(struct fetch_lanes *l);

/* Runs one job synchronously on the calling thread's client: what the
 * worker does for each job, exposed for tests. Returns the result. */
struct fetch_result *fetch_run(struct sendx_client *c, struct fetch_job *job);

#endif
