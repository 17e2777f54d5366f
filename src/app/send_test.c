/* :send-test ADDRESS: a template or a campaign sent to one address
 * through the API's send endpoints, from a sender the account has. */
#include <stdlib.h>
#include <string.h>

#include "app/app_parts.h"
#include "app/columns.h"
#include "app/validate.h"

/* The sender to send from: the campaign's own, else the first the
 * account has (as the name loads or the Senders pane found them).
 * Borrowed, or NULL. */
static const struct sendx_sender *sender_for(struct app *a, const char *wanted)
{
    const struct sendx_sender *known = a->senders.items;
    for (size_t i = 0; i < a->senders.len; i++)
        if (known[i].email && (!wanted || (known[i].id && strcmp(known[i].id, wanted) == 0)))
            return &known[i];
    const struct app_rows *rows = &a->panes[SENDX_KIND_SENDER].plain;
    for (size_t i = 0; i < rows->len; i++) {
        const struct sendx_sender *s = rows->items[i];
        if (s->email && (!wanted || (s->id && strcmp(s->id, wanted) == 0)))
            return s;
    }
    return NULL;
}

/* The message: from the sender, to address, the record's subject and
 * body (a template by its id). NULL if out of memory. */
static struct sendx_email *message(enum sendx_kind kind, const void *record,
                                   const struct sendx_sender *from, const char *address)
{
    const struct model_type *t = &model_email_type;
    struct sendx_email *m = calloc(1, sizeof *m);
    struct sendx_address sender = {0};
    struct sendx_recipient to = {0};
    int rc = !m;
    rc |= codec_set_string(&model_address_type, &sender, SENDX_ADDRESS_EMAIL, from->email);
    if (from->name)
        rc |= codec_set_string(&model_address_type, &sender, SENDX_ADDRESS_NAME, from->name);
    rc |= codec_set_string(&model_recipient_type, &to, SENDX_RECIPIENT_EMAIL, address);
    if (m) {
        rc |= codec_set_objects(t, m, SENDX_EMAIL_FROM, &sender, 1);
        rc |= codec_set_objects(t, m, SENDX_EMAIL_TO, &to, 1);
        if (kind == SENDX_KIND_TEMPLATE) {
            const struct sendx_template *tp = record;
            rc |= codec_set_string(t, m, SENDX_EMAIL_SUBJECT, tp->subject ? tp->subject : tp->name);
            rc |= codec_set_string(t, m, SENDX_EMAIL_TEMPLATE, tp->id);
        } else {
            const struct sendx_campaign *c = record;
            rc |= codec_set_string(t, m, SENDX_EMAIL_SUBJECT, c->subject ? c->subject : c->name);
            rc |= codec_set_string(t, m, SENDX_EMAIL_HTML_BODY,
                                   c->html_content ? c->html_content : "");
            if (c->text_content)
                rc |= codec_set_string(t, m, SENDX_EMAIL_TEXT_BODY, c->text_content);
        }
    }
    codec_free(&model_address_type, &sender);
    codec_free(&model_recipient_type, &to);
    if (rc && m) {
        codec_free(t, m);
        free(m);
        m = NULL;
    }
    return m;
}

unsigned app_send_test(struct app *a, enum sendx_kind kind, const void *record, long now)
{
    char *address = a->command_arg;
    a->command_arg = NULL;
    unsigned f = APP_REDRAW;
    (void)now;
    const char *bad =
        address && *address ? validate_email(address) : "give an address: :send-test ADDRESS";
    const struct sendx_sender *from = NULL;
    if (kind != SENDX_KIND_TEMPLATE && kind != SENDX_KIND_CAMPAIGN)
        app_status(a, APP_MSG_INFO, "a test is sent from a template or a campaign");
    else if (!record)
        app_status(a, APP_MSG_INFO, "no %s selected", model_resource(kind)->name);
    else if (bad)
        app_status(a, APP_MSG_WARN, "not sent: %s", bad);
    else if (!app_refuse_write(a, "send-test") &&
             !(from = sender_for(a, kind == SENDX_KIND_CAMPAIGN
                                        ? ((const struct sendx_campaign *)record)->sender
                                        : NULL)))
        app_status(a, APP_MSG_WARN, "not sent: the account's senders are not loaded yet");
    if (from) {
        struct sendx_email *m = message(kind, record, from, address);
        struct fetch_job *job = m ? fetch_job_new_send_test(kind, columns_record_id(kind, record),
                                                            m, kind == SENDX_KIND_TEMPLATE)
                                  : NULL;
        if (app_submit(a, job, FETCH_FOR_SAVE, a->current, ++a->next_gen)) {
            app_status(a, APP_MSG_INFO, "sending a test to %s…", address);
            f |= APP_JOBS;
        }
    }
    free(address);
    return f;
}
