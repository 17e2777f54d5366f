#include "app/queue.h"

#include <errno.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

int queue_init(struct queue *q, bool with_wake_fd)
{
    q->head = q->tail = NULL;
    q->closed = false;
    q->wake_fd = -1;
    if (with_wake_fd) {
        q->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (q->wake_fd < 0)
            return -1;
    }
    int rc = pthread_mutex_init(&q->lock, NULL);
    if (rc == 0) {
        rc = pthread_cond_init(&q->ready, NULL);
        if (rc != 0)
            pthread_mutex_destroy(&q->lock);
    }
    if (rc != 0) {
        if (q->wake_fd >= 0)
            close(q->wake_fd);
        q->wake_fd = -1;
        errno = rc;
        return -1;
    }
    return 0;
}

void queue_destroy(struct queue *q)
{
    pthread_cond_destroy(&q->ready);
    pthread_mutex_destroy(&q->lock);
    if (q->wake_fd >= 0)
        close(q->wake_fd);
    q->wake_fd = -1;
}

static void wake(const struct queue *q)
{
    if (q->wake_fd < 0)
        return;
    uint64_t one = 1;
    /* EAGAIN means the counter is already non-zero: the reader will wake. */
    while (write(q->wake_fd, &one, sizeof one) < 0 && errno == EINTR)
        ;
}

int queue_push(struct queue *q, struct queue_node *n)
{
    n->next = NULL;
    pthread_mutex_lock(&q->lock);
    if (q->closed) {
        pthread_mutex_unlock(&q->lock);
        return -1;
    }
    if (q->tail)
        q->tail->next = n;
    else
        q->head = n;
    q->tail = n;
    pthread_cond_signal(&q->ready);
    /* Under the lock, so the fd is readable exactly while nodes wait. */
    wake(q);
    pthread_mutex_unlock(&q->lock);
    return 0;
}

struct queue_node *queue_pop_wait(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (!q->head && !q->closed)
        pthread_cond_wait(&q->ready, &q->lock);
    struct queue_node *n = NULL;
    if (!q->closed) {
        n = q->head;
        q->head = n->next;
        if (!q->head)
            q->tail = NULL;
        n->next = NULL;
    }
    pthread_mutex_unlock(&q->lock);
    return n;
}

struct queue_node *queue_take_all(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    if (q->wake_fd >= 0) {
        uint64_t count;
        while (read(q->wake_fd, &count, sizeof count) < 0 && errno == EINTR)
            ;
    }
    struct queue_node *n = q->head;
    q->head = q->tail = NULL;
    pthread_mutex_unlock(&q->lock);
    return n;
}

void queue_close(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = true;
    pthread_cond_broadcast(&q->ready);
    wake(q);
    pthread_mutex_unlock(&q->lock);
}

int queue_wake_fd(const struct queue *q)
{
    return q->wake_fd;
}
