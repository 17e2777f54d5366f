/* A theme's slots as the terminal is asked for them: the colour numbers
 * and attributes at each depth (24-bit over a direct-colour entry, 256,
 * 16, 8, none), computed without a terminal for every shipped theme; then
 * the real thing on ncurses screens written to /dev/null: the depth
 * settled, the pairs defined, a theme switched at run time. */
#include <criterion/criterion.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/theme_file.h"
#include "terminfo.h"
#include "tree.h"
#include "ui/theme.h"
#include "ui/term.h"
#include "ui/theme_map.h"

static const char *const shipped[] = {"default", "light", "gruvbox", "high-contrast", "mono"};
static const enum color_depth depths[] = {COLOR_DEPTH_TRUE, COLOR_DEPTH_256, COLOR_DEPTH_16,
                                          COLOR_DEPTH_8, COLOR_DEPTH_NONE};

static void load_shipped(const char *name, struct theme_spec *spec)
{
    struct theme_file_dirs dirs = {.dirs = {THEMES_DIR}, .count = 1};
    struct api_error err = {0};
    cr_assert_eq(theme_file_load(&dirs, name, theme_slot_names(), spec, &err), 0, "%s: %s", name,
                 api_error_message(&err));
}

static struct color rgb(uint8_t r, uint8_t g, uint8_t b)
{
    return (struct color){.kind = COLOR_KIND_RGB, .rgb = {r, g, b}};
}

static struct color indexed(uint8_t i)
{
    return (struct color){.kind = COLOR_KIND_INDEX, .index = i};
}

static const struct color terminal_own = {.kind = COLOR_KIND_DEFAULT};

/* What the theme file's bits are called in curses, written out here
 * rather than taken from theme_map_attrs. */
static unsigned curses_attrs(unsigned bits)
{
    return (bits & THEME_FILE_BOLD ? A_BOLD : 0) | (bits & THEME_FILE_DIM ? A_DIM : 0) |
           (bits & THEME_FILE_UNDERLINE ? A_UNDERLINE : 0) |
           (bits & THEME_FILE_REVERSE ? A_REVERSE : 0) | (bits & THEME_FILE_ITALIC ? A_ITALIC : 0);
}

static void assert_pair(struct theme_map_pair p, int fg, int bg, unsigned attrs, const char *what)
{
    cr_assert(p.colour, "%s: no colour", what);
    cr_assert_eq(p.fg, fg, "%s: fg %#x, wanted %#x", what, p.fg, fg);
    cr_assert_eq(p.bg, bg, "%s: bg %#x, wanted %#x", what, p.bg, bg);
    cr_assert_eq(p.attrs, attrs, "%s: attrs %#x, wanted %#x", what, p.attrs, attrs);
}

/* The depth. */

Test(depth, from_the_terminfo_entry_and_no_color)
{
    cr_assert_eq(theme_map_depth(16777216, NULL), COLOR_DEPTH_TRUE);
    cr_assert_eq(theme_map_depth(256, NULL), COLOR_DEPTH_256);
    cr_assert_eq(theme_map_depth(88, NULL), COLOR_DEPTH_16);
    cr_assert_eq(theme_map_depth(16, NULL), COLOR_DEPTH_16);
    cr_assert_eq(theme_map_depth(8, NULL), COLOR_DEPTH_8);
    cr_assert_eq(theme_map_depth(2, NULL), COLOR_DEPTH_NONE);
    cr_assert_eq(theme_map_depth(-1, NULL), COLOR_DEPTH_NONE);
    cr_assert_eq(theme_map_depth(16777216, "1"), COLOR_DEPTH_NONE);
    cr_assert_eq(theme_map_depth(256, ""), COLOR_DEPTH_256);
}

/* Colours. */

Test(colour, default_stays_the_terminals_at_every_depth)
{
    for (size_t d = 0; d < sizeof depths / sizeof *depths; d++)
        cr_assert_eq(theme_map_color(terminal_own, depths[d]), -1, "depth %d", depths[d]);
}

