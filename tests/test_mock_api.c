/* The client against the mock server, in process: every operation round
 * trips through real HTTP and the mock's store, plus the API's error
 * statuses and the injected faults the client must survive. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/sendx.h"
#include "api/walk.h"
#include "mock/mock.h"
#include "mock/state.h"
#include "mock/store.h"
#include "raw_http.h"

#define KEY "mock-test-key"

static struct mock_server *mock;
static struct sendx_client *client;
static struct api_error err;

static struct sendx_client *make_client(const char *key)
{
    struct http_options o = http_options_default();
    o.base_url = mock_server_url(mock);
    o.api_key = key;
    o.retry.deadline_ms = 8000;
    struct sendx_client *c = sendx_client_new(&o, &err);
    cr_assert_not_null(c, "%s", api_error_message(&err));
    return c;
}

static void start(bool seeded, long contacts)
{
    cr_assert_eq(http_global_init(&err), 0);
    struct mock_options o = mock_options_default();
    o.api_key = KEY;
    o.seed_data = seeded;
    o.seed = 42;
    o.contacts = contacts;
    mock = mock_server_start(&o, &err);
    cr_assert_not_null(mock, "%s", api_error_message(&err));
    client = make_client(KEY);
}

static void setup_empty(void)
{
    start(false, 0);
}

static void setup_seeded(void)
{
    start(true, 300);
}

static void teardown(void)
{
    sendx_client_free(client);
    cr_expect_eq(mock_server_stop(mock, &err), 0);
    api_error_clear(&err);
    http_global_cleanup();
}

TestSuite(mock, .init = setup_empty, .fini = teardown);
TestSuite(mock_seeded, .init = setup_seeded, .fini = teardown);

#define OK(call) cr_assert_eq((call), 0, "%s", api_error_message(&err))

static void expect_http(int rc, long status)
{
    cr_assert_eq(rc, -1, "the call succeeded");
    cr_expect_eq(err.kind, API_ERR_HTTP, "kind %d: %s", err.kind, api_error_message(&err));
    cr_expect_eq(err.http_status, status, "status %ld: %s", err.http_status,
                 api_error_message(&err));
    api_error_clear(&err);
}

static void new_contact(struct sendx_contact *c, const char *email)
{
    memset(c, 0, sizeof *c);
    codec_set_string(&model_contact_type, c, SENDX_CONTACT_EMAIL, email);
}

static void create_contact(const char *email, const char *first, struct sendx_contact *out)
{
    struct sendx_contact c;
    new_contact(&c, email);
    if (first)
        codec_set_string(&model_contact_type, &c, SENDX_CONTACT_FIRST_NAME, first);
    OK(sendx_create(client, SENDX_KIND_CONTACT, &c, out, NULL, &err));
    codec_free(&model_contact_type, &c);
}

static void create_named(enum sendx_kind kind, unsigned member, const char *name, void *out)
{
    const struct model_type *t = model_resource(kind)->type;
    _Alignas(max_align_t) char rec[512] = {0};
    cr_assert_leq(t->size, sizeof rec);
    codec_set_string(t, rec, member, name);
    OK(sendx_create(client, kind, rec, out, NULL, &err));
    codec_free(t, rec);
}

/* A string member of a record, by index (borrowed). */
static const char *member_text(enum sendx_kind kind, const void *rec, unsigned member)
{
    const struct model_type *t = model_resource(kind)->type;
    return *(char *const *)((const char *)rec + t->members[member].offset);
}

/* ---- contacts ---- */

Test(mock, contact_create_get_update_delete_round_trip)
{
    struct sendx_contact made, got, updated;
    create_contact("Ada@Example.com", "Ada", &made);
    cr_assert_not_null(made.id);
    cr_expect_eq(strlen(made.id), strlen("contact_") + 22);
    cr_expect(strncmp(made.id, "contact_", 8) == 0);
    cr_expect_not_null(made.created);
    cr_expect_eq(strlen(made.created), 20, "ISO 8601 UTC: %s", made.created);

    OK(sendx_get(client, SENDX_KIND_CONTACT, made.id, &got, NULL, &err));
    cr_expect_str_eq(got.email, "Ada@Example.com");
    cr_expect_str_eq(got.first_name, "Ada");
    cr_expect_not(got.unsubscribed);

    struct sendx_contact patch = {0};
    codec_set_string(&model_contact_type, &patch, SENDX_CONTACT_COMPANY, "Analytical Engines");
    OK(sendx_update(client, SENDX_KIND_CONTACT, made.id, &patch, &updated, NULL, &err));
    cr_expect_str_eq(updated.company, "Analytical Engines");
    cr_expect_str_eq(updated.first_name, "Ada", "an update must not clobber other fields");
    codec_free(&model_contact_type, &got);
    OK(sendx_get(client, SENDX_KIND_CONTACT, made.id, &got, NULL, &err));
    cr_expect_str_eq(got.company, "Analytical Engines");

    struct sendx_message msg = {0};
    OK(sendx_delete(client, SENDX_KIND_CONTACT, made.id, &msg, NULL, &err));
    cr_expect_str_eq(msg.status, "success");
    codec_free(&model_contact_type, &got);
    expect_http(sendx_get(client, SENDX_KIND_CONTACT, made.id, &got, NULL, &err), 404);

    codec_free(&model_message_type, &msg);
    codec_free(&model_contact_type, &patch);
    codec_free(&model_contact_type, &made);
    codec_free(&model_contact_type, &updated);
}

