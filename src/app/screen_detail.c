/* The detail screen: one record in full, asked again from the server
 * (the listed copy may be short), with a campaign's report; a line
 * cursor (Y copies its field, Enter opens the list or tag it names), the
 * search in the record (/, n, N), the next and previous record of the
 * table under it (], [), and HTML as text (t). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/ids.h"
#include "app/app_parts.h"
#include "app/columns.h"
#include "app/logger.h"
#include "app/text.h"

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

/* Forgets the record and what was fetched for it; how it is looked at
 * (the cursor, folds, text view, the search) stays, for r and ]. */
static void detail_clear(struct app *a, struct app_detail *d)
{
    detail_cancel(a, d);
    if (d->record) {
        codec_free(model_resource(d->kind)->type, d->record);
        free(d->record);
    }
    codec_free(&model_report_type, &d->report);
    free(d->report_error);
    struct app_detail kept = *d;
    memset(d, 0, sizeof *d);
    d->kind = kept.kind;
    d->expanded = kept.expanded;
    d->text_view = kept.text_view;
    d->scroll = kept.scroll;
    d->cursor = kept.cursor;
    d->find = kept.find;
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

/* Moves the cursor by delta lines; the view follows it. */
static unsigned move(struct app *a, struct app_detail *d, long delta)
{
    size_t n = line_count(a);
    long c = (long)d->cursor + delta;
    d->cursor = (size_t)(c >= (long)n ? (long)n - 1 : c < 0 ? 0 : c);
    detail_follow_cursor(d, n, (size_t)a->detail_visible);
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

/* ---- the search in the record ---- */

/* /: the search prompt over the detail. Long fields unfold, so that the
 * search reaches all of them; Esc brings the cursor back here. */
static unsigned find_start(struct app *a, struct app_detail *d, long now)
{
    d->expanded = true;
    d->find_origin = d->cursor;
    d->find_origin_scroll = d->scroll;
    return screen_prompt_open(a, APP_PROMPT_FIND, now);
}

/* Which match of how many the current one is, for the status line. */
static size_t count_matches(const struct app_detail *d, const struct detail_lines *l, size_t *nth)
{
    size_t total = 0;
    *nth = 0;
    for (size_t i = 0; i < l->len; i++)
        for (size_t at = 0, m; detail_find_in(l->items[i].value, d->find, at, &m); at = m + 1) {
            total++;
            if (i == d->find_line && m == d->find_at)
                *nth = total;
        }
    return total;
}

/* n, N (dir 1, -1): the next or previous match, the cursor on its line
 * and the line in view. The prompt runs it as the text is typed. */
static unsigned find(struct app *a, struct app_detail *d, int dir)
{
    char sample[200];
    if (!d->find) {
        app_status(a, APP_MSG_INFO, "nothing searched yet: / searches the record");
        return APP_REDRAW;
    }
    text_fit(d->find, 40, sample, sizeof sample);
    struct detail_lines lines;
    if (app_detail_lines(a, &lines) != 0) {
        detail_lines_free(&lines);
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    if (detail_find_step(d, &lines, dir)) {
        size_t nth, total = count_matches(d, &lines, &nth);
        app_status(a, APP_MSG_INFO, "%s: match %zu of %zu", sample, nth, total);
    } else {
        app_status(a, APP_MSG_WARN, "%s: not in this record", sample);
    }
    detail_follow_cursor(d, lines.len, (size_t)a->detail_visible);
    detail_lines_free(&lines);
    return APP_REDRAW;
}

/* ---- the next and previous record ---- */

/* Where the shown record is in pane p's view: at the cursor when the
 * two are in step, else looked for; n_view if it is not there. */
static size_t view_position(const struct app_pane *p, const struct app_detail *d)
{
    const char *id = columns_record_id(d->kind, d->record);
    for (size_t k = 0; id && k <= p->n_view; k++) {
        size_t i = k == 0 ? p->cursor : k - 1;
        const char *other = i < p->n_view ? columns_record_id(p->kind, pane_record(p, i)) : NULL;
        if (other && strcmp(other, id) == 0)
            return i;
    }
    return p->n_view;
}

/* ], [ (step 1, -1): the record beside this one in the table under the
 * detail, in the table's order, asked again in full as opening does;
 * the table's cursor follows, so Back lands on it. */
static unsigned record_step(struct app *a, struct screen *s, int step)
{
    struct app_detail *d = &of(s)->d;
    struct app_pane *p = &a->panes[s->pane];
    size_t at = d->record && p->kind == d->kind ? view_position(p, d) : p->n_view;
    if (at == p->n_view) {
        app_status(a, APP_MSG_INFO, "] and [ go through the table a record was opened from");
        return APP_REDRAW;
    }
    if ((step < 0 && at == 0) || (step > 0 && at + 1 >= p->n_view)) {
        bool more = step > 0 && pane_shown_rows(p)->more;
        app_status(a, APP_MSG_INFO, "%s %s%s", step > 0 ? "the last" : "the first",
                   model_resource(d->kind)->name, more ? " loaded: more are on their way" : "");
        return APP_REDRAW | (more ? screen_table_ensure_rows(a, s->pane) : 0);
    }
    const struct model_type *t = model_resource(d->kind)->type;
    void *rec = calloc(1, t->size);
    if (!rec || codec_copy(t, rec, pane_record(p, at + (size_t)step)) != 0) {
        free(rec);
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    p->cursor = at + (size_t)step;
    pane_clamp(p, (size_t)a->rows_visible);
    d->cursor = d->scroll = 0;
    app_status(a, APP_MSG_INFO, "%s %zu of %zu%s", model_resource(d->kind)->name, p->cursor + 1,
               p->n_view, pane_shown_rows(p)->more ? " loaded" : "");
    return screen_table_ensure_rows(a, s->pane) | detail_show(a, d, rec);
}

/* ---- the line under the cursor ---- */

/* Puts text on the clipboard as it would be pasted: no control
 * character reaches what it is pasted into (a newline in a shell runs
 * what came before it), nor a bidi control that reorders what is seen
 * (text_is_bidi_control). Line breaks and tabs become blanks; the rest
 * is dropped. */
static unsigned copy_text(struct app *a, const char *text)
{
    size_t len = strlen(text);
    char *out = malloc(len + 1);
    if (!out) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    size_t o = 0;
    for (const unsigned char *u = (const unsigned char *)text; *u;) {
        uint32_t cp;
        size_t n = text_utf8_decode(u, &cp);
        bool shown = n && cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0) &&
                     !text_is_bidi_control(cp);
        if (n && (cp == '\n' || cp == '\t'))
            out[o++] = ' ';
        if (shown)
            memcpy(out + o, u, n);
        o += shown ? n : 0;
        u += n ? n : 1;
    }
    out[o] = '\0';
    if (o == 0) {
        free(out);
        app_status(a, APP_MSG_WARN, "nothing to copy on this line");
        return APP_REDRAW;
    }
    free(a->clipboard);
    a->clipboard = out;
    return APP_COPY | APP_REDRAW;
}

/* The whole text of the field under the cursor (not the part a fold or
 * the width shows): heap, or NULL when the line holds no value. */
static char *field_text(const struct app_detail *d, const struct detail_line *l)
{
    if (l->style == DETAIL_HEADING || l->style == DETAIL_HINT)
        return NULL;
    if (l->raw && d->text_view && l->member == detail_html_member(d->kind))
        return detail_html_text(l->raw);
    return strdup(l->raw ? l->raw : l->value);
}

/* Y: the value of the field under the cursor. */
static unsigned copy_field(struct app *a, struct app_detail *d)
{
    struct detail_lines lines;
    int rc = app_detail_lines(a, &lines);
    char *text = rc == 0 && d->cursor < lines.len ? field_text(d, &lines.items[d->cursor]) : NULL;
    detail_lines_free(&lines);
    unsigned f = text ? copy_text(a, text) : APP_REDRAW;
    if (!text)
        app_status(a, APP_MSG_WARN, "nothing to copy on this line");
    free(text);
    return f;
}

/* The members that hold ids of another kind without their prefix. */
static const struct {
    enum sendx_kind kind;
    unsigned member;
    enum sendx_kind ref;
} references[] = {
    {SENDX_KIND_CONTACT, SENDX_CONTACT_LISTS, SENDX_KIND_LIST},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_TAGS, SENDX_KIND_TAG},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_INCLUDED_LISTS, SENDX_KIND_LIST},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_INCLUDED_TAGS, SENDX_KIND_TAG},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_EXCLUDED_LISTS, SENDX_KIND_LIST},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_EXCLUDED_TAGS, SENDX_KIND_TAG},
    {SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_TAGS, SENDX_KIND_TAG},
};