Test(colour, hex_falls_to_the_nearest_of_each_palette)
{
    struct color orange = rgb(0xff, 0x87, 0x00);
    cr_assert_eq(theme_map_color(orange, COLOR_DEPTH_TRUE), 0xff8700);
    cr_assert_eq(theme_map_color(orange, COLOR_DEPTH_256), 208);
    cr_assert_eq(theme_map_color(orange, COLOR_DEPTH_16), COLOR_YELLOW);
    cr_assert_eq(theme_map_color(orange, COLOR_DEPTH_8), COLOR_YELLOW);
    cr_assert_eq(theme_map_color(orange, COLOR_DEPTH_NONE), -1);
    /* Exactly on the cube and the grey ramp. */
    cr_assert_eq(theme_map_color(rgb(0x00, 0x5f, 0x87), COLOR_DEPTH_256), 24);
    cr_assert_eq(theme_map_color(rgb(0xaf, 0xd7, 0xff), COLOR_DEPTH_256), 153);
    cr_assert_eq(theme_map_color(rgb(0x44, 0x44, 0x44), COLOR_DEPTH_256), 238);
    cr_assert_eq(theme_map_color(rgb(0xaf, 0x00, 0x00), COLOR_DEPTH_16), COLOR_RED);
}

Test(colour, indexes_at_each_depth)
{
    cr_assert_eq(theme_map_color(indexed(COLOR_CYAN), COLOR_DEPTH_256), COLOR_CYAN);
    cr_assert_eq(theme_map_color(indexed(12), COLOR_DEPTH_256), 12);
    cr_assert_eq(theme_map_color(indexed(12), COLOR_DEPTH_16), 12);
    cr_assert_eq(theme_map_color(indexed(12), COLOR_DEPTH_8), COLOR_BLUE);
    cr_assert_eq(theme_map_color(indexed(196), COLOR_DEPTH_256), 196);
    cr_assert_eq(theme_map_color(indexed(196), COLOR_DEPTH_16), 9);
    cr_assert_eq(theme_map_color(indexed(196), COLOR_DEPTH_8), COLOR_RED);
}

/* Over a direct-colour entry, 0-7 reach the user's palette; everything
 * else is sent as RGB, never as a number a direct entry reads as an
 * index. */
Test(colour, direct_colour_is_packed_rgb)
{
    cr_assert_eq(theme_map_color(rgb(0xeb, 0xdb, 0xb2), COLOR_DEPTH_TRUE), 0xebdbb2);
    cr_assert_eq(theme_map_color(indexed(COLOR_CYAN), COLOR_DEPTH_TRUE), COLOR_CYAN);
    cr_assert_eq(theme_map_color(indexed(0), COLOR_DEPTH_TRUE), 0);
    cr_assert_eq(theme_map_color(indexed(12), COLOR_DEPTH_TRUE), 0x5c5cff);
    cr_assert_eq(theme_map_color(indexed(196), COLOR_DEPTH_TRUE), 0xff0000);
    cr_assert_eq(theme_map_color(indexed(244), COLOR_DEPTH_TRUE), 0x808080);
    cr_assert_eq(theme_map_color(rgb(0, 0, 0), COLOR_DEPTH_TRUE), 0x000100);
    cr_assert_eq(theme_map_color(rgb(0, 0, 0xff), COLOR_DEPTH_TRUE), 0x0001ff);
    cr_assert_eq(theme_map_color(indexed(16), COLOR_DEPTH_TRUE), 0x000100);
    cr_assert_eq(theme_map_color(rgb(0, 1, 0), COLOR_DEPTH_TRUE), 0x000100);
    cr_assert_eq(theme_map_color(rgb(1, 0, 0), COLOR_DEPTH_TRUE), 0x010000);
}

Test(colour, attributes)
{
    cr_assert_eq(theme_map_attrs(0), A_NORMAL);
    cr_assert_eq(theme_map_attrs(THEME_FILE_BOLD), A_BOLD);
    cr_assert_eq(theme_map_attrs(THEME_FILE_DIM), A_DIM);
    cr_assert_eq(theme_map_attrs(THEME_FILE_UNDERLINE), A_UNDERLINE);
    cr_assert_eq(theme_map_attrs(THEME_FILE_REVERSE), A_REVERSE);
    cr_assert_eq(theme_map_attrs(THEME_FILE_ITALIC), A_ITALIC);
    cr_assert_eq(theme_map_attrs(THEME_FILE_BOLD | THEME_FILE_ITALIC), A_BOLD | A_ITALIC);
}

