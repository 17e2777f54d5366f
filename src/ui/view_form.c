/* A form: its title, one row per field (label, value, the check's error
 * under it), the server's form-wide words, and the keys that work in the
 * focused row. The body scrolls just enough to keep the focused row in
 * sight, computed from the focus alone, so the view keeps no state. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

#define MARKER_WIDTH 2
#define LABEL_WIDTH  20

/* The label column, narrower on a small screen so the value keeps room;
 * its last cell is the gap before the value. */
static int label_width(int cols)
{
    return cols / 3 < LABEL_WIDTH ? cols / 3 : LABEL_WIDTH;
}

static int value_x(int cols)
{
    return MARKER_WIDTH + label_width(cols);
}

int view_form_value_width(int cols)
{
    int w = cols - value_x(cols) - 1;
    return w > 1 ? w : 1;
}

/* A row takes a second line when there is an error to show under it. */
static int field_lines(const struct form *fm, size_t i)
{
    return form_field_error(fm, i) ? 2 : 1;
}

/* The body's last line is the key hint and the one above it the
 * form-wide message, when there is room for them beside one row. */
static int hint_lines(const struct ui_frame *f)
{
    return f->body_rows >= 2;
}

static int message_lines(const struct form *fm, const struct ui_frame *f)
{
    return fm->message && f->body_rows >= 3;
}

/* The rows on screen: from `first`, over `lines` body lines; the focused
 * row starts `focus_line` lines down. */
struct form_window {
    size_t first;
    int lines;
    int focus_line;
};

static struct form_window window_of(const struct form *fm, const struct ui_frame *f)
{
    struct form_window w = {0, f->body_rows - hint_lines(f) - message_lines(fm, f), 0};
    if (w.lines < 1)
        w.lines = 1;
    int above = 0; /* lines of the rows before the focused one, from first */
    for (size_t i = 0; i < fm->focus; i++)
        above += field_lines(fm, i);
    while (w.first < fm->focus && above + field_lines(fm, fm->focus) > w.lines)
        above -= field_lines(fm, w.first++);
    w.focus_line = above;
    return w;
}

