/*
 * int.c -- Python's int and bool.
 *
 * An int is either a tagged small value (tl_is_small) or a TlInt: sign and
 * magnitude, base 2^32 digits, little-endian.  Every operation first tries
 * the small fast path with plain machine arithmetic and falls back to the
 * magnitude routines when it cannot prove the result fits; results are
 * always normalised, so a value that fits a small int is never a TlInt.
 * bool is an int subtype with two static instances, and int subclasses
 * share the TlInt layout (their __dict__ and __slots__ follow the digits,
 * tl_alloc_var), so every operation reads its operands through a
 * TlIntView and never cares which of these it got.
 *
 * Algorithms: schoolbook multiplication with Karatsuba above a cutoff
 * (lopsided products are cut into balanced slices), Knuth's algorithm D for
 * division, left-to-right binary powering, two's complement emulation for
 * bitwise operators on negatives, and quadratic base conversion -- which is
 * fine because CPython 3.11 limits decimal conversions to 4300 digits.
 * Temporaries live in malloc'd scratch; only results become GC objects.
 */
#include "num.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef TlIntView IV;

#define KARATSUBA_CUTOFF 40
#define MAX_STR_DIGITS 4300
#define BASE_MASK 0xffffffffu

static const char str_limit_msg[] =
    "Exceeds the limit (%d digits) for integer string conversion%s; "
    "use sys.set_int_max_str_digits() to increase the limit";

/* ------------------------------------------------------------ objects */

static TlInt *big_new(TlThread *th, size_t n)
{
    return tl_alloc(th, &tl_int_type, sizeof(TlInt) + n * sizeof(uint32_t));
}

TlVal tl_int_norm(TlThread *th, TlInt *b)
{
    (void)th;
    size_t n = b->size < 0 ? (size_t)-b->size : (size_t)b->size;
    if (n <= 2) {
        uint64_t m = n == 0 ? 0 : n == 1 ? b->d[0] : b->d[0] | (uint64_t)b->d[1] << 32;
        if (m <= (uint64_t)TL_SMALL_MAX)
            return tl_mksmall(b->size < 0 ? -(intptr_t)m : (intptr_t)m);
        if (b->size < 0 && m == (uint64_t)TL_SMALL_MAX + 1)
            return tl_mksmall(TL_SMALL_MIN);
    }
    return tl_val(b);
}

/* Finish a freshly computed magnitude: strip zeros, sign, normalise. */
static TlVal big_done(TlThread *th, TlInt *r, size_t n, int sign)
{
    if (!r)
        return TL_NULL;
    while (n && r->d[n - 1] == 0)
        n--;
    r->size = sign < 0 ? -(intptr_t)n : (intptr_t)n;
    return tl_int_norm(th, r);
}

static TlVal from_mag64(TlThread *th, uint64_t m, int sign)
{
    if (m <= (uint64_t)TL_SMALL_MAX)
        return tl_mksmall(sign < 0 ? -(intptr_t)m : (intptr_t)m);
    TlInt *r = big_new(th, 2);
    if (!r)
        return TL_NULL;
    r->d[0] = (uint32_t)m;
    r->d[1] = (uint32_t)(m >> 32);
    return big_done(th, r, 2, sign);
}

TlVal tl_int_from_i64(TlThread *th, int64_t v)
{
    if (tl_fits_small(v))
        return tl_mksmall(v);
    return from_mag64(th, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0 ? -1 : 1);
}

TlVal tl_int_from_u64(TlThread *th, uint64_t v)
{
    return from_mag64(th, v, 1);
}

TlVal tl_int_from_digits(TlThread *th, const uint32_t *d, size_t n, int sign)
{
    while (n && d[n - 1] == 0)
        n--;
    if (n <= 2)
        return from_mag64(th, n == 0 ? 0 : n == 1 ? d[0] : d[0] | (uint64_t)d[1] << 32, sign);
    TlInt *r = big_new(th, n);
    if (!r)
        return TL_NULL;
    memcpy(r->d, d, n * sizeof(uint32_t));
    return big_done(th, r, n, sign);
}

void tl_int_view(TlVal v, IV *x)
{
    if (tl_is_small(v)) {
        intptr_t i = tl_small(v);
        uint64_t m = i < 0 ? (uint64_t)0 - (uint64_t)(int64_t)i : (uint64_t)i;
        x->small[0] = (uint32_t)m;
        x->small[1] = (uint32_t)(m >> 32);
        x->n = m >> 32 ? 2 : m ? 1 : 0;
        x->sign = i < 0 ? -1 : i > 0;
        x->d = x->small;
    } else {
        TlInt *b = (TlInt *)tl_obj(v);
        x->n = b->size < 0 ? (size_t)-b->size : (size_t)b->size;
        x->sign = b->size < 0 ? -1 : b->size > 0;
        x->d = b->d;
    }
}

/* An instance of int subclass t holding the value of v. */
static TlVal int_sub_new(TlThread *th, TlType *t, TlVal v)
{
    IV x;
    tl_int_view(v, &x);
    TlInt *r = tl_alloc_var(th, t, x.n * sizeof(uint32_t));
    if (!r)
        return TL_NULL;
    memcpy(r->d, x.d, x.n * sizeof(uint32_t));
    r->size = x.sign < 0 ? -(intptr_t)x.n : (intptr_t)x.n;
    return tl_val(r);
}

TlVal tl_int_exact(TlThread *th, TlVal v)
{
    if (tl_is_small(v) || tl_obj(v)->type == &tl_int_type)
        return v;
    IV x;
    tl_int_view(v, &x);
    return tl_int_from_digits(th, x.d, x.n, x.sign);
}

int tl_int_sign(TlVal v)
{
    IV x;
    tl_int_view(v, &x);
    return x.sign;
}

static uint64_t view_bits(const IV *x)
{
    if (!x->n)
        return 0;
    return (uint64_t)(x->n - 1) * 32 + (32 - (unsigned)__builtin_clz(x->d[x->n - 1]));
}

uint64_t tl_int_bit_length(TlVal v)
{
    IV x;
    tl_int_view(v, &x);
    return view_bits(&x);
}

static uint32_t digit_at(const IV *x, uint64_t i)
{
    return i < x->n ? x->d[i] : 0;
}

/* 64 bits of |x| starting at bit `pos`; *sticky says whether any bit below
 * pos is set (the rounding information for conversions to double). */
static uint64_t bits64(const IV *x, uint64_t pos, bool *sticky)
{
    uint64_t w = pos / 32;
    int b = (int)(pos % 32);
    uint64_t lo = digit_at(x, w) | (uint64_t)digit_at(x, w + 1) << 32;
    uint64_t hi = digit_at(x, w + 2);
    bool st = b && (digit_at(x, w) & ((1u << b) - 1)) != 0;
    for (uint64_t i = 0; i < w && i < x->n && !st; i++)
        st = x->d[i] != 0;
    *sticky = st;
    return b ? lo >> b | hi << (64 - b) : lo;
}

static uint64_t view_u64(const IV *x)
{
    return x->n == 0 ? 0 : x->n == 1 ? x->d[0] : x->d[0] | (uint64_t)x->d[1] << 32;
}

/* ------------------------------------------------- magnitude arithmetic */

static int mcmp(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na != nb)
        return na < nb ? -1 : 1;
    while (na--)
        if (a[na] != b[na])
            return a[na] < b[na] ? -1 : 1;
    return 0;
}

/* r[0..na] = a + b with na >= nb (r[na] receives the carry). */
static void madd(uint32_t *r, const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    uint64_t c = 0;
    size_t i;
    for (i = 0; i < nb; i++) {
        c += (uint64_t)a[i] + b[i];
        r[i] = (uint32_t)c;
        c >>= 32;
    }
    for (; i < na; i++) {
        c += a[i];
        r[i] = (uint32_t)c;
        c >>= 32;
    }
    r[na] = (uint32_t)c;
}

/* r[0..nr) += a[0..na): the caller guarantees the sum fits. */
static void macc(uint32_t *r, size_t nr, const uint32_t *a, size_t na)
{
    uint64_t c = 0;
    size_t i;
    for (i = 0; i < na; i++) {
        c += (uint64_t)r[i] + a[i];
        r[i] = (uint32_t)c;
        c >>= 32;
    }
    for (; c && i < nr; i++) {
        c += r[i];
        r[i] = (uint32_t)c;
        c >>= 32;
    }
}

