#include "api/sendx.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/json_arena.h"
#include "api/pack.h"
#include "api/url.h"

/* Enough for the deepest path: template/email/{id}. */
#define SENDX_MAX_SEGMENTS 6
/* The first block of a page's pack (its records' array aside), doubling
 * after: a few allocations a page. The unused end of the last block costs
 * address space, not memory, as long as nothing writes there. */
#define PAGE_PACK_BLOCK (64 * 1024)

struct sendx_client {
    struct http_client *http;
    struct json_arena_spare pages; /* the arena blocks of the last page parsed */
};

struct sendx_client *sendx_client_new(const struct http_options *opts, struct api_error *err)
{
    struct sendx_client *c = calloc(1, sizeof *c);
    if (!c) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    c->http = http_client_new(opts, err);
    if (!c->http) {
        free(c);
        return NULL;
    }
    return c;
}

void sendx_client_free(struct sendx_client *c)
{
    if (!c)
        return;
    http_client_free(c->http);
    json_arena_spare_free(&c->pages);
    free(c);
}

const char *sendx_campaign_filter_name(enum sendx_campaign_filter f)
{
    switch (f) {
    case SENDX_CAMPAIGNS_DRAFT:
        return "draft";
    case SENDX_CAMPAIGNS_SCHEDULED:
        return "scheduled";
    case SENDX_CAMPAIGNS_SENT:
        return "sent";
    case SENDX_CAMPAIGNS_ALL:
        break;
    }
    return "all";
}

static const char *op_verb(enum sendx_op op)
{
    switch (op) {
    case SENDX_OP_LIST:
        return "list";
    case SENDX_OP_GET:
        return "fetch single";
    case SENDX_OP_CREATE:
        return "create";
    case SENDX_OP_UPDATE:
        return "update";
    case SENDX_OP_DELETE:
        return "delete";
    case SENDX_OP_SEARCH:
        return "search";
    case SENDX_OP_PAGED:
        break;
    }
    return "page through";
}

/* The resource, if the API offers op on it. */
static const struct model_resource *resource_for(enum sendx_kind kind, enum sendx_op op,
                                                 struct api_error *err)
{
    if ((unsigned)kind >= SENDX_KIND_COUNT) {
        api_error_set(err, API_ERR_INVALID, 0, "unknown resource kind %d", (int)kind);
        return NULL;
    }
    const struct model_resource *r = model_resource(kind);
    if (!(r->ops & op)) {
        api_error_set(err, API_ERR_INVALID, 0, "the SendX API cannot %s %s", op_verb(op),
                      r->plural);
        return NULL;
    }
    return r;
}

static int check_id(const struct model_resource *r, const char *id, struct api_error *err)
{
    if (id && *id)
        return 0;
    api_error_set(err, API_ERR_INVALID, 0, "no %s id given", r->name);
    return -1;
}

/* Splits the resource path ("template/email") into segments, then adds
 * the extra ones; returns "/template/email/<escaped id>?query". */
static char *resource_path(const char *base, const char *const *extra,
                           const struct url_param *params, size_t n_params, struct api_error *err)
{
    char *copy = strdup(base);
    if (!copy) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    const char *segments[SENDX_MAX_SEGMENTS + 1] = {0};
    size_t n = 0;
    char *save = NULL;
    for (char *s = strtok_r(copy, "/", &save); s && n < SENDX_MAX_SEGMENTS;
         s = strtok_r(NULL, "/", &save))
        segments[n++] = s;
    for (size_t i = 0; extra && extra[i] && n < SENDX_MAX_SEGMENTS; i++)
        segments[n++] = extra[i];
    char *path = url_path_build(segments, params, n_params, err);
    free(copy);
    return path;
}

/* Sends the request and parses a JSON answer into *out (cJSON_Delete it). */
static int request_json(struct sendx_client *c, enum http_method m, const char *path,
                        const char *body, struct http_cancel *cancel, cJSON **out,
                        struct api_error *err)
{
    struct http_response resp;
    *out = NULL;
    if (http_request(c->http, m, path, body, cancel, &resp, err) != 0)
        return -1;
    *out = cJSON_ParseWithLength(resp.body, resp.body_len);
    if (!*out)
        api_error_set(err, API_ERR_BODY, resp.status,
                      "the server's answer is not valid JSON (%zu bytes%s)", resp.body_len,
                      resp.body_len ? ", truncated, malformed or nested too deeply" : "");
    http_response_clear(&resp);
    return *out ? 0 : -1;
}

