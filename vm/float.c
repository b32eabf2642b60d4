/*
 * float.c -- Python's float: a boxed IEEE double.
 *
 * Arithmetic follows CPython's float object exactly, including its sign
 * conventions for floor division and modulo and its special cases for
 * pow (which C's pow() and Python disagree on).  Mixed int/float
 * operations convert the int with correct rounding, but comparisons are
 * exact (2**53 + 1 > 2.0**53), as in CPython, and the hash of an integral
 * float equals the hash of the int.
 *
 * repr: the shortest digit string that reads back to the same double is
 * found by asking printf for 1..17 significant digits until strtod agrees,
 * then laid out the way CPython's float_repr_style='short' does.  round()
 * to n digits is computed exactly on integers (the double as a ratio), so
 * it is correctly rounded like CPython's dtoa-based version.
 *
 * Design choice: a negative base raised to a non-integer power is a complex
 * number in CPython; without complex numbers we raise ValueError with
 * Python 2's message "negative number cannot be raised to a fractional
 * power".
 */
#include "num.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

TlVal tl_float_new(TlThread *th, double v)
{
    TlFloat *f = tl_alloc(th, &tl_float_type, sizeof(TlFloat));
    if (!f)
        return TL_NULL;
    f->v = v;
    return tl_val(f);
}

/* A float or int operand as a double: 1 converted, 0 not a number, -1 error. */
static int operand(TlThread *th, TlVal v, double *out)
{
    if (tl_is_float(v)) {
        *out = TL_FLOAT(v);
        return 1;
    }
    if (!tl_is_int(v))
        return 0;
    *out = tl_int_to_double(th, v);
    return *out == -1.0 && th->exc ? -1 : 1;
}

int tl_to_double(TlThread *th, TlVal v, double *out)
{
    if (tl_is_float(v) && !(tl_type(v)->flags & TL_TF_HEAP)) {
        *out = TL_FLOAT(v);
        return 0;
    }
    if (tl_is_int(v) && (tl_is_small(v) || !(tl_type(v)->flags & TL_TF_HEAP)))
        return operand(th, v, out) < 0 ? -1 : 0;
    TlType *t = tl_type(v);
    if (tl_type_lookup(t, TLN(__float__))) {
        TlVal r = tl_call_method(th, v, TLN(__float__), NULL, 0);
        if (!r)
            return -1;
        if (!tl_is_float(r)) {
            tl_raise(th, &tl_TypeError, "%s.__float__ returned non-float (type %T)",
                     tl_type_name(v), r);
            return -1;
        }
        *out = TL_FLOAT(r);
        return 0;
    }
    if (tl_type_lookup(t, TLN(__index__))) {
        TlVal r = tl_int_index(th, v);
        return !r || operand(th, r, out) < 0 ? -1 : 0;
    }
    tl_raise(th, &tl_TypeError, "must be real number, not %s", tl_type_name(v));
    return -1;
}

/* ------------------------------------------------------------- repr */

