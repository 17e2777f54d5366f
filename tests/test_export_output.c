/* Where the export's bytes go: the text records are formatted into, the
 * sink (a file whole or not at all), the progress line and the signal
 * watch. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/http.h"
#include "cli/export_internal.h"
#include "export_fixture.h"
#include "tree.h"

static struct api_error err;

#define OK(call) cr_assert_eq((call), 0, "%s", api_error_message(&err))

/* ---- output into memory ---- */

Test(text, integers_exactly_and_a_page_grows_as_it_needs)
{
    struct export_text t = {0};
    static const int64_t v[] = {0, 7, -7, INT64_MAX, INT64_MIN, 9007199254740993LL};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        cli_export_text_int(&t, v[i]);
        cli_export_text_putc(&t, ' ');
    }
    char *got = text_take(&t);
    cr_expect_str_eq(got, "0 7 -7 9223372036854775807 -9223372036854775808 9007199254740993 ");
    free(got);
    char big[5000];
    memset(big, 'x', sizeof big);
    for (int i = 0; i < 300; i++)
        cli_export_text_put(&t, big, sizeof big);
    cr_expect_eq(t.len, 300 * sizeof big);
    cr_expect_gt(t.cap, t.len, "a spare byte");
    cr_expect_not(t.failed);
    cli_export_text_free(&t);
}

/* ---- the sink, the progress line, the signals ---- */

static char dir[64];

static void dir_setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/sendx-export-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void dir_teardown(void)
{
    tree_remove(dir);
}

