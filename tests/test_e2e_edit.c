/* End to end, the writes: the real sendx-tui in tmux against the mock,
 * records made, changed and deleted through the forms (n, e, d, u), the
 * pickers, $EDITOR and :send-test, the way a person does it; and then
 * every result read back through the API, not taken from the screen.
 * What to type is asked of the mock first (a seeded list's name, a
 * sender's address), so the tests hold when the demo data changes. As in
 * test_e2e.c, every wait polls the screen, and every test ends by
 * quitting and checking the way out. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/codec.h"
#include "api/sendx.h"
#include "e2e.h"
#include "mock/mock.h"
#include "tmux.h"

TestSuite(e2e_edit, .init = e2e_setup, .fini = e2e_teardown, .timeout = 120);

/* ---- records through the API ---------------------------------------------- */

static const struct model_type *type_of(enum sendx_kind kind)
{
    return model_resource(kind)->type;
}

/* A string member of a record of kind, or NULL when unset. */
static const char *text_of(enum sendx_kind kind, const void *rec, unsigned member)
{
    const struct model_member *m = &type_of(kind)->members[member];
    return codec_is_set(rec, member) ? *(char *const *)((const char *)rec + m->offset) : NULL;
}

static void record_free(enum sendx_kind kind, void *rec)
{
    if (rec)
        codec_free(type_of(kind), rec);
    free(rec);
}

/* A heap copy of the first record of kind (in the API's first page, as
 * large as the endpoint allows) whose member is value; NULL if none is. */
static void *find_record(enum sendx_kind kind, unsigned member, const char *value)
{
    const struct model_resource *r = model_resource(kind);
    struct sendx_page page = {0};
    list_page(kind, 0, r->page_max, &page);
    void *found = NULL;
    for (size_t i = 0; i < page.records.len && !found; i++) {
        const void *rec = sendx_page_at(&page, i);
        const char *s = text_of(kind, rec, member);
        if (s && strcmp(s, value) == 0) {
            found = calloc(1, r->type->size);
            cr_assert_not_null(found);
            cr_assert_eq(codec_copy(r->type, found, rec), 0);
        }
    }
    sendx_page_free(&page);
    return found;
}

/* find_record, failing the test when there is none. */
static void *must_find(enum sendx_kind kind, unsigned member, const char *value)
{
    void *rec = find_record(kind, member, value);
    cr_assert_not_null(rec, "the API has a %s whose %s is \"%s\"", model_resource(kind)->name,
                       type_of(kind)->members[member].label, value);
    return rec;
}

/* GET of the record: a heap record, or NULL with the HTTP status. */
static void *get_record(enum sendx_kind kind, const char *id, long *http_status)
{
    struct sendx_client *c = client();
    void *rec = calloc(1, type_of(kind)->size);
    cr_assert_not_null(rec);
    struct api_error err = {0};
    int rc = sendx_get(c, kind, id, rec, NULL, &err);
    sendx_client_free(c);
    *http_status = err.http_status;
    api_error_clear(&err);
    if (rc != 0) {
        free(rec);
        return NULL;
    }
    return rec;
}

static void *must_get(enum sendx_kind kind, const char *id)
{
    long status = 0;
    void *rec = get_record(kind, id, &status);
    cr_assert_not_null(rec, "GET %s %s answered %ld", model_resource(kind)->name, id, status);
    return rec;
}

/* The record is gone: its GET is an error, a 404. */
static void assert_deleted(enum sendx_kind kind, const char *id)
{
    long status = 0;
    void *rec = get_record(kind, id, &status);
    cr_assert_null(rec, "%s %s is still there after the delete", model_resource(kind)->name, id);
    cr_assert_eq(status, 404, "GET of the deleted %s %s: HTTP %ld, not 404",
                 model_resource(kind)->name, id, status);
}

static bool strv_has(const struct sendx_strv *v, const char *item)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i] && strcmp(v->items[i], item) == 0)
            return true;
    return false;
}

static bool strv_same(const struct sendx_strv *a, const struct sendx_strv *b)
{
    if (a->len != b->len)
        return false;
    for (size_t i = 0; i < a->len; i++)
        if (!strv_has(b, a->items[i]))
            return false;
    return true;
}

static bool str_same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The id after its last '_': contacts key custom field values by
 * field_<22>, the custom-field endpoint names them custom_field_<22>. */
static const char *id_tail(const char *id)
{
    const char *u = strrchr(id, '_');
    return u ? u + 1 : id;
}

/* The value a contact holds for custom field id, or NULL. */
static const char *custom_value(const struct sendx_contact *c, const char *field_id)
{
    for (size_t i = 0; i < c->custom_fields.len; i++)
        if (strcmp(id_tail(c->custom_fields.items[i].key), id_tail(field_id)) == 0)
            return c->custom_fields.items[i].value;
    return NULL;
}

static bool ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* A heap copy of the first ASCII name of a list or tag in the API's
 * first page (typed into a picker to narrow it), and its id in *id. */
static char *ascii_name(enum sendx_kind kind, char **id)
{
    unsigned name_member = kind == SENDX_KIND_LIST ? SENDX_LIST_NAME : SENDX_TAG_NAME;
    struct sendx_page page = {0};
    list_page(kind, 0, model_resource(kind)->page_max, &page);
    char *name = NULL;
    for (size_t i = 0; i < page.records.len && !name; i++) {
        const void *rec = sendx_page_at(&page, i);
        const char *n = text_of(kind, rec, name_member);
        if (n && *n && ascii(n)) {
            name = strdup(n);
            *id = strdup(text_of(kind, rec, model_resource(kind)->id_member));
        }
    }
    sendx_page_free(&page);
    cr_assert_not_null(name, "the mock has a %s with an ASCII name", model_resource(kind)->name);
    return name;
}

/* ---- the screen ------------------------------------------------------------ */

/* Waits for a then b, side by side. */
static void assert_shows_cat(const char *a, const char *b)
{
    char text[512];
    snprintf(text, sizeof text, "%s%s", a, b);
    assert_shows(text);
}

