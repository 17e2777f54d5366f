/* One profile (one SendX team) of config.yaml. */
#include "config/config_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/url.h"

static const char *const panes[] = {
#define PANE_NAME(n) #n,
    CONFIG_PANES(PANE_NAME)
#undef PANE_NAME
        NULL};

static bool is_pane(const char *s)
{
    for (size_t i = 0; panes[i]; i++)
        if (strcmp(panes[i], s) == 0)
            return true;
    return false;
}

/* Replaces *slot with the text of v, keeping the old value on error. */
static void set_text(struct config_check *c, const struct yaml_value *v, const char *option,
                     char **slot)
{
    char *s = config_text(c, v, option);
    if (s) {
        free(*slot);
        *slot = s;
    }
}

static void read_base_url(struct config_check *c, const struct yaml_value *v,
                          struct config_profile *p)
{
    const char *url = yaml_scalar(v);
    bool plain_http;
    struct api_error err = {0};
    if (url && !yaml_is_null(v) && !url_policy_check(url, &plain_http, &err))
        config_diag(c, CONFIG_ERROR, v, "base_url: %s", api_error_message(&err));
    else
        set_text(c, v, "base_url", &p->base_url);
    api_error_clear(&err);
}

static void read_api_key(struct config_check *c, const struct yaml_value *v,
                         struct config_profile *p)
{
    const char *key = yaml_scalar(v);
    if (key && strcmp(key, CONFIG_KEY_PLACEHOLDER) == 0)
        config_diag(c, CONFIG_ERROR, v,
                    "api_key is " CONFIG_KEY_PLACEHOLDER ", as --print-config shows it: put the "
                    "key there, or use api_key_cmd");
    else if (key && !*key)
        config_diag(c, CONFIG_ERROR, v, "api_key is empty");
    else
        set_text(c, v, "api_key", &p->api_key);
}

static void read_api_key_cmd(struct config_check *c, const struct yaml_value *v,
                             struct config_profile *p)
{
    if (v->kind != YAML_VALUE_SEQ || v->len == 0) {
        config_diag(c, CONFIG_ERROR, v,
                    "api_key_cmd must be a command and its arguments as a list, run without a "
                    "shell, e.g. [pass, show, sendx/acme]");
        return;
    }
    char **argv = calloc(v->len + 1, sizeof *argv);
    size_t n = 0;
    for (size_t i = 0; argv && i < v->len; i++) {
        char *arg = config_text(c, &v->items[i], "an argument of api_key_cmd");
        if (arg)
            argv[n++] = arg;
    }
    if (!argv)
        config_diag(c, CONFIG_ERROR, v, "out of memory");
    if (argv && n < v->len) {
        config_strv_free(argv, n);
        return;
    }
    config_strv_free(p->api_key_cmd, p->n_api_key_cmd);
    p->api_key_cmd = argv;
    p->n_api_key_cmd = argv ? n : 0;
}

static void read_ca_file(struct config_check *c, const struct yaml_value *v,
                         struct config_profile *p)
{
    set_text(c, v, "ca_file", &p->ca_file);
}

