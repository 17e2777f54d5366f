#include "mock/store.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "mock/index.h"
#include "mock/search.h"

#define ID_CHARS 22

struct table {
    const struct model_type *type;
    void **recs;    /* creation order */
    uint32_t *seqs; /* recs[i]'s sequence number: ascending, kept for life */
    size_t len;
    size_t cap;
    uint32_t next_seq;
    struct index by_id;
};

struct store {
    pthread_rwlock_t lock;
    pthread_mutex_t rng_lock;
    uint64_t rng;
    struct table tables[SENDX_KIND_COUNT];
    struct table reports; /* keyed by campaign id */
    struct index by_email;
    struct search_index *contact_search; /* over first name, last name and email */
    struct outbox sent;                  /* its own lock: sending never waits on a list */
};

/* Which members carry a kind's unique name and its timestamps (-1: none). */
struct kind_rules {
    int unique;
    int created;
    int updated;
};

static const struct kind_rules rules[SENDX_KIND_COUNT] = {
    [SENDX_KIND_CONTACT] = {-1, SENDX_CONTACT_CREATED, SENDX_CONTACT_UPDATED},
    [SENDX_KIND_LIST] = {SENDX_LIST_NAME, SENDX_LIST_CREATED, SENDX_LIST_UPDATED},
    [SENDX_KIND_TAG] = {SENDX_TAG_NAME, SENDX_TAG_CREATED, SENDX_TAG_UPDATED},
    [SENDX_KIND_CAMPAIGN] = {SENDX_CAMPAIGN_NAME, SENDX_CAMPAIGN_CREATED, SENDX_CAMPAIGN_UPDATED},
    [SENDX_KIND_TEMPLATE] = {SENDX_TEMPLATE_NAME, SENDX_TEMPLATE_CREATED, SENDX_TEMPLATE_UPDATED},
    [SENDX_KIND_SENDER] = {SENDX_SENDER_EMAIL, -1, -1},
    [SENDX_KIND_FIELD] = {SENDX_FIELD_NAME, -1, -1},
    [SENDX_KIND_WEBHOOK] = {-1, -1, -1},
    [SENDX_KIND_MEMBER] = {-1, SENDX_MEMBER_CREATED, SENDX_MEMBER_UPDATED},
};

static void *member(const struct model_type *t, const void *rec, unsigned m)
{
    return (char *)rec + t->members[m].offset;
}

static char *str_member(const struct model_type *t, const void *rec, unsigned m)
{
    return *(char **)member(t, rec, m);
}

static enum store_status nomem(struct api_error *err)
{
    api_error_set(err, API_ERR_NOMEM, 0, "Internal server error occurred");
    return STORE_NOMEM;
}

/* The message is what followed by arg (which may be ""). */
static enum store_status fail(struct api_error *err, enum store_status st, const char *what,
                              const char *arg)
{
    api_error_set(err, API_ERR_INVALID, 0, "%s%s", what, arg);
    return st;
}

/* ---- tables ---- */

static void table_init(struct table *t, const struct model_type *type, unsigned key_member)
{
    memset(t, 0, sizeof *t);
    t->type = type;
    index_init(&t->by_id, type->members[key_member].offset, false);
}

static void table_free(struct table *t)
{
    for (size_t i = 0; i < t->len; i++) {
        codec_free(t->type, t->recs[i]);
        free(t->recs[i]);
    }
    free(t->recs);
    free(t->seqs);
    index_free(&t->by_id);
}

static void *table_find(const struct table *t, const char *id)
{
    return index_find(&t->by_id, id);
}

/* Takes ownership of rec (heap allocated, id set and unused). */
static int table_add(struct table *t, void *rec)
{
    if (t->len == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        void **recs = realloc(t->recs, cap * sizeof *recs);
        if (!recs)
            return -1;
        t->recs = recs;
        uint32_t *seqs = realloc(t->seqs, cap * sizeof *seqs);
        if (!seqs)
            return -1;
        t->seqs = seqs;
        t->cap = cap;
    }
    if (index_put(&t->by_id, rec) != 0)
        return -1;
    t->seqs[t->len] = t->next_seq++;
    t->recs[t->len++] = rec;
    return 0;
}

/* Where rec (linked) sits in creation order. */
static size_t table_position(const struct table *t, const void *rec)
{
    size_t i = 0;
    while (t->recs[i] != rec)
        i++;
    return i;
}

/* Unlinks rec (the caller frees it) and returns its sequence number. */
static uint32_t table_remove(struct table *t, void *rec)
{
    index_remove(&t->by_id, rec);
    size_t i = table_position(t, rec);
    uint32_t seq = t->seqs[i];
    memmove(&t->recs[i], &t->recs[i + 1], (t->len - i - 1) * sizeof t->recs[0]);
    memmove(&t->seqs[i], &t->seqs[i + 1], (t->len - i - 1) * sizeof t->seqs[0]);
    t->len--;
    return seq;
}

static void rec_destroy(const struct model_type *type, void *rec)
{
    if (!rec)
        return;
    codec_free(type, rec);
    free(rec);
}

