/* The table filter (app/query.h): words, quotes, folding, negation and
 * prefixes; and the merge of the loaded rows with the server's answer
 * (app/pane.h), compared with a plain scan on random data. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/codec.h"
#include "api/model.h"
#include "app/columns.h"
#include "app/names.h"
#include "app/pane.h"
#include "app/query.h"
#include "app/text.h"

#include "app_fixture.h"

static void setup(void)
{
    cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
}

TestSuite(query, .init = setup);

static const struct model_type *ct = &model_contact_type;

/* A contact numbered i (its id) with these fields; any may be NULL. */
static void contact_fill(struct sendx_contact *c, long i, const char *first, const char *last,
                         const char *email, const char *company)
{
    char id[64];
    snprintf(id, sizeof id, "contact_%022ld", i);
    codec_set_string(ct, c, SENDX_CONTACT_ID, id);
    const char *values[] = {first, last, email, company};
    const unsigned members[] = {SENDX_CONTACT_FIRST_NAME, SENDX_CONTACT_LAST_NAME,
                                SENDX_CONTACT_EMAIL, SENDX_CONTACT_COMPANY};
    for (size_t k = 0; k < 4; k++)
        if (values[k])
            codec_set_string(ct, c, members[k], values[k]);
}

static struct sendx_contact *contact(const char *first, const char *last, const char *email,
                                     const char *company)
{
    struct sendx_contact *c = calloc(1, sizeof *c);
    cr_assert_not_null(c);
    contact_fill(c, 1, first, last, email, company);
    return c;
}

static void contact_free(struct sendx_contact *c)
{
    codec_free(ct, c);
    free(c);
}

/* Whether filter matches c (names may be NULL). */
static bool matches(const char *filter, const void *c, const struct names *names)
{
    struct query *q = query_parse(filter, SENDX_KIND_CONTACT);
    cr_assert_not_null(q);
    bool yes = query_matches(q, c, names);
    cr_assert_not(q->out_of_memory);
    query_free(q);
    return yes;
}

static void expect_fold(const char *in, const char *want)
{
    char *got = query_fold(in);
    cr_assert_not_null(got);
    cr_expect_str_eq(got, want, "fold(%s)", in);
    free(got);
}

/* ---- words ---- */

Test(query, words_are_split_on_spaces)
{
    struct query *q = query_parse("  Emma\t Smith  ", SENDX_KIND_CONTACT);
    cr_assert_not_null(q);
    cr_assert_eq(q->n, 2);
    cr_expect_str_eq(q->words[0].text, "Emma");
    cr_expect_str_eq(q->words[0].folded, "emma");
    cr_expect_str_eq(q->words[1].text, "Smith");
    query_free(q);

    q = query_parse(NULL, SENDX_KIND_CONTACT);
    cr_assert_eq(q->n, 0);
    query_free(q);
    q = query_parse("   ", SENDX_KIND_CONTACT);
    cr_assert_eq(q->n, 0);
    query_free(q);
}

Test(query, quotes_keep_spaces_in_a_word)
{
    struct query *q =
        query_parse("\"acme corp\" -\"big co\" company:\"x y\" \"a:b\"", SENDX_KIND_CONTACT);
    cr_assert_not_null(q);
    cr_assert_eq(q->n, 4);
    cr_expect_str_eq(q->words[0].text, "acme corp");
    cr_expect_str_eq(q->words[1].text, "big co");
    cr_expect(q->words[1].negated);
    cr_expect_str_eq(q->words[2].text, "x y");
    cr_expect_eq(q->words[2].field, QUERY_COLUMN);
    cr_expect_str_eq(q->words[3].text, "a:b", "a quoted colon is no prefix");
    cr_expect_eq(q->words[3].field, QUERY_ANY);
    query_free(q);

    struct sendx_contact *c = contact("Emma", "Smith", "e@x.io", "Acme Corp");
    cr_expect(matches("\"acme corp\"", c, NULL));
    cr_expect_not(matches("\"corp acme\"", c, NULL));
    cr_expect(matches("\"emma smith\"", c, NULL), "the NAME column holds both");
    contact_free(c);
}

/* ---- folding ---- */

