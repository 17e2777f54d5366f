/* sendx-stress: the app's threads all at once, for ThreadSanitizer.
 *
 * Criterion forks and cannot run under TSan, so this is a plain program.
 * Its parts run side by side against one embedded mock, with faults
 * switched on and off while they run:
 *
 *   ui_side.c   the UI thread's part: jobs through jobs.h and the fetch
 *               lanes, results taken from the queue when poll() says its
 *               wake fd is readable, whole loads paged ahead on the bulk
 *               lane (ahead.h), cancels, and the session stopped and
 *               started again as :profile does;
 *   clients.c   concurrent API clients reading pages and writing tags,
 *               and the thread that changes the mock's faults;
 *   log_side.c  threads writing to the logger the workers log to, and
 *               loggers opened and closed while written to.
 *
 * Each part checks what it can and reports the first thing wrong through
 * stress_fail, which stops every part; main exits 1 with the message. */
#ifndef SENDX_STRESS_H
#define SENDX_STRESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/http.h"
#include "mock/mock.h"

struct logger;

#define STRESS_KEY "stress-api-key"

/* What every part shares, set up by main before any thread starts and
 * read-only afterwards (stop aside). */
struct stress {
    struct mock_server *mock;
    struct logger *log;       /* the log the fetch workers write to */
    struct http_options http; /* the mock's URL and key, short retry waits */
    char **contacts;          /* every contact's id, in the server's order */
    size_t n_contacts;
    char **campaigns; /* the campaigns' ids */
    size_t n_campaigns;
    unsigned clients; /* concurrent API clients */
    const char *dir;  /* a temporary directory for the log files */
    long deadline;    /* stress_now_ms() after which no new work starts */
    atomic_bool stop; /* set once the deadline passed or something failed */
};

long stress_now_ms(void);

/* Reports what is wrong (the first report wins) and stops every part. */
void stress_fail(struct stress *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The first failure's message, or NULL. */
const char *stress_failure(void);

/* Whether new work may start: before the deadline, nothing failed. */
bool stress_running(struct stress *st);

/* A small per-thread random source (xorshift); seed it non-zero. */
uint64_t stress_rand(uint64_t *state);
/* Sleeps ms milliseconds: the pace of a thread that would otherwise spin. */
void stress_pause_ms(long ms);

/* Whether err is what the mock's faults inject: a 429 or a 5xx. */
bool stress_injected(const struct api_error *err);

/* ---- the parts ---- */

struct stress_ui_counts {
    unsigned long answered, cancelled, retries, dropped, loads, restarts;
};

/* Runs the UI thread's part on the calling thread until the deadline,
 * then waits for every job handed out to be answered and stops the
 * workers. Returns 0, or -1 after stress_fail. */
int stress_ui_run(struct stress *st, struct stress_ui_counts *counts);

struct stress_clients;

/* Starts the API clients and the fault switcher; NULL after stress_fail. */
struct stress_clients *stress_clients_start(struct stress *st);
/* Joins them (after st->stop), turns the faults off and checks that the
 * tags they made are there and the ones they deleted are not. Returns the
 * requests they made. */
unsigned long stress_clients_finish(struct stress_clients *c);

struct stress_logs;

/* Starts the threads that write to st->log and the logger churn; NULL
 * after stress_fail. */
struct stress_logs *stress_logs_start(struct stress *st);
/* Joins them (after st->stop). */
void stress_logs_join(struct stress_logs *l);
/* After st->log was closed: checks its file at path, every line the
 * writers wrote there once and in order, escaped, and the workers'
 * requests logged too. Frees l. Returns the lines read. */
unsigned long stress_logs_check(struct stress_logs *l, const char *path);

#endif
