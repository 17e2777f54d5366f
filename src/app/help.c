#include "app/help.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/text.h"

static bool binds(const struct keymap *km, enum keymap_context ctx, int key)
{
    for (size_t i = 0; i < km->len[ctx]; i++)
        if (km->bindings[ctx][i].key == key)
            return true;
    return false;
}

/* The keys of action listed under section c of the help for view ctx,
 * as notation into keys (64 bytes). Under the global heading, only the
 * keys that reach the global map from ctx: those ctx does not bind
 * itself, and where keymap_lookup lets them through. */
static int keys_in_force(const struct keymap *km, enum keymap_context ctx, enum keymap_context c,
                         enum action action, char keys[64])
{
    if (c != KEYMAP_GLOBAL || ctx == KEYMAP_GLOBAL)
        return keymap_keys_of(km, c, action, keys, 64);
    size_t o = 0;
    int count = 0;
    keys[0] = '\0';
    for (size_t i = 0; i < km->len[c]; i++) {
        const struct keymap_binding *b = &km->bindings[c][i];
        if (b->action != action || binds(km, ctx, b->key) ||
            keymap_lookup(km, ctx, b->key) != action)
            continue;
        char one[24];
        keys_format(b->key, one, sizeof one);
        size_t len = strlen(one);
        if (o + len + 2 > 64)
            break;
        if (count++)
            keys[o++] = ' ';
        memcpy(keys + o, one, len + 1);
        o += len;
    }
    return count;
}

/* Whether a key in force in ctx opens the prompt (a filter or a command). */
static bool opens_prompt(const struct keymap *km, enum keymap_context ctx)
{
    char keys[64];
    return keys_in_force(km, ctx, ctx, ACTION_FILTER_START, keys) > 0 ||
           keys_in_force(km, ctx, ctx, ACTION_FIND_START, keys) > 0 ||
           keys_in_force(km, ctx, KEYMAP_GLOBAL, ACTION_COMMAND_START, keys) > 0;
}

size_t help_rows(const struct keymap *km, enum keymap_context ctx, const char *filter,
                 struct help_row *out, size_t max)
{
    const enum keymap_context sections[] = {ctx, KEYMAP_GLOBAL, KEYMAP_PROMPT};
    size_t n = 0;
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        enum keymap_context c = sections[s];
        if ((s > 0 && c == ctx) || (c == KEYMAP_PROMPT && !opens_prompt(km, ctx)))
            continue;
        size_t heading = n++;
        if (heading < max)
            out[heading] = (struct help_row){c, ACTION_NONE, ""};
        size_t before = n;
        for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
            char keys[64];
            if (keys_in_force(km, ctx, c, (enum action)a, keys) == 0)
                continue;
            if (filter && *filter && !text_contains(action_name(a), filter) &&
                !text_contains(action_help(a), filter) && !text_contains(keys, filter))
                continue;
            if (n < max) {
                out[n].ctx = c;
                out[n].action = (enum action)a;
                memcpy(out[n].keys, keys, sizeof keys);
            }
            n++;
        }
        if (n == before)
            n--; /* no rows: no heading either */
    }
    return n;
}

size_t help_count(const struct keymap *km, enum keymap_context ctx, const char *filter)
{
    return help_rows(km, ctx, filter, NULL, 0);
}

int help_keys_width(const struct keymap *km, enum keymap_context ctx)
{
    size_t n = help_count(km, ctx, NULL);
    struct help_row *rows = calloc(n ? n : 1, sizeof *rows);
    int widest = 0;
    if (!rows)
        return 0;
    help_rows(km, ctx, NULL, rows, n);
    for (size_t i = 0; i < n; i++)
        if (rows[i].action != ACTION_NONE && text_width(rows[i].keys) > widest)
            widest = text_width(rows[i].keys);
    free(rows);
    return widest;
}
