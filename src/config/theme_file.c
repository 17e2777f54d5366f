#include "config/theme_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* Past this many, more lines would bury the first ones. */
#define MAX_PROBLEMS 50
/* How much of a file's own text an error message repeats. */
#define SHOWN_MAX 40

static const char *const attr_names[] = {"bold", "dim", "underline", "reverse", "italic"};
static const char *const top_keys[] = {"name", "parent", "background", "slots"};
static const char *const slot_fields[] = {"fg", "bg", "attrs"};

/* Every problem found, one "FILE:LINE:COLUMN: what" line each, so that a
 * person can fix them all in one go. */
struct problems {
    FILE *out;
    char *text;
    size_t len;
    int count;
    bool nomem;
};

static void problems_init(struct problems *p)
{
    *p = (struct problems){0};
    p->out = open_memstream(&p->text, &p->len);
    p->nomem = p->out == NULL;
}

/* mark is NULL for a problem with the whole file. */
__attribute__((format(printf, 4, 0))) static void problem_v(struct problems *p, const char *path,
                                                            const yaml_mark_t *mark,
                                                            const char *fmt, va_list ap)
{
    if (++p->count > MAX_PROBLEMS || p->nomem)
        return;
    int rc = fprintf(p->out, "%s%s", p->count > 1 ? "\n" : "", path);
    if (rc >= 0 && mark)
        rc = fprintf(p->out, ":%zu:%zu", mark->line + 1, mark->column + 1);
    if (rc >= 0)
        rc = fprintf(p->out, ": ");
    if (rc < 0 || vfprintf(p->out, fmt, ap) < 0)
        p->nomem = true;
}

__attribute__((format(printf, 3, 4))) static void problem_file(struct problems *p, const char *path,
                                                               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problem_v(p, path, NULL, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 4, 5))) static void problem_at(struct problems *p, const char *path,
                                                             yaml_mark_t mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problem_v(p, path, &mark, fmt, ap);
    va_end(ap);
}

/* Hands the lines to err; returns 0 when there were none. */
static int problems_finish(struct problems *p, struct api_error *err)
{
    if (p->out && fclose(p->out) != 0)
        p->nomem = true;
    int rc = 0;
    if (p->nomem)
        rc = api_error_nomem(err);
    else if (p->count > MAX_PROBLEMS)
        rc = api_error_fail(err, API_ERR_INVALID, 0, "%s\n(and %d more)", p->text,
                            p->count - MAX_PROBLEMS);
    else if (p->count > 0)
        rc = api_error_fail(err, API_ERR_INVALID, 0, "%s", p->text);
    free(p->text);
    return rc;
}

/* A file's own text, made safe to print (no control characters, C0 or
 * C1, can reach the terminal) and short. */
static const char *shown(const char *s, char buf[SHOWN_MAX + 4])
{
    size_t n = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c && n < SHOWN_MAX; c++) {
        bool c1 = c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f;
        buf[n++] = *c < 0x20 || *c == 0x7f || c1 ? '?' : (char)*c;
        c += c1;
    }
    strcpy(buf + n, strlen(s) > n ? "..." : "");
    return buf;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[SHOWN_MAX + 1];
    if (la > SHOWN_MAX || lb > SHOWN_MAX)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The name a typo most likely meant, or "" when none is close. */
static const char *did_you_mean(const char *word, const char *const *names, size_t n,
                                char buf[SHOWN_MAX + 32])
{
    size_t best = 3;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, names[i]);
        if (d < best) {
            best = d;
            snprintf(buf, SHOWN_MAX + 32, " (did you mean '%s'?)", names[i]);
        }
    }
    return buf;
}

/* One file's contents before its parents are applied. */
struct layer_slot {
    struct color fg, bg;
    unsigned attrs;
    bool fg_set, bg_set, attrs_set, given;
};

struct layer {
    char *path, *name, *parent;
    yaml_mark_t name_mark, parent_mark;
    bool has_background;
    enum theme_file_background background;
    unsigned keys_seen; /* bit i: top_keys[i] */
    const struct theme_file_slots *names;
    struct layer_slot *slots;
};

/* libyaml's events, one at a time, with the nesting cap applied as they
 * come: the parser's own stacks can then never outgrow it. */
