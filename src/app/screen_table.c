/* The table screen: a pane's rows, how they are paged in from the
 * server, filtered, searched and sorted, and the cursor on them. The
 * panes themselves live in the app (their rows outlast the screen, so a
 * pane opened again shows what it had); this screen works on the one it
 * belongs to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"
#include "app/columns.h"
#include "app/logger.h"
#include "app/query.h"
#include "app/text.h"

/* ---- paging -------------------------------------------------------------- */

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

/* The view follows p's filter from old_filter: typed on, it sifts the
 * rows it showed, not every row. */
static void view_refilter(struct app *a, struct app_pane *p, const char *old_filter)
{
    if (pane_view_refilter(p, old_filter, (size_t)a->rows_visible) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory while filtering");
}

/* "1 campaign", "2 campaigns". */
static const char *noun(enum sendx_kind kind, size_t n)
{
    const struct model_resource *r = model_resource(kind);
    return n == 1 ? r->name : r->plural;
}

/* Whether the rows that page in next are the server's search rows. */
static bool pages_search(const struct app_pane *p)
{
    return pane_shown_rows(p) == &p->search;
}

/* The profile's page size, within what the endpoint allows. */
static long page_limit(const struct app *a, enum sendx_kind kind, bool bulk)
{
    const struct model_resource *r = model_resource(kind);
    if (!(r->ops & SENDX_OP_PAGED))
        return 0;
    return bulk || r->page_max < a->page_size ? r->page_max : a->page_size;
}

/* Asks for the page of p's rows at offset; its job id, or 0. */
static unsigned long ask_page(struct app *a, int idx, bool search, long offset)
{
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = search ? &p->search : &p->plain;
    struct fetch_job *job = fetch_job_new(FETCH_LIST, p->kind, search ? rows->query : NULL, NULL);
    if (job) {
        job->offset = offset;
        job->limit = page_limit(a, p->kind, p->load_all || idx == APP_PANE_CONTACTS_OF);
        job->campaign_filter = p->campaign_filter;
        job->search = search;
        job->bulk = p->load_all;
    }
    return app_submit(a, job, FETCH_FOR_PANE, idx, p->gen);
}

/* While everything is wanted, the pages after the one in flight are
 * asked for too (ahead.h): never while a reload's first page has yet to
 * replace the old rows, nor after a 429. APP_JOBS when it asked. */
static unsigned ask_ahead(struct app *a, int idx, bool search)
{
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = search ? &p->search : &p->plain;
    struct page_ahead *pa = &a->ahead[idx][search];
    long limit = page_limit(a, p->kind, true);
    unsigned f = 0;
    if (!p->load_all || rows->reload || !rows->more || !rows->job || limit <= 0 || pa->throttled)
        return 0;
    while (pa->n < AHEAD_PAGES) {
        long offset = pa->last_offset + limit;
        unsigned long id = ask_page(a, idx, search, offset);
        if (!id)
            return f;
        ahead_push(pa, id, offset);
        f = APP_JOBS;
    }
    return f;
}

static unsigned take_turn(struct app *a, int idx, bool search);

static unsigned request_page(struct app *a, int idx, bool search)
{
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = search ? &p->search : &p->plain;
    if (rows->job || !rows->more)
        return 0;
    if (a->ahead[idx][search].n)
        return take_turn(a, idx, search);
    rows->job = ask_page(a, idx, search, rows->next_offset);
    a->ahead[idx][search].last_offset = rows->next_offset;
    rows->failed = false;
    if (!rows->job)
        return APP_REDRAW;
    return APP_JOBS | APP_REDRAW | ask_ahead(a, idx, search);
}

unsigned screen_table_ensure_rows(struct app *a, int idx)
{
    struct app_pane *p = &a->panes[idx];
    const struct app_rows *rows = pane_shown_rows(p);
    if (rows->job || !rows->more || rows->failed)
        return 0;
    size_t margin = a->rows_visible > 20 ? (size_t)a->rows_visible * 2 : 40;
    if (rows->len == 0 || p->load_all || p->cursor + margin >= p->n_view)
        return request_page(a, idx, pages_search(p));
    return 0;
}

bool screen_table_invalidate(struct app *a, int idx)
{
    struct app_pane *p = &a->panes[idx];
    bool had_plain = p->plain.job != 0;
    p->gen = ++a->next_gen;
    jobs_cancel_pane(&a->jobs, idx);
    p->plain.job = p->search.job = 0;
    for (int search = 0; search < 2; search++) {
        ahead_drop(&a->ahead[idx][search], &a->jobs);
        a->ahead[idx][search].throttled = false;
    }
    return had_plain;
}

void screen_table_throttle(struct app *a, int idx)
{
    for (int search = 0; search < 2; search++) {
        ahead_drop(&a->ahead[idx][search], &a->jobs);
        a->ahead[idx][search].throttled = true;
    }
}

bool screen_table_keeps_loading(const struct app *a, int idx)
{
    /* Scanning every contact takes a while: it goes on out of sight. */
    return idx == APP_PANE_CONTACTS_OF && a->panes[idx].plain.job;
}

/* The word of p's filter to ask the server for (heap), or NULL: none, or
 * out of memory (then the loaded rows are all the filter looks at). */
static char *server_word(const struct app_pane *p)
{
    struct query *q = p->filter ? query_parse(p->filter, p->kind) : NULL;
    const char *word = q ? query_server_word(q, APP_SEARCH_MIN) : NULL;
    char *copy = word ? strdup(word) : NULL;
    query_free(q);
    return copy;
}

bool screen_table_can_search(const struct app_pane *p)
{
    /* Once every row is loaded the filter has looked at them all. */
    if (!(model_resource(p->kind)->ops & SENDX_OP_SEARCH) || (!p->plain.more && !p->plain.reload))
        return false;
    char *word = server_word(p);
    free(word);
    return word != NULL;
}

static void schedule_search(struct app_pane *p, long due)
{
    p->search_due = screen_table_can_search(p) ? due : 0;
}

/* ---- moving -------------------------------------------------------------- */

static unsigned move_cursor(struct app *a, long delta)
{
    struct app_pane *p = app_current(a);
    if (p->n_view == 0)
        return screen_table_ensure_rows(a, a->current);
    long c = (long)p->cursor + delta;
    if (c < 0)
        c = 0;
    if (c >= (long)p->n_view)
        c = (long)p->n_view - 1;
    p->cursor = (size_t)c;
    pane_clamp(p, (size_t)a->rows_visible);
    return APP_REDRAW | screen_table_ensure_rows(a, a->current);
}

unsigned app_click_row(struct app *a, int n, long now)
{
    struct app_pane *p = app_current(a);
    (void)now;
    if (app_context(a) != KEYMAP_TABLE || n < 0 || p->top + (size_t)n >= p->n_view)
        return 0;
    return move_cursor(a, (long)(p->top + (size_t)n) - (long)p->cursor);
}

static unsigned row_last(struct app *a, long now)
{
    struct app_pane *p = app_current(a);
    const struct app_rows *rows = pane_shown_rows(p);
    if (rows->more && !rows->failed) {
        p->load_all = true;
        p->load_started = now;
        app_status(a, APP_MSG_INFO, "loading every %s", model_resource(p->kind)->name);
    }
    return move_cursor(a, 1L << 30) | APP_REDRAW | screen_table_ensure_rows(a, a->current);
}

/* ---- what the user does to the rows ------------------------------------------ */

/* r: the shown rows load again from the start, staying on screen until
 * the new ones arrive (so an outage does not empty the table). */
static unsigned refresh(struct app *a, long now)
{
    int idx = a->current;
    struct app_pane *p = app_current(a);
    screen_table_invalidate(a, idx);
    rows_reload(&p->plain);
    rows_reload(&p->search);
    if (idx == APP_PANE_CONTACTS_OF)
        p->load_all = true;
    app_status(a, APP_MSG_INFO, "reloading %s", model_resource(p->kind)->plural);
    unsigned f = APP_REDRAW | request_page(a, idx, false);
    if (p->searching && p->search.query)
        return f | request_page(a, idx, true);
    p->searching = false;
    schedule_search(p, now);
    return f;
}

static unsigned cycle_campaign_filter(struct app *a)
{
    struct app_pane *p = app_current(a);
    if (p->kind != SENDX_KIND_CAMPAIGN || a->current == APP_PANE_CONTACTS_OF) {
        app_status(a, APP_MSG_INFO, "only the campaign pane has a status filter");
        return APP_REDRAW;
    }
    p->campaign_filter = (p->campaign_filter + 1) % (SENDX_CAMPAIGNS_SENT + 1);
    screen_table_invalidate(a, a->current);
    rows_clear(&p->plain);
    p->n_view = p->cursor = p->top = 0;
    app_status(a, APP_MSG_INFO, "campaigns: %s", sendx_campaign_filter_name(p->campaign_filter));
    return APP_REDRAW | screen_table_ensure_rows(a, a->current);
}

static unsigned sort(struct app *a, bool reverse)
{
    const struct app_pane *p = app_current(a);
    int order[COLUMNS_MAX];
    size_t n = columns_order(&a->columns[a->current], columns_for(p->kind), order), at = 0;
    if (reverse)
        return table_columns_sort(a, p->sort_col < 0 ? order[0] : p->sort_col, !p->sort_desc);
    /* s steps through the columns as they are shown, then back to the
     * server's order. */
    while (at < n && order[at] != p->sort_col)
        at++;
    int next = p->sort_col < 0 || at == n ? order[0] : at + 1 < n ? order[at + 1] : -1;
    return table_columns_sort(a, next, false);
}

unsigned screen_table_set_filter(struct app *a, const char *text, long now)
{
    struct app_pane *p = app_current(a);
    bool same = (!text || !*text) ? !p->filter : (p->filter && strcmp(p->filter, text) == 0);
    if (same)
        return 0;
    char *copy = text && *text ? strdup(text) : NULL;
    if (text && *text && !copy) {
        app_status(a, APP_MSG_ERROR, "out of memory: the filter is unchanged");
        return APP_REDRAW;
    }
    char *old = p->filter;
    p->filter = copy;
    p->names = &a->names;
    /* The server's answer stays while the word it was asked for does
     * ("acme" then "acme corp"): the whole filter sifts it again. A new
     * word makes it (and any page of it in flight) stale. The plain rows
     * page on only when asked: a filter showing few rows must not pull in
     * the whole account. */
    char *word = server_word(p);
    bool resume = false;
    if (!word || !p->search.query || strcmp(word, p->search.query) != 0) {
        resume = screen_table_invalidate(a, a->current);
        rows_clear(&p->search);
        p->searching = false;
        schedule_search(p, now + APP_SEARCH_DELAY_MS);
    }
    free(word);
    view_refilter(a, p, old);
    free(old);
    bool stale = resume || !p->plain.len || p->plain.reload;
    return APP_REDRAW | (stale ? request_page(a, a->current, false) : 0);
}

static unsigned start_search(struct app *a)
{
    struct app_pane *p = app_current(a);
    p->search_due = 0;
    if (!screen_table_can_search(p))
        return 0;
    bool resume = screen_table_invalidate(a, a->current);
    rows_clear(&p->search);
    p->search.query = server_word(p);
    if (!p->search.query) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    logger_write(a->cfg.log, "ui: search %s", model_resource(p->kind)->plural);
    unsigned f = request_page(a, a->current, true);
    if (resume)
        f |= request_page(a, a->current, false);
    return f;
}

unsigned screen_table_tick(struct app *a, long now)
{
    struct app_pane *p = app_current(a);
    if (p->search_due && now >= p->search_due)
        return start_search(a) | APP_REDRAW;
    return 0;
}

static unsigned open_detail(struct app *a, long now)
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
    return screen_detail_open(a, p->kind, rec, now);
}