/* Pane key, and its table with row (the first column of a record) in it:
 * a pane loaded also tells the app the names of its records. */
static void open_pane(const char *key, const char *title, enum sendx_kind kind)
{
    char *row = row_text(kind, 0);
    keys(key);
    wait_title(title);
    assert_shows(row);
    free(row);
}

/* The form's focus is on the row labelled label. */
static void assert_focus(const char *label)
{
    assert_shows_cat("▌ ", label);
}

/* The form's focus is on the row labelled label, which shows value (the
 * labels take 20 cells on a screen this wide; they are ASCII here). */
static void assert_focus_shows(const char *label, const char *value)
{
    char text[512];
    snprintf(text, sizeof text, "▌ %-20s%s", label, value);
    assert_shows(text);
}

/* The table's cursor is on the row whose first column starts so. */
static void assert_selected(const char *first_column)
{
    assert_shows_cat("▌ ", first_column);
}

/* Replaces the focused text row's value with text. */
static void retype(const char *text)
{
    keys("End");
    keys("C-u");
    type(text);
}

/* In an open picker: narrows to text, and marks the item under the cursor
 * (shown as `shown` with its mark) with Space. */
static void pick(const char *text, const char *shown)
{
    type(text);
    assert_shows_cat("▌[ ] ", shown);
    keys("Space");
    assert_shows_cat("▌[x] ", shown);
}

/* Ctrl-s, then the form gone and the status saying so. */
static void save_and_wait(const char *form_title, const char *saved)
{
    keys("C-s");
    assert_gone(form_title);
    assert_shows(saved);
}

/* d on the selected record, the question answered y, and the status. */
static void delete_selected(const char *question, enum sendx_kind kind, const char *id)
{
    keys("d");
    assert_shows(question);
    keys("y");
    char done[256];
    snprintf(done, sizeof done, "deleted %s %s", model_resource(kind)->name, id);
    assert_shows(done);
}

/* An $EDITOR for this test: a script in dir that appends line to the
 * file it is given. Set before start(); VISUAL would win over it. */
static void use_editor_appending(const char *line)
{
    static char env[160];
    char path[128];
    path_in_dir("editor.sh", path, sizeof path);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fprintf(f, "#!/bin/sh\nprintf '%%s\\n' '%s' >> \"$1\"\n", line);
    cr_assert_eq(fclose(f), 0);
    cr_assert_eq(chmod(path, 0755), 0);
    snprintf(env, sizeof env, "EDITOR=%s", path);
    unsetenv("VISUAL");
    e2e_extra_env = env;
}

/* ---- contacts --------------------------------------------------------------- */

/* The first custom field of type Text (0) the API lists: its place among
 * the fields (the form's rows follow the same order) and a heap copy. */
static struct sendx_field *text_field(size_t *place)
{
    struct sendx_page page = {0};
    list_page(SENDX_KIND_FIELD, 0, model_resource(SENDX_KIND_FIELD)->page_max, &page);
    struct sendx_field *found = NULL;
    for (size_t i = 0; i < page.records.len && !found; i++) {
        const struct sendx_field *fd = sendx_page_at(&page, i);
        if (codec_is_set(fd, SENDX_FIELD_TYPE) && fd->type == 0 && fd->name && ascii(fd->name)) {
            found = calloc(1, sizeof *found);
            cr_assert_eq(codec_copy(&model_field_type, found, fd), 0);
            *place = i;
        }
    }
    sendx_page_free(&page);
    cr_assert_not_null(found, "the mock has a text custom field");
    return found;
}

