#include "app/columns.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/enums.h"
#include "app/names.h"
#include "app/text.h"

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static int compare_text(const char *a, const char *b)
{
    /* Missing values sort after present ones. */
    if (!a || !*a)
        return (b && *b) ? 1 : 0;
    if (!b || !*b)
        return -1;
    return strcasecmp(a, b);
}

static int compare_int(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

static const char *date_of(const char *iso, char *scratch)
{
    if (text_local_time(iso, scratch, COLUMN_SCRATCH) == 0) {
        scratch[10] = '\0'; /* the date part of "YYYY-MM-DD HH:MM" */
        return scratch;
    }
    return or_empty(iso);
}

static const char *count_of(size_t n, char *scratch)
{
    snprintf(scratch, COLUMN_SCRATCH, "%zu", n);
    return scratch;
}

static const char *yes_no(bool v)
{
    return v ? "yes" : "no";
}

static bool unreadable(const void *record, unsigned member)
{
    return codec_unreadable_raw(record, member) != NULL;
}

/* Related records joined ("lead, 重要"), each by its name where names
 * has it, else by its id (as the detail view does). What does not fit
 * the scratch is left off whole: no cell is that wide. */
static const char *joined(const struct sendx_strv *ids, const struct names *names, char *scratch)
{
    size_t o = 0;
    scratch[0] = '\0';
    for (size_t i = 0; i < ids->len; i++) {
        const char *id = ids->items[i] ? ids->items[i] : "";
        const char *name = names ? names_get(names, id) : NULL;
        int w = snprintf(scratch + o, COLUMN_SCRATCH - o, "%s%s", o ? ", " : "",
                         name && *name ? name : id);
        if (w < 0 || (size_t)w >= COLUMN_SCRATCH - o) {
            scratch[o] = '\0';
            break;
        }
        o += (size_t)w;
    }
    return scratch;
}

/* Getters and comparators for a plain member: TEXT_COL(type, member,
 * its index). A member the server sent unreadably shows COLUMN_UNREADABLE
 * (the detail view has its raw text); it sorts as a missing value. */
#define TEXT_COL(T, m, MEMBER)                                                                     \
    static const char *T##_##m##_text(const void *r, char *scratch)                                \
    {                                                                                              \
        (void)scratch;                                                                             \
        if (unreadable(r, MEMBER))                                                                 \
            return COLUMN_UNREADABLE;                                                              \
        return or_empty(((const struct sendx_##T *)r)->m);                                         \
    }                                                                                              \
    static int T##_##m##_cmp(const void *a, const void *b)                                         \
    {                                                                                              \
        return compare_text(((const struct sendx_##T *)a)->m, ((const struct sendx_##T *)b)->m);   \
    }
#define DATE_COL(T, m, MEMBER)                                                                     \
    static const char *T##_##m##_text(const void *r, char *scratch)                                \
    {                                                                                              \
        if (unreadable(r, MEMBER))                                                                 \
            return COLUMN_UNREADABLE;                                                              \
        return date_of(((const struct sendx_##T *)r)->m, scratch);                                 \
    }                                                                                              \
    static int T##_##m##_cmp(const void *a, const void *b)                                         \
    {                                                                                              \
        return compare_text(((const struct sendx_##T *)a)->m, ((const struct sendx_##T *)b)->m);   \
    }
#define COUNT_COL(T, m, MEMBER)                                                                    \
    static const char *T##_##m##_text(const void *r, char *scratch)                                \
    {                                                                                              \
        if (unreadable(r, MEMBER))                                                                 \
            return COLUMN_UNREADABLE;                                                              \
        return count_of(((const struct sendx_##T *)r)->m.len, scratch);                            \
    }                                                                                              \
    static int T##_##m##_cmp(const void *a, const void *b)                                         \
    {                                                                                              \
        return compare_int((int64_t)((const struct sendx_##T *)a)->m.len,                          \
                           (int64_t)((const struct sendx_##T *)b)->m.len);                         \
    }
#define BOOL_COL(T, m, MEMBER)                                                                     \
    static const char *T##_##m##_text(const void *r, char *scratch)                                \
    {                                                                                              \
        (void)scratch;                                                                             \
        if (unreadable(r, MEMBER))                                                                 \
            return COLUMN_UNREADABLE;                                                              \
        return yes_no(((const struct sendx_##T *)r)->m);                                           \
    }                                                                                              \
    static int T##_##m##_cmp(const void *a, const void *b)                                         \
    {                                                                                              \
        return compare_int(((const struct sendx_##T *)a)->m, ((const struct sendx_##T *)b)->m);    \
    }
/* An integer code shown by its meaning (enums.h); unset shows empty. */
#define ENUM_COL(T, m, KIND, MEMBER)                                                               \
    static const char *T##_##m##_text(const void *r, char *scratch)                                \
    {                                                                                              \
        const struct sendx_##T *rec = r;                                                           \
        if (unreadable(rec, MEMBER))                                                               \
            return COLUMN_UNREADABLE;                                                              \
        if (!codec_is_set(rec, MEMBER))                                                            \
            return "";                                                                             \
        return enums_text(KIND, MEMBER, rec->m, scratch);                                          \
    }                                                                                              \
    static int T##_##m##_cmp(const void *a, const void *b)                                         \
    {                                                                                              \
        return compare_int(((const struct sendx_##T *)a)->m, ((const struct sendx_##T *)b)->m);    \
    }
/* A column of related records: the ids as text, by name where known. */
#define NAMED_COL(T, m, MEMBER)                                                                    \
    static const char *T##_##m##_named(const void *r, const struct names *names, char *scratch)    \
    {                                                                                              \
        if (unreadable(r, MEMBER))                                                                 \
            return COLUMN_UNREADABLE;                                                              \
        return joined(&((const struct sendx_##T *)r)->m, names, scratch);                          \
    }                                                                                              \
    static const char *T##_##m##_text(const void *r, char *scratch)                                \
    {                                                                                              \
        return T##_##m##_named(r, NULL, scratch);                                                  \
    }                                                                                              \
    static int T##_##m##_cmp(const void *a, const void *b)                                         \
    {                                                                                              \
        return compare_int((int64_t)((const struct sendx_##T *)a)->m.len,                          \
                           (int64_t)((const struct sendx_##T *)b)->m.len);                         \
    }
#define COL(T, m)   .text = T##_##m##_text, .compare = T##_##m##_cmp
#define NAMED(T, m) .text = T##_##m##_text, .named = T##_##m##_named, .compare = T##_##m##_cmp

/* Contacts */
TEXT_COL(contact, email, SENDX_CONTACT_EMAIL)
TEXT_COL(contact, company, SENDX_CONTACT_COMPANY)
/* Lists and tags sort by how many a contact has: their names arrive in
 * the background, and an order that moved as they did would not hold
 * while pages arrive. */
NAMED_COL(contact, lists, SENDX_CONTACT_LISTS)
NAMED_COL(contact, tags, SENDX_CONTACT_TAGS)
DATE_COL(contact, created, SENDX_CONTACT_CREATED)

/* A part of a composed cell: COLUMN_UNREADABLE in its place if unread. */
static const char *part(const void *record, unsigned member, const char *value)
{
    return unreadable(record, member) ? COLUMN_UNREADABLE : value;
}

static const char *contact_name_text(const void *r, char *scratch)
{
    const struct sendx_contact *c = r;
    const char *first = part(c, SENDX_CONTACT_FIRST_NAME, c->first_name);
    const char *last = part(c, SENDX_CONTACT_LAST_NAME, c->last_name);
    snprintf(scratch, COLUMN_SCRATCH, "%s%s%s", or_empty(first), first && last ? " " : "",
             or_empty(last));
    return scratch;
}

static int contact_name_cmp(const void *a, const void *b)
{
    const struct sendx_contact *x = a, *y = b;
    int c = compare_text(x->first_name, y->first_name);
    return c ? c : compare_text(x->last_name, y->last_name);
}

/* U unsubscribed, B bounced, S spam, K blocked, D dropped, each shown
 * as COLUMN_UNREADABLE when unread; · for none. */
static const char *contact_flags_text(const void *r, char *scratch)
{
    static const struct {
        unsigned member;
        char letter;
    } flags[] = {
        {SENDX_CONTACT_UNSUBSCRIBED, 'U'}, {SENDX_CONTACT_BOUNCED, 'B'}, {SENDX_CONTACT_SPAM, 'S'},
        {SENDX_CONTACT_BLOCKED, 'K'},      {SENDX_CONTACT_DROPPED, 'D'},
    };
    size_t o = 0;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        const bool *value =
            (const bool *)((const char *)r + model_contact_type.members[flags[i].member].offset);
        if (unreadable(r, flags[i].member))
            o += (size_t)snprintf(scratch + o, COLUMN_SCRATCH - o, "%s", COLUMN_UNREADABLE);
        else if (*value)
            scratch[o++] = flags[i].letter;
    }
    scratch[o] = '\0';
    return o ? scratch : "\xc2\xb7";
}

static int contact_flags_cmp(const void *a, const void *b)
{
    char x[COLUMN_SCRATCH], y[COLUMN_SCRATCH];
    return strcmp(contact_flags_text(a, x), contact_flags_text(b, y));
}

static const struct column contact_cols[] = {
    {.title = "EMAIL", .min_width = 12, .max_width = 50, COL(contact, email)},
    {.title = "NAME", .min_width = 8, .max_width = 40, COL(contact, name)},
    {.title = "COMPANY", .min_width = 8, .max_width = 40, COL(contact, company)},
    {.title = "FLAGS", .min_width = 5, .max_width = 5, COL(contact, flags)},
    {.title = "CREATED", .min_width = 10, .max_width = 10, COL(contact, created)},
    {.title = "LISTS", .min_width = 8, .max_width = 40, NAMED(contact, lists)},
    {.title = "TAGS", .min_width = 8, .max_width = 40, NAMED(contact, tags)},
};

/* Lists */
TEXT_COL(list, name, SENDX_LIST_NAME)
TEXT_COL(list, id, SENDX_LIST_ID)
ENUM_COL(list, type, SENDX_KIND_LIST, SENDX_LIST_TYPE)
DATE_COL(list, created, SENDX_LIST_CREATED)
DATE_COL(list, updated, SENDX_LIST_UPDATED)

static const struct column list_cols[] = {
    {.title = "NAME", .min_width = 10, .max_width = 50, COL(list, name)},
    {.title = "TYPE", .min_width = 6, .max_width = 17, COL(list, type)},
    {.title = "ID", .min_width = 27, .max_width = 35, COL(list, id)},
    {.title = "CREATED", .min_width = 10, .max_width = 10, COL(list, created)},
    {.title = "UPDATED", .min_width = 10, .max_width = 10, COL(list, updated)},
};

/* Tags */
TEXT_COL(tag, name, SENDX_TAG_NAME)
TEXT_COL(tag, id, SENDX_TAG_ID)
DATE_COL(tag, created, SENDX_TAG_CREATED)
DATE_COL(tag, updated, SENDX_TAG_UPDATED)

static const struct column tag_cols[] = {
    {.title = "NAME", .min_width = 10, .max_width = 50, COL(tag, name)},
    {.title = "ID", .min_width = 26, .max_width = 35, COL(tag, id)},
    {.title = "CREATED", .min_width = 10, .max_width = 10, COL(tag, created)},
    {.title = "UPDATED", .min_width = 10, .max_width = 10, COL(tag, updated)},
};

/* Campaigns */
TEXT_COL(campaign, name, SENDX_CAMPAIGN_NAME)
TEXT_COL(campaign, subject, SENDX_CAMPAIGN_SUBJECT)
ENUM_COL(campaign, status, SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS)
DATE_COL(campaign, created, SENDX_CAMPAIGN_CREATED)
DATE_COL(campaign, updated, SENDX_CAMPAIGN_UPDATED)

static const struct column campaign_cols[] = {
    {.title = "NAME", .min_width = 10, .max_width = 50, COL(campaign, name)},
    {.title = "STATUS", .min_width = 6, .max_width = 17, COL(campaign, status)},
    {.title = "SUBJECT", .min_width = 10, .max_width = 60, COL(campaign, subject)},
    {.title = "CREATED", .min_width = 10, .max_width = 10, COL(campaign, created)},
    {.title = "UPDATED", .min_width = 10, .max_width = 10, COL(campaign, updated)},
};

/* Templates */
TEXT_COL(template, name, SENDX_TEMPLATE_NAME)
TEXT_COL(template, subject, SENDX_TEMPLATE_SUBJECT)
ENUM_COL(template, editor_type, SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_EDITOR_TYPE)
COUNT_COL(template, tags, SENDX_TEMPLATE_TAGS)
DATE_COL(template, created, SENDX_TEMPLATE_CREATED)
DATE_COL(template, updated, SENDX_TEMPLATE_UPDATED)

static const struct column template_cols[] = {
    {.title = "NAME", .min_width = 10, .max_width = 50, COL(template, name)},
    {.title = "SUBJECT", .min_width = 10, .max_width = 60, COL(template, subject)},
    {.title = "EDITOR", .min_width = 6, .max_width = 12, COL(template, editor_type)},
    {.title = "TAGS", .min_width = 4, .max_width = 6, .right = true, COL(template, tags)},
    {.title = "CREATED", .min_width = 10, .max_width = 10, COL(template, created)},
    {.title = "UPDATED", .min_width = 10, .max_width = 10, COL(template, updated)},
};

/* Senders */
TEXT_COL(sender, name, SENDX_SENDER_NAME)
TEXT_COL(sender, email, SENDX_SENDER_EMAIL)
BOOL_COL(sender, is_whitelisted, SENDX_SENDER_IS_WHITELISTED)

static const struct column sender_cols[] = {
    {.title = "NAME", .min_width = 10, .max_width = 40, COL(sender, name)},
    {.title = "EMAIL", .min_width = 12, .max_width = 50, COL(sender, email)},
    {.title = "VERIFIED", .min_width = 3, .max_width = 9, COL(sender, is_whitelisted)},
};

/* Custom fields */
TEXT_COL(field, name, SENDX_FIELD_NAME)
TEXT_COL(field, id, SENDX_FIELD_ID)
ENUM_COL(field, type, SENDX_KIND_FIELD, SENDX_FIELD_TYPE)
TEXT_COL(field, description, SENDX_FIELD_DESCRIPTION)

static const struct column field_cols[] = {
    {.title = "NAME", .min_width = 10, .max_width = 40, COL(field, name)},
    {.title = "TYPE", .min_width = 4, .max_width = 8, COL(field, type)},
    {.title = "DESCRIPTION", .min_width = 10, .max_width = 60, COL(field, description)},
    {.title = "ID", .min_width = 35, .max_width = 40, COL(field, id)},
};

/* Webhooks */
TEXT_COL(webhook, url, SENDX_WEBHOOK_URL)
BOOL_COL(webhook, enabled, SENDX_WEBHOOK_ENABLED)

/* The events a webhook fires on, an unread one as "open?". */
static const char *webhook_events_text(const void *r, char *scratch)
{
    static const struct {
        unsigned member;
        const char *name;
    } events[] = {
        {SENDX_WEBHOOK_OPENED, "open"},
        {SENDX_WEBHOOK_CLICKED, "click"},
        {SENDX_WEBHOOK_BOUNCED, "bounce"},
        {SENDX_WEBHOOK_UNSUBSCRIBED, "unsub"},
        {SENDX_WEBHOOK_MARKED_SPAM, "spam"},
        {SENDX_WEBHOOK_DROPPED, "drop"},
        {SENDX_WEBHOOK_CONTACT_CREATED, "contact"},
    };
    size_t o = 0;
    scratch[0] = '\0';
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
        const bool *on =
            (const bool *)((const char *)r + model_webhook_type.members[events[i].member].offset);
        bool unread = unreadable(r, events[i].member);
        if (unread || *on)
            o += (size_t)snprintf(scratch + o, COLUMN_SCRATCH - o, "%s%s%s", o ? " " : "",
                                  events[i].name, unread ? COLUMN_UNREADABLE : "");
    }
    return scratch;
}

static int webhook_events_cmp(const void *a, const void *b)
{
    char x[COLUMN_SCRATCH], y[COLUMN_SCRATCH];
    return strcmp(webhook_events_text(a, x), webhook_events_text(b, y));
}

static const struct column webhook_cols[] = {
    {.title = "URL", .min_width = 12, .max_width = 70, COL(webhook, url)},
    {.title = "ENABLED", .min_width = 3, .max_width = 8, COL(webhook, enabled)},
    {.title = "EVENTS", .min_width = 10, .max_width = 50, COL(webhook, events)},
};

/* Team members */
TEXT_COL(member, email, SENDX_MEMBER_EMAIL)
TEXT_COL(member, full_name, SENDX_MEMBER_FULL_NAME)
TEXT_COL(member, user_name, SENDX_MEMBER_USER_NAME)
DATE_COL(member, created, SENDX_MEMBER_CREATED)

static const struct column member_cols[] = {
    {.title = "EMAIL", .min_width = 12, .max_width = 50, COL(member, email)},
    {.title = "NAME", .min_width = 8, .max_width = 40, COL(member, full_name)},
    {.title = "USER", .min_width = 8, .max_width = 24, COL(member, user_name)},
    {.title = "CREATED", .min_width = 10, .max_width = 10, COL(member, created)},
};

#define SET(cols)                                                                                  \
    {                                                                                              \
        cols, sizeof cols / sizeof cols[0]                                                         \
    }
static const struct column_set sets[SENDX_KIND_COUNT] = {
    [SENDX_KIND_CONTACT] = SET(contact_cols),   [SENDX_KIND_LIST] = SET(list_cols),
    [SENDX_KIND_TAG] = SET(tag_cols),           [SENDX_KIND_CAMPAIGN] = SET(campaign_cols),
    [SENDX_KIND_TEMPLATE] = SET(template_cols), [SENDX_KIND_SENDER] = SET(sender_cols),
    [SENDX_KIND_FIELD] = SET(field_cols),       [SENDX_KIND_WEBHOOK] = SET(webhook_cols),
    [SENDX_KIND_MEMBER] = SET(member_cols),
};

const struct column_set *columns_for(enum sendx_kind kind)
{
    return &sets[kind];
}

const char *columns_text(const struct column *c, const void *record, const struct names *names,
                         char *scratch)
{
    return c->named ? c->named(record, names, scratch) : c->text(record, scratch);
}

int columns_find(const struct column_set *set, const char *name)
{
    size_t len = strlen(name);
    int found = -1;
    if (len == 0)
        return -1;
    for (size_t i = 0; i < set->n; i++) {
        if (strcasecmp(set->cols[i].title, name) == 0)
            return (int)i;
        if (strncasecmp(set->cols[i].title, name, len) == 0)
            found = found == -1 ? (int)i : -2;
    }
    return found;
}

/* ---- which columns a pane shows ------------------------------------------ */

size_t columns_order(const struct columns_pane *cp, const struct column_set *set, int *order)
{
    if (cp->n == 0) {
        for (size_t i = 0; i < set->n; i++)
            order[i] = (int)i;
        return set->n;
    }
    for (size_t i = 0; i < cp->n; i++)
        order[i] = cp->order[i];
    return cp->n;
}

/* The next title of a choice: *s moved to it; returns its bytes. */
static size_t next_word(const char **s)
{
    *s += strspn(*s, ", \t");
    return strcspn(*s, ", \t");
}

/* Whether a choice is the one word "all". */
static bool is_all(const char *spec)
{
    spec += strspn(spec, ", \t");
    return strncasecmp(spec, "all", 3) == 0 && spec[3 + strspn(spec + 3, ", \t")] == '\0';
}

int columns_choose(struct columns_pane *cp, const struct column_set *set, const char *spec,
                   char *why, size_t n)
{
    if (is_all(spec)) {
        *cp = (struct columns_pane){0};
        return 0;
    }
    struct columns_pane chosen = {0};
    const char *s = spec;
    for (size_t len; (len = next_word(&s)) > 0; s += len) {
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)len, s);
        int c = columns_find(set, word);
        for (size_t i = 0; c >= 0 && i < chosen.n; i++)
            if (chosen.order[i] == c)
                c = -3;
        if (c < 0) {
            const char *what = c == -1 ? "no column" : c == -2 ? "several columns begin" : "twice:";
            snprintf(why, n, "%s \"%s\"", what, word);
            return -1;
        }
        chosen.order[chosen.n++] = (unsigned char)c;
    }
    if (chosen.n == 0) {
        snprintf(why, n, "no column named");
        return -1;
    }
    *cp = chosen;
    return 0;
}

void columns_describe(const struct columns_pane *cp, const struct column_set *set, char *buf,
                      size_t n)
{
    int order[COLUMNS_MAX];
    size_t k = columns_order(cp, set, order), o = 0;
    bool shown[COLUMNS_MAX] = {false};
    buf[0] = '\0';
    for (size_t i = 0; i < k && o < n; i++) {
        shown[order[i]] = true;
        o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? "," : "", set->cols[order[i]].title);
    }
    bool first = true;
    for (size_t i = 0; i < set->n && o < n; i++) {
        if (shown[i])
            continue;
        o += (size_t)snprintf(buf + o, n - o, "%s%s", first ? "; hidden: " : ",",
                              set->cols[i].title);
        first = false;
    }
}

/* ---- widths ---------------------------------------------------------------- */

void columns_measure_start(const struct column_set *set, int *need)
{
    for (size_t i = 0; i < set->n; i++)
        need[i] = text_width(set->cols[i].title) + 1;
}

void columns_measure(const struct column_set *set, const void *record, const struct names *names,
                     int *need)
{
    char scratch[COLUMN_SCRATCH];
    for (size_t i = 0; i < set->n; i++) {
        const struct column *c = &set->cols[i];
        if (need[i] >= c->max_width)
            continue;
        int w = text_width(columns_text(c, record, names, scratch));
        if (w > need[i])
            need[i] = w < c->max_width ? w : c->max_width;
    }
}

static void place(struct columns_layout *out, int col, int x, int width)
{
    out->col[out->n] = col;
    out->x[out->n] = x;
    out->width[out->n] = width;
    out->n++;
}

void columns_layout(const struct column_set *set, const struct columns_pane *cp, const int *need,
                    int width, struct columns_layout *out)
{
    int order[COLUMNS_MAX];
    size_t k = columns_order(cp, set, order);
    *out = (struct columns_layout){0};
    if (k == 0 || width <= 0)
        return;
    place(out, order[0], 0, need[order[0]] < width ? need[order[0]] : width);
    /* Scrolled no further than to show the last column beside the first. */
    size_t offset = k > 1 && cp->offset > k - 2 ? k - 2 : cp->offset;
    out->more_left = k > 1 && offset > 0;
    int x = out->width[0] + 1;
    for (size_t i = 1 + offset; i < k; i++) {
        const struct column *c = &set->cols[order[i]];
        int w = need[order[i]], room = width - x;
        if (w > room) {
            int least = c->min_width < w ? c->min_width : w;
            if (room >= least)
                place(out, order[i], x, room);
            out->more_right = true;
            return;
        }
        place(out, order[i], x, w);
        x += w + 1;
    }
}

int columns_at(const struct columns_layout *l, int x)
{
    for (int i = 0; i < l->n; i++)
        if (x >= l->x[i] && x < l->x[i] + l->width[i])
            return l->col[i];
    return -1;
}

/* ---- records ----------------------------------------------------------------- */

const char *columns_record_id(enum sendx_kind kind, const void *record)
{
    const struct model_resource *r = model_resource(kind);
    const struct model_member *m = &r->type->members[r->id_member];
    return *(char *const *)((const char *)record + m->offset);
}

bool columns_match(const struct column_set *set, enum sendx_kind kind, const void *record,
                   const char *needle)
{
    if (!needle || !*needle)
        return true;
    char scratch[COLUMN_SCRATCH];
    for (size_t i = 0; i < set->n; i++)
        if (text_contains(set->cols[i].text(record, scratch), needle))
            return true;
    return text_contains(columns_record_id(kind, record), needle);
}
