/* fuzz_seeds DIR (tests/fuzz): writes the generated seeds of the fuzz
 * targets into DIR/corpus/<target>/: every example of the spec (records,
 * pages, error bodies, and as requests to the mock), the shipped
 * configuration and themes, and the hostile cases (escapes and controls,
 * bidi, invalid UTF-8, joiners, 64 KB strings, 10,000 tags, numbers past
 * 64 bits); and a libFuzzer dictionary per target into DIR/dict/, of the
 * names the code knows (JSON fields, options, actions, slots, paths).
 * Its files are committed; run it again when the spec, the names or the
 * hostile cases change (docs/fuzzing.md). Not a test: never run by ctest. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api_error.h"
#include "api/model.h"
#include "app/action.h"
#include "app/keymap.h"
#include "app/keys.h"
#include "app/settings.h"
#include "config/theme_file.h"
#include "fuzz.h"
#include "mock/seed.h"
#include "mock/store.h"
#include "spec.h"
#include "ui/theme.h"

#define LONG_TEXT (64 * 1024)
#define MANY_TAGS 10000

static const char *out_dir;  /* DIR/corpus */
static const char *dict_dir; /* DIR/dict */

static void die(const char *what)
{
    fprintf(stderr, "fuzz_seeds: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void put(const char *target, const char *name, const char *data, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", out_dir, target);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        die(path);
    snprintf(path, sizeof path, "%s/%s/%s", out_dir, target, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die(path);
}

static void put_text(const char *target, const char *name, const char *text)
{
    put(target, name, text, strlen(text));
}

/* cJSON's unformatted text of json, into both JSON targets when it is an
 * object (the export takes only objects); json is deleted. */
static void put_json(const char *name, cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    if (!text)
        die(name);
    put_text("decode", name, text);
    if (cJSON_IsObject(json))
        put_text("export", name, text);
    cJSON_free(text);
    cJSON_Delete(json);
}

/* The file's contents as a heap string. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die(path);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    int c;
    while (out && (c = fgetc(f)) != EOF)
        fputc(c, out);
    if (!out || fclose(out) != 0)
        die(path);
    fclose(f);
    return text;
}

/* A file name from a spec location: letters, digits, '.', '-', '_'. */
static void file_name(const char *prefix, const char *where, const char *ext, char *out,
                      size_t size)
{
    const char *skip = "paths.";
    if (strncmp(where, skip, strlen(skip)) == 0)
        where += strlen(skip);
    size_t n = (size_t)snprintf(out, size, "%s", prefix);
    for (const char *p = where; *p && n + 8 < size; p++) {
        if (strncmp(p, ".content.application/json", 25) == 0) {
            p += 24;
            continue;
        }
        bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
        out[n++] = plain ? *p : '-';
    }
    snprintf(out + n, size - n, "%s", ext);
}

/* ---- the hostile texts ---- */

static const struct {
    const char *name;
    const char *text;
} hostile[] = {
    {"esc", "before\x1b"
            "after"},
    {"csi-clear", "\x1b[2J\x1b[H\x1b[31mred\x1b[0m"},
    {"osc-title", "\x1b]0;pwned title\x07rest"},
    {"osc-title-st", "\x1b]2;pwned\x1b\\rest"},
    {"osc52-clipboard", "\x1b]52;c;ZWNobyBwd25lZA==\x07"},
    {"osc8-hyperlink", "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"},
    {"cursor-position-query", "\x1b[6n\x1b[c\x1b[>c"},
    {"c1-raw-bytes", "a\x9b"
                     "31mb\x9d"
                     "0;t\x9c"
                     "c\x85"
                     "d"},
    {"c1-utf8", "a\xc2\x9b"
                "31mb\xc2\x9d"
                "0;t\xc2\x9c"
                "c\xc2\x85"
                "d"},
    {"cr-lf-tab-bs", "one\rtwo\nthree\tfour\bfive\x7f"
                     "six\x00"},
    {"bidi-overrides", "abc\xe2\x80\xae"
                       "fed\xe2\x80\xac\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8f\xd8\x9c"},
    {"invalid-utf8", "\xff\xfe\xc0\xaf\xe0\x80\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82\xf8\x88\x80"
                     "\x80\x80"},
    {"zero-width", "a\xe2\x80\x8b"
                   "b\xe2\x80\x8c"
                   "c\xef\xbb\xbf"
                   "d\xcc\x81"},
    {"zwj-sequence", "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb \xf0\x9f\x91\xa8\xe2\x80\x8d"
                     "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"},
    {"vs16", "\xe2\x98\x80\xef\xb8\x8f sun #\xef\xb8\x8f\xe2\x83\xa3 \xef\xb8\x8f"
             "alone"},
    {"wide-cjk", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3"
                 "\x83\x88 \xed\x95\x9c\xea\xb5\xad\xec\x96\xb4"},
    {"combining", "Z\xcd\x91\xcd\x8a\xcd\x92\xcc\x81\xcc\x82\xcc\x83\xcc\x84"
                  "a\xcc\x8a\xcc\x8b"},
};

/* A 64 KiB text: every hostile case again and again, then letters. */
static char *long_text(void)
{
    char *s = malloc(LONG_TEXT + 1);
    size_t n = 0;
    if (!s)
        die("long text");
    for (size_t i = 0; n + 64 < LONG_TEXT; i = (i + 1) % (sizeof hostile / sizeof hostile[0])) {
        size_t len = strlen(hostile[i].text);
        if (n + len >= LONG_TEXT)
            break;
        memcpy(s + n, hostile[i].text, len);
        n += len;
    }
    for (; n < LONG_TEXT; n++)
        s[n] = (char)('a' + n % 26);
    s[n] = '\0';
    return s;
}

static void text_seeds(void)
{
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "hostile-%s", hostile[i].name);
        put("text", name, hostile[i].text, strlen(hostile[i].text));
    }
    put("text", "hostile-cr-lf-tab-bs-nul", "one\r\ntwo\0three", 14);
    char *s = long_text();
    put_text("text", "hostile-long-64k", s);
    free(s);
}

