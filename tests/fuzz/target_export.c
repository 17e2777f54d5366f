/* The export's formats (cli/export_internal.h): the input, if it is a
 * JSON object, is decoded as a record of every resource (leniently, as
 * the client reads a page: what cannot be read is kept as the server's
 * text) and written as CSV, JSON and JSON lines, with names for some ids
 * and two custom field columns.
 *
 * Properties: the CSV reads back through a strict RFC 4180 reader
 * (tests/support/csv.h) as a header and one record whose fields are, one
 * by one, what the record holds (a list's items by name and joined with
 * ", ", an unreadable field's raw text, a custom field's value under its
 * column); the JSON and JSON lines parse, hold one object each, and that
 * object decodes to the record; with every integer short enough for
 * cJSON to print whole and nothing unreadable, it is byte for byte what
 * codec_encode prints. */
#include "fuzz.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/codec.h"
#include "api/model.h"
#include "cli/export_internal.h"
#include "csv.h"

/* The custom field columns; fuzz_seeds writes these ids, under the other
 * spelling too, into its records, and the dictionary holds them. */
static struct export_field fields[] = {
    {"custom_field_fuzz0000000000000000001", "Plan, \"tier\""},
    {"field_fuzz0000000000000000002", "Notes\r\n\x1b[31m"},
};

static const struct export_refs *refs(void)
{
    static struct export_refs r;
    if (r.fields)
        return &r;
    FUZZ_CHECK(names_put(&r.names, "list_fuzz", "Fuzz, \"list\"") == 0 &&
                   names_put(&r.names, "tag_fuzz", "tab\there") == 0 &&
                   names_put(&r.names, "list_plain", "Plain") == 0,
               "out of memory");
    r.fields = fields;
    r.n_fields = sizeof fields / sizeof fields[0];
    return &r;
}

/* The fields a row should read back as, in order; owns them. */
struct expect {
    char **items;
    size_t n;
};

static void expect_add(struct expect *e, char *text)
{
    e->items = realloc(e->items, (e->n + 1) * sizeof *e->items);
    FUZZ_CHECK(e->items && text, "out of memory");
    e->items[e->n++] = text;
}

static void expect_free(struct expect *e)
{
    for (size_t i = 0; i < e->n; i++)
        free(e->items[i]);
    free(e->items);
}

/* What tells a custom field's two spellings apart left out (export_csv.c
 * matches `custom_field_X` with `field_X`). */
static const char *suffix(const char *id)
{
    if (strncmp(id, "custom_field_", 13) == 0)
        return id + 13;
    return strncmp(id, "field_", 6) == 0 ? id + 6 : id;
}

static char *custom_value(const struct sendx_map *m, const struct export_field *f)
{
    for (size_t i = 0; i < m->len; i++)
        if (strcmp(suffix(m->items[i].key), suffix(f->id)) == 0)
            return strdup(m->items[i].value);
    return strdup("");
}

static char *member_text(const struct model_member *mm, const void *p)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    FUZZ_CHECK(out, "out of memory");
    if (mm->type == CODEC_STRING && *(char *const *)p)
        fputs(*(char *const *)p, out);
    else if (mm->type == CODEC_INT)
        fprintf(out, "%" PRId64, *(const int64_t *)p);
    else if (mm->type == CODEC_BOOL)
        fputs(*(const bool *)p ? "true" : "false", out);
    else if (mm->type == CODEC_STRINGS) {
        const struct sendx_strv *v = p;
        for (size_t i = 0; i < v->len; i++) {
            const char *name = names_get(&refs()->names, v->items[i]);
            fprintf(out, "%s%s", i ? ", " : "", name ? name : v->items[i]);
        }
    }
    FUZZ_CHECK(fclose(out) == 0, "out of memory");
    return text;
}

static bool is_column(const struct model_resource *r, unsigned m)
{
    enum codec_type t = r->type->members[m].type;
    return cli_export_member_name(r, m) && t != CODEC_MAP && t != CODEC_OBJECTS;
}

/* The header and the record's row, as they should read back. */
static void expect_rows(const struct model_resource *r, const void *record, struct expect *head,
                        struct expect *row)
{
    uint64_t set = ((const struct codec_record_head *)record)->set;
    for (unsigned m = 0; m < r->type->n_members; m++) {
        const struct model_member *mm = &r->type->members[m];
        const void *p = (const char *)record + mm->offset;
        bool is_set = set >> m & 1;
        if (cli_export_member_name(r, m) && mm->type == CODEC_MAP) {
            for (size_t i = 0; i < refs()->n_fields; i++) {
                expect_add(head, strdup(fields[i].name));
                expect_add(row, is_set ? custom_value(p, &fields[i]) : strdup(""));
            }
        }
        if (!is_column(r, m))
            continue;
        const char *raw = codec_unreadable_raw(record, m);
        expect_add(head, strdup(cli_export_member_name(r, m)));
        expect_add(row, raw ? strdup(raw) : is_set ? member_text(mm, p) : strdup(""));
    }
}

