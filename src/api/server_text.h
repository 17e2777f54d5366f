/* What a server says, made fit to show on a screen, in a log or on
 * stderr: cut to a length without splitting a character, and with any
 * copy of the API key in it replaced by "<API key>" (a server that echoes
 * the key back, "invalid key sk-...", or a Location that carries it).
 * No state; any thread. */
#ifndef SENDX_SERVER_TEXT_H
#define SENDX_SERVER_TEXT_H

#include <stddef.h>

/* The length of s (len bytes) cut to at most max bytes without splitting
 * a UTF-8 character. */
size_t server_text_cut(const char *s, size_t len, size_t max);

/* A heap copy of text with every copy of key (not empty) in it replaced
 * by "<API key>"; the caller frees it. NULL if out of memory. */
char *server_text_without_key(const char *text, const char *key);

/* The API's {"status":"error","message":...} in body (len bytes), without
 * the key, cut to max bytes with "…" after a cut: a heap string the
 * caller frees, or NULL when there is none (or memory ran out). */
char *server_text_message(const char *body, size_t len, const char *key, size_t max);

#endif
