#include "mock/hostile_seed.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "mock/seed.h"
#include "mock/store.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* An ESC, BEL and ST as C string pieces, for legibility below. */
#define ESC "\x1b"
#define BEL "\x07"
#define ST  ESC "\\"

/* Filled in once by fill_generated (the long and combining texts). */
static char long_text[HOSTILE_LONG + 1];
/* "Zalgo": one letter under 240 combining marks, then some usual ones. */
#define MARKS 240
static char combining_text[MARKS * 2 + 64];

static const struct hostile_case cases[] = {
    {"esc-alone", "lone " ESC " escape, and one at the end " ESC, false},
    {"csi-colour", ESC "[38;5;201mPWNED-COLOUR" ESC "[0m " ESC "[1;5;7mblink" ESC "[m", false},
    {"csi-cursor", ESC "[5;5H" ESC "[3A" ESC "[2CPWNED-CURSOR" ESC "7" ESC "8" ESC "[?25l", false},
    {"csi-erase", ESC "[2J" ESC "[3J" ESC "[HPWNED-ERASE" ESC "[K" ESC "c", false},
    {"osc-title", ESC "]0;PWNED-TITLE" BEL " and " ESC "]2;PWNED-TITLE2" ST, false},
    /* base64 of PWNED-CLIP */
    {"osc-clipboard", ESC "]52;c;UFdORUQtQ0xJUA==" BEL " copied?", false},
    {"osc-hyperlink", ESC "]8;;https://evil.example/PWNED-LINK" ST "click me" ESC "]8;;" ST, false},
    {"query-cursor", ESC "[6n PWNED-CPR " ESC "[?6n", false},
    {"query-device", ESC "[c" ESC "[>c" ESC "[=c" ESC "[5n" ESC "[>q PWNED-DA", false},
    {"dcs-apc-pm-sos",
     ESC "P+q544e" ST ESC "PPWNED-DCS" ST ESC "_PWNED-APC" ST ESC "^PWNED-PM" ST ESC
         "XPWNED-SOS" ST,
     false},
    /* U+009B CSI, U+009D OSC, U+009C ST, U+0090 DCS, U+0085 NEL */
    {"c1-utf8",
     "\xc2\x9b"
     "31mPWNED-C1 \xc2\x9d"
     "0;PWNED-C1-TITLE\xc2\x9c \xc2\x90PWNED-C1-DCS\xc2\x9c next\xc2\x85line",
     false},
    /* The same as single bytes, as an 8-bit terminal reads them. */
    {"c1-raw",
     "\x9b"
     "31mPWNED-RAW \x9d"
     "0;PWNED-RAW-TITLE" BEL " \x90q\x9c \x85",
     false},
    {"controls", "cr\rlf\ntab\tbs\bbel" BEL "del\x7fsoh\x01us\x1f vt\vff\f", false},
    /* RLO, LRI, PDI, RLI, FSI, LRE, RLE, PDF, LRO, RLM, ALM */
    {"bidi",
     "\xe2\x80\xae"
     "exe.txt \xe2\x81\xa6isolate\xe2\x81\xa9 \xe2\x81\xa7rtl\xe2\x81\xa8"
     "fsi\xe2\x81\xa9 \xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\x8f\xd8\x9c end",
     false},
    /* A lone continuation byte, two overlongs ("/"), a surrogate, a code
     * point past U+10FFFF, a stray lead byte, and a cut-off sequence at
     * the very end. */
    {"bad-utf8",
     "lone\x80 overlong\xc0\xaf\xe0\x80\xaf surrogate\xed\xa0\x80 past\xf4\x90\x80\x80 "
     "lead\xff cut\xe2\x82",
     false},
    /* ZWSP, ZWNJ, ZWJ, BOM; family, technologist and pirate flag by ZWJ. */
    {"zero-width",
     "zw\xe2\x80\x8bsp\xe2\x80\x8cnj\xe2\x80\x8djoin\xef\xbb\xbf family "
     "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 coder "
     "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb flag "
     "\xf0\x9f\x8f\xb4\xe2\x80\x8d\xe2\x98\xa0\xef\xb8\x8f",
     false},
    {"combining", combining_text, false},
    {"long", long_text, false},
    {"numbers", "PWNED-NUMBERS: every integer past 64 bits", true},
};