Test(e2e_edit, a_contact_is_created_with_pickers_edited_unsubscribed_and_deleted)
{
    const char *email = "edna.e2e@example.com";
    const char *new_tag = "e2e-fresh-tag";
    start(50);
    char *list_id = NULL, *tag_id = NULL;
    char *list = ascii_name(SENDX_KIND_LIST, &list_id);
    char *tag = ascii_name(SENDX_KIND_TAG, &tag_id);
    size_t field_place = 0;
    struct sendx_field *field = text_field(&field_place);
    cr_assert_null(find_record(SENDX_KIND_TAG, SENDX_TAG_NAME, new_tag), "no such tag yet");

    /* The panes loaded: the pickers and the form know every name. */
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("2", "Lists", SENDX_KIND_LIST);
    open_pane("3", "Tags", SENDX_KIND_TAG);
    open_pane("7", "Custom fields", SENDX_KIND_FIELD);
    open_pane("1", "Contacts", SENDX_KIND_CONTACT);

    keys("n");
    assert_shows("New contact");
    assert_shows_cat("  ", field->name);
    assert_focus("Email *");
    type(email);
    keys("Tab");
    type("Edna");
    keys("Tab");
    keys("Tab");
    keys("Tab");
    assert_focus("Lists");
    keys("Enter");
    assert_shows("type to narrow");
    pick(list, list);
    keys("Enter");
    assert_gone("type to narrow");
    keys("Tab");
    assert_focus("Tags");
    keys("Enter");
    assert_shows("type to narrow");
    pick(tag, tag);
    keys("C-u");
    type(new_tag);
    assert_shows_cat("▌+ new tag: ", new_tag);
    keys("Space");
    char new_row[256];
    snprintf(new_row, sizeof new_row, "▌[x] %s (new)", new_tag);
    assert_shows(new_row);
    keys("Enter");
    assert_gone("type to narrow");
    char tags_row[256];
    snprintf(tags_row, sizeof tags_row, "%s (new)", new_tag);
    assert_shows(tags_row);
    for (size_t i = 0; i <= field_place; i++)
        keys("Tab");
    assert_focus(field->name);
    type("QA engineer");
    save_and_wait("New contact", "saved contact edna.e2e@example.com");
    assert_selected(email);

    /* Read back: the lists, the tag picked, and the tag made first. */
    struct sendx_contact *made = must_find(SENDX_KIND_CONTACT, SENDX_CONTACT_EMAIL, email);
    struct sendx_tag *fresh = must_find(SENDX_KIND_TAG, SENDX_TAG_NAME, new_tag);
    cr_assert_str_eq(made->first_name ? made->first_name : "", "Edna");
    cr_assert_eq(made->lists.len, 1, "one list, not %zu", made->lists.len);
    cr_assert(strv_has(&made->lists, list_id), "on list %s (%s)", list, list_id);
    cr_assert_eq(made->tags.len, 2, "two tags, not %zu", made->tags.len);
    cr_assert(strv_has(&made->tags, tag_id), "tagged %s (%s)", tag, tag_id);
    cr_assert(strv_has(&made->tags, fresh->id), "tagged with the new tag %s (%s)", new_tag,
              fresh->id);
    const char *job = custom_value(made, field->id);
    cr_assert(job && strcmp(job, "QA engineer") == 0, "%s is \"QA engineer\", not \"%s\"",
              field->name, job ? job : "(unset)");
    cr_assert(!made->unsubscribed);

    /* e: a new last name, and nothing else. */
    keys("e");
    assert_shows("Edit contact edna.e2e@example.com");
    keys("Tab");
    keys("Tab");
    assert_focus("Last name");
    type("Newlast");
    save_and_wait("Edit contact", "saved contact edna.e2e@example.com");
    struct sendx_contact *edited = must_get(SENDX_KIND_CONTACT, made->id);
    cr_assert_str_eq(edited->last_name ? edited->last_name : "", "Newlast");
    cr_assert_str_eq(edited->email, email);
    cr_assert(str_same(edited->first_name, made->first_name), "first name kept: %s",
              edited->first_name);
    cr_assert(str_same(edited->company, made->company), "company kept: %s", edited->company);
    cr_assert(strv_same(&edited->lists, &made->lists), "lists kept");
    cr_assert(strv_same(&edited->tags, &made->tags), "tags kept");
    cr_assert_eq(edited->custom_fields.len, made->custom_fields.len, "custom fields kept");
    job = custom_value(edited, field->id);
    cr_assert(job && strcmp(job, "QA engineer") == 0, "%s kept, not \"%s\"", field->name,
              job ? job : "(unset)");
    cr_assert(!edited->unsubscribed);

    /* u, y: unsubscribed. */
    assert_selected(email);
    keys("u");
    assert_shows("Unsubscribe edna.e2e@example.com?");
    keys("y");
    assert_shows_cat("unsubscribed ", made->id);
    struct sendx_contact *unsubscribed = must_get(SENDX_KIND_CONTACT, made->id);
    cr_assert(codec_is_set(unsubscribed, SENDX_CONTACT_UNSUBSCRIBED) && unsubscribed->unsubscribed,
              "the API says %s is unsubscribed", made->id);

    /* d, y: gone. */
    delete_selected("Delete contact edna.e2e@example.com?", SENDX_KIND_CONTACT, made->id);
    assert_deleted(SENDX_KIND_CONTACT, made->id);

    record_free(SENDX_KIND_CONTACT, unsubscribed);
    record_free(SENDX_KIND_CONTACT, edited);
    record_free(SENDX_KIND_TAG, fresh);
    record_free(SENDX_KIND_CONTACT, made);
    record_free(SENDX_KIND_FIELD, field);
    free(list);
    free(list_id);
    free(tag);
    free(tag_id);
    quit();
}

/* ---- lists and tags ----------------------------------------------------------- */

/* n, a name, save; e, another name, save; d, y: each read back. */
static void create_rename_delete(const char *key, const char *pane, enum sendx_kind kind,
                                 unsigned name_member, const char *name, const char *renamed)
{
    const char *noun = model_resource(kind)->name;
    char text[256];
    open_pane(key, pane, kind);
    char title[256];
    keys("n");
    snprintf(title, sizeof title, "New %s", noun);
    assert_shows(title);
    type(name);
    snprintf(text, sizeof text, "saved %s %s", noun, name);
    save_and_wait(title, text);
    assert_selected(name);
    void *made = must_find(kind, name_member, name);
    char *id = strdup(text_of(kind, made, model_resource(kind)->id_member));

    keys("e");
    snprintf(title, sizeof title, "Edit %s %s", noun, name);
    assert_shows(title);
    retype(renamed);
    snprintf(text, sizeof text, "saved %s %s", noun, renamed);
    save_and_wait(title, text);
    void *after = must_get(kind, id);
    cr_assert_str_eq(text_of(kind, after, name_member), renamed, "the %s is renamed", noun);
    cr_assert_null(find_record(kind, name_member, name), "no %s is named %s any more", noun, name);

    assert_selected(renamed);
    snprintf(text, sizeof text, "Delete %s %s? 0 loaded contacts use it.", noun, renamed);
    delete_selected(text, kind, id);
    assert_deleted(kind, id);
    cr_assert_null(find_record(kind, name_member, renamed), "the %s is out of the list", noun);

    record_free(kind, after);
    record_free(kind, made);
    free(id);
}

Test(e2e_edit, a_list_and_a_tag_are_created_renamed_and_deleted)
{
    start(50);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    create_rename_delete("2", "Lists", SENDX_KIND_LIST, SENDX_LIST_NAME, "E2E list one",
                         "E2E list renamed");
    create_rename_delete("3", "Tags", SENDX_KIND_TAG, SENDX_TAG_NAME, "e2e-tag-one",
                         "e2e-tag-renamed");
    quit();
}

/* ---- senders -------------------------------------------------------------------- */

