/* What a server says, made fit to show: see server_text.h. */
#include "api/server_text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What stands for the key in server text shown or logged. */
#define KEY_REDACTED "<API key>"

size_t server_text_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

char *server_text_without_key(const char *text, const char *key)
{
    size_t key_len = strlen(key), len = 0;
    char *out = NULL;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        return NULL;
    for (const char *at; key_len && (at = strstr(text, key)) != NULL; text = at + key_len) {
        fwrite(text, 1, (size_t)(at - text), f);
        fputs(KEY_REDACTED, f);
    }
    fputs(text, f);
    if (fclose(f) == 0)
        return out;
    free(out);
    return NULL;
}

char *server_text_message(const char *body, size_t len, const char *key, size_t max)
{
    if (!body || len == 0)
        return NULL;
    cJSON *json = cJSON_ParseWithLength(body, len);
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(json, "message");
    char *said = cJSON_IsString(msg) && msg->valuestring[0]
                     ? server_text_without_key(msg->valuestring, key)
                     : NULL;
    cJSON_Delete(json);
    if (!said)
        return NULL;
    size_t n = strlen(said);
    size_t keep = server_text_cut(said, n, max);
    const char *ellipsis = keep < n ? "…" : "";
    size_t size = keep + strlen(ellipsis) + 1;
    char *out = malloc(size);
    if (out)
        snprintf(out, size, "%.*s%s", (int)keep, said, ellipsis);
    free(said);
    return out;
}
