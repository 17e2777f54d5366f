/* Temporary folders for tests: removed whole, whatever a test left in
 * them (files, links, folders it made unreadable). */
#ifndef SENDX_TEST_TREE_H
#define SENDX_TEST_TREE_H

/* Removes path and everything under it; a path already gone is fine.
 * Best effort: what cannot be removed is left. */
void tree_remove(const char *path);

#endif
