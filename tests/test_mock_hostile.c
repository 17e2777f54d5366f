/* The hostile seed (sendx-mock --hostile) and the ignore_offset fault,
 * through the API: each case's bytes come back as they were made, the
 * integers past 64 bits arrive as such (and only from a hostile mock),
 * the contact with ten thousand tags names tags that exist, and a mock
 * that ignores offset answers the first page whatever is asked. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/sendx.h"
#include "mock/faults.h"
#include "mock/mock.h"
#include "mock/hostile_seed.h"
#include "raw_http.h"
#include "tree.h"

#define KEY "hostile-test-key"

static struct mock_server *mock;
static struct sendx_client *client;
static struct api_error err;

static void start(bool hostile)
{
    cr_assert_eq(http_global_init(&err), 0);
    struct mock_options o = mock_options_default();
    o.api_key = KEY;
    o.hostile = hostile;
    o.contacts = 100;
    mock = mock_server_start(&o, &err);
    cr_assert_not_null(mock, "%s", api_error_message(&err));
    struct http_options h = http_options_default();
    h.base_url = mock_server_url(mock);
    h.api_key = KEY;
    client = sendx_client_new(&h, &err);
    cr_assert_not_null(client, "%s", api_error_message(&err));
}

static void start_hostile(void)
{
    start(true);
}

static void start_demo(void)
{
    start(false);
}

static void stop(void)
{
    sendx_client_free(client);
    client = NULL;
    cr_expect_eq(mock_server_stop(mock, &err), 0);
    mock = NULL;
    api_error_clear(&err);
    http_global_cleanup();
}

TestSuite(hostile, .init = start_hostile, .fini = stop, .timeout = 120);
TestSuite(demo, .init = start_demo, .fini = stop, .timeout = 60);

static void list(enum sendx_kind kind, long offset, long limit, struct sendx_page *page)
{
    struct sendx_query q = {.offset = offset, .limit = limit};
    cr_assert_eq(sendx_list(client, kind, &q, page, NULL, &err), 0, "%s: %s",
                 model_resource(kind)->name, api_error_message(&err));
    cr_assert_eq(page->n_bad, 0, "%s: every record decodes", model_resource(kind)->name);
}

/* The member of each kind that holds a case's labelled text. */
static const struct {
    enum sendx_kind kind;
    unsigned member;
} labelled[] = {
    {SENDX_KIND_CONTACT, SENDX_CONTACT_FIRST_NAME},
    {SENDX_KIND_LIST, SENDX_LIST_NAME},
    {SENDX_KIND_TAG, SENDX_TAG_NAME},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_NAME},
    {SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_NAME},
    {SENDX_KIND_SENDER, SENDX_SENDER_NAME},
    {SENDX_KIND_FIELD, SENDX_FIELD_NAME},
    {SENDX_KIND_MEMBER, SENDX_MEMBER_FULL_NAME},
};

static const char *string_member(enum sendx_kind kind, const void *rec, unsigned member)
{
    const struct model_type *t = model_resource(kind)->type;
    return *(char *const *)((const char *)rec + t->members[member].offset);
}

Test(hostile, every_kind_holds_each_case_byte_for_byte)
{
    size_t n;
    const struct hostile_case *cases = hostile_seed_cases(&n);
    cr_assert_geq(n, 15);
    for (size_t k = 0; k < sizeof labelled / sizeof labelled[0]; k++) {
        struct sendx_page page = {0};
        list(labelled[k].kind, 0, 100, &page);
        cr_assert_geq(page.records.len, n);
        for (size_t i = 0; i < n; i++) {
            char label[64];
            snprintf(label, sizeof label, "H%02zu %s: ", i, cases[i].name);
            const char *got =
                string_member(labelled[k].kind, sendx_page_at(&page, i), labelled[k].member);
            cr_assert_not_null(got);
            cr_assert_eq(strncmp(got, label, strlen(label)), 0, "%s %zu: %.40s",
                         model_resource(labelled[k].kind)->name, i, got);
            cr_assert_str_eq(got + strlen(label), cases[i].text, "%s %zu (%s) byte for byte",
                             model_resource(labelled[k].kind)->name, i, cases[i].name);
        }
        sendx_page_free(&page);
    }
}

