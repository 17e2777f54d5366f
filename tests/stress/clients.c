/* The mock under concurrent clients, for sendx-stress: each client is a
 * thread with its own sendx_client, reading pages of contacts (checked
 * against the server's order read at start: no contact lost or moved)
 * and taking tags of its own through their whole life (made, read back,
 * renamed, read back, deleted, gone), while one more thread switches the
 * mock's faults (latency, 429s, 5xx, now and then requests held 1.5 s)
 * every few dozen milliseconds.
 *
 * A request the faults fail is asked again: the mock injects a fault
 * before it acts, so a failed write did nothing. Any other failure, or a
 * read that disagrees with what this client wrote, is reported. At the
 * end, with the faults off, every tag a client made and did not delete
 * must be there, and none it deleted. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/sendx.h"
#include "api/walk.h"
#include "stress.h"

#define CLIENTS_MAX 32
#define FAULT_MS    60   /* how long one fault setting lasts */
#define HANG_MS     1500 /* the latency of the requests that hang */

struct made_tag {
    char *id;
    bool deleted;
};

struct client {
    struct stress *st;
    unsigned index;
    pthread_t thread;
    bool started;
    struct sendx_client *api;
    uint64_t rng;
    unsigned long requests, made;
    struct made_tag *tags;
    size_t n_tags, cap_tags;
};

struct stress_clients {
    struct stress *st;
    struct client client[CLIENTS_MAX];
    unsigned n;
    pthread_t faults;
    bool faults_started;
};

/* ---- requests, asked again while the faults fail them ---- */

/* Whether to ask again after rc: a fault, while the run goes on. A
 * failure that is no fault is reported. */
static bool again(struct client *c, int rc, struct api_error *err, const char *what)
{
    c->requests++;
    if (rc == 0)
        return false;
    bool fault = stress_injected(err);
    if (!fault)
        stress_fail(c->st, "client %u: %s: %s", c->index, what, api_error_message(err));
    api_error_clear(err);
    return fault && !atomic_load(&c->st->stop);
}

static int get_tag(struct client *c, const char *id, struct sendx_tag *out, struct api_error *err)
{
    int rc;
    do {
        codec_free(&model_tag_type, out);
        rc = sendx_get(c->api, SENDX_KIND_TAG, id, out, NULL, err);
        if (rc != 0 && err->kind == API_ERR_HTTP && err->http_status == 404)
            return 1;
    } while (again(c, rc, err, "reading a tag"));
    return rc;
}

/* The tag id reads back with name; reports otherwise. */
static void expect_tag(struct client *c, const char *id, const char *name)
{
    struct sendx_tag got = {0};
    struct api_error err = {0};
    int rc = get_tag(c, id, &got, &err);
    if (rc == 1 || (rc == 0 && (!got.name || strcmp(got.name, name) != 0)))
        stress_fail(c->st, "client %u: tag %s reads back as %s, not %s", c->index, id,
                    rc == 1    ? "missing"
                    : got.name ? got.name
                               : "(no name)",
                    name);
    codec_free(&model_tag_type, &got);
    api_error_clear(&err);
}

static struct made_tag *note_tag(struct client *c, const char *id)
{
    if (c->n_tags == c->cap_tags) {
        size_t cap = c->cap_tags ? c->cap_tags * 2 : 32;
        struct made_tag *t = realloc(c->tags, cap * sizeof *t);
        if (!t)
            return NULL;
        c->tags = t;
        c->cap_tags = cap;
    }
    char *copy = strdup(id);
    if (!copy)
        return NULL;
    c->tags[c->n_tags] = (struct made_tag){copy, false};
    return &c->tags[c->n_tags++];
}

/* Makes a tag called name; its note, or NULL once the run stopped. */
static struct made_tag *make_tag(struct client *c, const char *name)
{
    struct sendx_tag want = {0}, made = {0};
    struct api_error err = {0};
    struct made_tag *t = NULL;
    int rc = codec_set_string(&model_tag_type, &want, SENDX_TAG_NAME, name);
    while (rc == 0 && (rc = sendx_create(c->api, SENDX_KIND_TAG, &want, &made, NULL, &err)) != 0 &&
           again(c, rc, &err, "making a tag"))
        rc = 0;
    if (rc == 0 && !made.id)
        stress_fail(c->st, "client %u: the new tag %s has no id", c->index, name);
    else if (rc == 0 && !(t = note_tag(c, made.id)))
        stress_fail(c->st, "client %u: out of memory", c->index);
    codec_free(&model_tag_type, &want);
    codec_free(&model_tag_type, &made);
    api_error_clear(&err);
    return t;
}

