/* The mock's endpoints (mock/routes.h) over a small seeded store, the
 * same at the start of each input. The input is up to MAX_REQUESTS requests, each
 *
 *     METHOD PATH[?NAME=VALUE&...]
 *     BODY (the rest, to the next line "%%")
 *
 * where "{id}" in the path stands for the last id an answer carried, so
 * that a record created can be read, changed and deleted. The query is
 * split at & and = only, as a server hands the mock its values already
 * decoded.
 *
 * Properties: every answer has a body that is JSON; a path and method
 * the spec documents is answered with a status it documents for them and
 * a body its schema for that status admits (an error with the API's
 * error form), as test_mock_spec holds the mock to the spec; anything
 * else is a 404 or 405 in the error form. */
#include "fuzz.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "mock/routes.h"
#include "mock/seed.h"
#include "mock/store.h"
#include "schema.h"
#include "spec.h"

#define MAX_REQUESTS 8
#define MAX_PARAMS   8
#define SEPARATOR    "\n%%\n"
#define API_PREFIX   "/api/v1/rest"

struct params {
    char *names[MAX_PARAMS];
    char *values[MAX_PARAMS];
    size_t n;
};

static const char *param(void *ctx, const char *name)
{
    const struct params *p = ctx;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->names[i], name) == 0)
            return p->values[i];
    return NULL;
}

/* Splits "a=1&b=2" in place. */
static void split_query(char *query, struct params *p)
{
    for (char *item = query; item && p->n < MAX_PARAMS;) {
        char *next = strchr(item, '&');
        if (next)
            *next++ = '\0';
        char *eq = strchr(item, '=');
        if (eq)
            *eq++ = '\0';
        p->names[p->n] = item;
        p->values[p->n++] = eq ? eq : "";
        item = next;
    }
}

static const cJSON *spec(void)
{
    static cJSON *doc;
    if (!doc)
        doc = spec_load(NULL);
    FUZZ_CHECK(doc, "the spec does not load");
    return doc;
}

static bool is_error_body(const cJSON *json)
{
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(json, "status");
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(json, "message");
    return cJSON_IsString(status) && strcmp(status->valuestring, "error") == 0 &&
           cJSON_IsString(message) && *message->valuestring;
}

static void check_answer(const char *method, const char *path, const struct route_reply *reply)
{
    FUZZ_CHECK(reply->body, "%s %s: %d with no body", method, path, reply->status);
    cJSON *json = cJSON_Parse(reply->body);
    FUZZ_CHECK(json, "%s %s: %d with a body that is not JSON: %s", method, path, reply->status,
               reply->body);
    const char *bare = strncmp(path, API_PREFIX "/", strlen(API_PREFIX) + 1) == 0
                           ? path + strlen(API_PREFIX)
                           : path;
    /* Methods are case-sensitive; the spec's lookup is not. */
    bool upper = method[strspn(method, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")] == '\0';
    const char *templ = upper ? schema_path_template(spec(), bare) : NULL;
    /* The mock leaves out what the client does not cover (test_mock_spec). */
    bool served = templ && strncmp(templ, "/events/", 8) != 0 && strncmp(templ, "/post", 5) != 0;
    const cJSON *op = served ? schema_operation(spec(), templ, method) : NULL;
    if (!op) {
        FUZZ_CHECK(reply->status == 404 || reply->status == 405,
                   "%s %s, not in the spec, answered %d: %s", method, path, reply->status,
                   reply->body);
        FUZZ_CHECK(is_error_body(json), "%s %s: %d without the error form: %s", method, path,
                   reply->status, reply->body);
        cJSON_Delete(json);
        return;
    }
    bool documented = false;
    const cJSON *schema = schema_response(spec(), op, reply->status, &documented);
    FUZZ_CHECK(documented, "%s %s answered %d, which %s %s does not document: %s", method, path,
               reply->status, method, templ, reply->body);
    if (!schema && reply->status >= 400)
        schema = spec_schema(spec(), "ErrorResponse");
    FUZZ_CHECK(schema, "%s %s %d documents no JSON body", method, templ, reply->status);
    struct schema_violation v;
    FUZZ_CHECK(schema_validate(spec(), schema, json, &v), "%s %s %d: %s: %s\nbody: %s", method,
               path, reply->status, v.path, v.message, reply->body);
    cJSON_Delete(json);
}

/* The id the answer carries, if any, for "{id}" in the next path. */
static void remember_id(const char *body, char *id, size_t size)
{
    cJSON *json = cJSON_Parse(body);
    const char *got = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(json, "id"));
    if (got && strlen(got) < size)
        strcpy(id, got);
    cJSON_Delete(json);
}

/* "{id}" in path replaced by id, into a heap string. */
static char *expand(const char *path, const char *id)
{
    const char *at = strstr(path, "{id}");
    size_t n = strlen(path) + strlen(id) + 1;
    char *out = malloc(n);
    FUZZ_CHECK(out, "out of memory");
    if (at)
        snprintf(out, n, "%.*s%s%s", (int)(at - path), path, id, at + 4);
    else
        snprintf(out, n, "%s", path);
    return out;
}

/* One request, "METHOD PATH?QUERY\nBODY", changed in place. */
static void one_request(struct store *s, char *text, size_t len, char *last_id, size_t id_size)
{
    char *line_end = memchr(text, '\n', len);
    char *body = line_end ? line_end + 1 : NULL;
    if (line_end)
        *line_end = '\0';
    char *space = strchr(text, ' ');
    if (!space)
        return;
    *space = '\0';
    char *target = space + 1, *question = strchr(target, '?');
    struct params params = {0};
    if (question) {
        *question = '\0';
        split_query(question + 1, &params);
    }
    char *path = expand(target, last_id);
    struct route_request req = {
        .method = text,
        .path = path,
        .body = body,
        .body_len = body ? len - (size_t)(body - text) : 0,
        .query = param,
        .query_ctx = &params,
    };
    struct route_reply reply;
    routes_handle(s, &req, &reply);
    check_answer(text, path, &reply);
    remember_id(reply.body, last_id, id_size);
    route_reply_clear(&reply);
    free(path);
}

/* The seeded store, made again only after an input that asked for more
 * than GETs: seeding and freeing cost more than most inputs, and a GET
 * changes nothing, so every input still starts from the same store. */
static struct store *fresh_store(bool changed)
{
    static struct store *s;
    if (s && !changed)
        return s;
    store_free(s);
    s = store_new(FUZZ_MOCK_SEED);
    struct api_error err = {0};
    FUZZ_CHECK(s && seed_store(s, FUZZ_MOCK_SEED, FUZZ_MOCK_CONTACTS, &err) == 0,
               "the store does not seed: %s", api_error_message(&err));
    return s;
}

int fuzz_mock(const uint8_t *data, size_t size)
{
    static bool changed;
    spec();
    struct store *s = fresh_store(changed);
    changed = false;
    char *text = fuzz_string(data, size);
    char last_id[160] = "";
    char *request = text;
    for (int i = 0; request && i < MAX_REQUESTS; i++) {
        char *next = strstr(request, SEPARATOR);
        if (next) {
            *next = '\0';
            next += strlen(SEPARATOR);
        }
        changed = changed || strncmp(request, "GET ", 4) != 0;
        one_request(s, request, strlen(request), last_id, sizeof last_id);
        request = next;
    }
    free(text);
    return 0;
}