struct reader {
    yaml_parser_t parser;
    yaml_event_t event;
    bool have_event;
    bool broken; /* bad YAML, too deep, an alias: nothing after it is read */
    int depth;
    const char *path;
    struct problems *problems;
};

static bool advance(struct reader *r)
{
    if (r->broken)
        return false;
    if (r->have_event)
        yaml_event_delete(&r->event);
    r->have_event = yaml_parser_parse(&r->parser, &r->event);
    if (!r->have_event) {
        const char *why = r->parser.problem ? r->parser.problem : "unreadable";
        problem_at(r->problems, r->path, r->parser.problem_mark, "bad YAML: %s", why);
        r->broken = true;
        return false;
    }
    yaml_event_type_t t = r->event.type;
    if (t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT) {
        if (++r->depth > THEME_FILE_MAX_DEPTH) {
            problem_at(r->problems, r->path, r->event.start_mark, "nested deeper than %d levels",
                       THEME_FILE_MAX_DEPTH);
            r->broken = true;
        }
    } else if (t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT) {
        r->depth--;
    } else if (t == YAML_ALIAS_EVENT) {
        /* A theme never needs one, and refusing them rules out alias bombs. */
        problem_at(r->problems, r->path, r->event.start_mark, "aliases are not allowed");
        r->broken = true;
    }
    return !r->broken;
}

static bool at(const struct reader *r, yaml_event_type_t type)
{
    return r->have_event && r->event.type == type;
}

/* Consumes the node whose first event is current. */
static bool skip_node(struct reader *r)
{
    int level = at(r, YAML_MAPPING_START_EVENT) || at(r, YAML_SEQUENCE_START_EVENT);
    while (level > 0 && advance(r)) {
        if (at(r, YAML_MAPPING_START_EVENT) || at(r, YAML_SEQUENCE_START_EVENT))
            level++;
        else if (at(r, YAML_MAPPING_END_EVENT) || at(r, YAML_SEQUENCE_END_EVENT))
            level--;
    }
    return !r->broken;
}

/* The current node's text when it is a single value; else says what it
 * should be, skips it and returns NULL. */
static const char *scalar(struct reader *r, const char *what)
{
    if (at(r, YAML_SCALAR_EVENT))
        return (const char *)r->event.data.scalar.value;
    problem_at(r->problems, r->path, r->event.start_mark, "%s", what);
    skip_node(r);
    return NULL;
}

static char *dup_or_flag(struct reader *r, const char *s)
{
    char *copy = strdup(s);
    if (!copy) {
        r->problems->nomem = true;
        r->broken = true;
    }
    return copy;
}

typedef void pair_fn(struct reader *r, const char *key, yaml_mark_t mark, void *ctx);

/* Hands each value of the mapping whose start is current to fn, which
 * must consume it; keys that are not plain values are reported. */
static void each_pair(struct reader *r, pair_fn *fn, void *ctx)
{
    while (advance(r) && !at(r, YAML_MAPPING_END_EVENT)) {
        yaml_mark_t mark = r->event.start_mark;
        if (!at(r, YAML_SCALAR_EVENT)) {
            problem_at(r->problems, r->path, mark, "a key must be a single word");
            if (skip_node(r) && advance(r))
                skip_node(r);
            continue;
        }
        char *key = dup_or_flag(r, (const char *)r->event.data.scalar.value);
        if (key && advance(r))
            fn(r, key, mark, ctx);
        free(key);
    }
}

