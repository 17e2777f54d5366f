#include "api/http.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/api_error.h"
#include "api/json_arena.h"
#include "api/server_text.h"
#include "api/buf.h"
#include "api/url.h"

/* An error body's message is server text: keep what a person can read. */
#define HTTP_MESSAGE_MAX 300

/* libcurl's share handle is process-wide by nature; it is set up before
 * any thread starts and only read afterwards. */
static CURLSH *http_share;
static pthread_mutex_t http_share_locks[CURL_LOCK_DATA_LAST];

struct http_cancel {
    atomic_int refs;
    atomic_bool fired;
    pthread_mutex_t lock; /* guards multi */
    CURLM *multi;         /* the multi handle to wake while a request waits */
};

struct http_client {
    CURL *easy;
    CURLM *multi; /* one easy handle driven through it, so a cancel can wake the wait */
    struct curl_slist *headers;      /* key and Accept */
    struct curl_slist *body_headers; /* the above plus Content-Type */
    char *base_url;
    char *ca_file;
    struct http_options opts;
    struct retry_rng rng;
    char errbuf[CURL_ERROR_SIZE];
};

/* What one attempt produced. */
struct attempt {
    struct buf body;
    CURLcode result;
    long status;
    bool cancelled;
};

const char *http_method_name(enum http_method m)
{
    switch (m) {
    case HTTP_GET:
        return "GET";
    case HTTP_POST:
        return "POST";
    case HTTP_PUT:
        return "PUT";
    case HTTP_DELETE:
        return "DELETE";
    }
    return "GET";
}

struct http_options http_options_default(void)
{
    return (struct http_options){
        .connect_timeout_ms = 10000,
        .low_speed_limit = 1,
        .low_speed_time_s = 20,
        .total_timeout_ms = 30000,
        .max_body = (size_t)64 << 20,
        .retry = retry_policy_default(),
    };
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *ctx)
{
    pthread_mutex_lock(&http_share_locks[data]);
}

static void share_unlock(CURL *handle, curl_lock_data data, void *ctx)
{
    pthread_mutex_unlock(&http_share_locks[data]);
}

static void ignore_default_sigpipe(void)
{
    struct sigaction old;
    if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
        struct sigaction ign = {.sa_handler = SIG_IGN};
        sigemptyset(&ign.sa_mask);
        sigaction(SIGPIPE, &ign, NULL);
    }
}

