/* Atomic writes: the file appears whole with mode 0600 in directories
 * made 0700, replaces the old one by rename (a reader holding the old
 * file sees it whole), leaves no temporary file behind even when it
 * fails, and reports failure as a value. The writer thread runs jobs in
 * order, posts each outcome through the result queue's wake fd, and
 * writes what is queued when it stops. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_error.h"
#include "app/files.h"
#include "app/queue.h"
#include "tree.h"

static char root[64];

static void setup(void)
{
    umask(022);
    snprintf(root, sizeof root, "/tmp/sendx-files-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

static void teardown(void)
{
    tree_remove(root);
}

TestSuite(files, .init = setup, .fini = teardown, .timeout = 30);
TestSuite(writer, .init = setup, .fini = teardown, .timeout = 60);

static const char *at(const char *rel)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", root, rel);
    return p;
}

/* The file's bytes (heap, NUL added) and length. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s exists", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static unsigned mode_of(const char *path)
{
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s exists", path);
    return st.st_mode & 07777;
}

/* How many entries of dir are not "." or "..", and whether any is a
 * temporary file. */
static size_t entries(const char *dir, bool *temp_seen)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    size_t n = 0;
    *temp_seen = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        if (strncmp(e->d_name, ".files-", 7) == 0)
            *temp_seen = true;
    }
    closedir(d);
    return n;
}

static void expect_content(const char *path, const void *want, size_t want_len)
{
    size_t len;
    char *got = slurp(path, &len);
    cr_expect_eq(len, want_len, "%s holds %zu bytes, not %zu", path, len, want_len);
    cr_expect(len == want_len && memcmp(got, want, len) == 0, "%s holds what was written", path);
    free(got);
}

Test(files, a_write_makes_private_directories_and_a_private_file)
{
    static const char data[] = "line one\n\0binary\xff\x01 after a NUL";
    const char *path = at("a/b/c/state.json");
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(path, data, sizeof data - 1, &err), 0, "%s",
                 api_error_message(&err));
    expect_content(path, data, sizeof data - 1);
    cr_expect_eq(mode_of(path), 0600u, "file mode %o", mode_of(path));
    cr_expect_eq(mode_of(at("a")), 0700u);
    cr_expect_eq(mode_of(at("a/b")), 0700u);
    cr_expect_eq(mode_of(at("a/b/c")), 0700u);
    bool temp;
    cr_expect_eq(entries(at("a/b/c"), &temp), 1);
    cr_expect_not(temp, "no temporary file left");
}

Test(files, existing_directories_keep_their_mode)
{
    cr_assert_eq(mkdir(at("shared"), 0755), 0);
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(at("shared/x"), "x", 1, &err), 0, "%s",
                 api_error_message(&err));
    cr_expect_eq(mode_of(at("shared")), 0755u);
    cr_expect_eq(mode_of(at("shared/x")), 0600u);
}

Test(files, an_empty_write_makes_an_empty_file)
{
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(at("empty"), NULL, 0, &err), 0, "%s", api_error_message(&err));
    expect_content(at("empty"), "", 0);
}

Test(files, a_write_replaces_the_old_file_whole_by_rename)
{
    char big[10000];
    memset(big, 'o', sizeof big);
    const char *path = at("f");
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(path, big, sizeof big, &err), 0);
    /* A second name for the old file: written in place, it would change
     * too; replaced by rename, it keeps the old bytes whole. */
    cr_assert_eq(link(path, at("old")), 0);
    cr_assert_eq(files_write_atomic(path, "new", 3, &err), 0, "%s", api_error_message(&err));
    expect_content(path, "new", 3);
    expect_content(at("old"), big, sizeof big);
    bool temp;
    cr_expect_eq(entries(root, &temp), 2);
    cr_expect_not(temp);
}

Test(files, a_directory_that_cannot_be_made_is_an_error_value)
{
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(at("plain"), "x", 1, &err), 0);
    const char *path = at("plain/sub/file");
    cr_assert_eq(files_write_atomic(path, "y", 1, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    cr_expect(strstr(api_error_message(&err), "plain/sub") != NULL, "names the directory: %s",
              api_error_message(&err));
    api_error_clear(&err);
}

Test(files, a_target_that_cannot_be_replaced_leaves_no_temporary_file)
{
    cr_assert_eq(mkdir(at("target"), 0700), 0);
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(at("target/keep"), "k", 1, &err), 0);
    /* A non-empty directory cannot be renamed over. */
    cr_assert_eq(files_write_atomic(at("target"), "x", 1, &err), -1);
    cr_expect(strstr(api_error_message(&err), root) != NULL, "names the path: %s",
              api_error_message(&err));
    api_error_clear(&err);
    bool temp;
    cr_expect_eq(entries(root, &temp), 1);
    cr_expect_not(temp, "the temporary file is removed");
}

/* A directory no one may create files in, root included: the tests run
 * as root in CI, where permission bits would not stop the write. */
Test(files, a_directory_that_refuses_new_files_is_an_error_value)
{
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic("/proc/self/sendx-files-test", "x", 1, &err), -1);
    cr_expect(strstr(api_error_message(&err), "/proc/self") != NULL, "names the path: %s",
              api_error_message(&err));
    api_error_clear(&err);
}

