/* Form fields checked as the spec defines them: each rule with good and
 * bad values (wide characters, emoji, control characters and very long
 * text among them), the table of each resource's members held against
 * the official spec itself, requirements that follow other values, and
 * custom field values by their type. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "app/validate.h"
#include "spec.h"

#define ID22 "OcuxJHdiAvujmwQVJfd3ss"

static struct validate_msg msg;

/* unit repeated n times; freed by the caller. */
static char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);
    cr_assert_not_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

static void expect_ok(const char *why, const char *value)
{
    cr_expect_null(why, "\"%s\" was refused: %s", value, why ? why : "");
}

static void expect_refused(const char *why, const char *value, const char *message)
{
    cr_expect_not_null(why, "\"%s\" passed", value);
    if (why && message)
        cr_expect_str_eq(why, message, "\"%s\"", value);
}

/* ---- blank, required, length ---- */

Test(validate, blank_is_empty_or_only_space_and_invisible_characters)
{
    const char *blank[] = {NULL,
                           "",
                           " ",
                           "\t\r\n\v\f",
                           "\xc2\xa0",
                           "\xe3\x80\x80",
                           "\xe2\x80\x8b\xe2\x80\x8b",
                           "\xef\xbb\xbf",
                           " \xe2\x80\x89 "};
    for (size_t i = 0; i < sizeof blank / sizeof *blank; i++) {
        cr_expect(validate_blank(blank[i]), "item %zu", i);
        cr_expect_str_eq(validate_required(blank[i]), "required", "item %zu", i);
    }
    const char *filled[] = {"a", "  a  ", "\x01", "\xff", "\xe2\x80\x8bx", "日", "👍"};
    for (size_t i = 0; i < sizeof filled / sizeof *filled; i++) {
        cr_expect_not(validate_blank(filled[i]), "item %zu", i);
        cr_expect_null(validate_required(filled[i]), "item %zu", i);
    }
}

Test(validate, characters_are_code_points_not_bytes)
{
    cr_expect_eq(validate_chars(NULL), 0);
    cr_expect_eq(validate_chars(""), 0);
    cr_expect_eq(validate_chars("hello"), 5);
    cr_expect_eq(validate_chars("h\xc3\xa9llo"), 5);      /* é: 2 bytes */
    cr_expect_eq(validate_chars("日本語"), 3);            /* 9 bytes */
    cr_expect_eq(validate_chars("👍🏽"), 2);          /* emoji and skin tone */
    cr_expect_eq(validate_chars("👩\xe2\x80\x8d💻"), 3);    /* a ZWJ sequence */
    cr_expect_eq(validate_chars("\xff\xfez\xe6\x97"), 5); /* each bad byte counts once */
}

Test(validate, at_most_255_characters_however_wide)
{
    const char *units[] = {"a", "é", "日", "👍", "\x01"};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        char *fits = repeat(units[i], 255), *over = repeat(units[i], 256);
        expect_ok(validate_max_chars(fits, 255, &msg), fits);
        expect_refused(validate_max_chars(over, 255, &msg), units[i],
                       "at most 255 characters (this has 256)");
        free(fits);
        free(over);
    }
    char *ascii = repeat("x", 301);
    cr_expect_str_eq(validate_max_chars(ascii, 255, &msg), "at most 255 characters (this has 301)");
    free(ascii);
    char *huge = repeat("日", 1000000);
    cr_expect_str_eq(validate_max_chars(huge, 255, &msg),
                     "at most 255 characters (this has 1000000)");
    free(huge);
    cr_expect_str_eq(validate_max_chars("ab", 1, &msg), "at most 1 character (this has 2)");
    cr_expect_null(validate_max_chars(NULL, 0, &msg));
}

/* ---- formats ---- */

