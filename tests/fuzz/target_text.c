/* Untrusted text made safe and measured (app/text.h): the input is any
 * bytes, as a server's name or subject could be, fitted and wrapped at a
 * range of widths.
 *
 * Properties: what text_fit writes is strict UTF-8 with no C0 or C1
 * control, DEL, bidi control, joiner or variation selector in it; it
 * takes the cells text_fit says, both by text_width and by adding up
 * wcwidth over its characters (what curses counts), never more than the
 * width; it is a prefix of the whole rendering, with `…` last when the
 * text did not fit. A wrapped line is at least one character, stops at a
 * newline, fits unless it is that one character, and leaves nothing that
 * would still have fitted; a word-wrapped line is no longer and ends
 * after a space when shorter. Stepping by text_char_len ends at the end. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app/text.h"

static bool is_forbidden(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c ||
           cp == 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

/* Cells of safe text as curses would count them: wcwidth per character. */
static int wcwidth_cells(const char *s)
{
    int cells = 0;
    uint32_t cp;
    for (size_t n; *s; s += n) {
        n = text_utf8_decode((const unsigned char *)s, &cp);
        FUZZ_CHECK(n > 0, "invalid UTF-8 in safe text at \"%.16s\"", s);
        FUZZ_CHECK(!is_forbidden(cp), "U+%04X in safe text", (unsigned)cp);
        int w = wcwidth((wchar_t)cp);
        FUZZ_CHECK(w >= 0, "U+%04X, unprintable, in safe text", (unsigned)cp);
        cells += w;
    }
    return cells;
}

static bool ends_with_ellipsis(const char *s, size_t len)
{
    size_t e = strlen(TEXT_ELLIPSIS);
    return len >= e && memcmp(s + len - e, TEXT_ELLIPSIS, e) == 0;
}

static void check_fit(const char *s, int width, int whole_width, const char *whole)
{
    size_t size = TEXT_FIT_SIZE(width > 0 ? width : 0);
    char *dst = malloc(size);
    FUZZ_CHECK(dst, "out of memory");
    int cells = text_fit(s, width, dst, size);
    size_t len = strlen(dst);
    FUZZ_CHECK(len < size, "%zu bytes written into %zu", len, size);
    FUZZ_CHECK(cells >= 0 && cells <= (width > 0 ? width : 0), "%d cells at width %d", cells,
               width);
    FUZZ_CHECK(wcwidth_cells(dst) == cells, "wcwidth counts %d cells, text_fit said %d",
               wcwidth_cells(dst), cells);
    FUZZ_CHECK(text_width(dst) == cells, "text_width counts %d cells, text_fit said %d",
               text_width(dst), cells);
    bool ellipsis = ends_with_ellipsis(dst, len);
    if (width > 0 && whole_width > width)
        FUZZ_CHECK(ellipsis, "%d cells cut to %d without an ellipsis", whole_width, width);
    if (whole_width <= width && !ellipsis)
        FUZZ_CHECK(cells == whole_width, "%d cells fit in %d, but %d were written", whole_width,
                   width, cells);
    size_t kept = ellipsis ? len - strlen(TEXT_ELLIPSIS) : len;
    FUZZ_CHECK(strncmp(dst, whole, kept) == 0, "at width %d, \"%s\" is not a prefix of \"%s\"",
               width, dst, whole);
    free(dst);
}

static void check_wrap(const char *s, int width)
{
    size_t n = strlen(s);
    size_t o = text_wrap_len(s, width);
    size_t first = text_wrap_len(s, 0);
    FUZZ_CHECK(o <= n, "wrapped %zu bytes of %zu", o, n);
    FUZZ_CHECK(!memchr(s, '\n', o), "a wrapped line runs past a newline");
    FUZZ_CHECK(o > 0 || !*s || *s == '\n', "an empty line at width %d", width);
    int cells = text_width_n(s, o);
    FUZZ_CHECK(cells <= width || o == first, "%d cells in a line of width %d", cells, width);
    if (s[o] && s[o] != '\n') {
        size_t next = text_wrap_len(s + o, 0);
        FUZZ_CHECK(cells + text_width_n(s + o, next) > width,
                   "the next %zu bytes would still fit in width %d", next, width);
    }
    size_t words = text_word_wrap_len(s, width);
    FUZZ_CHECK(words <= o && (words > 0 || o == 0), "word wrap %zu, wrap %zu", words, o);
    FUZZ_CHECK(words == o || s[words - 1] == ' ', "a word-wrapped line ends inside a word");
}

static void check_steps(const char *s)
{
    size_t at = 0, n = strlen(s);
    while (s[at]) {
        size_t step = text_char_len(s + at);
        FUZZ_CHECK(step > 0 && at + step <= n, "a step of %zu at byte %zu of %zu", step, at, n);
        at += step;
    }
    FUZZ_CHECK(text_char_len(s + at) == 0, "a step past the end");
}

int fuzz_text(const uint8_t *data, size_t size)
{
    fuzz_utf8_locale();
    char *s = fuzz_string(data, size);
    int whole_width = text_width(s);
    FUZZ_CHECK(whole_width >= 0 && text_width_n(s, strlen(s)) == whole_width,
               "text_width %d, text_width_n %d", whole_width, text_width_n(s, strlen(s)));
    /* The whole rendering: every input byte renders to at most 8. */
    size_t whole_size = 8 * strlen(s) + 16;
    char *whole = malloc(whole_size);
    FUZZ_CHECK(whole, "out of memory");
    int cells = text_fit(s, whole_width > 0 ? whole_width : 1, whole, whole_size);
    FUZZ_CHECK(cells == whole_width, "the whole text takes %d cells, not %d", cells, whole_width);
    const int widths[] = {-1,
                          0,
                          1,
                          2,
                          3,
                          4,
                          5,
                          8,
                          20,
                          80,
                          whole_width / 2,
                          whole_width - 1,
                          whole_width,
                          whole_width + 1};
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        check_fit(s, widths[i], whole_width, whole);
        /* Lines are at least a cell wide. */
        if (widths[i] > 0)
            check_wrap(s, widths[i]);
    }
    check_steps(s);
    FUZZ_CHECK(text_contains(s, s) && text_contains(s, s + strlen(s) / 2),
               "text_contains misses the text in itself");
    free(whole);
    free(s);
    return 0;
}
