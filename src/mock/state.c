#include "mock/state.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/codec.h"
#include "api/model.h"
#include "mock/store.h"

#define REPORTS_KEY "reports"

struct save_ctx {
    const struct codec_schema *schema;
    cJSON *array;
};

static int add_record(void *ctx, const void *rec)
{
    struct save_ctx *c = ctx;
    cJSON *item = codec_encode(c->schema, rec);
    if (!item || !cJSON_AddItemToArray(c->array, item)) {
        cJSON_Delete(item);
        return -1;
    }
    return 0;
}

static cJSON *build(struct store *s)
{
    cJSON *doc = cJSON_CreateObject();
    for (int k = 0; doc && k <= SENDX_KIND_COUNT; k++) {
        bool reports = k == SENDX_KIND_COUNT;
        const struct model_resource *r = reports ? NULL : model_resource((enum sendx_kind)k);
        struct save_ctx ctx = {reports ? &model_report_schema : r->read, cJSON_CreateArray()};
        if (!ctx.array || !cJSON_AddItemToObject(doc, reports ? REPORTS_KEY : r->name, ctx.array)) {
            cJSON_Delete(ctx.array);
            cJSON_Delete(doc);
            return NULL;
        }
        int rc = reports ? store_each_report(s, add_record, &ctx)
                         : store_each(s, (enum sendx_kind)k, add_record, &ctx);
        if (rc != 0) {
            cJSON_Delete(doc);
            return NULL;
        }
    }
    return doc;
}

int state_save(struct store *s, const char *path, struct api_error *err)
{
    cJSON *doc = build(s);
    char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
    cJSON_Delete(doc);
    if (!text) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory saving the state");
        return -1;
    }
    size_t n = strlen(path) + 5;
    char *tmp = malloc(n);
    FILE *f = tmp ? (snprintf(tmp, n, "%s.tmp", path), fopen(tmp, "wb")) : NULL;
    bool ok = f && fputs(text, f) >= 0;
    ok = f && fclose(f) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        api_error_set(err, API_ERR_INVALID, 0, "cannot write %s: %s", path, strerror(errno));
        if (tmp)
            remove(tmp);
    }
    free(tmp);
    free(text);
    return ok ? 0 : -1;
}

static char *slurp(const char *path, bool *absent, struct api_error *err)
{
    FILE *f = fopen(path, "rb");
    *absent = !f && errno == ENOENT;
    if (!f) {
        if (!*absent)
            api_error_set(err, API_ERR_INVALID, 0, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size >= 0 && fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1))) {
        if (fread(text, 1, (size_t)size, f) == (size_t)size) {
            text[size] = '\0';
        } else {
            free(text);
            text = NULL;
        }
    }
    fclose(f);
    if (!text)
        api_error_set(err, API_ERR_INVALID, 0, "cannot read %s", path);
    return text;
}

/* Moves each decoded record into the store. */
static int load_array(struct store *s, int k, const cJSON *arr, struct api_error *err)
{
    bool reports = k == SENDX_KIND_COUNT;
    const struct codec_schema *schema =
        reports ? &model_report_schema : model_resource((enum sendx_kind)k)->read;
    struct sendx_objects objs = {0};
    size_t n_bad = 0;
    if (!arr)
        return 0;
    if (codec_decode_array(schema, arr, &objs, &n_bad, NULL, err) != 0)
        return -1;
    /* The file is the mock's own writing: a field that does not read back
     * means it was damaged, so the record is refused, not half loaded. */
    for (size_t i = 0; i < objs.len; i++)
        n_bad += codec_unreadable_count((char *)objs.items + i * schema->type->size) > 0;
    int rc = n_bad ? -1 : 0;
    if (n_bad)
        api_error_set(err, API_ERR_BODY, 0, "%zu unreadable records", n_bad);
    for (size_t i = 0; i < objs.len; i++) {
        void *rec = (char *)objs.items + i * schema->type->size;
        if (rc != 0)
            codec_free(schema->type, rec);
        else if ((reports ? store_insert_report(s, rec, err)
                          : store_insert(s, (enum sendx_kind)k, rec, err)) != STORE_OK)
            rc = -1;
    }
    free(objs.items);
    return rc;
}

int state_load(struct store *s, const char *path, struct api_error *err)
{
    bool absent = false;
    char *text = slurp(path, &absent, err);
    if (!text)
        return absent ? 0 : -1;
    cJSON *doc = cJSON_Parse(text);
    free(text);
    int rc = cJSON_IsObject(doc) ? 1 : -1;
    if (rc < 0)
        api_error_set(err, API_ERR_BODY, 0, "%s is not a state file", path);
    for (int k = 0; rc > 0 && k <= SENDX_KIND_COUNT; k++) {
        const char *key =
            k == SENDX_KIND_COUNT ? REPORTS_KEY : model_resource((enum sendx_kind)k)->name;
        if (load_array(s, k, cJSON_GetObjectItemCaseSensitive(doc, key), err) != 0)
            rc = -1;
    }
    cJSON_Delete(doc);
    if (rc < 0)
        api_error_prefix(err, "%s", path);
    return rc;
}
