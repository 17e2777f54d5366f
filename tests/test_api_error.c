#include "api/api_error.h"

#include <criterion/criterion.h>
#include <string.h>

Test(api_error, zeroed_struct_is_no_error)
{
    struct api_error err = {0};
    cr_assert_eq(err.kind, API_OK);
    cr_assert_str_eq(api_error_message(&err), "ok");
    api_error_clear(&err);
    cr_assert_eq(err.kind, API_OK);
    cr_assert_null(err.message);
}

Test(api_error, set_formats_and_records_kind_and_status)
{
    struct api_error err = {0};
    api_error_set(&err, API_ERR_HTTP, 503, "server said %s (%d)", "busy", 7);
    cr_assert_eq(err.kind, API_ERR_HTTP);
    cr_assert_eq(err.http_status, 503);
    cr_assert_str_eq(api_error_message(&err), "server said busy (7)");
    api_error_clear(&err);
}

Test(api_error, set_replaces_previous_error)
{
    struct api_error err = {0};
    api_error_set(&err, API_ERR_HTTP, 404, "first");
    api_error_set(&err, API_ERR_TRANSPORT, 0, "second");
    cr_assert_eq(err.kind, API_ERR_TRANSPORT);
    cr_assert_eq(err.http_status, 0);
    cr_assert_str_eq(api_error_message(&err), "second");
    api_error_clear(&err);
}

Test(api_error, set_on_null_is_harmless)
{
    api_error_set(NULL, API_ERR_INVALID, 0, "nobody listens");
    api_error_prefix(NULL, "ctx");
    api_error_clear(NULL);
    cr_assert_str_eq(api_error_message(NULL), "ok");
}

Test(api_error, prefix_prepends_context)
{
    struct api_error err = {0};
    api_error_set(&err, API_ERR_BODY, 0, "unexpected token");
    api_error_prefix(&err, "listing %s", "contacts");
    cr_assert_str_eq(api_error_message(&err), "listing contacts: unexpected token");
    api_error_prefix(&err, "page %d", 2);
    cr_assert_str_eq(api_error_message(&err), "page 2: listing contacts: unexpected token");
    cr_assert_eq(err.kind, API_ERR_BODY);
    api_error_clear(&err);
}

Test(api_error, prefix_without_error_does_nothing)
{
    struct api_error err = {0};
    api_error_prefix(&err, "context");
    cr_assert_eq(err.kind, API_OK);
    cr_assert_null(err.message);
}

Test(api_error, prefix_on_message_less_error_uses_label)
{
    struct api_error err = {.kind = API_ERR_CANCELLED};
    api_error_prefix(&err, "loading");
    cr_assert_str_eq(api_error_message(&err), "loading: cancelled");
    api_error_clear(&err);
}

Test(api_error, move_transfers_ownership_and_clears_source)
{
    struct api_error src = {0};
    struct api_error dst = {0};
    api_error_set(&dst, API_ERR_INVALID, 0, "old destination");
    api_error_set(&src, API_ERR_HTTP, 429, "slow down");
    src.attempts = 3;
    char *message = src.message;
    api_error_move(&dst, &src);
    cr_assert_eq(dst.kind, API_ERR_HTTP);
    cr_assert_eq(dst.http_status, 429);
    cr_assert_eq(dst.attempts, 3);
    cr_assert_eq(dst.message, message, "the message moves, it is not copied");
    cr_assert_eq(src.kind, API_OK);
    cr_assert_null(src.message);
    cr_assert_eq(src.attempts, 0);
    api_error_clear(&dst);
}

Test(api_error, clear_resets_everything)
{
    struct api_error err = {0};
    api_error_set(&err, API_ERR_HTTP, 500, "boom");
    err.attempts = 2;
    api_error_clear(&err);
    cr_assert_eq(err.kind, API_OK);
    cr_assert_eq(err.http_status, 0);
    cr_assert_eq(err.attempts, 0);
    cr_assert_null(err.message);
    api_error_clear(&err);
}

Test(api_error, labels_for_every_kind)
{
    cr_assert_str_eq(api_error_kind_label(API_OK), "ok");
    cr_assert_str_eq(api_error_kind_label(API_ERR_TRANSPORT), "network error");
    cr_assert_str_eq(api_error_kind_label(API_ERR_HTTP), "server error");
    cr_assert_str_eq(api_error_kind_label(API_ERR_BODY), "bad response");
    cr_assert_str_eq(api_error_kind_label(API_ERR_CANCELLED), "cancelled");
    cr_assert_str_eq(api_error_kind_label(API_ERR_POLICY), "refused");
    cr_assert_str_eq(api_error_kind_label(API_ERR_INVALID), "invalid request");
    cr_assert_str_eq(api_error_kind_label(API_ERR_NOMEM), "out of memory");
    cr_assert_str_eq(api_error_kind_label((enum api_error_kind)999), "unknown error");
}

Test(api_error, long_message_is_kept_whole)
{
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    struct api_error err = {0};
    api_error_set(&err, API_ERR_BODY, 0, "%s", big);
    cr_assert_eq(strlen(api_error_message(&err)), sizeof big - 1);
    api_error_clear(&err);
}
