/* The prompt on the status line: a pane's filter (applied live as it is
 * typed), a `:` command, the help's filter, or the search in a detail's
 * record (live too: the detail's n runs as each key is typed). */
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "app/app_parts.h"
#include "app/columns.h"
#include "app/logger.h"
#include "app/text.h"

struct prompt_screen {
    struct screen base;
    struct app_prompt p;
};

static int prompt_set(struct app *a, struct app_prompt *p, const char *text)
{
    int rc = line_set(&p->line, text);
    line_follow_cursor(&p->line, a->prompt_width);
    return rc;
}

/* The detail under the prompt searches for text from where the cursor
 * was when the prompt opened: the first match there or after, or (with
 * go false, or nothing typed) the cursor back where it was. */
static unsigned find_from_origin(struct app *a, struct screen *s, const char *text, bool go,
                                 long now)
{
    struct screen *below = app_below(a, s);
    if (!below || below->ops->kind != SCREEN_DETAIL)
        return APP_REDRAW;
    struct app_detail *d = below->state;
    char *copy = *text ? strdup(text) : NULL;
    if (*text && !copy) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    free(d->find);
    d->find = copy;
    d->found = false;
    d->cursor = d->find_origin;
    d->scroll = d->find_origin_scroll;
    if (go && copy)
        return below->ops->action(a, below, ACTION_FIND_NEXT, now);
    return APP_REDRAW;
}

/* Applies the text live, as the user types. */
static unsigned changed(struct app *a, struct screen *s, long now)
{
    struct app_prompt *p = s->state;
    if (p->kind == APP_PROMPT_FIND)
        return find_from_origin(a, s, line_text(&p->line), true, now);
    if (p->kind == APP_PROMPT_FILTER)
        return screen_table_set_filter(a, line_text(&p->line), now) | APP_REDRAW;
    struct screen *below = app_below(a, s);
    if (p->kind == APP_PROMPT_HELP && below && below->ops->kind == SCREEN_HELP)
        screen_help_set_filter(below, p->line.len ? line_text(&p->line) : NULL);
    return APP_REDRAW;
}

static unsigned run_command(struct app *a, const char *text, long now)
{
    command_history_add(&a->history, text);
    app_remember_history(a);
    enum action act = command_parse(text);
    if (act == ACTION_NONE && *text) {
        char sample[200];
        text_fit(text, 40, sample, sizeof sample);
        app_status(a, APP_MSG_WARN, "unknown command: %s", sample);
        return APP_REDRAW;
    }
    if (act == ACTION_NONE)
        return APP_REDRAW;
    logger_write(a->cfg.log, "ui: command %s", action_name(act));
    free(a->command_arg);
    a->command_arg = command_argument(text);
    unsigned f = app_action(a, act, now);
    free(a->command_arg);
    a->command_arg = NULL;
    return f;
}

/* Closes the prompt: a command runs on the screen under it; a filter
 * cancelled goes back to what it was. */
static unsigned prompt_close(struct app *a, struct screen *s, bool accept, long now)
{
    struct app_prompt *p = s->state;
    unsigned f = APP_REDRAW;
    if (!accept && p->kind == APP_PROMPT_FIND)
        f |= find_from_origin(a, s, p->saved ? p->saved : "", false, now);
    else if (!accept && p->kind != APP_PROMPT_COMMAND &&
             prompt_set(a, p, p->saved ? p->saved : "") == 0)
        f |= changed(a, s, now);
    char *command = accept && p->kind == APP_PROMPT_COMMAND ? strdup(line_text(&p->line)) : NULL;
    f |= app_pop(a, now);
    if (command)
        f |= run_command(a, command, now);
    free(command);
    return f;
}

/* What follows a command word that Tab completes: the current pane's
 * column titles after :sort (any case, a leading '-' kept, shown in
 * lower case), the profiles after :profile, the themes after :theme. */
struct arg_names {
    const char *command; /* "sort " */
    const char *what;    /* "column", for "no column begins so" */
    const char *names[COLUMNS_MAX + 1];
    const char *const *list; /* or names */
    bool fold;
};

static bool arg_names_for(const struct app *a, const char *text, struct arg_names *out)
{
    *out = (struct arg_names){0};
    if (strncmp(text, "sort ", 5) == 0) {
        const struct column_set *set = columns_for(a->panes[a->current].kind);
        out->command = "sort ";
        out->what = "column";
        out->fold = true;
        for (size_t i = 0; i < set->n && i < COLUMNS_MAX; i++)
            out->names[i] = set->cols[i].title;
        out->list = out->names;
        return true;
    }
    if (strncmp(text, "profile ", 8) == 0)
        *out = (struct arg_names){"profile ", "profile", {0}, a->cfg.profiles, false};
    else if (strncmp(text, "theme ", 6) == 0)
        *out = (struct arg_names){"theme ", "theme", {0}, a->cfg.themes, false};
    return out->command != NULL;
}

static bool begins(const char *name, const char *word, size_t len, bool fold)
{
    return fold ? strncasecmp(name, word, len) == 0 : strncmp(name, word, len) == 0;
}

/* ":sort CO", ":theme gr": the longest common start of the names that
 * begin so. Returns how many match, or -1 when the line is no command
 * with a completed argument and a word begun. */
