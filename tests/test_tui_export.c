/* `sendx-tui export` as a person or a script runs it: the real binary
 * against the mock on loopback (--base-url, SENDX_API_KEY), in an
 * environment of its own (HOME, XDG_CONFIG_HOME and XDG_STATE_HOME in a
 * directory removed after each test). What it writes is read back; a
 * failure, a kill or a signal midway must leave nothing at --output; the
 * key must show nowhere; memory must not grow with the records. */
/* posix_openpt and its kin, for a terminal on stderr. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

#include "csv.h"
#include "mock/mock.h"
#include "raw_http.h"
#include "tree.h"

#define KEY "export-secret-key-42"
/* Enough contacts for 20 full pages. */
#define CONTACTS 20000
/* For memory: a hundred pages, far more than the export holds at once. */
#define MANY_CONTACTS 100000

static struct mock_server *mock;
static const char *base_url; /* the mock's */
static char root[64];

/* A path under root; good for the next 16 calls, so a few can be
 * arguments to one run while the run makes its own. */
static const char *in_root(const char *name)
{
    static char paths[16][160];
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, sizeof paths[0], "%s/%s", root, name);
    return p;
}

static void make_root(void)
{
    snprintf(root, sizeof root, "/tmp/sendx-tui-export-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    static const char *const dirs[] = {"xdg", "home", "state", "out"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        cr_assert_eq(mkdir(in_root(dirs[i]), 0700), 0);
}

static struct mock_options seeded(long contacts)
{
    struct mock_options o = mock_options_default();
    o.api_key = KEY;
    o.seed = 5;
    o.contacts = contacts;
    return o;
}

static void setup(void)
{
    make_root();
    struct api_error err = {0};
    struct mock_options o = seeded(CONTACTS);
    mock = mock_server_start(&o, &err);
    cr_assert_not_null(mock, "%s", api_error_message(&err));
    base_url = mock_server_url(mock);
}

static void teardown(void)
{
    struct api_error err = {0};
    cr_expect_eq(mock_server_stop(mock, &err), 0);
    api_error_clear(&err);
    tree_remove(root);
}

TestSuite(export, .init = setup, .fini = teardown, .timeout = 120);

/* The mock in a process of its own, for measuring memory: a child
 * spawned from here starts with this process's peak RSS counted as its
 * own (posix_spawn shares the memory until exec), which the contacts in
 * the mock would raise past the export's. */
static pid_t mock_pid;
static char forked_url[128];

static void forked_mock_run(int out)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    struct api_error err = {0};
    struct mock_options o = seeded(MANY_CONTACTS);
    struct mock_server *m = mock_server_start(&o, &err);
    const char *url = m ? mock_server_url(m) : "";
    if (write(out, url, strlen(url) + 1) < 0)
        _exit(1);
    int sig = 0;
    sigwait(&set, &sig);
    mock_server_stop(m, &err);
    _exit(0);
}

static void forked_setup(void)
{
    make_root();
    int p[2];
    cr_assert_eq(pipe(p), 0);
    mock_pid = fork();
    cr_assert_geq(mock_pid, 0);
    if (mock_pid == 0)
        forked_mock_run(p[1]);
    close(p[1]);
    ssize_t got = read(p[0], forked_url, sizeof forked_url - 1);
    close(p[0]);
    cr_assert(got > 1, "the mock started");
    base_url = forked_url;
}

static void forked_teardown(void)
{
    kill(mock_pid, SIGTERM);
    waitpid(mock_pid, NULL, 0);
    tree_remove(root);
}

TestSuite(memory, .init = forked_setup, .fini = forked_teardown, .timeout = 120);

/* ---- running the binary ---- */

struct outcome {
    int status; /* the exit status, or 128 + the signal that ended it */
    struct rusage ru;
    char *out, *err; /* what it wrote to stdout and stderr (heap) */
};

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char *text = NULL;
    size_t len = 0;
    if (getdelim(&text, &len, '\0', f) < 0) {
        free(text);
        text = strdup("");
    }
    fclose(f);
    return text;
}

