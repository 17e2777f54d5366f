/* A scripted HTTP server on 127.0.0.1 for tests, on libmicrohttpd.
 *
 * The test gives a handler that decides each answer; the server records
 * every request it saw. It listens on a free port and stops (joining
 * every connection thread) in test_server_stop(). */
#ifndef SENDX_TEST_SERVER_H
#define SENDX_TEST_SERVER_H

#include <stdbool.h>
#include <stddef.h>

/* A request as the server saw it. Strings are owned by the server and
 * live until test_server_stop() or test_server_reset(). */
struct ts_request {
    char *method;
    char *path;         /* without the query */
    char *query;        /* raw query string as received, "" if none */
    char *api_key;      /* X-Team-ApiKey, NULL if absent */
    char *content_type; /* NULL if absent */
    char *user_agent;   /* NULL if absent */
    char *accept;       /* NULL if absent */
    char *body;         /* NUL-terminated, "" if none */
    size_t body_len;
    int client_port; /* the client's TCP port: equal ports mean a reused connection */
};

enum ts_action {
    TS_RESPOND, /* status, headers, body */
    TS_DROP,    /* close the connection without answering */
    TS_STALL,   /* send nothing for stall_ms (or until stop), then close */
    TS_ENDLESS, /* 200 with a body that never ends */
};

struct ts_reply {
    enum ts_action action;
    int status;
    const char *body;           /* copied by the server */
    const char *header_name[4]; /* extra headers, NULL-terminated */
    const char *header_value[4];
    long stall_ms;
};

/* Called on a server thread for each complete request; fill *reply.
 * reply starts as TS_RESPOND 200 with body "{}". */
typedef void (*ts_handler)(void *ctx, const struct ts_request *req, struct ts_reply *reply);

struct test_server;

/* NULL if the server could not start. */
struct test_server *test_server_start(ts_handler handler, void *ctx);
void test_server_stop(struct test_server *s);

/* "http://127.0.0.1:PORT" (borrowed). */
const char *test_server_url(const struct test_server *s);

/* How many requests have arrived so far (complete ones, dropped or not). */
size_t test_server_count(struct test_server *s);

/* A copy of the i-th request (0-based), valid until stop/reset. */
const struct ts_request *test_server_request(struct test_server *s, size_t i);

/* Forgets recorded requests. */
void test_server_reset(struct test_server *s);

#endif
