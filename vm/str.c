/*
 * str.c -- the str type: immutable UTF-8 text.
 *
 * A str stores its UTF-8 bytes inline (NUL-terminated, so C code can use
 * tl_cstr) together with the code point count and an `ascii` flag.  Python
 * semantics are in code points; UTF-8 keeps the common ASCII case compact
 * and makes byte-wise operations (search, compare, split, hash) correct for
 * all text, because UTF-8 is self-synchronising and its byte order is code
 * point order.  Only indexing and slicing of non-ASCII strings need a walk
 * over the bytes (tl_str_offset), which is linear; ASCII strings index in
 * O(1).
 *
 * Also here: the string builder (TlBuilder, a malloc'd buffer so building
 * never creates GC objects until the end), tl_str_fmt (the printf used by
 * every error message), interning, hashing, the str iterator, and the
 * codecs (utf-8, ascii, latin-1) shared with bytes.c.  The empty string
 * and the 128 one-character ASCII strings are static objects shared by all
 * VMs: they are immutable, so sharing them needs no locking, and str
 * iteration and indexing over ASCII text then allocates nothing.
 * Formatting (str.format, %, __format__) lives in format.c; character
 * tables in unicode.c.
 */
#include <stdlib.h>
#include <string.h>
#include "str.h"

/* ------------------------------------------------------ static strings */

/* Same layout as TlStr with room for one character and the NUL. */
typedef struct SmallStr {
    TlObj ob;
    TlHash hash;
    size_t len, nchars;
    uint8_t ascii, interned;
    char data[2];
} SmallStr;

#define S1(i) {TL_STATIC_HDR(&tl_str_type), -1, 1, 1, 1, 0, {(char)(i), 0}}
#define S4(i) S1(i), S1(i + 1), S1(i + 2), S1(i + 3)
#define S16(i) S4(i), S4(i + 4), S4(i + 8), S4(i + 12)
#define S64(i) S16(i), S16(i + 16), S16(i + 32), S16(i + 48)
static SmallStr ascii_chars[128] = {S64(0), S64(64)};
static SmallStr empty_str = {TL_STATIC_HDR(&tl_str_type), -1, 0, 0, 1, 0, {0, 0}};

#define EMPTY tl_val(&empty_str)
#define CHAR(c) tl_val(&ascii_chars[(unsigned char)(c)])

/* ------------------------------------------------------ UTF-8 helpers */

size_t tl_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) { i++; continue; }
        size_t k;
        uint32_t cp, min;
        if (c >= 0xc2 && c <= 0xdf) { k = 1; cp = c & 0x1f; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { k = 2; cp = c & 0x0f; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { k = 3; cp = c & 0x07; min = 0x10000; }
        else return i;
        if (n - i <= k) return i;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0) != 0x80) return i;
            cp = cp << 6 | (p[i + j] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
        i += k + 1;
    }
    return n;
}

static size_t count_chars(const char *p, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)p[i] & 0xc0) != 0x80;
    return c;
}

size_t tl_str_offset(TlVal s, size_t i)
{
    TlStr *o = TL_STR(s);
    if (o->ascii) return i;
    const unsigned char *p = (const unsigned char *)o->data;
    if (i > o->nchars / 2) {          /* nearer the end: walk backwards */
        size_t off = o->len, k = o->nchars;
        while (k > i) {
            do off--; while ((p[off] & 0xc0) == 0x80);
            k--;
        }
        return off;
    }
    size_t off = 0;
    for (; i > 0; i--)
        do off++; while ((p[off] & 0xc0) == 0x80);
    return off;
}

static size_t char_index(TlVal s, size_t off)
{
    return TL_STR(s)->ascii ? off : count_chars(TL_STR(s)->data, off);
}

/* ------------------------------------------------------ construction */

/* Subclass instances put their __dict__ after the text (tl_alloc_var). */
static TlStr *str_alloc(TlThread *th, TlType *t, size_t n)
{
    TlStr *o = t == &tl_str_type ? tl_alloc(th, t, sizeof(TlStr) + n + 1)
                                 : tl_alloc_var(th, t, n + 1);
    if (!o) return NULL;
    o->hash = -1;
    o->len = n;
    return o;
}

/* Make a str of the bytes p[0..n), valid UTF-8 with `nchars` code points
 * ((size_t)-1: count them). */
static TlVal make(TlThread *th, const char *p, size_t n, size_t nchars)
{
    if (n == 0) return EMPTY;
    if (n == 1 && (unsigned char)p[0] < 0x80) return CHAR(p[0]);
    TlStr *o = str_alloc(th, &tl_str_type, n);
    if (!o) return TL_NULL;
    memcpy(o->data, p, n);
    o->nchars = nchars == (size_t)-1 ? count_chars(p, n) : nchars;
    o->ascii = o->nchars == n;
    return tl_val(o);
}

TlVal tl_str_new(TlThread *th, const char *s, size_t n)
{
    return make(th, s, n, (size_t)-1);
}

TlVal tl_str_cstr(TlThread *th, const char *s)
{
    return make(th, s, strlen(s), (size_t)-1);
}

TlVal tl_str_from_codepoint(TlThread *th, uint32_t cp)
{
    char buf[4];
    return make(th, buf, (size_t)tl_utf8_put(buf, cp), 1);
}

uint32_t tl_str_codepoint_at(TlVal s, size_t i)
{
    const char *p = TL_STR(s)->data + tl_str_offset(s, i);
    return tl_utf8_next(&p);
}

/* The bytes [off, off+n) of s as a str; s itself when that is all of it. */
static TlVal sub(TlThread *th, TlVal s, size_t off, size_t n)
{
    TlStr *o = TL_STR(s);
    if (off == 0 && n == o->len && tl_is_exact_str(s)) return s;
    return make(th, o->data + off, n, o->ascii ? n : (size_t)-1);
}

/* ------------------------------------------------------ builder */

