/* Editing outside: the text goes to a private temporary file, the user's
 * editor (a shell script written here) changes it, the text comes back,
 * and the file is gone afterwards whatever happened; an editor that fails
 * changes nothing and says why. Then the check a body edited outside
 * passes before it is accepted. Criterion runs each test in a process of
 * its own, so the environment each one sets stays its own. */
#include <criterion/criterion.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_error.h"
#include "app/editor.h"
#include "app/validate.h"
#include "tree.h"

static char root[64];

static void setup(void)
{
    cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
    snprintf(root, sizeof root, "/tmp/sendx-editor-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    cr_assert_eq(setenv("TMPDIR", root, 1), 0);
    unsetenv("VISUAL");
    unsetenv("EDITOR");
}

static void teardown(void)
{
    tree_remove(root);
}

TestSuite(editor, .init = setup, .fini = teardown, .timeout = 30);
TestSuite(check, .init = setup, .fini = teardown, .timeout = 30);

static const char *at(const char *rel)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", root, rel);
    return p;
}

/* The file's text (heap), or NULL if there is none. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 4096);
    cr_assert_not_null(buf);
    size_t n = fread(buf, 1, 4095, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* An editor: a shell script in root running body, with $ROOT set to root. */
static const char *script(const char *name, const char *body)
{
    const char *path = at(name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "#!/bin/sh\nROOT='%s'\n%s\n", root, body);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(chmod(path, 0755), 0);
    return path;
}

/* The editor wrote the path it was given into $ROOT/path: that file must
 * be gone, and must have been one of ours. */
static void assert_temp_file_gone(const char *dir)
{
    char *path = slurp(at("path"));
    cr_assert_not_null(path, "the editor ran");
    path[strcspn(path, "\n")] = '\0';
    cr_assert_eq(strncmp(path, dir, strlen(dir)), 0, "%s is in %s", path, dir);
    cr_assert_not_null(strstr(path, "/sendx-tui-"));
    size_t len = strlen(path);
    cr_assert(len > 5 && strcmp(path + len - 5, ".html") == 0, "%s ends in .html", path);
    cr_assert_neq(access(path, F_OK), 0, "%s was removed", path);
    free(path);
}

#define RECORD_PATH "printf '%s\\n' \"$1\" > \"$ROOT/path\"\n"

Test(editor, command_is_visual_then_editor_then_vi)
{
    cr_assert_str_eq(editor_command(), "vi");
    setenv("EDITOR", "nano -w", 1);
    cr_assert_str_eq(editor_command(), "nano -w");
    setenv("VISUAL", "code --wait", 1);
    cr_assert_str_eq(editor_command(), "code --wait");
    setenv("VISUAL", "", 1);
    cr_assert_str_eq(editor_command(), "nano -w", "an empty variable counts as unset");
    setenv("EDITOR", "  ", 1);
    cr_assert_str_eq(editor_command(), "vi", "so does a blank one");
}

Test(editor, text_comes_back_changed)
{
    setenv("EDITOR",
           script("ed.sh", RECORD_PATH "stat -c %a \"$1\" > \"$ROOT/mode\"\n"
                                       "printf '<p>added</p>\\n' >> \"$1\""),
           1);
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    cr_assert_eq(editor_run("<p>héllo</p>\n", &out, &len, &err), 0, "%s", api_error_message(&err));
    cr_assert_str_eq(out, "<p>héllo</p>\n<p>added</p>\n");
    cr_assert_eq(len, strlen(out));
    free(out);
    char *mode = slurp(at("mode"));
    cr_assert_str_eq(mode, "600\n", "only its owner may read the text");
    free(mode);
    assert_temp_file_gone(root);
}

Test(editor, an_unchanged_text_is_a_success)
{
    setenv("EDITOR", "true", 1);
    char *out = NULL;
    size_t len = 0;
    cr_assert_eq(editor_run(NULL, &out, &len, NULL), 0);
    cr_assert_str_eq(out, "");
    cr_assert_eq(len, 0);
    free(out);
}

Test(editor, visual_wins_and_a_command_may_carry_arguments)
{
    const char *ed = script("ed.sh", "[ \"$1\" = --wait ] && [ \"$2\" = '-n 1' ] || exit 3\n"
                                     "shift 2\n" RECORD_PATH "sed -i 's/old/new/' \"$1\"");
    char cmd[600];
    snprintf(cmd, sizeof cmd, "%s --wait '-n 1'", ed);
    setenv("VISUAL", cmd, 1);
    setenv("EDITOR", "false", 1);
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    cr_assert_eq(editor_run("the old text", &out, &len, &err), 0, "%s", api_error_message(&err));
    cr_assert_str_eq(out, "the new text");
    free(out);
    assert_temp_file_gone(root);
}

