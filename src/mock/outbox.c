#include "mock/outbox.h"

#include <stdlib.h>
#include <string.h>

void outbox_init(struct outbox *o)
{
    memset(o, 0, sizeof *o);
    pthread_mutex_init(&o->lock, NULL);
}

void outbox_free(struct outbox *o)
{
    outbox_clear(o);
    pthread_mutex_destroy(&o->lock);
}

static void drop_oldest(struct outbox *o)
{
    o->bytes -= strlen(o->items[o->head]);
    free(o->items[o->head]);
    o->items[o->head] = NULL;
    o->head = (o->head + 1) % OUTBOX_MAX;
    o->len--;
}

void outbox_add(struct outbox *o, char *json)
{
    size_t n = strlen(json);
    pthread_mutex_lock(&o->lock);
    while (o->len > 0 && (o->len == OUTBOX_MAX || o->bytes + n > OUTBOX_MAX_BYTES))
        drop_oldest(o);
    o->items[(o->head + o->len) % OUTBOX_MAX] = json;
    o->len++;
    o->bytes += n;
    pthread_mutex_unlock(&o->lock);
}

char *outbox_json(struct outbox *o)
{
    pthread_mutex_lock(&o->lock);
    /* Brackets, a comma between items, and the NUL. */
    char *out = malloc(o->bytes + o->len + 3);
    if (out) {
        size_t at = 0;
        out[at++] = '[';
        for (size_t i = 0; i < o->len; i++) {
            const char *item = o->items[(o->head + i) % OUTBOX_MAX];
            size_t n = strlen(item);
            if (i)
                out[at++] = ',';
            memcpy(out + at, item, n);
            at += n;
        }
        out[at++] = ']';
        out[at] = '\0';
    }
    pthread_mutex_unlock(&o->lock);
    return out;
}

void outbox_clear(struct outbox *o)
{
    pthread_mutex_lock(&o->lock);
    while (o->len > 0)
        drop_oldest(o);
    o->head = 0;
    pthread_mutex_unlock(&o->lock);
}
