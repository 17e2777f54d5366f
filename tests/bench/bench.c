/* sendx-bench: the measuring half of tests/bench/run.sh. It runs sendx-tui
 * on a pseudo-terminal of its own (term.c), keeps the screen the app draws
 * (vt.c), sends keys one at a time, waits for each to show, and reads the
 * app's CPU time and memory from /proc. It prints what it measured as
 * key=value lines; run.sh starts the mock, sets the scene, and compares.
 *
 *   sendx-bench time -- CMD...                     wall time of CMD
 *   sendx-bench launch  [opts] -- sendx-tui ARGS   exec to first rows drawn
 *   sendx-bench session [opts] -- sendx-tui ARGS   G, memory, moves, idle, filter
 *   sendx-bench latency [opts] -- sendx-tui ARGS   key latency while G loads
 *
 * See docs/performance.md for what each figure means. */
#include <errno.h>
#include <locale.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "term.h"
#include "vt.h"

extern char **environ;

#define SELECTED_MARK "\u258c " /* the table's cursor row starts with it */
#define KEY_PAGE_UP   "\x02"    /* Ctrl-b */
#define ROW_BYTES     4096

struct options {
    int cols, rows;
    const char *expect;   /* text of the first rows (the first email) */
    long contacts;        /* what G loads; 0: no G */
    int timeout_s;        /* for G's load */
    int trials;           /* launch */
    int moves, pages;     /* session: k and Ctrl-b presses */
    const char *filter;   /* session: typed after / */
    int idle_s;           /* session */
    int every_ms;         /* latency: a key this often */
    const char *mark_log; /* session: print this file's size before G */
    bool dump;            /* session: the last screen to stderr */
    char **argv;          /* the app and its arguments */
};

