/* End to end over sendx-mock --hostile (mock/seed.h): every pane, the
 * detail of every hostile record (unfolded, to its last line, a
 * template's or campaign's HTML as text too), the filter, command and
 * help prompts with hostile text pasted; then the raw bytes the terminal
 * received, copied by tmux (pipe-pane) from before the app's first byte
 * and held to what curses itself sends: no OSC (titles, clipboard,
 * hyperlinks), no DCS, APC, PM or SOS, no query a terminal would answer,
 * no CSI but the moves, erases, modes and colours curses uses within the
 * screen, no C0 control but those it moves with, no C1 control in either
 * form, no bidi control or joiner, nothing that is not UTF-8, and none of
 * the data's sequences byte for byte. On the screen, the text in the
 * forms app/text.h promises (ESC as ^[, C1 as <9b>, bidi controls and bad
 * bytes as U+FFFD), written out here by hand. And the fault that ignores
 * offset: the app stops loading, says so, and asks a handful of pages,
 * not a flood. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/sendx.h"
#include "e2e.h"
#include "mock/hostile_seed.h"
#include "tmux.h"
#include "tree.h"

TestSuite(e2e_hostile, .init = e2e_setup, .fini = e2e_teardown, .timeout = 300);

#define ESC "\x1b"
#define BEL "\x07"
/* U+FFFD, what a bidi control or an undecodable byte is shown as. */
#define REPLACEMENT "\xef\xbf\xbd"