void tl_sb_init(TlBuilder *b)
{
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

static bool sb_grow(TlBuilder *b, size_t n)
{
    if (b->oom) return false;
    if (b->len + n + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 32;
    while (cap < b->len + n + 1) {
        if (cap > SIZE_MAX / 2) { b->oom = true; return false; }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) { b->oom = true; return false; }
    b->p = p;
    b->cap = cap;
    return true;
}

void tl_sb_add(TlBuilder *b, const char *s, size_t n)
{
    if (n == 0 || !sb_grow(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

void tl_sb_addc(TlBuilder *b, char c)
{
    if (!sb_grow(b, 1)) return;
    b->p[b->len++] = c;
}

void tl_sb_adds(TlBuilder *b, const char *s) { tl_sb_add(b, s, strlen(s)); }

void tl_sb_addv(TlBuilder *b, TlVal str)
{
    tl_sb_add(b, TL_STR(str)->data, TL_STR(str)->len);
}

void tl_sb_addcp(TlBuilder *b, uint32_t cp)
{
    char buf[4];
    tl_sb_add(b, buf, (size_t)tl_utf8_put(buf, cp));
}

static void sb_fill(TlBuilder *b, uint32_t cp, size_t count)
{
    for (size_t i = 0; i < count; i++) tl_sb_addcp(b, cp);
}

void tl_sb_free(TlBuilder *b)
{
    free(b->p);
    tl_sb_init(b);
}

TlVal tl_sb_finish(TlThread *th, TlBuilder *b)
{
    TlVal r = b->oom ? tl_raise_nomem(th) : make(th, b->p, b->len, (size_t)-1);
    tl_sb_free(b);
    return r;
}

/* ------------------------------------------------------ tl_str_fmt */

/* Parse what follows a '%' at *fp: an optional ".N" precision (-1 when
 * absent) and a length modifier ('\0', 'l', 'L' for ll, 'z').  Leaves *fp
 * on the conversion character and returns it. */
static char fmt_conv(const char **fp, int *prec, char *mod)
{
    const char *f = *fp;
    *prec = -1;
    if (*f == '.')
        for (*prec = 0, f++; *f >= '0' && *f <= '9'; f++) *prec = *prec * 10 + (*f - '0');
    *mod = 0;
    if (f[0] == 'l' && f[1] == 'l') { *mod = 'L'; f += 2; }
    else if (*f == 'l' || *f == 'z') *mod = *f++;
    *fp = f;
    return *f;
}

/* Consume the integer argument of %d/%i/%u/%x/%c; append it unless b is NULL. */
static void fmt_int(TlBuilder *b, va_list *ap, char mod, char conv)
{
    char buf[32];
    if (conv == 'd' || conv == 'i') {
        long long v = mod == 'l' ? va_arg(*ap, long)
                    : mod == 'L' ? va_arg(*ap, long long)
                    : mod == 'z' ? (long long)va_arg(*ap, ptrdiff_t)
                    : va_arg(*ap, int);
        snprintf(buf, sizeof buf, "%lld", v);
    } else {
        unsigned long long v = mod == 'l' ? va_arg(*ap, unsigned long)
                             : mod == 'L' ? va_arg(*ap, unsigned long long)
                             : mod == 'z' ? va_arg(*ap, size_t)
                             : va_arg(*ap, unsigned);
        if (conv == 'c') {
            if (b) tl_sb_addcp(b, (uint32_t)v);
            return;
        }
        snprintf(buf, sizeof buf, conv == 'x' ? "%llx" : "%llu", v);
    }
    if (b) tl_sb_adds(b, buf);
}

/* Append at most `prec` code points (-1: all) of the UTF-8 text p[0..n). */
static void add_prec(TlBuilder *b, const char *p, size_t n, int prec)
{
    if (prec >= 0) {
        const char *q = p, *e = p + n;
        for (int i = 0; i < prec && q < e; i++) tl_utf8_next(&q);
        n = (size_t)(q - p);
    }
    tl_sb_add(b, p, n);
}

/* One pass over fmt: with b NULL it only roots the value arguments (which
 * %R and %S may need to survive Python code), otherwise it formats.
 * Returns -1 if a repr()/str() failed. */
static int fmt_pass(TlThread *th, TlBuilder *b, const char *fmt, va_list *ap)
{
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            if (b) tl_sb_addc(b, *f);
            continue;
        }
        f++;
        int prec;
        char mod, conv = fmt_conv(&f, &prec, &mod);
        TlVal v, s;
        const char *cs;
        char buf[32];
        switch (conv) {
        case 'd': case 'i': case 'u': case 'x': case 'c':
            fmt_int(b, ap, mod, conv);
            break;
        case 's':
            cs = va_arg(*ap, const char *);
            if (b) add_prec(b, cs ? cs : "(null)", strlen(cs ? cs : "(null)"), prec);
            break;
        case 'p':
            snprintf(buf, sizeof buf, "%p", va_arg(*ap, void *));
            if (b) tl_sb_adds(b, buf);
            break;
        case 'R': case 'S': case 'T': case 'U':
            v = va_arg(*ap, TlVal);
            if (!b) { tl_root(th, v); break; }
            if (conv == 'T') {
                add_prec(b, tl_type_name(v), strlen(tl_type_name(v)), prec);
                break;
            }
            s = conv == 'U' ? v : conv == 'R' ? tl_repr(th, v) : tl_str(th, v);
            if (!s) return -1;
            add_prec(b, TL_STR(s)->data, TL_STR(s)->len, prec);
            break;
        case '\0':
            f--;
            break;
        default:                      /* "%%" and anything unknown */
            if (b) tl_sb_addc(b, conv);
            break;
        }
    }
    return 0;
}

TlVal tl_str_vfmt(TlThread *th, const char *fmt, va_list ap0)
{
    uint32_t mark = tl_roots_mark(th);
    TlBuilder b;
    tl_sb_init(&b);
    va_list ap;
    va_copy(ap, ap0);
    fmt_pass(th, NULL, fmt, &ap);
    va_end(ap);
    va_copy(ap, ap0);
    int r = fmt_pass(th, &b, fmt, &ap);
    va_end(ap);
    tl_roots_reset(th, mark);
    if (r < 0) {
        tl_sb_free(&b);
        return TL_NULL;
    }
    return tl_sb_finish(th, &b);
}

TlVal tl_str_fmt(TlThread *th, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    TlVal r = tl_str_vfmt(th, fmt, ap);
    va_end(ap);
    return r;
}

/* ------------------------------------------------------ hash, eq, intern */

TlHash tl_hash_bytes(const void *data, size_t n)
{
    /* A multiply-xorshift mix over 8-byte words: fast, and good enough for
     * hash tables (no protection against chosen collisions). */
    const unsigned char *p = data;
    const uint64_t k = 0x9e3779b97f4a7c15u;
    uint64_t h = k ^ (uint64_t)n;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)p[i] << (8 * i);
    h = (h ^ w) * 0xbf58476d1ce4e5b9u;
    h ^= h >> 31;
    h *= k;
    h ^= h >> 29;
    TlHash r = (TlHash)h;
    return r == -1 ? -2 : r;
}

TlHash tl_str_hash(TlVal s)
{
    TlStr *o = TL_STR(s);
    TlHash h = tl_hash_cached(&o->hash);
    if (h == -1) tl_hash_cache(&o->hash, h = tl_hash_bytes(o->data, o->len));
    return h;
}

bool tl_str_eq(TlVal a, TlVal b)
{
    if (a == b) return true;
    TlStr *x = TL_STR(a), *y = TL_STR(b);
    if (x->len != y->len) return false;
    if (x->interned && y->interned && tl_is_exact_str(a) && tl_is_exact_str(b))
        return false;
    TlHash hx = tl_hash_cached(&x->hash), hy = tl_hash_cached(&y->hash);
    if (hx != -1 && hy != -1 && hx != hy) return false;
    return memcmp(x->data, y->data, x->len) == 0;
}

TlVal tl_intern(TlThread *th, TlVal s)
{
    TlStr *o = TL_STR(s);
    if (o->interned) return s;
    TlVM *vm = th->vm;
    if (!vm->interned && !(vm->interned = tl_dict_new(th))) return TL_NULL;
    tl_str_hash(s);
    bool locked = vm->mt;
    if (locked) tl_lock(th, tl_obj(vm->interned));
    TlVal r = tl_dict_get_str(vm->interned, s);
    if (!r) {
        r = tl_is_exact_str(s) ? s : make(th, o->data, o->len, o->nchars);
        if (r) {
            tl_str_hash(r);
            TL_STR(r)->interned = 1;
            if (tl_dict_set(th, vm->interned, r, r) < 0) r = TL_NULL;
        }
    }
    if (locked) tl_unlock(th, tl_obj(vm->interned));
    return r;
}

TlVal tl_intern_cstr(TlThread *th, const char *s)
{
    TlVal v = tl_str_cstr(th, s);
    return v ? tl_intern(th, v) : TL_NULL;
}

TlVal tl_str_concat(TlThread *th, TlVal a, TlVal b)
{
    TlStr *x = TL_STR(a), *y = TL_STR(b);
    if (y->len == 0 && tl_is_exact_str(a)) return a;
    if (x->len == 0 && tl_is_exact_str(b)) return b;
    if (x->len + y->len < x->len) return tl_raise_nomem(th);
    TlStr *o = str_alloc(th, &tl_str_type, x->len + y->len);
    if (!o) return TL_NULL;
    memcpy(o->data, x->data, x->len);
    memcpy(o->data + x->len, y->data, y->len);
    o->nchars = x->nchars + y->nchars;
    o->ascii = x->ascii && y->ascii;
    return tl_val(o);
}

/* ------------------------------------------------------ repr */

static bool printable(uint32_t c)
{
    if (c < 0x80) return c >= 0x20 && c < 0x7f;
    return (tl_uni_props(c) & TL_U_PRINT) != 0;
}

/* repr() of str s: CPython's quoting and escaping rules. */
static void repr_into(TlBuilder *b, TlVal s)
{
    TlStr *o = TL_STR(s);
    char quote = '\'';
    if (memchr(o->data, '\'', o->len) && !memchr(o->data, '"', o->len)) quote = '"';
    tl_sb_addc(b, quote);
    const char *p = o->data, *e = p + o->len;
    while (p < e) {
        const char *start = p;
        uint32_t c = tl_utf8_next(&p);
        char buf[16];
        if (c == (uint32_t)quote || c == '\\') {
            tl_sb_addc(b, '\\');
            tl_sb_addc(b, (char)c);
        } else if (c == '\n') tl_sb_add(b, "\\n", 2);
        else if (c == '\t') tl_sb_add(b, "\\t", 2);
        else if (c == '\r') tl_sb_add(b, "\\r", 2);
        else if (printable(c))
            tl_sb_add(b, start, (size_t)(p - start));
        else {
            if (c <= 0xff) snprintf(buf, sizeof buf, "\\x%02x", (unsigned)c);
            else if (c <= 0xffff) snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
            else snprintf(buf, sizeof buf, "\\U%08x", (unsigned)c);
            tl_sb_adds(b, buf);
        }
    }
    tl_sb_addc(b, quote);
}

static TlVal str_repr(TlThread *th, TlVal self)
{
    TlBuilder b;
    tl_sb_init(&b);
    repr_into(&b, self);
    return tl_sb_finish(th, &b);
}

TlVal tl_str_to_ascii(TlThread *th, TlVal s)
{
    if (TL_STR(s)->ascii) return s;
    TlBuilder b;
    tl_sb_init(&b);
    const char *p = TL_STR(s)->data, *e = p + TL_STR(s)->len;
    while (p < e) {
        uint32_t c = tl_utf8_next(&p);
        char buf[16];
        if (c < 0x80) { tl_sb_addc(&b, (char)c); continue; }
        if (c <= 0xff) snprintf(buf, sizeof buf, "\\x%02x", (unsigned)c);
        else if (c <= 0xffff) snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
        else snprintf(buf, sizeof buf, "\\U%08x", (unsigned)c);
        tl_sb_adds(&b, buf);
    }
    return tl_sb_finish(th, &b);
}

/* ------------------------------------------------------ codecs */

typedef enum { CODEC_UTF8, CODEC_ASCII, CODEC_LATIN1, CODEC_BAD } Codec;
typedef enum { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BAD } ErrMode;

/* Normalise a codec name as Python's lookup does (case, '-' vs '_'). */
static Codec codec_of(const char *name)
{
    char n[32];
    size_t i = 0;
    for (; name[i] && i < sizeof n - 1; i++) {
        char c = name[i];
        n[i] = c == '-' || c == ' ' ? '_' : (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    n[i] = 0;
    static const struct { const char *name; Codec c; } names[] = {
        {"utf_8", CODEC_UTF8}, {"utf8", CODEC_UTF8}, {"u8", CODEC_UTF8},
        {"ascii", CODEC_ASCII}, {"us_ascii", CODEC_ASCII},
        {"latin_1", CODEC_LATIN1}, {"latin1", CODEC_LATIN1},
        {"iso_8859_1", CODEC_LATIN1}, {"iso8859_1", CODEC_LATIN1},
        {"l1", CODEC_LATIN1},
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (!strcmp(n, names[k].name)) return names[k].c;
    return CODEC_BAD;
}

static const char *codec_name(Codec c)
{
    return c == CODEC_UTF8 ? "utf-8" : c == CODEC_ASCII ? "ascii" : "latin-1";
}

static int codec_args(TlThread *th, const char *enc, const char *errors,
                      Codec *c, ErrMode *e)
{
    *c = codec_of(enc);
    if (*c == CODEC_BAD) {
        tl_raise(th, &tl_LookupError, "unknown encoding: %s", enc);
        return -1;
    }
    *e = !strcmp(errors, "strict") ? ERR_STRICT : !strcmp(errors, "ignore") ? ERR_IGNORE
       : !strcmp(errors, "replace") ? ERR_REPLACE : ERR_BAD;
    if (*e == ERR_BAD) {
        tl_raise(th, &tl_LookupError, "unknown error handler name '%s'", errors);
        return -1;
    }
    return 0;
}

/* Length of the invalid UTF-8 sequence at p[0..n) that CPython's decoder
 * reports as one error (the maximal valid-looking prefix, at least 1). */
static size_t bad_utf8_len(const unsigned char *p, size_t n, const char **why)
{
    unsigned c = p[0];
    size_t k = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2
             : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    *why = "invalid start byte";
    if (k == 0) return 1;
    unsigned lo = 0x80, hi = 0xbf;          /* allowed range of the 2nd byte */
    if (c == 0xe0) lo = 0xa0;
    else if (c == 0xed) hi = 0x9f;
    else if (c == 0xf0) lo = 0x90;
    else if (c == 0xf4) hi = 0x8f;
    size_t i = 1;
    for (; i <= k && i < n; i++) {
        unsigned ok_lo = i == 1 ? lo : 0x80, ok_hi = i == 1 ? hi : 0xbf;
        if (p[i] < ok_lo || p[i] > ok_hi) { *why = "invalid continuation byte"; return i; }
    }
    *why = "unexpected end of data";
    return i;
}

TlVal tl_str_decode(TlThread *th, const void *data, size_t n, const char *enc,
                    const char *errors)
{
    Codec c;
    ErrMode em;
    if (codec_args(th, enc, errors, &c, &em) < 0) return TL_NULL;
    const unsigned char *p = data;
    TlBuilder b;
    tl_sb_init(&b);
    size_t i = 0;
    while (i < n) {
        size_t ok = c == CODEC_UTF8 ? tl_utf8_valid_prefix((const char *)p + i, n - i) : 0;
        if (c != CODEC_UTF8)
            while (i + ok < n && p[i + ok] < 0x80) ok++;
        tl_sb_add(&b, (const char *)p + i, ok);
        i += ok;
        if (i == n) break;
        if (c == CODEC_LATIN1) { tl_sb_addcp(&b, p[i++]); continue; }
        const char *why = "ordinal not in range(128)";
        size_t bad = c == CODEC_UTF8 ? bad_utf8_len(p + i, n - i, &why) : 1;
        if (em == ERR_STRICT) {
            tl_sb_free(&b);
            if (bad == 1)
                return tl_raise(th, &tl_UnicodeDecodeError,
                                "'%s' codec can't decode byte 0x%x in position %zu: %s",
                                codec_name(c), (unsigned)p[i], i, why);
            return tl_raise(th, &tl_UnicodeDecodeError,
                            "'%s' codec can't decode bytes in position %zu-%zu: %s",
                            codec_name(c), i, i + bad - 1, why);
        }
        if (em == ERR_REPLACE) tl_sb_addcp(&b, 0xfffd);
        i += bad;
    }
    return tl_sb_finish(th, &b);
}

TlVal tl_str_encode(TlThread *th, TlVal s, const char *enc, const char *errors)
{
    Codec c;
    ErrMode em;
    if (codec_args(th, enc, errors, &c, &em) < 0) return TL_NULL;
    TlStr *o = TL_STR(s);
    if (c == CODEC_UTF8 || o->ascii) {
        /* Lone surrogates cannot be encoded in strict UTF-8. */
        const char *p = o->data, *e = p + o->len;
        size_t pos = 0;
        for (; !o->ascii && p < e; pos++) {
            uint32_t cp = tl_utf8_next(&p);
            if (cp >= 0xd800 && cp <= 0xdfff && em == ERR_STRICT)
                return tl_raise(th, &tl_UnicodeEncodeError,
                                "'utf-8' codec can't encode character '\\u%x' in "
                                "position %zu: surrogates not allowed", (unsigned)cp, pos);
        }
        return tl_bytes_new(th, o->data, o->len);
    }
    uint32_t limit = c == CODEC_ASCII ? 0x80 : 0x100;
    char *out = malloc(o->nchars + 1);
    if (!out) return tl_raise_nomem(th);
    size_t n = 0, pos = 0;
    const char *p = o->data, *e = p + o->len;
    for (; p < e; pos++) {
        uint32_t cp = tl_utf8_next(&p);
        if (cp < limit) { out[n++] = (char)cp; continue; }
        if (em == ERR_REPLACE) out[n++] = '?';
        else if (em == ERR_STRICT) {
            free(out);
            size_t end = pos + 1;       /* CPython reports the whole bad run */
            for (const char *q = p; q < e && tl_utf8_next(&q) >= limit;) end++;
            if (end - pos > 1)
                return tl_raise(th, &tl_UnicodeEncodeError,
                                "'%s' codec can't encode characters in position %zu-%zu: "
                                "ordinal not in range(%u)", codec_name(c), pos, end - 1,
                                (unsigned)limit);
            char buf[16];
            snprintf(buf, sizeof buf, cp <= 0xff ? "\\x%02x" : cp <= 0xffff ? "\\u%04x"
                     : "\\U%08x", (unsigned)cp);
            return tl_raise(th, &tl_UnicodeEncodeError,
                            "'%s' codec can't encode character '%s' in position %zu: "
                            "ordinal not in range(%u)", codec_name(c), buf, pos,
                            (unsigned)limit);
        }
    }
    TlVal r = tl_bytes_new(th, out, n);
    free(out);
    return r;
}

/* ------------------------------------------------------ argument helpers */

static bool need_str(TlThread *th, TlVal v, const char *what)
{
    if (tl_is_str(v)) return true;
    if (what) tl_raise(th, &tl_TypeError, "%s, not %T", what, v);
    else tl_raise(th, &tl_TypeError, "must be str, not %T", v);
    return false;
}

/* Clamp a start/end pair (in characters, TL_NULL or None for "absent") as
 * CPython's ADJUST_INDICES does: end into [0, len], start only from below
 * (a start past the end makes every match fail, even an empty one).
 * Returns -1 on a TypeError from __index__. */
static int range_args(TlThread *th, TlVal a, TlVal b, size_t len,
                      intptr_t *start, intptr_t *end)
{
    intptr_t n = (intptr_t)len, v;
    *start = 0;
    *end = n;
    TlVal in[2] = {a, b};
    intptr_t *out[2] = {start, end};
    for (int i = 0; i < 2; i++) {
        if (!in[i] || in[i] == TL_NONE) continue;
        if (tl_index(th, in[i], &v) < 0) return -1;
        if (v < 0) { v += n; if (v < 0) v = 0; }
        else if (v > n && i == 1) v = n;
        *out[i] = v;
    }
    return 0;
}

/* First byte offset >= from where needle occurs in hay[from..to), or -1. */
intptr_t tl_mem_find(const char *hay, size_t from, size_t to, const char *nd, size_t nn)
{
    if (nn == 0) return from <= to ? (intptr_t)from : -1;
    if (to < from || to - from < nn) return -1;
    const char *p = hay + from, *last = hay + to - nn;
    while (p <= last) {
        p = memchr(p, nd[0], (size_t)(last - p) + 1);
        if (!p) return -1;
        if (memcmp(p, nd, nn) == 0) return p - hay;
        p++;
    }
    return -1;
}

intptr_t tl_mem_rfind(const char *hay, size_t from, size_t to, const char *nd, size_t nn)
{
    if (to < from || to - from < nn) return -1;
    for (size_t i = to - nn + 1; i-- > from;)
        if (memcmp(hay + i, nd, nn) == 0) return (intptr_t)i;
    return -1;
}

/* ------------------------------------------------------ type slots */

static TlVal str_str(TlThread *th, TlVal self)
{
    if (tl_is_exact_str(self)) return self;
    return make(th, TL_STR(self)->data, TL_STR(self)->len, TL_STR(self)->nchars);
}

static TlHash str_hash(TlThread *th, TlVal self)
{
    (void)th;
    return tl_str_hash(self);
}

static int cmp_str(TlVal a, TlVal b)
{
    TlStr *x = TL_STR(a), *y = TL_STR(b);
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->data, y->data, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static TlVal str_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    (void)th;
    if (!tl_is_str(a) || !tl_is_str(b)) return TL_NOTIMPL;
    if (op == TL_EQ || op == TL_NE) return tl_bool(tl_str_eq(a, b) == (op == TL_EQ));
    int c = cmp_str(a, b);
    switch (op) {
    case TL_LT: return tl_bool(c < 0);
    case TL_LE: return tl_bool(c <= 0);
    case TL_GT: return tl_bool(c > 0);
    default: return tl_bool(c >= 0);
    }
}

static TlVal repeat(TlThread *th, TlVal s, intptr_t n)
{
    TlStr *o = TL_STR(s);
    if (n <= 0 || o->len == 0) return EMPTY;
    if (n == 1 && tl_is_exact_str(s)) return s;
    if ((size_t)n > (SIZE_MAX / 2) / o->len) return tl_raise_nomem(th);
    TlStr *r = str_alloc(th, &tl_str_type, o->len * (size_t)n);
    if (!r) return TL_NULL;
    for (intptr_t i = 0; i < n; i++) memcpy(r->data + (size_t)i * o->len, o->data, o->len);
    r->nchars = o->nchars * (size_t)n;
    r->ascii = o->ascii;
    return tl_val(r);
}

/* True when a builtin operand could not possibly take part in the
 * operation from its side, so the str error message applies now.  Heap
 * types may implement the reflected dunder: let the generic code try. */
static bool other_may_reflect(TlVal v)
{
    return !tl_is_small(v) && (tl_type(v)->flags & TL_TF_HEAP);
}

static TlVal str_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    if (op == TL_OP_ADD) {
        if (!tl_is_str(a)) return TL_NOTIMPL;
        if (tl_is_str(b)) return tl_str_concat(th, a, b);
        if (other_may_reflect(b)) return TL_NOTIMPL;
        return tl_raise(th, &tl_TypeError,
                        "can only concatenate str (not \"%s\") to str", tl_type_name(b));
    }
    if (op == TL_OP_MUL) {
        TlVal s = tl_is_str(a) ? a : b, n = tl_is_str(a) ? b : a;
        intptr_t count;
        if (!tl_is_int(n) && !tl_type_lookup(tl_type(n), TLN(__index__))) {
            if (other_may_reflect(n)) return TL_NOTIMPL;
            return tl_raise(th, &tl_TypeError,
                            "can't multiply sequence by non-int of type '%s'",
                            tl_type_name(n));
        }
        if (tl_index(th, n, &count) < 0) return TL_NULL;
        return repeat(th, s, count);
    }
    if (op == TL_OP_MOD && tl_is_str(a)) return tl_str_mod(th, a, b);
    return TL_NOTIMPL;
}

static int64_t str_len(TlThread *th, TlVal self)
{
    (void)th;
    return (int64_t)TL_STR(self)->nchars;
}

static int str_contains(TlThread *th, TlVal self, TlVal item)
{
    if (!tl_is_str(item)) {
        tl_raise(th, &tl_TypeError, "'in <string>' requires string as left operand, not %T", item);
        return -1;
    }
    TlStr *o = TL_STR(self), *n = TL_STR(item);
    return tl_mem_find(o->data, 0, o->len, n->data, n->len) >= 0;
}

static TlVal str_getitem(TlThread *th, TlVal self, TlVal key)
{
    TlStr *o = TL_STR(self);
    if (tl_is_exact(key, &tl_slice_type)) {
        intptr_t start, stop, step;
        intptr_t n = tl_slice_indices(th, key, (intptr_t)o->nchars, &start, &stop, &step);
        if (n < 0) return TL_NULL;
        if (n == 0) return EMPTY;
        if (step == 1) {
            size_t b0 = tl_str_offset(self, (size_t)start);
            size_t b1 = o->ascii ? (size_t)stop : b0;
            if (!o->ascii) {            /* walk n characters from b0 */
                const char *p = o->data + b0;
                for (intptr_t i = 0; i < n; i++) tl_utf8_next(&p);
                b1 = (size_t)(p - o->data);
            }
            return make(th, o->data + b0, b1 - b0, (size_t)n);
        }
        TlBuilder b;
        tl_sb_init(&b);
        if (o->ascii) {
            for (intptr_t i = 0, k = start; i < n; i++, k += step) tl_sb_addc(&b, o->data[k]);
            return tl_sb_finish(th, &b);
        }
        uint32_t *cps = malloc(o->nchars * sizeof *cps);   /* decode once */
        if (!cps) return tl_raise_nomem(th);
        const char *p = o->data;
        for (size_t i = 0; i < o->nchars; i++) cps[i] = tl_utf8_next(&p);
        for (intptr_t i = 0, k = start; i < n; i++, k += step) tl_sb_addcp(&b, cps[k]);
        free(cps);
        return tl_sb_finish(th, &b);
    }
    if (!tl_is_int(key) && !tl_type_lookup(tl_type(key), TLN(__index__)))
        return tl_raise(th, &tl_TypeError, "string indices must be integers, not '%s'",
                        tl_type_name(key));
    intptr_t i;
    if (tl_index(th, key, &i) < 0) return TL_NULL;
    if (i < 0) i += (intptr_t)o->nchars;
    if (i < 0 || (size_t)i >= o->nchars)
        return tl_raise(th, &tl_IndexError, "string index out of range");
    if (o->ascii) return CHAR(o->data[i]);
    size_t off = tl_str_offset(self, (size_t)i);
    const char *p = o->data + off;
    tl_utf8_next(&p);
    return make(th, o->data + off, (size_t)(p - o->data) - off, 1);
}

/* str(object='') / str(object=b'', encoding='utf-8', errors='strict') */
static TlVal str_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwl[] = {"object", "encoding", "errors", NULL};
    TlVal a[3];
    if (tl_args(th, "str", args, nargs, kw, kwl, 0, 3, a) < 0) return TL_NULL;
    TlVal r;
    if (!a[0]) r = EMPTY;
    else if (!a[1] && !a[2]) r = tl_str(th, a[0]);
    else {
        if ((a[1] && !need_str(th, a[1], "str() argument 'encoding' must be str")) ||
            (a[2] && !need_str(th, a[2], "str() argument 'errors' must be str")))
            return TL_NULL;
        const uint8_t *p;
        size_t n;
        if (tl_is_str(a[0])) return tl_raise(th, &tl_TypeError, "decoding str is not supported");
        if (!tl_bytes_view(a[0], &p, &n))
            return tl_raise(th, &tl_TypeError,
                            "decoding to str: need a bytes-like object, %T found", a[0]);
        r = tl_str_decode(th, p, n, a[1] ? tl_cstr(a[1]) : "utf-8",
                          a[2] ? tl_cstr(a[2]) : "strict");
    }
    if (!r || t == &tl_str_type) return r;
    TlStr *o = str_alloc(th, t, TL_STR(r)->len);
    if (!o) return TL_NULL;
    memcpy(o->data, TL_STR(r)->data, TL_STR(r)->len);
    o->nchars = TL_STR(r)->nchars;
    o->ascii = TL_STR(r)->ascii;
    return tl_val(o);
}

/* ------------------------------------------------------ iterator */

typedef struct StrIter {
    TlObj ob;
    TlVal s;
    size_t off;                      /* byte offset of the next character */
} StrIter;

static void striter_mark(TlGC *gc, TlObj *o) { tl_mark(gc, ((StrIter *)o)->s); }

static TlVal striter_next(TlThread *th, TlVal self)
{
    StrIter *it = (StrIter *)tl_obj(self);
    TlStr *o = TL_STR(it->s);
    if (it->off >= o->len) return TL_NULL;
    const char *p = o->data + it->off;
    if ((unsigned char)*p < 0x80) { it->off++; return CHAR(*p); }
    tl_utf8_next(&p);
    size_t start = it->off;
    it->off = (size_t)(p - o->data);
    return make(th, o->data + start, it->off - start, 1);
}

static TlType striter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "str_iterator",
    .size = sizeof(StrIter),
    .mark = striter_mark,
    .iter = tl_iter_self,
    .iternext = striter_next,
};

static TlVal str_iter(TlThread *th, TlVal self)
{
    StrIter *it = tl_alloc(th, &striter_type, sizeof(StrIter));
    if (!it) return TL_NULL;
    it->s = self;
    return tl_val(it);
}

/* ------------------------------------------------------ methods: search */

#define SELF TL_STR(args[0])

/* The common (sub[, start[, end]]) prologue of find/index/count ... in
 * bytes: *from and *to bound the searched bytes. */
static int sub_args(TlThread *th, const char *name, TlVal *args, int nargs, TlVal kw,
                    TlVal *subv, size_t *from, size_t *to)
{
    TlVal a[3];
    if (tl_args(th, name, args + 1, nargs - 1, kw, NULL, 1, 3, a) < 0) return -1;
    if (!need_str(th, a[0], NULL)) return -1;
    intptr_t s, e;
    if (range_args(th, a[1], a[2], SELF->nchars, &s, &e) < 0) return -1;
    *subv = a[0];
    if (e - s < (intptr_t)TL_STR(a[0])->nchars) {
        *from = 1, *to = 0;            /* an empty range: nothing matches */
        return 0;
    }
    *from = tl_str_offset(args[0], (size_t)s);
    *to = tl_str_offset(args[0], (size_t)e);
    return 0;
}

static TlVal find_common(TlThread *th, const char *name, TlVal *args, int nargs,
                         TlVal kw, bool rev, bool raise)
{
    TlVal subv;
    size_t from, to;
    if (sub_args(th, name, args, nargs, kw, &subv, &from, &to) < 0) return TL_NULL;
    TlStr *n = TL_STR(subv);
    intptr_t r = rev ? tl_mem_rfind(SELF->data, from, to, n->data, n->len)
                     : tl_mem_find(SELF->data, from, to, n->data, n->len);
    if (r < 0) {
        if (raise) return tl_raise(th, &tl_ValueError, "substring not found");
        return tl_mksmall(-1);
    }
    return tl_mksmall((intptr_t)char_index(args[0], (size_t)r));
}

static TlVal m_find(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "find", a, n, kw, false, false); }
static TlVal m_rfind(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "rfind", a, n, kw, true, false); }
static TlVal m_index(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "index", a, n, kw, false, true); }
static TlVal m_rindex(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "rindex", a, n, kw, true, true); }