/* ---- JSON: the spec's examples and hostile records ---- */

/* A record of schema s with every field set to something hostile for
 * its type: text with escapes, numbers past 64 bits, wrong types. */
static cJSON *hostile_record(const struct codec_schema *s, int variant)
{
    static const char *const numbers[] = {
        "18446744073709551616",
        "-9223372036854775809",
        "9223372036854775807",
        "1e400",
        "-0.0",
        "4.5",
        "9007199254740993",
        "1e15",
        "123456789012345678901234567890",
    };
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < s->n_fields; i++) {
        const struct codec_field *f = &s->fields[i];
        const struct model_member *m = &s->type->members[f->member];
        cJSON *v = NULL;
        const char *text =
            hostile[(i + (size_t)variant) % (sizeof hostile / sizeof hostile[0])].text;
        if (f->flags & CODEC_IDENTITY)
            v = cJSON_CreateString("contact_fuzz0000000000000000001");
        else if (m->type == CODEC_STRING)
            v = cJSON_CreateString(text);
        else if (m->type == CODEC_INT)
            v = cJSON_CreateRaw(
                numbers[(i + (size_t)variant) % (sizeof numbers / sizeof *numbers)]);
        else if (m->type == CODEC_BOOL)
            v = variant ? cJSON_CreateString("true") : cJSON_CreateTrue();
        else if (m->type == CODEC_STRINGS) {
            const char *items[] = {"list_fuzz", "tag_fuzz", text, "list_plain"};
            v = cJSON_CreateStringArray(items, 4);
        } else if (m->type == CODEC_MAP) {
            v = cJSON_CreateObject();
            cJSON_AddStringToObject(v, "field_fuzz0000000000000000001", text);
            cJSON_AddStringToObject(v, "custom_field_fuzz0000000000000000002", "two, \"quoted\"");
            cJSON_AddNumberToObject(v, "field_number", 12.5);
        } else if (f->sub) {
            cJSON *item = hostile_record(f->sub, variant + 1);
            v = (f->flags & CODEC_ONE_OBJECT) ? item : cJSON_CreateArray();
            if (v != item)
                cJSON_AddItemToArray(v, item);
        }
        if (v)
            cJSON_AddItemToObject(o, f->name, v);
    }
    return o;
}

