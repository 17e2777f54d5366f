#include "app/files.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How many names a temporary file tries before giving up: a clash means
 * a stray file of an earlier process with the same pid. */
#define TEMP_TRIES 32

/* Makes temporary names unique between the writer and a synchronous
 * write on another thread; the pid makes them unique between processes. */
static atomic_ulong temp_counter;

static int fail_errno(struct api_error *err, int e, const char *what, const char *path)
{
    api_error_set(err, API_ERR_INVALID, 0, "%s %s: %s", what, path, strerror(e));
    return -1;
}

/* The directory part of path as a heap string ("." when there is none),
 * or NULL if out of memory. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    return strndup(path, n);
}

/* mkdir -p with 0700: whatever the state dir holds is the user's alone.
 * Directories that exist keep their mode. */
static int make_dirs(char *dir, struct api_error *err)
{
    for (char *p = dir + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        int rc = mkdir(dir, 0700);
        int e = errno;
        *p = c;
        if (rc != 0 && e != EEXIST) {
            *p = '\0';
            fail_errno(err, e, "cannot create the directory", dir);
            *p = c;
            return -1;
        }
        if (c == '\0')
            return 0;
    }
}

#define TEMP_NAME "%s/.files-%ld-%lu.tmp"

/* One try at a new file in dir: its descriptor and name, or -1 with
 * errno (EEXIST: another name may do). */
static int try_temp(const char *dir, char **tmp)
{
    unsigned long n = atomic_fetch_add(&temp_counter, 1);
    int size = snprintf(NULL, 0, TEMP_NAME, dir, (long)getpid(), n);
    char *name = size < 0 ? NULL : malloc((size_t)size + 1);
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(name, (size_t)size + 1, TEMP_NAME, dir, (long)getpid(), n);
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int e = errno;
    if (fd < 0) {
        free(name);
        errno = e;
        return -1;
    }
    *tmp = name;
    return fd;
}

/* The file goes beside the target, so the rename stays within one file
 * system; its name starts with a dot so listings pass it over. */
int files_temp_open(const char *path, char **tmp, struct api_error *err)
{
    *tmp = NULL;
    char *dir = dir_of(path);
    if (!dir)
        return api_error_nomem(err);
    int fd = -1;
    for (int i = 0; i < TEMP_TRIES && fd < 0; i++)
        if ((fd = try_temp(dir, tmp)) < 0 && errno != EEXIST)
            break;
    if (fd < 0 && errno == ENOMEM)
        api_error_nomem(err);
    else if (fd < 0)
        fail_errno(err, errno, "cannot create a file in", dir);
    free(dir);
    return fd;
}

static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Makes the rename itself durable. A file system that cannot sync a
 * directory (EINVAL) has nothing more to give. */
static int sync_dir(const char *dir, const char *path, struct api_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fail_errno(err, errno, "wrote but cannot sync the directory of", path);
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    if (rc != 0 && e != EINVAL)
        return fail_errno(err, e, "wrote but cannot sync the directory of", path);
    return 0;
}

int files_temp_install(const char *tmp, const char *path, struct api_error *err)
{
    char *dir = dir_of(path);
    int rc = -1;
    if (!dir) {
        api_error_nomem(err);
        unlink(tmp);
    } else if (rename(tmp, path) != 0) {
        fail_errno(err, errno, "cannot replace", path);
        unlink(tmp);
    } else {
        rc = sync_dir(dir, path, err);
    }
    free(dir);
    return rc;
}

int files_write_atomic(const char *path, const void *data, size_t len, struct api_error *err)
{
    int rc = -1;
    int fd = -1;
    char *tmp = NULL;
    char *dir = dir_of(path);
    if (!dir) {
        api_error_nomem(err);
        goto out;
    }
    if (make_dirs(dir, err) != 0)
        goto out;
    fd = files_temp_open(path, &tmp, err);
    if (fd < 0)
        goto out;
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        fail_errno(err, errno, "cannot write", path);
        goto out;
    }
    /* close reports what a delayed write on some file systems failed with. */
    int closed = close(fd);
    fd = -1;
    if (closed != 0) {
        fail_errno(err, errno, "cannot write", path);
        goto out;
    }
    rc = files_temp_install(tmp, path, err);
    free(tmp);
    tmp = NULL;
