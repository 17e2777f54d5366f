/* What an edit sends, and what to do when the server moved meanwhile.
 *
 * A form keeps the record as it was loaded (the original) and the
 * values typed since (edited, a codec_copy of the original changed by
 * the form). changes_between turns the two into a change: a record of
 * the same type with only the members that differ set, which
 * sendx_update sends as they are (the codec encodes set members only).
 *
 * Before sending, the caller fetches the record again (server_now).
 * changes_conflicts compares it with the original: the server changed
 * since if its `updated` time moved or any member the change touches
 * differs; each such member is listed with both values as text for a
 * side-by-side view. changes_decide then applies the user's choice to
 * the change: overwrite, take theirs, or go back to the form.
 *
 * Pure functions on records: no network, no curses, no globals. */
#ifndef SENDX_APP_CHANGES_H
#define SENDX_APP_CHANGES_H

#include <stdbool.h>
#include <stddef.h>

#include "api/model.h"

struct api_error;
struct names;

/* Fills *change (overwritten; the caller frees it with codec_free on
 * kind's type) with the members of kind's write schema whose values
 * differ between original and edited, both of kind's type. Members the
 * API does not take (id, created, updated) are never part of it.
 *
 * Values compare by type:
 * - text: byte for byte; unset and "" are the same, and text cleared in
 *   the form is sent as "" so the server clears it too;
 * - numbers and booleans: a member the form left unset is not sent,
 *   since JSON has no way to unset it;
 * - lists of ids or tags: as sets, since the API drops duplicates and
 *   keeps no order; a changed list is sent whole, in the form's order;
 * - custom fields: key by key; the change holds only the keys whose
 *   value changed, a key removed in the form is sent as "" to clear it.
 * A member the server sent but the client could not read counts as
 * different from every value the form can set.
 *
 * Nothing changed leaves the change's set mask 0 (changes_empty): the
 * caller need not send anything. Returns 0, or -1 with err (out of
 * memory, or a kind without a write schema) and *change zeroed. */
int changes_between(enum sendx_kind kind, const void *original, const void *edited, void *change,
                    struct api_error *err);

/* Whether change (of any record type) has no member set. */
bool changes_empty(const void *change);

/* One member (or one custom field) that the change touches and the
 * server changed as well, or the record's `updated` time. */
struct changes_conflict {
    unsigned member;   /* SENDX_<KIND>_<MEMBER> */
    const char *label; /* the model's label, static */
    char *key;         /* custom fields: the field's key; else NULL. Owned */
    /* For people, not yet made safe: draw through text_fit. Owned.
     * For `updated`, ours is the time of the copy the form started from. */
    char *theirs;
    char *ours;
};

struct changes_conflicts {
    bool updated_moved; /* the record's `updated` time differs */
    struct changes_conflict *items;
    size_t len;
};

/* Fills *out (overwritten; free with changes_conflicts_free) with what
 * the server changed that the save would meet: `updated` first when it
 * moved, then each member set in change (from changes_between: its set
 * mask says what the form touched, its values are ours) whose value in
 * server_now differs from the one in original; custom fields key by key.
 * A member only the server changed is no conflict: the change does not
 * send it; nor is one the server changed to what the change holds. Ids
 * in lists show by name where names (may be NULL) has them. Returns 0,
 * or -1 with err (out of memory) and *out empty. out->len == 0 means
 * there is nothing to ask: send the change. */
int changes_conflicts(enum sendx_kind kind, const void *original, const void *server_now,
                      const void *change, const struct names *names, struct changes_conflicts *out,
                      struct api_error *err);

void changes_conflicts_free(struct changes_conflicts *c);

enum changes_choice {
    CHANGES_OVERWRITE,   /* send ours as it is */
    CHANGES_TAKE_THEIRS, /* drop our change to each conflicting member */
    CHANGES_BACK,        /* return to the form */
};

enum changes_next {
    CHANGES_SEND,    /* send the change */
    CHANGES_NOTHING, /* nothing is left to send: the save is done */
    CHANGES_FORM,    /* back to the form, the user's values kept */
};

/* Drops the change's value for one conflict (its member, or its one
 * custom field key), so the server's value stays. A member the change
 * does not hold (`updated`) is left alone. */
void changes_take_theirs(enum sendx_kind kind, void *change, const struct changes_conflict *c);

/* Applies choice to change (of kind's type) and says what follows. For
 * CHANGES_FORM the change is left as it was; the caller should make
 * server_now the form's new original, so the next save compares against
 * what the user has now seen rather than raising the same conflict. */
enum changes_next changes_decide(enum sendx_kind kind, enum changes_choice choice,
                                 const struct changes_conflicts *conflicts, void *change);

#endif
