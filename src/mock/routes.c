#include "mock/routes.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/codec.h"
#include "api/ids.h"
#include "api/model.h"
#include "mock/checks.h"
#include "mock/store.h"

#define API_PREFIX "/api/v1/rest"

/* RestRCustomField.id has the pattern ^custom_field_[a-zA-Z0-9]{22}$, yet
 * contacts key their customFields by field_ ids, and so does the store:
 * the same 22 characters under two prefixes. Custom field answers carry
 * the schema's prefix; requests may use either. */
#define FIELD_PREFIX      "field_"
#define SPEC_FIELD_PREFIX "custom_field_"

/* The status each endpoint documents for each kind of mistake. */
struct kind_statuses {
    int bad_id;         /* an identifier that breaks the pattern */
    int invalid_create; /* a missing or malformed field in a POST */
    int invalid_update; /* the same in a PUT */
    int duplicate;      /* an email or name already taken */
};

static const struct kind_statuses statuses[SENDX_KIND_COUNT] = {
    [SENDX_KIND_CONTACT] = {400, 400, 400, 409},  [SENDX_KIND_LIST] = {422, 400, 422, 403},
    [SENDX_KIND_TAG] = {422, 422, 422, 403},      [SENDX_KIND_CAMPAIGN] = {400, 400, 400, 403},
    [SENDX_KIND_TEMPLATE] = {404, 422, 422, 403}, [SENDX_KIND_SENDER] = {404, 422, 422, 403},
    [SENDX_KIND_FIELD] = {422, 422, 422, 403},    [SENDX_KIND_WEBHOOK] = {422, 422, 422, 403},
    [SENDX_KIND_MEMBER] = {404, 404, 404, 404},
};

void route_reply_clear(struct route_reply *reply)
{
    free(reply->body);
    reply->body = NULL;
}

static char *message_body(const char *status, const char *message)
{
    cJSON *o = cJSON_CreateObject();
    if (o && cJSON_AddStringToObject(o, "status", status) &&
        cJSON_AddStringToObject(o, "message", message)) {
        char *text = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        return text;
    }
    cJSON_Delete(o);
    return NULL;
}

char *routes_error_body(const char *message)
{
    return message_body("error", message);
}

/* Replaces the reply. A body that cannot be built becomes a bare 500. */
static void answer(struct route_reply *reply, int status, char *body)
{
    route_reply_clear(reply);
    reply->status = body ? status : 500;
    reply->body = body;
}

static void answer_error(struct route_reply *reply, int status, const char *message)
{
    answer(reply, status, routes_error_body(message));
}

static void answer_message(struct route_reply *reply, const char *message)
{
    answer(reply, 200, message_body("success", message));
}

static void answer_json(struct route_reply *reply, int status, cJSON *json)
{
    char *text = json ? cJSON_PrintUnformatted(json) : NULL;
    cJSON_Delete(json);
    answer(reply, status, text);
}

/* A custom_field_ id becomes the store's field_ one, in place. */
static void field_ref_in(char *ref)
{
    size_t extra = strlen(SPEC_FIELD_PREFIX) - strlen(FIELD_PREFIX);
    if (strncmp(ref, SPEC_FIELD_PREFIX, strlen(SPEC_FIELD_PREFIX)) == 0)
        memmove(ref, ref + extra, strlen(ref + extra) + 1);
}

static void field_keys_in(struct sendx_map *fields)
{
    for (size_t i = 0; i < fields->len; i++)
        field_ref_in(fields->items[i].key);
}

/* NULL (answered as a 500) if out of memory. */
static cJSON *field_id_out(cJSON *json)
{
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "id"));
    if (!id || strncmp(id, FIELD_PREFIX, strlen(FIELD_PREFIX)) != 0)
        return json;
    char spec_id[128];
    snprintf(spec_id, sizeof spec_id, "%s%s", SPEC_FIELD_PREFIX, id + strlen(FIELD_PREFIX));
    cJSON *item = cJSON_CreateString(spec_id);
    if (!item || !cJSON_ReplaceItemInObjectCaseSensitive(json, "id", item)) {
        cJSON_Delete(item);
        cJSON_Delete(json);
        return NULL;
    }
    return json;
}

