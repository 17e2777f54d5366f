/* The app driven without a terminal or threads (app_fixture.c): one app
 * per test, set up by fixture_setup and freed by fixture_teardown; keys
 * and synthetic fetch results go in, state and queued jobs come out. */
#ifndef TESTS_APP_FIXTURE_H
#define TESTS_APP_FIXTURE_H

#include <stddef.h>

#include "app/app.h"

#define MAX_JOBS 256

extern struct app app;
extern struct fetch_job *jobs[MAX_JOBS]; /* queued jobs pulled from the app, owned here */
extern size_t n_jobs;
extern long now;

/* Moves the app's queued jobs into jobs[]. */
void pull(void);
/* Takes the oldest queued job for purpose (and pane, if >= 0) out of
 * jobs[]: the caller's now. NULL if none. */
struct fetch_job *take(enum fetch_purpose purpose, int pane);
size_t count_jobs(enum fetch_purpose purpose, int pane);
/* The same, leaving out the jobs the app cancelled (pages asked ahead of
 * a load that ended). */
size_t count_live_jobs(enum fetch_purpose purpose, int pane);
/* Record i of kind: its id, and a name or email to tell it by. */
void fill_record(enum sendx_kind kind, void *rec, long i, const char *tag);
/* A successful page answering job (taken) with n records numbered from
 * first; every tag_every-th contact gets tag. */
struct fetch_result *page_tagged(struct fetch_job *job, size_t n, long first, int tag_every,
                                 const char *tag);
struct fetch_result *page_for(struct fetch_job *job, size_t n, long first, int tag_every);
/* Answers the oldest pane job with a page numbered after its offset. */
unsigned answer(int pane, size_t n);
/* What the status line says now ("" for nothing), and how. */
const char *status_now(void);
enum app_level level_now(void);
/* Moves a page of contacts into p's plain (or, with search, search) rows
 * and from there into its view, as a page the server sent; frees page. */
void fixture_pane_take(struct app_pane *p, bool search, struct sendx_page *page);
/* Types s (UTF-8) as keys, a character each. */
void type(const char *s);

/* The screen's layout the tests assume, told to the app. */
void fixture_layout(void);
void fixture_setup(void);
void fixture_teardown(void);

#endif
