/*
 * format.c -- string formatting: the format-spec mini-language used by
 * format() and __format__ of str, int and float; str.format/format_map;
 * and printf-style `%` formatting of str.
 *
 * Everything funnels into two layout routines: put_text (a string padded
 * and aligned) and put_number (sign, prefix, grouped integer digits, the
 * rest of the number, aligned, with '=' and zero-padding placing the fill
 * between the sign and the digits).  Parsing a spec produces a Spec; the
 * `%` conversions build the same Spec from their flags, so both syntaxes
 * share the layout and the float digit generation.
 *
 * Float digits come from snprintf's %e/%f/%g (correctly rounded in the C
 * libraries we target) and, for the shortest round-tripping form used by
 * repr and by an empty format type, from tl_double_repr (float.c).
 * Outputs and error messages follow CPython 3.11 exactly.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "str.h"

/* ------------------------------------------------------ format specs */

typedef struct Spec {
    uint32_t fill;
    char align;                /* '<' '>' '^' '=' */
    char sign;                 /* '+' '-' ' ' or 0 */
    bool z, alt;
    char grouping;             /* ',' '_' or 0 */
    intptr_t width;            /* -1: none */
    intptr_t prec;             /* -1: none */
    char type;                 /* 0: none */
} Spec;

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* Read a decimal number at *p; -2 with ValueError on overflow, -1 if none. */
static intptr_t read_num(TlThread *th, const char **pp, const char *e)
{
    const char *p = *pp;
    intptr_t v = 0;
    if (p >= e || *p < '0' || *p > '9') return -1;
    for (; p < e && *p >= '0' && *p <= '9'; p++) {
        if (v > (INTPTR_MAX - 9) / 10) {
            tl_raise(th, &tl_ValueError, "Too many decimal digits in format string");
            return -2;
        }
        v = v * 10 + (*p - '0');
    }
    *pp = p;
    return v;
}

static void bad_group(TlThread *th, char g, char type)
{
    if (type > 32 && type < 127)
        tl_raise(th, &tl_ValueError, "Cannot specify '%c' with '%c'.", g, type);
    else
        tl_raise(th, &tl_ValueError, "Cannot specify '%c' with '\\x%x'.", g, (unsigned)type);
}

/* [[fill]align][sign][z][#][0][width][grouping][.precision][type] */
static int parse_spec(TlThread *th, TlVal specv, Spec *sp, char deftype, char defalign,
                      const char *tname)
{
    const char *p = tl_cstr(specv), *e = p + TL_STR(specv)->len;
    *sp = (Spec){.fill = ' ', .align = defalign, .width = -1, .prec = -1, .type = deftype};
    bool fill_set = false, align_set = false;
    if (p < e) {
        const char *q = p;
        uint32_t c0 = tl_utf8_next(&q);
        if (q < e && is_align((unsigned char)*q)) {
            sp->fill = c0;
            sp->align = *q;
            fill_set = align_set = true;
            p = q + 1;
        } else if (is_align(c0)) {
            sp->align = (char)c0;
            align_set = true;
            p++;
        }
    }
    if (p < e && (*p == '+' || *p == '-' || *p == ' ')) sp->sign = *p++;
    if (p < e && *p == 'z') { sp->z = true; p++; }
    if (p < e && *p == '#') { sp->alt = true; p++; }
    if (!fill_set && p < e && *p == '0') {
        sp->fill = '0';
        if (!align_set && defalign == '>') sp->align = '=';
        p++;
    }
    if ((sp->width = read_num(th, &p, e)) == -2) return -1;
    if (p < e && (*p == ',' || *p == '_')) {
        sp->grouping = *p++;
        if (p < e && (*p == ',' || *p == '_')) {
            if (*p == sp->grouping)
                tl_raise(th, &tl_ValueError, "Cannot specify '%c' with '%c'.", *p, *p);
            else
                tl_raise(th, &tl_ValueError, "Cannot specify both ',' and '_'.");
            return -1;
        }
    }
    if (p < e && *p == '.') {
        p++;
        if ((sp->prec = read_num(th, &p, e)) == -2) return -1;
        if (sp->prec == -1) {
            tl_raise(th, &tl_ValueError, "Format specifier missing precision");
            return -1;
        }
    }
    if (e - p > 1 || (e - p == 1 && (unsigned char)*p >= 0x80)) {
        tl_raise(th, &tl_ValueError, "Invalid format specifier '%s' for object of type '%s'",
                 tl_cstr(specv), tname);
        return -1;
    }
    if (p < e) sp->type = *p;
    if (sp->grouping) {
        switch (sp->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F':
        case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (sp->grouping == '_') break;
            /* fall through */
        default:
            bad_group(th, sp->grouping, sp->type);
            return -1;
        }
    }
    return 0;
}

static TlVal unknown_code(TlThread *th, char type, const char *tname)
{
    if (type > 32 && type < 127)
        return tl_raise(th, &tl_ValueError, "Unknown format code '%c' for object of type '%s'",
                        type, tname);
    return tl_raise(th, &tl_ValueError, "Unknown format code '\\x%x' for object of type '%s'",
                    (unsigned)(unsigned char)type, tname);
}