static void read_color(struct reader *r, const char *slot, const char *field, struct color *c,
                       bool *set)
{
    yaml_mark_t mark = r->event.start_mark;
    const char *v = scalar(r, "a colour is a single value: a name, 0-255 or \"#rrggbb\"");
    const char *why = NULL;
    char buf[SHOWN_MAX + 4];
    if (!v)
        return;
    if (!*v && r->event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        why = "no colour given (write \"#rrggbb\" in quotes: a bare # starts a comment)";
    else if (color_parse(v, c, &why))
        *set = true;
    if (why)
        problem_at(r->problems, r->path, mark, "bad colour '%s' for %s.%s: %s", shown(v, buf), slot,
                   field, why);
}

static void read_attrs(struct reader *r, const char *slot, struct layer_slot *s)
{
    if (!at(r, YAML_SEQUENCE_START_EVENT)) {
        problem_at(r->problems, r->path, r->event.start_mark,
                   "%s.attrs is a list, like [bold, underline]", slot);
        skip_node(r);
        return;
    }
    s->attrs = 0;
    s->attrs_set = true;
    while (advance(r) && !at(r, YAML_SEQUENCE_END_EVENT)) {
        yaml_mark_t mark = r->event.start_mark;
        const char *v = scalar(r, "an attribute is a single word");
        char buf[SHOWN_MAX + 4];
        unsigned bit = v ? theme_file_attr_parse(v) : 0;
        if (v && !bit)
            problem_at(r->problems, r->path, mark,
                       "bad attribute '%s' for %s: use bold, dim, underline, reverse, italic",
                       shown(v, buf), slot);
        s->attrs |= bit;
    }
}

struct slot_ctx {
    const char *name;
    struct layer_slot *slot;
};

static void slot_field(struct reader *r, const char *key, yaml_mark_t mark, void *ctx)
{
    struct slot_ctx *sc = ctx;
    char buf[SHOWN_MAX + 4], hint[SHOWN_MAX + 32];
    if (strcmp(key, "fg") == 0)
        read_color(r, sc->name, "fg", &sc->slot->fg, &sc->slot->fg_set);
    else if (strcmp(key, "bg") == 0)
        read_color(r, sc->name, "bg", &sc->slot->bg, &sc->slot->bg_set);
    else if (strcmp(key, "attrs") == 0)
        read_attrs(r, sc->name, sc->slot);
    else {
        problem_at(r->problems, r->path, mark, "unknown field '%s' in slot %s%s: use fg, bg, attrs",
                   shown(key, buf), sc->name, did_you_mean(key, slot_fields, 3, hint));
        skip_node(r);
    }
}

static void slot_pair(struct reader *r, const char *key, yaml_mark_t mark, void *ctx)
{
    struct layer *l = ctx;
    const struct theme_file_slots *names = l->names;
    char buf[SHOWN_MAX + 4], hint[SHOWN_MAX + 32];
    size_t i = 0;
    while (i < names->count && strcmp(names->names[i], key) != 0)
        i++;
    if (i == names->count) {
        problem_at(r->problems, r->path, mark, "unknown slot '%s'%s", shown(key, buf),
                   did_you_mean(key, names->names, names->count, hint));
        skip_node(r);
    } else if (l->slots[i].given) {
        problem_at(r->problems, r->path, mark, "slot %s given twice", key);
        skip_node(r);
    } else if (!at(r, YAML_MAPPING_START_EVENT)) {
        problem_at(r->problems, r->path, r->event.start_mark,
                   "slot %s is a mapping, like {fg: white, bg: blue, attrs: [bold]}", key);
        skip_node(r);
    } else {
        l->slots[i].given = true;
        each_pair(r, slot_field, &(struct slot_ctx){names->names[i], &l->slots[i]});
    }
}

static char *read_name(struct reader *r, const char *key)
{
    char buf[SHOWN_MAX + 4];
    yaml_mark_t mark = r->event.start_mark;
    const char *v = scalar(r, "a theme's name is a single word");
    if (!v)
        return NULL;
    if (theme_file_name_ok(v))
        return dup_or_flag(r, v);
    problem_at(r->problems, r->path, mark,
               "bad %s '%s': letters, digits, '-', '_' and '.' (not first), up to 64", key,
               shown(v, buf));
    return NULL;
}

static void read_background(struct reader *r, struct layer *l)
{
    yaml_mark_t mark = r->event.start_mark;
    const char *v = scalar(r, "background is dark or light");
    if (!v)
        return;
    l->has_background = strcmp(v, "dark") == 0 || strcmp(v, "light") == 0;
    l->background = strcmp(v, "light") == 0 ? THEME_FILE_LIGHT : THEME_FILE_DARK;
    if (!l->has_background)
        problem_at(r->problems, r->path, mark, "background is dark or light");
}

static void top_pair(struct reader *r, const char *key, yaml_mark_t mark, void *ctx)
{
    struct layer *l = ctx;
    char buf[SHOWN_MAX + 4], hint[SHOWN_MAX + 32];
    size_t i = 0;
    while (i < 4 && strcmp(top_keys[i], key) != 0)
        i++;
    bool again = i < 4 && (l->keys_seen & 1u << i);
    if (i == 4 || again) {
        if (again)
            problem_at(r->problems, r->path, mark, "%s given twice", key);
        else
            problem_at(r->problems, r->path, mark,
                       "unknown key '%s'%s: a theme has name, parent, background, slots",
                       shown(key, buf), did_you_mean(key, top_keys, 4, hint));
        skip_node(r);
        return;
    }
    l->keys_seen |= 1u << i;
    if (i == 0) {
        l->name_mark = mark;
        l->name = read_name(r, "name");
    } else if (i == 1) {
        l->parent_mark = r->event.start_mark;
        l->parent = read_name(r, "parent");
    } else if (i == 2) {
        read_background(r, l);
    } else if (at(r, YAML_MAPPING_START_EVENT)) {
        each_pair(r, slot_pair, l);
    } else {
        problem_at(r->problems, r->path, r->event.start_mark,
                   "slots is a mapping from slot name to {fg, bg, attrs}");
        skip_node(r);
    }
}

static void read_document(struct reader *r, struct layer *l)
{
    yaml_mark_t start = {0};
    if (!advance(r) || !advance(r))
        return;
    if (at(r, YAML_STREAM_END_EVENT)) {
        problem_at(r->problems, r->path, start, "empty file: a theme has at least a name");
        return;
    }
    if (!advance(r))
        return;
    if (at(r, YAML_MAPPING_START_EVENT))
        each_pair(r, top_pair, l);
    else
        problem_at(r->problems, r->path, r->event.start_mark,
                   "a theme is a mapping: name, parent, background, slots");
    if (!skip_node(r) || !advance(r) || !advance(r))
        return;
    if (!at(r, YAML_STREAM_END_EVENT))
        problem_at(r->problems, r->path, r->event.start_mark, "one theme per file");
    else if (!l->name)
        problem_at(r->problems, r->path, start, "no name: a theme says 'name: NAME'");
}

/* The whole file, or NULL when it cannot be read, is not a regular file
 * (a FIFO would block the app) or is over the cap, which is checked
 * before libyaml sees a byte. */
static char *read_capped(const char *path, size_t *len, struct problems *p)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        problem_file(p, path, "%s", fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char *text = malloc(THEME_FILE_MAX_BYTES + 1);
    ssize_t n = 1;
    *len = 0;
    while (text && n > 0 && *len <= THEME_FILE_MAX_BYTES) {
        n = read(fd, text + *len, THEME_FILE_MAX_BYTES + 1 - *len);
        *len += n > 0 ? (size_t)n : 0;
    }
    close(fd);
    if (text && n >= 0 && *len <= THEME_FILE_MAX_BYTES)
        return text;
    if (!text)
        p->nomem = true;
    else if (n < 0)
        problem_file(p, path, "%s", strerror(errno));
    else
        problem_file(p, path, "larger than %d bytes: not read", THEME_FILE_MAX_BYTES);
    free(text);
    return NULL;
}

/* The theme's name must be its file's, or finding it by name would find
 * another file. */
static void check_file_name(const struct layer *l, struct problems *p)
{
    const char *base = strrchr(l->path, '/');
    base = base ? base + 1 : l->path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
        len -= 5;
    if (l->name && (strlen(l->name) != len || strncmp(l->name, base, len) != 0))
        problem_at(p, l->path, l->name_mark,
                   "name '%s' is not the file's name '%.*s' (themes are found by file name)",
                   l->name, (int)len, base);
}

static void load_layer(struct layer *l, struct problems *p)
{
    size_t len;
    char *text = read_capped(l->path, &len, p);
    if (!text)
        return;
    struct reader r = {.path = l->path, .problems = p};
    if (!yaml_parser_initialize(&r.parser)) {
        p->nomem = true;
        free(text);
        return;
    }
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    read_document(&r, l);
    if (r.have_event)
        yaml_event_delete(&r.event);
    yaml_parser_delete(&r.parser);
    free(text);
    check_file_name(l, p);
}

static void report_cycle(const struct layer *chain, size_t n, struct problems *p)
{
    const struct layer *last = &chain[n - 1];
    char *names = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&names, &size);
    if (!out) {
        p->nomem = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s -> ", chain[i].name ? chain[i].name : "?");
    fprintf(out, "%s", last->parent);
    if (fclose(out) == 0)
        problem_at(p, last->path, last->parent_mark, "parent cycle: %s", names);
    else
        p->nomem = true;
    free(names);
}

/* The file of the last layer's parent, or NULL at the root or on a
 * problem (reported). */
static char *parent_path(const struct theme_file_dirs *dirs, const struct layer *chain, size_t n,
                         struct problems *p)
{
    const struct layer *last = &chain[n - 1];
    if (!last->parent)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (chain[i].name && strcmp(chain[i].name, last->parent) == 0) {
            report_cycle(chain, n, p);
            return NULL;
        }
    }
    if (n > THEME_FILE_MAX_PARENTS) {
        problem_at(p, last->path, last->parent_mark, "more than %d parents",
                   THEME_FILE_MAX_PARENTS);
        return NULL;
    }
    struct api_error e = {0};
    char *path = theme_file_find(dirs, last->parent, &e);
    if (!path && e.kind == API_ERR_NOMEM)
        p->nomem = true;
    else if (!path)
        problem_at(p, last->path, last->parent_mark, "missing parent: %s", api_error_message(&e));
    api_error_clear(&e);
    return path;
}