/* How the child is set up: a key (NULL: none), where stdout and stderr
 * go (NULL: files under root, read back). */
struct how {
    const char *key;
    const char *stdout_path;
    int stderr_fd; /* 0: the file */
    bool no_base_url;
    const char *env; /* one more VAR=value, or NULL */
};

/* Starts `sendx-tui export ARGS... --base-url MOCK`. */
static pid_t spawn(const char *const *args, const struct how *how)
{
    const char *argv[24] = {SENDX_TUI_PATH, "export"};
    size_t n = 2;
    for (size_t i = 0; args[i] && n < 20; i++)
        argv[n++] = args[i];
    if (!how->no_base_url) {
        argv[n++] = "--base-url";
        argv[n++] = base_url;
    }
    static char env_home[200], env_xdg[200], env_state[200], env_key[200];
    snprintf(env_home, sizeof env_home, "HOME=%s/home", root);
    snprintf(env_xdg, sizeof env_xdg, "XDG_CONFIG_HOME=%s/xdg", root);
    snprintf(env_state, sizeof env_state, "XDG_STATE_HOME=%s/state", root);
    snprintf(env_key, sizeof env_key, "SENDX_API_KEY=%s", how->key ? how->key : "");
    const char *envp[] = {"PATH=/usr/bin:/bin",
                          "LANG=C.UTF-8",
                          env_home,
                          env_xdg,
                          env_state,
                          env_key,
                          how->env,
                          NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
                                     how->stdout_path ? how->stdout_path : in_root("stdout"),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (how->stderr_fd)
        posix_spawn_file_actions_adddup2(&fa, how->stderr_fd, STDERR_FILENO);
    else
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, in_root("stderr"),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid;
    cr_assert_eq(
        posix_spawn(&pid, SENDX_TUI_PATH, &fa, NULL, (char *const *)argv, (char *const *)envp), 0);
    posix_spawn_file_actions_destroy(&fa);
    return pid;
}

static void finish(pid_t pid, const struct how *how, struct outcome *o)
{
    int status = 0;
    cr_assert_eq(wait4(pid, &status, 0, &o->ru), pid);
    o->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    o->out = how->stdout_path ? strdup("") : slurp(in_root("stdout"));
    o->err = how->stderr_fd ? strdup("") : slurp(in_root("stderr"));
}

static void run_how(const char *const *args, const struct how *how, struct outcome *o)
{
    finish(spawn(args, how), how, o);
}

static void run(const char *const *args, struct outcome *o)
{
    const struct how how = {.key = KEY};
    run_how(args, &how, o);
}

static void outcome_free(struct outcome *o)
{
    free(o->out);
    free(o->err);
}

static void expect_one_line(const char *err)
{
    const char *nl = strchr(err, '\n');
    cr_expect(nl && nl[1] == '\0', "one line: %s", err);
}

/* The names in out/, sorted, joined by spaces; hidden ones too. */
static const char *out_listing(void)
{
    static char names[1024];
    struct dirent **list;
    int n = scandir(in_root("out"), &list, NULL, alphasort);
    cr_assert_geq(n, 0);
    names[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") != 0 && strcmp(list[i]->d_name, "..") != 0 &&
            strlen(names) + strlen(list[i]->d_name) + 2 < sizeof names) {
            strcat(names, names[0] ? " " : "");
            strcat(names, list[i]->d_name);
        }
        free(list[i]);
    }
    free(list);
    return names;
}

/* How many records the API has of resource path, and their ids in order
 * (a JSON array), walking pages by hand. */
