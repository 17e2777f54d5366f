/* The sendx-mock program as a developer or a script runs it: its first
 * line, its key, its signals, its state file, its fault flags and control
 * endpoint, and many clients at once. SENDX_MOCK_PATH is the built binary. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/sendx.h"
#include "raw_http.h"

#define KEY          "cli-test-key"
#define SEEDED       50
#define START_WAIT_S 20
/* "Promptly": stopping waits for requests in flight, and there are none. */
#define STOP_WAIT_MS 3000
#define THREADS      8
#define REQUESTS     50

extern char **environ;

struct mock_proc {
    pid_t pid;
    int out; /* its stdout */
    int err; /* its stderr */
    char url[128];
};

static char dir[64];
static struct api_error err;

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", "/tmp/sendx-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(http_global_init(&err), 0);
}

static void teardown(void)
{
    char path[128];
    static const char *const files[] = {"state.json", "state.json.tmp"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        cr_expect(unlink(path) == 0 || errno == ENOENT, "%s", path);
    }
    cr_expect_eq(rmdir(dir), 0, "%s: %s", dir, strerror(errno));
    http_global_cleanup();
}

TestSuite(cli, .init = setup, .fini = teardown, .timeout = 120);

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void state_path(char *out, size_t size)
{
    snprintf(out, size, "%s/state.json", dir);
}

/* ---- the process ---- */

/* Starts sendx-mock with its default flags plus extra (NULL-terminated). */
static struct mock_proc spawn_mock(const char *const *extra)
{
    const char *argv[32] = {SENDX_MOCK_PATH, "--port", "0",          "--api-key", KEY,
                            "--seed",        "7",      "--contacts", "50"};
    size_t n = 9;
    for (; extra && *extra; extra++) {
        cr_assert_lt(n, sizeof argv / sizeof argv[0] - 1);
        argv[n++] = *extra;
    }
    argv[n] = NULL;
    int out[2], errp[2];
    cr_assert_eq(pipe(out), 0);
    cr_assert_eq(pipe(errp), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, errp[0]);
    struct mock_proc p = {.out = out[0], .err = errp[0]};
    int rc = posix_spawn(&p.pid, SENDX_MOCK_PATH, &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    close(errp[1]);
    cr_assert_eq(rc, 0, "%s: %s", SENDX_MOCK_PATH, strerror(rc));
    return p;
}

/* Reads one line of fd into line, giving up after START_WAIT_S. */
static bool read_line(int fd, char *line, size_t size)
{
    size_t n = 0;
    long long deadline = now_ms() + START_WAIT_S * 1000;
    while (n + 1 < size) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int left = (int)(deadline - now_ms());
        if (left <= 0 || poll(&pfd, 1, left) != 1 || read(fd, &line[n], 1) != 1)
            break;
        if (line[n] == '\n') {
            line[n] = '\0';
            return true;
        }
        n++;
    }
    line[n] = '\0';
    return false;
}

/* The first stdout line must be exactly "listening on http://127.0.0.1:PORT". */
static void expect_listening(struct mock_proc *p)
{
    char line[128];
    cr_assert(read_line(p->out, line, sizeof line), "no first line; got \"%s\"", line);
    const char *prefix = "listening on http://127.0.0.1:";
    cr_assert(strncmp(line, prefix, strlen(prefix)) == 0, "first line: \"%s\"", line);
    const char *digits = line + strlen(prefix);
    char *end = NULL;
    long port = strtol(digits, &end, 10);
    cr_assert(end != digits && *end == '\0' && port > 0 && port < 65536, "first line: \"%s\"",
              line);
    snprintf(p->url, sizeof p->url, "%s", line + strlen("listening on "));
}

static struct mock_proc start_mock(const char *const *extra)
{
    struct mock_proc p = spawn_mock(extra);
    expect_listening(&p);
    return p;
}

/* Waits for the process to end; its exit status, or -1 if it would not. */
static int wait_exit(struct mock_proc *p, long max_ms)
{
    long long deadline = now_ms() + max_ms;
    int status = 0;
    pid_t got;
    while ((got = waitpid(p->pid, &status, WNOHANG)) == 0 && now_ms() < deadline)
        usleep(5000);
    if (got != p->pid) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, &status, 0);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void close_proc(struct mock_proc *p)
{
    close(p->out);
    close(p->err);
}

/* Sends sig and expects a clean exit within STOP_WAIT_MS. */
static void stop_mock(struct mock_proc *p, int sig)
{
    long long t0 = now_ms();
    cr_assert_eq(kill(p->pid, sig), 0);
    int code = wait_exit(p, STOP_WAIT_MS);
    cr_expect_eq(code, 0, "exit status %d (-1: still running after %d ms)", code, STOP_WAIT_MS);
    cr_expect_lt(now_ms() - t0, STOP_WAIT_MS);
    close_proc(p);
}

