#include "app/validate.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/ids.h"
#include "app/enums.h"
#include "app/text.h"

#define MAX_TEXT         255 /* the spec's maxLength, and a text custom field's limit */
#define EMAIL_LOCAL_MAX  64  /* RFC 5321 4.5.3.1.1 */
#define EMAIL_DOMAIN_MAX 253 /* the longest name DNS can carry */
#define LABEL_MAX        63
#define CHOICE_SCAN      32 /* enum codes are small: the spec's stop at 7 */

static const char not_writable[] = "cannot be set here";
static const char required[] = "required";

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t digit_run(const char *s)
{
    size_t n = 0;
    while (is_digit(s[n]))
        n++;
    return n;
}

/* Exactly n digits at s, as a number. Stops at the NUL, so never reads
 * past the end of s. */
static bool digits_n(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

/* White space (Unicode's White_Space) and the invisible characters that
 * make a field look empty: zero-width spaces and joiners, the BOM. */
static bool is_blank_char(uint32_t cp)
{
    switch (cp) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
    case 0x200b:
    case 0x200c:
    case 0x200d:
    case 0x2060:
    case 0xfeff:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200a;
    }
}

bool validate_blank(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        uint32_t cp;
        size_t n = text_utf8_decode(p, &cp);
        if (n == 0 || !is_blank_char(cp))
            return false;
        p += n;
    }
    return true;
}

size_t validate_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; n++) {
        uint32_t cp;
        size_t len = text_utf8_decode(p, &cp);
        p += len ? len : 1;
    }
    return n;
}

const char *validate_required(const char *s)
{
    return validate_blank(s) ? required : NULL;
}

const char *validate_max_chars(const char *s, size_t max, struct validate_msg *msg)
{
    size_t n = validate_chars(s);
    if (n <= max)
        return NULL;
    snprintf(msg->text, sizeof msg->text, "at most %zu character%s (this has %zu)", max,
             max == 1 ? "" : "s", n);
    return msg->text;
}

/* RFC 5322's atext: what a local part may hold besides dots. */
static bool is_atext(char c)
{
    return is_alnum(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* Runs of atext joined by single dots. */
static bool dot_atom(const char *s, size_t n)
{
    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' ? s[i + 1] == '.' : !is_atext(s[i]))
            return false;
    return true;
}

/* A DNS name: labels of letters, digits and inner hyphens (1 to 63
 * bytes) joined by dots. Returns how many labels, 0 if it is no name;
 * *last points at the last label. */
static size_t dns_labels(const char *s, size_t n, const char **last)
{
    size_t labels = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '.') {
            if (!is_alnum(s[i]) && s[i] != '-')
                return 0;
            continue;
        }
        size_t len = i - start;
        if (len == 0 || len > LABEL_MAX || s[start] == '-' || s[i - 1] == '-')
            return 0;
        *last = s + start;
        labels++;
        start = i + 1;
    }
    return labels;
}

const char *validate_email(const char *s)
{
    static const char bad[] = "not an email address";
    const char *at = s ? strchr(s, '@') : NULL;
    if (!at)
        return bad;
    size_t local = (size_t)(at - s);
    const char *domain = at + 1, *tld = NULL;
    size_t n = strlen(domain);
    if (local > EMAIL_LOCAL_MAX || !dot_atom(s, local) || n > EMAIL_DOMAIN_MAX)
        return bad;
    if (dns_labels(domain, n, &tld) < 2)
        return bad;
    size_t tld_len = (size_t)(domain + n - tld);
    return tld_len < 2 || all_digits(tld, tld_len) ? bad : NULL;
}