static void check_row(const struct csv_row *got, const struct expect *want, const char *what,
                      const struct model_resource *r)
{
    FUZZ_CHECK(got->n_fields == want->n, "%s: %s of %zu fields read back as %zu", r->plural, what,
               want->n, got->n_fields);
    for (size_t i = 0; i < want->n; i++)
        FUZZ_CHECK(strcmp(got->fields[i], want->items[i]) == 0,
                   "%s: %s field %zu wrote \"%s\", read back \"%s\"", r->plural, what, i,
                   want->items[i], got->fields[i]);
}

static char *write_one(const struct export_format *f, const struct model_resource *r,
                       const void *record, size_t *len)
{
    struct export_text out = {0};
    struct export_writer w = {.out = &out, .res = r, .refs = f->wants_refs ? refs() : NULL};
    struct api_error err = {0};
    FUZZ_CHECK((!f->begin || f->begin(&w, &err) == 0) && f->record(&w, record, &err) == 0 &&
                   (!f->end || f->end(&w, &err) == 0),
               "%s: writing %s failed: %s", r->plural, f->name, api_error_message(&err));
    FUZZ_CHECK(w.records == 1, "%s: %zu records written", f->name, w.records);
    *len = out.len;
    cli_export_text_putc(&out, '\0');
    return out.data;
}

static void check_csv(const struct model_resource *r, const void *record)
{
    size_t len;
    char *text = write_one(&cli_export_csv, r, record, &len);
    struct csv_table t;
    char why[128];
    FUZZ_CHECK(csv_parse(text, len, &t, why, sizeof why) == 0, "%s: the CSV does not read: %s",
               r->plural, why);
    FUZZ_CHECK(t.n_rows == 2 && t.final_crlf, "%s: %zu rows read back", r->plural, t.n_rows);
    struct expect head = {0}, row = {0};
    expect_rows(r, record, &head, &row);
    check_row(&t.rows[0], &head, "the header", r);
    check_row(&t.rows[1], &row, "the record", r);
    expect_free(&head);
    expect_free(&row);
    csv_free(&t);
    free(text);
}

/* One object of the JSON, decoded back to the record. */
static void check_object(const struct model_resource *r, const void *record, const cJSON *object,
                         const char *text)
{
    void *back = malloc(r->type->size);
    struct api_error err = {0};
    FUZZ_CHECK(back && codec_decode(r->read, object, back, &err) == 0,
               "%s: the exported object does not decode: %s", r->plural, api_error_message(&err));
    if (codec_unreadable_count(record) == 0)
        FUZZ_CHECK(fuzz_records_equal(r->type, record, back),
                   "%s: the exported object decodes to another record: %s", r->plural, text);
    codec_free(r->type, back);
    free(back);
    if (codec_unreadable_count(record) || !fuzz_ints_print_whole(r->type, record))
        return;
    char *want = codec_encode_string(r->read, record);
    FUZZ_CHECK(want && strstr(text, want), "%s: exported %s, codec_encode prints %s", r->plural,
               text, want ? want : "(nothing)");
    cJSON_free(want);
}

static void check_json(const struct export_format *f, const struct model_resource *r,
                       const void *record)
{
    size_t len;
    char *text = write_one(f, r, record, &len);
    bool lines = f == &cli_export_ndjson;
    FUZZ_CHECK(len > 0 && text[len - 1] == '\n', "%s: %s does not end a line", r->plural, f->name);
    FUZZ_CHECK(!lines || memchr(text, '\n', len) == text + len - 1,
               "%s: a JSON line holds a line break: %s", r->plural, text);
    cJSON *json = cJSON_ParseWithLength(text, len);
    FUZZ_CHECK(json, "%s: the %s does not parse: %s", r->plural, f->name, text);
    const cJSON *object = lines ? json : cJSON_GetArrayItem(json, 0);
    FUZZ_CHECK(cJSON_IsObject(object) && (lines || cJSON_GetArraySize(json) == 1),
               "%s: the %s is not one object: %s", r->plural, f->name, text);
    check_object(r, record, object, text);
    cJSON_Delete(json);
    free(text);
}

int fuzz_export(const uint8_t *data, size_t size)
{
    cJSON *json = cJSON_ParseWithLength((const char *)data, size);
    if (!cJSON_IsObject(json)) {
        cJSON_Delete(json);
        return 0;
    }
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        void *record = malloc(r->type->size);
        struct api_error err = {0};
        FUZZ_CHECK(record, "out of memory");
        if (codec_decode(r->read, json, record, &err) == 0) {
            check_csv(r, record);
            check_json(&cli_export_json, r, record);
            check_json(&cli_export_ndjson, r, record);
            codec_free(r->type, record);
        }
        api_error_clear(&err);
        free(record);
    }
    cJSON_Delete(json);
    return 0;
}
