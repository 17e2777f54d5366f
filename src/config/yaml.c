#include "config/yaml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "api/api_error.h"

struct loader {
    yaml_parser_t parser;
    const char *name; /* the doc's, for every value's file */
    const char *text; /* for the place of a reader error, given as an offset */
    size_t len;
    struct api_error *err;
};

static void free_value(struct yaml_value *v)
{
    free(v->text);
    for (size_t i = 0; v->items && i < v->len; i++)
        free_value(&v->items[i]);
    for (size_t i = 0; v->pairs && i < v->len; i++) {
        free_value(&v->pairs[i].key);
        free_value(&v->pairs[i].value);
    }
    free(v->items);
    free(v->pairs);
    memset(v, 0, sizeof *v);
}

static int fail_at(struct loader *ld, size_t line0, size_t col0, const char *what)
{
    return api_error_fail(ld->err, API_ERR_INVALID, 0, "%s:%zu:%zu: %s", ld->name, line0 + 1,
                          col0 + 1, what);
}

static int fail_mark(struct loader *ld, yaml_mark_t mark, const char *what)
{
    return fail_at(ld, mark.line, mark.column, what);
}

/* A reader error (bad UTF-8, a control character) comes as a byte offset;
 * people want a line and column. */
static int fail_offset(struct loader *ld, size_t offset, const char *what)
{
    size_t line = 0, col = 0;
    for (size_t i = 0; i < offset && i < ld->len; i++) {
        if (ld->text[i] == '\n') {
            line++;
            col = 0;
        } else if (((unsigned char)ld->text[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    return fail_at(ld, line, col, what);
}

static int parser_error(struct loader *ld)
{
    const yaml_parser_t *p = &ld->parser;
    if (p->error == YAML_MEMORY_ERROR)
        return api_error_nomem(ld->err);
    const char *problem = p->problem ? p->problem : "not valid YAML";
    if (p->error == YAML_READER_ERROR)
        return fail_offset(ld, p->problem_offset, problem);
    if (!p->context)
        return fail_mark(ld, p->problem_mark, problem);
    return api_error_fail(ld->err, API_ERR_INVALID, 0, "%s:%zu:%zu: %s (%s at line %zu)", ld->name,
                          p->problem_mark.line + 1, p->problem_mark.column + 1, problem, p->context,
                          p->context_mark.line + 1);
}

static int next_event(struct loader *ld, yaml_event_t *ev)
{
    return yaml_parser_parse(&ld->parser, ev) ? 0 : parser_error(ld);
}

static int parse_value(struct loader *ld, yaml_event_t *ev, unsigned depth, struct yaml_value *out);

static const yaml_char_t *anchor_of(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return ev->data.scalar.anchor;
    case YAML_SEQUENCE_START_EVENT:
        return ev->data.sequence_start.anchor;
    case YAML_MAPPING_START_EVENT:
        return ev->data.mapping_start.anchor;
    default:
        return NULL;
    }
}

static int take_scalar(struct loader *ld, const yaml_event_t *ev, struct yaml_value *out)
{
    out->kind = YAML_VALUE_SCALAR;
    out->text_len = ev->data.scalar.length;
    out->text = malloc(out->text_len + 1);
    if (!out->text)
        return api_error_nomem(ld->err);
    memcpy(out->text, ev->data.scalar.value, out->text_len);
    out->text[out->text_len] = '\0';
    /* plain_implicit is set only for an untagged plain scalar. */
    out->plain = ev->data.scalar.plain_implicit;
    return 0;
}

/* Grows an array of elem-sized items to hold n + 1. */
static int grow(void **arr, size_t *cap, size_t n, size_t elem, struct api_error *err)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = realloc(*arr, ncap * elem);
    if (!p)
        return api_error_nomem(err);
    *arr = p;
    *cap = ncap;
    return 0;
}

static int parse_seq(struct loader *ld, unsigned depth, struct yaml_value *out)
{
    out->kind = YAML_VALUE_SEQ;
    size_t cap = 0;
    for (;;) {
        yaml_event_t ev;
        if (next_event(ld, &ev) < 0)
            return -1;
        if (ev.type == YAML_SEQUENCE_END_EVENT) {
            yaml_event_delete(&ev);
            return 0;
        }
        if (grow((void **)&out->items, &cap, out->len, sizeof *out->items, ld->err) < 0) {
            yaml_event_delete(&ev);
            return -1;
        }
        struct yaml_value *item = &out->items[out->len];
        memset(item, 0, sizeof *item);
        int rc = parse_value(ld, &ev, depth + 1, item);
        out->len++; /* counted even when partial, so free_value frees it */
        if (rc < 0)
            return -1;
    }
}

static int parse_pair(struct loader *ld, yaml_event_t *key_ev, unsigned depth,
                      struct yaml_pair *pair)
{
    if (key_ev->type != YAML_SCALAR_EVENT && key_ev->type != YAML_ALIAS_EVENT) {
        int rc = fail_mark(ld, key_ev->start_mark, "a mapping key must be plain text");
        yaml_event_delete(key_ev);
        return rc;
    }
    if (parse_value(ld, key_ev, depth + 1, &pair->key) < 0)
        return -1;
    yaml_event_t ev;
    if (next_event(ld, &ev) < 0)
        return -1;
    return parse_value(ld, &ev, depth + 1, &pair->value);
}

static int compare_pair_keys(const void *a, const void *b)
{
    const struct yaml_pair *x = *(const struct yaml_pair *const *)a;
    const struct yaml_pair *y = *(const struct yaml_pair *const *)b;
    size_t n = x->key.text_len < y->key.text_len ? x->key.text_len : y->key.text_len;
    int c = memcmp(x->key.text, y->key.text, n);
    if (c == 0 && x->key.text_len != y->key.text_len)
        c = x->key.text_len < y->key.text_len ? -1 : 1;
    if (c == 0)
        c = x < y ? -1 : (x > y);
    return c;
}

/* Sorting finds repeated keys in n log n even in a mapping of thousands;
 * of several repeats the one written first is reported. */
static int check_duplicates(struct loader *ld, const struct yaml_value *map)
{
    if (map->len < 2)
        return 0;
    const struct yaml_pair **sorted = malloc(map->len * sizeof *sorted);
    if (!sorted)
        return api_error_nomem(ld->err);
    for (size_t i = 0; i < map->len; i++)
        sorted[i] = &map->pairs[i];
    qsort(sorted, map->len, sizeof *sorted, compare_pair_keys);
    const struct yaml_pair *dup = NULL, *first = NULL;
    for (size_t i = 1; i < map->len; i++) {
        const struct yaml_value *a = &sorted[i - 1]->key, *b = &sorted[i]->key;
        bool same = a->text_len == b->text_len && !memcmp(a->text, b->text, a->text_len);
        if (same && (!dup || sorted[i] < dup)) {
            dup = sorted[i];
            first = sorted[i - 1];
        }
    }
    int rc = 0;
    if (dup)
        rc = api_error_fail(ld->err, API_ERR_INVALID, 0,
                            "%s:%u:%u: \"%s\" is given twice (first at line %u)", ld->name,
                            dup->key.line, dup->key.column, dup->key.text, first->key.line);
    free(sorted);
    return rc;
}

static int parse_map(struct loader *ld, unsigned depth, struct yaml_value *out)
{
    out->kind = YAML_VALUE_MAP;
    size_t cap = 0;
    for (;;) {
        yaml_event_t ev;
        if (next_event(ld, &ev) < 0)
            return -1;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            return check_duplicates(ld, out);
        }
        if (grow((void **)&out->pairs, &cap, out->len, sizeof *out->pairs, ld->err) < 0) {
            yaml_event_delete(&ev);
            return -1;
        }
        struct yaml_pair *pair = &out->pairs[out->len];
        memset(pair, 0, sizeof *pair);
        int rc = parse_pair(ld, &ev, depth, pair);
        out->len++;
        if (rc < 0)
            return -1;
    }
}

/* Consumes ev (a node's first event) and the events of the node's
 * children into out, a zeroed value. On failure out may be partly built;
 * the caller frees it. */
static int parse_value(struct loader *ld, yaml_event_t *ev, unsigned depth, struct yaml_value *out)
{
    out->file = ld->name;
    out->line = (unsigned)ev->start_mark.line + 1;
    out->column = (unsigned)ev->start_mark.column + 1;
    int rc;
    if (ev->type == YAML_ALIAS_EVENT || anchor_of(ev))
        rc = fail_mark(ld, ev->start_mark, "anchors and aliases are not supported");
    else if (depth > YAML_MAX_DEPTH)
        rc = api_error_fail(ld->err, API_ERR_INVALID, 0, "%s:%u:%u: nested deeper than %d levels",
                            ld->name, out->line, out->column, YAML_MAX_DEPTH);
    else if (ev->type == YAML_SCALAR_EVENT)
        rc = take_scalar(ld, ev, out);
    else if (ev->type == YAML_SEQUENCE_START_EVENT)
        rc = parse_seq(ld, depth, out);
    else if (ev->type == YAML_MAPPING_START_EVENT)
        rc = parse_map(ld, depth, out);
    else
        rc = fail_mark(ld, ev->start_mark, "unexpected YAML event");
    yaml_event_delete(ev);
    return rc;
}

/* Expects an event of type want, else reports what without it. */
static int expect(struct loader *ld, yaml_event_type_t want, const char *what)
{
    yaml_event_t ev;
    if (next_event(ld, &ev) < 0)
        return -1;
    int rc = ev.type == want ? 0 : fail_mark(ld, ev.start_mark, what);
    yaml_event_delete(&ev);
    return rc;
}

static int parse_stream(struct loader *ld, struct yaml_value **root)
{
    if (expect(ld, YAML_STREAM_START_EVENT, "not a YAML stream") < 0)
        return -1;
    yaml_event_t ev;
    if (next_event(ld, &ev) < 0)
        return -1;
    bool empty = ev.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&ev);
    if (empty)
        return 0;
    if (next_event(ld, &ev) < 0)
        return -1;
    *root = calloc(1, sizeof **root);
    if (!*root) {
        yaml_event_delete(&ev);
        return api_error_nomem(ld->err);
    }
    if (parse_value(ld, &ev, 1, *root) < 0)
        return -1;
    if (expect(ld, YAML_DOCUMENT_END_EVENT, "expected the end of the document") < 0)
        return -1;
    return expect(ld, YAML_STREAM_END_EVENT, "only one document is allowed in a file");
}

