#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/keys.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

/* Where a hint applies. */
enum hint_where { HINT_ANYWHERE, HINT_TABLE, HINT_DETAIL, HINT_AT_TOP, HINT_CAN_GO_BACK };

static bool hint_applies(const struct app *a, enum keymap_context ctx, enum hint_where where)
{
    bool view = ctx == KEYMAP_TABLE || ctx == KEYMAP_DETAIL;
    switch (where) {
    case HINT_ANYWHERE:
        return true;
    case HINT_TABLE:
        return ctx == KEYMAP_TABLE;
    case HINT_DETAIL:
        return ctx == KEYMAP_DETAIL;
    case HINT_AT_TOP:
        return view && !app_can_go_back(a);
    case HINT_CAN_GO_BACK:
        return view && app_can_go_back(a);
    }
    return true;
}

/* Whether c shows contacts here: a list's or a tag's detail or table. */
static bool shows_members(const struct app *a)
{
    const struct app_detail *d = app_detail_shown(a);
    enum sendx_kind kind = d ? d->kind : a->panes[a->current].kind;
    if (!d && a->current == APP_PANE_CONTACTS_OF)
        return false;
    return kind == SENDX_KIND_LIST || kind == SENDX_KIND_TAG;
}

/* The key hints, read from the key map, so a rebinding shows here too;
 * with only_first, just the first that applies (help): the one that
 * leads to all the others, kept when the line is short of room. */
static void hints(const struct app *a, bool only_first, char *out, size_t n)
{
    static const struct {
        enum action action;
        const char *word;
        enum hint_where where;
    } wanted[] = {
        {ACTION_HELP, "help", HINT_ANYWHERE},
        {ACTION_FILTER_START, "filter", HINT_TABLE},
        {ACTION_FIND_START, "find", HINT_DETAIL},
        {ACTION_SORT_NEXT, "sort", HINT_TABLE},
        {ACTION_DETAIL_CONTACTS, "contacts", HINT_DETAIL},
        {ACTION_DETAIL_CONTACTS, "contacts", HINT_TABLE},
        {ACTION_DETAIL_EXPAND, "unfold", HINT_DETAIL},
        {ACTION_COMMAND_START, "command", HINT_ANYWHERE},
        {ACTION_BACK_OR_QUIT, "quit", HINT_AT_TOP},
        {ACTION_BACK_OR_QUIT, "back", HINT_CAN_GO_BACK},
    };
    enum keymap_context ctx = app_context(a);
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        if (!hint_applies(a, ctx, wanted[i].where))
            continue;
        if (wanted[i].action == ACTION_DETAIL_CONTACTS && !shows_members(a))
            continue;
        char keys[64];
        if (!keymap_first_key(&a->keys, ctx, wanted[i].action, keys, sizeof keys))
            continue;
        int w = snprintf(out + o, n - o, "%s%s %s", o ? "  " : "", keys, wanted[i].word);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
        if (only_first)
            break;
    }
}

int view_status_prompt_width(int cols)
{
    /* The lead (':' or '/') in the first cell, a blank in the last. */
    return cols - 2 > 1 ? cols - 2 : 1;
}

static void draw_prompt(const struct app *a, const struct ui_frame *f, int y)
{
    const struct app_prompt *p = app_prompt_shown(a);
    const char *lead = p->kind == APP_PROMPT_COMMAND ? ":" : "/";
    draw_fill(y, 0, f->cols, THEME_PROMPT);
    draw_text(y, 0, 1, lead, THEME_PROMPT, false);
    const struct line *l = &p->line;
    int width = view_status_prompt_width(f->cols);
    draw_text(y, 1, width, line_text(l) + l->scroll, THEME_PROMPT, false);
    /* The terminal's own cursor, where typing happens. */
    move(y, 1 + line_cursor_cell(l));
}

/* " (r to retry)" for a message's hint, with the key bound to it now;
 * empty when no key is bound. */
