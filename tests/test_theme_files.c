/* Theme files and colours: colour notation and its errors, fitting
 * colours to 256, 16 and 8 and none, guessing the depth from the
 * environment, WCAG contrast; every shipped theme loaded with every slot
 * set and readable on its background, default.yaml the compiled-in
 * table, the README's slot list the table's; parents, the search path,
 * every error a file can hold reported at its place; every theme a list
 * of directories holds, broken ones kept with their errors. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/color.h"
#include "config/theme_file.h"
#include "tree.h"
#include "ui/theme.h"

/* The UI's slot names, straight from its table, so the two cannot drift. */
static const char *const slot_names[] = {
#define SLOT_NAME(e, name, fg, bg, attrs, mono) name,
    THEME_SLOTS(SLOT_NAME)
#undef SLOT_NAME
};
static const struct theme_file_slots slots = {slot_names, THEME_SLOT_COUNT};

static const char *const shipped[] = {"default", "light", "gruvbox", "high-contrast", "mono"};

static char root[64];

static void make_root(void)
{
    snprintf(root, sizeof root, "/tmp/sendx-themes-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

static void remove_root(void)
{
    tree_remove(root);
}

static struct color parsed(const char *text)
{
    struct color c = {0};
    const char *why = NULL;
    cr_assert(color_parse(text, &c, &why), "'%s' refused: %s", text, why);
    return c;
}

static struct color rgb(uint8_t r, uint8_t g, uint8_t b)
{
    return (struct color){.kind = COLOR_KIND_RGB, .rgb = {r, g, b}};
}

static struct color indexed(uint8_t i)
{
    return (struct color){.kind = COLOR_KIND_INDEX, .index = i};
}

static size_t slot_index(const char *name)
{
    for (size_t i = 0; i < THEME_SLOT_COUNT; i++) {
        if (strcmp(slot_names[i], name) == 0)
            return i;
    }
    cr_assert_fail("no slot %s", name);
    return 0;
}

/* Writes root/NAME.yaml (or root/SUB/NAME.yaml) holding text. */
static void write_theme(const char *sub, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, sub ? sub : "");
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/%s%s%s.yaml", root, sub ? sub : "", sub ? "/" : "", name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static int load(const char *name, struct theme_spec *spec, struct api_error *err)
{
    struct theme_file_dirs dirs = {.dirs = {root}, .count = 1};
    return theme_file_load(&dirs, name, &slots, spec, err);
}

/* Loads a file that must fail; the caller frees the message. */
static char *load_error(const char *name)
{
    struct theme_spec spec;
    struct api_error err = {0};
    cr_assert_eq(load(name, &spec, &err), -1, "theme %s loaded", name);
    cr_assert_eq(err.kind, API_ERR_INVALID, "%s", api_error_message(&err));
    char *message = strdup(api_error_message(&err));
    api_error_clear(&err);
    theme_file_free(&spec);
    return message;
}

__attribute__((format(printf, 2, 3))) static void assert_has(const char *message, const char *fmt,
                                                             ...)
{
    char expected[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(expected, sizeof expected, fmt, ap);
    va_end(ap);
    cr_assert_not_null(strstr(message, expected), "wanted \"%s\" in:\n%s", expected, message);
}

/* Colour notation. */

Test(color, names_are_the_sixteen_ansi_colours)
{
    cr_assert_eq(parsed("black").index, 0);
    cr_assert_eq(parsed("red").kind, COLOR_KIND_INDEX);
    cr_assert_eq(parsed("red").index, 1);
    cr_assert_eq(parsed("white").index, 7);
    cr_assert_eq(parsed("bright-black").index, 8);
    cr_assert_eq(parsed("bright-white").index, 15);
    cr_assert_eq(parsed("default").kind, COLOR_KIND_DEFAULT);
}

Test(color, indexes_and_hex)
{
    cr_assert_eq(parsed("0").index, 0);
    cr_assert_eq(parsed("255").index, 255);
    cr_assert_eq(parsed("67").index, 67);
    struct color c = parsed("#FFa500");
    cr_assert_eq(c.kind, COLOR_KIND_RGB);
    cr_assert(c.rgb.r == 0xff && c.rgb.g == 0xa5 && c.rgb.b == 0x00);
}

Test(color, bad_values_are_refused_with_a_reason)
{
    const char *bad[] = {"",    "256",    "-1",     "1000", "#12345", "#1234567", "#gg0000",
                         "Red", "purple", "bright", "red ", " 1",     "0x10",     "#"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct color c = indexed(42);
        const char *why = NULL;
        cr_assert_not(color_parse(bad[i], &c, &why), "'%s' accepted", bad[i]);
        cr_assert_not_null(why, "no reason for '%s'", bad[i]);
        cr_assert_eq(c.index, 42, "'%s' changed the output", bad[i]);
    }
}

Test(color, format_reads_back)
{
    const char *texts[] = {"default", "red", "bright-cyan", "16", "255", "#0a0b0c"};
    char buf[16];
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        cr_assert_str_eq(color_format(parsed(texts[i]), buf, sizeof buf), texts[i]);
}

/* Fitting colours to the terminal. */

Test(color, nearest_256_finds_the_cube_and_the_greys)
{
    cr_assert_eq(color_nearest_256((struct color_rgb){0xff, 0x00, 0x00}), 196);
    cr_assert_eq(color_nearest_256((struct color_rgb){0x00, 0x00, 0x00}), 16);
    cr_assert_eq(color_nearest_256((struct color_rgb){0xff, 0xff, 0xff}), 231);
    cr_assert_eq(color_nearest_256((struct color_rgb){0x5f, 0x87, 0xaf}), 67);
    cr_assert_eq(color_nearest_256((struct color_rgb){0x80, 0x80, 0x80}), 244);
    cr_assert_eq(color_nearest_256((struct color_rgb){0x12, 0x12, 0x12}), 233);
    /* Close to a cube entry, not exactly on it. */
    cr_assert_eq(color_nearest_256((struct color_rgb){0xfa, 0xbd, 0x2f}), 214);
}

Test(color, nearest_ansi_at_8_and_16)
{
    cr_assert_eq(color_nearest_ansi((struct color_rgb){0xff, 0x00, 0x00}, 8), 1);
    cr_assert_eq(color_nearest_ansi((struct color_rgb){0x00, 0xff, 0x00}, 8), 2);
    cr_assert_eq(color_nearest_ansi((struct color_rgb){0xff, 0xff, 0x00}, 8), 3);
    cr_assert_eq(color_nearest_ansi((struct color_rgb){0x00, 0x00, 0xff}, 8), 4);
    cr_assert_eq(color_nearest_ansi((struct color_rgb){0xff, 0xff, 0xff}, 8), 7);
    cr_assert_eq(color_nearest_ansi((struct color_rgb){0x10, 0x10, 0x10}, 8), 0);
    cr_assert_eq(color_nearest_ansi((struct color_rgb){0xff, 0xff, 0xff}, 16), 15);
    cr_assert_eq(color_nearest_ansi((struct color_rgb){0x80, 0x80, 0x80}, 16), 8);
}

Test(color, each_depth_falls_back_to_the_next)
{
    struct color orange = rgb(0xff, 0x87, 0x00);
    struct color c = color_at_depth(orange, COLOR_DEPTH_TRUE);
    cr_assert(c.kind == COLOR_KIND_RGB && c.rgb.g == 0x87);
    c = color_at_depth(orange, COLOR_DEPTH_256);
    cr_assert(c.kind == COLOR_KIND_INDEX && c.index == 208, "got %d", c.index);
    c = color_at_depth(orange, COLOR_DEPTH_8);
    cr_assert(c.kind == COLOR_KIND_INDEX && c.index < 8);
    cr_assert_eq(color_at_depth(orange, COLOR_DEPTH_NONE).kind, COLOR_KIND_DEFAULT);

    cr_assert_eq(color_at_depth(indexed(196), COLOR_DEPTH_256).index, 196);
    cr_assert_eq(color_at_depth(indexed(196), COLOR_DEPTH_16).index, 9);
    cr_assert_eq(color_at_depth(indexed(196), COLOR_DEPTH_8).index, 1);
    cr_assert_eq(color_at_depth(indexed(9), COLOR_DEPTH_16).index, 9);
    cr_assert_eq(color_at_depth(indexed(9), COLOR_DEPTH_8).index, 1);
    cr_assert_eq(color_at_depth(indexed(3), COLOR_DEPTH_8).index, 3);
    for (int d = COLOR_DEPTH_NONE; d <= COLOR_DEPTH_TRUE; d++)
        cr_assert_eq(color_at_depth(parsed("default"), (enum color_depth)d).kind,
                     COLOR_KIND_DEFAULT);
}

Test(color, depth_from_the_environment)
{
    cr_assert_eq(color_depth_detect("truecolor", 8, NULL), COLOR_DEPTH_TRUE);
    cr_assert_eq(color_depth_detect("24bit", 256, NULL), COLOR_DEPTH_TRUE);
    cr_assert_eq(color_depth_detect(NULL, 16777216, NULL), COLOR_DEPTH_TRUE);
    cr_assert_eq(color_depth_detect("xterm", 256, NULL), COLOR_DEPTH_256);
    cr_assert_eq(color_depth_detect(NULL, 256, NULL), COLOR_DEPTH_256);
    cr_assert_eq(color_depth_detect(NULL, 16, NULL), COLOR_DEPTH_16);
    cr_assert_eq(color_depth_detect(NULL, 8, NULL), COLOR_DEPTH_8);
    cr_assert_eq(color_depth_detect(NULL, 2, NULL), COLOR_DEPTH_NONE);
    cr_assert_eq(color_depth_detect(NULL, -1, NULL), COLOR_DEPTH_NONE);
    /* NO_COLOR wins over everything, but only when it holds something. */
    cr_assert_eq(color_depth_detect("truecolor", 256, "1"), COLOR_DEPTH_NONE);
    cr_assert_eq(color_depth_detect(NULL, 256, ""), COLOR_DEPTH_256);
}

Test(color, wcag_contrast)
{
    struct color_rgb black = {0, 0, 0}, white = {255, 255, 255}, grey = {0x77, 0x77, 0x77};
    cr_assert_float_eq(color_contrast(black, white), 21.0, 1e-9);
    cr_assert_float_eq(color_contrast(white, black), 21.0, 1e-9);
    cr_assert_float_eq(color_contrast(grey, grey), 1.0, 1e-9);
    /* WCAG's own example: #777777 on white just misses 4.5. */
    cr_assert_float_eq(color_contrast(grey, white), 4.48, 0.01);
}

/* The shipped themes. */

/* Muted text and hints are meant to recede: WCAG's 3:1 (large text) is
 * their floor; everything else needs 4.5:1, and the high-contrast theme
 * 7:1 (AAA) everywhere. */
static double least_contrast(const char *theme, const char *slot)
{
    if (strcmp(theme, "high-contrast") == 0)
        return 7.0;
    return strcmp(slot, "muted") == 0 || strcmp(slot, "status.hint") == 0 ? 3.0 : 4.5;
}

static void load_shipped(const char *name, struct theme_spec *spec)
{
    struct theme_file_dirs dirs = {.dirs = {THEMES_DIR}, .count = 1};
    struct api_error err = {0};
    cr_assert_eq(theme_file_load(&dirs, name, &slots, spec, &err), 0, "%s: %s", name,
                 api_error_message(&err));
}

Test(shipped, every_theme_loads_with_every_slot_readable)
{
    for (size_t t = 0; t < sizeof shipped / sizeof *shipped; t++) {
        struct theme_spec spec;
        load_shipped(shipped[t], &spec);
        cr_assert_str_eq(spec.name, shipped[t]);
        cr_assert_eq(spec.slot_count, THEME_SLOT_COUNT);
        for (size_t i = 0; i < spec.slot_count; i++) {
            cr_assert(spec.slots[i].set, "%s leaves %s unset", shipped[t], slot_names[i]);
            double ratio = theme_file_slot_contrast(&spec, i);
            cr_assert_geq(ratio, least_contrast(shipped[t], slot_names[i]),
                          "%s: %s has contrast %.2f", shipped[t], slot_names[i], ratio);
        }
        theme_file_free(&spec);
    }
}

Test(shipped, background_hints)
{
    struct theme_spec spec;
    load_shipped("light", &spec);
    cr_assert_eq(spec.background, THEME_FILE_LIGHT);
    theme_file_free(&spec);
    load_shipped("default", &spec);
    cr_assert_eq(spec.background, THEME_FILE_DARK);
    theme_file_free(&spec);
}

Test(shipped, mono_is_attributes_alone)
{
    struct theme_spec spec;
    load_shipped("mono", &spec);
    for (size_t i = 0; i < spec.slot_count; i++) {
        cr_assert_eq(spec.slots[i].fg.kind, COLOR_KIND_DEFAULT, "%s", slot_names[i]);
        cr_assert_eq(spec.slots[i].bg.kind, COLOR_KIND_DEFAULT, "%s", slot_names[i]);
    }
    unsigned selection = spec.slots[slot_index("table.selection")].attrs;
    unsigned error = spec.slots[slot_index("status.error")].attrs;
    unsigned header = spec.slots[slot_index("header")].attrs;
    cr_assert(selection && error && header);
    cr_assert(selection != error && selection != header && error != header);
    theme_file_free(&spec);
}

static unsigned curses_attrs(unsigned attrs)
{
    return (attrs & THEME_FILE_BOLD ? A_BOLD : 0) | (attrs & THEME_FILE_DIM ? A_DIM : 0) |
           (attrs & THEME_FILE_UNDERLINE ? A_UNDERLINE : 0) |
           (attrs & THEME_FILE_REVERSE ? A_REVERSE : 0) |
           (attrs & THEME_FILE_ITALIC ? A_ITALIC : 0);
}

static short curses_color(struct color c)
{
    return c.kind == COLOR_KIND_DEFAULT ? -1 : (short)c.index;
}

/* default.yaml is the compiled-in table, slot for slot: the app looks
 * the same with or without its theme files. */
Test(shipped, default_is_the_compiled_in_table)
{
    static const struct {
        short fg, bg;
        unsigned attrs;
    } compiled[] = {
#define SLOT_VALUE(e, name, fg, bg, attrs, mono) {fg, bg, attrs},
        THEME_SLOTS(SLOT_VALUE)
#undef SLOT_VALUE
    };
    struct theme_spec spec;
    load_shipped("default", &spec);
    for (size_t i = 0; i < spec.slot_count; i++) {
        cr_assert_eq(curses_color(spec.slots[i].fg), compiled[i].fg, "%s", slot_names[i]);
        cr_assert_eq(curses_color(spec.slots[i].bg), compiled[i].bg, "%s", slot_names[i]);
        cr_assert_eq(curses_attrs(spec.slots[i].attrs), compiled[i].attrs, "%s", slot_names[i]);
    }
    /* The two that are too dark on black in their plain colours. */
    cr_assert_eq(compiled[slot_index("muted")].fg, 12);
    cr_assert_eq(compiled[slot_index("status.error")].fg, 9);
    theme_file_free(&spec);
}

/* themes/README.md lists every slot, in the table's order, and no other. */
Test(shipped, the_readme_lists_every_slot)
{
    FILE *f = fopen(THEMES_DIR "/README.md", "r");
    cr_assert_not_null(f);
    char line[512];
    bool in_slots = false;
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "## ", 3) == 0)
            in_slots = strcmp(line, "## Slots\n") == 0;
        if (!in_slots || strncmp(line, "| `", 3) != 0)
            continue;
        char *end = strchr(line + 3, '`');
        cr_assert_not_null(end, "%s", line);
        *end = '\0';
        cr_assert_lt(n, THEME_SLOT_COUNT, "an extra slot %s", line + 3);
        cr_assert_str_eq(line + 3, slot_names[n], "slot %zu", n);
        n++;
    }
    fclose(f);
    cr_assert_eq(n, THEME_SLOT_COUNT, "the README lists %zu slots", n);
}

