#include "app/help.h"

#include <string.h>

#include "app/text.h"

size_t help_rows(const struct keymap *km, enum keymap_context ctx, const char *filter,
                 struct help_row *out, size_t max)
{
    const enum keymap_context sections[] = {ctx, KEYMAP_GLOBAL, KEYMAP_PROMPT};
    size_t n = 0;
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        enum keymap_context c = sections[s];
        size_t heading = n++;
        if (heading < max)
            out[heading] = (struct help_row){c, ACTION_NONE, ""};
        size_t before = n;
        for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
            char keys[64];
            if (keymap_keys_of(km, c, (enum action)a, keys, sizeof keys) == 0)
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
