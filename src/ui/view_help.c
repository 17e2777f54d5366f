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

/* The status line shortens a long warning or error to fit; the help box
 * shows it whole, wrapped over its last lines. */
enum { MESSAGE_MAX_LINES = 4 };

struct message_lines {
    const char *start[MESSAGE_MAX_LINES];
    size_t len[MESSAGE_MAX_LINES];
    int n;
};

static const struct app_message *message_to_show(const struct app *a)
{
    const struct app_message *m = app_status_shown(a);
    return m && m->level >= APP_MSG_WARN ? m : NULL;
}

static void wrap_message(const struct app_message *m, int width, struct message_lines *out)
{
    out->n = 0;
    for (const char *t = m ? m->text : ""; *t && out->n < MESSAGE_MAX_LINES; out->n++) {
        size_t len = text_word_wrap_len(t, width);
        out->start[out->n] = t;
        out->len[out->n] = len;
        t += len;
        while (*t == ' ' || *t == '\n')
            t++;
    }
}

/* Rows the message takes at the bottom of the box, a blank one above
 * it included; 0 when there is none. */
static int message_rows(const struct app *a, int width)
{
    struct message_lines lines;
    wrap_message(message_to_show(a), width, &lines);
    return lines.n ? lines.n + 1 : 0;
}

static void draw_message(const struct app *a, int bottom, int left, int width)
{
    const struct app_message *m = message_to_show(a);
    struct message_lines lines;
    wrap_message(m, width, &lines);
    for (int i = 0; i < lines.n; i++) {
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)lines.len[i], lines.start[i]);
        draw_text(bottom - lines.n + i, left, width, line,
                  m->level == APP_MSG_ERROR ? THEME_ERROR : THEME_WARN, false);
    }
}

int view_help_key_rows(const struct app *a, const struct ui_frame *f)
{
    int top, left, height, width;
    box_of(f, &top, &left, &height, &width);
    return height - 2 - message_rows(a, width - 4);
}

/* The key column: as wide as the longest key list, but never more than
 * half the box, so the help text keeps its room. */
static int keys_width(const struct app *a, enum keymap_context ctx, int box_width)
{
    int w = help_keys_width(&a->keys, ctx), most = (box_width - 6) / 2;
    return w > most ? most : w;
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    int top, left, height, width;
    box_of(f, &top, &left, &height, &width);
    if (height < 4 || width < 20)
        return;
    for (int y = top + 1; y < top + height - 1; y++)
        draw_fill(y, left + 1, width - 2, THEME_DIALOG);
    draw_box(top, left, height, width);
    char title[200];
    const struct app_help *h = app_help_shown(a);
    const char *filter = h ? h->filter : NULL;
    size_t scroll = h ? h->scroll : 0;
    char close[32], back[32], find[32], how[128];
    snprintf(how, sizeof how, "%s or %s closes, %s filters",
             app_key_for(a, KEYMAP_HELP, ACTION_HELP, close, sizeof close),
             app_key_for(a, KEYMAP_HELP, ACTION_BACK, back, sizeof back),
             app_key_for(a, KEYMAP_HELP, ACTION_FILTER_START, find, sizeof find));
    snprintf(title, sizeof title, " Keys: %s%s%s ", filter ? "\"" : "", filter ? filter : how,
             filter ? "\"" : "");
    draw_text(top, left + 2, width - 4, title, THEME_DIALOG_BORDER, false);

    enum keymap_context ctx = app_help_context(a);
    size_t total = help_count(&a->keys, ctx, filter);
    struct help_row *rows = calloc(total ? total : 1, sizeof *rows);
    if (!rows)
        return;
    help_rows(&a->keys, ctx, filter, rows, total);
    int inner = view_help_key_rows(a, f), key_width = keys_width(a, ctx, width);
    draw_message(a, top + height - 1, left + 2, width - 4);
    for (int r = 0; r < inner && scroll + (size_t)r < total; r++) {
        const struct help_row *row = &rows[scroll + (size_t)r];
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
        /* A blank between the text and the name, however long the text. */
        draw_text(y, x, help_width - name_width - (name_width ? 1 : 0), action_help(row->action),
                  THEME_DIALOG, false);
        if (name_width)
            draw_text(y, x + help_width - name_width, name_width, action_name(row->action),
                      THEME_MUTED, false);
    }
    free(rows);
}

const struct view_ops view_help = {.name = "help", .draw = draw};
