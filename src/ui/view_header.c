#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

static const char *const short_titles[APP_RESOURCE_PANES] = {
    "Contacts", "Lists", "Tags", "Campaigns", "Templates", "Senders", "Fields", "Webhooks", "Team",
};

/* The tabs, laid out once for drawing and for mouse hits alike. */
struct tab {
    int pane, x, width;
    char label[160];
};

/* The key in force that opens resource pane i, as notation ("2", "L"),
 * or "" when none is bound: the tab shows the binding, not a guess. */
static void pane_key(const struct app *a, int i, char *buf, size_t n)
{
    if (!keymap_first_key(&a->keys, KEYMAP_TABLE, (enum action)(ACTION_PANE_CONTACTS + i), buf, n))
        buf[0] = '\0';
}

/* Lays the tabs out from x = 1; compact: the inactive panes show only
 * their number key. Returns how many fit; *overflow says whether any
 * was cut or left out. */
static int layout_pass(const struct app *a, int cols, struct tab *tabs, bool compact,
                       bool *overflow)
{
    int n = 0, x = 1;
    *overflow = false;
    for (int i = 0; i < APP_PANES; i++) {
        if (i == APP_PANE_CONTACTS_OF && !a->panes[i].member_of_id)
            continue;
        struct tab *t = &tabs[n];
        t->pane = i;
        char key[24] = "";
        if (i < APP_RESOURCE_PANES)
            pane_key(a, i, key, sizeof key);
        if (i < APP_RESOURCE_PANES && compact && i != a->current) {
            snprintf(t->label, sizeof t->label, " %s ", *key ? key : short_titles[i]);
        } else if (i < APP_RESOURCE_PANES) {
            snprintf(t->label, sizeof t->label, " %s%s%s ", key, *key ? " " : "", short_titles[i]);
        } else {
            char title[140];
            app_pane_title(a, i, title, sizeof title);
            snprintf(t->label, sizeof t->label, " %s ", title);
        }
        t->width = text_width(t->label);
        if (t->width > 30)
            t->width = 30;
        t->x = x;
        if (x + t->width > cols) {
            t->width = cols - x;
            *overflow = true;
        }
        if (t->width <= 0)
            break;
        x += t->width + 1;
        n++;
    }
    return n;
}

/* Every tab by name when they fit; else the current one by name and the
 * others by number, so all nine stay in reach of a click. */
static int layout_tabs(const struct app *a, int cols, struct tab *tabs)
{
    bool overflow;
    int n = layout_pass(a, cols, tabs, false, &overflow);
    return overflow ? layout_pass(a, cols, tabs, true, &overflow) : n;
}

int view_header_tab_at(const struct app *a, int x, int cols)
{
    struct tab tabs[APP_PANES];
    int n = layout_tabs(a, cols, tabs);
    for (int i = 0; i < n; i++)
        if (x >= tabs[i].x && x < tabs[i].x + tabs[i].width)
            return tabs[i].pane;
    return -1;
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    static const char *const spinner[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    static const char *const ascii_spinner[] = {"|", "/", "-", "\\"};
    draw_fill(0, 0, f->cols, THEME_HEADER);
    int x = 1;
    x += draw_text(0, x, f->cols - x, "sendx-tui", THEME_HEADER_APP, false) + 2;
    char where[600];
    snprintf(where, sizeof where, "%s%s%s%s", a->cfg.profile ? a->cfg.profile : "",
             a->cfg.profile ? " · " : "", a->cfg.where ? a->cfg.where : "",
             a->cfg.readonly ? "  [read-only]" : "");
    char loading[200];
    bool busy = app_loading(a, loading, sizeof loading);
    int right = 0;
    if (busy) {
        char text[260];
        const char *frame =
            theme_unicode() ? spinner[(f->now / 120) % 10] : ascii_spinner[(f->now / 120) % 4];
        snprintf(text, sizeof text, "%s %s ", frame, loading);
        right = text_width(text);
        if (right > f->cols / 2)
            right = f->cols / 2;
        draw_text_right(0, f->cols - right, right, text, THEME_SPINNER);
    }
    draw_text(0, x, f->cols - x - right - 1, where, THEME_HEADER, false);

    draw_fill(1, 0, f->cols, THEME_TAB);
    struct tab tabs[APP_PANES];
    int n = layout_tabs(a, f->cols, tabs);
    for (int i = 0; i < n; i++) {
        bool active = tabs[i].pane == a->current;
        draw_text(1, tabs[i].x, tabs[i].width, tabs[i].label, active ? THEME_TAB_ACTIVE : THEME_TAB,
                  true);
        char key[24];
        if (!active && tabs[i].pane < APP_RESOURCE_PANES && tabs[i].width > 2) {
            pane_key(a, tabs[i].pane, key, sizeof key);
            draw_text(1, tabs[i].x + 1, tabs[i].width - 2, key, THEME_TAB_KEY, false);
        }
    }
}

const struct view_ops view_header = {.name = "header", .draw = draw};
