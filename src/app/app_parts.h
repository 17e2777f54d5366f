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
/* The screen on top, and the topmost that is not an overlay (what fills
 * the body). Borrowed. */
struct screen *app_top(const struct app *a);
struct screen *app_base(const struct app *a);
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
unsigned screen_table_page(struct app *a, struct fetch_result *r, long now);
/* A 429 for pane idx: its pages are asked one at a time for this load. */
void screen_table_throttle(struct app *a, int idx);
/* Opens the contacts of a list or tag over the current screen. */
unsigned screen_table_contacts_of(struct app *a, enum sendx_kind kind, const char *id,
                                  const char *name, long now);
/* The debounced search of the current pane, when due. */
unsigned screen_table_tick(struct app *a, long now);
bool screen_table_can_search(const struct app_pane *p);
/* Whether pane idx goes on loading while out of sight (the contacts-of
 * scan): leaving it then cancels nothing. */
bool screen_table_keeps_loading(const struct app *a, int idx);
/* The table's columns (table_columns.c): scrolled sideways (columns.left,
 * columns.right), chosen and ordered (:columns), sorted by name (:sort
 * COLUMN, the name in a->command_arg). APP_* flags. */
unsigned screen_table_columns(struct app *a, enum action act, long now);

/* ---- what tables learn apart from their records (metrics.c) ---- */

/* :count: counts the contacts of every list and tag in the background
 * (a scan already running goes on), showing the CONTACTS column of the
 * Lists or Tags table it was asked on. APP_* flags. */
unsigned app_metrics_count(struct app *a, long now);
/* A FETCH_FOR_REPORTS or FETCH_FOR_COUNTS result (r stays the caller's). */
unsigned app_metrics_result(struct app *a, struct fetch_result *r, long now);
/* Asks for the reports the Campaigns table shows and a failed count page
 * again when due. APP_* flags. */
unsigned app_metrics_tick(struct app *a, long now);
/* Milliseconds until app_metrics_tick has a retry due, or -1. */
long app_metrics_timeout(const struct app *a, long now);
/* A list's or tag's detail: its contact count, when it was taken. */
int app_metrics_detail(const struct app *a, const struct app_detail *d, struct detail_lines *l);

/* ---- the configuration and switching (switch.c) ---- */

/* The configuration's key bindings, the profile's start pane, page size
 * and columns, and the theme in use, into a fresh app. Returns -1 if out
 * of memory; a column choice that cannot be made is said, not fatal. */
int app_settings_apply(struct app *a);
/* :profile NAME, :theme NAME (the name in a->command_arg; none: what is
 * in use and what else there is). APP_* flags. */
unsigned app_switch_profile(struct app *a);
unsigned app_switch_theme(struct app *a);
/* What the app remembers for the next run (state.h), written through the
 * files writer when it changes: the resource pane shown, the history. */
void app_remember_pane(struct app *a);
void app_remember_history(struct app *a);
/* Whether a write is on its way (quitting or switching would cut it off
 * unanswered). */
bool app_writing(const struct app *a);

/* ---- the detail (screen_detail.c) ---- */

/* The record (now the screen's, of kind's type) in a detail over the
 * current screen, asked again in full. */
unsigned screen_detail_open(struct app *a, enum sendx_kind kind, void *record, long now);

/* ---- overlays ---- */

unsigned screen_help_open(struct app *a, long now);
/* The help's filter (screen_help.c), from its prompt. */
void screen_help_set_filter(struct screen *help, const char *text);
unsigned screen_prompt_open(struct app *a, enum app_prompt_kind kind, long now);

/* What a confirmation does on y; ctx is what the asker gave. */
typedef unsigned app_confirm_fn(struct app *a, void *ctx, long now);
/* Asks question (copied); on y runs yes(ctx). ctx_free (may be NULL)
 * frees ctx whatever the answer, and at once if out of memory. */
unsigned screen_confirm_open(struct app *a, const char *question, app_confirm_fn *yes, void *ctx,
                             void (*ctx_free)(void *ctx), long now);
/* The same with words for the answers (static) and a third one, other
 * (confirm.other), that runs other_fn(ctx). */
struct confirm_answers {
    const char *yes, *no, *other;
    app_confirm_fn *other_fn;
};
unsigned screen_confirm_ask(struct app *a, const char *question,
                            const struct confirm_answers *words, app_confirm_fn *yes, void *ctx,
                            void (*ctx_free)(void *ctx), long now);

