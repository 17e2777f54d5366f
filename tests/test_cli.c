/* cli/: profiles resolved into sessions, at start (where the command line
 * and the environment come first) and at run time (the file as it is);
 * the key's sources and their refusals; finding the configuration file;
 * and docs/config.md's table of actions held to the key map's defaults.
 * Each test runs in its own process, so setenv stays within it. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_error.h"
#include "app/action.h"
#include "app/keymap.h"
#include "app/settings.h"
#include "cli/args.h"
#include "cli/session.h"
#include "cli/setup.h"
#include "config/config.h"
#include "config/theme_file.h"
#include "tree.h"
#include "ui/theme.h"

static char root[64];

static const char *in_root(const char *name)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", root, name);
    return p;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    cr_assert_eq(tree_put(path, text, strlen(text), mode), 0, "%s", path);
}

static void setup(void)
{
    snprintf(root, sizeof root, "/tmp/sendx-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    static const char *const vars[] = {"SENDX_API_KEY", "SENDX_BASE_URL", "CURL_CA_BUNDLE",
                                       "SSL_CERT_FILE", "XDG_CONFIG_HOME"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    cr_assert_eq(setenv("HOME", root, 1), 0);
    const char *pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    write_file(in_root("profile.pem"), pem, 0644);
    write_file(in_root("arg.pem"), pem, 0644);
    write_file(in_root("env.pem"), pem, 0644);
    write_file(in_root("not.pem"), "no certificate here\n", 0644);
}

static void teardown(void)
{
    tree_remove(root);
}

TestSuite(session, .init = setup, .fini = teardown, .timeout = 30);
TestSuite(setup, .init = setup, .fini = teardown, .timeout = 30);

/* ---- a configuration, the shipped themes and a resolver over them -------- */

struct world {
    struct config config;
    struct theme_set themes;
    struct cli_args args;
    struct cli_sessions sessions;
};

static const char *const base_config = "default_profile: acme\n"
                                       "profiles:\n"
                                       "  acme:\n"
                                       "    base_url: https://acme.example/api\n"
                                       "    api_key_cmd: [printf, '  key-from-cmd\\n']\n"
                                       "    ca_file: %s\n"
                                       "    theme: light\n"
                                       "    page_size: 42\n"
                                       "  keyed:\n"
                                       "    base_url: https://keyed.example/api\n"
                                       "    api_key: key-in-file\n"
                                       "    readonly: true\n"
                                       "  bare:\n"
                                       "    base_url: https://bare.example/api\n"
                                       "  failing:\n"
                                       "    api_key_cmd: [false]\n"
                                       "  slow:\n"
                                       "    api_key_cmd: [sleep, '5']\n"
                                       "  silent:\n"
                                       "    api_key_cmd: ['true']\n"
                                       "  spaced:\n"
                                       "    api_key_cmd: [printf, 'two words']\n";

/* Themes from the source tree, plus a broken one of the test's own. */
static void load_themes(struct theme_set *set)
{
    cr_assert_eq(mkdir(in_root("themes"), 0700), 0);
    write_file(in_root("themes/broken.yaml"), "name: broken\nslots:\n  header: {fg: nocolour}\n",
               0644);
    struct theme_file_dirs dirs = {.dirs = {SOURCE_DIR "/themes", in_root("themes")}, .count = 2};
    struct api_error err = {0};
    cr_assert_eq(theme_set_load(set, &dirs, theme_slot_names(), &err), 0, "%s",
                 api_error_message(&err));
}

/* The configuration from a file in root, mode 0600 unless said. */
static void world_init(struct world *w, mode_t mode)
{
    *w = (struct world){0};
    char text[2048];
    snprintf(text, sizeof text, base_config, in_root("profile.pem"));
    write_file(in_root("config.yaml"), text, mode);
    struct config_vocab vocab;
    settings_vocab(&vocab);
    struct config_diags diags = {0};
    int rc = config_load(in_root("config.yaml"), &vocab, &w->config, &diags);
    cr_assert_eq(rc, 0, "%s", diags.len ? diags.items[0].text : "");
    diags_free(&diags);
    load_themes(&w->themes);
    w->sessions = (struct cli_sessions){.config = &w->config,
                                        .config_path = w->config.path,
                                        .themes = &w->themes,
                                        .args = &w->args,
                                        .key_cmd_timeout_ms = CLI_KEY_CMD_TIMEOUT_MS};
}

