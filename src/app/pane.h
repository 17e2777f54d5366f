/* A pane: the records of one resource (or of the contacts of a list or
 * tag) and how they are shown: the view (indices of the records that
 * pass the filter, in a stable sort order), the cursor and the scroll.
 * UI thread only; no curses. */
#ifndef SENDX_APP_PANE_H
#define SENDX_APP_PANE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/sendx.h"
#include "app/rows.h"

/* A view entry with this bit is an index into the search rows, else
 * into the plain rows. */
#define PANE_FROM_SEARCH UINT32_C(0x80000000)

struct names;
struct column_facts;

struct app_pane {
    enum sendx_kind kind;
    struct app_rows plain;  /* as the endpoint lists them */
    struct app_rows search; /* the server's answer to the filter's server word */
    bool searching;         /* the server answered: its rows are merged into the view */
    /* The rows that pass the filter, sorted: plain rows, and while
     * searching the search rows the plain ones do not hold (by id). */
    uint32_t *view;
    size_t n_view, cap_view;
    /* The view may not be what a scan of every row would give for the
     * filter: a failure, or a name changed since rows were matched. Until
     * it is built anew, a new filter scans every row rather than sifting
     * the view (or only the rows it leaves out). */
    bool view_stale;
    /* Counts the times the view was made anew or sifted (not rows added
     * to it): what was measured over it before may no longer hold. */
    unsigned long view_changes;
    size_t cursor, top;
    char *filter; /* owned, NULL when none */
    int sort_col; /* -1: the server's order */
    bool sort_desc;
    enum sendx_campaign_filter campaign_filter;
    bool load_all;     /* G: keep loading until the end */
    long load_started; /* G: when it began (ms), for the time it took */
    /* The app's name caches (borrowed), for the filter's tag: and list:;
     * NULL: ids only. */
    const struct names *names;
    /* What the app knows beside the records (borrowed), for sorting by
     * a campaign's report or a list's count; NULL: no such values. */
    const struct column_facts *facts;
    unsigned long gen;
    long search_due; /* when the debounced search fires, 0 if none */
    /* APP_PANE_CONTACTS_OF only: whose contacts. */
    enum sendx_kind member_of_kind;
    char *member_of_id, *member_of_name;
};

/* The rows that page in as the user scrolls (their progress is what the
 * title shows): the search's while the server has more to give, else the
 * plain ones. Borrowed. */
const struct app_rows *pane_shown_rows(const struct app_pane *p);
/* The record at view position i (i < n_view). Borrowed. */
const void *pane_record(const struct app_pane *p, size_t i);
/* How many of the view's rows came from the server's search alone. */
size_t pane_view_from_search(const struct app_pane *p);
/* What the filter found and where, for the title or the status line:
 * "3", or "15,410 local + 12 from the server". Into buf; returns buf. */
const char *pane_filter_found(const struct app_pane *p, char *buf, size_t n);

/* Adds rows [from, len) of the plain rows (or of the search rows) to the
 * view: filtered, merged into place (unsorted, the plain rows before the
 * search rows, as a build puts them), the cursor kept on its row. A plain
 * row the search rows also hold takes that row's place.
 * Returns -1 if out of memory (the view then holds what passed). */
int pane_view_add(struct app_pane *p, bool search, size_t from);
/* Builds the view anew (after a new filter or sort), the cursor kept on
 * the same record when it is still shown. -1 if out of memory. */
int pane_view_rebuild(struct app_pane *p, size_t visible);
/* Follows the filter from old_filter (NULL: none) to p->filter, the rows
 * unchanged: when every row the new filter passes passed the old (it was
 * typed on), only the view's rows are matched again; when every row the
 * old passed passes the new (cut back), only the rest; else, or unless
 * the view is stale, every row. The same rows in the same order as
 * pane_view_rebuild, the cursor kept as it keeps it. -1 if out of memory. */
int pane_view_refilter(struct app_pane *p, const char *old_filter, size_t visible);
/* Builds the view anew after the shown rows were replaced (a reload):
 * the cursor on the record whose id is keep_id if it is still there,
 * else where it was. -1 if out of memory. */
int pane_view_replace(struct app_pane *p, const char *keep_id, size_t visible);
/* Keeps the cursor on a shown row and in the `visible` rows on screen. */
void pane_clamp(struct app_pane *p, size_t visible);

#endif
