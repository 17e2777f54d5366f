/* Which columns a pane shows and how wide: the choice (:columns), and a
 * layout measured over the rows on screen, the first column whole. */
#include <stdio.h>
#include <string.h>

#include "app/columns.h"
#include "app/text.h"

/* ---- which columns a pane shows ------------------------------------------ */

size_t columns_order(const struct columns_pane *cp, const struct column_set *set, int *order)
{
    if (cp->n == 0) {
        size_t k = 0;
        for (size_t i = 0; i < set->n; i++)
            if (!set->cols[i].optional)
                order[k++] = (int)i;
        return k;
    }
    for (size_t i = 0; i < cp->n; i++)
        order[i] = cp->order[i];
    return cp->n;
}

/* The next title of a choice: *s moved to it; returns its bytes. */
static size_t next_word(const char **s)
{
    *s += strspn(*s, ", \t");
    return strcspn(*s, ", \t");
}

/* Whether a choice is the one word "all". */
static bool is_all(const char *spec)
{
    spec += strspn(spec, ", \t");
    return strncasecmp(spec, "all", 3) == 0 && spec[3 + strspn(spec + 3, ", \t")] == '\0';
}

int columns_choose(struct columns_pane *cp, const struct column_set *set, const char *spec,
                   char *why, size_t n)
{
    if (is_all(spec)) {
        *cp = (struct columns_pane){.n = set->n};
        for (size_t i = 0; i < set->n; i++)
            cp->order[i] = (unsigned char)i;
        return 0;
    }
    struct columns_pane chosen = {0};
    const char *s = spec;
    for (size_t len; (len = next_word(&s)) > 0; s += len) {
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)len, s);
        int c = columns_find(set, word);
        for (size_t i = 0; c >= 0 && i < chosen.n; i++)
            if (chosen.order[i] == c)
                c = -3;
        if (c < 0) {
            const char *what = c == -1 ? "no column" : c == -2 ? "several columns begin" : "twice:";
            snprintf(why, n, "%s \"%s\"", what, word);
            return -1;
        }
        chosen.order[chosen.n++] = (unsigned char)c;
    }
    if (chosen.n == 0) {
        snprintf(why, n, "no column named");
        return -1;
    }
    *cp = chosen;
    return 0;
}

bool columns_show_facts(const struct columns_pane *cp, const struct column_set *set)
{
    int order[COLUMNS_MAX];
    size_t k = columns_order(cp, set, order);
    for (size_t i = 0; i < k; i++)
        if (set->cols[order[i]].fact)
            return true;
    return false;
}

void columns_describe(const struct columns_pane *cp, const struct column_set *set, char *buf,
                      size_t n)
{
    int order[COLUMNS_MAX];
    size_t k = columns_order(cp, set, order), o = 0;
    bool shown[COLUMNS_MAX] = {false};
    buf[0] = '\0';
    for (size_t i = 0; i < k && o < n; i++) {
        shown[order[i]] = true;
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? "," : "", set->cols[order[i]].title);
    }
    bool first = true;
    for (size_t i = 0; i < set->n && o < n; i++) {
        if (shown[i])
            continue;
        o += (size_t)snprintf(buf + o, n - o, "%s%s", first ? "; hidden: " : ",",
                              set->cols[i].title);
        first = false;
    }
}

/* ---- widths ---------------------------------------------------------------- */

void columns_measure_start(const struct column_set *set, int *need)
{
    for (size_t i = 0; i < set->n; i++)
        need[i] = text_width(set->cols[i].title) + 1;
}

void columns_measure(const struct column_set *set, const void *record,
                     const struct column_facts *facts, int *need)
{
    char scratch[COLUMN_SCRATCH];
    for (size_t i = 0; i < set->n; i++) {
        const struct column *c = &set->cols[i];
        if (need[i] >= c->max_width)
            continue;
        int w = text_width(columns_text(c, record, facts, scratch));
        if (w > need[i])
            need[i] = w < c->max_width ? w : c->max_width;
    }
}

static void place(struct columns_layout *out, int col, int x, int width)
{
    out->col[out->n] = col;
    out->x[out->n] = x;
    out->width[out->n] = width;
    out->n++;
}

void columns_layout(const struct column_set *set, const struct columns_pane *cp, const int *need,
                    int width, struct columns_layout *out)
{
    int order[COLUMNS_MAX];
    size_t k = columns_order(cp, set, order);
    *out = (struct columns_layout){0};
    if (k == 0 || width <= 0)
        return;
    place(out, order[0], 0, need[order[0]] < width ? need[order[0]] : width);
    /* Scrolled no further than to show the last column beside the first. */
    size_t offset = k > 1 && cp->offset > k - 2 ? k - 2 : cp->offset;
    out->more_left = k > 1 && offset > 0;
    int x = out->width[0] + 1;
    for (size_t i = 1 + offset; i < k; i++) {
        const struct column *c = &set->cols[order[i]];
        int w = need[order[i]], room = width - x;
        if (w > room) {
            int least = c->min_width < w ? c->min_width : w;
            if (room >= least)
                place(out, order[i], x, room);
            out->more_right = true;
            return;
        }
        place(out, order[i], x, w);
        x += w + 1;
    }
}

int columns_at(const struct columns_layout *l, int x)
{
    for (int i = 0; i < l->n; i++)
        if (x >= l->x[i] && x < l->x[i] + l->width[i])
            return l->col[i];
    return -1;
}
