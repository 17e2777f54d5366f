/* The configuration applied to the app. config/ reads files into plain
 * structs and knows nothing of the app; here the app's own tables (the
 * actions, the key contexts, the panes and their columns) meet them, so
 * each name is still written in one place only.
 *
 * Nothing here allocates what the caller must free, except where said. */
#ifndef SENDX_APP_SETTINGS_H
#define SENDX_APP_SETTINGS_H

#include <stddef.h>

#include "app/columns.h"
#include "app/keymap.h"
#include "config/config.h"

struct api_error;

/* The app's words for config_load: every action, every key context, the
 * key notation (keys_parse) and the columns of each pane. is_theme is
 * left NULL for the caller, who knows where themes are. */
void settings_vocab(struct config_vocab *out);

/* Binds cfg's keys over km (which holds the defaults): an action with
 * keys gets exactly those in its context (its default keys there are
 * dropped first), an empty list unbinds it. A key moved to another
 * action leaves the one it was taken from. Returns 0, or -1 with err
 * (out of memory; config_load has checked everything else). */
int settings_apply_keys(struct keymap *km, const struct config *cfg, struct api_error *err);

/* Replaces cfg's bindings by every binding km holds, context by context
 * in KEYMAP_CONTEXTS order, each action with its keys as notation (what
 * --print-config shows: the keys in force). Returns -1 if out of memory
 * (cfg's bindings then empty). */
int settings_keys_to_config(const struct keymap *km, struct config *cfg);

/* The pane of a CONFIG_PANES name ("contacts" ... "team"), in enum
 * sendx_kind order, or -1. */
int settings_pane_index(const char *name);

/* The CONFIG_PANES name of pane i ("campaigns"), or NULL. Static. */
const char *settings_pane_name(int i);

/* Sets each resource pane's columns (cols has APP_RESOURCE_PANES
 * entries) to the profile's choice; panes it does not name keep theirs.
 * p NULL changes nothing. Returns 0, or -1 with why (a title the pane
 * lacks; config_load checks that, so only a caller that skipped it). */
int settings_apply_columns(struct columns_pane *cols, const struct config_profile *p, char *why,
                           size_t len);

#endif
