#include "app/pane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/columns.h"
#include "app/query.h"
#include "app/text.h"

const struct app_rows *pane_shown_rows(const struct app_pane *p)
{
    return p->searching && p->search.more ? &p->search : &p->plain;
}

static const void *entry_record(const struct app_pane *p, uint32_t e)
{
    const struct app_rows *rows = e & PANE_FROM_SEARCH ? &p->search : &p->plain;
    return rows->items[e & ~PANE_FROM_SEARCH];
}

const void *pane_record(const struct app_pane *p, size_t i)
{
    return entry_record(p, p->view[i]);
}

size_t pane_view_from_search(const struct app_pane *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_view; i++)
        n += (p->view[i] & PANE_FROM_SEARCH) != 0;
    return n;
}

const char *pane_filter_found(const struct app_pane *p, char *buf, size_t n)
{
    size_t server = pane_view_from_search(p);
    char local[32], more[32];
    text_thousands((int64_t)(p->n_view - server), local);
    if (p->searching)
        snprintf(buf, n, "%s local + %s from the server", local,
                 text_thousands((int64_t)server, more));
    else
        snprintf(buf, n, "%s", local);
    return buf;
}

struct sort_ctx {
    const struct app_pane *pane;
    const struct column *col;
};

static int compare_rows(const struct sort_ctx *s, uint32_t x, uint32_t y)
{
    int c = columns_compare(s->col, entry_record(s->pane, x), entry_record(s->pane, y),
                            s->pane->facts, s->pane->sort_desc);
    /* Load order breaks ties (the plain rows first): a stable sort. */
    return c ? c : (x > y) - (x < y);
}

