#include "app/keymap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"

/* The defaults: context, action, space-separated keys in notation. */
static const struct {
    enum keymap_context ctx;
    enum action action;
    const char *keys;
} defaults[] = {
    {KEYMAP_GLOBAL, ACTION_QUIT, "<c-c>"},
    {KEYMAP_GLOBAL, ACTION_REDRAW, "<c-l>"},
    {KEYMAP_GLOBAL, ACTION_HELP, "? <f1>"},
    {KEYMAP_GLOBAL, ACTION_COMMAND_START, ":"},
    {KEYMAP_GLOBAL, ACTION_BACK_OR_QUIT, "q"},
    {KEYMAP_GLOBAL, ACTION_BACK, "<esc>"},
    {KEYMAP_GLOBAL, ACTION_PANE_NEXT, "<tab>"},
    {KEYMAP_GLOBAL, ACTION_PANE_PREV, "<s-tab>"},
    {KEYMAP_GLOBAL, ACTION_PANE_CONTACTS, "1"},
    {KEYMAP_GLOBAL, ACTION_PANE_LISTS, "2"},
    {KEYMAP_GLOBAL, ACTION_PANE_TAGS, "3"},
    {KEYMAP_GLOBAL, ACTION_PANE_CAMPAIGNS, "4"},
    {KEYMAP_GLOBAL, ACTION_PANE_TEMPLATES, "5"},
    {KEYMAP_GLOBAL, ACTION_PANE_SENDERS, "6"},
    {KEYMAP_GLOBAL, ACTION_PANE_FIELDS, "7"},
    {KEYMAP_GLOBAL, ACTION_PANE_WEBHOOKS, "8"},
    {KEYMAP_GLOBAL, ACTION_PANE_MEMBERS, "9"},
    {KEYMAP_GLOBAL, ACTION_REFRESH, "r <f5>"},
    {KEYMAP_GLOBAL, ACTION_COPY_ID, "y"},
    {KEYMAP_GLOBAL, ACTION_ROW_UP, "k <up>"},
    {KEYMAP_GLOBAL, ACTION_ROW_DOWN, "j <down>"},
    {KEYMAP_GLOBAL, ACTION_ROW_FIRST, "g <home>"},
    {KEYMAP_GLOBAL, ACTION_ROW_LAST, "G <end>"},
    {KEYMAP_GLOBAL, ACTION_PAGE_UP, "<pgup> <c-b>"},
    /* <space> stays free: it marks rows once bulk actions arrive. */
    {KEYMAP_GLOBAL, ACTION_PAGE_DOWN, "<pgdown> <c-f>"},
    {KEYMAP_GLOBAL, ACTION_HALF_UP, "<c-u>"},
    {KEYMAP_GLOBAL, ACTION_HALF_DOWN, "<c-d>"},
    {KEYMAP_TABLE, ACTION_DETAIL_OPEN, "<enter> l <right>"},
    {KEYMAP_TABLE, ACTION_FILTER_START, "/"},
    {KEYMAP_TABLE, ACTION_SORT_NEXT, "s"},
    {KEYMAP_TABLE, ACTION_SORT_REVERSE, "S"},
    {KEYMAP_TABLE, ACTION_CAMPAIGN_FILTER, "f"},
    {KEYMAP_DETAIL, ACTION_BACK, "<esc> h <left> <backspace>"},
    {KEYMAP_DETAIL, ACTION_DETAIL_CONTACTS, "c"},
    {KEYMAP_DETAIL, ACTION_DETAIL_EXPAND, "o"},
    {KEYMAP_DETAIL, ACTION_DETAIL_OPEN, "<enter>"},
    {KEYMAP_HELP, ACTION_HELP, "? <f1>"},
    {KEYMAP_HELP, ACTION_BACK, "<esc> q"},
    {KEYMAP_HELP, ACTION_FILTER_START, "/"},
    {KEYMAP_PROMPT, ACTION_PROMPT_ACCEPT, "<enter>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_CANCEL, "<esc> <c-g>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_COMPLETE, "<tab>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_HISTORY_PREV, "<up> <c-p>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_HISTORY_NEXT, "<down> <c-n>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_BACKSPACE, "<backspace>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_DELETE_WORD, "<c-w>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_KILL_START, "<c-u>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_LEFT, "<left> <c-b>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_RIGHT, "<right> <c-f>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_HOME, "<home> <c-a>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_END, "<end> <c-e>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_DELETE, "<delete> <c-d>"},
    {KEYMAP_PROMPT, ACTION_PROMPT_KILL_END, "<c-k>"},
    {KEYMAP_TABLE, ACTION_RECORD_NEW, "n"},
    {KEYMAP_TABLE, ACTION_RECORD_EDIT, "e"},
    {KEYMAP_TABLE, ACTION_RECORD_DELETE, "d"},
    {KEYMAP_TABLE, ACTION_CONTACT_UNSUBSCRIBE, "u"},
    {KEYMAP_DETAIL, ACTION_RECORD_EDIT, "e"},
    {KEYMAP_DETAIL, ACTION_RECORD_DELETE, "d"},
    {KEYMAP_DETAIL, ACTION_CONTACT_UNSUBSCRIBE, "u"},
    {KEYMAP_FORM, ACTION_FORM_NEXT, "<tab> <down>"},
    {KEYMAP_FORM, ACTION_FORM_PREV, "<s-tab> <up>"},
    {KEYMAP_FORM, ACTION_FORM_ACTIVATE, "<enter>"},
    {KEYMAP_FORM, ACTION_FORM_SAVE, "<c-s>"},
    {KEYMAP_FORM, ACTION_FORM_CANCEL, "<esc>"},
    {KEYMAP_FORM, ACTION_FORM_FROM_TEMPLATE, "<c-t>"},
    {KEYMAP_FORM, ACTION_PROMPT_BACKSPACE, "<backspace>"},
    {KEYMAP_FORM, ACTION_PROMPT_DELETE_WORD, "<c-w>"},
    {KEYMAP_FORM, ACTION_PROMPT_KILL_START, "<c-u>"},
    {KEYMAP_FORM, ACTION_PROMPT_LEFT, "<left> <c-b>"},
    {KEYMAP_FORM, ACTION_PROMPT_RIGHT, "<right> <c-f>"},
    {KEYMAP_FORM, ACTION_PROMPT_HOME, "<home> <c-a>"},
    {KEYMAP_FORM, ACTION_PROMPT_END, "<end> <c-e>"},
    {KEYMAP_FORM, ACTION_PROMPT_DELETE, "<delete> <c-d>"},
    {KEYMAP_FORM, ACTION_PROMPT_KILL_END, "<c-k>"},
    {KEYMAP_PICKER, ACTION_ROW_UP, "<up>"},
    {KEYMAP_PICKER, ACTION_ROW_DOWN, "<down>"},
    {KEYMAP_PICKER, ACTION_PAGE_UP, "<pgup>"},
    {KEYMAP_PICKER, ACTION_PAGE_DOWN, "<pgdown>"},
    {KEYMAP_PICKER, ACTION_PICKER_TOGGLE, "<space>"},
    {KEYMAP_PICKER, ACTION_PICKER_ACCEPT, "<enter>"},
    {KEYMAP_PICKER, ACTION_PICKER_CANCEL, "<esc>"},
    {KEYMAP_PICKER, ACTION_PROMPT_BACKSPACE, "<backspace>"},
    {KEYMAP_PICKER, ACTION_PROMPT_DELETE_WORD, "<c-w>"},
    {KEYMAP_PICKER, ACTION_PROMPT_KILL_START, "<c-u>"},
    {KEYMAP_CONFIRM, ACTION_CONFIRM_YES, "y Y"},
    {KEYMAP_CONFIRM, ACTION_CONFIRM_NO, "n N <esc> <enter>"},
    {KEYMAP_CONFIRM, ACTION_CONFIRM_OTHER, "d"},
    {KEYMAP_DETAIL, ACTION_FIND_START, "/"},
    {KEYMAP_DETAIL, ACTION_FIND_NEXT, "n"},
    {KEYMAP_DETAIL, ACTION_FIND_PREV, "N"},
    {KEYMAP_DETAIL, ACTION_RECORD_NEXT, "]"},
    {KEYMAP_DETAIL, ACTION_RECORD_PREV, "["},
    {KEYMAP_DETAIL, ACTION_COPY_FIELD, "Y"},
    {KEYMAP_DETAIL, ACTION_DETAIL_TEXT, "t"},
    {KEYMAP_TABLE, ACTION_COLUMNS_LEFT, "<"},
    {KEYMAP_TABLE, ACTION_COLUMNS_RIGHT, ">"},
    {KEYMAP_TABLE, ACTION_DETAIL_CONTACTS, "c"},
    {KEYMAP_DIFF, ACTION_DIFF_OVERWRITE, "o"},
    {KEYMAP_DIFF, ACTION_DIFF_THEIRS, "t"},
    {KEYMAP_DIFF, ACTION_DIFF_BACK, "b <esc>"},
    {KEYMAP_DIFF, ACTION_ROW_UP, "k <up>"},
    {KEYMAP_DIFF, ACTION_ROW_DOWN, "j <down>"},
};

