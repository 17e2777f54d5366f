/* The UI: the terminal, the fetch worker and the main loop that joins
 * them. The loop sleeps in poll() on the terminal, the result queue's
 * wake fd and the signal pipe; it wakes on a timer only when the app has
 * one due (a debounced search, a retry countdown, the spinner). */
#ifndef SENDX_UI_UI_H
#define SENDX_UI_UI_H

#include <stdbool.h>

#include "api/http.h"

struct logger;

struct ui_options {
    struct http_options http; /* base_url and api_key set; hooks are the worker's */
    const char *where;        /* "demo" or the base URL, for the header */
    bool readonly;
    struct logger *log; /* may be NULL */
};

/* Runs until the user quits or a signal ends it; the terminal is always
 * restored and the fetch thread stopped before this returns. Returns 0,
 * or 1 after a fatal error, with the reason (a static string) in *why
 * for the caller to print. *stop_signal is the signal that ended the run
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT), or 0: the caller, once it has
 * flushed and stopped the rest, ends the process by that signal. */
int ui_run(const struct ui_options *opts, const char **why, int *stop_signal);

#endif
