/* Table-driven JSON <-> struct codec for the SendX schemas.
 *
 * A model type (model.h) lists a struct's members: C type, offset, label.
 * A schema maps JSON property names of one of the spec's schemas
 * (RestRContact, RestEContact, ...) onto members of one model type, so a
 * response schema and a request schema can share one struct even where
 * the spec spells the same field differently (htmlContent vs htmlCode).
 *
 * Every record struct begins with CODEC_RECORD_HEAD: `uint64_t set`, one
 * bit per member (bit i = member i): decoding sets the bits of the fields
 * present, and encoding emits only fields whose bit is set, so a partial
 * update never clobbers what the caller did not touch; then `unreadable`,
 * the fields the server sent that could not be read, owned by the record
 * (NULL when every field was read).
 *
 * Decoding is tolerant, field by field: unknown properties are ignored,
 * missing ones stay zero/NULL with their bit clear, JSON null counts as
 * missing, aliases (LTV/ltv) are accepted, and a property of the wrong
 * type (or an integer out of range, an array with a bad item) leaves its
 * member clear and is kept as unreadable, with its raw JSON text, while
 * the other fields decode as usual. Only what identifies the record (its
 * CODEC_IDENTITY field) can make the whole record an error: a server's
 * mistake in one field must not hide the rest. An identity that is sent
 * must be an id; whether one must be sent at all is the caller's to say
 * (codec_require_identity), since the answer to a write may lack it. */
#ifndef SENDX_CODEC_H
#define SENDX_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct api_error;
struct pack;

/* Kept privately by the codec; reach it through codec_unreadable_*. */
struct codec_unreadable;

#define CODEC_RECORD_HEAD                                                                          \
    uint64_t set;                                                                                  \
    struct codec_unreadable *unreadable;

/* What every record begins with (model.h checks each struct against it). */
struct codec_record_head {
    CODEC_RECORD_HEAD
};

/* An unreadable field's raw JSON text is kept up to this many bytes (cut
 * at a character boundary), then CODEC_RAW_CUT marks the cut: enough to
 * show what the server sent, never a copy of a huge value. */
#define CODEC_RAW_MAX 200
#define CODEC_RAW_CUT "\xe2\x80\xa6" /* U+2026 HORIZONTAL ELLIPSIS */

enum codec_type {
    CODEC_STRING,  /* char *, owned */
    CODEC_INT,     /* int64_t */
    CODEC_BOOL,    /* bool */
    CODEC_STRINGS, /* struct sendx_strv */
    CODEC_MAP,     /* struct sendx_map, string -> string */
    CODEC_OBJECTS, /* struct sendx_objects of member.sub records */
};

struct model_type;

struct model_member {
    const char *label; /* for people: "First name" */
    enum codec_type type;
    size_t offset;
    const struct model_type *sub; /* CODEC_OBJECTS only */
};

struct model_type {
    const char *name;
    size_t size;
    const struct model_member *members;
    size_t n_members; /* at most 64 */
};

enum codec_field_flags {
    /* A number (or boolean) where text is expected is taken as its text:
     * the spec's 401 example sends a numeric "status". */
    CODEC_TEXT_FROM_NUMBER = 1u << 0,
    /* The spec lists the property as required in this schema. */
    CODEC_REQUIRED = 1u << 1,
    /* What identifies the record (a CODEC_STRING member): decoding
     * rejects a record whose identity is sent but not model_id_plausible,
     * and codec_require_identity one that lacks it. */
    CODEC_IDENTITY = 1u << 2,
    /* A CODEC_OBJECTS member the schema holds as one object, not an array
     * (a sender, a reply-to address): decoded into a list of one, sent as
     * its first item, or as null when the list is empty. */
    CODEC_ONE_OBJECT = 1u << 3,
};

struct codec_schema;

struct codec_field {
    const char *name;  /* canonical JSON name, used when encoding */
    const char *alias; /* another accepted spelling when decoding, or NULL */
    unsigned member;   /* index into the type's members */
    unsigned flags;
    /* CODEC_OBJECTS only: the schema of each item (its type is the
     * member's sub), since a type alone does not name JSON properties. */
    const struct codec_schema *sub;
};

struct codec_schema {
    const char *name; /* the spec's schema name */
    const struct model_type *type;
    const struct codec_field *fields;
    size_t n_fields;
};

/* Decodes one JSON object into *record (type->size bytes, overwritten:
 * pass an uninitialised or freed struct), field by field: a field that
 * cannot be read is left clear and kept as unreadable (see above). Fails
 * only when json is not an object, the identity field is sent but is not
 * an id (model_id_plausible), or memory runs out: then returns -1, fills
 * err (naming the field), and leaves *record zeroed with nothing to free. */
int codec_decode(const struct codec_schema *s, const struct cJSON *json, void *record,
                 struct api_error *err);

/* Same, but any field that cannot be read fails the record, in words
 * naming it ("field \"x\": expected a boolean, got a string"): for bodies
 * that must follow the schema, such as the requests the mock serves. */
int codec_decode_strict(const struct codec_schema *s, const struct cJSON *json, void *record,
                        struct api_error *err);

/* For a record that must be told apart from others (a row of a list, a
 * record fetched by its id): fails (-1 with err, *record freed) if the
 * schema has an identity field and the record lacks it. Some of the
 * spec's own answers to writes carry no id, so codec_decode cannot
 * insist. */
