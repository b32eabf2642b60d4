/*
 * json.c -- JSON parsing into an arena-allocated tree, and JSON writing.
 *
 * The parser is a recursive descent over RFC 8259 with a depth limit (so a
 * hostile "[[[[..." cannot exhaust the C stack), strict UTF-8 checking of
 * strings and \u escapes joined into UTF-8 (surrogate pairs included).  All
 * nodes and decoded strings come from one arena, so a request's tree is
 * freed in one call whatever happened while parsing it.
 */
#include "json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64 };

typedef struct Block {
    struct Block *next;
    size_t used, cap;
    _Alignas(max_align_t) char data[];
} Block;

struct TlJsonDoc {
    Block *blocks;
    TlJson *root;
};

typedef struct {
    const char *s, *end;
    TlJsonDoc *doc;
    const char *err;
    int depth;
} Parser;

static void *arena(TlJsonDoc *d, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    Block *b = d->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 8192 ? n : 8192;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = d->blocks;
        b->used = 0;
        b->cap = cap;
        d->blocks = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

static bool fail(Parser *p, const char *msg)
{
    if (!p->err)
        p->err = msg;
    return false;
}

static void skip_ws(Parser *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
        p->s++;
}

size_t tl_utf8_seq(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

size_t tl_utf8_whole(const char *s, size_t n)
{
    /* Look back at most 3 bytes for the start of a sequence. */
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned char c = (unsigned char)s[n - back];
        if ((c & 0xC0) == 0x80)
            continue;                      /* continuation byte */
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return want > back ? n - back : n;
    }
    return n;
}

static void put_utf8(char *o, size_t *k, uint32_t cp)
{
    if (cp < 0x80) {
        o[(*k)++] = (char)cp;
    } else if (cp < 0x800) {
        o[(*k)++] = (char)(0xC0 | cp >> 6);
        o[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        o[(*k)++] = (char)(0xE0 | cp >> 12);
        o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        o[(*k)++] = (char)(0xF0 | cp >> 18);
        o[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[(*k)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static int hex4(const char *s, const char *end)
{
    if (end - s < 4)
        return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Parses a string literal (p->s at the opening quote).  The decoded form is
 * never longer than the source, so one arena block of that size suffices. */
static bool parse_string(Parser *p, const char **out, size_t *outlen)
{
    const char *s = ++p->s;
    const char *q = s;
    while (q < p->end && *q != '"') {
        if (*q == '\\' && q + 1 < p->end)
            q++;
        q++;
    }
    if (q >= p->end)
        return fail(p, "unterminated string");
    char *o = arena(p->doc, (size_t)(q - s) + 1);
    if (!o)
        return fail(p, "out of memory");
    size_t k = 0;
    while (s < q) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20)
            return fail(p, "control character in string");
        if (c != '\\') {
            size_t n = tl_utf8_seq((const unsigned char *)s, (size_t)(q - s));
            if (!n)
                return fail(p, "invalid UTF-8 in string");
            memcpy(o + k, s, n);
            k += n;
            s += n;
            continue;
        }
        char e = s[1];
        s += 2;
        switch (e) {
        case '"': o[k++] = '"'; break;
        case '\\': o[k++] = '\\'; break;
        case '/': o[k++] = '/'; break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u': {
            int hi = hex4(s, q);
            if (hi < 0)
                return fail(p, "bad \\u escape");
            s += 4;
            uint32_t cp = (uint32_t)hi;
            if (hi >= 0xD800 && hi <= 0xDBFF) {
                int lo = s + 1 < q && s[0] == '\\' && s[1] == 'u' ? hex4(s + 2, q) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return fail(p, "unpaired surrogate");
                s += 6;
                cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
            } else if (hi >= 0xDC00 && hi <= 0xDFFF) {
                return fail(p, "unpaired surrogate");
            }
            put_utf8(o, &k, cp);
            break;
        }
        default:
            return fail(p, "bad escape");
        }
    }
    o[k] = 0;
    *out = o;
    *outlen = k;
    p->s = q + 1;
    return true;
}

static bool parse_number(Parser *p, TlJson *v)
{
    const char *s = p->s;
    if (s < p->end && *s == '-')
        s++;
    if (s >= p->end || *s < '0' || *s > '9')
        return fail(p, "bad number");
    if (*s == '0')
        s++;
    else
        while (s < p->end && *s >= '0' && *s <= '9')
            s++;
    if (s < p->end && *s == '.') {
        s++;
        if (s >= p->end || *s < '0' || *s > '9')
            return fail(p, "bad number");
        while (s < p->end && *s >= '0' && *s <= '9')
            s++;
    }
    if (s < p->end && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < p->end && (*s == '+' || *s == '-'))
            s++;
        if (s >= p->end || *s < '0' || *s > '9')
            return fail(p, "bad number");
        while (s < p->end && *s >= '0' && *s <= '9')
            s++;
    }
    char buf[64];
    size_t n = (size_t)(s - p->s);
    if (n >= sizeof buf)
        return fail(p, "number too long");
    memcpy(buf, p->s, n);
    buf[n] = 0;
    v->kind = TL_JNUM;
    v->num = strtod(buf, NULL);
    p->s = s;
    return true;
}

static bool literal(Parser *p, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n))
        return fail(p, "unexpected token");
    p->s += n;
    return true;
}

static TlJson *parse_value(Parser *p);

/* Arrays and objects share the loop; objects read a key before each value. */
static bool parse_members(Parser *p, TlJson *v, bool object)
{
    char close = object ? '}' : ']';
    p->s++;
    if (++p->depth > MAX_DEPTH)
        return fail(p, "nesting too deep");
    TlJson **tail = &v->child;
    skip_ws(p);
    if (p->s < p->end && *p->s == close) {
        p->s++;
        p->depth--;
        return true;
    }
    for (;;) {
        const char *key = NULL;
        size_t keylen = 0;
        if (object) {
            skip_ws(p);
            if (p->s >= p->end || *p->s != '"')
                return fail(p, "expected a member name");
            if (!parse_string(p, &key, &keylen))
                return false;
            skip_ws(p);
            if (p->s >= p->end || *p->s != ':')
                return fail(p, "expected ':'");
            p->s++;
        }
        TlJson *m = parse_value(p);
        if (!m)
            return false;
        m->key = key;
        m->keylen = keylen;
        *tail = m;
        tail = &m->next;
        skip_ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == close) {
            p->s++;
            p->depth--;
            return true;
        }
        return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static TlJson *parse_value(Parser *p)
{
    skip_ws(p);
    if (p->s >= p->end) {
        fail(p, "unexpected end of input");
        return NULL;
    }
    TlJson *v = arena(p->doc, sizeof *v);
    if (!v) {
        fail(p, "out of memory");
        return NULL;
    }
    memset(v, 0, sizeof *v);
    bool ok;
    switch (*p->s) {
    case '{': v->kind = TL_JOBJ; ok = parse_members(p, v, true); break;
    case '[': v->kind = TL_JARR; ok = parse_members(p, v, false); break;
    case '"': v->kind = TL_JSTR; ok = parse_string(p, &v->str, &v->len); break;
    case 't': v->kind = TL_JBOOL; v->b = true; ok = literal(p, "true"); break;
    case 'f': v->kind = TL_JBOOL; ok = literal(p, "false"); break;
    case 'n': v->kind = TL_JNULL; ok = literal(p, "null"); break;
    default: ok = parse_number(p, v); break;
    }
    return ok ? v : NULL;
}

TlJsonDoc *tl_json_parse(const char *s, size_t n, const char **err)
{
    TlJsonDoc *d = calloc(1, sizeof *d);
    if (!d) {
        *err = "out of memory";
        return NULL;
    }
    Parser p = {s, s + n, d, NULL, 0};
    d->root = parse_value(&p);
    if (d->root) {
        skip_ws(&p);
        if (p.s != p.end)
            fail(&p, "trailing characters after JSON value");
    }
    if (p.err) {
        *err = p.err;
        tl_json_free(d);
        return NULL;
    }
    return d;
}

const TlJson *tl_json_root(const TlJsonDoc *d) { return d->root; }

void tl_json_free(TlJsonDoc *d)
{
    if (!d)
        return;
    for (Block *b = d->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(d);
}

const TlJson *tl_json_get(const TlJson *obj, const char *key)
{
    if (!obj || obj->kind != TL_JOBJ)
        return NULL;
    size_t n = strlen(key);
    const TlJson *found = NULL;
    for (const TlJson *m = obj->child; m; m = m->next)
        if (m->keylen == n && !memcmp(m->key, key, n))
            found = m;                     /* the last duplicate wins */
    return found;
}

const char *tl_json_str(const TlJson *obj, const char *key, size_t *len)
{
    const TlJson *m = tl_json_get(obj, key);
    if (!m || m->kind != TL_JSTR)
        return NULL;
    if (len)
        *len = m->len;
    return m->str;
}

/* ------------------------------------------------------------- writing */

static bool reserve(TlOut *o, size_t n)
{
    if (o->oom)
        return false;
    if (o->cap - o->len > n)
        return true;
    size_t cap = o->cap ? o->cap : 256;
    while (cap - o->len <= n)
        cap *= 2;
    char *p = realloc(o->p, cap);
    if (!p) {
        o->oom = true;
        return false;
    }
    o->p = p;
    o->cap = cap;
    return true;
}

void tl_out_add(TlOut *o, const void *s, size_t n)
{
    if (!reserve(o, n))
        return;
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = 0;
}

void tl_out_adds(TlOut *o, const char *s) { tl_out_add(o, s, strlen(s)); }

void tl_out_printf(TlOut *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(o, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(o->p + o->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    o->len += (size_t)n;
}

void tl_out_jstr(TlOut *o, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    tl_out_add(o, "\"", 1);
    size_t i = 0, run = 0;     /* bytes [i-run, i) are copied verbatim */
    while (i < n) {
        unsigned char c = u[i];
        const char *esc = NULL;
        char ubuf[8];
        size_t len = 1;
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c < 0x20 || c == 0x7F) {
            snprintf(ubuf, sizeof ubuf, "\\u%04x", c);
            esc = ubuf;
        } else if (c >= 0x80 && !(len = tl_utf8_seq(u + i, n - i))) {
            esc = "\xEF\xBF\xBD";          /* U+FFFD for an invalid byte */
            len = 1;
        }
        if (!esc) {
            i += len;
            run += len;
            continue;
        }
        tl_out_add(o, s + i - run, run);
        tl_out_adds(o, esc);
        run = 0;
        i += len;
    }
    tl_out_add(o, s + i - run, run);
    tl_out_add(o, "\"", 1);
}

void tl_out_free(TlOut *o)
{
    free(o->p);
    o->p = NULL;
    o->len = o->cap = 0;
    o->oom = false;
}
