/* Text safety and width, key notation, commands, columns. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "app/columns.h"
#include "app/command.h"
#include "app/help.h"
#include "app/keymap.h"
#include "app/keys.h"
#include "app/text.h"

static void utf8(void)
{
    cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
}

TestSuite(text, .init = utf8);

static char out[512];

Test(text, control_characters_and_escapes_are_inert)
{
    int cells = text_fit("a\x1b[31mred\x07", 40, out, sizeof out);
    cr_assert_str_eq(out, "a^[[31mred^G");
    cr_assert_eq(cells, 12);
    cr_assert_null(strchr(out, 0x1b));
    text_fit("x\x7fy\tz\n", 40, out, sizeof out);
    cr_assert_str_eq(out, "x^?y^Iz^J");
    text_fit("c1\xc2\x9b", 40, out, sizeof out); /* U+009B, the 8-bit CSI */
    cr_assert_str_eq(out, "c1<9b>");
    text_fit("bidi\xe2\x80\xae"
             "evil",
             40, out, sizeof out);
    cr_assert_str_eq(out, "bidi\xef\xbf\xbd"
                          "evil");
}

Test(text, invalid_utf8_becomes_replacement_characters)
{
    text_fit("ok\xff\xc3(\xed\xa0\x80", 40, out, sizeof out);
    cr_assert_str_eq(out, "ok\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

Test(text, wide_characters_are_measured)
{
    cr_assert_eq(text_width("山田 太郎"), 9);
    cr_assert_eq(text_width("🎉ok"), 4);
    cr_assert_eq(text_width("e\xcc\x81"), 1, "a combining accent takes no cell");
    cr_assert_eq(text_width(NULL), 0);
}

Test(text, emoji_presentation_takes_two_cells)
{
    /* U+2600 is one cell alone; with VS16 after it terminals draw it as
     * an emoji, two cells wide. */
    cr_assert_eq(text_width("\xe2\x98\x80"), 1);
    cr_assert_eq(text_width("Sunny \xe2\x98\x80\xef\xb8\x8f Dubois"), 15);
    cr_assert_eq(text_width("\xe2\x9d\xa4\xef\xb8\x8f"), 2, "a red heart");
    cr_assert_eq(text_width("\xf0\x9f\x8e\x89\xef\xb8\x8f"), 2, "already wide stays two");
    cr_assert_eq(text_width("a\xe2\x80\x8d"
                            "b"),
                 2, "a zero-width joiner takes no cell");
    cr_assert_eq(text_width("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"), 4,
                 "a ZWJ sequence: each emoji counted, the joiner not");
    cr_assert_eq(text_width("x\xef\xb8\x8e"), 1, "VS15 takes no cell");
    /* The pair is never split: a cut falls before it, and the width
     * stays within the cells given. */
    int cells = text_fit("ab\xe2\x98\x80\xef\xb8\x8f", 3, out, sizeof out);
    cr_assert_str_eq(out, "ab…");
    cr_assert_eq(cells, 3);
    /* Drawn as the sun and a blank: curses and every terminal then agree
     * on two cells, where VS16 itself widens the sun in some only. */
    cells = text_fit("ab\xe2\x98\x80\xef\xb8\x8f|", 5, out, sizeof out);
    cr_assert_str_eq(out, "ab\xe2\x98\x80 |");
    cr_assert_eq(cells, 5);
    text_fit("\xf0\x9f\x8e\x89\xef\xb8\x8f", 4, out, sizeof out);
    cr_assert_str_eq(out, "\xf0\x9f\x8e\x89", "a wide emoji needs no blank");
    /* A selector with no character before it would restyle the cell
     * drawn before the value: dropped; after ^[ as well. */
    text_fit("\xef\xb8\x8fx", 10, out, sizeof out);
    cr_assert_str_eq(out, "x");
    cr_assert_eq(text_width("\x1b\xef\xb8\x8f"), 2);
    text_fit("\x1b\xef\xb8\x8f", 10, out, sizeof out);
    cr_assert_str_eq(out, "^[");
}

/* The parts of ZWJ sequences, spelled out: the joiner is invisible. */
#define ZWJ      "\xe2\x80\x8d"
#define WOMAN    "\xf0\x9f\x91\xa9"
#define MAN      "\xf0\x9f\x91\xa8"
#define GIRL     "\xf0\x9f\x91\xa7"
#define BOY      "\xf0\x9f\x91\xa6"
#define LAPTOP   "\xf0\x9f\x92\xbb"
#define FLAG     "\xf0\x9f\x8f\xb3" /* white flag: one cell alone */
#define RAINBOW  "\xf0\x9f\x8c\x88"
#define VS16_SEL "\xef\xb8\x8f"

/* Joined, terminals disagree on an emoji sequence's width (tmux draws
 * 👩‍💻 in two cells, curses moves on by four): the joiner is dropped and
 * the parts stand side by side, which everything measures alike. */
Test(text, zwj_sequences_are_drawn_as_their_parts)
{
    static const struct {
        const char *raw, *shown;
        int cells;
        const char *what;
    } cases[] = {
        {WOMAN ZWJ LAPTOP, WOMAN LAPTOP, 4, "a technologist"},
        {MAN ZWJ WOMAN ZWJ GIRL ZWJ BOY, MAN WOMAN GIRL BOY, 8, "a family"},
        {FLAG VS16_SEL ZWJ RAINBOW, FLAG " " RAINBOW, 4, "the flag with VS16 and a blank"},
        {ZWJ, "", 0, "a lone joiner"},
        {"x" WOMAN ZWJ, "x" WOMAN, 3, "a joiner at the end"},
        {ZWJ WOMAN "x", WOMAN "x", 3, "a joiner at the start"},
        {"a" ZWJ "b", "ab", 2, "a joiner between letters"},
        {"\xe0\xa4\x95\xe0\xa5\x8d" ZWJ "\xe0\xa4\xb7", "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7", 2,
         "a joiner in Devanagari (tmux would pull the second letter into the first's cell)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(text_width(cases[i].raw), cases[i].cells, "width of %s", cases[i].what);
        int cells = text_fit(cases[i].raw, 40, out, sizeof out);
        cr_assert_str_eq(out, cases[i].shown, "rendering of %s", cases[i].what);
        cr_assert_eq(cells, cases[i].cells, "cells of %s", cases[i].what);
    }
    /* A cut falls between the parts, within the width. */
    int cells = text_fit(WOMAN ZWJ LAPTOP WOMAN ZWJ LAPTOP, 5, out, sizeof out);
    cr_assert_str_eq(out, WOMAN LAPTOP "…");
    cr_assert_eq(cells, 5);
    cells = text_fit(WOMAN ZWJ LAPTOP, 3, out, sizeof out);
    cr_assert_str_eq(out, WOMAN "…");
    cr_assert_eq(cells, 3);
}

Test(text, long_values_end_with_an_ellipsis_within_the_width)
{
    int cells = text_fit("jane.smith@company.com", 10, out, sizeof out);
    cr_assert_eq(cells, 10);
    cr_assert_str_eq(out, "jane.smit…");
    cells = text_fit("株式会社サンプル", 7, out, sizeof out);
    cr_assert_leq(cells, 7);
    cr_assert_str_eq(out, "株式会…", "a wide char that would straddle the edge is left out");
    cells = text_fit("exact", 5, out, sizeof out);
    cr_assert_str_eq(out, "exact");
    cells = text_fit("🎉🎉🎉", 4, out, sizeof out);
    cr_assert_str_eq(out, "🎉…");
    cr_assert_eq(cells, 3);
    cr_assert_eq(text_fit("anything", 0, out, sizeof out), 0);
    cr_assert_str_eq(out, "");
}

Test(text, fitting_never_overflows_the_buffer)
{
    char small[16];
    text_fit("a very long value that goes on", 200, small, sizeof small);
    cr_assert_lt(strlen(small), sizeof small);
    cr_assert(strstr(small, "…"));
    char *zalgo = malloc(4000);
    strcpy(zalgo, "z");
    for (int i = 0; i < 1000; i++)
        strcat(zalgo, "\xcc\x81");
    text_fit(zalgo, 5, out, TEXT_FIT_SIZE(5));
    cr_assert_lt(strlen(out), TEXT_FIT_SIZE(5));
    free(zalgo);
}

Test(text, wrapping_splits_by_cells)
{
    cr_assert_eq(text_wrap_len("abcdef", 4), 4);
    cr_assert_eq(text_wrap_len("山田太郎", 5), 6, "two wide chars fit in five cells");
    cr_assert_eq(text_wrap_len("ab\ncd", 10), 2);
    cr_assert_eq(text_word_wrap_len("was kept here", 6), 4, "between words: \"was \"");
    cr_assert_eq(text_word_wrap_len("was kept", 8), 8, "all of it fits");
    cr_assert_eq(text_word_wrap_len("abcdefgh ij", 4), 4, "a word wider than the line is cut");
    cr_assert_eq(text_wrap_len("山", 1), 3, "at least one character");
}

Test(text, numbers_times_bars_and_base64)
{
    char buf[64];
    cr_assert_str_eq(text_thousands(12480, buf), "12,480");
    cr_assert_str_eq(text_thousands(-1234567, buf), "-1,234,567");
    cr_assert_str_eq(text_thousands(7, buf), "7");
    setenv("TZ", "UTC", 1);
    cr_assert_eq(text_local_time("2024-01-12T16:45:00Z", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "2024-01-12 16:45");
    cr_assert_eq(text_local_time("2000-01-23T04:56:07.000+02:00", buf, sizeof buf), 0);
    cr_assert_str_eq(buf, "2000-01-23 02:56");
    cr_assert_eq(text_local_time("2024-12-30", buf, sizeof buf), -1);
    cr_assert_eq(text_local_time("soon", buf, sizeof buf), -1);
    char bar[TEXT_FIT_SIZE(10)];
    cr_assert_eq(text_bar(50, 100, 10, true, bar, sizeof bar), 5);
    cr_assert_str_eq(bar, "█████");
    text_bar(8, 16, 1, true, bar, sizeof bar);
    cr_assert_str_eq(bar, "▌");
    text_bar(1, 1000, 10, true, bar, sizeof bar);
    cr_assert_str_eq(bar, "▏", "a small non-zero value stays visible");
    cr_assert_eq(text_bar(100, 100, 10, false, bar, sizeof bar), 10);
    cr_assert_str_eq(bar, "##########");
    cr_assert_eq(text_bar(0, 100, 10, true, bar, sizeof bar), 0);
    char *b64 = text_base64("contact_AXCZG3", 14);
    cr_assert_str_eq(b64, "Y29udGFjdF9BWENaRzM=");
    free(b64);
}

Test(text, contains_ignores_ascii_case)
{
    cr_assert(text_contains("Jane.Smith@Company.com", "smith@comp"));
    cr_assert_not(text_contains("Jane", "janet"));
    cr_assert(text_contains("x", ""));
    cr_assert_not(text_contains(NULL, "a"));
}

Test(keys, notation_parses_and_formats)
{
    cr_assert_eq(keys_parse("j"), 'j');
    cr_assert_eq(keys_parse("G"), 'G');
    cr_assert_eq(keys_parse("<c-d>"), 4);
    cr_assert_eq(keys_parse("<enter>"), KEYS_ENTER);
    cr_assert_eq(keys_parse("<esc>"), KEYS_ESC);
    cr_assert_eq(keys_parse("<tab>"), KEYS_TAB);
    cr_assert_eq(keys_parse("<s-tab>"), KEYS_BACKTAB);
    cr_assert_eq(keys_parse("<space>"), ' ');
    cr_assert_eq(keys_parse("<pgdown>"), KEYS_PGDOWN);
    cr_assert_eq(keys_parse("<f5>"), KEYS_F5);
    cr_assert_eq(keys_parse("<a-x>"), 'x' | KEYS_ALT);
    cr_assert_eq(keys_parse("<lt>"), '<');
    cr_assert_eq(keys_parse("é"), 0xe9);
    cr_assert_eq(keys_parse("<"), '<');
    cr_assert_eq(keys_parse(""), -1);
    cr_assert_eq(keys_parse("jj"), -1);
    cr_assert_eq(keys_parse("<bogus>"), -1);
    cr_assert_eq(keys_parse("<c-1>"), -1);
    cr_assert_eq(keys_parse("<a-c-d>"), 4 | KEYS_ALT);
    cr_assert_eq(keys_parse("<c-a-d>"), 4 | KEYS_ALT);
    cr_assert_eq(keys_parse("<a-a-d>"), -1);
    char buf[24];
    cr_assert_str_eq(keys_format(4, buf, sizeof buf), "<c-d>");
    cr_assert_str_eq(keys_format(KEYS_BACKTAB, buf, sizeof buf), "<s-tab>");
    cr_assert_str_eq(keys_format('x' | KEYS_ALT, buf, sizeof buf), "<a-x>");
    cr_assert_str_eq(keys_format('/', buf, sizeof buf), "/");
    const char *round[] = {"j", "<enter>", "<pgup>", "<c-u>", "<f12>", "<a-j>", "<lt>", "<esc>"};
    for (size_t i = 0; i < sizeof round / sizeof round[0]; i++)
        cr_assert_str_eq(keys_format(keys_parse(round[i]), buf, sizeof buf), round[i]);
}

Test(keys, default_map_rebinding_and_lookup)
{
    struct keymap km = {0};
    cr_assert_eq(keymap_defaults(&km), 0);
    cr_assert_eq(keymap_lookup(&km, KEYMAP_TABLE, 'j'), ACTION_ROW_DOWN, "global falls through");
    cr_assert_eq(keymap_lookup(&km, KEYMAP_TABLE, '/'), ACTION_FILTER_START);
    cr_assert_eq(keymap_lookup(&km, KEYMAP_DETAIL, '/'), ACTION_FIND_START, "a record's own");
    cr_assert_eq(keymap_lookup(&km, KEYMAP_DIFF, '/'), ACTION_NONE, "no search in a diff");
    cr_assert_eq(keymap_lookup(&km, KEYMAP_PROMPT, 'j'), ACTION_NONE, "text in a prompt");
    cr_assert_eq(keymap_lookup(&km, KEYMAP_PROMPT, KEYS_CTRL('c')), ACTION_QUIT);
    cr_assert_eq(keymap_lookup(&km, KEYMAP_PROMPT, KEYS_ESC), ACTION_PROMPT_CANCEL);
    cr_assert_eq(keymap_bind(&km, KEYMAP_GLOBAL, "<c-n>", ACTION_ROW_DOWN), 0);
    cr_assert_eq(keymap_lookup(&km, KEYMAP_TABLE, KEYS_CTRL('n')), ACTION_ROW_DOWN);
    cr_assert_eq(keymap_bind(&km, KEYMAP_GLOBAL, "<nope>", ACTION_ROW_DOWN), -1);
    keymap_unbind(&km, KEYMAP_GLOBAL, ACTION_ROW_DOWN);
    cr_assert_eq(keymap_lookup(&km, KEYMAP_TABLE, 'j'), ACTION_NONE);
    char keys[64];
    cr_assert_eq(keymap_keys_of(&km, KEYMAP_GLOBAL, ACTION_ROW_UP, keys, sizeof keys), 2);
    cr_assert_str_eq(keys, "k <up>");
    cr_assert_gt(help_count(&km, KEYMAP_TABLE, NULL), 20);
    struct help_row rows[8];
    size_t n = help_rows(&km, KEYMAP_TABLE, "reverse", rows, 8);
    cr_assert_eq(n, 2, "one heading and sort.reverse");
    cr_assert_eq(rows[1].action, ACTION_SORT_REVERSE);
    cr_assert_str_eq(rows[1].keys, "S");
    keymap_free(&km);
}

Test(keys, every_action_has_a_unique_name)
{
    for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
        cr_assert_eq((int)action_by_name(action_name(a)), a, "%s", action_name(a));
        cr_assert_gt(strlen(action_help(a)), 0);
    }
}

Test(command, parse_completion_and_history)
{
    cr_assert_eq(command_parse("contacts"), ACTION_PANE_CONTACTS);
    cr_assert_eq(command_parse(" :lists "), ACTION_PANE_LISTS);
    cr_assert_eq(command_parse("camp"), ACTION_PANE_CAMPAIGNS, "a unique prefix");
    cr_assert_eq(command_parse("q"), ACTION_QUIT);
    cr_assert_eq(command_parse("t"), ACTION_NONE, "tags or templates");
    cr_assert_eq(command_parse("nonsense"), ACTION_NONE);
    cr_assert_eq(command_parse(""), ACTION_NONE);
    cr_assert_eq(command_parse("send-test a@b.example"), ACTION_SEND_TEST,
                 "the word, not its argument");
    cr_assert_eq(command_parse("contactsx"), ACTION_NONE);
    char *arg = command_argument(" :send-test   a@b.example  ");
    cr_assert_str_eq(arg, "a@b.example");
    free(arg);
    arg = command_argument("edit");
    cr_assert_str_eq(arg, "");
    free(arg);
    char buf[32] = "tem";
    cr_assert_eq(command_complete(buf, sizeof buf), 1);
    cr_assert_str_eq(buf, "templates");
    strcpy(buf, "t");
    cr_assert_eq(command_complete(buf, sizeof buf), 4, "tags, templates, team, theme");
    cr_assert_str_eq(buf, "t");
    strcpy(buf, "w");
    command_complete(buf, sizeof buf);
    cr_assert_str_eq(buf, "webhooks");
    char list[64];
    command_candidates("t", list, sizeof list);
    cr_assert_str_eq(list, "tags templates team theme");

    struct command_history h = {0};
    command_history_add(&h, "lists");
    command_history_add(&h, "tags");
    command_history_add(&h, "tags");
    cr_assert_eq(h.len, 2, "a repeat is not stored twice");
    cr_assert_str_eq(command_history_prev(&h), "tags");
    cr_assert_str_eq(command_history_prev(&h), "lists");
    cr_assert_null(command_history_prev(&h));
    cr_assert_str_eq(command_history_next(&h), "tags");
    cr_assert_str_eq(command_history_next(&h), "");
    command_history_free(&h);
}

/* A letter under hundreds of combining marks keeps four of them, as many
 * as a curses cell holds, and the text after it still shows. */
Test(text, a_pile_of_combining_marks_hides_nothing_after_it)
{
    char s[600] = "Z";
    for (int i = 0; i < 240; i++)
        strcat(s, "\xcc\x81"); /* U+0301 COMBINING ACUTE ACCENT */
    strcat(s, " after");
    char fitted[TEXT_FIT_SIZE(20)];
    cr_assert_eq(text_fit(s, 20, fitted, sizeof fitted), 7);
    cr_assert_str_eq(fitted, "Z\xcc\x81\xcc\x81\xcc\x81\xcc\x81 after");
}
