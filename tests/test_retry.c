#include "api/retry.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <string.h>
#include <time.h>

/* A fixed "now" keeps date arithmetic independent of the clock. */
#define NOW ((time_t)1700000000) /* Tue, 14 Nov 2023 22:13:20 GMT */

static void http_date(time_t t, char *out, size_t n)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

Test(retry, default_policy)
{
    struct retry_policy p = retry_policy_default();
    cr_assert_eq(p.max_attempts, 6);
    cr_assert_eq(p.base_ms, 250);
    cr_assert_eq(p.cap_ms, 8000);
    cr_assert_eq(p.min_429_ms, 1000);
    cr_assert_eq(p.retry_after_max_ms, 60000);
    cr_assert_eq(p.deadline_ms, 90000);
}

Test(retry, rng_is_deterministic_per_seed)
{
    struct retry_rng a, b, c;
    retry_rng_seed(&a, 42);
    retry_rng_seed(&b, 42);
    retry_rng_seed(&c, 43);
    bool differs = false;
    for (int i = 0; i < 100; i++) {
        uint64_t x = retry_rng_next(&a);
        cr_assert_eq(x, retry_rng_next(&b));
        if (x != retry_rng_next(&c))
            differs = true;
    }
    cr_assert(differs, "different seeds give different streams");
}

Test(retry, rng_zero_seed_is_not_stuck)
{
    struct retry_rng r;
    retry_rng_seed(&r, 0);
    uint64_t first = retry_rng_next(&r);
    uint64_t second = retry_rng_next(&r);
    cr_assert_neq(first, second);
    cr_assert(first != 0 || second != 0);
}

Test(retry, backoff_stays_within_the_ceiling_for_many_seeds)
{
    struct retry_policy p = retry_policy_default();
    for (uint64_t seed = 0; seed < 200; seed++) {
        struct retry_rng r;
        retry_rng_seed(&r, seed);
        for (int n = 0; n < 12; n++) {
            long ceiling = p.base_ms << n;
            if (ceiling > p.cap_ms)
                ceiling = p.cap_ms;
            long w = retry_backoff_ms(&p, n, &r);
            cr_assert(w >= 0 && w <= ceiling, "seed %lu retry %d: %ld not in [0, %ld]",
                      (unsigned long)seed, n, w, ceiling);
        }
    }
}

Test(retry, backoff_is_jittered_and_uses_the_range)
{
    struct retry_policy p = retry_policy_default();
    struct retry_rng r;
    retry_rng_seed(&r, 7);
    long lo = LONG_MAX, hi = 0;
    for (int i = 0; i < 1000; i++) {
        long w = retry_backoff_ms(&p, 3, &r); /* ceiling 2000 */
        lo = w < lo ? w : lo;
        hi = w > hi ? w : hi;
    }
    cr_assert_neq(lo, hi, "not all equal");
    cr_assert_lt(lo, 500, "full jitter reaches low values");
    cr_assert_gt(hi, 1500, "and high ones");
    cr_assert_leq(hi, 2000);
}

Test(retry, backoff_reaches_the_cap_only_eventually)
{
    struct retry_policy p = retry_policy_default();
    struct retry_rng r;
    retry_rng_seed(&r, 1);
    long hi0 = 0, hi10 = 0;
    for (int i = 0; i < 1000; i++) {
        long w0 = retry_backoff_ms(&p, 0, &r);
        long w10 = retry_backoff_ms(&p, 10, &r);
        hi0 = w0 > hi0 ? w0 : hi0;
        hi10 = w10 > hi10 ? w10 : hi10;
    }
    cr_assert_leq(hi0, 250);
    cr_assert_gt(hi10, 4000, "late retries use the capped ceiling, got max %ld", hi10);
}

Test(retry, backoff_is_deterministic_for_a_seed)
{
    struct retry_policy p = retry_policy_default();
    struct retry_rng a, b;
    retry_rng_seed(&a, 12345);
    retry_rng_seed(&b, 12345);
    for (int n = 0; n < 20; n++)
        cr_assert_eq(retry_backoff_ms(&p, n, &a), retry_backoff_ms(&p, n, &b));
}

