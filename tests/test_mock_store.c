/* The mock's store without HTTP: paging, lookups, search against a
 * brute-force reference (folded with the C library's towlower, so the
 * store's own fold table is checked too), the index kept right through
 * creates, renames and deletes, and seeded data that is deterministic and
 * as varied as the issue asks. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "mock/search.h"
#include "mock/seed.h"
#include "mock/state.h"
#include "mock/store.h"

#define NOT_FOUND ((size_t)-1)

static struct api_error err;

static struct store *seeded(uint64_t seed, long contacts)
{
    struct store *s = store_new(seed);
    cr_assert_not_null(s);
    cr_assert_eq(seed_store(s, seed, contacts, &err), 0, "%s", api_error_message(&err));
    return s;
}

/* ---- every contact, in creation order ---- */

struct people {
    struct sendx_contact *items;
    size_t len;
};

static int add_person(void *ctx, const void *rec)
{
    struct people *p = ctx;
    p->items = realloc(p->items, (p->len + 1) * sizeof *p->items);
    cr_assert_not_null(p->items);
    memset(&p->items[p->len], 0, sizeof p->items[0]);
    cr_assert_eq(codec_copy(&model_contact_type, &p->items[p->len++], rec), 0);
    return 0;
}

static struct people everyone(struct store *s)
{
    struct people p = {0};
    store_each(s, SENDX_KIND_CONTACT, add_person, &p);
    return p;
}

static void people_free(struct people *p)
{
    for (size_t i = 0; i < p->len; i++)
        codec_free(&model_contact_type, &p->items[i]);
    free(p->items);
}

static struct sendx_objects list(struct store *s, const char *search, long offset, long limit)
{
    struct store_query q = {offset, limit, search, -1};
    struct sendx_objects out;
    cr_assert_eq(store_list(s, SENDX_KIND_CONTACT, &q, &out, &err), STORE_OK, "%s",
                 api_error_message(&err));
    return out;
}

static const struct sendx_contact *at(const struct sendx_objects *o, size_t i)
{
    return &((const struct sendx_contact *)o->items)[i];
}

/* ---- the reference: towlower in a UTF-8 locale, and wcsstr ---- */

static locale_t utf8;

static void open_locale(void)
{
    utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!utf8)
        cr_skip_test("no C.UTF-8 locale for the reference fold");
}

static wchar_t *widen(const char *s)
{
    locale_t was = uselocale(utf8);
    size_t n = mbstowcs(NULL, s, 0);
    cr_assert_neq(n, (size_t)-1, "not UTF-8: %s", s);
    wchar_t *w = calloc(n + 1, sizeof *w);
    mbstowcs(w, s, n + 1);
    uselocale(was);
    return w;
}

static char *narrow(const wchar_t *w)
{
    locale_t was = uselocale(utf8);
    size_t n = wcstombs(NULL, w, 0);
    char *s = calloc(n + 1, 1);
    wcstombs(s, w, n + 1);
    uselocale(was);
    return s;
}

/* Final sigma folds to sigma, as the store's fold documents. */
static void ref_fold(wchar_t *w)
{
    for (; *w; w++) {
        *w = (wchar_t)towlower_l((wint_t)*w, utf8);
        if (*w == 0x3C2)
            *w = 0x3C3;
    }
}

static bool ref_contains(const char *text, const wchar_t *folded)
{
    if (!text)
        return false;
    wchar_t *w = widen(text);
    ref_fold(w);
    bool found = wcsstr(w, folded) != NULL;
    free(w);
    return found;
}

/* Indexes into p of the contacts the reference finds, in order. */
static size_t ref_search(const struct people *p, const char *query, size_t *hits)
{
    wchar_t *q = widen(query);
    ref_fold(q);
    size_t n = 0;
    for (size_t i = 0; i < p->len; i++) {
        const struct sendx_contact *c = &p->items[i];
        if (ref_contains(c->first_name, q) || ref_contains(c->last_name, q) ||
            ref_contains(c->email, q))
            hits[n++] = i;
    }
    free(q);
    return n;
}

