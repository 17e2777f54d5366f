/* The UI thread's part of sendx-stress: what ui.c, session.c and the
 * app do with the fetch workers, from one thread, as fast as it goes.
 *
 * Jobs go through jobs.h (ids, tracking, cancel by id or by pane) and are
 * handed to the lanes in order; results come out of the one queue when
 * poll() reports its wake fd. Whole loads of the contacts go on the bulk
 * lane with pages asked ahead and filed in order (ahead.h, as
 * screen_table.c does); details, searches and a contact's tags on the
 * user lane; tags, lists and campaign reports on the background lane.
 * Some jobs are cancelled while they run, some loads are started over,
 * and every few seconds the session is stopped and started again as
 * :profile does (session.c: the app's jobs cancelled, the workers joined,
 * their late results drained).
 *
 * The checks: each worker answers the jobs handed to it exactly once and
 * in the order it got them (so each lane answers in order), retry notices
 * name the job that worker is running, a job cancelled answers promptly,
 * one not cancelled never answers "cancelled", failures are only the
 * faults the mock injects, every load files every contact in the
 * server's order (at least one load a run gets to the end), and every
 * job is answered by the end. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/sendx.h"
#include "app/ahead.h"
#include "app/fetch.h"
#include "app/jobs.h"
#include "app/logger.h"
#include "stress.h"

#define LOADS          2 /* whole loads going on at once, panes 0 and 1 */
#define SEARCH_PANE    LOADS
#define LOAD_PAGE      100 /* records a page of a load */
#define USER_MAX       4   /* jobs waiting on the user lane at most */
#define BACKGROUND_MAX 3
#define CANCEL_MS      1000  /* a cancelled job runs on no longer than this */
#define DRAIN_MS       60000 /* every job answered within this after the deadline */
#define MEDDLE_MS      40    /* between two cancels from the "keyboard" */
#define RESTART_MS     2000  /* between two restarts of the session, at least */
#define WORKERS        (FETCH_LANE_BULK + FETCH_BULK_WORKERS)

/* What is known of one job of the running session, by its id. */
struct note {
    bool handed, answered, cancelled;
    int worker;
    long handed_at, cancelled_at;
};

/* The ids handed to one worker and not yet answered, oldest first. */
struct fifo {
    unsigned long *ids;
    size_t head, len, cap;
};

/* A whole load of the contacts, as a pane with load_all does it. */
struct load {
    unsigned long gen;
    unsigned long turn; /* the job of the page whose turn it is */
    long next_offset;   /* where the rows go on */
    struct page_ahead ahead;
};

struct ui {
    struct stress *st;
    struct queue results;
    struct fetch_lanes lanes;
    struct jobs jobs;
    struct note *notes;
    size_t cap_notes;
    struct fifo fifo[WORKERS];
    struct load load[LOADS];
    unsigned long gen;
    unsigned long last_id; /* the newest job id of the session */
    bool draining;         /* past the deadline: no new jobs */
    long next_restart, next_meddle;
    uint64_t rng;
    unsigned long tagged; /* contacts given tags so far */
    struct stress_ui_counts *counts;
};

static unsigned long pick(struct ui *u, unsigned long n)
{
    return n ? stress_rand(&u->rng) % n : 0;
}

/* ---- bookkeeping ---- */

static struct note *note_of(struct ui *u, unsigned long id)
{
    if (id == 0 || id > u->last_id)
        return NULL;
    if (id >= u->cap_notes) {
        size_t cap = u->cap_notes ? u->cap_notes : 256;
        while (cap <= id)
            cap *= 2;
        struct note *n = realloc(u->notes, cap * sizeof *n);
        if (!n)
            return NULL;
        memset(n + u->cap_notes, 0, (cap - u->cap_notes) * sizeof *n);
        u->notes = n;
        u->cap_notes = cap;
    }
    return &u->notes[id];
}

