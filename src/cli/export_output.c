/* The text a page is formatted into, where an export's bytes go, the
 * progress line beside them, and the signals that stop it in good order. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/files.h"
#include "app/text.h"
#include "cli/export_internal.h"

/* ---- the text ------------------------------------------------------------ */

/* The stream writes its text out every 64 KB: room for that and a record. */
#define TEXT_FIRST (128 * 1024)

bool cli_export_text_room(struct export_text *t, size_t n)
{
    if (t->failed)
        return false;
    size_t want = t->len + n + 1;
    if (want <= t->cap)
        return true;
    size_t cap = t->cap ? t->cap : TEXT_FIRST;
    while (cap < want && cap < SIZE_MAX / 4)
        cap *= 2;
    char *more = cap >= want && n < SIZE_MAX / 4 ? realloc(t->data, cap) : NULL;
    if (!more) {
        free(t->data);
        *t = (struct export_text){.failed = true};
        return false;
    }
    t->data = more;
    t->cap = cap;
    return true;
}

void cli_export_text_free(struct export_text *t)
{
    free(t->data);
    *t = (struct export_text){0};
}

void cli_export_text_int(struct export_text *t, int64_t v)
{
    char digits[24];
    size_t i = sizeof digits;
    /* Through the unsigned magnitude, so INT64_MIN has one too. */
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        digits[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        digits[--i] = '-';
    cli_export_text_put(t, digits + i, sizeof digits - i);
}

/* ---- the sink ------------------------------------------------------------ */

int cli_export_sink_open(struct export_sink *s, const char *path, struct api_error *err)
{
    *s = (struct export_sink){.out = stdout, .name = "standard output"};
    if (!path)
        return 0;
    int fd = files_temp_open(path, &s->tmp, err);
    if (fd < 0)
        return -1;
    s->out = fdopen(fd, "w");
    if (!s->out) {
        api_error_set(err, API_ERR_NOMEM, 0, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        unlink(s->tmp);
        free(s->tmp);
        s->tmp = NULL;
        return -1;
    }
    s->path = s->name = path;
    return 0;
}

static int write_failed(const struct export_sink *s, int e, struct api_error *err)
{
    return api_error_fail(err, API_ERR_INVALID, 0, "cannot write %s: %s", s->name, strerror(e));
}

int cli_export_sink_flush(struct export_sink *s, struct api_error *err)
{
    if (fflush(s->out) == 0 && !ferror(s->out))
        return 0;
    s->write_errno = errno ? errno : EIO;
    return write_failed(s, s->write_errno, err);
}

int cli_export_sink_put(struct export_sink *s, struct export_text *t, struct api_error *err)
{
    if (t->failed)
        return api_error_nomem(err);
    /* A failed write leaves the stream in error with errno its reason,
     * which the flush reports. */
    errno = 0;
    if (t->len)
        fwrite(t->data, 1, t->len, s->out);
    t->len = 0;
    return cli_export_sink_flush(s, err);
}

int cli_export_sink_commit(struct export_sink *s, struct api_error *err)
{
    if (!s->path)
        return cli_export_sink_flush(s, err);
    int rc = cli_export_sink_flush(s, err);
    if (rc == 0 && fsync(fileno(s->out)) != 0)
        rc = write_failed(s, errno, err);
    /* fclose reports what a delayed write on some file systems failed with. */
    if (fclose(s->out) != 0 && rc == 0)
        rc = write_failed(s, errno, err);
    s->out = NULL;
    if (rc == 0)
        rc = files_temp_install(s->tmp, s->path, err);
    else
        unlink(s->tmp);
    free(s->tmp);
    s->tmp = NULL;
    return rc;
}

void cli_export_sink_discard(struct export_sink *s)
{
    if (!s->path)
        return;
    fclose(s->out);
    s->out = NULL;
    unlink(s->tmp);
    free(s->tmp);
    s->tmp = NULL;
}

/* ---- the progress line --------------------------------------------------- */

/* Redraws a second: fast enough to see it move, few enough to cost nothing. */
#define PROGRESS_HZ 4

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void cli_export_progress_start(struct export_progress *p, FILE *tty, const char *plural)
{
    *p = (struct export_progress){.tty = tty, .plural = plural};
    clock_gettime(CLOCK_MONOTONIC, &p->start);
}

/* The API gives no total, so the time left is "?": a count that only
 * grows is all there is to show. */
static void draw(struct export_progress *p, const struct timespec *now)
{
    double elapsed = seconds_between(&p->start, now);
    char records[32], rate[32];
    text_thousands((int64_t)p->records, records);
    text_thousands(elapsed > 0 ? (int64_t)((double)p->records / elapsed) : 0, rate);
    fprintf(p->tty, "\r%s: %s records, %zu page%s, %s/s, ETA ?\033[K", p->plural, records, p->pages,
            p->pages == 1 ? "" : "s", rate);
    fflush(p->tty);
    p->shown = *now;
    p->visible = true;
}

void cli_export_progress_page(struct export_progress *p, size_t records)
{
    p->records += records;
    p->pages++;
    if (!p->tty)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!p->visible || seconds_between(&p->shown, &now) >= 1.0 / PROGRESS_HZ)
        draw(p, &now);
}

void cli_export_progress_end(struct export_progress *p)
{
    if (!p->visible)
        return;
    fputs("\r\033[K", p->tty);
    fflush(p->tty);
    p->visible = false;
}

/* ---- signals ------------------------------------------------------------- */

static const int watched[EXPORT_WATCHED] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

/* A handler has only its arguments and globals: the pipe's write end,
 * set while a watch runs. */
static int watch_fd = -1;

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    /* A failed write leaves nothing a handler could do; the pipe has
     * room for far more signals than can come. */
    (void)!write(watch_fd, &b, 1);
    errno = saved;
}

