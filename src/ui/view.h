/* The views: one file each, each a const struct view_ops. A view draws
 * from state and never changes it; the main loop (ui.c) decides which
 * views make a frame and calls doupdate once.
 *
 * Screen layout: line 0 the header, line 1 the tabs, line 2 the pane or
 * record title, lines 3.. the body, the last line the status/prompt. */
#ifndef SENDX_UI_VIEW_H
#define SENDX_UI_VIEW_H

#include <stdbool.h>

struct app;

struct ui_frame {
    int rows, cols;
    long now;      /* monotonic ms, for the spinner and countdowns */
    int body_top;  /* first body line */
    int body_rows; /* body lines */
};

struct view_ops {
    const char *name;
    void (*draw)(const struct app *a, const struct ui_frame *f);
};

extern const struct view_ops view_header;  /* header and tabs */
extern const struct view_ops view_table;   /* title, column heads, rows */
extern const struct view_ops view_detail;  /* title and the record's lines */
extern const struct view_ops view_help;    /* the help box over the rest */
extern const struct view_ops view_status;  /* the status line or the prompt */
extern const struct view_ops view_confirm; /* a yes/no question in a box */
extern const struct view_ops view_form;    /* a form being filled in, whole body */
extern const struct view_ops view_picker;  /* a picker's box over the form */
extern const struct view_ops view_diff;    /* a save's conflict, whole body */

/* Cells a form's text field has on a screen `cols` wide: app_layout.form_width. */
int view_form_value_width(int cols);
/* Whether the terminal's cursor belongs in the form now (a text row is
 * focused and the form is the top screen), and where. */
bool view_form_cursor(const struct app *a, const struct ui_frame *f, int *y, int *x);
/* Rows of a picker's list on this frame: app_layout.picker_rows. */
int view_picker_rows(const struct ui_frame *f);
/* Whether the cursor belongs in the picker's filter (the picker is the top screen), and where. */
bool view_picker_cursor(const struct app *a, const struct ui_frame *f, int *y, int *x);

/* Cells the prompt's text has on a screen `cols` wide. The status view,
 * drawn last, leaves the terminal's cursor where the prompt's is. */
int view_status_prompt_width(int cols);

/* Rows of keys the help box has on this frame (a long message takes
 * some of its bottom rows). */
int view_help_key_rows(const struct app *a, const struct ui_frame *f);

/* The pane whose tab is at column x of the tabs line, or -1. */
int view_header_tab_at(const struct app *a, int x, int cols);

/* Lines the table and detail bodies leave for rows. */
#define VIEW_TABLE_TOP  4
#define VIEW_DETAIL_TOP 3

#endif