/* ---- ids and time ---- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

char *store_new_id(struct store *s, const char *prefix)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    size_t n = strlen(prefix);
    char *id = malloc(n + ID_CHARS + 1);
    if (!id)
        return NULL;
    memcpy(id, prefix, n);
    pthread_mutex_lock(&s->rng_lock);
    for (size_t i = 0; i < ID_CHARS; i++)
        id[n + i] = alphabet[splitmix64(&s->rng) % (sizeof alphabet - 1)];
    pthread_mutex_unlock(&s->rng_lock);
    id[n + ID_CHARS] = '\0';
    return id;
}

void store_format_time(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int stamp(const struct model_type *type, void *rec, int m)
{
    if (m < 0)
        return 0;
    char now[21];
    store_format_time((int64_t)time(NULL), now);
    return codec_set_string(type, rec, (unsigned)m, now);
}

/* An id no record of kind has: a reloaded state may already hold the ids
 * the generator will replay from the same seed. */
static char *unused_id(struct store *s, enum sendx_kind kind)
{
    const char *prefix = model_resource(kind)->id_prefix;
    char *id = store_new_id(s, prefix);
    while (id && index_find(&s->tables[kind].by_id, id)) {
        free(id);
        id = store_new_id(s, prefix);
    }
    return id;
}

/* ---- the store ---- */

struct store *store_new(uint64_t seed)
{
    struct store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    pthread_rwlock_init(&s->lock, NULL);
    pthread_mutex_init(&s->rng_lock, NULL);
    outbox_init(&s->sent);
    s->rng = seed;
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *r = model_resource((enum sendx_kind)k);
        table_init(&s->tables[k], r->type, r->id_member);
    }
    table_init(&s->reports, &model_report_type, SENDX_REPORT_CAMPAIGN_ID);
    const struct model_member *m = model_contact_type.members;
    index_init(&s->by_email, m[SENDX_CONTACT_EMAIL].offset, true);
    const size_t searched[] = {m[SENDX_CONTACT_FIRST_NAME].offset,
                               m[SENDX_CONTACT_LAST_NAME].offset, m[SENDX_CONTACT_EMAIL].offset};
    s->contact_search = search_new(searched, sizeof searched / sizeof searched[0]);
    if (!s->contact_search) {
        store_free(s);
        return NULL;
    }
    return s;
}

void store_free(struct store *s)
{
    if (!s)
        return;
    for (int k = 0; k < SENDX_KIND_COUNT; k++)
        table_free(&s->tables[k]);
    table_free(&s->reports);
    index_free(&s->by_email);
    search_free(s->contact_search);
    outbox_free(&s->sent);
    pthread_mutex_destroy(&s->rng_lock);
    pthread_rwlock_destroy(&s->lock);
    free(s);
}

static struct table *table_of(struct store *s, enum sendx_kind kind)
{
    return &s->tables[kind];
}

/* ---- searching ---- */

/* folded: the query's search_fold, NULL when there is no search. */
static bool matches(enum sendx_kind kind, const void *rec, const struct store_query *q,
                    const char *folded)
{
    if (kind == SENDX_KIND_CAMPAIGN && q->campaign_status >= 0 &&
        ((const struct sendx_campaign *)rec)->status != q->campaign_status)
        return false;
    if (!folded)
        return true;
    int name = rules[kind].unique;
    const struct model_type *t = model_resource(kind)->type;
    return name >= 0 && search_contains(str_member(t, rec, (unsigned)name), folded);
}

/* Copies rec onto the end of out (whose items have room). */
static int append_copy(const struct model_type *t, struct sendx_objects *out, const void *rec)
{
    if (codec_copy(t, (char *)out->items + out->len * t->size, rec) != 0)
        return -1;
    out->len++;
    return 0;
}

static int append_contact(void *out, const void *rec)
{
    return append_copy(&model_contact_type, out, rec);
}

/* The other kinds are a few hundred records at most: a scan is fine. */
static int scan(struct table *t, enum sendx_kind kind, const struct store_query *q, size_t offset,
                size_t limit, struct sendx_objects *out)
{
    char *folded = q->search && *q->search ? search_fold(q->search) : NULL;
    if (q->search && *q->search && !folded)
        return -1;
    size_t skipped = 0;
    int rc = 0;
    for (size_t i = 0; i < t->len && out->len < limit && rc == 0; i++) {
        if (!matches(kind, t->recs[i], q, folded))
            continue;
        if (skipped < offset)
            skipped++;
        else
            rc = append_copy(t->type, out, t->recs[i]);
    }
    free(folded);
    return rc;
}

static int collect(struct store *s, enum sendx_kind kind, const struct store_query *q,
                   struct sendx_objects *out)
{
    struct table *t = table_of(s, kind);
    size_t offset = q->offset > 0 ? (size_t)q->offset : 0;
    size_t limit = q->limit > 0 ? (size_t)q->limit : t->len;
    bool search = q->search && *q->search;
    if (search && kind == SENDX_KIND_CONTACT)
        return search_find(s->contact_search, q->search, offset, limit, append_contact, out);
    if (search || (kind == SENDX_KIND_CAMPAIGN && q->campaign_status >= 0))
        return scan(t, kind, q, offset, limit, out);
    for (size_t i = offset; i < t->len && out->len < limit; i++)
        if (append_copy(t->type, out, t->recs[i]) != 0)
            return -1;
    return 0;
}

enum store_status store_list(struct store *s, enum sendx_kind kind, const struct store_query *q,
                             struct sendx_objects *out, struct api_error *err)
{
    memset(out, 0, sizeof *out);
    pthread_rwlock_rdlock(&s->lock);
    struct table *t = table_of(s, kind);
    size_t room = t->len;
    if (q->limit > 0 && (size_t)q->limit < room)
        room = (size_t)q->limit;
    out->items = calloc(room ? room : 1, t->type->size);
    int rc = out->items ? collect(s, kind, q, out) : -1;
    pthread_rwlock_unlock(&s->lock);
    if (rc != 0) {
        codec_objects_free(t->type, out);
        return nomem(err);
    }
    return STORE_OK;
}

