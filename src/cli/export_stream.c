/* The export's walk: what the format shows in place of ids loaded first,
 * then the resource page by page through the fetchers (export_fetch.c),
 * each page formatted into a text written out a large piece at a time
 * and flushed at its end, while the next ones travel. */
#include <stdlib.h>
#include <string.h>

#include "api/sendx.h"
#include "cli/export_internal.h"

void cli_export_refs_free(struct export_refs *r)
{
    names_free(&r->names);
    for (size_t i = 0; i < r->n_fields; i++) {
        free(r->fields[i].id);
        free(r->fields[i].name);
    }
    free(r->fields);
    memset(r, 0, sizeof *r);
}

static const char *text_member(const void *record, const struct model_type *t, unsigned m)
{
    return *(char *const *)((const char *)record + t->members[m].offset);
}

/* ---- what the format shows in place of ids -------------------------------- */

struct names_load {
    struct names *names;
    unsigned name_member;
};

static int add_names(void *ctx, struct sendx_page *page, struct api_error *err)
{
    struct names_load *l = ctx;
    const struct model_resource *r = model_resource(page->kind);
    for (size_t i = 0; i < page->records.len; i++) {
        const void *rec = sendx_page_at(page, i);
        const char *name = text_member(rec, r->type, l->name_member);
        if (name && names_put(l->names, text_member(rec, r->type, r->id_member), name) != 0)
            return api_error_nomem(err);
    }
    return 0;
}

static int add_fields(void *ctx, struct sendx_page *page, struct api_error *err)
{
    struct export_refs *refs = ctx;
    if (page->records.len == 0)
        return 0;
    struct export_field *more =
        realloc(refs->fields, (refs->n_fields + page->records.len) * sizeof *more);
    if (!more)
        return api_error_nomem(err);
    refs->fields = more;
    for (size_t i = 0; i < page->records.len; i++) {
        const struct sendx_field *f = sendx_page_at(page, i);
        struct export_field *to = &refs->fields[refs->n_fields];
        to->id = strdup(f->id);
        to->name = strdup(f->name ? f->name : f->id);
        if (!to->id || !to->name) {
            free(to->id);
            free(to->name);
            return api_error_nomem(err);
        }
        refs->n_fields++;
    }
    return 0;
}

/* Whether a listed record of res carries a member of type t. */
static bool carries(const struct model_resource *res, enum codec_type t)
{
    for (unsigned m = 0; m < res->type->n_members; m++)
        if (res->type->members[m].type == t && cli_export_member_name(res, m))
            return true;
    return false;
}

static int load(struct export_job *job, enum sendx_kind kind, export_page_fn fn, void *ctx,
                struct api_error *err)
{
    const struct sendx_query all = {0};
    if (cli_export_fetch_walk(job->fetch, kind, &all, fn, ctx, err) == 0)
        return 0;
    if (err->kind != API_ERR_CANCELLED)
        api_error_prefix(err, "%s", model_resource(kind)->plural);
    return -1;
}

/* String lists hold list and tag ids (a contact's, a campaign's
 * audience); a map holds a contact's custom fields by field id. */
static int load_refs(struct export_job *job, const struct model_resource *res,
                     struct export_refs *refs, struct api_error *err)
{
    struct names_load lists = {&refs->names, SENDX_LIST_NAME};
    struct names_load tags = {&refs->names, SENDX_TAG_NAME};
    if (carries(res, CODEC_STRINGS) && (load(job, SENDX_KIND_LIST, add_names, &lists, err) != 0 ||
                                        load(job, SENDX_KIND_TAG, add_names, &tags, err) != 0))
        return -1;
    if (carries(res, CODEC_MAP) && load(job, SENDX_KIND_FIELD, add_fields, refs, err) != 0)
        return -1;
    return 0;
}

/* ---- the records ------------------------------------------------------------ */

struct stream {
    struct export_job *job;
    const struct export_format *format;
    struct export_writer writer;
};

/* Text is written out in pieces of about this much: one write for many
 * records, and little memory held for it. */
#define TEXT_PIECE (64 * 1024)

static int write_page(void *ctx, struct sendx_page *page, struct api_error *err)
{
    struct stream *st = ctx;
    struct export_job *job = st->job;
    struct export_text *text = st->writer.out;
    for (size_t i = 0; i < page->records.len; i++) {
        if (st->format->record(&st->writer, sendx_page_at(page, i), err) != 0)
            return -1;
        if (text->len >= TEXT_PIECE && cli_export_sink_put(job->sink, text, err) != 0)
            return -1;
    }
    if (page->n_bad && !job->skipped)
        api_error_move(&job->skip_why, &page->bad);
    job->skipped += page->n_bad;
    job->records += page->records.len;
    job->pages++;
    if (cli_export_sink_put(job->sink, text, err) != 0)
        return -1;
    if (job->progress)
        cli_export_progress_page(job->progress, page->records.len);
    return 0;
}

int cli_export_stream(struct export_job *job, const struct export_request *req,
                      struct api_error *err)
{
    const struct model_resource *res = model_resource(req->kind);
    const struct export_format *f = req->format;
    struct export_refs refs = {0};
    struct export_text text = {0};
    struct stream st = {
        .job = job, .format = f, .writer = {.out = &text, .res = res, .refs = &refs}};
    const struct sendx_query q = {.limit = req->page_size ? req->page_size : res->page_max,
                                  .search = req->search};
    int rc = f->wants_refs ? load_refs(job, res, &refs, err) : 0;
    if (rc == 0 && f->begin)
        rc = f->begin(&st.writer, err);
    if (rc == 0)
        rc = cli_export_fetch_walk(job->fetch, req->kind, &q, write_page, &st, err);
    if (rc == 0 && f->end)
        rc = f->end(&st.writer, err);
    if (rc == 0)
        rc = cli_export_sink_put(job->sink, &text, err);
    cli_export_text_free(&text);
    cli_export_refs_free(&refs);
    return rc;
}
