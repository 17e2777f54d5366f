#include "test_server.h"

#include "api/buf.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

/* Uploads past this are a test bug, not something to record. */
#define TS_MAX_UPLOAD (64u * 1024 * 1024)
/* How often a stall looks at the stopping flag: bounds how long stop waits. */
#define TS_STALL_STEP_MS 10
/* Idle keep-alive connections are closed by test_server_stop, so this only
 * guards against a client that wanders off mid-request. */
#define TS_CONNECTION_TIMEOUT_S 60u

struct test_server {
    struct MHD_Daemon *daemon;
    ts_handler handler;
    void *ctx;
    char url[64];
    atomic_bool stopping;
    pthread_mutex_t lock;
    struct ts_request **requests;
    size_t n_requests;
    size_t cap_requests;
};

/* One request in flight, created by the URI callback (the only place MHD
 * shows the raw query) and freed by the completion callback. */
struct ts_conn {
    char *raw_uri;
    bool headers_seen;
    struct buf body;
};

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void request_free(struct ts_request *r)
{
    if (!r)
        return;
    free(r->method);
    free(r->path);
    free(r->query);
    free(r->api_key);
    free(r->content_type);
    free(r->user_agent);
    free(r->accept);
    free(r->body);
    free(r);
}

static struct ts_request *request_copy(const struct ts_request *src)
{
    struct ts_request *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->method = dup_or_null(src->method);
    r->path = dup_or_null(src->path);
    r->query = dup_or_null(src->query);
    r->api_key = dup_or_null(src->api_key);
    r->content_type = dup_or_null(src->content_type);
    r->user_agent = dup_or_null(src->user_agent);
    r->accept = dup_or_null(src->accept);
    r->body = malloc(src->body_len + 1);
    r->body_len = src->body_len;
    r->client_port = src->client_port;
    if (!r->method || !r->path || !r->query || !r->body) {
        request_free(r);
        return NULL;
    }
    memcpy(r->body, src->body, src->body_len + 1);
    return r;
}

static void record(struct test_server *s, const struct ts_request *req)
{
    struct ts_request *copy = request_copy(req);
    if (!copy) {
        fprintf(stderr, "test_server: out of memory recording a request\n");
        abort();
    }
    pthread_mutex_lock(&s->lock);
    if (s->n_requests == s->cap_requests) {
        size_t cap = s->cap_requests ? s->cap_requests * 2 : 16;
        struct ts_request **grown = realloc(s->requests, cap * sizeof *grown);
        if (!grown) {
            fprintf(stderr, "test_server: out of memory recording a request\n");
            abort();
        }
        s->requests = grown;
        s->cap_requests = cap;
    }
    s->requests[s->n_requests++] = copy;
    pthread_mutex_unlock(&s->lock);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *connection)
{
    (void)cls;
    (void)connection;
    struct ts_conn *conn = calloc(1, sizeof *conn);
    if (!conn)
        return NULL;
    conn->raw_uri = strdup(uri);
    if (!conn->raw_uri) {
        free(conn);
        return NULL;
    }
    buf_init(&conn->body, TS_MAX_UPLOAD);
    return conn;
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)connection;
    (void)toe;
    struct ts_conn *conn = *con_cls;
    if (!conn)
        return;
    free(conn->raw_uri);
    buf_reset(&conn->body);
    free(conn);
    *con_cls = NULL;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* A stall of zero or less means "until the server stops". */
static void stall(struct test_server *s, long stall_ms)
{
    long waited = 0;
    while (!atomic_load(&s->stopping) && (stall_ms <= 0 || waited < stall_ms)) {
        sleep_ms(TS_STALL_STEP_MS);
        waited += TS_STALL_STEP_MS;
    }
}

static ssize_t endless_body(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    struct test_server *s = cls;
    if (atomic_load(&s->stopping))
        return MHD_CONTENT_READER_END_WITH_ERROR;
    memset(out, ' ', max);
    return (ssize_t)max;
}

static enum MHD_Result respond(struct MHD_Connection *connection, const struct ts_reply *reply)
{
    const char *body = reply->body ? reply->body : "";
    struct MHD_Response *response =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    bool has_type = false;
    for (size_t i = 0; i < 4 && reply->header_name[i]; i++) {
        if (strcasecmp(reply->header_name[i], MHD_HTTP_HEADER_CONTENT_TYPE) == 0)
            has_type = true;
        MHD_add_response_header(response, reply->header_name[i],
                                reply->header_value[i] ? reply->header_value[i] : "");
    }
    if (!has_type)
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    enum MHD_Result ret = MHD_queue_response(connection, (unsigned)reply->status, response);
    MHD_destroy_response(response);
    return ret;
}

