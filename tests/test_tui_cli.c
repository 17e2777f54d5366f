/* sendx-tui's command line before any screen: what a person sees when a
 * key is missing or malformed, a URL or CA file is refused, an option is
 * wrong, or there is no terminal; and the exit status, 2 for whatever
 * is wrong on the command line and 1 for the rest. Each case runs the
 * real binary with stdin from /dev/null. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tree.h"

struct outcome {
    int status;
    char out[32768];
    char err[32768];
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

/* Runs sendx-tui with args (at most 14) and an environment of PATH and
 * LANG plus env (at most 5). */
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

static void expect_one_line(const char *err)
{
    const char *nl = strchr(err, '\n');
    cr_expect(nl && nl[1] == '\0', "one line: %s", err);
}

Test(tui_cli, without_a_key_it_says_how_to_give_one)
{
    struct outcome o;
    const char *args[] = {NULL};
    run(args, NULL, &o);
    cr_expect_eq(o.status, 1);
    cr_expect(strstr(o.err, "SENDX_API_KEY") && strstr(o.err, "--demo"), "%s", o.err);
    expect_one_line(o.err);
}

/* A key, a loopback URL and no terminal: what gets past every check
 * before the screen says it needs a terminal. */
static void expect_started(const struct outcome *o, const char *why)
{
    cr_expect_eq(o->status, 1, "%s: %s", why, o->err);
    cr_expect(strstr(o->err, "needs a terminal"), "%s: got as far as the screen: %s", why, o->err);
}

Test(tui_cli, plain_http_to_a_remote_host_is_refused_in_one_clear_line)
{
    struct outcome o;
    const char *args[] = {"--base-url", "http://api.sendx.io/api/v1/rest", NULL};
    const char *env[] = {"SENDX_API_KEY=secret-key-123", NULL};
    run(args, env, &o);
    cr_expect_eq(o.status, 2, "a bad value on the command line");
    cr_expect(strncmp(o.err, "sendx-tui: --base-url: refusing http://api.sendx.io", 51) == 0, "%s",
              o.err);
    cr_expect_null(strstr(o.err, "secret-key-123"), "the key is never shown");
    expect_one_line(o.err);
}

Test(tui_cli, the_base_url_also_comes_from_the_environment)
{
    struct outcome o;
    const char *args[] = {NULL};
    const char *env[] = {"SENDX_API_KEY=k", "SENDX_BASE_URL=ftp://example.com", NULL};
    run(args, env, &o);
    cr_expect_eq(o.status, 1, "the environment is not the command line");
    cr_expect(strstr(o.err, "SENDX_BASE_URL: refusing ftp://example.com"), "%s", o.err);
    expect_one_line(o.err);
}

Test(tui_cli, an_empty_base_url_is_refused_not_taken_for_the_default)
{
    static const char *const cases[][3] = {
        {"--base-url=", NULL, NULL},
        {"--base-url", "", NULL},
    };
    const char *env[] = {"SENDX_API_KEY=k", NULL};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outcome o;
        run(cases[i], env, &o);
        cr_expect_eq(o.status, 2, "case %zu: %s", i, o.err);
        cr_expect(strstr(o.err, "sendx-tui: --base-url needs a value\n"), "%s", o.err);
    }
}

Test(tui_cli, an_empty_base_url_in_the_environment_is_unset)
{
    struct outcome o;
    const char *args[] = {NULL};
    const char *env[] = {"SENDX_API_KEY=k", "SENDX_BASE_URL=", NULL};
    run(args, env, &o);
    expect_started(&o, "the default URL");
}

Test(tui_cli, a_blank_key_is_refused_in_one_line)
{
    static const char *const keys[] = {"SENDX_API_KEY= ", "SENDX_API_KEY=\n",
                                       "SENDX_API_KEY= \t\r\n"};
    const char *args[] = {"--base-url", "http://127.0.0.1:9", NULL};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        struct outcome o;
        const char *env[] = {keys[i], NULL};
        run(args, env, &o);
        cr_expect_eq(o.status, 1, "key %zu: %s", i, o.err);
        cr_expect(strstr(o.err, "SENDX_API_KEY is blank"), "key %zu: %s", i, o.err);
        expect_one_line(o.err);
    }
}