static void world_free(struct world *w)
{
    config_free(&w->config);
    theme_set_free(&w->themes);
}

static const struct config_profile *profile(const struct world *w, const char *name)
{
    const struct config_profile *p = config_profile_find(&w->config, name);
    cr_assert_not_null(p, "%s", name);
    return p;
}

/* Starts, expecting success. */
static void start(struct world *w, struct ui_session *s)
{
    struct api_error err = {0};
    cr_assert_eq(cli_session_start(&w->sessions, s, &err), 0, "%s", api_error_message(&err));
}

/* Starts (or opens name), expecting a refusal in one line holding want. */
static void expect_refused(struct world *w, const char *name, const char *want)
{
    struct ui_session s;
    struct api_error err = {0};
    int rc = name ? cli_session_open(&w->sessions, name, &s, &err)
                  : cli_session_start(&w->sessions, &s, &err);
    cr_assert_eq(rc, -1, "%s was resolved", name ? name : "the start");
    const char *msg = api_error_message(&err);
    cr_expect(strstr(msg, want), "want <%s> in <%s>", want, msg);
    cr_expect_null(strchr(msg, '\n'), "one line: %s", msg);
    cr_expect_null(s.api_key, "nothing is left in the session");
    api_error_clear(&err);
}

/* ---- at start ---------------------------------------------------------- */

Test(session, the_file_alone_gives_the_default_profile)
{
    struct world w;
    world_init(&w, 0600);
    struct ui_session s;
    start(&w, &s);
    cr_expect_str_eq(s.profile, "acme");
    cr_expect_str_eq(s.base_url, "https://acme.example/api");
    cr_expect_str_eq(s.where, "https://acme.example/api");
    cr_expect_str_eq(s.api_key, "key-from-cmd", "the command's output, trimmed");
    cr_expect_str_eq(s.ca_file, in_root("profile.pem"));
    cr_expect_str_eq(s.theme, "light");
    cr_expect_not(s.readonly);
    cr_expect_eq(s.settings, profile(&w, "acme"), "start pane, page size, columns: the profile's");
    ui_session_free(&s);
    world_free(&w);
}

Test(session, the_environment_comes_before_the_file)
{
    struct world w;
    world_init(&w, 0600);
    setenv("SENDX_BASE_URL", "https://env.example/api", 1);
    setenv("SENDX_API_KEY", " env-key\n", 1);
    w.args.profile = "bare";
    setenv("CURL_CA_BUNDLE", in_root("env.pem"), 1);
    struct ui_session s;
    start(&w, &s);
    cr_expect_str_eq(s.profile, "bare");
    cr_expect_str_eq(s.base_url, "https://env.example/api");
    cr_expect_str_eq(s.where, "https://env.example/api");
    cr_expect_str_eq(s.api_key, "env-key");
    cr_expect_str_eq(s.ca_file, in_root("env.pem"), "no ca_file in the profile: the environment's");
    cr_expect_str_eq(s.theme, "default", "the file's theme, itself the default");
    ui_session_free(&s);

    w.args.profile = "acme";
    start(&w, &s);
    cr_expect_str_eq(s.ca_file, in_root("profile.pem"), "the profile's ca_file before the env's");
    cr_expect_str_eq(s.api_key, "env-key", "SENDX_API_KEY before api_key_cmd");
    ui_session_free(&s);
    world_free(&w);
}

Test(session, the_command_line_comes_before_both)
{
    struct world w;
    world_init(&w, 0600);
    setenv("SENDX_BASE_URL", "https://env.example/api", 1);
    setenv("CURL_CA_BUNDLE", in_root("env.pem"), 1);
    w.args = (struct cli_args){.base_url = "https://arg.example/api",
                               .ca_file = in_root("arg.pem"),
                               .theme = "gruvbox",
                               .readonly = true};
    struct ui_session s;
    start(&w, &s);
    cr_expect_str_eq(s.base_url, "https://arg.example/api");
    cr_expect_str_eq(s.ca_file, in_root("arg.pem"));
    cr_expect_str_eq(s.theme, "gruvbox");
    cr_expect(s.readonly);
    ui_session_free(&s);
    world_free(&w);
}

