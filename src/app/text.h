/* Text from the API made safe and measured for a terminal.
 *
 * Names, subjects and HTML come from other people: control characters
 * and escape sequences are rendered inert (ESC as ^[, DEL as ^?, C1
 * controls as <9b>, bidi overrides and undecodable bytes as U+FFFD), so
 * nothing from the data ever reaches the terminal as a command. Widths
 * are terminal cells (wcwidth: CJK and emoji take two; a character with
 * VS16 after it, as in "☀️", takes two and is drawn as the character and
 * a blank; zero-width spaces, non-joiners and variation selectors take
 * none), which needs a UTF-8 LC_CTYPE (main() calls setlocale).
 *
 * Only what curses and every terminal measure alike is sent, so columns
 * stay in line everywhere: a zero-width joiner is dropped, and an emoji
 * sequence such as "👩‍💻" is drawn as its parts side by side ("👩💻", four
 * cells), where terminals would disagree on the joined glyph's width.
 * Nothing here allocates unless it says so. */
#ifndef SENDX_APP_TEXT_H
#define SENDX_APP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXT_ELLIPSIS "\xe2\x80\xa6" /* … */

/* Decodes one UTF-8 character of s strictly (no overlongs, surrogates
 * or values past U+10FFFF; a NUL ends a sequence as an invalid byte).
 * Returns its length, or 0 for an invalid byte. */
size_t text_utf8_decode(const unsigned char *s, uint32_t *cp);

/* Encodes cp (a scalar value: not a surrogate, at most U+10FFFF) as
 * UTF-8 into out. Returns the bytes written (1 to 4), 0 if cp is not a
 * scalar value. out is not NUL-terminated. */
size_t text_utf8_encode(uint32_t cp, char out[4]);

/* Whether cp is a bidi control: an embedding, override or isolate, or
 * the marks (LRM, RLM, ALM). Invisible, they reorder what is shown
 * around them, so they are never drawn nor copied. */
bool text_is_bidi_control(uint32_t cp);

/* Bytes of the character at s: a code point with the zero-width marks
 * that follow it (combining accents, variation selectors, joiners), as
 * a cursor steps over it; 1 for an invalid byte, 0 at the end. */
size_t text_char_len(const char *s);

/* Cells the safe rendering of the first n bytes of s takes. */
int text_width_n(const char *s, size_t n);

/* Cells the safe rendering of s takes (NULL is empty). */
int text_width(const char *s);

/* Writes the safe rendering of s into dst, at most `width` cells; if it
 * does not fit, the last cell is `…`. Returns the cells written. dst
 * always ends with NUL; TEXT_FIT_SIZE(width) bytes hold any ordinary text
 * (runs of zero-width combining marks beyond that are dropped). A
 * character keeps at most four zero-width ones after it, as many as a
 * curses cell holds, so a pile of marks hides none of the text after it. */
#define TEXT_FIT_SIZE(width) ((size_t)(width)*8 + 16)
int text_fit(const char *s, int width, char *dst, size_t dst_size);

/* Bytes of the longest prefix of s (up to a newline) whose safe
 * rendering fits in width cells; at least one character unless s is
 * empty or begins with the newline. For wrapping long values. */
size_t text_wrap_len(const char *s, int width);

/* The same, but a line ends between words where it can: after the last
 * space that fits, unless the first word alone is wider than width. For
 * sentences (a question, a message). */
size_t text_word_wrap_len(const char *s, int width);

/* Case-insensitive (ASCII) substring test; an empty needle matches. */
bool text_contains(const char *haystack, const char *needle);

/* 12480 -> "12,480". buf must hold 32 bytes. Returns buf. */
char *text_thousands(int64_t v, char buf[32]);

/* An API timestamp ("2024-01-12T16:45:00Z", fractions and offsets
 * allowed) as local time "2024-01-12 17:45" into buf (at least 32
 * bytes). Returns -1 (buf untouched) if s is not such a timestamp. */
int text_local_time(const char *s, char *buf, size_t n);

/* A horizontal bar of value/max over `width` cells into dst: eighth-block
 * characters for sub-cell precision, or '#' when `unicode` is false.
 * dst needs TEXT_FIT_SIZE(width) bytes. Returns the cells written. */
int text_bar(double value, double max, int width, bool unicode, char *dst, size_t dst_size);

/* Standard base64 of len bytes, as a NUL-terminated heap string the
 * caller frees, or NULL if out of memory. */
char *text_base64(const void *data, size_t len);

#endif
