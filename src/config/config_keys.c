/* The keys: section: per context, each action and the keys bound to it. */
#include "config/config_internal.h"

#include <stdlib.h>
#include <string.h>

static bool listed(const char *const *names, const char *s)
{
    for (size_t i = 0; names && names[i]; i++)
        if (strcmp(names[i], s) == 0)
            return true;
    return false;
}

/* A key already bound in the context being read, to see a clash. */
struct bound {
    int key;
    const char *action;
    unsigned line;
};

struct context_keys {
    struct bound *items;
    size_t len, cap;
};

/* Two actions on one key in one context would leave one of them silently
 * unreachable, so that is an error naming both lines. */
static void check_clash(struct config_check *c, struct context_keys *seen, int key,
                        const struct yaml_value *k, const char *action, const char *context)
{
    for (size_t i = 0; i < seen->len; i++) {
        const struct bound *b = &seen->items[i];
        if (b->key == key && strcmp(b->action, action) != 0) {
            config_diag(c, CONFIG_ERROR, k,
                        "key \"%s\" is bound to both %s (line %u) and %s (line %u) in %s", k->text,
                        b->action, b->line, action, k->line, context);
            return;
        }
    }
    if (seen->len == seen->cap) {
        size_t ncap = seen->cap ? seen->cap * 2 : 16;
        struct bound *p = realloc(seen->items, ncap * sizeof *p);
        if (!p) {
            config_diag(c, CONFIG_ERROR, k, "out of memory");
            return;
        }
        seen->items = p;
        seen->cap = ncap;
    }
    seen->items[seen->len++] = (struct bound){key, action, k->line};
}

/* One key of a binding: its notation checked, its clashes looked for. */
static char *read_key(struct config_check *c, const struct yaml_value *k, const char *action,
                      const char *context, struct context_keys *seen)
{
    char *text = config_text(c, k, "a key");
    if (!text)
        return NULL;
    int key = c->vocab->key_parse(text);
    if (key < 0) {
        config_diag(c, CONFIG_ERROR, k,
                    "\"%s\" is not a key (write j, G, <down>, <c-d>, <s-tab>, <f5>, <enter>, "
                    "<esc>, <space>)",
                    text);
        free(text);
        return NULL;
    }
    check_clash(c, seen, key, k, action, context);
    return text;
}

/* A list of keys, or one key alone; [] unbinds. */
static bool read_binding(struct config_check *c, const struct yaml_pair *pair, const char *context,
                         struct context_keys *seen, struct config_binding *b)
{
    const struct yaml_value *v = &pair->value;
    bool one = v->kind == YAML_VALUE_SCALAR && !yaml_is_null(v);
    if (v->kind != YAML_VALUE_SEQ && !one) {
        config_diag(c, CONFIG_ERROR, v, "%s must be a list of keys ([] unbinds it)",
                    pair->key.text);
        return false;
    }
    size_t n = one ? 1 : v->len;
    b->keys = calloc(n ? n : 1, sizeof *b->keys);
    b->context = strdup(context);
    b->action = strdup(pair->key.text);
    if (!b->keys || !b->context || !b->action) {
        config_diag(c, CONFIG_ERROR, v, "out of memory");
        return false;
    }
    b->at = (struct config_place){pair->key.line, pair->key.column};
    for (size_t i = 0; i < n; i++) {
        /* The doc's text, not b's: b is freed if a key is wrong. */
        char *key = read_key(c, one ? v : &v->items[i], pair->key.text, context, seen);
        if (key)
            b->keys[b->n_keys++] = key;
    }
    return b->n_keys == n;
}

static void binding_free(struct config_binding *b)
{
    free(b->context);
    free(b->action);
    config_strv_free(b->keys, b->n_keys);
    memset(b, 0, sizeof *b);
}

static void read_context(struct config_check *c, const struct yaml_pair *ctx)
{
    const char *context = ctx->key.text;
    if (!listed(c->vocab->contexts, context)) {
        config_unknown(c, CONFIG_ERROR, &ctx->key, "key context", c->vocab->contexts);
        return;
    }
    const struct yaml_value *v = &ctx->value;
    if (!config_is_map(c, v, context) || v->kind != YAML_VALUE_MAP || v->len == 0)
        return;
    struct config *cfg = c->cfg;
    struct config_binding *grown =
        realloc(cfg->bindings, (cfg->n_bindings + v->len) * sizeof *grown);
    if (!grown) {
        config_diag(c, CONFIG_ERROR, v, "out of memory");
        return;
    }
    cfg->bindings = grown;
    struct context_keys seen = {0};
    for (size_t i = 0; i < v->len; i++) {
        const struct yaml_pair *pair = &v->pairs[i];
        if (!listed(c->vocab->actions, pair->key.text)) {
            config_unknown(c, CONFIG_ERROR, &pair->key, "action", c->vocab->actions);
            continue;
        }
        struct config_binding b = {0};
        if (read_binding(c, pair, context, &seen, &b))
            cfg->bindings[cfg->n_bindings++] = b;
        else
            binding_free(&b);
    }
    free(seen.items);
}

void config_read_keys(struct config_check *c, const struct yaml_value *keys)
{
    if (!config_is_map(c, keys, "keys") || keys->kind != YAML_VALUE_MAP)
        return;
    for (size_t i = 0; i < keys->len; i++)
        read_context(c, &keys->pairs[i]);
}

void config_bindings_free(struct config *cfg)
{
    for (size_t i = 0; i < cfg->n_bindings; i++)
        binding_free(&cfg->bindings[i]);
    free(cfg->bindings);
    cfg->bindings = NULL;
    cfg->n_bindings = 0;
}
