/* The screens the user moves between, as a stack: a pane's table at the
 * bottom, then what was opened over it (a record's detail, the contacts
 * of a list, a form), and overlays on top (help, the prompt, a picker, a
 * confirmation). Back pops the top screen; opening a resource pane
 * starts a new stack.
 *
 * Each screen is a struct screen_ops and its own state: what it does
 * with an action, with typed text, with a fetch result; what happens when
 * another screen covers it (its fetches are cancelled: a covered screen
 * gets no results) and when it is on top again (it asks again). app.c
 * only dispatches: an action goes to the top screen, and what it does not
 * take goes to the app's global actions.
 *
 * UI thread only; no curses. */
#ifndef SENDX_APP_SCREEN_H
#define SENDX_APP_SCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "app/action.h"
#include "app/keymap.h"

struct app;
struct fetch_result;

enum screen_kind {
    SCREEN_TABLE,
    SCREEN_DETAIL,
    SCREEN_HELP,
    SCREEN_PROMPT,
    SCREEN_CONFIRM,
    SCREEN_FORM,
    SCREEN_PICKER,
    SCREEN_DIFF,
};

/* Returned by a handler that leaves the action to the global ones. */
#define SCREEN_PASS (1u << 31)

struct screen;

struct screen_ops {
    enum screen_kind kind;
    enum keymap_context context;
    /* Drawn over the screen below it, which stays in sight. */
    bool overlay;
    /* An action in this screen: APP_* flags, or SCREEN_PASS. */
    unsigned (*action)(struct app *a, struct screen *s, enum action act, long now);
    /* A character typed that no key binding took; NULL: not a text screen. */
    unsigned (*text)(struct app *a, struct screen *s, uint32_t cp, long now);
    /* Pasted text (UTF-8), all of it text; NULL: each character goes to
     * text, control characters dropped. */
    unsigned (*paste)(struct app *a, struct screen *s, const char *utf8, long now);
    /* A finished fetch for a screen (the detail's record...): APP_* flags,
     * or SCREEN_PASS when the result is not this screen's. The result
     * stays the caller's; a handler may take what it carries. NULL: none. */
    unsigned (*result)(struct app *a, struct screen *s, struct fetch_result *r, long now);
    /* Another screen goes on top: stop what this one fetches. NULL: nothing. */
    void (*cover)(struct app *a, struct screen *s);
    /* On top again (what covered it was popped): APP_* flags. NULL: redraw. */
    unsigned (*uncover)(struct app *a, struct screen *s, long now);
    /* Frees the state (its fetches cancelled) and s itself. */
    void (*free)(struct app *a, struct screen *s);
};

struct screen {
    const struct screen_ops *ops;
    int pane;    /* the pane it belongs to (a table's, or the one under a detail) */
    void *state; /* the screen's own, freed by ops->free */
};

#endif
