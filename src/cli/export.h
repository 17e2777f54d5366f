/* `sendx-tui export RESOURCE [--format csv|json|ndjson] [--search Q]
 * [--output FILE]`: every record of one resource, written without a
 * screen, through the same client, key, base URL and retry policy as
 * the browser.
 *
 * Pages are asked for a few ahead, on two connections, and written in
 * the server's order as their turn comes: memory holds a few pages
 * however many records there are. With --output the records go to a
 * temporary file beside FILE (mode 0600) that is renamed over it only
 * once complete: a failed or interrupted export leaves FILE as it was.
 * Without it they go to standard output. A progress line goes to the diagnostics stream only
 * when that is a terminal (and the records do not go to one). */
#ifndef SENDX_CLI_EXPORT_H
#define SENDX_CLI_EXPORT_H

#include <stdio.h>

#include "api/http.h"

struct api_error;
struct cli_args;
struct logger;
struct ui_session;

/* The export's usage text (`sendx-tui export --help`). */
void cli_export_usage(FILE *out);

/* Checks what only the export takes, before anything starts: a known
 * resource (the names there are listed otherwise), a known format,
 * --search only where the API searches and with at least 2 characters,
 * an --output whose directory is there to write in. Returns 0, or -1
 * with err (API_ERR_INVALID) in one line. */
int cli_export_check(const struct cli_args *args, struct api_error *err);

/* What an export runs with; all borrowed. */
struct cli_export_options {
    const struct cli_args *args;      /* the resource and the export's options */
    const struct ui_session *session; /* base URL, key, CA file */
    struct http_options http;         /* timeouts and retries; the session fills the rest */
    struct logger *log;               /* --log, or NULL */
    FILE *diag;                       /* the progress line (a terminal only), warnings */
};

/* Runs the export that o->args names (checked by cli_export_check), after
 * http_global_init. Returns 0 once every record is written (and
 * installed at --output); a record the client could not read is left out
 * with one warning line on diag. Else -1 with err in one line of
 * printable text (server text made inert, never the key), nothing at
 * --output and no temporary file left. *stop_signal is the
 * signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) that stopped the export, or
 * SIGPIPE when standard output's reader went away, for the caller to end
 * the process by; else 0. */
int cli_export_run(const struct cli_export_options *o, int *stop_signal, struct api_error *err);

#endif
