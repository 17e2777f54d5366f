#include "terminfo.h"

#include <criterion/criterion.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>

extern char **environ;

void terminfo_direct_entry(const char *folder, const char *name, const char *base)
{
    char source[512];
    snprintf(source, sizeof source, "%s/%s.src", folder, name);
    FILE *f = fopen(source, "w");
    cr_assert_not_null(f);
    fprintf(f,
            "%s|direct colour for tests,\n"
            "\tuse=%s, colors#0x1000000, pairs#0x10000, RGB,\n"
            "\tsetaf=\\E[%%?%%p1%%{8}%%<%%t3%%p1%%d%%e38:2::%%p1%%{65536}%%/%%d:%%p1%%{256}%%/"
            "%%{255}%%&%%d:%%p1%%{255}%%&%%d%%;m,\n"
            "\tsetab=\\E[%%?%%p1%%{8}%%<%%t4%%p1%%d%%e48:2::%%p1%%{65536}%%/%%d:%%p1%%{256}%%/"
            "%%{255}%%&%%d:%%p1%%{255}%%&%%d%%;m,\n",
            name, base);
    cr_assert_eq(fclose(f), 0);
    char *argv[] = {"tic", "-x", "-o", (char *)folder, source, NULL};
    pid_t pid;
    int status;
    cr_assert_eq(posix_spawnp(&pid, "tic", NULL, NULL, argv, environ), 0);
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "tic failed on %s", source);
}
