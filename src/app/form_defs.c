/* Which members each resource's form shows, in order, and how each is
 * edited. Only members of the write schemas (RestE*) appear: the form
 * builds what the API takes, and test_form holds every row to
 * validate_spec_of. A member the schema takes but a person rarely types
 * (a contact's lastTrackedIp, a campaign's timezones) is left to the API. */
#include "app/form.h"

#define ROWS(rows) .fields = (rows), .n = sizeof(rows) / sizeof((rows)[0])

/* A contact's custom field rows follow these, one per field given at
 * open (form_open). */
static const struct form_field_def contact_rows[] = {
    {.member = SENDX_CONTACT_EMAIL, .widget = FORM_TEXT},
    {.member = SENDX_CONTACT_FIRST_NAME, .widget = FORM_TEXT},
    {.member = SENDX_CONTACT_LAST_NAME, .widget = FORM_TEXT},
    {.member = SENDX_CONTACT_COMPANY, .widget = FORM_TEXT},
    {.member = SENDX_CONTACT_LISTS, .widget = FORM_REFS, .ref_kind = SENDX_KIND_LIST},
    {.member = SENDX_CONTACT_TAGS, .widget = FORM_TAGS, .ref_kind = SENDX_KIND_TAG},
};

/* RestEList has no type: a list's opt-in is set in SendX itself. */
static const struct form_field_def list_rows[] = {
    {.member = SENDX_LIST_NAME, .widget = FORM_TEXT},
};

static const struct form_field_def tag_rows[] = {
    {.member = SENDX_TAG_NAME, .widget = FORM_TEXT},
};

static const struct form_field_def sender_rows[] = {
    {.member = SENDX_SENDER_NAME, .widget = FORM_TEXT},
    {.member = SENDX_SENDER_EMAIL, .widget = FORM_TEXT},
};

static const struct form_field_def field_rows[] = {
    {.member = SENDX_FIELD_NAME, .widget = FORM_TEXT},
    {.member = SENDX_FIELD_TYPE, .widget = FORM_CHOICE},
    {.member = SENDX_FIELD_DESCRIPTION, .widget = FORM_TEXT},
};

/* The spec gives enabled a default of true and every event false. */
static const struct form_field_def webhook_rows[] = {
    {.member = SENDX_WEBHOOK_URL, .widget = FORM_TEXT},
    {.member = SENDX_WEBHOOK_ENABLED, .widget = FORM_BOOL, .flags = FORM_START_ON},
    {.member = SENDX_WEBHOOK_UNSUBSCRIBED, .widget = FORM_BOOL},
    {.member = SENDX_WEBHOOK_DROPPED, .widget = FORM_BOOL},
    {.member = SENDX_WEBHOOK_BOUNCED, .widget = FORM_BOOL},
    {.member = SENDX_WEBHOOK_MARKED_SPAM, .widget = FORM_BOOL},
    {.member = SENDX_WEBHOOK_CLICKED, .widget = FORM_BOOL},
    {.member = SENDX_WEBHOOK_OPENED, .widget = FORM_BOOL},
    {.member = SENDX_WEBHOOK_CONTACT_CREATED, .widget = FORM_BOOL},
};

/* A plain-text body has lines, so it goes to $EDITOR like the HTML. */
static const struct form_field_def template_rows[] = {
    {.member = SENDX_TEMPLATE_NAME, .widget = FORM_TEXT},
    {.member = SENDX_TEMPLATE_SUBJECT, .widget = FORM_TEXT},
    {.member = SENDX_TEMPLATE_PREHEADER, .widget = FORM_TEXT},
    {.member = SENDX_TEMPLATE_HTML_CODE, .widget = FORM_LONG_TEXT},
    {.member = SENDX_TEMPLATE_TEXT_CONTENT, .widget = FORM_LONG_TEXT},
};

/* Campaign audiences are existing lists and tags: no new tag names. */
static const struct form_field_def campaign_rows[] = {
    {.member = SENDX_CAMPAIGN_NAME, .widget = FORM_TEXT},
    {.member = SENDX_CAMPAIGN_SUBJECT, .widget = FORM_TEXT},
    {.member = SENDX_CAMPAIGN_PREHEADER, .widget = FORM_TEXT},
    {.member = SENDX_CAMPAIGN_SENDER, .widget = FORM_REF, .ref_kind = SENDX_KIND_SENDER},
    {.member = SENDX_CAMPAIGN_HTML_CONTENT, .widget = FORM_LONG_TEXT},
    {.member = SENDX_CAMPAIGN_INCLUDED_LISTS, .widget = FORM_REFS, .ref_kind = SENDX_KIND_LIST},
    {.member = SENDX_CAMPAIGN_INCLUDED_TAGS, .widget = FORM_REFS, .ref_kind = SENDX_KIND_TAG},
    {.member = SENDX_CAMPAIGN_EXCLUDED_LISTS, .widget = FORM_REFS, .ref_kind = SENDX_KIND_LIST},
    {.member = SENDX_CAMPAIGN_EXCLUDED_TAGS, .widget = FORM_REFS, .ref_kind = SENDX_KIND_TAG},
    {.member = SENDX_CAMPAIGN_SCHEDULE_TYPE, .widget = FORM_CHOICE},
    {.member = SENDX_CAMPAIGN_SCHEDULE_CONDITION, .widget = FORM_TEXT, .label = "Send at"},
};

/* Senders and campaigns have no update endpoint: create only. Team
 * members cannot be written at all. */
static const struct form_def defs[SENDX_KIND_COUNT] = {
    [SENDX_KIND_CONTACT] = {.kind = SENDX_KIND_CONTACT,
                            .noun = "contact",
                            ROWS(contact_rows),
                            .can_edit = true},
    [SENDX_KIND_LIST] = {.kind = SENDX_KIND_LIST,
                         .noun = "list",
                         ROWS(list_rows),
                         .can_edit = true},
    [SENDX_KIND_TAG] = {.kind = SENDX_KIND_TAG, .noun = "tag", ROWS(tag_rows), .can_edit = true},
    [SENDX_KIND_CAMPAIGN] = {.kind = SENDX_KIND_CAMPAIGN,
                             .noun = "campaign",
                             ROWS(campaign_rows),
                             .can_edit = false},
    [SENDX_KIND_TEMPLATE] = {.kind = SENDX_KIND_TEMPLATE,
                             .noun = "template",
                             ROWS(template_rows),
                             .can_edit = true},
    [SENDX_KIND_SENDER] = {.kind = SENDX_KIND_SENDER,
                           .noun = "sender",
                           ROWS(sender_rows),
                           .can_edit = false},
    [SENDX_KIND_FIELD] = {.kind = SENDX_KIND_FIELD,
                          .noun = "custom field",
                          ROWS(field_rows),
                          .can_edit = true},
    [SENDX_KIND_WEBHOOK] = {.kind = SENDX_KIND_WEBHOOK,
                            .noun = "webhook",
                            ROWS(webhook_rows),
                            .can_edit = true},
};

const struct form_def *form_def_for(enum sendx_kind kind)
{
    return kind < SENDX_KIND_COUNT && defs[kind].fields ? &defs[kind] : NULL;
}
