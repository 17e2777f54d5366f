/* Drafts: a form's values kept on disk, so nothing typed is lost when
 * the app ends with a form open and changed, and offered again at the
 * next start.
 *
 * Where: $XDG_STATE_HOME/sendx-tui/drafts, or, when that is unset, empty
 * or relative (the XDG spec has relative paths ignored),
 * $HOME/.local/state/sendx-tui/drafts. Created 0700 on the first save;
 * each draft a file of mode 0600 written atomically (files.h).
 *
 * A draft's name is "<kind>-id-<id>.json" for a record being edited, the
 * id's capitals written "-" and the small letter ("contact_aB" becomes
 * "contact-id-contact_a-b.json"), so one record has one draft and names
 * hold only [a-z0-9_-]; and "<kind>-new-<16 random hex digits>.json" for
 * a new record (or an id too long for a file name).
 *
 * The file is JSON, printed by cJSON:
 *
 *   {
 *     "version": 1,
 *     "kind":    "contact",               model_resource(kind)->name
 *     "id":      "contact_..." | null,    the record edited; null: new
 *     "updated": "2024-..." | null,       the record's `updated` as the
 *                                         form loaded it (conflict check)
 *     "title":   "x@y.com" | null,        what people call the record
 *     "written": "2024-05-01T12:04:33Z",  UTC, to the second
 *     "fields":  { ... },                 the record's set members
 *     "original": { ... }                 optional: the record as the form
 *                                         loaded it, so a reopened draft
 *                                         checks the server against it
 *   }
 *
 * "fields" holds the record's set members, walked through its member
 * table (model.h), so any resource's form is saved and reopened with no
 * code of its own, and exactly the members set are set again. Each goes
 * under the API's name for it (the read schema's, else the write
 * schema's): a string as a string, or null when the form cleared it; an
 * integer as decimal text (cJSON would round a large number); a boolean
 * as a boolean; a string list as an array; a map as an object of strings.
 *
 * A file that cannot be taken as a draft (empty, larger than
 * DRAFTS_MAX_BYTES, not JSON, not an object, another version, an unknown
 * kind or one its name does not say, a field of the wrong type or one
 * the kind does not have) is an error value naming the file and the
 * problem, and is moved aside to NAME.corrupt-<UTC time>, never deleted,
 * so the next start does not trip on it again and whatever it holds can
 * still be recovered by hand.
 *
 * Every call here is synchronous disk I/O except the _async ones, which
 * queue the write or removal on a files_writer: the UI thread uses those
 * while it runs, the others before the loop starts (listing) or when the
 * process is ending (the last save). */
#ifndef SENDX_APP_DRAFTS_H
#define SENDX_APP_DRAFTS_H

#include <stddef.h>
#include <time.h>

#include "api/api_error.h"
#include "api/model.h"

struct files_writer;

#define DRAFTS_VERSION 1
/* Larger than any form's values by far; a file past it is not read. */
#define DRAFTS_MAX_BYTES ((size_t)4 << 20)

/* One draft. Every pointer member is owned by the draft and freed by
 * drafts_free; the caller fills one for a save with heap copies (or
 * NULLs) and may keep it for the next save of the same form. */
struct draft {
    char *name; /* the file's name in the drafts directory; NULL until the first save picks it */
    enum sendx_kind kind;
    char *id;       /* the record edited, or NULL for a new record */
    char *updated;  /* the record's `updated` as the form loaded it, or NULL */
    char *title;    /* what people call the record ("x@y.com"), or NULL */
    time_t written; /* when it was saved; set by the save */
    void *record;   /* a heap record of model_resource(kind)->type: the values */
    void *original; /* the same type: the record as the form loaded it, or NULL */
};

/* Frees every member and zeroes d. NULL is fine. */
void drafts_free(struct draft *d);

/* The drafts directory of a profile (a draft names records of one team
 * only) as a heap string the caller frees: .../sendx-tui/drafts/PROFILE,
 * the name's bytes other than letters, digits, '-', '_' and '.' (and a
 * leading '.') written as '_'. NULL with err when neither XDG_STATE_HOME
 * nor HOME gives an absolute path. */
char *drafts_dir(const char *profile, struct api_error *err);

/* Writes d under dir now, replacing its earlier save. Picks d->name if
 * it is NULL and sets d->written to now. Returns 0, or -1 with err. */
int drafts_save(const char *dir, struct draft *d, time_t now, struct api_error *err);

/* The same, queued on w: the JSON is made here, the disk is touched on
 * the writer's thread. Returns the files job id whose result reports the
 * write, or 0 with err (nothing queued). */
unsigned long drafts_save_async(struct files_writer *w, const char *dir, struct draft *d,
                                time_t now, struct api_error *err);

/* Reads the draft called name (a name from drafts_list or d->name) into
 * *out (overwritten; drafts_free it). Returns 0, or -1 with err naming
 * the file: one that is not a draft has been moved aside (see above). */
int drafts_read(const char *dir, const char *name, struct draft *out, struct api_error *err);

/* Removes the draft called name (once saved or reopened). Returns 0 (a
 * draft already gone included), or -1 with err. */
int drafts_discard(const char *dir, const char *name, struct api_error *err);
/* The same, queued on w; returns as drafts_save_async. */
unsigned long drafts_discard_async(struct files_writer *w, const char *dir, const char *name,
                                   struct api_error *err);

/* The drafts in a directory, newest first (then by name). Owned by the
 * list: drafts_list_free. */
struct drafts_list {
    struct draft *items;
    size_t len;
    struct api_error *notes; /* one per file that could not be read (and so was skipped) */
    size_t n_notes;
};

/* Reads every draft under dir into *out (overwritten). A directory that
 * does not exist holds no drafts. A file that cannot be read is skipped
 * with a note, and moved aside if it is not a draft. Returns 0, or -1
 * with err (the directory unreadable, out of memory) and *out empty. */
int drafts_list(const char *dir, struct drafts_list *out, struct api_error *err);

/* Frees every draft and note and zeroes l. NULL is fine. */
void drafts_list_free(struct drafts_list *l);

#endif
