/* The status line's messages and the clipboard: what the app says, and
 * to which view it belongs. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/ids.h"
#include "app/app_parts.h"
#include "app/logger.h"

__attribute__((format(printf, 5, 0))) static void message_vset(struct app *a, struct app_message *m,
                                                               enum app_level level,
                                                               enum action hint, const char *fmt,
                                                               va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *text = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (text)
        vsnprintf(text, (size_t)len + 1, fmt, again);
    va_end(again);
    free(m->text);
    *m = (struct app_message){text, level, hint, ++a->next_seq};
    if (text && level >= APP_MSG_WARN)
        logger_write(a->cfg.log, "%s: %s", level == APP_MSG_WARN ? "warning" : "error", text);
}

void app_status(struct app *a, enum app_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message_vset(a, &a->status, level, ACTION_NONE, fmt, ap);
    va_end(ap);
}

void app_pane_status(struct app *a, int idx, enum app_level level, enum action hint,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message_vset(a, &a->pane_status[idx], level, hint, fmt, ap);
    va_end(ap);
}

void app_status_clear(struct app *a)
{
    free(a->status.text);
    a->status.text = NULL;
}

void app_pane_status_clear(struct app *a, int idx)
{
    free(a->pane_status[idx].text);
    a->pane_status[idx].text = NULL;
}

const struct app_message *app_status_shown(const struct app *a)
{
    const struct app_message *m = &a->status;
    const struct app_message *pane = &a->pane_status[a->current];
    if (app_screen(a) == SCREEN_TABLE && pane->text && (!m->text || pane->seq > m->seq))
        m = pane;
    return m->text ? m : NULL;
}

unsigned app_copy(struct app *a, const char *id)
{
    if (!id) {
        app_status(a, APP_MSG_WARN, "nothing to copy");
        return APP_REDRAW;
    }
    /* Only a real id goes to the clipboard: one that is not could carry
     * a newline or an escape sequence into whatever it is pasted into. */
    if (!ids_match_pattern(id)) {
        app_status(a, APP_MSG_WARN, "not copied: this id does not look like a SendX id");
        return APP_REDRAW;
    }
    free(a->clipboard);
    a->clipboard = strdup(id);
    return a->clipboard ? APP_COPY | APP_REDRAW : APP_REDRAW;
}

const char *app_key_for(const struct app *a, enum keymap_context ctx, enum action act, char *buf,
                        size_t n)
{
    if (keymap_first_key(&a->keys, ctx, act, buf, n))
        return buf;
    const char *command = command_for(act);
    snprintf(buf, n, "%s%s", command ? ":" : "", command ? command : action_name(act));
    return buf;
}
