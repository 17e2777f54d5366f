#include "app/line.h"

#include <stdlib.h>
#include <string.h>

#include "app/text.h"

/* Characters of context kept beside the cursor when the view scrolls. */
#define LINE_CONTEXT 4

const char *line_text(const struct line *l)
{
    return l->text ? l->text : "";
}

static bool printable(uint32_t cp)
{
    return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0);
}

static int reserve(struct line *l, size_t more)
{
    if (l->len + more + 1 <= l->cap)
        return 0;
    size_t cap = l->cap ? l->cap : 64;
    while (cap < l->len + more + 1)
        cap *= 2;
    char *t = realloc(l->text, cap);
    if (!t)
        return -1;
    if (!l->text)
        t[0] = '\0';
    l->text = t;
    l->cap = cap;
    return 0;
}

/* The printable characters of s[0..n) into out (n bytes at most);
 * returns the bytes kept. */
static size_t keep_printable(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n && s[i];) {
        uint32_t cp;
        size_t len = text_utf8_decode((const unsigned char *)s + i, &cp);
        if (len == 0 || i + len > n) {
            i++;
            continue;
        }
        if (printable(cp)) {
            memcpy(out + o, s + i, len);
            o += len;
        }
        i += len;
    }
    return o;
}

int line_insert(struct line *l, const char *s, size_t n)
{
    char *clean = malloc(n ? n : 1);
    if (!clean)
        return -1;
    size_t add = keep_printable(s, n, clean);
    int rc = reserve(l, add);
    if (rc == 0 && add) {
        memmove(l->text + l->cursor + add, l->text + l->cursor, l->len - l->cursor + 1);
        memcpy(l->text + l->cursor, clean, add);
        l->len += add;
        l->cursor += add;
    }
    free(clean);
    return rc;
}

int line_insert_char(struct line *l, uint32_t cp)
{
    char utf8[4];
    size_t n = text_utf8_encode(cp, utf8);
    return n ? line_insert(l, utf8, n) : 0;
}

int line_set(struct line *l, const char *s)
{
    struct line fresh = {0};
    if (reserve(&fresh, strlen(s)) != 0 || line_insert(&fresh, s, strlen(s)) != 0) {
        line_free(&fresh);
        return -1;
    }
    line_free(l);
    *l = fresh;
    return 0;
}

/* The boundary before pos: the start of the character that ends there. */
static size_t prev_boundary(const struct line *l, size_t pos)
{
    size_t at = 0;
    for (size_t next; at < pos && (next = at + text_char_len(l->text + at)) < pos;)
        at = next;
    return at;
}

bool line_left(struct line *l)
{
    if (l->cursor == 0)
        return false;
    l->cursor = prev_boundary(l, l->cursor);
    return true;
}

bool line_right(struct line *l)
{
    if (l->cursor >= l->len)
        return false;
    l->cursor += text_char_len(l->text + l->cursor);
    return true;
}

bool line_home(struct line *l)
{
    bool moved = l->cursor != 0;
    l->cursor = 0;
    return moved;
}

bool line_end(struct line *l)
{
    bool moved = l->cursor != l->len;
    l->cursor = l->len;
    return moved;
}

/* Removes bytes [from, to) and leaves the cursor at from. */
static bool cut(struct line *l, size_t from, size_t to)
{
    if (from >= to)
        return false;
    memmove(l->text + from, l->text + to, l->len - to + 1);
    l->len -= to - from;
    l->cursor = from;
    if (l->scroll > l->len)
        l->scroll = 0;
    return true;
}

bool line_backspace(struct line *l)
{
    return l->cursor > 0 && cut(l, prev_boundary(l, l->cursor), l->cursor);
}

bool line_delete(struct line *l)
{
    return l->cursor < l->len && cut(l, l->cursor, l->cursor + text_char_len(l->text + l->cursor));
}

bool line_delete_word(struct line *l)
{
    size_t from = l->cursor;
    while (from > 0 && l->text[from - 1] == ' ')
        from--;
    while (from > 0 && l->text[from - 1] != ' ')
        from = prev_boundary(l, from);
    return cut(l, from, l->cursor);
}

bool line_kill_to_start(struct line *l)
{
    bool changed = cut(l, 0, l->cursor);
    l->scroll = 0;
    return changed;
}

bool line_kill_to_end(struct line *l)
{
    size_t at = l->cursor;
    bool changed = cut(l, at, l->len);
    l->cursor = at;
    return changed;
}

/* Moves the start back over up to n characters. */
static size_t back_over(const struct line *l, size_t pos, int n)
{
    while (pos > 0 && n-- > 0)
        pos = prev_boundary(l, pos);
    return pos;
}

void line_follow_cursor(struct line *l, int width)
{
    const char *t = line_text(l);
    if (width < 1)
        width = 1;
    int context = width / 4 < LINE_CONTEXT ? width / 4 : LINE_CONTEXT;
    if (l->scroll > l->cursor || l->scroll > l->len)
        l->scroll = back_over(l, l->cursor, context);
    if (text_width(t) < width)
        l->scroll = 0; /* it all fits: no reason to hide the start */
    /* The cursor's cell must be inside the field: drop characters from
     * the left, measuring each once, so a long paste stays quick. */
    int cells = text_width_n(t + l->scroll, l->cursor - l->scroll);
    while (l->scroll < l->cursor && cells > width - 1) {
        size_t n = text_char_len(t + l->scroll);
        cells -= text_width_n(t + l->scroll, n);
        l->scroll += n;
    }
}

int line_cursor_cell(const struct line *l)
{
    return l->cursor > l->scroll ? text_width_n(line_text(l) + l->scroll, l->cursor - l->scroll)
                                 : 0;
}

void line_free(struct line *l)
{
    free(l->text);
    memset(l, 0, sizeof *l);
}

/* The motions: whether the cursor moved, or -1 for another action. */
static int line_motion(struct line *l, enum action act)
{
    switch (act) {
    case ACTION_PROMPT_LEFT:
        return line_left(l);
    case ACTION_PROMPT_RIGHT:
        return line_right(l);
    case ACTION_PROMPT_HOME:
        return line_home(l);
    case ACTION_PROMPT_END:
        return line_end(l);
    default:
        return -1;
    }
}

/* The deletions: whether the text changed, or -1 for another action. */
static int line_deletion(struct line *l, enum action act)
{
    switch (act) {
    case ACTION_PROMPT_BACKSPACE:
        return line_backspace(l);
    case ACTION_PROMPT_DELETE:
        return line_delete(l);
    case ACTION_PROMPT_DELETE_WORD:
        return line_delete_word(l);
    case ACTION_PROMPT_KILL_START:
        return line_kill_to_start(l);
    case ACTION_PROMPT_KILL_END:
        return line_kill_to_end(l);
    default:
        return -1;
    }
}

enum line_outcome line_action(struct line *l, enum action act)
{
    int moved = line_motion(l, act);
    if (moved >= 0)
        return moved ? LINE_MOVED : LINE_STILL;
    int changed = line_deletion(l, act);
    if (changed >= 0)
        return changed ? LINE_CHANGED : LINE_STILL;
    return LINE_NOT_AN_EDIT;
}
