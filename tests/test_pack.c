/* A page's records in one pack (api/pack.c): text that repeats stored
 * once, records decoded into it the same as on the heap, and rows that
 * take packed pages whole or copy the records they keep. Nothing here
 * frees a record by itself: ASan and valgrind builds of this suite catch
 * a record freed twice or one left behind. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "api/codec.h"
#include "api/model.h"
#include "api/pack.h"
#include "api/sendx.h"
#include "app/rows.h"

Test(pack, allocations_are_zeroed_aligned_and_apart)
{
    struct pack *p = pack_new(0);
    cr_assert_not_null(p);
    char *a = pack_alloc(p, 3);
    int64_t *b = pack_alloc(p, sizeof *b);
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    cr_assert_eq((uintptr_t)b % _Alignof(int64_t), 0);
    cr_assert_eq(a[0] | a[1] | a[2], 0);
    cr_assert_eq(*b, 0);
    cr_assert((char *)b >= a + 3, "the second allocation overlaps the first");
    /* More than a block: a block of its own, the earlier ones kept. */
    char *big = pack_alloc(p, 1 << 20);
    cr_assert_not_null(big);
    memset(big, 'x', 1 << 20);
    cr_assert_eq(*b, 0);
    cr_assert_geq(pack_size(p), (size_t)1 << 20);
    pack_free(p);
}

Test(pack, the_same_short_text_is_stored_once_while_indexed)
{
    struct pack *p = pack_new(0);
    char id[] = "list_ZxV55npzqLxk9x1HNEzfPW";
    char *first = pack_text(p, id, strlen(id));
    id[0] = 'L'; /* the pack holds a copy, not the caller's bytes */
    char *again = pack_text(p, "list_ZxV55npzqLxk9x1HNEzfPW", strlen(id));
    cr_assert_str_eq(first, "list_ZxV55npzqLxk9x1HNEzfPW");
    cr_assert_eq(first, again);
    char *other = pack_text(p, id, strlen(id));
    cr_assert_neq(other, first);
    cr_assert_str_eq(other, "List_ZxV55npzqLxk9x1HNEzfPW");
    /* A prefix is other text. */
    char *prefix = pack_text(p, "list_", 5);
    cr_assert_str_eq(prefix, "list_");
    cr_assert_neq(prefix, first);
    pack_free(p);
}

