/* The application state and its update logic, without curses or threads.
 *
 * The UI thread owns a struct app. Keys (app_key), finished fetches
 * (app_result) and timers (app_tick) change it and return APP_* flags
 * saying what the main loop should do next; the fetches the state needs
 * are queued as jobs the loop takes with app_take_jobs and hands to the
 * fetch worker. Tests drive it the same way with synthetic results.
 *
 * Times are milliseconds on a monotonic clock, passed in by the caller. */
#ifndef SENDX_APP_APP_H
#define SENDX_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/model.h"
#include "api/retry.h"
#include "api/sendx.h"
#include "app/ahead.h"
#include "app/changes.h"
#include "app/columns.h"
#include "app/command.h"
#include "app/counts.h"
#include "app/detail.h"
#include "app/drafts.h"
#include "app/fetch.h"
#include "app/form.h"
#include "app/jobs.h"
#include "app/keymap.h"
#include "app/line.h"
#include "app/name_loads.h"
#include "app/names.h"
#include "app/pane.h"
#include "app/picker.h"
#include "app/reports.h"
#include "app/screen.h"

struct logger;

/* What the main loop should do after an update. */
enum app_flags {
    APP_REDRAW = 1u << 0,  /* the screen changed */
    APP_QUIT = 1u << 1,    /* leave the loop */
    APP_JOBS = 1u << 2,    /* jobs wait in app_take_jobs */
    APP_COPY = 1u << 3,    /* put app.clipboard on the clipboard (OSC 52) */
    APP_CLEAR = 1u << 4,   /* repaint the whole terminal */
    APP_EDITOR = 1u << 5,  /* hand the terminal to $EDITOR: app_editor_text, app_editor_done */
    APP_PROFILE = 1u << 6, /* open the profile app_wanted names, in place of this session */
    APP_THEME = 1u << 7,   /* draw with the theme app_wanted names: app_theme_done */
};

/* The nine resource panes in tab order, then the contacts of one list or
 * tag (reached from that list's or tag's detail view). */
#define APP_RESOURCE_PANES   SENDX_KIND_COUNT
#define APP_PANE_CONTACTS_OF SENDX_KIND_COUNT
#define APP_PANES            (SENDX_KIND_COUNT + 1)

/* Debounce before a search goes to the server, and its minimum length. */
#define APP_SEARCH_DELAY_MS 300
#define APP_SEARCH_MIN      2
/* Rows of a normal page; a full load (G, contacts of a list) uses the
 * endpoint's maximum. */
#define APP_PAGE_ROWS 100

/* FIND: the search in the detail's record, n and N then step through it. */
enum app_prompt_kind { APP_PROMPT_FILTER, APP_PROMPT_COMMAND, APP_PROMPT_HELP, APP_PROMPT_FIND };
enum app_level { APP_MSG_INFO, APP_MSG_OK, APP_MSG_WARN, APP_MSG_ERROR };

/* A message for the status line. Each pane keeps the last one about its
 * rows, shown only on that pane, and one more is for any view; the
 * newer of the two applicable is shown. A hint names an action that
 * helps ("r to retry"), drawn with the key bound to it and kept when the
 * text is shortened to fit. */
struct app_message {
    char *text; /* owned; NULL: nothing to say */
    enum app_level level;
    enum action hint;  /* ACTION_NONE, or e.g. ACTION_REFRESH */
    unsigned long seq; /* when it was said: larger is newer */
};

/* How far Back retraces; beyond it the oldest view is forgotten. */
#define APP_BACK_MAX 16

struct files_writer;

struct config;
struct config_profile;

struct app_config {
    const char *profile; /* the profile in use, named in the header; NULL: none */
    const char *where;   /* "demo · URL" or the base URL, for the header */
    bool readonly;       /* every write refused, and said so */
    struct logger *log;  /* may be NULL */
    /* Where a form's draft is kept, and the thread that writes it; either
     * NULL: no drafts (tests), said when a form opens. Borrowed. */
    const char *drafts_dir;
    struct files_writer *files;
    /* The key bindings (config_load checked them), and the profile's
     * start pane, page size and columns. Borrowed; NULL: the defaults. */
    const struct config *config;
    const struct config_profile *settings;
    /* What `:profile` and `:theme` offer, NULL-terminated, borrowed (NULL:
     * none), and the theme in use. */
    const char *const *profiles;
    const char *const *themes;
    const char *theme;
    /* What an earlier run left (state.h): the commands typed (copied), and
     * the pane this profile was last on (-1: none); and where to keep
     * them, through files (NULL: not kept). */
    const struct command_history *history;
    int last_pane;
    const char *history_path;
    const char *pane_path;
};

