/* Paging that cannot run away: the API's id pattern, the set of ids
 * seen, the walk's verdict on each page, and the pager against a server
 * that ignores offset. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/codec.h"
#include "api/http.h"
#include "api/ids.h"
#include "api/sendx.h"
#include "api/walk.h"
#include "test_server.h"

Test(ids, the_pattern_is_an_optional_prefix_and_22_letters_or_digits)
{
    static const struct {
        const char *id;
        bool ok;
    } cases[] = {
        {"contact_BnKjkbBBS500CoBCP0oChQ", true},
        {"custom_field_BnKjkbBBS500CoBCP0oChQ", true},
        {"BnKjkbBBS500CoBCP0oChQ", true},
        {"contact_BnKjkbBBS500CoBCP0oCh", false},   /* 21 */
        {"contact_BnKjkbBBS500CoBCP0oChQx", false}, /* 23 */
        {"contact_BnKjkbBBS500CoBCP0oCh\n", false},
        {"contact_BnKjkbBBS500CoBCP0\x1b[2J", false},
        {"Contact_BnKjkbBBS500CoBCP0oChQ", false},
        {"contact-BnKjkbBBS500CoBCP0oChQ", false},
        {"x BnKjkbBBS500CoBCP0oChQ", false},
        {"_BnKjkbBBS500CoBCP0oChQ", true},
        {"", false},
        {NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(ids_match_pattern(cases[i].id), cases[i].ok, "case %zu", i);
}

Test(ids, a_path_id_spells_its_prefix_and_a_reference_may_not)
{
    cr_expect(ids_match_prefixed("contact_BnKjkbBBS500CoBCP0oChQ"));
    cr_expect_not(ids_match_prefixed("BnKjkbBBS500CoBCP0oChQ"), "the path pattern wants a prefix");
    cr_expect_not(ids_match_prefixed("contact_BnKjkbBBS500CoBCP0oCh"));
    cr_expect(ids_match_ref("list_BnKjkbBBS500CoBCP0oChQ", "list_", false));
    cr_expect(ids_match_ref("BnKjkbBBS500CoBCP0oChQ", "list_", false), "the prefix is optional");
    cr_expect_not(ids_match_ref("BnKjkbBBS500CoBCP0oChQ", "segment_", true), "unless required");
    cr_expect_not(ids_match_ref("tag_BnKjkbBBS500CoBCP0oChQ", "list_", false), "another kind's");
    cr_expect_not(ids_match_ref("list_BnKjkbBBS500CoBCP0oCh!", "list_", false));
    cr_expect_not(ids_match_ref(NULL, "list_", false));
}

Test(ids, a_set_knows_what_it_has_seen_across_growth)
{
    struct id_set s = {0};
    char id[64];
    for (int i = 0; i < 100000; i++) {
        snprintf(id, sizeof id, "contact_%022d", i);
        cr_assert_eq(id_set_add(&s, id), 1, "%s is new", id);
    }
    cr_expect_eq(s.len, 100000);
    for (int i = 0; i < 100000; i += 997) {
        snprintf(id, sizeof id, "contact_%022d", i);
        cr_expect(id_set_contains(&s, id));
        cr_expect_eq(id_set_add(&s, id), 0, "%s again is not new", id);
    }
    snprintf(id, sizeof id, "contact_%022d", 100000);
    cr_expect_not(id_set_contains(&s, id));
    cr_expect_eq(id_set_add(&s, NULL), 1, "no id: never a repeat");
    cr_expect_eq(id_set_add(&s, ""), 1);
    cr_expect_eq(s.len, 100000, "and not kept");
    id_set_clear(&s);
    cr_expect_not(id_set_contains(&s, "contact_0000000000000000000001"));
}

/* A page of tags numbered first.. (ids "tag_<22 digits>") as if asked
 * at offset with limit. */
static struct sendx_page tag_page(long offset, long limit, long first, size_t n)
{
    struct sendx_page page = {.kind = SENDX_KIND_TAG, .offset = offset, .limit = limit};
    page.records.items = calloc(n ? n : 1, sizeof(struct sendx_tag));
    for (size_t i = 0; i < n; i++) {
        char id[64];
        snprintf(id, sizeof id, "tag_%022ld", first + (long)i);
        codec_set_string(&model_tag_type, (struct sendx_tag *)page.records.items + i, SENDX_TAG_ID,
                         id);
    }
    page.records.len = page.received = n;
    return page;
}

static const char *tag_id(const struct sendx_page *page, size_t i)
{
    return ((const struct sendx_tag *)page->records.items)[i].id;
}

