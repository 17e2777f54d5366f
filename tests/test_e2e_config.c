/* End to end, the configuration: a file that rebinds keys and picks a
 * theme, driven with the new keys and seen in the colours the terminal
 * was asked for; switching profile (another team's server, its key from
 * a command) and theme at run time; and the configuration directory left
 * as it was. */
#define _XOPEN_SOURCE 700
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "api/sendx.h"
#include "e2e.h"
#include "terminfo.h"
#include "tmux.h"
#include "tree.h"

/* The themes' header colours as a 256-colour terminal is asked for them
 * (tmux runs as tmux-256color): light's header is #ffffff on #005f87,
 * which are the cube's 231 and 24 exactly; gruvbox's #ebdbb2 on #3c3836
 * come nearest to 187 (#d7d7af: 235 is as near 215 as 255, the lower
 * taken) and the grey 237 (#3a3a3a). */
#define LIGHT_HEADER   "38;5;231", "48;5;24"
#define GRUVBOX_HEADER "38;5;187", "48;5;237"

static struct mock_server *second;

static void stop_second(void)
{
    struct api_error err = {0};
    if (second)
        mock_server_stop(second, &err);
    api_error_clear(&err);
    second = NULL;
}

/* A second team: another server, other data. */
static void start_second(void)
{
    struct mock_options o = mock_options_default();
    o.api_key = API_KEY;
    o.seed = 11;
    o.contacts = 30;
    struct api_error err = {0};
    second = mock_server_start(&o, &err);
    cr_assert_not_null(second, "mock: %s", api_error_message(&err));
}

static void teardown(void)
{
    stop_second();
    e2e_teardown();
}

TestSuite(e2e_config, .init = e2e_setup, .fini = teardown, .timeout = 120);

static const char *config_dir(char *buf, size_t n)
{
    snprintf(buf, n, "%s/config/sendx-tui", dir);
    return buf;
}

/* Writes config.yaml (mode 0600: it may hold a key). */
static void write_config(const char *text)
{
    char path[256], d[200];
    snprintf(path, sizeof path, "%s/config", dir);
    cr_assert_eq(mkdir(path, 0700), 0);
    cr_assert_eq(mkdir(config_dir(d, sizeof d), 0700), 0);
    snprintf(path, sizeof path, "%s/config.yaml", d);
    cr_assert_eq(tree_put(path, text, strlen(text), 0600), 0, "%s", path);
}

/* Whether SGR parameter sgr ("48;5;24") starts a sequence in line and
 * ends there or before another parameter. */
static bool has_sgr(const char *line, const char *sgr)
{
    size_t n = strlen(sgr);
    for (const char *p = strstr(line, sgr); p; p = strstr(p + 1, sgr))
        if ((p[-1] == '[' || p[-1] == ';') && (p[n] == 'm' || p[n] == ';'))
            return true;
    return false;
}

/* Waits until the header row is drawn in fg and bg; whether it was, and
 * the header row last seen (with its escapes) into seen. */
static bool header_drawn_in(const char *fg, const char *bg, char *seen, size_t n)
{
    bool drawn = false;
    for (int waited = 0; !drawn && waited < WAIT_MS; waited += 20) {
        char *screen = tmux_capture_styled(tui);
        cr_assert_not_null(screen);
        screen[strcspn(screen, "\n")] = '\0';
        snprintf(seen, n, "%s", screen);
        free(screen);
        drawn = has_sgr(seen, fg) && has_sgr(seen, bg);
        if (!drawn)
            nanosleep(&(struct timespec){0, 20 * 1000000L}, NULL);
    }
    return drawn;
}

/* The header drawn in the theme's colours, or the test fails showing it. */
#define EXPECT_HEADER(colours)                                                                     \
    do {                                                                                           \
        char seen_[1024];                                                                          \
        cr_expect(header_drawn_in(colours, seen_, sizeof seen_), "header not in %s: %s", #colours, \
                  seen_);                                                                          \
    } while (0)

/* The row of the screen that holds text, into buf ("" if none). */
static const char *line_with(const char *text, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int i = 0; i < ROWS; i++) {
        screen_line(i, buf, n);
        if (strstr(buf, text))
            return buf;
    }
    buf[0] = '\0';
    return buf;
}

