/* The fetches the app has asked for: queued until the main loop hands
 * them to the workers, and tracked while in flight, so that a result
 * finds who wanted it and anything can be cancelled from the UI thread.
 * UI thread only; no curses. */
#ifndef SENDX_APP_JOBS_H
#define SENDX_APP_JOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/fetch.h"

struct jobs_inflight {
    unsigned long id;
    struct http_cancel *cancel; /* our reference */
    enum fetch_purpose purpose;
    int pane;
};

struct jobs {
    struct fetch_job *head, *tail; /* waiting for jobs_take */
    struct jobs_inflight *inflight;
    size_t n_inflight, cap_inflight;
    unsigned long next_id;
};

/* The lane for purpose: the name caches, the table's reports and the
 * contact counts are background work; the rest someone waits on. */
enum fetch_lane jobs_lane(enum fetch_purpose purpose);

/* Queues job (now the queue's) and tracks it: gives it an id, gen,
 * purpose, pane and lane (what the user waits on goes on the user lane,
 * the name caches on the background lane). Returns its id, or 0 if job
 * is NULL or there is no memory to track it (job freed). */
unsigned long jobs_submit(struct jobs *j, struct fetch_job *job, enum fetch_purpose purpose,
                          int pane, unsigned long gen);

/* The tracked job with this id, or NULL (finished, cancelled or never
 * asked). Borrowed until the next change. */
const struct jobs_inflight *jobs_find(const struct jobs *j, unsigned long id);

/* Stops tracking a job; with cancel, its request is cancelled too. */
void jobs_forget(struct jobs *j, unsigned long id, bool cancel);

/* Cancels and forgets every job for pane (FETCH_FOR_PANE). */
void jobs_cancel_pane(struct jobs *j, int pane);

/* The queued jobs, oldest first (a list through node.next), now the
 * caller's. */
struct fetch_job *jobs_take(struct jobs *j);

/* Cancels everything in flight and frees what is still queued. */
void jobs_free(struct jobs *j);

#endif
