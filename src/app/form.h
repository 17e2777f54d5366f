/* A form to create or edit one record: its rows (form_defs.c says which
 * members each resource shows and how each is edited), what is typed in
 * them, the checks beside each row and the server's words after a save.
 *
 * The form keeps the record it opened with (the original) and builds
 * from its rows the values to send: form_values for a create, form_change
 * (changes.h) for an update, which holds only what differs. A row the
 * user never touched leaves the original's value alone, byte for byte,
 * so opening and saving a record changes nothing even where a row cannot
 * show the value exactly (a name with a tab in it).
 *
 * Pure state: no curses, no threads, no I/O. Lists, tags, senders and
 * long text are chosen or edited elsewhere (picker.h, $EDITOR) and handed
 * back through form_set_items and form_set_text. UI thread only.
 *
 * Ownership: the form owns everything it points to; every pointer a
 * getter returns is borrowed and stays valid until the next call that
 * changes that row (an edit, form_set_*, form_load_values,
 * form_set_original) or form_free. */
#ifndef SENDX_APP_FORM_H
#define SENDX_APP_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/model.h"
#include "app/action.h"
#include "app/line.h"
#include "app/validate.h"

struct api_error;
struct names;

/* ---- the rows each resource's form shows (form_defs.c) ---- */

enum form_widget {
    FORM_TEXT,      /* one line of text (struct line) */
    FORM_LONG_TEXT, /* a body (HTML, plain text) edited in $EDITOR; shown as a summary */
    FORM_BOOL,      /* Space/Enter flips */
    FORM_CHOICE,    /* an integer code enums.h names: Space/Enter steps to the next */
    FORM_REF,       /* one id of ref_kind, chosen in a picker (a campaign's sender) */
    FORM_REFS,      /* ids of ref_kind, chosen in a picker (a contact's lists) */
    FORM_TAGS,      /* tag ids, and names of tags to create (the save creates them) */
    FORM_CUSTOM,    /* a contact's value for one custom field, checked by its type */
};

enum form_field_flag {
    /* A new record starts with this FORM_BOOL on (the spec's default);
     * an edited record that lacks the member shows it on, unsent. */
    FORM_START_ON = 1u << 0,
};

struct form_field_def {
    unsigned member; /* SENDX_<KIND>_<MEMBER>, a member of kind's write schema */
    enum form_widget widget;
    enum sendx_kind ref_kind; /* FORM_REF, FORM_REFS, FORM_TAGS: what the ids name */
    const char *label;        /* NULL: the model's label */
    unsigned flags;           /* enum form_field_flag bits */
};

struct form_def {
    enum sendx_kind kind;
    const char *noun; /* "custom field": for titles */
    const struct form_field_def *fields;
    size_t n;
    bool can_edit; /* false: the API has no update (senders, campaigns) */
};

/* The rows of kind's form (static), or NULL when the API cannot create
 * one (team members). */
const struct form_def *form_def_for(enum sendx_kind kind);

/* ---- the form ---- */

/* A custom field the contact form offers a row for. */
struct form_custom {
    const char *id;   /* not NULL; either spelling (field_..., custom_field_...) */
    const char *name; /* NULL: the id */
    int64_t type;     /* enum validate_field_type */
};

struct form_field {
    const struct form_field_def *def; /* static; FORM_CUSTOM rows share one */
    char *custom_id;                  /* FORM_CUSTOM: as given at open; owned */
    char *custom_name;                /* FORM_CUSTOM; owned */
    int64_t custom_type;              /* FORM_CUSTOM: enum validate_field_type */
    struct line line;                 /* FORM_TEXT, FORM_CUSTOM: what is typed */
    char *text;                       /* FORM_LONG_TEXT: owned, any text; NULL is empty */
    struct sendx_strv items;          /* FORM_REF (at most one), FORM_REFS, FORM_TAGS; owned */
    int64_t number;                   /* FORM_BOOL (0 or 1), FORM_CHOICE: the value shown */
    bool touched;                     /* changed since open: its value replaces the original's */
    const char *error;                /* the check's words, NULL when fine; static or error_buf */
    struct validate_msg error_buf;
    char *server_error; /* owned: the server's words about this row, or NULL */
};

