/* JSON and JSON lines: each record an object under the API's own names,
 * built by the codec's encoder (cJSON escapes whatever the server sent),
 * one record to a line. JSON is one array streamed a record at a time,
 * so nothing waits for the whole list in memory. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/export_internal.h"

/* A member the client could not read goes as the server sent it, where
 * that text is whole; cut short (past CODEC_RAW_MAX) it goes as a
 * string, so that nothing the server sent vanishes without a trace. */
static int add_unreadable(cJSON *o, const struct model_resource *res, const void *record)
{
    for (unsigned m = 0; m < res->type->n_members; m++) {
        const char *raw = codec_unreadable_raw(record, m);
        const char *name = raw ? cli_export_member_name(res, m) : NULL;
        if (!name)
            continue;
        cJSON *item = cJSON_Parse(raw);
        if (!item)
            item = cJSON_CreateString(raw);
        if (!item || !cJSON_AddItemToObject(o, name, item)) {
            cJSON_Delete(item);
            return -1;
        }
    }
    return 0;
}

/* The record as one line of JSON: a heap string the caller frees, or
 * NULL if out of memory. */
static char *record_text(const struct model_resource *res, const void *record)
{
    cJSON *o = codec_encode(res->read, record);
    char *text = NULL;
    if (o && (codec_unreadable_count(record) == 0 || add_unreadable(o, res, record) == 0))
        text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return text;
}

static int put_record(struct export_writer *w, const void *record, const char *before,
                      const char *after, struct api_error *err)
{
    char *text = record_text(w->res, record);
    if (!text)
        return api_error_nomem(err);
    fputs(before, w->out);
    fputs(text, w->out);
    fputs(after, w->out);
    free(text);
    w->records++;
    return 0;
}

static int json_begin(struct export_writer *w, struct api_error *err)
{
    fputs("[\n", w->out);
    return 0;
}

/* The separator goes before every record but the first, so the array
 * closes right whenever the records end. */
static int json_record(struct export_writer *w, const void *record, struct api_error *err)
{
    return put_record(w, record, w->records ? ",\n" : "", "", err);
}

static int json_end(struct export_writer *w, struct api_error *err)
{
    fputs(w->records ? "\n]\n" : "]\n", w->out);
    return 0;
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
