/* The line editor the prompt (and later every form field) types into:
 * UTF-8 and wide characters with a real cursor, every editing key, the
 * window that keeps the cursor in sight, and pasted text that cannot
 * reach the terminal as anything but characters. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/line.h"
#include "app/text.h"

static struct line l;

static void setup(void)
{
    cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
    memset(&l, 0, sizeof l);
}

static void teardown(void)
{
    line_free(&l);
}

TestSuite(line, .init = setup, .fini = teardown);

static void type(const char *s)
{
    cr_assert_eq(line_insert(&l, s, strlen(s)), 0);
}

/* The text with the cursor drawn as '|', for readable expectations. */
static const char *with_cursor(void)
{
    static char buf[512];
    const char *t = line_text(&l);
    snprintf(buf, sizeof buf, "%.*s|%s", (int)l.cursor, t, t + l.cursor);
    return buf;
}

Test(line, an_empty_line_reads_as_empty_text)
{
    cr_expect_str_eq(line_text(&l), "");
    cr_expect_not(line_left(&l));
    cr_expect_not(line_backspace(&l));
    cr_expect_not(line_delete(&l));
    cr_expect_not(line_kill_to_end(&l));
}

Test(line, typing_inserts_at_the_cursor)
{
    type("hed");
    cr_expect(line_left(&l));
    type("llo worl");
    cr_expect_str_eq(with_cursor(), "hello worl|d");
    cr_expect(line_end(&l));
    type("!");
    cr_expect_str_eq(with_cursor(), "hello world!|");
    cr_expect(line_home(&l));
    cr_expect_not(line_home(&l), "already there");
    type(">");
    cr_expect_str_eq(with_cursor(), ">|hello world!");
}

Test(line, the_cursor_steps_over_whole_characters)
{
    /* é as e + combining acute; a CJK character; an emoji; a joined one. */
    type("e\xcc\x81"
         "日😀👩\u200d💻x");
    const char *stops[] = {"e\xcc\x81"
                           "日😀👩\u200d💻|x",
                           "e\xcc\x81"
                           "日😀👩\u200d|💻x",
                           "e\xcc\x81"
                           "日😀|👩\u200d💻x",
                           "e\xcc\x81"
                           "日|😀👩\u200d💻x",
                           "e\xcc\x81|日😀👩\u200d💻x",
                           "|e\xcc\x81"
                           "日😀👩\u200d💻x"};
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        cr_expect(line_left(&l));
        cr_expect_str_eq(with_cursor(), stops[i], "step %zu", i);
    }
    cr_expect_not(line_left(&l));
    cr_expect(line_right(&l));
    cr_expect_str_eq(with_cursor(), "e\xcc\x81|日😀👩\u200d💻x", "the accent goes with its letter");
}

Test(line, backspace_and_delete_remove_one_character_either_side)
{
    type("a日b");
    line_left(&l);
    cr_expect(line_backspace(&l));
    cr_expect_str_eq(with_cursor(), "a|b", "the wide character whole");
    cr_expect(line_delete(&l));
    cr_expect_str_eq(with_cursor(), "a|");
    cr_expect_not(line_delete(&l), "nothing under the cursor at the end");
    line_home(&l);
    cr_expect_not(line_backspace(&l), "nothing before the start");
}

Test(line, ctrl_w_deletes_the_word_before_the_cursor_and_the_spaces_after_it)
{
    type("tag:vip  newsletter  ");
    cr_expect(line_delete_word(&l));
    cr_expect_str_eq(with_cursor(), "tag:vip  |");
    cr_expect(line_delete_word(&l));
    cr_expect_str_eq(with_cursor(), "|");
    type("one twö three");
    for (int i = 0; i < 6; i++)
        line_left(&l);
    cr_expect(line_delete_word(&l));
    cr_expect_str_eq(with_cursor(), "one | three", "from the middle");
}

Test(line, ctrl_u_and_ctrl_k_cut_to_either_end)
{
    type("before|after");
    for (int i = 0; i < 5; i++)
        line_left(&l);
    cr_expect(line_kill_to_end(&l));
    cr_expect_str_eq(with_cursor(), "before||");
    line_left(&l);
    cr_expect(line_kill_to_start(&l));
    cr_expect_str_eq(with_cursor(), "||");
    cr_expect_not(line_kill_to_start(&l));
}

