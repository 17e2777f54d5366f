#include "schema.h"

#include "spec.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A $ref chain longer than this is a loop. */
#define MAX_REF_HOPS 32

struct ctx {
    const cJSON *doc;
    struct schema_violation *v;
    char path[256];
    bool closed;  /* objects take only the properties they name */
    bool partial; /* the top level's required list is waived */
};

static bool fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct ctx *c, const char *fmt, ...)
{
    snprintf(c->v->path, sizeof c->v->path, "%s", c->path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->v->message, sizeof c->v->message, fmt, ap);
    va_end(ap);
    return false;
}

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* ---- references ---- */

/* One JSON pointer token, with ~1 and ~0 undone, into out. */
static const char *pointer_token(const char *p, char *out, size_t size)
{
    size_t n = 0;
    for (; *p && *p != '/'; p++) {
        char ch = *p;
        if (ch == '~' && (p[1] == '0' || p[1] == '1'))
            ch = *++p == '0' ? '~' : '/';
        if (n + 1 < size)
            out[n++] = ch;
    }
    out[n] = '\0';
    return p;
}

static const cJSON *follow_pointer(const cJSON *doc, const char *ref)
{
    if (strncmp(ref, "#/", 2) != 0)
        return NULL;
    const cJSON *node = doc;
    for (const char *p = ref + 1; node && *p == '/';) {
        char token[128];
        p = pointer_token(p + 1, token, sizeof token);
        node = get(node, token);
    }
    return node;
}

const cJSON *schema_resolve(const cJSON *doc, const cJSON *node)
{
    for (int hops = 0; node && hops < MAX_REF_HOPS; hops++) {
        const cJSON *ref = get(node, "$ref");
        if (!cJSON_IsString(ref))
            return node;
        node = follow_pointer(doc, ref->valuestring);
    }
    return NULL;
}

/* ---- formats ---- */

/* RFC 3339 date-time; its section 5.6 lets a space stand for the T, as
 * the spec's own examples write it. */
static bool is_date_time(const char *s)
{
    if (!spec_regex_matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?"
                            "([Zz]|[-+][0-9]{2}:[0-9]{2})$",
                            s))
        return false;
    int y, mo, d, h, mi, sec;
    if (sscanf(s, "%4d-%2d-%2d%*c%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6)
        return false;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1] && h <= 23 && mi <= 59 && sec <= 60;
}

/* Loose, as validators usually are: one @ between non-empty parts, no spaces. */
static bool is_email(const char *s)
{
    return spec_regex_matches("^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$", s);
}

static bool is_uri(const char *s)
{
    return spec_regex_matches("^[A-Za-z][A-Za-z0-9+.-]*:[^[:space:]]+$", s);
}

static bool is_ipv4(const char *s)
{
    struct in_addr a;
    return inet_pton(AF_INET, s, &a) == 1;
}

static bool check_format(struct ctx *c, const char *format, const char *s)
{
    bool ok = strcmp(format, "date-time") == 0 ? is_date_time(s)
              : strcmp(format, "email") == 0   ? is_email(s)
              : strcmp(format, "uri") == 0     ? is_uri(s)
              : strcmp(format, "ipv4") == 0    ? is_ipv4(s)
                                               : true;
    return ok || fail(c, "\"%s\" is not a valid %s", s, format);
}

/* ---- keywords ---- */

static bool validate(struct ctx *c, const cJSON *schema, const cJSON *value, int depth);

static const char *type_of(const cJSON *value)
{
    if (cJSON_IsNull(value))
        return "null";
    if (cJSON_IsBool(value))
        return "boolean";
    if (cJSON_IsNumber(value))
        return "number";
    if (cJSON_IsString(value))
        return "string";
    return cJSON_IsArray(value) ? "array" : "object";
}

static bool is_type(const cJSON *value, const char *type)
{
    const char *actual = type_of(value);
    if (strcmp(type, "integer") == 0)
        return cJSON_IsNumber(value) && value->valuedouble == floor(value->valuedouble);
    return strcmp(type, actual) == 0;
}