/* Parents and the search path. */

Test(files, a_child_overrides_its_parent_field_by_field, .init = make_root, .fini = remove_root)
{
    write_theme(NULL, "base",
                "name: base\n"
                "slots:\n"
                "  header: {fg: red, bg: blue, attrs: [bold]}\n"
                "  muted: {fg: green}\n");
    write_theme(NULL, "child",
                "name: child\n"
                "parent: base\n"
                "background: light\n"
                "slots:\n"
                "  header: {fg: yellow}\n"
                "  status.error: {attrs: [underline, italic]}\n");
    struct theme_spec spec;
    struct api_error err = {0};
    cr_assert_eq(load("child", &spec, &err), 0, "%s", api_error_message(&err));
    cr_assert_str_eq(spec.name, "child");
    cr_assert_eq(spec.background, THEME_FILE_LIGHT);
    const struct theme_file_slot *header = &spec.slots[slot_index("header")];
    cr_assert_eq(header->fg.index, 3);
    cr_assert_eq(header->bg.index, 4);
    cr_assert_eq(header->attrs, THEME_FILE_BOLD);
    cr_assert(spec.slots[slot_index("muted")].set);
    cr_assert_eq(spec.slots[slot_index("muted")].fg.index, 2);
    cr_assert_eq(spec.slots[slot_index("status.error")].attrs,
                 THEME_FILE_UNDERLINE | THEME_FILE_ITALIC);
    const struct theme_file_slot *row = &spec.slots[slot_index("table.row")];
    cr_assert_not(row->set);
    cr_assert(row->fg.kind == COLOR_KIND_DEFAULT && row->bg.kind == COLOR_KIND_DEFAULT);
    theme_file_free(&spec);
}

