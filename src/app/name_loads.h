/* The background loads that fill the id -> name caches (names.h) with
 * lists, tags, custom fields, senders and templates (a campaign's form
 * copies a template's HTML, picked by name): each walked page by page on
 * the background lane (walk.h ends a walk that goes nowhere), and tried
 * again with a growing backoff after a failure, so that names an outage
 * kept away still arrive. UI thread only; no curses. */
#ifndef SENDX_APP_NAME_LOADS_H
#define SENDX_APP_NAME_LOADS_H

#include <stdbool.h>
#include <stddef.h>

#include "api/retry.h"
#include "api/walk.h"
#include "app/jobs.h"
#include "app/names.h"

#define NAME_LOADS_KINDS 5
/* Names one cache loads at most of each kind: far more lists, tags,
 * fields or senders than any account has, and a bound on a server that
 * keeps sending new ones. */
#define NAME_LOADS_MAX 200000
/* A failed load tries again after a backoff between these. */
#define NAME_LOADS_RETRY_MIN_MS 1000
#define NAME_LOADS_RETRY_MAX_MS 60000

struct logger;

struct name_load {
    enum sendx_kind kind;
    unsigned long job; /* the page in flight, 0 if none */
    long next_offset;
    struct sendx_walk walk;
    int failures;  /* in a row: how long the next try waits */
    long retry_at; /* when a failed load tries again; 0 if none */
};

struct name_loads {
    struct name_load load[NAME_LOADS_KINDS];
    struct retry_rng rng; /* jitter for the retries */
    struct logger *log;   /* may be NULL */
};

/* Sets up the loads and queues the first page of each on jobs. */
void name_loads_start(struct name_loads *nl, struct jobs *jobs, struct logger *log, long now);
void name_loads_free(struct name_loads *nl);

/* Takes a FETCH_FOR_NAMES result (r stays the caller's): its names go
 * into names, the next page is queued, a failure schedules a retry.
 * Returns a warning for people when a walk ended early (into buf), or
 * NULL. */
const char *name_loads_result(struct name_loads *nl, struct jobs *jobs, struct names *names,
                              struct fetch_result *r, long now, char *buf, size_t n);

/* Loads whose retry is due ask again; returns whether any job was
 * queued. */
bool name_loads_tick(struct name_loads *nl, struct jobs *jobs, long now);
/* Loads that failed ask again now (the user asked for fresh data). */
bool name_loads_retry_now(struct name_loads *nl, struct jobs *jobs, long now);
/* Milliseconds until a retry is due (0 if one is overdue), or -1. */
long name_loads_timeout(const struct name_loads *nl, long now);

/* Records the names of n records of kind (lists, tags, fields,
 * senders; other kinds have none): the i-th is records[i], or the i-th
 * of page's records when records is NULL. Running out of memory leaves
 * ids to show in place of names. */
void name_loads_remember(struct names *names, enum sendx_kind kind, void *const *records, size_t n,
                         const struct sendx_page *page);

#endif