static bool check_type(struct ctx *c, const cJSON *schema, const cJSON *value)
{
    const cJSON *type = get(schema, "type");
    if (!type)
        return true;
    if (cJSON_IsNull(value) && cJSON_IsTrue(get(schema, "nullable")))
        return true;
    if (cJSON_IsString(type) && is_type(value, type->valuestring))
        return true;
    const cJSON *names = cJSON_IsArray(type) ? type : NULL;
    const cJSON *t;
    cJSON_ArrayForEach(t, names)
    {
        if (cJSON_IsString(t) && is_type(value, t->valuestring))
            return true;
    }
    char *want = cJSON_PrintUnformatted(type);
    fail(c, "expected type %s, got %s", want ? want : "?", type_of(value));
    free(want);
    return false;
}

static bool check_enum(struct ctx *c, const cJSON *schema, const cJSON *value)
{
    const cJSON *options = get(schema, "enum");
    if (!options)
        return true;
    const cJSON *o;
    cJSON_ArrayForEach(o, options)
    {
        if (cJSON_Compare(o, value, true))
            return true;
    }
    char *got = cJSON_PrintUnformatted(value);
    fail(c, "%s is not one of the enum's values", got ? got : "?");
    free(got);
    return false;
}

static size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool check_string(struct ctx *c, const cJSON *schema, const char *s)
{
    const cJSON *max = get(schema, "maxLength");
    if (cJSON_IsNumber(max) && (double)utf8_length(s) > max->valuedouble)
        return fail(c, "longer than maxLength %g", max->valuedouble);
    const cJSON *pattern = get(schema, "pattern");
    if (cJSON_IsString(pattern) && !spec_regex_matches(pattern->valuestring, s))
        return fail(c, "\"%s\" does not match %s", s, pattern->valuestring);
    const cJSON *format = get(schema, "format");
    return !cJSON_IsString(format) || check_format(c, format->valuestring, s);
}

static bool check_number(struct ctx *c, const cJSON *schema, double n)
{
    const cJSON *min = get(schema, "minimum");
    const cJSON *max = get(schema, "maximum");
    if (cJSON_IsNumber(min) && n < min->valuedouble)
        return fail(c, "%g is below the minimum %g", n, min->valuedouble);
    if (cJSON_IsNumber(max) && n > max->valuedouble)
        return fail(c, "%g is above the maximum %g", n, max->valuedouble);
    return true;
}

/* Appends a step to the reported path for the duration of one check. */
static bool validate_at(struct ctx *c, const char *step, const cJSON *schema, const cJSON *value,
                        int depth)
{
    size_t len = strlen(c->path);
    snprintf(c->path + len, sizeof c->path - len, "%s", step);
    bool ok = validate(c, schema, value, depth + 1);
    c->path[len] = '\0';
    return ok;
}

static bool check_array(struct ctx *c, const cJSON *schema, const cJSON *value, int depth)
{
    const cJSON *min = get(schema, "minItems");
    if (cJSON_IsNumber(min) && cJSON_GetArraySize(value) < min->valueint)
        return fail(c, "fewer than minItems %d", min->valueint);
    const cJSON *items = get(schema, "items");
    const cJSON *each = items ? value : NULL;
    const cJSON *item;
    int i = 0;
    cJSON_ArrayForEach(item, each)
    {
        char step[24];
        snprintf(step, sizeof step, "[%d]", i++);
        if (!validate_at(c, step, items, item, depth))
            return false;
    }
    return true;
}

static bool check_required(struct ctx *c, const cJSON *schema, const cJSON *value, int depth)
{
    if (c->partial && depth == 0)
        return true;
    const cJSON *name;
    cJSON_ArrayForEach(name, get(schema, "required"))
    {
        if (cJSON_IsString(name) && !get(value, name->valuestring))
            return fail(c, "required property \"%s\" is missing", name->valuestring);
    }
    return true;
}

