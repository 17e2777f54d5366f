#include "cli/session.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "cli/args.h"
#include "cli/check.h"
#include "cli/names.h"
#include "cli/setup.h"
#include "config/config.h"
#include "config/theme_file.h"

#define DEMO_PROFILE "demo"

/* The strings up to NULL one after another, as a heap string (NULL if
 * out of memory). */
__attribute__((sentinel)) static char *joined(const char *first, ...)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return NULL;
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        fputs(s, out);
    va_end(ap);
    if (fclose(out) == 0)
        return text;
    free(text);
    return NULL;
}

static int unknown_profile(const struct cli_sessions *s, const char *prefix, const char *name,
                           struct api_error *err)
{
    const struct config *cfg = s->config;
    const char **names = calloc(cfg->n_profiles + 1, sizeof *names);
    if (!names)
        return api_error_nomem(err);
    for (size_t i = 0; i < cfg->n_profiles; i++)
        names[i] = cfg->profiles[i].name;
    char *intro = NULL;
    if (cfg->path)
        intro = joined("the profiles in ", cfg->path, " are", (const char *)NULL);
    else if (s->config_path)
        intro =
            joined("there is no ", s->config_path, ", so the only profile is", (const char *)NULL);
    else
        intro =
            joined("there is no configuration file, so the only profile is", (const char *)NULL);
    if (intro)
        cli_names_unknown(err, prefix, "profile", name, intro, names);
    else
        api_error_nomem(err);
    free(intro);
    free(names);
    return -1;
}

/* The compiled-in default is a theme even where no file of it is found. */
static int unknown_theme(const struct cli_sessions *s, const char *name, struct api_error *err)
{
    const struct theme_set *set = s->themes;
    const char **names = calloc(set->n + 2, sizeof *names);
    if (!names)
        return api_error_nomem(err);
    size_t n = 0;
    if (!theme_set_find(set, CONFIG_DEFAULT_THEME))
        names[n++] = CONFIG_DEFAULT_THEME;
    for (size_t i = 0; i < set->n; i++)
        names[n++] = set->items[i].name;
    cli_names_unknown(err, "--theme: ", "theme", name, "the themes are", names);
    free(names);
    return -1;
}

int cli_session_check_names(const struct cli_sessions *s, struct api_error *err)
{
    const struct cli_args *a = s->args;
    if (a->profile && !config_profile_find(s->config, a->profile))
        return unknown_profile(s, "--profile: ", a->profile, err);
    if (!a->theme)
        return 0;
    if (!cli_setup_is_theme(s->themes, a->theme))
        return unknown_theme(s, a->theme, err);
    const struct theme_set_entry *t = theme_set_find(s->themes, a->theme);
    if (t && t->errors)
        return api_error_fail(err, API_ERR_INVALID, 0, "--theme: theme \"%s\" has errors:\n%s",
                              a->theme, t->errors);
    return 0;
}

/* ---- the parts of a session --------------------------------------------- */

/* A theme a session may draw with: found without errors, or the
 * compiled-in default. */
static int theme_usable(const struct cli_sessions *s, const char *profile, const char *theme,
                        struct api_error *err)
{
    if (s->headless)
        return 0;
    const struct theme_set_entry *t = theme_set_find(s->themes, theme);
    if (!t && strcmp(theme, CONFIG_DEFAULT_THEME) == 0)
        return 0;
    if (!t)
        return api_error_fail(err, API_ERR_POLICY, 0, "profile %s: no theme \"%s\"", profile,
                              theme);
    if (t->errors)
        return api_error_fail(err, API_ERR_POLICY, 0,
                              "profile %s: theme \"%s\" has errors (sendx-tui --check-config "
                              "lists them)",
                              profile, theme);
    return 0;
}

/* The key the file gives a profile: its api_key (the file's mode
 * checked first), else what its api_key_cmd prints. *key is NULL when
 * the profile has neither. */
static int profile_key(const struct cli_sessions *s, const struct config_profile *p, char **key,
                       struct api_error *err)
{
    *key = NULL;
    int rc = 0;
    if (p->api_key) {
        rc = config_key_file_ok(s->config->path, err);
        if (rc == 0)
            rc = cli_check_key(p->api_key, "api_key", key, err);
    } else if (p->api_key_cmd) {
        char *raw = NULL;
        rc = config_run_key_cmd(p->api_key_cmd, s->key_cmd_timeout_ms, &raw, err);
        if (rc == 0)
            rc = cli_check_key(raw, "the key api_key_cmd printed", key, err);
        if (raw)
            explicit_bzero(raw, strlen(raw));
        free(raw);
    }
    if (rc != 0)
        api_error_prefix(err, "profile %s", p->name);
    return rc;
}

static const char *file_named(const struct cli_sessions *s)
{
    if (s->config->path)
        return s->config->path;
    return s->config_path ? s->config_path : "the configuration file";
}

/* What a session holds, before it is copied into one. */
struct parts {
    const char *profile, *where, *base_url, *ca_file, *theme;
    bool readonly;
    const struct config_profile *settings;
};

/* Copies the parts into *out and hands key over to it (wiped and freed
 * here if that fails). */
static int fill(struct ui_session *out, const struct parts *p, char *key, struct api_error *err)
{
    *out = (struct ui_session){
        .profile = strdup(p->profile),
        .where = strdup(p->where),
        .base_url = strdup(p->base_url),
        .api_key = key,
        .ca_file = p->ca_file ? strdup(p->ca_file) : NULL,
        .readonly = p->readonly,
        .theme = strdup(p->theme),
        .settings = p->settings,
    };
    if (out->profile && out->where && out->base_url && out->theme && (out->ca_file || !p->ca_file))
        return 0;
    ui_session_free(out);
    return api_error_nomem(err);
}

