#include "api/ids.h"

#include <stdlib.h>
#include <string.h>

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool ids_match_pattern(const char *id)
{
    if (!id)
        return false;
    size_t len = strlen(id);
    if (len < IDS_TAIL_LEN)
        return false;
    const char *tail = id + len - IDS_TAIL_LEN;
    for (const char *c = tail; *c; c++)
        if (!is_alnum(*c))
            return false;
    if (tail == id)
        return true;
    if (tail[-1] != '_')
        return false;
    for (const char *c = id; c < tail; c++)
        if (!((*c >= 'a' && *c <= 'z') || *c == '_'))
            return false;
    return true;
}

bool ids_match_prefixed(const char *id)
{
    return ids_match_pattern(id) && strlen(id) > IDS_TAIL_LEN;
}

bool ids_match_ref(const char *ref, const char *prefix, bool prefix_required)
{
    if (!ref)
        return false;
    size_t n = strlen(prefix);
    bool prefixed = strncmp(ref, prefix, n) == 0;
    if (!prefixed && prefix_required)
        return false;
    const char *tail = prefixed ? ref + n : ref;
    size_t len = 0;
    for (; tail[len]; len++)
        if (!is_alnum(tail[len]))
            return false;
    return len == IDS_TAIL_LEN;
}

/* FNV-1a, then a final mix so that ids differing only in their last
 * characters still spread over the whole table. Never 0: 0 marks an
 * empty slot. */
static uint64_t hash_id(const char *id)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *c = (const unsigned char *)id; *c; c++) {
        h ^= *c;
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1;
}

static size_t find_slot(const uint64_t *slots, size_t cap, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (slots[i] && slots[i] != h)
        i = (i + 1) & (cap - 1);
    return i;
}

static int grow_to(struct id_set *s, size_t cap)
{
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i])
            slots[find_slot(slots, cap, s->slots[i])] = s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return 0;
}

int id_set_reserve(struct id_set *s, size_t n)
{
    /* At most half full: probes stay short. */
    size_t cap = s->cap ? s->cap : 64;
    while (n * 2 > cap)
        cap *= 2;
    return cap == s->cap ? 0 : grow_to(s, cap);
}

int id_set_add(struct id_set *s, const char *id)
{
    if (!id || !*id)
        return 1;
    if (id_set_reserve(s, s->len + 1) != 0)
        return -1;
    uint64_t h = hash_id(id);
    size_t i = find_slot(s->slots, s->cap, h);
    if (s->slots[i])
        return 0;
    s->slots[i] = h;
    s->len++;
    return 1;
}

bool id_set_contains(const struct id_set *s, const char *id)
{
    if (!id || !*id || !s->cap)
        return false;
    uint64_t h = hash_id(id);
    return s->slots[find_slot(s->slots, s->cap, h)] == h;
}

void id_set_clear(struct id_set *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}

size_t ids_sorted_position(const void *items, size_t len, size_t stride, const char *id,
                           bool *found)
{
    size_t lo = 0, hi = len;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *at = *(char *const *)((const char *)items + mid * stride);
        int c = strcmp(at, id);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