static TlVal m_count(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlVal subv;
    size_t from, to;
    if (sub_args(th, "count", args, nargs, kw, &subv, &from, &to) < 0) return TL_NULL;
    TlStr *n = TL_STR(subv);
    if (from > to) return tl_mksmall(0);
    if (n->len == 0)
        return tl_mksmall((intptr_t)count_chars(SELF->data + from, to - from) + 1);
    intptr_t c = 0, r;
    while ((r = tl_mem_find(SELF->data, from, to, n->data, n->len)) >= 0) {
        c++;
        from = (size_t)r + n->len;
    }
    return tl_mksmall(c);
}

/* startswith/endswith: prefix may be a tuple of str. */
static TlVal affix_common(TlThread *th, const char *name, TlVal *args, int nargs,
                          TlVal kw, bool end)
{
    TlVal a[3];
    if (tl_args(th, name, args + 1, nargs - 1, kw, NULL, 1, 3, a) < 0) return TL_NULL;
    intptr_t s, e;
    if (range_args(th, a[1], a[2], SELF->nchars, &s, &e) < 0) return TL_NULL;
    bool tuple = tl_is_tuple(a[0]);
    size_t n = tuple ? TL_TUPLE(a[0])->len : 1;
    for (size_t i = 0; i < n; i++) {
        TlVal x = tuple ? TL_TUPLE(a[0])->items[i] : a[0];
        if (!tl_is_str(x)) {
            if (tuple)
                return tl_raise(th, &tl_TypeError,
                                "tuple for %s must only contain str, not %T", name, x);
            return tl_raise(th, &tl_TypeError,
                            "%s first arg must be str or a tuple of str, not %T", name, x);
        }
        TlStr *p = TL_STR(x);
        if (e - s < (intptr_t)p->nchars) continue;
        size_t from = tl_str_offset(args[0], (size_t)s);
        size_t to = tl_str_offset(args[0], (size_t)e);
        if (to - from < p->len) continue;
        if (memcmp(SELF->data + (end ? to - p->len : from), p->data, p->len) == 0)
            return TL_TRUE;
    }
    return TL_FALSE;
}

