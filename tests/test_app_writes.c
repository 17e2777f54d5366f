/* Writes through the app without a terminal or threads: the forms, the
 * questions before a delete, the save's answers (a conflict, an error,
 * the record), read-only mode and drafts. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_parts.h"
#include "app/drafts.h"
#include "app/files.h"
#include "app/keys.h"
#include "app_fixture.h"
#include "tree.h"

TestSuite(writes, .init = fixture_setup, .fini = fixture_teardown);

static void key(int k)
{
    app_key(&app, k, now);
}

/* The contacts pane with n contacts, every other one tagged tag 0. */
static void contacts(size_t n)
{
    struct fetch_job *job = take(FETCH_FOR_PANE, SENDX_KIND_CONTACT);
    cr_assert_not_null(job);
    app_result(&app, page_tagged(job, n, 0, 2, "tag_0000000000000000000000"), now);
}

/* A write's result: ok with record (copied), or failed with status. */
static struct fetch_result *write_result(struct fetch_job *job, const void *record, long status,
                                         const char *message)
{
    struct fetch_result *r = calloc(1, sizeof *r);
    r->type = FETCH_RESULT_DONE;
    r->job = job;
    r->job_id = job->id;
    r->gen = job->gen;
    if (status) {
        r->rc = -1;
        api_error_set(&r->err, API_ERR_HTTP, status, "%s", message);
    } else if (record) {
        const struct model_type *t = model_resource(job->kind)->type;
        r->record = calloc(1, t->size);
        cr_assert_eq(codec_copy(t, r->record, record), 0);
    }
    return r;
}

static const char *pane_name(int pane, size_t i)
{
    const void *rec = pane_record(&app.panes[pane], i);
    if (app.panes[pane].kind == SENDX_KIND_LIST)
        return ((const struct sendx_list *)rec)->name;
    return ((const struct sendx_contact *)rec)->email;
}

Test(writes, delete_asks_with_the_contacts_it_touches_and_only_y_deletes)
{
    contacts(10);
    key('3');
    answer(SENDX_KIND_TAG, 3);
    key('d');
    const struct app_confirm *c = app_confirm_shown(&app);
    cr_assert_not_null(c);
    cr_assert(strstr(c->question, "tag-0") && strstr(c->question, "5 loaded contacts"), "%s",
              c->question);
    key(KEYS_ENTER);
    cr_assert_null(app_confirm_shown(&app), "Enter says no");
    cr_assert_eq(count_jobs(FETCH_FOR_SAVE, -1), 0);
    key('d');
    key('y');
    struct fetch_job *job = take(FETCH_FOR_SAVE, -1);
    cr_assert_not_null(job);
    cr_assert_eq(job->type, FETCH_DELETE);
    cr_assert_eq(job->lane, FETCH_LANE_USER);
    cr_assert_str_eq(job->record_id, "tag_0000000000000000000000");
    app_result(&app, write_result(job, NULL, 0, NULL), now);
    cr_assert_eq(app.panes[SENDX_KIND_TAG].n_view, 2, "the deleted tag left the table");
    cr_assert(strstr(status_now(), "deleted"));
}

Test(writes, a_new_list_is_saved_and_appears_in_its_table)
{
    key('2');
    answer(SENDX_KIND_LIST, 3);
    key('n');
    const struct app_form *f = app_form_shown(&app);
    cr_assert_not_null(f);
    key(KEYS_CTRL('s'));
    cr_assert_eq(count_jobs(FETCH_FOR_SAVE, -1), 0, "a list needs its name first");
    cr_assert_not_null(form_field_error(&f->form, 0));
    type("Käufer 2025");
    cr_assert_null(form_field_error(&f->form, 0), "the error goes once the name is there");
    key(KEYS_CTRL('s'));
    struct fetch_job *job = take(FETCH_FOR_SAVE, -1);
    cr_assert_not_null(job);
    cr_assert_eq(job->type, FETCH_CREATE);
    cr_assert_str_eq(((struct sendx_list *)job->record)->name, "Käufer 2025");
    cr_assert(app_form_shown(&app)->save_job, "saving");
    struct sendx_list saved = {0};
    fill_record(SENDX_KIND_LIST, &saved, 77, NULL);
    codec_set_string(&model_list_type, &saved, SENDX_LIST_NAME, "Käufer 2025");
    app_result(&app, write_result(job, &saved, 0, NULL), now);
    codec_free(&model_list_type, &saved);
    cr_assert_null(app_form_shown(&app), "saved: the form closes");
    struct app_pane *p = &app.panes[SENDX_KIND_LIST];
    cr_assert_eq(p->n_view, 4);
    cr_assert_str_eq(pane_name(SENDX_KIND_LIST, p->cursor), "Käufer 2025",
                     "the cursor is on the new list");
}

