#ifndef SENDX_MOCK_HOSTILE_SEED_H
#define SENDX_MOCK_HOSTILE_SEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/api_error.h"

struct store;

/* The hostile seed (sendx-mock --hostile): records made to break clients
 * that print what they are sent: escape sequences of every family (CSI, OSC titles, clipboard and
 * hyperlinks, terminal queries, DCS, APC, PM, SOS), C1 controls as UTF-8 and as raw bytes, C0
 * controls and DEL, bidi overrides, invalid UTF-8, zero-width characters and joined emoji, piled-up
 * combining marks, a 64 KiB text, integers past 64 bits, and a contact with 10,000 tags. Ids,
 * references, times and enum codes stay valid, so a client gets as far as showing the text;
 * everything else a person could type is hostile. */

/* One way text can break a client. */
struct hostile_case {
    const char *name; /* short, plain ASCII: "osc-title" */
    const char *text; /* the bytes themselves */
    /* Its records' integers are sent past 64 bits (hostile_seed_numbers). */
    bool huge_numbers;
};

/* Bytes in the "long" case's text. */
#define HOSTILE_LONG 65536
/* Tags past the cases' own, all on one contact. */
#define HOSTILE_BULK_TAGS 10000

/* The cases, in the order their records are made: static, *n of them. */
const struct hostile_case *hostile_seed_cases(size_t *n);

/* The index of the case named name, or -1. */
long hostile_seed_find(const char *name);

/* What case i's records hold in a name-like field: "H04 osc-title: "
 * and the case's text. A heap string the caller frees, or NULL. */
char *hostile_seed_text(size_t i);

/* Fills an empty store with the hostile records, in place of the demo
 * data, in creation order: per case one list, tag, custom field, sender,
 * template, campaign (a report for those past draft and scheduled),
 * webhook, team member and contact whose text fields hold
 * hostile_seed_text (emails and URLs the case's text inside an otherwise
 * usual address); then HOSTILE_BULK_TAGS tags named after the cases
 * in turn, and one more contact tagged with every tag. The seed drives
 * the ids. -1 with err if out of memory. */
int hostile_seed(struct store *s, uint64_t seed, struct api_error *err);

/* The store holds int64_t, so a huge_numbers case's records hold markers
 * no other record holds (the most negative integers), and this rewrites a
 * JSON body's markers into what they stand for (1e30,
 * 18446744073709551616, 1e400, -1e30), as a server with wider integers
 * would send them. *body is replaced only when it held a marker. -1 if
 * out of memory (*body untouched). */
int hostile_seed_numbers(char **body);

#endif
