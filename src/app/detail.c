#include "app/detail.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
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
static int add_long(struct detail_lines *l, const char *label, const char *value, int width,
                    bool expanded)
{
    size_t shown = 0, total = 0;
    const char *p = value;
    while (*p) {
        size_t len = text_wrap_len(p, width);
        if (expanded || shown < DETAIL_FOLD_LINES) {
            if (add(l, DETAIL_FIELD, shown ? NULL : label, p, len) != 0)
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
    int rc = add_long(l, label, v->len ? joined : "none", width, expanded);
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
        return add_long(l, m->label, named(names, s), width, d->expanded);
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

static int add_bar(struct detail_lines *l, const char *label, int64_t value, int64_t sent,
                   bool share)
{
    char count[32];
    if (add_text(l, DETAIL_BAR, label, text_thousands(value, count)) != 0)
        return -1;
    struct detail_line *line = &l->items[l->len - 1];
    line->bar_value = value;
    line->bar_max = sent;
    if (share && sent > 0)
        snprintf(line->share, sizeof line->share, "%.1f%%", 100.0 * (double)value / (double)sent);
    return 0;
}

/* The report's numbers, or a note on why there are none. */
static int add_report_body(struct detail_lines *l, const struct app_detail *d)
{
    if (d->report_error)
        return add_text(l, DETAIL_HINT, NULL, d->report_error);
    if (!d->has_report)
        return add_text(l, DETAIL_HINT, NULL, "loading the report" TEXT_ELLIPSIS);
    const struct sendx_report *r = &d->report;
    if (r->sent <= 0)
        return add_text(l, DETAIL_HINT, NULL, "not sent yet: no numbers");
    if (add_bar(l, "Sent", r->sent, r->sent, false) ||
        add_bar(l, "Opened", r->opened, r->sent, true) ||
        add_bar(l, "Clicked", r->clicked, r->sent, true) ||
        add_bar(l, "Bounced", r->bounced, r->sent, true) ||
        add_bar(l, "Unsubscribed", r->unsubscribed, r->sent, true) ||
        add_bar(l, "Spam", r->spam, r->sent, true))
        return -1;
    const struct model_type *lt = &model_link_stat_type;
    for (size_t i = 0; i < r->link_stats.len; i++) {
        const struct sendx_link_stat *s =
            (const struct sendx_link_stat *)((const char *)r->link_stats.items + i * lt->size);
        if (add_text(l, DETAIL_LINK, i ? NULL : "Links", s->url) != 0)
            return -1;
        l->items[l->len - 1].bar_value = s->count;
    }
    return 0;
}

static int add_report(struct detail_lines *l, const struct app_detail *d)
{
    if (add_text(l, DETAIL_HEADING, NULL, "Report") != 0 || add_report_body(l, d) != 0)
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
    if (d->kind == SENDX_KIND_CAMPAIGN && add_report(out, d) != 0)
        return -1;
    const struct model_resource *r = model_resource(d->kind);
    for (unsigned i = 0; i < r->type->n_members; i++) {
        if (i == r->id_member || !codec_is_set(d->record, i))
            continue;
        if (add_member(out, d, names, width, i) != 0)
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
