/* The values a session starts with, checked wherever they come from (the
 * command line, the environment, a profile), so that a mistake is one
 * line at start rather than a failure on every request later. Each
 * refusal names where the value came from (source: "--ca-file",
 * "SENDX_API_KEY", "ca_file of profile acme") and never repeats a key.
 *
 * Nothing here prints or exits: a refusal is -1 with err (API_ERR_POLICY)
 * in one line. */
#ifndef SENDX_CLI_CHECK_H
#define SENDX_CLI_CHECK_H

struct api_error;

/* 0 if the URL policy takes url (https, or plain http to loopback). */
int cli_check_url(const char *url, const char *source, struct api_error *err);

/* 0 if path is a readable regular file with a PEM certificate in it. */
int cli_check_ca_file(const char *path, const char *source, struct api_error *err);

/* The key in raw with whitespace around it dropped, into *key: a heap
 * string the caller wipes (explicit_bzero) and frees. What is left must
 * be printable ASCII without spaces, as every SendX key is; anything else
 * (a control character, a non-breaking space from a paste) would only
 * fail later as a 401 or a refused header. *key is NULL on failure. */
int cli_check_key(const char *raw, const char *source, char **key, struct api_error *err);

#endif