int http_global_init(struct api_error *err)
{
    CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
        api_error_set(err, API_ERR_TRANSPORT, 0, "cannot start libcurl: %s",
                      curl_easy_strerror(rc));
        return -1;
    }
    for (size_t i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_init(&http_share_locks[i], NULL);
    http_share = curl_share_init();
    if (http_share) {
        curl_share_setopt(http_share, CURLSHOPT_LOCKFUNC, share_lock);
        curl_share_setopt(http_share, CURLSHOPT_UNLOCKFUNC, share_unlock);
        curl_share_setopt(http_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(http_share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    }
    ignore_default_sigpipe();
    json_arena_install();
    return 0;
}

void http_global_cleanup(void)
{
    if (http_share)
        curl_share_cleanup(http_share);
    http_share = NULL;
    for (size_t i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_destroy(&http_share_locks[i]);
    curl_global_cleanup();
}

struct http_cancel *http_cancel_new(void)
{
    struct http_cancel *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    atomic_init(&c->refs, 1);
    atomic_init(&c->fired, false);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

struct http_cancel *http_cancel_ref(struct http_cancel *c)
{
    if (c)
        atomic_fetch_add(&c->refs, 1);
    return c;
}

void http_cancel_unref(struct http_cancel *c)
{
    if (!c || atomic_fetch_sub(&c->refs, 1) != 1)
        return;
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void http_cancel_fire(struct http_cancel *c)
{
    if (!c)
        return;
    atomic_store(&c->fired, true);
    pthread_mutex_lock(&c->lock);
    if (c->multi)
        curl_multi_wakeup(c->multi);
    pthread_mutex_unlock(&c->lock);
}

bool http_cancel_fired(const struct http_cancel *c)
{
    return c && atomic_load(&((struct http_cancel *)c)->fired);
}

static void cancel_attach(struct http_cancel *c, CURLM *multi)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->lock);
    c->multi = multi;
    pthread_mutex_unlock(&c->lock);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static bool has_line_break(const char *s)
{
    return strpbrk(s, "\r\n") != NULL;
}

/* The header that carries the key, and so the first line of each list. */
#define KEY_HEADER "X-Team-ApiKey: "

/* Builds both header lists; the key lives only in these lists. */
static int client_headers(struct http_client *c, const char *api_key)
{
    size_t len = strlen(KEY_HEADER) + strlen(api_key) + 1;
    char *line = malloc(len);
    if (!line)
        return -1;
    snprintf(line, len, KEY_HEADER "%s", api_key);
    /* "Expect:" stops libcurl waiting a second for 100-continue on large bodies. */
    const char *common[] = {line, "Accept: application/json", "Expect:"};
    int rc = 0;
    for (size_t i = 0; i < sizeof common / sizeof common[0] && rc == 0; i++) {
        struct curl_slist *h = curl_slist_append(c->headers, common[i]);
        struct curl_slist *b = h ? curl_slist_append(c->body_headers, common[i]) : NULL;
        if (h)
            c->headers = h;
        if (b)
            c->body_headers = b;
        rc = (h && b) ? 0 : -1;
    }
    if (rc == 0) {
        struct curl_slist *b = curl_slist_append(c->body_headers, "Content-Type: application/json");
        rc = b ? 0 : -1;
        if (b)
            c->body_headers = b;
    }
    memset(line, 0, len);
    free(line);
    return rc;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx)
{
    struct attempt *a = ctx;
    size_t n = size * nmemb;
    return buf_append(&a->body, data, n) == BUF_OK ? n : 0;
}

static void client_set_fixed_options(struct http_client *c, bool plain_http)
{
    CURL *e = c->easy;
    const char *protocols = plain_http ? "http" : "https";
    if (http_share)
        curl_easy_setopt(e, CURLOPT_SHARE, http_share);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "sendx-tui/" SENDX_TUI_VERSION);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    /* Plain http goes only to loopback (url_policy_check): through a
     * proxy ($http_proxy) the key would cross it in clear, and no proxy
     * reaches this machine's own servers anyway. */
    if (plain_http)
        curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (c->ca_file)
        curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->opts.connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, c->opts.low_speed_limit);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, c->opts.low_speed_time_s);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->opts.max_body);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf);
}

static int client_check_options(const struct http_options *o, bool *plain_http,
                                struct api_error *err)
{
    if (!o->base_url || !*o->base_url) {
        api_error_set(err, API_ERR_INVALID, 0, "no API base URL given");
        return -1;
    }
    if (!o->api_key || !*o->api_key) {
        api_error_set(err, API_ERR_INVALID, 0, "no API key given");
        return -1;
    }
    if (has_line_break(o->api_key)) {
        api_error_set(err, API_ERR_INVALID, 0, "the API key contains a line break");
        return -1;
    }
    if (o->max_body == 0 || o->retry.max_attempts < 1) {
        api_error_set(err, API_ERR_INVALID, 0, "HTTP options out of range");
        return -1;
    }
    return url_policy_check(o->base_url, plain_http, err) ? 0 : -1;
}