static TlVal m_startswith(TlThread *th, TlVal *a, int n, TlVal kw) { return affix_common(th, "startswith", a, n, kw, false); }
static TlVal m_endswith(TlThread *th, TlVal *a, int n, TlVal kw) { return affix_common(th, "endswith", a, n, kw, true); }

static TlVal fix_common(TlThread *th, const char *name, TlVal *args, int nargs,
                        TlVal kw, bool suffix)
{
    char msg[64];
    if (tl_args_n(th, name, nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    snprintf(msg, sizeof msg, "%s() argument must be str", name);
    if (!need_str(th, args[1], msg)) return TL_NULL;
    TlStr *p = TL_STR(args[1]);
    if (p->len <= SELF->len &&
        memcmp(SELF->data + (suffix ? SELF->len - p->len : 0), p->data, p->len) == 0 &&
        p->len > 0)
        return sub(th, args[0], suffix ? 0 : p->len, SELF->len - p->len);
    return sub(th, args[0], 0, SELF->len);
}

static TlVal m_removeprefix(TlThread *th, TlVal *a, int n, TlVal kw) { return fix_common(th, "removeprefix", a, n, kw, false); }
static TlVal m_removesuffix(TlThread *th, TlVal *a, int n, TlVal kw) { return fix_common(th, "removesuffix", a, n, kw, true); }

/* ------------------------------------------------------ methods: split */

/* Is the character at p whitespace?  *next is set past it. */
static bool is_space_at(const char *p, const char **next)
{
    unsigned char b = (unsigned char)*p;
    if (b < 0x80) {
        *next = p + 1;
        return b == ' ' || (b >= 0x09 && b <= 0x0d) || (b >= 0x1c && b <= 0x1f);
    }
    const char *q = p;
    uint32_t c = tl_utf8_next(&q);
    *next = q;
    return (tl_uni_props(c) & TL_U_SPACE) != 0;
}

/* split()/rsplit() on runs of whitespace. */
static int split_ws(TlThread *th, TlVal s, TlVal list, intptr_t maxsplit, bool rev)
{
    TlStr *o = TL_STR(s);
    const char *base = o->data, *e = base + o->len, *nx;
    if (!rev) {
        const char *p = base;
        for (;;) {
            while (p < e && is_space_at(p, &nx)) p = nx;
            if (p == e) return 0;
            const char *w = p;
            if (maxsplit-- == 0) {       /* the rest, trailing space kept */
                TlVal v = sub(th, s, (size_t)(w - base), (size_t)(e - w));
                return v ? tl_list_append(th, list, v) : -1;
            }
            while (p < e && !is_space_at(p, &nx)) p = nx;
            TlVal v = sub(th, s, (size_t)(w - base), (size_t)(p - w));
            if (!v || tl_list_append(th, list, v) < 0) return -1;
        }
    }
    /* Backwards: find the previous character start each step. */
    const char *p = e;
    for (;;) {
        const char *q;
        for (;;) {                     /* skip trailing whitespace */
            if (p == base) return 0;
            q = p - 1;
            while ((*(const unsigned char *)q & 0xc0) == 0x80) q--;
            if (!is_space_at(q, &nx)) break;
            p = q;
        }
        const char *wend = p;
        if (maxsplit-- == 0) {           /* the rest, leading space kept */
            TlVal v = sub(th, s, 0, (size_t)(wend - base));
            return v ? tl_list_append(th, list, v) : -1;
        }
        while (p > base) {
            q = p - 1;
            while ((*(const unsigned char *)q & 0xc0) == 0x80) q--;
            if (is_space_at(q, &nx)) break;
            p = q;
        }
        TlVal v = sub(th, s, (size_t)(p - base), (size_t)(wend - p));
        if (!v || tl_list_append(th, list, v) < 0) return -1;
    }
}

static int split_sep(TlThread *th, TlVal s, TlVal sepv, TlVal list, intptr_t maxsplit, bool rev)
{
    TlStr *o = TL_STR(s), *sp = TL_STR(sepv);
    size_t from = 0, to = o->len;
    while (maxsplit-- != 0) {
        intptr_t r = rev ? tl_mem_rfind(o->data, from, to, sp->data, sp->len)
                         : tl_mem_find(o->data, from, to, sp->data, sp->len);
        if (r < 0) break;
        TlVal v = rev ? sub(th, s, (size_t)r + sp->len, to - (size_t)r - sp->len)
                      : sub(th, s, from, (size_t)r - from);
        if (!v || tl_list_append(th, list, v) < 0) return -1;
        if (rev) to = (size_t)r;
        else from = (size_t)r + sp->len;
    }
    TlVal v = sub(th, s, from, to - from);
    return v ? tl_list_append(th, list, v) : -1;
}

static void reverse_list(TlVal list)
{
    TlList *l = TL_LIST(list);
    for (size_t i = 0, j = l->len; i + 1 < j; i++, j--) {
        TlVal t = l->items[i];
        l->items[i] = l->items[j - 1];
        l->items[j - 1] = t;
    }
}

static TlVal split_common(TlThread *th, const char *name, TlVal *args, int nargs,
                          TlVal kw, bool rev)
{
    static const char *const kwl[] = {"sep", "maxsplit", NULL};
    TlVal a[2];
    intptr_t maxsplit = -1;
    if (tl_args(th, name, args + 1, nargs - 1, kw, kwl, 0, 2, a) < 0) return TL_NULL;
    if (a[1] && tl_index(th, a[1], &maxsplit) < 0) return TL_NULL;
    bool ws = !a[0] || a[0] == TL_NONE;
    if (!ws && !need_str(th, a[0], "must be str or None")) return TL_NULL;
    if (!ws && TL_STR(a[0])->len == 0) return tl_raise(th, &tl_ValueError, "empty separator");
    TlVal list = tl_list_new(th, 0);
    if (!list) return TL_NULL;
    int r = ws ? split_ws(th, args[0], list, maxsplit, rev)
               : split_sep(th, args[0], a[0], list, maxsplit, rev);
    if (r < 0) return TL_NULL;
    if (rev) reverse_list(list);
    return list;
}

static TlVal m_split(TlThread *th, TlVal *a, int n, TlVal kw) { return split_common(th, "split", a, n, kw, false); }
static TlVal m_rsplit(TlThread *th, TlVal *a, int n, TlVal kw) { return split_common(th, "rsplit", a, n, kw, true); }

static TlVal m_splitlines(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwl[] = {"keepends", NULL};
    TlVal a[1];
    if (tl_args(th, "splitlines", args + 1, nargs - 1, kw, kwl, 0, 1, a) < 0) return TL_NULL;
    int keep = a[0] ? tl_truthy(th, a[0]) : 0;
    if (keep < 0) return TL_NULL;
    TlVal list = tl_list_new(th, 0);
    if (!list) return TL_NULL;
    const char *base = SELF->data, *p = base, *e = base + SELF->len, *line = base;
    while (p < e) {
        const char *q = p;
        uint32_t c = tl_utf8_next(&q);
        if (!tl_uni_linebreak(c)) { p = q; continue; }
        if (c == '\r' && q < e && *q == '\n') q++;
        TlVal v = sub(th, args[0], (size_t)(line - base), (size_t)((keep ? q : p) - line));
        if (!v || tl_list_append(th, list, v) < 0) return TL_NULL;
        line = p = q;
    }
    if (line < e) {
        TlVal v = sub(th, args[0], (size_t)(line - base), (size_t)(e - line));
        if (!v || tl_list_append(th, list, v) < 0) return TL_NULL;
    }
    return list;
}

static TlVal partition_common(TlThread *th, const char *name, TlVal *args, int nargs,
                              TlVal kw, bool rev)
{
    if (tl_args_n(th, name, nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    if (!need_str(th, args[1], NULL)) return TL_NULL;
    TlStr *sp = TL_STR(args[1]);
    if (sp->len == 0) return tl_raise(th, &tl_ValueError, "empty separator");
    intptr_t r = rev ? tl_mem_rfind(SELF->data, 0, SELF->len, sp->data, sp->len)
                     : tl_mem_find(SELF->data, 0, SELF->len, sp->data, sp->len);
    TlVal parts[3];
    if (r < 0) {
        parts[rev ? 2 : 0] = sub(th, args[0], 0, SELF->len);
        parts[1] = parts[rev ? 0 : 2] = EMPTY;
    } else {
        parts[0] = sub(th, args[0], 0, (size_t)r);
        parts[1] = sub(th, args[1], 0, sp->len);
        parts[2] = sub(th, args[0], (size_t)r + sp->len, SELF->len - (size_t)r - sp->len);
    }
    if (!parts[0] || !parts[1] || !parts[2]) return TL_NULL;
    return tl_tuple_from(th, parts, 3);
}

static TlVal m_partition(TlThread *th, TlVal *a, int n, TlVal kw) { return partition_common(th, "partition", a, n, kw, false); }
static TlVal m_rpartition(TlThread *th, TlVal *a, int n, TlVal kw) { return partition_common(th, "rpartition", a, n, kw, true); }

static TlVal m_join(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (kw || nargs != 2)
        return tl_raise(th, &tl_TypeError, "str.join() takes exactly one argument (%d given)",
                        nargs - 1);
    TlVal seq = args[1];
    if (!tl_is_exact(seq, &tl_list_type) && !tl_is_exact(seq, &tl_tuple_type)) {
        seq = tl_to_list(th, seq);
        if (!seq) return TL_NULL;
    }
    bool tuple = tl_is_tuple(seq);
    /* The list may be mutated by another thread: re-read it each step. */
    TlBuilder b;
    tl_sb_init(&b);
    for (size_t i = 0;; i++) {
        size_t n = tuple ? TL_TUPLE(seq)->len : TL_LIST(seq)->len;
        if (i >= n) break;
        TlVal x = tuple ? TL_TUPLE(seq)->items[i] : TL_LIST(seq)->items[i];
        if (!tl_is_str(x)) {
            tl_sb_free(&b);
            return tl_raise(th, &tl_TypeError,
                            "sequence item %zu: expected str instance, %T found", i, x);
        }
        if (i == 0 && n == 1 && tl_is_exact_str(x)) { tl_sb_free(&b); return x; }
        if (i > 0) tl_sb_add(&b, SELF->data, SELF->len);
        tl_sb_addv(&b, x);
    }
    return tl_sb_finish(th, &b);
}

/* ------------------------------------------------------ methods: strip */

/* Does cp occur in the UTF-8 set chars[0..n)? */
static bool in_set(uint32_t cp, const char *chars, size_t n)
{
    const char *p = chars, *e = chars + n;
    while (p < e)
        if (tl_utf8_next(&p) == cp) return true;
    return false;
}

static TlVal strip_common(TlThread *th, const char *name, TlVal *args, int nargs,
                          TlVal kw, bool left, bool right)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 1) < 0) return TL_NULL;
    TlVal chars = nargs > 1 ? args[1] : TL_NONE;
    if (chars != TL_NONE && !tl_is_str(chars))
        return tl_raise(th, &tl_TypeError, "%s arg must be None or str", name);
    const char *base = SELF->data, *p = base, *e = base + SELF->len, *nx;
    const char *cs = chars == TL_NONE ? NULL : tl_cstr(chars);
    size_t cn = chars == TL_NONE ? 0 : TL_STR(chars)->len;
    if (left) {
        while (p < e) {
            const char *q = p;
            uint32_t c = tl_utf8_next(&q);
            if (cs ? !in_set(c, cs, cn) : !is_space_at(p, &nx)) break;
            p = q;
        }
    }
    if (right) {
        while (e > p) {
            const char *q = e - 1;
            while ((*(const unsigned char *)q & 0xc0) == 0x80) q--;
            const char *r = q;
            uint32_t c = tl_utf8_next(&r);
            if (cs ? !in_set(c, cs, cn) : !is_space_at(q, &nx)) break;
            e = q;
        }
    }
    return sub(th, args[0], (size_t)(p - base), (size_t)(e - p));
}

static TlVal m_strip(TlThread *th, TlVal *a, int n, TlVal kw) { return strip_common(th, "strip", a, n, kw, true, true); }
static TlVal m_lstrip(TlThread *th, TlVal *a, int n, TlVal kw) { return strip_common(th, "lstrip", a, n, kw, true, false); }
static TlVal m_rstrip(TlThread *th, TlVal *a, int n, TlVal kw) { return strip_common(th, "rstrip", a, n, kw, false, true); }

/* ------------------------------------------------------ methods: replace */

static TlVal m_replace(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlVal a[3];
    if (tl_args(th, "replace", args + 1, nargs - 1, kw, NULL, 2, 3, a) < 0) return TL_NULL;
    if (!need_str(th, a[0], "replace() argument 1 must be str") ||
        !need_str(th, a[1], "replace() argument 2 must be str"))
        return TL_NULL;
    intptr_t count = -1;
    if (a[2] && tl_index(th, a[2], &count) < 0) return TL_NULL;
    TlStr *o = SELF, *old = TL_STR(a[0]), *nw = TL_STR(a[1]);
    TlBuilder b;
    tl_sb_init(&b);
    size_t from = 0;
    if (old->len == 0) {            /* insert before every character and at the end */
        const char *p = o->data, *e = p + o->len;
        for (;;) {
            if (count-- == 0) break;
            tl_sb_add(&b, nw->data, nw->len);
            if (p == e) break;
            const char *q = p;
            tl_utf8_next(&q);
            tl_sb_add(&b, p, (size_t)(q - p));
            p = q;
        }
        from = (size_t)(p - o->data);
    } else {
        intptr_t r;
        while (count-- != 0 && (r = tl_mem_find(o->data, from, o->len, old->data, old->len)) >= 0) {
            tl_sb_add(&b, o->data + from, (size_t)r - from);
            tl_sb_add(&b, nw->data, nw->len);
            from = (size_t)r + old->len;
        }
    }
    if (from == 0 && !b.p && tl_is_exact_str(args[0])) { tl_sb_free(&b); return args[0]; }
    tl_sb_add(&b, o->data + from, o->len - from);
    return tl_sb_finish(th, &b);
}

/* ------------------------------------------------------ methods: case */

typedef int (*CaseFn)(uint32_t cp, uint32_t out[3]);

static void add_mapped(TlBuilder *b, CaseFn fn, uint32_t c)
{
    uint32_t out[3];
    int n = fn(c, out);
    for (int i = 0; i < n; i++) tl_sb_addcp(b, out[i]);
}

/* Is the code point ending before byte p (or starting at p, forward) of a
 * cased letter once case-ignorable characters are skipped? */
static bool cased_around(const char *base, const char *p, const char *e, bool forward)
{
    while (forward ? p < e : p > base) {
        uint32_t c;
        if (forward) c = tl_utf8_next(&p);
        else {
            const char *q = p - 1;
            while ((*(const unsigned char *)q & 0xc0) == 0x80) q--;
            p = q;
            c = tl_utf8_next(&q);
        }
        unsigned pr = tl_uni_props(c);
        if (!(pr & TL_U_CASEIGN)) return (pr & TL_U_CASED) != 0;
    }
    return false;
}

/* Lowercase with the final-sigma rule: capital sigma at the end of a word
 * becomes 'ς'.  `at` is where c starts, `after` where it ends. */
static void add_lower(TlBuilder *b, const char *base, const char *at, const char *after,
                      const char *e, uint32_t c)
{
    if (c == 0x3a3 && cased_around(base, at, e, false) && !cased_around(base, after, e, true))
        tl_sb_addcp(b, 0x3c2);
    else add_mapped(b, tl_uni_lower, c);
}

typedef enum { CASE_UPPER, CASE_LOWER, CASE_SWAP, CASE_FOLD, CASE_TITLE, CASE_CAP } CaseOp;

static TlVal case_common(TlThread *th, const char *name, TlVal *args, int nargs,
                         TlVal kw, CaseOp op)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 0) < 0) return TL_NULL;
    TlStr *o = SELF;
    TlBuilder b;
    tl_sb_init(&b);
    const char *base = o->data, *p = base, *e = base + o->len;
    bool prev_cased = false, first = true;
    while (p < e) {
        const char *at = p;
        uint32_t c = tl_utf8_next(&p);
        unsigned pr = c < 0x80 ? ((c >= 'a' && c <= 'z') ? TL_U_LOWER
                                  : (c >= 'A' && c <= 'Z') ? TL_U_UPPER : 0)
                               : tl_uni_props(c);
        switch (op) {
        case CASE_UPPER: add_mapped(&b, tl_uni_upper, c); break;
        case CASE_LOWER: add_lower(&b, base, at, p, e, c); break;
        case CASE_FOLD: add_mapped(&b, tl_uni_fold, c); break;
        case CASE_SWAP:
            if (pr & TL_U_UPPER) add_lower(&b, base, at, p, e, c);
            else if (pr & TL_U_LOWER) add_mapped(&b, tl_uni_upper, c);
            else tl_sb_addcp(&b, c);
            break;
        case CASE_CAP:
            if (first) add_mapped(&b, tl_uni_title, c);
            else add_lower(&b, base, at, p, e, c);
            break;
        case CASE_TITLE:
            if (prev_cased) add_lower(&b, base, at, p, e, c);
            else add_mapped(&b, tl_uni_title, c);
            prev_cased = (pr & TL_U_CASED) != 0;
            break;
        }
        first = false;
    }
    return tl_sb_finish(th, &b);
}

