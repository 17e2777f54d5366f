/* sendx-stress: see stress.h. Usage:
 *
 *   sendx-stress [--seconds N] [--clients N] [--contacts N]
 *
 * Exit status 0 when every check held, 1 with a message on stderr when
 * one did not, 2 for a bad argument. Under ThreadSanitizer run it with
 * TSAN_OPTIONS="halt_on_error=1 exitcode=66" so a race ends it with 66. */
#include "stress.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/sendx.h"
#include "api/walk.h"
#include "app/logger.h"

static pthread_mutex_t failure_lock = PTHREAD_MUTEX_INITIALIZER;
static char failure[1024];

long stress_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void stress_fail(struct stress *st, const char *fmt, ...)
{
    pthread_mutex_lock(&failure_lock);
    if (!failure[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(failure, sizeof failure, fmt, ap);
        va_end(ap);
    }
    pthread_mutex_unlock(&failure_lock);
    atomic_store(&st->stop, true);
}

const char *stress_failure(void)
{
    pthread_mutex_lock(&failure_lock);
    const char *f = failure[0] ? failure : NULL;
    pthread_mutex_unlock(&failure_lock);
    return f;
}

bool stress_running(struct stress *st)
{
    if (atomic_load(&st->stop))
        return false;
    if (stress_now_ms() < st->deadline)
        return true;
    atomic_store(&st->stop, true);
    return false;
}

uint64_t stress_rand(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

void stress_pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

bool stress_injected(const struct api_error *err)
{
    long s = err->http_status;
    return err->kind == API_ERR_HTTP && (s == 429 || s == 500 || s == 502 || s == 503);
}

/* ---- set-up ---- */

struct args {
    long seconds, clients, contacts;
};

static int parse_args(int argc, char **argv, struct args *a)
{
    *a = (struct args){.seconds = 10, .clients = 4, .contacts = 1000};
    for (int i = 1; i < argc; i++) {
        long *into = strcmp(argv[i], "--seconds") == 0    ? &a->seconds
                     : strcmp(argv[i], "--clients") == 0  ? &a->clients
                     : strcmp(argv[i], "--contacts") == 0 ? &a->contacts
                                                          : NULL;
        char *end = NULL;
        if (!into || i + 1 >= argc || (*into = strtol(argv[++i], &end, 10)) <= 0 || *end) {
            fprintf(stderr, "usage: %s [--seconds N] [--clients N] [--contacts N]\n", argv[0]);
            return -1;
        }
    }
    return 0;
}

/* Short waits between retries, so a 429 storm keeps the jobs moving and
 * the retry path runs often. */
static struct http_options stress_http(const struct mock_server *mock)
{
    struct http_options o = http_options_default();
    o.base_url = mock_server_url(mock);
    o.api_key = STRESS_KEY;
    o.retry.base_ms = 20;
    o.retry.cap_ms = 200;
    o.retry.min_429_ms = 50;
    o.retry.retry_after_max_ms = 200;
    o.retry.deadline_ms = 10000;
    return o;
}

/* The id of a contact or a campaign, the two kinds listed here. */
static const char *record_id(enum sendx_kind kind, const void *record)
{
    if (kind == SENDX_KIND_CAMPAIGN)
        return ((const struct sendx_campaign *)record)->id;
    return ((const struct sendx_contact *)record)->id;
}

/* Every id of kind, in the server's order, into a heap array. */
static char **all_ids(struct stress *st, enum sendx_kind kind, size_t *n)
{
    struct api_error err = {0};
    struct sendx_client *c = sendx_client_new(&st->http, &err);
    struct sendx_pager pager;
    struct sendx_query q = {.limit = model_resource(kind)->page_max};
    char **ids = NULL;
    *n = 0;
    int rc = c ? sendx_pager_init(&pager, kind, &q, 0, &err) : -1;
    bool paging = rc == 0;
    struct sendx_page page;
    while (rc == 0 && (rc = sendx_pager_next(&pager, c, &page, NULL, &err)) == 1) {
        char **more = realloc(ids, (*n + page.records.len) * sizeof *ids);
        rc = more ? 0 : -1;
        ids = more ? more : ids;
        for (size_t i = 0; more && i < page.records.len; i++) {
            if (!(ids[*n] = strdup(record_id(kind, sendx_page_at(&page, i)))))
                rc = -1;
            else
                (*n)++;
        }
        sendx_page_free(&page);
    }
    if (paging)
        sendx_pager_free(&pager);
    if (rc < 0)
        stress_fail(st, "listing every %s: %s", model_resource(kind)->name,
                    api_error_message(&err));
    api_error_clear(&err);
    sendx_client_free(c);
    return ids;
}

static void free_ids(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

static int start_mock(struct stress *st, long contacts)
{
    struct mock_options o = mock_options_default();
    o.api_key = STRESS_KEY;
    o.contacts = contacts;
    struct api_error err = {0};
    st->mock = mock_server_start(&o, &err);
    if (!st->mock)
        stress_fail(st, "the mock: %s", api_error_message(&err));
    api_error_clear(&err);
    return st->mock ? 0 : -1;
}

static int open_log(struct stress *st, char *path, size_t size)
{
    snprintf(path, size, "%s/stress.log", st->dir);
    struct api_error err = {0};
    st->log = logger_open(path, &err);
    if (!st->log)
        stress_fail(st, "the log: %s", api_error_message(&err));
    api_error_clear(&err);
    return st->log ? 0 : -1;
}

/* ---- the run ---- */

struct totals {
    struct stress_ui_counts ui;
    unsigned long requests, log_lines;
};

/* Everything side by side until the deadline, then stopped in the
 * order the app stops: the UI's workers, the other threads, the log. */
static void run_parts(struct stress *st, const char *log_path, struct totals *t)
{
    struct stress_clients *clients = stress_clients_start(st);
    struct stress_logs *logs = clients ? stress_logs_start(st) : NULL;
    if (logs)
        stress_ui_run(st, &t->ui);
    atomic_store(&st->stop, true);
    stress_logs_join(logs);
    t->requests = stress_clients_finish(clients);
    logger_close(st->log);
    st->log = NULL;
    if (logs)
        t->log_lines = stress_logs_check(logs, log_path);
    else
        unlink(log_path);
}

static void report(const struct args *a, const struct totals *t)
{
    const struct stress_ui_counts *u = &t->ui;
    printf("sendx-stress: %ld s, %ld clients: %lu jobs answered (%lu cancelled, %lu dropped by "
           "%lu restarts), %lu retry notices, %lu whole loads, %lu client requests, %lu log "
           "lines\n",
           a->seconds, a->clients, u->answered, u->cancelled, u->dropped, u->restarts, u->retries,
           u->loads, t->requests, t->log_lines);
}

int main(int argc, char **argv)
{
    struct args a;
    if (parse_args(argc, argv, &a) != 0)
        return 2;
    static struct stress st;
    struct api_error err = {0};
    if (http_global_init(&err) != 0) {
        fprintf(stderr, "sendx-stress: %s\n", api_error_message(&err));
        return 1;
    }
    char dir[] = "/tmp/sendx-stress-XXXXXX", log_path[64];
    st.dir = mkdtemp(dir);
    st.clients = (unsigned)a.clients;
    atomic_init(&st.stop, false);
    struct totals t = {0};
    if (!st.dir)
        stress_fail(&st, "mkdtemp: %s", strerror(errno));
    else if (start_mock(&st, a.contacts) == 0) {
        st.http = stress_http(st.mock);
        st.contacts = all_ids(&st, SENDX_KIND_CONTACT, &st.n_contacts);
        st.campaigns = all_ids(&st, SENDX_KIND_CAMPAIGN, &st.n_campaigns);
        st.deadline = stress_now_ms() + a.seconds * 1000;
        if (!stress_failure() && open_log(&st, log_path, sizeof log_path) == 0)
            run_parts(&st, log_path, &t);
        mock_server_stop(st.mock, &err);
        api_error_clear(&err);
    }
    free_ids(st.contacts, st.n_contacts);
    free_ids(st.campaigns, st.n_campaigns);
    if (st.dir && rmdir(st.dir) != 0)
        stress_fail(&st, "%s left with files in it: %s", st.dir, strerror(errno));
    http_global_cleanup();
    const char *failed = stress_failure();
    if (failed) {
        fprintf(stderr, "sendx-stress: FAILED: %s\n", failed);
        return 1;
    }
    report(&a, &t);
    return 0;
}
