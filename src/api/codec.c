#include "api/codec.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/codec_internal.h"
#include "api/model.h"

/* Room for any double printed with %.17g, sign and exponent included. */
#define NUMBER_TEXT_MAX 32

/* How a body is read: strictly or not, and where its records' members
 * go (a pack, or the heap when pack is NULL). */
struct decoder {
    bool strict;
    struct pack *pack;
};

const char *codec_json_kind(const struct cJSON *j)
{
    if (!j)
        return "nothing";
    if (cJSON_IsNull(j))
        return "null";
    if (cJSON_IsBool(j))
        return "a boolean";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsArray(j))
        return "an array";
    return cJSON_IsObject(j) ? "an object" : "an invalid value";
}

static int set_type_error(struct api_error *err, const char *field, const char *want,
                          const cJSON *got)
{
    api_error_set(err, API_ERR_BODY, 0, "field \"%s\": expected %s, got %s", field, want,
                  codec_json_kind(got));
    return -1;
}

/* Shortest text that reads back as the same double, as cJSON prints it,
 * so "401" stays "401" and 0.1 does not become 0.10000000000000001. */
static void number_text(double d, char out[NUMBER_TEXT_MAX])
{
    snprintf(out, NUMBER_TEXT_MAX, "%.15g", d);
    if (strtod(out, NULL) != d)
        snprintf(out, NUMBER_TEXT_MAX, "%.17g", d);
}

/* Text for a scalar that may stand in for a string; NULL if it cannot. */
static char *scalar_text(const cJSON *j, bool numbers_ok, struct pack *pack)
{
    char num[NUMBER_TEXT_MAX];
    if (cJSON_IsString(j))
        return codec_text(pack, j->valuestring);
    if (!numbers_ok)
        return NULL;
    if (cJSON_IsBool(j))
        return codec_text(pack, cJSON_IsTrue(j) ? "true" : "false");
    number_text(j->valuedouble, num);
    return codec_text(pack, num);
}

static bool is_text_like(const cJSON *j, bool numbers_ok)
{
    return cJSON_IsString(j) || (numbers_ok && (cJSON_IsNumber(j) || cJSON_IsBool(j)));
}

static int decode_string(const struct codec_field *f, const cJSON *j, char **out, struct pack *pack,
                         struct api_error *err)
{
    bool numbers_ok = f->flags & CODEC_TEXT_FROM_NUMBER;
    if (!is_text_like(j, numbers_ok))
        return set_type_error(err, f->name, numbers_ok ? "text" : "a string", j);
    *out = scalar_text(j, numbers_ok, pack);
    return *out ? 0 : api_error_nomem(err);
}

