/* sendx-tui: the command line, then the browser (ui/) on the API client
 * (api/), against SendX itself or the embedded demo server (mock/). */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_error.h"
#include "api/http.h"
#include "api/url.h"
#include "app/logger.h"
#include "mock/mock.h"
#include "ui/ui.h"

#define DEFAULT_BASE_URL "https://api.sendx.io/api/v1/rest"
#define DEMO_CONTACTS    2000
/* How much of a CA file is searched for a certificate: a real bundle
 * starts with one, or has one within a few comment lines. */
#define CA_FILE_PEEK (1 << 20)

/* Exit statuses (sendx-tui.1, EXIT STATUS): something given on the
 * command line is wrong or unusable, or anything else stopped the
 * program (the environment, the network, the terminal). */
#define EXIT_USAGE 2
#define EXIT_FATAL 1

struct cli {
    const char *base_url;
    const char *log_file;
    const char *demo_contacts;
    const char *ca_file;
    bool demo;
    bool readonly;
    bool help;
    bool version;
};

static void usage(FILE *out)
{
    fputs("usage: sendx-tui [--base-url URL] [--ca-file FILE] [--demo [--demo-contacts N]]\n"
          "                 [--readonly] [--log FILE] [--version] [--help]\n"
          "\n"
          "  --base-url URL       SendX API base URL (default " DEFAULT_BASE_URL ",\n"
          "                       or $SENDX_BASE_URL); http:// only to loopback hosts\n"
          "  --ca-file FILE       trust the CAs in this PEM file, in place of the default\n"
          "                       bundle (else $CURL_CA_BUNDLE, else $SSL_CERT_FILE)\n"
          "  --demo               run on an embedded demo server with made-up data\n"
          "  --demo-contacts N    how many contacts the demo makes up (default 2000,\n"
          "                       at most 1000000)\n"
          "  --readonly           never change anything on the server\n"
          "  --log FILE           append a timestamped log of requests and UI events\n"
          "                       (the API key is never written)\n"
          "  --version            print the version and exit\n"
          "  --help               print this help and exit\n"
          "\n"
          "The API key comes from $SENDX_API_KEY (SendX Settings -> Team API Key),\n"
          "never from the command line.\n"
          "Keys: ? lists them all. q goes back or quits, Ctrl-c quits.\n"
          "Mouse: the wheel scrolls, a click selects; hold Shift to select text.\n",
          out);
}

/* One row per option: a flag sets *flag, a valued option sets *value
 * from "--name VALUE" or "--name=VALUE"; an empty value is refused, so
 * "--base-url=" never quietly means the default. */
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
        *o->value = NULL;
    }
    if (o->value && (!*o->value || !**o->value)) {
        fprintf(stderr, "sendx-tui: --%s needs a value\n", o->name);
        return -1;
    }
    return 1;
}

/* Says what is wrong with arg without repeating a value: someone who
 * tried --api-key=KEY must not find the key echoed into a terminal's
 * scrollback or a CI log. */
static void unknown_argument(const char *arg, int position)
{
    if (arg[0] != '-') {
        fprintf(stderr, "sendx-tui: argument %d is not an option (sendx-tui takes options only)\n",
                position);
        return;
    }
    int name = (int)strcspn(arg, "=");
    if (name == 9 && strncmp(arg, "--api-key", 9) == 0)
        fputs("sendx-tui: unknown option '--api-key': the key is read from SENDX_API_KEY only\n",
              stderr);
    else
        fprintf(stderr, "sendx-tui: unknown option '%.*s'\n", name, arg);
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
        {"ca-file", NULL, &cli->ca_file},
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
            unknown_argument(argv[i], i);
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

/* Refuses a URL the policy refuses, naming where it came from. */
static bool url_allowed(const char *url, const char *source)
{
    struct api_error err = {0};
    bool plain = false;
    bool ok = url_policy_check(url, &plain, &err);
    if (!ok)
        fprintf(stderr, "sendx-tui: %s: %s\n", source, api_error_message(&err));
    api_error_clear(&err);
    return ok;
}

/* Checks at start that path is a readable file with a PEM certificate
 * in it, so that a typo is one line now rather than a TLS failure on
 * every request later. source names where the path came from. */
static bool ca_file_usable(const char *path, const char *source)
{
    const char *why = NULL;
    char *head = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        why = strerror(errno);
    } else if (S_ISDIR(st.st_mode)) {
        why = "it is a directory, not a PEM file";
    } else if (!S_ISREG(st.st_mode)) {
        /* Each connection's TLS set-up reads the file again: a pipe
         * (<(...)) would be empty the second time. */
        why = "not a regular file";
    } else if (!(head = malloc(CA_FILE_PEEK + 1))) {
        why = "out of memory";
    } else {
        size_t len = 0;
        ssize_t got = 0;
        while (len < CA_FILE_PEEK && (got = read(fd, head + len, CA_FILE_PEEK - len)) > 0)
            len += (size_t)got;
        head[len] = '\0';
        /* Matches CERTIFICATE, TRUSTED CERTIFICATE and X509 CERTIFICATE blocks. */
        const char *begin = strstr(head, "-----BEGIN ");
        if (got < 0)
            why = strerror(errno);
        else if (!begin || !strstr(begin, "CERTIFICATE-----"))
            why = "it holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
    }
    if (why)
        fprintf(stderr, "sendx-tui: cannot use %s %s: %s\n", source, path, why);
    free(head);
    if (fd >= 0)
        close(fd);
    return !why;
}

