/* What an edit sends (only what changed, member type by member type, an
 * empty change when nothing did) and what a save meets when the server
 * moved meanwhile: conflicts from `updated` and from touched members,
 * none from members only the server changed, and the three choices. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/model.h"
#include "app/changes.h"
#include "app/names.h"

#define LIST_A  "list_OcuxJHdiAvujmwQVJfd3ss"
#define LIST_B  "list_0tOFLp5RgV7s3LNiHrjGYs"
#define LIST_C  "list_vUCjsUmrVXtSppS8rD0Ssq"
#define FIELD_A "field_MnuqBAG2NPLm7PZMWbjQxt"
#define FIELD_B "field_QqfhckbdcvQinLPlduIbHq"
#define FIELD_C "field_Xy3Zb4C5De6Fg7Hi8Jk9Lm"

static const struct model_type *const ct = &model_contact_type;

static struct sendx_contact original, edited, change, server;
static struct api_error err;

static void setup(void)
{
    memset(&original, 0, sizeof original);
    memset(&edited, 0, sizeof edited);
    memset(&change, 0, sizeof change);
    memset(&server, 0, sizeof server);
}

static void teardown(void)
{
    codec_free(ct, &original);
    codec_free(ct, &edited);
    codec_free(ct, &change);
    codec_free(ct, &server);
    api_error_clear(&err);
}

TestSuite(changes, .init = setup, .fini = teardown);

/* A contact as the server sends it. */
static void load(struct sendx_contact *c, const char *json)
{
    cJSON *j = cJSON_Parse(json);
    cr_assert_not_null(j, "%s", json);
    cr_assert_eq(codec_decode(model_resource(SENDX_KIND_CONTACT)->read, j, c, &err), 0, "%s",
                 api_error_message(&err));
    cJSON_Delete(j);
}

static const char contact_json[] =
    "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"firstName\":\"John\",\"lastName\":\"Doe\","
    "\"email\":\"john.doe@example.com\",\"company\":\"Acme\","
    "\"customFields\":{\"" FIELD_A "\":\"Engineering\",\"" FIELD_B "\":\"Senior\"},"
    "\"lists\":[\"" LIST_A "\",\"" LIST_B "\"],\"tags\":[],\"unsubscribed\":false,"
    "\"created\":\"2024-01-10T14:20:00Z\",\"updated\":\"2024-01-15T09:15:00Z\","
    "\"lastTrackedIp\":\"203.0.113.42\",\"LTV\":7500}";

/* The form opens: original as loaded, edited its copy. */
static void open_form(void)
{
    load(&original, contact_json);
    cr_assert_eq(codec_copy(ct, &edited, &original), 0);
}

static void diff(void)
{
    cr_assert_eq(changes_between(SENDX_KIND_CONTACT, &original, &edited, &change, &err), 0, "%s",
                 api_error_message(&err));
}

/* The change as the update would send it. */
static void expect_body(const char *json)
{
    char *body = codec_encode_string(model_resource(SENDX_KIND_CONTACT)->write, &change);
    cr_assert_not_null(body);
    cr_expect_str_eq(body, json);
    free(body);
}

/* ---- changes_between ---- */

Test(changes, nothing_changed_is_an_empty_change)
{
    open_form();
    diff();
    cr_expect(changes_empty(&change));
    cr_expect_eq(change.set, 0);
    expect_body("{}");
}

Test(changes, a_changed_text_alone_is_sent)
{
    open_form();
    codec_set_string(ct, &edited, SENDX_CONTACT_COMPANY, "Beta GmbH");
    diff();
    cr_expect_not(changes_empty(&change));
    cr_expect_eq(change.set, 1ull << SENDX_CONTACT_COMPANY);
    expect_body("{\"company\":\"Beta GmbH\"}");
}

Test(changes, wide_text_compares_byte_for_byte)
{
    open_form();
    codec_set_string(ct, &original, SENDX_CONTACT_FIRST_NAME, "Jose\xcc\x81"); /* e + accent */
    codec_set_string(ct, &edited, SENDX_CONTACT_FIRST_NAME, "Jos\xc3\xa9");    /* é */
    codec_set_string(ct, &original, SENDX_CONTACT_LAST_NAME, "山田 👩‍💻");
    codec_set_string(ct, &edited, SENDX_CONTACT_LAST_NAME, "山田 👩‍💻");
    diff();
    expect_body("{\"firstName\":\"Jos\xc3\xa9\"}");
}

