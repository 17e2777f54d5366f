#include "cli/export.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_error.h"
#include "api/sendx.h"
#include "app/logger.h"
#include "app/text.h"
#include "cli/args.h"
#include "cli/export_internal.h"
#include "cli/names.h"
#include "ui/session.h"

/* The names a resource goes by on the command line, as the browser's
 * `:` commands have them. */
static const struct resource_name {
    const char *name;
    enum sendx_kind kind;
} resource_names[] = {
    {"contacts", SENDX_KIND_CONTACT},   {"lists", SENDX_KIND_LIST},
    {"tags", SENDX_KIND_TAG},           {"campaigns", SENDX_KIND_CAMPAIGN},
    {"templates", SENDX_KIND_TEMPLATE}, {"senders", SENDX_KIND_SENDER},
    {"fields", SENDX_KIND_FIELD},       {"webhooks", SENDX_KIND_WEBHOOK},
    {"team", SENDX_KIND_MEMBER},        {"members", SENDX_KIND_MEMBER},
};
#define N_RESOURCE_NAMES (sizeof resource_names / sizeof resource_names[0])

void cli_export_usage(FILE *out)
{
    fputs("usage: sendx-tui export RESOURCE [--format csv|json|ndjson] [--search TEXT]\n"
          "                        [--output FILE] [--config FILE] [--profile NAME]\n"
          "                        [--base-url URL] [--ca-file FILE] [--demo [--demo-contacts N]]\n"
          "                        [--log FILE] [--help]\n"
          "\n"
          "Writes every record of RESOURCE: contacts, lists, tags, campaigns, templates,\n"
          "senders, fields (custom fields), webhooks, team (or members).\n"
          "\n"
          "  --format FORMAT      csv (the default: RFC 4180, a header row, lists and tags\n"
          "                       by name, a column per custom field), json (one array)\n"
          "                       or ndjson (an object a line); the API's field names\n"
          "  --search TEXT        only the records the server finds for TEXT (contacts,\n"
          "                       lists, templates, fields; at least 2 characters)\n"
          "  --output FILE        write FILE (mode 0600), whole or not at all; without it,\n"
          "                       standard output\n"
          "\n"
          "The connection is the browser's: the profile, $SENDX_API_KEY, $SENDX_BASE_URL\n"
          "and the options above as `sendx-tui --help` describes them. A progress line\n"
          "shows on standard error when it is a terminal. Exit status: 0 when every\n"
          "record is written, 2 for a mistake on the command line, 1 for anything else.\n",
          out);
}

/* ---- the command line --------------------------------------------------- */

static int no_resource(struct api_error *err)
{
    char list[160] = "";
    for (size_t i = 0; i < N_RESOURCE_NAMES; i++) {
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", resource_names[i].name);
    }
    return api_error_fail(err, API_ERR_INVALID, 0, "export needs a resource: %s", list);
}

static int unknown_resource(const char *word, struct api_error *err)
{
    const char *names[N_RESOURCE_NAMES + 1] = {0};
    for (size_t i = 0; i < N_RESOURCE_NAMES; i++)
        names[i] = resource_names[i].name;
    return cli_names_unknown(err, "export: ", "resource", word, "the resources are", names);
}

static const struct resource_name *resource_find(const char *word)
{
    for (size_t i = 0; i < N_RESOURCE_NAMES; i++)
        if (strcmp(resource_names[i].name, word) == 0)
            return &resource_names[i];
    return NULL;
}

static int unknown_format(const char *word, struct api_error *err)
{
    const char *names[8] = {0};
    for (size_t i = 0; cli_export_formats[i] && i + 1 < sizeof names / sizeof names[0]; i++)
        names[i] = cli_export_formats[i]->name;
    return cli_names_unknown(err, "--format: ", "format", word, "the formats are", names);
}