Test(mock, duplicate_email_is_409_case_insensitively)
{
    struct sendx_contact a, b;
    create_contact("dup@example.com", NULL, &a);
    new_contact(&b, "DUP@example.com");
    expect_http(sendx_create(client, SENDX_KIND_CONTACT, &b, NULL, NULL, &err), 409);
    codec_free(&model_contact_type, &a);
    codec_free(&model_contact_type, &b);
}

Test(mock, wrong_or_missing_key_is_401)
{
    struct sendx_client *bad = make_client("not-the-key");
    struct sendx_page page;
    expect_http(sendx_list(bad, SENDX_KIND_CONTACT, NULL, &page, NULL, &err), 401);
    sendx_client_free(bad);
}

Test(mock, malformed_identifier_is_400_and_unknown_is_404)
{
    struct sendx_contact c;
    expect_http(sendx_get(client, SENDX_KIND_CONTACT, "contact_short", &c, NULL, &err), 400);
    expect_http(
        sendx_get(client, SENDX_KIND_CONTACT, "contact_AAAAAAAAAAAAAAAAAAAAAA", &c, NULL, &err),
        404);
    struct sendx_list l;
    expect_http(sendx_get(client, SENDX_KIND_LIST, "list_AAAAAAAAAAAAAAAAAAAAAA", &l, NULL, &err),
                404);
}

/* Raw HTTP, for bodies the client would never send. */
static long raw_request(const char *method, const char *path, const char *body, char **answer)
{
    struct raw_answer r = raw_http(mock_server_url(mock), method, path, body, KEY);
    cr_assert_eq(r.curl_code, CURLE_OK);
    free(r.content_type);
    *answer = r.body;
    return r.status;
}

static void expect_error_body(const char *answer)
{
    cJSON *json = cJSON_Parse(answer);
    cr_assert_not_null(json, "not JSON: %s", answer);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(json, "status")), "error");
    cr_expect_not_null(cJSON_GetStringValue(cJSON_GetObjectItem(json, "message")));
    cJSON_Delete(json);
}

Test(mock, unparseable_json_is_422_and_missing_email_400)
{
    char *answer;
    cr_expect_eq(raw_request("POST", "/contact", "{\"email\": \"x@y.com\",", &answer), 422);
    expect_error_body(answer);
    free(answer);
    cr_expect_eq(raw_request("POST", "/contact", "{\"firstName\": \"Nobody\"}", &answer), 400);
    expect_error_body(answer);
    free(answer);
    cr_expect_eq(raw_request("POST", "/contact", "{\"email\": 7}", &answer), 422);
    free(answer);
    cr_expect_eq(raw_request("GET", "/contact?limit=5000", NULL, &answer), 400);
    free(answer);
    cr_expect_eq(raw_request("GET", "/contact?search=a", NULL, &answer), 400);
    free(answer);
}

/* The spec's maxLength counts characters, as JSON Schema does; and it
 * limits a contact's names, not a list's. */
Test(mock, text_limits_count_characters_where_the_spec_sets_them)
{
    char body[4096], *answer;
    char emoji[255 * 4 + 1] = "";
    for (int i = 0; i < 255; i++)
        strcat(emoji, "\xf0\x9f\x98\x80"); /* 😀: four bytes, one character */
    snprintf(body, sizeof body, "{\"email\":\"chars@example.com\",\"firstName\":\"%s\"}", emoji);
    cr_expect_eq(raw_request("POST", "/contact", body, &answer), 201, "255 characters: %s", answer);
    free(answer);
    char a256[257];
    memset(a256, 'a', 256);
    a256[256] = '\0';
    snprintf(body, sizeof body, "{\"email\":\"long@example.com\",\"firstName\":\"%s\"}", a256);
    cr_expect_neq(raw_request("POST", "/contact", body, &answer), 201, "256 characters: %s",
                  answer);
    free(answer);
    snprintf(body, sizeof body, "{\"name\":\"%s\"}", a256);
    cr_expect_eq(raw_request("POST", "/list", body, &answer), 201,
                 "the spec sets no limit on a list's name: %s", answer);
    free(answer);
}

/* The client reads a wrong-typed field as unreadable and goes on; the
 * mock, as a server, must still refuse one in a request, naming it. */
static void expect_refused_naming(const char *method, const char *path, const char *body,
                                  const char *message)
{
    char *answer;
    cr_expect_eq(raw_request(method, path, body, &answer), 422, "%s %s %s", method, path, body);
    cJSON *json = cJSON_Parse(answer);
    cr_assert_not_null(json, "not JSON: %s", answer);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(json, "message")), message);
    cJSON_Delete(json);
    free(answer);
}

