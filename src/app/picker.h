/* A searchable list to choose from: a contact's lists and tags, a
 * campaign's sender, the lists a campaign includes or leaves out. Items
 * are (id, name) pairs given at open, kept in name order; typed text
 * narrows them to those whose name or id contains it, ignoring case
 * (Unicode simple case, so "ä" finds "Ä" and "σ" finds "Σ"; this needs a
 * UTF-8 LC_CTYPE, which main() sets). Narrowing is one pass over the
 * items into an index array allocated at open, so thousands of tags stay
 * instant as each key is typed.
 *
 * Multi-select marks any number of items; single select marks at most
 * one. With allow_new (tags), text that names no item exactly offers a
 * last row, "new: TEXT", which adds an item of that name when marked.
 *
 * UI thread only; no curses: the view draws rows top..top+visible of the
 * view. Ownership: the picker owns every string in it; pointers into
 * items stay valid until the next picker_toggle (which may add an item)
 * or picker_free. */
#ifndef SENDX_APP_PICKER_H
#define SENDX_APP_PICKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/action.h"
#include "app/line.h"

struct api_error;
struct sendx_strv;

struct picker_item {
    char *id;   /* owned; for an added item, its name */
    char *name; /* owned; for an id the caller had no name for, the id */
    char *key;  /* owned; folded name, a newline, folded id: what typed text is sought in */
    bool marked;
    bool added; /* made from the "new" row: not yet on the server */
};

struct picker {
    char *title; /* owned: "Lists" */
    bool multi;
    bool allow_new;
    struct picker_item *items; /* owned, n_items, in name order */
    size_t n_items;
    size_t n_marked;
    struct line filter; /* the typed text */
    char *typed;        /* owned: the filter without surrounding spaces; what "new" adds */
    char *needle;       /* owned: typed, case-folded */
    size_t typed_cap, needle_cap; /* bytes allocated; they only grow, so deleting never fails */
    size_t *view;                 /* owned: indexes into items of the rows that match, in order */
    size_t n_view;
    bool offer_new; /* a "new" row follows the view's rows */
    size_t cursor;  /* row under the cursor, < picker_rows() unless there are none */
    size_t top;     /* first row on screen */
    int visible;    /* rows on screen */
};

/* Opens p (overwritten, need not be initialised) on n items: ids[i] and
 * names[i], copied; a NULL name (or names NULL) shows the id. The ids in
 * marked (n_marked of them, copied) start marked; one that is not among
 * ids becomes an item of its own named by its id, so that saving the
 * picker's choice never drops something the record had that the caller
 * could not name. Single select puts the cursor on the marked item. The
 * title is copied. Returns -1 with err set if out of memory or an id is
 * NULL (p then needs no picker_free, though calling it is harmless). */
int picker_open(struct picker *p, const char *title, bool multi, bool allow_new,
                const char *const *ids, const char *const *names, size_t n,
                const char *const *marked, size_t n_marked, struct api_error *err)
    __attribute__((warn_unused_result));

/* Rows in the view: the matching items and the "new" row, if offered. */
size_t picker_rows(const struct picker *p);

/* The item shown at a row of the view (borrowed), or NULL for the "new"
 * row and past the end. */
const struct picker_item *picker_row_item(const struct picker *p, size_t row);

/* The text the "new" row would add ("" when it is not offered). Borrowed,
 * valid until the filter changes. */
const char *picker_new_text(const struct picker *p);

/* Performs a cursor motion (row.*, page.*) or an edit of the typed text
 * (prompt.* but accept, cancel, complete and history). Returns whether
 * the action was the picker's; the caller handles the rest, picker.toggle
 * included (picker_toggle can fail, and says why). */
bool picker_action(struct picker *p, enum action act);

/* Types a character into the filter; the view narrows and the cursor
 * goes to the first row. Returns -1 if out of memory, with nothing
 * changed. */
int picker_insert(struct picker *p, uint32_t cp) __attribute__((warn_unused_result));

/* Marks or unmarks the item under the cursor; single select marks it and
 * unmarks the rest. On the "new" row, adds an item named by the typed
 * text (its id is that name, `added` set), marked, and puts the cursor on
 * it. Returns -1 with err set if out of memory, with nothing changed. */
int picker_toggle(struct picker *p, struct api_error *err) __attribute__((warn_unused_result));

/* The id of the item under the cursor (borrowed), or NULL on the "new"
 * row or in an empty view. */
const char *picker_current_id(const struct picker *p);

/* The marked ids, in name order (an added item's id is its name), copied
 * into *out, which the caller frees (its strings and its array). Returns
 * -1 with err set if out of memory, *out untouched. */
int picker_marked(const struct picker *p, struct sendx_strv *out, struct api_error *err)
    __attribute__((warn_unused_result));

/* The rows the UI shows; keeps the cursor among them. */
void picker_set_visible(struct picker *p, int rows);

void picker_free(struct picker *p);

#endif
