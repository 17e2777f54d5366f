/* Every body the client can send, held to the spec's request schema for
 * its operation: each write the client offers (create and update of every
 * kind that has them, the contact actions, both sends) is sent to a
 * scripted server, and the body that arrives is validated against the
 * requestBody schema of the operation its method and path name.
 *
 * The records are filled from the spec itself: every field of the
 * client's request table gets a value its property schema admits, so a
 * field the client names differently from the spec, or types otherwise,
 * fails here. Bodies are held tighter than answers (schema.h): properties
 * the schema does not name are refused, not ignored.
 *
 * Where the client and the spec disagree, the disagreement is named here
 * and in docs/api-client.md rather than the check loosened:
 * - An update sends only the fields set, while each PUT takes the create's
 *   schema, required list and all (the contact's PUT says "partial updates
 *   supported" in prose). Update bodies are validated with the top-level
 *   required list waived, and the test checks that the waiver is still
 *   needed, so the note goes when the spec changes. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api_error.h"
#include "api/sendx.h"
#include "schema.h"
#include "spec.h"
#include "test_server.h"

#define KEY "requests-test-key"
/* Enough for every (path, method) of the spec. */
#define MAX_OPS 64

static cJSON *spec;
static struct test_server *server;
static struct sendx_client *client;
static struct api_error err;

/* The operations whose bodies were checked, for the coverage at the end. */
static struct {
    const char *templ; /* borrowed from spec */
    char method[8];
} checked[MAX_OPS];
static size_t n_checked;

static void handler(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    reply->body = strncmp(req->path, "/send/", 6) == 0 ? "[]" : "{}";
}

static void setup(void)
{
    cr_assert_eq(http_global_init(&err), 0);
    spec = spec_load(NULL);
    cr_assert_not_null(spec);
    server = test_server_start(handler, NULL);
    cr_assert_not_null(server);
    struct http_options o = http_options_default();
    o.base_url = test_server_url(server);
    o.api_key = KEY;
    client = sendx_client_new(&o, &err);
    cr_assert_not_null(client, "%s", api_error_message(&err));
}

static void teardown(void)
{
    sendx_client_free(client);
    test_server_stop(server);
    cJSON_Delete(spec);
    api_error_clear(&err);
    http_global_cleanup();
}

TestSuite(requests, .init = setup, .fini = teardown);

/* ---- values the spec admits ---- */

static bool fits(const cJSON *schema, cJSON *value)
{
    struct schema_violation v;
    bool ok = value && schema_validate(spec, schema, value, &v);
    cJSON_Delete(value);
    return ok;
}

/* The first of a few texts the property's schema admits (its enum's
 * first value if it has one): plain text, the formats the spec uses, and
 * an id under each prefix its patterns ask for. */
static const char *sample_text(const cJSON *schema, const char *where)
{
    static const char *const candidates[] = {
        "Sample text",
        "sample@example.com",
        "https://hooks.example.com/sendx",
        "192.0.2.10",
        "2024-05-01T10:00:00Z",
        "list_OcuxJHdiAvujmwQVJfd3ss",
        "tag_CBaZicq5Gy0wgpjkVcQG2A",
        "segment_Lc6bBa4b8wX2EUvUXnLuLp",
        "sender_4vK3WFhMgvOwUNyaL4QxCD",
        "template_f3lJvTEhSjKGVb5Lwc5SWS",
        "field_MnuqBAG2NPLm7PZMWbjQxt",
    };
    const cJSON *options = cJSON_GetObjectItemCaseSensitive(schema, "enum");
    if (options && cJSON_IsString(cJSON_GetArrayItem(options, 0)))
        return cJSON_GetArrayItem(options, 0)->valuestring;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (fits(schema, cJSON_CreateString(candidates[i])))
            return candidates[i];
    cr_assert_fail("%s: no sample text fits its schema", where);
    return NULL;
}

static int64_t sample_int(const cJSON *schema, const char *where)
{
    const cJSON *options = cJSON_GetObjectItemCaseSensitive(schema, "enum");
    const cJSON *min = cJSON_GetObjectItemCaseSensitive(schema, "minimum");
    double want = options ? cJSON_GetArrayItem(options, 0)->valuedouble
                  : min   ? min->valuedouble
                          : 1;
    cr_assert(fits(schema, cJSON_CreateNumber(want)), "%s: no sample integer fits its schema",
              where);
    return (int64_t)want;
}

static const cJSON *resolved(const cJSON *node)
{
    return schema_resolve(spec, node);
}

/* The spec's schema for the property the client sends as field f. */
static const cJSON *property(const struct codec_schema *s, const cJSON *schema,
                             const struct codec_field *f)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
    const cJSON *prop = resolved(cJSON_GetObjectItemCaseSensitive(props, f->name));
    cr_assert_not_null(prop, "the client sends %s.%s, which the spec's schema does not name",
                       s->name, f->name);
    return prop;
}