size_t store_count(struct store *s, enum sendx_kind kind)
{
    pthread_rwlock_rdlock(&s->lock);
    size_t n = table_of(s, kind)->len;
    pthread_rwlock_unlock(&s->lock);
    return n;
}

static enum store_status not_found(const struct model_resource *r, struct api_error *err)
{
    api_error_set(err, API_ERR_INVALID, 0, "%c%s not found", toupper((unsigned char)r->title[0]),
                  r->name + 1);
    return STORE_NOT_FOUND;
}

enum store_status store_get(struct store *s, enum sendx_kind kind, const char *id, void *out,
                            struct api_error *err)
{
    const struct model_resource *r = model_resource(kind);
    memset(out, 0, r->type->size);
    pthread_rwlock_rdlock(&s->lock);
    const void *rec = table_find(table_of(s, kind), id);
    int rc = rec ? codec_copy(r->type, out, rec) : 0;
    pthread_rwlock_unlock(&s->lock);
    if (!rec)
        return not_found(r, err);
    return rc == 0 ? STORE_OK : nomem(err);
}

/* ---- references: lists, tags, custom fields ---- */

static bool is_alnum_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!isalnum((unsigned char)s[n]))
            return false;
    return n == ID_CHARS;
}

/* "tag_X" or "X" (22 alphanumerics) become "tag_X"; anything else is not an id. */
static char *normalize_id(const char *prefix, const char *ref)
{
    size_t n = strlen(prefix);
    const char *bare = strncmp(ref, prefix, n) == 0 ? ref + n : ref;
    if (!is_alnum_id(bare))
        return NULL;
    char *id = malloc(n + ID_CHARS + 1);
    if (id)
        snprintf(id, n + ID_CHARS + 1, "%s%s", prefix, bare);
    return id;
}

static void *find_by_unique(struct table *t, enum sendx_kind kind, const char *value,
                            const void *except)
{
    int m = rules[kind].unique;
    for (size_t i = 0; m >= 0 && i < t->len; i++) {
        const char *v = str_member(t->type, t->recs[i], (unsigned)m);
        if (t->recs[i] != except && v && value && strcasecmp(v, value) == 0)
            return t->recs[i];
    }
    return NULL;
}

/* Makes a tag or custom field on the fly, as SendX does when a contact
 * names one it has not seen. id may be NULL (a fresh one is made). */
static void *auto_create(struct store *s, enum sendx_kind kind, const char *id, const char *name)
{
    const struct model_resource *r = model_resource(kind);
    void *rec = calloc(1, r->type->size);
    char *fresh = id ? NULL : unused_id(s, kind);
    bool ok = rec && (id || fresh) &&
              codec_set_string(r->type, rec, r->id_member, id ? id : fresh) == 0 &&
              codec_set_string(r->type, rec, (unsigned)rules[kind].unique, name) == 0 &&
              stamp(r->type, rec, rules[kind].created) == 0 &&
              stamp(r->type, rec, rules[kind].updated) == 0;
    if (ok && kind == SENDX_KIND_FIELD)
        codec_set_int(r->type, rec, SENDX_FIELD_TYPE, 0);
    free(fresh);
    if (!ok || table_add(table_of(s, kind), rec) != 0) {
        rec_destroy(r->type, rec);
        return NULL;
    }
    return rec;
}

/* The id a contact's tag or custom-field reference stands for: an
 * existing id, a name (case-insensitive), or else a new record. With
 * create false an unknown reference yields NULL with *missing set. */
static char *resolve(struct store *s, enum sendx_kind kind, const char *ref, bool create,
                     bool *missing)
{
    const struct model_resource *r = model_resource(kind);
    struct table *t = table_of(s, kind);
    *missing = false;
    char *id = normalize_id(r->id_prefix, ref);
    void *rec = id ? table_find(t, id) : find_by_unique(t, kind, ref, NULL);
    if (!rec && create)
        rec = auto_create(s, kind, id, id ? ref : ref);
    free(id);
    if (!rec) {
        *missing = !create;
        return NULL;
    }
    return strdup(str_member(r->type, rec, r->id_member));
}

static bool strv_has(const struct sendx_strv *v, const char *item)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], item) == 0)
            return true;
    return false;
}

/* Takes ownership of item. */
static int strv_push(struct sendx_strv *v, char *item)
{
    char **grown = realloc(v->items, (v->len + 1) * sizeof *grown);
    if (!grown) {
        free(item);
        return -1;
    }
    v->items = grown;
    v->items[v->len++] = item;
    return 0;
}

static bool strv_remove(struct sendx_strv *v, const char *item)
{
    for (size_t i = 0; i < v->len; i++) {
        if (strcmp(v->items[i], item) == 0) {
            free(v->items[i]);
            memmove(&v->items[i], &v->items[i + 1], (v->len - i - 1) * sizeof v->items[0]);
            v->len--;
            return true;
        }
    }
    return false;
}