static void json_hostile_seeds(void)
{
    char name[256];
    for (size_t i = 0; i < model_n_schemas; i++) {
        snprintf(name, sizeof name, "hostile-%s.json", model_schemas[i]->name);
        put_json(name, hostile_record(model_schemas[i], 0));
        snprintf(name, sizeof name, "hostile-%s-2.json", model_schemas[i]->name);
        put_json(name, hostile_record(model_schemas[i], 3));
    }
    cJSON *contact = cJSON_CreateObject();
    cJSON_AddStringToObject(contact, "id", "contact_fuzz0000000000000000001");
    cJSON_AddStringToObject(contact, "email", "many@tags.example");
    cJSON *tags = cJSON_AddArrayToObject(contact, "tags");
    for (int i = 0; i < MANY_TAGS; i++) {
        snprintf(name, sizeof name, "t%d", i);
        cJSON_AddItemToArray(tags, cJSON_CreateString(name));
    }
    put_json("hostile-contact-10000-tags.json", contact);
    char *s = long_text();
    contact = cJSON_CreateObject();
    cJSON_AddStringToObject(contact, "id", "contact_fuzz0000000000000000001");
    cJSON_AddStringToObject(contact, "firstName", s);
    put_json("hostile-contact-64k-name.json", contact);
    free(s);
    /* A page of every kind of bad item between good ones. */
    put_text("decode", "hostile-page-mixed.json",
             "[{\"id\":\"contact_a\"},1,null,\"x\",[],{\"id\":\"bad id\"},{\"email\":\"no@id\"},"
             "{\"id\":\"contact_a\"},{\"id\":7},{\"id\":\"contact_b\",\"tags\":[1,\"t\"]},"
             "{\"id\":\"list_a\",\"name\":{\"x\":1}},{\"id\":\"contact_c\",\"customFields\":[]}]");
    put_text("decode", "hostile-error-escapes.json",
             "{\"status\":\"error\",\"message\":\"\\u001b]52;c;cHduZWQ=\\u0007\\u009b2J\\u202e\"}");
    char deep[4200];
    memset(deep, '[', 2100);
    memset(deep + 2100, ']', 2100);
    put("decode", "hostile-nested-2100.json", deep, 4200);
}

static void json_spec_seeds(const struct spec_examples *ex)
{
    for (size_t i = 0; i < ex->len; i++) {
        char name[512];
        file_name("spec-", ex->items[i].where, ".json", name, sizeof name);
        put_json(name, cJSON_Duplicate(ex->items[i].value, true));
    }
}

/* ---- the mock: the spec's operations as requests ---- */

/* The first id of the resource whose path begins templ, from the seeded
 * store, or "contact_none0000000000000000" when none matches. */
static const char *an_id(struct store *s, const char *templ, char buf[160])
{
    snprintf(buf, 160, "contact_none0000000000000000");
    size_t best = 0;
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        size_t n = strlen(r->path);
        if (templ[0] != '/' || strncmp(templ + 1, r->path, n) != 0 || templ[n + 1] != '/' ||
            n < best)
            continue;
        struct sendx_objects page = {0};
        struct store_query q = {.limit = 1, .campaign_status = -1};
        struct api_error err = {0};
        if (store_list(s, r->kind, &q, &page, &err) == STORE_OK && page.len) {
            const char *id =
                *(char *const *)((const char *)page.items + r->type->members[r->id_member].offset);
            snprintf(buf, 160, "%s", id);
            best = n;
        }
        codec_objects_free(r->type, &page);
        api_error_clear(&err);
    }
    if (strncmp(templ, "/report/campaign/", 17) == 0) {
        struct sendx_objects page = {0};
        struct store_query q = {.limit = 1, .campaign_status = -1};
        struct api_error err = {0};
        if (store_list(s, SENDX_KIND_CAMPAIGN, &q, &page, &err) == STORE_OK && page.len)
            snprintf(buf, 160, "%s", ((struct sendx_campaign *)page.items)->id);
        codec_objects_free(&model_campaign_type, &page);
        api_error_clear(&err);
    }
    return buf;
}

