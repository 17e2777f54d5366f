#include "app/counts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/ids.h"
#include "api/model.h"

static void tally_free(struct counts_tally *t)
{
    for (size_t i = 0; i < t->len; i++)
        free(t->items[i].id);
    free(t->items);
    memset(t, 0, sizeof *t);
}

/* The position of id in t, or where it would go. */
static size_t position(const struct counts_tally *t, const char *id, bool *found)
{
    return ids_sorted_position(t->items, t->len, sizeof *t->items, id, found);
}

static int tally_add(struct counts_tally *t, const char *id)
{
    bool found;
    size_t at = position(t, id, &found);
    if (found) {
        t->items[at].n++;
        return 0;
    }
    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        struct counts_entry *items = realloc(t->items, cap * sizeof *items);
        if (!items)
            return -1;
        t->items = items;
        t->cap = cap;
    }
    char *copy = strdup(id);
    if (!copy)
        return -1;
    memmove(t->items + at + 1, t->items + at, (t->len - at) * sizeof *t->items);
    t->items[at] = (struct counts_entry){.id = copy, .n = 1};
    t->len++;
    return 0;
}

static int tally_ids(struct counts_tally *t, const struct sendx_strv *ids)
{
    for (size_t i = 0; i < ids->len; i++)
        if (ids->items[i] && tally_add(t, ids->items[i]) != 0)
            return -1;
    return 0;
}

void counts_free(struct counts *c)
{
    tally_free(&c->done);
    tally_free(&c->tally);
    sendx_walk_free(&c->walk);
    memset(c, 0, sizeof *c);
}

static void retry_later(struct counts *c, long now)
{
    static const struct retry_policy policy = {.base_ms = COUNTS_RETRY_MIN_MS,
                                               .cap_ms = COUNTS_RETRY_MAX_MS};
    if (c->rng.state == 0)
        retry_rng_seed(&c->rng, (uint64_t)now ^ (uint64_t)(uintptr_t)c);
    int n = c->failures++;
    long wait = retry_backoff_ms(&policy, n < 16 ? n : 16, &c->rng);
    c->job = 0;
    c->retry_at = now + (wait > COUNTS_RETRY_MIN_MS ? wait : COUNTS_RETRY_MIN_MS);
}

/* Asks for the next page of contacts, the largest the endpoint gives. */
static bool request(struct counts *c, struct jobs *jobs, long now)
{
    struct fetch_job *job = fetch_job_new(FETCH_LIST, SENDX_KIND_CONTACT, NULL, NULL);
    if (job) {
        job->offset = c->next_offset;
        job->limit = model_resource(SENDX_KIND_CONTACT)->page_max;
    }
    c->retry_at = 0;
    c->job = jobs_submit(jobs, job, FETCH_FOR_COUNTS, -1, 0);
    if (!c->job)
        retry_later(c, now);
    return c->job != 0;
}

bool counts_start(struct counts *c, struct jobs *jobs, long now, bool *running)
{
    *running = c->running;
    if (c->running)
        return false;
    tally_free(&c->tally);
    sendx_walk_free(&c->walk);
    sendx_walk_init(&c->walk, 0);
    c->running = true;
    c->next_offset = 0;
    c->checked = 0;
    c->failures = 0;
    c->started = now;
    request(c, jobs, now);
    return true;
}

/* The scan is over: its tally becomes the count. */
static void finish(struct counts *c, time_t wall, bool partial)
{
    tally_free(&c->done);
    c->done = c->tally;
    memset(&c->tally, 0, sizeof c->tally);
    sendx_walk_free(&c->walk);
    c->taken = wall;
    c->partial = partial;
    c->running = false;
    c->job = 0;
}

static enum counts_outcome failed(struct counts *c, const struct api_error *why, long now,
                                  char *buf, size_t n)
{
    snprintf(buf, n, "counting contacts: %s (trying again)", api_error_message(why));
    retry_later(c, now);
    return COUNTS_PROGRESS;
}

enum counts_outcome counts_result(struct counts *c, struct jobs *jobs, struct fetch_result *r,
                                  long now, time_t wall, char *buf, size_t n)
{
    if (n)
        buf[0] = '\0';
    if (!c->running || r->job_id != c->job)
        return COUNTS_IGNORED;
    c->job = 0;
    if (r->rc != 0)
        return failed(c, &r->err, now, buf, n);
    struct api_error err = {0};
    int state = sendx_walk_page(&c->walk, &r->page, &err);
    if (state < 0) {
        enum counts_outcome o = failed(c, &err, now, buf, n);
        api_error_clear(&err);
        return o;
    }
    c->failures = 0;
    const struct model_type *t = &model_contact_type;
    for (size_t i = 0; i < r->page.records.len; i++) {
        const struct sendx_contact *ct =
            (const struct sendx_contact *)((const char *)r->page.records.items + i * t->size);
        if (tally_ids(&c->tally, &ct->lists) != 0 || tally_ids(&c->tally, &ct->tags) != 0) {
            snprintf(buf, n, "counting contacts: out of memory");
            finish(c, wall, true);
            return COUNTS_DONE;
        }
        c->checked++;
    }
    c->next_offset = r->page.offset + (long)r->page.received;
    if (state == SENDX_WALK_MORE) {
        request(c, jobs, now);
        return COUNTS_PROGRESS;
    }
    bool partial = sendx_walk_reason(&c->walk, "contacts", buf, n) != NULL;
    finish(c, wall, partial);
    return COUNTS_DONE;
}

bool counts_tick(struct counts *c, struct jobs *jobs, long now)
{
    if (!c->running || c->job || !c->retry_at || now < c->retry_at)
        return false;
    return request(c, jobs, now);
}

long counts_timeout(const struct counts *c, long now)
{
    if (!c->running || c->job || !c->retry_at)
        return -1;
    return c->retry_at > now ? c->retry_at - now : 0;
}

bool counts_get(const struct counts *c, const char *id, int64_t *n)
{
    if (!c->taken || !id)
        return false;
    bool found;
    size_t at = position(&c->done, id, &found);
    *n = found ? c->done.items[at].n : 0;
    return true;
}

const char *counts_when(const struct counts *c, time_t wall_now, char *buf, size_t n)
{
    struct tm taken, today;
    if (!c->taken || !localtime_r(&c->taken, &taken) ||
        (wall_now && !localtime_r(&wall_now, &today))) {
        snprintf(buf, n, "?");
        return buf;
    }
    bool same_day = !wall_now || (taken.tm_year == today.tm_year && taken.tm_yday == today.tm_yday);
    if (strftime(buf, n, same_day ? "%H:%M" : "%Y-%m-%d %H:%M", &taken) == 0 && n)
        buf[0] = '\0';
    return buf;
}
