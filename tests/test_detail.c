/* What people see of a field the server sent but that could not be read:
 * the detail view's lines (detail.c) and the table's cells (columns.c),
 * built from records decoded as the client decodes them. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
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

/* The first line whose value is value, or NULL. */
static const struct detail_line *line_valued(const struct detail_lines *l, const char *value)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->items[i].value, value) == 0)
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
    const struct detail_line *opened = line_labelled(&l, "Opens (total)");
    cr_assert_not_null(opened);
    cr_expect_eq(opened->style, DETAIL_BAR);
    cr_expect_eq(opened->bar_value, 40);
    const struct detail_line *heading = line_valued(&l, "Link clicks (total)");
    cr_assert_not_null(heading);
    cr_expect_eq(heading->style, DETAIL_HEADING);
    const struct detail_line *links = heading + 1;
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

/* ---- HTML as text, wrapping, the search ---- */

Test(detail, html_as_text_strips_tags_decodes_entities_and_lists_links)
{
    char *text = detail_html_text(
        "<html><head><title>Hidden title</title><style>p { color: red }</style></head>"
        "<body><h1>Spring&nbsp;sale</h1>\n<p>Fish &amp; chips &lt;3 &#233;t&#xE9; "
        "<a href=\"https://shop.example/offer?a=1&amp;b=2\">Shop   now</a></p>"
        "<!-- a comment --><script>alert(1)</script>"
        "<ul><li>one</li><li>two</li></ul>"
        "<p><a href='https://example.com/blog'>Blog</a> and "
        "<a href=\"https://shop.example/offer?a=1&amp;b=2\">again</a></p></body></html>");
    cr_assert_not_null(text);
    cr_expect_str_eq(text, "Spring sale\n"
                           "\n"
                           "Fish & chips <3 été Shop now [1]\n"
                           "\n"
                           "- one\n"
                           "- two\n"
                           "\n"
                           "Blog [2] and again [1]\n"
                           "\n"
                           "Links:\n"
                           "[1] https://shop.example/offer?a=1&b=2\n"
                           "[2] https://example.com/blog");
    free(text);
}

Test(detail, html_as_text_of_plain_text_or_nothing)
{
    char *text = detail_html_text("just words, &unknown; & more");
    cr_assert_not_null(text);
    cr_expect_str_eq(text, "just words, &unknown; & more");
    free(text);
    text = detail_html_text("");
    cr_assert_not_null(text);
    cr_expect_str_eq(text, "");
    free(text);
}

/* A template whose HTML is one long paragraph of words. */
static void *long_template(const char *html)
{
    struct sendx_template *t = calloc(1, sizeof *t);
    cr_assert_not_null(t);
    codec_set_string(&model_template_type, t, SENDX_TEMPLATE_NAME, "Long");
    codec_set_string(&model_template_type, t, SENDX_TEMPLATE_HTML_CODE, html);
    return t;
}

Test(detail, long_html_wraps_at_word_boundaries)
{
    const char *html = "<p>The quick brown fox jumps over the lazy dog and then "
                       "runs far away into the hills beyond the river</p>";
    void *rec = long_template(html);
    struct app_detail d = {.kind = SENDX_KIND_TEMPLATE, .record = rec, .expanded = true};
    struct detail_lines l;
    cr_assert_eq(detail_build(&d, &no_names, 20, "o", &l), 0);
    char joined[512] = "";
    size_t n = 0;
    for (size_t i = 0; i < l.len; i++) {
        if (l.items[i].member != SENDX_TEMPLATE_HTML_CODE)
            continue;
        const char *v = l.items[i].value;
        cr_expect_leq(text_width(v), 20, "%s", v);
        cr_expect_neq(v[0], ' ', "no line starts with the blank it broke at: '%s'", v);
        /* A break where a blank was: put back, the HTML comes back
         * whole only if no word was cut. */
        size_t o = strlen(joined);
        if (o && joined[o - 1] != ' ')
            strcat(joined, " ");
        strcat(joined, v);
        cr_expect_eq(l.items[i].raw, ((struct sendx_template *)rec)->html_code,
                     "each line knows the whole value");
        n++;
    }
    cr_expect_gt(n, 4);
    cr_expect_str_eq(joined, html, "the lines put back together are the HTML");
    detail_lines_free(&l);
    free_record(SENDX_KIND_TEMPLATE, rec);
}

