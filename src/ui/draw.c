#include "ui/draw.h"

#include <curses.h>
#include <stdlib.h>

#include "app/text.h"

int draw_text_attr(int y, int x, int width, const char *s, unsigned attr, bool pad)
{
    if (width <= 0)
        return 0;
    char stack[TEXT_FIT_SIZE(128)];
    size_t size = TEXT_FIT_SIZE(width);
    char *buf = size <= sizeof stack ? stack : malloc(size);
    if (!buf)
        return 0;
    int cells = text_fit(s, width, buf, size);
    attrset(attr);
    mvaddstr(y, x, buf);
    if (pad && cells < width)
        mvhline(y, x + cells, ' ' | attr, width - cells);
    attrset(A_NORMAL);
    if (buf != stack)
        free(buf);
    return cells;
}

int draw_text(int y, int x, int width, const char *s, enum theme_slot slot, bool pad)
{
    return draw_text_attr(y, x, width, s, theme_attr(slot), pad);
}

int draw_text_right(int y, int x, int width, const char *s, enum theme_slot slot)
{
    int w = text_width(s);
    if (w > width)
        w = width;
    draw_fill(y, x, width - w, slot);
    return draw_text(y, x + width - w, w, s, slot, true);
}

void draw_fill(int y, int x, int width, enum theme_slot slot)
{
    if (width > 0)
        mvhline(y, x, ' ' | theme_attr(slot), width);
}

void draw_box(int top, int left, int height, int width)
{
    attrset(theme_attr(THEME_DIALOG_BORDER));
    mvaddch(top, left, ACS_ULCORNER);
    mvhline(top, left + 1, ACS_HLINE, width - 2);
    mvaddch(top, left + width - 1, ACS_URCORNER);
    mvvline(top + 1, left, ACS_VLINE, height - 2);
    mvvline(top + 1, left + width - 1, ACS_VLINE, height - 2);
    mvaddch(top + height - 1, left, ACS_LLCORNER);
    mvhline(top + height - 1, left + 1, ACS_HLINE, width - 2);
    mvaddch(top + height - 1, left + width - 1, ACS_LRCORNER);
    attrset(A_NORMAL);
}
