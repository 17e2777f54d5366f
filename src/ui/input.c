#include "ui/input.h"

#include <curses.h>

#include "app/keys.h"

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
    struct input_event ev = {INPUT_NONE, 0, 0, 0, 0};
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

struct input_event input_read(void)
{
    struct input_event ev = {INPUT_NONE, 0, 0, 0, 0};
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
        else if (ch == KEYS_ESC) {
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