Test(detail, text_view_shows_the_html_as_text_in_full)
{
    char html[4096] = "";
    for (int i = 1; i <= 20; i++) {
        size_t o = strlen(html);
        snprintf(html + o, sizeof html - o, "<p>Paragraph %d</p>\n", i);
    }
    strcat(html, "<a href=\"https://example.com/x\">x</a>");
    void *rec = long_template(html);
    struct app_detail d = {.kind = SENDX_KIND_TEMPLATE, .record = rec, .text_view = true};
    struct detail_lines l;
    cr_assert_eq(detail_build(&d, &no_names, WIDTH, "o", &l), 0);
    const struct detail_line *first = line_labelled(&l, "Text (from HTML)");
    cr_assert_not_null(first);
    cr_expect_str_eq(first->value, "Paragraph 1");
    cr_expect_not_null(line_valued(&l, "Paragraph 20"), "not folded: the text is read whole");
    cr_expect_not_null(line_valued(&l, "[1] https://example.com/x"));
    cr_expect_null(line_labelled(&l, "HTML"), "the text in place of the HTML");
    for (size_t i = 0; i < l.len; i++)
        cr_expect_null(strstr(l.items[i].value, "<p>"), "%s", l.items[i].value);
    detail_lines_free(&l);
    free_record(SENDX_KIND_TEMPLATE, rec);
}

/* Lines whose values are the given strings. */
static struct detail_lines lines_from(const char *const *values, size_t n)
{
    struct detail_lines l = {calloc(n, sizeof(struct detail_line)), n, n, NULL};
    cr_assert_not_null(l.items);
    for (size_t i = 0; i < n; i++)
        l.items[i] =
            (struct detail_line){.style = DETAIL_FIELD, .value = strdup(values[i]), .member = -1};
    return l;
}

Test(detail, find_steps_through_matches_and_around_the_end)
{
    const char *values[] = {"alpha", "Paragraph 7 and paragraph 77", "beta", "PARAGRAPH 77"};
    struct detail_lines l = lines_from(values, 4);
    struct app_detail d = {.find = "paragraph 77", .cursor = 0};
    cr_assert(detail_find_step(&d, &l, 1));
    cr_expect_eq(d.find_line, 1);
    cr_expect_eq(d.find_at, 16);
    cr_expect_eq(d.cursor, 1, "the cursor goes to the match's line");
    cr_assert(detail_find_step(&d, &l, 1));
    cr_expect_eq(d.find_line, 3, "case does not matter");
    cr_expect_eq(d.find_at, 0);
    cr_assert(detail_find_step(&d, &l, 1));
    cr_expect_eq(d.find_line, 1, "around the end");
    cr_assert(detail_find_step(&d, &l, -1));
    cr_expect_eq(d.find_line, 3, "back around the start");
    d.find = "paragraph";
    d.find_line = 1;
    d.find_at = 16;
    cr_assert(detail_find_step(&d, &l, -1));
    cr_expect_eq(d.find_line, 1);
    cr_expect_eq(d.find_at, 0, "an earlier match on the same line");
    d.found = false;
    d.cursor = 2;
    cr_assert(detail_find_step(&d, &l, 1));
    cr_expect_eq(d.find_line, 3, "from the cursor's line on");
    d.found = false;
    d.cursor = 2;
    cr_assert(detail_find_step(&d, &l, -1));
    cr_expect_eq(d.find_line, 1, "or back from it");
    cr_expect_eq(d.find_at, 16, "the last match on that line");
    d.find = "gamma";
    cr_expect_not(detail_find_step(&d, &l, 1));
    cr_expect_not(d.found);
    d.find = NULL;
    cr_expect_not(detail_find_step(&d, &l, 1), "nothing searched, nothing found");
    detail_lines_free(&l);
}

