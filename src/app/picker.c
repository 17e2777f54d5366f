#include "app/picker.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "api/api_error.h"
#include "api/model.h"
#include "app/text.h"

/* Bytes a folded copy of n bytes may need: a two-byte letter can lower
 * to three bytes (U+023A to U+2C65), so 2n, and the NUL. */
#define FOLD_SIZE(n) (2 * (n) + 1)

static uint32_t fold_char(uint32_t cp)
{
    /* Final sigma is the same letter; searching "σ" should find "ς". */
    if (cp == 0x3c2)
        return 0x3c3;
    return (uint32_t)towlower((wint_t)cp);
}

/* Writes s case-folded into out (FOLD_SIZE(strlen(s)) bytes) with a NUL;
 * bytes that are not UTF-8 are copied as they are. Returns the length. */
static size_t fold(const char *s, char *out)
{
    size_t o = 0;
    while (*s) {
        uint32_t cp;
        size_t len = text_utf8_decode((const unsigned char *)s, &cp);
        size_t put = len ? text_utf8_encode(fold_char(cp), out + o) : 0;
        if (put == 0) {
            out[o++] = *s;
            len = 1;
        } else {
            o += put;
        }
        s += len;
    }
    out[o] = '\0';
    return o;
}

/* The folded name, a newline, the folded id. Typed text never holds a
 * newline (line.h keeps only printable characters), so a match never
 * spans the two and one search covers both. */
static char *make_key(const char *name, const char *id)
{
    size_t nl = strlen(name), il = strlen(id);
    char *key = malloc(FOLD_SIZE(nl) + FOLD_SIZE(il));
    if (!key)
        return NULL;
    size_t o = fold(name, key);
    key[o++] = '\n';
    fold(id, key + o);
    return key;
}

static int item_init(struct picker_item *it, const char *id, const char *name)
{
    it->id = strdup(id);
    it->name = strdup(name ? name : id);
    it->key = it->id && it->name ? make_key(it->name, it->id) : NULL;
    return it->key ? 0 : -1;
}

static void item_free(struct picker_item *it)
{
    free(it->id);
    free(it->name);
    free(it->key);
}

/* ---- opening ---- */

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct ranked {
    struct picker_item item;
    size_t seq; /* position before sorting, so equal names keep their order */
};