static TlVal m_upper(TlThread *th, TlVal *a, int n, TlVal kw) { return case_common(th, "upper", a, n, kw, CASE_UPPER); }
static TlVal m_lower(TlThread *th, TlVal *a, int n, TlVal kw) { return case_common(th, "lower", a, n, kw, CASE_LOWER); }
static TlVal m_swapcase(TlThread *th, TlVal *a, int n, TlVal kw) { return case_common(th, "swapcase", a, n, kw, CASE_SWAP); }
static TlVal m_casefold(TlThread *th, TlVal *a, int n, TlVal kw) { return case_common(th, "casefold", a, n, kw, CASE_FOLD); }
static TlVal m_title(TlThread *th, TlVal *a, int n, TlVal kw) { return case_common(th, "title", a, n, kw, CASE_TITLE); }
static TlVal m_capitalize(TlThread *th, TlVal *a, int n, TlVal kw) { return case_common(th, "capitalize", a, n, kw, CASE_CAP); }

/* ------------------------------------------------------ methods: is* */

typedef enum {
    IS_ALPHA, IS_ALNUM, IS_DECIMAL, IS_DIGIT, IS_NUMERIC, IS_SPACE, IS_PRINTABLE,
    IS_ASCII, IS_UPPER, IS_LOWER, IS_TITLE, IS_IDENT
} IsOp;