Test(mock, a_wrong_typed_field_in_a_request_is_refused)
{
    expect_refused_naming("POST", "/campaign",
                          "{\"name\":\"n\",\"subject\":\"s\",\"htmlCode\":\"x\","
                          "\"sender\":\"sender_AAAAAAAAAAAAAAAAAAAAAA\","
                          "\"smartSend\":\"America/New_York\"}",
                          "field \"smartSend\": expected a boolean, got a string");
    expect_refused_naming("POST", "/contact", "{\"email\":\"x@y.com\",\"tags\":\"vip\"}",
                          "field \"tags\": expected an array of strings, got a string");
    expect_refused_naming("POST", "/customfield", "{\"name\":\"Plan\",\"type\":1e30}",
                          "field \"type\": expected an integer, got 1e+30 (out of range)");
    char *answer;
    cr_expect_eq(raw_request("GET", "/contact?search=x%40y.com", NULL, &answer), 200);
    cr_expect_str_eq(answer, "[]", "nothing was stored");
    free(answer);
}

/* Loads a state file holding text into a new store: state_load's answer. */
static int load_state_text(const char *text, struct api_error *e)
{
    char path[] = "/tmp/test_mock_api.XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct store *s = store_new(1);
    cr_assert_not_null(s);
    int rc = state_load(s, path, e);
    store_free(s);
    remove(path);
    return rc;
}

/* The state file is the mock's own writing, held to the schemas too: a
 * record with a field that does not read back is refused, not half
 * loaded. */
Test(mock_state, a_wrong_typed_field_in_the_state_file_is_refused)
{
    struct api_error e = {0};
    cr_expect_eq(load_state_text("{\"contact\":[{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\","
                                 "\"email\":\"a@example.com\",\"LTV\":5}]}",
                                 &e),
                 1, "%s", api_error_message(&e));
    api_error_clear(&e);
    cr_expect_eq(load_state_text("{\"contact\":[{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\","
                                 "\"email\":\"a@example.com\",\"LTV\":\"lots\"}]}",
                                 &e),
                 -1);
    cr_expect_not_null(strstr(api_error_message(&e), "1 unreadable records"), "%s",
                       api_error_message(&e));
    api_error_clear(&e);
}

/* ---- lists, tags, custom fields and their links to contacts ---- */

Test(mock, tags_and_custom_fields_are_created_on_the_fly)
{
    struct sendx_contact c, made;
    new_contact(&c, "auto@example.com");
    const char *tags[] = {"brand-new-tag"};
    codec_set_strings(&model_contact_type, &c, SENDX_CONTACT_TAGS, tags, 1);
    codec_map_put(&model_contact_type, &c, SENDX_CONTACT_CUSTOM_FIELDS, "Favourite colour", "teal");
    OK(sendx_create(client, SENDX_KIND_CONTACT, &c, &made, NULL, &err));
    cr_assert_eq(made.tags.len, 1);
    cr_expect(strncmp(made.tags.items[0], "tag_", 4) == 0, "%s", made.tags.items[0]);
    cr_assert_eq(made.custom_fields.len, 1);
    cr_expect(strncmp(made.custom_fields.items[0].key, "field_", 6) == 0);
    cr_expect_str_eq(made.custom_fields.items[0].value, "teal");

    struct sendx_tag tag;
    OK(sendx_get(client, SENDX_KIND_TAG, made.tags.items[0], &tag, NULL, &err));
    cr_expect_str_eq(tag.name, "brand-new-tag");
    struct sendx_field field;
    OK(sendx_get(client, SENDX_KIND_FIELD, made.custom_fields.items[0].key, &field, NULL, &err));
    cr_expect_str_eq(field.name, "Favourite colour");
    codec_free(&model_tag_type, &tag);
    codec_free(&model_field_type, &field);
    codec_free(&model_contact_type, &c);
    codec_free(&model_contact_type, &made);
}

/* Deleting a list or a tag takes it off every contact that had it. */
static void assert_delete_unlinks(enum sendx_kind kind, unsigned name_member,
                                  unsigned contact_member)
{
    const struct model_resource *r = model_resource(kind);
    _Alignas(max_align_t) char group[512];
    create_named(kind, name_member, "Doomed", group);
    const char *group_id = member_text(kind, group, r->id_member);
    struct sendx_contact c, made, got;
    char email[64];
    snprintf(email, sizeof email, "member-of-%s@example.com", r->name);
    new_contact(&c, email);
    codec_set_strings(&model_contact_type, &c, contact_member, &group_id, 1);
    OK(sendx_create(client, SENDX_KIND_CONTACT, &c, &made, NULL, &err));
    const struct sendx_strv *linked =
        (const void *)((const char *)&made + model_contact_type.members[contact_member].offset);
    cr_assert_eq(linked->len, 1);
    OK(sendx_delete(client, kind, group_id, NULL, NULL, &err));
    OK(sendx_get(client, SENDX_KIND_CONTACT, made.id, &got, NULL, &err));
    linked = (const void *)((const char *)&got + model_contact_type.members[contact_member].offset);
    cr_expect_eq(linked->len, 0, "the deleted %s is still on the contact", r->name);
    codec_free(r->type, group);
    codec_free(&model_contact_type, &c);
    codec_free(&model_contact_type, &made);
    codec_free(&model_contact_type, &got);
}

Test(mock, deleting_a_list_or_tag_removes_it_from_contacts)
{
    assert_delete_unlinks(SENDX_KIND_LIST, SENDX_LIST_NAME, SENDX_CONTACT_LISTS);
    assert_delete_unlinks(SENDX_KIND_TAG, SENDX_TAG_NAME, SENDX_CONTACT_TAGS);
}