/* Slots of the shipped themes and of the compiled-in table. */

Test(slots, names_are_the_tables)
{
    const struct theme_file_slots *names = theme_slot_names();
    cr_assert_eq(names->count, THEME_SLOT_COUNT);
    for (size_t i = 0; i < names->count; i++)
        cr_assert_str_eq(names->names[i], theme_slots[i].name);
    cr_assert_str_eq(names->names[THEME_SELECTION], "table.selection");
    cr_assert_str_eq(names->names[THEME_TAB_ACTIVE], "tabs.active");
}

Test(slots, the_compiled_in_table_at_each_depth)
{
    assert_pair(theme_map_slot(NULL, THEME_HEADER, COLOR_DEPTH_256), COLOR_WHITE, COLOR_BLUE,
                A_NORMAL, "header");
    assert_pair(theme_map_slot(NULL, THEME_MUTED, COLOR_DEPTH_256), 12, -1, A_BOLD, "muted");
    assert_pair(theme_map_slot(NULL, THEME_MUTED, COLOR_DEPTH_8), COLOR_BLUE, -1, A_BOLD, "muted");
    assert_pair(theme_map_slot(NULL, THEME_ERROR, COLOR_DEPTH_TRUE), 0xff0000, -1, A_BOLD,
                "status.error");
    assert_pair(theme_map_slot(NULL, THEME_SELECTION, COLOR_DEPTH_TRUE), COLOR_BLACK, COLOR_CYAN,
                A_NORMAL, "table.selection");
    /* Without colour, the monochrome column. */
    struct theme_map_pair p = theme_map_slot(NULL, THEME_SELECTION, COLOR_DEPTH_NONE);
    cr_assert_not(p.colour);
    cr_assert_eq(p.attrs, A_REVERSE);
    cr_assert_eq(theme_map_slot(NULL, THEME_ERROR, COLOR_DEPTH_NONE).attrs, A_BOLD | A_REVERSE);
    cr_assert_eq(theme_map_slot(NULL, THEME_TABLE_HEADER, COLOR_DEPTH_NONE).attrs, A_UNDERLINE);
    cr_assert_eq(theme_map_slot(NULL, THEME_MUTED, COLOR_DEPTH_NONE).attrs, A_DIM);
}

