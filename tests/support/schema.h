/* A small validator of JSON values against the OpenAPI document's schema
 * objects, for tests that hold the mock server to the spec.
 *
 * It covers the keywords sendx-openapi.yaml uses: $ref (local JSON
 * pointers such as "#/components/schemas/X"), type (a name or an array of
 * names; `nullable: true` admits null), properties, required,
 * additionalProperties, items, minItems, enum, pattern (POSIX extended),
 * minimum, maximum, maxLength and the formats date-time (RFC 3339),
 * email, uri and ipv4. Other formats are annotations and pass. */
#ifndef SENDX_TEST_SCHEMA_H
#define SENDX_TEST_SCHEMA_H

#include <stdbool.h>

struct cJSON;

/* The first violation found: where, as "$.field[2].name", and why. */
struct schema_violation {
    char path[256];
    char message[256];
};

/* Follows a {"$ref": "#/..."} object to its target inside doc (repeatedly);
 * any other node is returned as is. Borrowed from doc; NULL if a pointer
 * leads nowhere. */
const struct cJSON *schema_resolve(const struct cJSON *doc, const struct cJSON *node);

/* Validates value against schema, whose refs point into doc. Returns true,
 * or false with *v describing the first violation. */
bool schema_validate(const struct cJSON *doc, const struct cJSON *schema, const struct cJSON *value,
                     struct schema_violation *v);

/* Validates what a client sends, which is held tighter than an answer:
 * an object may carry only the properties its schema names unless
 * additionalProperties admits more (a misspelt field is dropped unseen by
 * a server, so it must fail here), and with partial the top-level object's
 * required list is waived, for an update that sends only what changed. */
bool schema_validate_request(const struct cJSON *doc, const struct cJSON *schema,
                             const struct cJSON *value, bool partial, struct schema_violation *v);

/* The key of doc.paths that a concrete path such as "/contact/contact_X"
 * falls under ("/contact/{identifier}"). A literal segment beats a
 * template, so "/contact/identify" is itself. Borrowed; NULL if none. */
const char *schema_path_template(const struct cJSON *doc, const char *path);

/* The operation object for a templated path and a method ("GET", any
 * case). Borrowed; NULL if the spec has no such operation. */
const struct cJSON *schema_operation(const struct cJSON *doc, const char *templ,
                                     const char *method);

/* The application/json schema of an operation's response for status,
 * following a $ref to components.responses. NULL if the status is not
 * documented or documents no JSON body; *documented says which. */
const struct cJSON *schema_response(const struct cJSON *doc, const struct cJSON *operation,
                                    int status, bool *documented);

/* The application/json schema of an operation's request body, following
 * a $ref to components.requestBodies. NULL if the operation documents no
 * JSON body; *documented says whether it documents a body at all. */
const struct cJSON *schema_request(const struct cJSON *doc, const struct cJSON *operation,
                                   bool *documented);

#endif
