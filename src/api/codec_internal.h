/* Shared by the codec's two halves: codec.c (JSON in and out, by
 * schema) and codec_record.c (records by table: freeing, copying,
 * setting members, and the fields a record could not read). Not for use
 * outside them; everyone else has codec.h. */
#ifndef SENDX_CODEC_INTERNAL_H
#define SENDX_CODEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/codec.h"
#include "api/model.h"
#include "api/pack.h"

/* The fields a record could not read: few, and usually none at all (the
 * record then holds NULL), so a plain array searched in order. */
struct codec_unreadable {
    size_t len;
    struct unreadable_field {
        unsigned member;
        char *raw; /* owned, capped JSON text */
    } items[];
};

static inline void *codec_member_ptr(const struct model_type *t, void *record, unsigned member)
{
    return (char *)record + t->members[member].offset;
}

static inline const void *codec_member_cptr(const struct model_type *t, const void *record,
                                            unsigned member)
{
    return (const char *)record + t->members[member].offset;
}

static inline uint64_t codec_bit(unsigned member)
{
    return (uint64_t)1 << member;
}

static inline bool codec_has_member(const struct model_type *t, unsigned member,
                                    enum codec_type type)
{
    return member < t->n_members && t->members[member].type == type;
}

/* Zeroed room for n elements, from pack or (pack NULL) the heap, that
 * tolerates n == 0 without a NULL "failure": *items is NULL then.
 * Returns -1 if out of memory. */
int codec_alloc_items(struct pack *pack, void **items, size_t n, size_t size);
/* A heap copy of s, or NULL if out of memory. */
char *codec_dup_string(const char *s);
/* A copy of s in pack (shared with the same text there), or on the heap
 * when pack is NULL; NULL if out of memory. */
char *codec_text(struct pack *pack, const char *s);
/* Lets go of a record that failed halfway: freed member by member when it
 * is the heap's, only cleared when its members are pack's. */
void codec_release(const struct model_type *t, void *record, struct pack *pack);
/* Free a member's owned contents and zero it. */
void codec_map_free(struct sendx_map *m);

/* Adds member to the record's unreadable fields with raw as its text
 * (taken, freed on failure; with pack, raw and the list are pack's); a
 * member already there gets the new text. Returns -1 if out of memory. */
int codec_unreadable_put(void *record, unsigned member, char *raw, struct pack *pack);

#endif
