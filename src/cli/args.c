#include "cli/args.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_error.h"
#include "cli/check.h"
#include "cli/export.h"
#include "config/config.h"

void cli_args_usage(FILE *out)
{
    fputs("usage: sendx-tui [--config FILE] [--profile NAME] [--theme NAME]\n"
          "                 [--base-url URL] [--ca-file FILE] [--demo [--demo-contacts N]]\n"
          "                 [--readonly] [--log FILE] [--version] [--help]\n"
          "       sendx-tui --check-config [--config FILE]\n"
          "       sendx-tui --print-config [--config FILE]\n"
          "       sendx-tui export RESOURCE [--format FORMAT] [--output FILE] ...\n"
          "                 (every record of one resource: sendx-tui export --help)\n"
          "\n"
          "  --config FILE        read this configuration file (default\n"
          "                       $XDG_CONFIG_HOME/sendx-tui/config.yaml, else\n"
          "                       ~/.config/sendx-tui/config.yaml; none: the defaults)\n"
          "  --profile NAME       start with this profile of the file (default: its\n"
          "                       default_profile)\n"
          "  --theme NAME         draw with this theme (default: the profile's)\n"
          "  --base-url URL       SendX API base URL (default $SENDX_BASE_URL, else the\n"
          "                       profile's, else " CONFIG_DEFAULT_BASE_URL ");\n"
          "                       http:// only to loopback hosts\n"
          "  --ca-file FILE       trust the CAs in this PEM file, in place of the default\n"
          "                       bundle (else the profile's ca_file, else $CURL_CA_BUNDLE,\n"
          "                       else $SSL_CERT_FILE)\n"
          "  --demo               run on an embedded demo server with made-up data\n"
          "  --demo-contacts N    how many contacts the demo makes up (default 2000,\n"
          "                       at most 1000000)\n"
          "  --readonly           never change anything on the server\n"
          "  --log FILE           append a timestamped log of requests and UI events\n"
          "                       (the API key is never written)\n"
          "  --check-config       check the configuration and every theme, then exit\n"
          "  --print-config       print the configuration in force, then exit\n"
          "  --version            print the version and exit\n"
          "  --help               print this help and exit\n"
          "\n"
          "The API key comes from $SENDX_API_KEY (SendX Settings -> Team API Key), else\n"
          "the profile's api_key or api_key_cmd; never from the command line.\n"
          "Keys: ? lists them all. q goes back or quits, Ctrl-c quits.\n"
          "Mouse: the wheel scrolls, a click selects; hold Shift to select text.\n",
          out);
}

/* Which command line an option belongs to. */
enum {
    FOR_BROWSER = 1u << 0,
    FOR_EXPORT = 1u << 1,
    FOR_BOTH = FOR_BROWSER | FOR_EXPORT,
};

/* One row per option: a flag sets *flag, a valued option sets *value
 * from "--name VALUE" or "--name=VALUE"; `in` says which command lines
 * take it. */
struct option_row {
    const char *name;
    bool *flag;
    const char **value;
    unsigned in;
};

/* 1 if argv[*i] is option o (its value taken, *i moved past it), 0 if it
 * is not, -1 with err when its value is missing or empty: "--base-url="
 * must never quietly mean the default. */
static int take_option(const struct option_row *o, int argc, char **argv, int *i,
                       struct api_error *err)
{
    const char *a = argv[*i] + 2;
    size_t n = strlen(o->name);
    if (strncmp(a, o->name, n) != 0 || (a[n] != '\0' && (a[n] != '=' || !o->value)))
        return 0;
    if (o->flag) {
        *o->flag = true;
        return 1;
    }
    if (a[n] == '=')
        *o->value = a + n + 1;
    else
        *o->value = *i + 1 < argc ? argv[++*i] : NULL;
    if (!*o->value || !**o->value)
        return api_error_fail(err, API_ERR_INVALID, 0, "--%s needs a value", o->name);
    return 1;
}

/* Says what is wrong with arg without repeating a value: someone who
 * tried --api-key=KEY must not find the key echoed into a terminal's
 * scrollback or a CI log. */
static int unknown_argument(const char *arg, int position, bool export, struct api_error *err)
{
    if (arg[0] != '-' && export)
        return api_error_fail(err, API_ERR_INVALID, 0,
                              "argument %d is not an option (export takes one resource)", position);
    if (arg[0] != '-')
        return api_error_fail(err, API_ERR_INVALID, 0,
                              "argument %d is not an option (sendx-tui takes options only)",
                              position);
    int name = (int)strcspn(arg, "=");
    if (name == 9 && strncmp(arg, "--api-key", 9) == 0)
        return api_error_fail(err, API_ERR_INVALID, 0,
                              "unknown option '--api-key': the key is read from SENDX_API_KEY or "
                              "the configuration file only");
    return api_error_fail(err, API_ERR_INVALID, 0, "unknown option '%.*s'", name, arg);
}

