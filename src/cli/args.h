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
};

/* Reads argv into *out (zeroed first). Returns 0, or -1 with err saying
 * what is wrong (an unknown option, a missing or empty value); the caller
 * shows the usage after it. */
int cli_args_parse(int argc, char **argv, struct cli_args *out, struct api_error *err);

/* Checks the values the options hold, before anything uses them: the
 * demo's contact count (into args->demo_contacts), --base-url against
 * the URL policy, --ca-file, that a --config file can be read, and that
 * --check-config and --print-config are not both asked for. Returns 0,
 * or -1 with err. */
int cli_args_check(struct cli_args *args, struct api_error *err);

/* The usage text (--help). */
void cli_args_usage(FILE *out);

#endif