Test(files, a_parent_cycle_is_an_error, .init = make_root, .fini = remove_root)
{
    write_theme(NULL, "a", "name: a\nparent: b\n");
    write_theme(NULL, "b", "name: b\nparent: a\n");
    write_theme(NULL, "self", "name: self\nparent: self\n");
    char *message = load_error("a");
    assert_has(message, "%s/%s.yaml:2:9: parent cycle: a -> b -> a", root, "b");
    free(message);
    message = load_error("self");
    assert_has(message, "%s/%s.yaml:2:9: parent cycle: self -> self", root, "self");
    free(message);
}

Test(files, a_missing_parent_is_an_error, .init = make_root, .fini = remove_root)
{
    write_theme(NULL, "orphan", "name: orphan\nparent: nosuch\n");
    char *message = load_error("orphan");
    assert_has(message, "%s/%s.yaml:2:9: missing parent: no theme 'nosuch'", root, "orphan");
    free(message);
}

Test(files, a_user_theme_shadows_an_installed_one, .init = make_root, .fini = remove_root)
{
    write_theme("installed", "x", "name: x\nslots: {header: {fg: red}}\n");
    write_theme("user", "x", "name: x\nslots: {header: {fg: blue}}\n");
    char installed[128], user[128];
    snprintf(installed, sizeof installed, "%s/installed", root);
    snprintf(user, sizeof user, "%s/user", root);
    struct theme_file_dirs dirs = {.dirs = {installed, user}, .count = 2};
    struct theme_spec spec;
    struct api_error err = {0};
    cr_assert_eq(theme_file_load(&dirs, "x", &slots, &spec, &err), 0, "%s",
                 api_error_message(&err));
    cr_assert_eq(spec.slots[slot_index("header")].fg.index, 4);
    cr_assert_not_null(strstr(spec.path, "/user/x.yaml"));
    theme_file_free(&spec);
}

