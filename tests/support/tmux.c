#include "tmux.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define TMUX_MAX_ARGS 64

struct tmux {
    char socket[64];
    char config[64];
    char *last; /* the last screen captured */
};

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs tmux with the socket and config options before args; collects
 * stdout into *out when out is not NULL. Returns tmux's exit status. */
static int run_tmux(const struct tmux *t, const char *const *args, char **out)
{
    const char *argv[TMUX_MAX_ARGS] = {"tmux", "-L", t->socket, "-f", t->config};
    size_t n = 5;
    for (size_t i = 0; args[i] && n < TMUX_MAX_ARGS - 1; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    /* A command that starts the tmux server hands it our stdout; reading
     * a pipe the server keeps open would never end, so only commands
     * whose output is wanted get the pipe. */
    if (out)
        posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    else
        posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    pid_t pid;
    int rc = posix_spawnp(&pid, "tmux", &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    size_t len = 0, cap = 4096;
    char *text = malloc(cap);
    ssize_t got;
    while (text && (got = read(fds[0], text + len, cap - len - 1)) > 0) {
        len += (size_t)got;
        if (cap - len < 1024) {
            char *bigger = realloc(text, cap * 2);
            if (!bigger)
                break;
            text = bigger;
            cap *= 2;
        }
    }
    close(fds[0]);
    int status = -1;
    if (rc == 0)
        waitpid(pid, &status, 0);
    if (text)
        text[len] = '\0';
    if (out)
        *out = text;
    else
        free(text);
    return rc == 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int write_config(struct tmux *t)
{
    snprintf(t->config, sizeof t->config, "/tmp/sendx-tmux-XXXXXX");
    int fd = mkstemp(t->config);
    if (fd < 0)
        return -1;
    /* The pane stays after the program exits, so a test can see its last
     * screen and tell that it exited. */
    static const char conf[] = "set -g remain-on-exit on\n"
                               "set -g default-terminal tmux-256color\n"
                               "set -g status off\n"
                               "set -g history-limit 0\n";
    ssize_t w = write(fd, conf, sizeof conf - 1);
    close(fd);
    return w == (ssize_t)(sizeof conf - 1) ? 0 : -1;
}

struct tmux *tmux_start(const char *command, const char *const *env, int cols, int rows)
{
    static int counter;
    struct tmux *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    snprintf(t->socket, sizeof t->socket, "sendx-test-%d-%d", (int)getpid(), counter++);
    if (write_config(t) != 0) {
        free(t);
        return NULL;
    }
    char x[16], y[16];
    snprintf(x, sizeof x, "%d", cols);
    snprintf(y, sizeof y, "%d", rows);
    const char *args[TMUX_MAX_ARGS] = {"new-session", "-d", "-s", "t", "-x", x, "-y", y};
    size_t n = 8;
    for (size_t i = 0; env && env[i] && n < TMUX_MAX_ARGS - 3; i++) {
        args[n++] = "-e";
        args[n++] = env[i];
    }
    args[n++] = command;
    args[n] = NULL;
    if (run_tmux(t, args, NULL) != 0) {
        tmux_stop(t);
        return NULL;
    }
    return t;
}

void tmux_stop(struct tmux *t)
{
    if (!t)
        return;
    /* tmux leaves its socket file behind when the server is killed. */
    const char *where[] = {"display-message", "-p", "#{socket_path}", NULL};
    char *socket_path = NULL;
    if (run_tmux(t, where, &socket_path) != 0 || !socket_path || socket_path[0] != '/') {
        free(socket_path);
        socket_path = NULL;
    }
    const char *args[] = {"kill-server", NULL};
    run_tmux(t, args, NULL);
    if (socket_path) {
        socket_path[strcspn(socket_path, "\n")] = '\0';
        unlink(socket_path);
        free(socket_path);
    }
    unlink(t->config);
    free(t->last);
    free(t);
}

int tmux_keys(struct tmux *t, const char *key)
{
    const char *args[] = {"send-keys", "-t", "t", key, NULL};
    return run_tmux(t, args, NULL) == 0 ? 0 : -1;
}

int tmux_paste(struct tmux *t, const char *text)
{
    const char *set[] = {"set-buffer", "-b", "paste", "--", text, NULL};
    const char *paste[] = {"paste-buffer", "-p", "-d", "-b", "paste", "-t", "t", NULL};
    return run_tmux(t, set, NULL) == 0 && run_tmux(t, paste, NULL) == 0 ? 0 : -1;
}

int tmux_type(struct tmux *t, const char *text)
{
    /* tmux reads an argument ending in ';' as the end of a command;
     * "\\;" stands for a literal one there. */
    size_t len = strlen(text);
    char *arg = malloc(len + 2);
    if (!arg)
        return -1;
    memcpy(arg, text, len + 1);
    if (len && text[len - 1] == ';')
        memcpy(arg + len - 1, "\\;", 3);
    const char *args[] = {"send-keys", "-t", "t", "-l", arg, NULL};
    int rc = run_tmux(t, args, NULL) == 0 ? 0 : -1;
    free(arg);
    return rc;
}

int tmux_pipe_to(struct tmux *t, const char *path)
{
    if (strchr(path, '\''))
        return -1;
    size_t size = strlen(path) + 16;
    char *command = malloc(size);
    if (!command)
        return -1;
    /* tmux runs it with the shell: the path quoted, the file appended to. */
    snprintf(command, size, "cat >>'%s'", path);
    const char *args[] = {"pipe-pane", "-O", "-t", "t", command, NULL};
    int rc = run_tmux(t, args, NULL) == 0 ? 0 : -1;
    free(command);
    return rc;
}

int tmux_set_option(struct tmux *t, const char *name, const char *value)
{
    const char *args[] = {"set-option", "-g", name, value, NULL};
    return run_tmux(t, args, NULL) == 0 ? 0 : -1;
}

char *tmux_format(struct tmux *t, const char *format)
{
    const char *args[] = {"display-message", "-p", "-t", "t", format, NULL};
    char *text = NULL;
    if (run_tmux(t, args, &text) != 0) {
        free(text);
        return NULL;
    }
    if (text)
        text[strcspn(text, "\n")] = '\0';
    return text;
}

char *tmux_show_buffer(struct tmux *t)
{
    const char *args[] = {"show-buffer", NULL};
    char *text = NULL;
    if (run_tmux(t, args, &text) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

int tmux_resize(struct tmux *t, int cols, int rows)
{
    char x[16], y[16];
    snprintf(x, sizeof x, "%d", cols);
    snprintf(y, sizeof y, "%d", rows);
    const char *args[] = {"resize-window", "-t", "t", "-x", x, "-y", y, NULL};
    return run_tmux(t, args, NULL) == 0 ? 0 : -1;
}

char *tmux_capture(struct tmux *t)
{
    const char *args[] = {"capture-pane", "-p", "-t", "t", NULL};
    char *screen = NULL;
    if (run_tmux(t, args, &screen) != 0) {
        free(screen);
        return NULL;
    }
    free(t->last);
    t->last = screen ? strdup(screen) : NULL;
    return screen;
}

char *tmux_capture_styled(struct tmux *t)
{
    const char *args[] = {"capture-pane", "-p", "-e", "-t", "t", NULL};
    char *screen = NULL;
    if (run_tmux(t, args, &screen) != 0) {
        free(screen);
        return NULL;
    }
    return screen;
}

static bool wait_screen(struct tmux *t, const char *text, bool want_present, int timeout_ms)
{
    long until = now_ms() + timeout_ms;
    for (;;) {
        char *screen = tmux_capture(t);
        bool present = screen && strstr(screen, text) != NULL;
        free(screen);
        if (present == want_present)
            return true;
        if (now_ms() >= until)
            return false;
        /* Polling the screen is the only way to observe it; 20 ms keeps
         * tests quick without spinning tmux. */
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

bool tmux_wait_for(struct tmux *t, const char *text, int timeout_ms)
{
    return wait_screen(t, text, true, timeout_ms);
}

bool tmux_wait_gone(struct tmux *t, const char *text, int timeout_ms)
{
    return wait_screen(t, text, false, timeout_ms);
}

const char *tmux_last_screen(const struct tmux *t)
{
    return t->last ? t->last : "(no screen captured)";
}

bool tmux_exited(struct tmux *t)
{
    const char *args[] = {"display-message", "-p", "-t", "t", "#{pane_dead}", NULL};
    char *out = NULL;
    bool dead = run_tmux(t, args, &out) == 0 && out && out[0] == '1';
    free(out);
    return dead;
}

const char *tmux_last_row(const struct tmux *t, char *buf, size_t n)
{
    const char *screen = tmux_last_screen(t);
    const char *end = screen + strlen(screen);
    while (end > screen && end[-1] == '\n')
        end--;
    const char *start = end;
    while (start > screen && start[-1] != '\n')
        start--;
    snprintf(buf, n, "%.*s", (int)(end - start), start);
    return buf;
}
