/* What the parts of the app (app.c's dispatch, the status, each screen)
 * share among themselves; the UI and tests use app.h only. UI thread
 * only; no curses. */
#ifndef SENDX_APP_APP_PARTS_H
#define SENDX_APP_APP_PARTS_H

#include "app/app.h"
#include "app/screen.h"

/* ---- the stack (app.c) ---- */

/* Puts s (now the stack's) on top, covering the screen below, and makes
 * its pane the current one. Past APP_BACK_MAX views below, the oldest is
 * forgotten. Returns APP_* flags; if s is NULL (its constructor ran out
 * of memory) says so and changes nothing. */
unsigned app_push(struct app *a, struct screen *s, long now);
/* Frees the top screen and uncovers the one below. The bottom screen is
 * never popped: returns 0 then. */
unsigned app_pop(struct app *a, long now);
/* The screen below s, or NULL. Borrowed. */
struct screen *app_below(const struct app *a, const struct screen *s);

/* ---- jobs (app.c) ---- */

/* Queues job and tracks it (jobs.h). Returns its id, or 0 (job freed,
 * message shown) if out of memory. */
unsigned long app_submit(struct app *a, struct fetch_job *job, enum fetch_purpose purpose, int pane,
                         unsigned long gen);

/* ---- status (status.c) ---- */

/* A message about pane idx's rows: shown only while that pane is. */
void app_pane_status(struct app *a, int idx, enum app_level level, enum action hint,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Forgets the message for any view (a new view has its own to say). */
void app_status_clear(struct app *a);
void app_pane_status_clear(struct app *a, int idx);
/* Puts id on the clipboard if it is a SendX id, saying why not else. */
unsigned app_copy(struct app *a, const char *id);

/* ---- the table (screen_table.c) ---- */

/* A pane's table as a screen. NULL if out of memory. */
struct screen *screen_table_new(int pane);
/* Asks for the next page of pane idx's shown rows when its cursor nears
 * their end (or everything is wanted). */
unsigned screen_table_ensure_rows(struct app *a, int idx);
/* Drops what pane idx waits for; returns whether a page of its plain
 * rows was cancelled. */
bool screen_table_invalidate(struct app *a, int idx);
/* The current pane's filter becomes text (NULL/"" clears), live. */
unsigned screen_table_set_filter(struct app *a, const char *text, long now);
/* A page for a pane (FETCH_FOR_PANE). */
unsigned screen_table_page(struct app *a, struct fetch_result *r);
/* Opens the contacts of a list or tag over the current screen. */
unsigned screen_table_contacts_of(struct app *a, enum sendx_kind kind, const char *id,
                                  const char *name, long now);
/* The debounced search of the current pane, when due. */
unsigned screen_table_tick(struct app *a, long now);
bool screen_table_can_search(const struct app_pane *p);

/* ---- the detail (screen_detail.c) ---- */

/* The record (now the screen's, of kind's type) in a detail over the
 * current screen, asked again in full. */
unsigned screen_detail_open(struct app *a, enum sendx_kind kind, void *record, long now);

/* ---- overlays ---- */

unsigned screen_help_open(struct app *a, long now);
/* The help's filter (screen_help.c), from its prompt. */
void screen_help_set_filter(struct screen *help, const char *text);
unsigned screen_prompt_open(struct app *a, enum app_prompt_kind kind, long now);

#endif