/* r[0..nr) -= a[0..na): the caller guarantees r >= a. */
static void mdec(uint32_t *r, size_t nr, const uint32_t *a, size_t na)
{
    uint64_t bw = 0;
    size_t i;
    for (i = 0; i < na; i++) {
        uint64_t t = (uint64_t)r[i] - a[i] - bw;
        r[i] = (uint32_t)t;
        bw = t >> 63;
    }
    for (; bw && i < nr; i++) {
        uint64_t t = (uint64_t)r[i] - bw;
        r[i] = (uint32_t)t;
        bw = t >> 63;
    }
}

static void minc(uint32_t *r, size_t nr)
{
    static const uint32_t one = 1;
    macc(r, nr, &one, 1);
}

static void mmul_school(uint32_t *r, const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    for (size_t j = 0; j < nb; j++) {
        uint64_t c = 0, bj = b[j];
        if (!bj)
            continue;
        for (size_t i = 0; i < na; i++) {
            c += a[i] * bj + r[i + j];
            r[i + j] = (uint32_t)c;
            c >>= 32;
        }
        r[j + na] = (uint32_t)c;
    }
}

static int mmul(uint32_t *r, const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* a much longer than b: multiply balanced slices of a by b. */
static int mmul_lopsided(uint32_t *r, const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    uint32_t *t = malloc(2 * nb * sizeof(uint32_t));
    if (!t)
        return -1;
    for (size_t i = 0; i < na; i += nb) {
        size_t c = na - i < nb ? na - i : nb;
        memset(t, 0, (c + nb) * sizeof(uint32_t));
        if (mmul(t, a + i, c, b, nb)) {
            free(t);
            return -1;
        }
        macc(r + i, na + nb - i, t, c + nb);
    }
    free(t);
    return 0;
}

/* r[0..na+nb) = a * b; r must be zeroed.  Karatsuba splits at h = na/2:
 * a*b = z2*B^2h + ((a0+a1)(b0+b1) - z0 - z2)*B^h + z0. */
static int mmul(uint32_t *r, const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na < nb) {
        const uint32_t *t = a;
        a = b, b = t;
        size_t n = na;
        na = nb, nb = n;
    }
    if (nb < KARATSUBA_CUTOFF) {
        mmul_school(r, a, na, b, nb);
        return 0;
    }
    if (2 * nb <= na)
        return mmul_lopsided(r, a, na, b, nb);
    size_t h = na / 2;
    size_t la = na - h + 1, lb = (nb - h > h ? nb - h : h) + 1;
    uint32_t *t = calloc(2 * (la + lb), sizeof(uint32_t));
    if (!t)
        return -1;
    uint32_t *sa = t + la + lb, *sb = sa + la;
    madd(sa, a + h, na - h, a, h);
    if (nb - h >= h)
        madd(sb, b + h, nb - h, b, h);
    else
        madd(sb, b, h, b + h, nb - h);
    if (mmul(r, a, h, b, h) || mmul(r + 2 * h, a + h, na - h, b + h, nb - h)
        || mmul(t, sa, la, sb, lb)) {
        free(t);
        return -1;
    }
    mdec(t, la + lb, r, 2 * h);
    mdec(t, la + lb, r + 2 * h, na + nb - 2 * h);
    size_t lt = la + lb;
    while (lt && !t[lt - 1])
        lt--;
    macc(r + h, na + nb - h, t, lt);
    free(t);
    return 0;
}

/* q = a / d (q may alias a); returns the remainder. */
static uint32_t mdiv1(uint32_t *q, const uint32_t *a, size_t n, uint32_t d)
{
    uint64_t rem = 0;
    while (n--) {
        uint64_t cur = rem << 32 | a[n];
        q[n] = (uint32_t)(cur / d);
        rem = cur % d;
    }
    return (uint32_t)rem;
}

static uint32_t mshl(uint32_t *r, const uint32_t *a, size_t n, int s)
{
    if (!s) {
        memmove(r, a, n * sizeof(uint32_t));
        return 0;
    }
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t x = a[i];
        r[i] = x << s | c;
        c = x >> (32 - s);
    }
    return c;
}

static void mshr(uint32_t *r, const uint32_t *a, size_t n, int s)
{
    if (!s) {
        memmove(r, a, n * sizeof(uint32_t));
        return;
    }
    for (size_t i = 0; i < n; i++)
        r[i] = a[i] >> s | (i + 1 < n ? a[i + 1] << (32 - s) : 0);
}

/* Knuth's algorithm D: q[0..na-nb] = a / b, r[0..nb) = a % b, for
 * na >= nb >= 2 and b without leading zero.  Either output may be NULL. */
static int mdivrem(uint32_t *q, uint32_t *r, const uint32_t *a, size_t na,
                   const uint32_t *b, size_t nb)
{
    uint32_t *u = malloc((na + 1 + nb) * sizeof(uint32_t));
    if (!u)
        return -1;
    uint32_t *v = u + na + 1;
    int s = __builtin_clz(b[nb - 1]);
    mshl(v, b, nb, s);
    u[na] = mshl(u, a, na, s);
    uint64_t vt = v[nb - 1], vs = v[nb - 2];
    for (size_t j = na - nb + 1; j-- > 0;) {
        uint64_t num = (uint64_t)u[j + nb] << 32 | u[j + nb - 1];
        uint64_t qh = num / vt, rh = num % vt;
        while (qh > BASE_MASK || qh * vs > (rh << 32 | u[j + nb - 2])) {
            qh--;
            rh += vt;
            if (rh > BASE_MASK)
                break;
        }
        uint64_t mc = 0, bw = 0;
        for (size_t i = 0; i < nb; i++) {
            uint64_t p = qh * v[i] + mc;
            mc = p >> 32;
            uint64_t t = (uint64_t)u[i + j] - (uint32_t)p - bw;
            u[i + j] = (uint32_t)t;
            bw = t >> 63;
        }
        uint64_t t = (uint64_t)u[j + nb] - mc - bw;
        u[j + nb] = (uint32_t)t;
        if (t >> 63) {          /* qh was one too big: add b back */
            qh--;
            uint64_t c = 0;
            for (size_t i = 0; i < nb; i++) {
                c += (uint64_t)u[i + j] + v[i];
                u[i + j] = (uint32_t)c;
                c >>= 32;
            }
            u[j + nb] += (uint32_t)c;
        }
        if (q)
            q[j] = (uint32_t)qh;
    }
    if (r)
        mshr(r, u, nb, s);
    free(u);
    return 0;
}

/* ---------------------------------------------------- signed operations */

/* a + bsign*|b| */
static TlVal v_add(TlThread *th, const IV *a, const IV *b, int bsign)
{
    if (!b->n)
        return tl_int_from_digits(th, a->d, a->n, a->sign);
    if (!a->n)
        return tl_int_from_digits(th, b->d, b->n, bsign);
    if (a->sign == bsign) {
        const IV *x = a->n >= b->n ? a : b, *y = a->n >= b->n ? b : a;
        TlInt *r = big_new(th, x->n + 1);
        if (!r)
            return TL_NULL;
        madd(r->d, x->d, x->n, y->d, y->n);
        return big_done(th, r, x->n + 1, a->sign);
    }
    int c = mcmp(a->d, a->n, b->d, b->n);
    if (!c)
        return tl_mksmall(0);
    const IV *x = c > 0 ? a : b, *y = c > 0 ? b : a;
    TlInt *r = big_new(th, x->n);
    if (!r)
        return TL_NULL;
    memcpy(r->d, x->d, x->n * sizeof(uint32_t));
    mdec(r->d, x->n, y->d, y->n);
    return big_done(th, r, x->n, c > 0 ? a->sign : bsign);
}

static TlVal v_mul(TlThread *th, const IV *a, const IV *b)
{
    if (!a->n || !b->n)
        return tl_mksmall(0);
    TlInt *r = big_new(th, a->n + b->n);
    if (!r)
        return TL_NULL;
    if (mmul(r->d, a->d, a->n, b->d, b->n))
        return tl_raise_nomem(th);
    return big_done(th, r, a->n + b->n, a->sign * b->sign);
}