Test(tui_cli, a_key_with_a_control_or_other_odd_character_is_refused_without_showing_it)
{
    static const struct {
        const char *env, *position;
    } cases[] = {
        {"SENDX_API_KEY=secret\nkey", "position 7"},
        {"SENDX_API_KEY=secret\x1b[2Jkey", "position 7"},
        {"SENDX_API_KEY=secret\tkey", "position 7"},
        {"SENDX_API_KEY=secret key", "position 7"},
        {"SENDX_API_KEY=secret\x7fkey", "position 7"},
        {"SENDX_API_KEY=secret\xc2\xa0key", "position 7"}, /* a no-break space */
        {"SENDX_API_KEY= secret\rkey", "position 8"},
    };
    const char *args[] = {"--base-url", "http://127.0.0.1:9", NULL};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outcome o;
        const char *env[] = {cases[i].env, NULL};
        run(args, env, &o);
        cr_expect_eq(o.status, 1, "case %zu: %s", i, o.err);
        cr_expect(strstr(o.err, "SENDX_API_KEY has a space, control or non-ASCII character") &&
                      strstr(o.err, cases[i].position),
                  "case %zu: %s", i, o.err);
        cr_expect_null(strstr(o.err, "secret"), "case %zu: the key is never shown", i);
        expect_one_line(o.err);
    }
}

Test(tui_cli, whitespace_around_a_key_is_dropped)
{
    static const char *const keys[] = {"SENDX_API_KEY=k\n", "SENDX_API_KEY= \tk \r\n"};
    const char *args[] = {"--base-url", "http://127.0.0.1:9", NULL};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        struct outcome o;
        const char *env[] = {keys[i], NULL};
        run(args, env, &o);
        expect_started(&o, keys[i]);
    }
}

Test(tui_cli, a_key_on_the_command_line_is_refused_without_showing_it)
{
    static const char *const cases[][3] = {
        {"--api-key=sk-secret-123", NULL, NULL},
        {"--api-key", "sk-secret-123", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outcome o;
        run(cases[i], NULL, &o);
        cr_expect_eq(o.status, 2);
        cr_expect(strstr(o.err, "'--api-key'") && strstr(o.err, "SENDX_API_KEY"), "%s", o.err);
        cr_expect_null(strstr(o.err, "sk-secret-123"), "the key is never shown: %s", o.err);
    }
    struct outcome o;
    const char *stray[] = {"sk-secret-123", NULL};
    run(stray, NULL, &o);
    cr_expect_eq(o.status, 2);
    cr_expect(strstr(o.err, "argument 1 is not an option"), "%s", o.err);
    cr_expect_null(strstr(o.err, "sk-secret-123"), "an argument is never shown: %s", o.err);
}

Test(tui_cli, an_unknown_option_shows_the_usage)
{
    struct outcome o;
    const char *args[] = {"--colour", NULL};
    run(args, NULL, &o);
    cr_expect_eq(o.status, 2);
    cr_expect(strstr(o.err, "unknown option '--colour'") && strstr(o.err, "usage:"), "%s", o.err);
}

/* Every mistake on the command line exits 2, as the man page says,
 * whether the app would go on to the demo or to a server. */
Test(tui_cli, bad_option_values_are_refused_with_status_2)
{
    static const char *const cases[][4] = {
        {"--demo-contacts", "many", NULL},
        {"--demo-contacts", "2000000", NULL},
        {"--base-url", NULL, NULL},
        {"--base-url", "http://api.sendx.io", NULL},
        {"--base-url", "ftp://127.0.0.1", "--demo", NULL},
        {"--log", "", NULL},
        {"--ca-file", NULL, NULL},
        {"--ca-file", "/nonexistent/ca.pem", NULL},
    };
    const char *env[] = {"SENDX_API_KEY=k", NULL};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outcome o;
        run(cases[i], env, &o);
        cr_expect_eq(o.status, 2, "%s %s: %s", cases[i][0], cases[i][1] ? cases[i][1] : "", o.err);
        cr_expect(strstr(o.err, cases[i][0]), "the message names the option: %s", o.err);
    }
}

