#include "app/detail.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    l->items[l->len++] = (struct detail_line){style, label, copy, 0, 0, ""};
    return 0;
}

static int add_text(struct detail_lines *l, enum detail_style style, const char *label,
                    const char *value)
{
    return add(l, style, label, value, value ? strlen(value) : 0);
}

/* A long value wrapped at width, folded after DETAIL_FOLD_LINES unless
 * expanded. */
static int add_long(struct detail_lines *l, enum detail_style style, const char *label,
                    const char *value, int width, bool expanded)
{
    size_t shown = 0, total = 0;
    const char *p = value;
    while (*p) {
        size_t len = text_wrap_len(p, width);
        if (expanded || shown < DETAIL_FOLD_LINES) {
            if (add(l, style, shown ? NULL : label, p, len) != 0)
                return -1;
            shown++;
        }
        total++;
        p += len;
        if (*p == '\n')
            p++;
    }
    if (total > shown) {
        char hint[128];
        snprintf(hint, sizeof hint, "%s %zu more lines%s%s%s", TEXT_ELLIPSIS, total - shown,
                 l->expand_key ? ": " : "", l->expand_key ? l->expand_key : "",
                 l->expand_key ? " shows them" : "");
        return add_text(l, DETAIL_HINT, NULL, hint);
    }
    return 0;
}

/* An id shown by its name when known: "Newsletter", else the id. */
static const char *named(const struct names *names, const char *id)
{
    const char *name = names_get(names, id);
    return name && *name ? name : id;
}

static int add_strings(struct detail_lines *l, const char *label, const struct sendx_strv *v,
                       const struct names *names, int width, bool expanded)
{
    size_t size = 1;
    for (size_t i = 0; i < v->len; i++)
        size += strlen(named(names, v->items[i] ? v->items[i] : "")) + 2;
    char *joined = malloc(size);
    if (!joined)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < v->len; i++) {
        const char *s = named(names, v->items[i] ? v->items[i] : "");
        if (i) {
            memcpy(joined + o, ", ", 2);
            o += 2;
        }
        memcpy(joined + o, s, strlen(s));
        o += strlen(s);
    }
    joined[o] = '\0';
    int rc = add_long(l, DETAIL_FIELD, label, v->len ? joined : "none", width, expanded);
    free(joined);
    return rc;
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
        return add_strings(l, m->label, (const struct sendx_strv *)field, names, width,
                           d->expanded);
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

static int add_links(struct detail_lines *l, const struct app_detail *d, int width)
{
    const struct sendx_report *r = &d->report;
    const char *raw = codec_unreadable_raw(r, SENDX_REPORT_LINK_STATS);
    if (raw)
        return add_unreadable(l, "Links", raw, width, d->expanded);
    const struct model_type *lt = &model_link_stat_type;
    for (size_t i = 0; i < r->link_stats.len; i++) {
        const struct sendx_link_stat *s =
            (const struct sendx_link_stat *)((const char *)r->link_stats.items + i * lt->size);
        const char *label = i ? NULL : "Links";
        if (codec_unreadable_count(s) > 0) {
            if (add_bad_link(l, label, s, width, d->expanded) != 0)
                return -1;
            continue;
        }
        if (add_text(l, DETAIL_LINK, label, s->url) != 0)
            return -1;
        l->items[l->len - 1].bar_value = s->count;
    }
    return 0;
}

/* The report's bars, in order; shares are of the sent. */
static const struct {
    const char *label;
    unsigned member;
    bool share;
} report_bars[] = {
    {"Sent", SENDX_REPORT_SENT, false},
    {"Opened", SENDX_REPORT_OPENED, true},
    {"Clicked", SENDX_REPORT_CLICKED, true},
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
        int rc = raw ? add_unreadable(out, r->type->members[i].label, raw, width, d->expanded)
                 : codec_is_set(d->record, i) ? add_member(out, d, names, width, i)
                                              : 0;
        if (rc != 0)
            return -1;
    }
    return 0;
}

void detail_lines_free(struct detail_lines *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->items[i].value);
    free(l->items);
    memset(l, 0, sizeof *l);
}
