#include "cli/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_error.h"
#include "config/config.h"

int cli_names_unknown(struct api_error *err, const char *prefix, const char *kind, const char *word,
                      const char *intro, const char *const *names)
{
    char *list = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&list, &len);
    if (!out)
        return api_error_nomem(err);
    for (size_t i = 0; names[i]; i++)
        fprintf(out, "%s%s", i ? ", " : "", names[i]);
    if (fclose(out) != 0) {
        free(list);
        return api_error_nomem(err);
    }
    const char *near = config_suggest(word, names);
    api_error_set(err, API_ERR_INVALID, 0, "%sno %s \"%s\"%s%s%s; %s: %s", prefix, kind, word,
                  near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "", intro,
                  list);
    free(list);
    return -1;
}
