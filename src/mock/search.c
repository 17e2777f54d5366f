#include "mock/search.h"

#include <stdlib.h>
#include <string.h>

/* ---- folding ---- */

static uint32_t lower_latin_ext_a(uint32_t c)
{
    if (c == 0x130) /* İ: simple lowercase is a plain i */
        return 'i';
    if (c == 0x178) /* Ÿ pairs with ÿ in Latin-1 */
        return 0xFF;
    bool even_upper = c < 0x138 || (c >= 0x14A && c < 0x178);
    bool odd_upper = (c >= 0x139 && c < 0x149) || (c >= 0x179 && c < 0x17F);
    if ((even_upper && c % 2 == 0) || (odd_upper && c % 2 == 1))
        return c + 1;
    return c;
}

static uint32_t lower_greek(uint32_t c)
{
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        return c + 32;
    if (c == 0x3C2) /* final sigma, so "ΟΔΥΣΣΕΑΣ" finds "Οδυσσέας" */
        return 0x3C3;
    return c;
}

static uint32_t lower_cyrillic(uint32_t c)
{
    if (c <= 0x40F)
        return c + 80;
    if (c <= 0x42F)
        return c + 32;
    if (c == 0x4C0)
        return 0x4CF;
    if (c >= 0x4C1 && c <= 0x4CE)
        return c % 2 ? c + 1 : c;
    bool paired = (c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || c >= 0x4D0;
    return paired && c % 2 == 0 ? c + 1 : c;
}

static uint32_t lower_latin_additional(uint32_t c)
{
    if (c == 0x1E9E) /* capital sharp s */
        return 0xDF;
    bool paired = c <= 0x1E95 || c >= 0x1EA0;
    return paired && c % 2 == 0 ? c + 1 : c;
}

/* Simple lowercase; never needs more UTF-8 bytes than c does. */
static uint32_t lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F)
        return lower_latin_ext_a(c);
    if (c >= 0x370 && c <= 0x3FF)
        return lower_greek(c);
    if (c >= 0x400 && c <= 0x52F)
        return lower_cyrillic(c);
    if (c >= 0x1E00 && c <= 0x1EFF)
        return lower_latin_additional(c);
    return c;
}

/* The length of the one- to three-byte sequence at s with its code point,
 * or 0 if s does not start one (the folded range ends at U+1EFF). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF && (s[1] & 0xC0) == 0x80) {
        *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
        return 2;
    }
    if (s[0] >= 0xE0 && s[0] <= 0xEF && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return *cp >= 0x800 ? 3 : 0;
    }
    return 0;
}

static size_t encode(uint32_t cp, unsigned char out[3])
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (unsigned char)(0xE0 | cp >> 12);
    out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Folds the character at *p (a lone byte if it is not one) into out and
 * moves past it. Unchanged characters keep their exact bytes. */
static size_t fold_char(const unsigned char **p, unsigned char out[3])
{
    uint32_t cp;
    size_t n = decode(*p, &cp);
    if (n == 0) {
        out[0] = *(*p)++;
        return 1;
    }
    uint32_t low = lower(cp);
    size_t len = low == cp ? (memcpy(out, *p, n), n) : encode(low, out);
    *p += n;
    return len;
}

/* The folded bytes of a text, one at a time, without a buffer. */
struct fold_iter {
    const unsigned char *next;
    unsigned char ch[3];
    unsigned char n, at;
};

static struct fold_iter fold_start(const char *text)
{
    return (struct fold_iter){.next = (const unsigned char *)text};
}

/* The next folded byte, or 0 at the end (text holds no NUL to fold). */
static unsigned fold_byte(struct fold_iter *it)
{
    if (it->at == it->n) {
        if (!*it->next)
            return 0;
        it->n = (unsigned char)fold_char(&it->next, it->ch);
        it->at = 0;
    }
    return it->ch[it->at++];
}

char *search_fold(const char *text)
{
    char *out = malloc(strlen(text) + 1);
    if (!out)
        return NULL;
    struct fold_iter it = fold_start(text);
    size_t n = 0;
    for (unsigned b; (b = fold_byte(&it)) != 0;)
        out[n++] = (char)b;
    out[n] = '\0';
    return out;
}

