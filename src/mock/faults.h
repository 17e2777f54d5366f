/* The faults the mock can inject, as plain settings, and their JSON form
 * for the /_mock/faults control endpoint and the command line. */
#ifndef SENDX_MOCK_FAULTS_H
#define SENDX_MOCK_FAULTS_H

#include <stdbool.h>

#include "api/api_error.h"

struct mock_faults {
    long rate_limit;       /* API requests allowed per window; 0: unlimited */
    long rate_window_ms;   /* the window; 0 means 1000 */
    double error_rate;     /* share of requests answered with error_status (0..1) */
    int error_status;      /* 500, 502 or 503; 0 picks one of them each time */
    long latency_ms;       /* added before every answer */
    long dribble_ms;       /* pause before each small chunk of a body */
    double drop_rate;      /* share of requests carried out, then closed unanswered */
    double truncate_rate;  /* share of bodies cut short */
    double malformed_rate; /* share of bodies made invalid JSON */
    /* Every list answered as if offset were absent, so each page repeats
     * the first: a server bug a client's pager must survive. */
    bool ignore_offset;
};

/* Applies the keys present in a JSON object ("rate_limit", "error_rate",
 * ...) onto *f; other settings stay. Numbers, but a switch such as
 * "ignore_offset" takes true or false (or 1 or 0). -1 with err (and *f untouched) on
 * text that is not such an object or a value out of range. */
int faults_from_json(const char *text, struct mock_faults *f, struct api_error *err);

/* Every setting as a JSON object; a heap string the caller frees, or NULL. */
char *faults_to_json(const struct mock_faults *f);

/* Sets one setting by its JSON name from text (for command-line flags):
 * a number, or for a switch "1" or "0". */
int faults_set(struct mock_faults *f, const char *name, const char *value, struct api_error *err);

#endif
