#include "app/rows.h"

#include <stdlib.h>
#include <string.h>

#include "app/columns.h"
#include "api/pack.h"
#include "app/filter.h"

void rows_init(struct app_rows *rows)
{
    memset(rows, 0, sizeof *rows);
    rows->more = true;
    sendx_walk_init(&rows->walk, 0);
}

static void free_items(struct app_rows *rows)
{
    for (size_t i = 0; i < rows->n_packs; i++)
        pack_free(rows->packs[i]);
    free(rows->packs);
    rows->packs = NULL;
    rows->n_packs = rows->packs_cap = 0;
    pack_free(rows->own);
    rows->own = NULL;
    free(rows->items);
    rows->items = NULL;
    rows->len = rows->cap = 0;
    filter_text_free(rows->text);
    rows->text = NULL;
}

void rows_clear(struct app_rows *rows)
{
    free_items(rows);
    sendx_walk_free(&rows->walk);
    free(rows->query);
    rows_init(rows);
}

void rows_reload(struct app_rows *rows)
{
    rows->reload = rows->len > 0;
    if (!rows->reload) {
        sendx_walk_reset(&rows->walk);
        rows->scanned = 0;
    }
    rows->more = true;
    rows->failed = false;
    rows->next_offset = 0;
}

static int reserve(struct app_rows *rows, size_t n)
{
    if (rows->len + n <= rows->cap)
        return 0;
    size_t cap = rows->cap ? rows->cap : 64;
    while (cap < rows->len + n)
        cap *= 2;
    void **items = realloc(rows->items, cap * sizeof *items);
    if (!items)
        return -1;
    rows->items = items;
    rows->cap = cap;
    return 0;
}

/* Room to take one more page's pack. */
static int reserve_pack(struct app_rows *rows)
{
    if (rows->n_packs < rows->packs_cap)
        return 0;
    size_t cap = rows->packs_cap ? 2 * rows->packs_cap : 16;
    struct pack **packs = realloc(rows->packs, cap * sizeof *packs);
    if (!packs)
        return -1;
    rows->packs = packs;
    rows->packs_cap = cap;
    return 0;
}

/* The pack records are copied into, its index of texts fresh. */
static struct pack *own_pack(struct app_rows *rows)
{
    if (!rows->own)
        rows->own = pack_new(0);
    return rows->own;
}

/* The page's records, and its pack with them, become the rows'. */
static void adopt_page(struct app_rows *rows, struct sendx_page *page)
{
    size_t size = model_resource(page->kind)->type->size;
    for (size_t i = 0; i < page->records.len; i++)
        rows->items[rows->len++] = (char *)page->records.items + i * size;
    rows->packs[rows->n_packs++] = page->pack;
    page->pack = NULL;
    memset(&page->records, 0, sizeof page->records);
}

/* Copies of the records keep wants (all without keep) go into own. */
static void copy_page(struct app_rows *rows, const struct sendx_page *page, rows_keep_fn *keep,
                      const void *ctx)
{
    const struct model_type *t = model_resource(page->kind)->type;
    for (size_t i = 0; i < page->records.len; i++) {
        const void *src = (const char *)page->records.items + i * t->size;
        if (keep && !keep(src, ctx))
            continue;
        void *rec = pack_alloc(rows->own, t->size);
        /* Out of memory: not loaded, as if the server had not sent it. */
        if (rec && codec_copy_in(t, rec, src, rows->own) == 0)
            rows->items[rows->len++] = rec;
    }
    pack_seal(rows->own);
}

/* Exchanges what a and b hold of records (not their walks or queries). */
static void swap_records(struct app_rows *a, struct app_rows *b)
{
    struct app_rows t = *a;
    a->items = b->items, a->len = b->len, a->cap = b->cap;
    a->packs = b->packs, a->n_packs = b->n_packs, a->packs_cap = b->packs_cap;
    a->own = b->own, a->text = b->text;
    b->items = t.items, b->len = t.len, b->cap = t.cap;
    b->packs = t.packs, b->n_packs = t.n_packs, b->packs_cap = t.packs_cap;
    b->own = t.own, b->text = t.text;
}

