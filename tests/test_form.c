/* The form: its rows per resource (every one writable), opening on a new
 * record and on a loaded one, typing (wide characters, every line
 * action), focus, toggles and choices, what a create and an update send
 * (only what changed, a cleared text as ""), the checks beside each row
 * and their going once fixed, custom field values under either id
 * spelling, new tag names, the server's words placed beside the row
 * they name, drafts loaded back, and what each row shows. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/model.h"
#include "app/form.h"
#include "app/names.h"
#include "app/text.h"

#define LIST_A   "list_OcuxJHdiAvujmwQVJfd3ss"
#define LIST_B   "list_0tOFLp5RgV7s3LNiHrjGYs"
#define TAG_A    "tag_UVWXYZabcdef1234567890"
#define SENDER_A "sender_4vK3WFhMgvOwUNyaL4QxCD"
#define TAIL_A   "MnuqBAG2NPLm7PZMWbjQxt"
#define TAIL_B   "QqfhckbdcvQinLPlduIbHq"
#define TAIL_C   "Xy3Zb4C5De6Fg7Hi8Jk9Lm"

static struct form f;
static struct api_error err;

/* Cell widths (CJK takes two) need a UTF-8 locale, as main() sets. */
static void setup(void)
{
    cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
}

static void teardown(void)
{
    form_free(&f);
    api_error_clear(&err);
}

TestSuite(form, .init = setup, .fini = teardown);

/* A record of kind as the server sends it: heap, the caller frees it
 * with free_record. */
static void *record_of(enum sendx_kind kind, const char *json)
{
    const struct model_resource *r = model_resource(kind);
    void *rec = calloc(1, r->type->size);
    cJSON *j = cJSON_Parse(json);
    cr_assert(rec && j, "%s", json);
    cr_assert_eq(codec_decode(r->read, j, rec, &err), 0, "%s", api_error_message(&err));
    cJSON_Delete(j);
    return rec;
}

static void free_record(enum sendx_kind kind, void *rec)
{
    codec_free(model_resource(kind)->type, rec);
    free(rec);
}

static void open_on(enum sendx_kind kind, const char *json, const struct form_custom *customs,
                    size_t n)
{
    void *rec = json ? record_of(kind, json) : NULL;
    cr_assert_eq(form_open(&f, kind, rec, customs, n, &err), 0, "%s", api_error_message(&err));
    if (rec)
        free_record(kind, rec);
}

/* The row showing member (not a custom field's). */
static size_t row(unsigned member)
{
    for (size_t i = 0; i < f.n_fields; i++)
        if (f.fields[i].def->widget != FORM_CUSTOM && f.fields[i].def->member == member)
            return i;
    cr_assert_fail("no row for member %u", member);
    return 0;
}

/* Types utf8 one code point at a time into the focused row, as keys do. */
static void type(const char *utf8)
{
    for (const unsigned char *p = (const unsigned char *)utf8; *p;) {
        uint32_t cp;
        size_t n = text_utf8_decode(p, &cp);
        cr_assert_gt(n, 0);
        cr_assert_eq(form_insert(&f, cp), 1);
        p += n;
    }
}

static void type_into(unsigned member, const char *utf8)
{
    form_focus_set(&f, row(member));
    form_edit(&f, ACTION_PROMPT_END);
    form_edit(&f, ACTION_PROMPT_KILL_START);
    type(utf8);
}

/* What an update would send, as JSON. */
static void expect_change(const char *json)
{
    const struct model_resource *r = model_resource(f.kind);
    void *change = calloc(1, r->type->size);
    cr_assert_not_null(change);
    cr_assert_eq(form_change(&f, change, &err), 0, "%s", api_error_message(&err));
    char *body = codec_encode_string(r->write, change);
    cr_assert_not_null(body);
    cr_expect_str_eq(body, json);
    free(body);
    free_record(f.kind, change);
}

/* The form's values as a create would send them (heap JSON). */
static char *values_body(void)
{
    const struct model_resource *r = model_resource(f.kind);
    void *values = calloc(1, r->type->size);
    cr_assert_not_null(values);
    cr_assert_eq(form_values(&f, values, &err), 0, "%s", api_error_message(&err));
    char *body = codec_encode_string(r->write, values);
    cr_assert_not_null(body);
    free_record(f.kind, values);
    return body;
}

static void expect_values(const char *json)
{
    char *body = values_body();
    cr_expect_str_eq(body, json);
    free(body);
}

static const char *display(size_t i, const struct names *names)
{
    static char buf[256];
    return form_field_display(&f, i, names, buf, sizeof buf);
}