Test(query, latin_accents_fold_to_what_people_type)
{
    expect_fold("Müller", "muller");
    expect_fold("José", "jose");
    expect_fold("Straße", "strasse");
    expect_fold("Ærøskøbing", "aeroskobing");
    expect_fold("Łódź", "lodz");
    expect_fold("Œuvre", "oeuvre");
    expect_fold("ÞÓRSDÓTTIR", "thorsdottir");
    expect_fold("Çağrı Şahin", "cagri sahin");
    expect_fold("Mu\xcc\x88ller", "muller"); /* u and a combining diaeresis */
    expect_fold("5×3÷1", "5×3÷1");
}

Test(query, other_scripts_fold_their_case)
{
    expect_fold("ΟΔΥΣΣΕΑΣ", "οδυσσεασ");
    expect_fold("Οδυσσέας", "οδυσσέασ");
    expect_fold("ПРИВЕТ Мир", "привет мир");
    expect_fold("山田", "山田");
    expect_fold("\xff"
                "A",
                "\xff"
                "a");
}

Test(query, accent_free_typing_finds_accented_names)
{
    struct sendx_contact *c = contact("José", "Müller", "jm@example.de", "Groß AG");
    cr_expect(matches("muller", c, NULL));
    cr_expect(matches("jose", c, NULL));
    cr_expect(matches("MÜLLER", c, NULL));
    cr_expect(matches("gross", c, NULL));
    cr_expect(matches("José Müller", c, NULL));
    cr_expect_not(matches("mueller", c, NULL), "ü is u, not ue");
    contact_free(c);
}

/* ---- matching ---- */

Test(query, every_word_must_match_some_column)
{
    struct sendx_contact *c = contact("Emma", "Smith", "emma.smith@acme.com", "Acme Corp");
    cr_expect(matches("Emma Smith", c, NULL));
    cr_expect(matches("emma sm", c, NULL));
    cr_expect(matches("smith@", c, NULL));
    cr_expect(matches("acme corp", c, NULL));
    cr_expect(matches("corp emma", c, NULL), "in any order");
    cr_expect(matches("contact_0000", c, NULL), "the id too");
    cr_expect_not(matches("emma jones", c, NULL));
    cr_expect(matches("", c, NULL));
    contact_free(c);
}

Test(query, a_minus_word_must_match_no_column)
{
    struct sendx_contact *c = contact("Emma", "Smith", "emma@acme.com", "Acme Corp");
    cr_expect(matches("-globex", c, NULL));
    cr_expect_not(matches("-acme", c, NULL));
    cr_expect_not(matches("emma -smith", c, NULL));
    cr_expect(matches("-", c, NULL) == matches("\"-\"", c, NULL), "a lone minus is a word");
    contact_free(c);
}

Test(query, a_column_prefix_looks_in_that_column_only)
{
    struct sendx_contact *c = contact("Gmail", "Fan", "fan@acme.com", "Acme");
    cr_expect(matches("company:acme", c, NULL));
    cr_expect(matches("COMPANY:ACME", c, NULL));
    cr_expect_not(matches("company:fan", c, NULL));
    cr_expect(matches("email:acme.com", c, NULL));
    cr_expect_not(matches("email:gmail", c, NULL), "gmail is in the name, not the email");
    cr_expect(matches("name:gmail", c, NULL));
    cr_expect_not(matches("-company:acme", c, NULL));
    cr_expect(matches("-email:gmail", c, NULL));
    contact_free(c);
}

Test(query, a_prefix_that_names_nothing_is_part_of_the_word)
{
    struct sendx_contact *c = contact("Meet", "at 10:30", "m@x.io", NULL);
    cr_expect(matches("10:30", c, NULL));
    cr_expect_not(matches("nosuch:meet", c, NULL));
    cr_expect_not(matches("company:", c, NULL), "no value: the word company: itself");
    struct query *q = query_parse("10:30 tag:", SENDX_KIND_CONTACT);
    cr_expect_eq(q->words[0].field, QUERY_ANY);
    cr_expect_str_eq(q->words[0].text, "10:30");
    cr_expect_eq(q->words[1].field, QUERY_ANY);
    query_free(q);
    contact_free(c);
}

