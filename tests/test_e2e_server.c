/* sendx-tui against scripted servers no real one should resemble: one
 * whose errors are long and whose tags always fail (the "r to retry"
 * hint survives a long message on an 80-column screen, and a pane's
 * error stays on that pane), and one that ignores offset (loading stops
 * by itself, and says so). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_server.h"
#include "tmux.h"
#include "tree.h"

#define WAIT_MS 10000

static struct test_server *server;
static struct tmux *tui;

static const char long_message[] =
    "the upstream contact service could not complete this request because the shard holding "
    "this account is being rebalanced; please wait a few minutes and try again, or contact "
    "support quoting the request id 7f3c9a0e-52d1-4b7e-9a61-0c2f5e8d4b13";

/* /contact fails with a long message; /tag fails; the rest is empty. */
static void failing(const struct ts_request *req, struct ts_reply *reply)
{
    static char body[1024];
    if (strcmp(req->path, "/contact") == 0) {
        snprintf(body, sizeof body, "{\"status\":\"error\",\"message\":\"%s\"}", long_message);
        reply->status = 400;
        reply->body = body;
    } else if (strcmp(req->path, "/tag") == 0) {
        reply->status = 500;
        reply->body = "{\"status\":\"error\",\"message\":\"tags are broken\"}";
    } else {
        reply->body = "[]";
    }
}

/* Every list answers its first `limit` records, whatever the offset. */
static void ignoring_offset(const struct ts_request *req, struct ts_reply *reply)
{
    static __thread char body[200000];
    const char *limit_at = strstr(req->query, "limit=");
    long limit = limit_at ? strtol(limit_at + 6, NULL, 10) : 10;
    const char *kind = req->path + 1;
    if (limit <= 0 || limit > 1000 || strchr(kind, '/') || !*kind) {
        reply->body = "[]";
        return;
    }
    size_t o = (size_t)snprintf(body, sizeof body, "[");
    for (long i = 0; i < limit; i++)
        o += (size_t)snprintf(body + o, sizeof body - o,
                              "%s{\"id\":\"%s_%022ld\",\"name\":\"%s %ld\","
                              "\"email\":\"p%ld@example.com\"}",
                              i ? "," : "", kind, i, kind, i, i);
    snprintf(body + o, sizeof body - o, "]");
    reply->body = body;
}

/* Every request refused: the key is not the team's. */
static void refusing(const struct ts_request *req, struct ts_reply *reply)
{
    (void)req;
    reply->status = 401;
    reply->body = "{\"status\":\"error\",\"message\":\"Invalid API key\"}";
}

static void (*answer)(const struct ts_request *req, struct ts_reply *reply);

static void handler(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    (void)ctx;
    answer(req, reply);
}

static char home[64];

/* XDG_STATE_HOME and XDG_CONFIG_HOME under a fresh directory, as
 * environment entries; returns state. */
static const char *own_dirs(char state[96], char config[96])
{
    if (!home[0]) {
        snprintf(home, sizeof home, "/tmp/sendx-e2e-server-XXXXXX");
        cr_assert_not_null(mkdtemp(home));
    }
    snprintf(state, 96, "XDG_STATE_HOME=%s/state", home);
    snprintf(config, 96, "XDG_CONFIG_HOME=%s/config", home);
    return state;
}

static void start(void (*how)(const struct ts_request *, struct ts_reply *))
{
    answer = how;
    server = test_server_start(handler, NULL);
    cr_assert_not_null(server);
    char command[1024];
    snprintf(command, sizeof command, "%s --base-url '%s'; echo EXIT=$?; read line", SENDX_TUI_PATH,
             test_server_url(server));
    /* A state and a configuration of the test's own: a person's drafts,
     * offered at start, would cover the screen, and their keys differ. */
    char state[96], config[96];
    const char *env[] = {"SENDX_API_KEY=status-test-key", "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
                         own_dirs(state, config),         config,         NULL};
    tui = tmux_start(command, env, 80, 24);
    cr_assert_not_null(tui);
}

static void teardown(void)
{
    tmux_stop(tui);
    test_server_stop(server);
    if (home[0])
        tree_remove(home);
    home[0] = '\0';
}

TestSuite(server, .fini = teardown, .timeout = 60);