static bool char_is(uint32_t c, IsOp op)
{
    unsigned p = tl_uni_props(c);
    switch (op) {
    case IS_ALPHA: return p & TL_U_ALPHA;
    case IS_ALNUM: return p & (TL_U_ALPHA | TL_U_NUMERIC);
    case IS_DECIMAL: return p & TL_U_DECIMAL;
    case IS_DIGIT: return p & TL_U_DIGIT;
    case IS_NUMERIC: return p & TL_U_NUMERIC;
    case IS_SPACE: return p & TL_U_SPACE;
    case IS_PRINTABLE: return p & TL_U_PRINT;
    default: return c < 0x80;
    }
}

static TlVal is_common(TlThread *th, const char *name, TlVal *args, int nargs,
                       TlVal kw, IsOp op)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 0) < 0) return TL_NULL;
    const char *p = SELF->data, *e = p + SELF->len;
    if (op == IS_ASCII) return tl_bool(SELF->ascii);
    if (op == IS_PRINTABLE && p == e) return TL_TRUE;
    if (p == e) return TL_FALSE;
    if (op == IS_IDENT) {
        uint32_t c = tl_utf8_next(&p);
        if (c != '_' && !(tl_uni_props(c) & TL_U_IDSTART)) return TL_FALSE;
        while (p < e)
            if (!(tl_uni_props(tl_utf8_next(&p)) & TL_U_IDCONT)) return TL_FALSE;
        return TL_TRUE;
    }
    if (op == IS_UPPER || op == IS_LOWER || op == IS_TITLE) {
        /* upper/lower: some cased character, none of the other case.
         * title: uppercase/titlecase only after uncased, lowercase only
         * after cased. */
        bool cased = false, prev_cased = false;
        while (p < e) {
            unsigned pr = tl_uni_props(tl_utf8_next(&p));
            if (op == IS_TITLE) {
                if (pr & (TL_U_UPPER | TL_U_TITLE)) {
                    if (prev_cased) return TL_FALSE;
                    prev_cased = cased = true;
                } else if (pr & TL_U_LOWER) {
                    if (!prev_cased) return TL_FALSE;
                    prev_cased = cased = true;
                } else prev_cased = false;
                continue;
            }
            if (pr & (op == IS_UPPER ? (TL_U_LOWER | TL_U_TITLE) : (TL_U_UPPER | TL_U_TITLE)))
                return TL_FALSE;
            if (pr & (op == IS_UPPER ? TL_U_UPPER : TL_U_LOWER)) cased = true;
        }
        return tl_bool(cased);
    }
    while (p < e)
        if (!char_is(tl_utf8_next(&p), op)) return TL_FALSE;
    return TL_TRUE;
}