struct form {
    enum sendx_kind kind;
    char *id;       /* owned: the record edited; NULL when creating */
    void *original; /* owned record of kind's type: as loaded, or when creating the defaults */
    struct form_field *fields; /* owned, n_fields: the def's rows, then custom field rows */
    size_t n_fields;
    size_t focus;  /* the row keys go to */
    int width;     /* cells a text row has on screen; 0 until form_set_width */
    char *message; /* owned: the server's words that fit no row, or NULL */
};

/* Opens *f (overwritten) on a new record of kind (record NULL) or on a
 * copy of record (of kind's type, with its id). A contact form adds one
 * FORM_CUSTOM row per customs[i] (copied; ignored for other kinds), its
 * value read from the record's customFields under the field's id in
 * either spelling. A new record starts with the spec's defaults for its
 * booleans and choices, which f->original holds too, so an untouched
 * new form has no changes. Returns 0, or -1 with err: kind has no form,
 * the record cannot be edited (no update endpoint, no id), or out of
 * memory (f then needs no form_free, though calling it is harmless). */
int form_open(struct form *f, enum sendx_kind kind, const void *record,
              const struct form_custom *customs, size_t n_customs, struct api_error *err)
    __attribute__((warn_unused_result));

void form_free(struct form *f);

/* Fills the rows from values (a record of kind's type, such as a draft's
 * form_values), keeping the original: a row counts as touched when its
 * value in values differs from the original's. Returns 0, or -1 with err
 * if out of memory (rows may then hold part of values). */
int form_load_values(struct form *f, const void *values, struct api_error *err)
    __attribute__((warn_unused_result));

/* Makes a copy of record the original, as after a conflict when the
 * user has seen the server's copy (changes.h); untouched rows show the
 * new original's values. Returns 0, or -1 with err if out of memory (the
 * form keeps its original). */
int form_set_original(struct form *f, const void *record, struct api_error *err)
    __attribute__((warn_unused_result));

/* Fills *out (overwritten; free with codec_free on kind's type) with the
 * record the rows describe: a copy of the original with each touched
 * row's value in place. Text is kept as typed, but blank text means no
 * value: unset when the original had none, "" to clear one it had. Lists
 * and tags as chosen (tag names included, see form_tag_is_name); custom
 * field values keyed by the field's id, in the spelling the original
 * used for it if it had one; blank ones left out. Returns 0, or -1 with
 * err (out of memory) and *out zeroed. */
int form_values(const struct form *f, void *out, struct api_error *err)
    __attribute__((warn_unused_result));

/* changes_between(original, form_values): what an update sends. *change
 * as there. Returns 0, or -1 with err. */
int form_change(const struct form *f, void *change, struct api_error *err)
    __attribute__((warn_unused_result));

/* Whether the rows differ from the original: something to save, or to
 * ask about before leaving. True when out of memory, as losing typing
 * is worse than one question too many. */
bool form_changed(const struct form *f);

/* ---- checks ---- */

/* Checks every row as the spec asks (validate.h) and sets its error;
 * returns how many rows are bad, and with focus_first moves the focus to
 * the first of them. */
size_t form_validate(struct form *f, bool focus_first);

/* Checks row i again and returns its error (NULL when fine). Rows that
 * show an error are checked again after every change anyway, so an error
 * goes as soon as the value is fixed; the app calls this to check a row
 * the user leaves. */
const char *form_validate_field(struct form *f, size_t i);

/* Whether row i must have a value, given the values in the rows now (a
 * campaign's send time unless it is sent at once). */
bool form_field_required(const struct form *f, size_t i);

/* What to show beside row i: the check's error, else the server's words,
 * else NULL. */
const char *form_field_error(const struct form *f, size_t i);

/* ---- focus ---- */

void form_focus_next(struct form *f);          /* wraps to the first row */
void form_focus_prev(struct form *f);          /* wraps to the last row */
void form_focus_set(struct form *f, size_t i); /* ignored past the last row */

/* ---- editing ---- */

/* Whether row i is typed into (FORM_TEXT, FORM_CUSTOM): it has a line
 * and a cursor. */
bool form_field_is_line(const struct form *f, size_t i);

/* Row i was changed by the user: from now on its value replaces the
 * original's in form_values, the server's words about it go, and rows
 * showing an error are checked again. Every edit below calls it; the
 * app need not, unless it changes a row's struct directly. */
