/* The rows of the help overlay, read from the action and key tables so
 * the help is always true: a heading per context (the view's own, then
 * the global keys that work in it, then the prompt's where the view can
 * open one), then each action bound there with its keys. */
#ifndef SENDX_APP_HELP_H
#define SENDX_APP_HELP_H

#include <stddef.h>

#include "app/keymap.h"

struct help_row {
    enum keymap_context ctx;
    enum action action; /* ACTION_NONE: the heading of ctx */
    char keys[64];
};

/* Rows for the view context ctx whose action name, help text or keys
 * contain filter (NULL: all), into out (max rows). Only keys in force in
 * ctx are listed: a global key the view binds to something else, or
 * that does not apply where typing is text, is not. Returns how many
 * there are in total, which may exceed max. */
size_t help_rows(const struct keymap *km, enum keymap_context ctx, const char *filter,
                 struct help_row *out, size_t max);

size_t help_count(const struct keymap *km, enum keymap_context ctx, const char *filter);

/* Cells the widest key list of ctx's rows (unfiltered) takes, so the
 * key column fits them all and stays put while filtering. */
int help_keys_width(const struct keymap *km, enum keymap_context ctx);

#endif