/* The CA file as curl chooses its CA bundle: --ca-file, else
 * $CURL_CA_BUNDLE, else $SSL_CERT_FILE (an empty variable counts as
 * unset). NULL means the system's CAs. *source says which it was. */
static const char *ca_file_choice(const struct cli *cli, const char **source)
{
    static const char *const vars[] = {"CURL_CA_BUNDLE", "SSL_CERT_FILE"};
    *source = "--ca-file";
    if (cli->ca_file)
        return cli->ca_file;
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        *source = vars[i];
        if (v && *v)
            return v;
    }
    return NULL;
}

/* Checks every value given on the command line, before anything starts. */
static bool cli_values_ok(const struct cli *cli, long *n_demo_contacts)
{
    return demo_contacts(cli->demo_contacts, n_demo_contacts) == 0 &&
           (!cli->base_url || url_allowed(cli->base_url, "--base-url")) &&
           (!cli->ca_file || ca_file_usable(cli->ca_file, "--ca-file"));
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* The API key from SENDX_API_KEY as a heap string, or NULL after saying
 * why not. Whitespace around it is dropped, since
 * `export SENDX_API_KEY="$(cat keyfile)"` brings a newline along; what
 * is left must be printable ASCII without spaces, which every SendX key
 * is: anything else (a control character, a non-breaking space from a
 * copy and paste) would only fail later as a 401 or a refused header.
 * The key itself is never printed. */
static char *api_key_from_env(void)
{
    const char *raw = getenv("SENDX_API_KEY");
    if (!raw || !*raw) {
        fputs("sendx-tui: no API key; set SENDX_API_KEY (SendX Settings -> Team API Key), or try "
              "--demo\n",
              stderr);
        return NULL;
    }
    const char *start = raw;
    while (is_blank((unsigned char)*start))
        start++;
    size_t len = strlen(start);
    while (len > 0 && is_blank((unsigned char)start[len - 1]))
        len--;
    if (len == 0) {
        fputs("sendx-tui: SENDX_API_KEY is blank; set it to your team's key (SendX Settings -> "
              "Team API Key)\n",
              stderr);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)start[i];
        if (c <= ' ' || c >= 0x7f) {
            fprintf(stderr,
                    "sendx-tui: SENDX_API_KEY has a space, control or non-ASCII character at "
                    "position %zu; a key is printable ASCII\n",
                    (size_t)(start - raw) + i + 1);
            return NULL;
        }
    }
    char *key = strndup(start, len);
    if (!key)
        fputs("sendx-tui: out of memory\n", stderr);
    return key;
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
    /* SIGQUIT (Ctrl-\) dumps core by default. A process ending in good
     * order holds nothing a core would help with, so none is written, nor
     * handed to a crash reporter (which ignores the core size limit). */
    prctl(PR_SET_DUMPABLE, 0);
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
        return EXIT_USAGE;
    }
    long n_demo_contacts = 0;
    if (!cli_values_ok(&cli, &n_demo_contacts))
        return EXIT_USAGE;
    if (cli.help || cli.version) {
        if (cli.version)
            puts("sendx-tui " SENDX_TUI_VERSION);
        else
            usage(stdout);
        return 0;
    }

    struct api_error err = {0};
    struct mock_server *demo = NULL;
    char *key = NULL;
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
        /* The command line's values were checked above; what comes from
         * the environment is checked here, and a refusal is EXIT_FATAL. */
        const char *base = cli.base_url ? cli.base_url : getenv("SENDX_BASE_URL");
        if (!base || !*base)
            base = DEFAULT_BASE_URL;
        else if (!cli.base_url && !url_allowed(base, "SENDX_BASE_URL"))
            return EXIT_FATAL;
        const char *ca_source = NULL;
        const char *ca = ca_file_choice(&cli, &ca_source);
        if (ca && !cli.ca_file && !ca_file_usable(ca, ca_source))
            return EXIT_FATAL;
        key = api_key_from_env();
        if (!key)
            return EXIT_FATAL;
        opts.http.base_url = base;
        opts.http.api_key = key;
        opts.http.ca_file = ca;
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
            fail("--log", &err);
            status = EXIT_USAGE;
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
    free(key);
    return stop_signal ? die_by(stop_signal) : status;
}
