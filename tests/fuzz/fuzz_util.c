#include "fuzz.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/text.h"

void fuzz_fail(const char *file, int line, const char *property, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%d: property failed: %s: ", file, line, property);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

bool fuzz_utf8_valid(const char *s, size_t len)
{
    uint32_t cp;
    for (size_t i = 0; i < len;) {
        size_t n = text_utf8_decode((const unsigned char *)s + i, &cp);
        if (n == 0 || i + n > len)
            return false;
        i += n;
    }
    return true;
}

void fuzz_utf8_locale(void)
{
    static bool done;
    if (done)
        return;
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        fuzz_fail(__FILE__, __LINE__, "setlocale", "no C.UTF-8 locale");
    done = true;
}
