#include "config/config.h"
#include "config/yaml.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api/api_error.h"

/* A small vocabulary standing in for the app's tables. */
static const char *const actions[] = {"row.down", "row.up",      "pane.lists", "pane.tags",
                                      "app.quit", "help.toggle", NULL};
static const char *const contexts[] = {"global", "table",  "detail",  "help", "prompt",
                                       "form",   "picker", "confirm", "diff", NULL};

/* Bare characters are themselves; <space> is ' ', so two spellings of one
 * key meet. */
static int fake_key_parse(const char *s)
{
    static const struct {
        const char *name;
        int key;
    } named[] = {{"<space>", ' '}, {"<enter>", '\r'}, {"<down>", 1000},
                 {"<up>", 1001},   {"<c-n>", 14},     {"<s-tab>", 1002}};
    if (strlen(s) == 1 && s[0] >= ' ' && s[0] < 0x7f)
        return s[0];
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strcmp(named[i].name, s) == 0)
            return named[i].key;
    return -1;
}

static bool fake_is_column(void *ctx, const char *pane, const char *title)
{
    if (strcmp(pane, "contacts") == 0)
        return !strcmp(title, "EMAIL") || !strcmp(title, "NAME");
    return strcmp(title, "NAME") == 0;
}

static bool fake_is_theme(void *ctx, const char *name)
{
    return !strcmp(name, "default") || !strcmp(name, "light") || !strcmp(name, "gruvbox");
}

static const struct config_vocab vocab = {
    .actions = actions,
    .contexts = contexts,
    .key_parse = fake_key_parse,
    .is_column = fake_is_column,
    .is_theme = fake_is_theme,
};

static int load(const char *text, struct config *cfg, struct config_diags *d)
{
    return config_load_string("t.yaml", text, strlen(text), &vocab, cfg, d);
}

/* All the diagnostics, for a failing assertion's message. */
static const char *all(const struct config_diags *d)
{
    static char buf[8192];
    buf[0] = '\0';
    for (size_t i = 0; i < d->len; i++) {
        strncat(buf, d->items[i].text, sizeof buf - strlen(buf) - 2);
        strcat(buf, "\n");
    }
    return buf;
}

static bool has(const struct config_diags *d, const char *text)
{
    for (size_t i = 0; i < d->len; i++)
        if (strcmp(d->items[i].text, text) == 0)
            return true;
    return false;
}

/* Loads text expecting it refused with exactly this message among others. */
static void expect_error(const char *text, const char *message)
{
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(load(text, &cfg, &d), -1, "loaded: %s", text);
    cr_assert_geq(d.errors, 1);
    cr_assert(has(&d, message), "want <%s>, got:\n%s", message, all(&d));
    cr_assert_null(cfg.profiles, "a refused config is left empty");
    diags_free(&d);
}

