/* The client's HTTPS path end to end against the mock with TLS: a CA and
 * a server certificate (for 127.0.0.1 and localhost) are made with the
 * openssl program in a temporary directory per test, and the client must
 * trust the mock only when given that CA, and say why not in a few words
 * when it does not. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/sendx.h"
#include "certs.h"
#include "mock/mock.h"

#define KEY "tls-test-key"

static char dir[64];
static struct mock_server *mock;
static struct api_error err;

static void path_in_dir(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static void make_ca(const char *name)
{
    cr_assert_eq(certs_make_ca(dir, name), 0, "openssl: the CA %s", name);
}

static void make_server_cert(const char *name, const char *san)
{
    cr_assert_eq(certs_make_server(dir, name, "ca", san), 0, "openssl: %s for %s", name, san);
}

/* A mock serving name.pem with name.key (files in dir); NULL for plain http. */
static struct mock_server *start_mock_as(const char *name)
{
    char cert[128], key[128], file[32];
    snprintf(file, sizeof file, "%s.pem", name ? name : "");
    path_in_dir(cert, sizeof cert, file);
    snprintf(file, sizeof file, "%s.key", name ? name : "");
    path_in_dir(key, sizeof key, file);
    struct mock_options o = mock_options_default();
    o.api_key = KEY;
    o.contacts = 20;
    o.tls_cert = name ? cert : NULL;
    o.tls_key = name ? key : NULL;
    struct mock_server *m = mock_server_start(&o, &err);
    cr_assert_not_null(m, "%s", api_error_message(&err));
    return m;
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", "/tmp/sendx-tls-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(http_global_init(&err), 0);
    make_ca("ca");
    make_ca("other-ca");
    make_server_cert("server", "IP:127.0.0.1,DNS:localhost");
    mock = start_mock_as("server");
}

static void teardown(void)
{
    cr_expect_eq(mock_server_stop(mock, &err), 0, "%s", api_error_message(&err));
    api_error_clear(&err);
    http_global_cleanup();
    cr_expect_eq(certs_remove_dir(dir), 0, "%s", dir);
}

TestSuite(tls, .init = setup, .fini = teardown, .timeout = 60);

/* Lists contacts through base_url, trusting ca (a file in dir, or NULL
 * for the system's CAs). One attempt: a refusal is not worth retrying. */
static int list_contacts(const char *base_url, const char *ca, size_t *count)
{
    char ca_path[128];
    if (ca)
        path_in_dir(ca_path, sizeof ca_path, ca);
    struct http_options o = http_options_default();
    o.base_url = base_url;
    o.api_key = KEY;
    o.ca_file = ca ? ca_path : NULL;
    o.retry.max_attempts = 1;
    o.connect_timeout_ms = 5000;
    o.total_timeout_ms = 10000;
    struct sendx_client *c = sendx_client_new(&o, &err);
    cr_assert_not_null(c, "%s", api_error_message(&err));
    struct sendx_page page;
    int rc = sendx_list(c, SENDX_KIND_CONTACT, NULL, &page, NULL, &err);
    if (rc == 0) {
        *count = page.records.len;
        sendx_page_free(&page);
    }
    sendx_client_free(c);
    return rc;
}

static void expect_refused(int rc, const char *why)
{
    cr_expect_eq(rc, -1, "%s: the call succeeded", why);
    cr_expect_eq(err.kind, API_ERR_TRANSPORT, "%s: kind %d: %s", why, err.kind,
                 api_error_message(&err));
    api_error_clear(&err);
}

Test(tls, the_mock_says_https)
{
    char want[64];
    snprintf(want, sizeof want, "https://127.0.0.1:%u", mock_server_port(mock));
    cr_expect_str_eq(mock_server_url(mock), want);
}

Test(tls, trusted_with_its_ca_file)
{
    size_t n = 0;
    cr_assert_eq(list_contacts(mock_server_url(mock), "ca.pem", &n), 0, "%s",
                 api_error_message(&err));
    cr_expect_eq(n, 20);
}

Test(tls, the_name_localhost_is_covered_too)
{
    char url[64];
    snprintf(url, sizeof url, "https://localhost:%u", mock_server_port(mock));
    size_t n = 0;
    cr_expect_eq(list_contacts(url, "ca.pem", &n), 0, "%s", api_error_message(&err));
}

Test(tls, refused_without_the_ca)
{
    size_t n;
    int rc = list_contacts(mock_server_url(mock), NULL, &n);
    cr_assert_eq(rc, -1, "a private CA's certificate was trusted");
    cr_expect_eq(err.kind, API_ERR_TRANSPORT, "%s", api_error_message(&err));
    cr_expect_not_null(strstr(api_error_message(&err), "certificate"), "%s",
                       api_error_message(&err));
    api_error_clear(&err);
}

