/* What a write does to what the user sees: the table, the detail and the
 * name caches show the server's answer at once, without reloading the
 * pane; and the writes that need no form (delete, unsubscribe), asked
 * first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"
#include "app/columns.h"
#include "app/logger.h"
#include "app/text.h"

bool app_refuse_write(struct app *a, const char *what)
{
    if (!a->cfg.readonly)
        return false;
    app_status(a, APP_MSG_WARN, "read-only mode: %s refused (started with --readonly)", what);
    return true;
}

int app_updated_member(enum sendx_kind kind)
{
    switch (kind) {
    case SENDX_KIND_CONTACT:
        return SENDX_CONTACT_UPDATED;
    case SENDX_KIND_LIST:
        return SENDX_LIST_UPDATED;
    case SENDX_KIND_TAG:
        return SENDX_TAG_UPDATED;
    case SENDX_KIND_CAMPAIGN:
        return SENDX_CAMPAIGN_UPDATED;
    case SENDX_KIND_TEMPLATE:
        return SENDX_TEMPLATE_UPDATED;
    default:
        return -1;
    }
}

const char *app_record_title(enum sendx_kind kind, const void *record, char *buf, size_t n)
{
    char scratch[COLUMN_SCRATCH];
    const char *title = record ? columns_for(kind)->cols[0].text(record, scratch) : NULL;
    if (!title || !*title)
        title = record ? columns_record_id(kind, record) : NULL;
    text_fit(title ? title : "", 40, buf, n);
    return buf;
}

/* The panes that hold records of kind. */
static bool pane_holds(const struct app *a, int i, enum sendx_kind kind)
{
    return a->panes[i].kind == kind;
}

