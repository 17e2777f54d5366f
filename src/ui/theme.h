/* Every colour on screen is a named slot in one table: its default
 * foreground, background and attributes, and the attributes used
 * without colour (NO_COLOR, monochrome terminals), where the selection
 * and the active tab are still marked by reverse video and a marker
 * glyph, never by colour alone. A theme file (the configuration issue)
 * will only have to load values into theme_slots. */
#ifndef SENDX_UI_THEME_H
#define SENDX_UI_THEME_H

#include <stdbool.h>

/* X(ENUM, "name", fg, bg, colour attrs, monochrome attrs); -1 is the
 * terminal's own colour ("default"). */
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
    X(MUTED, "muted", COLOR_BLUE, -1, A_BOLD, A_DIM)                                               \
    X(OK, "status.ok", COLOR_GREEN, -1, A_NORMAL, A_NORMAL)                                        \
    X(WARN, "status.warn", COLOR_YELLOW, -1, A_BOLD, A_BOLD)                                       \
    X(ERROR, "status.error", COLOR_RED, -1, A_BOLD, A_BOLD | A_REVERSE)                            \
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

/* The table, editable before theme_init (a theme file loads into it). */
extern struct theme_slot_value theme_slots[THEME_SLOT_COUNT];

/* After initscr: colour pairs, or monochrome when the terminal has no
 * colours or NO_COLOR is set. */
void theme_init(void);

/* The curses attributes for a slot. */
unsigned theme_attr(enum theme_slot slot);

/* Whether the locale is UTF-8 (else ASCII stands in for block glyphs). */
bool theme_unicode(void);

/* Whether the terminal shows colour (else markers carry meaning). */
bool theme_has_color(void);

#endif
