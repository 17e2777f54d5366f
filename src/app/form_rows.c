/* The form's rows as the user meets them: the focus, typing and toggling
 * in a row, the server's words placed beside the row they are about, and
 * what each row shows. The state and its values live in form.c. */
#include "app/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/enums.h"
#include "app/names.h"
#include "app/text.h"

/* Enum codes are small: the spec's stop at 7. */
#define CHOICE_SCAN 32

/* ---- focus ---- */

void form_focus_next(struct form *f)
{
    if (f->n_fields)
        f->focus = (f->focus + 1) % f->n_fields;
}

void form_focus_prev(struct form *f)
{
    if (f->n_fields)
        f->focus = (f->focus + f->n_fields - 1) % f->n_fields;
}

void form_focus_set(struct form *f, size_t i)
{
    if (i < f->n_fields)
        f->focus = i;
}

/* ---- editing the focused row ---- */

static struct line *focused_line(struct form *f)
{
    return form_field_is_line(f, f->focus) ? &f->fields[f->focus].line : NULL;
}

static void follow(const struct form *f, struct line *l)
{
    if (f->width > 0)
        line_follow_cursor(l, f->width);
}

bool form_edit(struct form *f, enum action act)
{
    struct line *l = focused_line(f);
    if (!l)
        return false;
    bool changed = line_action(l, act) == LINE_CHANGED;
    follow(f, l);
    if (changed)
        form_touch(f, f->focus);
    return changed;
}

int form_insert_text(struct form *f, const char *utf8, size_t n)
{
    struct line *l = focused_line(f);
    if (!l)
        return 0;
    size_t before = l->len;
    if (line_insert(l, utf8, n) < 0)
        return -1;
    if (l->len == before)
        return 0;
    follow(f, l);
    form_touch(f, f->focus);
    return 1;
}

int form_insert(struct form *f, uint32_t codepoint)
{
    char utf8[4];
    size_t n = text_utf8_encode(codepoint, utf8);
    return n ? form_insert_text(f, utf8, n) : 0;
}

/* The next code after v that enums.h names, after the last the first;
 * v if it names none. */
static int64_t next_choice(enum sendx_kind kind, unsigned member, int64_t v)
{
    int64_t from = v >= 0 && v < CHOICE_SCAN ? v : -1;
    for (int64_t step = 1; step <= CHOICE_SCAN; step++) {
        int64_t c = (from + step) % CHOICE_SCAN;
        if (enums_meaning(kind, member, c))
            return c;
    }
    return v;
}

bool form_toggle(struct form *f)
{
    if (f->focus >= f->n_fields)
        return false;
    struct form_field *fl = &f->fields[f->focus];
    if (fl->def->widget == FORM_BOOL)
        fl->number = !fl->number;
    else if (fl->def->widget == FORM_CHOICE)
        fl->number = next_choice(f->kind, fl->def->member, fl->number);
    else
        return false;
    form_touch(f, f->focus);
    return true;
}

void form_set_width(struct form *f, int cells)
{
    f->width = cells;
    for (size_t i = 0; i < f->n_fields; i++) {
        if (form_field_is_line(f, i)) {
            /* From the start, so a wider field shows as much as fits. */
            f->fields[i].line.scroll = 0;
            follow(f, &f->fields[i].line);
        }
    }
}

/* ---- the server's words ---- */

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Where name first occurs in s as a whole word, any case; -1 if nowhere.
 * Whole words keep "name" from matching inside "firstName". */
static long word_at(const char *s, const char *name)
{
    size_t n = name ? strlen(name) : 0;
    for (const char *p = s; n && *p; p++) {
        if (strncasecmp(p, name, n) == 0 && (p == s || !word_char(p[-1])) && !word_char(p[n]))
            return (long)(p - s);
    }
    return -1;
}

/* The write schema's name for member: what the server's messages say. */
static const char *api_name(enum sendx_kind kind, unsigned member)
{
    const struct codec_schema *w = model_resource(kind)->write;
    for (size_t i = 0; i < w->n_fields; i++)
        if (w->fields[i].member == member)
            return w->fields[i].name;
    return NULL;
}

/* Where the message first names row i, or -1; *len how long the name
 * is, so a longer name at the same place wins ("first name" over a
 * "first" row, were there one). */
static long row_named_at(const struct form *f, size_t i, const char *message, size_t *len)
{
    const struct form_field *fl = &f->fields[i];
    const char *names[3] = {
        form_field_label(f, i),
        fl->def->widget == FORM_CUSTOM ? fl->custom_id : api_name(f->kind, fl->def->member), NULL};
    long best = -1;
    for (size_t k = 0; names[k]; k++) {
        long at = word_at(message, names[k]);
        if (at >= 0 && (best < 0 || at < best || (at == best && strlen(names[k]) > *len))) {
            best = at;
            *len = strlen(names[k]);
        }
    }
    return best;
}

