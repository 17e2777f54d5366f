/* Walking a list endpoint page by page, safely against any server.
 *
 * A pager asks for offset 0, then where the last page ended, until a
 * short page. A server (or a proxy) that ignores `offset` answers every
 * page in full with the same records, and a naive pager then loads
 * forever. A walk sees each page as it arrives: records whose id came
 * earlier are dropped (a record inserted while paging shifts the later
 * pages by one, so a real server repeats records too), a page that
 * brings nothing new ends the walk, and so does a cap on how many
 * records one walk may take. Every pager uses one: sendx_pager, the
 * browser's panes and its name caches. */
#ifndef SENDX_API_WALK_H
#define SENDX_API_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "api/ids.h"
#include "api/sendx.h"

/* Records one walk takes at most, unless told otherwise: far above any
 * list but contacts, and as many contacts as a terminal session can
 * hold and still sort in a blink. */
#define SENDX_WALK_CAP 2000000

enum sendx_walk_state {
    SENDX_WALK_MORE,     /* ask for the next page */
    SENDX_WALK_END,      /* a short page: everything is here */
    SENDX_WALK_REPEATED, /* a full page with nothing new: the server ignores offset */
    SENDX_WALK_CAPPED,   /* the cap is reached */
};

struct sendx_walk {
    struct id_set seen;
    size_t received; /* records the server sent, unreadable and repeated ones included */
    size_t cap;
    enum sendx_walk_state state;
};

/* A walk that has seen nothing; cap 0 means SENDX_WALK_CAP. Needs no
 * freeing until a page has gone through it. */
void sendx_walk_init(struct sendx_walk *w, size_t cap);

/* Judges the page that has just arrived (page->offset must be where the
 * walk asked): drops from it, freeing them, the records whose id came
 * earlier and those past the cap, then says whether to go on. Returns
 * the new state, or -1 with err if out of memory (the page is then as
 * it came and the walk unchanged, so the page may be asked again). */
int sendx_walk_page(struct sendx_walk *w, struct sendx_page *page, struct api_error *err);

/* Why the walk stopped early, in words for people ("the server sent the
 * same contacts again"), into buf; NULL if it did not. */
const char *sendx_walk_reason(const struct sendx_walk *w, const char *plural, char *buf, size_t n);

/* Forgets what the walk saw; it is then as new (same cap). */
void sendx_walk_reset(struct sendx_walk *w);
void sendx_walk_free(struct sendx_walk *w);

/* Walks a list endpoint page by page, stopping after a short page, a
 * page with nothing new or at the walk's cap (walk.h; sendx_walk_reason
 * on .walk says which, for people). The pager copies the query (search
 * included). */
struct sendx_pager {
    enum sendx_kind kind;
    struct sendx_query query;
    char *search; /* owned copy behind query.search */
    struct sendx_walk walk;
    bool done;
};

/* cap: records the walk takes at most (0: SENDX_WALK_CAP). */
int sendx_pager_init(struct sendx_pager *p, enum sendx_kind kind, const struct sendx_query *q,
                     size_t cap, struct api_error *err);
/* Fetches the next page into out, records already seen dropped: returns
 * 1 with a page, 0 when there are no more (out untouched), -1 with err.
 * After an error the same call may be repeated to retry that page. */
int sendx_pager_next(struct sendx_pager *p, struct sendx_client *c, struct sendx_page *out,
                     struct http_cancel *cancel, struct api_error *err);
void sendx_pager_free(struct sendx_pager *p);

#endif