/* Characters, not bytes: the API counts "é" as one. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static int check_search(const struct resource_name *r, const char *search, struct api_error *err)
{
    const struct model_resource *res = model_resource(r->kind);
    if (!(res->ops & SENDX_OP_SEARCH))
        return api_error_fail(err, API_ERR_INVALID, 0,
                              "--search: the API cannot search %s (it searches contacts, lists, "
                              "templates and fields)",
                              r->name);
    if (utf8_chars(search) < 2)
        return api_error_fail(err, API_ERR_INVALID, 0, "--search needs at least 2 characters");
    return 0;
}

/* The file is written beside itself and renamed into place, so its
 * directory must take a new file; a typo in it is said before any
 * request rather than after the last. */
static int check_output(const char *path, struct api_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return api_error_fail(err, API_ERR_INVALID, 0, "--output %s is a directory", path);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir)
        return api_error_nomem(err);
    const char *why = NULL;
    if (stat(dir, &st) != 0)
        why = strerror(errno);
    else if (!S_ISDIR(st.st_mode))
        why = "not a directory";
    else if (access(dir, W_OK | X_OK) != 0)
        why = strerror(errno);
    int rc = 0;
    if (why)
        rc = api_error_fail(err, API_ERR_INVALID, 0, "--output: cannot write in %s: %s", dir, why);
    free(dir);
    return rc;
}

int cli_export_check(const struct cli_args *args, struct api_error *err)
{
    if (!args->resource)
        return no_resource(err);
    const struct resource_name *r = resource_find(args->resource);
    if (!r)
        return unknown_resource(args->resource, err);
    if (args->format && !cli_export_format_find(args->format))
        return unknown_format(args->format, err);
    if (args->search && check_search(r, args->search, err) != 0)
        return -1;
    if (args->output && check_output(args->output, err) != 0)
        return -1;
    return 0;
}

/* ---- the run ------------------------------------------------------------ */

/* Room for a message on stderr: a server's message at its longest. */
#define MESSAGE_CELLS 1000

static void on_log(void *ctx, const struct http_log_entry *e)
{
    logger_write(ctx, "request %s %s status %ld %ld ms attempt %d%s%s", http_method_name(e->method),
                 e->path, e->status, e->elapsed_ms, e->attempt, e->error ? " error: " : "",
                 e->error ? e->error : "");
}

/* The text as a terminal may show it (server text carries no escape
 * sequence or line break through), into a heap string; NULL if out of
 * memory. */
static char *inert(const char *text)
{
    char *safe = malloc(TEXT_FIT_SIZE(MESSAGE_CELLS));
    if (safe)
        text_fit(text, MESSAGE_CELLS, safe, TEXT_FIT_SIZE(MESSAGE_CELLS));
    return safe;
}

/* err in one line of inert text, with what was being exported and what
 * became of the file. */
static void say_failure(const struct cli_export_options *o, struct api_error *err)
{
    char *safe = inert(api_error_message(err));
    const char *output = o->args->output;
    api_error_set(err, err->kind == API_OK ? API_ERR_INVALID : err->kind, err->http_status,
                  "export %s: %s%s%s%s", o->args->resource,
                  safe ? safe : api_error_kind_label(err->kind), output ? " (" : "",
                  output ? output : "", output ? " not written)" : "");
    free(safe);
}

static void warn_skipped(const struct cli_export_options *o, const struct export_job *job,
                         const char *plural)
{
    char *safe = inert(api_error_message(&job->skip_why));
    fprintf(o->diag,
            "sendx-tui: warning: export %s: %zu of the %s could not be read and are "
            "left out: %s\n",
            o->args->resource, job->skipped, plural, safe ? safe : "");
    free(safe);
}

static struct export_fetch *fetch_for(const struct cli_export_options *o, struct api_error *err)
{
    struct http_options http = o->http;
    http.base_url = o->session->base_url;
    http.api_key = o->session->api_key;
    http.ca_file = o->session->ca_file;
    if (o->log) {
        http.on_log = on_log;
        http.callback_ctx = o->log;
    }
    return cli_export_fetch_new(&http, err);
}

