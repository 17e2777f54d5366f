/* Form fields checked as the SendX spec defines them, before anything is
 * sent: required fields (the RestE* schemas' `required`, reused from the
 * codec's CODEC_REQUIRED marks), maxLength (counted in characters, as
 * JSON Schema counts: code points, not bytes), `format: email`, `uri` and
 * `ipv4`, id patterns, enum codes, the formats the spec's descriptions
 * give (a campaign's "9:00 AM"), and custom field values by their
 * field's type.
 *
 * Every check returns NULL when the value is good, or a short message
 * for people that fits beside the field ("not an email address"). The
 * message is a static string or lives in a struct validate_msg the
 * caller passes, so it stays valid as long as that struct. Nothing here
 * allocates, prints or keeps state.
 *
 * A value is text as typed into a form field. Blank text (empty, or only
 * spaces and invisible characters) means "no value": only a required
 * field complains about it, the format checks never see it. */
#ifndef SENDX_APP_VALIDATE_H
#define SENDX_APP_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api/model.h"

#define VALIDATE_MSG_SIZE 80

struct validate_msg {
    char text[VALIDATE_MSG_SIZE];
};

/* What the spec asks of a member's value. */
enum validate_rule {
    VALIDATE_REQUIRED = 1u << 0, /* in the write schema's `required` */
    VALIDATE_EMAIL = 1u << 1,    /* format: email */
    VALIDATE_URL = 1u << 2,      /* format: uri */
    VALIDATE_IPV4 = 1u << 3,     /* format: ipv4 */
    VALIDATE_INTEGER = 1u << 4,  /* type: integer */
    VALIDATE_BOOLEAN = 1u << 5,  /* type: boolean */
    VALIDATE_CHOICE = 1u << 6,   /* one of the codes the spec names (enums.h) */
    VALIDATE_ID = 1u << 7,       /* pattern ^(prefix)?[a-zA-Z0-9]{22}$ */
    VALIDATE_PREFIXED = 1u << 8, /* with VALIDATE_ID: the prefix is not optional */
    VALIDATE_TIME = 1u << 9,     /* "HH:MM PM/AM" */
    VALIDATE_SCHEDULE = 1u << 10 /* a date, or a date and time */
};

struct validate_spec {
    unsigned rules;        /* enum validate_rule bits */
    size_t max_chars;      /* maxLength, or 0 for none */
    const char *id_prefix; /* VALIDATE_ID: "list_"; static */
};

/* The custom field types (RestECustomField.type). */
enum validate_field_type {
    VALIDATE_FIELD_TEXT = 0,    /* at most 255 characters */
    VALIDATE_FIELD_NUMBER = 1,  /* integer or decimal */
    VALIDATE_FIELD_DATE = 2,    /* YYYY-MM-DD */
    VALIDATE_FIELD_BOOLEAN = 3, /* true or false */
    VALIDATE_FIELD_PHONE = 4,   /* international format */
};

/* ---- the rules, one by one ---- */

/* Whether s is NULL, empty, or only white space and invisible characters
 * (U+00A0, U+3000, zero-width spaces, ...). */
bool validate_blank(const char *s);

/* Characters (code points) in s; a byte that is not UTF-8 counts as one. */
size_t validate_chars(const char *s);

const char *validate_required(const char *s);
const char *validate_max_chars(const char *s, size_t max, struct validate_msg *msg);

/* An address as `format: email` means it (RFC 5321, so ASCII): one @, a
 * dot-atom local part of at most 64 bytes, a domain of letter-digit-
 * hyphen labels with at least one dot and a top-level label that is not
 * all digits. No quoted local parts or address literals. */
const char *validate_email(const char *s);

/* http:// or https:// (any case), a host (a name, an IPv4 address or a
 * bracketed IPv6 one), an optional port 1 to 65535, and then only
 * characters a URI may hold (RFC 3986, %HH escapes whole). A user and
 * password before the host are refused: "https://bank.example@evil.test"
 * is a trick more often than a webhook. */
