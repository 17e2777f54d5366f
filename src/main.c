/* sendx-tui: wires configuration, the API client and (soon) the UI. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/http.h"
#include "api/url.h"

#define DEFAULT_BASE_URL "https://api.sendx.io/api/v1/rest"

struct cli {
    const char *base_url;
    bool demo;
    bool help;
    bool version;
};

static void usage(FILE *out)
{
    fputs("usage: sendx-tui [--base-url URL] [--demo] [--version] [--help]\n"
          "\n"
          "  --base-url URL  SendX API base URL (default " DEFAULT_BASE_URL ",\n"
          "                  or $SENDX_BASE_URL); http:// only to loopback hosts\n"
          "  --demo          run on the embedded demo server with seeded data\n"
          "  --version       print the version and exit\n"
          "  --help          print this help and exit\n"
          "\n"
          "The API key comes from $SENDX_API_KEY (SendX Settings -> Team API Key).\n",
          out);
}

static int parse_cli(int argc, char **argv, struct cli *cli)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            cli->help = true;
        else if (strcmp(a, "--version") == 0)
            cli->version = true;
        else if (strcmp(a, "--demo") == 0)
            cli->demo = true;
        else if (strcmp(a, "--base-url") == 0 && i + 1 < argc)
            cli->base_url = argv[++i];
        else {
            fprintf(stderr, "sendx-tui: unknown option '%s'\n", a);
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
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
    if (cli.demo) {
        fputs("sendx-tui: the demo needs the embedded SendX server, which is not built yet.\n",
              stderr);
        return 1;
    }
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
    struct api_error err = {0};
    bool plain = false;
    if (!url_policy_check(base, &plain, &err)) {
        fprintf(stderr, "sendx-tui: %s\n", api_error_message(&err));
        api_error_clear(&err);
        return 1;
    }
    fputs("sendx-tui: the browser is not built yet; the API client is ready.\n", stderr);
    return 1;
}