/* The signal watch's stop. */
static void stop_fetch(void *fetch)
{
    cli_export_fetch_stop(fetch);
}

/* Where the progress line goes: diag when it is a terminal, unless the
 * records themselves go to the terminal, where the line would cut into
 * them. NULL: nowhere. */
static FILE *progress_to(const struct cli_export_options *o, const struct export_sink *sink)
{
    if (!isatty(fileno(o->diag)))
        return NULL;
    return sink->path || !isatty(fileno(sink->out)) ? o->diag : NULL;
}

/* The walk into the sink, watched for signals, with the progress line.
 * Returns as cli_export_stream; *sig is the signal that arrived
 * meanwhile, or 0. */
static int stream(const struct cli_export_options *o, struct export_job *job,
                  const struct export_request *req, int *sig, struct api_error *err)
{
    struct export_watch watch;
    if (cli_export_watch_start(&watch, stop_fetch, job->fetch, err) != 0)
        return -1;
    struct export_progress progress;
    cli_export_progress_start(&progress, progress_to(o, job->sink),
                              model_resource(req->kind)->plural);
    job->progress = &progress;
    int rc = cli_export_stream(job, req, err);
    cli_export_progress_end(&progress);
    job->progress = NULL;
    *sig = cli_export_watch_stop(&watch);
    return rc;
}

/* Installs the file when everything is written and nothing stopped the
 * export; removes it otherwise. *stop_signal as cli_export_run says. */
static int finish(struct export_sink *sink, int rc, int sig, int *stop_signal,
                  struct api_error *err)
{
    if (rc == 0 && sig == 0)
        return cli_export_sink_commit(sink, err);
    bool reader_gone = rc != 0 && !sink->path && sink->write_errno == EPIPE;
    cli_export_sink_discard(sink);
    *stop_signal = sig ? sig : reader_gone ? SIGPIPE : 0;
    return -1;
}

/* Blocks up to this size come from the heap, and this much free at its
 * top is kept rather than given back. */
#define KEEP_MMAP_BYTES (4 << 20)
#define KEEP_TRIM_BYTES (32 << 20)

/* One page is like the next: what a page took (the body, the parse's
 * arena, the records) is freed and taken again a moment later. glibc
 * would give much of it back to the system in between and fault it in
 * again, a tenth of the export's time on loopback; kept, the peak is the
 * same few pages. */
static void keep_freed_memory(void)
{
    mallopt(M_MMAP_THRESHOLD, KEEP_MMAP_BYTES);
    mallopt(M_TRIM_THRESHOLD, KEEP_TRIM_BYTES);
}

int cli_export_run(const struct cli_export_options *o, int *stop_signal, struct api_error *err)
{
    *stop_signal = 0;
    keep_freed_memory();
    const struct resource_name *r = resource_find(o->args->resource);
    const struct export_request req = {
        .kind = r->kind,
        .format = o->args->format ? cli_export_format_find(o->args->format) : &cli_export_csv,
        .search = o->args->search};
    const char *plural = model_resource(r->kind)->plural;
    struct export_job job = {.fetch = fetch_for(o, err)};
    struct export_sink sink;
    int rc = -1, sig = 0;
    if (!job.fetch)
        goto out;
    if (cli_export_sink_open(&sink, o->args->output, err) != 0)
        goto out;
    job.sink = &sink;
    rc = stream(o, &job, &req, &sig, err);
    rc = finish(&sink, rc, sig, stop_signal, err);
    if (rc == 0 && job.skipped)
        warn_skipped(o, &job, plural);
    logger_write(o->log, "export: %s, %zu records in %zu pages%s%s", plural, job.records, job.pages,
                 rc == 0 ? "" : ", failed: ", rc == 0 ? "" : api_error_message(err));
out:
    if (rc != 0)
        say_failure(o, err);
    api_error_clear(&job.skip_why);
    cli_export_fetch_free(job.fetch);
    return rc;
}
