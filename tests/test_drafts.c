/* Drafts: where they live (XDG_STATE_HOME, else HOME), a form's values
 * written and read back exactly (every member type, UTF-8 and control
 * characters, a field cleared, a new record), listed newest first,
 * discarded; and files that are not drafts (cut short, not an object,
 * another version, another kind, a field of the wrong type, empty, huge)
 * reported by name, moved aside and never crashing. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api_error.h"
#include "api/codec.h"
#include "api/model.h"
#include "app/drafts.h"
#include "app/files.h"
#include "app/queue.h"
#include "tree.h"

/* 2024-05-01T12:04:33Z */
#define T0 ((time_t)1714565073)

static char root[64];
static char *dir;

static void setup(void)
{
    umask(022);
    snprintf(root, sizeof root, "/tmp/sendx-drafts-XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    cr_assert_eq(setenv("XDG_STATE_HOME", root, 1), 0);
    struct api_error err = {0};
    dir = drafts_dir("default", &err);
    cr_assert_not_null(dir, "%s", api_error_message(&err));
}

static void teardown(void)
{
    free(dir);
    tree_remove(root);
}

TestSuite(drafts, .init = setup, .fini = teardown, .timeout = 30);
TestSuite(corrupt, .init = setup, .fini = teardown, .timeout = 30);

static char *path_of(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static unsigned mode_of(const char *path)
{
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s exists", path);
    return st.st_mode & 07777;
}

/* The names in the drafts directory, sorted, joined by spaces. */
static char *listing(void)
{
    static char out[4096];
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            if (out[0])
                strcat(out, " ");
            strcat(out, name);
        }
        free(names[i]);
    }
    if (n >= 0)
        free(names);
    return out;
}

static void set_bit(void *record, unsigned member)
{
    *codec_set_mask(record) |= (uint64_t)1 << member;
}

/* A contact holding every member type, with text no form should lose. */
static struct sendx_contact *full_contact(const char *id)
{
    const struct model_type *t = &model_contact_type;
    struct sendx_contact *c = calloc(1, sizeof *c);
    cr_assert_not_null(c);
    if (id)
        cr_assert_eq(codec_set_string(t, c, SENDX_CONTACT_ID, id), 0);
    cr_assert_eq(codec_set_string(t, c, SENDX_CONTACT_FIRST_NAME, "Zoë 日本 🎉"), 0);
    cr_assert_eq(codec_set_string(t, c, SENDX_CONTACT_LAST_NAME,
                                  "ctl \x01\x1b[31m\t\n\r \"quoted\" \\ \x7f \xc2\x9b"),
                 0);
    cr_assert_eq(codec_set_string(t, c, SENDX_CONTACT_EMAIL, "x@y.com"), 0);
    /* Cleared by the form: set, and nothing. */
    set_bit(c, SENDX_CONTACT_COMPANY);
    cr_assert_eq(codec_map_put(t, c, SENDX_CONTACT_CUSTOM_FIELDS, "field_plan", "gold"), 0);
    cr_assert_eq(codec_map_put(t, c, SENDX_CONTACT_CUSTOM_FIELDS, "ключ", "значение\n2"), 0);
    const char *lists[] = {"list_aaaaaaaaaaaaaaaaaaaaaa", "list_BBBBBBBBBBBBBBBBBBBBBB"};
    cr_assert_eq(codec_set_strings(t, c, SENDX_CONTACT_LISTS, lists, 2), 0);
    cr_assert_eq(codec_set_strings(t, c, SENDX_CONTACT_TAGS, NULL, 0), 0);
    codec_set_bool(t, c, SENDX_CONTACT_UNSUBSCRIBED, true);
    codec_set_bool(t, c, SENDX_CONTACT_BOUNCED, false);
    codec_set_int(t, c, SENDX_CONTACT_CONTACT_SOURCE, INT64_MAX);
    codec_set_int(t, c, SENDX_CONTACT_LTV, INT64_MIN);
    return c;
}

static void expect_string(const char *got, const char *want, const char *what)
{
    if (!want) {
        cr_expect_null(got, "%s is nothing", what);
        return;
    }
    cr_assert_not_null(got, "%s is there", what);
    cr_expect_str_eq(got, want, "%s", what);
}

