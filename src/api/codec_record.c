/* Records by their type's table: freeing, copying, setting members, and
 * the list of fields a record could not read. The JSON side of the codec
 * is codec.c; both are declared in codec.h. */
#include <stdlib.h>
#include <string.h>

#include "api/codec_internal.h"

int codec_alloc_items(struct pack *pack, void **items, size_t n, size_t size)
{
    *items = NULL;
    if (n == 0)
        return 0;
    *items = pack ? pack_alloc(pack, n * size) : calloc(n, size);
    return *items ? 0 : -1;
}

char *codec_dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

char *codec_text(struct pack *pack, const char *s)
{
    return pack ? pack_text(pack, s, strlen(s)) : codec_dup_string(s);
}

void codec_release(const struct model_type *t, void *record, struct pack *pack)
{
    if (pack)
        memset(record, 0, t->size);
    else
        codec_free(t, record);
}

void codec_strv_free(struct sendx_strv *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    free(v->items);
    memset(v, 0, sizeof *v);
}

void codec_map_free(struct sendx_map *m)
{
    for (size_t i = 0; i < m->len; i++) {
        free(m->items[i].key);
        free(m->items[i].value);
    }
    free(m->items);
    memset(m, 0, sizeof *m);
}

static struct codec_unreadable **codec_unreadable_slot(void *record)
{
    return (struct codec_unreadable **)((char *)record +
                                        offsetof(struct codec_record_head, unreadable));
}

static const struct codec_unreadable *codec_unreadable_of(const void *record)
{
    return *(struct codec_unreadable *const *)((const char *)record +
                                               offsetof(struct codec_record_head, unreadable));
}

/* The list u grown by one item: in place on the heap, or a new copy in
 * a pack (the old one stays there, unused). NULL if out of memory. */
static struct codec_unreadable *unreadable_grow(struct codec_unreadable *u, size_t len,
                                                struct pack *pack)
{
    size_t size = sizeof *u + (len + 1) * sizeof u->items[0];
    if (!pack)
        return realloc(u, size);
    struct codec_unreadable *grown = pack_alloc(pack, size);
    if (grown && u)
        memcpy(grown, u, sizeof *u + len * sizeof u->items[0]);
    return grown;
}

int codec_unreadable_put(void *record, unsigned member, char *raw, struct pack *pack)
{
    struct codec_unreadable **slot = codec_unreadable_slot(record);
    struct codec_unreadable *u = *slot;
    for (size_t i = 0; u && i < u->len; i++) {
        if (u->items[i].member == member) {
            if (!pack)
                free(u->items[i].raw);
            u->items[i].raw = raw;
            return 0;
        }
    }
    size_t len = u ? u->len : 0;
    struct codec_unreadable *grown = unreadable_grow(u, len, pack);
    if (!grown) {
        if (!pack)
            free(raw);
        return -1;
    }
    grown->items[len] = (struct unreadable_field){member, raw};
    grown->len = len + 1;
    *slot = grown;
    return 0;
}

static void codec_unreadable_free(void *record)
{
    struct codec_unreadable **slot = codec_unreadable_slot(record);
    for (size_t i = 0; *slot && i < (*slot)->len; i++)
        free((*slot)->items[i].raw);
    free(*slot);
    *slot = NULL;
}

/* Drops member from the unreadable fields: the caller has set it. */
static void codec_unreadable_forget(void *record, unsigned member)
{
    struct codec_unreadable **slot = codec_unreadable_slot(record);
    struct codec_unreadable *u = *slot;
    for (size_t i = 0; u && i < u->len; i++) {
        if (u->items[i].member != member)
            continue;
        free(u->items[i].raw);
        u->items[i] = u->items[--u->len];
        if (u->len == 0) {
            free(u);
            *slot = NULL;
        }
        return;
    }
}

static int codec_unreadable_copy(void *dst, const void *src, struct pack *pack)
{
    const struct codec_unreadable *u = codec_unreadable_of(src);
    for (size_t i = 0; u && i < u->len; i++) {
        char *raw = codec_text(pack, u->items[i].raw);
        if (!raw || codec_unreadable_put(dst, u->items[i].member, raw, pack) < 0)
            return -1;
    }
    return 0;
}

