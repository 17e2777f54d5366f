/* The export's formats: the CSV writer's quoting and rows, the JSON and
 * JSON lines shapes (byte for byte what cJSON would print); then every
 * resource in every format against the mock in process, read back with a
 * strict RFC 4180 reader or cJSON and compared record by record with what
 * the API itself answers. Where the bytes go is test_export_output.c; the
 * fetchers, and failures the mock cannot make on cue, test_export_fetch.c. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/http.h"
#include "api/sendx.h"
#include "cli/export_internal.h"
#include "csv.h"
#include "export_fixture.h"
#include "mock/mock.h"
#include "raw_http.h"

#define KEY "export-test-key"

static struct api_error err;

#define OK(call) cr_assert_eq((call), 0, "%s", api_error_message(&err))

/* ---- output into memory ---- */

static char *csv_field_of(const char *text)
{
    struct export_text t = {0};
    cli_export_csv_field(&t, text);
    return text_take(&t);
}

Test(csv, a_field_is_quoted_only_when_it_must_be_and_quotes_are_doubled)
{
    static const char *const cases[][2] = {
        {"plain", "plain"},
        {"", ""},
        {" spaced ", " spaced "},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"\"", "\"\"\"\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"lf\nhere", "\"lf\nhere\""},
        {"two\r\nlines\r\n", "\"two\r\nlines\r\n\""},
        {"tab\there", "\"tab\there\""},
        {"esc\x1b[2Jhere", "\"esc\x1b[2Jhere\""},
        {"=SUM(A1:A9)", "=SUM(A1:A9)"},
        {"Événements Paris, 東京 💎", "\"Événements Paris, 東京 💎\""},
        {"VIP 💎 Подписчики", "VIP 💎 Подписчики"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = csv_field_of(cases[i][0]);
        cr_expect_str_eq(got, cases[i][1], "case %zu", i);
        /* And the reader takes it back as it was. */
        char why[128];
        struct csv_table t;
        cr_assert_eq(csv_parse(got, strlen(got), &t, why, sizeof why), 0, "case %zu: %s", i, why);
        if (cases[i][0][0])
            cr_expect_str_eq(t.rows[0].fields[0], cases[i][0], "case %zu", i);
        csv_free(&t);
        free(got);
    }
}

Test(csv_reader, refuses_what_rfc_4180_does_not_allow)
{
    static const char *const bad[] = {
        "a,b\r\nc\r\n",       /* a record short of fields */
        "a\nb\r\n",           /* a bare LF */
        "a\rb\r\n",           /* a bare CR */
        "a\"b\r\n",           /* a quote in an unquoted field */
        "\"a\"b\r\n",         /* text after the closing quote */
        "\"never closed\r\n", /* the text ends inside quotes */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char why[128];
        struct csv_table t;
        cr_expect_eq(csv_parse(bad[i], strlen(bad[i]), &t, why, sizeof why), -1, "case %zu", i);
    }
}

/* ---- records by hand ---- */

static void set_text(const struct model_type *t, void *rec, unsigned m, const char *v)
{
    cr_assert_eq(codec_set_string(t, rec, m, v), 0);
}

static char *write_res(const struct export_format *f, const struct model_resource *res,
                       const struct export_refs *refs, const void *records, size_t n)
{
    struct export_text t = {0};
    struct export_writer w = {.out = &t, .res = res, .refs = refs};
    if (f->begin)
        OK(f->begin(&w, &err));
    for (size_t i = 0; i < n; i++)
        OK(f->record(&w, (const char *)records + i * res->type->size, &err));
    if (f->end)
        OK(f->end(&w, &err));
    cr_expect_eq(w.records, n);
    return text_take(&t);
}

static char *write_all(const struct export_format *f, enum sendx_kind kind,
                       const struct export_refs *refs, const void *records, size_t n)
{
    return write_res(f, model_resource(kind), refs, records, n);
}

/* The JSON line cJSON prints for the codec's tree of record, as the
 * export wrote it before it wrote records itself (heap). */
static char *cjson_line(const struct codec_schema *s, const void *record)
{
    char *text = codec_encode_string(s, record);
    cr_assert_not_null(text);
    size_t len = strlen(text);
    char *line = malloc(len + 2);
    cr_assert_not_null(line);
    memcpy(line, text, len);
    memcpy(line + len, "\n", 2);
    free(text);
    return line;
}

