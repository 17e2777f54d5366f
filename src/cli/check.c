#include "cli/check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_error.h"
#include "api/url.h"

/* How much of a CA file is searched for a certificate: a real bundle
 * starts with one, or has one within a few comment lines. */
#define CA_FILE_PEEK (1 << 20)

int cli_check_url(const char *url, const char *source, struct api_error *err)
{
    bool plain = false;
    if (url_policy_check(url, &plain, err))
        return 0;
    api_error_prefix(err, "%s", source);
    return -1;
}

/* Why the CA file open on fd cannot be used, or NULL. */
static const char *ca_file_problem(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return strerror(errno);
    if (S_ISDIR(st.st_mode))
        return "it is a directory, not a PEM file";
    /* Each connection's TLS set-up reads the file again: a pipe (<(...))
     * would be empty the second time. */
    if (!S_ISREG(st.st_mode))
        return "not a regular file";
    char *head = malloc(CA_FILE_PEEK + 1);
    if (!head)
        return "out of memory";
    size_t len = 0;
    ssize_t got = 0;
    while (len < CA_FILE_PEEK && (got = read(fd, head + len, CA_FILE_PEEK - len)) > 0)
        len += (size_t)got;
    head[len] = '\0';
    /* Matches CERTIFICATE, TRUSTED CERTIFICATE and X509 CERTIFICATE blocks. */
    const char *begin = strstr(head, "-----BEGIN ");
    const char *why = NULL;
    if (got < 0)
        why = strerror(errno);
    else if (!begin || !strstr(begin, "CERTIFICATE-----"))
        why = "it holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
    free(head);
    return why;
}

int cli_check_ca_file(const char *path, const char *source, struct api_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    const char *why = fd < 0 ? strerror(errno) : ca_file_problem(fd);
    if (fd >= 0)
        close(fd);
    if (!why)
        return 0;
    return api_error_fail(err, API_ERR_POLICY, 0, "cannot use %s %s: %s", source, path, why);
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

int cli_check_key(const char *raw, const char *source, char **key, struct api_error *err)
{
    *key = NULL;
    const char *start = raw;
    while (is_blank((unsigned char)*start))
        start++;
    size_t len = strlen(start);
    while (len > 0 && is_blank((unsigned char)start[len - 1]))
        len--;
    if (len == 0)
        return api_error_fail(err, API_ERR_POLICY, 0,
                              "%s is blank; set it to your team's key (SendX Settings -> Team "
                              "API Key)",
                              source);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)start[i];
        if (c <= ' ' || c >= 0x7f)
            return api_error_fail(err, API_ERR_POLICY, 0,
                                  "%s has a space, control or non-ASCII character at position "
                                  "%zu; a key is printable ASCII",
                                  source, (size_t)(start - raw) + i + 1);
    }
    if (!(*key = strndup(start, len)))
        return api_error_nomem(err);
    return 0;
}
