/* Names of related records by id (lists, tags, custom fields, senders,
 * templates),
 * filled in the background so a detail view can show "Newsletter"
 * instead of "list_OcuxJHdiAvujmwQVJfd3ss". UI thread only. */
#ifndef SENDX_APP_NAMES_H
#define SENDX_APP_NAMES_H

#include <stddef.h>

struct names_entry {
    char *id;   /* owned; NULL: empty slot */
    char *name; /* owned */
};

struct names {
    struct names_entry *slots;
    size_t cap; /* a power of two, or 0 */
    size_t len;
};

/* Records id -> name (both copied), replacing an older name. Returns -1
 * if out of memory (the cache is unchanged). */
int names_put(struct names *n, const char *id, const char *name);

/* Records a custom field's name under both spellings of its id: the
 * custom-field endpoint answers with `custom_field_<22>` ids while
 * contacts key their values by `field_<22>` (the spec uses both), so
 * either finds the name. Other ids are recorded as they are. Returns -1
 * if out of memory. */
int names_put_field(struct names *n, const char *id, const char *name);

/* The name for id (borrowed until the next names_put/names_free), or NULL. */
const char *names_get(const struct names *n, const char *id);

void names_free(struct names *n);

#endif
