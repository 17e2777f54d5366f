/* A confirmation: the question in a box, and the keys that answer it. */
#include <curses.h>
#include <stdio.h>

#include "app/app.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

enum { QUESTION_LINES = 3 };

static void draw(const struct app *a, const struct ui_frame *f)
{
    const struct app_confirm *c = app_confirm_shown(a);
    if (!c)
        return;
    int width = f->cols - 4 > 70 ? 70 : f->cols - 4;
    int inner = width - 4;
    int height = QUESTION_LINES + 4;
    int top = (f->rows - height) / 2, left = (f->cols - width) / 2;
    if (inner < 10 || top < 0)
        return;
    for (int y = top + 1; y < top + height - 1; y++)
        draw_fill(y, left + 1, width - 2, THEME_DIALOG);
    draw_box(top, left, height, width);
    const char *t = c->question;
    for (int line = 0; line < QUESTION_LINES && *t; line++) {
        size_t len = text_word_wrap_len(t, inner);
        char part[TEXT_FIT_SIZE(200)], fitted[TEXT_FIT_SIZE(200)];
        snprintf(part, sizeof part, "%.*s", (int)len, t);
        text_fit(part, inner, fitted, sizeof fitted);
        draw_text(top + 1 + line, left + 2, inner, fitted, THEME_DIALOG, false);
        t += len;
        while (*t == ' ')
            t++;
    }
    char yes[32] = "", no[32] = "", other[32] = "", keys[200];
    keymap_first_key(&a->keys, KEYMAP_CONFIRM, ACTION_CONFIRM_YES, yes, sizeof yes);
    keymap_first_key(&a->keys, KEYMAP_CONFIRM, ACTION_CONFIRM_NO, no, sizeof no);
    keymap_first_key(&a->keys, KEYMAP_CONFIRM, ACTION_CONFIRM_OTHER, other, sizeof other);
    int o = snprintf(keys, sizeof keys, "%s %s   %s %s", yes, c->yes, no, c->no);
    if (c->other && o > 0 && (size_t)o < sizeof keys)
        snprintf(keys + o, sizeof keys - (size_t)o, "   %s %s", other, c->other);
    draw_text(top + height - 2, left + 2, inner, keys, THEME_DIALOG_BORDER, false);
}

const struct view_ops view_confirm = {.name = "confirm", .draw = draw};