static void rows_changed(struct app *a, struct app_pane *p)
{
    if (pane_view_rebuild(p, (size_t)a->rows_visible) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory while filtering");
}

void app_record_saved(struct app *a, enum sendx_kind kind, const void *record, bool created)
{
    for (int i = 0; i < APP_PANES; i++) {
        if (!pane_holds(a, i, kind))
            continue;
        struct app_pane *p = &a->panes[i];
        bool add = created && i == (int)kind;
        long plain = rows_put(&p->plain, kind, record, add);
        long search = rows_put(&p->search, kind, record, false);
        char key[32];
        if (plain == -2 || search == -2)
            app_status(a, APP_MSG_ERROR, "out of memory: press %s to see the saved record",
                       app_key_for(a, KEYMAP_TABLE, ACTION_REFRESH, key, sizeof key));
        if (plain >= 0 || search >= 0)
            rows_changed(a, p);
        if (add && plain >= 0 && !p->searching) {
            /* A new record is where the user looks next. */
            for (size_t v = 0; v < p->n_view; v++)
                if (p->view[v] == (uint32_t)plain)
                    p->cursor = v;
            pane_clamp(p, (size_t)a->rows_visible);
        }
    }
    void *const one[] = {(void *)record};
    name_loads_remember(&a->names, kind, one, 1, NULL);
    if (kind == SENDX_KIND_FIELD)
        app_custom_field_saved(a, record);
    for (size_t i = 0; i < a->depth; i++)
        screen_detail_replace(a, a->stack[i], kind, record);
}

/* Whether the record under p's cursor is the one whose id is id. */
static bool under_cursor(const struct app_pane *p, enum sendx_kind kind, const char *id)
{
    const char *at =
        p->cursor < p->n_view ? columns_record_id(kind, pane_record(p, p->cursor)) : NULL;
    return at && strcmp(at, id) == 0;
}

void app_record_deleted(struct app *a, enum sendx_kind kind, const char *id, long now)
{
    for (int i = 0; i < APP_PANES; i++) {
        struct app_pane *p = &a->panes[i];
        if (!pane_holds(a, i, kind))
            continue;
        bool was_under = under_cursor(p, kind, id);
        size_t at = p->cursor;
        bool gone = rows_remove(&p->plain, kind, id);
        gone |= rows_remove(&p->search, kind, id);
        if (!gone)
            continue;
        rows_changed(a, p);
        /* The row below takes its place; after the last, the one above. */
        if (was_under && p->n_view)
            p->cursor = at < p->n_view ? at : p->n_view - 1;
        pane_clamp(p, (size_t)a->rows_visible);
    }
    if (kind == SENDX_KIND_FIELD)
        app_custom_field_deleted(a, id);
    /* Its detail has nothing left to show. */
    const struct app_detail *d = app_detail_shown(a);
    while (d && d->kind == kind && d->record && app_can_go_back(a)) {
        const char *shown = columns_record_id(kind, d->record);
        if (!shown || strcmp(shown, id) != 0)
            break;
        app_pop(a, now);
        d = app_detail_shown(a);
    }
}

/* ---- delete and unsubscribe ---------------------------------------------- */

struct pending {
    enum fetch_job_type type;
    enum sendx_kind kind;
    char *id;
    char *title;
};

static void pending_free(void *ctx)
{
    struct pending *w = ctx;
    free(w->id);
    free(w->title);
    free(w);
}

static unsigned send_pending(struct app *a, void *ctx, long now)
{
    struct pending *w = ctx;
    (void)now;
    struct fetch_job *job = fetch_job_new_write(w->type, w->kind, w->id, NULL, NULL);
    if (!app_submit(a, job, FETCH_FOR_SAVE, a->current, ++a->next_gen))
        return APP_REDRAW;
    app_status(a, APP_MSG_INFO, "%s %s…", w->type == FETCH_DELETE ? "deleting" : "unsubscribing",
               w->title);
    return APP_JOBS | APP_REDRAW;
}

/* How many loaded contacts are on list or tag id: a delete takes it
 * from every one of them. */
static size_t contacts_using(const struct app *a, enum sendx_kind kind, const char *id)
{
    const struct app_rows *rows = &a->panes[SENDX_KIND_CONTACT].plain;
    size_t n = 0;
    for (size_t i = 0; i < rows->len; i++) {
        const struct sendx_contact *c = rows->items[i];
        const struct sendx_strv *ids = kind == SENDX_KIND_LIST ? &c->lists : &c->tags;
        for (size_t k = 0; k < ids->len; k++)
            if (ids->items[k] && strcmp(ids->items[k], id) == 0) {
                n++;
                break;
            }
    }
    return n;
}

static unsigned ask(struct app *a, enum fetch_job_type type, enum sendx_kind kind,
                    const void *record, long now)
{
    const char *id = columns_record_id(kind, record);
    char title[200], question[400], count[32];
    app_record_title(kind, record, title, sizeof title);
    struct pending *w = calloc(1, sizeof *w);
    if (w)
        *w = (struct pending){type, kind, id ? strdup(id) : NULL, strdup(title)};
    if (!w || !w->id || !w->title) {
        if (w)
            pending_free(w);
        app_status(a, APP_MSG_ERROR, id ? "out of memory" : "this record has no id");
        return APP_REDRAW;
    }
    const char *name = model_resource(kind)->name;
    if (type == FETCH_UNSUBSCRIBE)
        snprintf(question, sizeof question, "Unsubscribe %s?", title);
    else if (kind == SENDX_KIND_LIST || kind == SENDX_KIND_TAG)
        snprintf(question, sizeof question, "Delete %s %s? %s loaded contacts use it.", name, title,
                 text_thousands((int64_t)contacts_using(a, kind, id), count));
    else
        snprintf(question, sizeof question, "Delete %s %s?", name, title);
    return screen_confirm_open(a, question, send_pending, w, pending_free, now);
}

unsigned app_delete(struct app *a, enum sendx_kind kind, const void *record, long now)
{
    if (app_refuse_write(a, "delete"))
        return APP_REDRAW;
    if (!(model_resource(kind)->ops & SENDX_OP_DELETE)) {
        app_status(a, APP_MSG_INFO, "the API cannot delete %s", model_resource(kind)->plural);
        return APP_REDRAW;
    }
    if (!record)
        return 0;
    return ask(a, FETCH_DELETE, kind, record, now);
}

unsigned app_unsubscribe(struct app *a, enum sendx_kind kind, const void *record, long now)
{
    if (app_refuse_write(a, "unsubscribe"))
        return APP_REDRAW;
    if (kind != SENDX_KIND_CONTACT) {
        app_status(a, APP_MSG_INFO, "only a contact can be unsubscribed");
        return APP_REDRAW;
    }
    if (!record)
        return 0;
    return ask(a, FETCH_UNSUBSCRIBE, kind, record, now);
}

/* The contact as unsubscribed, shown at once (the API answers with a
 * message, not the record). */
static void show_unsubscribed(struct app *a, const char *id)
{
    const struct app_rows *rows = &a->panes[SENDX_KIND_CONTACT].plain;
    long at = rows_find(rows, SENDX_KIND_CONTACT, id);
    if (at < 0)
        return;
    struct sendx_contact c = {0};
    if (codec_copy(&model_contact_type, &c, rows->items[at]) != 0)
        return;
    codec_set_bool(&model_contact_type, &c, SENDX_CONTACT_UNSUBSCRIBED, true);
    app_record_saved(a, SENDX_KIND_CONTACT, &c, false);
    codec_free(&model_contact_type, &c);
}

/* What the send endpoint said about the one recipient. */
static void sent_status(struct app *a, const struct fetch_result *r)
{
    const struct sendx_send_result *s = r->sent.len ? r->sent.items : NULL;
    if (s && codec_is_set(s, SENDX_SEND_RESULT_ERROR_CODE) && s->error_code != 0)
        app_status(a, APP_MSG_ERROR, "test not sent to %s: %s", s->to ? s->to : "?",
                   s->message ? s->message : "the server refused it");
    else
        app_status(a, APP_MSG_OK, "test sent to %s%s%s", s && s->to ? s->to : "the address",
                   s && s->message_id ? ", message " : "", s && s->message_id ? s->message_id : "");
}

unsigned app_write_result(struct app *a, struct fetch_result *r, long now)
{
    const struct fetch_job *job = r->job;
    const char *name = model_resource(job->kind)->name;
    if (r->rc != 0) {
        static const char *const what[] = {[FETCH_DELETE] = "not deleted",
                                           [FETCH_UNSUBSCRIBE] = "not unsubscribed",
                                           [FETCH_SEND_TEST] = "test not sent"};
        const char *said = (size_t)job->type < sizeof what / sizeof what[0] && what[job->type]
                               ? what[job->type]
                               : "not saved";
        app_status(a, APP_MSG_ERROR, "%s %s: %s", name, said, api_error_message(&r->err));
        return APP_REDRAW;
    }
    switch (job->type) {
    case FETCH_DELETE:
        app_record_deleted(a, job->kind, job->record_id, now);
        app_status(a, APP_MSG_OK, "deleted %s %s", name, job->record_id);
        break;
    case FETCH_UNSUBSCRIBE:
        show_unsubscribed(a, job->record_id);
        app_status(a, APP_MSG_OK, "unsubscribed %s", job->record_id);
        break;
    case FETCH_SEND_TEST:
        sent_status(a, r);
        break;
    default:
        break;
    }
    logger_write(a->cfg.log, "ui: %s %s done", name,
                 job->type == FETCH_DELETE ? "delete" : "write");
    return APP_REDRAW;
}