Test(hostile, emails_and_urls_carry_the_text_inside_their_usual_shape)
{
    size_t n;
    const struct hostile_case *cases = hostile_seed_cases(&n);
    struct sendx_page contacts = {0}, hooks = {0};
    list(SENDX_KIND_CONTACT, 0, 100, &contacts);
    list(SENDX_KIND_WEBHOOK, 0, 100, &hooks);
    for (size_t i = 0; i < n; i++) {
        const struct sendx_contact *c = sendx_page_at(&contacts, i);
        char want[HOSTILE_LONG + 64];
        snprintf(want, sizeof want, "h%02zu.%s@hostile.example", i, cases[i].text);
        cr_assert_str_eq(c->email, want, "contact %zu's email", i);
        cr_assert_str_eq(c->last_name, cases[i].text, "contact %zu's last name", i);
        snprintf(want, sizeof want, "https://hostile.example/h%02zu/%s", i, cases[i].text);
        cr_assert_str_eq(((const struct sendx_webhook *)sendx_page_at(&hooks, i))->url, want,
                         "webhook %zu's URL", i);
    }
    sendx_page_free(&contacts);
    sendx_page_free(&hooks);
}

/* The case named name, or fails. */
static size_t case_index(const char *name)
{
    long i = hostile_seed_find(name);
    cr_assert_geq(i, 0, "no case %s", name);
    return (size_t)i;
}

Test(hostile, the_cases_hold_what_their_names_promise)
{
    size_t n;
    const struct hostile_case *cases = hostile_seed_cases(&n);
    cr_expect_eq(strlen(cases[case_index("long")].text), 65536);
    const char *bad = cases[case_index("bad-utf8")].text;
    cr_expect_str_eq(bad + strlen(bad) - 2, "\xe2\x82", "ends in a cut-off sequence");
    cr_expect_not_null(strstr(cases[case_index("osc-title")].text, "\x1b]0;"));
    cr_expect_not_null(strstr(cases[case_index("c1-utf8")].text, "\xc2\x9b"));
    cr_expect_not_null(strstr(cases[case_index("c1-raw")].text, "\x9b"));
    cr_expect_not_null(strstr(cases[case_index("bidi")].text, "\xe2\x80\xae"));
    cr_expect_not_null(strstr(cases[case_index("query-cursor")].text, "\x1b[6n"));
}

/* The JSON of GET path (parsed). */
static cJSON *get_json(const char *path, char **text)
{
    struct raw_answer a = raw_http(mock_server_url(mock), "GET", path, NULL, KEY);
    cr_assert_eq(a.status, 200, "%s: %ld", path, a.status);
    cJSON *json = cJSON_Parse(a.body);
    cr_assert_not_null(json, "%s: JSON", path);
    *text = a.body;
    a.body = NULL;
    raw_answer_free(&a);
    return json;
}

/* Whether every number in json lies past what an int64_t holds. */
static bool all_numbers_huge(const cJSON *json, size_t *seen)
{
    if (cJSON_IsNumber(json)) {
        (*seen)++;
        return !(fabs(json->valuedouble) < 9223372036854775808.0);
    }
    for (const cJSON *item = json->child; item; item = item->next)
        if (!all_numbers_huge(item, seen))
            return false;
    return true;
}