/* Floor division and modulo (b != 0). */
static int v_divmod(TlThread *th, const IV *a, const IV *b, TlVal *qo, TlVal *ro)
{
    size_t na = a->n, nb = b->n, nq = 0, nr;
    TlInt *q = big_new(th, na >= nb ? na - nb + 2 : 1);
    TlInt *r = big_new(th, nb);
    if (!q || !r)
        return -1;
    if (mcmp(a->d, na, b->d, nb) < 0) {
        memcpy(r->d, a->d, na * sizeof(uint32_t));
        nr = na;
    } else if (nb == 1) {
        nq = na;
        r->d[0] = mdiv1(q->d, a->d, na, b->d[0]);
        nr = 1;
    } else {
        nq = na - nb + 1;
        if (mdivrem(q->d, r->d, a->d, na, b->d, nb)) {
            tl_raise_nomem(th);
            return -1;
        }
        nr = nb;
    }
    while (nr && !r->d[nr - 1])
        nr--;
    int qs = a->sign * b->sign, rs = a->sign;
    if (nr && a->sign != b->sign) {
        /* floor: q = -(|q| + 1), r = b - r (so it takes b's sign) */
        minc(q->d, ++nq);
        TlInt *r2 = big_new(th, nb);
        if (!r2)
            return -1;
        memcpy(r2->d, b->d, nb * sizeof(uint32_t));
        mdec(r2->d, nb, r->d, nr);
        r = r2, nr = nb, rs = b->sign, qs = -1;
    }
    if (qo && !(*qo = big_done(th, q, nq, qs)))
        return -1;
    if (ro && !(*ro = big_done(th, r, nr, rs)))
        return -1;
    return 0;
}

static TlVal zerodiv(TlThread *th, TlBinOp op)
{
    return tl_raise(th, &tl_ZeroDivisionError, op == TL_OP_MOD
                    ? "integer modulo by zero" : "integer division or modulo by zero");
}

int tl_int_divmod(TlThread *th, TlVal a, TlVal b, TlVal *q, TlVal *r)
{
    IV x, y;
    tl_int_view(a, &x);
    tl_int_view(b, &y);
    if (!y.sign) {
        zerodiv(th, TL_OP_FLOORDIV);
        return -1;
    }
    if (tl_is_small(a) && tl_is_small(b)) {
        intptr_t i = tl_small(a), j = tl_small(b), qq = i / j, rr = i % j;
        if (rr && ((rr < 0) != (j < 0)))
            rr += j, qq--;
        if (q && !(*q = tl_int_from_i64(th, qq)))
            return -1;
        if (r)
            *r = tl_mksmall(rr);
        return 0;
    }
    return v_divmod(th, &x, &y, q, r);
}

static TlVal mulv(TlThread *th, TlVal a, TlVal b)
{
    IV x, y;
    tl_int_view(a, &x);
    tl_int_view(b, &y);
    if (x.n + y.n <= 2)
        return from_mag64(th, view_u64(&x) * view_u64(&y), x.sign * y.sign);
    return v_mul(th, &x, &y);
}

static TlVal modv(TlThread *th, TlVal a, TlVal m)
{
    TlVal r;
    return tl_int_divmod(th, a, m, NULL, &r) ? TL_NULL : r;
}

static TlVal subv(TlThread *th, TlVal a, TlVal b)
{
    IV x, y;
    tl_int_view(a, &x);
    tl_int_view(b, &y);
    return v_add(th, &x, &y, -y.sign);
}

/* Modular inverse of a modulo m > 1 by the extended Euclidean algorithm. */
static TlVal modinv(TlThread *th, TlVal a, TlVal m)
{
    TlVal r0 = m, r1 = a, s0 = tl_mksmall(0), s1 = tl_mksmall(1);
    while (tl_int_sign(r1)) {
        TlVal q, r, t;
        if (tl_int_divmod(th, r0, r1, &q, &r) || !(t = mulv(th, q, s1))
            || !(t = subv(th, s0, t)))
            return TL_NULL;
        r0 = r1, r1 = r, s0 = s1, s1 = t;
    }
    if (tl_int_cmp(r0, tl_mksmall(1)) != 0)
        return tl_raise(th, &tl_ValueError, "base is not invertible for the given modulus");
    return modv(th, s0, m);
}

/* base ** e (e >= 0), reduced modulo m unless m is TL_NULL. */
static TlVal powv(TlThread *th, TlVal base, TlVal e, TlVal m)
{
    IV x;
    tl_int_view(e, &x);
    TlVal r = tl_mksmall(1);
    if (m && !(base = modv(th, base, m)))
        return TL_NULL;
    for (uint64_t bit = view_bits(&x); bit-- > 0;) {
        if (!(r = mulv(th, r, r)) || (m && !(r = modv(th, r, m))))
            return TL_NULL;
        if (x.d[bit / 32] >> (bit % 32) & 1)
            if (!(r = mulv(th, r, base)) || (m && !(r = modv(th, r, m))))
                return TL_NULL;
    }
    return m ? modv(th, r, m) : r;
}

TlVal tl_int_powmod(TlThread *th, TlVal a, TlVal b, TlVal m)
{
    if (!m || m == TL_NONE)
        return tl_binop(th, TL_OP_POW, a, b);
    if (!tl_is_int(a) || !tl_is_int(b) || !tl_is_int(m))
        return tl_raise(th, &tl_TypeError,
                        "pow() 3rd argument not allowed unless all arguments are integers");
    int ms = tl_int_sign(m);
    if (!ms)
        return tl_raise(th, &tl_ValueError, "pow() 3rd argument cannot be 0");
    IV mv;
    tl_int_view(m, &mv);
    TlVal am = tl_int_from_digits(th, mv.d, mv.n, 1), r;
    if (!am)
        return TL_NULL;
    if (tl_int_sign(b) < 0) {
        IV bv;
        tl_int_view(b, &bv);
        TlVal nb = tl_int_from_digits(th, bv.d, bv.n, 1), base;
        if (!nb || !(base = modv(th, a, am)) || !(base = modinv(th, base, am)))
            return TL_NULL;
        r = powv(th, base, nb, am);
    } else {
        r = powv(th, a, b, am);
    }
    if (r && ms < 0 && tl_int_sign(r))
        r = subv(th, r, am);
    return r;
}

static TlVal v_lshift(TlThread *th, const IV *a, uint64_t s)
{
    if (!a->n)
        return tl_mksmall(0);
    if (s > ((uint64_t)1 << 40))
        return tl_raise(th, &tl_OverflowError, "too many digits in integer");
    size_t w = (size_t)(s / 32);
    TlInt *r = big_new(th, a->n + w + 1);
    if (!r)
        return TL_NULL;
    r->d[a->n + w] = mshl(r->d + w, a->d, a->n, (int)(s % 32));
    return big_done(th, r, a->n + w + 1, a->sign);
}

/* Floor semantics: a negative value shifted right rounds toward -inf, that
 * is -ceil(|a| / 2^s). */
static TlVal v_rshift(TlThread *th, const IV *a, uint64_t s)
{
    uint64_t w = s / 32;
    int bits = (int)(s % 32);
    if (w >= a->n)
        return tl_mksmall(a->sign < 0 ? -1 : 0);
    bool lost = bits && (a->d[w] & ((1u << bits) - 1)) != 0;
    for (size_t i = 0; i < w && !lost; i++)
        lost = a->d[i] != 0;
    size_t n = a->n - (size_t)w;
    TlInt *r = big_new(th, n + 1);
    if (!r)
        return TL_NULL;
    mshr(r->d, a->d + w, n, bits);
    if (a->sign < 0 && lost)
        minc(r->d, n + 1);
    return big_done(th, r, n + 1, a->sign);
}

static TlVal shift(TlThread *th, TlBinOp op, const IV *a, const IV *b)
{
    if (b->sign < 0)
        return tl_raise(th, &tl_ValueError, "negative shift count");
    uint64_t s = b->n > 2 ? UINT64_MAX : view_u64(b);
    return op == TL_OP_LSHIFT ? v_lshift(th, a, s) : v_rshift(th, a, s);
}

