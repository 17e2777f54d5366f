#include "api/url.h"

#include "api/api_error.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define BASE "https://api.sendx.io/api/v1/rest"

/* libcurl versions differ in the case of percent-escape hex digits;
 * both are valid, so compare in one case. */
static char *upper_escapes(char *s)
{
    for (char *p = s; p && *p; p++) {
        if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            p[1] = (char)toupper((unsigned char)p[1]);
            p[2] = (char)toupper((unsigned char)p[2]);
        }
    }
    return s;
}

static void assert_builds(const char *base, const char *const *segs, const struct url_param *params,
                          size_t n, const char *want)
{
    struct api_error err = {0};
    char *url = url_build(base, segs, params, n, &err);
    cr_assert_not_null(url, "url_build failed: %s", api_error_message(&err));
    cr_assert_str_eq(upper_escapes(url), want);
    cr_assert_eq(err.kind, API_OK);
    free(url);
}

static void assert_build_refused(const char *base, const char *const *segs)
{
    struct api_error err = {0};
    char *url = url_build(base, segs, NULL, 0, &err);
    cr_assert_null(url, "built %s", url ? url : "");
    cr_assert_eq(err.kind, API_ERR_INVALID, "kind %d: %s", err.kind, api_error_message(&err));
    cr_assert_not_null(err.message);
    api_error_clear(&err);
}

/* Policy. */

struct policy_case {
    char url[64];
    bool allowed;
    bool plain_http;
    char why[48]; /* a word the refusal must contain */
};

ParameterizedTestParameters(url, policy)
{
    static struct policy_case cases[] = {
        {"https://api.sendx.io/api/v1/rest", true, false, ""},
        {"https://api.sendx.io", true, false, ""},
        {"HTTPS://API.SENDX.IO/", true, false, ""},
        {"https://api.sendx.io:8443/x/", true, false, ""},
        {"http://127.0.0.1:8080", true, true, ""},
        {"http://127.5.6.7", true, true, ""},
        {"http://localhost", true, true, ""},
        {"http://LOCALHOST:3000/api", true, true, ""},
        {"http://[::1]:9", true, true, ""},
        {"http://api.sendx.io", false, false, "loopback"},
        {"http://10.0.0.1", false, false, "loopback"},
        {"http://128.0.0.1", false, false, "loopback"},
        {"http://127.0.0.1.evil.com", false, false, "loopback"},
        {"http://localhost.evil.com", false, false, "loopback"},
        {"http://evil.com/127.0.0.1", false, false, "loopback"},
        {"http://[::2]:9", false, false, "loopback"},
        {"ftp://api.sendx.io", false, false, "https"},
        {"file:///etc/passwd", false, false, ""},
        {"garbage", false, false, "malformed"},
        {"", false, false, "https"},
        {"https://", false, false, "malformed"},
        {"https://user:pass@api.sendx.io", false, false, "user:password"},
        {"https://user@api.sendx.io", false, false, "user:password"},
        {"http://user:pass@127.0.0.1", false, false, "user:password"},
        {"https://api.sendx.io/?key=1", false, false, "query"},
        {"https://api.sendx.io/#frag", false, false, "fragment"},
    };
    return cr_make_param_array(struct policy_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct policy_case *c, url, policy)
{
    struct api_error err = {0};
    bool plain = !c->plain_http;
    bool ok = url_policy_check(c->url, &plain, &err);
    cr_assert_eq(ok, c->allowed, "%s: expected %s, got %s (%s)", c->url,
                 c->allowed ? "allowed" : "refused", ok ? "allowed" : "refused",
                 api_error_message(&err));
    cr_assert_eq(plain, c->plain_http, "%s: is_plain_http", c->url);
    if (c->allowed) {
        cr_assert_eq(err.kind, API_OK);
    } else {
        cr_assert_eq(err.kind, API_ERR_POLICY, "%s: kind %d", c->url, err.kind);
        cr_assert_not_null(err.message);
        cr_assert_not_null(strstr(err.message, c->why), "%s: message \"%s\" lacks \"%s\"", c->url,
                           err.message, c->why);
    }
    api_error_clear(&err);
}

Test(url, http_refusal_says_why_and_what_to_do)
{
    struct api_error err = {0};
    cr_assert_not(url_policy_check("http://api.example.com", NULL, &err));
    cr_assert_not_null(strstr(err.message, "http://api.example.com"), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "unencrypted"), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "use https://"), "%s", err.message);
    api_error_clear(&err);
}

Test(url, refusal_never_echoes_a_password)
{
    struct api_error err = {0};
    cr_assert_not(url_policy_check("https://admin:hunter2@api.sendx.io", NULL, &err));
    cr_assert_null(strstr(err.message, "hunter2"), "%s", err.message);
    api_error_clear(&err);
}

