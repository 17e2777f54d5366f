/* What the export suites share: output into memory, and the text a
 * record was formatted into. */
#ifndef TESTS_EXPORT_FIXTURE_H
#define TESTS_EXPORT_FIXTURE_H

#include <stddef.h>
#include <stdio.h>

#include "cli/export_internal.h"

/* A FILE writing into memory: text (len bytes) once closed, the caller's
 * to free. */
struct mem {
    char *text;
    size_t len;
    FILE *f;
};

void mem_open(struct mem *m);
void mem_close(struct mem *m);

/* What t holds as a heap string (the caller frees it); t freed. */
char *text_take(struct export_text *t);

#endif
