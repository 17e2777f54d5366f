/* sendx-mock: the local SendX API server as a program. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock/mock.h"

static void usage(FILE *out)
{
    fputs("usage: sendx-mock [--host 127.0.0.1] [--port N] [--api-key KEY] [--seed N]\n"
          "                  [--contacts N | --hostile] [--empty] [--state FILE]\n"
          "                  [--tls-cert FILE --tls-key FILE] [fault flags]\n"
          "--hostile: in place of the demo data, records made to break clients (escape\n"
          "  sequences, C1 controls, bidi overrides, invalid UTF-8, a 64 KiB text, numbers\n"
          "  past 64 bits, a contact with 10,000 tags; see docs/mock.md)\n"
          "fault flags (also settable at run time through /_mock/faults):\n"
          "  --rate-limit N --rate-window-ms MS   N requests per window, then 429\n"
          "  --error-rate R --error-status 500|502|503\n"
          "  --latency-ms MS --dribble-ms MS\n"
          "  --drop-rate R --truncate-rate R --malformed-rate R   (R from 0 to 1)\n"
          "  --ignore-offset   every page answered as the first (offset ignored)\n"
          "messages sent through /send/email and /send/template: GET or DELETE /_mock/sent\n",
          out);
}

/* Long options that set a fault take its JSON name with '_' for '-'. */
static const struct option options[] = {
    {"host", required_argument, NULL, 'h'},
    {"port", required_argument, NULL, 'p'},
    {"api-key", required_argument, NULL, 'k'},
    {"seed", required_argument, NULL, 's'},
    {"contacts", required_argument, NULL, 'c'},
    {"empty", no_argument, NULL, 'e'},
    {"hostile", no_argument, NULL, 'H'},
    {"ignore-offset", no_argument, NULL, 'o'},
    {"state", required_argument, NULL, 'S'},
    {"tls-cert", required_argument, NULL, 'C'},
    {"tls-key", required_argument, NULL, 'K'},
    {"help", no_argument, NULL, '?'},
    {"rate-limit", required_argument, NULL, 'f'},
    {"rate-window-ms", required_argument, NULL, 'f'},
    {"error-rate", required_argument, NULL, 'f'},
    {"error-status", required_argument, NULL, 'f'},
    {"latency-ms", required_argument, NULL, 'f'},
    {"dribble-ms", required_argument, NULL, 'f'},
    {"drop-rate", required_argument, NULL, 'f'},
    {"truncate-rate", required_argument, NULL, 'f'},
    {"malformed-rate", required_argument, NULL, 'f'},
    {NULL, 0, NULL, 0},
};

static int number(const char *flag, const char *text, unsigned long long max,
                  unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || v > max || text[0] == '-') {
        fprintf(stderr, "sendx-mock: --%s needs a number up to %llu\n", flag, max);
        return -1;
    }
    *out = v;
    return 0;
}

static int set_fault(struct mock_options *o, const char *flag, const char *value)
{
    char name[32];
    snprintf(name, sizeof name, "%s", flag);
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = '_';
    struct api_error err = {0};
    int rc = faults_set(&o->faults, name, value, &err);
    if (rc != 0)
        fprintf(stderr, "sendx-mock: --%s: %s\n", flag, api_error_message(&err));
    api_error_clear(&err);
    return rc;
}

static int parse_option(struct mock_options *o, int c, int index)
{
    unsigned long long v = 0;
    switch (c) {
    case 'h':
        o->host = optarg;
        return 0;
    case 'p':
        if (number("port", optarg, 65535, &v) != 0)
            return -1;
        o->port = (unsigned)v;
        return 0;
    case 'k':
        o->api_key = optarg;
        return 0;
    case 's':
        if (number("seed", optarg, ~0ull, &v) != 0)
            return -1;
        o->seed = v;
        return 0;
    case 'c':
        if (number("contacts", optarg, 1000000, &v) != 0)
            return -1;
        o->contacts = (long)v;
        return 0;
    case 'e':
        o->seed_data = false;
        return 0;
    case 'H':
        o->hostile = true;
        return 0;
    case 'o':
        return set_fault(o, "ignore-offset", "1");
    case 'S':
        o->state_file = optarg;
        return 0;
    case 'C':
        o->tls_cert = optarg;
        return 0;
    case 'K':
        o->tls_key = optarg;
        return 0;
    case 'f':
        return set_fault(o, options[index].name, optarg);
    }
    usage(stderr);
    return -1;
}

/* Blocked before the server's threads start, so only sigwait sees them. */
static void block_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, set, NULL);
}

int main(int argc, char **argv)
{
    struct mock_options o = mock_options_default();
    int c, index = 0;
    while ((c = getopt_long(argc, argv, "", options, &index)) != -1)
        if (parse_option(&o, c, index) != 0)
            return 2;
    if (optind < argc) {
        usage(stderr);
        return 2;
    }
    sigset_t set;
    block_signals(&set);
    struct api_error err = {0};
    struct mock_server *s = mock_server_start(&o, &err);
    if (!s) {
        fprintf(stderr, "sendx-mock: %s\n", api_error_message(&err));
        api_error_clear(&err);
        return 1;
    }
    printf("listening on %s\n", mock_server_url(s));
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    int rc = mock_server_stop(s, &err);
    if (rc != 0)
        fprintf(stderr, "sendx-mock: %s\n", api_error_message(&err));
    api_error_clear(&err);
    return rc == 0 ? 0 : 1;
}
