/*
 * mod_math.c -- the math module.
 *
 * Float functions wrap libm the way CPython's mathmodule does: the result
 * is inspected instead of errno (a NaN out of a non-NaN argument is a
 * domain error, an infinity out of a finite one a range error, or a domain
 * error for functions that have poles), and the few functions where C99
 * and Python disagree (pow, fmod, ldexp, log) handle their special cases
 * first.  Integer functions (factorial, gcd, isqrt, comb, perm) are exact
 * and work on big ints through the generic int operations; fsum is
 * Shewchuk's exact summation with CPython's final half-even correction.
 */
#include "lib.h"
#include "num.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#define PI 3.141592653589793238462643383279502884
#define E 2.718281828459045235360287471352662498

static TlVal domain_error(TlThread *th)
{
    return tl_raise(th, &tl_ValueError, "math domain error");
}

static TlVal range_error(TlThread *th)
{
    return tl_raise(th, &tl_OverflowError, "math range error");
}

/* CPython's two argument-count messages: one-argument functions say
 * "takes exactly one argument", the others "expected N arguments". */
static bool nargs_ok(TlThread *th, const char *name, int nargs, TlVal kw, int lo, int hi)
{
    if (kw && TL_TUPLE(kw)->len) {
        tl_raise(th, &tl_TypeError, "%s() takes no keyword arguments", name);
        return false;
    }
    if (nargs >= lo && nargs <= hi)
        return true;
    if (lo == 1 && hi == 1)
        tl_raise(th, &tl_TypeError, "math.%s() takes exactly one argument (%d given)", name, nargs);
    else if (lo == hi)
        tl_raise(th, &tl_TypeError, "%s expected %d arguments, got %d", name, lo, nargs);
    else
        tl_raise(th, &tl_TypeError, "%s expected at %s %d argument%s, got %d", name,
                 nargs < lo ? "least" : "most", nargs < lo ? lo : hi,
                 (nargs < lo ? lo : hi) == 1 ? "" : "s", nargs);
    return false;
}

#define NARGS(name, lo, hi) \
    if (!nargs_ok(th, name, nargs, kw, lo, hi)) \
        return TL_NULL

static TlVal fl(TlThread *th, double d)
{
    return tl_float_new(th, d);
}

/* ------------------------------------------------- one-argument libm */

enum { CAN_OVERFLOW = 1, POLE_IS_DOMAIN = 0 };

static TlVal math_1(TlThread *th, TlVal *args, int nargs, TlVal kw, const char *name,
                    double (*f)(double), int overflow)
{
    double x;
    NARGS(name, 1, 1);
    if (tl_to_double(th, args[0], &x))
        return TL_NULL;
    double r = f(x);
    if (isnan(r) && !isnan(x))
        return domain_error(th);
    if (isinf(r) && isfinite(x))
        return overflow ? range_error(th) : domain_error(th);
    return fl(th, r);
}