Test(query, tags_and_lists_are_looked_up_by_name)
{
    struct names names = {0};
    cr_assert_eq(names_put(&names, "tag_0000000000000000000001", "Lead"), 0);
    cr_assert_eq(names_put(&names, "list_000000000000000000001", "Newsletter"), 0);
    struct sendx_contact *c = contact("Ana", "Chen", "ana@x.io", NULL);
    const char *tags[] = {"tag_0000000000000000000001", "tag_0000000000000000000009"};
    const char *lists[] = {"list_000000000000000000001"};
    codec_set_strings(ct, c, SENDX_CONTACT_TAGS, tags, 2);
    codec_set_strings(ct, c, SENDX_CONTACT_LISTS, lists, 1);
    cr_expect(matches("tag:lead", c, &names));
    cr_expect(matches("tags:LEA", c, &names));
    cr_expect(matches("tag:0009", c, &names), "a tag with no name yet goes by its id");
    cr_expect_not(matches("tag:news", c, &names));
    cr_expect(matches("list:newsletter", c, &names));
    cr_expect_not(matches("-list:newsletter", c, &names));
    cr_expect_not(matches("list:lead", c, &names));
    cr_expect_not(matches("tag:lead", c, NULL), "without names only ids");
    contact_free(c);
    names_free(&names);
}

Test(query, flags_are_matched_by_name)
{
    struct sendx_contact *c = contact("Bo", "Bounce", "bo@x.io", NULL);
    c->bounced = true;
    c->spam = true;
    cr_expect(matches("flags:bounced", c, NULL));
    cr_expect(matches("flag:bounce", c, NULL));
    cr_expect(matches("flags:spam", c, NULL));
    cr_expect_not(matches("flags:unsubscribed", c, NULL));
    cr_expect(matches("-flags:blocked", c, NULL));
    cr_expect_not(matches("flags:nosuchflag", c, NULL));
    contact_free(c);
}

Test(query, prefixes_of_other_kinds_are_their_columns)
{
    struct query *q = query_parse("tag:x name:y", SENDX_KIND_LIST);
    cr_assert_not_null(q);
    cr_expect_eq(q->words[0].field, QUERY_ANY, "lists have no tags");
    cr_expect_eq(q->words[1].field, QUERY_COLUMN);
    query_free(q);
}

/* ---- one filter beside another ---- */

static bool narrows(const char *wider, const char *narrower)
{
    struct query *w = query_parse(wider, SENDX_KIND_CONTACT);
    struct query *n = query_parse(narrower, SENDX_KIND_CONTACT);
    cr_assert(w && n);
    bool yes = query_narrows(w, n);
    query_free(w);
    query_free(n);
    return yes;
}

Test(query, a_filter_typed_on_narrows_and_one_cut_back_widens)
{
    cr_expect(narrows("", "acme"));
    cr_expect(narrows("acm", "acme"));
    cr_expect(narrows("ACM", "acmé"), "folded");
    cr_expect(narrows("cme", "acme"), "anywhere in the word");
    cr_expect(narrows("acme", "acme co"), "a word more");
    cr_expect(narrows("acme c", "acme co"));
    cr_expect(narrows("acme co", "corp acme"), "in any order");
    cr_expect(narrows("\"acme", "\"acme c"), "an open quote keeps the space in");
    cr_expect_not(narrows("acme", "acm"));
    cr_expect_not(narrows("acme co", "acme"));
    cr_expect_not(narrows("acme", "corp"));
}

Test(query, a_minus_word_narrows_as_it_gets_shorter)
{
    cr_expect(narrows("-acme", "-acm"), "fewer rows hold acm");
    cr_expect_not(narrows("-acm", "-acme"));
    cr_expect_not(narrows("-", "-a"), "a lone minus is a word");
    cr_expect_not(narrows("acme", "-acme"));
    cr_expect_not(narrows("-acme", "acme"));
}

Test(query, a_prefixed_word_narrows_only_its_own_place)
{
    cr_expect(narrows("company:ac", "company:acme"));
    cr_expect(narrows("tag:le", "tags:lead"), "tag: is the TAGS column");
    cr_expect_not(narrows("company:ac", "email:acme"));
    cr_expect_not(narrows("acme", "company:acme"), "told apart, as one place differs");
    cr_expect_not(narrows("company:", "company:a"), "no value: the word company: itself");
    cr_expect_not(narrows("tag:le", "list:lead"));
    cr_expect(narrows("flags:b", "flags:bounce"));
    cr_expect_not(narrows("flags:o", "flags:bounce"), "flags match by the start of their names");
    cr_expect(narrows("-flags:bounce", "-flags:b"));
    cr_expect_not(narrows("-flags:bounce", "-flags:o"));
}

