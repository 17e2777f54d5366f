#include "vt.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app/text.h"

/* The right half of a wide character. */
#define VT_WIDE       0xffffffffu
#define VT_MAX_PARAMS 16

enum vt_state { GROUND, ESCAPE, ESCAPE_SKIP, CSI, STRING, STRING_ESC };

struct vt {
    int rows, cols;
    uint32_t *cell; /* rows * cols code points */
    int y, x;
    int top, bottom; /* the scroll region, inclusive */
    bool wrap_pending, insert;
    int saved_y, saved_x;
    uint32_t last; /* the last character drawn, for REP */
    enum vt_state state;
    uint32_t cp; /* a UTF-8 character being read */
    int need;
    int param[VT_MAX_PARAMS];
    int n_param;
    bool have_digit;
    char marker; /* '?', '>', ... after CSI, or 0 */
    char inter;  /* an intermediate byte, or 0 */
    char reply[256];
    size_t reply_len;
};

struct vt *vt_new(int rows, int cols)
{
    struct vt *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->cell = malloc(sizeof *v->cell * (size_t)rows * (size_t)cols);
    if (!v->cell) {
        free(v);
        return NULL;
    }
    v->rows = rows;
    v->cols = cols;
    v->bottom = rows - 1;
    for (size_t i = 0; i < (size_t)rows * (size_t)cols; i++)
        v->cell[i] = ' ';
    return v;
}

void vt_free(struct vt *v)
{
    if (!v)
        return;
    free(v->cell);
    free(v);
}

int vt_rows(const struct vt *v)
{
    return v->rows;
}

static uint32_t *at(struct vt *v, int y, int x)
{
    return &v->cell[(size_t)y * (size_t)v->cols + (size_t)x];
}

static int clamp(int n, int lo, int hi)
{
    return n < lo ? lo : n > hi ? hi : n;
}

static void blank(struct vt *v, int y, int x0, int x1)
{
    for (int x = x0; x < x1; x++)
        *at(v, y, x) = ' ';
}

/* Lines [from, to] move up by n; the freed ones at the bottom are blank. */
static void scroll_up(struct vt *v, int from, int to, int n)
{
    if (from > to)
        return;
    n = clamp(n, 0, to - from + 1);
    size_t row = (size_t)v->cols * sizeof *v->cell;
    memmove(at(v, from, 0), at(v, from + n, 0), row * (size_t)(to - from + 1 - n));
    for (int y = to - n + 1; y <= to; y++)
        blank(v, y, 0, v->cols);
}

static void scroll_down(struct vt *v, int from, int to, int n)
{
    if (from > to)
        return;
    n = clamp(n, 0, to - from + 1);
    size_t row = (size_t)v->cols * sizeof *v->cell;
    memmove(at(v, from + n, 0), at(v, from, 0), row * (size_t)(to - from + 1 - n));
    for (int y = from; y < from + n; y++)
        blank(v, y, 0, v->cols);
}

static void linefeed(struct vt *v)
{
    if (v->y == v->bottom)
        scroll_up(v, v->top, v->bottom, 1);
    else if (v->y < v->rows - 1)
        v->y++;
}

static void reverse_index(struct vt *v)
{
    if (v->y == v->top)
        scroll_down(v, v->top, v->bottom, 1);
    else if (v->y > 0)
        v->y--;
}

static void move_to(struct vt *v, int y, int x)
{
    v->y = clamp(y, 0, v->rows - 1);
    v->x = clamp(x, 0, v->cols - 1);
    v->wrap_pending = false;
}

/* Blanks what is left of a wide character whose other half is overwritten. */
static void split_wide(struct vt *v, int y, int x)
{
    if (x < 0 || x >= v->cols)
        return;
    if (*at(v, y, x) == VT_WIDE && x > 0)
        *at(v, y, x - 1) = ' ';
    else if (x + 1 < v->cols && *at(v, y, x + 1) == VT_WIDE)
        *at(v, y, x + 1) = ' ';
}