/* "METHOD PATH[?QUERY]\nBODY" with {identifier} made a seeded id. */
static void put_request(const char *name, const char *method, const char *templ, const char *query,
                        const char *body, struct store *s)
{
    char id[160], path[512], *text = NULL;
    size_t len = 0;
    const char *slot = strchr(templ, '{');
    const char *after = slot ? strchr(slot, '}') : NULL;
    if (slot && after)
        snprintf(path, sizeof path, "%.*s%s%s", (int)(slot - templ), templ, an_id(s, templ, id),
                 after + 1);
    else
        snprintf(path, sizeof path, "%s", templ);
    FILE *out = open_memstream(&text, &len);
    if (!out)
        die(name);
    fprintf(out, "%s %s%s%s\n%s", method, path, query ? "?" : "", query ? query : "",
            body ? body : "");
    if (fclose(out) != 0)
        die(name);
    put("mock", name, text, len);
    free(text);
}

static void upper(const char *in, char out[16])
{
    size_t i = 0;
    for (; in[i] && i < 15; i++)
        out[i] = (char)(in[i] >= 'a' && in[i] <= 'z' ? in[i] - 32 : in[i]);
    out[i] = '\0';
}

/* Each operation of the spec once, with the first request example its
 * path has for that method, and each request example on its own. */
static void mock_spec_seeds(const cJSON *doc, const struct spec_examples *ex, struct store *s)
{
    const cJSON *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths"), *path, *op;
    cJSON_ArrayForEach(path, paths)
    {
        cJSON_ArrayForEach(op, path)
        {
            char method[16], name[512], where[512];
            upper(op->string, method);
            snprintf(where, sizeof where, "%s.%s", path->string, op->string);
            file_name("spec-", where, "", name, sizeof name);
            const char *query = strcmp(method, "GET") == 0 && !strchr(path->string, '{')
                                    ? "offset=1&limit=3&search=an"
                                    : NULL;
            put_request(name, method, path->string, query, "", s);
        }
    }
    for (size_t i = 0; i < ex->len; i++) {
        const char *w = ex->items[i].where, *req = strstr(w, ".requestBody");
        const char *dot = req ? req - 1 : NULL;
        while (dot && dot > w && *dot != '.')
            dot--;
        if (!req || strncmp(w, "paths.", 6) != 0 || dot <= w + 6)
            continue;
        char templ[256], method[16], lower[16], name[512];
        snprintf(templ, sizeof templ, "%.*s", (int)(dot - w - 6), w + 6);
        snprintf(lower, sizeof lower, "%.*s", (int)(req - dot - 1), dot + 1);
        upper(lower, method);
        file_name("spec-", w, "", name, sizeof name);
        char *body = cJSON_PrintUnformatted(ex->items[i].value);
        put_request(name, method, templ, NULL, body, s);
        cJSON_free(body);
    }
}

