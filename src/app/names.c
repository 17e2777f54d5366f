#include "app/names.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static struct names_entry *slot_for(struct names_entry *slots, size_t cap, const char *id)
{
    size_t i = hash(id) & (cap - 1);
    while (slots[i].id && strcmp(slots[i].id, id) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int grow(struct names *n)
{
    size_t cap = n->cap ? n->cap * 2 : 64;
    struct names_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < n->cap; i++)
        if (n->slots[i].id)
            *slot_for(slots, cap, n->slots[i].id) = n->slots[i];
    free(n->slots);
    n->slots = slots;
    n->cap = cap;
    return 0;
}

int names_put(struct names *n, const char *id, const char *name)
{
    if ((n->len + 1) * 2 > n->cap && grow(n) != 0)
        return -1;
    struct names_entry *e = slot_for(n->slots, n->cap, id);
    char *copy = strdup(name ? name : "");
    if (!copy)
        return -1;
    if (e->id) {
        free(e->name);
        e->name = copy;
        return 0;
    }
    e->id = strdup(id);
    if (!e->id) {
        free(copy);
        return -1;
    }
    e->name = copy;
    n->len++;
    return 0;
}

#define FIELD_PREFIX        "field_"
#define CUSTOM_FIELD_PREFIX "custom_field_"

int names_put_field(struct names *n, const char *id, const char *name)
{
    const char *suffix = NULL, *other = NULL;
    if (strncmp(id, CUSTOM_FIELD_PREFIX, strlen(CUSTOM_FIELD_PREFIX)) == 0) {
        suffix = id + strlen(CUSTOM_FIELD_PREFIX);
        other = FIELD_PREFIX;
    } else if (strncmp(id, FIELD_PREFIX, strlen(FIELD_PREFIX)) == 0) {
        suffix = id + strlen(FIELD_PREFIX);
        other = CUSTOM_FIELD_PREFIX;
    }
    if (names_put(n, id, name) != 0)
        return -1;
    if (!suffix)
        return 0;
    char alias[128];
    if (snprintf(alias, sizeof alias, "%s%s", other, suffix) >= (int)sizeof alias)
        return 0; /* no real id is this long: nothing would look it up */
    return names_put(n, alias, name);
}

const char *names_get(const struct names *n, const char *id)
{
    if (!n->cap || !id)
        return NULL;
    const struct names_entry *e = slot_for(n->slots, n->cap, id);
    return e->id ? e->name : NULL;
}

void names_free(struct names *n)
{
    for (size_t i = 0; i < n->cap; i++) {
        free(n->slots[i].id);
        free(n->slots[i].name);
    }
    free(n->slots);
    memset(n, 0, sizeof *n);
}