/* ------------------------------------------------------ layout */

static void fill(TlBuilder *b, uint32_t c, size_t n)
{
    for (size_t i = 0; i < n; i++) tl_sb_addcp(b, c);
}

/* Text of `nchars` characters, padded to the spec's width. */
static void put_text(TlBuilder *b, const Spec *sp, const char *p, size_t n, size_t nchars)
{
    size_t w = sp->width > 0 ? (size_t)sp->width : 0;
    size_t pad = w > nchars ? w - nchars : 0, left = 0;
    if (sp->align == '>' || sp->align == '=') left = pad;
    else if (sp->align == '^') left = pad / 2;
    fill(b, sp->fill, left);
    tl_sb_add(b, p, n);
    fill(b, sp->fill, pad - left);
}

/* Integer digits d[0..n) grouped by `group` with separator `sep` (0: no
 * grouping), zero-extended to at least `minw` characters; a separator
 * never leads.  Appended in order. */
static void put_grouped(TlBuilder *b, const char *d, size_t n, char sep, int group, size_t minw)
{
    TlBuilder r;
    tl_sb_init(&r);
    size_t i = 0;
    int cnt = 0;
    for (;;) {
        bool digit = i < n;
        if (!digit && r.len >= minw) break;
        if (sep && cnt == group) { tl_sb_addc(&r, sep); cnt = 0; }
        tl_sb_addc(&r, digit ? d[n - 1 - i++] : '0');
        cnt++;
    }
    for (size_t k = r.len; k-- > 0;) tl_sb_addc(b, r.p[k]);
    if (r.oom) b->oom = true;
    tl_sb_free(&r);
}

/* sign and prefix, then the digits (grouped per spec), then `rest` (ASCII:
 * fraction, exponent, '%'), aligned as the spec says. */
static void put_number(TlBuilder *b, const Spec *sp, const char *sign, const char *prefix,
                       const char *digits, size_t ndig, const char *rest, int group)
{
    size_t head = strlen(sign) + strlen(prefix), nrest = strlen(rest);
    size_t w = sp->width > 0 ? (size_t)sp->width : 0;
    if (sp->align == '=' && sp->fill == '0') {
        size_t minw = w > head + nrest ? w - head - nrest : 0;
        tl_sb_adds(b, sign);
        tl_sb_adds(b, prefix);
        put_grouped(b, digits, ndig, sp->grouping, group, minw);
        tl_sb_adds(b, rest);
        return;
    }
    TlBuilder body;
    tl_sb_init(&body);
    put_grouped(&body, digits, ndig, sp->grouping, group, 0);
    size_t total = head + body.len + nrest;
    size_t pad = w > total ? w - total : 0;
    size_t left = sp->align == '<' ? 0 : sp->align == '^' ? pad / 2 : pad;
    if (sp->align != '=') fill(b, sp->fill, left);
    tl_sb_adds(b, sign);
    tl_sb_adds(b, prefix);
    if (sp->align == '=') fill(b, sp->fill, left);
    tl_sb_add(b, body.p, body.len);
    tl_sb_adds(b, rest);
    fill(b, sp->fill, pad - left);
    if (body.oom) b->oom = true;
    tl_sb_free(&body);
}

static const char *sign_of(const Spec *sp, bool neg)
{
    return neg ? "-" : sp->sign == '+' ? "+" : sp->sign == ' ' ? " " : "";
}

/* ------------------------------------------------------ floats */

/* Append snprintf(fmt, prec, a) to b. */
static void add_printf(TlBuilder *b, const char *fmt, int prec, double a)
{
    char small[64];
    int n = snprintf(small, sizeof small, fmt, prec, a);
    if (n < 0) return;
    if ((size_t)n < sizeof small) { tl_sb_add(b, small, (size_t)n); return; }
    char *big = malloc((size_t)n + 1);
    if (!big) { b->oom = true; return; }
    snprintf(big, (size_t)n + 1, fmt, prec, a);
    tl_sb_add(b, big, (size_t)n);
    free(big);
}

/* Remove trailing zeros of the fraction of the text b[from..) (and the
 * point itself if nothing follows it), keeping any exponent; with `keep1`
 * leave one digit after the point. */
static void strip_zeros(TlBuilder *b, size_t from, bool keep1)
{
    char *s = b->p + from, *end = b->p + b->len;
    char *dot = memchr(s, '.', (size_t)(end - s));
    if (!dot) return;
    char *exp = memchr(dot, 'e', (size_t)(end - dot));
    char *stop = exp ? exp : end, *q = stop;
    while (q > dot + 1 && q[-1] == '0') q--;
    if (q == dot + 1) q = keep1 ? dot + 2 : dot;
    size_t tail = (size_t)(end - stop);
    memmove(q, stop, tail);
    b->len = (size_t)(q - b->p) + tail;
}

