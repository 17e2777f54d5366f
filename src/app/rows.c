#include "app/rows.h"

#include <stdlib.h>
#include <string.h>

#include "app/columns.h"
#include "app/filter.h"

void rows_init(struct app_rows *rows)
{
    memset(rows, 0, sizeof *rows);
    rows->more = true;
    sendx_walk_init(&rows->walk, 0);
}

static void free_items(struct app_rows *rows, enum sendx_kind kind)
{
    const struct model_type *t = model_resource(kind)->type;
    for (size_t i = 0; i < rows->len; i++) {
        codec_free(t, rows->items[i]);
        free(rows->items[i]);
    }
    free(rows->items);
    rows->items = NULL;
    rows->len = rows->cap = 0;
    filter_text_free(rows->text);
    rows->text = NULL;
}

void rows_clear(struct app_rows *rows, enum sendx_kind kind)
{
    free_items(rows, kind);
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

/* The first page of a reload has come: the older records go. */
static void drop_older(struct app_rows *rows, enum sendx_kind kind)
{
    free_items(rows, kind);
    sendx_walk_reset(&rows->walk);
    rows->scanned = 0;
    rows->reload = false;
}

int rows_take_page(struct app_rows *rows, struct sendx_page *page, rows_keep_fn *keep,
                   const void *ctx, const char *plural, char *why_buf, size_t why_size,
                   struct rows_taken *out)
{
    memset(out, 0, sizeof *out);
    struct api_error err = {0};
    /* A reload starts a new walk; the older records stay until then. */
    struct sendx_walk fresh;
    bool replacing = rows->reload && page->offset == 0;
    struct sendx_walk *walk = &rows->walk;
    size_t room = page->records.len ? page->records.len : 1;
    void **items = NULL;
    if (replacing) {
        sendx_walk_init(&fresh, rows->walk.cap);
        walk = &fresh;
        items = malloc(room * sizeof *items);
    }
    bool room_made = replacing ? items != NULL : reserve(rows, page->records.len) == 0;
    int state = room_made ? sendx_walk_page(walk, page, &err) : -1;
    if (state < 0) {
        api_error_clear(&err);
        if (replacing)
            sendx_walk_free(&fresh);
        free(items);
        return -1;
    }
    if (replacing) {
        drop_older(rows, page->kind);
        rows->walk = fresh;
        rows->items = items;
        rows->cap = room;
        out->replaced = true;
    }
    const struct model_type *t = model_resource(page->kind)->type;
    out->first = rows->len;
    for (size_t i = 0; i < page->records.len; i++) {
        void *src = (char *)page->records.items + i * t->size;
        void *rec = keep && !keep(src, ctx) ? NULL : malloc(t->size);
        if (!rec) {
            /* Not a member, or out of memory: not loaded either way. */
            codec_free(t, src);
            continue;
        }
        memcpy(rec, src, t->size); /* moves the record's owned members */
        memset(src, 0, t->size);
        rows->items[rows->len++] = rec;
    }
    rows->scanned += page->received;
    rows->next_offset = page->offset + (long)page->received;
    rows->more = state == SENDX_WALK_MORE;
    out->why = sendx_walk_reason(&rows->walk, plural, why_buf, why_size);
    page->records.len = 0; /* every record moved or freed */
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

/* A heap copy of record, or NULL if out of memory. */
static void *copy_record(enum sendx_kind kind, const void *record)
{
    const struct model_type *t = model_resource(kind)->type;
    void *copy = calloc(1, t->size);
    if (copy && codec_copy(t, copy, record) != 0) {
        free(copy);
        copy = NULL;
    }
    return copy;
}

long rows_put(struct app_rows *rows, enum sendx_kind kind, const void *record, bool add)
{
    long at = rows_find(rows, kind, columns_record_id(kind, record));
    if (at < 0 && !add)
        return -1;
    void *copy = copy_record(kind, record);
    if (!copy || (at < 0 && reserve(rows, 1) != 0)) {
        if (copy) {
            codec_free(model_resource(kind)->type, copy);
            free(copy);
        }
        return -2;
    }
    if (at >= 0) {
        codec_free(model_resource(kind)->type, rows->items[at]);
        free(rows->items[at]);
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
    codec_free(model_resource(kind)->type, rows->items[at]);
    free(rows->items[at]);
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