/* Rewrites tag references in place as ids, creating tags as needed. */
static enum store_status resolve_tags(struct store *s, struct sendx_strv *tags,
                                      struct api_error *err)
{
    struct sendx_strv ids = {0};
    for (size_t i = 0; i < tags->len; i++) {
        bool missing;
        char *id = resolve(s, SENDX_KIND_TAG, tags->items[i], true, &missing);
        if (!id) {
            codec_strv_free(&ids);
            return nomem(err);
        }
        if (strv_has(&ids, id))
            free(id);
        else if (strv_push(&ids, id) != 0) {
            codec_strv_free(&ids);
            return nomem(err);
        }
    }
    codec_strv_free(tags);
    *tags = ids;
    return STORE_OK;
}

/* Lists are never made on the fly: an unknown one is the caller's mistake. */
static enum store_status resolve_lists(struct store *s, struct sendx_strv *lists,
                                       struct api_error *err)
{
    for (size_t i = 0; i < lists->len; i++) {
        char *id = normalize_id("list_", lists->items[i]);
        if (!id)
            return nomem(err);
        if (!table_find(table_of(s, SENDX_KIND_LIST), id)) {
            enum store_status st = fail(err, STORE_BAD_REFERENCE, "List not found: ", id);
            free(id);
            return st;
        }
        free(lists->items[i]);
        lists->items[i] = id;
    }
    return STORE_OK;
}

static enum store_status resolve_fields(struct store *s, struct sendx_map *fields,
                                        struct api_error *err)
{
    for (size_t i = 0; i < fields->len; i++) {
        bool missing;
        char *id = resolve(s, SENDX_KIND_FIELD, fields->items[i].key, true, &missing);
        if (!id)
            return nomem(err);
        free(fields->items[i].key);
        fields->items[i].key = id;
    }
    return STORE_OK;
}

static enum store_status resolve_contact(struct store *s, struct sendx_contact *c,
                                         struct api_error *err)
{
    enum store_status st = resolve_lists(s, &c->lists, err);
    if (st == STORE_OK)
        st = resolve_tags(s, &c->tags, err);
    if (st == STORE_OK)
        st = resolve_fields(s, &c->custom_fields, err);
    return st;
}

/* ---- creating ---- */

static size_t member_size(enum codec_type t)
{
    switch (t) {
    case CODEC_STRING:
        return sizeof(char *);
    case CODEC_INT:
        return sizeof(int64_t);
    case CODEC_BOOL:
        return sizeof(bool);
    case CODEC_STRINGS:
        return sizeof(struct sendx_strv);
    case CODEC_MAP:
        return sizeof(struct sendx_map);
    case CODEC_OBJECTS:
        break;
    }
    return sizeof(struct sendx_objects);
}

/* Deep copy of base with every member set in patch taken from patch. */
static int merge(const struct model_type *t, void *dst, const void *base, const void *patch)
{
    char *mix = malloc(t->size);
    if (!mix)
        return -1;
    memcpy(mix, base, t->size);
    uint64_t pset = *(const uint64_t *)patch;
    for (unsigned m = 0; m < t->n_members; m++)
        if (pset & (1ull << m))
            memcpy(mix + t->members[m].offset, (const char *)patch + t->members[m].offset,
                   member_size(t->members[m].type));
    *(uint64_t *)mix |= pset;
    int rc = codec_copy(t, dst, mix);
    free(mix);
    return rc;
}

static void set_defaults(enum sendx_kind kind, void *rec)
{
    const struct model_type *t = model_resource(kind)->type;
    uint64_t set = *(uint64_t *)rec;
    switch (kind) {
    case SENDX_KIND_CONTACT:
        for (unsigned m = SENDX_CONTACT_UNSUBSCRIBED; m <= SENDX_CONTACT_DROPPED; m++)
            *(uint64_t *)rec |= 1ull << m;
        *(uint64_t *)rec |= 1ull << SENDX_CONTACT_LISTS | 1ull << SENDX_CONTACT_TAGS |
                            1ull << SENDX_CONTACT_CUSTOM_FIELDS;
        codec_set_int(t, rec, SENDX_CONTACT_CONTACT_SOURCE, 1);
        codec_set_int(t, rec, SENDX_CONTACT_LTV, 0);
        break;
    case SENDX_KIND_LIST:
        if (!(set & 1ull << SENDX_LIST_TYPE))
            codec_set_int(t, rec, SENDX_LIST_TYPE, 0);
        break;
    case SENDX_KIND_TEMPLATE:
        codec_set_int(t, rec, SENDX_TEMPLATE_TYPE, 0);
        codec_set_int(t, rec, SENDX_TEMPLATE_EDITOR_TYPE, 2);
        break;
    case SENDX_KIND_SENDER:
        codec_set_bool(t, rec, SENDX_SENDER_IS_WHITELISTED, false);
        break;
    case SENDX_KIND_WEBHOOK:
        for (unsigned m = SENDX_WEBHOOK_ENABLED; m <= SENDX_WEBHOOK_CONTACT_CREATED; m++)
            *(uint64_t *)rec |= 1ull << m;
        break;
    case SENDX_KIND_CAMPAIGN:
    case SENDX_KIND_TAG:
    case SENDX_KIND_FIELD:
    case SENDX_KIND_MEMBER:
    case SENDX_KIND_COUNT:
        break;
    }
}