#define MATH1(name, cfn, overflow)                                          \
    static TlVal m_##name(TlThread *th, TlVal *args, int nargs, TlVal kw)  \
    {                                                                       \
        return math_1(th, args, nargs, kw, #name, cfn, overflow);           \
    }

static double deg(double x) { return x * (180.0 / PI); }
static double rad(double x) { return x * (PI / 180.0); }

MATH1(sqrt, sqrt, POLE_IS_DOMAIN)
MATH1(exp, exp, CAN_OVERFLOW)
MATH1(exp2, exp2, CAN_OVERFLOW)
MATH1(expm1, expm1, CAN_OVERFLOW)
MATH1(log1p, log1p, POLE_IS_DOMAIN)
MATH1(cbrt, cbrt, POLE_IS_DOMAIN)
MATH1(sin, sin, POLE_IS_DOMAIN)
MATH1(cos, cos, POLE_IS_DOMAIN)
MATH1(tan, tan, POLE_IS_DOMAIN)
MATH1(asin, asin, POLE_IS_DOMAIN)
MATH1(acos, acos, POLE_IS_DOMAIN)
MATH1(atan, atan, POLE_IS_DOMAIN)
MATH1(sinh, sinh, CAN_OVERFLOW)
MATH1(cosh, cosh, CAN_OVERFLOW)
MATH1(tanh, tanh, POLE_IS_DOMAIN)
MATH1(asinh, asinh, POLE_IS_DOMAIN)
MATH1(acosh, acosh, POLE_IS_DOMAIN)
MATH1(atanh, atanh, POLE_IS_DOMAIN)
MATH1(fabs, fabs, POLE_IS_DOMAIN)
MATH1(erf, erf, POLE_IS_DOMAIN)
MATH1(erfc, erfc, POLE_IS_DOMAIN)
MATH1(degrees, deg, CAN_OVERFLOW)
MATH1(radians, rad, POLE_IS_DOMAIN)

/* gamma and lgamma have poles at the non-positive integers. */
static TlVal gamma_like(TlThread *th, TlVal *args, int nargs, TlVal kw, const char *name,
                        double (*f)(double))
{
    double x;
    NARGS(name, 1, 1);
    if (tl_to_double(th, args[0], &x))
        return TL_NULL;
    if (isfinite(x) && x <= 0 && x == floor(x))
        return domain_error(th);
    if (f == tgamma && x == -INFINITY)
        return domain_error(th);
    double r = f(x);
    if (isinf(r) && isfinite(x))
        return range_error(th);
    return fl(th, r);
}

static TlVal m_gamma(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return gamma_like(th, args, nargs, kw, "gamma", tgamma);
}

static TlVal m_lgamma(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return gamma_like(th, args, nargs, kw, "lgamma", lgamma);
}

/* ------------------------------------------------------ two floats */

static int two(TlThread *th, TlVal *args, int nargs, TlVal kw, const char *name,
               double *x, double *y)
{
    if (!nargs_ok(th, name, nargs, kw, 2, 2) || tl_to_double(th, args[0], x)
        || tl_to_double(th, args[1], y))
        return -1;
    return 0;
}

static TlVal m_atan2(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x, y;
    return two(th, args, nargs, kw, "atan2", &y, &x) ? TL_NULL : fl(th, atan2(y, x));
}

static TlVal m_copysign(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x, y;
    return two(th, args, nargs, kw, "copysign", &x, &y) ? TL_NULL : fl(th, copysign(x, y));
}

static TlVal m_fmod(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x, y;
    if (two(th, args, nargs, kw, "fmod", &x, &y))
        return TL_NULL;
    if (isinf(y) && isfinite(x))
        return fl(th, x);
    double r = fmod(x, y);
    return isnan(r) && !isnan(x) && !isnan(y) ? domain_error(th) : fl(th, r);
}

static TlVal m_remainder(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x, y;
    if (two(th, args, nargs, kw, "remainder", &x, &y))
        return TL_NULL;
    double r = remainder(x, y);
    return isnan(r) && !isnan(x) && !isnan(y) ? domain_error(th) : fl(th, r);
}

static TlVal m_nextafter(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x, y;
    return two(th, args, nargs, kw, "nextafter", &x, &y) ? TL_NULL : fl(th, nextafter(x, y));
}

static TlVal m_pow(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x, y, r;
    if (two(th, args, nargs, kw, "pow", &x, &y))
        return TL_NULL;
    if (isfinite(x) && isfinite(y)) {
        r = pow(x, y);
        if (isnan(r))
            return domain_error(th);
        if (isinf(r))
            return x == 0.0 ? domain_error(th) : range_error(th);
        return fl(th, r);
    }
    /* C99 Annex F agrees with Python on the non-finite cases, but not
     * every libm follows it: spell them out as CPython does */
    if (isnan(x))
        r = y == 0.0 ? 1.0 : x;
    else if (isnan(y))
        r = x == 1.0 ? 1.0 : y;
    else if (isinf(x)) {
        bool odd = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
        r = y > 0 ? (odd ? x : fabs(x)) : y == 0 ? 1.0 : odd ? copysign(0.0, x) : 0.0;
    } else if (fabs(x) == 1.0)
        r = 1.0;
    else if ((y > 0) == (fabs(x) > 1.0))
        r = fabs(y);
    else
        r = 0.0;
    return fl(th, r);
}

/* ------------------------------------------------------- logarithms */

/* f(x) for an int or float argument; big ints use frexp-style splitting
 * so that math.log(10**1000) works. */
static int log_arg(TlThread *th, TlVal v, double (*f)(double), double *out)
{
    double x;
    if (tl_is_int(v)) {
        if (tl_int_sign(v) <= 0) {
            domain_error(th);
            return -1;
        }
        x = tl_int_to_double(th, v);
        if (x == -1.0 && th->exc) {
            tl_exc_clear(th);
            int64_t e;
            double m = tl_int_frexp(v, &e);
            *out = f(m) + f(2.0) * (double)e;
            return 0;
        }
    } else if (tl_to_double(th, v, &x)) {
        return -1;
    }
    if (isnan(x) || (isinf(x) && x > 0)) {
        *out = x;
        return 0;
    }
    if (x <= 0) {
        domain_error(th);
        return -1;
    }
    *out = f(x);
    return 0;
}

static TlVal m_log(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double num, den;
    NARGS("log", 1, 2);
    if (log_arg(th, args[0], log, &num))
        return TL_NULL;
    if (nargs == 1)
        return fl(th, num);
    if (log_arg(th, args[1], log, &den))
        return TL_NULL;
    if (den == 0.0)
        return tl_raise(th, &tl_ZeroDivisionError, "float division by zero");
    return fl(th, num / den);
}

static TlVal m_log2(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double r;
    NARGS("log2", 1, 1);
    return log_arg(th, args[0], log2, &r) ? TL_NULL : fl(th, r);
}

static TlVal m_log10(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double r;
    NARGS("log10", 1, 1);
    return log_arg(th, args[0], log10, &r) ? TL_NULL : fl(th, r);
}

/* --------------------------------------------- rounding to integers */

/* floor/ceil/trunc: ints unchanged, floats exactly, others by dunder. */
static TlVal to_integral(TlThread *th, TlVal v, TlVal dunder, double (*f)(double))
{
    if (tl_is_int(v) && (tl_is_small(v) || !(tl_type(v)->flags & TL_TF_HEAP)))
        return tl_int_exact(th, v);
    if (tl_is_exact(v, &tl_float_type))
        return tl_int_from_double(th, f(TL_FLOAT(v)));
    if (tl_type_lookup(tl_type(v), dunder))
        return tl_call_method(th, v, dunder, NULL, 0);
    if (f == trunc)
        return tl_raise(th, &tl_TypeError, "type %s doesn't define __trunc__ method",
                        tl_type_name(v));
    double d;
    return tl_to_double(th, v, &d) ? TL_NULL : tl_int_from_double(th, f(d));
}

static TlVal m_floor(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    NARGS("floor", 1, 1);
    return to_integral(th, args[0], TLN(__floor__), floor);
}

static TlVal m_ceil(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    NARGS("ceil", 1, 1);
    return to_integral(th, args[0], TLN(__ceil__), ceil);
}

static TlVal m_trunc(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    NARGS("trunc", 1, 1);
    return to_integral(th, args[0], TLN(__trunc__), trunc);
}

/* ------------------------------------------------- float decomposition */

static TlVal m_frexp(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x;
    int e = 0;
    NARGS("frexp", 1, 1);
    if (tl_to_double(th, args[0], &x))
        return TL_NULL;
    double m = isfinite(x) && x != 0.0 ? frexp(x, &e) : x;
    TlVal mv = fl(th, m);
    return mv ? tl_tuple_pack(th, 2, mv, tl_mksmall(e)) : TL_NULL;
}

static TlVal m_ldexp(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x;
    int64_t e;
    NARGS("ldexp", 2, 2);
    if (tl_to_double(th, args[0], &x))
        return TL_NULL;
    if (!tl_is_int(args[1]))
        return tl_raise(th, &tl_TypeError, "Expected an int as second argument to ldexp.");
    if (tl_int_to_i64(th, args[1], &e)) {
        tl_exc_clear(th);
        e = tl_int_sign(args[1]) > 0 ? INT64_MAX : INT64_MIN;
    }
    if (x == 0.0 || !isfinite(x))
        return fl(th, x);
    if (e > INT32_MAX)
        return range_error(th);
    if (e < INT32_MIN)
        return fl(th, copysign(0.0, x));
    double r = ldexp(x, (int)e);
    return isinf(r) ? range_error(th) : fl(th, r);
}

static TlVal m_modf(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x, ip;
    NARGS("modf", 1, 1);
    if (tl_to_double(th, args[0], &x))
        return TL_NULL;
    double fp = isinf(x) ? copysign(0.0, x) : modf(x, &ip);
    if (isinf(x))
        ip = x;
    TlVal a = fl(th, fp), b = a ? fl(th, ip) : TL_NULL;
    return b ? tl_tuple_pack(th, 2, a, b) : TL_NULL;
}

static TlVal m_ulp(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double x;
    NARGS("ulp", 1, 1);
    if (tl_to_double(th, args[0], &x))
        return TL_NULL;
    if (isnan(x) || isinf(x))
        return fl(th, fabs(x));
    x = fabs(x);
    double next = nextafter(x, INFINITY);
    if (isinf(next))            /* x is the largest finite float */
        return fl(th, x - nextafter(x, -INFINITY));
    return fl(th, next - x);
}

/* --------------------------------------------------------- predicates */

static TlVal classify(TlThread *th, TlVal *args, int nargs, TlVal kw, const char *name, int what)
{
    double x;
    NARGS(name, 1, 1);
    if (tl_to_double(th, args[0], &x))
        return TL_NULL;
    return tl_bool(what == 0 ? isfinite(x) : what == 1 ? isinf(x) : isnan(x));
}

static TlVal m_isfinite(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return classify(th, args, nargs, kw, "isfinite", 0);
}

static TlVal m_isinf(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return classify(th, args, nargs, kw, "isinf", 1);
}

static TlVal m_isnan(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return classify(th, args, nargs, kw, "isnan", 2);
}

static TlVal m_isclose(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"a", "b", "rel_tol", "abs_tol", NULL};
    TlVal a[4];
    double x, y, rel = 1e-09, abs_tol = 0.0;
    if (tl_args(th, "isclose", args, nargs, kw, kwlist, 2, 4, a) || tl_to_double(th, a[0], &x)
        || tl_to_double(th, a[1], &y) || (a[2] && tl_to_double(th, a[2], &rel))
        || (a[3] && tl_to_double(th, a[3], &abs_tol)))
        return TL_NULL;
    if (rel < 0.0 || abs_tol < 0.0)
        return tl_raise(th, &tl_ValueError, "tolerances must be non-negative");
    if (x == y)
        return TL_TRUE;
    if (isinf(x) || isinf(y))
        return TL_FALSE;
    double diff = fabs(y - x);
    return tl_bool(diff <= fabs(rel * y) || diff <= fabs(rel * x) || diff <= abs_tol);
}