static int fifo_push(struct fifo *f, unsigned long id)
{
    if (f->head && f->head + f->len == f->cap) {
        memmove(f->ids, f->ids + f->head, f->len * sizeof *f->ids);
        f->head = 0;
    }
    if (f->len == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        unsigned long *ids = realloc(f->ids, cap * sizeof *ids);
        if (!ids)
            return -1;
        f->ids = ids;
        f->cap = cap;
    }
    f->ids[f->head + f->len++] = id;
    return 0;
}

static unsigned long fifo_first(const struct fifo *f)
{
    return f->len ? f->ids[f->head] : 0;
}

static void fifo_pop(struct fifo *f)
{
    f->head++;
    f->len--;
}

static size_t pending(const struct ui *u)
{
    size_t n = 0;
    for (int w = 0; w < WORKERS; w++)
        n += u->fifo[w].len;
    return n;
}

/* Cancels a tracked job as jobs_forget does, noting it first. */
static void cancel_job(struct ui *u, unsigned long id)
{
    struct note *n = note_of(u, id);
    if (n && !n->answered && !n->cancelled) {
        n->cancelled = true;
        n->cancelled_at = stress_now_ms();
    }
}

static void cancel_pane(struct ui *u, int pane)
{
    for (size_t i = 0; i < u->jobs.n_inflight; i++)
        if (u->jobs.inflight[i].purpose == FETCH_FOR_PANE && u->jobs.inflight[i].pane == pane)
            cancel_job(u, u->jobs.inflight[i].id);
    jobs_cancel_pane(&u->jobs, pane);
}

/* ahead_drop, its cancels noted. */
static void drop_ahead(struct ui *u, struct page_ahead *pa)
{
    for (size_t i = 0; i < pa->n; i++)
        if (!pa->slot[i].early)
            cancel_job(u, pa->slot[i].job);
    ahead_drop(pa, &u->jobs);
}

/* ---- asking ---- */

static unsigned long submit(struct ui *u, struct fetch_job *job, enum fetch_purpose purpose,
                            int pane, unsigned long gen)
{
    if (!job)
        return 0;
    if (u->draining) {
        fetch_job_free(job);
        return 0;
    }
    unsigned long id = jobs_submit(&u->jobs, job, purpose, pane, gen);
    if (id > u->last_id)
        u->last_id = id;
    if (id && !note_of(u, id))
        stress_fail(u->st, "out of memory for job %lu's note", id);
    return id;
}

/* The lanes' worker that fetch_lanes_submit gives job to next. */
static int worker_for(const struct ui *u, const struct fetch_job *job)
{
    if (job->lane == FETCH_LANE_BULK)
        return FETCH_LANE_BULK + (int)(u->lanes.next_bulk % FETCH_BULK_WORKERS);
    return (int)job->lane;
}

/* What the loop does with APP_JOBS: every queued job to its lane. */
static void hand_out(struct ui *u)
{
    struct fetch_job *job = jobs_take(&u->jobs);
    while (job) {
        struct fetch_job *next = (struct fetch_job *)job->node.next;
        struct note *n = note_of(u, job->id);
        if (!n) {
            stress_fail(u->st, "job %lu has no note", job->id);
            n = &(struct note){0};
        }
        n->handed = true;
        n->handed_at = stress_now_ms();
        n->worker = worker_for(u, job);
        if (fifo_push(&u->fifo[n->worker], job->id) != 0)
            stress_fail(u->st, "out of memory for worker %d's jobs", n->worker);
        fetch_lanes_submit(&u->lanes, job);
        job = next;
    }
}

static unsigned long ask_page(struct ui *u, int i, long offset)
{
    struct fetch_job *job = fetch_job_new(FETCH_LIST, SENDX_KIND_CONTACT, NULL, NULL);
    if (job) {
        job->offset = offset;
        job->limit = LOAD_PAGE;
        job->bulk = true;
    }
    return submit(u, job, FETCH_FOR_PANE, i, u->load[i].gen);
}

