/* URL policy and request URL building, on libcurl's URL API.
 *
 * Policy: the API key travels in a header, so it must only go over TLS.
 * https:// is always allowed; plain http:// only to a loopback host
 * (127.0.0.0/8, ::1, localhost), which is how the mock and test servers
 * run. Anything else is refused with a message that says why. */
#ifndef SENDX_URL_H
#define SENDX_URL_H

#include <stdbool.h>
#include <stddef.h>

struct api_error;

/* Returns true if base_url may be used. On refusal fills err
 * (API_ERR_POLICY). *is_plain_http tells the caller to allow http. */
bool url_policy_check(const char *base_url, bool *is_plain_http, struct api_error *err);

/* A query parameter; a NULL value leaves the parameter out. */
struct url_param {
    const char *name;
    const char *value;
};

/* "/" + each path segment (percent-escaped, so an identifier cannot add
 * path components) + "?" + the escaped parameters, the form
 * http_request() takes; a segment "", "." or ".." is refused.
 * segments is a NULL-terminated array (NULL for none, giving "/").
 * Returns a heap string the caller frees, or NULL with err filled. */
char *url_path_build(const char *const *segments, const struct url_param *params, size_t n_params,
                     struct api_error *err);

#endif