/* What RFC 3986 lets a URI hold outside %HH escapes. */
static bool is_uri_char(char c)
{
    return is_alnum(c) || (c && strchr("-._~:/?#[]@!$&'()*+,;=", c));
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool uri_chars(const char *s)
{
    for (; *s; s++) {
        if (*s == '%') {
            if (!is_hex(s[1]) || !is_hex(s[2]))
                return false;
            s += 2;
        } else if (!is_uri_char(*s)) {
            return false;
        }
    }
    return true;
}

static bool port_ok(const char *s, size_t n)
{
    int v = 0;
    if (n == 0 || n > 5 || !digits_n(s, n, &v))
        return false;
    return v >= 1 && v <= 65535;
}

static bool ipv6_literal(const char *s, size_t n)
{
    char buf[INET6_ADDRSTRLEN];
    struct in6_addr a;
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return inet_pton(AF_INET6, buf, &a) == 1;
}

/* A name, or an IPv4 address: a host of digits and dots is read as an
 * address, so "1.2.3.999" is no host at all. */
static bool host_name(const char *s, size_t n)
{
    char buf[16];
    if (n > 0 && strspn(s, "0123456789.") >= n) {
        if (n >= sizeof buf)
            return false;
        memcpy(buf, s, n);
        buf[n] = '\0';
        return validate_ipv4(buf) == NULL;
    }
    const char *last = NULL;
    return n <= EMAIL_DOMAIN_MAX && dns_labels(s, n, &last) > 0;
}

/* host[:port], with the host bracketed if it is IPv6. */
static bool authority_ok(const char *s, size_t n)
{
    size_t host = n;
    const char *rest;
    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (!close || !ipv6_literal(s + 1, (size_t)(close - s - 1)))
            return false;
        rest = close + 1;
    } else {
        const char *colon = memchr(s, ':', n);
        host = colon ? (size_t)(colon - s) : n;
        if (!host_name(s, host))
            return false;
        rest = s + host;
    }
    size_t left = n - (size_t)(rest - s);
    if (left == 0)
        return true;
    return rest[0] == ':' && port_ok(rest + 1, left - 1);
}

static size_t http_scheme(const char *s)
{
    if (strncasecmp(s, "https://", 8) == 0)
        return 8;
    return strncasecmp(s, "http://", 7) == 0 ? 7 : 0;
}

const char *validate_url(const char *s)
{
    static const char bad[] = "an http(s) URL";
    size_t skip = s ? http_scheme(s) : 0;
    if (!skip)
        return bad;
    const char *auth = s + skip;
    size_t n = strcspn(auth, "/?#");
    return authority_ok(auth, n) && uri_chars(auth + n) ? NULL : bad;
}

const char *validate_ipv4(const char *s)
{
    static const char bad[] = "an IPv4 address like 192.0.2.1";
    const char *p = s;
    for (int part = 0; p && part < 4; part++) {
        if (part && *p++ != '.')
            return bad;
        size_t n = digit_run(p);
        int v = 0;
        if (n == 0 || n > 3 || (n > 1 && p[0] == '0') || !digits_n(p, n, &v) || v > 255)
            return bad;
        p += n;
    }
    return p && !*p ? NULL : bad;
}

const char *validate_integer(const char *s, int64_t *out)
{
    static const char bad[] = "a whole number";
    bool negative = s && s[0] == '-';
    const char *p = s ? s + negative : NULL;
    if (!p || !is_digit(*p))
        return bad;
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, v = 0;
    for (; is_digit(*p); p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (limit - d) / 10)
            return "too large a number";
        v = v * 10 + d;
    }
    if (*p)
        return bad;
    if (out)
        *out = !negative ? (int64_t)v : v == limit ? INT64_MIN : -(int64_t)v;
    return NULL;
}

const char *validate_number(const char *s)
{
    static const char bad[] = "a number, like 42 or 3.75";
    const char *p = s ? s + (s[0] == '-') : NULL;
    size_t n = p ? digit_run(p) : 0;
    if (n == 0)
        return bad;
    p += n;
    if (*p == '.') {
        n = digit_run(++p);
        if (n == 0)
            return bad;
        p += n;
    }
    return *p ? bad : NULL;
}

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

static const char bad_date[] = "a date as YYYY-MM-DD";

/* The YYYY-MM-DD that s begins with. */
static const char *date_prefix(const char *s)
{
    int y, m, d;
    if (!s || !digits_n(s, 4, &y) || s[4] != '-' || !digits_n(s + 5, 2, &m) || s[7] != '-' ||
        !digits_n(s + 8, 2, &d))
        return bad_date;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return "no such date";
    return NULL;
}

const char *validate_date(const char *s)
{
    const char *why = date_prefix(s);
    return why ? why : s[10] ? bad_date : NULL;
}

const char *validate_boolean(const char *s, bool *out)
{
    bool v = s && strcmp(s, "true") == 0;
    if (!v && !(s && strcmp(s, "false") == 0))
        return "true or false";
    if (out)
        *out = v;
    return NULL;
}

const char *validate_phone(const char *s)
{
    static const char bad[] = "a phone number like +44 20 7946 0958";
    if (!s || s[0] != '+' || s[1] < '1' || s[1] > '9')
        return bad;
    size_t digits = 0;
    const char *p = s + 1;
    for (; *p; p++) {
        if (is_digit(*p))
            digits++;
        else if (!strchr(" -.()", *p))
            return bad;
    }
    return digits >= 7 && digits <= 15 && (is_digit(p[-1]) || p[-1] == ')') ? NULL : bad;
}