/* An option of the other command line: said as such rather than as
 * unknown, so that `--format` without `export` points the way. */
static int other_command_line(const struct option_row *o, bool export, struct api_error *err)
{
    if (export)
        return api_error_fail(err, API_ERR_INVALID, 0, "export takes no --%s", o->name);
    return api_error_fail(err, API_ERR_INVALID, 0,
                          "--%s goes with export (sendx-tui export RESOURCE --%s ...)", o->name,
                          o->name);
}

/* 1 if argv[*i] is an option of the table (taken), 0 if none, -1 with err. */
static int take_any(const struct option_row *options, size_t n, unsigned in, int argc, char **argv,
                    int *i, struct api_error *err)
{
    for (size_t k = 0; strncmp(argv[*i], "--", 2) == 0 && k < n; k++) {
        int found = take_option(&options[k], argc, argv, i, err);
        if (found > 0 && !(options[k].in & in))
            return other_command_line(&options[k], in == FOR_EXPORT, err);
        if (found != 0)
            return found;
    }
    return 0;
}

int cli_args_parse(int argc, char **argv, struct cli_args *out, struct api_error *err)
{
    *out = (struct cli_args){0};
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "export") == 0) {
        out->export = true;
        first = 2;
    }
    unsigned in = out->export ? FOR_EXPORT : FOR_BROWSER;
    const struct option_row options[] = {
        {"help", &out->help, NULL, FOR_BOTH},
        {"version", &out->version, NULL, FOR_BROWSER},
        {"demo", &out->demo, NULL, FOR_BOTH},
        {"readonly", &out->readonly, NULL, FOR_BROWSER},
        {"check-config", &out->check_config, NULL, FOR_BROWSER},
        {"print-config", &out->print_config, NULL, FOR_BROWSER},
        {"base-url", NULL, &out->base_url, FOR_BOTH},
        {"log", NULL, &out->log_file, FOR_BOTH},
        {"demo-contacts", NULL, &out->demo_contacts_text, FOR_BOTH},
        {"ca-file", NULL, &out->ca_file, FOR_BOTH},
        {"config", NULL, &out->config, FOR_BOTH},
        {"profile", NULL, &out->profile, FOR_BOTH},
        {"theme", NULL, &out->theme, FOR_BROWSER},
        {"format", NULL, &out->format, FOR_EXPORT},
        {"search", NULL, &out->search, FOR_EXPORT},
        {"output", NULL, &out->output, FOR_EXPORT},
    };
    for (int i = first; i < argc; i++) {
        int found = 0;
        if (strcmp(argv[i], "-h") == 0) {
            found = out->help = true;
        } else if (out->export && argv[i][0] != '-' && !out->resource) {
            out->resource = argv[i];
            found = 1;
        } else {
            found = take_any(options, sizeof options / sizeof options[0], in, argc, argv, &i, err);
        }
        if (found < 0)
            return -1;
        if (!found)
            return unknown_argument(argv[i], i, out->export, err);
    }
    return 0;
}

static int demo_contacts(struct cli_args *args, struct api_error *err)
{
    args->demo_contacts = CLI_DEMO_CONTACTS;
    const char *text = args->demo_contacts_text;
    if (!text)
        return 0;
    char *end = NULL;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (end == text || *end || errno || n < 0 || n > CLI_DEMO_CONTACTS_MAX)
        return api_error_fail(err, API_ERR_INVALID, 0,
                              "--demo-contacts takes a number from 0 to %d", CLI_DEMO_CONTACTS_MAX);
    args->demo_contacts = n;
    return 0;
}

/* A file named on the command line must be there: a typo in --config
 * must not quietly start with the defaults. */
static int config_readable(const char *path, struct api_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    const char *why = NULL;
    if (fd < 0 || fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    if (fd >= 0)
        close(fd);
    if (!why)
        return 0;
    return api_error_fail(err, API_ERR_INVALID, 0, "cannot read --config %s: %s", path, why);
}

int cli_args_check(struct cli_args *args, struct api_error *err)
{
    if (args->export && !args->help && cli_export_check(args, err) != 0)
        return -1;
    if (args->check_config && args->print_config)
        return api_error_fail(err, API_ERR_INVALID, 0,
                              "--check-config and --print-config go one at a time");
    if (demo_contacts(args, err) != 0)
        return -1;
    if (args->base_url && cli_check_url(args->base_url, "--base-url", err) != 0)
        return -1;
    if (args->ca_file && cli_check_ca_file(args->ca_file, "--ca-file", err) != 0)
        return -1;
    if (args->config && config_readable(args->config, err) != 0)
        return -1;
    return 0;
}