static cJSON *encode_record(enum sendx_kind kind, const struct codec_schema *s, const void *rec)
{
    cJSON *json = codec_encode(s, rec);
    return json && kind == SENDX_KIND_FIELD ? field_id_out(json) : json;
}

static void answer_record(struct route_reply *reply, int status, enum sendx_kind kind,
                          const struct codec_schema *s, const void *rec)
{
    answer_json(reply, status, encode_record(kind, s, rec));
}

static void answer_store(struct route_reply *reply, enum sendx_kind kind, bool create,
                         enum store_status st, const struct api_error *err)
{
    const struct kind_statuses *k = &statuses[kind];
    int status = st == STORE_NOT_FOUND       ? 404
                 : st == STORE_DUPLICATE     ? k->duplicate
                 : st == STORE_BAD_REFERENCE ? (create ? k->invalid_create : k->invalid_update)
                                             : 500;
    answer_error(reply, status, api_error_message(err));
}

/* Parses and decodes a request body into rec; on failure answers with
 * unprocessable (not JSON, wrong types) or invalid (required fields).
 * Strictly: a client may be forgiving of what it reads, but a server
 * that took a wrong-typed field as absent would store a different
 * record from the one the client meant. */
static int decode_body(const struct route_request *req, const struct codec_schema *s, void *rec,
                       bool need_required, int invalid, struct route_reply *reply)
{
    cJSON *json = req->body ? cJSON_ParseWithLength(req->body, req->body_len) : NULL;
    struct api_error err = {0};
    int rc = -1;
    if (!cJSON_IsObject(json))
        answer_error(reply, 422, "Request body is not in proper format");
    else if (codec_decode_strict(s, json, rec, &err) != 0)
        answer_error(reply, 422, api_error_message(&err));
    else
        rc = 0;
    cJSON_Delete(json);
    api_error_clear(&err);
    char missing[CODEC_PATH_MAX];
    if (rc == 0 && need_required && codec_find_missing(s, rec, missing)) {
        char msg[CODEC_PATH_MAX + 16];
        snprintf(msg, sizeof msg, "%c%s is required", toupper((unsigned char)missing[0]),
                 missing + 1);
        answer_error(reply, invalid, msg);
        codec_free(s->type, rec);
        rc = -1;
    }
    return rc;
}

/* ---- the endpoints ---- */

static bool parse_long(const char *s, long *out)
{
    if (!s || !*s)
        return false;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *query(const struct route_request *req, const char *name)
{
    return req->query ? req->query(req->query_ctx, name) : NULL;
}

/* offset and limit per the spec's parameter schemas. Only the contact
 * list documents a 400, so elsewhere a bad value falls back to a sane one. */
static int page_window(const struct model_resource *r, const struct route_request *req,
                       struct store_query *q, struct route_reply *reply)
{
    bool strict = r->kind == SENDX_KIND_CONTACT;
    const char *offset = query(req, "offset");
    const char *limit = query(req, "limit");
    q->offset = 0;
    q->limit = r->page_default;
    if (offset && (!parse_long(offset, &q->offset) || q->offset < 0)) {
        if (strict) {
            answer_error(reply, 400, "offset must be a non-negative integer");
            return -1;
        }
        q->offset = 0;
    }
    long want = r->page_default;
    if (limit && (!parse_long(limit, &want) || want < 1 || want > r->page_max)) {
        if (strict) {
            char msg[64];
            snprintf(msg, sizeof msg, "limit must be between 1 and %d", r->page_max);
            answer_error(reply, 400, msg);
            return -1;
        }
        want = parse_long(limit, &want) ? (want < 1 ? 1 : r->page_max) : r->page_default;
    }
    q->limit = want;
    return 0;
}

static int campaign_status(const char *type)
{
    static const struct {
        const char *name;
        int status;
    } types[] = {{"draft", 0}, {"scheduled", 1}, {"sent", 3}};
    for (size_t i = 0; type && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type, types[i].name) == 0)
            return types[i].status;
    return -1;
}

