/* The API key never leaves where it belongs: not into the --log file,
 * an error message, the screen, an export, a core file, the command line
 * or the environment of a process the app starts; and a server that
 * echoes the key back in its errors does not get it shown either. Each
 * place is first shown to hold what a leak would be found in (the log
 * has the requests, the environment dump has the other variables, the
 * message is the one expected), so that the key's absence means
 * something. The key the mock accepts is the harness's API_KEY; where no
 * server needs to accept it, a key of this file's own is used. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "api/http.h"
#include "api/sendx.h"
#include "certs.h"
#include "e2e.h"
#include "test_server.h"
#include "tmux.h"
#include "tree.h"

/* A key no server here accepts, for the runs that fail before or at the
 * first request. */
#define OWN_KEY   "sk-secrets-7f3a9c1e52d04b86"
#define WRONG_KEY "sk-wrong-key-0d9e8f7a6b5c"

TestSuite(secrets, .init = e2e_setup, .fini = e2e_teardown, .timeout = 180);

/* ---- helpers -------------------------------------------------------------- */

static bool holds(const char *text, size_t len, const char *key)
{
    return memmem(text, len, key, strlen(key)) != NULL;
}

/* The whole of a file, any bytes (heap; *len its length; "" if absent). */
static char *slurp_bytes(const char *path, size_t *len)
{
    char *text = NULL;
    *len = 0;
    FILE *mem = open_memstream(&text, len);
    cr_assert_not_null(mem);
    FILE *f = fopen(path, "rb");
    char buf[4096];
    size_t got;
    while (f && (got = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, got, mem);
    if (f)
        fclose(f);
    cr_assert_eq(fclose(mem), 0);
    return text;
}

/* The app's pid, as the harness's shell wrote it. */
static pid_t app_pid(void)
{
    char path[96];
    char *text = slurp(path_in_dir("pid", path, sizeof path));
    pid_t pid = (pid_t)strtol(text, NULL, 10);
    free(text);
    cr_assert_gt(pid, 0, "the app's pid");
    return pid;
}

static void command(const char *line)
{
    keys(":");
    assert_shows("\n:");
    type(line);
    keys("Enter");
}

/* Writes $XDG_CONFIG_HOME/sendx-tui/config.yaml with mode. */
static void write_config(const char *text, mode_t mode)
{
    char path[160];
    snprintf(path, sizeof path, "%s/config", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/config/sendx-tui", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/config/sendx-tui/config.yaml", dir);
    cr_assert_eq(tree_put(path, text, strlen(text), mode), 0, "%s", path);
}

/* An executable script in dir. */
static const char *write_script(const char *name, const char *body, char *path, size_t size)
{
    path_in_dir(name, path, size);
    char text[1024];
    snprintf(text, sizeof text, "#!/bin/sh\n%s\n", body);
    cr_assert_eq(tree_put(path, text, strlen(text), 0700), 0, "%s", path);
    return path;
}

/* ---- sendx-tui without a terminal ----------------------------------------- */

struct outcome {
    int status; /* the exit status, or 128 + the signal */
    char *out, *err;
};

/* Starts sendx-tui with args (at most 16) in an environment of PATH,
 * LANG, HOME and the XDG directories under dir, plus env (at most 4);
 * stdin /dev/null, stdout and stderr into files in dir. */
static pid_t spawn_app(const char *const *args, const char *const *env)
{
    const char *argv[20] = {SENDX_TUI_PATH};
    for (size_t i = 0; args[i] && i < 16; i++)
        argv[i + 1] = args[i];
    static char home[128], xdg[128], state[128];
    snprintf(home, sizeof home, "HOME=%s/home", dir);
    snprintf(xdg, sizeof xdg, "XDG_CONFIG_HOME=%s/config", dir);
    snprintf(state, sizeof state, "XDG_STATE_HOME=%s/state", dir);
    const char *envp[12] = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", home, xdg, state};
    for (size_t i = 0; env && env[i] && i < 4; i++)
        envp[i + 5] = env[i];
    char out[96], err[96];
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, path_in_dir("out", out, sizeof out),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, path_in_dir("err", err, sizeof err),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    cr_assert_eq(
        posix_spawn(&pid, SENDX_TUI_PATH, &fa, NULL, (char *const *)argv, (char *const *)envp), 0);
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

static void finish_app(pid_t pid, struct outcome *o)
{
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    o->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    char path[96];
    o->out = slurp(path_in_dir("out", path, sizeof path));
    o->err = slurp(path_in_dir("err", path, sizeof path));
}

static void run_app(const char *const *args, const char *const *env, struct outcome *o)
{
    finish_app(spawn_app(args, env), o);
}

static void outcome_free(struct outcome *o)
{
    free(o->out);
    free(o->err);
}

/* ---- the log, over a session that meets every kind of error --------------- */

Test(secrets, a_session_with_errors_logs_every_request_and_never_the_key)
{
    start_mock(200);
    char log_file[96], args[160];
    snprintf(args, sizeof args, "--log '%s'", path_in_dir("log", log_file, sizeof log_file));
    start_tui_with(args);
    struct sendx_page contacts = {0};
    list_page(SENDX_KIND_CONTACT, 0, 1, &contacts);
    char contact_id[64];
    snprintf(contact_id, sizeof contact_id, "%s",
             ((const struct sendx_contact *)sendx_page_at(&contacts, 0))->id);
    sendx_page_free(&contacts);
    assert_shows("100 loaded");

    /* Browse and open a detail. */
    keys("Enter");
    wait_title("Contact");
    assert_gone("loading record");
    keys("Escape");
    wait_title("Contacts");

    /* Save an edit: the first list renamed. */
    struct sendx_page lists = {0};
    list_page(SENDX_KIND_LIST, 0, 1, &lists);
    char list_id[64];
    snprintf(list_id, sizeof list_id, "%s",
             ((const struct sendx_list *)sendx_page_at(&lists, 0))->id);
    sendx_page_free(&lists);
    char *first_list = row_text(SENDX_KIND_LIST, 0);
    keys("2");
    wait_title("Lists");
    assert_shows(first_list);
    free(first_list);
    keys("e");
    assert_shows("Edit list");
    keys("End");
    keys("C-u");
    type("Secrets e2e list");
    keys("C-s");
    assert_shows("saved list Secrets e2e list");

    /* A 404: the list deleted behind the app's back, then opened. */
    struct sendx_client *c = client();
    struct api_error err = {0};
    cr_assert_eq(sendx_delete(c, SENDX_KIND_LIST, list_id, NULL, NULL, &err), 0, "%s",
                 api_error_message(&err));
    sendx_client_free(c);
    keys("Enter");
    assert_shows("404");
    cr_assert_null(strstr(tmux_last_screen(tui), API_KEY), "%s", tmux_last_screen(tui));
    keys("Escape");
    wait_title("Lists");

    /* A 429: one request per two seconds, and this one takes the window's. */
    struct mock_faults limited = {.rate_limit = 1, .rate_window_ms = 2000};
    mock_server_set_faults(mock, &limited);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 1, &page);
    sendx_page_free(&page);
    keys("r");
    assert_shows("429, retrying in");
    cr_assert_null(strstr(tmux_last_screen(tui), API_KEY), "%s", tmux_last_screen(tui));
    struct mock_faults none = {0};
    mock_server_set_faults(mock, &none);
    assert_gone("retrying");

    /* A 500. */
    struct mock_faults failing = {.error_rate = 1.0, .error_status = 500};
    mock_server_set_faults(mock, &failing);
    keys("r");
    assert_shows("HTTP 500");
    cr_assert_null(strstr(tmux_last_screen(tui), API_KEY), "%s", tmux_last_screen(tui));
    quit();

    /* A 401: a second run, with a key the server does not take. */
    tmux_stop(tui);
    start_tui_via("env SENDX_API_KEY=" WRONG_KEY, args);
    assert_shows("401");
    cr_assert_null(strstr(tmux_last_screen(tui), WRONG_KEY), "%s", tmux_last_screen(tui));
    quit();

    size_t len;
    char *log = slurp_bytes(log_file, &len);
    char detail[128], put[128], gone[128];
    snprintf(detail, sizeof detail, "GET /contact/%s ", contact_id);
    snprintf(put, sizeof put, "PUT /list/%s ", list_id);
    snprintf(gone, sizeof gone, "GET /list/%s ", list_id);
    const char *const page_ok[] = {"request GET /contact?", "status 200", NULL};
    const char *const detail_ok[] = {detail, "status 200", NULL};
    const char *const saved[] = {put, "status 200", NULL};
    const char *const not_found[] = {gone, "status 404", NULL};
    const char *const limited_line[] = {"status 429", NULL};
    const char *const failed[] = {"status 500", NULL};
    const char *const refused[] = {"request GET /", "status 401", "API key", NULL};
    cr_assert(log_has_line(log, page_ok), "a page:\n%s", log);
    cr_assert(log_has_line(log, detail_ok), "the detail:\n%s", log);
    cr_assert(log_has_line(log, saved), "the save:\n%s", log);
    cr_assert(log_has_line(log, not_found), "the 404:\n%s", log);
    cr_assert(log_has_line(log, limited_line), "the 429:\n%s", log);
    cr_assert(log_has_line(log, failed), "the 500:\n%s", log);
    cr_assert(log_has_line(log, refused), "the 401:\n%s", log);
    cr_assert_not(holds(log, len, API_KEY), "the key is never logged:\n%s", log);
    cr_assert_not(holds(log, len, WRONG_KEY), "nor a wrong one:\n%s", log);
    free(log);
}

/* ---- child processes ------------------------------------------------------ */

/* $EDITOR and a profile's api_key_cmd each write their environment to a
 * file. The app was given the key in SENDX_API_KEY; neither child gets
 * it, while both get the rest of the app's environment (XDG_STATE_HOME,
 * which the harness sets). */
Test(secrets, the_editor_and_an_api_key_cmd_start_without_the_key_in_their_environment)
{
    start_mock(20);
    char editor[128], editor_env[128], cmd_env[128], var[160];
    path_in_dir("editor-env", editor_env, sizeof editor_env);
    path_in_dir("cmd-env", cmd_env, sizeof cmd_env);
    char body[512];
    snprintf(body, sizeof body, "env > '%s'\nprintf '%%s\\n' '<p>edited</p>' >> \"$1\"",
             editor_env);
    write_script("editor.sh", body, editor, sizeof editor);
    snprintf(var, sizeof var, "EDITOR=%s", editor);
    unsetenv("VISUAL");
    e2e_extra_env = var;
    char config[1024];
    snprintf(config, sizeof config,
             "default_profile: main\n"
             "profiles:\n"
             "  main:\n"
             "    base_url: %s\n"
             "  other:\n"
             "    base_url: %s\n"
             "    api_key_cmd: [sh, -c, \"env > '%s'; printf %%s " API_KEY "\"]\n",
             mock_server_url(mock), mock_server_url(mock), cmd_env);
    write_config(config, 0600);
    start_tui();
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);

    command("profile other");
    char where[200];
    snprintf(where, sizeof where, "other · %s", mock_server_url(mock));
    assert_shows(where);

    char *template = row_text(SENDX_KIND_TEMPLATE, 0);
    keys("5");
    wait_title("Templates");
    assert_shows(template);
    free(template);
    keys("e");
    assert_shows("Edit template");
    for (int i = 0; i < 3; i++)
        keys("Tab");
    assert_shows("▌ HTML");
    keys("Enter");
    assert_shows("text taken from the editor");
    keys("C-s");
    assert_shows("saved template");
    quit();

    char state[128];
    snprintf(state, sizeof state, "XDG_STATE_HOME=%s/state\n", dir);
    const char *const dumps[] = {editor_env, cmd_env};
    for (size_t i = 0; i < 2; i++) {
        size_t len;
        char *env = slurp_bytes(dumps[i], &len);
        cr_assert(holds(env, len, state), "%s holds the app's environment:\n%s", dumps[i], env);
        cr_assert_not(holds(env, len, "SENDX_API_KEY"), "%s:\n%s", dumps[i], env);
        cr_assert_not(holds(env, len, API_KEY), "%s:\n%s", dumps[i], env);
        free(env);
    }
}

