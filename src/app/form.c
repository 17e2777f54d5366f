#include "app/form.h"

#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/ids.h"
#include "app/changes.h"

/* Custom field rows differ only by the field they hold, kept in the row. */
static const struct form_field_def custom_def = {
    .member = SENDX_CONTACT_CUSTOM_FIELDS,
    .widget = FORM_CUSTOM,
    .ref_kind = SENDX_KIND_FIELD,
};

/* Room for a record of any kind a form edits, so the checks can build
 * one from the rows without allocating. */
union form_record {
    struct sendx_contact contact;
    struct sendx_list list;
    struct sendx_tag tag;
    struct sendx_campaign campaign;
    struct sendx_template template;
    struct sendx_sender sender;
    struct sendx_field field;
    struct sendx_webhook webhook;
};

static const struct model_type *type_of(const struct form *f)
{
    return model_resource(f->kind)->type;
}

static const void *member_at(const struct form *f, const void *record, unsigned member)
{
    return (const char *)record + type_of(f)->members[member].offset;
}

static void *member_ptr(const struct form *f, void *record, unsigned member)
{
    return (char *)record + type_of(f)->members[member].offset;
}

static const char *string_at(const struct form *f, const void *record, unsigned member)
{
    const char *s =
        codec_is_set(record, member) ? *(char *const *)member_at(f, record, member) : NULL;
    return s ? s : "";
}

/* ---- string lists ---- */

/* Replaces *v with copies of items[0..n); -1 (v unchanged) if out of
 * memory. */
static int strv_set(struct sendx_strv *v, const char *const *items, size_t n)
{
    struct sendx_strv fresh = {n ? calloc(n, sizeof *fresh.items) : NULL, 0};
    if (n && !fresh.items)
        return -1;
    for (; fresh.len < n; fresh.len++) {
        fresh.items[fresh.len] = strdup(items[fresh.len]);
        if (!fresh.items[fresh.len]) {
            codec_strv_free(&fresh);
            return -1;
        }
    }
    codec_strv_free(v);
    *v = fresh;
    return 0;
}

static int text_replace(char **dst, const char *text)
{
    char *copy = text && *text ? strdup(text) : NULL;
    if (text && *text && !copy)
        return -1;
    free(*dst);
    *dst = copy;
    return 0;
}

/* ---- custom field keys ---- */

/* A custom field's id without its prefix: contacts key their values by
 * field_<22> while the custom-field endpoint names the same field
 * custom_field_<22>, and either may reach the form. */
static const char *field_tail(const char *id)
{
    static const char *const prefixes[] = {"custom_field_", "field_"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(id, prefixes[i], n) == 0)
            return id + n;
    }
    return id;
}

/* The index in m of field id's value under either spelling, or m->len. */
static size_t custom_index(const struct sendx_map *m, const char *id)
{
    size_t i = 0;
    while (i < m->len && strcmp(field_tail(m->items[i].key), field_tail(id)) != 0)
        i++;
    return i;
}

static const struct sendx_map *map_at(const struct form *f, const void *record)
{
    static const struct sendx_map none;
    return codec_is_set(record, SENDX_CONTACT_CUSTOM_FIELDS)
               ? member_at(f, record, SENDX_CONTACT_CUSTOM_FIELDS)
               : &none;
}

/* ---- rows from a record ---- */

/* What a boolean or choice row starts at: the spec's default. */
static int64_t initial_of(const struct form_field_def *d)
{
    return d->flags & FORM_START_ON ? 1 : 0;
}

static int load_number(const struct form *f, struct form_field *fl, const void *record)
{
    unsigned m = fl->def->member;
    const void *p = member_at(f, record, m);
    if (!codec_is_set(record, m))
        fl->number = initial_of(fl->def);
    else
        fl->number = fl->def->widget == FORM_BOOL ? *(const bool *)p : *(const int64_t *)p;
    return 0;
}

