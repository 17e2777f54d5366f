/* The export's fetchers: threads of their own, each with a client (and so
 * a connection) of its own, asking for the pages of a walk before the
 * writer wants them. While the server makes one page, the last one
 * travels and is decoded and the one before it is written: one after the
 * other, the export paid all three in turn for every page.
 *
 * The pages reach the writer in the server's order through a window of
 * EXPORT_AHEAD slots: page n lives in slot n % EXPORT_AHEAD, and page n
 * is not asked for until the writer has taken page n - EXPORT_AHEAD, so a
 * fast server cannot fill memory while a slow disk writes. Offsets are
 * guessed a full page apart (the first page says how many records a full
 * one holds), which is where the next page starts unless the walk ends
 * there or the server sent more than asked: then what was asked ahead is
 * dropped and asked again from where the walk is. After a 429, one page
 * at a time is asked (still ahead of the writer) for the rest of the
 * export, as the browser's bulk lane does (app/ahead.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/http.h"
#include "api/sendx.h"
#include "api/walk.h"
#include "cli/export_internal.h"

enum slot_state {
    SLOT_FREE,  /* not asked for */
    SLOT_ASKED, /* a fetcher has it */
    SLOT_DONE,  /* answered: a page or an error, for the writer to take */
};

struct slot {
    enum slot_state state;
    long offset;            /* where the page was asked to start */
    int rc;                 /* sendx_list's */
    struct sendx_page page; /* rc 0: owned */
    struct api_error err;   /* rc -1: owned */
};

struct fetcher {
    struct export_fetch *f;
    struct sendx_client *client; /* owned; used on the fetcher's thread only */
    struct http_cancel *cancel;  /* this walk's (owned), or NULL between walks */
    pthread_t thread;
    bool started;
};

/* The walk the fetchers serve. Pages are numbered from 0 in the walk. */
struct walk_pages {
    enum sendx_kind kind;
    struct sendx_query query; /* search borrowed from the walk's caller */
    struct slot slots[EXPORT_AHEAD];
    size_t head;      /* the page the writer takes next */
    size_t next;      /* the page to ask for next */
    size_t last;      /* no page past it is wanted (it ended short or failed); SIZE_MAX: unknown */
    long next_offset; /* where page next starts, guessed */
    long step;        /* records in a full page: 0 until the first page says */
    unsigned gen;     /* changes when what was asked ahead is dropped */
    size_t in_flight; /* requests on their way, dropped ones included */
    bool over;        /* the writer is done with the walk */
};

struct export_fetch {
    pthread_mutex_t lock; /* guards everything below but the clients */
    pthread_cond_t changed;
    struct fetcher fetchers[EXPORT_FETCHERS];
    bool stopped;   /* every walk, this one and later, ends cancelled */
    bool throttled; /* a 429 came: one request at a time */
    struct walk_pages w;
    /* The caller's hooks, called through the fetch's own. */
    void (*on_log)(void *ctx, const struct http_log_entry *e);
    void (*on_retry)(void *ctx, const struct http_retry_notice *n);
    void *callback_ctx;
};

/* ---- the fetch and its clients ------------------------------------------- */

static void forward_log(void *ctx, const struct http_log_entry *e)
{
    struct export_fetch *f = ctx;
    f->on_log(f->callback_ctx, e);
}

/* On a fetcher's thread, between attempts. */
static void note_retry(void *ctx, const struct http_retry_notice *n)
{
    struct export_fetch *f = ctx;
    if (n->status == 429) {
        pthread_mutex_lock(&f->lock);
        f->throttled = true;
        pthread_mutex_unlock(&f->lock);
    }
    if (f->on_retry)
        f->on_retry(f->callback_ctx, n);
}

struct export_fetch *cli_export_fetch_new(const struct http_options *http, struct api_error *err)
{
    struct export_fetch *f = calloc(1, sizeof *f);
    if (!f) {
        api_error_nomem(err);
        return NULL;
    }
    pthread_mutex_init(&f->lock, NULL);
    pthread_cond_init(&f->changed, NULL);
    f->on_log = http->on_log;
    f->on_retry = http->on_retry;
    f->callback_ctx = http->callback_ctx;
    struct http_options mine = *http;
    mine.on_log = http->on_log ? forward_log : NULL;
    mine.on_retry = note_retry;
    mine.callback_ctx = f;
    for (size_t i = 0; i < EXPORT_FETCHERS; i++) {
        f->fetchers[i].f = f;
        f->fetchers[i].client = sendx_client_new(&mine, err);
        if (!f->fetchers[i].client) {
            cli_export_fetch_free(f);
            return NULL;
        }
    }
    return f;
}

void cli_export_fetch_free(struct export_fetch *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < EXPORT_FETCHERS; i++)
        sendx_client_free(f->fetchers[i].client);
    pthread_cond_destroy(&f->changed);
    pthread_mutex_destroy(&f->lock);
    free(f);
}

