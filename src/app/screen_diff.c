/* The conflict screen: the server changed the record since the form
 * opened it. Each member both sides changed is shown with the server's
 * value and the user's, side by side, and the user chooses: overwrite,
 * take theirs where both changed, or go back to the form (which then
 * compares against what the user has now seen). Nothing was written. */
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"

struct diff_screen {
    struct screen base;
    struct app_diff d;
    struct screen *form;
};

/* The form's change as the diff's choice leaves it, sent; or, with
 * nothing left to send, the server's copy taken as the save's result. */
static unsigned decide(struct app *a, struct diff_screen *ds, enum changes_choice choice, long now)
{
    struct app_form *af = ds->form->state;
    enum sendx_kind kind = af->form.kind;
    const struct model_type *t = model_resource(kind)->type;
    void *change = calloc(1, t->size);
    struct api_error err = {0};
    if (!change || form_change(&af->form, change, &err) != 0) {
        free(change);
        app_status(a, APP_MSG_ERROR, "not saved: %s",
                   change ? api_error_message(&err) : "out of memory");
        api_error_clear(&err);
        return APP_REDRAW;
    }
    enum changes_next next = changes_decide(kind, choice, &ds->d.conflicts, change);
    /* The form compares against the server's copy from now on. */
    if (form_set_original(&af->form, ds->d.server_now, &err) != 0) {
        app_status(a, APP_MSG_ERROR, "%s", api_error_message(&err));
        api_error_clear(&err);
    }
    struct screen *form = ds->form;
    void *server_now = ds->d.server_now;
    ds->d.server_now = NULL;
    unsigned f = app_pop(a, now);
    if (next == CHANGES_SEND) {
        /* Overwriting skips the check; taking theirs checks again
         * against the copy just seen, in case the server moves again. */
        f |= screen_form_send_update(a, form, change,
                                     choice == CHANGES_OVERWRITE ? NULL : server_now, now);
    } else {
        codec_free(t, change);
        free(change);
        if (next == CHANGES_NOTHING) {
            app_record_saved(a, kind, server_now, false);
            app_status(a, APP_MSG_OK, "nothing left to save: the server's values are kept");
            f |= app_pop(a, now);
        }
    }
    codec_free(t, server_now);
    free(server_now);
    return f;
}

static unsigned diff_action(struct app *a, struct screen *s, enum action act, long now)
{
    struct diff_screen *ds = (struct diff_screen *)s;
    switch (act) {
    case ACTION_DIFF_OVERWRITE:
        return decide(a, ds, CHANGES_OVERWRITE, now);
    case ACTION_DIFF_THEIRS:
        return decide(a, ds, CHANGES_TAKE_THEIRS, now);
    case ACTION_DIFF_BACK:
        return decide(a, ds, CHANGES_BACK, now);
    case ACTION_ROW_UP:
        ds->d.scroll -= ds->d.scroll > 0;
        return APP_REDRAW;
    case ACTION_ROW_DOWN:
        ds->d.scroll += ds->d.scroll + 1 < ds->d.conflicts.len;
        return APP_REDRAW;
    default:
        return SCREEN_PASS;
    }
}

static void diff_free(struct app *a, struct screen *s)
{
    struct diff_screen *ds = (struct diff_screen *)s;
    (void)a;
    changes_conflicts_free(&ds->d.conflicts);
    if (ds->d.server_now) {
        codec_free(model_resource(ds->d.kind)->type, ds->d.server_now);
        free(ds->d.server_now);
    }
    free(ds);
}

static const struct screen_ops diff_ops = {
    .kind = SCREEN_DIFF,
    .context = KEYMAP_DIFF,
    .action = diff_action,
    .free = diff_free,
};

unsigned screen_diff_open(struct app *a, struct screen *form, struct fetch_result *r, long now)
{
    struct diff_screen *ds = calloc(1, sizeof *ds);
    if (!ds)
        return app_push(a, NULL, now);
    struct app_form *af = form->state;
    ds->base = (struct screen){.ops = &diff_ops, .pane = a->current, .state = &ds->d};
    ds->form = form;
    ds->d.kind = af->form.kind;
    /* Take the server's copy and the conflicts from the result. */
    ds->d.server_now = r->server_now;
    r->server_now = NULL;
    ds->d.conflicts = r->conflicts;
    memset(&r->conflicts, 0, sizeof r->conflicts);
    /* The worker has no names: said again here, lists and tags by name. */
    struct changes_conflicts named = {0};
    struct api_error err = {0};
    if (r->job->original &&
        changes_conflicts(ds->d.kind, r->job->original, ds->d.server_now, r->job->record, &a->names,
                          &named, &err) == 0 &&
        named.len == ds->d.conflicts.len) {
        changes_conflicts_free(&ds->d.conflicts);
        ds->d.conflicts = named;
    } else {
        changes_conflicts_free(&named);
    }
    api_error_clear(&err);
    app_status(a, APP_MSG_WARN,
               "the server changed this record since you opened it: nothing was saved");
    return app_push(a, &ds->base, now);
}
