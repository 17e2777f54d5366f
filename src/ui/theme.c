#include "ui/theme.h"

#include <curses.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/theme_map.h"

/* The UI thread's alone, like every curses call. */
static enum color_depth depth;
static bool default_colors;
static bool unicode;
static unsigned attrs[THEME_SLOT_COUNT];

void theme_init(const struct theme_spec *spec)
{
    unicode = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    const char *no_color = getenv("NO_COLOR");
    depth = COLOR_DEPTH_NONE;
    if (has_colors() && !(no_color && *no_color) && start_color() == OK) {
        depth = theme_map_depth(COLORS, no_color);
        default_colors = use_default_colors() == OK;
    }
    theme_use(spec);
}

/* A terminal without default colours (no `op` in its entry) refuses -1:
 * curses' own white on black stands in. */
static int reachable(int colour, short fallback)
{
    return colour < 0 && !default_colors ? fallback : colour;
}

void theme_use(const struct theme_spec *spec)
{
    for (int i = 0; i < THEME_SLOT_COUNT; i++) {
        struct theme_map_pair p = theme_map_slot(spec, (enum theme_slot)i, depth);
        attrs[i] = p.attrs;
        if (p.colour && init_extended_pair(i + 1, reachable(p.fg, COLOR_WHITE),
                                           reachable(p.bg, COLOR_BLACK)) == OK)
            attrs[i] |= (unsigned)COLOR_PAIR(i + 1);
    }
}

unsigned theme_attr(enum theme_slot slot)
{
    return attrs[slot];
}

bool theme_has_color(void)
{
    return depth != COLOR_DEPTH_NONE;
}

bool theme_unicode(void)
{
    return unicode;
}

enum color_depth theme_depth(void)
{
    return depth;
}

/* `<dir of the running binary>/themes` into buf; false when the binary
 * cannot be named or the path does not fit. */
static bool beside_binary(char *buf, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", buf, len - 1);
    if (n <= 0 || (size_t)n >= len - 1)
        return false;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return false;
    size_t dir = (size_t)(slash - buf);
    return snprintf(slash, len - dir, "/themes") < (int)(len - dir);
}

void theme_search_dirs(struct theme_file_dirs *dirs, struct theme_dirs_store *store)
{
    struct theme_file_dirs user;
    theme_file_dirs_init(&user, NULL, getenv("XDG_CONFIG_HOME"), getenv("HOME"), store->paths[1],
                         sizeof store->paths[1]);
    *dirs = (struct theme_file_dirs){.dirs = {SENDX_THEMES_INSTALL_DIR}, .count = 1};
    if (beside_binary(store->paths[0], sizeof store->paths[0]))
        dirs->dirs[dirs->count++] = store->paths[0];
    for (size_t i = 0; i < user.count; i++)
        dirs->dirs[dirs->count++] = user.dirs[i];
}