static void expect_same_contact(const struct sendx_contact *a, const struct sendx_contact *b)
{
    cr_expect_eq(a->set, b->set, "the same members set: %llx, %llx", (unsigned long long)a->set,
                 (unsigned long long)b->set);
    expect_string(a->id, b->id, "id");
    expect_string(a->first_name, b->first_name, "first name");
    expect_string(a->last_name, b->last_name, "last name");
    expect_string(a->email, b->email, "email");
    expect_string(a->company, b->company, "company");
    cr_assert_eq(a->custom_fields.len, b->custom_fields.len);
    for (size_t i = 0; i < a->custom_fields.len; i++) {
        expect_string(a->custom_fields.items[i].key, b->custom_fields.items[i].key, "map key");
        expect_string(a->custom_fields.items[i].value, b->custom_fields.items[i].value,
                      "map value");
    }
    cr_assert_eq(a->lists.len, b->lists.len);
    for (size_t i = 0; i < a->lists.len; i++)
        expect_string(a->lists.items[i], b->lists.items[i], "list");
    cr_expect_eq(a->tags.len, b->tags.len);
    cr_expect_eq(a->unsubscribed, b->unsubscribed);
    cr_expect_eq(a->bounced, b->bounced);
    cr_expect_eq(a->contact_source, b->contact_source);
    cr_expect_eq(a->ltv, b->ltv);
}

static struct draft contact_draft(const char *id)
{
    struct draft d = {.kind = SENDX_KIND_CONTACT, .record = full_contact(id)};
    if (id) {
        d.id = strdup(id);
        d.updated = strdup("2024-04-30T09:00:00Z");
    }
    d.title = strdup("x@y.com");
    return d;
}

static void save(struct draft *d, time_t now)
{
    struct api_error err = {0};
    cr_assert_eq(drafts_save(dir, d, now, &err), 0, "%s", api_error_message(&err));
}

Test(drafts, the_directory_is_under_xdg_state_home)
{
    char want[128];
    snprintf(want, sizeof want, "%s/sendx-tui/drafts/default", root);
    cr_expect_str_eq(dir, want);
}

Test(drafts, without_xdg_state_home_it_is_under_home)
{
    cr_assert_eq(setenv("HOME", "/home/someone", 1), 0);
    const char *unset[] = {NULL, "", "relative/state", "./state"};
    for (size_t i = 0; i < sizeof unset / sizeof *unset; i++) {
        if (unset[i])
            cr_assert_eq(setenv("XDG_STATE_HOME", unset[i], 1), 0);
        else
            cr_assert_eq(unsetenv("XDG_STATE_HOME"), 0);
        struct api_error err = {0};
        char *d = drafts_dir("acme", &err);
        cr_assert_not_null(d, "%s", api_error_message(&err));
        cr_expect_str_eq(d, "/home/someone/.local/state/sendx-tui/drafts/acme",
                         "XDG_STATE_HOME %s is not used", unset[i] ? unset[i] : "unset");
        free(d);
    }
}

/* Each team's drafts apart: a draft names records of one team only (the
 * name made safe as state_profile_component does: test_state). */
Test(drafts, each_profile_has_its_own_directory)
{
    cr_assert_eq(setenv("XDG_STATE_HOME", "/state", 1), 0);
    struct api_error err = {0};
    char *d = drafts_dir("acme", &err);
    cr_expect_str_eq(d, "/state/sendx-tui/drafts/acme");
    free(d);
    d = drafts_dir("../x", &err);
    cr_expect_str_eq(d, "/state/sendx-tui/drafts/_._x");
    free(d);
}

Test(drafts, no_absolute_home_is_an_error_value)
{
    cr_assert_eq(setenv("XDG_STATE_HOME", "state", 1), 0);
    cr_assert_eq(setenv("HOME", "home", 1), 0);
    struct api_error err = {0};
    cr_expect_null(drafts_dir("default", &err));
    cr_expect_eq(err.kind, API_ERR_INVALID);
    api_error_clear(&err);
    cr_assert_eq(unsetenv("HOME"), 0);
    cr_expect_null(drafts_dir("default", &err));
    cr_expect_eq(err.kind, API_ERR_INVALID);
    api_error_clear(&err);
}

