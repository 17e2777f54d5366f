/* Opening forms (n, e, :new, :edit), a draft offered at start, $EDITOR
 * for a long text, and what a form leaves behind when the app ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app_parts.h"
#include "app/editor.h"
#include "app/logger.h"

/* ---- the custom fields a contact's form lists ------------------------------ */

static void custom_fields_free(struct app *a)
{
    for (size_t i = 0; i < a->n_custom_fields; i++) {
        free((char *)a->custom_fields[i].id);
        free((char *)a->custom_fields[i].name);
    }
    free(a->custom_fields);
    a->custom_fields = NULL;
    a->n_custom_fields = 0;
}

/* One more field, unless known: 0, or -1 if out of memory. */
static int custom_field_add(struct app *a, const struct sendx_field *fd)
{
    for (size_t i = 0; i < a->n_custom_fields; i++)
        if (strcmp(a->custom_fields[i].id, fd->id) == 0)
            return 0;
    struct form_custom *more =
        realloc(a->custom_fields, (a->n_custom_fields + 1) * sizeof *a->custom_fields);
    if (!more)
        return -1;
    a->custom_fields = more;
    char *id = strdup(fd->id), *name = fd->name ? strdup(fd->name) : NULL;
    if (!id || (fd->name && !name)) {
        free(id);
        free(name);
        return -1;
    }
    int64_t type = codec_is_set(fd, SENDX_FIELD_TYPE) ? fd->type : -1;
    a->custom_fields[a->n_custom_fields++] = (struct form_custom){id, name, type};
    return 0;
}

/* The index of the field whose id is id, or n_custom_fields. */
static size_t custom_field_at(const struct app *a, const char *id)
{
    size_t i = 0;
    while (i < a->n_custom_fields && strcmp(a->custom_fields[i].id, id) != 0)
        i++;
    return i;
}

void app_custom_field_saved(struct app *a, const struct sendx_field *fd)
{
    size_t i = fd->id ? custom_field_at(a, fd->id) : a->n_custom_fields;
    if (i == a->n_custom_fields) {
        if (fd->id)
            custom_field_add(a, fd);
        return;
    }
    struct form_custom *c = &a->custom_fields[i];
    char *name = fd->name ? strdup(fd->name) : NULL;
    if (fd->name && !name)
        return; /* out of memory: the old name stays */
    free((char *)c->name);
    c->name = name;
    if (codec_is_set(fd, SENDX_FIELD_TYPE))
        c->type = fd->type;
}

void app_custom_field_deleted(struct app *a, const char *id)
{
    size_t i = custom_field_at(a, id);
    if (i == a->n_custom_fields)
        return;
    free((char *)a->custom_fields[i].id);
    free((char *)a->custom_fields[i].name);
    memmove(a->custom_fields + i, a->custom_fields + i + 1,
            (a->n_custom_fields - i - 1) * sizeof *a->custom_fields);
    a->n_custom_fields--;
}

void app_note_custom_fields(struct app *a, const struct sendx_page *page)
{
    for (size_t i = 0; i < page->records.len; i++) {
        const struct sendx_field *fd = sendx_page_at(page, i);
        if (fd->id && custom_field_add(a, fd) != 0)
            return; /* out of memory: the form lists the fields it has */
    }
}

const struct form_custom *app_custom_fields(struct app *a, size_t *n)
{
    /* The fields pane, when loaded, knows fields the name load missed. */
    const struct app_rows *rows = &a->panes[SENDX_KIND_FIELD].plain;
    for (size_t i = 0; i < rows->len; i++) {
        const struct sendx_field *fd = rows->items[i];
        if (fd->id)
            custom_field_add(a, fd);
    }
    *n = a->n_custom_fields;
    return a->custom_fields;
}

void app_note_senders(struct app *a, const struct sendx_page *page)
{
    size_t n = a->senders.len, more = page->records.len;
    size_t size = model_sender_type.size;
    if (!more)
        return;
    char *items = realloc(a->senders.items, (n + more) * size);
    if (!items)
        return; /* out of memory: a test send says no sender is known */
    a->senders.items = items;
    for (size_t i = 0; i < more; i++) {
        void *to = items + (a->senders.len * size);
        if (codec_copy(&model_sender_type, to, (char *)page->records.items + i * size) == 0)
            a->senders.len++;
    }
}

void app_edits_free(struct app *a)
{
    custom_fields_free(a);
    codec_objects_free(&model_sender_type, &a->senders);
}

