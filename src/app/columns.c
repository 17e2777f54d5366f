#include "app/columns.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/enums.h"
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
#define COL(T, m) .text = T##_##m##_text, .compare = T##_##m##_cmp

/* Contacts */
TEXT_COL(contact, email, SENDX_CONTACT_EMAIL)
TEXT_COL(contact, company, SENDX_CONTACT_COMPANY)
COUNT_COL(contact, lists, SENDX_CONTACT_LISTS)
COUNT_COL(contact, tags, SENDX_CONTACT_TAGS)
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
    {"EMAIL", 12, 30, 40, true, 10, false, COL(contact, email)},
    {"NAME", 8, 22, 32, true, 8, false, COL(contact, name)},
    {"COMPANY", 8, 18, 28, true, 6, false, COL(contact, company)},
    {"FLAGS", 5, 5, 5, false, 5, false, COL(contact, flags)},
    {"LISTS", 5, 5, 5, false, 3, true, COL(contact, lists)},
    {"TAGS", 4, 4, 4, false, 3, true, COL(contact, tags)},
    {"CREATED", 10, 10, 10, false, 2, false, COL(contact, created)},
};

/* Lists */
TEXT_COL(list, name, SENDX_LIST_NAME)
TEXT_COL(list, id, SENDX_LIST_ID)
ENUM_COL(list, type, SENDX_KIND_LIST, SENDX_LIST_TYPE)
DATE_COL(list, created, SENDX_LIST_CREATED)
DATE_COL(list, updated, SENDX_LIST_UPDATED)

static const struct column list_cols[] = {
    {"NAME", 10, 30, 40, true, 10, false, COL(list, name)},
    {"TYPE", 13, 13, 13, false, 5, false, COL(list, type)},
    {"ID", 12, 27, 27, false, 4, false, COL(list, id)},
    {"CREATED", 10, 10, 10, false, 3, false, COL(list, created)},
    {"UPDATED", 10, 10, 10, false, 2, false, COL(list, updated)},
};

/* Tags */
TEXT_COL(tag, name, SENDX_TAG_NAME)
TEXT_COL(tag, id, SENDX_TAG_ID)
DATE_COL(tag, created, SENDX_TAG_CREATED)
DATE_COL(tag, updated, SENDX_TAG_UPDATED)

static const struct column tag_cols[] = {
    {"NAME", 10, 30, 40, true, 10, false, COL(tag, name)},
    {"ID", 12, 26, 26, false, 4, false, COL(tag, id)},
    {"CREATED", 10, 10, 10, false, 3, false, COL(tag, created)},
    {"UPDATED", 10, 10, 10, false, 2, false, COL(tag, updated)},
};

/* Campaigns */
TEXT_COL(campaign, name, SENDX_CAMPAIGN_NAME)
TEXT_COL(campaign, subject, SENDX_CAMPAIGN_SUBJECT)
ENUM_COL(campaign, status, SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS)
DATE_COL(campaign, created, SENDX_CAMPAIGN_CREATED)
DATE_COL(campaign, updated, SENDX_CAMPAIGN_UPDATED)

static const struct column campaign_cols[] = {
    {"NAME", 10, 30, 40, true, 10, false, COL(campaign, name)},
    {"STATUS", 9, 17, 17, false, 9, false, COL(campaign, status)},
    {"SUBJECT", 10, 30, 50, true, 7, false, COL(campaign, subject)},
    {"CREATED", 10, 10, 10, false, 3, false, COL(campaign, created)},
    {"UPDATED", 10, 10, 10, false, 2, false, COL(campaign, updated)},
};

/* Templates */
TEXT_COL(template, name, SENDX_TEMPLATE_NAME)
TEXT_COL(template, subject, SENDX_TEMPLATE_SUBJECT)
ENUM_COL(template, editor_type, SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_EDITOR_TYPE)
COUNT_COL(template, tags, SENDX_TEMPLATE_TAGS)
DATE_COL(template, created, SENDX_TEMPLATE_CREATED)
DATE_COL(template, updated, SENDX_TEMPLATE_UPDATED)

static const struct column template_cols[] = {
    {"NAME", 10, 30, 40, true, 10, false, COL(template, name)},
    {"SUBJECT", 10, 30, 50, true, 7, false, COL(template, subject)},
    {"EDITOR", 12, 12, 12, false, 1, false, COL(template, editor_type)},
    {"TAGS", 4, 4, 4, false, 3, true, COL(template, tags)},
    {"CREATED", 10, 10, 10, false, 2, false, COL(template, created)},
    {"UPDATED", 10, 10, 10, false, 4, false, COL(template, updated)},
};

/* Senders */
TEXT_COL(sender, name, SENDX_SENDER_NAME)
TEXT_COL(sender, email, SENDX_SENDER_EMAIL)
BOOL_COL(sender, is_whitelisted, SENDX_SENDER_IS_WHITELISTED)

