#include "mock/mock.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "api/buf.h"
#include "mock/routes.h"
#include "mock/hostile_seed.h"
#include "mock/seed.h"
#include "mock/state.h"
#include "mock/store.h"

/* Bodies past this are refused; the API takes nothing near it. */
#define MAX_UPLOAD (8u * 1024 * 1024)
/* A dribbled body goes out this many bytes at a time. */
#define DRIBBLE_CHUNK 16
/* Sleeps look at the stopping flag this often, bounding how long stop waits. */
#define SLEEP_STEP_MS        10
#define CONNECTION_TIMEOUT_S 60u
#define CONTROL_PATH         "/_mock/faults"
#define SENT_PATH            "/_mock/sent"

struct mock_server {
    struct MHD_Daemon *daemon;
    struct store *store;
    char *api_key;
    char *state_file;
    char *cert_pem;
    char *key_pem;
    unsigned port;
    char url[128];
    bool hostile;
    atomic_bool stopping;
    atomic_ulong requests;
    pthread_mutex_t fault_lock; /* guards everything below */
    struct mock_faults faults;
    uint64_t rng;
    long long window_start_ms;
    long window_count;
};

/* One request in flight: its body as it arrives. */
struct conn {
    bool headers_seen;
    struct buf body;
};

struct mock_options mock_options_default(void)
{
    return (struct mock_options){
        .host = "127.0.0.1",
        .api_key = "mock-api-key",
        .seed_data = true,
        .seed = 1,
        .contacts = 500,
    };
}

/* ---- faults ---- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(struct mock_server *s, long ms)
{
    for (long waited = 0; waited < ms && !atomic_load(&s->stopping); waited += SLEEP_STEP_MS) {
        struct timespec ts = {0, SLEEP_STEP_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
}

/* A uniform draw in [0, 1); called with fault_lock held. */
static double draw(struct mock_server *s)
{
    s->rng ^= s->rng << 13;
    s->rng ^= s->rng >> 7;
    s->rng ^= s->rng << 17;
    return (double)(s->rng >> 11) / 9007199254740992.0;
}

/* What happens to one API request, decided up front under one lock. */
struct plan {
    int status; /* 0: answer normally; else 429 or 5xx */
    long retry_after_s;
    long latency_ms;
    long dribble_ms;
    bool drop;
    bool truncate;
    bool malform;
    bool ignore_offset;
};

static bool roll(struct mock_server *s, double rate)
{
    return rate > 0 && draw(s) < rate;
}

static void rate_limit(struct mock_server *s, const struct mock_faults *f, struct plan *p)
{
    long window = f->rate_window_ms > 0 ? f->rate_window_ms : 1000;
    long long now = now_ms();
    if (now - s->window_start_ms >= window) {
        s->window_start_ms = now;
        s->window_count = 0;
    }
    if (++s->window_count <= f->rate_limit)
        return;
    long long left = s->window_start_ms + window - now;
    p->status = 429;
    p->retry_after_s = (long)((left + 999) / 1000);
    if (p->retry_after_s < 1)
        p->retry_after_s = 1;
}

static struct plan make_plan(struct mock_server *s)
{
    static const int errors[] = {500, 502, 503};
    struct plan p = {0};
    pthread_mutex_lock(&s->fault_lock);
    const struct mock_faults *f = &s->faults;
    p.latency_ms = f->latency_ms;
    p.dribble_ms = f->dribble_ms;
    if (f->rate_limit > 0)
        rate_limit(s, f, &p);
    if (!p.status && roll(s, f->error_rate))
        p.status = f->error_status ? f->error_status : errors[(int)(draw(s) * 3)];
    p.drop = roll(s, f->drop_rate);
    p.truncate = roll(s, f->truncate_rate);
    p.malform = roll(s, f->malformed_rate);
    p.ignore_offset = f->ignore_offset;
    pthread_mutex_unlock(&s->fault_lock);
    return p;
}

struct mock_faults mock_server_faults(struct mock_server *s)
{
    pthread_mutex_lock(&s->fault_lock);
    struct mock_faults f = s->faults;
    pthread_mutex_unlock(&s->fault_lock);
    return f;
}

void mock_server_set_faults(struct mock_server *s, const struct mock_faults *f)
{
    pthread_mutex_lock(&s->fault_lock);
    s->faults = *f;
    s->window_start_ms = 0;
    s->window_count = 0;
    pthread_mutex_unlock(&s->fault_lock);
}