static int load_items(const struct form *f, struct form_field *fl, const void *record)
{
    unsigned m = fl->def->member;
    if (fl->def->widget == FORM_REF) {
        const char *id = string_at(f, record, m);
        return strv_set(&fl->items, &id, *id ? 1 : 0);
    }
    const struct sendx_strv *v = member_at(f, record, m);
    bool set = codec_is_set(record, m);
    return strv_set(&fl->items, set ? (const char *const *)v->items : NULL, set ? v->len : 0);
}

static int load_custom(const struct form *f, struct form_field *fl, const void *record)
{
    const struct sendx_map *m = map_at(f, record);
    size_t i = custom_index(m, fl->custom_id);
    return line_set(&fl->line, i < m->len && m->items[i].value ? m->items[i].value : "");
}

/* Row fl shows record's value (of f's kind; an unset member is empty). */
static int field_load(const struct form *f, struct form_field *fl, const void *record)
{
    switch (fl->def->widget) {
    case FORM_TEXT:
        return line_set(&fl->line, string_at(f, record, fl->def->member));
    case FORM_LONG_TEXT:
        return text_replace(&fl->text, string_at(f, record, fl->def->member));
    case FORM_BOOL:
    case FORM_CHOICE:
        return load_number(f, fl, record);
    case FORM_REF:
    case FORM_REFS:
    case FORM_TAGS:
        return load_items(f, fl, record);
    case FORM_CUSTOM:
        return load_custom(f, fl, record);
    }
    return 0;
}

/* ---- open and free ---- */

/* A new record's original: the spec's defaults for the booleans and
 * choices, which a create sends as they are. */
static void set_defaults(struct form *f, const struct form_def *def)
{
    const struct model_type *t = type_of(f);
    for (size_t i = 0; i < def->n; i++) {
        const struct form_field_def *d = &def->fields[i];
        if (d->widget == FORM_BOOL)
            codec_set_bool(t, f->original, d->member, initial_of(d));
        else if (d->widget == FORM_CHOICE)
            codec_set_int(t, f->original, d->member, initial_of(d));
    }
}

static int open_original(struct form *f, const struct form_def *def, const void *record,
                         struct api_error *err)
{
    const struct model_resource *r = model_resource(f->kind);
    if (record && !def->can_edit)
        return api_error_fail(err, API_ERR_INVALID, 0, "the API cannot change a %s", def->noun);
    const char *id = record ? string_at(f, record, r->id_member) : NULL;
    if (record && !*id)
        return api_error_fail(err, API_ERR_INVALID, 0, "this %s has no id to save it by",
                              def->noun);
    f->original = calloc(1, r->type->size);
    if (!f->original || (id && !(f->id = strdup(id))) ||
        (record && codec_copy(r->type, f->original, record) < 0))
        return api_error_nomem(err);
    if (!record)
        set_defaults(f, def);
    return 0;
}

static int open_rows(struct form *f, const struct form_def *def, const struct form_custom *customs,
                     size_t n_customs)
{
    f->fields = calloc(def->n + n_customs, sizeof *f->fields);
    if (!f->fields)
        return -1;
    for (size_t i = 0; i < def->n; i++)
        f->fields[f->n_fields++].def = &def->fields[i];
    for (size_t i = 0; i < n_customs; i++) {
        struct form_field *fl = &f->fields[f->n_fields++];
        const struct form_custom *c = &customs[i];
        fl->def = &custom_def;
        fl->custom_type = c->type;
        fl->custom_id = strdup(c->id);
        fl->custom_name = strdup(c->name ? c->name : c->id);
        if (!fl->custom_id || !fl->custom_name)
            return -1;
    }
    for (size_t i = 0; i < f->n_fields; i++)
        if (field_load(f, &f->fields[i], f->original) < 0)
            return -1;
    return 0;
}

int form_open(struct form *f, enum sendx_kind kind, const void *record,
              const struct form_custom *customs, size_t n_customs, struct api_error *err)
{
    memset(f, 0, sizeof *f);
    const struct form_def *def = form_def_for(kind);
    if (!def)
        return api_error_fail(err, API_ERR_INVALID, 0, "%s cannot be created",
                              kind < SENDX_KIND_COUNT ? model_resource(kind)->plural : "these");
    f->kind = kind;
    if (kind != SENDX_KIND_CONTACT)
        n_customs = 0;
    if (open_original(f, def, record, err) < 0)
        goto fail;
    if (open_rows(f, def, customs, n_customs) < 0) {
        api_error_nomem(err);
        goto fail;
    }
    return 0;
fail:
    form_free(f);
    return -1;
}