/* The first contact of the team at server s, as its table shows it. */
static char *first_contact_of(struct mock_server *s)
{
    struct mock_server *kept = mock;
    mock = s;
    char *text = row_text(SENDX_KIND_CONTACT, 0);
    mock = kept;
    return text;
}

static void command(const char *line)
{
    keys(":");
    assert_shows("\n:");
    type(line);
    keys("Enter");
}

/* The configuration directory holds what the test wrote and nothing else. */
static void config_dir_untouched(void)
{
    char d[200];
    DIR *dh = opendir(config_dir(d, sizeof d));
    cr_assert_not_null(dh);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(dh)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            cr_expect_str_eq(e->d_name, "config.yaml", "the app wrote into its config directory");
            n++;
        }
    closedir(dh);
    cr_expect_eq(n, 1);
}

Test(e2e_config, rebound_keys_drive_the_app_and_the_theme_draws_it)
{
    start_mock(40);
    write_config("theme: light\n"
                 "keys:\n"
                 "  global:\n"
                 "    pane.lists: [L]\n"
                 "    pane.tags: []\n"
                 "  table:\n"
                 "    row.down: [J]\n"
                 "    detail.open: [o, <enter>]\n");
    start_tui();
    wait_title("Contacts");
    EXPECT_HEADER(LIGHT_HEADER);
    char line[512];
    assert_shows("default · ");
    /* The tabs name the keys in force: L for Lists, none for Tags. */
    cr_expect(strstr(screen_line(1, line, sizeof line), " L Lists "), "%s", line);
    cr_expect(strstr(line, " Tags ") && !strstr(line, "3 Tags"), "%s", line);
    /* J moves down a table (j no longer does: its global key is held back
     * by the table's own list), o opens the row. */
    keys("J");
    keys("o");
    char *second_row = row_text(SENDX_KIND_CONTACT, 1);
    assert_shows(second_row);
    free(second_row);
    escape_then("Email");
    keys("3");
    keys("L");
    wait_title("Lists");
    /* The help lists the bindings in force. */
    keys("?");
    keys("/");
    type("pane.");
    assert_shows("pane.lists");
    cr_expect(strstr(line_with("pane.lists", line, sizeof line), " L "), "%s", line);
    cr_expect(line_with("pane.tags", line, sizeof line)[0] == '\0', "unbound, so not listed");
    keys("Escape");
    quit();
    config_dir_untouched();
}

Test(e2e_config, profile_and_theme_switch_at_run_time)
{
    start_mock(40);
    start_second();
    char text[2048];
    snprintf(text, sizeof text,
             "default_profile: a\n"
             "theme: light\n"
             "profiles:\n"
             "  a:\n"
             "    base_url: %s\n"
             "    api_key: " API_KEY "\n"
             "  b:\n"
             "    base_url: %s\n"
             "    api_key_cmd: [printf, \"%%s\", " API_KEY "]\n"
             "    theme: gruvbox\n"
             "    start_pane: lists\n",
             mock_server_url(mock), mock_server_url(second));
    write_config(text);
    start_tui();
    char where[200];
    snprintf(where, sizeof where, "a · %s", mock_server_url(mock));
    assert_shows(where);
    char *ours = first_contact_of(mock);
    assert_shows(ours);
    EXPECT_HEADER(LIGHT_HEADER);

    command("profile b");
    snprintf(where, sizeof where, "b · %s", mock_server_url(second));
    assert_shows(where);
    wait_title("Lists");
    EXPECT_HEADER(GRUVBOX_HEADER);
    keys("1");
    char *theirs = first_contact_of(second);
    assert_shows(theirs);
    assert_gone(ours);

    command("theme light");
    EXPECT_HEADER(LIGHT_HEADER);
    assert_shows(where);

    command("profile nope");
    assert_shows("no profile called nope");

    command("profile a");
    snprintf(where, sizeof where, "a · %s", mock_server_url(mock));
    assert_shows(where);
    assert_shows(ours);
    EXPECT_HEADER(LIGHT_HEADER);
    free(ours);
    free(theirs);
    quit();
    config_dir_untouched();
}