static cJSON *api_ids(const char *path, long limit)
{
    cJSON *ids = cJSON_CreateArray();
    for (long offset = 0;; offset += limit) {
        char url[200];
        if (limit)
            snprintf(url, sizeof url, "/%s?offset=%ld&limit=%ld", path, offset, limit);
        else
            snprintf(url, sizeof url, "/%s", path);
        struct raw_answer a = raw_http(base_url, "GET", url, NULL, KEY);
        cr_assert_eq(a.status, 200, "%s", url);
        cJSON *page = cJSON_Parse(a.body);
        raw_answer_free(&a);
        const cJSON *r;
        cJSON_ArrayForEach(r, page)
        {
            cJSON_AddItemToArray(ids,
                                 cJSON_CreateString(cJSON_GetObjectItem(r, "id")->valuestring));
        }
        int n = cJSON_GetArraySize(page);
        cJSON_Delete(page);
        if (!limit || n < limit)
            return ids;
    }
}

/* ---- what it writes ---- */

static const struct {
    const char *name, *path;
    long limit;
} resources[] = {
    {"contacts", "contact", 1000},
    {"lists", "list", 100},
    {"tags", "tag", 100},
    {"campaigns", "campaign", 100},
    {"templates", "template/email", 100},
    {"senders", "sender", 0},
    {"fields", "customfield", 100},
    {"webhooks", "webhook", 0},
    {"team", "team/member", 0},
    {"members", "team/member", 0},
};

/* The ids, in order, of what text holds in format. */
static cJSON *exported_ids(const char *format, char *text)
{
    cJSON *ids = cJSON_CreateArray();
    if (strcmp(format, "csv") == 0) {
        char why[128];
        struct csv_table t;
        cr_assert_eq(csv_parse(text, strlen(text), &t, why, sizeof why), 0, "%s", why);
        cr_assert_eq(csv_column(&t, "id"), 0, "the id comes first");
        for (size_t r = 1; r < t.n_rows; r++)
            cJSON_AddItemToArray(ids, cJSON_CreateString(t.rows[r].fields[0]));
        csv_free(&t);
        return ids;
    }
    cJSON *all = cJSON_CreateArray();
    if (strcmp(format, "json") == 0) {
        cJSON_Delete(all);
        all = cJSON_Parse(text);
    } else {
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
            cJSON_AddItemToArray(all, cJSON_Parse(line));
    }
    cr_assert(cJSON_IsArray(all), "%s", text);
    const cJSON *r;
    cJSON_ArrayForEach(r, all)
    {
        cJSON_AddItemToArray(ids, cJSON_CreateString(cJSON_GetObjectItem(r, "id")->valuestring));
    }
    cJSON_Delete(all);
    return ids;
}

Test(export, every_resource_in_every_format_to_a_file_mode_0600_and_nothing_else)
{
    static const char *const formats[] = {"csv", "json", "ndjson"};
    for (size_t i = 0; i < sizeof resources / sizeof resources[0]; i++) {
        cJSON *want = api_ids(resources[i].path, resources[i].limit);
        cr_assert_gt(cJSON_GetArraySize(want), 0, "%s", resources[i].name);
        for (size_t f = 0; f < 3; f++) {
            char file[64];
            snprintf(file, sizeof file, "out/%s.%s", resources[i].name, formats[f]);
            const char *args[] = {resources[i].name, "--format",    formats[f],
                                  "--output",        in_root(file), NULL};
            struct outcome o;
            run(args, &o);
            cr_assert_eq(o.status, 0, "%s: %s", file, o.err);
            cr_expect_str_empty(o.err, "%s: silent when stderr is no terminal", file);
            cr_expect_str_empty(o.out, "%s: the file, not stdout", file);
            struct stat st;
            cr_assert_eq(stat(in_root(file), &st), 0);
            cr_expect_eq(st.st_mode & 0777, 0600, "%s", file);
            char *text = slurp(in_root(file));
            cJSON *got = exported_ids(formats[f], text);
            cr_expect(cJSON_Compare(want, got, true), "%s: the API's records, in order", file);
            cJSON_Delete(got);
            free(text);
            outcome_free(&o);
        }
        cJSON_Delete(want);
    }
    cr_expect_null(strstr(out_listing(), ".files-"), "no temporary file left: %s", out_listing());
}