Test(detail, the_cursor_stays_in_view)
{
    struct app_detail d = {.cursor = 40};
    detail_follow_cursor(&d, 100, 10);
    cr_expect_eq(d.scroll, 31);
    d.cursor = 5;
    detail_follow_cursor(&d, 100, 10);
    cr_expect_eq(d.scroll, 5);
    d.cursor = 500;
    detail_follow_cursor(&d, 100, 10);
    cr_expect_eq(d.cursor, 99);
    cr_expect_eq(d.scroll, 90);
    detail_follow_cursor(&d, 3, 10);
    cr_expect_eq(d.cursor, 2);
    cr_expect_eq(d.scroll, 0);
}

Test(detail, the_report_tells_total_clicks_from_people_who_clicked)
{
    void *rec = decoded(SENDX_KIND_CAMPAIGN, "{\"id\":\"campaign_x\",\"name\":\"n\"}");
    cJSON *j = cJSON_Parse("{\"sentContactCount\":1000,\"openedContactCount\":500,"
                           "\"openedUniqueContactCount\":300,\"clickedContactCount\":120,"
                           "\"clickedUniqueContactCount\":80,"
                           "\"linkStats\":[{\"url\":\"https://a.io\",\"count\":90},"
                           "{\"url\":\"https://b.io\",\"count\":30}]}");
    struct app_detail d = {.kind = SENDX_KIND_CAMPAIGN, .record = rec, .has_report = true};
    struct api_error err = {0};
    cr_assert_eq(codec_decode(&model_report_schema, j, &d.report, &err), 0);
    struct detail_lines l;
    cr_assert_eq(detail_build(&d, &no_names, WIDTH, "o", &l), 0);
    static const struct {
        const char *label, *count, *share;
    } want[] = {
        {"Opens (total)", "500", ""},
        {"Opened (people)", "300", "30.0%"},
        {"Clicks (total)", "120", ""},
        {"Clicked (people)", "80", "8.0%"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct detail_line *line = line_labelled(&l, want[i].label);
        cr_assert_not_null(line, "%s", want[i].label);
        cr_expect_str_eq(line->value, want[i].count, "%s", want[i].label);
        cr_expect_str_eq(line->share, want[i].share, "%s", want[i].label);
    }
    const struct detail_line *heading = line_valued(&l, "Link clicks (total)");
    cr_assert_not_null(heading);
    cr_expect_eq(heading->style, DETAIL_HEADING);
    cr_expect_eq(heading[1].style, DETAIL_LINK);
    cr_expect_eq(heading[1].bar_value, 90);
    cr_expect_null(line_labelled(&l, "Bounced"), "a count the server did not send is not a 0");
    detail_lines_free(&l);
    codec_free(&model_report_type, &d.report);
    cJSON_Delete(j);
    free_record(SENDX_KIND_CAMPAIGN, rec);
}

Test(detail, a_contacts_lists_and_tags_are_one_a_line_with_their_ids)
{
    void *rec =
        decoded(SENDX_KIND_CONTACT,
                "{\"id\":\"contact_BnKjkbBBS500CoBCP0oChQ\",\"email\":\"a@x.io\","
                "\"lists\":[\"list_AAAAAAAAAAAAAAAAAAAAAA\",\"list_BBBBBBBBBBBBBBBBBBBBBB\"],"
                "\"tags\":[\"tag_CCCCCCCCCCCCCCCCCCCCCC\"]}");
    struct detail_lines l = lines_of(SENDX_KIND_CONTACT, rec, WIDTH);
    const struct detail_line *lists = line_labelled(&l, "Lists");
    cr_assert_not_null(lists);
    cr_expect_str_eq(lists[0].raw, "list_AAAAAAAAAAAAAAAAAAAAAA");
    cr_expect_null(lists[1].label);
    cr_expect_str_eq(lists[1].raw, "list_BBBBBBBBBBBBBBBBBBBBBB");
    cr_expect_eq(lists[1].member, SENDX_CONTACT_LISTS);
    const struct detail_line *email = line_labelled(&l, "Email");
    cr_assert_not_null(email);
    cr_expect_str_eq(email->raw, "a@x.io");
    cr_expect_str_eq(line_labelled(&l, "Tags")->raw, "tag_CCCCCCCCCCCCCCCCCCCCCC");
    detail_lines_free(&l);
    free_record(SENDX_KIND_CONTACT, rec);
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