static void read_readonly(struct config_check *c, const struct yaml_value *v,
                          struct config_profile *p)
{
    const char *s = v->plain ? yaml_scalar(v) : NULL;
    if (s && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")))
        p->readonly = true;
    else if (s && (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")))
        p->readonly = false;
    else
        config_diag(c, CONFIG_ERROR, v, "readonly must be true or false");
}

static void read_theme(struct config_check *c, const struct yaml_value *v, struct config_profile *p)
{
    const char *s = yaml_scalar(v);
    if (s && !yaml_is_null(v) && c->vocab->is_theme && !c->vocab->is_theme(c->vocab->ctx, s))
        config_diag(c, CONFIG_ERROR, v, "unknown theme \"%s\"", s);
    else
        set_text(c, v, "theme", &p->theme);
}

static void read_start_pane(struct config_check *c, const struct yaml_value *v,
                            struct config_profile *p)
{
    const char *s = yaml_scalar(v);
    if (s && !yaml_is_null(v) && !is_pane(s))
        config_unknown(c, CONFIG_ERROR, v, "pane", panes);
    else
        set_text(c, v, "start_pane", &p->start_pane);
    p->start_pane_given = s && !yaml_is_null(v);
}

static void read_page_size(struct config_check *c, const struct yaml_value *v,
                           struct config_profile *p)
{
    const char *s = yaml_scalar(v);
    char *end = NULL;
    errno = 0;
    long n = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || errno || n < 1 || n > CONFIG_PAGE_SIZE_MAX)
        config_diag(c, CONFIG_ERROR, v, "page_size must be a number from 1 to %d",
                    CONFIG_PAGE_SIZE_MAX);
    else
        p->page_size = (int)n;
}

static bool read_titles(struct config_check *c, const struct yaml_pair *pair,
                        struct config_columns *cols)
{
    const struct yaml_value *v = &pair->value;
    if (v->kind != YAML_VALUE_SEQ || v->len == 0) {
        config_diag(c, CONFIG_ERROR, v, "the columns of %s must be a list of one or more titles",
                    pair->key.text);
        return false;
    }
    cols->titles = calloc(v->len, sizeof *cols->titles);
    for (size_t i = 0; cols->titles && i < v->len; i++) {
        const struct yaml_value *t = &v->items[i];
        char *title = config_text(c, t, "a column title");
        if (title && c->vocab->is_column &&
            !c->vocab->is_column(c->vocab->ctx, pair->key.text, title)) {
            config_diag(c, CONFIG_ERROR, t, "%s has no column \"%s\"", pair->key.text, title);
            free(title);
        } else if (title) {
            cols->titles[cols->n_titles++] = title;
        }
    }
    return cols->titles && cols->n_titles == v->len;
}

static void read_columns(struct config_check *c, const struct yaml_value *v,
                         struct config_profile *p)
{
    if (!config_is_map(c, v, "columns") || v->kind != YAML_VALUE_MAP)
        return;
    p->columns = calloc(v->len, sizeof *p->columns);
    if (!p->columns) {
        config_diag(c, CONFIG_ERROR, v, "out of memory");
        return;
    }
    for (size_t i = 0; i < v->len; i++) {
        const struct yaml_pair *pair = &v->pairs[i];
        struct config_columns cols = {0};
        if (!is_pane(pair->key.text)) {
            config_unknown(c, CONFIG_ERROR, &pair->key, "pane", panes);
        } else if (read_titles(c, pair, &cols)) {
            if ((cols.pane = strdup(pair->key.text))) {
                p->columns[p->n_columns++] = cols;
                continue;
            }
            config_diag(c, CONFIG_ERROR, &pair->key, "out of memory");
        }
        config_strv_free(cols.titles, cols.n_titles);
    }
}

#define PROFILE_OPTIONS(X)                                                                         \
    X(base_url)                                                                                    \
    X(api_key)                                                                                     \
    X(api_key_cmd)                                                                                 \
    X(ca_file)                                                                                     \
    X(readonly)                                                                                    \
    X(theme)                                                                                       \
    X(start_pane)                                                                                  \
    X(page_size)                                                                                   \
    X(columns)

static const char *const option_names[] = {
#define OPTION_NAME(n) #n,
    PROFILE_OPTIONS(OPTION_NAME)
#undef OPTION_NAME
        NULL};

static void (*const option_readers[])(struct config_check *, const struct yaml_value *,
                                      struct config_profile *) = {
#define OPTION_READER(n) read_##n,
    PROFILE_OPTIONS(OPTION_READER)
#undef OPTION_READER
};

static void read_option(struct config_check *c, const struct yaml_pair *pair,
                        struct config_profile *p)
{
    for (size_t i = 0; option_names[i]; i++) {
        if (strcmp(option_names[i], pair->key.text) == 0) {
            option_readers[i](c, &pair->value, p);
            return;
        }
    }
    config_unknown(c, CONFIG_WARNING, &pair->key, "option", option_names);
}

void config_read_profile(struct config_check *c, const struct yaml_value *v,
                         struct config_profile *p)
{
    p->base_url = strdup(CONFIG_DEFAULT_BASE_URL);
    p->start_pane = strdup(CONFIG_DEFAULT_START_PANE);
    p->page_size = CONFIG_DEFAULT_PAGE_SIZE;
    if (!p->base_url || !p->start_pane)
        config_diag(c, CONFIG_ERROR, v, "out of memory");
    if (!config_is_map(c, v, "a profile") || v->kind != YAML_VALUE_MAP)
        return;
    for (size_t i = 0; i < v->len; i++)
        read_option(c, &v->pairs[i], p);
    const struct yaml_value *cmd = yaml_map_get(v, "api_key_cmd");
    if (cmd && yaml_map_get(v, "api_key"))
        config_diag(c, CONFIG_ERROR, cmd, "give api_key or api_key_cmd, not both");
}

void config_strv_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void config_profile_free(struct config_profile *p)
{
    free(p->name);
    free(p->base_url);
    if (p->api_key)
        explicit_bzero(p->api_key, strlen(p->api_key));
    free(p->api_key);
    config_strv_free(p->api_key_cmd, p->n_api_key_cmd);
    free(p->ca_file);
    free(p->theme);
    free(p->start_pane);
    for (size_t i = 0; i < p->n_columns; i++) {
        free(p->columns[i].pane);
        config_strv_free(p->columns[i].titles, p->columns[i].n_titles);
    }
    free(p->columns);
    memset(p, 0, sizeof *p);
}