Test(writes, a_failed_save_keeps_every_value_and_says_why_beside_the_field)
{
    contacts(3);
    key('e');
    const struct app_form *f = app_form_shown(&app);
    cr_assert_not_null(f);
    key(KEYS_CTRL('u'));
    type("taken@example.com");
    key(KEYS_CTRL('s'));
    struct fetch_job *job = take(FETCH_FOR_SAVE, -1);
    cr_assert_eq(job->type, FETCH_UPDATE);
    const struct sendx_contact *change = job->record;
    cr_assert_eq(change->set, 1ull << SENDX_CONTACT_EMAIL, "only the email is sent");
    cr_assert_not_null(job->original, "checked against the record as opened");
    app_result(&app, write_result(job, NULL, 409, "Email already exists"), now);
    f = app_form_shown(&app);
    cr_assert_not_null(f, "the form stays");
    cr_assert_not(f->save_job, "no longer saving");
    cr_assert_str_eq(form_field_text(&f->form, 0), "taken@example.com");
    cr_assert(strstr(form_field_error(&f->form, 0), "Email already exists"));
}

Test(writes, a_conflict_shows_both_values_and_overwrite_sends_without_a_check)
{
    contacts(3);
    key('e');
    key(KEYS_TAB);
    type("Ana");
    key(KEYS_CTRL('s'));
    struct fetch_job *job = take(FETCH_FOR_SAVE, -1);
    struct fetch_result *r = write_result(job, NULL, 0, NULL);
    struct sendx_contact *now_there = calloc(1, sizeof *now_there);
    fill_record(SENDX_KIND_CONTACT, now_there, 0, NULL);
    codec_set_string(&model_contact_type, now_there, SENDX_CONTACT_FIRST_NAME, "Anna");
    r->conflicted = true;
    r->server_now = now_there;
    cr_assert_eq(changes_conflicts(SENDX_KIND_CONTACT, job->original, now_there, job->record, NULL,
                                   &r->conflicts, &r->err),
                 0);
    app_result(&app, r, now);
    const struct app_diff *d = app_diff_shown(&app);
    cr_assert_not_null(d, "the conflict is shown");
    cr_assert_eq(d->conflicts.len, 1);
    cr_assert_str_eq(d->conflicts.items[0].theirs, "Anna");
    cr_assert_str_eq(d->conflicts.items[0].ours, "Ana");
    key('o');
    job = take(FETCH_FOR_SAVE, -1);
    cr_assert_not_null(job, "overwrite sends");
    cr_assert_eq(job->type, FETCH_UPDATE);
    cr_assert_null(job->original, "without a check");
    cr_assert_str_eq(((struct sendx_contact *)job->record)->first_name, "Ana");
    struct sendx_contact saved = {0};
    fill_record(SENDX_KIND_CONTACT, &saved, 0, NULL);
    codec_set_string(&model_contact_type, &saved, SENDX_CONTACT_FIRST_NAME, "Ana");
    app_result(&app, write_result(job, &saved, 0, NULL), now);
    codec_free(&model_contact_type, &saved);
    cr_assert_null(app_form_shown(&app));
    cr_assert_eq(app_screen(&app), SCREEN_TABLE);
    const struct sendx_contact *row = pane_record(&app.panes[0], 0);
    cr_assert_str_eq(row->first_name, "Ana", "the table shows the server's answer");
}

