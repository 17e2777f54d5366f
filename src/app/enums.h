/* What the API's integer codes mean: a campaign's status 3 is "Sent", a
 * custom field's type 4 is "Phone". One table, read by the columns and
 * the detail view alike, so a code reads the same everywhere. Meanings
 * come from the spec's descriptions (docs/sendx-openapi.yaml). */
#ifndef SENDX_APP_ENUMS_H
#define SENDX_APP_ENUMS_H

#include <stdint.h>

#include "api/model.h"

/* The meaning of value for member (a SENDX_<KIND>_<MEMBER> index) of
 * kind: a static string, or NULL when the member is no enum or the value
 * is one the spec does not name. */
const char *enums_meaning(enum sendx_kind kind, unsigned member, int64_t value);

/* The meaning, or else the number itself written into buf (32 bytes):
 * a code the spec does not know stays visible as what the server sent.
 * Returns the meaning or buf. */
const char *enums_text(enum sendx_kind kind, unsigned member, int64_t value, char buf[32]);

#endif