/* The folded name: the key up to its newline. */
static int compare_names(const char *a, const char *b)
{
    size_t al = strcspn(a, "\n"), bl = strcspn(b, "\n");
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

static int by_name(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    int c = compare_names(x->item.key, y->item.key);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int sort_by_name(struct picker *p)
{
    struct ranked *r = malloc((p->n_items ? p->n_items : 1) * sizeof *r);
    if (!r)
        return -1;
    for (size_t i = 0; i < p->n_items; i++)
        r[i] = (struct ranked){.item = p->items[i], .seq = i};
    qsort(r, p->n_items, sizeof *r, by_name);
    for (size_t i = 0; i < p->n_items; i++)
        p->items[i] = r[i].item;
    free(r);
    return 0;
}

struct id_ref {
    const char *id;
    size_t index;
};

static int by_id(const void *a, const void *b)
{
    return strcmp(((const struct id_ref *)a)->id, ((const struct id_ref *)b)->id);
}

/* Marks the items whose ids are in want (sorted, no repeats) by walking
 * both in id order, and appends an item named by its id for each wanted
 * id that none has: O((n + m) log n), not n times m. */
static int mark_wanted(struct picker *p, const char **want, size_t m)
{
    size_t n = p->n_items;
    struct id_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    if (!refs)
        return -1;
    for (size_t i = 0; i < n; i++)
        refs[i] = (struct id_ref){p->items[i].id, i};
    qsort(refs, n, sizeof *refs, by_id);
    int rc = 0;
    size_t r = 0;
    for (size_t w = 0; w < m && rc == 0; w++) {
        while (r < n && strcmp(refs[r].id, want[w]) < 0)
            r++;
        size_t first = r;
        while (r < n && strcmp(refs[r].id, want[w]) == 0)
            p->items[refs[r++].index].marked = true;
        if (r == first) {
            /* Counted even when half made, so that picker_free frees it. */
            struct picker_item *it = &p->items[p->n_items++];
            it->marked = true;
            rc = item_init(it, want[w], NULL);
        }
    }
    free(refs);
    return rc;
}

/* The distinct ids of marked, sorted (borrowed pointers, heap array). */
static const char **distinct(const char *const *marked, size_t n, size_t *m)
{
    const char **want = malloc((n ? n : 1) * sizeof *want);
    if (!want)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (marked[i])
            want[k++] = marked[i];
    qsort(want, k, sizeof *want, by_string);
    *m = 0;
    for (size_t i = 0; i < k; i++)
        if (*m == 0 || strcmp(want[*m - 1], want[i]) != 0)
            want[(*m)++] = want[i];
    return want;
}

static int fill_items(struct picker *p, const char *const *ids, const char *const *names, size_t n,
                      const char *const *marked, size_t n_marked)
{
    size_t m = 0;
    const char **want = distinct(marked, n_marked, &m);
    p->items = calloc(n + m ? n + m : 1, sizeof *p->items);
    int rc = want && p->items ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = item_init(&p->items[p->n_items++], ids[i], names ? names[i] : NULL);
    if (rc == 0)
        rc = mark_wanted(p, want, m);
    free(want);
    return rc;
}

/* ---- narrowing ---- */

static int reserve(char **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    char *b = realloc(*buf, need);
    if (!b)
        return -1;
    *buf = b;
    *cap = need;
    return 0;
}

/* Room for typed text of `len` bytes, made before the text grows so that
 * narrowing itself cannot fail. */
static int reserve_typed(struct picker *p, size_t len)
{
    if (reserve(&p->typed, &p->typed_cap, len + 1) != 0)
        return -1;
    return reserve(&p->needle, &p->needle_cap, FOLD_SIZE(len));
}

size_t picker_rows(const struct picker *p)
{
    return p->n_view + (p->offer_new ? 1 : 0);
}

/* Keeps the cursor among the rows and on screen. */
static void clamp(struct picker *p)
{
    size_t rows = picker_rows(p);
    size_t shown = p->visible > 0 ? (size_t)p->visible : 1;
    if (rows == 0) {
        p->cursor = p->top = 0;
        return;
    }
    if (p->cursor >= rows)
        p->cursor = rows - 1;
    if (p->cursor < p->top)
        p->top = p->cursor;
    if (p->cursor >= p->top + shown)
        p->top = p->cursor - shown + 1;
    if (p->top + shown > rows)
        p->top = rows > shown ? rows - shown : 0;
}

/* One pass over the items: those whose key holds the needle, in order,
 * and whether one's name is the needle itself (then "new" is not offered). */
static void narrow(struct picker *p)
{
    size_t len = strlen(p->needle);
    bool exact = false;
    p->n_view = 0;
    for (size_t i = 0; i < p->n_items; i++) {
        const char *key = p->items[i].key;
        if (len && !strstr(key, p->needle))
            continue;
        p->view[p->n_view++] = i;
        exact = exact || (len && strncmp(key, p->needle, len) == 0 && key[len] == '\n');
    }
    p->offer_new = p->allow_new && len && !exact;
}

/* The filter changed: typed and needle follow it (their room reserved
 * beforehand), the view narrows, and the cursor goes to the first row. */
static void refilter(struct picker *p)
{
    const char *s = line_text(&p->filter);
    while (*s == ' ')
        s++;
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
        len--;
    memcpy(p->typed, s, len);
    p->typed[len] = '\0';
    fold(p->typed, p->needle);
    narrow(p);
    p->cursor = p->top = 0;
    clamp(p);
}

static void cursor_to_first_marked(struct picker *p)
{
    for (size_t r = 0; r < p->n_view; r++)
        if (p->items[p->view[r]].marked) {
            p->cursor = r;
            break;
        }
    clamp(p);
}

static int open_items(struct picker *p, const char *title, const char *const *ids,
                      const char *const *names, size_t n, const char *const *marked,
                      size_t n_marked)
{
    p->title = strdup(title ? title : "");
    if (!p->title || fill_items(p, ids, names, n, marked, n_marked) != 0 || sort_by_name(p) != 0)
        return -1;
    p->view = malloc((p->n_items ? p->n_items : 1) * sizeof *p->view);
    if (!p->view || reserve_typed(p, 0) != 0)
        return -1;
    for (size_t i = 0; i < p->n_items; i++)
        p->n_marked += p->items[i].marked;
    return 0;
}

int picker_open(struct picker *p, const char *title, bool multi, bool allow_new,
                const char *const *ids, const char *const *names, size_t n,
                const char *const *marked, size_t n_marked, struct api_error *err)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < n; i++)
        if (!ids[i])
            return api_error_fail(err, API_ERR_INVALID, 0, "%s: an item without an id",
                                  title ? title : "picker");
    p->multi = multi;
    p->allow_new = allow_new;
    if (open_items(p, title, ids, names, n, marked, n_marked) != 0) {
        picker_free(p);
        return api_error_nomem(err);
    }
    refilter(p);
    if (!multi)
        cursor_to_first_marked(p);
    return 0;
}

/* ---- reading ---- */

const struct picker_item *picker_row_item(const struct picker *p, size_t row)
{
    return row < p->n_view ? &p->items[p->view[row]] : NULL;
}

const char *picker_new_text(const struct picker *p)
{
    return p->offer_new ? p->typed : "";
}