Test(changes, cleared_text_is_sent_empty_and_unset_is_empty)
{
    open_form();
    codec_set_string(ct, &edited, SENDX_CONTACT_COMPANY, NULL);
    codec_set_string(ct, &edited, SENDX_CONTACT_LAST_NAME, "");
    diff();
    expect_body("{\"lastName\":\"\",\"company\":\"\"}");

    /* Nothing there before, nothing or "" typed: no change. */
    codec_free(ct, &change);
    codec_set_string(ct, &original, SENDX_CONTACT_COMPANY, NULL);
    codec_set_string(ct, &original, SENDX_CONTACT_LAST_NAME, NULL);
    diff();
    cr_expect(changes_empty(&change));
}

Test(changes, text_set_where_there_was_none_is_sent)
{
    open_form();
    codec_set_string(ct, &original, SENDX_CONTACT_COMPANY, NULL);
    codec_set_string(ct, &edited, SENDX_CONTACT_COMPANY, "Acme");
    diff();
    expect_body("{\"company\":\"Acme\"}");
}

Test(changes, what_the_api_does_not_take_is_never_sent)
{
    open_form();
    codec_set_string(ct, &edited, SENDX_CONTACT_UPDATED, "2030-01-01T00:00:00Z");
    codec_set_string(ct, &edited, SENDX_CONTACT_ID, "contact_XXXXXXXXXXXXXXXXXXXXXX");
    codec_set_bool(ct, &edited, SENDX_CONTACT_UNSUBSCRIBED, true);
    codec_set_int(ct, &edited, SENDX_CONTACT_LTV, 1);
    diff();
    cr_expect(changes_empty(&change));
}

Test(changes, lists_compare_as_sets)
{
    open_form();
    const char *reordered[] = {LIST_B, LIST_A, LIST_B};
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, reordered, 3);
    diff();
    cr_expect(changes_empty(&change), "the same lists in another order, one twice");

    codec_free(ct, &change);
    const char *more[] = {LIST_C, LIST_A, LIST_B};
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, more, 3);
    diff();
    expect_body("{\"lists\":[\"" LIST_C "\",\"" LIST_A "\",\"" LIST_B "\"]}");

    codec_free(ct, &change);
    const char *fewer[] = {LIST_A, LIST_A};
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, fewer, 2);
    diff();
    expect_body("{\"lists\":[\"" LIST_A "\",\"" LIST_A "\"]}");
}

Test(changes, an_emptied_list_is_sent_empty_and_unset_is_empty)
{
    open_form();
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, NULL, 0);
    diff();
    expect_body("{\"lists\":[]}");

    /* The tags were [] and are now unset: the same. */
    codec_free(ct, &change);
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, (const char *[]){LIST_A, LIST_B}, 2);
    edited.set &= ~(1ull << SENDX_CONTACT_TAGS);
    diff();
    cr_expect(changes_empty(&change));
}

Test(changes, custom_fields_send_only_the_keys_that_changed)
{
    open_form();
    codec_map_put(ct, &edited, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_B, "Principal");
    diff();
    expect_body("{\"customFields\":{\"" FIELD_B "\":\"Principal\"}}");

    codec_free(ct, &change);
    codec_map_put(ct, &edited, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_C, "1987-06-30");
    diff();
    expect_body("{\"customFields\":{\"" FIELD_B "\":\"Principal\",\"" FIELD_C
                "\":\"1987-06-30\"}}");
}

Test(changes, a_removed_custom_field_is_sent_empty)
{
    open_form();
    struct sendx_map *m = &edited.custom_fields;
    cr_assert_eq(m->len, 2);
    free(m->items[0].key);
    free(m->items[0].value);
    m->items[0] = m->items[1];
    m->len = 1;
    diff();
    expect_body("{\"customFields\":{\"" FIELD_A "\":\"\"}}");
}

Test(changes, custom_fields_in_another_order_are_the_same)
{
    load(&original, contact_json);
    load(&edited, "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"customFields\":{\"" FIELD_B
                  "\":\"Senior\",\"" FIELD_A "\":\"Engineering\",\"" FIELD_C "\":\"\"},"
                  "\"email\":\"john.doe@example.com\",\"firstName\":\"John\",\"lastName\":\"Doe\","
                  "\"company\":\"Acme\",\"lists\":[\"" LIST_A "\",\"" LIST_B "\"],"
                  "\"lastTrackedIp\":\"203.0.113.42\"}");
    diff();
    cr_expect(changes_empty(&change), "an empty value is no value");
}