static void insert_blanks(struct vt *v, int n)
{
    n = clamp(n, 0, v->cols - v->x);
    uint32_t *row = at(v, v->y, 0);
    memmove(row + v->x + n, row + v->x, sizeof *row * (size_t)(v->cols - v->x - n));
    blank(v, v->y, v->x, v->x + n);
}

static void put(struct vt *v, uint32_t cp)
{
    int w = wcwidth((wchar_t)cp);
    if (w == 0)
        return; /* combining: stays with the character before */
    if (w < 0)
        w = 1;
    if (v->wrap_pending || (w == 2 && v->x == v->cols - 1)) {
        v->x = 0;
        linefeed(v);
        v->wrap_pending = false;
    }
    if (v->insert)
        insert_blanks(v, w);
    split_wide(v, v->y, v->x);
    if (w == 2)
        split_wide(v, v->y, v->x + 1);
    *at(v, v->y, v->x) = cp;
    if (w == 2)
        *at(v, v->y, v->x + 1) = VT_WIDE;
    v->x += w;
    if (v->x >= v->cols) {
        v->x = v->cols - 1;
        v->wrap_pending = true;
    }
    v->last = cp;
}

static void reply(struct vt *v, const char *text)
{
    size_t len = strlen(text);
    if (v->reply_len + len <= sizeof v->reply) {
        memcpy(v->reply + v->reply_len, text, len);
        v->reply_len += len;
    }
}

static void control(struct vt *v, unsigned char c)
{
    switch (c) {
    case '\r':
        v->x = 0;
        v->wrap_pending = false;
        break;
    case '\n':
    case '\v':
    case '\f':
        linefeed(v);
        v->wrap_pending = false;
        break;
    case '\b':
        if (v->x > 0)
            v->x--;
        v->wrap_pending = false;
        break;
    case '\t':
        v->x = clamp((v->x / 8 + 1) * 8, 0, v->cols - 1);
        v->wrap_pending = false;
        break;
    default:
        break; /* BEL, SO, SI, ...: nothing to the text */
    }
}

static int param(const struct vt *v, int i, int otherwise)
{
    return i < v->n_param && v->param[i] > 0 ? v->param[i] : otherwise;
}

static void erase_display(struct vt *v, int how)
{
    if (how == 0) {
        blank(v, v->y, v->x, v->cols);
        for (int y = v->y + 1; y < v->rows; y++)
            blank(v, y, 0, v->cols);
    } else if (how == 1) {
        for (int y = 0; y < v->y; y++)
            blank(v, y, 0, v->cols);
        blank(v, v->y, 0, v->x + 1);
    } else {
        for (int y = 0; y < v->rows; y++)
            blank(v, y, 0, v->cols);
    }
}

static void csi_private(struct vt *v, char final)
{
    /* DECSET 1049 and 47: the alternate screen starts blank. */
    if (v->marker == '?' && final == 'h')
        for (int i = 0; i < v->n_param; i++)
            if (v->param[i] == 1049 || v->param[i] == 47 || v->param[i] == 1047)
                erase_display(v, 2);
}

