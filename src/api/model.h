/* The SendX resources as C structs, and the tables that describe them.
 *
 * Each struct is generated from one member list, which also builds its
 * model_type table (model.c), so a struct and its table cannot drift.
 * Every struct starts with CODEC_RECORD_HEAD (the set mask and the fields
 * that could not be read, see codec.h). Strings are owned heap strings or
 * NULL; free a record with codec_free(type, record). */
#ifndef SENDX_MODEL_H
#define SENDX_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/codec.h"

struct sendx_strv {
    char **items;
    size_t len;
};

struct sendx_map_entry {
    char *key;
    char *value;
};

struct sendx_map {
    struct sendx_map_entry *items;
    size_t len;
};

/* len records of a model type laid out contiguously. */
struct sendx_objects {
    void *items;
    size_t len;
};

#define MODEL_CTYPE_STRING  char *
#define MODEL_CTYPE_INT     int64_t
#define MODEL_CTYPE_BOOL    bool
#define MODEL_CTYPE_STRINGS struct sendx_strv
#define MODEL_CTYPE_MAP     struct sendx_map
#define MODEL_CTYPE_OBJECTS struct sendx_objects

/* X(ENUM_SUFFIX, member, TYPE, "Label", sub-type or NULL) */
#define SENDX_CONTACT_MEMBERS(X)                                                                   \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(FIRST_NAME, first_name, STRING, "First name", NULL)                                          \
    X(LAST_NAME, last_name, STRING, "Last name", NULL)                                             \
    X(EMAIL, email, STRING, "Email", NULL)                                                         \
    X(COMPANY, company, STRING, "Company", NULL)                                                   \
    X(CUSTOM_FIELDS, custom_fields, MAP, "Custom fields", NULL)                                    \
    X(LISTS, lists, STRINGS, "Lists", NULL)                                                        \
    X(TAGS, tags, STRINGS, "Tags", NULL)                                                           \
    X(UNSUBSCRIBED, unsubscribed, BOOL, "Unsubscribed", NULL)                                      \
    X(BOUNCED, bounced, BOOL, "Bounced", NULL)                                                     \
    X(SPAM, spam, BOOL, "Spam", NULL)                                                              \
    X(BLOCKED, blocked, BOOL, "Blocked", NULL)                                                     \
    X(DROPPED, dropped, BOOL, "Dropped", NULL)                                                     \
    X(CREATED, created, STRING, "Created", NULL)                                                   \
    X(UPDATED, updated, STRING, "Updated", NULL)                                                   \
    X(TRACK_DATA, track_data, STRING, "Track data", NULL)                                          \
    X(CONTACT_SOURCE, contact_source, INT, "Source", NULL)                                         \
    X(PAGE_SOURCE, page_source, STRING, "Page source", NULL)                                       \
    X(LAST_TRACKED_IP, last_tracked_ip, STRING, "Last tracked IP", NULL)                           \
    X(LTV, ltv, INT, "LTV", NULL)

#define SENDX_LIST_MEMBERS(X)                                                                      \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(NAME, name, STRING, "Name", NULL)                                                            \
    X(TYPE, type, INT, "Type", NULL)                                                               \
    X(CREATED, created, STRING, "Created", NULL)                                                   \
    X(UPDATED, updated, STRING, "Updated", NULL)

#define SENDX_TAG_MEMBERS(X)                                                                       \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(NAME, name, STRING, "Name", NULL)                                                            \
    X(CREATED, created, STRING, "Created", NULL)                                                   \
    X(UPDATED, updated, STRING, "Updated", NULL)

