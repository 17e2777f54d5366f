#include "api/url.h"

#include "api/api_error.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bounds how much of a rejected string goes into a message, so a pasted
 * blob cannot flood the status line. */
#define URL_ECHO_MAX 200

static bool host_is_loopback(const char *host)
{
    if (strcasecmp(host, "localhost") == 0)
        return true;
    struct in_addr v4;
    if (inet_pton(AF_INET, host, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    /* libcurl hands IPv6 literals back in their URL form, brackets included. */
    size_t len = strlen(host);
    if (len > 2 && host[0] == '[' && host[len - 1] == ']') {
        char inner[INET6_ADDRSTRLEN];
        if (len - 2 >= sizeof inner)
            return false;
        memcpy(inner, host + 1, len - 2);
        inner[len - 2] = '\0';
        struct in6_addr v6;
        return inet_pton(AF_INET6, inner, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
    }
    return false;
}

static bool has_part(CURLU *u, CURLUPart part)
{
    char *value = NULL;
    CURLUcode rc = curl_url_get(u, part, &value, 0);
    curl_free(value);
    return rc == CURLUE_OK;
}

/* Parses any scheme, so that a refusal can name the scheme instead of
 * calling a well-formed ftp:// URL malformed. */
static CURLU *parse_base(const char *base_url, struct api_error *err)
{
    if (!base_url || !*base_url) {
        api_error_set(err, API_ERR_POLICY, 0, "no base URL given; use https://");
        return NULL;
    }
    CURLU *u = curl_url();
    if (!u) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory parsing the base URL");
        return NULL;
    }
    CURLUcode rc = curl_url_set(u, CURLUPART_URL, base_url, CURLU_NON_SUPPORT_SCHEME);
    if (rc != CURLUE_OK) {
        api_error_set(err, API_ERR_POLICY, 0, "refusing malformed base URL \"%.*s\": %s",
                      URL_ECHO_MAX, base_url, curl_url_strerror(rc));
        curl_url_cleanup(u);
        return NULL;
    }
    return u;
}

static bool check_parsed(CURLU *u, bool *is_plain_http, struct api_error *err)
{
    char *scheme = NULL;
    char *host = NULL;
    bool ok = false;

    /* Checked before anything echoes the URL back, so a password never
     * reaches a message. */
    if (has_part(u, CURLUPART_USER) || has_part(u, CURLUPART_PASSWORD)) {
        api_error_set(err, API_ERR_POLICY, 0,
                      "refusing a base URL with user:password in it: the API key is the only "
                      "credential, and URLs end up in logs");
        goto out;
    }
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        api_error_set(err, API_ERR_POLICY, 0, "refusing a base URL without a scheme and host");
        goto out;
    }
    bool https = strcasecmp(scheme, "https") == 0;
    bool http = strcasecmp(scheme, "http") == 0;
    if (!https && !http) {
        api_error_set(err, API_ERR_POLICY, 0,
                      "refusing %.*s://%.*s: only https:// is supported (plain http:// to a "
                      "loopback host for testing)",
                      URL_ECHO_MAX, scheme, URL_ECHO_MAX, host);
        goto out;
    }
    if (has_part(u, CURLUPART_QUERY) || has_part(u, CURLUPART_FRAGMENT)) {
        api_error_set(err, API_ERR_POLICY, 0,
                      "refusing base URL %s://%.*s: it must not carry a query (?...) or fragment "
                      "(#...), request paths are added to it",
                      scheme, URL_ECHO_MAX, host);
        goto out;
    }
    if (http && !host_is_loopback(host)) {
        api_error_set(err, API_ERR_POLICY, 0,
                      "refusing http://%.*s: plain http is only allowed to loopback hosts (the "
                      "API key would travel unencrypted); use https://",
                      URL_ECHO_MAX, host);
        goto out;
    }
    if (is_plain_http)
        *is_plain_http = http;
    ok = true;
out:
    curl_free(scheme);
    curl_free(host);
    return ok;
}

bool url_policy_check(const char *base_url, bool *is_plain_http, struct api_error *err)
{
    if (is_plain_http)
        *is_plain_http = false;
    CURLU *u = parse_base(base_url, err);
    if (!u)
        return false;
    bool ok = check_parsed(u, is_plain_http, err);
    curl_url_cleanup(u);
    return ok;
}

static bool segment_is_safe(const char *seg, struct api_error *err)
{
    if (!*seg) {
        api_error_set(err, API_ERR_INVALID, 0, "empty path segment (a missing identifier?)");
        return false;
    }
    /* Escaping leaves dots alone, and a server would resolve these as
     * directory steps, so an identifier could reach another endpoint. */
    if (strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0) {
        api_error_set(err, API_ERR_INVALID, 0, "path segment \"%s\" is not a valid identifier",
                      seg);
        return false;
    }
    return true;
}

/* "/" + the escaped segments joined by "/", or "/" for none. */
static char *build_path(const char *const *segments, struct api_error *err)
{
    char **escaped = NULL;
    size_t n = 0;
    size_t total = 2;
    char *path = NULL;
    for (const char *const *s = segments; s && *s; s++)
        n++;
    if (n) {
        escaped = calloc(n, sizeof *escaped);
        if (!escaped) {
            api_error_set(err, API_ERR_NOMEM, 0, "out of memory building a URL");
            goto out;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!segment_is_safe(segments[i], err))
            goto out;
        escaped[i] = curl_easy_escape(NULL, segments[i], 0);
        if (!escaped[i]) {
            api_error_set(err, API_ERR_NOMEM, 0, "out of memory building a URL");
            goto out;
        }
        total += 1 + strlen(escaped[i]);
    }
    path = malloc(total);
    if (!path) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory building a URL");
        goto out;
    }
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(escaped[i]);
        path[at++] = '/';
        memcpy(path + at, escaped[i], len);
        at += len;
    }
    if (at == 0)
        path[at++] = '/';
    path[at] = '\0';
