/* The mock server's state: every resource kind in memory, behind one
 * read-write lock, with the SendX business rules (unique emails and
 * names, auto-created tags and custom fields, list removal cascading to
 * contacts, campaign reports).
 *
 * Records are the api/ model structs. Each kind keeps a dense array in
 * creation order (a page at any offset is O(1) to find) and an id hash
 * index; contacts also have a case-insensitive email index and a trigram
 * index for search (mock/search.h), so a page, a lookup or a search stays
 * fast at a million contacts. Deleting is O(n) in that kind's size (the
 * dense array closes the gap).
 *
 * Every function locks internally and is safe from any thread. Out
 * records are deep copies the caller owns (codec_free / codec_objects_free);
 * on failure they hold nothing. Failures return a store_status and put
 * words for the API's error message in err (the caller clears it). */
#ifndef SENDX_MOCK_STORE_H
#define SENDX_MOCK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "api/api_error.h"
#include "api/model.h"
#include "mock/outbox.h"

enum store_status {
    STORE_OK = 0,
    STORE_NOT_FOUND,     /* no record with that id (or email) */
    STORE_DUPLICATE,     /* the email or name is taken */
    STORE_BAD_REFERENCE, /* a referenced list or sender does not exist */
    STORE_NOMEM,
};

struct store;

/* seed drives the id generator, so a seeded run names records the same
 * way every time. NULL if out of memory. */
struct store *store_new(uint64_t seed);
void store_free(struct store *s);

/* A new "<prefix><22 alphanumerics>" id (heap string, caller frees), or NULL. */
char *store_new_id(struct store *s, const char *prefix);

struct store_query {
    long offset;
    long limit;
    const char *search;  /* NULL: no filter; else a substring, case folded as search_fold does */
    int campaign_status; /* campaigns only: -1 for all, else the status to keep */
};

/* The records of a page, copied into out (of model_resource(kind)->type),
 * in creation order, a search's matches too; offset counts matches. */
enum store_status store_list(struct store *s, enum sendx_kind kind, const struct store_query *q,
                             struct sendx_objects *out, struct api_error *err);
size_t store_count(struct store *s, enum sendx_kind kind);

enum store_status store_get(struct store *s, enum sendx_kind kind, const char *id, void *out,
                            struct api_error *err);

/* Creates a record from the fields set in in (a request body, already
 * validated); fills id, timestamps and defaults. out gets a copy. */
enum store_status store_create(struct store *s, enum sendx_kind kind, const void *in, void *out,
                               struct api_error *err);

/* Applies the fields set in patch to the record with that id. */
enum store_status store_update(struct store *s, enum sendx_kind kind, const char *id,
                               const void *patch, void *out, struct api_error *err);

/* Deletes the record; lists, tags and custom fields also leave every
 * contact (and campaign) that referred to them. */
enum store_status store_delete(struct store *s, enum sendx_kind kind, const char *id,
                               struct api_error *err);

enum store_status store_contact_unsubscribe(struct store *s, const char *id, struct api_error *err);
/* Creates the contact or updates the one with that email. */
enum store_status store_contact_identify(struct store *s, const struct sendx_identify *req,
                                         struct api_error *err);
enum store_status store_contact_track(struct store *s, const struct sendx_track *req,
                                      struct api_error *err);

/* The campaign's report (zeros for a campaign never sent). */
enum store_status store_report(struct store *s, const char *campaign_id, struct sendx_report *out,
                               struct api_error *err);

/* For seeding and loading state: adds a complete record as it is (its id
 * must be set and unused), taking ownership of its contents; *rec is left
 * zeroed. On failure *rec is freed. */
enum store_status store_insert(struct store *s, enum sendx_kind kind, void *rec,
                               struct api_error *err);
/* Same for a report, keyed by its campaign_id. */
enum store_status store_insert_report(struct store *s, struct sendx_report *rep,
                                      struct api_error *err);

/* Calls fn on every record of kind (or every report), in order, under the
 * read lock; fn must not call back into the store. Stops at the first
 * non-zero return and returns it. */
int store_each(struct store *s, enum sendx_kind kind, int (*fn)(void *ctx, const void *rec),
               void *ctx);
int store_each_report(struct store *s, int (*fn)(void *ctx, const void *rec), void *ctx);

/* The outbox (outbox.h): what the send endpoints "sent". Borrowed, for
 * the store's lifetime; it has its own lock. */
struct outbox *store_outbox(struct store *s);

/* "YYYY-MM-DDTHH:MM:SSZ" for t (UTC) into out[21]. */
void store_format_time(int64_t t, char out[21]);

#endif
