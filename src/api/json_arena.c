#include "api/json_arena.h"

#include <cjson/cJSON.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Big enough that a page of records takes a handful of blocks. */
#define BLOCK_BYTES (1024 * 1024)

struct json_arena_block {
    struct json_arena_block *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

static _Thread_local struct json_arena *current;

static struct json_arena_block *new_block(struct json_arena *a, size_t at_least)
{
    size_t size = at_least > BLOCK_BYTES ? at_least : BLOCK_BYTES;
    struct json_arena_block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    *b = (struct json_arena_block){a->blocks, 0, size};
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
    *a = (struct json_arena){NULL, current};
    current = a;
}

void json_arena_end(struct json_arena *a)
{
    current = a->outer;
    while (a->blocks) {
        struct json_arena_block *next = a->blocks->next;
        free(a->blocks);
        a->blocks = next;
    }
}
