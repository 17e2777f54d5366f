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

#include "config/yaml.h"

/* Past this many, more lines would bury the first ones. */
#define MAX_PROBLEMS 50
/* How much of a file's own text an error message repeats. */
#define SHOWN_MAX 40

static const char *const attr_names[] = {"bold", "dim", "underline", "reverse", "italic"};
static const char *const top_keys[] = {"name", "parent", "background", "slots"};
static const char *const slot_fields[] = {"fg", "bg", "attrs"};

/* Where something was written, 1-based. */
struct place {
    unsigned line, column;
};

static struct place place_of(const struct yaml_value *v)
{
    return (struct place){v->line, v->column};
}

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

/* at is NULL for a problem with the whole file; path is NULL for a line
 * that already names its place. */
__attribute__((format(printf, 4, 0))) static void
problem_v(struct problems *p, const char *path, const struct place *at, const char *fmt, va_list ap)
{
    if (++p->count > MAX_PROBLEMS || p->nomem)
        return;
    int rc = fprintf(p->out, "%s", p->count > 1 ? "\n" : "");
    if (rc >= 0 && path)
        rc = fprintf(p->out, "%s", path);
    if (rc >= 0 && path && at)
        rc = fprintf(p->out, ":%u:%u", at->line, at->column);
    if (rc >= 0 && path)
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
                                                             struct place at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    problem_v(p, path, &at, fmt, ap);
    va_end(ap);
}

/* A problem with a value of the file. */
__attribute__((format(printf, 3, 4))) static void
problem_in(struct problems *p, const struct yaml_value *v, const char *fmt, ...)
{
    struct place at = place_of(v);
    va_list ap;
    va_start(ap, fmt);
    problem_v(p, v->file, &at, fmt, ap);
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

static bool is_control(const unsigned char *c)
{
    return *c < 0x20 || *c == 0x7f || (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f);
}

/* A file's own text, made safe to print (no control characters, C0 or
 * C1, can reach the terminal) and short. */
static const char *shown(const char *s, char buf[SHOWN_MAX + 4])
{
    size_t n = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c && n < SHOWN_MAX; c++) {
        bool control = is_control(c);
        buf[n++] = control ? '?' : (char)*c;
        c += control && *c == 0xc2;
    }
    strcpy(buf + n, strlen(s) > n ? "..." : "");
    return buf;
}

/* yaml.h's message for a file it refused, which names its own place but
 * may quote the file (a key given twice), made safe the same way. */
static void problem_yaml(struct problems *p, const struct api_error *e)
{
    char *line = strdup(api_error_message(e));
    if (!line) {
        p->nomem = true;
        return;
    }
    yaml_text_printable(line);
    problem_file(p, NULL, "%s", line);
    free(line);
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
    /* The file's text when the caller holds it (borrowed), else NULL:
     * read from path. */
    const char *text;
    size_t text_len;
    struct place name_at, parent_at;
    bool has_background;
    enum theme_file_background background;
    const struct theme_file_slots *names;
    struct layer_slot *slots;
    struct problems *problems;
};

/* The first list or mapping nested deeper than a theme allows, in file
 * order, or NULL. yaml.h's own, larger, cap bounds the recursion. */
static const struct yaml_value *too_deep(const struct yaml_value *v, int depth)
{
    if (v->kind == YAML_VALUE_SCALAR)
        return NULL;
    if (depth > THEME_FILE_MAX_DEPTH)
        return v;
    const struct yaml_value *deep = NULL;
    for (size_t i = 0; !deep && i < v->len; i++)
        deep = too_deep(v->kind == YAML_VALUE_SEQ ? &v->items[i] : &v->pairs[i].value, depth + 1);
    return deep;
}

/* The value's text when it is a single value; else says what it should
 * be and returns NULL. */
static const char *scalar(struct problems *p, const struct yaml_value *v, const char *what)
{
    const char *s = yaml_scalar(v);
    if (!s)
        problem_in(p, v, "%s", what);
    return s;
}

static char *dup_or_flag(struct problems *p, const char *s)
{
    char *copy = strdup(s);
    if (!copy)
        p->nomem = true;
    return copy;
}

static void read_color(struct problems *p, const struct yaml_value *v, const char *slot,
                       const char *field, struct color *c, bool *set)
{
    const char *s = scalar(p, v, "a colour is a single value: a name, 0-255 or \"#rrggbb\"");
    const char *why = NULL;
    char buf[SHOWN_MAX + 4];
    if (!s)
        return;
    if (!*s && v->plain)
        why = "no colour given (write \"#rrggbb\" in quotes: a bare # starts a comment)";
    else if (color_parse(s, c, &why))
        *set = true;
    if (why)
        problem_in(p, v, "bad colour '%s' for %s.%s: %s", shown(s, buf), slot, field, why);
}