static void expect_cjson_bytes(const struct model_resource *res, const void *record)
{
    char *want = cjson_line(res->read, record);
    char *got = write_res(&cli_export_ndjson, res, NULL, record, 1);
    cr_expect_str_eq(got, want);
    free(got);
    free(want);
}

Test(csv, a_header_row_of_the_api_names_then_a_row_a_record_each_ending_in_crlf)
{
    const struct model_type *t = &model_tag_type;
    struct sendx_tag tags[2] = {0};
    set_text(t, &tags[0], SENDX_TAG_ID, "tag_aaaaaaaaaaaaaaaaaaaaaa");
    set_text(t, &tags[0], SENDX_TAG_NAME, "a,b \"c\"\r\nd");
    set_text(t, &tags[0], SENDX_TAG_CREATED, "2024-01-10T14:20:00Z");
    set_text(t, &tags[1], SENDX_TAG_ID, "tag_bbbbbbbbbbbbbbbbbbbbbb");
    set_text(t, &tags[1], SENDX_TAG_NAME, "");
    char *got = write_all(&cli_export_csv, SENDX_KIND_TAG, NULL, tags, 2);
    cr_expect_str_eq(got,
                     "id,name,created,updated\r\n"
                     "tag_aaaaaaaaaaaaaaaaaaaaaa,\"a,b \"\"c\"\"\r\nd\",2024-01-10T14:20:00Z,\r\n"
                     "tag_bbbbbbbbbbbbbbbbbbbbbb,,,\r\n");
    free(got);
    got = write_all(&cli_export_csv, SENDX_KIND_TAG, NULL, tags, 0);
    cr_expect_str_eq(got, "id,name,created,updated\r\n", "no records: the header alone");
    free(got);
    for (size_t i = 0; i < 2; i++)
        codec_free(t, &tags[i]);
}

/* Lists and tags by name (an id without one as itself), custom fields
 * one column each, found under either spelling of their ids. */
Test(csv, a_contact_shows_its_lists_and_tags_by_name_and_a_column_per_custom_field)
{
    struct export_refs refs = {0};
    cr_assert_eq(names_put(&refs.names, "list_A", "Newsletter"), 0);
    cr_assert_eq(names_put(&refs.names, "tag_B", "lead, hot"), 0);
    struct export_field fields[] = {
        {"custom_field_XXXXXXXXXXXXXXXXXXXXXX", "Job title"},
        {"field_YYYYYYYYYYYYYYYYYYYYYY", "Birthday"},
        {"custom_field_ZZZZZZZZZZZZZZZZZZZZZZ", "Empty, really"},
    };
    refs.fields = fields;
    refs.n_fields = 3;
    const struct model_type *t = &model_contact_type;
    struct sendx_contact c = {0};
    set_text(t, &c, SENDX_CONTACT_ID, "contact_C");
    set_text(t, &c, SENDX_CONTACT_EMAIL, "jane@example.com");
    const char *lists[] = {"list_A", "list_unknown"};
    const char *tags[] = {"tag_B"};
    cr_assert_eq(codec_set_strings(t, &c, SENDX_CONTACT_LISTS, lists, 2), 0);
    cr_assert_eq(codec_set_strings(t, &c, SENDX_CONTACT_TAGS, tags, 1), 0);
    cr_assert_eq(
        codec_map_put(t, &c, SENDX_CONTACT_CUSTOM_FIELDS, "field_XXXXXXXXXXXXXXXXXXXXXX", "CTO"),
        0);
    cr_assert_eq(codec_map_put(t, &c, SENDX_CONTACT_CUSTOM_FIELDS,
                               "custom_field_YYYYYYYYYYYYYYYYYYYYYY", "1990-01-01"),
                 0);
    codec_set_bool(t, &c, SENDX_CONTACT_UNSUBSCRIBED, true);
    codec_set_int(t, &c, SENDX_CONTACT_LTV, 9007199254740993LL);
    char *got = write_all(&cli_export_csv, SENDX_KIND_CONTACT, &refs, &c, 1);
    char why[128];
    struct csv_table table;
    cr_assert_eq(csv_parse(got, strlen(got), &table, why, sizeof why), 0, "%s: %s", why, got);
    cr_assert_eq(table.n_rows, 2);
    const char *const expect[][2] = {
        {"id", "contact_C"},   {"email", "jane@example.com"}, {"lists", "Newsletter, list_unknown"},
        {"tags", "lead, hot"}, {"Job title", "CTO"},          {"Birthday", "1990-01-01"},
        {"Empty, really", ""}, {"unsubscribed", "true"},      {"LTV", "9007199254740993"},
        {"firstName", ""},
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        long col = csv_column(&table, expect[i][0]);
        cr_assert_geq(col, 0, "no column %s: %s", expect[i][0], got);
        cr_expect_str_eq(table.rows[1].fields[col], expect[i][1], "%s", expect[i][0]);
    }
    cr_expect_lt(csv_column(&table, "customFields"), 0, "the map is its fields' columns");
    csv_free(&table);
    free(got);
    codec_free(t, &c);
    names_free(&refs.names);
}

