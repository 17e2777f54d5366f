#include "app/editor.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api/api_error.h"
#include "app/text.h"
#include "app/validate.h"

extern char **environ;

#define EDITOR_SUFFIX ".html"

static const char *nonblank_env(const char *name)
{
    const char *v = getenv(name);
    return v && v[strspn(v, " \t")] ? v : NULL;
}

const char *editor_command(void)
{
    const char *cmd = nonblank_env("VISUAL");
    if (!cmd)
        cmd = nonblank_env("EDITOR");
    return cmd ? cmd : "vi";
}

/* ---- the temporary file ---- */

static const char *temp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

/* A new heap template for mkstemps, or NULL if out of memory. */
static char *temp_template(void)
{
    const char *dir = temp_dir();
    size_t n = strlen(dir) + sizeof "/sendx-tui-XXXXXX" EDITOR_SUFFIX;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/sendx-tui-XXXXXX" EDITOR_SUFFIX, dir);
    return path;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Writes text into fd, which is closed on every path. */
static int write_file(int fd, const char *path, const char *text, struct api_error *err)
{
    int failed = write_all(fd, text, strlen(text));
    int e = errno;
    if (close(fd) != 0 && !failed) {
        failed = -1;
        e = errno;
    }
    if (failed)
        return api_error_fail(err, API_ERR_INVALID, 0, "cannot write %s: %s", path, strerror(e));
    return 0;
}

static int grow(char **buf, size_t *cap, struct api_error *err)
{
    size_t c = *cap ? *cap * 2 : 4096;
    char *b = realloc(*buf, c);
    if (!b)
        return api_error_nomem(err);
    *buf = b;
    *cap = c;
    return 0;
}

/* The whole file at path (at most EDITOR_MAX_BYTES) into a new heap
 * string with a NUL after it; *out untouched on failure. */
static int read_file(const char *path, char **out, size_t *out_len, struct api_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return api_error_fail(err, API_ERR_INVALID, 0, "cannot read %s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t cap = 0, len = 0;
    int rc = 0;
    for (;;) {
        if (len + 1 >= cap && (rc = grow(&buf, &cap, err)) != 0)
            break;
        size_t got = fread(buf + len, 1, cap - 1 - len, f);
        len += got;
        if (got == 0 || len > EDITOR_MAX_BYTES)
            break;
    }
    if (rc == 0 && ferror(f))
        rc = api_error_fail(err, API_ERR_INVALID, 0, "cannot read %s: %s", path, strerror(errno));
    else if (rc == 0 && len > EDITOR_MAX_BYTES)
        rc = api_error_fail(err, API_ERR_INVALID, 0,
                            "the edited text is larger than 1 MiB: nothing changed");
    fclose(f);
    if (rc != 0) {
        free(buf);
        return rc;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

/* ---- the editor ---- */

/* Signals this process ignores or blocks (the HTTP layer ignores
 * SIGPIPE; the UI catches the terminal's) are none of the editor's
 * business: it starts with every signal unblocked and these at their
 * defaults. */
static const int editor_defaults[] = {SIGPIPE, SIGINT,  SIGQUIT, SIGTSTP, SIGTTIN,
                                      SIGTTOU, SIGCHLD, SIGHUP,  SIGTERM, SIGWINCH};

static int spawn_attr(posix_spawnattr_t *attr)
{
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (size_t i = 0; i < sizeof editor_defaults / sizeof editor_defaults[0]; i++)
        sigaddset(&defaults, editor_defaults[i]);
    if (posix_spawnattr_init(attr) != 0)
        return -1;
    if (posix_spawnattr_setsigmask(attr, &none) != 0 ||
        posix_spawnattr_setsigdefault(attr, &defaults) != 0 ||
        posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) != 0) {
        posix_spawnattr_destroy(attr);
        return -1;
    }
    return 0;
}

/* Starts the command on path through the shell, with path passed as $1
 * so that the shell never reads it. */
static int spawn(const char *cmd, const char *path, pid_t *pid, struct api_error *err)
{
    size_t n = strlen(cmd) + sizeof " \"$1\"";
    char *script = malloc(n);
    posix_spawnattr_t attr;
    if (!script || spawn_attr(&attr) != 0) {
        free(script);
        return api_error_nomem(err);
    }
    snprintf(script, n, "%s \"$1\"", cmd);
    char *argv[] = {(char *)"sh", (char *)"-c", script, (char *)"sh", (char *)path, NULL};
    int rc = posix_spawn(pid, "/bin/sh", NULL, &attr, argv, environ);
    posix_spawnattr_destroy(&attr);
    free(script);
    if (rc != 0)
        return api_error_fail(err, API_ERR_INVALID, 0, "cannot start /bin/sh for the editor: %s",
                              strerror(rc));
    return 0;
}

/* The signal that ended the editor, or 0. The shell between us and the
 * editor reports one killed by signal N as having exited with 128 + N. */
static int killed_by(int status)
{
    if (WIFSIGNALED(status))
        return WTERMSIG(status);
    int code = WEXITSTATUS(status);
    return code > 128 && code - 128 < NSIG ? code - 128 : 0;
}

/* The editor's end, in words, as an error unless it exited with 0. */
static int judge(int status, const char *cmd, struct api_error *err)
{
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    int sig = killed_by(status);
    if (sig)
        return api_error_fail(err, API_ERR_CANCELLED, 0,
                              "the editor was killed by signal %d (%s): nothing changed", sig,
                              strsignal(sig));
    int code = WEXITSTATUS(status);
    /* The shell's own statuses for a command it cannot find or run. */
    if (code == 126 || code == 127)
        return api_error_fail(err, API_ERR_INVALID, 0,
                              "cannot run the editor \"%s\" (status %d): nothing changed", cmd,
                              code);
    return api_error_fail(err, API_ERR_CANCELLED, 0,
                          "the editor exited with status %d: nothing changed", code);
}

/* Waits for the editor's end. When it stops instead (Ctrl-z), this
 * process stops too: the UI catches SIGTSTP, so without that the shell
 * would see a job half stopped and the terminal would belong to no one;
 * `fg` continues the whole job, and the wait goes on. */
static int wait_for(pid_t pid, int *status)
{
    for (;;) {
        if (waitpid(pid, status, WUNTRACED) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (!WIFSTOPPED(*status))
            return 0;
        raise(SIGSTOP);
    }
}

static int run_editor(const char *path, struct api_error *err)
{
    const char *cmd = editor_command();
    pid_t pid;
    if (spawn(cmd, path, &pid, err) != 0)
        return -1;
    int status;
    if (wait_for(pid, &status) != 0)
        return api_error_fail(err, API_ERR_INVALID, 0, "cannot wait for the editor: %s",
                              strerror(errno));
    return judge(status, cmd, err);
}

int editor_run(const char *text, char **out, size_t *out_len, struct api_error *err)
{
    char *path = temp_template();
    if (!path)
        return api_error_nomem(err);
    int fd = mkstemps(path, (int)strlen(EDITOR_SUFFIX));
    if (fd < 0) {
        api_error_set(err, API_ERR_INVALID, 0, "cannot make a file in %s: %s", temp_dir(),
                      strerror(errno));
        free(path);
        return -1;
    }
    int rc = write_file(fd, path, text ? text : "", err);
    if (rc == 0)
        rc = run_editor(path, err);
    if (rc == 0)
        rc = read_file(path, out, out_len, err);
    unlink(path);
    free(path);
    return rc;
}

/* ---- checking what came back ---- */

static size_t line_of(const char *s, size_t at)
{
    size_t line = 1;
    for (size_t i = 0; i < at; i++)
        line += s[i] == '\n';
    return line;
}

/* Decodes the character at s[i] without reading past len. */
static size_t decode_at(const char *s, size_t len, size_t i, uint32_t *cp)
{
    unsigned char tail[5] = {0};
    if (len - i >= 4)
        return text_utf8_decode((const unsigned char *)s + i, cp);
    memcpy(tail, s + i, len - i);
    return text_utf8_decode(tail, cp);
}

static const char *check_chars(const char *s, size_t len, struct validate_msg *msg)
{
    size_t line = 1;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = decode_at(s, len, i, &cp);
        if (n == 0) {
            snprintf(msg->text, sizeof msg->text, "not UTF-8 at byte %zu (line %zu)", i + 1, line);
            return msg->text;
        }
        if (cp == 0) {
            snprintf(msg->text, sizeof msg->text, "a NUL byte at byte %zu (line %zu)", i + 1, line);
            return msg->text;
        }
        if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
            snprintf(msg->text, sizeof msg->text,
                     "a control character (U+%04X) at byte %zu (line %zu)", (unsigned)cp, i + 1,
                     line);
            return msg->text;
        }
        line += cp == '\n';
        i += n;
    }
    return NULL;
}

/* Where `what` next occurs in s[from..len), or len. */
static size_t find(const char *s, size_t len, size_t from, const char *what, bool nocase)
{
    size_t n = strlen(what);
    for (size_t i = from; i + n <= len; i++)
        if (nocase ? strncasecmp(s + i, what, n) == 0 : memcmp(s + i, what, n) == 0)
            return i;
    return len;
}

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Past the '>' that ends the tag opened at s[i], minding quoted attribute
 * values (title="a>b"); SIZE_MAX if none does. */
static size_t tag_end(const char *s, size_t len, size_t i)
{
    char quote = 0, prev = 0;
    for (i++; i < len; i++) {
        char c = s[i];
        if (quote) {
            quote = c == quote ? 0 : quote;
        } else if (c == '>') {
            return i + 1;
        } else if ((c == '"' || c == '\'') && prev == '=') {
            quote = c;
        }
        if (!space(c))
            prev = c;
    }
    return SIZE_MAX;
}

/* Script and style hold text in which '<' means less-than (and title and
 * textarea text): such an element runs to its end tag. */
static const char *const raw_elements[] = {"script", "style", "textarea", "title"};

/* After a start tag at s[i] that ends at `end`: where its content ends. */
static size_t content_end(const char *s, size_t len, size_t i, size_t end)
{
    size_t name = i + 1, n = 0;
    while (name + n < len && (letter(s[name + n]) || (s[name + n] >= '0' && s[name + n] <= '9')))
        n++;
    for (size_t k = 0; k < sizeof raw_elements / sizeof raw_elements[0]; k++) {
        const char *raw = raw_elements[k];
        if (strlen(raw) != n || strncasecmp(s + name, raw, n) != 0)
            continue;
        char close[16];
        snprintf(close, sizeof close, "</%s", raw);
        return find(s, len, end, close, true);
    }
    return end;
}

/* Past the markup that opens with the '<' at s[i]: a tag, a comment, a
 * declaration or processing instruction; i + 1 when the '<' opens none
 * (as in "a < b"); SIZE_MAX when it is never closed. */
static size_t markup_end(const char *s, size_t len, size_t i)
{
    char next = i + 1 < len ? s[i + 1] : '\0';
    if (letter(next)) {
        size_t end = tag_end(s, len, i);
        return end == SIZE_MAX ? end : content_end(s, len, i, end);
    }
    if (next == '/')
        return tag_end(s, len, i);
    if (next == '!' && len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
        size_t close = find(s, len, i + 2, "-->", false);
        return close == len ? SIZE_MAX : close + 3;
    }
    if (next == '!' || next == '?') {
        size_t close = find(s, len, i, ">", false);
        return close == len ? SIZE_MAX : close + 1;
    }
    return i + 1;
}

static const char *check_tags(const char *s, size_t len, struct validate_msg *msg)
{
    for (size_t i = 0; i < len;) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            return NULL;
        size_t at = (size_t)(lt - s);
        i = markup_end(s, len, at);
        if (i == SIZE_MAX) {
            snprintf(msg->text, sizeof msg->text,
                     "the '<' at byte %zu (line %zu) is never closed by '>'", at + 1,
                     line_of(s, at));
            return msg->text;
        }
    }
    return NULL;
}

const char *editor_check_html(const char *text, size_t len, struct validate_msg *msg)
{
    if (len > EDITOR_MAX_BYTES) {
        char bytes[32];
        snprintf(msg->text, sizeof msg->text, "larger than 1 MiB: %s bytes",
                 text_thousands((int64_t)len, bytes));
        return msg->text;
    }
    const char *bad = check_chars(text, len, msg);
    return bad ? bad : check_tags(text, len, msg);
}
