/* JSON and JSON lines: each record an object under the API's own names,
 * one record to a line. JSON is one array streamed a record at a time,
 * so nothing waits for the whole list in memory.
 *
 * The object is written straight from the record through the codec's
 * schema, in the bytes cJSON would print for codec_encode's tree (the
 * same members in the same order, the same escapes): building that tree
 * and printing it cost as much as fetching the page. Integers are
 * written exactly, where cJSON would print those past about 10^15 to 15
 * digits (2^53 + 1 as 9.00719925474099e+15). */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/export_internal.h"

/* The escapes cJSON prints: the short ones, then \u00XX for the other
 * control characters; everything else, UTF-8 included, as it is. */
static const char *short_escape(unsigned char c)
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        return NULL;
    }
}

static void put_escape(struct export_text *t, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    const char *e = short_escape(c);
    if (e) {
        cli_export_text_put(t, e, 2);
        return;
    }
    char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    cli_export_text_put(t, u, sizeof u);
}

/* Whether a byte of w is one JSON escapes (a control character, a quote,
 * a backslash): the usual test for a zero byte, eight bytes at a time;
 * UTF-8's high bytes never count. */
static bool word_needs_escape(uint64_t w)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones << 7;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
    uint64_t below_space = (w - ones * 0x20) & ~w;
    uint64_t is_quote = (quote - ones) & ~quote;
    uint64_t is_backslash = (backslash - ones) & ~backslash;
    return ((below_space | is_quote | is_backslash) & highs) != 0;
}

/* A string in quotes; the runs that need no escape copied whole, found a
 * word at a time (most text needs none: this is most of the export's
 * own work). NULL as cJSON prints a string without text: "". */
static void put_string(struct export_text *t, const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s), run = 0, i = 0;
    cli_export_text_putc(t, '"');
    while (i < n) {
        uint64_t w;
        if (n - i >= sizeof w) {
            memcpy(&w, s + i, sizeof w);
            if (!word_needs_escape(w)) {
                i += sizeof w;
                continue;
            }
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\') {
            cli_export_text_put(t, s + run, i - run);
            put_escape(t, c);
            run = i + 1;
        }
        i++;
    }
    cli_export_text_put(t, s + run, n - run);
    cli_export_text_putc(t, '"');
}

static void put_name(struct export_text *t, const char *name, bool *first)
{
    if (!*first)
        cli_export_text_putc(t, ',');
    *first = false;
    put_string(t, name);
    cli_export_text_putc(t, ':');
}

/* A schema's name for a field: the API's own, letters and digits only
 * (test_export checks every one), so it goes as it is. */
static void put_field_name(struct export_text *t, const char *name, bool *first)
{
    if (!*first)
        cli_export_text_putc(t, ',');
    *first = false;
    cli_export_text_putc(t, '"');
    cli_export_text_puts(t, name);
    cli_export_text_put(t, "\":", 2);
}

static void put_strings(struct export_text *t, const struct sendx_strv *v)
{
    cli_export_text_putc(t, '[');
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            cli_export_text_putc(t, ',');
        put_string(t, v->items[i]);
    }
    cli_export_text_putc(t, ']');
}

static void put_map(struct export_text *t, const struct sendx_map *m)
{
    bool first = true;
    cli_export_text_putc(t, '{');
    for (size_t i = 0; i < m->len; i++) {
        put_name(t, m->items[i].key, &first);
        put_string(t, m->items[i].value);
    }
    cli_export_text_putc(t, '}');
}

static void put_members(struct export_text *t, const struct codec_schema *s, const void *record,
                        bool *first);

static void put_object(struct export_text *t, const struct codec_schema *s, const void *record)
{
    bool first = true;
    cli_export_text_putc(t, '{');
    put_members(t, s, record, &first);
    cli_export_text_putc(t, '}');
}

static void put_objects(struct export_text *t, const struct codec_field *f,
                        const struct sendx_objects *objs)
{
    size_t size = f->sub->type->size;
    if (f->flags & CODEC_ONE_OBJECT) {
        if (objs->len)
            put_object(t, f->sub, objs->items);
        else
            cli_export_text_put(t, "null", 4);
        return;
    }
    cli_export_text_putc(t, '[');
    for (size_t i = 0; i < objs->len; i++) {
        if (i)
            cli_export_text_putc(t, ',');
        put_object(t, f->sub, (const char *)objs->items + i * size);
    }
    cli_export_text_putc(t, ']');
}

