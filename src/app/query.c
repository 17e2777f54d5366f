#include "app/query.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wctype.h>

#include "app/columns.h"
#include "app/text.h"

/* ---- folding -------------------------------------------------------------- */

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

/* A byte that is not UTF-8 is copied as it is. */
size_t query_fold_into(const char *s, char *out)
{
    size_t o = 0;
    while (*s) {
        /* ASCII, most text, without decoding: every row loaded is folded. */
        if ((unsigned char)*s < 0x80) {
            out[o++] = (char)(*s >= 'A' && *s <= 'Z' ? *s + ('a' - 'A') : *s);
            s++;
            continue;
        }
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
    char *out = malloc(QUERY_FOLD_SIZE(strlen(s)));
    if (out)
        query_fold_into(s, out);
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

/* On contacts, prefixes beside the column titles: tag: and list: are
 * the TAGS and LISTS columns; flags: matches flags by name. */
static const struct {
    const char *prefix;
    const char *title; /* NULL: QUERY_FLAGS */
} contact_prefixes[] = {
    {"tag", "TAGS"},    {"tags", "TAGS"}, {"list", "LISTS"},
    {"lists", "LISTS"}, {"flag", NULL},   {"flags", NULL},
};

static enum query_field column_titled(const char *title, enum sendx_kind kind, size_t *column)
{
    const struct column_set *set = columns_for(kind);
    for (size_t i = 0; i < set->n; i++) {
        if (strcasecmp(title, set->cols[i].title) == 0) {
            *column = i;
            return QUERY_COLUMN;
        }
    }
    return QUERY_ANY;
}

/* What a prefix names for kind: a column (its index in *column) or a
 * contact's flags. QUERY_ANY when it names nothing. */
static enum query_field prefix_field(const char *prefix, enum sendx_kind kind, size_t *column)
{
    size_t n_pseudo =
        kind == SENDX_KIND_CONTACT ? sizeof contact_prefixes / sizeof *contact_prefixes : 0;
    for (size_t i = 0; i < n_pseudo; i++) {
        if (strcasecmp(prefix, contact_prefixes[i].prefix) != 0)
            continue;
        return contact_prefixes[i].title ? column_titled(contact_prefixes[i].title, kind, column)
                                         : QUERY_FLAGS;
    }
    return column_titled(prefix, kind, column);
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
    if (!w->folded)
        return -1;
    w->len = strlen(w->folded);
    return 0;
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

/* ---- one record ------------------------------------------------------------ */

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
    size_t need = c->used + QUERY_FOLD_SIZE(strlen(s));
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
    c->used += query_fold_into(s, c->q->buf + at) + 1;
    return at;
}

/* Whether any of the related records ids is shown with folded. */
static bool names_have(struct cells *c, const struct sendx_strv *ids, const char *folded)
{
    size_t mark = c->used;
    for (size_t i = 0; i < ids->len; i++) {
        long at = fold_append(c, columns_related_name(c->names, ids->items[i]));
        c->used = mark; /* not kept: each name is looked at once */
        if (at >= 0 && strstr(c->q->buf + at, folded))
            return true;
    }
    return false;
}

/* Whether column i (the id at the column count) holds folded. */
static bool cell_has(struct cells *c, size_t i, const char *folded)
{
    const struct column *col = i < c->set->n ? &c->set->cols[i] : NULL;
    if (c->q->at[i] < 0) {
        char scratch[COLUMN_SCRATCH];
        const char *text = col ? columns_search_text(col, c->record, scratch)
                               : columns_record_id(c->q->kind, c->record);
        c->q->at[i] = fold_append(c, text ? text : "");
        if (c->q->at[i] < 0)
            return false;
    }
    if (strstr(c->q->buf + c->q->at[i], folded))
        return true;
    const struct sendx_strv *ids = col && col->ids ? col->ids(c->record) : NULL;
    return ids && names_have(c, ids, folded);
}

bool query_flags_match(const struct query_word *w, const void *contact)
{
    const struct sendx_contact *ct = contact;
    const struct {
        const char *name;
        bool set;
    } flags[] = {
        {"unsubscribed", ct->unsubscribed}, {"bounced", ct->bounced}, {"spam", ct->spam},
        {"blocked", ct->blocked},           {"dropped", ct->dropped},
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (flags[i].set && strncmp(flags[i].name, w->folded, w->len) == 0)
            return true;
    return false;
}

static bool word_hits(struct cells *c, const struct query_word *w)
{
    switch (w->field) {
    case QUERY_COLUMN:
        return cell_has(c, w->column, w->folded);
    case QUERY_FLAGS:
        return query_flags_match(w, c->record);
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

/* ---- one query beside another ------------------------------------------------ */

/* Whether n's matches are among w's: both look in one place, and what n
 * looks for holds what w does (begins with it, for flags, which match
 * by the start of their names); reversed for negated words, whose
 * matches are the records the text is not found in. */
static bool word_implies(const struct query_word *n, const struct query_word *w)
{
    if (n->field != w->field || n->negated != w->negated ||
        (n->field == QUERY_COLUMN && n->column != w->column))
        return false;
    const struct query_word *longer = n->negated ? w : n, *shorter = n->negated ? n : w;
    if (n->field == QUERY_FLAGS)
        return strncmp(longer->folded, shorter->folded, shorter->len) == 0;
    return strstr(longer->folded, shorter->folded) != NULL;
}

bool query_implies(const struct query *by, const struct query_word *w)
{
    for (size_t k = 0; k < by->n; k++)
        if (word_implies(&by->words[k], w))
            return true;
    return false;
}

bool query_narrows(const struct query *wider, const struct query *narrower)
{
    for (size_t i = 0; i < wider->n; i++)
        if (!query_implies(narrower, &wider->words[i]))
            return false;
    return true;
}
