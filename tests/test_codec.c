#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/codec.h"
#include "api/model.h"
#include "spec.h"

/* How many of the spec's examples the codec covers, counted once by hand
 * (89 examples holding 98 records): losing any fails the suite. */
#define SPEC_EXAMPLES_COVERED 89
#define SPEC_RECORDS_COVERED  98

/* Spec inconsistencies: examples sending properties their schema does not
 * define. Only these are dropped before comparing; a new one fails. */
static struct known_extra {
    const char *schema;
    const char *property;
    bool seen;
} known_extras[] = {
    {"RestRCampaign", "scheduleTime", false}, {"RestRCampaign", "scheduleTimezone", false},
    {"RestRCampaign", "trackReply", false},   {"RestETemplate", "templateCode", false},
    {"RestETemplate", "editorType", false},   {"RestRWebhook", "created", false},
};

/* Spec inconsistencies: a property of the wrong type. The codec must keep
 * the record with that one member unreadable, holding what was sent; the
 * rest is compared as usual. */
static struct known_bad_type {
    const char *where;
    const char *property;
    bool seen;
} known_bad_types[] = {
    /* "smartSend": "America/New_York" for a boolean. */
    {"components.schemas.RestRCampaign", "smartSend", false},
};

static const struct model_type *const all_types[] = {
#define TYPE_PTR(name, MEMBERS, UPPER) &model_##name##_type,
    SENDX_MODELS(TYPE_PTR)
#undef TYPE_PTR
};

/* Room for a record of any model, suitably aligned. */
union any_record {
#define RECORD_MEMBER(name, MEMBERS, UPPER) struct sendx_##name name;
    SENDX_MODELS(RECORD_MEMBER)
#undef RECORD_MEMBER
};

static cJSON *parse(const char *text)
{
    cJSON *j = cJSON_Parse(text);
    cr_assert_not_null(j, "test JSON does not parse: %s", text);
    return j;
}

/* cJSON_HasObjectItem ignores case, which would hide ltv vs LTV. */
static bool has(const cJSON *object, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(object, key) != NULL;
}

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

static const struct codec_schema *schema(const char *name)
{
    const struct codec_schema *s = model_schema_find(name);
    cr_assert_not_null(s, "no schema %s", name);
    return s;
}

static const struct codec_field *field_named(const struct codec_schema *s, const char *name,
                                             bool aliases)
{
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if (strcmp(f->name, name) == 0 || (aliases && f->alias && strcmp(f->alias, name) == 0))
            return f;
    }
    return NULL;
}

/* ---- the spec's own examples ---- */

static void rename_aliases(const struct codec_schema *s, cJSON *e)
{
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if (!f->alias || has(e, f->name))
            continue;
        cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(e, f->alias);
        if (v)
            cJSON_AddItemToObject(e, f->name, v);
    }
}

static bool drop_known_extra(const char *schema_name, cJSON *e, cJSON *item)
{
    for (size_t i = 0; i < sizeof known_extras / sizeof known_extras[0]; i++) {
        struct known_extra *k = &known_extras[i];
        if (strcmp(k->schema, schema_name) == 0 && strcmp(k->property, item->string) == 0) {
            k->seen = true;
            cJSON_Delete(cJSON_DetachItemViaPointer(e, item));
            return true;
        }
    }
    return false;
}

/* A number the codec takes as text comes back as that text. */
static void numbers_to_text(const struct codec_schema *s, cJSON *e, cJSON *item)
{
    const struct codec_field *f = field_named(s, item->string, false);
    cr_assert_not_null(f, "%s.%s is in the spec but not the table", s->name, item->string);
    if (!(f->flags & CODEC_TEXT_FROM_NUMBER) || !cJSON_IsNumber(item))
        return;
    char *text = cJSON_PrintUnformatted(item);
    cJSON_ReplaceItemInObjectCaseSensitive(e, item->string, cJSON_CreateString(text));
    free(text);
}

/* What encoding the decoded example should give back. */
static cJSON *expected_of(const struct codec_schema *s, const cJSON *spec_props,
                          const struct spec_example *ex, const cJSON *value)
{
    cJSON *e = cJSON_Duplicate(value, true);
    cr_assert(cJSON_IsObject(e), "%s: a %s example is not an object", ex->where, s->name);
    rename_aliases(s, e);
    cJSON *item = e->child;
    while (item) {
        cJSON *next = item->next;
        if (cJSON_IsNull(item))
            cJSON_Delete(cJSON_DetachItemViaPointer(e, item));
        else if (!has(spec_props, item->string))
            cr_assert(drop_known_extra(s->name, e, item),
                      "%s: property \"%s\" is not in schema %s (new spec inconsistency?)",
                      ex->where, item->string, s->name);
        else
            numbers_to_text(s, e, item);
        item = next;
    }
    return e;
}

/* The known wrong-typed properties of this example: each must be kept as
 * unreadable, clear, with the JSON it had; they are then dropped from
 * what encoding should give back. Returns how many there were. */
static size_t check_bad_types(const struct codec_schema *s, const struct spec_example *ex,
                              const cJSON *raw, const void *record, cJSON *expected)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof known_bad_types / sizeof known_bad_types[0]; i++) {
        struct known_bad_type *k = &known_bad_types[i];
        if (strcmp(k->where, ex->where) != 0 || !has(raw, k->property))
            continue;
        const struct codec_field *f = field_named(s, k->property, false);
        cr_assert_not_null(f, "%s: %s is not in %s", ex->where, k->property, s->name);
        const char *text = codec_unreadable_raw(record, f->member);
        cr_assert_not_null(text, "%s: bad %s not kept as unreadable", ex->where, k->property);
        cr_expect_not(codec_is_set(record, f->member), "%s: bad %s marked set", ex->where,
                      k->property);
        cJSON *sent = cJSON_Parse(text);
        cr_expect(cJSON_Compare(sent, cJSON_GetObjectItemCaseSensitive(raw, k->property), true),
                  "%s: %s kept as %s", ex->where, k->property, text);
        cJSON_Delete(sent);
        cJSON_DeleteItemFromObjectCaseSensitive(expected, k->property);
        k->seen = true;
        n++;
    }
    return n;
}

/* Decodes the example as a server would send it (aliases, extras and
 * all) and checks that encoding gives back every property it defines,
 * and that nothing else was unreadable. */
static void check_round_trip(const struct codec_schema *s, const cJSON *spec_props,
                             const struct spec_example *ex, const cJSON *value)
{
    cJSON *expected = expected_of(s, spec_props, ex, value);
    union any_record record;
    struct api_error err = {0};
    cr_assert_eq(codec_decode(s, value, &record, &err), 0, "%s (%s): %s", ex->where, s->name,
                 api_error_message(&err));
    size_t n_bad = check_bad_types(s, ex, value, &record, expected);
    cr_expect_eq(codec_unreadable_count(&record), n_bad, "%s (%s): fields left unread", ex->where,
                 s->name);
    cJSON *got = codec_encode(s, &record);
    cr_assert_not_null(got);
    char *want_text = cJSON_PrintUnformatted(expected);
    char *got_text = cJSON_PrintUnformatted(got);
    cr_expect(cJSON_Compare(got, expected, true), "%s (%s):\n want %s\n  got %s", ex->where,
              s->name, want_text, got_text);
    free(want_text);
    free(got_text);
    cJSON_Delete(got);
    cJSON_Delete(expected);
    codec_free(s->type, &record);
}

/* Checks one example; returns how many records it held. */
static size_t check_example(const cJSON *doc, const struct codec_schema *s,
                            const struct spec_example *ex)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(spec_schema(doc, s->name), "properties");
    cr_assert_not_null(props, "schema %s has no properties in the spec", s->name);
    if (!ex->is_array) {
        check_round_trip(s, props, ex, ex->value);
        return 1;
    }
    cr_assert(cJSON_IsArray(ex->value), "%s: array example is not an array", ex->where);
    const cJSON *item;
    cJSON_ArrayForEach(item, ex->value)
    {
        check_round_trip(s, props, ex, item);
    }
    return (size_t)cJSON_GetArraySize(ex->value);
}

static size_t schema_index(const struct codec_schema *s)
{
    for (size_t i = 0; i < model_n_schemas; i++)
        if (model_schemas[i] == s)
            return i;
    cr_assert_fail("model_schema_find returned %s, which is not in model_schemas", s->name);
    return 0;
}