static int decode_int(const struct codec_field *f, const cJSON *j, int64_t *out,
                      struct api_error *err)
{
    if (!cJSON_IsNumber(j))
        return set_type_error(err, f->name, "an integer", j);
    double d = j->valuedouble;
    /* 2^63 is exactly representable; anything at or past it overflows. */
    if (!isfinite(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0) {
        api_error_set(err, API_ERR_BODY, 0,
                      "field \"%s\": expected an integer, got %g (out of range)", f->name, d);
        return -1;
    }
    *out = (int64_t)d;
    if ((double)*out == d)
        return 0;
    *out = 0;
    api_error_set(err, API_ERR_BODY, 0, "field \"%s\": expected an integer, got %g", f->name, d);
    return -1;
}

static int decode_bool(const struct codec_field *f, const cJSON *j, bool *out,
                       struct api_error *err)
{
    if (!cJSON_IsBool(j))
        return set_type_error(err, f->name, "a boolean", j);
    *out = cJSON_IsTrue(j);
    return 0;
}

/* Lets go of a string list or map read halfway (a pack keeps its part). */
static void release_strv(struct sendx_strv *v, struct pack *pack)
{
    if (pack)
        memset(v, 0, sizeof *v);
    else
        codec_strv_free(v);
}

static void release_map(struct sendx_map *m, struct pack *pack)
{
    if (pack)
        memset(m, 0, sizeof *m);
    else
        codec_map_free(m);
}

static int decode_strings(const struct codec_field *f, const cJSON *j, struct sendx_strv *out,
                          struct pack *pack, struct api_error *err)
{
    if (!cJSON_IsArray(j))
        return set_type_error(err, f->name, "an array of strings", j);
    size_t n = (size_t)cJSON_GetArraySize(j);
    if (codec_alloc_items(pack, (void **)&out->items, n, sizeof *out->items) < 0)
        return api_error_nomem(err);
    const cJSON *item;
    cJSON_ArrayForEach(item, j)
    {
        if (!cJSON_IsString(item)) {
            api_error_set(err, API_ERR_BODY, 0,
                          "field \"%s\": expected an array of strings, item %zu is %s", f->name,
                          out->len, codec_json_kind(item));
            release_strv(out, pack);
            return -1;
        }
        out->items[out->len] = codec_text(pack, item->valuestring);
        if (!out->items[out->len]) {
            release_strv(out, pack);
            return api_error_nomem(err);
        }
        out->len++;
    }
    return 0;
}

static int map_entry_from(struct sendx_map_entry *e, const cJSON *item, struct pack *pack)
{
    e->key = codec_text(pack, item->string);
    e->value = scalar_text(item, true, pack);
    if (e->key && e->value)
        return 0;
    if (!pack) {
        free(e->key);
        free(e->value);
    }
    return -1;
}

static int decode_map(const struct codec_field *f, const cJSON *j, struct sendx_map *out,
                      struct pack *pack, struct api_error *err)
{
    if (!cJSON_IsObject(j))
        return set_type_error(err, f->name, "an object of text values", j);
    size_t n = (size_t)cJSON_GetArraySize(j);
    if (codec_alloc_items(pack, (void **)&out->items, n, sizeof *out->items) < 0)
        return api_error_nomem(err);
    const cJSON *item;
    cJSON_ArrayForEach(item, j)
    {
        /* Custom field values are text, but a number or boolean is a
         * harmless way for a server to spell one. */
        if (!is_text_like(item, true)) {
            release_map(out, pack);
            api_error_set(err, API_ERR_BODY, 0, "field \"%s\": key \"%s\": expected text, got %s",
                          f->name, item->string, codec_json_kind(item));
            return -1;
        }
        if (map_entry_from(&out->items[out->len], item, pack) < 0) {
            release_map(out, pack);
            return api_error_nomem(err);
        }
        out->len++;
    }
    return 0;
}

static int decode_object(const struct codec_schema *s, const cJSON *json, void *record,
                         const struct decoder *d, struct api_error *err);

static void release_objects(const struct model_type *t, struct sendx_objects *objs,
                            struct pack *pack)
{
    if (pack)
        memset(objs, 0, sizeof *objs);
    else
        codec_objects_free(t, objs);
}

/* One object held as a list of one. */
static int decode_one_object(const struct codec_field *f, const cJSON *j, struct sendx_objects *out,
                             const struct decoder *d, struct api_error *err)
{
    const struct codec_schema *sub = f->sub;
    if (!cJSON_IsObject(j))
        return set_type_error(err, f->name, "an object", j);
    if (codec_alloc_items(d->pack, &out->items, 1, sub->type->size) < 0)
        return api_error_nomem(err);
    if (decode_object(sub, j, out->items, d, err) < 0) {
        api_error_prefix(err, "field \"%s\"", f->name);
        release_objects(sub->type, out, d->pack);
        return -1;
    }
    out->len = 1;
    return 0;
}

/* Each item is a record of its own, read field by field like any other;
 * an item that is not an object at all makes the whole array unreadable. */
static int decode_objects(const struct codec_field *f, const cJSON *j, struct sendx_objects *out,
                          const struct decoder *d, struct api_error *err)
{
    if (f->flags & CODEC_ONE_OBJECT)
        return decode_one_object(f, j, out, d, err);
    if (!cJSON_IsArray(j))
        return set_type_error(err, f->name, "an array of objects", j);
    const struct codec_schema *sub = f->sub;
    size_t n = (size_t)cJSON_GetArraySize(j);
    if (codec_alloc_items(d->pack, &out->items, n, sub->type->size) < 0)
        return api_error_nomem(err);
    const cJSON *item;
    cJSON_ArrayForEach(item, j)
    {
        void *slot = (char *)out->items + out->len * sub->type->size;
        if (decode_object(sub, item, slot, d, err) < 0) {
            api_error_prefix(err, "field \"%s\": item %zu", f->name, out->len);
            release_objects(sub->type, out, d->pack);
            return -1;
        }
        out->len++;
    }
    return 0;
}

static int decode_field(const struct codec_schema *s, const struct codec_field *f, const cJSON *j,
                        void *record, const struct decoder *d, struct api_error *err)
{
    void *p = codec_member_ptr(s->type, record, f->member);
    switch (s->type->members[f->member].type) {
    case CODEC_STRING:
        return decode_string(f, j, p, d->pack, err);
    case CODEC_INT:
        return decode_int(f, j, p, err);
    case CODEC_BOOL:
        return decode_bool(f, j, p, err);
    case CODEC_STRINGS:
        return decode_strings(f, j, p, d->pack, err);
    case CODEC_MAP:
        return decode_map(f, j, p, d->pack, err);
    case CODEC_OBJECTS:
        return decode_objects(f, j, p, d, err);
    }
    return -1;
}

/* The canonical spelling wins when a body carries both. */
static const cJSON *find_property(const cJSON *json, const struct codec_field *f)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(json, f->name);
    if ((!j || cJSON_IsNull(j)) && f->alias)
        j = cJSON_GetObjectItemCaseSensitive(json, f->alias);
    return cJSON_IsNull(j) ? NULL : j;
}