Test(files, search_dirs_from_the_environment)
{
    char buf[256];
    struct theme_file_dirs dirs;
    theme_file_dirs_init(&dirs, "/usr/share/sendx-tui/themes", "/x/config", "/home/u", buf,
                         sizeof buf);
    cr_assert_eq(dirs.count, 2);
    cr_assert_str_eq(dirs.dirs[0], "/usr/share/sendx-tui/themes");
    cr_assert_str_eq(dirs.dirs[1], "/x/config/sendx-tui/themes");
    /* A relative XDG_CONFIG_HOME is ignored, as the XDG spec says. */
    theme_file_dirs_init(&dirs, NULL, "relative", "/home/u", buf, sizeof buf);
    cr_assert_eq(dirs.count, 1);
    cr_assert_str_eq(dirs.dirs[0], "/home/u/.config/sendx-tui/themes");
    theme_file_dirs_init(&dirs, "/usr/share/t", NULL, NULL, buf, sizeof buf);
    cr_assert_eq(dirs.count, 1);
    /* A user directory that does not fit is left out, not cut short. */
    theme_file_dirs_init(&dirs, "/usr/share/t", "/x/config", NULL, buf, 8);
    cr_assert_eq(dirs.count, 1);
}

Test(files, names_cannot_leave_the_theme_dirs, .init = make_root, .fini = remove_root)
{
    cr_assert(theme_file_name_ok("gruvbox-dark.v2_x"));
    cr_assert_not(theme_file_name_ok("../etc/passwd"));
    cr_assert_not(theme_file_name_ok("a/b"));
    cr_assert_not(theme_file_name_ok(".hidden"));
    cr_assert_not(theme_file_name_ok(""));
    struct theme_file_dirs dirs = {.dirs = {root}, .count = 1};
    struct api_error err = {0};
    cr_assert_null(theme_file_find(&dirs, "../x", &err));
    cr_assert_not_null(strstr(api_error_message(&err), "bad theme name"));
    api_error_clear(&err);
}

