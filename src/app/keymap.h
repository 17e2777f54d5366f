/* Key bindings per context, plus a global map consulted after the
 * context's own. Defaults are compiled in (keymap_defaults) as notation
 * (keys.h), the same form a configuration file will use to override them
 * with keymap_bind / keymap_unbind. */
#ifndef SENDX_APP_KEYMAP_H
#define SENDX_APP_KEYMAP_H

#include <stddef.h>

#include "app/action.h"

/* X(ENUM, "name") */
#define KEYMAP_CONTEXTS(X)                                                                         \
    X(GLOBAL, "global")                                                                            \
    X(TABLE, "table")                                                                              \
    X(DETAIL, "detail")                                                                            \
    X(HELP, "help")                                                                                \
    X(PROMPT, "prompt")                                                                            \
    X(FORM, "form")                                                                                \
    X(PICKER, "picker")                                                                            \
    X(CONFIRM, "confirm")                                                                          \
    X(DIFF, "diff")

enum keymap_context {
#define KEYMAP_CONTEXT_ENUM(e, n) KEYMAP_##e,
    KEYMAP_CONTEXTS(KEYMAP_CONTEXT_ENUM)
#undef KEYMAP_CONTEXT_ENUM
        KEYMAP_CONTEXT_COUNT
};

struct keymap_binding {
    int key;
    enum action action;
};

struct keymap {
    struct keymap_binding *bindings[KEYMAP_CONTEXT_COUNT]; /* owned */
    size_t len[KEYMAP_CONTEXT_COUNT];
    size_t cap[KEYMAP_CONTEXT_COUNT];
};

const char *keymap_context_name(enum keymap_context ctx);

/* Fills an empty (zeroed) keymap with the compiled-in defaults. Returns
 * -1 if out of memory. Free with keymap_free. */
int keymap_defaults(struct keymap *km);
void keymap_free(struct keymap *km);

/* Binds one key (in notation) to action in ctx, replacing what that key
 * did there. Returns -1 for notation that is not a key, -2 if out of
 * memory. */
int keymap_bind(struct keymap *km, enum keymap_context ctx, const char *notation,
                enum action action);

/* Removes every key of action in ctx (an empty list in the config). In
 * a context other than global, the action's global keys are held back
 * there too (bound to nothing), so the action is out of reach in ctx.
 * Returns -2 if out of memory. */
int keymap_unbind(struct keymap *km, enum keymap_context ctx, enum action action);

/* The action of key in ctx, falling back to the global map (except where
 * unbound keys are text: the prompt, a form, a picker; there only the
 * global app.quit applies; and in a confirmation or a diff, which take
 * only their own keys and app.quit). ACTION_NONE if unbound. */
enum action keymap_lookup(const struct keymap *km, enum keymap_context ctx, int key);

/* The keys of action in ctx as notation, "j <down>", into buf. Returns
 * the number of keys. */
int keymap_keys_of(const struct keymap *km, enum keymap_context ctx, enum action action, char *buf,
                   size_t n);

/* The first key of action in ctx, else in the global map where it
 * applies (as keymap_lookup), as notation into buf (for hints: "r to
 * retry"); NULL when none is bound. */
const char *keymap_first_key(const struct keymap *km, enum keymap_context ctx, enum action action,
                             char *buf, size_t n);

#endif