void tl_double_repr(double v, char *buf, size_t n)
{
    if (isnan(v) || isinf(v)) {
        snprintf(buf, n, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    /* tmp is [-]d[.ddd]e[+-]xx: split into digits and decimal exponent */
    char digits[24], *p = tmp, out[48], *o = out;
    size_t nd = 0;
    if (*p == '-')
        *o++ = *p++;
    for (; *p != 'e'; p++)
        if (*p != '.')
            digits[nd++] = *p;
    int exp = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    if (exp < -4 || exp >= 16) {
        *o++ = digits[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, nd - 1);
            o += nd - 1;
        }
        o += sprintf(o, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
    } else if (exp < 0) {
        o += sprintf(o, "0.");
        for (int i = -1; i > exp; i--)
            *o++ = '0';
        memcpy(o, digits, nd);
        o += nd;
    } else {
        for (int i = 0; i <= exp; i++)
            *o++ = (size_t)i < nd ? digits[i] : '0';
        *o++ = '.';
        if (nd > (size_t)exp + 1) {
            memcpy(o, digits + exp + 1, nd - (size_t)exp - 1);
            o += nd - (size_t)exp - 1;
        } else {
            *o++ = '0';
        }
    }
    *o = 0;
    snprintf(buf, n, "%s", out);
}

static TlVal float_repr(TlThread *th, TlVal v)
{
    char buf[48];
    tl_double_repr(TL_FLOAT(v), buf, sizeof buf);
    return tl_str_cstr(th, buf);
}

/* ------------------------------------------------------------- hash */

#define HASH_BITS 61
#define HASH_MOD (((uint64_t)1 << HASH_BITS) - 1)

/* The value modulo 2^61 - 1, consuming the mantissa 28 bits at a time, so
 * that it agrees with tl_int_hash on integral values. */
TlHash tl_double_hash(double v)
{
    if (isinf(v))
        return v > 0 ? 314159 : -314159;
    if (isnan(v))
        return 0;
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0)
        sign = -1, m = -m;
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MOD) | x >> (HASH_BITS - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MOD)
            x -= HASH_MOD;
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MOD) | x >> (HASH_BITS - e);
    TlHash r = (TlHash)x * sign;
    return r == -1 ? -2 : r;
}

static TlHash float_hash(TlThread *th, TlVal v)
{
    (void)th;
    double d = TL_FLOAT(v);
    if (isnan(d)) {             /* NaNs hash by identity, as in CPython 3.10+ */
        uintptr_t p = (uintptr_t)v;
        TlHash h = (intptr_t)(p >> 4 | p << (8 * sizeof p - 4));
        return h == -1 ? -2 : h;
    }
    return tl_double_hash(d);
}

/* ------------------------------------------------------ arithmetic */

static bool is_odd_integer(double x)
{
    return fmod(fabs(x), 2.0) == 1.0;
}

static TlVal float_pow(TlThread *th, double iv, double iw)
{
    if (iw == 0.0)
        return tl_float_new(th, 1.0);
    if (isnan(iv))
        return tl_float_new(th, iv);
    if (isnan(iw))
        return tl_float_new(th, iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0)
            return tl_float_new(th, 1.0);
        return tl_float_new(th, (iw > 0) == (iv > 1.0) ? fabs(iw) : 0.0);
    }
    if (isinf(iv)) {
        bool odd = is_odd_integer(iw);
        if (iw > 0)
            return tl_float_new(th, odd ? iv : fabs(iv));
        return tl_float_new(th, odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        if (iw < 0)
            return tl_raise(th, &tl_ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return tl_float_new(th, is_odd_integer(iw) ? iv : 0.0);
    }
    bool negate = false;
    if (iv < 0.0) {
        if (iw != floor(iw))
            return tl_raise(th, &tl_ValueError,
                            "negative number cannot be raised to a fractional power");
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0)
        return tl_float_new(th, negate ? -1.0 : 1.0);
    double r = pow(iv, iw);
    if (isinf(r))
        return tl_raise(th, &tl_OverflowError, "(34, 'Numerical result out of range')");
    return tl_float_new(th, negate ? -r : r);
}

/* CPython's float divmod: the remainder takes the divisor's sign and the
 * quotient is exact-ish floor((a - mod) / b). */
static void float_divmod(double vx, double wx, double *floordiv, double *mod)
{
    double m = fmod(vx, wx);
    double div = (vx - m) / wx;
    if (m) {
        if ((wx < 0) != (m < 0)) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = copysign(0.0, wx);
    }
    if (div) {
        double f = floor(div);
        if (div - f > 0.5)
            f += 1.0;
        div = f;
    } else {
        div = copysign(0.0, vx / wx);
    }
    *floordiv = div;
    *mod = m;
}

TlVal tl_float_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    double x, y, q, m;
    int ka = operand(th, a, &x), kb;
    if (ka <= 0)
        return ka < 0 ? TL_NULL : TL_NOTIMPL;
    if ((kb = operand(th, b, &y)) <= 0)
        return kb < 0 ? TL_NULL : TL_NOTIMPL;
    switch (op) {
    case TL_OP_ADD: return tl_float_new(th, x + y);
    case TL_OP_SUB: return tl_float_new(th, x - y);
    case TL_OP_MUL: return tl_float_new(th, x * y);
    case TL_OP_TRUEDIV:
        if (y == 0.0)
            return tl_raise(th, &tl_ZeroDivisionError, "float division by zero");
        return tl_float_new(th, x / y);
    case TL_OP_FLOORDIV:
    case TL_OP_MOD:
        if (y == 0.0)
            return tl_raise(th, &tl_ZeroDivisionError, op == TL_OP_MOD
                            ? "float modulo" : "float floor division by zero");
        float_divmod(x, y, &q, &m);
        return tl_float_new(th, op == TL_OP_MOD ? m : q);
    case TL_OP_POW: return float_pow(th, x, y);
    default: return TL_NOTIMPL;
    }
}