static void mock_hostile_seeds(struct store *s)
{
    put_request("hostile-search-escapes", "GET", "/contact",
                "search=\x1b]0;x\x07\xe2\x80\xae\xff&limit=99999999999999999999999&offset=-1", NULL,
                s);
    put_request("hostile-campaign-type", "GET", "/campaign", "campaignType=\x1b[6n&limit=0", NULL,
                s);
    put_request("hostile-id-bidi", "GET", "/contact/contact_\xe2\x80\xae\x1b[2J", NULL, NULL, s);
    put_request("hostile-prefix-path", "GET", "/api/v1/rest/tag/{identifier}", NULL, NULL, s);
    put_request("hostile-not-json", "POST", "/contact", NULL, "{\"email\": \"a@b.c\",", s);
    put_request("hostile-create-then-read", "POST", "/tag", NULL,
                "{\"name\":\"\\u001b]8;;x\\u001b\\\\t\"}\n%%\nGET /tag/{id}\n\n%%\nPUT /tag/{id}\n"
                "{\"name\":\"renamed\"}\n%%\nDELETE /tag/{id}\n\n%%\nGET /tag/{id}\n",
                s);
    put_request("hostile-numbers", "POST", "/contact", NULL,
                "{\"email\":\"n@x.example\",\"lastTrackedIp\":\"1.2.3.4\","
                "\"customFields\":{\"field_x\":1e400},\"unsubscribed\":18446744073709551616}",
                s);
    char *s64 = long_text();
    cJSON *json = cJSON_CreateObject();
    cJSON_AddStringToObject(json, "email", "long@name.example");
    cJSON_AddStringToObject(json, "firstName", s64);
    char *text = cJSON_PrintUnformatted(json);
    put_request("hostile-contact-64k-name", "POST", "/contact", NULL, text, s);
    cJSON_free(text);
    cJSON_Delete(json);
    json = cJSON_CreateObject();
    cJSON_AddStringToObject(json, "email", "many@tags.example");
    cJSON *tags = cJSON_AddArrayToObject(json, "tags");
    for (int i = 0; i < MANY_TAGS; i++) {
        char tag[16];
        snprintf(tag, sizeof tag, "t%d", i);
        cJSON_AddItemToArray(tags, cJSON_CreateString(tag));
    }
    text = cJSON_PrintUnformatted(json);
    put_request("hostile-contact-10000-tags", "POST", "/contact", NULL, text, s);
    cJSON_free(text);
    cJSON_Delete(json);
    free(s64);
}

/* ---- the configuration, key notation and themes ---- */

