/* The picker screen: a form row's lists, tags or sender chosen from the
 * names the app has loaded, narrowed by typing. Enter hands the marked
 * ones back to the form under it (or, for a template to copy from, the
 * one chosen to whoever asked); Esc leaves the row as it was. */
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"

struct picker_screen {
    struct screen base;
    struct app_picker p;
    struct screen *form; /* the form under it, whose row it fills */
    size_t field;
    /* Instead of filling the row: what to do with the one chosen. */
    screen_picked_fn *picked;
};

static unsigned accept(struct app *a, struct picker_screen *ps, long now)
{
    struct picker *p = &ps->p.picker;
    struct api_error err = {0};
    /* Single select takes the row under the cursor, as a list box does. */
    const struct picker_item *under = picker_row_item(p, p->cursor);
    bool take = !p->multi && picker_rows(p) && (!under || !under->marked);
    if (take && picker_toggle(p, &err) != 0) {
        app_status(a, APP_MSG_ERROR, "%s", api_error_message(&err));
        api_error_clear(&err);
        return APP_REDRAW;
    }
    if (ps->picked) {
        const char *id = picker_current_id(p);
        char *chosen = id ? strdup(id) : NULL;
        struct screen *form = ps->form;
        screen_picked_fn *picked = ps->picked;
        unsigned f = app_pop(a, now);
        if (chosen)
            f |= picked(a, form, chosen, now);
        free(chosen);
        return f;
    }
    struct sendx_strv chosen = {0};
    if (picker_marked(p, &chosen, &err) != 0) {
        app_status(a, APP_MSG_ERROR, "%s", api_error_message(&err));
        api_error_clear(&err);
        return APP_REDRAW;
    }
    struct app_form *af = ps->form->state;
    if (form_set_items(&af->form, ps->field, (const char *const *)chosen.items, chosen.len) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory: the choice is not kept");
    codec_strv_free(&chosen);
    form_validate_field(&af->form, ps->field);
    af->autosave_due = now + 1000;
    return app_pop(a, now);
}

static unsigned picker_screen_action(struct app *a, struct screen *s, enum action act, long now)
{
    struct picker_screen *ps = (struct picker_screen *)s;
    struct api_error err = {0};
    switch (act) {
    case ACTION_PICKER_ACCEPT:
        return accept(a, ps, now);
    case ACTION_PICKER_CANCEL:
        return app_pop(a, now);
    case ACTION_PICKER_TOGGLE:
        if (picker_toggle(&ps->p.picker, &err) != 0) {
            app_status(a, APP_MSG_ERROR, "%s", api_error_message(&err));
            api_error_clear(&err);
        }
        return APP_REDRAW;
    case ACTION_QUIT:
        return SCREEN_PASS;
    default:
        picker_action(&ps->p.picker, act);
        return APP_REDRAW;
    }
}

static unsigned picker_screen_text(struct app *a, struct screen *s, uint32_t cp, long now)
{
    struct picker_screen *ps = (struct picker_screen *)s;
    (void)now;
    if (picker_insert(&ps->p.picker, cp) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory");
    return APP_REDRAW;
}

static void picker_screen_free(struct app *a, struct screen *s)
{
    (void)a;
    picker_free(&((struct picker_screen *)s)->p.picker);
    free(s);
}

static const struct screen_ops picker_ops = {
    .kind = SCREEN_PICKER,
    .context = KEYMAP_PICKER,
    .overlay = true,
    .action = picker_screen_action,
    .text = picker_screen_text,
    .free = picker_screen_free,
};

static const char *prefix_of(enum sendx_kind kind)
{
    return model_resource(kind)->id_prefix;
}

/* The names the app knows for kind, as parallel arrays (borrowed). */
static size_t known_names(const struct app *a, enum sendx_kind kind, const char **ids,
                          const char **names, size_t cap)
{
    const char *prefix = prefix_of(kind);
    size_t n = 0, plen = strlen(prefix);
    for (size_t i = 0; i < a->names.cap && n < cap; i++) {
        const struct names_entry *e = &a->names.slots[i];
        if (e->id && strncmp(e->id, prefix, plen) == 0) {
            ids[n] = e->id;
            names[n++] = e->name;
        }
    }
    return n;
}

/* A picker over form of kind's names: multi or not, new names or not,
 * marked ones first marked. */
static unsigned open_picker(struct app *a, struct screen *form, const char *title,
                            enum sendx_kind kind, bool multi, bool allow_new,
                            const struct sendx_strv *marked, struct picker_screen **out, long now)
{
    size_t cap = a->names.len ? a->names.len : 1;
    const char **ids = calloc(cap, sizeof *ids), **names = calloc(cap, sizeof *names);
    struct picker_screen *ps = calloc(1, sizeof *ps);
    unsigned f = APP_REDRAW;
    *out = NULL;
    if (!ids || !names || !ps) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        free(ps);
        goto done;
    }
    size_t n = known_names(a, kind, ids, names, cap);
    struct api_error err = {0};
    if (picker_open(&ps->p.picker, title, multi, allow_new, ids, names, n,
                    marked ? (const char *const *)marked->items : NULL, marked ? marked->len : 0,
                    &err) != 0) {
        app_status(a, APP_MSG_ERROR, "%s", api_error_message(&err));
        api_error_clear(&err);
        free(ps);
        goto done;
    }
    ps->base = (struct screen){.ops = &picker_ops, .pane = a->current, .state = &ps->p};
    ps->form = form;
    picker_set_visible(&ps->p.picker, a->picker_visible);
    *out = ps;
    f = app_push(a, &ps->base, now);
    if (n == 0)
        app_status(a, APP_MSG_INFO, "no %s loaded yet%s", model_resource(kind)->plural,
                   allow_new ? ": type a name to make a new one" : "");
done:
    free(ids);
    free(names);
    return f;
}

unsigned screen_picker_open(struct app *a, struct screen *form, size_t field, long now)
{
    struct app_form *af = form->state;
    const struct form_field_def *def = af->form.fields[field].def;
    struct picker_screen *ps = NULL;
    unsigned f = open_picker(a, form, form_field_label(&af->form, field), def->ref_kind,
                             def->widget != FORM_REF, def->widget == FORM_TAGS,
                             form_field_items(&af->form, field), &ps, now);
    if (ps)
        ps->field = field;
    return f;
}

unsigned screen_picker_choose(struct app *a, struct screen *form, enum sendx_kind kind,
                              const char *title, screen_picked_fn *picked, long now)
{
    struct picker_screen *ps = NULL;
    unsigned f = open_picker(a, form, title, kind, false, false, NULL, &ps, now);
    if (ps)
        ps->picked = picked;
    return f;
}