int yaml_load_string(const char *name, const char *text, size_t len, struct yaml_doc *doc,
                     struct api_error *err)
{
    memset(doc, 0, sizeof *doc);
    if (len > YAML_MAX_FILE_BYTES)
        return api_error_fail(err, API_ERR_INVALID, 0,
                              "%s: too large (%zu bytes; the limit is %d KiB)", name, len,
                              YAML_MAX_FILE_BYTES / 1024);
    doc->name = strdup(name);
    if (!doc->name)
        return api_error_nomem(err);
    struct loader ld = {.name = doc->name, .text = text, .len = len, .err = err};
    if (!yaml_parser_initialize(&ld.parser)) {
        yaml_doc_free(doc);
        return api_error_nomem(err);
    }
    yaml_parser_set_input_string(&ld.parser, (const unsigned char *)text, len);
    int rc = parse_stream(&ld, &doc->root);
    yaml_parser_delete(&ld.parser);
    if (rc < 0)
        yaml_doc_free(doc);
    return rc;
}

/* Reads at most YAML_MAX_FILE_BYTES + 1 bytes: one more than allowed is
 * enough to refuse a file that grew after fstat. */
static char *read_capped(int fd, size_t *len)
{
    size_t cap = YAML_MAX_FILE_BYTES + 1;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t n = 0;
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *len = n;
    return buf;
}

