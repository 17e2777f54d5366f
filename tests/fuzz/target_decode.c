/* Decoding what a server sends: the input, if it is JSON, is read under
 * every schema the codec covers (records, requests, the error body) and,
 * if it is an array, as a page of every resource, as the client reads a
 * list (its JSON in an arena, thrown away before the records are used).
 *
 * Properties: a decoded record has every member it does not hold zeroed
 * and no member both read and unreadable; encoding it and decoding that
 * gives the same record (integers of 10^15 and more aside, which cJSON
 * may print rounded), with nothing unreadable, and encodes to the same
 * text; a copy is the same record; strict decoding succeeds exactly when
 * the lenient one left nothing unreadable at any depth, and then agrees
 * with it; a page's records and bad items add up to the array's size, and
 * each record kept has a plausible id. */
#include "fuzz.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/codec.h"
#include "api/json_arena.h"
#include "api/model.h"

static bool member_zero(const struct model_member *mm, const void *p)
{
    static const char zero[sizeof(struct sendx_objects) + sizeof(struct sendx_map)];
    size_t size = mm->type == CODEC_STRING    ? sizeof(char *)
                  : mm->type == CODEC_INT     ? sizeof(int64_t)
                  : mm->type == CODEC_BOOL    ? sizeof(bool)
                  : mm->type == CODEC_STRINGS ? sizeof(struct sendx_strv)
                  : mm->type == CODEC_MAP     ? sizeof(struct sendx_map)
                                              : sizeof(struct sendx_objects);
    return memcmp(p, zero, size) == 0;
}

static bool all_zero(const void *p, size_t size)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < size; i++)
        if (b[i])
            return false;
    return true;
}

/* What the codec promises of any record it decoded, at every depth; the
 * fields left unreadable at any depth are counted into *unreadable. */
static void check_record(const struct model_type *t, const void *record, size_t *unreadable)
{
    *unreadable += codec_unreadable_count(record);
    for (unsigned m = 0; m < t->n_members; m++) {
        const struct model_member *mm = &t->members[m];
        const void *p = fuzz_member_of(t, record, m);
        const char *raw = codec_unreadable_raw(record, m);
        bool set = fuzz_set_of(record) >> m & 1;
        FUZZ_CHECK(!(set && raw), "%s.%s is both read and unreadable", t->name, mm->label);
        FUZZ_CHECK(set || member_zero(mm, p), "%s.%s is not set but holds a value", t->name,
                   mm->label);
        FUZZ_CHECK(!raw || strlen(raw) <= CODEC_RAW_MAX + strlen(CODEC_RAW_CUT),
                   "%s.%s keeps %zu bytes of raw text", t->name, mm->label, strlen(raw));
        if (!set || mm->type != CODEC_OBJECTS)
            continue;
        const struct sendx_objects *o = p;
        for (size_t i = 0; i < o->len; i++)
            check_record(mm->sub, fuzz_item_of(mm->sub, o, i), unreadable);
    }
    FUZZ_CHECK(t->n_members == 64 || fuzz_set_of(record) >> t->n_members == 0,
               "%s has bits set past its members", t->name);
}

/* Encoded, decoded again and encoded again: the same record, the same
 * text. */
static void check_round_trip(const struct codec_schema *s, const void *record)
{
    char *text = codec_encode_string(s, record);
    FUZZ_CHECK(text, "%s: encoding failed", s->name);
    cJSON *json = cJSON_Parse(text);
    FUZZ_CHECK(json, "%s: its own encoding does not parse: %s", s->name, text);
    void *again = calloc(1, s->type->size);
    struct api_error err = {0};
    FUZZ_CHECK(again && codec_decode(s, json, again, &err) == 0,
               "%s: its own encoding does not decode: %s", s->name, api_error_message(&err));
    size_t unreadable = 0;
    check_record(s->type, again, &unreadable);
    FUZZ_CHECK(unreadable == 0, "%s: %zu fields of its own encoding are unreadable: %s", s->name,
               unreadable, text);
    /* codec_encode loses the precision of an integer near 2^53 and past
     * it, as it says (cJSON prints it rounded); the text, checked below,
     * is still stable. */
    FUZZ_CHECK(!fuzz_ints_print_whole(s->type, record) ||
                   fuzz_records_equal(s->type, record, again),
               "%s: decoding %s gives another record", s->name, text);
    char *second = codec_encode_string(s, again);
    FUZZ_CHECK(second && strcmp(text, second) == 0, "%s: encoded again as %s, first as %s", s->name,
               second ? second : "(nothing)", text);
    cJSON_free(second);
    codec_free(s->type, again);
    free(again);
    cJSON_Delete(json);
    cJSON_free(text);
}