/* ---------------------------------------------------- norms and sums */

/* Double-length arithmetic for norm(): exact sums and products split into
 * a high and a low double (Dekker). */
typedef struct { double hi, lo; } Dl;

static Dl dl_fast_sum(double a, double b)     /* |a| >= |b| */
{
    double x = a + b;
    return (Dl){x, (a - x) + b};
}

static Dl dl_split(double x)
{
    double t = x * 134217729.0, hi = t - (t - x);
    return (Dl){hi, x - hi};
}

static Dl dl_mul(double x, double y)
{
    Dl a = dl_split(x), b = dl_split(y);
    double p = a.hi * b.hi, q = a.hi * b.lo + a.lo * b.hi, z = p + q;
    return (Dl){z, p - z + q + a.lo * b.lo};
}

/* sqrt(sum(x*x)) as CPython 3.11 computes it: scale by a power of two,
 * accumulate the squares exactly around 1.0, then one correction step. */
static double vector_norm(double *v, size_t n, double max)
{
    int max_e;
    frexp(max, &max_e);
    if (max_e < -1023) {        /* subnormal: rescale first */
        for (size_t i = 0; i < n; i++)
            v[i] /= DBL_MIN;
        return DBL_MIN * vector_norm(v, n, max / DBL_MIN);
    }
    double scale = ldexp(1.0, -max_e), csum = 1.0, frac1 = 0.0, frac2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = v[i] * scale;
        Dl pr = dl_mul(x, x), sm = dl_fast_sum(csum, pr.hi);
        csum = sm.hi;
        frac1 += pr.lo;
        frac2 += sm.lo;
    }
    double h = sqrt(csum - 1.0 + (frac1 + frac2));
    Dl pr = dl_mul(-h, h), sm = dl_fast_sum(csum, pr.hi);
    csum = sm.hi;
    frac1 += pr.lo;
    frac2 += sm.lo;
    h += (csum - 1.0 + (frac1 + frac2)) / (2.0 * h);
    return h / scale;
}

