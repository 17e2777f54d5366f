#include "mock/faults.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SETTING_SWITCH: a bool, on or off (1 or 0 in the arithmetic below). */
enum setting_type { SETTING_LONG, SETTING_INT, SETTING_RATE, SETTING_SWITCH };

/* One table drives JSON in, JSON out and the command line. */
static const struct setting {
    const char *name;
    enum setting_type type;
    size_t offset;
} settings[] = {
    {"rate_limit", SETTING_LONG, offsetof(struct mock_faults, rate_limit)},
    {"rate_window_ms", SETTING_LONG, offsetof(struct mock_faults, rate_window_ms)},
    {"error_rate", SETTING_RATE, offsetof(struct mock_faults, error_rate)},
    {"error_status", SETTING_INT, offsetof(struct mock_faults, error_status)},
    {"latency_ms", SETTING_LONG, offsetof(struct mock_faults, latency_ms)},
    {"dribble_ms", SETTING_LONG, offsetof(struct mock_faults, dribble_ms)},
    {"drop_rate", SETTING_RATE, offsetof(struct mock_faults, drop_rate)},
    {"truncate_rate", SETTING_RATE, offsetof(struct mock_faults, truncate_rate)},
    {"malformed_rate", SETTING_RATE, offsetof(struct mock_faults, malformed_rate)},
    {"ignore_offset", SETTING_SWITCH, offsetof(struct mock_faults, ignore_offset)},
};
#define N_SETTINGS (sizeof settings / sizeof settings[0])

/* An hour of latency is a typo, not a test. */
#define MAX_MS 3600000.0

static int store_value(const struct setting *st, struct mock_faults *f, double v,
                       struct api_error *err)
{
    char *p = (char *)f + st->offset;
    bool ok = st->type == SETTING_RATE     ? v >= 0 && v <= 1
              : st->type == SETTING_INT    ? v == 0 || v == 500 || v == 502 || v == 503
              : st->type == SETTING_SWITCH ? v == 0 || v == 1
                                           : v >= 0 && v <= MAX_MS && v == (long)v;
    if (!ok) {
        api_error_set(err, API_ERR_INVALID, 0, "%s: %g is out of range", st->name, v);
        return -1;
    }
    if (st->type == SETTING_RATE)
        *(double *)(void *)p = v;
    else if (st->type == SETTING_INT)
        *(int *)(void *)p = (int)v;
    else if (st->type == SETTING_SWITCH)
        *(bool *)(void *)p = v != 0;
    else
        *(long *)(void *)p = (long)v;
    return 0;
}

static double value_of(const struct setting *st, const struct mock_faults *f)
{
    const char *p = (const char *)f + st->offset;
    if (st->type == SETTING_RATE)
        return *(const double *)(const void *)p;
    if (st->type == SETTING_INT)
        return *(const int *)(const void *)p;
    if (st->type == SETTING_SWITCH)
        return *(const bool *)(const void *)p;
    return (double)*(const long *)(const void *)p;
}

static const struct setting *find(const char *name)
{
    for (size_t i = 0; i < N_SETTINGS; i++)
        if (strcmp(settings[i].name, name) == 0)
            return &settings[i];
    return NULL;
}

int faults_from_json(const char *text, struct mock_faults *f, struct api_error *err)
{
    cJSON *json = text ? cJSON_Parse(text) : NULL;
    struct mock_faults next = *f;
    int rc = 0;
    if (!cJSON_IsObject(json)) {
        api_error_set(err, API_ERR_INVALID, 0, "expected a JSON object of fault settings");
        rc = -1;
    }
    for (const cJSON *item = json ? json->child : NULL; rc == 0 && item; item = item->next) {
        const struct setting *st = find(item->string);
        if (!st) {
            api_error_set(err, API_ERR_INVALID, 0, "unknown fault setting %s", item->string);
            rc = -1;
        } else if (st->type == SETTING_SWITCH && cJSON_IsBool(item)) {
            rc = store_value(st, &next, cJSON_IsTrue(item) ? 1 : 0, err);
        } else if (!cJSON_IsNumber(item)) {
            api_error_set(err, API_ERR_INVALID, 0, "%s must be %s", st->name,
                          st->type == SETTING_SWITCH ? "true or false" : "a number");
            rc = -1;
        } else {
            rc = store_value(st, &next, item->valuedouble, err);
        }
    }
    cJSON_Delete(json);
    if (rc == 0)
        *f = next;
    return rc;
}

char *faults_to_json(const struct mock_faults *f)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < N_SETTINGS; i++) {
        const struct setting *st = &settings[i];
        bool added = st->type == SETTING_SWITCH
                         ? cJSON_AddBoolToObject(o, st->name, value_of(st, f) != 0) != NULL
                         : cJSON_AddNumberToObject(o, st->name, value_of(st, f)) != NULL;
        if (!added) {
            cJSON_Delete(o);
            o = NULL;
        }
    }
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}

int faults_set(struct mock_faults *f, const char *name, const char *value, struct api_error *err)
{
    const struct setting *st = find(name);
    char *end = NULL;
    double v = value ? strtod(value, &end) : 0;
    if (!st) {
        api_error_set(err, API_ERR_INVALID, 0, "unknown fault setting %s", name);
        return -1;
    }
    if (!value || end == value || *end) {
        api_error_set(err, API_ERR_INVALID, 0, "%s needs a number", name);
        return -1;
    }
    return store_value(st, f, v, err);
}