/* ---- the screen and the command line -------------------------------------- */

Test(secrets, every_header_shows_profile_and_url_and_no_screen_or_argument_the_key)
{
    start(50);
    char where[200];
    snprintf(where, sizeof where, "default · %s", mock_server_url(mock));
    static const struct {
        const char *key, *title;
    } panes[] = {{"1", "Contacts"},  {"2", "Lists"},   {"3", "Tags"},          {"4", "Campaigns"},
                 {"5", "Templates"}, {"6", "Senders"}, {"7", "Custom fields"}, {"8", "Webhooks"}};
    for (size_t i = 0; i < sizeof panes / sizeof panes[0]; i++) {
        keys(panes[i].key);
        wait_title(panes[i].title);
        char header[512];
        screen_line(0, header, sizeof header);
        cr_assert(strstr(header, where), "the header of %s: %s", panes[i].title, header);
        cr_assert_null(strstr(tmux_last_screen(tui), API_KEY), "%s", tmux_last_screen(tui));
    }
    keys("1");
    wait_title("Contacts");
    keys("Enter");
    wait_title("Contact");
    assert_gone("loading record");
    cr_assert_null(strstr(tmux_last_screen(tui), API_KEY), "%s", tmux_last_screen(tui));
    keys("Escape");
    wait_title("Contacts");
    keys("?");
    assert_shows(" Keys: ");
    cr_assert_null(strstr(tmux_last_screen(tui), API_KEY), "%s", tmux_last_screen(tui));

    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)app_pid());
    size_t len;
    char *cmdline = slurp_bytes(path, &len);
    cr_assert(holds(cmdline, len, "--base-url"), "the command line is read");
    cr_assert_not(holds(cmdline, len, API_KEY), "the key is no argument");
    free(cmdline);
    keys("Escape");
    quit();
}