Test(spec, examples_round_trip)
{
    cJSON *doc = spec_load(NULL);
    cr_assert_not_null(doc);
    struct spec_examples ex;
    cr_assert_eq(spec_examples_collect(doc, &ex), 0);
    size_t n_examples = 0, n_records = 0, per_schema[64] = {0};
    cr_assert_leq(model_n_schemas, 64);
    for (size_t i = 0; i < ex.len; i++) {
        const struct codec_schema *s = model_schema_find(ex.items[i].schema);
        if (!s)
            continue;
        size_t n = check_example(doc, s, &ex.items[i]);
        per_schema[schema_index(s)] += n;
        n_records += n;
        n_examples++;
    }
    cr_expect_eq(n_examples, SPEC_EXAMPLES_COVERED);
    cr_expect_eq(n_records, SPEC_RECORDS_COVERED);
    for (size_t i = 0; i < model_n_schemas; i++)
        cr_expect_gt(per_schema[i], 0, "no example checked for %s", model_schemas[i]->name);
    for (size_t i = 0; i < sizeof known_extras / sizeof known_extras[0]; i++)
        cr_expect(known_extras[i].seen, "%s.%s no longer appears: drop it from the list",
                  known_extras[i].schema, known_extras[i].property);
    for (size_t i = 0; i < sizeof known_bad_types / sizeof known_bad_types[0]; i++)
        cr_expect(known_bad_types[i].seen, "%s: %s no longer appears: drop it from the list",
                  known_bad_types[i].where, known_bad_types[i].property);
    spec_examples_free(&ex);
    cJSON_Delete(doc);
}

static bool in_list(const cJSON *list, const char *name)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        if (cJSON_IsString(item) && strcmp(item->valuestring, name) == 0)
            return true;
    }
    return false;
}

/* The tables name exactly the spec's properties and required lists. */
Test(spec, schema_fields_match)
{
    cJSON *doc = spec_load(NULL);
    cr_assert_not_null(doc);
    for (size_t i = 0; i < model_n_schemas; i++) {
        const struct codec_schema *s = model_schemas[i];
        const cJSON *spec = spec_schema(doc, s->name);
        cr_assert_not_null(spec, "%s is not a spec schema", s->name);
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(spec, "properties");
        const cJSON *required = cJSON_GetObjectItemCaseSensitive(spec, "required");
        cr_expect_eq((size_t)cJSON_GetArraySize(props), s->n_fields, "%s", s->name);
        for (size_t j = 0; j < s->n_fields; j++) {
            const struct codec_field *f = &s->fields[j];
            cr_expect(has(props, f->name), "%s.%s not in spec", s->name, f->name);
            cr_expect_eq(!!(f->flags & CODEC_REQUIRED), in_list(required, f->name),
                         "%s.%s required flag differs from the spec", s->name, f->name);
        }
    }
    cJSON_Delete(doc);
}

Test(spec, yaml_scalars_typed_as_core_schema)
{
    cJSON *doc = spec_load(NULL);
    cr_assert_not_null(doc);
    const cJSON *tag = cJSON_GetObjectItemCaseSensitive(spec_schema(doc, "RestRTag"), "example");
    cr_expect(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(tag, "created")));
    const cJSON *camp =
        cJSON_GetObjectItemCaseSensitive(spec_schema(doc, "RestECampaign"), "example");
    cr_expect(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(camp, "scheduleCondition")));
    cr_expect(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(camp, "timeCondition")));
    cr_expect(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(camp, "scheduleType")));
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(camp, "smartSend")));
    const cJSON *rev =
        cJSON_GetObjectItemCaseSensitive(spec_schema(doc, "RevenueEventRequest"), "example");
    cr_expect_float_eq(cJSON_GetObjectItemCaseSensitive(rev, "amount")->valuedouble, 99.99, 1e-9);
    const cJSON *ident =
        cJSON_GetObjectItemCaseSensitive(spec_schema(doc, "IdentifyResponse"), "example");
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(ident, "status")->valuestring, "200");
    cr_expect_not_null(spec_schema(doc, "#/components/schemas/LinkStat"));
    cr_expect_null(spec_schema(doc, "NoSuchSchema"));
    cJSON_Delete(doc);
}

/* ---- tolerant decoding ---- */

static struct sendx_contact decode_contact(const char *text)
{
    cJSON *j = parse(text);
    struct sendx_contact c;
    struct api_error err = {0};
    cr_assert_eq(codec_decode(schema("RestRContact"), j, &c, &err), 0, "%s",
                 api_error_message(&err));
    cJSON_Delete(j);
    return c;
}

Test(tolerance, unknown_fields_ignored)
{
    struct sendx_contact c =
        decode_contact("{\"id\":\"contact_x\",\"future\":{\"a\":[1,2]},\"LTVx\":\"no\"}");
    cr_expect_str_eq(c.id, "contact_x");
    cr_expect_eq(c.set, (uint64_t)1 << SENDX_CONTACT_ID);
    codec_free(&model_contact_type, &c);
}

/* Members are read in one pass whatever their order: the schema's order
 * reversed reads the same, and of a name sent twice the first counts, as
 * a lookup by name would find it. */
Test(tolerance, member_order_does_not_matter_and_the_first_of_a_repeat_counts)
{
    struct sendx_contact c = decode_contact("{\"spam\":true,\"company\":\"Acme\",\"email\":"
                                            "\"first@x.io\",\"id\":\"contact_x\",\"email\":"
                                            "\"second@x.io\",\"firstName\":\"Ana\"}");
    cr_expect_str_eq(c.id, "contact_x");
    cr_expect_str_eq(c.email, "first@x.io");
    cr_expect_str_eq(c.company, "Acme");
    cr_expect_str_eq(c.first_name, "Ana");
    cr_expect(c.spam);
    codec_free(&model_contact_type, &c);
}

Test(tolerance, missing_and_null_fields_stay_clear)
{
    struct sendx_contact c = decode_contact(
        "{\"email\":\"a@b.c\",\"firstName\":null,\"lists\":null,\"LTV\":null,\"spam\":false}");
    cr_expect_eq(c.set, ((uint64_t)1 << SENDX_CONTACT_EMAIL) | ((uint64_t)1 << SENDX_CONTACT_SPAM));
    cr_expect_null(c.first_name);
    cr_expect_eq(c.lists.len, 0);
    cr_expect_not(c.spam);
    cr_expect(codec_is_set(&c, SENDX_CONTACT_SPAM));
    cr_expect_not(codec_is_set(&c, SENDX_CONTACT_LTV));
    codec_free(&model_contact_type, &c);
}

Test(tolerance, ltv_either_spelling)
{
    struct sendx_contact lower = decode_contact("{\"ltv\":7500}");
    struct sendx_contact upper = decode_contact("{\"LTV\":1200}");
    struct sendx_contact both = decode_contact("{\"ltv\":1,\"LTV\":2}");
    struct sendx_contact null_upper = decode_contact("{\"LTV\":null,\"ltv\":3}");
    cr_expect_eq(lower.ltv, 7500);
    cr_expect(codec_is_set(&lower, SENDX_CONTACT_LTV));
    cr_expect_eq(upper.ltv, 1200);
    cr_expect_eq(both.ltv, 2, "the schema's spelling wins");
    cr_expect_eq(null_upper.ltv, 3);
    char *text = codec_encode_string(schema("RestRContact"), &lower);
    cr_expect_str_eq(text, "{\"LTV\":7500}");
    free(text);
    codec_free(&model_contact_type, &lower);
    codec_free(&model_contact_type, &upper);
    codec_free(&model_contact_type, &both);
    codec_free(&model_contact_type, &null_upper);
}

Test(tolerance, numeric_error_status_is_text)
{
    cJSON *j = parse("{\"status\":401,\"message\":\"The Team ID or API Key is not valid\"}");
    struct sendx_message m;
    struct api_error err = {0};
    cr_assert_eq(codec_decode(&model_error_schema, j, &m, &err), 0, "%s", api_error_message(&err));
    cr_expect_str_eq(m.status, "401");
    cr_expect_str_eq(m.message, "The Team ID or API Key is not valid");
    codec_free(&model_message_type, &m);
    cJSON_Delete(j);
    j = parse("{\"status\":401,\"message\":\"m\"}");
    cr_assert_eq(codec_decode(&model_message_schema, j, &m, &err), 0, "%s",
                 api_error_message(&err));
    cr_expect_not(codec_is_set(&m, SENDX_MESSAGE_STATUS),
                  "only ErrorResponse takes a number as text");
    cr_expect_str_eq(codec_unreadable_raw(&m, SENDX_MESSAGE_STATUS), "401");
    cr_expect_str_eq(m.message, "m");
    codec_free(&model_message_type, &m);
    cJSON_Delete(j);
}

Test(tolerance, map_numbers_become_text)
{
    struct sendx_contact c = decode_contact(
        "{\"customFields\":{\"field_a\":\"x\",\"field_b\":42,\"field_c\":2.5,\"field_d\":true}}");
    cr_assert_eq(c.custom_fields.len, 4);
    const char *want[][2] = {
        {"field_a", "x"}, {"field_b", "42"}, {"field_c", "2.5"}, {"field_d", "true"}};
    for (size_t i = 0; i < 4; i++) {
        cr_expect_str_eq(c.custom_fields.items[i].key, want[i][0]);
        cr_expect_str_eq(c.custom_fields.items[i].value, want[i][1]);
    }
    codec_free(&model_contact_type, &c);
}