/* The digits of a = |v| (finite or not) for presentation type t:
 * e f g % as in C, 'r' the shortest repr, 'p' the "no type, but a
 * precision" form (like g, but fixed notation keeps one fractional digit
 * and switches to exponent notation from exp >= prec - 1). */
static void float_body(TlBuilder *b, double a, char t, int prec, bool alt)
{
    size_t start = b->len;
    if (isinf(a) || isnan(a)) {
        tl_sb_adds(b, isinf(a) ? "inf" : "nan");
        if (t == '%') tl_sb_addc(b, '%');
        return;
    }
    switch (t) {
    case 'e': add_printf(b, alt ? "%#.*e" : "%.*e", prec, a); break;
    case 'f': add_printf(b, alt ? "%#.*f" : "%.*f", prec, a); break;
    case 'g': add_printf(b, alt ? "%#.*g" : "%.*g", prec, a); break;
    case '%':
        add_printf(b, alt ? "%#.*f" : "%.*f", prec, a * 100);
        tl_sb_addc(b, '%');
        break;
    case 'r': {
        char buf[64];
        tl_double_repr(a, buf, sizeof buf);
        char *e = strchr(buf, 'e');
        if (alt && !strchr(buf, '.') && e) {   /* '#' keeps a decimal point */
            tl_sb_add(b, buf, (size_t)(e - buf));
            tl_sb_addc(b, '.');
            tl_sb_adds(b, e);
        } else tl_sb_adds(b, buf);
        break;
    }
    default: {                    /* 'p' */
        if (prec == 0) prec = 1;
        char buf[64];
        snprintf(buf, sizeof buf, "%.*e", prec - 1, a);
        int exp = atoi(strchr(buf, 'e') + 1);
        if (exp >= -4 && exp < prec - 1) {
            add_printf(b, alt ? "%#.*f" : "%.*f", prec - 1 - exp, a);
            if (!alt) strip_zeros(b, start, true);
            else if (!memchr(b->p + start, '.', b->len - start)) tl_sb_addc(b, '.');
        } else {
            add_printf(b, alt ? "%#.*e" : "%.*e", prec - 1, a);
            if (!alt) strip_zeros(b, start, false);
        }
        break;
    }
    }
}

static void upcase(TlBuilder *b, size_t from)
{
    for (size_t i = from; i < b->len; i++)
        if (b->p[i] >= 'a' && b->p[i] <= 'z') b->p[i] = (char)(b->p[i] - 32);
}

/* Lay out a float per spec (type already validated). */
static void put_float(TlBuilder *b, const Spec *sp, double v)
{
    char t = sp->type;
    int prec = sp->prec < 0 ? 6 : sp->prec > INT32_MAX ? INT32_MAX : (int)sp->prec;
    bool upper = t == 'E' || t == 'F' || t == 'G';
    if (upper) t = (char)(t + 32);
    if (t == 'n') t = 'g';
    if (t == 0) t = sp->prec < 0 ? 'r' : 'p';
    bool neg = signbit(v) && !isnan(v);
    TlBuilder body;
    tl_sb_init(&body);
    float_body(&body, fabs(v), t, prec, sp->alt);
    tl_sb_addc(&body, '\0');
    if (upper) upcase(&body, 0);
    if (neg && sp->z && strspn(body.p, "0.") == strcspn(body.p, "eE%")) neg = false;
    size_t ndig = strspn(body.p, "0123456789");
    Spec s2 = *sp;
    if (!isfinite(v)) s2.grouping = 0;     /* "inf" and "nan" are not grouped */
    put_number(b, &s2, sign_of(sp, neg), "", body.p, ndig, body.p + ndig, 3);
    if (body.oom) b->oom = true;
    tl_sb_free(&body);
}

/* ------------------------------------------------------ ints */

/* The magnitude digits of int v in base (2, 8, 10, 16) into out, and its
 * sign.  tl_int_str may add a sign and a 0x-style prefix: both dropped. */
static int int_digits(TlThread *th, TlVal v, int base, TlBuilder *out, bool *neg)
{
    if (tl_is_exact(v, &tl_bool_type)) v = tl_mksmall(v == TL_TRUE);
    if (tl_is_small(v) && base != 2) {
        intptr_t i = tl_small(v);
        char buf[64];
        unsigned long long m = i < 0 ? 0ull - (unsigned long long)i : (unsigned long long)i;
        snprintf(buf, sizeof buf, base == 10 ? "%llu" : base == 8 ? "%llo" : "%llx", m);
        *neg = i < 0;
        tl_sb_adds(out, buf);
        return 0;
    }
    TlVal s = tl_int_str(th, v, base);
    if (!s) return -1;
    const char *p = tl_cstr(s);
    *neg = *p == '-';
    if (*neg) p++;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o' || p[1] == 'b')) p += 2;
    tl_sb_adds(out, p);
    return 0;
}

static TlVal finish(TlThread *th, TlBuilder *b) { return tl_sb_finish(th, b); }