Test(tui_cli, a_log_file_that_cannot_be_opened_is_a_command_line_mistake)
{
    struct outcome o;
    const char *args[] = {"--base-url", "http://127.0.0.1:9", "--log", "/nonexistent/log", NULL};
    const char *env[] = {"SENDX_API_KEY=k", NULL};
    run(args, env, &o);
    cr_expect_eq(o.status, 2, "%s", o.err);
    cr_expect(strstr(o.err, "--log") && strstr(o.err, "/nonexistent/log"), "%s", o.err);
    expect_one_line(o.err);
}

/* ---- which CA file, and refusing one that cannot be used ----------------- */

static char dir[64];

static const char *path_in_dir(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", dir, name);
    return buf;
}

/* dir/good.pem looks like a bundle (sendx-tui only looks for a PEM block
 * at start; test_e2e_tls checks a real one is used), dir/bad.txt holds
 * no certificate. */
static void ca_setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/sendx-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    char path[96];
    FILE *f = fopen(path_in_dir("good.pem", path, sizeof path), "w");
    cr_assert_not_null(f);
    fputs("# a comment first, as some bundles have\n-----BEGIN CERTIFICATE-----\nMIIB\n"
          "-----END CERTIFICATE-----\n",
          f);
    cr_assert_eq(fclose(f), 0);
    f = fopen(path_in_dir("bad.txt", path, sizeof path), "w");
    cr_assert_not_null(f);
    fputs("not a certificate\n", f);
    cr_assert_eq(fclose(f), 0);
}

static void ca_teardown(void)
{
    char path[96];
    unlink(path_in_dir("good.pem", path, sizeof path));
    unlink(path_in_dir("bad.txt", path, sizeof path));
    rmdir(dir);
}

TestSuite(ca, .init = ca_setup, .fini = ca_teardown);

Test(ca, a_ca_file_that_cannot_be_used_is_refused_in_one_line)
{
    char bad[96], missing[96];
    path_in_dir("bad.txt", bad, sizeof bad);
    path_in_dir("missing.pem", missing, sizeof missing);
    const struct {
        const char *path, *why;
    } cases[] = {
        {missing, "No such file or directory"},
        {dir, "is a directory"},
        {bad, "holds no PEM certificate"},
        {"/dev/null", "not a regular file"},
    };
    const char *env[] = {"SENDX_API_KEY=k", NULL};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outcome o;
        const char *args[] = {"--base-url", "http://127.0.0.1:9", "--ca-file", cases[i].path, NULL};
        run(args, env, &o);
        cr_expect_eq(o.status, 2, "%s: %s", cases[i].path, o.err);
        cr_expect(strstr(o.err, "sendx-tui: cannot use --ca-file ") &&
                      strstr(o.err, cases[i].path) && strstr(o.err, cases[i].why),
                  "%s", o.err);
        expect_one_line(o.err);
    }
}

/* --ca-file, then $CURL_CA_BUNDLE, then $SSL_CERT_FILE, as curl: only the
 * one chosen is looked at, a bad one from the environment exits 1, and
 * an empty variable is unset. */