static TlVal float_unop(TlThread *th, TlUnOp op, TlVal a)
{
    if (op == TL_UOP_INVERT)
        return tl_raise(th, &tl_TypeError, "bad operand type for unary ~: '%s'", tl_type_name(a));
    double d = TL_FLOAT(a);
    if (op == TL_UOP_POS && tl_is_exact(a, &tl_float_type))
        return a;
    return tl_float_new(th, op == TL_UOP_NEG ? -d : d);
}

static bool cmp_holds(int c, TlCmpOp op)
{
    switch (op) {
    case TL_LT: return c < 0;
    case TL_LE: return c <= 0;
    case TL_EQ: return c == 0;
    case TL_NE: return c != 0;
    case TL_GT: return c > 0;
    default: return c >= 0;
    }
}

static TlCmpOp swapped(TlCmpOp op)
{
    static const TlCmpOp sw[] = {TL_GT, TL_GE, TL_EQ, TL_NE, TL_LT, TL_LE};
    return sw[op];
}

static TlVal float_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (!tl_is_float(a)) {      /* reflected: int <op> float */
        TlVal t = a;
        a = b, b = t, op = swapped(op);
    }
    double x = TL_FLOAT(a);
    int c;
    if (tl_is_float(b)) {
        double y = TL_FLOAT(b);
        if (isnan(x) || isnan(y))
            return tl_bool(op == TL_NE);
        c = x < y ? -1 : x > y;
    } else if (tl_is_int(b)) {
        if (isnan(x))
            return tl_bool(op == TL_NE);
        if (tl_int_cmp_double(th, b, x, &c))
            return TL_NULL;
        c = -c;
    } else {
        return TL_NOTIMPL;
    }
    return tl_bool(cmp_holds(c, op));
}

static int float_truthy(TlThread *th, TlVal v)
{
    (void)th;
    return TL_FLOAT(v) != 0.0;
}

/* ------------------------------------------------------------ float() */

static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static bool word_at(const char *p, const char *e, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(e - p) == n && strncasecmp(p, w, n) == 0;
}

/* Digits with single underscores between them, copied to o; returns the
 * end of the run (p itself when there is no digit). */
static const char *digit_run(const char *p, const char *e, char **o)
{
    const char *start = p;
    while (p < e && isdigit((unsigned char)*p)) {
        *(*o)++ = *p++;
        if (p + 1 < e && *p == '_' && isdigit((unsigned char)p[1]))
            p++;
    }
    return p == start ? start : p;
}

/* Python's float literal grammar (no hex, underscores between digits
 * only) on s[0..n); false when the text is not a float. */