bool search_contains(const char *text, const char *folded)
{
    if (!text)
        return false;
    struct fold_iter start = fold_start(text);
    for (;;) {
        struct fold_iter it = start;
        const unsigned char *f = (const unsigned char *)folded;
        while (*f && fold_byte(&it) == *f)
            f++;
        if (!*f)
            return true;
        if (fold_byte(&start) == 0)
            return false;
    }
}

/* ---- the index ---- */

#define BUCKETS (1u << 16)

/* The records holding one trigram, by ascending sequence number. */
struct posting {
    uint32_t *seqs;
    uint32_t len;
    uint32_t cap;
    unsigned char third; /* the trigram's last byte; 0: the field ended */
};

/* The trigrams sharing their first two bytes, by ascending third byte. */
struct bucket {
    struct posting *items;
    uint16_t len;
    uint16_t cap;
};

struct search_index {
    struct bucket *buckets; /* BUCKETS of them */
    const void **recs;      /* by sequence number; NULL: unused */
    size_t n_recs;
    size_t offsets[SEARCH_MAX_FIELDS];
    size_t n_fields;
};

struct search_index *search_new(const size_t *field_offsets, size_t n_fields)
{
    struct search_index *ix = calloc(1, sizeof *ix);
    if (!ix || n_fields > SEARCH_MAX_FIELDS ||
        !(ix->buckets = calloc(BUCKETS, sizeof(struct bucket)))) {
        free(ix);
        return NULL;
    }
    memcpy(ix->offsets, field_offsets, n_fields * sizeof *field_offsets);
    ix->n_fields = n_fields;
    return ix;
}

void search_free(struct search_index *ix)
{
    if (!ix)
        return;
    for (size_t b = 0; b < BUCKETS; b++) {
        for (size_t i = 0; i < ix->buckets[b].len; i++)
            free(ix->buckets[b].items[i].seqs);
        free(ix->buckets[b].items);
    }
    free(ix->buckets);
    free(ix->recs);
    free(ix);
}

static const char *field(const struct search_index *ix, const void *rec, size_t f)
{
    return *(char *const *)((const char *)rec + ix->offsets[f]);
}

/* The slot in b where a posting for third is or would go. */
static size_t bucket_slot(const struct bucket *b, unsigned third)
{
    size_t lo = 0, hi = b->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->items[mid].third < third)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct posting *find_posting(const struct search_index *ix, uint32_t gram)
{
    const struct bucket *b = &ix->buckets[gram >> 8];
    size_t i = bucket_slot(b, gram & 0xFF);
    return i < b->len && b->items[i].third == (gram & 0xFF) ? &b->items[i] : NULL;
}

static struct posting *make_posting(struct search_index *ix, uint32_t gram)
{
    struct bucket *b = &ix->buckets[gram >> 8];
    size_t i = bucket_slot(b, gram & 0xFF);
    if (i < b->len && b->items[i].third == (gram & 0xFF))
        return &b->items[i];
    if (b->len == b->cap) {
        uint16_t cap = b->cap ? (uint16_t)(b->cap * 2) : 4;
        struct posting *grown = realloc(b->items, cap * sizeof *grown);
        if (!grown)
            return NULL;
        b->items = grown;
        b->cap = cap;
    }
    memmove(&b->items[i + 1], &b->items[i], (b->len - i) * sizeof b->items[0]);
    b->items[i] = (struct posting){.third = (unsigned char)(gram & 0xFF)};
    b->len++;
    return &b->items[i];
}

/* The first index at or after from whose sequence number is at least seq:
 * doubling steps then bisection, so walking a long list in step with a
 * short one costs about the short one's length times a logarithm. */
