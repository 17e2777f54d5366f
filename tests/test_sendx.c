/* Every client operation against a scripted loopback server: the request
 * it sends (method, path, query, body, headers) and what it makes of the
 * answer. The mock server's own suite later runs the same calls against a
 * server with state. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/sendx.h"
#include "api/walk.h"
#include "spec.h"
#include "test_server.h"

#define KEY         "test-key-7f3a"
#define CONTACT_ID  "contact_BnKjkbBBS500CoBCP0oChQ"
#define LIST_ID     "list_OcuxJHdiAvujmwQVJfd3ss"
#define CAMPAIGN_ID "campaign_LUE9BTxmksSmqHWbh96zsn"

/* The next answer the server gives, set by each test. */
struct script {
    int status;
    const char *body;
    int tags_total; /* > 0: answer /tag pages from a store of this many tags */
};

static struct script script;
/* Bodies the handler printed, freed at teardown: the server copies a
 * reply body only after the handler returns. */
static pthread_mutex_t printed_lock = PTHREAD_MUTEX_INITIALIZER;
static char *printed[64];
static size_t n_printed;
static struct test_server *server;
static struct sendx_client *client;
static struct api_error err;

static void answer_tag_page(const struct ts_request *req, struct ts_reply *reply)
{
    long offset = 0, limit = 10;
    sscanf(strstr(req->query, "offset=") + 7, "%ld", &offset);
    sscanf(strstr(req->query, "limit=") + 6, "%ld", &limit);
    cJSON *arr = cJSON_CreateArray();
    for (long i = offset; i < offset + limit && i < script.tags_total; i++) {
        char id[64];
        snprintf(id, sizeof id, "tag_%022ld", i);
        cJSON *tag = cJSON_CreateObject();
        cJSON_AddStringToObject(tag, "id", id);
        cJSON_AddStringToObject(tag, "name", "t");
        cJSON_AddItemToArray(arr, tag);
    }
    char *body = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    pthread_mutex_lock(&printed_lock);
    if (n_printed < sizeof printed / sizeof printed[0])
        printed[n_printed++] = body;
    else
        free(body), body = NULL;
    pthread_mutex_unlock(&printed_lock);
    reply->body = body ? body : "[]";
}

static void handler(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    if (script.tags_total > 0 && strcmp(req->path, "/tag") == 0) {
        answer_tag_page(req, reply);
        return;
    }
    reply->status = script.status;
    reply->body = script.body;
}

static void setup(void)
{
    cr_assert_eq(http_global_init(&err), 0);
    script = (struct script){.status = 200, .body = "{}"};
    server = test_server_start(handler, NULL);
    cr_assert_not_null(server);
    struct http_options o = http_options_default();
    o.base_url = test_server_url(server);
    o.api_key = KEY;
    o.retry.deadline_ms = 5000;
    client = sendx_client_new(&o, &err);
    cr_assert_not_null(client, "%s", api_error_message(&err));
}

static void teardown(void)
{
    sendx_client_free(client);
    test_server_stop(server);
    api_error_clear(&err);
    for (size_t i = 0; i < n_printed; i++)
        free(printed[i]);
    n_printed = 0;
    http_global_cleanup();
}

TestSuite(sendx, .init = setup, .fini = teardown);

static const struct ts_request *last_request(void)
{
    size_t n = test_server_count(server);
    cr_assert_gt(n, 0, "the server saw no request");
    return test_server_request(server, n - 1);
}

static void assert_request(const char *method, const char *path, const char *query)
{
    const struct ts_request *r = last_request();
    cr_expect_str_eq(r->method, method);
    cr_expect_str_eq(r->path, path);
    cr_expect_str_eq(r->query, query);
    cr_expect_str_eq(r->api_key, KEY);
}

/* The body sent equals the JSON text expected (order of keys aside). */
static void assert_body(const char *expected)
{
    const struct ts_request *r = last_request();
    cJSON *want = cJSON_Parse(expected);
    cJSON *got = cJSON_Parse(r->body);
    cr_assert_not_null(want);
    cr_assert_not_null(got, "body is not JSON: %s", r->body);
    cr_expect(cJSON_Compare(want, got, true), "sent %s, expected %s", r->body, expected);
    cr_expect_str_eq(r->content_type, "application/json");
    cJSON_Delete(want);
    cJSON_Delete(got);
}

static void assert_no_request(void)
{
    cr_expect_eq(test_server_count(server), 0, "a request was sent");
}

/* ---- listing ---- */

Test(sendx, contact_list_sends_search_offset_and_clamped_limit)
{
    script.body = "[{\"id\":\"" CONTACT_ID "\",\"email\":\"a@example.com\",\"ltv\":5},"
                  "{\"id\":\"contact_AXCZG3Ii9bjBoUUINcSqo8\",\"email\":\"b@example.com\"},"
                  "{\"id\":7,\"lists\":[]}]";
    struct sendx_query q = {.offset = 100, .limit = 5000, .search = "smith"};
    struct sendx_page page;
    cr_assert_eq(sendx_list(client, SENDX_KIND_CONTACT, &q, &page, NULL, &err), 0, "%s",
                 api_error_message(&err));
    assert_request("GET", "/contact", "search=smith&offset=100&limit=1000");
    cr_expect_eq(page.received, 3);
    cr_expect_eq(page.records.len, 2);
    cr_expect_eq(page.n_bad, 1);
    cr_expect_neq(page.bad.kind, API_OK);
    struct sendx_contact *first = sendx_page_at(&page, 0);
    cr_expect_str_eq(first->email, "a@example.com");
    cr_expect_eq(first->ltv, 5);
    cr_expect_eq(page.limit, 1000);
    cr_expect_not(sendx_page_more(&page));
    sendx_page_free(&page);
}