int yaml_load_file(const char *path, struct yaml_doc *doc, struct api_error *err)
{
    memset(doc, 0, sizeof *doc);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return api_error_fail(err, API_ERR_INVALID, 0, "%s: %s", path, strerror(errno));
    struct stat st;
    int rc = -1;
    if (fstat(fd, &st) < 0)
        api_error_set(err, API_ERR_INVALID, 0, "%s: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        api_error_set(err, API_ERR_INVALID, 0, "%s: not a regular file", path);
    else if (st.st_size > YAML_MAX_FILE_BYTES)
        api_error_set(err, API_ERR_INVALID, 0, "%s: too large (%jd bytes; the limit is %d KiB)",
                      path, (intmax_t)st.st_size, YAML_MAX_FILE_BYTES / 1024);
    else
        rc = 0;
    size_t len = 0;
    char *text = NULL;
    if (rc == 0 && !(text = read_capped(fd, &len)))
        rc = api_error_fail(err, API_ERR_INVALID, 0, "%s: %s", path, strerror(errno));
    close(fd);
    if (rc == 0)
        rc = yaml_load_string(path, text, len, doc, err);
    free(text);
    return rc;
}

void yaml_doc_free(struct yaml_doc *doc)
{
    if (doc->root) {
        free_value(doc->root);
        free(doc->root);
    }
    free(doc->name);
    memset(doc, 0, sizeof *doc);
}

const struct yaml_value *yaml_map_get(const struct yaml_value *map, const char *key)
{
    if (!map || map->kind != YAML_VALUE_MAP)
        return NULL;
    for (size_t i = 0; i < map->len; i++)
        if (strcmp(map->pairs[i].key.text, key) == 0)
            return &map->pairs[i].value;
    return NULL;
}

const char *yaml_scalar(const struct yaml_value *v)
{
    return v && v->kind == YAML_VALUE_SCALAR ? v->text : NULL;
}

bool yaml_is_null(const struct yaml_value *v)
{
    const char *s = yaml_scalar(v);
    return s && v->plain &&
           (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
            !strcmp(s, "NULL"));
}

const char *yaml_kind_name(enum yaml_value_kind kind)
{
    switch (kind) {
    case YAML_VALUE_SCALAR:
        return "text";
    case YAML_VALUE_SEQ:
        return "a list";
    case YAML_VALUE_MAP:
        return "a mapping";
    }
    return "?";
}

void yaml_text_printable(char *s)
{
    char *to = s;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        bool c1 = c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f;
        *to++ = *c < 0x20 || *c == 0x7f || c1 ? '?' : (char)*c;
        c += c1;
    }
    *to = '\0';
}