void form_touch(struct form *f, size_t i);

/* Applies one of the line actions (ACTION_PROMPT_LEFT, _RIGHT, _HOME,
 * _END, _BACKSPACE, _DELETE, _DELETE_WORD, _KILL_START, _KILL_END) to
 * the focused FORM_TEXT or FORM_CUSTOM row. Returns whether its text
 * changed; any other action or row is left alone. */
bool form_edit(struct form *f, enum action act);

/* Types one character (a printable code point) or pastes n bytes of
 * UTF-8 (control characters dropped) into the focused text row. Returns
 * 1 if the text changed, 0 if not (nothing printable, not a text row),
 * -1 if out of memory (the row unchanged). */
int form_insert(struct form *f, uint32_t codepoint);
int form_insert_text(struct form *f, const char *utf8, size_t n);

/* Flips the focused FORM_BOOL or steps the focused FORM_CHOICE to the
 * next code enums.h names (after the last, the first). Returns false
 * for other rows. */
bool form_toggle(struct form *f);

/* Every text row is `cells` wide on screen: each one's window onto its
 * text follows its cursor (line_follow_cursor). */
void form_set_width(struct form *f, int cells);

/* ---- rows edited elsewhere ---- */

/* The ids (and, for FORM_TAGS, new tag names) of row i, or NULL when it
 * is not a FORM_REF, FORM_REFS or FORM_TAGS row. */
const struct sendx_strv *form_field_items(const struct form *f, size_t i);

/* Replaces row i's items with copies of items[0..n) (none NULL); a
 * FORM_REF keeps the first only. Rows of other widgets are left alone.
 * Returns 0, or -1 if out of memory (the row unchanged). */
int form_set_items(struct form *f, size_t i, const char *const *items, size_t n);

/* Whether an item of a FORM_TAGS row is the name of a tag to create
 * rather than a tag's id (tag_ and 22 letters or digits). */
bool form_tag_is_name(const char *item);

/* Replaces the text of row i: a FORM_LONG_TEXT takes any text (the
 * editor's result, newlines and all), a FORM_TEXT or FORM_CUSTOM its
 * printable characters. NULL is empty. Other rows are left alone.
 * Returns 0, or -1 if out of memory (the row unchanged). */
int form_set_text(struct form *f, size_t i, const char *text);

/* The text of a FORM_TEXT, FORM_CUSTOM or FORM_LONG_TEXT row ("" when
 * empty), or NULL for other rows. */
const char *form_field_text(const struct form *f, size_t i);

/* ---- the server's answer ---- */

/* Puts the server's words about a failed save where they belong: a 409
 * on a contact beside its email (the address is taken); a 4xx whose
 * message names a row (its API name, label, or a custom field's name, as
 * a whole word, any case; the earliest named wins) beside that row, which
 * takes the focus; anything else as the form-wide f->message. A NULL or
 * empty message says the status. Each row's words go when it is next
 * edited. Returns 0, or -1 if out of memory (nothing recorded). */
int form_server_error(struct form *f, long http_status, const char *message);

/* Forgets every row's server words and the form-wide message. */
void form_clear_server_errors(struct form *f);

/* ---- what to show ---- */

/* "New contact", or "Edit contact x@y.com" (the record's first text row
 * as loaded, else its id), into buf (n >= 1 bytes; cut at a character
 * boundary if longer). Returns buf. Not yet made safe: draw through
 * text_fit. */
const char *form_title(const struct form *f, char *buf, size_t n);

/* Row i's label (the def's, the custom field's name, else the model's).
 * Borrowed. */
const char *form_field_label(const struct form *f, size_t i);

/* What row i shows, into buf (n >= 1 bytes; cut at a character boundary
 * if longer): the text of a text row; "[x]" or "[ ]"; a choice's
 * meaning; items by name through names (may be NULL), else the id, a tag
 * name to create as "VIP (new)", "(none)" when empty; a long text as
 * "12 lines, 480 characters" or "(empty)". Returns buf. Not yet made
 * safe: draw through text_fit. */
const char *form_field_display(const struct form *f, size_t i, const struct names *names, char *buf,
                               size_t n);

#endif
