/* A yes/no question over the screen that asked it (with, where it has
 * one, a third answer). Only y says yes: n, Esc and Enter all say no,
 * so a key pressed by habit never deletes anything. */
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"

struct confirm_screen {
    struct screen base;
    struct app_confirm c;
    app_confirm_fn *yes, *other;
    void *ctx;
    void (*ctx_free)(void *ctx);
};

static unsigned confirm_action(struct app *a, struct screen *s, enum action act, long now)
{
    struct confirm_screen *cs = (struct confirm_screen *)s;
    if (act == ACTION_CONFIRM_NO)
        return app_pop(a, now);
    bool other = act == ACTION_CONFIRM_OTHER && cs->other;
    if (act != ACTION_CONFIRM_YES && !other)
        return other || act == ACTION_CONFIRM_OTHER ? 0 : SCREEN_PASS;
    /* Off the stack before it runs: yes may push or pop screens itself. */
    app_confirm_fn *yes = other ? cs->other : cs->yes;
    void *ctx = cs->ctx;
    void (*ctx_free)(void *) = cs->ctx_free;
    cs->ctx = NULL;
    unsigned f = app_pop(a, now);
    f |= yes(a, ctx, now);
    if (ctx_free)
        ctx_free(ctx);
    return f;
}

static void confirm_free(struct app *a, struct screen *s)
{
    struct confirm_screen *cs = (struct confirm_screen *)s;
    (void)a;
    if (cs->ctx && cs->ctx_free)
        cs->ctx_free(cs->ctx);
    free(cs->c.question);
    free(cs);
}

static const struct screen_ops confirm_ops = {
    .kind = SCREEN_CONFIRM,
    .context = KEYMAP_CONFIRM,
    .overlay = true,
    .action = confirm_action,
    .free = confirm_free,
};

unsigned screen_confirm_open(struct app *a, const char *question, app_confirm_fn *yes, void *ctx,
                             void (*ctx_free)(void *ctx), long now)
{
    static const struct confirm_answers plain = {"yes", "no", NULL, NULL};
    return screen_confirm_ask(a, question, &plain, yes, ctx, ctx_free, now);
}

unsigned screen_confirm_ask(struct app *a, const char *question,
                            const struct confirm_answers *words, app_confirm_fn *yes, void *ctx,
                            void (*ctx_free)(void *ctx), long now)
{
    struct confirm_screen *cs = calloc(1, sizeof *cs);
    if (cs) {
        cs->base = (struct screen){.ops = &confirm_ops, .pane = a->current, .state = &cs->c};
        cs->c.question = strdup(question);
        cs->c.yes = words->yes;
        cs->c.no = words->no;
        cs->c.other = words->other_fn ? words->other : NULL;
        cs->other = words->other_fn;
        cs->yes = yes;
        cs->ctx = ctx;
        cs->ctx_free = ctx_free;
        if (!cs->c.question) {
            confirm_free(a, &cs->base);
            return app_push(a, NULL, now);
        }
    } else if (ctx_free) {
        ctx_free(ctx);
    }
    return app_push(a, cs ? &cs->base : NULL, now);
}
