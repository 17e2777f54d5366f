/* The configuration in the app: key bindings rebound and unbound in every
 * context, as the help and the keys themselves see them; a profile's
 * start pane, page size and columns; `:profile` and `:theme` asking the
 * loop for a switch, or saying why not. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/files.h"
#include "app/help.h"
#include "app/keys.h"
#include "app/settings.h"
#include "config/config.h"

#include "app_fixture.h"
#include "tree.h"

static struct config cfg;
static const char *const profiles[] = {"acme", "globex", NULL};
static const char *const themes[] = {"default", "gruvbox", "mono", NULL};

static void teardown(void)
{
    fixture_teardown();
    config_free(&cfg);
}

TestSuite(app_config, .init = fixture_setup, .fini = teardown);

/* The app started again over yaml's profile `acme`. */
static void start_with(const char *yaml)
{
    struct config_vocab vocab;
    settings_vocab(&vocab);
    struct config_diags diags = {0};
    int rc = config_load_string("test.yaml", yaml, strlen(yaml), &vocab, &cfg, &diags);
    char text[2048] = "";
    for (size_t i = 0; i < diags.len; i++)
        strncat(text, diags.items[i].text, sizeof text - strlen(text) - 1);
    diags_free(&diags);
    cr_assert_eq(rc, 0, "%s", text);
    fixture_teardown();
    struct app_config ac = {.profile = "acme",
                            .where = "test",
                            .config = &cfg,
                            .settings = config_profile_find(&cfg, "acme"),
                            .profiles = profiles,
                            .themes = themes,
                            .theme = "default"};
    cr_assert_eq(app_init(&app, &ac, now), 0);
    fixture_layout();
}

/* The whole of a file, a heap string ("" when it is not there). */
static char *slurp_file(const char *path)
{
    FILE *f = fopen(path, "r");
    char *text = calloc(1, 4096);
    cr_assert_not_null(text);
    if (f) {
        size_t n = fread(text, 1, 4095, f);
        text[n] = '\0';
        fclose(f);
    }
    return text;
}

static int key_of(const char *notation)
{
    int k = keys_parse(notation);
    cr_assert_geq(k, 0, "%s", notation);
    return k;
}

/* The keys the help lists for action under ctx's own heading, or NULL;
 * the prompt's keys are listed in the help of a table, which opens it. */
static const char *help_keys(enum keymap_context ctx, enum action action, char out[64])
{
    struct help_row rows[256];
    enum keymap_context view = ctx == KEYMAP_PROMPT ? KEYMAP_TABLE : ctx;
    size_t n = help_rows(&app.keys, view, NULL, rows, 256);
    for (size_t i = 0; i < n && i < 256; i++) {
        if (rows[i].action == action && rows[i].ctx == ctx) {
            memcpy(out, rows[i].keys, 64);
            return out;
        }
    }
    return NULL;
}

/* One action per context, given a key it did not have and losing its
 * defaults there: the key works, the old one does not, and the help of
 * that context shows the new one. */
