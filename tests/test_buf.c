#include "api/buf.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

Test(buf, starts_empty)
{
    struct buf b;
    buf_init(&b, 10);
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
    cr_assert_eq(b.limit, 10);
    cr_assert_eq(b.status, BUF_OK);
}

Test(buf, appends_and_terminates)
{
    struct buf b;
    buf_init(&b, 100);
    cr_assert_eq(buf_append(&b, "hello", 5), BUF_OK);
    cr_assert_eq(buf_append(&b, ", world", 7), BUF_OK);
    cr_assert_eq(b.len, 12);
    cr_assert_str_eq(b.data, "hello, world");
    cr_assert_eq(b.data[b.len], '\0');
    buf_reset(&b);
}

Test(buf, grows_past_initial_allocation)
{
    struct buf b;
    buf_init(&b, 1 << 20);
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    for (int i = 0; i < 100; i++)
        cr_assert_eq(buf_append(&b, chunk, sizeof chunk), BUF_OK);
    cr_assert_eq(b.len, 100000);
    cr_assert_geq(b.alloc, b.len + 1);
    cr_assert_eq(b.data[99999], 'a');
    cr_assert_eq(b.data[100000], '\0');
    buf_reset(&b);
}

Test(buf, exactly_at_limit_is_ok)
{
    struct buf b;
    buf_init(&b, 8);
    cr_assert_eq(buf_append(&b, "1234", 4), BUF_OK);
    cr_assert_eq(buf_append(&b, "5678", 4), BUF_OK);
    cr_assert_eq(b.len, 8);
    cr_assert_str_eq(b.data, "12345678");
    buf_reset(&b);
}

Test(buf, one_past_limit_fails_and_frees)
{
    struct buf b;
    buf_init(&b, 8);
    cr_assert_eq(buf_append(&b, "12345678", 8), BUF_OK);
    cr_assert_eq(buf_append(&b, "9", 1), BUF_TOO_BIG);
    cr_assert_null(b.data, "a failed buffer holds nothing");
    cr_assert_eq(b.len, 0);
    cr_assert_eq(b.status, BUF_TOO_BIG);
}

Test(buf, single_oversized_append_fails)
{
    struct buf b;
    buf_init(&b, 3);
    cr_assert_eq(buf_append(&b, "abcd", 4), BUF_TOO_BIG);
    cr_assert_null(b.data);
}

Test(buf, huge_length_does_not_wrap)
{
    struct buf b;
    buf_init(&b, 16);
    cr_assert_eq(buf_append(&b, "ab", 2), BUF_OK);
    cr_assert_eq(buf_append(&b, "x", SIZE_MAX), BUF_TOO_BIG);
    cr_assert_null(b.data);
}

Test(buf, failure_is_sticky)
{
    struct buf b;
    buf_init(&b, 4);
    cr_assert_eq(buf_append(&b, "12345", 5), BUF_TOO_BIG);
    cr_assert_eq(buf_append(&b, "1", 1), BUF_TOO_BIG, "a small append after failure still fails");
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
}

Test(buf, reset_clears_failure_and_keeps_limit)
{
    struct buf b;
    buf_init(&b, 4);
    cr_assert_eq(buf_append(&b, "12345", 5), BUF_TOO_BIG);
    buf_reset(&b);
    cr_assert_eq(b.status, BUF_OK);
    cr_assert_eq(b.limit, 4);
    cr_assert_eq(buf_append(&b, "1234", 4), BUF_OK);
    buf_reset(&b);
    cr_assert_null(b.data);
}

Test(buf, take_hands_ownership)
{
    struct buf b;
    buf_init(&b, 64);
    cr_assert_eq(buf_append(&b, "{\"a\":1}", 7), BUF_OK);
    char *data = b.data;
    size_t len = 99;
    char *taken = buf_take(&b, &len);
    cr_assert_eq(taken, data, "take gives the storage itself, no copy");
    cr_assert_eq(len, 7);
    cr_assert_str_eq(taken, "{\"a\":1}");
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
    cr_assert_eq(b.alloc, 0);
    cr_assert_eq(b.limit, 64);
    cr_assert_eq(buf_append(&b, "next", 4), BUF_OK, "the buffer is reusable after take");
    cr_assert_str_eq(b.data, "next");
    cr_assert_str_eq(taken, "{\"a\":1}", "the taken string is independent");
    free(taken);
    buf_reset(&b);
}

Test(buf, empty_take_gives_empty_string)
{
    struct buf b;
    buf_init(&b, 64);
    size_t len = 99;
    char *taken = buf_take(&b, &len);
    cr_assert_not_null(taken);
    cr_assert_str_eq(taken, "");
    cr_assert_eq(len, 0);
    free(taken);
}

Test(buf, take_after_failure_gives_empty_and_recovers)
{
    struct buf b;
    buf_init(&b, 2);
    cr_assert_eq(buf_append(&b, "abc", 3), BUF_TOO_BIG);
    char *taken = buf_take(&b, NULL);
    cr_assert_str_eq(taken, "");
    free(taken);
    cr_assert_eq(b.status, BUF_OK);
    cr_assert_eq(buf_append(&b, "ab", 2), BUF_OK);
    buf_reset(&b);
}

Test(buf, zero_length_append_allocates_terminator)
{
    struct buf b;
    buf_init(&b, 0);
    cr_assert_eq(buf_append(&b, "", 0), BUF_OK);
    cr_assert_not_null(b.data);
    cr_assert_str_eq(b.data, "");
    cr_assert_eq(buf_append(&b, "x", 1), BUF_TOO_BIG);
}

Test(buf, binary_data_with_nuls)
{
    struct buf b;
    buf_init(&b, 16);
    cr_assert_eq(buf_append(&b, "a\0b", 3), BUF_OK);
    cr_assert_eq(b.len, 3);
    cr_assert_eq(memcmp(b.data, "a\0b", 4), 0);
    buf_reset(&b);
}
