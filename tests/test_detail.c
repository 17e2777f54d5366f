/* What people see of a field the server sent but that could not be read:
 * the detail view's lines (detail.c) and the table's cells (columns.c),
 * built from records decoded as the client decodes them. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "api/codec.h"
#include "api/model.h"
#include "app/app.h"
#include "app/columns.h"
#include "app/detail.h"
#include "app/names.h"
#include "app/text.h"

#define WIDTH 60

static struct names no_names;

static void setup(void)
{
    setlocale(LC_ALL, "C.UTF-8");
}

TestSuite(detail, .init = setup);
TestSuite(columns, .init = setup);

/* A heap record of kind decoded from text, as sendx_get would give it. */
static void *decoded(enum sendx_kind kind, const char *text)
{
    const struct model_resource *r = model_resource(kind);
    cJSON *j = cJSON_Parse(text);
    cr_assert_not_null(j, "test JSON does not parse: %s", text);
    void *rec = malloc(r->type->size);
    cr_assert_not_null(rec);
    struct api_error err = {0};
    cr_assert_eq(codec_decode(r->read, j, rec, &err), 0, "%s", api_error_message(&err));
    cJSON_Delete(j);
    return rec;
}

static void free_record(enum sendx_kind kind, void *rec)
{
    codec_free(model_resource(kind)->type, rec);
    free(rec);
}

/* The detail view's lines for a record (no report, folded). */
static struct detail_lines lines_of(enum sendx_kind kind, void *rec, int width)
{
    struct app_detail d = {.kind = kind, .record = rec};
    struct detail_lines l;
    cr_assert_eq(detail_build(&d, &no_names, width, "o", &l), 0);
    return l;
}

/* The line labelled label, or NULL. */
static const struct detail_line *line_labelled(const struct detail_lines *l, const char *label)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i].label && strcmp(l->items[i].label, label) == 0)
            return &l->items[i];
    return NULL;
}

Test(detail, a_wrong_typed_field_shows_as_unreadable_with_what_was_sent)
{
    void *rec = decoded(SENDX_KIND_CAMPAIGN,
                        "{\"id\":\"campaign_6h8DnYrHt4KktCnG8PDO5Z\",\"name\":\"Summer Sale\","
                        "\"smartSend\":\"America/New_York\",\"sendInContactsTimezone\":true}");
    struct detail_lines l = lines_of(SENDX_KIND_CAMPAIGN, rec, WIDTH);
    const struct detail_line *smart = line_labelled(&l, "Smart send");
    cr_assert_not_null(smart, "the unreadable field is not shown at all");
    cr_expect_str_eq(smart->value, "unreadable: \"America/New_York\"");
    cr_expect_eq(smart->style, DETAIL_HINT, "shown muted, not as a value");
    const struct detail_line *name = line_labelled(&l, "Name");
    cr_assert_not_null(name);
    cr_expect_str_eq(name->value, "Summer Sale");
    cr_expect_eq(name->style, DETAIL_FIELD);
    const struct detail_line *tz = line_labelled(&l, "Contact's timezone");
    cr_assert_not_null(tz);
    cr_expect_str_eq(tz->value, "yes");
    detail_lines_free(&l);
    free_record(SENDX_KIND_CAMPAIGN, rec);
}

Test(detail, an_unreadable_number_is_not_shown_as_zero)
{
    void *rec = decoded(SENDX_KIND_CONTACT,
                        "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"email\":\"rich@x.io\","
                        "\"LTV\":1e30}");
    struct detail_lines l = lines_of(SENDX_KIND_CONTACT, rec, WIDTH);
    const struct detail_line *ltv = line_labelled(&l, "LTV");
    cr_assert_not_null(ltv);
    cr_expect_str_eq(ltv->value, "unreadable: 1e+30");
    cr_expect_eq(ltv->style, DETAIL_HINT);
    cr_expect_not_null(line_labelled(&l, "Email"));
    detail_lines_free(&l);
    free_record(SENDX_KIND_CONTACT, rec);
}

/* The raw text is the server's: whatever it holds, its lines are drawn
 * through text_fit like every other value, and that leaves no control
 * character or bidi override for the terminal. */