/* The JSON text of j, cut to CODEC_RAW_MAX bytes at a character boundary
 * with CODEC_RAW_CUT after it, in pack or as a malloc'd string (cJSON's
 * own print may live in a json_arena); NULL if out of memory. */
static char *raw_text(const cJSON *j, struct pack *pack)
{
    /* cJSON prints a number past a double's range (1e400) as null. */
    if (cJSON_IsNumber(j) && !isfinite(j->valuedouble))
        return codec_text(pack, CODEC_RAW_HUGE);
    char *text = cJSON_PrintUnformatted(j);
    if (!text)
        return NULL;
    size_t len = strlen(text), cut = len;
    if (len > CODEC_RAW_MAX) {
        cut = CODEC_RAW_MAX;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
    }
    const char *tail = cut < len ? CODEC_RAW_CUT : "";
    size_t size = cut + strlen(tail) + 1;
    char *copy = pack ? pack_alloc(pack, size) : malloc(size);
    if (copy) {
        memcpy(copy, text, cut);
        strcpy(copy + cut, tail);
    }
    cJSON_free(text);
    return copy;
}

/* An identity that is there must look like an id: a record named by
 * anything else cannot be told apart, addressed or shown as itself. */
static int check_identity(const struct codec_schema *s, const struct codec_field *f,
                          const void *record, struct api_error *err)
{
    if (model_id_plausible(*(char *const *)codec_member_cptr(s->type, record, f->member)))
        return 0;
    api_error_set(err, API_ERR_BODY, 0,
                  "field \"%s\": not an id (1 to %d letters, digits and _ expected)", f->name,
                  MODEL_ID_MAX);
    return -1;
}

/* Decodes one property. Leniently, a value that cannot be read is kept
 * as unreadable text; strictly, and always for the identity, it fails. */