Test(walk, a_full_page_of_repeats_ends_the_walk_and_says_why)
{
    struct sendx_walk w;
    struct api_error err = {0};
    sendx_walk_init(&w, 0);
    struct sendx_page page = tag_page(0, 10, 0, 10);
    cr_assert_eq(sendx_walk_page(&w, &page, &err), SENDX_WALK_MORE);
    cr_expect_eq(page.records.len, 10);
    sendx_page_free(&page);
    page = tag_page(10, 10, 0, 10); /* the server ignored offset */
    cr_assert_eq(sendx_walk_page(&w, &page, &err), SENDX_WALK_REPEATED);
    cr_expect_eq(page.records.len, 0, "the repeats are dropped");
    char buf[200];
    const char *why = sendx_walk_reason(&w, "tags", buf, sizeof buf);
    cr_assert_not_null(why);
    cr_expect(strstr(why, "no new tags"), "%s", why);
    sendx_page_free(&page);
    sendx_walk_free(&w);
}

Test(walk, an_overlapping_page_keeps_only_the_new_records_in_order)
{
    struct sendx_walk w;
    struct api_error err = {0};
    sendx_walk_init(&w, 0);
    struct sendx_page page = tag_page(0, 10, 0, 10);
    sendx_walk_page(&w, &page, &err);
    sendx_page_free(&page);
    /* A record inserted at the top shifts the next page back by one. */
    page = tag_page(10, 10, 9, 10);
    cr_assert_eq(sendx_walk_page(&w, &page, &err), SENDX_WALK_MORE);
    cr_assert_eq(page.records.len, 9);
    char want[64];
    for (size_t i = 0; i < 9; i++) {
        snprintf(want, sizeof want, "tag_%022zu", 10 + i);
        cr_expect_str_eq(tag_id(&page, i), want);
    }
    cr_expect_null(sendx_walk_reason(&w, "tags", want, sizeof want));
    sendx_page_free(&page);
    sendx_walk_free(&w);
}

Test(walk, a_short_page_ends_the_walk_without_complaint)
{
    struct sendx_walk w;
    struct api_error err = {0};
    sendx_walk_init(&w, 0);
    struct sendx_page page = tag_page(0, 10, 0, 4);
    cr_assert_eq(sendx_walk_page(&w, &page, &err), SENDX_WALK_END);
    char buf[100];
    cr_expect_null(sendx_walk_reason(&w, "tags", buf, sizeof buf));
    sendx_page_free(&page);
    sendx_walk_free(&w);
}

Test(walk, the_cap_cuts_the_page_and_ends_the_walk)
{
    struct sendx_walk w;
    struct api_error err = {0};
    sendx_walk_init(&w, 25);
    long offset = 0;
    int state = SENDX_WALK_MORE;
    size_t kept = 0;
    for (int pages = 0; state == SENDX_WALK_MORE && pages < 10; pages++) {
        struct sendx_page page = tag_page(offset, 10, offset, 10);
        state = sendx_walk_page(&w, &page, &err);
        kept += page.records.len;
        offset += 10;
        sendx_page_free(&page);
    }
    cr_expect_eq(state, SENDX_WALK_CAPPED);
    cr_expect_eq(kept, 25);
    char buf[200];
    const char *why = sendx_walk_reason(&w, "tags", buf, sizeof buf);
    cr_assert_not_null(why);
    cr_expect(strstr(why, "25 tags"), "%s", why);
    sendx_walk_free(&w);
}

/* ---- the pager against a server that ignores offset ---- */

static void same_page_always(void *ctx, const struct ts_request *req, struct ts_reply *reply)
{
    (void)ctx;
    (void)req;
    static char body[4096];
    size_t o = 0;
    o += (size_t)snprintf(body + o, sizeof body - o, "[");
    for (int i = 0; i < 10; i++)
        o += (size_t)snprintf(body + o, sizeof body - o,
                              "%s{\"id\":\"tag_%022d\",\"name\":\"t%d\"}", i ? "," : "", i, i);
    snprintf(body + o, sizeof body - o, "]");
    reply->body = body;
}

Test(walk, the_pager_stops_after_one_repeated_page)
{
    struct test_server *server = test_server_start(same_page_always, NULL);
    cr_assert_not_null(server);
    struct api_error err = {0};
    cr_assert_eq(http_global_init(&err), 0);
    struct http_options o = http_options_default();
    o.base_url = test_server_url(server);
    o.api_key = "k";
    struct sendx_client *client = sendx_client_new(&o, &err);
    cr_assert_not_null(client, "%s", api_error_message(&err));

    struct sendx_pager p;
    struct sendx_query q = {.limit = 10};
    cr_assert_eq(sendx_pager_init(&p, SENDX_KIND_TAG, &q, 0, &err), 0);
    struct sendx_page page;
    size_t rows = 0;
    int rc, pages = 0;
    while (pages < 100 && (rc = sendx_pager_next(&p, client, &page, NULL, &err)) == 1) {
        rows += page.records.len;
        pages++;
        sendx_page_free(&page);
    }
    cr_expect_eq(rc, 0, "the pager ends by itself");
    cr_expect_eq(rows, 10, "each tag once");
    cr_expect_eq(test_server_count(server), 2, "one page, and one to find it repeated");
    char buf[200];
    cr_expect_not_null(sendx_walk_reason(&p.walk, "tags", buf, sizeof buf));
    sendx_pager_free(&p);
    sendx_client_free(client);
    http_global_cleanup();
    test_server_stop(server);
}
