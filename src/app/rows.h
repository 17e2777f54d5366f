/* The records of one list endpoint query as a pane holds them, loaded
 * page by page through a walk (api/walk.h), so that a server that never
 * stops sending the same page is noticed, and reloaded in place: the old
 * records stay on screen until the first page of the new ones arrives.
 * UI thread only; no curses. */
#ifndef SENDX_APP_ROWS_H
#define SENDX_APP_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "api/sendx.h"
#include "api/walk.h"

struct filter_text;

struct app_rows {
    /* Records of the pane kind's type, each in one of the packs below:
     * never freed one by one, only with their pack by rows_clear or a
     * reload's first page. */
    void **items;
    size_t len, cap;
    /* The pages' packs taken whole (pack.h), and own, which holds the
     * records copied in (a page's kept few, a saved record). A record
     * replaced or removed stays in its pack until then: bounded by the
     * records ever loaded or saved. */
    struct pack **packs;
    size_t n_packs, packs_cap;
    struct pack *own;
    bool more;         /* a further page may exist */
    bool failed;       /* the last page failed; r asks again */
    bool reload;       /* the items are an older load: the next page (offset 0) replaces them */
    long next_offset;  /* where the next page starts */
    unsigned long job; /* the page job in flight, 0 if none */
    char *query;       /* search rows: the server query (owned) */
    size_t scanned;    /* records examined (the contacts-of scan) */
    struct sendx_walk walk;
    /* The records' text as the filter searches it (filter.h), prepared
     * as they reach a pane's view; owned, and kept in step with items
     * here. NULL until then. */
    struct filter_text *text;
};

/* Empty rows, the first page still to ask for. */
void rows_init(struct app_rows *rows);

/* Frees the records and the query, leaving the rows as rows_init does. */
void rows_clear(struct app_rows *rows);

/* Keeps the records (and the query) but asks again from the start: the
 * page that arrives next replaces them. Rows with nothing loaded are
 * simply asked again. */
void rows_reload(struct app_rows *rows);

/* Which records of a page to keep: all (keep NULL), or only those keep
 * says yes to (the members of a list or tag). */
typedef bool rows_keep_fn(const void *record, const void *ctx);

/* What a page did to the rows. */
struct rows_taken {
    size_t first;    /* index of the first record added */
    bool replaced;   /* the page replaced a reload's older records */
    const char *why; /* the walk stopped early: why, in words (into the caller's buf) */
};

/* Takes the page's records into rows, dropping repeats and, with keep,
 * the records it refuses: a packed page whole (its pack becomes the
 * rows'), else copies of the records kept. The page is still the caller's
 * to free with sendx_page_free. plural names the records for the walk's
 * reason. Returns 0, or -1 if out of memory with the rows unchanged. */
int rows_take_page(struct app_rows *rows, struct sendx_page *page, rows_keep_fn *keep,
                   const void *ctx, const char *plural, char *why_buf, size_t why_size,
                   struct rows_taken *out);

/* Index of the record whose id is id, or -1. */
long rows_find(const struct app_rows *rows, enum sendx_kind kind, const char *id);

/* A record the user saved: a copy of it replaces the one with its id,
 * or, when there is none and add, goes at the end (a new record).
 * Returns its index, -1 if it is not there (and not added), -2 if out of
 * memory (the rows unchanged). */
long rows_put(struct app_rows *rows, enum sendx_kind kind, const void *record, bool add);

/* Removes the record whose id is id (deleted). Returns whether one was. */
bool rows_remove(struct app_rows *rows, enum sendx_kind kind, const char *id);

#endif