Test(changes, numbers_and_booleans_change_when_the_form_sets_them)
{
    const struct model_type *ft = &model_field_type;
    struct sendx_field a = {0}, b = {0}, c = {0};
    codec_set_string(ft, &a, SENDX_FIELD_NAME, "Birthday");
    codec_set_int(ft, &a, SENDX_FIELD_TYPE, 0);
    cr_assert_eq(codec_copy(ft, &b, &a), 0);
    codec_set_int(ft, &b, SENDX_FIELD_TYPE, 2);
    cr_assert_eq(changes_between(SENDX_KIND_FIELD, &a, &b, &c, &err), 0);
    char *body = codec_encode_string(model_resource(SENDX_KIND_FIELD)->write, &c);
    cr_expect_str_eq(body, "{\"type\":2}");
    free(body);
    codec_free(ft, &c);

    /* The form left it unset: JSON cannot unset a number, nothing is sent. */
    b.set &= ~(1ull << SENDX_FIELD_TYPE);
    cr_assert_eq(changes_between(SENDX_KIND_FIELD, &a, &b, &c, &err), 0);
    cr_expect(changes_empty(&c));
    codec_free(ft, &a);
    codec_free(ft, &b);
    codec_free(ft, &c);

    const struct model_type *wt = &model_webhook_type;
    struct sendx_webhook w0 = {0}, w1 = {0}, wc = {0};
    codec_set_string(wt, &w0, SENDX_WEBHOOK_URL, "https://example.com/hook");
    codec_set_bool(wt, &w0, SENDX_WEBHOOK_ENABLED, true);
    cr_assert_eq(codec_copy(wt, &w1, &w0), 0);
    codec_set_bool(wt, &w1, SENDX_WEBHOOK_ENABLED, false);
    codec_set_bool(wt, &w1, SENDX_WEBHOOK_OPENED, false);
    cr_assert_eq(changes_between(SENDX_KIND_WEBHOOK, &w0, &w1, &wc, &err), 0);
    body = codec_encode_string(model_resource(SENDX_KIND_WEBHOOK)->write, &wc);
    cr_expect_str_eq(body, "{\"enabled\":false,\"opened\":false}",
                     "opened was unset and is now set");
    free(body);
    codec_free(wt, &w0);
    codec_free(wt, &w1);
    codec_free(wt, &wc);
}

Test(changes, a_field_the_client_could_not_read_differs_from_any_value)
{
    load(&original, "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"company\":42,"
                    "\"lists\":\"" LIST_A "\",\"email\":\"a@example.com\"}");
    cr_assert_eq(codec_unreadable_count(&original), 2);
    cr_assert_eq(codec_copy(ct, &edited, &original), 0);
    diff();
    cr_expect(changes_empty(&change), "left as it was, nothing to send");

    codec_free(ct, &change);
    codec_set_string(ct, &edited, SENDX_CONTACT_COMPANY, "");
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, NULL, 0);
    diff();
    expect_body("{\"company\":\"\",\"lists\":[]}");
}

Test(changes, several_members_at_once_and_the_change_owns_its_values)
{
    open_form();
    codec_set_string(ct, &edited, SENDX_CONTACT_EMAIL, "john@example.org");
    codec_set_string(ct, &edited, SENDX_CONTACT_LAST_TRACKED_IP, "192.0.2.1");
    codec_set_strings(ct, &edited, SENDX_CONTACT_TAGS, (const char *[]){"tag_x"}, 1);
    diff();
    codec_free(ct, &edited);
    codec_free(ct, &original);
    expect_body("{\"email\":\"john@example.org\",\"tags\":[\"tag_x\"],"
                "\"lastTrackedIp\":\"192.0.2.1\"}");
}

