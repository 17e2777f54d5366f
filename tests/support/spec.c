#include "spec.h"

#include <cjson/cJSON.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define SCHEMA_REF_PREFIX "#/components/schemas/"

/* Aliases may point back up the tree; no sane document nests this deep. */
#define MAX_DEPTH 256

int spec_regex_matches(const char *pattern, const char *s)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* YAML 1.2 core schema for plain scalars. Infinities and NaN stay text:
 * JSON has no way to write them. */
static cJSON *plain_scalar(const char *s)
{
    if (!*s || spec_regex_matches("^(null|Null|NULL|~)$", s))
        return cJSON_CreateNull();
    if (spec_regex_matches("^(true|True|TRUE)$", s))
        return cJSON_CreateTrue();
    if (spec_regex_matches("^(false|False|FALSE)$", s))
        return cJSON_CreateFalse();
    if (spec_regex_matches("^0o[0-7]+$", s))
        return cJSON_CreateNumber((double)strtoll(s + 2, NULL, 8));
    if (spec_regex_matches("^0x[0-9a-fA-F]+$", s))
        return cJSON_CreateNumber((double)strtoll(s + 2, NULL, 16));
    if (spec_regex_matches("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$", s))
        return cJSON_CreateNumber(strtod(s, NULL));
    return cJSON_CreateString(s);
}

static cJSON *scalar_to_json(const yaml_node_t *node)
{
    const char *s = (const char *)node->data.scalar.value;
    if (node->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        return plain_scalar(s);
    return cJSON_CreateString(s);
}

static cJSON *node_to_json(yaml_document_t *doc, const yaml_node_t *node, int depth);

static cJSON *sequence_to_json(yaml_document_t *doc, const yaml_node_t *node, int depth)
{
    cJSON *a = cJSON_CreateArray();
    for (yaml_node_item_t *it = node->data.sequence.items.start;
         a && it < node->data.sequence.items.top; it++) {
        cJSON *v = node_to_json(doc, yaml_document_get_node(doc, *it), depth + 1);
        if (!v || !cJSON_AddItemToArray(a, v)) {
            cJSON_Delete(v);
            cJSON_Delete(a);
            a = NULL;
        }
    }
    return a;
}

/* JSON keys are text, so only scalar keys are accepted. */
static const char *mapping_key(yaml_document_t *doc, const yaml_node_pair_t *pair)
{
    const yaml_node_t *k = yaml_document_get_node(doc, pair->key);
    return k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : NULL;
}

static cJSON *mapping_to_json(yaml_document_t *doc, const yaml_node_t *node, int depth)
{
    cJSON *o = cJSON_CreateObject();
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
         o && p < node->data.mapping.pairs.top; p++) {
        const char *key = mapping_key(doc, p);
        cJSON *v = key ? node_to_json(doc, yaml_document_get_node(doc, p->value), depth + 1) : NULL;
        if (!v || !cJSON_AddItemToObject(o, key, v)) {
            cJSON_Delete(v);
            cJSON_Delete(o);
            o = NULL;
        }
    }
    return o;
}

static cJSON *node_to_json(yaml_document_t *doc, const yaml_node_t *node, int depth)
{
    if (!node || depth > MAX_DEPTH)
        return NULL;
    switch (node->type) {
    case YAML_SCALAR_NODE:
        return scalar_to_json(node);
    case YAML_SEQUENCE_NODE:
        return sequence_to_json(doc, node, depth);
    case YAML_MAPPING_NODE:
        return mapping_to_json(doc, node, depth);
    case YAML_NO_NODE:
        break;
    }
    return NULL;
}

static cJSON *parse_file(FILE *f, const char *path)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    cJSON *json = NULL;
    if (!yaml_parser_initialize(&parser))
        return NULL;
    yaml_parser_set_input_file(&parser, f);
    if (yaml_parser_load(&parser, &doc)) {
        json = node_to_json(&doc, yaml_document_get_root_node(&doc), 0);
        yaml_document_delete(&doc);
        if (!json)
            fprintf(stderr, "%s: cannot convert to JSON\n", path);
    } else {
        fprintf(stderr, "%s:%zu: %s\n", path, parser.problem_mark.line + 1,
                parser.problem ? parser.problem : "YAML error");
    }
    yaml_parser_delete(&parser);
    return json;
}

struct cJSON *spec_load(const char *path)
{
    if (!path)
        path = SPEC_PATH;
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    cJSON *json = parse_file(f, path);
    fclose(f);
    return json;
}