static bool parse_float(const char *s, size_t n, double *out)
{
    const char *p = s, *e = s + n;
    while (p < e && is_space(*p))
        p++;
    while (e > p && is_space(e[-1]))
        e--;
    char *buf = malloc((size_t)(e - p) + 2), *o = buf;
    if (!buf)
        return false;
    bool ok = false;
    double sign = 1.0;
    if (p < e && (*p == '+' || *p == '-'))
        sign = *p++ == '-' ? -1.0 : 1.0;
    if (word_at(p, e, "inf") || word_at(p, e, "infinity")) {
        *out = sign * INFINITY;
        ok = true;
    } else if (word_at(p, e, "nan")) {
        *out = sign * NAN;
        ok = true;
    } else {
        const char *q = digit_run(p, e, &o);
        bool digits = q != p;
        if (q < e && *q == '.') {
            *o++ = *q++;
            const char *r = digit_run(q, e, &o);
            digits |= r != q;
            q = r;
        }
        if (digits && q < e && (*q == 'e' || *q == 'E')) {
            *o++ = *q++;
            if (q < e && (*q == '+' || *q == '-'))
                *o++ = *q++;
            const char *r = digit_run(q, e, &o);
            digits = r != q;
            q = r;
        }
        *o = 0;
        if (digits && q == e) {
            *out = sign * strtod(buf, NULL);
            ok = true;
        }
    }
    free(buf);
    return ok;
}

static TlVal float_convert(TlThread *th, TlVal x)
{
    double d;
    if (!x)
        return tl_float_new(th, 0.0);
    if (tl_is_exact(x, &tl_float_type))
        return x;
    const char *s = NULL;
    size_t n = 0;
    if (tl_is_str(x))
        s = tl_cstr(x), n = TL_STR(x)->len;
    else if (!tl_is_small(x) && tl_has_flag(x, TL_TF_BYTES))
        s = (const char *)((TlBytes *)tl_obj(x))->data, n = ((TlBytes *)tl_obj(x))->len;
    if (s) {
        if (!parse_float(s, n, &d))
            return tl_raise(th, &tl_ValueError, "could not convert string to float: %R", x);
        return tl_float_new(th, d);
    }
    TlType *t = tl_type(x);
    if (!tl_is_float(x) && !tl_is_int(x) && !tl_type_lookup(t, TLN(__float__))
        && !tl_type_lookup(t, TLN(__index__)))
        return tl_raise(th, &tl_TypeError,
                        "float() argument must be a string or a real number, not '%s'",
                        tl_type_name(x));
    return tl_to_double(th, x, &d) ? TL_NULL : tl_float_new(th, d);
}

static TlVal float_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"x", NULL};
    TlVal x;
    if (tl_args(th, "float", args, nargs, kw, kwlist, 0, 1, &x))
        return TL_NULL;
    TlVal r = float_convert(th, x);
    if (!r || t == &tl_float_type)
        return r;
    TlFloat *f = tl_alloc(th, t, t->size);
    if (!f)
        return TL_NULL;
    f->v = TL_FLOAT(r);
    return tl_val(f);
}

/* ----------------------------------------------------------- methods */

static bool argc_ok(TlThread *th, const char *name, int nargs, TlVal kw, int want)
{
    if (nargs == want && (!kw || !TL_TUPLE(kw)->len))
        return true;
    if (want == 1)
        tl_raise(th, &tl_TypeError, "%s() takes no arguments (%d given)", name, nargs - 1);
    else
        tl_raise(th, &tl_TypeError, "expected 1 argument, got %d", nargs - 1);
    return false;
}

#define SELF_ONLY(name) \
    if (!argc_ok(th, name, nargs, kw, 1)) \
        return TL_NULL

TlVal tl_float_floor_int(TlThread *th, double d)
{
    return tl_int_from_double(th, floor(d));
}

static TlVal m_trunc(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.__trunc__");
    return tl_int_from_double(th, TL_FLOAT(args[0]));
}

static TlVal m_floor(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.__floor__");
    return tl_float_floor_int(th, TL_FLOAT(args[0]));
}

static TlVal m_ceil(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.__ceil__");
    return tl_int_from_double(th, ceil(TL_FLOAT(args[0])));
}

static TlVal m_float(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.__float__");
    if (tl_is_exact(args[0], &tl_float_type))
        return args[0];
    return tl_float_new(th, TL_FLOAT(args[0]));
}