static void field_free(struct form_field *fl)
{
    free(fl->custom_id);
    free(fl->custom_name);
    line_free(&fl->line);
    free(fl->text);
    codec_strv_free(&fl->items);
    free(fl->server_error);
}

void form_free(struct form *f)
{
    for (size_t i = 0; i < f->n_fields; i++)
        field_free(&f->fields[i]);
    free(f->fields);
    if (f->original) {
        codec_free(type_of(f), f->original);
        free(f->original);
    }
    free(f->id);
    free(f->message);
    memset(f, 0, sizeof *f);
}

/* ---- checks ---- */

/* The rows' booleans and choices as a record: all that makes a member
 * required (validate.h's conditions). */
static void scalars_of(const struct form *f, union form_record *r)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < f->n_fields; i++) {
        const struct form_field *fl = &f->fields[i];
        if (fl->def->widget == FORM_BOOL)
            codec_set_bool(type_of(f), r, fl->def->member, fl->number != 0);
        else if (fl->def->widget == FORM_CHOICE)
            codec_set_int(type_of(f), r, fl->def->member, fl->number);
    }
}

/* New tag names are checked only for being there: the save creates them. */
static const char *check_tags(const struct form *f, struct form_field *fl,
                              const union form_record *r)
{
    const struct sendx_strv *v = &fl->items;
    if (v->len == 0)
        return validate_items(f->kind, fl->def->member, v, r, &fl->error_buf);
    for (size_t i = 0; i < v->len; i++) {
        struct sendx_strv one = {&v->items[i], 1};
        const char *why;
        if (!form_tag_is_name(v->items[i]))
            why = validate_items(f->kind, fl->def->member, &one, r, &fl->error_buf);
        else
            why = validate_blank(v->items[i]) ? "has an empty item" : NULL;
        if (why)
            return why;
    }
    return NULL;
}

static const char *check(const struct form *f, struct form_field *fl, const union form_record *r)
{
    unsigned m = fl->def->member;
    switch (fl->def->widget) {
    case FORM_TEXT:
        return validate_member(f->kind, m, line_text(&fl->line), r, &fl->error_buf);
    case FORM_LONG_TEXT:
        return validate_member(f->kind, m, fl->text ? fl->text : "", r, &fl->error_buf);
    case FORM_BOOL:
        return NULL;
    case FORM_CHOICE:
        /* Untouched, it is not sent: a code the server made up is its own. */
        return fl->touched ? validate_choice(f->kind, m, fl->number, &fl->error_buf) : NULL;
    case FORM_REF:
    case FORM_REFS:
        return validate_items(f->kind, m, &fl->items, r, &fl->error_buf);
    case FORM_TAGS:
        return check_tags(f, fl, r);
    case FORM_CUSTOM:
        return validate_custom(fl->custom_type, line_text(&fl->line), &fl->error_buf);
    }
    return NULL;
}

size_t form_validate(struct form *f, bool focus_first)
{
    union form_record r;
    scalars_of(f, &r);
    size_t bad = 0;
    for (size_t i = 0; i < f->n_fields; i++) {
        struct form_field *fl = &f->fields[i];
        fl->error = check(f, fl, &r);
        if (fl->error && bad++ == 0 && focus_first)
            f->focus = i;
    }
    return bad;
}

const char *form_validate_field(struct form *f, size_t i)
{
    if (i >= f->n_fields)
        return NULL;
    union form_record r;
    scalars_of(f, &r);
    return f->fields[i].error = check(f, &f->fields[i], &r);
}

bool form_field_required(const struct form *f, size_t i)
{
    if (i >= f->n_fields || f->fields[i].def->widget == FORM_CUSTOM)
        return false;
    union form_record r;
    scalars_of(f, &r);
    return validate_is_required(f->kind, f->fields[i].def->member, &r);
}