Test(export, without_output_the_records_go_to_stdout)
{
    const char *args[] = {"tags", "--format", "ndjson", NULL};
    struct outcome o;
    run(args, &o);
    cr_assert_eq(o.status, 0, "%s", o.err);
    cr_expect_str_empty(o.err);
    cJSON *want = api_ids("tag", 100);
    cJSON *got = exported_ids("ndjson", o.out);
    cr_expect(cJSON_Compare(want, got, true));
    cJSON_Delete(want);
    cJSON_Delete(got);
    outcome_free(&o);

    const char *csv[] = {"contacts", "--search", "smith", NULL};
    run(csv, &o);
    cr_assert_eq(o.status, 0, "%s", o.err);
    char why[128];
    struct csv_table t;
    cr_assert_eq(csv_parse(o.out, strlen(o.out), &t, why, sizeof why), 0, "%s", why);
    cr_expect(t.n_rows > 2 && t.n_rows < CONTACTS, "only what the search finds: %zu", t.n_rows);
    csv_free(&t);
    outcome_free(&o);
}

Test(export, the_demo_needs_no_key_and_help_goes_to_stdout)
{
    const char *args[] = {"lists", "--demo", NULL};
    const struct how no_key = {.no_base_url = true};
    struct outcome o;
    run_how(args, &no_key, &o);
    cr_expect_eq(o.status, 0, "%s", o.err);
    cr_expect(strncmp(o.out, "id,name,type,created,updated\r\n", 30) == 0, "%s", o.out);
    outcome_free(&o);

    const char *help[] = {"--help", NULL};
    run_how(help, &no_key, &o);
    cr_expect_eq(o.status, 0);
    cr_expect(strstr(o.out, "usage: sendx-tui export RESOURCE") && strstr(o.out, "ndjson"), "%s",
              o.out);
    cr_expect_str_empty(o.err);
    outcome_free(&o);
}