/* A proxy in the environment would see plain http, the key among it: the
 * app talks to a loopback server straight. The proxy named here listens
 * nowhere, so going through it would fail to load anything. */
Test(secrets, a_loopback_server_is_reached_straight_never_through_a_proxy)
{
    e2e_extra_env = "http_proxy=http://127.0.0.1:9";
    start(5);
    wait_title("Contacts");
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    quit();
}

/* ---- TLS ------------------------------------------------------------------- */

Test(secrets, a_tls_failure_says_why_and_never_shows_the_key)
{
    cr_assert_eq(certs_make_ca(dir, "ca"), 0, "openssl: the CA");
    cr_assert_eq(certs_make_server(dir, "server", "ca", "IP:127.0.0.1"), 0, "openssl: server");
    char cert[96], key[96];
    struct mock_options o = mock_options_default();
    o.contacts = 10;
    o.tls_cert = path_in_dir("server.pem", cert, sizeof cert);
    o.tls_key = path_in_dir("server.key", key, sizeof key);
    start_mock_with(&o);
    char log_file[96], args[160];
    snprintf(args, sizeof args, "--log '%s'", path_in_dir("log", log_file, sizeof log_file));
    /* The machine's CA settings play no part: the mock's CA is unknown. */
    start_tui_via("env -u CURL_CA_BUNDLE -u SSL_CERT_FILE", args);
    assert_shows("certificate from an unknown CA");
    cr_assert_null(strstr(tmux_last_screen(tui), API_KEY), "%s", tmux_last_screen(tui));
    quit();
    size_t len;
    char *log = slurp_bytes(log_file, &len);
    const char *const refused[] = {"request GET /contact?", "certificate", NULL};
    cr_assert(log_has_line(log, refused), "the failure is logged:\n%s", log);
    cr_assert_not(holds(log, len, API_KEY), "%s", log);
    free(log);
}