static bool check_object(struct ctx *c, const cJSON *schema, const cJSON *value, int depth)
{
    if (!check_required(c, schema, value, depth))
        return false;
    const cJSON *properties = get(schema, "properties");
    const cJSON *extra = get(schema, "additionalProperties");
    const cJSON *member;
    cJSON_ArrayForEach(member, value)
    {
        const cJSON *sub = get(properties, member->string);
        char step[160];
        snprintf(step, sizeof step, ".%s", member->string);
        bool shut = cJSON_IsFalse(extra) || (c->closed && !extra);
        if (!sub && shut) {
            size_t len = strlen(c->path);
            snprintf(c->path + len, sizeof c->path - len, "%s", step);
            return fail(c, extra ? "property not allowed by additionalProperties: false"
                                 : "property not in the schema");
        }
        if (!sub && cJSON_IsObject(extra))
            sub = extra;
        if (sub && !validate_at(c, step, sub, member, depth))
            return false;
    }
    return true;
}

static bool validate(struct ctx *c, const cJSON *schema, const cJSON *value, int depth)
{
    const cJSON *resolved = schema_resolve(c->doc, schema);
    if (!resolved || depth > MAX_REF_HOPS * 4)
        return fail(c, "schema reference cannot be resolved");
    schema = resolved;
    if (!check_type(c, schema, value) || !check_enum(c, schema, value))
        return false;
    if (cJSON_IsString(value))
        return check_string(c, schema, value->valuestring);
    if (cJSON_IsNumber(value))
        return check_number(c, schema, value->valuedouble);
    if (cJSON_IsArray(value))
        return check_array(c, schema, value, depth);
    if (cJSON_IsObject(value))
        return check_object(c, schema, value, depth);
    return true;
}

bool schema_validate(const cJSON *doc, const cJSON *schema, const cJSON *value,
                     struct schema_violation *v)
{
    struct ctx c = {doc, v, "$", false, false};
    return validate(&c, schema, value, 0);
}

bool schema_validate_request(const cJSON *doc, const cJSON *schema, const cJSON *value,
                             bool partial, struct schema_violation *v)
{
    struct ctx c = {doc, v, "$", true, partial};
    return validate(&c, schema, value, 0);
}

/* ---- operations ---- */

/* How well a concrete path fits a template: -1 not at all, else the
 * number of literal segments that matched. */
static int path_fit(const char *templ, const char *path)
{
    int literal = 0;
    while (*templ && *path) {
        if (*templ++ != '/' || *path++ != '/')
            return -1;
        size_t tn = strcspn(templ, "/"), pn = strcspn(path, "/");
        bool param = templ[0] == '{' && templ[tn - 1] == '}';
        if (!param && (tn != pn || strncmp(templ, path, tn) != 0))
            return -1;
        if (pn == 0)
            return -1;
        literal += !param;
        templ += tn;
        path += pn;
    }
    return *templ || *path ? -1 : literal;
}

const char *schema_path_template(const cJSON *doc, const char *path)
{
    const char *best = NULL;
    int best_fit = -1;
    const cJSON *p;
    cJSON_ArrayForEach(p, get(doc, "paths"))
    {
        int fit = path_fit(p->string, path);
        if (fit > best_fit) {
            best_fit = fit;
            best = p->string;
        }
    }
    return best;
}

const cJSON *schema_operation(const cJSON *doc, const char *templ, const char *method)
{
    const cJSON *item = get(get(doc, "paths"), templ);
    const cJSON *op;
    cJSON_ArrayForEach(op, item)
    {
        if (strcasecmp(op->string, method) == 0)
            return op;
    }
    return NULL;
}

const cJSON *schema_response(const cJSON *doc, const cJSON *operation, int status, bool *documented)
{
    char code[8];
    snprintf(code, sizeof code, "%d", status);
    const cJSON *response = schema_resolve(doc, get(get(operation, "responses"), code));
    *documented = response != NULL;
    return get(get(get(response, "content"), "application/json"), "schema");
}

const cJSON *schema_request(const cJSON *doc, const cJSON *operation, bool *documented)
{
    const cJSON *body = schema_resolve(doc, get(operation, "requestBody"));
    *documented = body != NULL;
    return get(get(get(body, "content"), "application/json"), "schema");
}
