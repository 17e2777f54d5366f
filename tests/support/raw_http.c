#include "raw_http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct curl_slist *headers(const char *key)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (key) {
        char line[256];
        snprintf(line, sizeof line, "X-Team-ApiKey: %s", key);
        h = curl_slist_append(h, line);
    }
    return h;
}

struct raw_answer raw_http(const char *base_url, const char *method, const char *path,
                           const char *body, const char *key)
{
    struct raw_answer a = {.curl_code = CURLE_FAILED_INIT};
    CURL *h = curl_easy_init();
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base_url, path);
    struct curl_slist *hdr = headers(key);
    size_t len = 0;
    FILE *mem = open_memstream(&a.body, &len);
    if (!h || !mem)
        goto out;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, mem);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 30000L);
    if (body)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    long started = now_ms();
    a.curl_code = (int)curl_easy_perform(h);
    a.ms = now_ms() - started;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a.status);
    const char *type = NULL;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
    a.content_type = type ? strdup(type) : NULL;
out:
    if (mem)
        fclose(mem);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return a;
}

void raw_answer_free(struct raw_answer *a)
{
    free(a->body);
    free(a->content_type);
    memset(a, 0, sizeof *a);
}
