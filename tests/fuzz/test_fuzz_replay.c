/* Every fuzz target over every file of its corpus (tests/fuzz/corpus/T)
 * and of its regressions (tests/fuzz/regress/T: each input that once
 * broke a property), in the normal build and with any compiler, so that
 * what fuzzing found stays fixed.
 *
 * Each input runs in a child process of its own, since a target reports
 * a broken property by aborting; the test names every input that failed. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

typedef int (*fuzz_entry)(const uint8_t *data, size_t size);

struct replayed {
    size_t inputs;
    size_t failed;
    char first_failed[1024];
};

static uint8_t *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s cannot be read", path);
    uint8_t *data = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            cap = cap ? cap * 2 : 4096;
            data = realloc(data, cap);
            cr_assert_not_null(data);
        }
        size_t n = fread(data + *len, 1, cap - *len, f);
        if (n == 0)
            break;
        *len += n;
    }
    fclose(f);
    return data;
}

/* The wait status of entry run on the file in a child process. */
static int run_one(fuzz_entry entry, const char *path)
{
    size_t len;
    uint8_t *data = read_whole(path, &len);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork failed");
    if (pid == 0) {
        entry(data, len);
        _exit(0);
    }
    int status = 0;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    free(data);
    return status;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay_dir(fuzz_entry entry, const char *dir, struct replayed *r)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, by_name);
    for (int i = 0; i < n; i++) {
        char path[1024];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            int status = run_one(entry, path);
            bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            r->inputs++;
            if (!ok && r->failed++ == 0)
                snprintf(r->first_failed, sizeof r->first_failed, "%s", path);
            if (!ok)
                cr_log_error("%s: %s %d", path, WIFSIGNALED(status) ? "signal" : "exit status",
                             WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        }
        free(names[i]);
    }
    free(names);
}

/* The corpus and the regressions of target; the regressions' directory
 * is absent while nothing has been found. */
static struct replayed replay(const char *target, fuzz_entry entry)
{
    struct replayed r = {0};
    char dir[512];
    /* Set-up done once (a locale, the spec loaded) is then shared by the
     * children rather than repeated in each. */
    entry((const uint8_t *)"", 0);
    snprintf(dir, sizeof dir, "%s/corpus/%s", FUZZ_DIR, target);
    replay_dir(entry, dir, &r);
    snprintf(dir, sizeof dir, "%s/regress/%s", FUZZ_DIR, target);
    replay_dir(entry, dir, &r);
    return r;
}

#define REPLAY_TEST(name)                                                                          \
    Test(fuzz_replay, name)                                                                        \
    {                                                                                              \
        struct replayed r = replay(#name, fuzz_##name);                                            \
        cr_assert_gt(r.inputs, 0, "no input for " #name " in " FUZZ_DIR);                          \
        cr_assert_eq(r.failed, 0, "%zu of %zu inputs of " #name " fail, the first %s", r.failed,   \
                     r.inputs, r.first_failed);                                                    \
    }

FUZZ_TARGETS(REPLAY_TEST)
