/* A locked FIFO of intrusive nodes between two threads, with an optional
 * wake-up fd so a poll()ing thread learns that something arrived.
 *
 * The fetch worker pops jobs with queue_pop_wait (it sleeps on a condvar);
 * the UI thread swaps the whole result list out with queue_take_all after
 * poll() reports the wake fd readable. A pushed node belongs to the queue
 * until popped; then it belongs to whoever popped it. */
#ifndef SENDX_APP_QUEUE_H
#define SENDX_APP_QUEUE_H

#include <pthread.h>
#include <stdbool.h>

struct queue_node {
    struct queue_node *next;
};

struct queue {
    pthread_mutex_t lock;
    pthread_cond_t ready;
    struct queue_node *head;
    struct queue_node *tail;
    bool closed;
    int wake_fd; /* an eventfd, or -1 */
};

/* Returns 0, or -1 with errno set (the eventfd or the lock failed). */
int queue_init(struct queue *q, bool with_wake_fd);

/* Frees the lock and the fd. Nodes still queued are not freed: take them
 * out first (queue_take_all) and free them as their owner would. */
void queue_destroy(struct queue *q);

/* Appends n and wakes the other side. Returns -1 (n still the caller's)
 * once the queue is closed. */
int queue_push(struct queue *q, struct queue_node *n);

/* Blocks until a node arrives and returns it, or returns NULL as soon as
 * the queue is closed (nodes left behind stay for queue_take_all). */
struct queue_node *queue_pop_wait(struct queue *q);

/* Takes every queued node at once, oldest first (a NULL-terminated list
 * through ->next), and drains the wake fd. Never blocks. */
struct queue_node *queue_take_all(struct queue *q);

/* Makes pushes fail and wakes every waiter. */
void queue_close(struct queue *q);

/* The fd to poll() for POLLIN, or -1. */
int queue_wake_fd(const struct queue *q);

#endif
