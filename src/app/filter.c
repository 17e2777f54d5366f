#include "app/filter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/columns.h"
#include "app/query.h"
#include "app/rows.h"

/* Rows' texts are kept in blocks of at least this many bytes: few
 * allocations, and rows that follow each other lie side by side, so a
 * pass over them reads memory in order. */
#define BLOCK_BYTES (256 * 1024)

struct block {
    struct block *next;
    size_t used, cap;
    uint32_t data[]; /* bytes, aligned for the numbers each row begins with */
};

/* A set of byte pairs: 128 bits, a hash of each pair picking one. */
#define PAIR_WORDS 2

/* A row: for each column of related records, their count and their
 * numbers (indices into filter_text.related), first, as a name is often
 * what a word finds; then the folded texts of its columns and its id,
 * each ended by a NUL (column i begins past i of them; a word, holding
 * no NUL, never matches across two), padded to four bytes. */
struct row {
    const char *text; /* NULL: forgotten, prepared again when next needed */
    uint32_t len;     /* bytes of text, the NULs included */
    uint32_t numbers; /* the numbers' bytes, just before text */
    /* The pairs of bytes side by side in text, hashed: kept here, where
     * a pass reads in order, most rows are passed over without reading
     * their text when a word is not in them. */
    uint64_t pairs[PAIR_WORDS];
};

/* A related record: its id, and its name as the last pass saw it. */
struct related {
    char *id;
    char *shown;  /* NULL: not matched yet */
    char *folded; /* shown, folded */
    size_t folded_len;
};

struct filter_text {
    enum sendx_kind kind;
    struct row *rows; /* [0, n) prepared, but the forgotten ones */
    size_t n, cap, forgotten;
    struct block *blocks; /* the newest first */
    struct related *related;
    size_t n_related, cap_related;
    uint32_t *slots; /* by the id's hash: 1 + its index in related, 0 when empty */
    size_t cap_slots;
    char *work; /* the row being composed */
    size_t work_cap;
};

static size_t align4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* Adds the pairs of bytes of the n at s (none across a NUL) to pairs. */
static void pairs_add(uint64_t *pairs, const char *s, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        unsigned a = (unsigned char)s[i - 1], b = (unsigned char)s[i];
        if (!a || !b)
            continue;
        uint32_t bit = ((a << 8 | b) * UINT32_C(0x9E3779B1)) >> 25; /* 7 bits: of 128 */
        pairs[bit / 64] |= UINT64_C(1) << (bit % 64);
    }
}

static bool pairs_within(const uint64_t *word, const uint64_t *row)
{
    for (size_t i = 0; i < PAIR_WORDS; i++)
        if (word[i] & ~row[i])
            return false;
    return true;
}

/* ---- kept with the rows ----------------------------------------------------- */