static const char contact_json[] =
    "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"firstName\":\"John\",\"lastName\":\"Doe\","
    "\"email\":\"john.doe@example.com\",\"company\":\"Acme\","
    "\"customFields\":{\"field_" TAIL_A "\":\"Engineering\",\"custom_field_" TAIL_B
    "\":\"Senior\",\"field_" TAIL_C "\":\"kept\"},"
    "\"lists\":[\"" LIST_A "\",\"" LIST_B "\"],\"tags\":[],"
    "\"updated\":\"2024-01-15T09:15:00Z\",\"lastTrackedIp\":\"203.0.113.42\"}";

/* Offered under the other spelling from the record's, on purpose. */
static const struct form_custom customs[] = {
    {.id = "custom_field_" TAIL_A, .name = "Department", .type = 0},
    {.id = "field_" TAIL_B, .name = "Score", .type = 1},
};
#define N_CUSTOMS (sizeof customs / sizeof customs[0])

/* ---- the rows ---- */

Test(form, every_row_is_a_writable_member_of_the_right_type)
{
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct form_def *def = form_def_for((enum sendx_kind)k);
        if (k == SENDX_KIND_MEMBER) {
            cr_expect_null(def, "team members cannot be created");
            continue;
        }
        cr_assert_not_null(def, "kind %d", k);
        cr_expect_eq(def->kind, (enum sendx_kind)k);
        cr_expect_gt(def->n, 0);
        const struct model_type *t = model_resource(def->kind)->type;
        for (size_t i = 0; i < def->n; i++) {
            const struct form_field_def *d = &def->fields[i];
            struct validate_spec spec;
            cr_expect(validate_spec_of(def->kind, d->member, &spec), "%s: %s is not writable",
                      t->name, t->members[d->member].label);
            enum codec_type ct = t->members[d->member].type;
            switch (d->widget) {
            case FORM_TEXT:
            case FORM_LONG_TEXT:
            case FORM_REF:
                cr_expect_eq(ct, CODEC_STRING, "%s row %zu", t->name, i);
                break;
            case FORM_BOOL:
                cr_expect_eq(ct, CODEC_BOOL, "%s row %zu", t->name, i);
                break;
            case FORM_CHOICE:
                cr_expect_eq(ct, CODEC_INT, "%s row %zu", t->name, i);
                cr_expect(spec.rules & VALIDATE_CHOICE, "%s row %zu", t->name, i);
                break;
            case FORM_REFS:
            case FORM_TAGS:
                cr_expect_eq(ct, CODEC_STRINGS, "%s row %zu", t->name, i);
                break;
            case FORM_CUSTOM:
                cr_expect_fail("%s: custom rows come from form_open", t->name);
                break;
            }
            if (d->widget == FORM_REF || d->widget == FORM_REFS || d->widget == FORM_TAGS)
                cr_expect(spec.rules & VALIDATE_ID, "%s row %zu names no ids", t->name, i);
        }
    }
    cr_expect_not(form_def_for(SENDX_KIND_SENDER)->can_edit);
    cr_expect_not(form_def_for(SENDX_KIND_CAMPAIGN)->can_edit);
    cr_expect(form_def_for(SENDX_KIND_CONTACT)->can_edit);
    /* RestEList has no type to show. */
    cr_expect_eq(form_def_for(SENDX_KIND_LIST)->n, 1);
}

Test(form, a_new_contact_has_its_rows_in_order_and_no_changes)
{
    open_on(SENDX_KIND_CONTACT, NULL, customs, N_CUSTOMS);
    static const char *const labels[] = {"Email", "First name", "Last name",  "Company",
                                         "Lists", "Tags",       "Department", "Score"};
    cr_assert_eq(f.n_fields, sizeof labels / sizeof labels[0]);
    for (size_t i = 0; i < f.n_fields; i++)
        cr_expect_str_eq(form_field_label(&f, i), labels[i]);
    cr_expect_eq(f.fields[4].def->widget, FORM_REFS);
    cr_expect_eq(f.fields[4].def->ref_kind, SENDX_KIND_LIST);
    cr_expect_eq(f.fields[5].def->widget, FORM_TAGS);
    cr_expect_eq(f.fields[6].def->widget, FORM_CUSTOM);
    cr_expect_null(f.id);
    cr_expect_eq(f.focus, 0);
    char title[64];
    cr_expect_str_eq(form_title(&f, title, sizeof title), "New contact");
    cr_expect(form_field_required(&f, row(SENDX_CONTACT_EMAIL)));
    cr_expect_not(form_field_required(&f, row(SENDX_CONTACT_FIRST_NAME)));
    cr_expect_not(form_field_required(&f, 6));
    cr_expect_not(form_changed(&f));
    expect_values("{}");
    cr_expect_str_eq(display(row(SENDX_CONTACT_LISTS), NULL), "(none)");
}

