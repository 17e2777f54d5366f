/* config.yaml as plain structs: profiles (one per SendX team), the
 * default theme and key bindings, checked as far as a file can be checked
 * on its own, with every problem reported at its FILE:LINE:COLUMN.
 *
 * config/ knows nothing of the app: the names of actions and key contexts
 * and the key notation come from the caller in a struct config_vocab, so
 * the app's tables stay the one place they are written.
 *
 * Ownership: a struct config owns every string and array in it (free it
 * with config_free); struct config_diags owns its messages (diags_free).
 * Both are plain data and may be read freely. */
#ifndef SENDX_CONFIG_CONFIG_H
#define SENDX_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct api_error;

/* The panes as the `:` commands spell them, for start_pane and columns. */
#define CONFIG_PANES(X)                                                                            \
    X(contacts)                                                                                    \
    X(lists)                                                                                       \
    X(tags)                                                                                        \
    X(campaigns)                                                                                   \
    X(templates)                                                                                   \
    X(senders)                                                                                     \
    X(fields)                                                                                      \
    X(webhooks)                                                                                    \
    X(team)

#define CONFIG_DEFAULT_BASE_URL   "https://api.sendx.io/api/v1/rest"
#define CONFIG_DEFAULT_THEME      "default"
#define CONFIG_DEFAULT_START_PANE "contacts"
#define CONFIG_DEFAULT_PAGE_SIZE  100
#define CONFIG_PAGE_SIZE_MAX      1000
/* The profile made when a file names none, so there always is one. */
#define CONFIG_DEFAULT_PROFILE "default"
/* What --print-config shows for a key, which config_load refuses back. */
#define CONFIG_KEY_PLACEHOLDER "<set>"

/* What the file may name, from the app's tables. */
struct config_vocab {
    /* NULL-terminated lists of action names ("row.down") and key contexts
     * ("table"); they also give the did-you-mean of a misspelt one. */
    const char *const *actions;
    const char *const *contexts;
    /* A key in notation as a number, or -1 if it is not a key (keys_parse
     * fits). Two spellings of one key must give one number, so that two
     * actions on one key are seen whatever the spelling. */
    int (*key_parse)(const char *notation);
    /* Optional (NULL accepts any): whether a column of that title exists in
     * the pane, and whether a theme of that name exists. */
    bool (*is_column)(void *ctx, const char *pane, const char *title);
    bool (*is_theme)(void *ctx, const char *name);
    void *ctx; /* handed to the two above */
};

/* Where a value was written; line 0 means it was not (a default). */
struct config_place {
    unsigned line;
    unsigned column;
};

struct config_columns {
    char *pane;    /* one of CONFIG_PANES */
    char **titles; /* n_titles, in the order shown */
    size_t n_titles;
};

struct config_profile {
    char *name;
    struct config_place at; /* the name's place */
    char *base_url;         /* never NULL after config_load */
    /* The key, or NULL. A secret: never print or log it. Before using it,
     * check the file with config_key_file_ok. */
    char *api_key;
    /* api_key_cmd as argv, NULL-terminated (n_api_key_cmd > 0), or NULL. */
    char **api_key_cmd;
    size_t n_api_key_cmd;
    char *ca_file; /* or NULL: the default CA bundle */
    bool readonly;
    char *theme;      /* never NULL: the profile's, else the file's, else the default */
    char *start_pane; /* never NULL: one of CONFIG_PANES */
    /* The file gave start_pane: it wins over the pane last used. */
    bool start_pane_given;
    int page_size;                  /* 1..CONFIG_PAGE_SIZE_MAX */
    struct config_columns *columns; /* per pane, in file order */
    size_t n_columns;
};

/* keys: CONTEXT: ACTION: [KEY, ...]; no keys means unbound. */
struct config_binding {
    char *context;
    char *action;
    char **keys; /* n_keys, as written */
    size_t n_keys;
    struct config_place at; /* the action's place */
};

struct config {
    char *path;                      /* the file read, or NULL for defaults */
    char *default_profile;           /* never NULL: a name in profiles */
    char *theme;                     /* never NULL */
    struct config_profile *profiles; /* n_profiles >= 1, in file order */
    size_t n_profiles;
    struct config_binding *bindings; /* in file order */
    size_t n_bindings;
};

enum config_severity {
    CONFIG_ERROR,
    CONFIG_WARNING,
};

struct config_diag {
    enum config_severity severity;
    struct config_place at;
    char *text; /* owned: "FILE:LINE:COLUMN: what", "FILE:LINE:COLUMN: warning: what" */
};

struct config_diags {
    struct config_diag *items; /* owned */
    size_t len, cap;
    size_t errors;
};

/* The configuration with nothing set: one profile, "default", with every
 * default filled in. Returns -1 (err filled) if out of memory. */
int config_defaults(struct config *cfg, struct api_error *err);

/* Reads path into *cfg, defaults filled in. Every problem found goes into
 * *diags (zeroed by the caller, or holding earlier ones; appended to).
 * Returns 0 when there are no errors (warnings allowed): *cfg is then
 * complete. Returns -1 when there are errors: *cfg is left empty and
 * *diags says why; a file that cannot be read or is not YAML gives one
 * error. Free *cfg with config_free and *diags with diags_free either way. */
int config_load(const char *path, const struct config_vocab *vocab, struct config *cfg,
                struct config_diags *diags);

/* The same for text in memory, named name in messages (for tests). */
int config_load_string(const char *name, const char *text, size_t len,
                       const struct config_vocab *vocab, struct config *cfg,
                       struct config_diags *diags);

/* Frees what cfg owns and zeroes it; safe on a zeroed one. */
void config_free(struct config *cfg);
void diags_free(struct config_diags *diags);
/* Frees cfg's bindings and empties the list (to put others in it). */
void config_bindings_free(struct config *cfg);

/* Writes every diagnostic's text, one a line. */
void diags_print(const struct config_diags *diags, FILE *out);

/* The name in names (NULL-terminated) nearest to word by edit distance,
 * if near enough to be a likely typo (a third of the word wrong, at
 * least one letter); else NULL. Borrowed from names. */
const char *config_suggest(const char *word, const char *const *names);

/* Borrowed: the profile named name, or NULL. */
const struct config_profile *config_profile_find(const struct config *cfg, const char *name);

/* Writes cfg as YAML that config_load reads back to the same
 * configuration, except the key, which shows as CONFIG_KEY_PLACEHOLDER.
 * Returns -1 on a write error (errno set). */
int config_print(const struct config *cfg, FILE *out);

/* 0 if the file holding an api_key may keep it: as ssh does for key
 * files, one that group or others have any access to is refused (-1,
 * API_ERR_POLICY) with the chmod that fixes it. */
int config_key_file_ok(const char *path, struct api_error *err);

/* Runs argv (argv[0] looked up in PATH; no shell) and takes its standard
 * output, with surrounding whitespace trimmed, as the key: *key is a heap
 * string the caller wipes and frees. stdin and stderr are the caller's, so
 * a password prompt can reach the terminal. A command that cannot start,
 * fails, is killed, runs past timeout_ms (it is killed then) or prints
 * nothing is -1 with one line in err (API_ERR_POLICY) naming argv[0],
 * never what it printed. */
int config_run_key_cmd(char *const argv[], int timeout_ms, char **key, struct api_error *err);

#endif
