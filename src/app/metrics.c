/* What the tables learn apart from their records, in the app: campaigns'
 * reports asked for as they come on screen, and the contacts of lists
 * and tags counted on :count (reports.h, counts.h hold them). Both go on
 * the background lane, so the table never waits for them; a table sorted
 * by one of them is sorted again as values arrive. */
#include <stdio.h>
#include <time.h>

#include "app/app_parts.h"
#include "app/columns.h"
#include "app/text.h"

/* Whether pane idx is sorted by a column of facts. */
static bool sorted_by_fact(const struct app *a, int idx)
{
    const struct app_pane *p = &a->panes[idx];
    return p->sort_col >= 0 && columns_for(p->kind)->cols[p->sort_col].fact;
}

/* New values reorder a pane sorted by them (the cursor stays on its
 * record); other panes only redraw. */
static void resort(struct app *a, enum sendx_kind kind)
{
    for (int i = 0; i < APP_RESOURCE_PANES; i++)
        if (a->panes[i].kind == kind && sorted_by_fact(a, i) &&
            pane_view_rebuild(&a->panes[i], (size_t)a->rows_visible) != 0)
            app_status(a, APP_MSG_ERROR, "out of memory while sorting");
}

/* ---- reports ------------------------------------------------------------- */

/* The reports the Campaigns table wants: those of the rows on screen, or
 * of every loaded row while it is sorted by one (the order needs them
 * all), and only while it shows a column of them. */
static bool want_reports(struct app *a, long now)
{
    int idx = SENDX_KIND_CAMPAIGN;
    const struct app_pane *p = &a->panes[idx];
    if (a->current != idx || !columns_show_facts(&a->columns[idx], columns_for(p->kind)))
        return false;
    size_t from = sorted_by_fact(a, idx) ? 0 : p->top;
    size_t to = sorted_by_fact(a, idx) ? p->n_view : p->top + (size_t)a->rows_visible;
    bool asked = false;
    for (size_t i = from; i < to && i < p->n_view; i++) {
        const struct sendx_campaign *c = pane_record(p, i);
        /* Drafts and scheduled campaigns have not been sent: no report. */
        if (codec_is_set(c, SENDX_CAMPAIGN_STATUS) && c->status <= 1)
            continue;
        asked |= reports_want(&a->reports, &a->jobs, c->id, now);
    }
    return asked;
}

/* ---- counts ---------------------------------------------------------------- */

/* ":count" on Lists or Tags shows their CONTACTS column, if chosen away. */
static void show_contacts_column(struct app *a)
{
    const struct app_pane *p = app_current(a);
    if (p->kind != SENDX_KIND_LIST && p->kind != SENDX_KIND_TAG)
        return;
    const struct column_set *set = columns_for(p->kind);
    int col = columns_find(set, "CONTACTS");
    struct columns_pane *cp = &a->columns[a->current];
    int order[COLUMNS_MAX];
    size_t n = columns_order(cp, set, order);
    for (size_t i = 0; i < n; i++)
        if (order[i] == col)
            return;
    if (col < 0 || n >= COLUMNS_MAX)
        return;
    for (size_t i = 0; i < n; i++)
        cp->order[i] = (unsigned char)order[i];
    cp->order[n] = (unsigned char)col;
    cp->n = n + 1;
}

static void say_progress(struct app *a)
{
    char checked[32];
    app_status(a, APP_MSG_INFO, "counting contacts: %s checked",
               text_thousands((int64_t)a->counts.checked, checked));
}

unsigned app_metrics_count(struct app *a, long now)
{
    bool running;
    show_contacts_column(a);
    if (counts_start(&a->counts, &a->jobs, now, &running)) {
        say_progress(a);
        return APP_JOBS | APP_REDRAW;
    }
    if (running)
        say_progress(a); /* a new scan would throw away what this one did */
    else
        app_status(a, APP_MSG_ERROR, "out of memory");
    return APP_REDRAW;
}

static void counted(struct app *a, long now, const char *why)
{
    char checked[32], took[32];
    long ms = now - a->counts.started;
    if (ms < 1000)
        snprintf(took, sizeof took, "%ld ms", ms);
    else
        snprintf(took, sizeof took, "%.1f s", (double)ms / 1000);
    text_thousands((int64_t)a->counts.checked, checked);
    if (*why)
        app_status(a, APP_MSG_WARN, "counted %s contacts only: %s", checked, why);
    else
        app_status(a, APP_MSG_OK, "counted the contacts of every list and tag: %s checked in %s",
                   checked, took);
    resort(a, SENDX_KIND_LIST);
    resort(a, SENDX_KIND_TAG);
}

/* ---- the app's hooks --------------------------------------------------------- */

unsigned app_metrics_result(struct app *a, struct fetch_result *r, long now)
{
    if (r->job->purpose == FETCH_FOR_REPORTS) {
        reports_result(&a->reports, r, now);
        resort(a, SENDX_KIND_CAMPAIGN);
        return APP_REDRAW;
    }
    char why[160];
    switch (counts_result(&a->counts, &a->jobs, r, now, time(NULL), why, sizeof why)) {
    case COUNTS_IGNORED:
        return 0;
    case COUNTS_PROGRESS:
        if (*why)
            app_status(a, APP_MSG_WARN, "%s", why);
        else
            say_progress(a);
        return APP_JOBS | APP_REDRAW;
    case COUNTS_DONE:
        counted(a, now, why);
        return APP_REDRAW;
    }
    return 0;
}

unsigned app_metrics_tick(struct app *a, long now)
{
    unsigned f = 0;
    if (want_reports(a, now))
        f |= APP_JOBS | APP_REDRAW;
    if (counts_tick(&a->counts, &a->jobs, now))
        f |= APP_JOBS | APP_REDRAW;
    return f;
}

long app_metrics_timeout(const struct app *a, long now)
{
    long r = reports_timeout(&a->reports, now), c = counts_timeout(&a->counts, now);
    return r < 0 ? c : c < 0 || r < c ? r : c;
}

int app_metrics_detail(const struct app *a, const struct app_detail *d, struct detail_lines *l)
{
    if (d->kind != SENDX_KIND_LIST && d->kind != SENDX_KIND_TAG)
        return 0;
    const char *id = columns_record_id(d->kind, d->record);
    char value[96], count[32], when[32];
    int64_t n;
    if (counts_get(&a->counts, id, &n))
        snprintf(value, sizeof value, "%s (counted %s%s)", text_thousands(n, count),
                 counts_when(&a->counts, time(NULL), when, sizeof when),
                 a->counts.partial ? ", not every contact" : "");
    else if (a->counts.running)
        snprintf(value, sizeof value, "counting" TEXT_ELLIPSIS);
    else
        return 0; /* never counted: :count does, and the help says so */
    return detail_add_field(l, "Contacts", value);
}