static void fill(const struct codec_schema *s, const cJSON *schema, void *rec, bool required_only);

/* One object (or one item of an array of them) for a nested field. */
static void fill_objects(const struct codec_schema *s, const struct codec_field *f,
                         const cJSON *prop, void *rec, bool required_only)
{
    const cJSON *item_schema = f->flags & CODEC_ONE_OBJECT
                                   ? prop
                                   : resolved(cJSON_GetObjectItemCaseSensitive(prop, "items"));
    cr_assert_not_null(item_schema, "%s.%s: no item schema", s->name, f->name);
    void *item = calloc(1, f->sub->type->size);
    cr_assert_not_null(item);
    fill(f->sub, item_schema, item, required_only);
    cr_assert_eq(codec_set_objects(s->type, rec, f->member, item, 1), 0);
    codec_free(f->sub->type, item);
    free(item);
}

static void fill_field(const struct codec_schema *s, const struct codec_field *f, const cJSON *prop,
                       void *rec, bool required_only)
{
    char where[96];
    snprintf(where, sizeof where, "%s.%s", s->name, f->name);
    const struct model_type *t = s->type;
    switch (t->members[f->member].type) {
    case CODEC_STRING:
        cr_assert_eq(codec_set_string(t, rec, f->member, sample_text(prop, where)), 0);
        break;
    case CODEC_INT:
        codec_set_int(t, rec, f->member, sample_int(prop, where));
        break;
    case CODEC_BOOL:
        codec_set_bool(t, rec, f->member, true);
        break;
    case CODEC_STRINGS: {
        const char *one[] = {
            sample_text(resolved(cJSON_GetObjectItemCaseSensitive(prop, "items")), where)};
        cr_assert_eq(codec_set_strings(t, rec, f->member, one, 1), 0);
        break;
    }
    case CODEC_MAP: {
        const cJSON *values =
            resolved(cJSON_GetObjectItemCaseSensitive(prop, "additionalProperties"));
        cr_assert_not_null(values, "%s: a map without additionalProperties", where);
        cr_assert_eq(codec_map_put(t, rec, f->member, "field_MnuqBAG2NPLm7PZMWbjQxt",
                                   sample_text(values, where)),
                     0);
        break;
    }
    case CODEC_OBJECTS:
        fill_objects(s, f, prop, rec, required_only);
        break;
    }
}

/* Sets every field of s (or only the required ones) to a value the
 * spec's schema for the record admits. */
static void fill(const struct codec_schema *s, const cJSON *schema, void *rec, bool required_only)
{
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if (required_only && !(f->flags & CODEC_REQUIRED))
            continue;
        fill_field(s, f, property(s, schema, f), rec, required_only);
    }
}

static bool has_required(const struct codec_schema *s)
{
    for (size_t i = 0; i < s->n_fields; i++)
        if (s->fields[i].flags & CODEC_REQUIRED)
            return true;
    return false;
}

/* ---- what arrived ---- */

static const struct ts_request *last_request(void)
{
    size_t n = test_server_count(server);
    cr_assert_gt(n, 0, "the server saw no request");
    return test_server_request(server, n - 1);
}

static const cJSON *operation_of(const struct ts_request *r, const char **templ)
{
    *templ = schema_path_template(spec, r->path);
    const cJSON *op = *templ ? schema_operation(spec, *templ, r->method) : NULL;
    cr_assert_not_null(op, "%s %s is not an operation of the spec", r->method, r->path);
    return op;
}

static void note_checked(const char *templ, const char *method)
{
    for (size_t i = 0; i < n_checked; i++)
        if (checked[i].templ == templ && strcmp(checked[i].method, method) == 0)
            return;
    cr_assert_lt(n_checked, MAX_OPS);
    checked[n_checked].templ = templ;
    snprintf(checked[n_checked].method, sizeof checked[n_checked].method, "%s", method);
    n_checked++;
}

/* The schema the spec gives for the last request's body. */
static const cJSON *request_schema(const struct ts_request *r, const char **templ)
{
    const cJSON *op = operation_of(r, templ);
    bool documented = false;
    const cJSON *schema = schema_request(spec, op, &documented);
    cr_assert(documented, "%s %s sent a body, but %s documents none: %s", r->method, r->path,
              *templ, r->body);
    cr_assert_not_null(schema, "%s %s documents no JSON body", r->method, *templ);
    return schema;
}