void cli_export_fetch_stop(struct export_fetch *f)
{
    pthread_mutex_lock(&f->lock);
    f->stopped = true;
    for (size_t i = 0; i < EXPORT_FETCHERS; i++)
        http_cancel_fire(f->fetchers[i].cancel);
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->lock);
}

/* ---- a fetcher (its own thread; the lock held but while it asks) ----------- */

/* Whether page w->next may be asked for now. */
static bool may_ask(const struct export_fetch *f)
{
    const struct walk_pages *w = &f->w;
    if (w->next - w->head >= EXPORT_AHEAD || w->next > w->last)
        return false;
    if (w->next > 0 && w->step == 0)
        return false; /* the first page has yet to say where the second starts */
    return !(f->throttled && w->in_flight > 0);
}

/* Waits for a page to ask for: false once the walk is over or stopped,
 * else its number and where it starts. */
static bool claim(struct export_fetch *f, size_t *n, long *offset)
{
    struct walk_pages *w = &f->w;
    while (!f->stopped && !w->over && !may_ask(f))
        pthread_cond_wait(&f->changed, &f->lock);
    if (f->stopped || w->over)
        return false;
    *n = w->next++;
    *offset = w->next_offset;
    w->next_offset += w->step;
    w->slots[*n % EXPORT_AHEAD] = (struct slot){.state = SLOT_ASKED, .offset = *offset};
    w->in_flight++;
    return true;
}

/* The answer for page n into its slot, unless what was asked ahead was
 * dropped meanwhile or the walk is over. */
static void file(struct export_fetch *f, size_t n, unsigned gen, int rc, struct sendx_page *page,
                 struct api_error *err)
{
    struct walk_pages *w = &f->w;
    w->in_flight--;
    if (gen != w->gen || w->over) {
        sendx_page_free(page);
        api_error_clear(err);
        return;
    }
    struct slot *s = &w->slots[n % EXPORT_AHEAD];
    s->state = SLOT_DONE;
    s->rc = rc;
    s->page = *page;
    api_error_move(&s->err, err);
    if ((rc != 0 || !sendx_page_more(page)) && n < w->last)
        w->last = n;
    if (rc == 0 && w->step == 0 && page->limit > 0) {
        w->step = page->limit;
        w->next_offset = page->offset + page->limit;
    }
}

static void *fetcher_run(void *arg)
{
    struct fetcher *me = arg;
    struct export_fetch *f = me->f;
    size_t n;
    long offset;
    pthread_mutex_lock(&f->lock);
    while (claim(f, &n, &offset)) {
        struct sendx_query q = f->w.query;
        q.offset = offset;
        enum sendx_kind kind = f->w.kind;
        unsigned gen = f->w.gen;
        pthread_mutex_unlock(&f->lock);
        struct sendx_page page;
        struct api_error err = {0};
        int rc = sendx_list(me->client, kind, &q, &page, me->cancel, &err);
        pthread_mutex_lock(&f->lock);
        file(f, n, gen, rc, &page, &err);
        pthread_cond_broadcast(&f->changed);
    }
    pthread_mutex_unlock(&f->lock);
    return NULL;
}

/* ---- the walk (the writer's thread) --------------------------------------- */

static void slot_clear(struct slot *s)
{
    sendx_page_free(&s->page);
    api_error_clear(&s->err);
    *s = (struct slot){0};
}

/* Ends the walk: what is in flight cancelled, the fetchers joined, what
 * they fetched beyond the writer freed. */
static void finish(struct export_fetch *f)
{
    pthread_mutex_lock(&f->lock);
    f->w.over = true;
    for (size_t i = 0; i < EXPORT_FETCHERS; i++)
        http_cancel_fire(f->fetchers[i].cancel);
    pthread_cond_broadcast(&f->changed);
    pthread_mutex_unlock(&f->lock);
    for (size_t i = 0; i < EXPORT_FETCHERS; i++) {
        if (f->fetchers[i].started)
            pthread_join(f->fetchers[i].thread, NULL);
        f->fetchers[i].started = false;
    }
    /* Under the lock: a stop may be firing them this moment. */
    pthread_mutex_lock(&f->lock);
    for (size_t i = 0; i < EXPORT_FETCHERS; i++) {
        http_cancel_unref(f->fetchers[i].cancel);
        f->fetchers[i].cancel = NULL;
    }
    pthread_mutex_unlock(&f->lock);
    for (size_t i = 0; i < EXPORT_AHEAD; i++)
        slot_clear(&f->w.slots[i]);
}

/* Arms the fetchers for a walk and starts them; -1 with err (the walk is
 * then over, for finish to clean up). The tokens are made under the lock
 * so that a stop either comes first (and the walk never starts) or
 * finds them to fire. */
