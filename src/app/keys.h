/* Keys as the app sees them, independent of curses, and their notation
 * for configuration files (lazygit-like): a bare character is that key
 * (`j`, `G`, `?`); special keys go in angle brackets (`<enter>`, `<esc>`,
 * `<tab>`, `<s-tab>`, `<space>`, `<up>`, `<pgdown>`, `<home>`, `<f5>`);
 * `<c-d>` is Ctrl-d and `<a-x>` is Alt-x.
 *
 * A key is an int: a Unicode code point (Ctrl-letter is its control code,
 * 1..26), a KEYS_* special above the Unicode range, optionally or-ed with
 * KEYS_ALT. */
#ifndef SENDX_APP_KEYS_H
#define SENDX_APP_KEYS_H

#include <stddef.h>

/* X(ENUM, "notation") */
#define KEYS_SPECIALS(X)                                                                           \
    X(UP, "up")                                                                                    \
    X(DOWN, "down")                                                                                \
    X(LEFT, "left")                                                                                \
    X(RIGHT, "right")                                                                              \
    X(HOME, "home")                                                                                \
    X(END, "end")                                                                                  \
    X(PGUP, "pgup")                                                                                \
    X(PGDOWN, "pgdown")                                                                            \
    X(INSERT, "insert")                                                                            \
    X(DELETE, "delete")                                                                            \
    X(BACKTAB, "s-tab")                                                                            \
    X(F1, "f1")                                                                                    \
    X(F2, "f2")                                                                                    \
    X(F3, "f3")                                                                                    \
    X(F4, "f4")                                                                                    \
    X(F5, "f5")                                                                                    \
    X(F6, "f6")                                                                                    \
    X(F7, "f7")                                                                                    \
    X(F8, "f8")                                                                                    \
    X(F9, "f9")                                                                                    \
    X(F10, "f10")                                                                                  \
    X(F11, "f11")                                                                                  \
    X(F12, "f12")

enum {
    KEYS_SPECIAL_BASE = 0x110000,
#define KEYS_ENUM(e, n) KEYS_##e,
    KEYS_SPECIALS_FIRST = KEYS_SPECIAL_BASE - 1,
    KEYS_SPECIALS(KEYS_ENUM)
#undef KEYS_ENUM
        KEYS_SPECIAL_END,
    KEYS_ALT = 0x40000000,
};

enum {
    KEYS_ENTER = '\r',
    KEYS_TAB = '\t',
    KEYS_ESC = 0x1b,
    KEYS_BACKSPACE = 0x7f,
    KEYS_SPACE = ' ',
};

#define KEYS_CTRL(c) ((c)&0x1f)

/* Parses one key in notation. Returns the key, or -1 if the text is not
 * a key (the caller names it in its message). */
int keys_parse(const char *notation);

/* Writes the notation of key into buf (at least 24 bytes); returns buf. */
char *keys_format(int key, char *buf, size_t n);

#endif
