#include "api/walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/sendx.h"

void sendx_walk_init(struct sendx_walk *w, size_t cap)
{
    memset(w, 0, sizeof *w);
    w->cap = cap ? cap : SENDX_WALK_CAP;
}

/* Marks which of the page's records have an id not seen before. The set
 * has room reserved for them all, so adding cannot fail halfway. */
static void mark_new(struct sendx_walk *w, const struct sendx_page *page, unsigned char *fresh)
{
    const struct model_resource *r = model_resource(page->kind);
    size_t size = r->type->size;
    for (size_t i = 0; i < page->records.len; i++) {
        const char *rec = (const char *)page->records.items + i * size;
        const char *id = *(char *const *)(rec + r->type->members[r->id_member].offset);
        fresh[i] = id_set_add(&w->seen, id) == 1;
    }
}

/* Keeps the records marked fresh, in order, and at most `room` of them. */
static size_t keep_fresh(struct sendx_page *page, const unsigned char *fresh, size_t room)
{
    const struct model_type *t = model_resource(page->kind)->type;
    size_t kept = 0;
    for (size_t i = 0; i < page->records.len; i++) {
        char *rec = (char *)page->records.items + i * t->size;
        if (!fresh[i] || kept == room) {
            if (!page->pack)
                codec_free(t, rec);
            continue;
        }
        if (kept != i)
            memcpy((char *)page->records.items + kept * t->size, rec, t->size);
        kept++;
    }
    page->records.len = kept;
    return kept;
}

int sendx_walk_page(struct sendx_walk *w, struct sendx_page *page, struct api_error *err)
{
    unsigned char small[256];
    unsigned char *fresh = page->records.len <= sizeof small ? small : malloc(page->records.len);
    if (!fresh || id_set_reserve(&w->seen, w->seen.len + page->records.len) != 0) {
        if (fresh != small)
            free(fresh);
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        return -1;
    }
    mark_new(w, page, fresh);
    size_t room = w->cap > w->received ? w->cap - w->received : 0;
    size_t kept = keep_fresh(page, fresh, room);
    if (fresh != small)
        free(fresh);
    w->received += page->received;
    if (w->received >= w->cap)
        w->state = SENDX_WALK_CAPPED;
    else if (!sendx_page_more(page))
        w->state = SENDX_WALK_END;
    else if (kept == 0)
        w->state = SENDX_WALK_REPEATED;
    else
        w->state = SENDX_WALK_MORE;
    return (int)w->state;
}

const char *sendx_walk_reason(const struct sendx_walk *w, const char *plural, char *buf, size_t n)
{
    if (w->state == SENDX_WALK_REPEATED)
        snprintf(buf, n, "stopped: the server sent no new %s (it may ignore offset)", plural);
    else if (w->state == SENDX_WALK_CAPPED)
        snprintf(buf, n, "stopped at %zu %s, the most one view holds; search to narrow", w->cap,
                 plural);
    else
        return NULL;
    return buf;
}

void sendx_walk_reset(struct sendx_walk *w)
{
    size_t cap = w->cap;
    sendx_walk_free(w);
    sendx_walk_init(w, cap);
}

void sendx_walk_free(struct sendx_walk *w)
{
    id_set_clear(&w->seen);
    w->received = 0;
    w->state = SENDX_WALK_MORE;
}

int sendx_pager_init(struct sendx_pager *p, enum sendx_kind kind, const struct sendx_query *q,
                     size_t cap, struct api_error *err)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    sendx_walk_init(&p->walk, cap);
    if (q)
        p->query = *q;
    if (q && q->search) {
        p->search = strdup(q->search);
        if (!p->search) {
            api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
            return -1;
        }
    }
    p->query.search = p->search;
    return 0;
}

int sendx_pager_next(struct sendx_pager *p, struct sendx_client *c, struct sendx_page *out,
                     struct http_cancel *cancel, struct api_error *err)
{
    if (p->done)
        return 0;
    if (sendx_list(c, p->kind, &p->query, out, cancel, err) != 0)
        return -1;
    int state = sendx_walk_page(&p->walk, out, err);
    if (state < 0) {
        sendx_page_free(out);
        return -1;
    }
    p->done = state != SENDX_WALK_MORE;
    p->query.offset = out->offset + (long)out->received;
    return 1;
}

void sendx_pager_free(struct sendx_pager *p)
{
    sendx_walk_free(&p->walk);
    free(p->search);
    memset(p, 0, sizeof *p);
}
