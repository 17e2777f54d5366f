#include "api/model.h"

#include <string.h>

/* One members[] row per X-macro entry. The member lists do not carry
 * their struct's name, so each model gets a row macro naming it. */
#define MODEL_ROW(S, m, TYPE, label, sub)    {label, CODEC_##TYPE, offsetof(struct sendx_##S, m), sub},
#define MODEL_ROW_CONTACT(E, m, t, l, s)     MODEL_ROW(contact, m, t, l, s)
#define MODEL_ROW_LIST(E, m, t, l, s)        MODEL_ROW(list, m, t, l, s)
#define MODEL_ROW_TAG(E, m, t, l, s)         MODEL_ROW(tag, m, t, l, s)
#define MODEL_ROW_CAMPAIGN(E, m, t, l, s)    MODEL_ROW(campaign, m, t, l, s)
#define MODEL_ROW_TEMPLATE(E, m, t, l, s)    MODEL_ROW(template, m, t, l, s)
#define MODEL_ROW_SENDER(E, m, t, l, s)      MODEL_ROW(sender, m, t, l, s)
#define MODEL_ROW_FIELD(E, m, t, l, s)       MODEL_ROW(field, m, t, l, s)
#define MODEL_ROW_WEBHOOK(E, m, t, l, s)     MODEL_ROW(webhook, m, t, l, s)
#define MODEL_ROW_MEMBER(E, m, t, l, s)      MODEL_ROW(member, m, t, l, s)
#define MODEL_ROW_LINK_STAT(E, m, t, l, s)   MODEL_ROW(link_stat, m, t, l, s)
#define MODEL_ROW_REPORT(E, m, t, l, s)      MODEL_ROW(report, m, t, l, s)
#define MODEL_ROW_IDENTIFY(E, m, t, l, s)    MODEL_ROW(identify, m, t, l, s)
#define MODEL_ROW_TRACK(E, m, t, l, s)       MODEL_ROW(track, m, t, l, s)
#define MODEL_ROW_ADDRESS(E, m, t, l, s)     MODEL_ROW(address, m, t, l, s)
#define MODEL_ROW_RECIPIENT(E, m, t, l, s)   MODEL_ROW(recipient, m, t, l, s)
#define MODEL_ROW_EMAIL(E, m, t, l, s)       MODEL_ROW(email, m, t, l, s)
#define MODEL_ROW_SEND_RESULT(E, m, t, l, s) MODEL_ROW(send_result, m, t, l, s)
#define MODEL_ROW_MESSAGE(E, m, t, l, s)     MODEL_ROW(message, m, t, l, s)

/* The set mask has one bit per member; the codec finds the head of any
 * record where struct codec_record_head has it. */