static int decode_property(const struct codec_schema *s, const struct codec_field *f,
                           const cJSON *j, void *record, const struct decoder *d,
                           struct api_error *err)
{
    struct api_error e = {0};
    if (decode_field(s, f, j, record, d, &e) == 0) {
        *codec_set_mask(record) |= codec_bit(f->member);
        return 0;
    }
    if (d->strict || e.kind == API_ERR_NOMEM || (f->flags & CODEC_IDENTITY)) {
        api_error_move(err, &e);
        return -1;
    }
    api_error_clear(&e);
    char *raw = raw_text(j, d->pack);
    if (!raw || codec_unreadable_put(record, f->member, raw, d->pack) < 0)
        return api_error_nomem(err);
    return 0;
}

/* Schemas with more fields than this are read field by field (none is). */
#define CODEC_FIELDS_MAX 64

/* Which field a property name is, or -1. Servers send the members in
 * the schema's order, so the search starts after the last one found and
 * mostly takes a single comparison; *alias says the name was the alias. */
static int field_of(const struct codec_schema *s, const char *name, size_t *hint, bool *alias)
{
    for (size_t k = 0; k < s->n_fields; k++) {
        size_t i = (*hint + k) % s->n_fields;
        const struct codec_field *f = &s->fields[i];
        *alias = f->alias && strcmp(f->alias, name) == 0;
        if (*alias || strcmp(f->name, name) == 0) {
            *hint = i + 1;
            return (int)i;
        }
    }
    return -1;
}

/* Each field's property, found in one pass over the object's members,
 * as find_property would find them one by one: the first of a repeated
 * name, the canonical spelling before the alias unless it is null. */
static void find_properties(const struct codec_schema *s, const cJSON *json, const cJSON **found)
{
    const cJSON *by_name[CODEC_FIELDS_MAX] = {0}, *by_alias[CODEC_FIELDS_MAX] = {0};
    size_t hint = 0;
    for (const cJSON *m = json->child; m; m = m->next) {
        bool alias;
        int i = m->string ? field_of(s, m->string, &hint, &alias) : -1;
        const cJSON **slot = i < 0 ? NULL : alias ? &by_alias[i] : &by_name[i];
        if (slot && !*slot)
            *slot = m;
    }
    for (size_t i = 0; i < s->n_fields; i++) {
        const cJSON *j = by_name[i];
        if ((!j || cJSON_IsNull(j)) && by_alias[i])
            j = by_alias[i];
        found[i] = cJSON_IsNull(j) ? NULL : j;
    }
}

static int decode_object(const struct codec_schema *s, const cJSON *json, void *record,
                         const struct decoder *d, struct api_error *err)
{
    memset(record, 0, s->type->size);
    if (!cJSON_IsObject(json)) {
        api_error_set(err, API_ERR_BODY, 0, "expected an object, got %s", codec_json_kind(json));
        return -1;
    }
    const cJSON *found[CODEC_FIELDS_MAX];
    bool one_pass = s->n_fields <= CODEC_FIELDS_MAX;
    if (one_pass)
        find_properties(s, json, found);
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        const cJSON *j = one_pass ? found[i] : find_property(json, f);
        if (!j)
            continue;
        int rc = decode_property(s, f, j, record, d, err);
        if (rc == 0 && (f->flags & CODEC_IDENTITY))
            rc = check_identity(s, f, record, err);
        if (rc < 0) {
            codec_release(s->type, record, d->pack);
            return -1;
        }
    }
    return 0;
}

int codec_decode(const struct codec_schema *s, const struct cJSON *json, void *record,
                 struct api_error *err)
{
    const struct decoder d = {.strict = false};
    return decode_object(s, json, record, &d, err);
}

int codec_decode_strict(const struct codec_schema *s, const struct cJSON *json, void *record,
                        struct api_error *err)
{
    const struct decoder d = {.strict = true};
    return decode_object(s, json, record, &d, err);
}