/* ---- n and e ------------------------------------------------------------- */

unsigned app_new(struct app *a, enum sendx_kind kind, long now)
{
    if (app_refuse_write(a, "a new record"))
        return APP_REDRAW;
    if (!form_def_for(kind)) {
        app_status(a, APP_MSG_INFO, "the API cannot create %s", model_resource(kind)->plural);
        return APP_REDRAW;
    }
    return screen_form_open(a, kind, NULL, NULL, NULL, now);
}

struct duplicate {
    enum sendx_kind kind;
    void *record;
};

static void duplicate_free(void *ctx)
{
    struct duplicate *d = ctx;
    codec_free(model_resource(d->kind)->type, d->record);
    free(d->record);
    free(d);
}

static unsigned duplicate_open(struct app *a, void *ctx, long now)
{
    struct duplicate *d = ctx;
    return screen_form_open(a, d->kind, NULL, d->record, NULL, now);
}

/* The API cannot change a campaign: a copy of it as a new draft is what
 * it can do. */
static unsigned offer_duplicate(struct app *a, enum sendx_kind kind, const void *record, long now)
{
    const struct model_type *t = model_resource(kind)->type;
    struct duplicate *d = calloc(1, sizeof *d);
    void *copy = calloc(1, t->size);
    if (!d || !copy || codec_copy(t, copy, record) != 0) {
        free(d);
        free(copy);
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    d->kind = kind;
    d->record = copy;
    /* The copy is sent only when the user says when: the old campaign's
     * schedule (often "send now") is not carried over. */
    uint64_t *set = codec_set_mask(copy);
    *set &= ~((1ull << SENDX_CAMPAIGN_SCHEDULE_TYPE) | (1ull << SENDX_CAMPAIGN_SCHEDULE_CONDITION) |
              (1ull << SENDX_CAMPAIGN_STATUS));
    return screen_confirm_open(a,
                               "The API cannot change a campaign once made. Duplicate it as a "
                               "new draft to edit?",
                               duplicate_open, d, duplicate_free, now);
}

unsigned app_edit(struct app *a, enum sendx_kind kind, const void *record, long now)
{
    if (app_refuse_write(a, "edit"))
        return APP_REDRAW;
    const struct form_def *def = form_def_for(kind);
    if (!record)
        return 0;
    if (def && !def->can_edit && kind == SENDX_KIND_CAMPAIGN)
        return offer_duplicate(a, kind, record, now);
    if (!def || !def->can_edit) {
        app_status(a, APP_MSG_INFO, "the API cannot change %s", model_resource(kind)->plural);
        return APP_REDRAW;
    }
    return screen_form_open(a, kind, record, NULL, NULL, now);
}

/* ---- $EDITOR ------------------------------------------------------------- */

static struct screen *form_on_top(const struct app *a)
{
    struct screen *s = app_top(a);
    return screen_is_form(s) ? s : NULL;
}

const char *app_editor_text(const struct app *a)
{
    struct screen *s = form_on_top(a);
    struct app_form *af = s ? s->state : NULL;
    if (!af || !af->editor_wanted)
        return NULL;
    const char *text = form_field_text(&af->form, af->form.focus);
    return text ? text : "";
}

unsigned app_editor_done(struct app *a, int rc, char *text, size_t len, const struct api_error *err)
{
    struct screen *s = form_on_top(a);
    struct app_form *af = s ? s->state : NULL;
    unsigned f = APP_REDRAW | APP_CLEAR;
    if (!af) {
        free(text);
        return f;
    }
    af->editor_wanted = false;
    struct validate_msg msg;
    const char *bad = rc == 0 ? editor_check_html(text, len, &msg) : NULL;
    const char *before = form_field_text(&af->form, af->form.focus);
    if (rc != 0)
        app_status(a, APP_MSG_WARN, "%s", api_error_message(err));
    else if (bad)
        app_status(a, APP_MSG_WARN, "the edited text was not taken: %s", bad);
    else if (before && strcmp(before, text) == 0)
        app_status(a, APP_MSG_INFO, "the text is unchanged");
    else if (form_set_text(&af->form, af->form.focus, text) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory: the edited text was not taken");
    else {
        af->autosave_due = 1; /* at once: an editor session is worth keeping */
        app_status(a, APP_MSG_OK, "text taken from the editor");
    }
    free(text);
    return f;
}

/* ---- drafts --------------------------------------------------------------- */

bool app_has_changes(const struct app *a)
{
    for (size_t i = 0; i < a->depth; i++) {
        struct screen *s = a->stack[i];
        if (screen_is_form(s) && form_changed(&((struct app_form *)s->state)->form))
            return true;
    }
    return false;
}

int app_save_drafts_now(struct app *a)
{
    int failed = 0;
    for (size_t i = 0; i < a->depth; i++) {
        struct api_error err = {0};
        if (screen_is_form(a->stack[i]) && screen_form_save_draft_now(a, a->stack[i], &err) != 0) {
            logger_write(a->cfg.log, "error: the draft could not be kept: %s",
                         api_error_message(&err));
            failed++;
        }
        api_error_clear(&err);
    }
    return failed;
}

struct offer {
    struct drafts_list list; /* the drafts not yet answered; items[0] is asked */
    size_t next;
};

static void offer_free(void *ctx)
{
    struct offer *o = ctx;
    drafts_list_free(&o->list);
    free(o);
}

/* The record the draft was made on, as far as the draft knows it: its id
 * and `updated`, so the save checks the server against that time. */
static void *draft_base(const struct draft *d)
{
    const struct model_resource *res = model_resource(d->kind);
    void *base = calloc(1, res->type->size);
    if (!base)
        return NULL;
    if (codec_set_string(res->type, base, res->id_member, d->id) != 0) {
        free(base);
        return NULL;
    }
    int updated = app_updated_member(d->kind);
    if (d->updated && updated >= 0 &&
        codec_set_string(res->type, base, (unsigned)updated, d->updated) != 0) {
        codec_free(res->type, base);
        free(base);
        return NULL;
    }
    return base;
}

static unsigned reopen(struct app *a, void *ctx, long now)
{
    struct offer *o = ctx;
    struct draft *d = &o->list.items[o->next];
    /* The record as the form first opened it; a draft from before drafts
     * kept it knows only the id and the time. */
    void *base = d->original ? d->original : d->id ? draft_base(d) : NULL;
    d->original = NULL;
    if (d->id && !base) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    enum sendx_kind kind = d->kind; /* d is the form's after the open */
    void *values = d->record;
    d->record = NULL;
    unsigned f = screen_form_open(a, kind, base, values, d, now);
    const struct model_type *t = model_resource(kind)->type;
    codec_free(t, values);
    free(values);
    if (base) {
        codec_free(t, base);
        free(base);
    }
    return f;
}

/* d: the draft offered goes, its file too. */
static unsigned discard_offered(struct app *a, void *ctx, long now)
{
    struct offer *o = ctx;
    struct draft *d = &o->list.items[o->next];
    struct api_error err = {0};
    (void)now;
    if (!a->cfg.drafts_dir || !a->cfg.files ||
        !drafts_discard_async(a->cfg.files, a->cfg.drafts_dir, d->name, &err))
        app_status(a, APP_MSG_WARN, "the draft was not discarded: %s", api_error_message(&err));
    else
        app_status(a, APP_MSG_OK, "draft discarded");
    api_error_clear(&err);
    return APP_REDRAW;
}

unsigned app_offer_drafts(struct app *a, struct drafts_list *list, long now)
{
    for (size_t i = 0; i < list->n_notes; i++)
        app_status(a, APP_MSG_WARN, "%s", api_error_message(&list->notes[i]));
    if (list->len == 0) {
        drafts_list_free(list);
        return APP_REDRAW;
    }
    struct offer *o = calloc(1, sizeof *o);
    if (!o) {
        drafts_list_free(list);
        return APP_REDRAW;
    }
    o->list = *list;
    memset(list, 0, sizeof *list);
    const struct draft *d = &o->list.items[0];
    char when[64] = "", question[400];
    struct tm tm;
    if (localtime_r(&d->written, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    const char *noun = model_resource(d->kind)->name;
    if (d->id)
        snprintf(question, sizeof question, "Your changes to %s %s, kept from %s%s. Reopen them?",
                 noun, d->title ? d->title : d->id, when,
                 o->list.len > 1 ? " (there are more; each is offered at a start)" : "");
    else
        snprintf(question, sizeof question, "A new %s you were making, kept from %s%s. Reopen it?",
                 noun, when,
                 o->list.len > 1 ? " (there are more; each is offered at a start)" : "");
    static const struct confirm_answers answers = {"reopen", "later", "discard", discard_offered};
    return screen_confirm_ask(a, question, &answers, reopen, o, offer_free, now);
}