static void csi(struct vt *v, char final)
{
    if (v->marker || v->inter) {
        csi_private(v, final);
        return;
    }
    int n = param(v, 0, 1);
    char buf[64];
    switch (final) {
    case 'A':
        move_to(v, v->y - n, v->x);
        break;
    case 'B':
        move_to(v, v->y + n, v->x);
        break;
    case 'C':
        move_to(v, v->y, v->x + n);
        break;
    case 'D':
        move_to(v, v->y, v->x - n);
        break;
    case 'E':
        move_to(v, v->y + n, 0);
        break;
    case 'F':
        move_to(v, v->y - n, 0);
        break;
    case 'G':
    case '`':
        move_to(v, v->y, n - 1);
        break;
    case 'd':
        move_to(v, n - 1, v->x);
        break;
    case 'H':
    case 'f':
        move_to(v, param(v, 0, 1) - 1, param(v, 1, 1) - 1);
        break;
    case 'J':
        erase_display(v, v->n_param ? v->param[0] : 0);
        break;
    case 'K': {
        int how = v->n_param ? v->param[0] : 0;
        if (how == 0)
            blank(v, v->y, v->x, v->cols);
        else if (how == 1)
            blank(v, v->y, 0, v->x + 1);
        else
            blank(v, v->y, 0, v->cols);
        break;
    }
    case 'L':
        if (v->y >= v->top && v->y <= v->bottom)
            scroll_down(v, v->y, v->bottom, n);
        v->x = 0;
        v->wrap_pending = false;
        break;
    case 'M':
        if (v->y >= v->top && v->y <= v->bottom)
            scroll_up(v, v->y, v->bottom, n);
        v->x = 0;
        v->wrap_pending = false;
        break;
    case '@':
        insert_blanks(v, n);
        break;
    case 'P': {
        n = clamp(n, 0, v->cols - v->x);
        uint32_t *row = at(v, v->y, 0);
        memmove(row + v->x, row + v->x + n, sizeof *row * (size_t)(v->cols - v->x - n));
        blank(v, v->y, v->cols - n, v->cols);
        break;
    }
    case 'X':
        blank(v, v->y, v->x, clamp(v->x + n, 0, v->cols));
        break;
    case 'S':
        scroll_up(v, v->top, v->bottom, n);
        break;
    case 'T':
        scroll_down(v, v->top, v->bottom, n);
        break;
    case 'b':
        for (int i = 0; i < n && v->last; i++)
            put(v, v->last);
        break;
    case 'r': {
        int top = param(v, 0, 1) - 1, bottom = param(v, 1, v->rows) - 1;
        if (top < bottom && bottom < v->rows) {
            v->top = top;
            v->bottom = bottom;
        }
        move_to(v, 0, 0);
        break;
    }
    case 'h':
    case 'l':
        for (int i = 0; i < v->n_param; i++)
            if (v->param[i] == 4)
                v->insert = final == 'h';
        break;
    case 'n':
        if (param(v, 0, 0) == 6) {
            snprintf(buf, sizeof buf, "\033[%d;%dR", v->y + 1, v->x + 1);
            reply(v, buf);
        }
        break;
    case 'c':
        reply(v, "\033[?62;22c");
        break;
    case 's':
        v->saved_y = v->y;
        v->saved_x = v->x;
        break;
    case 'u':
        move_to(v, v->saved_y, v->saved_x);
        break;
    default:
        break; /* SGR, window operations, ...: nothing to the text */
    }
}

static void escape(struct vt *v, unsigned char c)
{
    v->state = GROUND;
    switch (c) {
    case '[':
        v->state = CSI;
        v->n_param = 0;
        v->have_digit = false;
        v->marker = v->inter = 0;
        memset(v->param, 0, sizeof v->param);
        break;
    case ']':
    case 'P':
    case '_':
    case '^':
    case 'X':
        v->state = STRING; /* OSC, DCS, APC, PM, SOS: skipped to their end */
        break;
    case '(':
    case ')':
    case '*':
    case '+':
    case '#':
    case '%':
        v->state = ESCAPE_SKIP; /* a charset or line size: one more byte */
        break;
    case '7':
        v->saved_y = v->y;
        v->saved_x = v->x;
        break;
    case '8':
        move_to(v, v->saved_y, v->saved_x);
        break;
    case 'M':
        reverse_index(v);
        break;
    case 'D':
        linefeed(v);
        break;
    case 'E':
        v->x = 0;
        linefeed(v);
        break;
    case 'c':
        erase_display(v, 2);
        v->top = 0;
        v->bottom = v->rows - 1;
        v->insert = false;
        move_to(v, 0, 0);
        break;
    default:
        break; /* keypad modes, tab stops: nothing to the text */
    }
}