struct http_client *http_client_new(const struct http_options *opts, struct api_error *err)
{
    bool plain_http = false;
    if (client_check_options(opts, &plain_http, err) != 0)
        return NULL;
    struct http_client *c = calloc(1, sizeof *c);
    if (!c)
        goto nomem;
    c->opts = *opts;
    c->base_url = strdup(opts->base_url);
    c->ca_file = dup_or_null(opts->ca_file);
    c->opts.base_url = c->base_url;
    c->opts.ca_file = c->ca_file;
    c->opts.api_key = NULL; /* only the header list keeps it */
    c->easy = curl_easy_init();
    c->multi = curl_multi_init();
    if (!c->base_url || (opts->ca_file && !c->ca_file) || !c->easy || !c->multi)
        goto nomem;
    if (client_headers(c, opts->api_key) != 0)
        goto nomem;
    size_t len = strlen(c->base_url);
    while (len > 0 && c->base_url[len - 1] == '/')
        c->base_url[--len] = '\0';
    client_set_fixed_options(c, plain_http);
    retry_rng_seed(&c->rng, (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ (uintptr_t)c);
    return c;
nomem:
    http_client_free(c);
    api_error_set(err, API_ERR_NOMEM, 0, "out of memory creating the HTTP client");
    return NULL;
}

void http_client_free(struct http_client *c)
{
    if (!c)
        return;
    if (c->multi)
        curl_multi_cleanup(c->multi);
    if (c->easy)
        curl_easy_cleanup(c->easy);
    curl_slist_free_all(c->headers);
    curl_slist_free_all(c->body_headers);
    free(c->base_url);
    free(c->ca_file);
    free(c);
}

const char *http_client_base_url(const struct http_client *c)
{
    return c->base_url;
}

void http_response_clear(struct http_response *r)
{
    if (!r)
        return;
    free(r->body);
    memset(r, 0, sizeof *r);
}

static void set_method(struct http_client *c, enum http_method m, const char *body)
{
    CURL *e = c->easy;
    bool with_body = body || m == HTTP_POST || m == HTTP_PUT;
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, with_body ? c->body_headers : c->headers);
    if (with_body) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? strlen(body) : 0));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, body ? body : "");
    } else {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST,
                     m == HTTP_PUT || m == HTTP_DELETE ? http_method_name(m) : NULL);
    /* libcurl silently re-sends a request once when a reused connection
     * turns out dead; for a write that is the repeat attempt_retryable
     * refuses (a POST could create a record twice), so a write always gets
     * a connection of its own. */
    curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, m != HTTP_GET ? 1L : 0L);
}

/* Drives one transfer through the multi handle so that a cancel wakes it. */
static void perform(struct http_client *c, struct http_cancel *cancel, struct attempt *a)
{
    a->result = CURLE_OK;
    if (http_cancel_fired(cancel)) {
        a->cancelled = true;
        return;
    }
    if (curl_multi_add_handle(c->multi, c->easy) != CURLM_OK) {
        a->result = CURLE_FAILED_INIT;
        return;
    }
    for (;;) {
        int running = 0;
        if (curl_multi_perform(c->multi, &running) != CURLM_OK) {
            a->result = CURLE_FAILED_INIT;
            break;
        }
        int queued = 0;
        CURLMsg *msg = curl_multi_info_read(c->multi, &queued);
        if (msg && msg->msg == CURLMSG_DONE) {
            a->result = msg->data.result;
            break;
        }
        if (http_cancel_fired(cancel)) {
            a->cancelled = true;
            break;
        }
        curl_multi_poll(c->multi, NULL, 0, 1000, NULL);
    }
    curl_multi_remove_handle(c->multi, c->easy);
    curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &a->status);
}

/* Sleeps ms unless cancelled first; false if cancelled. */
static bool wait_cancellable(struct http_client *c, struct http_cancel *cancel, long ms)
{
    long until = now_ms() + ms;
    for (;;) {
        if (http_cancel_fired(cancel))
            return false;
        long left = until - now_ms();
        if (left <= 0)
            return true;
        curl_multi_poll(c->multi, NULL, 0, left > INT_MAX ? INT_MAX : (int)left, NULL);
    }
}

/* The key this client sends, read from the header line that holds it. */
static const char *client_key(const struct http_client *c)
{
    return c->headers->data + strlen(KEY_HEADER);
}