Test(detail, unreadable_text_is_drawn_inert)
{
    void *rec =
        decoded(SENDX_KIND_CONTACT, "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"spam\":"
                                    "\"\\u001b]52;c;ZXZpbA==\\u0007\\u202e\\u001b[2J\\u009b31m\"}");
    struct detail_lines l = lines_of(SENDX_KIND_CONTACT, rec, WIDTH);
    const struct detail_line *spam = line_labelled(&l, "Spam");
    cr_assert_not_null(spam);
    cr_expect_not_null(strstr(spam->value, "unreadable: "), "%s", spam->value);
    for (size_t i = 0; i < l.len; i++) {
        char out[TEXT_FIT_SIZE(WIDTH)];
        text_fit(l.items[i].value, WIDTH, out, sizeof out);
        for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
            cr_expect_geq(*p, 0x20, "a control character reaches the terminal: %s", out);
            cr_expect_neq(*p, 0x7f, "%s", out);
        }
        cr_expect_null(strstr(out, "\xe2\x80\xae"), "a bidi override reaches the terminal");
        cr_expect_null(strstr(out, "\xc2\x9b"), "a C1 CSI reaches the terminal");
    }
    detail_lines_free(&l);
    free_record(SENDX_KIND_CONTACT, rec);
}

/* A long unreadable value wraps like any long value, and folds. */
Test(detail, a_long_unreadable_value_wraps_and_folds)
{
    char body[512];
    char *p = stpcpy(body, "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"bounced\":\"");
    memset(p, 'z', 300);
    strcpy(p + 300, "\"}");
    void *rec = decoded(SENDX_KIND_CONTACT, body);
    struct detail_lines l = lines_of(SENDX_KIND_CONTACT, rec, 20);
    size_t at = 0;
    while (at < l.len && !(l.items[at].label && strcmp(l.items[at].label, "Bounced") == 0))
        at++;
    cr_assert_lt(at, l.len, "no Bounced line");
    size_t shown = 0;
    for (size_t i = at; i < l.len && (i == at || !l.items[i].label); i++) {
        cr_expect_eq(l.items[i].style, DETAIL_HINT);
        shown++;
    }
    cr_assert_eq(shown, DETAIL_FOLD_LINES + 1, "four lines and the fold hint");
    for (size_t i = at; i < at + DETAIL_FOLD_LINES; i++)
        cr_expect_leq(text_width(l.items[i].value), 20, "%s", l.items[i].value);
    cr_expect_not_null(strstr(l.items[at + DETAIL_FOLD_LINES].value, "more lines"));
    detail_lines_free(&l);
    free_record(SENDX_KIND_CONTACT, rec);
}

/* A campaign's report follows the same rule as records. */
Test(detail, an_unreadable_report_count_and_link_are_shown_as_such)
{
    void *rec = decoded(SENDX_KIND_CAMPAIGN, "{\"id\":\"campaign_x\",\"name\":\"n\"}");
    cJSON *j = cJSON_Parse("{\"sentContactCount\":\"many\",\"openedContactCount\":40,"
                           "\"linkStats\":[{\"url\":\"https://a.io\",\"count\":\"ten\"},"
                           "{\"url\":\"https://b.io\",\"count\":3}]}");
    struct app_detail d = {.kind = SENDX_KIND_CAMPAIGN, .record = rec, .has_report = true};
    struct api_error err = {0};
    cr_assert_eq(codec_decode(&model_report_schema, j, &d.report, &err), 0);
    struct detail_lines l;
    cr_assert_eq(detail_build(&d, &no_names, WIDTH, "o", &l), 0);
    for (size_t i = 0; i < l.len; i++)
        cr_expect_null(strstr(l.items[i].value, "not sent"), "an unreadable count is not 0");
    const struct detail_line *sent = line_labelled(&l, "Sent");
    cr_assert_not_null(sent);
    cr_expect_str_eq(sent->value, "unreadable: \"many\"");
    cr_expect_eq(sent->style, DETAIL_HINT);
    const struct detail_line *opened = line_labelled(&l, "Opened");
    cr_assert_not_null(opened);
    cr_expect_eq(opened->style, DETAIL_BAR);
    cr_expect_eq(opened->bar_value, 40);
    const struct detail_line *links = line_labelled(&l, "Links");
    cr_assert_not_null(links);
    cr_expect_eq(links->style, DETAIL_HINT);
    cr_expect_str_eq(links->value, "https://a.io (clicks: unreadable: \"ten\")");
    const struct detail_line *next = links + 1;
    cr_expect_eq(next->style, DETAIL_LINK, "the good link is shown as usual");
    cr_expect_str_eq(next->value, "https://b.io");
    cr_expect_eq(next->bar_value, 3);
    detail_lines_free(&l);
    codec_free(&model_report_type, &d.report);
    cJSON_Delete(j);
    free_record(SENDX_KIND_CAMPAIGN, rec);
}