/* Errors, each at its place, all at once. */

Test(errors, every_problem_at_its_line_and_column, .init = make_root, .fini = remove_root)
{
    write_theme(NULL, "bad",
                "name: bad\n"
                "slots:\n"
                "  tabel.row: {fg: red}\n"
                "  header: {fg: purple, bg: \"#12345\"}\n"
                "  muted: {attrs: [bold, blink]}\n"
                "  title: {fg: 300, colour: red}\n");
    char *message = load_error("bad");
    assert_has(message, "%s/%s.yaml:3:3: unknown slot 'tabel.row' (did you mean 'table.row'?)",
               root, "bad");
    assert_has(message, "%s/%s.yaml:4:16: bad colour 'purple' for header.fg", root, "bad");
    assert_has(message, "%s/%s.yaml:4:28: bad colour '#12345' for header.bg", root, "bad");
    assert_has(message, "%s/%s.yaml:5:25: bad attribute 'blink' for muted", root, "bad");
    assert_has(message, "%s/%s.yaml:6:15: bad colour '300' for title.fg", root, "bad");
    assert_has(message, "%s/%s.yaml:6:20: unknown field 'colour' in slot title", root, "bad");
    free(message);
}

Test(errors, wrong_shapes_and_keys, .init = make_root, .fini = remove_root)
{
    write_theme(NULL, "shapes",
                "name: shapes\n"
                "background: grey\n"
                "slot: {}\n"
                "slots:\n"
                "  header: red\n"
                "  muted: {attrs: bold}\n"
                "  title: {}\n");
    char *message = load_error("shapes");
    assert_has(message, "%s/%s.yaml:2:13: background is dark or light", root, "shapes");
    assert_has(message, "%s/%s.yaml:3:1: unknown key 'slot' (did you mean 'slots'?)", root,
               "shapes");
    assert_has(message, "%s/%s.yaml:5:11: slot header is a mapping", root, "shapes");
    assert_has(message, "%s/%s.yaml:6:18: muted.attrs is a list", root, "shapes");
    free(message);
    /* yaml.h refuses a key given twice, alone, naming both lines. */
    write_theme(NULL, "twice", "name: twice\nslots:\n  title: {}\n  title: {}\n");
    message = load_error("twice");
    assert_has(message, "%s/%s.yaml:4:3: \"title\" is given twice (first at line 3)", root,
               "twice");
    free(message);
}