/* |x| as len two's complement digits. */
static void to_twos(uint32_t *out, size_t len, const IV *x)
{
    memset(out, 0, len * sizeof(uint32_t));
    memcpy(out, x->d, x->n * sizeof(uint32_t));
    if (x->sign < 0) {
        static const uint32_t one = 1;
        mdec(out, len, &one, 1);
        for (size_t i = 0; i < len; i++)
            out[i] = ~out[i];
    }
}

static TlVal bitop(TlThread *th, TlBinOp op, const IV *a, const IV *b)
{
    size_t len = (a->n > b->n ? a->n : b->n) + 1;
    uint32_t *x = malloc(2 * len * sizeof(uint32_t)), *y = x + len;
    if (!x)
        return tl_raise_nomem(th);
    to_twos(x, len, a);
    to_twos(y, len, b);
    for (size_t i = 0; i < len; i++)
        x[i] = op == TL_OP_AND ? x[i] & y[i] : op == TL_OP_OR ? x[i] | y[i] : x[i] ^ y[i];
    bool neg = x[len - 1] >> 31;
    if (neg) {
        for (size_t i = 0; i < len; i++)
            x[i] = ~x[i];
        minc(x, len);
    }
    TlVal r = tl_int_from_digits(th, x, len, neg ? -1 : 1);
    free(x);
    return r;
}

/* Correctly rounded a / b (CPython's algorithm): scale a so that the
 * integer quotient has 55 or 56 bits, divide, and round that to 53 bits
 * half-even using the remainder as a sticky bit. */
static TlVal v_truediv(TlThread *th, const IV *a, const IV *b)
{
    if (!b->n)
        return tl_raise(th, &tl_ZeroDivisionError, "division by zero");
    bool neg = a->sign * b->sign < 0;
    uint64_t abits = view_bits(a), bbits = view_bits(b);
    if (abits <= DBL_MANT_DIG && bbits <= DBL_MANT_DIG) {
        double r = (double)view_u64(a) / (double)view_u64(b);
        return tl_float_new(th, neg ? -r : r);
    }
    int64_t diff = (int64_t)abits - (int64_t)bbits;
    if (diff > DBL_MAX_EXP)
        goto overflow;
    if (!a->n || diff < DBL_MIN_EXP - DBL_MANT_DIG - 1)
        return tl_float_new(th, neg ? -0.0 : 0.0);
    int64_t sh = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    TlVal xv;
    bool inexact = false;
    IV am = *a;                 /* |a|: d still points into *a */
    am.sign = 1;
    if (sh <= 0) {
        xv = v_lshift(th, &am, (uint64_t)-sh);
    } else {
        bits64(a, (uint64_t)sh, &inexact);
        xv = v_rshift(th, &am, (uint64_t)sh);
    }
    if (!xv)
        return TL_NULL;
    IV x;
    tl_int_view(xv, &x);
    uint64_t q;
    if (x.n < b->n || mcmp(x.d, x.n, b->d, b->n) < 0) {
        q = 0;
        inexact |= x.n != 0;
    } else {
        uint32_t qd[4] = {0}, *rd = calloc(b->n, sizeof(uint32_t));
        if (!rd)
            return tl_raise_nomem(th);
        if (b->n == 1) {
            rd[0] = mdiv1(qd, x.d, x.n, b->d[0]);
        } else if (mdivrem(qd, rd, x.d, x.n, b->d, b->n)) {
            free(rd);
            return tl_raise_nomem(th);
        }
        for (size_t i = 0; i < b->n; i++)
            inexact |= rd[i] != 0;
        free(rd);
        q = qd[0] | (uint64_t)qd[1] << 32;
    }
    int qbits = q ? 64 - __builtin_clzll(q) : 0;
    int64_t extra = (qbits > DBL_MIN_EXP - sh ? qbits : DBL_MIN_EXP - sh) - DBL_MANT_DIG;
    uint64_t mask = (uint64_t)1 << (extra - 1), low = q | inexact;
    if ((low & mask) && (low & (3 * mask - 1)))
        low += mask;
    q = low & ~(2 * mask - 1);
    double dq = (double)q;
    if (sh + qbits >= DBL_MAX_EXP
        && (sh + qbits > DBL_MAX_EXP || dq == ldexp(1.0, qbits)))
        goto overflow;
    double r = ldexp(dq, (int)sh);
    return tl_float_new(th, neg ? -r : r);
overflow:
    return tl_raise(th, &tl_OverflowError, "integer division result too large for a float");
}

/* Small operands: true when handled (result or error in *out). */
static bool small_binop(TlThread *th, TlBinOp op, int64_t x, int64_t y, TlVal *out)
{
    int64_t r;
    switch (op) {
    case TL_OP_ADD: *out = tl_int_from_i64(th, x + y); return true;
    case TL_OP_SUB: *out = tl_int_from_i64(th, x - y); return true;
    case TL_OP_MUL:
        if (__builtin_mul_overflow(x, y, &r))
            return false;
        *out = tl_int_from_i64(th, r);
        return true;
    case TL_OP_FLOORDIV:
    case TL_OP_MOD:
        if (!y) {
            *out = zerodiv(th, op);
            return true;
        }
        r = x % y;
        int64_t q = x / y;
        if (r && ((r < 0) != (y < 0)))
            r += y, q--;
        *out = tl_int_from_i64(th, op == TL_OP_MOD ? r : q);
        return true;
    case TL_OP_POW:
        if (y < 0)
            return false;
        r = 1;
        for (int64_t b = x; y; y >>= 1) {
            if ((y & 1) && __builtin_mul_overflow(r, b, &r))
                return false;
            if (y > 1 && __builtin_mul_overflow(b, b, &b))
                return false;
        }
        *out = tl_int_from_i64(th, r);
        return true;
    case TL_OP_LSHIFT:
        if (y < 0 || y >= 62 || ((int64_t)((uint64_t)x << y) >> y) != x)
            return false;
        *out = tl_int_from_i64(th, (int64_t)((uint64_t)x << y));
        return true;
    case TL_OP_RSHIFT:
        if (y < 0)
            return false;
        *out = tl_mksmall(x >> (y > 63 ? 63 : y));
        return true;
    case TL_OP_AND: *out = tl_mksmall(x & y); return true;
    case TL_OP_OR: *out = tl_mksmall(x | y); return true;
    case TL_OP_XOR: *out = tl_mksmall(x ^ y); return true;
    default:
        return false;
    }
}

TlVal tl_int_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    if (!tl_is_int(a) || !tl_is_int(b))
        return TL_NOTIMPL;
    TlVal r;
    if (tl_is_small(a) && tl_is_small(b)
        && small_binop(th, op, tl_small(a), tl_small(b), &r))
        return r;
    IV x, y;
    tl_int_view(a, &x);
    tl_int_view(b, &y);
    switch (op) {
    case TL_OP_ADD: return v_add(th, &x, &y, y.sign);
    case TL_OP_SUB: return v_add(th, &x, &y, -y.sign);
    case TL_OP_MUL: return v_mul(th, &x, &y);
    case TL_OP_TRUEDIV: return v_truediv(th, &x, &y);
    case TL_OP_FLOORDIV:
    case TL_OP_MOD:
        if (!y.sign)
            return zerodiv(th, op);
        if (v_divmod(th, &x, &y, op == TL_OP_FLOORDIV ? &r : NULL, op == TL_OP_MOD ? &r : NULL))
            return TL_NULL;
        return r;
    case TL_OP_POW:
        if (y.sign < 0)
            return tl_float_binop(th, op, a, b);
        return powv(th, a, b, TL_NULL);
    case TL_OP_LSHIFT:
    case TL_OP_RSHIFT: return shift(th, op, &x, &y);
    case TL_OP_AND:
    case TL_OP_OR:
    case TL_OP_XOR: return bitop(th, op, &x, &y);
    default: return TL_NOTIMPL;
    }
}

