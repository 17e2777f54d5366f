/* The table filter as typed, parsed: words that a record must all match.
 *
 * A word matches when some column's text (as the table shows it) or the
 * record's id contains it, without regard to case or Latin accents
 * ("muller" finds "Müller", "jose" finds "José", "strasse" finds
 * "Straße"; Greek and Cyrillic fold case too). A column of related
 * records (a contact's lists and tags) matches when one of their names
 * does (or its id, while the name is unknown); a column of what the app
 * learns apart from the record (a campaign's report, a list's count) is
 * not searched, its values coming and going. `-word` matches when no
 * column contains it. `column:value` looks in the column of that title
 * only (`company:acme`, `email:gmail`); on contacts `tag:NAME` and
 * `list:NAME` are the TAGS and LISTS columns, and `flags:bounced`
 * (unsubscribed, bounced, spam, blocked, dropped; a prefix such as
 * `bounce` will do) looks in its flags by name. Double quotes keep
 * spaces in a word (`"acme corp"`). A prefix that names nothing is part
 * of the word (`10:30`).
 *
 * query_matches is the rule for one record at a time; a pane's rows are
 * matched through filter.h, which prepares their text once and must
 * agree with it.
 *
 * The server's search matches one field at a time, so it is asked for
 * one word only (query_server_word) and its answers are filtered here by
 * the whole query: local and server rows mean the same thing.
 * UI thread only (the matcher keeps a scratch buffer); no curses. */
#ifndef SENDX_APP_QUERY_H
#define SENDX_APP_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "api/model.h"

struct names;

enum query_field {
    QUERY_ANY,    /* any column, or the id */
    QUERY_COLUMN, /* one column: query_word.column */
    QUERY_FLAGS,  /* a contact's flags, by name */
};

struct query_word {
    char *text;   /* as typed, without `-`, prefix or quotes (owned) */
    char *folded; /* text folded for matching (owned) */
    size_t len;   /* of folded, in bytes */
    enum query_field field;
    size_t column; /* QUERY_COLUMN: index into columns_for(kind) */
    bool negated;
};

struct query {
    enum sendx_kind kind;
    struct query_word *words;
    size_t n;
    /* The matcher's folded texts of one record, reused for the next. */
    char *buf;
    size_t cap;
    long *at;           /* where each column's text begins in buf */
    bool out_of_memory; /* a match could not be decided: see query_matches */
};

/* Parses text (NULL or blank: no words, which every record matches) for
 * records of kind. Returns the query (free with query_free), or NULL if
 * out of memory. */
struct query *query_parse(const char *text, enum sendx_kind kind);

/* Whether record (of q's kind) matches every word. names (may be NULL:
 * ids only) gives the names of a contact's tags and lists. If memory
 * runs out the answer is false and q->out_of_memory is set. */
bool query_matches(struct query *q, const void *record, const struct names *names);

/* Whether a QUERY_FLAGS word finds one of contact's flags set. */
bool query_flags_match(const struct query_word *w, const void *contact);

/* Whether every record narrower matches, wider matches too, whatever the
 * records and names: each word of wider is implied by one of narrower
 * (the same place looked in, and the same text, longer when positive,
 * shorter when negated). Both of one kind. A filter typed on narrows
 * ("acm" to "acme", "acme" to "acme co"), one cut back widens: the
 * pane then sifts only the rows it shows, or only those it does not. */
bool query_narrows(const struct query *wider, const struct query *narrower);

/* Whether every record by matches, w (a word of a query of by's kind)
 * matches too: one of by's words implies it. */
bool query_implies(const struct query *by, const struct query_word *w);

/* The word to ask the server's search for, or NULL when there is none
 * (then nothing is asked): the longest plain word (not negated, no
 * prefix, no space in it) of at least min_chars characters, the first
 * of equals. Borrowed from q. */
const char *query_server_word(const struct query *q, size_t min_chars);

/* Folds s for matching into a heap string (the caller frees it), or
 * NULL if out of memory: lower case, Latin letters without their accents
 * ("Æ" as "ae", "ß" as "ss"), combining marks dropped. */
char *query_fold(const char *s);

/* Bytes a folded copy of n bytes may need, its NUL included: a Latin
 * letter never grows, but a two-byte letter can lower to three bytes
 * (U+023A to U+2C65). */
#define QUERY_FOLD_SIZE(n) (2 * (n) + 1)

/* Folds s as query_fold does into out (QUERY_FOLD_SIZE(strlen(s))
 * bytes), with a NUL. Returns the folded length. */
size_t query_fold_into(const char *s, char *out);

void query_free(struct query *q);

#endif
