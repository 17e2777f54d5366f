#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/keys.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

/* The key hints, read from the key map, so a rebinding shows here too. */
static void hints(const struct app *a, char *out, size_t n)
{
    static const struct {
        enum action action;
        const char *word;
        bool table_only, detail_only;
    } wanted[] = {
        {ACTION_HELP, "help", false, false},
        {ACTION_FILTER_START, "filter", true, false},
        {ACTION_SORT_NEXT, "sort", true, false},
        {ACTION_DETAIL_CONTACTS, "contacts", false, true},
        {ACTION_DETAIL_EXPAND, "unfold", false, true},
        {ACTION_COMMAND_START, "command", false, false},
        {ACTION_BACK_OR_QUIT, "quit", true, false},
        {ACTION_BACK_OR_QUIT, "back", false, true},
    };
    enum keymap_context ctx = app_context(a);
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
        if ((wanted[i].table_only && ctx != KEYMAP_TABLE) ||
            (wanted[i].detail_only && ctx != KEYMAP_DETAIL))
            continue;
        if (wanted[i].action == ACTION_DETAIL_CONTACTS && a->detail.kind != SENDX_KIND_LIST &&
            a->detail.kind != SENDX_KIND_TAG)
            continue;
        char keys[64];
        if (keymap_keys_of(&a->keys, ctx, wanted[i].action, keys, sizeof keys) == 0 &&
            keymap_keys_of(&a->keys, KEYMAP_GLOBAL, wanted[i].action, keys, sizeof keys) == 0)
            continue;
        keys[strcspn(keys, " ")] = '\0'; /* the first key is hint enough */
        int w = snprintf(out + o, n - o, "%s%s %s", o ? "  " : "", keys, wanted[i].word);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
    }
}

static void draw_prompt(const struct app *a, const struct ui_frame *f, int y)
{
    const char *lead = a->prompt == APP_PROMPT_COMMAND ? ":" : "/";
    draw_fill(y, 0, f->cols, THEME_PROMPT);
    draw_text(y, 0, 1, lead, THEME_PROMPT, false);
    /* Show the end of a long line: that is where typing happens. */
    const char *text = a->prompt_text ? a->prompt_text : "";
    int room = f->cols - 3;
    while (*text && text_width(text) > room) {
        text++;
        while (((unsigned char)*text & 0xc0) == 0x80)
            text++;
    }
    int w = draw_text(y, 1, room, text, THEME_PROMPT, false);
    draw_text(y, 1 + w, 1, "█", THEME_PROMPT, false);
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    int y = f->rows - 1;
    if (a->prompt != APP_PROMPT_NONE) {
        draw_prompt(a, f, y);
        return;
    }
    draw_fill(y, 0, f->cols, THEME_INFO);
    char right[256];
    hints(a, right, sizeof right);
    int right_width = text_width(right);
    if (right_width > f->cols / 2)
        right_width = 0;
    if (right_width)
        draw_text_right(y, f->cols - right_width - 1, right_width, right, THEME_HINT);
    int room = f->cols - right_width - 3;
    char msg[400];
    enum theme_slot slot = THEME_INFO;
    if (a->retry_until && a->retry_until > f->now) {
        long secs = (a->retry_until - f->now + 999) / 1000;
        if (a->retry_status)
            snprintf(msg, sizeof msg, "%ld, retrying in %ld s", a->retry_status, secs);
        else
            snprintf(msg, sizeof msg, "network error, retrying in %ld s", secs);
        slot = THEME_WARN;
    } else if (a->status) {
        static const char *const glyph[] = {"", "✓ ", "! ", "✗ "};
        static const enum theme_slot slots[] = {THEME_INFO, THEME_OK, THEME_WARN, THEME_ERROR};
        snprintf(msg, sizeof msg, "%s%s", theme_unicode() ? glyph[a->status_level] : "", a->status);
        slot = slots[a->status_level];
    } else {
        msg[0] = '\0';
    }
    draw_text(y, 1, room, msg, slot, false);
}

const struct view_ops view_status = {.name = "status", .draw = draw};
