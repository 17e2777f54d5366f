/* The detail screen: one record in full, asked again from the server
 * (the listed copy may be short), with a campaign's report. */
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"
#include "app/columns.h"
#include "app/logger.h"

struct detail_screen {
    struct screen base;
    struct app_detail d;
    /* Fetches cut short when covered: asked again when on top. */
    bool refetch_record, refetch_report;
};

static struct detail_screen *of(struct screen *s)
{
    return (struct detail_screen *)s;
}

/* Cancels what d waits for: the record and the report. */
static void detail_cancel(struct app *a, struct app_detail *d)
{
    if (d->get_job)
        jobs_forget(&a->jobs, d->get_job, true);
    if (d->report_job)
        jobs_forget(&a->jobs, d->report_job, true);
    d->get_job = d->report_job = 0;
}

static void detail_clear(struct app *a, struct app_detail *d)
{
    detail_cancel(a, d);
    if (d->record) {
        codec_free(model_resource(d->kind)->type, d->record);
        free(d->record);
    }
    codec_free(&model_report_type, &d->report);
    free(d->report_error);
    enum sendx_kind kind = d->kind;
    memset(d, 0, sizeof *d);
    d->kind = kind;
}

/* Asks for the shown record in full and, for a campaign, its report;
 * results of earlier asks become stale. */
static unsigned detail_fetch(struct app *a, struct app_detail *d, bool record, bool report)
{
    d->gen = ++a->next_gen;
    const char *id = columns_record_id(d->kind, d->record);
    unsigned f = 0;
    if (record && id && (model_resource(d->kind)->ops & SENDX_OP_GET)) {
        d->get_job =
            app_submit(a, fetch_job_new(FETCH_GET, d->kind, NULL, id), FETCH_FOR_DETAIL, 0, d->gen);
        f |= d->get_job ? APP_JOBS : 0;
    }
    if (report && id && d->kind == SENDX_KIND_CAMPAIGN) {
        d->report_job = app_submit(a, fetch_job_new(FETCH_REPORT, d->kind, NULL, id),
                                   FETCH_FOR_REPORT, 0, d->gen);
        f |= d->report_job ? APP_JOBS : 0;
    }
    return f;
}

/* Shows record (now the detail's) in place of what d showed. */
static unsigned detail_show(struct app *a, struct app_detail *d, void *record)
{
    detail_clear(a, d);
    d->record = record;
    const char *id = columns_record_id(d->kind, record);
    logger_write(a->cfg.log, "ui: detail %s %s", model_resource(d->kind)->name, id ? id : "");
    return APP_REDRAW | detail_fetch(a, d, true, true);
}

static size_t line_count(struct app *a)
{
    struct detail_lines lines;
    app_detail_lines(a, &lines);
    size_t n = lines.len;
    detail_lines_free(&lines);
    return n;
}

static unsigned scroll(struct app *a, struct app_detail *d, long delta)
{
    long max = (long)line_count(a) - a->detail_visible;
    long s = (long)d->scroll + delta;
    if (s > max)
        s = max;
    if (s < 0)
        s = 0;
    d->scroll = (size_t)s;
    return APP_REDRAW;
}

static unsigned contacts_of(struct app *a, struct app_detail *d, long now)
{
    if (!d->record || (d->kind != SENDX_KIND_LIST && d->kind != SENDX_KIND_TAG)) {
        app_status(a, APP_MSG_INFO, "contacts are shown for a list or a tag");
        return APP_REDRAW;
    }
    const char *id = columns_record_id(d->kind, d->record);
    const char *name = d->kind == SENDX_KIND_LIST ? ((struct sendx_list *)d->record)->name
                                                  : ((struct sendx_tag *)d->record)->name;
    return screen_table_contacts_of(a, d->kind, id, name, now);
}

/* r: the record again, as if opened anew. */
static unsigned refresh(struct app *a, struct app_detail *d)
{
    void *rec = d->record;
    d->record = NULL;
    return rec ? detail_show(a, d, rec) : APP_REDRAW;
}