Test(changes, a_kind_without_a_write_schema_cannot_be_changed)
{
    struct sendx_member a = {0}, b = {0}, c = {.set = 7};
    cr_expect_eq(changes_between(SENDX_KIND_MEMBER, &a, &b, &c, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    cr_expect_str_eq(api_error_message(&err), "team members cannot be changed");
    cr_expect_eq(c.set, 0);
}

Test(changes, long_lists_compare_in_good_time)
{
    enum { N = 50000 };
    char **items = malloc(N * sizeof *items), **reversed = malloc(N * sizeof *reversed);
    cr_assert(items && reversed);
    for (int i = 0; i < N; i++) {
        items[i] = malloc(32);
        snprintf(items[i], 32, "list_%022d", i);
        reversed[N - 1 - i] = items[i];
    }
    open_form();
    codec_set_strings(ct, &original, SENDX_CONTACT_LISTS, (const char *const *)items, N);
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, (const char *const *)reversed, N);
    diff();
    cr_expect(changes_empty(&change));
    for (int i = 0; i < N; i++)
        free(items[i]);
    free(items);
    free(reversed);
}

/* ---- changes_conflicts ---- */

static struct changes_conflicts found;

static void conflicts(const struct names *names)
{
    cr_assert_eq(
        changes_conflicts(SENDX_KIND_CONTACT, &original, &server, &change, names, &found, &err), 0);
}

/* The form changed the company; the server copy starts as the original. */
static void edit_company(void)
{
    open_form();
    codec_set_string(ct, &edited, SENDX_CONTACT_COMPANY, "Beta GmbH");
    diff();
    cr_assert_eq(codec_copy(ct, &server, &original), 0);
}

static void expect_conflict(size_t i, unsigned member, const char *key, const char *theirs,
                            const char *ours)
{
    cr_assert_gt(found.len, i);
    const struct changes_conflict *c = &found.items[i];
    cr_expect_eq(c->member, member);
    if (key)
        cr_expect_str_eq(c->key, key);
    else
        cr_expect_null(c->key);
    cr_expect_str_eq(c->label, ct->members[member].label);
    cr_expect_str_eq(c->theirs, theirs);
    cr_expect_str_eq(c->ours, ours);
}

Test(changes, no_conflict_when_the_server_did_not_move)
{
    edit_company();
    conflicts(NULL);
    cr_expect_not(found.updated_moved);
    cr_expect_eq(found.len, 0);
    changes_conflicts_free(&found);
}

Test(changes, a_moved_updated_time_is_a_conflict)
{
    edit_company();
    codec_set_string(ct, &server, SENDX_CONTACT_UPDATED, "2024-02-01T10:00:00Z");
    conflicts(NULL);
    cr_expect(found.updated_moved);
    cr_expect_eq(found.len, 1);
    expect_conflict(0, SENDX_CONTACT_UPDATED, NULL, "2024-02-01T10:00:00Z", "2024-01-15T09:15:00Z");
    changes_conflicts_free(&found);
}

Test(changes, a_touched_member_that_moved_is_a_conflict)
{
    edit_company();
    codec_set_string(ct, &server, SENDX_CONTACT_COMPANY, "Gamma Ltd");
    conflicts(NULL);
    cr_expect_not(found.updated_moved);
    cr_expect_eq(found.len, 1);
    expect_conflict(0, SENDX_CONTACT_COMPANY, NULL, "Gamma Ltd", "Beta GmbH");
    changes_conflicts_free(&found);
}

Test(changes, updated_comes_first_then_the_members)
{
    edit_company();
    codec_set_string(ct, &server, SENDX_CONTACT_UPDATED, "2024-02-01T10:00:00Z");
    codec_set_string(ct, &server, SENDX_CONTACT_COMPANY, NULL);
    conflicts(NULL);
    cr_expect_eq(found.len, 2);
    expect_conflict(0, SENDX_CONTACT_UPDATED, NULL, "2024-02-01T10:00:00Z", "2024-01-15T09:15:00Z");
    expect_conflict(1, SENDX_CONTACT_COMPANY, NULL, "none", "Beta GmbH");
    changes_conflicts_free(&found);
}

Test(changes, an_untouched_member_that_moved_is_no_conflict)
{
    edit_company();
    codec_set_string(ct, &server, SENDX_CONTACT_FIRST_NAME, "Johnny");
    codec_set_strings(ct, &server, SENDX_CONTACT_LISTS, NULL, 0);
    codec_map_put(ct, &server, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_A, "Sales");
    conflicts(NULL);
    cr_expect_not(found.updated_moved);
    cr_expect_eq(found.len, 0);
    changes_conflicts_free(&found);
}

Test(changes, the_same_change_on_both_sides_is_no_conflict)
{
    edit_company();
    codec_set_string(ct, &server, SENDX_CONTACT_COMPANY, "Beta GmbH");
    conflicts(NULL);
    cr_expect_eq(found.len, 0);
    changes_conflicts_free(&found);
}

Test(changes, custom_fields_conflict_key_by_key)
{
    open_form();
    codec_map_put(ct, &edited, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_B, "Principal");
    diff();
    cr_assert_eq(codec_copy(ct, &server, &original), 0);
    codec_map_put(ct, &server, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_A, "Sales");
    conflicts(NULL);
    cr_expect_eq(found.len, 0, "the server changed another custom field");
    changes_conflicts_free(&found);

    codec_map_put(ct, &server, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_B, "Junior");
    conflicts(NULL);
    cr_expect_eq(found.len, 1);
    expect_conflict(0, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_B, "Junior", "Principal");
    changes_conflicts_free(&found);

    codec_map_put(ct, &server, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_B, "Principal");
    conflicts(NULL);
    cr_expect_eq(found.len, 0, "the server made the same change");
    changes_conflicts_free(&found);
}

Test(changes, a_cleared_value_shows_as_none)
{
    edit_company();
    codec_set_string(ct, &edited, SENDX_CONTACT_COMPANY, "");
    codec_free(ct, &change);
    diff();
    codec_set_string(ct, &server, SENDX_CONTACT_COMPANY, "Gamma Ltd");
    conflicts(NULL);
    cr_expect_eq(found.len, 1);
    expect_conflict(0, SENDX_CONTACT_COMPANY, NULL, "Gamma Ltd", "none");
    changes_conflicts_free(&found);
}

Test(changes, lists_show_by_name_and_the_unreadable_as_such)
{
    open_form();
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, (const char *[]){LIST_A, LIST_C}, 2);
    codec_set_string(ct, &edited, SENDX_CONTACT_COMPANY, "Beta");
    diff();
    codec_free(ct, &server);
    load(&server, "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"email\":\"john.doe@example.com\","
                  "\"updated\":\"2024-01-15T09:15:00Z\",\"lists\":[\"" LIST_B "\"],"
                  "\"company\":{\"name\":\"\\u001b[2J\"}}");
    struct names names = {0};
    cr_assert_eq(names_put(&names, LIST_A, "Newsletter"), 0);
    cr_assert_eq(names_put(&names, LIST_B, "Customers"), 0);
    conflicts(&names);
    cr_expect_eq(found.len, 2);
    expect_conflict(0, SENDX_CONTACT_COMPANY, NULL, "unreadable: {\"name\":\"\\u001b[2J\"}",
                    "Beta");
    expect_conflict(1, SENDX_CONTACT_LISTS, NULL, "Customers", "Newsletter, " LIST_C);
    changes_conflicts_free(&found);
    names_free(&names);
}