#define SENDX_CAMPAIGN_MEMBERS(X)                                                                  \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(NAME, name, STRING, "Name", NULL)                                                            \
    X(SUBJECT, subject, STRING, "Subject", NULL)                                                   \
    X(PREHEADER, preheader, STRING, "Preheader", NULL)                                             \
    X(SENDER, sender, STRING, "Sender", NULL)                                                      \
    X(HTML_CONTENT, html_content, STRING, "HTML", NULL)                                            \
    X(TEXT_CONTENT, text_content, STRING, "Plain text", NULL)                                      \
    X(SCHEDULE_TYPE, schedule_type, INT, "Schedule type", NULL)                                    \
    X(SCHEDULE_CONDITION, schedule_condition, STRING, "Schedule condition", NULL)                  \
    X(STATUS, status, INT, "Status", NULL)                                                         \
    X(TIME_CONDITION, time_condition, STRING, "Time condition", NULL)                              \
    X(TIMEZONE, timezone, STRING, "Timezone", NULL)                                                \
    X(SMART_SEND, smart_send, BOOL, "Smart send", NULL)                                            \
    X(SEND_IN_CONTACTS_TIMEZONE, send_in_contacts_timezone, BOOL, "Contact's timezone", NULL)      \
    X(PREFERRED_TIME_CONDITION, preferred_time_condition, STRING, "Preferred time", NULL)          \
    X(PREFERRED_TIMEZONE, preferred_timezone, STRING, "Preferred timezone", NULL)                  \
    X(STRATEGY, strategy, STRING, "Strategy", NULL)                                                \
    X(INCLUDED_SEGMENTS, included_segments, STRINGS, "Included segments", NULL)                    \
    X(INCLUDED_LISTS, included_lists, STRINGS, "Included lists", NULL)                             \
    X(INCLUDED_TAGS, included_tags, STRINGS, "Included tags", NULL)                                \
    X(EXCLUDED_SEGMENTS, excluded_segments, STRINGS, "Excluded segments", NULL)                    \
    X(EXCLUDED_LISTS, excluded_lists, STRINGS, "Excluded lists", NULL)                             \
    X(EXCLUDED_TAGS, excluded_tags, STRINGS, "Excluded tags", NULL)                                \
    X(IS_ARCHIVED, is_archived, BOOL, "Archived", NULL)                                            \
    X(SCREENSHOT_URL, screenshot_url, STRING, "Screenshot", NULL)                                  \
    X(CREATED, created, STRING, "Created", NULL)                                                   \
    X(UPDATED, updated, STRING, "Updated", NULL)

#define SENDX_TEMPLATE_MEMBERS(X)                                                                  \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(NAME, name, STRING, "Name", NULL)                                                            \
    X(SUBJECT, subject, STRING, "Subject", NULL)                                                   \
    X(HTML_CODE, html_code, STRING, "HTML", NULL)                                                  \
    X(TEMPLATE_CODE, template_code, STRING, "Template code", NULL)                                 \
    X(TYPE, type, INT, "Type", NULL)                                                               \
    X(THUMBNAIL, thumbnail, STRING, "Thumbnail", NULL)                                             \
    X(EDITOR_TYPE, editor_type, INT, "Editor", NULL)                                               \
    X(CREATED, created, STRING, "Created", NULL)                                                   \
    X(UPDATED, updated, STRING, "Updated", NULL)                                                   \
    X(TEXT_CONTENT, text_content, STRING, "Plain text", NULL)                                      \
    X(PREHEADER, preheader, STRING, "Preheader", NULL)                                             \
    X(TAGS, tags, STRINGS, "Tags", NULL)

#define SENDX_SENDER_MEMBERS(X)                                                                    \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(NAME, name, STRING, "Name", NULL)                                                            \
    X(EMAIL, email, STRING, "Email", NULL)                                                         \
    X(IS_WHITELISTED, is_whitelisted, BOOL, "Whitelisted", NULL)

#define SENDX_FIELD_MEMBERS(X)                                                                     \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(NAME, name, STRING, "Name", NULL)                                                            \
    X(TYPE, type, INT, "Type", NULL)                                                               \
    X(DESCRIPTION, description, STRING, "Description", NULL)

#define SENDX_WEBHOOK_MEMBERS(X)                                                                   \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(URL, url, STRING, "URL", NULL)                                                               \
    X(ENABLED, enabled, BOOL, "Enabled", NULL)                                                     \
    X(UNSUBSCRIBED, unsubscribed, BOOL, "Unsubscribed", NULL)                                      \
    X(DROPPED, dropped, BOOL, "Dropped", NULL)                                                     \
    X(BOUNCED, bounced, BOOL, "Bounced", NULL)                                                     \
    X(MARKED_SPAM, marked_spam, BOOL, "Marked spam", NULL)                                         \
    X(CLICKED, clicked, BOOL, "Clicked", NULL)                                                     \
    X(OPENED, opened, BOOL, "Opened", NULL)                                                        \
    X(CONTACT_CREATED, contact_created, BOOL, "Contact created", NULL)

#define SENDX_MEMBER_MEMBERS(X)                                                                    \
    X(ID, id, STRING, "Id", NULL)                                                                  \
    X(EMAIL, email, STRING, "Email", NULL)                                                         \
    X(USER_NAME, user_name, STRING, "User name", NULL)                                             \
    X(FULL_NAME, full_name, STRING, "Full name", NULL)                                             \
    X(AVATAR_URL, avatar_url, STRING, "Avatar", NULL)                                              \
    X(CREATED, created, STRING, "Created", NULL)                                                   \
    X(UPDATED, updated, STRING, "Updated", NULL)