static TlVal norm(TlThread *th, double *v, size_t n)
{
    double max = 0.0;
    bool nan = false;
    for (size_t i = 0; i < n; i++) {
        v[i] = fabs(v[i]);
        nan |= isnan(v[i]);
        if (v[i] > max)
            max = v[i];
    }
    if (isinf(max))
        return fl(th, max);
    if (nan)
        return fl(th, NAN);
    if (max == 0.0 || n <= 1)
        return fl(th, max);
    return fl(th, vector_norm(v, n, max));
}

static TlVal m_hypot(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    NARGS("hypot", 0, 1 << 20);
    double *v = malloc(((size_t)nargs + 1) * sizeof(double));
    if (!v)
        return tl_raise_nomem(th);
    for (int i = 0; i < nargs; i++)
        if (tl_to_double(th, args[i], &v[i])) {
            free(v);
            return TL_NULL;
        }
    TlVal r = norm(th, v, (size_t)nargs);
    free(v);
    return r;
}

static TlVal dist(TlThread *th, TlVal p, TlVal q);

static TlVal m_dist(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    NARGS("dist", 2, 2);
    uint32_t mark = tl_roots_mark(th);
    TlVal p = tl_to_tuple(th, args[0]), q = TL_NULL;
    if (p) {
        tl_root(th, p);
        if ((q = tl_to_tuple(th, args[1])))
            tl_root(th, q);
    }
    TlVal r = q ? dist(th, p, q) : TL_NULL;
    tl_roots_reset(th, mark);
    return r;
}

