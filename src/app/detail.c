#include "app/detail.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/enums.h"
#include "app/names.h"
#include "app/text.h"

static int add(struct detail_lines *l, enum detail_style style, const char *label,
               const char *value, size_t len)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct detail_line *items = realloc(l->items, cap * sizeof *items);
        if (!items)
            return -1;
        l->items = items;
        l->cap = cap;
    }
    char *copy = strndup(value ? value : "", len);
    if (!copy)
        return -1;
    l->items[l->len++] = (struct detail_line){style, label, copy, 0, 0, "", -1, NULL};
    return 0;
}

static int add_text(struct detail_lines *l, enum detail_style style, const char *label,
                    const char *value)
{
    return add(l, style, label, value, value ? strlen(value) : 0);
}

/* "… 12 more lines: o shows them" after what a fold hides. */
static int add_fold_hint(struct detail_lines *l, size_t hidden)
{
    char hint[128];
    snprintf(hint, sizeof hint, "%s %zu more lines%s%s%s", TEXT_ELLIPSIS, hidden,
             l->expand_key ? ": " : "", l->expand_key ? l->expand_key : "",
             l->expand_key ? " shows them" : "");
    return add_text(l, DETAIL_HINT, NULL, hint);
}

/* A long value wrapped at word boundaries, folded after DETAIL_FOLD_LINES
 * unless expanded. A line broken between words starts at the next word,
 * so no line begins with the blank it was broken at. */
static int add_long(struct detail_lines *l, enum detail_style style, const char *label,
                    const char *value, int width, bool expanded)
{
    size_t shown = 0, total = 0;
    const char *p = value;
    while (*p) {
        size_t len = text_word_wrap_len(p, width);
        if (expanded || shown < DETAIL_FOLD_LINES) {
            if (add(l, style, shown ? NULL : label, p, len) != 0)
                return -1;
            shown++;
        }
        total++;
        p += len;
        if (*p == '\n')
            p++;
        else
            p += strspn(p, " ");
    }
    return total > shown ? add_fold_hint(l, total - shown) : 0;
}

/* An id shown by its name when known: "Newsletter", else the id. */
static const char *named(const struct names *names, const char *id)
{
    const char *name = names_get(names, id);
    return name && *name ? name : id;
}

/* A list of ids (lists, tags), one a line by name, so the cursor can
 * stand on one of them; folded as long values are. */
static int add_strings(struct detail_lines *l, const char *label, const struct sendx_strv *v,
                       const struct names *names, bool expanded)
{
    if (v->len == 0)
        return add_text(l, DETAIL_FIELD, label, "none");
    size_t shown = expanded || v->len <= DETAIL_FOLD_LINES ? v->len : DETAIL_FOLD_LINES;
    for (size_t i = 0; i < shown; i++) {
        const char *id = v->items[i] ? v->items[i] : "";
        if (add_text(l, DETAIL_FIELD, i ? NULL : label, named(names, id)) != 0)
            return -1;
        l->items[l->len - 1].raw = id;
    }
    return shown < v->len ? add_fold_hint(l, v->len - shown) : 0;
}