Test(url, null_base_is_refused)
{
    struct api_error err = {0};
    cr_assert_not(url_policy_check(NULL, NULL, &err));
    cr_assert_eq(err.kind, API_ERR_POLICY);
    api_error_clear(&err);
}

/* Building. */

Test(url, base_with_path_and_segments)
{
    const char *segs[] = {"contact", "abc123", NULL};
    assert_builds(BASE, segs, NULL, 0, BASE "/contact/abc123");
}

Test(url, trailing_slash_on_base_is_not_doubled)
{
    const char *segs[] = {"contact", NULL};
    assert_builds(BASE "/", segs, NULL, 0, BASE "/contact");
    assert_builds(BASE "//", segs, NULL, 0, BASE "/contact");
}

Test(url, base_without_path)
{
    const char *segs[] = {"contact", NULL};
    assert_builds("https://api.sendx.io", segs, NULL, 0, "https://api.sendx.io/contact");
    assert_builds("https://api.sendx.io/", segs, NULL, 0, "https://api.sendx.io/contact");
    assert_builds("http://127.0.0.1:8080", segs, NULL, 0, "http://127.0.0.1:8080/contact");
}

Test(url, no_segments_gives_the_base)
{
    assert_builds(BASE, NULL, NULL, 0, BASE);
    const char *none[] = {NULL};
    assert_builds("https://api.sendx.io", none, NULL, 0, "https://api.sendx.io/");
}

Test(url, segment_reserved_characters_are_escaped)
{
    const char *segs[] = {"contact", "a b&c=d/e?f#g%h", NULL};
    assert_builds(BASE, segs, NULL, 0, BASE "/contact/a%20b%26c%3Dd%2Fe%3Ff%23g%25h");
}

Test(url, slash_in_identifier_cannot_add_a_path_component)
{
    const char *segs[] = {"contact", "../../admin", NULL};
    assert_builds(BASE, segs, NULL, 0, BASE "/contact/..%2F..%2Fadmin");
}

Test(url, email_identifier_and_utf8_are_escaped)
{
    const char *segs[] = {"contact", "jos\xc3\xa9+news@example.com", NULL};
    assert_builds(BASE, segs, NULL, 0, BASE "/contact/jos%C3%A9%2Bnews%40example.com");
}

Test(url, unreserved_characters_stay)
{
    const char *segs[] = {"AZaz09-._~", NULL};
    assert_builds(BASE, segs, NULL, 0, BASE "/AZaz09-._~");
}

Test(url, dot_segments_are_refused)
{
    const char *dot[] = {"contact", ".", NULL};
    const char *dotdot[] = {"contact", "..", NULL};
    const char *first[] = {"..", "admin", NULL};
    assert_build_refused(BASE, dot);
    assert_build_refused(BASE, dotdot);
    assert_build_refused(BASE, first);
}

Test(url, empty_segment_is_refused)
{
    const char *segs[] = {"contact", "", NULL};
    assert_build_refused(BASE, segs);
}

Test(url, dots_inside_a_segment_are_fine)
{
    const char *segs[] = {"contact", "...", "a..b", NULL};
    assert_builds(BASE, segs, NULL, 0, BASE "/contact/.../a..b");
}

Test(url, params_are_appended_in_order)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"offset", "20"}, {"limit", "10"}};
    assert_builds(BASE, segs, params, 2, BASE "/contact?offset=20&limit=10");
}

Test(url, param_values_are_escaped)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"search", "a b&c=d/e?f#g%h"}, {"email", "x+y@z.io"}};
    assert_builds(BASE, segs, params, 2,
                  BASE "/contact?search=a+b%26c%3Dd%2Fe%3Ff%23g%25h&email=x%2By%40z.io");
}

Test(url, param_utf8_is_escaped)
{
    const char *segs[] = {"tag", NULL};
    struct url_param params[] = {{"name", "\xc3\xbc\xe2\x82\xac"}};
    assert_builds(BASE, segs, params, 1, BASE "/tag?name=%C3%BC%E2%82%AC");
}

Test(url, null_params_are_skipped)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"a", NULL}, {"b", "2"}, {"c", NULL}, {"d", ""}};
    assert_builds(BASE, segs, params, 4, BASE "/contact?b=2&d=");
}

Test(url, all_null_params_leave_no_question_mark)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"a", NULL}};
    assert_builds(BASE, segs, params, 1, BASE "/contact");
}

Test(url, param_name_with_equals_is_refused)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"a=b", "c"}};
    struct api_error err = {0};
    cr_assert_null(url_build(BASE, segs, params, 1, &err));
    cr_assert_eq(err.kind, API_ERR_INVALID);
    api_error_clear(&err);
}

