/* sendx-tui's command line before any screen: what a person sees when a
 * key is missing, a URL is refused, an option is wrong, or there is no
 * terminal. Each case runs the real binary with stdin from /dev/null. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct outcome {
    int status;
    char out[8192];
    char err[8192];
};

static void drain(int fd, char *buf, size_t size)
{
    size_t len = 0;
    ssize_t got;
    while (len + 1 < size && (got = read(fd, buf + len, size - len - 1)) > 0)
        len += (size_t)got;
    buf[len] = '\0';
    close(fd);
}

/* Runs sendx-tui with args and an environment of PATH plus env. */
static void run(const char *const *args, const char *const *env, struct outcome *o)
{
    const char *argv[16] = {SENDX_TUI_PATH};
    for (size_t i = 0; args[i] && i < 14; i++)
        argv[i + 1] = args[i];
    const char *envp[8] = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
    for (size_t i = 0; env && env[i] && i < 5; i++)
        envp[i + 2] = env[i];
    int out[2], err[2];
    cr_assert_eq(pipe(out), 0);
    cr_assert_eq(pipe(err), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, err[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    posix_spawn_file_actions_addclose(&fa, err[0]);
    pid_t pid;
    cr_assert_eq(
        posix_spawn(&pid, SENDX_TUI_PATH, &fa, NULL, (char *const *)argv, (char *const *)envp), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    close(err[1]);
    drain(out[0], o->out, sizeof o->out);
    drain(err[0], o->err, sizeof o->err);
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status), "sendx-tui did not exit normally");
    o->status = WEXITSTATUS(status);
}

Test(tui_cli, without_a_key_it_says_how_to_give_one)
{
    struct outcome o;
    const char *args[] = {NULL};
    run(args, NULL, &o);
    cr_expect_eq(o.status, 1);
    cr_expect(strstr(o.err, "SENDX_API_KEY") && strstr(o.err, "--demo"), "%s", o.err);
}

Test(tui_cli, plain_http_to_a_remote_host_is_refused_in_one_clear_line)
{
    struct outcome o;
    const char *args[] = {"--base-url", "http://api.sendx.io/api/v1/rest", NULL};
    const char *env[] = {"SENDX_API_KEY=secret-key-123", NULL};
    run(args, env, &o);
    cr_expect_eq(o.status, 1);
    cr_expect(strncmp(o.err, "sendx-tui: refusing http://api.sendx.io", 39) == 0, "%s", o.err);
    cr_expect_null(strstr(o.err, "secret-key-123"), "the key is never shown");
    cr_expect_eq(strchr(o.err, '\n') - o.err + 1, (long)strlen(o.err), "one line: %s", o.err);
}

Test(tui_cli, the_base_url_also_comes_from_the_environment)
{
    struct outcome o;
    const char *args[] = {NULL};
    const char *env[] = {"SENDX_API_KEY=k", "SENDX_BASE_URL=ftp://example.com", NULL};
    run(args, env, &o);
    cr_expect_eq(o.status, 1);
    cr_expect(strstr(o.err, "refusing ftp://example.com"), "%s", o.err);
}

Test(tui_cli, an_unknown_option_shows_the_usage)
{
    struct outcome o;
    const char *args[] = {"--colour", NULL};
    run(args, NULL, &o);
    cr_expect_eq(o.status, 2);
    cr_expect(strstr(o.err, "unknown option '--colour'") && strstr(o.err, "usage:"), "%s", o.err);
}

Test(tui_cli, bad_option_values_are_refused)
{
    static const char *const cases[][3] = {
        {"--demo-contacts", "many", NULL},
        {"--demo-contacts", "2000000", NULL},
        {"--base-url", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outcome o;
        run(cases[i], NULL, &o);
        cr_expect_eq(o.status, 2, "%s %s", cases[i][0], cases[i][1] ? cases[i][1] : "");
        cr_expect(strstr(o.err, cases[i][0]), "the message names the option: %s", o.err);
    }
}

Test(tui_cli, version_and_help_go_to_stdout)
{
    struct outcome o;
    const char *version[] = {"--version", NULL};
    run(version, NULL, &o);
    cr_expect_eq(o.status, 0);
    cr_expect_str_eq(o.out, "sendx-tui " SENDX_TUI_VERSION "\n");
    const char *help[] = {"--help", NULL};
    run(help, NULL, &o);
    cr_expect_eq(o.status, 0);
    cr_expect(strstr(o.out, "--demo") && strstr(o.out, "--readonly") && strstr(o.out, "--log"),
              "%s", o.out);
    cr_expect_str_empty(o.err);
}

Test(tui_cli, without_a_terminal_it_says_so)
{
    struct outcome o;
    const char *args[] = {"--base-url", "http://127.0.0.1:9", NULL};
    const char *env[] = {"SENDX_API_KEY=k", NULL};
    run(args, env, &o);
    cr_expect_eq(o.status, 1);
    cr_expect(strstr(o.err, "needs a terminal"), "%s", o.err);
}