/* The kind of record the line's value is the id of, or SENDX_KIND_COUNT. */
static enum sendx_kind reference_kind(const struct app_detail *d, const struct detail_line *l)
{
    if (!l->raw || l->member < 0 || (unsigned)l->member == model_resource(d->kind)->id_member)
        return SENDX_KIND_COUNT;
    for (size_t i = 0; i < sizeof references / sizeof references[0]; i++)
        if (references[i].kind == d->kind && references[i].member == (unsigned)l->member)
            return ids_match_ref(l->raw, model_resource(references[i].ref)->id_prefix, false)
                       ? references[i].ref
                       : SENDX_KIND_COUNT;
    for (int k = 0; k < SENDX_KIND_COUNT; k++)
        if (ids_match_ref(l->raw, model_resource((enum sendx_kind)k)->id_prefix, true))
            return (enum sendx_kind)k;
    return SENDX_KIND_COUNT;
}

/* A detail of kind's record with id, its name from the caches until the
 * server's copy arrives. */
static unsigned open_by_id(struct app *a, enum sendx_kind kind, const char *id, long now)
{
    const struct model_resource *r = model_resource(kind);
    void *rec = calloc(1, r->type->size);
    const char *name = names_get(&a->names, id);
    int rc = rec ? codec_set_string(r->type, rec, r->id_member, id) : -1;
    if (rc == 0 && name && kind == SENDX_KIND_LIST)
        rc = codec_set_string(r->type, rec, SENDX_LIST_NAME, name);
    if (rc == 0 && name && kind == SENDX_KIND_TAG)
        rc = codec_set_string(r->type, rec, SENDX_TAG_NAME, name);
    if (rc != 0) {
        if (rec)
            codec_free(r->type, rec);
        free(rec);
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    return screen_detail_open(a, kind, rec, now);
}

/* Enter: the record the line under the cursor names (a contact's list
 * or tag, a campaign's sender); elsewhere long fields unfold or fold,
 * as Enter did before it opened anything. */
static unsigned open_reference(struct app *a, struct app_detail *d, long now)
{
    struct detail_lines lines;
    int rc = app_detail_lines(a, &lines);
    enum sendx_kind kind = rc == 0 && d->cursor < lines.len
                               ? reference_kind(d, &lines.items[d->cursor])
                               : SENDX_KIND_COUNT;
    char *id = kind != SENDX_KIND_COUNT ? strdup(lines.items[d->cursor].raw) : NULL;
    detail_lines_free(&lines);
    if (kind == SENDX_KIND_COUNT) {
        d->expanded = !d->expanded;
        return move(a, d, 0);
    }
    unsigned f = id ? open_by_id(a, kind, id, now) : APP_REDRAW;
    free(id);
    return f;
}

/* t: a template's or campaign's HTML as text, the cursor on its first
 * line; again: the HTML. */
static unsigned text_view(struct app *a, struct app_detail *d)
{
    int html = detail_html_member(d->kind);
    if (html < 0 || !d->record || !codec_is_set(d->record, (unsigned)html)) {
        char key[32];
        app_status(a, APP_MSG_INFO, "%s shows a template's or a campaign's HTML as text",
                   app_key_for(a, KEYMAP_DETAIL, ACTION_DETAIL_TEXT, key, sizeof key));
        return APP_REDRAW;
    }
    d->text_view = !d->text_view;
    d->found = false;
    struct detail_lines lines;
    if (app_detail_lines(a, &lines) == 0)
        for (size_t i = 0; i < lines.len; i++)
            if (lines.items[i].member == html) {
                d->cursor = d->scroll = i;
                break;
            }
    detail_follow_cursor(d, lines.len, (size_t)a->detail_visible);
    detail_lines_free(&lines);
    return APP_REDRAW;
}

static unsigned detail_action(struct app *a, struct screen *s, enum action act, long now)
{
    struct app_detail *d = &of(s)->d;
    long page = a->detail_visible > 0 ? a->detail_visible : 1;
    switch (act) {
    case ACTION_ROW_UP:
        return move(a, d, -1);
    case ACTION_ROW_DOWN:
        return move(a, d, 1);
    case ACTION_ROW_FIRST:
        return move(a, d, -(1L << 30));
    case ACTION_ROW_LAST:
        return move(a, d, 1L << 30);
    case ACTION_PAGE_UP:
        return move(a, d, -page);
    case ACTION_PAGE_DOWN:
        return move(a, d, page);
    case ACTION_HALF_UP:
        return move(a, d, -(page + 1) / 2);
    case ACTION_HALF_DOWN:
        return move(a, d, (page + 1) / 2);
    case ACTION_DETAIL_CONTACTS:
        return contacts_of(a, d, now);
    case ACTION_DETAIL_EXPAND:
        d->expanded = !d->expanded;
        return move(a, d, 0);
    case ACTION_DETAIL_OPEN:
        return open_reference(a, d, now);
    case ACTION_FIND_START:
        return find_start(a, d, now);
    case ACTION_FIND_NEXT:
    case ACTION_FIND_PREV:
        return find(a, d, act == ACTION_FIND_NEXT ? 1 : -1);
    case ACTION_RECORD_NEXT:
    case ACTION_RECORD_PREV:
        return record_step(a, s, act == ACTION_RECORD_NEXT ? 1 : -1);
    case ACTION_COPY_FIELD:
        return copy_field(a, d);
    case ACTION_DETAIL_TEXT:
        return text_view(a, d);
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
    free(of(s)->d.find);
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