Test(editor, an_editor_that_fails_changes_nothing)
{
    setenv("EDITOR", script("ed.sh", RECORD_PATH "echo changed > \"$1\"\nexit 1"), 1);
    char sentinel[] = "untouched";
    char *out = sentinel;
    size_t len = 42;
    struct api_error err = {0};
    cr_assert_eq(editor_run("text", &out, &len, &err), -1);
    cr_assert_eq(out, sentinel);
    cr_assert_eq(len, 42);
    cr_assert_eq(err.kind, API_ERR_CANCELLED);
    cr_assert_str_eq(api_error_message(&err), "the editor exited with status 1: nothing changed");
    api_error_clear(&err);
    assert_temp_file_gone(root);
}

Test(editor, a_killed_editor_changes_nothing)
{
    setenv("EDITOR", script("ed.sh", RECORD_PATH "kill -TERM $$"), 1);
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    cr_assert_eq(editor_run("text", &out, &len, &err), -1);
    cr_assert_null(out);
    cr_assert_not_null(strstr(api_error_message(&err), "killed by signal 15"), "%s",
                       api_error_message(&err));
    cr_assert_not_null(strstr(api_error_message(&err), "nothing changed"));
    api_error_clear(&err);
    assert_temp_file_gone(root);
}

Test(editor, an_editor_that_is_not_there_is_named)
{
    setenv("EDITOR", "/nonexistent/editor", 1);
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    cr_assert_eq(editor_run("text", &out, &len, &err), -1);
    cr_assert_null(out);
    cr_assert_str_eq(api_error_message(&err),
                     "cannot run the editor \"/nonexistent/editor\" (status 127): nothing changed");
    api_error_clear(&err);
}

Test(editor, a_temporary_folder_with_spaces_and_shell_words)
{
    /* Were the path ever read by a shell, "$(touch pwned)" would run. */
    const char *dir = at("with space $(touch pwned) 'q\" `touch pwned2`");
    cr_assert_eq(mkdir(dir, 0700), 0);
    cr_assert_eq(chdir(root), 0);
    setenv("TMPDIR", dir, 1);
    setenv("EDITOR", script("ed.sh", RECORD_PATH "printf ' more' >> \"$1\""), 1);
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    cr_assert_eq(editor_run("text", &out, &len, &err), 0, "%s", api_error_message(&err));
    cr_assert_str_eq(out, "text more");
    free(out);
    assert_temp_file_gone(dir);
    cr_assert_neq(access(at("pwned"), F_OK), 0);
    cr_assert_neq(access(at("pwned2"), F_OK), 0);
}

Test(editor, a_temporary_folder_that_is_not_there)
{
    setenv("TMPDIR", at("missing"), 1);
    setenv("EDITOR", "true", 1);
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    cr_assert_eq(editor_run("text", &out, &len, &err), -1);
    cr_assert_null(out);
    cr_assert_not_null(strstr(api_error_message(&err), "cannot make a file in"), "%s",
                       api_error_message(&err));
    api_error_clear(&err);
}

Test(editor, a_text_grown_past_the_limit_is_refused)
{
    setenv("EDITOR",
           script("ed.sh", RECORD_PATH "head -c 1048577 /dev/zero | tr '\\000' a > \"$1\""), 1);
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    cr_assert_eq(editor_run("text", &out, &len, &err), -1);
    cr_assert_null(out);
    cr_assert_str_eq(api_error_message(&err),
                     "the edited text is larger than 1 MiB: nothing changed");
    api_error_clear(&err);
    assert_temp_file_gone(root);
}

Test(editor, nul_bytes_come_back_counted)
{
    setenv("EDITOR", script("ed.sh", "printf 'a\\000b' > \"$1\""), 1);
    char *out = NULL;
    size_t len = 0;
    cr_assert_eq(editor_run("text", &out, &len, NULL), 0);
    cr_assert_eq(len, 3);
    cr_assert_eq(memcmp(out, "a\0b", 4), 0);
    struct validate_msg msg;
    cr_assert_str_eq(editor_check_html(out, len, &msg), "a NUL byte at byte 2 (line 1)");
    free(out);
}

Test(editor, the_editor_starts_with_signals_unblocked_and_not_ignored)
{
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    cr_assert_eq(sigprocmask(SIG_BLOCK, &usr1, NULL), 0);
    signal(SIGPIPE, SIG_IGN); /* as the HTTP layer does */
    setenv("EDITOR", script("ed.sh", "grep -E '^Sig(Blk|Ign)' /proc/self/status > \"$ROOT/sig\""),
           1);
    char *out = NULL;
    size_t len = 0;
    cr_assert_eq(editor_run("", &out, &len, NULL), 0);
    free(out);
    char *sig = slurp(at("sig"));
    cr_assert_not_null(sig);
    cr_assert_not_null(strstr(sig, "SigBlk:\t0000000000000000\n"), "%s", sig);
    unsigned long long ignored = 0;
    const char *ign = strstr(sig, "SigIgn:\t");
    cr_assert_not_null(ign);
    cr_assert_eq(sscanf(ign + 8, "%llx", &ignored), 1);
    cr_assert_eq(ignored & (1ull << (SIGPIPE - 1)), 0, "SIGPIPE not ignored: %s", sig);
    free(sig);
}

