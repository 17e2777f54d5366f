/* A hash index from a record's string key to the record, for the mock's
 * store: open addressing with linear probing and backward-shift removal,
 * so lookups stay O(1) at a million records and nothing is tombstoned.
 *
 * The index owns only its slot array. Records and their key strings are
 * owned by the caller, who must remove a record before changing its key
 * or freeing it. Not thread-safe: the store locks around it. */
#ifndef SENDX_MOCK_INDEX_H
#define SENDX_MOCK_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct index_slot {
    uint64_t hash;
    void *rec; /* NULL: empty */
};

struct index {
    struct index_slot *slots;
    size_t cap; /* a power of two, or 0 before the first insert */
    size_t len;
    size_t key_offset; /* where the record keeps its `char *` key */
    bool fold_case;    /* ASCII case-insensitive keys (emails) */
};

void index_init(struct index *ix, size_t key_offset, bool fold_case);
void index_free(struct index *ix);

/* The record whose key equals key, or NULL. Borrowed. */
void *index_find(const struct index *ix, const char *key);

/* Adds rec, whose key must be non-NULL and not already present.
 * Returns -1 if out of memory (the index is unchanged). */
int index_put(struct index *ix, void *rec);

/* Removes exactly this record (found by its current key); no-op if absent. */
void index_remove(struct index *ix, const void *rec);

#endif