Test(server, a_long_error_keeps_its_retry_hint_on_80_columns)
{
    start(failing);
    cr_assert(tmux_wait_for(tui, "(r to retry)", WAIT_MS), "the hint shows:\n%s",
              tmux_last_screen(tui));
    char line[1024];
    tmux_last_row(tui, line, sizeof line);
    cr_expect(strstr(line, "contacts: ") && strstr(line, "the upstream contact service"),
              "the message starts: %s", line);
    cr_expect(strstr(line, "…"), "shortened, and says so: %s", line);
    cr_expect(strstr(line, "(r to retry)"), "the hint is on the status line: %s", line);
    cr_expect(strstr(line, "? help"), "help is never dropped for the message: %s", line);
    cr_assert_eq(tmux_resize(tui, 60, 24), 0);
    cr_assert(tmux_wait_for(tui, "(r to retry)", WAIT_MS));
    tmux_last_row(tui, line, sizeof line);
    cr_expect(strstr(line, "? help") && strstr(line, "(r to retry)"),
              "at 60 columns too, both kept: %s", line);
    cr_assert_eq(tmux_resize(tui, 80, 24), 0);
    tmux_keys(tui, "?");
    cr_expect(tmux_wait_for(tui, "4b13", WAIT_MS), "? shows the message in full:\n%s",
              tmux_last_screen(tui));
    tmux_keys(tui, "Escape");
    cr_expect(tmux_wait_gone(tui, "4b13", WAIT_MS));
    tmux_keys(tui, "C-c");
    cr_expect(tmux_wait_for(tui, "EXIT=0", WAIT_MS));
}

Test(server, a_refused_key_says_how_to_set_it_and_offers_no_retry)
{
    start(refusing);
    cr_assert(tmux_wait_for(tui, "key was refused", WAIT_MS), "says so:\n%s",
              tmux_last_screen(tui));
    tmux_keys(tui, "?");
    cr_expect(tmux_wait_for(tui, "SENDX_API_KEY", WAIT_MS), "how to set it:\n%s",
              tmux_last_screen(tui));
    cr_expect_null(strstr(tmux_last_screen(tui), "to retry"), "r would change nothing:\n%s",
                   tmux_last_screen(tui));
    tmux_keys(tui, "Escape");
    tmux_keys(tui, "C-c");
    cr_expect(tmux_wait_for(tui, "EXIT=0", WAIT_MS));
}

Test(server, an_error_on_one_pane_does_not_show_on_another)
{
    start(failing);
    cr_assert(tmux_wait_for(tui, "(r to retry)", WAIT_MS));
    tmux_keys(tui, "3");
    cr_assert(tmux_wait_for(tui, "tags are broken", WAIT_MS), "the tags' error on tags:\n%s",
              tmux_last_screen(tui));
    cr_expect(tmux_wait_for(tui, "could not load: r tries again", WAIT_MS),
              "the empty table names the key:\n%s", tmux_last_screen(tui));
    tmux_keys(tui, "1");
    cr_assert(tmux_wait_gone(tui, "tags are broken", WAIT_MS), "not on contacts:\n%s",
              tmux_last_screen(tui));
    cr_expect(tmux_wait_for(tui, "the upstream contact service", WAIT_MS),
              "contacts show their own:\n%s", tmux_last_screen(tui));
    tmux_keys(tui, "C-c");
    cr_expect(tmux_wait_for(tui, "EXIT=0", WAIT_MS));
}

Test(server, a_server_that_ignores_offset_is_not_paged_forever)
{
    start(ignoring_offset);
    cr_assert(tmux_wait_for(tui, "p0@example.com", WAIT_MS), "the first page shows:\n%s",
              tmux_last_screen(tui));
    tmux_keys(tui, "G");
    cr_assert(tmux_wait_for(tui, "no new contacts", WAIT_MS), "loading stops and says so:\n%s",
              tmux_last_screen(tui));
    /* The header's "loading" goes when nothing is in flight: every walk
     * has ended, the name caches' (lists, tags, fields: one repeat each)
     * as well as the pane's (G: three pages at most). */
    cr_assert(tmux_wait_gone(tui, "loading", WAIT_MS), "nothing left in flight:\n%s",
              tmux_last_screen(tui));
    size_t seen = test_server_count(server);
    cr_expect_leq(seen, 16, "a handful of requests, not a flood: %zu", seen);
    tmux_keys(tui, "g");
    tmux_keys(tui, "G");
    tmux_keys(tui, "C-c");
    cr_assert(tmux_wait_for(tui, "EXIT=0", WAIT_MS));
    cr_expect_eq(test_server_count(server), seen, "and none after it, G again included");
}