Test(slots, shipped_themes_by_hand)
{
    struct theme_spec light, gruvbox, contrast, deflt;
    load_shipped("light", &light);
    load_shipped("gruvbox", &gruvbox);
    load_shipped("high-contrast", &contrast);
    load_shipped("default", &deflt);
    assert_pair(theme_map_slot(&light, THEME_HEADER, COLOR_DEPTH_256), 231, 24, A_NORMAL, "light");
    assert_pair(theme_map_slot(&light, THEME_SELECTION, COLOR_DEPTH_256), 16, 153, A_NORMAL,
                "light selection");
    assert_pair(theme_map_slot(&light, THEME_SELECTION, COLOR_DEPTH_TRUE), 0x000100, 0xafd7ff,
                A_NORMAL, "light selection, 24-bit");
    assert_pair(theme_map_slot(&light, THEME_HEADER, COLOR_DEPTH_8), COLOR_WHITE, COLOR_CYAN,
                A_NORMAL, "light at 8");
    assert_pair(theme_map_slot(&gruvbox, THEME_HEADER, COLOR_DEPTH_TRUE), 0xebdbb2, 0x3c3836,
                A_NORMAL, "gruvbox");
    assert_pair(theme_map_slot(&gruvbox, THEME_HEADER_APP, COLOR_DEPTH_TRUE), 0xfabd2f, 0x3c3836,
                A_BOLD, "gruvbox header.app");
    assert_pair(theme_map_slot(&contrast, THEME_ERROR, COLOR_DEPTH_256), 15, 124, A_BOLD,
                "high-contrast error");
    assert_pair(theme_map_slot(&contrast, THEME_ERROR, COLOR_DEPTH_8), COLOR_WHITE, COLOR_RED,
                A_BOLD, "high-contrast error at 8");
    assert_pair(theme_map_slot(&contrast, THEME_TABLE_HEADER, COLOR_DEPTH_TRUE), 0xffff00, -1,
                A_BOLD | A_UNDERLINE, "high-contrast table.header");
    assert_pair(theme_map_slot(&deflt, THEME_TAB_ACTIVE, COLOR_DEPTH_TRUE), COLOR_BLACK, COLOR_CYAN,
                A_BOLD, "default tabs.active");
    /* A theme's slot without colour: its attributes, reverse where a
     * background colour marked it. */
    cr_assert_eq(theme_map_slot(&gruvbox, THEME_SELECTION, COLOR_DEPTH_NONE).attrs,
                 A_BOLD | A_REVERSE);
    cr_assert_eq(theme_map_slot(&gruvbox, THEME_TABLE_HEADER, COLOR_DEPTH_NONE).attrs, A_BOLD);
    cr_assert_eq(theme_map_slot(&deflt, THEME_HEADER, COLOR_DEPTH_NONE).attrs, A_REVERSE);
    cr_assert_eq(theme_map_slot(&deflt, THEME_MUTED, COLOR_DEPTH_NONE).attrs, A_BOLD);
    theme_file_free(&light);
    theme_file_free(&gruvbox);
    theme_file_free(&contrast);
    theme_file_free(&deflt);
}

static int palette_size(enum color_depth depth)
{
    return depth == COLOR_DEPTH_256 ? 256 : depth == COLOR_DEPTH_16 ? 16 : 8;
}

/* What a colour must become at a depth, as far as can be said without
 * redoing the nearest-colour search. */
static void assert_colour_at(struct color c, int got, enum color_depth depth, const char *what)
{
    if (c.kind == COLOR_KIND_DEFAULT) {
        cr_assert_eq(got, -1, "%s: default became %d", what, got);
    } else if (depth == COLOR_DEPTH_TRUE && c.kind == COLOR_KIND_RGB) {
        int v = c.rgb.r << 16 | c.rgb.g << 8 | c.rgb.b;
        cr_assert_eq(got, v < 0x100 ? v | 0x100 : v, "%s: %#x", what, got);
    } else if (depth == COLOR_DEPTH_TRUE) {
        cr_assert(c.index < 8 ? got == c.index : got >= 0x100 && got <= 0xffffff, "%s: %d", what,
                  got);
    } else if (c.kind == COLOR_KIND_INDEX && c.index < palette_size(depth)) {
        cr_assert_eq(got, c.index, "%s: index %d became %d", what, c.index, got);
    } else {
        int least = depth == COLOR_DEPTH_256 ? 16 : 0;
        cr_assert(got >= least && got < palette_size(depth), "%s: %d", what, got);
    }
}

static void assert_slot_at(const struct theme_spec *spec, size_t i, enum color_depth depth)
{
    const struct theme_file_slot *s = &spec->slots[i];
    struct theme_map_pair p = theme_map_slot(spec, (enum theme_slot)i, depth);
    char what[96];
    snprintf(what, sizeof what, "%s %s at depth %d", spec->name, theme_slots[i].name, depth);
    unsigned attrs = curses_attrs(s->attrs);
    if (depth == COLOR_DEPTH_NONE) {
        cr_assert_not(p.colour, "%s", what);
        cr_assert(p.fg == -1 && p.bg == -1, "%s", what);
        bool on_colour = s->bg.kind != COLOR_KIND_DEFAULT;
        cr_assert_eq(p.attrs, attrs | (on_colour ? A_REVERSE : 0), "%s", what);
        return;
    }
    cr_assert(p.colour, "%s", what);
    cr_assert_eq(p.attrs, attrs, "%s", what);
    assert_colour_at(s->fg, p.fg, depth, what);
    assert_colour_at(s->bg, p.bg, depth, what);
}