Test(writes, back_to_the_form_after_a_conflict_keeps_the_values)
{
    contacts(1);
    key('e');
    key(KEYS_TAB);
    type("Ana");
    key(KEYS_CTRL('s'));
    struct fetch_job *job = take(FETCH_FOR_SAVE, -1);
    struct fetch_result *r = write_result(job, NULL, 0, NULL);
    r->conflicted = true;
    r->server_now = calloc(1, sizeof(struct sendx_contact));
    fill_record(SENDX_KIND_CONTACT, r->server_now, 0, NULL);
    app_result(&app, r, now);
    key('b');
    const struct app_form *f = app_form_shown(&app);
    cr_assert_not_null(f);
    cr_assert_str_eq(form_field_text(&f->form, 1), "Ana");
    cr_assert_eq(count_jobs(FETCH_FOR_SAVE, -1), 0, "nothing sent");
}

Test(writes, esc_on_a_changed_form_asks_first)
{
    key('n');
    type("x@example.com");
    key(KEYS_ESC);
    cr_assert_not_null(app_confirm_shown(&app));
    key('n');
    cr_assert_not_null(app_form_shown(&app), "no: the form stays, as it was");
    cr_assert_str_eq(form_field_text(&app_form_shown(&app)->form, 0), "x@example.com");
    key(KEYS_ESC);
    key('y');
    cr_assert_null(app_form_shown(&app));
}

Test(writes, read_only_refuses_every_write_and_says_so)
{
    fixture_teardown();
    struct app_config cfg = {.where = "test", .readonly = true};
    cr_assert_eq(app_init(&app, &cfg, now), 0);
    contacts(3);
    const int keys[] = {'n', 'e', 'd', 'u'};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        key(keys[i]);
        cr_assert_null(app_form_shown(&app));
        cr_assert_null(app_confirm_shown(&app));
        cr_assert(strstr(status_now(), "read-only"), "%c: %s", keys[i], status_now());
    }
    cr_assert_eq(count_jobs(FETCH_FOR_SAVE, -1), 0);
}

Test(writes, a_campaign_is_offered_as_a_new_draft_instead_of_an_edit)
{
    key('4');
    answer(SENDX_KIND_CAMPAIGN, 2);
    key('e');
    const struct app_confirm *c = app_confirm_shown(&app);
    cr_assert_not_null(c);
    cr_assert(strstr(c->question, "cannot change a campaign"));
    key('y');
    const struct app_form *f = app_form_shown(&app);
    cr_assert_not_null(f);
    cr_assert_null(f->form.id, "a new campaign");
    cr_assert_str_eq(form_field_text(&f->form, 0), "Campaign 0", "with the old one's values");
}

Test(writes, tags_are_picked_by_typing_and_a_new_name_is_kept)
{
    cr_assert_eq(names_put(&app.names, "tag_0000000000000000000001", "VIP"), 0);
    cr_assert_eq(names_put(&app.names, "tag_0000000000000000000002", "Lead"), 0);
    key('n');
    const struct app_form *f = app_form_shown(&app);
    size_t tags = 5;
    cr_assert_eq(f->form.fields[tags].def->member, SENDX_CONTACT_TAGS);
    for (size_t i = 0; i < tags; i++)
        key(KEYS_TAB);
    key(KEYS_ENTER);
    const struct app_picker *p = app_picker_shown(&app);
    cr_assert_not_null(p);
    cr_assert_eq(picker_rows(&p->picker), 2);
    type("vi");
    cr_assert_eq(picker_rows(&p->picker), 2, "VIP, and a new tag named vi");
    cr_assert_str_eq(picker_row_item(&p->picker, 0)->name, "VIP");
    key(' ');
    key(KEYS_CTRL('u'));
    type("Partners");
    key(' ');
    key(KEYS_ENTER);
    cr_assert_null(app_picker_shown(&app));
    const struct sendx_strv *items = form_field_items(&f->form, tags);
    cr_assert_eq(items->len, 2);
    cr_assert_str_eq(items->items[0], "Partners");
    cr_assert_str_eq(items->items[1], "tag_0000000000000000000001");
}