static void apply_layer(struct theme_spec *spec, const struct layer *l)
{
    if (l->has_background)
        spec->background = l->background;
    for (size_t i = 0; i < spec->slot_count; i++) {
        const struct layer_slot *from = &l->slots[i];
        struct theme_file_slot *to = &spec->slots[i];
        to->fg = from->fg_set ? from->fg : to->fg;
        to->bg = from->bg_set ? from->bg : to->bg;
        to->attrs = from->attrs_set ? from->attrs : to->attrs;
        to->set = to->set || from->given;
    }
}

/* Parents first, so each file overrides what it inherits. */
static int build_spec(const struct layer *chain, size_t n, size_t slot_count,
                      struct theme_spec *out)
{
    out->name = strdup(chain[0].name);
    out->path = strdup(chain[0].path);
    out->slots = calloc(slot_count, sizeof *out->slots);
    if (!out->name || !out->path || !out->slots)
        return -1;
    out->slot_count = slot_count;
    out->background = THEME_FILE_DARK;
    for (size_t i = n; i-- > 0;)
        apply_layer(out, &chain[i]);
    return 0;
}

static int load_chain(const struct theme_file_dirs *dirs, char *path,
                      const struct theme_file_slots *slots, struct theme_spec *out,
                      struct api_error *err)
{
    struct problems p;
    struct layer chain[THEME_FILE_MAX_PARENTS + 1];
    size_t n = 0;
    problems_init(&p);
    *out = (struct theme_spec){0};
    while (path && !p.nomem) {
        struct layer *l = &chain[n++];
        *l = (struct layer){.path = path, .names = slots};
        l->slots = calloc(slots->count ? slots->count : 1, sizeof *l->slots);
        p.nomem = l->slots == NULL;
        if (l->slots)
            load_layer(l, &p);
        path = parent_path(dirs, chain, n, &p);
    }
    free(path);
    if (p.count == 0 && !p.nomem && build_spec(chain, n, slots->count, out) != 0)
        p.nomem = true;
    for (size_t i = 0; i < n; i++) {
        free(chain[i].path);
        free(chain[i].name);
        free(chain[i].parent);
        free(chain[i].slots);
    }
    return problems_finish(&p, err);
}