static double ms(uint64_t ns)
{
    return (double)ns / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile of v[0..n) (sorts v). */
static double quantile(double *v, size_t n, double q)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

/* "1,000,000" as the app's status line writes counts. */
static void thousands(long n, char *out, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%ld", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* The first word of the one row the table's cursor is on, and that row's
 * line on the screen (*line, when not NULL); false when there is no such
 * row, or two (a frame half drawn). */
static bool selected(const struct vt *vt, char *out, size_t n, int *line)
{
    char row[ROW_BYTES];
    size_t mark = strlen(SELECTED_MARK);
    int found = 0;
    for (int r = 0; r < vt_rows(vt); r++) {
        vt_row_text(vt, r, row, sizeof row);
        if (strncmp(row, SELECTED_MARK, mark) != 0)
            continue;
        if (found++)
            return false;
        size_t len = strcspn(row + mark, " ");
        if (len == 0 || len >= n)
            return false;
        memcpy(out, row + mark, len);
        out[len] = '\0';
        if (line)
            *line = r;
    }
    return found == 1;
}

struct change {
    char before[256];
    char now[256];
    int line_before, line_now;
};

static bool selection_moved(struct term *t, void *arg)
{
    struct change *c = arg;
    return selected(t->vt, c->now, sizeof c->now, &c->line_now) && strcmp(c->now, c->before) != 0;
}

/* The status line shows an error (the app gave up on a page). */
static bool status_failed(const struct term *t)
{
    char row[ROW_BYTES];
    vt_row_text(t->vt, vt_rows(t->vt) - 1, row, sizeof row);
    return strncmp(row, " \u2717 ", strlen(" \u2717 ")) == 0;
}

static bool prompt_open(struct term *t, void *arg)
{
    (void)arg;
    char row[ROW_BYTES];
    vt_row_text(t->vt, vt_rows(t->vt) - 1, row, sizeof row);
    return row[0] == '/';
}

/* Sends key and waits until the cursor row holds another record; whether
 * the rows scrolled under the cursor (it stayed on its screen line) in
 * *scrolled, when not NULL. Returns the time that took in ns, or 0 when
 * it never did. */
static uint64_t move(struct term *t, const char *key, int timeout_ms, bool *scrolled)
{
    struct change c = {.line_before = -1};
    if (!selected(t->vt, c.before, sizeof c.before, &c.line_before))
        c.before[0] = '\0';
    uint64_t sent = term_now_ns();
    if (term_send(t, key, strlen(key)) != 0)
        return 0;
    if (!term_wait(t, selection_moved, &c, timeout_ms))
        return 0;
    if (scrolled)
        *scrolled = c.line_now == c.line_before;
    return term_now_ns() - sent;
}

static int start(struct term *t, const struct options *o, uint64_t *launch_ns)
{
    uint64_t t0 = term_now_ns();
    if (term_spawn(t, o->argv, o->rows, o->cols) != 0)
        return -1;
    if (!term_wait_text(t, o->expect, 30000)) {
        fprintf(stderr, "sendx-bench: the first rows (%s) never showed\n", o->expect);
        return -1;
    }
    if (launch_ns)
        *launch_ns = term_now_ns() - t0;
    return 0;
}

static void dump_screen(const struct term *t)
{
    char row[ROW_BYTES];
    fprintf(stderr, "sendx-bench: the screen was:\n");
    for (int r = 0; t->vt && r < vt_rows(t->vt); r++)
        fprintf(stderr, "| %s\n", vt_row_text(t->vt, r, row, sizeof row));
}

static int fail(struct term *t, const char *what)
{
    fprintf(stderr, "sendx-bench: %s\n", what);
    dump_screen(t);
    term_stop(t);
    return 1;
}

/* ---- time ------------------------------------------------------------------ */

static int cmd_time(char **argv)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    /* stdout is for key=value lines: the command's goes to stderr. */
    posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
    uint64_t t0 = term_now_ns();
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fprintf(stderr, "sendx-bench: %s: %s\n", argv[0], strerror(rc));
        return 1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 1;
    printf("ms=%.1f\n", ms(term_now_ns() - t0));
    printf("status=%d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}

/* ---- launch ------------------------------------------------------------------ */

static int cmd_launch(const struct options *o)
{
    double v[64];
    int n = o->trials < 1 ? 1 : o->trials > 64 ? 64 : o->trials;
    for (int i = 0; i < n; i++) {
        struct term t;
        uint64_t ns;
        if (start(&t, o, &ns) != 0)
            return fail(&t, "launch failed");
        v[i] = ms(ns);
        printf("launch_ms_%d=%.1f\n", i + 1, v[i]);
        term_stop(&t);
    }
    printf("launch_ms_max=%.1f\n", quantile(v, (size_t)n, 1.0));
    printf("launch_ms_median=%.1f\n", quantile(v, (size_t)n, 0.5));
    return 0;
}

/* ---- session ----------------------------------------------------------------- */

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

/* The status line says all are loaded (arg), or that loading failed. */
static bool loaded_or_failed(struct term *t, void *arg)
{
    return vt_find(t->vt, arg) >= 0 || status_failed(t);
}

/* G: every contact loaded; the time until the status line says so. */
static int load_all(struct term *t, const struct options *o)
{
    char count[32], done[64];
    thousands(o->contacts, count, sizeof count);
    snprintf(done, sizeof done, "\u2713 %s contacts in ", count);
    if (o->mark_log)
        printf("log_offset=%ld\n", file_size(o->mark_log));
    int64_t cpu0 = proc_cpu_ns(t->pid, NULL);
    uint64_t t0 = term_now_ns();
    if (term_send(t, "G", 1) != 0 || !term_wait(t, loaded_or_failed, done, o->timeout_s * 1000) ||
        vt_find(t->vt, done) < 0)
        return -1;
    printf("g_ms=%.1f\n", ms(term_now_ns() - t0));
    printf("g_cpu_ms=%.1f\n", ms((uint64_t)(proc_cpu_ns(t->pid, NULL) - cpu0)));
    /* What the app itself says it took: "in 815 ms", "in 12.4 s". */
    char row[ROW_BYTES];
    vt_row_text(t->vt, vt_find(t->vt, done), row, sizeof row);
    char *said = strstr(row, done) + strlen(done);
    char *end = strchr(said, ' ');
    if (end && (end = strchr(end + 1, ' ')) != NULL)
        *end = '\0';
    printf("g_app_says=%s\n", said);
    return 0;
}

/* Presses key n times, each once the last one has shown; the app's CPU
 * time and the bytes it wrote over all of them, each key's latency, and
 * the bytes of the moves that scrolled the rows and of those that did not
 * (a move's bytes: from its key to the next key). */
static int presses(struct term *t, const char *name, const char *key, int n)
{
    if (!term_quiet(t, 300, 30000))
        return -1;
    double *lat = calloc((size_t)n, sizeof *lat);
    if (!lat)
        return -1;
    int64_t cpu0 = proc_cpu_ns(t->pid, NULL);
    int64_t ticks0 = proc_cpu_ticks(t->pid);
    uint64_t bytes0 = t->bytes, split[2] = {0, 0};
    int moves[2] = {0, 0};
    bool scrolled = false;
    for (int i = 0; i <= n; i++) {
        if (i > 0) {
            split[scrolled] += t->bytes - bytes0;
            moves[scrolled]++;
            bytes0 = t->bytes;
        }
        if (i == n)
            break;
        uint64_t took = move(t, key, 5000, &scrolled);
        if (took == 0) {
            free(lat);
            return -1;
        }
        lat[i] = ms(took);
        /* The last frame's tail (the status line) counts too. */
        if (i == n - 1 && !term_quiet(t, 300, 30000)) {
            free(lat);
            return -1;
        }
    }
    int64_t cpu1 = proc_cpu_ns(t->pid, NULL);
    int64_t ticks1 = proc_cpu_ticks(t->pid);
    printf("%s_n=%d\n", name, n);
    printf("%s_cpu_ms=%.3f\n", name, ms((uint64_t)(cpu1 - cpu0)));
    printf("%s_ticks=%lld\n", name, (long long)(ticks1 - ticks0));
    printf("%s_bytes=%llu\n", name, (unsigned long long)(split[0] + split[1]));
    printf("%s_in_view_n=%d\n", name, moves[0]);
    printf("%s_in_view_bytes=%llu\n", name, (unsigned long long)split[0]);
    printf("%s_scrolling_n=%d\n", name, moves[1]);
    printf("%s_scrolling_bytes=%llu\n", name, (unsigned long long)split[1]);
    printf("%s_latency_ms_median=%.2f\n", name, quantile(lat, (size_t)n, 0.5));
    printf("%s_latency_ms_max=%.2f\n", name, quantile(lat, (size_t)n, 1.0));
    free(lat);
    return 0;
}

static int idle(struct term *t, int seconds)
{
    if (!term_quiet(t, 500, 30000))
        return -1;
    int64_t slices0, slices1;
    int64_t cpu0 = proc_cpu_ns(t->pid, &slices0);
    uint64_t bytes0 = t->bytes;
    uint64_t until = term_now_ns() + (uint64_t)seconds * 1000000000u;
    for (uint64_t now; (now = term_now_ns()) < until;)
        if (term_pump(t, (int)((until - now) / 1000000u) + 1) < 0)
            return -1;
    int64_t cpu1 = proc_cpu_ns(t->pid, &slices1);
    printf("idle_s=%d\n", seconds);
    printf("idle_cpu_ms=%.3f\n", ms((uint64_t)(cpu1 - cpu0)));
    printf("idle_wakeups=%lld\n", (long long)(slices1 - slices0));
    printf("idle_bytes=%llu\n", (unsigned long long)(t->bytes - bytes0));
    return 0;
}

/* Types the filter key by key, each once the last one's rows are shown
 * (the pane's title says `filter "TYPED" (`). */
static int filter(struct term *t, const char *word)
{
    if (!term_quiet(t, 300, 30000) || term_send(t, "/", 1) != 0 ||
        !term_wait(t, prompt_open, NULL, 5000))
        return -1;
    if (!term_quiet(t, 300, 30000))
        return -1;
    int64_t cpu0 = proc_cpu_ns(t->pid, NULL);
    size_t n = strlen(word);
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        char shown[256];
        snprintf(shown, sizeof shown, "filter \"%.*s\" (", (int)(i + 1), word);
        uint64_t sent = term_now_ns();
        if (term_send(t, word + i, 1) != 0 || !term_wait_text(t, shown, 60000))
            return -1;
        double took = ms(term_now_ns() - sent);
        worst = took > worst ? took : worst;
    }
    if (!term_quiet(t, 300, 60000))
        return -1;
    int64_t cpu1 = proc_cpu_ns(t->pid, NULL);
    printf("filter_keys=%zu\n", n);
    printf("filter_cpu_ms=%.3f\n", ms((uint64_t)(cpu1 - cpu0)));
    printf("filter_latency_ms_max=%.1f\n", worst);
    return 0;
}

static int cmd_session(const struct options *o)
{
    struct term t;
    uint64_t launch;
    if (start(&t, o, &launch) != 0)
        return fail(&t, "launch failed");
    printf("launch_ms=%.1f\n", ms(launch));
    /* The rest of the start (names of lists and tags) lands first. */
    if (!term_quiet(&t, 300, 30000))
        return fail(&t, "the app never went quiet after start");
    printf("rss_start_kb=%lld\n", (long long)proc_status_kb(t.pid, "VmRSS"));
    if (o->contacts > 0) {
        if (load_all(&t, o) != 0)
            return fail(&t, "G: the status line never said all were loaded");
        if (!term_quiet(&t, 500, 30000))
            return fail(&t, "the app never went quiet after G");
        printf("rss_loaded_kb=%lld\n", (long long)proc_status_kb(t.pid, "VmRSS"));
        printf("rss_peak_kb=%lld\n", (long long)proc_status_kb(t.pid, "VmHWM"));
    }
    if (o->moves > 0 && presses(&t, "row", "k", o->moves) != 0)
        return fail(&t, "row moves: a k never showed");
    if (o->pages > 0 && presses(&t, "page", KEY_PAGE_UP, o->pages) != 0)
        return fail(&t, "page moves: a Ctrl-b never showed");
    if (o->idle_s > 0 && idle(&t, o->idle_s) != 0)
        return fail(&t, "idle: the app ended or never went quiet");
    if (o->filter && filter(&t, o->filter) != 0)
        return fail(&t, "filter: a key never showed");
    if (o->dump)
        dump_screen(&t);
    term_stop(&t);
    return 0;
}

/* ---- latency ----------------------------------------------------------------- */

/* While G loads, a key every every_ms: k, k, then j, k, j, k, ... so that
 * the cursor, once off the last row, never sits on it again and only the
 * keys move it (on the last row it follows the rows as they arrive). Each
 * key is timed from its write to the screen showing the cursor on another
 * record; the first one, sent while the cursor still follows the end, is
 * not counted. */
static int cmd_latency(const struct options *o)
{
    struct term t;
    if (start(&t, o, NULL) != 0)
        return fail(&t, "launch failed");
    if (!term_quiet(&t, 300, 30000))
        return fail(&t, "the app never went quiet after start");
    char count[32], done[64];
    thousands(o->contacts, count, sizeof count);
    snprintf(done, sizeof done, "\u2713 %s contacts in ", count);
    size_t cap = (size_t)o->timeout_s * 1000 / (size_t)o->every_ms + 2, n = 0;
    double *lat = calloc(cap, sizeof *lat);
    if (!lat || term_send(&t, "G", 1) != 0)
        return fail(&t, "cannot start");
    uint64_t t0 = term_now_ns(), every = (uint64_t)o->every_ms * 1000000u;
    uint64_t until = t0 + (uint64_t)o->timeout_s * 1000000000u;
    uint64_t next = t0 + every;
    int sent = 0;
    bool finished = false;
    while (!finished && n < cap) {
        uint64_t now = term_now_ns();
        if (now >= until || term_interrupted()) {
            free(lat);
            return fail(&t, "G never finished");
        }
        if (now < next) {
            if (term_pump(&t, (int)((next - now) / 1000000u) + 1) < 0) {
                free(lat);
                return fail(&t, "the app ended");
            }
            finished = vt_find(t.vt, done) >= 0;
            if (status_failed(&t)) {
                free(lat);
                return fail(&t, "G failed");
            }
            continue;
        }
        const char *key = sent < 2 || sent % 2 == 1 ? "k" : "j";
        uint64_t took = move(&t, key, 10000, NULL);
        if (took == 0) {
            free(lat);
            return fail(&t, "a key never showed (10 s)");
        }
        if (sent++ > 0)
            lat[n++] = ms(took);
        next += every;
        if (next < term_now_ns())
            next = term_now_ns() + every;
        finished = vt_find(t.vt, done) >= 0;
    }
    printf("latency_load_ms=%.1f\n", ms(term_now_ns() - t0));
    printf("latency_keys=%zu\n", n);
    printf("latency_ms_median=%.2f\n", quantile(lat, n, 0.5));
    printf("latency_ms_p99=%.2f\n", quantile(lat, n, 0.99));
    printf("latency_ms_max=%.2f\n", quantile(lat, n, 1.0));
    free(lat);
    term_stop(&t);
    return n > 0 ? 0 : 1;
}

/* ---- main -------------------------------------------------------------------- */

static int usage(void)
{
    fprintf(stderr, "usage: sendx-bench time -- CMD [ARGS]\n"
                    "       sendx-bench launch|session|latency [--size COLSxROWS] --expect TEXT\n"
                    "                   [--contacts N] [--timeout S] [--trials N] [--moves N]\n"
                    "                   [--pages N] [--filter WORD] [--idle S] [--every MS]\n"
                    "                   [--mark-log FILE] [--dump] -- sendx-tui [ARGS]\n");
    return 2;
}

static int parse(int argc, char **argv, struct options *o)
{
    *o = (struct options){.cols = 120, .rows = 40, .timeout_s = 300, .trials = 5, .every_ms = 100};
    int i = 2;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(opt, "--dump") == 0) {
            o->dump = true;
            continue;
        }
        if (!val)
            return -1;
        i++;
        if (strcmp(opt, "--size") == 0 && sscanf(val, "%dx%d", &o->cols, &o->rows) == 2)
            continue;
        if (strcmp(opt, "--expect") == 0)
            o->expect = val;
        else if (strcmp(opt, "--contacts") == 0)
            o->contacts = atol(val);
        else if (strcmp(opt, "--timeout") == 0)
            o->timeout_s = atoi(val);
        else if (strcmp(opt, "--trials") == 0)
            o->trials = atoi(val);
        else if (strcmp(opt, "--moves") == 0)
            o->moves = atoi(val);
        else if (strcmp(opt, "--pages") == 0)
            o->pages = atoi(val);
        else if (strcmp(opt, "--filter") == 0)
            o->filter = val;
        else if (strcmp(opt, "--idle") == 0)
            o->idle_s = atoi(val);
        else if (strcmp(opt, "--every") == 0)
            o->every_ms = atoi(val);
        else if (strcmp(opt, "--mark-log") == 0)
            o->mark_log = val;
        else
            return -1;
    }
    if (i + 1 >= argc || !o->expect || o->cols < 20 || o->rows < 5 || o->timeout_s < 1 ||
        o->every_ms < 1)
        return -1;
    o->argv = argv + i + 1;
    return 0;
}

int main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "C.UTF-8"); /* wcwidth() as the app sees it */
    setvbuf(stdout, NULL, _IOLBF, 0);
    term_catch_signals();
    if (argc >= 4 && strcmp(argv[1], "time") == 0 && strcmp(argv[2], "--") == 0)
        return cmd_time(argv + 3);
    struct options o;
    if (argc < 2 || parse(argc, argv, &o) != 0)
        return usage();
    if (strcmp(argv[1], "launch") == 0)
        return cmd_launch(&o);
    if (strcmp(argv[1], "session") == 0)
        return cmd_session(&o);
    if (strcmp(argv[1], "latency") == 0 && o.contacts > 0)
        return cmd_latency(&o);
    return usage();
}