Test(slots, every_shipped_theme_at_every_depth)
{
    for (size_t t = 0; t < sizeof shipped / sizeof *shipped; t++) {
        struct theme_spec spec;
        load_shipped(shipped[t], &spec);
        for (size_t d = 0; d < sizeof depths / sizeof *depths; d++) {
            for (size_t i = 0; i < THEME_SLOT_COUNT; i++)
                assert_slot_at(&spec, i, depths[d]);
        }
        theme_file_free(&spec);
    }
}

static void assert_marked(struct theme_map_pair on, struct theme_map_pair off, const char *what)
{
    cr_assert(on.attrs & A_REVERSE, "%s is not in reverse video", what);
    cr_assert_neq(on.attrs, off.attrs, "%s looks like its neighbours", what);
}

/* Without colour the selection and the active tab lose their background:
 * reverse video must still tell them from the rows and tabs around. */
Test(slots, selection_and_active_tab_stay_visible_without_colour)
{
    for (size_t t = 0; t <= sizeof shipped / sizeof *shipped; t++) {
        struct theme_spec spec = {0};
        bool builtin = t == sizeof shipped / sizeof *shipped;
        if (!builtin)
            load_shipped(shipped[t], &spec);
        const struct theme_spec *s = builtin ? NULL : &spec;
        char what[64];
        snprintf(what, sizeof what, "%s: table.selection", builtin ? "built-in" : shipped[t]);
        assert_marked(theme_map_slot(s, THEME_SELECTION, COLOR_DEPTH_NONE),
                      theme_map_slot(s, THEME_ROW, COLOR_DEPTH_NONE), what);
        snprintf(what, sizeof what, "%s: tabs.active", builtin ? "built-in" : shipped[t]);
        assert_marked(theme_map_slot(s, THEME_TAB_ACTIVE, COLOR_DEPTH_NONE),
                      theme_map_slot(s, THEME_TAB, COLOR_DEPTH_NONE), what);
        theme_file_free(&spec);
    }
}

/* A theme that gives only some slots keeps the compiled-in table's for
 * the rest, so that a small theme never loses the selection. */
Test(slots, a_slot_a_theme_leaves_out_is_the_builtin_one)
{
    struct theme_file_slot given[THEME_SLOT_COUNT] = {0};
    given[THEME_HEADER] = (struct theme_file_slot){
        .fg = rgb(0xff, 0x87, 0x00), .bg = terminal_own, .attrs = THEME_FILE_ITALIC, .set = true};
    struct theme_spec spec = {.name = "partial", .slots = given, .slot_count = THEME_SLOT_COUNT};
    assert_pair(theme_map_slot(&spec, THEME_HEADER, COLOR_DEPTH_256), 208, -1, A_ITALIC, "header");
    assert_pair(theme_map_slot(&spec, THEME_SELECTION, COLOR_DEPTH_256), COLOR_BLACK, COLOR_CYAN,
                A_NORMAL, "selection");
    cr_assert_eq(theme_map_slot(&spec, THEME_HEADER, COLOR_DEPTH_NONE).attrs, A_ITALIC);
    cr_assert_eq(theme_map_slot(&spec, THEME_SELECTION, COLOR_DEPTH_NONE).attrs, A_REVERSE);
}

/* Where themes are looked for. */

static bool ends_with(const char *s, const char *end)
{
    size_t ls = strlen(s), le = strlen(end);
    return ls >= le && strcmp(s + ls - le, end) == 0;
}

Test(dirs, installed_then_beside_the_binary_then_the_users)
{
    struct theme_file_dirs dirs;
    struct theme_dirs_store store;
    setenv("XDG_CONFIG_HOME", "/x/config", 1);
    theme_search_dirs(&dirs, &store);
    cr_assert_eq(dirs.count, 3);
    cr_assert(dirs.dirs[0][0] == '/' && ends_with(dirs.dirs[0], "/sendx-tui/themes"), "%s",
              dirs.dirs[0]);
    /* This suite's binary lives in the build tree's tests/. */
    cr_assert(dirs.dirs[1][0] == '/' && ends_with(dirs.dirs[1], "/tests/themes"), "%s",
              dirs.dirs[1]);
    cr_assert_str_eq(dirs.dirs[2], "/x/config/sendx-tui/themes");

    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", "/home/u", 1);
    theme_search_dirs(&dirs, &store);
    cr_assert_eq(dirs.count, 3);
    cr_assert_str_eq(dirs.dirs[2], "/home/u/.config/sendx-tui/themes");

    unsetenv("HOME");
    theme_search_dirs(&dirs, &store);
    cr_assert_eq(dirs.count, 2);
}