static TlVal int_unop(TlThread *th, TlUnOp op, TlVal a)
{
    if (op == TL_UOP_POS)
        return tl_int_exact(th, a);
    if (tl_is_small(a))
        return tl_int_from_i64(th, op == TL_UOP_NEG ? -tl_small(a) : ~tl_small(a));
    IV x;
    tl_int_view(a, &x);
    if (op == TL_UOP_NEG)
        return tl_int_from_digits(th, x.d, x.n, -x.sign);
    IV one;                     /* ~a == -a - 1 */
    tl_int_view(tl_mksmall(1), &one);
    x.sign = -x.sign;
    return v_add(th, &x, &one, -1);
}

/* ---------------------------------------------------------- comparisons */

int tl_int_cmp(TlVal a, TlVal b)
{
    if (tl_is_small(a) && tl_is_small(b))
        return tl_small(a) < tl_small(b) ? -1 : tl_small(a) > tl_small(b);
    IV x, y;
    tl_int_view(a, &x);
    tl_int_view(b, &y);
    if (x.sign != y.sign)
        return x.sign < y.sign ? -1 : 1;
    int c = mcmp(x.d, x.n, y.d, y.n);
    return x.sign < 0 ? -c : c;
}

int tl_int_cmp_double(TlThread *th, TlVal i, double d, int *out)
{
    if (isinf(d)) {
        *out = d > 0 ? -1 : 1;
        return 0;
    }
    if (tl_is_small(i) && tl_small(i) >= -(1LL << 53) && tl_small(i) <= (1LL << 53)) {
        double x = (double)tl_small(i);
        *out = x < d ? -1 : x > d;
        return 0;
    }
    double f = floor(d);
    TlVal fi = tl_int_from_double(th, f);
    if (!fi)
        return -1;
    int c = tl_int_cmp(i, fi);
    *out = c ? c : f != d ? -1 : 0;
    return 0;
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

static TlVal int_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    (void)th;
    if (!tl_is_int(a) || !tl_is_int(b))
        return TL_NOTIMPL;
    return tl_bool(cmp_holds(tl_int_cmp(a, b), op));
}

/* CPython's numeric hash: the value modulo the Mersenne prime 2^61 - 1,
 * sign applied afterwards, -1 reserved for errors. */
#define HASH_MOD (((uint64_t)1 << 61) - 1)

TlHash tl_int_hash(TlVal v)
{
    IV x;
    tl_int_view(v, &x);
    uint64_t h = 0;
    for (size_t i = x.n; i-- > 0;) {
        h = ((h << 32) & HASH_MOD) | h >> 29;
        h += x.d[i];
        if (h >= HASH_MOD)
            h -= HASH_MOD;
    }
    TlHash r = x.sign < 0 ? -(TlHash)h : (TlHash)h;
    return r == -1 ? -2 : r;
}

static TlHash int_hash(TlThread *th, TlVal v)
{
    (void)th;
    return tl_int_hash(v);
}

static int int_truthy(TlThread *th, TlVal v)
{
    (void)th;
    return tl_int_sign(v) != 0;
}

/* ---------------------------------------------------------- conversions */

int tl_int_to_i64(TlThread *th, TlVal v, int64_t *out)
{
    if (tl_is_small(v)) {
        *out = tl_small(v);
        return 0;
    }
    IV x;
    tl_int_view(v, &x);
    uint64_t m = view_u64(&x);
    if (x.n > 2 || m > (uint64_t)INT64_MAX + (x.sign < 0)) {
        tl_raise(th, &tl_OverflowError, "Python int too large to convert to C long");
        return -1;
    }
    *out = x.sign < 0 ? (int64_t)(0 - m) : (int64_t)m;
    return 0;
}

double tl_int_frexp(TlVal v, int64_t *e)
{
    IV x;
    tl_int_view(v, &x);
    uint64_t nb = view_bits(&x);
    bool sticky = false;
    uint64_t top = nb > 64 ? bits64(&x, nb - 64, &sticky)
                 : nb ? view_u64(&x) << (64 - nb) : 0;
    double m = ldexp((double)(top | sticky), -64);
    *e = (int64_t)nb;
    if (m == 1.0)
        m = 0.5, ++*e;
    return m;
}

