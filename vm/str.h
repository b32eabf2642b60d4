/*
 * str.h -- internals shared by the string subsystem: str.c, bytes.c,
 * format.c and unicode.c.  The rest of the VM uses only what tl.h declares;
 * this header is the private contract between the four files (UTF-8
 * primitives, character properties, and the formatting entry points that
 * the str and bytes methods call).
 */
#ifndef TL_STR_H
#define TL_STR_H

#include "tl.h"

/* ------------------------------------------------------------ UTF-8 */

/* Decode the code point at *p (valid UTF-8) and advance *p past it. */
static inline uint32_t tl_utf8_next(const char **pp)
{
    const unsigned char *p = (const unsigned char *)*pp;
    uint32_t c = p[0];
    int n = 1;
    if (c >= 0xf0) {
        c = (c & 0x07) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 | (p[3] & 0x3fu);
        n = 4;
    } else if (c >= 0xe0) {
        c = (c & 0x0f) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
        n = 3;
    } else if (c >= 0xc0) {
        c = (c & 0x1f) << 6 | (p[1] & 0x3fu);
        n = 2;
    }
    *pp += n;
    return c;
}

/* Encode cp into buf (room for 4 bytes); returns the byte count.
 * Surrogates are encoded like any other code point (as CPython's
 * surrogatepass would), which keeps chr(0xd800) representable. */
static inline int tl_utf8_put(char *buf, uint32_t cp)
{
    unsigned char *b = (unsigned char *)buf;
    if (cp < 0x80) { b[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xc0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xe0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        b[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    b[0] = (unsigned char)(0xf0 | cp >> 18);
    b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
    b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
    b[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Length of the longest valid UTF-8 prefix of p[0..n) (strict: no
 * overlongs, no surrogates, nothing past U+10FFFF). */
size_t tl_utf8_valid_prefix(const char *p, size_t n);
/* First (last) byte offset in [from, to) where nd[0..nn) starts in hay,
 * or -1; an empty needle matches at from (at to) when from <= to. */
intptr_t tl_mem_find(const char *hay, size_t from, size_t to, const char *nd, size_t nn);
intptr_t tl_mem_rfind(const char *hay, size_t from, size_t to, const char *nd, size_t nn);
/* Byte offset of code point i of s (0 <= i <= nchars). */
size_t tl_str_offset(TlVal s, size_t i);
void tl_sb_addcp(TlBuilder *b, uint32_t cp);
/* Fast hash shared by str and bytes (equal data, equal hash; never -1). */
TlHash tl_hash_bytes(const void *p, size_t n);
/* Decode bytes to str / encode str to bytes with a codec name and an
 * error handler name ("strict", "ignore", "replace"). */
TlVal tl_str_decode(TlThread *th, const void *p, size_t n, const char *enc,
                    const char *errors);
TlVal tl_str_encode(TlThread *th, TlVal s, const char *enc, const char *errors);

/* ------------------------------------------------------------ bytes.c */

/* bytearray: the bytes live in a GC buffer replaced on growth (lock-free
 * readers keep a valid old buffer until the next collection). */
typedef struct TlByteArray {
    TlObj ob;
    uint8_t *data;             /* GC buffer (tl_alloc_buf) or NULL */
    size_t len, cap;
} TlByteArray;

/* The contents of a bytes or bytearray (or subclass); false otherwise. */
bool tl_bytes_view(TlVal v, const uint8_t **p, size_t *n);

/* ------------------------------------------------------------ unicode.c */

enum {
    TL_U_ALPHA = 0x1, TL_U_DECIMAL = 0x2, TL_U_DIGIT = 0x4,
    TL_U_NUMERIC = 0x8, TL_U_SPACE = 0x10, TL_U_UPPER = 0x20,
    TL_U_LOWER = 0x40, TL_U_TITLE = 0x80, TL_U_PRINT = 0x100,
    TL_U_IDSTART = 0x200, TL_U_IDCONT = 0x400, TL_U_CASEIGN = 0x800,
};
#define TL_U_CASED (TL_U_UPPER | TL_U_LOWER | TL_U_TITLE)

unsigned tl_uni_props(uint32_t cp);             /* TL_U_* bits */
/* Full case mappings: write 1..3 code points to out, return the count. */
int tl_uni_upper(uint32_t cp, uint32_t out[3]);
int tl_uni_lower(uint32_t cp, uint32_t out[3]);
int tl_uni_title(uint32_t cp, uint32_t out[3]);
int tl_uni_fold(uint32_t cp, uint32_t out[3]);
bool tl_uni_linebreak(uint32_t cp);             /* str.splitlines boundaries */

/* ------------------------------------------------------------ format.c */

/* fmt % args for str, and for bytes/bytearray (result: bytes). */
TlVal tl_str_mod(TlThread *th, TlVal fmt, TlVal args);
TlVal tl_bytes_mod(TlThread *th, TlVal fmt, TlVal args);
/* str.format(*args, **kwargs) and str.format_map(mapping). */
TlVal tl_str_format_call(TlThread *th, TlVal fmt, TlVal *args, int nargs,
                         TlVal mapping);

#endif