static TlVal dist(TlThread *th, TlVal p, TlVal q)
{
    size_t n = TL_TUPLE(p)->len;
    if (TL_TUPLE(q)->len != n)
        return tl_raise(th, &tl_ValueError, "both points must have the same number of dimensions");
    double *v = malloc((n + 1) * sizeof(double));
    if (!v)
        return tl_raise_nomem(th);
    for (size_t i = 0; i < n; i++) {
        double a, b;
        if (tl_to_double(th, TL_TUPLE(p)->items[i], &a)
            || tl_to_double(th, TL_TUPLE(q)->items[i], &b)) {
            free(v);
            return TL_NULL;
        }
        v[i] = a - b;
    }
    TlVal r = norm(th, v, n);
    free(v);
    return r;
}

/* Shewchuk's algorithm: keep non-overlapping partial sums exactly. */
static TlVal m_fsum(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    NARGS("fsum", 1, 1);
    TlVal it = tl_iter(th, args[0]), item;
    if (!it)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, it);
    size_t n = 0, cap = 32;
    double *p = malloc(cap * sizeof(double)), special = 0.0, inf_sum = 0.0;
    TlVal r = TL_NULL;
    if (!p) {
        tl_roots_reset(th, mark);
        return tl_raise_nomem(th);
    }
    while ((item = tl_next(th, it))) {
        double x, xsave;
        if (tl_to_double(th, item, &x))
            goto done;
        xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y, y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                /* overflow of finite summands, or an inf/nan summand */
                if (isfinite(xsave)) {
                    tl_raise(th, &tl_OverflowError, "intermediate overflow in fsum");
                    goto done;
                }
                if (isinf(xsave))
                    inf_sum += xsave;
                special += xsave;
                n = 0;
            } else {
                if (n + 1 >= cap) {
                    double *np = realloc(p, 2 * cap * sizeof(double));
                    if (!np) {
                        tl_raise_nomem(th);
                        goto done;
                    }
                    p = np, cap *= 2;
                }
                p[n++] = x;
            }
        }
    }
    if (th->exc)
        goto done;
    if (special != 0.0) {
        r = isnan(inf_sum) ? tl_raise(th, &tl_ValueError, "-inf + inf in fsum") : fl(th, special);
        goto done;
    }
    double hi = 0.0, lo = 0.0;
    if (n > 0) {
        hi = p[--n];
        while (n > 0) {         /* add from the top until inexact */
            double x = hi, y = p[--n];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0)
                break;
        }
        /* half-even rounding across the remaining partials */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y;
            if (y == x - hi)
                hi = x;
        }
    }
    r = fl(th, hi);
