#include "config/color.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const ansi_names[16] = {
    "black",        "red",           "green",       "yellow",         "blue",
    "magenta",      "cyan",          "white",       "bright-black",   "bright-red",
    "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
    "bright-white",
};

/* xterm's defaults: terminals repaint these, so they are a guess used
 * only for contrast and for fitting 24-bit colours onto 16 or 8. */
static const struct color_rgb ansi_rgb[16] = {
    {0x00, 0x00, 0x00}, {0xcd, 0x00, 0x00}, {0x00, 0xcd, 0x00}, {0xcd, 0xcd, 0x00},
    {0x00, 0x00, 0xee}, {0xcd, 0x00, 0xcd}, {0x00, 0xcd, 0xcd}, {0xe5, 0xe5, 0xe5},
    {0x7f, 0x7f, 0x7f}, {0xff, 0x00, 0x00}, {0x00, 0xff, 0x00}, {0xff, 0xff, 0x00},
    {0x5c, 0x5c, 0xff}, {0xff, 0x00, 0xff}, {0x00, 0xff, 0xff}, {0xff, 0xff, 0xff},
};

static const uint8_t cube_levels[6] = {0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff};

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool parse_hex(const char *text, struct color *out)
{
    uint8_t v[3];
    for (int i = 0; i < 3; i++) {
        int hi = hex_digit(text[1 + 2 * i]), lo = hi < 0 ? -1 : hex_digit(text[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            return false;
        v[i] = (uint8_t)(hi * 16 + lo);
    }
    if (text[7] != '\0')
        return false;
    *out = (struct color){.kind = COLOR_KIND_RGB, .rgb = {v[0], v[1], v[2]}};
    return true;
}

static bool parse_index(const char *text, struct color *out)
{
    size_t len = strspn(text, "0123456789");
    if (len == 0 || len > 3 || text[len] != '\0')
        return false;
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n = n * 10 + (text[i] - '0');
    if (n > 255)
        return false;
    *out = (struct color){.kind = COLOR_KIND_INDEX, .index = (uint8_t)n};
    return true;
}

static bool parse_name(const char *text, struct color *out)
{
    for (int i = 0; i < 16; i++) {
        if (strcmp(text, ansi_names[i]) == 0) {
            *out = (struct color){.kind = COLOR_KIND_INDEX, .index = (uint8_t)i};
            return true;
        }
    }
    return false;
}

static bool refuse(const char **problem, const char *why)
{
    if (problem)
        *problem = why;
    return false;
}

bool color_parse(const char *text, struct color *out, const char **problem)
{
    if (!text || !*text)
        return refuse(problem, "an empty colour");
    if (strcmp(text, "default") == 0) {
        *out = (struct color){.kind = COLOR_KIND_DEFAULT};
        return true;
    }
    if (text[0] == '#')
        return parse_hex(text, out) ||
               refuse(problem, "a hex colour is # and six hex digits (#rrggbb)");
    if (text[0] >= '0' && text[0] <= '9')
        return parse_index(text, out) || refuse(problem, "a colour index is 0 to 255");
    return parse_name(text, out) ||
           refuse(problem, "not a colour: use default, a name (red, bright-blue, ...), "
                           "0-255 or #rrggbb");
}

char *color_format(struct color c, char *buf, size_t len)
{
    switch (c.kind) {
    case COLOR_KIND_DEFAULT:
        snprintf(buf, len, "default");
        break;
    case COLOR_KIND_INDEX:
        if (c.index < 16)
            snprintf(buf, len, "%s", ansi_names[c.index]);
        else
            snprintf(buf, len, "%u", (unsigned)c.index);
        break;
    case COLOR_KIND_RGB:
        snprintf(buf, len, "#%02x%02x%02x", c.rgb.r, c.rgb.g, c.rgb.b);
        break;
    }
    return buf;
}

enum color_depth color_depth_detect(const char *colorterm, int terminfo_colors,
                                    const char *no_color)
{
    if (no_color && *no_color)
        return COLOR_DEPTH_NONE;
    if (colorterm && (strcmp(colorterm, "truecolor") == 0 || strcmp(colorterm, "24bit") == 0))
        return COLOR_DEPTH_TRUE;
    if (terminfo_colors >= 1 << 24)
        return COLOR_DEPTH_TRUE;
    if (terminfo_colors >= 256)
        return COLOR_DEPTH_256;
    if (terminfo_colors >= 16)
        return COLOR_DEPTH_16;
    if (terminfo_colors >= 8)
        return COLOR_DEPTH_8;
    return COLOR_DEPTH_NONE;
}

/* "Redmean" weighted distance: far closer to what the eye sees than
 * plain RGB distance, for the price of a few multiplications. */
static long distance(struct color_rgb a, struct color_rgb b)
{
    long rmean = ((long)a.r + b.r) / 2;
    long dr = (long)a.r - b.r, dg = (long)a.g - b.g, db = (long)a.b - b.b;
    return (((512 + rmean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - rmean) * db * db) >> 8);
}

struct color_rgb color_index_rgb(uint8_t index)
{
    if (index < 16)
        return ansi_rgb[index];
    if (index >= 232) {
        uint8_t v = (uint8_t)(8 + 10 * (index - 232));
        return (struct color_rgb){v, v, v};
    }
    int i = index - 16;
    return (struct color_rgb){cube_levels[i / 36], cube_levels[i / 6 % 6], cube_levels[i % 6]};
}

uint8_t color_nearest_256(struct color_rgb rgb)
{
    uint8_t best = 16;
    long best_d = distance(rgb, color_index_rgb(16));
    for (int i = 17; i < 256; i++) {
        long d = distance(rgb, color_index_rgb((uint8_t)i));
        if (d < best_d) {
            best_d = d;
            best = (uint8_t)i;
        }
    }
    return best;
}

uint8_t color_nearest_ansi(struct color_rgb rgb, int n)
{
    uint8_t best = 0;
    long best_d = distance(rgb, ansi_rgb[0]);
    for (int i = 1; i < n && i < 16; i++) {
        long d = distance(rgb, ansi_rgb[i]);
        if (d < best_d) {
            best_d = d;
            best = (uint8_t)i;
        }
    }
    return best;
}

static int depth_palette(enum color_depth depth)
{
    switch (depth) {
    case COLOR_DEPTH_8:
        return 8;
    case COLOR_DEPTH_16:
        return 16;
    case COLOR_DEPTH_256:
        return 256;
    default:
        return 0;
    }
}

struct color color_at_depth(struct color c, enum color_depth depth)
{
    if (c.kind == COLOR_KIND_DEFAULT || depth == COLOR_DEPTH_NONE)
        return (struct color){.kind = COLOR_KIND_DEFAULT};
    if (depth == COLOR_DEPTH_TRUE)
        return c;
    int n = depth_palette(depth);
    if (c.kind == COLOR_KIND_INDEX && c.index < n)
        return c;
    struct color_rgb rgb = c.kind == COLOR_KIND_RGB ? c.rgb : color_index_rgb(c.index);
    uint8_t index = n == 256 ? color_nearest_256(rgb) : color_nearest_ansi(rgb, n);
    return (struct color){.kind = COLOR_KIND_INDEX, .index = index};
}

struct color_rgb color_resolve(struct color c, struct color_rgb terminal_default)
{
    switch (c.kind) {
    case COLOR_KIND_INDEX:
        return color_index_rgb(c.index);
    case COLOR_KIND_RGB:
        return c.rgb;
    default:
        return terminal_default;
    }
}

static double linear(uint8_t channel)
{
    double c = channel / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(struct color_rgb c)
{
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double color_contrast(struct color_rgb a, struct color_rgb b)
{
    double la = luminance(a), lb = luminance(b);
    double hi = la > lb ? la : lb, lo = la > lb ? lb : la;
    return (hi + 0.05) / (lo + 0.05);
}
