/* The campaigns' reports behind the Campaigns table's metric columns
 * (SENT, OPEN%, CLICK%, UNSUB%): asked for on the background lane, only
 * for the campaigns someone looks at (those on screen, or all loaded
 * while the table is sorted by a metric), once each, and kept for the
 * session. A failed one is asked again when next wanted after a pause
 * that grows with each failure in a row, never in a loop. A draft or a
 * scheduled campaign has nothing to report and is not asked for.
 * UI thread only; no curses. */
#ifndef SENDX_APP_REPORTS_H
#define SENDX_APP_REPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "api/retry.h"
#include "api/sendx.h"
#include "app/jobs.h"

/* A failed report is asked again after a pause between these. */
#define REPORTS_RETRY_MIN_MS 2000
#define REPORTS_RETRY_MAX_MS 120000

enum reports_state {
    REPORTS_LOADING, /* asked, not answered yet */
    REPORTS_FAILED,  /* asked again when wanted after retry_at */
    REPORTS_HAVE,    /* report holds it */
    REPORTS_NONE,    /* the server has none (404): nothing to show, not asked again */
};

struct reports_entry {
    char *id; /* the campaign's, owned */
    enum reports_state state;
    unsigned long job;          /* REPORTS_LOADING */
    int failures;               /* in a row */
    long retry_at;              /* REPORTS_FAILED */
    struct sendx_report report; /* REPORTS_HAVE; owned */
};

struct reports {
    struct reports_entry *items; /* sorted by id */
    size_t len, cap;
    struct retry_rng rng;
};

void reports_free(struct reports *r);

/* Asks for campaign id's report on the background lane unless it is
 * known, on its way, or waiting out a pause after a failure. Returns
 * whether a job was queued. */
bool reports_want(struct reports *r, struct jobs *jobs, const char *id, long now);

/* Takes what a FETCH_FOR_REPORTS result says (res stays the caller's;
 * its report is moved out). */
void reports_result(struct reports *r, const struct fetch_result *res, long now);

/* Keeps the report a detail fetched (moved out of report), so the table
 * need not ask for it again. */
void reports_keep(struct reports *r, const char *id, struct sendx_report *report);

/* What is known of id's report: its entry (borrowed until the next
 * change), or NULL when it was never asked for. */
const struct reports_entry *reports_find(const struct reports *r, const char *id);

/* Milliseconds until the next failed report may be asked again, or -1
 * (one whose pause is over waits to be wanted). */
long reports_timeout(const struct reports *r, long now);

/* The share of the sent of member (OPENED_UNIQUE, CLICKED_UNIQUE,
 * UNSUBSCRIBED...) as a percentage into *pct; false when there is none
 * (nothing sent, or either count missing or unreadable). */
bool reports_share(const struct sendx_report *rep, unsigned member, double *pct);

#endif