/* ---- the server's word ---- */

static void expect_server_word(const char *filter, const char *want)
{
    struct query *q = query_parse(filter, SENDX_KIND_CONTACT);
    cr_assert_not_null(q);
    const char *got = query_server_word(q, 2);
    if (want)
        cr_expect(got && strcmp(got, want) == 0, "%s: %s, not %s", filter, want,
                  got ? got : "none");
    else
        cr_expect_null(got, "%s: none, not %s", filter, got);
    query_free(q);
}

Test(query, the_server_is_asked_for_the_longest_plain_word)
{
    expect_server_word("Emma Smith", "Smith");
    expect_server_word("emma sm", "emma");
    expect_server_word("ab cd", "ab");
    expect_server_word("smith@", "smith@");
    expect_server_word("-everyone company:acmecorp tag:leadership ana", "ana");
    expect_server_word("\"emma smith\" x", NULL);
    expect_server_word("é", NULL);
    expect_server_word("éé", "éé");
    expect_server_word("-smith", NULL);
    expect_server_word("", NULL);
}

/* ---- the merge, against a plain scan ---- */

static const char *firsts[] = {"Emma", "Émile", "José", "Jürgen", "Ana", "Zoë", "Chen"};
static const char *lasts[] = {"Smith", "Müller", "García", "Chen", "Øster", "Acme"};
static const char *companies[] = {"Acme Corp", "Globex", "Acme Ltd", "Initech", NULL};
static const char *domains[] = {"acme.com", "gmail.com", "mail.de"};
static const char *words[] = {"emma",  "smith",   "acme",         "corp", "muller",
                              "gmail", "-globex", "company:acme", "em",   "ch",
                              "jose",  "-chen",   "email:mail",   "zoe",  "garcia",
                              "-acme", "ltd",     "name:chen",    "s",    "\"acme corp\""};

static unsigned long rng = 12345;

static size_t pick(size_t n)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return (size_t)(rng >> 33) % n;
}

#define N_CONTACTS 240

/* The random account: N_CONTACTS contacts, in the server's order. */
static struct sendx_contact account[N_CONTACTS];

static void account_make(void)
{
    for (long i = 0; i < N_CONTACTS; i++) {
        const char *first = firsts[pick(sizeof firsts / sizeof *firsts)];
        const char *last = lasts[pick(sizeof lasts / sizeof *lasts)];
        char email[96];
        snprintf(email, sizeof email, "%c%ld.%s@%s", "abcdefgh"[pick(8)], i,
                 pick(2) ? "smith" : "x", domains[pick(sizeof domains / sizeof *domains)]);
        contact_fill(&account[i], i, first, last, email,
                     companies[pick(sizeof companies / sizeof *companies)]);
    }
}

static void account_free(void)
{
    for (size_t i = 0; i < N_CONTACTS; i++)
        codec_free(ct, &account[i]);
    memset(account, 0, sizeof account);
}

/* What the server's search finds for word: as the real API, one field at
 * a time, case aside (accents not). */
static bool server_finds(const struct sendx_contact *c, const char *word)
{
    return text_contains(c->first_name, word) || text_contains(c->last_name, word) ||
           text_contains(c->email, word);
}

/* Copies of the chosen account records as a page at offset. */
static void page_of(struct sendx_page *page, const size_t *which, size_t n, long offset)
{
    *page = (struct sendx_page){.kind = SENDX_KIND_CONTACT, .offset = offset, .received = n};
    page->records.items = calloc(n ? n : 1, ct->size);
    cr_assert_not_null(page->records.items);
    page->records.len = n;
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(codec_copy(ct, (char *)page->records.items + i * ct->size, &account[which[i]]),
                     0);
}

/* Moves a page of the chosen records into rows, then into p's view. */
static void arrive(struct app_pane *p, bool search, const size_t *which, size_t n)
{
    struct app_rows *rows = search ? &p->search : &p->plain;
    struct sendx_page page;
    page_of(&page, which, n, rows->next_offset);
    page.limit = (long)n; /* a full page: the walk goes on */
    fixture_pane_take(p, search, &page);
}