Test(session, the_ca_file_falls_back_as_curl_has_it)
{
    struct world w;
    world_init(&w, 0600);
    setenv("SENDX_API_KEY", "k", 1);
    w.args.profile = "bare";
    setenv("SSL_CERT_FILE", in_root("env.pem"), 1);
    struct ui_session s;
    start(&w, &s);
    cr_expect_str_eq(s.ca_file, in_root("env.pem"));
    ui_session_free(&s);
    setenv("CURL_CA_BUNDLE", in_root("not.pem"), 1);
    expect_refused(&w, NULL, "cannot use CURL_CA_BUNDLE");
    unsetenv("CURL_CA_BUNDLE");
    unsetenv("SSL_CERT_FILE");
    start(&w, &s);
    cr_expect_null(s.ca_file, "the system's CAs");
    ui_session_free(&s);
    world_free(&w);
}

Test(session, a_refused_value_from_the_environment_or_a_profile_names_its_source)
{
    struct world w;
    world_init(&w, 0600);
    setenv("SENDX_BASE_URL", "http://remote.example/api", 1);
    expect_refused(&w, NULL, "SENDX_BASE_URL: refusing http://remote.example");
    unsetenv("SENDX_BASE_URL");
    setenv("SENDX_API_KEY", "sec ret", 1);
    expect_refused(&w, NULL, "SENDX_API_KEY has a space, control or non-ASCII character");
    unsetenv("SENDX_API_KEY");
    w.args.profile = "spaced";
    expect_refused(&w, NULL, "profile spaced: the key api_key_cmd printed has a space");
    /* Gone rather than unreadable: root reads a file of any mode. */
    cr_assert_eq(unlink(in_root("profile.pem")), 0);
    w.args.profile = "acme";
    expect_refused(&w, NULL, "profile acme: cannot use ca_file");
    world_free(&w);
}

Test(session, without_a_key_it_says_how_to_give_one)
{
    struct world w;
    world_init(&w, 0600);
    w.args.profile = "bare";
    expect_refused(&w, NULL, "no API key for profile bare; set SENDX_API_KEY");
    expect_refused(&w, NULL, in_root("config.yaml"));
    expect_refused(&w, NULL, "--demo");
    world_free(&w);
}

/* ---- the key's sources ---------------------------------------------------- */

Test(session, a_key_in_a_file_others_can_read_is_refused_with_the_chmod)
{
    struct world w;
    world_init(&w, 0644);
    w.args.profile = "keyed";
    char want[512];
    snprintf(want, sizeof want,
             "profile keyed: %s holds an api_key but others can get at it "
             "(mode 0644): run chmod 600 %s",
             in_root("config.yaml"), in_root("config.yaml"));
    expect_refused(&w, NULL, want);
    expect_refused(&w, "keyed", want);

    cr_assert_eq(chmod(in_root("config.yaml"), 0600), 0);
    struct ui_session s;
    start(&w, &s);
    cr_expect_str_eq(s.api_key, "key-in-file");
    cr_expect(s.readonly, "the profile's readonly");
    ui_session_free(&s);
    world_free(&w);
}