static int add_map(struct detail_lines *l, const char *label, const struct sendx_map *m,
                   const struct names *names)
{
    if (m->len == 0)
        return add_text(l, DETAIL_FIELD, label, "none");
    for (size_t i = 0; i < m->len; i++) {
        const char *key = named(names, m->items[i].key ? m->items[i].key : "");
        const char *value = m->items[i].value ? m->items[i].value : "";
        size_t size = strlen(key) + strlen(value) + 3;
        char *line = malloc(size);
        if (!line)
            return -1;
        snprintf(line, size, "%s: %s", key, value);
        int rc = add_text(l, DETAIL_FIELD, i ? NULL : label, line);
        free(line);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* "unreadable: <what the server sent>", a heap string, or NULL if out of
 * memory. The raw text is shown as it came, never resolved as an id. */
static char *unreadable_text(const char *raw)
{
    static const char prefix[] = "unreadable: ";
    size_t size = sizeof prefix + strlen(raw);
    char *text = malloc(size);
    if (text)
        snprintf(text, size, "%s%s", prefix, raw);
    return text;
}

/* A field the server sent but that could not be read: muted, so it does
 * not pass for a value, with the raw text so people can see why. */
static int add_unreadable(struct detail_lines *l, const char *label, const char *raw, int width,
                          bool expanded)
{
    char *text = unreadable_text(raw);
    if (!text)
        return -1;
    int rc = add_long(l, DETAIL_HINT, label, text, width, expanded);
    free(text);
    return rc;
}

/* HTML as text, in full: asking for the text is asking to read it. */
static int add_html_text(struct detail_lines *l, const char *html, int width)
{
    char *text = detail_html_text(html);
    if (!text)
        return -1;
    int rc = add_long(l, DETAIL_FIELD, "Text (from HTML)", text, width, true);
    free(text);
    return rc;
}

static int add_member(struct detail_lines *l, const struct app_detail *d, const struct names *names,
                      int width, unsigned i)
{
    const struct model_type *t = model_resource(d->kind)->type;
    const struct model_member *m = &t->members[i];
    const char *field = (const char *)d->record + m->offset;
    char buf[64];
    switch (m->type) {
    case CODEC_STRING: {
        const char *s = *(char *const *)field;
        if (!s)
            return 0;
        if (d->text_view && (int)i == detail_html_member(d->kind))
            return add_html_text(l, s, width);
        if (text_local_time(s, buf, sizeof buf - 8) == 0) {
            strcat(buf, " (local)");
            return add_text(l, DETAIL_FIELD, m->label, buf);
        }
        return add_long(l, DETAIL_FIELD, m->label, named(names, s), width, d->expanded);
    }
    case CODEC_INT: {
        int64_t v = *(const int64_t *)field;
        const char *meaning = enums_meaning(d->kind, i, v);
        if (meaning)
            return add_text(l, DETAIL_FIELD, m->label, meaning);
        return add_text(l, DETAIL_FIELD, m->label, text_thousands(v, buf));
    }
    case CODEC_BOOL:
        return add_text(l, DETAIL_FIELD, m->label, *(const bool *)field ? "yes" : "no");
    case CODEC_STRINGS:
        return add_strings(l, m->label, (const struct sendx_strv *)field, names, d->expanded);
    case CODEC_MAP:
        return add_map(l, m->label, (const struct sendx_map *)field, names);
    case CODEC_OBJECTS:
        return 0;
    }
    return 0;
}

static int add_bar(struct detail_lines *l, const struct app_detail *d, int width, const char *label,
                   unsigned member, bool share)
{
    const struct sendx_report *r = &d->report;
    const char *raw = codec_unreadable_raw(r, member);
    if (raw)
        return add_unreadable(l, label, raw, width, d->expanded);
    if (!codec_is_set(r, member))
        return 0; /* not counted by this server: no made-up zero */
    int64_t value = *(const int64_t *)((const char *)r + model_report_type.members[member].offset);
    char count[32];
    if (add_text(l, DETAIL_BAR, label, text_thousands(value, count)) != 0)
        return -1;
    struct detail_line *line = &l->items[l->len - 1];
    line->bar_value = value;
    line->bar_max = r->sent;
    if (share && r->sent > 0)
        snprintf(line->share, sizeof line->share, "%.1f%%",
                 100.0 * (double)value / (double)r->sent);
    return 0;
}

/* A link whose URL or count could not be read: one muted line saying
 * which, with what the server sent. */
static int add_bad_link(struct detail_lines *l, const char *label, const struct sendx_link_stat *s,
                        int width, bool expanded)
{
    const char *url_raw = codec_unreadable_raw(s, SENDX_LINK_STAT_URL);
    const char *count_raw = codec_unreadable_raw(s, SENDX_LINK_STAT_COUNT);
    char count[32];
    char *url = url_raw ? unreadable_text(url_raw) : strdup(s->url ? s->url : "");
    char *clicks = count_raw ? unreadable_text(count_raw) : strdup(text_thousands(s->count, count));
    size_t size = (url ? strlen(url) : 0) + (clicks ? strlen(clicks) : 0) + sizeof " (clicks: )";
    char *text = url && clicks ? malloc(size) : NULL;
    int rc = -1;
    if (text) {
        snprintf(text, size, "%s (clicks: %s)", url, clicks);
        rc = add_long(l, DETAIL_HINT, label, text, width, expanded);
    }
    free(text);
    free(url);
    free(clicks);
    return rc;
}

/* Each link's clicks, all of them: a person who clicks twice, or clicks
 * two links, counts each time, so they add up to more than the people
 * who clicked. */
static int add_links(struct detail_lines *l, const struct app_detail *d, int width)
{
    const struct sendx_report *r = &d->report;
    const char *raw = codec_unreadable_raw(r, SENDX_REPORT_LINK_STATS);
    if (raw)
        return add_unreadable(l, "Link clicks", raw, width, d->expanded);
    if (r->link_stats.len == 0)
        return 0;
    if (add_text(l, DETAIL_HEADING, NULL, "Link clicks (total)") != 0)
        return -1;
    const struct model_type *lt = &model_link_stat_type;
    for (size_t i = 0; i < r->link_stats.len; i++) {
        const struct sendx_link_stat *s =
            (const struct sendx_link_stat *)((const char *)r->link_stats.items + i * lt->size);
        if (codec_unreadable_count(s) > 0) {
            if (add_bad_link(l, NULL, s, width, d->expanded) != 0)
                return -1;
            continue;
        }
        if (add_text(l, DETAIL_LINK, NULL, s->url) != 0)
            return -1;
        l->items[l->len - 1].bar_value = s->count;
    }
    return 0;
}

/* The report's bars, in order; shares are of the sent, and only of
 * people: a total counts a person each time, so its share of the sent
 * would mean nothing (and can pass 100%). */
static const struct {
    const char *label;
    unsigned member;
    bool share;
} report_bars[] = {
    {"Sent", SENDX_REPORT_SENT, false},
    {"Opens (total)", SENDX_REPORT_OPENED, false},
    {"Opened (people)", SENDX_REPORT_OPENED_UNIQUE, true},
    {"Clicks (total)", SENDX_REPORT_CLICKED, false},
    {"Clicked (people)", SENDX_REPORT_CLICKED_UNIQUE, true},
    {"Bounced", SENDX_REPORT_BOUNCED, true},
    {"Unsubscribed", SENDX_REPORT_UNSUBSCRIBED, true},
    {"Spam", SENDX_REPORT_SPAM, true},
};

/* The report's numbers, or a note on why there are none. */
static int add_report_body(struct detail_lines *l, const struct app_detail *d, int width)
{
    if (d->report_error)
        return add_text(l, DETAIL_HINT, NULL, d->report_error);
    if (!d->has_report)
        return add_text(l, DETAIL_HINT, NULL, "loading the report" TEXT_ELLIPSIS);
    /* An unreadable sent count is not a campaign never sent. */
    if (d->report.sent <= 0 && !codec_unreadable_raw(&d->report, SENDX_REPORT_SENT))
        return add_text(l, DETAIL_HINT, NULL, "not sent yet: no numbers");
    for (size_t i = 0; i < sizeof report_bars / sizeof report_bars[0]; i++)
        if (add_bar(l, d, width, report_bars[i].label, report_bars[i].member,
                    report_bars[i].share) != 0)
            return -1;
    return add_links(l, d, width);
}

static int add_report(struct detail_lines *l, const struct app_detail *d, int width)
{
    if (add_text(l, DETAIL_HEADING, NULL, "Report") != 0 || add_report_body(l, d, width) != 0)
        return -1;
    return add_text(l, DETAIL_HEADING, NULL, "Campaign");
}

/* Lines [from, len) show member i of d's record: say so, with its raw
 * text where it is one string (a list's items carry their own). */
static void mark_member(struct detail_lines *l, size_t from, const struct app_detail *d, unsigned i)
{
    const struct model_member *m = &model_resource(d->kind)->type->members[i];
    const char *whole = NULL;
    if (m->type == CODEC_STRING && !codec_unreadable_raw(d->record, i))
        whole = *(char *const *)((const char *)d->record + m->offset);
    for (size_t k = from; k < l->len; k++) {
        l->items[k].member = (int)i;
        if (!l->items[k].raw && l->items[k].style != DETAIL_HINT)
            l->items[k].raw = whole;
    }
}

int detail_build(const struct app_detail *d, const struct names *names, int width,
                 const char *expand_key, struct detail_lines *out)
{
    memset(out, 0, sizeof *out);
    out->expand_key = expand_key;
    if (!d->record)
        return 0;
    if (width < 10)
        width = 10;
    if (d->kind == SENDX_KIND_CAMPAIGN && add_report(out, d, width) != 0)
        return -1;
    const struct model_resource *r = model_resource(d->kind);
    for (unsigned i = 0; i < r->type->n_members; i++) {
        if (i == r->id_member)
            continue;
        const char *raw = codec_unreadable_raw(d->record, i);
        size_t from = out->len;
        int rc = raw ? add_unreadable(out, r->type->members[i].label, raw, width, d->expanded)
                 : codec_is_set(d->record, i) ? add_member(out, d, names, width, i)
                                              : 0;
        if (rc != 0)
            return -1;
        mark_member(out, from, d, i);
    }
    return 0;
}

int detail_add_field(struct detail_lines *l, const char *label, const char *value)
{
    return add_text(l, DETAIL_FIELD, label, value);
}

void detail_lines_free(struct detail_lines *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i].value);
    free(l->items);
    memset(l, 0, sizeof *l);
}