Test(pack, long_text_and_text_after_sealing_are_copies)
{
    struct pack *p = pack_new(0);
    char long_text[PACK_SHARE_MAX + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    char *one = pack_text(p, long_text, strlen(long_text));
    char *two = pack_text(p, long_text, strlen(long_text));
    cr_assert_str_eq(one, long_text);
    cr_assert_neq(one, two);
    char *before = pack_text(p, "tag_wcoqqcWz589zZfGf4Gz4QZ", 26);
    pack_seal(p);
    char *after = pack_text(p, "tag_wcoqqcWz589zZfGf4Gz4QZ", 26);
    cr_assert_str_eq(after, before);
    cr_assert_neq(after, before);
    pack_free(p);
}

/* A page's worth of texts: the few that repeat through it (its list ids)
 * are held once however many others come between, and every text reads
 * back as it was. */
Test(pack, a_text_that_repeats_among_thousands_is_held_once)
{
    struct pack *p = pack_new(0);
    enum { N = 5000 };
    static char *unique[N];
    const char *lists[] = {"list_ZxV55npzqLxk9x1HNEzfPW", "list_bumWrkgf6YL7TUY84PmF6o"};
    char *first[2] = {pack_text(p, lists[0], 27), pack_text(p, lists[1], 27)};
    char text[32];
    for (int i = 0; i < N; i++) {
        int n = snprintf(text, sizeof text, "contact_%022d", i);
        unique[i] = pack_text(p, text, (size_t)n);
        cr_assert_eq(pack_text(p, lists[i % 2], 27), first[i % 2], "after %d others", i);
    }
    for (int i = 0; i < N; i++) {
        snprintf(text, sizeof text, "contact_%022d", i);
        cr_assert_str_eq(unique[i], text);
    }
    pack_free(p);
}

/* ---- a page decoded into a pack ------------------------------------------ */

#define TWO_CONTACTS                                                                               \
    "[{\"id\":\"contact_aaaaaaaaaaaaaaaaaaaaaa\",\"email\":\"a@x.io\",\"company\":\"Acme\","       \
    "\"lists\":[\"list_ZxV55npzqLxk9x1HNEzfPW\"],\"customFields\":{\"field_1\":\"7\"},"            \
    "\"LTV\":\"lots\"},"                                                                           \
    "{\"id\":\"contact_bbbbbbbbbbbbbbbbbbbbbb\",\"email\":\"b@x.io\",\"company\":\"Acme\","        \
    "\"lists\":[\"list_ZxV55npzqLxk9x1HNEzfPW\",\"list_bumWrkgf6YL7TUY84PmF6o\"],"                 \
    "\"customFields\":{\"field_1\":8}},"                                                           \
    "{\"email\":\"no-id@x.io\"}]"

static void decode_page(struct sendx_page *page, struct pack *pack)
{
    const struct model_resource *r = model_resource(SENDX_KIND_CONTACT);
    cJSON *json = cJSON_Parse(TWO_CONTACTS);
    cr_assert_not_null(json);
    memset(page, 0, sizeof *page);
    page->kind = SENDX_KIND_CONTACT;
    page->pack = pack;
    page->received = 3;
    page->limit = 3;
    struct api_error err = {0};
    int rc =
        pack ? codec_decode_array_in(r->read, json, &page->records, &page->n_bad, &page->bad, pack,
                                     &err)
             : codec_decode_array(r->read, json, &page->records, &page->n_bad, &page->bad, &err);
    cr_assert_eq(rc, 0, "%s", api_error_message(&err));
    cJSON_Delete(json);
}

Test(pack, a_page_decodes_into_a_pack_as_onto_the_heap)
{
    struct sendx_page heap, packed;
    decode_page(&heap, NULL);
    decode_page(&packed, pack_new(0));
    cr_assert_eq(packed.records.len, 2);
    cr_assert_eq(packed.n_bad, heap.n_bad);
    cr_assert_eq(packed.n_bad, 1);
    const struct model_resource *r = model_resource(SENDX_KIND_CONTACT);
    for (size_t i = 0; i < packed.records.len; i++) {
        char *a = codec_encode_string(r->read, sendx_page_at(&heap, i));
        char *b = codec_encode_string(r->read, sendx_page_at(&packed, i));
        cr_assert_str_eq(b, a);
        free(a);
        free(b);
    }
    const struct sendx_contact *c0 = sendx_page_at(&packed, 0), *c1 = sendx_page_at(&packed, 1);
    /* What a record could not read is kept in the pack too. */
    cr_assert_str_eq(codec_unreadable_raw(c0, SENDX_CONTACT_LTV), "\"lots\"");
    cr_assert_str_eq(codec_unreadable_raw(c0, SENDX_CONTACT_LTV),
                     codec_unreadable_raw(sendx_page_at(&heap, 0), SENDX_CONTACT_LTV));
    /* The text the two contacts share is held once. */
    cr_assert_eq(c0->lists.items[0], c1->lists.items[0]);
    cr_assert_eq(c0->company, c1->company);
    cr_assert_eq(c0->custom_fields.items[0].key, c1->custom_fields.items[0].key);
    cr_assert_str_eq(c1->custom_fields.items[0].value, "8");
    sendx_page_free(&heap);
    sendx_page_free(&packed);
    cr_assert_null(packed.pack);
    cr_assert_eq(packed.records.len, 0);
}

/* ---- rows of packed pages -------------------------------------------------- */

static bool only_b(const void *record, const void *ctx)
{
    (void)ctx;
    return strcmp(((const struct sendx_contact *)record)->email, "b@x.io") == 0;
}

static void take(struct app_rows *rows, struct sendx_page *page, rows_keep_fn *keep)
{
    struct rows_taken taken;
    char why[128];
    cr_assert_eq(rows_take_page(rows, page, keep, NULL, "contacts", why, sizeof why, &taken), 0);
    sendx_page_free(page);
}

Test(pack, rows_take_a_packed_page_whole_and_outlive_it)
{
    struct app_rows rows;
    rows_init(&rows);
    struct sendx_page page;
    decode_page(&page, pack_new(0));
    void *first = sendx_page_at(&page, 0);
    take(&rows, &page, NULL);
    cr_assert_eq(rows.len, 2);
    cr_assert_eq(rows.items[0], first, "the page's record itself, not a copy");
    cr_assert_eq(rows.n_packs, 1);
    cr_assert_str_eq(((const struct sendx_contact *)rows.items[1])->email, "b@x.io");
    rows_clear(&rows);
    cr_assert_eq(rows.n_packs, 0);
}

Test(pack, rows_copy_what_keep_picks_and_what_is_saved)
{
    struct app_rows rows;
    rows_init(&rows);
    struct sendx_page page;
    decode_page(&page, pack_new(0));
    take(&rows, &page, only_b);
    cr_assert_eq(rows.len, 1);
    cr_assert_eq(rows.n_packs, 0, "the page's pack went with the page");
    cr_assert_str_eq(((const struct sendx_contact *)rows.items[0])->email, "b@x.io");
    /* A heap page (a test's, a write's answer) is copied in too. */
    rows_reload(&rows);
    struct sendx_page heap;
    decode_page(&heap, NULL);
    take(&rows, &heap, NULL);
    cr_assert_eq(rows.len, 2);
    cr_assert_str_eq(((const struct sendx_contact *)rows.items[0])->email, "a@x.io");
    struct sendx_contact saved = {0};
    cr_assert_eq(codec_copy(&model_contact_type, &saved, rows.items[0]), 0);
    cr_assert_eq(codec_set_string(&model_contact_type, &saved, SENDX_CONTACT_EMAIL, "new@x.io"), 0);
    cr_assert_eq(rows_put(&rows, SENDX_KIND_CONTACT, &saved, false), 0);
    codec_free(&model_contact_type, &saved);
    cr_assert_str_eq(((const struct sendx_contact *)rows.items[0])->email, "new@x.io");
    cr_assert(rows_remove(&rows, SENDX_KIND_CONTACT, "contact_bbbbbbbbbbbbbbbbbbbbbb"));
    cr_assert_eq(rows.len, 1);
    rows_clear(&rows);
}

/* The first page of a reload replaces the older records, packs and all. */
Test(pack, a_reload_replaces_the_older_packs)
{
    struct app_rows rows;
    rows_init(&rows);
    struct sendx_page page;
    decode_page(&page, pack_new(0));
    take(&rows, &page, NULL);
    rows_reload(&rows);
    cr_assert_eq(rows.len, 2, "the older records stay until the new ones come");
    decode_page(&page, pack_new(0));
    void *first = sendx_page_at(&page, 0);
    take(&rows, &page, NULL);
    cr_assert_eq(rows.len, 2);
    cr_assert_eq(rows.items[0], first);
    cr_assert_eq(rows.n_packs, 1);
    rows_clear(&rows);
}