static const char *const context_names[] = {
#define KEYMAP_CONTEXT_NAME(e, n) n,
    KEYMAP_CONTEXTS(KEYMAP_CONTEXT_NAME)
#undef KEYMAP_CONTEXT_NAME
};

const char *keymap_context_name(enum keymap_context ctx)
{
    return ctx < KEYMAP_CONTEXT_COUNT ? context_names[ctx] : "?";
}

static int put(struct keymap *km, enum keymap_context ctx, int key, enum action action)
{
    for (size_t i = 0; i < km->len[ctx]; i++) {
        if (km->bindings[ctx][i].key == key) {
            km->bindings[ctx][i].action = action;
            return 0;
        }
    }
    if (km->len[ctx] == km->cap[ctx]) {
        size_t cap = km->cap[ctx] ? km->cap[ctx] * 2 : 16;
        struct keymap_binding *b = realloc(km->bindings[ctx], cap * sizeof *b);
        if (!b)
            return -2;
        km->bindings[ctx] = b;
        km->cap[ctx] = cap;
    }
    km->bindings[ctx][km->len[ctx]++] = (struct keymap_binding){key, action};
    return 0;
}

int keymap_bind(struct keymap *km, enum keymap_context ctx, const char *notation,
                enum action action)
{
    int key = keys_parse(notation);
    if (key < 0)
        return -1;
    return put(km, ctx, key, action);
}