Test(json, one_array_with_a_record_a_line_and_json_lines_an_object_a_line)
{
    const struct model_type *t = &model_list_type;
    struct sendx_list lists[2] = {0};
    set_text(t, &lists[0], SENDX_LIST_ID, "list_one");
    set_text(t, &lists[0], SENDX_LIST_NAME, "Quote \" and \\ and \x1b[31m and\nline");
    codec_set_int(t, &lists[0], SENDX_LIST_TYPE, 1);
    set_text(t, &lists[1], SENDX_LIST_ID, "list_two");
    char *got = write_all(&cli_export_json, SENDX_KIND_LIST, NULL, lists, 0);
    cr_expect_str_eq(got, "[\n]\n");
    free(got);
    got = write_all(&cli_export_ndjson, SENDX_KIND_LIST, NULL, lists, 0);
    cr_expect_str_eq(got, "", "no records, no lines");
    free(got);

    got = write_all(&cli_export_json, SENDX_KIND_LIST, NULL, lists, 2);
    cr_expect_eq(got[0], '[');
    cr_expect_eq(strchr(got, '\n') - got, 1, "the array opens on a line of its own");
    cJSON *a = cJSON_Parse(got);
    cr_assert(cJSON_IsArray(a), "%s", got);
    cr_assert_eq(cJSON_GetArraySize(a), 2);
    cJSON *first = cJSON_GetArrayItem(a, 0);
    cr_expect_str_eq(cJSON_GetObjectItem(first, "name")->valuestring, lists[0].name);
    cr_expect_eq(cJSON_GetObjectItem(first, "type")->valuedouble, 1);
    cr_expect_null(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 1), "name"), "unset: not there");
    cr_expect_null(strchr(got, '\x1b'), "cJSON escapes control characters");
    cJSON_Delete(a);
    free(got);

    got = write_all(&cli_export_ndjson, SENDX_KIND_LIST, NULL, lists, 2);
    char *second = strchr(got, '\n');
    cr_assert_not_null(second);
    *second++ = '\0';
    cr_expect_eq(strchr(second, '\n'), second + strlen(second) - 1, "%s", second);
    cJSON *one = cJSON_Parse(got), *two = cJSON_Parse(second);
    cr_expect(cJSON_IsObject(one) && cJSON_IsObject(two));
    cr_expect_str_eq(cJSON_GetObjectItem(two, "id")->valuestring, "list_two");
    cJSON_Delete(one);
    cJSON_Delete(two);
    free(got);
    for (size_t i = 0; i < 2; i++)
        codec_free(t, &lists[i]);
}

/* The spec's own campaign example sends smartSend as text: the export
 * keeps what the server sent rather than dropping it. */
Test(json, a_field_the_client_could_not_read_is_written_as_the_server_sent_it)
{
    const struct model_resource *res = model_resource(SENDX_KIND_CAMPAIGN);
    cJSON *in = cJSON_Parse("{\"id\":\"campaign_x\",\"name\":\"Spring\","
                            "\"smartSend\":\"America/New_York\"}");
    struct sendx_campaign c;
    OK(codec_decode(res->read, in, &c, &err));
    cr_assert_eq(codec_unreadable_count(&c), 1);
    char *got = write_all(&cli_export_ndjson, SENDX_KIND_CAMPAIGN, NULL, &c, 1);
    cJSON *out = cJSON_Parse(got);
    cr_expect(cJSON_Compare(in, out, true), "%s", got);
    cJSON_Delete(out);
    free(got);
    got = write_all(&cli_export_csv, SENDX_KIND_CAMPAIGN, NULL, &c, 1);
    char why[128];
    struct csv_table table;
    cr_assert_eq(csv_parse(got, strlen(got), &table, why, sizeof why), 0, "%s", why);
    cr_expect_str_eq(table.rows[1].fields[csv_column(&table, "smartSend")], "\"America/New_York\"");
    csv_free(&table);
    free(got);
    cJSON_Delete(in);
    codec_free(res->type, &c);
}