Test(form, an_edit_form_shows_the_record_and_custom_values_by_either_spelling)
{
    open_on(SENDX_KIND_CONTACT, contact_json, customs, N_CUSTOMS);
    cr_expect_str_eq(f.id, "contact_BnKjkbBBS500CoBCP0oChQ");
    char title[64];
    cr_expect_str_eq(form_title(&f, title, sizeof title), "Edit contact john.doe@example.com");
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_FIRST_NAME)), "John");
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_COMPANY)), "Acme");
    const struct sendx_strv *lists = form_field_items(&f, row(SENDX_CONTACT_LISTS));
    cr_assert_not_null(lists);
    cr_assert_eq(lists->len, 2);
    cr_expect_str_eq(lists->items[0], LIST_A);
    /* custom_field_A offered, field_A in the record; field_B offered,
     * custom_field_B in the record. */
    cr_expect_str_eq(form_field_text(&f, 6), "Engineering");
    cr_expect_str_eq(form_field_text(&f, 7), "Senior");
    cr_expect_null(form_field_items(&f, 6));
    cr_expect_null(form_field_text(&f, row(SENDX_CONTACT_LISTS)));
    cr_expect_not(form_changed(&f));
    expect_change("{}");
}

Test(form, a_custom_value_goes_under_the_key_the_record_used)
{
    open_on(SENDX_KIND_CONTACT, contact_json, customs, N_CUSTOMS);
    form_focus_set(&f, 6);
    form_edit(&f, ACTION_PROMPT_KILL_START);
    type("Sales");
    /* Not a clear of field_A and a new custom_field_A; field_C, which no
     * row shows, is left alone. */
    expect_change("{\"customFields\":{\"field_" TAIL_A "\":\"Sales\"}}");

    /* A value for a field the record has none for goes under the id
     * given; a cleared one is sent as "". */
    form_free(&f);
    open_on(SENDX_KIND_CONTACT,
            "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"email\":\"a@example.com\","
            "\"customFields\":{\"field_" TAIL_A "\":\"Ops\"}}",
            customs, N_CUSTOMS);
    cr_assert_eq(form_set_text(&f, 7, "42"), 0);
    cr_assert_eq(form_set_text(&f, 6, ""), 0);
    expect_change("{\"customFields\":{\"field_" TAIL_B "\":\"42\",\"field_" TAIL_A "\":\"\"}}");
}

Test(form, kinds_without_a_form_or_an_update_are_refused)
{
    cr_expect_eq(form_open(&f, SENDX_KIND_MEMBER, NULL, NULL, 0, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    api_error_clear(&err);
    void *sender = record_of(SENDX_KIND_SENDER, "{\"id\":\"" SENDER_A "\",\"name\":\"Ann\"}");
    cr_expect_eq(form_open(&f, SENDX_KIND_SENDER, sender, NULL, 0, &err), -1);
    cr_expect_eq(err.kind, API_ERR_INVALID);
    free_record(SENDX_KIND_SENDER, sender);
    api_error_clear(&err);
    cr_expect_eq(form_open(&f, SENDX_KIND_SENDER, NULL, NULL, 0, &err), 0);
}

/* ---- typing ---- */

Test(form, wide_characters_are_typed_and_scrolled_whole)
{
    open_on(SENDX_KIND_CONTACT, NULL, NULL, 0);
    form_set_width(&f, 6);
    form_focus_set(&f, row(SENDX_CONTACT_FIRST_NAME));
    type("山田 花子 José");
    const char *want = "山田 花子 José";
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_FIRST_NAME)), want);
    const struct line *l = &f.fields[row(SENDX_CONTACT_FIRST_NAME)].line;
    cr_expect_gt(l->scroll, 0, "a long name scrolls");
    cr_expect_leq(line_cursor_cell(l), 5, "the cursor stays inside the field");
    /* Backspace takes a whole character, and the cell count agrees. */
    form_edit(&f, ACTION_PROMPT_HOME);
    form_edit(&f, ACTION_PROMPT_RIGHT);
    cr_expect_eq(line_cursor_cell(l), 2);
    cr_expect(form_edit(&f, ACTION_PROMPT_BACKSPACE));
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_FIRST_NAME)), "田 花子 José");
    /* A paste's newline and escape never get in. */
    cr_expect_eq(form_insert_text(&f, "\x1b[31m\n", 6), 1);
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_FIRST_NAME)), "[31m田 花子 José");
    cr_expect_eq(form_insert(&f, 0x07), 0);
    expect_values("{\"firstName\":\"[31m田 花子 José\"}");
}