/* Campaign lists must exist; tag references are checked the same way. */
static enum store_status check_refs(struct store *s, enum sendx_kind kind,
                                    const struct sendx_strv *refs, struct api_error *err)
{
    const char *prefix = model_resource(kind)->id_prefix;
    for (size_t i = 0; i < refs->len; i++) {
        char *id = normalize_id(prefix, refs->items[i]);
        bool ok = id && table_find(table_of(s, kind), id);
        free(id);
        if (!ok)
            return fail(err, STORE_BAD_REFERENCE,
                        "Referenced resource not found: ", refs->items[i]);
    }
    return STORE_OK;
}

static void normalize_refs(const char *prefix, struct sendx_strv *refs)
{
    for (size_t i = 0; i < refs->len; i++) {
        char *id = normalize_id(prefix, refs->items[i]);
        if (id) {
            free(refs->items[i]);
            refs->items[i] = id;
        }
    }
}

/* Scheduled when a time is given, sent when sent now, else a draft. */
static enum store_status prepare_campaign(struct store *s, struct sendx_campaign *c,
                                          struct api_error *err)
{
    const struct model_type *t = &model_campaign_type;
    if (!table_find(table_of(s, SENDX_KIND_SENDER), c->sender))
        return fail(err, STORE_BAD_REFERENCE, "Sender not found: ", c->sender);
    struct sendx_strv *lists[] = {&c->included_lists, &c->excluded_lists};
    struct sendx_strv *tags[] = {&c->included_tags, &c->excluded_tags};
    for (int i = 0; i < 2; i++) {
        enum store_status st = check_refs(s, SENDX_KIND_LIST, lists[i], err);
        if (st == STORE_OK)
            st = check_refs(s, SENDX_KIND_TAG, tags[i], err);
        if (st != STORE_OK)
            return st;
        normalize_refs("list_", lists[i]);
        normalize_refs("tag_", tags[i]);
    }
    c->set |= 1ull << SENDX_CAMPAIGN_INCLUDED_LISTS | 1ull << SENDX_CAMPAIGN_EXCLUDED_LISTS;
    if (!(c->set & 1ull << SENDX_CAMPAIGN_SCHEDULE_TYPE))
        codec_set_int(t, c, SENDX_CAMPAIGN_SCHEDULE_TYPE, 0);
    if (!(c->set & 1ull << SENDX_CAMPAIGN_SCHEDULE_CONDITION) &&
        codec_set_string(t, c, SENDX_CAMPAIGN_SCHEDULE_CONDITION, "") != 0)
        return nomem(err);
    int status = c->schedule_type == 1 ? 3 : *c->schedule_condition ? 1 : 0;
    codec_set_int(t, c, SENDX_CAMPAIGN_STATUS, status);
    codec_set_bool(t, c, SENDX_CAMPAIGN_IS_ARCHIVED, false);
    return STORE_OK;
}

static enum store_status check_unique(struct store *s, enum sendx_kind kind, const void *rec,
                                      const void *except, struct api_error *err)
{
    const struct model_type *t = model_resource(kind)->type;
    if (kind == SENDX_KIND_CONTACT) {
        const void *other = index_find(&s->by_email, ((const struct sendx_contact *)rec)->email);
        if (other && other != except)
            return fail(err, STORE_DUPLICATE, "Email already exists", "");
        return STORE_OK;
    }
    int m = rules[kind].unique;
    if (m >= 0 && find_by_unique(table_of(s, kind), kind, str_member(t, rec, (unsigned)m), except))
        return fail(err, STORE_DUPLICATE, "Resource with this name already exists", "");
    return STORE_OK;
}

/* Links a complete heap record into its table (and the email index). */
static enum store_status link_record(struct store *s, enum sendx_kind kind, void *rec,
                                     struct api_error *err)
{
    struct table *t = table_of(s, kind);
    if (table_add(t, rec) != 0)
        return nomem(err);
    if (kind == SENDX_KIND_CONTACT &&
        (index_put(&s->by_email, rec) != 0 ||
         search_add(s->contact_search, t->seqs[t->len - 1], rec) != 0)) {
        index_remove(&s->by_email, rec);
        table_remove(t, rec);
        return nomem(err);
    }
    return STORE_OK;
}

static enum store_status prepare(struct store *s, enum sendx_kind kind, void *rec,
                                 struct api_error *err)
{
    if (kind == SENDX_KIND_CONTACT)
        return resolve_contact(s, rec, err);
    if (kind == SENDX_KIND_CAMPAIGN)
        return prepare_campaign(s, rec, err);
    return STORE_OK;
}

static enum store_status create_locked(struct store *s, enum sendx_kind kind, const void *in,
                                       void **made, struct api_error *err)
{
    const struct model_resource *r = model_resource(kind);
    void *rec = calloc(1, r->type->size);
    if (!rec || codec_copy(r->type, rec, in) != 0) {
        free(rec);
        return nomem(err);
    }
    char *id = unused_id(s, kind);
    enum store_status st = check_unique(s, kind, rec, NULL, err);
    if (st == STORE_OK)
        st = prepare(s, kind, rec, err);
    if (st == STORE_OK && (!id || codec_set_string(r->type, rec, r->id_member, id) != 0 ||
                           stamp(r->type, rec, rules[kind].created) != 0 ||
                           stamp(r->type, rec, rules[kind].updated) != 0))
        st = nomem(err);
    free(id);
    if (st == STORE_OK) {
        set_defaults(kind, rec);
        st = link_record(s, kind, rec, err);
    }
    if (st != STORE_OK) {
        rec_destroy(r->type, rec);
        return st;
    }
    *made = rec;
    return STORE_OK;
}