/* Every escape cJSON makes, text it leaves alone, a string set to
 * nothing, integers around where cJSON's doubles still hold them
 * exactly, empty and full lists, a map whose keys need escapes. */
Test(json, a_record_is_written_in_the_bytes_cjson_prints_for_its_tree)
{
    const struct model_resource *res = model_resource(SENDX_KIND_CONTACT);
    const struct model_type *t = res->type;
    struct sendx_contact c = {0};
    char controls[40];
    for (int i = 1; i < 32; i++)
        controls[i - 1] = (char)i;
    controls[31] = '\0';
    set_text(t, &c, SENDX_CONTACT_ID, "contact_aaaaaaaaaaaaaaaaaaaaaa");
    set_text(t, &c, SENDX_CONTACT_EMAIL, controls);
    set_text(t, &c, SENDX_CONTACT_FIRST_NAME, "q\"uote \\ back / slash \x7f Zoë 東京 💎");
    set_text(t, &c, SENDX_CONTACT_LAST_NAME, "");
    set_text(t, &c, SENDX_CONTACT_COMPANY, "gone");
    cr_assert_eq(codec_set_string(t, &c, SENDX_CONTACT_COMPANY, NULL), 0);
    *codec_set_mask(&c) |= UINT64_C(1) << SENDX_CONTACT_COMPANY; /* set, to nothing: null */
    const char *lists[] = {"list_a\"b", "list_\n"};
    cr_assert_eq(codec_set_strings(t, &c, SENDX_CONTACT_LISTS, lists, 2), 0);
    cr_assert_eq(codec_set_strings(t, &c, SENDX_CONTACT_TAGS, NULL, 0), 0);
    cr_assert_eq(codec_map_put(t, &c, SENDX_CONTACT_CUSTOM_FIELDS, "field_\"x\"", "v\tw"), 0);
    cr_assert_eq(codec_map_put(t, &c, SENDX_CONTACT_CUSTOM_FIELDS, "field_y", ""), 0);
    codec_set_bool(t, &c, SENDX_CONTACT_UNSUBSCRIBED, false);
    static const int64_t ints[] = {0,
                                   -1,
                                   2147483647,
                                   2147483648LL,
                                   -2147483648LL,
                                   -2147483649LL,
                                   999999999999999LL,
                                   1000000000000001LL,
                                   -1000000000000001LL};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        codec_set_int(t, &c, SENDX_CONTACT_LTV, ints[i]);
        expect_cjson_bytes(res, &c);
    }
    codec_free(t, &c);
}

/* The escapes are found a word at a time: each one at every place in
 * strings around a word's length, and the bytes around it, still come
 * out as cJSON prints them. */
Test(json, an_escape_anywhere_in_a_string_comes_out_as_cjson_prints_it)
{
    const struct model_resource *res = model_resource(SENDX_KIND_TAG);
    static const char specials[] = {'"', '\\', '\n', '\x01', '\x1f', ' ', '\x7f', '\xc3'};
    struct sendx_tag tag = {0};
    set_text(res->type, &tag, SENDX_TAG_ID, "tag_aaaaaaaaaaaaaaaaaaaaaa");
    char text[24];
    for (size_t len = 1; len < sizeof text; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t k = 0; k < sizeof specials; k++) {
                memset(text, 'a', len);
                text[len] = '\0';
                text[at] = specials[k];
                set_text(res->type, &tag, SENDX_TAG_NAME, text);
                expect_cjson_bytes(res, &tag);
            }
    codec_free(res->type, &tag);
}

/* Field names go out as they are, unescaped: every schema's must be
 * letters, digits and underscores. */