TlVal tl_format_int(TlThread *th, TlVal v, TlVal spec)
{
    if (TL_STR(spec)->len == 0) return tl_str(th, v);
    Spec sp;
    if (parse_spec(th, spec, &sp, 'd', '>', tl_type_name(v)) < 0) return TL_NULL;
    TlBuilder b;
    tl_sb_init(&b);
    switch (sp.type) {
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double d = tl_int_to_double(th, v);
        if (d == -1.0 && th->exc) return TL_NULL;
        put_float(&b, &sp, d);
        return finish(th, &b);
    }
    case 'b': case 'o': case 'd': case 'n': case 'x': case 'X': case 'c':
        break;
    default:
        return unknown_code(th, sp.type, tl_type_name(v));
    }
    if (sp.prec >= 0)
        return tl_raise(th, &tl_ValueError, "Precision not allowed in integer format specifier");
    if (sp.z)
        return tl_raise(th, &tl_ValueError,
                        "Negative zero coercion (z) not allowed in integer format specifier");
    if (sp.type == 'c') {
        if (sp.sign)
            return tl_raise(th, &tl_ValueError,
                            "Sign not allowed with integer format specifier 'c'");
        if (sp.alt)
            return tl_raise(th, &tl_ValueError,
                            "Alternate form (#) not allowed with integer format specifier 'c'");
        int64_t cp;
        if (tl_int_to_i64(th, v, &cp) < 0 || cp < 0 || cp > 0x10ffff) {
            tl_exc_clear(th);
            return tl_raise(th, &tl_OverflowError, "%%c arg not in range(0x110000)");
        }
        char buf[4];
        int n = tl_utf8_put(buf, (uint32_t)cp);
        put_text(&b, &sp, buf, (size_t)n, 1);
        return finish(th, &b);
    }
    int base = sp.type == 'b' ? 2 : sp.type == 'o' ? 8 : (sp.type == 'x' || sp.type == 'X') ? 16 : 10;
    TlBuilder d;
    tl_sb_init(&d);
    bool neg;
    if (int_digits(th, v, base, &d, &neg) < 0) { tl_sb_free(&d); return TL_NULL; }
    tl_sb_addc(&d, '\0');
    if (sp.type == 'X') upcase(&d, 0);
    const char *prefix = !sp.alt ? "" : sp.type == 'b' ? "0b" : sp.type == 'o' ? "0o"
                       : sp.type == 'x' ? "0x" : sp.type == 'X' ? "0X" : "";
    put_number(&b, &sp, sign_of(&sp, neg), prefix, d.p, d.len - 1, "", base == 10 ? 3 : 4);
    tl_sb_free(&d);
    return finish(th, &b);
}

TlVal tl_format_float(TlThread *th, double v, TlVal spec)
{
    Spec sp;
    if (parse_spec(th, spec, &sp, 0, '>', "float") < 0) return TL_NULL;
    switch (sp.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        break;
    default:
        return unknown_code(th, sp.type, "float");
    }
    TlBuilder b;
    tl_sb_init(&b);
    put_float(&b, &sp, v);
    return finish(th, &b);
}

TlVal tl_format_str(TlThread *th, TlVal s, TlVal spec)
{
    if (TL_STR(spec)->len == 0) return tl_is_exact_str(s) ? s : tl_str(th, s);
    Spec sp;
    if (parse_spec(th, spec, &sp, 's', '<', "str") < 0) return TL_NULL;
    if (sp.type != 's') return unknown_code(th, sp.type, "str");
    if (sp.sign)
        return tl_raise(th, &tl_ValueError, "%s not allowed in string format specifier",
                        sp.sign == ' ' ? "Space" : "Sign");
    if (sp.z)
        return tl_raise(th, &tl_ValueError,
                        "Negative zero coercion (z) not allowed in string format specifier");
    if (sp.alt)
        return tl_raise(th, &tl_ValueError,
                        "Alternate form (#) not allowed in string format specifier");
    if (sp.align == '=')
        return tl_raise(th, &tl_ValueError,
                        "'=' alignment not allowed in string format specifier");
    TlStr *o = TL_STR(s);
    size_t n = o->len, nchars = o->nchars;
    if (sp.prec >= 0 && (size_t)sp.prec < nchars) {
        nchars = (size_t)sp.prec;
        n = tl_str_offset(s, nchars);
    }
    TlBuilder b;
    tl_sb_init(&b);
    put_text(&b, &sp, o->data, n, nchars);
    return finish(th, &b);
}

/* format(v, spec) with fast paths for the exact builtin types. */
static TlVal format_value(TlThread *th, TlVal v, TlVal spec)
{
    if (tl_is_exact_str(v)) return tl_format_str(th, v, spec);
    if (tl_is_small(v) || tl_is_exact(v, &tl_int_type)) return tl_format_int(th, v, spec);
    if (tl_is_exact(v, &tl_float_type) && TL_STR(spec)->len > 0)
        return tl_format_float(th, TL_FLOAT(v), spec);
    return tl_format(th, v, spec);
}

/* ------------------------------------------------------ str.format */

typedef struct Fmt {
    TlThread *th;
    TlVal *args;
    int nargs;
    TlVal mapping;             /* TL_NULL: no keywords */
    int auto_idx;              /* next automatic index; -1: manual numbering used */
    bool auto_used;
} Fmt;

