/* A direct-colour terminfo entry for tests, since the system's database
 * may lack one (Debian has them in ncurses-term). */
#ifndef TESTS_TERMINFO_H
#define TESTS_TERMINFO_H

/* Compiles `name`, a direct-colour entry as ncurses-term defines
 * xterm-direct (24-bit setaf/setab, colors#0x1000000, RGB) on top of
 * the installed entry `base`, with tic into folder (which must exist).
 * Fails the test when tic does. */
void terminfo_direct_entry(const char *folder, const char *name, const char *base);

#endif