Test(drafts, a_contact_comes_back_with_every_value)
{
    const char *id = "contact_AbCdEfGhIjKlMnOpQrStUv";
    struct draft d = contact_draft(id);
    save(&d, T0);
    cr_assert_str_eq(d.name, "contact-id-contact_-ab-cd-ef-gh-ij-kl-mn-op-qr-st-uv.json");
    cr_expect_eq(d.written, T0);
    cr_expect_eq(mode_of(path_of(d.name)), 0600u);
    cr_expect_eq(mode_of(dir), 0700u);
    char parent[128];
    snprintf(parent, sizeof parent, "%s/sendx-tui", root);
    cr_expect_eq(mode_of(parent), 0700u);
    cr_expect_str_eq(listing(), d.name, "one file, no temporary one");

    struct draft back;
    struct api_error err = {0};
    cr_assert_eq(drafts_read(dir, d.name, &back, &err), 0, "%s", api_error_message(&err));
    cr_expect_str_eq(back.name, d.name);
    cr_expect_eq(back.kind, SENDX_KIND_CONTACT);
    expect_string(back.id, id, "draft id");
    expect_string(back.updated, "2024-04-30T09:00:00Z", "updated");
    expect_string(back.title, "x@y.com", "title");
    cr_expect_eq(back.written, T0);
    expect_same_contact(back.record, d.record);
    drafts_free(&back);
    drafts_free(&d);
}

Test(drafts, the_file_is_the_documented_json)
{
    struct draft d = contact_draft("contact_abc");
    save(&d, T0);
    FILE *f = fopen(path_of(d.name), "rb");
    cr_assert_not_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *j = cJSON_Parse(buf);
    cr_assert_not_null(j);
    cr_expect_eq(cJSON_GetObjectItem(j, "version")->valuedouble, DRAFTS_VERSION);
    cr_expect_str_eq(cJSON_GetObjectItem(j, "kind")->valuestring, "contact");
    cr_expect_str_eq(cJSON_GetObjectItem(j, "id")->valuestring, "contact_abc");
    cr_expect_str_eq(cJSON_GetObjectItem(j, "written")->valuestring, "2024-05-01T12:04:33Z");
    const cJSON *fields = cJSON_GetObjectItem(j, "fields");
    cr_expect_str_eq(cJSON_GetObjectItem(fields, "email")->valuestring, "x@y.com");
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(fields, "company")));
    cr_expect(cJSON_IsArray(cJSON_GetObjectItem(fields, "lists")));
    cr_expect(cJSON_IsObject(cJSON_GetObjectItem(fields, "customFields")));
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(fields, "unsubscribed")));
    cr_expect_null(cJSON_GetObjectItem(fields, "spam"), "members not set are not written");
    cJSON_Delete(j);
    drafts_free(&d);
}

Test(drafts, a_new_record_gets_a_random_name_kept_for_the_next_save)
{
    struct draft d = contact_draft(NULL);
    save(&d, T0);
    cr_assert_not_null(d.name);
    cr_expect_eq(strlen(d.name), strlen("contact-new-") + 16 + strlen(".json"));
    cr_expect_eq(strncmp(d.name, "contact-new-", 12), 0, "%s", d.name);
    cr_expect_eq(strspn(d.name + 12, "0123456789abcdef"), 16, "%s", d.name);
    char *first = strdup(d.name);
    codec_set_string(&model_contact_type, d.record, SENDX_CONTACT_EMAIL, "z@y.com");
    save(&d, T0 + 5);
    cr_expect_str_eq(d.name, first);
    cr_expect_str_eq(listing(), first, "the second save replaced the first");

    struct draft back;
    struct api_error err = {0};
    cr_assert_eq(drafts_read(dir, first, &back, &err), 0, "%s", api_error_message(&err));
    cr_expect_null(back.id);
    cr_expect_null(back.updated);
    cr_expect_eq(back.written, T0 + 5);
    expect_same_contact(back.record, d.record);
    drafts_free(&back);
    drafts_free(&d);

    struct draft other = contact_draft(NULL);
    save(&other, T0);
    cr_expect_str_neq(other.name, first, "another form, another name");
    drafts_free(&other);
    free(first);
}

/* Any resource's form is saved from the member tables alone: every
 * member of every kind, set, comes back set with its value. */