static void read_attrs(struct problems *p, const struct yaml_value *v, const char *slot,
                       struct layer_slot *s)
{
    if (v->kind != YAML_VALUE_SEQ) {
        problem_in(p, v, "%s.attrs is a list, like [bold, underline]", slot);
        return;
    }
    s->attrs = 0;
    s->attrs_set = true;
    for (size_t i = 0; i < v->len; i++) {
        const char *a = scalar(p, &v->items[i], "an attribute is a single word");
        char buf[SHOWN_MAX + 4];
        unsigned bit = a ? theme_file_attr_parse(a) : 0;
        if (a && !bit)
            problem_in(p, &v->items[i],
                       "bad attribute '%s' for %s: use bold, dim, underline, reverse, italic",
                       shown(a, buf), slot);
        s->attrs |= bit;
    }
}

static void read_slot(struct problems *p, const struct yaml_value *map, const char *name,
                      struct layer_slot *slot)
{
    for (size_t i = 0; i < map->len; i++) {
        const struct yaml_value *key = &map->pairs[i].key, *v = &map->pairs[i].value;
        char buf[SHOWN_MAX + 4], hint[SHOWN_MAX + 32];
        if (strcmp(key->text, "fg") == 0)
            read_color(p, v, name, "fg", &slot->fg, &slot->fg_set);
        else if (strcmp(key->text, "bg") == 0)
            read_color(p, v, name, "bg", &slot->bg, &slot->bg_set);
        else if (strcmp(key->text, "attrs") == 0)
            read_attrs(p, v, name, slot);
        else
            problem_in(p, key, "unknown field '%s' in slot %s%s: use fg, bg, attrs",
                       shown(key->text, buf), name, did_you_mean(key->text, slot_fields, 3, hint));
    }
}

/* yaml.h has refused a slot given twice already. */
static void read_slots(struct layer *l, const struct yaml_value *map)
{
    const struct theme_file_slots *names = l->names;
    if (map->kind != YAML_VALUE_MAP) {
        problem_in(l->problems, map, "slots is a mapping from slot name to {fg, bg, attrs}");
        return;
    }
    for (size_t p = 0; p < map->len; p++) {
        const struct yaml_value *key = &map->pairs[p].key, *v = &map->pairs[p].value;
        char buf[SHOWN_MAX + 4], hint[SHOWN_MAX + 32];
        size_t i = 0;
        while (i < names->count && strcmp(names->names[i], key->text) != 0)
            i++;
        if (i == names->count) {
            problem_in(l->problems, key, "unknown slot '%s'%s", shown(key->text, buf),
                       did_you_mean(key->text, names->names, names->count, hint));
        } else if (v->kind != YAML_VALUE_MAP) {
            problem_in(l->problems, v,
                       "slot %s is a mapping, like {fg: white, bg: blue, attrs: [bold]}",
                       key->text);
        } else {
            l->slots[i].given = true;
            read_slot(l->problems, v, names->names[i], &l->slots[i]);
        }
    }
}

static char *read_name(struct problems *p, const struct yaml_value *v, const char *key)
{
    char buf[SHOWN_MAX + 4];
    const char *s = scalar(p, v, "a theme's name is a single word");
    if (!s)
        return NULL;
    if (theme_file_name_ok(s))
        return dup_or_flag(p, s);
    problem_in(p, v, "bad %s '%s': letters, digits, '-', '_' and '.' (not first), up to 64", key,
               shown(s, buf));
    return NULL;
}

static void read_background(struct layer *l, const struct yaml_value *v)
{
    const char *s = scalar(l->problems, v, "background is dark or light");
    if (!s)
        return;
    l->has_background = strcmp(s, "dark") == 0 || strcmp(s, "light") == 0;
    l->background = strcmp(s, "light") == 0 ? THEME_FILE_LIGHT : THEME_FILE_DARK;
    if (!l->has_background)
        problem_in(l->problems, v, "background is dark or light");
}

/* yaml.h has refused a key given twice already. */
static void read_top(struct layer *l, const struct yaml_value *key, const struct yaml_value *v)
{
    char buf[SHOWN_MAX + 4], hint[SHOWN_MAX + 32];
    size_t i = 0;
    while (i < 4 && strcmp(top_keys[i], key->text) != 0)
        i++;
    if (i == 0) {
        l->name_at = place_of(key);
        l->name = read_name(l->problems, v, "name");
    } else if (i == 1) {
        l->parent_at = place_of(v);
        l->parent = read_name(l->problems, v, "parent");
    } else if (i == 2) {
        read_background(l, v);
    } else if (i == 3) {
        read_slots(l, v);
    } else {
        problem_in(l->problems, key,
                   "unknown key '%s'%s: a theme has name, parent, background, slots",
                   shown(key->text, buf), did_you_mean(key->text, top_keys, 4, hint));
    }
}

