/* The SendX API's endpoints over the store: one request in, one status and
 * JSON body out. No HTTP here (server.c owns the sockets and faults), so
 * every rule about paths, ids, bodies and status codes lives in one place.
 *
 * Status codes follow the spec per endpoint: where an endpoint documents
 * no 400, a bad request gets the 422 or 404 it does document. */
#ifndef SENDX_MOCK_ROUTES_H
#define SENDX_MOCK_ROUTES_H

#include <stddef.h>

struct store;

struct route_request {
    const char *method;
    const char *path; /* without the query; an "/api/v1/rest" prefix is allowed */
    const char *body; /* NULL or NUL-terminated */
    size_t body_len;
    /* A query parameter's value, or NULL if absent. */
    const char *(*query)(void *ctx, const char *name);
    void *query_ctx;
};

struct route_reply {
    int status;
    char *body; /* owned by the reply: route_reply_clear() */
};

/* Answers req from s. Always fills reply (500 if out of memory).
 *
 * A message the send endpoints accept goes to the store's outbox
 * (outbox_add) as {"endpoint": "/send/email" or "/send/template",
 * "message": the XEmailMessage as it would have gone out, a template's
 * htmlContent and textContent filled in as htmlBody and textBody,
 * "results": the XEmailResponse array answered}. */
void routes_handle(struct store *s, const struct route_request *req, struct route_reply *reply);

void route_reply_clear(struct route_reply *reply);

/* {"status":"error","message":...} as a heap string, or NULL. */
char *routes_error_body(const char *message);

#endif
