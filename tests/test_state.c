/* What sendx-tui remembers between runs (app/state.c): the state
 * directory from XDG_STATE_HOME or HOME, the command history read back
 * (hostile lines left out) and written, the last pane of a profile. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "app/state.h"
#include "tree.h"

static char root[64];

static void setup(void)
{
    snprintf(root, sizeof root, "/tmp/sendx-state-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
}

static void teardown(void)
{
    tree_remove(root);
}

TestSuite(state, .init = setup, .fini = teardown);

static const char *in_root(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", root, name);
    return buf;
}

static void put(const char *path, const char *text, size_t len)
{
    cr_assert_eq(tree_put(path, text, len, 0600), 0, "%s", path);
}

Test(state, the_directory_follows_xdg_state_home_else_home)
{
    struct api_error err = {0};
    cr_assert_eq(setenv("XDG_STATE_HOME", "/st", 1), 0);
    char *p = state_path("history", &err);
    cr_expect_str_eq(p, "/st/sendx-tui/history");
    free(p);
    cr_assert_eq(setenv("XDG_STATE_HOME", "relative", 1), 0);
    cr_assert_eq(setenv("HOME", "/home/me", 1), 0);
    p = state_path("last-pane/acme", &err);
    cr_expect_str_eq(p, "/home/me/.local/state/sendx-tui/last-pane/acme");
    free(p);
    cr_assert_eq(setenv("HOME", "home", 1), 0);
    cr_expect_null(state_path("history", &err));
    cr_expect_eq(err.kind, API_ERR_INVALID);
    cr_expect(strstr(api_error_message(&err), "XDG_STATE_HOME"), "%s", api_error_message(&err));
    api_error_clear(&err);
}

Test(state, a_profile_name_is_one_safe_path_component)
{
    static const char *const cases[][2] = {
        {"acme", "acme"},   {"Team-2_eu.v1", "Team-2_eu.v1"},
        {"..", "_."},       {"../../etc", "_._.._etc"},
        {"a/b c", "a_b_c"}, {"", "default"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        state_profile_component(cases[i][0], out, sizeof out);
        cr_expect_str_eq(out, cases[i][1], "%s", cases[i][0]);
    }
    char out[64];
    state_profile_component(NULL, out, sizeof out);
    cr_expect_str_eq(out, "default");
}

Test(state, history_is_written_and_read_back_in_order)
{
    struct command_history h = {0};
    command_history_add(&h, "lists");
    command_history_add(&h, "profile acme");
    command_history_add(&h, "sort -name");
    size_t len = 0;
    char *text = state_history_text(&h, &len);
    cr_assert_str_eq(text, "lists\nprofile acme\nsort -name\n");
    cr_assert_eq(len, strlen(text));
    char path[128];
    put(in_root("history", path, sizeof path), text, len);
    free(text);
    struct command_history back = {0};
    struct api_error err = {0};
    cr_assert_eq(state_history_read(path, &back, &err), 0, "%s", api_error_message(&err));
    cr_assert_eq(back.len, 3);
    cr_expect_str_eq(back.lines[0], "lists");
    cr_expect_str_eq(back.lines[2], "sort -name");
    cr_expect_str_eq(command_history_prev(&back), "sort -name", "Up gives the newest first");
    command_history_free(&h);
    command_history_free(&back);
}

/* A history file is the user's: what no prompt could have written (an
 * escape sequence, a NUL, a line far longer than a command) is left out,
 * the rest kept; at most the last COMMAND_HISTORY_MAX lines. */
Test(state, a_hostile_history_file_gives_only_printable_lines)
{
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char text[4096];
    int n = snprintf(text, sizeof text, "lists\n\x1b]52;c;evil\x07\nok\r\n%s\ncampaigns", big);
    text[n] = '\0';
    size_t len = (size_t)n;
    char with_nul[] = "tags\0hidden\n";
    char path[128];
    in_root("history", path, sizeof path);
    put(path, text, len);
    struct command_history h = {0};
    struct api_error err = {0};
    cr_assert_eq(state_history_read(path, &h, &err), 0);
    cr_assert_eq(h.len, 2, "lists and campaigns; the rest are not commands");
    cr_expect_str_eq(h.lines[0], "lists");
    cr_expect_str_eq(h.lines[1], "campaigns", "a last line without a newline counts");
    command_history_free(&h);
    put(path, with_nul, sizeof with_nul - 1);
    cr_assert_eq(state_history_read(path, &h, &err), 0);
    cr_expect_eq(h.len, 1);
    cr_expect_str_eq(h.lines[0], "tags", "text after a NUL is not read as part of the line");
    command_history_free(&h);
    char many[8192] = "";
    for (int i = 0; i < COMMAND_HISTORY_MAX + 20; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "c%d\n", i);
    put(path, many, strlen(many));
    cr_assert_eq(state_history_read(path, &h, &err), 0);
    cr_expect_eq(h.len, COMMAND_HISTORY_MAX);
    cr_expect_str_eq(h.lines[0], "c20", "the oldest fall off");
    command_history_free(&h);
}

Test(state, missing_files_are_empty_and_unreadable_ones_said)
{
    char path[128];
    struct command_history h = {0};
    struct api_error err = {0};
    cr_expect_eq(state_history_read(in_root("none", path, sizeof path), &h, &err), 0);
    cr_expect_eq(h.len, 0);
    char pane[32] = "x";
    cr_expect_eq(state_pane_read(path, pane, sizeof pane, &err), 0);
    cr_expect_str_eq(pane, "");
    /* A directory where the file should be. */
    cr_expect_eq(state_pane_read(root, pane, sizeof pane, &err), -1);
    cr_expect(strstr(api_error_message(&err), root), "%s", api_error_message(&err));
    api_error_clear(&err);
}

Test(state, the_last_pane_reads_back)
{
    char path[128];
    put(in_root("acme", path, sizeof path), "campaigns\n", 10);
    char pane[32];
    struct api_error err = {0};
    cr_assert_eq(state_pane_read(path, pane, sizeof pane, &err), 0);
    cr_expect_str_eq(pane, "campaigns");
}