/* On ncurses screens that write to /dev/null. */

static SCREEN *screen;
static FILE *screen_out, *screen_in;
static char terminfo[64];

static void open_screen(const char *term)
{
    screen_out = fopen("/dev/null", "w");
    screen_in = fopen("/dev/null", "r");
    cr_assert(screen_out && screen_in);
    screen = newterm(term, screen_out, screen_in);
    cr_assert_not_null(screen, "no terminfo entry %s", term);
    set_term(screen);
}

static void close_screen(void)
{
    if (screen) {
        endwin();
        delscreen(screen);
    }
    if (screen_out)
        fclose(screen_out);
    if (screen_in)
        fclose(screen_in);
    if (terminfo[0])
        tree_remove(terminfo);
}

/* A direct-colour entry in a folder of its own: the system's database
 * may lack one. */
static void direct_entry(void)
{
    snprintf(terminfo, sizeof terminfo, "/tmp/sendx-terminfo-XXXXXX");
    cr_assert_not_null(mkdtemp(terminfo));
    terminfo_direct_entry(terminfo, "sendx-direct", "xterm-256color");
    setenv("TERMINFO", terminfo, 1);
}

static void assert_slot_pair(enum theme_slot slot, int fg, int bg)
{
    int got_fg, got_bg;
    cr_assert_eq(theme_attr(slot) & A_COLOR, (unsigned)COLOR_PAIR(slot + 1), "%s has no pair",
                 theme_slots[slot].name);
    cr_assert_eq(extended_pair_content(slot + 1, &got_fg, &got_bg), OK);
    cr_assert(got_fg == fg && got_bg == bg, "%s: pair %#x on %#x, wanted %#x on %#x",
              theme_slots[slot].name, got_fg, got_bg, fg, bg);
}

static void no_color_unset(void)
{
    unsetenv("NO_COLOR");
    unsetenv("COLORTERM");
}

Test(terminal, switching_themes_redefines_every_pair, .init = no_color_unset, .fini = close_screen)
{
    struct theme_spec light, deflt;
    load_shipped("light", &light);
    load_shipped("default", &deflt);
    open_screen("xterm-256color");
    theme_init(&deflt);
    cr_assert_eq(theme_depth(), COLOR_DEPTH_256);
    cr_assert(theme_has_color());
    assert_slot_pair(THEME_HEADER, COLOR_WHITE, COLOR_BLUE);
    assert_slot_pair(THEME_MUTED, 12, -1);
    cr_assert_eq(theme_attr(THEME_MUTED) & ~A_COLOR, A_BOLD);

    theme_use(&light);
    assert_slot_pair(THEME_HEADER, 231, 24);
    assert_slot_pair(THEME_SELECTION, 16, 153);
    cr_assert_eq(theme_attr(THEME_MUTED) & ~A_COLOR, A_NORMAL);

    theme_use(NULL);
    assert_slot_pair(THEME_HEADER, COLOR_WHITE, COLOR_BLUE);
    assert_slot_pair(THEME_SELECTION, COLOR_BLACK, COLOR_CYAN);
    cr_assert_eq(theme_attr(THEME_MUTED) & ~A_COLOR, A_BOLD);

    theme_use(&light);
    assert_slot_pair(THEME_HEADER, 231, 24);
    theme_file_free(&light);
    theme_file_free(&deflt);
}

