/* The app driven without a terminal or threads, for the app suites:
 * keys and synthetic fetch results go in, state and queued jobs come out. */
#include "app_fixture.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "api/codec.h"
#include "app/text.h"

struct app app;
struct fetch_job *jobs[MAX_JOBS];
size_t n_jobs;
long now;

void pull(void)
{
    struct fetch_job *j = app_take_jobs(&app);
    while (j) {
        struct fetch_job *next = (struct fetch_job *)j->node.next;
        cr_assert_lt(n_jobs, MAX_JOBS);
        jobs[n_jobs++] = j;
        j = next;
    }
}

struct fetch_job *take(enum fetch_purpose purpose, int pane)
{
    pull();
    for (size_t i = 0; i < n_jobs; i++) {
        if (jobs[i]->purpose == purpose && (pane < 0 || jobs[i]->pane == pane)) {
            struct fetch_job *j = jobs[i];
            memmove(jobs + i, jobs + i + 1, (n_jobs - i - 1) * sizeof *jobs);
            n_jobs--;
            return j;
        }
    }
    return NULL;
}

size_t count_jobs(enum fetch_purpose purpose, int pane)
{
    pull();
    size_t n = 0;
    for (size_t i = 0; i < n_jobs; i++)
        n += jobs[i]->purpose == purpose && (pane < 0 || jobs[i]->pane == pane);
    return n;
}

size_t count_live_jobs(enum fetch_purpose purpose, int pane)
{
    pull();
    size_t n = 0;
    for (size_t i = 0; i < n_jobs; i++)
        n += jobs[i]->purpose == purpose && (pane < 0 || jobs[i]->pane == pane) &&
             !http_cancel_fired(jobs[i]->cancel);
    return n;
}

void fill_record(enum sendx_kind kind, void *rec, long i, const char *tag)
{
    const struct model_type *t = model_resource(kind)->type;
    char id[64], text[64];
    snprintf(id, sizeof id, "%s%022ld", model_resource(kind)->id_prefix, i);
    codec_set_string(t, rec, model_resource(kind)->id_member, id);
    switch (kind) {
    case SENDX_KIND_CONTACT:
        snprintf(text, sizeof text, "user%06ld@example.com", i);
        codec_set_string(t, rec, SENDX_CONTACT_EMAIL, text);
        snprintf(text, sizeof text, "Co%ld", i % 3);
        codec_set_string(t, rec, SENDX_CONTACT_COMPANY, text);
        if (tag) {
            const char *tags[] = {tag};
            codec_set_strings(t, rec, SENDX_CONTACT_TAGS, tags, 1);
        }
        break;
    case SENDX_KIND_LIST:
        snprintf(text, sizeof text, "List %ld", i);
        codec_set_string(t, rec, SENDX_LIST_NAME, text);
        break;
    case SENDX_KIND_TAG:
        snprintf(text, sizeof text, "tag-%ld", i);
        codec_set_string(t, rec, SENDX_TAG_NAME, text);
        codec_set_string(t, rec, SENDX_TAG_CREATED, "2024-01-12T10:00:00Z");
        codec_set_string(t, rec, SENDX_TAG_UPDATED, "2024-02-12T10:00:00Z");
        break;
    case SENDX_KIND_CAMPAIGN:
        snprintf(text, sizeof text, "Campaign %ld", i);
        codec_set_string(t, rec, SENDX_CAMPAIGN_NAME, text);
        break;
    default:
        break;
    }
}

struct fetch_result *page_tagged(struct fetch_job *job, size_t n, long first, int tag_every,
                                 const char *tag)
{
    struct fetch_result *r = calloc(1, sizeof *r);
    const struct model_type *t = model_resource(job->kind)->type;
    r->type = FETCH_RESULT_DONE;
    r->job = job;
    r->job_id = job->id;
    r->gen = job->gen;
    r->page.kind = job->kind;
    r->page.offset = job->offset;
    r->page.limit = job->limit;
    r->page.received = n;
    r->page.records.len = n;
    r->page.records.items = calloc(n ? n : 1, t->size);
    for (size_t i = 0; i < n; i++)
        fill_record(job->kind, (char *)r->page.records.items + i * t->size, first + (long)i,
                    tag_every && (first + (long)i) % tag_every == 0 ? tag : NULL);
    return r;
}

struct fetch_result *page_for(struct fetch_job *job, size_t n, long first, int tag_every)
{
    return page_tagged(job, n, first, tag_every, "tag_0000000000000000000000");
}

unsigned answer(int pane, size_t n)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, pane);
    cr_assert_not_null(job, "a page job for pane %d", pane);
    return app_result(&app, page_for(job, n, job->offset, 0), now);
}

const char *status_now(void)
{
    const struct app_message *m = app_status_shown(&app);
    return m ? m->text : "";
}

enum app_level level_now(void)
{
    const struct app_message *m = app_status_shown(&app);
    cr_assert_not_null(m, "a message is shown");
    return m->level;
}

void type(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        uint32_t cp;
        size_t n = text_utf8_decode(u, &cp);
        app_key(&app, (int)cp, now);
        u += n ? n : 1;
    }
}

void fixture_setup(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    n_jobs = 0;
    now = 1000;
    struct app_config cfg = {.where = "test"};
    cr_assert_eq(app_init(&app, &cfg, now), 0);
    fixture_layout();
}

void fixture_layout(void)
{
    app_set_visible(&app, &(struct app_layout){.table_rows = 20,
                                               .detail_rows = 20,
                                               .detail_width = 80,
                                               .prompt_width = 60,
                                               .help_rows = 20,
                                               .form_width = 40,
                                               .picker_rows = 10});
}

void fixture_teardown(void)
{
    pull();
    for (size_t i = 0; i < n_jobs; i++)
        fetch_job_free(jobs[i]);
    n_jobs = 0;
    app_free(&app);
}

void fixture_pane_take(struct app_pane *p, bool search, struct sendx_page *page)
{
    struct app_rows *rows = search ? &p->search : &p->plain;
    struct rows_taken taken;
    char why[128];
    cr_assert_eq(rows_take_page(rows, page, NULL, NULL, "contacts", why, sizeof why, &taken), 0);
    sendx_page_free(page);
    p->searching |= search;
    cr_assert_eq(pane_view_add(p, search, taken.first), 0);
}
