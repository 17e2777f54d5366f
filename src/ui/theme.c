#include "ui/theme.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

struct theme_slot_value theme_slots[THEME_SLOT_COUNT] = {
#define THEME_ROW(e, n, fg, bg, attrs, mono) [THEME_##e] = {n, fg, bg, attrs, mono},
    THEME_SLOTS(THEME_ROW)
#undef THEME_ROW
};

static bool colour;
static bool unicode;

void theme_init(void)
{
    unicode = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    const char *no_color = getenv("NO_COLOR");
    colour = has_colors() && !(no_color && *no_color) && start_color() == OK;
    if (!colour)
        return;
    use_default_colors();
    for (int i = 0; i < THEME_SLOT_COUNT; i++)
        init_pair((short)(i + 1), theme_slots[i].fg, theme_slots[i].bg);
}

unsigned theme_attr(enum theme_slot slot)
{
    if (!colour)
        return theme_slots[slot].mono;
    return (unsigned)COLOR_PAIR(slot + 1) | theme_slots[slot].attrs;
}

bool theme_has_color(void)
{
    return colour;
}

bool theme_unicode(void)
{
    return unicode;
}