static int rename_tag(struct client *c, const char *id, const char *name)
{
    struct sendx_tag change = {0}, answer = {0};
    struct api_error err = {0};
    int rc = codec_set_string(&model_tag_type, &change, SENDX_TAG_NAME, name);
    while (rc == 0 &&
           (rc = sendx_update(c->api, SENDX_KIND_TAG, id, &change, &answer, NULL, &err)) != 0 &&
           again(c, rc, &err, "renaming a tag"))
        codec_free(&model_tag_type, &answer);
    codec_free(&model_tag_type, &change);
    codec_free(&model_tag_type, &answer);
    api_error_clear(&err);
    return rc;
}

static int delete_tag(struct client *c, struct made_tag *t)
{
    struct api_error err = {0};
    int rc;
    while ((rc = sendx_delete(c->api, SENDX_KIND_TAG, t->id, NULL, NULL, &err)) != 0 &&
           again(c, rc, &err, "deleting a tag"))
        ;
    t->deleted = rc == 0;
    api_error_clear(&err);
    return rc;
}

/* A tag's whole life, each step read back. */
static void tag_life(struct client *c)
{
    char name[64], renamed[72];
    snprintf(name, sizeof name, "stress-c%u-%lu", c->index, c->made++);
    snprintf(renamed, sizeof renamed, "%s-renamed", name);
    struct made_tag *t = make_tag(c, name);
    if (!t)
        return;
    expect_tag(c, t->id, name);
    if (rename_tag(c, t->id, renamed) != 0)
        return;
    expect_tag(c, t->id, renamed);
    if (stress_rand(&c->rng) % 2 || delete_tag(c, t) != 0)
        return;
    struct sendx_tag gone = {0};
    struct api_error err = {0};
    if (get_tag(c, t->id, &gone, &err) == 0)
        stress_fail(c->st, "client %u: tag %s is still there after its delete", c->index, t->id);
    codec_free(&model_tag_type, &gone);
    api_error_clear(&err);
}

/* A page of contacts at a random offset: the server's order, unmoved
 * (the UI side's writes change a contact's tags only). */
static void read_page(struct client *c)
{
    const struct stress *st = c->st;
    struct sendx_query q = {.offset = (long)(stress_rand(&c->rng) % st->n_contacts), .limit = 50};
    struct sendx_page page = {0};
    struct api_error err = {0};
    int rc;
    while ((rc = sendx_list(c->api, SENDX_KIND_CONTACT, &q, &page, NULL, &err)) != 0 &&
           again(c, rc, &err, "reading contacts"))
        ;
    for (size_t i = 0; rc == 0 && i < page.records.len; i++) {
        const struct sendx_contact *ct = sendx_page_at(&page, i);
        size_t at = (size_t)q.offset + i;
        if (at >= st->n_contacts || !ct->id || strcmp(ct->id, st->contacts[at]) != 0) {
            stress_fail(c->st, "client %u: contact %zu is %s", c->index, at,
                        ct->id ? ct->id : "(none)");
            break;
        }
    }
    if (rc == 0 && page.records.len == 0)
        stress_fail(c->st, "client %u: no contacts at %ld", c->index, q.offset);
    sendx_page_free(&page);
    api_error_clear(&err);
}

/* Waits while the mock holds requests (the faults' hang): a client
 * would spend most of the run waiting on them. The mock's faults are
 * read here while the fault thread changes them. */
static void sit_out_hang(struct stress *st)
{
    while (mock_server_faults(st->mock).latency_ms >= HANG_MS && stress_running(st))
        stress_pause_ms(5);
}

static void *client_main(void *arg)
{
    struct client *c = arg;
    struct api_error err = {0};
    c->api = sendx_client_new(&c->st->http, &err);
    if (!c->api)
        stress_fail(c->st, "client %u: %s", c->index, api_error_message(&err));
    api_error_clear(&err);
    while (c->api && stress_running(c->st)) {
        sit_out_hang(c->st);
        if (stress_rand(&c->rng) % 3)
            read_page(c);
        else
            tag_life(c);
    }
    return NULL;
}

/* ---- the faults ---- */

/* A setting now and then: requests that hang, for a cancel on the UI
 * side to cut short. The clients sit these out (sit_out_hang). */
static const struct mock_faults hang = {.latency_ms = HANG_MS};

