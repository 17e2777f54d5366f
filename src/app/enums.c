#include "app/enums.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct enum_meaning {
    enum sendx_kind kind;
    unsigned member;
    int64_t value;
    const char *text;
};

static const struct enum_meaning meanings[] = {
    {SENDX_KIND_CONTACT, SENDX_CONTACT_CONTACT_SOURCE, 1, "API/manual"},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_CONTACT_SOURCE, 2, "Import"},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_CONTACT_SOURCE, 3, "Form"},
    {SENDX_KIND_CONTACT, SENDX_CONTACT_CONTACT_SOURCE, 4, "Integration"},
    {SENDX_KIND_LIST, SENDX_LIST_TYPE, 0, "Single opt-in"},
    {SENDX_KIND_LIST, SENDX_LIST_TYPE, 1, "Double opt-in"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 0, "Draft"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 1, "Scheduled"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 2, "Sending"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 3, "Sent"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 4, "Quarantined"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 5, "Evaluating"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 6, "Evaluation failed"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_STATUS, 7, "Warming up"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_SCHEDULE_TYPE, 0, "Schedule later"},
    {SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_SCHEDULE_TYPE, 1, "Send now"},
    {SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_TYPE, 0, "Email template"},
    {SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_TYPE, 1, "Other"},
    {SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_EDITOR_TYPE, 0, "Plain text"},
    {SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_EDITOR_TYPE, 1, "Drag & drop"},
    {SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_EDITOR_TYPE, 2, "SendX editor"},
    {SENDX_KIND_FIELD, SENDX_FIELD_TYPE, 0, "Text"},
    {SENDX_KIND_FIELD, SENDX_FIELD_TYPE, 1, "Number"},
    {SENDX_KIND_FIELD, SENDX_FIELD_TYPE, 2, "Date"},
    {SENDX_KIND_FIELD, SENDX_FIELD_TYPE, 3, "Boolean"},
    {SENDX_KIND_FIELD, SENDX_FIELD_TYPE, 4, "Phone"},
};

#define N_MEANINGS (sizeof meanings / sizeof meanings[0])

const char *enums_meaning(enum sendx_kind kind, unsigned member, int64_t value)
{
    for (size_t i = 0; i < N_MEANINGS; i++)
        if (meanings[i].kind == kind && meanings[i].member == member && meanings[i].value == value)
            return meanings[i].text;
    return NULL;
}

const char *enums_text(enum sendx_kind kind, unsigned member, int64_t value, char buf[32])
{
    const char *meaning = enums_meaning(kind, member, value);
    if (meaning)
        return meaning;
    snprintf(buf, 32, "%" PRId64, value);
    return buf;
}