Test(hostile, the_numbers_case_sends_integers_past_64_bits)
{
    size_t i = case_index("numbers");
    char path[128], *text = NULL;
    snprintf(path, sizeof path, "/contact?offset=%zu&limit=1", i);
    cJSON *page = get_json(path, &text);
    size_t seen = 0;
    cr_expect(all_numbers_huge(page, &seen), "every integer past 64 bits: %s", text);
    cr_expect_eq(seen, 2, "contactSource and LTV: %s", text);
    cr_expect_not_null(strstr(text, "1e30"), "%s", text);
    cr_expect_not_null(strstr(text, "18446744073709551616"), "%s", text);
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(page, 0), "id"));
    cr_assert_not_null(id);

    struct sendx_page campaigns = {0};
    list(SENDX_KIND_CAMPAIGN, (long)i, 1, &campaigns);
    snprintf(path, sizeof path, "/report/campaign/%s",
             ((const struct sendx_campaign *)sendx_page_at(&campaigns, 0))->id);
    free(text);
    cJSON *report = get_json(path, &text);
    seen = 0;
    cr_expect(all_numbers_huge(report, &seen), "every count past 64 bits: %s", text);
    cr_expect_geq(seen, 8, "%s", text);
    cr_expect_not_null(strstr(text, "1e400"), "%s", text);
    cr_expect_not_null(strstr(text, "-1e30"), "%s", text);
    free(text);
    cJSON_Delete(report);
    cJSON_Delete(page);
    sendx_page_free(&campaigns);

    struct sendx_page before = {0};
    list(SENDX_KIND_CONTACT, (long)i - 1, 1, &before);
    const struct sendx_contact *c = sendx_page_at(&before, 0);
    cr_expect(codec_is_set(c, SENDX_CONTACT_LTV) && c->ltv == (int64_t)(i - 1) * 1000,
              "the case before has a usual LTV");
    sendx_page_free(&before);
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

Test(hostile, the_contact_with_ten_thousand_tags_names_tags_that_exist)
{
    size_t n;
    hostile_seed_cases(&n);
    size_t total = n + HOSTILE_BULK_TAGS;
    char **ids = calloc(total + 100, sizeof *ids);
    size_t n_ids = 0;
    for (long offset = 0;; offset += 100) {
        struct sendx_page page = {0};
        list(SENDX_KIND_TAG, offset, 100, &page);
        for (size_t i = 0; i < page.records.len && n_ids < total + 100; i++)
            ids[n_ids++] = strdup(((const struct sendx_tag *)sendx_page_at(&page, i))->id);
        bool more = sendx_page_more(&page);
        sendx_page_free(&page);
        if (!more)
            break;
    }
    cr_assert_eq(n_ids, total, "the cases' tags and the bulk ones");
    qsort(ids, n_ids, sizeof *ids, compare_ids);

    struct sendx_page contacts = {0};
    list(SENDX_KIND_CONTACT, (long)n, 1, &contacts);
    const struct sendx_contact *c = sendx_page_at(&contacts, 0);
    cr_assert_eq(c->tags.len, total, "every tag on the last contact");
    for (size_t i = 0; i < c->tags.len; i++)
        cr_assert_not_null(bsearch(&c->tags.items[i], ids, n_ids, sizeof *ids, compare_ids),
                           "tag %s exists", c->tags.items[i]);
    sendx_page_free(&contacts);
    for (size_t i = 0; i < n_ids; i++)
        free(ids[i]);
    free(ids);
}

/* A contact whose LTV is the marker for 1e30, as the demo mock's state. */
static const char marker_state[] =
    "{\"contact\":[{\"id\":\"contact_AAAAAAAAAAAAAAAAAAAAAA\",\"email\":\"min@example.com\","
    "\"LTV\":-9223372036854775808}]}";

Test(demo, only_a_hostile_mock_sends_numbers_past_64_bits)
{
    char dir[64] = "/tmp/sendx-hostile-XXXXXX", path[96];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/state.json", dir);
    cr_assert_eq(tree_put(path, marker_state, sizeof marker_state - 1, 0600), 0);
    struct mock_options o = mock_options_default();
    o.api_key = KEY;
    o.state_file = path;
    struct mock_server *demo = mock_server_start(&o, &err);
    cr_assert_not_null(demo, "%s", api_error_message(&err));
    struct raw_answer a = raw_http(mock_server_url(demo), "GET", "/contact", NULL, KEY);
    cJSON *page = cJSON_Parse(a.body);
    const cJSON *ltv = cJSON_GetObjectItem(cJSON_GetArrayItem(page, 0), "LTV");
    cr_expect(cJSON_IsNumber(ltv) && ltv->valuedouble == (double)INT64_MIN,
              "the most negative LTV goes out as it is: %s", a.body);
    cr_expect_null(strstr(a.body, "1e30"), "%s", a.body);
    cJSON_Delete(page);
    raw_answer_free(&a);
    cr_expect_eq(mock_server_stop(demo, &err), 0, "%s", api_error_message(&err));
    tree_remove(dir);
}