Test(mock, duplicate_list_name_is_403)
{
    struct sendx_list a, b = {0};
    create_named(SENDX_KIND_LIST, SENDX_LIST_NAME, "Once", &a);
    codec_set_string(&model_list_type, &b, SENDX_LIST_NAME, "ONCE");
    expect_http(sendx_create(client, SENDX_KIND_LIST, &b, NULL, NULL, &err), 403);
    codec_free(&model_list_type, &a);
    codec_free(&model_list_type, &b);
}

Test(mock, unsubscribe_sets_the_flag)
{
    struct sendx_contact made, got;
    create_contact("leaving@example.com", NULL, &made);
    OK(sendx_contact_unsubscribe(client, made.id, NULL, NULL, &err));
    OK(sendx_get(client, SENDX_KIND_CONTACT, made.id, &got, NULL, &err));
    cr_expect(got.unsubscribed);
    expect_http(
        sendx_contact_unsubscribe(client, "contact_AAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, &err), 404);
    codec_free(&model_contact_type, &made);
    codec_free(&model_contact_type, &got);
}

Test(mock, identify_creates_then_updates_and_track_moves_tags)
{
    struct sendx_identify id = {0};
    codec_set_string(&model_identify_type, &id, SENDX_IDENTIFY_EMAIL, "who@example.com");
    codec_set_string(&model_identify_type, &id, SENDX_IDENTIFY_FIRST_NAME, "Who");
    OK(sendx_contact_identify(client, &id, NULL, NULL, &err));
    codec_set_string(&model_identify_type, &id, SENDX_IDENTIFY_FIRST_NAME, "Whom");
    OK(sendx_contact_identify(client, &id, NULL, NULL, &err));

    struct sendx_track tr = {0};
    const char *add[] = {"vip"};
    codec_set_string(&model_track_type, &tr, SENDX_TRACK_EMAIL, "who@example.com");
    codec_set_strings(&model_track_type, &tr, SENDX_TRACK_ADD_TAGS, add, 1);
    OK(sendx_contact_track(client, &tr, NULL, NULL, &err));

    struct sendx_query q = {.search = "who@"};
    struct sendx_page page;
    OK(sendx_list(client, SENDX_KIND_CONTACT, &q, &page, NULL, &err));
    cr_assert_eq(page.records.len, 1, "identify twice must make one contact");
    struct sendx_contact *c = sendx_page_at(&page, 0);
    cr_expect_str_eq(c->first_name, "Whom");
    cr_expect_eq(c->tags.len, 1);
    sendx_page_free(&page);

    codec_set_string(&model_track_type, &tr, SENDX_TRACK_EMAIL, "nobody@example.com");
    expect_http(sendx_contact_track(client, &tr, NULL, NULL, &err), 404);
    codec_free(&model_identify_type, &id);
    codec_free(&model_track_type, &tr);
}

/* ---- every kind ---- */

Test(mock_seeded, every_kind_lists_and_every_gettable_kind_gets)
{
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        struct sendx_page page;
        OK(sendx_list(client, (enum sendx_kind)k, NULL, &page, NULL, &err));
        cr_expect_gt(page.records.len, 0, "no seeded %s", model_resource(k)->plural);
        cr_expect_eq(page.n_bad, 0, "%s: %s", model_resource(k)->plural,
                     api_error_message(&page.bad));
        const struct model_resource *r = model_resource(k);
        if (page.records.len && (r->ops & SENDX_OP_GET)) {
            const char *id =
                *(char **)((char *)sendx_page_at(&page, 0) + r->type->members[r->id_member].offset);
            _Alignas(max_align_t) char rec[512];
            OK(sendx_get(client, (enum sendx_kind)k, id, rec, NULL, &err));
            codec_free(r->type, rec);
        }
        sendx_page_free(&page);
    }
}

Test(mock_seeded, paging_walks_every_contact_once)
{
    struct sendx_pager p;
    OK(sendx_pager_init(&p, SENDX_KIND_CONTACT, &(struct sendx_query){.limit = 70}, 0, &err));
    struct sendx_page page;
    size_t total = 0;
    int rc;
    while ((rc = sendx_pager_next(&p, client, &page, NULL, &err)) == 1) {
        total += page.records.len;
        sendx_page_free(&page);
    }
    cr_expect_eq(rc, 0, "%s", api_error_message(&err));
    cr_expect_eq(total, 300);
    sendx_pager_free(&p);
}

Test(mock_seeded, campaign_filter_and_reports)
{
    struct sendx_query q = {.campaign_filter = SENDX_CAMPAIGNS_SENT};
    struct sendx_page page;
    OK(sendx_list(client, SENDX_KIND_CAMPAIGN, &q, &page, NULL, &err));
    cr_assert_gt(page.records.len, 0);
    for (size_t i = 0; i < page.records.len; i++)
        cr_expect_eq(((struct sendx_campaign *)sendx_page_at(&page, i))->status, 3);
    struct sendx_report rep;
    OK(sendx_campaign_report(client, ((struct sendx_campaign *)sendx_page_at(&page, 0))->id, &rep,
                             NULL, &err));
    cr_expect_gt(rep.sent, 0);
    cr_expect_gt(rep.link_stats.len, 0);
    codec_free(&model_report_type, &rep);
    sendx_page_free(&page);
    q.campaign_filter = SENDX_CAMPAIGNS_DRAFT;
    OK(sendx_list(client, SENDX_KIND_CAMPAIGN, &q, &page, NULL, &err));
    cr_expect_gt(page.records.len, 0);
    for (size_t i = 0; i < page.records.len; i++)
        cr_expect_eq(((struct sendx_campaign *)sendx_page_at(&page, i))->status, 0);
    sendx_page_free(&page);
}

Test(mock, campaign_create_needs_a_known_sender)
{
    struct sendx_sender sender = {0}, made_sender;
    codec_set_string(&model_sender_type, &sender, SENDX_SENDER_NAME, "Me");
    codec_set_string(&model_sender_type, &sender, SENDX_SENDER_EMAIL, "me@example.com");
    OK(sendx_create(client, SENDX_KIND_SENDER, &sender, &made_sender, NULL, &err));
    struct sendx_campaign c = {0}, made;
    const struct model_type *t = &model_campaign_type;
    codec_set_string(t, &c, SENDX_CAMPAIGN_NAME, "Hello");
    codec_set_string(t, &c, SENDX_CAMPAIGN_SUBJECT, "Hi");
    codec_set_string(t, &c, SENDX_CAMPAIGN_HTML_CONTENT, "<p>hi</p>");
    codec_set_string(t, &c, SENDX_CAMPAIGN_SENDER, "sender_AAAAAAAAAAAAAAAAAAAAAA");
    expect_http(sendx_create(client, SENDX_KIND_CAMPAIGN, &c, NULL, NULL, &err), 400);
    codec_set_string(t, &c, SENDX_CAMPAIGN_SENDER, made_sender.id);
    OK(sendx_create(client, SENDX_KIND_CAMPAIGN, &c, &made, NULL, &err));
    cr_expect_eq(made.status, 0);
    OK(sendx_delete(client, SENDX_KIND_CAMPAIGN, made.id, NULL, NULL, &err));
    codec_free(t, &c);
    codec_free(t, &made);
    codec_free(&model_sender_type, &sender);
    codec_free(&model_sender_type, &made_sender);
}

/* ---- faults ---- */

static void set_faults(const char *json)
{
    struct mock_faults f = {0};
    cr_assert_eq(faults_from_json(json, &f, &err), 0, "%s", api_error_message(&err));
    mock_server_set_faults(mock, &f);
}

static void count_429(void *ctx, const struct http_retry_notice *n)
{
    if (n->status == 429)
        ++*(int *)ctx;
}

Test(mock, rate_limit_storm_is_retried_until_it_passes)
{
    set_faults("{\"rate_limit\": 1, \"rate_window_ms\": 1000}");
    int throttled = 0;
    struct http_options o = http_options_default();
    o.base_url = mock_server_url(mock);
    o.api_key = KEY;
    o.on_retry = count_429;
    o.callback_ctx = &throttled;
    struct sendx_client *c = sendx_client_new(&o, &err);
    cr_assert_not_null(c, "%s", api_error_message(&err));
    struct sendx_page page;
    for (int i = 0; i < 3; i++) {
        OK(sendx_list(c, SENDX_KIND_TAG, NULL, &page, NULL, &err));
        sendx_page_free(&page);
    }
    cr_expect_geq(throttled, 2, "one request a second: the later calls were throttled and retried");
    sendx_client_free(c);
}

Test(mock, endless_503_gives_up)
{
    set_faults("{\"error_rate\": 1, \"error_status\": 503}");
    struct sendx_page page;
    expect_http(sendx_list(client, SENDX_KIND_TAG, NULL, &page, NULL, &err), 503);
}

Test(mock, malformed_and_truncated_bodies_are_errors)
{
    struct sendx_page page;
    set_faults("{\"malformed_rate\": 1}");
    cr_expect_eq(sendx_list(client, SENDX_KIND_TAG, NULL, &page, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_BODY, "%s", api_error_message(&err));
    api_error_clear(&err);
    set_faults("{\"truncate_rate\": 1}");
    struct sendx_contact c, out;
    new_contact(&c, "cut@example.com");
    cr_expect_eq(sendx_create(client, SENDX_KIND_CONTACT, &c, &out, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_BODY, "%s", api_error_message(&err));
    codec_free(&model_contact_type, &c);
}

Test(mock, dropped_post_is_not_sent_twice)
{
    set_faults("{\"drop_rate\": 1}");
    struct sendx_contact c;
    new_contact(&c, "once@example.com");
    cr_expect_eq(sendx_create(client, SENDX_KIND_CONTACT, &c, NULL, NULL, &err), -1);
    cr_expect_eq(err.kind, API_ERR_TRANSPORT, "%s", api_error_message(&err));
    api_error_clear(&err);
    set_faults("{}");
    struct sendx_page page;
    OK(sendx_list(client, SENDX_KIND_CONTACT, &(struct sendx_query){.search = "once@"}, &page, NULL,
                  &err));
    cr_expect_eq(page.records.len, 1, "the POST reached the server exactly once");
    sendx_page_free(&page);
    codec_free(&model_contact_type, &c);
}

Test(mock, control_endpoint_shows_and_sets_faults)
{
    char *answer;
    cr_expect_eq(raw_request("PUT", "/_mock/faults", "{\"latency_ms\": 5}", &answer), 200);
    cr_expect_not_null(strstr(answer, "\"latency_ms\":5"), "%s", answer);
    free(answer);
    cr_expect_eq(mock_server_faults(mock).latency_ms, 5);
    cr_expect_eq(raw_request("PUT", "/_mock/faults", "{\"error_rate\": 2}", &answer), 400);
    free(answer);
    cr_expect_eq(raw_request("DELETE", "/_mock/faults", NULL, &answer), 200);
    free(answer);
    cr_expect_eq(mock_server_faults(mock).latency_ms, 0);
}

/* ---- every writable kind: create, read back, update, read back, delete ---- */

struct round_trip {
    enum sendx_kind kind;
    unsigned name_member; /* a text member set at create and changed by update */
    const char *created;
    const char *renamed;
};

/* The other fields each kind's request schema requires. */
static void fill_required(enum sendx_kind kind, void *rec)
{
    const struct model_type *t = model_resource(kind)->type;
    if (kind == SENDX_KIND_TEMPLATE)
        codec_set_string(t, rec, SENDX_TEMPLATE_SUBJECT, "Welcome aboard");
    if (kind == SENDX_KIND_FIELD)
        codec_set_int(t, rec, SENDX_FIELD_TYPE, 3);
    if (kind == SENDX_KIND_WEBHOOK)
        codec_set_bool(t, rec, SENDX_WEBHOOK_ENABLED, true);
}

static void get_by_id(enum sendx_kind kind, const char *id, void *out)
{
    OK(sendx_get(client, kind, id, out, NULL, &err));
}

static void assert_round_trip(const struct round_trip *rt)
{
    const struct model_resource *r = model_resource(rt->kind);
    _Alignas(max_align_t) char rec[512] = {0}, made[512], got[512], patch[512] = {0}, updated[512];
    cr_assert_leq(r->type->size, sizeof rec);
    codec_set_string(r->type, rec, rt->name_member, rt->created);
    fill_required(rt->kind, rec);
    OK(sendx_create(client, rt->kind, rec, made, NULL, &err));
    const char *id = member_text(rt->kind, made, r->id_member);
    /* Custom fields come back as custom_field_..., the spec's schema pattern. */
    const char *prefix = rt->kind == SENDX_KIND_FIELD ? "custom_field_" : r->id_prefix;
    cr_assert(id && strncmp(id, prefix, strlen(prefix)) == 0, "%s id %s", r->name,
              id ? id : "(none)");

    get_by_id(rt->kind, id, got);
    cr_expect_str_eq(member_text(rt->kind, got, rt->name_member), rt->created, "%s", r->name);
    codec_free(r->type, got);

    codec_set_string(r->type, patch, rt->name_member, rt->renamed);
    OK(sendx_update(client, rt->kind, id, patch, updated, NULL, &err));
    cr_expect_str_eq(member_text(rt->kind, updated, rt->name_member), rt->renamed);
    get_by_id(rt->kind, id, got);
    cr_expect_str_eq(member_text(rt->kind, got, rt->name_member), rt->renamed, "%s", r->name);
    if (rt->kind == SENDX_KIND_TEMPLATE)
        cr_expect_str_eq(((struct sendx_template *)got)->subject, "Welcome aboard",
                         "an update leaves the fields it does not name");
    codec_free(r->type, got);

    OK(sendx_delete(client, rt->kind, id, NULL, NULL, &err));
    expect_http(sendx_get(client, rt->kind, id, got, NULL, &err), 404);
    codec_free(r->type, updated);
    codec_free(r->type, made);
    codec_free(r->type, patch);
    codec_free(r->type, rec);
}

Test(mock, every_writable_kind_round_trips)
{
    static const struct round_trip cases[] = {
        {SENDX_KIND_LIST, SENDX_LIST_NAME, "Newsletter", "Weekly newsletter"},
        {SENDX_KIND_TAG, SENDX_TAG_NAME, "vip", "very-important"},
        {SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_NAME, "Welcome", "Welcome v2"},
        {SENDX_KIND_FIELD, SENDX_FIELD_NAME, "Opted in", "Opted in (GDPR)"},
        {SENDX_KIND_WEBHOOK, SENDX_WEBHOOK_URL, "https://hooks.example.com/a",
         "https://hooks.example.com/b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_round_trip(&cases[i]);
}

Test(mock, a_created_sender_is_listed)
{
    struct sendx_sender s = {0}, made;
    codec_set_string(&model_sender_type, &s, SENDX_SENDER_NAME, "Support");
    codec_set_string(&model_sender_type, &s, SENDX_SENDER_EMAIL, "support@example.com");
    OK(sendx_create(client, SENDX_KIND_SENDER, &s, &made, NULL, &err));
    struct sendx_page page;
    OK(sendx_list(client, SENDX_KIND_SENDER, NULL, &page, NULL, &err));
    bool found = false;
    for (size_t i = 0; i < page.records.len; i++) {
        const struct sendx_sender *got = sendx_page_at(&page, i);
        found |= strcmp(got->id, made.id) == 0 && strcmp(got->email, "support@example.com") == 0;
    }
    cr_expect(found, "the new sender is not in the list");
    sendx_page_free(&page);
    codec_free(&model_sender_type, &made);
    codec_free(&model_sender_type, &s);
}

/* ---- sending: nothing leaves the mock, and what would have is kept ---- */

static void message_to(struct sendx_email *m, const char *to_email, const char *subject)
{
    memset(m, 0, sizeof *m);
    struct sendx_address from = {0};
    codec_set_string(&model_address_type, &from, SENDX_ADDRESS_EMAIL, "news@example.com");
    struct sendx_recipient to = {0};
    codec_set_string(&model_recipient_type, &to, SENDX_RECIPIENT_EMAIL, to_email);
    codec_set_string(&model_recipient_type, &to, SENDX_RECIPIENT_NAME, "Ada");
    codec_set_objects(&model_email_type, m, SENDX_EMAIL_FROM, &from, 1);
    codec_set_objects(&model_email_type, m, SENDX_EMAIL_TO, &to, 1);
    codec_set_string(&model_email_type, m, SENDX_EMAIL_SUBJECT, subject);
    codec_free(&model_address_type, &from);
    codec_free(&model_recipient_type, &to);
}

/* A string inside an outbox entry, by a path of keys and array indexes. */
static const char *sent_text(const cJSON *sent, int entry, const char *key, const char *sub)
{
    const cJSON *e = cJSON_GetArrayItem(sent, entry);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
    if (sub) {
        const cJSON *first = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, 0) : v;
        v = cJSON_GetObjectItemCaseSensitive(first, sub);
    }
    return cJSON_GetStringValue(v);
}

static cJSON *outbox(void)
{
    char *text = mock_server_sent_json(mock);
    cr_assert_not_null(text);
    cJSON *sent = cJSON_Parse(text);
    cr_assert(cJSON_IsArray(sent), "%s", text);
    free(text);
    return sent;
}

Test(mock_seeded, sends_reach_the_outbox_as_they_would_have_gone_out)
{
    struct sendx_page templates;
    OK(sendx_list(client, SENDX_KIND_TEMPLATE, &(struct sendx_query){.limit = 1}, &templates, NULL,
                  &err));
    cr_assert_eq(templates.records.len, 1);
    const struct sendx_template *tpl = sendx_page_at(&templates, 0);
    cr_assert_not_null(tpl->html_code, "the seeded template has a body");

    struct sendx_email m;
    message_to(&m, "ada@example.com", "Plain hello");
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_HTML_BODY, "<p>Hello, Ada</p>");
    struct sendx_objects results;
    OK(sendx_send_email(client, &m, &results, NULL, &err));
    cr_assert_eq(results.len, 1);
    const struct sendx_send_result *r = results.items;
    cr_expect_str_eq(r->to, "ada@example.com");
    cr_expect_eq(r->error_code, 0);
    cr_assert_not_null(r->message_id);
    char *first_id = strdup(r->message_id);
    codec_objects_free(&model_send_result_type, &results);
    codec_free(&model_email_type, &m);

    message_to(&m, "bob@example.com", "Template hello");
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_TEMPLATE, tpl->id);
    OK(sendx_send_template(client, &m, NULL, NULL, &err));
    codec_free(&model_email_type, &m);

    cJSON *sent = outbox();
    cr_assert_eq(cJSON_GetArraySize(sent), 2);
    cr_expect_str_eq(sent_text(sent, 0, "endpoint", NULL), "/send/email");
    cr_expect_str_eq(sent_text(sent, 1, "endpoint", NULL), "/send/template");
    const cJSON *first = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sent, 0), "message");
    const cJSON *second = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sent, 1), "message");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(first, "subject")), "Plain hello");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(first, "htmlBody")),
                     "<p>Hello, Ada</p>");
    const cJSON *to = cJSON_GetArrayItem(cJSON_GetObjectItem(first, "to"), 0);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(to, "email")), "ada@example.com");
    cr_expect_str_eq(sent_text(sent, 0, "results", "messageId"), first_id,
                     "the outbox keeps what the client was answered");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(second, "subject")),
                     "Template hello");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(second, "htmlBody")), tpl->html_code,
                     "a template send goes out with the template's body");
    cr_expect_str_eq(sent_text(sent, 1, "results", "to"), "bob@example.com");
    cJSON_Delete(sent);
    free(first_id);
    sendx_page_free(&templates);
}

