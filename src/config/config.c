/* Reading config.yaml: the top level, the profiles, the defaults filled in. */
#include "config/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "config/config_internal.h"

static const char *const top_options[] = {"default_profile", "theme", "profiles", "keys", NULL};

static void read_theme(struct config_check *c, const struct yaml_value *v)
{
    const char *s = yaml_scalar(v);
    if (s && !yaml_is_null(v) && c->vocab->is_theme && !c->vocab->is_theme(c->vocab->ctx, s)) {
        config_diag(c, CONFIG_ERROR, v, "unknown theme \"%s\"", s);
        return;
    }
    char *theme = config_text(c, v, "theme");
    if (theme) {
        free(c->cfg->theme);
        c->cfg->theme = theme;
    }
}

static void read_profiles(struct config_check *c, const struct yaml_value *v)
{
    if (!config_is_map(c, v, "profiles") || v->kind != YAML_VALUE_MAP || v->len == 0)
        return;
    struct config *cfg = c->cfg;
    cfg->profiles = calloc(v->len, sizeof *cfg->profiles);
    if (!cfg->profiles) {
        config_diag(c, CONFIG_ERROR, v, "out of memory");
        return;
    }
    for (size_t i = 0; i < v->len; i++) {
        const struct yaml_pair *pair = &v->pairs[i];
        struct config_profile *p = &cfg->profiles[cfg->n_profiles++];
        p->name = strdup(pair->key.text);
        p->at = (struct config_place){pair->key.line, pair->key.column};
        if (!p->name)
            config_diag(c, CONFIG_ERROR, &pair->key, "out of memory");
        else if (!*p->name)
            config_diag(c, CONFIG_ERROR, &pair->key, "a profile needs a name");
        config_read_profile(c, &pair->value, p);
    }
}

static void read_top(struct config_check *c, const struct yaml_pair *pair,
                     const struct yaml_value **default_profile)
{
    const char *name = pair->key.text;
    if (strcmp(name, "default_profile") == 0) {
        *default_profile = &pair->value;
        c->cfg->default_profile = config_text(c, &pair->value, "default_profile");
    } else if (strcmp(name, "theme") == 0) {
        read_theme(c, &pair->value);
    } else if (strcmp(name, "profiles") == 0) {
        read_profiles(c, &pair->value);
    } else if (strcmp(name, "keys") == 0) {
        config_read_keys(c, &pair->value);
    } else {
        config_unknown(c, CONFIG_WARNING, &pair->key, "option", top_options);
    }
}

/* A file with no profiles still has one, so the app always has a profile
 * to name in its header. */
static int add_default_profile(struct config *cfg)
{
    cfg->profiles = calloc(1, sizeof *cfg->profiles);
    if (!cfg->profiles)
        return -1;
    cfg->n_profiles = 1;
    struct config_profile *p = cfg->profiles;
    p->name = strdup(CONFIG_DEFAULT_PROFILE);
    p->base_url = strdup(CONFIG_DEFAULT_BASE_URL);
    p->start_pane = strdup(CONFIG_DEFAULT_START_PANE);
    p->page_size = CONFIG_DEFAULT_PAGE_SIZE;
    return p->name && p->base_url && p->start_pane ? 0 : -1;
}

/* The profile default_profile names must exist; without one, the first. */
static void settle_default(struct config_check *c, const struct yaml_value *named)
{
    struct config *cfg = c->cfg;
    if (!cfg->default_profile && !named) {
        cfg->default_profile = strdup(cfg->profiles[0].name ? cfg->profiles[0].name : "");
    } else if (cfg->default_profile && !config_profile_find(cfg, cfg->default_profile)) {
        const char **names = calloc(cfg->n_profiles + 1, sizeof *names);
        for (size_t i = 0; names && i < cfg->n_profiles; i++)
            names[i] = cfg->profiles[i].name;
        const char *near = names ? config_suggest(cfg->default_profile, names) : NULL;
        config_diag(c, CONFIG_ERROR, named, "default_profile \"%s\" is not a profile%s%s%s",
                    cfg->default_profile, near ? " (did you mean \"" : "", near ? near : "",
                    near ? "\"?)" : "");
        free(names);
    }
}