done:
    free(p);
    tl_roots_reset(th, mark);
    return r;
}

static TlVal m_prod(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"iterable", "start", NULL};
    TlVal a[2];
    if (tl_args(th, "prod", args, nargs, kw, kwlist, 1, 2, a))
        return TL_NULL;
    TlVal it = tl_iter(th, a[0]), acc = a[1] ? a[1] : tl_mksmall(1), item;
    if (!it)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, it);
    while ((item = tl_next(th, it))) {
        tl_roots_reset(th, mark + 1);
        tl_root(th, acc);
        tl_root(th, item);
        if (!(acc = tl_binop(th, TL_OP_MUL, acc, item)))
            break;
    }
    tl_roots_reset(th, mark);
    return th->exc ? TL_NULL : acc;
}

/* -------------------------------------------------- integer functions */

static TlVal imul(TlThread *th, TlVal a, TlVal b)
{
    return tl_int_binop(th, TL_OP_MUL, a, b);
}

/* Product of the integers in [lo, hi) by binary splitting, so that the
 * big multiplications are balanced. */
static TlVal range_prod(TlThread *th, uint64_t lo, uint64_t hi)
{
    if (hi - lo <= 8) {
        TlVal r = tl_mksmall(1);
        uint64_t acc = 1;
        for (uint64_t i = lo; i < hi; i++) {
            if (acc > UINT64_MAX / i) {
                if (!(r = imul(th, r, tl_int_from_u64(th, acc))))
                    return TL_NULL;
                acc = 1;
            }
            acc *= i;
        }
        return imul(th, r, tl_int_from_u64(th, acc));
    }
    uint64_t mid = lo + (hi - lo) / 2;
    TlVal a = range_prod(th, lo, mid), b = a ? range_prod(th, mid, hi) : TL_NULL;
    return b ? imul(th, a, b) : TL_NULL;
}

/* An int argument through __index__; the result is rooted (the caller
 * resets the roots) because converting the next argument may run Python. */
static int int_arg(TlThread *th, TlVal v, TlVal *iv)
{
    if (!(*iv = tl_int_index(th, v)))
        return -1;
    tl_root(th, *iv);
    return 0;
}

static TlVal m_factorial(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlVal n;
    int64_t k;
    NARGS("factorial", 1, 1);
    if (!(n = tl_int_index(th, args[0])))
        return TL_NULL;
    if (tl_int_sign(n) < 0)
        return tl_raise(th, &tl_ValueError, "factorial() not defined for negative values");
    if (tl_int_to_i64(th, n, &k)) {
        tl_exc_clear(th);
        return tl_raise(th, &tl_OverflowError,
                        "factorial() argument should not exceed 9223372036854775807");
    }
    return range_prod(th, 1, (uint64_t)k + 1);
}

static TlVal iabs(TlThread *th, TlVal v)
{
    TlIntView x;
    tl_int_view(v, &x);
    return tl_int_from_digits(th, x.d, x.n, 1);
}

static TlVal gcd2(TlThread *th, TlVal a, TlVal b)
{
    if (!(a = iabs(th, a)) || !(b = iabs(th, b)))
        return TL_NULL;
    while (tl_int_sign(b)) {
        if (tl_is_small(a) && tl_is_small(b)) {
            uint64_t x = (uint64_t)tl_small(a), y = (uint64_t)tl_small(b);
            while (y) {
                uint64_t t = x % y;
                x = y, y = t;
            }
            return tl_int_from_u64(th, x);
        }
        TlVal r;
        if (tl_int_divmod(th, a, b, NULL, &r))
            return TL_NULL;
        a = b, b = r;
    }
    return a;
}