Test(drafts, every_member_of_every_kind_comes_back)
{
    for (int k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct model_resource *res = model_resource((enum sendx_kind)k);
        const struct model_type *t = res->type;
        void *rec = calloc(1, t->size);
        char id[64];
        snprintf(id, sizeof id, "%sAAAAAAAAAAAAAAAAAAAAAA", res->id_prefix);
        for (unsigned m = 0; m < t->n_members; m++) {
            const char *one[] = {"one"};
            switch (t->members[m].type) {
            case CODEC_STRING:
                cr_assert_eq(codec_set_string(t, rec, m, m == res->id_member ? id : "text"), 0);
                break;
            case CODEC_INT:
                codec_set_int(t, rec, m, 7);
                break;
            case CODEC_BOOL:
                codec_set_bool(t, rec, m, true);
                break;
            case CODEC_STRINGS:
                cr_assert_eq(codec_set_strings(t, rec, m, one, 1), 0);
                break;
            case CODEC_MAP:
                cr_assert_eq(codec_map_put(t, rec, m, "k", "v"), 0);
                break;
            case CODEC_OBJECTS:
                cr_assert_fail("%s has a member of records: drafts do not cover it", res->name);
            }
        }
        struct draft d = {.kind = res->kind, .id = strdup(id), .record = rec};
        save(&d, T0);
        struct draft back;
        struct api_error err = {0};
        cr_assert_eq(drafts_read(dir, d.name, &back, &err), 0, "%s: %s", res->name,
                     api_error_message(&err));
        const struct codec_record_head *a = d.record, *b = back.record;
        cr_expect_eq(a->set, b->set, "%s: every member set again", res->name);
        char *ja = codec_encode_string(res->read, d.record);
        char *jb = codec_encode_string(res->read, back.record);
        cr_expect_str_eq(ja, jb, "%s: the same values", res->name);
        free(ja);
        free(jb);
        drafts_free(&back);
        drafts_free(&d);
    }
}

Test(drafts, the_list_is_newest_first_and_says_what_each_is)
{
    struct draft a = contact_draft("contact_aaa");
    struct draft b = contact_draft(NULL);
    struct draft c = contact_draft("contact_ccc");
    struct draft tag = {.kind = SENDX_KIND_TAG, .record = calloc(1, sizeof(struct sendx_tag))};
    codec_set_string(&model_tag_type, tag.record, SENDX_TAG_NAME, "vip");
    tag.title = strdup("vip");
    save(&c, T0 + 60);
    save(&a, T0 + 180);
    save(&b, T0);
    save(&tag, T0 + 60);
    struct drafts_list l;
    struct api_error err = {0};
    cr_assert_eq(drafts_list(dir, &l, &err), 0, "%s", api_error_message(&err));
    cr_assert_eq(l.len, 4);
    cr_expect_eq(l.n_notes, 0);
    cr_expect_str_eq(l.items[0].name, a.name);
    /* The same second: by name. */
    cr_expect_str_eq(l.items[1].name, c.name);
    cr_expect_str_eq(l.items[2].name, tag.name);
    cr_expect_str_eq(l.items[3].name, b.name);
    cr_expect_eq(l.items[0].written, T0 + 180);
    cr_expect_eq(l.items[0].kind, SENDX_KIND_CONTACT);
    cr_expect_str_eq(l.items[0].title, "x@y.com");
    cr_expect_eq(l.items[2].kind, SENDX_KIND_TAG);
    cr_expect_str_eq(((struct sendx_tag *)l.items[2].record)->name, "vip");
    drafts_list_free(&l);
    cr_expect_null(l.items);
    drafts_free(&a);
    drafts_free(&b);
    drafts_free(&c);
    drafts_free(&tag);
}

Test(drafts, no_directory_means_no_drafts)
{
    struct drafts_list l;
    struct api_error err = {0};
    cr_assert_eq(drafts_list(dir, &l, &err), 0, "%s", api_error_message(&err));
    cr_expect_eq(l.len, 0);
    cr_expect_eq(l.n_notes, 0);
    drafts_list_free(&l);
}

Test(drafts, discard_removes_one_and_accepts_one_already_gone)
{
    struct draft a = contact_draft("contact_aaa");
    struct draft b = contact_draft("contact_bbb");
    save(&a, T0);
    save(&b, T0);
    struct api_error err = {0};
    cr_expect_eq(drafts_discard(dir, a.name, &err), 0, "%s", api_error_message(&err));
    cr_expect_str_eq(listing(), b.name);
    cr_expect_eq(drafts_discard(dir, a.name, &err), 0, "already gone");
    struct draft back;
    cr_expect_eq(drafts_read(dir, a.name, &back, &err), -1, "a discarded draft is gone");
    cr_expect_eq(err.kind, API_ERR_INVALID, "not reported as corrupt");
    api_error_clear(&err);
    drafts_free(&a);
    drafts_free(&b);
}

