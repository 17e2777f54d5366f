/* The --log file holds one line of printable text per logger_write,
 * whatever a hostile server put into the text: escape sequences, line
 * breaks, C1 and bidi controls and broken UTF-8 arrive escaped, so
 * `tail -f` of the log runs nothing and no line can be forged. Checked
 * with strings written directly and with a scripted server's error
 * message and redirect going through the fetch worker's request log. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api_error.h"
#include "api/http.h"
#include "app/fetch.h"
#include "app/logger.h"
#include "app/queue.h"
#include "test_server.h"

static char dir[64];
static char path[96];
static char *text; /* the log's contents, after log_close_and_read */

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/sendx-log-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/log", dir);
    text = NULL;
}

static void teardown(void)
{
    free(text);
    unlink(path);
    rmdir(dir);
}

TestSuite(logger, .init = setup, .fini = teardown, .timeout = 30);

static struct logger *log_open(void)
{
    struct api_error err = {0};
    struct logger *lg = logger_open(path, &err);
    cr_assert_not_null(lg, "%s", api_error_message(&err));
    return lg;
}

/* Closes lg (writing what is queued) and reads the file into `text`. */
static void log_close_and_read(struct logger *lg)
{
    logger_close(lg);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    size_t size = 1 << 20, len = 0;
    text = malloc(size);
    cr_assert_not_null(text);
    len = fread(text, 1, size - 1, f);
    fclose(f);
    text[len] = '\0';
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Where s first holds something a terminal or a reader would act on,
 * or -1: a C0 control other than the line end, DEL, a C1 control in
 * UTF-8 (C2 80..C2 9F), a bidi control or line separator (D8 9C,
 * E2 80 8E/8F, E2 80 A8..AE, E2 81 A6..A9), or a byte never in UTF-8. */
static long first_active(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; p[i]; i++) {
        bool active =
            (p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7f || p[i] >= 0xf8 || p[i] == 0xc0 ||
            p[i] == 0xc1 || (p[i] == 0xc2 && p[i + 1] <= 0x9f) ||
            (p[i] == 0xd8 && p[i + 1] == 0x9c) ||
            (p[i] == 0xe2 && p[i + 1] == 0x80 &&
             (p[i + 2] == 0x8e || p[i + 2] == 0x8f || (p[i + 2] >= 0xa8 && p[i + 2] <= 0xae))) ||
            (p[i] == 0xe2 && p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9);
        if (active)
            return (long)i;
    }
    return -1;
}

/* The message names the byte, not the text: the text is what is unsafe to print. */
static void expect_inert(const char *s)
{
    long at = first_active(s);
    cr_expect_eq(at, -1, "byte 0x%02x at %ld acts on a terminal", at < 0 ? 0 : (unsigned char)s[at],
                 at);
}

/* The text of line i (0-based), after its time stamp, into buf. */
static const char *line_text(const char *s, size_t i, char *buf, size_t size)
{
    for (; i > 0 && s; i--) {
        s = strchr(s, '\n');
        s = s ? s + 1 : NULL;
    }
    cr_assert_not_null(s);
    const char *space = strchr(s, ' ');
    const char *end = strchr(s, '\n');
    cr_assert(space && end && space < end, "a stamped line: %s", s);
    cr_assert_eq(space - s, 23, "YYYY-MM-DDTHH:MM:SS.mmm: %.*s", (int)(end - s), s);
    snprintf(buf, size, "%.*s", (int)(end - space - 1), space + 1);
    return buf;
}

Test(logger, each_write_is_one_line_of_printable_text)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain text", "plain text"},
        {"two\nlines", "two\\nlines"},
        {"cr\r\nlf", "cr\\r\\nlf"},
        {"tab\there", "tab\\there"},
        {"\x1b[2J\x1b]0;owned\x07", "\\x1b[2J\\x1b]0;owned\\x07"},
        {"del\x7f", "del\\x7f"},
        {"c1 \xc2\x9b"
         "31m \xc2\x85",
         "c1 \\u009b31m \\u0085"},
        {"bidi \xe2\x80\xae"
         "cba \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\x8f",
         "bidi \\u202ecba \\u2066x\\u2069 \\u200f"},
        {"sep \xe2\x80\xa8 \xe2\x80\xa9", "sep \\u2028 \\u2029"},
        {"bad \xff \xc3 \xc0\xaf \xed\xa0\x80", "bad \\xff \\xc3 \\xc0\\xaf \\xed\\xa0\\x80"},
        {"back\\slash \\n", "back\\\\slash \\\\n"},
        {"山田 Ωμέγα café 🙂", "山田 Ωμέγα café 🙂"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    struct logger *lg = log_open();
    for (size_t i = 0; i < n; i++)
        logger_write(lg, "%s", cases[i].in);
    log_close_and_read(lg);
    cr_assert_eq(count_lines(text), n, "one line per call:\n%s", text);
    expect_inert(text);
    for (size_t i = 0; i < n; i++) {
        char got[256];
        cr_expect_str_eq(line_text(text, i, got, sizeof got), cases[i].out, "case %zu", i);
    }
}

Test(logger, a_forged_line_stays_inside_its_own)
{
    struct logger *lg = log_open();
    logger_write(lg, "error: %s", "HTTP 400: no\n2030-01-01T00:00:00.000 ui: stopped");
    log_close_and_read(lg);
    cr_expect_eq(count_lines(text), 1, "%s", text);
    cr_expect_null(strstr(text, "\n2030"), "%s", text);
}

Test(logger, a_long_line_is_written_whole)
{
    static char big[20000];
    memset(big, '\x1b', sizeof big - 1);
    struct logger *lg = log_open();
    logger_write(lg, "%s", big);
    log_close_and_read(lg);
    cr_expect_eq(count_lines(text), 1);
    cr_expect_eq(strlen(text), 24 + 4 * (sizeof big - 1) + 1, "every byte as \\x1b");
    expect_inert(text);
}

/* ---- through the fetch worker's request log ------------------------------- */

static const char hostile_message[] =
    "{\"status\":\"error\",\"message\":\"denied\\u001b[2J\\r\\n"
    "2030-01-01T00:00:00.000 request GET /contact status 200\\u009b\\u202e\"}";

static void hostile(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    (void)ctx;
    if (strcmp(req->path, "/contact") == 0) {
        reply->status = 400;
        reply->body = hostile_message;
    } else {
        reply->status = 302;
        reply->body = "";
        reply->header_name[0] = "Location";
        reply->header_value[0] = "https://evil.example/\xe2\x80\xae\xc2\x9b"
                                 "2J/x";
    }
}

/* Runs one list job of kind through a fetch worker that logs to lg. */
static void list_through_worker(const char *base_url, enum sendx_kind kind, struct logger *lg)
{
    struct queue results;
    cr_assert_eq(queue_init(&results, false), 0);
    struct http_options o = http_options_default();
    o.base_url = base_url;
    o.api_key = "log-test-key";
    o.retry.max_attempts = 1;
    struct api_error err = {0};
    struct fetch_worker *w = fetch_worker_start(&o, &results, lg, &err);
    cr_assert_not_null(w, "%s", api_error_message(&err));
    struct fetch_job *job = fetch_job_new(FETCH_LIST, kind, NULL, NULL);
    cr_assert_not_null(job);
    job->limit = 10;
    fetch_worker_submit(w, job);
    struct fetch_result *r = (struct fetch_result *)queue_pop_wait(&results);
    cr_assert_not_null(r);
    cr_expect_eq(r->rc, -1, "the server refused");
    fetch_result_free(r);
    fetch_worker_stop(w);
    fetch_results_drain(&results);
    queue_destroy(&results);
}

Test(logger, a_servers_error_message_and_redirect_reach_the_log_escaped)
{
    struct api_error err = {0};
    cr_assert_eq(http_global_init(&err), 0);
    struct test_server *srv = test_server_start(hostile, NULL);
    cr_assert_not_null(srv);
    struct logger *lg = log_open();
    list_through_worker(test_server_url(srv), SENDX_KIND_CONTACT, lg);
    list_through_worker(test_server_url(srv), SENDX_KIND_LIST, lg);
    test_server_stop(srv);
    http_global_cleanup();
    log_close_and_read(lg);

    cr_expect_eq(count_lines(text), 2, "one line a request:\n%s", text);
    expect_inert(text);
    char line[1024];
    line_text(text, 0, line, sizeof line);
    cr_expect(strstr(line, "request GET /contact") && strstr(line, "status 400"), "%s", line);
    cr_expect(strstr(line, "denied\\x1b[2J\\r\\n2030-01-01T00:00:00.000 request GET /contact "
                           "status 200\\u009b\\u202e"),
              "the message, escaped: %s", line);
    line_text(text, 1, line, sizeof line);
    cr_expect(strstr(line, "status 302") && strstr(line, "redirected to"), "%s", line);
    cr_expect(strstr(line, "\\u202e\\u009b2J") || strstr(line, "%E2%80%AE%C2%9B2J"),
              "the Location, escaped (or as curl encoded it): %s", line);
}