out:
    if (fd >= 0)
        close(fd);
    if (tmp)
        unlink(tmp);
    free(tmp);
    free(dir);
    return rc;
}

int files_remove(const char *path, struct api_error *err)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return fail_errno(err, errno, "cannot remove", path);
    return 0;
}

/* A job becomes its own result, so posting the outcome cannot fail for
 * want of memory; the bytes go with it and are freed with the result. */
struct files_job {
    struct files_result result; /* first: a job is its result */
    size_t len;
    char bytes[]; /* len bytes of data, then the path and its NUL */
};

struct files_writer {
    struct queue jobs;
    struct queue *results;
    pthread_t thread;
    atomic_ulong last_id;
};

void files_result_free(struct files_result *r)
{
    if (!r)
        return;
    api_error_clear(&r->err);
    free(r);
}

void files_results_drain(struct queue *results)
{
    struct queue_node *n = queue_take_all(results);
    while (n) {
        struct queue_node *next = n->next;
        files_result_free((struct files_result *)n);
        n = next;
    }
}

static void run(struct files_writer *w, struct files_job *job)
{
    struct files_result *r = &job->result;
    if (r->op == FILES_WRITE)
        r->rc = files_write_atomic(r->path, job->bytes, job->len, &r->err);
    else
        r->rc = files_remove(r->path, &r->err);
    if (queue_push(w->results, &r->node) != 0)
        files_result_free(r);
}

static void *writer(void *arg)
{
    struct files_writer *w = arg;
    struct queue_node *n;
    while ((n = queue_pop_wait(&w->jobs)) != NULL)
        run(w, (struct files_job *)n);
    /* Closed: what was queued before still gets written, here, not on
     * the thread that stops the writer. */
    n = queue_take_all(&w->jobs);
    while (n) {
        struct queue_node *next = n->next;
        run(w, (struct files_job *)n);
        n = next;
    }
    return NULL;
}

struct files_writer *files_writer_start(struct queue *results, struct api_error *err)
{
    struct files_writer *w = calloc(1, sizeof *w);
    if (!w) {
        api_error_nomem(err);
        return NULL;
    }
    w->results = results;
    atomic_init(&w->last_id, 0);
    if (queue_init(&w->jobs, false) != 0) {
        api_error_set(err, API_ERR_NOMEM, 0, "cannot start the file writer: %s", strerror(errno));
        free(w);
        return NULL;
    }
    int rc = pthread_create(&w->thread, NULL, writer, w);
    if (rc != 0) {
        api_error_set(err, API_ERR_NOMEM, 0, "cannot start the file writer: %s", strerror(rc));
        queue_destroy(&w->jobs);
        free(w);
        return NULL;
    }
    return w;
}

static unsigned long submit(struct files_writer *w, enum files_op op, const char *path,
                            const void *data, size_t len, struct api_error *err)
{
    size_t path_len = strlen(path) + 1;
    struct files_job *job = malloc(sizeof *job + len + path_len);
    if (!job) {
        api_error_nomem(err);
        return 0;
    }
    if (len > 0)
        memcpy(job->bytes, data, len);
    memcpy(job->bytes + len, path, path_len);
    job->len = len;
    unsigned long id = atomic_fetch_add(&w->last_id, 1) + 1;
    job->result = (struct files_result){.id = id, .op = op, .path = job->bytes + len};
    /* Once pushed the job may be done and freed: only id is read after. */
    if (queue_push(&w->jobs, &job->result.node) != 0) {
        free(job);
        api_error_set(err, API_ERR_CANCELLED, 0, "cannot save %s: the file writer has stopped",
                      path);
        return 0;
    }
    return id;
}

unsigned long files_writer_write(struct files_writer *w, const char *path, const void *data,
                                 size_t len, struct api_error *err)
{
    return submit(w, FILES_WRITE, path, data, len, err);
}

unsigned long files_writer_remove(struct files_writer *w, const char *path, struct api_error *err)
{
    return submit(w, FILES_REMOVE, path, NULL, 0, err);
}

void files_writer_stop(struct files_writer *w)
{
    if (!w)
        return;
    queue_close(&w->jobs);
    pthread_join(w->thread, NULL);
    queue_destroy(&w->jobs);
    free(w);
}
