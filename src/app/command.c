#include "app/command.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    enum action action;
} commands[] = {
#define COMMAND_ROW(n, a) {n, a},
    COMMANDS(COMMAND_ROW)
#undef COMMAND_ROW
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

const char *command_for(enum action action)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (commands[i].action == action)
            return commands[i].name;
    return NULL;
}

/* The command word of a line: without the colon, up to the first blank. */
static void word_of(const char *line, const char **start, size_t *len)
{
    while (*line == ' ' || *line == ':')
        line++;
    size_t n = strcspn(line, " ");
    *start = line;
    *len = n;
}

char *command_argument(const char *line)
{
    const char *w;
    size_t len;
    word_of(line, &w, &len);
    const char *arg = w + len;
    while (*arg == ' ')
        arg++;
    size_t n = strlen(arg);
    while (n > 0 && arg[n - 1] == ' ')
        n--;
    return strndup(arg, n);
}

enum action command_parse(const char *line)
{
    const char *w;
    size_t len;
    word_of(line, &w, &len);
    if (len == 0)
        return ACTION_NONE;
    enum action found = ACTION_NONE;
    int matches = 0;
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strlen(commands[i].name) == len && strncmp(commands[i].name, w, len) == 0)
            return commands[i].action;
        if (strncmp(commands[i].name, w, len) == 0 && commands[i].action != found) {
            found = commands[i].action;
            matches++;
        }
    }
    return matches == 1 ? found : ACTION_NONE;
}

int command_complete(char *buf, size_t n)
{
    const char *w;
    size_t len;
    word_of(buf, &w, &len);
    bool has_argument = w[len] != '\0';
    const char *first = NULL;
    size_t common = 0;
    int matches = 0;
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const char *name = commands[i].name;
        if (strncmp(name, w, len) != 0)
            continue;
        if (!first) {
            first = name;
            common = strlen(name);
        } else {
            size_t k = 0;
            while (k < common && name[k] == first[k])
                k++;
            common = k;
        }
        matches++;
    }
    /* Only the command word completes; one with an argument is left whole. */
    if (first && !has_argument && common >= len && common < n) {
        memmove(buf, first, common);
        buf[common] = '\0';
    }
    return matches;
}

void command_candidates(const char *prefix, char *out, size_t n)
{
    const char *w;
    size_t len, o = 0;
    word_of(prefix, &w, &len);
    if (n)
        out[0] = '\0';
    for (size_t i = 0; i < N_COMMANDS; i++) {
        size_t name_len = strlen(commands[i].name);
        if (strncmp(commands[i].name, w, len) != 0 || o + name_len + 2 > n)
            continue;
        if (o)
            out[o++] = ' ';
        memcpy(out + o, commands[i].name, name_len + 1);
        o += name_len;
    }
}

void command_history_add(struct command_history *h, const char *line)
{
    if (!*line || (h->len && strcmp(h->lines[h->len - 1], line) == 0)) {
        h->pos = h->len;
        return;
    }
    char *copy = strdup(line);
    if (!copy)
        return; /* history is a convenience; the command itself still runs */
    if (h->len == COMMAND_HISTORY_MAX) {
        free(h->lines[0]);
        memmove(h->lines, h->lines + 1, (COMMAND_HISTORY_MAX - 1) * sizeof h->lines[0]);
        h->len--;
    }
    h->lines[h->len++] = copy;
    h->pos = h->len;
}

const char *command_history_prev(struct command_history *h)
{
    if (h->pos == 0)
        return NULL;
    return h->lines[--h->pos];
}

const char *command_history_next(struct command_history *h)
{
    if (h->pos >= h->len)
        return NULL;
    h->pos++;
    return h->pos == h->len ? "" : h->lines[h->pos];
}

void command_history_reset(struct command_history *h)
{
    h->pos = h->len;
}

void command_history_free(struct command_history *h)
{
    for (size_t i = 0; i < h->len; i++)
        free(h->lines[i]);
    memset(h, 0, sizeof *h);
}
