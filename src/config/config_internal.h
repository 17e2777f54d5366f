/* What the files of config/ share while reading a configuration; not for
 * use outside config/. */
#ifndef SENDX_CONFIG_INTERNAL_H
#define SENDX_CONFIG_INTERNAL_H

#include <stdbool.h>

#include "config/config.h"
#include "config/yaml.h"

/* One configuration being read: problems go to diags, results to cfg. */
struct config_check {
    const struct config_vocab *vocab;
    struct config_diags *diags;
    struct config *cfg;
};

/* Adds a problem at v's place (v's file, line, column). Out of memory
 * still counts an error, so the load fails rather than passes. */
void config_diag(struct config_check *c, enum config_severity sev, const struct yaml_value *v,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Adds an error whose text already names its place (the YAML layer's). */
void config_diag_text(struct config_diags *d, struct config_place at, const char *text);

/* An unknown name: an error or a warning naming what it is ("option",
 * "action"), with a did-you-mean from names. */
void config_unknown(struct config_check *c, enum config_severity sev, const struct yaml_value *key,
                    const char *what, const char *const *names);

/* A copy of a scalar that must hold text, or NULL with an error naming
 * option (wrong kind, no value, out of memory). */
char *config_text(struct config_check *c, const struct yaml_value *v, const char *option);

/* Whether v is a mapping (NULL-valued sections count as empty ones);
 * else an error naming option. */
bool config_is_map(struct config_check *c, const struct yaml_value *v, const char *option);

/* The keys: section, into c->cfg->bindings. */
void config_read_keys(struct config_check *c, const struct yaml_value *keys);

/* A profile's mapping, into p (name already set). */
void config_read_profile(struct config_check *c, const struct yaml_value *v,
                         struct config_profile *p);

void config_profile_free(struct config_profile *p);
void config_strv_free(char **v, size_t n);

#endif
