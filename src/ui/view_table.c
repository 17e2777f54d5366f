#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/columns.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

/* The sort in the title; while rows are still to come it covers only
 * the loaded ones, and says so with the key that loads the rest. */
static size_t sort_info(const struct app *a, const struct app_pane *p, char *buf, size_t n)
{
    char key[32];
    const char *title = columns_for(p->kind)->cols[p->sort_col].title;
    const char *arrow = p->sort_desc ? "↓" : "↑";
    int w;
    if (!pane_shown_rows(p)->more)
        w = snprintf(buf, n, "   sort %s %s", title, arrow);
    else if (!p->load_all &&
             keymap_first_key(&a->keys, KEYMAP_TABLE, ACTION_ROW_LAST, key, sizeof key))
        w = snprintf(buf, n, "   sort %s %s of loaded (%s: all)", title, arrow, key);
    else
        w = snprintf(buf, n, "   sort %s %s of loaded", title, arrow);
    return w > 0 ? (size_t)w : 0;
}

static void draw_title(const struct app *a, const struct ui_frame *f)
{
    const struct app_pane *p = &a->panes[a->current];
    const struct app_rows *rows = &p->plain;
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
        o += (size_t)snprintf(info + o, sizeof info - o, "%s loaded%s", count,
                              rows->more ? " +" : "");
    if (p->filter && o < sizeof info) {
        char found[96];
        o += (size_t)snprintf(info + o, sizeof info - o, "   filter \"%s\" (%s): %s", p->filter,
                              app_filter_scope(p), pane_filter_found(p, found, sizeof found));
    }
    if (p->sort_col >= 0 && o < sizeof info)
        o += sort_info(a, p, info + o, sizeof info - o);
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
        return pane_shown_rows(p) == &p->search ? "searching…" : "loading…";
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

/* The column heads, the sorted one with its arrow, and a mark where
 * columns are out of sight: between the first column and the scrolled
 * ones on the left, at the edge on the right. */
static void draw_heads(const struct app *a, const struct ui_frame *f,
                       const struct columns_layout *l)
{
    const struct app_pane *p = &a->panes[a->current];
    const struct column_set *set = columns_for(p->kind);
    int y = VIEW_TABLE_TOP - 1;
    draw_fill(y, 0, f->cols, THEME_TABLE_HEADER);
    for (int i = 0; i < l->n; i++) {
        const struct column *c = &set->cols[l->col[i]];
        char head[64];
        snprintf(head, sizeof head, "%s%s", c->title,
                 p->sort_col == l->col[i] ? (p->sort_desc ? "↓" : "↑") : "");
        int x = TABLE_COLUMNS_LEFT + l->x[i];
        if (c->right)
            draw_text_right(y, x, l->width[i], head, THEME_TABLE_HEADER);
        else
            draw_text(y, x, l->width[i], head, THEME_TABLE_HEADER, true);
    }
    if (l->more_left && l->n)
        draw_text(y, TABLE_COLUMNS_LEFT + l->width[0], 1, theme_unicode() ? "‹" : "<",
                  THEME_TABLE_HEADER, false);
    if (l->more_right)
        draw_text(y, f->cols - 1, 1, theme_unicode() ? "›" : ">", THEME_TABLE_HEADER, false);
}

static void draw_row(const struct app *a, const struct ui_frame *f, const struct columns_layout *l,
                     size_t i, int row)
{
    const struct app_pane *p = &a->panes[a->current];
    const struct column_set *set = columns_for(p->kind);
    const void *rec = pane_record(p, i);
    bool selected = i == p->cursor;
    unsigned attr = theme_attr(selected ? THEME_SELECTION : THEME_ROW);
    if (selected)
        draw_text(row, 0, TABLE_COLUMNS_LEFT, theme_unicode() ? "▌ " : "> ", THEME_MARKER, true);
    else
        draw_fill(row, 0, TABLE_COLUMNS_LEFT, THEME_ROW);
    /* The row's colour runs the whole width, gaps and what is left over
     * included, so a selection reads as one bar. */
    draw_text_attr(row, TABLE_COLUMNS_LEFT, f->cols - TABLE_COLUMNS_LEFT, "", attr, true);
    char scratch[COLUMN_SCRATCH];
    for (int c = 0; c < l->n; c++) {
        const struct column *col = &set->cols[l->col[c]];
        const char *text = columns_text(col, rec, &a->facts, scratch);
        int x = TABLE_COLUMNS_LEFT + l->x[c], w = l->width[c];
        int tw = col->right && text_width(text) < w ? text_width(text) : w;
        draw_text_attr(row, x + w - tw, tw, text, attr, true);
    }
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    draw_title(a, f);
    const struct app_pane *p = &a->panes[a->current];
    struct columns_layout l;
    table_columns_layout(a, f->cols - TABLE_COLUMNS_LEFT, &l);
    draw_heads(a, f, &l);
    if (p->n_view == 0) {
        char empty[128];
        draw_text(f->body_top, TABLE_COLUMNS_LEFT, f->cols - TABLE_COLUMNS_LEFT,
                  empty_message(a, empty, sizeof empty), THEME_MUTED, true);
        return;
    }
    /* Only the visible rows are touched, however many are loaded. */
    for (int r = 0; r < f->body_rows && p->top + (size_t)r < p->n_view; r++)
        draw_row(a, f, &l, p->top + (size_t)r, f->body_top + r);
}

const struct view_ops view_table = {.name = "table", .draw = draw};