Test(e2e_edit, a_sender_is_created)
{
    start(50);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    cr_assert_null(find_record(SENDX_KIND_SENDER, SENDX_SENDER_EMAIL, "e2e.sender@example.com"));
    open_pane("6", "Senders", SENDX_KIND_SENDER);
    keys("n");
    assert_shows("New sender");
    type("E2E Sender");
    keys("Tab");
    assert_focus("Email *");
    type("e2e.sender@example.com");
    save_and_wait("New sender", "saved sender E2E Sender");
    assert_selected("E2E Sender");
    struct sendx_sender *s =
        must_find(SENDX_KIND_SENDER, SENDX_SENDER_EMAIL, "e2e.sender@example.com");
    cr_assert_str_eq(s->name ? s->name : "", "E2E Sender");
    cr_assert(s->id && *s->id, "the sender has an id");
    record_free(SENDX_KIND_SENDER, s);
    quit();
}

/* ---- custom fields ------------------------------------------------------------ */

Test(e2e_edit, a_custom_field_is_created_with_a_stepped_type_described_and_deleted)
{
    start(50);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("7", "Custom fields", SENDX_KIND_FIELD);
    keys("n");
    assert_shows("New custom field");
    type("E2E shoe size");
    keys("Tab");
    assert_focus_shows("Type *", "Text");
    keys("Space"); /* Text, Number */
    assert_focus_shows("Type *", "Number");
    keys("Enter"); /* Number, Date */
    assert_focus_shows("Type *", "Date");
    keys("Tab");
    assert_focus("Description");
    type("first words");
    save_and_wait("New custom field", "saved field E2E shoe size");
    assert_selected("E2E shoe size");
    struct sendx_field *made = must_find(SENDX_KIND_FIELD, SENDX_FIELD_NAME, "E2E shoe size");
    cr_assert(codec_is_set(made, SENDX_FIELD_TYPE) && made->type == 2,
              "the type is Date (2), not %lld", (long long)made->type);
    cr_assert_str_eq(made->description ? made->description : "", "first words");

    keys("e");
    assert_shows("Edit custom field E2E shoe size");
    keys("Tab");
    keys("Tab");
    assert_focus("Description");
    retype("second words");
    save_and_wait("Edit custom field", "saved field E2E shoe size");
    struct sendx_field *edited = must_get(SENDX_KIND_FIELD, made->id);
    cr_assert_str_eq(edited->description ? edited->description : "", "second words");
    cr_assert_str_eq(edited->name ? edited->name : "", "E2E shoe size");
    cr_assert(codec_is_set(edited, SENDX_FIELD_TYPE) && edited->type == 2, "the type kept");

    assert_selected("E2E shoe size");
    delete_selected("Delete field E2E shoe size?", SENDX_KIND_FIELD, made->id);
    assert_deleted(SENDX_KIND_FIELD, made->id);
    record_free(SENDX_KIND_FIELD, edited);
    record_free(SENDX_KIND_FIELD, made);
    quit();
}

/* ---- webhooks ----------------------------------------------------------------- */

static void assert_events(const struct sendx_webhook *w, bool unsubscribed, bool bounced)
{
    static const struct {
        unsigned member;
        const char *name;
    } events[] = {
        {SENDX_WEBHOOK_ENABLED, "enabled"},         {SENDX_WEBHOOK_UNSUBSCRIBED, "unsubscribed"},
        {SENDX_WEBHOOK_DROPPED, "dropped"},         {SENDX_WEBHOOK_BOUNCED, "bounced"},
        {SENDX_WEBHOOK_MARKED_SPAM, "marked spam"}, {SENDX_WEBHOOK_CLICKED, "clicked"},
        {SENDX_WEBHOOK_OPENED, "opened"},           {SENDX_WEBHOOK_CONTACT_CREATED, "created"},
    };
    const bool *values[] = {&w->enabled,     &w->unsubscribed, &w->dropped, &w->bounced,
                            &w->marked_spam, &w->clicked,      &w->opened,  &w->contact_created};
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
        bool want = events[i].member == SENDX_WEBHOOK_ENABLED        ? true
                    : events[i].member == SENDX_WEBHOOK_UNSUBSCRIBED ? unsubscribed
                    : events[i].member == SENDX_WEBHOOK_BOUNCED      ? bounced
                                                                     : false;
        bool is = codec_is_set(w, events[i].member) && *values[i];
        cr_assert_eq(is, want, "webhook %s: %s is %s, not %s", w->id, events[i].name,
                     is ? "on" : "off", want ? "on" : "off");
    }
}

Test(e2e_edit, a_webhook_is_created_with_two_events_switched_one_back_and_deleted)
{
    const char *url = "https://e2e.example.org/hook";
    start(50);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("8", "Webhooks", SENDX_KIND_WEBHOOK);
    keys("n");
    assert_shows("New webhook");
    type(url);
    keys("Tab");
    keys("Tab");
    assert_focus("Unsubscribed");
    keys("Space");
    assert_focus_shows("Unsubscribed", "[x]");
    keys("Tab");
    keys("Tab");
    assert_focus("Bounced");
    keys("Enter");
    assert_focus_shows("Bounced", "[x]");
    save_and_wait("New webhook", "saved webhook https://e2e.example.org/hook");
    assert_selected(url);
    struct sendx_webhook *made = must_find(SENDX_KIND_WEBHOOK, SENDX_WEBHOOK_URL, url);
    assert_events(made, true, true);

    keys("e");
    assert_shows("Edit webhook https://e2e.example.org/hook");
    keys("Tab");
    keys("Tab");
    assert_focus("Unsubscribed");
    keys("Space");
    assert_focus_shows("Unsubscribed", "[ ]");
    save_and_wait("Edit webhook", "saved webhook https://e2e.example.org/hook");
    struct sendx_webhook *edited = must_get(SENDX_KIND_WEBHOOK, made->id);
    cr_assert_str_eq(edited->url ? edited->url : "", url);
    assert_events(edited, false, true);

    assert_selected(url);
    delete_selected("Delete webhook https://e2e.example.org/hook?", SENDX_KIND_WEBHOOK, made->id);
    assert_deleted(SENDX_KIND_WEBHOOK, made->id);
    record_free(SENDX_KIND_WEBHOOK, edited);
    record_free(SENDX_KIND_WEBHOOK, made);
    quit();
}