#define SENDX_LINK_STAT_MEMBERS(X)                                                                 \
    X(URL, url, STRING, "URL", NULL)                                                               \
    X(COUNT, count, INT, "Clicks", NULL)

#define SENDX_REPORT_MEMBERS(X)                                                                    \
    X(CAMPAIGN_ID, campaign_id, STRING, "Campaign", NULL)                                          \
    X(LINK_STATS, link_stats, OBJECTS, "Links", &model_link_stat_type)                             \
    X(CLICKED_UNIQUE, clicked_unique, INT, "Clicked (unique)", NULL)                               \
    X(OPENED_UNIQUE, opened_unique, INT, "Opened (unique)", NULL)                                  \
    X(SENT, sent, INT, "Sent", NULL)                                                               \
    X(UNSUBSCRIBED, unsubscribed, INT, "Unsubscribed", NULL)                                       \
    X(BOUNCED, bounced, INT, "Bounced", NULL)                                                      \
    X(SPAM, spam, INT, "Spam", NULL)                                                               \
    X(CLICKED, clicked, INT, "Clicked", NULL)                                                      \
    X(OPENED, opened, INT, "Opened", NULL)

#define SENDX_IDENTIFY_MEMBERS(X)                                                                  \
    X(EMAIL, email, STRING, "Email", NULL)                                                         \
    X(FIRST_NAME, first_name, STRING, "First name", NULL)                                          \
    X(LAST_NAME, last_name, STRING, "Last name", NULL)                                             \
    X(COMPANY, company, STRING, "Company", NULL)                                                   \
    X(CUSTOM_FIELDS, custom_fields, MAP, "Custom fields", NULL)                                    \
    X(TAGS, tags, STRINGS, "Tags", NULL)                                                           \
    X(NEW_EMAIL, new_email, STRING, "New email", NULL)

#define SENDX_TRACK_MEMBERS(X)                                                                     \
    X(EMAIL, email, STRING, "Email", NULL)                                                         \
    X(ADD_TAGS, add_tags, STRINGS, "Add tags", NULL)                                               \
    X(REMOVE_TAGS, remove_tags, STRINGS, "Remove tags", NULL)

/* An address of a message: its sender (XFrom) or where replies go (XReplyTo). */
#define SENDX_ADDRESS_MEMBERS(X)                                                                   \
    X(EMAIL, email, STRING, "Email", NULL)                                                         \
    X(NAME, name, STRING, "Name", NULL)

/* One recipient of a message (XTo), with its own copies and merge fields. */
#define SENDX_RECIPIENT_MEMBERS(X)                                                                 \
    X(EMAIL, email, STRING, "Email", NULL)                                                         \
    X(NAME, name, STRING, "Name", NULL)                                                            \
    X(CC, cc, STRINGS, "Cc", NULL)                                                                 \
    X(BCC, bcc, STRINGS, "Bcc", NULL)                                                              \
    X(CUSTOM_FIELDS, custom_fields, MAP, "Custom fields", NULL)

/* A message to send: XEmailMessage, and TemplateEmailMessage, which takes
 * its body from the template. from and reply_to hold at most one address. */
#define SENDX_EMAIL_MEMBERS(X)                                                                     \
    X(FROM, from, OBJECTS, "From", &model_address_type)                                            \
    X(TO, to, OBJECTS, "To", &model_recipient_type)                                                \
    X(REPLY_TO, reply_to, OBJECTS, "Reply to", &model_address_type)                                \
    X(SUBJECT, subject, STRING, "Subject", NULL)                                                   \
    X(HTML_BODY, html_body, STRING, "HTML", NULL)                                                  \
    X(TEXT_BODY, text_body, STRING, "Plain text", NULL)                                            \
    X(HEADERS, headers, MAP, "Headers", NULL)                                                      \
    X(TEMPLATE, template, STRING, "Template", NULL)

/* What became of a message for one recipient (XEmailResponse). */
#define SENDX_SEND_RESULT_MEMBERS(X)                                                               \
    X(TO, to, STRING, "To", NULL)                                                                  \
    X(SUBMITTED_AT, submitted_at, INT, "Submitted", NULL)                                          \
    X(MESSAGE_ID, message_id, STRING, "Message id", NULL)                                          \
    X(ERROR_CODE, error_code, INT, "Error code", NULL)                                             \
    X(MESSAGE, message, STRING, "Message", NULL)

/* status/message bodies: success messages and errors alike. */
#define SENDX_MESSAGE_MEMBERS(X)                                                                   \
    X(STATUS, status, STRING, "Status", NULL)                                                      \
    X(MESSAGE, message, STRING, "Message", NULL)

