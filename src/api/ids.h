/* The API's record ids: the pattern they follow, and a set of ids seen.
 *
 * Ids are "<prefix>_<22 letters or digits>" (contact_..., list_...,
 * custom_field_...); the spec's path pattern also allows the bare 22
 * characters. Anything else that claims to be an id came from a server
 * that is broken or hostile, and must not be copied or pasted as one.
 *
 * An id set remembers which ids a pager has already received, so a
 * server that ignores `offset` (and so sends the same page forever) is
 * noticed after one page. It keeps a 64-bit hash of each id, not the
 * text: eight bytes an id whatever its length, so loading a million
 * contacts costs 16 MB, not the ids again. Two different ids sharing a
 * hash is astronomically unlikely (about 1 in 10^7 at two million ids)
 * and costs only that one record being taken for a repeat. */
#ifndef SENDX_API_IDS_H
#define SENDX_API_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The characters after an id's prefix. */
#define IDS_TAIL_LEN 22

/* Whether id follows the API's pattern: an optional lower-case prefix
 * ending in '_', then exactly IDS_TAIL_LEN ASCII letters or digits. */
bool ids_match_pattern(const char *id);

/* Whether id follows the pattern with its prefix spelled out, as the
 * spec's identifier path pattern wants (^[a-z_]+_[a-zA-Z0-9]{22}$). */
bool ids_match_prefixed(const char *id);

/* Whether ref is a reference to a record of one kind, as the spec's
 * ^(prefix)?[a-zA-Z0-9]{22}$ fields want ("list_" for a contact's lists);
 * with prefix_required the prefix must be there. */
bool ids_match_ref(const char *ref, const char *prefix, bool prefix_required);

struct id_set {
    uint64_t *slots; /* 0 marks an empty slot; owned */
    size_t cap;      /* a power of two, or 0 */
    size_t len;
};

/* Adds id. Returns 1 if it was new, 0 if already there, -1 if out of
 * memory (the set unchanged). NULL or "" counts as new and is not kept:
 * a record without an id cannot be a repeat. */
int id_set_add(struct id_set *s, const char *id);
/* Makes room for n ids in all, so that adding up to n cannot fail.
 * Returns -1 if out of memory (the set unchanged). */
int id_set_reserve(struct id_set *s, size_t n);
bool id_set_contains(const struct id_set *s, const char *id);
/* Forgets every id; the set stays usable. */
void id_set_clear(struct id_set *s);

/* Binary search for id in len records of `stride` bytes sorted by their
 * first member, a `char *` id: its index, or where it would go to keep
 * the order, with *found saying which. */
size_t ids_sorted_position(const void *items, size_t len, size_t stride, const char *id,
                           bool *found);

#endif
