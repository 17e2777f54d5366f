#include "app/pane.h"

#include <stdlib.h>
#include <string.h>

#include "app/columns.h"

const struct app_rows *pane_shown_rows(const struct app_pane *p)
{
    return p->searching ? &p->search : &p->plain;
}

const void *pane_record(const struct app_pane *p, size_t i)
{
    return pane_shown_rows(p)->items[p->view[i]];
}

struct sort_ctx {
    const struct app_pane *pane;
    int (*compare)(const void *, const void *);
};

static int compare_rows(const struct sort_ctx *s, uint32_t x, uint32_t y)
{
    void **items = pane_shown_rows(s->pane)->items;
    int c = s->compare(items[x], items[y]);
    if (s->pane->sort_desc)
        c = -c;
    return c ? c : (x > y) - (x < y); /* load order breaks ties: a stable sort */
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

static bool row_passes(const struct app_pane *p, const void *rec)
{
    /* The server already filtered search rows; its match may rest on
     * fields no column shows. */
    if (p->searching || !p->filter)
        return true;
    return columns_match(columns_for(p->kind), p->kind, rec, p->filter);
}

int pane_view_add(struct app_pane *p, size_t from)
{
    const struct app_rows *rows = pane_shown_rows(p);
    size_t old = p->n_view;
    if (view_reserve(p, old + (rows->len - from)) != 0)
        return -1;
    size_t n = old;
    for (size_t i = from; i < rows->len; i++)
        if (row_passes(p, rows->items[i]))
            p->view[n++] = (uint32_t)i;
    if (p->sort_col >= 0 && n > old) {
        uint32_t *tmp = malloc(n * sizeof *tmp);
        if (!tmp)
            return -1;
        struct sort_ctx s = {p, columns_for(p->kind)->cols[p->sort_col].compare};
        merge_sort(&s, p->view + old, tmp, n - old);
        /* Merge the sorted new rows behind the sorted old ones. */
        size_t i = 0, j = old, o = 0;
        while (i < old && j < n)
            tmp[o++] = compare_rows(&s, p->view[i], p->view[j]) <= 0 ? p->view[i++] : p->view[j++];
        while (i < old)
            tmp[o++] = p->view[i++];
        while (j < n)
            tmp[o++] = p->view[j++];
        memcpy(p->view, tmp, n * sizeof *tmp);
        free(tmp);
    }
    p->n_view = n;
    return 0;
}

static uint32_t cursor_row(const struct app_pane *p)
{
    return p->cursor < p->n_view ? p->view[p->cursor] : UINT32_MAX;
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
    p->n_view = 0;
    int rc = pane_view_add(p, 0);
    p->cursor = 0;
    for (size_t i = 0; keep != UINT32_MAX && i < p->n_view; i++) {
        if (p->view[i] == keep) {
            p->cursor = i;
            break;
        }
    }
    pane_clamp(p, visible);
    return rc;
}

int pane_view_replace(struct app_pane *p, const char *keep_id, size_t visible)
{
    size_t was = p->cursor;
    p->n_view = 0;
    int rc = pane_view_add(p, 0);
    long row = rows_find(pane_shown_rows(p), p->kind, keep_id);
    p->cursor = was;
    for (size_t i = 0; row >= 0 && i < p->n_view; i++) {
        if (p->view[i] == (uint32_t)row) {
            p->cursor = i;
            break;
        }
    }
    pane_clamp(p, visible);
    return rc;
}