static void ask_ahead(struct ui *u, int i)
{
    struct load *l = &u->load[i];
    struct page_ahead *pa = &l->ahead;
    while (!pa->throttled && l->turn && pa->n < AHEAD_PAGES &&
           pa->last_offset < (long)u->st->n_contacts) {
        long offset = pa->last_offset + LOAD_PAGE;
        unsigned long id = ask_page(u, i, offset);
        if (!id)
            return;
        ahead_push(pa, id, offset);
    }
}

/* The page at the load's next offset becomes the one whose turn it is. */
static void ask_turn(struct ui *u, int i)
{
    struct load *l = &u->load[i];
    l->turn = ask_page(u, i, l->next_offset);
    l->ahead.last_offset = l->next_offset;
    ask_ahead(u, i);
}

/* A new load, as screen_table_invalidate and G do: the old one's jobs
 * cancelled, its early pages freed. */
static void load_restart(struct ui *u, int i)
{
    struct load *l = &u->load[i];
    cancel_pane(u, i);
    drop_ahead(u, &l->ahead);
    l->ahead.throttled = false;
    l->gen = ++u->gen;
    l->next_offset = 0;
    ask_turn(u, i);
}

static void ask_user_job(struct ui *u)
{
    const struct stress *st = u->st;
    const char *id = st->contacts[pick(u, st->n_contacts)];
    unsigned long choice = pick(u, 8);
    if (choice < 5) {
        submit(u, fetch_job_new(FETCH_GET, SENDX_KIND_CONTACT, NULL, id), FETCH_FOR_DETAIL, 0, 0);
    } else if (choice < 7) {
        static const char *const words[] = {"an", "ma", "son", "li", "er"};
        struct fetch_job *job =
            fetch_job_new(FETCH_LIST, SENDX_KIND_CONTACT, words[pick(u, 5)], NULL);
        if (job)
            job->limit = 50;
        submit(u, job, FETCH_FOR_PANE, SEARCH_PANE, 0);
    } else {
        /* A tag by a new name: the worker looks for it among the tags and
         * makes it (fetch.c's resolve_tags) before the contact is saved.
         * A name used before could be missed by that walk while the
         * clients delete tags, and made twice, which the server refuses. */
        struct sendx_contact *c = calloc(1, sizeof *c);
        char name[32];
        snprintf(name, sizeof name, "stress-ui-%lu", u->tagged++);
        const char *names[] = {name};
        if (c && codec_set_strings(&model_contact_type, c, SENDX_CONTACT_TAGS, names, 1) != 0) {
            codec_free(&model_contact_type, c);
            free(c);
            c = NULL;
        }
        if (c)
            submit(u, fetch_job_new_write(FETCH_UPDATE, SENDX_KIND_CONTACT, id, c, NULL),
                   FETCH_FOR_SAVE, 0, 0);
    }
}

static void ask_background_job(struct ui *u)
{
    const struct stress *st = u->st;
    unsigned long choice = pick(u, 3);
    if (choice == 2 && st->n_campaigns) {
        const char *id = st->campaigns[pick(u, st->n_campaigns)];
        submit(u, fetch_job_new(FETCH_REPORT, SENDX_KIND_CAMPAIGN, NULL, id), FETCH_FOR_REPORTS, 0,
               0);
        return;
    }
    struct fetch_job *job =
        fetch_job_new(FETCH_LIST, choice ? SENDX_KIND_LIST : SENDX_KIND_TAG, NULL, NULL);
    if (job)
        job->offset = (long)pick(u, 3) * 10;
    submit(u, job, FETCH_FOR_NAMES, 0, 0);
}

/* ---- answers ---- */

/* The note of a result's job, which must be the oldest its worker has
 * not answered. NULL after stress_fail. */
static struct note *in_order(struct ui *u, const struct fetch_result *r, const char *what)
{
    struct note *n = note_of(u, r->job_id);
    if (!n || !n->handed || n->answered) {
        stress_fail(u->st, "%s for job %lu, which is %s", what, r->job_id,
                    !n || !n->handed ? "not handed to any worker" : "answered already");
        return NULL;
    }
    unsigned long first = fifo_first(&u->fifo[n->worker]);
    if (first != r->job_id) {
        stress_fail(u->st, "worker %d: %s for job %lu before job %lu, handed to it earlier",
                    n->worker, what, r->job_id, first);
        return NULL;
    }
    return n;
}

