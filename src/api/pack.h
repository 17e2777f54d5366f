/* Many small allocations that live and die together, such as a page of
 * records with their text, carved from a few large blocks: no header or
 * rounding per allocation, and one free for them all. Short text that
 * repeats (the same list id in every contact of a page, a custom field's
 * name) is mostly stored once, while the pack keeps an index of the texts
 * packed last.
 *
 * A pack is used by one thread at a time; it may be handed to another
 * (a worker decodes a page into it, the UI thread keeps it). */
#ifndef SENDX_PACK_H
#define SENDX_PACK_H

#include <stdbool.h>
#include <stddef.h>

/* Text longer than this is not looked up before it is stored: long text
 * rarely repeats and would only fill the index. */
#define PACK_SHARE_MAX 64

struct pack;

/* An empty pack whose first block holds about first_block bytes (0: a
 * small default); NULL if out of memory. Free it with pack_free. */
struct pack *pack_new(size_t first_block);

/* size bytes aligned for any pointer, integer or double member, zeroed,
 * owned by the pack; NULL if out of memory. */
void *pack_alloc(struct pack *p, size_t size);

/* A NUL-terminated copy of the len bytes at s, owned by the pack; the
 * same text packed lately (while indexed) is shared, not copied again:
 * one that repeats often is, one seen long ago may be copied anew.
 * Never written through: it may be shared. NULL if out of memory. */
char *pack_text(struct pack *p, const char *s, size_t len);

/* Drops the index of texts (the texts stay): call once nothing more will
 * be packed that could repeat them, such as when a page is decoded. */
void pack_seal(struct pack *p);

/* Bytes the pack holds from the system, blocks and index. */
size_t pack_size(const struct pack *p);

/* Frees the pack and everything in it; NULL is ignored. */
void pack_free(struct pack *p);

#endif
