/* What sendx-tui reads before it starts: the configuration file, found
 * where the user keeps it, checked against the app's names (actions, key
 * contexts, columns) and the themes found; and those themes, each loaded
 * once. Files are only ever read here.
 *
 * Ownership: a struct cli_setup owns everything in it; free it with
 * cli_setup_free. */
#ifndef SENDX_CLI_SETUP_H
#define SENDX_CLI_SETUP_H

#include <stdbool.h>

#include "config/config.h"
#include "config/theme_file.h"

struct api_error;

struct cli_setup {
    /* The file read, or the one looked for when there is none (NULL when
     * neither $XDG_CONFIG_HOME nor $HOME gives a place to look). */
    char *config_path;
    bool have_file;                       /* false: the defaults (config_defaults) */
    struct config config;                 /* complete when cli_setup_load returned 0 */
    struct config_diags diags;            /* the file's problems: errors, warnings */
    struct theme_set themes;              /* every theme found, those with errors too */
    struct theme_file_dirs theme_dirs;    /* where they were looked for */
    struct theme_dirs_store *theme_store; /* owned: the paths theme_dirs points into */
    /* For the status line: "config: 2 warnings (...)", or "" without any. */
    char notice[96];
};

/* The configuration file to read: given (--config) if not NULL, else
 * $XDG_CONFIG_HOME/sendx-tui/config.yaml if that variable is an absolute
 * path, else $HOME/.config/sendx-tui/config.yaml. A heap string the
 * caller frees, or NULL (no place to look, or out of memory: *err says
 * which). */
char *cli_setup_config_path(const char *given, struct api_error *err);

/* Whether name is a theme the configuration may name: one in themes, or
 * the compiled-in default, which needs no file. */
bool cli_setup_is_theme(const struct theme_set *themes, const char *name);

/* Loads the themes through theme_search_dirs, then the configuration
 * (config_path as above; no file there means the defaults) against them.
 * Returns 0 when the configuration has no errors (warnings are in
 * s->diags, counted in s->notice). Returns -1 when it has errors (every
 * one in s->diags; err untouched) or memory ran out (err set). *s is the
 * caller's to free with cli_setup_free either way. */
int cli_setup_load(struct cli_setup *s, const char *config_arg, struct api_error *err);

void cli_setup_free(struct cli_setup *s);

#endif
