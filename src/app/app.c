/* The app's dispatch: keys become actions for the screen on top, fetch
 * results go to whoever asked, and the stack of screens (screen.h) is
 * kept here. What each screen does is in its own file; what is shown,
 * for drawing, is read in shown.c. */
#include "app/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"
#include "app/help.h"
#include "app/logger.h"
#include "app/text.h"

/* ---- jobs ------------------------------------------------------------- */

unsigned long app_submit(struct app *a, struct fetch_job *job, enum fetch_purpose purpose, int pane,
                         unsigned long gen)
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

/* ---- the stack ---------------------------------------------------------- */

struct screen *app_top(const struct app *a)
{
    return a->stack[a->depth - 1];
}

struct screen *app_base(const struct app *a)
{
    size_t i = a->depth;
    while (i > 1 && a->stack[i - 1]->ops->overlay)
        i--;
    return a->stack[i - 1];
}

struct screen *app_below(const struct app *a, const struct screen *s)
{
    for (size_t i = 1; i < a->depth; i++)
        if (a->stack[i] == s)
            return a->stack[i - 1];
    return NULL;
}

static size_t views(const struct app *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->depth; i++)
        n += !a->stack[i]->ops->overlay;
    return n;
}

/* Makes idx the current pane. Leaving cancels what the old pane was
 * loading; it resumes when the pane comes back. */
static void switch_pane(struct app *a, int idx)
{
    if (idx == a->current)
        return;
    if (!screen_table_keeps_loading(a, a->current))
        screen_table_invalidate(a, a->current);
    a->current = idx;
    logger_write(a->cfg.log, "ui: pane %s", model_resource(a->panes[idx].kind)->plural);
    app_remember_pane(a);
}

static void drop_oldest(struct app *a)
{
    struct screen *old = a->stack[0];
    old->ops->free(a, old);
    memmove(a->stack, a->stack + 1, (a->depth - 1) * sizeof *a->stack);
    a->depth--;
}

unsigned app_push(struct app *a, struct screen *s, long now)
{
    (void)now;
    if (!s) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    if (a->depth == APP_STACK_MAX || (!s->ops->overlay && views(a) > APP_BACK_MAX))
        drop_oldest(a);
    /* An overlay leaves the screen under it running: it is still seen. */
    if (a->depth && !s->ops->overlay && app_top(a)->ops->cover)
        app_top(a)->ops->cover(a, app_top(a));
    a->stack[a->depth++] = s;
    switch_pane(a, s->pane);
    return APP_REDRAW;
}

unsigned app_pop(struct app *a, long now)
{
    if (a->depth <= 1)
        return 0;
    struct screen *s = a->stack[--a->depth];
    bool overlay = s->ops->overlay;
    s->ops->free(a, s);
    struct screen *t = app_top(a);
    switch_pane(a, t->pane);
    if (overlay)
        return APP_REDRAW;
    /* The last view's messages ("… contacts checked: done") are not this one's. */
    app_status_clear(a);
    return APP_REDRAW | (t->ops->uncover ? t->ops->uncover(a, t, now) : 0);
}

static void stack_clear(struct app *a)
{
    while (a->depth) {
        struct screen *s = a->stack[--a->depth];
        s->ops->free(a, s);
    }
}

bool app_can_go_back(const struct app *a)
{
    return views(a) > 1;
}

size_t app_back_depth(const struct app *a)
{
    return views(a) - 1;
}

/* Opens pane idx: fresh, as the start of a new trail of views (a pane's
 * key, Tab, a command), or else over the screen shown (the contacts of
 * a list, from it). */