int detail_html_member(enum sendx_kind kind)
{
    switch (kind) {
    case SENDX_KIND_TEMPLATE:
        return SENDX_TEMPLATE_HTML_CODE;
    case SENDX_KIND_CAMPAIGN:
        return SENDX_CAMPAIGN_HTML_CONTENT;
    default:
        return -1;
    }
}

/* ---- HTML as text ---- */

/* The text being made: out of memory once is out of memory for good. */
struct html_text {
    char *buf;
    size_t len, cap;
    bool failed;
    int breaks;   /* line ends wanted before the next text (2: a blank line) */
    bool space;   /* a blank wanted before the next text */
    char *href;   /* the open link's target, owned */
    char **links; /* the targets listed at the end, owned */
    size_t n_links;
};

static void put(struct html_text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *buf = realloc(t->buf, cap);
        if (!buf) {
            t->failed = true;
            return;
        }
        t->buf = buf;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

/* Visible text: the breaks and blank asked for before it come first,
 * never at the very start. */
static void put_visible(struct html_text *t, const char *s, size_t n)
{
    if (t->len > 0 && t->breaks > 0) {
        put(t, "\n\n", (size_t)t->breaks);
    } else if (t->len > 0 && t->space && t->buf[t->len - 1] != '\n') {
        put(t, " ", 1);
    }
    t->breaks = 0;
    t->space = false;
    put(t, s, n);
}

static void want_break(struct html_text *t, int n)
{
    if (n > t->breaks)
        t->breaks = n;
}

/* The entity at s ("&amp;", "&#233;", "&#x2014;") into out (4 bytes of
 * UTF-8 at most): its length in s, or 0 if it is not one we know. */
static size_t entity(const char *s, char out[4], size_t *out_len)
{
    static const struct {
        const char *name, *text;
    } named_entities[] = {
        {"&amp;", "&"},  {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
        {"&apos;", "'"}, {"&nbsp;", " "}, {"&#39;", "'"},
    };
    for (size_t i = 0; i < sizeof named_entities / sizeof named_entities[0]; i++) {
        size_t n = strlen(named_entities[i].name);
        if (strncasecmp(s, named_entities[i].name, n) == 0) {
            *out_len = strlen(named_entities[i].text);
            memcpy(out, named_entities[i].text, *out_len);
            return n;
        }
    }
    if (s[1] != '#')
        return 0;
    bool hex = s[2] == 'x' || s[2] == 'X';
    char *end;
    unsigned long cp = strtoul(s + (hex ? 3 : 2), &end, hex ? 16 : 10);
    if (*end != ';' || end == s + (hex ? 3 : 2) || cp > 0x10ffff)
        return 0;
    *out_len = text_utf8_encode((uint32_t)cp, out);
    return *out_len ? (size_t)(end + 1 - s) : 0;
}

/* s[0..n) with its entities decoded, as a heap string (NULL: no memory). */
static char *decoded_attr(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; out && i < n;) {
        char utf8[4];
        size_t len, used = s[i] == '&' ? entity(s + i, utf8, &len) : 0;
        if (used && i + used <= n) {
            memcpy(out + o, utf8, len);
            o += len;
            i += used;
        } else {
            out[o++] = s[i++];
        }
    }
    if (out)
        out[o] = '\0';
    return out;
}

/* The value of attribute name in a tag's text [s, end), or NULL. */
static char *attribute(const char *s, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = s; p + n < end; p++) {
        if (strncasecmp(p, name, n) != 0 || !strchr(" \t\r\n", p[-1]))
            continue;
        const char *v = p + n + strspn(p + n, " \t\r\n");
        if (*v != '=')
            continue;
        v++;
        v += strspn(v, " \t\r\n");
        char quote = *v == '"' || *v == '\'' ? *v++ : '\0';
        const char *stop = v;
        while (stop < end && (quote ? *stop != quote : !strchr(" \t\r\n>", *stop)))
            stop++;
        return decoded_attr(v, (size_t)(stop - v));
    }
    return NULL;
}