Test(errors, a_bare_hash_is_a_comment, .init = make_root, .fini = remove_root)
{
    write_theme(NULL, "hash", "name: hash\nslots:\n  header:\n    fg: #ff0000\n");
    char *message = load_error("hash");
    assert_has(message, "%s/%s.yaml:4:", root, "hash");
    cr_assert_not_null(strstr(message, "in quotes"), "%s", message);
    free(message);
}

Test(errors, bad_yaml_and_bad_names, .init = make_root, .fini = remove_root)
{
    write_theme(NULL, "syntax", "name: syntax\nslots: {header: [\n");
    char *message = load_error("syntax");
    assert_has(message, "%s/%s.yaml:3:1: did not find expected node content", root, "syntax");
    free(message);
    write_theme(NULL, "other", "name: another\n");
    message = load_error("other");
    assert_has(message, "%s/%s.yaml:1:1: name 'another' is not the file's name 'other'", root,
               "other");
    free(message);
    write_theme(NULL, "empty", "");
    message = load_error("empty");
    assert_has(message, "%s/%s.yaml:1:1: empty file", root, "empty");
    free(message);
    write_theme(NULL, "nameless", "slots: {}\n");
    message = load_error("nameless");
    assert_has(message, "%s/%s.yaml:1:1: no name", root, "nameless");
    free(message);
    write_theme(NULL, "list", "- name\n");
    message = load_error("list");
    assert_has(message, "%s/%s.yaml:1:1: a theme is a mapping", root, "list");
    free(message);
    write_theme(NULL, "two", "name: two\n---\nname: two\n");
    message = load_error("two");
    assert_has(message, "%s/%s.yaml:2:1: only one document is allowed in a file", root, "two");
    free(message);
}

