/* Case-insensitive substring search for the mock's store: the text fold
 * every search uses, and an inverted index that keeps contact search fast
 * at a million records.
 *
 * Folding is simple Unicode lowercase from a built-in table (not towlower,
 * whose answer depends on the process locale: ASCII-only in "C", so
 * sendx-mock and an embedding app would disagree). It covers ASCII, Latin-1
 * Supplement, Latin Extended-A, Latin Extended Additional (Vietnamese),
 * Greek (final sigma folds to sigma) and Cyrillic; "ÉMILE" finds "émile".
 * Other scripts (CJK, Arabic, emoji) have no case and match byte for byte.
 * Accents are not stripped ("emile" does not find "émile") and text is not
 * normalized, so NFC and NFD spellings differ. Malformed UTF-8 passes
 * through unchanged.
 *
 * The index maps every byte trigram of each record's folded fields to a
 * posting list of record sequence numbers, ascending. Each field ends in a
 * terminator byte, so every two-byte substring begins some trigram: a
 * 2-byte query is the union of the trigrams it prefixes, a 3-byte query one
 * list, a longer one the intersection of its trigrams' lists checked
 * against the real text. Results come in sequence order, which the store
 * makes creation order. Memory is about 4 bytes per distinct trigram per
 * record, plus 8 bytes per sequence number ever used.
 *
 * The index owns its lists; records belong to the caller, who must keep a
 * record alive and its fields unchanged while it is indexed. Not
 * thread-safe: the store locks around it (search_find only reads). */
#ifndef SENDX_MOCK_SEARCH_H
#define SENDX_MOCK_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The folded form of text: a heap string (caller frees), never longer
 * than text. NULL if out of memory. */
char *search_fold(const char *text);

/* Whether text (NULL: no) folded contains folded, a search_fold result. */
bool search_contains(const char *text, const char *folded);

#define SEARCH_MAX_FIELDS 4

struct search_index;

/* Indexes the `char *` members at field_offsets[0..n_fields) of each
 * record (n_fields at most SEARCH_MAX_FIELDS). NULL if out of memory. */
struct search_index *search_new(const size_t *field_offsets, size_t n_fields);
void search_free(struct search_index *ix);

/* Indexes rec under seq, which must not be in use. -1 if out of memory
 * (the index is unchanged). */
int search_add(struct search_index *ix, uint32_t seq, const void *rec);

/* Indexes rec in place of the record under seq, which is still readable;
 * seq, and so the record's place in results, stays. -1 if out of memory
 * (the old record stays indexed). */
int search_replace(struct search_index *ix, uint32_t seq, const void *rec);

/* Forgets the record under seq (still readable); no-op if seq is unused. */
void search_remove(struct search_index *ix, uint32_t seq);

/* Calls emit on the records whose folded fields contain query folded, in
 * sequence order, skipping the first offset matches and stopping after
 * limit (SIZE_MAX: no limit). Stops at the first non-zero emit and returns
 * it; -1 if out of memory; else 0. */
int search_find(const struct search_index *ix, const char *query, size_t offset, size_t limit,
                int (*emit)(void *ctx, const void *rec), void *ctx);

#endif