const char *validate_time(const char *s)
{
    static const char bad[] = "a time like 9:00 AM";
    size_t n = s ? digit_run(s) : 0;
    int h = 0, m = 0;
    if (n < 1 || n > 2 || !digits_n(s, n, &h) || s[n] != ':' || !digits_n(s + n + 1, 2, &m))
        return bad;
    const char *half = s + n + 3;
    if (h < 1 || h > 12 || m > 59 || (strcmp(half, " AM") != 0 && strcmp(half, " PM") != 0))
        return bad;
    return NULL;
}

/* HH:MM, hours to 23 and minutes to 59. */
static bool clock_ok(const char *s)
{
    int h, m;
    return digits_n(s, 2, &h) && s[2] == ':' && digits_n(s + 3, 2, &m) && h <= 23 && m <= 59;
}

/* RFC 3339's time after the 'T': HH:MM:SS, an optional fraction, then Z
 * or an offset. */
static bool rfc3339_time(const char *s)
{
    int sec;
    if (!clock_ok(s) || s[5] != ':' || !digits_n(s + 6, 2, &sec) || sec > 60)
        return false;
    const char *p = s + 8;
    if (*p == '.') {
        size_t n = digit_run(++p);
        if (n == 0)
            return false;
        p += n;
    }
    if (*p == 'Z')
        return p[1] == '\0';
    return (*p == '+' || *p == '-') && clock_ok(p + 1) && p[6] == '\0';
}

const char *validate_schedule(const char *s)
{
    const char *why = date_prefix(s);
    if (why || s[10] == '\0')
        return why;
    return s[10] == 'T' && rfc3339_time(s + 11) ? NULL : bad_date;
}

const char *validate_id(const char *s, const char *prefix, bool prefix_required,
                        struct validate_msg *msg)
{
    if (ids_match_ref(s, prefix, prefix_required))
        return NULL;
    snprintf(msg->text, sizeof msg->text, "an id: %s and 22 letters or digits", prefix);
    return msg->text;
}

const char *validate_choice(enum sendx_kind kind, unsigned member, int64_t value,
                            struct validate_msg *msg)
{
    if (enums_meaning(kind, member, value))
        return NULL;
    size_t used = (size_t)snprintf(msg->text, sizeof msg->text, "one of");
    const char *sep = " ";
    for (int64_t v = 0; v < CHOICE_SCAN && used < sizeof msg->text; v++) {
        if (!enums_meaning(kind, member, v))
            continue;
        used += (size_t)snprintf(msg->text + used, sizeof msg->text - used, "%s%" PRId64, sep, v);
        sep = ", ";
    }
    return msg->text;
}

/* ---- the table ---- */

struct member_rules {
    enum sendx_kind kind;
    unsigned member;
    unsigned rules;
    size_t max_chars;
    const char *id_prefix;
};

/* What the write schemas (RestE*) say of each property beyond its type
 * and `required`: maxLength, format, pattern, enum; and the formats
 * their descriptions spell out. */
static const struct member_rules table[] = {
    /* RestEContact */
    {SENDX_KIND_CONTACT, SENDX_CONTACT_FIRST_NAME, 0, MAX_TEXT, NULL},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_LAST_NAME, 0, MAX_TEXT, NULL},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_EMAIL, VALIDATE_EMAIL, MAX_TEXT, NULL},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_COMPANY, 0, MAX_TEXT, NULL},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_LISTS, VALIDATE_ID, 0, "list_"},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_TAGS, VALIDATE_ID, 0, "tag_"},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_LAST_TRACKED_IP, VALIDATE_IPV4, 0, NULL},
    /* RestECampaign; previewText is the preheader */
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_NAME, 0, MAX_TEXT, NULL},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_SUBJECT, 0, MAX_TEXT, NULL},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_PREHEADER, 0, MAX_TEXT, NULL},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_SENDER, VALIDATE_ID, 0, "sender_"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_SCHEDULE_TYPE, VALIDATE_CHOICE, 0, NULL},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_SCHEDULE_CONDITION, VALIDATE_SCHEDULE, 0, NULL},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_TIME_CONDITION, VALIDATE_TIME, 0, NULL},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_PREFERRED_TIME_CONDITION, VALIDATE_TIME, 0, NULL},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_INCLUDED_SEGMENTS, VALIDATE_ID | VALIDATE_PREFIXED, 0,
     "segment_"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_EXCLUDED_SEGMENTS, VALIDATE_ID | VALIDATE_PREFIXED, 0,
     "segment_"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_INCLUDED_LISTS, VALIDATE_ID, 0, "list_"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_EXCLUDED_LISTS, VALIDATE_ID, 0, "list_"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_INCLUDED_TAGS, VALIDATE_ID, 0, "tag_"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_EXCLUDED_TAGS, VALIDATE_ID, 0, "tag_"},
    /* RestESender */
    {SENDX_KIND_SENDER, SENDX_SENDER_EMAIL, VALIDATE_EMAIL, 0, NULL},
    /* RestECustomField */
    {SENDX_KIND_FIELD, SENDX_FIELD_TYPE, VALIDATE_CHOICE, 0, NULL},
    /* RestEWebhook */
    {SENDX_KIND_WEBHOOK, SENDX_WEBHOOK_URL, VALIDATE_URL, 0, NULL},
};