const struct cJSON *spec_schema(const struct cJSON *doc, const char *name)
{
    size_t prefix = strlen(SCHEMA_REF_PREFIX);
    if (strncmp(name, SCHEMA_REF_PREFIX, prefix) == 0)
        name += prefix;
    const cJSON *components = cJSON_GetObjectItemCaseSensitive(doc, "components");
    const cJSON *schemas = cJSON_GetObjectItemCaseSensitive(components, "schemas");
    return cJSON_GetObjectItemCaseSensitive(schemas, name);
}

/* The schema name a `schema` object refers to, directly or as the items
 * of an array; NULL when it is inline. */
static const char *schema_ref(const cJSON *schema, int *is_array)
{
    const cJSON *ref = cJSON_GetObjectItemCaseSensitive(schema, "$ref");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(schema, "type");
    *is_array = 0;
    if (!ref && cJSON_IsString(type) && strcmp(type->valuestring, "array") == 0) {
        ref = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(schema, "items"),
                                               "$ref");
        *is_array = 1;
    }
    if (!cJSON_IsString(ref) ||
        strncmp(ref->valuestring, SCHEMA_REF_PREFIX, strlen(SCHEMA_REF_PREFIX)) != 0)
        return NULL;
    return ref->valuestring + strlen(SCHEMA_REF_PREFIX);
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + 1 + strlen(b) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", a, *a ? "." : "", b);
    return s;
}

static char *dup_string(const char *s)
{
    return join("", s);
}

static int add_example(struct spec_examples *out, const char *where, const char *schema,
                       int is_array, const cJSON *value)
{
    struct spec_example *items = realloc(out->items, (out->len + 1) * sizeof *items);
    if (!items)
        return -1;
    out->items = items;
    struct spec_example *e = &out->items[out->len];
    *e = (struct spec_example){dup_string(where), dup_string(schema), is_array,
                               cJSON_Duplicate(value, true)};
    out->len++;
    return e->where && e->schema && e->value ? 0 : -1;
}

/* examples: a map of name -> {value: ...}; an entry without a value is
 * malformed for our purposes. */
static int add_named_examples(struct spec_examples *out, const char *where, const char *schema,
                              int is_array, const cJSON *examples)
{
    if (!cJSON_IsObject(examples))
        return -1;
    const cJSON *ex;
    cJSON_ArrayForEach(ex, examples)
    {
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(ex, "value");
        char *at = join(where, ex->string);
        int rc = value && at ? add_example(out, at, schema, is_array, value) : -1;
        free(at);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int collect_beside_schema(const cJSON *node, const char *where, struct spec_examples *out)
{
    int is_array;
    const char *schema = schema_ref(cJSON_GetObjectItemCaseSensitive(node, "schema"), &is_array);
    const cJSON *example = cJSON_GetObjectItemCaseSensitive(node, "example");
    const cJSON *examples = cJSON_GetObjectItemCaseSensitive(node, "examples");
    if (!schema)
        return 0;
    if (example && add_example(out, where, schema, is_array, example) < 0)
        return -1;
    if (examples && add_named_examples(out, where, schema, is_array, examples) < 0)
        return -1;
    return 0;
}

static int walk(const cJSON *node, const char *where, struct spec_examples *out)
{
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return 0;
    if (cJSON_IsObject(node) && collect_beside_schema(node, where, out) < 0)
        return -1;
    const cJSON *child;
    int i = 0;
    cJSON_ArrayForEach(child, node)
    {
        char index[24];
        snprintf(index, sizeof index, "%d", i++);
        char *at = join(where, child->string ? child->string : index);
        int rc = at ? walk(child, at, out) : -1;
        free(at);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int collect_schema_examples(const cJSON *doc, struct spec_examples *out)
{
    const cJSON *schemas = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "components"), "schemas");
    const cJSON *schema;
    cJSON_ArrayForEach(schema, schemas)
    {
        const cJSON *example = cJSON_GetObjectItemCaseSensitive(schema, "example");
        char *at = join("components.schemas", schema->string);
        int rc = !at ? -1 : example ? add_example(out, at, schema->string, 0, example) : 0;
        free(at);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int spec_examples_collect(const struct cJSON *doc, struct spec_examples *out)
{
    memset(out, 0, sizeof *out);
    if (!cJSON_IsObject(doc) || walk(doc, "", out) < 0 || collect_schema_examples(doc, out) < 0) {
        spec_examples_free(out);
        return -1;
    }
    return 0;
}

void spec_examples_free(struct spec_examples *ex)
{
    for (size_t i = 0; i < ex->len; i++) {
        free(ex->items[i].where);
        free(ex->items[i].schema);
        cJSON_Delete(ex->items[i].value);
    }
    free(ex->items);
    memset(ex, 0, sizeof *ex);
}
