/* The columns of each resource pane: a table of descriptors per kind, so
 * a pane is data, not code. Sorting and filtering (pane.c), the table
 * view (ui/view_table.c) and the app's column commands (table_columns.c)
 * all read these tables.
 *
 * Columns are as wide as what they show: the rows on screen are measured
 * (columns_measure_*), then columns_layout places them. The first column
 * shown (the key: the email of a contact, the name elsewhere) gets the
 * width it needs before any other and stays put; the rest scroll
 * sideways past it (`<`/`>`), so every column is reachable at any width.
 * Which columns a pane shows, and in what order, is the user's choice
 * (:columns), kept per pane in a struct columns_pane. */
#ifndef SENDX_APP_COLUMNS_H
#define SENDX_APP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "api/model.h"

struct names;
struct reports;
struct counts;

/* What the app knows beside the records, for the cells that show it:
 * related records' names, campaigns' reports (reports.h), the contacts
 * of lists and tags (counts.h). Any may be NULL: ids shown, no values. */
struct column_facts {
    const struct names *names;
    const struct reports *reports;
    const struct counts *counts;
};

/* A value a column learns apart from its record: none to show (a draft
 * has no report, no count was asked for), still to come (shown as
 * COLUMN_PENDING), or known. */
enum column_fact { COLUMN_FACT_NONE, COLUMN_FACT_PENDING, COLUMN_FACT_KNOWN };

/* A cell whose value is on its way. */
#define COLUMN_PENDING "\xe2\x80\xa6" /* … */

/* A getter's scratch space: for composed text (a full name, a date, a
 * count, names joined). Cells are far narrower than this. */
#define COLUMN_SCRATCH 512

/* A cell (or part of one) whose field the server sent but that could not
 * be read: short enough for the narrowest column, and never a made-up
 * value such as 0 or "no". */
#define COLUMN_UNREADABLE "?"

/* Columns a resource has at most. */
#define COLUMNS_MAX 16

struct column {
    const char *title;
    /* The least a column cut at the right edge may keep; a column whose
     * text is no use cut (a date, a count) has its full width here. */
    int min_width;
    int max_width; /* longer text is cut at this width */
    bool right;    /* right-aligned (numbers) */
    /* The cell's raw (unsanitised) text: borrowed from the record, or
     * written into scratch (COLUMN_SCRATCH bytes); COLUMN_UNREADABLE
     * where a field could not be read. Never NULL. Related records show
     * as their ids here: see named. */
    const char *(*text)(const void *record, char *scratch);
    /* For a column of related records (a contact's lists, its tags): the
     * cell with each shown by its name where names (may be NULL) has it,
     * else by its id. NULL for other columns. */
    const char *(*named)(const void *record, const struct names *names, char *scratch);
    /* For such a column: the related records' ids (borrowed from record),
     * or NULL when the field could not be read. The filter matches their
     * names one by one. NULL for other columns. */
    const struct sendx_strv *(*ids)(const void *record);
    /* Ascending order of two records by this column; NULL for a fact
     * column (columns_compare orders those). */
    int (*compare)(const void *a, const void *b);
    /* For a column of what the app learns apart from the record (a
     * campaign's report, a list's count): its value from facts into
     * *value, and whether there is one. NULL for other columns, whose
     * text is the record's. */
    enum column_fact (*fact)(const void *record, const struct column_facts *facts, double *value);
    bool percent; /* a fact shown as a share ("45.2%"), else a count */
    bool stamped; /* a fact shown with when it was taken ("12 · 10:42") */
    /* Left out of a pane's columns until chosen (:columns): its values
     * cost a request each, or a scan. */
    bool optional;
};

struct column_set {
    const struct column *cols;
    size_t n;
};

/* Borrowed, static. */
const struct column_set *columns_for(enum sendx_kind kind);

/* The cell of column c for record, as the table shows it (facts may be
 * NULL): a fact's value (COLUMN_PENDING until it comes), c->named where
 * there is one, else c->text. */
const char *columns_text(const struct column *c, const void *record,
                         const struct column_facts *facts, char *scratch);

/* The order of a and b by column c, descending if desc: a fact column
 * puts the records without a value last either way, since theirs may
 * still come. */
int columns_compare(const struct column *c, const void *a, const void *b,
                    const struct column_facts *facts, bool desc);

/* The column of set titled name, ignoring case, or else the one whose
 * title it begins (a unique prefix: "comp" for COMPANY). -1 for none,
 * -2 for several. */
int columns_find(const struct column_set *set, const char *name);

/* ---- which columns a pane shows --------------------------------------- */

/* A pane's columns: which, in what order, and how far scrolled. Zeroed
 * is every column of the set but the optional ones, in the set's order,
 * unscrolled. */