/* ---- core files and other processes --------------------------------------- */

/* The app starts with a core limit as high as allowed (the tmux server
 * that runs it inherits this test's) in a directory of the test's own,
 * lowers it to 0, and a SIGSEGV leaves no core behind. */
Test(secrets, the_app_writes_no_core_file_when_it_crashes)
{
    struct rlimit core;
    cr_assert_eq(getrlimit(RLIMIT_CORE, &core), 0);
    core.rlim_cur = core.rlim_max;
    cr_assert_eq(setrlimit(RLIMIT_CORE, &core), 0);
    start_mock(10);
    char prefix[96];
    snprintf(prefix, sizeof prefix, "env -C %s", dir);
    start_tui_via(prefix, "");
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    pid_t pid = app_pid();

    char path[64];
    snprintf(path, sizeof path, "/proc/%d/limits", (int)pid);
    char *limits = slurp(path);
    const char *line = strstr(limits, "Max core file size");
    cr_assert_not_null(line, "%s", limits);
    char soft[32] = "";
    cr_assert_eq(sscanf(line + strlen("Max core file size"), "%31s", soft), 1);
    cr_assert_str_eq(soft, "0", "the app's core limit (started at %llu): %s",
                     (unsigned long long)core.rlim_cur, line);
    free(limits);

    cr_assert_eq(kill(pid, SIGSEGV), 0);
    assert_shows("EXIT=");
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        cr_assert_neq(strncmp(e->d_name, "core", 4), 0, "a core file: %s", e->d_name);
    closedir(d);
}