Test(changes, numbers_and_booleans_show_by_meaning)
{
    const struct model_type *ft = &model_field_type;
    struct sendx_field a = {0}, b = {0}, c = {0}, s = {0};
    codec_set_int(ft, &a, SENDX_FIELD_TYPE, 0);
    cr_assert_eq(codec_copy(ft, &b, &a), 0);
    cr_assert_eq(codec_copy(ft, &s, &a), 0);
    codec_set_int(ft, &b, SENDX_FIELD_TYPE, 1);
    codec_set_int(ft, &s, SENDX_FIELD_TYPE, 2);
    cr_assert_eq(changes_between(SENDX_KIND_FIELD, &a, &b, &c, &err), 0);
    struct changes_conflicts f;
    cr_assert_eq(changes_conflicts(SENDX_KIND_FIELD, &a, &s, &c, NULL, &f, &err), 0);
    cr_expect_not(f.updated_moved, "a custom field has no updated time");
    cr_assert_eq(f.len, 1);
    cr_expect_str_eq(f.items[0].theirs, "Date");
    cr_expect_str_eq(f.items[0].ours, "Number");
    changes_conflicts_free(&f);
    codec_free(ft, &a);
    codec_free(ft, &b);
    codec_free(ft, &c);
    codec_free(ft, &s);

    const struct model_type *wt = &model_webhook_type;
    struct sendx_webhook w0 = {0}, w1 = {0}, wc = {0}, ws = {0};
    codec_set_bool(wt, &w0, SENDX_WEBHOOK_ENABLED, true);
    codec_set_string(wt, &w0, SENDX_WEBHOOK_URL, "https://a.example/hook");
    cr_assert_eq(codec_copy(wt, &w1, &w0), 0);
    cr_assert_eq(codec_copy(wt, &ws, &w0), 0);
    codec_set_bool(wt, &w1, SENDX_WEBHOOK_ENABLED, false);
    codec_set_bool(wt, &ws, SENDX_WEBHOOK_ENABLED, false);
    codec_set_string(wt, &ws, SENDX_WEBHOOK_URL, "https://b.example/hook");
    codec_set_bool(wt, &ws, SENDX_WEBHOOK_CLICKED, true);
    cr_assert_eq(changes_between(SENDX_KIND_WEBHOOK, &w0, &w1, &wc, &err), 0);
    cr_assert_eq(changes_conflicts(SENDX_KIND_WEBHOOK, &w0, &ws, &wc, NULL, &f, &err), 0);
    cr_expect_eq(f.len, 0, "the same change, and members the form did not touch");
    changes_conflicts_free(&f);
    codec_set_string(wt, &w1, SENDX_WEBHOOK_URL, "https://c.example/hook");
    codec_set_bool(wt, &ws, SENDX_WEBHOOK_ENABLED, true);
    codec_free(wt, &wc);
    cr_assert_eq(changes_between(SENDX_KIND_WEBHOOK, &w0, &w1, &wc, &err), 0);
    cr_assert_eq(changes_conflicts(SENDX_KIND_WEBHOOK, &w0, &ws, &wc, NULL, &f, &err), 0);
    cr_assert_eq(f.len, 1, "enabled: true on both the original and the server");
    cr_expect_str_eq(f.items[0].theirs, "https://b.example/hook");
    cr_expect_str_eq(f.items[0].ours, "https://c.example/hook");
    changes_conflicts_free(&f);
    codec_free(wt, &w0);
    codec_free(wt, &w1);
    codec_free(wt, &wc);
    codec_free(wt, &ws);
}