#define IS_METHOD(fn, name, op) \
    static TlVal fn(TlThread *th, TlVal *a, int n, TlVal kw) { return is_common(th, name, a, n, kw, op); }
IS_METHOD(m_isalpha, "isalpha", IS_ALPHA)
IS_METHOD(m_isalnum, "isalnum", IS_ALNUM)
IS_METHOD(m_isdecimal, "isdecimal", IS_DECIMAL)
IS_METHOD(m_isdigit, "isdigit", IS_DIGIT)
IS_METHOD(m_isnumeric, "isnumeric", IS_NUMERIC)
IS_METHOD(m_isspace, "isspace", IS_SPACE)
IS_METHOD(m_isprintable, "isprintable", IS_PRINTABLE)
IS_METHOD(m_isascii, "isascii", IS_ASCII)
IS_METHOD(m_isupper, "isupper", IS_UPPER)
IS_METHOD(m_islower, "islower", IS_LOWER)
IS_METHOD(m_istitle, "istitle", IS_TITLE)
IS_METHOD(m_isidentifier, "isidentifier", IS_IDENT)

/* ------------------------------------------------------ methods: padding */

/* Pad self to `width` characters with `left` fill characters before it
 * and the rest after. */
static TlVal pad(TlThread *th, TlVal s, size_t width, size_t left, uint32_t fill)
{
    TlStr *o = TL_STR(s);
    if (width <= o->nchars) return sub(th, s, 0, o->len);
    TlBuilder b;
    tl_sb_init(&b);
    sb_fill(&b, fill, left);
    tl_sb_add(&b, o->data, o->len);
    sb_fill(&b, fill, width - o->nchars - left);
    return tl_sb_finish(th, &b);
}

typedef enum { JUST_LEFT, JUST_RIGHT, JUST_CENTER } Just;

static TlVal just_common(TlThread *th, const char *name, TlVal *args, int nargs,
                         TlVal kw, Just how)
{
    if (tl_args_n(th, name, nargs - 1, kw, 1, 2) < 0) return TL_NULL;
    intptr_t width;
    if (tl_index(th, args[1], &width) < 0) return TL_NULL;
    uint32_t fill = ' ';
    if (nargs > 2) {
        if (!tl_is_str(args[2]))
            return tl_raise(th, &tl_TypeError,
                            "%s() argument 2 must be str, not %T", name, args[2]);
        if (TL_STR(args[2])->nchars != 1)
            return tl_raise(th, &tl_TypeError,
                            "The fill character must be exactly one character long");
        fill = tl_str_codepoint_at(args[2], 0);
    }
    size_t n = SELF->nchars, w = width < 0 ? 0 : (size_t)width;
    size_t marg = w > n ? w - n : 0;
    size_t left = how == JUST_LEFT ? 0 : how == JUST_RIGHT ? marg
                : marg / 2 + (marg & w & 1);
    return pad(th, args[0], w, left, fill);
}

static TlVal m_ljust(TlThread *th, TlVal *a, int n, TlVal kw) { return just_common(th, "ljust", a, n, kw, JUST_LEFT); }
static TlVal m_rjust(TlThread *th, TlVal *a, int n, TlVal kw) { return just_common(th, "rjust", a, n, kw, JUST_RIGHT); }
static TlVal m_center(TlThread *th, TlVal *a, int n, TlVal kw) { return just_common(th, "center", a, n, kw, JUST_CENTER); }