/* ---- templates ------------------------------------------------------------------ */

#define EDITOR_LINE "<p>Written by the e2e editor</p>"

/* The HTML row's summary of the one line the editor wrote. */
static void assert_summary(const char *line)
{
    char text[64];
    snprintf(text, sizeof text, "1 line, %zu characters", strlen(line) + 1);
    assert_shows(text);
}

Test(e2e_edit, a_template_gets_its_html_from_the_editor_is_edited_and_deleted)
{
    use_editor_appending(EDITOR_LINE);
    start(50);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("5", "Templates", SENDX_KIND_TEMPLATE);
    keys("n");
    assert_shows("New template");
    type("E2E template");
    keys("Tab");
    type("First subject");
    keys("Tab");
    keys("Tab");
    assert_focus("HTML");
    assert_shows("(empty)");
    keys("Enter");
    assert_shows("text taken from the editor");
    assert_summary(EDITOR_LINE);
    save_and_wait("New template", "saved template E2E template");
    assert_selected("E2E template");
    struct sendx_template *made =
        must_find(SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_NAME, "E2E template");
    cr_assert(made->html_code && strstr(made->html_code, EDITOR_LINE),
              "the template's HTML holds the editor's line: %s",
              made->html_code ? made->html_code : "(unset)");
    cr_assert_str_eq(made->subject ? made->subject : "", "First subject");

    keys("e");
    assert_shows("Edit template E2E template");
    keys("Tab");
    assert_focus("Subject *");
    retype("Second subject");
    save_and_wait("Edit template", "saved template E2E template");
    struct sendx_template *edited = must_get(SENDX_KIND_TEMPLATE, made->id);
    cr_assert_str_eq(edited->subject ? edited->subject : "", "Second subject");
    cr_assert_str_eq(edited->name ? edited->name : "", "E2E template");
    cr_assert(str_same(edited->html_code, made->html_code), "the HTML kept: %s",
              edited->html_code ? edited->html_code : "(unset)");

    assert_selected("E2E template");
    delete_selected("Delete template E2E template?", SENDX_KIND_TEMPLATE, made->id);
    assert_deleted(SENDX_KIND_TEMPLATE, made->id);
    record_free(SENDX_KIND_TEMPLATE, edited);
    record_free(SENDX_KIND_TEMPLATE, made);
    quit();
}

/* ---- campaigns -------------------------------------------------------------------- */

/* The API's first sender (heap copy). */
static struct sendx_sender *first_sender(void)
{
    struct sendx_page page = {0};
    list_page(SENDX_KIND_SENDER, 0, 0, &page);
    cr_assert_geq(page.records.len, 1, "the mock has a sender");
    struct sendx_sender *s = calloc(1, sizeof *s);
    cr_assert_eq(codec_copy(&model_sender_type, s, sendx_page_at(&page, 0)), 0);
    sendx_page_free(&page);
    return s;
}

Test(e2e_edit, a_campaign_is_created_with_a_sender_html_and_a_list_and_deleted)
{
    use_editor_appending(EDITOR_LINE);
    start(50);
    char *list_id = NULL;
    char *list = ascii_name(SENDX_KIND_LIST, &list_id);
    struct sendx_sender *sender = first_sender();
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("2", "Lists", SENDX_KIND_LIST);
    open_pane("6", "Senders", SENDX_KIND_SENDER);
    open_pane("4", "Campaigns", SENDX_KIND_CAMPAIGN);

    keys("n");
    assert_shows("New campaign");
    /* What the form asks for: name, subject, sender and HTML; and a send
     * time while the schedule says later. */
    assert_shows("Name *");
    assert_shows("Sender *");
    assert_shows("HTML *");
    assert_shows("Schedule later");
    assert_shows("Send at *");
    type("E2E campaign");
    keys("Tab");
    type("E2E subject");
    keys("Tab");
    keys("Tab");
    assert_focus("Sender *");
    keys("Enter");
    assert_shows("type to narrow");
    type(sender->email);
    char under[512];
    snprintf(under, sizeof under, "▌( ) %s <%s>", sender->name ? sender->name : "", sender->email);
    assert_shows(under);
    keys("Enter"); /* single select: the row under the cursor */
    assert_gone("type to narrow");
    char address[300];
    snprintf(address, sizeof address, "<%s>", sender->email);
    assert_shows(address);
    keys("Tab");
    assert_focus("HTML *");
    keys("Enter");
    assert_shows("text taken from the editor");
    assert_summary(EDITOR_LINE);
    keys("Tab");
    assert_focus("Included lists");
    keys("Enter");
    assert_shows("type to narrow");
    pick(list, list);
    keys("Enter");
    assert_gone("type to narrow");
    for (int i = 0; i < 4; i++)
        keys("Tab");
    assert_focus("Schedule type");
    keys("Space");
    assert_focus_shows("Schedule type", "Send now");
    assert_gone("Send at *");
    save_and_wait("New campaign", "saved campaign E2E campaign");
    assert_selected("E2E campaign");

    struct sendx_campaign *made =
        must_find(SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_NAME, "E2E campaign");
    cr_assert_str_eq(made->subject ? made->subject : "", "E2E subject");
    cr_assert_str_eq(made->sender ? made->sender : "", sender->id);
    cr_assert(made->html_content && strstr(made->html_content, EDITOR_LINE),
              "the campaign's HTML holds the editor's line: %s",
              made->html_content ? made->html_content : "(unset)");
    cr_assert_eq(made->included_lists.len, 1, "one included list, not %zu",
                 made->included_lists.len);
    cr_assert(strv_has(&made->included_lists, list_id), "includes %s (%s)", list, list_id);
    cr_assert_eq(made->excluded_lists.len, 0);
    cr_assert_eq(made->included_tags.len, 0);
    cr_assert(codec_is_set(made, SENDX_CAMPAIGN_SCHEDULE_TYPE) && made->schedule_type == 1,
              "scheduled to send now");

    delete_selected("Delete campaign E2E campaign?", SENDX_KIND_CAMPAIGN, made->id);
    assert_deleted(SENDX_KIND_CAMPAIGN, made->id);
    record_free(SENDX_KIND_CAMPAIGN, made);
    record_free(SENDX_KIND_SENDER, sender);
    free(list);
    free(list_id);
    quit();
}

