#include "app/names.h"

#include <stdint.h>
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
