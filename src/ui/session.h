/* A running session: the app over one profile, the fetch workers asking
 * that team's server, and the profile's drafts. The main loop (ui.c)
 * holds one; `:profile NAME` stops it whole (the app's cancel tokens
 * fired, the workers joined, their late results dropped) and starts the
 * next, so nothing of one team reaches the other. `:theme NAME` is
 * answered here too, from the themes loaded at start. */
#ifndef SENDX_UI_SESSION_H
#define SENDX_UI_SESSION_H

#include <stdbool.h>

#include "api/http.h"
#include "app/app.h"
#include "app/fetch.h"

struct api_error;
struct config;
struct config_profile;
struct files_writer;
struct logger;
struct queue;
struct theme_set;

/* What a profile resolves to. Owns its strings (ui_session_free wipes the
 * key before freeing it). */
struct ui_session {
    char *profile;  /* its name, always shown in the header */
    char *where;    /* what the header shows after it: the base URL, "demo · URL" */
    char *base_url; /* checked against the URL policy */
    char *api_key;  /* a secret: never printed or logged */
    char *ca_file;  /* or NULL: the default CA bundle */
    bool readonly;
    char *theme; /* the theme's name */
    /* Borrowed from ui_options.config: start pane, page size, columns.
     * NULL: the defaults. */
    const struct config_profile *settings;
};

/* Frees what s owns (the key wiped first) and zeroes it; safe on a zeroed one. */
void ui_session_free(struct ui_session *s);

/* Resolves the profile called name into *out for `:profile NAME`. Called
 * on the UI thread while the terminal is the shell's (an api_key_cmd may
 * ask for a passphrase there). Returns 0, or -1 with err saying why in
 * one line (*out then zeroed). */
typedef int (*ui_session_open_fn)(void *ctx, const char *name, struct ui_session *out,
                                  struct api_error *err);

/* What every session shares (ui_options' parts, the queues, the drafts
 * writer); all borrowed but theme_names. */
struct session_shared {
    struct http_options http; /* timeouts, retries; the session gives URL and key */
    struct logger *log;
    const struct config *config;
    const struct theme_set *themes;
    ui_session_open_fn open_session;
    void *open_ctx;
    struct queue *results;       /* the workers' answers */
    struct files_writer *writer; /* NULL: drafts are not kept */
    const char **theme_names;    /* owned, NULL-terminated; the names borrowed */
    /* The `:` commands typed, from the last run and every session since
     * (owned), and the file they are kept in (owned, or NULL). */
    struct command_history history;
    char *history_path;
};

struct session_run {
    struct ui_session session; /* owned */
    struct app app;
    struct fetch_lanes lanes;
    char *drafts;          /* owned: the profile's drafts directory, or NULL */
    char *pane_path;       /* owned: where its last pane is kept, or NULL */
    const char **profiles; /* owned, NULL-terminated; the names borrowed */
    bool app_up, lanes_up;
};

/* Fills sh->theme_names from sh->themes and sh->history from the last
 * run's (read now, before the loop; a history that cannot be read is
 * logged and left empty). Returns -1 if out of memory. */
int session_shared_init(struct session_shared *sh);
void session_shared_free(struct session_shared *sh);

/* Starts run over session (taken: run owns it from here, also after a
 * failure). Returns 0, or -1 with *why (static text); session_stop then
 * undoes what was started. */
int session_start(struct session_run *run, const struct session_shared *sh,
                  struct ui_session *session, long now, const char **why);

/* Stops the workers and frees the app and the session. */
void session_stop(struct session_run *run, const struct session_shared *sh);

/* APP_PROFILE: opens the profile the app wants (the terminal handed to
 * the shell meanwhile when its key comes from a command) and, when that
 * worked, replaces run's session by it. A profile that cannot be opened
 * leaves run as it was and says why. APP_* flags; APP_QUIT with *why
 * when the new session could not start; *stop_signal set by a signal
 * that ends the app meanwhile. */
unsigned session_switch(struct session_run *run, struct session_shared *sh, long now,
                        const char **why, int *stop_signal);

/* APP_THEME: draws with the theme the app wants, or says why not. */
unsigned session_theme(struct session_run *run, const struct session_shared *sh);

/* The theme called name among those loaded (NULL: none, or it has errors). */
const struct theme_spec *session_theme_spec(const struct session_shared *sh, const char *name);

#endif
