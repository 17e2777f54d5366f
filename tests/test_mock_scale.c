/* A million contacts behind the real HTTP path: a deep page, lookups and
 * searches must answer within a generous bound. The bound only catches an
 * accidental scan that grows with the data; the printed figures are the
 * real timings. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/sendx.h"
#include "mock/mock.h"

#define KEY      "mock-scale-key"
#define CONTACTS 1000000L
#define BOUND_MS 250.0
#define REPEATS  5

#define OK(call) cr_assert_eq((call), 0, "%s", api_error_message(&err))

static struct mock_server *mock;
static struct sendx_client *client;
static struct api_error err;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

static void start(void)
{
    cr_assert_eq(http_global_init(&err), 0);
    struct mock_options o = mock_options_default();
    o.api_key = KEY;
    o.seed = 1;
    o.contacts = CONTACTS;
    long before = rss_kb();
    double t0 = now_ms();
    mock = mock_server_start(&o, &err);
    cr_assert_not_null(mock, "%s", api_error_message(&err));
    printf("scale: seeding %ld contacts and starting took %.0f ms; VmRSS %ld kB -> %ld kB\n",
           CONTACTS, now_ms() - t0, before, rss_kb());
    struct http_options h = http_options_default();
    h.base_url = mock_server_url(mock);
    h.api_key = KEY;
    client = sendx_client_new(&h, &err);
    cr_assert_not_null(client, "%s", api_error_message(&err));
}

static void stop(void)
{
    sendx_client_free(client);
    double t0 = now_ms();
    cr_expect_eq(mock_server_stop(mock, &err), 0);
    printf("scale: stopping (freeing the store) took %.0f ms\n", now_ms() - t0);
    api_error_clear(&err);
    http_global_cleanup();
}

static size_t list_len(const struct sendx_query *q, char *first_id, size_t id_size)
{
    struct sendx_page page;
    OK(sendx_list(client, SENDX_KIND_CONTACT, q, &page, NULL, &err));
    size_t n = page.records.len;
    if (first_id && n)
        snprintf(first_id, id_size, "%s", ((struct sendx_contact *)sendx_page_at(&page, 0))->id);
    sendx_page_free(&page);
    return n;
}

/* Runs q REPEATS times, checks it answers `want` records each time, prints
 * and bounds the mean. */
static void timed_list(const char *what, const struct sendx_query *q, size_t want)
{
    double t0 = now_ms();
    for (int i = 0; i < REPEATS; i++)
        cr_assert_eq(list_len(q, NULL, 0), want, "%s", what);
    double mean = (now_ms() - t0) / REPEATS;
    printf("scale: %-40s %8.2f ms\n", what, mean);
    cr_expect_lt(mean, BOUND_MS, "%s took %.1f ms", what, mean);
}

static void timed_get(const char *id)
{
    double t0 = now_ms();
    for (int i = 0; i < REPEATS; i++) {
        struct sendx_contact c;
        OK(sendx_get(client, SENDX_KIND_CONTACT, id, &c, NULL, &err));
        cr_assert_str_eq(c.id, id);
        codec_free(&model_contact_type, &c);
    }
    double mean = (now_ms() - t0) / REPEATS;
    printf("scale: %-40s %8.2f ms\n", "GET /contact/{id}", mean);
    cr_expect_lt(mean, BOUND_MS);
}

/* identify finds the contact through the email index and updates it. */
static void timed_identify(const char *email)
{
    double t0 = now_ms();
    for (int i = 0; i < REPEATS; i++) {
        struct sendx_identify who = {0};
        codec_set_string(&model_identify_type, &who, SENDX_IDENTIFY_EMAIL, email);
        codec_set_string(&model_identify_type, &who, SENDX_IDENTIFY_FIRST_NAME, "Quixote");
        OK(sendx_contact_identify(client, &who, NULL, NULL, &err));
        codec_free(&model_identify_type, &who);
    }
    double mean = (now_ms() - t0) / REPEATS;
    printf("scale: %-40s %8.2f ms\n", "identify (update by email)", mean);
    cr_expect_lt(mean, BOUND_MS);
}

static struct sendx_contact contact_at(long offset)
{
    struct sendx_page page;
    OK(sendx_list(client, SENDX_KIND_CONTACT, &(struct sendx_query){.offset = offset, .limit = 1},
                  &page, NULL, &err));
    cr_assert_eq(page.records.len, 1);
    struct sendx_contact c = {0};
    cr_assert_eq(codec_copy(&model_contact_type, &c, sendx_page_at(&page, 0)), 0);
    sendx_page_free(&page);
    return c;
}

Test(scale, a_million_contacts_answer_fast, .init = start, .fini = stop, .timeout = 120)
{
    timed_list("page at offset 900000 (limit 50)",
               &(struct sendx_query){.offset = 900000, .limit = 50}, 50);

    struct sendx_contact deep = contact_at(900000);
    timed_get(deep.id);
    timed_list("search by a whole email", &(struct sendx_query){.search = deep.email}, 1);
    timed_list("search \"em\" (limit 50)", &(struct sendx_query){.search = "em", .limit = 50}, 50);
    timed_list("search \"@globex.io\" (limit 50)",
               &(struct sendx_query){.search = "@globex.io", .limit = 50}, 50);
    timed_list("search \"@EXAMPLE\" at offset 20000",
               &(struct sendx_query){.search = "@EXAMPLE", .offset = 20000, .limit = 50}, 50);
    timed_list("search \"zzqx\" (no match)", &(struct sendx_query){.search = "zzqx"}, 0);

    /* A rare name: only the contacts identify renames carry it. */
    timed_identify(deep.email);
    timed_list("search \"quixote\" (one match)", &(struct sendx_query){.search = "quixote"}, 1);

    /* Deleting closes the gap: the page and the search move with it. */
    struct sendx_contact before = contact_at(899999);
    double t0 = now_ms();
    OK(sendx_delete(client, SENDX_KIND_CONTACT, before.id, NULL, NULL, &err));
    printf("scale: %-40s %8.2f ms\n", "DELETE near the end (O(n) by design)", now_ms() - t0);
    char id[64] = "";
    cr_expect_eq(list_len(&(struct sendx_query){.offset = 899999, .limit = 1}, id, sizeof id), 1);
    cr_expect_str_eq(id, deep.id, "the next contact moved up");
    cr_expect_eq(list_len(&(struct sendx_query){.search = before.email}, NULL, 0), 0);
    cr_expect_eq(list_len(&(struct sendx_query){.search = "quixote"}, NULL, 0), 1);
    codec_free(&model_contact_type, &before);
    codec_free(&model_contact_type, &deep);
}