/* ---- talking to it ---- */

struct answer {
    long status;
    char *body;
    long ms;
};

/* One raw request (no retries), so the exact status is seen. */
static struct answer raw(const struct mock_proc *p, const char *method, const char *path,
                         const char *body, const char *key)
{
    struct raw_answer r = raw_http(p->url, method, path, body, key);
    cr_assert_eq(r.curl_code, CURLE_OK, "%s %s: %s", method, path,
                 curl_easy_strerror((CURLcode)r.curl_code));
    struct answer a = {.status = r.status, .body = r.body, .ms = r.ms};
    free(r.content_type);
    return a;
}

static long status_of(const struct mock_proc *p, const char *method, const char *path,
                      const char *body, const char *key)
{
    struct answer a = raw(p, method, path, body, key);
    free(a.body);
    return a.status;
}

static struct sendx_client *client_for(const struct mock_proc *p)
{
    struct http_options o = http_options_default();
    o.base_url = p->url;
    o.api_key = KEY;
    o.retry.deadline_ms = 10000;
    struct sendx_client *c = sendx_client_new(&o, &err);
    cr_assert_not_null(c, "%s", api_error_message(&err));
    return c;
}

#define OK(call) cr_assert_eq((call), 0, "%s", api_error_message(&err))

static size_t count_contacts(struct sendx_client *c)
{
    struct sendx_page page;
    OK(sendx_list(c, SENDX_KIND_CONTACT, &(struct sendx_query){.limit = 1000}, &page, NULL, &err));
    size_t n = page.records.len;
    sendx_page_free(&page);
    return n;
}

static char *create_contact(struct sendx_client *c, const char *email)
{
    struct sendx_contact in = {0}, out;
    codec_set_string(&model_contact_type, &in, SENDX_CONTACT_EMAIL, email);
    OK(sendx_create(c, SENDX_KIND_CONTACT, &in, &out, NULL, &err));
    char *id = strdup(out.id);
    codec_free(&model_contact_type, &in);
    codec_free(&model_contact_type, &out);
    return id;
}

/* ---- the tests ---- */

Test(cli, prints_its_address_takes_its_key_and_stops_on_sigterm)
{
    struct mock_proc p = start_mock(NULL);
    struct sendx_client *c = client_for(&p);
    cr_expect_eq(count_contacts(c), SEEDED);
    sendx_client_free(c);
    cr_expect_eq(status_of(&p, "GET", "/contact", NULL, KEY), 200);
    cr_expect_eq(status_of(&p, "GET", "/contact", NULL, NULL), 401);
    cr_expect_eq(status_of(&p, "GET", "/contact", NULL, "wrong-key"), 401);
    stop_mock(&p, SIGTERM);
}

Test(cli, state_file_keeps_edits_across_restarts)
{
    char state[128];
    state_path(state, sizeof state);
    const char *const flags[] = {"--state", state, NULL};
    struct mock_proc p = start_mock(flags);
    struct sendx_client *c = client_for(&p);
    char *id = create_contact(c, "keeper@example.com");
    sendx_client_free(c);
    stop_mock(&p, SIGINT);
    cr_assert_eq(access(state, R_OK), 0, "no state file at %s", state);

    p = start_mock(flags);
    c = client_for(&p);
    struct sendx_contact got;
    OK(sendx_get(c, SENDX_KIND_CONTACT, id, &got, NULL, &err));
    cr_expect_str_eq(got.email, "keeper@example.com");
    cr_expect_eq(count_contacts(c), SEEDED + 1, "the state replaces the seed, never adds to it");
    codec_free(&model_contact_type, &got);
    sendx_client_free(c);
    stop_mock(&p, SIGTERM);
    free(id);
}

static char *slurp_fd(int fd)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    char chunk[512];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0)
        fwrite(chunk, 1, (size_t)n, mem);
    fclose(mem);
    return text;
}

