#include "ui/theme_map.h"

#include <curses.h>

/* Here rather than in theme.c, so that the table and what is made of it
 * link without a terminal. */
const struct theme_slot_value theme_slots[THEME_SLOT_COUNT] = {
#define THEME_ROW(e, n, fg, bg, attrs, mono) [THEME_##e] = {n, fg, bg, attrs, mono},
    THEME_SLOTS(THEME_ROW)
#undef THEME_ROW
};

static const char *const slot_names[THEME_SLOT_COUNT] = {
#define THEME_NAME(e, n, fg, bg, attrs, mono) [THEME_##e] = n,
    THEME_SLOTS(THEME_NAME)
#undef THEME_NAME
};

static const struct theme_file_slots slot_list = {slot_names, THEME_SLOT_COUNT};

const struct theme_file_slots *theme_slot_names(void)
{
    return &slot_list;
}

enum color_depth theme_map_depth(int terminfo_colors, const char *no_color)
{
    return color_depth_detect(NULL, terminfo_colors, no_color);
}

static int packed(struct color_rgb rgb)
{
    int v = rgb.r << 16 | rgb.g << 8 | rgb.b;
    return v < 0x100 ? v | 0x100 : v;
}

int theme_map_color(struct color c, enum color_depth depth)
{
    struct color fitted = color_at_depth(c, depth);
    if (fitted.kind == COLOR_KIND_DEFAULT)
        return -1;
    if (fitted.kind == COLOR_KIND_INDEX && (depth != COLOR_DEPTH_TRUE || fitted.index < 8))
        return fitted.index;
    return packed(color_resolve(fitted, (struct color_rgb){0}));
}

unsigned theme_map_attrs(unsigned theme_file_attrs)
{
    static const struct {
        unsigned bit, attr;
    } bits[] = {
        {THEME_FILE_BOLD, A_BOLD},           {THEME_FILE_DIM, A_DIM},
        {THEME_FILE_UNDERLINE, A_UNDERLINE}, {THEME_FILE_REVERSE, A_REVERSE},
        {THEME_FILE_ITALIC, A_ITALIC},
    };
    unsigned attrs = 0;
    for (size_t i = 0; i < sizeof bits / sizeof *bits; i++)
        attrs |= theme_file_attrs & bits[i].bit ? bits[i].attr : 0;
    return attrs;
}

static struct color table_color(short c)
{
    if (c < 0)
        return (struct color){.kind = COLOR_KIND_DEFAULT};
    return (struct color){.kind = COLOR_KIND_INDEX, .index = (uint8_t)c};
}

static struct theme_map_pair builtin(enum theme_slot slot, enum color_depth depth)
{
    const struct theme_slot_value *v = &theme_slots[slot];
    if (depth == COLOR_DEPTH_NONE)
        return (struct theme_map_pair){.fg = -1, .bg = -1, .attrs = v->mono};
    return (struct theme_map_pair){
        .colour = true,
        .fg = theme_map_color(table_color(v->fg), depth),
        .bg = theme_map_color(table_color(v->bg), depth),
        .attrs = v->attrs,
    };
}

struct theme_map_pair theme_map_slot(const struct theme_spec *spec, enum theme_slot slot,
                                     enum color_depth depth)
{
    if (!spec || (size_t)slot >= spec->slot_count || !spec->slots[slot].set)
        return builtin(slot, depth);
    const struct theme_file_slot *s = &spec->slots[slot];
    unsigned attrs = theme_map_attrs(s->attrs);
    if (depth == COLOR_DEPTH_NONE) {
        bool on_colour = s->bg.kind != COLOR_KIND_DEFAULT;
        return (struct theme_map_pair){
            .fg = -1, .bg = -1, .attrs = attrs | (on_colour ? A_REVERSE : 0)};
    }
    return (struct theme_map_pair){
        .colour = true,
        .fg = theme_map_color(s->fg, depth),
        .bg = theme_map_color(s->bg, depth),
        .attrs = attrs,
    };
}