/* e on the first campaign, the duplicate offered and taken, the copy's
 * name changed to `name` and saved: the copy as the API has it. */
static struct sendx_campaign *duplicate_first_campaign(const char *name,
                                                       struct sendx_campaign **original)
{
    start(50);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CAMPAIGN, 0, 1, &page);
    cr_assert_geq(page.records.len, 1, "the mock has a campaign");
    *original = calloc(1, sizeof **original);
    cr_assert_eq(codec_copy(&model_campaign_type, *original, sendx_page_at(&page, 0)), 0);
    sendx_page_free(&page);
    cr_assert_null(find_record(SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_NAME, name));

    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("2", "Lists", SENDX_KIND_LIST);
    open_pane("6", "Senders", SENDX_KIND_SENDER);
    open_pane("4", "Campaigns", SENDX_KIND_CAMPAIGN);
    char *row = row_text(SENDX_KIND_CAMPAIGN, 0);
    assert_selected(row);
    free(row);
    keys("e");
    assert_shows("Duplicate it as a");
    keys("y");
    assert_shows("New campaign");
    assert_focus_shows("Name *", (*original)->name);
    retype(name);
    /* The copy does not take the old schedule: it goes out when told. */
    keys("BTab");
    assert_focus("Send at *");
    type("2030-06-01");
    char saved[256];
    snprintf(saved, sizeof saved, "saved campaign %s", name);
    save_and_wait("New campaign", saved);
    return must_find(SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_NAME, name);
}

Test(e2e_edit, e_on_a_campaign_duplicates_it_as_a_new_one_and_leaves_it_as_it_was)
{
    struct sendx_campaign *original = NULL;
    struct sendx_campaign *copy = duplicate_first_campaign("E2E copy of the first", &original);
    cr_assert_str_neq(copy->id, original->id, "the copy is a new campaign");
    cr_assert_str_eq(copy->subject ? copy->subject : "", original->subject, "the subject copied");
    cr_assert_str_eq(copy->sender ? copy->sender : "", original->sender, "the sender copied");
    cr_assert(str_same(copy->html_content, original->html_content), "the HTML copied");
    cr_assert(strv_same(&copy->included_lists, &original->included_lists),
              "the included lists copied");
    cr_assert(strv_same(&copy->excluded_lists, &original->excluded_lists),
              "the excluded lists copied");

    struct sendx_campaign *now = must_get(SENDX_KIND_CAMPAIGN, original->id);
    cr_assert_str_eq(now->name, original->name, "the original keeps its name");
    cr_assert(str_same(now->updated, original->updated), "the original is not written to");
    cr_assert_eq(now->status, original->status, "the original keeps its status");
    record_free(SENDX_KIND_CAMPAIGN, now);
    record_free(SENDX_KIND_CAMPAIGN, copy);
    record_free(SENDX_KIND_CAMPAIGN, original);
    quit();
}

/* The question says "Duplicate it as a new draft to edit?": a copy of a
 * draft, saved with only its name changed, should be a draft too, not a
 * campaign sent to its lists at once. */
Test(e2e_edit, a_duplicated_draft_campaign_is_not_sent_on_save)
{
    struct sendx_campaign *original = NULL;
    struct sendx_campaign *copy = duplicate_first_campaign("E2E draft copy", &original);
    cr_assert_eq(original->status, 0, "the first seeded campaign is a draft");
    cr_assert(copy->status != 2 && copy->status != 3,
              "the copy of draft %s, saved as offered (\"as a new draft\"), has status %lld "
              "(%s): it went out at once (scheduleType %lld copied from the draft)",
              original->name, (long long)copy->status, copy->status == 3 ? "Sent" : "Sending",
              (long long)copy->schedule_type);
    record_free(SENDX_KIND_CAMPAIGN, copy);
    record_free(SENDX_KIND_CAMPAIGN, original);
    quit();
}

/* ---- :send-test ---------------------------------------------------------------------- */

/* The outbox entry sent to address, or NULL (borrowed from sent). */
static const cJSON *sent_to(const cJSON *sent, const char *address)
{
    const cJSON *entry;
    cJSON_ArrayForEach(entry, sent)
    {
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(entry, "message"), "to");
        const cJSON *one;
        cJSON_ArrayForEach(one, to)
        {
            const cJSON *email = cJSON_GetObjectItemCaseSensitive(one, "email");
            if (cJSON_IsString(email) && strcmp(email->valuestring, address) == 0)
                return entry;
        }
    }
    return NULL;
}

