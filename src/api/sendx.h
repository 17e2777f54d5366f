/* The SendX REST client: one function per operation, over http.h.
 *
 * Resources are addressed by enum sendx_kind and records are the structs
 * of model.h, so the code that lists contacts also lists tags: callers
 * (the fetch worker, the mock's tests, later the forms) pick the kind.
 * Operations the API does not offer for a kind (updating a campaign,
 * deleting a sender) fail with API_ERR_INVALID before any request.
 *
 * A client wraps one http_client and, like it, belongs to one thread at a
 * time. Every call takes an optional cancellation token (http.h). Out
 * records are overwritten (pass zeroed or freed ones) and owned by the
 * caller: codec_free(model_resource(kind)->type, record). On failure they
 * hold nothing to free. `err` must not be NULL: it is how a call says what
 * went wrong, and the caller clears it (api_error_clear) after reading. */
#ifndef SENDX_SENDX_H
#define SENDX_SENDX_H

#include <stdbool.h>
#include <stddef.h>

#include "api/api_error.h"
#include "api/http.h"
#include "api/model.h"

struct sendx_client;

/* opts as for http_client_new (base_url, api_key required). */
struct sendx_client *sendx_client_new(const struct http_options *opts, struct api_error *err);
void sendx_client_free(struct sendx_client *c);

enum sendx_campaign_filter {
    SENDX_CAMPAIGNS_ALL,
    SENDX_CAMPAIGNS_DRAFT,
    SENDX_CAMPAIGNS_SCHEDULED,
    SENDX_CAMPAIGNS_SENT,
};

/* The API's spelling of a filter ("all", "draft", ...). */
const char *sendx_campaign_filter_name(enum sendx_campaign_filter f);

struct sendx_query {
    long offset;        /* >= 0 */
    long limit;         /* 0: the endpoint's default; clamped to its documented maximum */
    const char *search; /* NULL or "": none; at least 2 characters; searchable kinds only */
    enum sendx_campaign_filter campaign_filter; /* campaigns only */
};

/* One page of a list endpoint. */
struct sendx_page {
    enum sendx_kind kind;
    struct sendx_objects records; /* of model_resource(kind)->type */
    size_t received;              /* records in the response, undecodable ones included */
    size_t n_bad;                 /* records skipped because they did not decode */
    struct api_error bad;         /* why the first of them was skipped */
    long offset;                  /* as sent */
    long limit;                   /* as sent, after clamping; 0 for unpaged endpoints */
    /* Where the records and all they hold live when the page was decoded
     * into one (sendx_list does): records.items is in it too, and nothing
     * is freed record by record. NULL: the records are the heap's. */
    struct pack *pack;
};

/* Frees the records (or their pack) and the error; leaves the page zeroed. */
void sendx_page_free(struct sendx_page *page);

/* The record at index i (borrowed from the page). */
void *sendx_page_at(const struct sendx_page *page, size_t i);

/* Whether another page may follow: a full page on a paged endpoint. */
bool sendx_page_more(const struct sendx_page *page);

/* GET /<kind>?offset&limit&search|campaignType. */
int sendx_list(struct sendx_client *c, enum sendx_kind kind, const struct sendx_query *q,
               struct sendx_page *out, struct http_cancel *cancel, struct api_error *err);

/* GET /<kind>/{id}. */
int sendx_get(struct sendx_client *c, enum sendx_kind kind, const char *id, void *out,
              struct http_cancel *cancel, struct api_error *err);

/* POST /<kind> with the fields set in record; out gets the created record. */
int sendx_create(struct sendx_client *c, enum sendx_kind kind, const void *record, void *out,
                 struct http_cancel *cancel, struct api_error *err);

/* PUT /<kind>/{id} with only the fields set in record. */
int sendx_update(struct sendx_client *c, enum sendx_kind kind, const char *id, const void *record,
                 void *out, struct http_cancel *cancel, struct api_error *err);

/* DELETE /<kind>/{id}; out (may be NULL) gets the server's message. */
int sendx_delete(struct sendx_client *c, enum sendx_kind kind, const char *id,
                 struct sendx_message *out, struct http_cancel *cancel, struct api_error *err);

/* POST /contact/unsubscribe/{id}. */
int sendx_contact_unsubscribe(struct sendx_client *c, const char *id, struct sendx_message *out,
                              struct http_cancel *cancel, struct api_error *err);

/* POST /contact/identify. */
int sendx_contact_identify(struct sendx_client *c, const struct sendx_identify *req,
                           struct sendx_message *out, struct http_cancel *cancel,
                           struct api_error *err);

/* POST /contact/track. */
int sendx_contact_track(struct sendx_client *c, const struct sendx_track *req,
                        struct sendx_message *out, struct http_cancel *cancel,
                        struct api_error *err);

/* POST /send/email: msg under XEmailMessage (from, to, subject and
 * htmlBody required, every recipient and address with its email), and
 * POST /send/template: msg under TemplateEmailMessage (from, to, subject
 * and template required; the body comes from the template, so html_body,
 * text_body and headers are not sent). Either is refused with
 * API_ERR_INVALID before any request if something required is missing or
 * to holds no recipient.
 *
 * A send is a write: it is never retried once it may have reached the
 * server (a 429 aside), so a lost answer means "unknown", not "not sent".
 * out (may be NULL) is overwritten with one struct sendx_send_result per
 * recipient the server reports on, owned by the caller:
 * codec_objects_free(&model_send_result_type, out); items of the answer
 * that are not objects are skipped. A success may still carry a
 * recipient's failure: error_code other than 0, with its message. */
int sendx_send_email(struct sendx_client *c, const struct sendx_email *msg,
                     struct sendx_objects *out, struct http_cancel *cancel, struct api_error *err);
int sendx_send_template(struct sendx_client *c, const struct sendx_email *msg,
                        struct sendx_objects *out, struct http_cancel *cancel,
                        struct api_error *err);

/* GET /report/campaign/{id}. */
int sendx_campaign_report(struct sendx_client *c, const char *campaign_id, struct sendx_report *out,
                          struct http_cancel *cancel, struct api_error *err);

#endif