static void config_seeds(void)
{
    char *text = slurp(FUZZ_SOURCE_DIR "/docs/config.example.yaml");
    put_text("config", "shipped-config.example.yaml", text);
    free(text);
    put_text("config", "hostile-escapes.yaml",
             "default_profile: \"\\e]0;x\\a\"\ntheme: \"\\x9b31m\\u202e\"\nprofiles:\n"
             "  \"\\e[2J\":\n    base_url: \"http://127.0.0.1/\\e[6n\"\n"
             "    api_key_cmd: [\"\\e]52;c;eA==\\a\", \"\\u200d\"]\n"
             "    ca_file: \"\\x85\\u2028x\\u2029\\ufeff\"\n    theme: \"\\u009b\"\n"
             "    start_pane: \"contacts\\e\"\n  ok:\n    base_url: https://a.example/\n"
             "keys:\n  global:\n    row.down: [\"\\e\", \"<c-\\e>\", \"\\t\"]\n"
             "  \"\\e[31m\":\n    row.up: [k]\n  table:\n    \"\\u202e\": [x]\n");
    put_text("config", "hostile-numbers.yaml",
             "profiles:\n  a:\n    page_size: 99999999999999999999999\n  b:\n"
             "    page_size: -9223372036854775809\n  c:\n    page_size: 1e400\n  d:\n"
             "    page_size: 0x10\n  e:\n    page_size: 1000\n    readonly: yes\n");
    put_text("config", "hostile-yaml.yaml",
             "a: &x [1, 2]\nb: *x\nprofiles:\n  p: {base_url: \"https://x.example\"}\n  p: {}\n"
             "keys: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
             "\ttab: 1\n--- \nsecond: doc\n");
    char *s64 = long_text(), *yaml = malloc(2 * LONG_TEXT);
    size_t n = (size_t)snprintf(yaml, 2 * LONG_TEXT, "profiles:\n  long:\n    base_url: \"");
    for (const char *p = s64; *p && n + 8 < 2 * LONG_TEXT; p++)
        n += (size_t)snprintf(yaml + n, 2 * LONG_TEXT - n,
                              (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f ? "\\x%02x"
                                                                                    : "%c",
                              (unsigned char)*p);
    snprintf(yaml + n, 2 * LONG_TEXT - n, "\"\n");
    put_text("config", "hostile-long-64k.yaml", yaml);
    free(yaml);
    free(s64);
    FILE *out;
    char *big = NULL;
    size_t len = 0;
    if (!(out = open_memstream(&big, &len)))
        die("config");
    fputs("profiles:\n  many:\n    api_key_cmd: [", out);
    for (int i = 0; i < MANY_TAGS; i++)
        fprintf(out, "%sa%d", i ? ", " : "", i);
    fputs("]\nkeys:\n  global:\n    row.down: [j, <down>, <c-n>, <a-c-x>, <s-tab>, <f12>, <lt>, "
          "\"\\u00e9\", <a-\\u00e9>, <c-space>]\n",
          out);
    if (fclose(out) != 0)
        die("config");
    put_text("config", "hostile-10000-items.yaml", big);
    free(big);
}

static void keys_seeds(void)
{
    put_text("keys", "notation-all",
             "j\nG\n?\n<enter>\n<esc>\n<tab>\n<s-tab>\n<space>\n<up>\n<down>\n<left>\n<right>\n"
             "<home>\n<end>\n<pgup>\n<pgdown>\n<insert>\n<delete>\n<backspace>\n<f1>\n<f12>\n"
             "<c-a>\n<c-d>\n<c-space>\n<c-@>\n<a-x>\n<a-c-x>\n<c-a-x>\n<a-<>\n<lt>\n<gt>\n<a-lt>\n"
             "\xc3\xa9\n<a-\xc3\xa9>\n\xe6\x97\xa5\n\xf0\x9f\x98\x80\n<a-s-tab>\n<a-enter>\n");
    put_text("keys", "hostile-notation",
             "\x1b\n<c-\x1b>\n<\x1b>\n<a-\x9b>\n\xc2\x9b\n\xe2\x80\xae\n<a-\xe2\x80\xae>\n"
             "\xed\xa0\x80\n<a-\xed\xa0\x80>\n\xf8\x88\x80\x80\n\xe0\x82\xa0\n\xc0\xaf\n"
             "\xf4\x90\x80\x80\n<a-a-x>\n<c-c-x>\n<>\n<<>\n<c->\n<a->\n<c-A>\n<c-1>\n<f13>\n"
             "<f0>\n<ENTER>\n<\xe2\x80\x8d>\n\xef\xb8\x8f\n");
}

static void theme_seeds(void)
{
    static const char *const shipped[] = {"default", "light", "gruvbox", "high-contrast", "mono"};
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++) {
        char path[512], name[128];
        snprintf(path, sizeof path, "%s/themes/%s.yaml", FUZZ_SOURCE_DIR, shipped[i]);
        snprintf(name, sizeof name, "shipped-%s.yaml", shipped[i]);
        char *text = slurp(path);
        put_text("theme", name, text);
        free(text);
    }
    put_text("theme", "hostile-escapes.yaml",
             "name: evil\nparent: default\nbackground: \"\\e]0;x\\a\"\nslots:\n"
             "  header: {fg: \"\\e[2J\", bg: \"#zzzzzz\", attrs: [bold, \"\\u202e\"]}\n"
             "  \"\\e[31m\": {fg: red}\n  status.error: {fg: 99999999999999999999, bg: -1, "
             "\"\\x9b\": 1}\n");
    put_text("theme", "hostile-cycle.yaml", "name: cyc\nparent: cyc\n");
    put_text("theme", "hostile-parent-chain.yaml",
             "name: gruvbox\nparent: light\nslots:\n  header: {fg: \"#FFFFFF\", bg: 16}\n");
    put_text("theme", "hostile-yaml.yaml",
             "name: y\nslots: &s\n  header: *s\nslots: {}\n"
             "x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
    put_text("theme", "hostile-colours.yaml",
             "name: colours\nbackground: light\nslots:\n  header: {fg: \"#fff\", bg: 256}\n"
             "  table.selection: {fg: \"#\", bg: 1e400, attrs: bold}\n"
             "  status.error: {fg: \"\", bg: default, attrs: [bold, bold, italic, dim, reverse,"
             " underline, blink]}\n");
}

/* ---- dictionaries ---- */

/* A dictionary entry: the text in quotes, escaped as libFuzzer reads it. */
static void entry(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\' || *p < 0x20 || *p >= 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputs("\"\n", out);
}

static FILE *dict_open(const char *target)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.dict", dict_dir, target);
    FILE *out = fopen(path, "w");
    if (!out)
        die(path);
    fprintf(out, "# libFuzzer dictionary of fuzz_%s, written by fuzz_seeds.\n", target);
    return out;
}