static void free_member(const struct model_member *m, void *p)
{
    switch (m->type) {
    case CODEC_STRING:
        free(*(char **)p);
        break;
    case CODEC_STRINGS:
        codec_strv_free(p);
        break;
    case CODEC_MAP:
        codec_map_free(p);
        break;
    case CODEC_OBJECTS:
        codec_objects_free(m->sub, p);
        break;
    case CODEC_INT:
    case CODEC_BOOL:
        break;
    }
}

void codec_free(const struct model_type *t, void *record)
{
    if (!record)
        return;
    for (unsigned i = 0; i < t->n_members; i++)
        free_member(&t->members[i], codec_member_ptr(t, record, i));
    codec_unreadable_free(record);
    memset(record, 0, t->size);
}

void codec_objects_free(const struct model_type *t, struct sendx_objects *objs)
{
    if (!objs)
        return;
    for (size_t i = 0; i < objs->len; i++)
        codec_free(t, (char *)objs->items + i * t->size);
    free(objs->items);
    memset(objs, 0, sizeof *objs);
}

static int copy_strv(struct sendx_strv *dst, const struct sendx_strv *src, struct pack *pack)
{
    if (codec_alloc_items(pack, (void **)&dst->items, src->len, sizeof *dst->items) < 0)
        return -1;
    for (; dst->len < src->len; dst->len++) {
        dst->items[dst->len] = codec_text(pack, src->items[dst->len]);
        if (!dst->items[dst->len])
            return -1;
    }
    return 0;
}

static int copy_map(struct sendx_map *dst, const struct sendx_map *src, struct pack *pack)
{
    if (codec_alloc_items(pack, (void **)&dst->items, src->len, sizeof *dst->items) < 0)
        return -1;
    for (; dst->len < src->len; dst->len++) {
        struct sendx_map_entry *e = &dst->items[dst->len];
        e->key = codec_text(pack, src->items[dst->len].key);
        e->value = codec_text(pack, src->items[dst->len].value);
        if (!e->key || !e->value) {
            if (!pack) {
                free(e->key);
                free(e->value);
            }
            return -1;
        }
    }
    return 0;
}

static int copy_objects(const struct model_type *t, struct sendx_objects *dst,
                        const struct sendx_objects *src, struct pack *pack)
{
    if (codec_alloc_items(pack, &dst->items, src->len, t->size) < 0)
        return -1;
    for (; dst->len < src->len; dst->len++) {
        size_t at = dst->len * t->size;
        if (codec_copy_in(t, (char *)dst->items + at, (const char *)src->items + at, pack) < 0)
            return -1;
    }
    return 0;
}

/* Copies one member into a zeroed dst member; on failure what was copied
 * so far stays reachable from dst, so freeing the record frees it. */
static int copy_member(const struct model_member *m, void *dst, const void *src, struct pack *pack)
{
    switch (m->type) {
    case CODEC_STRING: {
        const char *s = *(char *const *)src;
        *(char **)dst = s ? codec_text(pack, s) : NULL;
        return s && !*(char **)dst ? -1 : 0;
    }
    case CODEC_INT:
        *(int64_t *)dst = *(const int64_t *)src;
        return 0;
    case CODEC_BOOL:
        *(bool *)dst = *(const bool *)src;
        return 0;
    case CODEC_STRINGS:
        return copy_strv(dst, src, pack);
    case CODEC_MAP:
        return copy_map(dst, src, pack);
    case CODEC_OBJECTS:
        return copy_objects(m->sub, dst, src, pack);
    }
    return -1;
}

int codec_copy_in(const struct model_type *t, void *dst, const void *src, struct pack *pack)
{
    memset(dst, 0, t->size);
    *codec_set_mask(dst) = *(const uint64_t *)src;
    int rc = 0;
    for (unsigned i = 0; rc == 0 && i < t->n_members; i++)
        rc = copy_member(&t->members[i], codec_member_ptr(t, dst, i), codec_member_cptr(t, src, i),
                         pack);
    if (rc == 0)
        rc = codec_unreadable_copy(dst, src, pack);
    if (rc != 0)
        codec_release(t, dst, pack);
    return rc;
}

int codec_copy(const struct model_type *t, void *dst, const void *src)
{
    return codec_copy_in(t, dst, src, NULL);
}

uint64_t *codec_set_mask(void *record)
{
    return record;
}

bool codec_is_set(const void *record, unsigned member)
{
    return member < 64 && (*(const uint64_t *)record & codec_bit(member));
}