static void read_document(struct layer *l, const struct yaml_value *root)
{
    const struct place start = {1, 1};
    if (!root) {
        problem_at(l->problems, l->path, start, "empty file: a theme has at least a name");
        return;
    }
    const struct yaml_value *deep = too_deep(root, 1);
    if (deep) {
        problem_in(l->problems, deep, "nested deeper than %d levels", THEME_FILE_MAX_DEPTH);
        return;
    }
    if (root->kind != YAML_VALUE_MAP)
        problem_in(l->problems, root, "a theme is a mapping: name, parent, background, slots");
    for (size_t i = 0; root->kind == YAML_VALUE_MAP && i < root->len; i++)
        read_top(l, &root->pairs[i].key, &root->pairs[i].value);
    if (!l->name)
        problem_at(l->problems, l->path, start, "no name: a theme says 'name: NAME'");
}

/* The whole file, or NULL when it cannot be read, is not a regular file
 * (a FIFO would block the app) or is over the cap, which is checked
 * before yaml.h (whose own cap is larger) sees a byte. */
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
static void check_file_name(const struct layer *l)
{
    const char *base = strrchr(l->path, '/');
    base = base ? base + 1 : l->path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
        len -= 5;
    if (l->name && (strlen(l->name) != len || strncmp(l->name, base, len) != 0))
        problem_at(l->problems, l->path, l->name_at,
                   "name '%s' is not the file's name '%.*s' (themes are found by file name)",
                   l->name, (int)len, base);
}

/* yaml.h refuses bad YAML, aliases and anchors, keys given twice and
 * more than one document, each alone at its place. */
static void load_layer(struct layer *l)
{
    size_t len = l->text_len;
    char *read = l->text ? NULL : read_capped(l->path, &len, l->problems);
    const char *text = l->text ? l->text : read;
    if (!text)
        return;
    if (len > THEME_FILE_MAX_BYTES) {
        problem_file(l->problems, l->path, "larger than %d bytes: not read", THEME_FILE_MAX_BYTES);
        return;
    }
    struct yaml_doc doc;
    struct api_error e = {0};
    if (yaml_load_string(l->path, text, len, &doc, &e) == 0)
        read_document(l, doc.root);
    else if (e.kind == API_ERR_NOMEM)
        l->problems->nomem = true;
    else
        problem_yaml(l->problems, &e);
    api_error_clear(&e);
    yaml_doc_free(&doc);
    free(read);
    check_file_name(l);
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
        problem_at(p, last->path, last->parent_at, "parent cycle: %s", names);
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
        problem_at(p, last->path, last->parent_at, "more than %d parents", THEME_FILE_MAX_PARENTS);
        return NULL;
    }
    struct api_error e = {0};
    char *path = theme_file_find(dirs, last->parent, &e);
    if (!path && e.kind == API_ERR_NOMEM)
        p->nomem = true;
    else if (!path)
        problem_at(p, last->path, last->parent_at, "missing parent: %s", api_error_message(&e));
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

/* path's theme and its parents; text (len bytes), if not NULL, is what
 * path holds. */
static int load_chain(const struct theme_file_dirs *dirs, char *path, const char *text, size_t len,
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
        *l = (struct layer){.path = path, .names = slots, .problems = &p};
        if (n == 1)
            l->text = text, l->text_len = len;
        l->slots = calloc(slots->count ? slots->count : 1, sizeof *l->slots);
        p.nomem = l->slots == NULL;
        if (l->slots)
            load_layer(l);
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
    return load_chain(dirs, copy, NULL, 0, slots, out, err);
}

int theme_file_load_text(const struct theme_file_dirs *dirs, const char *path, const char *text,
                         size_t len, const struct theme_file_slots *slots, struct theme_spec *out,
                         struct api_error *err)
{
    char *copy = strdup(path);
    if (!copy) {
        *out = (struct theme_spec){0};
        return api_error_nomem(err);
    }
    return load_chain(dirs, copy, text, len, slots, out, err);
}

int theme_file_load(const struct theme_file_dirs *dirs, const char *name,
                    const struct theme_file_slots *slots, struct theme_spec *out,
                    struct api_error *err)
{
    *out = (struct theme_spec){0};
    char *path = theme_file_find(dirs, name, err);
    return path ? load_chain(dirs, path, NULL, 0, slots, out, err) : -1;
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