Test(changes, booleans_show_as_yes_or_no)
{
    const struct model_type *wt = &model_webhook_type;
    struct sendx_webhook w0 = {0}, w1 = {0}, wc = {0}, ws = {0};
    codec_set_bool(wt, &w0, SENDX_WEBHOOK_OPENED, false);
    cr_assert_eq(codec_copy(wt, &w1, &w0), 0);
    codec_set_bool(wt, &w1, SENDX_WEBHOOK_OPENED, true);
    cr_assert_eq(changes_between(SENDX_KIND_WEBHOOK, &w0, &w1, &wc, &err), 0);
    ws.set = 0; /* the server no longer sends it */
    struct changes_conflicts f;
    cr_assert_eq(changes_conflicts(SENDX_KIND_WEBHOOK, &w0, &ws, &wc, NULL, &f, &err), 0);
    cr_assert_eq(f.len, 1);
    cr_expect_str_eq(f.items[0].theirs, "none");
    cr_expect_str_eq(f.items[0].ours, "yes");
    changes_conflicts_free(&f);
    codec_set_bool(wt, &ws, SENDX_WEBHOOK_OPENED, false);
    codec_set_bool(wt, &w0, SENDX_WEBHOOK_OPENED, true);
    cr_assert_eq(changes_conflicts(SENDX_KIND_WEBHOOK, &w0, &ws, &wc, NULL, &f, &err), 0);
    cr_assert_eq(f.len, 1);
    cr_expect_str_eq(f.items[0].theirs, "no");
    changes_conflicts_free(&f);
    codec_free(wt, &w0);
    codec_free(wt, &w1);
    codec_free(wt, &wc);
}

/* ---- the choices ---- */

/* Company and a custom field changed in the form and on the server; the
 * first name only in the form. */
static void both_moved(void)
{
    open_form();
    codec_set_string(ct, &edited, SENDX_CONTACT_COMPANY, "Beta GmbH");
    codec_set_string(ct, &edited, SENDX_CONTACT_FIRST_NAME, "Jon");
    codec_map_put(ct, &edited, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_A, "Design");
    codec_map_put(ct, &edited, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_B, "Principal");
    diff();
    cr_assert_eq(codec_copy(ct, &server, &original), 0);
    codec_set_string(ct, &server, SENDX_CONTACT_UPDATED, "2024-02-01T10:00:00Z");
    codec_set_string(ct, &server, SENDX_CONTACT_COMPANY, "Gamma Ltd");
    codec_map_put(ct, &server, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_B, "Junior");
    conflicts(NULL);
    cr_assert_eq(found.len, 3);
}

