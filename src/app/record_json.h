/* A record's set members as a JSON object under the API's names for
 * them, and back, strictly: generic over the model's member tables, so
 * any resource's values can be kept on disk (drafts, and later undo and
 * the request log) with no code of its own, and exactly the members that
 * were set are set again.
 *
 * A member goes under its property in the kind's read schema, else its
 * write schema (a few members are only ever sent): names that stay put
 * as the structs change. A string is a string, or null for one set to
 * nothing (a form cleared it); an integer is decimal text (cJSON keeps
 * numbers as doubles and would round a large one); a boolean a boolean;
 * a string list an array; a map an object of strings. No curses, no
 * I/O. */
#ifndef SENDX_APP_RECORD_JSON_H
#define SENDX_APP_RECORD_JSON_H

#include <cjson/cJSON.h>

#include "api/api_error.h"
#include "api/codec.h"
#include "api/model.h"

/* The API's name for member, or NULL if it names it nowhere. Static. */
const char *record_json_member_name(const struct model_resource *res, unsigned member);

/* Every set member of record under its name: a new cJSON object the
 * caller deletes, or NULL with err (out of memory, or a set member that
 * has no name or holds records, which would otherwise be dropped
 * without a word). */
cJSON *record_json_encode(const struct model_resource *res, const void *record,
                          struct api_error *err);

/* Sets the members of record (a zeroed record of res's type, which the
 * caller frees with codec_free either way) from the object fields.
 * Returns -1 with err (API_ERR_BODY, naming the field) on a property no
 * member has or a value of the wrong type. */
int record_json_decode(const struct model_resource *res, const cJSON *fields, void *record,
                       struct api_error *err);

#endif