#define N_CASES N(cases)

/* Escape sequences between words, and a newline now and then, until
 * exactly HOSTILE_LONG bytes. */
static void fill_long(void)
{
    static const char unit[] =
        "PWNED-LONG " ESC "[2J" ESC "]0;PWNED-TITLE" BEL " lorem ipsum dolor sit amet, "
        "consectetur adipiscing elit \xe2\x80\xae sed do eiusmod tempor\n";
    size_t o = 0;
    while (o < HOSTILE_LONG) {
        size_t n = sizeof unit - 1;
        if (n > HOSTILE_LONG - o)
            n = HOSTILE_LONG - o;
        memcpy(long_text + o, unit, n);
        o += n;
    }
    long_text[o] = '\0';
}

static void fill_combining(void)
{
    size_t o = (size_t)snprintf(combining_text, sizeof combining_text, "Z");
    for (unsigned i = 0; i < MARKS; i++) {
        unsigned cp = 0x300 + i % 0x70; /* U+0300..U+036F, combining diacritics */
        combining_text[o++] = (char)(0xc0 | (cp >> 6));
        combining_text[o++] = (char)(0x80 | (cp & 0x3f));
    }
    snprintf(combining_text + o, sizeof combining_text - o,
             " then e\xcc\x81 n\xcc\x83 a\xcc\x8a\xcc\x81 "
             "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7");
}

static pthread_once_t generated = PTHREAD_ONCE_INIT;

static void fill_generated(void)
{
    fill_long();
    fill_combining();
}

const struct hostile_case *hostile_seed_cases(size_t *n)
{
    pthread_once(&generated, fill_generated);
    *n = N_CASES;
    return cases;
}