/* Validates the last body; returns whether it fits, with what failed in v. */
static bool last_body_fits(bool partial, struct schema_violation *v)
{
    const struct ts_request *r = last_request();
    const char *templ;
    const cJSON *schema = request_schema(r, &templ);
    cr_expect_str_eq(r->content_type, "application/json");
    cJSON *body = cJSON_Parse(r->body);
    cr_assert_not_null(body, "%s %s: the body is not JSON: %s", r->method, r->path, r->body);
    bool ok = schema_validate_request(spec, schema, body, partial, v);
    cJSON_Delete(body);
    note_checked(templ, r->method);
    return ok;
}

static void expect_last_body_fits(bool partial)
{
    struct schema_violation v;
    const struct ts_request *r = last_request();
    cr_expect(last_body_fits(partial, &v), "%s %s: %s: %s\nbody: %s", r->method, r->path, v.path,
              v.message, r->body);
}

/* ---- the writes ---- */

static const cJSON *named_schema(const struct codec_schema *s)
{
    const cJSON *schema = spec_schema(spec, s->name);
    cr_assert_not_null(schema, "%s is not a schema of the spec", s->name);
    return schema;
}

static void *new_record(const struct codec_schema *s, bool required_only)
{
    void *rec = calloc(1, s->type->size);
    cr_assert_not_null(rec);
    fill(s, named_schema(s), rec, required_only);
    return rec;
}

static void drop_record(const struct codec_schema *s, void *rec)
{
    codec_free(s->type, rec);
    free(rec);
}

/* The id of a record of kind, as a path takes it. */
static void some_id(const struct model_resource *r, char *out, size_t size)
{
    snprintf(out, size, "%sAAAAAAAAAAAAAAAAAAAAAA", r->id_prefix);
}

static void check_creates(void)
{
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        if (!(r->ops & SENDX_OP_CREATE))
            continue;
        for (int required_only = 0; required_only < 2; required_only++) {
            void *rec = new_record(r->write, required_only);
            cr_assert_eq(sendx_create(client, r->kind, rec, NULL, NULL, &err), 0, "%s: %s", r->name,
                         api_error_message(&err));
            expect_last_body_fits(false);
            drop_record(r->write, rec);
        }
    }
}

/* A whole record as an update: it fits the schema as it stands. */
static void check_updates(void)
{
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        if (!(r->ops & SENDX_OP_UPDATE))
            continue;
        char id[64];
        some_id(r, id, sizeof id);
        void *rec = new_record(r->write, false);
        cr_assert_eq(sendx_update(client, r->kind, id, rec, NULL, NULL, &err), 0, "%s: %s", r->name,
                     api_error_message(&err));
        expect_last_body_fits(false);
        drop_record(r->write, rec);
    }
}

/* A request of schema s sent by call, whole and with only what is required. */
static void check_action(const struct codec_schema *s,
                         int (*call)(struct sendx_client *, const void *, struct api_error *))
{
    for (int required_only = 0; required_only < 1 + has_required(s); required_only++) {
        void *rec = new_record(s, required_only);
        cr_assert_eq(call(client, rec, &err), 0, "%s: %s", s->name, api_error_message(&err));
        expect_last_body_fits(false);
        drop_record(s, rec);
    }
}

static int identify(struct sendx_client *c, const void *req, struct api_error *e)
{
    return sendx_contact_identify(c, req, NULL, NULL, e);
}

static int track(struct sendx_client *c, const void *req, struct api_error *e)
{
    return sendx_contact_track(c, req, NULL, NULL, e);
}

static int send_email(struct sendx_client *c, const void *msg, struct api_error *e)
{
    return sendx_send_email(c, msg, NULL, NULL, e);
}

static int send_template(struct sendx_client *c, const void *msg, struct api_error *e)
{
    return sendx_send_template(c, msg, NULL, NULL, e);
}

/* Unsubscribing sends no body, and the spec asks for none. */
static void check_unsubscribe(void)
{
    char id[64];
    some_id(model_resource(SENDX_KIND_CONTACT), id, sizeof id);
    cr_assert_eq(sendx_contact_unsubscribe(client, id, NULL, NULL, &err), 0, "%s",
                 api_error_message(&err));
    const struct ts_request *r = last_request();
    cr_expect_eq(r->body_len, 0, "sent %s", r->body);
    const char *templ;
    bool documented = true;
    schema_request(spec, operation_of(r, &templ), &documented);
    cr_expect_not(documented, "%s now documents a body", templ);
    note_checked(templ, r->method);
}

/* The client covers neither events nor posts (see docs/api-client.md). */
static bool not_covered(const char *templ)
{
    return strncmp(templ, "/events/", 8) == 0 || strncmp(templ, "/post", 5) == 0;
}

static bool was_checked(const char *templ, const char *method)
{
    for (size_t i = 0; i < n_checked; i++)
        if (strcmp(checked[i].templ, templ) == 0 && strcasecmp(checked[i].method, method) == 0)
            return true;
    return false;
}

/* Every operation of the spec that takes a body had one checked, but for
 * those the client does not cover. */