/* A form being filled in (form.h), and its save. */
struct app_form {
    struct form form;
    unsigned long save_job;     /* the save on its way (the spinner turns), or 0 */
    long autosave_due;          /* when the draft is written next; 0: nothing new */
    bool editor_wanted;         /* the focused long text goes to $EDITOR */
    unsigned long template_gen; /* a template asked for, its HTML to copy: the job's generation */
    struct draft draft;         /* the draft's file name and last values */
};

/* A picker over a form's row. */
struct app_picker {
    struct picker picker;
};

/* The conflict a save met: the server's copy and what differs. */
struct app_diff {
    enum sendx_kind kind;
    void *server_now; /* owned, kind's type */
    struct changes_conflicts conflicts;
    size_t scroll;
};

/* The help overlay: which keys it lists, from where. */
struct app_help {
    char *filter; /* owned or NULL */
    size_t scroll;
};

/* The prompt on the status line: a filter, a command, the help's filter. */
struct app_prompt {
    enum app_prompt_kind kind;
    struct line line;
    char *saved;          /* the text before it opened, restored by Esc; owned */
    unsigned long opened; /* app.next_seq when it opened: what is said later is about it */
};

/* A question asked before something that cannot be taken back. */
struct app_confirm {
    char *question; /* owned; draw through text_fit */
    /* What y, n and the third key (when other is not NULL) do, in a word
     * or two for the keys' line: static. */
    const char *yes, *no, *other;
};

/* Screens on the stack at most: the views Back retraces and overlays. */
#define APP_STACK_MAX (APP_BACK_MAX + 8)

struct app {
    struct app_pane panes[APP_PANES];
    struct columns_pane columns[APP_PANES]; /* which columns each shows, and how scrolled */
    struct columns_fit fit[APP_PANES];      /* how wide their rows on screen need them */
    /* Each pane's pages asked ahead while it loads whole: [pane][search]. */
    struct page_ahead ahead[APP_PANES][2];
    int current; /* index into panes: the pane of the screen shown */
    /* The screens, bottom first (screen.h); the bottom one is a table. */
    struct screen *stack[APP_STACK_MAX];
    size_t depth;

    struct command_history history;

    struct names names;
    struct name_loads name_loads;
    struct reports reports;    /* the campaigns' reports the Campaigns table shows */
    struct counts counts;      /* the contacts of each list and tag, when counted */
    struct column_facts facts; /* the three above, for the columns (and panes) to read */

    struct app_message status;                 /* for any view */
    struct app_message pane_status[APP_PANES]; /* about that pane's rows */
    unsigned long next_seq;
    long retry_until;  /* a retry countdown ends then; 0 if none */
    long retry_status; /* its HTTP status (0: network) */

    char *clipboard; /* owned: what APP_COPY should copy */

    struct jobs jobs;
    unsigned long next_gen;

    int rows_visible; /* table rows on screen, from the UI */
    int detail_visible;
    int help_visible; /* rows of keys the help box shows */
    int detail_width; /* cells for a detail value before it wraps */
    int prompt_width; /* cells the prompt's field has on screen */
    int form_width;   /* cells a form's text field has */
    int picker_visible;
    /* The custom fields, as the name loads found them (their types too). */
    struct form_custom *custom_fields; /* their strings owned */
    char *command_arg; /* owned: what followed the `:` command word, for its action */
    /* The senders, as the name loads found them: a test is sent from one. */
    struct sendx_objects senders; /* model_sender_type records, owned */
    size_t n_custom_fields;
    int page_size;       /* rows a page asks for: the profile's page_size */
    int remembered_pane; /* the pane last written to cfg.pane_path */
    char *theme;         /* owned: the theme in use */
    char *wanted;        /* owned: the profile or theme APP_PROFILE or APP_THEME asks for */
    struct keymap keys;
    struct app_config cfg;
};

/* Sets up the state and queues the first jobs (the first pane's first
 * page, the name caches). Returns -1 if out of memory; app_free either
 * way. */
int app_init(struct app *a, const struct app_config *cfg, long now);
/* Fires every in-flight cancel token and frees everything. */
void app_free(struct app *a);

/* The key context in force: the top screen's. */
enum keymap_context app_context(const struct app *a);

/* What is shown, for drawing (all borrowed, NULL when not shown): the
 * topmost screen that is not an overlay (a table or a detail, drawn
 * whole), and the overlays over it. */
enum screen_kind app_screen(const struct app *a);
const struct app_detail *app_detail_shown(const struct app *a);
const struct app_help *app_help_shown(const struct app *a);
const struct app_prompt *app_prompt_shown(const struct app *a);
const struct app_confirm *app_confirm_shown(const struct app *a);
const struct app_form *app_form_shown(const struct app *a);
const struct app_picker *app_picker_shown(const struct app *a);
const struct app_diff *app_diff_shown(const struct app *a);

