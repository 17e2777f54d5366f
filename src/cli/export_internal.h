/* The parts of the export (export.h), for its files and its tests: the
 * text a page is formatted into, the formats, where the bytes go, the
 * progress line, the signals that stop it, the fetchers that ask for
 * pages ahead and the walk that feeds the formats. */
#ifndef SENDX_CLI_EXPORT_INTERNAL_H
#define SENDX_CLI_EXPORT_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api_error.h"
#include "api/model.h"
#include "app/names.h"

struct http_options;
struct sendx_page;
struct sendx_query;

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

/* ---- the text of records (export_output.c) ------------------------------- */

/* What the formats write into: records as text, grown as needed and
 * written out many records at a time by cli_export_sink_put (one write
 * for tens of kilobytes rather than one a field). Running out of memory frees what it held and
 * marks it failed: from then on it takes nothing until cli_export_text_free, so a format checks
 * once a record, not once a byte. */
struct export_text {
    char *data; /* owned */
    size_t len, cap;
    bool failed;
};

/* Makes room for n more bytes and one spare: false (and t failed) if
 * memory ran out or had already. The puts below call it only when full. */
bool cli_export_text_room(struct export_text *t, size_t n);

/* Frees the text; it is then empty and no longer failed. */
void cli_export_text_free(struct export_text *t);

/* Appends; nothing once failed. The test keeps a spare byte, so data is
 * never NULL past it. */
static inline void cli_export_text_put(struct export_text *t, const char *s, size_t n)
{
    if (t->cap - t->len <= n && !cli_export_text_room(t, n))
        return;
    memcpy(t->data + t->len, s, n);
    t->len += n;
}

static inline void cli_export_text_puts(struct export_text *t, const char *s)
{
    cli_export_text_put(t, s, strlen(s));
}

static inline void cli_export_text_putc(struct export_text *t, char c)
{
    if (t->cap - t->len <= 1 && !cli_export_text_room(t, 1))
        return;
    t->data[t->len++] = c;
}

/* v in decimal, exactly (no trip through a double). */
void cli_export_text_int(struct export_text *t, int64_t v);

/* ---- the formats (export_csv.c, export_json.c) ---------------------------- */

/* One export in one format. out, res and refs are borrowed; refs may be
 * NULL (no names, no custom field columns). */
struct export_writer {
    struct export_text *out;
    const struct model_resource *res;
    const struct export_refs *refs;
    size_t records; /* written so far */
};

/* Each call appends to w->out and returns 0, or -1 with err when memory
 * ran out (w->out failed). begin and end may be NULL: nothing to write
 * there. */
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
void cli_export_csv_field(struct export_text *out, const char *text);

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

/* Writes t out in one piece and flushes, then empties t (keeping its
 * memory for the next page). Returns as cli_export_sink_flush, or -1
 * with API_ERR_NOMEM when t failed. */
int cli_export_sink_put(struct export_sink *s, struct export_text *t, struct api_error *err);

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

/* While watched, SIGINT, SIGTERM, SIGHUP and SIGQUIT call stop (on a
 * thread of the watch's own, never in a handler) instead of ending the
 * process, so that the export can remove its temporary file first. One
 * watch at a time per process. */
#define EXPORT_WATCHED 4
struct export_watch {
    void (*stop)(void *ctx); /* borrowed, with ctx */
    void *ctx;
    atomic_int signal; /* the one that arrived, or 0 */
    int pipe[2];
    pthread_t thread;
    struct sigaction old[EXPORT_WATCHED];
    bool started;
};

/* Returns 0, or -1 with err (then nothing is watched). */
int cli_export_watch_start(struct export_watch *w, void (*stop)(void *ctx), void *ctx,
                           struct api_error *err);
/* Puts the handlers back; returns the signal that arrived, or 0. */
int cli_export_watch_stop(struct export_watch *w);

/* ---- fetching ahead (export_fetch.c) ---------------------------------------- */

/* Requests in flight at once, each on a connection of its own: while one
 * page is served, the last one is read and decoded. */
#define EXPORT_FETCHERS 2
/* Pages asked for and not yet taken by the writer, at most: memory holds
 * that many pages (and the one being written) however many pages there
 * are. */
#define EXPORT_AHEAD 3

/* The fetchers of one export: a client each, used for each walk in turn
 * (the names, then the records); their threads run only inside
 * cli_export_fetch_walk. */
struct export_fetch;

/* Makes a client for each fetcher from http (as sendx_client_new takes
 * it; its on_log is then called from the fetchers' threads). The caller
 * owns the result: cli_export_fetch_free. NULL with err. */
struct export_fetch *cli_export_fetch_new(const struct http_options *http, struct api_error *err);

/* Once no walk runs. NULL is fine. */
void cli_export_fetch_free(struct export_fetch *f);

/* From any thread (the signal watch's): the requests of the walk running
 * now are cancelled at once, and the walk ends with API_ERR_CANCELLED as
 * soon as the writer is out of its page function (a page's time at most),
 * the fetchers joined; every later walk ends so before any request. */
void cli_export_fetch_stop(struct export_fetch *f);

/* A page for the writer: borrowed for the call, freed after it. */
typedef int (*export_page_fn)(void *ctx, struct sendx_page *page, struct api_error *err);

/* Walks kind (q: limit and search; offset where to start; q is copied,
 * q->search borrowed until the walk returns) to its last page. The
 * fetchers ask for up to EXPORT_AHEAD pages before their turn, one
 * request at a time once the server has answered 429; fn gets each page
 * on the calling thread, in the server's order, through the walk guard
 * (walk.h: repeats dropped; a server that would not let the walk end is
 * an error, since an export that stopped short must not pass for a whole
 * one). Returns 0 after the last page, or -1 with err: fn's error, the
 * API's ("after 3000 contacts: HTTP 500: ..."), the walk's, or
 * API_ERR_CANCELLED. A failed page is reported once every page before
 * it went to fn. */
int cli_export_fetch_walk(struct export_fetch *f, enum sendx_kind kind, const struct sendx_query *q,
                          export_page_fn fn, void *ctx, struct api_error *err);

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
    struct export_fetch *fetch;
    struct export_sink *sink;
    struct export_progress *progress; /* may be NULL */
    size_t records, pages;
    size_t skipped;            /* records the client could not read */
    struct api_error skip_why; /* the first of them; the caller clears it */
};

/* Loads what the format shows in place of ids, then walks the resource
 * page by page, each written and flushed while the next ones travel.
 * Returns 0 once the walk ended at its last page, or -1 with err: the
 * API's error (with where the walk was), a write error, a walk the
 * server would not let end, or API_ERR_CANCELLED. */
int cli_export_stream(struct export_job *job, const struct export_request *req,
                      struct api_error *err);

#endif
