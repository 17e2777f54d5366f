#include "ui/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/drafts.h"
#include "app/logger.h"
#include "app/settings.h"
#include "app/state.h"
#include "config/config.h"
#include "config/theme_file.h"
#include "ui/term.h"
#include "ui/theme.h"

/* The history the last run left, when there is a place for it. */
static void history_load(struct session_shared *sh)
{
    struct api_error err = {0};
    sh->history_path = sh->writer ? state_path("history", &err) : NULL;
    if (sh->history_path && state_history_read(sh->history_path, &sh->history, &err) != 0)
        logger_write(sh->log, "warning: the command history: %s", api_error_message(&err));
    api_error_clear(&err);
}

int session_shared_init(struct session_shared *sh)
{
    size_t n = sh->themes ? sh->themes->n : 0;
    sh->theme_names = calloc(n + 1, sizeof *sh->theme_names);
    if (!sh->theme_names)
        return -1;
    for (size_t i = 0; i < n; i++)
        sh->theme_names[i] = sh->themes->items[i].name;
    history_load(sh);
    return 0;
}

void session_shared_free(struct session_shared *sh)
{
    free(sh->theme_names);
    sh->theme_names = NULL;
    command_history_free(&sh->history);
    free(sh->history_path);
    sh->history_path = NULL;
}

const struct theme_spec *session_theme_spec(const struct session_shared *sh, const char *name)
{
    const struct theme_set_entry *e = sh->themes && name ? theme_set_find(sh->themes, name) : NULL;
    return e && !e->errors ? &e->spec : NULL;
}

/* The configuration's profiles, and the one in use when the file has no
 * such profile (the demo): what `:profile` offers. */
static const char **profile_names(const struct config *cfg, const char *current)
{
    size_t n = cfg ? cfg->n_profiles : 0;
    const char **names = calloc(n + 2, sizeof *names);
    bool listed = false;
    for (size_t i = 0; names && i < n; i++) {
        names[i] = cfg->profiles[i].name;
        listed |= current && strcmp(names[i], current) == 0;
    }
    if (names && current && !listed)
        names[n] = current;
    return names;
}

/* The profile's drafts directory, when drafts are kept at all. */
static char *drafts_of(const struct session_shared *sh, const char *profile)
{
    struct api_error err = {0};
    char *dir = sh->writer ? drafts_dir(profile, &err) : NULL;
    if (sh->writer && !dir)
        logger_write(sh->log, "warning: drafts are not kept: %s", api_error_message(&err));
    api_error_clear(&err);
    return dir;
}

/* Where the profile's last pane is kept, and the pane kept there (-1:
 * none, or none that is a pane). A small file read as the session starts,
 * as the drafts directory is listed. */
static int last_pane(const struct session_shared *sh, const char *profile, char **path)
{
    struct api_error err = {0};
    char rest[160] = "last-pane/";
    state_profile_component(profile, rest + 10, sizeof rest - 10);
    *path = sh->writer ? state_path(rest, &err) : NULL;
    char name[32] = "";
    if (*path && state_pane_read(*path, name, sizeof name, &err) != 0)
        logger_write(sh->log, "warning: the last pane: %s", api_error_message(&err));
    api_error_clear(&err);
    return *name ? settings_pane_index(name) : -1;
}

/* The drafts kept from an earlier run of this profile, offered now. */
static void drafts_offer(struct app *a, const char *dir, long now)
{
    struct drafts_list list = {0};
    struct api_error err = {0};
    if (!dir)
        return;
    if (drafts_list(dir, &list, &err) != 0)
        app_status(a, APP_MSG_WARN, "drafts not read: %s", api_error_message(&err));
    else
        app_offer_drafts(a, &list, now);
    api_error_clear(&err);
}

int session_start(struct session_run *run, const struct session_shared *sh,
                  struct ui_session *session, long now, const char **why)
{
    memset(run, 0, sizeof *run);
    run->session = *session;
    memset(session, 0, sizeof *session);
    const struct ui_session *s = &run->session;
    run->drafts = drafts_of(sh, s->profile);
    run->profiles = profile_names(sh->config, s->profile);
    int pane = last_pane(sh, s->profile, &run->pane_path);
    struct app_config cfg = {.profile = s->profile,
                             .where = s->where,
                             .readonly = s->readonly,
                             .log = sh->log,
                             .drafts_dir = run->drafts,
                             .files = run->drafts ? sh->writer : NULL,
                             .config = sh->config,
                             .settings = s->settings,
                             .profiles = run->profiles,
                             .themes = sh->theme_names,
                             .theme = s->theme,
                             .history = &sh->history,
                             .last_pane = pane,
                             .history_path = sh->history_path,
                             .pane_path = run->pane_path};
    if (!run->profiles || app_init(&run->app, &cfg, now) != 0) {
        *why = "out of memory";
        run->app_up = run->profiles != NULL;
        return -1;
    }
    run->app_up = true;
    struct http_options http = sh->http;
    http.base_url = s->base_url;
    http.api_key = s->api_key;
    http.ca_file = s->ca_file;
    struct api_error err = {0};
    if (fetch_lanes_start(&run->lanes, &http, sh->results, sh->log, &err) != 0) {
        logger_write(sh->log, "error: the fetch threads: %s", api_error_message(&err));
        api_error_clear(&err);
        *why = "cannot start the fetch thread";
        return -1;
    }
    run->lanes_up = true;
    drafts_offer(&run->app, run->drafts, now);
    return 0;
}

