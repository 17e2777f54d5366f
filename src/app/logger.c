#include "app/logger.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api_error.h"
#include "app/queue.h"
#include "app/text.h"

struct log_line {
    struct queue_node node; /* first: lines are queue nodes */
    char text[];
};

struct logger {
    FILE *file;
    struct queue lines;
    pthread_t thread;
};

static void write_lines(struct logger *lg, struct queue_node *n)
{
    while (n) {
        struct queue_node *next = n->next;
        struct log_line *line = (struct log_line *)n;
        fputs(line->text, lg->file);
        free(line);
        n = next;
    }
    fflush(lg->file);
}

static void *writer(void *arg)
{
    struct logger *lg = arg;
    struct queue_node *n;
    while ((n = queue_pop_wait(&lg->lines)) != NULL)
        write_lines(lg, n);
    return NULL;
}

struct logger *logger_open(const char *path, struct api_error *err)
{
    struct logger *lg = calloc(1, sizeof *lg);
    if (!lg) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0 || !(lg->file = fdopen(fd, "a"))) {
        api_error_set(err, API_ERR_INVALID, 0, "cannot open log file %s: %s", path,
                      strerror(errno));
        if (fd >= 0)
            close(fd);
        free(lg);
        return NULL;
    }
    if (queue_init(&lg->lines, false) != 0) {
        api_error_set(err, API_ERR_NOMEM, 0, "cannot start the log writer: %s", strerror(errno));
        fclose(lg->file);
        free(lg);
        return NULL;
    }
    int rc = pthread_create(&lg->thread, NULL, writer, lg);
    if (rc != 0) {
        api_error_set(err, API_ERR_NOMEM, 0, "cannot start the log writer: %s", strerror(rc));
        queue_destroy(&lg->lines);
        fclose(lg->file);
        free(lg);
        return NULL;
    }
    return lg;
}

/* Characters that are valid UTF-8 but act on a terminal or a reader:
 * C1 controls (U+009B is CSI on some terminals), bidi controls that
 * reorder what follows, and the separators some viewers break lines at. */
static bool escaped_as_code_point(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 ||
           cp == 0x2029;
}

/* Writes s escaped as logger.h says into out, which holds 4 bytes per
 * byte of s and a NUL (the worst case, every byte as \xNN). Returns the
 * length written. */
static size_t escape(const char *s, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    char *o = out;
    while (*p) {
        uint32_t cp = 0;
        size_t n = text_utf8_decode(p, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7f || cp == '\\') {
            *o++ = '\\';
            switch (*p) {
            case '\\':
                *o++ = '\\';
                break;
            case '\n':
                *o++ = 'n';
                break;
            case '\r':
                *o++ = 'r';
                break;
            case '\t':
                *o++ = 't';
                break;
            default:
                *o++ = 'x';
                *o++ = hex[*p >> 4];
                *o++ = hex[*p & 0xf];
            }
            p++;
        } else if (escaped_as_code_point(cp)) {
            o += sprintf(o, "\\u%04x", (unsigned)cp);
            p += n;
        } else {
            memcpy(o, p, n);
            o += n;
            p += n;
        }
    }
    *o = '\0';
    return (size_t)(o - out);
}

void logger_write(struct logger *lg, const char *fmt, ...)
{
    if (!lg)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    localtime_r(&ts.tv_sec, &tm);
    char stamp[40];
    size_t len = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(stamp + len, sizeof stamp - len, ".%03ld ", ts.tv_nsec / 1000000);

    va_list ap;
    va_start(ap, fmt);
    int body = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (body < 0)
        return;
    /* A lost log line must not take the app down: out of memory, drop it. */
    char *raw = malloc((size_t)body + 1);
    if (!raw)
        return;
    va_start(ap, fmt);
    vsnprintf(raw, (size_t)body + 1, fmt, ap);
    va_end(ap);
    size_t head = strlen(stamp);
    struct log_line *line = malloc(sizeof *line + head + 4 * (size_t)body + 2);
    if (line) {
        memcpy(line->text, stamp, head);
        size_t text = escape(raw, line->text + head);
        memcpy(line->text + head + text, "\n", 2);
        if (queue_push(&lg->lines, &line->node) != 0)
            free(line);
    }
    free(raw);
}

void logger_close(struct logger *lg)
{
    if (!lg)
        return;
    queue_close(&lg->lines);
    pthread_join(lg->thread, NULL);
    write_lines(lg, queue_take_all(&lg->lines));
    queue_destroy(&lg->lines);
    fclose(lg->file);
    free(lg);
}