Test(json, every_field_name_needs_no_escape)
{
    for (size_t i = 0; i < model_n_schemas; i++) {
        const struct codec_schema *s = model_schemas[i];
        for (size_t k = 0; k < s->n_fields; k++) {
            const char *name = s->fields[k].name;
            cr_expect(name[0] &&
                          strspn(name, "abcdefghijklmnopqrstuvwxyz"
                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(name),
                      "%s: %s", s->name, name);
        }
    }
}

/* Past 10^15 or so cJSON prints a number to 15 digits when that reads
 * back within its tolerance: 2^53 + 1 would come out as
 * 9.00719925474099e+15. The export writes the integer the server sent. */
Test(json, large_integers_are_written_exactly)
{
    const struct model_type *t = &model_contact_type;
    struct sendx_contact c = {0};
    set_text(t, &c, SENDX_CONTACT_ID, "contact_aaaaaaaaaaaaaaaaaaaaaa");
    codec_set_int(t, &c, SENDX_CONTACT_LTV, 9007199254740993LL);
    char *got = write_all(&cli_export_ndjson, SENDX_KIND_CONTACT, NULL, &c, 1);
    cr_expect_str_eq(got, "{\"id\":\"contact_aaaaaaaaaaaaaaaaaaaaaa\",\"LTV\":9007199254740993}\n");
    free(got);
    codec_set_int(t, &c, SENDX_CONTACT_LTV, INT64_MIN);
    got = write_all(&cli_export_ndjson, SENDX_KIND_CONTACT, NULL, &c, 1);
    cr_expect(strstr(got, "\"LTV\":-9223372036854775808}") != NULL, "%s", got);
    free(got);
    codec_free(t, &c);
}

/* No listed record nests records today; the export would write them as
 * cJSON does all the same: an email's one sender, its recipients, a
 * reply-to set to none (null). */
Test(json, nested_records_are_written_as_cjson_prints_them)
{
    const struct model_resource email = {
        .plural = "emails", .type = model_email_schema.type, .read = &model_email_schema};
    cJSON *in = cJSON_Parse("{\"from\":{\"email\":\"a@example.com\",\"name\":\"A \\\"q\\\"\"},"
                            "\"to\":[{\"email\":\"x@example.com\"},"
                            "{\"email\":\"z@example.com\",\"name\":\"Z\\n\"}],"
                            "\"subject\":\"S\\u0001\",\"htmlBody\":\"<p>hi</p>\"}");
    cr_assert_not_null(in);
    struct sendx_email e;
    OK(codec_decode(&model_email_schema, in, &e, &err));
    expect_cjson_bytes(&email, &e);
    *codec_set_mask(&e) |= UINT64_C(1) << SENDX_EMAIL_REPLY_TO;
    char *got = write_res(&cli_export_ndjson, &email, NULL, &e, 1);
    cr_expect(strstr(got, "\"replyTo\":null") != NULL, "%s", got);
    free(got);
    expect_cjson_bytes(&email, &e);
    codec_free(email.type, &e);
    cJSON_Delete(in);
}

/* ---- against the mock ---- */

static struct mock_server *mock;
static struct export_fetch *fetch;

static struct export_fetch *fetch_at(const char *url, const char *key)
{
    struct http_options o = http_options_default();
    o.base_url = url;
    o.api_key = key;
    o.retry.deadline_ms = 5000;
    struct export_fetch *f = cli_export_fetch_new(&o, &err);
    cr_assert_not_null(f, "%s", api_error_message(&err));
    return f;
}

static void mock_setup(void)
{
    cr_assert_eq(http_global_init(&err), 0);
    struct mock_options o = mock_options_default();
    o.api_key = KEY;
    o.seed = 11;
    o.contacts = 120;
    mock = mock_server_start(&o, &err);
    cr_assert_not_null(mock, "%s", api_error_message(&err));
    fetch = fetch_at(mock_server_url(mock), KEY);
}

static void mock_teardown(void)
{
    cli_export_fetch_free(fetch);
    cr_expect_eq(mock_server_stop(mock, &err), 0);
    api_error_clear(&err);
    http_global_cleanup();
}

TestSuite(mock, .init = mock_setup, .fini = mock_teardown, .timeout = 60);

/* Every record of kind as the API itself answers, walking offset and
 * limit by hand: a new JSON array. */
static cJSON *api_all(enum sendx_kind kind, const char *search)
{
    const struct model_resource *res = model_resource(kind);
    cJSON *all = cJSON_CreateArray();
    long limit = res->page_max;
    for (long offset = 0;; offset += limit) {
        char path[256];
        if (limit)
            snprintf(path, sizeof path, "/%s?offset=%ld&limit=%ld%s%s", res->path, offset, limit,
                     search ? "&search=" : "", search ? search : "");
        else
            snprintf(path, sizeof path, "/%s", res->path);
        struct raw_answer a = raw_http(mock_server_url(mock), "GET", path, NULL, KEY);
        cr_assert_eq(a.status, 200, "%s: %s", path, a.body);
        cJSON *page = cJSON_Parse(a.body);
        raw_answer_free(&a);
        cr_assert(cJSON_IsArray(page));
        int n = cJSON_GetArraySize(page);
        while (cJSON_GetArraySize(page) > 0)
            cJSON_AddItemToArray(all, cJSON_DetachItemFromArray(page, 0));
        cJSON_Delete(page);
        if (!limit || n < limit)
            return all;
    }
}

/* What cli_export_stream writes through f for req (heap text); *rc is
 * what it returned. */
static char *stream_text(struct export_fetch *f, const struct export_request *req,
                         struct export_job *job, int *rc)
{
    struct mem m;
    mem_open(&m);
    struct export_sink sink = {.out = m.f, .name = "memory"};
    *job = (struct export_job){.fetch = f, .sink = &sink};
    *rc = cli_export_stream(job, req, &err);
    mem_close(&m);
    job->sink = NULL;
    return m.text;
}

static char *export_text(enum sendx_kind kind, const struct export_format *f, const char *search,
                         long page_size, struct export_job *job)
{
    struct export_request req = {
        .kind = kind, .format = f, .search = search, .page_size = page_size};
    int rc;
    char *text = stream_text(fetch, &req, job, &rc);
    cr_assert_eq(rc, 0, "%s", api_error_message(&err));
    return text;
}

/* The lines of text, each parsed, as one array. */
static cJSON *parse_lines(char *text)
{
    cJSON *all = cJSON_CreateArray();
    for (char *line = text, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        cr_assert_not_null(nl, "every line ends with LF");
        *nl = '\0';
        cJSON *o = cJSON_Parse(line);
        cr_assert(cJSON_IsObject(o), "%s", line);
        cJSON_AddItemToArray(all, o);
    }
    return all;
}

static void expect_same_records(const cJSON *api, const cJSON *exported, const char *what)
{
    cr_assert_eq(cJSON_GetArraySize(exported), cJSON_GetArraySize(api), "%s", what);
    for (int i = 0; i < cJSON_GetArraySize(api); i++) {
        const cJSON *a = cJSON_GetArrayItem(api, i), *e = cJSON_GetArrayItem(exported, i);
        char *at = cJSON_PrintUnformatted(a), *et = cJSON_PrintUnformatted(e);
        cr_expect(cJSON_Compare(a, e, true), "%s %d:\n api %s\n got %s", what, i, at, et);
        free(at);
        free(et);
    }
}

/* ---- CSV compared with the API's JSON, by the test's own rules ---- */

struct lookup {
    cJSON *names;  /* list and tag ids -> names */
    cJSON *fields; /* the custom fields */
};

static const char *field_suffix(const char *id)
{
    const char *u = strrchr(id, '_');
    return u ? u + 1 : id;
}

/* What the CSV must hold for the API's value v of column name. */
static char *expected_cell(const struct lookup *l, const cJSON *v)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (cJSON_IsString(v))
        fputs(v->valuestring, f);
    else if (cJSON_IsNumber(v))
        fprintf(f, "%" PRId64, (int64_t)v->valuedouble);
    else if (cJSON_IsBool(v))
        fputs(cJSON_IsTrue(v) ? "true" : "false", f);
    else if (cJSON_IsArray(v)) {
        const cJSON *item;
        int i = 0;
        cJSON_ArrayForEach(item, v)
        {
            const cJSON *name = cJSON_GetObjectItemCaseSensitive(l->names, item->valuestring);
            fprintf(f, "%s%s", i++ ? ", " : "", name ? name->valuestring : item->valuestring);
        }
    }
    fclose(f);
    return text;
}

