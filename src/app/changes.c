#include "app/changes.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "app/enums.h"
#include "app/names.h"
#include "app/text.h"

static const char none[] = "none";
static const struct sendx_strv no_items;
static const struct sendx_map no_entries;

/* The member holding each kind's last-change time, or -1. */
static const int updated_member[SENDX_KIND_COUNT] = {
    [SENDX_KIND_CONTACT] = SENDX_CONTACT_UPDATED,
    [SENDX_KIND_LIST] = SENDX_LIST_UPDATED,
    [SENDX_KIND_TAG] = SENDX_TAG_UPDATED,
    [SENDX_KIND_CAMPAIGN] = SENDX_CAMPAIGN_UPDATED,
    [SENDX_KIND_TEMPLATE] = SENDX_TEMPLATE_UPDATED,
    [SENDX_KIND_SENDER] = -1,
    [SENDX_KIND_FIELD] = -1,
    [SENDX_KIND_WEBHOOK] = -1,
    [SENDX_KIND_MEMBER] = SENDX_MEMBER_UPDATED,
};

static const void *member_at(const struct model_type *t, const void *record, unsigned member)
{
    return (const char *)record + t->members[member].offset;
}

static const char *text_or_empty(const char *s)
{
    return s ? s : "";
}

static const char *string_of(const struct model_type *t, const void *record, unsigned member)
{
    return codec_is_set(record, member)
               ? text_or_empty(*(char *const *)member_at(t, record, member))
               : "";
}

static const struct sendx_strv *strings_of(const struct model_type *t, const void *record,
                                           unsigned member)
{
    return codec_is_set(record, member) ? member_at(t, record, member) : &no_items;
}

static const struct sendx_map *map_of(const struct model_type *t, const void *record,
                                      unsigned member)
{
    return codec_is_set(record, member) ? member_at(t, record, member) : &no_entries;
}

static int compare_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The items of v sorted, duplicates dropped, in *sorted (the caller
 * frees it). Returns how many, or -1 if out of memory. */
static long sorted_set(const struct sendx_strv *v, const char ***sorted)
{
    *sorted = v->len ? malloc(v->len * sizeof **sorted) : NULL;
    if (v->len && !*sorted)
        return -1;
    for (size_t i = 0; i < v->len; i++)
        (*sorted)[i] = text_or_empty(v->items[i]);
    if (v->len)
        qsort(*sorted, v->len, sizeof **sorted, compare_text);
    size_t n = 0;
    for (size_t i = 0; i < v->len; i++)
        if (n == 0 || strcmp((*sorted)[n - 1], (*sorted)[i]) != 0)
            (*sorted)[n++] = (*sorted)[i];
    return (long)n;
}

/* 1 if a and b hold the same items in any order and number, 0 if not,
 * -1 if out of memory. Sorting keeps a long list from costing n². */
static int same_set(const struct sendx_strv *a, const struct sendx_strv *b)
{
    const char **sa = NULL, **sb = NULL;
    long na = sorted_set(a, &sa), nb = na < 0 ? -1 : sorted_set(b, &sb);
    int same = na < 0 || nb < 0 ? -1 : na == nb;
    for (long i = 0; same == 1 && i < na; i++)
        same = strcmp(sa[i], sb[i]) == 0;
    free(sa);
    free(sb);
    return same;
}

static const struct sendx_map_entry *map_find(const struct sendx_map *m, const char *key)
{
    for (size_t i = 0; i < m->len; i++)
        if (strcmp(m->items[i].key, key) == 0)
            return &m->items[i];
    return NULL;
}

/* A custom field's value; an absent key is "". */
static const char *map_value(const struct sendx_map *m, const char *key)
{
    const struct sendx_map_entry *e = map_find(m, key);
    return e ? text_or_empty(e->value) : "";
}

/* 1 if member holds the same value in a and b (changes.h says what the
 * same is), 0 if not, -1 if out of memory. Custom fields are compared
 * key by key by their callers. */
static int same_value(const struct model_type *t, unsigned member, const void *a, const void *b)
{
    const char *ra = codec_unreadable_raw(a, member), *rb = codec_unreadable_raw(b, member);
    if (ra || rb)
        return ra && rb && strcmp(ra, rb) == 0;
    bool sa = codec_is_set(a, member), sb = codec_is_set(b, member);
    const void *pa = member_at(t, a, member), *pb = member_at(t, b, member);
    switch (t->members[member].type) {
    case CODEC_STRING:
        return strcmp(string_of(t, a, member), string_of(t, b, member)) == 0;
    case CODEC_INT:
        return sa == sb && (!sa || *(const int64_t *)pa == *(const int64_t *)pb);
    case CODEC_BOOL:
        return sa == sb && (!sa || *(const bool *)pa == *(const bool *)pb);
    case CODEC_STRINGS:
        return same_set(strings_of(t, a, member), strings_of(t, b, member));
    case CODEC_MAP:
    case CODEC_OBJECTS:
        break;
    }
    return 0;
}