static TlVal m_abs(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.__abs__");
    return tl_float_new(th, fabs(TL_FLOAT(args[0])));
}

static TlVal m_is_integer(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.is_integer");
    double d = TL_FLOAT(args[0]);
    return tl_bool(isfinite(d) && floor(d) == d);
}

/* d == num / den exactly, den a power of two, in lowest terms. */
static int double_ratio(TlThread *th, double d, TlVal *num, TlVal *den)
{
    if (isinf(d) || isnan(d)) {
        tl_raise(th, isinf(d) ? &tl_OverflowError : &tl_ValueError,
                 "cannot convert %s to integer ratio", isinf(d) ? "Infinity" : "NaN");
        return -1;
    }
    int e;
    double m = frexp(d, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    TlVal n = tl_int_from_double(th, m), one = tl_mksmall(1), sh;
    if (!n || !(sh = tl_int_from_i64(th, e < 0 ? -(int64_t)e : e)))
        return -1;
    *num = e > 0 ? tl_int_binop(th, TL_OP_LSHIFT, n, sh) : n;
    *den = e < 0 ? tl_int_binop(th, TL_OP_LSHIFT, one, sh) : one;
    return *num && *den ? 0 : -1;
}

static TlVal m_ratio(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.as_integer_ratio");
    TlVal n, d;
    if (double_ratio(th, TL_FLOAT(args[0]), &n, &d))
        return TL_NULL;
    return tl_tuple_pack(th, 2, n, d);
}

/* num / den rounded to an integer, ties to even (den > 0). */
static TlVal div_half_even(TlThread *th, TlVal num, TlVal den)
{
    TlVal q, r, twice;
    if (tl_int_divmod(th, num, den, &q, &r)
        || !(twice = tl_int_binop(th, TL_OP_MUL, r, tl_mksmall(2))))
        return TL_NULL;
    int c = tl_int_cmp(twice, den);
    TlIntView qv;
    tl_int_view(q, &qv);
    if (c > 0 || (c == 0 && qv.n && (qv.d[0] & 1)))
        q = tl_int_binop(th, TL_OP_ADD, q, tl_mksmall(1));
    return q;
}

/* round(x, nd) exactly: x = num/den, scale by 10**nd, round half-even,
 * scale back with a correctly rounded division or conversion. */
static TlVal round_digits(TlThread *th, double x, int64_t nd)
{
    if (!isfinite(x) || x == 0.0 || nd > 323)
        return tl_float_new(th, x);
    if (nd < -308)
        return tl_float_new(th, 0.0 * x);
    TlVal num, den, p, r, res;
    if (double_ratio(th, x, &num, &den)
        || !(p = tl_int_binop(th, TL_OP_POW, tl_mksmall(10), tl_mksmall(nd < 0 ? -nd : nd))))
        return TL_NULL;
    if (nd >= 0) {
        if (!(num = tl_int_binop(th, TL_OP_MUL, num, p)) || !(r = div_half_even(th, num, den))
            || !(res = tl_int_binop(th, TL_OP_TRUEDIV, r, p)))
            return TL_NULL;
    } else {
        if (!(den = tl_int_binop(th, TL_OP_MUL, den, p)) || !(r = div_half_even(th, num, den))
            || !(r = tl_int_binop(th, TL_OP_MUL, r, p)))
            return TL_NULL;
        double d = tl_int_to_double(th, r);
        if (d == -1.0 && th->exc) {
            tl_exc_clear(th);
            return tl_raise(th, &tl_OverflowError, "rounded value too large to represent");
        }
        if (!(res = tl_float_new(th, d)))
            return TL_NULL;
    }
    if (TL_FLOAT(res) == 0.0)
        TL_FLOAT(res) = copysign(0.0, x);
    return res;
}

static TlVal m_round(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "ndigits", NULL};
    TlVal a[2];
    if (tl_args(th, "__round__", args, nargs, kw, kwlist, 1, 2, a))
        return TL_NULL;
    double x = TL_FLOAT(a[0]);
    if (!a[1] || a[1] == TL_NONE) {
        double r = round(x);
        if (fabs(x - r) == 0.5)
            r = 2.0 * round(x / 2.0);
        return tl_int_from_double(th, r);
    }
    TlVal nd = tl_int_index(th, a[1]);
    if (!nd)
        return TL_NULL;
    int s = tl_int_sign(nd);
    int64_t n;
    if (tl_int_to_i64(th, nd, &n)) {
        tl_exc_clear(th);
        n = s > 0 ? INT64_MAX : INT64_MIN;
    }
    return round_digits(th, x, n);
}

