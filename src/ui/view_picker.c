/* A picker over a form: a box with the typed filter, the rows that match
 * it with their marks, and the keys that answer it. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

#define BOX_MAX_WIDTH  72
#define BOX_MAX_HEIGHT 24
#define LEAD           "> " /* before the filter's text */
#define LEAD_WIDTH     2

struct box {
    int top, left, height, width;
};

/* The box, from the frame alone: the app is told its row count before
 * the picker exists. Lines inside: the filter, the rows, the keys. */
static struct box box_of(const struct ui_frame *f)
{
    struct box b;
    b.width = f->cols - 4 < BOX_MAX_WIDTH ? f->cols - 4 : BOX_MAX_WIDTH;
    b.height = f->rows - 4 < BOX_MAX_HEIGHT ? f->rows - 4 : BOX_MAX_HEIGHT;
    b.top = (f->rows - b.height) / 2;
    b.left = (f->cols - b.width) / 2;
    return b;
}

static bool box_fits(const struct box *b)
{
    return b->height >= 5 && b->width >= 20;
}

int view_picker_rows(const struct ui_frame *f)
{
    struct box b = box_of(f);
    return b.height - 4 > 1 ? b.height - 4 : 1;
}

/* Cells the filter's text has, after the lead. */
static int filter_width(const struct box *b)
{
    return b->width - 4 - LEAD_WIDTH;
}

/* The filter with its window moved to keep the cursor in sight: on a
 * copy, as the app keeps no window for it and the view changes nothing. */
static struct line filter_window(const struct picker *p, const struct box *b)
{
    struct line shown = p->filter;
    line_follow_cursor(&shown, filter_width(b));
    return shown;
}

bool view_picker_cursor(const struct app *a, const struct ui_frame *f, int *y, int *x)
{
    const struct app_picker *ap = app_picker_shown(a);
    struct box b = box_of(f);
    if (!ap || app_context(a) != KEYMAP_PICKER || !box_fits(&b))
        return false;
    struct line shown = filter_window(&ap->picker, &b);
    *y = b.top + 1;
    *x = b.left + 2 + LEAD_WIDTH + line_cursor_cell(&shown);
    return true;
}

static void draw_filter(const struct picker *p, const struct box *b)
{
    int y = b->top + 1, x = b->left + 2 + LEAD_WIDTH;
    draw_text(y, b->left + 2, LEAD_WIDTH, LEAD, THEME_DIALOG_KEY, false);
    struct line shown = filter_window(p, b);
    if (shown.len)
        draw_text(y, x, filter_width(b), line_text(&shown) + shown.scroll, THEME_DIALOG, false);
    else
        draw_text(y, x, filter_width(b), "type to narrow", THEME_MUTED, false);
}

static const char *mark_of(const struct picker *p, bool marked)
{
    if (p->multi)
        return marked ? "[x]" : "[ ]";
    if (!marked)
        return "( )";
    return theme_unicode() ? "(•)" : "(*)";
}

/* One row of the view: an item with its mark, or the "new" row. */
static void draw_row(const struct picker *p, size_t row, int y, const struct box *b)
{
    bool under = row == p->cursor;
    const struct picker_item *it = picker_row_item(p, row);
    char text[1024];
    if (it)
        snprintf(text, sizeof text, "%s %s%s", mark_of(p, it->marked), it->name,
                 it->added ? " (new)" : "");
    else
        snprintf(text, sizeof text, "+ new tag: %s", picker_new_text(p));
    if (under)
        draw_text(y, b->left + 1, 1, theme_unicode() ? "▌" : ">", THEME_MARKER, false);
    draw_text(y, b->left + 2, b->width - 4, text, under ? THEME_SELECTION : THEME_DIALOG, true);
}

static void draw_rows(const struct picker *p, const struct box *b, int visible)
{
    size_t rows = picker_rows(p);
    if (rows == 0) {
        draw_text(b->top + 2, b->left + 2, b->width - 4,
                  p->n_items ? "nothing matches" : "nothing to choose from", THEME_MUTED, false);
        return;
    }
    for (int r = 0; r < visible && p->top + (size_t)r < rows; r++)
        draw_row(p, p->top + (size_t)r, b->top + 2 + r, b);
}

/* The keys, from the key map so a rebinding shows here too, and how many
 * items the filter leaves of all of them. */
static void draw_keys(const struct app *a, const struct picker *p, const struct box *b)
{
    static const struct {
        enum action action;
        const char *word;
    } wanted[] = {
        {ACTION_PICKER_TOGGLE, "mark"},
        {ACTION_PICKER_ACCEPT, "accept"},
        {ACTION_PICKER_CANCEL, "cancel"},
    };
    char keys[200] = "", count[80];
    size_t o = 0;
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        char key[64];
        if (!keymap_first_key(&a->keys, KEYMAP_PICKER, wanted[i].action, key, sizeof key))
            continue;
        int w = snprintf(keys + o, sizeof keys - o, "%s%s %s", o ? "  " : "", key, wanted[i].word);
        if (w < 0 || (size_t)w >= sizeof keys - o) {
            keys[o] = '\0';
            break;
        }
        o += (size_t)w;
    }
    snprintf(count, sizeof count, "%zu of %zu", p->n_view, p->n_items);
    int y = b->top + b->height - 2, inner = b->width - 4;
    /* The count only where it leaves the keys whole. */
    int count_width = text_width(keys) + 2 + text_width(count) <= inner ? text_width(count) : 0;
    draw_text(y, b->left + 2, inner - (count_width ? count_width + 2 : 0), keys,
              THEME_DIALOG_BORDER, false);
    if (count_width)
        draw_text_right(y, b->left + 2 + inner - count_width, count_width, count, THEME_MUTED);
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    const struct app_picker *ap = app_picker_shown(a);
    struct box b = box_of(f);
    if (!ap || !box_fits(&b))
        return;
    const struct picker *p = &ap->picker;
    for (int y = b.top + 1; y < b.top + b.height - 1; y++)
        draw_fill(y, b.left + 1, b.width - 2, THEME_DIALOG);
    draw_box(b.top, b.left, b.height, b.width);
    char title[300];
    snprintf(title, sizeof title, " %s (%zu marked) ", p->title ? p->title : "", p->n_marked);
    draw_text(b.top, b.left + 2, b.width - 4, title, THEME_DIALOG_BORDER, false);
    draw_filter(p, &b);
    draw_rows(p, &b, view_picker_rows(f));
    draw_keys(a, p, &b);
    /* The terminal's cursor in the filter, for a frame drawn with this
     * view after the status line (ui.c may also place it itself). */
    int cy, cx;
    if (view_picker_cursor(a, f, &cy, &cx))
        move(cy, cx);
}

const struct view_ops view_picker = {.name = "picker", .draw = draw};