static int start(struct export_fetch *f, enum sendx_kind kind, const struct sendx_query *q,
                 struct api_error *err)
{
    pthread_mutex_lock(&f->lock);
    f->w =
        (struct walk_pages){.kind = kind, .query = *q, .last = SIZE_MAX, .next_offset = q->offset};
    int rc = f->stopped ? api_error_fail(err, API_ERR_CANCELLED, 0, "cancelled") : 0;
    for (size_t i = 0; rc == 0 && i < EXPORT_FETCHERS; i++)
        if (!(f->fetchers[i].cancel = http_cancel_new()))
            rc = api_error_nomem(err);
    f->w.over = rc != 0;
    pthread_mutex_unlock(&f->lock);
    for (size_t i = 0; rc == 0 && i < EXPORT_FETCHERS; i++) {
        struct fetcher *fe = &f->fetchers[i];
        int e = pthread_create(&fe->thread, NULL, fetcher_run, fe);
        if (e != 0)
            rc = api_error_fail(err, API_ERR_NOMEM, 0, "cannot start a thread: %s", strerror(e));
        fe->started = e == 0;
    }
    return rc;
}

/* Waits for the page whose turn it is, moved into *out: 0, or -1 when
 * the export was stopped. */
static int take(struct export_fetch *f, struct slot *out)
{
    pthread_mutex_lock(&f->lock);
    struct walk_pages *w = &f->w;
    struct slot *s = &w->slots[w->head % EXPORT_AHEAD];
    while (!f->stopped && s->state != SLOT_DONE)
        pthread_cond_wait(&f->changed, &f->lock);
    bool stopped = f->stopped;
    if (!stopped) {
        *out = *s;
        *s = (struct slot){0};
        w->head++;
        pthread_cond_broadcast(&f->changed);
    }
    pthread_mutex_unlock(&f->lock);
    return stopped ? -1 : 0;
}

/* The walk goes on at offset at: the next page asked must start there.
 * When it does not (the server sent more than a page), what was asked
 * ahead is dropped and asked again from there. */
static void go_on_at(struct export_fetch *f, long at)
{
    pthread_mutex_lock(&f->lock);
    struct walk_pages *w = &f->w;
    if (w->next == w->head || w->slots[w->head % EXPORT_AHEAD].offset != at) {
        for (size_t n = w->head; n < w->next; n++)
            slot_clear(&w->slots[n % EXPORT_AHEAD]);
        if (w->next != w->head)
            w->gen++;
        w->next = w->head;
        w->next_offset = at;
        w->last = SIZE_MAX;
        pthread_cond_broadcast(&f->changed);
    }
    pthread_mutex_unlock(&f->lock);
}

/* The writer's side of a walk. */
struct walk_run {
    struct sendx_walk guard;
    const char *plural;
    long at;   /* where the walk is: the records before it received */
    int state; /* the guard's */
    export_page_fn fn;
    void *ctx;
};

/* The page in s through the guard to fn, then freed: 0, or -1 with err. */
static int deliver(struct walk_run *r, struct slot *s, struct api_error *err)
{
    if (s->rc != 0) {
        api_error_move(err, &s->err);
        if (r->at > 0 && err->kind != API_ERR_CANCELLED)
            api_error_prefix(err, "after %ld %s", r->at, r->plural);
        return -1;
    }
    int rc = sendx_walk_page(&r->guard, &s->page, err);
    if (rc >= 0) {
        r->state = rc;
        r->at = s->page.offset + (long)s->page.received;
        rc = r->fn(r->ctx, &s->page, err);
    }
    sendx_page_free(&s->page);
    return rc;
}

int cli_export_fetch_walk(struct export_fetch *f, enum sendx_kind kind, const struct sendx_query *q,
                          export_page_fn fn, void *ctx, struct api_error *err)
{
    struct walk_run r = {.plural = model_resource(kind)->plural,
                         .at = q->offset,
                         .state = SENDX_WALK_MORE,
                         .fn = fn,
                         .ctx = ctx};
    /* No cap: the guard keeps each id it saw (8 bytes a record). */
    sendx_walk_init(&r.guard, SIZE_MAX);
    int rc = start(f, kind, q, err);
    while (rc == 0 && r.state == SENDX_WALK_MORE) {
        struct slot s;
        if (take(f, &s) != 0) {
            rc = api_error_fail(err, API_ERR_CANCELLED, 0, "cancelled");
            break;
        }
        rc = deliver(&r, &s, err);
        if (rc == 0 && r.state == SENDX_WALK_MORE)
            go_on_at(f, r.at);
    }
    finish(f);
    char why[160];
    if (rc == 0 && sendx_walk_reason(&r.guard, r.plural, why, sizeof why))
        rc = api_error_fail(err, API_ERR_BODY, 0, "%s", why);
    sendx_walk_free(&r.guard);
    return rc;
}