/* The store's answer for query equals the reference's, whole and in
 * windows; returns how many matched. */
static size_t check_search(struct store *s, const struct people *p, const char *query,
                           unsigned *rng)
{
    size_t *hits = malloc((p->len + 1) * sizeof *hits);
    size_t n = ref_search(p, query, hits);
    struct sendx_objects all = list(s, query, 0, 0);
    cr_assert_eq(all.len, n, "\"%s\": store %zu, reference %zu", query, all.len, n);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(at(&all, i)->id, p->items[hits[i]].id, "\"%s\" #%zu", query, i);
    codec_objects_free(&model_contact_type, &all);
    for (int w = 0; w < 3 && n; w++) {
        long offset = (long)(rand_r(rng) % (n + 2));
        long limit = 1 + (long)(rand_r(rng) % 60);
        struct sendx_objects page = list(s, query, offset, limit);
        size_t want = (size_t)offset >= n ? 0 : n - (size_t)offset;
        cr_assert_eq(page.len, want < (size_t)limit ? want : (size_t)limit, "\"%s\" at %ld", query,
                     offset);
        for (size_t i = 0; i < page.len; i++)
            cr_assert_str_eq(at(&page, i)->id, p->items[hits[offset + (long)i]].id);
        codec_objects_free(&model_contact_type, &page);
    }
    free(hits);
    return n;
}

/* A piece of 2 to 8 characters of one of c's searched fields, some
 * characters upper-cased. */
static char *random_piece(const struct sendx_contact *c, unsigned *rng)
{
    const char *fields[] = {c->first_name, c->last_name, c->email};
    wchar_t *w = widen(fields[rand_r(rng) % 3]);
    size_t len = wcslen(w);
    size_t want = 2 + rand_r(rng) % 7;
    if (want > len)
        want = len;
    size_t from = len > want ? rand_r(rng) % (len - want + 1) : 0;
    w[from + want] = 0;
    for (size_t i = from; i < from + want; i++)
        if (rand_r(rng) % 2)
            w[i] = (wchar_t)towupper_l((wint_t)w[i], utf8);
    char *piece = narrow(w + from);
    free(w);
    return piece;
}

static const char *const fixed_queries[] = {
    "em",    "ÉMILE",  "émile",    "ΓΙΏΡΓΟΣ",      "γιώργοσ", "ΠΑΠΑΔΟΠΟΎΛΟΥ", "ОЛЬГА",
    "ольга", "NGUYỄN", "MÜ",       "mü",           "花子",    "佐藤",         "محمد",
    "☀",     "☀️", "@example", "@EXAMPLE.COM", "zzqx",    "12",           "3@",
    ".c",    "e",      "@",        "ŁUKASZ",       "YILMAZ",
};

Test(store_search, matches_a_brute_force_reference, .init = open_locale)
{
    struct store *s = seeded(11, 3000);
    struct people p = everyone(s);
    unsigned rng = 1;
    for (size_t i = 0; i < sizeof fixed_queries / sizeof fixed_queries[0]; i++)
        check_search(s, &p, fixed_queries[i], &rng);
    for (int i = 0; i < 300; i++) {
        char *q = random_piece(&p.items[rand_r(&rng) % p.len], &rng);
        cr_assert_gt(check_search(s, &p, q, &rng), 0, "\"%s\" came from a contact", q);
        free(q);
    }
    people_free(&p);
    store_free(s);
}

static size_t count(struct store *s, const char *query)
{
    struct sendx_objects o = list(s, query, 0, 0);
    size_t n = o.len;
    codec_objects_free(&model_contact_type, &o);
    return n;
}