static unsigned detail_action(struct app *a, struct screen *s, enum action act, long now)
{
    struct app_detail *d = &of(s)->d;
    long page = a->detail_visible > 0 ? a->detail_visible : 1;
    switch (act) {
    case ACTION_ROW_UP:
        return scroll(a, d, -1);
    case ACTION_ROW_DOWN:
        return scroll(a, d, 1);
    case ACTION_ROW_FIRST:
        return scroll(a, d, -(1L << 30));
    case ACTION_ROW_LAST:
        return scroll(a, d, 1L << 30);
    case ACTION_PAGE_UP:
        return scroll(a, d, -page);
    case ACTION_PAGE_DOWN:
        return scroll(a, d, page);
    case ACTION_HALF_UP:
        return scroll(a, d, -(page + 1) / 2);
    case ACTION_HALF_DOWN:
        return scroll(a, d, (page + 1) / 2);
    case ACTION_DETAIL_CONTACTS:
        return contacts_of(a, d, now);
    case ACTION_DETAIL_EXPAND:
        d->expanded = !d->expanded;
        return scroll(a, d, 0);
    case ACTION_REFRESH:
        return refresh(a, d);
    case ACTION_COPY_ID:
        return app_copy(a, d->record ? columns_record_id(d->kind, d->record) : NULL);
    case ACTION_RECORD_DELETE:
        return app_delete(a, d->kind, d->record, now);
    case ACTION_RECORD_EDIT:
        return app_edit(a, d->kind, d->record, now);
    case ACTION_SEND_TEST:
        return app_send_test(a, d->kind, d->record, now);
    case ACTION_RECORD_NEW:
        return app_new(a, d->kind, now);
    case ACTION_CONTACT_UNSUBSCRIBE:
        return app_unsubscribe(a, d->kind, d->record, now);
    default:
        return SCREEN_PASS;
    }
}

static unsigned detail_result(struct app *a, struct screen *s, struct fetch_result *r, long now)
{
    struct app_detail *d = &of(s)->d;
    (void)now;
    enum fetch_purpose purpose = r->job->purpose;
    if ((purpose != FETCH_FOR_DETAIL && purpose != FETCH_FOR_REPORT) || r->gen != d->gen)
        return SCREEN_PASS;
    if (purpose == FETCH_FOR_DETAIL) {
        d->get_job = 0;
        if (r->rc != 0) {
            if (r->err.kind != API_ERR_CANCELLED)
                app_status(a, APP_MSG_WARN, "showing the listed copy: %s",
                           api_error_message(&r->err));
            return APP_REDRAW;
        }
        codec_free(model_resource(d->kind)->type, d->record);
        free(d->record);
        d->record = r->record; /* take it */
        r->record = NULL;
        return APP_REDRAW;
    }
    d->report_job = 0;
    if (r->rc != 0) {
        free(d->report_error);
        d->report_error = strdup(api_error_message(&r->err));
        return APP_REDRAW;
    }
    codec_free(&model_report_type, &d->report);
    d->report = r->report;
    memset(&r->report, 0, sizeof r->report);
    d->has_report = true;
    return APP_REDRAW;
}

/* Covered: a covered screen gets no results, so what it still waited
 * for is cancelled and asked again when it is back on top. */
static void detail_cover(struct app *a, struct screen *s)
{
    struct detail_screen *ds = of(s);
    ds->refetch_record = ds->d.get_job != 0;
    ds->refetch_report = ds->d.report_job != 0;
    detail_cancel(a, &ds->d);
}

static unsigned detail_uncover(struct app *a, struct screen *s, long now)
{
    struct detail_screen *ds = of(s);
    (void)now;
    unsigned f = APP_REDRAW;
    if (ds->refetch_record || ds->refetch_report)
        f |= detail_fetch(a, &ds->d, ds->refetch_record, ds->refetch_report);
    ds->refetch_record = ds->refetch_report = false;
    return f;
}

static void detail_free(struct app *a, struct screen *s)
{
    detail_clear(a, &of(s)->d);
    free(s);
}

static const struct screen_ops detail_ops;

void screen_detail_replace(struct app *a, struct screen *s, enum sendx_kind kind,
                           const void *record)
{
    (void)a;
    if (s->ops != &detail_ops)
        return;
    struct app_detail *d = &of(s)->d;
    const char *id = columns_record_id(kind, record);
    const char *shown = d->record ? columns_record_id(d->kind, d->record) : NULL;
    if (d->kind != kind || !id || !shown || strcmp(id, shown) != 0)
        return;
    const struct model_type *t = model_resource(kind)->type;
    void *copy = calloc(1, t->size);
    if (!copy || codec_copy(t, copy, record) != 0) {
        free(copy);
        return; /* out of memory: the older copy stays on screen */
    }
    codec_free(t, d->record);
    free(d->record);
    d->record = copy;
}

static const struct screen_ops detail_ops = {
    .kind = SCREEN_DETAIL,
    .context = KEYMAP_DETAIL,
    .action = detail_action,
    .result = detail_result,
    .cover = detail_cover,
    .uncover = detail_uncover,
    .free = detail_free,
};

unsigned screen_detail_open(struct app *a, enum sendx_kind kind, void *record, long now)
{
    struct detail_screen *ds = calloc(1, sizeof *ds);
    if (!ds) {
        codec_free(model_resource(kind)->type, record);
        free(record);
        return app_push(a, NULL, now);
    }
    ds->base = (struct screen){.ops = &detail_ops, .pane = a->current, .state = &ds->d};
    ds->d.kind = kind;
    unsigned f = app_push(a, &ds->base, now);
    return f | detail_show(a, &ds->d, record);
}