static enum store_status copy_out(const struct model_type *t, void *out, const void *rec,
                                  struct api_error *err)
{
    if (!out)
        return STORE_OK;
    return codec_copy(t, out, rec) == 0 ? STORE_OK : nomem(err);
}

enum store_status store_create(struct store *s, enum sendx_kind kind, const void *in, void *out,
                               struct api_error *err)
{
    const struct model_type *t = model_resource(kind)->type;
    if (out)
        memset(out, 0, t->size);
    void *rec = NULL;
    pthread_rwlock_wrlock(&s->lock);
    enum store_status st = create_locked(s, kind, in, &rec, err);
    if (st == STORE_OK)
        st = copy_out(t, out, rec, err);
    pthread_rwlock_unlock(&s->lock);
    return st;
}

/* ---- updating ---- */

/* Members a request may never change. */
static uint64_t fixed_members(enum sendx_kind kind)
{
    const struct model_resource *r = model_resource(kind);
    uint64_t fixed = 1ull << r->id_member;
    if (rules[kind].created >= 0)
        fixed |= 1ull << rules[kind].created;
    if (rules[kind].updated >= 0)
        fixed |= 1ull << rules[kind].updated;
    return fixed;
}

/* Replaces old (linked) with its merge with patch. */
static enum store_status update_locked(struct store *s, enum sendx_kind kind, void *old,
                                       const void *patch, void **made, struct api_error *err)
{
    const struct model_type *t = model_resource(kind)->type;
    void *rec = calloc(1, t->size);
    void *clean = calloc(1, t->size);
    if (!rec || !clean || codec_copy(t, clean, patch) != 0) {
        free(rec);
        free(clean);
        return nomem(err);
    }
    *(uint64_t *)clean &= ~fixed_members(kind);
    enum store_status st = prepare(s, kind, clean, err);
    if (st == STORE_OK && merge(t, rec, old, clean) != 0)
        st = nomem(err);
    rec_destroy(t, clean);
    if (st == STORE_OK)
        st = check_unique(s, kind, rec, old, err);
    if (st == STORE_OK && stamp(t, rec, rules[kind].updated) != 0)
        st = nomem(err);
    struct table *tab = table_of(s, kind);
    size_t i = table_position(tab, old);
    if (st == STORE_OK && kind == SENDX_KIND_CONTACT &&
        search_replace(s->contact_search, tab->seqs[i], rec) != 0)
        st = nomem(err);
    if (st != STORE_OK) {
        rec_destroy(t, rec);
        return st;
    }
    if (kind == SENDX_KIND_CONTACT)
        index_remove(&s->by_email, old);
    index_remove(&tab->by_id, old);
    tab->recs[i] = rec;
    /* Same id, same slot count: re-adding cannot need more memory than was freed. */
    if (index_put(&tab->by_id, rec) != 0 ||
        (kind == SENDX_KIND_CONTACT && index_put(&s->by_email, rec) != 0))
        st = nomem(err);
    rec_destroy(t, old);
    *made = rec;
    return st;
}

enum store_status store_update(struct store *s, enum sendx_kind kind, const char *id,
                               const void *patch, void *out, struct api_error *err)
{
    const struct model_resource *r = model_resource(kind);
    if (out)
        memset(out, 0, r->type->size);
    pthread_rwlock_wrlock(&s->lock);
    void *old = table_find(table_of(s, kind), id);
    void *rec = NULL;
    enum store_status st = old ? update_locked(s, kind, old, patch, &rec, err) : not_found(r, err);
    if (st == STORE_OK)
        st = copy_out(r->type, out, rec, err);
    pthread_rwlock_unlock(&s->lock);
    return st;
}

/* ---- deleting ---- */

static bool map_remove(struct sendx_map *m, const char *key)
{
    for (size_t i = 0; i < m->len; i++) {
        if (strcmp(m->items[i].key, key) == 0) {
            free(m->items[i].key);
            free(m->items[i].value);
            memmove(&m->items[i], &m->items[i + 1], (m->len - i - 1) * sizeof m->items[0]);
            m->len--;
            return true;
        }
    }
    return false;
}

/* A deleted list, tag or custom field leaves every record that named it. */
static void cascade(struct store *s, enum sendx_kind kind, const char *id)
{
    struct table *contacts = table_of(s, SENDX_KIND_CONTACT);
    struct table *campaigns = table_of(s, SENDX_KIND_CAMPAIGN);
    for (size_t i = 0; i < contacts->len; i++) {
        struct sendx_contact *c = contacts->recs[i];
        if (kind == SENDX_KIND_LIST)
            strv_remove(&c->lists, id);
        else if (kind == SENDX_KIND_TAG)
            strv_remove(&c->tags, id);
        else if (kind == SENDX_KIND_FIELD)
            map_remove(&c->custom_fields, id);
    }
    for (size_t i = 0; i < campaigns->len; i++) {
        struct sendx_campaign *c = campaigns->recs[i];
        if (kind == SENDX_KIND_LIST) {
            strv_remove(&c->included_lists, id);
            strv_remove(&c->excluded_lists, id);
        } else if (kind == SENDX_KIND_TAG) {
            strv_remove(&c->included_tags, id);
            strv_remove(&c->excluded_tags, id);
        }
    }
}