const char *form_field_error(const struct form *f, size_t i)
{
    if (i >= f->n_fields)
        return NULL;
    return f->fields[i].error ? f->fields[i].error : f->fields[i].server_error;
}

/* Rows showing an error are checked again, every one of them since a
 * choice can change what another row needs (a campaign sent at once
 * needs no send time). */
static void recheck(struct form *f)
{
    union form_record r;
    scalars_of(f, &r);
    for (size_t i = 0; i < f->n_fields; i++)
        if (f->fields[i].error)
            f->fields[i].error = check(f, &f->fields[i], &r);
}

/* ---- values ---- */

/* Blank text is no value: left unset unless the original has one to
 * clear. */
static int store_text(const struct form *f, void *out, unsigned m, const char *text)
{
    if (!validate_blank(text))
        return codec_set_string(type_of(f), out, m, text);
    return codec_is_set(f->original, m) ? codec_set_string(type_of(f), out, m, "") : 0;
}

static int store_items(const struct form *f, const struct form_field *fl, void *out)
{
    const struct model_type *t = type_of(f);
    unsigned m = fl->def->member;
    const struct sendx_strv *v = &fl->items;
    if (fl->def->widget == FORM_REF)
        return store_text(f, out, m, v->len ? v->items[0] : "");
    if (v->len == 0 && !codec_is_set(f->original, m))
        return 0;
    return codec_set_strings(t, out, m, (const char *const *)v->items, v->len);
}

static void map_remove(struct sendx_map *m, size_t i)
{
    free(m->items[i].key);
    free(m->items[i].value);
    memmove(&m->items[i], &m->items[i + 1], (m->len - i - 1) * sizeof m->items[i]);
    m->len--;
}

/* The value goes under the key the original used for the field, so an
 * update changes that key rather than clearing it and adding another. */
static int store_custom(const struct form *f, const struct form_field *fl, void *out)
{
    const struct model_type *t = type_of(f);
    /* An unset map is an empty one, so it needs no case of its own. */
    struct sendx_map *m = member_ptr(f, out, SENDX_CONTACT_CUSTOM_FIELDS);
    size_t i = custom_index(m, fl->custom_id);
    const char *text = line_text(&fl->line);
    if (validate_blank(text)) {
        if (i < m->len)
            map_remove(m, i);
        return 0;
    }
    return codec_map_put(t, out, SENDX_CONTACT_CUSTOM_FIELDS,
                         i < m->len ? m->items[i].key : fl->custom_id, text);
}

static int field_store(const struct form *f, const struct form_field *fl, void *out)
{
    const struct model_type *t = type_of(f);
    unsigned m = fl->def->member;
    switch (fl->def->widget) {
    case FORM_TEXT:
        return store_text(f, out, m, line_text(&fl->line));
    case FORM_LONG_TEXT:
        return store_text(f, out, m, fl->text ? fl->text : "");
    case FORM_BOOL:
        codec_set_bool(t, out, m, fl->number != 0);
        return 0;
    case FORM_CHOICE:
        codec_set_int(t, out, m, fl->number);
        return 0;
    case FORM_REF:
    case FORM_REFS:
    case FORM_TAGS:
        return store_items(f, fl, out);
    case FORM_CUSTOM:
        return store_custom(f, fl, out);
    }
    return 0;
}

int form_values(const struct form *f, void *out, struct api_error *err)
{
    const struct model_type *t = type_of(f);
    if (codec_copy(t, out, f->original) < 0) {
        memset(out, 0, t->size);
        return api_error_nomem(err);
    }
    for (size_t i = 0; i < f->n_fields; i++) {
        if (f->fields[i].touched && field_store(f, &f->fields[i], out) < 0) {
            codec_free(t, out);
            return api_error_nomem(err);
        }
    }
    return 0;
}

int form_change(const struct form *f, void *change, struct api_error *err)
{
    union form_record values;
    if (form_values(f, &values, err) < 0) {
        memset(change, 0, type_of(f)->size);
        return -1;
    }
    int rc = changes_between(f->kind, f->original, &values, change, err);
    codec_free(type_of(f), &values);
    return rc;
}

