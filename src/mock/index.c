#include "mock/index.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Grow at 70% full: linear probing degrades quickly past that. */
#define INDEX_LOAD_NUM 7
#define INDEX_LOAD_DEN 10
#define INDEX_MIN_CAP  64

void index_init(struct index *ix, size_t key_offset, bool fold_case)
{
    memset(ix, 0, sizeof *ix);
    ix->key_offset = key_offset;
    ix->fold_case = fold_case;
}

void index_free(struct index *ix)
{
    free(ix->slots);
    ix->slots = NULL;
    ix->cap = ix->len = 0;
}

static const char *key_of(const struct index *ix, const void *rec)
{
    return *(char *const *)((const char *)rec + ix->key_offset);
}

/* FNV-1a, folding ASCII case when the index does. */
static uint64_t hash_key(const struct index *ix, const char *key)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        unsigned char c = *p;
        if (ix->fold_case && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 1099511628211ull;
    }
    return h;
}

static bool keys_equal(const struct index *ix, const char *a, const char *b)
{
    return ix->fold_case ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

void *index_find(const struct index *ix, const char *key)
{
    if (!ix->cap || !key)
        return NULL;
    uint64_t h = hash_key(ix, key);
    size_t mask = ix->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const struct index_slot *s = &ix->slots[i];
        if (!s->rec)
            return NULL;
        if (s->hash == h && keys_equal(ix, key_of(ix, s->rec), key))
            return s->rec;
    }
}

static void place(struct index_slot *slots, size_t cap, struct index_slot slot)
{
    size_t mask = cap - 1;
    size_t i = slot.hash & mask;
    while (slots[i].rec)
        i = (i + 1) & mask;
    slots[i] = slot;
}

static int grow(struct index *ix)
{
    size_t cap = ix->cap ? ix->cap * 2 : INDEX_MIN_CAP;
    struct index_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < ix->cap; i++)
        if (ix->slots[i].rec)
            place(slots, cap, ix->slots[i]);
    free(ix->slots);
    ix->slots = slots;
    ix->cap = cap;
    return 0;
}

int index_put(struct index *ix, void *rec)
{
    if ((ix->len + 1) * INDEX_LOAD_DEN > ix->cap * INDEX_LOAD_NUM && grow(ix) != 0)
        return -1;
    place(ix->slots, ix->cap, (struct index_slot){hash_key(ix, key_of(ix, rec)), rec});
    ix->len++;
    return 0;
}

/* Whether home lies cyclically in (empty, at]: then the entry at `at`
 * may not move into the emptied slot without becoming unreachable. */
static bool stays(size_t home, size_t empty, size_t at)
{
    return empty <= at ? (home > empty && home <= at) : (home > empty || home <= at);
}

void index_remove(struct index *ix, const void *rec)
{
    if (!ix->cap)
        return;
    size_t mask = ix->cap - 1;
    size_t i = hash_key(ix, key_of(ix, rec)) & mask;
    while (ix->slots[i].rec && ix->slots[i].rec != rec)
        i = (i + 1) & mask;
    if (!ix->slots[i].rec)
        return;
    size_t empty = i;
    for (size_t j = (i + 1) & mask; ix->slots[j].rec; j = (j + 1) & mask) {
        if (stays(ix->slots[j].hash & mask, empty, j))
            continue;
        ix->slots[empty] = ix->slots[j];
        empty = j;
    }
    ix->slots[empty] = (struct index_slot){0, NULL};
    ix->len--;
}
