/* The form screen: a record created or edited field by field, saved on
 * the user lane with the conflict check, never losing what was typed: a
 * failed save keeps every value, a change is kept as a draft on disk
 * (debounced, off the UI thread), and a form left with changes asks
 * first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_parts.h"
#include "app/columns.h"
#include "app/drafts.h"
#include "app/logger.h"

/* A change is written to its draft this long after the last keystroke. */
#define AUTOSAVE_DELAY_MS 1000

static struct app_form *of(struct screen *s)
{
    return s->state;
}

/* ---- drafts -------------------------------------------------------------- */

/* The record's `updated` time, for the conflict check a reopened draft
 * makes; NULL when it has none. */
static const char *updated_of(enum sendx_kind kind, const void *record)
{
    int m = app_updated_member(kind);
    const struct model_type *t = model_resource(kind)->type;
    if (m < 0 || !codec_is_set(record, (unsigned)m))
        return NULL;
    return *(char *const *)((const char *)record + t->members[m].offset);
}

static void *copy_of(enum sendx_kind kind, const void *record);

/* Fills the draft from the form's values; 0, or -1 with err. */
static int draft_fill(struct app_form *af, struct api_error *err)
{
    const struct model_type *t = model_resource(af->form.kind)->type;
    void *values = calloc(1, t->size);
    if (!values || form_values(&af->form, values, err) != 0) {
        free(values);
        if (!values)
            api_error_nomem(err);
        return -1;
    }
    if (af->draft.record) {
        codec_free(t, af->draft.record);
        free(af->draft.record);
    }
    af->draft.record = values;
    af->draft.kind = af->form.kind;
    if (!af->draft.id && af->form.id)
        af->draft.id = strdup(af->form.id);
    const char *updated = updated_of(af->form.kind, af->form.original);
    if (!af->draft.updated && updated)
        af->draft.updated = strdup(updated);
    /* The record as opened: a reopened draft checks the server against
     * it, as this form would have. */
    if (!af->draft.original && af->form.id)
        af->draft.original = copy_of(af->form.kind, af->form.original);
    if (!af->draft.title && af->form.id) {
        char title[200];
        af->draft.title =
            strdup(app_record_title(af->form.kind, af->form.original, title, sizeof title));
    }
    return 0;
}

/* Queues the draft's write (the UI thread never touches the disk). */
static void autosave(struct app *a, struct app_form *af)
{
    af->autosave_due = 0;
    if (!a->cfg.files || !a->cfg.drafts_dir || !form_changed(&af->form))
        return;
    struct api_error err = {0};
    if (draft_fill(af, &err) != 0 ||
        !drafts_save_async(a->cfg.files, a->cfg.drafts_dir, &af->draft, time(NULL), &err))
        app_status(a, APP_MSG_WARN, "the draft could not be kept: %s", api_error_message(&err));
    api_error_clear(&err);
}

static void draft_discard(struct app *a, struct app_form *af)
{
    struct api_error err = {0};
    if (af->draft.name && a->cfg.files && a->cfg.drafts_dir &&
        !drafts_discard_async(a->cfg.files, a->cfg.drafts_dir, af->draft.name, &err))
        logger_write(a->cfg.log, "draft %s not removed: %s", af->draft.name,
                     api_error_message(&err));
    api_error_clear(&err);
    free(af->draft.name);
    af->draft.name = NULL;
}

int screen_form_save_draft_now(struct app *a, struct screen *s, struct api_error *err)
{
    struct app_form *af = of(s);
    if (!a->cfg.drafts_dir || !form_changed(&af->form))
        return 0;
    if (draft_fill(af, err) != 0)
        return -1;
    return drafts_save(a->cfg.drafts_dir, &af->draft, time(NULL), err);
}

static unsigned changed(struct app *a, struct app_form *af, long now)
{
    (void)a;
    af->autosave_due = now + AUTOSAVE_DELAY_MS;
    return APP_REDRAW;
}

/* ---- saving --------------------------------------------------------------- */

static unsigned submit(struct app *a, struct app_form *af, struct fetch_job *job, long now)
{
    (void)now;
    af->save_job = app_submit(a, job, FETCH_FOR_SAVE, a->current, ++a->next_gen);
    if (!af->save_job)
        return APP_REDRAW;
    form_clear_server_errors(&af->form);
    app_status(a, APP_MSG_INFO, "saving…");
    return APP_JOBS | APP_REDRAW;
}