/* Required by the spec's descriptions when another member holds a
 * value; an unset one counts as unset_as. */
struct condition {
    enum sendx_kind kind;
    unsigned member, when;
    int64_t equals, unset_as;
};

static const struct condition conditions[] = {
    /* "required if scheduleType=0"; RestRCampaign gives 0 as its default */
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_SCHEDULE_CONDITION, SENDX_CAMPAIGN_SCHEDULE_TYPE, 0, 0},
    /* "required for smartSend and sendInContactsTimezone" */
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_PREFERRED_TIMEZONE, SENDX_CAMPAIGN_SMART_SEND, 1, 0},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_PREFERRED_TIMEZONE,
     SENDX_CAMPAIGN_SEND_IN_CONTACTS_TIMEZONE, 1, 0},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_PREFERRED_TIME_CONDITION, SENDX_CAMPAIGN_SMART_SEND, 1, 0},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_PREFERRED_TIME_CONDITION,
     SENDX_CAMPAIGN_SEND_IN_CONTACTS_TIMEZONE, 1, 0},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const struct codec_field *write_field(enum sendx_kind kind, unsigned member)
{
    const struct codec_schema *w = kind < SENDX_KIND_COUNT ? model_resource(kind)->write : NULL;
    for (size_t i = 0; w && i < w->n_fields; i++)
        if (w->fields[i].member == member)
            return &w->fields[i];
    return NULL;
}

bool validate_spec_of(enum sendx_kind kind, unsigned member, struct validate_spec *out)
{
    memset(out, 0, sizeof *out);
    const struct codec_field *f = write_field(kind, member);
    if (!f)
        return false;
    enum codec_type type = model_resource(kind)->type->members[member].type;
    out->rules = (f->flags & CODEC_REQUIRED ? VALIDATE_REQUIRED : 0) |
                 (type == CODEC_INT ? VALIDATE_INTEGER : 0) |
                 (type == CODEC_BOOL ? VALIDATE_BOOLEAN : 0);
    for (size_t i = 0; i < N_OF(table); i++) {
        if (table[i].kind == kind && table[i].member == member) {
            out->rules |= table[i].rules;
            out->max_chars = table[i].max_chars;
            out->id_prefix = table[i].id_prefix;
        }
    }
    return true;
}

/* An int or bool member's value, unset_as when it has none. */
static int64_t value_of(enum sendx_kind kind, const void *record, unsigned member, int64_t unset_as)
{
    if (!codec_is_set(record, member))
        return unset_as;
    const struct model_member *m = &model_resource(kind)->type->members[member];
    const char *p = (const char *)record + m->offset;
    return m->type == CODEC_BOOL ? *(const bool *)p : *(const int64_t *)p;
}

bool validate_is_required(enum sendx_kind kind, unsigned member, const void *record)
{
    struct validate_spec spec;
    if (!validate_spec_of(kind, member, &spec))
        return false;
    if (spec.rules & VALIDATE_REQUIRED)
        return true;
    for (size_t i = 0; record && i < N_OF(conditions); i++) {
        const struct condition *c = &conditions[i];
        if (c->kind == kind && c->member == member &&
            value_of(kind, record, c->when, c->unset_as) == c->equals)
            return true;
    }
    return false;
}