/* Cuts a body short, or breaks its JSON: both must be errors to a client. */
static void spoil(struct route_reply *reply, const struct plan *p)
{
    if (!reply->body)
        return;
    size_t len = strlen(reply->body);
    if (p->malform) {
        char *colon = strchr(reply->body, ':');
        if (colon)
            *colon = '=';
        else if (len)
            reply->body[len - 1] = '}';
    }
    if (p->truncate)
        reply->body[len / 2] = '\0';
}

/* ---- answering ---- */

struct dribble {
    struct mock_server *server;
    char *body;
    size_t len;
    long pause_ms;
};

static ssize_t dribble_read(void *cls, uint64_t pos, char *out, size_t max)
{
    struct dribble *d = cls;
    if (atomic_load(&d->server->stopping))
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (pos >= d->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    sleep_ms(d->server, d->pause_ms);
    size_t n = d->len - (size_t)pos;
    n = n < max ? n : max;
    n = n < DRIBBLE_CHUNK ? n : DRIBBLE_CHUNK;
    memcpy(out, d->body + pos, n);
    return (ssize_t)n;
}

static void dribble_free(void *cls)
{
    struct dribble *d = cls;
    free(d->body);
    free(d);
}

/* Takes the reply's body. */
static struct MHD_Response *make_response(struct mock_server *s, struct route_reply *reply,
                                          long dribble_ms)
{
    const char *body = reply->body ? reply->body : "";
    if (dribble_ms <= 0 || !reply->body)
        return MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    struct dribble *d = malloc(sizeof *d);
    if (!d)
        return NULL;
    *d = (struct dribble){s, reply->body, strlen(reply->body), dribble_ms};
    reply->body = NULL;
    struct MHD_Response *r =
        MHD_create_response_from_callback(d->len, DRIBBLE_CHUNK, dribble_read, d, dribble_free);
    if (!r)
        dribble_free(d);
    return r;
}

static enum MHD_Result respond(struct mock_server *s, struct MHD_Connection *connection,
                               struct route_reply *reply, const struct plan *p)
{
    struct MHD_Response *response = make_response(s, reply, p ? p->dribble_ms : 0);
    route_reply_clear(reply);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (p && p->retry_after_s > 0) {
        char secs[24];
        snprintf(secs, sizeof secs, "%ld", p->retry_after_s);
        MHD_add_response_header(response, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    }
    enum MHD_Result ret = MHD_queue_response(connection, (unsigned)reply->status, response);
    MHD_destroy_response(response);
    return ret;
}

static void error_reply(struct route_reply *reply, int status, const char *message)
{
    reply->body = routes_error_body(message);
    reply->status = status;
}

static const char *fault_message(int status)
{
    switch (status) {
    case 429:
        return "Rate limit exceeded. Please retry later.";
    case 502:
        return "Bad gateway";
    case 503:
        return "Service temporarily unavailable";
    }
    return "Internal server error occurred";
}

/* ---- requests ---- */

static const char *query_arg(void *ctx, const char *name)
{
    return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

/* The ignore_offset fault: the routes never see an offset, so every page
 * they answer is the first. */
static const char *query_arg_but_offset(void *ctx, const char *name)
{
    return strcmp(name, "offset") == 0 ? NULL : query_arg(ctx, name);
}

static bool authorized(struct mock_server *s, struct MHD_Connection *connection)
{
    const char *key = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "X-Team-ApiKey");
    return key && strcmp(key, s->api_key) == 0;
}

static void control(struct mock_server *s, const char *method, const char *body,
                    struct route_reply *reply)
{
    struct mock_faults f = mock_server_faults(s);
    struct api_error err = {0};
    if (strcmp(method, "DELETE") == 0) {
        f = (struct mock_faults){0};
        mock_server_set_faults(s, &f);
    } else if (strcmp(method, "PUT") == 0 || strcmp(method, "POST") == 0) {
        if (faults_from_json(body, &f, &err) != 0) {
            error_reply(reply, 400, api_error_message(&err));
            api_error_clear(&err);
            return;
        }
        mock_server_set_faults(s, &f);
    } else if (strcmp(method, "GET") != 0) {
        error_reply(reply, 405, "Method not allowed");
        return;
    }
    reply->status = 200;
    reply->body = faults_to_json(&f);
}

/* The outbox: read it, or empty it (answering what is left, nothing). */
static void sent_control(struct mock_server *s, const char *method, struct route_reply *reply)
{
    if (strcmp(method, "DELETE") == 0)
        outbox_clear(store_outbox(s->store));
    else if (strcmp(method, "GET") != 0) {
        error_reply(reply, 405, "Method not allowed");
        return;
    }
    reply->body = outbox_json(store_outbox(s->store));
    reply->status = reply->body ? 200 : 500;
}

unsigned long mock_server_requests(struct mock_server *s)
{
    return atomic_load(&s->requests);
}

char *mock_server_sent_json(struct mock_server *s)
{
    return outbox_json(store_outbox(s->store));
}

void mock_server_sent_clear(struct mock_server *s)
{
    outbox_clear(store_outbox(s->store));
}

static enum MHD_Result serve_api(struct mock_server *s, struct MHD_Connection *connection,
                                 const struct route_request *req)
{
    struct route_reply reply = {0};
    atomic_fetch_add(&s->requests, 1);
    struct plan p = make_plan(s);
    sleep_ms(s, p.latency_ms);
    if (p.status) {
        error_reply(&reply, p.status, fault_message(p.status));
        return respond(s, connection, &reply, &p);
    }
    struct route_request asked = *req;
    if (p.ignore_offset)
        asked.query = query_arg_but_offset;
    routes_handle(s->store, &asked, &reply);
    if (s->hostile && hostile_seed_numbers(&reply.body) != 0) {
        route_reply_clear(&reply);
        error_reply(&reply, 500, fault_message(500));
    }
    if (p.drop) {
        route_reply_clear(&reply);
        return MHD_NO;
    }
    spoil(&reply, &p);
    return respond(s, connection, &reply, &p);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct mock_server *s = cls;
    struct conn *c = *con_cls;
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            return MHD_NO;
        buf_init(&c->body, MAX_UPLOAD);
        *con_cls = c;
        return MHD_YES;
    }
    if (*upload_data_size) {
        enum buf_status st = buf_append(&c->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return st == BUF_OK ? MHD_YES : MHD_NO;
    }
    struct route_reply reply = {0};
    if (!authorized(s, connection)) {
        error_reply(&reply, 401, "The Team ID or API Key specified is not valid");
        return respond(s, connection, &reply, NULL);
    }
    if (strcmp(url, CONTROL_PATH) == 0) {
        control(s, method, c->body.data, &reply);
        return respond(s, connection, &reply, NULL);
    }
    if (strcmp(url, SENT_PATH) == 0) {
        sent_control(s, method, &reply);
        return respond(s, connection, &reply, NULL);
    }
    struct route_request req = {method, url, c->body.data, c->body.len, query_arg, connection};
    return serve_api(s, connection, &req);
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct conn *c = *con_cls;
    if (!c)
        return;
    buf_reset(&c->body);
    free(c);
    *con_cls = NULL;
}

/* Clients hanging up mid-answer is what fault tests do; keep MHD quiet
 * unless asked. */
__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    if (getenv("SENDX_MOCK_LOG"))
        vfprintf(stderr, fmt, ap);
}

/* ---- starting and stopping ---- */

static char *read_file(const char *path, struct api_error *err)
{
    FILE *f = fopen(path, "rb");
    struct buf b;
    buf_init(&b, MAX_UPLOAD);
    char chunk[4096];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (buf_append(&b, chunk, n) != BUF_OK)
            break;
    bool ok = f && !ferror(f) && b.status == BUF_OK;
    if (f)
        fclose(f);
    char *text = ok ? buf_take(&b, NULL) : NULL;
    buf_reset(&b);
    if (!text)
        api_error_set(err, API_ERR_INVALID, 0, "cannot read %s", path);
    return text;
}

static int load_tls(struct mock_server *s, const struct mock_options *o, struct api_error *err)
{
    if (!o->tls_cert && !o->tls_key)
        return 0;
    if (!o->tls_cert || !o->tls_key) {
        api_error_set(err, API_ERR_INVALID, 0, "TLS needs both a certificate and a key");
        return -1;
    }
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        api_error_set(err, API_ERR_INVALID, 0, "this libmicrohttpd was built without TLS");
        return -1;
    }
    s->cert_pem = read_file(o->tls_cert, err);
    s->key_pem = s->cert_pem ? read_file(o->tls_key, err) : NULL;
    return s->key_pem ? 0 : -1;
}

