/* A theme file (config/theme_file.h) read from memory, with the app's
 * slot names, its parents found among the shipped themes.
 *
 * The file is named after the `name:` its text gives when that is a
 * valid theme name, since a theme whose name is not its file's is refused
 * and little else would be reached.
 *
 * Properties: a theme either loads with no message or fails with one;
 * every line of the message is PATH:LINE:COLUMN: what (a line and column
 * of 1 or more), or says how many more there were, with no control
 * character to reach a terminal; a loaded theme has its name, every slot,
 * and a contrast of 1 to 21 for each. */
#include "fuzz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/theme_file.h"
#include "ui/theme.h"

#define DIR "/fuzz"

/* The name a `name:` line at the start of a line gives, into buf. */
static const char *named(const char *text, char buf[72])
{
    const char *at = text;
    while (at && strncmp(at, "name:", 5) != 0)
        at = (at = strchr(at, '\n')) ? at + 1 : NULL;
    if (!at)
        return "fuzz";
    at += 5 + strspn(at + 5, " ");
    size_t n = strcspn(at, " \r\n#");
    if (n == 0 || n > 64)
        return "fuzz";
    memcpy(buf, at, n);
    buf[n] = '\0';
    return theme_file_name_ok(buf) ? buf : "fuzz";
}

static bool has_control(const char *s, size_t n)
{
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)s + n; p++)
        if (*p < 0x20 || *p == 0x7f ||
            (p[0] == 0xc2 && p + 1 < (const unsigned char *)s + n && p[1] >= 0x80 && p[1] <= 0x9f))
            return true;
    return false;
}

/* One line of the message: a place in a file, then what. */
static void check_line(const char *line, size_t n)
{
    unsigned row = 0, column = 0;
    int at = 0;
    char more[16];
    FUZZ_CHECK(!has_control(line, n), "a control character in \"%.*s\"", (int)n, line);
    if (sscanf(line, "(and %*d more%15[)]", more) == 1)
        return;
    const char *colon = memchr(line, ':', n);
    FUZZ_CHECK(colon && sscanf(colon, ":%u:%u: %n", &row, &column, &at) == 2 && at > 0,
               "\"%.*s\" names no place", (int)n, line);
    FUZZ_CHECK(row > 0 && column > 0, "\"%.*s\" has no line or column", (int)n, line);
}

static void check_message(const char *message)
{
    FUZZ_CHECK(message && *message, "a theme failed without a message");
    for (const char *line = message; line;) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        check_line(line, n);
        line = end ? end + 1 : NULL;
    }
}

static void check_spec(const struct theme_spec *spec, const char *name,
                       const struct theme_file_slots *slots)
{
    FUZZ_CHECK(spec->name && strcmp(spec->name, name) == 0, "loaded as \"%s\", file %s",
               spec->name ? spec->name : "(nothing)", name);
    FUZZ_CHECK(spec->slot_count == slots->count && spec->slots, "%zu slots of %zu",
               spec->slot_count, slots->count);
    for (size_t i = 0; i < spec->slot_count; i++) {
        double c = theme_file_slot_contrast(spec, i);
        FUZZ_CHECK(isfinite(c) && c >= 1.0 && c <= 21.0 + 1e-9, "slot %s: contrast %g",
                   slots->names[i], c);
        FUZZ_CHECK(spec->slots[i].attrs < (1u << 5), "slot %s: attributes %#x", slots->names[i],
                   spec->slots[i].attrs);
    }
}

int fuzz_theme(const uint8_t *data, size_t size)
{
    char *text = fuzz_string(data, size);
    char buf[72], path[96];
    const char *name = named(text, buf);
    snprintf(path, sizeof path, "%s/%s.yaml", DIR, name);
    struct theme_file_dirs dirs = {.dirs = {FUZZ_THEMES_DIR}, .count = 1};
    const struct theme_file_slots *slots = theme_slot_names();
    struct theme_spec spec;
    struct api_error err = {0};
    int rc = theme_file_load_text(&dirs, path, (const char *)data, size, slots, &spec, &err);
    if (rc == 0) {
        FUZZ_CHECK(!err.message, "a theme loaded with a message: %s", err.message);
        check_spec(&spec, name, slots);
    } else {
        FUZZ_CHECK(err.kind == API_ERR_INVALID, "a theme failed as %s",
                   api_error_kind_label(err.kind));
        check_message(err.message);
    }
    theme_file_free(&spec);
    api_error_clear(&err);
    free(text);
    return 0;
}