size_t codec_unreadable_count(const void *record)
{
    const struct codec_unreadable *u = codec_unreadable_of(record);
    return u ? u->len : 0;
}

const char *codec_unreadable_raw(const void *record, unsigned member)
{
    const struct codec_unreadable *u = codec_unreadable_of(record);
    for (size_t i = 0; u && i < u->len; i++)
        if (u->items[i].member == member)
            return u->items[i].raw;
    return NULL;
}

int codec_set_string(const struct model_type *t, void *record, unsigned member, const char *value)
{
    if (!codec_has_member(t, member, CODEC_STRING))
        return -1;
    char *copy = value ? codec_dup_string(value) : NULL;
    if (value && !copy)
        return -1;
    char **p = codec_member_ptr(t, record, member);
    free(*p);
    *p = copy;
    codec_unreadable_forget(record, member);
    if (copy)
        *codec_set_mask(record) |= codec_bit(member);
    else
        *codec_set_mask(record) &= ~codec_bit(member);
    return 0;
}

void codec_set_int(const struct model_type *t, void *record, unsigned member, int64_t value)
{
    if (!codec_has_member(t, member, CODEC_INT))
        return;
    *(int64_t *)codec_member_ptr(t, record, member) = value;
    *codec_set_mask(record) |= codec_bit(member);
    codec_unreadable_forget(record, member);
}

void codec_set_bool(const struct model_type *t, void *record, unsigned member, bool value)
{
    if (!codec_has_member(t, member, CODEC_BOOL))
        return;
    *(bool *)codec_member_ptr(t, record, member) = value;
    *codec_set_mask(record) |= codec_bit(member);
    codec_unreadable_forget(record, member);
}

int codec_set_strings(const struct model_type *t, void *record, unsigned member,
                      const char *const *values, size_t n)
{
    if (!codec_has_member(t, member, CODEC_STRINGS))
        return -1;
    struct sendx_strv src = {(char **)values, n};
    struct sendx_strv copy = {0};
    if (copy_strv(&copy, &src, NULL) < 0) {
        codec_strv_free(&copy);
        return -1;
    }
    struct sendx_strv *p = codec_member_ptr(t, record, member);
    codec_strv_free(p);
    *p = copy;
    *codec_set_mask(record) |= codec_bit(member);
    codec_unreadable_forget(record, member);
    return 0;
}

int codec_set_objects(const struct model_type *t, void *record, unsigned member, const void *items,
                      size_t n)
{
    if (!codec_has_member(t, member, CODEC_OBJECTS))
        return -1;
    const struct model_type *sub = t->members[member].sub;
    struct sendx_objects src = {(void *)items, n};
    struct sendx_objects copy = {0};
    if (copy_objects(sub, &copy, &src, NULL) < 0) {
        codec_objects_free(sub, &copy);
        return -1;
    }
    struct sendx_objects *p = codec_member_ptr(t, record, member);
    codec_objects_free(sub, p);
    *p = copy;
    *codec_set_mask(record) |= codec_bit(member);
    codec_unreadable_forget(record, member);
    return 0;
}

static struct sendx_map_entry *map_find(struct sendx_map *m, const char *key)
{
    for (size_t i = 0; i < m->len; i++)
        if (strcmp(m->items[i].key, key) == 0)
            return &m->items[i];
    return NULL;
}

/* Appends a new key; the caller has checked it is absent. */
static int map_append(struct sendx_map *m, const char *key, char *value)
{
    char *k = codec_dup_string(key);
    struct sendx_map_entry *items = k ? realloc(m->items, (m->len + 1) * sizeof *items) : NULL;
    if (!items) {
        free(k);
        return -1;
    }
    m->items = items;
    m->items[m->len++] = (struct sendx_map_entry){k, value};
    return 0;
}

int codec_map_put(const struct model_type *t, void *record, unsigned member, const char *key,
                  const char *value)
{
    if (!codec_has_member(t, member, CODEC_MAP) || !key || !value)
        return -1;
    char *v = codec_dup_string(value);
    if (!v)
        return -1;
    struct sendx_map *m = codec_member_ptr(t, record, member);
    struct sendx_map_entry *e = map_find(m, key);
    if (e) {
        free(e->value);
        e->value = v;
    } else if (map_append(m, key, v) < 0) {
        free(v);
        return -1;
    }
    *codec_set_mask(record) |= codec_bit(member);
    codec_unreadable_forget(record, member);
    return 0;
}
