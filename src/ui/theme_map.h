/* The pure half of theming: what ncurses is to be asked for to draw a
 * slot of a theme at a colour depth, computed without calling curses,
 * so that every theme can be checked at every depth without a terminal.
 * theme.c hands the result to init_extended_pair and attron. */
#ifndef SENDX_UI_THEME_MAP_H
#define SENDX_UI_THEME_MAP_H

#include <stdbool.h>

#include "config/color.h"
#include "config/theme_file.h"
#include "ui/theme.h"

/* One slot as the terminal is asked for it. */
struct theme_map_pair {
    bool colour; /* false: no colour pair at all, attributes alone */
    /* For init_extended_pair: -1 is the terminal's own colour; else a
     * palette index, or at COLOR_DEPTH_TRUE a packed 0xRRGGBB (0-7 stay
     * palette indexes there: see theme_map_color). Both -1 without colour. */
    int fg, bg;
    unsigned attrs; /* curses attributes (A_BOLD, ...), without the pair */
};

/* The depth to draw at, from the terminfo entry's colour count (COLORS
 * after start_color) and NO_COLOR's value (NULL when unset). COLORTERM is
 * consulted before, when the entry is chosen (term_open opens $TERM's
 * direct-colour sibling when COLORTERM asks for 24-bit): ncurses can send
 * 24-bit colour only through a direct-colour entry (colors >= 2^24, like
 * xterm-direct or tmux-direct), and over any other entry it sends no
 * colour number above the entry's count.
 * The palette is never redefined to fake more (init_color would repaint
 * the user's terminal for every program in it). */
enum color_depth theme_map_depth(int terminfo_colors, const char *no_color);

/* The colour number for c at depth: -1 for "default" (at every depth) and
 * with no colour; the palette index color_at_depth fits c to at 256, 16
 * and 8. At COLOR_DEPTH_TRUE, 0-7 stay indexes, the user's own palette,
 * as every direct-colour entry sends them; any other colour is packed
 * 0xRRGGBB (an index as xterm's default value), and one step of green is
 * added below 0x000100, which xterm-direct256 would read as a palette
 * index. */
int theme_map_color(struct color c, enum color_depth depth);

/* The curses attributes for enum theme_file_attr bits. */
unsigned theme_map_attrs(unsigned theme_file_attrs);

/* Slot of spec (NULL: the compiled-in table) at depth. A slot spec leaves
 * unset is the compiled-in table's. Without colour a theme's slot keeps
 * its attributes and one with a background colour is drawn in reverse
 * video, so that what the background marked (the selection, the active
 * tab) stays marked; the compiled-in table uses its monochrome column. */
struct theme_map_pair theme_map_slot(const struct theme_spec *spec, enum theme_slot slot,
                                     enum color_depth depth);

#endif
