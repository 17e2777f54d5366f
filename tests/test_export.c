/* The export's parts: the CSV writer's quoting and rows, the JSON and
 * JSON lines shapes, the sink, the progress line and the signal watch;
 * then every resource in every format against the mock in process, read
 * back with a strict RFC 4180 reader or cJSON and compared record by
 * record with what the API itself answers. A scripted server stands in
 * for failures the mock cannot make on cue. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/http.h"
#include "api/sendx.h"
#include "cli/export_internal.h"
#include "csv.h"
#include "mock/mock.h"
#include "raw_http.h"
#include "test_server.h"
#include "tree.h"

#define KEY "export-test-key"

static struct api_error err;

#define OK(call) cr_assert_eq((call), 0, "%s", api_error_message(&err))

/* ---- output into memory ---- */

struct mem {
    char *text;
    size_t len;
    FILE *f;
};

static void mem_open(struct mem *m)
{
    *m = (struct mem){0};
    m->f = open_memstream(&m->text, &m->len);
    cr_assert_not_null(m->f);
}

static void mem_close(struct mem *m)
{
    cr_assert_eq(fclose(m->f), 0);
    m->f = NULL;
}

static char *csv_field_of(const char *text)
{
    struct mem m;
    mem_open(&m);
    cli_export_csv_field(m.f, text);
    mem_close(&m);
    return m.text;
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

static char *write_all(const struct export_format *f, enum sendx_kind kind,
                       const struct export_refs *refs, const void *records, size_t n)
{
    const struct model_resource *res = model_resource(kind);
    struct mem m;
    mem_open(&m);
    struct export_writer w = {.out = m.f, .res = res, .refs = refs};
    if (f->begin)
        OK(f->begin(&w, &err));
    for (size_t i = 0; i < n; i++)
        OK(f->record(&w, (const char *)records + i * res->type->size, &err));
    if (f->end)
        OK(f->end(&w, &err));
    cr_expect_eq(w.records, n);
    mem_close(&m);
    return m.text;
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

/* ---- the sink, the progress line, the signals ---- */

static char dir[64];

static void dir_setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/sendx-export-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void dir_teardown(void)
{
    tree_remove(dir);
}

static const char *in_dir(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* The names in the directory, sorted, joined by spaces. */
static const char *listing(void)
{
    static char names[512];
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    cr_assert_geq(n, 0);
    names[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (list[i]->d_name[0] != '.' || strlen(list[i]->d_name) > 2) {
            strcat(names, names[0] ? " " : "");
            strcat(names, list[i]->d_name);
        }
        free(list[i]);
    }
    free(list);
    return names;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char *text = NULL;
    size_t len = 0;
    cr_assert_geq(getdelim(&text, &len, '\0', f), 0);
    fclose(f);
    return text;
}

TestSuite(sink, .init = dir_setup, .fini = dir_teardown, .timeout = 30);

Test(sink, a_file_appears_whole_mode_0600_and_only_once_complete)
{
    struct export_sink s;
    OK(cli_export_sink_open(&s, in_dir("out.csv"), &err));
    fputs("a,b\r\n", s.out);
    OK(cli_export_sink_flush(&s, &err));
    cr_expect_eq(access(in_dir("out.csv"), F_OK), -1, "nothing at the path while writing");
    cr_expect_eq(listing()[0], '.', "a hidden temporary file beside it: %s", listing());
    OK(cli_export_sink_commit(&s, &err));
    cr_expect_str_eq(listing(), "out.csv", "the temporary file became it");
    char *text = slurp(in_dir("out.csv"));
    cr_expect_str_eq(text, "a,b\r\n");
    free(text);
    struct stat st;
    cr_assert_eq(stat(in_dir("out.csv"), &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0600);
}

Test(sink, a_discarded_export_leaves_the_file_as_it_was_and_no_temporary_file)
{
    FILE *old = fopen(in_dir("out.csv"), "w");
    fputs("old", old);
    fclose(old);
    struct export_sink s;
    OK(cli_export_sink_open(&s, in_dir("out.csv"), &err));
    fputs("new,half", s.out);
    cli_export_sink_discard(&s);
    cr_expect_str_eq(listing(), "out.csv");
    char *text = slurp(in_dir("out.csv"));
    cr_expect_str_eq(text, "old");
    free(text);
}

Test(sink, a_write_error_is_said_naming_the_output)
{
    struct export_sink s = {.out = fopen("/dev/full", "w"), .name = "/dev/full"};
    cr_assert_not_null(s.out);
    for (int i = 0; i < 10000; i++)
        fputs("0123456789", s.out);
    cr_expect_eq(cli_export_sink_flush(&s, &err), -1);
    cr_expect_str_eq(api_error_message(&err), "cannot write /dev/full: No space left on device");
    cr_expect_eq(s.write_errno, ENOSPC);
    api_error_clear(&err);
    fclose(s.out);
}

Test(progress, drawn_in_place_a_few_times_a_second_and_cleared_at_the_end)
{
    struct mem m;
    mem_open(&m);
    struct export_progress p;
    cli_export_progress_start(&p, m.f, "contacts");
    cli_export_progress_page(&p, 1000);
    cli_export_progress_page(&p, 1000); /* too soon: not drawn */
    fflush(m.f);
    cr_expect(strncmp(m.text, "\rcontacts: 1,000 records, 1 page, ", 34) == 0, "%s", m.text);
    cr_expect(strstr(m.text, "/s, ETA ?\033[K") != NULL, "%s", m.text);
    cr_expect_null(strstr(m.text, "2,000"), "%s", m.text);
    usleep(300 * 1000);
    cli_export_progress_page(&p, 500);
    fflush(m.f);
    cr_expect(strstr(m.text, "\rcontacts: 2,500 records, 3 pages, ") != NULL, "%s", m.text);
    cli_export_progress_end(&p);
    mem_close(&m);
    size_t len = strlen(m.text);
    cr_expect(len > 4 && strcmp(m.text + len - 4, "\r\033[K") == 0, "cleared: %s", m.text);
    free(m.text);

    cli_export_progress_start(&p, NULL, "contacts");
    cli_export_progress_page(&p, 10);
    cli_export_progress_end(&p);
    cr_expect_eq(p.records, 10, "counted even when silent");
}

Test(watch, a_signal_cancels_the_export_instead_of_ending_the_process)
{
    struct http_cancel *cancel = http_cancel_new();
    struct export_watch w;
    OK(cli_export_watch_start(&w, cancel, &err));
    cr_assert_eq(raise(SIGTERM), 0);
    for (int i = 0; i < 200 && !http_cancel_fired(cancel); i++)
        usleep(10 * 1000);
    cr_expect(http_cancel_fired(cancel));
    cr_expect_eq(cli_export_watch_stop(&w), SIGTERM);
    struct sigaction now;
    sigaction(SIGTERM, NULL, &now);
    cr_expect_eq(now.sa_handler, SIG_DFL, "the handler is put back");
    http_cancel_unref(cancel);

    cancel = http_cancel_new();
    OK(cli_export_watch_start(&w, cancel, &err));
    cr_expect_eq(cli_export_watch_stop(&w), 0, "no signal, nothing fired");
    cr_expect_not(http_cancel_fired(cancel));
    http_cancel_unref(cancel);
}

/* ---- against the mock ---- */

static struct mock_server *mock;
static struct sendx_client *client;

static struct sendx_client *client_at(const char *url, const char *key)
{
    struct http_options o = http_options_default();
    o.base_url = url;
    o.api_key = key;
    o.retry.deadline_ms = 5000;
    struct sendx_client *c = sendx_client_new(&o, &err);
    cr_assert_not_null(c, "%s", api_error_message(&err));
    return c;
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
    client = client_at(mock_server_url(mock), KEY);
}

static void mock_teardown(void)
{
    sendx_client_free(client);
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

/* What export writes for kind in format f, page_size records a page. */
/* What cli_export_stream writes through c for req (heap text); *rc is
 * what it returned. */
static char *stream_text(struct sendx_client *c, const struct export_request *req,
                         struct export_job *job, int *rc)
{
    struct mem m;
    mem_open(&m);
    struct export_sink sink = {.out = m.f, .name = "memory"};
    *job = (struct export_job){.client = c, .sink = &sink};
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
    char *text = stream_text(client, &req, job, &rc);
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
    struct sendx_client *wrong = client_at(mock_server_url(mock), "not-the-key-123");
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
    sendx_client_free(wrong);
}

/* ---- against a scripted server: what the mock does not do on cue ---- */

/* Tags in pages of 3: the first page, then an answer chosen per test. */
enum script { SERVER_ERROR, SAME_PAGE, BAD_RECORD };

static void tags_page(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    const enum script *then = ctx;
    static const char *const page = "[{\"id\":\"tag_aaaaaaaaaaaaaaaaaaaaaa\",\"name\":\"a\"},"
                                    "{\"id\":\"tag_bbbbbbbbbbbbbbbbbbbbbb\",\"name\":\"b\"},"
                                    "{\"id\":\"tag_cccccccccccccccccccccc\",\"name\":\"c\"}]";
    reply->body = page;
    if (strstr(req->query, "offset=0") || *then == SAME_PAGE)
        return;
    if (*then == BAD_RECORD) {
        reply->body = "[{\"id\":\"not an id!\",\"name\":\"x\"},"
                      "{\"id\":\"tag_dddddddddddddddddddddd\",\"name\":\"d\"}]";
        return;
    }
    reply->status = 500;
    reply->body = "{\"status\":\"error\",\"message\":\"database \\u001b[31mdown\"}";
}

static char *scripted_export(enum script then, struct export_job *job, int *rc)
{
    struct test_server *ts = test_server_start(tags_page, &then);
    cr_assert_not_null(ts);
    struct sendx_client *c = client_at(test_server_url(ts), KEY);
    struct export_request req = {
        .kind = SENDX_KIND_TAG, .format = &cli_export_ndjson, .page_size = 3};
    char *text = stream_text(c, &req, job, rc);
    sendx_client_free(c);
    test_server_stop(ts);
    return text;
}

static void http_up(void)
{
    cr_assert_eq(http_global_init(&err), 0);
}

static void http_down(void)
{
    api_error_clear(&err);
    http_global_cleanup();
}

TestSuite(scripted, .init = http_up, .fini = http_down, .timeout = 30);

Test(scripted, a_failure_midway_says_where_the_walk_was)
{
    struct export_job job;
    int rc;
    free(scripted_export(SERVER_ERROR, &job, &rc));
    cr_expect_eq(rc, -1);
    cr_expect_eq(job.records, 3);
    cr_expect(strstr(api_error_message(&err), "after 3 tags: HTTP 500: database"), "%s",
              api_error_message(&err));
}

Test(scripted, a_server_that_ignores_offset_fails_the_export_instead_of_looping)
{
    struct export_job job;
    int rc;
    free(scripted_export(SAME_PAGE, &job, &rc));
    cr_expect_eq(rc, -1);
    cr_expect(strstr(api_error_message(&err), "sent no new tags"), "%s", api_error_message(&err));
    cr_expect_eq(job.records, 3, "each record once");
}

Test(scripted, a_record_the_client_cannot_read_is_counted_and_the_rest_written)
{
    struct export_job job;
    int rc;
    char *text = scripted_export(BAD_RECORD, &job, &rc);
    cr_expect_eq(rc, 0, "%s", api_error_message(&err));
    cr_expect_eq(job.records, 4);
    cr_expect_eq(job.skipped, 1);
    cr_expect(strstr(api_error_message(&job.skip_why), "not an id"), "%s",
              api_error_message(&job.skip_why));
    cr_expect(strstr(text, "tag_dddddddddddddddddddddd") != NULL, "%s", text);
    api_error_clear(&job.skip_why);
    free(text);
}
