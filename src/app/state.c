#include "app/state.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"

/* More than COMMAND_HISTORY_MAX lines of a prompt's width; a bigger file
 * was not written by sendx-tui and is read no further. */
#define STATE_FILE_MAX   (64 * 1024)
#define HISTORY_LINE_MAX 1024

static bool absolute(const char *s)
{
    return s && s[0] == '/';
}

char *state_path(const char *rest, struct api_error *err)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    const char *base = absolute(state) ? state : home;
    const char *dir = absolute(state) ? "/sendx-tui/" : "/.local/state/sendx-tui/";
    if (!absolute(base)) {
        api_error_set(err, API_ERR_INVALID, 0,
                      "nowhere to keep state: neither XDG_STATE_HOME nor HOME is an absolute "
                      "path");
        return NULL;
    }
    size_t len = strlen(base) + strlen(dir) + strlen(rest) + 1;
    char *path = malloc(len);
    if (!path) {
        api_error_nomem(err);
        return NULL;
    }
    snprintf(path, len, "%s%s%s", base, dir, rest);
    return path;
}

void state_profile_component(const char *profile, char *out, size_t n)
{
    if (!profile || !*profile)
        profile = "default";
    size_t i = 0;
    for (; profile[i] && i + 1 < n; i++) {
        char c = profile[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || (c == '.' && i > 0);
        out[i] = ok ? c : '_';
    }
    out[i] = '\0';
}

/* The file at path, at most STATE_FILE_MAX bytes, as a heap string; NULL
 * with *missing when there is none, or with err. */
static char *slurp(const char *path, bool *missing, struct api_error *err)
{
    *missing = false;
    FILE *f = fopen(path, "r");
    if (!f) {
        *missing = errno == ENOENT;
        if (!*missing)
            api_error_set(err, API_ERR_INVALID, 0, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = malloc(STATE_FILE_MAX + 1);
    size_t len = text ? fread(text, 1, STATE_FILE_MAX, f) : 0;
    if (!text)
        api_error_nomem(err);
    else if (ferror(f))
        api_error_set(err, API_ERR_INVALID, 0, "%s: cannot be read", path);
    fclose(f);
    if (text && err->kind != API_OK) {
        free(text);
        return NULL;
    }
    if (text)
        text[len] = '\0';
    return text;
}

static bool printable_line(const char *line, size_t len)
{
    if (len == 0 || len > HISTORY_LINE_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)line[i];
        if (c < 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

int state_history_read(const char *path, struct command_history *h, struct api_error *err)
{
    bool missing;
    char *text = slurp(path, &missing, err);
    if (!text)
        return missing ? 0 : -1;
    for (char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        bool last = line[len] == '\0';
        line[len] = '\0';
        if (printable_line(line, len))
            command_history_add(h, line);
        line += len + !last;
    }
    free(text);
    return 0;
}

char *state_history_text(const struct command_history *h, size_t *len)
{
    *len = 0;
    for (size_t i = 0; i < h->len; i++)
        *len += strlen(h->lines[i]) + 1;
    char *text = malloc(*len + 1);
    size_t o = 0;
    for (size_t i = 0; text && i < h->len; i++) {
        size_t n = strlen(h->lines[i]);
        memcpy(text + o, h->lines[i], n);
        text[o + n] = '\n';
        o += n + 1;
    }
    if (text)
        text[o] = '\0';
    return text;
}

int state_pane_read(const char *path, char *out, size_t n, struct api_error *err)
{
    bool missing;
    out[0] = '\0';
    char *text = slurp(path, &missing, err);
    if (!text)
        return missing ? 0 : -1;
    snprintf(out, n, "%.*s", (int)strcspn(text, "\n"), text);
    free(text);
    return 0;
}
