/* The current pane's columns in the app: laid out over the rows on
 * screen, scrolled sideways, chosen and ordered (:columns), and sorted by
 * name (:sort) or by a click on a header. */
#include <stdio.h>
#include <string.h>

#include "app/app_parts.h"
#include "app/columns.h"
#include "app/text.h"

void table_columns_fit(struct app *a)
{
    const struct app_pane *p = &a->panes[a->current];
    const struct column_set *set = columns_for(p->kind);
    struct columns_fit *fit = &a->fit[a->current];
    size_t from = p->top, to = p->top + (size_t)a->rows_visible;
    if (to > p->n_view)
        to = p->n_view;
    bool touches = fit->from < fit->to && from <= fit->to && to >= fit->from;
    if (fit->view != p->view_changes || !touches) {
        columns_measure_start(set, fit->need);
        fit->view = p->view_changes;
        fit->from = from;
        fit->to = to;
    }
    fit->from = from < fit->from ? from : fit->from;
    fit->to = to > fit->to ? to : fit->to;
    /* Every row on screen, not only those new to it: a name may have
     * come for a row since (its cell was "…"). */
    for (size_t r = from; r < to; r++)
        columns_measure(set, pane_record(p, r), &a->facts, fit->need);
}

void table_columns_layout(const struct app *a, int width, struct columns_layout *out)
{
    const struct app_pane *p = &a->panes[a->current];
    columns_layout(columns_for(p->kind), &a->columns[a->current], a->fit[a->current].need, width,
                   out);
}

/* Says how the current pane is sorted; while rows are still to come the
 * sort covers only the loaded ones (the rest could sort anywhere), so it
 * says that too, with the key that loads the rest. */
static void say_sorted(struct app *a, const struct app_pane *p)
{
    const struct app_rows *rows = pane_shown_rows(p);
    const char *title = columns_for(p->kind)->cols[p->sort_col].title;
    const char *way = p->sort_desc ? "descending" : "ascending";
    char count[32], key[32];
    text_thousands((int64_t)rows->len, count);
    if (!rows->more)
        app_status(a, APP_MSG_INFO, "sorted by %s %s", title, way);
    else if (p->load_all)
        app_status(a, APP_MSG_INFO, "sorted the %s loaded so far by %s %s", count, title, way);
    else if (keymap_first_key(&a->keys, KEYMAP_TABLE, ACTION_ROW_LAST, key, sizeof key))
        app_status(a, APP_MSG_INFO, "sorted the %s loaded by %s %s (%s loads all)", count, title,
                   way, key);
    else
        app_status(a, APP_MSG_INFO, "sorted the %s loaded by %s %s", count, title, way);
}

unsigned table_columns_sort(struct app *a, int col, bool desc)
{
    struct app_pane *p = app_current(a);
    p->sort_col = col;
    p->sort_desc = col >= 0 && desc;
    if (pane_view_rebuild(p, (size_t)a->rows_visible) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory while sorting");
    /* The new order is read from its start, as in any table. */
    p->cursor = p->top = 0;
    if (col < 0)
        app_status(a, APP_MSG_INFO, "in the server's order");
    else
        say_sorted(a, p);
    return APP_REDRAW;
}

unsigned table_columns_click(struct app *a, int x, int cols, long now)
{
    (void)now;
    if (app_context(a) != KEYMAP_TABLE)
        return 0;
    struct columns_layout l;
    table_columns_layout(a, cols - TABLE_COLUMNS_LEFT, &l);
    int col = columns_at(&l, x - TABLE_COLUMNS_LEFT);
    if (col < 0)
        return 0;
    const struct app_pane *p = app_current(a);
    return table_columns_sort(a, col, p->sort_col == col && !p->sort_desc);
}

/* < and >: the columns after the first move by one. */
static unsigned scroll(struct app *a, int by)
{
    struct columns_pane *cp = &a->columns[a->current];
    int order[COLUMNS_MAX];
    size_t n = columns_order(cp, columns_for(app_current(a)->kind), order);
    if (by < 0 && cp->offset == 0) {
        app_status(a, APP_MSG_INFO, "no more columns to the left");
    } else if (by > 0 && cp->offset + 2 >= n) {
        app_status(a, APP_MSG_INFO, "no more columns to the right");
    } else {
        cp->offset = by < 0 ? cp->offset - 1 : cp->offset + 1;
    }
    return APP_REDRAW;
}

static const char *command_arg(const struct app *a)
{
    return a->command_arg ? a->command_arg : "";
}

/* :columns TITLE,TITLE,... (or all); alone, what is shown and hidden. */
static unsigned choose(struct app *a)
{
    struct columns_pane *cp = &a->columns[a->current];
    const struct column_set *set = columns_for(app_current(a)->kind);
    char now[256], why[128];
    if (*command_arg(a) && columns_choose(cp, set, command_arg(a), why, sizeof why) != 0) {
        columns_describe(&(struct columns_pane){0}, set, now, sizeof now);
        app_status(a, APP_MSG_WARN, "columns: %s (of %s)", why, now);
        return APP_REDRAW;
    }
    columns_describe(cp, set, now, sizeof now);
    app_status(a, APP_MSG_INFO, "columns: %s%s", now,
               *command_arg(a) ? "" : " (:columns NAME,NAME,... or all)");
    return APP_REDRAW;
}

/* :sort COLUMN by title (a unique prefix will do); -COLUMN, or the
 * column sorted already, reverses. */
static unsigned sort_by(struct app *a)
{
    const struct app_pane *p = app_current(a);
    const struct column_set *set = columns_for(p->kind);
    const char *name = command_arg(a);
    bool minus = *name == '-';
    int col = columns_find(set, name + minus);
    if (col < 0) {
        char all[256];
        columns_describe(&(struct columns_pane){0}, set, all, sizeof all);
        if (*name)
            app_status(a, APP_MSG_WARN, "%s \"%s\": sort by one of %s",
                       col == -2 ? "several columns begin" : "no column", name + minus, all);
        else
            app_status(a, APP_MSG_INFO, ":sort COLUMN, one of %s (-COLUMN reverses)", all);
        return APP_REDRAW;
    }
    return table_columns_sort(a, col, minus || (p->sort_col == col && !p->sort_desc));
}

unsigned screen_table_columns(struct app *a, enum action act, long now)
{
    (void)now;
    switch (act) {
    case ACTION_COLUMNS_LEFT:
        return scroll(a, -1);
    case ACTION_COLUMNS_RIGHT:
        return scroll(a, 1);
    case ACTION_COLUMNS_CHOOSE:
        return choose(a);
    case ACTION_SORT_BY:
        return sort_by(a);
    default:
        return 0;
    }
}