Test(retry, backoff_does_not_overflow_at_large_retry_counts)
{
    struct retry_policy p = retry_policy_default();
    p.cap_ms = LONG_MAX;
    struct retry_rng r;
    retry_rng_seed(&r, 3);
    for (int n = 55; n < 70; n++) {
        long w = retry_backoff_ms(&p, n, &r);
        cr_assert_geq(w, 0, "retry %d gave %ld", n, w);
    }
    p = retry_policy_default();
    for (int i = 0; i < 100; i++) {
        long w = retry_backoff_ms(&p, 60, &r);
        cr_assert(w >= 0 && w <= p.cap_ms);
    }
    cr_assert_leq(retry_backoff_ms(&p, INT_MAX, &r), p.cap_ms);
}

Test(retry, backoff_with_zero_base_is_zero)
{
    struct retry_policy p = retry_policy_default();
    p.base_ms = 0;
    struct retry_rng r;
    retry_rng_seed(&r, 9);
    cr_assert_eq(retry_backoff_ms(&p, 5, &r), 0);
}

Test(retry, retry_after_delta_seconds)
{
    cr_assert_eq(retry_after_parse_ms("5", NOW), 5000);
    cr_assert_eq(retry_after_parse_ms("0", NOW), 0);
    cr_assert_eq(retry_after_parse_ms(" 5 ", NOW), 5000);
    cr_assert_eq(retry_after_parse_ms("\t120", NOW), 120000);
    cr_assert_eq(retry_after_parse_ms("007", NOW), 7000);
    cr_assert_eq(retry_after_parse_ms("86400", NOW), 86400000);
}

Test(retry, retry_after_garbage_is_absent)
{
    const char *bad[] = {"-1", "+5", "abc", "5s", "", "   ", "5 5", "1.5", "0x10", "5;", NULL};
    for (int i = 0; bad[i]; i++)
        cr_assert_eq(retry_after_parse_ms(bad[i], NOW), -1, "\"%s\"", bad[i]);
    cr_assert_eq(retry_after_parse_ms(NULL, NOW), -1);
}

Test(retry, retry_after_huge_is_absurd_without_overflow)
{
    cr_assert_eq(retry_after_parse_ms("86401", NOW), -2);
    cr_assert_eq(retry_after_parse_ms("9223372036854775807", NOW), -2);
    cr_assert_eq(retry_after_parse_ms("99999999999999999999999999999999999999", NOW), -2);
    cr_assert_eq(retry_after_parse_ms("18446744073709551617", NOW), -2,
                 "a value that wraps to a small number must not sneak through");
}

Test(retry, retry_after_http_date_ahead)
{
    char date[64];
    http_date(NOW + 10, date, sizeof date);
    cr_assert_eq(retry_after_parse_ms(date, NOW), 10000, "%s", date);
    http_date(NOW + 3600, date, sizeof date);
    cr_assert_eq(retry_after_parse_ms(date, NOW), 3600000, "%s", date);
}

Test(retry, retry_after_obsolete_date_forms)
{
    /* RFC 850 and asctime forms, which HTTP/1.1 recipients must accept. */
    cr_assert_eq(retry_after_parse_ms("Tuesday, 14-Nov-23 22:13:30 GMT", NOW), 10000);
    cr_assert_eq(retry_after_parse_ms("Tue Nov 14 22:13:30 2023", NOW), 10000);
    cr_assert_eq(retry_after_parse_ms("  Tue, 14 Nov 2023 22:13:30 GMT  ", NOW), 10000);
}

Test(retry, retry_after_past_date_is_zero)
{
    char date[64];
    http_date(NOW - 60, date, sizeof date);
    cr_assert_eq(retry_after_parse_ms(date, NOW), 0);
    http_date(NOW, date, sizeof date);
    cr_assert_eq(retry_after_parse_ms(date, NOW), 0);
    cr_assert_eq(retry_after_parse_ms("Sun, 06 Nov 1994 08:49:37 GMT", NOW), 0);
}

