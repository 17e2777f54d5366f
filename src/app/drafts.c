#include "app/drafts.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/codec.h"
#include "app/files.h"
#include "app/record_json.h"
#include "app/state.h"

#define SUFFIX ".json"
/* Room left under NAME_MAX (255) for ".corrupt-<time>-<n>" when a draft
 * is moved aside. */
#define NAME_MAX_LEN 200
/* "2024-05-01T12:04:33Z" */
#define STAMP_LEN 21
/* How many "-<n>" a moved-aside name tries when that second's is taken. */
#define ASIDE_TRIES 100

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *path = malloc(a + b + 2);
    if (path) {
        memcpy(path, dir, a);
        path[a] = '/';
        memcpy(path + a + 1, name, b + 1);
    }
    return path;
}

void drafts_free(struct draft *d)
{
    if (!d)
        return;
    free(d->name);
    free(d->id);
    free(d->updated);
    free(d->title);
    void *records[] = {d->record, d->original};
    for (size_t i = 0; i < 2; i++)
        if (records[i]) {
            codec_free(model_resource(d->kind)->type, records[i]);
            free(records[i]);
        }
    *d = (struct draft){0};
}

char *drafts_dir(const char *profile, struct api_error *err)
{
    char rest[160] = "drafts/";
    state_profile_component(profile, rest + 7, sizeof rest - 7);
    return state_path(rest, err);
}

/* Only names this module makes are read or removed: nothing that could
 * climb out of the directory, no temporary or moved-aside file. */
static bool name_ok(const char *name)
{
    size_t n = strlen(name), s = strlen(SUFFIX);
    if (n <= s || n > NAME_MAX_LEN || strcmp(name + n - s, SUFFIX) != 0)
        return false;
    for (size_t i = 0; i < n - s; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* The kind a name says, from its text before the first '-'. */
static bool kind_of_name(const char *name, enum sendx_kind *kind)
{
    const char *dash = strchr(name, '-');
    for (int k = 0; dash && k < SENDX_KIND_COUNT; k++) {
        const char *kn = model_resource((enum sendx_kind)k)->name;
        if (strlen(kn) == (size_t)(dash - name) && strncmp(name, kn, strlen(kn)) == 0) {
            *kind = (enum sendx_kind)k;
            return true;
        }
    }
    return false;
}

static int random_name(const char *kind, char **out, struct api_error *err)
{
    unsigned char bytes[8];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes) {
        api_error_set(err, API_ERR_INVALID, 0, "cannot name a draft: %s", strerror(errno));
        return -1;
    }
    char *name = malloc(strlen(kind) + 5 + 2 * sizeof bytes + sizeof SUFFIX);
    if (!name)
        return api_error_nomem(err);
    char *p = name + sprintf(name, "%s-new-", kind);
    for (size_t i = 0; i < sizeof bytes; i++)
        p += sprintf(p, "%02x", bytes[i]);
    strcpy(p, SUFFIX);
    *out = name;
    return 0;
}

/* A record's draft name from its id (see drafts.h). An id's letters
 * are of both cases and a file system may fold case, so a capital is
 * written as "-" and its small letter, which no other character yields. */
static int pick_name(struct draft *d, struct api_error *err)
{
    const char *kind = model_resource(d->kind)->name;
    if (d->id && !model_id_plausible(d->id)) {
        api_error_set(err, API_ERR_INVALID, 0, "cannot save a draft of %s: not an id", kind);
        return -1;
    }
    if (!d->id || 2 * strlen(d->id) + strlen(kind) + 4 + strlen(SUFFIX) > NAME_MAX_LEN)
        return random_name(kind, &d->name, err);
    char *name = malloc(strlen(kind) + 4 + 2 * strlen(d->id) + sizeof SUFFIX);
    if (!name)
        return api_error_nomem(err);
    char *p = name + sprintf(name, "%s-id-", kind);
    for (const char *c = d->id; *c; c++) {
        if (*c >= 'A' && *c <= 'Z') {
            *p++ = '-';
            *p++ = (char)(*c - 'A' + 'a');
        } else {
            *p++ = *c;
        }
    }
    strcpy(p, SUFFIX);
    d->name = name;
    return 0;
}

static void stamp(time_t t, char out[STAMP_LEN])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, STAMP_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool parse_stamp(const char *s, time_t *out)
{
    struct tm tm = {0};
    int used = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec, &used) != 6 ||
        used != STAMP_LEN - 1 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
        tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = timegm(&tm);
    return true;
}

static bool add_string_or_null(cJSON *o, const char *key, const char *s)
{
    return s ? cJSON_AddStringToObject(o, key, s) != NULL : cJSON_AddNullToObject(o, key) != NULL;
}