/* Only the custom fields whose value changed, and "" for a removed one. */
static int put_map_change(const struct model_type *t, unsigned member, const void *original,
                          const void *edited, void *change)
{
    const struct sendx_map *a = map_of(t, original, member), *b = map_of(t, edited, member);
    for (size_t i = 0; i < b->len; i++) {
        const char *key = b->items[i].key, *value = text_or_empty(b->items[i].value);
        if (strcmp(map_value(a, key), value) != 0 &&
            codec_map_put(t, change, member, key, value) < 0)
            return -1;
    }
    for (size_t i = 0; i < a->len; i++) {
        const char *key = a->items[i].key;
        if (!map_find(b, key) && *text_or_empty(a->items[i].value) &&
            codec_map_put(t, change, member, key, "") < 0)
            return -1;
    }
    return 0;
}

static int put_value(const struct model_type *t, unsigned member, const void *edited, void *change)
{
    const void *p = member_at(t, edited, member);
    switch (t->members[member].type) {
    case CODEC_STRING:
        return codec_set_string(t, change, member, string_of(t, edited, member));
    case CODEC_INT:
        codec_set_int(t, change, member, *(const int64_t *)p);
        return 0;
    case CODEC_BOOL:
        codec_set_bool(t, change, member, *(const bool *)p);
        return 0;
    case CODEC_STRINGS: {
        const struct sendx_strv *v = strings_of(t, edited, member);
        return codec_set_strings(t, change, member, (const char *const *)v->items, v->len);
    }
    case CODEC_MAP:
    case CODEC_OBJECTS:
        break;
    }
    return -1;
}

static int put_change(const struct model_type *t, unsigned member, const void *original,
                      const void *edited, void *change)
{
    enum codec_type type = t->members[member].type;
    if ((type == CODEC_INT || type == CODEC_BOOL) && !codec_is_set(edited, member))
        return 0;
    if (type == CODEC_MAP)
        return codec_unreadable_raw(edited, member)
                   ? 0
                   : put_map_change(t, member, original, edited, change);
    int same = same_value(t, member, original, edited);
    if (same != 0)
        return same < 0 ? -1 : 0;
    return put_value(t, member, edited, change);
}

int changes_between(enum sendx_kind kind, const void *original, const void *edited, void *change,
                    struct api_error *err)
{
    const struct model_resource *r = model_resource(kind);
    memset(change, 0, r->type->size);
    if (!r->write) {
        api_error_set(err, API_ERR_INVALID, 0, "%s cannot be changed", r->plural);
        return -1;
    }
    for (size_t i = 0; i < r->write->n_fields; i++) {
        if (put_change(r->type, r->write->fields[i].member, original, edited, change) < 0) {
            codec_free(r->type, change);
            api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
            return -1;
        }
    }
    return 0;
}

bool changes_empty(const void *change)
{
    return ((const struct codec_record_head *)change)->set == 0;
}

/* ---- conflicts ---- */

static char *joined(const char *a, const char *b)
{
    size_t size = strlen(a) + strlen(b) + 1;
    char *s = malloc(size);
    if (s)
        snprintf(s, size, "%s%s", a, b);
    return s;
}

/* An id by its name where the caches know it. */
static const char *named(const struct names *names, const char *s)
{
    const char *name = names ? names_get(names, s) : NULL;
    return name && *name ? name : s;
}

static char *list_text(const struct sendx_strv *v, const struct names *names)
{
    if (v->len == 0)
        return strdup(none);
    size_t size = 1;
    for (size_t i = 0; i < v->len; i++)
        size += strlen(named(names, text_or_empty(v->items[i]))) + 2;
    char *s = malloc(size);
    size_t used = 0;
    for (size_t i = 0; s && i < v->len; i++)
        used += (size_t)snprintf(s + used, size - used, "%s%s", i ? ", " : "",
                                 named(names, text_or_empty(v->items[i])));
    return s;
}

/* A member's value for people: "none" when it has none, enum codes by
 * their meaning, ids by name; a heap string, or NULL if out of memory. */
static char *value_text(enum sendx_kind kind, unsigned member, const void *record,
                        const struct names *names)
{
    const struct model_type *t = model_resource(kind)->type;
    const char *raw = codec_unreadable_raw(record, member);
    if (raw)
        return joined("unreadable: ", raw);
    if (!codec_is_set(record, member))
        return strdup(none);
    const void *p = member_at(t, record, member);
    char buf[32];
    switch (t->members[member].type) {
    case CODEC_STRING: {
        const char *s = string_of(t, record, member);
        return strdup(*s ? named(names, s) : none);
    }
    case CODEC_INT: {
        const char *meaning = enums_meaning(kind, member, *(const int64_t *)p);
        return strdup(meaning ? meaning : text_thousands(*(const int64_t *)p, buf));
    }
    case CODEC_BOOL:
        return strdup(*(const bool *)p ? "yes" : "no");
    case CODEC_STRINGS:
        return list_text(p, names);
    case CODEC_MAP:
    case CODEC_OBJECTS:
        break;
    }
    return strdup(none);
}