static void *faults_main(void *arg)
{
    struct stress_clients *cs = arg;
    static const struct mock_faults settings[] = {
        {0},
        {.latency_ms = 15},
        {.rate_limit = 15, .rate_window_ms = 100},
        {.error_rate = 0.2},
        {.error_rate = 0.1, .error_status = 503, .latency_ms = 5},
        {.rate_limit = 40, .rate_window_ms = 50, .latency_ms = 2},
    };
    uint64_t rng = 0x2545f4914f6cdd1du;
    size_t n = sizeof settings / sizeof settings[0];
    while (stress_running(cs->st)) {
        uint64_t draw = stress_rand(&rng);
        mock_server_set_faults(cs->st->mock, draw % 10 == 0 ? &hang : &settings[draw / 10 % n]);
        stress_pause_ms(FAULT_MS);
    }
    mock_server_set_faults(cs->st->mock, &(struct mock_faults){0});
    return NULL;
}

/* ---- start and finish ---- */

struct stress_clients *stress_clients_start(struct stress *st)
{
    struct stress_clients *cs = calloc(1, sizeof *cs);
    if (!cs) {
        stress_fail(st, "out of memory");
        return NULL;
    }
    cs->st = st;
    cs->n = st->clients < CLIENTS_MAX ? st->clients : CLIENTS_MAX;
    cs->faults_started = pthread_create(&cs->faults, NULL, faults_main, cs) == 0;
    for (unsigned i = 0; i < cs->n; i++) {
        struct client *c = &cs->client[i];
        *c = (struct client){.st = st, .index = i, .rng = 0x9e3779b97f4a7c15u * (i + 1)};
        c->started = pthread_create(&c->thread, NULL, client_main, c) == 0;
    }
    if (!cs->faults_started)
        stress_fail(st, "cannot start the fault thread");
    return cs;
}

/* Marks each tag of the page the clients made: seen[k] for tag k. */
static void mark_seen(struct stress_clients *cs, const struct sendx_page *page, bool **seen)
{
    for (size_t r = 0; r < page->records.len; r++) {
        const struct sendx_tag *tag = sendx_page_at(page, r);
        for (unsigned i = 0; tag->id && i < cs->n; i++)
            for (size_t k = 0; k < cs->client[i].n_tags; k++)
                if (strcmp(cs->client[i].tags[k].id, tag->id) == 0)
                    seen[i][k] = true;
    }
}

/* Every tag as the server holds it now, faults off and nothing writing. */
static void check_tags(struct stress_clients *cs, bool **seen)
{
    struct api_error err = {0};
    struct sendx_client *api = sendx_client_new(&cs->st->http, &err);
    struct sendx_query q = {.limit = model_resource(SENDX_KIND_TAG)->page_max};
    struct sendx_pager pager;
    int rc = api ? sendx_pager_init(&pager, SENDX_KIND_TAG, &q, 0, &err) : -1;
    bool paging = rc == 0;
    struct sendx_page page;
    while (rc == 0 && (rc = sendx_pager_next(&pager, api, &page, NULL, &err)) == 1) {
        mark_seen(cs, &page, seen);
        sendx_page_free(&page);
        rc = 0;
    }
    if (paging)
        sendx_pager_free(&pager);
    if (rc < 0)
        stress_fail(cs->st, "listing the tags at the end: %s", api_error_message(&err));
    api_error_clear(&err);
    sendx_client_free(api);
    for (unsigned i = 0; rc == 0 && i < cs->n; i++)
        for (size_t k = 0; k < cs->client[i].n_tags; k++)
            if (seen[i][k] == cs->client[i].tags[k].deleted)
                stress_fail(cs->st, "client %u's tag %s is %s at the end", i,
                            cs->client[i].tags[k].id,
                            seen[i][k] ? "there, though deleted" : "gone, never deleted");
}

unsigned long stress_clients_finish(struct stress_clients *cs)
{
    if (!cs)
        return 0;
    unsigned long requests = 0;
    bool *seen[CLIENTS_MAX] = {0};
    bool ok = true;
    for (unsigned i = 0; i < cs->n; i++) {
        struct client *c = &cs->client[i];
        if (c->started)
            pthread_join(c->thread, NULL);
        sendx_client_free(c->api);
        requests += c->requests;
        ok = ok && (seen[i] = calloc(c->n_tags + 1, sizeof *seen[i]));
    }
    if (cs->faults_started)
        pthread_join(cs->faults, NULL);
    if (!ok)
        stress_fail(cs->st, "out of memory");
    else if (!stress_failure())
        check_tags(cs, seen);
    for (unsigned i = 0; i < cs->n; i++) {
        for (size_t k = 0; k < cs->client[i].n_tags; k++)
            free(cs->client[i].tags[k].id);
        free(cs->client[i].tags);
        free(seen[i]);
    }
    free(cs);
    return requests;
}