static const struct column sender_cols[] = {
    {"NAME", 10, 24, 32, true, 8, false, COL(sender, name)},
    {"EMAIL", 12, 30, 40, true, 10, false, COL(sender, email)},
    {"VERIFIED", 8, 8, 8, false, 5, false, COL(sender, is_whitelisted)},
};

/* Custom fields */
TEXT_COL(field, name, SENDX_FIELD_NAME)
TEXT_COL(field, id, SENDX_FIELD_ID)
ENUM_COL(field, type, SENDX_KIND_FIELD, SENDX_FIELD_TYPE)
TEXT_COL(field, description, SENDX_FIELD_DESCRIPTION)

static const struct column field_cols[] = {
    {"NAME", 10, 26, 32, true, 10, false, COL(field, name)},
    {"TYPE", 7, 7, 7, false, 6, false, COL(field, type)},
    {"DESCRIPTION", 10, 40, 60, true, 4, false, COL(field, description)},
    {"ID", 12, 35, 35, false, 2, false, COL(field, id)},
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
    {"URL", 12, 40, 60, true, 10, false, COL(webhook, url)},
    {"ENABLED", 7, 7, 7, false, 8, false, COL(webhook, enabled)},
    {"EVENTS", 10, 40, 50, true, 5, false, COL(webhook, events)},
};

/* Team members */
TEXT_COL(member, email, SENDX_MEMBER_EMAIL)
TEXT_COL(member, full_name, SENDX_MEMBER_FULL_NAME)
TEXT_COL(member, user_name, SENDX_MEMBER_USER_NAME)
DATE_COL(member, created, SENDX_MEMBER_CREATED)

static const struct column member_cols[] = {
    {"EMAIL", 12, 30, 40, true, 10, false, COL(member, email)},
    {"NAME", 8, 24, 32, true, 8, false, COL(member, full_name)},
    {"USER", 8, 16, 20, true, 5, false, COL(member, user_name)},
    {"CREATED", 10, 10, 10, false, 2, false, COL(member, created)},
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

/* The width a column is owed before a lower-priority one may show:
 * its natural width, but no more than COLUMN_FAIR cells. */
#define COLUMN_FAIR 20

static int fair_width(const struct column *c)
{
    int w = c->width < COLUMN_FAIR ? c->width : COLUMN_FAIR;
    return w > c->min_width ? w : c->min_width;
}

/* Grows shown columns toward target(c), most important first. */
static int grow(const struct column_set *set, int *widths, int spare, bool fair)
{
    for (int prio = 100; prio >= 0 && spare > 0; prio--) {
        for (size_t i = 0; i < set->n && spare > 0; i++) {
            if (widths[i] == 0 || set->cols[i].priority != prio)
                continue;
            int target = fair ? fair_width(&set->cols[i]) : set->cols[i].width;
            int add = target - widths[i];
            if (add > spare)
                add = spare;
            if (add > 0) {
                widths[i] += add;
                spare -= add;
            }
        }
    }
    return spare;
}

/* Shares spare cells evenly among the shown flexible columns, each up
 * to its maximum; a column at its maximum leaves its share to the rest. */
static void share_spare(const struct column_set *set, int *widths, int spare)
{
    for (;;) {
        int open = 0;
        for (size_t i = 0; i < set->n; i++)
            open += widths[i] > 0 && set->cols[i].flex && widths[i] < set->cols[i].max_width;
        if (open == 0 || spare <= 0)
            return;
        int share = spare / open > 0 ? spare / open : 1;
        for (size_t i = 0; i < set->n && spare > 0; i++) {
            const struct column *c = &set->cols[i];
            if (widths[i] == 0 || !c->flex || widths[i] >= c->max_width)
                continue;
            int add = share < c->max_width - widths[i] ? share : c->max_width - widths[i];
            if (add > spare)
                add = spare;
            widths[i] += add;
            spare -= add;
        }
    }
}

int columns_layout(const struct column_set *set, int width, int *widths)
{
    size_t n = set->n;
    bool seen[16] = {false};
    int owed = 0, used = 0, count = 0;
    bool full = false;
    for (size_t i = 0; i < n; i++)
        widths[i] = 0;
    /* Admit columns by falling priority while each earlier one still gets
     * its fair width; the first that does not fit ends the admissions. */
    for (size_t pass = 0; pass < n; pass++) {
        int best = -1;
        for (size_t i = 0; i < n; i++)
            if (!seen[i] && (best < 0 || set->cols[i].priority > set->cols[best].priority))
                best = (int)i;
        seen[best] = true;
        const struct column *c = &set->cols[best];
        int gap = count ? 1 : 0;
        if (full || (count && owed + gap + fair_width(c) > width)) {
            full = true;
            continue;
        }
        widths[best] = count ? c->min_width : (c->min_width < width ? c->min_width : width);
        owed += gap + fair_width(c);
        used += gap + widths[best];
        count++;
    }
    int spare = grow(set, widths, width - used, true);
    spare = grow(set, widths, spare, false);
    share_spare(set, widths, spare);
    return count;
}

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
