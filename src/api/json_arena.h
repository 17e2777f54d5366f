/* cJSON's allocations into an arena, per thread. A page of a thousand
 * records is parsed into some forty thousand small nodes and strings,
 * read once and thrown away: bump-allocated from a few large blocks and
 * dropped together, it costs a few mallocs rather than forty thousand
 * mallocs and frees (which showed as a third of a whole load's CPU).
 *
 * Between json_arena_begin and json_arena_end on a thread, every cJSON
 * allocation that thread makes comes from the arena and cJSON's frees of
 * them do nothing; elsewhere (other threads, outside the span) cJSON
 * uses malloc as usual. So inside the span nothing cJSON allocated may
 * outlive json_arena_end or be freed with free(): copy text out of a
 * cJSON print, and release it with cJSON_free. A tree parsed inside the
 * span needs no cJSON_Delete: json_arena_end frees it with the rest. */
#ifndef SENDX_API_JSON_ARENA_H
#define SENDX_API_JSON_ARENA_H

#include <stddef.h>

/* A block of the arena; the arena is a list of them. */
struct json_arena_block;

/* Blocks that spans gave back, for the next span of their owner (such as
 * a client, used by one thread at a time): a page parsed after a page
 * reuses memory already mapped and faulted in, where fresh blocks cost a
 * page fault every 4 KB. Zero-initialised; json_arena_spare_free. */
struct json_arena_spare {
    struct json_arena_block *blocks; /* owned */
    size_t bytes;
};

struct json_arena {
    struct json_arena_block *blocks; /* newest first; owned */
    struct json_arena *outer;        /* the span this one is inside, if any */
    struct json_arena_spare *spare;  /* where blocks come from and go back to, or NULL */
};

/* Routes cJSON's allocations through the arena hooks. Once per process,
 * before any thread uses cJSON (http_global_init does it). */
void json_arena_install(void);

/* Starts a span on this thread; spans nest. */
void json_arena_begin(struct json_arena *a);

/* The same, its blocks taken from spare and given back to it at the end
 * (two megabytes at most are kept; the rest are freed). */
void json_arena_begin_reusing(struct json_arena *a, struct json_arena_spare *spare);

/* Ends the span begun with a, freeing everything allocated in it. */
void json_arena_end(struct json_arena *a);

/* Frees the blocks spare holds; it is empty after. */
void json_arena_spare_free(struct json_arena_spare *spare);

#endif