/* A heap copy of record (kind's type), or NULL. */
static void *copy_of(enum sendx_kind kind, const void *record)
{
    const struct model_type *t = model_resource(kind)->type;
    void *c = calloc(1, t->size);
    if (c && codec_copy(t, c, record) != 0) {
        free(c);
        c = NULL;
    }
    return c;
}

unsigned screen_form_send_update(struct app *a, struct screen *s, void *change,
                                 const void *check_against, long now)
{
    struct app_form *af = of(s);
    void *original = check_against ? copy_of(af->form.kind, check_against) : NULL;
    if (check_against && !original) {
        codec_free(model_resource(af->form.kind)->type, change);
        free(change);
        app_status(a, APP_MSG_ERROR, "out of memory: not saved");
        return APP_REDRAW;
    }
    struct fetch_job *job =
        fetch_job_new_write(FETCH_UPDATE, af->form.kind, af->form.id, change, original);
    return submit(a, af, job, now);
}

static unsigned save(struct app *a, struct app_form *af, struct screen *s, long now)
{
    if (af->save_job) {
        app_status(a, APP_MSG_INFO, "already saving");
        return APP_REDRAW;
    }
    if (app_refuse_write(a, "save"))
        return APP_REDRAW;
    size_t bad = form_validate(&af->form, true);
    if (bad) {
        app_status(a, APP_MSG_WARN, "%zu field%s to fix before saving", bad, bad == 1 ? "" : "s");
        return APP_REDRAW;
    }
    enum sendx_kind kind = af->form.kind;
    const struct model_type *t = model_resource(kind)->type;
    void *record = calloc(1, t->size);
    struct api_error err = {0};
    int rc = !record       ? -1
             : af->form.id ? form_change(&af->form, record, &err)
                           : form_values(&af->form, record, &err);
    if (rc != 0) {
        free(record);
        app_status(a, APP_MSG_ERROR, "not saved: %s",
                   record ? api_error_message(&err) : "out of memory");
        api_error_clear(&err);
        return APP_REDRAW;
    }
    if (af->form.id && changes_empty(record)) {
        codec_free(t, record);
        free(record);
        app_status(a, APP_MSG_INFO, "nothing changed");
        draft_discard(a, af);
        return app_pop(a, now);
    }
    if (af->form.id)
        return screen_form_send_update(a, s, record, af->form.original, now);
    return submit(a, af, fetch_job_new_write(FETCH_CREATE, kind, NULL, record, NULL), now);
}

/* The form's record as the server now has it: shown everywhere, the
 * draft gone, the form closed. */
static unsigned saved(struct app *a, struct app_form *af, struct fetch_result *r, long now)
{
    enum sendx_kind kind = af->form.kind;
    bool created = !af->form.id;
    char title[200];
    if (r->record) {
        app_record_saved(a, kind, r->record, created);
        app_record_title(kind, r->record, title, sizeof title);
    } else {
        form_title(&af->form, title, sizeof title);
    }
    draft_discard(a, af);
    logger_write(a->cfg.log, "ui: %s %s saved", model_resource(kind)->name,
                 created ? "new" : "edit");
    unsigned f = app_pop(a, now);
    char key[32];
    if (created && r->record && !columns_record_id(kind, r->record))
        app_status(a, APP_MSG_OK, "saved; press %s to see it in the list",
                   app_key_for(a, KEYMAP_TABLE, ACTION_REFRESH, key, sizeof key));
    else
        app_status(a, APP_MSG_OK, "saved %s %s", model_resource(kind)->name, title);
    return f;
}

static unsigned save_failed(struct app *a, struct app_form *af, struct fetch_result *r, long now)
{
    const char *why = api_error_message(&r->err);
    if (r->err.kind != API_ERR_TRANSPORT &&
        form_server_error(&af->form, r->err.http_status, why) != 0)
        app_status(a, APP_MSG_ERROR, "not saved: %s", why);
    if (r->err.kind == API_ERR_TRANSPORT) {
        /* The API is out of reach: what was typed goes to disk too. */
        autosave(a, af);
    }
    if (r->err.maybe_processed)
        /* Sent, then no answer: saving again could make it twice. */
        app_status(a, APP_MSG_WARN,
                   "no answer came, so the server may have saved it: look before saving again "
                   "(kept as a draft): %s",
                   why);
    else if (r->err.kind == API_ERR_TRANSPORT)
        app_status(a, APP_MSG_ERROR, "not saved, kept as a draft: %s", why);
    else
        app_status(a, APP_MSG_ERROR, "not saved: %s", why);
    (void)now;
    return APP_REDRAW;
}

/* ---- a campaign's HTML from a template ----------------------------------------- */