void session_stop(struct session_run *run, const struct session_shared *sh)
{
    /* The app first: its cancel tokens make the workers stop at once. */
    if (run->app_up)
        app_free(&run->app);
    if (run->lanes_up)
        fetch_lanes_stop(&run->lanes);
    /* What the old workers answered late is about the old team. */
    fetch_results_drain(sh->results);
    free(run->drafts);
    free(run->pane_path);
    free(run->profiles);
    ui_session_free(&run->session);
    memset(run, 0, sizeof *run);
}

/* Whether opening the profile runs its key command, which may ask for a
 * passphrase on the terminal. */
static bool asks_on_terminal(const struct config *cfg, const char *name)
{
    const struct config_profile *p = cfg ? config_profile_find(cfg, name) : NULL;
    return p && p->api_key_cmd;
}

/* The next session, or NULL with what stopped it in the app's status. */
static unsigned open_wanted(struct session_run *run, const struct session_shared *sh,
                            struct ui_session *next, int *stop_signal)
{
    const char *name = app_wanted(&run->app);
    struct api_error err = {0};
    unsigned f = 0;
    if (!sh->open_session)
        return app_profile_failed(&run->app, "there is no configuration file with profiles");
    bool hand_over = asks_on_terminal(sh->config, name);
    if (hand_over) {
        term_pause();
        /* On the terminal, where its passphrase prompt may follow. */
        printf("sendx-tui: profile %s: running its api_key_cmd\n", name);
        fflush(stdout);
    }
    int rc = sh->open_session(sh->open_ctx, name, next, &err);
    if (hand_over) {
        term_resume();
        if (term_drop_pause_signals(stop_signal))
            f |= APP_QUIT;
    }
    if (rc != 0)
        f |= app_profile_failed(&run->app, api_error_message(&err));
    api_error_clear(&err);
    return rc == 0 ? f | APP_PROFILE : f;
}

unsigned session_switch(struct session_run *run, struct session_shared *sh, long now,
                        const char **why, int *stop_signal)
{
    struct ui_session next = {0};
    unsigned f = open_wanted(run, sh, &next, stop_signal);
    if (!(f & APP_PROFILE))
        return f | APP_REDRAW | APP_CLEAR;
    logger_write(sh->log, "ui: profile %s", next.profile ? next.profile : "?");
    /* The commands typed so far go on to the next session. */
    command_history_free(&sh->history);
    sh->history = run->app.history;
    run->app.history = (struct command_history){0};
    session_stop(run, sh);
    if (session_start(run, sh, &next, now, why) != 0)
        return APP_QUIT;
    theme_use(session_theme_spec(sh, run->session.theme));
    app_status(&run->app, APP_MSG_OK, "profile %s", run->session.profile);
    return (f & ~APP_PROFILE) | APP_REDRAW | APP_CLEAR | APP_JOBS;
}

unsigned session_theme(struct session_run *run, const struct session_shared *sh)
{
    const char *name = app_wanted(&run->app);
    const struct theme_set_entry *e = sh->themes && name ? theme_set_find(sh->themes, name) : NULL;
    if (!e)
        return app_theme_done(&run->app, "no such theme");
    if (e->errors) {
        char first[200];
        snprintf(first, sizeof first, "%.*s", (int)strcspn(e->errors, "\n"), e->errors);
        return app_theme_done(&run->app, first);
    }
    theme_use(&e->spec);
    return app_theme_done(&run->app, NULL);
}

void ui_session_free(struct ui_session *s)
{
    if (s->api_key)
        explicit_bzero(s->api_key, strlen(s->api_key));
    free(s->profile);
    free(s->where);
    free(s->base_url);
    free(s->api_key);
    free(s->ca_file);
    free(s->theme);
    memset(s, 0, sizeof *s);
}