/* The draft as JSON text (heap, the caller frees), or NULL with err. */
static char *encode(const struct draft *d, struct api_error *err)
{
    cJSON *fields = record_json_encode(model_resource(d->kind), d->record, err);
    if (!fields)
        return NULL;
    cJSON *original =
        d->original ? record_json_encode(model_resource(d->kind), d->original, err) : NULL;
    if (d->original && !original) {
        cJSON_Delete(fields);
        return NULL;
    }
    char when[STAMP_LEN];
    stamp(d->written, when);
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    bool ok = root && cJSON_AddNumberToObject(root, "version", DRAFTS_VERSION) &&
              cJSON_AddStringToObject(root, "kind", model_resource(d->kind)->name) &&
              add_string_or_null(root, "id", d->id) &&
              add_string_or_null(root, "updated", d->updated) &&
              add_string_or_null(root, "title", d->title) &&
              cJSON_AddStringToObject(root, "written", when);
    /* Once added, fields (and original) belong to root. */
    if (ok && cJSON_AddItemToObject(root, "fields", fields)) {
        fields = NULL;
        if (!original || cJSON_AddItemToObject(root, "original", original)) {
            original = NULL;
            text = cJSON_Print(root);
        }
    }
    cJSON_Delete(fields);
    cJSON_Delete(original);
    cJSON_Delete(root);
    if (!text)
        api_error_nomem(err);
    return text;
}

/* Picks the name if needed, stamps the time, and makes the text. */
static int prepare(const char *dir, struct draft *d, time_t now, char **path, char **text,
                   struct api_error *err)
{
    if (!d->name && pick_name(d, err) != 0)
        return -1;
    d->written = now;
    *text = encode(d, err);
    if (!*text)
        return -1;
    *path = join(dir, d->name);
    if (!*path) {
        free(*text);
        *text = NULL;
        return api_error_nomem(err);
    }
    return 0;
}

int drafts_save(const char *dir, struct draft *d, time_t now, struct api_error *err)
{
    char *path = NULL, *text = NULL;
    if (prepare(dir, d, now, &path, &text, err) != 0)
        return -1;
    int rc = files_write_atomic(path, text, strlen(text), err);
    free(path);
    free(text);
    return rc;
}

unsigned long drafts_save_async(struct files_writer *w, const char *dir, struct draft *d,
                                time_t now, struct api_error *err)
{
    char *path = NULL, *text = NULL;
    if (prepare(dir, d, now, &path, &text, err) != 0)
        return 0;
    unsigned long id = files_writer_write(w, path, text, strlen(text), err);
    free(path);
    free(text);
    return id;
}

static char *checked_path(const char *dir, const char *name, struct api_error *err)
{
    if (!name_ok(name)) {
        api_error_set(err, API_ERR_INVALID, 0, "not the name of a draft");
        return NULL;
    }
    char *path = join(dir, name);
    if (!path)
        api_error_nomem(err);
    return path;
}

int drafts_discard(const char *dir, const char *name, struct api_error *err)
{
    char *path = checked_path(dir, name, err);
    int rc = path ? files_remove(path, err) : -1;
    free(path);
    return rc;
}

unsigned long drafts_discard_async(struct files_writer *w, const char *dir, const char *name,
                                   struct api_error *err)
{
    char *path = checked_path(dir, name, err);
    unsigned long id = path ? files_writer_remove(w, path, err) : 0;
    free(path);
    return id;
}

/* Reads the whole file into a NUL-terminated heap buffer, or fails:
 * API_ERR_BODY when it is too large or empty to be a draft. */
static int read_capped(const char *path, char **out, size_t *len, struct api_error *e)
{
    int rc = -1;
    char *buf = NULL;
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        api_error_set(e, API_ERR_INVALID, 0, "cannot read it: %s", strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        api_error_fail(e, API_ERR_BODY, 0, "not a regular file");
        goto out;
    }
    if ((unsigned long long)st.st_size > DRAFTS_MAX_BYTES) {
        api_error_fail(e, API_ERR_BODY, 0, "too large (%lld bytes; a draft is at most %zu)",
                       (long long)st.st_size, DRAFTS_MAX_BYTES);
        goto out;
    }
    if (st.st_size == 0) {
        api_error_fail(e, API_ERR_BODY, 0, "empty");
        goto out;
    }
    size_t size = (size_t)st.st_size;
    buf = malloc(size + 1);
    if (!buf) {
        api_error_nomem(e);
        goto out;
    }
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            api_error_set(e, API_ERR_INVALID, 0, "cannot read it: %s", strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    buf = NULL;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    free(buf);
    return rc;
}

/* A top-level member that must be a string or null (or absent). */
static int optional_string(const cJSON *root, const char *key, char **out, struct api_error *e)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!j || cJSON_IsNull(j))
        return 0;
    if (!cJSON_IsString(j))
        return api_error_fail(e, API_ERR_BODY, 0, "\"%s\" is not a string", key);
    *out = strdup(j->valuestring);
    return *out ? 0 : api_error_nomem(e);
}