static size_t row_of(const struct form *f, unsigned member)
{
    for (size_t i = 0; i < f->n_fields; i++)
        if (f->fields[i].def->widget != FORM_CUSTOM && f->fields[i].def->member == member)
            return i;
    return f->n_fields;
}

static unsigned template_picked(struct app *a, struct screen *s, const char *id, long now)
{
    struct app_form *af = of(s);
    (void)now;
    af->template_gen = ++a->next_gen;
    struct fetch_job *job = fetch_job_new(FETCH_GET, SENDX_KIND_TEMPLATE, NULL, id);
    if (!app_submit(a, job, FETCH_FOR_DETAIL, a->current, af->template_gen))
        return APP_REDRAW;
    app_status(a, APP_MSG_INFO, "fetching the template's HTML…");
    return APP_JOBS | APP_REDRAW;
}

static unsigned from_template(struct app *a, struct screen *s, long now)
{
    struct app_form *af = of(s);
    if (af->form.kind != SENDX_KIND_CAMPAIGN) {
        app_status(a, APP_MSG_INFO, "only a campaign's HTML is copied from a template");
        return APP_REDRAW;
    }
    return screen_picker_choose(a, s, SENDX_KIND_TEMPLATE, "Copy the HTML of", template_picked,
                                now);
}

/* The template asked for: its HTML goes into the campaign's HTML row. */
static unsigned template_arrived(struct app *a, struct app_form *af, struct fetch_result *r,
                                 long now)
{
    af->template_gen = 0;
    const struct sendx_template *t = r->record;
    size_t row = row_of(&af->form, SENDX_CAMPAIGN_HTML_CONTENT);
    if (r->rc != 0) {
        app_status(a, APP_MSG_WARN, "the template's HTML was not copied: %s",
                   api_error_message(&r->err));
    } else if (!t || !t->html_code || row == af->form.n_fields) {
        app_status(a, APP_MSG_WARN, "that template has no HTML to copy");
    } else if (form_set_text(&af->form, row, t->html_code) != 0) {
        app_status(a, APP_MSG_ERROR, "out of memory: the HTML was not copied");
    } else {
        form_focus_set(&af->form, row);
        form_validate_field(&af->form, row);
        app_status(a, APP_MSG_OK, "HTML copied from the template");
        return changed(a, af, now);
    }
    return APP_REDRAW;
}

static unsigned form_result(struct app *a, struct screen *s, struct fetch_result *r, long now)
{
    struct app_form *af = of(s);
    if (r->job->purpose == FETCH_FOR_DETAIL && af->template_gen && r->gen == af->template_gen)
        return template_arrived(a, af, r, now);
    if (r->job->purpose != FETCH_FOR_SAVE || r->job_id != af->save_job)
        return SCREEN_PASS;
    af->save_job = 0;
    for (size_t i = 0; i < r->created_tags.len; i++)
        app_record_saved(a, SENDX_KIND_TAG, (char *)r->created_tags.items + i * model_tag_type.size,
                         true);
    codec_objects_free(&model_tag_type, &r->created_tags);
    if (r->rc != 0)
        return save_failed(a, af, r, now);
    if (r->conflicted)
        return screen_diff_open(a, s, r, now);
    return saved(a, af, r, now);
}

/* ---- leaving --------------------------------------------------------------- */

static unsigned discard(struct app *a, void *ctx, long now)
{
    struct screen *s = ctx;
    struct app_form *af = of(s);
    draft_discard(a, af);
    return app_pop(a, now);
}

static unsigned cancel(struct app *a, struct screen *s, long now)
{
    struct app_form *af = of(s);
    if (af->save_job) {
        app_status(a, APP_MSG_INFO, "saving: a write cannot be called back");
        return APP_REDRAW;
    }
    if (!form_changed(&af->form)) {
        draft_discard(a, af);
        return app_pop(a, now);
    }
    return screen_confirm_open(a, "Discard your changes?", discard, s, NULL, now);
}

/* ---- keys ---------------------------------------------------------------- */

static unsigned activate(struct app *a, struct screen *s, long now)
{
    struct app_form *af = of(s);
    struct form *f = &af->form;
    const struct form_field *field = &f->fields[f->focus];
    switch (field->def->widget) {
    case FORM_BOOL:
    case FORM_CHOICE:
        form_toggle(f);
        form_validate(f, false);
        return changed(a, af, now);
    case FORM_REF:
    case FORM_REFS:
    case FORM_TAGS:
        return screen_picker_open(a, s, f->focus, now);
    case FORM_LONG_TEXT:
        af->editor_wanted = true;
        return APP_EDITOR | APP_REDRAW;
    default:
        form_validate_field(f, f->focus);
        form_focus_next(f);
        return APP_REDRAW;
    }
}

