/* The API key's two sources beside the environment: a config file that
 * only its owner can read, and a command run without a shell. */
#include "config/config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/api_error.h"

extern char **environ;

/* More than any key; a command that prints more is not printing a key. */
#define KEY_CMD_MAX_OUTPUT 4096

int config_key_file_ok(const char *path, struct api_error *err)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return api_error_fail(err, API_ERR_POLICY, 0, "%s: %s", path, strerror(errno));
    if ((st.st_mode & 077) == 0)
        return 0;
    return api_error_fail(err, API_ERR_POLICY, 0,
                          "%s holds an api_key but others can get at it (mode %04o): run "
                          "chmod 600 %s",
                          path, (unsigned)(st.st_mode & 07777), path);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What a run came to, for its one line of message. */
enum run_end {
    RUN_DONE,
    RUN_TIMEOUT,
    RUN_TOO_MUCH,
    RUN_READ_FAILED,
};

/* Reads the child's output until it closes it, the deadline passes or the
 * cap is passed. */
static enum run_end read_output(int fd, long long deadline, char *buf, size_t *len)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return RUN_TIMEOUT;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int r = poll(&pfd, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return RUN_READ_FAILED;
        if (r == 0)
            return RUN_TIMEOUT;
        ssize_t n = read(fd, buf + *len, KEY_CMD_MAX_OUTPUT + 1 - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return RUN_READ_FAILED;
        if (n == 0)
            return RUN_DONE;
        *len += (size_t)n;
        if (*len > KEY_CMD_MAX_OUTPUT)
            return RUN_TOO_MUCH;
    }
}

/* Waits for the child until the deadline (it may close its output and
 * linger); kills it then. Returns its wait status, or -1 when it was
 * killed for the time. */
static int reap(pid_t pid, long long deadline, bool kill_now)
{
    int status;
    while (!kill_now) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            return status;
        if (r < 0 && errno != EINTR)
            return -1;
        if (now_ms() >= deadline)
            break;
        nanosleep(&(struct timespec){0, 5 * 1000000}, NULL);
    }
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return -1;
}

static int spawn(char *const argv[], int out_fd, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc)
        return rc;
    rc = posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
    if (!rc)
        rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

/* Whitespace around the key is dropped in place; returns the new start. */
static char *trim(char *s, size_t len)
{
    while (len > 0 && (s[len - 1] == ' ' || (s[len - 1] >= '\t' && s[len - 1] <= '\r')))
        len--;
    s[len] = '\0';
    while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
        s++;
    return s;
}

static int finish(const char *cmd, enum run_end end, int status, char *buf, size_t len,
                  int timeout_ms, char **key, struct api_error *err)
{
    if (end == RUN_TIMEOUT)
        return api_error_fail(err, API_ERR_POLICY, 0,
                              "api_key_cmd: %s did not finish within %d ms and was stopped", cmd,
                              timeout_ms);
    if (end == RUN_TOO_MUCH)
        return api_error_fail(err, API_ERR_POLICY, 0,
                              "api_key_cmd: %s printed more than %d bytes, which is not a key", cmd,
                              KEY_CMD_MAX_OUTPUT);
    if (end == RUN_READ_FAILED)
        return api_error_fail(err, API_ERR_POLICY, 0, "api_key_cmd: reading from %s failed", cmd);
    if (status == -1)
        return api_error_fail(err, API_ERR_POLICY, 0,
                              "api_key_cmd: %s did not exit within %d ms and was stopped", cmd,
                              timeout_ms);
    if (WIFSIGNALED(status))
        return api_error_fail(err, API_ERR_POLICY, 0, "api_key_cmd: %s was killed by signal %d",
                              cmd, WTERMSIG(status));
    /* 127 is what a spawn whose program was not found exits with. */
    if (WEXITSTATUS(status) == 127)
        return api_error_fail(err, API_ERR_POLICY, 0,
                              "api_key_cmd: %s exited with status 127: is it installed, and "
                              "in PATH?",
                              cmd);
    if (WEXITSTATUS(status) != 0)
        return api_error_fail(err, API_ERR_POLICY, 0, "api_key_cmd: %s exited with status %d", cmd,
                              WEXITSTATUS(status));
    char *k = trim(buf, len);
    if (!*k)
        return api_error_fail(err, API_ERR_POLICY, 0, "api_key_cmd: %s printed no key", cmd);
    if (!(*key = strdup(k)))
        return api_error_nomem(err);
    return 0;
}

int config_run_key_cmd(char *const argv[], int timeout_ms, char **key, struct api_error *err)
{
    *key = NULL;
    if (!argv || !argv[0] || !*argv[0])
        return api_error_fail(err, API_ERR_POLICY, 0, "api_key_cmd: no command given");
    int fds[2];
    /* Close-on-exec, so that nothing else the app starts holds the pipe
     * open; the dup onto the child's stdout is not affected. */
    if (pipe(fds) < 0)
        return api_error_fail(err, API_ERR_POLICY, 0, "api_key_cmd: %s", strerror(errno));
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    long long deadline = now_ms() + timeout_ms;
    pid_t pid;
    int rc = spawn(argv, fds[1], &pid);
    close(fds[1]);
    if (rc) {
        close(fds[0]);
        return api_error_fail(err, API_ERR_POLICY, 0, "api_key_cmd: cannot run %s: %s", argv[0],
                              strerror(rc));
    }
    char buf[KEY_CMD_MAX_OUTPUT + 2];
    size_t len = 0;
    enum run_end end = read_output(fds[0], deadline, buf, &len);
    close(fds[0]);
    int status = reap(pid, deadline, end != RUN_DONE);
    rc = finish(argv[0], end, status, buf, len, timeout_ms, key, err);
    explicit_bzero(buf, sizeof buf);
    return rc;
}