static bool tag_is(const char *name, size_t len, const char *const *set)
{
    for (; *set; set++)
        if (strlen(*set) == len && strncasecmp(name, *set, len) == 0)
            return true;
    return false;
}

/* A link closes: its text gets the number of its target in the list. */
static void close_link(struct html_text *t)
{
    if (!t->href)
        return;
    size_t i = 0;
    while (i < t->n_links && strcmp(t->links[i], t->href) != 0)
        i++;
    if (i == t->n_links) {
        char **links = realloc(t->links, (t->n_links + 1) * sizeof *links);
        if (!links) {
            t->failed = true;
            return;
        }
        t->links = links;
        t->links[t->n_links++] = t->href;
    } else {
        free(t->href);
    }
    t->href = NULL;
    char mark[32];
    int n = snprintf(mark, sizeof mark, "[%zu]", i + 1);
    t->space = true;
    put_visible(t, mark, (size_t)n);
}

/* The tag at s ('<'): what it does to the text. Returns where the text
 * goes on. */
static const char *tag(struct html_text *t, const char *s)
{
    static const char *const hidden[] = {"script", "style", "title", NULL};
    static const char *const paragraphs[] = {"p",  "h1", "h2",    "h3",         "h4", "h5", "h6",
                                             "ul", "ol", "table", "blockquote", "hr", NULL};
    static const char *const lines[] = {"br", "div", "li", "tr", "section", NULL};
    if (strncmp(s, "<!--", 4) == 0) {
        const char *end = strstr(s + 4, "-->");
        return end ? end + 3 : s + strlen(s);
    }
    bool closing = s[1] == '/';
    const char *name = s + 1 + closing;
    size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    const char *end = name + len;
    for (char quote = '\0'; *end && (quote || *end != '>'); end++)
        if (*end == '"' || *end == '\'')
            quote = quote == *end ? '\0' : quote ? quote : *end;
    const char *after = *end ? end + 1 : end;
    if (len == 0)
        return after;
    if (!closing && tag_is(name, len, hidden)) {
        /* Its content is not text: skip to its end tag. */
        for (const char *p = after; *p; p++)
            if (p[0] == '<' && p[1] == '/' && strncasecmp(p + 2, name, len) == 0) {
                const char *close = strchr(p, '>');
                return close ? close + 1 : p + strlen(p);
            }
        return after + strlen(after);
    }
    if (tag_is(name, len, paragraphs))
        want_break(t, 2);
    else if (tag_is(name, len, lines))
        want_break(t, 1);
    if (!closing && len == 2 && strncasecmp(name, "li", 2) == 0)
        put_visible(t, "- ", 2);
    if (len == 1 && (*name == 'a' || *name == 'A')) {
        close_link(t);
        if (!closing)
            t->href = attribute(name + 1, end, "href");
    }
    return after;
}