Test(cli, corrupt_state_file_is_refused_and_left_alone)
{
    static const char corrupt[] = "{\"contacts\": [{\"id\": 12,";
    char state[128];
    state_path(state, sizeof state);
    FILE *f = fopen(state, "w");
    cr_assert_not_null(f);
    fputs(corrupt, f);
    cr_assert_eq(fclose(f), 0);

    const char *const flags[] = {"--state", state, NULL};
    struct mock_proc p = spawn_mock(flags);
    int code = wait_exit(&p, START_WAIT_S * 1000);
    char *out = slurp_fd(p.out), *errs = slurp_fd(p.err);
    cr_expect_neq(code, 0, "started on a corrupt state file");
    cr_expect_neq(code, -1, "still running on a corrupt state file");
    cr_expect_str_empty(out, "%s", out);
    cr_expect_not_null(strstr(errs, state), "the message names the file: %s", errs);
    cr_expect_not_null(strstr(errs, "not a state file"), "the message says why: %s", errs);
    free(out);
    free(errs);
    close_proc(&p);

    f = fopen(state, "r");
    cr_assert_not_null(f);
    char now[sizeof corrupt + 8] = {0};
    size_t n = fread(now, 1, sizeof now - 1, f);
    fclose(f);
    cr_expect_eq(n, strlen(corrupt));
    cr_expect_str_eq(now, corrupt, "the state file was overwritten");
}

Test(cli, fault_flags_take_effect)
{
    const char *const flags[] = {"--error-rate", "1", "--error-status", "503", NULL};
    struct mock_proc p = start_mock(flags);
    for (int i = 0; i < 3; i++)
        cr_expect_eq(status_of(&p, "GET", "/tag", NULL, KEY), 503);
    struct answer a = raw(&p, "GET", "/_mock/faults", NULL, KEY);
    cr_expect_eq(a.status, 200);
    cr_expect_not_null(strstr(a.body, "\"error_status\":503"), "%s", a.body);
    free(a.body);
    stop_mock(&p, SIGTERM);
}

Test(cli, bad_flags_are_refused)
{
    static const char *const bad[][3] = {
        {"--error-rate", "2", NULL},
        {"--error-status", "404", NULL},
        {"--port", "70000", NULL},
        {"--no-such-flag", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct mock_proc p = spawn_mock(bad[i]);
        int code = wait_exit(&p, START_WAIT_S * 1000);
        cr_expect_eq(code, 2, "%s: exit %d", bad[i][0], code);
        close_proc(&p);
    }
}

Test(cli, control_endpoint_changes_faults_at_run_time)
{
    struct mock_proc p = start_mock(NULL);
    struct answer a = raw(&p, "GET", "/_mock/faults", NULL, KEY);
    cr_expect_eq(a.status, 200);
    cr_expect_not_null(strstr(a.body, "\"error_rate\":0"), "%s", a.body);
    free(a.body);
    cr_expect_eq(status_of(&p, "GET", "/_mock/faults", NULL, NULL), 401);

    cr_expect_eq(
        status_of(&p, "PUT", "/_mock/faults", "{\"error_rate\":1,\"error_status\":502}", KEY), 200);
    cr_expect_eq(status_of(&p, "GET", "/list", NULL, KEY), 502);
    cr_expect_eq(status_of(&p, "PUT", "/_mock/faults", "{\"error_rate\":\"lots\"}", KEY), 400);
    cr_expect_eq(status_of(&p, "GET", "/list", NULL, KEY), 502, "a bad PUT must change nothing");
    cr_expect_eq(status_of(&p, "DELETE", "/_mock/faults", NULL, KEY), 200);
    cr_expect_eq(status_of(&p, "GET", "/list", NULL, KEY), 200);

    cr_expect_eq(
        status_of(&p, "PUT", "/_mock/faults", "{\"rate_limit\":2,\"rate_window_ms\":60000}", KEY),
        200);
    cr_expect_eq(status_of(&p, "GET", "/tag", NULL, KEY), 200);
    cr_expect_eq(status_of(&p, "GET", "/tag", NULL, KEY), 200);
    cr_expect_eq(status_of(&p, "GET", "/tag", NULL, KEY), 429);
    stop_mock(&p, SIGTERM);
}

Test(cli, latency_and_dribble_slow_answers_down_but_they_arrive)
{
    struct mock_proc p = start_mock(NULL);
    struct sendx_client *c = client_for(&p);
    cr_expect_eq(status_of(&p, "PUT", "/_mock/faults", "{\"latency_ms\":400}", KEY), 200);
    long long t0 = now_ms();
    cr_expect_eq(count_contacts(c), SEEDED);
    cr_expect_geq(now_ms() - t0, 400, "latency did not delay the answer");

    cr_expect_eq(status_of(&p, "PUT", "/_mock/faults", "{\"latency_ms\":0,\"dribble_ms\":25}", KEY),
                 200);
    struct answer a = raw(&p, "GET", "/tag?limit=2", NULL, KEY);
    cr_expect_eq(a.status, 200);
    cJSON *json = cJSON_Parse(a.body);
    cr_expect(cJSON_IsArray(json), "a dribbled body must arrive whole: %s", a.body);
    /* 16-byte chunks, each after a pause. */
    long pauses = (long)(strlen(a.body) / 16);
    cr_expect_gt(pauses, 3);
    cr_expect_geq(a.ms, pauses * 25, "%ld ms for %zu bytes", a.ms, strlen(a.body));
    cJSON_Delete(json);
    free(a.body);
    struct sendx_page page;
    OK(sendx_list(c, SENDX_KIND_TAG, NULL, &page, NULL, &err));
    sendx_page_free(&page);
    sendx_client_free(c);
    stop_mock(&p, SIGTERM);
}

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
    (void)data;
    (void)ctx;
    return size * n;
}