/* ---- table cells ---- */

/* The text of the column titled title for rec. */
static const char *cell(enum sendx_kind kind, const void *rec, const char *title,
                        char scratch[COLUMN_SCRATCH])
{
    const struct column_set *set = columns_for(kind);
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->cols[i].title, title) == 0)
            return set->cols[i].text(rec, scratch);
    cr_assert_fail("no column %s", title);
    return NULL;
}

Test(columns, an_unreadable_cell_says_so_instead_of_a_made_up_value)
{
    char scratch[COLUMN_SCRATCH];
    static const struct {
        enum sendx_kind kind;
        const char *body, *column;
    } cases[] = {
        {SENDX_KIND_CONTACT, "{\"id\":\"c\",\"email\":7}", "EMAIL"},
        {SENDX_KIND_CONTACT, "{\"id\":\"c\",\"lists\":\"list_a\"}", "LISTS"},
        {SENDX_KIND_CONTACT, "{\"id\":\"c\",\"created\":1700000000}", "CREATED"},
        {SENDX_KIND_CAMPAIGN, "{\"id\":\"c\",\"status\":\"sent\"}", "STATUS"},
        {SENDX_KIND_TEMPLATE, "{\"id\":\"t\",\"editorType\":{}}", "EDITOR"},
        {SENDX_KIND_SENDER, "{\"id\":\"s\",\"isWhitelisted\":\"yes\"}", "VERIFIED"},
        {SENDX_KIND_WEBHOOK, "{\"id\":\"w\",\"enabled\":1}", "ENABLED"},
        {SENDX_KIND_FIELD, "{\"id\":\"f\",\"type\":\"text\"}", "TYPE"},
        {SENDX_KIND_MEMBER, "{\"id\":\"m\",\"fullName\":[\"A\",\"B\"]}", "NAME"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        void *rec = decoded(cases[i].kind, cases[i].body);
        cr_expect_str_eq(cell(cases[i].kind, rec, cases[i].column, scratch), COLUMN_UNREADABLE,
                         "%s", cases[i].body);
        free_record(cases[i].kind, rec);
    }
}

Test(columns, a_composed_cell_marks_only_the_unreadable_part)
{
    char scratch[COLUMN_SCRATCH];
    void *c = decoded(SENDX_KIND_CONTACT, "{\"id\":\"c\",\"firstName\":\"Ann\",\"lastName\":5,"
                                          "\"bounced\":true,\"spam\":\"no\"}");
    cr_expect_str_eq(cell(SENDX_KIND_CONTACT, c, "NAME", scratch), "Ann " COLUMN_UNREADABLE);
    cr_expect_str_eq(cell(SENDX_KIND_CONTACT, c, "FLAGS", scratch), "B" COLUMN_UNREADABLE);
    free_record(SENDX_KIND_CONTACT, c);
    void *w = decoded(SENDX_KIND_WEBHOOK,
                      "{\"id\":\"w\",\"opened\":true,\"clicked\":\"sometimes\",\"dropped\":true}");
    cr_expect_str_eq(cell(SENDX_KIND_WEBHOOK, w, "EVENTS", scratch),
                     "open click" COLUMN_UNREADABLE " drop");
    free_record(SENDX_KIND_WEBHOOK, w);
}

Test(columns, readable_cells_are_unchanged)
{
    char scratch[COLUMN_SCRATCH];
    void *c =
        decoded(SENDX_KIND_CONTACT, "{\"id\":\"c\",\"firstName\":\"Ann\",\"lastName\":\"Lee\","
                                    "\"email\":\"ann@x.io\",\"spam\":false}");
    cr_expect_str_eq(cell(SENDX_KIND_CONTACT, c, "NAME", scratch), "Ann Lee");
    cr_expect_str_eq(cell(SENDX_KIND_CONTACT, c, "EMAIL", scratch), "ann@x.io");
    cr_expect_str_eq(cell(SENDX_KIND_CONTACT, c, "FLAGS", scratch), "\xc2\xb7");
    free_record(SENDX_KIND_CONTACT, c);
    void *w = decoded(SENDX_KIND_WEBHOOK, "{\"id\":\"w\",\"opened\":true,\"dropped\":true}");
    cr_expect_str_eq(cell(SENDX_KIND_WEBHOOK, w, "EVENTS", scratch), "open drop");
    cr_expect_str_eq(cell(SENDX_KIND_WEBHOOK, w, "ENABLED", scratch), "no");
    free_record(SENDX_KIND_WEBHOOK, w);
}