Test(line, pasted_control_characters_and_escape_sequences_never_enter_the_text)
{
    const char paste[] = "abc\x1b[2J\x1b]52;c;cm0K\x07\r\ndef\x7f\xc2\x9bghi\xff\xfejk";
    cr_assert_eq(line_insert(&l, paste, sizeof paste - 1), 0);
    cr_expect_str_eq(line_text(&l), "abc[2J]52;c;cm0Kdefghijk");
    for (const char *c = line_text(&l); *c; c++)
        cr_expect((unsigned char)*c >= 0x20 && *c != 0x7f, "byte %02x", (unsigned char)*c);
    cr_expect_eq(line_insert_char(&l, 0x1b), 0);
    cr_expect_eq(line_insert_char(&l, 0x85), 0);
    cr_expect_str_eq(line_text(&l), "abc[2J]52;c;cm0Kdefghijk", "single control keys too");
}

Test(line, set_replaces_the_text_and_puts_the_cursor_at_its_end)
{
    type("old");
    cr_assert_eq(line_set(&l, "new\ttext"), 0);
    cr_expect_str_eq(with_cursor(), "newtext|");
}

Test(line, the_window_follows_the_cursor_through_a_long_line)
{
    for (int i = 0; i < 30; i++)
        type(i % 2 ? "b" : "a");
    line_follow_cursor(&l, 10);
    int cell = line_cursor_cell(&l);
    cr_expect_leq(cell, 9, "the cursor inside the field: %d", cell);
    cr_expect_eq(text_width_n(line_text(&l) + l.scroll, l.cursor - l.scroll), cell);
    cr_expect_gt(l.scroll, 0, "the start scrolled out of sight");
    line_home(&l);
    line_follow_cursor(&l, 10);
    cr_expect_eq(l.scroll, 0);
    cr_expect_eq(line_cursor_cell(&l), 0);
    line_end(&l);
    line_follow_cursor(&l, 10);
    for (int i = 0; i < 12; i++) {
        line_left(&l);
        line_follow_cursor(&l, 10);
        cr_expect_leq(l.scroll, l.cursor, "never right of the cursor");
        cr_expect_leq(line_cursor_cell(&l), 9);
    }
}

Test(line, the_window_counts_wide_characters_as_two_cells)
{
    for (int i = 0; i < 20; i++)
        type("日");
    line_follow_cursor(&l, 9);
    int cell = line_cursor_cell(&l);
    cr_expect_leq(cell, 8);
    cr_expect_eq(cell % 2, 0, "a whole number of wide characters before the cursor");
}

Test(line, a_short_text_is_shown_from_its_start)
{
    type("short");
    line_home(&l);
    line_follow_cursor(&l, 40);
    cr_expect_eq(l.scroll, 0);
    line_end(&l);
    line_follow_cursor(&l, 40);
    cr_expect_eq(l.scroll, 0);
    cr_expect_eq(line_cursor_cell(&l), 5);
}

/* A generous bound that an accidentally quadratic editor would miss by
 * far: 200,000 characters pasted, then followed to the end and back. */
Test(line, a_long_paste_stays_quick)
{
    size_t n = 200000;
    char *paste = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        paste[i] = (char)('a' + i % 26);
    paste[n] = '\0';
    clock_t start = clock();
    cr_assert_eq(line_insert(&l, paste, n), 0);
    line_follow_cursor(&l, 80);
    line_home(&l);
    line_follow_cursor(&l, 80);
    line_end(&l);
    line_follow_cursor(&l, 80);
    double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
    cr_expect_eq(l.len, n);
    cr_expect_lt(secs, 2.0, "%.3f s", secs);
    free(paste);
}

Test(line, each_editing_action_says_what_it_did)
{
    cr_assert_eq(line_set(&l, "ab"), 0);
    cr_assert_eq(line_action(&l, ACTION_PROMPT_RIGHT), LINE_STILL, "already at the end");
    cr_assert_eq(line_action(&l, ACTION_PROMPT_HOME), LINE_MOVED);
    cr_assert_eq(line_action(&l, ACTION_PROMPT_BACKSPACE), LINE_STILL, "nothing before it");
    cr_assert_eq(line_action(&l, ACTION_PROMPT_DELETE), LINE_CHANGED);
    cr_assert_str_eq(line_text(&l), "b");
    cr_assert_eq(line_action(&l, ACTION_PROMPT_KILL_END), LINE_CHANGED);
    cr_assert_str_eq(line_text(&l), "");
    cr_assert_eq(line_action(&l, ACTION_ROW_DOWN), LINE_NOT_AN_EDIT);
    cr_assert_eq(line_action(&l, ACTION_PROMPT_ACCEPT), LINE_NOT_AN_EDIT);
}