/* A job cancelled stops within CANCEL_MS. It started no earlier than it
 * was handed out, so it ran on at least this long after its cancel. */
static void check_cancelled(struct ui *u, const struct fetch_result *r, const struct note *n)
{
    long after = n->handed_at + r->elapsed_ms - n->cancelled_at;
    if (after > CANCEL_MS)
        stress_fail(u->st, "job %lu ran on for %ld ms after its cancel", r->job_id, after);
}

/* A job nobody cancelled ends in success or in a fault the mock injects;
 * a report may also find no campaign sent. */
static bool failure_expected(struct ui *u, const struct fetch_result *r)
{
    if (r->rc == 0)
        return true;
    if (stress_injected(&r->err))
        return true;
    if (r->job->type == FETCH_REPORT && r->err.kind == API_ERR_HTTP && r->err.http_status == 404)
        return true;
    stress_fail(u->st, "job %lu (type %d) failed: %s", r->job_id, (int)r->job->type,
                api_error_message(&r->err));
    return false;
}

static void check_page_records(struct ui *u, const struct fetch_result *r, long offset)
{
    const struct sendx_page *page = &r->page;
    if (page->n_bad)
        stress_fail(u->st, "a page at %ld had %zu records that did not decode: %s", offset,
                    page->n_bad, api_error_message(&page->bad));
    for (size_t i = 0; i < page->records.len; i++) {
        const struct sendx_contact *c = sendx_page_at(page, i);
        size_t at = (size_t)offset + i;
        if (at >= u->st->n_contacts || !c->id || strcmp(c->id, u->st->contacts[at]) != 0) {
            stress_fail(u->st, "the load's record %zu is %s, not %s", at, c->id ? c->id : "(none)",
                        at < u->st->n_contacts ? u->st->contacts[at] : "past the end");
            return;
        }
    }
}

/* Files one page of load i in its turn. Returns the early result to
 * file next (the caller's to free), or NULL. */
static struct fetch_result *file_page(struct ui *u, int i, struct fetch_result *r)
{
    struct load *l = &u->load[i];
    if (r->rc != 0 || r->job->offset != l->next_offset) {
        if (r->rc == 0)
            stress_fail(u->st, "the page at %ld came in the turn of %ld", r->job->offset,
                        l->next_offset);
        drop_ahead(u, &l->ahead); /* asked again, from where the rows go on */
        ask_turn(u, i);
        return NULL;
    }
    check_page_records(u, r, l->next_offset);
    l->next_offset += (long)r->page.received;
    if (r->page.received < LOAD_PAGE) {
        if (l->next_offset != (long)u->st->n_contacts)
            stress_fail(u->st, "a load ended at %ld of %zu contacts", l->next_offset,
                        u->st->n_contacts);
        u->counts->loads++;
        load_restart(u, i);
        return NULL;
    }
    if (!l->ahead.n || l->ahead.slot[0].offset != l->next_offset) {
        drop_ahead(u, &l->ahead);
        ask_turn(u, i);
        return NULL;
    }
    struct ahead_slot next = ahead_pop(&l->ahead);
    l->turn = next.job;
    if (!next.early)
        ask_ahead(u, i);
    return next.early;
}

/* screen_table_page: a page in its turn is filed (and the early ones
 * after it), one that came early waits in its slot. */
static void load_result(struct ui *u, struct fetch_result *r)
{
    struct load *l = &u->load[r->job->pane];
    if (r->gen != l->gen)
        return; /* the load started over since */
    if (r->job_id != l->turn) {
        int slot = ahead_find(&l->ahead, r->job_id);
        if (slot >= 0 && !(l->ahead.slot[slot].early = fetch_result_take(r)))
            drop_ahead(u, &l->ahead);
        return;
    }
    struct fetch_result *early = file_page(u, r->job->pane, r);
    while (early) {
        struct fetch_result *after = file_page(u, r->job->pane, early);
        fetch_result_free(early);
        early = after;
    }
}

