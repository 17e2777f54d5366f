#include "term.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vt.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

void term_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a signal wakes poll() and the wait gives up. */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

bool term_interrupted(void)
{
    return interrupted != 0;
}

uint64_t term_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int term_spawn(struct term *t, char *const argv[], int rows, int cols)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->vt = vt_new(rows, cols);
    if (!t->vt) {
        fprintf(stderr, "sendx-bench: out of memory\n");
        return -1;
    }
    struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
    pid_t pid = forkpty(&t->fd, NULL, NULL, &ws);
    if (pid < 0) {
        fprintf(stderr, "sendx-bench: forkpty: %s\n", strerror(errno));
        vt_free(t->vt);
        t->vt = NULL;
        return -1;
    }
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        execvp(argv[0], argv);
        fprintf(stderr, "sendx-bench: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    t->pid = pid;
    fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
    fcntl(t->fd, F_SETFD, FD_CLOEXEC);
    t->last_output_ns = term_now_ns();
    return 0;
}

int term_send(struct term *t, const char *keys, size_t n)
{
    while (n > 0) {
        ssize_t w = write(t->fd, keys, n);
        if (w < 0 && errno == EAGAIN) {
            struct pollfd p = {.fd = t->fd, .events = POLLOUT};
            poll(&p, 1, 100);
            continue;
        }
        if (w < 0 && errno == EINTR && !interrupted)
            continue;
        if (w <= 0)
            return -1;
        keys += w;
        n -= (size_t)w;
    }
    return 0;
}

int term_pump(struct term *t, int timeout_ms)
{
    if (t->closed || interrupted)
        return -1;
    struct pollfd p = {.fd = t->fd, .events = POLLIN};
    int rc = poll(&p, 1, timeout_ms);
    if (rc < 0)
        return errno == EINTR && !interrupted ? 0 : -1;
    if (rc == 0)
        return 0;
    char buf[65536];
    bool got = false;
    for (;;) {
        ssize_t n = read(t->fd, buf, sizeof buf);
        if (n > 0) {
            t->bytes += (uint64_t)n;
            vt_feed(t->vt, buf, (size_t)n);
            got = true;
            continue;
        }
        if (n < 0 && errno == EINTR && !interrupted)
            continue;
        if (n < 0 && errno == EAGAIN)
            break;
        t->closed = true; /* EIO: the program's side is gone */
        break;
    }
    size_t nr;
    const char *r = vt_replies(t->vt, &nr);
    if (nr) {
        term_send(t, r, nr);
        vt_replies_clear(t->vt);
    }
    if (got)
        t->last_output_ns = term_now_ns();
    return got ? 1 : t->closed ? -1 : 0;
}

bool term_wait(struct term *t, bool (*done)(struct term *, void *), void *arg, int timeout_ms)
{
    uint64_t until = term_now_ns() + (uint64_t)timeout_ms * 1000000u;
    for (;;) {
        if (done(t, arg))
            return true;
        uint64_t now = term_now_ns();
        if (now >= until)
            return false;
        int left = (int)((until - now) / 1000000u) + 1;
        if (term_pump(t, left) < 0)
            return done(t, arg);
    }
}

static bool has_text(struct term *t, void *text)
{
    return vt_find(t->vt, text) >= 0;
}

bool term_wait_text(struct term *t, const char *text, int timeout_ms)
{
    return term_wait(t, has_text, (void *)text, timeout_ms);
}

bool term_quiet(struct term *t, int quiet_ms, int timeout_ms)
{
    uint64_t start = term_now_ns();
    uint64_t until = start + (uint64_t)timeout_ms * 1000000u;
    uint64_t quiet = (uint64_t)quiet_ms * 1000000u;
    uint64_t since = start;
    for (;;) {
        uint64_t now = term_now_ns();
        if (now - since >= quiet)
            return true;
        if (now >= until)
            return false;
        int rc = term_pump(t, (int)((since + quiet - now) / 1000000u) + 1);
        if (rc < 0)
            return false;
        if (rc > 0)
            since = term_now_ns();
    }
}

int term_stop(struct term *t)
{
    int status = -1;
    if (t->pid > 0) {
        kill(t->pid, SIGTERM);
        uint64_t until = term_now_ns() + 5000000000u;
        for (;;) {
            pid_t w = waitpid(t->pid, &status, WNOHANG);
            if (w == t->pid || (w < 0 && errno != EINTR))
                break;
            if (term_now_ns() >= until) {
                kill(t->pid, SIGKILL);
                waitpid(t->pid, &status, 0);
                break;
            }
            /* Keep reading: a program blocked writing to a full pty
             * would never see its SIGTERM through. */
            if (!t->closed) {
                struct pollfd p = {.fd = t->fd, .events = POLLIN};
                if (poll(&p, 1, 10) > 0) {
                    char buf[4096];
                    if (read(t->fd, buf, sizeof buf) <= 0)
                        t->closed = true;
                }
            } else {
                struct timespec ts = {0, 10000000};
                nanosleep(&ts, NULL);
            }
        }
        t->pid = 0;
    }
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
    vt_free(t->vt);
    t->vt = NULL;
    return status;
}

int64_t proc_cpu_ns(pid_t pid, int64_t *slices)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int64_t sum = 0, runs = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char file[320];
        snprintf(file, sizeof file, "/proc/%d/task/%s/schedstat", (int)pid, e->d_name);
        FILE *f = fopen(file, "r");
        if (!f)
            continue; /* the thread ended meanwhile */
        long long run = 0, waited = 0, count = 0;
        if (fscanf(f, "%lld %lld %lld", &run, &waited, &count) == 3) {
            sum += run;
            runs += count;
        }
        fclose(f);
    }
    closedir(d);
    if (slices)
        *slices = runs;
    return sum;
}

int64_t proc_cpu_ticks(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[1024];
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    /* The command name may hold spaces and parentheses: fields count
     * from the last ')'. utime and stime are fields 14 and 15. */
    char *p = ok ? strrchr(line, ')') : NULL;
    if (!p)
        return -1;
    long long utime = 0, stime = 0;
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld", &utime, &stime) != 2)
        return -1;
    return utime + stime;
}

int64_t proc_status_kb(pid_t pid, const char *field)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    size_t len = strlen(field);
    int64_t kb = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, len) == 0 && line[len] == ':') {
            kb = strtoll(line + len + 1, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}