static const char *in_dir(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* The names in the directory, sorted, joined by spaces. */
static const char *listing(void)
{
    static char names[512];
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    cr_assert_geq(n, 0);
    names[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (list[i]->d_name[0] != '.' || strlen(list[i]->d_name) > 2) {
            strcat(names, names[0] ? " " : "");
            strcat(names, list[i]->d_name);
        }
        free(list[i]);
    }
    free(list);
    return names;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    char *text = NULL;
    size_t len = 0;
    cr_assert_geq(getdelim(&text, &len, '\0', f), 0);
    fclose(f);
    return text;
}

TestSuite(sink, .init = dir_setup, .fini = dir_teardown, .timeout = 30);

Test(sink, a_file_appears_whole_mode_0600_and_only_once_complete)
{
    struct export_sink s;
    OK(cli_export_sink_open(&s, in_dir("out.csv"), &err));
    fputs("a,b\r\n", s.out);
    OK(cli_export_sink_flush(&s, &err));
    cr_expect_eq(access(in_dir("out.csv"), F_OK), -1, "nothing at the path while writing");
    cr_expect_eq(listing()[0], '.', "a hidden temporary file beside it: %s", listing());
    OK(cli_export_sink_commit(&s, &err));
    cr_expect_str_eq(listing(), "out.csv", "the temporary file became it");
    char *text = slurp(in_dir("out.csv"));
    cr_expect_str_eq(text, "a,b\r\n");
    free(text);
    struct stat st;
    cr_assert_eq(stat(in_dir("out.csv"), &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0600);
}

Test(sink, a_discarded_export_leaves_the_file_as_it_was_and_no_temporary_file)
{
    FILE *old = fopen(in_dir("out.csv"), "w");
    fputs("old", old);
    fclose(old);
    struct export_sink s;
    OK(cli_export_sink_open(&s, in_dir("out.csv"), &err));
    fputs("new,half", s.out);
    cli_export_sink_discard(&s);
    cr_expect_str_eq(listing(), "out.csv");
    char *text = slurp(in_dir("out.csv"));
    cr_expect_str_eq(text, "old");
    free(text);
}

Test(sink, a_write_error_is_said_naming_the_output)
{
    struct export_sink s = {.out = fopen("/dev/full", "w"), .name = "/dev/full"};
    cr_assert_not_null(s.out);
    for (int i = 0; i < 10000; i++)
        fputs("0123456789", s.out);
    cr_expect_eq(cli_export_sink_flush(&s, &err), -1);
    cr_expect_str_eq(api_error_message(&err), "cannot write /dev/full: No space left on device");
    cr_expect_eq(s.write_errno, ENOSPC);
    api_error_clear(&err);
    fclose(s.out);
}

Test(sink, a_page_goes_out_whole_and_its_text_is_kept_for_the_next)
{
    struct export_sink s;
    OK(cli_export_sink_open(&s, in_dir("out.csv"), &err));
    struct export_text t = {0};
    cli_export_text_puts(&t, "a,b\r\n");
    OK(cli_export_sink_put(&s, &t, &err));
    cr_expect_eq(t.len, 0, "emptied");
    cr_expect_not_null(t.data, "its memory kept");
    cli_export_text_puts(&t, "c,d\r\n");
    OK(cli_export_sink_put(&s, &t, &err));
    OK(cli_export_sink_commit(&s, &err));
    char *text = slurp(in_dir("out.csv"));
    cr_expect_str_eq(text, "a,b\r\nc,d\r\n");
    free(text);
    cli_export_text_free(&t);

    struct export_sink full = {.out = fopen("/dev/full", "w"), .name = "/dev/full"};
    cr_assert_not_null(full.out);
    cli_export_text_puts(&t, "x");
    cr_expect_eq(cli_export_sink_put(&full, &t, &err), -1);
    cr_expect_str_eq(api_error_message(&err), "cannot write /dev/full: No space left on device");
    t.failed = true;
    cr_expect_eq(cli_export_sink_put(&full, &t, &err), -1);
    cr_expect_eq(err.kind, API_ERR_NOMEM, "a text that ran out of memory is not written");
    api_error_clear(&err);
    cli_export_text_free(&t);
    fclose(full.out);
}

Test(progress, drawn_in_place_a_few_times_a_second_and_cleared_at_the_end)
{
    struct mem m;
    mem_open(&m);
    struct export_progress p;
    cli_export_progress_start(&p, m.f, "contacts");
    cli_export_progress_page(&p, 1000);
    cli_export_progress_page(&p, 1000); /* too soon: not drawn */
    fflush(m.f);
    cr_expect(strncmp(m.text, "\rcontacts: 1,000 records, 1 page, ", 34) == 0, "%s", m.text);
    cr_expect(strstr(m.text, "/s, ETA ?\033[K") != NULL, "%s", m.text);
    cr_expect_null(strstr(m.text, "2,000"), "%s", m.text);
    usleep(300 * 1000);
    cli_export_progress_page(&p, 500);
    fflush(m.f);
    cr_expect(strstr(m.text, "\rcontacts: 2,500 records, 3 pages, ") != NULL, "%s", m.text);
    cli_export_progress_end(&p);
    mem_close(&m);
    size_t len = strlen(m.text);
    cr_expect(len > 4 && strcmp(m.text + len - 4, "\r\033[K") == 0, "cleared: %s", m.text);
    free(m.text);

    cli_export_progress_start(&p, NULL, "contacts");
    cli_export_progress_page(&p, 10);
    cli_export_progress_end(&p);
    cr_expect_eq(p.records, 10, "counted even when silent");
}

static void fire(void *cancel)
{
    http_cancel_fire(cancel);
}

Test(watch, a_signal_stops_the_export_instead_of_ending_the_process)
{
    struct http_cancel *cancel = http_cancel_new();
    struct export_watch w;
    OK(cli_export_watch_start(&w, fire, cancel, &err));
    cr_assert_eq(raise(SIGTERM), 0);
    for (int i = 0; i < 200 && !http_cancel_fired(cancel); i++)
        usleep(10 * 1000);
    cr_expect(http_cancel_fired(cancel));
    cr_expect_eq(cli_export_watch_stop(&w), SIGTERM);
    struct sigaction now;
    sigaction(SIGTERM, NULL, &now);
    cr_expect_eq(now.sa_handler, SIG_DFL, "the handler is put back");
    http_cancel_unref(cancel);

    cancel = http_cancel_new();
    OK(cli_export_watch_start(&w, fire, cancel, &err));
    cr_expect_eq(cli_export_watch_stop(&w), 0, "no signal, nothing fired");
    cr_expect_not(http_cancel_fired(cancel));
    http_cancel_unref(cancel);
}