#define MODEL_TYPE(name, MEMBERS, UPPER)                                                           \
    _Static_assert(SENDX_##UPPER##__COUNT <= 64, #name " has more members than set bits");         \
    _Static_assert(offsetof(struct sendx_##name, unreadable) ==                                    \
                       offsetof(struct codec_record_head, unreadable),                             \
                   #name " does not begin with CODEC_RECORD_HEAD");                                \
    static const struct model_member name##_members[] = {MEMBERS(MODEL_ROW_##UPPER)};              \
    const struct model_type model_##name##_type = {#name, sizeof(struct sendx_##name),             \
                                                   name##_members, SENDX_##UPPER##__COUNT};
SENDX_MODELS(MODEL_TYPE)
#undef MODEL_TYPE

#define N_FIELDS(a) (sizeof(a) / sizeof((a)[0]))
#define SCHEMA(spec_name, model, fields)                                                           \
    {                                                                                              \
        spec_name, &model_##model##_type, fields, N_FIELDS(fields)                                 \
    }

#define REQ   CODEC_REQUIRED
#define IDENT CODEC_IDENTITY
#define ONE   CODEC_ONE_OBJECT

/* JSON names are the spec's components.schemas, property for property. */

static const struct codec_field rest_r_contact_fields[] = {
    {"id", NULL, SENDX_CONTACT_ID, IDENT, NULL},
    {"firstName", NULL, SENDX_CONTACT_FIRST_NAME, 0, NULL},
    {"lastName", NULL, SENDX_CONTACT_LAST_NAME, 0, NULL},
    {"email", NULL, SENDX_CONTACT_EMAIL, 0, NULL},
    {"company", NULL, SENDX_CONTACT_COMPANY, 0, NULL},
    {"customFields", NULL, SENDX_CONTACT_CUSTOM_FIELDS, 0, NULL},
    {"lists", NULL, SENDX_CONTACT_LISTS, 0, NULL},
    {"tags", NULL, SENDX_CONTACT_TAGS, 0, NULL},
    {"unsubscribed", NULL, SENDX_CONTACT_UNSUBSCRIBED, 0, NULL},
    {"bounced", NULL, SENDX_CONTACT_BOUNCED, 0, NULL},
    {"spam", NULL, SENDX_CONTACT_SPAM, 0, NULL},
    {"blocked", NULL, SENDX_CONTACT_BLOCKED, 0, NULL},
    {"dropped", NULL, SENDX_CONTACT_DROPPED, 0, NULL},
    {"created", NULL, SENDX_CONTACT_CREATED, 0, NULL},
    {"updated", NULL, SENDX_CONTACT_UPDATED, 0, NULL},
    {"trackData", NULL, SENDX_CONTACT_TRACK_DATA, 0, NULL},
    {"contactSource", NULL, SENDX_CONTACT_CONTACT_SOURCE, 0, NULL},
    {"pageSource", NULL, SENDX_CONTACT_PAGE_SOURCE, 0, NULL},
    {"lastTrackedIp", NULL, SENDX_CONTACT_LAST_TRACKED_IP, 0, NULL},
    /* The schema says LTV, the spec's own examples send ltv. */
    {"LTV", "ltv", SENDX_CONTACT_LTV, 0, NULL},
};

static const struct codec_field rest_e_contact_fields[] = {
    {"firstName", NULL, SENDX_CONTACT_FIRST_NAME, 0, NULL},
    {"lastName", NULL, SENDX_CONTACT_LAST_NAME, 0, NULL},
    {"email", NULL, SENDX_CONTACT_EMAIL, REQ, NULL},
    {"company", NULL, SENDX_CONTACT_COMPANY, 0, NULL},
    {"customFields", NULL, SENDX_CONTACT_CUSTOM_FIELDS, 0, NULL},
    {"lists", NULL, SENDX_CONTACT_LISTS, 0, NULL},
    {"tags", NULL, SENDX_CONTACT_TAGS, 0, NULL},
    {"lastTrackedIp", NULL, SENDX_CONTACT_LAST_TRACKED_IP, 0, NULL},
};

static const struct codec_field rest_r_list_fields[] = {
    {"id", NULL, SENDX_LIST_ID, IDENT, NULL},       {"name", NULL, SENDX_LIST_NAME, 0, NULL},
    {"type", NULL, SENDX_LIST_TYPE, 0, NULL},       {"created", NULL, SENDX_LIST_CREATED, 0, NULL},
    {"updated", NULL, SENDX_LIST_UPDATED, 0, NULL},
};

static const struct codec_field rest_e_list_fields[] = {
    {"name", NULL, SENDX_LIST_NAME, REQ, NULL},
};

static const struct codec_field rest_r_tag_fields[] = {
    {"id", NULL, SENDX_TAG_ID, IDENT, NULL},
    {"name", NULL, SENDX_TAG_NAME, 0, NULL},
    {"created", NULL, SENDX_TAG_CREATED, 0, NULL},
    {"updated", NULL, SENDX_TAG_UPDATED, 0, NULL},
};

static const struct codec_field rest_e_tag_fields[] = {
    {"name", NULL, SENDX_TAG_NAME, REQ, NULL},
};

static const struct codec_field rest_r_campaign_fields[] = {
    {"id", NULL, SENDX_CAMPAIGN_ID, IDENT, NULL},
    {"name", NULL, SENDX_CAMPAIGN_NAME, REQ, NULL},
    {"subject", NULL, SENDX_CAMPAIGN_SUBJECT, REQ, NULL},
    {"preheader", NULL, SENDX_CAMPAIGN_PREHEADER, 0, NULL},
    {"sender", NULL, SENDX_CAMPAIGN_SENDER, REQ, NULL},
    {"htmlContent", NULL, SENDX_CAMPAIGN_HTML_CONTENT, 0, NULL},
    {"textContent", NULL, SENDX_CAMPAIGN_TEXT_CONTENT, 0, NULL},
    {"scheduleType", NULL, SENDX_CAMPAIGN_SCHEDULE_TYPE, REQ, NULL},
    {"scheduleCondition", NULL, SENDX_CAMPAIGN_SCHEDULE_CONDITION, REQ, NULL},
    {"status", NULL, SENDX_CAMPAIGN_STATUS, 0, NULL},
    {"timeCondition", NULL, SENDX_CAMPAIGN_TIME_CONDITION, 0, NULL},
    {"timezone", NULL, SENDX_CAMPAIGN_TIMEZONE, 0, NULL},
    {"smartSend", NULL, SENDX_CAMPAIGN_SMART_SEND, 0, NULL},
    {"sendInContactsTimezone", NULL, SENDX_CAMPAIGN_SEND_IN_CONTACTS_TIMEZONE, 0, NULL},
    {"preferredTimeCondition", NULL, SENDX_CAMPAIGN_PREFERRED_TIME_CONDITION, 0, NULL},
    {"preferredTimezone", NULL, SENDX_CAMPAIGN_PREFERRED_TIMEZONE, 0, NULL},
    {"strategy", NULL, SENDX_CAMPAIGN_STRATEGY, 0, NULL},
    {"includedSegments", NULL, SENDX_CAMPAIGN_INCLUDED_SEGMENTS, 0, NULL},
    {"includedLists", NULL, SENDX_CAMPAIGN_INCLUDED_LISTS, REQ, NULL},
    {"includedTags", NULL, SENDX_CAMPAIGN_INCLUDED_TAGS, 0, NULL},
    {"excludedSegments", NULL, SENDX_CAMPAIGN_EXCLUDED_SEGMENTS, 0, NULL},
    {"excludedLists", NULL, SENDX_CAMPAIGN_EXCLUDED_LISTS, REQ, NULL},
    {"excludedTags", NULL, SENDX_CAMPAIGN_EXCLUDED_TAGS, 0, NULL},
    {"isArchived", NULL, SENDX_CAMPAIGN_IS_ARCHIVED, 0, NULL},
    {"campaignScreenshotUrl", NULL, SENDX_CAMPAIGN_SCREENSHOT_URL, 0, NULL},
    {"created", NULL, SENDX_CAMPAIGN_CREATED, 0, NULL},
    {"updated", NULL, SENDX_CAMPAIGN_UPDATED, 0, NULL},
};

/* The request spells the content fields differently from the response. */
static const struct codec_field rest_e_campaign_fields[] = {
    {"name", NULL, SENDX_CAMPAIGN_NAME, REQ, NULL},
    {"subject", NULL, SENDX_CAMPAIGN_SUBJECT, REQ, NULL},
    {"sender", NULL, SENDX_CAMPAIGN_SENDER, REQ, NULL},
    {"htmlCode", NULL, SENDX_CAMPAIGN_HTML_CONTENT, REQ, NULL},
    {"previewText", NULL, SENDX_CAMPAIGN_PREHEADER, 0, NULL},
    {"plainText", NULL, SENDX_CAMPAIGN_TEXT_CONTENT, 0, NULL},
    {"scheduleType", NULL, SENDX_CAMPAIGN_SCHEDULE_TYPE, 0, NULL},
    {"scheduleCondition", NULL, SENDX_CAMPAIGN_SCHEDULE_CONDITION, 0, NULL},
    {"timeCondition", NULL, SENDX_CAMPAIGN_TIME_CONDITION, 0, NULL},
    {"timezone", NULL, SENDX_CAMPAIGN_TIMEZONE, 0, NULL},
    {"preferredTimezone", NULL, SENDX_CAMPAIGN_PREFERRED_TIMEZONE, 0, NULL},
    {"preferredTimeCondition", NULL, SENDX_CAMPAIGN_PREFERRED_TIME_CONDITION, 0, NULL},
    {"sendInContactsTimezone", NULL, SENDX_CAMPAIGN_SEND_IN_CONTACTS_TIMEZONE, 0, NULL},
    {"smartSend", NULL, SENDX_CAMPAIGN_SMART_SEND, 0, NULL},
    {"includedSegments", NULL, SENDX_CAMPAIGN_INCLUDED_SEGMENTS, 0, NULL},
    {"includedLists", NULL, SENDX_CAMPAIGN_INCLUDED_LISTS, 0, NULL},
    {"includedTags", NULL, SENDX_CAMPAIGN_INCLUDED_TAGS, 0, NULL},
    {"excludedSegments", NULL, SENDX_CAMPAIGN_EXCLUDED_SEGMENTS, 0, NULL},
    {"excludedLists", NULL, SENDX_CAMPAIGN_EXCLUDED_LISTS, 0, NULL},
    {"excludedTags", NULL, SENDX_CAMPAIGN_EXCLUDED_TAGS, 0, NULL},
};

static const struct codec_field link_stat_fields[] = {
    {"url", NULL, SENDX_LINK_STAT_URL, 0, NULL},
    {"count", NULL, SENDX_LINK_STAT_COUNT, 0, NULL},
};

static const struct codec_schema link_stat_schema = SCHEMA("LinkStat", link_stat, link_stat_fields);

static const struct codec_field report_fields[] = {
    {"campaignId", NULL, SENDX_REPORT_CAMPAIGN_ID, 0, NULL},
    {"linkStats", NULL, SENDX_REPORT_LINK_STATS, 0, &link_stat_schema},
    {"clickedUniqueContactCount", NULL, SENDX_REPORT_CLICKED_UNIQUE, 0, NULL},
    {"openedUniqueContactCount", NULL, SENDX_REPORT_OPENED_UNIQUE, 0, NULL},
    {"sentContactCount", NULL, SENDX_REPORT_SENT, 0, NULL},
    {"unsubscribeContactCount", NULL, SENDX_REPORT_UNSUBSCRIBED, 0, NULL},
    {"bounceContactCount", NULL, SENDX_REPORT_BOUNCED, 0, NULL},
    {"spamContactCount", NULL, SENDX_REPORT_SPAM, 0, NULL},
    {"clickedContactCount", NULL, SENDX_REPORT_CLICKED, 0, NULL},
    {"openedContactCount", NULL, SENDX_REPORT_OPENED, 0, NULL},
};

static const struct codec_field rest_r_sender_fields[] = {
    {"id", NULL, SENDX_SENDER_ID, IDENT, NULL},
    {"name", NULL, SENDX_SENDER_NAME, 0, NULL},
    {"email", NULL, SENDX_SENDER_EMAIL, 0, NULL},
    {"isWhitelisted", NULL, SENDX_SENDER_IS_WHITELISTED, 0, NULL},
};

static const struct codec_field rest_e_sender_fields[] = {
    {"name", NULL, SENDX_SENDER_NAME, REQ, NULL},
    {"email", NULL, SENDX_SENDER_EMAIL, REQ, NULL},
};

static const struct codec_field rest_r_template_fields[] = {
    {"id", NULL, SENDX_TEMPLATE_ID, IDENT, NULL},
    {"name", NULL, SENDX_TEMPLATE_NAME, 0, NULL},
    {"subject", NULL, SENDX_TEMPLATE_SUBJECT, 0, NULL},
    {"htmlCode", NULL, SENDX_TEMPLATE_HTML_CODE, 0, NULL},
    {"templateCode", NULL, SENDX_TEMPLATE_TEMPLATE_CODE, 0, NULL},
    {"type", NULL, SENDX_TEMPLATE_TYPE, 0, NULL},
    {"thumbnail", NULL, SENDX_TEMPLATE_THUMBNAIL, 0, NULL},
    {"editorType", NULL, SENDX_TEMPLATE_EDITOR_TYPE, 0, NULL},
    {"created", NULL, SENDX_TEMPLATE_CREATED, 0, NULL},
    {"updated", NULL, SENDX_TEMPLATE_UPDATED, 0, NULL},
};

/* The request says htmlContent where the response says htmlCode. */
static const struct codec_field rest_e_template_fields[] = {
    {"name", NULL, SENDX_TEMPLATE_NAME, REQ, NULL},
    {"subject", NULL, SENDX_TEMPLATE_SUBJECT, REQ, NULL},
    /* The schema says htmlContent; the spec's request examples send htmlCode. */
    {"htmlContent", "htmlCode", SENDX_TEMPLATE_HTML_CODE, 0, NULL},
    {"textContent", NULL, SENDX_TEMPLATE_TEXT_CONTENT, 0, NULL},
    {"preheader", NULL, SENDX_TEMPLATE_PREHEADER, 0, NULL},
    {"tags", NULL, SENDX_TEMPLATE_TAGS, 0, NULL},
};

static const struct codec_field rest_r_field_fields[] = {
    {"id", NULL, SENDX_FIELD_ID, IDENT, NULL},
    {"name", NULL, SENDX_FIELD_NAME, 0, NULL},
    {"type", NULL, SENDX_FIELD_TYPE, 0, NULL},
    {"description", NULL, SENDX_FIELD_DESCRIPTION, 0, NULL},
};

static const struct codec_field rest_e_field_fields[] = {
    {"name", NULL, SENDX_FIELD_NAME, REQ, NULL},
    {"type", NULL, SENDX_FIELD_TYPE, REQ, NULL},
    {"description", NULL, SENDX_FIELD_DESCRIPTION, 0, NULL},
};

static const struct codec_field rest_r_webhook_fields[] = {
    {"id", NULL, SENDX_WEBHOOK_ID, IDENT, NULL},
    {"url", NULL, SENDX_WEBHOOK_URL, 0, NULL},
    {"enabled", NULL, SENDX_WEBHOOK_ENABLED, 0, NULL},
    {"unsubscribed", NULL, SENDX_WEBHOOK_UNSUBSCRIBED, 0, NULL},
    {"dropped", NULL, SENDX_WEBHOOK_DROPPED, 0, NULL},
    {"bounced", NULL, SENDX_WEBHOOK_BOUNCED, 0, NULL},
    {"markedSpam", NULL, SENDX_WEBHOOK_MARKED_SPAM, 0, NULL},
    {"clicked", NULL, SENDX_WEBHOOK_CLICKED, 0, NULL},
    {"opened", NULL, SENDX_WEBHOOK_OPENED, 0, NULL},
    {"contactCreated", NULL, SENDX_WEBHOOK_CONTACT_CREATED, 0, NULL},
};

static const struct codec_field rest_e_webhook_fields[] = {
    {"url", NULL, SENDX_WEBHOOK_URL, REQ, NULL},
    {"enabled", NULL, SENDX_WEBHOOK_ENABLED, REQ, NULL},
    {"unsubscribed", NULL, SENDX_WEBHOOK_UNSUBSCRIBED, 0, NULL},
    {"dropped", NULL, SENDX_WEBHOOK_DROPPED, 0, NULL},
    {"bounced", NULL, SENDX_WEBHOOK_BOUNCED, 0, NULL},
    {"markedSpam", NULL, SENDX_WEBHOOK_MARKED_SPAM, 0, NULL},
    {"clicked", NULL, SENDX_WEBHOOK_CLICKED, 0, NULL},
    {"opened", NULL, SENDX_WEBHOOK_OPENED, 0, NULL},
    {"contactCreated", NULL, SENDX_WEBHOOK_CONTACT_CREATED, 0, NULL},
};

static const struct codec_field rest_r_member_fields[] = {
    {"id", NULL, SENDX_MEMBER_ID, IDENT, NULL},
    {"email", NULL, SENDX_MEMBER_EMAIL, 0, NULL},
    {"userName", NULL, SENDX_MEMBER_USER_NAME, 0, NULL},
    {"fullName", NULL, SENDX_MEMBER_FULL_NAME, 0, NULL},
    {"avatarUrl", NULL, SENDX_MEMBER_AVATAR_URL, 0, NULL},
    {"created", NULL, SENDX_MEMBER_CREATED, 0, NULL},
    {"updated", NULL, SENDX_MEMBER_UPDATED, 0, NULL},
};

static const struct codec_field identify_fields[] = {
    {"email", NULL, SENDX_IDENTIFY_EMAIL, REQ, NULL},
    {"firstName", NULL, SENDX_IDENTIFY_FIRST_NAME, 0, NULL},
    {"lastName", NULL, SENDX_IDENTIFY_LAST_NAME, 0, NULL},
    {"company", NULL, SENDX_IDENTIFY_COMPANY, 0, NULL},
    {"customFields", NULL, SENDX_IDENTIFY_CUSTOM_FIELDS, 0, NULL},
    {"tags", NULL, SENDX_IDENTIFY_TAGS, 0, NULL},
    {"newEmail", NULL, SENDX_IDENTIFY_NEW_EMAIL, 0, NULL},
};

static const struct codec_field track_fields[] = {
    {"addTags", NULL, SENDX_TRACK_ADD_TAGS, 0, NULL},
    {"removeTags", NULL, SENDX_TRACK_REMOVE_TAGS, 0, NULL},
    {"email", NULL, SENDX_TRACK_EMAIL, 0, NULL},
};

static const struct codec_field x_from_fields[] = {
    {"email", NULL, SENDX_ADDRESS_EMAIL, REQ, NULL},
    {"name", NULL, SENDX_ADDRESS_NAME, 0, NULL},
};

static const struct codec_field x_reply_to_fields[] = {
    {"email", NULL, SENDX_ADDRESS_EMAIL, REQ, NULL},
    {"name", NULL, SENDX_ADDRESS_NAME, 0, NULL},
};

static const struct codec_field x_to_fields[] = {
    {"email", NULL, SENDX_RECIPIENT_EMAIL, REQ, NULL},
    {"name", NULL, SENDX_RECIPIENT_NAME, 0, NULL},
    {"cc", NULL, SENDX_RECIPIENT_CC, 0, NULL},
    {"bcc", NULL, SENDX_RECIPIENT_BCC, 0, NULL},
    {"customFields", NULL, SENDX_RECIPIENT_CUSTOM_FIELDS, 0, NULL},
};

static const struct codec_schema x_from = SCHEMA("XFrom", address, x_from_fields);
static const struct codec_schema x_reply_to = SCHEMA("XReplyTo", address, x_reply_to_fields);
static const struct codec_schema x_to = SCHEMA("XTo", recipient, x_to_fields);

static const struct codec_field x_email_message_fields[] = {
    {"from", NULL, SENDX_EMAIL_FROM, REQ | ONE, &x_from},
    {"to", NULL, SENDX_EMAIL_TO, REQ, &x_to},
    {"replyTo", NULL, SENDX_EMAIL_REPLY_TO, ONE, &x_reply_to},
    {"subject", NULL, SENDX_EMAIL_SUBJECT, REQ, NULL},
    {"htmlBody", NULL, SENDX_EMAIL_HTML_BODY, REQ, NULL},
    {"textBody", NULL, SENDX_EMAIL_TEXT_BODY, 0, NULL},
    {"headers", NULL, SENDX_EMAIL_HEADERS, 0, NULL},
    {"template", NULL, SENDX_EMAIL_TEMPLATE, 0, NULL},
};

/* The template gives the body, so there is none to send. */
static const struct codec_field template_email_message_fields[] = {
    {"from", NULL, SENDX_EMAIL_FROM, REQ | ONE, &x_from},
    {"to", NULL, SENDX_EMAIL_TO, REQ, &x_to},
    {"replyTo", NULL, SENDX_EMAIL_REPLY_TO, ONE, &x_reply_to},
    {"subject", NULL, SENDX_EMAIL_SUBJECT, REQ, NULL},
    {"template", NULL, SENDX_EMAIL_TEMPLATE, REQ, NULL},
};

static const struct codec_field x_email_response_fields[] = {
    {"to", NULL, SENDX_SEND_RESULT_TO, 0, NULL},
    {"submittedAt", NULL, SENDX_SEND_RESULT_SUBMITTED_AT, 0, NULL},
    {"messageId", NULL, SENDX_SEND_RESULT_MESSAGE_ID, 0, NULL},
    {"errorCode", NULL, SENDX_SEND_RESULT_ERROR_CODE, 0, NULL},
    {"message", NULL, SENDX_SEND_RESULT_MESSAGE, 0, NULL},
};

static const struct codec_field message_fields[] = {
    {"status", NULL, SENDX_MESSAGE_STATUS, 0, NULL},
    {"message", NULL, SENDX_MESSAGE_MESSAGE, 0, NULL},
};

static const struct codec_field required_message_fields[] = {
    {"status", NULL, SENDX_MESSAGE_STATUS, REQ, NULL},
    {"message", NULL, SENDX_MESSAGE_MESSAGE, REQ, NULL},
};

/* The spec's own 401 example sends "status": 401. */
static const struct codec_field error_fields[] = {
    {"status", NULL, SENDX_MESSAGE_STATUS, REQ | CODEC_TEXT_FROM_NUMBER, NULL},
    {"message", NULL, SENDX_MESSAGE_MESSAGE, REQ, NULL},
};

static const struct codec_schema rest_r_contact =
    SCHEMA("RestRContact", contact, rest_r_contact_fields);
static const struct codec_schema rest_e_contact =
    SCHEMA("RestEContact", contact, rest_e_contact_fields);
static const struct codec_schema rest_r_list = SCHEMA("RestRList", list, rest_r_list_fields);
static const struct codec_schema rest_e_list = SCHEMA("RestEList", list, rest_e_list_fields);
static const struct codec_schema rest_r_tag = SCHEMA("RestRTag", tag, rest_r_tag_fields);
static const struct codec_schema rest_e_tag = SCHEMA("RestETag", tag, rest_e_tag_fields);
static const struct codec_schema rest_r_campaign =
    SCHEMA("RestRCampaign", campaign, rest_r_campaign_fields);
static const struct codec_schema rest_e_campaign =
    SCHEMA("RestECampaign", campaign, rest_e_campaign_fields);
static const struct codec_schema rest_r_sender =
    SCHEMA("RestRSender", sender, rest_r_sender_fields);
static const struct codec_schema rest_e_sender =
    SCHEMA("RestESender", sender, rest_e_sender_fields);
static const struct codec_schema rest_r_template =
    SCHEMA("RestRTemplate", template, rest_r_template_fields);
static const struct codec_schema rest_e_template =
    SCHEMA("RestETemplate", template, rest_e_template_fields);
static const struct codec_schema rest_r_field =
    SCHEMA("RestRCustomField", field, rest_r_field_fields);
static const struct codec_schema rest_e_field =
    SCHEMA("RestECustomField", field, rest_e_field_fields);
static const struct codec_schema rest_r_webhook =
    SCHEMA("RestRWebhook", webhook, rest_r_webhook_fields);
static const struct codec_schema rest_e_webhook =
    SCHEMA("RestEWebhook", webhook, rest_e_webhook_fields);
static const struct codec_schema rest_r_member =
    SCHEMA("RestRMember", member, rest_r_member_fields);
static const struct codec_schema identify_response =
    SCHEMA("IdentifyResponse", message, message_fields);
static const struct codec_schema track_response = SCHEMA("TrackResponse", message, message_fields);
static const struct codec_schema delete_response =
    SCHEMA("DeleteResponse", message, required_message_fields);

const struct codec_schema model_report_schema = SCHEMA("RestReportData", report, report_fields);
const struct codec_schema model_identify_schema =
    SCHEMA("IdentifyRequest", identify, identify_fields);
const struct codec_schema model_track_schema = SCHEMA("TrackRequest", track, track_fields);
const struct codec_schema model_message_schema = SCHEMA("MessageResponse", message, message_fields);
const struct codec_schema model_error_schema = SCHEMA("ErrorResponse", message, error_fields);
const struct codec_schema model_email_schema =
    SCHEMA("XEmailMessage", email, x_email_message_fields);
const struct codec_schema model_template_email_schema =
    SCHEMA("TemplateEmailMessage", email, template_email_message_fields);
const struct codec_schema model_send_result_schema =
    SCHEMA("XEmailResponse", send_result, x_email_response_fields);

const struct codec_schema *const model_schemas[] = {
    &rest_r_contact,
    &rest_e_contact,
    &rest_r_list,
    &rest_e_list,
    &rest_r_tag,
    &rest_e_tag,
    &rest_r_campaign,
    &rest_e_campaign,
    &model_report_schema,
    &link_stat_schema,
    &rest_r_sender,
    &rest_e_sender,
    &rest_r_template,
    &rest_e_template,
    &rest_r_field,
    &rest_e_field,
    &rest_r_webhook,
    &rest_e_webhook,
    &rest_r_member,
    &model_identify_schema,
    &identify_response,
    &model_track_schema,
    &track_response,
    &model_message_schema,
    &delete_response,
    &model_error_schema,
    &x_from,
    &x_reply_to,
    &x_to,
    &model_email_schema,
    &model_template_email_schema,
    &model_send_result_schema,
};
const size_t model_n_schemas = N_FIELDS(model_schemas);

const struct codec_schema *model_schema_find(const char *spec_name)
{
    for (size_t i = 0; i < model_n_schemas; i++)
        if (strcmp(model_schemas[i]->name, spec_name) == 0)
            return model_schemas[i];
    return NULL;
}

#define OPS_CRUD                                                                                   \
    (SENDX_OP_LIST | SENDX_OP_GET | SENDX_OP_CREATE | SENDX_OP_UPDATE | SENDX_OP_DELETE)

/* page_default/page_max: each list endpoint's `limit` parameter schema. */
static const struct model_resource resources[SENDX_KIND_COUNT] = {
    /* The contact limit's prose says at most 100; its schema says 1000,
     * and the schema is what a validating server enforces. */
    [SENDX_KIND_CONTACT] = {SENDX_KIND_CONTACT, "contact", "contacts", "Contacts", "contact",
                            "contact_", &model_contact_type, &rest_r_contact, &rest_e_contact,
                            OPS_CRUD | SENDX_OP_SEARCH | SENDX_OP_PAGED, 50, 1000,
                            SENDX_CONTACT_ID},
    [SENDX_KIND_LIST] = {SENDX_KIND_LIST, "list", "lists", "Lists", "list", "list_",
                         &model_list_type, &rest_r_list, &rest_e_list,
                         OPS_CRUD | SENDX_OP_SEARCH | SENDX_OP_PAGED, 10, 100, SENDX_LIST_ID},
    [SENDX_KIND_TAG] = {SENDX_KIND_TAG, "tag", "tags", "Tags", "tag", "tag_", &model_tag_type,
                        &rest_r_tag, &rest_e_tag, OPS_CRUD | SENDX_OP_PAGED, 10, 100, SENDX_TAG_ID},
    /* The API has no campaign update endpoint. */
    [SENDX_KIND_CAMPAIGN] = {SENDX_KIND_CAMPAIGN, "campaign", "campaigns", "Campaigns", "campaign",
                             "campaign_", &model_campaign_type, &rest_r_campaign, &rest_e_campaign,
                             SENDX_OP_LIST | SENDX_OP_GET | SENDX_OP_CREATE | SENDX_OP_DELETE |
                                 SENDX_OP_PAGED,
                             10, 100, SENDX_CAMPAIGN_ID},
    [SENDX_KIND_TEMPLATE] = {SENDX_KIND_TEMPLATE, "template", "templates", "Templates",
                             "template/email", "template_", &model_template_type, &rest_r_template,
                             &rest_e_template, OPS_CRUD | SENDX_OP_SEARCH | SENDX_OP_PAGED, 10, 100,
                             SENDX_TEMPLATE_ID},
    [SENDX_KIND_SENDER] = {SENDX_KIND_SENDER, "sender", "senders", "Senders", "sender", "sender_",
                           &model_sender_type, &rest_r_sender, &rest_e_sender,
                           SENDX_OP_LIST | SENDX_OP_CREATE, 0, 0, SENDX_SENDER_ID},
    [SENDX_KIND_FIELD] = {SENDX_KIND_FIELD, "field", "custom fields", "Custom fields",
                          "customfield", "field_", &model_field_type, &rest_r_field, &rest_e_field,
                          OPS_CRUD | SENDX_OP_SEARCH | SENDX_OP_PAGED, 10, 100, SENDX_FIELD_ID},
    [SENDX_KIND_WEBHOOK] = {SENDX_KIND_WEBHOOK, "webhook", "webhooks", "Webhooks", "webhook",
                            "webhook_", &model_webhook_type, &rest_r_webhook, &rest_e_webhook,
                            OPS_CRUD, 0, 0, SENDX_WEBHOOK_ID},
    /* Team members are read-only through the API. */
    [SENDX_KIND_MEMBER] = {SENDX_KIND_MEMBER, "member", "team members", "Team members",
                           "team/member", "member_", &model_member_type, &rest_r_member, NULL,
                           SENDX_OP_LIST | SENDX_OP_GET, 0, 0, SENDX_MEMBER_ID},
};

const struct model_resource *model_resource(enum sendx_kind kind)
{
    return &resources[kind];
}

bool model_id_plausible(const char *id)
{
    size_t n = 0;
    for (; id[n]; n++) {
        unsigned char c = (unsigned char)id[n];
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok || n == MODEL_ID_MAX)
            return false;
    }
    return n > 0;
}