/* A detail screen showing kind's record with record's id shows a copy
 * of record instead. Any other screen is left alone. */
void screen_detail_replace(struct app *a, struct screen *s, enum sendx_kind kind,
                           const void *record);

/* ---- forms (screen_form.c, screen_picker.c, screen_diff.c) ---- */

struct draft;
/* A form over the current screen: a new record of kind (record NULL) or
 * record edited (borrowed), its rows then filled from values (a draft's
 * or a record to duplicate; may be NULL). from (may be NULL) is the
 * draft it reopens, taken. */
unsigned screen_form_open(struct app *a, enum sendx_kind kind, const void *record,
                          const void *values, struct draft *from, long now);
/* Sends change (taken) as the update of form s's record, checked first
 * against check_against (borrowed; NULL: overwrite). */
unsigned screen_form_send_update(struct app *a, struct screen *s, void *change,
                                 const void *check_against, long now);
bool screen_is_form(const struct screen *s);
/* Writes form s's draft now if it changed: 0, or -1 with err. */
int screen_form_save_draft_now(struct app *a, struct screen *s, struct api_error *err);
/* The draft's debounced write, and when it is due (0: nothing). */
unsigned screen_form_tick(struct app *a, struct screen *s, long now);
long screen_form_due(const struct screen *s);
/* A picker for row field of form (a screen_is_form screen). */
unsigned screen_picker_open(struct app *a, struct screen *form, size_t field, long now);
/* What a form does with the one record chosen (id borrowed). */
typedef unsigned screen_picked_fn(struct app *a, struct screen *form, const char *id, long now);
/* A single-select picker over kind's names, for form; Enter hands the
 * id under the cursor to picked. */
unsigned screen_picker_choose(struct app *a, struct screen *form, enum sendx_kind kind,
                              const char *title, screen_picked_fn *picked, long now);
/* The conflict r (a FETCH_UPDATE stopped for one) met, over form; takes
 * the server's copy and the conflicts from r. */
unsigned screen_diff_open(struct app *a, struct screen *form, struct fetch_result *r, long now);
/* The custom fields a contact form lists (borrowed until the next name
 * load). */
const struct form_custom *app_custom_fields(struct app *a, size_t *n);
/* The custom fields of a page the name loads fetched, types and all. */
void app_note_custom_fields(struct app *a, const struct sendx_page *page);
/* A custom field saved or deleted: the contact form follows at once. */
void app_custom_field_saved(struct app *a, const struct sendx_field *fd);
void app_custom_field_deleted(struct app *a, const char *id);
/* The senders of a page the name loads fetched, addresses and all. */
void app_note_senders(struct app *a, const struct sendx_page *page);
void app_edits_free(struct app *a);

/* Opens the form to edit record (or create, record NULL) of kind, as
 * the API allows; a campaign offers a copy as a new draft instead. */
unsigned app_edit(struct app *a, enum sendx_kind kind, const void *record, long now);
unsigned app_new(struct app *a, enum sendx_kind kind, long now);

/* :send-test ADDRESS (send_test.c): the address is a->command_arg. */
unsigned app_send_test(struct app *a, enum sendx_kind kind, const void *record, long now);

/* ---- writes (writes.c) ---- */

/* In read-only mode says so (what: "delete") and returns true. */
bool app_refuse_write(struct app *a, const char *what);
/* The member holding kind's `updated` time (the conflict check's), or
 * -1 for a kind that has none. */
int app_updated_member(enum sendx_kind kind);
/* What people call a record ("ana@example.com"), fitted into buf. */
const char *app_record_title(enum sendx_kind kind, const void *record, char *buf, size_t n);
/* The server's answer to a save shown at once: the rows of every pane of
 * kind (a new record added to its resource pane), the name caches, the
 * details on the stack. record is borrowed. */
void app_record_saved(struct app *a, enum sendx_kind kind, const void *record, bool created);
/* A deleted record leaves every pane, and its detail closes. */
void app_record_deleted(struct app *a, enum sendx_kind kind, const char *id, long now);
/* Asks, then deletes record (or unsubscribes a contact) on the user lane. */
unsigned app_delete(struct app *a, enum sendx_kind kind, const void *record, long now);
unsigned app_unsubscribe(struct app *a, enum sendx_kind kind, const void *record, long now);
/* A write's result that no screen took (FETCH_FOR_SAVE). */
unsigned app_write_result(struct app *a, struct fetch_result *r, long now);

#endif
