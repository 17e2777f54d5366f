#include "app/action.h"

#include <string.h>

static const struct {
    const char *name;
    const char *help;
} actions[ACTION_COUNT] = {[ACTION_NONE] = {"none", ""},
#define ACTION_ROW(e, n, h) [ACTION_##e] = {n, h},
                           ACTIONS(ACTION_ROW)
#undef ACTION_ROW
};

const char *action_name(enum action a)
{
    return a < ACTION_COUNT ? actions[a].name : "none";
}

const char *action_help(enum action a)
{
    return a < ACTION_COUNT ? actions[a].help : "";
}

enum action action_by_name(const char *name)
{
    for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++)
        if (strcmp(actions[a].name, name) == 0)
            return (enum action)a;
    return ACTION_NONE;
}