static unsigned open_pane(struct app *a, int idx, bool fresh, long now)
{
    if (idx < 0 || idx >= APP_PANES)
        return 0;
    if (idx == APP_PANE_CONTACTS_OF && !a->panes[idx].member_of_id)
        return 0;
    while (app_top(a)->ops->overlay)
        app_pop(a, now);
    if (fresh) {
        /* A new trail of views starts with this pane. */
        struct screen *s = screen_table_new(idx);
        if (!s) {
            app_status(a, APP_MSG_ERROR, "out of memory");
            return APP_REDRAW;
        }
        stack_clear(a);
        a->stack[a->depth++] = s;
        switch_pane(a, idx);
    } else if (idx != a->current || app_top(a)->ops->kind != SCREEN_TABLE) {
        unsigned f = app_push(a, screen_table_new(idx), now);
        if (app_top(a)->pane != idx)
            return f;
    }
    return app_top(a)->ops->uncover(a, app_top(a), now);
}

unsigned app_open_pane(struct app *a, int idx, long now)
{
    return open_pane(a, idx, idx < APP_RESOURCE_PANES, now);
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
        p->facts = &a->facts;
        rows_init(&p->plain);
        rows_init(&p->search);
        p->gen = ++a->next_gen;
    }
    a->facts =
        (struct column_facts){.names = &a->names, .reports = &a->reports, .counts = &a->counts};
    a->rows_visible = 20;
    a->detail_visible = 20;
    a->help_visible = 20;
    a->detail_width = 60;
    a->prompt_width = 60;
    if (app_settings_apply(a) != 0)
        return -1;
    a->stack[0] = screen_table_new(a->current);
    if (!a->stack[0])
        return -1;
    a->depth = 1;
    name_loads_start(&a->name_loads, &a->jobs, a->cfg.log, now);
    screen_table_ensure_rows(a, a->current);
    logger_write(a->cfg.log, "ui: started (%s%s%s%s)", cfg->profile ? cfg->profile : "",
                 cfg->profile ? ": " : "", cfg->where ? cfg->where : "",
                 cfg->readonly ? ", read-only" : "");
    return 0;
}

void app_free(struct app *a)
{
    stack_clear(a);
    for (int i = 0; i < APP_PANES; i++)
        for (int search = 0; search < 2; search++)
            ahead_drop(&a->ahead[i][search], &a->jobs);
    jobs_free(&a->jobs);
    for (int i = 0; i < APP_PANES; i++) {
        struct app_pane *p = &a->panes[i];
        rows_clear(&p->plain);
        rows_clear(&p->search);
        free(p->view);
        free(p->filter);
        free(p->member_of_id);
        free(p->member_of_name);
    }
    app_edits_free(a);
    name_loads_free(&a->name_loads);
    reports_free(&a->reports);
    counts_free(&a->counts);
    names_free(&a->names);
    command_history_free(&a->history);
    keymap_free(&a->keys);
    free(a->status.text);
    for (int i = 0; i < APP_PANES; i++)
        free(a->pane_status[i].text);
    free(a->clipboard);
    free(a->command_arg);
    free(a->theme);
    free(a->wanted);
    memset(a, 0, sizeof *a);
}

/* ---- actions ------------------------------------------------------------ */

static unsigned quit_now(struct app *a, void *ctx, long now)
{
    (void)a, (void)ctx, (void)now;
    return APP_QUIT;
}

bool app_writing(const struct app *a)
{
    for (size_t i = 0; i < a->jobs.n_inflight; i++)
        if (a->jobs.inflight[i].purpose == FETCH_FOR_SAVE)
            return true;
    return false;
}

/* Quitting with a form changed or a write on its way asks first; either
 * way what was typed is kept as a draft when the app ends (ui.c). */
static unsigned quit(struct app *a, long now)
{
    if (app_top(a)->ops->kind == SCREEN_CONFIRM)
        return APP_QUIT;
    if (app_writing(a))
        return screen_confirm_open(a,
                                   "A write is on its way and may not get its answer. Quit "
                                   "anyway?",
                                   quit_now, NULL, NULL, now);
    if (app_has_changes(a))
        return screen_confirm_open(
            a, "Quit? Your unsaved changes are kept as a draft for the next start.", quit_now, NULL,
            NULL, now);
    return APP_QUIT;
}

/* The pane Tab (step 1) or Shift-Tab (-1) goes to: the resource panes
 * in order, and the contacts of a list or tag once there are some. */
