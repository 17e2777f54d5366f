/* The official OpenAPI document, for tests: every example in it, paired
 * with the schema it illustrates.
 *
 * The YAML is read with libyaml and turned into cJSON values (plain
 * scalars typed as YAML 1.2's core schema does: null, booleans, numbers;
 * quoted scalars stay strings). */
#ifndef SENDX_TEST_SPEC_H
#define SENDX_TEST_SPEC_H

#include <stddef.h>

struct cJSON;

struct spec_example {
    char *where;  /* a readable location, e.g. "paths./contact.get 200 contact_list" */
    char *schema; /* the schema's name, e.g. "RestRContact" */
    int is_array; /* the example is an array of that schema */
    struct cJSON *value;
};

struct spec_examples {
    struct spec_example *items;
    size_t len;
};

/* Loads SPEC_PATH (or path if not NULL). Returns the whole document as
 * cJSON (caller deletes), or NULL with a message on stderr. */
struct cJSON *spec_load(const char *path);

/* Collects every example that sits beside a schema reference (media type
 * examples/example, and schema-level example under components.schemas).
 * Returns 0, or -1 on a malformed document. Free with spec_examples_free. */
int spec_examples_collect(const struct cJSON *doc, struct spec_examples *out);
void spec_examples_free(struct spec_examples *ex);

/* Whether s matches the POSIX extended regular expression pattern (an
 * invalid pattern matches nothing). The spec's patterns and YAML's
 * scalar rules are both written this way. */
int spec_regex_matches(const char *pattern, const char *s);

/* Looks up "#/components/schemas/Name" style pointers. Borrowed. */
const struct cJSON *spec_schema(const struct cJSON *doc, const char *name);

#endif
