/* Demo data for the mock: people and companies in several scripts
 * (accented Latin, Greek, CJK, Arabic, Cyrillic, a little emoji), lists of
 * both types, tags, custom fields of every type, senders, templates with
 * HTML, campaigns in every status with reports, webhooks and team members.
 * The same seed gives the same data, ids included. */
#ifndef SENDX_MOCK_SEED_H
#define SENDX_MOCK_SEED_H

#include <stdint.h>

#include "api/api_error.h"
#include "api/model.h"

struct store;

/* Fills an empty store with `contacts` contacts (0 to 1,000,000) and the
 * rest. -1 with err if out of memory or contacts is out of range. */
int seed_store(struct store *s, uint64_t seed, long contacts, struct api_error *err);

/* ---- shared with the hostile seed (hostile_seed.c) ---- */

/* The seed's generator: the same seed, the same records. */
struct seed_rng {
    uint64_t state;
};

/* A new id for rec of kind, set in it with a created and an updated time
 * drawn from r (members, or -1 for none). A heap string, or NULL if out
 * of memory. */
char *seed_ident(struct store *s, struct seed_rng *r, enum sendx_kind kind, void *rec, int created,
                 int updated);

/* Inserts rec (taken) under id (freed, or kept in *keep when keep is not
 * NULL); a NULL id is running out of memory. 0, or -1 with err. */
int seed_insert(struct store *s, enum sendx_kind kind, void *rec, char *id, char **keep,
                struct api_error *err);

#endif
