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

/* The title: the kind, the record's name, where the cursor is when the
 * record is longer than the screen ("line 40/240"), and the id. */
static void draw_title(const struct app *a, const struct ui_frame *f, size_t n_lines)
{
    const struct app_detail *d = app_detail_shown(a);
    const struct model_resource *r = model_resource(d->kind);
    char scratch[COLUMN_SCRATCH], kind[64], where[64] = "";
    snprintf(kind, sizeof kind, "%c%s%s", r->name[0] - 'a' + 'A', r->name + 1,
             d->text_view ? " (text)" : "");
    if (n_lines > (size_t)f->body_rows)
        snprintf(where, sizeof where, "line %zu/%zu", d->cursor + 1, n_lines);
    draw_fill(2, 0, f->cols, THEME_TITLE);
    int x = 1;
    x += draw_text(2, x, f->cols - x, kind, THEME_TITLE, false) + 2;
    const char *id = columns_record_id(d->kind, d->record);
    int id_width = id ? text_width(id) : 0;
    if (id_width > f->cols / 3)
        id_width = f->cols / 3;
    int where_width = text_width(where);
    int right = f->cols - id_width - 1 - (where_width ? where_width + 2 : 0);
    draw_text(2, x, right - x - 2, columns_for(d->kind)->cols[0].text(d->record, scratch),
              THEME_TITLE_INFO, false);
    if (where_width && right > x)
        draw_text(2, right, where_width, where, THEME_MUTED, false);
    if (id)
        draw_text_right(2, f->cols - id_width - 1, id_width, id, THEME_MUTED);
}

/* The report's columns: a label, bars (or a link's URL from the label's
 * place), counts right-aligned in one column and shares of the sent in
 * another. When the value's place is too narrow for a count and a share,
 * the two columns keep to the right edge and the labels give way, so the
 * shares stay in their column at any width. */
struct report_layout {
    int label_width, bar_width, count_x, count_width, share_x, share_width;
};

static struct report_layout report_layout(const struct detail_lines *lines, int cols)
{
    struct report_layout r = {LABEL_WIDTH - 1, 0, 0, 0, 0, 0};
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
        if (l->style == DETAIL_BAR && text_width(l->share) > r.share_width)
            r.share_width = text_width(l->share);
    }
    int vx = LABEL_X + LABEL_WIDTH, right = cols - 1;
    int numbers = r.count_width + (r.share_width ? r.share_width + 2 : 0);
    r.bar_width = right - vx - numbers - 1;
    if (r.bar_width > 50)
        r.bar_width = 50;
    if (r.bar_width < 4)
        r.bar_width = 0;
    r.count_x = r.bar_width ? vx + r.bar_width + 1 : vx;
    if (r.count_x + numbers > right) {
        r.count_x = right - numbers > LABEL_X + 1 ? right - numbers : LABEL_X + 1;
        r.label_width = r.count_x - LABEL_X - 1;
    }
    r.share_x = r.count_x + r.count_width + 2;
    return r;
}

static void draw_bar(const struct detail_line *l, int y, const struct report_layout *r)
{
    char bar[TEXT_FIT_SIZE(64)];
    if (r->bar_width > 0) {
        text_bar((double)l->bar_value, (double)l->bar_max, r->bar_width, theme_unicode(), bar,
                 sizeof bar);
        attrset(theme_attr(THEME_BAR));
        mvaddstr(y, LABEL_X + LABEL_WIDTH, bar); /* bar glyphs only: no untrusted text */
        attrset(A_NORMAL);
    }
    draw_text_right(y, r->count_x, r->count_width, l->value, THEME_VALUE);
    if (l->share[0])
        draw_text_right(y, r->share_x, r->share_width, l->share, THEME_MUTED);
}

static void draw_link(const struct detail_line *l, int y, const struct report_layout *r)
{
    char count[32];
    draw_text(y, LABEL_X, r->count_x - LABEL_X - 1, l->value, THEME_VALUE, false);
    draw_text_right(y, r->count_x, r->count_width, text_thousands(l->bar_value, count),
                    THEME_VALUE);
}

/* The search's matches in a value drawn at x: the current one in the
 * selection's colours, the others marked. */
static void draw_matches(const struct app_detail *d, const struct detail_line *l, size_t index,
                         int y, int x, int width)
{
    size_t n = d->find ? strlen(d->find) : 0;
    for (size_t at = 0, m; n && detail_find_in(l->value, d->find, at, &m); at = m + 1) {
        int off = text_width_n(l->value, m);
        if (off >= width)
            break;
        char match[TEXT_FIT_SIZE(64)];
        snprintf(match, sizeof match, "%.*s", (int)(n < 256 ? n : 256), l->value + m);
        bool current = d->found && d->find_line == index && d->find_at == m;
        draw_text(y, x + off, width - off, match, current ? THEME_SELECTION : THEME_MARKER, false);
    }
}

static void draw_line(const struct app_detail *d, const struct detail_lines *lines, size_t index,
                      int y, const struct ui_frame *f, const struct report_layout *r)
{
    const struct detail_line *l = &lines->items[index];
    int vx = LABEL_X + LABEL_WIDTH;
    int vw = f->cols - vx - 1;
    bool cursor = index == d->cursor;
    if (cursor)
        draw_text(y, 0, 1, theme_unicode() ? "\xe2\x96\x8c" : ">", THEME_MARKER, false);
    if (l->style == DETAIL_HEADING) {
        draw_text(y, 1, f->cols - 2, l->value, THEME_HEADING, false);
        return;
    }
    int label_width = l->style == DETAIL_BAR ? r->label_width : LABEL_WIDTH - 1;
    if (cursor && l->style != DETAIL_LINK)
        draw_fill(y, LABEL_X, label_width, THEME_SELECTION);
    if (l->label)
        draw_text(y, LABEL_X, label_width, l->label, cursor ? THEME_SELECTION : THEME_LABEL, false);
    switch (l->style) {
    case DETAIL_FIELD:
        draw_text(y, vx, vw, l->value, THEME_VALUE, false);
        draw_matches(d, l, index, y, vx, vw);
        break;
    case DETAIL_HINT:
        draw_text(y, vx, vw, l->value, THEME_MUTED, false);
        break;
    case DETAIL_BAR:
        draw_bar(l, y, r);
        break;
    case DETAIL_LINK:
        draw_link(l, y, r);
        draw_matches(d, l, index, y, LABEL_X, r->count_x - LABEL_X - 1);
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
    struct detail_lines lines;
    if (app_detail_lines(a, &lines) != 0)
        draw_text(f->body_top, LABEL_X, f->cols - 4, "out of memory", THEME_ERROR, false);
    draw_title(a, f, lines.len);
    struct report_layout r = report_layout(&lines, f->cols);
    for (int i = 0; i < f->body_rows && d->scroll + (size_t)i < lines.len; i++)
        draw_line(d, &lines, d->scroll + (size_t)i, f->body_top + i, f, &r);
    detail_lines_free(&lines);
}

const struct view_ops view_detail = {.name = "detail", .draw = draw};