Test(form, every_line_action_reaches_the_focused_row)
{
    open_on(SENDX_KIND_CONTACT, contact_json, NULL, 0);
    size_t company = row(SENDX_CONTACT_COMPANY);
    cr_assert_eq(form_set_text(&f, company, "alpha beta"), 0);
    form_focus_set(&f, company);
    const struct line *l = &f.fields[company].line;
    cr_expect_eq(l->cursor, 10);
    cr_expect_not(form_edit(&f, ACTION_PROMPT_LEFT));
    cr_expect_eq(l->cursor, 9);
    form_edit(&f, ACTION_PROMPT_HOME);
    cr_expect_eq(l->cursor, 0);
    form_edit(&f, ACTION_PROMPT_RIGHT);
    cr_expect_eq(l->cursor, 1);
    cr_expect(form_edit(&f, ACTION_PROMPT_DELETE));
    cr_expect_str_eq(line_text(l), "apha beta");
    cr_expect(form_edit(&f, ACTION_PROMPT_BACKSPACE));
    cr_expect_str_eq(line_text(l), "pha beta");
    form_edit(&f, ACTION_PROMPT_END);
    cr_expect_eq(l->cursor, 8);
    cr_expect(form_edit(&f, ACTION_PROMPT_DELETE_WORD));
    cr_expect_str_eq(line_text(l), "pha ");
    form_edit(&f, ACTION_PROMPT_LEFT);
    cr_expect(form_edit(&f, ACTION_PROMPT_KILL_END));
    cr_expect_str_eq(line_text(l), "pha");
    cr_expect(form_edit(&f, ACTION_PROMPT_KILL_START));
    cr_expect_str_eq(line_text(l), "");
    cr_expect_not(form_edit(&f, ACTION_PROMPT_BACKSPACE), "nothing left to delete");
    cr_expect_not(form_edit(&f, ACTION_ROW_DOWN), "not a line action");
    /* The other rows never saw a key. */
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_FIRST_NAME)), "John");
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_LAST_NAME)), "Doe");
    /* A row of ids takes no typing. */
    form_focus_set(&f, row(SENDX_CONTACT_LISTS));
    cr_expect_not(form_edit(&f, ACTION_PROMPT_KILL_START));
    cr_expect_eq(form_insert(&f, 'x'), 0);
    cr_expect_eq(form_field_items(&f, row(SENDX_CONTACT_LISTS))->len, 2);
}

Test(form, focus_wraps_both_ways)
{
    open_on(SENDX_KIND_TAG, NULL, NULL, 0);
    cr_expect_eq(f.n_fields, 1);
    form_focus_next(&f);
    cr_expect_eq(f.focus, 0);
    form_free(&f);
    open_on(SENDX_KIND_WEBHOOK, NULL, NULL, 0);
    size_t last = f.n_fields - 1;
    form_focus_prev(&f);
    cr_expect_eq(f.focus, last);
    form_focus_next(&f);
    cr_expect_eq(f.focus, 0);
    form_focus_next(&f);
    cr_expect_eq(f.focus, 1);
    form_focus_set(&f, f.n_fields);
    cr_expect_eq(f.focus, 1, "past the last row is ignored");
    form_focus_set(&f, last);
    form_focus_next(&f);
    cr_expect_eq(f.focus, 0);
}

/* ---- toggles and choices ---- */

Test(form, booleans_flip_and_start_at_the_spec_defaults)
{
    open_on(SENDX_KIND_WEBHOOK, NULL, NULL, 0);
    size_t enabled = row(SENDX_WEBHOOK_ENABLED), opened = row(SENDX_WEBHOOK_OPENED);
    cr_expect_str_eq(display(enabled, NULL), "[x]");
    cr_expect_str_eq(display(opened, NULL), "[ ]");
    cr_expect_not(form_changed(&f));
    form_focus_set(&f, row(SENDX_WEBHOOK_URL));
    cr_expect_not(form_toggle(&f), "a text row does not toggle");
    form_focus_set(&f, enabled);
    cr_expect(form_toggle(&f));
    form_focus_set(&f, opened);
    cr_expect(form_toggle(&f));
    cr_expect_str_eq(display(enabled, NULL), "[ ]");
    cr_expect_str_eq(display(opened, NULL), "[x]");
    cr_expect(form_changed(&f));
    expect_values("{\"enabled\":false,\"unsubscribed\":false,\"dropped\":false,\"bounced\":false,"
                  "\"markedSpam\":false,\"clicked\":false,\"opened\":true,"
                  "\"contactCreated\":false}");
    cr_expect(form_toggle(&f));
    form_focus_set(&f, enabled);
    cr_expect(form_toggle(&f));
    cr_expect_not(form_changed(&f), "flipped back is no change");
}

