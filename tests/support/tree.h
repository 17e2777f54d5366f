/* Temporary folders for tests: removed whole, whatever a test left in
 * them (files, links, folders it made unreadable). */
#ifndef SENDX_TEST_TREE_H
#define SENDX_TEST_TREE_H

#include <stddef.h>
#include <sys/types.h>

/* Removes path and everything under it; a path already gone is fine.
 * Best effort: what cannot be removed is left. */
void tree_remove(const char *path);

/* Writes text (len bytes) to path, then gives it mode. Returns 0, or -1
 * (errno set) for the test to fail on. */
int tree_put(const char *path, const void *text, size_t len, mode_t mode);

#endif