static void check_answer(struct ui *u, const struct fetch_result *r)
{
    const struct fetch_job *job = r->job;
    if (job->type == FETCH_GET) {
        const struct sendx_contact *c = r->record;
        if (!c || !c->id || strcmp(c->id, job->record_id) != 0)
            stress_fail(u->st, "asked for %s, got %s", job->record_id,
                        c && c->id ? c->id : "(nothing)");
    } else if (job->type == FETCH_UPDATE) {
        const struct sendx_contact *c = job->record;
        if (c->tags.len != 1 || strncmp(c->tags.items[0], "tag_", 4) != 0)
            stress_fail(u->st, "a saved contact's tag is still %s, not an id",
                        c->tags.len ? c->tags.items[0] : "(none)");
    } else if (job->type == FETCH_LIST && r->page.n_bad) {
        stress_fail(u->st, "a %s page had records that did not decode: %s",
                    model_resource(job->kind)->name, api_error_message(&r->page.bad));
    }
}

/* app_result: a retry notice or a job's answer, checked, then taken by
 * whoever still waits for it. */
static void take_result(struct ui *u, struct fetch_result *r)
{
    const struct jobs_inflight *in = jobs_find(&u->jobs, r->job_id);
    if (r->type == FETCH_RESULT_RETRY) {
        u->counts->retries++;
        /* The server asks for less: that load goes on a page at a time. */
        if (in_order(u, r, "a retry notice") && in && in->purpose == FETCH_FOR_PANE &&
            in->pane < LOADS && r->retry.status == 429) {
            struct load *l = &u->load[in->pane]; /* in moves as jobs are forgotten */
            drop_ahead(u, &l->ahead);
            l->ahead.throttled = true;
        }
        return;
    }
    struct note *n = in_order(u, r, "an answer");
    if (!n)
        return;
    fifo_pop(&u->fifo[n->worker]);
    n->answered = true;
    u->counts->answered++;
    if (n->cancelled) {
        u->counts->cancelled++;
        check_cancelled(u, r, n);
        return;
    }
    if (!in) {
        stress_fail(u->st, "job %lu answered, never cancelled, yet no longer tracked", r->job_id);
        return;
    }
    jobs_forget(&u->jobs, r->job_id, false);
    if (!failure_expected(u, r))
        return;
    if (r->job->purpose == FETCH_FOR_PANE && r->job->pane < LOADS)
        load_result(u, r);
    else if (r->rc == 0)
        check_answer(u, r);
}

static void read_results(struct ui *u)
{
    struct queue_node *node = queue_take_all(&u->results);
    while (node) {
        struct queue_node *next = node->next;
        take_result(u, (struct fetch_result *)node);
        fetch_result_free((struct fetch_result *)node);
        node = next;
    }
}

/* ---- the session ---- */

static int session_start(struct ui *u)
{
    /* The app's own retry waits: after a 429 a second or more, a wait a
     * cancel has to cut short. */
    struct http_options http = u->st->http;
    http.retry = retry_policy_default();
    struct api_error err = {0};
    int rc = fetch_lanes_start(&u->lanes, &http, &u->results, u->st->log, &err);
    if (rc != 0)
        stress_fail(u->st, "the fetch lanes: %s", api_error_message(&err));
    api_error_clear(&err);
    for (int i = 0; rc == 0 && i < LOADS; i++)
        load_restart(u, i);
    return rc;
}

/* session_stop: the app's jobs cancelled, the workers joined, what they
 * answered late drained (checked like any answer); the jobs never
 * started are dropped with the workers. */
static void session_stop(struct ui *u)
{
    for (size_t i = 0; i < u->jobs.n_inflight; i++)
        cancel_job(u, u->jobs.inflight[i].id);
    for (int i = 0; i < LOADS; i++)
        drop_ahead(u, &u->load[i].ahead);
    jobs_free(&u->jobs);
    fetch_lanes_stop(&u->lanes);
    read_results(u);
    for (int w = 0; w < WORKERS; w++) {
        u->counts->dropped += u->fifo[w].len;
        u->fifo[w].head = u->fifo[w].len = 0;
    }
    if (u->notes)
        memset(u->notes, 0, u->cap_notes * sizeof *u->notes);
    u->last_id = 0;
    memset(u->load, 0, sizeof u->load);
}