static int resolve_host(const char *host, struct sockaddr_storage *addr, socklen_t *len,
                        struct api_error *err)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0 || !res) {
        api_error_set(err, API_ERR_INVALID, 0, "cannot resolve %s: %s", host, gai_strerror(rc));
        return -1;
    }
    memcpy(addr, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static void set_port(struct sockaddr_storage *addr, unsigned port)
{
    if (addr->ss_family == AF_INET6)
        ((struct sockaddr_in6 *)(void *)addr)->sin6_port = htons((uint16_t)port);
    else
        ((struct sockaddr_in *)(void *)addr)->sin_port = htons((uint16_t)port);
}

static int start_daemon(struct mock_server *s, const struct mock_options *o, struct api_error *err)
{
    struct sockaddr_storage addr;
    socklen_t len;
    if (resolve_host(o->host ? o->host : "127.0.0.1", &addr, &len, err) != 0)
        return -1;
    set_port(&addr, o->port);
    unsigned flags =
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (s->cert_pem)
        flags |= MHD_USE_TLS;
    struct MHD_OptionItem tls[] = {
        {s->cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, s->cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, s->key_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
                                 (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED,
                                 on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT,
                                 CONNECTION_TIMEOUT_S, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
                                 MHD_OPTION_ARRAY, tls, MHD_OPTION_END);
    const union MHD_DaemonInfo *info =
        s->daemon ? MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    if (!info || !info->port) {
        api_error_set(err, API_ERR_TRANSPORT, 0, "cannot listen on %s port %u",
                      o->host ? o->host : "127.0.0.1", o->port);
        return -1;
    }
    s->port = info->port;
    const char *host = o->host ? o->host : "127.0.0.1";
    bool v6 = strchr(host, ':') != NULL;
    snprintf(s->url, sizeof s->url, "%s://%s%s%s:%u", s->cert_pem ? "https" : "http", v6 ? "[" : "",
             host, v6 ? "]" : "", s->port);
    return 0;
}

static int fill_store(struct mock_server *s, const struct mock_options *o, struct api_error *err)
{
    int loaded = o->state_file ? state_load(s->store, o->state_file, err) : 0;
    if (loaded != 0)
        return loaded < 0 ? -1 : 0;
    if (!o->seed_data)
        return 0;
    return o->hostile ? hostile_seed(s->store, o->seed, err)
                      : seed_store(s->store, o->seed, o->contacts, err);
}

static void destroy(struct mock_server *s)
{
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    store_free(s->store);
    free(s->api_key);
    free(s->state_file);
    free(s->cert_pem);
    free(s->key_pem);
    pthread_mutex_destroy(&s->fault_lock);
    free(s);
}

struct mock_server *mock_server_start(const struct mock_options *o, struct api_error *err)
{
    struct mock_server *s = calloc(1, sizeof *s);
    if (!s) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&s->fault_lock, NULL);
    atomic_init(&s->stopping, false);
    atomic_init(&s->requests, 0);
    s->faults = o->faults;
    s->hostile = o->hostile;
    s->rng = o->seed * 2654435761u + 88172645463325252ull;
    s->store = store_new(o->seed);
    s->api_key = strdup(o->api_key ? o->api_key : "");
    s->state_file = o->state_file ? strdup(o->state_file) : NULL;
    if (!s->store || !s->api_key || (o->state_file && !s->state_file)) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory");
        destroy(s);
        return NULL;
    }
    if (load_tls(s, o, err) != 0 || fill_store(s, o, err) != 0 || start_daemon(s, o, err) != 0) {
        destroy(s);
        return NULL;
    }
    return s;
}

unsigned mock_server_port(const struct mock_server *s)
{
    return s->port;
}

const char *mock_server_url(const struct mock_server *s)
{
    return s->url;
}

int mock_server_stop(struct mock_server *s, struct api_error *err)
{
    if (!s)
        return 0;
    /* First, so sleeping faults let their connection threads finish. */
    atomic_store(&s->stopping, true);
    MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
    int rc = s->state_file ? state_save(s->store, s->state_file, err) : 0;
    destroy(s);
    return rc;
}