Test(export, mistakes_on_the_command_line_exit_2_saying_what_is_wrong)
{
    static const struct {
        const char *args[6];
        const char *says;
    } cases[] = {
        {{NULL},
         "export needs a resource: contacts, lists, tags, campaigns, templates, "
         "senders, fields, webhooks, team, members"},
        {{"contact", NULL}, "no resource \"contact\" (did you mean \"contacts\"?)"},
        {{"widgets", NULL}, "the resources are: contacts, lists,"},
        {{"tags", "--format", "xml", NULL},
         "no format \"xml\"; the formats are: csv, json, ndjson"},
        {{"tags", "--format=", NULL}, "--format needs a value"},
        {{"tags", "--search", "ab", NULL}, "the API cannot search tags"},
        {{"contacts", "--search", "é", NULL}, "--search needs at least 2 characters"},
        {{"contacts", "--theme", "mono", NULL}, "export takes no --theme"},
        {{"contacts", "tags", NULL}, "argument 3 is not an option (export takes one resource)"},
        {{"contacts", "--output", "/nonexistent/x.csv", NULL}, "--output: cannot write in"},
        {{"contacts", "--output", "/tmp", NULL}, "--output /tmp is a directory"},
        {{"contacts", "--api-key=" KEY, NULL}, "the key is read from SENDX_API_KEY"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outcome o;
        run(cases[i].args, &o);
        cr_expect_eq(o.status, 2, "case %zu: %s", i, o.err);
        cr_expect(strstr(o.err, cases[i].says), "case %zu: %s", i, o.err);
        cr_expect_null(strstr(o.err, KEY), "case %zu", i);
        cr_expect_str_empty(o.out, "case %zu", i);
        outcome_free(&o);
    }
    cr_expect_str_eq(out_listing(), "");
}

Test(export, an_export_option_without_export_points_to_it)
{
    /* Not through spawn: this one has no "export". */
    const char *argv[] = {SENDX_TUI_PATH, "--format", "csv", NULL};
    const char *envp[] = {"PATH=/usr/bin:/bin", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, in_root("stderr"),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    cr_assert_eq(
        posix_spawn(&pid, SENDX_TUI_PATH, &fa, NULL, (char *const *)argv, (char *const *)envp), 0);
    posix_spawn_file_actions_destroy(&fa);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2);
    char *err = slurp(in_root("stderr"));
    cr_expect(strstr(err, "--format goes with export (sendx-tui export RESOURCE --format ...)"),
              "%s", err);
    free(err);
}

Test(export, a_refused_key_says_how_to_set_one_and_never_shows_it)
{
    const char *args[] = {"contacts", "--output", in_root("out/c.csv"), NULL};
    const struct how wrong = {.key = "wrong-secret-key-77"};
    struct outcome o;
    run_how(args, &wrong, &o);
    cr_expect_eq(o.status, 1, "%s", o.err);
    expect_one_line(o.err);
    cr_expect(strstr(o.err, "sendx-tui: export contacts: ") && strstr(o.err, "401") &&
                  strstr(o.err, "set SENDX_API_KEY"),
              "%s", o.err);
    cr_expect(strstr(o.err, "c.csv not written"), "%s", o.err);
    cr_expect_null(strstr(o.err, "wrong-secret-key-77"));
    cr_expect_str_empty(o.out);
    cr_expect_str_eq(out_listing(), "", "nothing at --output, no temporary file");
    outcome_free(&o);
}

/* ---- midway ---- */

/* Waits until the temporary file beside --output holds some records:
 * the export is then midway. */
static void wait_midway(void)
{
    for (int i = 0; i < 2000; i++) {
        struct dirent **list;
        int n = scandir(in_root("out"), &list, NULL, alphasort);
        off_t size = 0;
        for (int k = 0; k < n; k++) {
            char path[300];
            snprintf(path, sizeof path, "%s/%s", in_root("out"), list[k]->d_name);
            struct stat st;
            if (strncmp(list[k]->d_name, ".files-", 7) == 0 && stat(path, &st) == 0)
                size = st.st_size;
            free(list[k]);
        }
        free(list);
        if (size > 100000)
            return;
        usleep(10 * 1000);
    }
    cr_assert_fail("the export never got midway");
}

static pid_t slow_export(void)
{
    struct mock_faults f = {.latency_ms = 150};
    mock_server_set_faults(mock, &f);
    static const char *args[] = {"contacts", "--output", NULL, NULL};
    args[2] = in_root("out/c.csv");
    const struct how how = {.key = KEY};
    return spawn(args, &how);
}

Test(export, killed_midway_it_leaves_nothing_at_output)
{
    pid_t pid = slow_export();
    wait_midway();
    cr_assert_eq(kill(pid, SIGKILL), 0);
    struct outcome o;
    const struct how how = {.key = KEY};
    finish(pid, &how, &o);
    cr_expect_eq(o.status, 128 + SIGKILL);
    cr_expect_eq(access(in_root("out/c.csv"), F_OK), -1, "no file at --output");
    outcome_free(&o);
}

Test(export, stopped_by_sigterm_midway_it_removes_its_temporary_file_and_ends_by_the_signal)
{
    pid_t pid = slow_export();
    wait_midway();
    cr_assert_eq(kill(pid, SIGTERM), 0);
    struct outcome o;
    const struct how how = {.key = KEY};
    finish(pid, &how, &o);
    cr_expect_eq(o.status, 128 + SIGTERM, "%s", o.err);
    cr_expect_str_empty(o.err);
    cr_expect_str_eq(out_listing(), "", "nothing at --output, no temporary file");
    outcome_free(&o);
}

Test(export, a_failure_midway_is_one_line_and_leaves_nothing_at_output)
{
    pid_t pid = slow_export();
    wait_midway();
    struct mock_faults f = {.error_rate = 1, .error_status = 500};
    mock_server_set_faults(mock, &f);
    struct outcome o;
    const struct how how = {.key = KEY};
    finish(pid, &how, &o);
    cr_expect_eq(o.status, 1, "%s", o.err);
    expect_one_line(o.err);
    cr_expect(strstr(o.err, "sendx-tui: export contacts: after ") && strstr(o.err, "HTTP 500") &&
                  strstr(o.err, "c.csv not written)\n"),
              "%s", o.err);
    cr_expect_str_eq(out_listing(), "", "nothing at --output, no temporary file");
    outcome_free(&o);
}

Test(export, an_existing_file_stays_as_it_was_when_the_export_fails)
{
    FILE *f = fopen(in_root("out/c.csv"), "w");
    fputs("yesterday's export", f);
    fclose(f);
    struct mock_faults faults = {.error_rate = 1, .error_status = 500};
    mock_server_set_faults(mock, &faults);
    const char *args[] = {"contacts", "--output", in_root("out/c.csv"), NULL};
    struct outcome o;
    run(args, &o);
    cr_expect_eq(o.status, 1);
    expect_one_line(o.err);
    char *text = slurp(in_root("out/c.csv"));
    cr_expect_str_eq(text, "yesterday's export");
    cr_expect_str_eq(out_listing(), "c.csv");
    free(text);
    outcome_free(&o);
}

/* ---- the key, memory, writes, the terminal ---- */

Test(export, the_key_shows_in_no_output_and_no_log)
{
    const char *ok[] = {"contacts", "--format",     "json", "--output", in_root("out/c.json"),
                        "--log",    in_root("log"), NULL};
    struct outcome o;
    run(ok, &o);
    cr_assert_eq(o.status, 0, "%s", o.err);
    char *texts[4] = {o.out, o.err, slurp(in_root("out/c.json")), slurp(in_root("log"))};
    cr_expect(strstr(texts[3], "request GET /contact?") != NULL, "the log has the requests: %s",
              texts[3]);
    for (size_t i = 0; i < 4; i++)
        cr_expect_null(strstr(texts[i], KEY), "output %zu", i);
    free(texts[2]);
    free(texts[3]);
    outcome_free(&o);

    struct mock_faults f = {.error_rate = 1, .error_status = 500};
    mock_server_set_faults(mock, &f);
    const char *failing[] = {"tags", "--log", in_root("log"), NULL};
    run(failing, &o);
    cr_expect_eq(o.status, 1);
    char *log = slurp(in_root("log"));
    cr_expect_null(strstr(o.err, KEY));
    cr_expect_null(strstr(o.out, KEY));
    cr_expect_null(strstr(log, KEY));
    free(log);
    outcome_free(&o);
}

/* Holding every record would take more than their JSON text; streaming
 * takes a few pages' worth however many pages there are (two being
 * read and decoded, EXPORT_AHEAD waiting, one being written, and 8
 * bytes a record for the ids the walk has seen): for a hundred pages,
 * far below half of their text. */
Test(memory, stays_flat_however_many_records)
{
    const char *few[] = {
        "contacts", "--format", "json", "--search", "smith", "--output", in_root("out/few.json"),
        NULL};
    const char *all[] = {"contacts", "--format", "json", "--output", in_root("out/all.json"), NULL};
    /* A build with AddressSanitizer holds freed memory back for a while,
     * which would count as growth; it takes the option, others ignore it. */
    const struct how how = {.key = KEY, .env = "ASAN_OPTIONS=quarantine_size_mb=0"};
    struct outcome small, big;
    run_how(few, &how, &small);
    run_how(all, &how, &big);
    cr_assert_eq(small.status, 0, "%s", small.err);
    cr_assert_eq(big.status, 0, "%s", big.err);
    struct stat st;
    cr_assert_eq(stat(in_root("out/all.json"), &st), 0);
    long text_kb = (long)(st.st_size / 1024);
    long grown_kb = big.ru.ru_maxrss - small.ru.ru_maxrss;
    cr_expect_gt(text_kb, 40000, "100,000 contacts of JSON: %ld KiB", text_kb);
    cr_expect_lt(grown_kb, text_kb / 2,
                 "peak RSS %ld KiB for all, %ld KiB for a page: grew %ld KiB, with %ld KiB "
                 "written",
                 big.ru.ru_maxrss, small.ru.ru_maxrss, grown_kb, text_kb);
    outcome_free(&small);
    outcome_free(&big);
}

Test(export, a_write_error_is_one_line)
{
    const char *args[] = {"contacts", NULL};
    const struct how full = {.key = KEY, .stdout_path = "/dev/full"};
    struct outcome o;
    run_how(args, &full, &o);
    cr_expect_eq(o.status, 1);
    expect_one_line(o.err);
    cr_expect(strstr(o.err, "sendx-tui: export contacts: cannot write standard output: No space "
                            "left on device"),
              "%s", o.err);
    outcome_free(&o);
}

Test(export, when_the_reader_goes_away_it_ends_quietly_by_sigpipe)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    /* Only the child's stdout may hold the pipe's write end, and nothing of
     * it the read end, or the reader would never be gone. */
    for (int i = 0; i < 2; i++)
        cr_assert_eq(fcntl(p[i], F_SETFD, FD_CLOEXEC), 0);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", p[1]);
    const char *args[] = {"contacts", NULL};
    const struct how how = {.key = KEY, .stdout_path = path};
    pid_t pid = spawn(args, &how);
    close(p[1]);
    char first[64];
    cr_assert_gt(read(p[0], first, sizeof first), 0, "it started writing");
    close(p[0]);
    struct outcome o;
    finish(pid, &how, &o);
    cr_expect_eq(o.status, 128 + SIGPIPE, "%s", o.err);
    cr_expect_str_empty(o.err);
    outcome_free(&o);
}

