/* The help overlay: the keys of the screen under it, filtered by what
 * the user types after `/`. */
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"
#include "app/help.h"

struct help_screen {
    struct screen base;
    struct app_help h;
};

static unsigned scroll(struct app *a, struct app_help *h, long delta)
{
    long max = (long)help_count(&a->keys, app_help_context(a), h->filter) - a->help_visible;
    long s = (long)h->scroll + delta;
    if (s > max)
        s = max;
    if (s < 0)
        s = 0;
    h->scroll = (size_t)s;
    return APP_REDRAW;
}

static unsigned help_action(struct app *a, struct screen *s, enum action act, long now)
{
    struct app_help *h = s->state;
    long page = a->help_visible > 0 ? a->help_visible : 1;
    switch (act) {
    case ACTION_ROW_UP:
        return scroll(a, h, -1);
    case ACTION_ROW_DOWN:
        return scroll(a, h, 1);
    case ACTION_ROW_FIRST:
        return scroll(a, h, -(1L << 30));
    case ACTION_ROW_LAST:
        return scroll(a, h, 1L << 30);
    case ACTION_PAGE_UP:
        return scroll(a, h, -page);
    case ACTION_PAGE_DOWN:
        return scroll(a, h, page);
    case ACTION_HALF_UP:
        return scroll(a, h, -(page + 1) / 2);
    case ACTION_HALF_DOWN:
        return scroll(a, h, (page + 1) / 2);
    case ACTION_FILTER_START:
        return screen_prompt_open(a, APP_PROMPT_HELP, now);
    case ACTION_HELP:
    case ACTION_BACK:
    case ACTION_BACK_OR_QUIT:
        return app_pop(a, now);
    default:
        return SCREEN_PASS;
    }
}

static void help_free(struct app *a, struct screen *s)
{
    (void)a;
    free(((struct help_screen *)s)->h.filter);
    free(s);
}

static const struct screen_ops help_ops = {
    .kind = SCREEN_HELP,
    .context = KEYMAP_HELP,
    .overlay = true,
    .action = help_action,
    .free = help_free,
};

void screen_help_set_filter(struct screen *help, const char *text)
{
    struct app_help *h = help->state;
    char *copy = text && *text ? strdup(text) : NULL;
    if (text && *text && !copy)
        return; /* out of memory: the filter stays as it was */
    free(h->filter);
    h->filter = copy;
    h->scroll = 0;
}

unsigned screen_help_open(struct app *a, long now)
{
    struct help_screen *hs = calloc(1, sizeof *hs);
    if (hs)
        hs->base = (struct screen){.ops = &help_ops, .pane = a->current, .state = &hs->h};
    return app_push(a, hs ? &hs->base : NULL, now);
}