static TlVal ferr(TlThread *th, const char *msg)
{
    return tl_raise(th, &tl_ValueError, "%s", msg);
}

/* Parse a decimal index in p[0..n); -1 if it is not all digits. */
static intptr_t field_int(const char *p, size_t n, bool *overflow)
{
    intptr_t v = 0;
    *overflow = false;
    if (n == 0) return -1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return -1;
        if (v > (INTPTR_MAX - 9) / 10) { *overflow = true; return -1; }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* Resolve a field name (arg_name then .attr / [key] parts) to a value. */
static TlVal field_value(Fmt *f, const char *p, const char *e)
{
    TlThread *th = f->th;
    const char *q = p;
    while (q < e && *q != '.' && *q != '[') q++;
    bool ovf;
    intptr_t idx = field_int(p, (size_t)(q - p), &ovf);
    if (ovf) return ferr(th, "Too many decimal digits in format string");
    TlVal obj;
    if (q == p) {                      /* automatic numbering */
        if (f->auto_idx < 0)
            return ferr(th, "cannot switch from manual field specification to "
                            "automatic field numbering");
        f->auto_used = true;
        idx = f->auto_idx++;
    } else if (idx >= 0) {
        if (f->auto_used)
            return ferr(th, "cannot switch from automatic field numbering to "
                            "manual field specification");
        f->auto_idx = -1;
    }
    if (idx >= 0) {
        if (idx >= f->nargs)
            return tl_raise(th, &tl_IndexError,
                            "Replacement index %zd out of range for positional args tuple",
                            (ptrdiff_t)idx);
        obj = f->args[idx];
    } else {
        TlVal key = tl_str_new(th, p, (size_t)(q - p));
        if (!key) return TL_NULL;
        if (!f->mapping) return tl_raise_key(th, key);
        obj = tl_is_exact(f->mapping, &tl_dict_type) ? tl_dict_get(th, f->mapping, key)
                                                    : tl_getitem(th, f->mapping, key);
        if (!obj) return th->exc ? TL_NULL : tl_raise_key(th, key);
    }
    while (q < e) {
        tl_root(th, obj);
        TlVal next;
        if (*q == '.') {
            const char *s = ++q;
            while (q < e && *q != '.' && *q != '[') q++;
            if (q == s) return ferr(th, "Empty attribute in format string");
            TlVal name = tl_str_new(th, s, (size_t)(q - s));
            if (!name) return TL_NULL;
            next = tl_getattr(th, obj, name);
        } else if (*q == '[') {
            const char *s = ++q;
            while (q < e && *q != ']') q++;
            if (q == e) return ferr(th, "Missing ']' in format string");
            if (q == s) return ferr(th, "Empty attribute in format string");
            intptr_t i = field_int(s, (size_t)(q - s), &ovf);
            TlVal key = i >= 0 ? tl_mksmall(i) : tl_str_new(th, s, (size_t)(q - s));
            if (!key) return TL_NULL;
            next = tl_getitem(th, obj, key);
            q++;
            if (q < e && *q != '.' && *q != '[')
                return ferr(th, "Only '.' or '[' may follow ']' in format field specifier");
        } else {
            return ferr(th, "Only '.' or '[' may follow ']' in format field specifier");
        }
        if (!next) return TL_NULL;
        obj = next;
    }
    return obj;
}

static int render(Fmt *f, TlBuilder *b, const char *p, const char *e, int depth);

/* One replacement field; p is just after the '{'.  Returns the position
 * after the closing '}', or NULL with an exception. */
static const char *field(Fmt *f, TlBuilder *b, const char *p, const char *e, int depth)
{
    TlThread *th = f->th;
    const char *name = p;
    char c = 0;
    while (p < e) {
        c = *p++;
        if (c == '{') { ferr(th, "unexpected '{' in field name"); return NULL; }
        if (c == '[') {
            while (p < e && *p != ']') p++;
            continue;
        }
        if (c == '}' || c == ':' || c == '!') break;
    }
    const char *name_end = p - 1;
    uint32_t conv = 0;
    const char *spec = p, *spec_end = p;
    bool nested = false;
    if (c == '!' || c == ':') {
        if (c == '!') {
            if (p >= e) {
                ferr(th, "end of string while looking for conversion specifier");
                return NULL;
            }
            conv = tl_utf8_next(&p);
            if (p < e) {
                c = *p++;
                if (c == '}') { spec = spec_end = p - 1; goto have_field; }
                if (c != ':') { ferr(th, "expected ':' after conversion specifier"); return NULL; }
            }
        }
        spec = p;
        int count = 1;
        while (p < e) {
            c = *p++;
            if (c == '{') { nested = true; count++; }
            else if (c == '}' && --count == 0) break;
        }
        if (count) { ferr(th, "unmatched '{' in format spec"); return NULL; }
        spec_end = p - 1;
    } else if (c != '}') {
        ferr(th, "expected '}' before end of string");
        return NULL;
    }
have_field:;
    uint32_t mark = tl_roots_mark(th);
    TlVal obj = field_value(f, name, name_end), specv = TL_NULL, s = TL_NULL;
    if (!obj) goto fail;
    tl_root(th, obj);
    if (conv) {
        if (conv == 'r') obj = tl_repr(th, obj);
        else if (conv == 's') obj = tl_str(th, obj);
        else if (conv == 'a') obj = tl_ascii(th, obj);
        else if (conv > 32 && conv < 127)
            obj = tl_raise(th, &tl_ValueError, "Unknown conversion specifier %c", (int)conv);
        else
            obj = tl_raise(th, &tl_ValueError, "Unknown conversion specifier \\x%x",
                           (unsigned)conv);
        if (!obj) goto fail;
        tl_root(th, obj);
    }
    if (nested) {
        TlBuilder sb;
        tl_sb_init(&sb);
        if (render(f, &sb, spec, spec_end, depth - 1) < 0) { tl_sb_free(&sb); goto fail; }
        specv = tl_sb_finish(th, &sb);
    } else {
        specv = tl_str_new(th, spec, (size_t)(spec_end - spec));
    }
    if (!specv) goto fail;
    tl_root(th, specv);
    s = format_value(th, obj, specv);
    if (!s) goto fail;
    tl_sb_addv(b, s);
    tl_roots_reset(th, mark);
    return p;
fail:
    tl_roots_reset(th, mark);
    return NULL;
}

static int render(Fmt *f, TlBuilder *b, const char *p, const char *e, int depth)
{
    if (depth <= 0) {
        ferr(f->th, "Max string recursion exceeded");
        return -1;
    }
    while (p < e) {
        const char *lit = p;
        while (p < e && *p != '{' && *p != '}') p++;
        tl_sb_add(b, lit, (size_t)(p - lit));
        if (p == e) break;
        char c = *p++;
        if (p < e && *p == c) {          /* "{{" or "}}" */
            tl_sb_addc(b, c);
            p++;
            continue;
        }
        if (c == '}') { ferr(f->th, "Single '}' encountered in format string"); return -1; }
        if (p == e) { ferr(f->th, "Single '{' encountered in format string"); return -1; }
        if (!(p = field(f, b, p, e, depth))) return -1;
    }
    return 0;
}

TlVal tl_str_format_call(TlThread *th, TlVal fmt, TlVal *args, int nargs, TlVal mapping)
{
    Fmt f = {th, args, nargs, mapping, 0, false};
    TlBuilder b;
    tl_sb_init(&b);
    uint32_t mark = tl_roots_mark(th);
    if (mapping) tl_root(th, mapping);
    int r = render(&f, &b, tl_cstr(fmt), tl_cstr(fmt) + TL_STR(fmt)->len, 2);
    tl_roots_reset(th, mark);
    if (r < 0) {
        tl_sb_free(&b);
        return TL_NULL;
    }
    return tl_sb_finish(th, &b);
}

/* ------------------------------------------------------ % formatting */

typedef struct Pct {
    TlThread *th;
    TlVal *items;              /* positional values */
    size_t nitems, next;
    TlVal dict;                /* mapping for %(name)s, or TL_NULL */
    bool bytes;                /* bytes % args: text is latin-1 code points */
} Pct;

/* bytes % args runs the str machinery over the bytes seen as latin-1
 * text: these convert between the two views. */
static TlVal latin1_str(TlThread *th, const uint8_t *p, size_t n)
{
    return tl_str_decode(th, p, n, "latin-1", "strict");
}

static TlVal pct_next(Pct *c)
{
    if (c->next >= c->nitems)
        return tl_raise(c->th, &tl_TypeError, "not enough arguments for format string");
    return c->items[c->next++];
}

/* '*' width or precision. */
static int pct_star(Pct *c, intptr_t *out)
{
    TlVal v = pct_next(c);
    if (!v) return -1;
    if (!tl_is_int(v)) {
        tl_raise(c->th, &tl_TypeError, "* wants int");
        return -1;
    }
    return tl_index(c->th, v, out);
}

static bool has_dunder(TlVal v, TlVal name) { return tl_type_lookup(tl_type(v), name) != TL_NULL; }

/* The int a %d/%x conversion formats: ints as they are, floats truncated
 * (for d/i/u only), other numbers through __index__ or __int__. */
static TlVal pct_int(TlThread *th, TlVal v, char conv)
{
    if (tl_is_int(v)) return v;
    bool real = conv == 'd' || conv == 'i' || conv == 'u';
    if (real && tl_is_float(v)) return tl_int_from_double(th, TL_FLOAT(v));
    if (has_dunder(v, TLN(__index__))) return tl_call_method(th, v, TLN(__index__), NULL, 0);
    if (real && has_dunder(v, TLN(__int__)) && !tl_is_str(v))
        return tl_call_method(th, v, TLN(__int__), NULL, 0);
    if (real)
        return tl_raise(th, &tl_TypeError, "%%%c format: a real number is required, not %T",
                        conv, v);
    return tl_raise(th, &tl_TypeError, "%%%c format: an integer is required, not %T", conv, v);
}

/* One conversion whose flags are parsed into sp (fill/align/sign/alt,
 * width, precision) and whose argument is v. */
static int pct_convert(Pct *c, TlBuilder *b, Spec *sp, char conv, TlVal v)
{
    TlThread *th = c->th;
    switch (conv) {
    case 's': case 'r': case 'a': case 'b': {
        TlVal s;
        const uint8_t *bp;
        size_t bn;
        if (c->bytes && (conv == 's' || conv == 'b')) {
            if (!tl_bytes_view(v, &bp, &bn)) {
                if (has_dunder(v, TLN(__bytes__))) {
                    if (!(v = tl_call_method(th, v, TLN(__bytes__), NULL, 0))) return -1;
                }
                if (!tl_bytes_view(v, &bp, &bn)) {
                    tl_raise(th, &tl_TypeError, "%%b requires a bytes-like object, or an object "
                                                "that implements __bytes__, not '%s'",
                             tl_type_name(v));
                    return -1;
                }
            }
            s = latin1_str(th, bp, bn);
        } else {
            s = conv == 's' ? tl_str(th, v) : conv == 'r' && !c->bytes ? tl_repr(th, v)
                                                                       : tl_ascii(th, v);
        }
        if (!s) return -1;
        size_t n = TL_STR(s)->len, nchars = TL_STR(s)->nchars;
        if (sp->prec >= 0 && (size_t)sp->prec < nchars) {
            nchars = (size_t)sp->prec;
            n = tl_str_offset(s, nchars);
        }
        sp->fill = ' ';
        if (sp->align == '=') sp->align = '>';
        put_text(b, sp, TL_STR(s)->data, n, nchars);
        return 0;
    }
    case 'c': {
        char buf[4];
        int n;
        const uint8_t *bp;
        size_t bn;
        uint32_t limit = c->bytes ? 0x100 : 0x110000;
        if (!c->bytes && tl_is_str(v)) {
            if (TL_STR(v)->nchars != 1) goto bad_c;
            n = (int)TL_STR(v)->len;
            memcpy(buf, tl_cstr(v), (size_t)n);
        } else if (c->bytes && tl_bytes_view(v, &bp, &bn)) {
            if (bn != 1) goto bad_c;
            n = tl_utf8_put(buf, bp[0]);
        } else if (tl_is_int(v)) {
            int64_t cp;
            if (tl_int_to_i64(th, v, &cp) < 0 || cp < 0 || cp >= limit) {
                tl_exc_clear(th);
                tl_raise(th, &tl_OverflowError, "%%c arg not in range(%s)",
                         c->bytes ? "256" : "0x110000");
                return -1;
            }
            n = tl_utf8_put(buf, (uint32_t)cp);
        } else {
        bad_c:
            tl_raise(th, &tl_TypeError, c->bytes ? "%%c requires an integer in range(256) or "
                                                   "a single byte"
                                                 : "%%c requires int or char");
            return -1;
        }
        sp->fill = ' ';
        if (sp->align == '=') sp->align = '>';
        put_text(b, sp, buf, (size_t)n, 1);
        return 0;
    }
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
        uint32_t mark = tl_roots_mark(th);
        TlVal iv = pct_int(th, v, conv);
        if (!iv) return -1;
        tl_root(th, iv);
        int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
        TlBuilder d;
        tl_sb_init(&d);
        bool neg;
        int r = int_digits(th, iv, base, &d, &neg);
        tl_roots_reset(th, mark);
        if (r < 0) { tl_sb_free(&d); return -1; }
        /* the precision is a minimum digit count */
        TlBuilder z;
        tl_sb_init(&z);
        if (sp->prec > 0 && (size_t)sp->prec > d.len) fill(&z, '0', (size_t)sp->prec - d.len);
        tl_sb_add(&z, d.p, d.len);
        tl_sb_addc(&z, '\0');
        tl_sb_free(&d);
        if (conv == 'X') upcase(&z, 0);
        const char *prefix = !sp->alt ? "" : conv == 'o' ? "0o" : conv == 'x' ? "0x"
                           : conv == 'X' ? "0X" : "";
        put_number(b, sp, sign_of(sp, neg), prefix, z.p, z.len - 1, "", 3);
        if (z.oom) b->oom = true;
        tl_sb_free(&z);
        return 0;
    }
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        double x;
        if (!tl_is_float(v) && !tl_is_int(v) && !has_dunder(v, TLN(__float__)) &&
            !has_dunder(v, TLN(__index__))) {
            tl_raise(th, &tl_TypeError, "must be real number, not %T", v);
            return -1;
        }
        if (tl_to_double(th, v, &x) < 0) return -1;
        sp->type = conv;
        if (sp->prec < 0) sp->prec = 6;
        put_float(b, sp, x);
        return 0;
    }
    default:
        return -1;
    }
}