/* One field's value, as codec_encode makes it (a set string left NULL is
 * null there). */
static void put_value(struct export_text *t, const struct codec_schema *s,
                      const struct codec_field *f, const void *record)
{
    const struct model_member *m = &s->type->members[f->member];
    const void *p = (const char *)record + m->offset;
    switch (m->type) {
    case CODEC_STRING:
        if (*(char *const *)p)
            put_string(t, *(char *const *)p);
        else
            cli_export_text_put(t, "null", 4);
        break;
    case CODEC_INT:
        cli_export_text_int(t, *(const int64_t *)p);
        break;
    case CODEC_BOOL:
        cli_export_text_puts(t, *(const bool *)p ? "true" : "false");
        break;
    case CODEC_STRINGS:
        put_strings(t, p);
        break;
    case CODEC_MAP:
        put_map(t, p);
        break;
    case CODEC_OBJECTS:
        put_objects(t, f, p);
        break;
    }
}

/* The fields whose bit is set, in the schema's order. */
static void put_members(struct export_text *t, const struct codec_schema *s, const void *record,
                        bool *first)
{
    /* The record's set bits, read once (codec.h: its first word). */
    uint64_t set = ((const struct codec_record_head *)record)->set;
    for (size_t i = 0; i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        if (!(set >> f->member & 1))
            continue;
        put_field_name(t, f->name, first);
        put_value(t, s, f, record);
    }
}

/* A member the client could not read goes as the server sent it, where
 * that text is whole (read and printed by cJSON, as the value would have
 * been); cut short (past CODEC_RAW_MAX) it goes as a string, so that
 * nothing the server sent vanishes without a trace. Rare: cJSON's cost
 * is paid only here. */
static int put_unreadable(struct export_text *t, const struct model_resource *res,
                          const void *record, bool *first)
{
    for (unsigned m = 0; m < res->type->n_members; m++) {
        const char *raw = codec_unreadable_raw(record, m);
        const char *name = raw ? cli_export_member_name(res, m) : NULL;
        if (!name)
            continue;
        put_name(t, name, first);
        cJSON *item = cJSON_Parse(raw);
        char *text = item ? cJSON_PrintUnformatted(item) : NULL;
        cJSON_Delete(item);
        if (item && !text)
            return -1;
        if (text)
            cli_export_text_puts(t, text);
        else
            put_string(t, raw);
        free(text);
    }
    return 0;
}

static int put_record(struct export_writer *w, const void *record, const char *before,
                      const char *after, struct api_error *err)
{
    struct export_text *t = w->out;
    bool first = true;
    cli_export_text_puts(t, before);
    cli_export_text_putc(t, '{');
    put_members(t, w->res->read, record, &first);
    if (codec_unreadable_count(record) && put_unreadable(t, w->res, record, &first) != 0)
        return api_error_nomem(err);
    cli_export_text_putc(t, '}');
    cli_export_text_puts(t, after);
    if (t->failed)
        return api_error_nomem(err);
    w->records++;
    return 0;
}

static int json_begin(struct export_writer *w, struct api_error *err)
{
    cli_export_text_put(w->out, "[\n", 2);
    return w->out->failed ? api_error_nomem(err) : 0;
}

/* The separator goes before every record but the first, so the array
 * closes right whenever the records end. */
static int json_record(struct export_writer *w, const void *record, struct api_error *err)
{
    return put_record(w, record, w->records ? ",\n" : "", "", err);
}

static int json_end(struct export_writer *w, struct api_error *err)
{
    cli_export_text_puts(w->out, w->records ? "\n]\n" : "]\n");
    return w->out->failed ? api_error_nomem(err) : 0;
}

static int ndjson_record(struct export_writer *w, const void *record, struct api_error *err)
{
    return put_record(w, record, "", "\n", err);
}

const struct export_format cli_export_json = {
    .name = "json",
    .begin = json_begin,
    .record = json_record,
    .end = json_end,
};

const struct export_format cli_export_ndjson = {
    .name = "ndjson",
    .record = ndjson_record,
};

const struct export_format *const cli_export_formats[] = {&cli_export_csv, &cli_export_json,
                                                          &cli_export_ndjson, NULL};

const struct export_format *cli_export_format_find(const char *name)
{
    for (size_t i = 0; cli_export_formats[i]; i++)
        if (strcmp(cli_export_formats[i]->name, name) == 0)
            return cli_export_formats[i];
    return NULL;
}