Test(app_config, an_action_is_rebound_in_every_context_and_the_help_shows_it)
{
    static const struct {
        enum keymap_context ctx;
        enum action action;
        const char *key, *old;
    } cases[] = {
        {KEYMAP_GLOBAL, ACTION_PANE_LISTS, "L", NULL},
        {KEYMAP_TABLE, ACTION_DETAIL_OPEN, "o", "<enter>"},
        {KEYMAP_DETAIL, ACTION_DETAIL_EXPAND, "x", "o"},
        {KEYMAP_HELP, ACTION_BACK, "Q", "q"},
        {KEYMAP_PROMPT, ACTION_PROMPT_ACCEPT, "<c-j>", "<enter>"},
        {KEYMAP_FORM, ACTION_FORM_SAVE, "<f2>", "<c-s>"},
        {KEYMAP_PICKER, ACTION_PICKER_TOGGLE, "<c-x>", "<space>"},
        {KEYMAP_CONFIRM, ACTION_CONFIRM_YES, "j", "y"},
        {KEYMAP_DIFF, ACTION_DIFF_OVERWRITE, "O", "o"},
    };
    start_with("keys:\n"
               "  global: {pane.lists: [\"2\", L]}\n"
               "  table: {detail.open: [o]}\n"
               "  detail: {detail.expand: [x]}\n"
               "  help: {view.back: [Q, <esc>]}\n"
               "  prompt: {prompt.accept: [<c-j>]}\n"
               "  form: {form.save: [<f2>]}\n"
               "  picker: {picker.toggle: [<c-x>]}\n"
               "  confirm: {confirm.yes: [j]}\n"
               "  diff: {diff.overwrite: [O]}\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum keymap_context ctx = cases[i].ctx;
        enum action act = cases[i].action;
        cr_expect_eq(keymap_lookup(&app.keys, ctx, key_of(cases[i].key)), act, "%s %s",
                     keymap_context_name(ctx), cases[i].key);
        if (cases[i].old)
            cr_expect_neq(keymap_lookup(&app.keys, ctx, key_of(cases[i].old)), act, "%s %s",
                          keymap_context_name(ctx), cases[i].old);
        char keys[64];
        cr_assert_not_null(help_keys(ctx, act, keys), "the help of %s lists %s",
                           keymap_context_name(ctx), action_name(act));
        cr_expect(strstr(keys, cases[i].key) != NULL, "%s: %s", action_name(act), keys);
    }
    /* "2" was kept beside L: several keys for one action. */
    cr_expect_eq(keymap_lookup(&app.keys, KEYMAP_TABLE, '2'), ACTION_PANE_LISTS);
    /* The keys do what they are bound to, through the app. */
    app_key(&app, 'L', now);
    cr_expect_eq(app.current, SENDX_KIND_LIST);
}

/* One action per context unbound: its key does nothing there and the
 * help of that context no longer lists it. */
Test(app_config, an_action_is_unbound_in_every_context_and_the_help_drops_it)
{
    static const struct {
        enum keymap_context ctx;
        enum action action;
        const char *old;
    } cases[] = {
        {KEYMAP_GLOBAL, ACTION_PANE_TAGS, "3"},
        {KEYMAP_TABLE, ACTION_DETAIL_OPEN, "<enter>"},
        {KEYMAP_DETAIL, ACTION_DETAIL_EXPAND, "o"},
        {KEYMAP_HELP, ACTION_FILTER_START, "/"},
        {KEYMAP_PROMPT, ACTION_PROMPT_COMPLETE, "<tab>"},
        {KEYMAP_FORM, ACTION_FORM_FROM_TEMPLATE, "<c-t>"},
        {KEYMAP_PICKER, ACTION_PICKER_TOGGLE, "<space>"},
        {KEYMAP_CONFIRM, ACTION_CONFIRM_OTHER, "d"},
        {KEYMAP_DIFF, ACTION_DIFF_THEIRS, "t"},
    };
    start_with("keys:\n"
               "  global: {pane.tags: []}\n"
               "  table: {detail.open: []}\n"
               "  detail: {detail.expand: []}\n"
               "  help: {filter.start: []}\n"
               "  prompt: {prompt.complete: []}\n"
               "  form: {form.from_template: []}\n"
               "  picker: {picker.toggle: []}\n"
               "  confirm: {confirm.other: []}\n"
               "  diff: {diff.theirs: []}\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum keymap_context ctx = cases[i].ctx;
        enum action act = cases[i].action;
        cr_expect_neq(keymap_lookup(&app.keys, ctx, key_of(cases[i].old)), act, "%s %s",
                      keymap_context_name(ctx), cases[i].old);
        char keys[64];
        cr_expect_null(help_keys(ctx, act, keys), "the help of %s still lists %s",
                       keymap_context_name(ctx), action_name(act));
    }
}