enum store_status store_delete(struct store *s, enum sendx_kind kind, const char *id,
                               struct api_error *err)
{
    const struct model_resource *r = model_resource(kind);
    pthread_rwlock_wrlock(&s->lock);
    struct table *t = table_of(s, kind);
    void *rec = table_find(t, id);
    if (rec) {
        if (kind == SENDX_KIND_CONTACT)
            index_remove(&s->by_email, rec);
        uint32_t seq = table_remove(t, rec);
        if (kind == SENDX_KIND_CONTACT)
            search_remove(s->contact_search, seq);
        cascade(s, kind, id);
        void *report = kind == SENDX_KIND_CAMPAIGN ? table_find(&s->reports, id) : NULL;
        if (report) {
            table_remove(&s->reports, report);
            rec_destroy(&model_report_type, report);
        }
        rec_destroy(r->type, rec);
    }
    pthread_rwlock_unlock(&s->lock);
    return rec ? STORE_OK : not_found(r, err);
}

/* ---- contact actions ---- */

enum store_status store_contact_unsubscribe(struct store *s, const char *id, struct api_error *err)
{
    pthread_rwlock_wrlock(&s->lock);
    struct sendx_contact *c = table_find(table_of(s, SENDX_KIND_CONTACT), id);
    enum store_status st = STORE_OK;
    if (c) {
        codec_set_bool(&model_contact_type, c, SENDX_CONTACT_UNSUBSCRIBED, true);
        if (stamp(&model_contact_type, c, SENDX_CONTACT_UPDATED) != 0)
            st = nomem(err);
    }
    pthread_rwlock_unlock(&s->lock);
    return c ? st : not_found(model_resource(SENDX_KIND_CONTACT), err);
}

/* A contact patch from an identify request; tags add to the existing ones. */
static int identify_patch(const struct sendx_identify *req, const struct sendx_contact *old,
                          struct sendx_contact *p)
{
    const struct model_type *t = &model_contact_type;
    const char *email = req->new_email && *req->new_email ? req->new_email : req->email;
    if (codec_set_string(t, p, SENDX_CONTACT_EMAIL, email) != 0)
        return -1;
    if ((req->first_name && codec_set_string(t, p, SENDX_CONTACT_FIRST_NAME, req->first_name)) ||
        (req->last_name && codec_set_string(t, p, SENDX_CONTACT_LAST_NAME, req->last_name)) ||
        (req->company && codec_set_string(t, p, SENDX_CONTACT_COMPANY, req->company)))
        return -1;
    for (size_t i = 0; i < req->custom_fields.len; i++)
        if (codec_map_put(t, p, SENDX_CONTACT_CUSTOM_FIELDS, req->custom_fields.items[i].key,
                          req->custom_fields.items[i].value) != 0)
            return -1;
    if (!req->tags.len)
        return 0;
    struct sendx_strv none = {0};
    const struct sendx_strv *have = old ? &old->tags : &none;
    if (codec_set_strings(t, p, SENDX_CONTACT_TAGS, (const char *const *)have->items, have->len))
        return -1;
    for (size_t i = 0; i < req->tags.len; i++) {
        char *copy = strdup(req->tags.items[i]);
        if (!copy || strv_push(&p->tags, copy) != 0)
            return -1;
    }
    return 0;
}

/* Custom fields sent by identify merge into the contact's, not replace them. */
static int merge_old_fields(const struct sendx_contact *old, struct sendx_contact *p)
{
    if (!old || !(p->set & 1ull << SENDX_CONTACT_CUSTOM_FIELDS))
        return 0;
    for (size_t i = 0; i < old->custom_fields.len; i++) {
        const struct sendx_map_entry *e = &old->custom_fields.items[i];
        bool sent = false;
        for (size_t j = 0; j < p->custom_fields.len && !sent; j++)
            sent = strcmp(p->custom_fields.items[j].key, e->key) == 0;
        if (!sent && codec_map_put(&model_contact_type, p, SENDX_CONTACT_CUSTOM_FIELDS, e->key,
                                   e->value) != 0)
            return -1;
    }
    return 0;
}

enum store_status store_contact_identify(struct store *s, const struct sendx_identify *req,
                                         struct api_error *err)
{
    struct sendx_contact patch = {0};
    pthread_rwlock_wrlock(&s->lock);
    struct sendx_contact *old = index_find(&s->by_email, req->email);
    enum store_status st = STORE_OK;
    if (identify_patch(req, old, &patch) != 0)
        st = nomem(err);
    if (st == STORE_OK && old) {
        st = resolve_fields(s, &patch.custom_fields, err);
        if (st == STORE_OK && merge_old_fields(old, &patch) != 0)
            st = nomem(err);
    }
    void *made = NULL;
    if (st == STORE_OK)
        st = old ? update_locked(s, SENDX_KIND_CONTACT, old, &patch, &made, err)
                 : create_locked(s, SENDX_KIND_CONTACT, &patch, &made, err);
    pthread_rwlock_unlock(&s->lock);
    codec_free(&model_contact_type, &patch);
    return st;
}

static enum store_status track_locked(struct store *s, struct sendx_contact *c,
                                      const struct sendx_track *req, struct api_error *err)
{
    for (size_t i = 0; i < req->add_tags.len; i++) {
        bool missing;
        char *id = resolve(s, SENDX_KIND_TAG, req->add_tags.items[i], true, &missing);
        if (!id)
            return nomem(err);
        if (strv_has(&c->tags, id))
            free(id);
        else if (strv_push(&c->tags, id) != 0)
            return nomem(err);
    }
    for (size_t i = 0; i < req->remove_tags.len; i++) {
        bool missing;
        char *id = resolve(s, SENDX_KIND_TAG, req->remove_tags.items[i], false, &missing);
        if (!id && !missing)
            return nomem(err);
        if (id)
            strv_remove(&c->tags, id);
        free(id);
    }
    c->set |= 1ull << SENDX_CONTACT_TAGS;
    return stamp(&model_contact_type, c, SENDX_CONTACT_UPDATED) == 0 ? STORE_OK : nomem(err);
}