static void hint_text(const struct app *a, enum action hint, char *out, size_t n)
{
    out[0] = '\0';
    if (hint != ACTION_REFRESH)
        return;
    char keys[64];
    if (keymap_first_key(&a->keys, app_context(a), hint, keys, sizeof keys))
        snprintf(out, n, " (%s to retry)", keys);
}

/* The message, shortened to fit `room` cells with its hint kept whole:
 * the hint is what to do, the full text is in ? and the log. */
static void message_text(const struct app *a, const struct app_message *m, int room, char *out,
                         size_t n)
{
    static const char *const glyph[] = {"", "✓ ", "! ", "✗ "};
    char hint[80], body[400];
    hint_text(a, m->hint, hint, sizeof hint);
    snprintf(body, sizeof body, "%s%s", theme_unicode() ? glyph[m->level] : "", m->text);
    int hint_width = text_width(hint);
    int body_room = room > hint_width ? room - hint_width : 0;
    char fitted[TEXT_FIT_SIZE(400)];
    text_fit(body, body_room < 400 ? body_room : 400, fitted, sizeof fitted);
    snprintf(out, n, "%s%s", fitted, hint);
}

/* Cells the message would take unshortened, to know whether all the
 * hints fit beside it. */
static int message_width(const struct app *a, const struct ui_frame *f)
{
    const struct app_message *m = app_status_shown(a);
    if (a->retry_until && a->retry_until > f->now)
        return 32;
    if (!m)
        return 0;
    char msg[TEXT_FIT_SIZE(400) + 128];
    message_text(a, m, 400, msg, sizeof msg);
    return text_width(msg);
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    int y = f->rows - 1;
    const struct app_prompt *p = app_prompt_shown(a);
    if (p) {
        /* What a command line says while typing (the candidates of a
         * completion) goes above it, since it has the status line's place. */
        const struct app_message *m = app_status_shown(a);
        if (p->kind == APP_PROMPT_COMMAND && m && m->seq > p->opened && y > 0) {
            char msg[TEXT_FIT_SIZE(400) + 128];
            message_text(a, m, f->cols - 2, msg, sizeof msg);
            draw_fill(y - 1, 0, f->cols, THEME_INFO);
            draw_text(y - 1, 1, f->cols - 2, msg, THEME_INFO, false);
        }
        draw_prompt(a, f, y);
        return;
    }
    draw_fill(y, 0, f->cols, THEME_INFO);
    /* The key hints on the right: all of them when the message leaves
     * room, else the first (help), which is never dropped. */
    char right[256], msg[TEXT_FIT_SIZE(400) + 128];
    hints(a, false, right, sizeof right);
    int right_width = text_width(right);
    int wanted = message_width(a, f);
    if (right_width > f->cols / 2 || wanted + right_width + 4 > f->cols) {
        hints(a, true, right, sizeof right);
        right_width = text_width(right);
    }
    int room = f->cols - 2 - (right_width ? right_width + 2 : 0);
    enum theme_slot slot = THEME_INFO;
    const struct app_message *m = app_status_shown(a);
    if (a->retry_until && a->retry_until > f->now) {
        long secs = (a->retry_until - f->now + 999) / 1000;
        if (a->retry_status)
            snprintf(msg, sizeof msg, "%ld, retrying in %ld s", a->retry_status, secs);
        else
            snprintf(msg, sizeof msg, "network error, retrying in %ld s", secs);
        slot = THEME_WARN;
    } else if (m) {
        static const enum theme_slot slots[] = {THEME_INFO, THEME_OK, THEME_WARN, THEME_ERROR};
        message_text(a, m, room, msg, sizeof msg);
        slot = slots[m->level];
    } else {
        msg[0] = '\0';
    }
    if (right_width)
        draw_text_right(y, f->cols - right_width - 1, right_width, right, THEME_HINT);
    draw_text(y, 1, room, msg, slot, false);
}

const struct view_ops view_status = {.name = "status", .draw = draw};