void filter_text_free(struct filter_text *t)
{
    if (!t)
        return;
    for (struct block *b = t->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    for (size_t i = 0; i < t->n_related; i++) {
        free(t->related[i].id);
        free(t->related[i].shown);
        free(t->related[i].folded);
    }
    free(t->related);
    free(t->slots);
    free(t->rows);
    free(t->work);
    free(t);
}

void filter_text_forget(struct filter_text *t, size_t i)
{
    if (t && i < t->n && t->rows[i].text) {
        t->rows[i].text = NULL;
        t->forgotten++;
    }
}

void filter_text_remove(struct filter_text *t, size_t i)
{
    if (!t || i >= t->n)
        return;
    t->forgotten -= !t->rows[i].text;
    memmove(t->rows + i, t->rows + i + 1, (t->n - i - 1) * sizeof *t->rows);
    t->n--;
}

/* ---- preparing ------------------------------------------------------------- */

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static uint32_t *slot_for(uint32_t *slots, size_t cap, const struct related *related,
                          const char *id)
{
    size_t i = hash(id) & (cap - 1);
    while (slots[i] && strcmp(related[slots[i] - 1].id, id) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int grow_slots(struct filter_text *t)
{
    size_t cap = t->cap_slots ? t->cap_slots * 2 : 64;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->n_related; i++)
        *slot_for(slots, cap, t->related, t->related[i].id) = (uint32_t)i + 1;
    free(t->slots);
    t->slots = slots;
    t->cap_slots = cap;
    return 0;
}

/* The number standing for id (NULL as ""), given it the first time.
 * -1 if out of memory. */
static long related_number(struct filter_text *t, const char *id)
{
    id = id ? id : "";
    if ((t->n_related + 1) * 2 > t->cap_slots && grow_slots(t) != 0)
        return -1;
    uint32_t *slot = slot_for(t->slots, t->cap_slots, t->related, id);
    if (*slot)
        return (long)*slot - 1;
    if (t->n_related == t->cap_related) {
        size_t cap = t->cap_related ? t->cap_related * 2 : 32;
        struct related *r = realloc(t->related, cap * sizeof *r);
        if (!r)
            return -1;
        t->related = r;
        t->cap_related = cap;
    }
    char *copy = strdup(id);
    if (!copy)
        return -1;
    t->related[t->n_related] = (struct related){.id = copy};
    *slot = (uint32_t)++t->n_related;
    return (long)t->n_related - 1;
}

static int work_reserve(struct filter_text *t, size_t need)
{
    if (need <= t->work_cap)
        return 0;
    size_t cap = t->work_cap ? t->work_cap : 1024;
    while (cap < need)
        cap *= 2;
    char *work = realloc(t->work, cap);
    if (!work)
        return -1;
    t->work = work;
    t->work_cap = cap;
    return 0;
}

static int put_number(struct filter_text *t, size_t *o, uint32_t v)
{
    if (work_reserve(t, *o + sizeof v) != 0)
        return -1;
    memcpy(t->work + *o, &v, sizeof v);
    *o += sizeof v;
    return 0;
}

/* The related records of each such column of record. */
static int compose_related(struct filter_text *t, const void *record, size_t *o)
{
    const struct column_set *set = columns_for(t->kind);
    for (size_t c = 0; c < set->n; c++) {
        if (!set->cols[c].ids)
            continue;
        const struct sendx_strv *ids = set->cols[c].ids(record);
        size_t n = ids ? ids->len : 0;
        if (n > UINT32_MAX || put_number(t, o, (uint32_t)n) != 0)
            return -1;
        for (size_t k = 0; k < n; k++) {
            long number = related_number(t, ids->items[k]);
            if (number < 0 || put_number(t, o, (uint32_t)number) != 0)
                return -1;
        }
    }
    return 0;
}

/* Composes record's row in t->work: its numbers' bytes, its text's. */
static int compose(struct filter_text *t, const void *record, size_t *numbers, size_t *len)
{
    const struct column_set *set = columns_for(t->kind);
    char scratch[COLUMN_SCRATCH];
    size_t o = 0;
    if (compose_related(t, record, &o) != 0)
        return -1;
    *numbers = o;
    for (size_t i = 0; i <= set->n; i++) {
        const char *s = i < set->n ? columns_search_text(&set->cols[i], record, scratch)
                                   : columns_record_id(t->kind, record);
        s = s ? s : "";
        if (work_reserve(t, o + QUERY_FOLD_SIZE(strlen(s)) + 3) != 0)
            return -1;
        o += query_fold_into(s, t->work + o) + 1;
    }
    if (*numbers > UINT32_MAX || o - *numbers > UINT32_MAX)
        return -1;
    *len = o - *numbers;
    memset(t->work + o, 0, align4(o) - o);
    return 0;
}

/* Room for a row of `bytes` (a multiple of four) in the newest block. */
static char *block_room(struct filter_text *t, size_t bytes)
{
    struct block *b = t->blocks;
    if (!b || b->cap - b->used < bytes) {
        size_t cap = bytes > BLOCK_BYTES ? bytes : BLOCK_BYTES;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        *b = (struct block){.next = t->blocks, .cap = cap};
        t->blocks = b;
    }
    char *at = (char *)b->data + b->used;
    b->used += bytes;
    return at;
}

static int prepare(struct filter_text *t, size_t i, const void *record)
{
    size_t numbers, len;
    if (compose(t, record, &numbers, &len) != 0)
        return -1;
    size_t total = align4(numbers + len);
    char *at = block_room(t, total);
    if (!at)
        return -1;
    memcpy(at, t->work, total);
    t->rows[i] =
        (struct row){.text = at + numbers, .len = (uint32_t)len, .numbers = (uint32_t)numbers};
    pairs_add(t->rows[i].pairs, t->rows[i].text, len);
    return 0;
}

int filter_text_sync(struct app_rows *rows, enum sendx_kind kind)
{
    struct filter_text *t = rows->text;
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
            return -1;
        t->kind = kind;
        rows->text = t;
    }
    for (size_t i = 0; t->forgotten && i < t->n; i++) {
        if (t->rows[i].text)
            continue;
        if (prepare(t, i, rows->items[i]) != 0)
            return -1;
        t->forgotten--;
    }
    if (rows->len > t->cap) {
        struct row *r = realloc(t->rows, rows->cap * sizeof *r);
        if (!r)
            return -1;
        t->rows = r;
        t->cap = rows->cap;
    }
    for (; t->n < rows->len; t->n++)
        if (prepare(t, t->n, rows->items[t->n]) != 0)
            return -1;
    return 0;
}

/* ---- matching --------------------------------------------------------------- */

/* Whether needle (len bytes) is in the n bytes at hay. */
static bool contains(const char *hay, size_t n, const char *needle, size_t len)
{
    if (len == 0)
        return true;
    if (len > n)
        return false;
    const char *last = hay + (n - len);
    for (const char *p = hay; p <= last; p++) {
        p = memchr(p, needle[0], (size_t)(last - p) + 1);
        if (!p)
            return false;
        /* The second byte first: most first bytes found start no match. */
        if (len == 1 || (p[1] == needle[1] && (len == 2 || !memcmp(p + 2, needle + 2, len - 2))))
            return true;
    }
    return false;
}

/* Brings each related record's name up to date, noting a change in one
 * already matched. */
static int refresh_names(struct filter_text *t, const struct names *names, bool *changed)
{
    for (size_t i = 0; i < t->n_related; i++) {
        struct related *r = &t->related[i];
        const char *shown = columns_related_name(names, r->id);
        if (r->shown && strcmp(r->shown, shown) == 0)
            continue;
        char *copy = strdup(shown), *folded = query_fold(shown);
        if (!copy || !folded) {
            free(copy);
            free(folded);
            return -1;
        }
        *changed |= r->shown != NULL;
        free(r->shown);
        free(r->folded);
        *r = (struct related){
            .id = r->id, .shown = copy, .folded = folded, .folded_len = strlen(folded)};
    }
    return 0;
}

/* Whether w looks in related records' names. */
static bool looks_in_related(const struct column_set *set, const struct query_word *w)
{
    return w->field == QUERY_ANY || (w->field == QUERY_COLUMN && set->cols[w->column].ids);
}

int filter_pass_begin(struct filter_pass *f, const struct query *q, struct app_rows *rows,
                      const struct names *names)
{
    *f = (struct filter_pass){.q = q, .rows = rows};
    if (filter_text_sync(rows, q->kind) != 0)
        return -1;
    struct filter_text *t = rows->text;
    f->t = t;
    if (refresh_names(t, names, &f->names_changed) != 0)
        return -1;
    f->pairs = calloc(q->n ? q->n : 1, PAIR_WORDS * sizeof *f->pairs);
    f->assumed = calloc(q->n ? q->n : 1, sizeof *f->assumed);
    if (!f->pairs || !f->assumed) {
        filter_pass_end(f);
        return -1;
    }
    for (size_t k = 0; k < q->n; k++)
        pairs_add(f->pairs + k * PAIR_WORDS, q->words[k].folded, q->words[k].len);
    size_t n = t->n_related;
    if (!q->n || !n)
        return 0;
    f->hits = calloc(q->n, n + 1);
    if (!f->hits) {
        filter_pass_end(f);
        return -1;
    }
    const struct column_set *set = columns_for(q->kind);
    unsigned char *any = f->hits + q->n * n;
    for (size_t k = 0; k < q->n; k++) {
        const struct query_word *w = &q->words[k];
        for (size_t i = 0; looks_in_related(set, w) && i < n; i++) {
            f->hits[k * n + i] =
                contains(t->related[i].folded, t->related[i].folded_len, w->folded, w->len);
            any[k] |= f->hits[k * n + i];
        }
    }
    return 0;
}

void filter_pass_end(struct filter_pass *f)
{
    free(f->hits);
    free(f->pairs);
    free(f->assumed);
    f->hits = NULL;
    f->pairs = NULL;
    f->assumed = NULL;
}

void filter_pass_assume(struct filter_pass *f, const struct query *passed)
{
    for (size_t k = 0; k < f->q->n; k++)
        f->assumed[k] = query_implies(passed, &f->q->words[k]);
}

/* Whether word k finds a name among the related records of row r, in
 * column `only` or, at the column count, in any. */
static bool related_hit(const struct filter_pass *f, const struct row *r, size_t k, size_t only)
{
    /* Most words are in no name: the row's numbers need no reading. */
    if (!f->hits || !f->hits[f->q->n * f->t->n_related + k])
        return false;
    const unsigned char *hits = f->hits + k * f->t->n_related;
    const struct column_set *set = columns_for(f->q->kind);
    const char *p = r->text - r->numbers;
    for (size_t c = 0; c < set->n; c++) {
        if (!set->cols[c].ids)
            continue;
        uint32_t count, number;
        memcpy(&count, p, sizeof count);
        p += sizeof count;
        for (uint32_t i = 0; (only == set->n || only == c) && i < count; i++) {
            memcpy(&number, p + i * sizeof number, sizeof number);
            if (hits[number])
                return true;
        }
        p += count * sizeof number;
    }
    return false;
}

static bool word_hits(const struct filter_pass *f, const struct row *r, size_t i, size_t k)
{
    const struct query_word *w = &f->q->words[k];
    size_t n_cols = columns_for(f->q->kind)->n;
    switch (w->field) {
    case QUERY_FLAGS:
        return query_flags_match(w, f->rows->items[i]);
    case QUERY_COLUMN: {
        if (related_hit(f, r, k, w->column))
            return true;
        if (!pairs_within(f->pairs + k * PAIR_WORDS, r->pairs))
            return false;
        const char *cell = r->text;
        for (size_t c = 0; c < w->column; c++)
            cell += strlen(cell) + 1;
        return contains(cell, strlen(cell), w->folded, w->len);
    }
    case QUERY_ANY:
        break;
    }
    return related_hit(f, r, k, n_cols) || (pairs_within(f->pairs + k * PAIR_WORDS, r->pairs) &&
                                            contains(r->text, r->len, w->folded, w->len));
}

bool filter_pass_row(const struct filter_pass *f, size_t i)
{
    const struct row *r = &f->t->rows[i];
    for (size_t k = 0; k < f->q->n; k++)
        if (!f->assumed[k] && word_hits(f, r, i, k) == f->q->words[k].negated)
            return false;
    return true;
}

/* Rows read ahead of the one matched: enough to cover memory's latency. */
#define READ_AHEAD 8

size_t filter_pass_keep(const struct filter_pass *f, uint32_t *idx, size_t n)
{
    size_t checked = 0;
    for (size_t k = 0; k < f->q->n; k++)
        checked += !f->assumed[k];
    if (!checked)
        return n;
    size_t kept = 0;
    for (size_t j = 0; j < n; j++) {
#if defined(__GNUC__)
        if (j + READ_AHEAD < n)
            __builtin_prefetch(f->t->rows[idx[j + READ_AHEAD]].text);
#endif
        if (filter_pass_row(f, idx[j]))
            idx[kept++] = idx[j];
    }
    return kept;
}
