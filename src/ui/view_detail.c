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
    const struct app_detail *d = &a->detail;
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

static void draw_line(const struct detail_line *l, int y, const struct ui_frame *f)
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
    case DETAIL_BAR: {
        int bar_width = vw - 18;
        if (bar_width > 50)
            bar_width = 50;
        char bar[TEXT_FIT_SIZE(64)];
        if (bar_width > 0) {
            text_bar((double)l->bar_value, (double)l->bar_max, bar_width, theme_unicode(), bar,
                     sizeof bar);
            attrset(theme_attr(THEME_BAR));
            mvaddstr(y, vx, bar); /* bar glyphs only: no untrusted text */
            attrset(A_NORMAL);
        }
        draw_text(y, vx + (bar_width > 0 ? bar_width + 1 : 0), 17, l->value, THEME_VALUE, false);
        break;
    }
    case DETAIL_LINK: {
        char count[32];
        text_thousands(l->bar_value, count);
        int cw = 12;
        draw_text(y, vx, vw - cw, l->value, THEME_VALUE, false);
        draw_text_right(y, vx + vw - cw, cw, count, THEME_VALUE);
        break;
    }
    case DETAIL_HEADING:
        break;
    }
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    if (!a->detail.record)
        return;
    draw_title(a, f);
    struct detail_lines lines;
    if (detail_build(&a->detail, &a->names, a->detail_width, &lines) != 0)
        draw_text(f->body_top, LABEL_X, f->cols - 4, "out of memory", THEME_ERROR, false);
    for (int r = 0; r < f->body_rows && a->detail.scroll + (size_t)r < lines.len; r++)
        draw_line(&lines.items[a->detail.scroll + (size_t)r], f->body_top + r, f);
    detail_lines_free(&lines);
}

const struct view_ops view_detail = {.name = "detail", .draw = draw};