static void expect_coverage(void)
{
    const cJSON *path, *op;
    cJSON_ArrayForEach(path, cJSON_GetObjectItemCaseSensitive(spec, "paths"))
    {
        if (not_covered(path->string))
            continue;
        cJSON_ArrayForEach(op, path)
        {
            bool documented = false;
            schema_request(spec, op, &documented);
            if (documented)
                cr_expect(was_checked(path->string, op->string), "no body sent to %s %s",
                          op->string, path->string);
        }
    }
}

Test(requests, every_body_the_client_sends_fits_its_request_schema)
{
    check_creates();
    check_updates();
    check_unsubscribe();
    check_action(&model_identify_schema, identify);
    check_action(&model_track_schema, track);
    check_action(&model_email_schema, send_email);
    check_action(&model_template_email_schema, send_template);
    expect_coverage();
}

/* The disagreement named at the top: an update of one field lacks what
 * the PUT schema requires, and is held to the rest of it. */
Test(requests, a_partial_update_fits_but_for_the_required_list)
{
    size_t disagreements = 0;
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        if (!(r->ops & SENDX_OP_UPDATE))
            continue;
        const struct codec_field *optional = NULL;
        for (size_t i = 0; i < r->write->n_fields && !optional; i++)
            if (!(r->write->fields[i].flags & CODEC_REQUIRED))
                optional = &r->write->fields[i];
        if (!optional)
            continue; /* every field is required: any update sends them all */
        void *rec = calloc(1, r->type->size);
        cr_assert_not_null(rec);
        fill_field(r->write, optional, property(r->write, named_schema(r->write), optional), rec,
                   false);
        char id[64];
        some_id(r, id, sizeof id);
        cr_assert_eq(sendx_update(client, r->kind, id, rec, NULL, NULL, &err), 0, "%s: %s", r->name,
                     api_error_message(&err));
        struct schema_violation v;
        bool whole = last_body_fits(false, &v);
        cr_expect_not(whole, "%s: a one-field update now fits the PUT schema: drop the note",
                      r->name);
        if (!whole) {
            disagreements++;
            cr_expect(strstr(v.message, "required property") != NULL, "%s: %s", r->name, v.message);
        }
        expect_last_body_fits(true);
        drop_record(r->write, rec);
    }
    cr_expect_gt(disagreements, 0);
}

/* The rules the checks above rely on must be able to say no. */
Test(requests, the_request_rules_refuse_what_a_server_would_drop)
{
    struct schema_violation v;
    cJSON *misspelt = cJSON_Parse("{\"email\":\"a@example.com\",\"fristName\":\"A\"}");
    const cJSON *contact = spec_schema(spec, "RestEContact");
    cr_expect(schema_validate(spec, contact, misspelt, &v), "an answer may carry more");
    cr_expect_not(schema_validate_request(spec, contact, misspelt, false, &v));
    cr_expect_str_eq(v.path, "$.fristName");
    cJSON_Delete(misspelt);

    cJSON *nested = cJSON_Parse("{\"from\":{\"email\":\"a@example.com\",\"nmae\":\"A\"},"
                                "\"to\":[{\"email\":\"b@example.com\"}],\"subject\":\"s\","
                                "\"htmlBody\":\"b\"}");
    cr_expect_not(
        schema_validate_request(spec, spec_schema(spec, "XEmailMessage"), nested, false, &v));
    cr_expect_str_eq(v.path, "$.from.nmae");
    cJSON_Delete(nested);

    /* Merge fields and headers are maps: any key goes. */
    cJSON *maps = cJSON_Parse("{\"from\":{\"email\":\"a@example.com\"},\"to\":[{\"email\":"
                              "\"b@example.com\",\"customFields\":{\"any\":\"v\"}}],"
                              "\"subject\":\"s\",\"htmlBody\":\"b\",\"headers\":{\"X-Y\":\"z\"}}");
    cr_expect(schema_validate_request(spec, spec_schema(spec, "XEmailMessage"), maps, false, &v),
              "%s: %s", v.path, v.message);
    cJSON_Delete(maps);

    cJSON *partial = cJSON_Parse("{\"company\":\"Acme\"}");
    cr_expect_not(schema_validate_request(spec, contact, partial, false, &v));
    cr_expect(schema_validate_request(spec, contact, partial, true, &v));
    cJSON_Delete(partial);
    /* Waived at the top only: a recipient still needs its email. */
    cJSON *recipient = cJSON_Parse("{\"to\":[{\"name\":\"B\"}]}");
    cr_expect_not(
        schema_validate_request(spec, spec_schema(spec, "XEmailMessage"), recipient, true, &v));
    cr_expect_str_eq(v.path, "$.to[0]");
    cJSON_Delete(recipient);
}
