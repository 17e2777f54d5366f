/* The logger under many threads, for sendx-stress: writers add numbered
 * lines, with text to escape in them, to the log the fetch workers write
 * their requests to; one more thread opens loggers of its own, writes to
 * each from two threads at once and closes it while they finish. After
 * the log is closed every writer's lines must be in it once each, in the
 * order written, escaped to one line of printable text, and so must the
 * workers' requests. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/logger.h"
#include "stress.h"

#define WRITERS     3
#define BATCH       5   /* lines a writer adds before it pauses */
#define CHURN_LINES 150 /* lines each of a churned logger's two writers adds */

/* What a writer's lines carry after their number: an escape sequence, a
 * newline, a right-to-left override and plain UTF-8. */
#define PAYLOAD         "\x1b[2J\nend\xe2\x80\xae é"
#define PAYLOAD_ESCAPED "\\x1b[2J\\nend\\u202e é"

struct writer {
    struct stress *st;
    struct logger *log;
    unsigned index;
    unsigned long lines, limit; /* limit 0: until the run stops */
    pthread_t thread;
    bool started;
};

struct stress_logs {
    struct stress *st;
    struct writer writer[WRITERS];
    pthread_t churn;
    bool churn_started;
    unsigned long churned;
};

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    while (w->limit ? w->lines < w->limit : stress_running(w->st)) {
        logger_write(w->log, "stress-line w=%u n=%lu " PAYLOAD, w->index, w->lines);
        if (++w->lines % BATCH == 0 && !w->limit)
            stress_pause_ms(2);
    }
    return NULL;
}

static bool writer_start(struct writer *w)
{
    w->started = pthread_create(&w->thread, NULL, writer_main, w) == 0;
    if (!w->started)
        stress_fail(w->st, "cannot start a log writer");
    return w->started;
}

/* ---- reading a log back ---- */

/* Whether line starts as logger.h says: "YYYY-MM-DDTHH:MM:SS.mmm ". */
static bool stamped(const char *line)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddd ";
    for (size_t i = 0; shape[i]; i++) {
        bool digit = line[i] >= '0' && line[i] <= '9';
        if (shape[i] == 'd' ? !digit : line[i] != shape[i])
            return false;
    }
    return true;
}

static bool printable(const char *line)
{
    for (const unsigned char *p = (const unsigned char *)line; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

/* Checks one line of a log; counts a writer's line in next[]. */
static void check_line(struct stress *st, const char *path, char *line, unsigned long *next,
                       unsigned n_writers)
{
    if (!stamped(line) || !printable(line)) {
        stress_fail(st, "%s: a line without its time or with a control character: %s", path, line);
        return;
    }
    unsigned w;
    unsigned long n;
    int end = 0;
    const char *text = line + 24;
    if (sscanf(text, "stress-line w=%u n=%lu %n", &w, &n, &end) != 2 || !end)
        return;
    if (w >= n_writers || n != next[w] || strcmp(text + end, PAYLOAD_ESCAPED) != 0) {
        stress_fail(st, "%s: writer %u's line %lu where %lu was due, or mangled: %s", path, w, n,
                    w < n_writers ? next[w] : 0, line);
        return;
    }
    next[w]++;
}

/* Reads the log at path, checks each line; returns how many there were
 * and the lines that logged a request in *requests. */
static unsigned long read_log(struct stress *st, const char *path, unsigned long *next,
                              unsigned n_writers, unsigned long *requests)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        stress_fail(st, "%s cannot be read", path);
        return 0;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned long lines = 0;
    while ((len = getline(&line, &cap, f)) > 0 && !stress_failure()) {
        lines++;
        if (line[len - 1] != '\n') {
            stress_fail(st, "%s: the last line is cut short: %s", path, line);
            break;
        }
        line[len - 1] = '\0';
        check_line(st, path, line, next, n_writers);
        if (requests && strstr(line, " request GET /"))
            (*requests)++;
    }
    free(line);
    fclose(f);
    return lines;
}

/* ---- loggers opened and closed while written to ---- */

/* One logger's life: open, two writers, closed as they finish; then its
 * file holds all their lines. Returns -1 after stress_fail. */
static int churn_once(struct stress_logs *l, unsigned long round)
{
    char path[96];
    snprintf(path, sizeof path, "%s/churn-%lu.log", l->st->dir, round);
    struct api_error err = {0};
    struct logger *log = logger_open(path, &err);
    if (!log) {
        stress_fail(l->st, "a churned logger: %s", api_error_message(&err));
        api_error_clear(&err);
        return -1;
    }
    struct writer w[2];
    for (unsigned i = 0; i < 2; i++) {
        w[i] = (struct writer){.st = l->st, .log = log, .index = i, .limit = CHURN_LINES};
        writer_start(&w[i]);
    }
    for (unsigned i = 0; i < 2; i++)
        if (w[i].started)
            pthread_join(w[i].thread, NULL);
    logger_close(log);
    unsigned long next[2] = {0};
    read_log(l->st, path, next, 2, NULL);
    unlink(path);
    if (!stress_failure() && (next[0] != CHURN_LINES || next[1] != CHURN_LINES))
        stress_fail(l->st, "a churned logger kept %lu and %lu of %d lines each", next[0], next[1],
                    CHURN_LINES);
    return stress_failure() ? -1 : 0;
}

static void *churn_main(void *arg)
{
    struct stress_logs *l = arg;
    while (stress_running(l->st) && churn_once(l, l->churned) == 0)
        l->churned++;
    return NULL;
}

/* ---- start, join, check ---- */

struct stress_logs *stress_logs_start(struct stress *st)
{
    struct stress_logs *l = calloc(1, sizeof *l);
    if (!l) {
        stress_fail(st, "out of memory");
        return NULL;
    }
    l->st = st;
    for (unsigned i = 0; i < WRITERS; i++) {
        l->writer[i] = (struct writer){.st = st, .log = st->log, .index = i};
        writer_start(&l->writer[i]);
    }
    l->churn_started = pthread_create(&l->churn, NULL, churn_main, l) == 0;
    if (!l->churn_started)
        stress_fail(st, "cannot start the logger churn");
    return l;
}

void stress_logs_join(struct stress_logs *l)
{
    if (!l)
        return;
    for (unsigned i = 0; i < WRITERS; i++)
        if (l->writer[i].started)
            pthread_join(l->writer[i].thread, NULL);
    if (l->churn_started)
        pthread_join(l->churn, NULL);
}

unsigned long stress_logs_check(struct stress_logs *l, const char *path)
{
    unsigned long next[WRITERS] = {0}, requests = 0;
    unsigned long lines = read_log(l->st, path, next, WRITERS, &requests);
    for (unsigned i = 0; i < WRITERS && !stress_failure(); i++)
        if (next[i] != l->writer[i].lines)
            stress_fail(l->st, "writer %u wrote %lu lines, the log holds %lu", i,
                        l->writer[i].lines, next[i]);
    if (!stress_failure() && requests == 0)
        stress_fail(l->st, "%s: no request of the fetch workers was logged", path);
    unlink(path);
    free(l);
    return lines;
}