static int complete_argument(struct app *a, struct app_prompt *p)
{
    const char *text = line_text(&p->line);
    while (*text == ' ' || *text == ':')
        text++;
    struct arg_names an;
    if (!arg_names_for(a, text, &an))
        return -1;
    const char *word = text + strlen(an.command);
    while (*word == ' ')
        word++;
    const char *name = word + (an.fold && *word == '-');
    size_t len = strlen(name);
    const char *first = NULL;
    size_t common = 0;
    int n = 0;
    char list[256] = "";
    for (size_t i = 0; an.list && an.list[i]; i++) {
        const char *cand = an.list[i];
        if (!begins(cand, name, len, an.fold))
            continue;
        size_t k = 0;
        if (first)
            while (k < common &&
                   (an.fold ? tolower((unsigned char)cand[k]) == tolower((unsigned char)first[k])
                            : cand[k] == first[k]))
                k++;
        common = first ? k : strlen(cand);
        first = first ? first : cand;
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", used ? " " : "", cand);
        n++;
    }
    if (n == 0) {
        app_status(a, APP_MSG_WARN, "no %s begins so", an.what);
        return 0;
    }
    char buf[256];
    int head = snprintf(buf, sizeof buf, "%s%.*s", an.command, (int)(name - word), word);
    snprintf(buf + head, sizeof buf - (size_t)head, "%.*s", (int)common, first);
    for (char *c = buf + head; an.fold && *c; c++)
        *c = (char)tolower((unsigned char)*c);
    if (prompt_set(a, p, buf) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory");
    if (n > 1)
        app_status(a, APP_MSG_INFO, "%s", list);
    return n;
}

static unsigned complete(struct app *a, struct app_prompt *p)
{
    if (p->kind != APP_PROMPT_COMMAND)
        return 0;
    if (complete_argument(a, p) >= 0)
        return APP_REDRAW;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", line_text(&p->line));
    int n = command_complete(buf, sizeof buf);
    if (prompt_set(a, p, buf) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory");
    if (n > 1) {
        char list[256];
        command_candidates(buf, list, sizeof list);
        app_status(a, APP_MSG_INFO, "%s", list);
    } else if (n == 0) {
        app_status(a, APP_MSG_WARN, "no command begins so");
    }
    return APP_REDRAW;
}

static unsigned history(struct app *a, struct app_prompt *p, bool back)
{
    if (p->kind != APP_PROMPT_COMMAND)
        return 0;
    const char *text = back ? command_history_prev(&a->history) : command_history_next(&a->history);
    if (text && prompt_set(a, p, text) != 0)
        app_status(a, APP_MSG_ERROR, "out of memory");
    return APP_REDRAW;
}

static unsigned prompt_action(struct app *a, struct screen *s, enum action act, long now)
{
    struct app_prompt *p = s->state;
    switch (act) {
    case ACTION_PROMPT_ACCEPT:
        return prompt_close(a, s, true, now);
    case ACTION_PROMPT_CANCEL:
        return prompt_close(a, s, false, now);
    case ACTION_PROMPT_COMPLETE:
        return complete(a, p);
    case ACTION_PROMPT_HISTORY_PREV:
    case ACTION_PROMPT_HISTORY_NEXT:
        return history(a, p, act == ACTION_PROMPT_HISTORY_PREV);
    case ACTION_PROMPT_BACKSPACE:
        /* Backspace on an empty command line leaves it, as in vim. */
        if (p->line.len == 0)
            return p->kind == APP_PROMPT_COMMAND ? prompt_close(a, s, false, now) : 0;
        break;
    default:
        break;
    }
    enum line_outcome done = line_action(&p->line, act);
    line_follow_cursor(&p->line, a->prompt_width);
    if (done == LINE_CHANGED)
        return changed(a, s, now);
    if (done == LINE_MOVED)
        return APP_REDRAW;
    return done == LINE_STILL ? 0 : SCREEN_PASS;
}

static unsigned prompt_text(struct app *a, struct screen *s, uint32_t cp, long now)
{
    struct app_prompt *p = s->state;
    size_t before = p->line.len;
    if (line_insert_char(&p->line, cp) != 0) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    line_follow_cursor(&p->line, a->prompt_width);
    return p->line.len != before ? changed(a, s, now) : 0;
}

static void prompt_free(struct app *a, struct screen *s)
{
    struct app_prompt *p = s->state;
    (void)a;
    line_free(&p->line);
    free(p->saved);
    free(s);
}

static const struct screen_ops prompt_ops = {
    .kind = SCREEN_PROMPT,
    .context = KEYMAP_PROMPT,
    .overlay = true,
    .action = prompt_action,
    .text = prompt_text,
    .free = prompt_free,
};

static const char *initial_text(const struct app *a, enum app_prompt_kind kind)
{
    const struct app_help *h = app_help_shown(a);
    if (kind == APP_PROMPT_FILTER && a->panes[a->current].filter)
        return a->panes[a->current].filter;
    const struct app_detail *d = app_detail_shown(a);
    if (kind == APP_PROMPT_HELP && h && h->filter)
        return h->filter;
    if (kind == APP_PROMPT_FIND && d && d->find)
        return d->find;
    return "";
}

unsigned screen_prompt_open(struct app *a, enum app_prompt_kind kind, long now)
{
    struct prompt_screen *ps = calloc(1, sizeof *ps);
    const char *initial = initial_text(a, kind);
    if (ps) {
        ps->base = (struct screen){.ops = &prompt_ops, .pane = a->current, .state = &ps->p};
        ps->p.kind = kind;
        ps->p.opened = a->next_seq;
        ps->p.saved = strdup(initial);
        /* A search starts afresh, as in vi and less; Esc brings the last back. */
        const char *text = kind == APP_PROMPT_FIND ? "" : initial;
        if (!ps->p.saved || prompt_set(a, &ps->p, text) != 0) {
            prompt_free(a, &ps->base);
            ps = NULL;
        }
    }
    command_history_reset(&a->history);
    return app_push(a, ps ? &ps->base : NULL, now);
}
