#include "cli/inspect.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "api/api_error.h"
#include "app/keymap.h"
#include "app/settings.h"
#include "cli/check.h"
#include "cli/setup.h"

/* The key map in force: the defaults with the file's bindings over them. */
static int keys_in_force(struct keymap *km, const struct config *cfg, struct api_error *err)
{
    if (keymap_defaults(km) != 0)
        return api_error_fail(err, API_ERR_NOMEM, 0, "out of memory binding keys");
    return settings_apply_keys(km, cfg, err);
}

int cli_inspect_print(struct cli_setup *s, FILE *out, struct api_error *err)
{
    struct keymap km = {0};
    int rc = keys_in_force(&km, &s->config, err);
    if (rc == 0 && settings_keys_to_config(&km, &s->config) != 0)
        rc = api_error_nomem(err);
    if (rc == 0 && config_print(&s->config, out) != 0)
        rc = api_error_fail(err, API_ERR_INVALID, 0, "cannot write the configuration: %s",
                            strerror(errno));
    keymap_free(&km);
    return rc;
}

/* Writes text (lines, the last maybe without its newline); returns how
 * many lines. */
static size_t print_lines(const char *text, FILE *diag)
{
    size_t lines = 0;
    for (const char *p = text; *p; lines++) {
        size_t n = strcspn(p, "\n");
        fprintf(diag, "%.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
    return lines;
}

static size_t theme_problems(const struct theme_set *themes, FILE *diag)
{
    size_t problems = 0;
    for (size_t i = 0; i < themes->n; i++)
        if (themes->items[i].errors)
            problems += print_lines(themes->items[i].errors, diag);
    return problems;
}

/* What would stop a profile at start that a file cannot say by itself:
 * a key in a file others can read, a CA file that cannot be used. */
static size_t profile_problems(const struct config *cfg, FILE *diag)
{
    size_t problems = 0;
    bool key_in_file = false;
    struct api_error err = {0};
    for (size_t i = 0; i < cfg->n_profiles; i++) {
        const struct config_profile *p = &cfg->profiles[i];
        key_in_file = key_in_file || p->api_key;
        if (p->ca_file && cli_check_ca_file(p->ca_file, "ca_file", &err) != 0) {
            fprintf(diag, "%s:%u:%u: profile %s: %s\n", cfg->path, p->at.line, p->at.column,
                    p->name, api_error_message(&err));
            problems++;
        }
        api_error_clear(&err);
    }
    if (key_in_file && config_key_file_ok(cfg->path, &err) != 0) {
        fprintf(diag, "%s\n", api_error_message(&err));
        problems++;
    }
    api_error_clear(&err);
    return problems;
}

static size_t binding_problems(const struct config *cfg, FILE *diag)
{
    struct keymap km = {0};
    struct api_error err = {0};
    size_t problems = 0;
    if (keys_in_force(&km, cfg, &err) != 0) {
        fprintf(diag, "sendx-tui: %s\n", api_error_message(&err));
        problems++;
    }
    keymap_free(&km);
    api_error_clear(&err);
    return problems;
}

static void summary(const struct cli_setup *s, FILE *out)
{
    const struct config *cfg = &s->config;
    size_t warnings = s->diags.len - s->diags.errors;
    if (s->have_file)
        fprintf(out, "%s: ok", s->config_path);
    else
        fprintf(out, "no configuration file%s%s: the defaults", s->config_path ? " at " : "",
                s->config_path ? s->config_path : "");
    fprintf(out, ", %zu profile%s (", cfg->n_profiles, cfg->n_profiles == 1 ? "" : "s");
    for (size_t i = 0; i < cfg->n_profiles; i++)
        fprintf(out, "%s%s", i ? ", " : "", cfg->profiles[i].name);
    fprintf(out, ")");
    if (warnings)
        fprintf(out, ", %zu warning%s", warnings, warnings == 1 ? "" : "s");
    fprintf(out, "\n%zu theme%s:", s->themes.n, s->themes.n == 1 ? "" : "s");
    for (size_t i = 0; i < s->themes.n; i++)
        fprintf(out, " %s", s->themes.items[i].name);
    fprintf(out, " (looked for in");
    for (size_t i = 0; i < s->theme_dirs.count; i++)
        fprintf(out, "%s %s", i ? "," : "", s->theme_dirs.dirs[i]);
    fprintf(out, ")\n");
}

int cli_inspect_check(const char *config_arg, FILE *out, FILE *diag)
{
    struct cli_setup s;
    struct api_error err = {0};
    int loaded = cli_setup_load(&s, config_arg, &err);
    size_t problems = theme_problems(&s.themes, diag);
    diags_print(&s.diags, diag);
    problems += s.diags.errors;
    if (loaded == 0)
        problems += profile_problems(&s.config, diag) + binding_problems(&s.config, diag);
    if (err.kind != API_OK) {
        fprintf(diag, "sendx-tui: %s\n", api_error_message(&err));
        problems++;
    }
    if (problems)
        fprintf(diag, "sendx-tui: %zu problem%s in the configuration and themes\n", problems,
                problems == 1 ? "" : "s");
    else
        summary(&s, out);
    cli_setup_free(&s);
    api_error_clear(&err);
    return problems ? -1 : 0;
}
