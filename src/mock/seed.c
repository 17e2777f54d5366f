#include "mock/seed.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "mock/store.h"

#define MAX_CONTACTS 1000000L
/* Contacts past this many get only the core fields, to keep 1M in memory. */
#define RICH_CONTACTS 5000L
/* Seeded records are dated within a year from here (2024-01-01T00:00:00Z). */
#define EPOCH     1704067200LL
#define YEAR_SECS 31536000LL

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A name and the ASCII form it takes in an email address. */
struct name {
    const char *text;
    const char *slug;
};

static const struct name first_names[] = {
    {"Emma", "emma"},     {"Liam", "liam"},         {"José", "jose"},
    {"Zoë", "zoe"},       {"François", "francois"}, {"Søren", "soren"},
    {"Łukasz", "lukasz"}, {"Ayşe", "ayse"},         {"Björn", "bjorn"},
    {"Chloé", "chloe"},   {"Mateo", "mateo"},       {"Ana", "ana"},
    {"伟", "wei"},        {"花子", "hanako"},       {"민준", "minjun"},
    {"محمد", "mohammed"}, {"فاطمة", "fatima"},      {"Иван", "ivan"},
    {"Ольга", "olga"},    {"Дмитрий", "dmitry"},    {"Sunny ☀️", "sunny"},
    {"Priya", "priya"},   {"Kwame", "kwame"},       {"Siobhán", "siobhan"},
    {"Émile", "emile"},   {"Γιώργος", "giorgos"},   {"Ελένη", "eleni"},
};

static const struct name last_names[] = {
    {"Smith", "smith"},
    {"García", "garcia"},
    {"Müller", "muller"},
    {"Dubois", "dubois"},
    {"Johansson", "johansson"},
    {"Nowak", "nowak"},
    {"Yılmaz", "yilmaz"},
    {"陈", "chen"},
    {"佐藤", "sato"},
    {"김", "kim"},
    {"العلي", "alali"},
    {"حداد", "haddad"},
    {"Петров", "petrov"},
    {"Смирнова", "smirnova"},
    {"O'Brien", "obrien"},
    {"Núñez", "nunez"},
    {"Nguyễn", "nguyen"},
    {"Okafor", "okafor"},
    {"Παπαδοπούλου", "papadopoulou"},
    {"Οικονόμου", "oikonomou"},
};

static const struct name companies[] = {
    {"Acme Corp", "acme.com"},
    {"Globex", "globex.io"},
    {"Café Noir SARL", "cafenoir.fr"},
    {"Nordlicht GmbH", "nordlicht.de"},
    {"東京テック株式会社", "tokyotech.jp"},
    {"北京数据科技", "bjdata.cn"},
    {"شركة الأفق", "alofoq.sa"},
    {"ООО Ромашка", "romashka.ru"},
    {"Rocket 🚀 Labs", "rocketlabs.dev"},
    {"Taco 🌮 Express", "tacoexpress.mx"},
    {"São Paulo Logística", "splog.com.br"},
    {"Initech", "initech.com"},
    {"Example Ltd", "example.com"},
};

