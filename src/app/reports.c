#include "app/reports.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/codec.h"
#include "api/ids.h"

/* The position of id in the sorted entries, or where it would go. */
static size_t position(const struct reports *r, const char *id, bool *found)
{
    return ids_sorted_position(r->items, r->len, sizeof *r->items, id, found);
}

/* id's entry, made when missing; NULL if out of memory. */
static struct reports_entry *entry(struct reports *r, const char *id)
{
    bool found;
    size_t at = position(r, id, &found);
    if (found)
        return &r->items[at];
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        struct reports_entry *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return NULL;
        r->items = items;
        r->cap = cap;
    }
    char *copy = strdup(id);
    if (!copy)
        return NULL;
    memmove(r->items + at + 1, r->items + at, (r->len - at) * sizeof *r->items);
    r->items[at] = (struct reports_entry){.id = copy, .state = REPORTS_FAILED};
    r->len++;
    return &r->items[at];
}

const struct reports_entry *reports_find(const struct reports *r, const char *id)
{
    bool found;
    size_t at = id ? position(r, id, &found) : 0;
    return id && found ? &r->items[at] : NULL;
}

void reports_free(struct reports *r)
{
    for (size_t i = 0; i < r->len; i++) {
        free(r->items[i].id);
        codec_free(&model_report_type, &r->items[i].report);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}

/* The HTTP layer has retried within its deadline already: this pause is
 * longer, and grows with each failure in a row. */
static void retry_later(struct reports *r, struct reports_entry *e, long now)
{
    static const struct retry_policy policy = {.base_ms = REPORTS_RETRY_MIN_MS,
                                               .cap_ms = REPORTS_RETRY_MAX_MS};
    if (r->rng.state == 0)
        retry_rng_seed(&r->rng, (uint64_t)now ^ (uint64_t)(uintptr_t)r);
    int n = e->failures++;
    long wait = retry_backoff_ms(&policy, n < 16 ? n : 16, &r->rng);
    e->state = REPORTS_FAILED;
    e->job = 0;
    e->retry_at = now + (wait > REPORTS_RETRY_MIN_MS ? wait : REPORTS_RETRY_MIN_MS);
}

bool reports_want(struct reports *r, struct jobs *jobs, const char *id, long now)
{
    if (!id)
        return false;
    struct reports_entry *e = entry(r, id);
    if (!e || e->state != REPORTS_FAILED || now < e->retry_at)
        return false;
    e->state = REPORTS_LOADING;
    e->job = jobs_submit(jobs, fetch_job_new(FETCH_REPORT, SENDX_KIND_CAMPAIGN, NULL, id),
                         FETCH_FOR_REPORTS, -1, 0);
    if (!e->job)
        retry_later(r, e, now);
    return e->job != 0;
}

void reports_result(struct reports *r, const struct fetch_result *res, long now)
{
    bool found;
    size_t at = res->job->record_id ? position(r, res->job->record_id, &found) : 0;
    if (!res->job->record_id || !found || r->items[at].job != res->job_id)
        return; /* superseded: a detail's copy came first */
    struct reports_entry *e = &r->items[at];
    if (res->rc != 0 && res->err.kind == API_ERR_HTTP && res->err.http_status == 404) {
        e->state = REPORTS_NONE;
        e->job = 0;
        return;
    }
    if (res->rc != 0) {
        retry_later(r, e, now);
        return;
    }
    reports_keep(r, e->id, (struct sendx_report *)&res->report);
}

void reports_keep(struct reports *r, const char *id, struct sendx_report *report)
{
    struct reports_entry *e = id ? entry(r, id) : NULL;
    if (!e)
        return; /* out of memory: the table asks for it when it wants it */
    codec_free(&model_report_type, &e->report);
    e->report = *report;
    memset(report, 0, sizeof *report);
    e->state = REPORTS_HAVE;
    e->job = 0;
    e->failures = 0;
}

long reports_timeout(const struct reports *r, long now)
{
    long t = -1;
    for (size_t i = 0; i < r->len; i++) {
        const struct reports_entry *e = &r->items[i];
        if (e->state == REPORTS_FAILED && e->failures && e->retry_at > now &&
            (t < 0 || e->retry_at - now < t))
            t = e->retry_at - now;
    }
    return t;
}

/* The count of member, when the server sent it readably. */
static bool count_of(const struct sendx_report *rep, unsigned member, int64_t *out)
{
    if (!codec_is_set(rep, member) || codec_unreadable_raw(rep, member))
        return false;
    *out = *(const int64_t *)((const char *)rep + model_report_type.members[member].offset);
    return true;
}

bool reports_share(const struct sendx_report *rep, unsigned member, double *pct)
{
    int64_t sent, n;
    if (!count_of(rep, SENDX_REPORT_SENT, &sent) || sent <= 0 || !count_of(rep, member, &n))
        return false;
    *pct = 100.0 * (double)n / (double)sent;
    return true;
}