static void pause_20ms(void)
{
    struct timespec ts = {0, 20 * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- starting with the terminal's output piped --------------------------- */

static char raw_path[96];

/* sendx-tui held at a gate (a shell that reads a line, then becomes the
 * app) until tmux pipes its terminal's output to raw_path, so the copy
 * starts before the app's first byte. */
static void start_piped(void)
{
    static const char gate_script[] = "#!/bin/sh\nread go\nexec \"$@\"\n";
    char gate[96];
    path_in_dir("gate", gate, sizeof gate);
    cr_assert_eq(tree_put(gate, gate_script, sizeof gate_script - 1, 0700), 0);
    start_tui_via(gate, "");
    path_in_dir("raw", raw_path, sizeof raw_path);
    cr_assert_eq(tmux_pipe_to(tui, raw_path), 0);
    keys("Enter");
}

/* The hostile mock with these faults, and the app against it. */
static void start_hostile_with(const struct mock_faults *faults)
{
    struct mock_options o = mock_options_default();
    o.seed = 7;
    o.hostile = true;
    o.faults = *faults;
    start_mock_with(&o);
    start_piped();
    /* OSC 52 would land in tmux's buffers: none may appear. */
    cr_assert_eq(tmux_set_option(tui, "set-clipboard", "on"), 0);
    assert_shows("contacts in");
}

static void start_hostile(void)
{
    start_hostile_with(&(struct mock_faults){0});
}

struct bytes {
    unsigned char *data;
    size_t len;
};

static struct bytes read_file(const char *path)
{
    struct bytes b = {malloc(1), 0};
    FILE *f = fopen(path, "rb");
    unsigned char chunk[65536];
    size_t got;
    while (f && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        b.data = realloc(b.data, b.len + got + 1);
        cr_assert_not_null(b.data);
        memcpy(b.data + b.len, chunk, got);
        b.len += got;
    }
    if (f)
        fclose(f);
    return b;
}

/* Where needle starts in b, or SIZE_MAX. */
static size_t find(const struct bytes *b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n && i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            return i;
    return SIZE_MAX;
}

/* Everything the terminal received, once the shell after the app has
 * written EXIT= (so the app's last byte is in). Call after quit(). */
static struct bytes raw_output(void)
{
    for (int waited = 0;; waited += 20) {
        struct bytes b = read_file(raw_path);
        if (find(&b, "EXIT=") != SIZE_MAX)
            return b;
        free(b.data);
        cr_assert_lt(waited, WAIT_MS, "the copy of the output reaches EXIT=");
        pause_20ms();
    }
}

/* ---- what curses sends ---------------------------------------------------- */

#define MAX_PARAMS 16

struct csi {
    char private; /* '?', '>', ... or 0 */
    long params[MAX_PARAMS];
    size_t n;   /* params, at least 1; -1 stands for an empty one */
    char final; /* 0 if the sequence is broken or has intermediates */
};

/* ESC [ at p: its parts, and its length. */
static size_t parse_csi(const unsigned char *p, size_t n, struct csi *c)
{
    size_t i = 2;
    *c = (struct csi){0};
    if (i < n && p[i] >= '<' && p[i] <= '?')
        c->private = (char)p[i++];
    long v = -1;
    for (; i < n && ((p[i] >= '0' && p[i] <= '9') || p[i] == ';'); i++) {
        if (p[i] == ';') {
            if (c->n < MAX_PARAMS)
                c->params[c->n++] = v;
            v = -1;
        } else if (v < 1000000) {
            v = (v < 0 ? 0 : v) * 10 + (p[i] - '0');
        }
    }
    if (c->n < MAX_PARAMS)
        c->params[c->n++] = v;
    if (i < n && p[i] >= 0x40 && p[i] <= 0x7e)
        c->final = (char)p[i++];
    return i;
}

static bool within(long v, long max)
{
    return v == -1 || (v >= 0 && v <= max);
}

static bool one_of(long v, const long *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v == set[i])
            return true;
    return false;
}

/* SGR: attributes and colours (basic, 256 or direct). */
static const char *sgr_problem(const struct csi *c)
{
    static const long plain[] = {0,  1,  2,  3,  4,   5,   7,   8,   9,   21,  22,  23,  24,
                                 25, 27, 28, 29, 39,  49,  30,  31,  32,  33,  34,  35,  36,
                                 37, 40, 41, 42, 43,  44,  45,  46,  47,  90,  91,  92,  93,
                                 94, 95, 96, 97, 100, 101, 102, 103, 104, 105, 106, 107, -1};
    for (size_t i = 0; i < c->n; i++) {
        long v = c->params[i];
        if (v == 38 || v == 48) {
            long how = i + 1 < c->n ? c->params[i + 1] : -1;
            size_t args = how == 5 ? 1 : how == 2 ? 3 : 0;
            if (!args || i + 1 + args >= c->n)
                return "a colour cut short";
            for (size_t k = i + 2; k <= i + 1 + args; k++)
                if (!within(c->params[k], 255))
                    return "a colour out of range";
            i += 1 + args;
        } else if (!one_of(v, plain, sizeof plain / sizeof plain[0])) {
            return "an attribute curses does not set";
        }
    }
    return NULL;
}

static const char *modes_problem(const struct csi *c)
{
    /* Keypad, cursor blink and visibility, mouse reporting, the
     * alternate screen, bracketed paste; insert mode and cnorm's 34. */
    static const long private_modes[] = {1,    7,    12,   25,   1000, 1002, 1003,
                                         1004, 1005, 1006, 1015, 1049, 2004};
    static const long modes[] = {4, 34};
    const long *set = c->private ? private_modes : modes;
    size_t n =
        c->private ? sizeof private_modes / sizeof *private_modes : sizeof modes / sizeof *modes;
    for (size_t i = 0; i < c->n; i++)
        if (!one_of(c->params[i], set, n))
            return "a mode curses does not set";
    return NULL;
}

/* Why a CSI sequence is not one curses sends on this screen, or NULL. */
static const char *csi_problem(const struct csi *c)
{
    if (!c->final)
        return "a broken CSI sequence";
    if (c->private && !(c->private == '?' && (c->final == 'h' || c->final == 'l')))
        return "a private sequence (a query or a report)";
    switch (c->final) {
    case 'm':
        return sgr_problem(c);
    case 'H':
        return c->n <= 2 && within(c->params[0], ROWS) && (c->n < 2 || within(c->params[1], COLS))
                   ? NULL
                   : "a cursor position off the screen";
    case 'A':
    case 'B':
    case 'C':
    case 'D':
    case 'E':
    case 'F':
    case 'G':
    case 'd':
    case 'P':
    case '@':
    case 'X':
    case 'S':
    case 'T':
    case 'L':
    case 'M':
    case 'b':
    case 'Z':
        return c->n == 1 && within(c->params[0], COLS) ? NULL : "a move past the screen";
    case 'J':
        return c->n == 1 && c->params[0] <= 0 ? NULL : "an erase of the whole screen";
    case 'K':
        return c->n == 1 && c->params[0] <= 1 ? NULL : "an erase curses does not send";
    case 'r':
        return c->n == 2 && within(c->params[0], ROWS) && within(c->params[1], ROWS)
                   ? NULL
                   : "a scroll region off the screen";
    case 'h':
    case 'l':
        return modes_problem(c);
    }
    return "a sequence curses does not send (a query, a report, a window operation)";
}

/* An escape sequence at p: its length if curses sends such, else 0 with
 * why. */
static size_t escape_ok(const unsigned char *p, size_t n, const char **why)
{
    if (n < 2) {
        *why = "ESC at the very end";
        return 0;
    }
    struct csi c;
    switch (p[1]) {
    case '[': {
        size_t len = parse_csi(p, n, &c);
        *why = csi_problem(&c);
        return *why ? 0 : len;
    }
    case '(':
    case ')':
        *why = "a character set curses does not use";
        return n > 2 && (p[2] == '0' || p[2] == 'B') ? 3 : 0;
    case '=': /* keypad modes, save and restore the cursor, reverse index */
    case '>':
    case '7':
    case '8':
    case 'M':
        return 2;
    }
    *why = p[1] == ']' ? "an OSC (title, clipboard, link)"
           : p[1] == 'P' || p[1] == '_' || p[1] == '^' || p[1] == 'X'
               ? "a DCS, APC, PM or SOS"
               : "an escape curses does not send";
    return 0;
}

static bool is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
           cp == 0x200f || cp == 0x061c;
}

