#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reader's position, and the field and record being built. */
struct reader {
    const char *text;
    size_t len, at;
    char *field;
    size_t field_len, field_cap;
    struct csv_row row;
    struct csv_table *out;
    char *why;
    size_t why_size;
};

static int refuse(struct reader *r, const char *rule)
{
    snprintf(r->why, r->why_size, "byte %zu: %s", r->at, rule);
    return -1;
}

static void grow_field(struct reader *r, char c)
{
    if (r->field_len + 2 > r->field_cap) {
        r->field_cap = r->field_cap ? r->field_cap * 2 : 64;
        r->field = realloc(r->field, r->field_cap);
        if (!r->field)
            abort();
    }
    r->field[r->field_len++] = c;
    r->field[r->field_len] = '\0';
}

static void end_field(struct reader *r)
{
    r->row.fields = realloc(r->row.fields, (r->row.n_fields + 1) * sizeof *r->row.fields);
    if (!r->row.fields)
        abort();
    r->row.fields[r->row.n_fields++] = r->field ? r->field : strdup("");
    r->field = NULL;
    r->field_len = r->field_cap = 0;
}

static int end_row(struct reader *r)
{
    struct csv_table *t = r->out;
    if (t->n_rows > 0 && r->row.n_fields != t->rows[0].n_fields) {
        char rule[96];
        snprintf(rule, sizeof rule, "record %zu has %zu fields, the first %zu", t->n_rows + 1,
                 r->row.n_fields, t->rows[0].n_fields);
        for (size_t i = 0; i < r->row.n_fields; i++)
            free(r->row.fields[i]);
        free(r->row.fields);
        r->row = (struct csv_row){0};
        return refuse(r, rule);
    }
    t->rows = realloc(t->rows, (t->n_rows + 1) * sizeof *t->rows);
    if (!t->rows)
        abort();
    t->rows[t->n_rows++] = r->row;
    r->row = (struct csv_row){0};
    return 0;
}

/* A quoted field from its opening quote to just past its closing one. */
static int quoted(struct reader *r)
{
    for (r->at++; r->at < r->len; r->at++) {
        char c = r->text[r->at];
        if (c != '"') {
            grow_field(r, c);
            continue;
        }
        if (r->at + 1 < r->len && r->text[r->at + 1] == '"') {
            grow_field(r, '"');
            r->at++;
            continue;
        }
        r->at++;
        return 0;
    }
    return refuse(r, "the text ends inside a quoted field");
}

static int unquoted(struct reader *r)
{
    for (; r->at < r->len; r->at++) {
        char c = r->text[r->at];
        if (c == ',' || c == '\r')
            return 0;
        if (c == '"')
            return refuse(r, "a quote inside an unquoted field");
        if (c == '\n')
            return refuse(r, "a LF without its CR");
        grow_field(r, c);
    }
    return 0;
}

/* After a field: a comma (another field), CRLF (the record ends) or the
 * end of the text. Returns 1 when the record goes on, 0 when it ended. */
static int after_field(struct reader *r)
{
    end_field(r);
    if (r->at == r->len)
        return 0;
    if (r->text[r->at] == ',') {
        r->at++;
        return 1;
    }
    if (r->text[r->at] == '\r' && r->at + 1 < r->len && r->text[r->at + 1] == '\n') {
        r->at += 2;
        return 0;
    }
    return refuse(r, r->text[r->at] == '\r' ? "a CR without its LF"
                                            : "text after a quoted field's closing quote");
}

static int record(struct reader *r)
{
    int more = 1;
    while (more == 1) {
        int rc = r->at < r->len && r->text[r->at] == '"' ? quoted(r) : unquoted(r);
        more = rc == 0 ? after_field(r) : -1;
    }
    return more < 0 ? -1 : end_row(r);
}

int csv_parse(const char *text, size_t len, struct csv_table *out, char *why, size_t why_size)
{
    *out = (struct csv_table){0};
    struct reader r = {.text = text, .len = len, .out = out, .why = why, .why_size = why_size};
    int rc = 0;
    while (rc == 0 && r.at < len)
        rc = record(&r);
    free(r.field);
    for (size_t i = 0; i < r.row.n_fields; i++)
        free(r.row.fields[i]);
    free(r.row.fields);
    if (rc != 0) {
        csv_free(out);
        return -1;
    }
    out->final_crlf = len >= 2 && text[len - 2] == '\r' && text[len - 1] == '\n';
    return 0;
}

long csv_column(const struct csv_table *t, const char *name)
{
    for (size_t i = 0; t->n_rows && i < t->rows[0].n_fields; i++)
        if (strcmp(t->rows[0].fields[i], name) == 0)
            return (long)i;
    return -1;
}

void csv_free(struct csv_table *t)
{
    for (size_t i = 0; i < t->n_rows; i++) {
        for (size_t j = 0; j < t->rows[i].n_fields; j++)
            free(t->rows[i].fields[j]);
        free(t->rows[i].fields);
    }
    free(t->rows);
    *t = (struct csv_table){0};
}