int theme_file_load_path(const struct theme_file_dirs *dirs, const char *path,
                         const struct theme_file_slots *slots, struct theme_spec *out,
                         struct api_error *err)
{
    char *copy = strdup(path);
    if (!copy) {
        *out = (struct theme_spec){0};
        return api_error_nomem(err);
    }
    return load_chain(dirs, copy, slots, out, err);
}

int theme_file_load(const struct theme_file_dirs *dirs, const char *name,
                    const struct theme_file_slots *slots, struct theme_spec *out,
                    struct api_error *err)
{
    *out = (struct theme_spec){0};
    char *path = theme_file_find(dirs, name, err);
    return path ? load_chain(dirs, path, slots, out, err) : -1;
}

void theme_file_free(struct theme_spec *spec)
{
    if (!spec)
        return;
    free(spec->name);
    free(spec->path);
    free(spec->slots);
    *spec = (struct theme_spec){0};
}

bool theme_file_name_ok(const char *name)
{
    size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
    return len > 0 && len <= 64 && name[len] == '\0' && name[0] != '.';
}

static bool regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int not_found(const struct theme_file_dirs *dirs, const char *name, struct api_error *err)
{
    if (dirs->count == 0)
        return api_error_fail(err, API_ERR_INVALID, 0, "no theme '%s': no theme directory", name);
    const char *first = dirs->dirs[dirs->count - 1];
    const char *second = dirs->count > 1 ? dirs->dirs[dirs->count - 2] : NULL;
    return api_error_fail(err, API_ERR_INVALID, 0, "no theme '%s' (no %s.yaml in %s%s%s%s)", name,
                          name, first, second ? " or " : "", second ? second : "",
                          dirs->count > 2 ? " or elsewhere" : "");
}