bool form_changed(const struct form *f)
{
    struct api_error err = {0};
    union form_record change;
    if (form_change(f, &change, &err) < 0) {
        api_error_clear(&err);
        return true;
    }
    bool changed = !changes_empty(&change);
    codec_free(type_of(f), &change);
    return changed;
}

/* Whether change (from changes_between) touches row fl's value. */
static bool in_change(const struct form *f, const struct form_field *fl, const void *change)
{
    if (fl->def->widget != FORM_CUSTOM)
        return codec_is_set(change, fl->def->member);
    const struct sendx_map *m = map_at(f, change);
    return custom_index(m, fl->custom_id) < m->len;
}

int form_load_values(struct form *f, const void *values, struct api_error *err)
{
    union form_record change;
    if (changes_between(f->kind, f->original, values, &change, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < f->n_fields && rc == 0; i++) {
        struct form_field *fl = &f->fields[i];
        fl->touched = in_change(f, fl, &change);
        if (field_load(f, fl, values) < 0)
            rc = api_error_nomem(err);
    }
    codec_free(type_of(f), &change);
    form_set_width(f, f->width);
    recheck(f);
    return rc;
}

int form_set_original(struct form *f, const void *record, struct api_error *err)
{
    const struct model_type *t = type_of(f);
    void *copy = calloc(1, t->size);
    if (!copy || codec_copy(t, copy, record) < 0) {
        free(copy);
        return api_error_nomem(err);
    }
    codec_free(t, f->original);
    free(f->original);
    f->original = copy;
    int rc = 0;
    for (size_t i = 0; i < f->n_fields && rc == 0; i++)
        if (!f->fields[i].touched && field_load(f, &f->fields[i], f->original) < 0)
            rc = api_error_nomem(err);
    form_set_width(f, f->width);
    recheck(f);
    return rc;
}

/* ---- rows set whole ---- */

bool form_field_is_line(const struct form *f, size_t i)
{
    return i < f->n_fields &&
           (f->fields[i].def->widget == FORM_TEXT || f->fields[i].def->widget == FORM_CUSTOM);
}

void form_touch(struct form *f, size_t i)
{
    if (i >= f->n_fields)
        return;
    f->fields[i].touched = true;
    free(f->fields[i].server_error);
    f->fields[i].server_error = NULL;
    recheck(f);
}

static bool has_items(const struct form_field *fl)
{
    return fl->def->widget == FORM_REF || fl->def->widget == FORM_REFS ||
           fl->def->widget == FORM_TAGS;
}

const struct sendx_strv *form_field_items(const struct form *f, size_t i)
{
    return i < f->n_fields && has_items(&f->fields[i]) ? &f->fields[i].items : NULL;
}

int form_set_items(struct form *f, size_t i, const char *const *items, size_t n)
{
    if (i >= f->n_fields || !has_items(&f->fields[i]))
        return 0;
    struct form_field *fl = &f->fields[i];
    if (strv_set(&fl->items, items, fl->def->widget == FORM_REF && n > 1 ? 1 : n) < 0)
        return -1;
    form_touch(f, i);
    return 0;
}

bool form_tag_is_name(const char *item)
{
    return !ids_match_ref(item, "tag_", true);
}

int form_set_text(struct form *f, size_t i, const char *text)
{
    int rc;
    if (i < f->n_fields && f->fields[i].def->widget == FORM_LONG_TEXT)
        rc = text_replace(&f->fields[i].text, text);
    else if (form_field_is_line(f, i))
        rc = line_set(&f->fields[i].line, text ? text : "");
    else
        return 0;
    if (rc < 0)
        return -1;
    if (form_field_is_line(f, i) && f->width > 0)
        line_follow_cursor(&f->fields[i].line, f->width);
    form_touch(f, i);
    return 0;
}

const char *form_field_text(const struct form *f, size_t i)
{
    if (i < f->n_fields && f->fields[i].def->widget == FORM_LONG_TEXT)
        return f->fields[i].text ? f->fields[i].text : "";
    return form_field_is_line(f, i) ? line_text(&f->fields[i].line) : NULL;
}