long hostile_seed_find(const char *name)
{
    for (size_t i = 0; i < N_CASES; i++)
        if (strcmp(cases[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* a, b and c joined: a heap string, or NULL. */
static char *join3(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = malloc(la + lb + lc + 1);
    if (!s)
        return NULL;
    memcpy(s, a, la);
    memcpy(s + la, b, lb);
    memcpy(s + la + lb, c, lc + 1);
    return s;
}

char *hostile_seed_text(size_t i)
{
    size_t n;
    const struct hostile_case *c = hostile_seed_cases(&n);
    if (i >= n)
        return NULL;
    char label[48];
    snprintf(label, sizeof label, "H%02zu %s: ", i, c[i].name);
    return join3(label, c[i].text, "");
}

/* Markers the store can hold for numbers it cannot, in the order the
 * members of a record take them. Multiples of 1024 past INT64_MIN: each
 * exactly a double, so a marker survives cJSON's doubles. */
static const struct {
    int64_t marker;
    const char *text;
} huge[] = {
    {INT64_MIN, "1e30"},
    {INT64_MIN + 1024, "18446744073709551616"},
    {INT64_MIN + 2048, "1e400"},
    {INT64_MIN + 3072, "-1e30"},
};

/* Every integer member of rec set to a marker, the next in turn each. */
static void huge_ints(const struct model_type *t, void *rec)
{
    size_t next = 0;
    for (unsigned m = 0; m < t->n_members; m++)
        if (t->members[m].type == CODEC_INT)
            codec_set_int(t, rec, m, huge[next++ % N(huge)].marker);
}

/* The ids made so far, for references; cases[i]'s at index i. */
struct hostile {
    struct seed_rng rng;
    char *lists[N_CASES], *tags[N_CASES], *fields[N_CASES], *senders[N_CASES];
    char **bulk_tags; /* HOSTILE_BULK_TAGS */
    size_t n_bulk;
};

static void hostile_free(struct hostile *h)
{
    for (size_t i = 0; i < N_CASES; i++) {
        free(h->lists[i]);
        free(h->tags[i]);
        free(h->fields[i]);
        free(h->senders[i]);
    }
    for (size_t i = 0; i < h->n_bulk; i++)
        free(h->bulk_tags[i]);
    free(h->bulk_tags);
}

/* The case's text framed as an email address or a URL, so the record
 * still has the shape of one: a heap string, or NULL. */
static char *hostile_email(size_t i)
{
    char local[16];
    snprintf(local, sizeof local, "h%02zu.", i);
    return join3(local, cases[i].text, "@hostile.example");
}

static char *hostile_url(size_t i)
{
    char base[48];
    snprintf(base, sizeof base, "https://hostile.example/h%02zu/", i);
    return join3(base, cases[i].text, "");
}

/* Sets a string member to a heap value, taking it; -1 if value is NULL
 * (out of memory) or the copy fails. */
static int put(const struct model_type *t, void *rec, unsigned member, char *value)
{
    int rc = value ? codec_set_string(t, rec, member, value) : -1;
    free(value);
    return rc;
}

/* Sets each of the members (ending with -1) to case i's text. */
static int put_text(const struct model_type *t, void *rec, size_t i, const int *members)
{
    for (; *members >= 0; members++)
        if (put(t, rec, (unsigned)*members, hostile_seed_text(i)) != 0)
            return -1;
    return 0;
}

static int nomem_seeding(struct api_error *err)
{
    api_error_set(err, API_ERR_NOMEM, 0, "out of memory seeding");
    return -1;
}

/* Gives rec (of kind) its id and times and inserts it, taking it; its id
 * goes to *keep unless keep is NULL. text_rc is how setting its text
 * went: not 0, and rec is only freed. */
static int hostile_insert(struct store *s, struct hostile *h, enum sendx_kind kind, void *rec,
                          int text_rc, int created, int updated, char **keep, struct api_error *err)
{
    const struct model_type *t = model_resource(kind)->type;
    char *id = text_rc == 0 ? seed_ident(s, &h->rng, kind, rec, created, updated) : NULL;
    if (!id) {
        codec_free(t, rec);
        return nomem_seeding(err);
    }
    return seed_insert(s, kind, rec, id, keep, err);
}

static int hostile_list(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    static const int text[] = {SENDX_LIST_NAME, -1};
    struct sendx_list l = {0};
    codec_set_int(&model_list_type, &l, SENDX_LIST_TYPE, (int64_t)(i % 2));
    if (cases[i].huge_numbers)
        huge_ints(&model_list_type, &l);
    return hostile_insert(s, h, SENDX_KIND_LIST, &l, put_text(&model_list_type, &l, i, text),
                          SENDX_LIST_CREATED, SENDX_LIST_UPDATED, &h->lists[i], err);
}

static int hostile_tag(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    static const int text[] = {SENDX_TAG_NAME, -1};
    struct sendx_tag t = {0};
    return hostile_insert(s, h, SENDX_KIND_TAG, &t, put_text(&model_tag_type, &t, i, text),
                          SENDX_TAG_CREATED, SENDX_TAG_UPDATED, &h->tags[i], err);
}

static int hostile_field(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    static const int text[] = {SENDX_FIELD_NAME, SENDX_FIELD_DESCRIPTION, -1};
    struct sendx_field f = {0};
    codec_set_int(&model_field_type, &f, SENDX_FIELD_TYPE, (int64_t)(i % 5));
    if (cases[i].huge_numbers)
        huge_ints(&model_field_type, &f);
    return hostile_insert(s, h, SENDX_KIND_FIELD, &f, put_text(&model_field_type, &f, i, text), -1,
                          -1, &h->fields[i], err);
}

static int hostile_sender(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    const struct model_type *t = &model_sender_type;
    static const int text[] = {SENDX_SENDER_NAME, -1};
    struct sendx_sender x = {0};
    codec_set_bool(t, &x, SENDX_SENDER_IS_WHITELISTED, i % 2 == 0);
    int rc = put_text(t, &x, i, text);
    if (rc == 0)
        rc = put(t, &x, SENDX_SENDER_EMAIL, hostile_email(i));
    return hostile_insert(s, h, SENDX_KIND_SENDER, &x, rc, -1, -1, &h->senders[i], err);
}

/* HTML around the case's text, in a heading, a paragraph and a link. */
static char *hostile_html(size_t i)
{
    char *url = hostile_url(i);
    char *label = hostile_seed_text(i);
    char *head = label ? join3("<html><body><h1>", label, "</h1><p>") : NULL;
    char *body = head ? join3(head, cases[i].text, "</p><p><a href=\"") : NULL;
    char *link = body && url ? join3(body, url, "\">the link</a></p></body></html>") : NULL;
    free(url);
    free(label);
    free(head);
    free(body);
    return link;
}

static int hostile_template(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    const struct model_type *t = &model_template_type;
    static const int text[] = {SENDX_TEMPLATE_NAME,          SENDX_TEMPLATE_SUBJECT,
                               SENDX_TEMPLATE_TEMPLATE_CODE, SENDX_TEMPLATE_TEXT_CONTENT,
                               SENDX_TEMPLATE_PREHEADER,     -1};
    struct sendx_template x = {0};
    codec_set_int(t, &x, SENDX_TEMPLATE_TYPE, 0);
    codec_set_int(t, &x, SENDX_TEMPLATE_EDITOR_TYPE, (int64_t)(i % 3));
    if (cases[i].huge_numbers)
        huge_ints(t, &x);
    char *tag = hostile_seed_text(i);
    const char *tags[] = {tag};
    int rc = tag ? codec_set_strings(t, &x, SENDX_TEMPLATE_TAGS, tags, 1) : -1;
    free(tag);
    if (rc == 0)
        rc = put_text(t, &x, i, text);
    if (rc == 0)
        rc = put(t, &x, SENDX_TEMPLATE_HTML_CODE, hostile_html(i));
    if (rc == 0)
        rc = put(t, &x, SENDX_TEMPLATE_THUMBNAIL, hostile_url(i));
    return hostile_insert(s, h, SENDX_KIND_TEMPLATE, &x, rc, SENDX_TEMPLATE_CREATED,
                          SENDX_TEMPLATE_UPDATED, NULL, err);
}

/* A campaign's report: counts that fit an audience, or markers; its
 * links the case's URL and text. */
static int hostile_report(struct store *s, size_t i, const char *campaign_id, struct api_error *err)
{
    const struct model_type *t = &model_report_type;
    struct sendx_report rep = {0};
    static const unsigned counts[] = {SENDX_REPORT_SENT,    SENDX_REPORT_OPENED_UNIQUE,
                                      SENDX_REPORT_OPENED,  SENDX_REPORT_CLICKED_UNIQUE,
                                      SENDX_REPORT_CLICKED, SENDX_REPORT_UNSUBSCRIBED,
                                      SENDX_REPORT_BOUNCED, SENDX_REPORT_SPAM};
    static const int64_t values[] = {1000, 400, 520, 100, 130, 5, 10, 1};
    for (size_t k = 0; k < N(counts); k++)
        codec_set_int(t, &rep, counts[k], values[k]);
    if (cases[i].huge_numbers)
        huge_ints(t, &rep);
    struct sendx_link_stat *links = calloc(2, sizeof *links);
    int rc =
        links && codec_set_string(t, &rep, SENDX_REPORT_CAMPAIGN_ID, campaign_id) == 0 ? 0 : -1;
    if (links) {
        rep.link_stats = (struct sendx_objects){links, 2};
        rep.set |= 1ull << SENDX_REPORT_LINK_STATS;
    }
    for (size_t k = 0; rc == 0 && k < 2; k++) {
        const struct model_type *lt = &model_link_stat_type;
        rc = put(lt, &links[k], SENDX_LINK_STAT_URL, k ? hostile_seed_text(i) : hostile_url(i));
        codec_set_int(lt, &links[k], SENDX_LINK_STAT_COUNT, 60 / (int64_t)(k + 1));
        if (cases[i].huge_numbers)
            huge_ints(lt, &links[k]);
    }
    if (rc != 0) {
        codec_free(t, &rep);
        return nomem_seeding(err);
    }
    return store_insert_report(s, &rep, err) == STORE_OK ? 0 : -1;
}

/* Its references: the case's sender, list and tag, the next case's list
 * left out. */
static int campaign_refs(const struct hostile *h, size_t i, struct sendx_campaign *c)
{
    const struct model_type *t = &model_campaign_type;
    const char *lists[] = {h->lists[i]};
    const char *excluded[] = {h->lists[(i + 1) % N_CASES]};
    const char *tags[] = {h->tags[i]};
    if (codec_set_string(t, c, SENDX_CAMPAIGN_SENDER, h->senders[i]) != 0 ||
        codec_set_strings(t, c, SENDX_CAMPAIGN_INCLUDED_LISTS, lists, 1) != 0 ||
        codec_set_strings(t, c, SENDX_CAMPAIGN_EXCLUDED_LISTS, excluded, 1) != 0 ||
        codec_set_strings(t, c, SENDX_CAMPAIGN_INCLUDED_TAGS, tags, 1) != 0)
        return -1;
    return 0;
}

static int hostile_campaign(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    const struct model_type *t = &model_campaign_type;
    static const int text[] = {SENDX_CAMPAIGN_NAME,           SENDX_CAMPAIGN_SUBJECT,
                               SENDX_CAMPAIGN_PREHEADER,      SENDX_CAMPAIGN_TEXT_CONTENT,
                               SENDX_CAMPAIGN_TIMEZONE,       SENDX_CAMPAIGN_STRATEGY,
                               SENDX_CAMPAIGN_TIME_CONDITION, -1};
    struct sendx_campaign c = {0};
    /* Every status in turn; those past 1 (scheduled) have a report. */
    int64_t status = (int64_t)(i % 8);
    codec_set_int(t, &c, SENDX_CAMPAIGN_STATUS, status);
    codec_set_int(t, &c, SENDX_CAMPAIGN_SCHEDULE_TYPE, status == 1 ? 0 : 1);
    codec_set_bool(t, &c, SENDX_CAMPAIGN_SMART_SEND, i % 2 == 0);
    codec_set_bool(t, &c, SENDX_CAMPAIGN_IS_ARCHIVED, false);
    if (cases[i].huge_numbers)
        huge_ints(t, &c);
    int rc = campaign_refs(h, i, &c) == 0 ? put_text(t, &c, i, text) : -1;
    if (rc == 0)
        rc = put(t, &c, SENDX_CAMPAIGN_HTML_CONTENT, hostile_html(i));
    if (rc == 0)
        rc = put(t, &c, SENDX_CAMPAIGN_SCREENSHOT_URL, hostile_url(i));
    if (rc == 0)
        rc = codec_set_string(t, &c, SENDX_CAMPAIGN_SCHEDULE_CONDITION,
                              status == 1 ? "2025-06-01T09:00:00Z" : "");
    char *id = NULL;
    if (hostile_insert(s, h, SENDX_KIND_CAMPAIGN, &c, rc, SENDX_CAMPAIGN_CREATED,
                       SENDX_CAMPAIGN_UPDATED, &id, err) != 0)
        return -1;
    rc = status >= 2 || cases[i].huge_numbers ? hostile_report(s, i, id, err) : 0;
    free(id);
    return rc;
}

static int hostile_webhook(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    const struct model_type *t = &model_webhook_type;
    struct sendx_webhook w = {0};
    for (unsigned m = SENDX_WEBHOOK_ENABLED; m <= SENDX_WEBHOOK_CONTACT_CREATED; m++)
        codec_set_bool(t, &w, m, (i + m) % 2 == 0);
    return hostile_insert(s, h, SENDX_KIND_WEBHOOK, &w,
                          put(t, &w, SENDX_WEBHOOK_URL, hostile_url(i)), -1, -1, NULL, err);
}

static int hostile_member(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    const struct model_type *t = &model_member_type;
    static const int text[] = {SENDX_MEMBER_USER_NAME, SENDX_MEMBER_FULL_NAME, -1};
    struct sendx_member m = {0};
    int rc = put_text(t, &m, i, text);
    if (rc == 0)
        rc = put(t, &m, SENDX_MEMBER_EMAIL, hostile_email(i));
    if (rc == 0)
        rc = put(t, &m, SENDX_MEMBER_AVATAR_URL, hostile_url(i));
    return hostile_insert(s, h, SENDX_KIND_MEMBER, &m, rc, SENDX_MEMBER_CREATED,
                          SENDX_MEMBER_UPDATED, NULL, err);
}

/* Every custom field set to case i's text. */
static int hostile_fields(const struct hostile *h, size_t i, struct sendx_contact *c)
{
    char *value = hostile_seed_text(i);
    int rc = value ? 0 : -1;
    for (size_t f = 0; rc == 0 && f < N_CASES; f++)
        rc =
            codec_map_put(&model_contact_type, c, SENDX_CONTACT_CUSTOM_FIELDS, h->fields[f], value);
    free(value);
    return rc;
}

static int hostile_contact(struct store *s, struct hostile *h, size_t i, struct api_error *err)
{
    const struct model_type *t = &model_contact_type;
    static const int text[] = {SENDX_CONTACT_FIRST_NAME, SENDX_CONTACT_COMPANY,
                               SENDX_CONTACT_TRACK_DATA, SENDX_CONTACT_LAST_TRACKED_IP, -1};
    struct sendx_contact c = {0};
    codec_set_bool(t, &c, SENDX_CONTACT_UNSUBSCRIBED, i % 2 == 0);
    codec_set_bool(t, &c, SENDX_CONTACT_BOUNCED, i % 3 == 0);
    codec_set_int(t, &c, SENDX_CONTACT_CONTACT_SOURCE, 1 + (int64_t)(i % 4));
    codec_set_int(t, &c, SENDX_CONTACT_LTV, (int64_t)i * 1000);
    if (cases[i].huge_numbers)
        huge_ints(t, &c);
    const char *lists[] = {h->lists[i]};
    const char *tags[] = {h->tags[i]};
    int rc = put_text(t, &c, i, text);
    if (rc == 0)
        rc = codec_set_string(t, &c, SENDX_CONTACT_LAST_NAME, cases[i].text);
    if (rc == 0)
        rc = put(t, &c, SENDX_CONTACT_EMAIL, hostile_email(i));
    if (rc == 0)
        rc = put(t, &c, SENDX_CONTACT_PAGE_SOURCE, hostile_url(i));
    if (rc == 0 && (codec_set_strings(t, &c, SENDX_CONTACT_LISTS, lists, 1) != 0 ||
                    codec_set_strings(t, &c, SENDX_CONTACT_TAGS, tags, 1) != 0 ||
                    hostile_fields(h, i, &c) != 0))
        rc = -1;
    return hostile_insert(s, h, SENDX_KIND_CONTACT, &c, rc, SENDX_CONTACT_CREATED,
                          SENDX_CONTACT_UPDATED, NULL, err);
}

/* Tags named "T00001 " and a case's text, the cases in turn (the long
 * one left out: ten thousand copies of it would only cost memory). */
static int hostile_bulk_tags(struct store *s, struct hostile *h, struct api_error *err)
{
    h->bulk_tags = calloc(HOSTILE_BULK_TAGS, sizeof *h->bulk_tags);
    if (!h->bulk_tags)
        return nomem_seeding(err);
    size_t next = 0;
    for (size_t k = 0; k < HOSTILE_BULK_TAGS; k++, h->n_bulk++) {
        while (cases[next % N_CASES].text == long_text)
            next++;
        char label[16];
        snprintf(label, sizeof label, "T%05zu ", k + 1);
        struct sendx_tag t = {0};
        int rc = put(&model_tag_type, &t, SENDX_TAG_NAME,
                     join3(label, cases[next++ % N_CASES].text, ""));
        if (hostile_insert(s, h, SENDX_KIND_TAG, &t, rc, SENDX_TAG_CREATED, SENDX_TAG_UPDATED,
                           &h->bulk_tags[k], err) != 0)
            return -1;
    }
    return 0;
}

/* The last contact: every tag, every list. */
static int hostile_tagged_contact(struct store *s, struct hostile *h, struct api_error *err)
{
    const struct model_type *t = &model_contact_type;
    size_t n = N_CASES + h->n_bulk;
    const char **tags = calloc(n, sizeof *tags);
    if (!tags)
        return nomem_seeding(err);
    for (size_t k = 0; k < N_CASES; k++)
        tags[k] = h->tags[k];
    for (size_t k = 0; k < h->n_bulk; k++)
        tags[N_CASES + k] = h->bulk_tags[k];
    struct sendx_contact c = {0};
    int rc = codec_set_strings(t, &c, SENDX_CONTACT_TAGS, tags, n);
    free(tags);
    if (rc == 0)
        rc = codec_set_strings(t, &c, SENDX_CONTACT_LISTS, (const char *const *)h->lists, N_CASES);
    if (rc == 0)
        rc = codec_set_string(t, &c, SENDX_CONTACT_FIRST_NAME, "Every tag");
    if (rc == 0)
        rc = codec_set_string(t, &c, SENDX_CONTACT_EMAIL, "every.tag@hostile.example");
    return hostile_insert(s, h, SENDX_KIND_CONTACT, &c, rc, SENDX_CONTACT_CREATED,
                          SENDX_CONTACT_UPDATED, NULL, err);
}

/* Kind by kind, so each pane lists the cases in order. */
static int hostile_records(struct store *s, struct hostile *h, struct api_error *err)
{
    int (*const steps[])(struct store *, struct hostile *, size_t, struct api_error *) = {
        hostile_list,     hostile_tag,     hostile_field,  hostile_sender,  hostile_template,
        hostile_campaign, hostile_webhook, hostile_member, hostile_contact,
    };
    for (size_t k = 0; k < N(steps); k++)
        for (size_t i = 0; i < N_CASES; i++)
            if (steps[k](s, h, i, err) != 0)
                return -1;
    return 0;
}

int hostile_seed(struct store *s, uint64_t seed, struct api_error *err)
{
    pthread_once(&generated, fill_generated);
    struct hostile h = {.rng = {seed}};
    int rc = hostile_records(s, &h, err);
    if (rc == 0)
        rc = hostile_bulk_tags(s, &h, err);
    if (rc == 0)
        rc = hostile_tagged_contact(s, &h, err);
    hostile_free(&h);
    return rc;
}

/* The text a marker stands for, or NULL. */
static const char *huge_text(const cJSON *item)
{
    for (size_t i = 0; cJSON_IsNumber(item) && i < N(huge); i++)
        if (item->valuedouble == (double)huge[i].marker)
            return huge[i].text;
    return NULL;
}

/* Replaces the markers under parent with raw numbers; counts them into
 * *n. -1 if out of memory. */
static int replace_markers(cJSON *parent, size_t *n)
{
    for (cJSON *item = parent->child; item; item = item->next) {
        const char *text = huge_text(item);
        if (!text) {
            if (replace_markers(item, n) != 0)
                return -1;
            continue;
        }
        /* Replaced by its name in an object, so the raw number keeps it. */
        cJSON *raw = cJSON_CreateRaw(text);
        bool done = raw && (cJSON_IsObject(parent)
                                ? cJSON_ReplaceItemInObjectCaseSensitive(parent, item->string, raw)
                                : cJSON_ReplaceItemViaPointer(parent, item, raw));
        if (!done) {
            cJSON_Delete(raw);
            return -1;
        }
        item = raw;
        (*n)++;
    }
    return 0;
}

int hostile_seed_numbers(char **body)
{
    cJSON *json = *body ? cJSON_Parse(*body) : NULL;
    size_t n = 0;
    int rc = json ? replace_markers(json, &n) : 0;
    char *text = rc == 0 && n > 0 ? cJSON_PrintUnformatted(json) : NULL;
    cJSON_Delete(json);
    if (rc != 0 || (n > 0 && !text))
        return -1;
    if (text) {
        free(*body);
        *body = text;
    }
    return 0;
}
