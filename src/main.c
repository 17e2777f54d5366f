/* sendx-tui: the command line, then the browser (ui/) on the API client
 * (api/), against SendX itself or the embedded demo server (mock/). */
#include <locale.h>
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
    bool demo;
    bool readonly;
    bool help;
    bool version;
};

static void usage(FILE *out)
{
    fputs("usage: sendx-tui [--base-url URL] [--demo] [--readonly] [--log FILE]\n"
          "                 [--version] [--help]\n"
          "\n"
          "  --base-url URL  SendX API base URL (default " DEFAULT_BASE_URL ",\n"
          "                  or $SENDX_BASE_URL); http:// only to loopback hosts\n"
          "  --demo          run on an embedded demo server with made-up data\n"
          "  --readonly      never change anything on the server\n"
          "  --log FILE      append a timestamped log of requests and UI events\n"
          "                  (the API key is never written)\n"
          "  --version       print the version and exit\n"
          "  --help          print this help and exit\n"
          "\n"
          "The API key comes from $SENDX_API_KEY (SendX Settings -> Team API Key).\n"
          "Keys: ? lists them all. q goes back or quits, Ctrl-c quits.\n"
          "Mouse: the wheel scrolls, a click selects; hold Shift to select text.\n",
          out);
}

static int parse_cli(int argc, char **argv, struct cli *cli)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli->help = true;
        } else if (strcmp(a, "--version") == 0) {
            cli->version = true;
        } else if (strcmp(a, "--demo") == 0) {
            cli->demo = true;
        } else if (strcmp(a, "--readonly") == 0) {
            cli->readonly = true;
        } else if ((strcmp(a, "--base-url") == 0 || strcmp(a, "--log") == 0) && i + 1 < argc) {
            *(a[2] == 'b' ? &cli->base_url : &cli->log_file) = argv[++i];
        } else if (strncmp(a, "--base-url=", 11) == 0) {
            cli->base_url = a + 11;
        } else if (strncmp(a, "--log=", 6) == 0) {
            cli->log_file = a + 6;
        } else {
            fprintf(stderr, "sendx-tui: %s '%s'\n",
                    strcmp(a, "--base-url") == 0 || strcmp(a, "--log") == 0 ? "missing value for"
                                                                            : "unknown option",
                    a);
            return -1;
        }
    }
    return 0;
}

static int fail(const char *what, struct api_error *err)
{
    fprintf(stderr, "sendx-tui: %s%s%s\n", what, err ? ": " : "",
            err ? api_error_message(err) : "");
    api_error_clear(err);
    return 1;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    struct cli cli = {0};
    if (parse_cli(argc, argv, &cli) != 0) {
        usage(stderr);
        return 2;
    }
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
        mo.contacts = DEMO_CONTACTS;
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
        if (!url_policy_check(base, &plain, &err))
            return fail("refusing the base URL", &err);
        opts.http.base_url = base;
        opts.http.api_key = key;
        snprintf(where, sizeof where, "%s", base);
    }
    opts.where = where;

    int status = 1;
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
    status = ui_run(&opts, &why);
    /* ui_run has restored the terminal: printing is safe again. */
    if (status != 0)
        fprintf(stderr, "sendx-tui: %s\n", why ? why : "stopped by an error");
    logger_close(opts.log);
cleanup:
    http_global_cleanup();
stop_demo:
    if (demo && mock_server_stop(demo, &err) != 0)
        fail("stopping the demo server", &err);
    return status;
}