static int list_query(const struct model_resource *r, const struct route_request *req,
                      struct store_query *q, struct route_reply *reply)
{
    *q = (struct store_query){.campaign_status = -1};
    if ((r->ops & SENDX_OP_PAGED) && page_window(r, req, q, reply) != 0)
        return -1;
    const char *search = query(req, "search");
    if ((r->ops & SENDX_OP_SEARCH) && search && *search) {
        if (utf8_length(search) >= 2)
            q->search = search;
        else if (r->kind == SENDX_KIND_CONTACT) {
            answer_error(reply, 400, "Search term must be at least 2 characters");
            return -1;
        }
    }
    if (r->kind == SENDX_KIND_CAMPAIGN)
        q->campaign_status = campaign_status(query(req, "campaignType"));
    return 0;
}

static cJSON *encode_page(const struct model_resource *r, const struct sendx_objects *objs)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < objs->len; i++) {
        cJSON *item =
            encode_record(r->kind, r->read, (const char *)objs->items + i * r->type->size);
        if (!item || !cJSON_AddItemToArray(arr, item)) {
            cJSON_Delete(item);
            cJSON_Delete(arr);
            arr = NULL;
        }
    }
    return arr;
}

static void handle_list(struct store *s, const struct model_resource *r,
                        const struct route_request *req, struct route_reply *reply)
{
    struct store_query q;
    if (list_query(r, req, &q, reply) != 0)
        return;
    struct sendx_objects objs;
    struct api_error err = {0};
    enum store_status st = store_list(s, r->kind, &q, &objs, &err);
    if (st == STORE_OK) {
        answer_json(reply, 200, encode_page(r, &objs));
        codec_objects_free(r->type, &objs);
    } else {
        answer_store(reply, r->kind, false, st, &err);
    }
    api_error_clear(&err);
}

static void handle_get(struct store *s, const struct model_resource *r, const char *id,
                       struct route_reply *reply)
{
    void *rec = malloc(r->type->size);
    struct api_error err = {0};
    enum store_status st = rec ? store_get(s, r->kind, id, rec, &err) : STORE_NOMEM;
    if (st == STORE_OK) {
        answer_record(reply, 200, r->kind, r->read, rec);
        codec_free(r->type, rec);
    } else {
        answer_store(reply, r->kind, false, st, &err);
    }
    free(rec);
    api_error_clear(&err);
}

/* POST (id NULL) or PUT of one record. */
static void handle_write(struct store *s, const struct model_resource *r, const char *id,
                         const struct route_request *req, struct route_reply *reply)
{
    bool create = id == NULL;
    int invalid = create ? statuses[r->kind].invalid_create : statuses[r->kind].invalid_update;
    void *in = calloc(2, r->type->size);
    if (!in) {
        answer_error(reply, 500, "Internal server error occurred");
        return;
    }
    void *out = (char *)in + r->type->size;
    if (decode_body(req, r->write, in, create, invalid, reply) != 0) {
        free(in);
        return;
    }
    if (r->kind == SENDX_KIND_CONTACT)
        field_keys_in(&((struct sendx_contact *)in)->custom_fields);
    const char *why = checks_record(r->kind, in);
    struct api_error err = {0};
    if (why) {
        answer_error(reply, invalid, why);
    } else {
        enum store_status st = create ? store_create(s, r->kind, in, out, &err)
                                      : store_update(s, r->kind, id, in, out, &err);
        if (st == STORE_OK)
            answer_record(reply, create ? 201 : 200, r->kind, r->read, out);
        else
            answer_store(reply, r->kind, create, st, &err);
        codec_free(r->type, out);
    }
    codec_free(r->type, in);
    free(in);
    api_error_clear(&err);
}