const char *validate_url(const char *s);

/* Four decimal parts, each 0 to 255, with no leading zeros ("010" could
 * be read as octal) and nothing around them. */
const char *validate_ipv4(const char *s);

/* An optional '-' and digits that fit in 64 bits; *out (may be NULL)
 * gets the value when good. */
const char *validate_integer(const char *s, int64_t *out);

/* An integer or a decimal: optional '-', digits, optionally '.' and more
 * digits. No exponents, no thousands separators. */
const char *validate_number(const char *s);

/* A calendar date as YYYY-MM-DD (years 0001 to 9999, leap days only in
 * leap years). */
const char *validate_date(const char *s);

/* "true" or "false", as the API spells a boolean custom field; *out (may
 * be NULL) gets the value when good. */
const char *validate_boolean(const char *s, bool *out);

/* '+', then a country code and number: 7 to 15 digits (E.164), the
 * first not 0, with spaces, hyphens, dots or parentheses between them. */
const char *validate_phone(const char *s);

/* "9:00 AM", "09:30 PM": the spec's "HH:MM PM/AM". */
const char *validate_time(const char *s);

/* A date (YYYY-MM-DD), or a date and time as RFC 3339 gives it
 * ("2025-06-01T09:00:00Z"): a campaign's scheduleCondition. */
const char *validate_schedule(const char *s);

/* ^(prefix)?[a-zA-Z0-9]{22}$, or with the prefix required when
 * prefix_required. */
const char *validate_id(const char *s, const char *prefix, bool prefix_required,
                        struct validate_msg *msg);

/* value is a code enums.h gives a meaning for member of kind. */
const char *validate_choice(enum sendx_kind kind, unsigned member, int64_t value,
                            struct validate_msg *msg);

/* ---- the rules of each resource's members ---- */

/* Fills *out with what the spec asks of member in kind's write schema
 * (RestEContact, ...); VALIDATE_INTEGER and VALIDATE_BOOLEAN follow the
 * member's type. Returns false (and zeroes *out) when the member cannot
 * be written: not in the write schema, or the kind has none. */
bool validate_spec_of(enum sendx_kind kind, unsigned member, struct validate_spec *out);

/* Whether the form must have a value for member: the write schema
 * requires it, or the spec's descriptions do given the values in record
 * (a campaign's scheduleCondition when scheduleType is 0, an unset
 * scheduleType counting as its default 0; preferredTimezone and
 * preferredTimeCondition when smartSend or sendInContactsTimezone is
 * true). record is of kind's type, or NULL for the write schema alone. */
bool validate_is_required(enum sendx_kind kind, unsigned member, const void *record);

/* Checks text typed for member of kind: blank text against
 * validate_is_required, else the member's rules in turn (the format
 * first, then the length). For a list member (lists, tags) text is one
 * item; custom field values go through validate_custom instead, so a
 * custom fields member has no rule here. A member that cannot be
 * written is refused. record is as for validate_is_required. */
const char *validate_member(enum sendx_kind kind, unsigned member, const char *text,
                            const void *record, struct validate_msg *msg);

/* Each item of a list member, and whether a required list has one. */
const char *validate_items(enum sendx_kind kind, unsigned member, const struct sendx_strv *items,
                           const void *record, struct validate_msg *msg);

/* A custom field's value by its field's type (RestECustomField.type,
 * enum validate_field_type); a type the spec does not name takes any
 * text, since the server alone knows it. Blank text is no value. */
const char *validate_custom(int64_t type, const char *text, struct validate_msg *msg);

/* The save gate: every writable member of record (the form's values, of
 * kind's type) in schema order, as validate_member and validate_items
 * see them; a required member that is not set fails. Custom field values
 * are the caller's (validate_custom), as only it knows their types.
 * Returns NULL, or the first failure's message with its member in
 * *member. */
const char *validate_record(enum sendx_kind kind, const void *record, unsigned *member,
                            struct validate_msg *msg);

#endif