const char *picker_current_id(const struct picker *p)
{
    const struct picker_item *it = picker_row_item(p, p->cursor);
    return it ? it->id : NULL;
}

int picker_marked(const struct picker *p, struct sendx_strv *out, struct api_error *err)
{
    struct sendx_strv v = {.items = calloc(p->n_marked ? p->n_marked : 1, sizeof *v.items)};
    int rc = v.items ? 0 : -1;
    for (size_t i = 0; i < p->n_items && rc == 0; i++) {
        if (!p->items[i].marked)
            continue;
        v.items[v.len] = strdup(p->items[i].id);
        rc = v.items[v.len++] ? 0 : -1;
    }
    if (rc != 0) {
        for (size_t i = 0; i < v.len; i++)
            free(v.items[i]);
        free(v.items);
        return api_error_nomem(err);
    }
    *out = v;
    return 0;
}

/* ---- changing ---- */

static void move(struct picker *p, long delta)
{
    long rows = (long)picker_rows(p);
    long at = (long)p->cursor + delta;
    p->cursor = (size_t)(at < 0 || rows == 0 ? 0 : at >= rows ? rows - 1 : at);
    clamp(p);
}

static bool motion(struct picker *p, enum action act)
{
    long page = p->visible > 1 ? p->visible : 1;
    switch (act) {
    case ACTION_ROW_UP:
        return move(p, -1), true;
    case ACTION_ROW_DOWN:
        return move(p, 1), true;
    case ACTION_PAGE_UP:
        return move(p, -page), true;
    case ACTION_PAGE_DOWN:
        return move(p, page), true;
    case ACTION_HALF_UP:
        return move(p, -(page + 1) / 2), true;
    case ACTION_HALF_DOWN:
        return move(p, (page + 1) / 2), true;
    case ACTION_ROW_FIRST:
        return move(p, -(long)picker_rows(p)), true;
    case ACTION_ROW_LAST:
        return move(p, (long)picker_rows(p)), true;
    default:
        return false;
    }
}

bool picker_action(struct picker *p, enum action act)
{
    enum line_outcome done = line_action(&p->filter, act);
    if (done == LINE_NOT_AN_EDIT)
        return motion(p, act);
    /* Shorter text fits the room already reserved. */
    if (done == LINE_CHANGED)
        refilter(p);
    return true;
}

int picker_insert(struct picker *p, uint32_t cp)
{
    if (reserve_typed(p, p->filter.len + 4) != 0 || line_insert_char(&p->filter, cp) != 0)
        return -1;
    refilter(p);
    return 0;
}

static void mark(struct picker *p, struct picker_item *it, bool on)
{
    if (it->marked == on)
        return;
    it->marked = on;
    if (on)
        p->n_marked++;
    else
        p->n_marked--;
}

/* The typed text as a new item, marked, in its place by name. */
static int add_typed(struct picker *p)
{
    size_t *view = realloc(p->view, (p->n_items + 1) * sizeof *view);
    if (view)
        p->view = view;
    struct picker_item *items = view ? realloc(p->items, (p->n_items + 1) * sizeof *items) : NULL;
    if (!items)
        return -1;
    p->items = items;
    struct picker_item it = {0};
    if (item_init(&it, p->typed, NULL) != 0) {
        item_free(&it);
        return -1;
    }
    it.added = true;
    size_t at = 0;
    while (at < p->n_items && compare_names(p->items[at].key, it.key) <= 0)
        at++;
    memmove(&p->items[at + 1], &p->items[at], (p->n_items - at) * sizeof *p->items);
    p->items[at] = it;
    p->n_items++;
    if (!p->multi)
        for (size_t i = 0; i < p->n_items; i++)
            mark(p, &p->items[i], false);
    mark(p, &p->items[at], true);
    narrow(p);
    for (size_t r = 0; r < p->n_view; r++)
        if (p->view[r] == at)
            p->cursor = r;
    clamp(p);
    return 0;
}

int picker_toggle(struct picker *p, struct api_error *err)
{
    if (p->offer_new && p->cursor == p->n_view)
        return add_typed(p) == 0 ? 0 : api_error_nomem(err);
    if (p->cursor >= p->n_view)
        return 0;
    struct picker_item *it = &p->items[p->view[p->cursor]];
    if (!p->multi) {
        for (size_t i = 0; i < p->n_items; i++)
            mark(p, &p->items[i], false);
        mark(p, it, true);
        return 0;
    }
    mark(p, it, !it->marked);
    return 0;
}

void picker_set_visible(struct picker *p, int rows)
{
    p->visible = rows;
    clamp(p);
}

void picker_free(struct picker *p)
{
    for (size_t i = 0; i < p->n_items; i++)
        item_free(&p->items[i]);
    free(p->items);
    free(p->title);
    free(p->typed);
    free(p->needle);
    free(p->view);
    line_free(&p->filter);
    memset(p, 0, sizeof *p);
}