Test(session, an_api_key_cmd_that_fails_is_one_line_naming_the_profile)
{
    struct world w;
    world_init(&w, 0600);
    /* Only the slow one is held to a short time, so that a loaded machine
     * does not turn the others into timeouts. */
    static const struct {
        const char *profile, *want;
        int timeout_ms;
    } cases[] = {
        {"failing", "profile failing: api_key_cmd: false exited with status 1",
         CLI_KEY_CMD_TIMEOUT_MS},
        {"slow", "profile slow: api_key_cmd: sleep did not finish within 300 ms", 300},
        {"silent", "profile silent: api_key_cmd: true printed no key", CLI_KEY_CMD_TIMEOUT_MS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        w.sessions.key_cmd_timeout_ms = cases[i].timeout_ms;
        w.args.profile = cases[i].profile;
        expect_refused(&w, NULL, cases[i].want);
        expect_refused(&w, cases[i].profile, cases[i].want);
    }
    world_free(&w);
}

/* ---- `:profile NAME` ------------------------------------------------------- */

Test(session, at_run_time_a_profile_is_as_the_file_has_it)
{
    struct world w;
    world_init(&w, 0600);
    setenv("SENDX_BASE_URL", "https://env.example/api", 1);
    setenv("SENDX_API_KEY", "env-key", 1);
    setenv("CURL_CA_BUNDLE", in_root("env.pem"), 1);
    w.args = (struct cli_args){.base_url = "https://arg.example/api",
                               .ca_file = in_root("arg.pem"),
                               .theme = "gruvbox",
                               .readonly = true};
    struct ui_session s;
    struct api_error err = {0};
    cr_assert_eq(cli_session_open(&w.sessions, "acme", &s, &err), 0, "%s", api_error_message(&err));
    cr_expect_str_eq(s.profile, "acme");
    cr_expect_str_eq(s.base_url, "https://acme.example/api");
    cr_expect_str_eq(s.where, "https://acme.example/api");
    cr_expect_str_eq(s.api_key, "key-from-cmd");
    cr_expect_str_eq(s.ca_file, in_root("profile.pem"));
    cr_expect_str_eq(s.theme, "light");
    cr_expect(s.readonly, "--readonly holds for every profile");
    cr_expect_eq(s.settings, profile(&w, "acme"));
    ui_session_free(&s);
    world_free(&w);
}

Test(session, at_run_time_a_profile_without_a_key_in_the_file_is_refused)
{
    struct world w;
    world_init(&w, 0600);
    setenv("SENDX_API_KEY", "env-key", 1);
    char want[512];
    snprintf(want, sizeof want, "profile bare has no api_key or api_key_cmd in %s",
             in_root("config.yaml"));
    expect_refused(&w, "bare", want);
    world_free(&w);
}

Test(session, an_unknown_profile_lists_the_known_ones_with_a_did_you_mean)
{
    struct world w;
    world_init(&w, 0600);
    w.args.profile = "acmee";
    struct api_error err = {0};
    cr_assert_eq(cli_session_check_names(&w.sessions, &err), -1);
    cr_expect(strstr(api_error_message(&err), "--profile: no profile \"acmee\" (did you mean "
                                              "\"acme\"?)"),
              "%s", api_error_message(&err));
    cr_expect(strstr(api_error_message(&err), "acme, keyed, bare, failing"), "%s",
              api_error_message(&err));
    api_error_clear(&err);
    expect_refused(&w, "zzz", "no profile \"zzz\"; the profiles in ");
    world_free(&w);
}

Test(session, an_unknown_or_broken_theme_on_the_command_line_says_why)
{
    struct world w;
    world_init(&w, 0600);
    struct api_error err = {0};
    w.args.theme = "gruvbx";
    cr_assert_eq(cli_session_check_names(&w.sessions, &err), -1);
    const char *msg = api_error_message(&err);
    cr_expect(strstr(msg, "no theme \"gruvbx\" (did you mean \"gruvbox\"?)"), "%s", msg);
    cr_expect(strstr(msg, "default, gruvbox, high-contrast, light, mono"), "%s", msg);
    api_error_clear(&err);

    w.args.theme = "broken";
    cr_assert_eq(cli_session_check_names(&w.sessions, &err), -1);
    msg = api_error_message(&err);
    char want[512];
    snprintf(want, sizeof want, "%s:3:", in_root("themes/broken.yaml"));
    cr_expect(strstr(msg, "theme \"broken\" has errors") && strstr(msg, want), "%s", msg);
    api_error_clear(&err);

    w.args.theme = "mono";
    cr_expect_eq(cli_session_check_names(&w.sessions, &err), 0, "%s", api_error_message(&err));
    world_free(&w);
}

/* An export draws nothing: a theme with errors does not stop it, while
 * the same profile refuses to start the browser. */
Test(session, a_headless_session_does_not_look_at_the_theme)
{
    struct world w;
    world_init(&w, 0600);
    w.args.theme = "broken";
    expect_refused(&w, NULL, "theme \"broken\" has errors");
    w.sessions.headless = true;
    struct ui_session s;
    start(&w, &s);
    cr_expect_str_eq(s.profile, "acme");
    ui_session_free(&s);
    world_free(&w);
}

/* ---- --demo ------------------------------------------------------------- */

Test(session, the_demo_is_a_profile_of_its_own)
{
    struct world w;
    world_init(&w, 0600);
    setenv("SENDX_API_KEY", "env-key", 1);
    w.sessions.demo_url = "http://127.0.0.1:4321/api/v1/rest";
    w.sessions.demo_key = "demo-key";
    struct ui_session s;
    start(&w, &s);
    cr_expect_str_eq(s.profile, "demo");
    cr_expect_str_eq(s.where, "http://127.0.0.1:4321/api/v1/rest");
    cr_expect_str_eq(s.base_url, "http://127.0.0.1:4321/api/v1/rest");
    cr_expect_str_eq(s.api_key, "demo-key", "the demo's key, not the environment's");
    cr_expect_null(s.ca_file);
    cr_expect_str_eq(s.theme, "light", "the default profile's theme");
    cr_expect_eq(s.settings, profile(&w, "acme"), "the default profile's settings");
    cr_expect_not(s.readonly);
    ui_session_free(&s);

    struct api_error err = {0};
    cr_assert_eq(cli_session_open(&w.sessions, "keyed", &s, &err), 0, "%s",
                 api_error_message(&err));
    cr_expect_str_eq(s.base_url, "https://keyed.example/api", "other names open the file's");
    ui_session_free(&s);
    w.args.theme = "mono";
    cr_assert_eq(cli_session_open(&w.sessions, "demo", &s, &err), 0, "%s", api_error_message(&err));
    cr_expect_str_eq(s.profile, "demo", ":profile demo goes back to it");
    cr_expect_str_eq(s.api_key, "demo-key");
    cr_expect_str_eq(s.theme, "mono", "as it started, --theme included");
    ui_session_free(&s);
    world_free(&w);
}

/* ---- where the file is ---------------------------------------------------- */

Test(setup, the_file_is_looked_for_where_the_user_keeps_it)
{
    struct api_error err = {0};
    char want[256];
    char *path = cli_setup_config_path("given.yaml", &err);
    cr_expect_str_eq(path, "given.yaml");
    free(path);

    setenv("XDG_CONFIG_HOME", "relative/dir", 1);
    path = cli_setup_config_path(NULL, &err);
    snprintf(want, sizeof want, "%s/.config/sendx-tui/config.yaml", root);
    cr_expect_str_eq(path, want, "a relative XDG_CONFIG_HOME is not used");
    free(path);

    setenv("XDG_CONFIG_HOME", in_root("xdg"), 1);
    path = cli_setup_config_path(NULL, &err);
    snprintf(want, sizeof want, "%s/xdg/sendx-tui/config.yaml", root);
    cr_expect_str_eq(path, want);
    free(path);

    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    cr_expect_null(cli_setup_config_path(NULL, &err), "nowhere to look");
    cr_expect_eq(err.kind, API_OK);
}

Test(setup, no_file_means_the_defaults_and_warnings_are_counted)
{
    setenv("XDG_CONFIG_HOME", root, 1);
    struct cli_setup s;
    struct api_error err = {0};
    cr_assert_eq(cli_setup_load(&s, NULL, &err), 0, "%s", api_error_message(&err));
    cr_expect_not(s.have_file);
    cr_expect_eq(s.config.n_profiles, 1);
    cr_expect_str_eq(s.config.default_profile, "default");
    cr_expect_str_eq(s.notice, "");
    cli_setup_free(&s);

    cr_assert_eq(mkdir(in_root("sendx-tui"), 0700), 0);
    write_file(in_root("sendx-tui/config.yaml"),
               "colours: x\nprofiles:\n  a:\n    pagesize: 3\n    theme: default\n", 0600);
    cr_assert_eq(cli_setup_load(&s, NULL, &err), 0, "%s", api_error_message(&err));
    cr_expect(s.have_file);
    cr_expect_str_eq(s.notice, "config: 2 warnings (sendx-tui --check-config lists them)");
    cli_setup_free(&s);

    write_file(in_root("sendx-tui/config.yaml"), "profiles:\n  a:\n    theme: nosuch\n", 0600);
    cr_expect_eq(cli_setup_load(&s, NULL, &err), -1, "a theme no directory holds");
    cr_expect_eq(s.diags.errors, 1);
    cr_expect_eq(err.kind, API_OK, "the file's errors are in diags");
    cli_setup_free(&s);
}

/* ---- docs/config.md against the key map ----------------------------------- */

/* A row of the table of actions: "| context | `action` | `k` `k` | help |". */
struct doc_row {
    char context[32], action[64], keys[256], help[256];
    bool seen;
};

/* The text of a table cell, trimmed, into out. */
static const char *cell(const char *p, char *out, size_t n)
{
    while (*p == ' ')
        p++;
    size_t len = strcspn(p, "|");
    size_t end = len;
    while (end > 0 && p[end - 1] == ' ')
        end--;
    snprintf(out, n, "%.*s", (int)end, p);
    return p[len] == '|' ? p + len + 1 : p + len;
}

/* The backquoted words of text, space-separated, as keymap_keys_of writes
 * keys. */
static void unquote(const char *text, char *out, size_t n)
{
    out[0] = '\0';
    for (const char *p = strchr(text, '`'); p; p = strchr(p, '`')) {
        const char *end = strchr(p + 1, '`');
        cr_assert_not_null(end, "unbalanced ` in %s", text);
        size_t len = strlen(out);
        snprintf(out + len, n - len, "%s%.*s", len ? " " : "", (int)(end - p - 1), p + 1);
        p = end + 1;
    }
}

static size_t read_doc_rows(struct doc_row *rows, size_t max)
{
    FILE *f = fopen(SOURCE_DIR "/docs/config.md", "r");
    cr_assert_not_null(f);
    char line[1024];
    size_t n = 0;
    bool in_table = false;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "| context | action | default keys |", 35) == 0) {
            in_table = true;
            continue;
        }
        if (!in_table || strncmp(line, "|---", 4) == 0)
            continue;
        if (line[0] != '|')
            break;
        cr_assert_lt(n, max);
        struct doc_row *r = &rows[n++];
        char action[64], keys[256];
        const char *p = cell(line + 1, r->context, sizeof r->context);
        p = cell(p, action, sizeof action);
        p = cell(p, keys, sizeof keys);
        line[strcspn(line, "\n")] = '\0';
        cell(p, r->help, sizeof r->help);
        unquote(action, r->action, sizeof r->action);
        unquote(keys, r->keys, sizeof r->keys);
    }
    fclose(f);
    return n;
}

