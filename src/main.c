/* sendx-tui: the command line, then the browser (ui/) on the API client
 * (api/), against SendX itself or the embedded demo server (mock/). */
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/http.h"
#include "api/url.h"
#include "app/logger.h"
#include "mock/mock.h"
#include "ui/ui.h"

#define DEFAULT_BASE_URL "https://api.sendx.io/api/v1/rest"
#define DEMO_CONTACTS    2000

struct cli {
    const char *base_url;
    const char *log_file;
    const char *demo_contacts;
    bool demo;
    bool readonly;
    bool help;
    bool version;
};

static void usage(FILE *out)
{
    fputs("usage: sendx-tui [--base-url URL] [--demo [--demo-contacts N]] [--readonly]\n"
          "                 [--log FILE] [--version] [--help]\n"
          "\n"
          "  --base-url URL       SendX API base URL (default " DEFAULT_BASE_URL ",\n"
          "                       or $SENDX_BASE_URL); http:// only to loopback hosts\n"
          "  --demo               run on an embedded demo server with made-up data\n"
          "  --demo-contacts N    how many contacts the demo makes up (default 2000,\n"
          "                       at most 1000000)\n"
          "  --readonly           never change anything on the server\n"
          "  --log FILE           append a timestamped log of requests and UI events\n"
          "                       (the API key is never written)\n"
          "  --version            print the version and exit\n"
          "  --help               print this help and exit\n"
          "\n"
          "The API key comes from $SENDX_API_KEY (SendX Settings -> Team API Key).\n"
          "Keys: ? lists them all. q goes back or quits, Ctrl-c quits.\n"
          "Mouse: the wheel scrolls, a click selects; hold Shift to select text.\n",
          out);
}

/* One row per option: a flag sets *flag, a valued option sets *value
 * from "--name VALUE" or "--name=VALUE". */
struct cli_option {
    const char *name;
    bool *flag;
    const char **value;
};

static int parse_option(const struct cli_option *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i] + 2;
    size_t n = strlen(o->name);
    if (strncmp(a, o->name, n) != 0 || (a[n] != '\0' && (a[n] != '=' || !o->value)))
        return 0;
    if (o->flag) {
        *o->flag = true;
    } else if (a[n] == '=') {
        *o->value = a + n + 1;
    } else if (*i + 1 < argc) {
        *o->value = argv[++*i];
    } else {
        fprintf(stderr, "sendx-tui: missing value for --%s\n", o->name);
        return -1;
    }
    return 1;
}

static int parse_cli(int argc, char **argv, struct cli *cli)
{
    const struct cli_option options[] = {
        {"help", &cli->help, NULL},
        {"version", &cli->version, NULL},
        {"demo", &cli->demo, NULL},
        {"readonly", &cli->readonly, NULL},
        {"base-url", NULL, &cli->base_url},
        {"log", NULL, &cli->log_file},
        {"demo-contacts", NULL, &cli->demo_contacts},
    };
    for (int i = 1; i < argc; i++) {
        int found = 0;
        if (strcmp(argv[i], "-h") == 0)
            found = cli->help = true;
        for (size_t k = 0;
             !found && strncmp(argv[i], "--", 2) == 0 && k < sizeof options / sizeof options[0];
             k++)
            found = parse_option(&options[k], argc, argv, &i);
        if (found < 0)
            return -1;
        if (!found) {
            fprintf(stderr, "sendx-tui: unknown option '%s'\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

/* The demo's contact count: DEMO_CONTACTS, or --demo-contacts if sane. */
static int demo_contacts(const char *text, long *out)
{
    *out = DEMO_CONTACTS;
    if (!text)
        return 0;
    char *end = NULL;
    long n = strtol(text, &end, 10);
    if (end == text || *end || n < 0 || n > 1000000) {
        fprintf(stderr, "sendx-tui: --demo-contacts takes a number from 0 to 1000000\n");
        return -1;
    }
    *out = n;
    return 0;
}

static int fail(const char *what, struct api_error *err)
{
    fprintf(stderr, "sendx-tui: %s%s%s\n", what, err ? ": " : "",
            err ? api_error_message(err) : "");
    api_error_clear(err);
    return 1;
}

/* The user's locale; but where that is plain C/POSIX (LANG unset, as on
 * many fresh machines and ssh sessions) names in other scripts would be
 * drawn as garbage, so characters are taken as UTF-8, which every
 * terminal in use today speaks. */
static void use_locale(void)
{
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
}

/* Ends the process as killed by sig, now that the terminal is restored,
 * the log written and the demo stopped: the shell and supervisors see
 * 128+N (130 for SIGINT, 143 for SIGTERM), as they expect of a tool a
 * signal ended. */
static int die_by(int sig)
{
    fflush(NULL);
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig; /* only if the signal could not end the process */
}

int main(int argc, char **argv)
{
    use_locale();
    struct cli cli = {0};
    if (parse_cli(argc, argv, &cli) != 0) {
        usage(stderr);
        return 2;
    }
    long n_demo_contacts = 0;
    if (demo_contacts(cli.demo_contacts, &n_demo_contacts) != 0)
        return 2;
    if (cli.help || cli.version) {
        if (cli.version)
            puts("sendx-tui " SENDX_TUI_VERSION);
        else
            usage(stdout);
        return 0;
    }

    struct api_error err = {0};
    struct mock_server *demo = NULL;
    struct ui_options opts = {.http = http_options_default(), .readonly = cli.readonly};
    char where[512];
    if (cli.demo) {
        struct mock_options mo = mock_options_default();
        mo.contacts = n_demo_contacts;
        demo = mock_server_start(&mo, &err);
        if (!demo)
            return fail("cannot start the demo server", &err);
        opts.http.base_url = mock_server_url(demo);
        opts.http.api_key = mo.api_key;
        snprintf(where, sizeof where, "demo · %s", mock_server_url(demo));
    } else {
        const char *base = cli.base_url ? cli.base_url : getenv("SENDX_BASE_URL");
        if (!base || !*base)
            base = DEFAULT_BASE_URL;
        const char *key = getenv("SENDX_API_KEY");
        if (!key || !*key) {
            fputs("sendx-tui: no API key. Set SENDX_API_KEY to your team's key\n"
                  "(SendX Settings -> Team API Key), or try the app with --demo.\n",
                  stderr);
            return 1;
        }
        bool plain = false;
        if (!url_policy_check(base, &plain, &err)) {
            fprintf(stderr, "sendx-tui: %s\n", api_error_message(&err));
            api_error_clear(&err);
            return 1;
        }
        opts.http.base_url = base;
        opts.http.api_key = key;
        snprintf(where, sizeof where, "%s", base);
    }
    opts.where = where;

    int status = 1;
    int stop_signal = 0;
    if (http_global_init(&err) != 0) {
        status = fail("cannot start the HTTP layer", &err);
        goto stop_demo;
    }
    if (cli.log_file) {
        opts.log = logger_open(cli.log_file, &err);
        if (!opts.log) {
            status = fail("cannot log", &err);
            goto cleanup;
        }
    }
    const char *why = NULL;
    status = ui_run(&opts, &why, &stop_signal);
    /* ui_run has restored the terminal: printing is safe again. */
    if (status != 0)
        fprintf(stderr, "sendx-tui: %s\n", why ? why : "stopped by an error");
    logger_close(opts.log);
cleanup:
    http_global_cleanup();
stop_demo:
    if (demo && mock_server_stop(demo, &err) != 0)
        status = fail("stopping the demo server", &err);
    return stop_signal ? die_by(stop_signal) : status;
}