Test(app_config, an_empty_list_unbinds_and_a_context_can_hold_a_global_key_back)
{
    start_with("keys:\n"
               "  global: {pane.tags: []}\n"
               "  table: {row.down: []}\n");
    cr_expect_eq(keymap_lookup(&app.keys, KEYMAP_TABLE, '3'), ACTION_NONE);
    char keys[64];
    cr_expect_null(help_keys(KEYMAP_GLOBAL, ACTION_PANE_TAGS, keys), "pane.tags is unbound");
    /* j is row.down in the global map, but not in a table any more... */
    cr_expect_eq(keymap_lookup(&app.keys, KEYMAP_TABLE, 'j'), ACTION_NONE);
    cr_expect_eq(keymap_lookup(&app.keys, KEYMAP_TABLE, key_of("<down>")), ACTION_NONE);
    /* ...while a record's view still has it. */
    cr_expect_eq(keymap_lookup(&app.keys, KEYMAP_DETAIL, 'j'), ACTION_ROW_DOWN);
    /* The table's help lists row.down nowhere: no key reaches it there. */
    struct help_row rows[256];
    size_t n = help_rows(&app.keys, KEYMAP_TABLE, NULL, rows, 256);
    for (size_t i = 0; i < n && i < 256; i++)
        cr_expect_neq(rows[i].action, ACTION_ROW_DOWN, "listed under %s",
                      keymap_context_name(rows[i].ctx));
    answer(SENDX_KIND_CONTACT, 5);
    app_key(&app, 'j', now);
    cr_expect_eq(app_current(&app)->cursor, 0, "j moves nothing in the table");
    app_key(&app, '3', now);
    cr_expect_eq(app.current, SENDX_KIND_CONTACT, "3 opens nothing");
}

Test(app_config, a_key_taken_by_another_action_leaves_the_first)
{
    start_with("keys:\n  global: {row.up: [j]}\n");
    cr_expect_eq(keymap_lookup(&app.keys, KEYMAP_TABLE, 'j'), ACTION_ROW_UP);
    cr_expect_eq(keymap_lookup(&app.keys, KEYMAP_TABLE, key_of("<down>")), ACTION_ROW_DOWN,
                 "row.down keeps its other key");
    cr_expect_eq(keymap_lookup(&app.keys, KEYMAP_TABLE, 'k'), ACTION_NONE,
                 "row.up's keys are the configured ones only");
}

Test(app_config, the_profile_sets_the_start_pane_page_size_and_columns)
{
    start_with("profiles:\n"
               "  acme:\n"
               "    start_pane: campaigns\n"
               "    page_size: 25\n"
               "    columns:\n"
               "      contacts: [company, email]\n");
    cr_expect_eq(app.current, SENDX_KIND_CAMPAIGN);
    pull();
    struct fetch_job *job = take(FETCH_FOR_PANE, SENDX_KIND_CAMPAIGN);
    cr_assert_not_null(job, "the start pane loads first");
    cr_expect_eq(job->limit, 25);
    fetch_job_free(job);
    const struct column_set *set = columns_for(SENDX_KIND_CONTACT);
    int order[COLUMNS_MAX];
    size_t n = columns_order(&app.columns[SENDX_KIND_CONTACT], set, order);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(set->cols[order[0]].title, "COMPANY");
    cr_expect_str_eq(set->cols[order[1]].title, "EMAIL");
}

static unsigned command(const char *line)
{
    app_key(&app, ':', now);
    type(line);
    return app_key(&app, KEYS_ENTER, now);
}

Test(app_config, profile_names_a_known_profile_or_lists_them)
{
    start_with("profiles: {acme: {}, globex: {}}\n");
    unsigned f = command("profile");
    cr_expect_eq(f & APP_PROFILE, 0);
    cr_expect(strstr(status_now(), "profile acme") && strstr(status_now(), "globex"), "%s",
              status_now());
    f = command("profile initech");
    cr_expect_eq(f & APP_PROFILE, 0);
    cr_expect_eq(level_now(), APP_MSG_WARN);
    cr_expect(strstr(status_now(), "initech") && strstr(status_now(), "acme, globex"), "%s",
              status_now());
    f = command("profile acme");
    cr_expect_eq(f & APP_PROFILE, 0, "already there");
    f = command("profile globex");
    cr_expect(f & APP_PROFILE);
    cr_expect_str_eq(app_wanted(&app), "globex");
    f = app_profile_failed(&app, "no api_key or api_key_cmd");
    cr_expect(f & APP_REDRAW);
    cr_expect_eq(level_now(), APP_MSG_ERROR);
    cr_expect(strstr(status_now(), "globex") && strstr(status_now(), "no api_key"), "%s",
              status_now());
    cr_expect_null(app_wanted(&app));
}