Test(mock, the_control_endpoint_shows_and_clears_the_outbox)
{
    struct sendx_email m;
    message_to(&m, "ada@example.com", "Hi");
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_HTML_BODY, "<p>Hi</p>");
    OK(sendx_send_email(client, &m, NULL, NULL, &err));
    codec_free(&model_email_type, &m);
    char *answer;
    cr_expect_eq(raw_request("GET", "/_mock/sent", NULL, &answer), 200);
    cJSON *sent = cJSON_Parse(answer);
    cr_expect_eq(cJSON_GetArraySize(sent), 1, "%s", answer);
    cr_expect_str_eq(sent_text(sent, 0, "message", "subject"), "Hi");
    cJSON_Delete(sent);
    free(answer);
    cr_expect_eq(raw_request("PUT", "/_mock/sent", "[]", &answer), 405);
    free(answer);
    cr_expect_eq(raw_request("DELETE", "/_mock/sent", NULL, &answer), 200);
    cr_expect_str_eq(answer, "[]");
    free(answer);
    char *text = mock_server_sent_json(mock);
    cr_expect_str_eq(text, "[]");
    free(text);
    struct raw_answer anonymous = raw_http(mock_server_url(mock), "GET", "/_mock/sent", NULL, NULL);
    cr_expect_eq(anonymous.status, 401, "the outbox takes the API key");
    raw_answer_free(&anonymous);
}

