#include "app/pane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/columns.h"
#include "app/filter.h"
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

/* Unsorted (col NULL), the rows' order: the plain rows, then the server's. */
static int compare_rows(const struct sort_ctx *s, uint32_t x, uint32_t y)
{
    int c = s->col ? columns_compare(s->col, entry_record(s->pane, x), entry_record(s->pane, y),
                                     s->pane->facts, s->pane->sort_desc)
                   : 0;
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
    bool sorted = p->sort_col >= 0;
    /* Unsorted, new entries are in order, and need a merge only when
     * plain rows come after the server's, whose place is after them. */
    if (n == old || (!sorted && (old == 0 || p->view[old - 1] < p->view[old])))
        return 0;
    uint32_t *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return -1;
    struct sort_ctx s = {.pane = p,
                         .col = sorted ? &columns_for(p->kind)->cols[p->sort_col] : NULL};
    if (sorted)
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
    struct app_rows *rows = search ? &p->search : &p->plain;
    if (from >= rows->len)
        return 0;
    struct query *q = NULL;
    if (p->filter && !(q = query_parse(p->filter, p->kind)))
        return -1;
    struct filter_pass f = {0};
    int rc = view_reserve(p, p->n_view + (rows->len - from));
    if (rc == 0 && q)
        rc = filter_pass_begin(&f, q, rows, p->names);
    else if (rc == 0)
        (void)filter_text_sync(rows, p->kind); /* now, not at the first key; else then */
    if (rc != 0) {
        query_free(q);
        p->view_stale = true;
        return -1;
    }
    /* The rows shown so far were matched with the names as they were. */
    if (f.names_changed)
        p->view_stale = true;
    if (!search)
        drop_search_copies(p, from);
    size_t old = p->n_view;
    uint32_t tag = search ? PANE_FROM_SEARCH : 0;
    for (size_t i = from; i < rows->len; i++) {
        if (search && !only_in_search(p, i))
            continue;
        if (!q || filter_pass_row(&f, i))
            p->view[p->n_view++] = (uint32_t)i | tag;
    }
    if (q)
        filter_pass_end(&f);
    query_free(q);
    if (merge_sorted(p, old) != 0) {
        p->view_stale = true;
        rc = -1;
    }
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
    /* Rows added at the end leave the cursor's where it was: no search
     * over a view of a million for it at every page. */
    if (p->cursor < p->n_view && p->view[p->cursor] == keep)
        return rc;
    long at = view_find(p, keep);
    if (at >= 0)
        p->cursor = (size_t)at;
    return rc;
}

/* The whole view anew: the plain rows, then what only the server found. */
static int view_build(struct app_pane *p)
{
    p->view_changes++;
    p->n_view = 0;
    int rc = view_add(p, false, 0);
    if (p->searching && view_add(p, true, 0) != 0)
        rc = -1;
    p->view_stale = rc != 0;
    return rc;
}

/* ---- a filter typed on or cut back -------------------------------------- */

/* A set's rows as bits by index: those in the view. */
static bool bit_get(const uint64_t *bits, size_t i)
{
    return bits[i / 64] >> (i % 64) & 1;
}

static void bit_set(uint64_t *bits, size_t i)
{
    bits[i / 64] |= UINT64_C(1) << (i % 64);
}

static unsigned lowest_bit(uint64_t m)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(m);
#else
    unsigned b = 0;
    while (!(m >> b & 1))
        b++;
    return b;
#endif
}

/* The indices below n whose bit is `on`, in order, into idx; returns how
 * many. A word at a time: a million rows are many. */
static size_t bits_list(const uint64_t *bits, size_t n, bool on, uint32_t *idx)
{
    size_t k = 0;
    for (size_t w = 0; w * 64 < n; w++) {
        uint64_t m = on ? bits[w] : ~bits[w];
        if (n - w * 64 < 64)
            m &= (UINT64_C(1) << (n - w * 64)) - 1;
        for (; m; m &= m - 1)
            idx[k++] = (uint32_t)(w * 64 + lowest_bit(m));
    }
    return k;
}

/* Matches one set's rows with q: narrowing, those in `shown` (which passed
 * was), taking out those that fail; widening, the others, putting those
 * that pass in `shown` and at the end of the view. Returns 0, -1 if out
 * of memory, or 1 when a name changed since the view was matched (it
 * cannot be sifted then). */
