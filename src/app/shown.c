/* What is shown, read for drawing and for tests: the pane, the screens
 * on top of the stack and their state, what is loading; and the layout
 * the UI reports before each frame. */
#include <stdio.h>
#include <string.h>

#include "app/app_parts.h"
#include "app/text.h"

struct app_pane *app_current(struct app *a)
{
    return &a->panes[a->current];
}

const char *app_pane_title(const struct app *a, int i, char *buf, size_t n)
{
    const struct app_pane *p = &a->panes[i];
    if (i == APP_PANE_CONTACTS_OF)
        snprintf(buf, n, "Contacts of %s %s", p->member_of_kind == SENDX_KIND_LIST ? "list" : "tag",
                 p->member_of_name ? p->member_of_name : "");
    else
        snprintf(buf, n, "%s", model_resource(p->kind)->title);
    return buf;
}

const char *app_filter_scope(const struct app_pane *p)
{
    if (p->searching)
        return "local + server";
    if (screen_table_can_search(p))
        return "local, searching server";
    return "local";
}

bool app_loading(const struct app *a, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    const struct app_pane *p = &a->panes[a->current];
    const struct app_rows *rows = pane_shown_rows(p);
    const struct app_detail *d = app_detail_shown(a);
    char count[32];
    if (rows->job && a->current == APP_PANE_CONTACTS_OF)
        snprintf(buf, n, "scanning contacts: %s checked",
                 text_thousands((int64_t)rows->scanned, count));
    else if (rows->job && rows->len)
        snprintf(buf, n, "%s %s: %s loaded", rows == &p->search ? "searching" : "loading",
                 model_resource(p->kind)->plural, text_thousands((int64_t)rows->len, count));
    else if (rows->job)
        snprintf(buf, n, "%s %s…", rows == &p->search ? "searching" : "loading",
                 model_resource(p->kind)->plural);
    else if (d && (d->get_job || d->report_job))
        snprintf(buf, n, "loading %s", d->report_job ? "report" : "record");
    else if (a->counts.running)
        snprintf(buf, n, "counting contacts: %s checked",
                 text_thousands((int64_t)a->counts.checked, count));
    else if (a->jobs.n_inflight)
        snprintf(buf, n, "loading names");
    return a->jobs.n_inflight > 0;
}

enum keymap_context app_context(const struct app *a)
{
    return app_top(a)->ops->context;
}

enum keymap_context app_help_context(const struct app *a)
{
    return app_base(a)->ops->context;
}

enum screen_kind app_screen(const struct app *a)
{
    return app_base(a)->ops->kind;
}

const struct app_detail *app_detail_shown(const struct app *a)
{
    struct screen *b = app_base(a);
    return b->ops->kind == SCREEN_DETAIL ? b->state : NULL;
}

/* The topmost overlay of a kind, or NULL. */
static struct screen *overlay_of(const struct app *a, enum screen_kind kind)
{
    for (size_t i = a->depth; i > 0 && a->stack[i - 1]->ops->overlay; i--)
        if (a->stack[i - 1]->ops->kind == kind)
            return a->stack[i - 1];
    return NULL;
}

const struct app_help *app_help_shown(const struct app *a)
{
    struct screen *s = overlay_of(a, SCREEN_HELP);
    return s ? s->state : NULL;
}

const struct app_prompt *app_prompt_shown(const struct app *a)
{
    struct screen *s = overlay_of(a, SCREEN_PROMPT);
    return s ? s->state : NULL;
}

const struct app_confirm *app_confirm_shown(const struct app *a)
{
    struct screen *s = overlay_of(a, SCREEN_CONFIRM);
    return s ? s->state : NULL;
}

const struct app_picker *app_picker_shown(const struct app *a)
{
    struct screen *s = overlay_of(a, SCREEN_PICKER);
    return s ? s->state : NULL;
}

const struct app_form *app_form_shown(const struct app *a)
{
    struct screen *b = app_base(a);
    return b->ops->kind == SCREEN_FORM ? b->state : NULL;
}

const struct app_diff *app_diff_shown(const struct app *a)
{
    struct screen *b = app_base(a);
    return b->ops->kind == SCREEN_DIFF ? b->state : NULL;
}

int app_detail_lines(const struct app *a, struct detail_lines *out)
{
    const struct app_detail *d = app_detail_shown(a);
    if (!d) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    char keys[64];
    const char *expand =
        keymap_first_key(&a->keys, KEYMAP_DETAIL, ACTION_DETAIL_EXPAND, keys, sizeof keys);
    if (detail_build(d, &a->names, a->detail_width, expand, out) != 0)
        return -1;
    return app_metrics_detail(a, d, out);
}

void app_set_visible(struct app *a, const struct app_layout *layout)
{
    a->detail_width = layout->detail_width > 10 ? layout->detail_width : 10;
    a->rows_visible = layout->table_rows > 0 ? layout->table_rows : 1;
    a->detail_visible = layout->detail_rows > 0 ? layout->detail_rows : 1;
    a->help_visible = layout->help_rows > 0 ? layout->help_rows : 1;
    a->prompt_width = layout->prompt_width > 1 ? layout->prompt_width : 1;
    a->form_width = layout->form_width > 1 ? layout->form_width : 1;
    a->picker_visible = layout->picker_rows > 0 ? layout->picker_rows : 1;
    for (size_t i = 0; i < a->depth; i++) {
        struct screen *s = a->stack[i];
        if (screen_is_form(s))
            form_set_width(&((struct app_form *)s->state)->form, a->form_width);
        else if (s->ops->kind == SCREEN_PICKER)
            picker_set_visible(&((struct app_picker *)s->state)->picker, a->picker_visible);
    }
    struct screen *prompt = overlay_of(a, SCREEN_PROMPT);
    if (prompt)
        line_follow_cursor(&((struct app_prompt *)prompt->state)->line, a->prompt_width);
    for (int i = 0; i < APP_PANES; i++)
        pane_clamp(&a->panes[i], (size_t)a->rows_visible);
    /* Only a table shown has rows on screen to measure. */
    if (app_screen(a) == SCREEN_TABLE)
        table_columns_fit(a);
}
