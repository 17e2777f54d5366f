/* The one HTTP layer of the program, over libcurl.
 *
 * Threads: call http_global_init() once in main() before any thread
 * starts, and http_global_cleanup() after they have all stopped. Each
 * thread that talks to the network makes its own http_client (one curl
 * easy handle, reused so its connection stays alive); clients share the
 * DNS cache and TLS sessions. A client is used by one thread at a time.
 * Only http_cancel_fire() may be called from another thread.
 *
 * Security: https only (plain http to loopback hosts only, see url.h),
 * peer and host verification always on, redirects never followed (the
 * API key header would go wherever they point), loopback never through a
 * proxy, the key never logged; server text that quotes the key (an error
 * message, a redirect's Location) shows "<API key>" in its place. */
#ifndef SENDX_HTTP_H
#define SENDX_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "api/retry.h"

struct api_error;

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE };

const char *http_method_name(enum http_method m);

/* One finished request, for a request log. Borrowed for the call only. */
struct http_log_entry {
    enum http_method method;
    const char *path; /* path and query, never scheme, host or key */
    long status;      /* 0 when no response arrived */
    long elapsed_ms;
    int attempt;       /* 1 for the first try */
    const char *error; /* NULL on a response, else what went wrong */
};

/* Tells the caller that a retry is coming, so a UI can show a countdown.
 * Called on the requesting thread. */
struct http_retry_notice {
    long status; /* 0 for a transport failure */
    long wait_ms;
    int next_attempt;
    const char *reason;
};

struct http_options {
    const char *base_url; /* required; copied */
    const char *api_key;  /* required; copied, only ever sent as a header */
    const char *ca_file;  /* optional PEM bundle for a private CA; copied */
    long connect_timeout_ms;
    long low_speed_limit;  /* bytes per second ... */
    long low_speed_time_s; /* ... sustained this long, else the transfer is dropped */
    long total_timeout_ms; /* one attempt, start to finish */
    size_t max_body;       /* a larger response is cut off */
    struct retry_policy retry;
    void (*on_log)(void *ctx, const struct http_log_entry *entry);
    void (*on_retry)(void *ctx, const struct http_retry_notice *notice);
    void *callback_ctx;
};

/* Defaults: 10 s connect, 30 s total, under 1 byte/s for 20 s is stalled,
 * 64 MiB body cap, retry_policy_default(). base_url/api_key stay NULL. */
struct http_options http_options_default(void);

/* Once per process, before threads: curl_global_init, the shared
 * DNS/TLS cache, and SIGPIPE ignored if it was at its default (a peer
 * closing a TLS socket must not kill the program). */
int http_global_init(struct api_error *err);
void http_global_cleanup(void);

/* A cancellation token: made by whoever may want to cancel, handed to the
 * request. Reference counted because the canceller and the requesting
 * thread may let go in either order. All functions are thread-safe. */
struct http_cancel;
struct http_cancel *http_cancel_new(void); /* refcount 1; NULL if out of memory */
struct http_cancel *http_cancel_ref(struct http_cancel *c);
void http_cancel_unref(struct http_cancel *c); /* frees at zero; NULL is fine */
/* Cancels the request using this token now or later; returns promptly
 * and makes the request (or its backoff wait) stop within milliseconds. */
void http_cancel_fire(struct http_cancel *c);
bool http_cancel_fired(const struct http_cancel *c);

struct http_client;

/* Checks the options (URL policy included) and makes a client. Returns
 * NULL with err filled. Free with http_client_free(). */
struct http_client *http_client_new(const struct http_options *opts, struct api_error *err);
void http_client_free(struct http_client *c);

struct http_response {
    long status;
    char *body; /* owned: free with http_response_clear(); NUL-terminated */
    size_t body_len;
};
void http_response_clear(struct http_response *r);

/* Sends method to base_url + path_and_query (already escaped, from
 * url_path_build), with body as JSON if not NULL, retrying as the
 * policy says. Returns 0 and fills *out for a 2xx status. Otherwise
 * returns -1 and fills err: API_ERR_HTTP with the status and the API's
 * own message, API_ERR_TRANSPORT, API_ERR_BODY (too large), or
 * API_ERR_CANCELLED. cancel may be NULL. */
int http_request(struct http_client *c, enum http_method method, const char *path_and_query,
                 const char *body, struct http_cancel *cancel, struct http_response *out,
                 struct api_error *err);

/* The client's base URL (borrowed). */
const char *http_client_base_url(const struct http_client *c);

#endif
