/* A strict RFC 4180 reader, for tests that check what a CSV writer
 * wrote: records end with CRLF (the last may end the text instead),
 * fields are separated by commas, a field is either unquoted (no quote,
 * CR or LF in it) or wholly in double quotes (a quote doubled inside;
 * commas, CR and LF kept), and every record has as many fields as the
 * first. Anything else is refused, with where and why. */
#ifndef SENDX_TEST_CSV_H
#define SENDX_TEST_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct csv_row {
    char **fields; /* owned, NUL-terminated each */
    size_t n_fields;
};

struct csv_table {
    struct csv_row *rows; /* owned; the header is rows[0] when there is one */
    size_t n_rows;
    bool final_crlf; /* the last record ended with CRLF */
};

/* Reads len bytes of text into *out. Returns 0, or -1 with why (at most
 * why_size bytes: the byte offset and the rule broken) and *out empty. */
int csv_parse(const char *text, size_t len, struct csv_table *out, char *why, size_t why_size);

/* The index of the column called name in the header row, or -1. */
long csv_column(const struct csv_table *t, const char *name);

void csv_free(struct csv_table *t);

#endif