/* The ids of a page of contacts, joined. Heap string. */
static char *page_ids(long offset, long limit)
{
    struct sendx_page page = {0};
    list(SENDX_KIND_CONTACT, offset, limit, &page);
    char *ids = calloc(page.records.len + 1, 64);
    for (size_t i = 0; i < page.records.len; i++) {
        strcat(ids, ((const struct sendx_contact *)sendx_page_at(&page, i))->id);
        strcat(ids, " ");
    }
    sendx_page_free(&page);
    return ids;
}

Test(demo, ignore_offset_answers_the_first_page_whatever_the_offset)
{
    char *first = page_ids(0, 5), *later = page_ids(20, 5);
    cr_assert_str_neq(first, later, "without the fault, offset pages");
    struct mock_faults f = mock_server_faults(mock);
    cr_assert_eq(faults_from_json("{\"ignore_offset\":true}", &f, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert(f.ignore_offset);
    mock_server_set_faults(mock, &f);
    char *repeated = page_ids(20, 5);
    cr_expect_str_eq(repeated, first, "offset 20 answers the first page");
    char *more = page_ids(5, 3);
    cr_expect_eq(strncmp(more, first, strlen(more)), 0, "limit is still kept: %s", more);
    f.ignore_offset = false;
    mock_server_set_faults(mock, &f);
    char *again = page_ids(20, 5);
    cr_expect_str_eq(again, later, "and off again");
    free(first);
    free(later);
    free(repeated);
    free(more);
    free(again);
}

Test(demo, ignore_offset_is_a_switch_in_json_flags_and_the_control_endpoint)
{
    struct mock_faults f = {0};
    cr_expect_eq(faults_set(&f, "ignore_offset", "1", &err), 0);
    cr_expect(f.ignore_offset);
    cr_expect_eq(faults_from_json("{\"ignore_offset\":0}", &f, &err), 0);
    cr_expect_not(f.ignore_offset);
    cr_expect_eq(faults_set(&f, "ignore_offset", "2", &err), -1);
    cr_expect_eq(faults_from_json("{\"ignore_offset\":\"yes\"}", &f, &err), -1);
    api_error_clear(&err);
    char *json = faults_to_json(&(struct mock_faults){.ignore_offset = true});
    cr_expect_not_null(strstr(json, "\"ignore_offset\":true"), "%s", json);
    free(json);

    const char *url = mock_server_url(mock);
    struct raw_answer a = raw_http(url, "PUT", "/_mock/faults", "{\"ignore_offset\":true}", KEY);
    cr_expect_eq(a.status, 200);
    cr_expect_not_null(strstr(a.body, "\"ignore_offset\":true"), "%s", a.body);
    raw_answer_free(&a);
    cr_expect(mock_server_faults(mock).ignore_offset);
    a = raw_http(url, "PUT", "/_mock/faults", "{\"ignore_offset\":\"yes\"}", KEY);
    cr_expect_eq(a.status, 400);
    raw_answer_free(&a);
    a = raw_http(url, "DELETE", "/_mock/faults", NULL, KEY);
    cr_expect_eq(a.status, 200);
    raw_answer_free(&a);
    cr_expect_not(mock_server_faults(mock).ignore_offset);
}

Test(demo, api_requests_are_counted_and_the_control_endpoints_are_not)
{
    unsigned long before = mock_server_requests(mock);
    free(page_ids(0, 2));
    free(page_ids(2, 2));
    struct raw_answer a = raw_http(mock_server_url(mock), "GET", "/_mock/faults", NULL, KEY);
    raw_answer_free(&a);
    cr_expect_eq(mock_server_requests(mock), before + 2);
}