/* The account index of a record the pane holds. */
static size_t index_of(const void *rec)
{
    const char *id = ((const struct sendx_contact *)rec)->id;
    return (size_t)strtol(id + strlen("contact_"), NULL, 10);
}

/* Returns how many rows the round's filter showed. */
static size_t one_round(int round)
{
    char filter[128] = "";
    size_t n_words = 1 + pick(3);
    for (size_t w = 0; w < n_words; w++) {
        strcat(filter, words[pick(sizeof words / sizeof *words)]);
        strcat(filter, " ");
    }
    struct query *q = query_parse(filter, SENDX_KIND_CONTACT);
    cr_assert_not_null(q);
    const char *word = query_server_word(q, 2);

    struct app_pane p = {.kind = SENDX_KIND_CONTACT, .sort_col = (int)pick(3) - 1};
    rows_init(&p.plain);
    rows_init(&p.search);
    p.filter = filter;
    size_t loaded = pick(N_CONTACTS + 1);
    size_t found[N_CONTACTS], n_found = 0;
    for (size_t i = 0; word && i < N_CONTACTS; i++)
        if (server_finds(&account[i], word))
            found[n_found++] = i;
    /* Pages of both arrive in a random interleaving. */
    size_t plain_at = 0, search_at = 0;
    while (plain_at < loaded || search_at < n_found) {
        bool search = search_at < n_found && (plain_at == loaded || pick(2));
        size_t size = 1 + pick(40);
        size_t *at = search ? &search_at : &plain_at;
        size_t end = search ? n_found : loaded;
        size_t n = *at + size > end ? end - *at : size;
        size_t which[40];
        for (size_t i = 0; i < n; i++)
            which[i] = search ? found[*at + i] : *at + i;
        arrive(&p, search, which, n);
        *at += n;
    }

    /* Expected: what was loaded or found that the filter passes. */
    bool want[N_CONTACTS] = {false}, seen[N_CONTACTS] = {false};
    size_t n_want = 0, n_local = 0;
    for (size_t i = 0; i < N_CONTACTS; i++) {
        bool held = i < loaded;
        for (size_t k = 0; !held && k < n_found; k++)
            held = found[k] == i;
        want[i] = held && query_matches(q, &account[i], NULL);
        n_want += want[i];
        n_local += i < loaded && want[i];
    }
    cr_assert_eq(p.n_view, n_want, "round %d, \"%s\": %zu shown, %zu expected", round, filter,
                 p.n_view, n_want);
    cr_assert(p.n_view >= n_local, "never fewer than the loaded rows that match");
    cr_assert_eq(p.n_view - pane_view_from_search(&p), n_local);
    for (size_t v = 0; v < p.n_view; v++) {
        size_t i = index_of(pane_record(&p, v));
        cr_assert(want[i], "round %d, \"%s\": contact %zu shown", round, filter, i);
        cr_assert_not(seen[i], "round %d: contact %zu shown twice", round, i);
        seen[i] = true;
        if (v > 0 && p.sort_col >= 0) {
            int c = columns_for(p.kind)->cols[p.sort_col].compare(pane_record(&p, v - 1),
                                                                  pane_record(&p, v));
            cr_assert(c <= 0, "round %d: sorted", round);
        }
    }
    /* With everything loaded the server adds nothing: a plain scan is the answer. */
    if (loaded == N_CONTACTS)
        cr_assert_eq(pane_view_from_search(&p), 0);

    size_t before = p.n_view;
    cr_assert_eq(pane_view_rebuild(&p, 20), 0);
    cr_assert_eq(p.n_view, before, "round %d: built at once or page by page, the same", round);
    rows_clear(&p.plain);
    rows_clear(&p.search);
    free(p.view);
    query_free(q);
    return before;
}

Test(query, merged_local_and_server_rows_equal_a_plain_scan_of_what_is_held)
{
    account_make();
    size_t shown = 0, empty = 0;
    for (int round = 0; round < 300; round++) {
        size_t n = one_round(round);
        shown += n;
        empty += n == 0;
    }
    account_free();
    /* The random filters must test both: rows found, and none. */
    cr_assert_gt(shown, 0, "some rounds find rows");
    cr_assert_gt(empty, 0, "some rounds find nothing");
}
