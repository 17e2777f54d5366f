/* The UI: the terminal, the fetch worker and the main loop that joins
 * them. The loop sleeps in poll() on the terminal, the result queue's
 * wake fd and the signal pipe; it wakes on a timer only when the app has
 * one due (a debounced search, a retry countdown, the spinner).
 *
 * A session is one SendX team as a profile resolved it: where, with
 * which key, drawn how. `:profile NAME` ends the session in force (its
 * panes, caches and work in flight dropped) and starts another. */
#ifndef SENDX_UI_UI_H
#define SENDX_UI_UI_H

#include <stdbool.h>

#include "api/http.h"
#include "ui/session.h"

struct config;
struct logger;
struct theme_set;

struct ui_options {
    /* The session to start with: ui_run takes it over (frees it). */
    struct ui_session session;
    /* Timeouts and retries; base_url, api_key and ca_file come from the
     * session, the hooks are the worker's. */
    struct http_options http;
    struct logger *log;              /* may be NULL */
    const struct config *config;     /* borrowed: key bindings, the profiles' names */
    const struct theme_set *themes;  /* borrowed: every theme found, for `:theme` */
    ui_session_open_fn open_session; /* NULL: `:profile` says there are no others */
    void *open_ctx;
    /* Said on the status line at start (the configuration's warnings), or NULL. */
    const char *notice;
};

/* Runs until the user quits or a signal ends it; the terminal is always
 * restored and the fetch thread stopped before this returns. Returns 0,
 * or 1 after a fatal error, with the reason (a static string) in *why
 * for the caller to print. *stop_signal is the signal that ended the run
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT), or 0: the caller, once it has
 * flushed and stopped the rest, ends the process by that signal. */
int ui_run(struct ui_options *opts, const char **why, int *stop_signal);

#endif