struct columns_pane {
    unsigned char order[COLUMNS_MAX]; /* indices into the set */
    size_t n;                         /* 0: the set's own order */
    size_t offset; /* columns after the first scrolled out of sight to the left */
};

/* The widths a pane's rows on screen need, kept as the rows scroll by so
 * that the columns stay put: a longer value widens its column, a shorter
 * one does not narrow it. They fit anew when the view changes (a filter,
 * a sort, a reload) or jumps to rows away from those measured (g, G). */
struct columns_fit {
    int need[COLUMNS_MAX];
    unsigned long view; /* the pane's view_changes when measured */
    size_t from, to;    /* the view's rows measured: [from, to); none when equal */
};

/* The columns shown, left to right, as indices into set, into order
 * (COLUMNS_MAX). Returns how many. */
size_t columns_order(const struct columns_pane *cp, const struct column_set *set, int *order);

/* Takes a choice written as titles ("email,company", spaces work too,
 * any case, unique prefixes), or "all" for every column in the set's
 * order, the optional ones too. Unscrolls. Returns 0, or -1 with why in words (the choice
 * unchanged) for an unknown, ambiguous or repeated title. */
int columns_choose(struct columns_pane *cp, const struct column_set *set, const char *spec,
                   char *why, size_t n);

/* Whether cp shows a fact column of set, in sight or scrolled away: its
 * values are then worth asking for. */
bool columns_show_facts(const struct columns_pane *cp, const struct column_set *set);

/* The shown columns' titles in order ("EMAIL,NAME"), then the hidden
 * ones ("; hidden: FLAGS,CREATED"), into buf: what :columns says. */
void columns_describe(const struct columns_pane *cp, const struct column_set *set, char *buf,
                      size_t n);

/* ---- widths ------------------------------------------------------------- */

/* need[i] starts as what set column i's title takes (a cell more for
 * the sort arrow), then grows with each record measured, up to the
 * column's max_width. */
void columns_measure_start(const struct column_set *set, int *need);
void columns_measure(const struct column_set *set, const void *record,
                     const struct column_facts *facts, int *need);

struct columns_layout {
    int n;                /* columns shown */
    int col[COLUMNS_MAX]; /* each one's index in the set, left to right */
    int x[COLUMNS_MAX];   /* its first cell, from the table's left edge */
    int width[COLUMNS_MAX];
    bool more_left;  /* columns scrolled out of sight after the first */
    bool more_right; /* columns beyond the right edge, or the last one cut */
};

/* Places cp's columns in a table `width` cells wide, one cell between
 * columns: the first at the width it needs (up to the table's), then
 * from cp's offset on, each at the width it needs while it fits; the
 * one at the edge is cut if it keeps its min_width, and the rest wait
 * for a scroll. */
void columns_layout(const struct column_set *set, const struct columns_pane *cp, const int *need,
                    int width, struct columns_layout *out);

/* The set index of the column at cell x of the table laid out, or -1. */
int columns_at(const struct columns_layout *l, int x);

/* ---- records ------------------------------------------------------------ */

/* The text of column c the filter searches in record (raw, as
 * c->text gives it; scratch as for c->text): a fact column's is empty,
 * since its values come and go, and a column of related records holds
 * COLUMN_UNREADABLE when unread, else nothing, its names being searched
 * one by one (columns_related_name). Never NULL. */
const char *columns_search_text(const struct column *c, const void *record, char *scratch);

/* How a related record (a list, a tag) is shown: its name where names
 * (may be NULL) has a non-empty one, else its id (NULL: ""). Borrowed
 * from names or id, until the next names_put. */
const char *columns_related_name(const struct names *names, const char *id);

/* The record's id (borrowed), or NULL. */
const char *columns_record_id(enum sendx_kind kind, const void *record);

/* ---- the current pane's table (table_columns.c) ------------------------- */

struct app;

/* The table's first column starts after the cursor's marker. */
#define TABLE_COLUMNS_LEFT 2

/* Measures the current pane's rows on screen into its fit (above): once
 * a frame, before it is drawn, when the rows on screen are known. */
void table_columns_fit(struct app *a);

/* The current pane's columns laid out in a table `width` cells wide, as
 * wide as its fit: what the view draws and what a click on a header hits. */
void table_columns_layout(const struct app *a, int width, struct columns_layout *out);

/* Sorts the current pane by set column col (-1: the server's order),
 * descending if desc, from the first row, and says so: over the loaded
 * rows only while not all are, naming the key that loads the rest.
 * APP_* flags. */
unsigned table_columns_sort(struct app *a, int col, bool desc);

/* A click at screen cell x of the column headers of a table `cols`
 * cells wide: sorts by that column, again reverses. APP_* flags. */
unsigned table_columns_click(struct app *a, int x, int cols, long now);

#endif
