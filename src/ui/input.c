#include "ui/input.h"

#include <curses.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/text.h"

/* Inside a bracketed paste: what comes is text until ESC [201~. */
static bool pasting;

static const char paste_start[] = "[200~";
static const char paste_end[] = "\033[201~";

static const struct {
    int curses;
    int key;
} special[] = {
    {KEY_UP, KEYS_UP},
    {KEY_DOWN, KEYS_DOWN},
    {KEY_LEFT, KEYS_LEFT},
    {KEY_RIGHT, KEYS_RIGHT},
    {KEY_HOME, KEYS_HOME},
    {KEY_END, KEYS_END},
    {KEY_PPAGE, KEYS_PGUP},
    {KEY_NPAGE, KEYS_PGDOWN},
    {KEY_IC, KEYS_INSERT},
    {KEY_DC, KEYS_DELETE},
    {KEY_BTAB, KEYS_BACKTAB},
    {KEY_ENTER, KEYS_ENTER},
    {KEY_BACKSPACE, KEYS_BACKSPACE},
};

static int translate(int code)
{
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        if (special[i].curses == code)
            return special[i].key;
    if (code >= KEY_F(1) && code <= KEY_F(12))
        return KEYS_F1 + (code - KEY_F(1));
    return -1;
}

static struct input_event mouse(void)
{
    struct input_event ev = {INPUT_NONE, 0, 0, 0, 0, NULL};
    MEVENT m;
    if (getmouse(&m) != OK)
        return ev;
    ev.y = m.y;
    ev.x = m.x;
    if (m.bstate & BUTTON4_PRESSED) {
        ev.type = INPUT_WHEEL;
        ev.delta = -1;
    } else if (m.bstate & BUTTON5_PRESSED) {
        ev.type = INPUT_WHEEL;
        ev.delta = 1;
    } else if (m.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
        ev.type = INPUT_CLICK;
    }
    return ev;
}

/* After an ESC: whether "[200~" follows (consumed), else what was read
 * goes back. */
static bool paste_starts(void)
{
    wint_t got[sizeof paste_start];
    size_t n = 0;
    bool match = true;
    while (match && n < sizeof paste_start - 1) {
        int rc = wget_wch(stdscr, &got[n]);
        if (rc != OK) {
            if (rc == KEY_CODE_YES)
                ungetch((int)got[n]);
            break;
        }
        match = got[n] == (wint_t)paste_start[n];
        n++;
    }
    if (match && n == sizeof paste_start - 1)
        return true;
    while (n > 0)
        unget_wch(got[--n]);
    return false;
}

/* Appends cp to a growing buffer; false if out of memory. */
static bool append(char **buf, size_t *len, size_t *cap, uint32_t cp)
{
    if (*len + 5 > *cap) {
        size_t more = *cap ? *cap * 2 : 256;
        char *grown = realloc(*buf, more);
        if (!grown)
            return false;
        *buf = grown;
        *cap = more;
    }
    *len += text_utf8_encode(cp, *buf + *len);
    (*buf)[*len] = '\0';
    return true;
}

/* The pasted text available now, up to the end marker (which ends the
 * paste) or the end of what has arrived (the rest comes next time). */
static struct input_event paste_read(void)
{
    struct input_event ev = {INPUT_PASTE, 0, 0, 0, 0, NULL};
    size_t len = 0, cap = 0, matched = 0;
    wint_t ch;
    int rc;
    while ((rc = wget_wch(stdscr, &ch)) != ERR) {
        if (rc == KEY_CODE_YES)
            continue; /* a key code cannot be pasted text */
        if (ch == (wint_t)paste_end[matched]) {
            if (++matched == sizeof paste_end - 1) {
                pasting = false;
                break;
            }
            continue;
        }
        /* A partial end marker was text after all. */
        for (size_t i = 0; i < matched; i++)
            append(&ev.text, &len, &cap, (unsigned char)paste_end[i]);
        matched = ch == (wint_t)paste_end[0];
        if (!matched && !append(&ev.text, &len, &cap, (uint32_t)ch))
            break;
    }
    if (!ev.text)
        ev.type = pasting ? INPUT_NONE : INPUT_PASTE;
    return ev;
}

struct input_event input_read(void)
{
    if (pasting)
        return paste_read();
    struct input_event ev = {INPUT_NONE, 0, 0, 0, 0, NULL};
    for (;;) {
        wint_t ch;
        int rc = wget_wch(stdscr, &ch);
        if (rc == ERR)
            return ev;
        if (rc == KEY_CODE_YES) {
            if (ch == KEY_MOUSE) {
                ev = mouse();
                if (ev.type == INPUT_NONE)
                    continue;
                return ev;
            }
            if (ch == KEY_RESIZE) {
                ev.type = INPUT_RESIZE;
                return ev;
            }
            int key = translate((int)ch);
            if (key < 0)
                continue; /* a key nothing can be bound to */
            ev.type = INPUT_KEY;
            ev.key = key;
            return ev;
        }
        ev.type = INPUT_KEY;
        ev.key = (int)ch;
        if (ch == '\n')
            ev.key = KEYS_ENTER;
        else if (ch == 8)
            ev.key = KEYS_BACKSPACE;
        else if (ch == KEYS_ESC && paste_starts()) {
            pasting = true;
            return paste_read();
        } else if (ch == KEYS_ESC) {
            /* ESC then a key in the same burst is Alt-key (meta sent as ESC prefix). */
            wint_t next;
            int rc2 = wget_wch(stdscr, &next);
            if (rc2 == OK && next >= 0x20 && next != 0x7f)
                ev.key = (int)next | KEYS_ALT;
            else if (rc2 == KEY_CODE_YES)
                ungetch((int)next);
            else if (rc2 == OK)
                unget_wch(next);
        }
        return ev;
    }
}