enum store_status store_contact_track(struct store *s, const struct sendx_track *req,
                                      struct api_error *err)
{
    pthread_rwlock_wrlock(&s->lock);
    struct sendx_contact *c = req->email ? index_find(&s->by_email, req->email) : NULL;
    enum store_status st =
        c ? track_locked(s, c, req, err) : not_found(model_resource(SENDX_KIND_CONTACT), err);
    pthread_rwlock_unlock(&s->lock);
    return st;
}

/* ---- reports ---- */

static int empty_report(const char *campaign_id, struct sendx_report *out)
{
    const struct model_type *t = &model_report_type;
    if (codec_set_string(t, out, SENDX_REPORT_CAMPAIGN_ID, campaign_id) != 0)
        return -1;
    for (unsigned m = SENDX_REPORT_CLICKED_UNIQUE; m <= SENDX_REPORT_OPENED; m++)
        codec_set_int(t, out, m, 0);
    out->set |= 1ull << SENDX_REPORT_LINK_STATS;
    return 0;
}

enum store_status store_report(struct store *s, const char *campaign_id, struct sendx_report *out,
                               struct api_error *err)
{
    memset(out, 0, sizeof *out);
    pthread_rwlock_rdlock(&s->lock);
    bool known = table_find(table_of(s, SENDX_KIND_CAMPAIGN), campaign_id) != NULL;
    const void *rep = known ? table_find(&s->reports, campaign_id) : NULL;
    int rc = !known ? 0
             : rep  ? codec_copy(&model_report_type, out, rep)
                    : empty_report(campaign_id, out);
    pthread_rwlock_unlock(&s->lock);
    if (!known)
        return not_found(model_resource(SENDX_KIND_CAMPAIGN), err);
    if (rc != 0) {
        codec_free(&model_report_type, out);
        return nomem(err);
    }
    return STORE_OK;
}

/* ---- bulk loading ---- */

/* Moves *rec into a new heap record. */
static void *take(const struct model_type *t, void *rec)
{
    void *heap = malloc(t->size);
    if (!heap) {
        codec_free(t, rec);
        return NULL;
    }
    memcpy(heap, rec, t->size);
    memset(rec, 0, t->size);
    return heap;
}

static enum store_status insert_locked(struct store *s, enum sendx_kind kind, void *heap,
                                       struct api_error *err)
{
    const struct model_resource *r = model_resource(kind);
    const char *id = str_member(r->type, heap, r->id_member);
    if (!id)
        return fail(err, STORE_BAD_REFERENCE, "a record without an id: ", r->name);
    if (table_find(table_of(s, kind), id))
        return fail(err, STORE_DUPLICATE, "duplicate id ", id);
    if (kind == SENDX_KIND_CONTACT) {
        const char *email = ((struct sendx_contact *)heap)->email;
        if (!email || index_find(&s->by_email, email))
            return fail(err, STORE_DUPLICATE, "missing or duplicate email ", email ? email : "");
    }
    return link_record(s, kind, heap, err);
}

enum store_status store_insert(struct store *s, enum sendx_kind kind, void *rec,
                               struct api_error *err)
{
    const struct model_type *t = model_resource(kind)->type;
    void *heap = take(t, rec);
    if (!heap)
        return nomem(err);
    pthread_rwlock_wrlock(&s->lock);
    enum store_status st = insert_locked(s, kind, heap, err);
    pthread_rwlock_unlock(&s->lock);
    if (st != STORE_OK)
        rec_destroy(t, heap);
    return st;
}

enum store_status store_insert_report(struct store *s, struct sendx_report *rep,
                                      struct api_error *err)
{
    void *heap = take(&model_report_type, rep);
    if (!heap)
        return nomem(err);
    pthread_rwlock_wrlock(&s->lock);
    const char *id = ((struct sendx_report *)heap)->campaign_id;
    enum store_status st = STORE_OK;
    if (!id || table_find(&s->reports, id))
        st = fail(err, STORE_DUPLICATE, "missing or duplicate report ", id ? id : "");
    else if (table_add(&s->reports, heap) != 0)
        st = nomem(err);
    pthread_rwlock_unlock(&s->lock);
    if (st != STORE_OK)
        rec_destroy(&model_report_type, heap);
    return st;
}

static int each(struct store *s, struct table *t, int (*fn)(void *ctx, const void *rec), void *ctx)
{
    int rc = 0;
    pthread_rwlock_rdlock(&s->lock);
    for (size_t i = 0; i < t->len && rc == 0; i++)
        rc = fn(ctx, t->recs[i]);
    pthread_rwlock_unlock(&s->lock);
    return rc;
}

int store_each(struct store *s, enum sendx_kind kind, int (*fn)(void *ctx, const void *rec),
               void *ctx)
{
    return each(s, table_of(s, kind), fn, ctx);
}

int store_each_report(struct store *s, int (*fn)(void *ctx, const void *rec), void *ctx)
{
    return each(s, &s->reports, fn, ctx);
}

struct outbox *store_outbox(struct store *s)
{
    return &s->sent;
}
