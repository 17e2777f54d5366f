/* The parts of the export (export.h), for its files and its tests: the
 * formats, the walk that feeds them, where the bytes go, the progress
 * line and the signals that stop it. */
#ifndef SENDX_CLI_EXPORT_INTERNAL_H
#define SENDX_CLI_EXPORT_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "api/api_error.h"
#include "api/model.h"
#include "app/names.h"

struct http_cancel;
struct sendx_client;

/* ---- the formats (export_csv.c, export_json.c) ---------------------------- */

/* A custom field as a CSV column. Owned by struct export_refs. */
struct export_field {
    char *id; /* as the custom-field endpoint spells it */
    char *name;
};

/* What a CSV shows in place of ids: list and tag names (a string list's
 * items are looked up here; an id with no name stays itself), and the
 * custom fields, one column each in place of a contact's customFields.
 * Owns what it holds: cli_export_refs_free. */
struct export_refs {
    struct names names;
    struct export_field *fields;
    size_t n_fields;
};

void cli_export_refs_free(struct export_refs *r);

/* One export in one format. out and res are borrowed; refs may be NULL
 * (no names, no custom field columns). */
struct export_writer {
    FILE *out;
    const struct model_resource *res;
    const struct export_refs *refs;
    size_t records; /* written so far */
};

/* Each call writes to w->out and returns 0, or -1 with err when memory
 * ran out; a write error shows in ferror(w->out) for the caller. begin
 * and end may be NULL: nothing to write there. */
struct export_format {
    const char *name;
    bool wants_refs; /* shows names and custom field columns, so needs them loaded */
    int (*begin)(struct export_writer *w, struct api_error *err);
    int (*record)(struct export_writer *w, const void *record, struct api_error *err);
    int (*end)(struct export_writer *w, struct api_error *err);
};

/* RFC 4180 with CRLF line ends and a header row of the API's names. */
extern const struct export_format cli_export_csv;
/* One JSON array, a record a line; JSON lines, a record a line. */
extern const struct export_format cli_export_json;
extern const struct export_format cli_export_ndjson;

/* The format called name, or NULL. Static. */
const struct export_format *cli_export_format_find(const char *name);

/* Every format, NULL-terminated. */
extern const struct export_format *const cli_export_formats[];

/* Writes text as one CSV field: as it is, or in double quotes (its
 * quotes doubled) when it holds a comma, a quote, a CR, a LF or another
 * control character (a tab, an escape). */
void cli_export_csv_field(FILE *out, const char *text);

/* The API's name for member m of res (its response schema's), or NULL
 * when a listed record never carries it. Static. */
const char *cli_export_member_name(const struct model_resource *res, unsigned m);

/* ---- where the bytes go (export_output.c) --------------------------------- */

/* Standard output, or a temporary file beside path installed at the end. */
struct export_sink {
    FILE *out;
    const char *name; /* for messages: the path, or "standard output" */
    const char *path; /* borrowed; NULL: standard output */
    char *tmp;        /* owned: the temporary file until installed or removed */
    int write_errno;  /* why the last write failed (EPIPE: the reader went away), or 0 */
};

/* Opens the sink for path (NULL: standard output). Returns 0, or -1 with
 * err naming the directory. */
int cli_export_sink_open(struct export_sink *s, const char *path, struct api_error *err);

/* Pushes what is buffered out, so a write error is seen at once: 0, or
 * -1 with err naming the sink (and s->write_errno set). */
int cli_export_sink_flush(struct export_sink *s, struct api_error *err);

/* Flushes, syncs and closes the temporary file and renames it over the
 * path (standard output is only flushed). Returns 0, or -1 with err
 * (nothing left at the path but what was there before). Either way the
 * file is closed (standard output stays open). */
int cli_export_sink_commit(struct export_sink *s, struct api_error *err);

/* Closes the sink and removes the temporary file. */
void cli_export_sink_discard(struct export_sink *s);

/* ---- the progress line (export_output.c) ---------------------------------- */

/* Counts pages and records; drawn on a terminal only, in place, a few
 * times a second at most. */
struct export_progress {
    FILE *tty; /* NULL: silent */
    const char *plural;
    size_t records, pages;
    struct timespec start, shown;
    bool visible;
};

/* tty may be NULL (silent). */
void cli_export_progress_start(struct export_progress *p, FILE *tty, const char *plural);
void cli_export_progress_page(struct export_progress *p, size_t records);
/* Clears the line. */
void cli_export_progress_end(struct export_progress *p);

/* ---- signals (export_output.c) -------------------------------------------- */

/* While watched, SIGINT, SIGTERM, SIGHUP and SIGQUIT fire cancel instead
 * of ending the process, so that the export can remove its temporary
 * file first. One watch at a time per process. */
#define EXPORT_WATCHED 4
struct export_watch {
    struct http_cancel *cancel; /* borrowed */
    atomic_int signal;          /* the one that arrived, or 0 */
    int pipe[2];
    pthread_t thread;
    struct sigaction old[EXPORT_WATCHED];
    bool started;
};

/* Returns 0, or -1 with err (then nothing is watched). */
int cli_export_watch_start(struct export_watch *w, struct http_cancel *cancel,
                           struct api_error *err);
/* Puts the handlers back; returns the signal that arrived, or 0. */
int cli_export_watch_stop(struct export_watch *w);

/* ---- the walk (export_stream.c) ------------------------------------------- */

struct export_request {
    enum sendx_kind kind;
    const struct export_format *format;
    const char *search; /* NULL: every record */
    long page_size;     /* 0: the most the endpoint gives */
};

/* One run of cli_export_stream: what it uses (borrowed) and what it
 * counted. */
struct export_job {
    struct sendx_client *client;
    struct http_cancel *cancel; /* may be NULL */
    struct export_sink *sink;
    struct export_progress *progress; /* may be NULL */
    size_t records, pages;
    size_t skipped;            /* records the client could not read */
    struct api_error skip_why; /* the first of them; the caller clears it */
};

/* Loads what the format shows in place of ids, then walks the resource
 * page by page, each written and flushed before the next is asked for.
 * Returns 0 once the walk ended at its last page, or -1 with err: the
 * API's error (with where the walk was), a write error, a walk the
 * server would not let end, or API_ERR_CANCELLED. */
int cli_export_stream(struct export_job *job, const struct export_request *req,
                      struct api_error *err);

#endif