Test(drafts, names_from_outside_are_refused)
{
    struct draft d = contact_draft("contact_aaa");
    save(&d, T0);
    const char *bad[] = {"../x.json",
                         "/etc/passwd",
                         "contact-id-x.json/../x.json",
                         ".hidden.json",
                         "x",
                         "contact-id-contact_aaa.json.corrupt-1",
                         "Contact-id-A.json",
                         ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct api_error err = {0};
        struct draft back;
        cr_expect_eq(drafts_read(dir, bad[i], &back, &err), -1, "%s", bad[i]);
        cr_expect_eq(err.kind, API_ERR_INVALID, "%s", bad[i]);
        api_error_clear(&err);
        cr_expect_eq(drafts_discard(dir, bad[i], &err), -1, "%s", bad[i]);
        api_error_clear(&err);
    }
    cr_expect_str_eq(listing(), d.name);
    drafts_free(&d);
}

Test(drafts, an_id_that_is_not_an_id_is_not_saved)
{
    struct draft d = contact_draft("contact_aaa");
    free(d.id);
    d.id = strdup("../../etc");
    struct api_error err = {0};
    cr_expect_eq(drafts_save(dir, &d, T0, &err), -1);
    cr_expect_null(d.name);
    api_error_clear(&err);
    drafts_free(&d);
}

Test(drafts, an_id_too_long_for_a_file_name_gets_a_random_one)
{
    char id[MODEL_ID_MAX + 1];
    memset(id, 'A', MODEL_ID_MAX);
    id[MODEL_ID_MAX] = '\0';
    struct draft d = {.kind = SENDX_KIND_CONTACT,
                      .id = strdup(id),
                      .record = calloc(1, sizeof(struct sendx_contact))};
    save(&d, T0);
    cr_expect_eq(strncmp(d.name, "contact-new-", 12), 0, "%s", d.name);
    struct draft back;
    struct api_error err = {0};
    cr_assert_eq(drafts_read(dir, d.name, &back, &err), 0, "%s", api_error_message(&err));
    cr_expect_str_eq(back.id, id, "the id is inside");
    drafts_free(&back);
    drafts_free(&d);
}

Test(drafts, saves_and_discards_go_through_the_writer)
{
    struct queue results;
    cr_assert_eq(queue_init(&results, true), 0);
    struct api_error err = {0};
    struct files_writer *w = files_writer_start(&results, &err);
    cr_assert_not_null(w);
    struct draft d = contact_draft("contact_aaa");
    unsigned long saved = drafts_save_async(w, dir, &d, T0, &err);
    cr_assert_neq(saved, 0, "%s", api_error_message(&err));
    unsigned long again = drafts_save_async(w, dir, &d, T0 + 1, &err);
    cr_assert_neq(again, 0);
    struct pollfd pfd = {.fd = queue_wake_fd(&results), .events = POLLIN};
    size_t got = 0;
    while (got < 2) {
        cr_assert_eq(poll(&pfd, 1, 10000), 1);
        struct queue_node *n = queue_take_all(&results);
        while (n) {
            struct queue_node *next = n->next;
            struct files_result *r = (struct files_result *)n;
            cr_expect_eq(r->id, got == 0 ? saved : again);
            cr_expect_eq(r->rc, 0, "%s", api_error_message(&r->err));
            cr_expect_str_eq(r->path, path_of(d.name));
            files_result_free(r);
            got++;
            n = next;
        }
    }
    struct draft back;
    cr_assert_eq(drafts_read(dir, d.name, &back, &err), 0, "%s", api_error_message(&err));
    cr_expect_eq(back.written, T0 + 1);
    drafts_free(&back);
    cr_assert_neq(drafts_discard_async(w, dir, d.name, &err), 0);
    files_writer_stop(w);
    files_results_drain(&results);
    queue_destroy(&results);
    cr_expect_str_eq(listing(), "");
    drafts_free(&d);
}

/* corrupt: each file below stands where a draft would, is reported
 * naming the file and the problem, and is moved aside whole. */

#define NAME "contact-id-contact_aaa.json"

static const char good_head[] = "{\"version\":1,\"kind\":\"contact\",\"id\":\"contact_aaa\","
                                "\"updated\":null,\"title\":null,"
                                "\"written\":\"2024-05-01T12:04:33Z\",";

static void plant(const char *name, const char *data, size_t len)
{
    struct api_error err = {0};
    cr_assert_eq(files_write_atomic(path_of(name), data, len, &err), 0, "%s",
                 api_error_message(&err));
}