/* Every profile without a theme of its own takes the file's. */
static int settle_themes(struct config *cfg)
{
    if (!cfg->theme && !(cfg->theme = strdup(CONFIG_DEFAULT_THEME)))
        return -1;
    for (size_t i = 0; i < cfg->n_profiles; i++) {
        struct config_profile *p = &cfg->profiles[i];
        if (!p->theme && !(p->theme = strdup(cfg->theme)))
            return -1;
    }
    return 0;
}

static void read_root(struct config_check *c, const struct yaml_value *root)
{
    const struct yaml_value *default_profile = NULL;
    if (root && root->kind != YAML_VALUE_MAP && !yaml_is_null(root))
        config_diag(c, CONFIG_ERROR, root, "the file must be a mapping of options, not %s",
                    yaml_kind_name(root->kind));
    for (size_t i = 0; root && root->kind == YAML_VALUE_MAP && i < root->len; i++)
        read_top(c, &root->pairs[i], &default_profile);
    struct config *cfg = c->cfg;
    if (cfg->n_profiles == 0 && !default_profile && add_default_profile(cfg) < 0)
        c->diags->errors++;
    if (cfg->n_profiles > 0)
        settle_default(c, default_profile);
    else if (default_profile)
        config_diag(c, CONFIG_ERROR, default_profile,
                    "default_profile names a profile, but "
                    "there are no profiles");
    /* A default_profile that is there but could not be read was reported
     * where it was written; one missing otherwise means memory ran out. */
    bool unreadable = default_profile && !cfg->default_profile;
    if (settle_themes(cfg) < 0 || (!cfg->default_profile && !unreadable))
        c->diags->errors++;
}

/* The YAML layer's error, "NAME:LINE:COLUMN: what", as a diagnostic. */
static void yaml_failed(struct config_diags *diags, const char *name, const struct api_error *err)
{
    const char *msg = api_error_message(err);
    struct config_place at = {0, 0};
    size_t n = strlen(name);
    if (strncmp(msg, name, n) == 0)
        sscanf(msg + n, ":%u:%u:", &at.line, &at.column);
    config_diag_text(diags, at, msg);
}

static int load_doc(const struct yaml_doc *doc, const struct config_vocab *vocab,
                    struct config *cfg, struct config_diags *diags)
{
    size_t errors = diags->errors;
    struct config_check c = {.vocab = vocab, .diags = diags, .cfg = cfg};
    cfg->path = strdup(doc->name);
    if (!cfg->path)
        diags->errors++;
    read_root(&c, doc->root);
    if (diags->errors == errors)
        return 0;
    config_free(cfg);
    return -1;
}

int config_load_string(const char *name, const char *text, size_t len,
                       const struct config_vocab *vocab, struct config *cfg,
                       struct config_diags *diags)
{
    memset(cfg, 0, sizeof *cfg);
    struct yaml_doc doc;
    struct api_error err = {0};
    if (yaml_load_string(name, text, len, &doc, &err) < 0) {
        yaml_failed(diags, name, &err);
        api_error_clear(&err);
        return -1;
    }
    int rc = load_doc(&doc, vocab, cfg, diags);
    yaml_doc_free(&doc);
    return rc;
}

int config_load(const char *path, const struct config_vocab *vocab, struct config *cfg,
                struct config_diags *diags)
{
    memset(cfg, 0, sizeof *cfg);
    struct yaml_doc doc;
    struct api_error err = {0};
    if (yaml_load_file(path, &doc, &err) < 0) {
        yaml_failed(diags, path, &err);
        api_error_clear(&err);
        return -1;
    }
    int rc = load_doc(&doc, vocab, cfg, diags);
    yaml_doc_free(&doc);
    return rc;
}

int config_defaults(struct config *cfg, struct api_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    if (add_default_profile(cfg) == 0 && settle_themes(cfg) == 0 &&
        (cfg->default_profile = strdup(CONFIG_DEFAULT_PROFILE)))
        return 0;
    config_free(cfg);
    return api_error_nomem(err);
}

void config_free(struct config *cfg)
{
    free(cfg->path);
    free(cfg->default_profile);
    free(cfg->theme);
    for (size_t i = 0; i < cfg->n_profiles; i++)
        config_profile_free(&cfg->profiles[i]);
    free(cfg->profiles);
    config_bindings_free(cfg);
    memset(cfg, 0, sizeof *cfg);
}

const struct config_profile *config_profile_find(const struct config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->n_profiles; i++)
        if (cfg->profiles[i].name && strcmp(cfg->profiles[i].name, name) == 0)
            return &cfg->profiles[i];
    return NULL;
}