/* ---- the demo ------------------------------------------------------------ */

static int demo_session(const struct cli_sessions *s, const struct config_profile *p,
                        struct ui_session *out, struct api_error *err)
{
    const char *theme = s->args->theme ? s->args->theme : p->theme;
    if (theme_usable(s, DEMO_PROFILE, theme, err) != 0)
        return -1;
    char *where = strdup(s->demo_url);
    char *key = strdup(s->demo_key);
    int rc = -1;
    if (!where || !key) {
        free(key);
        api_error_nomem(err);
        goto done;
    }
    struct parts parts = {.profile = DEMO_PROFILE,
                          .where = where,
                          .base_url = s->demo_url,
                          .theme = theme,
                          .readonly = s->args->readonly,
                          .settings = p};
    rc = fill(out, &parts, key, err);
done:
    free(where);
    return rc;
}

/* ---- the starting session ----------------------------------------------- */

static const struct config_profile *start_profile(const struct cli_sessions *s)
{
    const char *name = s->args->profile ? s->args->profile : s->config->default_profile;
    return config_profile_find(s->config, name);
}

/* An empty variable counts as unset, as curl has it. */
static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static int start_base_url(const struct cli_sessions *s, const struct config_profile *p,
                          const char **url, struct api_error *err)
{
    *url = s->args->base_url;
    if (*url)
        return 0;
    *url = env("SENDX_BASE_URL");
    if (*url)
        return cli_check_url(*url, "SENDX_BASE_URL", err);
    *url = p->base_url;
    return 0;
}

/* As curl chooses its CA bundle, with the profile's after --ca-file;
 * NULL: the system's CAs. --ca-file was checked with the command line. */
static int start_ca_file(const struct cli_sessions *s, const struct config_profile *p,
                         const char **path, struct api_error *err)
{
    static const char *const vars[] = {"CURL_CA_BUNDLE", "SSL_CERT_FILE"};
    *path = s->args->ca_file;
    if (*path)
        return 0;
    if ((*path = p->ca_file)) {
        if (cli_check_ca_file(*path, "ca_file", err) == 0)
            return 0;
        api_error_prefix(err, "profile %s", p->name);
        return -1;
    }
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if ((*path = env(vars[i])))
            return cli_check_ca_file(*path, vars[i], err);
    return 0;
}

static int start_key(const struct cli_sessions *s, const struct config_profile *p, char **key,
                     struct api_error *err)
{
    const char *raw = getenv("SENDX_API_KEY");
    if (raw && *raw)
        return cli_check_key(raw, "SENDX_API_KEY", key, err);
    if (profile_key(s, p, key, err) != 0)
        return -1;
    if (*key)
        return 0;
    return api_error_fail(err, API_ERR_POLICY, 0,
                          "no API key for profile %s; set SENDX_API_KEY (SendX Settings -> Team "
                          "API Key), or api_key_cmd or api_key in %s; or try --demo",
                          p->name, file_named(s));
}

int cli_session_start(const struct cli_sessions *s, struct ui_session *out, struct api_error *err)
{
    *out = (struct ui_session){0};
    const struct config_profile *p = start_profile(s);
    if (!p)
        return unknown_profile(s, "--profile: ", s->args->profile, err);
    if (s->demo_url)
        return demo_session(s, p, out, err);
    struct parts parts = {.profile = p->name,
                          .theme = s->args->theme ? s->args->theme : p->theme,
                          .readonly = s->args->readonly || p->readonly,
                          .settings = p};
    if (start_base_url(s, p, &parts.base_url, err) != 0 ||
        start_ca_file(s, p, &parts.ca_file, err) != 0 ||
        theme_usable(s, p->name, parts.theme, err) != 0)
        return -1;
    parts.where = parts.base_url;
    char *key = NULL;
    if (start_key(s, p, &key, err) != 0)
        return -1;
    return fill(out, &parts, key, err);
}

/* ---- `:profile NAME` ----------------------------------------------------- */

int cli_session_open(void *ctx, const char *name, struct ui_session *out, struct api_error *err)
{
    const struct cli_sessions *s = ctx;
    *out = (struct ui_session){0};
    if (s->demo_url && strcmp(name, DEMO_PROFILE) == 0)
        return demo_session(s, start_profile(s), out, err);
    const struct config_profile *p = config_profile_find(s->config, name);
    if (!p)
        return unknown_profile(s, "", name, err);
    struct parts parts = {.profile = p->name,
                          .where = p->base_url,
                          .base_url = p->base_url,
                          .ca_file = p->ca_file,
                          .theme = p->theme,
                          .readonly = s->args->readonly || p->readonly,
                          .settings = p};
    if (p->ca_file && cli_check_ca_file(p->ca_file, "ca_file", err) != 0) {
        api_error_prefix(err, "profile %s", p->name);
        return -1;
    }
    if (theme_usable(s, p->name, p->theme, err) != 0)
        return -1;
    char *key = NULL;
    if (profile_key(s, p, &key, err) != 0)
        return -1;
    if (!key)
        return api_error_fail(err, API_ERR_POLICY, 0,
                              "profile %s has no api_key or api_key_cmd in %s", p->name,
                              file_named(s));
    return fill(out, &parts, key, err);
}