static void restart(struct ui *u, long now)
{
    logger_write(u->st->log, "ui: stress restart %lu", u->counts->restarts);
    session_stop(u);
    u->counts->restarts++;
    session_start(u);
    u->next_restart = now + RESTART_MS + (long)pick(u, RESTART_MS);
}

/* What a key might do, every MEDDLE_MS: a detail closed (its job
 * cancelled), now and then a load started over. */
static void meddle(struct ui *u, long now)
{
    if (now < u->next_meddle)
        return;
    u->next_meddle = now + MEDDLE_MS;
    unsigned long choice = pick(u, 100);
    if (choice == 0) {
        load_restart(u, (int)pick(u, LOADS));
    } else if (choice <= 60 && u->jobs.n_inflight) {
        const struct jobs_inflight *in = &u->jobs.inflight[pick(u, u->jobs.n_inflight)];
        if (in->purpose == FETCH_FOR_DETAIL || in->purpose == FETCH_FOR_NAMES) {
            unsigned long id = in->id;
            cancel_job(u, id);
            jobs_forget(&u->jobs, id, true);
        }
    }
}

/* Keeps the user and background lanes busy, a few jobs waiting on each. */
static void top_up(struct ui *u)
{
    for (int i = 0; i < USER_MAX && u->fifo[FETCH_LANE_USER].len < USER_MAX; i++) {
        ask_user_job(u);
        hand_out(u);
    }
    for (int i = 0; i < BACKGROUND_MAX && u->fifo[FETCH_LANE_BACKGROUND].len < BACKGROUND_MAX;
         i++) {
        ask_background_job(u);
        hand_out(u);
    }
}

/* One turn of the loop: poll the wake fd, take what came, ask more. */
static void turn(struct ui *u, int timeout_ms)
{
    struct pollfd fd = {.fd = queue_wake_fd(&u->results), .events = POLLIN};
    int rc = poll(&fd, 1, timeout_ms);
    long now = stress_now_ms();
    if (rc > 0 && (fd.revents & POLLIN))
        read_results(u);
    if (u->draining)
        return;
    if (now >= u->next_restart)
        restart(u, now);
    meddle(u, now);
    top_up(u);
    hand_out(u);
}

/* Past the deadline: nothing new; every job handed out must come back. */
static void drain(struct ui *u)
{
    u->draining = true;
    for (int i = 0; i < LOADS; i++)
        drop_ahead(u, &u->load[i].ahead);
    long until = stress_now_ms() + DRAIN_MS;
    while (pending(u) && stress_now_ms() < until && !stress_failure())
        turn(u, 100);
    for (int w = 0; w < WORKERS && !stress_failure(); w++)
        if (u->fifo[w].len)
            stress_fail(u->st, "worker %d never answered job %lu (%zu waiting)", w,
                        fifo_first(&u->fifo[w]), u->fifo[w].len);
}

int stress_ui_run(struct stress *st, struct stress_ui_counts *counts)
{
    static struct ui u;
    u = (struct ui){.st = st, .rng = 0x9e3779b97f4a7c15u, .counts = counts};
    if (queue_init(&u.results, true) != 0) {
        stress_fail(st, "the result queue");
        return -1;
    }
    u.next_restart = stress_now_ms() + RESTART_MS;
    if (session_start(&u) == 0) {
        while (stress_running(st))
            turn(&u, 20);
        drain(&u);
    }
    if (!stress_failure() && counts->loads == 0)
        stress_fail(st, "no whole load got to the end");
    u.draining = true;
    session_stop(&u);
    queue_destroy(&u.results);
    free(u.notes);
    for (int w = 0; w < WORKERS; w++)
        free(u.fifo[w].ids);
    return stress_failure() ? -1 : 0;
}