static TlVal m_divmod(TlThread *th, TlVal *args, int nargs, TlVal kw, bool reflected)
{
    if (!argc_ok(th, reflected ? "__rdivmod__" : "__divmod__", nargs, kw, 2))
        return TL_NULL;
    double x, y, q, m;
    int k = operand(th, args[1], &y);
    if (k <= 0)
        return k < 0 ? TL_NULL : TL_NOTIMPL;
    x = TL_FLOAT(args[0]);
    if (reflected) {
        double t = x;
        x = y, y = t;
    }
    if (y == 0.0)
        return tl_raise(th, &tl_ZeroDivisionError, "float divmod()");
    float_divmod(x, y, &q, &m);
    TlVal qv = tl_float_new(th, q), mv = qv ? tl_float_new(th, m) : TL_NULL;
    return mv ? tl_tuple_pack(th, 2, qv, mv) : TL_NULL;
}

static TlVal m_divmod_l(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return m_divmod(th, args, nargs, kw, false);
}

static TlVal m_divmod_r(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return m_divmod(th, args, nargs, kw, true);
}

static TlVal m_format(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (!argc_ok(th, "__format__", nargs, kw, 2))
        return TL_NULL;
    if (!tl_is_str(args[1]))
        return tl_raise(th, &tl_TypeError, "format() argument 2 must be str, not %T", args[1]);
    if (TL_STR(args[1])->len == 0)
        return tl_str(th, args[0]);
    return tl_format_float(th, TL_FLOAT(args[0]), args[1]);
}

/* float.hex(): [-]0x1.<13 hex digits>p<exp>, subnormals as 0x0.<...>. */
static TlVal m_hex(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.hex");
    double x = TL_FLOAT(args[0]);
    char buf[48], *o = buf;
    if (!isfinite(x) || x == 0.0) {
        if (x == 0.0)
            snprintf(buf, sizeof buf, "%s0x0.0p+0", signbit(x) ? "-" : "");
        else
            tl_double_repr(x, buf, sizeof buf);
        return tl_str_cstr(th, buf);
    }
    int e;
    double m = frexp(fabs(x), &e);
    int sh = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, sh);
    e -= sh;
    if (x < 0)
        *o++ = '-';
    int d = (int)m;
    o += sprintf(o, "0x%d.", d);
    m -= d;
    for (int i = 0; i < 13; i++) {
        m *= 16.0;
        d = (int)m;
        *o++ = "0123456789abcdef"[d];
        m -= d;
    }
    sprintf(o, "p%+d", e);
    return tl_str_cstr(th, buf);
}

/* float.fromhex(s): CPython's grammar (optional "0x", hex digits around an
 * optional point, optional binary exponent "p[+-]ddd", or inf/nan) is
 * checked here; the digits are then handed to C99 strtod, whose hex
 * conversion is exactly rounded like CPython's own.  A subclass gets
 * cls(result), as for every alternate constructor. */
