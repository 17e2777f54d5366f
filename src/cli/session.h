/* Profiles resolved into sessions (struct ui_session, ui.h): the one
 * sendx-tui starts with, where the command line and the environment have
 * their say over the file, and the ones `:profile NAME` opens at run
 * time, as the file has them (only --readonly still applies).
 *
 * With --demo the starting session is the profile "demo": the embedded
 * server's URL and key, with the settings and theme of the profile that
 * would have started; `:profile demo` returns to it.
 *
 * Resolving may run a profile's api_key_cmd, with the terminal as its
 * stdin and stderr so that it can ask for a passphrase. Nothing here
 * prints or exits; the key is never in a message. */
#ifndef SENDX_CLI_SESSION_H
#define SENDX_CLI_SESSION_H

#include <stdbool.h>

#include "ui/ui.h"

struct api_error;
struct cli_args;
struct config;
struct theme_set;

/* How long an api_key_cmd may take: long enough to type a passphrase
 * into its prompt; Ctrl-c there stops it sooner. */
#define CLI_KEY_CMD_TIMEOUT_MS 60000

/* Everything a resolution reads, all borrowed: it must outlive every
 * session opened through it (the UI keeps it as open_ctx). */
struct cli_sessions {
    const struct config *config;
    /* The file read, or the one looked for, to name in messages; NULL when
     * there was no place to look. */
    const char *config_path;
    const struct theme_set *themes;
    /* --profile, --base-url, --ca-file, --theme and --readonly. */
    const struct cli_args *args;
    /* --demo: the embedded server's URL and key; NULL without it. */
    const char *demo_url;
    const char *demo_key;
    int key_cmd_timeout_ms;
    /* Nothing is drawn (export): a profile's theme is not looked at. */
    bool headless;
};

/* Checks the names given on the command line: that --profile is a
 * profile of the configuration and that --theme is a theme found without
 * errors. Returns 0, or -1 with err saying why (the names there are, a
 * did-you-mean; a theme's errors, one a line). */
int cli_session_check_names(const struct cli_sessions *s, struct api_error *err);

/* The starting session into *out, which the caller frees with
 * ui_session_free (ui_run does, once given it). The profile is --profile,
 * else the file's default_profile; its base URL --base-url, else
 * $SENDX_BASE_URL, else the profile's; its key $SENDX_API_KEY, else the
 * profile's api_key, else its api_key_cmd's output; its CA file --ca-file,
 * else the profile's, else $CURL_CA_BUNDLE, else $SSL_CERT_FILE; its theme
 * --theme, else the profile's. Every value is checked. Returns 0, or -1
 * with err in one line (*out then zeroed). */
int cli_session_start(const struct cli_sessions *s, struct ui_session *out, struct api_error *err);

/* A ui_session_open_fn for `:profile NAME`; ctx is a const struct
 * cli_sessions *. */
int cli_session_open(void *ctx, const char *name, struct ui_session *out, struct api_error *err);

#endif