static TlVal gcd_lcm(TlThread *th, TlVal *args, int nargs, TlVal kw, bool lcm)
{
    NARGS(lcm ? "lcm" : "gcd", 0, 1 << 20);
    TlVal acc = tl_mksmall(lcm ? 1 : 0), x, g;
    uint32_t mark = tl_roots_mark(th);
    for (int i = 0; i < nargs; i++) {
        tl_roots_reset(th, mark);
        tl_root(th, acc);       /* __index__ may run Python code */
        if (int_arg(th, args[i], &x)) {
            tl_roots_reset(th, mark);
            return TL_NULL;
        }
        if (!lcm) {
            acc = gcd2(th, acc, x);
        } else if (!tl_int_sign(x) || !tl_int_sign(acc)) {
            acc = tl_mksmall(0);
        } else if ((g = gcd2(th, acc, x))) {
            TlVal q;
            acc = tl_int_divmod(th, acc, g, &q, NULL) ? TL_NULL : imul(th, q, x);
            acc = acc ? iabs(th, acc) : TL_NULL;
        } else {
            acc = TL_NULL;
        }
        if (!acc)
            break;
    }
    tl_roots_reset(th, mark);
    return acc;
}

static TlVal m_gcd(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return gcd_lcm(th, args, nargs, kw, false);
}

static TlVal m_lcm(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return gcd_lcm(th, args, nargs, kw, true);
}

/* Newton's iteration from a power of two above the root; it decreases
 * monotonically to floor(sqrt(n)). */
static TlVal m_isqrt(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlVal n;
    NARGS("isqrt", 1, 1);
    if (!(n = tl_int_index(th, args[0])))
        return TL_NULL;
    int s = tl_int_sign(n);
    if (s < 0)
        return tl_raise(th, &tl_ValueError, "isqrt() argument must be nonnegative");
    if (!s)
        return tl_mksmall(0);
    uint64_t bits = tl_int_bit_length(n);
    TlVal x = tl_int_binop(th, TL_OP_LSHIFT, tl_mksmall(1), tl_int_from_u64(th, (bits + 1) / 2));
    while (x) {
        TlVal q, y;
        if (tl_int_divmod(th, n, x, &q, NULL) || !(y = tl_int_binop(th, TL_OP_ADD, x, q))
            || !(y = tl_int_binop(th, TL_OP_RSHIFT, y, tl_mksmall(1))))
            return TL_NULL;
        if (tl_int_cmp(y, x) >= 0)
            return x;
        x = y;
    }
    return TL_NULL;
}

/* n * (n-1) * ... * (n-k+1) [/ k!] with validated non-negative n, k. */
static TlVal comb_perm(TlThread *th, TlVal nv, TlVal kv, bool comb)
{
    if (tl_int_sign(nv) < 0)
        return tl_raise(th, &tl_ValueError, "n must be a non-negative integer");
    if (tl_int_sign(kv) < 0)
        return tl_raise(th, &tl_ValueError, "k must be a non-negative integer");
    if (tl_int_cmp(kv, nv) > 0)
        return tl_mksmall(0);
    TlVal rest = tl_int_binop(th, TL_OP_SUB, nv, kv);
    if (!rest)
        return TL_NULL;
    if (comb && tl_int_cmp(rest, kv) < 0)
        kv = rest;
    int64_t k;
    if (tl_int_to_i64(th, kv, &k)) {
        tl_exc_clear(th);
        return tl_raise(th, &tl_OverflowError, "min(n - k, k) must not exceed 9223372036854775807");
    }
    TlVal r = tl_mksmall(1), one = tl_mksmall(1), f = nv;
    if (comb && (!(f = tl_int_binop(th, TL_OP_SUB, nv, kv)) || !(f = tl_int_binop(th, TL_OP_ADD, f, one))))
        return TL_NULL;
    for (int64_t i = 1; i <= k && r && f; i++) {
        r = imul(th, r, f);
        if (r && comb && tl_int_divmod(th, r, tl_mksmall(i), &r, NULL))
            return TL_NULL;
        f = tl_int_binop(th, comb ? TL_OP_ADD : TL_OP_SUB, f, one);
    }
    return f ? r : TL_NULL;
}

static TlVal m_comb(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlVal n, k, r = TL_NULL;
    NARGS("comb", 2, 2);
    uint32_t mark = tl_roots_mark(th);
    if (!int_arg(th, args[0], &n) && !int_arg(th, args[1], &k))
        r = comb_perm(th, n, k, true);
    tl_roots_reset(th, mark);
    return r;
}