static int unreadable_record(const char *what, struct api_error *err)
{
    err->kind = API_ERR_BODY;
    api_error_prefix(err, "the server sent an unreadable %s", what);
    return -1;
}

/* Fails only for an answer that is not a record at all or whose id is
 * bad: a field that cannot be read stays in out as unreadable, and the
 * rest of the record is still worth showing. */
static int decode_record(const struct codec_schema *s, const char *what, const cJSON *json,
                         void *out, struct api_error *err)
{
    if (!out || codec_decode(s, json, out, err) == 0)
        return 0;
    return unreadable_record(what, err);
}

/* One request whose answer is a single record of schema s (out may be NULL). */
static int call_record(struct sendx_client *c, enum http_method m, const char *path,
                       const char *body, const struct codec_schema *s, const char *what, void *out,
                       struct http_cancel *cancel, struct api_error *err)
{
    cJSON *json = NULL;
    int rc = request_json(c, m, path, body, cancel, &json, err);
    if (rc == 0)
        rc = decode_record(s, what, json, out, err);
    cJSON_Delete(json);
    return rc;
}

/* Search text is counted in characters, not bytes, as the API does. */
static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int list_params(const struct model_resource *r, const struct sendx_query *q,
                       struct sendx_page *page, char offset[24], char limit[24],
                       struct url_param params[4], size_t *n, struct api_error *err)
{
    *n = 0;
    if (q && q->search && *q->search) {
        if (!resource_for(r->kind, SENDX_OP_SEARCH, err))
            return -1;
        if (utf8_length(q->search) < 2) {
            api_error_set(err, API_ERR_INVALID, 0, "search needs at least 2 characters");
            return -1;
        }
        params[(*n)++] = (struct url_param){"search", q->search};
    }
    if (r->ops & SENDX_OP_PAGED) {
        long want = q && q->limit > 0 ? q->limit : r->page_default;
        page->limit = want > r->page_max ? r->page_max : want;
        page->offset = q && q->offset > 0 ? q->offset : 0;
        snprintf(offset, 24, "%ld", page->offset);
        snprintf(limit, 24, "%ld", page->limit);
        params[(*n)++] = (struct url_param){"offset", offset};
        params[(*n)++] = (struct url_param){"limit", limit};
    }
    if (r->kind == SENDX_KIND_CAMPAIGN && q && q->campaign_filter != SENDX_CAMPAIGNS_ALL)
        params[(*n)++] =
            (struct url_param){"campaignType", sendx_campaign_filter_name(q->campaign_filter)};
    return 0;
}

static int decode_page(const struct model_resource *r, const cJSON *json, struct sendx_page *out,
                       struct api_error *err)
{
    if (!cJSON_IsArray(json)) {
        api_error_set(err, API_ERR_BODY, 0, "expected a list of %s, got something else", r->plural);
        return -1;
    }
    out->received = (size_t)cJSON_GetArraySize(json);
    /* A page's records live together: one pack, their repeated ids and
     * names stored once (the same list ids run through every contact). */
    out->pack = pack_new(PAGE_PACK_BLOCK);
    if (!out->pack)
        return api_error_nomem(err);
    int rc =
        codec_decode_array_in(r->read, json, &out->records, &out->n_bad, &out->bad, out->pack, err);
    pack_seal(out->pack);
    return rc;
}

int sendx_list(struct sendx_client *c, enum sendx_kind kind, const struct sendx_query *q,
               struct sendx_page *out, struct http_cancel *cancel, struct api_error *err)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    const struct model_resource *r = resource_for(kind, SENDX_OP_LIST, err);
    char offset[24], limit[24];
    struct url_param params[4];
    size_t n_params = 0;
    if (!r || list_params(r, q, out, offset, limit, params, &n_params, err) != 0)
        return -1;
    char *path = resource_path(r->path, NULL, params, n_params, err);
    cJSON *json = NULL;
    /* A page's JSON tree lives and dies here, in an arena (json_arena.h):
     * the end of the span frees it whole, without a walk over its nodes. */
    struct json_arena arena;
    json_arena_begin_reusing(&arena, &c->pages);
    int rc = path ? request_json(c, HTTP_GET, path, NULL, cancel, &json, err) : -1;
    if (rc == 0)
        rc = decode_page(r, json, out, err);
    json_arena_end(&arena);
    free(path);
    if (rc != 0)
        sendx_page_free(out);
    out->kind = kind;
    return rc;
}

