#include "app/query.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "app/columns.h"
#include "app/names.h"
#include "app/text.h"

/* ---- folding -------------------------------------------------------------- */

/* Bytes a folded copy of n bytes may need: a Latin letter never grows,
 * but a two-byte letter can lower to three bytes (U+023A to U+2C65). */
#define FOLD_SIZE(n) (2 * (n) + 1)

/* The base letter of each code point from U+00C0 to U+017F, as people
 * who type ASCII write it: '2' marks one written with two letters (see
 * two_letters), '.' a sign that is not a letter (× and ÷). */
static const char latin_base[] = "aaaaaa2ceeeeiiii"
                                 "dnooooo.ouuuuy22"
                                 "aaaaaa2ceeeeiiii"
                                 "dnooooo.ouuuuy2y" /* U+0100 on: Latin Extended-A */
                                 "aaaaaacccccccc"
                                 "dddd"
                                 "eeeeeeeeee"
                                 "gggggggg"
                                 "hhhh"
                                 "iiiiiiiiii"
                                 "22"
                                 "jj"
                                 "kkk"
                                 "llllllllll"
                                 "nnnnnnnnn"
                                 "oooooo"
                                 "22"
                                 "rrrrrr"
                                 "ssssssss"
                                 "tttttt"
                                 "uuuuuuuuuuuu"
                                 "ww"
                                 "yyy"
                                 "zzzzzz"
                                 "s";
_Static_assert(sizeof latin_base - 1 == 0x180 - 0xC0, "one letter per code point");

static const struct {
    uint32_t cp;
    char letters[3];
} two_letters[] = {
    {0xC6, "ae"},  {0xDE, "th"},  {0xDF, "ss"},  {0xE6, "ae"},  {0xFE, "th"},
    {0x132, "ij"}, {0x133, "ij"}, {0x152, "oe"}, {0x153, "oe"},
};

static size_t put_two(uint32_t cp, char *out)
{
    for (size_t i = 0; i < sizeof two_letters / sizeof two_letters[0]; i++) {
        if (two_letters[i].cp == cp) {
            memcpy(out, two_letters[i].letters, 2);
            return 2;
        }
    }
    return text_utf8_encode(cp, out);
}

/* Writes cp folded into out (up to 4 bytes); returns the bytes written,
 * 0 for a combining mark (so "u" + U+0308 folds as "ü" does). */
static size_t fold_char(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return 1;
    }
    if (cp >= 0xC0 && cp < 0x180) {
        char base = latin_base[cp - 0xC0];
        if (base == '2')
            return put_two(cp, out);
        if (base != '.') {
            out[0] = base;
            return 1;
        }
        return text_utf8_encode(cp, out);
    }
    if (cp >= 0x300 && cp <= 0x36F)
        return 0;
    /* Final sigma is the same letter: "σ" finds "ς". */
    return text_utf8_encode(cp == 0x3C2 ? 0x3C3 : (uint32_t)towlower((wint_t)cp), out);
}

/* Writes s folded into out (FOLD_SIZE(strlen(s)) bytes) with a NUL; a
 * byte that is not UTF-8 is copied as it is. Returns the length. */
static size_t fold_into(const char *s, char *out)
{
    size_t o = 0;
    while (*s) {
        uint32_t cp;
        size_t len = text_utf8_decode((const unsigned char *)s, &cp);
        if (len == 0) {
            out[o++] = *s++;
            continue;
        }
        o += fold_char(cp, out + o);
        s += len;
    }
    out[o] = '\0';
    return o;
}

char *query_fold(const char *s)
{
    char *out = malloc(FOLD_SIZE(strlen(s)));
    if (out)
        fold_into(s, out);
    return out;
}

/* ---- parsing -------------------------------------------------------------- */

/* Copies the next word of *s into out without its quotes and moves *s
 * past it. *colon is where in out the first ':' outside quotes is, or -1;
 * *negated whether it began with an unquoted '-' (not copied). Returns
 * false when no word is left. */
