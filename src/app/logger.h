/* The --log file: timestamped lines of requests and UI events, written by
 * a thread of its own, so neither the UI nor the fetch worker ever waits
 * on the disk. Any thread may call logger_write. The API key is never
 * given to it (http.h keeps it out of log entries). */
#ifndef SENDX_APP_LOGGER_H
#define SENDX_APP_LOGGER_H

struct api_error;
struct logger;

/* Opens (appends to) path, mode 0600, and starts the writer. NULL with
 * err on failure. */
struct logger *logger_open(const char *path, struct api_error *err);

/* Queues one line; the time is taken now. A NULL logger does nothing. */
void logger_write(struct logger *lg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes what is queued, stops the writer and closes the file. NULL is fine. */
void logger_close(struct logger *lg);

#endif