void sendx_page_free(struct sendx_page *page)
{
    if (!page)
        return;
    if (page->pack)
        pack_free(page->pack);
    else if ((unsigned)page->kind < SENDX_KIND_COUNT)
        codec_objects_free(model_resource(page->kind)->type, &page->records);
    api_error_clear(&page->bad);
    memset(page, 0, sizeof *page);
}

void *sendx_page_at(const struct sendx_page *page, size_t i)
{
    size_t size = model_resource(page->kind)->type->size;
    return (char *)page->records.items + i * size;
}

bool sendx_page_more(const struct sendx_page *page)
{
    return page->limit > 0 && page->received >= (size_t)page->limit;
}

int sendx_get(struct sendx_client *c, enum sendx_kind kind, const char *id, void *out,
              struct http_cancel *cancel, struct api_error *err)
{
    const struct model_resource *r = resource_for(kind, SENDX_OP_GET, err);
    if (!r || check_id(r, id, err) != 0)
        return -1;
    const char *extra[] = {id, NULL};
    char *path = resource_path(r->path, extra, NULL, 0, err);
    int rc = path ? call_record(c, HTTP_GET, path, NULL, r->read, r->name, out, cancel, err) : -1;
    free(path);
    /* A record shown on its own must say which it is. */
    if (rc == 0 && out && codec_require_identity(r->read, out, err) != 0)
        rc = unreadable_record(r->name, err);
    return rc;
}

/* Encodes the set fields of record; refuses an empty update. */
static char *encode_body(const struct codec_schema *s, const void *record, bool need_required,
                         struct api_error *err)
{
    char missing[CODEC_PATH_MAX];
    if (need_required && codec_find_missing(s, record, missing)) {
        api_error_set(err, API_ERR_INVALID, 0, "%s is required", missing);
        return NULL;
    }
    uint64_t set = *codec_set_mask((void *)record);
    if (!set) {
        api_error_set(err, API_ERR_INVALID, 0, "nothing to send: no field is set");
        return NULL;
    }
    char *body = codec_encode_string(s, record);
    if (!body)
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory encoding the request");
    return body;
}

/* POST or PUT a record of r's write schema; answer decoded into out. */
static int send_record(struct sendx_client *c, const struct model_resource *r, enum http_method m,
                       const char *id, const void *record, void *out, struct http_cancel *cancel,
                       struct api_error *err)
{
    const char *extra[] = {id, NULL};
    char *body = encode_body(r->write, record, m == HTTP_POST, err);
    char *path = body ? resource_path(r->path, extra, NULL, 0, err) : NULL;
    int rc = path ? call_record(c, m, path, body, r->read, r->name, out, cancel, err) : -1;
    free(path);
    free(body);
    return rc;
}

int sendx_create(struct sendx_client *c, enum sendx_kind kind, const void *record, void *out,
                 struct http_cancel *cancel, struct api_error *err)
{
    const struct model_resource *r = resource_for(kind, SENDX_OP_CREATE, err);
    return r ? send_record(c, r, HTTP_POST, NULL, record, out, cancel, err) : -1;
}

int sendx_update(struct sendx_client *c, enum sendx_kind kind, const char *id, const void *record,
                 void *out, struct http_cancel *cancel, struct api_error *err)
{
    const struct model_resource *r = resource_for(kind, SENDX_OP_UPDATE, err);
    if (!r || check_id(r, id, err) != 0)
        return -1;
    return send_record(c, r, HTTP_PUT, id, record, out, cancel, err);
}

int sendx_delete(struct sendx_client *c, enum sendx_kind kind, const char *id,
                 struct sendx_message *out, struct http_cancel *cancel, struct api_error *err)
{
    const struct model_resource *r = resource_for(kind, SENDX_OP_DELETE, err);
    if (!r || check_id(r, id, err) != 0)
        return -1;
    const char *extra[] = {id, NULL};
    char *path = resource_path(r->path, extra, NULL, 0, err);
    int rc = path ? call_record(c, HTTP_DELETE, path, NULL, &model_message_schema, "answer", out,
                                cancel, err)
                  : -1;
    free(path);
    return rc;
}