static int decode_head(const cJSON *root, const char *name, struct draft *d, struct api_error *e)
{
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (!cJSON_IsNumber(version))
        return api_error_fail(e, API_ERR_BODY, 0, "no version");
    if (version->valuedouble != DRAFTS_VERSION)
        return api_error_fail(e, API_ERR_BODY, 0,
                              "version %g, not %d, the one this sendx-tui reads",
                              version->valuedouble, DRAFTS_VERSION);
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
    if (!cJSON_IsString(kind))
        return api_error_fail(e, API_ERR_BODY, 0, "no kind");
    enum sendx_kind named;
    if (!kind_of_name(name, &named))
        return api_error_fail(e, API_ERR_BODY, 0, "its name names no kind");
    if (strcmp(kind->valuestring, model_resource(named)->name) != 0)
        return api_error_fail(e, API_ERR_BODY, 0, "holds a %s, not the %s its name says",
                              kind->valuestring, model_resource(named)->name);
    d->kind = named;
    const cJSON *written = cJSON_GetObjectItemCaseSensitive(root, "written");
    if (!cJSON_IsString(written) || !parse_stamp(written->valuestring, &d->written))
        return api_error_fail(e, API_ERR_BODY, 0, "no time written");
    if (optional_string(root, "id", &d->id, e) != 0 ||
        optional_string(root, "updated", &d->updated, e) != 0 ||
        optional_string(root, "title", &d->title, e) != 0)
        return -1;
    if (d->id && !model_id_plausible(d->id))
        return api_error_fail(e, API_ERR_BODY, 0, "\"id\" is not an id");
    return 0;
}

/* The optional "original": the record as the form loaded it, whose id
 * must be the draft's. */
static int decode_original(const cJSON *root, struct draft *d, struct api_error *e)
{
    const struct model_resource *res = model_resource(d->kind);
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(root, "original");
    if (!j)
        return 0;
    if (!cJSON_IsObject(j))
        return api_error_fail(e, API_ERR_BODY, 0, "\"original\" is not an object");
    d->original = calloc(1, res->type->size);
    if (!d->original)
        return api_error_nomem(e);
    if (record_json_decode(res, j, d->original, e) != 0) {
        api_error_prefix(e, "original");
        return -1;
    }
    const char *id =
        *(char *const *)((const char *)d->original + res->type->members[res->id_member].offset);
    if (!d->id || !id || strcmp(id, d->id) != 0)
        return api_error_fail(e, API_ERR_BODY, 0, "the original's id is not the draft's");
    return 0;
}

static int decode_fields(const cJSON *root, struct draft *d, struct api_error *e)
{
    const struct model_resource *res = model_resource(d->kind);
    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(root, "fields");
    if (!cJSON_IsObject(fields))
        return api_error_fail(e, API_ERR_BODY, 0, "no fields");
    d->record = calloc(1, res->type->size);
    if (!d->record)
        return api_error_nomem(e);
    if (record_json_decode(res, fields, d->record, e) != 0)
        return -1;
    if (!codec_is_set(d->record, res->id_member))
        return 0;
    const char *id =
        *(char *const *)((const char *)d->record + res->type->members[res->id_member].offset);
    if (!id || !model_id_plausible(id))
        return api_error_fail(e, API_ERR_BODY, 0, "field \"%s\": not an id",
                              record_json_member_name(res, res->id_member));
    if (!d->id || strcmp(id, d->id) != 0)
        return api_error_fail(e, API_ERR_BODY, 0, "the fields' id is not the draft's");
    return 0;
}

/* Takes text (len bytes) as the draft called name. */
static int decode(const char *name, const char *text, size_t len, struct draft *d,
                  struct api_error *e)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
    int rc = -1;
    if (!root) {
        api_error_fail(e, API_ERR_BODY, 0, "not JSON (broken at byte %zu of %zu)",
                       end ? (size_t)(end - text) : 0, len);
        goto out;
    }
    end += strspn(end, " \t\r\n");
    if (end != text + len) {
        api_error_fail(e, API_ERR_BODY, 0, "data after the JSON");
        goto out;
    }
    if (!cJSON_IsObject(root)) {
        api_error_fail(e, API_ERR_BODY, 0, "not a JSON object");
        goto out;
    }
    if (decode_head(root, name, d, e) != 0 || decode_fields(root, d, e) != 0 ||
        decode_original(root, d, e) != 0)
        goto out;
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

