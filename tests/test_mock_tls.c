/* The client's HTTPS path end to end against the mock with TLS: a CA and
 * a server certificate (for 127.0.0.1 and localhost) are made with the
 * openssl program in a temporary directory per test, and the client must
 * trust the mock only when given that CA. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/sendx.h"
#include "mock/mock.h"

#define KEY "tls-test-key"

extern char **environ;

static char dir[64];
static struct mock_server *mock;
static struct api_error err;

static void path_in_dir(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

/* Runs openssl with args in the temporary directory, quietly. */
static void openssl(const char *const *args)
{
    const char *argv[24] = {"openssl"};
    size_t n = 1;
    for (; args[n - 1]; n++) {
        cr_assert_lt(n, sizeof argv / sizeof argv[0] - 1);
        argv[n] = args[n - 1];
    }
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    char cwd[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(dir), 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "openssl", &fa, NULL, (char *const *)argv, environ);
    cr_assert_eq(chdir(cwd), 0);
    posix_spawn_file_actions_destroy(&fa);
    cr_assert_eq(rc, 0, "cannot run openssl: %s", strerror(rc));
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "openssl %s %s failed", args[0],
              args[1]);
}

static void write_text(const char *name, const char *text)
{
    char path[128];
    path_in_dir(path, sizeof path, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* A self-signed CA: name.key and name.pem. */
static void make_ca(const char *name)
{
    char key[32], pem[32], subj[64];
    snprintf(key, sizeof key, "%s.key", name);
    snprintf(pem, sizeof pem, "%s.pem", name);
    snprintf(subj, sizeof subj, "/CN=sendx-mock test %s", name);
    openssl((const char *[]){"req",
                             "-x509",
                             "-newkey",
                             "ec",
                             "-pkeyopt",
                             "ec_paramgen_curve:prime256v1",
                             "-nodes",
                             "-keyout",
                             key,
                             "-out",
                             pem,
                             "-days",
                             "2",
                             "-subj",
                             subj,
                             "-addext",
                             "basicConstraints=critical,CA:TRUE",
                             "-addext",
                             "keyUsage=critical,keyCertSign,cRLSign",
                             NULL});
}

/* server.key and server.pem, signed by ca, for 127.0.0.1 and localhost. */
static void make_server_cert(void)
{
    write_text("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                             "basicConstraints=CA:FALSE\n"
                             "keyUsage=critical,digitalSignature\n"
                             "extendedKeyUsage=serverAuth\n");
    openssl((const char *[]){"req", "-new", "-newkey", "ec", "-pkeyopt",
                             "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
                             "-out", "server.csr", "-subj", "/CN=localhost", NULL});
    openssl((const char *[]){"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey",
                             "ca.key", "-set_serial", "2", "-days", "2", "-extfile", "server.ext",
                             "-out", "server.pem", NULL});
}

static void start_mock(void)
{
    char cert[128], key[128];
    path_in_dir(cert, sizeof cert, "server.pem");
    path_in_dir(key, sizeof key, "server.key");
    struct mock_options o = mock_options_default();
    o.api_key = KEY;
    o.contacts = 20;
    o.tls_cert = cert;
    o.tls_key = key;
    mock = mock_server_start(&o, &err);
    cr_assert_not_null(mock, "%s", api_error_message(&err));
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", "/tmp/sendx-tls-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(http_global_init(&err), 0);
    make_ca("ca");
    make_ca("other-ca");
    make_server_cert();
    start_mock();
}

static void remove_dir(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[384];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            cr_expect_eq(unlink(path), 0, "%s", path);
    }
    if (d)
        closedir(d);
    cr_expect_eq(rmdir(dir), 0, "%s", dir);
}

static void teardown(void)
{
    cr_expect_eq(mock_server_stop(mock, &err), 0, "%s", api_error_message(&err));
    api_error_clear(&err);
    http_global_cleanup();
    remove_dir();
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