/* The pty's output as far as it goes. */
static char *drain_pty(int master)
{
    static char buf[65536];
    size_t len = 0;
    ssize_t got;
    int flags = fcntl(master, F_GETFL);
    fcntl(master, F_SETFL, flags | O_NONBLOCK);
    while (len + 1 < sizeof buf && (got = read(master, buf + len, sizeof buf - len - 1)) > 0)
        len += (size_t)got;
    buf[len] = '\0';
    return buf;
}

Test(export, on_a_terminal_a_progress_line_is_drawn_in_place_and_cleared)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    cr_assert_geq(master, 0);
    cr_assert_eq(grantpt(master), 0);
    cr_assert_eq(unlockpt(master), 0);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    cr_assert_geq(slave, 0);
    const char *args[] = {"contacts", "--output", in_root("out/c.csv"), NULL};
    const struct how how = {.key = KEY, .stderr_fd = slave};
    struct outcome o;
    run_how(args, &how, &o);
    close(slave);
    cr_expect_eq(o.status, 0);
    const char *tty = drain_pty(master);
    close(master);
    cr_expect(strstr(tty, "\rcontacts: ") && strstr(tty, " records, ") && strstr(tty, "ETA ?"),
              "%s", tty);
    size_t len = strlen(tty);
    cr_expect(len >= 4 && strcmp(tty + len - 4, "\r\033[K") == 0, "cleared at the end: %s", tty);
    cr_expect_null(strchr(tty, '\n'), "one line, redrawn in place");
    outcome_free(&o);
}

Test(export, records_written_to_the_terminal_get_no_progress_line_cutting_into_them)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    cr_assert_geq(master, 0);
    cr_assert_eq(grantpt(master), 0);
    cr_assert_eq(unlockpt(master), 0);
    int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
    cr_assert_geq(slave, 0);
    const char *args[] = {"lists", NULL};
    const struct how how = {.key = KEY, .stdout_path = ptsname(master), .stderr_fd = slave};
    struct outcome o;
    run_how(args, &how, &o);
    close(slave);
    cr_expect_eq(o.status, 0);
    const char *tty = drain_pty(master);
    close(master);
    /* The terminal adds a CR of its own before each LF. */
    cr_expect(strstr(tty, "id,name,type,created,updated\r\r\nlist_") == tty, "%s", tty);
    cr_expect_null(strstr(tty, "records, "), "%s", tty);
    outcome_free(&o);
}