/* A folder of the test's own holding tmux-direct, a direct-colour
 * sibling of tmux-256color as ncurses-term defines it. Returns it. */
static const char *direct_entry(char *folder, size_t n)
{
    snprintf(folder, n, "%s/terminfo", dir);
    cr_assert_eq(mkdir(folder, 0700), 0);
    terminfo_direct_entry(folder, "tmux-direct", "tmux-256color");
    return folder;
}

/* COLORTERM=truecolor over tmux-256color: the app opens the direct-colour
 * sibling and asks for gruvbox's header in 24-bit, #ebdbb2 on #3c3836;
 * without COLORTERM the same terminal gets the 256-colour nearest. */
Test(e2e_config, truecolor_is_drawn_through_the_direct_colour_entry)
{
    start_mock(10);
    write_config("theme: gruvbox\n");
    char folder[128], prefix[400];
    snprintf(prefix, sizeof prefix,
             "env COLORTERM=truecolor TERMINFO_DIRS=%s:", direct_entry(folder, sizeof folder));
    start_tui_via(prefix, "");
    wait_title("Contacts");
    char seen[1024];
    cr_expect(header_drawn_in("38;2;235;219;178", "48;2;60;56;54", seen, sizeof seen),
              "gruvbox's header in 24-bit: %s", seen);
    quit();
    tmux_stop(tui);
    snprintf(prefix, sizeof prefix, "env TERMINFO_DIRS=%s:", folder);
    start_tui_via(prefix, "");
    wait_title("Contacts");
    EXPECT_HEADER(GRUVBOX_HEADER);
    quit();
}

/* Two profiles, a on the first mock and b on the second (its key from a
 * command), written to the config file. */
static void two_profiles(void)
{
    char text[2048];
    snprintf(text, sizeof text,
             "default_profile: a\n"
             "profiles:\n"
             "  a: {base_url: \"%s\", api_key: " API_KEY "}\n"
             "  b: {base_url: \"%s\", api_key_cmd: [printf, \"%%s\", " API_KEY "]}\n",
             mock_server_url(mock), mock_server_url(second));
    write_config(text);
}

/* The old team's work in flight is dropped, not waited for: a's server
 * answers after half a minute, yet b is on screen at once, and nothing
 * of a's ever shows there. */
Test(e2e_config, switching_profile_does_not_wait_for_the_old_teams_requests)
{
    start_mock(40);
    start_second();
    two_profiles();
    struct mock_faults slow = {.latency_ms = 30000};
    mock_server_set_faults(mock, &slow);
    start_tui();
    assert_shows("loading");
    command("profile b");
    char where[200];
    snprintf(where, sizeof where, "b · %s", mock_server_url(second));
    assert_shows(where);
    char *theirs = first_contact_of(second);
    assert_shows(theirs);
    free(theirs);
    mock_server_set_faults(mock, &(struct mock_faults){0});
    char *ours = first_contact_of(mock);
    char *screen = tmux_capture(tui);
    cr_expect(screen && !strstr(screen, ours), "a's rows reached b's session");
    free(screen);
    free(ours);
    quit();
}

/* What the app remembers goes under XDG_STATE_HOME, never beside the
 * configuration: the pane last used (per profile) and the commands typed
 * come back at the next start. */
Test(e2e_config, the_last_pane_and_the_history_come_back_next_time)
{
    start_mock(10);
    write_config("theme: default\n");
    start_tui();
    wait_title("Contacts");
    command("campaigns");
    wait_title("Campaigns");
    quit();
    tmux_stop(tui);
    tui = NULL;

    start_tui();
    wait_title("Campaigns");
    keys(":");
    assert_shows("\n:");
    keys("Up");
    assert_shows("\n:campaigns");
    keys("Escape");
    quit();
    char path[200];
    snprintf(path, sizeof path, "%s/state/sendx-tui/last-pane/default", dir);
    char *pane = slurp(path);
    cr_expect_str_eq(pane, "campaigns\n");
    free(pane);
    snprintf(path, sizeof path, "%s/state/sendx-tui/history", dir);
    char *history = slurp(path);
    cr_expect_str_eq(history, "campaigns\n");
    free(history);
    config_dir_untouched();
}