static void handle_delete(struct store *s, const struct model_resource *r, const char *id,
                          struct route_reply *reply)
{
    struct api_error err = {0};
    enum store_status st = store_delete(s, r->kind, id, &err);
    if (st == STORE_OK) {
        char msg[64];
        snprintf(msg, sizeof msg, "%c%s deleted successfully", toupper((unsigned char)r->name[0]),
                 r->name + 1);
        answer_message(reply, msg);
    } else {
        answer_store(reply, r->kind, false, st, &err);
    }
    api_error_clear(&err);
}

static void handle_unsubscribe(struct store *s, const char *id, struct route_reply *reply)
{
    struct api_error err = {0};
    enum store_status st = store_contact_unsubscribe(s, id, &err);
    if (st == STORE_OK)
        answer_message(reply, "Contact unsubscribed successfully");
    else
        answer_store(reply, SENDX_KIND_CONTACT, false, st, &err);
    api_error_clear(&err);
}

/* identify and track document only 401, 404 (track), 422 and 500. */
static void handle_identify(struct store *s, const struct route_request *req,
                            struct route_reply *reply)
{
    struct sendx_identify in;
    if (decode_body(req, &model_identify_schema, &in, true, 422, reply) != 0)
        return;
    field_keys_in(&in.custom_fields);
    struct api_error err = {0};
    if (!checks_email(in.email) ||
        (codec_is_set(&in, SENDX_IDENTIFY_NEW_EMAIL) && !checks_email(in.new_email))) {
        answer_error(reply, 422, "Invalid email format");
    } else {
        enum store_status st = store_contact_identify(s, &in, &err);
        if (st == STORE_OK)
            answer_message(reply, "Contact identified successfully");
        else
            answer_error(reply, st == STORE_NOMEM ? 500 : 422, api_error_message(&err));
    }
    codec_free(&model_identify_type, &in);
    api_error_clear(&err);
}

static void handle_track(struct store *s, const struct route_request *req,
                         struct route_reply *reply)
{
    struct sendx_track in;
    if (decode_body(req, &model_track_schema, &in, false, 422, reply) != 0)
        return;
    struct api_error err = {0};
    if (!codec_is_set(&in, SENDX_TRACK_EMAIL) || !checks_email(in.email)) {
        answer_error(reply, 422, "Email is required");
    } else {
        enum store_status st = store_contact_track(s, &in, &err);
        if (st == STORE_OK)
            answer_message(reply, "Contact tracked successfully");
        else
            answer_store(reply, SENDX_KIND_CONTACT, false, st, &err);
    }
    codec_free(&model_track_type, &in);
    api_error_clear(&err);
}

/* The report endpoint documents no 400: a malformed id is simply not found. */
static void handle_report(struct store *s, const char *id, struct route_reply *reply)
{
    if (!ids_match_prefixed(id)) {
        answer_error(reply, 404, "Resource not found");
        return;
    }
    struct sendx_report rep;
    struct api_error err = {0};
    enum store_status st = store_report(s, id, &rep, &err);
    if (st == STORE_OK) {
        answer_record(reply, 200, SENDX_KIND_CAMPAIGN, &model_report_schema, &rep);
        codec_free(&model_report_type, &rep);
    } else {
        answer_store(reply, SENDX_KIND_CAMPAIGN, false, st, &err);
    }
    api_error_clear(&err);
}

/* ---- sending ---- */

/* A template send goes out with the template's body. */
static enum store_status fill_from_template(struct store *s, struct sendx_email *m,
                                            struct api_error *err)
{
    struct sendx_template t;
    enum store_status st = store_get(s, SENDX_KIND_TEMPLATE, m->template, &t, err);
    if (st != STORE_OK)
        return st;
    int rc = 0;
    if (codec_is_set(&t, SENDX_TEMPLATE_HTML_CODE))
        rc = codec_set_string(&model_email_type, m, SENDX_EMAIL_HTML_BODY, t.html_code);
    if (rc == 0 && codec_is_set(&t, SENDX_TEMPLATE_TEXT_CONTENT))
        rc = codec_set_string(&model_email_type, m, SENDX_EMAIL_TEXT_BODY, t.text_content);
    codec_free(&model_template_type, &t);
    if (rc != 0) {
        api_error_set(err, API_ERR_NOMEM, 0, "Internal server error occurred");
        return STORE_NOMEM;
    }
    return STORE_OK;
}