/* ---- wrong types ---- */

/* Decodes text that must fail; checks the message names field and the
 * record is left zeroed. */
static void expect_rejected(const struct codec_schema *s, const char *text, const char *field)
{
    cJSON *j = parse(text);
    union any_record record;
    struct api_error err = {0};
    memset(&record, 0xAB, sizeof record);
    cr_assert_eq(codec_decode(s, j, &record, &err), -1, "accepted: %s", text);
    cr_expect_eq(err.kind, API_ERR_BODY);
    cr_expect_not_null(strstr(api_error_message(&err), field), "message \"%s\" lacks %s",
                       api_error_message(&err), field);
    cr_expect(all_zero(&record, s->type->size), "record not zeroed after: %s", text);
    api_error_clear(&err);
    cJSON_Delete(j);
}

/* Decodes text into *record (an any_record) and checks member is the one
 * field left unreadable, clear, holding the JSON of property as sent. */
static void decode_one_unreadable(const struct codec_schema *s, const char *text,
                                  const char *property, unsigned member, void *record)
{
    cJSON *j = parse(text);
    struct api_error err = {0};
    cr_assert_eq(codec_decode(s, j, record, &err), 0, "%s: %s", text, api_error_message(&err));
    cr_expect_eq(codec_unreadable_count(record), 1, "%s", text);
    cr_expect_not(codec_is_set(record, member), "%s", text);
    const char *raw = codec_unreadable_raw(record, member);
    cr_assert_not_null(raw, "%s: %s not kept", text, property);
    cJSON *back = cJSON_Parse(raw);
    cr_expect(cJSON_Compare(back, cJSON_GetObjectItemCaseSensitive(j, property), true),
              "%s: kept as %s", text, raw);
    cJSON_Delete(back);
    cJSON_Delete(j);
}

/* Same for a whole record of schema s, freed after. */
static void expect_unreadable(const struct codec_schema *s, const char *text, const char *property,
                              unsigned member)
{
    union any_record record;
    decode_one_unreadable(s, text, property, member, &record);
    codec_free(s->type, &record);
}

Test(wrong_types, each_kept_unreadable_with_what_was_sent)
{
    const struct codec_schema *rc = schema("RestRContact");
    expect_unreadable(rc, "{\"id\":\"c\",\"contactSource\":\"1\"}", "contactSource",
                      SENDX_CONTACT_CONTACT_SOURCE);
    expect_unreadable(rc, "{\"id\":\"c\",\"lists\":{\"a\":1}}", "lists", SENDX_CONTACT_LISTS);
    expect_unreadable(rc, "{\"id\":\"c\",\"lists\":[\"list_a\",3]}", "lists", SENDX_CONTACT_LISTS);
    expect_unreadable(rc, "{\"id\":\"c\",\"LTV\":1.5}", "LTV", SENDX_CONTACT_LTV);
    expect_unreadable(rc, "{\"id\":\"c\",\"LTV\":1e300}", "LTV", SENDX_CONTACT_LTV);
    expect_unreadable(rc, "{\"id\":\"c\",\"ltv\":9223372036854775808}", "ltv", SENDX_CONTACT_LTV);
    expect_unreadable(rc, "{\"id\":\"c\",\"spam\":\"false\"}", "spam", SENDX_CONTACT_SPAM);
    expect_unreadable(rc, "{\"id\":\"c\",\"customFields\":{\"f\":[]}}", "customFields",
                      SENDX_CONTACT_CUSTOM_FIELDS);
    expect_unreadable(rc, "{\"id\":\"c\",\"customFields\":[\"x\"]}", "customFields",
                      SENDX_CONTACT_CUSTOM_FIELDS);
    expect_unreadable(&model_report_schema, "{\"linkStats\":[{\"url\":\"u\"},7]}", "linkStats",
                      SENDX_REPORT_LINK_STATS);
    expect_unreadable(&model_report_schema, "{\"linkStats\":{\"url\":\"u\"}}", "linkStats",
                      SENDX_REPORT_LINK_STATS);
    expect_unreadable(&model_error_schema, "{\"status\":[401]}", "status", SENDX_MESSAGE_STATUS);
}

Test(wrong_types, only_that_member_is_unreadable)
{
    const char *sent = "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"email\":\"a@b.c\","
                       "\"lists\":[\"list_a\"],\"customFields\":{\"k\":\"v\"},\"spam\":\"yes\","
                       "\"bounced\":true,\"LTV\":12}";
    struct sendx_contact c;
    decode_one_unreadable(schema("RestRContact"), sent, "spam", SENDX_CONTACT_SPAM, &c);
    cr_expect_str_eq(codec_unreadable_raw(&c, SENDX_CONTACT_SPAM), "\"yes\"");
    cr_expect_not(c.spam);
    cJSON *want = parse(sent);
    cJSON_DeleteItemFromObjectCaseSensitive(want, "spam");
    cJSON *got = codec_encode(schema("RestRContact"), &c);
    char *got_text = cJSON_PrintUnformatted(got);
    cr_expect(cJSON_Compare(got, want, true), "the rest reads as usual, got %s", got_text);
    free(got_text);
    cJSON_Delete(got);
    cJSON_Delete(want);
    codec_free(&model_contact_type, &c);
}

/* The contact: a lifetime value beyond 64 bits. */
Test(wrong_types, ltv_beyond_64_bits_keeps_the_contact)
{
    struct sendx_contact c;
    decode_one_unreadable(schema("RestRContact"),
                          "{\"id\":\"contact_AXCZG3Ii9bjBoUUINcSqo8\",\"email\":\"rich@x.io\","
                          "\"LTV\":1e30}",
                          "LTV", SENDX_CONTACT_LTV, &c);
    cr_expect_str_eq(c.id, "contact_AXCZG3Ii9bjBoUUINcSqo8");
    cr_expect_str_eq(c.email, "rich@x.io");
    cr_expect_eq(c.ltv, 0);
    codec_free(&model_contact_type, &c);
}

/* A number past a double's range says so, where cJSON would print null;
 * one past 64 bits shows as read. */
Test(wrong_types, numbers_too_large_show_what_they_were)
{
    struct sendx_contact c;
    cJSON *j = parse("{\"id\":\"contact_AXCZG3Ii9bjBoUUINcSqo8\",\"LTV\":1e400}");
    struct api_error err = {0};
    cr_assert_eq(codec_decode(schema("RestRContact"), j, &c, &err), 0);
    cr_expect_str_eq(codec_unreadable_raw(&c, SENDX_CONTACT_LTV), CODEC_RAW_HUGE);
    cJSON_Delete(j);
    codec_free(&model_contact_type, &c);
    decode_one_unreadable(
        schema("RestRContact"),
        "{\"id\":\"contact_AXCZG3Ii9bjBoUUINcSqo8\",\"LTV\":18446744073709551616}", "LTV",
        SENDX_CONTACT_LTV, &c);
    cr_expect_str_eq(codec_unreadable_raw(&c, SENDX_CONTACT_LTV), "1.8446744073709552e+19");
    codec_free(&model_contact_type, &c);
}

/* The campaign: Prism serves the spec's example, whose smartSend
 * is a time zone. */
Test(wrong_types, smart_send_text_keeps_the_campaign)
{
    struct sendx_campaign k;
    decode_one_unreadable(schema("RestRCampaign"),
                          "{\"id\":\"campaign_LUE9BTxmksSmqHWbh96zsn\",\"name\":\"Spring\","
                          "\"smartSend\":\"America/New_York\",\"isArchived\":false,\"status\":2}",
                          "smartSend", SENDX_CAMPAIGN_SMART_SEND, &k);
    cr_expect_str_eq(codec_unreadable_raw(&k, SENDX_CAMPAIGN_SMART_SEND), "\"America/New_York\"");
    cr_expect_str_eq(k.name, "Spring");
    cr_expect(codec_is_set(&k, SENDX_CAMPAIGN_IS_ARCHIVED));
    cr_expect_eq(k.status, 2);
    codec_free(&model_campaign_type, &k);
}

/* Each link is a record of its own: a bad count unreads that count only. */
Test(wrong_types, a_bad_link_field_keeps_the_report)
{
    cJSON *j =
        parse("{\"campaignId\":\"campaign_x\",\"sentContactCount\":9,\"linkStats\":["
              "{\"url\":\"https://a\",\"count\":\"ten\"},{\"url\":\"https://b\",\"count\":2}]}");
    struct sendx_report r;
    struct api_error err = {0};
    cr_assert_eq(codec_decode(&model_report_schema, j, &r, &err), 0, "%s", api_error_message(&err));
    cr_expect_eq(codec_unreadable_count(&r), 0);
    cr_expect_eq(r.sent, 9);
    cr_assert_eq(r.link_stats.len, 2);
    const struct sendx_link_stat *ls = r.link_stats.items;
    cr_expect_str_eq(ls[0].url, "https://a");
    cr_expect_str_eq(codec_unreadable_raw(&ls[0], SENDX_LINK_STAT_COUNT), "\"ten\"");
    cr_expect_not(codec_is_set(&ls[0], SENDX_LINK_STAT_COUNT));
    cr_expect_eq(codec_unreadable_count(&ls[1]), 0);
    cr_expect_eq(ls[1].count, 2);
    codec_free(&model_report_type, &r);
    cJSON_Delete(j);
}

