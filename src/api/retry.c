#include "api/retry.h"

#include <curl/curl.h>
#include <ctype.h>
#include <string.h>

/* A server asking for more than a day is misconfigured, not busy. */
#define RETRY_AFTER_ABSURD_S 86400L

struct retry_policy retry_policy_default(void)
{
    return (struct retry_policy){
        .max_attempts = 6,
        .base_ms = 250,
        .cap_ms = 8000,
        .min_429_ms = 1000,
        .retry_after_max_ms = 60000,
        .deadline_ms = 90000,
    };
}

void retry_rng_seed(struct retry_rng *rng, uint64_t seed)
{
    rng->state = seed;
}

/* splitmix64: any seed, zero included, gives a full-period stream. */
uint64_t retry_rng_next(struct retry_rng *rng)
{
    uint64_t z = (rng->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

long retry_backoff_ms(const struct retry_policy *p, int retry, struct retry_rng *rng)
{
    long cap = p->cap_ms > 0 ? p->cap_ms : 0;
    long ceiling = p->base_ms > 0 ? p->base_ms : 0;
    if (ceiling > cap)
        ceiling = cap;
    /* Doubling stops at the cap, so a large retry count cannot overflow. */
    for (int i = 0; i < retry && ceiling < cap; i++)
        ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
    if (ceiling == 0)
        return 0;
    return (long)(retry_rng_next(rng) % ((uint64_t)ceiling + 1));
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static long parse_delta_seconds(const char *s, size_t len)
{
    long seconds = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        /* Anything past a day is absurd anyway; stopping there keeps the
         * arithmetic far from overflow however many digits arrive. */
        if (seconds <= RETRY_AFTER_ABSURD_S)
            seconds = seconds * 10 + (s[i] - '0');
    }
    if (seconds > RETRY_AFTER_ABSURD_S)
        return -2;
    return seconds * 1000;
}

static long parse_http_date(const char *s, size_t len, time_t now)
{
    /* Every HTTP-date form starts with a day name; curl_getdate alone
     * would accept loose strings a server never meant as a date. */
    if (!isalpha((unsigned char)s[0]))
        return -1;
    char date[64];
    if (len >= sizeof date)
        return -1;
    memcpy(date, s, len);
    date[len] = '\0';
    time_t when = curl_getdate(date, NULL);
    if (when == (time_t)-1)
        return -1;
    if (when <= now)
        return 0;
    double ahead = difftime(when, now);
    if (ahead > (double)RETRY_AFTER_ABSURD_S)
        return -2;
    return (long)ahead * 1000;
}

long retry_after_parse_ms(const char *value, time_t now)
{
    if (!value)
        return -1;
    while (is_space(*value))
        value++;
    size_t len = strlen(value);
    while (len > 0 && is_space(value[len - 1]))
        len--;
    if (len == 0)
        return -1;
    if (isdigit((unsigned char)value[0]))
        return parse_delta_seconds(value, len);
    return parse_http_date(value, len, now);
}

long retry_wait_ms(const struct retry_policy *p, int retry, long status, long retry_after_ms,
                   struct retry_rng *rng)
{
    long wait;
    if (retry_after_ms >= 0)
        wait = retry_after_ms < p->retry_after_max_ms ? retry_after_ms : p->retry_after_max_ms;
    else
        wait = retry_backoff_ms(p, retry, rng);
    if (status == 429 && wait < p->min_429_ms)
        wait = p->min_429_ms;
    return wait < 0 ? 0 : wait;
}

bool retry_status_is_retryable(long status)
{
    return status == 429 || status == 502 || status == 503 || status == 504;
}