static bool next_word(const char **s, char *out, long *colon, bool *negated)
{
    const char *p = *s;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return false;
    *negated = p[0] == '-' && p[1] && p[1] != ' ' && p[1] != '\t';
    p += *negated;
    *colon = -1;
    bool quoted = false;
    size_t o = 0;
    for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++) {
        if (*p == '"')
            quoted = !quoted;
        if (*p == ':' && !quoted && *colon < 0)
            *colon = (long)o;
        if (*p != '"')
            out[o++] = *p;
    }
    out[o] = '\0';
    *s = p;
    return true;
}

static const struct {
    const char *prefix;
    enum query_field field;
} contact_prefixes[] = {
    {"tag", QUERY_TAG},    {"tags", QUERY_TAG},   {"list", QUERY_LIST},
    {"lists", QUERY_LIST}, {"flag", QUERY_FLAGS}, {"flags", QUERY_FLAGS},
};

/* What a prefix names for kind: a column (its index in *column) or a
 * contact's tags, lists or flags. QUERY_ANY when it names nothing. */
static enum query_field prefix_field(const char *prefix, enum sendx_kind kind, size_t *column)
{
    size_t n_pseudo =
        kind == SENDX_KIND_CONTACT ? sizeof contact_prefixes / sizeof *contact_prefixes : 0;
    for (size_t i = 0; i < n_pseudo; i++)
        if (strcasecmp(prefix, contact_prefixes[i].prefix) == 0)
            return contact_prefixes[i].field;
    const struct column_set *set = columns_for(kind);
    for (size_t i = 0; i < set->n; i++) {
        if (strcasecmp(prefix, set->cols[i].title) == 0) {
            *column = i;
            return QUERY_COLUMN;
        }
    }
    return QUERY_ANY;
}

/* Fills w from one word as next_word left it; -1 if out of memory. */
static int word_init(struct query_word *w, char *word, long colon, bool negated,
                     enum sendx_kind kind)
{
    *w = (struct query_word){.negated = negated};
    const char *text = word;
    if (colon > 0 && word[colon + 1]) {
        word[colon] = '\0';
        w->field = prefix_field(word, kind, &w->column);
        if (w->field == QUERY_ANY)
            word[colon] = ':';
        else
            text = word + colon + 1;
    }
    w->text = strdup(text);
    w->folded = w->text ? query_fold(w->text) : NULL;
    return w->folded ? 0 : -1;
}

struct query *query_parse(const char *text, enum sendx_kind kind)
{
    size_t len = text ? strlen(text) : 0;
    struct query *q = calloc(1, sizeof *q);
    char *word = malloc(len + 1);
    if (q) {
        q->kind = kind;
        /* Words are apart: no more of them than half the bytes, rounded up. */
        q->words = calloc(len / 2 + 1, sizeof *q->words);
        q->at = calloc(columns_for(kind)->n + 1, sizeof *q->at);
    }
    if (!q || !word || !q->words || !q->at) {
        free(word);
        query_free(q);
        return NULL;
    }
    const char *s = text ? text : "";
    long colon;
    bool negated;
    while (next_word(&s, word, &colon, &negated)) {
        if (word_init(&q->words[q->n], word, colon, negated, kind) != 0) {
            q->n++; /* its halves are freed with the rest */
            free(word);
            query_free(q);
            return NULL;
        }
        q->n++;
    }
    free(word);
    return q;
}

void query_free(struct query *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n; i++) {
        free(q->words[i].text);
        free(q->words[i].folded);
    }
    free(q->words);
    free(q->at);
    free(q->buf);
    free(q);
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

const char *query_server_word(const struct query *q, size_t min_chars)
{
    const char *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < q->n; i++) {
        const struct query_word *w = &q->words[i];
        size_t n = chars(w->text);
        if (w->negated || w->field != QUERY_ANY || strpbrk(w->text, " \t") || n < min_chars ||
            n <= best_len)
            continue;
        best = w->text;
        best_len = n;
    }
    return best;
}