Test(app_config, profile_waits_for_a_write_on_its_way)
{
    start_with("profiles: {acme: {}, globex: {}}\n");
    app_key(&app, '2', now);
    answer(SENDX_KIND_LIST, 2);
    app_key(&app, 'd', now);
    app_key(&app, 'y', now);
    pull();
    cr_assert_eq(count_jobs(FETCH_FOR_SAVE, -1), 1, "the delete is on its way");
    unsigned f = command("profile globex");
    cr_expect_eq(f & APP_PROFILE, 0);
    cr_expect(strstr(status_now(), "on its way"), "%s", status_now());
}

Test(app_config, theme_switches_to_a_known_theme_and_says_what_failed)
{
    start_with("{}\n");
    unsigned f = command("theme");
    cr_expect_eq(f & APP_THEME, 0);
    cr_expect(strstr(status_now(), "theme default") && strstr(status_now(), "gruvbox, mono"), "%s",
              status_now());
    f = command("theme solarized");
    cr_expect_eq(f & APP_THEME, 0);
    cr_expect_eq(level_now(), APP_MSG_WARN);
    f = command("theme gruvbox");
    cr_assert(f & APP_THEME);
    cr_expect_str_eq(app_wanted(&app), "gruvbox");
    f = app_theme_done(&app, NULL);
    cr_expect(f & APP_CLEAR, "a new theme repaints everything");
    cr_expect_str_eq(app.theme, "gruvbox");
    command("theme mono");
    app_theme_done(&app, "mono.yaml:3:5: unknown colour \"blurple\"");
    cr_expect_str_eq(app.theme, "gruvbox", "a theme that failed is not in use");
    cr_expect_eq(level_now(), APP_MSG_ERROR);
    cr_expect(strstr(status_now(), "blurple"), "%s", status_now());
}

/* Tab completes a profile's or a theme's name as it does a command's. */
Test(app_config, tab_completes_profile_and_theme_names)
{
    start_with("profiles: {acme: {}, globex: {}}\n");
    app_key(&app, ':', now);
    type("profile gl");
    app_key(&app, KEYS_TAB, now);
    cr_expect_str_eq(line_text(&app_prompt_shown(&app)->line), "profile globex");
    app_key(&app, KEYS_ESC, now);
    app_key(&app, ':', now);
    type("theme ");
    app_key(&app, KEYS_TAB, now);
    cr_expect_str_eq(status_now(), "default gruvbox mono", "every theme, offered");
    app_key(&app, KEYS_ESC, now);
    app_key(&app, ':', now);
    type("theme z");
    app_key(&app, KEYS_TAB, now);
    cr_expect_str_eq(status_now(), "no theme begins so");
}

/* A message that names a key names the one bound now, else the way left
 * to do it. */
Test(app_config, messages_name_the_keys_in_force)
{
    start_with("keys:\n  table: {detail.contacts: [C]}\n  global: {data.refresh: []}\n");
    command("contacts-of");
    cr_expect_str_eq(status_now(), "no list or tag opened yet: C on one shows its contacts");
    char buf[32];
    cr_expect_str_eq(app_key_for(&app, KEYMAP_TABLE, ACTION_REFRESH, buf, sizeof buf), ":refresh",
                     "unbound: its command");
    cr_expect_str_eq(app_key_for(&app, KEYMAP_DETAIL, ACTION_DETAIL_TEXT, buf, sizeof buf), "t");
}

/* Every key the terminal can send as the app reads it (input.c): the
 * printable characters, the control keys, Esc, Backspace, each special,
 * and each of those with Alt; written in notation and read back, it is
 * the same key, so --print-config and the help can always be pasted into
 * a file. */