Test(ca, the_ca_file_is_chosen_as_curl_chooses_it)
{
    char good[96], missing[96], flag[128], bundle_good[128], bundle_missing[128], file_good[128],
        file_missing[128];
    path_in_dir("good.pem", good, sizeof good);
    path_in_dir("missing.pem", missing, sizeof missing);
    snprintf(bundle_good, sizeof bundle_good, "CURL_CA_BUNDLE=%s", good);
    snprintf(bundle_missing, sizeof bundle_missing, "CURL_CA_BUNDLE=%s", missing);
    snprintf(file_good, sizeof file_good, "SSL_CERT_FILE=%s", good);
    snprintf(file_missing, sizeof file_missing, "SSL_CERT_FILE=%s", missing);
    snprintf(flag, sizeof flag, "--ca-file=%s", good);
    const char *with_flag[] = {"--base-url", "http://127.0.0.1:9", flag, NULL};
    const char *without[] = {"--base-url", "http://127.0.0.1:9", NULL};
    struct outcome o;

    run(with_flag, (const char *[]){"SENDX_API_KEY=k", bundle_missing, file_missing, NULL}, &o);
    expect_started(&o, "--ca-file first");
    run(without, (const char *[]){"SENDX_API_KEY=k", bundle_good, file_missing, NULL}, &o);
    expect_started(&o, "then CURL_CA_BUNDLE");
    run(without, (const char *[]){"SENDX_API_KEY=k", "CURL_CA_BUNDLE=", file_good, NULL}, &o);
    expect_started(&o, "an empty CURL_CA_BUNDLE is unset");

    run(without, (const char *[]){"SENDX_API_KEY=k", bundle_missing, file_good, NULL}, &o);
    cr_expect_eq(o.status, 1, "%s", o.err);
    cr_expect(strstr(o.err, "sendx-tui: cannot use CURL_CA_BUNDLE ") && strstr(o.err, missing),
              "%s", o.err);
    expect_one_line(o.err);
    run(without, (const char *[]){"SENDX_API_KEY=k", file_missing, NULL}, &o);
    cr_expect_eq(o.status, 1, "%s", o.err);
    cr_expect(strstr(o.err, "sendx-tui: cannot use SSL_CERT_FILE ") && strstr(o.err, missing), "%s",
              o.err);
    expect_one_line(o.err);
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

/* ---- the configuration file, --check-config, --print-config --------------- */

static char conf_root[64];

/* root/NAME into a buffer of its own (eight at a time). */
static const char *in_conf(const char *name)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", conf_root, name);
    return p;
}

static void put_file(const char *path, const char *text, mode_t mode)
{
    cr_assert_eq(tree_put(path, text, strlen(text), mode), 0, "%s", path);
}

/* root/xdg is $XDG_CONFIG_HOME, with a sendx-tui directory in it; root/home
 * is $HOME, root/state $XDG_STATE_HOME. */
