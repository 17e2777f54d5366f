/* Demo data for the mock: people and companies in several scripts
 * (accented Latin, Greek, CJK, Arabic, Cyrillic, a little emoji), lists of
 * both types, tags, custom fields of every type, senders, templates with
 * HTML, campaigns in every status with reports, webhooks and team members.
 * The same seed gives the same data, ids included. */
#ifndef SENDX_MOCK_SEED_H
#define SENDX_MOCK_SEED_H

#include <stdint.h>

#include "api/api_error.h"

struct store;

/* Fills an empty store with `contacts` contacts (0 to 1,000,000) and the
 * rest. -1 with err if out of memory or contacts is out of range. */
int seed_store(struct store *s, uint64_t seed, long contacts, struct api_error *err);

#endif