/* The one file moved aside from name: its name (static) and bytes. */
static const char *aside_of(const char *name, const char *data, size_t len)
{
    static char found[512];
    found[0] = '\0';
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    char prefix[300];
    snprintf(prefix, sizeof prefix, "%s.corrupt-", name);
    while ((e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            snprintf(found, sizeof found, "%s", e->d_name);
    closedir(d);
    cr_assert(found[0], "%s was moved aside (%s)", name, listing());
    FILE *f = fopen(path_of(found), "rb");
    cr_assert_not_null(f);
    char *buf = malloc(len + 2);
    size_t n = fread(buf, 1, len + 1, f);
    fclose(f);
    cr_expect_eq(n, len, "kept whole: %zu bytes, not %zu", n, len);
    cr_expect(n == len && memcmp(buf, data, len) == 0, "kept whole");
    free(buf);
    return found;
}

static void expect_set_aside(const char *name, const char *data, size_t len, const char *problem)
{
    plant(name, data, len);
    struct draft back;
    struct api_error err = {0};
    cr_assert_eq(drafts_read(dir, name, &back, &err), -1, "%s is not a draft", name);
    cr_expect_null(back.record);
    cr_expect_null(back.name);
    const char *msg = api_error_message(&err);
    cr_expect_eq(err.kind, API_ERR_BODY, "%s", msg);
    cr_expect(strstr(msg, name) != NULL, "names the file: %s", msg);
    cr_expect(strstr(msg, problem) != NULL, "says \"%s\": %s", problem, msg);
    cr_expect(strstr(msg, "moved aside to") != NULL, "%s", msg);
    cr_expect_eq(access(path_of(name), F_OK), -1, "no longer in the way");
    const char *aside = aside_of(name, data, len);
    cr_expect(strstr(msg, aside) != NULL, "says where: %s", msg);
    api_error_clear(&err);
    cr_expect_eq(unlink(path_of(aside)), 0);
}

static void expect_corrupt(const char *data, const char *problem)
{
    expect_set_aside(NAME, data, strlen(data), problem);
}

static char *with_fields(const char *fields)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s\"fields\":%s}", good_head, fields);
    return buf;
}

Test(corrupt, a_good_draft_as_planted_reads)
{
    const char *text = with_fields("{\"email\":\"x@y.com\",\"LTV\":\"-5\",\"company\":null,"
                                   "\"customFields\":{},\"spam\":false}");
    plant(NAME, text, strlen(text));
    struct draft back;
    struct api_error err = {0};
    cr_assert_eq(drafts_read(dir, NAME, &back, &err), 0, "%s", api_error_message(&err));
    const struct sendx_contact *c = back.record;
    cr_expect_str_eq(c->email, "x@y.com");
    cr_expect_eq(c->ltv, -5);
    cr_expect_null(c->company);
    cr_expect_eq(c->custom_fields.len, 0);
    cr_expect(codec_is_set(c, SENDX_CONTACT_COMPANY) &&
                  codec_is_set(c, SENDX_CONTACT_CUSTOM_FIELDS) &&
                  codec_is_set(c, SENDX_CONTACT_SPAM) && !codec_is_set(c, SENDX_CONTACT_BLOCKED),
              "a cleared string, an emptied map and false are set");
    drafts_free(&back);
}

Test(drafts, the_record_as_the_form_loaded_it_comes_back_too)
{
    const char *id = "contact_AbCdEfGhIjKlMnOpQrStUv";
    struct draft d = contact_draft(id);
    d.original = full_contact(id);
    struct sendx_contact *orig = d.original;
    free(orig->first_name);
    orig->first_name = strdup("Before");
    save(&d, T0);
    struct draft back;
    struct api_error err = {0};
    cr_assert_eq(drafts_read(dir, d.name, &back, &err), 0, "%s", api_error_message(&err));
    cr_assert_not_null(back.original);
    expect_same_contact(back.original, d.original);
    expect_same_contact(back.record, d.record);
    drafts_free(&back);
    drafts_free(&d);
}

Test(corrupt, an_original_of_another_record)
{
    char text[1024];
    snprintf(text, sizeof text, "%s\"fields\":{},\"original\":{\"id\":\"contact_bbb\"}}",
             good_head);
    expect_corrupt(text, "the original's id is not the draft's");
}

Test(corrupt, an_original_that_is_not_an_object)
{
    char text[1024];
    snprintf(text, sizeof text, "%s\"fields\":{},\"original\":[]}", good_head);
    expect_corrupt(text, "\"original\" is not an object");
}

Test(corrupt, truncated_json)
{
    const char *full = with_fields("{\"email\":\"x@y.com\",\"lists\":[\"a\",\"b\"]}");
    char cut[1024];
    size_t len = strlen(full);
    for (size_t at = 1; at < len; at += 7) {
        memcpy(cut, full, at);
        cut[at] = '\0';
        expect_set_aside(NAME, cut, at, "not JSON");
    }
}