static void conf_setup(void)
{
    snprintf(conf_root, sizeof conf_root, "/tmp/sendx-tui-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(conf_root));
    static const char *const dirs[] = {"xdg", "xdg/sendx-tui", "home", "state"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        cr_assert_eq(mkdir(in_conf(dirs[i]), 0700), 0);
}

static void conf_teardown(void)
{
    tree_remove(conf_root);
}

TestSuite(conf, .init = conf_setup, .fini = conf_teardown, .timeout = 60);

static char env_xdg[128], env_home[128], env_state[128];

/* The environment of a user whose configuration is under root, plus one
 * more variable (or NULL). */
static const char *const *user_env(const char *more)
{
    static const char *env[5];
    snprintf(env_xdg, sizeof env_xdg, "XDG_CONFIG_HOME=%s", in_conf("xdg"));
    snprintf(env_home, sizeof env_home, "HOME=%s", in_conf("home"));
    snprintf(env_state, sizeof env_state, "XDG_STATE_HOME=%s", in_conf("state"));
    env[0] = env_xdg;
    env[1] = env_home;
    env[2] = env_state;
    env[3] = more;
    env[4] = NULL;
    return env;
}

static void user_config(const char *text)
{
    put_file(in_conf("xdg/sendx-tui/config.yaml"), text, 0600);
}

static const char *source_path(const char *rel, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", SOURCE_DIR, rel);
    return buf;
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (const char *p = text; (p = strchr(p, '\n')); p++)
        n++;
    return n;
}

static const char *const good_config = "default_profile: acme\n"
                                       "profiles:\n"
                                       "  acme:\n"
                                       "    api_key_cmd: [printf, key-from-cmd]\n"
                                       "    theme: gruvbox\n"
                                       "  staging:\n"
                                       "    base_url: https://staging.example/api\n"
                                       "    readonly: true\n"
                                       "keys:\n"
                                       "  global:\n"
                                       "    row.copy_id: []\n"
                                       "    row.down: [j, <down>, <c-n>]\n"
                                       "  table:\n"
                                       "    sort.next: [o]\n"
                                       "  detail:\n"
                                       "    data.refresh: []\n";

Test(conf, check_config_passes_a_good_file_and_says_what_it_checked)
{
    user_config(good_config);
    struct outcome o;
    const char *args[] = {"--check-config", NULL};
    run(args, user_env(NULL), &o);
    cr_expect_eq(o.status, 0, "%s", o.err);
    cr_expect_str_empty(o.err);
    cr_expect(strstr(o.out, in_conf("xdg/sendx-tui/config.yaml")) &&
                  strstr(o.out, "2 profiles (acme, staging)"),
              "%s", o.out);
}

Test(conf, check_config_prints_every_error_at_its_place)
{
    user_config("profiles:\n"
                "  acme:\n"
                "    page_size: 0\n"
                "    readonly: maybe\n"
                "keys:\n"
                "  tabel:\n"
                "    row.down: [j]\n"
                "  table:\n"
                "    row.dwn: [x]\n");
    struct outcome o;
    const char *args[] = {"--check-config", NULL};
    run(args, user_env(NULL), &o);
    cr_expect_eq(o.status, 1, "%s", o.err);
    static const char *const places[] = {":3:16: ", ":4:15: ", ":6:3: ", ":9:5: "};
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        char want[300];
        snprintf(want, sizeof want, "%s%s", in_conf("xdg/sendx-tui/config.yaml"), places[i]);
        cr_expect(strstr(o.err, want), "want %s in:\n%s", want, o.err);
    }
    cr_expect(strstr(o.err, "did you mean \"table\"") && strstr(o.err, "did you mean \"row.down\""),
              "%s", o.err);
    cr_expect_eq(count_lines(o.err), 5, "four errors and the count:\n%s", o.err);
    cr_expect_str_empty(o.out, "no summary when something is wrong");
}

Test(conf, the_example_configuration_passes)
{
    char example[512];
    source_path("docs/config.example.yaml", example, sizeof example);
    struct outcome o;
    const char *args[] = {"--check-config", "--config", example, NULL};
    run(args, user_env(NULL), &o);
    cr_expect_eq(o.status, 0, "%s", o.err);
    cr_expect_str_empty(o.err);
    cr_expect(strstr(o.out, "2 profiles"), "%s", o.out);
}

Test(conf, every_shipped_theme_passes)
{
    struct outcome o;
    const char *args[] = {"--check-config", NULL};
    run(args, user_env(NULL), &o);
    cr_expect_eq(o.status, 0, "%s", o.err);
    cr_expect(strstr(o.out, "no configuration file at ") && strstr(o.out, "the defaults"), "%s",
              o.out);
    static const char *const shipped[] = {" default", " light", " gruvbox", " high-contrast",
                                          " mono"};
    for (size_t i = 0; i < sizeof shipped / sizeof shipped[0]; i++)
        cr_expect(strstr(o.out, shipped[i]), "%s missing from:\n%s", shipped[i], o.out);
}

Test(conf, a_broken_user_theme_fails_the_check_at_its_place)
{
    cr_assert_eq(mkdir(in_conf("xdg/sendx-tui/themes"), 0700), 0);
    put_file(in_conf("xdg/sendx-tui/themes/mine.yaml"),
             "name: mine\nparent: default\nslots:\n  header: {fg: chartreuse}\n", 0644);
    struct outcome o;
    const char *args[] = {"--check-config", NULL};
    run(args, user_env(NULL), &o);
    cr_expect_eq(o.status, 1, "%s", o.err);
    char want[300];
    snprintf(want, sizeof want, "%s:4:", in_conf("xdg/sendx-tui/themes/mine.yaml"));
    cr_expect(strstr(o.err, want), "want %s in:\n%s", want, o.err);
}

Test(conf, print_config_passes_the_check_and_reads_back_the_same)
{
    user_config(good_config);
    struct outcome first, again, check;
    const char *print[] = {"--print-config", NULL};
    run(print, user_env(NULL), &first);
    cr_assert_eq(first.status, 0, "%s", first.err);
    cr_expect_null(strstr(first.out, "row.copy_id: [\"y\"]"), "y stays unbound:\n%s", first.out);
    put_file(in_conf("printed.yaml"), first.out, 0600);
    const char *check_args[] = {"--check-config", "--config", in_conf("printed.yaml"), NULL};
    run(check_args, user_env(NULL), &check);
    cr_expect_eq(check.status, 0, "%s", check.err);
    const char *again_args[] = {"--print-config", "--config", in_conf("printed.yaml"), NULL};
    run(again_args, user_env(NULL), &again);
    cr_expect_eq(again.status, 0, "%s", again.err);
    cr_expect_str_eq(again.out, first.out, "what was printed reads back the same");
}

Test(conf, print_config_shows_that_a_key_is_set_never_the_key)
{
    user_config("profiles:\n  acme:\n    api_key: sk-very-secret-123\n");
    struct outcome o;
    const char *args[] = {"--print-config", NULL};
    run(args, user_env(NULL), &o);
    cr_expect_eq(o.status, 0, "%s", o.err);
    cr_expect(strstr(o.out, "    api_key: <set>\n"), "%s", o.out);
    cr_expect_null(strstr(o.out, "sk-very-secret"), "the key is never shown");
    cr_expect(strstr(o.out, "    page_size: 100\n") && strstr(o.out, "    row.down: "),
              "defaults filled in, every binding listed:\n%s", o.out);
}

Test(conf, a_config_file_that_is_not_there_is_a_command_line_mistake)
{
    struct outcome o;
    const char *args[] = {"--config", in_conf("missing.yaml"), NULL};
    run(args, user_env("SENDX_API_KEY=k"), &o);
    cr_expect_eq(o.status, 2, "%s", o.err);
    cr_expect(strstr(o.err, "--config") && strstr(o.err, in_conf("missing.yaml")) &&
                  strstr(o.err, "No such file"),
              "%s", o.err);
    expect_one_line(o.err);
}

Test(conf, an_unknown_profile_lists_the_known_ones)
{
    user_config(good_config);
    struct outcome o;
    const char *args[] = {"--profile", "stagign", NULL};
    run(args, user_env("SENDX_API_KEY=k"), &o);
    cr_expect_eq(o.status, 2, "%s", o.err);
    cr_expect(strstr(o.err, "no profile \"stagign\" (did you mean \"staging\"?)") &&
                  strstr(o.err, "acme, staging"),
              "%s", o.err);
    expect_one_line(o.err);
}

Test(conf, an_unknown_theme_lists_the_known_ones)
{
    struct outcome o;
    const char *args[] = {"--theme", "solarized", NULL};
    run(args, user_env("SENDX_API_KEY=k"), &o);
    cr_expect_eq(o.status, 2, "%s", o.err);
    cr_expect(strstr(o.err, "no theme \"solarized\"") &&
                  strstr(o.err, "default, gruvbox, high-contrast, light, mono"),
              "%s", o.err);
    expect_one_line(o.err);
}

Test(conf, a_config_with_errors_does_not_start_and_says_every_error)
{
    user_config("theme: nosuch\nprofiles:\n  acme:\n    page_size: lots\n    colour: red\n");
    struct outcome o;
    const char *args[] = {"--base-url", "http://127.0.0.1:9", NULL};
    run(args, user_env("SENDX_API_KEY=k"), &o);
    cr_expect_eq(o.status, 1, "%s", o.err);
    cr_expect(strstr(o.err, "config.yaml:1:8: unknown theme \"nosuch\"") &&
                  strstr(o.err, "config.yaml:4:16: page_size") &&
                  strstr(o.err, "config.yaml:5:5: warning: unknown option \"colour\""),
              "%s", o.err);
    cr_expect_null(strstr(o.err, "needs a terminal"), "nothing started: %s", o.err);
}

Test(conf, warnings_are_said_and_the_app_still_starts)
{
    user_config("profiles:\n  acme:\n    pagesize: 10\n");
    struct outcome o;
    const char *args[] = {"--base-url", "http://127.0.0.1:9", NULL};
    run(args, user_env("SENDX_API_KEY=k"), &o);
    cr_expect(strstr(o.err, "config.yaml:3:5: warning: unknown option \"pagesize\" (did you mean "
                            "\"page_size\"?)"),
              "%s", o.err);
    expect_started(&o, "warnings only");
}

Test(conf, an_api_key_cmd_that_fails_is_one_line)
{
    user_config("profiles:\n  acme:\n    base_url: http://127.0.0.1:9\n"
                "    api_key_cmd: [false]\n");
    struct outcome o;
    const char *args[] = {NULL};
    run(args, user_env(NULL), &o);
    cr_expect_eq(o.status, 1, "%s", o.err);
    cr_expect_str_eq(o.err, "sendx-tui: profile acme: api_key_cmd: false exited with status 1\n");
}

Test(conf, a_profile_key_from_a_command_starts_the_app)
{
    user_config("profiles:\n  acme:\n    base_url: http://127.0.0.1:9\n"
                "    api_key_cmd: [printf, key-from-cmd]\n");
    struct outcome o;
    const char *args[] = {NULL};
    run(args, user_env(NULL), &o);
    expect_started(&o, "the key from api_key_cmd");
}

/* Every name under dir and its mtime, one a line, into out. */
static void listing(const char *top, FILE *out)
{
    DIR *d = opendir(top);
    cr_assert_not_null(d, "%s", top);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", top, e->d_name);
        struct stat st;
        cr_assert_eq(lstat(path, &st), 0);
        fprintf(out, "%s %lld.%09ld %o\n", path, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                (unsigned)st.st_mode);
        if (S_ISDIR(st.st_mode))
            listing(path, out);
    }
    closedir(d);
}