static struct doc_row *doc_find(struct doc_row *rows, size_t n, const char *context,
                                const char *action)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i].context, context) && !strcmp(rows[i].action, action))
            return &rows[i];
    return NULL;
}

Test(docs, the_table_of_actions_is_the_key_maps_defaults)
{
    static struct doc_row rows[512];
    size_t n = read_doc_rows(rows, 512);
    cr_assert_gt(n, 50, "the table is found in docs/config.md");
    struct keymap km = {0};
    cr_assert_eq(keymap_defaults(&km), 0);
    for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
        bool any = false;
        for (int c = 0; c < KEYMAP_CONTEXT_COUNT; c++) {
            char keys[256];
            if (keymap_keys_of(&km, (enum keymap_context)c, (enum action)a, keys, sizeof keys) == 0)
                continue;
            any = true;
            const char *ctx = keymap_context_name((enum keymap_context)c);
            struct doc_row *r = doc_find(rows, n, ctx, action_name((enum action)a));
            cr_expect_not_null(r, "docs/config.md lacks %s %s (%s)", ctx,
                               action_name((enum action)a), keys);
            if (!r)
                continue;
            r->seen = true;
            cr_expect_str_eq(r->keys, keys, "%s %s", ctx, action_name((enum action)a));
            cr_expect_str_eq(r->help, action_help((enum action)a), "%s", r->action);
        }
        if (any)
            continue;
        struct doc_row *r = doc_find(rows, n, "—", action_name((enum action)a));
        cr_expect_not_null(r, "docs/config.md lacks %s, which has no default key",
                           action_name((enum action)a));
        if (r) {
            r->seen = true;
            cr_expect_str_eq(r->keys, "", "%s has no default key", r->action);
            cr_expect_str_eq(r->help, action_help((enum action)a), "%s", r->action);
        }
    }
    for (size_t i = 0; i < n; i++)
        cr_expect(rows[i].seen, "docs/config.md has %s %s, which the code does not",
                  rows[i].context, rows[i].action);
    keymap_free(&km);
}
