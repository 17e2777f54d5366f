#include "api/json_arena.h"

#include <cjson/cJSON.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Big enough that a page of records takes a handful of blocks. */
#define BLOCK_BYTES (1024 * 1024)
/* What a spare list keeps: most of a page of a thousand contacts' tree,
 * which is what saves the faults, for a few megabytes held per client. */
#define SPARE_BYTES (2 * BLOCK_BYTES)

struct json_arena_block {
    struct json_arena_block *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

static _Thread_local struct json_arena *current;

/* A spare block of at least at_least bytes, taken off the list; or NULL. */
static struct json_arena_block *spare_take(struct json_arena_spare *spare, size_t at_least)
{
    for (struct json_arena_block **at = spare ? &spare->blocks : NULL; at && *at;
         at = &(*at)->next) {
        struct json_arena_block *b = *at;
        if (b->size >= at_least) {
            *at = b->next;
            spare->bytes -= b->size;
            return b;
        }
    }
    return NULL;
}

static struct json_arena_block *new_block(struct json_arena *a, size_t at_least)
{
    size_t size = at_least > BLOCK_BYTES ? at_least : BLOCK_BYTES;
    struct json_arena_block *b = spare_take(a->spare, at_least);
    if (!b) {
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->size = size;
    }
    b->next = a->blocks;
    b->used = 0;
    a->blocks = b;
    return b;
}

static void *arena_malloc(size_t n)
{
    struct json_arena *a = current;
    if (!a)
        return malloc(n);
    size_t need = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
    struct json_arena_block *b = a->blocks;
    if (!b || b->size - b->used < need)
        b = new_block(a, need);
    if (!b)
        return NULL;
    void *p = b->data + b->used;
    b->used += need;
    return p;
}

static bool in_arena(const struct json_arena *a, const void *p)
{
    for (const struct json_arena_block *b = a->blocks; b; b = b->next)
        if ((const unsigned char *)p >= b->data && (const unsigned char *)p < b->data + b->size)
            return true;
    return false;
}

/* What the arena handed out goes with the arena; anything else (made
 * before the span began) is freed as usual. */
static void arena_free(void *p)
{
    for (const struct json_arena *a = current; a; a = a->outer)
        if (in_arena(a, p))
            return;
    free(p);
}

void json_arena_install(void)
{
    cJSON_Hooks hooks = {arena_malloc, arena_free};
    cJSON_InitHooks(&hooks);
}

void json_arena_begin(struct json_arena *a)
{
    json_arena_begin_reusing(a, NULL);
}

void json_arena_begin_reusing(struct json_arena *a, struct json_arena_spare *spare)
{
    *a = (struct json_arena){NULL, current, spare};
    current = a;
}

void json_arena_end(struct json_arena *a)
{
    current = a->outer;
    while (a->blocks) {
        struct json_arena_block *b = a->blocks;
        a->blocks = b->next;
        if (a->spare && a->spare->bytes + b->size <= SPARE_BYTES) {
            b->next = a->spare->blocks;
            a->spare->blocks = b;
            a->spare->bytes += b->size;
        } else {
            free(b);
        }
    }
}

void json_arena_spare_free(struct json_arena_spare *spare)
{
    while (spare->blocks) {
        struct json_arena_block *next = spare->blocks->next;
        free(spare->blocks);
        spare->blocks = next;
    }
    spare->bytes = 0;
}
