/* Every colour on screen is a named slot in one table: its default
 * foreground, background and attributes, and the attributes used
 * without colour (NO_COLOR, monochrome terminals), where the selection
 * and the active tab are still marked by reverse video and a marker
 * glyph, never by colour alone. A theme file (config/theme_file.h) gives
 * the same slots other values; the table is themes/default.yaml, compiled
 * in for when no theme file can be found. theme_map.h computes what a
 * slot asks of the terminal; this module asks it. */
#ifndef SENDX_UI_THEME_H
#define SENDX_UI_THEME_H

#include <curses.h>
#include <stdbool.h>

#include "config/color.h"
#include "config/theme_file.h"

/* X(ENUM, "name", fg, bg, colour attrs, monochrome attrs); -1 is the
 * terminal's own colour ("default"). Muted text and errors take the
 * bright colours: plain blue and red on black are under 4.5:1. */
#define THEME_BRIGHT(c) ((c) + 8)
#define THEME_SLOTS(X)                                                                             \
    X(HEADER, "header", COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE)                              \
    X(HEADER_APP, "header.app", COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD)              \
    X(TAB, "tabs", -1, -1, A_NORMAL, A_NORMAL)                                                     \
    X(TAB_ACTIVE, "tabs.active", COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD)              \
    X(TAB_KEY, "tabs.key", COLOR_CYAN, -1, A_BOLD, A_BOLD)                                         \
    X(TITLE, "title", -1, -1, A_BOLD, A_BOLD)                                                      \
    X(TITLE_INFO, "title.info", COLOR_CYAN, -1, A_NORMAL, A_NORMAL)                                \
    X(TABLE_HEADER, "table.header", COLOR_YELLOW, -1, A_BOLD, A_UNDERLINE)                         \
    X(ROW, "table.row", -1, -1, A_NORMAL, A_NORMAL)                                                \
    X(SELECTION, "table.selection", COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE)                  \
    X(MARKER, "table.marker", COLOR_CYAN, -1, A_BOLD, A_BOLD)                                      \
    X(MUTED, "muted", THEME_BRIGHT(COLOR_BLUE), -1, A_BOLD, A_DIM)                                 \
    X(OK, "status.ok", COLOR_GREEN, -1, A_NORMAL, A_NORMAL)                                        \
    X(WARN, "status.warn", COLOR_YELLOW, -1, A_BOLD, A_BOLD)                                       \
    X(ERROR, "status.error", THEME_BRIGHT(COLOR_RED), -1, A_BOLD, A_BOLD | A_REVERSE)              \
    X(INFO, "status.info", -1, -1, A_NORMAL, A_NORMAL)                                             \
    X(HINT, "status.hint", COLOR_CYAN, -1, A_NORMAL, A_DIM)                                        \
    X(PROMPT, "prompt", -1, -1, A_BOLD, A_BOLD)                                                    \
    X(SPINNER, "spinner", COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE)                             \
    X(LABEL, "detail.label", COLOR_CYAN, -1, A_NORMAL, A_BOLD)                                     \
    X(VALUE, "detail.value", -1, -1, A_NORMAL, A_NORMAL)                                           \
    X(HEADING, "detail.heading", COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE)                   \
    X(BAR, "chart.bar", COLOR_GREEN, -1, A_NORMAL, A_NORMAL)                                       \
    X(DIALOG, "dialog", -1, -1, A_NORMAL, A_NORMAL)                                                \
    X(DIALOG_BORDER, "dialog.border", COLOR_CYAN, -1, A_BOLD, A_BOLD)                              \
    X(DIALOG_KEY, "dialog.key", COLOR_YELLOW, -1, A_BOLD, A_BOLD)

enum theme_slot {
#define THEME_ENUM(e, name, fg, bg, attrs, mono) THEME_##e,
    THEME_SLOTS(THEME_ENUM)
#undef THEME_ENUM
        THEME_SLOT_COUNT
};

struct theme_slot_value {
    const char *name;
    short fg, bg;
    unsigned attrs, mono;
};

/* The compiled-in table: the theme used when no theme file is found. */
extern const struct theme_slot_value theme_slots[THEME_SLOT_COUNT];

/* The slot names in table order, for loading theme files (theme_file.h). */
const struct theme_file_slots *theme_slot_names(void);

/* Where theme files are looked for, in rising priority: the installed
 * `<datadir>/sendx-tui/themes`, then `<dir of the binary>/themes` (a build
 * tree has them there; above the installed ones so that a build never
 * draws with an older install's themes), then the user's
 * $XDG_CONFIG_HOME/sendx-tui/themes (else ~/.config/sendx-tui/themes).
 * Directories that do not exist are listed all the same. The paths live
 * in *store, which must outlive dirs. */
struct theme_dirs_store {
    char paths[THEME_FILE_MAX_DIRS][4096];
};
void theme_search_dirs(struct theme_file_dirs *dirs, struct theme_dirs_store *store);

/* After initscr, before the first frame: settles the depth (theme_map_depth
 * over the terminfo entry's colours and NO_COLOR; no colour at all when
 * the terminal has none or start_color fails), then uses spec as
 * theme_use does. */
void theme_init(const struct theme_spec *spec);

/* Draws with spec (NULL: the compiled-in table) from now on, at the depth
 * theme_init settled: every slot's colour pair is defined again and its
 * attributes taken anew; the caller redraws everything. spec is not kept.
 * A pair the terminal refuses leaves its slot without colour, its
 * attributes kept. */
void theme_use(const struct theme_spec *spec);

/* The depth theme_init settled on: COLOR_DEPTH_TRUE only over a
 * direct-colour terminfo entry. */
enum color_depth theme_depth(void);

/* The curses attributes for a slot. */
unsigned theme_attr(enum theme_slot slot);

/* Whether the locale is UTF-8 (else ASCII stands in for block glyphs). */
bool theme_unicode(void);

/* Whether the terminal shows colour (else markers carry meaning). */
bool theme_has_color(void);

#endif