static uint64_t next(struct seed_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t pick(struct seed_rng *r, size_t n)
{
    return (size_t)(next(r) % n);
}

/* Ids made so far of each seeded kind, for references. */
struct seeded {
    char *lists[8];
    char *tags[12];
    char *fields[5];
    char *senders[3];
    size_t n_lists, n_tags, n_fields, n_senders;
};

static void seeded_free(struct seeded *d)
{
    for (size_t i = 0; i < N(d->lists); i++)
        free(d->lists[i]);
    for (size_t i = 0; i < N(d->tags); i++)
        free(d->tags[i]);
    for (size_t i = 0; i < N(d->fields); i++)
        free(d->fields[i]);
    for (size_t i = 0; i < N(d->senders); i++)
        free(d->senders[i]);
}

char *seed_ident(struct store *s, struct seed_rng *r, enum sendx_kind kind, void *rec, int created,
                 int updated)
{
    const struct model_resource *res = model_resource(kind);
    char *id = store_new_id(s, res->id_prefix);
    if (!id || codec_set_string(res->type, rec, res->id_member, id) != 0) {
        free(id);
        return NULL;
    }
    int64_t t0 = EPOCH + (int64_t)pick(r, YEAR_SECS);
    char when[21];
    store_format_time(t0, when);
    if (created >= 0 && codec_set_string(res->type, rec, (unsigned)created, when) != 0)
        return free(id), NULL;
    store_format_time(t0 + (int64_t)pick(r, 86400 * 30), when);
    if (updated >= 0 && codec_set_string(res->type, rec, (unsigned)updated, when) != 0)
        return free(id), NULL;
    return id;
}

int seed_insert(struct store *s, enum sendx_kind kind, void *rec, char *id, char **keep,
                struct api_error *err)
{
    if (!id) {
        codec_free(model_resource(kind)->type, rec);
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory seeding");
        return -1;
    }
    if (keep)
        *keep = id;
    else
        free(id);
    return store_insert(s, kind, rec, err) == STORE_OK ? 0 : -1;
}

static int seed_lists_tags(struct store *s, struct seed_rng *r, struct seeded *d,
                           struct api_error *err)
{
    static const char *list_names[] = {"Newsletter",        "Customers", "Beta testers",
                                       "Événements Paris",  "VIP 💎",     "東京イベント",
                                       "Webinar attendees", "Подписчики"};
    static const char *tag_names[] = {"lead",  "customer",   "churned",       "enterprise",
                                      "trial", "café-lover", "early-adopter", "партнёр",
                                      "重要",  "مهم",        "🔥 hot",         "newsletter"};
    for (size_t i = 0; i < N(list_names); i++, d->n_lists++) {
        struct sendx_list l = {0};
        codec_set_string(&model_list_type, &l, SENDX_LIST_NAME, list_names[i]);
        codec_set_int(&model_list_type, &l, SENDX_LIST_TYPE, (int64_t)(i % 2));
        char *id = seed_ident(s, r, SENDX_KIND_LIST, &l, SENDX_LIST_CREATED, SENDX_LIST_UPDATED);
        if (seed_insert(s, SENDX_KIND_LIST, &l, id, &d->lists[i], err) != 0)
            return -1;
    }
    for (size_t i = 0; i < N(tag_names); i++, d->n_tags++) {
        struct sendx_tag t = {0};
        codec_set_string(&model_tag_type, &t, SENDX_TAG_NAME, tag_names[i]);
        char *id = seed_ident(s, r, SENDX_KIND_TAG, &t, SENDX_TAG_CREATED, SENDX_TAG_UPDATED);
        if (seed_insert(s, SENDX_KIND_TAG, &t, id, &d->tags[i], err) != 0)
            return -1;
    }
    return 0;
}

static int seed_fields(struct store *s, struct seed_rng *r, struct seeded *d, struct api_error *err)
{
    static const char *names[] = {"Job title", "Lifetime orders", "Birthday", "VIP",
                                  "Mobile phone"};
    static const char *descs[] = {"Role at their company", "Orders placed so far", "YYYY-MM-DD",
                                  "Gets the VIP treatment", "International format"};
    for (size_t i = 0; i < N(names); i++, d->n_fields++) {
        struct sendx_field f = {0};
        codec_set_string(&model_field_type, &f, SENDX_FIELD_NAME, names[i]);
        codec_set_int(&model_field_type, &f, SENDX_FIELD_TYPE, (int64_t)i);
        codec_set_string(&model_field_type, &f, SENDX_FIELD_DESCRIPTION, descs[i]);
        char *id = seed_ident(s, r, SENDX_KIND_FIELD, &f, -1, -1);
        if (seed_insert(s, SENDX_KIND_FIELD, &f, id, &d->fields[i], err) != 0)
            return -1;
    }
    return 0;
}

/* One value per custom field type: text, number, date, boolean, phone. */
static int fill_fields(struct seed_rng *r, const struct seeded *d, struct sendx_contact *c)
{
    static const char *titles[] = {
        "CTO", "Responsable marketing", "エンジニア", "مدير المبيعات", "Бухгалтер", "Founder 🚀"};
    char values[5][32];
    snprintf(values[0], sizeof values[0], "%s", titles[pick(r, N(titles))]);
    snprintf(values[1], sizeof values[1], "%zu", pick(r, 500));
    snprintf(values[2], sizeof values[2], "19%02zu-%02zu-%02zu", 50 + pick(r, 50), 1 + pick(r, 12),
             1 + pick(r, 28));
    snprintf(values[3], sizeof values[3], "%s", pick(r, 4) ? "false" : "true");
    snprintf(values[4], sizeof values[4], "+%zu %09zu", 1 + pick(r, 98), pick(r, 1000000000));
    for (size_t i = 0; i < d->n_fields; i++)
        if (codec_map_put(&model_contact_type, c, SENDX_CONTACT_CUSTOM_FIELDS, d->fields[i],
                          values[i]) != 0)
            return -1;
    return 0;
}

static int contact_refs(struct seed_rng *r, const struct seeded *d, struct sendx_contact *c,
                        bool rich)
{
    const struct model_type *t = &model_contact_type;
    const char *lists[2] = {d->lists[pick(r, d->n_lists)], d->lists[pick(r, d->n_lists)]};
    const char *tags[2] = {d->tags[pick(r, d->n_tags)], d->tags[pick(r, d->n_tags)]};
    size_t nl = strcmp(lists[0], lists[1]) == 0 ? 1 : 2;
    size_t nt = strcmp(tags[0], tags[1]) == 0 ? 1 : 2;
    if (codec_set_strings(t, c, SENDX_CONTACT_LISTS, lists, rich ? nl : 1) != 0 ||
        codec_set_strings(t, c, SENDX_CONTACT_TAGS, tags, rich ? nt : 0) != 0)
        return -1;
    c->set |= 1ull << SENDX_CONTACT_CUSTOM_FIELDS;
    return rich ? fill_fields(r, d, c) : 0;
}

static int make_contact(struct seed_rng *r, const struct seeded *d, long i, struct sendx_contact *c)
{
    const struct model_type *t = &model_contact_type;
    const struct name *fn = &first_names[pick(r, N(first_names))];
    const struct name *ln = &last_names[pick(r, N(last_names))];
    const struct name *co = &companies[pick(r, N(companies))];
    char email[128];
    snprintf(email, sizeof email, "%s.%s%ld@%s", fn->slug, ln->slug, i, co->slug);
    bool rich = i < RICH_CONTACTS;
    if (codec_set_string(t, c, SENDX_CONTACT_FIRST_NAME, fn->text) ||
        codec_set_string(t, c, SENDX_CONTACT_LAST_NAME, ln->text) ||
        codec_set_string(t, c, SENDX_CONTACT_EMAIL, email) ||
        codec_set_string(t, c, SENDX_CONTACT_COMPANY, co->text) || contact_refs(r, d, c, rich))
        return -1;
    uint64_t roll = pick(r, 100);
    codec_set_bool(t, c, SENDX_CONTACT_UNSUBSCRIBED, roll < 6);
    codec_set_bool(t, c, SENDX_CONTACT_BOUNCED, roll >= 6 && roll < 9);
    codec_set_bool(t, c, SENDX_CONTACT_SPAM, roll == 9);
    codec_set_bool(t, c, SENDX_CONTACT_BLOCKED, roll == 10);
    codec_set_bool(t, c, SENDX_CONTACT_DROPPED, roll == 11);
    codec_set_int(t, c, SENDX_CONTACT_CONTACT_SOURCE, 1 + (int64_t)pick(r, 4));
    codec_set_int(t, c, SENDX_CONTACT_LTV, rich ? (int64_t)pick(r, 20000) : 0);
    if (!rich)
        return 0;
    char ip[16];
    snprintf(ip, sizeof ip, "203.0.113.%zu", 1 + pick(r, 254));
    return codec_set_string(t, c, SENDX_CONTACT_LAST_TRACKED_IP, ip) ||
           codec_set_string(t, c, SENDX_CONTACT_PAGE_SOURCE, "https://example.com/signup") ||
           codec_set_string(t, c, SENDX_CONTACT_TRACK_DATA, "utm_source=newsletter");
}

static int seed_contacts(struct store *s, struct seed_rng *r, const struct seeded *d, long n,
                         struct api_error *err)
{
    for (long i = 0; i < n; i++) {
        struct sendx_contact c = {0};
        char *id = make_contact(r, d, i, &c) == 0
                       ? seed_ident(s, r, SENDX_KIND_CONTACT, &c, SENDX_CONTACT_CREATED,
                                    SENDX_CONTACT_UPDATED)
                       : NULL;
        if (seed_insert(s, SENDX_KIND_CONTACT, &c, id, NULL, err) != 0)
            return -1;
    }
    return 0;
}

static int seed_senders(struct store *s, struct seed_rng *r, struct seeded *d,
                        struct api_error *err)
{
    static const struct name senders[] = {
        {"Acme Newsletter", "news@acme.com"},
        {"Équipe Café Noir", "bonjour@cafenoir.fr"},
        {"Rocket 🚀 Labs", "launch@rocketlabs.dev"},
    };
    for (size_t i = 0; i < N(senders); i++, d->n_senders++) {
        struct sendx_sender x = {0};
        codec_set_string(&model_sender_type, &x, SENDX_SENDER_NAME, senders[i].text);
        codec_set_string(&model_sender_type, &x, SENDX_SENDER_EMAIL, senders[i].slug);
        codec_set_bool(&model_sender_type, &x, SENDX_SENDER_IS_WHITELISTED, i != 2);
        char *id = seed_ident(s, r, SENDX_KIND_SENDER, &x, -1, -1);
        if (seed_insert(s, SENDX_KIND_SENDER, &x, id, &d->senders[i], err) != 0)
            return -1;
    }
    return 0;
}

static int seed_templates(struct store *s, struct seed_rng *r, struct api_error *err)
{
    static const struct name templates[] = {
        {"Welcome", "Welcome aboard, {{firstName}}!"},
        {"Monthly newsletter", "What's new this month"},
        {"Soldes d'été", "Jusqu'à -50 % cet été ☀️"},
        {"セール告知", "期間限定セールのお知らせ"},
        {"Password reset", "Reset your password"},
    };
    const struct model_type *t = &model_template_type;
    for (size_t i = 0; i < N(templates); i++) {
        struct sendx_template x = {0};
        char html[256];
        snprintf(html, sizeof html,
                 "<html><body><h1>%s</h1><p>Hello {{firstName}},</p>"
                 "<p><a href=\"https://example.com/offer\">See more</a></p></body></html>",
                 templates[i].slug);
        codec_set_string(t, &x, SENDX_TEMPLATE_NAME, templates[i].text);
        codec_set_string(t, &x, SENDX_TEMPLATE_SUBJECT, templates[i].slug);
        codec_set_string(t, &x, SENDX_TEMPLATE_HTML_CODE, html);
        codec_set_int(t, &x, SENDX_TEMPLATE_TYPE, 0);
        codec_set_int(t, &x, SENDX_TEMPLATE_EDITOR_TYPE, (int64_t)(i % 3));
        char *id = seed_ident(s, r, SENDX_KIND_TEMPLATE, &x, SENDX_TEMPLATE_CREATED,
                              SENDX_TEMPLATE_UPDATED);
        if (seed_insert(s, SENDX_KIND_TEMPLATE, &x, id, NULL, err) != 0)
            return -1;
    }
    return 0;
}

/* A report whose numbers fit the audience: opens below sends, clicks below opens. */
static int seed_report(struct store *s, struct seed_rng *r, const char *campaign_id,
                       struct api_error *err)
{
    static const char *urls[] = {"https://example.com/offer", "https://example.com/blog",
                                 "https://example.com/unsubscribe-preferences"};
    const struct model_type *t = &model_report_type;
    struct sendx_report rep = {0};
    int64_t sent = 1000 + (int64_t)pick(r, 50000);
    int64_t opened = sent * (int64_t)(20 + pick(r, 40)) / 100;
    int64_t clicked = opened * (int64_t)(5 + pick(r, 30)) / 100;
    codec_set_string(t, &rep, SENDX_REPORT_CAMPAIGN_ID, campaign_id);
    codec_set_int(t, &rep, SENDX_REPORT_SENT, sent);
    codec_set_int(t, &rep, SENDX_REPORT_OPENED, opened + opened / 3);
    codec_set_int(t, &rep, SENDX_REPORT_OPENED_UNIQUE, opened);
    codec_set_int(t, &rep, SENDX_REPORT_CLICKED, clicked + clicked / 4);
    codec_set_int(t, &rep, SENDX_REPORT_CLICKED_UNIQUE, clicked);
    codec_set_int(t, &rep, SENDX_REPORT_UNSUBSCRIBED, sent / 200);
    codec_set_int(t, &rep, SENDX_REPORT_BOUNCED, sent / 100);
    codec_set_int(t, &rep, SENDX_REPORT_SPAM, sent / 1000);
    struct sendx_link_stat *links = calloc(N(urls), sizeof *links);
    if (!links) {
        codec_free(t, &rep);
        api_error_set(err, API_ERR_NOMEM, 0, "out of memory seeding");
        return -1;
    }
    rep.link_stats = (struct sendx_objects){links, N(urls)};
    rep.set |= 1ull << SENDX_REPORT_LINK_STATS;
    for (size_t i = 0; i < N(urls); i++) {
        codec_set_string(&model_link_stat_type, &links[i], SENDX_LINK_STAT_URL, urls[i]);
        codec_set_int(&model_link_stat_type, &links[i], SENDX_LINK_STAT_COUNT,
                      clicked / (int64_t)(i + 1));
    }
    return store_insert_report(s, &rep, err) == STORE_OK ? 0 : -1;
}

static int seed_campaigns(struct store *s, struct seed_rng *r, const struct seeded *d,
                          struct api_error *err)
{
    static const char *names[] = {"Spring newsletter",
                                  "Scheduled: product launch",
                                  "Sending now: flash sale",
                                  "Rentrée 2024",
                                  "Quarantined blast",
                                  "A/B subject test",
                                  "Failed evaluation",
                                  "Warm-up series",
                                  "年末セール",
                                  "Рассылка для партнёров"};
    static const int statuses[] = {0, 1, 2, 3, 4, 5, 6, 7, 3, 3};
    const struct model_type *t = &model_campaign_type;
    for (size_t i = 0; i < N(names); i++) {
        struct sendx_campaign c = {0};
        const char *lists[] = {d->lists[i % d->n_lists]};
        const char *excluded[] = {d->lists[(i + 3) % d->n_lists]};
        codec_set_string(t, &c, SENDX_CAMPAIGN_NAME, names[i]);
        codec_set_string(t, &c, SENDX_CAMPAIGN_SUBJECT, names[i]);
        codec_set_string(t, &c, SENDX_CAMPAIGN_PREHEADER, "Don't miss this");
        codec_set_string(t, &c, SENDX_CAMPAIGN_SENDER, d->senders[i % d->n_senders]);
        codec_set_string(t, &c, SENDX_CAMPAIGN_HTML_CONTENT,
                         "<html><body><p>Hi {{firstName}}</p>"
                         "<a href=\"https://example.com/offer\">Shop</a></body></html>");
        codec_set_int(t, &c, SENDX_CAMPAIGN_SCHEDULE_TYPE, statuses[i] == 1 ? 0 : 1);
        codec_set_string(t, &c, SENDX_CAMPAIGN_SCHEDULE_CONDITION,
                         statuses[i] == 1 ? "2025-06-01T09:00:00Z" : "");
        codec_set_int(t, &c, SENDX_CAMPAIGN_STATUS, statuses[i]);
        codec_set_strings(t, &c, SENDX_CAMPAIGN_INCLUDED_LISTS, lists, 1);
        codec_set_strings(t, &c, SENDX_CAMPAIGN_EXCLUDED_LISTS, excluded, i % 2);
        codec_set_bool(t, &c, SENDX_CAMPAIGN_SMART_SEND, i % 3 == 0);
        codec_set_bool(t, &c, SENDX_CAMPAIGN_IS_ARCHIVED, false);
        char *id = seed_ident(s, r, SENDX_KIND_CAMPAIGN, &c, SENDX_CAMPAIGN_CREATED,
                              SENDX_CAMPAIGN_UPDATED);
        char *kept = NULL;
        if (seed_insert(s, SENDX_KIND_CAMPAIGN, &c, id, &kept, err) != 0)
            return -1;
        int rc = statuses[i] >= 2 ? seed_report(s, r, kept, err) : 0;
        free(kept);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int seed_webhooks(struct store *s, struct seed_rng *r, struct api_error *err)
{
    static const char *urls[] = {"https://hooks.example.com/sendx", "https://crm.acme.com/in",
                                 "https://zapier.example.net/catch/123"};
    const struct model_type *t = &model_webhook_type;
    for (size_t i = 0; i < N(urls); i++) {
        struct sendx_webhook w = {0};
        codec_set_string(t, &w, SENDX_WEBHOOK_URL, urls[i]);
        for (unsigned m = SENDX_WEBHOOK_ENABLED; m <= SENDX_WEBHOOK_CONTACT_CREATED; m++)
            codec_set_bool(t, &w, m, (pick(r, 2) == 0) || m == SENDX_WEBHOOK_ENABLED);
        char *id = seed_ident(s, r, SENDX_KIND_WEBHOOK, &w, -1, -1);
        if (seed_insert(s, SENDX_KIND_WEBHOOK, &w, id, NULL, err) != 0)
            return -1;
    }
    return 0;
}

static int seed_members(struct store *s, struct seed_rng *r, struct api_error *err)
{
    static const struct name members[] = {{"Ada Lovelace", "ada"},
                                          {"José Núñez", "jose"},
                                          {"王芳", "wangfang"},
                                          {"Ольга Петрова", "olga"}};
    const struct model_type *t = &model_member_type;
    for (size_t i = 0; i < N(members); i++) {
        struct sendx_member m = {0};
        char email[64], avatar[96];
        snprintf(email, sizeof email, "%s@acme.com", members[i].slug);
        snprintf(avatar, sizeof avatar, "https://avatars.example.com/%s.png", members[i].slug);
        codec_set_string(t, &m, SENDX_MEMBER_EMAIL, email);
        codec_set_string(t, &m, SENDX_MEMBER_USER_NAME, members[i].slug);
        codec_set_string(t, &m, SENDX_MEMBER_FULL_NAME, members[i].text);
        codec_set_string(t, &m, SENDX_MEMBER_AVATAR_URL, avatar);
        char *id =
            seed_ident(s, r, SENDX_KIND_MEMBER, &m, SENDX_MEMBER_CREATED, SENDX_MEMBER_UPDATED);
        if (seed_insert(s, SENDX_KIND_MEMBER, &m, id, NULL, err) != 0)
            return -1;
    }
    return 0;
}

int seed_store(struct store *s, uint64_t seed, long contacts, struct api_error *err)
{
    if (contacts < 0 || contacts > MAX_CONTACTS) {
        api_error_set(err, API_ERR_INVALID, 0, "contacts must be between 0 and %ld", MAX_CONTACTS);
        return -1;
    }
    struct seed_rng r = {seed};
    struct seeded d = {0};
    int rc = seed_lists_tags(s, &r, &d, err);
    if (rc == 0)
        rc = seed_fields(s, &r, &d, err);
    if (rc == 0)
        rc = seed_senders(s, &r, &d, err);
    if (rc == 0)
        rc = seed_templates(s, &r, err);
    if (rc == 0)
        rc = seed_campaigns(s, &r, &d, err);
    if (rc == 0)
        rc = seed_webhooks(s, &r, err);
    if (rc == 0)
        rc = seed_members(s, &r, err);
    if (rc == 0)
        rc = seed_contacts(s, &r, &d, contacts, err);
    seeded_free(&d);
    return rc;
}