/* Every model: X(name, MEMBERS-macro, UPPER) */
#define SENDX_MODELS(X)                                                                            \
    X(contact, SENDX_CONTACT_MEMBERS, CONTACT)                                                     \
    X(list, SENDX_LIST_MEMBERS, LIST)                                                              \
    X(tag, SENDX_TAG_MEMBERS, TAG)                                                                 \
    X(campaign, SENDX_CAMPAIGN_MEMBERS, CAMPAIGN)                                                  \
    X(template, SENDX_TEMPLATE_MEMBERS, TEMPLATE)                                                  \
    X(sender, SENDX_SENDER_MEMBERS, SENDER)                                                        \
    X(field, SENDX_FIELD_MEMBERS, FIELD)                                                           \
    X(webhook, SENDX_WEBHOOK_MEMBERS, WEBHOOK)                                                     \
    X(member, SENDX_MEMBER_MEMBERS, MEMBER)                                                        \
    X(link_stat, SENDX_LINK_STAT_MEMBERS, LINK_STAT)                                               \
    X(report, SENDX_REPORT_MEMBERS, REPORT)                                                        \
    X(identify, SENDX_IDENTIFY_MEMBERS, IDENTIFY)                                                  \
    X(track, SENDX_TRACK_MEMBERS, TRACK)                                                           \
    X(address, SENDX_ADDRESS_MEMBERS, ADDRESS)                                                     \
    X(recipient, SENDX_RECIPIENT_MEMBERS, RECIPIENT)                                               \
    X(email, SENDX_EMAIL_MEMBERS, EMAIL)                                                           \
    X(send_result, SENDX_SEND_RESULT_MEMBERS, SEND_RESULT)                                         \
    X(message, SENDX_MESSAGE_MEMBERS, MESSAGE)

/* The structs: struct sendx_contact, struct sendx_list, ... */
#define MODEL_STRUCT_MEMBER(E, member, type, label, sub) MODEL_CTYPE_##type member;
#define MODEL_STRUCT(name, MEMBERS, UPPER)                                                         \
    struct sendx_##name {                                                                          \
        CODEC_RECORD_HEAD                                                                          \
        MEMBERS(MODEL_STRUCT_MEMBER)                                                               \
    };
SENDX_MODELS(MODEL_STRUCT)
#undef MODEL_STRUCT

/* Member indexes: SENDX_CONTACT_EMAIL, ... and SENDX_CONTACT__COUNT. */
#define MODEL_ENUM(name, MEMBERS, UPPER)                                                           \
    enum sendx_##name##_member{MEMBERS(MODEL_ENUM_ITEM_##UPPER) SENDX_##UPPER##__COUNT};
#define MODEL_ENUM_ITEM(UPPER, E)                  SENDX_##UPPER##_##E,
#define MODEL_ENUM_ITEM_CONTACT(E, m, t, l, s)     MODEL_ENUM_ITEM(CONTACT, E)
#define MODEL_ENUM_ITEM_LIST(E, m, t, l, s)        MODEL_ENUM_ITEM(LIST, E)
#define MODEL_ENUM_ITEM_TAG(E, m, t, l, s)         MODEL_ENUM_ITEM(TAG, E)
#define MODEL_ENUM_ITEM_CAMPAIGN(E, m, t, l, s)    MODEL_ENUM_ITEM(CAMPAIGN, E)
#define MODEL_ENUM_ITEM_TEMPLATE(E, m, t, l, s)    MODEL_ENUM_ITEM(TEMPLATE, E)
#define MODEL_ENUM_ITEM_SENDER(E, m, t, l, s)      MODEL_ENUM_ITEM(SENDER, E)
#define MODEL_ENUM_ITEM_FIELD(E, m, t, l, s)       MODEL_ENUM_ITEM(FIELD, E)
#define MODEL_ENUM_ITEM_WEBHOOK(E, m, t, l, s)     MODEL_ENUM_ITEM(WEBHOOK, E)
#define MODEL_ENUM_ITEM_MEMBER(E, m, t, l, s)      MODEL_ENUM_ITEM(MEMBER, E)
#define MODEL_ENUM_ITEM_LINK_STAT(E, m, t, l, s)   MODEL_ENUM_ITEM(LINK_STAT, E)
#define MODEL_ENUM_ITEM_REPORT(E, m, t, l, s)      MODEL_ENUM_ITEM(REPORT, E)
#define MODEL_ENUM_ITEM_IDENTIFY(E, m, t, l, s)    MODEL_ENUM_ITEM(IDENTIFY, E)
#define MODEL_ENUM_ITEM_TRACK(E, m, t, l, s)       MODEL_ENUM_ITEM(TRACK, E)
#define MODEL_ENUM_ITEM_ADDRESS(E, m, t, l, s)     MODEL_ENUM_ITEM(ADDRESS, E)
#define MODEL_ENUM_ITEM_RECIPIENT(E, m, t, l, s)   MODEL_ENUM_ITEM(RECIPIENT, E)
#define MODEL_ENUM_ITEM_EMAIL(E, m, t, l, s)       MODEL_ENUM_ITEM(EMAIL, E)
#define MODEL_ENUM_ITEM_SEND_RESULT(E, m, t, l, s) MODEL_ENUM_ITEM(SEND_RESULT, E)
#define MODEL_ENUM_ITEM_MESSAGE(E, m, t, l, s)     MODEL_ENUM_ITEM(MESSAGE, E)
SENDX_MODELS(MODEL_ENUM)
#undef MODEL_ENUM