/* The editor stops (Ctrl-z stops the shell around it too): this process
 * must stop as well, so that the user's shell sees the whole job stopped,
 * and carry on when continued. A helper the script leaves behind records
 * whether it found this process stopped, then continues both. */
Test(editor, a_stopped_editor_stops_us_until_continued)
{
    FILE *f = fopen(at("us"), "w");
    cr_assert_not_null(f);
    fprintf(f, "%ld\n", (long)getpid());
    cr_assert_eq(fclose(f), 0);
    setenv("EDITOR",
           script("ed.sh", "us=$(cat \"$ROOT/us\"); sh=$PPID\n"
                           "(sleep 0.5; grep '^State' /proc/$us/status > \"$ROOT/state\";\n"
                           " kill -CONT $sh $us) &\n"
                           "kill -STOP $sh\n"
                           "printf ' resumed' >> \"$1\""),
           1);
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    cr_assert_eq(editor_run("text", &out, &len, &err), 0, "%s", api_error_message(&err));
    cr_assert_str_eq(out, "text resumed");
    free(out);
    char *state = slurp(at("state"));
    cr_assert_not_null(state);
    cr_assert_not_null(strstr(state, "stopped"), "%s", state);
    free(state);
}

/* ---- the check ---- */

static const char *check(const char *text)
{
    static struct validate_msg msg;
    return editor_check_html(text, strlen(text), &msg);
}

Test(check, accepts_html_as_people_write_it)
{
    const char *good[] = {
        "",
        "<!DOCTYPE html>\r\n<html><head><title>a < b</title>\n"
        "<style>p > a { color: red }</style></head>\n"
        "<body>\t<p title=\"x > y\" data-q='<'>Grüße, 東京 & 3 < 4</p>\n"
        "<!-- a <comment> with < and > -->\n"
        "<!--[if mso]><table><![endif]-->\n"
        "<script>if (a<b && c>d) x = \"<b>\";</SCRIPT>\n"
        "<br/><img src=x alt=it's>{{first_name}}</body></html>\n",
        "<p>an unfinished script runs to the end<script>if (a <b",
        "a < b and c <= d, <3",
        "<!-->",
        "<?xml version=\"1.0\"?>",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        cr_assert_null(check(good[i]), "case %zu: %s", i, check(good[i]));
}

Test(check, refuses_what_is_not_utf8)
{
    cr_assert_str_eq(check("ab\xff"
                           "cd"),
                     "not UTF-8 at byte 3 (line 1)");
    cr_assert_str_eq(check("a\nb\n\xc0\xaf"), "not UTF-8 at byte 5 (line 3)", "an overlong");
    cr_assert_str_eq(check("ok\xc3"), "not UTF-8 at byte 3 (line 1)", "cut short at the end");
    cr_assert_str_eq(check("\xed\xa0\x80"), "not UTF-8 at byte 1 (line 1)", "a surrogate");
}

Test(check, refuses_nul_and_control_characters)
{
    struct validate_msg msg;
    cr_assert_str_eq(editor_check_html("<p>\0</p>", 8, &msg), "a NUL byte at byte 4 (line 1)");
    cr_assert_str_eq(check("x\ny\a"), "a control character (U+0007) at byte 4 (line 2)");
    cr_assert_str_eq(check("\x1b[31mred"), "a control character (U+001B) at byte 1 (line 1)");
    cr_assert_str_eq(check("a\fb"), "a control character (U+000C) at byte 2 (line 1)");
    cr_assert_null(check("tab\tnewline\ncr\r\n"));
}

Test(check, refuses_more_than_a_mebibyte)
{
    char *big = malloc(EDITOR_MAX_BYTES + 2);
    cr_assert_not_null(big);
    memset(big, 'a', EDITOR_MAX_BYTES + 1);
    big[EDITOR_MAX_BYTES + 1] = '\0';
    struct validate_msg msg;
    cr_assert_str_eq(editor_check_html(big, EDITOR_MAX_BYTES + 1, &msg),
                     "larger than 1 MiB: 1,048,577 bytes");
    cr_assert_null(editor_check_html(big, EDITOR_MAX_BYTES, &msg), "1 MiB itself is fine");
    free(big);
}

Test(check, refuses_a_tag_left_open)
{
    cr_assert_str_eq(check("<p>hello <b"), "the '<' at byte 10 (line 1) is never closed by '>'");
    cr_assert_str_eq(check("<p>\n<a title=\"x>y</a>"),
                     "the '<' at byte 5 (line 2) is never closed by '>'", "a quote left open");
    cr_assert_str_eq(check("<p>a</p\n"), "the '<' at byte 5 (line 1) is never closed by '>'");
    cr_assert_str_eq(check("x <!-- never ends ->"),
                     "the '<' at byte 3 (line 1) is never closed by '>'");
    cr_assert_str_eq(check("<!DOCTYPE html"), "the '<' at byte 1 (line 1) is never closed by '>'");
    cr_assert_str_eq(check("<style>p{}</style>\n<div"),
                     "the '<' at byte 20 (line 2) is never closed by '>'");
}