Test(errors, control_characters_never_reach_the_message, .init = make_root, .fini = remove_root)
{
    write_theme(NULL, "esc", "name: esc\nslots:\n  \"\\e[31mx\": {}\n");
    char *message = load_error("esc");
    cr_assert_null(strchr(message, '\033'), "%s", message);
    assert_has(message, "%s/%s.yaml:3:3: unknown slot '?[31mx'", root, "esc");
    free(message);
    /* yaml.h's own message quotes a key given twice. */
    write_theme(NULL, "esc2", "name: esc2\nslots:\n  \"\\e[31mx\": {}\n  \"\\e[31mx\": {}\n");
    message = load_error("esc2");
    cr_assert_null(strchr(message, '\033'), "%s", message);
    assert_has(message, "%s/%s.yaml:4:3: \"?[31mx\" is given twice", root, "esc2");
    free(message);
}

Test(errors, oversize_deep_and_aliased_files_are_refused, .init = make_root, .fini = remove_root)
{
    char *big = malloc(THEME_FILE_MAX_BYTES + 2);
    cr_assert_not_null(big);
    memset(big, '#', THEME_FILE_MAX_BYTES + 1);
    memcpy(big, "name: big\n", 10);
    big[THEME_FILE_MAX_BYTES + 1] = '\0';
    write_theme(NULL, "big", big);
    free(big);
    char *message = load_error("big");
    assert_has(message, "%s/%s.yaml: larger than", root, "big");
    free(message);

    write_theme(NULL, "deep", "name: deep\nslots: {header: {attrs: [[[[[[[[[[bold]]]]]]]]]]}}\n");
    message = load_error("deep");
    assert_has(message, "%s/%s.yaml:2:", root, "deep");
    cr_assert_not_null(strstr(message, "nested deeper than"), "%s", message);
    free(message);

    write_theme(NULL, "alias", "name: alias\nslots:\n  header: &h {fg: red}\n  muted: *h\n");
    message = load_error("alias");
    assert_has(message, "%s/%s.yaml:3:11: anchors and aliases are not supported", root, "alias");
    free(message);
    write_theme(NULL, "lone", "name: lone\nslots:\n  muted: *h\n");
    message = load_error("lone");
    assert_has(message, "%s/%s.yaml:3:10: anchors and aliases are not supported", root, "lone");
    free(message);
}

Test(errors, an_unknown_theme_names_where_it_looked, .init = make_root, .fini = remove_root)
{
    struct theme_spec spec;
    struct api_error err = {0};
    cr_assert_eq(load("nosuch", &spec, &err), -1);
    cr_assert_not_null(strstr(api_error_message(&err), "no theme 'nosuch'"));
    cr_assert_not_null(strstr(api_error_message(&err), root));
    api_error_clear(&err);
    theme_file_free(&spec);
}

Test(errors, a_directory_is_not_a_theme, .init = make_root, .fini = remove_root)
{
    write_theme("dir.yaml", "inner", "name: inner\n");
    char path[128];
    snprintf(path, sizeof path, "%s/dir.yaml", root);
    struct theme_file_dirs dirs = {.dirs = {root}, .count = 1};
    struct theme_spec spec;
    struct api_error err = {0};
    cr_assert_eq(theme_file_load_path(&dirs, path, &slots, &spec, &err), -1);
    cr_assert_not_null(strstr(api_error_message(&err), "not a regular file"), "%s",
                       api_error_message(&err));
    api_error_clear(&err);
    theme_file_free(&spec);
}

/* Every theme found. */