static const char *json_text(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

Test(e2e_edit, send_test_sends_the_selected_template_to_the_address)
{
    const char *address = "someone@example.com";
    start(50);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_TEMPLATE, 0, 1, &page);
    cr_assert_geq(page.records.len, 1, "the mock has a template");
    struct sendx_template tpl = {0};
    cr_assert_eq(codec_copy(&model_template_type, &tpl, sendx_page_at(&page, 0)), 0);
    sendx_page_free(&page);
    struct sendx_sender *sender = first_sender();

    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("6", "Senders", SENDX_KIND_SENDER);
    open_pane("5", "Templates", SENDX_KIND_TEMPLATE);
    char *row = row_text(SENDX_KIND_TEMPLATE, 0);
    assert_selected(row);
    free(row);
    type(":send-test someone@example.com");
    assert_shows(":send-test someone@example.com");
    keys("Enter");
    assert_shows("test sent to someone@example.com");

    char *json = mock_server_sent_json(mock);
    cr_assert_not_null(json);
    cJSON *sent = cJSON_Parse(json);
    cr_assert_not_null(sent, "the outbox is JSON: %s", json);
    cr_assert_eq(cJSON_GetArraySize(sent), 1, "one message sent: %s", json);
    const cJSON *entry = sent_to(sent, address);
    cr_assert_not_null(entry, "a message to %s: %s", address, json);
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(entry, "message");
    cr_assert_str_eq(json_text(entry, "endpoint"), "/send/template", "%s", json);
    const char *template_id = json_text(message, "template");
    cr_assert(template_id && strcmp(template_id, tpl.id) == 0, "the template %s: %s", tpl.id, json);
    const char *subject = json_text(message, "subject");
    cr_assert(subject && strcmp(subject, tpl.subject ? tpl.subject : tpl.name) == 0,
              "the template's subject: %s", json);
    const char *html = json_text(message, "htmlBody");
    cr_assert(tpl.html_code && html && strcmp(html, tpl.html_code) == 0,
              "the template's HTML went out: %s", json);
    const cJSON *from = cJSON_GetObjectItemCaseSensitive(message, "from");
    const char *from_email =
        json_text(cJSON_IsArray(from) ? cJSON_GetArrayItem(from, 0) : from, "email");
    cr_assert(from_email && strcmp(from_email, sender->email) == 0, "from the first sender %s: %s",
              sender->email, json);

    cJSON_Delete(sent);
    free(json);
    record_free(SENDX_KIND_SENDER, sender);
    codec_free(&model_template_type, &tpl);
    quit();
}

/* ---- what a form refuses, and what it leaves ------------------------------------ */

static size_t count_of(enum sendx_kind kind)
{
    struct sendx_page page = {0};
    list_page(kind, 0, model_resource(kind)->page_max, &page);
    size_t n = page.records.len;
    sendx_page_free(&page);
    return n;
}

Test(e2e_edit, a_taken_email_is_refused_beside_the_email_and_the_form_keeps_every_value)
{
    start(50);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 1, &page);
    char *taken = strdup(((const struct sendx_contact *)sendx_page_at(&page, 0))->email);
    sendx_page_free(&page);
    size_t before = count_of(SENDX_KIND_CONTACT);
    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);

    keys("n");
    assert_shows("New contact");
    type(taken);
    keys("Tab");
    type("Twin");
    keys("C-s");
    assert_shows("Email already exists");
    assert_shows("New contact");
    assert_focus_shows("Email *", taken);
    assert_shows("Twin");
    cr_assert_eq(count_of(SENDX_KIND_CONTACT), before, "nothing was made");

    retype("twin.e2e@example.com");
    save_and_wait("New contact", "saved contact twin.e2e@example.com");
    struct sendx_contact *made =
        must_find(SENDX_KIND_CONTACT, SENDX_CONTACT_EMAIL, "twin.e2e@example.com");
    cr_assert_str_eq(made->first_name ? made->first_name : "", "Twin", "the first name kept");
    cr_assert_eq(count_of(SENDX_KIND_CONTACT), before + 1);
    record_free(SENDX_KIND_CONTACT, made);
    free(taken);
    quit();
}

Test(e2e_edit, a_campaign_missing_what_the_api_requires_is_not_sent)
{
    start(50);
    size_t before = count_of(SENDX_KIND_CAMPAIGN);
    open_pane("4", "Campaigns", SENDX_KIND_CAMPAIGN);
    keys("n");
    assert_shows("New campaign");
    type("E2E incomplete");
    keys("C-s");
    /* Subject, sender, HTML, and the send time a later schedule needs. */
    assert_shows("4 fields to fix before saving");
    assert_focus("Subject *");
    assert_shows("required");
    cr_assert_eq(count_of(SENDX_KIND_CAMPAIGN), before, "nothing was sent");
    cr_assert_null(find_record(SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_NAME, "E2E incomplete"));
    keys("Escape");
    assert_shows("Discard your changes?");
    keys("y");
    assert_gone("New campaign");
    quit();
}

Test(e2e_edit, esc_on_a_changed_form_asks_n_keeps_it_and_y_discards_it)
{
    start(50);
    open_pane("2", "Lists", SENDX_KIND_LIST);
    size_t before = count_of(SENDX_KIND_LIST);
    keys("n");
    assert_shows("New list");
    type("E2E never saved");
    assert_shows("E2E never saved");
    keys("Escape");
    assert_shows("Discard your changes?");
    keys("n");
    assert_gone("Discard your changes?");
    assert_focus_shows("Name *", "E2E never saved");
    keys("Escape");
    assert_shows("Discard your changes?");
    keys("y");
    assert_gone("New list");
    wait_title("Lists");
    cr_assert_null(find_record(SENDX_KIND_LIST, SENDX_LIST_NAME, "E2E never saved"));
    cr_assert_eq(count_of(SENDX_KIND_LIST), before, "nothing was written");
    quit();
}

