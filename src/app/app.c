#include "app/app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/ids.h"
#include "app/columns.h"
#include "app/detail.h"
#include "app/help.h"
#include "app/keys.h"
#include "app/logger.h"
#include "app/text.h"

static unsigned detail_show(struct app *a, enum sendx_kind kind, void *record);
static unsigned detail_fetch(struct app *a, bool record, bool report);

/* ---- rows ---------------------------------------------------------------- */

/* rows_keep_fn for the contacts of a list or tag: ctx is the pane. */
static bool is_member(const void *record, const void *ctx)
{
    const struct app_pane *p = ctx;
    const struct sendx_contact *c = record;
    const struct sendx_strv *ids = p->member_of_kind == SENDX_KIND_LIST ? &c->lists : &c->tags;
    for (size_t i = 0; i < ids->len; i++)
        if (ids->items[i] && p->member_of_id && strcmp(ids->items[i], p->member_of_id) == 0)
            return true;
    return false;
}

/* ---- view: filter and stable sort ---------------------------------------- */

static void clamp_cursor(struct app *a, struct app_pane *p)
{
    pane_clamp(p, (size_t)a->rows_visible);
}

/* Rebuilds the view from scratch, keeping the cursor on the same record
 * when it is still shown. */
static void view_rebuild(struct app *a, struct app_pane *p)
{
    if (pane_view_rebuild(p, (size_t)a->rows_visible) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory while filtering");
}

/* ---- jobs ------------------------------------------------------------- */

/* Queues job and tracks it (jobs.h). Returns its id, or 0 (job freed,
 * message shown) if out of memory. */
static unsigned long submit(struct app *a, struct fetch_job *job, enum fetch_purpose purpose,
                            int pane, unsigned long gen)
{
    unsigned long id = jobs_submit(&a->jobs, job, purpose, pane, gen);
    if (!id)
        app_status(a, APP_MSG_ERROR, "out of memory");
    return id;
}

struct fetch_job *app_take_jobs(struct app *a)
{
    return jobs_take(&a->jobs);
}

static long page_limit(enum sendx_kind kind, bool bulk)
{
    const struct model_resource *r = model_resource(kind);
    if (!(r->ops & SENDX_OP_PAGED))
        return 0;
    return bulk || r->page_max < APP_PAGE_ROWS ? r->page_max : APP_PAGE_ROWS;
}

static unsigned request_page(struct app *a, int idx, bool search)
{
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = search ? &p->search : &p->plain;
    if (rows->job || !rows->more)
        return 0;
    struct fetch_job *job = fetch_job_new(FETCH_LIST, p->kind, search ? rows->query : NULL, NULL);
    if (job) {
        job->offset = rows->next_offset;
        job->limit = page_limit(p->kind, p->load_all || idx == APP_PANE_CONTACTS_OF);
        job->campaign_filter = p->campaign_filter;
        job->search = search;
    }
    rows->job = submit(a, job, FETCH_FOR_PANE, idx, p->gen);
    rows->failed = false;
    return rows->job ? APP_JOBS | APP_REDRAW : APP_REDRAW;
}

/* Asks for the next page of the shown rows when the cursor nears their
 * end (or everything is wanted). */
static unsigned ensure_rows(struct app *a, int idx)
{
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = p->searching ? &p->search : &p->plain;
    if (rows->job || !rows->more || rows->failed)
        return 0;
    size_t margin = a->rows_visible > 20 ? (size_t)a->rows_visible * 2 : 40;
    if (rows->len == 0 || p->load_all || p->cursor + margin >= p->n_view)
        return request_page(a, idx, p->searching);
    return 0;
}

/* Drops everything the pane is waiting for: its results will be stale.
 * Returns whether a page of its plain rows was cancelled. */
static bool pane_invalidate(struct app *a, int idx)
{
    struct app_pane *p = &a->panes[idx];
    bool had_plain = p->plain.job != 0;
    p->gen = ++a->next_gen;
    jobs_cancel_pane(&a->jobs, idx);
    p->plain.job = p->search.job = 0;
    return had_plain;
}

static bool can_search(const struct app_pane *p)
{
    return (model_resource(p->kind)->ops & SENDX_OP_SEARCH) && p->filter &&
           strlen(p->filter) >= APP_SEARCH_MIN;
}

/* ---- status ----------------------------------------------------------- */

__attribute__((format(printf, 5, 0))) static void message_vset(struct app *a, struct app_message *m,
                                                               enum app_level level,
                                                               enum action hint, const char *fmt,
                                                               va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *text = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (text)
        vsnprintf(text, (size_t)len + 1, fmt, again);
    va_end(again);
    free(m->text);
    *m = (struct app_message){text, level, hint, ++a->next_seq};
    if (text && level >= APP_MSG_WARN)
        logger_write(a->cfg.log, "%s: %s", level == APP_MSG_WARN ? "warning" : "error", text);
}

void app_status(struct app *a, enum app_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message_vset(a, &a->status, level, ACTION_NONE, fmt, ap);
    va_end(ap);
}

/* A message about pane idx's rows: shown only while that pane is. */
static void pane_status(struct app *a, int idx, enum app_level level, enum action hint,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void pane_status(struct app *a, int idx, enum app_level level, enum action hint,
                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message_vset(a, &a->pane_status[idx], level, hint, fmt, ap);
    va_end(ap);
}

const struct app_message *app_status_shown(const struct app *a)
{
    const struct app_message *m = &a->status;
    const struct app_message *pane = &a->pane_status[a->current];
    if (a->screen == APP_SCREEN_TABLE && pane->text && (!m->text || pane->seq > m->seq))
        m = pane;
    return m->text ? m : NULL;
}

/* ---- setup ------------------------------------------------------------ */

int app_init(struct app *a, const struct app_config *cfg, long now)
{
    memset(a, 0, sizeof *a);
    a->cfg = *cfg;
    for (int i = 0; i < APP_PANES; i++) {
        struct app_pane *p = &a->panes[i];
        p->kind = i < APP_RESOURCE_PANES ? (enum sendx_kind)i : SENDX_KIND_CONTACT;
        p->sort_col = -1;
        rows_init(&p->plain);
        rows_init(&p->search);
        p->gen = ++a->next_gen;
    }
    a->rows_visible = 20;
    a->detail_visible = 20;
    a->help_visible = 20;
    a->detail_width = 60;
    a->prompt_width = 60;
    name_loads_start(&a->name_loads, &a->jobs, a->cfg.log, now);
    ensure_rows(a, a->current);
    logger_write(a->cfg.log, "ui: started (%s%s)", cfg->where ? cfg->where : "",
                 cfg->readonly ? ", read-only" : "");
    return keymap_defaults(&a->keys);
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

/* Cancels what d waits for and frees it, leaving it empty. */
static void detail_free(struct app *a, struct app_detail *d)
{
    detail_cancel(a, d);
    if (d->record) {
        codec_free(model_resource(d->kind)->type, d->record);
        free(d->record);
    }
    codec_free(&model_report_type, &d->report);
    free(d->report_error);
    memset(d, 0, sizeof *d);
}

static void detail_clear(struct app *a)
{
    detail_free(a, &a->detail);
}

/* ---- the back stack ------------------------------------------------------ */

static void status_clear(struct app *a)
{
    free(a->status.text);
    a->status.text = NULL;
}

static void trail_clear(struct app *a)
{
    for (size_t i = 0; i < a->n_back; i++)
        detail_free(a, &a->back[i].detail);
    a->n_back = 0;
}

/* Saves the view shown for Back, moving its detail (if any) into the
 * stack; the caller then shows another view. What the detail was still
 * fetching is cancelled and asked again on return: a parked view gets no
 * results. */
static void view_push(struct app *a)
{
    if (a->n_back == APP_BACK_MAX) {
        detail_free(a, &a->back[0].detail);
        memmove(a->back, a->back + 1, (APP_BACK_MAX - 1) * sizeof *a->back);
        a->n_back--;
    }
    struct app_view *v = &a->back[a->n_back++];
    v->pane = a->current;
    v->screen = a->screen;
    v->detail = a->detail;
    v->refetch_record = v->detail.get_job != 0;
    v->refetch_report = v->detail.report_job != 0;
    detail_cancel(a, &v->detail);
    memset(&a->detail, 0, sizeof a->detail);
}

bool app_can_go_back(const struct app *a)
{
    return a->n_back > 0;
}

void app_free(struct app *a)
{
    detail_clear(a);
    trail_clear(a);
    jobs_free(&a->jobs);
    for (int i = 0; i < APP_PANES; i++) {
        struct app_pane *p = &a->panes[i];
        rows_clear(&p->plain, p->kind);
        rows_clear(&p->search, p->kind);
        free(p->view);
        free(p->filter);
        free(p->member_of_id);
        free(p->member_of_name);
    }
    name_loads_free(&a->name_loads);
    names_free(&a->names);
    command_history_free(&a->history);
    keymap_free(&a->keys);
    free(a->help_filter);
    line_free(&a->prompt_line);
    free(a->prompt_saved);
    free(a->status.text);
    for (int i = 0; i < APP_PANES; i++)
        free(a->pane_status[i].text);
    free(a->clipboard);
    memset(a, 0, sizeof *a);
}

/* ---- reading ------------------------------------------------------------ */

struct app_pane *app_current(struct app *a)
{
    return &a->panes[a->current];
}

const char *app_pane_title(const struct app *a, int i, char *buf, size_t n)
{
    const struct app_pane *p = &a->panes[i];
    if (i == APP_PANE_CONTACTS_OF)
        snprintf(buf, n, "Contacts of %s %s", p->member_of_kind == SENDX_KIND_LIST ? "list" : "tag",
                 p->member_of_name ? p->member_of_name : "");
    else
        snprintf(buf, n, "%s", model_resource(p->kind)->title);
    return buf;
}

const char *app_filter_scope(const struct app_pane *p)
{
    if (p->searching)
        return "server";
    if (can_search(p))
        return "local, searching server";
    return "local";
}

bool app_loading(const struct app *a, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    const struct app_pane *p = &a->panes[a->current];
    const struct app_rows *rows = pane_shown_rows(p);
    char count[32];
    if (rows->job && a->current == APP_PANE_CONTACTS_OF)
        snprintf(buf, n, "scanning contacts: %s checked",
                 text_thousands((int64_t)rows->scanned, count));
    else if (rows->job && rows->len)
        snprintf(buf, n, "%s %s: %s loaded", p->searching ? "searching" : "loading",
                 model_resource(p->kind)->plural, text_thousands((int64_t)rows->len, count));
    else if (rows->job)
        snprintf(buf, n, "%s %s…", p->searching ? "searching" : "loading",
                 model_resource(p->kind)->plural);
    else if (a->detail.get_job || a->detail.report_job)
        snprintf(buf, n, "loading %s", a->detail.report_job ? "report" : "record");
    else if (a->jobs.n_inflight)
        snprintf(buf, n, "loading names");
    return a->jobs.n_inflight > 0;
}

enum keymap_context app_help_context(const struct app *a)
{
    return a->screen == APP_SCREEN_DETAIL ? KEYMAP_DETAIL : KEYMAP_TABLE;
}

enum keymap_context app_context(const struct app *a)
{
    if (a->prompt != APP_PROMPT_NONE)
        return KEYMAP_PROMPT;
    if (a->help_open)
        return KEYMAP_HELP;
    return a->screen == APP_SCREEN_DETAIL ? KEYMAP_DETAIL : KEYMAP_TABLE;
}

/* ---- moving ------------------------------------------------------------- */

void app_set_visible(struct app *a, const struct app_layout *layout)
{
    a->detail_width = layout->detail_width > 10 ? layout->detail_width : 10;
    a->rows_visible = layout->table_rows > 0 ? layout->table_rows : 1;
    a->detail_visible = layout->detail_rows > 0 ? layout->detail_rows : 1;
    a->help_visible = layout->help_rows > 0 ? layout->help_rows : 1;
    a->prompt_width = layout->prompt_width > 1 ? layout->prompt_width : 1;
    line_follow_cursor(&a->prompt_line, a->prompt_width);
    for (int i = 0; i < APP_PANES; i++)
        clamp_cursor(a, &a->panes[i]);
}

static unsigned move_cursor(struct app *a, long delta)
{
    struct app_pane *p = app_current(a);
    if (p->n_view == 0)
        return ensure_rows(a, a->current);
    long c = (long)p->cursor + delta;
    if (c < 0)
        c = 0;
    if (c >= (long)p->n_view)
        c = (long)p->n_view - 1;
    p->cursor = (size_t)c;
    clamp_cursor(a, p);
    return APP_REDRAW | ensure_rows(a, a->current);
}

int app_detail_lines(const struct app *a, struct detail_lines *out)
{
    char keys[64];
    const char *expand =
        keymap_first_key(&a->keys, KEYMAP_DETAIL, ACTION_DETAIL_EXPAND, keys, sizeof keys);
    return detail_build(&a->detail, &a->names, a->detail_width, expand, out);
}

static size_t detail_line_count(struct app *a)
{
    struct detail_lines lines;
    app_detail_lines(a, &lines);
    size_t n = lines.len;
    detail_lines_free(&lines);
    return n;
}

static unsigned scroll_detail(struct app *a, long delta)
{
    long max = (long)detail_line_count(a) - a->detail_visible;
    long s = (long)a->detail.scroll + delta;
    if (s > max)
        s = max;
    if (s < 0)
        s = 0;
    a->detail.scroll = (size_t)s;
    return APP_REDRAW;
}

static unsigned scroll_help(struct app *a, long delta)
{
    long max = (long)help_count(&a->keys, app_help_context(a), a->help_filter) - a->help_visible;
    long s = (long)a->help_scroll + delta;
    if (s > max)
        s = max;
    if (s < 0)
        s = 0;
    a->help_scroll = (size_t)s;
    return APP_REDRAW;
}

static unsigned move(struct app *a, long delta)
{
    if (a->help_open)
        return scroll_help(a, delta);
    if (a->screen == APP_SCREEN_DETAIL)
        return scroll_detail(a, delta);
    return move_cursor(a, delta);
}

unsigned app_click_row(struct app *a, int n, long now)
{
    struct app_pane *p = app_current(a);
    if (a->screen != APP_SCREEN_TABLE || a->help_open || n < 0 || p->top + (size_t)n >= p->n_view)
        return 0;
    (void)now;
    return move_cursor(a, (long)(p->top + (size_t)n) - (long)p->cursor);
}

unsigned app_scroll(struct app *a, int delta, long now)
{
    (void)now;
    return move(a, delta);
}

/* ---- panes ------------------------------------------------------------ */

static void schedule_search(struct app_pane *p, long due)
{
    p->search_due = can_search(p) ? due : 0;
}

/* Makes idx the current pane. Leaving cancels what the old pane was
 * loading; it resumes when the pane comes back. */
static void switch_pane(struct app *a, int idx)
{
    if (idx == a->current)
        return;
    pane_invalidate(a, a->current);
    a->current = idx;
    logger_write(a->cfg.log, "ui: pane %s", model_resource(a->panes[idx].kind)->plural);
}

/* The current pane is back in view: its search and rows catch up. */
static unsigned pane_shown(struct app *a, long now)
{
    struct app_pane *p = app_current(a);
    if (can_search(p) && !p->searching && !p->search.job)
        schedule_search(p, now);
    return APP_REDRAW | ensure_rows(a, a->current);
}

unsigned app_open_pane(struct app *a, int idx, long now)
{
    if (idx < 0 || idx >= APP_PANES)
        return 0;
    if (idx == APP_PANE_CONTACTS_OF && !a->panes[idx].member_of_id)
        return 0;
    if (idx < APP_RESOURCE_PANES)
        trail_clear(a);
    else if (idx != a->current || a->screen != APP_SCREEN_TABLE)
        view_push(a);
    detail_clear(a);
    a->screen = APP_SCREEN_TABLE;
    switch_pane(a, idx);
    return pane_shown(a, now);
}

/* Returns to the view pushed last, as it was left. */
static unsigned view_pop(struct app *a, long now)
{
    struct app_view *v = &a->back[--a->n_back];
    detail_clear(a);
    switch_pane(a, v->pane);
    a->screen = v->screen;
    a->detail = v->detail;
    memset(&v->detail, 0, sizeof v->detail);
    /* The last view's messages ("… contacts checked: done") are not this one's. */
    status_clear(a);
    unsigned f = 0;
    if (a->screen == APP_SCREEN_DETAIL)
        f = detail_fetch(a, v->refetch_record, v->refetch_report);
    return f | pane_shown(a, now);
}

/* The resource pane the trail of views started from: Tab moves on from it. */
static int trail_root(const struct app *a)
{
    int root = a->n_back ? a->back[0].pane : a->current;
    return root < APP_RESOURCE_PANES ? root : 0;
}

/* r: the shown rows load again from the start, staying on screen until
 * the new ones arrive (so an outage does not empty the table), and name
 * loads that failed try again. */
static unsigned refresh(struct app *a, long now)
{
    unsigned f = name_loads_retry_now(&a->name_loads, &a->jobs, now) ? APP_JOBS : 0;
    if (a->screen == APP_SCREEN_DETAIL) {
        void *rec = a->detail.record;
        a->detail.record = NULL;
        return f | (rec ? detail_show(a, a->detail.kind, rec) : APP_REDRAW);
    }
    int idx = a->current;
    struct app_pane *p = app_current(a);
    pane_invalidate(a, idx);
    rows_reload(&p->plain);
    rows_reload(&p->search);
    if (idx == APP_PANE_CONTACTS_OF)
        p->load_all = true;
    app_status(a, APP_MSG_INFO, "reloading %s", model_resource(p->kind)->plural);
    if (p->searching && p->search.query)
        return f | APP_REDRAW | request_page(a, idx, true);
    p->searching = false;
    schedule_search(p, now);
    return f | APP_REDRAW | request_page(a, idx, false);
}

static unsigned cycle_campaign_filter(struct app *a)
{
    struct app_pane *p = app_current(a);
    if (p->kind != SENDX_KIND_CAMPAIGN || a->current == APP_PANE_CONTACTS_OF) {
        app_status(a, APP_MSG_INFO, "only the campaign pane has a status filter");
        return APP_REDRAW;
    }
    p->campaign_filter = (p->campaign_filter + 1) % (SENDX_CAMPAIGNS_SENT + 1);
    pane_invalidate(a, a->current);
    rows_clear(&p->plain, p->kind);
    p->n_view = p->cursor = p->top = 0;
    app_status(a, APP_MSG_INFO, "campaigns: %s", sendx_campaign_filter_name(p->campaign_filter));
    return APP_REDRAW | ensure_rows(a, a->current);
}

static unsigned sort(struct app *a, bool reverse)
{
    struct app_pane *p = app_current(a);
    const struct column_set *cols = columns_for(p->kind);
    if (reverse) {
        if (p->sort_col < 0)
            p->sort_col = 0;
        p->sort_desc = !p->sort_desc;
    } else {
        p->sort_col = p->sort_col + 1 < (int)cols->n ? p->sort_col + 1 : -1;
        p->sort_desc = false;
    }
    view_rebuild(a, p);
    /* The new order is read from its start, as in any table. */
    p->cursor = p->top = 0;
    if (p->sort_col < 0)
        app_status(a, APP_MSG_INFO, "in the server's order");
    else
        app_status(a, APP_MSG_INFO, "sorted by %s %s", cols->cols[p->sort_col].title,
                   p->sort_desc ? "descending" : "ascending");
    return APP_REDRAW;
}

/* Sets the pane filter to text (NULL/"" clears) and refilters live. */
static unsigned set_filter(struct app *a, const char *text, long now)
{
    struct app_pane *p = app_current(a);
    bool same = (!text || !*text) ? !p->filter : (p->filter && strcmp(p->filter, text) == 0);
    if (same)
        return 0;
    free(p->filter);
    p->filter = text && *text ? strdup(text) : NULL;
    /* A new query makes the old search answer (and any page of it in
     * flight) stale. The plain rows page on only when asked: a filter
     * showing few rows must not pull in the whole account. */
    bool resume = pane_invalidate(a, a->current);
    rows_clear(&p->search, p->kind);
    p->searching = false;
    view_rebuild(a, p);
    schedule_search(p, now + APP_SEARCH_DELAY_MS);
    bool stale = resume || !p->plain.len || p->plain.reload;
    return APP_REDRAW | (stale ? request_page(a, a->current, false) : 0);
}

static unsigned start_search(struct app *a, long now)
{
    struct app_pane *p = app_current(a);
    p->search_due = 0;
    if (!can_search(p))
        return 0;
    bool resume = pane_invalidate(a, a->current);
    rows_clear(&p->search, p->kind);
    p->search.query = strdup(p->filter);
    if (!p->search.query) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    logger_write(a->cfg.log, "ui: search %s", model_resource(p->kind)->plural);
    (void)now;
    unsigned f = request_page(a, a->current, true);
    if (resume)
        f |= request_page(a, a->current, false);
    return f;
}

/* ---- detail ------------------------------------------------------------ */

/* Asks for the shown record in full (the listed copy may be short) and,
 * for a campaign, its report; results of earlier asks become stale. */
static unsigned detail_fetch(struct app *a, bool record, bool report)
{
    struct app_detail *d = &a->detail;
    d->gen = ++a->next_gen;
    const char *id = columns_record_id(d->kind, d->record);
    unsigned f = 0;
    if (record && id && (model_resource(d->kind)->ops & SENDX_OP_GET)) {
        d->get_job =
            submit(a, fetch_job_new(FETCH_GET, d->kind, NULL, id), FETCH_FOR_DETAIL, 0, d->gen);
        f |= d->get_job ? APP_JOBS : 0;
    }
    if (report && id && d->kind == SENDX_KIND_CAMPAIGN) {
        d->report_job =
            submit(a, fetch_job_new(FETCH_REPORT, d->kind, NULL, id), FETCH_FOR_REPORT, 0, d->gen);
        f |= d->report_job ? APP_JOBS : 0;
    }
    return f;
}

/* Shows record (now the detail's) in place of what the detail showed. */
static unsigned detail_show(struct app *a, enum sendx_kind kind, void *record)
{
    detail_clear(a);
    a->detail.kind = kind;
    a->detail.record = record;
    a->screen = APP_SCREEN_DETAIL;
    const char *id = columns_record_id(kind, record);
    logger_write(a->cfg.log, "ui: detail %s %s", model_resource(kind)->name, id ? id : "");
    return APP_REDRAW | detail_fetch(a, true, true);
}

static unsigned open_detail(struct app *a)
{
    struct app_pane *p = app_current(a);
    if (p->cursor >= p->n_view)
        return 0;
    const struct model_type *t = model_resource(p->kind)->type;
    void *rec = calloc(1, t->size);
    if (!rec || codec_copy(t, rec, pane_record(p, p->cursor)) != 0) {
        free(rec);
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    view_push(a);
    return detail_show(a, p->kind, rec);
}

static unsigned show_contacts_of(struct app *a, long now)
{
    struct app_detail *d = &a->detail;
    if (!d->record || (d->kind != SENDX_KIND_LIST && d->kind != SENDX_KIND_TAG)) {
        app_status(a, APP_MSG_INFO, "contacts are shown for a list or a tag");
        return APP_REDRAW;
    }
    const char *id = columns_record_id(d->kind, d->record);
    const char *name = d->kind == SENDX_KIND_LIST ? ((struct sendx_list *)d->record)->name
                                                  : ((struct sendx_tag *)d->record)->name;
    struct app_pane *p = &a->panes[APP_PANE_CONTACTS_OF];
    pane_invalidate(a, APP_PANE_CONTACTS_OF);
    rows_clear(&p->plain, p->kind);
    rows_clear(&p->search, p->kind);
    free(p->member_of_id);
    free(p->member_of_name);
    free(p->filter);
    p->filter = NULL;
    p->searching = false;
    p->search_due = 0;
    p->n_view = p->cursor = p->top = 0;
    free(a->pane_status[APP_PANE_CONTACTS_OF].text);
    a->pane_status[APP_PANE_CONTACTS_OF].text = NULL;
    p->member_of_kind = d->kind;
    p->member_of_id = id ? strdup(id) : NULL;
    p->member_of_name = strdup(name ? name : (id ? id : ""));
    p->load_all = true;
    if (!p->member_of_id || !p->member_of_name) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    unsigned f = app_open_pane(a, APP_PANE_CONTACTS_OF, now);
    app_status(a, APP_MSG_INFO, "scanning all contacts for members of %s", p->member_of_name);
    return f;
}

/* ---- prompt ------------------------------------------------------------ */

static const char *prompt_text(const struct app *a)
{
    return line_text(&a->prompt_line);
}

static int prompt_set(struct app *a, const char *text)
{
    int rc = line_set(&a->prompt_line, text);
    line_follow_cursor(&a->prompt_line, a->prompt_width);
    return rc;
}

static unsigned prompt_open(struct app *a, enum app_prompt kind)
{
    const char *initial = "";
    if (kind == APP_PROMPT_FILTER && app_current(a)->filter)
        initial = app_current(a)->filter;
    if (kind == APP_PROMPT_HELP && a->help_filter)
        initial = a->help_filter;
    free(a->prompt_saved);
    a->prompt_saved = strdup(initial);
    if (!a->prompt_saved || prompt_set(a, initial) != 0) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    a->prompt = kind;
    command_history_reset(&a->history);
    return APP_REDRAW;
}

/* Applies the prompt's text live, as the user types. */
static unsigned prompt_changed(struct app *a, long now)
{
    if (a->prompt == APP_PROMPT_FILTER)
        return set_filter(a, prompt_text(a), now) | APP_REDRAW;
    if (a->prompt == APP_PROMPT_HELP) {
        free(a->help_filter);
        a->help_filter = a->prompt_line.len ? strdup(prompt_text(a)) : NULL;
        a->help_scroll = 0;
    }
    return APP_REDRAW;
}

static unsigned prompt_close(struct app *a, bool accept, long now)
{
    enum app_prompt kind = a->prompt;
    a->prompt = APP_PROMPT_NONE;
    unsigned f = APP_REDRAW;
    if (!accept && kind != APP_PROMPT_COMMAND) {
        if (prompt_set(a, a->prompt_saved ? a->prompt_saved : "") == 0) {
            a->prompt = kind;
            f |= prompt_changed(a, now);
            a->prompt = APP_PROMPT_NONE;
        }
    } else if (accept && kind == APP_PROMPT_COMMAND) {
        command_history_add(&a->history, prompt_text(a));
        enum action act = command_parse(prompt_text(a));
        if (act == ACTION_NONE && a->prompt_line.len) {
            char sample[200];
            text_fit(prompt_text(a), 40, sample, sizeof sample);
            app_status(a, APP_MSG_WARN, "unknown command: %s", sample);
        } else if (act != ACTION_NONE) {
            logger_write(a->cfg.log, "ui: command %s", action_name(act));
            f |= app_action(a, act, now);
        }
    }
    return f;
}

static unsigned prompt_complete(struct app *a)
{
    if (a->prompt != APP_PROMPT_COMMAND)
        return 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", prompt_text(a));
    int n = command_complete(buf, sizeof buf);
    if (prompt_set(a, buf) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory");
    if (n > 1) {
        char list[256];
        command_candidates(buf, list, sizeof list);
        app_status(a, APP_MSG_INFO, "%s", list);
    } else if (n == 0) {
        app_status(a, APP_MSG_WARN, "no command begins so");
    }
    return APP_REDRAW;
}

static unsigned prompt_history(struct app *a, bool back)
{
    if (a->prompt != APP_PROMPT_COMMAND)
        return 0;
    const char *line = back ? command_history_prev(&a->history) : command_history_next(&a->history);
    if (line && prompt_set(a, line) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory");
    return APP_REDRAW;
}

/* The line-editing actions: whether the text changed (so the filter
 * follows it), or only the cursor moved. */
static bool prompt_line_edit(struct line *l, enum action act, bool *moved)
{
    *moved = false;
    switch (act) {
    case ACTION_PROMPT_BACKSPACE:
        return line_backspace(l);
    case ACTION_PROMPT_DELETE:
        return line_delete(l);
    case ACTION_PROMPT_DELETE_WORD:
        return line_delete_word(l);
    case ACTION_PROMPT_KILL_START:
        return line_kill_to_start(l);
    case ACTION_PROMPT_KILL_END:
        return line_kill_to_end(l);
    case ACTION_PROMPT_LEFT:
        *moved = line_left(l);
        return false;
    case ACTION_PROMPT_RIGHT:
        *moved = line_right(l);
        return false;
    case ACTION_PROMPT_HOME:
        *moved = line_home(l);
        return false;
    case ACTION_PROMPT_END:
        *moved = line_end(l);
        return false;
    default:
        return false;
    }
}

static unsigned prompt_edit(struct app *a, enum action act, long now)
{
    switch (act) {
    case ACTION_PROMPT_ACCEPT:
        return prompt_close(a, true, now);
    case ACTION_PROMPT_CANCEL:
        return prompt_close(a, false, now);
    case ACTION_PROMPT_COMPLETE:
        return prompt_complete(a);
    case ACTION_PROMPT_HISTORY_PREV:
    case ACTION_PROMPT_HISTORY_NEXT:
        return prompt_history(a, act == ACTION_PROMPT_HISTORY_PREV);
    case ACTION_PROMPT_BACKSPACE:
        /* Backspace on an empty command line leaves it, as in vim. */
        if (a->prompt_line.len == 0)
            return a->prompt == APP_PROMPT_COMMAND ? prompt_close(a, false, now) : 0;
        break;
    default:
        break;
    }
    bool moved;
    bool changed = prompt_line_edit(&a->prompt_line, act, &moved);
    line_follow_cursor(&a->prompt_line, a->prompt_width);
    if (changed)
        return prompt_changed(a, now);
    return moved ? APP_REDRAW : 0;
}

static unsigned prompt_insert(struct app *a, int key, long now)
{
    if (key < 0 || key >= 0x110000)
        return 0; /* a special key no action is bound to */
    size_t before = a->prompt_line.len;
    if (line_insert_char(&a->prompt_line, (uint32_t)key) != 0) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    line_follow_cursor(&a->prompt_line, a->prompt_width);
    return a->prompt_line.len != before ? prompt_changed(a, now) : 0;
}

/* ---- actions ------------------------------------------------------------ */

static unsigned copy_id(struct app *a)
{
    const char *id = NULL;
    if (a->screen == APP_SCREEN_DETAIL && a->detail.record) {
        id = columns_record_id(a->detail.kind, a->detail.record);
    } else {
        struct app_pane *p = app_current(a);
        if (p->cursor < p->n_view)
            id = columns_record_id(p->kind, pane_record(p, p->cursor));
    }
    if (!id) {
        app_status(a, APP_MSG_WARN, "nothing to copy");
        return APP_REDRAW;
    }
    /* Only a real id goes to the clipboard: one that is not could carry
     * a newline or an escape sequence into whatever it is pasted into. */
    if (!ids_match_pattern(id)) {
        app_status(a, APP_MSG_WARN, "not copied: this id does not look like a SendX id");
        return APP_REDRAW;
    }
    free(a->clipboard);
    a->clipboard = strdup(id);
    return a->clipboard ? APP_COPY | APP_REDRAW : APP_REDRAW;
}

static unsigned back(struct app *a, bool quit_at_top, long now)
{
    if (a->help_open) {
        a->help_open = false;
        return APP_REDRAW;
    }
    if (app_can_go_back(a))
        return view_pop(a, now);
    if (!quit_at_top && app_current(a)->filter) {
        app_status(a, APP_MSG_INFO, "filter cleared");
        return set_filter(a, NULL, now) | APP_REDRAW;
    }
    return quit_at_top ? APP_QUIT : 0;
}

static unsigned row_last(struct app *a)
{
    if (a->help_open || a->screen == APP_SCREEN_DETAIL)
        return move(a, 1L << 30);
    struct app_pane *p = app_current(a);
    struct app_rows *rows = p->searching ? &p->search : &p->plain;
    if (rows->more && !rows->failed) {
        p->load_all = true;
        app_status(a, APP_MSG_INFO, "loading every %s", model_resource(p->kind)->name);
    }
    return move_cursor(a, 1L << 30) | APP_REDRAW | ensure_rows(a, a->current);
}

unsigned app_action(struct app *a, enum action act, long now)
{
    long page = a->help_open
                    ? a->help_visible
                    : (a->screen == APP_SCREEN_DETAIL ? a->detail_visible : a->rows_visible);
    if (page < 1)
        page = 1;
    if (act >= ACTION_PROMPT_ACCEPT && act <= ACTION_PROMPT_KILL_END)
        return a->prompt != APP_PROMPT_NONE ? prompt_edit(a, act, now) : 0;
    if (act >= ACTION_PANE_CONTACTS && act <= ACTION_PANE_MEMBERS) {
        a->help_open = false;
        return app_open_pane(a, act - ACTION_PANE_CONTACTS, now);
    }
    switch (act) {
    case ACTION_QUIT:
        return APP_QUIT;
    case ACTION_BACK_OR_QUIT:
        return back(a, true, now);
    case ACTION_BACK:
        return back(a, false, now) | APP_REDRAW;
    case ACTION_REDRAW:
        return APP_REDRAW | APP_CLEAR;
    case ACTION_ROW_UP:
        return move(a, -1);
    case ACTION_ROW_DOWN:
        return move(a, 1);
    case ACTION_ROW_FIRST:
        return move(a, -(1L << 30));
    case ACTION_ROW_LAST:
        return row_last(a);
    case ACTION_PAGE_UP:
        return move(a, -page);
    case ACTION_PAGE_DOWN:
        return move(a, page);
    case ACTION_HALF_UP:
        return move(a, -(page + 1) / 2);
    case ACTION_HALF_DOWN:
        return move(a, (page + 1) / 2);
    case ACTION_PANE_NEXT:
    case ACTION_PANE_PREV: {
        int step = act == ACTION_PANE_NEXT ? 1 : APP_RESOURCE_PANES - 1;
        a->help_open = false;
        return app_open_pane(a, (trail_root(a) + step) % APP_RESOURCE_PANES, now);
    }
    case ACTION_DETAIL_OPEN:
        return a->screen == APP_SCREEN_TABLE ? open_detail(a) : 0;
    case ACTION_DETAIL_CONTACTS:
        return a->screen == APP_SCREEN_DETAIL ? show_contacts_of(a, now) : 0;
    case ACTION_DETAIL_EXPAND:
        a->detail.expanded = !a->detail.expanded;
        return scroll_detail(a, 0);
    case ACTION_FILTER_START:
        return prompt_open(a, a->help_open ? APP_PROMPT_HELP : APP_PROMPT_FILTER);
    case ACTION_COMMAND_START:
        return prompt_open(a, APP_PROMPT_COMMAND);
    case ACTION_HELP:
        a->help_open = !a->help_open;
        a->help_scroll = 0;
        return APP_REDRAW;
    case ACTION_REFRESH:
        return refresh(a, now);
    case ACTION_COPY_ID:
        return copy_id(a);
    case ACTION_SORT_NEXT:
    case ACTION_SORT_REVERSE:
        return a->screen == APP_SCREEN_TABLE ? sort(a, act == ACTION_SORT_REVERSE) : 0;
    case ACTION_CAMPAIGN_FILTER:
        return a->screen == APP_SCREEN_TABLE ? cycle_campaign_filter(a) : 0;
    default:
        return 0;
    }
}

unsigned app_key(struct app *a, int key, long now)
{
    enum keymap_context ctx = app_context(a);
    enum action act = keymap_lookup(&a->keys, ctx, key);
    if (act != ACTION_NONE)
        return app_action(a, act, now);
    if (ctx == KEYMAP_PROMPT)
        return prompt_insert(a, key, now);
    return 0;
}

/* ---- results ------------------------------------------------------------ */

/* Says what a page did, on its pane's status. A pane out of sight keeps
 * quiet unless something went wrong: its count shows in its title. */
static void page_status(struct app *a, int idx, const struct app_rows *rows,
                        const struct fetch_result *r, const struct rows_taken *taken)
{
    const struct app_pane *p = &a->panes[idx];
    const char *plural = model_resource(p->kind)->plural;
    bool shown = idx == a->current;
    char count[32];
    if (taken->why)
        pane_status(a, idx, APP_MSG_WARN, ACTION_NONE, "%s: %s", plural, taken->why);
    else if (r->page.n_bad)
        pane_status(a, idx, APP_MSG_WARN, ACTION_NONE, "%zu %s skipped: %s", r->page.n_bad, plural,
                    api_error_message(&r->page.bad));
    else if (shown && idx == APP_PANE_CONTACTS_OF)
        pane_status(a, idx, rows->more ? APP_MSG_INFO : APP_MSG_OK, ACTION_NONE,
                    "%s contacts checked%s", text_thousands((int64_t)rows->scanned, count),
                    rows->more ? "…" : ": done");
    else if (shown)
        pane_status(a, idx, APP_MSG_OK, ACTION_NONE, "%s %s%s in %ld ms",
                    text_thousands((int64_t)rows->len, count), plural,
                    r->job->search ? " found" : "", r->elapsed_ms);
}

static unsigned pane_page(struct app *a, struct fetch_result *r)
{
    struct fetch_job *job = r->job;
    int idx = job->pane;
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = job->search ? &p->search : &p->plain;
    if (r->gen != p->gen || rows->job != job->id)
        return 0; /* stale: the user moved on */
    rows->job = 0;
    bool shown = idx == a->current;
    const char *plural = model_resource(p->kind)->plural;
    if (r->rc != 0) {
        rows->failed = true;
        if (r->err.kind != API_ERR_CANCELLED)
            pane_status(a, idx, APP_MSG_ERROR, ACTION_REFRESH, "%s: %s", plural,
                        api_error_message(&r->err));
        p->load_all = false;
        return shown ? APP_REDRAW : 0;
    }
    bool first_search = job->search && !p->searching;
    bool in_view = job->search == p->searching;
    bool at_end = p->n_view && p->cursor == p->n_view - 1;
    const char *cursor_id =
        p->cursor < p->n_view ? columns_record_id(p->kind, pane_record(p, p->cursor)) : NULL;
    char *keep_id = in_view && rows->reload && cursor_id ? strdup(cursor_id) : NULL;
    char why[200];
    struct rows_taken taken;
    if (rows_take_page(rows, &r->page, idx == APP_PANE_CONTACTS_OF ? is_member : NULL, p, plural,
                       why, sizeof why, &taken) != 0) {
        rows->failed = true;
        pane_status(a, idx, APP_MSG_ERROR, ACTION_REFRESH, "out of memory loading %s", plural);
        free(keep_id);
        return APP_REDRAW;
    }
    name_loads_remember(&a->names, p->kind, rows->items + taken.first, rows->len - taken.first,
                        NULL);
    if (first_search) {
        p->searching = true;
        view_rebuild(a, p);
        p->cursor = p->top = 0;
    } else if (in_view && taken.replaced) {
        if (pane_view_replace(p, keep_id, (size_t)a->rows_visible) != 0)
            app_status(a, APP_MSG_ERROR, "out of memory while filtering");
    } else if (in_view && pane_view_add(p, taken.first) != 0) {
        app_status(a, APP_MSG_ERROR, "out of memory");
    }
    free(keep_id);
    if (p->load_all && at_end)
        p->cursor = p->n_view ? p->n_view - 1 : 0;
    clamp_cursor(a, p);
    page_status(a, idx, rows, r, &taken);
    if (!rows->more)
        p->load_all = false;
    unsigned f = shown ? APP_REDRAW : 0;
    /* Chain the next page while everything is wanted, or the cursor is
     * near the end with no local filter thinning the rows. */
    if (p->load_all || !p->filter || p->searching)
        f |= ensure_rows(a, idx);
    return f;
}

static unsigned detail_result(struct app *a, struct fetch_result *r)
{
    struct app_detail *d = &a->detail;
    if (a->screen != APP_SCREEN_DETAIL || r->gen != d->gen)
        return 0;
    if (r->job->purpose == FETCH_FOR_DETAIL) {
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

unsigned app_result(struct app *a, struct fetch_result *r, long now)
{
    unsigned f = 0;
    const struct jobs_inflight *in = jobs_find(&a->jobs, r->job_id);
    if (r->type == FETCH_RESULT_RETRY) {
        /* The countdown is for what the user waits on, not the name caches. */
        if (in && in->purpose != FETCH_FOR_NAMES) {
            a->retry_until = now + r->retry.wait_ms;
            a->retry_status = r->retry.status;
            f = APP_REDRAW;
        }
        fetch_result_free(r);
        return f;
    }
    if (!in) {
        fetch_result_free(r); /* cancelled or superseded: nobody waits for it */
        return 0;
    }
    jobs_forget(&a->jobs, r->job_id, false);
    if (a->retry_until) {
        a->retry_until = 0;
        f |= APP_REDRAW;
    }
    switch (r->job->purpose) {
    case FETCH_FOR_PANE:
        f |= pane_page(a, r);
        break;
    case FETCH_FOR_NAMES: {
        char warn[256];
        const char *stopped =
            name_loads_result(&a->name_loads, &a->jobs, &a->names, r, now, warn, sizeof warn);
        if (stopped)
            app_status(a, APP_MSG_WARN, "%s", stopped);
        f |= APP_JOBS;
        break;
    }
    case FETCH_FOR_DETAIL:
    case FETCH_FOR_REPORT:
        f |= detail_result(a, r);
        break;
    }
    fetch_result_free(r);
    return f | APP_REDRAW; /* the spinner and counts change with every arrival */
}

unsigned app_tick(struct app *a, long now)
{
    unsigned f = 0;
    struct app_pane *p = app_current(a);
    if (p->search_due && now >= p->search_due)
        f |= start_search(a, now) | APP_REDRAW;
    if (a->retry_until && now >= a->retry_until) {
        a->retry_until = 0;
        f |= APP_REDRAW;
    }
    if (name_loads_tick(&a->name_loads, &a->jobs, now))
        f |= APP_JOBS | APP_REDRAW;
    if (a->jobs.n_inflight || a->retry_until)
        f |= APP_REDRAW; /* spinner frame or countdown second */
    return f;
}

long app_timeout(const struct app *a, long now)
{
    long t = -1;
    const struct app_pane *p = &a->panes[a->current];
    if (p->search_due)
        t = p->search_due > now ? p->search_due - now : 0;
    if (a->retry_until) {
        long left = a->retry_until - now;
        long next = left > 0 ? (left % 1000 ? left % 1000 : 1000) : 0;
        if (t < 0 || next < t)
            t = next;
    }
    long names = name_loads_timeout(&a->name_loads, now);
    if (names >= 0 && (t < 0 || names < t))
        t = names;
    if (a->jobs.n_inflight && (t < 0 || t > 120))
        t = 120;
    return t;
}
