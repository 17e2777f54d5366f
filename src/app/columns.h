/* The columns of each resource pane: a table per kind, so a pane is data,
 * not code. Sorting and filtering (app.c) and drawing (ui/view_table.c)
 * all read these tables.
 *
 * As the terminal narrows, columns_layout drops the lowest-priority
 * columns first (created dates and counts before names, the email last)
 * and shrinks flexible ones toward their minimum. As it widens, the
 * flexible columns share the spare width up to their maximum, so no one
 * column takes it all; what is left stays blank on the right. */
#ifndef SENDX_APP_COLUMNS_H
#define SENDX_APP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "api/model.h"

/* A getter's scratch space: for composed text (a full name, a date, a
 * count). Cells are far narrower than this, so nothing visible is lost. */
#define COLUMN_SCRATCH 512

/* A cell (or part of one) whose field the server sent but that could not
 * be read: short enough for the narrowest column, and never a made-up
 * value such as 0 or "no". */
#define COLUMN_UNREADABLE "?"

struct column {
    const char *title;
    int min_width; /* below this the column is dropped instead */
    int width;     /* natural width */
    int max_width; /* a flexible column grows no wider */
    bool flex;     /* takes a share of the spare width */
    int priority;  /* higher stays longer as the terminal narrows */
    bool right;    /* right-aligned (numbers) */
    /* The cell's raw (unsanitised) text: borrowed from the record, or
     * written into scratch (COLUMN_SCRATCH bytes); COLUMN_UNREADABLE
     * where a field could not be read. Never NULL. */
    const char *(*text)(const void *record, char *scratch);
    /* Ascending order of two records by this column. */
    int (*compare)(const void *a, const void *b);
};

struct column_set {
    const struct column *cols;
    size_t n;
};

/* Borrowed, static. */
const struct column_set *columns_for(enum sendx_kind kind);

/* Widths for a table `width` cells wide, one cell between columns:
 * widths[i] is 0 for a dropped column. Returns the number shown. */
int columns_layout(const struct column_set *set, int width, int *widths);

/* Whether any column's text (or the id) contains needle, ignoring case. */
bool columns_match(const struct column_set *set, enum sendx_kind kind, const void *record,
                   const char *needle);

/* The record's id (borrowed), or NULL. */
const char *columns_record_id(enum sendx_kind kind, const void *record);

#endif
