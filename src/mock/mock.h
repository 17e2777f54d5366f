/* sendx-mock as a library: a local server that behaves like the SendX
 * REST API (same paths, methods, status codes, bodies and error format),
 * with seeded data, fault injection and optional TLS. The sendx-mock
 * binary and `sendx-tui --demo` both embed it.
 *
 * Besides the API, it serves control endpoints outside the API's paths:
 *   GET /_mock/faults            the fault settings as JSON
 *   PUT|POST /_mock/faults {..}  changes the settings named in the object
 *   DELETE /_mock/faults         turns every fault off
 *   GET /_mock/sent              what the send endpoints "sent" (below)
 *   DELETE /_mock/sent           forgets it (answering the empty array)
 * They take the same X-Team-ApiKey as the API; no fault touches them. */
#ifndef SENDX_MOCK_H
#define SENDX_MOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "api/api_error.h"
#include "mock/faults.h"

struct mock_options {
    const char *host;       /* address to bind; "127.0.0.1" by default */
    unsigned port;          /* 0: a free port (see mock_server_port) */
    const char *api_key;    /* the only key accepted */
    bool seed_data;         /* fill the store with demo data at start */
    uint64_t seed;          /* same seed, same data and ids */
    long contacts;          /* how many contacts to seed (up to 1,000,000) */
    bool hostile;           /* seed records made to break clients instead (seed.h) */
    const char *state_file; /* NULL, or loaded at start (if it exists) and saved at stop */
    const char *tls_cert;   /* PEM paths; both or neither */
    const char *tls_key;
    struct mock_faults faults;
};

/* 127.0.0.1, port 0, key "mock-api-key", seeded (seed 1, 500 contacts),
 * not hostile, no faults. */
struct mock_options mock_options_default(void);

struct mock_server;

/* Builds the state and starts serving on its own threads. The options'
 * strings are copied. NULL with err filled if anything fails. */
struct mock_server *mock_server_start(const struct mock_options *opts, struct api_error *err);

/* The bound port, and "http[s]://HOST:PORT" (borrowed, lives as long as s). */
unsigned mock_server_port(const struct mock_server *s);
const char *mock_server_url(const struct mock_server *s);

/* The fault settings now in force; replaced atomically. */
struct mock_faults mock_server_faults(struct mock_server *s);
void mock_server_set_faults(struct mock_server *s, const struct mock_faults *f);

/* API requests answered or dropped since the start (the control
 * endpoints and refused keys not counted): for tests that a client
 * stopped asking. */
unsigned long mock_server_requests(struct mock_server *s);

/* Every message the send endpoints accepted since the start or the last
 * clear, oldest first (the newest 1000 at most), as a JSON array of
 * {"endpoint", "message", "results"} objects (routes.h says what each
 * holds): a heap string the caller frees, or NULL if out of memory. */
char *mock_server_sent_json(struct mock_server *s);
void mock_server_sent_clear(struct mock_server *s);

/* Stops serving (waiting for requests in flight), saves the state file if
 * one was given, and frees everything. Returns -1 with err if saving
 * failed; s is freed either way. NULL is fine. */
int mock_server_stop(struct mock_server *s, struct api_error *err);

#endif
