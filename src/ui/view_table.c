#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/columns.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

#define MARKER_WIDTH 2

static void draw_title(const struct app *a, const struct ui_frame *f)
{
    const struct app_pane *p = &a->panes[a->current];
    const struct app_rows *rows = pane_shown_rows(p);
    char title[200], info[600], count[32], scanned[32];
    app_pane_title(a, a->current, title, sizeof title);
    draw_fill(2, 0, f->cols, THEME_TITLE);
    int x = 1;
    x += draw_text(2, x, f->cols - x, title, THEME_TITLE, false) + 2;

    size_t o = 0;
    text_thousands((int64_t)rows->len, count);
    if (a->current == APP_PANE_CONTACTS_OF)
        o += (size_t)snprintf(info + o, sizeof info - o, "%s found · %s checked%s", count,
                              text_thousands((int64_t)rows->scanned, scanned),
                              rows->more ? " +" : "");
    else
        o += (size_t)snprintf(info + o, sizeof info - o, "%s %s%s", count,
                              p->searching ? "found" : "loaded", rows->more ? " +" : "");
    if (p->filter && o < sizeof info) {
        char shown[32];
        text_thousands((int64_t)p->n_view, shown);
        o += (size_t)snprintf(info + o, sizeof info - o, "   filter \"%s\" (%s)%s%s", p->filter,
                              app_filter_scope(p), p->searching ? "" : ": ",
                              p->searching ? "" : shown);
    }
    if (p->sort_col >= 0 && o < sizeof info)
        o += (size_t)snprintf(info + o, sizeof info - o, "   sort %s %s",
                              columns_for(p->kind)->cols[p->sort_col].title,
                              p->sort_desc ? "↓" : "↑");
    if (p->kind == SENDX_KIND_CAMPAIGN && a->current != APP_PANE_CONTACTS_OF && o < sizeof info)
        snprintf(info + o, sizeof info - o, "   status: %s",
                 sendx_campaign_filter_name(p->campaign_filter));
    draw_text(2, x, f->cols - x, info, THEME_TITLE_INFO, false);
}

/* What an empty table says; buf holds a message built from the keys. */
static const char *empty_message(const struct app *a, char *buf, size_t n)
{
    const struct app_pane *p = &a->panes[a->current];
    const struct app_rows *rows = pane_shown_rows(p);
    char key[64];
    if (rows->job)
        return p->searching ? "searching…" : "loading…";
    if (rows->failed &&
        keymap_first_key(&a->keys, app_context(a), ACTION_REFRESH, key, sizeof key)) {
        snprintf(buf, n, "could not load: %s tries again", key);
        return buf;
    }
    if (rows->failed)
        return "could not load";
    if (rows->len && p->filter)
        return "no loaded row matches the filter (j looks further)";
    if (p->search_due || p->search.job)
        return "searching the server…";
    return "nothing here";
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    draw_title(a, f);
    const struct app_pane *p = &a->panes[a->current];
    const struct column_set *set = columns_for(p->kind);
    int widths[16] = {0};
    columns_layout(set, f->cols - MARKER_WIDTH, widths);

    int y = VIEW_TABLE_TOP - 1;
    draw_fill(y, 0, f->cols, THEME_TABLE_HEADER);
    int x = MARKER_WIDTH;
    for (size_t c = 0; c < set->n; c++) {
        if (!widths[c])
            continue;
        char head[64];
        bool sorted = p->sort_col == (int)c;
        snprintf(head, sizeof head, "%s%s", set->cols[c].title,
                 sorted ? (p->sort_desc ? "↓" : "↑") : "");
        if (set->cols[c].right)
            draw_text_right(y, x, widths[c], head, THEME_TABLE_HEADER);
        else
            draw_text(y, x, widths[c], head, THEME_TABLE_HEADER, true);
        x += widths[c] + 1;
    }

    if (p->n_view == 0) {
        char empty[128];
        draw_text(f->body_top, MARKER_WIDTH, f->cols - MARKER_WIDTH,
                  empty_message(a, empty, sizeof empty), THEME_MUTED, true);
        return;
    }
    char scratch[COLUMN_SCRATCH];
    /* Only the visible rows are touched, however many are loaded. */
    for (int r = 0; r < f->body_rows && p->top + (size_t)r < p->n_view; r++) {
        size_t i = p->top + (size_t)r;
        const void *rec = pane_record(p, i);
        bool selected = i == p->cursor;
        unsigned attr = theme_attr(selected ? THEME_SELECTION : THEME_ROW);
        int row = f->body_top + r;
        if (selected)
            draw_text(row, 0, MARKER_WIDTH, theme_unicode() ? "▌ " : "> ", THEME_MARKER, true);
        else
            draw_fill(row, 0, MARKER_WIDTH, THEME_ROW);
        x = MARKER_WIDTH;
        for (size_t c = 0; c < set->n; c++) {
            if (!widths[c])
                continue;
            const char *text = set->cols[c].text(rec, scratch);
            if (set->cols[c].right) {
                int w = text_width(text);
                if (w > widths[c])
                    w = widths[c];
                draw_text_attr(row, x, widths[c] - w, "", attr, true);
                draw_text_attr(row, x + widths[c] - w, w, text, attr, true);
            } else {
                draw_text_attr(row, x, widths[c], text, attr, true);
            }
            if (x + widths[c] < f->cols)
                draw_text_attr(row, x + widths[c], 1, "", attr, true);
            x += widths[c] + 1;
        }
        if (x < f->cols)
            draw_text_attr(row, x, f->cols - x, "", attr, true);
    }
}

const struct view_ops view_table = {.name = "table", .draw = draw};