/* The contact: a lifetime value beyond 64 bits used to drop it. */
Test(sendx, a_wrong_typed_field_keeps_the_record_in_its_page)
{
    script.body = "[{\"id\":\"" CONTACT_ID "\",\"email\":\"a@example.com\",\"LTV\":1e30},"
                  "{\"id\":\"contact_AXCZG3Ii9bjBoUUINcSqo8\",\"email\":\"b@example.com\"}]";
    struct sendx_page page;
    cr_assert_eq(sendx_list(client, SENDX_KIND_CONTACT, NULL, &page, NULL, &err), 0, "%s",
                 api_error_message(&err));
    cr_expect_eq(page.records.len, 2);
    cr_expect_eq(page.n_bad, 0);
    cr_expect_eq(page.bad.kind, API_OK);
    struct sendx_contact *rich = sendx_page_at(&page, 0);
    cr_expect_str_eq(rich->id, CONTACT_ID);
    cr_expect_str_eq(rich->email, "a@example.com");
    cr_expect_not(codec_is_set(rich, SENDX_CONTACT_LTV));
    cr_expect_str_eq(codec_unreadable_raw(rich, SENDX_CONTACT_LTV), "1e+30");
    sendx_page_free(&page);
}

Test(sendx, every_list_endpoint_has_its_path_and_default_limit)
{
    static const struct {
        enum sendx_kind kind;
        const char *path;
        const char *query;
    } cases[] = {
        {SENDX_KIND_CONTACT, "/contact", "offset=0&limit=50"},
        {SENDX_KIND_LIST, "/list", "offset=0&limit=10"},
        {SENDX_KIND_TAG, "/tag", "offset=0&limit=10"},
        {SENDX_KIND_CAMPAIGN, "/campaign", "offset=0&limit=10"},
        {SENDX_KIND_TEMPLATE, "/template/email", "offset=0&limit=10"},
        {SENDX_KIND_SENDER, "/sender", ""},
        {SENDX_KIND_FIELD, "/customfield", "offset=0&limit=10"},
        {SENDX_KIND_WEBHOOK, "/webhook", ""},
        {SENDX_KIND_MEMBER, "/team/member", ""},
    };
    script.body = "[]";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sendx_page page;
        cr_assert_eq(sendx_list(client, cases[i].kind, NULL, &page, NULL, &err), 0, "%s: %s",
                     cases[i].path, api_error_message(&err));
        assert_request("GET", cases[i].path, cases[i].query);
        cr_expect_eq(page.records.len, 0);
        sendx_page_free(&page);
    }
}