Test(files, remove_takes_a_file_and_accepts_one_already_gone)
{
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(at("gone"), "x", 1, &err), 0);
    cr_expect_eq(files_remove(at("gone"), &err), 0);
    cr_expect_neq(access(at("gone"), F_OK), 0);
    cr_expect_eq(files_remove(at("gone"), &err), 0, "already gone counts as removed");
    cr_assert_eq(files_write_atomic(at("dir/file"), "x", 1, &err), 0);
    cr_expect_eq(files_remove(at("dir"), &err), -1, "a directory is not removed");
    cr_expect(strstr(api_error_message(&err), "dir") != NULL);
    api_error_clear(&err);
}

struct harness {
    struct queue results;
    struct files_writer *w;
};

static void start(struct harness *h)
{
    cr_assert_eq(queue_init(&h->results, true), 0);
    struct api_error err = {0};
    h->w = files_writer_start(&h->results, &err);
    cr_assert_not_null(h->w, "%s", api_error_message(&err));
}

/* Waits on the wake fd, as the UI loop does, until n results arrived;
 * they go into out in arrival order. */
static void collect(struct harness *h, struct files_result **out, size_t n)
{
    struct pollfd pfd = {.fd = queue_wake_fd(&h->results), .events = POLLIN};
    size_t got = 0;
    while (got < n) {
        cr_assert_eq(poll(&pfd, 1, 10000), 1, "a result within 10 s (%zu of %zu)", got, n);
        struct queue_node *node = queue_take_all(&h->results);
        while (node) {
            cr_assert_lt(got, n, "no more results than jobs");
            out[got++] = (struct files_result *)node;
            node = node->next;
        }
    }
}

Test(writer, jobs_run_in_order_and_report_through_the_wake_fd)
{
    struct harness h;
    start(&h);
    enum { N = 40 };
    unsigned long ids[N + 1];
    struct api_error err = {0};
    char text[32];
    for (int i = 0; i < N; i++) {
        snprintf(text, sizeof text, "version %d", i);
        ids[i] = files_writer_write(h.w, at(i % 2 ? "odd/f" : "even/f"), text, strlen(text), &err);
        cr_assert_neq(ids[i], 0, "%s", api_error_message(&err));
    }
    ids[N] = files_writer_remove(h.w, at("odd/f"), &err);
    cr_assert_neq(ids[N], 0);
    struct files_result *r[N + 1];
    collect(&h, r, N + 1);
    for (int i = 0; i <= N; i++) {
        cr_expect_eq(r[i]->id, ids[i], "result %d is job %lu", i, ids[i]);
        cr_expect_eq(r[i]->rc, 0, "%s", api_error_message(&r[i]->err));
        cr_expect_eq(r[i]->op, i < N ? FILES_WRITE : FILES_REMOVE);
        if (i > 0)
            cr_expect_gt(ids[i], ids[i - 1], "ids grow");
        files_result_free(r[i]);
    }
    snprintf(text, sizeof text, "version %d", N - 2);
    expect_content(at("even/f"), text, strlen(text));
    cr_expect_neq(access(at("odd/f"), F_OK), 0, "the remove came after the writes");
    files_writer_stop(h.w);
    cr_expect_null(queue_take_all(&h.results));
    queue_destroy(&h.results);
}

Test(writer, a_failed_job_is_a_result_and_the_next_still_runs)
{
    struct harness h;
    start(&h);
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(at("file"), "x", 1, &err), 0);
    unsigned long bad = files_writer_write(h.w, at("file/below"), "y", 1, &err);
    unsigned long good = files_writer_write(h.w, at("ok"), "z", 1, &err);
    struct files_result *r[2];
    collect(&h, r, 2);
    cr_expect_eq(r[0]->id, bad);
    cr_expect_eq(r[0]->rc, -1);
    cr_expect_eq(r[0]->err.kind, API_ERR_INVALID);
    cr_expect_str_eq(r[0]->path, at("file/below"));
    cr_expect(strstr(api_error_message(&r[0]->err), "file") != NULL, "%s",
              api_error_message(&r[0]->err));
    cr_expect_eq(r[1]->id, good);
    cr_expect_eq(r[1]->rc, 0);
    expect_content(at("ok"), "z", 1);
    files_result_free(r[0]);
    files_result_free(r[1]);
    files_writer_stop(h.w);
    queue_destroy(&h.results);
}

Test(writer, stopping_writes_everything_queued)
{
    struct harness h;
    start(&h);
    enum { N = 300 };
    struct api_error err = {0};
    char name[32], text[32];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "many/%03d", i);
        snprintf(text, sizeof text, "%d", i);
        cr_assert_neq(files_writer_write(h.w, at(name), text, strlen(text), &err), 0);
    }
    files_writer_stop(h.w);
    size_t n = 0;
    struct queue_node *node = queue_take_all(&h.results);
    while (node) {
        struct queue_node *next = node->next;
        struct files_result *r = (struct files_result *)node;
        cr_expect_eq(r->id, n + 1, "in order");
        cr_expect_eq(r->rc, 0, "%s", api_error_message(&r->err));
        files_result_free(r);
        n++;
        node = next;
    }
    cr_expect_eq(n, N, "one result per job");
    bool temp;
    cr_expect_eq(entries(at("many"), &temp), N);
    cr_expect_not(temp);
    expect_content(at("many/299"), "299", 3);
    queue_destroy(&h.results);
}

Test(writer, results_left_at_stop_are_drained)
{
    struct harness h;
    start(&h);
    struct api_error err = {0};
    cr_assert_neq(files_writer_write(h.w, at("x"), "x", 1, &err), 0);
    cr_assert_neq(files_writer_remove(h.w, at("missing"), &err), 0);
    files_writer_stop(h.w);
    files_results_drain(&h.results);
    cr_expect_null(queue_take_all(&h.results));
    queue_destroy(&h.results);
}