Test(writes, a_changed_form_is_kept_as_a_draft_when_the_app_ends)
{
    char dir[] = "/tmp/sendx-drafts-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    fixture_teardown();
    struct app_config cfg = {.where = "test", .drafts_dir = dir};
    cr_assert_eq(app_init(&app, &cfg, now), 0);
    key('5');
    key('n');
    type("Kept newsletter");
    cr_assert(app_has_changes(&app));
    key(KEYS_CTRL('c'));
    cr_assert_not_null(app_confirm_shown(&app), "quitting asks first");
    cr_assert_eq(app_save_drafts_now(&app), 0);
    struct drafts_list list = {0};
    struct api_error err = {0};
    cr_assert_eq(drafts_list(dir, &list, &err), 0);
    cr_assert_eq(list.len, 1);
    cr_assert_eq(list.items[0].kind, SENDX_KIND_TEMPLATE);
    cr_assert_str_eq(((struct sendx_template *)list.items[0].record)->name, "Kept newsletter");
    /* The next start offers it, and y brings the form back whole. */
    fixture_teardown();
    cr_assert_eq(app_init(&app, &cfg, now), 0);
    app_offer_drafts(&app, &list, now);
    cr_assert_not_null(app_confirm_shown(&app));
    key('y');
    const struct app_form *f = app_form_shown(&app);
    cr_assert_not_null(f);
    cr_assert_eq(f->form.kind, SENDX_KIND_TEMPLATE);
    cr_assert_str_eq(form_field_text(&f->form, 0), "Kept newsletter");
    drafts_list_free(&list);
    tree_remove(dir);
}

Test(writes, a_campaign_copies_the_html_of_a_template_picked_by_name)
{
    cr_assert_eq(names_put(&app.names, "template_0000000000000000000003", "Spring sale"), 0);
    key('4');
    key('n');
    const struct app_form *f = app_form_shown(&app);
    cr_assert_not_null(f);
    key(KEYS_CTRL('t'));
    cr_assert_not_null(app_picker_shown(&app), "the templates to copy from");
    type("spring");
    key(KEYS_ENTER);
    cr_assert_null(app_picker_shown(&app));
    struct fetch_job *job = take(FETCH_FOR_DETAIL, -1);
    cr_assert_not_null(job, "the template is fetched for its HTML");
    cr_assert_eq(job->kind, SENDX_KIND_TEMPLATE);
    cr_assert_str_eq(job->record_id, "template_0000000000000000000003");
    struct fetch_result *r = write_result(job, NULL, 0, NULL);
    struct sendx_template *t = calloc(1, sizeof *t);
    codec_set_string(&model_template_type, t, SENDX_TEMPLATE_HTML_CODE, "<p>Spring!</p>");
    r->record = t;
    app_result(&app, r, now);
    f = app_form_shown(&app);
    bool found = false;
    for (size_t i = 0; i < f->form.n_fields; i++)
        if (f->form.fields[i].def->member == SENDX_CAMPAIGN_HTML_CONTENT &&
            f->form.fields[i].def->widget == FORM_LONG_TEXT)
            found = strcmp(form_field_text(&f->form, i), "<p>Spring!</p>") == 0;
    cr_assert(found, "the campaign's HTML is the template's");
}

/* A names page of one sender, as the name loads bring it. */
static void sender_known(void)
{
    struct fetch_job *job = NULL;
    pull();
    for (size_t i = 0; i < n_jobs && !job; i++)
        if (jobs[i]->purpose == FETCH_FOR_NAMES && jobs[i]->kind == SENDX_KIND_SENDER) {
            job = jobs[i];
            memmove(jobs + i, jobs + i + 1, (n_jobs - i - 1) * sizeof *jobs);
            n_jobs--;
        }
    cr_assert_not_null(job, "the senders are loaded in the background");
    struct fetch_result *r = page_for(job, 0, 0, 0);
    r->page.records.items = calloc(1, sizeof(struct sendx_sender));
    r->page.records.len = r->page.received = 1;
    struct sendx_sender *s = r->page.records.items;
    codec_set_string(&model_sender_type, s, SENDX_SENDER_ID, "sender_0000000000000000000009");
    codec_set_string(&model_sender_type, s, SENDX_SENDER_EMAIL, "news@example.com");
    app_result(&app, r, now);
}

