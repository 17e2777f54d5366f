/* How many contacts each list and each tag has. The API has no count, so
 * one is taken on request (:count) by walking every contact on the
 * background lane and tallying their lists and tags: one scan counts all
 * lists and all tags at once. The last finished count is kept with the
 * time it was taken, and stays shown while a new one runs; a page that
 * fails is asked again after a growing pause. UI thread only; no curses. */
#ifndef SENDX_APP_COUNTS_H
#define SENDX_APP_COUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "api/retry.h"
#include "api/walk.h"
#include "app/jobs.h"

#define COUNTS_RETRY_MIN_MS 1000
#define COUNTS_RETRY_MAX_MS 60000

struct counts_tally {
    struct counts_entry {
        char *id; /* a list's or a tag's, owned */
        int64_t n;
    } * items; /* sorted by id */
    size_t len, cap;
};

struct counts {
    struct counts_tally done; /* the last finished count */
    time_t taken;             /* when it finished (wall clock); 0: never */
    bool partial;             /* it stopped before the last contact (said then) */
    /* The scan running, if any. */
    bool running;
    unsigned long job; /* the page in flight, 0 if none */
    long next_offset;
    long started; /* when it began (monotonic ms) */
    struct sendx_walk walk;
    struct counts_tally tally;
    size_t checked; /* contacts tallied so far */
    int failures;   /* in a row */
    long retry_at;  /* a failed page is asked again then; 0 if none */
    struct retry_rng rng;
};

void counts_free(struct counts *c);

/* Starts a scan unless one runs (its work is not thrown away). Returns
 * whether one was started; false with *running set when one was already
 * running, or clear when out of memory. */
bool counts_start(struct counts *c, struct jobs *jobs, long now, bool *running);

enum counts_outcome {
    COUNTS_IGNORED,  /* not this scan's page */
    COUNTS_PROGRESS, /* a page tallied (or failed, to be asked again); more to come */
    COUNTS_DONE,     /* the count is taken: done, taken, partial */
};

/* Takes a FETCH_FOR_COUNTS result (r stays the caller's; its records
 * may be dropped by the walk): tallies it, asks for the next page or
 * finishes at wall-clock time wall. When the scan ends early (a server
 * repeating itself, the cap), why is said into buf; else buf is "".
 * A failure is said there too (and asked again later). */
enum counts_outcome counts_result(struct counts *c, struct jobs *jobs, struct fetch_result *r,
                                  long now, time_t wall, char *buf, size_t n);

/* A failed page whose pause is over is asked again; returns whether a
 * job was queued. */
bool counts_tick(struct counts *c, struct jobs *jobs, long now);
/* Milliseconds until that is due (0 if overdue), or -1. */
long counts_timeout(const struct counts *c, long now);

/* The contacts of list or tag id at the last count into *n; false when
 * none was taken yet. An id no contact had counts 0. */
bool counts_get(const struct counts *c, const char *id, int64_t *n);

/* When the count was taken, in local time, into buf: "10:42" on the
 * day of wall_now (or when wall_now is 0: a cell has no room for more),
 * else "2024-03-05 10:42". */
const char *counts_when(const struct counts *c, time_t wall_now, char *buf, size_t n);

#endif