Test(form, choices_cycle_through_the_codes_the_spec_names)
{
    open_on(SENDX_KIND_FIELD, NULL, NULL, 0);
    size_t type_row = row(SENDX_FIELD_TYPE);
    form_focus_set(&f, type_row);
    static const char *const seen[] = {"Number", "Date", "Boolean", "Phone", "Text"};
    cr_expect_str_eq(display(type_row, NULL), "Text");
    for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++) {
        cr_expect(form_toggle(&f));
        cr_expect_str_eq(display(type_row, NULL), seen[i]);
    }
    form_toggle(&f);
    type_into(SENDX_FIELD_NAME, "Score");
    expect_values("{\"name\":\"Score\",\"type\":1}");

    form_free(&f);
    open_on(SENDX_KIND_CAMPAIGN, NULL, NULL, 0);
    size_t schedule = row(SENDX_CAMPAIGN_SCHEDULE_TYPE);
    form_focus_set(&f, schedule);
    cr_expect_str_eq(display(schedule, NULL), "Schedule later");
    form_toggle(&f);
    cr_expect_str_eq(display(schedule, NULL), "Send now");
    form_toggle(&f);
    cr_expect_str_eq(display(schedule, NULL), "Schedule later");
}

/* ---- what is sent ---- */

Test(form, an_update_sends_only_what_changed_and_a_clear_as_empty)
{
    open_on(SENDX_KIND_CONTACT, contact_json, customs, N_CUSTOMS);
    type_into(SENDX_CONTACT_FIRST_NAME, "Jo");
    form_focus_set(&f, row(SENDX_CONTACT_COMPANY));
    form_edit(&f, ACTION_PROMPT_KILL_START);
    cr_expect(form_changed(&f));
    expect_change("{\"firstName\":\"Jo\",\"company\":\"\"}");

    /* The same lists in another order are the same lists. */
    const char *const swapped[] = {LIST_B, LIST_A};
    cr_assert_eq(form_set_items(&f, row(SENDX_CONTACT_LISTS), swapped, 2), 0);
    expect_change("{\"firstName\":\"Jo\",\"company\":\"\"}");
    const char *const one[] = {LIST_A};
    cr_assert_eq(form_set_items(&f, row(SENDX_CONTACT_LISTS), one, 1), 0);
    expect_change("{\"firstName\":\"Jo\",\"company\":\"\",\"lists\":[\"" LIST_A "\"]}");
}

Test(form, blank_text_sets_nothing_the_record_did_not_have)
{
    open_on(SENDX_KIND_CONTACT, NULL, NULL, 0);
    type_into(SENDX_CONTACT_EMAIL, "a@example.com");
    type_into(SENDX_CONTACT_FIRST_NAME, "   ");
    type_into(SENDX_CONTACT_LAST_NAME, " Doe ");
    expect_values("{\"lastName\":\" Doe \",\"email\":\"a@example.com\"}");

    form_free(&f);
    open_on(SENDX_KIND_CONTACT, "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"email\":\"a@b.co\"}",
            NULL, 0);
    type_into(SENDX_CONTACT_COMPANY, " ");
    cr_expect_not(form_changed(&f));
    expect_change("{}");
}

Test(form, an_untouched_row_keeps_the_record_value_it_cannot_show)
{
    open_on(SENDX_KIND_LIST, "{\"id\":\"" LIST_A "\",\"name\":\"Q1\\tleads\"}", NULL, 0);
    cr_expect_str_eq(form_field_text(&f, 0), "Q1leads", "the tab is not shown");
    cr_expect_not(form_changed(&f));
    expect_change("{}");
    char title[64];
    cr_expect_str_eq(form_title(&f, title, sizeof title), "Edit list Q1\tleads");
}