static const char *status_phrase(long status)
{
    switch (status) {
    case 400:
        return "bad request";
    case 401:
        return "the API key was not accepted";
    case 403:
        return "forbidden";
    case 404:
        return "not found";
    case 409:
        return "conflict";
    case 422:
        return "the request body was not accepted";
    case 429:
        return "too many requests";
    case 500:
        return "internal server error";
    case 502:
        return "bad gateway";
    case 503:
        return "service unavailable";
    case 504:
        return "gateway timeout";
    }
    return "unexpected status";
}

static void set_http_error(struct api_error *err, struct attempt *a, struct http_client *c)
{
    if (a->status >= 300 && a->status < 400) {
        char *location = NULL;
        curl_easy_getinfo(c->easy, CURLINFO_REDIRECT_URL, &location);
        char *where = location ? server_text_without_key(location, client_key(c)) : NULL;
        api_error_set(err, API_ERR_HTTP, a->status,
                      "HTTP %ld: the server redirected to %s; redirects are not followed, so the "
                      "API key is never sent elsewhere (check the base URL)",
                      a->status, where ? where : "another address");
        free(where);
        return;
    }
    char *msg = server_text_message(a->body.data, a->body.len, client_key(c), HTTP_MESSAGE_MAX);
    if (a->status == 401)
        /* Trying again changes nothing: the key has to. */
        api_error_set(err, API_ERR_HTTP, a->status,
                      "HTTP 401: the API key was refused%s%s%s: set SENDX_API_KEY to the team's "
                      "key (SendX Settings, Team API Key)",
                      msg ? " (" : "", msg ? msg : "", msg ? ")" : "");
    else
        api_error_set(err, API_ERR_HTTP, a->status, "HTTP %ld: %s", a->status,
                      msg ? msg : status_phrase(a->status));
    free(msg);
}

/* The status line reads " ✗ custom fields: MESSAGE (r to retry)": for
 * that to fit 80 columns a TLS refusal gets at most 49. */
#define TLS_MESSAGE_MAX 49

/* OpenSSL's verify reasons, as libcurl puts them in its error buffer
 * (matching both spellings of "self-signed"), in a few words. Where the
 * CA is the trouble, --ca-file is named although this layer serves any
 * caller: the one program it serves has that option, and the person
 * reading the message needs the way out. */
static const struct {
    const char *openssl;
    const char *words;
} tls_reasons[] = {
    {"signed certificate in certificate chain", "certificate from an unknown CA; try --ca-file"},
    {"signed certificate", "self-signed certificate; try --ca-file"},
    {"unable to get local issuer certificate", "certificate from an unknown CA; try --ca-file"},
    {"unable to get issuer certificate", "certificate from an unknown CA; try --ca-file"},
    {"certificate has expired", "certificate expired"},
    {"certificate is not yet valid", "certificate not yet valid; check the clock"},
    {"certificate revoked", "certificate revoked"},
    {"host name", "certificate is for another host"},
    {"subject name", "certificate is for another host"},
};

/* "words (detail)", detail from its first "prefix" on (or whole) and
 * cut so that the message keeps within TLS_MESSAGE_MAX. */
static void set_tls_detail(struct api_error *err, const char *words, const char *detail,
                           const char *prefix)
{
    const char *at = strstr(detail, prefix);
    const char *why = at ? at + strlen(prefix) : detail;
    size_t n = strlen(why);
    if (n == 0) {
        api_error_set(err, API_ERR_TRANSPORT, 0, "%s", words);
        return;
    }
    size_t room = TLS_MESSAGE_MAX - strlen(words) - strlen(" (…)");
    size_t keep = server_text_cut(why, n, room);
    api_error_set(err, API_ERR_TRANSPORT, 0, "%s (%.*s%s)", words, (int)keep, why,
                  keep < n ? "…" : "");
}

/* libcurl words a TLS refusal in over 100 columns ("SSL peer certificate
 * or SSH remote key was not OK: SSL certificate problem: self-signed
 * certificate in certificate chain"), and the status line cut it before
 * the reason. These say the same in a few words. Returns false for
 * errors that are not TLS ones. */