Test(tls, refused_with_another_ca)
{
    size_t n;
    expect_refused(list_contacts(mock_server_url(mock), "other-ca.pem", &n), "another CA");
}

Test(tls, plain_http_to_the_tls_port_fails)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%u", mock_server_port(mock));
    size_t n;
    expect_refused(list_contacts(url, NULL, &n), "plain http");
}

Test(tls, half_a_configuration_or_a_missing_file_does_not_start)
{
    char cert[128], key[128];
    path_in_dir(cert, sizeof cert, "server.pem");
    path_in_dir(key, sizeof key, "no-such.key");
    struct mock_options o = mock_options_default();
    o.seed_data = false;
    o.tls_cert = cert;
    struct mock_server *s = mock_server_start(&o, &err);
    cr_expect_null(s, "a certificate without a key was accepted");
    cr_expect_not_null(strstr(api_error_message(&err), "key"), "%s", api_error_message(&err));
    api_error_clear(&err);
    o.tls_key = key;
    s = mock_server_start(&o, &err);
    cr_expect_null(s, "a missing key file was accepted");
    cr_expect_not_null(strstr(api_error_message(&err), "no-such.key"), "%s",
                       api_error_message(&err));
    api_error_clear(&err);
    /* The certificate given as the key: MHD must refuse it, not serve. */
    o.tls_key = cert;
    s = mock_server_start(&o, &err);
    cr_expect_null(s, "a certificate was accepted as a private key");
    api_error_clear(&err);
}

/* A TLS refusal is read on the status line as " ✗ custom fields: MESSAGE
 * (r to retry)": MESSAGE must say what is wrong within 49 columns for
 * the line to fit 80. */
static void expect_short_tls_message(int rc, const char *reason, bool hint)
{
    cr_assert_eq(rc, -1, "the call succeeded");
    const char *msg = api_error_message(&err);
    cr_expect_eq(err.kind, API_ERR_TRANSPORT, "%s", msg);
    cr_expect_leq(strlen(msg), 49, "short: %s (%zu)", msg, strlen(msg));
    cr_expect_not_null(strstr(msg, reason), "names the reason (%s): %s", reason, msg);
    cr_expect_eq(strstr(msg, "--ca-file") != NULL, hint, "the way out, where it is one: %s", msg);
    api_error_clear(&err);
}

Test(tls, an_untrusted_certificate_is_said_in_a_few_words)
{
    size_t n;
    expect_short_tls_message(list_contacts(mock_server_url(mock), NULL, &n),
                             "certificate from an unknown CA", true);
    expect_short_tls_message(list_contacts(mock_server_url(mock), "other-ca.pem", &n),
                             "certificate from an unknown CA", true);
}

Test(tls, a_self_signed_server_is_said_in_a_few_words)
{
    cr_assert_eq(certs_make_self_signed(dir, "self", "IP:127.0.0.1"), 0);
    struct mock_server *self = start_mock_as("self");
    size_t n;
    expect_short_tls_message(list_contacts(mock_server_url(self), NULL, &n),
                             "self-signed certificate", true);
    cr_expect_eq(mock_server_stop(self, &err), 0);
}

Test(tls, a_certificate_for_another_host_is_said_in_a_few_words)
{
    make_server_cert("elsewhere", "DNS:elsewhere.example");
    struct mock_server *other = start_mock_as("elsewhere");
    size_t n;
    expect_short_tls_message(list_contacts(mock_server_url(other), "ca.pem", &n),
                             "certificate is for another host", false);
    cr_expect_eq(mock_server_stop(other, &err), 0);
}

Test(tls, a_ca_file_that_is_not_pem_is_said_in_a_few_words)
{
    size_t n;
    expect_short_tls_message(list_contacts(mock_server_url(mock), "server.ext", &n),
                             "cannot load the CA file", false);
}

Test(tls, https_to_a_plain_server_is_said_in_a_few_words)
{
    struct mock_server *plain = start_mock_as(NULL);
    char url[64];
    snprintf(url, sizeof url, "https://127.0.0.1:%u", mock_server_port(plain));
    size_t n;
    /* The reason libcurl gives depends on timing: the plain server's
     * answer ("wrong version number") or its closing the connection. */
    expect_short_tls_message(list_contacts(url, NULL, &n), "TLS handshake failed (", false);
    cr_expect_eq(mock_server_stop(plain, &err), 0);
}
