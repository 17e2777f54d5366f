/* Errors as values for the api/ layer.
 *
 * Every fallible call takes a `struct api_error *` and fills it on failure.
 * The error owns its message: call api_error_clear() before reusing or
 * discarding it. A zeroed struct is a valid "no error". */
#ifndef SENDX_API_ERROR_H
#define SENDX_API_ERROR_H

#include <stdarg.h>
#include <stdbool.h>

/* X-macro: one place names each kind and its short user-facing label. */
#define API_ERROR_KINDS(X)                                                                         \
    X(API_OK, "ok")                                                                                \
    X(API_ERR_TRANSPORT, "network error")                                                          \
    X(API_ERR_HTTP, "server error")                                                                \
    X(API_ERR_BODY, "bad response")                                                                \
    X(API_ERR_CANCELLED, "cancelled")                                                              \
    X(API_ERR_POLICY, "refused")                                                                   \
    X(API_ERR_INVALID, "invalid request")                                                          \
    X(API_ERR_NOMEM, "out of memory")

enum api_error_kind {
#define API_ERROR_ENUM(id, label) id,
    API_ERROR_KINDS(API_ERROR_ENUM)
#undef API_ERROR_ENUM
};

struct api_error {
    enum api_error_kind kind;
    long http_status; /* API_ERR_HTTP: the status; otherwise 0 */
    int attempts;     /* how many requests were sent before giving up */
    /* API_ERR_TRANSPORT after the request left (no answer, a dropped
     * connection, a timeout): the server may have acted on it, so a
     * write's outcome is unknown, not "not done". */
    bool maybe_processed;
    char *message; /* owned; NULL when kind is API_OK */
};

/* Replaces any previous error. The message is formatted into a new heap
 * string; if that allocation fails the error still records the kind. */
void api_error_set(struct api_error *err, enum api_error_kind kind, long http_status,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void api_error_setv(struct api_error *err, enum api_error_kind kind, long http_status,
                    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* api_error_set, then -1: for functions that report failure as -1 and
 * say why in err ("return api_error_fail(err, ...);"). */
int api_error_fail(struct api_error *err, enum api_error_kind kind, long http_status,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Out of memory, as such a function says it: -1. */
int api_error_nomem(struct api_error *err);

/* Prefixes the existing message with "prefix: " (for context as an error
 * travels up). Does nothing when there is no error. */
void api_error_prefix(struct api_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Frees the message and resets to API_OK. Safe on a zeroed struct. */
void api_error_clear(struct api_error *err);

/* Moves src into dst (clearing dst first); src is left as API_OK. */
void api_error_move(struct api_error *dst, struct api_error *src);

/* Borrowed, never NULL: the message, or the kind's label if there is none. */
const char *api_error_message(const struct api_error *err);
const char *api_error_kind_label(enum api_error_kind kind);

#endif