static TlVal m_fromhex(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "float.fromhex", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    if (!tl_is_str(args[1]))
        return tl_raise(th, &tl_TypeError, "bad argument type for built-in operation");
    const char *p = tl_cstr(args[1]), *e = p + TL_STR(args[1])->len;
    while (p < e && is_space(*p))
        p++;
    while (e > p && is_space(e[-1]))
        e--;
    char *buf = malloc((size_t)(e - p) + 8), *o = buf;
    if (!buf)
        return tl_raise_nomem(th);
    bool neg = p < e && *p == '-', ok;
    if (p < e && (*p == '+' || *p == '-'))
        p++;
    double d;
    if (word_at(p, e, "inf") || word_at(p, e, "infinity")) {
        d = INFINITY, ok = true;
    } else if (word_at(p, e, "nan")) {
        d = NAN, ok = true;
    } else {
        if (e - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
            p += 2;
        o += sprintf(o, "0x");
        size_t ndig = 0;
        for (; p < e && isxdigit((unsigned char)*p); ndig++)
            *o++ = *p++;
        if (p < e && *p == '.')
            for (*o++ = *p++; p < e && isxdigit((unsigned char)*p); ndig++)
                *o++ = *p++;
        ok = ndig > 0;
        if (ok && p < e && (*p == 'p' || *p == 'P')) {
            *o++ = *p++;
            if (p < e && (*p == '+' || *p == '-'))
                *o++ = *p++;
            ok = p < e && isdigit((unsigned char)*p);
            while (p < e && isdigit((unsigned char)*p))
                *o++ = *p++;
        }
        *o = 0;
        ok = ok && p == e;
        d = ok ? strtod(buf, NULL) : 0.0;   /* inf only on overflow here */
        if (ok && isinf(d)) {
            free(buf);
            return tl_raise(th, &tl_OverflowError,
                            "hexadecimal value too large to represent as a float");
        }
    }
    free(buf);
    if (!ok)
        return tl_raise(th, &tl_ValueError, "invalid hexadecimal floating-point string");
    TlVal r = tl_float_new(th, neg ? -d : d);
    if (r && args[0] != tl_val(&tl_float_type))
        r = tl_call1(th, args[0], r);
    return r;
}

static TlVal m_conjugate(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("float.conjugate");
    return tl_float_new(th, TL_FLOAT(args[0]));
}

static const TlMethodDef float_methods[] = {
    {"__trunc__", m_trunc, TL_METH_INSTANCE},
    {"__int__", m_trunc, TL_METH_INSTANCE},
    {"__floor__", m_floor, TL_METH_INSTANCE},
    {"__ceil__", m_ceil, TL_METH_INSTANCE},
    {"__float__", m_float, TL_METH_INSTANCE},
    {"__abs__", m_abs, TL_METH_INSTANCE},
    {"__round__", m_round, TL_METH_INSTANCE},
    {"__divmod__", m_divmod_l, TL_METH_INSTANCE},
    {"__rdivmod__", m_divmod_r, TL_METH_INSTANCE},
    {"__format__", m_format, TL_METH_INSTANCE},
    {"is_integer", m_is_integer, TL_METH_INSTANCE},
    {"as_integer_ratio", m_ratio, TL_METH_INSTANCE},
    {"hex", m_hex, TL_METH_INSTANCE},
    {"fromhex", m_fromhex, TL_METH_CLASS},
    {"conjugate", m_conjugate, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static TlVal g_real(TlThread *th, TlVal self)
{
    return tl_float_new(th, TL_FLOAT(self));
}

static TlVal g_imag(TlThread *th, TlVal self)
{
    (void)self;
    return tl_float_new(th, 0.0);
}

static const TlGetSetDef float_getsets[] = {
    {"real", g_real, NULL},
    {"imag", g_imag, NULL},
    {NULL, NULL, NULL},
};

TlType tl_float_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "float",
    .size = sizeof(TlFloat),
    .flags = TL_TF_BASETYPE | TL_TF_FLOAT,
    .tp_new = float_new,
    .repr = float_repr,
    .hash = float_hash,
    .richcmp = float_richcmp,
    .binop = tl_float_binop,
    .unop = float_unop,
    .truthy = float_truthy,
    .methods = float_methods,
    .getsets = float_getsets,
};

void tl_float_init(TlThread *th)
{
    tl_type_ready(th, &tl_float_type);
}
