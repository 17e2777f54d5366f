/* A pane's rows as the filter reads them: each row's searchable text
 * (query.h says what that is) folded once, when the row is first met,
 * and kept beside the row (struct app_rows owns it and frees it with
 * the row), so a key typed into the filter scans prepared text instead
 * of formatting and folding every cell again.
 *
 * A row's related records (a contact's lists and tags) are kept as
 * numbers standing for their ids, each id's name looked up and folded
 * once per pass: names arrive in the background, so a row's text
 * cannot hold them.
 *
 * UI thread only; no curses. */
#ifndef SENDX_APP_FILTER_H
#define SENDX_APP_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/model.h"

struct app_rows;
struct filter_text;
struct names;
struct query;

/* ---- kept with the rows (rows.c) ------------------------------------------ */

void filter_text_free(struct filter_text *t);
/* Row i's record was replaced: its text is prepared again when next
 * needed. t may be NULL. */
void filter_text_forget(struct filter_text *t, size_t i);
/* Row i was removed and the rows after it moved up one. t may be NULL. */
void filter_text_remove(struct filter_text *t, size_t i);

/* ---- matching ------------------------------------------------------------- */

/* Prepares the text of rows (of kind) not prepared yet: those added
 * since, and those forgotten. Returns 0, or -1 if out of memory (what
 * was prepared stays). */
int filter_text_sync(struct app_rows *rows, enum sendx_kind kind);

/* One query matched over one set of rows. */
struct filter_pass {
    const struct query *q;
    const struct app_rows *rows;
    const struct filter_text *t;
    /* Per word, per related record: whether its name holds the word;
     * then per word whether any does. */
    unsigned char *hits;
    /* Per word, the pairs of bytes side by side in it, as a set: a row
     * whose text lacks one cannot hold the word, and is not read. */
    uint64_t *pairs;
    /* Per word, whether it is left unchecked: filter_pass_assume. */
    bool *assumed;
    /* A related record's name changed since the rows were last matched,
     * so what an earlier pass found may no longer hold. */
    bool names_changed;
};

/* Starts matching q (of the rows' kind) over rows, whose text it brings
 * up to date; names (may be NULL: ids only) gives the related records'
 * names. Returns 0, or -1 if out of memory (nothing to end). */
int filter_pass_begin(struct filter_pass *f, const struct query *q, struct app_rows *rows,
                      const struct names *names);
/* The rows to be asked about all pass `passed`: the words of the
 * pass's query it implies (query_implies) are not checked again, as a
 * filter typed on is mostly the words the rows shown already passed. */
void filter_pass_assume(struct filter_pass *f, const struct query *passed);
/* Whether row i (prepared by filter_pass_begin) passes every word. */
bool filter_pass_row(const struct filter_pass *f, size_t i);
/* Keeps, of the n rows whose indices are at idx (ascending), those that
 * pass, in order, and returns how many: as filter_pass_row on each, but
 * reading ahead, as rows far apart cost a wait on memory each. */
size_t filter_pass_keep(const struct filter_pass *f, uint32_t *idx, size_t n);
void filter_pass_end(struct filter_pass *f);

#endif