/* Writes root/rel holding text. */
static void write_at(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static struct theme_set load_set(void)
{
    char installed[128], user[128], nowhere[128];
    snprintf(installed, sizeof installed, "%s/installed", root);
    snprintf(user, sizeof user, "%s/user", root);
    snprintf(nowhere, sizeof nowhere, "%s/nowhere", root);
    struct theme_file_dirs dirs = {.dirs = {nowhere, installed, user}, .count = 3};
    struct theme_set set;
    struct api_error err = {0};
    cr_assert_eq(theme_set_load(&set, &dirs, &slots, &err), 0, "%s", api_error_message(&err));
    return set;
}

Test(set, every_theme_of_every_dir_by_name, .init = make_root, .fini = remove_root)
{
    write_theme("installed", "zeta", "name: zeta\nslots: {header: {fg: red}}\n");
    write_theme("installed", "shadow", "name: shadow\nslots: {header: {fg: red}}\n");
    write_theme("installed", "broken", "name: broken\nslots:\n  header: {fg: purple}\n");
    write_theme("user", "shadow", "name: shadow\nslots: {header: {fg: blue}}\n");
    write_theme("user", "alpha", "name: alpha\nparent: zeta\n");
    write_theme("user", "kid", "name: kid\nparent: broken\n");
    /* None of these is a theme. */
    write_at("installed/notes.txt", "name: notes\n");
    write_at("installed/.hidden.yaml", "name: hidden\n");
    write_at("installed/bad name.yaml", "name: bad\n");
    write_at("user/shadow.yaml.bak", "name: shadow\n");
    char dir[128];
    snprintf(dir, sizeof dir, "%s/installed/folder.yaml", root);
    cr_assert_eq(mkdir(dir, 0700), 0);

    struct theme_set set = load_set();
    const char *names[] = {"alpha", "broken", "kid", "shadow", "zeta"};
    cr_assert_eq(set.n, 5);
    for (size_t i = 0; i < set.n; i++)
        cr_assert_str_eq(set.items[i].name, names[i]);

    /* Loaded with a parent from another directory. */
    const struct theme_set_entry *alpha = theme_set_find(&set, "alpha");
    cr_assert_eq(alpha, &set.items[0]);
    cr_assert_null(alpha->errors);
    cr_assert_eq(alpha->spec.slots[slot_index("header")].fg.index, 1);

    /* The user's shadows the installed one. */
    const struct theme_set_entry *shadow = theme_set_find(&set, "shadow");
    cr_assert_not_null(shadow);
    cr_assert_null(shadow->errors);
    cr_assert_eq(shadow->spec.slots[slot_index("header")].fg.index, 4);
    cr_assert_not_null(strstr(shadow->spec.path, "/user/shadow.yaml"), "%s", shadow->spec.path);

    /* Broken ones are kept with their errors, at their places. */
    const struct theme_set_entry *broken = theme_set_find(&set, "broken");
    cr_assert_not_null(broken);
    cr_assert_not_null(broken->errors);
    assert_has(broken->errors, "%s/installed/broken.yaml:3:16: bad colour 'purple' for header.fg",
               root);
    cr_assert_null(broken->spec.slots);
    const struct theme_set_entry *kid = theme_set_find(&set, "kid");
    cr_assert_not_null(kid);
    assert_has(kid->errors, "%s/installed/broken.yaml:3:16: bad colour 'purple'", root);

    cr_assert_null(theme_set_find(&set, "notes"));
    cr_assert_null(theme_set_find(&set, "folder"));
    cr_assert_null(theme_set_find(&set, "hidden"));
    cr_assert_null(theme_set_find(&set, "bad name"));
    cr_assert_null(theme_set_find(&set, "nosuch"));
    theme_set_free(&set);
    cr_assert(set.n == 0 && set.items == NULL);
}

/* A user's broken theme is what choosing that name gets, not the installed
 * one behind it: the user wrote it to be used. */
Test(set, a_broken_user_theme_shadows_a_good_one, .init = make_root, .fini = remove_root)
{
    write_theme("installed", "x", "name: x\nslots: {header: {fg: red}}\n");
    write_theme("user", "x", "name: x\nslots: {header: {fg: 300}}\n");
    struct theme_set set = load_set();
    cr_assert_eq(set.n, 1);
    cr_assert_not_null(set.items[0].errors);
    assert_has(set.items[0].errors, "%s/user/x.yaml:2:22: bad colour '300'", root);
    theme_set_free(&set);
}

Test(set, no_theme_anywhere, .init = make_root, .fini = remove_root)
{
    struct theme_set set = load_set();
    cr_assert_eq(set.n, 0);
    cr_assert_null(theme_set_find(&set, "default"));
    theme_set_free(&set);
}

Test(set, the_shipped_themes)
{
    struct theme_file_dirs dirs = {.dirs = {THEMES_DIR}, .count = 1};
    struct theme_set set;
    struct api_error err = {0};
    cr_assert_eq(theme_set_load(&set, &dirs, &slots, &err), 0);
    cr_assert_eq(set.n, sizeof shipped / sizeof *shipped);
    const char *sorted[] = {"default", "gruvbox", "high-contrast", "light", "mono"};
    for (size_t i = 0; i < set.n; i++) {
        cr_assert_str_eq(set.items[i].name, sorted[i]);
        cr_assert_null(set.items[i].errors, "%s: %s", sorted[i], set.items[i].errors);
    }
    theme_set_free(&set);
}
