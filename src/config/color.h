/* Colour values as a theme file writes them, and the arithmetic the UI
 * needs before it hands them to curses: fitting a colour to what the
 * terminal can show, guessing that depth from the environment, and the
 * WCAG contrast between two colours. Pure functions on plain values:
 * nothing here allocates, reads the environment or knows curses. */
#ifndef SENDX_CONFIG_COLOR_H
#define SENDX_CONFIG_COLOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum color_kind {
    COLOR_KIND_DEFAULT, /* the terminal's own foreground or background */
    COLOR_KIND_INDEX,   /* a palette entry, 0-255; the 16 names are 0-15 */
    COLOR_KIND_RGB,     /* #rrggbb */
};

struct color_rgb {
    uint8_t r, g, b;
};

struct color {
    enum color_kind kind;
    uint8_t index;        /* COLOR_KIND_INDEX */
    struct color_rgb rgb; /* COLOR_KIND_RGB */
};

/* What the terminal can show, least to most. */
enum color_depth {
    COLOR_DEPTH_NONE, /* monochrome, or NO_COLOR: attributes only */
    COLOR_DEPTH_8,
    COLOR_DEPTH_16,
    COLOR_DEPTH_256,
    COLOR_DEPTH_TRUE, /* 24-bit */
};

/* Parses "default", a name ("red", "bright-blue": the 16 ANSI colours),
 * an index "0".."255" or "#rrggbb" (either case). On failure returns
 * false, leaves *out alone and points *problem (may be NULL) at static
 * text saying why, for an error message. */
bool color_parse(const char *text, struct color *out, const char **problem);

/* The colour written back in the notation color_parse reads ("default",
 * the name for 0-15, the index, "#rrggbb") into buf of size len (16 is
 * always enough). Returns buf. */
char *color_format(struct color c, char *buf, size_t len);

/* The depth to draw at: NO_COLOR (the environment variable's value,
 * NULL when unset) non-empty means none, whatever else says; COLORTERM
 * "truecolor" or "24bit" means 24-bit; otherwise the terminfo colour
 * count decides (16777216 and over is 24-bit, as ncurses' direct-colour
 * entries report it). */
enum color_depth color_depth_detect(const char *colorterm, int terminfo_colors,
                                    const char *no_color);

/* The colour the terminal will be asked for at that depth: the nearest
 * xterm-256 entry for 24-bit at 256 colours (only the cube and the grey
 * ramp, whose values are fixed, unlike 0-15 which every terminal
 * repaints), the nearest of the first 16 or 8 below that, and "default"
 * with no colour at all. "default" stays "default" at every depth. */
struct color color_at_depth(struct color c, enum color_depth depth);

/* The nearest xterm-256 cube or grey entry (16-255) to rgb. */
uint8_t color_nearest_256(struct color_rgb rgb);

/* The nearest of the first n (8 or 16) ANSI colours to rgb, in their
 * xterm default values. */
uint8_t color_nearest_ansi(struct color_rgb rgb, int n);

/* The RGB an index stands for: xterm's default palette for 0-15, the
 * fixed cube and grey ramp above. */
struct color_rgb color_index_rgb(uint8_t index);

/* The RGB c resolves to, with "default" as the given terminal colour
 * (which a theme's dark/light hint supplies). */
struct color_rgb color_resolve(struct color c, struct color_rgb terminal_default);

/* The WCAG 2 contrast ratio between two colours, 1 (none) to 21. */
double color_contrast(struct color_rgb a, struct color_rgb b);

#endif
