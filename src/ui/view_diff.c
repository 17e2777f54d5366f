/* A save's conflict: each field both the server and the user changed,
 * the server's value and the user's side by side (long ones wrapped over
 * a few lines, since the difference may be anywhere in them), and the
 * keys that decide. */
#include <curses.h>
#include <stdio.h>

#include "app/app.h"
#include "app/text.h"
#include "ui/draw.h"
#include "ui/view.h"

#define LABEL_X         1
#define LABEL_WIDTH     20
#define GAP             3 /* " │ " between the two values */
#define MAX_VALUE_LINES 6

/* The label column, then two equal value columns. */
struct diff_columns {
    int label_width, theirs_x, ours_x, value_width;
};

static struct diff_columns columns_of(int cols)
{
    struct diff_columns c;
    c.label_width = cols / 5 < LABEL_WIDTH ? cols / 5 : LABEL_WIDTH;
    c.value_width = (cols - LABEL_X - c.label_width - 1 - GAP) / 2;
    c.theirs_x = LABEL_X + c.label_width;
    c.ours_x = c.theirs_x + c.value_width + GAP;
    return c;
}

/* s over at most max_lines lines of width cells, broken at its newlines
 * and where a line runs out of room; the last line ends in … when more
 * is left. Returns the lines drawn. */
static int draw_wrapped(int y, int x, int width, int max_lines, const char *s, enum theme_slot slot)
{
    const char *t = s ? s : "";
    for (int n = 0; n < max_lines; n++) {
        bool last = n + 1 == max_lines;
        size_t len = text_wrap_len(t, width);
        const char *next = t + len + (t[len] == '\n');
        bool more = *next != '\0';
        if (last && more)
            len = text_wrap_len(t, width - 1); /* room for the … */
        char part[2048];
        snprintf(part, sizeof part, "%.*s", (int)len, t);
        int cells = draw_text(y + n, x, width, part, slot, false);
        if (last && more)
            draw_text(y + n, x + cells, 1, TEXT_ELLIPSIS, slot, false);
        if (last || !more)
            return n + 1;
        t = next;
    }
    return 0;
}

/* A custom field by its name where the names cache knows it. */
static const char *label_of(const struct app *a, const struct changes_conflict *c, char *buf,
                            size_t n)
{
    if (!c->key)
        return c->label;
    const char *name = names_get(&a->names, c->key);
    snprintf(buf, n, "Custom field %s", name ? name : c->key);
    return buf;
}

/* One conflict from line y in at most max_lines lines; returns the lines
 * it took. */
static int draw_conflict(const struct app *a, const struct changes_conflict *c, int y,
                         int max_lines, const struct diff_columns *cols)
{
    char label[300];
    const char *sep = theme_unicode() ? "│" : "|";
    int lines = max_lines < MAX_VALUE_LINES ? max_lines : MAX_VALUE_LINES;
    draw_text(y, LABEL_X, cols->label_width - 1, label_of(a, c, label, sizeof label), THEME_LABEL,
              false);
    int theirs = draw_wrapped(y, cols->theirs_x, cols->value_width, lines, c->theirs, THEME_VALUE);
    int ours = draw_wrapped(y, cols->ours_x, cols->value_width, lines, c->ours, THEME_VALUE);
    int used = theirs > ours ? theirs : ours;
    for (int i = 0; i < used; i++)
        draw_text(y + i, cols->ours_x - 2, 1, sep, THEME_MUTED, false);
    return used;
}

/* "updated on the server at ..." from the `updated` conflict, in local
 * time where it reads as a timestamp. */
static void draw_updated(const struct changes_conflict *c, int y, int cols)
{
    char theirs[64], ours[64], line[400];
    const char *t = text_local_time(c->theirs, theirs, sizeof theirs) == 0 ? theirs : c->theirs;
    const char *o = text_local_time(c->ours, ours, sizeof ours) == 0 ? ours : c->ours;
    snprintf(line, sizeof line, "updated on the server at %s (your copy is from %s)", t, o);
    draw_text(y, LABEL_X, cols - 2, line, THEME_INFO, false);
}