char *theme_file_find(const struct theme_file_dirs *dirs, const char *name, struct api_error *err)
{
    char buf[SHOWN_MAX + 4];
    if (!theme_file_name_ok(name)) {
        api_error_set(err, API_ERR_INVALID, 0,
                      "bad theme name '%s': letters, digits, '-', '_' and '.' (not first)",
                      shown(name, buf));
        return NULL;
    }
    for (size_t i = dirs->count; i-- > 0;) {
        size_t len = strlen(dirs->dirs[i]) + strlen(name) + sizeof "/.yaml";
        char *path = malloc(len);
        if (!path) {
            api_error_nomem(err);
            return NULL;
        }
        snprintf(path, len, "%s/%s.yaml", dirs->dirs[i], name);
        if (regular_file(path))
            return path;
        free(path);
    }
    not_found(dirs, name, err);
    return NULL;
}

void theme_file_dirs_init(struct theme_file_dirs *dirs, const char *installed_dir,
                          const char *xdg_config_home, const char *home, char *user_buf, size_t len)
{
    int n = -1;
    *dirs = (struct theme_file_dirs){0};
    if (installed_dir && *installed_dir)
        dirs->dirs[dirs->count++] = installed_dir;
    /* The XDG spec has relative values ignored. */
    if (xdg_config_home && xdg_config_home[0] == '/')
        n = snprintf(user_buf, len, "%s/sendx-tui/themes", xdg_config_home);
    else if (home && home[0] == '/')
        n = snprintf(user_buf, len, "%s/.config/sendx-tui/themes", home);
    if (n > 0 && (size_t)n < len)
        dirs->dirs[dirs->count++] = user_buf;
}

unsigned theme_file_attr_parse(const char *name)
{
    for (size_t i = 0; i < sizeof attr_names / sizeof *attr_names; i++) {
        if (strcmp(name, attr_names[i]) == 0)
            return 1u << i;
    }
    return 0;
}

struct color_rgb theme_file_default_fg(enum theme_file_background background)
{
    return background == THEME_FILE_LIGHT ? (struct color_rgb){0x00, 0x00, 0x00}
                                          : (struct color_rgb){0xe5, 0xe5, 0xe5};
}

struct color_rgb theme_file_default_bg(enum theme_file_background background)
{
    return background == THEME_FILE_LIGHT ? (struct color_rgb){0xff, 0xff, 0xff}
                                          : (struct color_rgb){0x00, 0x00, 0x00};
}

double theme_file_slot_contrast(const struct theme_spec *spec, size_t slot)
{
    const struct theme_file_slot *s = &spec->slots[slot];
    struct color_rgb fg = color_resolve(s->fg, theme_file_default_fg(spec->background));
    struct color_rgb bg = color_resolve(s->bg, theme_file_default_bg(spec->background));
    return color_contrast(fg, bg);
}
