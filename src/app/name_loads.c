#include "app/name_loads.h"

#include <stdio.h>
#include <string.h>

#include "app/columns.h"
#include "app/logger.h"

static const enum sendx_kind kinds[NAME_LOADS_KINDS] = {
    SENDX_KIND_LIST, SENDX_KIND_TAG, SENDX_KIND_FIELD, SENDX_KIND_SENDER, SENDX_KIND_TEMPLATE};

/* A failed load tries again after a backoff that grows with each
 * failure in a row, as the HTTP layer's does, but slower: it has already
 * retried within its own deadline. */
static void retry_later(struct name_loads *nl, struct name_load *l, long now)
{
    static const struct retry_policy policy = {.base_ms = NAME_LOADS_RETRY_MIN_MS,
                                               .cap_ms = NAME_LOADS_RETRY_MAX_MS};
    int n = l->failures++;
    long wait = retry_backoff_ms(&policy, n < 16 ? n : 16, &nl->rng);
    l->retry_at = now + (wait > NAME_LOADS_RETRY_MIN_MS ? wait : NAME_LOADS_RETRY_MIN_MS);
}

/* Queues the next page of load i; out of memory, it tries again later. */
static bool request(struct name_loads *nl, struct jobs *jobs, int i, long now)
{
    struct name_load *l = &nl->load[i];
    struct fetch_job *job = fetch_job_new(FETCH_LIST, l->kind, NULL, NULL);
    if (job) {
        job->offset = l->next_offset;
        job->limit = model_resource(l->kind)->page_max;
    }
    l->retry_at = 0;
    l->job = jobs_submit(jobs, job, FETCH_FOR_NAMES, i, 0);
    if (!l->job)
        retry_later(nl, l, now);
    return l->job != 0;
}

void name_loads_start(struct name_loads *nl, struct jobs *jobs, struct logger *log, long now)
{
    memset(nl, 0, sizeof *nl);
    nl->log = log;
    retry_rng_seed(&nl->rng, (uint64_t)now ^ (uint64_t)(uintptr_t)nl);
    for (int i = 0; i < NAME_LOADS_KINDS; i++) {
        nl->load[i].kind = kinds[i];
        sendx_walk_init(&nl->load[i].walk, NAME_LOADS_MAX);
        request(nl, jobs, i, now);
    }
}

void name_loads_free(struct name_loads *nl)
{
    for (int i = 0; i < NAME_LOADS_KINDS; i++)
        sendx_walk_free(&nl->load[i].walk);
    memset(nl, 0, sizeof *nl);
}

void name_loads_remember(struct names *names, enum sendx_kind kind, void *const *records, size_t n,
                         const struct sendx_page *page)
{
    const struct model_type *t = model_resource(kind)->type;
    for (size_t i = 0; i < n; i++) {
        const void *rec = records ? records[i] : (const char *)page->records.items + i * t->size;
        const char *id = columns_record_id(kind, rec);
        const char *name = NULL;
        char both[600];
        switch (kind) {
        case SENDX_KIND_LIST:
            name = ((const struct sendx_list *)rec)->name;
            break;
        case SENDX_KIND_TAG:
            name = ((const struct sendx_tag *)rec)->name;
            break;
        case SENDX_KIND_FIELD:
            name = ((const struct sendx_field *)rec)->name;
            break;
        case SENDX_KIND_TEMPLATE:
            name = ((const struct sendx_template *)rec)->name;
            break;
        case SENDX_KIND_SENDER: {
            const struct sendx_sender *s = rec;
            snprintf(both, sizeof both, "%s <%s>", s->name ? s->name : "",
                     s->email ? s->email : "");
            name = both;
            break;
        }
        default:
            return;
        }
        if (!id || !name)
            continue;
        int rc = kind == SENDX_KIND_FIELD ? names_put_field(names, id, name)
                                          : names_put(names, id, name);
        if (rc != 0)
            return; /* out of memory: the ids show instead of names */
    }
}

const char *name_loads_result(struct name_loads *nl, struct jobs *jobs, struct names *names,
                              struct fetch_result *r, long now, char *buf, size_t n)
{
    int i = r->job->pane;
    if (i < 0 || i >= NAME_LOADS_KINDS || nl->load[i].job != r->job_id)
        return NULL;
    struct name_load *l = &nl->load[i];
    l->job = 0;
    const char *plural = model_resource(l->kind)->plural;
    struct api_error err = {0};
    int state = r->rc == 0 ? sendx_walk_page(&l->walk, &r->page, &err) : -1;
    if (state < 0) {
        const struct api_error *why = r->rc != 0 ? &r->err : &err;
        if (why->kind != API_ERR_CANCELLED) {
            logger_write(nl->log, "names of %s not loaded: %s", plural, api_error_message(why));
            retry_later(nl, l, now);
        }
        api_error_clear(&err);
        return NULL;
    }
    l->failures = 0;
    name_loads_remember(names, l->kind, NULL, r->page.records.len, &r->page);
    l->next_offset = r->page.offset + (long)r->page.received;
    if (state == SENDX_WALK_MORE) {
        request(nl, jobs, i, now);
        return NULL;
    }
    char why[160];
    if (!sendx_walk_reason(&l->walk, plural, why, sizeof why))
        return NULL;
    snprintf(buf, n, "names of %s: %s", plural, why);
    return buf;
}

bool name_loads_tick(struct name_loads *nl, struct jobs *jobs, long now)
{
    bool asked = false;
    for (int i = 0; i < NAME_LOADS_KINDS; i++)
        if (nl->load[i].retry_at && now >= nl->load[i].retry_at)
            asked |= request(nl, jobs, i, now);
    return asked;
}

bool name_loads_retry_now(struct name_loads *nl, struct jobs *jobs, long now)
{
    bool asked = false;
    for (int i = 0; i < NAME_LOADS_KINDS; i++) {
        if (nl->load[i].retry_at) {
            nl->load[i].failures = 0;
            asked |= request(nl, jobs, i, now);
        }
    }
    return asked;
}

long name_loads_timeout(const struct name_loads *nl, long now)
{
    long t = -1;
    for (int i = 0; i < NAME_LOADS_KINDS; i++) {
        long at = nl->load[i].retry_at;
        if (at && (t < 0 || at - now < t))
            t = at > now ? at - now : 0;
    }
    return t;
}
