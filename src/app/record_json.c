#include "app/record_json.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *record_json_member_name(const struct model_resource *res, unsigned member)
{
    const struct codec_schema *schemas[] = {res->read, res->write};
    for (size_t s = 0; s < 2; s++)
        for (size_t i = 0; schemas[s] && i < schemas[s]->n_fields; i++)
            if (schemas[s]->fields[i].member == member)
                return schemas[s]->fields[i].name;
    return NULL;
}

static const void *member_at(const struct model_type *t, const void *record, unsigned m)
{
    return (const char *)record + t->members[m].offset;
}

/* Integers as decimal text: cJSON keeps numbers as doubles and prints
 * them with 15 digits, which would round a large one. */
static cJSON *encode_int(int64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)v);
    return cJSON_CreateString(text);
}

/* One member's value; NULL if out of memory. A string member set to
 * nothing is null: the form cleared the field. */
static cJSON *encode_member(const struct model_type *t, const void *record, unsigned m)
{
    const void *p = member_at(t, record, m);
    switch (t->members[m].type) {
    case CODEC_STRING:
        return *(char *const *)p ? cJSON_CreateString(*(char *const *)p) : cJSON_CreateNull();
    case CODEC_INT:
        return encode_int(*(const int64_t *)p);
    case CODEC_BOOL:
        return cJSON_CreateBool(*(const bool *)p);
    case CODEC_STRINGS:
        return codec_strings_json(p);
    case CODEC_MAP:
        return codec_map_json(p);
    case CODEC_OBJECTS:
        break;
    }
    return NULL;
}

cJSON *record_json_encode(const struct model_resource *res, const void *record,
                          struct api_error *err)
{
    const struct model_type *t = res->type;
    cJSON *o = cJSON_CreateObject();
    for (unsigned m = 0; o && m < t->n_members; m++) {
        if (!codec_is_set(record, m))
            continue;
        const char *name = record_json_member_name(res, m);
        if (!name || t->members[m].type == CODEC_OBJECTS) {
            api_error_set(err, API_ERR_INVALID, 0, "cannot keep \"%s\" of a %s as JSON",
                          t->members[m].label, res->name);
            cJSON_Delete(o);
            return NULL;
        }
        cJSON *item = encode_member(t, record, m);
        if (!item || !cJSON_AddItemToObject(o, name, item)) {
            cJSON_Delete(item);
            cJSON_Delete(o);
            o = NULL;
        }
    }
    if (!o)
        api_error_nomem(err);
    return o;
}

static int wrong_type(const cJSON *j, const char *want, struct api_error *e)
{
    return api_error_fail(e, API_ERR_BODY, 0, "field \"%s\": expected %s, got %s", j->string, want,
                          codec_json_kind(j));
}

static int decode_int(const cJSON *j, int64_t *out, struct api_error *e)
{
    const char *s = cJSON_IsString(j) ? j->valuestring : "";
    char *end = NULL;
    errno = 0;
    long long v = (*s == '-' || (*s >= '0' && *s <= '9')) ? strtoll(s, &end, 10) : 0;
    if (!end || *end != '\0' || errno != 0)
        return wrong_type(j, "an integer as text", e);
    *out = v;
    return 0;
}

static int decode_strings(const struct model_type *t, void *record, unsigned m, const cJSON *j,
                          struct api_error *e)
{
    if (!cJSON_IsArray(j))
        return wrong_type(j, "an array of strings", e);
    int n = cJSON_GetArraySize(j);
    const char **items = calloc((size_t)n + 1, sizeof *items);
    if (!items)
        return api_error_nomem(e);
    int rc = 0;
    const cJSON *item;
    int i = 0;
    cJSON_ArrayForEach(item, j)
    {
        if (!cJSON_IsString(item)) {
            rc = api_error_fail(e, API_ERR_BODY, 0,
                                "field \"%s\": expected an array of strings, holds %s", j->string,
                                codec_json_kind(item));
            break;
        }
        items[i++] = item->valuestring;
    }
    if (rc == 0 && codec_set_strings(t, record, m, items, (size_t)n) != 0)
        rc = api_error_nomem(e);
    free(items);
    return rc;
}

static int decode_map(const struct model_type *t, void *record, unsigned m, const cJSON *j,
                      struct api_error *e)
{
    if (!cJSON_IsObject(j))
        return wrong_type(j, "an object of strings", e);
    /* Set even when empty: a form that emptied the map. */
    *codec_set_mask(record) |= (uint64_t)1 << m;
    const cJSON *item;
    cJSON_ArrayForEach(item, j)
    {
        if (!cJSON_IsString(item))
            return api_error_fail(e, API_ERR_BODY, 0, "field \"%s\": \"%s\" is %s, not a string",
                                  j->string, item->string, codec_json_kind(item));
        if (codec_map_put(t, record, m, item->string, item->valuestring) != 0)
            return api_error_nomem(e);
    }
    return 0;
}

/* Sets member m of record from j, strictly: any other type is a problem. */
static int decode_member(const struct model_type *t, void *record, unsigned m, const cJSON *j,
                         struct api_error *e)
{
    switch (t->members[m].type) {
    case CODEC_STRING:
        if (cJSON_IsNull(j)) {
            *codec_set_mask(record) |= (uint64_t)1 << m;
            return 0;
        }
        if (!cJSON_IsString(j))
            return wrong_type(j, "a string or null", e);
        return codec_set_string(t, record, m, j->valuestring) == 0 ? 0 : api_error_nomem(e);
    case CODEC_INT: {
        int64_t v = 0;
        if (decode_int(j, &v, e) != 0)
            return -1;
        codec_set_int(t, record, m, v);
        return 0;
    }
    case CODEC_BOOL:
        if (!cJSON_IsBool(j))
            return wrong_type(j, "a boolean", e);
        codec_set_bool(t, record, m, cJSON_IsTrue(j));
        return 0;
    case CODEC_STRINGS:
        return decode_strings(t, record, m, j, e);
    case CODEC_MAP:
        return decode_map(t, record, m, j, e);
    case CODEC_OBJECTS:
        break;
    }
    return api_error_fail(e, API_ERR_BODY, 0, "field \"%s\" cannot be kept as JSON", j->string);
}

/* The member called name, or -1: a property no member has is a problem,
 * since reopening would drop what it holds. */
static int member_called(const struct model_resource *res, const char *name)
{
    for (unsigned m = 0; m < res->type->n_members; m++) {
        const char *mn = record_json_member_name(res, m);
        if (mn && strcmp(mn, name) == 0)
            return (int)m;
    }
    return -1;
}

int record_json_decode(const struct model_resource *res, const cJSON *fields, void *record,
                       struct api_error *err)
{
    const cJSON *j;
    cJSON_ArrayForEach(j, fields)
    {
        int m = member_called(res, j->string);
        if (m < 0)
            return api_error_fail(err, API_ERR_BODY, 0, "field \"%s\": a %s has no such member",
                                  j->string, res->name);
        if (decode_member(res->type, record, (unsigned)m, j, err) != 0)
            return -1;
    }
    return 0;
}
