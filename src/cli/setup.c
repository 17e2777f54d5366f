#include "cli/setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/api_error.h"
#include "app/settings.h"
#include "ui/theme.h"

#define CONFIG_FILE_IN_DIR "sendx-tui/config.yaml"

static char *join(const char *dir, const char *rest)
{
    size_t a = strlen(dir), b = strlen(rest);
    char *path = malloc(a + b + 1);
    if (path) {
        memcpy(path, dir, a);
        memcpy(path + a, rest, b + 1);
    }
    return path;
}

char *cli_setup_config_path(const char *given, struct api_error *err)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char *path = NULL;
    if (given)
        path = strdup(given);
    else if (xdg && xdg[0] == '/')
        path = join(xdg, "/" CONFIG_FILE_IN_DIR);
    else if (home && home[0] == '/')
        path = join(home, "/.config/" CONFIG_FILE_IN_DIR);
    else
        return NULL;
    if (!path)
        api_error_nomem(err);
    return path;
}

bool cli_setup_is_theme(const struct theme_set *themes, const char *name)
{
    return strcmp(name, CONFIG_DEFAULT_THEME) == 0 || theme_set_find(themes, name) != NULL;
}

static bool is_theme(void *themes, const char *name)
{
    return cli_setup_is_theme(themes, name);
}

static int load_themes(struct cli_setup *s, struct api_error *err)
{
    s->theme_store = malloc(sizeof *s->theme_store);
    if (!s->theme_store)
        return api_error_nomem(err);
    theme_search_dirs(&s->theme_dirs, s->theme_store);
    return theme_set_load(&s->themes, &s->theme_dirs, theme_slot_names(), err);
}

/* Whether there is a file at path to read. Only its absence means the
 * defaults: a file that is there but cannot be read is config_load's to
 * report. */
static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR);
}

static void count_warnings(struct cli_setup *s)
{
    size_t warnings = s->diags.len - s->diags.errors;
    if (warnings > 0)
        snprintf(s->notice, sizeof s->notice,
                 "config: %zu warning%s (sendx-tui --check-config lists them)", warnings,
                 warnings == 1 ? "" : "s");
}

static int load_config(struct cli_setup *s, struct api_error *err)
{
    if (!s->have_file)
        return config_defaults(&s->config, err);
    struct config_vocab vocab;
    settings_vocab(&vocab);
    vocab.is_theme = is_theme;
    vocab.ctx = &s->themes;
    int rc = config_load(s->config_path, &vocab, &s->config, &s->diags);
    count_warnings(s);
    return rc;
}

int cli_setup_load(struct cli_setup *s, const char *config_arg, struct api_error *err)
{
    *s = (struct cli_setup){0};
    if (load_themes(s, err) != 0)
        return -1;
    s->config_path = cli_setup_config_path(config_arg, err);
    if (!s->config_path && err->kind != API_OK)
        return -1;
    s->have_file = s->config_path && file_exists(s->config_path);
    return load_config(s, err);
}

void cli_setup_free(struct cli_setup *s)
{
    free(s->config_path);
    config_free(&s->config);
    diags_free(&s->diags);
    theme_set_free(&s->themes);
    free(s->theme_store);
    *s = (struct cli_setup){0};
}