Test(retry, retry_after_far_future_date_is_absurd)
{
    char date[64];
    http_date(NOW + 86400 + 1, date, sizeof date);
    cr_assert_eq(retry_after_parse_ms(date, NOW), -2);
    http_date(NOW + 3L * 365 * 86400, date, sizeof date);
    cr_assert_eq(retry_after_parse_ms(date, NOW), -2);
}

Test(retry, retry_after_bad_dates_are_absent)
{
    cr_assert_eq(retry_after_parse_ms("Tue, 99 Foo 2023 GMT", NOW), -1);
    cr_assert_eq(retry_after_parse_ms("Tuesday", NOW), -1);
    char long_value[200];
    memset(long_value, 'a', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = '\0';
    cr_assert_eq(retry_after_parse_ms(long_value, NOW), -1);
}

Test(retry, wait_uses_retry_after)
{
    struct retry_policy p = retry_policy_default();
    struct retry_rng r;
    retry_rng_seed(&r, 1);
    cr_assert_eq(retry_wait_ms(&p, 0, 503, 5000, &r), 5000);
    cr_assert_eq(retry_wait_ms(&p, 4, 503, 0, &r), 0, "Retry-After: 0 means now");
    cr_assert_eq(retry_wait_ms(&p, 0, 429, 2500, &r), 2500);
}

Test(retry, wait_clamps_retry_after)
{
    struct retry_policy p = retry_policy_default();
    struct retry_rng r;
    retry_rng_seed(&r, 1);
    cr_assert_eq(retry_wait_ms(&p, 0, 503, 3600000, &r), 60000);
    p.retry_after_max_ms = 2000;
    cr_assert_eq(retry_wait_ms(&p, 0, 429, 86400000, &r), 2000);
}

Test(retry, wait_floors_429)
{
    struct retry_policy p = retry_policy_default();
    struct retry_rng r;
    retry_rng_seed(&r, 1);
    cr_assert_eq(retry_wait_ms(&p, 0, 429, 0, &r), 1000);
    cr_assert_eq(retry_wait_ms(&p, 0, 429, 200, &r), 1000);
    for (int i = 0; i < 200; i++) {
        long w = retry_wait_ms(&p, 0, 429, -1, &r); /* backoff at most 250 */
        cr_assert_eq(w, 1000);
    }
    cr_assert_lt(retry_wait_ms(&p, 0, 503, 200, &r), 1000, "the floor is for 429 only");
}

Test(retry, wait_falls_back_to_backoff)
{
    struct retry_policy p = retry_policy_default();
    struct retry_rng a, b;
    retry_rng_seed(&a, 77);
    retry_rng_seed(&b, 77);
    for (int n = 0; n < 8; n++) {
        long want = retry_backoff_ms(&p, n, &b);
        cr_assert_eq(retry_wait_ms(&p, n, 503, -1, &a), want, "absent, retry %d", n);
    }
    retry_rng_seed(&a, 78);
    retry_rng_seed(&b, 78);
    for (int n = 0; n < 8; n++) {
        long want = retry_backoff_ms(&p, n, &b);
        cr_assert_eq(retry_wait_ms(&p, n, 0, -2, &a), want, "absurd, retry %d", n);
    }
}

Test(retry, wait_for_absurd_429_uses_backoff_with_floor)
{
    struct retry_policy p = retry_policy_default();
    struct retry_rng r;
    retry_rng_seed(&r, 5);
    for (int i = 0; i < 100; i++) {
        long w = retry_wait_ms(&p, 6, 429, -2, &r);
        cr_assert(w >= 1000 && w <= 8000, "%ld", w);
    }
}

Test(retry, retryable_statuses)
{
    long yes[] = {429, 502, 503, 504};
    long no[] = {0, 200, 201, 204, 301, 302, 400, 401, 403, 404, 409, 422, 500, 501, 505};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cr_assert(retry_status_is_retryable(yes[i]), "%ld", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_assert_not(retry_status_is_retryable(no[i]), "%ld", no[i]);
}