double tl_int_to_double(TlThread *th, TlVal v)
{
    if (tl_is_small(v))
        return (double)tl_small(v);
    int64_t e;
    double m = tl_int_frexp(v, &e);
    if (e > DBL_MAX_EXP) {
        tl_raise(th, &tl_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    m = ldexp(m, (int)e);
    return tl_int_sign(v) < 0 ? -m : m;
}

TlVal tl_int_from_double(TlThread *th, double d)
{
    if (isnan(d))
        return tl_raise(th, &tl_ValueError, "cannot convert float NaN to integer");
    if (isinf(d))
        return tl_raise(th, &tl_OverflowError, "cannot convert float infinity to integer");
    d = trunc(d);
    if (fabs(d) < 9223372036854775808.0)
        return tl_int_from_i64(th, (int64_t)d);
    int e;
    double m = frexp(fabs(d), &e);
    TlVal mant = from_mag64(th, (uint64_t)ldexp(m, DBL_MANT_DIG), d < 0 ? -1 : 1);
    IV x;
    tl_int_view(mant, &x);
    return v_lshift(th, &x, (uint64_t)(e - DBL_MANT_DIG));
}

/* Decimal digits of a big magnitude, most significant first. */
static TlVal to_decimal(TlThread *th, const IV *x)
{
    uint64_t nbits = view_bits(x);
    if (nbits > 14300)          /* at least 4305 digits: skip the work */
        return tl_raise(th, &tl_ValueError, str_limit_msg, MAX_STR_DIGITS, "");
    /* a base 10^9 chunk holds 29.9 bits: at most 1.08 chunks per digit */
    size_t n = x->n, nchunks = 0, maxchunks = n + n / 10 + 2;
    uint32_t *tmp = malloc((n + maxchunks) * sizeof(uint32_t)), *chunks = tmp + n;
    char *buf = malloc(9 * maxchunks + 2);
    if (!tmp || !buf) {
        free(tmp);
        free(buf);
        return tl_raise_nomem(th);
    }
    memcpy(tmp, x->d, n * sizeof(uint32_t));
    while (n) {
        chunks[nchunks++] = mdiv1(tmp, tmp, n, 1000000000u);
        while (n && !tmp[n - 1])
            n--;
    }
    char *p = buf;
    if (x->sign < 0)
        *p++ = '-';
    p += sprintf(p, "%u", chunks[--nchunks]);
    while (nchunks)
        p += sprintf(p, "%09u", chunks[--nchunks]);
    TlVal r;
    if (p - buf - (x->sign < 0) > MAX_STR_DIGITS)
        r = tl_raise(th, &tl_ValueError, str_limit_msg, MAX_STR_DIGITS, "");
    else
        r = tl_str_new(th, buf, (size_t)(p - buf));
    free(tmp);
    free(buf);
    return r;
}

TlVal tl_int_str(TlThread *th, TlVal v, int base)
{
    IV x;
    tl_int_view(v, &x);
    if (base == 10) {
        if (x.n <= 2) {
            /* by hand, right to left: snprintf would cost more than all
             * the rest of str(int) */
            char buf[24], *p = buf + sizeof buf;
            uint64_t u = view_u64(&x);
            do {
                *--p = (char)('0' + u % 10);
                u /= 10;
            } while (u);
            if (x.sign < 0)
                *--p = '-';
            return tl_str_new(th, p, (size_t)(buf + sizeof buf - p));
        }
        return to_decimal(th, &x);
    }
    int k = base == 16 ? 4 : base == 8 ? 3 : 1;
    uint64_t nbits = view_bits(&x), ndig = nbits ? (nbits + (uint64_t)k - 1) / (uint64_t)k : 1;
    char *buf = malloc(ndig + 4), *p = buf;
    if (!buf)
        return tl_raise_nomem(th);
    if (x.sign < 0)
        *p++ = '-';
    *p++ = '0';
    *p++ = base == 16 ? 'x' : base == 8 ? 'o' : 'b';
    for (uint64_t i = ndig; i-- > 0;) {
        bool st;
        *p++ = "0123456789abcdef"[bits64(&x, i * (uint64_t)k, &st) & ((1u << k) - 1)];
    }
    TlVal r = tl_str_new(th, buf, (size_t)(p - buf));
    free(buf);
    return r;
}

static TlVal int_repr(TlThread *th, TlVal v)
{
    return tl_int_str(th, v, 10);
}

/* ----------------------------------------------------------- parsing */

static bool is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Digit values (most significant first) -> magnitude in `base`. */
static TlVal digits_to_int(TlThread *th, const uint8_t *dv, size_t nd, int base, int sign)
{
    size_t cap = nd * 6 / 32 + 2;   /* base <= 36 < 2^6 */
    uint32_t *m = calloc(cap, sizeof(uint32_t));
    if (!m)
        return tl_raise_nomem(th);
    size_t n = 0;
    if ((base & (base - 1)) == 0) {
        int k = __builtin_ctz((unsigned)base);
        uint64_t pos = 0;
        for (size_t i = nd; i-- > 0; pos += (uint64_t)k) {
            uint64_t w = dv[i];
            m[pos / 32] |= (uint32_t)(w << (pos % 32));
            if (pos % 32 + (uint64_t)k > 32)
                m[pos / 32 + 1] |= (uint32_t)(w >> (32 - pos % 32));
        }
        n = cap;
    } else {
        /* chunks of `width` digits: base^width < 2^32 */
        uint32_t width = 1, chunkmul = (uint32_t)base;
        while ((uint64_t)chunkmul * (uint32_t)base <= BASE_MASK)
            chunkmul *= (uint32_t)base, width++;
        for (size_t i = 0; i < nd;) {
            uint32_t acc = 0, mul = 1;
            for (uint32_t j = 0; j < width && i < nd; j++, i++)
                acc = acc * (uint32_t)base + dv[i], mul *= (uint32_t)base;
            uint64_t c = acc;
            for (size_t j = 0; j < n; j++) {
                c += (uint64_t)m[j] * mul;
                m[j] = (uint32_t)c;
                c >>= 32;
            }
            if (c)
                m[n++] = (uint32_t)c;
        }
    }
    TlVal r = tl_int_from_digits(th, m, n, sign);
    free(m);
    return r;
}

static TlVal bad_literal(TlThread *th, const char *s, size_t n, int base, TlVal orig)
{
    if (!orig) {
        size_t cut = n;
        if (cut > 200) {        /* CPython shows at most 200 characters */
            cut = 0;
            for (size_t chars = 0; cut < n && chars < 200; chars++)
                do cut++; while (cut < n && ((uint8_t)s[cut] & 0xc0) == 0x80);
        }
        if (!(orig = tl_str_new(th, s, cut)))
            return TL_NULL;
    }
    return tl_raise(th, &tl_ValueError, "invalid literal for int() with base %d: %R", base, orig);
}

/* int(s, base) for text in s[0..n); orig (str or bytes) is what an error
 * message shows, TL_NULL to use s itself. */
static TlVal parse_int(TlThread *th, const char *s, size_t n, int base, TlVal orig)
{
    const char *p = s, *e = s + n;
    while (p < e && is_space(*p))
        p++;
    while (e > p && is_space(e[-1]))
        e--;
    int sign = 1;
    if (p < e && (*p == '+' || *p == '-'))
        sign = *p++ == '-' ? -1 : 1;
    int b = base;
    bool prefixed = false;
    if (e - p >= 2 && p[0] == '0') {
        char c = (char)(p[1] | 0x20);
        int pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb))
            b = pb, p += 2, prefixed = true;
    }
    if (!b)
        b = 10;
    if (prefixed && p < e && *p == '_')
        p++;
    uint8_t *dv = malloc((size_t)(e - p) + 1);
    if (!dv)
        return tl_raise_nomem(th);
    size_t nd = 0;
    bool ok = p < e, nonzero = false;
    for (const char *q = p; q < e && ok; q++) {
        if (*q == '_') {
            ok = q > p && q[-1] != '_' && q + 1 < e;
            continue;
        }
        int d = digit_value(*q);
        ok = d < b;
        nonzero |= d > 0;
        dv[nd++] = (uint8_t)d;
    }
    /* base 0 without prefix: no leading zeros in a non-zero literal */
    if (ok && base == 0 && !prefixed && dv[0] == 0 && nonzero)
        ok = false;
    TlVal r;
    if (!ok)
        r = bad_literal(th, s, n, base, orig);
    else if ((b & (b - 1)) != 0 && nd > MAX_STR_DIGITS) {
        char what[64];
        snprintf(what, sizeof what, ": value has %zu digits", nd);
        r = tl_raise(th, &tl_ValueError, str_limit_msg, MAX_STR_DIGITS, what);
    } else {
        r = digits_to_int(th, dv, nd, b, sign);
    }
    free(dv);
    return r;
}

TlVal tl_int_from_str(TlThread *th, const char *s, size_t n, int base)
{
    return parse_int(th, s, n, base, TL_NULL);
}

TlVal tl_int_from_bytes(TlThread *th, const uint8_t *p, size_t n, bool little)
{
    uint32_t *m = calloc(n / 4 + 1, sizeof(uint32_t));
    if (!m)
        return tl_raise_nomem(th);
    for (size_t i = 0; i < n; i++) {
        size_t pos = little ? i : n - 1 - i;    /* byte significance */
        m[pos / 4] |= (uint32_t)p[i] << (8 * (pos % 4));
    }
    TlVal r = tl_int_from_digits(th, m, n / 4 + 1, 1);
    free(m);
    return r;
}

/* ------------------------------------------------------------- int() */

static TlVal call_dunder(TlThread *th, TlVal v, TlVal name, const char *what)
{
    TlVal r = tl_call_method(th, v, name, NULL, 0);
    if (r && !tl_is_int(r))
        return tl_raise(th, &tl_TypeError, "%s returned non-int (type %T)", what, r);
    return r;
}

TlVal tl_int_index(TlThread *th, TlVal v)
{
    if (tl_is_int(v))
        return tl_int_exact(th, v);
    if (!tl_type_lookup(tl_type(v), TLN(__index__)))
        return tl_raise(th, &tl_TypeError, "'%s' object cannot be interpreted as an integer",
                        tl_type_name(v));
    TlVal r = call_dunder(th, v, TLN(__index__), "__index__");
    return r ? tl_int_exact(th, r) : TL_NULL;
}

/* Text of a str or bytes argument: false for anything else. */
static bool text_of(TlVal v, const char **s, size_t *n)
{
    if (tl_is_str(v)) {
        *s = tl_cstr(v), *n = TL_STR(v)->len;
        return true;
    }
    if (!tl_is_small(v) && tl_has_flag(v, TL_TF_BYTES)) {
        TlBytes *b = (TlBytes *)tl_obj(v);
        *s = (const char *)b->data, *n = b->len;
        return true;
    }
    return false;
}

static TlVal int_convert(TlThread *th, TlVal x, TlVal basev)
{
    const char *s;
    size_t n;
    if (basev) {
        int64_t base;
        TlVal bi = tl_int_index(th, basev);
        if (!bi || tl_int_to_i64(th, bi, &base))
            return TL_NULL;
        if (base != 0 && (base < 2 || base > 36))
            return tl_raise(th, &tl_ValueError, "int() base must be >= 2 and <= 36, or 0");
        if (!x)
            return tl_raise(th, &tl_TypeError, "int() missing string argument");
        if (!text_of(x, &s, &n))
            return tl_raise(th, &tl_TypeError, "int() can't convert non-string with explicit base");
        return parse_int(th, s, n, (int)base, x);
    }
    if (!x)
        return tl_mksmall(0);
    if (tl_is_small(x) || (tl_is_int(x) && !(tl_type(x)->flags & TL_TF_HEAP)))
        return tl_int_exact(th, x);
    if (tl_is_exact(x, &tl_float_type))
        return tl_int_from_double(th, TL_FLOAT(x));
    if (text_of(x, &s, &n))
        return parse_int(th, s, n, 10, x);
    TlType *t = tl_type(x);
    if (tl_type_lookup(t, TLN(__int__))) {
        TlVal r = call_dunder(th, x, TLN(__int__), "__int__");
        return r ? tl_int_exact(th, r) : TL_NULL;
    }
    if (tl_type_lookup(t, TLN(__index__)))
        return tl_int_index(th, x);
    if (tl_type_lookup(t, TLN(__trunc__))) {
        TlVal r = tl_call_method(th, x, TLN(__trunc__), NULL, 0);
        if (!r || tl_is_int(r))
            return r ? tl_int_exact(th, r) : TL_NULL;
        if (!tl_type_lookup(tl_type(r), TLN(__index__)))
            return tl_raise(th, &tl_TypeError, "__trunc__ returned non-Integral (type %T)", r);
        return tl_int_index(th, r);
    }
    return tl_raise(th, &tl_TypeError, "int() argument must be a string, a bytes-like "
                    "object or a real number, not '%s'", tl_type_name(x));
}