/* fmt % args; for bytes, fmtv is the format as latin-1 text. */
static TlVal pct_format(TlThread *th, TlVal fmtv, TlVal args, bool bytes)
{
    Pct c = {th, NULL, 0, 0, TL_NULL, bytes};
    if (tl_is_tuple(args)) {
        c.items = TL_TUPLE(args)->items;
        c.nitems = TL_TUPLE(args)->len;
    } else {
        c.items = &args;
        c.nitems = 1;
        const uint8_t *bp;
        size_t bn;
        if (!tl_is_str(args) && !tl_bytes_view(args, &bp, &bn) &&
            has_dunder(args, TLN(__getitem__)))
            c.dict = args;
    }
    const char *p = tl_cstr(fmtv), *start = p, *e = p + TL_STR(fmtv)->len;
    TlBuilder b;
    tl_sb_init(&b);
    uint32_t mark = tl_roots_mark(th);
    while (p < e) {
        const char *lit = p;
        while (p < e && *p != '%') p++;
        tl_sb_add(&b, lit, (size_t)(p - lit));
        if (p == e) break;
        p++;
        if (p < e && *p == '%') { tl_sb_addc(&b, '%'); p++; continue; }
        TlVal v = TL_NULL;
        if (p < e && *p == '(') {
            if (!c.dict) { tl_raise(th, &tl_TypeError, "format requires a mapping"); goto fail; }
            const char *k = ++p;
            int depth = 1;
            while (p < e && depth > 0) {
                if (*p == '(') depth++;
                else if (*p == ')') depth--;
                p++;
            }
            if (depth > 0) { tl_raise(th, &tl_ValueError, "incomplete format key"); goto fail; }
            TlVal key = tl_str_new(th, k, (size_t)(p - 1 - k));
            if (key && bytes) key = tl_str_encode(th, key, "latin-1", "strict");
            if (!key) goto fail;
            tl_root(th, key);
            v = tl_getitem(th, c.dict, key);
            if (!v) goto fail;
            tl_root(th, v);
        }
        Spec sp = {.fill = ' ', .align = '>', .width = -1, .prec = -1};
        bool left = false, zero = false;
        for (; p < e; p++) {
            if (*p == '-') left = true;
            else if (*p == '+') sp.sign = '+';
            else if (*p == ' ') { if (sp.sign != '+') sp.sign = ' '; }
            else if (*p == '#') sp.alt = true;
            else if (*p == '0') zero = true;
            else break;
        }
        if (p < e && *p == '*') {
            p++;
            if (pct_star(&c, &sp.width) < 0) goto fail;
            if (sp.width < 0) { left = true; sp.width = -sp.width; }
        } else if ((sp.width = read_num(th, &p, e)) == -2) goto fail;
        if (p < e && *p == '.') {
            p++;
            if (p < e && *p == '*') {
                p++;
                if (pct_star(&c, &sp.prec) < 0) goto fail;
                if (sp.prec < 0) sp.prec = 0;
            } else if ((sp.prec = read_num(th, &p, e)) == -2) goto fail;
            else if (sp.prec < 0) sp.prec = 0;
        }
        while (p < e && (*p == 'h' || *p == 'l' || *p == 'L')) p++;
        if (p >= e) { tl_raise(th, &tl_ValueError, "incomplete format"); goto fail; }
        const char *cp = p;
        uint32_t conv = tl_utf8_next(&p);
        if (!v && !(v = pct_next(&c))) goto fail;   /* fetched before the check, as CPython */
        if (!strchr(bytes ? "sradiuxXoeEfFgGcb" : "sradiuxXoeEfFgGc", (int)conv) || conv == 0) {
            size_t idx = 0;            /* CPython reports a character index */
            for (const char *q = start; q < cp; q++) idx += (*q & 0xc0) != 0x80;
            tl_raise(th, &tl_ValueError, "unsupported format character '%c' (0x%x) at index %zu",
                     (int)(conv >= 32 && conv <= 126 ? conv : '?'), (unsigned)conv, idx);
            goto fail;
        }
        if (left) sp.align = '<';
        else if (zero && strchr("diuxXoeEfFgG", (int)conv)) { sp.fill = '0'; sp.align = '='; }
        if (pct_convert(&c, &b, &sp, (char)conv, v) < 0) goto fail;
    }
    if (c.next < c.nitems && !c.dict) {
        tl_raise(th, &tl_TypeError, "not all arguments converted during string formatting");
        goto fail;
    }
    tl_roots_reset(th, mark);
    TlVal r = tl_sb_finish(th, &b);
    return r && bytes ? tl_str_encode(th, r, "latin-1", "strict") : r;
fail:
    tl_roots_reset(th, mark);
    tl_sb_free(&b);
    return TL_NULL;
}

TlVal tl_str_mod(TlThread *th, TlVal fmt, TlVal args)
{
    return pct_format(th, fmt, args, false);
}

TlVal tl_bytes_mod(TlThread *th, TlVal fmt, TlVal args)
{
    const uint8_t *p;
    size_t n;
    tl_bytes_view(fmt, &p, &n);
    TlVal text = latin1_str(th, p, n);
    if (!text) return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, text);
    TlVal r = pct_format(th, text, args, true);
    tl_roots_reset(th, mark);
    return r;
}