out:
    for (size_t i = 0; escaped && i < n; i++)
        curl_free(escaped[i]);
    free(escaped);
    return path;
}

static bool append_param(CURLU *u, const struct url_param *p, struct api_error *err)
{
    /* curl encodes everything after the first '=', so a name holding one
     * would shift the split. Names come from code, never from users. */
    if (!p->name || !*p->name || strchr(p->name, '=')) {
        api_error_set(err, API_ERR_INVALID, 0, "invalid query parameter name \"%s\"",
                      p->name ? p->name : "(null)");
        return false;
    }
    size_t name_len = strlen(p->name);
    size_t value_len = strlen(p->value);
    char *pair = malloc(name_len + 1 + value_len + 1);
    if (!pair) {
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory building a URL");
        return false;
    }
    memcpy(pair, p->name, name_len);
    pair[name_len] = '=';
    memcpy(pair + name_len + 1, p->value, value_len + 1);
    CURLUcode rc = curl_url_set(u, CURLUPART_QUERY, pair, CURLU_APPENDQUERY | CURLU_URLENCODE);
    free(pair);
    if (rc != CURLUE_OK) {
        api_error_set(err, rc == CURLUE_OUT_OF_MEMORY ? API_ERR_NOMEM : API_ERR_INVALID, 0,
                      "query parameter \"%s\": %s", p->name, curl_url_strerror(rc));
        return false;
    }
    return true;
}

/* Sets the path and query of u from the segments and parameters. */
static bool fill_request(CURLU *u, const char *const *segments, const struct url_param *params,
                         size_t n_params, struct api_error *err)
{
    char *path = build_path(segments, err);
    if (!path)
        return false;
    CURLUcode rc = curl_url_set(u, CURLUPART_PATH, path, 0);
    free(path);
    if (rc != CURLUE_OK) {
        api_error_set(err, API_ERR_INVALID, 0, "bad request path: %s", curl_url_strerror(rc));
        return false;
    }
    for (size_t i = 0; i < n_params; i++) {
        if (params[i].value && !append_param(u, &params[i], err))
            return false;
    }
    return true;
}

/* "path?query" of u as a malloc'd string, or NULL. */
static char *path_and_query(CURLU *u)
{
    char *path = NULL;
    char *query = NULL;
    char *result = NULL;
    if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
        return NULL;
    if (curl_url_get(u, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
        query = NULL;
    size_t len = strlen(path) + (query ? 1 + strlen(query) : 0) + 1;
    result = malloc(len);
    if (result)
        snprintf(result, len, "%s%s%s", path, query ? "?" : "", query ? query : "");
    curl_free(path);
    curl_free(query);
    return result;
}

char *url_path_build(const char *const *segments, const struct url_param *params, size_t n_params,
                     struct api_error *err)
{
    /* curl's URL API only assembles whole URLs; the placeholder host is
     * dropped again below, only the path and query leave. */
    CURLU *u = parse_base("http://localhost", err);
    if (!u)
        return NULL;
    char *result = NULL;
    if (fill_request(u, segments, params, n_params, err)) {
        result = path_and_query(u);
        if (!result)
            api_error_set(err, API_ERR_NOMEM, 0, "out of memory building a URL");
    }
    curl_url_cleanup(u);
    return result;
}