static TlVal int_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"x", "base", NULL};
    TlVal a[2];
    if (tl_args(th, "int", args, nargs, kw, kwlist, 0, 2, a))
        return TL_NULL;
    TlVal r = int_convert(th, a[0], a[1]);
    if (!r || t == &tl_int_type)
        return r;
    if (t == &tl_bool_type)
        return tl_raise(th, &tl_TypeError, "int.__new__(bool) is not safe, use bool.__new__()");
    return int_sub_new(th, t, r);
}

/* -------------------------------------------------------------- methods */

/* Methods without keywords: nargs counts self. */
static bool argc_ok(TlThread *th, const char *name, int nargs, TlVal kw, int want)
{
    if (nargs == want && (!kw || !TL_TUPLE(kw)->len))
        return true;
    if (want == 1)
        tl_raise(th, &tl_TypeError, "%s() takes no arguments (%d given)", name, nargs - 1);
    else
        tl_raise(th, &tl_TypeError, "expected %d argument%s, got %d", want - 1,
                 want == 2 ? "" : "s", nargs - 1);
    return false;
}

#define SELF_ONLY(name) \
    if (!argc_ok(th, name, nargs, kw, 1)) \
        return TL_NULL

static TlVal m_int(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("int.__int__");
    return tl_int_exact(th, args[0]);
}

static TlVal m_float(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("int.__float__");
    double d = tl_int_to_double(th, args[0]);
    return d == -1.0 && th->exc ? TL_NULL : tl_float_new(th, d);
}

static TlVal m_abs(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("int.__abs__");
    IV x;
    tl_int_view(args[0], &x);
    return tl_int_from_digits(th, x.d, x.n, 1);
}

static TlVal m_bit_length(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("int.bit_length");
    return tl_int_from_u64(th, tl_int_bit_length(args[0]));
}

static TlVal m_bit_count(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("int.bit_count");
    IV x;
    tl_int_view(args[0], &x);
    uint64_t c = 0;
    for (size_t i = 0; i < x.n; i++)
        c += (uint64_t)__builtin_popcount(x.d[i]);
    return tl_int_from_u64(th, c);
}

static TlVal m_ratio(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    SELF_ONLY("int.as_integer_ratio");
    TlVal n = tl_int_exact(th, args[0]);
    return n ? tl_tuple_pack(th, 2, n, tl_mksmall(1)) : TL_NULL;
}

static TlVal m_divmod(TlThread *th, TlVal *args, int nargs, TlVal kw, bool reflected)
{
    if (!argc_ok(th, reflected ? "__rdivmod__" : "__divmod__", nargs, kw, 2))
        return TL_NULL;
    TlVal a = args[0], b = args[1], q, r;
    if (!tl_is_int(b))
        return TL_NOTIMPL;
    if (reflected)
        a = args[1], b = args[0];
    if (tl_int_divmod(th, a, b, &q, &r))
        return TL_NULL;
    return tl_tuple_pack(th, 2, q, r);
}

static TlVal m_divmod_l(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return m_divmod(th, args, nargs, kw, false);
}

static TlVal m_divmod_r(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return m_divmod(th, args, nargs, kw, true);
}

/* __pow__(self, other, mod=None): explicit so that pow(a, b, m) works. */
static TlVal m_pow(TlThread *th, TlVal *args, int nargs, TlVal kw, bool reflected)
{
    static const char *const kwlist[] = {"self", "value", "mod", NULL};
    TlVal a[3];
    if (tl_args(th, reflected ? "__rpow__" : "__pow__", args, nargs, kw, kwlist, 2, 3, a))
        return TL_NULL;
    if (!tl_is_int(a[1]) || (a[2] && a[2] != TL_NONE && !tl_is_int(a[2])))
        return TL_NOTIMPL;
    TlVal base = reflected ? a[1] : a[0], exp = reflected ? a[0] : a[1];
    if (!a[2] || a[2] == TL_NONE)
        return tl_int_binop(th, TL_OP_POW, base, exp);
    return tl_int_powmod(th, base, exp, a[2]);
}

static TlVal m_pow_l(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return m_pow(th, args, nargs, kw, false);
}

static TlVal m_pow_r(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return m_pow(th, args, nargs, kw, true);
}

/* round(n, nd) with nd < 0: to a multiple of 10**-nd, ties to even. */
static TlVal m_round(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "ndigits", NULL};
    TlVal a[2], nd, p, q, r, twice;
    if (tl_args(th, "__round__", args, nargs, kw, kwlist, 1, 2, a))
        return TL_NULL;
    if (!a[1] || a[1] == TL_NONE)
        return tl_int_exact(th, a[0]);
    if (!(nd = tl_int_index(th, a[1])))
        return TL_NULL;
    if (tl_int_sign(nd) >= 0)
        return tl_int_exact(th, a[0]);
    IV x;
    tl_int_view(nd, &x);
    if (!(p = powv(th, tl_mksmall(10), tl_int_from_digits(th, x.d, x.n, 1), TL_NULL))
        || tl_int_divmod(th, a[0], p, &q, &r) || !(twice = mulv(th, r, tl_mksmall(2))))
        return TL_NULL;
    int c = tl_int_cmp(twice, p);
    IV qv;
    tl_int_view(q, &qv);
    if (c > 0 || (c == 0 && qv.n && (qv.d[0] & 1)))
        q = tl_int_binop(th, TL_OP_ADD, q, tl_mksmall(1));
    return q ? mulv(th, q, p) : TL_NULL;
}

static TlVal m_format(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (!argc_ok(th, "__format__", nargs, kw, 2))
        return TL_NULL;
    if (!tl_is_str(args[1]))
        return tl_raise(th, &tl_TypeError, "format() argument 2 must be str, not %T", args[1]);
    if (TL_STR(args[1])->len == 0)
        return tl_str(th, args[0]);
    return tl_format_int(th, args[0], args[1]);
}

static int byteorder(TlThread *th, TlVal v, bool *little)
{
    if (!v) {
        *little = false;
        return 0;
    }
    if (tl_is_str(v) && (!strcmp(tl_cstr(v), "little") || !strcmp(tl_cstr(v), "big"))) {
        *little = tl_cstr(v)[0] == 'l';
        return 0;
    }
    if (!tl_is_str(v))
        tl_raise(th, &tl_TypeError, "to_bytes() argument 'byteorder' must be str, not %T", v);
    else
        tl_raise(th, &tl_ValueError, "byteorder must be either 'little' or 'big'");
    return -1;
}