static enum MHD_Result respond_endless(struct test_server *s, struct MHD_Connection *connection)
{
    struct MHD_Response *response =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 32 * 1024, endless_body, s, NULL);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    enum MHD_Result ret = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return ret;
}

static const char *header(struct MHD_Connection *connection, const char *name)
{
    return MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
}

static int client_port(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr || info->client_addr->sa_family != AF_INET)
        return 0;
    const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)info->client_addr;
    return ntohs(in->sin_port);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct test_server *s = cls;
    struct ts_conn *conn = *con_cls;
    if (!conn)
        return MHD_NO;
    if (!conn->headers_seen) {
        conn->headers_seen = true;
        return MHD_YES;
    }
    if (*upload_data_size) {
        enum buf_status st = buf_append(&conn->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return st == BUF_OK ? MHD_YES : MHD_NO;
    }

    char *query = strchr(conn->raw_uri, '?');
    query = query ? query + 1 : conn->raw_uri + strlen(conn->raw_uri);
    size_t body_len = conn->body.len;
    char *body = buf_take(&conn->body, NULL);
    if (!body)
        return MHD_NO;
    struct ts_request req = {
        .method = (char *)method,
        .path = (char *)url,
        .query = query,
        .api_key = (char *)header(connection, "X-Team-ApiKey"),
        .content_type = (char *)header(connection, MHD_HTTP_HEADER_CONTENT_TYPE),
        .user_agent = (char *)header(connection, MHD_HTTP_HEADER_USER_AGENT),
        .accept = (char *)header(connection, MHD_HTTP_HEADER_ACCEPT),
        .body = body,
        .body_len = body_len,
        .client_port = client_port(connection),
    };
    record(s, &req);

    struct ts_reply reply = {.action = TS_RESPOND, .status = 200, .body = "{}"};
    s->handler(s->ctx, &req, &reply);
    free(body);

    switch (reply.action) {
    case TS_RESPOND:
        return respond(connection, &reply);
    case TS_ENDLESS:
        return respond_endless(s, connection);
    case TS_STALL:
        stall(s, reply.stall_ms);
        return MHD_NO;
    case TS_DROP:
        break;
    }
    /* MHD closes the socket without a response when the handler says no. */
    return MHD_NO;
}

/* MHD reports every client hang-up the tests provoke on purpose, so its
 * log only goes out on request. */
__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    if (getenv("TEST_SERVER_LOG"))
        vfprintf(stderr, fmt, ap);
}

struct test_server *test_server_start(ts_handler handler, void *ctx)
{
    struct test_server *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->handler = handler;
    s->ctx = ctx;
    atomic_init(&s->stopping, false);
    pthread_mutex_init(&s->lock, NULL);

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->daemon = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0,
        NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_CONNECTION_TIMEOUT, TS_CONNECTION_TIMEOUT_S, MHD_OPTION_EXTERNAL_LOGGER,
        on_mhd_log, s, MHD_OPTION_END);
    if (!s->daemon) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (!info || info->port == 0) {
        test_server_stop(s);
        return NULL;
    }
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%u", (unsigned)info->port);
    return s;
}

static void forget_requests(struct test_server *s)
{
    for (size_t i = 0; i < s->n_requests; i++)
        request_free(s->requests[i]);
    s->n_requests = 0;
}

void test_server_stop(struct test_server *s)
{
    if (!s)
        return;
    /* First, so stalled handlers and endless bodies let their connection
     * threads finish; MHD_stop_daemon joins them. */
    atomic_store(&s->stopping, true);
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    forget_requests(s);
    free(s->requests);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

const char *test_server_url(const struct test_server *s)
{
    return s->url;
}

size_t test_server_count(struct test_server *s)
{
    pthread_mutex_lock(&s->lock);
    size_t n = s->n_requests;
    pthread_mutex_unlock(&s->lock);
    return n;
}

const struct ts_request *test_server_request(struct test_server *s, size_t i)
{
    pthread_mutex_lock(&s->lock);
    const struct ts_request *r = i < s->n_requests ? s->requests[i] : NULL;
    pthread_mutex_unlock(&s->lock);
    return r;
}

void test_server_reset(struct test_server *s)
{
    pthread_mutex_lock(&s->lock);
    forget_requests(s);
    pthread_mutex_unlock(&s->lock);
}