static void check_copy(const struct model_type *t, const void *record)
{
    void *copy = malloc(t->size);
    FUZZ_CHECK(copy && codec_copy(t, copy, record) == 0, "%s: copy failed", t->name);
    FUZZ_CHECK(fuzz_records_equal(t, record, copy), "%s: the copy differs", t->name);
    FUZZ_CHECK(codec_unreadable_count(copy) == codec_unreadable_count(record),
               "%s: the copy has %zu unreadable fields, the record %zu", t->name,
               codec_unreadable_count(copy), codec_unreadable_count(record));
    codec_free(t, copy);
    free(copy);
}

/* The record lenient decoding gave, against strict decoding of the same
 * JSON. */
static void check_strict(const struct codec_schema *s, const cJSON *json, const void *lenient,
                         size_t unreadable)
{
    void *strict = malloc(s->type->size);
    struct api_error err = {0};
    FUZZ_CHECK(strict, "out of memory");
    int rc = codec_decode_strict(s, json, strict, &err);
    FUZZ_CHECK((rc == 0) == (unreadable == 0),
               "%s: strict decoding %s, lenient left %zu fields unreadable (%s)", s->name,
               rc == 0 ? "passed" : "failed", unreadable, api_error_message(&err));
    FUZZ_CHECK(rc != 0 || fuzz_records_equal(s->type, lenient, strict),
               "%s: strict and lenient decoding differ", s->name);
    FUZZ_CHECK(rc == 0 || err.message, "%s: strict decoding failed without a message", s->name);
    if (rc == 0)
        codec_free(s->type, strict);
    api_error_clear(&err);
    free(strict);
}

static void check_schema(const struct codec_schema *s, const cJSON *json)
{
    void *record = malloc(s->type->size);
    struct api_error err = {0};
    FUZZ_CHECK(record, "out of memory");
    if (codec_decode(s, json, record, &err) != 0) {
        FUZZ_CHECK(err.message, "%s: decoding failed without a message", s->name);
        FUZZ_CHECK(all_zero(record, s->type->size),
                   "%s: a failed decoding left something in the record", s->name);
        api_error_clear(&err);
        free(record);
        return;
    }
    FUZZ_CHECK(cJSON_IsObject(json), "%s: decoded %s as a record", s->name, codec_json_kind(json));
    size_t unreadable = 0;
    check_record(s->type, record, &unreadable);
    check_round_trip(s, record);
    check_copy(s->type, record);
    check_strict(s, json, record, unreadable);
    codec_free(s->type, record);
    free(record);
}

/* A list endpoint's answer, read as sendx_list reads it. */
static void check_page(const struct model_resource *r, const char *text, size_t len)
{
    struct json_arena arena;
    json_arena_begin(&arena);
    cJSON *json = cJSON_ParseWithLength(text, len);
    struct sendx_objects page = {0};
    size_t n_bad = 0;
    struct api_error bad = {0}, err = {0};
    size_t received = (size_t)cJSON_GetArraySize(json);
    int rc = json ? codec_decode_array(r->read, json, &page, &n_bad, &bad, &err) : -1;
    bool array = cJSON_IsArray(json);
    cJSON_Delete(json);
    json_arena_end(&arena);
    FUZZ_CHECK((rc == 0) == array, "%s: a page of %s %s", r->plural, array ? "an array" : "other",
               rc == 0 ? "decoded" : "failed");
    if (rc != 0) {
        api_error_clear(&err);
        return;
    }
    FUZZ_CHECK(page.len + n_bad == received, "%s: %zu records and %zu bad of %zu", r->plural,
               page.len, n_bad, received);
    FUZZ_CHECK((n_bad > 0) == (bad.message != NULL), "%s: %zu bad records, message %s", r->plural,
               n_bad, bad.message ? bad.message : "none");
    for (size_t i = 0; i < page.len; i++) {
        const void *record = fuzz_item_of(r->type, &page, i);
        size_t unreadable = 0;
        check_record(r->type, record, &unreadable);
        const char *id = *(char *const *)fuzz_member_of(r->type, record, r->id_member);
        FUZZ_CHECK(model_id_plausible(id), "%s: record %zu kept without a plausible id", r->plural,
                   i);
        check_round_trip(r->read, record);
    }
    codec_objects_free(r->type, &page);
    api_error_clear(&bad);
}

int fuzz_decode(const uint8_t *data, size_t size)
{
    static bool installed;
    if (!installed)
        json_arena_install();
    installed = true;
    cJSON *json = cJSON_ParseWithLength((const char *)data, size);
    if (!json)
        return 0;
    for (size_t i = 0; i < model_n_schemas; i++)
        check_schema(model_schemas[i], json);
    if (cJSON_IsArray(json))
        for (int k = 0; k < SENDX_KIND_COUNT; k++)
            check_page(model_resource((enum sendx_kind)k), (const char *)data, size);
    cJSON_Delete(json);
    return 0;
}