#define NOBODY 65534

/* What a process of the user's can open of pid's /proc files: bit 0 set
 * if it could read a process of its own (the check works), bit 1 if it
 * could read pid's environment. Run as nobody when the test is root (root
 * may read any process). */
static int what_the_user_can_read(pid_t pid)
{
    pid_t child = fork();
    cr_assert_geq(child, 0);
    if (child == 0) {
        if (geteuid() == 0 &&
            (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 || setuid(NOBODY) != 0))
            _exit(100);
        /* A change of user made this process not dumpable: its own child
         * must be, as every process is after exec. */
        prctl(PR_SET_DUMPABLE, 1);
        pid_t own = fork();
        if (own == 0) {
            pause();
            _exit(0);
        }
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/environ", (int)own);
        int fd = open(path, O_RDONLY);
        int seen = fd >= 0 ? 1 : 0;
        if (fd >= 0)
            close(fd);
        kill(own, SIGKILL);
        waitpid(own, NULL, 0);
        snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
        fd = open(path, O_RDONLY);
        seen |= fd >= 0 ? 2 : 0;
        _exit(seen);
    }
    int status = 0;
    cr_assert_eq(waitpid(child, &status, 0), child);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) != 100, "became nobody");
    return WEXITSTATUS(status);
}

/* The app is not dumpable: another process of the same user can neither
 * read its memory or environment nor attach to it, as it could to any
 * other process of the user's. */
Test(secrets, another_process_of_the_user_cannot_read_the_apps_memory)
{
    start_mock(10);
    bool root = geteuid() == 0;
    if (root)
        cr_assert_eq(chmod(dir, 0777), 0, "nobody's app uses the test's directory");
    start_tui_via(root ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : "", "");
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    int seen = what_the_user_can_read(app_pid());
    cr_assert(seen & 1, "a process of the user's reads another of theirs");
    cr_assert_not(seen & 2, "but not the app");
    quit();
}