Test(url, malformed_base_is_invalid)
{
    const char *segs[] = {"contact", NULL};
    assert_build_refused("not a url", segs);
    assert_build_refused(BASE "?x=1", segs);
}

/* Loggable form. */

static void assert_loggable(const char *url, const char *want)
{
    char *got = url_loggable(url);
    if (!want) {
        cr_assert_null(got, "%s -> %s", url, got);
        return;
    }
    cr_assert_not_null(got, "%s", url);
    cr_assert_str_eq(got, want);
    free(got);
}

Test(url, loggable_keeps_only_path_and_query)
{
    assert_loggable(BASE "/contact/x?limit=10", "/api/v1/rest/contact/x?limit=10");
    assert_loggable("https://u:secret@api.sendx.io:8443/a/b?c=d#frag", "/a/b?c=d");
    assert_loggable("http://127.0.0.1:9/", "/");
    assert_loggable("https://api.sendx.io", "/");
}

Test(url, loggable_accepts_a_bare_path)
{
    assert_loggable("/contact?limit=5", "/contact?limit=5");
}

Test(url, loggable_never_shows_credentials_or_host)
{
    char *got = url_loggable("https://admin:hunter2@secret-host.example/p?q=1");
    cr_assert_not_null(got);
    cr_assert_null(strstr(got, "hunter2"));
    cr_assert_null(strstr(got, "secret-host"));
    cr_assert_null(strstr(got, "admin"));
    free(got);
}

Test(url, loggable_of_garbage_is_null)
{
    assert_loggable("not a url", NULL);
    assert_loggable(NULL, NULL);
}

Test(url, built_url_round_trips_through_loggable)
{
    const char *segs[] = {"contact", "a@b.c", NULL};
    struct url_param params[] = {{"q", "x y"}};
    struct api_error err = {0};
    char *url = url_build(BASE, segs, params, 1, &err);
    cr_assert_not_null(url);
    char *log = url_loggable(url);
    cr_assert_str_eq(upper_escapes(log), "/api/v1/rest/contact/a%40b.c?q=x+y");
    free(log);
    free(url);
}

/* Path-only building, the form http_request() takes. */

static void assert_path_builds(const char *const *segs, const struct url_param *params, size_t n,
                               const char *want)
{
    struct api_error err = {0};
    char *path = url_path_build(segs, params, n, &err);
    cr_assert_not_null(path, "url_path_build failed: %s", api_error_message(&err));
    cr_assert_str_eq(upper_escapes(path), want);
    free(path);
}

Test(url, path_build_escapes_segments_and_params)
{
    const char *segs[] = {"contact", "a/b c@d.io", NULL};
    struct url_param params[] = {{"q", "x&y=z #"}, {"skip", NULL}, {"limit", "5"}};
    assert_path_builds(segs, params, 3, "/contact/a%2Fb%20c%40d.io?q=x%26y%3Dz+%23&limit=5");
}

Test(url, path_build_without_params_or_segments)
{
    const char *segs[] = {"team", "member", NULL};
    assert_path_builds(segs, NULL, 0, "/team/member");
    assert_path_builds(NULL, NULL, 0, "/");
}

Test(url, path_build_names_no_host)
{
    const char *segs[] = {"contact", NULL};
    char *path = url_path_build(segs, NULL, 0, NULL);
    cr_assert_not_null(path);
    cr_assert_null(strstr(path, "localhost"));
    cr_assert_eq(path[0], '/');
    free(path);
}

Test(url, path_build_refuses_dot_and_empty_segments)
{
    const char *bad[][3] = {{"contact", "..", NULL}, {".", NULL, NULL}, {"contact", "", NULL}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct api_error err = {0};
        char *path = url_path_build(bad[i], NULL, 0, &err);
        cr_assert_null(path, "case %zu built %s", i, path ? path : "");
        cr_assert_eq(err.kind, API_ERR_INVALID);
        api_error_clear(&err);
    }
}

Test(url, path_build_joins_a_base_like_url_build)
{
    const char *segs[] = {"contact", "id 1", NULL};
    struct url_param params[] = {{"a", "b c"}};
    struct api_error err = {0};
    char *path = url_path_build(segs, params, 1, &err);
    char *full = url_build(BASE, segs, params, 1, &err);
    cr_assert_not_null(path);
    cr_assert_not_null(full);
    size_t base_len = strlen(BASE);
    cr_assert_eq(strncmp(full, BASE, base_len), 0);
    cr_assert_str_eq(full + base_len, path);
    free(path);
    free(full);
}
