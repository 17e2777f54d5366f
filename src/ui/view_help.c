#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/help.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

/* The box the help overlay draws in, also used to size its scrolling. */
static void box_of(const struct ui_frame *f, int *top, int *left, int *height, int *width)
{
    *width = f->cols - 4 > 100 ? 100 : f->cols - 4;
    *height = f->rows - 4;
    *top = 2;
    *left = (f->cols - *width) / 2;
}

static void frame_box(int top, int left, int height, int width)
{
    attrset(theme_attr(THEME_DIALOG_BORDER));
    mvaddch(top, left, ACS_ULCORNER);
    mvhline(top, left + 1, ACS_HLINE, width - 2);
    mvaddch(top, left + width - 1, ACS_URCORNER);
    mvvline(top + 1, left, ACS_VLINE, height - 2);
    mvvline(top + 1, left + width - 1, ACS_VLINE, height - 2);
    mvaddch(top + height - 1, left, ACS_LLCORNER);
    mvhline(top + height - 1, left + 1, ACS_HLINE, width - 2);
    mvaddch(top + height - 1, left + width - 1, ACS_LRCORNER);
    attrset(A_NORMAL);
}

/* The status line shortens a long warning or error to fit; here it is
 * whole, wrapped over the last lines of the box. Returns the lines used. */
static int draw_last_message(const struct app *a, int bottom, int left, int width)
{
    const struct app_message *m = app_status_shown(a);
    if (!m || m->level < APP_MSG_WARN)
        return 0;
    enum { MAX_LINES = 4 };
    const char *starts[MAX_LINES];
    size_t lens[MAX_LINES];
    int n = 0;
    for (const char *t = m->text; *t && n < MAX_LINES; n++) {
        size_t len = text_wrap_len(t, width);
        starts[n] = t;
        lens[n] = len;
        t += len;
        while (*t == ' ' || *t == '\n')
            t++;
    }
    enum theme_slot slot = m->level == APP_MSG_ERROR ? THEME_ERROR : THEME_WARN;
    for (int i = 0; i < n; i++) {
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)lens[i], starts[i]);
        draw_text(bottom - n + i, left, width, line, slot, false);
    }
    return n + 1; /* and a blank line above */
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    int top, left, height, width;
    box_of(f, &top, &left, &height, &width);
    if (height < 4 || width < 20)
        return;
    for (int y = top + 1; y < top + height - 1; y++)
        draw_fill(y, left + 1, width - 2, THEME_DIALOG);
    frame_box(top, left, height, width);
    char title[200];
    snprintf(title, sizeof title, " Keys: %s%s%s ", a->help_filter ? "\"" : "",
             a->help_filter ? a->help_filter : "? or Esc closes, / filters",
             a->help_filter ? "\"" : "");
    draw_text(top, left + 2, width - 4, title, THEME_DIALOG_BORDER, false);

    enum keymap_context ctx = app_help_context(a);
    size_t total = help_count(&a->keys, ctx, a->help_filter);
    struct help_row *rows = calloc(total ? total : 1, sizeof *rows);
    if (!rows)
        return;
    help_rows(&a->keys, ctx, a->help_filter, rows, total);
    int inner = height - 2, key_width = 22;
    inner -= draw_last_message(a, top + height - 1, left + 2, width - 4);
    for (int r = 0; r < inner && a->help_scroll + (size_t)r < total; r++) {
        const struct help_row *row = &rows[a->help_scroll + (size_t)r];
        int y = top + 1 + r;
        if (row->action == ACTION_NONE) {
            char heading[64];
            snprintf(heading, sizeof heading, "%s", keymap_context_name(row->ctx));
            draw_text(y, left + 2, width - 4, heading, THEME_HEADING, false);
            continue;
        }
        draw_text(y, left + 3, key_width, row->keys, THEME_DIALOG_KEY, false);
        int x = left + 3 + key_width + 1;
        int help_width = width - (x - left) - 2;
        int name_width = help_width > 60 ? 20 : 0;
        draw_text(y, x, help_width - name_width, action_help(row->action), THEME_DIALOG, false);
        if (name_width)
            draw_text(y, x + help_width - name_width, name_width, action_name(row->action),
                      THEME_MUTED, false);
    }
    free(rows);
}

const struct view_ops view_help = {.name = "help", .draw = draw};
