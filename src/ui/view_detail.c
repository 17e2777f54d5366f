#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/columns.h"
#include "app/detail.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

#define LABEL_X     2
#define LABEL_WIDTH 18

static void draw_title(const struct app *a, const struct ui_frame *f)
{
    const struct app_detail *d = app_detail_shown(a);
    const struct model_resource *r = model_resource(d->kind);
    char scratch[COLUMN_SCRATCH], kind[64];
    snprintf(kind, sizeof kind, "%c%s", r->name[0] - 'a' + 'A', r->name + 1);
    draw_fill(2, 0, f->cols, THEME_TITLE);
    int x = 1;
    x += draw_text(2, x, f->cols - x, kind, THEME_TITLE, false) + 2;
    const char *id = columns_record_id(d->kind, d->record);
    int id_width = id ? text_width(id) : 0;
    if (id_width > f->cols / 3)
        id_width = f->cols / 3;
    draw_text(2, x, f->cols - x - id_width - 2,
              columns_for(d->kind)->cols[0].text(d->record, scratch), THEME_TITLE_INFO, false);
    if (id)
        draw_text_right(2, f->cols - id_width - 1, id_width, id, THEME_MUTED);
}

/* The report's columns: bars (or link URLs), then counts right-aligned
 * in one column, then shares of the sent right-aligned in another. */
struct report_layout {
    int bar_width, count_width;
};

#define SHARE_WIDTH 6 /* "100.0%" */

static struct report_layout report_layout(const struct detail_lines *lines, int value_width)
{
    struct report_layout r = {0, 0};
    for (size_t i = 0; i < lines->len; i++) {
        const struct detail_line *l = &lines->items[i];
        char count[32];
        int w = 0;
        if (l->style == DETAIL_BAR)
            w = text_width(l->value);
        else if (l->style == DETAIL_LINK)
            w = text_width(text_thousands(l->bar_value, count));
        if (w > r.count_width)
            r.count_width = w;
    }
    r.bar_width = value_width - r.count_width - SHARE_WIDTH - 3;
    if (r.bar_width > 50)
        r.bar_width = 50;
    return r;
}

static void draw_bar(const struct detail_line *l, int y, int x, const struct report_layout *r)
{
    char bar[TEXT_FIT_SIZE(64)];
    if (r->bar_width > 0) {
        text_bar((double)l->bar_value, (double)l->bar_max, r->bar_width, theme_unicode(), bar,
                 sizeof bar);
        attrset(theme_attr(THEME_BAR));
        mvaddstr(y, x, bar); /* bar glyphs only: no untrusted text */
        attrset(A_NORMAL);
        x += r->bar_width + 1;
    }
    draw_text_right(y, x, r->count_width, l->value, THEME_VALUE);
    if (l->share[0])
        draw_text_right(y, x + r->count_width + 2, SHARE_WIDTH, l->share, THEME_MUTED);
}

static void draw_link(const struct detail_line *l, int y, int x, const struct report_layout *r)
{
    char count[32];
    if (r->bar_width > 0) {
        draw_text(y, x, r->bar_width, l->value, THEME_VALUE, false);
        x += r->bar_width + 1;
    }
    draw_text_right(y, x, r->count_width, text_thousands(l->bar_value, count), THEME_VALUE);
}

static void draw_line(const struct detail_line *l, int y, const struct ui_frame *f,
                      const struct report_layout *r)
{
    int vx = LABEL_X + LABEL_WIDTH;
    int vw = f->cols - vx - 1;
    if (l->style == DETAIL_HEADING) {
        draw_text(y, 1, f->cols - 2, l->value, THEME_HEADING, false);
        return;
    }
    if (l->label)
        draw_text(y, LABEL_X, LABEL_WIDTH - 1, l->label, THEME_LABEL, false);
    switch (l->style) {
    case DETAIL_FIELD:
        draw_text(y, vx, vw, l->value, THEME_VALUE, false);
        break;
    case DETAIL_HINT:
        draw_text(y, vx, vw, l->value, THEME_MUTED, false);
        break;
    case DETAIL_BAR:
        draw_bar(l, y, vx, r);
        break;
    case DETAIL_LINK:
        draw_link(l, y, vx, r);
        break;
    case DETAIL_HEADING:
        break;
    }
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    const struct app_detail *d = app_detail_shown(a);
    if (!d || !d->record)
        return;
    draw_title(a, f);
    struct detail_lines lines;
    if (app_detail_lines(a, &lines) != 0)
        draw_text(f->body_top, LABEL_X, f->cols - 4, "out of memory", THEME_ERROR, false);
    struct report_layout r = report_layout(&lines, f->cols - LABEL_X - LABEL_WIDTH - 1);
    for (int i = 0; i < f->body_rows && d->scroll + (size_t)i < lines.len; i++)
        draw_line(&lines.items[d->scroll + (size_t)i], f->body_top + i, f, &r);
    detail_lines_free(&lines);
}

const struct view_ops view_detail = {.name = "detail", .draw = draw};