Test(store_search, folds_case_beyond_ascii)
{
    struct store *s = seeded(3, 2000);
    struct sendx_objects o = list(s, "ÉMILE", 0, 0);
    cr_assert_gt(o.len, 0);
    for (size_t i = 0; i < o.len; i++)
        cr_expect_str_eq(at(&o, i)->first_name, "Émile");
    codec_objects_free(&model_contact_type, &o);
    cr_expect_eq(count(s, "ÉMILE"), count(s, "émile"));
    cr_expect_gt(count(s, "ΓΙΏΡΓΟΣ"), 0, "Greek capitals and final sigma");
    cr_expect_gt(count(s, "ОЛЬГА"), 0, "Cyrillic capitals");
    cr_expect_gt(count(s, "NGUYỄN"), 0, "Vietnamese (Latin Extended Additional)");
    cr_expect_gt(count(s, "@EXAMPLE.com"), 0);
    cr_expect_eq(count(s, "emile@"), 0, "digits always follow the name in seeded emails");
    cr_expect_eq(count(s, "zzqx"), 0);
    store_free(s);
}

Test(store_search, fold_is_what_the_header_says)
{
    const char *cases[][2] = {
        {"ÀÉÎÕÜÝÞ×", "àéîõüýþ×"},
        {"ŁĄŻŸİ", "łążÿi"},
        {"ΆΈΉΊΌΎΏΣς", "άέήίόύώσσ"},
        {"ЁЖЯЄ", "ёжяє"},
        {"ỄẞṠ", "ễßṡ"},
        {"花子 محمد 🚀", "花子 محمد 🚀"},
        {"\xff\xfe"
         "AB",
         "\xff\xfe"
         "ab"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *f = search_fold(cases[i][0]);
        cr_expect_str_eq(f, cases[i][1]);
        cr_expect_leq(strlen(f), strlen(cases[i][0]));
        cr_expect(search_contains(cases[i][0], f));
        free(f);
    }
    cr_expect_not(search_contains("émile", "emile"), "accents are not stripped");
    cr_expect_not(search_contains(NULL, "a"));
}

/* ---- keeping the index right ---- */

static void make(struct store *s, const char *first, const char *last, const char *email, char **id)
{
    struct sendx_contact in = {0}, out;
    codec_set_string(&model_contact_type, &in, SENDX_CONTACT_EMAIL, email);
    codec_set_string(&model_contact_type, &in, SENDX_CONTACT_FIRST_NAME, first);
    codec_set_string(&model_contact_type, &in, SENDX_CONTACT_LAST_NAME, last);
    cr_assert_eq(store_create(s, SENDX_KIND_CONTACT, &in, &out, &err), STORE_OK, "%s",
                 api_error_message(&err));
    *id = strdup(out.id);
    codec_free(&model_contact_type, &in);
    codec_free(&model_contact_type, &out);
}

static void rename_to(struct store *s, const char *id, const char *first)
{
    struct sendx_contact patch = {0};
    codec_set_string(&model_contact_type, &patch, SENDX_CONTACT_FIRST_NAME, first);
    cr_assert_eq(store_update(s, SENDX_KIND_CONTACT, id, &patch, NULL, &err), STORE_OK);
    codec_free(&model_contact_type, &patch);
}

Test(store_index, follows_create_rename_and_delete_in_creation_order)
{
    struct store *s = store_new(7);
    char *a, *b, *c;
    make(s, "Zoë", "Quill", "zoe@quill.io", &a);
    make(s, "Ada", "Lovelace", "ada@engines.org", &b);
    make(s, "Émile", "Zola", "emile@paris.fr", &c);
    cr_expect_eq(count(s, "QUILL"), 1);

    rename_to(s, c, "Quillon");
    rename_to(s, a, "Zoé");
    struct sendx_objects o = list(s, "quill", 0, 0);
    cr_assert_eq(o.len, 2);
    cr_expect_str_eq(at(&o, 0)->id, a, "creation order, not update order");
    cr_expect_str_eq(at(&o, 1)->id, c);
    codec_objects_free(&model_contact_type, &o);
    cr_expect_eq(count(s, "émile"), 0, "the old name no longer matches");
    cr_expect_eq(count(s, "zoë"), 0);
    cr_expect_eq(count(s, "ZOÉ"), 1);

    cr_assert_eq(store_delete(s, SENDX_KIND_CONTACT, b, &err), STORE_OK);
    cr_expect_eq(count(s, "lovelace"), 0);
    cr_expect_eq(count(s, "ada@"), 0);
    o = list(s, NULL, 1, 1);
    cr_assert_eq(o.len, 1);
    cr_expect_str_eq(at(&o, 0)->id, c, "paging closes the gap");
    codec_objects_free(&model_contact_type, &o);
    o = list(s, "qu", 1, 5);
    cr_assert_eq(o.len, 1);
    cr_expect_str_eq(at(&o, 0)->id, c);
    codec_objects_free(&model_contact_type, &o);
    free(a);
    free(b);
    free(c);
    store_free(s);
}

static const char *const new_names[] = {"Ægir", "Ζωή", "Светлана", "美咲", "Quentin", "Ñandú"};

/* One random create, rename or delete; the reference is reread after. */
static void mutate(struct store *s, const struct people *p, int i, unsigned *rng)
{
    const struct sendx_contact *victim = &p->items[rand_r(rng) % p->len];
    char email[64], *id;
    switch (rand_r(rng) % 3) {
    case 0:
        snprintf(email, sizeof email, "new%d@mutation.test", i);
        make(s, new_names[rand_r(rng) % 6], "Neu", email, &id);
        free(id);
        break;
    case 1:
        rename_to(s, victim->id, new_names[rand_r(rng) % 6]);
        break;
    default:
        cr_assert_eq(store_delete(s, SENDX_KIND_CONTACT, victim->id, &err), STORE_OK);
    }
}

Test(store_index, stays_consistent_through_random_changes, .init = open_locale)
{
    struct store *s = seeded(21, 1500);
    unsigned rng = 5;
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < 100; i++) {
            struct people p = everyone(s);
            mutate(s, &p, round * 100 + i, &rng);
            people_free(&p);
        }
        struct people p = everyone(s);
        struct sendx_objects all = list(s, NULL, 0, 0);
        cr_assert_eq(all.len, p.len);
        for (size_t i = 0; i < p.len; i += 97)
            cr_assert_str_eq(at(&all, i)->id, p.items[i].id);
        codec_objects_free(&model_contact_type, &all);
        const char *queries[] = {"neu", "ægir", "ΖΩΉ", "светлана", "美咲", "ñandú", "new1", "qu"};
        for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
            check_search(s, &p, queries[q], &rng);
        for (int q = 0; q < 40; q++) {
            char *piece = random_piece(&p.items[rand_r(&rng) % p.len], &rng);
            check_search(s, &p, piece, &rng);
            free(piece);
        }
        people_free(&p);
    }
    store_free(s);
}