static unsigned form_action(struct app *a, struct screen *s, enum action act, long now)
{
    struct app_form *af = of(s);
    struct form *f = &af->form;
    switch (act) {
    case ACTION_FORM_NEXT:
    case ACTION_FORM_PREV:
        /* A field passed by untouched is not yet wrong: Ctrl-s says so. */
        if (f->fields[f->focus].touched)
            form_validate_field(f, f->focus);
        if (act == ACTION_FORM_NEXT)
            form_focus_next(f);
        else
            form_focus_prev(f);
        return APP_REDRAW;
    case ACTION_FORM_ACTIVATE:
        return activate(a, s, now);
    case ACTION_FORM_SAVE:
        return save(a, af, s, now);
    case ACTION_FORM_CANCEL:
        return cancel(a, s, now);
    case ACTION_FORM_FROM_TEMPLATE:
        return from_template(a, s, now);
    case ACTION_QUIT:
        return SCREEN_PASS;
    default:
        break;
    }
    if (af->save_job)
        return APP_REDRAW;
    return form_edit(f, act) ? changed(a, af, now) : APP_REDRAW;
}

static unsigned form_text(struct app *a, struct screen *s, uint32_t cp, long now)
{
    struct app_form *af = of(s);
    struct form *f = &af->form;
    enum form_widget w = f->fields[f->focus].def->widget;
    if (w != FORM_TEXT && w != FORM_CUSTOM)
        return cp == ' ' ? activate(a, s, now) : 0;
    if (af->save_job)
        return 0;
    int rc = form_insert(f, cp);
    if (rc < 0) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    return rc ? changed(a, af, now) : 0;
}

/* A paste goes into a text row whole (line.h keeps its printable
 * characters); on any other row it does nothing, not even a space's
 * flip. */
static unsigned form_paste(struct app *a, struct screen *s, const char *utf8, long now)
{
    struct app_form *af = of(s);
    struct form *f = &af->form;
    if (af->save_job || !form_field_is_line(f, f->focus))
        return 0;
    int rc = form_insert_text(f, utf8, strlen(utf8));
    if (rc < 0) {
        app_status(a, APP_MSG_ERROR, "out of memory: the paste was not taken");
        return APP_REDRAW;
    }
    return rc ? changed(a, af, now) : 0;
}

static void form_screen_free(struct app *a, struct screen *s)
{
    struct app_form *af = of(s);
    (void)a;
    form_free(&af->form);
    drafts_free(&af->draft);
    free(s);
}

static const struct screen_ops form_ops = {
    .kind = SCREEN_FORM,
    .context = KEYMAP_FORM,
    .action = form_action,
    .text = form_text,
    .paste = form_paste,
    .result = form_result,
    .free = form_screen_free,
};

bool screen_is_form(const struct screen *s)
{
    return s->ops == &form_ops;
}

unsigned screen_form_tick(struct app *a, struct screen *s, long now)
{
    struct app_form *af = of(s);
    if (af->autosave_due && now >= af->autosave_due)
        autosave(a, af);
    return 0;
}

long screen_form_due(const struct screen *s)
{
    return ((const struct app_form *)s->state)->autosave_due;
}

struct form_screen {
    struct screen base;
    struct app_form af;
};

unsigned screen_form_open(struct app *a, enum sendx_kind kind, const void *record,
                          const void *values, struct draft *from, long now)
{
    struct form_screen *fs = calloc(1, sizeof *fs);
    if (!fs)
        return app_push(a, NULL, now);
    fs->base = (struct screen){.ops = &form_ops, .pane = a->current, .state = &fs->af};
    struct api_error err = {0};
    size_t n_customs = 0;
    const struct form_custom *customs = app_custom_fields(a, &n_customs);
    int rc = form_open(&fs->af.form, kind, record, customs, n_customs, &err);
    if (rc == 0 && values)
        rc = form_load_values(&fs->af.form, values, &err);
    if (rc != 0) {
        app_status(a, APP_MSG_WARN, "%s", api_error_message(&err));
        api_error_clear(&err);
        form_free(&fs->af.form);
        free(fs);
        return APP_REDRAW;
    }
    if (from) {
        fs->af.draft = *from; /* take it: its name keeps one file per form */
        memset(from, 0, sizeof *from);
    }
    form_set_width(&fs->af.form, a->form_width);
    logger_write(a->cfg.log, "ui: form %s %s", model_resource(kind)->name, record ? "edit" : "new");
    return app_push(a, &fs->base, now);
}