static const struct codec_field *missing_identity(const struct codec_schema *s, const void *record)
{
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if ((f->flags & CODEC_IDENTITY) && !codec_is_set(record, f->member))
            return f;
    }
    return NULL;
}

int codec_require_identity(const struct codec_schema *s, void *record, struct api_error *err)
{
    const struct codec_field *f = missing_identity(s, record);
    if (!f)
        return 0;
    codec_free(s->type, record);
    api_error_set(err, API_ERR_BODY, 0, "field \"%s\": missing", f->name);
    return -1;
}

/* Decodes element i into the next free slot of out. A bad record is
 * counted, not fatal; only running out of memory fails (-1). */
static int decode_element(const struct codec_schema *s, const cJSON *item, size_t i,
                          const struct decoder *d, struct sendx_objects *out, size_t *n_bad,
                          struct api_error *bad_err)
{
    struct api_error e = {0};
    void *slot = (char *)out->items + out->len * s->type->size;
    const struct codec_field *missing = NULL;
    if (decode_object(s, item, slot, d, &e) == 0 && !(missing = missing_identity(s, slot))) {
        out->len++;
        return 0;
    }
    if (missing) {
        codec_release(s->type, slot, d->pack);
        api_error_set(&e, API_ERR_BODY, 0, "field \"%s\": missing", missing->name);
    }
    if (e.kind == API_ERR_NOMEM) {
        api_error_clear(&e);
        return -1;
    }
    if ((*n_bad)++ == 0 && bad_err) {
        api_error_prefix(&e, "item %zu", i);
        api_error_move(bad_err, &e);
    }
    api_error_clear(&e);
    return 0;
}

int codec_decode_array_in(const struct codec_schema *s, const struct cJSON *json,
                          struct sendx_objects *out, size_t *n_bad, struct api_error *bad_err,
                          struct pack *pack, struct api_error *err)
{
    const struct decoder d = {.strict = false, .pack = pack};
    size_t ignored = 0;
    n_bad = n_bad ? n_bad : &ignored;
    *n_bad = 0;
    memset(out, 0, sizeof *out);
    if (!cJSON_IsArray(json)) {
        api_error_set(err, API_ERR_BODY, 0, "expected an array, got %s", codec_json_kind(json));
        return -1;
    }
    if (codec_alloc_items(pack, &out->items, (size_t)cJSON_GetArraySize(json), s->type->size) < 0)
        return api_error_nomem(err);
    const cJSON *item;
    size_t i = 0;
    cJSON_ArrayForEach(item, json)
    {
        if (decode_element(s, item, i++, &d, out, n_bad, bad_err) < 0) {
            release_objects(s->type, out, pack);
            return api_error_nomem(err);
        }
    }
    return 0;
}

int codec_decode_array(const struct codec_schema *s, const struct cJSON *json,
                       struct sendx_objects *out, size_t *n_bad, struct api_error *bad_err,
                       struct api_error *err)
{
    return codec_decode_array_in(s, json, out, n_bad, bad_err, NULL, err);
}

cJSON *codec_strings_json(const struct sendx_strv *v)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < v->len; i++) {
        cJSON *item = cJSON_CreateString(v->items[i]);
        if (!item || !cJSON_AddItemToArray(a, item)) {
            cJSON_Delete(item);
            cJSON_Delete(a);
            a = NULL;
        }
    }
    return a;
}

cJSON *codec_map_json(const struct sendx_map *m)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < m->len; i++) {
        cJSON *item = cJSON_CreateString(m->items[i].value);
        if (!item || !cJSON_AddItemToObject(o, m->items[i].key, item)) {
            cJSON_Delete(item);
            cJSON_Delete(o);
            o = NULL;
        }
    }
    return o;
}

