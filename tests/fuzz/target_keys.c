/* Key notation (app/keys.h) and the key maps it feeds (app/keymap.h):
 * each line of the input is one notation, as a configuration's list of
 * keys would give it, bound in turn over the default maps.
 *
 * Properties: notation that parses is strict UTF-8; the key prints back
 * as notation of printable characters that parses to the same key and
 * prints the same again; bound in a context it is that action's there,
 * listed among its keys, and gone from it once the action is unbound. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "app/action.h"
#include "app/keymap.h"
#include "app/keys.h"
#include "app/text.h"

/* Notation is written into configuration files and shown in help. */
static bool printable(const char *s)
{
    uint32_t cp;
    for (size_t n; *s; s += n) {
        n = text_utf8_decode((const unsigned char *)s, &cp);
        if (n == 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            return false;
    }
    return true;
}

/* Whether word is one of the space-separated words of list. */
static bool has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; *p; p += strcspn(p, " "), p += strspn(p, " "))
        if (strncmp(p, word, n) == 0 && (p[n] == ' ' || !p[n]))
            return true;
    return false;
}

static void check_key(const char *notation, int key)
{
    char once[24], twice[24];
    FUZZ_CHECK(fuzz_utf8_valid(notation, strlen(notation)), "invalid UTF-8 \"%s\" parsed as %#x",
               notation, (unsigned)key);
    keys_format(key, once, sizeof once);
    FUZZ_CHECK(strlen(once) < sizeof once - 1, "the notation of %#x may be cut: \"%s\"",
               (unsigned)key, once);
    FUZZ_CHECK(printable(once), "\"%s\" prints as unprintable \"%s\"", notation, once);
    int again = keys_parse(once);
    FUZZ_CHECK(again == key, "\"%s\" is %#x, printed \"%s\", which is %#x", notation, (unsigned)key,
               once, (unsigned)again);
    keys_format(again, twice, sizeof twice);
    FUZZ_CHECK(strcmp(once, twice) == 0, "\"%s\" prints as \"%s\", then \"%s\"", notation, once,
               twice);
}

static void check_binding(struct keymap *km, const char *notation, int key, size_t line)
{
    enum keymap_context ctx = (enum keymap_context)(line % KEYMAP_CONTEXT_COUNT);
    enum action action = (enum action)(1 + line % (ACTION_COUNT - 1));
    char keys[512], one[24];
    FUZZ_CHECK(keymap_bind(km, ctx, notation, action) == 0, "\"%s\" parses but does not bind",
               notation);
    FUZZ_CHECK(keymap_lookup(km, ctx, key) == action, "\"%s\" bound to %s in %s gives %s", notation,
               action_name(action), keymap_context_name(ctx),
               action_name(keymap_lookup(km, ctx, key)));
    keymap_keys_of(km, ctx, action, keys, sizeof keys);
    keys_format(key, one, sizeof one);
    /* A long list is cut; only a short one must show every key. */
    FUZZ_CHECK(strlen(keys) + sizeof one + 2 > sizeof keys || has_word(keys, one),
               "%s's keys in %s, \"%s\", lack \"%s\"", action_name(action),
               keymap_context_name(ctx), keys, one);
    FUZZ_CHECK(keymap_unbind(km, ctx, action) == 0, "unbinding failed");
    FUZZ_CHECK(keymap_lookup(km, ctx, key) != action, "\"%s\" still gives %s in %s once unbound",
               notation, action_name(action), keymap_context_name(ctx));
}

int fuzz_keys(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    struct keymap km = {0};
    FUZZ_CHECK(keymap_defaults(&km) == 0, "the default key maps do not load");
    size_t line = 0;
    for (char *p = text, *end; p; p = end ? end + 1 : NULL, line++) {
        end = strchr(p, '\n');
        if (end)
            *end = '\0';
        int key = keys_parse(p);
        if (key < 0)
            continue;
        check_key(p, key);
        check_binding(&km, p, key, line);
    }
    keymap_free(&km);
    free(text);
    return 0;
}
