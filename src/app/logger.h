/* The --log file: timestamped lines of requests and UI events, written by
 * a thread of its own, so neither the UI nor the fetch worker ever waits
 * on the disk. Any thread may call logger_write. The API key is never
 * given to it (http.h keeps it out of log entries).
 *
 * A line is "YYYY-MM-DDTHH:MM:SS.mmm " (local time) and the formatted
 * text, escaped so that every call makes exactly one line of printable
 * text, whatever a server put into an error message, an id or a
 * redirect's Location: `tail -f` of the log never runs a server's escape
 * sequences, and no server text can forge a line. The escapes:
 *
 *   \\                    a backslash
 *   \n  \r  \t            newline, carriage return, tab
 *   \xNN                  any other C0 control (ESC is \x1b), DEL (\x7f),
 *                         and each byte that is not valid UTF-8
 *   \uNNNN                C1 controls (U+0080-U+009F), bidi controls
 *                         (U+061C, U+200E, U+200F, U+202A-U+202E,
 *                         U+2066-U+2069) and the line and paragraph
 *                         separators (U+2028, U+2029)
 *
 * Everything else, printable UTF-8 in any script included, is written
 * as it is. Hex digits are lower case. */
#ifndef SENDX_APP_LOGGER_H
#define SENDX_APP_LOGGER_H

struct api_error;
struct logger;

/* Opens (appends to) path, mode 0600, and starts the writer. NULL with
 * err on failure. */
struct logger *logger_open(const char *path, struct api_error *err);

/* Queues one line, escaped as above; the time is taken now. A NULL
 * logger does nothing. */
void logger_write(struct logger *lg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes what is queued, stops the writer and closes the file. NULL is fine. */
void logger_close(struct logger *lg);

#endif
