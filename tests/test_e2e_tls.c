/* sendx-tui against the mock over TLS with a private CA, in tmux: the
 * CA reaches the client from --ca-file, $CURL_CA_BUNDLE or
 * $SSL_CERT_FILE, and without it the refusal reads whole on an
 * 80-column status line. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/http.h"
#include "api/sendx.h"
#include "certs.h"
#include "mock/mock.h"
#include "tmux.h"
#include "tree.h"

#define API_KEY "e2e-tls-key"
#define WAIT_MS 10000

static char dir[64];
static char ca[96];
static struct mock_server *mock;
static struct tmux *tui;
static char first_email[256]; /* what the contacts pane shows once loaded */

/* The first contact's email, asked of the mock through the client. */
static void learn_first_email(void)
{
    struct http_options o = http_options_default();
    o.base_url = mock_server_url(mock);
    o.api_key = API_KEY;
    o.ca_file = ca;
    struct api_error err = {0};
    struct sendx_client *c = sendx_client_new(&o, &err);
    cr_assert_not_null(c, "%s", api_error_message(&err));
    struct sendx_query q = {.limit = 1};
    struct sendx_page page;
    cr_assert_eq(sendx_list(c, SENDX_KIND_CONTACT, &q, &page, NULL, &err), 0, "%s",
                 api_error_message(&err));
    const struct sendx_contact *first = sendx_page_at(&page, 0);
    cr_assert(first && first->email);
    snprintf(first_email, sizeof first_email, "%s", first->email);
    sendx_page_free(&page);
    sendx_client_free(c);
}

/* The app's XDG_STATE_HOME and XDG_CONFIG_HOME live here. */
static char home[64];

static void setup(void)
{
    struct api_error err = {0};
    cr_assert_eq(http_global_init(&err), 0);
    snprintf(dir, sizeof dir, "/tmp/sendx-e2e-tls-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(certs_make_ca(dir, "ca"), 0, "openssl: the CA");
    cr_assert_eq(certs_make_server(dir, "server", "ca", "IP:127.0.0.1"), 0, "openssl: server");
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    char cert[96], key[96];
    snprintf(cert, sizeof cert, "%s/server.pem", dir);
    snprintf(key, sizeof key, "%s/server.key", dir);
    struct mock_options o = mock_options_default();
    o.api_key = API_KEY;
    o.contacts = 20;
    o.tls_cert = cert;
    o.tls_key = key;
    mock = mock_server_start(&o, &err);
    cr_assert_not_null(mock, "%s", api_error_message(&err));
    learn_first_email();
    snprintf(home, sizeof home, "/tmp/sendx-e2e-tls-XXXXXX");
    cr_assert_not_null(mkdtemp(home));
}

static void teardown(void)
{
    tmux_stop(tui);
    tui = NULL;
    struct api_error err = {0};
    mock_server_stop(mock, &err);
    api_error_clear(&err);
    mock = NULL;
    http_global_cleanup();
    certs_remove_dir(dir);
    tree_remove(home);
}

TestSuite(e2e_tls, .init = setup, .fini = teardown, .timeout = 60);

/* Runs sendx-tui on an 80x24 terminal against the mock with extra
 * (shell-quoted) arguments and the CA variables given (NULL: empty,
 * which counts as unset), so the machine's own settings play no part. */
static void start_tui(const char *args, const char *bundle, const char *cert_file, const char *key)
{
    char command[1024], bundle_var[160], file_var[160], key_var[160];
    snprintf(command, sizeof command, "%s --base-url '%s' %s; echo EXIT=$?; read line",
             SENDX_TUI_PATH, mock_server_url(mock), args);
    snprintf(bundle_var, sizeof bundle_var, "CURL_CA_BUNDLE=%s", bundle ? bundle : "");
    snprintf(file_var, sizeof file_var, "SSL_CERT_FILE=%s", cert_file ? cert_file : "");
    snprintf(key_var, sizeof key_var, "SENDX_API_KEY=%s", key);
    /* A state and a configuration of the test's own: a person's drafts,
     * offered at start, would cover the screen, and their profile differs. */
    char state[96], config[96];
    snprintf(state, sizeof state, "XDG_STATE_HOME=%s/state", home);
    snprintf(config, sizeof config, "XDG_CONFIG_HOME=%s/config", home);
    const char *env[] = {key_var,          bundle_var, file_var, "LANG=C.UTF-8",
                         "LC_ALL=C.UTF-8", state,      config,   NULL};
    tui = tmux_start(command, env, 80, 24);
    cr_assert_not_null(tui);
}

static void expect_rows_then_quit(const char *how)
{
    cr_expect(tmux_wait_for(tui, first_email, WAIT_MS), "%s: the contacts load:\n%s", how,
              tmux_last_screen(tui));
    tmux_keys(tui, "C-c");
    cr_expect(tmux_wait_for(tui, "EXIT=0", WAIT_MS), "%s:\n%s", how, tmux_last_screen(tui));
}

Test(e2e_tls, trusted_with_ca_file)
{
    char args[160];
    snprintf(args, sizeof args, "--ca-file '%s'", ca);
    start_tui(args, NULL, NULL, API_KEY);
    expect_rows_then_quit("--ca-file");
}

Test(e2e_tls, trusted_with_curl_ca_bundle)
{
    start_tui("", ca, NULL, API_KEY);
    expect_rows_then_quit("CURL_CA_BUNDLE");
}

Test(e2e_tls, trusted_with_ssl_cert_file)
{
    start_tui("", NULL, ca, API_KEY);
    expect_rows_then_quit("SSL_CERT_FILE");
}

/* The key as `export SENDX_API_KEY="$(cat keyfile)"` may bring it, with
 * whitespace around: the mock accepts only the key itself. */
Test(e2e_tls, a_key_with_whitespace_around_is_sent_trimmed)
{
    char args[160];
    snprintf(args, sizeof args, "--ca-file '%s'", ca);
    start_tui(args, NULL, NULL, " \t" API_KEY "\n");
    expect_rows_then_quit("a trimmed key");
}

Test(e2e_tls, untrusted_says_why_and_what_to_do_in_80_columns)
{
    start_tui("", NULL, NULL, API_KEY);
    cr_assert(tmux_wait_for(tui, "(r to retry)", WAIT_MS), "an error shows:\n%s",
              tmux_last_screen(tui));
    char line[512];
    tmux_last_row(tui, line, sizeof line);
    cr_expect(strstr(line, "contacts: certificate from an unknown CA; try --ca-file (r to retry)"),
              "the whole message and the hint: %s", line);
    tmux_keys(tui, "C-c");
    cr_expect(tmux_wait_for(tui, "EXIT=0", WAIT_MS));
}
