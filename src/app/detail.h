/* The lines of a detail view, built from the record's member table: one
 * labelled line per field that is set, and a muted one per field the
 * server sent but that could not be read, showing its raw text (as
 * untrusted as any other value); related ids shown by name when
 * the name caches have them, timestamps in local time, long values
 * wrapped and folded; for a campaign, its report first (bars and links).
 * Built on demand from state (cheap), so names that arrive later show at
 * the next draw. */
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
    size_t scroll;
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
void detail_lines_free(struct detail_lines *l);

#endif