Test(writes, send_test_sends_a_template_from_a_known_sender_to_one_address)
{
    sender_known();
    key('5');
    struct fetch_job *page = take(FETCH_FOR_PANE, SENDX_KIND_TEMPLATE);
    app_result(&app, page_for(page, 2, 0, 0), now);
    key(':');
    type("send-test not-an-address");
    key(KEYS_ENTER);
    cr_assert_eq(count_jobs(FETCH_FOR_SAVE, -1), 0);
    cr_assert(strstr(status_now(), "not sent"), "%s", status_now());
    key(':');
    type("send-test ana@example.com");
    key(KEYS_ENTER);
    struct fetch_job *job = take(FETCH_FOR_SAVE, -1);
    cr_assert_not_null(job);
    cr_assert_eq(job->type, FETCH_SEND_TEST);
    cr_assert(job->send_template);
    const struct sendx_email *m = job->email;
    cr_assert_eq(m->to.len, 1);
    cr_assert_str_eq(((struct sendx_recipient *)m->to.items)->email, "ana@example.com");
    cr_assert_str_eq(((struct sendx_address *)m->from.items)->email, "news@example.com");
    cr_assert_str_eq(m->template, "template_0000000000000000000000");
    fetch_job_free(job);
}

Test(writes, a_draft_offered_at_start_can_be_discarded)
{
    char dir[] = "/tmp/sendx-drafts-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    struct api_error err = {0};
    struct sendx_list values = {0};
    codec_set_string(&model_list_type, &values, SENDX_LIST_NAME, "Half-typed");
    struct draft d = {.kind = SENDX_KIND_LIST, .record = &values};
    cr_assert_eq(drafts_save(dir, &d, 1700000000, &err), 0, "%s", api_error_message(&err));
    d.record = NULL;
    codec_free(&model_list_type, &values);
    struct queue done;
    cr_assert_eq(queue_init(&done, false), 0);
    struct files_writer *w = files_writer_start(&done, &err);
    cr_assert_not_null(w);
    fixture_teardown();
    struct app_config cfg = {.where = "test", .drafts_dir = dir, .files = w};
    cr_assert_eq(app_init(&app, &cfg, now), 0);
    struct drafts_list list = {0};
    cr_assert_eq(drafts_list(dir, &list, &err), 0);
    cr_assert_eq(list.len, 1);
    app_offer_drafts(&app, &list, now);
    const struct app_confirm *c = app_confirm_shown(&app);
    cr_assert_not_null(c);
    cr_assert_str_eq(c->other, "discard");
    key('d');
    cr_assert_null(app_confirm_shown(&app));
    cr_assert_null(app_form_shown(&app), "nothing reopened");
    files_writer_stop(w);
    files_results_drain(&done);
    queue_destroy(&done);
    cr_assert_eq(drafts_list(dir, &list, &err), 0);
    cr_assert_eq(list.len, 0, "the draft's file is gone");
    drafts_list_free(&list);
    drafts_free(&d);
    tree_remove(dir);
}