/* The type tables: model_contact_type, ... */
#define MODEL_TYPE_DECL(name, MEMBERS, UPPER) extern const struct model_type model_##name##_type;
SENDX_MODELS(MODEL_TYPE_DECL)
#undef MODEL_TYPE_DECL

/* The browsable resources, in pane order. */
enum sendx_kind {
    SENDX_KIND_CONTACT,
    SENDX_KIND_LIST,
    SENDX_KIND_TAG,
    SENDX_KIND_CAMPAIGN,
    SENDX_KIND_TEMPLATE,
    SENDX_KIND_SENDER,
    SENDX_KIND_FIELD,
    SENDX_KIND_WEBHOOK,
    SENDX_KIND_MEMBER,
    SENDX_KIND_COUNT
};

/* What the API lets you do with a resource. */
enum sendx_op {
    SENDX_OP_LIST = 1u << 0,
    SENDX_OP_GET = 1u << 1,
    SENDX_OP_CREATE = 1u << 2,
    SENDX_OP_UPDATE = 1u << 3,
    SENDX_OP_DELETE = 1u << 4,
    SENDX_OP_SEARCH = 1u << 5, /* the list endpoint takes ?search= */
    SENDX_OP_PAGED = 1u << 6,  /* the list endpoint takes offset/limit */
};

struct model_resource {
    enum sendx_kind kind;
    const char *name;      /* "contact": for messages and commands */
    const char *plural;    /* "contacts" */
    const char *title;     /* "Contacts": for people */
    const char *path;      /* under the base URL: "contact", "template/email" */
    const char *id_prefix; /* "contact_" */
    const struct model_type *type;
    const struct codec_schema *read;  /* response body schema (RestR...) */
    const struct codec_schema *write; /* request body schema (RestE...), or NULL */
    unsigned ops;                     /* enum sendx_op bits */
    int page_default;                 /* the server's default limit (0 if not paged) */
    int page_max;                     /* the documented maximum limit (0 if not paged) */
    unsigned id_member;               /* the member holding the record's id */
};

/* Borrowed, static. kind must be < SENDX_KIND_COUNT. */
const struct model_resource *model_resource(enum sendx_kind kind);

/* The longest text model_id_plausible accepts, in bytes. */
#define MODEL_ID_MAX 128

/* Whether id can be what identifies a record: 1 to MODEL_ID_MAX ASCII
 * letters, digits and '_'. Deliberately looser than the API's documented
 * pattern (ids.h): the spec's own examples carry shorter ids, and a
 * record is only rejected for an id no server could have meant, one that
 * could not name the record in a path or be shown as one. */
bool model_id_plausible(const char *id);

/* The spec's schemas by the spec's name ("RestRContact", "RestEList",
 * "ErrorResponse", ...), or NULL if the codec does not cover it. */
const struct codec_schema *model_schema_find(const char *spec_name);

/* Every schema the codec covers, for tests and the mock. */
extern const struct codec_schema *const model_schemas[];
extern const size_t model_n_schemas;

/* Named schemas used directly by the client. */
extern const struct codec_schema model_report_schema;         /* RestReportData */
extern const struct codec_schema model_identify_schema;       /* IdentifyRequest */
extern const struct codec_schema model_track_schema;          /* TrackRequest */
extern const struct codec_schema model_message_schema;        /* MessageResponse */
extern const struct codec_schema model_email_schema;          /* XEmailMessage */
extern const struct codec_schema model_template_email_schema; /* TemplateEmailMessage */
extern const struct codec_schema model_send_result_schema;    /* XEmailResponse */
extern const struct codec_schema model_error_schema;          /* ErrorResponse */

#endif