/* The row the server's words are about, or f->n_fields for none. */
static size_t row_for(const struct form *f, long status, const char *message)
{
    if (f->kind == SENDX_KIND_CONTACT && status == 409) {
        for (size_t i = 0; i < f->n_fields; i++)
            if (f->fields[i].def->member == SENDX_CONTACT_EMAIL)
                return i;
    }
    if (status < 400 || status > 499)
        return f->n_fields;
    size_t row = f->n_fields, row_len = 0;
    long row_at = -1;
    for (size_t i = 0; i < f->n_fields; i++) {
        size_t len = 0;
        long at = row_named_at(f, i, message, &len);
        if (at >= 0 && (row_at < 0 || at < row_at || (at == row_at && len > row_len))) {
            row = i;
            row_at = at;
            row_len = len;
        }
    }
    return row;
}

int form_server_error(struct form *f, long http_status, const char *message)
{
    char said[64];
    if (!message || !*message) {
        snprintf(said, sizeof said, "the server refused it (HTTP %ld)", http_status);
        message = said;
    }
    char *copy = strdup(message);
    if (!copy)
        return -1;
    size_t row = row_for(f, http_status, message);
    char **slot = row < f->n_fields ? &f->fields[row].server_error : &f->message;
    free(*slot);
    *slot = copy;
    if (row < f->n_fields)
        f->focus = row;
    return 0;
}

void form_clear_server_errors(struct form *f)
{
    for (size_t i = 0; i < f->n_fields; i++) {
        free(f->fields[i].server_error);
        f->fields[i].server_error = NULL;
    }
    free(f->message);
    f->message = NULL;
}

/* ---- what to show ---- */

/* Text written into a caller's buffer, whole characters only, so a cut
 * never leaves half a character; once something does not fit, nothing
 * after it is written either. */
struct out {
    char *buf;
    size_t size, used;
    bool full;
};

static void put(struct out *o, const char *s)
{
    for (size_t len; !o->full && *s; s += len) {
        len = text_char_len(s);
        if (o->used + len >= o->size) {
            o->full = true;
            break;
        }
        memcpy(o->buf + o->used, s, len);
        o->used += len;
    }
    o->buf[o->used] = '\0';
}

static void put_number(struct out *o, size_t n, const char *one, const char *many)
{
    char text[64];
    snprintf(text, sizeof text, "%zu %s", n, n == 1 ? one : many);
    put(o, text);
}

/* What people call the record: its first text row as loaded (a
 * contact's email, a list's name), else its id. */
static const char *record_name(const struct form *f)
{
    const struct form_def *def = form_def_for(f->kind);
    const struct model_type *t = model_resource(f->kind)->type;
    for (size_t i = 0; i < def->n; i++) {
        unsigned m = def->fields[i].member;
        if (def->fields[i].widget != FORM_TEXT)
            continue;
        const char *s = codec_is_set(f->original, m)
                            ? *(char *const *)((const char *)f->original + t->members[m].offset)
                            : NULL;
        return s && !validate_blank(s) ? s : f->id;
    }
    return f->id;
}

const char *form_title(const struct form *f, char *buf, size_t n)
{
    struct out o = {buf, n, 0, false};
    put(&o, f->id ? "Edit " : "New ");
    put(&o, form_def_for(f->kind)->noun);
    if (f->id) {
        put(&o, " ");
        put(&o, record_name(f));
    }
    return buf;
}

const char *form_field_label(const struct form *f, size_t i)
{
    if (i >= f->n_fields)
        return "";
    const struct form_field *fl = &f->fields[i];
    if (fl->def->label)
        return fl->def->label;
    if (fl->def->widget == FORM_CUSTOM)
        return fl->custom_name;
    return model_resource(f->kind)->type->members[fl->def->member].label;
}

static void put_items(struct out *o, const struct form_field *fl, const struct names *names)
{
    const struct sendx_strv *v = &fl->items;
    if (v->len == 0)
        put(o, "(none)");
    for (size_t i = 0; i < v->len; i++) {
        const char *item = v->items[i];
        const char *name = names ? names_get(names, item) : NULL;
        put(o, i ? ", " : "");
        put(o, name ? name : item);
        if (!name && fl->def->widget == FORM_TAGS && form_tag_is_name(item))
            put(o, " (new)");
    }
}

static void put_summary(struct out *o, const char *text)
{
    if (!text || !*text) {
        put(o, "(empty)");
        return;
    }
    size_t lines = 0, len = strlen(text);
    for (const char *p = text; (p = strchr(p, '\n')); p++)
        lines++;
    lines += text[len - 1] != '\n';
    put_number(o, lines, "line", "lines");
    put(o, ", ");
    put_number(o, validate_chars(text), "character", "characters");
}

const char *form_field_display(const struct form *f, size_t i, const struct names *names, char *buf,
                               size_t n)
{
    struct out o = {buf, n, 0, false};
    put(&o, "");
    if (i >= f->n_fields)
        return buf;
    const struct form_field *fl = &f->fields[i];
    char code[32];
    switch (fl->def->widget) {
    case FORM_TEXT:
    case FORM_CUSTOM:
        put(&o, line_text(&fl->line));
        break;
    case FORM_LONG_TEXT:
        put_summary(&o, fl->text);
        break;
    case FORM_BOOL:
        put(&o, fl->number ? "[x]" : "[ ]");
        break;
    case FORM_CHOICE:
        put(&o, enums_text(f->kind, fl->def->member, fl->number, code));
        break;
    case FORM_REF:
    case FORM_REFS:
    case FORM_TAGS:
        put_items(&o, fl, names);
        break;
    }
    return buf;
}