static char *temp_file(const char *text, mode_t mode)
{
    char *path = strdup("/tmp/test_config_XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    size_t n = strlen(text);
    cr_assert_eq(write(fd, text, n), (ssize_t)n);
    close(fd);
    cr_assert_eq(chmod(path, mode), 0);
    return path;
}

/* --- the YAML tree --- */

Test(yaml, tree_with_places)
{
    const char *text = "a: 1\nb:\n  - x\n  - 'true'\nc: {d: ~}\n";
    struct yaml_doc doc;
    struct api_error err = {0};
    cr_assert_eq(yaml_load_string("t.yaml", text, strlen(text), &doc, &err), 0, "%s",
                 api_error_message(&err));
    const struct yaml_value *root = doc.root;
    cr_assert_eq(root->kind, YAML_VALUE_MAP);
    cr_assert_eq(root->len, 3);
    cr_assert_str_eq(yaml_scalar(yaml_map_get(root, "a")), "1");
    const struct yaml_value *b = yaml_map_get(root, "b");
    cr_assert_eq(b->kind, YAML_VALUE_SEQ);
    cr_assert_eq(b->len, 2);
    cr_assert_eq(b->items[1].line, 4);
    cr_assert_eq(b->items[1].column, 5);
    cr_assert(b->items[0].plain);
    cr_assert_not(b->items[1].plain, "a quoted scalar is not plain");
    cr_assert_str_eq(b->items[1].file, "t.yaml");
    cr_assert(yaml_is_null(yaml_map_get(yaml_map_get(root, "c"), "d")));
    cr_assert_null(yaml_map_get(root, "zz"));
    cr_assert_null(yaml_scalar(b));
    cr_assert_str_eq(yaml_kind_name(b->kind), "a list");
    yaml_doc_free(&doc);
    yaml_doc_free(&doc);
}

Test(yaml, empty_document_has_no_root)
{
    struct yaml_doc doc;
    struct api_error err = {0};
    cr_assert_eq(yaml_load_string("e.yaml", "# nothing\n", 10, &doc, &err), 0);
    cr_assert_null(doc.root);
    yaml_doc_free(&doc);
}

static void expect_yaml_error(const char *text, const char *message)
{
    struct yaml_doc doc;
    struct api_error err = {0};
    cr_assert_eq(yaml_load_string("t.yaml", text, strlen(text), &doc, &err), -1);
    cr_assert_str_eq(api_error_message(&err), message);
    cr_assert_null(doc.root);
    cr_assert_null(doc.name);
    api_error_clear(&err);
}

Test(yaml, syntax_error_names_place_and_libyaml_words)
{
    expect_yaml_error("a: [1, 2\nb: 3\n",
                      "t.yaml:2:2: did not find expected ',' or ']' (while parsing a flow "
                      "sequence at line 1)");
    expect_yaml_error("a: 1\n b: 2\n",
                      "t.yaml:2:3: mapping values are not allowed in this context");
}

Test(yaml, invalid_utf8_names_place)
{
    expect_yaml_error("a: 1\nb: x\xff\n", "t.yaml:2:5: invalid leading UTF-8 octet");
}

Test(yaml, anchors_and_aliases_refused)
{
    expect_yaml_error("a: &x 1\nb: *x\n", "t.yaml:1:4: anchors and aliases are not supported");
    expect_yaml_error("a: 1\nb: *x\n", "t.yaml:2:4: anchors and aliases are not supported");
}

Test(yaml, repeated_key_names_both_lines)
{
    expect_yaml_error("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: \"a\" is given twice (first at line 1)");
}

Test(yaml, key_must_be_text)
{
    expect_yaml_error("? [a]\n: 1\n", "t.yaml:1:3: a mapping key must be plain text");
}

Test(yaml, one_document_only)
{
    expect_yaml_error("a: 1\n---\nb: 2\n", "t.yaml:2:1: only one document is allowed in a file");
}

static char *nested(int depth)
{
    char *s = malloc((size_t)depth * 2 + 2);
    for (int i = 0; i < depth; i++)
        s[i] = '[';
    for (int i = 0; i < depth; i++)
        s[depth + i] = ']';
    s[2 * depth] = '\0';
    return s;
}

Test(yaml, nesting_capped)
{
    char *ok = nested(YAML_MAX_DEPTH);
    struct yaml_doc doc;
    struct api_error err = {0};
    cr_assert_eq(yaml_load_string("t.yaml", ok, strlen(ok), &doc, &err), 0);
    yaml_doc_free(&doc);
    free(ok);
    char *deep = nested(100000);
    cr_assert_eq(yaml_load_string("t.yaml", deep, strlen(deep), &doc, &err), -1);
    cr_assert_str_eq(api_error_message(&err), "t.yaml:1:33: nested deeper than 32 levels");
    api_error_clear(&err);
    free(deep);
}

Test(yaml, oversize_file_refused_before_parsing)
{
    size_t n = YAML_MAX_FILE_BYTES + 1;
    char *big = malloc(n + 1);
    memset(big, '#', n);
    big[n] = '\0';
    char *path = temp_file(big, 0600);
    struct yaml_doc doc;
    struct api_error err = {0};
    cr_assert_eq(yaml_load_file(path, &doc, &err), -1);
    char want[256];
    snprintf(want, sizeof want, "%s: too large (262145 bytes; the limit is 256 KiB)", path);
    cr_assert_str_eq(api_error_message(&err), want);
    api_error_clear(&err);
    cr_assert_eq(yaml_load_string("s", big, n, &doc, &err), -1);
    cr_assert_str_eq(api_error_message(&err), "s: too large (262145 bytes; the limit is 256 KiB)");
    api_error_clear(&err);
    unlink(path);
    free(path);
    free(big);
}

Test(yaml, missing_file_and_directory)
{
    struct yaml_doc doc;
    struct api_error err = {0};
    cr_assert_eq(yaml_load_file("/nonexistent/c.yaml", &doc, &err), -1);
    cr_assert_str_eq(api_error_message(&err), "/nonexistent/c.yaml: No such file or directory");
    cr_assert_eq(yaml_load_file("/tmp", &doc, &err), -1);
    cr_assert_str_eq(api_error_message(&err), "/tmp: not a regular file");
    api_error_clear(&err);
}

/* --- config.yaml --- */

static const char full[] = "default_profile: acme\n"
                           "theme: light\n"
                           "profiles:\n"
                           "  acme:\n"
                           "    base_url: https://api.example.com/v1\n"
                           "    api_key_cmd: [pass, show, sendx/acme]\n"
                           "    ca_file: /etc/ssl/acme.pem\n"
                           "    readonly: true\n"
                           "    theme: gruvbox\n"
                           "    start_pane: campaigns\n"
                           "    page_size: 250\n"
                           "    columns:\n"
                           "      contacts: [NAME, EMAIL]\n"
                           "      tags: [NAME]\n"
                           "  test:\n"
                           "    base_url: http://127.0.0.1:8080\n"
                           "    api_key: \"k 1\"\n"
                           "keys:\n"
                           "  global:\n"
                           "    pane.lists: [\"2\", L]\n"
                           "    pane.tags: []\n"
                           "  table:\n"
                           "    row.down: [j, <down>, <c-n>]\n"
                           "    row.up: k\n";

Test(config, every_option_parsed)
{
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(load(full, &cfg, &d), 0, "%s", all(&d));
    cr_assert_eq(d.len, 0, "%s", all(&d));
    cr_assert_str_eq(cfg.path, "t.yaml");
    cr_assert_str_eq(cfg.default_profile, "acme");
    cr_assert_str_eq(cfg.theme, "light");
    cr_assert_eq(cfg.n_profiles, 2);
    const struct config_profile *p = config_profile_find(&cfg, "acme");
    cr_assert_eq(p, &cfg.profiles[0]);
    cr_assert_eq(p->at.line, 4);
    cr_assert_str_eq(p->base_url, "https://api.example.com/v1");
    cr_assert_null(p->api_key);
    cr_assert_eq(p->n_api_key_cmd, 3);
    cr_assert_str_eq(p->api_key_cmd[0], "pass");
    cr_assert_str_eq(p->api_key_cmd[2], "sendx/acme");
    cr_assert_null(p->api_key_cmd[3]);
    cr_assert_str_eq(p->ca_file, "/etc/ssl/acme.pem");
    cr_assert(p->readonly);
    cr_assert_str_eq(p->theme, "gruvbox");
    cr_assert_str_eq(p->start_pane, "campaigns");
    cr_assert(p->start_pane_given);
    cr_assert_eq(p->page_size, 250);
    cr_assert_eq(p->n_columns, 2);
    cr_assert_str_eq(p->columns[0].pane, "contacts");
    cr_assert_eq(p->columns[0].n_titles, 2);
    cr_assert_str_eq(p->columns[0].titles[0], "NAME");
    cr_assert_str_eq(p->columns[0].titles[1], "EMAIL");
    cr_assert_str_eq(p->columns[1].pane, "tags");

    const struct config_profile *t = config_profile_find(&cfg, "test");
    cr_assert_str_eq(t->base_url, "http://127.0.0.1:8080");
    cr_assert_str_eq(t->api_key, "k 1");
    cr_assert_str_eq(t->theme, "light", "a profile without a theme takes the file's");
    cr_assert_not(t->readonly);
    cr_assert_eq(t->page_size, CONFIG_DEFAULT_PAGE_SIZE);
    cr_assert_str_eq(t->start_pane, "contacts");
    cr_assert_not(t->start_pane_given, "the default, not the file's choice");
    cr_assert_null(config_profile_find(&cfg, "nope"));

    cr_assert_eq(cfg.n_bindings, 4);
    const struct config_binding *b = &cfg.bindings[0];
    cr_assert_str_eq(b->context, "global");
    cr_assert_str_eq(b->action, "pane.lists");
    cr_assert_eq(b->n_keys, 2);
    cr_assert_str_eq(b->keys[0], "2");
    cr_assert_str_eq(b->keys[1], "L");
    cr_assert_eq(b->at.line, 20);
    cr_assert_eq(b->at.column, 5);
    cr_assert_str_eq(cfg.bindings[1].action, "pane.tags");
    cr_assert_eq(cfg.bindings[1].n_keys, 0, "[] unbinds");
    cr_assert_str_eq(cfg.bindings[2].context, "table");
    cr_assert_eq(cfg.bindings[2].n_keys, 3);
    cr_assert_str_eq(cfg.bindings[2].keys[2], "<c-n>");
    cr_assert_eq(cfg.bindings[3].n_keys, 1, "one key alone is a list of one");
    cr_assert_str_eq(cfg.bindings[3].keys[0], "k");
    config_free(&cfg);
    diags_free(&d);
}

Test(config, empty_file_gives_defaults)
{
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(load("", &cfg, &d), 0);
    cr_assert_str_eq(cfg.default_profile, CONFIG_DEFAULT_PROFILE);
    cr_assert_str_eq(cfg.theme, CONFIG_DEFAULT_THEME);
    cr_assert_eq(cfg.n_profiles, 1);
    const struct config_profile *p = &cfg.profiles[0];
    cr_assert_str_eq(p->name, CONFIG_DEFAULT_PROFILE);
    cr_assert_str_eq(p->base_url, CONFIG_DEFAULT_BASE_URL);
    cr_assert_str_eq(p->theme, CONFIG_DEFAULT_THEME);
    cr_assert_str_eq(p->start_pane, CONFIG_DEFAULT_START_PANE);
    cr_assert_eq(p->page_size, CONFIG_DEFAULT_PAGE_SIZE);
    cr_assert_eq(cfg.n_bindings, 0);
    config_free(&cfg);
    config_free(&cfg);
}

Test(config, defaults_without_a_file)
{
    struct config cfg;
    struct api_error err = {0};
    cr_assert_eq(config_defaults(&cfg, &err), 0);
    cr_assert_null(cfg.path);
    cr_assert_str_eq(cfg.default_profile, CONFIG_DEFAULT_PROFILE);
    cr_assert_eq(cfg.n_profiles, 1);
    cr_assert_str_eq(cfg.profiles[0].theme, CONFIG_DEFAULT_THEME);
    config_free(&cfg);
}

Test(config, first_profile_is_the_default)
{
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(load("profiles:\n  b: {}\n  a:\n", &cfg, &d), 0, "%s", all(&d));
    cr_assert_str_eq(cfg.default_profile, "b");
    cr_assert_eq(cfg.n_profiles, 2);
    config_free(&cfg);
}

Test(config, unknown_option_warns_with_did_you_mean_and_loads)
{
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(load("themes: light\nprofiles:\n  a:\n    colums: {}\n    page_size: 7\n"
                      "    frobnicate: 1\n",
                      &cfg, &d),
                 0, "%s", all(&d));
    cr_assert_eq(d.errors, 0);
    cr_assert_eq(d.len, 3, "%s", all(&d));
    cr_assert(has(&d, "t.yaml:1:1: warning: unknown option \"themes\" (did you mean \"theme\"?)"),
              "%s", all(&d));
    cr_assert(has(&d, "t.yaml:4:5: warning: unknown option \"colums\" (did you mean "
                      "\"columns\"?)"),
              "%s", all(&d));
    cr_assert(has(&d, "t.yaml:6:5: warning: unknown option \"frobnicate\""), "%s", all(&d));
    cr_assert_eq(d.items[0].severity, CONFIG_WARNING);
    cr_assert_eq(cfg.profiles[0].page_size, 7, "the rest still loads");
    config_free(&cfg);
    diags_free(&d);
}

Test(config, bad_yaml_names_place)
{
    expect_error("profiles:\n  a: [\n", "t.yaml:3:1: did not find expected node content (while "
                                        "parsing a flow node at line 3)");
}

Test(config, wrong_types)
{
    expect_error("- a\n", "t.yaml:1:1: the file must be a mapping of options, not a list");
    expect_error("profiles: [a]\n",
                 "t.yaml:1:11: profiles must be a mapping (name: value), not a list");
    expect_error("profiles:\n  a: x\n",
                 "t.yaml:2:6: a profile must be a mapping (name: value), not text");
    expect_error("profiles:\n  a:\n    base_url: {x: 1}\n",
                 "t.yaml:3:15: base_url must be text, not a mapping");
    expect_error("profiles:\n  a:\n    ca_file:\n", "t.yaml:3:13: ca_file has no value");
    expect_error("profiles:\n  a:\n    readonly: yes\n",
                 "t.yaml:3:15: readonly must be true or false");
    expect_error("profiles:\n  a:\n    readonly: \"true\"\n",
                 "t.yaml:3:15: readonly must be true or false");
    expect_error("profiles:\n  a:\n    api_key_cmd: pass show x\n",
                 "t.yaml:3:18: api_key_cmd must be a command and its arguments as a list, run "
                 "without a shell, e.g. [pass, show, sendx/acme]");
    expect_error("profiles:\n  a:\n    api_key_cmd: [pass, [x]]\n",
                 "t.yaml:3:25: an argument of api_key_cmd must be text, not a list");
    expect_error("keys: [a]\n", "t.yaml:1:7: keys must be a mapping (name: value), not a list");
    expect_error("keys:\n  table: [j]\n",
                 "t.yaml:2:10: table must be a mapping (name: value), not a list");
    expect_error("keys:\n  table:\n    row.up:\n",
                 "t.yaml:3:12: row.up must be a list of keys ([] unbinds it)");
    expect_error("keys:\n  table:\n    row.up: [[j]]\n",
                 "t.yaml:3:14: a key must be text, not a list");
}

Test(config, out_of_range)
{
    const char *msg = "t.yaml:3:16: page_size must be a number from 1 to 1000";
    expect_error("profiles:\n  a:\n    page_size: 0\n", msg);
    expect_error("profiles:\n  a:\n    page_size: 1001\n", msg);
    expect_error("profiles:\n  a:\n    page_size: 12abc\n", msg);
    expect_error("profiles:\n  a:\n    page_size: 99999999999999999999\n", msg);
}

Test(config, unknown_names_in_values)
{
    expect_error("profiles:\n  a:\n    start_pane: campains\n",
                 "t.yaml:3:17: unknown pane \"campains\" (did you mean \"campaigns\"?)");
    expect_error("profiles:\n  a:\n    columns:\n      contact: [NAME]\n",
                 "t.yaml:4:7: unknown pane \"contact\" (did you mean \"contacts\"?)");
    expect_error("profiles:\n  a:\n    columns:\n      contacts: [NAME, PHONE]\n",
                 "t.yaml:4:24: contacts has no column \"PHONE\"");
    expect_error("profiles:\n  a:\n    columns:\n      contacts: []\n",
                 "t.yaml:4:17: the columns of contacts must be a list of one or more titles");
    expect_error("theme: dracula\n", "t.yaml:1:8: unknown theme \"dracula\"");
    expect_error("profiles:\n  a:\n    theme: nope\n", "t.yaml:3:12: unknown theme \"nope\"");
}

Test(config, base_url_policy)
{
    expect_error("profiles:\n  a:\n    base_url: http://api.example.com\n",
                 "t.yaml:3:15: base_url: refusing http://api.example.com: plain http is only "
                 "allowed to loopback hosts (the API key would travel unencrypted); use https://");
}

Test(config, api_key_rules)
{
    expect_error("profiles:\n  a:\n    api_key: x\n    api_key_cmd: [pass]\n",
                 "t.yaml:4:18: give api_key or api_key_cmd, not both");
    expect_error("profiles:\n  a:\n    api_key: <set>\n",
                 "t.yaml:3:14: api_key is <set>, as --print-config shows it: put the key there, "
                 "or use api_key_cmd");
    expect_error("profiles:\n  a:\n    api_key: ''\n", "t.yaml:3:14: api_key is empty");
}

Test(config, unknown_context_and_action)
{
    expect_error("keys:\n  tabel:\n    row.up: [k]\n",
                 "t.yaml:2:3: unknown key context \"tabel\" (did you mean \"table\"?)");
    expect_error("keys:\n  table:\n    row.dwn: [k]\n",
                 "t.yaml:3:5: unknown action \"row.dwn\" (did you mean \"row.down\"?)");
    expect_error("keys:\n  table:\n    launch.rockets: [k]\n",
                 "t.yaml:3:5: unknown action \"launch.rockets\"");
}

Test(config, bad_key_notation)
{
    expect_error("keys:\n  table:\n    row.up: [k, <ctrl-k>]\n",
                 "t.yaml:3:17: \"<ctrl-k>\" is not a key (write j, G, <down>, <c-d>, <s-tab>, "
                 "<f5>, <enter>, <esc>, <space>)");
}

Test(config, two_actions_on_one_key_name_both_lines)
{
    expect_error("keys:\n  table:\n    row.down: [j, <down>]\n    row.up: [k, <down>]\n",
                 "t.yaml:4:17: key \"<down>\" is bound to both row.down (line 3) and row.up "
                 "(line 4) in table");
    /* Two spellings of one key are one key. */
    expect_error("keys:\n  global:\n    app.quit: [\" \"]\n    help.toggle: [<space>]\n",
                 "t.yaml:4:19: key \"<space>\" is bound to both app.quit (line 3) and "
                 "help.toggle (line 4) in global");
}

Test(config, same_key_in_other_contexts_is_fine)
{
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(
        load("keys:\n  table:\n    row.down: [j, j]\n  detail:\n    row.up: [j]\n", &cfg, &d), 0,
        "%s", all(&d));
    cr_assert_eq(cfg.n_bindings, 2);
    config_free(&cfg);
}

Test(config, one_action_twice_in_a_context)
{
    expect_error("keys:\n  table:\n    row.up: [k]\n    row.up: [K]\n",
                 "t.yaml:4:5: \"row.up\" is given twice (first at line 3)");
}

Test(config, missing_default_profile)
{
    expect_error("default_profile: acmee\nprofiles:\n  acme: {}\n  beta: {}\n",
                 "t.yaml:1:18: default_profile \"acmee\" is not a profile (did you mean "
                 "\"acme\"?)");
    expect_error("default_profile: acme\n",
                 "t.yaml:1:18: default_profile names a profile, but there are no profiles");
}

Test(config, every_error_at_once)
{
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(load("theme: dracula\nprofiles:\n  a:\n    page_size: 0\n    readonly: 2\n"
                      "keys:\n  tabel: {}\n  table:\n    row.up: [<bad>]\n",
                      &cfg, &d),
                 -1);
    cr_assert_eq(d.errors, 5, "%s", all(&d));
    cr_assert_eq(d.len, 5);
    cr_assert_eq(d.items[1].at.line, 4);
    cr_assert_eq(d.items[1].at.column, 16);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    diags_print(&d, out);
    fclose(out);
    cr_assert(strstr(text, "t.yaml:1:8: unknown theme \"dracula\"\nt.yaml:4:16: page_size"), "%s",
              text);
    free(text);
    diags_free(&d);
}

Test(config, load_from_file)
{
    char *path = temp_file("profiles:\n  a:\n    page_size: 5\n", 0600);
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(config_load(path, &vocab, &cfg, &d), 0, "%s", all(&d));
    cr_assert_str_eq(cfg.path, path);
    cr_assert_eq(cfg.profiles[0].page_size, 5);
    config_free(&cfg);
    unlink(path);
    free(path);
}

Test(config, oversize_and_deep_files_refused)
{
    size_t n = YAML_MAX_FILE_BYTES + 100;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    big[n] = '\0';
    char *path = temp_file(big, 0600);
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(config_load(path, &vocab, &cfg, &d), -1);
    cr_assert_eq(d.len, 1);
    cr_assert(strstr(d.items[0].text, ": too large (262244 bytes; the limit is 256 KiB)"), "%s",
              all(&d));
    diags_free(&d);
    unlink(path);
    free(path);
    free(big);

    char *deep = nested(50);
    char *text = malloc(strlen(deep) + 16);
    sprintf(text, "keys: %s\n", deep);
    expect_error(text, "t.yaml:1:38: nested deeper than 32 levels");
    free(text);
    free(deep);
}

Test(config, aliases_refused)
{
    expect_error("keys:\n  table: &t\n    row.up: [k]\n  detail: *t\n",
                 "t.yaml:2:10: anchors and aliases are not supported");
}

/* --- --print-config --- */

static char *printed(const struct config *cfg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    cr_assert_eq(config_print(cfg, out), 0);
    fclose(out);
    return text;
}

Test(config, print_reads_back_the_same)
{
    const char *text = "theme: light\nprofiles:\n  \"odd \\\"name\\\"\":\n    base_url: "
                       "https://x.example:8443/v1\n    ca_file: \"C:\\\\x\\tY\"\n    api_key_cmd: "
                       "[sh, '-c', 'echo \"#x\"']\n    readonly: true\n    page_size: 3\n"
                       "    columns:\n      contacts: [EMAIL]\n  b: {}\n"
                       "keys:\n  table:\n    row.up: [\"#\", \"'\", \":\", \"\\\"\", <space>]\n"
                       "  global:\n    pane.tags: []\n";
    struct config a, b;
    struct config_diags d = {0};
    cr_assert_eq(load(text, &a, &d), 0, "%s", all(&d));
    char *once = printed(&a);
    cr_assert_eq(load(once, &b, &d), 0, "%s\n%s", all(&d), once);
    char *twice = printed(&b);
    cr_assert_str_eq(once, twice);
    cr_assert_str_eq(b.profiles[0].name, "odd \"name\"");
    cr_assert_str_eq(b.profiles[0].ca_file, "C:\\x\tY");
    cr_assert_str_eq(b.profiles[0].api_key_cmd[2], "echo \"#x\"");
    cr_assert(b.profiles[0].readonly);
    cr_assert_eq(b.profiles[0].page_size, 3);
    cr_assert_str_eq(b.profiles[0].columns[0].titles[0], "EMAIL");
    cr_assert_str_eq(b.profiles[1].theme, "light");
    cr_assert_str_eq(b.default_profile, "odd \"name\"");
    cr_assert_eq(b.n_bindings, 2);
    cr_assert_eq(b.bindings[0].n_keys, 5);
    cr_assert_str_eq(b.bindings[0].keys[0], "#");
    cr_assert_str_eq(b.bindings[0].keys[3], "\"");
    cr_assert_eq(b.bindings[1].n_keys, 0);
    free(once);
    free(twice);
    config_free(&a);
    config_free(&b);
}

Test(config, print_hides_the_key)
{
    struct config cfg;
    struct config_diags d = {0};
    cr_assert_eq(load("profiles:\n  a:\n    api_key: s3cret-key\n", &cfg, &d), 0, "%s", all(&d));
    char *text = printed(&cfg);
    cr_assert_null(strstr(text, "s3cret"));
    cr_assert(strstr(text, "    api_key: <set>\n"), "%s", text);
    cr_assert(strstr(text, "    page_size: 100\n"), "defaults filled in:\n%s", text);
    cr_assert(strstr(text, "    base_url: \"" CONFIG_DEFAULT_BASE_URL "\"\n"), "%s", text);
    struct config back;
    cr_assert_eq(load(text, &back, &d), -1, "the placeholder is not taken for a key");
    free(text);
    config_free(&cfg);
    diags_free(&d);
}

/* --- the key's sources --- */

Test(secret, readable_key_file_refused_with_chmod)
{
    char *path = temp_file("profiles:\n  a:\n    api_key: x\n", 0644);
    struct api_error err = {0};
    cr_assert_eq(config_key_file_ok(path, &err), -1);
    cr_assert_eq(err.kind, API_ERR_POLICY);
    char want[256];
    snprintf(want, sizeof want,
             "%s holds an api_key but others can get at it (mode 0644): run "
             "chmod 600 %s",
             path, path);
    cr_assert_str_eq(api_error_message(&err), want);
    api_error_clear(&err);
    cr_assert_eq(chmod(path, 0640), 0);
    cr_assert_eq(config_key_file_ok(path, &err), -1, "group may not read it either");
    api_error_clear(&err);
    cr_assert_eq(chmod(path, 0600), 0);
    cr_assert_eq(config_key_file_ok(path, &err), 0);
    unlink(path);
    free(path);
}

static int run(char *const argv[], int timeout_ms, char **key, struct api_error *err)
{
    return config_run_key_cmd(argv, timeout_ms, key, err);
}

Test(secret, key_cmd_output_trimmed)
{
    char *argv[] = {"printf", "  key123\\n", NULL};
    char *key = NULL;
    struct api_error err = {0};
    cr_assert_eq(run(argv, 5000, &key, &err), 0, "%s", api_error_message(&err));
    cr_assert_str_eq(key, "key123");
    free(key);
}

Test(secret, key_cmd_failure)
{
    char *argv[] = {"sh", "-c", "echo secret-ish; exit 3", NULL};
    char *key = NULL;
    struct api_error err = {0};
    cr_assert_eq(run(argv, 5000, &key, &err), -1);
    cr_assert_null(key);
    cr_assert_str_eq(api_error_message(&err), "api_key_cmd: sh exited with status 3");
    api_error_clear(&err);
    char *no[] = {"false", NULL};
    cr_assert_eq(run(no, 5000, &key, &err), -1);
    cr_assert_str_eq(api_error_message(&err), "api_key_cmd: false exited with status 1");
    api_error_clear(&err);
}

Test(secret, key_cmd_cannot_start)
{
    char *argv[] = {"/nonexistent/pass", "show", NULL};
    char *key = NULL;
    struct api_error err = {0};
    cr_assert_eq(run(argv, 5000, &key, &err), -1);
    cr_assert_str_eq(api_error_message(&err),
                     "api_key_cmd: cannot run /nonexistent/pass: No such file or directory");
    api_error_clear(&err);
}

/* A command spawned but not found exits 127 (a shell's convention, and
 * posix_spawnp's where the lookup happens in the child): said as such. */
Test(secret, key_cmd_exiting_127_asks_whether_it_is_installed)
{
    char *argv[] = {"sh", "-c", "exit 127", NULL};
    char *key = NULL;
    struct api_error err = {0};
    cr_assert_eq(run(argv, 5000, &key, &err), -1);
    cr_assert_str_eq(api_error_message(&err),
                     "api_key_cmd: sh exited with status 127: is it installed, and in PATH?");
    api_error_clear(&err);
}

Test(secret, key_cmd_killed_by_signal)
{
    char *argv[] = {"sh", "-c", "kill -TERM $$", NULL};
    char *key = NULL;
    struct api_error err = {0};
    cr_assert_eq(run(argv, 5000, &key, &err), -1);
    cr_assert_str_eq(api_error_message(&err), "api_key_cmd: sh was killed by signal 15");
    api_error_clear(&err);
}

static long long ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

Test(secret, key_cmd_timeout_kills_it)
{
    char *argv[] = {"sleep", "5", NULL};
    char *key = NULL;
    struct api_error err = {0};
    long long start = ms_now();
    cr_assert_eq(run(argv, 200, &key, &err), -1);
    long long took = ms_now() - start;
    cr_assert_geq(took, 200);
    cr_assert_lt(took, 2000, "took %lld ms", took);
    cr_assert_str_eq(api_error_message(&err),
                     "api_key_cmd: sleep did not finish within 200 ms and was stopped");
    api_error_clear(&err);
}

Test(secret, key_cmd_lingering_after_output_is_stopped)
{
    char *argv[] = {"sh", "-c", "echo key; exec >&-; sleep 5", NULL};
    char *key = NULL;
    struct api_error err = {0};
    long long start = ms_now();
    cr_assert_eq(run(argv, 300, &key, &err), -1);
    cr_assert_lt(ms_now() - start, 2000);
    cr_assert_str_eq(api_error_message(&err),
                     "api_key_cmd: sh did not exit within 300 ms and was stopped");
    api_error_clear(&err);
}

Test(secret, key_cmd_empty_output)
{
    char *argv[] = {"true", NULL};
    char *key = NULL;
    struct api_error err = {0};
    cr_assert_eq(run(argv, 5000, &key, &err), -1);
    cr_assert_str_eq(api_error_message(&err), "api_key_cmd: true printed no key");
    api_error_clear(&err);
    char *blank[] = {"printf", " \\n\\t", NULL};
    cr_assert_eq(run(blank, 5000, &key, &err), -1);
    cr_assert_str_eq(api_error_message(&err), "api_key_cmd: printf printed no key");
    api_error_clear(&err);
}

Test(secret, key_cmd_output_capped)
{
    char *argv[] = {"head", "-c", "100000", "/dev/zero", NULL};
    char *key = NULL;
    struct api_error err = {0};
    cr_assert_eq(run(argv, 5000, &key, &err), -1);
    cr_assert_str_eq(api_error_message(&err),
                     "api_key_cmd: head printed more than 4096 bytes, which is not a key");
    api_error_clear(&err);
}