Test(corrupt, not_json)
{
    expect_corrupt("\x89PNG\r\n\x1a\n\x01\x02", "not JSON");
    expect_corrupt("{\"version\":1,,}", "not JSON");
}

Test(corrupt, data_after_the_json)
{
    char twice[2048];
    snprintf(twice, sizeof twice, "%s%s", with_fields("{}"), "{}");
    expect_corrupt(twice, "data after the JSON");
    static const char nul[] = "{}\0{}";
    expect_set_aside(NAME, nul, sizeof nul - 1, "data after the JSON");
}

Test(corrupt, not_an_object)
{
    expect_corrupt("[1,2,3]", "not a JSON object");
    expect_corrupt("\"draft\"", "not a JSON object");
    expect_corrupt("null", "not a JSON object");
}

Test(corrupt, another_version)
{
    expect_corrupt("{\"version\":2,\"kind\":\"contact\",\"written\":\"2024-05-01T12:04:33Z\","
                   "\"fields\":{}}",
                   "version 2");
    expect_corrupt("{\"version\":\"1\",\"kind\":\"contact\",\"fields\":{}}", "no version");
    expect_corrupt("{\"kind\":\"contact\",\"fields\":{}}", "no version");
}

Test(corrupt, an_unknown_or_other_kind)
{
    expect_corrupt("{\"version\":1,\"kind\":\"spaceship\",\"written\":\"2024-05-01T12:04:33Z\","
                   "\"fields\":{}}",
                   "holds a spaceship, not the contact");
    expect_corrupt("{\"version\":1,\"kind\":\"list\",\"written\":\"2024-05-01T12:04:33Z\","
                   "\"fields\":{}}",
                   "holds a list, not the contact");
    expect_corrupt("{\"version\":1,\"kind\":7,\"fields\":{}}", "no kind");
    const char *text = "{\"version\":1,\"kind\":\"spaceship\",\"written\":\"2024-05-01T12:04:33Z\","
                       "\"fields\":{}}";
    expect_set_aside("spaceship-new-0011223344556677.json", text, strlen(text),
                     "its name names no kind");
}

Test(corrupt, a_member_of_the_wrong_type)
{
    expect_corrupt(with_fields("{\"unsubscribed\":\"yes\"}"), "\"unsubscribed\"");
    expect_corrupt(with_fields("{\"email\":[\"x@y.com\"]}"), "\"email\"");
    expect_corrupt(with_fields("{\"lists\":[\"a\",1]}"), "\"lists\"");
    expect_corrupt(with_fields("{\"customFields\":{\"k\":[]}}"), "\"customFields\"");
    expect_corrupt(with_fields("{\"contactSource\":1.5}"), "\"contactSource\"");
    expect_corrupt(with_fields("{\"contactSource\":3}"), "integer as text");
    expect_corrupt(with_fields("{\"LTV\":\"12a\"}"), "\"LTV\"");
    expect_corrupt(with_fields("{\"LTV\":\"99999999999999999999\"}"), "\"LTV\"");
    expect_corrupt(with_fields("{\"LTV\":\" 1\"}"), "\"LTV\"");
    expect_corrupt(with_fields("{\"ltv\":\"1\"}"), "no such member");
    expect_corrupt(with_fields("{\"email\":\"x@y.com\",\"favouriteColour\":\"red\"}"),
                   "\"favouriteColour\": a contact has no such member");
    expect_corrupt(with_fields("[]"), "no fields");
    expect_corrupt(with_fields("{\"id\":\"contact_bbb\"}"), "the fields' id");
    expect_corrupt(with_fields("{\"id\":\"../x\"}"), "not an id");
}

Test(corrupt, a_head_of_the_wrong_type)
{
    expect_corrupt("{\"version\":1,\"kind\":\"contact\",\"id\":5,\"written\":"
                   "\"2024-05-01T12:04:33Z\",\"fields\":{}}",
                   "\"id\" is not a string");
    expect_corrupt("{\"version\":1,\"kind\":\"contact\",\"id\":\"a b\",\"written\":"
                   "\"2024-05-01T12:04:33Z\",\"fields\":{}}",
                   "\"id\" is not an id");
    expect_corrupt("{\"version\":1,\"kind\":\"contact\",\"written\":\"yesterday\",\"fields\":{}}",
                   "no time written");
    expect_corrupt("{\"version\":1,\"kind\":\"contact\",\"written\":\"2024-05-01T12:04:33Z\","
                   "\"title\":{},\"fields\":{}}",
                   "\"title\" is not a string");
}