static void draw_heads(int y, int cols, const struct diff_columns *c)
{
    draw_fill(y, 0, cols, THEME_TABLE_HEADER);
    draw_text(y, LABEL_X, c->label_width - 1, "FIELD", THEME_TABLE_HEADER, false);
    draw_text(y, c->theirs_x, c->value_width, "ON THE SERVER", THEME_TABLE_HEADER, false);
    draw_text(y, c->ours_x, c->value_width, "YOURS", THEME_TABLE_HEADER, false);
}

/* The conflicts from the scroll position over lines y..end-1; returns
 * whether some were left out (scrolled off or below). */
static bool draw_conflicts(const struct app *a, const struct app_diff *d, int y, int end,
                           const struct diff_columns *cols)
{
    const struct changes_conflicts *cs = &d->conflicts;
    size_t first = cs->updated_moved ? 1 : 0; /* `updated` is the line above */
    if (first >= cs->len) {
        draw_text(y, LABEL_X, cols->ours_x + cols->value_width - LABEL_X,
                  "none of the fields you changed was changed on the server", THEME_MUTED, false);
        return false;
    }
    size_t rows = cs->len - first, start = d->scroll < rows ? d->scroll : rows - 1;
    size_t i = first + start;
    for (; i < cs->len && y < end; i++)
        y += draw_conflict(a, &cs->items[i], y, end - y, cols);
    return start > 0 || i < cs->len;
}

/* Appends "KEY word" to out, which holds o of its n bytes; returns the
 * new length, o when there is no room. */
static size_t append(char *out, size_t o, size_t n, const char *key, const char *word)
{
    int w = snprintf(out + o, n - o, "%s%s %s", o ? "  " : "", key, word);
    if (w < 0 || (size_t)w >= n - o) {
        out[o] = '\0';
        return o;
    }
    return o + (size_t)w;
}

/* The keys that decide, from the key map so a rebinding shows here too;
 * the scrolling keys when there is more than fits. */
static void draw_keys(const struct app *a, int y, int cols, bool scrolls)
{
    static const struct {
        enum action action;
        const char *word;
    } wanted[] = {
        {ACTION_DIFF_OVERWRITE, "overwrite"},
        {ACTION_DIFF_THEIRS, "take theirs"},
        {ACTION_DIFF_BACK, "back to the form"},
    };
    char keys[300] = "", key[64], up[64], both[130];
    size_t o = 0;
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        if (keymap_first_key(&a->keys, KEYMAP_DIFF, wanted[i].action, key, sizeof key))
            o = append(keys, o, sizeof keys, key, wanted[i].word);
    if (scrolls && keymap_first_key(&a->keys, KEYMAP_DIFF, ACTION_ROW_DOWN, key, sizeof key) &&
        keymap_first_key(&a->keys, KEYMAP_DIFF, ACTION_ROW_UP, up, sizeof up)) {
        snprintf(both, sizeof both, "%s/%s", key, up);
        append(keys, o, sizeof keys, both, "scroll");
    }
    draw_text(y, LABEL_X, cols - 2, keys, THEME_HINT, false);
}

static void draw_title(const struct app_diff *d, int cols)
{
    const struct form_def *def = form_def_for(d->kind);
    char title[200];
    snprintf(title, sizeof title, "The server changed this %s since you opened it",
             def ? def->noun : "record");
    draw_fill(2, 0, cols, THEME_TITLE);
    draw_text(2, 1, cols - 2, title, THEME_WARN, false);
}

static void draw(const struct app *a, const struct ui_frame *f)
{
    const struct app_diff *d = app_diff_shown(a);
    if (!d)
        return;
    draw_title(d, f->cols);
    struct diff_columns cols = columns_of(f->cols);
    int y = f->body_top, keys_y = f->body_top + f->body_rows - 1;
    if (d->conflicts.updated_moved && d->conflicts.len && y < keys_y)
        draw_updated(&d->conflicts.items[0], y++, f->cols);
    if (y < keys_y)
        draw_heads(y++, f->cols, &cols);
    bool scrolls = y < keys_y && draw_conflicts(a, d, y, keys_y, &cols);
    draw_keys(a, keys_y, f->cols, scrolls);
}

const struct view_ops view_diff = {.name = "diff", .draw = draw};