Test(terminal, truecolor_over_a_256_colour_entry_draws_at_256, .init = no_color_unset,
     .fini = close_screen)
{
    struct theme_spec gruvbox;
    load_shipped("gruvbox", &gruvbox);
    setenv("COLORTERM", "truecolor", 1);
    open_screen("xterm-256color");
    theme_init(&gruvbox);
    cr_assert_eq(theme_depth(), COLOR_DEPTH_256);
    /* #fabd2f is nearest the cube's #ffaf00 (214); #3c3836 the grey #3a3a3a (237). */
    assert_slot_pair(THEME_HEADER_APP, 214, 237);
    theme_file_free(&gruvbox);
}

Test(terminal, a_direct_colour_entry_gets_rgb, .init = no_color_unset, .fini = close_screen)
{
    struct theme_spec gruvbox, deflt;
    load_shipped("gruvbox", &gruvbox);
    load_shipped("default", &deflt);
    direct_entry();
    open_screen("sendx-direct");
    theme_init(&gruvbox);
    cr_assert_eq(theme_depth(), COLOR_DEPTH_TRUE);
    assert_slot_pair(THEME_HEADER, 0xebdbb2, 0x3c3836);
    assert_slot_pair(THEME_ROW, 0xebdbb2, -1);
    theme_use(&deflt);
    assert_slot_pair(THEME_HEADER, COLOR_WHITE, COLOR_BLUE);
    assert_slot_pair(THEME_MUTED, 0x5c5cff, -1);
    theme_file_free(&gruvbox);
    theme_file_free(&deflt);
}

Test(terminal, eight_colours, .init = no_color_unset, .fini = close_screen)
{
    struct theme_spec deflt;
    load_shipped("default", &deflt);
    open_screen("xterm");
    theme_init(&deflt);
    cr_assert_eq(theme_depth(), COLOR_DEPTH_8);
    assert_slot_pair(THEME_MUTED, COLOR_BLUE, -1);
    assert_slot_pair(THEME_ERROR, COLOR_RED, -1);
    theme_file_free(&deflt);
}

static void assert_no_colour(void)
{
    cr_assert_eq(theme_depth(), COLOR_DEPTH_NONE);
    cr_assert_not(theme_has_color());
    for (int i = 0; i < THEME_SLOT_COUNT; i++)
        cr_assert_eq(theme_attr((enum theme_slot)i) & A_COLOR, 0, "%s", theme_slots[i].name);
}

Test(terminal, no_color_means_attributes_alone, .init = no_color_unset, .fini = close_screen)
{
    struct theme_spec gruvbox;
    load_shipped("gruvbox", &gruvbox);
    setenv("NO_COLOR", "1", 1);
    open_screen("xterm-256color");
    theme_init(&gruvbox);
    assert_no_colour();
    cr_assert_eq(theme_attr(THEME_SELECTION), A_BOLD | A_REVERSE);
    cr_assert_eq(theme_attr(THEME_TAB_ACTIVE), A_BOLD | A_REVERSE);
    cr_assert_eq(theme_attr(THEME_ROW), A_NORMAL);
    theme_use(NULL);
    assert_no_colour();
    cr_assert_eq(theme_attr(THEME_SELECTION), A_REVERSE);
    theme_file_free(&gruvbox);
}

Test(terminal, a_monochrome_terminal, .init = no_color_unset, .fini = close_screen)
{
    open_screen("xterm-mono");
    theme_init(NULL);
    assert_no_colour();
    cr_assert_eq(theme_attr(THEME_SELECTION), A_REVERSE);
    cr_assert_eq(theme_attr(THEME_HEADER_APP), A_REVERSE | A_BOLD);
}

/* The entry term_open tries when COLORTERM asks for 24-bit colour. */
Test(terminal, the_direct_colour_sibling_of_an_entry)
{
    static const char *const cases[][2] = {
        {"xterm-256color", "xterm-direct"}, {"xterm", "xterm-direct"},
        {"tmux-256color", "tmux-direct"},   {"screen-16color", "screen-direct"},
        {"rxvt-color", "rxvt-direct"},      {"xterm-direct", "xterm-direct"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        term_direct_sibling(cases[i][0], buf, sizeof buf);
        cr_expect_str_eq(buf, cases[i][1], "%s", cases[i][0]);
    }
}