static size_t gallop(const struct posting *p, size_t from, uint32_t seq)
{
    size_t lo = from, hi = from, step = 1;
    while (hi < p->len && p->seqs[hi] < seq) {
        lo = hi + 1;
        hi += step;
        step *= 2;
    }
    if (hi > p->len)
        hi = p->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->seqs[mid] < seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

typedef int (*gram_fn)(struct search_index *ix, uint32_t gram, uint32_t seq);

/* Calls fn on each trigram of rec's folded fields (repeats included),
 * each field ending in a 0 byte; stops at a non-zero return. */
static int each_gram(struct search_index *ix, const void *rec, uint32_t seq, gram_fn fn)
{
    for (size_t f = 0; f < ix->n_fields; f++) {
        const char *text = field(ix, rec, f);
        struct fold_iter it = fold_start(text ? text : "");
        unsigned a = fold_byte(&it);
        unsigned b = a ? fold_byte(&it) : 0;
        while (b) {
            unsigned c = fold_byte(&it);
            int rc = fn(ix, a << 16 | b << 8 | c, seq);
            if (rc != 0)
                return rc;
            a = b;
            b = c;
        }
    }
    return 0;
}

/* gram's posting with room for one more, so that put cannot fail. */
static struct posting *room_for(struct search_index *ix, uint32_t gram)
{
    struct posting *p = make_posting(ix, gram);
    if (!p || p->len < p->cap)
        return p;
    uint32_t cap = p->cap ? p->cap * 2 : 4;
    uint32_t *grown = realloc(p->seqs, cap * sizeof *grown);
    if (!grown)
        return NULL;
    p->seqs = grown;
    p->cap = cap;
    return p;
}

static void put(struct posting *p, uint32_t seq)
{
    uint32_t last = p->len ? p->seqs[p->len - 1] : 0;
    size_t i = !p->len || last < seq ? p->len : last == seq ? p->len - 1 : gallop(p, 0, seq);
    if (i < p->len && p->seqs[i] == seq)
        return; /* the trigram occurs twice in the record */
    memmove(&p->seqs[i + 1], &p->seqs[i], (p->len - i) * sizeof p->seqs[0]);
    p->seqs[i] = seq;
    p->len++;
}

static int reserve_gram(struct search_index *ix, uint32_t gram, uint32_t seq)
{
    return room_for(ix, gram) ? 0 : -1;
}

static int insert_gram(struct search_index *ix, uint32_t gram, uint32_t seq)
{
    put(find_posting(ix, gram), seq);
    return 0;
}

static int add_gram(struct search_index *ix, uint32_t gram, uint32_t seq)
{
    struct posting *p = room_for(ix, gram);
    if (!p)
        return -1;
    put(p, seq);
    return 0;
}

static int remove_gram(struct search_index *ix, uint32_t gram, uint32_t seq)
{
    struct posting *p = find_posting(ix, gram);
    size_t i = p ? gallop(p, 0, seq) : 0;
    if (p && i < p->len && p->seqs[i] == seq) {
        memmove(&p->seqs[i], &p->seqs[i + 1], (p->len - i - 1) * sizeof p->seqs[0]);
        p->len--;
    }
    return 0;
}

static int reserve_seq(struct search_index *ix, uint32_t seq)
{
    if (seq < ix->n_recs)
        return 0;
    size_t n = ix->n_recs ? ix->n_recs * 2 : 1024;
    if (n <= seq)
        n = (size_t)seq + 1;
    const void **grown = realloc(ix->recs, n * sizeof *grown);
    if (!grown)
        return -1;
    memset(grown + ix->n_recs, 0, (n - ix->n_recs) * sizeof *grown);
    ix->recs = grown;
    ix->n_recs = n;
    return 0;
}

int search_add(struct search_index *ix, uint32_t seq, const void *rec)
{
    if (reserve_seq(ix, seq) != 0)
        return -1;
    if (each_gram(ix, rec, seq, add_gram) != 0) {
        each_gram(ix, rec, seq, remove_gram); /* seq is new: only its own entries go */
        return -1;
    }
    ix->recs[seq] = rec;
    return 0;
}

static bool same_text(const struct search_index *ix, const void *a, const void *b)
{
    for (size_t f = 0; f < ix->n_fields; f++) {
        const char *x = field(ix, a, f), *y = field(ix, b, f);
        if ((x || y) && (!x || !y || strcmp(x, y) != 0))
            return false;
    }
    return true;
}

int search_replace(struct search_index *ix, uint32_t seq, const void *rec)
{
    const void *old = ix->recs[seq];
    if (!same_text(ix, old, rec)) {
        if (each_gram(ix, rec, seq, reserve_gram) != 0)
            return -1;
        each_gram(ix, old, seq, remove_gram);
        each_gram(ix, rec, seq, insert_gram);
    }
    ix->recs[seq] = rec;
    return 0;
}

void search_remove(struct search_index *ix, uint32_t seq)
{
    if (seq >= ix->n_recs || !ix->recs[seq])
        return;
    each_gram(ix, ix->recs[seq], seq, remove_gram);
    ix->recs[seq] = NULL;
}

/* ---- queries ---- */

/* The page being gathered: matches to skip, then room for more. */
struct hits {
    size_t skip;
    size_t room;
    int (*emit)(void *ctx, const void *rec);
    void *ctx;
    int rc;
};

/* Takes one match; false once the page is full or emit failed. */
static bool take(struct hits *h, const void *rec)
{
    if (h->skip) {
        h->skip--;
        return true;
    }
    h->rc = h->emit(h->ctx, rec);
    return h->rc == 0 && --h->room > 0;
}

static bool record_contains(const struct search_index *ix, const void *rec, const char *folded)
{
    for (size_t f = 0; f < ix->n_fields; f++)
        if (search_contains(field(ix, rec, f), folded))
            return true;
    return false;
}

/* A one-byte query has no trigram to look up: check every record. */
static void find_scan(const struct search_index *ix, const char *folded, struct hits *h)
{
    for (size_t seq = 0; seq < ix->n_recs; seq++) {
        const void *rec = ix->recs[seq];
        if (rec && record_contains(ix, rec, folded) && !take(h, rec))
            return;
    }
}

/* A two-byte query: the union of the lists of every trigram it begins,
 * merged in sequence order. Exact, so nothing to check. */
static void find_pair(const struct search_index *ix, const unsigned char *q, struct hits *h)
{
    const struct bucket *b = &ix->buckets[q[0] << 8 | q[1]];
    size_t at[256] = {0};
    for (;;) {
        bool any = false;
        uint32_t min = 0;
        for (size_t i = 0; i < b->len; i++) {
            const struct posting *p = &b->items[i];
            if (at[i] < p->len && (!any || p->seqs[at[i]] < min)) {
                min = p->seqs[at[i]];
                any = true;
            }
        }
        if (!any)
            return;
        for (size_t i = 0; i < b->len; i++)
            at[i] += at[i] < b->items[i].len && b->items[i].seqs[at[i]] == min;
        if (!take(h, ix->recs[min]))
            return;
    }
}

static int by_length(const void *a, const void *b)
{
    uint32_t x = (*(const struct posting *const *)a)->len;
    uint32_t y = (*(const struct posting *const *)b)->len;
    return (x > y) - (x < y);
}

static bool in_all(const struct posting **lists, size_t *at, size_t n, uint32_t seq)
{
    for (size_t i = 0; i < n; i++) {
        at[i] = gallop(lists[i], at[i], seq);
        if (at[i] == lists[i]->len || lists[i]->seqs[at[i]] != seq)
            return false;
    }
    return true;
}

/* Walks the rarest trigram's list, keeps the records every other list
 * holds, and checks those against the text unless the query is one
 * trigram. */
static int find_grams(const struct search_index *ix, const unsigned char *q, size_t len,
                      struct hits *h)
{
    size_t n = len - 2;
    const struct posting **lists = malloc(n * sizeof *lists);
    size_t *at = calloc(n, sizeof *at);
    if (!lists || !at) {
        free(lists);
        free(at);
        return -1;
    }
    bool none = false;
    for (size_t i = 0; i < n && !none; i++) {
        lists[i] = find_posting(ix, (uint32_t)q[i] << 16 | (uint32_t)q[i + 1] << 8 | q[i + 2]);
        none = !lists[i];
    }
    if (!none) {
        qsort(lists, n, sizeof *lists, by_length);
        for (size_t j = 0; j < lists[0]->len; j++) {
            uint32_t seq = lists[0]->seqs[j];
            const void *rec = ix->recs[seq];
            if (in_all(lists + 1, at + 1, n - 1, seq) &&
                (len == 3 || record_contains(ix, rec, (const char *)q)) && !take(h, rec))
                break;
        }
    }
    free(lists);
    free(at);
    return 0;
}

int search_find(const struct search_index *ix, const char *query, size_t offset, size_t limit,
                int (*emit)(void *ctx, const void *rec), void *ctx)
{
    if (limit == 0)
        return 0;
    char *folded = search_fold(query);
    if (!folded)
        return -1;
    struct hits h = {offset, limit, emit, ctx, 0};
    const unsigned char *q = (const unsigned char *)folded;
    size_t len = strlen(folded);
    int rc = 0;
    if (len < 2)
        find_scan(ix, folded, &h);
    else if (len == 2)
        find_pair(ix, q, &h);
    else
        rc = find_grams(ix, q, len, &h);
    free(folded);
    return rc != 0 ? rc : h.rc;
}