/* ---- messages before the screen -------------------------------------------- */

Test(secrets, errors_at_start_and_print_config_never_repeat_the_key)
{
    static const struct {
        const char *args[4];
        const char *env;
        const char *says;
    } cases[] = {
        {{"--base-url", "ftp://example.com"},
         "SENDX_API_KEY=" OWN_KEY,
         "refusing ftp://example.com"},
        {{NULL}, "SENDX_BASE_URL=http://api.sendx.io", "SENDX_BASE_URL: refusing"},
        {{"--ca-file", "/nonexistent/ca.pem"}, "SENDX_API_KEY=" OWN_KEY, "cannot use --ca-file"},
        {{NULL}, "SENDX_API_KEY=" OWN_KEY "\x01", "control or non-ASCII character"},
        {{NULL}, "SENDX_API_KEY=" OWN_KEY " tail", "has a space"},
        {{"--api-key=" OWN_KEY}, NULL, "'--api-key'"},
        {{"--api-key", OWN_KEY}, NULL, "'--api-key'"},
        {{"export", "contacts", "--api-key=" OWN_KEY}, NULL, "'--api-key'"},
    };
    write_config("profiles:\n  default:\n    api_key: " OWN_KEY "\n", 0600);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *env[] = {cases[i].env, NULL};
        struct outcome o;
        run_app(cases[i].args, env, &o);
        cr_assert_neq(o.status, 0, "case %zu", i);
        cr_assert(strstr(o.err, cases[i].says), "case %zu says why: %s", i, o.err);
        cr_assert_null(strstr(o.err, OWN_KEY), "case %zu: %s", i, o.err);
        cr_assert_null(strstr(o.out, OWN_KEY), "case %zu: %s", i, o.out);
        outcome_free(&o);
    }

    struct outcome o;
    const char *print[] = {"--print-config", NULL};
    run_app(print, NULL, &o);
    cr_assert_eq(o.status, 0, "%s", o.err);
    cr_assert(strstr(o.out, "    api_key: <set>\n"), "%s", o.out);
    cr_assert_null(strstr(o.out, OWN_KEY), "%s", o.out);
    outcome_free(&o);
    const char *check[] = {"--check-config", NULL};
    run_app(check, NULL, &o);
    cr_assert_eq(o.status, 0, "%s", o.err);
    cr_assert(strstr(o.out, "config.yaml"), "says what it checked: %s", o.out);
    cr_assert_null(strstr(o.out, OWN_KEY), "%s", o.out);
    cr_assert_null(strstr(o.err, OWN_KEY), "%s", o.err);
    outcome_free(&o);

    /* A key file others can read is refused with the way out. */
    write_config("profiles:\n  default:\n    base_url: http://127.0.0.1:9\n    api_key: " OWN_KEY
                 "\n",
                 0644);
    const char *none[] = {NULL};
    run_app(none, NULL, &o);
    cr_assert_eq(o.status, 1, "%s", o.err);
    cr_assert(strstr(o.err, "chmod 600"), "%s", o.err);
    cr_assert_null(strstr(o.err, OWN_KEY), "%s", o.err);
    outcome_free(&o);
}

/* An api_key_cmd that prints the key and then fails, or prints it with
 * something that is no key: the message says what happened, never what
 * it printed. */