static bool set_tls_error(struct api_error *err, CURLcode rc, const char *detail)
{
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
        for (size_t i = 0; i < sizeof tls_reasons / sizeof tls_reasons[0]; i++) {
            if (strstr(detail, tls_reasons[i].openssl)) {
                api_error_set(err, API_ERR_TRANSPORT, 0, "%s", tls_reasons[i].words);
                return true;
            }
        }
        set_tls_detail(err, "certificate not trusted", detail, "problem: ");
        return true;
    case CURLE_SSL_CACERT_BADFILE:
        api_error_set(err, API_ERR_TRANSPORT, 0, "cannot load the CA file (is it PEM?)");
        return true;
    case CURLE_SSL_CONNECT_ERROR:
        if (strstr(detail, "SSL_ERROR_SYSCALL"))
            set_tls_detail(err, "TLS handshake failed", "the connection was closed", "");
        else
            set_tls_detail(err, "TLS handshake failed", detail, "routines::");
        return true;
    default:
        return false;
    }
}

/* Failures that happen before any byte of the request left. */
static bool never_sent(CURLcode rc)
{
    return rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
           rc == CURLE_COULDNT_RESOLVE_PROXY;
}

static void set_transport_error(struct api_error *err, struct attempt *a, struct http_client *c)
{
    if (a->body.status == BUF_NOMEM) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory reading the response");
        return;
    }
    if (a->body.status == BUF_TOO_BIG || a->result == CURLE_FILESIZE_EXCEEDED) {
        size_t max = c->opts.max_body;
        const char *unit = max % (1u << 20) == 0 ? "MiB" : max % 1024 == 0 ? "KiB" : "bytes";
        size_t n = max % (1u << 20) == 0 ? max >> 20 : max % 1024 == 0 ? max >> 10 : max;
        api_error_set(err, API_ERR_BODY, 0,
                      "the response was larger than the %zu %s limit and was cut off", n, unit);
        return;
    }
    if (set_tls_error(err, a->result, c->errbuf))
        return; /* the handshake failed: nothing was sent */
    api_error_set(err, API_ERR_TRANSPORT, 0, "%s%s%s", curl_easy_strerror(a->result),
                  c->errbuf[0] ? ": " : "", c->errbuf);
    err->maybe_processed = !never_sent(a->result);
}