int rows_take_page(struct app_rows *rows, struct sendx_page *page, rows_keep_fn *keep,
                   const void *ctx, const char *plural, char *why_buf, size_t why_size,
                   struct rows_taken *out)
{
    memset(out, 0, sizeof *out);
    struct api_error err = {0};
    /* A reload starts a new walk and new records; the older ones stay
     * until this page is in, and come back if it cannot be. */
    bool replacing = rows->reload && page->offset == 0;
    struct app_rows older = {0};
    struct sendx_walk fresh;
    if (replacing) {
        sendx_walk_init(&fresh, rows->walk.cap);
        swap_records(rows, &older);
    }
    /* A packed page is taken whole unless keep picks a few of it. */
    bool adopt = page->pack && !keep;
    bool room_made = reserve(rows, page->records.len ? page->records.len : 1) == 0 &&
                     (adopt ? reserve_pack(rows) == 0 : own_pack(rows) != NULL);
    int state = room_made ? sendx_walk_page(replacing ? &fresh : &rows->walk, page, &err) : -1;
    if (state < 0) {
        api_error_clear(&err);
        if (replacing) {
            sendx_walk_free(&fresh);
            free_items(rows);
            swap_records(rows, &older);
        }
        return -1;
    }
    if (replacing) {
        free_items(&older);
        sendx_walk_free(&rows->walk);
        rows->walk = fresh;
        rows->scanned = 0;
        rows->reload = false;
        out->replaced = true;
    }
    out->first = rows->len;
    if (adopt)
        adopt_page(rows, page);
    else
        copy_page(rows, page, keep, ctx);
    rows->scanned += page->received;
    rows->next_offset = page->offset + (long)page->received;
    rows->more = state == SENDX_WALK_MORE;
    out->why = sendx_walk_reason(&rows->walk, plural, why_buf, why_size);
    return 0;
}

long rows_find(const struct app_rows *rows, enum sendx_kind kind, const char *id)
{
    for (size_t i = 0; id && i < rows->len; i++) {
        const char *other = columns_record_id(kind, rows->items[i]);
        if (other && strcmp(other, id) == 0)
            return (long)i;
    }
    return -1;
}

/* A copy of record in own, or NULL if out of memory. */
static void *copy_record(struct app_rows *rows, enum sendx_kind kind, const void *record)
{
    const struct model_type *t = model_resource(kind)->type;
    struct pack *own = own_pack(rows);
    void *copy = own ? pack_alloc(own, t->size) : NULL;
    if (copy && codec_copy_in(t, copy, record, own) != 0)
        copy = NULL;
    if (own)
        pack_seal(own);
    return copy;
}

long rows_put(struct app_rows *rows, enum sendx_kind kind, const void *record, bool add)
{
    long at = rows_find(rows, kind, columns_record_id(kind, record));
    if (at < 0 && !add)
        return -1;
    if (at < 0 && reserve(rows, 1) != 0)
        return -2;
    void *copy = copy_record(rows, kind, record);
    if (!copy)
        return -2;
    if (at >= 0) {
        rows->items[at] = copy;
        filter_text_forget(rows->text, (size_t)at);
        return at;
    }
    /* Seen, so the page the server later lists it on does not repeat it. */
    id_set_add(&rows->walk.seen, columns_record_id(kind, copy));
    rows->items[rows->len] = copy;
    return (long)rows->len++;
}

bool rows_remove(struct app_rows *rows, enum sendx_kind kind, const char *id)
{
    long at = rows_find(rows, kind, id);
    if (at < 0)
        return false;
    memmove(rows->items + at, rows->items + at + 1,
            (rows->len - (size_t)at - 1) * sizeof *rows->items);
    rows->len--;
    filter_text_remove(rows->text, (size_t)at);
    /* The server's later records moved up by one: the next page starts
     * one earlier, or it would skip one. */
    if (rows->next_offset > 0)
        rows->next_offset--;
    return true;
}
