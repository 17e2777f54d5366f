#include "ui/ui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/drafts.h"
#include "app/editor.h"
#include "app/files.h"
#include "app/logger.h"
#include "app/text.h"
#include "ui/input.h"
#include "ui/session.h"
#include "ui/term.h"
#include "ui/theme.h"
#include "ui/view.h"

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static struct ui_frame layout(struct app *a, long now)
{
    struct ui_frame f = {.rows = LINES, .cols = COLS, .now = now};
    enum screen_kind shown = app_screen(a);
    f.body_top = shown == SCREEN_TABLE ? VIEW_TABLE_TOP : VIEW_DETAIL_TOP;
    f.body_rows = f.rows - f.body_top - 1;
    if (f.body_rows < 1)
        f.body_rows = 1;
    struct app_layout visible = {.table_rows = f.rows - VIEW_TABLE_TOP - 1,
                                 .detail_rows = f.rows - VIEW_DETAIL_TOP - 1,
                                 .detail_width = f.cols - 22,
                                 .prompt_width = view_status_prompt_width(f.cols),
                                 .help_rows = view_help_key_rows(a, &f),
                                 .form_width = view_form_value_width(f.cols),
                                 .picker_rows = view_picker_rows(&f)};
    app_set_visible(a, &visible);
    return f;
}

/* The view that fills the body for the screen shown. */
static const struct view_ops *body_view(enum screen_kind shown)
{
    switch (shown) {
    case SCREEN_DETAIL:
        return &view_detail;
    case SCREEN_FORM:
        return &view_form;
    case SCREEN_DIFF:
        return &view_diff;
    default:
        return &view_table;
    }
}

/* One frame: the views that make up the current screen, one doupdate. */
static void draw(struct app *a, long now, bool clear_all)
{
    struct ui_frame f = layout(a, now);
    if (clear_all)
        clearok(curscr, TRUE);
    erase();
    if (f.rows < 5 || f.cols < 20) {
        mvaddstr(0, 0, "sendx-tui: the terminal is too small");
    } else {
        const struct view_ops *views[6];
        int n = 0;
        views[n++] = &view_header;
        views[n++] = body_view(app_screen(a));
        if (app_picker_shown(a))
            views[n++] = &view_picker;
        if (app_help_shown(a))
            views[n++] = &view_help;
        if (app_confirm_shown(a))
            views[n++] = &view_confirm;
        views[n++] = &view_status;
        for (int i = 0; i < n; i++)
            views[i]->draw(a, &f);
    }
    /* Shown only where typing happens: the status view put it there for
     * the prompt; a form's or a picker's is placed after every view. */
    int cy, cx;
    bool typing = view_form_cursor(a, &f, &cy, &cx) || view_picker_cursor(a, &f, &cy, &cx);
    if (typing)
        move(cy, cx);
    bool cursor = (app_prompt_shown(a) || typing) && f.rows >= 5 && f.cols >= 20;
    curs_set(cursor ? 1 : 0);
    /* A hidden cursor is left where the drawing ended: moving it back
     * costs bytes every frame (a row move is some 300) for nothing seen. */
    leaveok(stdscr, !cursor);
    wnoutrefresh(stdscr);
    doupdate();
}

static unsigned mouse(struct app *a, const struct input_event *ev, long now)
{
    if (ev->type == INPUT_WHEEL)
        return app_scroll(a, ev->delta * 3, now);
    if (ev->y == 1) {
        int pane = view_header_tab_at(a, ev->x, COLS);
        return pane >= 0 ? app_open_pane(a, pane, now) : 0;
    }
    if (app_context(a) == KEYMAP_TABLE && ev->y == VIEW_TABLE_TOP - 1)
        return table_columns_click(a, ev->x, COLS, now);
    if (app_context(a) == KEYMAP_TABLE && ev->y >= VIEW_TABLE_TOP && ev->y < LINES - 1)
        return app_click_row(a, ev->y - VIEW_TABLE_TOP, now);
    return 0;
}

static unsigned read_input(struct app *a, long now)
{
    unsigned f = 0;
    struct input_event ev;
    while ((ev = input_read()).type != INPUT_NONE) {
        switch (ev.type) {
        case INPUT_KEY:
            f |= app_key(a, ev.key, now);
            break;
        case INPUT_CLICK:
        case INPUT_WHEEL:
            f |= mouse(a, &ev, now);
            break;
        case INPUT_RESIZE:
            f |= APP_REDRAW | APP_CLEAR;
            break;
        case INPUT_PASTE:
            f |= app_paste(a, ev.text, now) | APP_REDRAW;
            free(ev.text);
            break;
        case INPUT_NONE:
            break;
        }
        if (f & APP_QUIT)
            break;
    }
    return f;
}

