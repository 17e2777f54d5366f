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

struct app_pane {
    enum sendx_kind kind;
    struct app_rows plain;  /* as the endpoint lists them */
    struct app_rows search; /* the server's answer to the filter */
    bool searching;         /* the shown rows are the search rows */
    uint32_t *view;         /* indices of shown rows, filtered and sorted */
    size_t n_view, cap_view;
    size_t cursor, top;
    char *filter; /* owned, NULL when none */
    int sort_col; /* -1: the server's order */
    bool sort_desc;
    enum sendx_campaign_filter campaign_filter;
    bool load_all; /* G: keep loading until the end */
    unsigned long gen;
    long search_due; /* when the debounced search fires, 0 if none */
    /* APP_PANE_CONTACTS_OF only: whose contacts. */
    enum sendx_kind member_of_kind;
    char *member_of_id, *member_of_name;
};

/* The rows shown: the search's answer while searching, else the plain
 * ones. Borrowed. */
const struct app_rows *pane_shown_rows(const struct app_pane *p);
/* The record at view position i (i < n_view). Borrowed. */
const void *pane_record(const struct app_pane *p, size_t i);

/* Adds shown rows [from, len) to the view: filtered, and merged into
 * place when sorted. Returns -1 if out of memory (the view unchanged). */
int pane_view_add(struct app_pane *p, size_t from);
/* Builds the view anew (after a new filter or sort), the cursor kept on
 * the same record when it is still shown. -1 if out of memory. */
int pane_view_rebuild(struct app_pane *p, size_t visible);
/* Builds the view anew after the shown rows were replaced (a reload):
 * the cursor on the record whose id is keep_id if it is still there,
 * else where it was. -1 if out of memory. */
int pane_view_replace(struct app_pane *p, const char *keep_id, size_t visible);
/* Keeps the cursor on a shown row and in the `visible` rows on screen. */
void pane_clamp(struct app_pane *p, size_t visible);

#endif