static void expect_strict_refusal(const struct codec_schema *s, const char *text,
                                  const char *message)
{
    cJSON *j = parse(text);
    union any_record record;
    struct api_error err = {0};
    memset(&record, 0xAB, sizeof record);
    cr_assert_eq(codec_decode_strict(s, j, &record, &err), -1, "accepted: %s", text);
    cr_expect_eq(err.kind, API_ERR_BODY);
    cr_expect_str_eq(api_error_message(&err), message);
    cr_expect(all_zero(&record, s->type->size), "record not zeroed after: %s", text);
    api_error_clear(&err);
    cJSON_Delete(j);
}

Test(wrong_types, strict_decoding_refuses_naming_the_field)
{
    expect_strict_refusal(schema("RestECampaign"),
                          "{\"name\":\"n\",\"smartSend\":\"America/New_York\"}",
                          "field \"smartSend\": expected a boolean, got a string");
    expect_strict_refusal(schema("RestEContact"), "{\"email\":\"a@b.c\",\"lists\":5}",
                          "field \"lists\": expected an array of strings, got a number");
    expect_strict_refusal(schema("RestEContact"), "{\"lists\":[\"a\",3]}",
                          "field \"lists\": expected an array of strings, item 1 is a number");
    expect_strict_refusal(schema("RestRContact"), "{\"LTV\":1e30}",
                          "field \"LTV\": expected an integer, got 1e+30 (out of range)");
    expect_strict_refusal(schema("RestECustomField"), "{\"type\":1.5}",
                          "field \"type\": expected an integer, got 1.5");
    expect_strict_refusal(&model_report_schema,
                          "{\"linkStats\":[{\"url\":\"u\",\"count\":\"ten\"}]}",
                          "field \"linkStats\": item 0: field \"count\": expected an integer, "
                          "got a string");
    expect_strict_refusal(schema("RestRContact"), "{\"customFields\":{\"f\":[]}}",
                          "field \"customFields\": key \"f\": expected text, got an array");

    cJSON *j = parse("{\"email\":\"a@b.c\",\"lists\":[\"l\"]}");
    struct sendx_contact c;
    struct api_error err = {0};
    cr_assert_eq(codec_decode_strict(schema("RestEContact"), j, &c, &err), 0);
    cr_expect_str_eq(c.lists.items[0], "l");
    codec_free(&model_contact_type, &c);
    cJSON_Delete(j);
}

Test(wrong_types, int64_range_edges)
{
    struct sendx_contact lo = decode_contact("{\"LTV\":-9223372036854775808}");
    cr_expect_eq(lo.ltv, INT64_MIN);
    struct sendx_contact neg = decode_contact("{\"LTV\":-42,\"contactSource\":3.0}");
    cr_expect_eq(neg.ltv, -42);
    cr_expect_eq(neg.contact_source, 3);
    cr_expect_eq(codec_unreadable_count(&lo) + codec_unreadable_count(&neg), 0);
    codec_free(&model_contact_type, &lo);
    codec_free(&model_contact_type, &neg);
}

Test(wrong_types, decode_array_keeps_every_identified_record)
{
    cJSON *j = parse("[{\"id\":\"a\"},{\"id\":1},{\"id\":\"b\",\"lists\":[\"l\"]},7,"
                     "{\"LTV\":1.5},{\"id\":\"c\",\"LTV\":1e30}]");
    struct sendx_objects out;
    size_t n_bad = 99;
    struct api_error bad = {0}, err = {0};
    cr_assert_eq(codec_decode_array(schema("RestRContact"), j, &out, &n_bad, &bad, &err), 0);
    cr_expect_eq(out.len, 3);
    cr_expect_eq(n_bad, 3, "a numeric id, a number, a record with no id");
    const struct sendx_contact *c = out.items;
    cr_expect_str_eq(c[0].id, "a");
    cr_expect_str_eq(c[1].id, "b");
    cr_expect_str_eq(c[1].lists.items[0], "l");
    cr_expect_str_eq(c[2].id, "c");
    cr_expect_not_null(codec_unreadable_raw(&c[2], SENDX_CONTACT_LTV));
    cr_expect_str_eq(api_error_message(&bad),
                     "item 1: field \"id\": expected a string, got a number");
    cr_expect_eq(err.kind, API_OK);
    codec_objects_free(&model_contact_type, &out);
    cr_expect_null(out.items);
    api_error_clear(&bad);
    cJSON_Delete(j);
}

Test(wrong_types, decode_array_says_why_a_record_without_id_is_skipped)
{
    cJSON *j = parse("[{\"email\":\"a@b.c\",\"lists\":[\"l\"]},{\"id\":null}]");
    struct sendx_objects out;
    size_t n_bad = 0;
    struct api_error bad = {0}, err = {0};
    cr_assert_eq(codec_decode_array(schema("RestRTag"), j, &out, &n_bad, &bad, &err), 0);
    cr_expect_eq(out.len, 0);
    cr_expect_eq(n_bad, 2);
    cr_expect_str_eq(api_error_message(&bad), "item 0: field \"id\": missing");
    codec_objects_free(&model_tag_type, &out);
    api_error_clear(&bad);
    cJSON_Delete(j);
    j = parse("[{\"url\":\"u\"}]");
    cr_assert_eq(codec_decode_array(schema("LinkStat"), j, &out, &n_bad, NULL, &err), 0);
    cr_expect_eq(out.len, 1, "a schema with no identity needs none");
    codec_objects_free(&model_link_stat_type, &out);
    cJSON_Delete(j);
}

Test(wrong_types, decode_array_needs_an_array)
{
    cJSON *j = parse("{\"id\":\"a\"}");
    struct sendx_objects out;
    size_t n_bad;
    struct api_error err = {0};
    cr_expect_eq(codec_decode_array(schema("RestRContact"), j, &out, &n_bad, NULL, &err), -1);
    cr_expect_not_null(strstr(api_error_message(&err), "expected an array"));
    cr_expect_null(out.items);
    cr_expect_eq(out.len, 0);
    api_error_clear(&err);
    cJSON_Delete(j);
    j = parse("[]");
    cr_expect_eq(codec_decode_array(schema("RestRTag"), j, &out, NULL, NULL, &err), 0);
    cr_expect_eq(out.len, 0);
    cJSON_Delete(j);
}

/* ---- identity ---- */

Test(identity, a_bad_id_rejects_the_record)
{
    static const char *const bodies[] = {
        "{\"id\":7,\"email\":\"a@b.c\"}",  "{\"id\":\"\",\"email\":\"a@b.c\"}",
        "{\"id\":[\"contact_x\"]}",        "{\"id\":\"contact x\"}",
        "{\"id\":\"../contact_x\"}",       "{\"id\":\"contact-x\"}",
        "{\"id\":\"contact_\\u001b[2J\"}", "{\"id\":\"contact_\\u00e9\"}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        expect_rejected(schema("RestRContact"), bodies[i], "field \"id\"");
    expect_rejected(schema("RestRCampaign"), "{\"id\":true,\"name\":\"n\"}", "field \"id\"");
    expect_rejected(schema("RestRTag"), "{\"id\":\"tag/1\"}", "field \"id\"");
    expect_rejected(schema("RestRMember"), "{\"id\":{}}", "field \"id\"");
}

Test(identity, a_missing_id_is_rejected_where_records_are_told_apart)
{
    cJSON *j = parse("{\"email\":\"a@b.c\",\"lists\":[\"l\"],\"customFields\":{\"k\":\"v\"}}");
    struct sendx_contact c;
    struct api_error err = {0};
    cr_assert_eq(codec_decode(schema("RestRContact"), j, &c, &err), 0,
                 "the answer to a write may lack its id");
    cr_expect_eq(codec_require_identity(schema("RestRContact"), &c, &err), -1);
    cr_expect_str_eq(api_error_message(&err), "field \"id\": missing");
    cr_expect(all_zero(&c, sizeof c), "the record is freed");
    api_error_clear(&err);
    cJSON_Delete(j);

    j = parse("{\"id\":\"contact_x\"}");
    cr_assert_eq(codec_decode(schema("RestRContact"), j, &c, &err), 0);
    cr_expect_eq(codec_require_identity(schema("RestRContact"), &c, &err), 0);
    cr_expect_str_eq(c.id, "contact_x");
    codec_free(&model_contact_type, &c);
    cJSON_Delete(j);

    struct sendx_message m = {0};
    cr_expect_eq(codec_require_identity(&model_message_schema, &m, &err), 0,
                 "a message has no identity to lack");
}

