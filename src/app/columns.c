#include "app/columns.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/counts.h"
#include "app/enums.h"
#include "app/names.h"
#include "app/reports.h"
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
        int w = snprintf(scratch + o, COLUMN_SCRATCH - o, "%s%s", o ? ", " : "",
                         columns_related_name(names, ids->items[i]));
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
    static const struct sendx_strv *T##_##m##_ids(const void *r)                                   \
    {                                                                                              \
        return unreadable(r, MEMBER) ? NULL : &((const struct sendx_##T *)r)->m;                   \
    }                                                                                              \
    static const char *T##_##m##_named(const void *r, const struct names *names, char *scratch)    \
    {                                                                                              \
        const struct sendx_strv *ids = T##_##m##_ids(r);                                           \
        return ids ? joined(ids, names, scratch) : COLUMN_UNREADABLE;                              \
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
#define COL(T, m) .text = T##_##m##_text, .compare = T##_##m##_cmp
#define NAMED(T, m)                                                                                \
    .text = T##_##m##_text, .named = T##_##m##_named, .ids = T##_##m##_ids, .compare = T##_##m##_cmp

/* A fact column has no text of its own: columns_text formats its value. */
static const char *no_text(const void *r, char *scratch)
{
    (void)r, (void)scratch;
    return "";
}

#define FACT(name) .text = no_text, .fact = name##_fact, .right = true, .optional = true

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
    /* Joined by hand, cut where snprintf would cut: the filter prepares
     * this for every contact loaded. */
    const char *parts[] = {or_empty(first), first && last ? " " : "", or_empty(last)};
    size_t o = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        size_t n = strnlen(parts[i], COLUMN_SCRATCH - 1 - o);
        memcpy(scratch + o, parts[i], n);
        o += n;
    }
    scratch[o] = '\0';
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

/* The contacts of a list or tag, from the last count (counts.h); while
 * the first count runs, on its way. */
static enum column_fact contacts_fact(const char *id, const struct column_facts *facts,
                                      double *value)
{
    const struct counts *c = facts ? facts->counts : NULL;
    int64_t n;
    if (c && counts_get(c, id, &n)) {
        *value = (double)n;
        return COLUMN_FACT_KNOWN;
    }
    return c && c->running ? COLUMN_FACT_PENDING : COLUMN_FACT_NONE;
}

static enum column_fact list_contacts_fact(const void *r, const struct column_facts *facts,
                                           double *value)
{
    return contacts_fact(((const struct sendx_list *)r)->id, facts, value);
}

static enum column_fact tag_contacts_fact(const void *r, const struct column_facts *facts,
                                          double *value)
{
    return contacts_fact(((const struct sendx_tag *)r)->id, facts, value);
}

#define CONTACTS_COL(T)                                                                            \
    {                                                                                              \
        .title = "CONTACTS", .min_width = 8, .max_width = 24, .stamped = true, FACT(T##_contacts)  \
    }

static const struct column list_cols[] = {
    {.title = "NAME", .min_width = 10, .max_width = 50, COL(list, name)},
    {.title = "TYPE", .min_width = 6, .max_width = 17, COL(list, type)},
    {.title = "ID", .min_width = 27, .max_width = 35, COL(list, id)},
    {.title = "CREATED", .min_width = 10, .max_width = 10, COL(list, created)},
    {.title = "UPDATED", .min_width = 10, .max_width = 10, COL(list, updated)},
    CONTACTS_COL(list),
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
    CONTACTS_COL(tag),
};

/* Campaigns */
TEXT_COL(campaign, name, SENDX_CAMPAIGN_NAME)
TEXT_COL(campaign, subject, SENDX_CAMPAIGN_SUBJECT)
ENUM_COL(campaign, status, SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS)
DATE_COL(campaign, created, SENDX_CAMPAIGN_CREATED)
DATE_COL(campaign, updated, SENDX_CAMPAIGN_UPDATED)

/* When a campaign goes out: its schedule; one sent at once has none, and
 * the API keeps no send time, so then its last change, which is its
 * sending (a campaign cannot be edited). A draft has no date. */
static const char *campaign_send_date(const struct sendx_campaign *c)
{
    if (c->schedule_condition && *c->schedule_condition)
        return c->schedule_condition;
    if (!codec_is_set(c, SENDX_CAMPAIGN_STATUS) || c->status <= 1)
        return NULL;
    return c->updated;
}

static const char *campaign_sent_on_text(const void *r, char *scratch)
{
    if (unreadable(r, SENDX_CAMPAIGN_SCHEDULE_CONDITION) || unreadable(r, SENDX_CAMPAIGN_STATUS))
        return COLUMN_UNREADABLE;
    const char *when = campaign_send_date(r);
    return when ? date_of(when, scratch) : "";
}

static int campaign_sent_on_cmp(const void *a, const void *b)
{
    return compare_text(campaign_send_date(a), campaign_send_date(b));
}

/* A campaign's report, when it has one to ask for: drafts and scheduled
 * campaigns have not been sent. */
static enum column_fact campaign_report(const void *r, const struct column_facts *facts,
                                        const struct sendx_report **out)
{
    const struct sendx_campaign *c = r;
    if (codec_is_set(c, SENDX_CAMPAIGN_STATUS) && c->status <= 1)
        return COLUMN_FACT_NONE;
    const struct reports_entry *e =
        facts && facts->reports ? reports_find(facts->reports, c->id) : NULL;
    if (!e || e->state == REPORTS_LOADING || e->state == REPORTS_FAILED)
        return COLUMN_FACT_PENDING;
    if (e->state == REPORTS_NONE)
        return COLUMN_FACT_NONE;
    *out = &e->report;
    return COLUMN_FACT_KNOWN;
}

static enum column_fact campaign_sent_fact(const void *r, const struct column_facts *facts,
                                           double *value)
{
    const struct sendx_report *rep = NULL;
    enum column_fact f = campaign_report(r, facts, &rep);
    if (f != COLUMN_FACT_KNOWN)
        return f;
    if (!codec_is_set(rep, SENDX_REPORT_SENT) || codec_unreadable_raw(rep, SENDX_REPORT_SENT))
        return COLUMN_FACT_NONE;
    *value = (double)rep->sent;
    return COLUMN_FACT_KNOWN;
}

/* Shares of the sent count people, not totals: a person who opens twice
 * is one open here, as in the detail's report. */
#define SHARE_FACT(name, MEMBER)                                                                   \
    static enum column_fact campaign_##name##_fact(                                                \
        const void *r, const struct column_facts *facts, double *value)                            \
    {                                                                                              \
        const struct sendx_report *rep = NULL;                                                     \
        enum column_fact f = campaign_report(r, facts, &rep);                                      \
        if (f != COLUMN_FACT_KNOWN)                                                                \
            return f;                                                                              \
        return reports_share(rep, MEMBER, value) ? COLUMN_FACT_KNOWN : COLUMN_FACT_NONE;           \
    }
SHARE_FACT(open, SENDX_REPORT_OPENED_UNIQUE)
SHARE_FACT(click, SENDX_REPORT_CLICKED_UNIQUE)
SHARE_FACT(unsub, SENDX_REPORT_UNSUBSCRIBED)

#define SHARE_COL(name) FACT(campaign_##name), .percent = true, .min_width = 6, .max_width = 7

static const struct column campaign_cols[] = {
    {.title = "NAME", .min_width = 10, .max_width = 50, COL(campaign, name)},
    {.title = "STATUS", .min_width = 6, .max_width = 17, COL(campaign, status)},
    {.title = "SUBJECT", .min_width = 10, .max_width = 60, COL(campaign, subject)},
    {.title = "CREATED", .min_width = 10, .max_width = 10, COL(campaign, created)},
    {.title = "UPDATED", .min_width = 10, .max_width = 10, COL(campaign, updated)},
    {.title = "SENT", .min_width = 4, .max_width = 13, FACT(campaign_sent)},
    {.title = "OPEN%", SHARE_COL(open)},
    {.title = "CLICK%", SHARE_COL(click)},
    {.title = "UNSUB%", SHARE_COL(unsub)},
    {.title = "SEND-DATE",
     .min_width = 10,
     .max_width = 10,
     .optional = true,
     COL(campaign, sent_on)},
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

/* A fact's cell: "…" on its way, "45.2%", "12,345", "12 · 10:42". */
static const char *fact_text(const struct column *c, const void *record,
                             const struct column_facts *facts, char *scratch)
{
    double v = 0;
    switch (c->fact(record, facts, &v)) {
    case COLUMN_FACT_NONE:
        return "";
    case COLUMN_FACT_PENDING:
        return COLUMN_PENDING;
    case COLUMN_FACT_KNOWN:
        break;
    }
    if (c->percent) {
        snprintf(scratch, COLUMN_SCRATCH, "%.1f%%", v);
        return scratch;
    }
    char count[32], when[32];
    text_thousands((int64_t)v, count);
    if (c->stamped && facts && facts->counts)
        snprintf(scratch, COLUMN_SCRATCH, "%s \xc2\xb7 %s", count,
                 counts_when(facts->counts, 0, when, sizeof when));
    else
        snprintf(scratch, COLUMN_SCRATCH, "%s", count);
    return scratch;
}

const char *columns_text(const struct column *c, const void *record,
                         const struct column_facts *facts, char *scratch)
{
    if (c->fact)
        return fact_text(c, record, facts, scratch);
    return c->named ? c->named(record, facts ? facts->names : NULL, scratch)
                    : c->text(record, scratch);
}

int columns_compare(const struct column *c, const void *a, const void *b,
                    const struct column_facts *facts, bool desc)
{
    if (!c->fact) {
        int r = c->compare(a, b);
        return desc ? -r : r;
    }
    double x = 0, y = 0;
    bool has_x = c->fact(a, facts, &x) == COLUMN_FACT_KNOWN;
    bool has_y = c->fact(b, facts, &y) == COLUMN_FACT_KNOWN;
    if (has_x != has_y)
        return has_x ? -1 : 1;
    if (!has_x)
        return 0;
    int r = (x > y) - (x < y);
    return desc ? -r : r;
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

/* ---- records ----------------------------------------------------------------- */

const char *columns_record_id(enum sendx_kind kind, const void *record)
{
    const struct model_resource *r = model_resource(kind);
    const struct model_member *m = &r->type->members[r->id_member];
    return *(char *const *)((const char *)record + m->offset);
}

const char *columns_search_text(const struct column *c, const void *record, char *scratch)
{
    if (c->fact)
        return "";
    if (c->ids)
        return c->ids(record) ? "" : COLUMN_UNREADABLE;
    return c->text(record, scratch);
}

const char *columns_related_name(const struct names *names, const char *id)
{
    const char *name = names && id ? names_get(names, id) : NULL;
    return name && *name ? name : or_empty(id);
}
