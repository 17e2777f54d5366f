/* One raw HTTP request with libcurl, for tests that must see the exact
 * status and body a server gives (no retries, no client-side checks). */
#ifndef SENDX_TEST_RAW_HTTP_H
#define SENDX_TEST_RAW_HTTP_H

struct raw_answer {
    int curl_code;      /* CURLE_OK when an answer arrived */
    long status;        /* 0 when none did */
    char *body;         /* owned: free() it; "" when empty, never NULL on CURLE_OK */
    char *content_type; /* owned: free() it; NULL if the server sent none */
    long ms;            /* how long the request took */
};

/* method on base_url + path, with body as JSON when not NULL and
 * X-Team-ApiKey: key when key is not NULL. */
struct raw_answer raw_http(const char *base_url, const char *method, const char *path,
                           const char *body, const char *key);

void raw_answer_free(struct raw_answer *a);

#endif