/* $EDITOR gets the terminal; the app takes what it left. */
static unsigned run_editor(struct app *a, int *stop_signal)
{
    const char *text = app_editor_text(a);
    if (!text)
        return 0;
    char *out = NULL;
    size_t len = 0;
    struct api_error err = {0};
    logger_write(a->cfg.log, "ui: editor %s", editor_command());
    term_pause();
    int rc = editor_run(text, &out, &len, &err);
    term_resume();
    unsigned f = app_editor_done(a, rc, rc == 0 ? out : NULL, len, &err);
    if (term_drop_pause_signals(stop_signal))
        f |= APP_QUIT;
    api_error_clear(&err);
    return f;
}

/* A draft's write that failed is said; the ones that worked are quiet. */
static unsigned read_files(struct app *a, struct queue *files)
{
    unsigned f = 0;
    struct queue_node *n = queue_take_all(files);
    while (n) {
        struct queue_node *next = n->next;
        struct files_result *r = (struct files_result *)n;
        if (r->rc != 0) {
            app_status(a, APP_MSG_WARN, "not kept: %s", api_error_message(&r->err));
            f |= APP_REDRAW;
        }
        files_result_free(r);
        n = next;
    }
    return f;
}

static unsigned read_results(struct app *a, struct queue *results, long now)
{
    unsigned f = 0;
    struct queue_node *n = queue_take_all(results);
    while (n) {
        struct queue_node *next = n->next;
        f |= app_result(a, (struct fetch_result *)n, now);
        n = next;
    }
    return f;
}

/* A resize redraws; Ctrl-z suspends here, in the loop, where curses may
 * be called, and SIGCONT (`fg` after any stop) takes the terminal back,
 * both redrawing everything; any other signal quits, the first one noted
 * in *stop_signal. */
static unsigned read_signals(struct app *a, int *stop_signal)
{
    unsigned f = 0;
    int sig;
    while ((sig = term_next_signal()) != 0) {
        if (sig == SIGWINCH) {
            term_resize();
            f |= APP_REDRAW | APP_CLEAR;
        } else if (sig == SIGTSTP) {
            logger_write(a->cfg.log, "ui: suspended");
            term_suspend();
            logger_write(a->cfg.log, "ui: resumed");
            f |= APP_REDRAW | APP_CLEAR;
        } else if (sig == SIGCONT) {
            term_resume();
            f |= APP_REDRAW | APP_CLEAR;
        } else {
            logger_write(a->cfg.log, "ui: signal %d, quitting", sig);
            if (!*stop_signal)
                *stop_signal = sig;
            f |= APP_QUIT;
        }
    }
    return f;
}

/* Says what went to the clipboard: the id itself, or for a long field
 * its length (the whole of it would not fit the status line). */
static void copied(struct app *a)
{
    size_t chars = text_char_len(a->clipboard);
    char count[32];
    if (chars <= 60)
        app_status(a, APP_MSG_OK, "copied %s", a->clipboard);
    else
        app_status(a, APP_MSG_OK, "copied %s characters", text_thousands((int64_t)chars, count));
}

static void submit_jobs(struct app *a, struct fetch_lanes *w)
{
    struct fetch_job *job = app_take_jobs(a);
    while (job) {
        struct fetch_job *next = (struct fetch_job *)job->node.next;
        fetch_lanes_submit(w, job);
        job = next;
    }
}

/* What the loop does for the flags an update returned, before it
 * sleeps: hand out jobs, run the editor, switch profile or theme, copy,
 * draw. Returns the flags still to act on (APP_QUIT). */
static unsigned settle(struct session_run *run, struct session_shared *sh, unsigned flags,
                       int *stop_signal, const char **fatal)
{
    struct app *a = &run->app;
    long now = now_ms();
    if (flags & APP_JOBS)
        submit_jobs(a, &run->lanes);
    if (flags & APP_QUIT)
        return APP_QUIT;
    if (flags & APP_EDITOR)
        flags |= run_editor(a, stop_signal);
    if (flags & APP_PROFILE) {
        flags |= session_switch(run, sh, now, fatal, stop_signal);
        if (!*fatal)
            submit_jobs(a, &run->lanes);
    }
    if (flags & APP_THEME)
        flags |= session_theme(run, sh);
    if (flags & APP_QUIT)
        return APP_QUIT;
    if (flags & APP_COPY) {
        if (a->clipboard)
            copied(a);
        flags |= APP_REDRAW;
    }
    if (flags & APP_REDRAW)
        draw(a, now, flags & APP_CLEAR);
    if ((flags & APP_COPY) && a->clipboard && term_copy(a->clipboard) != 0)
        app_status(a, APP_MSG_ERROR, "could not copy: out of memory");
    return 0;
}

