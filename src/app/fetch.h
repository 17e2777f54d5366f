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
 * token; the app keeps another so it can cancel from the UI thread.
 *
 * Writes (a form's save, a delete, an unsubscribe, a test send) are jobs
 * like the reads, for the user lane. None is ever sent twice: the HTTP
 * layer retries a write only when it never left or was answered 429. */
#ifndef SENDX_APP_FETCH_H
#define SENDX_APP_FETCH_H

#include <stdbool.h>

#include "api/http.h"
#include "api/sendx.h"
#include "app/changes.h"
#include "app/queue.h"

struct logger;

enum fetch_job_type {
    FETCH_LIST,   /* one page of a list endpoint */
    FETCH_GET,    /* one record */
    FETCH_REPORT, /* a campaign's report */
    /* Writes: fetch_job_new_write, fetch_job_new_send_test. */
    FETCH_CREATE,      /* POST record */
    FETCH_UPDATE,      /* PUT the change to record_id, after a conflict check */
    FETCH_DELETE,      /* DELETE record_id */
    FETCH_UNSUBSCRIBE, /* unsubscribe the contact record_id */
    FETCH_SEND_TEST,   /* send email: a template or a campaign's content, to one address */
};

/* What the app wanted the job for; decides where the result goes. */
enum fetch_purpose {
    FETCH_FOR_PANE,    /* rows of a pane (its plain or its search rows) */
    FETCH_FOR_NAMES,   /* the id -> name caches */
    FETCH_FOR_DETAIL,  /* the record in the detail view */
    FETCH_FOR_REPORT,  /* the campaign report in the detail view */
    FETCH_FOR_SAVE,    /* a write: back to the form or screen that asked */
    FETCH_FOR_REPORTS, /* a campaign's report for the table's columns (reports.h) */
    FETCH_FOR_COUNTS,  /* a page of contacts counted for lists and tags (counts.h) */
};

enum fetch_lane {
    FETCH_LANE_USER,       /* the visible pane, the detail, the writes */
    FETCH_LANE_BACKGROUND, /* the name caches, the table's reports, the counts */
    /* The pages of a whole load (G): several asked at once, one a worker,
     * each worker on a connection of its own, so that transfer, decoding
     * and filing overlap and a slow link's round trips are shared. */
    FETCH_LANE_BULK,
    FETCH_LANES
};

/* The bulk lane's workers: as many pages as are in flight at once. */
#define FETCH_BULK_WORKERS 3

struct fetch_job {
    struct queue_node node; /* first: jobs are queue nodes */
    unsigned long id;       /* unique per app */
    unsigned long gen;      /* the requester's generation when sent */
    enum fetch_job_type type;
    enum fetch_purpose purpose;
    enum fetch_lane lane;
    int pane;    /* FETCH_FOR_PANE: which pane */
    bool search; /* FETCH_FOR_PANE: the search rows, not the plain ones */
    bool bulk;   /* FETCH_FOR_PANE: a page of a whole load, on the bulk lane */
    enum sendx_kind kind;
    long offset, limit; /* FETCH_LIST */
    char *query;        /* FETCH_LIST: server search text or NULL; owned */
    enum sendx_campaign_filter campaign_filter;
    char *record_id; /* FETCH_GET, FETCH_REPORT, FETCH_UPDATE, FETCH_DELETE,
                        FETCH_UNSUBSCRIBE; owned */
    /* Heap records of the kind's type, owned. FETCH_CREATE: the new record.
     * FETCH_UPDATE: the change (only the changed members set, as
     * changes_between makes it). A contact's tags may hold names the user
     * typed: the worker replaces them by the ids of existing or new tags
     * before sending, so the job comes back holding ids. */
    void *record;
    /* FETCH_UPDATE: the record as the form loaded it, the conflict check's
     * base; NULL when the user chose to overwrite (no check). Owned. */
    void *original;
    struct sendx_email *email;  /* FETCH_SEND_TEST: heap, owned */
    bool send_template;         /* FETCH_SEND_TEST: POST /send/template, else /send/email */
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
    int rc;                 /* DONE: 0 ok, -1 err */
    struct api_error err;   /* DONE with rc -1 */
    struct sendx_page page; /* FETCH_LIST */
    /* Heap record of the kind's type. FETCH_GET: the record. FETCH_CREATE,
     * FETCH_UPDATE: the server's answer (an update's answer that lacks the
     * id gets the job's record_id; a create's may lack it). */
    void *record;
    struct sendx_report report; /* FETCH_REPORT */
    /* FETCH_UPDATE stopped before sending because the server moved since
     * `original` (rc 0, nothing written, record NULL): server_now is the
     * record as the server holds it (heap, of the kind's type) and
     * conflicts lists what changes_conflicts found: the `updated` time
     * when it moved, even if alone, then each member the change touches
     * that moved. Both owned; the app may take them (and NULL or zero
     * them) before fetch_result_free. */
    bool conflicted;
    void *server_now;
    struct changes_conflicts conflicts;
    /* FETCH_CREATE, FETCH_UPDATE of a contact: the tags made for the names
     * it held (model_tag_type records), so the name caches learn them;
     * filled even when the contact's own request then failed. */
    struct sendx_objects created_tags;
    struct sendx_message message; /* FETCH_DELETE, FETCH_UNSUBSCRIBE: the server's words */
    struct sendx_objects sent;    /* FETCH_SEND_TEST: model_send_result_type, per recipient */
    long elapsed_ms;
    struct http_retry_notice retry; /* RETRY; reason borrowed from a static string or NULL */
};

/* A new job with a fresh cancel token (refcount 1, the job's). NULL if
 * out of memory. query and record_id are copied (may be NULL). */
struct fetch_job *fetch_job_new(enum fetch_job_type type, enum sendx_kind kind, const char *query,
                                const char *record_id);

/* A write job (FETCH_CREATE, FETCH_UPDATE, FETCH_DELETE or
 * FETCH_UNSUBSCRIBE, the last with kind SENDX_KIND_CONTACT). record_id is
 * copied (may be NULL); record and original are heap records of kind's
 * type (or NULL) and are taken whatever happens: the job frees them, and
 * so does a failure here. NULL if out of memory. */
struct fetch_job *fetch_job_new_write(enum fetch_job_type type, enum sendx_kind kind,
                                      const char *record_id, void *record, void *original);

/* A FETCH_SEND_TEST job: email (heap, taken whatever happens, as above)
 * must go to exactly one recipient; send_template picks the endpoint.
 * kind and record_id (copied, may be NULL) name what is tested, a
 * template or a campaign, for the app; they are not sent. NULL if out of
 * memory. */
struct fetch_job *fetch_job_new_send_test(enum sendx_kind kind, const char *record_id,
                                          struct sendx_email *email, bool send_template);

/* Frees the job and whatever it owns. NULL is fine. */
void fetch_job_free(struct fetch_job *job);

/* Frees the result, its job and whatever it carries. NULL is fine. */
void fetch_result_free(struct fetch_result *r);
/* A heap result holding what r held, r left empty (free it as usual):
 * for a result the caller keeps past the one that delivered it. NULL if
 * out of memory (r untouched). */
struct fetch_result *fetch_result_take(struct fetch_result *r);
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

/* One worker per lane, FETCH_BULK_WORKERS for the bulk lane (its jobs
 * dealt round), all sharing the result queue. */
struct fetch_lanes {
    struct fetch_worker *worker[FETCH_LANE_BULK + FETCH_BULK_WORKERS];
    unsigned next_bulk;
};

/* Starts a worker for each lane (as fetch_worker_start). Returns 0, or
 * -1 with err and nothing left running. */
int fetch_lanes_start(struct fetch_lanes *l, const struct http_options *opts, struct queue *results,
                      struct logger *log, struct api_error *err);
/* Hands job to its lane's worker (job->lane), the bulk lane's in turn. */
void fetch_lanes_submit(struct fetch_lanes *l, struct fetch_job *job);
/* Stops every worker (fetch_worker_stop); l may be all NULL. */
void fetch_lanes_stop(struct fetch_lanes *l);

/* Runs one job synchronously on the calling thread's client: what the
 * worker does for each job, exposed for tests. Returns the result. */
struct fetch_result *fetch_run(struct sendx_client *c, struct fetch_job *job);

#endif
