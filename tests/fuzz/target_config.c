/* config.yaml (config/config.h), read from memory with the app's own
 * vocabulary (actions, key contexts, key notation, columns), then applied
 * to the key maps and printed as --print-config prints it.
 *
 * Properties: a file either loads with no error or fails with at least
 * one, never both and never neither; every problem is told at
 * NAME:LINE:COLUMN with its line and column, in text with no control
 * character to reach a terminal; a loaded configuration is complete (a
 * default profile that exists, every profile with its URL, theme, start
 * pane and a page size in range); its keys apply over the defaults; and
 * what --print-config prints (the key left out, as it shows as a
 * placeholder), both the file's bindings and the keys in force, loads
 * again without a word and prints the same. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "app/keymap.h"
#include "app/settings.h"
#include "config/config.h"

#define NAME "fuzz.yaml"

/* C0, DEL and C1 (as UTF-8), which would reach the terminal as commands. */
static bool has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            return true;
    return false;
}

static void check_diags(const struct config_diags *d, int rc, const char *name)
{
    size_t errors = 0;
    for (size_t i = 0; i < d->len; i++) {
        const struct config_diag *g = &d->items[i];
        char place[96];
        snprintf(place, sizeof place, "%s:%u:%u: ", name, g->at.line, g->at.column);
        errors += g->severity == CONFIG_ERROR;
        FUZZ_CHECK(g->at.line > 0 && g->at.column > 0, "a problem with no line or column: %s",
                   g->text);
        FUZZ_CHECK(strncmp(g->text, place, strlen(place)) == 0, "\"%s\" does not begin \"%s\"",
                   g->text, place);
        FUZZ_CHECK(!has_control(g->text), "a control character in \"%s\"", g->text);
    }
    FUZZ_CHECK(errors == d->errors, "%zu errors counted, %zu told", d->errors, errors);
    FUZZ_CHECK((rc == 0) == (d->errors == 0), "load returned %d with %zu errors", rc, d->errors);
}

static const char *const panes[] = {
#define PANE_NAME(n) #n,
    CONFIG_PANES(PANE_NAME)
#undef PANE_NAME
};

static bool is_pane(const char *s)
{
    for (size_t i = 0; i < sizeof panes / sizeof panes[0]; i++)
        if (strcmp(panes[i], s) == 0)
            return true;
    return false;
}

static void check_complete(const struct config *cfg)
{
    FUZZ_CHECK(cfg->n_profiles > 0 && cfg->theme && cfg->default_profile,
               "a loaded configuration lacks a profile, a theme or a default profile");
    FUZZ_CHECK(config_profile_find(cfg, cfg->default_profile), "default profile \"%s\" is missing",
               cfg->default_profile);
    for (size_t i = 0; i < cfg->n_profiles; i++) {
        const struct config_profile *p = &cfg->profiles[i];
        FUZZ_CHECK(p->name && p->base_url && p->theme && p->start_pane,
                   "profile %zu lacks a name, URL, theme or start pane", i);
        FUZZ_CHECK(is_pane(p->start_pane), "start pane \"%s\"", p->start_pane);
        FUZZ_CHECK(p->page_size >= 1 && p->page_size <= CONFIG_PAGE_SIZE_MAX, "page size %d",
                   p->page_size);
        FUZZ_CHECK(!p->api_key_cmd || p->n_api_key_cmd > 0, "an empty api_key_cmd kept");
    }
}

/* --print-config's text; the key shows as a placeholder that would not
 * load, so it is left out. */
static char *print_config(struct config *cfg)
{
    for (size_t i = 0; i < cfg->n_profiles; i++) {
        free(cfg->profiles[i].api_key);
        cfg->profiles[i].api_key = NULL;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    FUZZ_CHECK(out && config_print(cfg, out) == 0 && fclose(out) == 0, "printing failed");
    return text;
}

/* Printed, loaded again and printed again: no problem, the same text. */
static void check_print(struct config *cfg, const struct config_vocab *vocab, const char *what)
{
    char *first = print_config(cfg);
    struct config again;
    struct config_diags diags = {0};
    int rc = config_load_string("printed.yaml", first, strlen(first), vocab, &again, &diags);
    check_diags(&diags, rc, "printed.yaml");
    FUZZ_CHECK(rc == 0 && diags.len == 0, "%s printed does not load again cleanly: %s\n%s", what,
               diags.len ? diags.items[0].text : "", first);
    char *second = print_config(&again);
    FUZZ_CHECK(strcmp(first, second) == 0, "%s printed as\n%s\nthen as\n%s", what, first, second);
    free(second);
    config_free(&again);
    diags_free(&diags);
    free(first);
}

/* The file's keys over the defaults, and the keys in force printed. */
static void check_keys(struct config *cfg, const struct config_vocab *vocab)
{
    struct keymap km = {0};
    struct api_error err = {0};
    FUZZ_CHECK(keymap_defaults(&km) == 0, "the default key maps do not load");
    FUZZ_CHECK(settings_apply_keys(&km, cfg, &err) == 0, "the keys of a loaded file fail: %s",
               api_error_message(&err));
    FUZZ_CHECK(settings_keys_to_config(&km, cfg) == 0, "the keys in force fail");
    check_print(cfg, vocab, "the keys in force");
    keymap_free(&km);
}

int fuzz_config(const uint8_t *data, size_t size)
{
    struct config_vocab vocab;
    settings_vocab(&vocab);
    struct config cfg;
    struct config_diags diags = {0};
    int rc = config_load_string(NAME, (const char *)data, size, &vocab, &cfg, &diags);
    check_diags(&diags, rc, NAME);
    if (rc == 0) {
        check_complete(&cfg);
        check_print(&cfg, &vocab, "the file");
        check_keys(&cfg, &vocab);
    }
    config_free(&cfg);
    diags_free(&diags);
    return 0;
}