static cJSON *encode_objects(const struct codec_schema *sub, const struct sendx_objects *objs)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < objs->len; i++) {
        cJSON *item = codec_encode(sub, (const char *)objs->items + i * sub->type->size);
        if (!item || !cJSON_AddItemToArray(a, item)) {
            cJSON_Delete(item);
            cJSON_Delete(a);
            a = NULL;
        }
    }
    return a;
}

/* A set string member left NULL is sent as null: the caller asked for
 * the field to be cleared. */
static cJSON *encode_string(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *encode_field(const struct codec_schema *s, const struct codec_field *f,
                           const void *record)
{
    const void *p = codec_member_cptr(s->type, record, f->member);
    switch (s->type->members[f->member].type) {
    case CODEC_STRING:
        return encode_string(*(char *const *)p);
    case CODEC_INT:
        /* cJSON holds numbers as doubles: beyond 2^53 precision is lost,
         * far past any count or enum the API sends. */
        return cJSON_CreateNumber((double)*(const int64_t *)p);
    case CODEC_BOOL:
        return cJSON_CreateBool(*(const bool *)p);
    case CODEC_STRINGS:
        return codec_strings_json(p);
    case CODEC_MAP:
        return codec_map_json(p);
    case CODEC_OBJECTS: {
        const struct sendx_objects *objs = p;
        if (!(f->flags & CODEC_ONE_OBJECT))
            return encode_objects(f->sub, objs);
        return objs->len ? codec_encode(f->sub, objs->items) : cJSON_CreateNull();
    }
    }
    return NULL;
}

struct cJSON *codec_encode(const struct codec_schema *s, const void *record)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if (!codec_is_set(record, f->member))
            continue;
        cJSON *item = encode_field(s, f, record);
        if (!item || !cJSON_AddItemToObject(o, f->name, item)) {
            cJSON_Delete(item);
            cJSON_Delete(o);
            o = NULL;
        }
    }
    return o;
}

char *codec_encode_string(const struct codec_schema *s, const void *record)
{
    cJSON *o = codec_encode(s, record);
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}

const char *codec_missing_required(const struct codec_schema *s, const void *record)
{
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if ((f->flags & CODEC_REQUIRED) && !codec_is_set(record, f->member))
            return f->name;
    }
    return NULL;
}

/* Appends name, its index when in an array (index >= 0), and a dot when
 * a field inside it follows; cut short at the end of the buffer. */
static void path_append(char path[CODEC_PATH_MAX], const char *name, long index, bool inside)
{
    size_t len = strlen(path);
    if (index < 0)
        snprintf(path + len, CODEC_PATH_MAX - len, "%s%s", name, inside ? "." : "");
    else
        snprintf(path + len, CODEC_PATH_MAX - len, "%s[%ld]%s", name, index, inside ? "." : "");
}

static bool find_missing_in(const struct codec_schema *s, const void *record,
                            char path[CODEC_PATH_MAX])
{
    const char *missing = codec_missing_required(s, record);
    if (missing) {
        path_append(path, missing, -1, false);
        return true;
    }
    size_t len = strlen(path);
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if (!f->sub || !codec_is_set(record, f->member))
            continue;
        const struct sendx_objects *objs = codec_member_cptr(s->type, record, f->member);
        bool one = f->flags & CODEC_ONE_OBJECT;
        if (one && objs->len == 0 && (f->flags & CODEC_REQUIRED)) {
            path_append(path, f->name, -1, false);
            return true;
        }
        /* Only the first of a single object's list is ever sent. */
        size_t n = one && objs->len > 1 ? 1 : objs->len;
        for (size_t k = 0; k < n; k++) {
            path_append(path, f->name, one ? -1 : (long)k, true);
            if (find_missing_in(f->sub, (const char *)objs->items + k * f->sub->type->size, path))
                return true;
            path[len] = '\0';
        }
    }
    return false;
}

bool codec_find_missing(const struct codec_schema *s, const void *record, char path[CODEC_PATH_MAX])
{
    path[0] = '\0';
    return find_missing_in(s, record, path);
}
