/* `:` command mode: the commands, parsing, Tab completion and history.
 * Each command names an action (action.h), so a command does exactly
 * what its key does. */
#ifndef SENDX_APP_COMMAND_H
#define SENDX_APP_COMMAND_H

#include <stddef.h>

#include "app/action.h"

/* X("name", ACTION) */
#define COMMANDS(X)                                                                                \
    X("contacts", ACTION_PANE_CONTACTS)                                                            \
    X("lists", ACTION_PANE_LISTS)                                                                  \
    X("tags", ACTION_PANE_TAGS)                                                                    \
    X("campaigns", ACTION_PANE_CAMPAIGNS)                                                          \
    X("templates", ACTION_PANE_TEMPLATES)                                                          \
    X("senders", ACTION_PANE_SENDERS)                                                              \
    X("fields", ACTION_PANE_FIELDS)                                                                \
    X("webhooks", ACTION_PANE_WEBHOOKS)                                                            \
    X("members", ACTION_PANE_MEMBERS)                                                              \
    X("team", ACTION_PANE_MEMBERS)                                                                 \
    X("contacts-of", ACTION_PANE_CONTACTS_OF)                                                      \
    X("columns", ACTION_COLUMNS_CHOOSE)                                                            \
    X("sort", ACTION_SORT_BY)                                                                      \
    X("count", ACTION_CONTACTS_COUNT)                                                              \
    X("help", ACTION_HELP)                                                                         \
    X("refresh", ACTION_REFRESH)                                                                   \
    X("new", ACTION_RECORD_NEW)                                                                    \
    X("edit", ACTION_RECORD_EDIT)                                                                  \
    X("delete", ACTION_RECORD_DELETE)                                                              \
    X("unsubscribe", ACTION_CONTACT_UNSUBSCRIBE)                                                   \
    X("send-test", ACTION_SEND_TEST)                                                               \
    X("profile", ACTION_PROFILE)                                                                   \
    X("theme", ACTION_THEME)                                                                       \
    X("q", ACTION_QUIT)                                                                            \
    X("quit", ACTION_QUIT)

/* The action of a command line ("contacts", " :lists ", or a unique
 * prefix like "camp"), ACTION_NONE if it names no command (or several). */
enum action command_parse(const char *line);

/* The first command that does action ("refresh"), or NULL. Static. */
const char *command_for(enum action action);

/* What follows the command word ("a@b.example" in ":send-test
 * a@b.example"), without surrounding blanks, as a heap string the caller
 * frees; "" when nothing does, NULL if out of memory. */
char *command_argument(const char *line);

/* Completes line in place (buf holds n bytes) to the longest prefix
 * shared by every command it begins; returns how many commands match.
 * A single match is completed in full. */
int command_complete(char *buf, size_t n);

/* The commands beginning with prefix, space separated, into out. */
void command_candidates(const char *prefix, char *out, size_t n);

#define COMMAND_HISTORY_MAX 100

/* Lines entered, oldest first; pos walks it with up/down. */
struct command_history {
    char *lines[COMMAND_HISTORY_MAX]; /* owned */
    size_t len;
    size_t pos; /* len: not browsing */
};

/* Appends a copy of line (skipping a repeat of the last one). */
void command_history_add(struct command_history *h, const char *line);
/* The previous/next line (borrowed), or NULL past either end
 * (next past the newest returns "" to give back an empty prompt). */
const char *command_history_prev(struct command_history *h);
const char *command_history_next(struct command_history *h);
void command_history_reset(struct command_history *h);
void command_history_free(struct command_history *h);

#endif
