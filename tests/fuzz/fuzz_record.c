/* Records compared by their model's tables (fuzz.h). */
#include "fuzz.h"

#include <string.h>

#include "api/model.h"

uint64_t fuzz_set_of(const void *record)
{
    return ((const struct codec_record_head *)record)->set;
}

const void *fuzz_member_of(const struct model_type *t, const void *record, unsigned m)
{
    return (const char *)record + t->members[m].offset;
}

const void *fuzz_item_of(const struct model_type *t, const struct sendx_objects *o, size_t i)
{
    return (const char *)o->items + i * t->size;
}

static bool strings_equal(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool member_equal(const struct model_member *mm, const void *a, const void *b)
{
    switch (mm->type) {
    case CODEC_STRING:
        return strings_equal(*(char *const *)a, *(char *const *)b);
    case CODEC_INT:
        return *(const int64_t *)a == *(const int64_t *)b;
    case CODEC_BOOL:
        return *(const bool *)a == *(const bool *)b;
    case CODEC_STRINGS: {
        const struct sendx_strv *x = a, *y = b;
        bool same = x->len == y->len;
        for (size_t i = 0; same && i < x->len; i++)
            same = strings_equal(x->items[i], y->items[i]);
        return same;
    }
    case CODEC_MAP: {
        const struct sendx_map *x = a, *y = b;
        bool same = x->len == y->len;
        for (size_t i = 0; same && i < x->len; i++)
            same = strings_equal(x->items[i].key, y->items[i].key) &&
                   strings_equal(x->items[i].value, y->items[i].value);
        return same;
    }
    case CODEC_OBJECTS: {
        const struct sendx_objects *x = a, *y = b;
        bool same = x->len == y->len;
        for (size_t i = 0; same && i < x->len; i++)
            same = fuzz_records_equal(mm->sub, fuzz_item_of(mm->sub, x, i),
                                      fuzz_item_of(mm->sub, y, i));
        return same;
    }
    }
    return false;
}

bool fuzz_records_equal(const struct model_type *t, const void *a, const void *b)
{
    if (fuzz_set_of(a) != fuzz_set_of(b))
        return false;
    for (unsigned m = 0; m < t->n_members; m++)
        if ((fuzz_set_of(a) >> m & 1) &&
            !member_equal(&t->members[m], fuzz_member_of(t, a, m), fuzz_member_of(t, b, m)))
            return false;
    return true;
}

bool fuzz_ints_print_whole(const struct model_type *t, const void *record)
{
    uint64_t set = ((const struct codec_record_head *)record)->set;
    for (unsigned m = 0; m < t->n_members; m++) {
        const struct model_member *mm = &t->members[m];
        const void *p = (const char *)record + mm->offset;
        if (!(set >> m & 1))
            continue;
        if (mm->type == CODEC_INT &&
            (*(const int64_t *)p >= 1000000000000000 || *(const int64_t *)p <= -1000000000000000))
            return false;
        if (mm->type != CODEC_OBJECTS)
            continue;
        const struct sendx_objects *o = p;
        for (size_t i = 0; i < o->len; i++)
            if (!fuzz_ints_print_whole(mm->sub, (const char *)o->items + i * mm->sub->size))
                return false;
    }
    return true;
}
