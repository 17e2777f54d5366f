#include "app/ahead.h"

#include <string.h>

int ahead_find(const struct page_ahead *pa, unsigned long job)
{
    for (size_t i = 0; i < pa->n; i++)
        if (pa->slot[i].job == job)
            return (int)i;
    return -1;
}

void ahead_push(struct page_ahead *pa, unsigned long job, long offset)
{
    if (pa->n < AHEAD_PAGES)
        pa->slot[pa->n++] = (struct ahead_slot){job, offset, NULL, 0};
    pa->last_offset = offset;
}

struct ahead_slot ahead_pop(struct page_ahead *pa)
{
    struct ahead_slot first = pa->slot[0];
    memmove(pa->slot, pa->slot + 1, (pa->n - 1) * sizeof pa->slot[0]);
    pa->n--;
    return first;
}

void ahead_drop(struct page_ahead *pa, struct jobs *jobs)
{
    for (size_t i = 0; i < pa->n; i++) {
        if (pa->slot[i].early)
            fetch_result_free(pa->slot[i].early);
        else
            jobs_forget(jobs, pa->slot[i].job, true);
    }
    pa->n = 0;
}