static void append_links(struct html_text *t)
{
    if (t->n_links == 0)
        return;
    want_break(t, 2);
    put_visible(t, "Links:", 6);
    for (size_t i = 0; i < t->n_links; i++) {
        char mark[32];
        int n = snprintf(mark, sizeof mark, "\n[%zu] ", i + 1);
        put(t, mark, (size_t)n);
        put(t, t->links[i], strlen(t->links[i]));
    }
}

char *detail_html_text(const char *html)
{
    struct html_text t = {0};
    put(&t, "", 0);
    for (const char *s = html ? html : ""; *s && !t.failed;) {
        char utf8[4];
        size_t len, used;
        if (*s == '<') {
            s = tag(&t, s);
        } else if (strchr(" \t\r\n", *s)) {
            t.space = true;
            s++;
        } else if (*s == '&' && (used = entity(s, utf8, &len)) > 0) {
            if (strncasecmp(s, "&nbsp;", 6) == 0)
                t.space = true;
            else
                put_visible(&t, utf8, len);
            s += used;
        } else {
            size_t n = strcspn(s, "<& \t\r\n");
            put_visible(&t, s, n ? n : 1);
            s += n ? n : 1;
        }
    }
    close_link(&t);
    append_links(&t);
    for (size_t i = 0; i < t.n_links; i++)
        free(t.links[i]);
    free(t.links);
    free(t.href);
    if (t.failed) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}

