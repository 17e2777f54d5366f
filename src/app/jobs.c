#include "app/jobs.h"

#include <stdlib.h>
#include <string.h>

static int track(struct jobs *j, const struct fetch_job *job)
{
    if (j->n_inflight == j->cap_inflight) {
        size_t cap = j->cap_inflight ? j->cap_inflight * 2 : 16;
        struct jobs_inflight *f = realloc(j->inflight, cap * sizeof *f);
        if (!f)
            return -1;
        j->inflight = f;
        j->cap_inflight = cap;
    }
    j->inflight[j->n_inflight++] =
        (struct jobs_inflight){job->id, http_cancel_ref(job->cancel), job->purpose, job->pane};
    return 0;
}

enum fetch_lane jobs_lane(enum fetch_purpose purpose)
{
    switch (purpose) {
    case FETCH_FOR_NAMES:
    case FETCH_FOR_REPORTS:
    case FETCH_FOR_COUNTS:
        return FETCH_LANE_BACKGROUND;
    default:
        return FETCH_LANE_USER;
    }
}

unsigned long jobs_submit(struct jobs *j, struct fetch_job *job, enum fetch_purpose purpose,
                          int pane, unsigned long gen)
{
    if (!job)
        return 0;
    job->id = ++j->next_id;
    job->gen = gen;
    job->purpose = purpose;
    job->pane = pane;
    /* What the user waits on never queues behind the name caches. */
    job->lane = job->bulk ? FETCH_LANE_BULK : jobs_lane(purpose);
    if (track(j, job) != 0) {
        fetch_job_free(job);
        return 0;
    }
    job->node.next = NULL;
    if (j->tail)
        j->tail->node.next = &job->node;
    else
        j->head = job;
    j->tail = job;
    return job->id;
}

const struct jobs_inflight *jobs_find(const struct jobs *j, unsigned long id)
{
    for (size_t i = 0; i < j->n_inflight; i++)
        if (j->inflight[i].id == id)
            return &j->inflight[i];
    return NULL;
}

static void forget_at(struct jobs *j, size_t i, bool cancel)
{
    if (cancel)
        http_cancel_fire(j->inflight[i].cancel);
    http_cancel_unref(j->inflight[i].cancel);
    j->inflight[i] = j->inflight[--j->n_inflight];
}

void jobs_forget(struct jobs *j, unsigned long id, bool cancel)
{
    for (size_t i = 0; i < j->n_inflight; i++) {
        if (j->inflight[i].id == id) {
            forget_at(j, i, cancel);
            return;
        }
    }
}

void jobs_cancel_pane(struct jobs *j, int pane)
{
    for (size_t i = j->n_inflight; i-- > 0;)
        if (j->inflight[i].purpose == FETCH_FOR_PANE && j->inflight[i].pane == pane)
            forget_at(j, i, true);
}

struct fetch_job *jobs_take(struct jobs *j)
{
    struct fetch_job *head = j->head;
    j->head = j->tail = NULL;
    return head;
}

void jobs_free(struct jobs *j)
{
    while (j->n_inflight)
        forget_at(j, 0, true);
    free(j->inflight);
    struct fetch_job *job = jobs_take(j);
    while (job) {
        struct fetch_job *next = (struct fetch_job *)job->node.next;
        fetch_job_free(job);
        job = next;
    }
    memset(j, 0, sizeof *j);
}
