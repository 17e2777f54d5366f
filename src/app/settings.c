#include "app/settings.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/model.h"
#include "app/keys.h"

static const char *const action_names[] = {
#define ACTION_NAME(e, name, help) name,
    ACTIONS(ACTION_NAME)
#undef ACTION_NAME
        NULL};

static const char *const context_names[] = {
#define CONTEXT_NAME(e, name) name,
    KEYMAP_CONTEXTS(CONTEXT_NAME)
#undef CONTEXT_NAME
        NULL};

static const char *const pane_names[] = {
#define PANE_NAME(name) #name,
    CONFIG_PANES(PANE_NAME)
#undef PANE_NAME
        NULL};

_Static_assert(sizeof pane_names / sizeof pane_names[0] == SENDX_KIND_COUNT + 1,
               "CONFIG_PANES names each resource pane, in enum sendx_kind order");

int settings_pane_index(const char *name)
{
    for (int i = 0; pane_names[i]; i++)
        if (strcmp(pane_names[i], name) == 0)
            return i;
    return -1;
}

const char *settings_pane_name(int i)
{
    return i >= 0 && i < SENDX_KIND_COUNT ? pane_names[i] : NULL;
}

/* A title as :columns takes it: exact or a unique prefix, any case. */
static bool is_column(void *ctx, const char *pane, const char *title)
{
    (void)ctx;
    int i = settings_pane_index(pane);
    return i >= 0 && columns_find(columns_for((enum sendx_kind)i), title) >= 0;
}

void settings_vocab(struct config_vocab *out)
{
    *out = (struct config_vocab){.actions = action_names,
                                 .contexts = context_names,
                                 .key_parse = keys_parse,
                                 .is_column = is_column};
}

static enum keymap_context context_by_name(const char *name)
{
    for (int i = 0; i < KEYMAP_CONTEXT_COUNT; i++)
        if (strcmp(context_names[i], name) == 0)
            return (enum keymap_context)i;
    return KEYMAP_CONTEXT_COUNT;
}

static int apply_binding(struct keymap *km, const struct config_binding *b)
{
    enum keymap_context ctx = context_by_name(b->context);
    enum action action = action_by_name(b->action);
    if (ctx == KEYMAP_CONTEXT_COUNT || action == ACTION_NONE)
        return 0; /* config_load refused it already; nothing to bind */
    if (keymap_unbind(km, ctx, action) != 0)
        return -1;
    for (size_t k = 0; k < b->n_keys; k++)
        if (keymap_bind(km, ctx, b->keys[k], action) == -2)
            return -1;
    return 0;
}

int settings_apply_keys(struct keymap *km, const struct config *cfg, struct api_error *err)
{
    /* The global map first: a context's unbinding holds back the global
     * keys in force, which must be the configured ones. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < cfg->n_bindings; i++) {
            const struct config_binding *b = &cfg->bindings[i];
            bool global = strcmp(b->context, "global") == 0;
            if (global == (pass == 0) && apply_binding(km, b) != 0) {
                api_error_set(err, API_ERR_NOMEM, 0, "out of memory binding keys");
                return -1;
            }
        }
    }
    return 0;
}

static void strings_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The keys of action in ctx as notation, a heap array; *n of them. */
static char **keys_of(const struct keymap *km, enum keymap_context ctx, enum action action,
                      size_t *n)
{
    char **keys = calloc(km->len[ctx] + 1, sizeof *keys);
    *n = 0;
    for (size_t i = 0; keys && i < km->len[ctx]; i++) {
        if (km->bindings[ctx][i].action != action)
            continue;
        char one[24];
        if (!(keys[*n] = strdup(keys_format(km->bindings[ctx][i].key, one, sizeof one)))) {
            strings_free(keys, *n);
            return NULL;
        }
        ++*n;
    }
    return keys;
}

/* Whether action, without keys in ctx, was unbound there: it has keys
 * there by default, or global keys of it are held back there. Printed
 * without an empty list, it would get those keys back when read again. */
static bool unbound_here(const struct keymap *km, const struct keymap *defaults,
                         enum keymap_context ctx, enum action action)
{
    char buf[256];
    if (keymap_keys_of(defaults, ctx, action, buf, sizeof buf) > 0)
        return true;
    for (size_t i = 0; ctx != KEYMAP_GLOBAL && i < km->len[ctx]; i++)
        if (km->bindings[ctx][i].action == ACTION_NONE &&
            keymap_lookup(km, KEYMAP_GLOBAL, km->bindings[ctx][i].key) == action)
            return true;
    return false;
}

int settings_keys_to_config(const struct keymap *km, struct config *cfg)
{
    config_bindings_free(cfg);
    struct keymap defaults = {0};
    /* At most one binding per context and action. */
    struct config_binding *out = calloc(KEYMAP_CONTEXT_COUNT * ACTION_COUNT, sizeof *out);
    size_t n = 0;
    if (keymap_defaults(&defaults) != 0)
        goto fail;
    for (int c = 0; out && c < KEYMAP_CONTEXT_COUNT; c++) {
        for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
            size_t n_keys = 0;
            char **keys = keys_of(km, (enum keymap_context)c, (enum action)a, &n_keys);
            struct config_binding *b = &out[n];
            if (keys && n_keys == 0 &&
                !unbound_here(km, &defaults, (enum keymap_context)c, (enum action)a)) {
                free(keys);
                continue;
            }
            b->keys = keys;
            b->n_keys = n_keys;
            b->context = strdup(context_names[c]);
            b->action = strdup(action_name((enum action)a));
            n++;
            if (!keys || !b->context || !b->action)
                goto fail;
        }
    }
    keymap_free(&defaults);
    if (!out)
        return -1;
    cfg->bindings = out;
    cfg->n_bindings = n;
    return 0;
fail:
    keymap_free(&defaults);
    cfg->bindings = out;
    cfg->n_bindings = n;
    config_bindings_free(cfg);
    return -1;
}

int settings_apply_columns(struct columns_pane *cols, const struct config_profile *p, char *why,
                           size_t len)
{
    for (size_t i = 0; p && i < p->n_columns; i++) {
        const struct config_columns *c = &p->columns[i];
        int pane = settings_pane_index(c->pane);
        if (pane < 0) {
            snprintf(why, len, "no pane called %s", c->pane);
            return -1;
        }
        char spec[512] = "";
        size_t used = 0;
        for (size_t t = 0; t < c->n_titles; t++) {
            int w = snprintf(spec + used, sizeof spec - used, "%s%s", t ? "," : "", c->titles[t]);
            if (w < 0 || (size_t)w >= sizeof spec - used) {
                snprintf(why, len, "%s: too many columns", c->pane);
                return -1;
            }
            used += (size_t)w;
        }
        char problem[128];
        if (columns_choose(&cols[pane], columns_for((enum sendx_kind)pane), spec, problem,
                           sizeof problem) != 0) {
            snprintf(why, len, "%s: %s", c->pane, problem);
            return -1;
        }
    }
    return 0;
}
