/* --print-config: the configuration in force as YAML that reads back the
 * same, every string double-quoted so that no value can change meaning. */
#include "config/config.h"

#include <stdio.h>
#include <string.h>

/* The code point at p when YAML would not read it back as itself inside
 * double quotes, else 0: a C1 control (refused, or NEL taken for a line
 * break) and U+FFFE and U+FFFF (refused). *len is its length in bytes. */
static unsigned unreadable_char(const unsigned char *p, size_t *len)
{
    if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
        *len = 2;
        return p[1];
    }
    if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
        *len = 3;
        return p[2] == 0xbe ? 0xfffe : 0xffff;
    }
    return 0;
}

static void quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        size_t len = 1;
        unsigned cp = unreadable_char(p, &len);
        if (cp) {
            fprintf(out, "\\u%04x", cp);
            p += len - 1;
        } else if (*p == '"' || *p == '\\') {
            fprintf(out, "\\%c", *p);
        } else if (*p < 0x20 || *p == 0x7f) {
            fprintf(out, "\\x%02x", *p);
        } else {
            fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void quoted_list(FILE *out, char *const *items, size_t n)
{
    fputc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputs(", ", out);
        quoted(out, items[i]);
    }
    fputc(']', out);
}

static void text_option(FILE *out, const char *name, const char *value)
{
    fprintf(out, "    %s: ", name);
    quoted(out, value);
    fputc('\n', out);
}

static void print_columns(const struct config_profile *p, FILE *out)
{
    if (p->n_columns == 0)
        return;
    fputs("    columns:\n", out);
    for (size_t i = 0; i < p->n_columns; i++) {
        fprintf(out, "      %s: ", p->columns[i].pane);
        quoted_list(out, p->columns[i].titles, p->columns[i].n_titles);
        fputc('\n', out);
    }
}

static void print_profile(const struct config_profile *p, FILE *out)
{
    fputs("  ", out);
    quoted(out, p->name);
    fputs(":\n", out);
    text_option(out, "base_url", p->base_url);
    if (p->api_key)
        fputs("    api_key: " CONFIG_KEY_PLACEHOLDER "\n", out);
    if (p->api_key_cmd) {
        fputs("    api_key_cmd: ", out);
        quoted_list(out, p->api_key_cmd, p->n_api_key_cmd);
        fputc('\n', out);
    }
    if (p->ca_file)
        text_option(out, "ca_file", p->ca_file);
    else
        fputs("    # ca_file: the system's CA bundle\n", out);
    fprintf(out, "    readonly: %s\n", p->readonly ? "true" : "false");
    text_option(out, "theme", p->theme);
    fprintf(out, "    start_pane: %s\n", p->start_pane);
    fprintf(out, "    page_size: %d\n", p->page_size);
    print_columns(p, out);
}

/* Bindings are kept in file order, which groups them by context. */
static void print_keys(const struct config *cfg, FILE *out)
{
    if (cfg->n_bindings == 0) {
        fputs("keys: {}\n", out);
        return;
    }
    fputs("keys:\n", out);
    const char *context = NULL;
    for (size_t i = 0; i < cfg->n_bindings; i++) {
        const struct config_binding *b = &cfg->bindings[i];
        if (!context || strcmp(context, b->context) != 0) {
            context = b->context;
            fprintf(out, "  %s:\n", context);
        }
        fprintf(out, "    %s: ", b->action);
        quoted_list(out, b->keys, b->n_keys);
        fputc('\n', out);
    }
}

int config_print(const struct config *cfg, FILE *out)
{
    fputs("# sendx-tui configuration in force (--print-config)\n", out);
    fputs("default_profile: ", out);
    quoted(out, cfg->default_profile);
    fputs("\ntheme: ", out);
    quoted(out, cfg->theme);
    fputs("\nprofiles:\n", out);
    for (size_t i = 0; i < cfg->n_profiles; i++)
        print_profile(&cfg->profiles[i], out);
    print_keys(cfg, out);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
