#include "export_fixture.h"

#include <criterion/criterion.h>
#include <string.h>

void mem_open(struct mem *m)
{
    *m = (struct mem){0};
    m->f = open_memstream(&m->text, &m->len);
    cr_assert_not_null(m->f);
}

void mem_close(struct mem *m)
{
    cr_assert_eq(fclose(m->f), 0);
    m->f = NULL;
}

char *text_take(struct export_text *t)
{
    cr_assert_not(t->failed);
    char *s = strndup(t->data ? t->data : "", t->len);
    cr_assert_not_null(s);
    cli_export_text_free(t);
    return s;
}
