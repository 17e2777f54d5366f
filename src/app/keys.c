#include "app/keys.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/text.h"

static const struct {
    int key;
    const char *name;
} named_keys[] = {
#define KEYS_NAMED(e, n) {KEYS_##e, n},
    KEYS_SPECIALS(KEYS_NAMED)
#undef KEYS_NAMED
        {KEYS_ENTER, "enter"},
    {KEYS_TAB, "tab"},
    {KEYS_ESC, "esc"},
    {KEYS_BACKSPACE, "backspace"},
    {KEYS_SPACE, "space"},
    {'<', "lt"},
    {'>', "gt"},
};

/* The code point of a string holding exactly one UTF-8 character, or -1:
 * strict UTF-8 (text.h), so no overlong form, surrogate or stray byte is
 * a key that would print as something else, or as nothing. */
static int single_char(const char *s)
{
    uint32_t cp;
    size_t len = text_utf8_decode((const unsigned char *)s, &cp);
    if (len == 0 || s[0] == '\0' || s[len] != '\0')
        return -1;
    if (len == 1)
        return cp >= 0x20 && cp < 0x7f ? (int)cp : -1;
    return cp >= 0xa0 ? (int)cp : -1;
}

static int named(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
        if (strlen(named_keys[i].name) == len && strncmp(named_keys[i].name, name, len) == 0)
            return named_keys[i].key;
    return -1;
}

int keys_parse(const char *notation)
{
    if (!notation || !*notation)
        return -1;
    size_t len = strlen(notation);
    if (notation[0] != '<' || len < 3 || notation[len - 1] != '>')
        return single_char(notation);
    const char *in = notation + 1;
    size_t n = len - 2;
    bool ctrl = false, alt = false;
    /* Alt and Ctrl together are "<a-c-x>", as keys_format writes them;
     * "s-tab" is a name, not a modifier. */
    while (n > 2 && in[1] == '-' && (in[0] == 'c' || in[0] == 'a') && named(in, n) < 0) {
        bool *mod = in[0] == 'c' ? &ctrl : &alt;
        if (*mod)
            return -1;
        *mod = true;
        in += 2, n -= 2;
    }
    int key = named(in, n);
    if (key < 0) {
        char one[8];
        if (n >= sizeof one)
            return -1;
        memcpy(one, in, n);
        one[n] = '\0';
        key = single_char(one);
    }
    if (key < 0)
        return -1;
    if (ctrl && key >= 'a' && key <= 'z')
        key = KEYS_CTRL(key);
    else if (ctrl && (key == ' ' || key == '@'))
        key = 0;
    else if (ctrl)
        return -1;
    return alt ? key | KEYS_ALT : key;
}

char *keys_format(int key, char *buf, size_t n)
{
    const char *alt = (key & KEYS_ALT) ? "a-" : "";
    int base = key & ~KEYS_ALT;
    for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
        if (named_keys[i].key == base && base != '<' && base != '>') {
            snprintf(buf, n, "<%s%s>", alt, named_keys[i].name);
            return buf;
        }
    }
    if (base >= 1 && base <= 26)
        snprintf(buf, n, "<%sc-%c>", alt, base + 'a' - 1);
    else if (base == 0)
        snprintf(buf, n, "<%sc-space>", alt);
    else if (base == '<' || base == '>')
        snprintf(buf, n, "<%s%s>", alt, base == '<' ? "lt" : "gt");
    else {
        char utf8[5] = {0};
        text_utf8_encode((uint32_t)base, utf8);
        if (*alt)
            snprintf(buf, n, "<a-%s>", utf8);
        else
            snprintf(buf, n, "%s", utf8);
    }
    return buf;
}
