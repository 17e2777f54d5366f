/* A name that is not there (a profile, a theme), said with the names
 * that are and the one probably meant, so a typo is fixed at a glance. */
#ifndef SENDX_CLI_NAMES_H
#define SENDX_CLI_NAMES_H

#include <stddef.h>

struct api_error;

/* -1 with err (API_ERR_INVALID): PREFIX + `no KIND "word" (did you mean
 * "x"?); INTRO: a, b, c`, the did-you-mean only when one of names
 * (NULL-terminated, borrowed) is within a third of word's letters of it. */
int cli_names_unknown(struct api_error *err, const char *prefix, const char *kind, const char *word,
                      const char *intro, const char *const *names);

#endif
