/* Problems found in a configuration, and the did-you-mean that makes an
 * unknown name easy to fix. */
#include "config/config_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add(struct config_diags *d, struct config_diag diag)
{
    if (d->len == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 8;
        struct config_diag *p = realloc(d->items, ncap * sizeof *p);
        if (!p)
            return -1;
        d->items = p;
        d->cap = ncap;
    }
    d->items[d->len++] = diag;
    return 0;
}

/* A heap string from printf arguments, or NULL if out of memory. */
static char *format(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
static char *format(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

static char *place_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *place_text(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = format(fmt, ap);
    va_end(ap);
    return s;
}

void config_diag(struct config_check *c, enum config_severity sev, const struct yaml_value *v,
                 const char *fmt, ...)
{
    struct config_diags *d = c->diags;
    if (sev == CONFIG_ERROR)
        d->errors++;
    va_list ap;
    va_start(ap, fmt);
    char *what = format(fmt, ap);
    va_end(ap);
    if (!what)
        return;
    struct config_diag diag = {.severity = sev, .at = {v->line, v->column}};
    diag.text = place_text("%s:%u:%u: %s%s", v->file, v->line, v->column,
                           sev == CONFIG_WARNING ? "warning: " : "", what);
    free(what);
    if (diag.text)
        yaml_text_printable(diag.text);
    if (diag.text && add(d, diag) < 0)
        free(diag.text);
}

void config_diag_text(struct config_diags *d, struct config_place at, const char *text)
{
    d->errors++;
    struct config_diag diag = {.severity = CONFIG_ERROR, .at = at, .text = strdup(text)};
    if (diag.text)
        yaml_text_printable(diag.text);
    if (diag.text && add(d, diag) < 0)
        free(diag.text);
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* Edit distance where swapping two neighbours counts as one edit
 * ("tabel" is one from "table"), the commonest typo. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), w = lb + 1;
    size_t *d = malloc((la + 1) * w * sizeof *d);
    if (!d)
        return (size_t)-1;
    for (size_t i = 0; i <= la; i++)
        d[i * w] = i;
    for (size_t j = 0; j <= lb; j++)
        d[j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t v = min3(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1,
                            d[(i - 1) * w + j - 1] + (a[i - 1] != b[j - 1]));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[(i - 2) * w + j - 2] + 1 < v)
                v = d[(i - 2) * w + j - 2] + 1;
            d[i * w + j] = v;
        }
    }
    size_t r = d[la * w + lb];
    free(d);
    return r;
}

const char *config_suggest(const char *word, const char *const *names)
{
    /* A third of the word may be wrong: "colums" finds "columns", while
     * "x" does not find every one-letter name. */
    size_t limit = strlen(word) / 3 > 1 ? strlen(word) / 3 : 1;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; names && names[i]; i++) {
        size_t d = distance(word, names[i]);
        if (d < best_d) {
            best = names[i];
            best_d = d;
        }
    }
    return best;
}

void config_unknown(struct config_check *c, enum config_severity sev, const struct yaml_value *key,
                    const char *what, const char *const *names)
{
    const char *near = config_suggest(key->text, names);
    if (near)
        config_diag(c, sev, key, "unknown %s \"%s\" (did you mean \"%s\"?)", what, key->text, near);
    else
        config_diag(c, sev, key, "unknown %s \"%s\"", what, key->text);
}

char *config_text(struct config_check *c, const struct yaml_value *v, const char *option)
{
    if (v->kind != YAML_VALUE_SCALAR) {
        config_diag(c, CONFIG_ERROR, v, "%s must be text, not %s", option, yaml_kind_name(v->kind));
        return NULL;
    }
    if (yaml_is_null(v)) {
        config_diag(c, CONFIG_ERROR, v, "%s has no value", option);
        return NULL;
    }
    char *s = strdup(v->text);
    if (!s)
        config_diag(c, CONFIG_ERROR, v, "out of memory");
    return s;
}

bool config_is_map(struct config_check *c, const struct yaml_value *v, const char *option)
{
    if (v->kind == YAML_VALUE_MAP || yaml_is_null(v))
        return true;
    config_diag(c, CONFIG_ERROR, v, "%s must be a mapping (name: value), not %s", option,
                yaml_kind_name(v->kind));
    return false;
}

void diags_free(struct config_diags *diags)
{
    for (size_t i = 0; i < diags->len; i++)
        free(diags->items[i].text);
    free(diags->items);
    memset(diags, 0, sizeof *diags);
}

void diags_print(const struct config_diags *diags, FILE *out)
{
    for (size_t i = 0; i < diags->len; i++)
        fprintf(out, "%s\n", diags->items[i].text);
}