static int sift_set(struct app_pane *p, bool search, const struct query *q, const struct query *was,
                    uint64_t *shown, bool narrow)
{
    struct app_rows *rows = search ? &p->search : &p->plain;
    uint32_t *idx = malloc((rows->len ? rows->len : 1) * sizeof *idx);
    struct filter_pass f;
    if (!idx || filter_pass_begin(&f, q, rows, p->names) != 0) {
        free(idx);
        return -1;
    }
    if (narrow)
        filter_pass_assume(&f, was);
    size_t n = f.names_changed ? 0 : bits_list(shown, rows->len, narrow, idx);
    if (search && !narrow) {
        size_t o = 0;
        for (size_t k = 0; k < n; k++)
            if (only_in_search(p, idx[k]))
                idx[o++] = idx[k];
        n = o;
    }
    n = filter_pass_keep(&f, idx, n);
    filter_pass_end(&f);
    if (narrow)
        memset(shown, 0, (rows->len + 63) / 64 * sizeof *shown);
    uint32_t tag = search ? PANE_FROM_SEARCH : 0;
    for (size_t k = 0; k < n; k++) {
        bit_set(shown, idx[k]);
        if (!narrow)
            p->view[p->n_view++] = idx[k] | tag;
    }
    free(idx);
    return f.names_changed ? 1 : 0;
}

/* Narrowed, the view keeps its order: what still passes. */
static void view_keep(struct app_pane *p, const uint64_t *plain, const uint64_t *search)
{
    size_t o = 0;
    for (size_t v = 0; v < p->n_view; v++) {
        uint32_t e = p->view[v];
        if (bit_get(e & PANE_FROM_SEARCH ? search : plain, e & ~PANE_FROM_SEARCH))
            p->view[o++] = e;
    }
    p->n_view = o;
}

/* Marks the view's rows in the bits; a search row the server's answer
 * no longer holds (a new word cleared it) leaves the view. */
static void view_to_bits(struct app_pane *p, uint64_t *plain, size_t n_plain, uint64_t *search,
                         size_t n_search)
{
    size_t o = 0;
    for (size_t v = 0; v < p->n_view; v++) {
        uint32_t e = p->view[v];
        size_t i = e & ~PANE_FROM_SEARCH;
        bool from_search = e & PANE_FROM_SEARCH;
        if (i >= (from_search ? n_search : n_plain))
            continue;
        bit_set(from_search ? search : plain, i);
        p->view[o++] = e;
    }
    p->n_view = o;
}

/* The view for the old filter, not stale, made the new one's. */
static int sift(struct app_pane *p, const struct query *q, const struct query *was, bool narrow)
{
    size_t n_plain = p->plain.len, n_search = p->searching ? p->search.len : 0;
    size_t plain_words = (n_plain + 63) / 64;
    uint64_t *bits = calloc(plain_words + (n_search + 63) / 64 + 1, sizeof *bits);
    if (!bits || view_reserve(p, n_plain + n_search) != 0) {
        free(bits);
        return view_build(p);
    }
    uint64_t *plain = bits, *search = bits + plain_words;
    view_to_bits(p, plain, n_plain, search, n_search);
    size_t old = p->n_view;
    p->view_changes++;
    int rc = sift_set(p, false, q, was, plain, narrow);
    if (rc == 0 && n_search)
        rc = sift_set(p, true, q, was, search, narrow);
    if (rc == 0 && narrow)
        view_keep(p, plain, search);
    else if (rc == 0)
        rc = merge_sorted(p, old);
    free(bits);
    if (rc != 0)
        return view_build(p);
    return 0;
}

static bool sorted_by_fact(const struct app_pane *p)
{
    return p->sort_col >= 0 && columns_for(p->kind)->cols[p->sort_col].fact;
}

int pane_view_refilter(struct app_pane *p, const char *old_filter, size_t visible)
{
    uint32_t keep = cursor_row(p);
    struct query *was = query_parse(old_filter, p->kind);
    struct query *now = query_parse(p->filter, p->kind);
    bool narrow = was && now && query_narrows(was, now);
    bool widen = was && now && !narrow && query_narrows(now, was);
    /* A fact column's values come and go: its order may be out of date. */
    bool sifts = !p->view_stale && !sorted_by_fact(p) && (narrow || widen);
    int rc = sifts ? sift(p, now, was, narrow) : view_build(p);
    query_free(was);
    query_free(now);
    long at = view_find(p, keep);
    p->cursor = at >= 0 ? (size_t)at : 0;
    pane_clamp(p, visible);
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