/* Takes theirs and ours (freed on failure, NULL meaning out of memory). */
static int add_conflict(struct changes_conflicts *out, unsigned member, const char *label,
                        const char *key, char *theirs, char *ours)
{
    char *k = key ? strdup(key) : NULL;
    struct changes_conflict *items =
        theirs && ours && (k || !key) ? realloc(out->items, (out->len + 1) * sizeof *items) : NULL;
    if (!items) {
        free(k);
        free(theirs);
        free(ours);
        return -1;
    }
    out->items = items;
    out->items[out->len++] = (struct changes_conflict){member, label, k, theirs, ours};
    return 0;
}

static char *value_or_none(const char *s)
{
    return strdup(*s ? s : none);
}

static int map_conflicts(const struct model_type *t, unsigned member, const void *original,
                         const void *server_now, const void *change, struct changes_conflicts *out)
{
    const struct sendx_map *a = map_of(t, original, member), *s = map_of(t, server_now, member);
    const struct sendx_map *ours = map_of(t, change, member);
    for (size_t i = 0; i < ours->len; i++) {
        const char *key = ours->items[i].key, *theirs = map_value(s, key);
        const char *mine = text_or_empty(ours->items[i].value);
        if (strcmp(map_value(a, key), theirs) != 0 && strcmp(theirs, mine) != 0 &&
            add_conflict(out, member, t->members[member].label, key, value_or_none(theirs),
                         value_or_none(mine)) < 0)
            return -1;
    }
    return 0;
}

static int member_conflict(enum sendx_kind kind, unsigned member, const void *original,
                           const void *server_now, const void *change, const struct names *names,
                           struct changes_conflicts *out)
{
    const struct model_type *t = model_resource(kind)->type;
    if (t->members[member].type == CODEC_MAP)
        return map_conflicts(t, member, original, server_now, change, out);
    int same = same_value(t, member, original, server_now);
    if (same == 0)
        same = same_value(t, member, server_now, change);
    if (same != 0)
        return same < 0 ? -1 : 0;
    return add_conflict(out, member, t->members[member].label, NULL,
                        value_text(kind, member, server_now, names),
                        value_text(kind, member, change, names));
}

static int updated_conflict(enum sendx_kind kind, const void *original, const void *server_now,
                            struct changes_conflicts *out)
{
    int m = updated_member[kind];
    const struct model_type *t = model_resource(kind)->type;
    if (m < 0 || same_value(t, (unsigned)m, original, server_now))
        return 0;
    out->updated_moved = true;
    return add_conflict(out, (unsigned)m, t->members[m].label, NULL,
                        value_text(kind, (unsigned)m, server_now, NULL),
                        value_text(kind, (unsigned)m, original, NULL));
}

int changes_conflicts(enum sendx_kind kind, const void *original, const void *server_now,
                      const void *change, const struct names *names, struct changes_conflicts *out,
                      struct api_error *err)
{
    memset(out, 0, sizeof *out);
    const struct model_type *t = model_resource(kind)->type;
    int rc = updated_conflict(kind, original, server_now, out);
    for (unsigned m = 0; rc == 0 && m < t->n_members; m++)
        if (codec_is_set(change, m))
            rc = member_conflict(kind, m, original, server_now, change, names, out);
    if (rc < 0) {
        changes_conflicts_free(out);
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
    }
    return rc;
}

void changes_conflicts_free(struct changes_conflicts *c)
{
    for (size_t i = 0; i < c->len; i++) {
        free(c->items[i].key);
        free(c->items[i].theirs);
        free(c->items[i].ours);
    }
    free(c->items);
    memset(c, 0, sizeof *c);
}

static void map_remove_at(struct sendx_map *m, size_t i)
{
    free(m->items[i].key);
    free(m->items[i].value);
    memmove(&m->items[i], &m->items[i + 1], (m->len - i - 1) * sizeof *m->items);
    m->len--;
}

static void clear_bit(void *record, unsigned member)
{
    *codec_set_mask(record) &= ~((uint64_t)1 << member);
}

/* A map left empty is not sent. */
static void drop_key(const struct model_type *t, void *change, unsigned member, const char *key)
{
    struct sendx_map *m = (struct sendx_map *)((char *)change + t->members[member].offset);
    for (size_t i = m->len; i-- > 0;)
        if (strcmp(m->items[i].key, key) == 0)
            map_remove_at(m, i);
    if (m->len == 0)
        clear_bit(change, member);
}

/* A member's value stays in the record, unsent, until codec_free. */
void changes_take_theirs(enum sendx_kind kind, void *change, const struct changes_conflict *c)
{
    if (c->key)
        drop_key(model_resource(kind)->type, change, c->member, c->key);
    else
        clear_bit(change, c->member);
}

enum changes_next changes_decide(enum sendx_kind kind, enum changes_choice choice,
                                 const struct changes_conflicts *conflicts, void *change)
{
    switch (choice) {
    case CHANGES_BACK:
        return CHANGES_FORM;
    case CHANGES_TAKE_THEIRS:
        for (size_t i = 0; i < conflicts->len; i++)
            changes_take_theirs(kind, change, &conflicts->items[i]);
        break;
    case CHANGES_OVERWRITE:
        break;
    }
    return changes_empty(change) ? CHANGES_NOTHING : CHANGES_SEND;
}