Test(validate, email_addresses)
{
    const char *good[] = {"john.doe@example.com",
                          "a+tag@sub.example.co.uk",
                          "o'brien@example.ie",
                          "x_y-z@example.io",
                          "first.last@xn--bcher-kva.ch",
                          "UPPER@EXAMPLE.COM",
                          "1234@example.com",
                          "a@b-c.example"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_ok(validate_email(good[i]), good[i]);
    const char *bad[] = {
        "",
        "plain",
        "@example.com",
        "a@",
        "a@b",
        "a@b.c",
        "a@@b.com",
        "a@b@c.com",
        "a b@c.com",
        "a@b .com",
        "a.@b.com",
        ".a@b.com",
        "a..b@c.com",
        "a@-b.com",
        "a@b-.com",
        "a@b..com",
        "a@.b.com",
        "a@b.com.",
        "a@1.2.3.4",
        "a\n@b.com",
        "a@b.com\n",
        "\x1b[31m@b.com",
        "用户@例子.广告",
        "<a@b.com>",
        "a@b.com ",
        " a@b.com",
        "a@b.com\r\nBcc: x@y.com",
        "\"a b\"@c.com",
        "a@[192.0.2.1]",
        "a\x7f@b.com",
        "user@localhost",
        "a@b_c.com",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_email(bad[i]), bad[i], "not an email address");
    expect_refused(validate_email(NULL), "(null)", "not an email address");
}

Test(validate, email_parts_have_their_limits)
{
    char *local64 = repeat("a", 64), *local65 = repeat("a", 65);
    char *label63 = repeat("b", 63), *label64 = repeat("b", 64);
    char buf[512];
    snprintf(buf, sizeof buf, "%s@example.com", local64);
    expect_ok(validate_email(buf), buf);
    snprintf(buf, sizeof buf, "%s@example.com", local65);
    expect_refused(validate_email(buf), buf, NULL);
    snprintf(buf, sizeof buf, "a@%s.com", label63);
    expect_ok(validate_email(buf), buf);
    snprintf(buf, sizeof buf, "a@%s.com", label64);
    expect_refused(validate_email(buf), buf, NULL);
    snprintf(buf, sizeof buf, "a@%s.%s.%s.%s.com", label63, label63, label63, label63);
    expect_refused(validate_email(buf), "a 260-byte domain", NULL);
    free(local64);
    free(local65);
    free(label63);
    free(label64);
    char *huge = repeat("a", 1 << 20);
    expect_refused(validate_email(huge), "a megabyte of a", NULL);
    huge[1000] = '@';
    expect_refused(validate_email(huge), "a megabyte with an @", NULL);
    free(huge);
}

Test(validate, urls)
{
    const char *good[] = {
        "https://api.example.com/webhooks/sendx",
        "http://example.com",
        "HTTPS://EXAMPLE.COM/x",
        "https://example.com:8443/hook?x=1&y=%20z#frag",
        "http://192.0.2.1/hook",
        "http://[::1]:8080/",
        "https://[2001:db8::1]/in",
        "https://localhost/",
        "https://example.com/a/b;c=d/~e/(f)*+,!$'",
        "https://xn--bcher-kva.ch/",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_ok(validate_url(good[i]), good[i]);
    const char *bad[] = {
        "",
        "example.com",
        "//example.com",
        "ftp://example.com",
        "javascript:alert(1)",
        "https://",
        "https:///path",
        "https://exa mple.com",
        "https://example.com/a b",
        "https://example.com/\x01",
        "https://example.com/\n",
        "https://example.com/\x1b[2J",
        "https://user:pw@example.com/",
        "https://bank.example@evil.test/",
        "https://example.com:0/",
        "https://example.com:65536/",
        "https://example.com:/",
        "https://example.com:8a/",
        "https://999.1.1.1/",
        "https://1.2.3/",
        "https://[::g]/",
        "https://[::1/",
        "http://[::1]x80/",
        "https://example.com/%zz",
        "https://example.com/%2",
        "https://example.com/%2g",
        "https://例子.com/",
        "https://example.com/ü",
        "https://-bad.com/",
        "https://bad..com/",
        "https://example.com/<script>",
        "https://example.com/\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_url(bad[i]), bad[i], "an http(s) URL");
    expect_refused(validate_url(NULL), "(null)", NULL);
    char *path = repeat("a", 1 << 20);
    memcpy(path, "https://e.com/", 14);
    expect_ok(validate_url(path), "a megabyte of path");
    path[500000] = ' ';
    expect_refused(validate_url(path), "a space deep in the path", NULL);
    free(path);
}

Test(validate, ipv4_addresses)
{
    const char *good[] = {"192.0.2.1", "0.0.0.0", "255.255.255.255", "10.0.0.10", "203.0.113.42"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_ok(validate_ipv4(good[i]), good[i]);
    const char *bad[] = {
        "",           "256.0.0.1",  "1.2.3",      "1.2.3.4.5",  "01.2.3.4",  "1.2.3.04",
        "1.2.3.4 ",   " 1.2.3.4",   "1..3.4",     "a.b.c.d",    "1.2.3.-4",  "1.2.3.4.",
        ".1.2.3.4",   "0x7f.0.0.1", "1234.1.1.1", "1.2.3.4\n",  "::1",       "１.2.3.4",
        "1.2.3.4/24", "1.2.3.4:80", "1.2.3.999",  "4294967295", "1.2.3.4\\",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_ipv4(bad[i]), bad[i], "an IPv4 address like 192.0.2.1");
    expect_refused(validate_ipv4(NULL), "(null)", NULL);
    char *huge = repeat("1.", 1 << 19);
    expect_refused(validate_ipv4(huge), "a megabyte of dots", NULL);
    free(huge);
}

Test(validate, whole_numbers)
{
    struct {
        const char *text;
        int64_t value;
    } good[] = {{"0", 0},
                {"-0", 0},
                {"42", 42},
                {"-17", -17},
                {"007", 7},
                {"9223372036854775807", INT64_MAX},
                {"-9223372036854775808", INT64_MIN}};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        int64_t v = 12345;
        expect_ok(validate_integer(good[i].text, &v), good[i].text);
        cr_expect_eq(v, good[i].value, "%s", good[i].text);
    }
    expect_ok(validate_integer("5", NULL), "5 without an out");
    const char *bad[] = {"", "-", "+5", "4.2", "1e3", " 42", "42 ", "0x10", "١٢", "4\n", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t v = 12345;
        expect_refused(validate_integer(bad[i], &v), bad[i], "a whole number");
        cr_expect_eq(v, 12345, "%s wrote its out", bad[i]);
    }
    expect_refused(validate_integer(NULL, NULL), "(null)", "a whole number");
    expect_refused(validate_integer("9223372036854775808", NULL), "2^63", "too large a number");
    expect_refused(validate_integer("-9223372036854775809", NULL), "-2^63-1", "too large a number");
    char *huge = repeat("9", 100000);
    expect_refused(validate_integer(huge, NULL), "100000 nines", "too large a number");
    free(huge);
}

Test(validate, numbers_whole_or_decimal)
{
    const char *good[] = {"0", "42", "-3.75", "007", "12.0", "123456789012345678901234567890.5"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_ok(validate_number(good[i]), good[i]);
    const char *bad[] = {"",    ".5",    "5.", "1e5", "1,000", "--1", "+1", "NaN",
                         "inf", "1.2.3", "٣",  " 1",  "1 ",    "-",   "$5", "5%"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_number(bad[i]), bad[i], "a number, like 42 or 3.75");
    expect_refused(validate_number(NULL), "(null)", NULL);
}

Test(validate, dates_as_yyyy_mm_dd)
{
    const char *good[] = {"2024-01-15", "2024-02-29", "2000-02-29", "1999-12-31",
                          "0001-01-01", "9999-12-31", "1987-06-30"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_ok(validate_date(good[i]), good[i]);
    const char *shape[] = {"",
                           "2024-1-15",
                           "24-01-15",
                           "2024/01/15",
                           "15-01-2024",
                           "2024-01-15 ",
                           "2024-01-15T00:00:00Z",
                           "2024-01-1",
                           "２０２４-01-15",
                           "2024-01-15\n"};
    for (size_t i = 0; i < sizeof shape / sizeof *shape; i++)
        expect_refused(validate_date(shape[i]), shape[i], "a date as YYYY-MM-DD");
    const char *no_such[] = {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10",
                             "2024-04-31", "0000-01-01", "2024-01-00", "2024-01-32"};
    for (size_t i = 0; i < sizeof no_such / sizeof *no_such; i++)
        expect_refused(validate_date(no_such[i]), no_such[i], "no such date");
    expect_refused(validate_date(NULL), "(null)", NULL);
}

Test(validate, booleans_as_the_api_spells_them)
{
    bool v = false;
    expect_ok(validate_boolean("true", &v), "true");
    cr_expect(v);
    expect_ok(validate_boolean("false", &v), "false");
    cr_expect_not(v);
    const char *bad[] = {"True", "TRUE", "yes", "1", "0", "", "true ", "t", "falsey", "on"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_boolean(bad[i], NULL), bad[i], "true or false");
    expect_refused(validate_boolean(NULL, NULL), "(null)", NULL);
}

Test(validate, phone_numbers_in_international_format)
{
    const char *good[] = {"+44 20 7946 0958", "+1 (555) 123-4567", "+4915123456789",
                          "+1.555.123.4567",  "+7 000000005",      "+81 3-1234-5678"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_ok(validate_phone(good[i]), good[i]);
    const char *bad[] = {"",
                         "020 7946 0958",
                         "+0 123 4567",
                         "+12",
                         "+123456",
                         "+1234567890123456",
                         "+44 20 7946 0958 ext 2",
                         "+44 20 7946-",
                         "++44 20 7946 0958",
                         "+44 20\n7946 0958",
                         "+(44) 20 7946 0958",
                         "+٤٤ 20 7946 0958"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_phone(bad[i]), bad[i], "a phone number like +44 20 7946 0958");
    expect_refused(validate_phone(NULL), "(null)", NULL);
}

Test(validate, times_as_the_spec_writes_them)
{
    const char *good[] = {"9:00 AM", "09:00 AM", "10:00 PM", "12:59 PM", "1:05 AM"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_ok(validate_time(good[i]), good[i]);
    const char *bad[] = {"",          "13:00 PM", "0:30 AM",   "9:60 AM", "9:00",
                         "9:00 am",   "9:00AM",   "21:00",     "9:0 AM",  "9:00 AM ",
                         "009:00 AM", "9:00  AM", "9:00 AM\n", "9:00 XM", "9-00 AM"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_time(bad[i]), bad[i], "a time like 9:00 AM");
    expect_refused(validate_time(NULL), "(null)", NULL);
}

Test(validate, a_schedule_is_a_date_or_a_date_and_time)
{
    const char *good[] = {"2024-03-20", "2025-06-01T09:00:00Z", "2025-06-01T09:00:00.123+05:30",
                          "2025-06-01T23:59:60Z", "2025-06-01T00:00:00-08:00"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        expect_ok(validate_schedule(good[i]), good[i]);
    const char *bad[] = {"2025-06-01 09:00",           "2025-06-01T25:00:00Z",
                         "2025-06-01T09:00Z",          "2025-06-01T09:00:00",
                         "2025-06-01T09:00:00.Z",      "2025-06-01T09:00:00+5",
                         "2025-06-01T09:00:00Zx",      "2025-06-01T23:59:61Z",
                         "2025-06-01T09:00:00+05:30 ", "tomorrow"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_schedule(bad[i]), bad[i], "a date as YYYY-MM-DD");
    expect_refused(validate_schedule("2025-02-30"), "2025-02-30", "no such date");
    expect_refused(validate_schedule("2025-02-30T09:00:00Z"), "Feb 30 at 9", "no such date");
}

Test(validate, ids_follow_the_pattern)
{
    expect_ok(validate_id("list_" ID22, "list_", false, &msg), "prefixed");
    expect_ok(validate_id(ID22, "list_", false, &msg), "bare, prefix optional");
    expect_ok(validate_id("segment_" ID22, "segment_", true, &msg), "prefixed, prefix required");
    expect_refused(validate_id(ID22, "segment_", true, &msg), "bare, prefix required",
                   "an id: segment_ and 22 letters or digits");
    const char *bad[] = {"",
                         "list_",
                         "list_"
                         "OcuxJHdiAvujmwQVJfd3s",
                         "list_" ID22 "s",
                         "tag_" ID22,
                         "list_"
                         "OcuxJHdiAvujmwQVJfd3-s",
                         "list_"
                         "OcuxJHdiAvujmwQVJfd3\xc3\xa9",
                         "list_" ID22 "\n",
                         "LIST_" ID22,
                         "list_list_" ID22,
                         " list_" ID22};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_refused(validate_id(bad[i], "list_", false, &msg), bad[i],
                       "an id: list_ and 22 letters or digits");
    expect_refused(validate_id(NULL, "list_", false, &msg), "(null)", NULL);
}

Test(validate, choices_are_the_codes_the_spec_names)
{
    for (int64_t t = 0; t <= 4; t++)
        cr_expect_null(validate_choice(SENDX_KIND_FIELD, SENDX_FIELD_TYPE, t, &msg));
    cr_expect_str_eq(validate_choice(SENDX_KIND_FIELD, SENDX_FIELD_TYPE, 5, &msg),
                     "one of 0, 1, 2, 3, 4");
    cr_expect_str_eq(validate_choice(SENDX_KIND_FIELD, SENDX_FIELD_TYPE, -1, &msg),
                     "one of 0, 1, 2, 3, 4");
    cr_expect_str_eq(validate_choice(SENDX_KIND_CAMPAIGN, SENDX_CAMPAIGN_SCHEDULE_TYPE, 2, &msg),
                     "one of 0, 1");
}

/* ---- the table ---- */

static struct validate_spec spec_of(enum sendx_kind kind, unsigned member)
{
    struct validate_spec s;
    cr_assert(validate_spec_of(kind, member, &s), "member %u of kind %d", member, (int)kind);
    return s;
}

Test(validate, a_contacts_email_is_required_and_an_email)
{
    struct validate_spec s = spec_of(SENDX_KIND_CONTACT, SENDX_CONTACT_EMAIL);
    cr_expect_eq(s.rules, VALIDATE_REQUIRED | VALIDATE_EMAIL);
    cr_expect_eq(s.max_chars, 255);
    cr_expect(validate_is_required(SENDX_KIND_CONTACT, SENDX_CONTACT_EMAIL, NULL));
    enum sendx_kind k = SENDX_KIND_CONTACT;
    unsigned m = SENDX_CONTACT_EMAIL;
    cr_expect_str_eq(validate_member(k, m, "", NULL, &msg), "required");
    cr_expect_str_eq(validate_member(k, m, NULL, NULL, &msg), "required");
    cr_expect_str_eq(validate_member(k, m, " \xc2\xa0 ", NULL, &msg), "required");
    cr_expect_str_eq(validate_member(k, m, "john", NULL, &msg), "not an email address");
    cr_expect_null(validate_member(k, m, "john.doe@example.com", NULL, &msg));
    /* 64 + 1 + 235 = 300 characters, a well-formed address past maxLength */
    char *local = repeat("a", 64), *label = repeat("b", 63), email[400];
    snprintf(email, sizeof email, "%s@%s.%s.%s.%.39s.com", local, label, label, label, label);
    cr_assert_eq(strlen(email), 300);
    cr_expect_null(validate_email(email));
    cr_expect_str_eq(validate_member(k, m, email, NULL, &msg),
                     "at most 255 characters (this has 300)");
    free(local);
    free(label);
}

Test(validate, a_contacts_names_are_optional_and_at_most_255_characters)
{
    const unsigned members[] = {SENDX_CONTACT_FIRST_NAME, SENDX_CONTACT_LAST_NAME,
                                SENDX_CONTACT_COMPANY};
    char *fits = repeat("🚀", 255), *over = repeat("🚀", 256);
    for (size_t i = 0; i < 3; i++) {
        struct validate_spec s = spec_of(SENDX_KIND_CONTACT, members[i]);
        cr_expect_eq(s.rules, 0);
        cr_expect_eq(s.max_chars, 255);
        cr_expect_null(validate_member(SENDX_KIND_CONTACT, members[i], "", NULL, &msg));
        cr_expect_null(validate_member(SENDX_KIND_CONTACT, members[i], fits, NULL, &msg));
        cr_expect_str_eq(validate_member(SENDX_KIND_CONTACT, members[i], over, NULL, &msg),
                         "at most 255 characters (this has 256)");
    }
    free(fits);
    free(over);
}

Test(validate, a_contacts_ip_lists_and_tags)
{
    enum sendx_kind k = SENDX_KIND_CONTACT;
    cr_expect_eq(spec_of(k, SENDX_CONTACT_LAST_TRACKED_IP).rules, VALIDATE_IPV4);
    cr_expect_null(validate_member(k, SENDX_CONTACT_LAST_TRACKED_IP, "192.168.1.100", NULL, &msg));
    cr_expect_str_eq(validate_member(k, SENDX_CONTACT_LAST_TRACKED_IP, "192.168.1", NULL, &msg),
                     "an IPv4 address like 192.0.2.1");
    cr_expect_null(validate_member(k, SENDX_CONTACT_LISTS, "list_" ID22, NULL, &msg));
    cr_expect_str_eq(validate_member(k, SENDX_CONTACT_LISTS, "Newsletter", NULL, &msg),
                     "an id: list_ and 22 letters or digits");
    cr_expect_str_eq(validate_member(k, SENDX_CONTACT_TAGS, "list_" ID22, NULL, &msg),
                     "an id: tag_ and 22 letters or digits");
    char *good[] = {"list_" ID22, ID22}, *bad[] = {"list_" ID22, "list_short"},
         *blank[] = {"list_" ID22, " "};
    cr_expect_null(
        validate_items(k, SENDX_CONTACT_LISTS, &(struct sendx_strv){good, 2}, NULL, &msg));
    cr_expect_null(
        validate_items(k, SENDX_CONTACT_LISTS, &(struct sendx_strv){NULL, 0}, NULL, &msg));
    cr_expect_str_eq(
        validate_items(k, SENDX_CONTACT_LISTS, &(struct sendx_strv){bad, 2}, NULL, &msg),
        "an id: list_ and 22 letters or digits");
    cr_expect_str_eq(
        validate_items(k, SENDX_CONTACT_LISTS, &(struct sendx_strv){blank, 2}, NULL, &msg),
        "has an empty item");
    /* Custom field values are checked by their field's type, not here. */
    cr_expect_eq(spec_of(k, SENDX_CONTACT_CUSTOM_FIELDS).rules, 0);
    cr_expect_null(validate_member(k, SENDX_CONTACT_CUSTOM_FIELDS, "anything", NULL, &msg));
}

Test(validate, what_the_api_does_not_take_cannot_be_set)
{
    const unsigned contact[] = {SENDX_CONTACT_ID,
                                SENDX_CONTACT_CREATED,
                                SENDX_CONTACT_UPDATED,
                                SENDX_CONTACT_UNSUBSCRIBED,
                                SENDX_CONTACT_LTV,
                                SENDX_CONTACT__COUNT,
                                999};
    struct validate_spec s;
    for (size_t i = 0; i < sizeof contact / sizeof *contact; i++) {
        cr_expect_not(validate_spec_of(SENDX_KIND_CONTACT, contact[i], &s), "member %u",
                      contact[i]);
        cr_expect_eq(s.rules, 0);
        cr_expect_not(validate_is_required(SENDX_KIND_CONTACT, contact[i], NULL));
        cr_expect_str_eq(validate_member(SENDX_KIND_CONTACT, contact[i], "x", NULL, &msg),
                         "cannot be set here");
    }
    /* Team members have no write schema at all. */
    for (unsigned m = 0; m < SENDX_MEMBER__COUNT; m++)
        cr_expect_not(validate_spec_of(SENDX_KIND_MEMBER, m, &s));
    struct sendx_member member = {0};
    unsigned bad = 99;
    cr_expect_str_eq(validate_record(SENDX_KIND_MEMBER, &member, &bad, &msg), "cannot be set here");
    cr_expect_not(validate_spec_of(SENDX_KIND_COUNT, 0, &s));
}

Test(validate, a_webhooks_url_and_enabled)
{
    enum sendx_kind k = SENDX_KIND_WEBHOOK;
    cr_expect_eq(spec_of(k, SENDX_WEBHOOK_URL).rules, VALIDATE_REQUIRED | VALIDATE_URL);
    cr_expect_eq(spec_of(k, SENDX_WEBHOOK_ENABLED).rules, VALIDATE_REQUIRED | VALIDATE_BOOLEAN);
    cr_expect_eq(spec_of(k, SENDX_WEBHOOK_CLICKED).rules, VALIDATE_BOOLEAN);
    cr_expect_str_eq(validate_member(k, SENDX_WEBHOOK_URL, "", NULL, &msg), "required");
    cr_expect_str_eq(validate_member(k, SENDX_WEBHOOK_URL, "ftp://x.com", NULL, &msg),
                     "an http(s) URL");
    cr_expect_null(validate_member(k, SENDX_WEBHOOK_URL, "https://api.example.com/webhooks/sendx",
                                   NULL, &msg));
    cr_expect_str_eq(validate_member(k, SENDX_WEBHOOK_ENABLED, "", NULL, &msg), "required");
    cr_expect_str_eq(validate_member(k, SENDX_WEBHOOK_ENABLED, "maybe", NULL, &msg),
                     "true or false");
    cr_expect_null(validate_member(k, SENDX_WEBHOOK_ENABLED, "false", NULL, &msg));
    cr_expect_null(validate_member(k, SENDX_WEBHOOK_CLICKED, "", NULL, &msg));
}

Test(validate, a_custom_fields_name_and_type)
{
    enum sendx_kind k = SENDX_KIND_FIELD;
    cr_expect_eq(spec_of(k, SENDX_FIELD_TYPE).rules,
                 VALIDATE_REQUIRED | VALIDATE_INTEGER | VALIDATE_CHOICE);
    cr_expect_eq(spec_of(k, SENDX_FIELD_NAME).rules, VALIDATE_REQUIRED);
    cr_expect_eq(spec_of(k, SENDX_FIELD_DESCRIPTION).rules, 0);
    cr_expect_str_eq(validate_member(k, SENDX_FIELD_TYPE, "", NULL, &msg), "required");
    cr_expect_str_eq(validate_member(k, SENDX_FIELD_TYPE, "date", NULL, &msg), "a whole number");
    cr_expect_str_eq(validate_member(k, SENDX_FIELD_TYPE, "7", NULL, &msg), "one of 0, 1, 2, 3, 4");
    cr_expect_null(validate_member(k, SENDX_FIELD_TYPE, "2", NULL, &msg));
    cr_expect_str_eq(validate_member(k, SENDX_FIELD_NAME, "\t", NULL, &msg), "required");
}

Test(validate, names_lists_tags_templates_and_senders)
{
    cr_expect_eq(spec_of(SENDX_KIND_LIST, SENDX_LIST_NAME).rules, VALIDATE_REQUIRED);
    cr_expect_eq(spec_of(SENDX_KIND_LIST, SENDX_LIST_NAME).max_chars, 0);
    cr_expect_eq(spec_of(SENDX_KIND_TAG, SENDX_TAG_NAME).rules, VALIDATE_REQUIRED);
    cr_expect_eq(spec_of(SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_NAME).rules, VALIDATE_REQUIRED);
    cr_expect_eq(spec_of(SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_SUBJECT).rules, VALIDATE_REQUIRED);
    cr_expect_eq(spec_of(SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_HTML_CODE).rules, 0);
    cr_expect_eq(spec_of(SENDX_KIND_TEMPLATE, SENDX_TEMPLATE_TAGS).rules, 0);
    cr_expect_eq(spec_of(SENDX_KIND_SENDER, SENDX_SENDER_NAME).rules, VALIDATE_REQUIRED);
    cr_expect_eq(spec_of(SENDX_KIND_SENDER, SENDX_SENDER_EMAIL).rules,
                 VALIDATE_REQUIRED | VALIDATE_EMAIL);
    cr_expect_eq(spec_of(SENDX_KIND_SENDER, SENDX_SENDER_EMAIL).max_chars, 0);
    cr_expect_str_eq(validate_member(SENDX_KIND_LIST, SENDX_LIST_NAME, "  ", NULL, &msg),
                     "required");
    char *long_name = repeat("名", 1000);
    cr_expect_null(validate_member(SENDX_KIND_TAG, SENDX_TAG_NAME, long_name, NULL, &msg),
                   "the spec gives a tag's name no maxLength");
    free(long_name);
    cr_expect_str_eq(validate_member(SENDX_KIND_SENDER, SENDX_SENDER_EMAIL, "john@", NULL, &msg),
                     "not an email address");
}

Test(validate, a_campaigns_fields)
{
    enum sendx_kind k = SENDX_KIND_CAMPAIGN;
    const unsigned required[] = {SENDX_CAMPAIGN_NAME, SENDX_CAMPAIGN_SUBJECT, SENDX_CAMPAIGN_SENDER,
                                 SENDX_CAMPAIGN_HTML_CONTENT};
    for (size_t i = 0; i < 4; i++)
        cr_expect(spec_of(k, required[i]).rules & VALIDATE_REQUIRED, "member %u", required[i]);
    cr_expect_eq(spec_of(k, SENDX_CAMPAIGN_PREHEADER).max_chars, 255);
    cr_expect_eq(spec_of(k, SENDX_CAMPAIGN_SUBJECT).max_chars, 255);
    cr_expect_eq(spec_of(k, SENDX_CAMPAIGN_NAME).max_chars, 255);
    cr_expect_null(
        validate_member(k, SENDX_CAMPAIGN_SENDER, "sender_4vK3WFhMgvOwUNyaL4QxCD", NULL, &msg));
    cr_expect_str_eq(validate_member(k, SENDX_CAMPAIGN_SENDER, "john@example.com", NULL, &msg),
                     "an id: sender_ and 22 letters or digits");
    cr_expect_str_eq(validate_member(k, SENDX_CAMPAIGN_INCLUDED_SEGMENTS, ID22, NULL, &msg),
                     "an id: segment_ and 22 letters or digits");
    cr_expect_null(validate_member(k, SENDX_CAMPAIGN_INCLUDED_LISTS, ID22, NULL, &msg));
    cr_expect_str_eq(validate_member(k, SENDX_CAMPAIGN_TIME_CONDITION, "9am", NULL, &msg),
                     "a time like 9:00 AM");
    cr_expect_null(validate_member(k, SENDX_CAMPAIGN_TIME_CONDITION, "9:00 AM", NULL, &msg));
    cr_expect_str_eq(validate_member(k, SENDX_CAMPAIGN_SCHEDULE_TYPE, "2", NULL, &msg),
                     "one of 0, 1");
    cr_expect_str_eq(validate_member(k, SENDX_CAMPAIGN_SCHEDULE_CONDITION, "soon", NULL, &msg),
                     "a date as YYYY-MM-DD");
    /* Text the spec gives no format is not judged. */
    cr_expect_null(validate_member(k, SENDX_CAMPAIGN_TIMEZONE, "America/New_York", NULL, &msg));
    cr_expect_not(validate_spec_of(k, SENDX_CAMPAIGN_STATUS, &(struct validate_spec){0}));
}

Test(validate, some_requirements_follow_other_values)
{
    enum sendx_kind k = SENDX_KIND_CAMPAIGN;
    const struct model_type *t = &model_campaign_type;
    struct sendx_campaign c = {0};
    unsigned cond = SENDX_CAMPAIGN_SCHEDULE_CONDITION, tz = SENDX_CAMPAIGN_PREFERRED_TIMEZONE,
             at = SENDX_CAMPAIGN_PREFERRED_TIME_CONDITION;
    cr_expect_not(validate_is_required(k, cond, NULL), "without a record, the schema alone");
    cr_expect(validate_is_required(k, cond, &c), "an unset scheduleType is its default, 0");
    codec_set_int(t, &c, SENDX_CAMPAIGN_SCHEDULE_TYPE, 1);
    cr_expect_not(validate_is_required(k, cond, &c));
    cr_expect_null(validate_member(k, cond, "", &c, &msg));
    codec_set_int(t, &c, SENDX_CAMPAIGN_SCHEDULE_TYPE, 0);
    cr_expect(validate_is_required(k, cond, &c));
    cr_expect_str_eq(validate_member(k, cond, "", &c, &msg), "required");

    cr_expect_not(validate_is_required(k, tz, &c));
    cr_expect_not(validate_is_required(k, at, &c));
    codec_set_bool(t, &c, SENDX_CAMPAIGN_SMART_SEND, true);
    cr_expect(validate_is_required(k, tz, &c));
    cr_expect(validate_is_required(k, at, &c));
    codec_set_bool(t, &c, SENDX_CAMPAIGN_SMART_SEND, false);
    cr_expect_not(validate_is_required(k, tz, &c));
    codec_set_bool(t, &c, SENDX_CAMPAIGN_SEND_IN_CONTACTS_TIMEZONE, true);
    cr_expect(validate_is_required(k, tz, &c));
    cr_expect_str_eq(validate_member(k, at, "", &c, &msg), "required");
    cr_expect_null(validate_member(k, at, "10:00 AM", &c, &msg));
    codec_free(t, &c);
}

/* ---- the table held against the spec ---- */

static const cJSON *prop(const cJSON *schema, const char *name, const char *key)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(schema, "properties"), name);
    cr_assert_not_null(p, "%s is not in the spec", name);
    return key ? cJSON_GetObjectItemCaseSensitive(p, key) : p;
}

static bool listed(const cJSON *array, const char *name)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, array)
    {
        if (cJSON_IsString(item) && strcmp(item->valuestring, name) == 0)
            return true;
    }
    return false;
}

/* The id rule and the spec's regular expression agree on every sample. */
static void check_pattern(enum sendx_kind kind, unsigned member, const char *pattern,
                          const char *where)
{
    struct validate_spec s = spec_of(kind, member);
    cr_assert(s.rules & VALIDATE_ID, "%s has a pattern but no id rule", where);
    char samples[8][64];
    snprintf(samples[0], 64, "%s%s", s.id_prefix, ID22);
    snprintf(samples[1], 64, "%s", ID22);
    snprintf(samples[2], 64, "%s%.21s", s.id_prefix, ID22);
    snprintf(samples[3], 64, "%s%sx", s.id_prefix, ID22);
    snprintf(samples[4], 64, "other_%s", ID22);
    snprintf(samples[5], 64, "%s%.21s-", s.id_prefix, ID22);
    snprintf(samples[6], 64, "%s", "______________________");
    snprintf(samples[7], 64, "%s", s.id_prefix);
    for (size_t i = 0; i < 8; i++) {
        bool spec_ok = spec_regex_matches(pattern, samples[i]);
        bool ours = validate_member(kind, member, samples[i], NULL, &msg) == NULL;
        cr_expect_eq(ours, spec_ok, "%s: \"%s\" (spec: %s)", where, samples[i], pattern);
    }
}

static void check_property(enum sendx_kind kind, const struct codec_field *f, const cJSON *schema,
                           const char *schema_name)
{
    char where[128];
    snprintf(where, sizeof where, "%s.%s", schema_name, f->name);
    struct validate_spec s = spec_of(kind, f->member);
    const cJSON *max = prop(schema, f->name, "maxLength");
    cr_expect_eq(s.max_chars, cJSON_IsNumber(max) ? (size_t)max->valuedouble : 0, "%s", where);
    bool required = listed(cJSON_GetObjectItemCaseSensitive(schema, "required"), f->name);
    cr_expect_eq(!!(s.rules & VALIDATE_REQUIRED), required, "%s", where);
    const cJSON *format = prop(schema, f->name, "format");
    const char *fmt = cJSON_IsString(format) ? format->valuestring : "";
    cr_expect_eq(!!(s.rules & VALIDATE_EMAIL), strcmp(fmt, "email") == 0, "%s", where);
    cr_expect_eq(!!(s.rules & VALIDATE_URL), strcmp(fmt, "uri") == 0, "%s", where);
    cr_expect_eq(!!(s.rules & VALIDATE_IPV4), strcmp(fmt, "ipv4") == 0, "%s", where);
    const cJSON *type = prop(schema, f->name, "type");
    const char *ty = cJSON_IsString(type) ? type->valuestring : "";
    cr_expect_eq(!!(s.rules & VALIDATE_INTEGER), strcmp(ty, "integer") == 0, "%s", where);
    cr_expect_eq(!!(s.rules & VALIDATE_BOOLEAN), strcmp(ty, "boolean") == 0, "%s", where);
    const cJSON *pattern = prop(schema, f->name, "pattern");
    const cJSON *items = prop(schema, f->name, "items");
    if (!cJSON_IsString(pattern))
        pattern = cJSON_GetObjectItemCaseSensitive(items, "pattern");
    if (cJSON_IsString(pattern))
        check_pattern(kind, f->member, pattern->valuestring, where);
    else
        cr_expect_not(s.rules & VALIDATE_ID, "%s has an id rule but no pattern", where);
    const cJSON *choices = prop(schema, f->name, "enum"), *c;
    cJSON_ArrayForEach(c, choices)
    {
        cr_expect(s.rules & VALIDATE_CHOICE, "%s", where);
        char text[32];
        snprintf(text, sizeof text, "%d", c->valueint);
        cr_expect_null(validate_member(kind, f->member, text, NULL, &msg), "%s = %s", where, text);
    }
    if (cJSON_IsArray(choices))
        cr_expect_not_null(validate_member(kind, f->member, "99", NULL, &msg), "%s = 99", where);
}

Test(validate, every_write_schema_property_has_the_rules_the_spec_gives_it)
{
    cJSON *doc = spec_load(NULL);
    cr_assert_not_null(doc);
    size_t checked = 0;
    for (enum sendx_kind k = 0; k < SENDX_KIND_COUNT; k++) {
        const struct codec_schema *w = model_resource(k)->write;
        for (size_t i = 0; w && i < w->n_fields; i++, checked++)
            check_property(k, &w->fields[i], spec_schema(doc, w->name), w->name);
    }
    cr_expect_geq(checked, 50);
    cJSON_Delete(doc);
}

/* Every example of a write schema in the spec passes the format and
 * length checks (not the id patterns: some of its examples break
 * them, as "tag_unengaged" does). */
Test(validate, the_specs_own_examples_pass)
{
    cJSON *doc = spec_load(NULL);
    cr_assert_not_null(doc);
    struct spec_examples ex;
    cr_assert_eq(spec_examples_collect(doc, &ex), 0);
    size_t checked = 0;
    for (size_t i = 0; i < ex.len; i++) {
        for (enum sendx_kind k = 0; k < SENDX_KIND_COUNT; k++) {
            const struct codec_schema *w = model_resource(k)->write;
            if (!w || strcmp(w->name, ex.items[i].schema) != 0 || ex.items[i].is_array)
                continue;
            for (size_t j = 0; j < w->n_fields; j++) {
                const cJSON *v =
                    cJSON_GetObjectItemCaseSensitive(ex.items[i].value, w->fields[j].name);
                struct validate_spec s = spec_of(k, w->fields[j].member);
                if (!cJSON_IsString(v) || (s.rules & VALIDATE_ID))
                    continue;
                cr_expect_null(validate_member(k, w->fields[j].member, v->valuestring, NULL, &msg),
                               "%s: %s = \"%s\"", ex.items[i].where, w->fields[j].name,
                               v->valuestring);
                checked++;
            }
        }
    }
    cr_expect_geq(checked, 20);
    spec_examples_free(&ex);
    cJSON_Delete(doc);
}

/* ---- custom field values ---- */

Test(validate, custom_field_values_by_their_type)
{
    char *fits = repeat("エ", 255), *over = repeat("エ", 256);
    cr_expect_null(validate_custom(VALIDATE_FIELD_TEXT, "Founder 🚀", &msg));
    cr_expect_null(validate_custom(VALIDATE_FIELD_TEXT, fits, &msg));
    cr_expect_str_eq(validate_custom(VALIDATE_FIELD_TEXT, over, &msg),
                     "at most 255 characters (this has 256)");
    free(fits);
    free(over);
    cr_expect_null(validate_custom(VALIDATE_FIELD_NUMBER, "499", &msg));
    cr_expect_null(validate_custom(VALIDATE_FIELD_NUMBER, "-12.5", &msg));
    cr_expect_str_eq(validate_custom(VALIDATE_FIELD_NUMBER, "12 orders", &msg),
                     "a number, like 42 or 3.75");
    cr_expect_null(validate_custom(VALIDATE_FIELD_DATE, "1987-06-30", &msg));
    cr_expect_str_eq(validate_custom(VALIDATE_FIELD_DATE, "30/06/1987", &msg),
                     "a date as YYYY-MM-DD");
    cr_expect_str_eq(validate_custom(VALIDATE_FIELD_DATE, "1987-02-30", &msg), "no such date");
    cr_expect_null(validate_custom(VALIDATE_FIELD_BOOLEAN, "true", &msg));
    cr_expect_str_eq(validate_custom(VALIDATE_FIELD_BOOLEAN, "yes", &msg), "true or false");
    cr_expect_null(validate_custom(VALIDATE_FIELD_PHONE, "+44 20 7946 0958", &msg));
    cr_expect_str_eq(validate_custom(VALIDATE_FIELD_PHONE, "020 7946 0958", &msg),
                     "a phone number like +44 20 7946 0958");
    /* No value is no value, whatever the type; a type the spec does not
     * name is the server's to judge. */
    for (int64_t t = 0; t <= 4; t++)
        cr_expect_null(validate_custom(t, "  ", &msg), "type %ld", (long)t);
    cr_expect_null(validate_custom(9, "anything \x01 at all", &msg));
}

/* What the mock seeds for each custom field type passes as that type. */
Test(validate, the_seeds_custom_values_pass)
{
    struct {
        int64_t type;
        const char *value;
    } seeded[] = {{0, "Responsable marketing"},
                  {0, "مدير المبيعات"},
                  {1, "0"},
                  {1, "499"},
                  {2, "1950-01-01"},
                  {2, "1999-12-28"},
                  {3, "true"},
                  {3, "false"},
                  {4, "+1 000000000"},
                  {4, "+98 999999999"}};
    for (size_t i = 0; i < sizeof seeded / sizeof *seeded; i++)
        cr_expect_null(validate_custom(seeded[i].type, seeded[i].value, &msg), "%s",
                       seeded[i].value);
}

/* ---- the save gate ---- */

Test(validate, a_record_is_checked_member_by_member)
{
    const struct model_type *t = &model_contact_type;
    struct sendx_contact c = {0};
    unsigned member = 99;
    cr_expect_str_eq(validate_record(SENDX_KIND_CONTACT, &c, &member, &msg), "required");
    cr_expect_eq(member, SENDX_CONTACT_EMAIL);
    codec_set_string(t, &c, SENDX_CONTACT_EMAIL, "john.doe@example.com");
    cr_expect_null(validate_record(SENDX_KIND_CONTACT, &c, &member, &msg));
    codec_set_string(t, &c, SENDX_CONTACT_LAST_TRACKED_IP, "300.1.1.1");
    cr_expect_str_eq(validate_record(SENDX_KIND_CONTACT, &c, &member, &msg),
                     "an IPv4 address like 192.0.2.1");
    cr_expect_eq(member, SENDX_CONTACT_LAST_TRACKED_IP);
    codec_set_string(t, &c, SENDX_CONTACT_LAST_TRACKED_IP, "203.0.113.42");
    const char *lists[] = {"list_" ID22, "nope"};
    codec_set_strings(t, &c, SENDX_CONTACT_LISTS, lists, 2);
    cr_expect_str_eq(validate_record(SENDX_KIND_CONTACT, &c, &member, &msg),
                     "an id: list_ and 22 letters or digits");
    cr_expect_eq(member, SENDX_CONTACT_LISTS);
    codec_set_strings(t, &c, SENDX_CONTACT_LISTS, lists, 1);
    codec_set_string(t, &c, SENDX_CONTACT_EMAIL, "   ");
    cr_expect_str_eq(validate_record(SENDX_KIND_CONTACT, &c, &member, &msg), "required");
    cr_expect_eq(member, SENDX_CONTACT_EMAIL);
    codec_free(t, &c);
}

Test(validate, a_records_numbers_and_booleans)
{
    struct sendx_field f = {0};
    unsigned member = 99;
    codec_set_string(&model_field_type, &f, SENDX_FIELD_NAME, "Birthday");
    cr_expect_str_eq(validate_record(SENDX_KIND_FIELD, &f, &member, &msg), "required");
    cr_expect_eq(member, SENDX_FIELD_TYPE);
    codec_set_int(&model_field_type, &f, SENDX_FIELD_TYPE, 9);
    cr_expect_str_eq(validate_record(SENDX_KIND_FIELD, &f, &member, &msg), "one of 0, 1, 2, 3, 4");
    codec_set_int(&model_field_type, &f, SENDX_FIELD_TYPE, 2);
    cr_expect_null(validate_record(SENDX_KIND_FIELD, &f, &member, &msg));
    codec_free(&model_field_type, &f);

    struct sendx_webhook w = {0};
    codec_set_string(&model_webhook_type, &w, SENDX_WEBHOOK_URL, "https://example.com/hook");
    cr_expect_str_eq(validate_record(SENDX_KIND_WEBHOOK, &w, &member, &msg), "required");
    cr_expect_eq(member, SENDX_WEBHOOK_ENABLED);
    codec_set_bool(&model_webhook_type, &w, SENDX_WEBHOOK_ENABLED, false);
    cr_expect_null(validate_record(SENDX_KIND_WEBHOOK, &w, &member, &msg));
    codec_free(&model_webhook_type, &w);
}

Test(validate, a_campaign_record_with_its_conditions)
{
    const struct model_type *t = &model_campaign_type;
    struct sendx_campaign c = {0};
    unsigned member = 99;
    codec_set_string(t, &c, SENDX_CAMPAIGN_NAME, "Spring Sale");
    codec_set_string(t, &c, SENDX_CAMPAIGN_SUBJECT, "🌸 Spring Sale");
    codec_set_string(t, &c, SENDX_CAMPAIGN_SENDER, "sender_4vK3WFhMgvOwUNyaL4QxCD");
    codec_set_string(t, &c, SENDX_CAMPAIGN_HTML_CONTENT, "<p>Hi</p>");
    cr_expect_str_eq(validate_record(SENDX_KIND_CAMPAIGN, &c, &member, &msg), "required");
    cr_expect_eq(member, SENDX_CAMPAIGN_SCHEDULE_CONDITION);
    codec_set_int(t, &c, SENDX_CAMPAIGN_SCHEDULE_TYPE, 1);
    cr_expect_null(validate_record(SENDX_KIND_CAMPAIGN, &c, &member, &msg));
    const char *segments[] = {ID22};
    codec_set_strings(t, &c, SENDX_CAMPAIGN_EXCLUDED_SEGMENTS, segments, 1);
    cr_expect_str_eq(validate_record(SENDX_KIND_CAMPAIGN, &c, &member, &msg),
                     "an id: segment_ and 22 letters or digits");
    cr_expect_eq(member, SENDX_CAMPAIGN_EXCLUDED_SEGMENTS);
    codec_free(t, &c);
}
