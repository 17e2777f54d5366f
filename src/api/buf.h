/* A bounded, growing byte buffer for response bodies and JSON text.
 *
 * The buffer owns its storage. When an append would pass the bound, or
 * memory runs out, the buffer frees everything and reports why, so a
 * caller never holds a half-filled body. The data is always NUL-terminated
 * (the terminator is not counted in len). */
#ifndef SENDX_BUF_H
#define SENDX_BUF_H

#include <stddef.h>

enum buf_status { BUF_OK = 0, BUF_TOO_BIG, BUF_NOMEM };

struct buf {
    char *data;             /* NULL until the first append */
    size_t len;             /* bytes stored */
    size_t alloc;           /* bytes allocated */
    size_t limit;           /* most bytes it will ever hold */
    enum buf_status status; /* sticky: once failed, appends keep failing */
};

void buf_init(struct buf *b, size_t limit);

/* Appends n bytes; on failure frees the contents and returns why. */
enum buf_status buf_append(struct buf *b, const void *data, size_t n)
    __attribute__((warn_unused_result));

/* Hands the contents to the caller (free() them) and resets the buffer.
 * Returns an empty heap string for an empty buffer, NULL only if out of
 * memory. *len gets the length when len is not NULL. */
char *buf_take(struct buf *b, size_t *len);

/* Frees the contents and resets to empty (the limit is kept). */
void buf_reset(struct buf *b);

#endif