int sendx_contact_unsubscribe(struct sendx_client *c, const char *id, struct sendx_message *out,
                              struct http_cancel *cancel, struct api_error *err)
{
    const struct model_resource *r = model_resource(SENDX_KIND_CONTACT);
    if (check_id(r, id, err) != 0)
        return -1;
    const char *extra[] = {"unsubscribe", id, NULL};
    char *path = resource_path(r->path, extra, NULL, 0, err);
    int rc = path ? call_record(c, HTTP_POST, path, NULL, &model_message_schema, "answer", out,
                                cancel, err)
                  : -1;
    free(path);
    return rc;
}

/* POST /contact/<action> with a request of schema s. */
static int contact_action(struct sendx_client *c, const char *action, const struct codec_schema *s,
                          const void *req, struct sendx_message *out, struct http_cancel *cancel,
                          struct api_error *err)
{
    const char *extra[] = {action, NULL};
    char *body = encode_body(s, req, true, err);
    char *path =
        body ? resource_path(model_resource(SENDX_KIND_CONTACT)->path, extra, NULL, 0, err) : NULL;
    int rc = path ? call_record(c, HTTP_POST, path, body, &model_message_schema, "answer", out,
                                cancel, err)
                  : -1;
    free(path);
    free(body);
    return rc;
}

int sendx_contact_identify(struct sendx_client *c, const struct sendx_identify *req,
                           struct sendx_message *out, struct http_cancel *cancel,
                           struct api_error *err)
{
    return contact_action(c, "identify", &model_identify_schema, req, out, cancel, err);
}

int sendx_contact_track(struct sendx_client *c, const struct sendx_track *req,
                        struct sendx_message *out, struct http_cancel *cancel,
                        struct api_error *err)
{
    return contact_action(c, "track", &model_track_schema, req, out, cancel, err);
}

/* POST /send/<what> with msg under schema s; the answer is a list of
 * results, one per recipient. */
static int send_message(struct sendx_client *c, const char *what, const struct codec_schema *s,
                        const struct sendx_email *msg, struct sendx_objects *out,
                        struct http_cancel *cancel, struct api_error *err)
{
    if (out)
        memset(out, 0, sizeof *out);
    char *body = encode_body(s, msg, true, err);
    if (body && msg->to.len == 0) {
        api_error_set(err, API_ERR_INVALID, 0, "to needs at least one recipient");
        free(body);
        body = NULL;
    }
    const char *extra[] = {what, NULL};
    char *path = body ? resource_path("send", extra, NULL, 0, err) : NULL;
    cJSON *json = NULL;
    int rc = path ? request_json(c, HTTP_POST, path, body, cancel, &json, err) : -1;
    if (rc == 0 && !cJSON_IsArray(json)) {
        api_error_set(err, API_ERR_BODY, 0, "expected a list of send results, got something else");
        rc = -1;
    }
    if (rc == 0 && out)
        rc = codec_decode_array(&model_send_result_schema, json, out, NULL, NULL, err);
    cJSON_Delete(json);
    free(path);
    free(body);
    return rc;
}

int sendx_send_email(struct sendx_client *c, const struct sendx_email *msg,
                     struct sendx_objects *out, struct http_cancel *cancel, struct api_error *err)
{
    return send_message(c, "email", &model_email_schema, msg, out, cancel, err);
}

int sendx_send_template(struct sendx_client *c, const struct sendx_email *msg,
                        struct sendx_objects *out, struct http_cancel *cancel,
                        struct api_error *err)
{
    return send_message(c, "template", &model_template_email_schema, msg, out, cancel, err);
}

int sendx_campaign_report(struct sendx_client *c, const char *campaign_id, struct sendx_report *out,
                          struct http_cancel *cancel, struct api_error *err)
{
    if (check_id(model_resource(SENDX_KIND_CAMPAIGN), campaign_id, err) != 0)
        return -1;
    const char *extra[] = {campaign_id, NULL};
    char *path = resource_path("report/campaign", extra, NULL, 0, err);
    int rc = path ? call_record(c, HTTP_GET, path, NULL, &model_report_schema, "report", out,
                                cancel, err)
                  : -1;
    free(path);
    return rc;
}