Test(changes, overwrite_sends_ours_as_it_is)
{
    both_moved();
    cr_expect_eq(changes_decide(SENDX_KIND_CONTACT, CHANGES_OVERWRITE, &found, &change),
                 CHANGES_SEND);
    expect_body("{\"firstName\":\"Jon\",\"company\":\"Beta GmbH\",\"customFields\":{\"" FIELD_A
                "\":\"Design\",\"" FIELD_B "\":\"Principal\"}}");
    changes_conflicts_free(&found);
}

Test(changes, take_theirs_drops_only_the_conflicting_values)
{
    both_moved();
    cr_expect_eq(changes_decide(SENDX_KIND_CONTACT, CHANGES_TAKE_THEIRS, &found, &change),
                 CHANGES_SEND);
    expect_body("{\"firstName\":\"Jon\",\"customFields\":{\"" FIELD_A "\":\"Design\"}}");
    changes_conflicts_free(&found);
}

Test(changes, take_theirs_on_everything_leaves_nothing_to_send)
{
    edit_company();
    codec_set_strings(ct, &edited, SENDX_CONTACT_LISTS, (const char *[]){LIST_C}, 1);
    codec_map_put(ct, &edited, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_A, "Design");
    codec_free(ct, &change);
    diff();
    codec_set_string(ct, &server, SENDX_CONTACT_COMPANY, "Gamma Ltd");
    codec_set_strings(ct, &server, SENDX_CONTACT_LISTS, NULL, 0);
    codec_map_put(ct, &server, SENDX_CONTACT_CUSTOM_FIELDS, FIELD_A, "Sales");
    conflicts(NULL);
    cr_assert_eq(found.len, 3);
    cr_expect_eq(changes_decide(SENDX_KIND_CONTACT, CHANGES_TAKE_THEIRS, &found, &change),
                 CHANGES_NOTHING);
    cr_expect(changes_empty(&change));
    expect_body("{}");
    changes_conflicts_free(&found);
}

Test(changes, take_theirs_when_only_updated_moved_keeps_the_change)
{
    edit_company();
    codec_set_string(ct, &server, SENDX_CONTACT_UPDATED, "2024-02-01T10:00:00Z");
    conflicts(NULL);
    cr_assert_eq(found.len, 1);
    cr_expect_eq(changes_decide(SENDX_KIND_CONTACT, CHANGES_TAKE_THEIRS, &found, &change),
                 CHANGES_SEND);
    expect_body("{\"company\":\"Beta GmbH\"}");
    changes_conflicts_free(&found);
}

Test(changes, back_to_the_form_keeps_the_change)
{
    both_moved();
    cr_expect_eq(changes_decide(SENDX_KIND_CONTACT, CHANGES_BACK, &found, &change), CHANGES_FORM);
    expect_body("{\"firstName\":\"Jon\",\"company\":\"Beta GmbH\",\"customFields\":{\"" FIELD_A
                "\":\"Design\",\"" FIELD_B "\":\"Principal\"}}");
    changes_conflicts_free(&found);

    /* The server copy becomes the form's original: the same save no
     * longer conflicts. */
    codec_free(ct, &original);
    cr_assert_eq(codec_copy(ct, &original, &server), 0);
    codec_free(ct, &change);
    diff();
    conflicts(NULL);
    cr_expect_eq(found.len, 0);
    changes_conflicts_free(&found);
}

Test(changes, taking_theirs_one_conflict_at_a_time)
{
    both_moved();
    changes_take_theirs(SENDX_KIND_CONTACT, &change, &found.items[2]);
    expect_body("{\"firstName\":\"Jon\",\"company\":\"Beta GmbH\",\"customFields\":{\"" FIELD_A
                "\":\"Design\"}}");
    changes_take_theirs(SENDX_KIND_CONTACT, &change, &found.items[1]);
    changes_take_theirs(SENDX_KIND_CONTACT, &change, &found.items[1]);
    expect_body("{\"firstName\":\"Jon\",\"customFields\":{\"" FIELD_A "\":\"Design\"}}");
    changes_take_theirs(SENDX_KIND_CONTACT, &change, &found.items[0]);
    expect_body("{\"firstName\":\"Jon\",\"customFields\":{\"" FIELD_A "\":\"Design\"}}");
    changes_conflicts_free(&found);
    changes_conflicts_free(&found);
}
