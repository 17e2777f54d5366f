/* A running session: the app over one profile, the fetch workers asking
 * that team's server, and the profile's drafts. The main loop (ui.c)
 * holds one; `:profile NAME` stops it whole (the app's cancel tokens
 * fired, the workers joined, their late results dropped) and starts the
 * next, so nothing of one team reaches the other. `:theme NAME` is
 * answered here too, from the themes loaded at start. */
#ifndef SENDX_UI_SESSION_H
#define SENDX_UI_SESSION_H

#include <stdbool.h>

#include "app/app.h"
#include "app/fetch.h"
#include "ui/ui.h"

struct files_writer;
struct queue;

/* What every session shares: the options, the queues, the drafts writer. */
struct session_shared {
    struct ui_options *opts;
    struct queue *results;       /* the workers' answers */
    struct files_writer *writer; /* NULL: drafts are not kept */
    const char **theme_names;    /* owned, NULL-terminated; the names borrowed */
};

struct session_run {
    struct ui_session session; /* owned */
    struct app app;
    struct fetch_lanes lanes;
    char *drafts;          /* owned: the profile's drafts directory, or NULL */
    const char **profiles; /* owned, NULL-terminated; the names borrowed */
    bool app_up, lanes_up;
};

/* Fills sh->theme_names from the themes loaded. Returns -1 if out of memory. */
int session_shared_init(struct session_shared *sh, struct ui_options *opts, struct queue *results,
                        struct files_writer *writer);
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
unsigned session_switch(struct session_run *run, const struct session_shared *sh, long now,
                        const char **why, int *stop_signal);

/* APP_THEME: draws with the theme the app wants, or says why not. */
unsigned session_theme(struct session_run *run, const struct session_shared *sh);

/* The theme called name among those loaded (NULL: none, or it has errors). */
const struct theme_spec *session_theme_spec(const struct session_shared *sh, const char *name);

#endif