static const char *custom_value(const cJSON *record, const char *field_id)
{
    const cJSON *kv;
    cJSON_ArrayForEach(kv, cJSON_GetObjectItem(record, "customFields"))
    {
        if (strcmp(field_suffix(kv->string), field_suffix(field_id)) == 0)
            return kv->valuestring;
    }
    return "";
}

static void expect_row(const struct lookup *l, const struct csv_table *t, size_t r,
                       const cJSON *record)
{
    const struct csv_row *head = &t->rows[0], *row = &t->rows[r];
    for (size_t c = 0; c < head->n_fields; c++) {
        const cJSON *field = NULL;
        cJSON_ArrayForEach(field, l->fields)
        {
            if (strcmp(cJSON_GetObjectItem(field, "name")->valuestring, head->fields[c]) == 0)
                break;
        }
        if (field) {
            const char *id = cJSON_GetObjectItem(field, "id")->valuestring;
            cr_expect_str_eq(row->fields[c], custom_value(record, id), "row %zu, %s", r,
                             head->fields[c]);
            continue;
        }
        char *want = expected_cell(l, cJSON_GetObjectItem(record, head->fields[c]));
        cr_expect_str_eq(row->fields[c], want, "row %zu, %s", r, head->fields[c]);
        free(want);
    }
}

