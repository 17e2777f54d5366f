#define _XOPEN_SOURCE 700
#include "app/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

size_t text_utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        len = 2, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3, v = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

size_t text_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

bool text_is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
           cp == 0x200f || cp == 0x061c;
}

/* U+FE0F VARIATION SELECTOR-16: show the character before as an emoji. */
#define VS16 "\xef\xb8\x8f"

/* Variation selectors choose how the character before them looks. */
static bool is_selector(uint32_t cp)
{
    return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

/* U+200D ZERO WIDTH JOINER, as in 👩‍💻 (woman, joiner, laptop). */
#define ZWJ 0x200d

/* Zero-width space and non-joiner: no cell of their own, whatever
 * wcwidth says. */
static bool is_zero_width(uint32_t cp)
{
    return cp == 0x200b || cp == 0x200c;
}

/* The safe rendering of one character of s: its bytes into piece (at
 * most 8), its cells, and how many source bytes it used. */
struct piece {
    char bytes[8];
    size_t len;
    int cells;
};

static size_t next_piece(const char *s, struct piece *p)
{
    uint32_t cp = 0;
    size_t used = text_utf8_decode((const unsigned char *)s, &cp);
    static const char replacement[] = "\xef\xbf\xbd";
    bool plain = false; /* the character stands for itself */
    if (used == 0) {
        memcpy(p->bytes, replacement, 3);
        p->len = 3, p->cells = 1;
        return 1;
    }
    if (cp < 0x20 || cp == 0x7f) {
        p->bytes[0] = '^';
        p->bytes[1] = (char)(cp ^ 0x40);
        p->len = 2, p->cells = 2;
    } else if (cp >= 0x80 && cp < 0xa0) {
        p->len = (size_t)snprintf(p->bytes, sizeof p->bytes, "<%02x>", (unsigned)cp);
        p->cells = 4;
    } else if (is_selector(cp)) {
        /* A selector with no character of its own before it (absorbed
         * below otherwise) would restyle whatever the terminal drew
         * last, perhaps the cell before the column: dropped. */
        p->len = 0, p->cells = 0;
    } else if (cp == ZWJ) {
        /* Dropped, leaving the parts side by side (👩💻), as Unicode shows
         * a sequence no font joins. Joined, terminals disagree on its
         * width: tmux and the emoji-aware ones draw one wide glyph (tmux
         * even pulls any non-ASCII character after a joiner into the cell
         * before it), others draw each part, and curses, going by
         * wcwidth, moves on by the parts, so the rest of the line would
         * shift in some of them. Apart, every one counts the same. */
        p->len = 0, p->cells = 0;
    } else if (is_zero_width(cp)) {
        memcpy(p->bytes, s, used);
        p->len = used, p->cells = 0;
    } else if (cp < 0x80) {
        p->bytes[0] = (char)cp;
        p->len = 1, p->cells = 1;
        plain = true;
    } else {
        int w = wcwidth((wchar_t)cp);
        if (w < 0 || text_is_bidi_control(cp)) {
            memcpy(p->bytes, replacement, 3);
            p->len = 3, p->cells = 1;
        } else {
            memcpy(p->bytes, s, used);
            p->len = used, p->cells = w;
            plain = w > 0;
        }
    }
    if (plain && strncmp(s + used, VS16, sizeof VS16 - 1) == 0) {
        /* Emoji presentation: "☀️" takes two cells. Terminals disagree on
         * it (tmux, kitty and iTerm2 widen the sun, xterm and VTE do not)
         * and curses, going by wcwidth, counts one, so sent as is it
         * would shift the rest of the line in some of them. Drawn as the
         * character and a blank cell instead, it takes two everywhere. */
        if (p->cells == 1)
            p->bytes[p->len++] = ' ';
        p->cells = 2;
        used += sizeof VS16 - 1;
    }
    return used;
}

int text_width(const char *s)
{
    int cells = 0;
    struct piece p;
    while (s && *s) {
        s += next_piece(s, &p);
        cells += p.cells;
    }
    return cells;
}

static bool is_mark(uint32_t cp)
{
    return cp >= 0x300 && wcwidth((wchar_t)cp) == 0;
}

size_t text_char_len(const char *s)
{
    uint32_t cp;
    if (!*s)
        return 0;
    size_t n = text_utf8_decode((const unsigned char *)s, &cp);
    if (n == 0)
        return 1;
    for (;;) {
        size_t m = text_utf8_decode((const unsigned char *)s + n, &cp);
        if (m == 0 || !is_mark(cp))
            return n;
        n += m;
    }
}

int text_width_n(const char *s, size_t n)
{
    int cells = 0;
    struct piece p;
    for (size_t o = 0; o < n && s[o];) {
        o += next_piece(s + o, &p);
        cells += p.cells;
    }
    return cells;
}

/* A curses cell holds a character and at most four zero-width ones
 * drawn over it (CCHARW_MAX is 5); curses drops any more, so they are
 * dropped here before they take room from the characters after them. */
#define MARKS_PER_CELL 4

int text_fit(const char *s, int width, char *dst, size_t dst_size)
{
    if (dst_size == 0)
        return 0;
    dst[0] = '\0';
    if (width <= 0 || dst_size < 4 + sizeof TEXT_ELLIPSIS)
        return 0;
    bool fits = text_width(s) <= width;
    int limit = fits ? width : width - 1;
    /* Keep room for the ellipsis and the NUL whatever happens. */
    size_t room = dst_size - sizeof TEXT_ELLIPSIS;
    size_t out = 0;
    int cells = 0;
    bool cut = !fits;
    int marks = 0; /* zero-width pieces on the cell last written */
    struct piece p;
    while (s && *s) {
        size_t used = next_piece(s, &p);
        marks = p.cells > 0 ? 0 : marks + (p.len > 0);
        if (marks > MARKS_PER_CELL) {
            s += used;
            continue;
        }
        if (cells + p.cells > limit) {
            cut = true;
            break;
        }
        if (out + p.len >= room) {
            cut = true;
            if (p.cells == 0) {
                s += used; /* an excess combining mark: drop it */
                continue;
            }
            break;
        }
        memcpy(dst + out, p.bytes, p.len);
        out += p.len;
        cells += p.cells;
        s += used;
    }
    if (cut && cells < width) {
        memcpy(dst + out, TEXT_ELLIPSIS, sizeof TEXT_ELLIPSIS - 1);
        out += sizeof TEXT_ELLIPSIS - 1;
        cells++;
    }
    dst[out] = '\0';
    return cells;
}

size_t text_wrap_len(const char *s, int width)
{
    size_t o = 0;
    int cells = 0;
    struct piece p;
    while (s[o] && s[o] != '\n') {
        size_t used = next_piece(s + o, &p);
        if (cells + p.cells > width && o > 0)
            break;
        cells += p.cells;
        o += used;
    }
    return o;
}

size_t text_word_wrap_len(const char *s, int width)
{
    size_t o = text_wrap_len(s, width);
    if (s[o] == '\0' || s[o] == '\n' || s[o] == ' ')
        return o;
    size_t space = o;
    while (space > 0 && s[space - 1] != ' ')
        space--;
    return space > 0 ? space : o;
}

static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool text_contains(const char *haystack, const char *needle)
{
    if (!needle || !*needle)
        return true;
    if (!haystack)
        return false;
    char first = ascii_lower(needle[0]);
    for (const char *h = haystack; *h; h++) {
        if (ascii_lower(*h) != first)
            continue;
        size_t i = 1;
        while (needle[i] && ascii_lower(h[i]) == ascii_lower(needle[i]))
            i++;
        if (!needle[i])
            return true;
    }
    return false;
}

char *text_thousands(int64_t v, char buf[32])
{
    char digits[24];
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
    size_t o = 0;
    if (v < 0)
        buf[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static bool parse_digits(const char **s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*s)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *s += n;
    *out = v;
    return true;
}

int text_local_time(const char *s, char *buf, size_t n)
{
    if (!s)
        return -1;
    struct tm tm = {0};
    int year, mon, day, hour, min, sec = 0;
    const char *p = s;
    if (!parse_digits(&p, 4, &year) || *p++ != '-' || !parse_digits(&p, 2, &mon) || *p++ != '-' ||
        !parse_digits(&p, 2, &day) || (*p != 'T' && *p != ' '))
        return -1;
    p++;
    if (!parse_digits(&p, 2, &hour) || *p++ != ':' || !parse_digits(&p, 2, &min))
        return -1;
    if (*p == ':' && (p++, !parse_digits(&p, 2, &sec)))
        return -1;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    long offset = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
        if (!parse_digits(&p, 2, &oh))
            return -1;
        if (*p == ':')
            p++;
        if (*p && !parse_digits(&p, 2, &om))
            return -1;
        offset = sign * (oh * 3600L + om * 60L);
    }
    if (*p || mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
        return -1;
    tm.tm_year = year - 1900, tm.tm_mon = mon - 1, tm.tm_mday = day;
    tm.tm_hour = hour, tm.tm_min = min, tm.tm_sec = sec;
    time_t t = timegm(&tm) - offset;
    struct tm local;
    if (!localtime_r(&t, &local) || strftime(buf, n, "%Y-%m-%d %H:%M", &local) == 0)
        return -1;
    return 0;
}

int text_bar(double value, double max, int width, bool unicode, char *dst, size_t dst_size)
{
    static const char *const eighths[] = {"",
                                          "\xe2\x96\x8f",
                                          "\xe2\x96\x8e",
                                          "\xe2\x96\x8d",
                                          "\xe2\x96\x8c",
                                          "\xe2\x96\x8b",
                                          "\xe2\x96\x8a",
                                          "\xe2\x96\x89"};
    static const char full[] = "\xe2\x96\x88";
    dst[0] = '\0';
    if (width <= 0 || max <= 0 || value <= 0 || dst_size < TEXT_FIT_SIZE(width))
        return 0;
    double frac = value > max ? 1.0 : value / max;
    long units = (long)(frac * width * 8 + 0.5);
    if (units == 0)
        units = 1; /* anything above zero stays visible */
    size_t o = 0;
    int cells = 0;
    for (; units >= 8; units -= 8, cells++) {
        memcpy(dst + o, unicode ? full : "#", unicode ? 3 : 1);
        o += unicode ? 3 : 1;
    }
    if (units > 0) {
        const char *part = unicode ? eighths[units] : (units >= 4 ? "#" : "");
        size_t len = strlen(part);
        memcpy(dst + o, part, len);
        o += len;
        cells += len > 0;
    }
    if (cells == 0 && !unicode) {
        dst[o++] = '|';
        cells = 1;
    }
    dst[o] = '\0';
    return cells;
}

char *text_base64(const void *data, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *in = data;
    char *out = malloc((len + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? alphabet[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}