/* $EDITOR (APP_EDITOR): the text to edit, borrowed, or NULL when nothing
 * waits for it; then the outcome: rc 0 with the edited text (taken, len
 * bytes), or -1 with err. */
const char *app_editor_text(const struct app *a);
unsigned app_editor_done(struct app *a, int rc, char *text, size_t len,
                         const struct api_error *err);

/* The profile or theme asked for by APP_PROFILE or APP_THEME, borrowed. */
const char *app_wanted(const struct app *a);
/* The loop's answer to APP_THEME: drawn with the theme (problem NULL), or
 * not, with what stopped it. APP_* flags. */
unsigned app_theme_done(struct app *a, const char *problem);
/* The loop's answer to APP_PROFILE when the profile could not be opened
 * (this session goes on). APP_* flags. */
unsigned app_profile_failed(struct app *a, const char *problem);

/* Whether a form with changes is open (quitting keeps it as a draft). */
bool app_has_changes(const struct app *a);
/* Writes every changed form's draft now, on this thread: for a process
 * that is ending. Returns how many could not be written (each said in
 * the log). */
int app_save_drafts_now(struct app *a);
/* Offers the drafts found at start, newest first (taken: list emptied). */
unsigned app_offer_drafts(struct app *a, struct drafts_list *list, long now);
/* How many views Back would retrace. */
size_t app_back_depth(const struct app *a);

/* The detail view's lines at its current width, fold hints naming the
 * key bound to detail.expand. out is the caller's: detail_lines_free. */
struct detail_lines;
int app_detail_lines(const struct app *a, struct detail_lines *out);

/* Whether Back returns to an earlier view (rather than clearing the
 * filter or quitting). */
bool app_can_go_back(const struct app *a);

/* The context the help overlay describes (the view under it). */
enum keymap_context app_help_context(const struct app *a);

/* A key as read from the terminal (keys.h). */
unsigned app_key(struct app *a, int key, long now);
/* Text the terminal marked as pasted: typed into the top screen if it
 * takes text, never read as keys (a newline in it is not Enter). */
unsigned app_paste(struct app *a, const char *utf8, long now);
unsigned app_action(struct app *a, enum action action, long now);
/* Takes ownership of r. */
unsigned app_result(struct app *a, struct fetch_result *r, long now);
/* Timers: the debounced search, countdowns, the spinner. */
unsigned app_tick(struct app *a, long now);
/* Milliseconds until app_tick has something to do, or -1: sleep. */
long app_timeout(const struct app *a, long now);

/* The queued jobs, oldest first (a list through node.next), now the
 * caller's; each already has its id and generation. */
struct fetch_job *app_take_jobs(struct app *a);

/* Layout from the UI, before each frame: what the views can show. */
struct app_layout {
    int table_rows;   /* table rows on screen */
    int detail_rows;  /* detail lines on screen */
    int detail_width; /* cells for a detail value before it wraps */
    int prompt_width; /* cells for the prompt's text */
    int help_rows;    /* rows of keys the help box shows */
    int form_width;   /* cells for a form's text field */
    int picker_rows;  /* rows of a picker's list */
};
void app_set_visible(struct app *a, const struct app_layout *layout);
/* Mouse: select the n-th visible row; scroll by delta rows; open a pane. */
unsigned app_click_row(struct app *a, int n, long now);
unsigned app_scroll(struct app *a, int delta, long now);
unsigned app_open_pane(struct app *a, int pane, long now);

/* Messages for the status line (formatted; replaces the last one), for
 * any view. Warnings and errors also go to the log, in full. */
void app_status(struct app *a, enum app_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* How a message names the way to do act from ctx: the first key bound to
 * it there ("r"), else its command (":refresh"), else its action's name;
 * into buf. Returns buf. */
const char *app_key_for(const struct app *a, enum keymap_context ctx, enum action act, char *buf,
                        size_t n);

/* The message the status line shows now, or NULL: one about another pane
 * is not shown. Borrowed. */
const struct app_message *app_status_shown(const struct app *a);

/* Reading the state for drawing: all borrowed (pane.h reads a pane). */
struct app_pane *app_current(struct app *a);
/* The title of pane i ("Contacts", "Contacts of Newsletter"). */
const char *app_pane_title(const struct app *a, int i, char *buf, size_t n);
/* What the filter ran on: "server", "local", "local, searching server". */
const char *app_filter_scope(const struct app_pane *p);
/* Whether any job is in flight, and a word on what for (into buf). */
bool app_loading(const struct app *a, char *buf, size_t n);

#endif
