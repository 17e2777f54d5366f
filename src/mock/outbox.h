/* The mock's outbox: what the send endpoints "sent", one JSON object per
 * message (see routes.h), in the order sent. Only the newest OUTBOX_MAX
 * messages and OUTBOX_MAX_BYTES of their text are kept, so a test that
 * sends in a loop cannot grow the mock without bound. Not part of
 * --state: a restarted mock has sent nothing. Thread-safe. */
#ifndef SENDX_MOCK_OUTBOX_H
#define SENDX_MOCK_OUTBOX_H

#include <pthread.h>
#include <stddef.h>

#define OUTBOX_MAX       1000
#define OUTBOX_MAX_BYTES (64u * 1024 * 1024)

struct outbox {
    pthread_mutex_t lock;
    char *items[OUTBOX_MAX]; /* a ring: len items from head on; owned */
    size_t head;
    size_t len;
    size_t bytes;
};

void outbox_init(struct outbox *o);
/* Frees every message kept. */
void outbox_free(struct outbox *o);

/* Keeps json (a heap string of one JSON object, taken), dropping the
 * oldest messages as needed. */
void outbox_add(struct outbox *o, char *json);
/* Every message kept, oldest first, as one JSON array: a heap string the
 * caller frees, or NULL if out of memory. */
char *outbox_json(struct outbox *o);
void outbox_clear(struct outbox *o);

#endif