static void expect_csv(enum sendx_kind kind, const char *text, const cJSON *api,
                       const struct lookup *l)
{
    char why[128];
    struct csv_table t;
    cr_assert_eq(csv_parse(text, strlen(text), &t, why, sizeof why), 0, "%s", why);
    cr_expect(t.final_crlf);
    cr_assert_eq(t.n_rows, (size_t)cJSON_GetArraySize(api) + 1, "%s: a row a record",
                 model_resource(kind)->plural);
    /* Every field the API sends has its column. */
    const cJSON *record, *kv;
    cJSON_ArrayForEach(record, api)
    {
        cJSON_ArrayForEach(kv, record)
        {
            if (strcmp(kv->string, "customFields") != 0)
                cr_expect_geq(csv_column(&t, kv->string), 0, "a column for %s", kv->string);
        }
    }
    for (size_t r = 1; r < t.n_rows; r++)
        expect_row(l, &t, r, cJSON_GetArrayItem(api, (int)r - 1));
    csv_free(&t);
}

static void lookup_load(struct lookup *l)
{
    l->names = cJSON_CreateObject();
    enum sendx_kind kinds[] = {SENDX_KIND_LIST, SENDX_KIND_TAG};
    for (size_t k = 0; k < 2; k++) {
        cJSON *all = api_all(kinds[k], NULL);
        const cJSON *r;
        cJSON_ArrayForEach(r, all)
        {
            cJSON_AddStringToObject(l->names, cJSON_GetObjectItem(r, "id")->valuestring,
                                    cJSON_GetObjectItem(r, "name")->valuestring);
        }
        cJSON_Delete(all);
    }
    l->fields = api_all(SENDX_KIND_FIELD, NULL);
}

static void lookup_free(struct lookup *l)
{
    cJSON_Delete(l->names);
    cJSON_Delete(l->fields);
}

/* Small pages, so that records cross many pages and the JSON array's
 * separators run between them. */
#define SMALL_PAGE 7

Test(mock, every_resource_in_every_format_is_what_the_api_answers)
{
    struct lookup l;
    lookup_load(&l);
    cr_assert_gt(cJSON_GetArraySize(l.fields), 0, "the mock has custom fields");
    for (enum sendx_kind k = 0; k < SENDX_KIND_COUNT; k++) {
        const char *plural = model_resource(k)->plural;
        cJSON *api = api_all(k, NULL);
        cr_assert_gt(cJSON_GetArraySize(api), 0, "the mock has %s", plural);
        struct export_job job;
        char *text = export_text(k, &cli_export_json, NULL, SMALL_PAGE, &job);
        cJSON *got = cJSON_Parse(text);
        cr_assert(cJSON_IsArray(got), "%s: %s", plural, text);
        expect_same_records(api, got, plural);
        cr_expect_eq(job.records, (size_t)cJSON_GetArraySize(api));
        cJSON_Delete(got);
        free(text);

        text = export_text(k, &cli_export_ndjson, NULL, SMALL_PAGE, &job);
        got = parse_lines(text);
        expect_same_records(api, got, plural);
        cJSON_Delete(got);
        free(text);

        text = export_text(k, &cli_export_csv, NULL, SMALL_PAGE, &job);
        expect_csv(k, text, api, &l);
        free(text);
        cJSON_Delete(api);
    }
    lookup_free(&l);
}

