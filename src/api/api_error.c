#include "api/api_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_labels[] = {
#define API_ERROR_LABEL(id, label) [id] = label,
    API_ERROR_KINDS(API_ERROR_LABEL)
#undef API_ERROR_LABEL
};

__attribute__((format(printf, 1, 0))) static char *format_message(const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void api_error_setv(struct api_error *err, enum api_error_kind kind, long http_status,
                    const char *fmt, va_list ap)
{
    if (!err)
        return;
    char *message = format_message(fmt, ap);
    free(err->message);
    err->kind = kind;
    err->http_status = http_status;
    err->message = message;
}

void api_error_set(struct api_error *err, enum api_error_kind kind, long http_status,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    api_error_setv(err, kind, http_status, fmt, ap);
    va_end(ap);
}

void api_error_prefix(struct api_error *err, const char *fmt, ...)
{
    if (!err || err->kind == API_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *prefix = format_message(fmt, ap);
    va_end(ap);
    if (!prefix)
        return;
    const char *old = api_error_message(err);
    size_t len = strlen(prefix) + 2 + strlen(old) + 1;
    char *joined = malloc(len);
    if (joined) {
        snprintf(joined, len, "%s: %s", prefix, old);
        free(err->message);
        err->message = joined;
    }
    free(prefix);
}

void api_error_clear(struct api_error *err)
{
    if (!err)
        return;
    free(err->message);
    memset(err, 0, sizeof *err);
}

void api_error_move(struct api_error *dst, struct api_error *src)
{
    api_error_clear(dst);
    *dst = *src;
    memset(src, 0, sizeof *src);
}

const char *api_error_kind_label(enum api_error_kind kind)
{
    if ((size_t)kind >= sizeof kind_labels / sizeof kind_labels[0])
        return "unknown error";
    return kind_labels[kind];
}

const char *api_error_message(const struct api_error *err)
{
    if (!err)
        return kind_labels[API_OK];
    return err->message ? err->message : api_error_kind_label(err->kind);
}

int api_error_fail(struct api_error *err, enum api_error_kind kind, long http_status,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    api_error_setv(err, kind, http_status, fmt, ap);
    va_end(ap);
    return -1;
}

int api_error_nomem(struct api_error *err)
{
    return api_error_fail(err, API_ERR_NOMEM, 0, "out of memory");
}