static bool bound_here(const struct keymap *km, enum keymap_context ctx, int key)
{
    for (size_t i = 0; i < km->len[ctx]; i++)
        if (km->bindings[ctx][i].key == key)
            return true;
    return false;
}

int keymap_unbind(struct keymap *km, enum keymap_context ctx, enum action action)
{
    size_t o = 0;
    for (size_t i = 0; i < km->len[ctx]; i++)
        if (km->bindings[ctx][i].action != action)
            km->bindings[ctx][o++] = km->bindings[ctx][i];
    km->len[ctx] = o;
    if (ctx == KEYMAP_GLOBAL)
        return 0;
    /* The global keys would still reach the action through the fallback:
     * each is held back here by a binding to nothing. */
    for (size_t i = 0; i < km->len[KEYMAP_GLOBAL]; i++) {
        const struct keymap_binding *g = &km->bindings[KEYMAP_GLOBAL][i];
        if (g->action == action && !bound_here(km, ctx, g->key) &&
            put(km, ctx, g->key, ACTION_NONE) != 0)
            return -2;
    }
    return 0;
}

int keymap_defaults(struct keymap *km)
{
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        const char *p = defaults[i].keys;
        while (*p) {
            char one[24];
            size_t n = strcspn(p, " ");
            if (n == 0 || n >= sizeof one)
                return -1;
            memcpy(one, p, n);
            one[n] = '\0';
            if (keymap_bind(km, defaults[i].ctx, one, defaults[i].action) != 0)
                return -1;
            p += n;
            p += strspn(p, " ");
        }
    }
    return 0;
}

void keymap_free(struct keymap *km)
{
    for (int c = 0; c < KEYMAP_CONTEXT_COUNT; c++)
        free(km->bindings[c]);
    memset(km, 0, sizeof *km);
}

/* Whether ctx binds key, to an action or (held back) to none. */
static bool find(const struct keymap *km, enum keymap_context ctx, int key, enum action *out)
{
    for (size_t i = 0; i < km->len[ctx]; i++) {
        if (km->bindings[ctx][i].key == key) {
            *out = km->bindings[ctx][i].action;
            return true;
        }
    }
    *out = ACTION_NONE;
    return false;
}

/* Where typing is text, or only an answer is wanted, the global keys do
 * not apply: only app.quit does. */
static bool global_applies(enum keymap_context ctx, enum action a)
{
    bool own_keys_only = ctx == KEYMAP_PROMPT || ctx == KEYMAP_FORM || ctx == KEYMAP_PICKER ||
                         ctx == KEYMAP_CONFIRM || ctx == KEYMAP_DIFF;
    return !own_keys_only || a == ACTION_QUIT;
}

enum action keymap_lookup(const struct keymap *km, enum keymap_context ctx, int key)
{
    enum action a;
    if (find(km, ctx, key, &a) || ctx == KEYMAP_GLOBAL)
        return a;
    find(km, KEYMAP_GLOBAL, key, &a);
    return global_applies(ctx, a) ? a : ACTION_NONE;
}

int keymap_keys_of(const struct keymap *km, enum keymap_context ctx, enum action action, char *buf,
                   size_t n)
{
    size_t o = 0;
    int count = 0;
    if (n)
        buf[0] = '\0';
    for (size_t i = 0; i < km->len[ctx]; i++) {
        if (km->bindings[ctx][i].action != action)
            continue;
        char one[24];
        keys_format(km->bindings[ctx][i].key, one, sizeof one);
        size_t len = strlen(one);
        if (o + len + 2 > n)
            break;
        if (count++)
            buf[o++] = ' ';
        memcpy(buf + o, one, len + 1);
        o += len;
    }
    return count;
}

const char *keymap_first_key(const struct keymap *km, enum keymap_context ctx, enum action action,
                             char *buf, size_t n)
{
    if (keymap_keys_of(km, ctx, action, buf, n) == 0 &&
        (!global_applies(ctx, action) || keymap_keys_of(km, KEYMAP_GLOBAL, action, buf, n) == 0))
        return NULL;
    buf[strcspn(buf, " ")] = '\0';
    return buf;
}