/* One XEmailResponse per recipient, each with a fresh message id; NULL
 * if out of memory. */
static cJSON *send_results(struct store *s, const struct sendx_email *m)
{
    cJSON *arr = cJSON_CreateArray();
    const struct sendx_recipient *to = m->to.items;
    const struct model_type *t = &model_send_result_type;
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; arr && i < m->to.len; i++) {
        struct sendx_send_result r = {0};
        char *id = store_new_id(s, "message_");
        bool ok =
            id && codec_set_string(t, &r, SENDX_SEND_RESULT_TO, to[i].email) == 0 &&
            codec_set_string(t, &r, SENDX_SEND_RESULT_MESSAGE_ID, id) == 0 &&
            codec_set_string(t, &r, SENDX_SEND_RESULT_MESSAGE, "Email sent successfully") == 0;
        codec_set_int(t, &r, SENDX_SEND_RESULT_SUBMITTED_AT, now);
        codec_set_int(t, &r, SENDX_SEND_RESULT_ERROR_CODE, 0);
        cJSON *item = ok ? codec_encode(&model_send_result_schema, &r) : NULL;
        if (!item || !cJSON_AddItemToArray(arr, item)) {
            cJSON_Delete(item);
            cJSON_Delete(arr);
            arr = NULL;
        }
        free(id);
        codec_free(t, &r);
    }
    return arr;
}

/* Adds *item to obj under key; once added it is obj's, so *item is
 * cleared, and a failure leaves it to the caller to delete. */
static bool adopt(cJSON *obj, const char *key, cJSON **item)
{
    if (!obj || !*item || !cJSON_AddItemToObject(obj, key, *item))
        return false;
    *item = NULL;
    return true;
}

/* The outbox entry: where it was sent, the message as it went out (an
 * XEmailMessage, a template's body filled in) and what was answered. */
static char *sent_entry(const char *path, const struct sendx_email *m, const cJSON *results)
{
    cJSON *entry = cJSON_CreateObject();
    cJSON *message = codec_encode(&model_email_schema, m);
    cJSON *copy = cJSON_Duplicate(results, true);
    bool ok = entry && cJSON_AddStringToObject(entry, "endpoint", path) &&
              adopt(entry, "message", &message) && adopt(entry, "results", &copy);
    char *text = ok ? cJSON_PrintUnformatted(entry) : NULL;
    cJSON_Delete(message);
    cJSON_Delete(copy);
    cJSON_Delete(entry);
    return text;
}

/* Answers the results and keeps the message in the outbox. */
static void answer_sent(struct store *s, const char *path, const struct sendx_email *m,
                        struct route_reply *reply)
{
    cJSON *results = send_results(s, m);
    char *entry = results ? sent_entry(path, m, results) : NULL;
    if (!entry) {
        cJSON_Delete(results);
        answer_error(reply, 500, "Internal server error occurred");
        return;
    }
    outbox_add(store_outbox(s), entry);
    answer_json(reply, 200, results);
}

/* POST /send/email and /send/template: documented 200, 401, 404 (an
 * unknown template), 422 and 429. Nothing leaves the mock; what would
 * have is kept in the store's outbox. */
static void handle_send(struct store *s, const char *path, const struct route_request *req,
                        struct route_reply *reply)
{
    bool with_template = strcmp(path, "/send/template") == 0;
    const struct codec_schema *schema =
        with_template ? &model_template_email_schema : &model_email_schema;
    struct sendx_email m;
    if (decode_body(req, schema, &m, true, 422, reply) != 0)
        return;
    struct api_error err = {0};
    const char *why = checks_message(&m);
    enum store_status st = STORE_OK;
    if (why)
        answer_error(reply, 422, why);
    else if (with_template && (st = fill_from_template(s, &m, &err)) != STORE_OK)
        answer_error(reply, st == STORE_NOT_FOUND ? 404 : 500, api_error_message(&err));
    else
        answer_sent(s, path, &m, reply);
    codec_free(&model_email_type, &m);
    api_error_clear(&err);
}