Test(e2e_edit, clearing_values_in_an_edit_clears_them_through_the_api)
{
    start(50);
    size_t field_place = 0;
    struct sendx_field *field = text_field(&field_place);
    /* The first contact with a first name, a last name and a value for
     * the text field. */
    struct sendx_page page = {0};
    list_page(SENDX_KIND_CONTACT, 0, 50, &page);
    size_t row = 0;
    const struct sendx_contact *c = NULL;
    for (; row < page.records.len; row++) {
        c = sendx_page_at(&page, row);
        const char *v = custom_value(c, field->id);
        if (c->first_name && *c->first_name && c->last_name && *c->last_name && v && *v)
            break;
    }
    cr_assert_lt(row, page.records.len, "the seed has a contact with names and a %s", field->name);
    struct sendx_contact *before = calloc(1, sizeof *before);
    cr_assert_eq(codec_copy(&model_contact_type, before, c), 0);
    sendx_page_free(&page);

    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("7", "Custom fields", SENDX_KIND_FIELD);
    open_pane("1", "Contacts", SENDX_KIND_CONTACT);
    for (size_t i = 0; i < row; i++)
        keys("j");
    assert_selected(before->email);
    keys("e");
    assert_shows_cat("Edit contact ", before->email);
    keys("Tab");
    assert_focus("First name");
    keys("End");
    keys("C-u");
    for (size_t i = 0; i <= field_place + 4; i++)
        keys("Tab");
    assert_focus(field->name);
    keys("End");
    keys("C-u");
    save_and_wait("Edit contact", "saved contact");

    struct sendx_contact *after = must_get(SENDX_KIND_CONTACT, before->id);
    cr_assert(!after->first_name || !*after->first_name, "the first name is cleared, not \"%s\"",
              after->first_name);
    const char *v = custom_value(after, field->id);
    cr_assert(!v || !*v, "%s is cleared, not \"%s\"", field->name, v);
    cr_assert_str_eq(after->last_name, before->last_name, "the last name kept");
    cr_assert(strv_same(&after->lists, &before->lists), "the lists kept");
    cr_assert(strv_same(&after->tags, &before->tags), "the tags kept");
    record_free(SENDX_KIND_CONTACT, after);
    record_free(SENDX_KIND_CONTACT, before);
    record_free(SENDX_KIND_FIELD, field);
    quit();
}

/* ---- what a write leaves on the screen ---------------------------------------------- */

/* Whether a form on screen has a row labelled label (focused or not). */
static bool has_form_row(const char *screen, const char *label)
{
    size_t n = strlen(label);
    for (const char *line = screen; *line;) {
        size_t len = strcspn(line, "\n");
        const char *at = NULL;
        if (strncmp(line, "  ", 2) == 0)
            at = line + 2;
        else if (strncmp(line, "▌ ", strlen("▌ ")) == 0)
            at = line + strlen("▌ ");
        if (at && (size_t)(at - line) + n <= len && strncmp(at, label, n) == 0 &&
            (at[n] == ' ' || at[n] == '\n' || at[n] == '\0'))
            return true;
        line += len + (line[len] == '\n');
    }
    return false;
}

/* The contact form lists the custom fields as they are: one deleted in
 * the Fields pane is no row any more, one renamed shows its new name. A
 * stale row would send a value for a field that no longer exists. */
Test(e2e_edit, the_contact_form_follows_custom_fields_renamed_and_deleted)
{
    start(50);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_FIELD, 0, model_resource(SENDX_KIND_FIELD)->page_max, &page);
    cr_assert_geq(page.records.len, 2, "the mock has two custom fields");
    const struct sendx_field *a = sendx_page_at(&page, 0), *b = sendx_page_at(&page, 1);
    char *renamed_id = strdup(a->id), *old_name = strdup(a->name);
    char *deleted_id = strdup(b->id), *deleted_name = strdup(b->name);
    sendx_page_free(&page);
    cr_assert(ascii(old_name) && ascii(deleted_name));

    char *first = row_text(SENDX_KIND_CONTACT, 0);
    assert_shows(first);
    free(first);
    open_pane("7", "Custom fields", SENDX_KIND_FIELD);
    assert_selected(old_name);
    keys("e");
    assert_shows_cat("Edit custom field ", old_name);
    retype("E2E renamed field");
    save_and_wait("Edit custom field", "saved field E2E renamed field");
    struct sendx_field *renamed = must_get(SENDX_KIND_FIELD, renamed_id);
    cr_assert_str_eq(renamed->name, "E2E renamed field");
    keys("j");
    assert_selected(deleted_name);
    char question[256];
    snprintf(question, sizeof question, "Delete field %s?", deleted_name);
    delete_selected(question, SENDX_KIND_FIELD, deleted_id);
    assert_deleted(SENDX_KIND_FIELD, deleted_id);

    open_pane("1", "Contacts", SENDX_KIND_CONTACT);
    keys("n");
    assert_shows("New contact");
    assert_shows("  Tags ");
    const char *screen = tmux_last_screen(tui);
    bool new_name = has_form_row(screen, "E2E renamed field");
    bool old_row = has_form_row(screen, old_name);
    bool deleted_row = has_form_row(screen, deleted_name);
    cr_assert(new_name && !old_row && !deleted_row,
              "the contact form should list the renamed field as \"E2E renamed field\" (%s), "
              "not as \"%s\" (%s), and no row for the deleted \"%s\" (%s):\n%s",
              new_name ? "it does" : "it does not", old_name, old_row ? "it does" : "it does not",
              deleted_name, deleted_row ? "there is one" : "there is none", screen);
    keys("Escape");
    assert_gone("New contact");
    record_free(SENDX_KIND_FIELD, renamed);
    free(renamed_id);
    free(old_name);
    free(deleted_id);
    free(deleted_name);
    quit();
}

/* A delete leaves the cursor beside where the record was: deleting the
 * last row puts it on the row above, not back at the top. */
Test(e2e_edit, deleting_the_last_row_leaves_the_cursor_on_the_row_above)
{
    start(50);
    struct sendx_page page = {0};
    list_page(SENDX_KIND_LIST, 0, model_resource(SENDX_KIND_LIST)->page_max, &page);
    cr_assert_geq(page.records.len, 2);
    char *above =
        shown(((const struct sendx_list *)sendx_page_at(&page, page.records.len - 1))->name, 24);
    sendx_page_free(&page);
    open_pane("2", "Lists", SENDX_KIND_LIST);
    keys("n");
    assert_shows("New list");
    type("E2E last list");
    save_and_wait("New list", "saved list E2E last list");
    assert_selected("E2E last list");
    struct sendx_list *made = must_find(SENDX_KIND_LIST, SENDX_LIST_NAME, "E2E last list");
    delete_selected("Delete list E2E last list?", SENDX_KIND_LIST, made->id);
    assert_deleted(SENDX_KIND_LIST, made->id);
    assert_gone("E2E last list");
    assert_selected(above);
    record_free(SENDX_KIND_LIST, made);
    free(above);
    quit();
}