/* ---- matching ------------------------------------------------------------- */

/* One record's texts, folded when first needed into q->buf: q->at[i]
 * is where column i's (the id's, at the column count) begins, or -1. */
struct cells {
    struct query *q;
    const void *record;
    const struct names *names;
    const struct column_set *set;
    size_t used;
};

/* Folds s onto the end of q->buf; returns where it starts, -1 if out
 * of memory. */
static long fold_append(struct cells *c, const char *s)
{
    size_t need = c->used + FOLD_SIZE(strlen(s));
    if (need > c->q->cap) {
        size_t cap = c->q->cap ? c->q->cap : 256;
        while (cap < need)
            cap *= 2;
        char *buf = realloc(c->q->buf, cap);
        if (!buf) {
            c->q->out_of_memory = true;
            return -1;
        }
        c->q->buf = buf;
        c->q->cap = cap;
    }
    long at = (long)c->used;
    c->used += fold_into(s, c->q->buf + at) + 1;
    return at;
}

/* Whether column i (the id at the column count) holds folded. */
static bool cell_has(struct cells *c, size_t i, const char *folded)
{
    if (c->q->at[i] < 0) {
        char scratch[COLUMN_SCRATCH];
        const char *text = i < c->set->n
                               ? columns_text(&c->set->cols[i], c->record,
                                              &(struct column_facts){.names = c->names}, scratch)
                               : columns_record_id(c->q->kind, c->record);
        c->q->at[i] = fold_append(c, text ? text : "");
        if (c->q->at[i] < 0)
            return false;
    }
    return strstr(c->q->buf + c->q->at[i], folded) != NULL;
}

/* Whether any of a contact's tags or lists (ids) is named with folded. */
static bool names_have(struct cells *c, const struct sendx_strv *ids, const char *folded)
{
    const struct names *names = c->names;
    size_t mark = c->used;
    for (size_t i = 0; i < ids->len; i++) {
        const char *name = names && ids->items[i] ? names_get(names, ids->items[i]) : NULL;
        long at = fold_append(c, name ? name : (ids->items[i] ? ids->items[i] : ""));
        c->used = mark; /* not kept: each name is looked at once */
        if (at >= 0 && strstr(c->q->buf + at, folded))
            return true;
    }
    return false;
}

static bool flags_have(const struct sendx_contact *ct, const char *folded)
{
    const struct {
        const char *name;
        bool set;
    } flags[] = {
        {"unsubscribed", ct->unsubscribed}, {"bounced", ct->bounced}, {"spam", ct->spam},
        {"blocked", ct->blocked},           {"dropped", ct->dropped},
    };
    size_t n = strlen(folded);
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (flags[i].set && strncmp(flags[i].name, folded, n) == 0)
            return true;
    return false;
}

static bool word_hits(struct cells *c, const struct query_word *w)
{
    const struct sendx_contact *ct = c->record;
    switch (w->field) {
    case QUERY_COLUMN:
        return cell_has(c, w->column, w->folded);
    case QUERY_TAG:
        return names_have(c, &ct->tags, w->folded);
    case QUERY_LIST:
        return names_have(c, &ct->lists, w->folded);
    case QUERY_FLAGS:
        return flags_have(ct, w->folded);
    case QUERY_ANY:
        break;
    }
    for (size_t i = 0; i <= c->set->n; i++)
        if (cell_has(c, i, w->folded))
            return true;
    return false;
}

bool query_matches(struct query *q, const void *record, const struct names *names)
{
    struct cells c = {.q = q, .record = record, .names = names, .set = columns_for(q->kind)};
    for (size_t i = 0; i <= c.set->n; i++)
        q->at[i] = -1;
    for (size_t i = 0; i < q->n; i++) {
        bool hit = word_hits(&c, &q->words[i]);
        if (q->out_of_memory || hit == q->words[i].negated)
            return false;
    }
    return true;
}