Test(form, a_new_campaign_needs_its_required_members)
{
    open_on(SENDX_KIND_CAMPAIGN, NULL, NULL, 0);
    size_t bad = form_validate(&f, true);
    cr_expect_eq(bad, 5, "name, subject, sender, HTML, send time");
    const unsigned needed[] = {SENDX_CAMPAIGN_NAME, SENDX_CAMPAIGN_SUBJECT, SENDX_CAMPAIGN_SENDER,
                               SENDX_CAMPAIGN_HTML_CONTENT, SENDX_CAMPAIGN_SCHEDULE_CONDITION};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        cr_expect_not_null(form_field_error(&f, row(needed[i])), "member %u", needed[i]);
        cr_expect(form_field_required(&f, row(needed[i])), "member %u", needed[i]);
    }
    cr_expect_null(form_field_error(&f, row(SENDX_CAMPAIGN_PREHEADER)));
    cr_expect_eq(f.focus, row(SENDX_CAMPAIGN_NAME));

    /* Sent at once, it needs no send time: that error goes at once. */
    form_focus_set(&f, row(SENDX_CAMPAIGN_SCHEDULE_TYPE));
    form_toggle(&f);
    cr_expect_not(form_field_required(&f, row(SENDX_CAMPAIGN_SCHEDULE_CONDITION)));
    cr_expect_null(form_field_error(&f, row(SENDX_CAMPAIGN_SCHEDULE_CONDITION)));
    form_toggle(&f);

    type_into(SENDX_CAMPAIGN_NAME, "Spring");
    type_into(SENDX_CAMPAIGN_SUBJECT, "Hello");
    const char *const senders[] = {SENDER_A, "sender_ignoredIgnoredIgnored12"};
    cr_assert_eq(form_set_items(&f, row(SENDX_CAMPAIGN_SENDER), senders, 2), 0);
    cr_expect_eq(form_field_items(&f, row(SENDX_CAMPAIGN_SENDER))->len, 1, "one sender");
    cr_assert_eq(form_set_text(&f, row(SENDX_CAMPAIGN_HTML_CONTENT), "<p>Hi</p>"), 0);
    type_into(SENDX_CAMPAIGN_SCHEDULE_CONDITION, "2025-06-01");
    cr_expect_eq(form_validate(&f, true), 0);
    expect_values("{\"name\":\"Spring\",\"subject\":\"Hello\",\"sender\":\"" SENDER_A "\","
                  "\"htmlCode\":\"<p>Hi</p>\",\"scheduleType\":0,"
                  "\"scheduleCondition\":\"2025-06-01\"}");
}

/* ---- checks ---- */

Test(form, email_is_required_checked_and_its_error_goes_once_fixed)
{
    open_on(SENDX_KIND_CONTACT, NULL, NULL, 0);
    form_focus_set(&f, row(SENDX_CONTACT_COMPANY));
    cr_expect_eq(form_validate(&f, true), 1);
    size_t email = row(SENDX_CONTACT_EMAIL);
    cr_expect_eq(f.focus, email);
    cr_expect_str_eq(form_field_error(&f, email), "required");
    type("john@");
    cr_expect_str_eq(form_field_error(&f, email), "not an email address");
    type("example.com");
    cr_expect_null(form_field_error(&f, email));
    cr_expect_eq(form_validate(&f, false), 0);
    /* Checked on leaving, without a save. */
    type_into(SENDX_CONTACT_EMAIL, "nope");
    cr_expect_null(form_field_error(&f, email), "no complaint while typing");
    cr_expect_str_eq(form_validate_field(&f, email), "not an email address");
}

Test(form, a_bad_url_is_shown_beside_it)
{
    open_on(SENDX_KIND_WEBHOOK, NULL, NULL, 0);
    type_into(SENDX_WEBHOOK_URL, "ftp://hooks.example.com/x");
    cr_expect_eq(form_validate(&f, false), 1);
    cr_expect_not_null(form_field_error(&f, row(SENDX_WEBHOOK_URL)));
    cr_assert_eq(form_set_text(&f, row(SENDX_WEBHOOK_URL), "https://hooks.example.com/x"), 0);
    cr_expect_null(form_field_error(&f, row(SENDX_WEBHOOK_URL)));
}

Test(form, custom_values_are_checked_by_their_field_type)
{
    const struct form_custom typed[] = {
        {.id = "field_" TAIL_A, .name = "Score", .type = 1},
        {.id = "field_" TAIL_B, .name = "Born", .type = 2},
    };
    open_on(SENDX_KIND_CONTACT, NULL, typed, 2);
    type_into(SENDX_CONTACT_EMAIL, "a@example.com");
    form_focus_set(&f, 6);
    type("12abc");
    cr_assert_eq(form_set_text(&f, 7, "2024-02-30"), 0);
    cr_expect_eq(form_validate(&f, false), 2);
    cr_expect_str_eq(form_field_error(&f, 6), "a number, like 42 or 3.75");
    cr_expect_not_null(form_field_error(&f, 7));
    cr_expect_not(form_field_required(&f, 6));
    form_edit(&f, ACTION_PROMPT_DELETE_WORD);
    type("12.5");
    cr_expect_null(form_field_error(&f, 6));
    cr_assert_eq(form_set_text(&f, 7, "2024-02-29"), 0);
    cr_expect_null(form_field_error(&f, 7));
    expect_values("{\"email\":\"a@example.com\",\"customFields\":{\"field_" TAIL_A
                  "\":\"12.5\",\"field_" TAIL_B "\":\"2024-02-29\"}}");
}

