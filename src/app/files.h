/* Files written whole or not at all, off the UI thread.
 *
 * An atomic write makes the missing directories (mode 0700), writes the
 * bytes to a new temporary file beside the target (O_EXCL, mode 0600),
 * syncs it, renames it over the target and syncs the directory: a crash
 * at any point leaves either the old file whole or the new one whole,
 * never a mix, and at worst a stray hidden temporary file (".files-*").
 *
 * The writer is a thread of its own that takes write and remove jobs
 * through a queue, as the logger does, so the UI never waits on the disk;
 * each job's outcome comes back as a files_result posted to a queue the
 * caller gives (one with a wake fd, polled by the loop, like the fetch
 * results). Jobs run one at a time in the order submitted, so a write
 * and a later remove of the same path land in that order.
 *
 * files_write_atomic is the same write done on the calling thread: for
 * the writer itself, and for a process that is ending (a signal, the
 * terminal gone), when waiting on the disk is fine. A job still queued
 * for the same path could land after it and win: stop the writer first
 * (files_writer_stop writes what is queued). */
#ifndef SENDX_APP_FILES_H
#define SENDX_APP_FILES_H

#include <stddef.h>

#include "api/api_error.h"
#include "app/queue.h"

/* Writes len bytes of data to path atomically, as above. Returns 0, or
 * -1 with err naming the path and the cause. */
int files_write_atomic(const char *path, const void *data, size_t len, struct api_error *err);

/* The two halves of an atomic write, for a writer that streams: a new
 * empty file beside path (same directory, which must exist; mode 0600,
 * O_EXCL, a hidden ".files-*" name). Returns its descriptor, with *tmp
 * its path: a heap string the caller frees, after files_temp_install or
 * after closing and unlinking it. Returns -1 with err (naming the
 * directory) and *tmp NULL on failure. */
int files_temp_open(const char *path, char **tmp, struct api_error *err);

/* Renames tmp (written, synced and closed by the caller) over path and
 * syncs the directory. On failure tmp is removed, unless the rename was
 * done and only the sync failed. Returns 0, or -1 with err. */
int files_temp_install(const char *tmp, const char *path, struct api_error *err);

/* Removes path; one that is already gone counts as removed. Returns 0,
 * or -1 with err. */
int files_remove(const char *path, struct api_error *err);

enum files_op {
    FILES_WRITE,
    FILES_REMOVE,
};

/* One job's outcome. Belongs to whoever took it from the results queue:
 * free it with files_result_free. */
struct files_result {
    struct queue_node node; /* first: results are queue nodes */
    unsigned long id;       /* what files_writer_write/remove returned */
    enum files_op op;
    const char *path;     /* the job's path; lives as long as the result */
    int rc;               /* 0 done, -1 failed */
    struct api_error err; /* rc -1: why, naming the path */
};

void files_result_free(struct files_result *r);

/* Frees every result waiting in results (after the writer stopped). */
void files_results_drain(struct queue *results);

struct files_writer;

/* Starts the writer thread. Each job's result is posted to results,
 * which must outlive the writer. NULL with err on failure. */
struct files_writer *files_writer_start(struct queue *results, struct api_error *err);

/* Queues an atomic write of a copy of data (len bytes) to a copy of
 * path. Returns the job's id (never 0), or 0 with err if out of memory
 * or the writer is stopping. */
unsigned long files_writer_write(struct files_writer *w, const char *path, const void *data,
                                 size_t len, struct api_error *err);

/* Queues the removal of path, as files_remove. Returns as
 * files_writer_write. */
unsigned long files_writer_remove(struct files_writer *w, const char *path, struct api_error *err);

/* Runs every job already queued (their results are posted as usual),
 * stops the thread and frees the writer. Results stay in the results
 * queue for the caller. NULL is fine. */
void files_writer_stop(struct files_writer *w);

#endif