Test(secrets, an_api_key_cmd_that_fails_never_repeats_what_it_printed)
{
    static const struct {
        const char *script, *says;
    } cases[] = {
        {"printf %s " OWN_KEY "; exit 3", "exited with status 3"},
        {"printf %s " OWN_KEY "; kill -KILL $$", "killed by signal 9"},
        {"printf '%s more' " OWN_KEY, "has a space"},
        /* YAML reads \\ as one backslash: sh runs printf '%s\001'. */
        {"printf '%s\\\\001' " OWN_KEY, "control or non-ASCII character"},
        {"i=0; while [ $i -lt 300 ]; do printf %s " OWN_KEY "; i=$((i+1)); done",
         "printed more than 4096 bytes"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char config[512];
        snprintf(config, sizeof config,
                 "profiles:\n  default:\n    base_url: http://127.0.0.1:9\n"
                 "    api_key_cmd: [sh, -c, \"%s\"]\n",
                 cases[i].script);
        write_config(config, 0600);
        const char *none[] = {NULL};
        struct outcome o;
        run_app(none, NULL, &o);
        cr_assert_eq(o.status, 1, "case %zu: %s", i, o.err);
        cr_assert(strstr(o.err, "api_key_cmd") && strstr(o.err, cases[i].says),
                  "case %zu says why: %s", i, o.err);
        cr_assert_null(strstr(o.err, OWN_KEY), "case %zu: %s", i, o.err);
        cr_assert_null(strstr(o.out, OWN_KEY), "case %zu: %s", i, o.out);
        outcome_free(&o);
    }
}

/* ---- the headless export ----------------------------------------------------- */

/* Whether the log has a line holding every one of words. */
static bool log_file_has(const char *path, const char *const *words)
{
    char *log = slurp(path);
    bool has = log_has_line(log, words);
    free(log);
    return has;
}

Test(secrets, an_export_that_fails_midway_never_writes_or_says_the_key)
{
    start_mock(10000);
    char out[96], csv[96], log_file[96], key_var[64];
    path_in_dir("export.json", out, sizeof out);
    path_in_dir("contacts.csv", csv, sizeof csv);
    path_in_dir("export-log", log_file, sizeof log_file);
    snprintf(key_var, sizeof key_var, "SENDX_API_KEY=%s", API_KEY);
    const char *env[] = {key_var, NULL};

    const char *lists[] = {"export",   "lists", "--format",   "json",
                           "--output", out,     "--base-url", mock_server_url(mock),
                           NULL};
    struct outcome o;
    run_app(lists, env, &o);
    cr_assert_eq(o.status, 0, "%s", o.err);
    size_t len;
    char *written = slurp_bytes(out, &len);
    cr_assert(holds(written, len, "\"id\""), "the lists are written: %.200s", written);
    cr_assert_not(holds(written, len, API_KEY));
    free(written);
    outcome_free(&o);

    /* Pages of 1000 contacts, each answered after 200 ms; once one is in,
     * every request fails. */
    struct mock_faults slow = {.latency_ms = 200};
    mock_server_set_faults(mock, &slow);
    const char *contacts[] = {"export", "contacts", "--output",   csv,
                              "--log",  log_file,   "--base-url", mock_server_url(mock),
                              NULL};
    pid_t pid = spawn_app(contacts, env);
    const char *const first_page[] = {"request GET /contact?", "status 200", NULL};
    for (int waited = 0; !log_file_has(log_file, first_page); waited += 10) {
        cr_assert_lt(waited, WAIT_MS, "the first page never came");
        nanosleep(&(struct timespec){0, 10 * 1000000L}, NULL);
    }
    struct mock_faults failing = {.error_rate = 1.0, .error_status = 500};
    mock_server_set_faults(mock, &failing);
    finish_app(pid, &o);
    cr_assert_eq(o.status, 1, "%s", o.err);
    cr_assert(strstr(o.err, "HTTP 500"), "%s", o.err);
    cr_assert_null(strstr(o.err, API_KEY), "%s", o.err);
    cr_assert_null(strstr(o.out, API_KEY), "%s", o.out);
    cr_assert_eq(access(csv, F_OK), -1, "nothing at --output");
    char *log = slurp_bytes(log_file, &len);
    const char *const failed[] = {"request GET /contact?", "status 500", NULL};
    cr_assert(log_has_line(log, failed), "%s", log);
    cr_assert_not(holds(log, len, API_KEY), "%s", log);
    free(log);
    outcome_free(&o);
}

/* ---- a server that echoes the key ------------------------------------------- */

#define ECHOED_KEY "sk-echo-5ecret-0123456789abcdef"

/* Every answer quotes the key it was sent, in the message or the
 * Location; /long puts it across the point where a message is cut. */
static void echoing(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    static __thread char body[1024];
    const char *key = req->api_key ? req->api_key : "";
    reply->body = body;
    if (strcmp(req->path, "/moved") == 0) {
        static __thread char location[256];
        snprintf(location, sizeof location, "https://elsewhere.example/?key=%s", key);
        reply->status = 302;
        reply->header_name[0] = "Location";
        reply->header_value[0] = location;
        snprintf(body, sizeof body, "{}");
    } else if (strcmp(req->path, "/long") == 0) {
        reply->status = 400;
        snprintf(body, sizeof body, "{\"status\":\"error\",\"message\":\"%0293d %s\"}", 0, key);
    } else {
        reply->status = strcmp(req->path, "/refused") == 0 ? 401 : 422;
        snprintf(body, sizeof body,
                 "{\"status\":\"error\",\"message\":\"key %s is not valid for %s\"}", key,
                 req->path);
    }
}

/* The errors the log hook was given, one a line. */
static void log_errors(void *ctx, const struct http_log_entry *entry)
{
    if (entry->error)
        fprintf(ctx, "%s\n", entry->error);
}

static void echo_setup(void)
{
    struct api_error err = {0};
    cr_assert_eq(http_global_init(&err), 0);
}

static void echo_teardown(void)
{
    http_global_cleanup();
}

TestSuite(echo, .init = echo_setup, .fini = echo_teardown, .timeout = 30);

Test(echo, a_server_quoting_the_key_in_an_error_has_it_redacted)
{
    struct test_server *server = test_server_start(echoing, NULL);
    cr_assert_not_null(server);
    char *logged = NULL;
    size_t logged_len = 0;
    FILE *log = open_memstream(&logged, &logged_len);
    cr_assert_not_null(log);
    struct http_options o = http_options_default();
    o.base_url = test_server_url(server);
    o.api_key = ECHOED_KEY;
    o.on_log = log_errors;
    o.callback_ctx = log;
    struct api_error err = {0};
    struct http_client *c = http_client_new(&o, &err);
    cr_assert_not_null(c, "%s", api_error_message(&err));
    static const struct {
        const char *path, *says;
    } cases[] = {
        {"/refused", "HTTP 401: the API key was refused (key <API key> is not valid for /refused)"},
        {"/invalid", "HTTP 422: key <API key> is not valid for /invalid"},
        {"/moved", "redirected to https://elsewhere.example/?key=<API key>;"},
        {"/long", "HTTP 400: 0000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct http_response r;
        cr_assert_eq(http_request(c, HTTP_GET, cases[i].path, NULL, NULL, &r, &err), -1);
        const char *msg = api_error_message(&err);
        cr_assert_str_eq(test_server_request(server, i)->api_key, ECHOED_KEY,
                         "the server had the key to echo");
        cr_assert(strstr(msg, cases[i].says), "%s: %s", cases[i].path, msg);
        /* Not even the start of it, where the message is cut. */
        cr_assert_null(strstr(msg, "sk-ec"), "%s: %s", cases[i].path, msg);
        api_error_clear(&err);
    }
    http_client_free(c);
    test_server_stop(server);
    cr_assert_eq(fclose(log), 0);
    cr_assert(strstr(logged, "HTTP 401") && strstr(logged, "HTTP 422"), "%s", logged);
    cr_assert_null(strstr(logged, "sk-ec"), "%s", logged);
    free(logged);
}