static void csi_byte(struct vt *v, unsigned char c)
{
    if (c >= '0' && c <= '9') {
        if (v->n_param == 0)
            v->n_param = 1;
        int *p = &v->param[v->n_param - 1];
        if (*p < 100000)
            *p = *p * 10 + (c - '0');
    } else if (c == ';' || c == ':') {
        if (v->n_param == 0)
            v->n_param = 1;
        if (v->n_param < VT_MAX_PARAMS)
            v->param[v->n_param++] = 0;
    } else if (c >= 0x3c && c <= 0x3f) {
        v->marker = (char)c;
    } else if (c >= 0x20 && c <= 0x2f) {
        v->inter = (char)c;
    } else if (c >= 0x40 && c <= 0x7e) {
        v->state = GROUND;
        csi(v, (char)c);
    } else if (c == 0x1b) {
        v->state = ESCAPE;
    } else if (c < 0x20) {
        control(v, c);
    } else {
        v->state = GROUND; /* malformed: dropped */
    }
}

/* A UTF-8 lead byte: how many continuation bytes follow, and its bits. */
static void start_utf8(struct vt *v, unsigned char c)
{
    v->need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    v->cp = c & (0x3f >> v->need);
}

static void ground_byte(struct vt *v, unsigned char c)
{
    if (v->need) {
        if ((c & 0xc0) == 0x80) {
            v->cp = (v->cp << 6) | (c & 0x3f);
            if (--v->need == 0)
                put(v, v->cp);
            return;
        }
        v->need = 0;
        put(v, 0xfffd);
    }
    if (c == 0x1b)
        v->state = ESCAPE;
    else if (c < 0x20 || c == 0x7f)
        control(v, c);
    else if (c < 0x80)
        put(v, c);
    else if (c < 0xc0 || c >= 0xf8)
        put(v, 0xfffd); /* a stray continuation byte, or no UTF-8 at all */
    else
        start_utf8(v, c);
}

void vt_feed(struct vt *v, const char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)bytes[i];
        switch (v->state) {
        case GROUND:
            ground_byte(v, c);
            break;
        case ESCAPE:
            escape(v, c);
            break;
        case ESCAPE_SKIP:
            v->state = GROUND;
            break;
        case CSI:
            csi_byte(v, c);
            break;
        case STRING:
            if (c == 0x07)
                v->state = GROUND;
            else if (c == 0x1b)
                v->state = STRING_ESC;
            break;
        case STRING_ESC:
            v->state = c == '\\' ? GROUND : STRING;
            break;
        }
    }
}

const char *vt_replies(const struct vt *v, size_t *n)
{
    *n = v->reply_len;
    return v->reply;
}

void vt_replies_clear(struct vt *v)
{
    v->reply_len = 0;
}

char *vt_row_text(const struct vt *v, int r, char *out, size_t n)
{
    size_t len = 0, kept = 0;
    for (int x = 0; x < v->cols; x++) {
        uint32_t cp = v->cell[(size_t)r * (size_t)v->cols + (size_t)x];
        if (cp == VT_WIDE)
            continue;
        char b[4];
        size_t k = text_utf8_encode(cp, b);
        if (len + k + 1 > n)
            break;
        memcpy(out + len, b, k);
        len += k;
        if (cp != ' ')
            kept = len;
    }
    out[kept] = '\0';
    return out;
}

int vt_find(const struct vt *v, const char *text)
{
    size_t n = (size_t)v->cols * 4 + 1;
    char *row = malloc(n);
    if (!row)
        return -1;
    int found = -1;
    for (int r = 0; r < v->rows && found < 0; r++)
        if (strstr(vt_row_text(v, r, row, n), text))
            found = r;
    free(row);
    return found;
}
