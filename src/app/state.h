/* What sendx-tui remembers between runs, under $XDG_STATE_HOME/sendx-tui
 * (else ~/.local/state/sendx-tui), never beside the configuration:
 *
 *   history               the `:` commands, oldest first, one a line
 *   last-pane/PROFILE     the pane each profile was last on ("campaigns")
 *   drafts/PROFILE/       forms not yet saved (drafts.h)
 *
 * Reading happens at start, before the loop; writing goes through the
 * files writer (files.h), so the UI thread never waits on the disk.
 * Everything here is a convenience: a file that is missing or unreadable
 * is said and then treated as empty, never fatal. */
#ifndef SENDX_APP_STATE_H
#define SENDX_APP_STATE_H

#include <stddef.h>

#include "app/command.h"

struct api_error;

/* The file a state item lives in, longest */
#define STATE_PATH_MAX 4096

/* The state directory, or a path under it (rest: "history",
 * "last-pane/acme"), as a heap string the caller frees; NULL with err when
 * neither XDG_STATE_HOME nor HOME is an absolute path. */
char *state_path(const char *rest, struct api_error *err);

/* A profile's name as one safe path component into out: bytes other than
 * letters, digits, '-', '_' and '.' (and a leading '.') written as '_';
 * an empty or NULL name is "default". */
void state_profile_component(const char *profile, char *out, size_t n);

/* The history file into h (oldest first, after what h holds); lines that
 * are not printable text, or longer than a command line gets, are left
 * out. A missing file is an empty history. Returns 0, or -1 with err. */
int state_history_read(const char *path, struct command_history *h, struct api_error *err);

/* h as the history file's text (one line each), a heap string of *len
 * bytes the caller frees; NULL if out of memory. */
char *state_history_text(const struct command_history *h, size_t *len);

/* The pane name kept in path into out ("" when there is none). Returns 0,
 * or -1 with err. */
int state_pane_read(const char *path, char *out, size_t n, struct api_error *err);

#endif