static bool transport_retryable(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

/* Whether this failed attempt may be tried again. Only a GET is safe to
 * repeat blindly. A write (POST, PUT, DELETE) that may have reached the
 * server is never repeated: a 502, 503 or 504 from a proxy or a dropped
 * connection does not say the server did not act, and a second delete or
 * update on top of someone else's would do harm the user never asked
 * for. It is tried again only when it never left (no connection, no
 * address) or was answered 429, which says it was not processed. */
static bool attempt_retryable(enum http_method m, const struct attempt *a)
{
    bool write = m != HTTP_GET;
    if (a->result != CURLE_OK) {
        if (a->body.status != BUF_OK || a->result == CURLE_FILESIZE_EXCEEDED)
            return false;
        return transport_retryable(a->result) && (!write || never_sent(a->result));
    }
    if (!retry_status_is_retryable(a->status))
        return false;
    return !write || a->status == 429;
}

static long retry_after_ms(struct http_client *c)
{
    struct curl_header *h = NULL;
    if (curl_easy_header(c->easy, "Retry-After", 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h)
        return -1;
    return retry_after_parse_ms(h->value, time(NULL));
}

static void log_attempt(struct http_client *c, enum http_method m, const char *path,
                        const struct attempt *a, long started, int attempt,
                        const struct api_error *err)
{
    if (!c->opts.on_log)
        return;
    struct http_log_entry entry = {
        .method = m,
        .path = path,
        .status = a->result == CURLE_OK ? a->status : 0,
        .elapsed_ms = now_ms() - started,
        .attempt = attempt,
        .error = err->kind != API_OK ? api_error_message(err) : NULL,
    };
    c->opts.on_log(c->opts.callback_ctx, &entry);
}

/* Runs one attempt and classifies it: 0 success, -1 failure (err set). */
static int run_attempt(struct http_client *c, enum http_method m, const char *path,
                       const char *body, struct http_cancel *cancel, long deadline,
                       struct attempt *a, int attempt, struct api_error *err)
{
    long started = now_ms();
    long budget = deadline - started;
    if (budget > c->opts.total_timeout_ms || budget <= 0)
        budget = c->opts.total_timeout_ms;
    c->errbuf[0] = '\0';
    set_method(c, m, body);
    curl_easy_setopt(c->easy, CURLOPT_TIMEOUT_MS, budget);
    curl_easy_setopt(c->easy, CURLOPT_WRITEDATA, a);
    perform(c, cancel, a);
    int rc = -1;
    if (a->cancelled)
        api_error_set(err, API_ERR_CANCELLED, 0, "cancelled");
    else if (a->result != CURLE_OK)
        set_transport_error(err, a, c);
    else if (a->status >= 200 && a->status < 300)
        rc = 0;
    else
        set_http_error(err, a, c);
    log_attempt(c, m, path, a, started, attempt, err);
    return rc;
}

static char *join_url(const char *base, const char *path)
{
    size_t len = strlen(base) + strlen(path) + 2;
    char *url = malloc(len);
    if (url)
        snprintf(url, len, "%s%s%s", base, path[0] == '/' ? "" : "/", path);
    return url;
}

/* Decides whether to try again, waits if so; false means stop with err. */
static bool backoff(struct http_client *c, enum http_method m, struct http_cancel *cancel,
                    const struct attempt *a, int attempt, long start, long deadline,
                    struct api_error *err)
{
    if (a->cancelled || !attempt_retryable(m, a) || attempt >= c->opts.retry.max_attempts)
        return false;
    long hinted = a->result == CURLE_OK ? retry_after_ms(c) : -1;
    long wait = retry_wait_ms(&c->opts.retry, attempt - 1, a->status, hinted, &c->rng);
    if (now_ms() + wait > deadline) {
        api_error_prefix(err, "gave up after %d attempts in %.1f s", attempt,
                         (double)(now_ms() - start) / 1000.0);
        return false;
    }
    if (c->opts.on_retry) {
        struct http_retry_notice notice = {
            .status = a->result == CURLE_OK ? a->status : 0,
            .wait_ms = wait,
            .next_attempt = attempt + 1,
            .reason = api_error_message(err),
        };
        c->opts.on_retry(c->opts.callback_ctx, &notice);
    }
    if (!wait_cancellable(c, cancel, wait)) {
        api_error_set(err, API_ERR_CANCELLED, 0, "cancelled");
        return false;
    }
    return true;
}

int http_request(struct http_client *c, enum http_method method, const char *path_and_query,
                 const char *body, struct http_cancel *cancel, struct http_response *out,
                 struct api_error *err)
{
    struct api_error local = {0};
    if (!err)
        err = &local;
    memset(out, 0, sizeof *out);
    char *url = join_url(c->base_url, path_and_query);
    if (!url) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        return -1;
    }
    curl_easy_setopt(c->easy, CURLOPT_URL, url);
    cancel_attach(cancel, c->multi);
    long start = now_ms();
    long deadline = start + c->opts.retry.deadline_ms;
    int rc = -1;
    for (int attempt = 1;; attempt++) {
        struct attempt a = {0};
        buf_init(&a.body, c->opts.max_body);
        api_error_clear(err);
        rc = run_attempt(c, method, path_and_query, body, cancel, deadline, &a, attempt, err);
        err->attempts = attempt;
        if (rc == 0) {
            out->status = a.status;
            out->body = buf_take(&a.body, &out->body_len);
            if (!out->body) {
                api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
                rc = -1;
            }
        }
        bool again = rc != 0 && backoff(c, method, cancel, &a, attempt, start, deadline, err);
        buf_reset(&a.body);
        if (!again)
            break;
    }
    cancel_attach(cancel, NULL);
    free(url);
    api_error_clear(&local);
    return rc;
}
