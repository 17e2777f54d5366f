/* The pages of a whole load (G) asked before their turn: while the page
 * whose turn it is travels, the next ones are already asked for on the
 * bulk lane's other workers, so transfer, decoding and filing overlap and
 * a slow link's round trips are shared. A page that comes back early
 * waits here until the ones before it are filed: the rows still take
 * their pages in order, through the walk that notices a server repeating
 * itself. After a 429 no page is asked ahead again for that load.
 * UI thread only; no curses. */
#ifndef SENDX_APP_AHEAD_H
#define SENDX_APP_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "app/fetch.h"
#include "app/jobs.h"

/* Pages asked beyond the one whose turn it is: with it, one for each of
 * the bulk lane's workers. */
#define AHEAD_PAGES (FETCH_BULK_WORKERS - 1)

struct ahead_slot {
    unsigned long job;          /* its page job */
    long offset;                /* the page's first record */
    struct fetch_result *early; /* arrived before its turn (owned), or NULL */
    long arrived;               /* when early came, for the load's time */
};

struct page_ahead {
    struct ahead_slot slot[AHEAD_PAGES]; /* in offset order */
    size_t n;
    long last_offset; /* the offset of the last page asked, ahead or not */
    bool throttled;   /* a 429 came: one page at a time until the next load */
};

/* The slot of job, or -1. */
int ahead_find(const struct page_ahead *pa, unsigned long job);

/* Adds a page asked at offset (the caller checked there is room). */
void ahead_push(struct page_ahead *pa, unsigned long job, long offset);

/* Takes the first slot out: its job, its offset and its early result
 * (now the caller's; NULL while it is still to come). */
struct ahead_slot ahead_pop(struct page_ahead *pa);

/* Forgets every page asked ahead: the ones in flight cancelled, the early
 * ones freed. */
void ahead_drop(struct page_ahead *pa, struct jobs *jobs);

#endif
