/* Drawing helpers every view uses: untrusted text always goes through
 * text_fit (app/text.h), so nothing reaches the terminal raw, and each
 * cell span is padded so a shorter frame leaves no stale characters. */
#ifndef SENDX_UI_DRAW_H
#define SENDX_UI_DRAW_H

#include "ui/theme.h"

/* Text at (y, x) in at most width cells, padded with spaces to width
 * (pad false: no padding). Returns the cells written, padding excluded. */
int draw_text(int y, int x, int width, const char *s, enum theme_slot slot, bool pad);
/* Same, right-aligned in width. */
int draw_text_right(int y, int x, int width, const char *s, enum theme_slot slot);
/* width blank cells in slot. */
void draw_fill(int y, int x, int width, enum theme_slot slot);
/* A dialog's frame, its border in THEME_DIALOG_BORDER. */
void draw_box(int top, int left, int height, int width);
/* Same with a raw attribute (a slot plus reverse for the selection). */
int draw_text_attr(int y, int x, int width, const char *s, unsigned attr, bool pad);

#endif