/* Turns the first byte through the pipe into a stop; a 0 byte is the
 * watch ending. Stopping takes locks, so it cannot run in the handler
 * itself. */
static void *watcher(void *arg)
{
    struct export_watch *w = arg;
    unsigned char b = 0;
    ssize_t n;
    while ((n = read(w->pipe[0], &b, 1)) < 0 && errno == EINTR)
        continue;
    if (n == 1 && b != 0) {
        atomic_store(&w->signal, b);
        w->stop(w->ctx);
    }
    return NULL;
}

int cli_export_watch_start(struct export_watch *w, void (*stop)(void *ctx), void *ctx,
                           struct api_error *err)
{
    w->stop = stop;
    w->ctx = ctx;
    atomic_init(&w->signal, 0);
    w->started = false;
    if (pipe(w->pipe) != 0)
        return api_error_fail(err, API_ERR_NOMEM, 0, "cannot watch for signals: %s",
                              strerror(errno));
    int rc = pthread_create(&w->thread, NULL, watcher, w);
    if (rc != 0) {
        close(w->pipe[0]);
        close(w->pipe[1]);
        return api_error_fail(err, API_ERR_NOMEM, 0, "cannot watch for signals: %s", strerror(rc));
    }
    watch_fd = w->pipe[1];
    struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_RESTART};
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < EXPORT_WATCHED; i++)
        sigaction(watched[i], &sa, &w->old[i]);
    w->started = true;
    return 0;
}

int cli_export_watch_stop(struct export_watch *w)
{
    if (!w->started)
        return 0;
    for (size_t i = 0; i < EXPORT_WATCHED; i++)
        sigaction(watched[i], &w->old[i], NULL);
    unsigned char stop = 0;
    while (write(w->pipe[1], &stop, 1) < 0 && errno == EINTR)
        continue;
    pthread_join(w->thread, NULL);
    watch_fd = -1;
    close(w->pipe[0]);
    close(w->pipe[1]);
    w->started = false;
    return atomic_load(&w->signal);
}