static void dict_close(FILE *out, const char *target)
{
    if (fclose(out) != 0)
        die(target);
}

static void entries(FILE *out, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        entry(out, words[i]);
}

static const char *const hostile_tokens[] = {
    "\x1b",
    "\x1b[",
    "\x1b]",
    "\x1b]0;",
    "\x1b]52;c;",
    "\x1b]8;;",
    "\x1b\\",
    "\x07",
    "\x1b[6n",
    "\xc2\x9b",
    "\x9b",
    "\r",
    "\n",
    "\t",
    "\b",
    "\x7f",
    "\xe2\x80\xae",
    "\xe2\x81\xa6",
    "\xe2\x80\x8b",
    "\xe2\x80\x8d",
    "\xef\xb8\x8f",
    "\xef\xbb\xbf",
    "\xcc\x81",
    "\xe6\x97\xa5",
    "\xf0\x9f\x91\xa9",
    "\xed\xa0\x80",
    "\xc0\xaf",
    "\xf4\x90\x80\x80",
    "\xe2\x80\xa6",
    NULL,
};

/* Every JSON name the codec knows, JSON's own tokens, and numbers at
 * the edges of what an int64 and a double hold. */
static void json_entries(FILE *out)
{
    static const char *const tokens[] = {
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"\"",
        "null",
        "true",
        "false",
        "\\u0000",
        "\\u001b",
        "\\u009b",
        "\\u202e",
        "\\ud800",
        "\\udc00",
        "\\\"",
        "\\\\",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "9007199254740993",
        "1e15",
        "1e400",
        "-0",
        "0.5",
        "1e-400",
        "contact_",
        "list_",
        "tag_",
        "campaign_",
        "template_",
        "sender_",
        "custom_field_",
        "field_",
        "webhook_",
        "member_",
        "list_fuzz",
        "tag_fuzz",
        "list_plain",
        "fuzz0000000000000000001",
        "fuzz0000000000000000002",
        NULL,
    };
    entries(out, tokens);
    for (size_t i = 0; i < model_n_schemas; i++)
        for (size_t f = 0; f < model_schemas[i]->n_fields; f++) {
            char quoted[128];
            snprintf(quoted, sizeof quoted, "\"%s\":", model_schemas[i]->fields[f].name);
            entry(out, quoted);
        }
}