static int next_pane(const struct app *a, int step)
{
    int n = a->panes[APP_PANE_CONTACTS_OF].member_of_id ? APP_PANES : APP_RESOURCE_PANES;
    int root = a->stack[0]->pane; /* Tab moves on from where the trail began */
    return ((root < n ? root : 0) + step + n) % n;
}

/* What every screen shares, for the actions the top one left. */
static unsigned global_action(struct app *a, enum action act, long now)
{
    if (act >= ACTION_PANE_CONTACTS && act <= ACTION_PANE_MEMBERS)
        return app_open_pane(a, act - ACTION_PANE_CONTACTS, now);
    switch (act) {
    case ACTION_QUIT:
        return quit(a, now);
    case ACTION_BACK_OR_QUIT:
        return app_can_go_back(a) ? app_pop(a, now) : quit(a, now);
    case ACTION_BACK:
        return app_pop(a, now) | APP_REDRAW;
    case ACTION_REDRAW:
        return APP_REDRAW | APP_CLEAR;
    case ACTION_PANE_NEXT:
    case ACTION_PANE_PREV:
        return open_pane(a, next_pane(a, act == ACTION_PANE_NEXT ? 1 : -1), true, now);
    case ACTION_PANE_CONTACTS_OF:
        if (!a->panes[APP_PANE_CONTACTS_OF].member_of_id) {
            char key[32];
            app_status(a, APP_MSG_INFO, "no list or tag opened yet: %s on one shows its contacts",
                       app_key_for(a, KEYMAP_TABLE, ACTION_DETAIL_CONTACTS, key, sizeof key));
            return APP_REDRAW;
        }
        return open_pane(a, APP_PANE_CONTACTS_OF, true, now);
    case ACTION_COMMAND_START:
        return screen_prompt_open(a, APP_PROMPT_COMMAND, now);
    case ACTION_HELP:
        return screen_help_open(a, now);
    case ACTION_CONTACTS_COUNT:
        return app_metrics_count(a, now);
    case ACTION_PROFILE:
        return app_switch_profile(a);
    case ACTION_THEME:
        return app_switch_theme(a);
    default:
        return 0;
    }
}

static unsigned dispatch(struct app *a, enum action act, long now)
{
    unsigned f = 0;
    /* r also tries again the name loads that failed, whatever is shown. */
    if (act == ACTION_REFRESH && name_loads_retry_now(&a->name_loads, &a->jobs, now))
        f |= APP_JOBS;
    struct screen *s = app_top(a);
    unsigned done = s->ops->action(a, s, act, now);
    if (!(done & SCREEN_PASS))
        return f | done;
    return f | global_action(a, act, now);
}

unsigned app_action(struct app *a, enum action act, long now)
{
    unsigned long said = a->next_seq;
    unsigned f = dispatch(a, act, now);
    /* The last message was about what came before: an action that did
     * something and said nothing of its own clears it. */
    if ((f & APP_REDRAW) && a->next_seq == said && a->status.text) {
        app_status_clear(a);
        f |= APP_REDRAW;
    }
    return f;
}

unsigned app_key(struct app *a, int key, long now)
{
    enum action act = keymap_lookup(&a->keys, app_context(a), key);
    if (act != ACTION_NONE)
        return app_action(a, act, now);
    struct screen *s = app_top(a);
    if (!s->ops->text || key < 0 || key >= 0x110000)
        return 0; /* not a text screen, or a special key no action is bound to */
    return s->ops->text(a, s, (uint32_t)key, now);
}

unsigned app_scroll(struct app *a, int delta, long now)
{
    unsigned f = 0;
    for (; delta > 0; delta--)
        f |= app_action(a, ACTION_ROW_DOWN, now);
    for (; delta < 0; delta++)
        f |= app_action(a, ACTION_ROW_UP, now);
    return f;
}

