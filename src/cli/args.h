/* sendx-tui's command line: the options as values, read and checked
 * before anything starts. Mistakes are errors as values, in words that
 * never repeat what was typed after --api-key. */
#ifndef SENDX_CLI_ARGS_H
#define SENDX_CLI_ARGS_H

#include <stdbool.h>
#include <stdio.h>

struct api_error;

#define CLI_DEMO_CONTACTS     2000
#define CLI_DEMO_CONTACTS_MAX 1000000

/* What the command line said. The strings are borrowed from argv; NULL
 * means the option was not given. */
struct cli_args {
    const char *base_url;
    const char *ca_file;
    const char *log_file;
    const char *config; /* --config FILE */
    const char *profile;
    const char *theme;
    const char *demo_contacts_text;
    long demo_contacts; /* set by cli_args_check */
    bool demo;
    bool readonly;
    bool help;
    bool version;
    bool check_config;
    bool print_config;
    /* `sendx-tui export RESOURCE ...` (export.h): the resource named, and
     * the options only the export takes. */
    bool export;
    const char *resource;
    const char *format;
    const char *search;
    const char *output;
};

/* Reads argv into *out (zeroed first), through one table of options for
 * both command lines: the browser's, and the export's when argv[1] is
 * "export" (which takes the connection options, --help, and its own).
 * Returns 0, or -1 with err saying what is wrong (an unknown option, one
 * of the other command line, a missing or empty value); the caller shows
 * the usage after it (the export's when out->export). */
int cli_args_parse(int argc, char **argv, struct cli_args *out, struct api_error *err);

/* Checks the values the options hold, before anything uses them: the
 * demo's contact count (into args->demo_contacts), --base-url against
 * the URL policy, --ca-file, that a --config file can be read, that
 * --check-config and --print-config are not both asked for, and the
 * export's own (cli_export_check). Returns 0, or -1 with err. */
int cli_args_check(struct cli_args *args, struct api_error *err);

/* The usage text (--help). */
void cli_args_usage(FILE *out);

#endif
