#include "api/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t limit)
{
    memset(b, 0, sizeof *b);
    b->limit = limit;
}

static enum buf_status fail(struct buf *b, enum buf_status why)
{
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->status = why;
    return why;
}

enum buf_status buf_append(struct buf *b, const void *data, size_t n)
{
    if (b->status != BUF_OK)
        return b->status;
    if (n > b->limit || b->len > b->limit - n)
        return fail(b, BUF_TOO_BIG);
    size_t need = b->len + n + 1;
    if (need > b->alloc) {
        size_t grown = b->alloc ? b->alloc : 256;
        while (grown < need)
            grown = grown > SIZE_MAX / 2 ? need : grown * 2;
        char *p = realloc(b->data, grown);
        if (!p)
            return fail(b, BUF_NOMEM);
        b->data = p;
        b->alloc = grown;
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return BUF_OK;
}

char *buf_take(struct buf *b, size_t *len)
{
    char *data = b->data;
    size_t n = b->len;
    if (!data)
        data = calloc(1, 1);
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->status = BUF_OK;
    if (len)
        *len = data ? n : 0;
    return data;
}

void buf_reset(struct buf *b)
{
    size_t limit = b->limit;
    free(b->data);
    buf_init(b, limit);
}