static TlVal m_to_bytes(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "length", "byteorder", "signed", NULL};
    TlVal a[4];
    int64_t len = 1;
    bool little, sgn = false;
    if (tl_args(th, "to_bytes", args, nargs, kw, kwlist, 1, 4, a) || byteorder(th, a[2], &little))
        return TL_NULL;
    if (a[1]) {
        TlVal l = tl_int_index(th, a[1]);
        if (!l || tl_int_to_i64(th, l, &len))
            return TL_NULL;
        if (len < 0)
            return tl_raise(th, &tl_ValueError, "length argument must be non-negative");
    }
    if (a[3]) {
        int t = tl_truthy(th, a[3]);
        if (t < 0)
            return TL_NULL;
        sgn = t;
    }
    IV x;
    tl_int_view(args[0], &x);
    if (x.sign < 0 && !sgn)
        return tl_raise(th, &tl_OverflowError, "can't convert negative int to unsigned");
    size_t nbytes = (size_t)len, words = nbytes / 4 + 1;
    size_t need = x.n + 1 > words ? x.n + 1 : words;
    uint32_t *w = malloc(need * sizeof(uint32_t));
    uint8_t *out = malloc(nbytes + 1);
    if (!w || !out) {
        free(w);
        free(out);
        return tl_raise_nomem(th);
    }
    to_twos(w, need, &x);
    /* fits when every byte beyond the length repeats the sign (and, when
     * signed, the top kept bit agrees with it) */
    uint8_t fill = x.sign < 0 ? 0xff : 0;
    bool fits = true;
    for (size_t i = nbytes; i < need * 4 && fits; i++)
        fits = (uint8_t)(w[i / 4] >> (8 * (i % 4))) == fill;
    if (fits && sgn && nbytes)
        fits = ((w[(nbytes - 1) / 4] >> (8 * ((nbytes - 1) % 4) + 7)) & 1) == (fill & 1);
    else if (fits && sgn && !nbytes)
        fits = x.sign == 0;
    TlVal r = TL_NULL;
    if (!fits) {
        tl_raise(th, &tl_OverflowError, "int too big to convert");
    } else {
        for (size_t i = 0; i < nbytes; i++)
            out[little ? i : nbytes - 1 - i] = (uint8_t)(w[i / 4] >> (8 * (i % 4)));
        r = tl_bytes_new(th, out, nbytes);
    }
    free(w);
    free(out);
    return r;
}

/* int.from_bytes(bytes, byteorder='big', *, signed=False): bytes, or any
 * iterable of ints in range(256). */
static TlVal m_from_bytes(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"cls", "bytes", "byteorder", "signed", NULL};
    TlVal a[4], r = TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    bool little, sgn = false;
    const char *s;
    size_t n;
    if (tl_args(th, "from_bytes", args, nargs, kw, kwlist, 2, 4, a) || byteorder(th, a[2], &little))
        return TL_NULL;
    if (a[3]) {
        int t = tl_truthy(th, a[3]);
        if (t < 0)
            return TL_NULL;
        sgn = t;
    }
    uint8_t *buf = NULL;
    if (!text_of(a[1], &s, &n) || tl_is_str(a[1])) {
        TlVal lst = tl_to_list(th, a[1]);
        if (!lst)
            return TL_NULL;
        tl_root(th, lst);       /* __index__ below may run Python code */
        n = TL_LIST(lst)->len;
        if (!(buf = calloc(n + 1, 1)))
            return tl_raise_nomem(th);
        for (size_t i = 0; i < n; i++) {
            int64_t b;
            TlVal iv = tl_int_index(th, TL_LIST(lst)->items[i]);
            if (!iv || tl_int_to_i64(th, iv, &b))
                goto done;
            if (b < 0 || b > 255) {
                tl_raise(th, &tl_ValueError, "bytes must be in range(0, 256)");
                goto done;
            }
            buf[i] = (uint8_t)b;
        }
        s = (const char *)buf;
    }
    r = tl_int_from_bytes(th, (const uint8_t *)s, n, little);
    if (r && sgn && n && ((const uint8_t *)s)[little ? n - 1 : 0] & 0x80) {
        IV one;                 /* two's complement: subtract 2**(8n) */
        tl_int_view(tl_mksmall(1), &one);
        TlVal big = v_lshift(th, &one, 8 * (uint64_t)n);
        r = big ? subv(th, r, big) : TL_NULL;
    }
done:
    free(buf);
    tl_roots_reset(th, mark);
    if (!r || TL_TYPE(args[0]) == &tl_int_type)
        return r;
    return tl_call1(th, args[0], r);
}

static const TlMethodDef int_methods[] = {
    {"__int__", m_int, TL_METH_INSTANCE},
    {"__index__", m_int, TL_METH_INSTANCE},
    {"__trunc__", m_int, TL_METH_INSTANCE},
    {"__floor__", m_int, TL_METH_INSTANCE},
    {"__ceil__", m_int, TL_METH_INSTANCE},
    {"conjugate", m_int, TL_METH_INSTANCE},
    {"__float__", m_float, TL_METH_INSTANCE},
    {"__abs__", m_abs, TL_METH_INSTANCE},
    {"__round__", m_round, TL_METH_INSTANCE},
    {"__pow__", m_pow_l, TL_METH_INSTANCE},
    {"__rpow__", m_pow_r, TL_METH_INSTANCE},
    {"__divmod__", m_divmod_l, TL_METH_INSTANCE},
    {"__rdivmod__", m_divmod_r, TL_METH_INSTANCE},
    {"__format__", m_format, TL_METH_INSTANCE},
    {"bit_length", m_bit_length, TL_METH_INSTANCE},
    {"bit_count", m_bit_count, TL_METH_INSTANCE},
    {"as_integer_ratio", m_ratio, TL_METH_INSTANCE},
    {"to_bytes", m_to_bytes, TL_METH_INSTANCE},
    {"from_bytes", m_from_bytes, TL_METH_CLASS},
    {NULL, NULL, 0},
};

static TlVal g_self(TlThread *th, TlVal self)
{
    return tl_int_exact(th, self);
}

static TlVal g_zero(TlThread *th, TlVal self)
{
    (void)th, (void)self;
    return tl_mksmall(0);
}

static TlVal g_one(TlThread *th, TlVal self)
{
    (void)th, (void)self;
    return tl_mksmall(1);
}

static const TlGetSetDef int_getsets[] = {
    {"real", g_self, NULL},
    {"numerator", g_self, NULL},
    {"imag", g_zero, NULL},
    {"denominator", g_one, NULL},
    {NULL, NULL, NULL},
};

TlType tl_int_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "int",
    .size = sizeof(TlInt),
    .itemsize = sizeof(uint32_t),
    .flags = TL_TF_BASETYPE | TL_TF_INT,
    .tp_new = int_new,
    .repr = int_repr,
    .hash = int_hash,
    .richcmp = int_richcmp,
    .binop = tl_int_binop,
    .unop = int_unop,
    .truthy = int_truthy,
    .methods = int_methods,
    .getsets = int_getsets,
};

/* ----------------------------------------------------------------- bool */

TlInt tl_false_obj = {TL_STATIC_HDR(&tl_bool_type), 0};
TlInt tl_true_obj = {TL_STATIC_HDR(&tl_bool_type), 1, {1}};

static TlVal bool_repr(TlThread *th, TlVal v)
{
    return tl_str_cstr(th, v == TL_TRUE ? "True" : "False");
}

static TlVal bool_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    if (t != &tl_bool_type)
        return tl_raise(th, &tl_TypeError, "bool.__new__(%s): %s is not a subtype of bool",
                        t->cname, t->cname);
    if (kw && TL_TUPLE(kw)->len)
        return tl_raise(th, &tl_TypeError, "bool() takes no keyword arguments");
    if (nargs > 1)
        return tl_raise(th, &tl_TypeError, "bool expected at most 1 argument, got %d", nargs);
    if (!nargs)
        return TL_FALSE;
    int r = tl_truthy(th, args[0]);
    return r < 0 ? TL_NULL : tl_bool(r);
}

/* & | ^ of two bools stay bools; everything else is int arithmetic. */
static TlVal bool_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    bool logical = op == TL_OP_AND || op == TL_OP_OR || op == TL_OP_XOR;
    if (logical && tl_is_exact(a, &tl_bool_type) && tl_is_exact(b, &tl_bool_type)) {
        bool x = a == TL_TRUE, y = b == TL_TRUE;
        return tl_bool(op == TL_OP_AND ? x && y : op == TL_OP_OR ? x || y : x != y);
    }
    return tl_int_binop(th, op, a, b);
}

TlType tl_bool_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "bool",
    .base = &tl_int_type,
    .size = sizeof(TlInt),
    .itemsize = sizeof(uint32_t),
    .flags = TL_TF_INT,
    .tp_new = bool_new,
    .repr = bool_repr,
    .binop = bool_binop,
};

void tl_int_init(TlThread *th)
{
    tl_type_ready(th, &tl_int_type);
    tl_type_ready(th, &tl_bool_type);
}