/* ---- the search in a record ---- */

bool detail_find_in(const char *s, const char *needle, size_t from, size_t *at)
{
    size_t n = needle ? strlen(needle) : 0;
    size_t len = s ? strlen(s) : 0;
    if (n == 0)
        return false;
    for (size_t i = from; i + n <= len; i++)
        if (strncasecmp(s + i, needle, n) == 0) {
            *at = i;
            return true;
        }
    return false;
}

/* The last match in s that starts before byte before. */
static bool find_last_before(const char *s, const char *needle, size_t before, size_t *at)
{
    bool found = false;
    size_t i = 0, m;
    while (detail_find_in(s, needle, i, &m) && m < before) {
        *at = m;
        found = true;
        i = m + 1;
    }
    return found;
}

bool detail_find_step(struct app_detail *d, const struct detail_lines *l, int dir)
{
    size_t n = l->len;
    bool had = d->found && d->find_line < n;
    d->found = false;
    if (!d->find || !*d->find || n == 0)
        return false;
    size_t line = had ? d->find_line : d->cursor % n;
    size_t at;
    /* The current line first (after or before the current match, if
     * any), then every other line around the end, then the current line
     * again from its other end. */
    for (size_t k = 0; k <= n; k++) {
        size_t i = dir < 0 ? (line + n - k % n) % n : (line + k) % n;
        const char *v = l->items[i].value;
        bool first = k == 0 && had, hit;
        if (dir > 0 && first)
            hit = detail_find_in(v, d->find, d->find_at + 1, &at);
        else if (dir < 0 && first)
            hit = find_last_before(v, d->find, d->find_at, &at);
        else if (dir < 0)
            hit = find_last_before(v, d->find, strlen(v) + 1, &at);
        else
            hit = detail_find_in(v, d->find, 0, &at);
        if (hit) {
            d->found = true;
            d->find_line = d->cursor = i;
            d->find_at = at;
            return true;
        }
    }
    return false;
}

void detail_follow_cursor(struct app_detail *d, size_t n, size_t visible)
{
    size_t rows = visible > 0 ? visible : 1;
    if (n == 0) {
        d->cursor = d->scroll = 0;
        return;
    }
    if (d->cursor >= n)
        d->cursor = n - 1;
    if (d->cursor < d->scroll)
        d->scroll = d->cursor;
    if (d->cursor >= d->scroll + rows)
        d->scroll = d->cursor - rows + 1;
    if (d->scroll + rows > n)
        d->scroll = n > rows ? n - rows : 0;
}