static char *snapshot(const char *top)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_not_null(out);
    listing(top, out);
    cr_assert_eq(fclose(out), 0);
    return text;
}

Test(conf, the_configuration_directory_is_only_read)
{
    user_config(good_config);
    cr_assert_eq(mkdir(in_conf("xdg/sendx-tui/themes"), 0700), 0);
    put_file(in_conf("xdg/sendx-tui/themes/mine.yaml"), "name: mine\nparent: light\n", 0644);
    char *before = snapshot(in_conf("xdg"));
    char *home_before = snapshot(in_conf("home"));
    struct outcome o;
    const char *check[] = {"--check-config", NULL};
    const char *print[] = {"--print-config", NULL};
    const char *start[] = {"--base-url", "http://127.0.0.1:9", "--theme", "mine", NULL};
    const char *demo[] = {"--demo", "--demo-contacts", "10", NULL};
    run(check, user_env(NULL), &o);
    cr_expect_eq(o.status, 0, "%s", o.err);
    run(print, user_env(NULL), &o);
    cr_expect_eq(o.status, 0, "%s", o.err);
    run(start, user_env(NULL), &o);
    expect_started(&o, "a start from the file");
    run(demo, user_env(NULL), &o);
    cr_expect(strstr(o.err, "needs a terminal"), "%s", o.err);
    char *after = snapshot(in_conf("xdg"));
    char *home_after = snapshot(in_conf("home"));
    cr_expect_str_eq(after, before, "nothing written under $XDG_CONFIG_HOME");
    cr_expect_str_eq(home_after, home_before, "nothing written under $HOME");
    free(before);
    free(after);
    free(home_before);
    free(home_after);
}

Test(conf, with_no_configuration_anywhere_the_app_runs_as_before)
{
    struct outcome o;
    const char *args[] = {"--base-url", "http://127.0.0.1:9", NULL};
    run(args, user_env("SENDX_API_KEY=k"), &o);
    expect_started(&o, "no file");
    cr_expect(strstr(o.err, "needs a terminal") == o.err + strlen("sendx-tui: "),
              "nothing else "
              "said: %s",
              o.err);
}