Test(app_config, every_key_the_terminal_sends_reads_back_from_its_notation)
{
    int keys[600];
    size_t n = 0;
    for (int c = 0x20; c < 0x7f; c++)
        keys[n++] = c;
    for (int c = 1; c <= 26; c++)
        keys[n++] = c;
    keys[n++] = KEYS_ESC;
    keys[n++] = KEYS_BACKSPACE;
    keys[n++] = 0xe9;    /* é */
    keys[n++] = 0x4e2d;  /* 中 */
    keys[n++] = 0x1f600; /* 😀 */
    for (int k = KEYS_SPECIALS_FIRST + 1; k < KEYS_SPECIAL_END; k++)
        keys[n++] = k;
    size_t plain = n;
    for (size_t i = 0; i < plain; i++)
        if (keys[i] != KEYS_ESC)
            keys[n++] = keys[i] | KEYS_ALT;
    for (size_t i = 0; i < n; i++) {
        char buf[24];
        keys_format(keys[i], buf, sizeof buf);
        cr_expect_eq(keys_parse(buf), keys[i], "%#x as \"%s\" reads back as %#x", keys[i], buf,
                     keys_parse(buf));
    }
}

/* ---- what an earlier run left ---------------------------------------------- */

static struct app_config remembered(int last_pane, const struct command_history *h)
{
    return (struct app_config){.profile = "acme",
                               .where = "test",
                               .config = &cfg,
                               .settings = config_profile_find(&cfg, "acme"),
                               .profiles = profiles,
                               .themes = themes,
                               .history = h,
                               .last_pane = last_pane};
}

/* The pane last used comes back, unless the file names a start pane. */
Test(app_config, the_last_pane_comes_back_unless_the_file_names_one)
{
    start_with("profiles: {acme: {}}\n");
    fixture_teardown();
    struct app_config ac = remembered(SENDX_KIND_TEMPLATE, NULL);
    cr_assert_eq(app_init(&app, &ac, now), 0);
    cr_expect_eq(app.current, SENDX_KIND_TEMPLATE);
    fixture_teardown();
    config_free(&cfg);
    start_with("profiles: {acme: {start_pane: tags}}\n");
    fixture_teardown();
    ac = remembered(SENDX_KIND_TEMPLATE, NULL);
    cr_assert_eq(app_init(&app, &ac, now), 0);
    cr_expect_eq(app.current, SENDX_KIND_TAG, "the file's start_pane wins");
}

Test(app_config, the_history_of_the_last_run_is_offered_by_up)
{
    struct command_history h = {0};
    command_history_add(&h, "campaigns");
    command_history_add(&h, "theme mono");
    start_with("profiles: {acme: {}}\n");
    fixture_teardown();
    struct app_config ac = remembered(-1, &h);
    cr_assert_eq(app_init(&app, &ac, now), 0);
    fixture_layout();
    command_history_free(&h);
    app_key(&app, ':', now);
    app_key(&app, keys_parse("<up>"), now);
    cr_expect_str_eq(line_text(&app_prompt_shown(&app)->line), "theme mono");
    app_key(&app, keys_parse("<up>"), now);
    cr_expect_str_eq(line_text(&app_prompt_shown(&app)->line), "campaigns");
}

/* The pane and the history are written through the files writer as they
 * change: what a next run reads. */
Test(app_config, the_pane_and_the_history_are_kept_as_they_change)
{
    char root[64] = "/tmp/sendx-remember-XXXXXX";
    cr_assert_not_null(mkdtemp(root));
    char pane_path[128], history_path[128];
    snprintf(pane_path, sizeof pane_path, "%s/last-pane/acme", root);
    snprintf(history_path, sizeof history_path, "%s/history", root);
    struct queue done;
    cr_assert_eq(queue_init(&done, true), 0);
    struct api_error err = {0};
    struct files_writer *w = files_writer_start(&done, &err);
    cr_assert_not_null(w);
    start_with("profiles: {acme: {}}\n");
    fixture_teardown();
    struct app_config ac = remembered(-1, NULL);
    ac.files = w;
    ac.pane_path = pane_path;
    ac.history_path = history_path;
    cr_assert_eq(app_init(&app, &ac, now), 0);
    fixture_layout();
    command("campaigns");
    app_key(&app, '6', now);
    files_writer_stop(w);
    files_results_drain(&done);
    queue_destroy(&done);
    char *pane = slurp_file(pane_path);
    char *history = slurp_file(history_path);
    cr_expect_str_eq(pane, "senders\n", "the last pane shown");
    cr_expect_str_eq(history, "campaigns\n");
    free(pane);
    free(history);
    tree_remove(root);
}