unsigned app_paste(struct app *a, const char *utf8, long now)
{
    struct screen *s = app_top(a);
    if (!utf8)
        return 0;
    if (s->ops->paste)
        return s->ops->paste(a, s, utf8, now);
    unsigned f = 0;
    const unsigned char *u = (const unsigned char *)utf8;
    while (s->ops->text && *u) {
        uint32_t cp;
        size_t n = text_utf8_decode(u, &cp);
        u += n ? n : 1;
        if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0))
            f |= s->ops->text(a, s, cp, now);
        if (app_top(a) != s)
            break; /* the text took it elsewhere */
    }
    return f;
}

/* ---- results ------------------------------------------------------------ */

/* A result for a screen goes to the first, from the top, that takes it. */
static unsigned screen_result(struct app *a, struct fetch_result *r, long now)
{
    for (size_t i = a->depth; i > 0; i--) {
        struct screen *s = a->stack[i - 1];
        if (!s->ops->result)
            continue;
        unsigned f = s->ops->result(a, s, r, now);
        if (!(f & SCREEN_PASS))
            return f;
    }
    return SCREEN_PASS;
}

unsigned app_result(struct app *a, struct fetch_result *r, long now)
{
    unsigned f = 0;
    const struct jobs_inflight *in = jobs_find(&a->jobs, r->job_id);
    if (r->type == FETCH_RESULT_RETRY) {
        /* The server asks for less: a whole load goes on a page at a time. */
        if (in && in->purpose == FETCH_FOR_PANE && r->retry.status == 429)
            screen_table_throttle(a, in->pane);
        /* The countdown is for what the user waits on, not the name caches. */
        if (in && jobs_lane(in->purpose) != FETCH_LANE_BACKGROUND) {
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
    if (r->job->purpose == FETCH_FOR_PANE) {
        f |= screen_table_page(a, r, now);
    } else if (r->job->purpose == FETCH_FOR_NAMES) {
        if (r->job->kind == SENDX_KIND_FIELD && r->rc == 0)
            app_note_custom_fields(a, &r->page);
        if (r->job->kind == SENDX_KIND_SENDER && r->rc == 0)
            app_note_senders(a, &r->page);
        char warn[256];
        const char *stopped =
            name_loads_result(&a->name_loads, &a->jobs, &a->names, r, now, warn, sizeof warn);
        if (stopped)
            app_status(a, APP_MSG_WARN, "%s", stopped);
        f |= APP_JOBS;
    } else if (r->job->purpose == FETCH_FOR_REPORTS || r->job->purpose == FETCH_FOR_COUNTS) {
        f |= app_metrics_result(a, r, now);
    } else {
        unsigned taken = screen_result(a, r, now);
        if ((taken & SCREEN_PASS) && r->job->purpose == FETCH_FOR_SAVE)
            taken = app_write_result(a, r, now);
        f |= taken & ~SCREEN_PASS;
    }
    fetch_result_free(r);
    return f | APP_REDRAW; /* the spinner and counts change with every arrival */
}

unsigned app_tick(struct app *a, long now)
{
    unsigned f = screen_table_tick(a, now);
    for (size_t i = 0; i < a->depth; i++)
        if (screen_is_form(a->stack[i]))
            f |= screen_form_tick(a, a->stack[i], now);
    if (a->retry_until && now >= a->retry_until) {
        a->retry_until = 0;
        f |= APP_REDRAW;
    }
    if (name_loads_tick(&a->name_loads, &a->jobs, now))
        f |= APP_JOBS | APP_REDRAW;
    f |= app_metrics_tick(a, now);
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
    long metrics = app_metrics_timeout(a, now);
    if (metrics >= 0 && (t < 0 || metrics < t))
        t = metrics;
    for (size_t i = 0; i < a->depth; i++) {
        long due = screen_is_form(a->stack[i]) ? screen_form_due(a->stack[i]) : 0;
        long wait = due > now ? due - now : 0;
        if (due && (t < 0 || wait < t))
            t = wait;
    }
    if (a->jobs.n_inflight && (t < 0 || t > 120))
        t = 120;
    return t;
}