static TlVal m_zfill(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "zfill", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    intptr_t width;
    if (tl_index(th, args[1], &width) < 0) return TL_NULL;
    TlStr *o = SELF;
    if (width <= (intptr_t)o->nchars) return sub(th, args[0], 0, o->len);
    TlBuilder b;
    tl_sb_init(&b);
    size_t skip = o->len > 0 && (o->data[0] == '+' || o->data[0] == '-');
    tl_sb_add(&b, o->data, skip);
    sb_fill(&b, '0', (size_t)width - o->nchars);
    tl_sb_add(&b, o->data + skip, o->len - skip);
    return tl_sb_finish(th, &b);
}

static TlVal m_expandtabs(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwl[] = {"tabsize", NULL};
    TlVal a[1];
    intptr_t tab = 8;
    if (tl_args(th, "expandtabs", args + 1, nargs - 1, kw, kwl, 0, 1, a) < 0) return TL_NULL;
    if (a[0] && tl_index(th, a[0], &tab) < 0) return TL_NULL;
    TlBuilder b;
    tl_sb_init(&b);
    size_t col = 0;
    const char *p = SELF->data, *e = p + SELF->len;
    while (p < e) {
        const char *q = p;
        uint32_t c = tl_utf8_next(&q);
        if (c == '\t') {
            if (tab > 0) {
                size_t n = (size_t)tab - col % (size_t)tab;
                sb_fill(&b, ' ', n);
                col += n;
            }
        } else {
            tl_sb_add(&b, p, (size_t)(q - p));
            col = c == '\n' || c == '\r' ? 0 : col + 1;
        }
        p = q;
    }
    return tl_sb_finish(th, &b);
}

/* ------------------------------------------------------ methods: misc */

static TlVal m_encode(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwl[] = {"encoding", "errors", NULL};
    TlVal a[2];
    if (tl_args(th, "encode", args + 1, nargs - 1, kw, kwl, 0, 2, a) < 0) return TL_NULL;
    if ((a[0] && !need_str(th, a[0], "encode() argument 'encoding' must be str")) ||
        (a[1] && !need_str(th, a[1], "encode() argument 'errors' must be str")))
        return TL_NULL;
    return tl_str_encode(th, args[0], a[0] ? tl_cstr(a[0]) : "utf-8",
                         a[1] ? tl_cstr(a[1]) : "strict");
}

static TlVal m_format(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    /* Keyword arguments (their values follow the positional ones) become
     * the mapping for {name} fields. */
    TlVal mapping = TL_NULL;
    if (kw && TL_TUPLE(kw)->len > 0) {
        if (!(mapping = tl_dict_new(th))) return TL_NULL;
        for (size_t i = 0; i < TL_TUPLE(kw)->len; i++)
            if (tl_dict_set(th, mapping, TL_TUPLE(kw)->items[i], args[nargs + i]) < 0)
                return TL_NULL;
    }
    return tl_str_format_call(th, args[0], args + 1, nargs - 1, mapping);
}

static TlVal m_format_map(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "format_map", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    return tl_str_format_call(th, args[0], NULL, 0, args[1]);
}

static TlVal m_dunder_format(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__format__", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    if (!tl_is_str(args[1]))
        return tl_raise(th, &tl_TypeError, "__format__() argument must be str, not %T", args[1]);
    return tl_format_str(th, args[0], args[1]);
}

/* str.maketrans(x[, y[, z]]): a dict from code points to code points,
 * strings or None. */
static TlVal m_maketrans(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "maketrans", nargs, kw, 1, 3) < 0) return TL_NULL;
    TlVal d = tl_dict_new(th);
    if (!d) return TL_NULL;
    if (nargs == 1) {
        if (!tl_is_dict(args[0]))
            return tl_raise(th, &tl_TypeError,
                            "if you give only one argument to maketrans it must be a dict");
        size_t pos = 0;
        TlVal k, v;
        while (tl_dict_next(args[0], &pos, &k, &v)) {
            if (tl_is_str(k)) {
                if (TL_STR(k)->nchars != 1)
                    return tl_raise(th, &tl_ValueError,
                                    "string keys in translate table must be of length 1");
                k = tl_mksmall(tl_str_codepoint_at(k, 0));
            } else if (!tl_is_int(k))
                return tl_raise(th, &tl_TypeError,
                                "keys in translate table must be strings or integers");
            if (tl_dict_set(th, d, k, v) < 0) return TL_NULL;
        }
        return d;
    }
    if (!need_str(th, args[0], "maketrans() argument 1 must be str") ||
        !need_str(th, args[1], "maketrans() argument 2 must be str") ||
        (nargs > 2 && !need_str(th, args[2], "maketrans() argument 3 must be str")))
        return TL_NULL;
    if (TL_STR(args[0])->nchars != TL_STR(args[1])->nchars)
        return tl_raise(th, &tl_ValueError,
                        "the first two maketrans arguments must have equal length");
    const char *p = tl_cstr(args[0]), *q = tl_cstr(args[1]);
    for (size_t i = 0; i < TL_STR(args[0])->nchars; i++) {
        TlVal k = tl_mksmall(tl_utf8_next(&p)), v = tl_mksmall(tl_utf8_next(&q));
        if (tl_dict_set(th, d, k, v) < 0) return TL_NULL;
    }
    if (nargs > 2) {
        const char *r = tl_cstr(args[2]), *e = r + TL_STR(args[2])->len;
        while (r < e)
            if (tl_dict_set(th, d, tl_mksmall(tl_utf8_next(&r)), TL_NONE) < 0) return TL_NULL;
    }
    return d;
}

static TlVal m_translate(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "translate", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    TlBuilder b;
    tl_sb_init(&b);
    const char *p = SELF->data, *e = p + SELF->len;
    while (p < e) {
        const char *at = p;
        uint32_t c = tl_utf8_next(&p);
        TlVal v = tl_getitem(th, args[1], tl_mksmall(c));
        if (!v) {
            if (!tl_exc_matches(th, &tl_LookupError)) { tl_sb_free(&b); return TL_NULL; }
            tl_exc_clear(th);
            tl_sb_add(&b, at, (size_t)(p - at));
            continue;
        }
        if (v == TL_NONE) continue;
        if (tl_is_str(v)) { tl_sb_addv(&b, v); continue; }
        intptr_t cp;
        if (!tl_is_int(v) || tl_index(th, v, &cp) < 0) {
            tl_sb_free(&b);
            if (!tl_is_int(v))
                tl_raise(th, &tl_TypeError,
                         "character mapping must return integer, None or str");
            return TL_NULL;
        }
        if (cp < 0 || cp > 0x10ffff) {
            tl_sb_free(&b);
            return tl_raise(th, &tl_ValueError,
                            "character mapping must be in range(0x110000)");
        }
        tl_sb_addcp(&b, (uint32_t)cp);
    }
    return tl_sb_finish(th, &b);
}

static const TlMethodDef str_methods[] = {
    {"find", m_find, 0}, {"rfind", m_rfind, 0}, {"index", m_index, 0},
    {"rindex", m_rindex, 0}, {"count", m_count, 0},
    {"startswith", m_startswith, 0}, {"endswith", m_endswith, 0},
    {"removeprefix", m_removeprefix, 0}, {"removesuffix", m_removesuffix, 0},
    {"split", m_split, 0}, {"rsplit", m_rsplit, 0}, {"splitlines", m_splitlines, 0},
    {"partition", m_partition, 0}, {"rpartition", m_rpartition, 0},
    {"join", m_join, 0}, {"strip", m_strip, 0}, {"lstrip", m_lstrip, 0},
    {"rstrip", m_rstrip, 0}, {"replace", m_replace, 0},
    {"upper", m_upper, 0}, {"lower", m_lower, 0}, {"swapcase", m_swapcase, 0},
    {"casefold", m_casefold, 0}, {"title", m_title, 0}, {"capitalize", m_capitalize, 0},
    {"isalpha", m_isalpha, 0}, {"isalnum", m_isalnum, 0}, {"isdecimal", m_isdecimal, 0},
    {"isdigit", m_isdigit, 0}, {"isnumeric", m_isnumeric, 0}, {"isspace", m_isspace, 0},
    {"isprintable", m_isprintable, 0}, {"isascii", m_isascii, 0},
    {"isupper", m_isupper, 0}, {"islower", m_islower, 0}, {"istitle", m_istitle, 0},
    {"isidentifier", m_isidentifier, 0},
    {"ljust", m_ljust, 0}, {"rjust", m_rjust, 0}, {"center", m_center, 0},
    {"zfill", m_zfill, 0}, {"expandtabs", m_expandtabs, 0},
    {"encode", m_encode, 0}, {"format", m_format, 0}, {"format_map", m_format_map, 0},
    {"__format__", m_dunder_format, 0}, {"maketrans", m_maketrans, TL_METH_STATIC},
    {"translate", m_translate, 0},
    {NULL, NULL, 0},
};

TlType tl_str_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "str",
    .size = sizeof(TlStr),
    .itemsize = 1,
    .flags = TL_TF_BASETYPE | TL_TF_STR,
    .tp_new = str_tp_new,
    .repr = str_repr,
    .str = str_str,
    .hash = str_hash,
    .richcmp = str_richcmp,
    .binop = str_binop,
    .len = str_len,
    .getitem = str_getitem,
    .contains = str_contains,
    .iter = str_iter,
    .methods = str_methods,
};

void tl_str_init(TlThread *th)
{
    tl_type_ready(th, &tl_str_type);
    tl_type_ready(th, &striter_type);
}