static const char *check_format(const struct validate_spec *spec, const char *text,
                                struct validate_msg *msg)
{
    unsigned r = spec->rules;
    if (r & VALIDATE_EMAIL)
        return validate_email(text);
    if (r & VALIDATE_URL)
        return validate_url(text);
    if (r & VALIDATE_IPV4)
        return validate_ipv4(text);
    if (r & VALIDATE_TIME)
        return validate_time(text);
    if (r & VALIDATE_SCHEDULE)
        return validate_schedule(text);
    if (r & VALIDATE_ID)
        return validate_id(text, spec->id_prefix, r & VALIDATE_PREFIXED, msg);
    return NULL;
}

/* Text that is not blank, against the member's rules. */
static const char *check_value(enum sendx_kind kind, unsigned member,
                               const struct validate_spec *spec, const char *text,
                               struct validate_msg *msg)
{
    if (spec->rules & VALIDATE_BOOLEAN)
        return validate_boolean(text, NULL);
    if (spec->rules & VALIDATE_INTEGER) {
        int64_t v;
        const char *why = validate_integer(text, &v);
        if (!why && (spec->rules & VALIDATE_CHOICE))
            why = validate_choice(kind, member, v, msg);
        return why;
    }
    const char *why = check_format(spec, text, msg);
    if (!why && spec->max_chars)
        why = validate_max_chars(text, spec->max_chars, msg);
    return why;
}

const char *validate_member(enum sendx_kind kind, unsigned member, const char *text,
                            const void *record, struct validate_msg *msg)
{
    struct validate_spec spec;
    if (!validate_spec_of(kind, member, &spec))
        return not_writable;
    if (validate_blank(text))
        return validate_is_required(kind, member, record) ? required : NULL;
    return check_value(kind, member, &spec, text, msg);
}

const char *validate_items(enum sendx_kind kind, unsigned member, const struct sendx_strv *items,
                           const void *record, struct validate_msg *msg)
{
    struct validate_spec spec;
    if (!validate_spec_of(kind, member, &spec))
        return not_writable;
    if (items->len == 0)
        return validate_is_required(kind, member, record) ? required : NULL;
    for (size_t i = 0; i < items->len; i++) {
        const char *item = items->items[i];
        const char *why = validate_blank(item) ? "has an empty item"
                                               : check_value(kind, member, &spec, item, msg);
        if (why)
            return why;
    }
    return NULL;
}

const char *validate_custom(int64_t type, const char *text, struct validate_msg *msg)
{
    if (validate_blank(text))
        return NULL;
    switch (type) {
    case VALIDATE_FIELD_TEXT:
        return validate_max_chars(text, MAX_TEXT, msg);
    case VALIDATE_FIELD_NUMBER:
        return validate_number(text);
    case VALIDATE_FIELD_DATE:
        return validate_date(text);
    case VALIDATE_FIELD_BOOLEAN:
        return validate_boolean(text, NULL);
    case VALIDATE_FIELD_PHONE:
        return validate_phone(text);
    default:
        return NULL;
    }
}

/* A set member of record as the form would hold it. */
static const char *check_set_member(enum sendx_kind kind, unsigned member, const void *record,
                                    struct validate_msg *msg)
{
    const struct model_member *m = &model_resource(kind)->type->members[member];
    const char *p = (const char *)record + m->offset;
    char number[32];
    switch (m->type) {
    case CODEC_STRING:
        return validate_member(kind, member, *(char *const *)p, record, msg);
    case CODEC_INT:
        snprintf(number, sizeof number, "%" PRId64, *(const int64_t *)p);
        return validate_member(kind, member, number, record, msg);
    case CODEC_BOOL:
        return validate_member(kind, member, *(const bool *)p ? "true" : "false", record, msg);
    case CODEC_STRINGS:
        return validate_items(kind, member, (const struct sendx_strv *)p, record, msg);
    case CODEC_MAP:
    case CODEC_OBJECTS:
        break;
    }
    return NULL;
}

const char *validate_record(enum sendx_kind kind, const void *record, unsigned *member,
                            struct validate_msg *msg)
{
    const struct codec_schema *w = kind < SENDX_KIND_COUNT ? model_resource(kind)->write : NULL;
    if (!w) {
        *member = 0;
        return not_writable;
    }
    for (size_t i = 0; i < w->n_fields; i++) {
        unsigned m = w->fields[i].member;
        const char *why = codec_is_set(record, m) ? check_set_member(kind, m, record, msg)
                          : validate_is_required(kind, m, record) ? required
                                                                  : NULL;
        if (why) {
            *member = m;
            return why;
        }
    }
    return NULL;
}