Test(writes, a_reopened_edit_sends_only_its_change_checked_against_the_record_first_opened)
{
    char dir[] = "/tmp/sendx-drafts-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    fixture_teardown();
    struct app_config cfg = {.where = "test", .drafts_dir = dir};
    cr_assert_eq(app_init(&app, &cfg, now), 0);
    contacts(2);
    key('e');
    key(KEYS_TAB);
    type("Zoë");
    cr_assert_eq(app_save_drafts_now(&app), 0);
    struct drafts_list list = {0};
    struct api_error err = {0};
    cr_assert_eq(drafts_list(dir, &list, &err), 0);
    cr_assert_eq(list.len, 1);
    cr_assert_not_null(list.items[0].original, "the record as opened is kept");
    cr_assert_str_eq(list.items[0].title, "user000000@example.com");
    fixture_teardown();
    cr_assert_eq(app_init(&app, &cfg, now), 0);
    app_offer_drafts(&app, &list, now);
    cr_assert(strstr(app_confirm_shown(&app)->question, "user000000@example.com"), "%s",
              app_confirm_shown(&app)->question);
    key('y');
    key(KEYS_CTRL('s'));
    struct fetch_job *job = take(FETCH_FOR_SAVE, -1);
    cr_assert_not_null(job);
    cr_assert_eq(job->type, FETCH_UPDATE);
    const struct sendx_contact *change = job->record, *original = job->original;
    cr_assert_eq(change->set, 1ull << SENDX_CONTACT_FIRST_NAME, "only the first name is sent");
    cr_assert_str_eq(change->first_name, "Zoë");
    cr_assert_not_null(original);
    cr_assert_str_eq(original->email, "user000000@example.com",
                     "checked against the record as it was first opened");
    fetch_job_free(job);
    drafts_list_free(&list);
    tree_remove(dir);
}

Test(writes, a_conflict_over_lists_names_them)
{
    cr_assert_eq(names_put(&app.names, "list_0000000000000000000001", "Newsletter"), 0);
    cr_assert_eq(names_put(&app.names, "list_0000000000000000000002", "Customers"), 0);
    contacts(1);
    key('e');
    const struct app_form *f = app_form_shown(&app);
    const char *mine[] = {"list_0000000000000000000001"};
    cr_assert_eq(form_set_items((struct form *)&f->form, 4, mine, 1), 0);
    key(KEYS_CTRL('s'));
    struct fetch_job *job = take(FETCH_FOR_SAVE, -1);
    cr_assert_not_null(job);
    struct fetch_result *r = write_result(job, NULL, 0, NULL);
    struct sendx_contact *there = calloc(1, sizeof *there);
    fill_record(SENDX_KIND_CONTACT, there, 0, NULL);
    const char *theirs[] = {"list_0000000000000000000002"};
    codec_set_strings(&model_contact_type, there, SENDX_CONTACT_LISTS, theirs, 1);
    r->conflicted = true;
    r->server_now = there;
    /* As the worker says it: without names. */
    cr_assert_eq(changes_conflicts(SENDX_KIND_CONTACT, job->original, there, job->record, NULL,
                                   &r->conflicts, &r->err),
                 0);
    app_result(&app, r, now);
    const struct app_diff *d = app_diff_shown(&app);
    cr_assert_not_null(d);
    cr_assert_eq(d->conflicts.len, 1);
    cr_assert(strstr(d->conflicts.items[0].theirs, "Customers"), "%s",
              d->conflicts.items[0].theirs);
    cr_assert(strstr(d->conflicts.items[0].ours, "Newsletter"), "%s", d->conflicts.items[0].ours);
}

Test(writes, quitting_while_a_write_is_on_its_way_asks_first)
{
    key('3');
    answer(SENDX_KIND_TAG, 2);
    key('d');
    key('y');
    cr_assert_eq(count_jobs(FETCH_FOR_SAVE, -1), 1);
    cr_assert_eq(app_key(&app, 'q', now) & APP_QUIT, 0u, "q asks first");
    cr_assert(strstr(app_confirm_shown(&app)->question, "on its way"));
    key('n');
    cr_assert_null(app_confirm_shown(&app));
    cr_assert(app_key(&app, KEYS_CTRL('c'), now), "asks again");
    cr_assert(app_key(&app, 'y', now) & APP_QUIT);
}

Test(writes, the_next_action_that_does_something_clears_the_last_message)
{
    contacts(5);
    app_status(&app, APP_MSG_ERROR, "something went wrong a moment ago");
    cr_assert(strstr(status_now(), "went wrong"));
    key('j');
    cr_assert_null(strstr(status_now(), "went wrong"), "j moved: gone (%s)", status_now());
    key('s');
    cr_assert(strstr(status_now(), "sorted by"), "an action's own message stays");
}