static const char *spinner_frame(long now)
{
    static const char *const spinner[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    static const char *const ascii_spinner[] = {"|", "/", "-", "\\"};
    return theme_unicode() ? spinner[(now / 120) % 10] : ascii_spinner[(now / 120) % 4];
}

static void draw_title(const struct app_form *af, const struct ui_frame *f)
{
    char title[400], busy[64] = "";
    draw_fill(2, 0, f->cols, THEME_TITLE);
    if (af->save_job)
        snprintf(busy, sizeof busy, "saving… %s", spinner_frame(f->now));
    int busy_width = text_width(busy);
    draw_text(2, 1, f->cols - 2 - (busy_width ? busy_width + 2 : 0),
              form_title(&af->form, title, sizeof title), THEME_TITLE, false);
    if (busy_width)
        draw_text_right(2, f->cols - busy_width - 1, busy_width, busy, THEME_TITLE_INFO);
}

/* The label fitted first, so a long one never hides the required mark. */
static void draw_label(const struct form *fm, size_t i, int y, int cols, enum theme_slot slot)
{
    char label[TEXT_FIT_SIZE(LABEL_WIDTH) + 3];
    bool required = form_field_required(fm, i);
    int room = label_width(cols) - 1 - (required ? 2 : 0);
    text_fit(form_field_label(fm, i), room, label, sizeof label - 2);
    if (required)
        strcat(label, " *");
    draw_text(y, MARKER_WIDTH, label_width(cols), label, slot, true);
}

/* What an empty custom field takes, shown in its place: input that fits
 * the field's type before anything is typed. NULL for plain text. */
static const char *placeholder(const struct form_field *field)
{
    if (field->def->widget != FORM_CUSTOM || field->line.len)
        return NULL;
    switch (field->custom_type) {
    case VALIDATE_FIELD_NUMBER:
        return "a number: 42 or 3.5";
    case VALIDATE_FIELD_DATE:
        return "a date: YYYY-MM-DD";
    case VALIDATE_FIELD_BOOLEAN:
        return "true or false";
    case VALIDATE_FIELD_PHONE:
        return "a phone number: +44 20 7946 0958";
    default:
        return NULL;
    }
}

/* Row i at line y, its error under it when lines_left allows. */
static void draw_field(const struct app *a, const struct form *fm, size_t i, int y, int cols,
                       int lines_left)
{
    bool focused = i == fm->focus;
    int vx = value_x(cols), vw = view_form_value_width(cols);
    enum theme_slot value_slot = focused ? THEME_SELECTION : THEME_VALUE;
    if (focused)
        draw_text(y, 0, MARKER_WIDTH, theme_unicode() ? "▌ " : "> ", THEME_MARKER, true);
    draw_label(fm, i, y, cols, focused ? THEME_SELECTION : THEME_LABEL);
    if (form_field_is_line(fm, i)) {
        /* The window the app keeps onto the text, as wide as vw. */
        const struct line *l = &fm->fields[i].line;
        const char *hint = placeholder(&fm->fields[i]);
        draw_text(y, vx, vw, hint ? hint : line_text(l) + l->scroll,
                  hint ? THEME_MUTED : value_slot, true);
    } else {
        char shown[512];
        draw_text(y, vx, vw, form_field_display(fm, i, &a->names, shown, sizeof shown), value_slot,
                  true);
    }
    const char *error = form_field_error(fm, i);
    if (error && lines_left >= 2) {
        int x = vx + draw_text(y + 1, vx, vw, theme_unicode() ? "✗ " : "! ", THEME_ERROR, false);
        draw_text(y + 1, x, vw - (x - vx), error, THEME_ERROR, false);
    }
}

/* Appends "KEY word" for act (and "/<space>" when the space does it
 * too) to out, which holds o bytes; returns the new length. A key
 * unbound, or no room left, adds nothing. */
static size_t add_key(const struct app *a, enum action act, bool space_too, const char *word,
                      char *out, size_t o, size_t n)
{
    char key[64];
    if (!keymap_first_key(&a->keys, KEYMAP_FORM, act, key, sizeof key))
        return o;
    bool space = space_too && strcmp(key, "<space>") != 0;
    int w =
        snprintf(out + o, n - o, "%s%s%s %s", o ? "  " : "", key, space ? "/<space>" : "", word);
    if (w < 0 || (size_t)w >= n - o) {
        out[o] = '\0';
        return o;
    }
    return o + (size_t)w;
}

/* What form.activate does in a row of this widget; NULL in a text row,
 * where it only moves on (as tab does). */
static const char *activate_word(enum form_widget w)
{
    switch (w) {
    case FORM_BOOL:
        return "toggle";
    case FORM_CHOICE:
        return "next choice";
    case FORM_REF:
    case FORM_REFS:
    case FORM_TAGS:
        return "pick";
    case FORM_LONG_TEXT:
        return "edit in $EDITOR";
    case FORM_TEXT:
    case FORM_CUSTOM:
        break;
    }
    return NULL;
}

/* The keys that work in the focused row, first the row's own, read from
 * the key map so a rebinding shows here too. A space activates every row
 * that is not typed into (screen_form.c), whatever the key map says. */
static void draw_hint(const struct app *a, const struct form *fm, int y, int cols)
{
    static const struct {
        enum action action;
        const char *word;
    } always[] = {
        {ACTION_FORM_NEXT, "next"},
        {ACTION_FORM_SAVE, "save"},
        {ACTION_FORM_CANCEL, "cancel"},
    };
    char hint[256] = "";
    size_t o = 0;
    const char *word = activate_word(fm->fields[fm->focus].def->widget);
    if (word)
        o = add_key(a, ACTION_FORM_ACTIVATE, true, word, hint, o, sizeof hint);
    const struct form_field_def *def = fm->fields[fm->focus].def;
    if (fm->kind == SENDX_KIND_CAMPAIGN && def->widget == FORM_LONG_TEXT)
        o = add_key(a, ACTION_FORM_FROM_TEMPLATE, false, "copy a template's", hint, o, sizeof hint);
    for (size_t i = 0; i < sizeof always / sizeof always[0]; i++)
        o = add_key(a, always[i].action, false, always[i].word, hint, o, sizeof hint);
    draw_text(y, 1, cols - 2, hint, THEME_HINT, false);
}

bool view_form_cursor(const struct app *a, const struct ui_frame *f, int *y, int *x)
{
    const struct app_form *af = app_form_shown(a);
    if (!af || app_context(a) != KEYMAP_FORM || af->form.n_fields == 0 ||
        !form_field_is_line(&af->form, af->form.focus))
        return false;
    struct form_window w = window_of(&af->form, f);
    *y = f->body_top + w.focus_line;
    *x = value_x(f->cols) + line_cursor_cell(&af->form.fields[af->form.focus].line);
    return true;
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    const struct app_form *af = app_form_shown(a);
    if (!af)
        return;
    const struct form *fm = &af->form;
    draw_title(af, f);
    if (fm->n_fields == 0)
        return;
    struct form_window w = window_of(fm, f);
    int y = f->body_top, end = f->body_top + w.lines;
    for (size_t i = w.first; i < fm->n_fields && y < end; i++) {
        draw_field(a, fm, i, y, f->cols, end - y);
        y += field_lines(fm, i);
    }
    int bottom = f->body_top + f->body_rows - 1;
    if (message_lines(fm, f)) {
        int x = 1 + draw_text(bottom - 1, 1, f->cols - 2, theme_unicode() ? "✗ " : "! ",
                              THEME_ERROR, false);
        draw_text(bottom - 1, x, f->cols - 1 - x, fm->message, THEME_ERROR, false);
    }
    if (hint_lines(f))
        draw_hint(a, fm, bottom, f->cols);
    /* The terminal's cursor where typing goes, for a frame drawn with
     * this view after the status line (ui.c may also place it itself). */
    int cy, cx;
    if (view_form_cursor(a, f, &cy, &cx))
        move(cy, cx);
}

const struct view_ops view_form = {.name = "form", .draw = draw};