static void merge_sort(const struct sort_ctx *s, uint32_t *v, uint32_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(s, v, tmp, h);
    merge_sort(s, v + h, tmp, n - h);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        tmp[o++] = compare_rows(s, v[i], v[j]) <= 0 ? v[i++] : v[j++];
    while (i < h)
        tmp[o++] = v[i++];
    while (j < n)
        tmp[o++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static int view_reserve(struct app_pane *p, size_t n)
{
    if (n <= p->cap_view)
        return 0;
    size_t cap = p->cap_view ? p->cap_view : 64;
    while (cap < n)
        cap *= 2;
    uint32_t *v = realloc(p->view, cap * sizeof *v);
    if (!v)
        return -1;
    p->view = v;
    p->cap_view = cap;
    return 0;
}

/* Takes the entry e out of the view, if it is there. */
static void view_remove(struct app_pane *p, uint32_t e)
{
    for (size_t i = 0; i < p->n_view; i++) {
        if (p->view[i] == e) {
            memmove(p->view + i, p->view + i + 1, (p->n_view - i - 1) * sizeof *p->view);
            p->n_view--;
            return;
        }
    }
}

/* A plain row the server also found is shown once, from the plain rows:
 * the search's copy of each of rows [from, len) leaves the view. */
static void drop_search_copies(struct app_pane *p, size_t from)
{
    for (size_t i = from; p->searching && i < p->plain.len; i++) {
        const char *id = columns_record_id(p->kind, p->plain.items[i]);
        if (!id || !id_set_contains(&p->search.walk.seen, id))
            continue;
        long at = rows_find(&p->search, p->kind, id);
        if (at >= 0)
            view_remove(p, (uint32_t)at | PANE_FROM_SEARCH);
    }
}

/* Whether search row i is news: the plain rows do not hold it. */
static bool only_in_search(const struct app_pane *p, size_t i)
{
    const char *id = columns_record_id(p->kind, p->search.items[i]);
    return !id || !id_set_contains(&p->plain.walk.seen, id);
}

/* Merges the sorted view [0, old) with the new entries [old, n_view).
 * -1 if out of memory (the new entries then stay unsorted at the end). */
static int merge_sorted(struct app_pane *p, size_t old)
{
    size_t n = p->n_view;
    if (p->sort_col < 0 || n == old)
        return 0;
    uint32_t *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return -1;
    struct sort_ctx s = {.pane = p, .col = &columns_for(p->kind)->cols[p->sort_col]};
    merge_sort(&s, p->view + old, tmp, n - old);
    size_t i = 0, j = old, o = 0;
    while (i < old && j < n)
        tmp[o++] = compare_rows(&s, p->view[i], p->view[j]) <= 0 ? p->view[i++] : p->view[j++];
    while (i < old)
        tmp[o++] = p->view[i++];
    while (j < n)
        tmp[o++] = p->view[j++];
    memcpy(p->view, tmp, n * sizeof *tmp);
    free(tmp);
    return 0;
}

/* Adds the rows [from, len) of one set that pass the filter, sorted in. */
static int view_add(struct app_pane *p, bool search, size_t from)
{
    const struct app_rows *rows = search ? &p->search : &p->plain;
    if (from >= rows->len)
        return 0;
    struct query *q = NULL;
    if (p->filter && !(q = query_parse(p->filter, p->kind)))
        return -1;
    if (view_reserve(p, p->n_view + (rows->len - from)) != 0) {
        query_free(q);
        return -1;
    }
    if (!search)
        drop_search_copies(p, from);
    size_t old = p->n_view;
    uint32_t tag = search ? PANE_FROM_SEARCH : 0;
    for (size_t i = from; i < rows->len; i++) {
        if (search && !only_in_search(p, i))
            continue;
        if (!q || query_matches(q, rows->items[i], p->names))
            p->view[p->n_view++] = (uint32_t)i | tag;
    }
    int rc = q && q->out_of_memory ? -1 : 0;
    query_free(q);
    if (merge_sorted(p, old) != 0)
        rc = -1;
    return rc;
}

static uint32_t cursor_row(const struct app_pane *p)
{
    return p->cursor < p->n_view ? p->view[p->cursor] : UINT32_MAX;
}

/* The view position of entry e, or -1. */
static long view_find(const struct app_pane *p, uint32_t e)
{
    for (size_t i = 0; e != UINT32_MAX && i < p->n_view; i++)
        if (p->view[i] == e)
            return (long)i;
    return -1;
}

int pane_view_add(struct app_pane *p, bool search, size_t from)
{
    uint32_t keep = cursor_row(p);
    int rc = view_add(p, search, from);
    long at = view_find(p, keep);
    if (at >= 0)
        p->cursor = (size_t)at;
    return rc;
}

/* The whole view anew: the plain rows, then what only the server found. */
static int view_build(struct app_pane *p)
{
    p->n_view = 0;
    int rc = view_add(p, false, 0);
    if (p->searching && view_add(p, true, 0) != 0)
        rc = -1;
    return rc;
}

void pane_clamp(struct app_pane *p, size_t visible)
{
    if (p->n_view == 0) {
        p->cursor = p->top = 0;
        return;
    }
    if (p->cursor >= p->n_view)
        p->cursor = p->n_view - 1;
    size_t rows = visible > 0 ? visible : 1;
    if (p->cursor < p->top)
        p->top = p->cursor;
    if (p->cursor >= p->top + rows)
        p->top = p->cursor - rows + 1;
    if (p->top + rows > p->n_view)
        p->top = p->n_view > rows ? p->n_view - rows : 0;
}

int pane_view_rebuild(struct app_pane *p, size_t visible)
{
    uint32_t keep = cursor_row(p);
    int rc = view_build(p);
    long at = view_find(p, keep);
    p->cursor = at >= 0 ? (size_t)at : 0;
    pane_clamp(p, visible);
    return rc;
}

int pane_view_replace(struct app_pane *p, const char *keep_id, size_t visible)
{
    int rc = view_build(p);
    for (size_t i = 0; keep_id && i < p->n_view; i++) {
        const char *id = columns_record_id(p->kind, pane_record(p, i));
        if (id && strcmp(id, keep_id) == 0) {
            p->cursor = i;
            break;
        }
    }
    pane_clamp(p, visible);
    return rc;
}
