/* The fuzz targets, each an entry point with a name of its own, so that
 * one program can hold them all: libFuzzer's LLVMFuzzerTestOneInput calls
 * one (fuzz_main.c) and the replay test (test_fuzz_replay.c) calls each over its
 * corpus and its regressions.
 *
 * A target checks properties of what the code under test gives back, not
 * only that it returns: a property that fails is reported on stderr and
 * ends the process with abort(), which libFuzzer takes for a crash and the
 * replay test for a failed input. Every target returns 0. */
#ifndef SENDX_FUZZ_H
#define SENDX_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One function per target; data is size bytes, not NUL-terminated. */
#define FUZZ_TARGETS(X)                                                                            \
    X(decode)                                                                                      \
    X(text)                                                                                        \
    X(keys)                                                                                        \
    X(config)                                                                                      \
    X(theme)                                                                                       \
    X(export)                                                                                      \
    X(mock)

#define FUZZ_DECLARE(name) int fuzz_##name(const uint8_t *data, size_t size);
FUZZ_TARGETS(FUZZ_DECLARE)
#undef FUZZ_DECLARE

/* The mock target's store, which the seeds' ids come from. */
#define FUZZ_MOCK_SEED     7
#define FUZZ_MOCK_CONTACTS 12

/* Reports the property that failed, where, and why, then aborts. */
void fuzz_fail(const char *file, int line, const char *property, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);                                     \
    } while (0)

/* A NUL-terminated heap copy of the input (an embedded NUL ends it as a
 * C string); aborts if out of memory, since a target has no way to say so. */
char *fuzz_string(const uint8_t *data, size_t size);

/* Whether len bytes of s are strict UTF-8 (text.h's decoder: no overlongs,
 * surrogates or values past U+10FFFF); s[len] must be readable (a NUL). */
bool fuzz_utf8_valid(const char *s, size_t len);

/* Whether two records of type t hold the same: the same set bits, and
 * the same values in the members set, nested records compared alike. */
struct model_type;
bool fuzz_records_equal(const struct model_type *t, const void *a, const void *b);

/* Whether cJSON prints every integer of the record, at any depth,
 * whole: it prints a number to 15 significant digits when that reads
 * back within its tolerance, so one of 10^15 or more may come out
 * rounded (9007199254740992 as 9.00719925474099e+15). */
bool fuzz_ints_print_whole(const struct model_type *t, const void *record);

/* A record's set bits, member m, and item i of a list of records, by
 * the model's tables (borrowed). */
struct sendx_objects;
uint64_t fuzz_set_of(const void *record);
const void *fuzz_member_of(const struct model_type *t, const void *record, unsigned m);
const void *fuzz_item_of(const struct model_type *t, const struct sendx_objects *o, size_t i);

/* Sets a UTF-8 LC_CTYPE once, as main() does, for wcwidth. */
void fuzz_utf8_locale(void);

#endif