static void *slow_request(void *arg)
{
    const struct mock_proc *p = arg;
    CURL *h = curl_easy_init();
    char url[160];
    snprintf(url, sizeof url, "%s/tag", p->url);
    struct curl_slist *hdr = curl_slist_append(NULL, "X-Team-ApiKey: " KEY);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 15000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_perform(h);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return NULL;
}

/* A request asleep in a 10 s latency fault must not hold up a stop. */
Test(cli, sigterm_does_not_wait_out_a_slow_request)
{
    const char *const flags[] = {"--latency-ms", "10000", NULL};
    struct mock_proc p = start_mock(flags);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, slow_request, &p), 0);
    usleep(300 * 1000);
    stop_mock(&p, SIGTERM);
    pthread_join(t, NULL);
}

struct worker {
    const struct mock_proc *p;
    int index;
    int failures;
    char first_error[256];
};

static void worker_failed(struct worker *w, struct api_error *e, const char *what)
{
    if (!w->failures++)
        snprintf(w->first_error, sizeof w->first_error, "%s: %s", what, api_error_message(e));
    api_error_clear(e);
}

/* Five requests per round; each round leaves exactly one new contact. */
static void worker_round(struct worker *w, struct sendx_client *c, int round, struct api_error *e)
{
    char email[64];
    struct sendx_contact in = {0}, kept = {0}, gone = {0}, got;
    snprintf(email, sizeof email, "w%d-r%d-kept@example.com", w->index, round);
    codec_set_string(&model_contact_type, &in, SENDX_CONTACT_EMAIL, email);
    if (sendx_create(c, SENDX_KIND_CONTACT, &in, &kept, NULL, e) != 0)
        worker_failed(w, e, "create");
    struct sendx_page page;
    if (sendx_list(c, SENDX_KIND_CONTACT, &(struct sendx_query){.search = "example"}, &page, NULL,
                   e) == 0)
        sendx_page_free(&page);
    else
        worker_failed(w, e, "list");
    snprintf(email, sizeof email, "w%d-r%d-gone@example.com", w->index, round);
    codec_set_string(&model_contact_type, &in, SENDX_CONTACT_EMAIL, email);
    if (sendx_create(c, SENDX_KIND_CONTACT, &in, &gone, NULL, e) != 0)
        worker_failed(w, e, "create");
    if (kept.id && sendx_get(c, SENDX_KIND_CONTACT, kept.id, &got, NULL, e) == 0)
        codec_free(&model_contact_type, &got);
    else
        worker_failed(w, e, "get");
    if (!gone.id || sendx_delete(c, SENDX_KIND_CONTACT, gone.id, NULL, NULL, e) != 0)
        worker_failed(w, e, "delete");
    codec_free(&model_contact_type, &in);
    codec_free(&model_contact_type, &kept);
    codec_free(&model_contact_type, &gone);
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct api_error e = {0};
    struct http_options o = http_options_default();
    o.base_url = w->p->url;
    o.api_key = KEY;
    struct sendx_client *c = sendx_client_new(&o, &e);
    if (!c) {
        worker_failed(w, &e, "client");
        return NULL;
    }
    for (int round = 0; round < REQUESTS / 5; round++)
        worker_round(w, c, round, &e);
    sendx_client_free(c);
    return NULL;
}

Test(cli, many_clients_at_once)
{
    struct mock_proc p = start_mock(NULL);
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (struct worker){.p = &p, .index = i};
        cr_assert_eq(pthread_create(&threads[i], NULL, worker_run, &workers[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        cr_expect_eq(workers[i].failures, 0, "worker %d: %d failures, first %s", i,
                     workers[i].failures, workers[i].first_error);
    }
    struct sendx_client *c = client_for(&p);
    cr_expect_eq(count_contacts(c), SEEDED + THREADS * REQUESTS / 5);
    sendx_client_free(c);
    stop_mock(&p, SIGTERM);
}
