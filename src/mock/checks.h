/* What sendx-mock refuses in a request, as the spec defines it: the
 * identifier pattern, email, URL and IPv4 formats, maxLength (counted in
 * characters), references to lists, tags and segments, enum codes, and a
 * send's addresses. Each check returns NULL for a good value or the
 * API's message for the 400/422 it answers. No HTTP, no store. */
#ifndef SENDX_MOCK_CHECKS_H
#define SENDX_MOCK_CHECKS_H

#include <stdbool.h>

#include "api/model.h"

/* Enough of RFC 5322 for a mock: one @, no spaces, a dot in the domain. */
bool checks_email(const char *e);

/* The first complaint about a decoded create or update body of kind.
 * Members not set are not looked at, so one check serves POST and PUT. */
const char *checks_record(enum sendx_kind kind, const void *rec);

/* The first complaint about a decoded message's recipients and
 * addresses. */
const char *checks_message(const struct sendx_email *m);

#endif