Test(sendx, search_runs_on_searchable_kinds_only)
{
    script.body = "[]";
    static const enum sendx_kind searchable[] = {SENDX_KIND_CONTACT, SENDX_KIND_LIST,
                                                 SENDX_KIND_TEMPLATE, SENDX_KIND_FIELD};
    struct sendx_query q = {.search = "news & co"};
    for (size_t i = 0; i < 4; i++) {
        struct sendx_page page;
        cr_assert_eq(sendx_list(client, searchable[i], &q, &page, NULL, &err), 0);
        cr_expect(strncmp(last_request()->query, "search=news+%26+co&", 19) == 0, "query %s",
                  last_request()->query);
        sendx_page_free(&page);
    }
    test_server_reset(server);
    struct sendx_page page;
    cr_expect_eq(sendx_list(client, SENDX_KIND_TAG, &q, &page, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    cr_expect(strstr(err.message, "tags") != NULL, "%s", err.message);
    assert_no_request();
}

Test(sendx, search_needs_two_characters_counted_as_characters)
{
    script.body = "[]";
    struct sendx_page page;
    struct sendx_query short_q = {.search = "é"};
    cr_expect_eq(sendx_list(client, SENDX_KIND_CONTACT, &short_q, &page, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    assert_no_request();
    struct sendx_query cjk = {.search = "山田"};
    cr_expect_eq(sendx_list(client, SENDX_KIND_CONTACT, &cjk, &page, NULL, &err), 0);
    cr_expect(strstr(last_request()->query, "search=%e5%b1%b1%e7%94%b0") ||
                  strstr(last_request()->query, "search=%E5%B1%B1%E7%94%B0"),
              "query %s", last_request()->query);
    sendx_page_free(&page);
}

Test(sendx, campaign_filter_is_sent_as_campaign_type)
{
    script.body = "[{\"id\":\"" CAMPAIGN_ID "\",\"name\":\"Spring\",\"status\":0}]";
    struct sendx_query q = {.campaign_filter = SENDX_CAMPAIGNS_DRAFT};
    struct sendx_page page;
    cr_assert_eq(sendx_list(client, SENDX_KIND_CAMPAIGN, &q, &page, NULL, &err), 0);
    assert_request("GET", "/campaign", "offset=0&limit=10&campaignType=draft");
    cr_expect_str_eq(((struct sendx_campaign *)sendx_page_at(&page, 0))->name, "Spring");
    sendx_page_free(&page);
}

Test(sendx, a_list_answer_that_is_not_an_array_is_a_body_error)
{
    script.body = "{\"status\":\"success\"}";
    struct sendx_page page;
    cr_expect_eq(sendx_list(client, SENDX_KIND_LIST, NULL, &page, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_BODY);
    cr_expect_eq(page.records.len, 0);
}

Test(sendx, malformed_json_is_a_body_error)
{
    script.body = "[{\"id\":\"list_x\",";
    struct sendx_page page;
    cr_expect_eq(sendx_list(client, SENDX_KIND_LIST, NULL, &page, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_BODY);
    cr_expect(strstr(err.message, "not valid JSON") != NULL, "%s", err.message);
}

/* ---- the pager ---- */

static size_t walk_tags(int total, size_t *pages)
{
    script.tags_total = total;
    struct sendx_pager p;
    struct sendx_query q = {.limit = 10};
    cr_assert_eq(sendx_pager_init(&p, SENDX_KIND_TAG, &q, 0, &err), 0);
    size_t rows = 0;
    struct sendx_page page;
    int rc;
    *pages = 0;
    while ((rc = sendx_pager_next(&p, client, &page, NULL, &err)) == 1) {
        struct sendx_tag *first = page.records.len ? sendx_page_at(&page, 0) : NULL;
        if (first) {
            char want[64];
            snprintf(want, sizeof want, "tag_%022zu", rows);
            cr_expect_str_eq(first->id, want, "pages must follow on without gaps");
        }
        rows += page.records.len;
        (*pages)++;
        sendx_page_free(&page);
    }
    cr_expect_eq(rc, 0, "%s", api_error_message(&err));
    sendx_pager_free(&p);
    return rows;
}

Test(sendx, pager_stops_after_a_short_page)
{
    size_t pages;
    cr_expect_eq(walk_tags(25, &pages), 25);
    cr_expect_eq(pages, 3);
    cr_expect_eq(test_server_count(server), 3);
}

Test(sendx, pager_needs_one_empty_page_when_the_total_is_a_multiple)
{
    size_t pages;
    cr_expect_eq(walk_tags(20, &pages), 20);
    cr_expect_eq(pages, 3);
    cr_expect_str_eq(last_request()->query, "offset=20&limit=10");
}

Test(sendx, pager_on_an_unpaged_endpoint_makes_one_request)
{
    script.body =
        "[{\"id\":\"sender_4vK3WFhMgvOwUNyaL4QxCD\",\"name\":\"A\",\"email\":\"a@x.io\"}]";
    struct sendx_pager p;
    cr_assert_eq(sendx_pager_init(&p, SENDX_KIND_SENDER, NULL, 0, &err), 0);
    struct sendx_page page;
    cr_expect_eq(sendx_pager_next(&p, client, &page, NULL, &err), 1);
    cr_expect_eq(page.records.len, 1);
    sendx_page_free(&page);
    cr_expect_eq(sendx_pager_next(&p, client, &page, NULL, &err), 0);
    cr_expect_eq(test_server_count(server), 1);
    sendx_pager_free(&p);
}

/* ---- single records ---- */

Test(sendx, get_fetches_each_kind_by_id)
{
    static const struct {
        enum sendx_kind kind;
        const char *path;
    } cases[] = {
        {SENDX_KIND_CONTACT, "/contact/x_aaaaaaaaaaaaaaaaaaaaaa"},
        {SENDX_KIND_LIST, "/list/x_aaaaaaaaaaaaaaaaaaaaaa"},
        {SENDX_KIND_TAG, "/tag/x_aaaaaaaaaaaaaaaaaaaaaa"},
        {SENDX_KIND_CAMPAIGN, "/campaign/x_aaaaaaaaaaaaaaaaaaaaaa"},
        {SENDX_KIND_TEMPLATE, "/template/email/x_aaaaaaaaaaaaaaaaaaaaaa"},
        {SENDX_KIND_FIELD, "/customfield/x_aaaaaaaaaaaaaaaaaaaaaa"},
        {SENDX_KIND_WEBHOOK, "/webhook/x_aaaaaaaaaaaaaaaaaaaaaa"},
        {SENDX_KIND_MEMBER, "/team/member/x_aaaaaaaaaaaaaaaaaaaaaa"},
    };
    script.body = "{\"id\":\"x_aaaaaaaaaaaaaaaaaaaaaa\"}";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct model_resource *r = model_resource(cases[i].kind);
        void *rec = calloc(1, r->type->size);
        cr_assert_eq(sendx_get(client, cases[i].kind, "x_aaaaaaaaaaaaaaaaaaaaaa", rec, NULL, &err),
                     0, "%s", api_error_message(&err));
        assert_request("GET", cases[i].path, "");
        char **id = (char **)((char *)rec + r->type->members[r->id_member].offset);
        cr_expect_str_eq(*id, "x_aaaaaaaaaaaaaaaaaaaaaa");
        codec_free(r->type, rec);
        free(rec);
    }
}

Test(sendx, an_identifier_is_escaped_into_one_path_segment)
{
    script.body = "{\"id\":\"" CONTACT_ID "\"}";
    struct sendx_contact c;
    cr_assert_eq(sendx_get(client, SENDX_KIND_CONTACT, "a/b c?d", &c, NULL, &err), 0);
    cr_expect_str_eq(last_request()->path, "/contact/a/b c?d",
                     "the server decodes the escaped segment back");
    cr_expect_str_eq(last_request()->query, "");
    codec_free(&model_contact_type, &c);
    cr_expect_eq(sendx_get(client, SENDX_KIND_CONTACT, "", &c, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
}

Test(sendx, not_found_carries_the_api_message)
{
    script.status = 404;
    script.body = "{\"status\":\"error\",\"message\":\"Contact not found\"}";
    struct sendx_contact c;
    cr_expect_eq(sendx_get(client, SENDX_KIND_CONTACT, CONTACT_ID, &c, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_HTTP);
    cr_expect_eq(err.http_status, 404);
    cr_expect(strstr(err.message, "Contact not found") != NULL, "%s", err.message);
    cr_expect_eq(test_server_count(server), 1, "a 404 is not retried");
}

Test(sendx, a_wrong_typed_field_leaves_the_rest_of_the_record)
{
    script.body = "{\"id\":\"" CONTACT_ID "\",\"tags\":\"vip\",\"email\":\"a@example.com\"}";
    struct sendx_contact c;
    cr_assert_eq(sendx_get(client, SENDX_KIND_CONTACT, CONTACT_ID, &c, NULL, &err), 0, "%s",
                 api_error_message(&err));
    cr_expect_str_eq(c.email, "a@example.com");
    cr_expect_str_eq(codec_unreadable_raw(&c, SENDX_CONTACT_TAGS), "\"vip\"");
    codec_free(&model_contact_type, &c);
}

/* The campaign: the spec's own example, as Prism serves it, with
 * a time zone where smartSend's boolean should be. */
Test(sendx, the_spec_example_campaign_is_read_but_for_smart_send)
{
    cJSON *doc = spec_load(NULL);
    cr_assert_not_null(doc);
    const cJSON *example =
        cJSON_GetObjectItemCaseSensitive(spec_schema(doc, "RestRCampaign"), "example");
    cr_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(example, "smartSend")),
              "the spec's example no longer sends smartSend as text");
    char *body = cJSON_PrintUnformatted(example);
    script.body = body;
    const char *id = cJSON_GetObjectItemCaseSensitive(example, "id")->valuestring;
    struct sendx_campaign k;
    cr_assert_eq(sendx_get(client, SENDX_KIND_CAMPAIGN, id, &k, NULL, &err), 0, "%s",
                 api_error_message(&err));
    const struct codec_schema *s = model_resource(SENDX_KIND_CAMPAIGN)->read;
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if (!cJSON_GetObjectItemCaseSensitive(example, f->name))
            continue;
        bool smart_send = strcmp(f->name, "smartSend") == 0;
        cr_expect_eq(codec_is_set(&k, f->member), !smart_send, "%s", f->name);
        cr_expect_eq(codec_unreadable_raw(&k, f->member) != NULL, smart_send, "%s", f->name);
    }
    cr_expect_str_eq(codec_unreadable_raw(&k, SENDX_CAMPAIGN_SMART_SEND), "\"America/New_York\"");
    cr_expect_str_eq(k.id, id);
    codec_free(&model_campaign_type, &k);
    free(body);
    cJSON_Delete(doc);
}

Test(sendx, a_record_with_a_bad_or_missing_id_is_a_body_error)
{
    static const char *const bodies[] = {
        "{\"id\":\"contact_\\u001b[2J\",\"email\":\"a@example.com\"}",
        "{\"id\":42,\"email\":\"a@example.com\"}",
        "{\"email\":\"a@example.com\"}",
        "[{\"id\":\"" CONTACT_ID "\"}]",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        script.body = bodies[i];
        struct sendx_contact c;
        cr_expect_eq(sendx_get(client, SENDX_KIND_CONTACT, CONTACT_ID, &c, NULL, &err), -1, "%s",
                     bodies[i]);
        cr_expect_eq(err.kind, API_ERR_BODY);
        cr_expect(strstr(api_error_message(&err), "the server sent an unreadable contact") != NULL,
                  "%s", api_error_message(&err));
        api_error_clear(&err);
    }
}

/* ---- writes ---- */

struct write_case {
    enum sendx_kind kind;
    const char *path;
    const char *expected_body;
};

/* Sets a few members on a new record of the kind, by member index. */
static void *make_record(enum sendx_kind kind)
{
    const struct model_type *t = model_resource(kind)->type;
    void *rec = calloc(1, t->size);
    switch (kind) {
    case SENDX_KIND_CONTACT:
        codec_set_string(t, rec, SENDX_CONTACT_EMAIL, "jane@example.com");
        codec_set_string(t, rec, SENDX_CONTACT_FIRST_NAME, "Jane");
        {
            const char *lists[] = {LIST_ID};
            codec_set_strings(t, rec, SENDX_CONTACT_LISTS, lists, 1);
        }
        codec_map_put(t, rec, SENDX_CONTACT_CUSTOM_FIELDS, "field_MnuqBAG2NPLm7PZMWbjQxt", "Sales");
        break;
    case SENDX_KIND_LIST:
        codec_set_string(t, rec, SENDX_LIST_NAME, "Newsletter");
        break;
    case SENDX_KIND_TAG:
        codec_set_string(t, rec, SENDX_TAG_NAME, "vip");
        break;
    case SENDX_KIND_CAMPAIGN:
        codec_set_string(t, rec, SENDX_CAMPAIGN_NAME, "Spring");
        codec_set_string(t, rec, SENDX_CAMPAIGN_SUBJECT, "Hello");
        codec_set_string(t, rec, SENDX_CAMPAIGN_SENDER, "sender_4vK3WFhMgvOwUNyaL4QxCD");
        codec_set_string(t, rec, SENDX_CAMPAIGN_HTML_CONTENT, "<p>Hi</p>");
        codec_set_string(t, rec, SENDX_CAMPAIGN_PREHEADER, "Soon");
        break;
    case SENDX_KIND_TEMPLATE:
        codec_set_string(t, rec, SENDX_TEMPLATE_NAME, "Welcome");
        codec_set_string(t, rec, SENDX_TEMPLATE_SUBJECT, "Hi");
        codec_set_string(t, rec, SENDX_TEMPLATE_HTML_CODE, "<b>x</b>");
        break;
    case SENDX_KIND_SENDER:
        codec_set_string(t, rec, SENDX_SENDER_NAME, "News");
        codec_set_string(t, rec, SENDX_SENDER_EMAIL, "news@example.com");
        break;
    case SENDX_KIND_FIELD:
        codec_set_string(t, rec, SENDX_FIELD_NAME, "Plan");
        codec_set_int(t, rec, SENDX_FIELD_TYPE, 0);
        break;
    case SENDX_KIND_WEBHOOK:
        codec_set_string(t, rec, SENDX_WEBHOOK_URL, "https://hooks.example.com/x");
        codec_set_bool(t, rec, SENDX_WEBHOOK_ENABLED, true);
        codec_set_bool(t, rec, SENDX_WEBHOOK_OPENED, false);
        break;
    case SENDX_KIND_MEMBER:
    case SENDX_KIND_COUNT:
        break;
    }
    return rec;
}

/* The expected bodies are written from the spec's request schemas. */
static const struct write_case create_cases[] = {
    {SENDX_KIND_CONTACT, "/contact",
     "{\"email\":\"jane@example.com\",\"firstName\":\"Jane\",\"lists\":[\"" LIST_ID "\"],"
     "\"customFields\":{\"field_MnuqBAG2NPLm7PZMWbjQxt\":\"Sales\"}}"},
    {SENDX_KIND_LIST, "/list", "{\"name\":\"Newsletter\"}"},
    {SENDX_KIND_TAG, "/tag", "{\"name\":\"vip\"}"},
    {SENDX_KIND_CAMPAIGN, "/campaign",
     "{\"name\":\"Spring\",\"subject\":\"Hello\",\"sender\":\"sender_4vK3WFhMgvOwUNyaL4QxCD\","
     "\"htmlCode\":\"<p>Hi</p>\",\"previewText\":\"Soon\"}"},
    {SENDX_KIND_TEMPLATE, "/template/email",
     "{\"name\":\"Welcome\",\"subject\":\"Hi\",\"htmlContent\":\"<b>x</b>\"}"},
    {SENDX_KIND_SENDER, "/sender", "{\"name\":\"News\",\"email\":\"news@example.com\"}"},
    {SENDX_KIND_FIELD, "/customfield", "{\"name\":\"Plan\",\"type\":0}"},
    {SENDX_KIND_WEBHOOK, "/webhook",
     "{\"url\":\"https://hooks.example.com/x\",\"enabled\":true,\"opened\":false}"},
};

Test(sendx, create_posts_only_the_set_fields_under_the_request_names)
{
    script.status = 201;
    script.body = "{\"id\":\"x_bbbbbbbbbbbbbbbbbbbbbb\",\"name\":\"created\"}";
    for (size_t i = 0; i < sizeof create_cases / sizeof create_cases[0]; i++) {
        const struct write_case *wc = &create_cases[i];
        const struct model_resource *r = model_resource(wc->kind);
        void *rec = make_record(wc->kind);
        void *out = calloc(1, r->type->size);
        cr_assert_eq(sendx_create(client, wc->kind, rec, out, NULL, &err), 0, "%s: %s", wc->path,
                     api_error_message(&err));
        assert_request("POST", wc->path, "");
        assert_body(wc->expected_body);
        char **id = (char **)((char *)out + r->type->members[r->id_member].offset);
        cr_expect_str_eq(*id, "x_bbbbbbbbbbbbbbbbbbbbbb");
        codec_free(r->type, rec);
        codec_free(r->type, out);
        free(rec);
        free(out);
    }
}

Test(sendx, create_refuses_a_record_missing_a_required_field)
{
    struct sendx_contact c = {0};
    codec_set_string(&model_contact_type, &c, SENDX_CONTACT_FIRST_NAME, "Jane");
    cr_expect_eq(sendx_create(client, SENDX_KIND_CONTACT, &c, NULL, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    cr_expect(strstr(err.message, "email") != NULL, "%s", err.message);
    assert_no_request();
    codec_free(&model_contact_type, &c);
}

/* The spec's own answer to creating a sender carries no id: the sender
 * was still created. */
Test(sendx, the_answer_to_a_write_may_lack_its_id)
{
    script.status = 201;
    script.body = "{\"name\":\"John Smith\",\"email\":\"john@example.com\"}";
    void *rec = make_record(SENDX_KIND_SENDER);
    struct sendx_sender out;
    cr_assert_eq(sendx_create(client, SENDX_KIND_SENDER, rec, &out, NULL, &err), 0, "%s",
                 api_error_message(&err));
    cr_expect_str_eq(out.name, "John Smith");
    cr_expect_null(out.id);
    codec_free(&model_sender_type, &out);
    codec_free(&model_sender_type, rec);
    free(rec);
}

Test(sendx, update_puts_only_the_fields_that_changed)
{
    static const struct write_case cases[] = {
        {SENDX_KIND_CONTACT, "/contact/" CONTACT_ID, "{\"company\":\"Acme\"}"},
        {SENDX_KIND_LIST, "/list/" CONTACT_ID, "{\"name\":\"Acme\"}"},
        {SENDX_KIND_TAG, "/tag/" CONTACT_ID, "{\"name\":\"Acme\"}"},
        {SENDX_KIND_TEMPLATE, "/template/email/" CONTACT_ID, "{\"name\":\"Acme\"}"},
        {SENDX_KIND_FIELD, "/customfield/" CONTACT_ID, "{\"name\":\"Acme\"}"},
        {SENDX_KIND_WEBHOOK, "/webhook/" CONTACT_ID, "{\"url\":\"Acme\"}"},
    };
    static const unsigned member[] = {SENDX_CONTACT_COMPANY, SENDX_LIST_NAME,  SENDX_TAG_NAME,
                                      SENDX_TEMPLATE_NAME,   SENDX_FIELD_NAME, SENDX_WEBHOOK_URL};
    script.body = "{\"id\":\"" CONTACT_ID "\"}";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct model_type *t = model_resource(cases[i].kind)->type;
        void *rec = calloc(1, t->size);
        codec_set_string(t, rec, member[i], "Acme");
        cr_assert_eq(sendx_update(client, cases[i].kind, CONTACT_ID, rec, NULL, NULL, &err), 0,
                     "%s: %s", cases[i].path, api_error_message(&err));
        assert_request("PUT", cases[i].path, "");
        assert_body(cases[i].expected_body);
        codec_free(t, rec);
        free(rec);
    }
}

Test(sendx, an_update_with_nothing_set_is_refused)
{
    struct sendx_list l = {0};
    cr_expect_eq(sendx_update(client, SENDX_KIND_LIST, LIST_ID, &l, NULL, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    assert_no_request();
}

Test(sendx, delete_sends_delete_and_reads_the_message)
{
    static const struct {
        enum sendx_kind kind;
        const char *path;
    } cases[] = {
        {SENDX_KIND_CONTACT, "/contact/" LIST_ID},
        {SENDX_KIND_LIST, "/list/" LIST_ID},
        {SENDX_KIND_TAG, "/tag/" LIST_ID},
        {SENDX_KIND_CAMPAIGN, "/campaign/" LIST_ID},
        {SENDX_KIND_TEMPLATE, "/template/email/" LIST_ID},
        {SENDX_KIND_FIELD, "/customfield/" LIST_ID},
        {SENDX_KIND_WEBHOOK, "/webhook/" LIST_ID},
    };
    script.body = "{\"status\":\"success\",\"message\":\"deleted\"}";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sendx_message m;
        cr_assert_eq(sendx_delete(client, cases[i].kind, LIST_ID, &m, NULL, &err), 0, "%s: %s",
                     cases[i].path, api_error_message(&err));
        assert_request("DELETE", cases[i].path, "");
        cr_expect_str_eq(m.message, "deleted");
        codec_free(&model_message_type, &m);
    }
}

Test(sendx, operations_the_api_lacks_fail_before_any_request)
{
    struct sendx_campaign camp = {0};
    codec_set_string(&model_campaign_type, &camp, SENDX_CAMPAIGN_NAME, "x");
    cr_expect_eq(sendx_update(client, SENDX_KIND_CAMPAIGN, CAMPAIGN_ID, &camp, NULL, NULL, &err),
                 -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    cr_expect(strstr(err.message, "update campaigns") != NULL, "%s", err.message);
    struct sendx_sender s;
    cr_expect_eq(sendx_get(client, SENDX_KIND_SENDER, "sender_x", &s, NULL, &err), -1);
    cr_expect_eq(sendx_delete(client, SENDX_KIND_SENDER, "sender_x", NULL, NULL, &err), -1);
    cr_expect_eq(sendx_delete(client, SENDX_KIND_MEMBER, "member_x", NULL, NULL, &err), -1);
    struct sendx_member m = {0};
    cr_expect_eq(sendx_create(client, SENDX_KIND_MEMBER, &m, NULL, NULL, &err), -1);
    assert_no_request();
    codec_free(&model_campaign_type, &camp);
}

/* ---- contact actions and the report ---- */

Test(sendx, unsubscribe_posts_to_the_contact)
{
    script.body = "{\"status\":\"success\",\"message\":\"Contact unsubscribed\"}";
    struct sendx_message m;
    cr_assert_eq(sendx_contact_unsubscribe(client, CONTACT_ID, &m, NULL, &err), 0);
    assert_request("POST", "/contact/unsubscribe/" CONTACT_ID, "");
    cr_expect_str_eq(m.message, "Contact unsubscribed");
    codec_free(&model_message_type, &m);
}

Test(sendx, identify_posts_the_request)
{
    script.body = "{\"status\":\"success\",\"message\":\"Contact identified\"}";
    struct sendx_identify req = {0};
    codec_set_string(&model_identify_type, &req, SENDX_IDENTIFY_EMAIL, "a@example.com");
    codec_set_string(&model_identify_type, &req, SENDX_IDENTIFY_NEW_EMAIL, "b@example.com");
    const char *tags[] = {"vip", "beta"};
    codec_set_strings(&model_identify_type, &req, SENDX_IDENTIFY_TAGS, tags, 2);
    struct sendx_message m;
    cr_assert_eq(sendx_contact_identify(client, &req, &m, NULL, &err), 0, "%s",
                 api_error_message(&err));
    assert_request("POST", "/contact/identify", "");
    assert_body("{\"email\":\"a@example.com\",\"newEmail\":\"b@example.com\","
                "\"tags\":[\"vip\",\"beta\"]}");
    cr_expect_str_eq(m.status, "success");
    codec_free(&model_message_type, &m);
    codec_free(&model_identify_type, &req);
}

Test(sendx, identify_without_email_is_refused)
{
    struct sendx_identify req = {0};
    codec_set_string(&model_identify_type, &req, SENDX_IDENTIFY_FIRST_NAME, "A");
    cr_expect_eq(sendx_contact_identify(client, &req, NULL, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    assert_no_request();
    codec_free(&model_identify_type, &req);
}

Test(sendx, track_posts_tag_changes)
{
    script.body = "{\"status\":\"success\",\"message\":\"ok\"}";
    struct sendx_track req = {0};
    codec_set_string(&model_track_type, &req, SENDX_TRACK_EMAIL, "a@example.com");
    const char *add[] = {"paid"};
    const char *rem[] = {"trial"};
    codec_set_strings(&model_track_type, &req, SENDX_TRACK_ADD_TAGS, add, 1);
    codec_set_strings(&model_track_type, &req, SENDX_TRACK_REMOVE_TAGS, rem, 1);
    cr_assert_eq(sendx_contact_track(client, &req, NULL, NULL, &err), 0, "%s",
                 api_error_message(&err));
    assert_request("POST", "/contact/track", "");
    assert_body("{\"email\":\"a@example.com\",\"addTags\":[\"paid\"],\"removeTags\":[\"trial\"]}");
    codec_free(&model_track_type, &req);
}

Test(sendx, campaign_report_decodes_counts_and_links)
{
    script.body = "{\"campaignId\":\"" CAMPAIGN_ID "\",\"sentContactCount\":12480,"
                  "\"openedUniqueContactCount\":5611,\"linkStats\":[{\"url\":\"https://a.io/"
                  "sale\",\"count\":1200},{\"url\":\"https://a.io/u\",\"count\":41}]}";
    struct sendx_report rep;
    cr_assert_eq(sendx_campaign_report(client, CAMPAIGN_ID, &rep, NULL, &err), 0, "%s",
                 api_error_message(&err));
    assert_request("GET", "/report/campaign/" CAMPAIGN_ID, "");
    cr_expect_eq(rep.sent, 12480);
    cr_expect_eq(rep.opened_unique, 5611);
    cr_assert_eq(rep.link_stats.len, 2);
    struct sendx_link_stat *links = rep.link_stats.items;
    cr_expect_str_eq(links[1].url, "https://a.io/u");
    cr_expect_eq(links[0].count, 1200);
    cr_expect_not(codec_is_set(&rep, SENDX_REPORT_SPAM), "absent counts stay unset");
    codec_free(&model_report_type, &rep);
}

/* ---- sending ---- */

#define TEMPLATE_ID "template_f3lJvTEhSjKGVb5Lwc5SWS"

/* A message with every field set: two recipients, one with copies and
 * merge fields, a reply-to address and a header. */
static void make_message(struct sendx_email *m)
{
    memset(m, 0, sizeof *m);
    const struct model_type *t = &model_email_type;
    struct sendx_address from = {0}, reply_to = {0};
    codec_set_string(&model_address_type, &from, SENDX_ADDRESS_EMAIL, "news@example.com");
    codec_set_string(&model_address_type, &from, SENDX_ADDRESS_NAME, "News");
    codec_set_string(&model_address_type, &reply_to, SENDX_ADDRESS_EMAIL, "help@example.com");
    struct sendx_recipient to[2] = {{0}, {0}};
    codec_set_string(&model_recipient_type, &to[0], SENDX_RECIPIENT_EMAIL, "ada@example.com");
    codec_set_string(&model_recipient_type, &to[0], SENDX_RECIPIENT_NAME, "Ada");
    const char *cc[] = {"boss@example.com"};
    codec_set_strings(&model_recipient_type, &to[0], SENDX_RECIPIENT_CC, cc, 1);
    codec_map_put(&model_recipient_type, &to[0], SENDX_RECIPIENT_CUSTOM_FIELDS, "plan", "pro");
    codec_set_string(&model_recipient_type, &to[1], SENDX_RECIPIENT_EMAIL, "bob@example.com");
    cr_assert_eq(codec_set_objects(t, m, SENDX_EMAIL_FROM, &from, 1), 0);
    cr_assert_eq(codec_set_objects(t, m, SENDX_EMAIL_REPLY_TO, &reply_to, 1), 0);
    cr_assert_eq(codec_set_objects(t, m, SENDX_EMAIL_TO, to, 2), 0);
    codec_set_string(t, m, SENDX_EMAIL_SUBJECT, "Hello");
    codec_set_string(t, m, SENDX_EMAIL_HTML_BODY, "<p>Hi</p>");
    codec_set_string(t, m, SENDX_EMAIL_TEXT_BODY, "Hi");
    codec_map_put(t, m, SENDX_EMAIL_HEADERS, "X-Campaign", "spring");
    codec_free(&model_address_type, &from);
    codec_free(&model_address_type, &reply_to);
    codec_free(&model_recipient_type, &to[0]);
    codec_free(&model_recipient_type, &to[1]);
}

#define SEND_RESULTS                                                                               \
    "[{\"to\":\"ada@example.com\",\"submittedAt\":1700000000,\"messageId\":\"m1\","                \
    "\"errorCode\":0,\"message\":\"queued\"},"                                                     \
    "{\"to\":\"bob@example.com\",\"submittedAt\":1700000001,\"messageId\":\"m2\","                 \
    "\"errorCode\":6,\"message\":\"suppressed\"}]"

Test(sendx, send_email_posts_the_whole_message_and_reads_each_result)
{
    script.body = SEND_RESULTS;
    struct sendx_email m;
    make_message(&m);
    struct sendx_objects results;
    cr_assert_eq(sendx_send_email(client, &m, &results, NULL, &err), 0, "%s",
                 api_error_message(&err));
    assert_request("POST", "/send/email", "");
    assert_body("{\"from\":{\"email\":\"news@example.com\",\"name\":\"News\"},"
                "\"to\":[{\"email\":\"ada@example.com\",\"name\":\"Ada\","
                "\"cc\":[\"boss@example.com\"],\"customFields\":{\"plan\":\"pro\"}},"
                "{\"email\":\"bob@example.com\"}],"
                "\"replyTo\":{\"email\":\"help@example.com\"},\"subject\":\"Hello\","
                "\"htmlBody\":\"<p>Hi</p>\",\"textBody\":\"Hi\","
                "\"headers\":{\"X-Campaign\":\"spring\"}}");
    cr_assert_eq(results.len, 2);
    const struct sendx_send_result *r = results.items;
    cr_expect_str_eq(r[0].to, "ada@example.com");
    cr_expect_str_eq(r[0].message_id, "m1");
    cr_expect_eq(r[0].submitted_at, 1700000000);
    cr_expect_eq(r[0].error_code, 0);
    cr_expect_eq(r[1].error_code, 6, "a recipient's failure arrives as a result");
    cr_expect_str_eq(r[1].message, "suppressed");
    codec_objects_free(&model_send_result_type, &results);
    codec_free(&model_email_type, &m);
}

/* The template gives the body: what the message holds of one is not sent. */
Test(sendx, send_template_posts_only_what_a_template_send_takes)
{
    script.body = SEND_RESULTS;
    struct sendx_email m;
    make_message(&m);
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_TEMPLATE, TEMPLATE_ID);
    cr_assert_eq(sendx_send_template(client, &m, NULL, NULL, &err), 0, "%s",
                 api_error_message(&err));
    assert_request("POST", "/send/template", "");
    assert_body("{\"from\":{\"email\":\"news@example.com\",\"name\":\"News\"},"
                "\"to\":[{\"email\":\"ada@example.com\",\"name\":\"Ada\","
                "\"cc\":[\"boss@example.com\"],\"customFields\":{\"plan\":\"pro\"}},"
                "{\"email\":\"bob@example.com\"}],"
                "\"replyTo\":{\"email\":\"help@example.com\"},\"subject\":\"Hello\","
                "\"template\":\"" TEMPLATE_ID "\"}");
    codec_free(&model_email_type, &m);
}

static void expect_refused(int rc, const char *words)
{
    cr_expect_eq(rc, -1);
    cr_expect_eq(err.kind, API_ERR_INVALID, "%s", api_error_message(&err));
    cr_expect_str_eq(api_error_message(&err), words);
    api_error_clear(&err);
}

Test(sendx, a_send_missing_something_required_is_refused_before_any_request)
{
    struct sendx_email m;
    make_message(&m);
    const struct model_type *t = &model_email_type;
    struct sendx_objects results;
    expect_refused(sendx_send_template(client, &m, &results, NULL, &err), "template is required");
    cr_expect_eq(results.len, 0);

    codec_set_string(t, &m, SENDX_EMAIL_SUBJECT, NULL);
    expect_refused(sendx_send_email(client, &m, NULL, NULL, &err), "subject is required");
    codec_set_string(t, &m, SENDX_EMAIL_SUBJECT, "Hello");

    struct sendx_address nameless = {0};
    codec_set_string(&model_address_type, &nameless, SENDX_ADDRESS_NAME, "No address");
    codec_set_objects(t, &m, SENDX_EMAIL_REPLY_TO, &nameless, 1);
    expect_refused(sendx_send_email(client, &m, NULL, NULL, &err), "replyTo.email is required");
    codec_set_objects(t, &m, SENDX_EMAIL_FROM, NULL, 0);
    expect_refused(sendx_send_email(client, &m, NULL, NULL, &err), "from is required");
    codec_free(&model_address_type, &nameless);

    struct sendx_email bare;
    make_message(&bare);
    codec_set_objects(t, &bare, SENDX_EMAIL_TO, NULL, 0);
    expect_refused(sendx_send_email(client, &bare, NULL, NULL, &err),
                   "to needs at least one recipient");
    assert_no_request();
    codec_free(t, &bare);
    codec_free(t, &m);
}

Test(sendx, a_send_answer_that_is_not_a_list_is_a_body_error)
{
    script.body = "{\"to\":\"ada@example.com\",\"errorCode\":0}";
    struct sendx_email m;
    make_message(&m);
    struct sendx_objects results;
    cr_expect_eq(sendx_send_email(client, &m, &results, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_BODY, "%s", api_error_message(&err));
    cr_expect_eq(results.len, 0);
    codec_free(&model_email_type, &m);
}

/* A 503 may come after the message went out: sending again could send it twice. */
Test(sendx, a_failed_send_is_not_sent_again)
{
    script.status = 503;
    script.body = "{\"status\":\"error\",\"message\":\"Service temporarily unavailable\"}";
    struct sendx_email m;
    make_message(&m);
    cr_expect_eq(sendx_send_email(client, &m, NULL, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_HTTP);
    cr_expect_eq(err.http_status, 503);
    cr_expect_eq(test_server_count(server), 1);
    codec_free(&model_email_type, &m);
}
