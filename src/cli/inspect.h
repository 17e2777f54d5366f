/* --check-config and --print-config: the configuration looked at without
 * starting anything, so they need no key, no terminal and no network. */
#ifndef SENDX_CLI_INSPECT_H
#define SENDX_CLI_INSPECT_H

#include <stdio.h>

struct api_error;
struct cli_setup;

/* Checks the configuration (found as cli_setup_load finds it, or the
 * defaults), its bindings, its profiles' key file and CA files, and every
 * theme found. Every problem goes to diag, each at its FILE:LINE:COLUMN
 * where it has one, warnings too; a summary of what was checked goes to
 * out. Returns 0 when nothing is wrong (warnings allowed), else -1. */
int cli_inspect_check(const char *config_arg, FILE *out, FILE *diag);

/* Writes s's configuration as config_print does, its bindings replaced
 * by every binding in force: the compiled-in defaults with the file's
 * applied over them. s->config's bindings are replaced so. Returns 0, or
 * -1 with err (out of memory, a write error). */
int cli_inspect_print(struct cli_setup *s, FILE *out, struct api_error *err);

#endif