Test(identity, plausible_ids)
{
    char longest[MODEL_ID_MAX + 2];
    memset(longest, 'a', sizeof longest - 1);
    longest[MODEL_ID_MAX + 1] = '\0';
    cr_expect_not(model_id_plausible(longest), "%d characters", MODEL_ID_MAX + 1);
    longest[MODEL_ID_MAX] = '\0';
    cr_expect(model_id_plausible(longest), "%d characters", MODEL_ID_MAX);
    cr_expect(model_id_plausible("contact_BnKjkbBBS500CoBCP0oChQ"));
    cr_expect(model_id_plausible("tag_abc123def456"), "the spec's own short example");
    cr_expect(model_id_plausible("custom_field_abc123def456ghi789"));
    cr_expect(model_id_plausible("x"));
    cr_expect_not(model_id_plausible(""));
    cr_expect_not(model_id_plausible("contact BnKj"));
    cr_expect_not(model_id_plausible("contact-1"));
    cr_expect_not(model_id_plausible("a/b"));
    cr_expect_not(model_id_plausible("caf\xc3\xa9"));
    cr_expect_not(model_id_plausible("x\n"));
}

/* ---- unreadable fields and the record helpers ---- */

static struct sendx_campaign two_unreadable(void)
{
    struct sendx_campaign k;
    cJSON *j = parse("{\"id\":\"campaign_x\",\"name\":\"n\",\"smartSend\":\"America/New_York\","
                     "\"status\":\"sent\",\"includedLists\":[\"list_a\"]}");
    struct api_error err = {0};
    cr_assert_eq(codec_decode(schema("RestRCampaign"), j, &k, &err), 0);
    cr_assert_eq(codec_unreadable_count(&k), 2);
    cJSON_Delete(j);
    return k;
}

Test(unreadable, copied_deep_and_freed)
{
    struct sendx_campaign k = two_unreadable();
    struct sendx_campaign copy;
    cr_assert_eq(codec_copy(&model_campaign_type, &copy, &k), 0);
    cr_expect_eq(codec_unreadable_count(&copy), 2);
    const char *a = codec_unreadable_raw(&k, SENDX_CAMPAIGN_STATUS);
    const char *b = codec_unreadable_raw(&copy, SENDX_CAMPAIGN_STATUS);
    cr_assert_not_null(b);
    cr_expect_neq(a, b, "the copy has its own text");
    cr_expect_str_eq(b, "\"sent\"");
    codec_free(&model_campaign_type, &k);
    cr_expect(all_zero(&k, sizeof k));
    cr_expect_eq(codec_unreadable_count(&k), 0);
    cr_expect_str_eq(codec_unreadable_raw(&copy, SENDX_CAMPAIGN_SMART_SEND), "\"America/New_York\"",
                     "the copy outlives the original");
    cr_expect_str_eq(copy.included_lists.items[0], "list_a");
    codec_free(&model_campaign_type, &copy);
    cr_expect(all_zero(&copy, sizeof copy));
}

Test(unreadable, setting_a_member_forgets_it)
{
    struct sendx_campaign k = two_unreadable();
    codec_set_bool(&model_campaign_type, &k, SENDX_CAMPAIGN_SMART_SEND, true);
    cr_expect_null(codec_unreadable_raw(&k, SENDX_CAMPAIGN_SMART_SEND));
    cr_expect_eq(codec_unreadable_count(&k), 1);
    cr_expect(codec_is_set(&k, SENDX_CAMPAIGN_SMART_SEND));
    codec_set_int(&model_campaign_type, &k, SENDX_CAMPAIGN_STATUS, 3);
    cr_expect_eq(codec_unreadable_count(&k), 0);
    cr_expect_null(k.unreadable, "nothing left to hold");
    codec_free(&model_campaign_type, &k);
}

Test(unreadable, never_encoded)
{
    struct sendx_campaign k = two_unreadable();
    char *text = codec_encode_string(schema("RestRCampaign"), &k);
    cr_expect_str_eq(text, "{\"id\":\"campaign_x\",\"name\":\"n\",\"includedLists\":[\"list_a\"]}");
    free(text);
    codec_free(&model_campaign_type, &k);
}

Test(unreadable, none_costs_nothing)
{
    struct sendx_contact c = decode_contact("{\"id\":\"c\",\"email\":\"a@b.c\"}");
    cr_expect_null(c.unreadable);
    cr_expect_eq(codec_unreadable_count(&c), 0);
    cr_expect_null(codec_unreadable_raw(&c, SENDX_CONTACT_EMAIL));
    cr_expect_null(codec_unreadable_raw(&c, SENDX_CONTACT_LTV), "absent is not unreadable");
    codec_free(&model_contact_type, &c);
}

/* ---- hostile bodies ---- */

Test(hostile, truncated_json_reaches_the_codec_as_null)
{
    const char body[] = "{\"id\":\"contact_abc\",\"lists\":[\"li";
    cJSON *j = cJSON_ParseWithLength(body, sizeof body - 1);
    cr_expect_null(j);
    struct sendx_contact c;
    struct api_error err = {0};
    cr_expect_eq(codec_decode(schema("RestRContact"), j, &c, &err), -1);
    cr_expect_str_eq(api_error_message(&err), "expected an object, got nothing");
    api_error_clear(&err);
    cJSON *scalar = parse("\"just text\"");
    cr_expect_eq(codec_decode(schema("RestRContact"), scalar, &c, &err), -1);
    cr_expect(all_zero(&c, sizeof c));
    api_error_clear(&err);
    cJSON_Delete(scalar);
}

static char *nested(const char *before, size_t depth, const char *after)
{
    size_t n = strlen(before) + 2 * depth + strlen(after) + 1;
    char *s = malloc(n);
    cr_assert_not_null(s);
    char *p = stpcpy(s, before);
    memset(p, '[', depth);
    memset(p + depth, ']', depth);
    strcpy(p + 2 * depth, after);
    return s;
}

Test(hostile, deep_nesting)
{
    char *deep = nested("{\"id\":\"c\",\"lists\":", 10000, "}");
    cr_expect_null(cJSON_Parse(deep), "cJSON's nesting limit stops this before the codec");
    free(deep);

    char *ignored = nested("{\"id\":\"c\",\"unknown\":", 500, "}");
    struct sendx_contact c = decode_contact(ignored);
    cr_expect_str_eq(c.id, "c");
    codec_free(&model_contact_type, &c);
    free(ignored);

    char *bad = nested("{\"id\":\"c\",\"lists\":", 500, "}");
    c = decode_contact(bad);
    const char *raw = codec_unreadable_raw(&c, SENDX_CONTACT_LISTS);
    cr_assert_not_null(raw);
    cr_expect_leq(strlen(raw), CODEC_RAW_MAX + strlen(CODEC_RAW_CUT));
    cr_expect_str_eq(c.id, "c");
    codec_free(&model_contact_type, &c);
    free(bad);
}

Test(hostile, embedded_nul_ends_the_string)
{
    struct sendx_contact c = decode_contact("{\"firstName\":\"Ann\\u0000DROP\",\"id\":\"c\"}");
    cr_expect_str_eq(c.first_name, "Ann", "C strings stop at NUL; nothing past it leaks out");
    cr_expect_str_eq(c.id, "c");
    codec_free(&model_contact_type, &c);
}

Test(hostile, very_long_string)
{
    size_t n = 1u << 20;
    char *body = malloc(n + 32);
    cr_assert_not_null(body);
    char *p = stpcpy(body, "{\"firstName\":\"");
    memset(p, 'x', n);
    strcpy(p + n, "\"}");
    struct sendx_contact c = decode_contact(body);
    cr_assert_eq(strlen(c.first_name), n);
    char *text = codec_encode_string(schema("RestRContact"), &c);
    cr_expect_str_eq(text, body);
    free(text);
    free(body);
    codec_free(&model_contact_type, &c);
}

Test(hostile, control_characters_kept_as_data)
{
    const char *body = "{\"company\":\"a\\u0001b\\tc\\n\\u001b[31mred\\u007f\"}";
    struct sendx_contact c = decode_contact(body);
    cr_expect_str_eq(c.company, "a\x01"
                                "b\tc\n\x1b[31mred\x7f");
    char *text = codec_encode_string(schema("RestRContact"), &c);
    cJSON *again = parse(text);
    cr_expect_str_eq(cJSON_GetObjectItemCaseSensitive(again, "company")->valuestring, c.company);
    cJSON_Delete(again);
    free(text);
    codec_free(&model_contact_type, &c);
}

