/* Theme files: `themes/NAME.yaml`, installed with the app, and the user's
 * own in $XDG_CONFIG_HOME/sendx-tui/themes/, loaded into a plain
 * struct theme_spec. A file reads:
 *
 *   name: gruvbox            # must match the file's name, NAME.yaml
 *   parent: default          # optional: start from that theme
 *   background: dark         # optional (dark): the terminal's own colours
 *   slots:
 *     header: {fg: "#ebdbb2", bg: 237, attrs: [bold]}
 *     table.selection: {fg: black, bg: "#83a598"}
 *
 * A slot's fg and bg take what color_parse reads; attrs is a list of
 * bold, dim, underline, reverse, italic. A slot a file gives overrides
 * its parent's field by field: what it leaves out keeps the parent's.
 *
 * The slot names come from the caller (ui/theme.h's table), so config/
 * never needs curses. Files are capped in size before any YAML is read,
 * and read through yaml.h (aliases refused, a repeated key named); the
 * nesting is capped on the tree. Every problem in a file (and its
 * parents) is reported, each as FILE:LINE:COLUMN: what, except that a
 * file yaml.h refuses is reported by that one error. */
#ifndef SENDX_CONFIG_THEME_FILE_H
#define SENDX_CONFIG_THEME_FILE_H

#include "api/api_error.h"
#include "config/color.h"

#include <stdbool.h>
#include <stddef.h>

/* Files larger than this are refused unread. */
#define THEME_FILE_MAX_BYTES (64 * 1024)
/* Deeper nesting than a theme ever needs is refused (a theme uses 3). */
#define THEME_FILE_MAX_DEPTH 8
/* A chain of parents longer than this is refused. */
#define THEME_FILE_MAX_PARENTS 8
/* The most directories a search list holds. */
#define THEME_FILE_MAX_DIRS 4

/* Attribute bits; what curses calls them is the UI's business. */
enum theme_file_attr {
    THEME_FILE_BOLD = 1 << 0,
    THEME_FILE_DIM = 1 << 1,
    THEME_FILE_UNDERLINE = 1 << 2,
    THEME_FILE_REVERSE = 1 << 3,
    THEME_FILE_ITALIC = 1 << 4,
};

/* What "default" stands for, for contrast: the terminal's own colours. */
enum theme_file_background {
    THEME_FILE_DARK,
    THEME_FILE_LIGHT,
};

struct theme_file_slot {
    struct color fg, bg;
    unsigned attrs; /* enum theme_file_attr bits */
    bool set;       /* the theme or one of its parents gave the slot */
};

/* The slots a theme may set, borrowed from the caller for the lifetime
 * of every theme_spec loaded with them. */
struct theme_file_slots {
    const char *const *names;
    size_t count;
};

/* A theme with its parents applied. Owns name, path and slots. */
struct theme_spec {
    char *name;
    char *path; /* the file it was read from */
    enum theme_file_background background;
    struct theme_file_slot *slots; /* one per slot name, in the caller's order; a
                                      slot no file gave is default/default, no attrs,
                                      and not set (the UI draws it as its compiled-in
                                      table does) */
    size_t slot_count;
};

/* Where themes are looked for, in rising priority: a user's theme
 * shadows an installed one of the same name. Borrowed strings. */
struct theme_file_dirs {
    const char *dirs[THEME_FILE_MAX_DIRS];
    size_t count;
};

/* The search list from its parts: installed_dir (may be NULL), then
 * $XDG_CONFIG_HOME/sendx-tui/themes, else $HOME/.config/sendx-tui/themes
 * (xdg_config_home and home as the environment holds them, NULL when
 * unset). The user's directory is written into user_buf (of size len);
 * a path that does not fit there is left out. */
void theme_file_dirs_init(struct theme_file_dirs *dirs, const char *installed_dir,
                          const char *xdg_config_home, const char *home, char *user_buf,
                          size_t len);

/* Whether name may name a theme: letters, digits, '-', '_' and '.', not
 * first, at most 64 characters; so a name can never reach outside the
 * theme directories. */
bool theme_file_name_ok(const char *name);

/* The path of theme NAME: the highest-priority directory holding
 * NAME.yaml. The caller frees it. NULL with err set (API_ERR_INVALID) when
 * the name is not valid or no directory holds it, or (API_ERR_NOMEM). */
char *theme_file_find(const struct theme_file_dirs *dirs, const char *name, struct api_error *err);

/* Loads theme NAME found through dirs, its parents found the same way,
 * into *out (which the caller frees with theme_file_free, also after a
 * failure). Returns 0, or -1 with every problem in err's message, one
 * per line (API_ERR_INVALID; API_ERR_NOMEM when memory ran out). */
int theme_file_load(const struct theme_file_dirs *dirs, const char *name,
                    const struct theme_file_slots *slots, struct theme_spec *out,
                    struct api_error *err);

/* The same for a file named by path (`--check-config` on a file), its
 * parents found through dirs. */
int theme_file_load_path(const struct theme_file_dirs *dirs, const char *path,
                         const struct theme_file_slots *slots, struct theme_spec *out,
                         struct api_error *err);

/* The same for the len bytes of text (no NUL needed), held in memory as
 * if read from path: its name must still be path's, and its parents are
 * still files found through dirs. For tests and fuzzing. */
int theme_file_load_text(const struct theme_file_dirs *dirs, const char *path, const char *text,
                         size_t len, const struct theme_file_slots *slots, struct theme_spec *out,
                         struct api_error *err);

/* Frees what *spec owns and zeroes it. Safe on a zeroed struct. */
void theme_file_free(struct theme_spec *spec);

/* The RGB the terminal's own fg and bg are assumed to be for a theme's
 * background hint (for contrast checks only). */
struct color_rgb theme_file_default_fg(enum theme_file_background background);
struct color_rgb theme_file_default_bg(enum theme_file_background background);

/* The WCAG contrast of a slot's fg over its bg, "default" resolved by the
 * theme's background hint (reverse swaps the two, which keeps the ratio). */
double theme_file_slot_contrast(const struct theme_spec *spec, size_t slot);

/* The attribute's bit for its name ("bold"), 0 when unknown. */
unsigned theme_file_attr_parse(const char *name);

/* ---- every theme found --------------------------------------------------- */

/* One theme the directories hold: loaded, or the reason it would not load. */
struct theme_set_entry {
    char *name;
    struct theme_spec spec; /* zeroed when errors is set */
    char *errors;           /* NULL when it loaded; else every problem, one a line */
};

/* The themes of a search list by name, sorted; owns its entries. */
struct theme_set {
    struct theme_set_entry *items;
    size_t n;
};

/* Loads every NAME.yaml that dirs hold, each as theme_file_load finds it
 * by name: a user's theme shadows an installed one of that name, and its
 * parents may come from any of the directories. Files that could not be
 * found by name are passed over (other extensions, hidden files, names
 * theme_file_name_ok refuses, what is not a regular file), and so are
 * directories that cannot be read. A theme with errors is kept with them
 * (each FILE:LINE:COLUMN: what), so that choosing it can say why. Returns
 * 0, or -1 (err set) only when memory runs out; *set is the caller's to
 * free with theme_set_free either way. */
int theme_set_load(struct theme_set *set, const struct theme_file_dirs *dirs,
                   const struct theme_file_slots *slots, struct api_error *err);

/* The entry called name, or NULL. Borrowed: valid until theme_set_free. */
const struct theme_set_entry *theme_set_find(const struct theme_set *set, const char *name);

void theme_set_free(struct theme_set *set);

#endif
