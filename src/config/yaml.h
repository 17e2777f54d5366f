/* A YAML file as a small owned tree: mappings, sequences and scalars, each
 * with the place it was written, so that whoever reads the tree can say
 * "FILE:LINE:COLUMN: what is wrong".
 *
 * Built on libyaml's event parser, with the limits libyaml 0.2.5 lacks:
 * a file is refused before parsing when it is larger than
 * YAML_MAX_FILE_BYTES, and while parsing when it nests deeper than
 * YAML_MAX_DEPTH. Anchors and aliases are refused where they are written
 * (a configuration has no need of them, and aliases are how a small file
 * becomes a huge tree). Mapping keys must be scalars, and a key written
 * twice in one mapping is an error naming both lines, since YAML would
 * otherwise keep one of them without a word.
 *
 * Everything in a tree belongs to its struct yaml_doc: the values, their
 * text and the file name are freed together by yaml_doc_free, and every
 * pointer read from a tree is borrowed until then. */
#ifndef SENDX_CONFIG_YAML_H
#define SENDX_CONFIG_YAML_H

#include <stdbool.h>
#include <stddef.h>

struct api_error;

#define YAML_MAX_FILE_BYTES (256 * 1024)
#define YAML_MAX_DEPTH      32

enum yaml_value_kind {
    YAML_VALUE_SCALAR,
    YAML_VALUE_SEQ,
    YAML_VALUE_MAP,
};

struct yaml_pair;

/* Read-only for users of the tree. */
struct yaml_value {
    enum yaml_value_kind kind;
    const char *file; /* the doc's name */
    unsigned line;    /* 1-based */
    unsigned column;  /* 1-based, in characters as libyaml counts them */
    /* YAML_VALUE_SCALAR: the text (NUL-terminated; len excludes the NUL,
     * and the text may hold a NUL of its own from "\0"). plain says it was
     * written without quotes or a tag, so "true" or "~" may mean a bool or
     * nothing rather than text. */
    char *text;
    size_t text_len;
    bool plain;
    /* YAML_VALUE_SEQ: len items; YAML_VALUE_MAP: len pairs, in file order. */
    struct yaml_value *items;
    struct yaml_pair *pairs;
    size_t len;
};

struct yaml_pair {
    struct yaml_value key; /* always a scalar */
    struct yaml_value value;
};

struct yaml_doc {
    char *name;              /* owned: the path, or the name given */
    struct yaml_value *root; /* owned; NULL for an empty document */
};

/* Reads and parses path. On success fills *doc (free it with
 * yaml_doc_free) and returns 0. On failure returns -1 with err filled
 * (API_ERR_INVALID, or API_ERR_NOMEM) as "PATH:LINE:COLUMN: what", or
 * "PATH: what" when the file cannot be read or is too large; *doc is left
 * empty. */
int yaml_load_file(const char *path, struct yaml_doc *doc, struct api_error *err);

/* The same for text already in memory (len bytes, no NUL needed), which
 * messages call name. The size limit applies here too. */
int yaml_load_string(const char *name, const char *text, size_t len, struct yaml_doc *doc,
                     struct api_error *err);

/* Frees everything the doc owns and leaves it empty. Safe on a zeroed or
 * already-freed doc. */
void yaml_doc_free(struct yaml_doc *doc);

/* The value of key in map, or NULL when map is not a mapping or lacks the
 * key. Borrowed from the doc. */
const struct yaml_value *yaml_map_get(const struct yaml_value *map, const char *key);

/* The scalar's text, or NULL when v is NULL or not a scalar. Borrowed. */
const char *yaml_scalar(const struct yaml_value *v);

/* A plain scalar that YAML reads as "nothing": empty, "~" or "null". */
bool yaml_is_null(const struct yaml_value *v);

/* "text", "a list" or "a mapping" for messages ("must be text, not a
 * list"). Static strings. */
const char *yaml_kind_name(enum yaml_value_kind kind);

/* Makes a file's own text quoted in a message (a name, a key, a URL, a
 * parser's complaint) safe to print, in place: each control character,
 * C0, DEL or C1, becomes '?', since messages go to a terminal, which
 * would take them as commands. */
void yaml_text_printable(char *s);

#endif