/* One UTF-8 character at p, strictly: its length, or 0 with why. */
static size_t character_ok(const unsigned char *p, size_t n, const char **why)
{
    size_t len = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
    uint32_t cp = len == 4 ? p[0] & 0x07u : len == 3 ? p[0] & 0x0fu : p[0] & 0x1fu;
    *why = "invalid UTF-8";
    if (!len || p[0] > 0xf4 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    *why = cp < 0xa0             ? "a C1 control"
           : is_bidi_control(cp) ? "a bidi control"
           : cp == 0x200d        ? "a zero-width joiner"
                                 : NULL;
    return *why ? 0 : len;
}

/* The C0 controls curses moves the cursor with (ht, cub1, cud1, cr) and
 * shifts to line drawing with (SO, SI). */
static bool is_motion_control(unsigned char c)
{
    return c == '\b' || c == '\t' || c == '\n' || c == '\r' || c == 0x0e || c == 0x0f;
}

/* Whether all of b is what curses sends; if not, why and where into out. */
static bool inert(const struct bytes *b, char *out, size_t size)
{
    for (size_t i = 0; i < b->len;) {
        unsigned char c = b->data[i];
        const char *why = NULL;
        size_t used = c == 0x1b   ? escape_ok(b->data + i, b->len - i, &why)
                      : c >= 0x80 ? character_ok(b->data + i, b->len - i, &why)
                      : c == 0x7f ? 0
                      : c >= 0x20 || is_motion_control(c) ? 1
                                                          : 0;
        if (!used) {
            int o = snprintf(out, size, "%s at byte %zu of %zu:", why ? why : "a control character",
                             i, b->len);
            for (size_t k = i; k < b->len && k < i + 24 && o > 0 && (size_t)o < size; k++)
                o += snprintf(out + o, size - (size_t)o, " %02x", b->data[k]);
            return false;
        }
        i += used;
    }
    return true;
}

/* The data's own sequences, none of which may reach the terminal. */
static const char *const injected[] = {
    ESC "[38;5;201m", ESC "[1;5;7m",  ESC "[2CPWNED", ESC "[2J",  ESC "[3J",  ESC "]0;",
    ESC "]2;",        ESC "]52;",     ESC "]8;",      ESC "[6n",  ESC "[?6n", ESC "[c",
    ESC "[>c",        ESC "[=c",      ESC "[5n",      ESC "[>q",  ESC "P",    ESC "_",
    ESC "^",          ESC "X",        ESC "c",        "\xc2\x9b", "\xc2\x9d", "\xc2\x90",
    "\xe2\x80\xae",   "\xe2\x81\xa6", "\xe2\x80\x8d",
};

/* The app has quit: what it sent is checked whole. */
static void assert_output_inert(void)
{
    struct bytes out = raw_output();
    cr_assert_neq(find(&out, ESC "[?1049h"), SIZE_MAX, "the copy holds the app's screen");
    cr_assert_neq(find(&out, "PWNED-TITLE"), SIZE_MAX, "and the hostile text, shown");
    for (size_t i = 0; i < sizeof injected / sizeof injected[0]; i++) {
        char hex[64] = "";
        for (const char *p = injected[i]; *p && strlen(hex) + 4 < sizeof hex; p++)
            snprintf(hex + strlen(hex), sizeof hex - strlen(hex), " %02x", (unsigned char)*p);
        cr_assert_eq(find(&out, injected[i]), SIZE_MAX, "the data's%s reached the terminal", hex);
    }
    char why[256];
    cr_assert(inert(&out, why, sizeof why), "%s", why);
    free(out.data);
    char *title = tmux_format(tui, "#{pane_title}");
    cr_assert_null(strstr(title, "PWNED"), "the title is the terminal's own: %s", title);
    free(title);
    char *buffer = tmux_show_buffer(tui);
    cr_assert(!buffer || !*buffer, "nothing reached the clipboard: %s", buffer);
    free(buffer);
}

/* ---- driving the panes ---------------------------------------------------- */

/* The screen's line that holds text (the last screen captured), into
 * buf; NULL if none does. */
static const char *line_with(const char *text, char *buf, size_t size)
{
    for (int y = 0; y < ROWS; y++)
        if (strstr(screen_line(y, buf, size), text))
            return buf;
    return NULL;
}

/* Waits until the title line (the third) holds text. */
static void wait_title_holds(const char *text)
{
    char line[1024];
    for (int waited = 0;; waited += 20) {
        free(tmux_capture(tui));
        if (strstr(screen_line(2, line, sizeof line), text))
            return;
        cr_assert_lt(waited, WAIT_MS, "the title line holds %s:\n%s", text, tmux_last_screen(tui));
        pause_20ms();
    }
}

/* Waits until the title line no longer holds text. */
static void wait_title_lacks(const char *text)
{
    char line[1024];
    for (int waited = 0;; waited += 20) {
        free(tmux_capture(tui));
        if (!strstr(screen_line(2, line, sizeof line), text))
            return;
        cr_assert_lt(waited, WAIT_MS, "the title line without %s:\n%s", text,
                     tmux_last_screen(tui));
        pause_20ms();
    }
}

/* G, until the cursor is on the detail's last line ("line N/N" on the
 * title line, or none when the record fits the screen) and that holds at
 * least `least` lines; returns how many it holds (0: it fits). G goes
 * again now and then: what arrives later (a campaign's report) adds lines
 * above the cursor. */
static size_t read_to_end(size_t least)
{
    char line[1024];
    for (int waited = 0;; waited += 20) {
        if (waited % 400 == 0)
            keys("G");
        free(tmux_capture(tui));
        screen_line(2, line, sizeof line);
        size_t at = 0, total = 0;
        bool found = false;
        for (const char *p = strstr(line, "line "); p; p = strstr(p + 1, "line "))
            found = sscanf(p, "line %zu/%zu", &at, &total) == 2;
        if ((found && at == total && total >= least) || (!found && least == 0))
            return total;
        cr_assert_lt(waited, WAIT_MS, "on the last of at least %zu lines:\n%s", least,
                     tmux_last_screen(tui));
        pause_20ms();
    }
}

/* The ids of the first n records of kind, as the mock has them. */
static char **record_ids(enum sendx_kind kind, size_t n)
{
    struct sendx_page page = {0};
    list_page(kind, 0, (long)n, &page);
    cr_assert_geq(page.records.len, n);
    const struct model_resource *r = model_resource(kind);
    char **ids = calloc(n, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        const void *rec = sendx_page_at(&page, i);
        ids[i] =
            strdup(*(char *const *)((const char *)rec + r->type->members[r->id_member].offset));
    }
    sendx_page_free(&page);
    return ids;
}

static size_t case_count(void)
{
    size_t n;
    hostile_seed_cases(&n);
    return n;
}

/* Lines the detail of record i of kind needs at least, unfolded: the
 * long case's 64 KiB wrap to hundreds, the contact after the cases has
 * a line per tag. */
static size_t least_lines(enum sendx_kind kind, size_t i)
{
    size_t n;
    const struct hostile_case *cases = hostile_seed_cases(&n);
    if (i < n)
        return strlen(cases[i].text) >= HOSTILE_LONG ? 500 : 0;
    return kind == SENDX_KIND_CONTACT ? HOSTILE_BULK_TAGS : 0;
}

/* The detail now shown (the record with id), to its last line, and for a
 * template or campaign its HTML as text to its last line, then back. */
static void read_record(enum sendx_kind kind, const char *id, size_t least)
{
    wait_title_holds(id);
    read_to_end(least);
    if (kind != SENDX_KIND_TEMPLATE && kind != SENDX_KIND_CAMPAIGN)
        return;
    keys("t");
    wait_title_holds("(text)");
    read_to_end(0);
    keys("t");
    wait_title_lacks("(text)");
}

/* Esc from the detail of the record with id, back to its table (a key
 * sent right behind Esc would read as Alt-key). */
static void back_from(const char *id)
{
    keys("Escape");
    wait_title_lacks(id);
}

/* What else to check on record i's detail, once read; NULL: nothing. */
typedef void (*record_check)(size_t i);

/* Pane key, once its rows are in; then the detail of each of its first
 * n records, unfolded, stepped through with ], each read to its end and
 * checked; back to the table. */
static void read_pane(const char *key, enum sendx_kind kind, size_t n, record_check check)
{
    char **ids = record_ids(kind, n);
    char loaded[64];
    snprintf(loaded, sizeof loaded, " %s in ", model_resource(kind)->plural);
    keys(key);
    assert_shows(loaded);
    keys("Enter");
    wait_title_holds(ids[0]);
    keys("o"); /* unfolded from here on: ] keeps it */
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            keys("]");
        read_record(kind, ids[i], least_lines(kind, i));
        if (check)
            check(i);
    }
    back_from(ids[n - 1]);
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

static size_t case_index(const char *name)
{
    long i = hostile_seed_find(name);
    cr_assert_geq(i, 0, "no case %s", name);
    return (size_t)i;
}

/* ---- the tests ------------------------------------------------------------- */

/* The forms app/text.h promises, on the lists' table (its names are the
 * cases' labelled texts, 50 cells wide). */
static const char *const inert_forms[] = {
    "H00 esc-alone: lone ^[ escape",
    "H01 csi-colour: ^[[38;5;201mPWNED-COLOUR^[[0m",
    "H04 osc-title: ^[]0;PWNED-TITLE^G and ",
    "H07 query-cursor: ^[[6n PWNED-CPR ^[[?6n",
    "H09 dcs-apc-pm-sos: ^[P+q544e^[\\^[PPWNE",
    "H10 c1-utf8: <9b>31mPWNED-C1 <9d>0;PWNED-C1-TITLE",
    "H11 c1-raw: " REPLACEMENT "31mPWNED-RAW " REPLACEMENT "0;PWNED-RAW-TITLE^G",
    "H12 controls: cr^Mlf^Jtab^Ibs^Hbel^Gdel^?soh^Aus",
    "H13 bidi: " REPLACEMENT "exe.txt " REPLACEMENT "isolate" REPLACEMENT,
    "H14 bad-utf8: lone" REPLACEMENT " overlong" REPLACEMENT REPLACEMENT,
};

Test(e2e_hostile, lists_tags_and_fields_show_inert_in_table_and_detail)
{
    start_hostile();
    size_t n = case_count();
    keys("2");
    assert_shows(" lists in ");
    for (size_t i = 0; i < sizeof inert_forms / sizeof inert_forms[0]; i++)
        assert_shows(inert_forms[i]);
    char line[1024];
    cr_assert_not_null(line_with("H15 zero-width: ", line, sizeof line));
    cr_assert(strstr(line, "family \xf0\x9f\x91\xa8\xf0\x9f\x91\xa9\xf0\x9f\x91\xa7"),
              "a family drawn as its people, the joiners dropped: %s", line);
    cr_assert_not_null(line_with("H16 combining: Z", line, sizeof line));
    cr_assert(strstr(line, " then e"), "a pile of combining marks hides nothing after it: %s",
              line);
    read_pane("2", SENDX_KIND_LIST, n, NULL);
    read_pane("3", SENDX_KIND_TAG, n + 3, NULL); /* and a few of the ten thousand */
    read_pane("7", SENDX_KIND_FIELD, n, NULL);
    quit();
    assert_output_inert();
}

/* The label's line shows no number but says it could not be read. */
static void assert_unreadable(const char *label)
{
    char line[1024], want[64];
    snprintf(want, sizeof want, " %s  ", label);
    for (int waited = 0; !line_with(want, line, sizeof line); waited += 20) {
        cr_assert_lt(waited, WAIT_MS, "a %s line:\n%s", label, tmux_last_screen(tui));
        pause_20ms();
        free(tmux_capture(tui));
    }
    cr_assert(strstr(line, "unreadable"), "%s past 64 bits is unreadable: %s", label, line);
}

/* The numbers case's contact: its LTV and source past 64 bits. */
static void contact_numbers(size_t i)
{
    if (i != case_index("numbers"))
        return;
    assert_shows("LTV");
    assert_unreadable("LTV");
    assert_unreadable("Source");
}

Test(e2e_hostile, contacts_open_in_detail_the_long_and_the_ten_thousand_tags_in_time)
{
    start_hostile();
    /* The cases, then the contact with every tag. */
    read_pane("1", SENDX_KIND_CONTACT, case_count() + 1, contact_numbers);
    quit();
    assert_output_inert();
}

/* The numbers case's campaign: its report's counts past 64 bits. */
static void campaign_numbers(size_t i)
{
    if (i != case_index("numbers"))
        return;
    keys("g");
    assert_shows("Report");
    assert_unreadable("Sent");
    assert_unreadable("Opened (people)");
    assert_unreadable("Status");
}

Test(e2e_hostile, campaigns_and_templates_with_reports_and_numbers_past_64_bits)
{
    start_hostile();
    size_t n = case_count();
    read_pane("4", SENDX_KIND_CAMPAIGN, n, campaign_numbers);
    read_pane("5", SENDX_KIND_TEMPLATE, n, NULL);
    quit();
    assert_output_inert();
}

Test(e2e_hostile, senders_webhooks_and_team_members)
{
    start_hostile();
    size_t n = case_count();
    read_pane("6", SENDX_KIND_SENDER, n, NULL);
    read_pane("8", SENDX_KIND_WEBHOOK, n, NULL);
    read_pane("9", SENDX_KIND_MEMBER, n, NULL);
    quit();
    assert_output_inert();
}

/* The newest paste buffer once it is not previous (NULL: none yet). */
static char *copied_after(const char *previous)
{
    for (int waited = 0;; waited += 20) {
        char *text = tmux_show_buffer(tui);
        if (text && *text && (!previous || strcmp(text, previous) != 0))
            return text;
        free(text);
        cr_assert_lt(waited, WAIT_MS, "a new paste buffer");
        pause_20ms();
    }
}

/* What Y puts on the clipboard from each case's contact's first name:
 * the text as it would be pasted, by copy_text's rule (line breaks and
 * tabs as blanks; every other control, C1 and bidi control dropped). */
static const struct {
    const char *name;
    const char *copied;
} copies[] = {
    {"osc-title", "H04 osc-title: ]0;PWNED-TITLE and ]2;PWNED-TITLE2\\"},
    {"c1-utf8", "H10 c1-utf8: 31mPWNED-C1 0;PWNED-C1-TITLE PWNED-C1-DCS nextline"},
    {"controls", "H12 controls: crlf tab bsbeldelsohus vtff"},
    {"bidi", "H13 bidi: exe.txt isolate rtlfsi  end"},
};

Test(e2e_hostile, Y_copies_a_hostile_field_as_it_would_be_pasted)
{
    start_hostile();
    size_t n = case_count();
    char **ids = record_ids(SENDX_KIND_CONTACT, n);
    keys("Enter");
    wait_title_holds(ids[0]);
    char *previous = NULL;
    size_t at = 0;
    for (size_t k = 0; k < sizeof copies / sizeof copies[0]; k++) {
        for (size_t i = case_index(copies[k].name); at < i; at++)
            keys("]");
        wait_title_holds(ids[at]);
        keys("Y");
        char *copied = copied_after(previous);
        cr_assert_str_eq(copied, copies[k].copied, "Y on %s", copies[k].name);
        free(previous);
        previous = copied;
    }
    free(previous);
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    quit();
}

/* What a paste brings: escape sequences, C1 and bidi controls, a carriage
 * return (Enter, were it typed). */
static const char hostile_paste[] = "PWNED" ESC "]0;PWNED-PASTE" BEL ESC "[38;5;201m"
                                    "\xc2\x9b"
                                    "2J\xe2\x80\xae"
                                    "end\rmore";

Test(e2e_hostile, prompts_and_help_take_a_hostile_paste_as_inert_text)
{
    start_hostile();
    keys("/");
    cr_assert_eq(tmux_paste(tui, hostile_paste), 0);
    assert_shows("/PWNED]0;PWNED-PASTE");
    char line[512];
    tmux_last_row(tui, line, sizeof line);
    cr_assert(strstr(line, "PWNED-PASTE"), "still in the prompt, not accepted: %s", line);
    escape_then("/PWNED]0;");
    keys(":");
    cr_assert_eq(tmux_paste(tui, hostile_paste), 0);
    assert_shows(":PWNED]0;PWNED-PASTE");
    keys("Enter");
    assert_shows("unknown command: PWNED]0;PWNED-PASTE");
    keys("?");
    assert_shows(" Keys: ");
    keys("/");
    cr_assert_eq(tmux_paste(tui, hostile_paste), 0);
    assert_shows("/PWNED]0;PWNED-PASTE");
    escape_then("/PWNED]0;");
    escape_then(" Keys: ");
    quit();
    assert_output_inert();
}

Test(e2e_hostile, a_mock_that_ignores_offset_is_not_paged_forever)
{
    /* From the start, so the name caches' walks meet it too. */
    start_hostile_with(&(struct mock_faults){.ignore_offset = true});
    keys("3");
    assert_shows("100 loaded");
    /* The name cache's walk says so as well, as "names of tags: ...". */
    keys("G");
    assert_shows("! tags: stopped: the server sent no new tags (it may ignore offset)");
    assert_gone("loading");
    keys("g");
    keys("G");
    quit();
    /* Ten thousand tags a hundred a page: an unguarded walk would never
     * end, a guarded one asks a page or two past the first. */
    unsigned long asked = mock_server_requests(mock);
    cr_assert_leq(asked, 20, "a handful of requests, not a flood: %lu", asked);
    assert_output_inert();
}