/* ---- routing ---- */

static bool is(const struct route_request *req, const char *method)
{
    return strcmp(req->method, method) == 0;
}

static void not_allowed(struct route_reply *reply)
{
    answer_error(reply, 405, "Method not allowed");
}

static void route_collection(struct store *s, const struct model_resource *r,
                             const struct route_request *req, struct route_reply *reply)
{
    if (is(req, "GET") && (r->ops & SENDX_OP_LIST))
        handle_list(s, r, req, reply);
    else if (is(req, "POST") && (r->ops & SENDX_OP_CREATE))
        handle_write(s, r, NULL, req, reply);
    else
        not_allowed(reply);
}

static void route_item(struct store *s, const struct model_resource *r, const char *id,
                       const struct route_request *req, struct route_reply *reply)
{
    unsigned op = is(req, "GET")      ? SENDX_OP_GET
                  : is(req, "PUT")    ? SENDX_OP_UPDATE
                  : is(req, "DELETE") ? SENDX_OP_DELETE
                                      : 0;
    if (!(r->ops & op)) {
        not_allowed(reply);
        return;
    }
    char field_id[128];
    if (r->kind == SENDX_KIND_FIELD && strlen(id) < sizeof field_id) {
        id = strcpy(field_id, id);
        field_ref_in(field_id);
    }
    if (!ids_match_prefixed(id)) {
        answer_error(reply, statuses[r->kind].bad_id, "Invalid identifier format");
        return;
    }
    if (op == SENDX_OP_GET)
        handle_get(s, r, id, reply);
    else if (op == SENDX_OP_UPDATE)
        handle_write(s, r, id, req, reply);
    else
        handle_delete(s, r, id, reply);
}

/* What follows prefix + "/" in path, if that is one non-empty segment. */
static const char *segment_after(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0 || path[n] != '/' || !path[n + 1] ||
        strchr(path + n + 1, '/'))
        return NULL;
    return path + n + 1;
}

/* The contact actions, the sends and the report sit beside the resource
 * paths. */
static bool route_special(struct store *s, const char *path, const struct route_request *req,
                          struct route_reply *reply)
{
    const char *id;
    if (strcmp(path, "/contact/identify") == 0 || strcmp(path, "/contact/track") == 0) {
        if (!is(req, "POST"))
            not_allowed(reply);
        else if (path[9] == 'i')
            handle_identify(s, req, reply);
        else
            handle_track(s, req, reply);
    } else if ((id = segment_after(path, "/contact/unsubscribe"))) {
        if (!is(req, "POST"))
            not_allowed(reply);
        else if (!ids_match_prefixed(id))
            answer_error(reply, 400, "Invalid identifier format");
        else
            handle_unsubscribe(s, id, reply);
    } else if (strcmp(path, "/send/email") == 0 || strcmp(path, "/send/template") == 0) {
        if (is(req, "POST"))
            handle_send(s, path, req, reply);
        else
            not_allowed(reply);
    } else if ((id = segment_after(path, "/report/campaign"))) {
        if (is(req, "GET"))
            handle_report(s, id, reply);
        else
            not_allowed(reply);
    } else {
        return false;
    }
    return true;
}

void routes_handle(struct store *s, const struct route_request *req, struct route_reply *reply)
{
    reply->status = 500;
    reply->body = NULL;
    const char *path = req->path;
    if (strncmp(path, API_PREFIX "/", sizeof API_PREFIX) == 0)
        path += sizeof API_PREFIX - 1;
    if (route_special(s, path, req, reply))
        return;
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        char base[32];
        snprintf(base, sizeof base, "/%s", r->path);
        const char *id = segment_after(path, base);
        if (strcmp(path, base) == 0) {
            route_collection(s, r, req, reply);
            return;
        }
        if (id) {
            route_item(s, r, id, req, reply);
            return;
        }
    }
    answer_error(reply, 404, "Resource not found");
}
