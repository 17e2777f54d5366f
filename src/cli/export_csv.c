/* CSV as RFC 4180 has it: CRLF after every row, the header first, a
 * field in double quotes when it holds a comma, a quote, a CR, a LF or
 * another control character, its quotes doubled. Whatever the server sent is data: line breaks and
 * control characters are kept inside the quotes, nothing is escaped
 * otherwise. The columns are the resource's members (generic over the
 * model's tables, as record_json.c walks them), under the API's names. */
#include <string.h>

#include "cli/export_internal.h"

/* A string list's items in one field, between these. */
#define LIST_SEPARATOR ", "

const char *cli_export_member_name(const struct model_resource *res, unsigned m)
{
    for (size_t i = 0; i < res->read->n_fields; i++)
        if (res->read->fields[i].member == m)
            return res->read->fields[i].name;
    return NULL;
}

/* RFC 4180 asks quotes for a comma, a quote, CR and LF; any other
 * control character is quoted too, so that a reader that splits on
 * whitespace or a tab still sees it as inside one field. */
static bool needs_quotes(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p == ',' || *p == '"' || *p < 0x20 || *p == 0x7f)
            return true;
    return false;
}

/* The text with each quote doubled: the runs between quotes copied whole. */
static void put_doubled(struct export_text *out, const char *text)
{
    const char *q;
    while ((q = strchr(text, '"'))) {
        /* The quote goes with the run before it, then once more. */
        cli_export_text_put(out, text, (size_t)(q - text) + 1);
        cli_export_text_putc(out, '"');
        text = q + 1;
    }
    cli_export_text_puts(out, text);
}

void cli_export_csv_field(struct export_text *out, const char *text)
{
    if (!needs_quotes(text)) {
        cli_export_text_puts(out, text);
        return;
    }
    cli_export_text_putc(out, '"');
    put_doubled(out, text);
    cli_export_text_putc(out, '"');
}

static const char *named(const struct export_writer *w, const char *id)
{
    const char *name = w->refs ? names_get(&w->refs->names, id) : NULL;
    return name ? name : id;
}

/* The items (by name where one is known) in one field. Quoted as a whole
 * when any item needs it, or when there are two, for the separator's
 * comma; decided first so that nothing is built in memory. */
static void put_strings(const struct export_writer *w, const struct sendx_strv *v)
{
    bool quote = v->len > 1;
    for (size_t i = 0; i < v->len && !quote; i++)
        quote = needs_quotes(named(w, v->items[i]));
    if (quote)
        cli_export_text_putc(w->out, '"');
    for (size_t i = 0; i < v->len; i++) {
        if (i > 0)
            cli_export_text_puts(w->out, LIST_SEPARATOR);
        if (quote)
            put_doubled(w->out, named(w, v->items[i]));
        else
            cli_export_text_puts(w->out, named(w, v->items[i]));
    }
    if (quote)
        cli_export_text_putc(w->out, '"');
}

/* One member's field; empty when the record does not have it. A value
 * the client could not read goes as the JSON text the server sent. */
static void put_member(const struct export_writer *w, const void *record, unsigned m)
{
    const struct model_member *mm = &w->res->type->members[m];
    const void *p = (const char *)record + mm->offset;
    const char *raw = codec_unreadable_raw(record, m);
    if (raw) {
        cli_export_csv_field(w->out, raw);
        return;
    }
    if (!codec_is_set(record, m))
        return;
    switch (mm->type) {
    case CODEC_STRING:
        if (*(char *const *)p)
            cli_export_csv_field(w->out, *(char *const *)p);
        break;
    case CODEC_INT:
        cli_export_text_int(w->out, *(const int64_t *)p);
        break;
    case CODEC_BOOL:
        cli_export_text_puts(w->out, *(const bool *)p ? "true" : "false");
        break;
    case CODEC_STRINGS:
        put_strings(w, p);
        break;
    case CODEC_MAP:
    case CODEC_OBJECTS:
        break; /* never a column of their own (see is_column) */
    }
}

/* Whether the two spellings of a custom field's id name one field:
 * `custom_field_<22>` from the custom-field endpoint, `field_<22>` as a
 * contact's customFields keys (the spec has both). */
static const char *field_suffix(const char *id)
{
    static const char *const prefixes[] = {"custom_field_", "field_"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(id, prefixes[i], strlen(prefixes[i])) == 0)
            return id + strlen(prefixes[i]);
    return id;
}

static const char *field_value(const struct sendx_map *m, const struct export_field *f)
{
    const char *want = field_suffix(f->id);
    for (size_t i = 0; i < m->len; i++)
        if (strcmp(field_suffix(m->items[i].key), want) == 0)
            return m->items[i].value;
    return NULL;
}

/* A map of custom field values, one field per custom field. */
static void put_fields(const struct export_writer *w, const void *record, unsigned m, bool *first)
{
    const struct sendx_map *map =
        (const struct sendx_map *)((const char *)record + w->res->type->members[m].offset);
    for (size_t i = 0; w->refs && i < w->refs->n_fields; i++) {
        if (!*first)
            cli_export_text_putc(w->out, ',');
        *first = false;
        const char *v = codec_is_set(record, m) ? field_value(map, &w->refs->fields[i]) : NULL;
        if (v)
            cli_export_csv_field(w->out, v);
    }
}

/* A member a listed record carries, as one column (a map stands for the
 * custom fields, each a column; nested records are never listed). */
static bool is_column(const struct model_resource *res, unsigned m)
{
    enum codec_type t = res->type->members[m].type;
    return cli_export_member_name(res, m) && t != CODEC_MAP && t != CODEC_OBJECTS;
}

static bool is_fields(const struct model_resource *res, unsigned m)
{
    return cli_export_member_name(res, m) && res->type->members[m].type == CODEC_MAP;
}

static int csv_begin(struct export_writer *w, struct api_error *err)
{
    bool first = true;
    for (unsigned m = 0; m < w->res->type->n_members; m++) {
        for (size_t i = 0; is_fields(w->res, m) && w->refs && i < w->refs->n_fields; i++) {
            cli_export_text_puts(w->out, first ? "" : ",");
            cli_export_csv_field(w->out, w->refs->fields[i].name);
            first = false;
        }
        if (!is_column(w->res, m))
            continue;
        cli_export_text_puts(w->out, first ? "" : ",");
        cli_export_csv_field(w->out, cli_export_member_name(w->res, m));
        first = false;
    }
    cli_export_text_put(w->out, "\r\n", 2);
    return w->out->failed ? api_error_nomem(err) : 0;
}

static int csv_record(struct export_writer *w, const void *record, struct api_error *err)
{
    bool first = true;
    for (unsigned m = 0; m < w->res->type->n_members; m++) {
        if (is_fields(w->res, m))
            put_fields(w, record, m, &first);
        if (!is_column(w->res, m))
            continue;
        if (!first)
            cli_export_text_putc(w->out, ',');
        put_member(w, record, m);
        first = false;
    }
    cli_export_text_put(w->out, "\r\n", 2);
    if (w->out->failed)
        return api_error_nomem(err);
    w->records++;
    return 0;
}

const struct export_format cli_export_csv = {
    .name = "csv",
    .wants_refs = true,
    .begin = csv_begin,
    .record = csv_record,
};