static void write_dicts(struct store *s)
{
    FILE *out = dict_open("decode");
    json_entries(out);
    entries(out, hostile_tokens);
    dict_close(out, "decode");

    out = dict_open("export");
    json_entries(out);
    entries(out, hostile_tokens);
    dict_close(out, "export");

    out = dict_open("text");
    entries(out, hostile_tokens);
    dict_close(out, "text");

    out = dict_open("mock");
    static const char *const requests[] = {
        "GET ",
        "POST ",
        "PUT ",
        "DELETE ",
        "PATCH ",
        "/api/v1/rest",
        "/contact/identify",
        "/contact/track",
        "/contact/unsubscribe/",
        "/send/email",
        "/send/template",
        "/report/campaign/",
        "?offset=",
        "&limit=",
        "&search=",
        "campaignType=",
        "draft",
        "scheduled",
        "sent",
        "all",
        "{id}",
        "\n%%\n",
        "\n",
        NULL,
    };
    entries(out, requests);
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        char path[160], id[160];
        snprintf(path, sizeof path, "/%s", r->path);
        entry(out, path);
        snprintf(path, sizeof path, "/%s/x", r->path);
        entry(out, an_id(s, path, id));
    }
    json_entries(out);
    dict_close(out, "mock");

    out = dict_open("keys");
    for (int i = 0; i < KEYS_SPECIAL_END - KEYS_SPECIAL_BASE; i++) {
        char buf[24];
        entry(out, keys_format(KEYS_SPECIAL_BASE + i, buf, sizeof buf));
    }
    static const char *const keys[] = {
        "<",   ">",   "<c-",       "<a-",   "<a-c-", "c-", "a-", "s-", "enter",
        "tab", "esc", "backspace", "space", "lt",    "gt", "\n", NULL,
    };
    entries(out, keys);
    entries(out, hostile_tokens);
    dict_close(out, "keys");

    struct config_vocab vocab;
    settings_vocab(&vocab);
    out = dict_open("config");
    static const char *const options[] = {
        "default_profile:",
        "theme:",
        "profiles:",
        "keys:",
        "base_url:",
        "api_key:",
        "api_key_cmd:",
        "ca_file:",
        "readonly:",
        "start_pane:",
        "page_size:",
        "columns:",
        "contacts",
        "lists",
        "tags",
        "campaigns",
        "templates",
        "senders",
        "fields",
        "webhooks",
        "team",
        "https://",
        "http://127.0.0.1:",
        "true",
        "false",
        "~",
        "null",
        "[]",
        "{}",
        "&a",
        "*a",
        "!!str",
        "---",
        "\"\\e",
        "\"\\x9b",
        "\"\\u202e",
        "<c-",
        "<a-",
        "\n  ",
        "\n    ",
        "- ",
        ": ",
        "#",
        "1000",
        "1001",
        "0",
        "99999999999999999999",
        NULL,
    };
    entries(out, options);
    entries(out, vocab.actions);
    entries(out, vocab.contexts);
    dict_close(out, "config");

    out = dict_open("theme");
    static const char *const theme[] = {
        "name:",  "parent:",      "background:", "slots:",    "fg:",     "bg:",
        "attrs:", "dark",         "light",       "default",   "gruvbox", "high-contrast",
        "mono",   "bold",         "dim",         "underline", "reverse", "italic",
        "\"#",    "#ffffff",      "255",         "256",       "-1",      "black",
        "red",    "bright-white", "{",           "}",         "[",       "]",
        ", ",     "\n  ",         "&a",          "*a",        NULL,
    };
    entries(out, theme);
    const struct theme_file_slots *slots = theme_slot_names();
    for (size_t i = 0; i < slots->count; i++)
        entry(out, slots->names[i]);
    dict_close(out, "theme");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fuzz_seeds DIR (tests/fuzz)\n");
        return 2;
    }
    char corpus[1024], dict[1024];
    snprintf(corpus, sizeof corpus, "%s/corpus", argv[1]);
    snprintf(dict, sizeof dict, "%s/dict", argv[1]);
    if ((mkdir(corpus, 0755) != 0 && errno != EEXIST) ||
        (mkdir(dict, 0755) != 0 && errno != EEXIST))
        die(argv[1]);
    out_dir = corpus;
    dict_dir = dict;
    cJSON *doc = spec_load(NULL);
    struct spec_examples ex = {0};
    struct store *s = store_new(FUZZ_MOCK_SEED);
    struct api_error err = {0};
    if (!doc || spec_examples_collect(doc, &ex) != 0 || !s ||
        seed_store(s, FUZZ_MOCK_SEED, FUZZ_MOCK_CONTACTS, &err) != 0) {
        fprintf(stderr, "fuzz_seeds: the spec or the store: %s\n", api_error_message(&err));
        return 1;
    }
    text_seeds();
    json_spec_seeds(&ex);
    json_hostile_seeds();
    mock_spec_seeds(doc, &ex, s);
    mock_hostile_seeds(s);
    config_seeds();
    keys_seeds();
    theme_seeds();
    write_dicts(s);
    store_free(s);
    spec_examples_free(&ex);
    cJSON_Delete(doc);
    return 0;
}
