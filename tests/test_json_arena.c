/* cJSON's allocations in a per-thread arena (api/json_arena.c): inside a
 * span they come from the arena and cJSON's frees leave them; what was
 * made before the span is still freed; other threads and code outside
 * the span use malloc. ASan builds of this suite catch a wrong free. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/json_arena.h"

static void install(void)
{
    json_arena_install();
}

static void uninstall(void)
{
    cJSON_InitHooks(NULL);
}

TestSuite(json_arena, .init = install, .fini = uninstall);

Test(json_arena, a_page_parsed_read_and_deleted_in_a_span)
{
    struct json_arena a;
    json_arena_begin(&a);
    cJSON *json = cJSON_Parse("[{\"id\":\"contact_1\",\"email\":\"a@b.io\"},{\"id\":\"x\"}]");
    cr_assert_not_null(json);
    cr_assert_eq(cJSON_GetArraySize(json), 2);
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(json, 0), "email")->valuestring,
                     "a@b.io");
    char *text = cJSON_PrintUnformatted(json);
    cr_assert_str_eq(text, "[{\"id\":\"contact_1\",\"email\":\"a@b.io\"},{\"id\":\"x\"}]");
    cJSON_free(text);
    cJSON_Delete(json);
    json_arena_end(&a);
}

/* A tree made before the span is freed for real when deleted inside it;
 * one made inside is gone with the span, so nothing leaks (LeakSanitizer
 * and valgrind would say) and nothing is freed twice (ASan would). */
Test(json_arena, what_was_made_before_the_span_is_freed_inside_it)
{
    cJSON *before = cJSON_Parse("{\"a\":[1,2,3],\"b\":\"text\"}");
    cr_assert_not_null(before);
    struct json_arena a;
    json_arena_begin(&a);
    cJSON *inside = cJSON_Parse("{\"c\":true}");
    cJSON_Delete(before);
    cJSON_Delete(inside);
    json_arena_end(&a);
    cJSON *after = cJSON_Parse("{\"d\":null}");
    cr_assert_not_null(after);
    cJSON_Delete(after);
}

Test(json_arena, spans_nest)
{
    struct json_arena outer, inner;
    json_arena_begin(&outer);
    cJSON *o = cJSON_Parse("{\"outer\":1}");
    json_arena_begin(&inner);
    cJSON *i = cJSON_Parse("{\"inner\":2}");
    cJSON_Delete(o); /* the outer arena's: left to it */
    cJSON_Delete(i);
    json_arena_end(&inner);
    cJSON *o2 = cJSON_Parse("{\"outer\":3}");
    cr_assert_eq(cJSON_GetObjectItem(o2, "outer")->valueint, 3);
    cJSON_Delete(o2);
    json_arena_end(&outer);
}

/* More than a block's worth: a large string gets a block of its own. */
Test(json_arena, big_values_fit)
{
    size_t n = 1 << 20;
    char *big = malloc(n + 3);
    cr_assert_not_null(big);
    big[0] = '"';
    memset(big + 1, 'x', n);
    big[n + 1] = '"';
    big[n + 2] = '\0';
    struct json_arena a;
    json_arena_begin(&a);
    cJSON *json = cJSON_Parse(big);
    cr_assert(cJSON_IsString(json));
    cr_assert_eq(strlen(json->valuestring), n);
    cJSON_Delete(json);
    json_arena_end(&a);
    free(big);
}

static void *other_thread(void *arg)
{
    (void)arg;
    /* No span here: malloc, freed for real. */
    cJSON *json = cJSON_Parse("{\"thread\":true}");
    bool ok = cJSON_IsTrue(cJSON_GetObjectItem(json, "thread"));
    cJSON_Delete(json);
    return ok ? (void *)1 : NULL;
}

Test(json_arena, another_threads_allocations_are_its_own)
{
    struct json_arena a;
    json_arena_begin(&a);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, other_thread, NULL), 0);
    void *ok = NULL;
    cr_assert_eq(pthread_join(t, &ok), 0);
    cr_assert_not_null(ok);
    json_arena_end(&a);
}

/* A page after a page: the second span parses into the first one's
 * blocks, given back to the spare list, and nothing needs deleting (the
 * end of the span frees the tree; LeakSanitizer would say otherwise). */
Test(json_arena, a_span_reuses_the_blocks_the_last_one_gave_back)
{
    struct json_arena_spare spare = {0};
    struct json_arena a;
    json_arena_begin_reusing(&a, &spare);
    cJSON *first = cJSON_Parse("[{\"id\":\"contact_1\"},{\"id\":\"contact_2\"}]");
    cr_assert_not_null(first);
    json_arena_end(&a);
    cr_assert_gt(spare.bytes, 0, "the block went back to the spare list");
    size_t kept = spare.bytes;
    json_arena_begin_reusing(&a, &spare);
    cJSON *second = cJSON_Parse("[{\"id\":\"contact_3\"},{\"id\":\"contact_4\"}]");
    cr_assert_not_null(second);
    cr_assert_eq(spare.bytes, 0, "taken for this span");
    cr_assert_eq(second, first, "the same memory, already faulted in");
    cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(second, 1), "id")->valuestring,
                     "contact_4");
    json_arena_end(&a);
    cr_assert_eq(spare.bytes, kept);
    json_arena_spare_free(&spare);
    cr_assert_eq(spare.bytes, 0);
    cr_assert_null(spare.blocks);
}
