#include "api/pack.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every member of a record is a pointer, an integer, a bool or a double. */
#define PACK_ALIGN alignof(void *)
_Static_assert(alignof(int64_t) <= PACK_ALIGN && alignof(double) <= PACK_ALIGN,
               "pack alignment too small for a record member");

#define PACK_FIRST_BLOCK 4096
/* Slots of the index of texts (a power of two). */
#define PACK_INDEX_SLOTS 4096
/* Blocks double up to this, so that a pack holding one record stays small
 * and one holding a thousand takes a handful of blocks. */
#define PACK_BLOCK_MAX (256 * 1024)

struct pack_block {
    struct pack_block *next;
    size_t size, used;
    alignas(PACK_ALIGN) unsigned char data[];
};

struct pack_entry {
    const char *text; /* NULL: a free slot */
    uint32_t hash;
    uint32_t len;
};

struct pack {
    struct pack_block *blocks; /* the newest first: allocations come from it */
    size_t next_size;
    size_t bytes;
    /* The texts packed last, one a slot by hash: a text that repeats
     * through a page (a list id, a field's name) stays in its slot, and
     * one seen once is soon put out by another. Small enough to stay in
     * the cache, so a lookup costs no trip to memory. */
    struct pack_entry *index; /* PACK_INDEX_SLOTS, or NULL */
};

struct pack *pack_new(size_t first_block)
{
    struct pack *p = calloc(1, sizeof *p);
    if (p)
        p->next_size = first_block ? first_block : PACK_FIRST_BLOCK;
    return p;
}

static struct pack_block *add_block(struct pack *p, size_t need)
{
    size_t size = p->next_size > need ? p->next_size : need;
    struct pack_block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->size = size;
    b->used = 0;
    b->next = p->blocks;
    p->blocks = b;
    p->bytes += sizeof *b + size;
    if (p->next_size < PACK_BLOCK_MAX)
        p->next_size *= 2;
    return b;
}

/* size bytes at the given alignment (1 or PACK_ALIGN), not zeroed. */
static void *carve(struct pack *p, size_t size, size_t align)
{
    struct pack_block *b = p->blocks;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < size) {
        b = add_block(p, size);
        if (!b)
            return NULL;
        at = 0;
    }
    b->used = at + size;
    return b->data + at;
}

void *pack_alloc(struct pack *p, size_t size)
{
    void *mem = carve(p, size ? size : 1, PACK_ALIGN);
    if (mem)
        memset(mem, 0, size);
    return mem;
}

/* Eight bytes at a time: the texts looked up are ids and names of some
 * thirty bytes, hashed for every one a page holds. */
static uint32_t text_hash(const char *s, size_t len)
{
    uint64_t h = len * UINT64_C(0x9E3779B97F4A7C15);
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    memcpy(&tail, s, len);
    h = (h ^ tail) * UINT64_C(0xC4CEB9FE1A85EC53);
    return (uint32_t)(h ^ (h >> 29));
}

static char *copy_text(struct pack *p, const char *s, size_t len)
{
    char *copy = carve(p, len + 1, 1);
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

char *pack_text(struct pack *p, const char *s, size_t len)
{
    if (len > PACK_SHARE_MAX)
        return copy_text(p, s, len);
    if (!p->index) {
        p->index = calloc(PACK_INDEX_SLOTS, sizeof *p->index);
        if (!p->index)
            return copy_text(p, s, len);
        p->bytes += PACK_INDEX_SLOTS * sizeof *p->index;
    }
    uint32_t hash = text_hash(s, len);
    struct pack_entry *e = &p->index[hash & (PACK_INDEX_SLOTS - 1)];
    if (e->text && e->hash == hash && e->len == len && memcmp(e->text, s, len) == 0)
        return (char *)e->text;
    char *copy = copy_text(p, s, len);
    if (copy)
        *e = (struct pack_entry){copy, hash, (uint32_t)len};
    return copy;
}

void pack_seal(struct pack *p)
{
    if (p->index)
        p->bytes -= PACK_INDEX_SLOTS * sizeof *p->index;
    free(p->index);
    p->index = NULL;
}

size_t pack_size(const struct pack *p)
{
    return p->bytes;
}

void pack_free(struct pack *p)
{
    if (!p)
        return;
    for (struct pack_block *b = p->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(p->index);
    free(p);
}