/* Renames path to path.corrupt-<UTC time>[-n], never over another file.
 * Returns the new name's heap copy, or NULL with errno. */
static char *move_aside(const char *path)
{
    char when[STAMP_LEN], compact[STAMP_LEN];
    stamp(time(NULL), when);
    /* Colons are awkward in file names: 20240501T120433Z. */
    size_t j = 0;
    for (size_t i = 0; when[i]; i++)
        if (when[i] != '-' && when[i] != ':')
            compact[j++] = when[i];
    compact[j] = '\0';
    size_t size = strlen(path) + sizeof ".corrupt-" + STAMP_LEN + 4;
    char *aside = malloc(size);
    if (!aside)
        return NULL;
    for (int n = 1; n <= ASIDE_TRIES; n++) {
        if (n == 1)
            snprintf(aside, size, "%s.corrupt-%s", path, compact);
        else
            snprintf(aside, size, "%s.corrupt-%s-%d", path, compact, n);
        struct stat st;
        if (lstat(aside, &st) == 0)
            continue;
        if (rename(path, aside) == 0)
            return aside;
        break;
    }
    int e = errno;
    free(aside);
    errno = e;
    return NULL;
}

int drafts_read(const char *dir, const char *name, struct draft *out, struct api_error *err)
{
    *out = (struct draft){0};
    char *path = checked_path(dir, name, err);
    if (!path)
        return -1;
    int rc = -1;
    char *text = NULL;
    size_t len = 0;
    struct api_error e = {0};
    if (read_capped(path, &text, &len, &e) == 0 && decode(name, text, len, out, &e) == 0) {
        out->name = strdup(name);
        rc = out->name ? 0 : api_error_nomem(&e);
    }
    if (rc != 0) {
        drafts_free(out);
        if (e.kind == API_ERR_BODY) {
            char *aside = move_aside(path);
            const char *base = aside ? strrchr(aside, '/') + 1 : NULL;
            if (aside)
                api_error_set(err, API_ERR_BODY, 0, "draft %s: %s; moved aside to %s", name,
                              api_error_message(&e), base);
            else
                api_error_set(err, API_ERR_BODY, 0, "draft %s: %s; could not move it aside: %s",
                              name, api_error_message(&e), strerror(errno));
            free(aside);
        } else {
            api_error_set(err, e.kind, 0, "draft %s: %s", name, api_error_message(&e));
        }
    }
    api_error_clear(&e);
    free(text);
    free(path);
    return rc;
}

static int newest_first(const void *pa, const void *pb)
{
    const struct draft *a = pa, *b = pb;
    if (a->written != b->written)
        return a->written > b->written ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Room for one more item after n in an array of *cap items of size
 * bytes: the array (moved, maybe), or NULL with the old one untouched. */
static void *grow(void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return items;
    size_t want = *cap ? 2 * *cap : 8;
    void *bigger = realloc(items, want * size);
    if (bigger)
        *cap = want;
    return bigger;
}

int drafts_list(const char *dir, struct drafts_list *out, struct api_error *err)
{
    *out = (struct drafts_list){0};
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT)
            return 0;
        api_error_set(err, API_ERR_INVALID, 0, "cannot read the drafts in %s: %s", dir,
                      strerror(errno));
        return -1;
    }
    int rc = 0;
    size_t cap = 0, notes_cap = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d)) != NULL) {
        if (!name_ok(ent->d_name))
            continue;
        struct draft draft;
        struct api_error e = {0};
        if (drafts_read(dir, ent->d_name, &draft, &e) == 0) {
            struct draft *items = grow(out->items, out->len, &cap, sizeof *items);
            if (items) {
                out->items = items;
                items[out->len++] = draft;
            } else {
                drafts_free(&draft);
                rc = api_error_nomem(err);
            }
        } else if (e.kind == API_ERR_NOMEM) {
            api_error_move(err, &e);
            rc = -1;
        } else {
            struct api_error *notes = grow(out->notes, out->n_notes, &notes_cap, sizeof *notes);
            if (notes) {
                out->notes = notes;
                notes[out->n_notes] = (struct api_error){0};
                api_error_move(&notes[out->n_notes++], &e);
            } else {
                rc = api_error_nomem(err);
            }
        }
        api_error_clear(&e);
    }
    closedir(d);
    if (rc != 0)
        drafts_list_free(out);
    else if (out->len > 1)
        qsort(out->items, out->len, sizeof *out->items, newest_first);
    return rc;
}

void drafts_list_free(struct drafts_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->len; i++)
        drafts_free(&l->items[i]);
    for (size_t i = 0; i < l->n_notes; i++)
        api_error_clear(&l->notes[i]);
    free(l->items);
    free(l->notes);
    *l = (struct drafts_list){0};
}