int codec_require_identity(const struct codec_schema *s, void *record, struct api_error *err);

/* Decodes a JSON array of objects into out, each with codec_decode and
 * codec_require_identity. A record that fails (not an object, its id
 * missing or bad) is skipped and counted in *n_bad (the first such error
 * goes to bad_err if not NULL); only a non-array or out-of-memory fails
 * the whole call (-1 with err). out->items is owned by the caller:
 * codec_objects_free. */
struct sendx_objects;
int codec_decode_array(const struct codec_schema *s, const struct cJSON *json,
                       struct sendx_objects *out, size_t *n_bad, struct api_error *bad_err,
                       struct api_error *err);
/* The same, with out->items and everything its records hold in pack,
 * their repeated text shared (pack.h): nothing of it is freed but by
 * pack_free, and never by codec_free or codec_objects_free. */
int codec_decode_array_in(const struct codec_schema *s, const struct cJSON *json,
                          struct sendx_objects *out, size_t *n_bad, struct api_error *bad_err,
                          struct pack *pack, struct api_error *err);

/* Builds a JSON object of the fields whose bit is set (not the unreadable
 * ones: they were never read). Returns a new cJSON the caller deletes
 * with cJSON_Delete, or NULL if out of memory. */
struct cJSON *codec_encode(const struct codec_schema *s, const void *record);

/* Same, printed unformatted; a heap string the caller frees, or NULL. */
char *codec_encode_string(const struct codec_schema *s, const void *record);

/* What a JSON value is, in words for error messages ("a string",
 * "null", "nothing" for NULL). Static. */
const char *codec_json_kind(const struct cJSON *j);

/* A string list as a JSON array of strings, a map as a JSON object of
 * strings: new cJSON values the caller deletes, or NULL if out of
 * memory. */
struct sendx_strv;
struct sendx_map;
struct cJSON *codec_strings_json(const struct sendx_strv *v);
struct cJSON *codec_map_json(const struct sendx_map *m);

/* Names the first CODEC_REQUIRED field whose bit is clear, or NULL. */
const char *codec_missing_required(const struct codec_schema *s, const void *record);

/* Room for the path codec_find_missing writes, cut short if longer. */
#define CODEC_PATH_MAX 128

/* Like codec_missing_required, but looks inside the nested objects that
 * are set too, since their schemas have required fields of their own: a
 * recipient without an email is as unsendable as a message without one.
 * Writes the first missing field's path ("subject", "to[1].email") into
 * path and returns true; false if nothing required is missing. A required
 * CODEC_ONE_OBJECT member that holds no object counts as missing. */
bool codec_find_missing(const struct codec_schema *s, const void *record,
                        char path[CODEC_PATH_MAX]);

/* Frees every owned member and the unreadable fields, and zeroes the
 * record. */
void codec_free(const struct model_type *t, void *record);
void codec_objects_free(const struct model_type *t, struct sendx_objects *objs);
/* Frees a string list's strings and array, and zeroes it. */
void codec_strv_free(struct sendx_strv *v);

/* Deep copy, unreadable fields included; returns -1 if out of memory
 * (dst then holds nothing). */
int codec_copy(const struct model_type *t, void *dst, const void *src);
/* The same, with everything dst holds in pack (pack.h): dst is then
 * never given to codec_free; it goes when the pack does. */
int codec_copy_in(const struct model_type *t, void *dst, const void *src, struct pack *pack);

/* The set mask of a record, and helpers to mark fields. */
uint64_t *codec_set_mask(void *record);
bool codec_is_set(const void *record, unsigned member);

/* How many of the record's fields could not be read. */
size_t codec_unreadable_count(const void *record);
/* What the server sent for member when it could not be read: its JSON
 * text (a string as received, its quotes and escapes kept; a number as
 * read, to 17 digits, and one past a double's range as CODEC_RAW_HUGE),
 * capped at CODEC_RAW_MAX bytes; borrowed from the record. NULL if the
 * member was read or absent. The text came from the server: draw it as
 * untrusted. */
#define CODEC_RAW_HUGE "a number too large to read"
const char *codec_unreadable_raw(const void *record, unsigned member);

/* The setters replace what the record held, an unreadable value
 * included: a member set by the caller has been read. */

/* Replaces a CODEC_STRING member with a copy of value (NULL clears it and
 * its bit) and marks it set. Returns -1 if out of memory. */
int codec_set_string(const struct model_type *t, void *record, unsigned member, const char *value);
void codec_set_int(const struct model_type *t, void *record, unsigned member, int64_t value);
void codec_set_bool(const struct model_type *t, void *record, unsigned member, bool value);
/* Replaces a CODEC_STRINGS member with copies of n strings. */
int codec_set_strings(const struct model_type *t, void *record, unsigned member,
                      const char *const *values, size_t n);
/* Replaces a CODEC_OBJECTS member with deep copies of n records of the
 * member's sub type laid out contiguously at items (n == 0: an empty list,
 * still marked set). */
int codec_set_objects(const struct model_type *t, void *record, unsigned member, const void *items,
                      size_t n);
/* Adds or replaces one key of a CODEC_MAP member. */
int codec_map_put(const struct model_type *t, void *record, unsigned member, const char *key,
                  const char *value);

#endif