unsigned screen_table_contacts_of(struct app *a, enum sendx_kind kind, const char *id,
                                  const char *name, long now)
{
    struct app_pane *p = &a->panes[APP_PANE_CONTACTS_OF];
    screen_table_invalidate(a, APP_PANE_CONTACTS_OF);
    rows_clear(&p->plain);
    rows_clear(&p->search);
    free(p->member_of_id);
    free(p->member_of_name);
    free(p->filter);
    p->filter = NULL;
    p->searching = false;
    p->search_due = 0;
    p->n_view = p->cursor = p->top = 0;
    app_pane_status_clear(a, APP_PANE_CONTACTS_OF);
    p->member_of_kind = kind;
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

/* Esc, and q too: a filter is cleared before the pane is left. */
static unsigned back(struct app *a, long now)
{
    if (app_back_depth(a) > 0)
        return SCREEN_PASS;
    if (!app_current(a)->filter)
        return 0;
    app_status(a, APP_MSG_INFO, "filter cleared");
    return screen_table_set_filter(a, NULL, now) | APP_REDRAW;
}

static unsigned copy_id(struct app *a)
{
    struct app_pane *p = app_current(a);
    const char *id =
        p->cursor < p->n_view ? columns_record_id(p->kind, pane_record(p, p->cursor)) : NULL;
    return app_copy(a, id);
}

/* The record under the cursor, or NULL. Borrowed. */
static const void *selected(struct app *a)
{
    struct app_pane *p = app_current(a);
    return p->cursor < p->n_view ? pane_record(p, p->cursor) : NULL;
}

/* c on a list or a tag in its table: its contacts, as from its detail. */
static unsigned contacts_of_selected(struct app *a, long now)
{
    enum sendx_kind kind = app_current(a)->kind;
    const void *rec = selected(a);
    if (a->current == APP_PANE_CONTACTS_OF || (kind != SENDX_KIND_LIST && kind != SENDX_KIND_TAG)) {
        app_status(a, APP_MSG_INFO, "contacts are shown for a list or a tag");
        return APP_REDRAW;
    }
    if (!rec)
        return 0;
    const char *name = kind == SENDX_KIND_LIST ? ((const struct sendx_list *)rec)->name
                                               : ((const struct sendx_tag *)rec)->name;
    return screen_table_contacts_of(a, kind, columns_record_id(kind, rec), name, now);
}

static unsigned table_action(struct app *a, struct screen *s, enum action act, long now)
{
    (void)s;
    long page = a->rows_visible > 0 ? a->rows_visible : 1;
    switch (act) {
    case ACTION_ROW_UP:
        return move_cursor(a, -1);
    case ACTION_ROW_DOWN:
        return move_cursor(a, 1);
    case ACTION_ROW_FIRST:
        return move_cursor(a, -(1L << 30));
    case ACTION_ROW_LAST:
        return row_last(a, now);
    case ACTION_PAGE_UP:
        return move_cursor(a, -page);
    case ACTION_PAGE_DOWN:
        return move_cursor(a, page);
    case ACTION_HALF_UP:
        return move_cursor(a, -(page + 1) / 2);
    case ACTION_HALF_DOWN:
        return move_cursor(a, (page + 1) / 2);
    case ACTION_DETAIL_OPEN:
        return open_detail(a, now);
    case ACTION_FILTER_START:
        return screen_prompt_open(a, APP_PROMPT_FILTER, now);
    case ACTION_SORT_NEXT:
    case ACTION_SORT_REVERSE:
        return sort(a, act == ACTION_SORT_REVERSE);
    case ACTION_CAMPAIGN_FILTER:
        return cycle_campaign_filter(a);
    case ACTION_REFRESH:
        return refresh(a, now);
    case ACTION_COPY_ID:
        return copy_id(a);
    case ACTION_BACK:
        return back(a, now);
    case ACTION_BACK_OR_QUIT: {
        unsigned f = back(a, now);
        return f ? f : SCREEN_PASS;
    }
    case ACTION_RECORD_DELETE:
        return app_delete(a, app_current(a)->kind, selected(a), now);
    case ACTION_DETAIL_CONTACTS:
        return contacts_of_selected(a, now);
    case ACTION_COLUMNS_LEFT:
    case ACTION_COLUMNS_RIGHT:
    case ACTION_COLUMNS_CHOOSE:
    case ACTION_SORT_BY:
        return screen_table_columns(a, act, now);
    case ACTION_SEND_TEST:
        return app_send_test(a, app_current(a)->kind, selected(a), now);
    case ACTION_RECORD_NEW:
        return app_new(a, app_current(a)->kind, now);
    case ACTION_RECORD_EDIT:
        return app_edit(a, app_current(a)->kind, selected(a), now);
    case ACTION_CONTACT_UNSUBSCRIBE:
        return app_unsubscribe(a, app_current(a)->kind, selected(a), now);
    default:
        return SCREEN_PASS;
    }
}

/* ---- pages arriving ---------------------------------------------------------- */

/* "340 ms", "12.4 s". */
static const char *duration(long ms, char *buf, size_t n)
{
    if (ms < 1000)
        snprintf(buf, n, "%ld ms", ms);
    else
        snprintf(buf, n, "%.1f s", (double)ms / 1000);
    return buf;
}

/* What a page of plain rows, or of the server's search, brought. G's
 * pages say what the whole load has taken so far. */
static void page_loaded(struct app *a, int idx, const struct app_rows *rows,
                        const struct fetch_result *r, long now)
{
    const struct app_pane *p = &a->panes[idx];
    char count[32], took[32], found[96];
    duration(p->load_all && p->load_started ? now - p->load_started : r->elapsed_ms, took,
             sizeof took);
    if (r->job->search)
        app_pane_status(a, idx, APP_MSG_OK, ACTION_NONE, "%s in %s",
                        pane_filter_found(p, found, sizeof found), took);
    else
        app_pane_status(a, idx, APP_MSG_OK, ACTION_NONE, "%s %s in %s",
                        text_thousands((int64_t)rows->len, count), noun(p->kind, rows->len), took);
}

/* Says what a page did, on its pane's status. A pane out of sight keeps
 * quiet unless something went wrong: its count shows in its title. */
static void page_status(struct app *a, int idx, const struct app_rows *rows,
                        const struct fetch_result *r, const struct rows_taken *taken, long now)
{
    const struct app_pane *p = &a->panes[idx];
    const char *plural = model_resource(p->kind)->plural;
    bool shown = idx == a->current;
    char count[32];
    if (taken->why)
        app_pane_status(a, idx, APP_MSG_WARN, ACTION_NONE, "%s: %s", plural, taken->why);
    else if (r->page.n_bad)
        app_pane_status(a, idx, APP_MSG_WARN, ACTION_NONE, "%zu %s skipped: %s", r->page.n_bad,
                        noun(p->kind, r->page.n_bad), api_error_message(&r->page.bad));
    else if (shown && idx == APP_PANE_CONTACTS_OF)
        app_pane_status(a, idx, rows->more ? APP_MSG_INFO : APP_MSG_OK, ACTION_NONE,
                        "%s %s checked%s", text_thousands((int64_t)rows->scanned, count),
                        noun(SENDX_KIND_CONTACT, rows->scanned), rows->more ? "…" : ": done");
    else if (shown)
        page_loaded(a, idx, rows, r, now);
}

static unsigned page_failed(struct app *a, struct app_pane *p, int idx, struct app_rows *rows,
                            const struct fetch_result *r)
{
    rows->failed = true;
    if (r->err.kind != API_ERR_CANCELLED)
        app_pane_status(a, idx, APP_MSG_ERROR,
                        r->err.http_status == 401 ? ACTION_NONE : ACTION_REFRESH, "%s: %s",
                        model_resource(p->kind)->plural, api_error_message(&r->err));
    p->load_all = false;
    return idx == a->current ? APP_REDRAW : 0;
}

/* Puts the new rows [first, len) in the view, the cursor kept on its
 * record across a reload. */
static void page_into_view(struct app *a, struct app_pane *p, const struct fetch_job *job,
                           const struct rows_taken *taken, char *keep_id)
{
    /* The server's rows join the loaded ones that pass the filter; they
     * never replace them, so what was found stays found. */
    p->searching |= job->search;
    if (taken->replaced) {
        if (pane_view_replace(p, keep_id, (size_t)a->rows_visible) != 0)
            app_status(a, APP_MSG_ERROR, "out of memory while filtering");
    } else if (pane_view_add(p, job->search, taken->first) != 0) {
        app_status(a, APP_MSG_ERROR, "out of memory while filtering");
    }
}

/* A page whose turn it is: into the rows, the view and the status, and
 * the next one asked for. */
static unsigned take_page(struct app *a, struct fetch_result *r, long now)
{
    struct fetch_job *job = r->job;
    int idx = job->pane;
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = job->search ? &p->search : &p->plain;
    rows->job = 0;
    if (r->rc != 0)
        return page_failed(a, p, idx, rows, r);
    const char *plural = model_resource(p->kind)->plural;
    bool at_end = p->n_view && p->cursor == p->n_view - 1;
    const char *cursor_id =
        p->cursor < p->n_view ? columns_record_id(p->kind, pane_record(p, p->cursor)) : NULL;
    char *keep_id = rows->reload && cursor_id ? strdup(cursor_id) : NULL;
    char why[200];
    struct rows_taken taken;
    if (rows_take_page(rows, &r->page, idx == APP_PANE_CONTACTS_OF ? is_member : NULL, p, plural,
                       why, sizeof why, &taken) != 0) {
        rows->failed = true;
        app_pane_status(a, idx, APP_MSG_ERROR, ACTION_REFRESH, "out of memory loading %s", plural);
        free(keep_id);
        return APP_REDRAW;
    }
    name_loads_remember(&a->names, p->kind, rows->items + taken.first, rows->len - taken.first,
                        NULL);
    page_into_view(a, p, job, &taken, keep_id);
    free(keep_id);
    if (p->load_all && at_end)
        p->cursor = p->n_view ? p->n_view - 1 : 0;
    pane_clamp(p, (size_t)a->rows_visible);
    page_status(a, idx, rows, r, &taken, now);
    if (!pane_shown_rows(p)->more)
        p->load_all = false;
    unsigned f = idx == a->current ? APP_REDRAW : 0;
    /* Chain the next page while everything is wanted, or the cursor is
     * near the end with no local filter thinning the rows, or the server
     * has more of its answer. */
    if (p->load_all || !p->filter || (job->search && pages_search(p)))
        f |= screen_table_ensure_rows(a, idx);
    return f;
}

/* The first page asked ahead becomes the one whose turn it is: filed now
 * if it came early, else waited for. One that does not start where the
 * rows go on (a page came back short) and those after it are dropped. */
static unsigned take_turn(struct app *a, int idx, bool search)
{
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = search ? &p->search : &p->plain;
    struct page_ahead *pa = &a->ahead[idx][search];
    if (pa->slot[0].offset != rows->next_offset || rows->reload) {
        ahead_drop(pa, &a->jobs);
        return request_page(a, idx, search);
    }
    struct ahead_slot next = ahead_pop(pa);
    rows->job = next.job;
    unsigned f = APP_REDRAW;
    if (next.early) {
        f |= take_page(a, next.early, next.arrived);
        fetch_result_free(next.early);
    } else {
        f |= ask_ahead(a, idx, search);
    }
    return f;
}

unsigned screen_table_page(struct app *a, struct fetch_result *r, long now)
{
    struct fetch_job *job = r->job;
    int idx = job->pane;
    struct app_pane *p = &a->panes[idx];
    struct app_rows *rows = job->search ? &p->search : &p->plain;
    struct page_ahead *pa = &a->ahead[idx][job->search];
    if (r->gen != p->gen)
        return 0; /* stale: the user moved on */
    if (rows->job != job->id) {
        int slot = ahead_find(pa, job->id);
        if (slot >= 0 && !(pa->slot[slot].early = fetch_result_take(r)))
            ahead_drop(pa, &a->jobs); /* out of memory: asked again in turn */
        else if (slot >= 0)
            pa->slot[slot].arrived = now;
        return 0;
    }
    unsigned f = take_page(a, r, now);
    /* Stopped (the end, a failure, a change of mind): what was asked
     * ahead is not wanted. */
    if (!p->load_all || !rows->more || rows->failed)
        ahead_drop(pa, &a->jobs);
    return f;
}

/* ---- the screen ------------------------------------------------------------ */

/* Back in view: its search and rows catch up. */
static unsigned table_uncover(struct app *a, struct screen *s, long now)
{
    struct app_pane *p = &a->panes[s->pane];
    if (screen_table_can_search(p) && !p->searching && !p->search.job)
        schedule_search(p, now);
    return APP_REDRAW | screen_table_ensure_rows(a, s->pane);
}

static void table_free(struct app *a, struct screen *s)
{
    (void)a;
    free(s);
}

static const struct screen_ops table_ops = {
    .kind = SCREEN_TABLE,
    .context = KEYMAP_TABLE,
    .action = table_action,
    .uncover = table_uncover,
    .free = table_free,
};

struct screen *screen_table_new(int pane)
{
    struct screen *s = calloc(1, sizeof *s);
    if (s)
        *s = (struct screen){.ops = &table_ops, .pane = pane};
    return s;
}
