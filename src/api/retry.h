/* When to retry and how long to wait: pure functions, no I/O.
 *
 * Backoff is exponential with full jitter: attempt n waits a uniform
 * random time in [0, min(cap, base * 2^n)]. A server's Retry-After wins
 * when it is sane; a 429 never waits less than min_429_ms. */
#ifndef SENDX_RETRY_H
#define SENDX_RETRY_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct retry_policy {
    int max_attempts;        /* total requests, first one included */
    long base_ms;            /* first backoff ceiling */
    long cap_ms;             /* largest backoff ceiling */
    long min_429_ms;         /* floor under any wait after a 429 */
    long retry_after_max_ms; /* a longer Retry-After is clamped to this */
    long deadline_ms;        /* give up rather than wait past this, from the first attempt */
};

/* The defaults: 6 attempts, 250 ms base, 8 s cap, 1 s floor on 429,
 * Retry-After clamped to 60 s, 90 s deadline. */
struct retry_policy retry_policy_default(void);

/* Deterministic jitter source; seed it once per thread. */
struct retry_rng {
    uint64_t state;
};
void retry_rng_seed(struct retry_rng *rng, uint64_t seed);
uint64_t retry_rng_next(struct retry_rng *rng);

/* Backoff for the given retry (0 = the wait after the first failure). */
long retry_backoff_ms(const struct retry_policy *p, int retry, struct retry_rng *rng);

/* Parses a Retry-After value: delta-seconds or an HTTP date, relative to
 * now. Returns the wait in ms; 0 for a date in the past; -1 if absent or
 * unparseable; -2 if absurd (more than a day), which callers treat as
 * absent. */
long retry_after_parse_ms(const char *value, time_t now);

/* The wait before the next attempt, from the status (0 for a transport
 * failure), the parsed Retry-After (see above) and the backoff. */
long retry_wait_ms(const struct retry_policy *p, int retry, long status, long retry_after_ms,
                   struct retry_rng *rng);

/* Whether a status is worth retrying at all (429, 502, 503, 504). */
bool retry_status_is_retryable(long status);

#endif