static TlVal m_perm(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlVal n, k;
    NARGS("perm", 1, 2);
    if (!(n = tl_int_index(th, args[0])))
        return TL_NULL;
    if (nargs == 1 || args[1] == TL_NONE) {
        if (tl_int_sign(n) < 0)
            return tl_raise(th, &tl_ValueError, "n must be a non-negative integer");
        return m_factorial(th, &n, 1, TL_NULL);
    }
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, n);
    TlVal r = int_arg(th, args[1], &k) ? TL_NULL : comb_perm(th, n, k, false);
    tl_roots_reset(th, mark);
    return r;
}

static const TlMethodDef math_fns[] = {
    {"sqrt", m_sqrt, TL_METH_STATIC}, {"exp", m_exp, TL_METH_STATIC},
    {"exp2", m_exp2, TL_METH_STATIC}, {"expm1", m_expm1, TL_METH_STATIC},
    {"log", m_log, TL_METH_STATIC}, {"log2", m_log2, TL_METH_STATIC},
    {"log10", m_log10, TL_METH_STATIC}, {"log1p", m_log1p, TL_METH_STATIC},
    {"cbrt", m_cbrt, TL_METH_STATIC}, {"pow", m_pow, TL_METH_STATIC},
    {"sin", m_sin, TL_METH_STATIC}, {"cos", m_cos, TL_METH_STATIC},
    {"tan", m_tan, TL_METH_STATIC}, {"asin", m_asin, TL_METH_STATIC},
    {"acos", m_acos, TL_METH_STATIC}, {"atan", m_atan, TL_METH_STATIC},
    {"atan2", m_atan2, TL_METH_STATIC}, {"sinh", m_sinh, TL_METH_STATIC},
    {"cosh", m_cosh, TL_METH_STATIC}, {"tanh", m_tanh, TL_METH_STATIC},
    {"asinh", m_asinh, TL_METH_STATIC}, {"acosh", m_acosh, TL_METH_STATIC},
    {"atanh", m_atanh, TL_METH_STATIC}, {"erf", m_erf, TL_METH_STATIC},
    {"erfc", m_erfc, TL_METH_STATIC}, {"gamma", m_gamma, TL_METH_STATIC},
    {"lgamma", m_lgamma, TL_METH_STATIC}, {"fabs", m_fabs, TL_METH_STATIC},
    {"floor", m_floor, TL_METH_STATIC}, {"ceil", m_ceil, TL_METH_STATIC},
    {"trunc", m_trunc, TL_METH_STATIC}, {"degrees", m_degrees, TL_METH_STATIC},
    {"radians", m_radians, TL_METH_STATIC}, {"copysign", m_copysign, TL_METH_STATIC},
    {"fmod", m_fmod, TL_METH_STATIC}, {"remainder", m_remainder, TL_METH_STATIC},
    {"modf", m_modf, TL_METH_STATIC}, {"frexp", m_frexp, TL_METH_STATIC},
    {"ldexp", m_ldexp, TL_METH_STATIC}, {"nextafter", m_nextafter, TL_METH_STATIC},
    {"ulp", m_ulp, TL_METH_STATIC}, {"isfinite", m_isfinite, TL_METH_STATIC},
    {"isinf", m_isinf, TL_METH_STATIC}, {"isnan", m_isnan, TL_METH_STATIC},
    {"isclose", m_isclose, TL_METH_STATIC}, {"hypot", m_hypot, TL_METH_STATIC},
    {"dist", m_dist, TL_METH_STATIC}, {"fsum", m_fsum, TL_METH_STATIC},
    {"prod", m_prod, TL_METH_STATIC}, {"factorial", m_factorial, TL_METH_STATIC},
    {"gcd", m_gcd, TL_METH_STATIC}, {"lcm", m_lcm, TL_METH_STATIC},
    {"isqrt", m_isqrt, TL_METH_STATIC}, {"comb", m_comb, TL_METH_STATIC},
    {"perm", m_perm, TL_METH_STATIC},
    {NULL, NULL, 0},
};

int tl_mod_math_init(TlThread *th, TlVal module)
{
    static const struct { const char *name; double v; } consts[] = {
        {"pi", PI}, {"e", E}, {"tau", 2 * PI}, {"inf", INFINITY}, {"nan", NAN},
    };
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
        TlVal v = fl(th, consts[i].v);
        if (!v || tl_dict_set_cstr(th, d, consts[i].name, v) < 0)
            return -1;
    }
    return tl_module_add_methods(th, module, math_fns);
}
