/* The configuration applied to a fresh app, and `:profile` / `:theme`:
 * the app names what is wanted and the loop (ui.c), which owns the
 * sessions and the terminal, does it and answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_parts.h"
#include "app/logger.h"
#include "app/files.h"
#include "app/settings.h"
#include "app/state.h"

/* The file's start_pane when it gives one, else the pane this profile
 * was last on, else the default's. */
static int start_pane(const struct app_config *cfg)
{
    const struct config_profile *p = cfg->settings;
    if (p && p->start_pane_given)
        return settings_pane_index(p->start_pane);
    if (cfg->last_pane >= 0 && cfg->last_pane < APP_RESOURCE_PANES)
        return cfg->last_pane;
    int i = p ? settings_pane_index(p->start_pane) : -1;
    return i >= 0 ? i : 0;
}

static void copy_history(struct command_history *to, const struct command_history *from)
{
    for (size_t i = 0; from && i < from->len; i++)
        command_history_add(to, from->lines[i]);
}

int app_settings_apply(struct app *a)
{
    const struct app_config *cfg = &a->cfg;
    struct api_error err = {0};
    a->page_size = cfg->settings ? cfg->settings->page_size : APP_PAGE_ROWS;
    a->current = start_pane(cfg);
    a->remembered_pane = a->current;
    copy_history(&a->history, cfg->history);
    a->theme = strdup(cfg->theme ? cfg->theme : CONFIG_DEFAULT_THEME);
    if (!a->theme || keymap_defaults(&a->keys) != 0 ||
        (cfg->config && settings_apply_keys(&a->keys, cfg->config, &err) != 0)) {
        api_error_clear(&err);
        return -1;
    }
    char why[160];
    if (settings_apply_columns(a->columns, cfg->settings, why, sizeof why) != 0)
        app_status(a, APP_MSG_WARN, "columns: %s", why);
    return 0;
}

static bool listed(const char *const *names, const char *name)
{
    for (size_t i = 0; names && names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* "a, b, c" into buf. */
static const char *joined(const char *const *names, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; names && names[i] && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "", names[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    return names && names[0] ? buf : "none";
}

/* Says what is in use and what else there is: the command without its
 * argument, or with one that names nothing. */
static unsigned offer(struct app *a, const char *what, const char *in_use, const char *const *names,
                      const char *asked)
{
    char list[400];
    if (asked && *asked)
        app_status(a, APP_MSG_WARN, "no %s called %s (%ss: %s)", what, asked, what,
                   joined(names, list, sizeof list));
    else
        app_status(a, APP_MSG_INFO, "%s %s (%ss: %s)", what, in_use ? in_use : "none", what,
                   joined(names, list, sizeof list));
    return APP_REDRAW;
}

static unsigned want(struct app *a, const char *name, unsigned flag)
{
    char *copy = strdup(name);
    if (!copy) {
        app_status(a, APP_MSG_ERROR, "out of memory");
        return APP_REDRAW;
    }
    free(a->wanted);
    a->wanted = copy;
    return flag;
}

unsigned app_switch_profile(struct app *a)
{
    const char *name = a->command_arg ? a->command_arg : "";
    if (!*name || !listed(a->cfg.profiles, name))
        return offer(a, "profile", a->cfg.profile, a->cfg.profiles, name);
    if (a->cfg.profile && strcmp(name, a->cfg.profile) == 0) {
        app_status(a, APP_MSG_INFO, "already on profile %s", name);
        return APP_REDRAW;
    }
    /* Switching drops this session's work: a write on its way would never
     * be told whether it landed, and a changed form would be lost. */
    if (app_writing(a) || app_has_changes(a)) {
        app_status(a, APP_MSG_WARN, "%s",
                   app_writing(a) ? "a save is on its way: switch once it has its answer"
                                  : "a form has unsaved changes: save or cancel it first");
        return APP_REDRAW;
    }
    return want(a, name, APP_PROFILE);
}

unsigned app_switch_theme(struct app *a)
{
    const char *name = a->command_arg ? a->command_arg : "";
    if (!*name || !listed(a->cfg.themes, name))
        return offer(a, "theme", a->theme, a->cfg.themes, name);
    return want(a, name, APP_THEME);
}

const char *app_wanted(const struct app *a)
{
    return a->wanted;
}

unsigned app_theme_done(struct app *a, const char *problem)
{
    if (problem) {
        app_status(a, APP_MSG_ERROR, "theme %s: %s", a->wanted ? a->wanted : "?", problem);
    } else if (a->wanted) {
        free(a->theme);
        a->theme = a->wanted;
        a->wanted = NULL;
        app_status(a, APP_MSG_OK, "theme %s", a->theme);
    }
    free(a->wanted);
    a->wanted = NULL;
    return APP_REDRAW | APP_CLEAR;
}

unsigned app_profile_failed(struct app *a, const char *problem)
{
    app_status(a, APP_MSG_ERROR, "profile %s: %s", a->wanted ? a->wanted : "?", problem);
    free(a->wanted);
    a->wanted = NULL;
    return APP_REDRAW | APP_CLEAR;
}

/* Queues text for path on the files writer; a failure comes back through
 * the files queue and is said there. */
static void keep(struct app *a, const char *path, const char *text, size_t len)
{
    struct api_error err = {0};
    if (!files_writer_write(a->cfg.files, path, text, len, &err))
        logger_write(a->cfg.log, "warning: %s", api_error_message(&err));
    api_error_clear(&err);
}

void app_remember_pane(struct app *a)
{
    const char *name = settings_pane_name(a->current);
    if (!a->cfg.files || !a->cfg.pane_path || !name || a->current == a->remembered_pane)
        return;
    a->remembered_pane = a->current;
    char line[32];
    int len = snprintf(line, sizeof line, "%s\n", name);
    keep(a, a->cfg.pane_path, line, (size_t)len);
}

void app_remember_history(struct app *a)
{
    if (!a->cfg.files || !a->cfg.history_path)
        return;
    size_t len = 0;
    char *text = state_history_text(&a->history, &len);
    if (text)
        keep(a, a->cfg.history_path, text, len);
    free(text);
}