/* Whether s is well-formed UTF-8 (no cut characters). */
static bool utf8_whole(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int more = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : 3;
        if ((*p & 0xC0) == 0x80)
            return false;
        for (p++; more > 0; more--, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

/* A long unreadable value is kept as its first CODEC_RAW_MAX bytes at
 * most, whole characters, then the cut mark. */
static void expect_capped(const char *raw, const char *starts)
{
    size_t n = strlen(raw), cut = strlen(CODEC_RAW_CUT);
    cr_expect_leq(n, CODEC_RAW_MAX + cut);
    cr_expect_gt(n, CODEC_RAW_MAX - 4 + cut, "cut at most a character short");
    cr_expect_str_eq(raw + n - cut, CODEC_RAW_CUT);
    cr_expect_eq(strncmp(raw, starts, strlen(starts)), 0, "%.40s", raw);
    cr_expect(utf8_whole(raw), "a character was cut in half");
}

Test(hostile, unreadable_text_is_capped)
{
    size_t n = 1u << 20;
    char *body = malloc(n + 64);
    cr_assert_not_null(body);
    char *p = stpcpy(body, "{\"id\":\"c\",\"spam\":\"");
    memset(p, 'x', n);
    strcpy(p + n, "\"}");
    struct sendx_contact c = decode_contact(body);
    expect_capped(codec_unreadable_raw(&c, SENDX_CONTACT_SPAM), "\"xxxxxxxx");
    codec_free(&model_contact_type, &c);

    /* Two-byte characters, so the cap falls inside one. */
    p = stpcpy(body, "{\"id\":\"c\",\"LTV\":\"");
    for (size_t i = 0; i < 300; i++)
        p = stpcpy(p, "\xc3\xa9");
    strcpy(p, "\"}");
    c = decode_contact(body);
    expect_capped(codec_unreadable_raw(&c, SENDX_CONTACT_LTV), "\"\xc3\xa9\xc3\xa9");
    codec_free(&model_contact_type, &c);
    free(body);
}

/* Control characters in a wrong-typed value stay escaped JSON text: what
 * reaches the screen cannot be a terminal command, and still reads back
 * as exactly what was sent. */
Test(hostile, unreadable_text_stays_data)
{
    const char *body = "{\"id\":\"c\",\"spam\":\"\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\r\"}";
    cJSON *j = parse(body);
    struct sendx_contact c = decode_contact(body);
    const char *raw = codec_unreadable_raw(&c, SENDX_CONTACT_SPAM);
    cr_assert_not_null(raw);
    for (const char *q = raw; *q; q++)
        cr_assert_geq((unsigned char)*q, 0x20, "a control character in %s", raw);
    cJSON *back = cJSON_Parse(raw);
    cr_assert(cJSON_IsString(back), "%s", raw);
    cr_expect_str_eq(back->valuestring, cJSON_GetObjectItemCaseSensitive(j, "spam")->valuestring);
    cr_expect_str_eq(back->valuestring, "\x1b]52;c;ZXZpbA==\a\x1b[2J\r");
    cJSON_Delete(back);
    cJSON_Delete(j);
    codec_free(&model_contact_type, &c);
}

/* ---- encoding and record helpers ---- */

Test(encode, only_set_fields)
{
    struct sendx_contact c = {0};
    cr_assert_eq(codec_set_string(&model_contact_type, &c, SENDX_CONTACT_FIRST_NAME, "Ann"), 0);
    cr_expect_eq(c.set, (uint64_t)1 << SENDX_CONTACT_FIRST_NAME);
    char *text = codec_encode_string(schema("RestEContact"), &c);
    cr_expect_str_eq(text, "{\"firstName\":\"Ann\"}");
    free(text);
    codec_set_int(&model_contact_type, &c, SENDX_CONTACT_LTV, 5);
    cr_expect(codec_is_set(&c, SENDX_CONTACT_LTV));
    text = codec_encode_string(schema("RestEContact"), &c);
    cr_expect_str_eq(text, "{\"firstName\":\"Ann\"}", "LTV is not in the request schema");
    free(text);
    struct sendx_contact empty = {0};
    text = codec_encode_string(schema("RestEContact"), &empty);
    cr_expect_str_eq(text, "{}");
    free(text);
    codec_free(&model_contact_type, &c);
}

Test(encode, setters_set_bits_and_values)
{
    struct sendx_contact c = {0};
    const char *lists[] = {"list_a", "list_b"};
    cr_assert_eq(codec_set_strings(&model_contact_type, &c, SENDX_CONTACT_LISTS, lists, 2), 0);
    codec_set_bool(&model_contact_type, &c, SENDX_CONTACT_SPAM, false);
    cr_assert_eq(codec_map_put(&model_contact_type, &c, SENDX_CONTACT_CUSTOM_FIELDS, "z", "1"), 0);
    cr_assert_eq(codec_map_put(&model_contact_type, &c, SENDX_CONTACT_CUSTOM_FIELDS, "a", "2"), 0);
    cr_assert_eq(codec_map_put(&model_contact_type, &c, SENDX_CONTACT_CUSTOM_FIELDS, "z", "3"), 0);
    cr_assert_eq(codec_set_string(&model_contact_type, &c, SENDX_CONTACT_EMAIL, "e@x.io"), 0);
    cr_expect_eq(*codec_set_mask(&c), ((uint64_t)1 << SENDX_CONTACT_LISTS) |
                                          ((uint64_t)1 << SENDX_CONTACT_SPAM) |
                                          ((uint64_t)1 << SENDX_CONTACT_CUSTOM_FIELDS) |
                                          ((uint64_t)1 << SENDX_CONTACT_EMAIL));
    char *text = codec_encode_string(schema("RestRContact"), &c);
    cr_expect_str_eq(text, "{\"email\":\"e@x.io\",\"customFields\":{\"z\":\"3\",\"a\":\"2\"},"
                           "\"lists\":[\"list_a\",\"list_b\"],\"spam\":false}");
    free(text);
    cr_assert_eq(codec_set_string(&model_contact_type, &c, SENDX_CONTACT_EMAIL, NULL), 0);
    cr_expect_null(c.email);
    cr_expect_not(codec_is_set(&c, SENDX_CONTACT_EMAIL));
    cr_expect_eq(codec_set_string(&model_contact_type, &c, SENDX_CONTACT_LTV, "x"), -1,
                 "LTV is not a string member");
    cr_expect_eq(codec_set_strings(&model_contact_type, &c, SENDX_CONTACT_LISTS, NULL, 0), 0);
    cr_expect_eq(c.lists.len, 0);
    cr_expect(codec_is_set(&c, SENDX_CONTACT_LISTS), "an empty array is still a value");
    cr_expect_not(codec_is_set(&c, 64));
    codec_free(&model_contact_type, &c);
    cr_expect(all_zero(&c, sizeof c));
}

Test(encode, request_and_response_spellings)
{
    struct sendx_campaign k = {0};
    codec_set_string(&model_campaign_type, &k, SENDX_CAMPAIGN_HTML_CONTENT, "<p>");
    codec_set_string(&model_campaign_type, &k, SENDX_CAMPAIGN_PREHEADER, "pre");
    codec_set_string(&model_campaign_type, &k, SENDX_CAMPAIGN_TEXT_CONTENT, "txt");
    char *request = codec_encode_string(schema("RestECampaign"), &k);
    char *response = codec_encode_string(schema("RestRCampaign"), &k);
    cr_expect_str_eq(request,
                     "{\"htmlCode\":\"<p>\",\"previewText\":\"pre\",\"plainText\":\"txt\"}");
    cr_expect_str_eq(response,
                     "{\"preheader\":\"pre\",\"htmlContent\":\"<p>\",\"textContent\":\"txt\"}");
    free(request);
    free(response);
    codec_free(&model_campaign_type, &k);

    struct sendx_template t = {0};
    codec_set_string(&model_template_type, &t, SENDX_TEMPLATE_HTML_CODE, "<b>");
    request = codec_encode_string(schema("RestETemplate"), &t);
    response = codec_encode_string(schema("RestRTemplate"), &t);
    cr_expect_str_eq(request, "{\"htmlContent\":\"<b>\"}");
    cr_expect_str_eq(response, "{\"htmlCode\":\"<b>\"}");
    free(request);
    free(response);
    codec_free(&model_template_type, &t);
}

Test(encode, large_integers)
{
    struct sendx_contact c = {0};
    codec_set_int(&model_contact_type, &c, SENDX_CONTACT_LTV, 4503599627370497);
    char *text = codec_encode_string(schema("RestRContact"), &c);
    cr_expect_str_eq(text, "{\"LTV\":4503599627370497}");
    free(text);
}

Test(encode, nested_objects_round_trip)
{
    const char *body = "{\"campaignId\":\"campaign_x\",\"linkStats\":[{\"url\":\"https://a\","
                       "\"count\":3},{\"count\":0}],\"sentContactCount\":20}";
    cJSON *j = parse(body);
    struct sendx_report r;
    struct api_error err = {0};
    cr_assert_eq(codec_decode(&model_report_schema, j, &r, &err), 0, "%s", api_error_message(&err));
    cr_assert_eq(r.link_stats.len, 2);
    const struct sendx_link_stat *ls = r.link_stats.items;
    cr_expect_str_eq(ls[0].url, "https://a");
    cr_expect_eq(ls[1].set, (uint64_t)1 << SENDX_LINK_STAT_COUNT);
    char *text = codec_encode_string(&model_report_schema, &r);
    cr_expect_str_eq(text, body);
    free(text);
    codec_free(&model_report_type, &r);
    cJSON_Delete(j);
}

Test(encode, copy_is_deep)
{
    struct sendx_contact orig = decode_contact(
        "{\"id\":\"c\",\"email\":\"e@x\",\"lists\":[\"l1\"],\"customFields\":{\"k\":\"v\"},"
        "\"LTV\":9}");
    char *before = codec_encode_string(schema("RestRContact"), &orig);
    struct sendx_contact copy;
    cr_assert_eq(codec_copy(&model_contact_type, &copy, &orig), 0);
    cr_expect_eq(copy.set, orig.set);
    cr_expect_neq(copy.id, orig.id);
    cr_expect_neq(copy.lists.items, orig.lists.items);
    cr_expect_neq(copy.lists.items[0], orig.lists.items[0]);
    cr_expect_neq(copy.custom_fields.items[0].value, orig.custom_fields.items[0].value);
    codec_set_string(&model_contact_type, &copy, SENDX_CONTACT_ID, "other");
    codec_map_put(&model_contact_type, &copy, SENDX_CONTACT_CUSTOM_FIELDS, "k", "changed");
    copy.lists.items[0][0] = 'X';
    codec_set_int(&model_contact_type, &copy, SENDX_CONTACT_LTV, 1);
    char *after = codec_encode_string(schema("RestRContact"), &orig);
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
    codec_free(&model_contact_type, &copy);
    codec_free(&model_contact_type, &orig);

    cJSON *j = parse("{\"linkStats\":[{\"url\":\"u\",\"count\":1}]}");
    struct sendx_report r, rc;
    struct api_error err = {0};
    cr_assert_eq(codec_decode(&model_report_schema, j, &r, &err), 0);
    cr_assert_eq(codec_copy(&model_report_type, &rc, &r), 0);
    const struct sendx_link_stat *a = r.link_stats.items, *b = rc.link_stats.items;
    cr_expect_neq(a[0].url, b[0].url);
    cr_expect_str_eq(b[0].url, "u");
    codec_free(&model_report_type, &rc);
    codec_free(&model_report_type, &r);
    cJSON_Delete(j);
}

Test(encode, missing_required)
{
    struct sendx_contact c = {0};
    cr_expect_str_eq(codec_missing_required(schema("RestEContact"), &c), "email");
    codec_set_string(&model_contact_type, &c, SENDX_CONTACT_EMAIL, "e@x");
    cr_expect_null(codec_missing_required(schema("RestEContact"), &c));
    cr_expect_null(codec_missing_required(schema("RestRContact"), &c));
    codec_free(&model_contact_type, &c);

    struct sendx_webhook w = {0};
    codec_set_string(&model_webhook_type, &w, SENDX_WEBHOOK_URL, "https://h");
    cr_expect_str_eq(codec_missing_required(schema("RestEWebhook"), &w), "enabled");
    codec_set_bool(&model_webhook_type, &w, SENDX_WEBHOOK_ENABLED, false);
    cr_expect_null(codec_missing_required(schema("RestEWebhook"), &w));
    codec_free(&model_webhook_type, &w);

    struct sendx_campaign k = {0};
    codec_set_string(&model_campaign_type, &k, SENDX_CAMPAIGN_NAME, "n");
    codec_set_string(&model_campaign_type, &k, SENDX_CAMPAIGN_SUBJECT, "s");
    codec_set_string(&model_campaign_type, &k, SENDX_CAMPAIGN_SENDER, "sender_x");
    cr_expect_str_eq(codec_missing_required(schema("RestECampaign"), &k), "htmlCode");
    codec_free(&model_campaign_type, &k);
}

/* from and replyTo are single objects, to an array of them. */
Test(encode, one_object_members_are_objects_not_arrays)
{
    const char *body = "{\"from\":{\"email\":\"f@example.com\",\"name\":\"F\"},"
                       "\"to\":[{\"email\":\"t@example.com\",\"cc\":[\"c@example.com\"]}],"
                       "\"subject\":\"S\",\"htmlBody\":\"<p>b</p>\"}";
    cJSON *j = parse(body);
    struct sendx_email m;
    struct api_error err = {0};
    cr_assert_eq(codec_decode_strict(&model_email_schema, j, &m, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert_eq(m.from.len, 1);
    cr_expect_str_eq(((struct sendx_address *)m.from.items)->name, "F");
    cr_expect_eq(m.reply_to.len, 0);
    char *text = codec_encode_string(&model_email_schema, &m);
    cr_expect_str_eq(text, body);
    free(text);
    codec_free(&model_email_type, &m);
    cJSON_Delete(j);

    /* An array where one object belongs is unreadable, leniently kept. */
    j = parse("{\"from\":[{\"email\":\"f@example.com\"}],\"subject\":\"S\"}");
    cr_assert_eq(codec_decode(&model_email_schema, j, &m, &err), 0);
    cr_expect_not(codec_is_set(&m, SENDX_EMAIL_FROM));
    cr_expect_str_eq(codec_unreadable_raw(&m, SENDX_EMAIL_FROM), "[{\"email\":\"f@example.com\"}]");
    codec_free(&model_email_type, &m);
    cr_expect_eq(codec_decode_strict(&model_email_schema, j, &m, &err), -1);
    cr_expect(strstr(api_error_message(&err), "field \"from\": expected an object") != NULL, "%s",
              api_error_message(&err));
    api_error_clear(&err);
    cJSON_Delete(j);

    /* Strictly, a bad field inside the object fails naming both. */
    j = parse("{\"replyTo\":{\"email\":7}}");
    cr_expect_eq(codec_decode_strict(&model_email_schema, j, &m, &err), -1);
    cr_expect(strstr(api_error_message(&err), "field \"replyTo\"") != NULL, "%s",
              api_error_message(&err));
    cr_expect(strstr(api_error_message(&err), "field \"email\"") != NULL, "%s",
              api_error_message(&err));
    api_error_clear(&err);
    cJSON_Delete(j);

    /* Set but empty: sent as null, like a cleared string. */
    struct sendx_email empty = {0};
    cr_assert_eq(codec_set_objects(&model_email_type, &empty, SENDX_EMAIL_REPLY_TO, NULL, 0), 0);
    text = codec_encode_string(&model_email_schema, &empty);
    cr_expect_str_eq(text, "{\"replyTo\":null}");
    free(text);
    codec_free(&model_email_type, &empty);
}

Test(encode, set_objects_copies_deep)
{
    struct sendx_recipient to[2] = {{0}, {0}};
    codec_set_string(&model_recipient_type, &to[0], SENDX_RECIPIENT_EMAIL, "a@example.com");
    codec_set_string(&model_recipient_type, &to[1], SENDX_RECIPIENT_EMAIL, "b@example.com");
    codec_map_put(&model_recipient_type, &to[1], SENDX_RECIPIENT_CUSTOM_FIELDS, "k", "v");
    struct sendx_email m = {0};
    cr_assert_eq(codec_set_objects(&model_email_type, &m, SENDX_EMAIL_TO, to, 2), 0);
    cr_expect(codec_is_set(&m, SENDX_EMAIL_TO));
    cr_assert_eq(m.to.len, 2);
    struct sendx_recipient *got = m.to.items;
    cr_expect_neq(got[1].email, to[1].email);
    cr_expect_str_eq(got[1].custom_fields.items[0].value, "v");
    cr_expect_eq(codec_set_objects(&model_email_type, &m, SENDX_EMAIL_SUBJECT, to, 1), -1,
                 "not an objects member");
    /* Replacing frees what was there (the sanitizers would see a leak). */
    cr_assert_eq(codec_set_objects(&model_email_type, &m, SENDX_EMAIL_TO, to, 1), 0);
    cr_expect_eq(m.to.len, 1);
    codec_free(&model_recipient_type, &to[0]);
    codec_free(&model_recipient_type, &to[1]);
    codec_free(&model_email_type, &m);
}

Test(encode, find_missing_looks_inside_nested_objects)
{
    char path[CODEC_PATH_MAX];
    struct sendx_email m = {0};
    cr_expect(codec_find_missing(&model_email_schema, &m, path));
    cr_expect_str_eq(path, "from");
    struct sendx_address from = {0};
    codec_set_string(&model_address_type, &from, SENDX_ADDRESS_NAME, "No email");
    struct sendx_recipient to[2] = {{0}, {0}};
    codec_set_string(&model_recipient_type, &to[0], SENDX_RECIPIENT_EMAIL, "a@example.com");
    codec_set_string(&model_recipient_type, &to[1], SENDX_RECIPIENT_NAME, "B");
    codec_set_objects(&model_email_type, &m, SENDX_EMAIL_FROM, &from, 1);
    codec_set_objects(&model_email_type, &m, SENDX_EMAIL_TO, to, 2);
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_SUBJECT, "S");
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_HTML_BODY, "<p>b</p>");
    cr_expect_null(codec_missing_required(&model_email_schema, &m), "the top level is complete");
    cr_expect(codec_find_missing(&model_email_schema, &m, path));
    cr_expect_str_eq(path, "from.email");
    codec_set_string(&model_address_type, &from, SENDX_ADDRESS_EMAIL, "f@example.com");
    codec_set_objects(&model_email_type, &m, SENDX_EMAIL_FROM, &from, 1);
    cr_expect(codec_find_missing(&model_email_schema, &m, path));
    cr_expect_str_eq(path, "to[1].email");
    codec_set_string(&model_recipient_type, &to[1], SENDX_RECIPIENT_EMAIL, "b@example.com");
    codec_set_objects(&model_email_type, &m, SENDX_EMAIL_TO, to, 2);
    cr_expect_not(codec_find_missing(&model_email_schema, &m, path), "%s", path);
    cr_expect(codec_find_missing(&model_template_email_schema, &m, path));
    cr_expect_str_eq(path, "template");
    codec_set_objects(&model_email_type, &m, SENDX_EMAIL_FROM, NULL, 0);
    cr_expect(codec_find_missing(&model_email_schema, &m, path));
    cr_expect_str_eq(path, "from", "an empty single object is missing");
    codec_free(&model_address_type, &from);
    codec_free(&model_recipient_type, &to[0]);
    codec_free(&model_recipient_type, &to[1]);
    codec_free(&model_email_type, &m);
}

/* ---- the model tables ---- */

Test(model, types_are_consistent)
{
    for (size_t i = 0; i < sizeof all_types / sizeof all_types[0]; i++) {
        const struct model_type *t = all_types[i];
        cr_expect_leq(t->n_members, 64, "%s", t->name);
        for (size_t m = 0; m < t->n_members; m++) {
            const struct model_member *mm = &t->members[m];
            cr_expect_geq(mm->offset, sizeof(struct codec_record_head),
                          "%s.%s overlaps the record's head", t->name, mm->label);
            cr_expect_lt(mm->offset, t->size);
            cr_expect_eq(mm->type == CODEC_OBJECTS, mm->sub != NULL, "%s.%s", t->name, mm->label);
        }
    }
}

static void check_schema_table(const struct codec_schema *s)
{
    uint64_t seen = 0;
    for (size_t j = 0; j < s->n_fields; j++) {
        const struct codec_field *f = &s->fields[j];
        cr_assert_lt(f->member, s->type->n_members, "%s.%s", s->name, f->name);
        const struct model_member *m = &s->type->members[f->member];
        cr_expect_not(seen & ((uint64_t)1 << f->member), "%s: two fields on %s", s->name, m->label);
        seen |= (uint64_t)1 << f->member;
        cr_expect_eq(field_named(s, f->name, true), f, "%s.%s named twice", s->name, f->name);
        if (m->type == CODEC_OBJECTS) {
            cr_assert_not_null(f->sub, "%s.%s", s->name, f->name);
            cr_expect_eq(f->sub->type, m->sub, "%s.%s", s->name, f->name);
        } else {
            cr_expect_null(f->sub, "%s.%s", s->name, f->name);
        }
        if (f->flags & (CODEC_TEXT_FROM_NUMBER | CODEC_IDENTITY))
            cr_expect_eq(m->type, CODEC_STRING, "%s.%s", s->name, f->name);
        if (f->flags & CODEC_ONE_OBJECT)
            cr_expect_eq(m->type, CODEC_OBJECTS, "%s.%s", s->name, f->name);
    }
}

/* The schema's CODEC_IDENTITY field, or NULL. */
static const struct codec_field *identity_of(const struct codec_schema *s)
{
    const struct codec_field *found = NULL;
    for (size_t j = 0; j < s->n_fields; j++) {
        if (!(s->fields[j].flags & CODEC_IDENTITY))
            continue;
        cr_expect_null(found, "%s has two identities", s->name);
        found = &s->fields[j];
    }
    return found;
}

/* Exactly the resources' response schemas have an identity, their id:
 * requests, reports, links and messages have none to check. */
Test(model, identity_is_each_resource_id)
{
    const struct codec_schema *with_id[SENDX_KIND_COUNT];
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        with_id[k] = r->read;
        const struct codec_field *id = identity_of(r->read);
        cr_assert_not_null(id, "%s", r->read->name);
        cr_expect_str_eq(id->name, "id");
        cr_expect_eq(id->member, r->id_member, "%s", r->read->name);
    }
    for (size_t i = 0; i < model_n_schemas; i++) {
        bool resource = false;
        for (int k = 0; k < SENDX_KIND_COUNT; k++)
            resource |= model_schemas[i] == with_id[k];
        if (!resource)
            cr_expect_null(identity_of(model_schemas[i]), "%s", model_schemas[i]->name);
    }
}

Test(model, schemas_are_consistent)
{
    for (size_t i = 0; i < model_n_schemas; i++) {
        check_schema_table(model_schemas[i]);
        cr_expect_eq(model_schema_find(model_schemas[i]->name), model_schemas[i]);
    }
    cr_expect_null(model_schema_find("RestRPost"));
    cr_expect_eq(model_schema_find("RestReportData"), &model_report_schema);
    cr_expect_eq(model_schema_find("IdentifyRequest"), &model_identify_schema);
    cr_expect_eq(model_schema_find("TrackRequest"), &model_track_schema);
    cr_expect_eq(model_schema_find("MessageResponse"), &model_message_schema);
    cr_expect_eq(model_schema_find("ErrorResponse"), &model_error_schema);
}

static void check_resource(enum sendx_kind kind)
{
    const struct model_resource *r = model_resource(kind);
    cr_assert_eq(r->kind, kind);
    cr_expect_eq(r->read->type, r->type, "%s", r->name);
    if (r->write)
        cr_expect_eq(r->write->type, r->type, "%s", r->name);
    cr_expect_eq(r->write != NULL, (r->ops & (SENDX_OP_CREATE | SENDX_OP_UPDATE)) != 0, "%s",
                 r->name);
    cr_assert_lt(r->id_member, r->type->n_members);
    cr_expect_eq(r->type->members[r->id_member].type, CODEC_STRING);
    const struct codec_field *id = field_named(r->read, "id", false);
    cr_assert_not_null(id, "%s read schema has no id", r->name);
    cr_expect_eq(id->member, r->id_member, "%s", r->name);
    cr_expect_eq(r->page_default > 0, (r->ops & SENDX_OP_PAGED) != 0, "%s", r->name);
    cr_expect_leq(r->page_default, r->page_max, "%s", r->name);
    cr_expect(r->ops & SENDX_OP_LIST, "%s", r->name);
    cr_expect_eq(r->id_prefix[strlen(r->id_prefix) - 1], '_');
}

Test(model, resources)
{
    for (int k = 0; k < SENDX_KIND_COUNT; k++)
        check_resource((enum sendx_kind)k);
    const struct model_resource *contact = model_resource(SENDX_KIND_CONTACT);
    cr_expect_eq(contact->page_default, 50);
    cr_expect_eq(contact->page_max, 1000);
    cr_expect(contact->ops & SENDX_OP_SEARCH);
    cr_expect_not(model_resource(SENDX_KIND_TAG)->ops & SENDX_OP_SEARCH);
    cr_expect_not(model_resource(SENDX_KIND_CAMPAIGN)->ops & SENDX_OP_UPDATE);
    cr_expect_not(model_resource(SENDX_KIND_SENDER)->ops & SENDX_OP_PAGED);
    cr_expect_not(model_resource(SENDX_KIND_SENDER)->ops & SENDX_OP_DELETE);
    cr_expect_not(model_resource(SENDX_KIND_WEBHOOK)->ops & SENDX_OP_PAGED);
    cr_expect_null(model_resource(SENDX_KIND_MEMBER)->write);
    cr_expect_str_eq(model_resource(SENDX_KIND_TEMPLATE)->path, "template/email");
    cr_expect_str_eq(model_resource(SENDX_KIND_FIELD)->path, "customfield");
    cr_expect_str_eq(model_resource(SENDX_KIND_FIELD)->title, "Custom fields");
    cr_expect_str_eq(model_resource(SENDX_KIND_MEMBER)->path, "team/member");
    cr_expect_str_eq(model_resource(SENDX_KIND_MEMBER)->id_prefix, "member_");
}