Test(mock, contacts_in_csv_have_their_lists_tags_and_custom_fields_by_name)
{
    struct lookup l;
    lookup_load(&l);
    struct export_job job;
    char *text = export_text(SENDX_KIND_CONTACT, &cli_export_csv, NULL, 0, &job);
    cr_expect_eq(job.pages, 1, "the most a page holds: 1000 contacts");
    char why[128];
    struct csv_table t;
    cr_assert_eq(csv_parse(text, strlen(text), &t, why, sizeof why), 0, "%s", why);
    const cJSON *field;
    cJSON_ArrayForEach(field, l.fields)
    {
        cr_expect_geq(csv_column(&t, cJSON_GetObjectItem(field, "name")->valuestring), 0,
                      "a column for %s", cJSON_GetObjectItem(field, "name")->valuestring);
    }
    /* The seeded lists and tags have names; none is left as an id. */
    long lists = csv_column(&t, "lists"), tags = csv_column(&t, "tags");
    size_t named = 0;
    for (size_t r = 1; r < t.n_rows; r++) {
        cr_expect_null(strstr(t.rows[r].fields[lists], "list_"), "%s", t.rows[r].fields[lists]);
        cr_expect_null(strstr(t.rows[r].fields[tags], "tag_"), "%s", t.rows[r].fields[tags]);
        named += t.rows[r].fields[lists][0] != '\0';
    }
    cr_expect_gt(named, 0);
    csv_free(&t);
    free(text);
    lookup_free(&l);
}

Test(mock, a_search_exports_what_the_server_finds)
{
    cJSON *api = api_all(SENDX_KIND_CONTACT, "smith");
    cJSON *everyone = api_all(SENDX_KIND_CONTACT, NULL);
    int found = cJSON_GetArraySize(api);
    cr_assert(found > 0 && found < cJSON_GetArraySize(everyone), "%d", found);
    struct export_job job;
    char *text = export_text(SENDX_KIND_CONTACT, &cli_export_ndjson, "smith", 5, &job);
    cJSON *got = parse_lines(text);
    expect_same_records(api, got, "smith");
    cJSON_Delete(got);
    cJSON_Delete(api);
    cJSON_Delete(everyone);
    free(text);
}

Test(mock, a_refused_key_says_how_to_set_one_and_never_shows_it)
{
    struct export_fetch *wrong = fetch_at(mock_server_url(mock), "not-the-key-123");
    struct export_request req = {.kind = SENDX_KIND_CONTACT, .format = &cli_export_csv};
    struct export_job job;
    int rc;
    char *text = stream_text(wrong, &req, &job, &rc);
    cr_expect_eq(rc, -1);
    cr_expect_eq(err.http_status, 401);
    cr_expect(strstr(api_error_message(&err), "SENDX_API_KEY"), "%s", api_error_message(&err));
    cr_expect_null(strstr(api_error_message(&err), "not-the-key-123"));
    cr_expect_str_eq(text, "", "nothing written before the names came");
    api_error_clear(&err);
    free(text);
    cli_export_fetch_free(wrong);
}

/* Every record the mock has, of every resource, in the bytes cJSON printed
 * for it when the export built a tree per record. */
Test(mock, every_record_is_written_in_the_bytes_cjson_prints)
{
    struct http_options o = http_options_default();
    o.base_url = mock_server_url(mock);
    o.api_key = KEY;
    struct sendx_client *c = sendx_client_new(&o, &err);
    cr_assert_not_null(c, "%s", api_error_message(&err));
    size_t checked = 0;
    for (enum sendx_kind k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *res = model_resource(k);
        struct sendx_query q = {.limit = res->page_max};
        for (bool more = true; more; q.offset += q.limit) {
            struct sendx_page page;
            OK(sendx_list(c, k, &q, &page, NULL, &err));
            for (size_t i = 0; i < page.records.len; i++, checked++)
                expect_cjson_bytes(res, sendx_page_at(&page, i));
            more = sendx_page_more(&page);
            sendx_page_free(&page);
        }
    }
    cr_expect_gt(checked, 120, "the contacts and the rest: %zu", checked);
    sendx_client_free(c);
}
