/* Every theme a search list holds, for `:theme` and its completion. */
#include "config/theme_file.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Whether dir/entry is NAME.yaml for a NAME a theme may have, written
 * into stem, and a regular file (theme_file_find passes others over);
 * hidden files and other kinds of file are no themes. */
static bool theme_entry(const char *dir, const char *entry, char stem[65])
{
    size_t len = strlen(entry);
    if (len <= 5 || len - 5 > 64 || strcmp(entry + len - 5, ".yaml") != 0)
        return false;
    memcpy(stem, entry, len - 5);
    stem[len - 5] = '\0';
    if (!theme_file_name_ok(stem))
        return false;
    char path[4096];
    struct stat st;
    int n = snprintf(path, sizeof path, "%s/%s", dir, entry);
    return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool has_name(const struct theme_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++) {
        if (strcmp(set->items[i].name, name) == 0)
            return true;
    }
    return false;
}

static int add_name(struct theme_set *set, size_t *cap, const char *name)
{
    if (has_name(set, name))
        return 0;
    if (set->n == *cap) {
        size_t more = *cap ? *cap * 2 : 8;
        struct theme_set_entry *items = realloc(set->items, more * sizeof *items);
        if (!items)
            return -1;
        set->items = items;
        *cap = more;
    }
    char *copy = strdup(name);
    if (!copy)
        return -1;
    set->items[set->n++] = (struct theme_set_entry){.name = copy};
    return 0;
}

/* A directory that cannot be read holds no themes: most of the search
 * list never exists. */
static int add_dir(struct theme_set *set, size_t *cap, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int rc = 0;
    char stem[65];
    for (struct dirent *e = readdir(d); e && rc == 0; e = readdir(d)) {
        if (theme_entry(dir, e->d_name, stem))
            rc = add_name(set, cap, stem);
    }
    closedir(d);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct theme_set_entry *)a)->name,
                  ((const struct theme_set_entry *)b)->name);
}

/* theme_file_load finds the same name the way `:theme NAME` would, so the
 * user's file shadows an installed one and parents come from any dir. */
static int load_entry(struct theme_set_entry *e, const struct theme_file_dirs *dirs,
                      const struct theme_file_slots *slots)
{
    struct api_error err = {0};
    int rc = 0;
    if (theme_file_load(dirs, e->name, slots, &e->spec, &err) != 0) {
        theme_file_free(&e->spec);
        e->errors = err.kind == API_ERR_NOMEM ? NULL : strdup(api_error_message(&err));
        rc = e->errors ? 0 : -1;
    }
    api_error_clear(&err);
    return rc;
}

int theme_set_load(struct theme_set *set, const struct theme_file_dirs *dirs,
                   const struct theme_file_slots *slots, struct api_error *err)
{
    size_t cap = 0;
    int rc = 0;
    *set = (struct theme_set){0};
    for (size_t i = 0; i < dirs->count && rc == 0; i++)
        rc = add_dir(set, &cap, dirs->dirs[i]);
    if (rc == 0 && set->n > 0)
        qsort(set->items, set->n, sizeof *set->items, by_name);
    for (size_t i = 0; i < set->n && rc == 0; i++)
        rc = load_entry(&set->items[i], dirs, slots);
    return rc == 0 ? 0 : api_error_nomem(err);
}

const struct theme_set_entry *theme_set_find(const struct theme_set *set, const char *name)
{
    if (set->n == 0)
        return NULL;
    struct theme_set_entry key = {.name = (char *)name};
    return bsearch(&key, set->items, set->n, sizeof *set->items, by_name);
}

void theme_set_free(struct theme_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->items[i].name);
        free(set->items[i].errors);
        theme_file_free(&set->items[i].spec);
    }
    free(set->items);
    *set = (struct theme_set){0};
}