/* ---- rows chosen elsewhere ---- */

Test(form, a_new_tag_name_is_kept_as_a_name)
{
    open_on(SENDX_KIND_CONTACT, NULL, NULL, 0);
    type_into(SENDX_CONTACT_EMAIL, "a@example.com");
    size_t tags = row(SENDX_CONTACT_TAGS);
    const char *const chosen[] = {TAG_A, "VIP"};
    cr_assert_eq(form_set_items(&f, tags, chosen, 2), 0);
    cr_expect(form_tag_is_name("VIP"));
    cr_expect(form_tag_is_name("UVWXYZabcdef1234567890"), "a bare tail is a name");
    cr_expect_not(form_tag_is_name(TAG_A));
    struct names names = {0};
    cr_assert_eq(names_put(&names, TAG_A, "Customers"), 0);
    cr_expect_str_eq(display(tags, &names), "Customers, VIP (new)");
    cr_expect_str_eq(display(tags, NULL), TAG_A ", VIP (new)");
    names_free(&names);
    cr_expect_eq(form_validate(&f, false), 0);
    expect_values("{\"email\":\"a@example.com\",\"tags\":[\"" TAG_A "\",\"VIP\"]}");

    const char *const blank[] = {" "};
    cr_assert_eq(form_set_items(&f, tags, blank, 1), 0);
    cr_expect_eq(form_validate(&f, false), 1);
    cr_expect_not_null(form_field_error(&f, tags));
}

Test(form, ids_show_by_name_else_as_ids)
{
    open_on(SENDX_KIND_CAMPAIGN, NULL, NULL, 0);
    size_t included = row(SENDX_CAMPAIGN_INCLUDED_LISTS);
    const char *const lists[] = {LIST_A, LIST_B};
    cr_assert_eq(form_set_items(&f, included, lists, 2), 0);
    struct names names = {0};
    cr_assert_eq(names_put(&names, LIST_A, "Newsletter"), 0);
    cr_expect_str_eq(display(included, &names), "Newsletter, " LIST_B);
    names_free(&names);
    cr_expect_str_eq(display(row(SENDX_CAMPAIGN_EXCLUDED_LISTS), NULL), "(none)");
    /* A cut keeps whole characters. */
    char small[5];
    cr_assert_eq(form_set_text(&f, row(SENDX_CAMPAIGN_NAME), "山田"), 0);
    cr_expect_str_eq(form_field_display(&f, row(SENDX_CAMPAIGN_NAME), NULL, small, sizeof small),
                     "山");
    char title[8];
    cr_expect_str_eq(form_title(&f, title, sizeof title), "New cam");
}

Test(form, long_text_is_kept_whole_and_shown_as_a_summary)
{
    open_on(SENDX_KIND_TEMPLATE, NULL, NULL, 0);
    size_t html = row(SENDX_TEMPLATE_HTML_CODE);
    cr_expect_eq(f.fields[html].def->widget, FORM_LONG_TEXT);
    cr_expect_str_eq(display(html, NULL), "(empty)");
    const char body[] = "<p>hi</p>\n<p>thére</p>\n";
    cr_assert_eq(form_set_text(&f, html, body), 0);
    cr_expect_str_eq(form_field_text(&f, html), body);
    cr_expect_str_eq(display(html, NULL), "2 lines, 23 characters");
    cr_assert_eq(form_set_text(&f, html, "x"), 0);
    cr_expect_str_eq(display(html, NULL), "1 line, 1 character");
    cr_assert_eq(form_set_text(&f, html, body), 0);
    type_into(SENDX_TEMPLATE_NAME, "Welcome");
    type_into(SENDX_TEMPLATE_SUBJECT, "Hi");
    expect_values("{\"name\":\"Welcome\",\"subject\":\"Hi\","
                  "\"htmlContent\":\"<p>hi</p>\\n<p>thére</p>\\n\"}");
}

/* ---- the server's words ---- */

