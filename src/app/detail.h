/* The lines of a detail view, built from the record's member table: one
 * labelled line per field that is set, and a muted one per field the
 * server sent but that could not be read, showing its raw text (as
 * untrusted as any other value); related ids shown by name when
 * the name caches have them, timestamps in local time, long values
 * wrapped at word boundaries and folded; for a campaign, its report first
 * (bars and links); a template's or campaign's HTML as text on request.
 * Built on demand from state (cheap), so names that arrive later show at
 * the next draw. Also the search in a record (its matches are found in
 * the built lines) and the line cursor's bounds, pure so tests need no
 * app. */
#ifndef SENDX_APP_DETAIL_H
#define SENDX_APP_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/model.h"

struct names;

/* The record a detail view shows, and what it still waits for. */
struct app_detail {
    enum sendx_kind kind;
    void *record; /* owned copy of the shown record */
    unsigned long gen;
    unsigned long get_job, report_job;
    struct sendx_report report;
    bool has_report;
    char *report_error; /* owned, NULL if none */
    bool expanded;      /* long fields in full */
    bool text_view;     /* HTML shown as text: tags stripped, links listed */
    size_t scroll;
    size_t cursor; /* the line Y copies and Enter opens */
    /* The search in the record (owned, NULL: none) and its current
     * match: a line and the byte its match starts at in the line's value. */
    char *find;
    bool found;
    size_t find_line, find_at;
    /* Where the cursor was when the search prompt opened: Esc goes back. */
    size_t find_origin, find_origin_scroll;
};

/* Lines of a long field shown before "o" unfolds it. */
#define DETAIL_FOLD_LINES 4

enum detail_style {
    DETAIL_FIELD,   /* label and value */
    DETAIL_HEADING, /* a section title in value */
    DETAIL_BAR,     /* label, bar of bar_value/bar_max, the count in value, share */
    DETAIL_LINK,    /* label, the URL in value, its clicks in bar_value */
    DETAIL_HINT,    /* a muted note, or a field that could not be read */
};

struct detail_line {
    enum detail_style style;
    const char *label; /* static or from the model; NULL on continuation lines */
    char *value;       /* owned, raw (draw it through text_fit) */
    int64_t bar_value, bar_max;
    char share[16]; /* DETAIL_BAR: "45.0%" of the sent, or "" */
    /* The record's member the line shows (-1: the report, a heading), and
     * its whole raw text, or the one item of a list of ids the line
     * shows: borrowed from the record, NULL when not a string. */
    int member;
    const char *raw;
};

struct detail_lines {
    struct detail_line *items; /* owned */
    size_t len, cap;
    const char *expand_key; /* borrowed from detail_build's caller, for fold hints */
};

/* Fills out (zeroed first) for d; values wrap at `width` cells; a folded
 * field's hint names expand_key (the key bound to detail.expand, or NULL
 * if none is). Returns -1 if out of memory (out then holds what was
 * built: free it). */
int detail_build(const struct app_detail *d, const struct names *names, int width,
                 const char *expand_key, struct detail_lines *out);
/* Adds a field the record does not hold (a list's contact count) after
 * the built lines; label is static, value copied. -1 if out of memory. */
int detail_add_field(struct detail_lines *l, const char *label, const char *value);
void detail_lines_free(struct detail_lines *l);

/* The member holding kind's HTML (a template's, a campaign's), or -1. */
int detail_html_member(enum sendx_kind kind);

/* html as text for people: tags dropped (scripts, styles and the head
 * with their content), blocks on lines of their own, the common entities
 * decoded, each link's text followed by "[n]" and the links listed at
 * the end ("[1] https://..."). A heap string, or NULL if out of memory. */
char *detail_html_text(const char *html);

/* Where needle (ASCII case-insensitive) first occurs in s at or after
 * byte from: true with *at, or false. */
bool detail_find_in(const char *s, const char *needle, size_t from, size_t *at);

/* Moves d's current match to the next one of d->find in l (dir 1) or
 * the previous one (-1), around the end; without a current match, from
 * the start (or, -1, the end) of the cursor's line. The cursor goes to
 * the match's line. Returns whether there is one (d->found). The match
 * is a place in lines built at one width: n finds it again after a
 * resize. */
bool detail_find_step(struct app_detail *d, const struct detail_lines *l, int dir);

/* Keeps d's cursor on one of n lines and in the `visible` lines shown
 * from d->scroll. */
void detail_follow_cursor(struct app_detail *d, size_t n, size_t visible);

#endif