Test(corrupt, an_empty_file)
{
    expect_set_aside(NAME, "", 0, "empty");
}

Test(corrupt, a_huge_file_is_not_read)
{
    size_t len = DRAFTS_MAX_BYTES + 1;
    char *huge = malloc(len);
    cr_assert_not_null(huge);
    memset(huge, ' ', len);
    huge[0] = '{';
    expect_set_aside(NAME, huge, len, "too large");
    free(huge);
}

Test(corrupt, a_deeply_nested_file_does_not_crash)
{
    size_t len = 1 << 20;
    char *deep = malloc(len + 1);
    cr_assert_not_null(deep);
    memset(deep, '[', len);
    deep[len] = '\0';
    expect_set_aside(NAME, deep, len, "not JSON");
    free(deep);
}

Test(corrupt, moved_aside_twice_in_one_second_keeps_both)
{
    plant(NAME, "first", 5);
    struct draft back;
    struct api_error err = {0};
    cr_assert_eq(drafts_read(dir, NAME, &back, &err), -1);
    api_error_clear(&err);
    plant(NAME, "second", 6);
    cr_assert_eq(drafts_read(dir, NAME, &back, &err), -1);
    cr_expect(strstr(api_error_message(&err), ".corrupt-") != NULL);
    api_error_clear(&err);
    /* Unless the second ticked over between the two, one has "-2". */
    cr_expect_eq(access(path_of(NAME), F_OK), -1, "the draft's own name is free");
    char *names = listing();
    size_t n = 0;
    for (const char *p = names; (p = strstr(p, ".corrupt-")) != NULL; p++)
        n++;
    cr_expect_eq(n, 2, "both kept: %s", names);
}

Test(corrupt, the_list_skips_it_with_a_note_and_keeps_the_rest)
{
    struct draft good = contact_draft("contact_bbb");
    save(&good, T0);
    plant(NAME, "{\"version\":", 11);
    plant("tag-new-0011223344556677.json", "[]", 2);
    plant(".files-1-1.tmp", "half a write", 12);
    plant("notes.txt", "not a draft's name", 18);
    struct drafts_list l;
    struct api_error err = {0};
    cr_assert_eq(drafts_list(dir, &l, &err), 0, "%s", api_error_message(&err));
    cr_assert_eq(l.len, 1);
    cr_expect_str_eq(l.items[0].name, good.name);
    cr_assert_eq(l.n_notes, 2);
    bool saw_contact = false, saw_tag = false;
    for (size_t i = 0; i < l.n_notes; i++) {
        const char *msg = api_error_message(&l.notes[i]);
        saw_contact |= strstr(msg, NAME) && strstr(msg, "not JSON");
        saw_tag |= strstr(msg, "tag-new-0011223344556677.json") && strstr(msg, "not a JSON object");
        cr_expect(strstr(msg, "moved aside") != NULL, "%s", msg);
    }
    cr_expect(saw_contact && saw_tag);
    drafts_list_free(&l);
    /* Moved aside, they are not reported again. */
    cr_assert_eq(drafts_list(dir, &l, &err), 0);
    cr_expect_eq(l.len, 1);
    cr_expect_eq(l.n_notes, 0);
    drafts_list_free(&l);
    cr_expect_eq(access(path_of(".files-1-1.tmp"), F_OK), 0, "other files are left alone");
    cr_expect_eq(access(path_of("notes.txt"), F_OK), 0);
    drafts_free(&good);
}

Test(corrupt, an_unreadable_draft_is_a_note_and_stays)
{
    /* A link to itself: no one can open it, root included (the tests
     * run as root in CI, where permission bits would not stop a read). */
    plant("other.txt", "", 0); /* makes the directory */
    cr_assert_eq(symlink(NAME, path_of(NAME)), 0);
    struct drafts_list l;
    struct api_error err = {0};
    cr_assert_eq(drafts_list(dir, &l, &err), 0);
    cr_expect_eq(l.len, 0);
    cr_assert_eq(l.n_notes, 1);
    cr_expect(strstr(api_error_message(&l.notes[0]), "cannot read") != NULL);
    drafts_list_free(&l);
    struct stat st;
    cr_expect_eq(lstat(path_of(NAME), &st), 0, "not moved: nothing is wrong with its content");
}