Test(form, server_errors_go_beside_the_row_they_name)
{
    open_on(SENDX_KIND_CONTACT, contact_json, customs, N_CUSTOMS);
    size_t email = row(SENDX_CONTACT_EMAIL), first = row(SENDX_CONTACT_FIRST_NAME);
    form_focus_set(&f, first);
    cr_assert_eq(form_server_error(&f, 409, "Contact already exists"), 0);
    cr_expect_str_eq(form_field_error(&f, email), "Contact already exists");
    cr_expect_eq(f.focus, email);
    cr_expect_null(f.message);

    cr_assert_eq(form_server_error(&f, 422, "firstName: too long"), 0);
    cr_expect_str_eq(form_field_error(&f, first), "firstName: too long");
    cr_assert_eq(form_server_error(&f, 400, "Bad value for SCORE"), 0);
    cr_expect_str_eq(form_field_error(&f, 7), "Bad value for SCORE");

    cr_assert_eq(form_server_error(&f, 500, "email service down"), 0);
    cr_expect_str_eq(f.message, "email service down", "a 5xx is about no row");
    cr_assert_eq(form_server_error(&f, 422, NULL), 0);
    cr_expect_str_eq(f.message, "the server refused it (HTTP 422)");

    /* Editing a row drops the server's words about it. */
    form_focus_set(&f, first);
    type("n");
    cr_expect_null(form_field_error(&f, first));
    cr_expect_not_null(form_field_error(&f, email));
    form_clear_server_errors(&f);
    cr_expect_null(form_field_error(&f, email));
    cr_expect_null(f.message);

    form_free(&f);
    open_on(SENDX_KIND_WEBHOOK, NULL, NULL, 0);
    cr_assert_eq(form_server_error(&f, 422, "The URL is not reachable"), 0);
    cr_expect_not_null(form_field_error(&f, row(SENDX_WEBHOOK_URL)));
    cr_assert_eq(form_server_error(&f, 422, "Something else broke"), 0);
    cr_expect_str_eq(f.message, "Something else broke");
    cr_assert_eq(form_server_error(&f, 409, "Conflict on url"), 0);
    cr_expect_str_eq(form_field_error(&f, row(SENDX_WEBHOOK_URL)), "Conflict on url");
}

/* ---- drafts and conflicts ---- */

Test(form, values_loaded_back_make_the_same_form)
{
    open_on(SENDX_KIND_CONTACT, contact_json, customs, N_CUSTOMS);
    type_into(SENDX_CONTACT_LAST_NAME, "Doe-Smith");
    form_focus_set(&f, 7);
    type("7");
    const char *const tags[] = {"VIP"};
    cr_assert_eq(form_set_items(&f, row(SENDX_CONTACT_TAGS), tags, 1), 0);
    struct sendx_contact values;
    cr_assert_eq(form_values(&f, &values, &err), 0);
    char *before = values_body();
    form_free(&f);

    open_on(SENDX_KIND_CONTACT, contact_json, customs, N_CUSTOMS);
    cr_assert_eq(form_load_values(&f, &values, &err), 0, "%s", api_error_message(&err));
    codec_free(&model_contact_type, &values);
    char *after = values_body();
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
    cr_expect(form_changed(&f));
    cr_expect_str_eq(form_field_text(&f, 7), "Senior7");
    cr_expect(f.fields[row(SENDX_CONTACT_LAST_NAME)].touched);
    cr_expect_not(f.fields[row(SENDX_CONTACT_FIRST_NAME)].touched);
    cr_expect_not(f.fields[6].touched);
    expect_change("{\"lastName\":\"Doe-Smith\",\"customFields\":{\"custom_field_" TAIL_B
                  "\":\"Senior7\"},\"tags\":[\"VIP\"]}");
}

Test(form, a_new_original_shows_in_untouched_rows_and_keeps_typing)
{
    open_on(SENDX_KIND_CONTACT, contact_json, NULL, 0);
    type_into(SENDX_CONTACT_FIRST_NAME, "Jon");
    void *server = record_of(SENDX_KIND_CONTACT,
                             "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"firstName\":\"Johnny\","
                             "\"email\":\"john.doe@example.com\",\"company\":\"Beta\"}");
    cr_assert_eq(form_set_original(&f, server, &err), 0);
    free_record(SENDX_KIND_CONTACT, server);
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_COMPANY)), "Beta");
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_LAST_NAME)), "");
    cr_expect_str_eq(form_field_text(&f, row(SENDX_CONTACT_FIRST_NAME)), "Jon");
    expect_change("{\"firstName\":\"Jon\"}");
}
