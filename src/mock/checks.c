#include "mock/checks.h"

#include <arpa/inet.h>
#include <string.h>

#include "api/codec.h"
#include "api/ids.h"

/* maxLength of the spec's limited text fields: characters, as JSON
 * Schema counts them, not bytes. */
#define MAX_TEXT 255

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* Enough of RFC 5322 for a mock: one @, no spaces, a dot in the domain. */
/* Whether s holds a space or a control character (C0 or DEL), which no
 * address or URL may. */
static bool has_space_or_control(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c <= 0x20 || *c == 0x7f)
            return true;
    return false;
}

bool checks_email(const char *e)
{
    const char *at = e ? strchr(e, '@') : NULL;
    if (!at || at == e || strchr(at + 1, '@') || has_space_or_control(e) || strpbrk(e, "<>,;\""))
        return false;
    const char *dot = strrchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1];
}

static bool url_valid(const char *u)
{
    return u && (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0) &&
           !has_space_or_control(u);
}

static bool ipv4_valid(const char *ip)
{
    struct in_addr a;
    return ip && inet_pton(AF_INET, ip, &a) == 1;
}

/* The first complaint about a decoded body, or NULL. Bits not set are
 * not looked at, so the same checks serve POST and PUT. */
static const char *check_text(const struct model_type *t, const void *rec, unsigned m,
                              const char *complaint)
{
    if (!codec_is_set(rec, m))
        return NULL;
    const char *v = *(char *const *)((const char *)rec + t->members[m].offset);
    return v && chars(v) <= MAX_TEXT ? NULL : complaint;
}

static const char *check_refs(const struct sendx_strv *v, const char *prefix, const char *what)
{
    for (size_t i = 0; i < v->len; i++)
        if (!ids_match_ref(v->items[i], prefix, false))
            return what;
    return NULL;
}

static const char *check_contact(const struct sendx_contact *c)
{
    const struct model_type *t = &model_contact_type;
    const char *why = check_text(t, c, SENDX_CONTACT_FIRST_NAME, "firstName is too long");
    if (!why)
        why = check_text(t, c, SENDX_CONTACT_LAST_NAME, "lastName is too long");
    if (!why)
        why = check_text(t, c, SENDX_CONTACT_COMPANY, "company is too long");
    if (!why && codec_is_set(c, SENDX_CONTACT_EMAIL) &&
        (!checks_email(c->email) || chars(c->email) > MAX_TEXT))
        why = "Invalid email format";
    if (!why && codec_is_set(c, SENDX_CONTACT_LAST_TRACKED_IP) && !ipv4_valid(c->last_tracked_ip))
        why = "lastTrackedIp is not an IPv4 address";
    if (!why)
        why = check_refs(&c->lists, "list_", "Invalid list identifier format");
    return why;
}

static const char *check_campaign(const struct sendx_campaign *c)
{
    const struct model_type *t = &model_campaign_type;
    const char *why = check_text(t, c, SENDX_CAMPAIGN_NAME, "name is too long");
    if (!why)
        why = check_text(t, c, SENDX_CAMPAIGN_SUBJECT, "subject is too long");
    if (!why)
        why = check_text(t, c, SENDX_CAMPAIGN_PREHEADER, "previewText is too long");
    const struct sendx_strv *segs[] = {&c->included_segments, &c->excluded_segments};
    const struct sendx_strv *lists[] = {&c->included_lists, &c->excluded_lists};
    const struct sendx_strv *tags[] = {&c->included_tags, &c->excluded_tags};
    for (int i = 0; i < 2 && !why; i++) {
        why = check_refs(segs[i], "segment_", "Invalid segment identifier format");
        if (!why)
            why = check_refs(lists[i], "list_", "Invalid list identifier format");
        if (!why)
            why = check_refs(tags[i], "tag_", "Invalid tag identifier format");
    }
    if (!why && codec_is_set(c, SENDX_CAMPAIGN_SCHEDULE_TYPE) &&
        (c->schedule_type < 0 || c->schedule_type > 1))
        why = "scheduleType must be 0 or 1";
    return why;
}

/* A name, where a kind has one, may not be blank. */
static const char *check_name(enum sendx_kind kind, const void *rec)
{
    static const int name_member[SENDX_KIND_COUNT] = {
        [SENDX_KIND_CONTACT] = -1,
        [SENDX_KIND_LIST] = SENDX_LIST_NAME,
        [SENDX_KIND_TAG] = SENDX_TAG_NAME,
        [SENDX_KIND_CAMPAIGN] = SENDX_CAMPAIGN_NAME,
        [SENDX_KIND_TEMPLATE] = SENDX_TEMPLATE_NAME,
        [SENDX_KIND_SENDER] = SENDX_SENDER_NAME,
        [SENDX_KIND_FIELD] = SENDX_FIELD_NAME,
        [SENDX_KIND_WEBHOOK] = -1,
        [SENDX_KIND_MEMBER] = -1,
    };
    int m = name_member[kind];
    if (m < 0 || !codec_is_set(rec, (unsigned)m))
        return NULL;
    const struct model_type *t = model_resource(kind)->type;
    const char *v = *(char *const *)((const char *)rec + t->members[m].offset);
    /* Only "not empty": the spec limits a campaign's name (checked
     * below with its other fields) and no other kind's. */
    return !v || !*v ? "name must not be empty" : NULL;
}

const char *checks_record(enum sendx_kind kind, const void *rec)
{
    const char *why = check_name(kind, rec);
    if (why)
        return why;
    switch (kind) {
    case SENDX_KIND_CONTACT:
        return check_contact(rec);
    case SENDX_KIND_CAMPAIGN:
        return check_campaign(rec);
    case SENDX_KIND_SENDER: {
        const struct sendx_sender *s = rec;
        return codec_is_set(s, SENDX_SENDER_EMAIL) && !checks_email(s->email)
                   ? "Invalid email format"
                   : NULL;
    }
    case SENDX_KIND_FIELD: {
        const struct sendx_field *f = rec;
        return codec_is_set(f, SENDX_FIELD_TYPE) && (f->type < 0 || f->type > 4)
                   ? "type must be one of 0, 1, 2, 3, 4"
                   : NULL;
    }
    case SENDX_KIND_WEBHOOK: {
        const struct sendx_webhook *w = rec;
        return codec_is_set(w, SENDX_WEBHOOK_URL) && !url_valid(w->url) ? "Invalid url format"
                                                                        : NULL;
    }
    case SENDX_KIND_LIST:
    case SENDX_KIND_TAG:
    case SENDX_KIND_TEMPLATE:
    case SENDX_KIND_MEMBER:
    case SENDX_KIND_COUNT:
        break;
    }
    return NULL;
}

static bool emails_valid(const struct sendx_strv *v)
{
    for (size_t i = 0; i < v->len; i++)
        if (!checks_email(v->items[i]))
            return false;
    return true;
}

/* The first complaint about a decoded message's addresses, or NULL. */
const char *checks_message(const struct sendx_email *m)
{
    const struct sendx_address *from = m->from.items;
    const struct sendx_address *reply_to = m->reply_to.items;
    if (m->to.len == 0)
        return "At least one recipient is required";
    if (!checks_email(from->email))
        return "Invalid from email format";
    if (m->reply_to.len && !checks_email(reply_to->email))
        return "Invalid replyTo email format";
    const struct sendx_recipient *to = m->to.items;
    for (size_t i = 0; i < m->to.len; i++)
        if (!checks_email(to[i].email) || !emails_valid(&to[i].cc) || !emails_valid(&to[i].bcc))
            return "Invalid recipient email format";
    return NULL;
}
