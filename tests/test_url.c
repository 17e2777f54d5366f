#include "api/url.h"

#include "api/api_error.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

static void assert_path_builds(const char *const *segs, const struct url_param *params, size_t n,
                               const char *want)
{
    struct api_error err = {0};
    char *path = url_path_build(segs, params, n, &err);
    cr_assert_not_null(path, "url_path_build failed: %s", api_error_message(&err));
    cr_assert_str_eq(upper_escapes(path), want);
    cr_assert_eq(err.kind, API_OK);
    free(path);
}

static void assert_path_refused(const char *const *segs, const struct url_param *params, size_t n)
{
    struct api_error err = {0};
    char *path = url_path_build(segs, params, n, &err);
    cr_assert_null(path, "built %s", path ? path : "");
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

/* Building the path and query that http_request() joins onto the
 * client's base URL (the base itself is covered in test_http.c). */

Test(url, segments_are_joined_with_slashes)
{
    const char *segs[] = {"contact", "abc123", NULL};
    assert_path_builds(segs, NULL, 0, "/contact/abc123");
}

Test(url, no_segments_gives_the_root)
{
    assert_path_builds(NULL, NULL, 0, "/");
    const char *none[] = {NULL};
    assert_path_builds(none, NULL, 0, "/");
}

Test(url, segment_reserved_characters_are_escaped)
{
    const char *segs[] = {"contact", "a b&c=d/e?f#g%h", NULL};
    assert_path_builds(segs, NULL, 0, "/contact/a%20b%26c%3Dd%2Fe%3Ff%23g%25h");
}

Test(url, slash_in_identifier_cannot_add_a_path_component)
{
    const char *segs[] = {"contact", "../../admin", NULL};
    assert_path_builds(segs, NULL, 0, "/contact/..%2F..%2Fadmin");
}

Test(url, email_identifier_and_utf8_are_escaped)
{
    const char *segs[] = {"contact", "jos\xc3\xa9+news@example.com", NULL};
    assert_path_builds(segs, NULL, 0, "/contact/jos%C3%A9%2Bnews%40example.com");
}

Test(url, unreserved_characters_stay)
{
    const char *segs[] = {"AZaz09-._~", NULL};
    assert_path_builds(segs, NULL, 0, "/AZaz09-._~");
}

Test(url, dot_segments_are_refused)
{
    const char *dot[] = {"contact", ".", NULL};
    const char *dotdot[] = {"contact", "..", NULL};
    const char *first[] = {"..", "admin", NULL};
    const char *alone[] = {".", NULL};
    assert_path_refused(dot, NULL, 0);
    assert_path_refused(dotdot, NULL, 0);
    assert_path_refused(first, NULL, 0);
    assert_path_refused(alone, NULL, 0);
}

Test(url, empty_segment_is_refused)
{
    const char *segs[] = {"contact", "", NULL};
    const char *first[] = {"", "contact", NULL};
    assert_path_refused(segs, NULL, 0);
    assert_path_refused(first, NULL, 0);
}

Test(url, dots_inside_a_segment_are_fine)
{
    const char *segs[] = {"contact", "...", "a..b", NULL};
    assert_path_builds(segs, NULL, 0, "/contact/.../a..b");
}

Test(url, params_are_appended_in_order)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"offset", "20"}, {"limit", "10"}};
    assert_path_builds(segs, params, 2, "/contact?offset=20&limit=10");
}

Test(url, param_values_are_escaped)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"search", "a b&c=d/e?f#g%h"}, {"email", "x+y@z.io"}};
    assert_path_builds(segs, params, 2,
                       "/contact?search=a+b%26c%3Dd%2Fe%3Ff%23g%25h&email=x%2By%40z.io");
}

Test(url, param_utf8_is_escaped)
{
    const char *segs[] = {"tag", NULL};
    struct url_param params[] = {{"name", "\xc3\xbc\xe2\x82\xac"}};
    assert_path_builds(segs, params, 1, "/tag?name=%C3%BC%E2%82%AC");
}

Test(url, escaped_segment_and_param_together)
{
    const char *segs[] = {"contact", "a@b.c", NULL};
    struct url_param params[] = {{"q", "x y"}};
    assert_path_builds(segs, params, 1, "/contact/a%40b.c?q=x+y");
}

Test(url, segments_and_params_escape_independently)
{
    const char *segs[] = {"contact", "a/b c@d.io", NULL};
    struct url_param params[] = {{"q", "x&y=z #"}, {"skip", NULL}, {"limit", "5"}};
    assert_path_builds(segs, params, 3, "/contact/a%2Fb%20c%40d.io?q=x%26y%3Dz+%23&limit=5");
}

Test(url, null_params_are_skipped)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"a", NULL}, {"b", "2"}, {"c", NULL}, {"d", ""}};
    assert_path_builds(segs, params, 4, "/contact?b=2&d=");
}

Test(url, all_null_params_leave_no_question_mark)
{
    const char *segs[] = {"contact", NULL};
    struct url_param params[] = {{"a", NULL}};
    assert_path_builds(segs, params, 1, "/contact");
}

Test(url, params_without_segments)
{
    struct url_param params[] = {{"limit", "5"}};
    assert_path_builds(NULL, params, 1, "/?limit=5");
}

Test(url, param_name_with_equals_is_refused)
{
    const char *segs[] = {"contact", NULL};
    struct url_param equals[] = {{"a=b", "c"}};
    struct url_param empty[] = {{"", "c"}};
    assert_path_refused(segs, equals, 1);
    assert_path_refused(segs, empty, 1);
}

Test(url, path_names_no_host)
{
    const char *segs[] = {"contact", NULL};
    char *path = url_path_build(segs, NULL, 0, NULL);
    cr_assert_not_null(path);
    cr_assert_null(strstr(path, "localhost"));
    cr_assert_null(strstr(path, "://"));
    cr_assert_eq(path[0], '/');
    free(path);
}