/* ---- paging and lookups ---- */

Test(store_paging, any_offset_gives_the_same_slice)
{
    struct store *s = seeded(9, 2000);
    struct people p = everyone(s);
    cr_assert_eq(p.len, 2000);
    const long offsets[] = {0, 1, 49, 999, 1950, 1999, 2000, 2500};
    for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
        struct sendx_objects o = list(s, NULL, offsets[k], 50);
        size_t want = offsets[k] >= 2000 ? 0 : (size_t)(2000 - offsets[k]);
        cr_assert_eq(o.len, want < 50 ? want : 50, "offset %ld", offsets[k]);
        for (size_t i = 0; i < o.len; i++)
            cr_assert_str_eq(at(&o, i)->id, p.items[offsets[k] + (long)i].id);
        codec_objects_free(&model_contact_type, &o);
    }
    people_free(&p);
    store_free(s);
}

static char *upper_ascii(const char *s)
{
    char *u = strdup(s);
    for (char *c = u; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    return u;
}

Test(store_lookup, by_id_and_by_email_case_insensitively)
{
    struct store *s = seeded(4, 1000);
    struct people p = everyone(s);
    for (size_t i = 0; i < p.len; i += 111) {
        struct sendx_contact got;
        cr_assert_eq(store_get(s, SENDX_KIND_CONTACT, p.items[i].id, &got, &err), STORE_OK);
        cr_expect_str_eq(got.email, p.items[i].email);
        codec_free(&model_contact_type, &got);

        char *shout = upper_ascii(p.items[i].email);
        struct sendx_track track = {0};
        codec_set_string(&model_track_type, &track, SENDX_TRACK_EMAIL, shout);
        cr_expect_eq(store_contact_track(s, &track, &err), STORE_OK, "%s", shout);
        codec_free(&model_track_type, &track);

        struct sendx_identify who = {0};
        codec_set_string(&model_identify_type, &who, SENDX_IDENTIFY_EMAIL, shout);
        codec_set_string(&model_identify_type, &who, SENDX_IDENTIFY_FIRST_NAME, "Renamed");
        cr_assert_eq(store_contact_identify(s, &who, &err), STORE_OK);
        codec_free(&model_identify_type, &who);
        free(shout);
    }
    cr_expect_eq(store_count(s, SENDX_KIND_CONTACT), 1000, "identify found them by email");
    cr_expect_eq(count(s, "renamed"), 10, "and the search index saw the rename");
    struct sendx_contact none;
    cr_expect_eq(store_get(s, SENDX_KIND_CONTACT, "contact_AAAAAAAAAAAAAAAAAAAAAA", &none, &err),
                 STORE_NOT_FOUND);
    api_error_clear(&err);
    struct sendx_track track = {0};
    codec_set_string(&model_track_type, &track, SENDX_TRACK_EMAIL, "nobody@nowhere.test");
    cr_expect_eq(store_contact_track(s, &track, &err), STORE_NOT_FOUND);
    api_error_clear(&err);
    codec_free(&model_track_type, &track);
    people_free(&p);
    store_free(s);
}

Test(store_search, names_of_lists_templates_and_fields_fold_alike)
{
    struct store *s = seeded(2, 10);
    struct {
        enum sendx_kind kind;
        const char *query;
    } cases[] = {{SENDX_KIND_LIST, "ÉVÉNEMENTS"},
                 {SENDX_KIND_LIST, "подписчики"},
                 {SENDX_KIND_TEMPLATE, "SOLDES D'ÉTÉ"},
                 {SENDX_KIND_TEMPLATE, "セール"},
                 {SENDX_KIND_FIELD, "mobile PHONE"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct store_query q = {0, 0, cases[i].query, -1};
        struct sendx_objects o;
        cr_assert_eq(store_list(s, cases[i].kind, &q, &o, &err), STORE_OK);
        cr_expect_eq(o.len, 1, "%s", cases[i].query);
        codec_objects_free(model_resource(cases[i].kind)->type, &o);
    }
    store_free(s);
}

/* ---- seeded data ---- */

static char *saved(struct store *s, const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_eq(state_save(s, path, &err), 0, "%s", api_error_message(&err));
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = calloc((size_t)n + 1, 1);
    cr_assert_eq(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    remove(path);
    return text;
}

Test(store_seed, same_seed_same_bytes_other_seed_other_bytes)
{
    char dir[] = "/tmp/test_mock_store.XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    struct store *a = seeded(5, 2000), *b = seeded(5, 2000), *c = seeded(6, 2000);
    char *ja = saved(a, dir, "a.json"), *jb = saved(b, dir, "b.json"),
         *jc = saved(c, dir, "c.json");
    cr_expect_gt(strlen(ja), 100000, "the whole store, not an empty shell");
    cr_expect_str_eq(ja, jb);
    cr_expect_str_neq(ja, jc);
    free(ja);
    free(jb);
    free(jc);
    store_free(a);
    store_free(b);
    store_free(c);
    rmdir(dir);
}

/* Bit i set: some text holds a character of script i. */
enum script { LATIN_ACCENTED, GREEK, CYRILLIC, ARABIC, CJK, EMOJI, N_SCRIPTS };

static unsigned scripts_in(const char *text)
{
    unsigned found = 0;
    for (const unsigned char *p = (const unsigned char *)text; p && *p;) {
        uint32_t cp = *p;
        int n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        if (n > 1)
            cp &= 0x3Fu >> (n - 1);
        for (int i = 1; i < n && p[i]; i++)
            cp = cp << 6 | (p[i] & 0x3F);
        found |= (cp >= 0xC0 && cp <= 0x24F) << LATIN_ACCENTED;
        found |= (cp >= 0x370 && cp <= 0x3FF) << GREEK;
        found |= (cp >= 0x400 && cp <= 0x4FF) << CYRILLIC;
        found |= (cp >= 0x600 && cp <= 0x6FF) << ARABIC;
        found |= ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
                  (cp >= 0xAC00 && cp <= 0xD7AF))
                 << CJK;
        found |= (cp >= 0x2600 && (cp <= 0x27BF || cp >= 0x1F300)) << EMOJI;
        p += n;
    }
    return found;
}

struct variety {
    unsigned scripts;
    size_t unsubscribed, bounced, with_every_field;
    unsigned list_types, field_types, statuses;
    size_t with_report, html_templates, kinds[SENDX_KIND_COUNT];
};

static int note_contact(void *ctx, const void *rec)
{
    struct variety *v = ctx;
    const struct sendx_contact *c = rec;
    v->scripts |= scripts_in(c->first_name) | scripts_in(c->last_name) | scripts_in(c->company);
    v->unsubscribed += c->unsubscribed;
    v->bounced += c->bounced;
    v->with_every_field += c->custom_fields.len == 5;
    return 0;
}

static int note_list(void *ctx, const void *rec)
{
    ((struct variety *)ctx)->list_types |= 1u << ((const struct sendx_list *)rec)->type;
    return 0;
}

static int note_field(void *ctx, const void *rec)
{
    ((struct variety *)ctx)->field_types |= 1u << ((const struct sendx_field *)rec)->type;
    return 0;
}

static int note_campaign(void *ctx, const void *rec)
{
    ((struct variety *)ctx)->statuses |= 1u << ((const struct sendx_campaign *)rec)->status;
    return 0;
}

static int note_report(void *ctx, const void *rec)
{
    const struct sendx_report *r = rec;
    ((struct variety *)ctx)->with_report += r->link_stats.len > 0 && r->sent > 0;
    return 0;
}

static int note_template(void *ctx, const void *rec)
{
    const char *html = ((const struct sendx_template *)rec)->html_code;
    ((struct variety *)ctx)->html_templates += html && strstr(html, "<html>") != NULL;
    return 0;
}

Test(store_seed, has_the_variety_the_issue_asks_for)
{
    struct store *s = seeded(1, 2000);
    struct variety v = {0};
    store_each(s, SENDX_KIND_CONTACT, note_contact, &v);
    store_each(s, SENDX_KIND_LIST, note_list, &v);
    store_each(s, SENDX_KIND_FIELD, note_field, &v);
    store_each(s, SENDX_KIND_CAMPAIGN, note_campaign, &v);
    store_each(s, SENDX_KIND_TEMPLATE, note_template, &v);
    store_each_report(s, note_report, &v);
    for (int k = 0; k < SENDX_KIND_COUNT; k++)
        v.kinds[k] = store_count(s, (enum sendx_kind)k);
    cr_expect_eq(v.scripts, (1u << N_SCRIPTS) - 1, "scripts found: %#x", v.scripts);
    cr_expect_gt(v.unsubscribed, 0);
    cr_expect_gt(v.bounced, 0);
    cr_expect_lt(v.unsubscribed + v.bounced, 2000 / 4, "most contacts are reachable");
    cr_expect_eq(v.with_every_field, 2000, "every custom field filled");
    cr_expect_eq(v.field_types, 0x1Fu, "custom fields of types 0..4");
    cr_expect_eq(v.list_types, 0x3u, "lists of both types");
    cr_expect_eq(v.statuses, 0xFFu, "campaigns in every status 0..7");
    cr_expect_geq(v.with_report, 6, "reports with link stats");
    cr_expect_eq(v.html_templates, v.kinds[SENDX_KIND_TEMPLATE]);
    cr_expect_gt(v.html_templates, 0);
    cr_expect_gt(v.kinds[SENDX_KIND_SENDER], 0);
    cr_expect_gt(v.kinds[SENDX_KIND_WEBHOOK], 0);
    cr_expect_gt(v.kinds[SENDX_KIND_MEMBER], 0);
    cr_expect_gt(v.kinds[SENDX_KIND_TAG], 0);
    store_free(s);
}