/* Runs until the user quits (0), a signal ends it (its number), poll
 * fails or a session cannot start (-1, *fatal says why). The terminal
 * going away counts as quitting. */
static int loop(struct session_run *run, struct session_shared *sh, struct queue *files,
                const char **fatal)
{
    unsigned flags = APP_REDRAW | APP_JOBS;
    int stop_signal = 0;
    struct pollfd fds[4] = {
        {.fd = STDIN_FILENO, .events = POLLIN},
        {.fd = queue_wake_fd(sh->results), .events = POLLIN},
        {.fd = term_signal_fd(), .events = POLLIN},
        {.fd = queue_wake_fd(files), .events = POLLIN},
    };
    for (;;) {
        if (settle(run, sh, flags, &stop_signal, fatal) & APP_QUIT)
            return *fatal ? -1 : stop_signal;
        struct app *a = &run->app;
        long now = now_ms();
        int rc = poll(fds, 4, (int)app_timeout(a, now));
        now = now_ms();
        flags = 0;
        if (rc < 0 && errno != EINTR) {
            *fatal = "cannot wait for input (poll failed)";
            return -1;
        }
        if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
            return 0; /* the terminal went away */
        if (rc > 0 && (fds[2].revents & POLLIN))
            flags |= read_signals(a, &stop_signal);
        if (rc > 0 && (fds[1].revents & POLLIN))
            flags |= read_results(a, sh->results, now);
        if (rc > 0 && (fds[3].revents & POLLIN))
            flags |= read_files(a, files);
        if (rc > 0 && (fds[0].revents & POLLIN))
            flags |= read_input(a, now);
        flags |= app_tick(a, now);
    }
}

/* The thread that writes drafts; without it a form still works, its
 * drafts are just not kept (said in the log and when a form opens). */
static struct files_writer *drafts_writer(struct queue *files, struct logger *log)
{
    struct api_error err = {0};
    struct files_writer *w = files_writer_start(files, &err);
    if (!w)
        logger_write(log, "warning: drafts are not kept: %s", api_error_message(&err));
    api_error_clear(&err);
    return w;
}

/* The app is ending: queued draft writes land first, then every form
 * with changes is written now, so nothing typed is lost. */
static void drafts_stop(struct session_run *run, struct files_writer *w, struct queue *files)
{
    files_writer_stop(w);
    files_results_drain(files);
    if (run->app_up && app_save_drafts_now(&run->app) > 0)
        fprintf(stderr, "sendx-tui: a draft could not be kept (see the log)\n");
}

/* The terminal and the first frame's colours, then the loop. Returns the
 * loop's outcome, or -1 when the terminal could not be had (*why). */
static int run_terminal(struct session_run *run, struct session_shared *sh, struct queue *files,
                        const char *notice, const char **why)
{
    if (term_open(why) != 0)
        return -1;
    theme_init(session_theme_spec(sh, run->session.theme));
    if (notice)
        app_status(&run->app, APP_MSG_WARN, "%s", notice);
    const char *fatal = NULL;
    int ended = loop(run, sh, files, &fatal);
    term_close();
    if (ended < 0)
        *why = fatal ? fatal : "stopped by an error";
    return ended;
}

int ui_run(struct ui_options *opts, const char **why, int *stop_signal)
{
    struct queue results, files;
    struct session_shared sh = {0};
    struct session_run run = {0};
    struct files_writer *writer = NULL;
    int status = 1;
    *stop_signal = 0;
    if (queue_init(&results, true) != 0) {
        *why = "cannot make the result queue";
        ui_session_free(&opts->session);
        return 1;
    }
    if (queue_init(&files, true) != 0) {
        *why = "cannot make the file queue";
        queue_destroy(&results);
        ui_session_free(&opts->session);
        return 1;
    }
    writer = drafts_writer(&files, opts->log);
    sh = (struct session_shared){.http = opts->http,
                                 .log = opts->log,
                                 .config = opts->config,
                                 .themes = opts->themes,
                                 .open_session = opts->open_session,
                                 .open_ctx = opts->open_ctx,
                                 .results = &results,
                                 .writer = writer};
    if (session_shared_init(&sh) != 0) {
        *why = "out of memory";
        ui_session_free(&opts->session);
    } else if (session_start(&run, &sh, &opts->session, now_ms(), why) == 0) {
        int ended = run_terminal(&run, &sh, &files, opts->notice, why);
        if (ended >= 0) {
            *stop_signal = ended;
            status = 0;
        }
    }
    drafts_stop(&run, writer, &files);
    session_stop(&run, &sh);
    session_shared_free(&sh);
    queue_destroy(&results);
    queue_destroy(&files);
    logger_write(opts->log, "ui: stopped");
    return status;
}