Test(mock_seeded, an_unknown_template_is_404_and_nothing_is_sent)
{
    struct sendx_email m;
    message_to(&m, "ada@example.com", "Hi");
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_TEMPLATE,
                     "template_AAAAAAAAAAAAAAAAAAAAAA");
    expect_http(sendx_send_template(client, &m, NULL, NULL, &err), 404);
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_TEMPLATE, "not even an id");
    cr_expect_eq(sendx_send_template(client, &m, NULL, NULL, &err), -1);
    cr_expect_str_eq(api_error_message(&err), "HTTP 404: Template not found");
    api_error_clear(&err);
    codec_free(&model_email_type, &m);
    cJSON *sent = outbox();
    cr_expect_eq(cJSON_GetArraySize(sent), 0);
    cJSON_Delete(sent);
}

Test(mock, a_bad_send_body_is_422_and_nothing_is_sent)
{
    static const struct {
        const char *path;
        const char *body;
        const char *message;
    } cases[] = {
        {"/send/email", "{\"from\":", "Request body is not in proper format"},
        {"/send/email", "{\"from\":{\"email\":\"a@example.com\"},\"to\":[],\"subject\":\"s\"}",
         "HtmlBody is required"},
        {"/send/email",
         "{\"from\":{\"email\":\"a@example.com\"},\"to\":[{\"name\":\"x\"}],\"subject\":\"s\","
         "\"htmlBody\":\"b\"}",
         "To[0].email is required"},
        {"/send/email",
         "{\"from\":{\"email\":\"a@example.com\"},\"to\":[],\"subject\":\"s\",\"htmlBody\":\"b\"}",
         "At least one recipient is required"},
        {"/send/email",
         "{\"from\":{\"email\":\"a@example.com\"},\"to\":[{\"email\":\"b@example.com\","
         "\"cc\":[\"not an email\"]}],\"subject\":\"s\",\"htmlBody\":\"b\"}",
         "Invalid recipient email format"},
        {"/send/email",
         "{\"from\":[{\"email\":\"a@example.com\"}],\"to\":[{\"email\":\"b@example.com\"}],"
         "\"subject\":\"s\",\"htmlBody\":\"b\"}",
         "field \"from\": expected an object, got an array"},
        {"/send/template",
         "{\"from\":{\"email\":\"a@example.com\"},\"to\":[{\"email\":\"b@example.com\"}],"
         "\"subject\":\"s\"}",
         "Template is required"},
        {"/send/template",
         "{\"from\":{\"email\":\"nobody\"},\"to\":[{\"email\":\"b@example.com\"}],"
         "\"subject\":\"s\",\"template\":\"template_AAAAAAAAAAAAAAAAAAAAAA\"}",
         "Invalid from email format"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_refused_naming("POST", cases[i].path, cases[i].body, cases[i].message);

    /* Through the client too: it leaves address formats to the server. */
    struct sendx_email m;
    message_to(&m, "not an address", "Hi");
    codec_set_string(&model_email_type, &m, SENDX_EMAIL_HTML_BODY, "<p>Hi</p>");
    expect_http(sendx_send_email(client, &m, NULL, NULL, &err), 422);
    codec_free(&model_email_type, &m);
    cJSON *sent = outbox();
    cr_expect_eq(cJSON_GetArraySize(sent), 0);
    cJSON_Delete(sent);
}

static char *filled(size_t n, char c)
{
    char *s = malloc(n + 1);
    cr_assert_not_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* A test that sends in a loop must not grow the mock without bound. */
Test(mock_state, the_outbox_keeps_the_newest_messages_within_its_bounds)
{
    struct store *s = store_new(1);
    cr_assert_not_null(s);
    for (int i = 0; i < OUTBOX_MAX + 5; i++) {
        char *entry = malloc(16);
        cr_assert_not_null(entry);
        snprintf(entry, 16, "%d", i);
        outbox_add(store_outbox(s), entry);
    }
    char *text = outbox_json(store_outbox(s));
    cJSON *sent = cJSON_Parse(text);
    cr_expect_eq(cJSON_GetArraySize(sent), OUTBOX_MAX);
    cr_expect_eq(cJSON_GetArrayItem(sent, 0)->valueint, 5, "the oldest went first");
    cr_expect_eq(cJSON_GetArrayItem(sent, OUTBOX_MAX - 1)->valueint, OUTBOX_MAX + 4);
    cJSON_Delete(sent);
    free(text);

    size_t big = OUTBOX_MAX_BYTES / 2 + 1;
    outbox_add(store_outbox(s), filled(big, '1'));
    outbox_add(store_outbox(s), filled(big, '2'));
    text = outbox_json(store_outbox(s));
    cr_expect_eq(strlen(text), big + 2, "only the newest large message fits");
    cr_expect_eq(text[1], '2');
    free(text);
    outbox_clear(store_outbox(s));
    text = outbox_json(store_outbox(s));
    cr_expect_str_eq(text, "[]");
    free(text);
    store_free(s);
}
