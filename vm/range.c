/*
 * range.c -- range objects and their iterator.
 *
 * A range is arithmetic, never materialised: item i is start + i*step, so
 * len, indexing, slicing (which yields another range) and membership of an
 * int are O(1).  Bounds are limited to 64-bit integers (a larger argument
 * raises OverflowError rather than wrapping); inside that domain all
 * arithmetic is done in uint64_t, where it is exact because every value
 * produced lies between start and stop.  The length may exceed what len()
 * can return (range(-2**63, 2**63-1)); only len() itself complains, as in
 * CPython.
 */
#include "tl.h"

typedef struct TlRange {
    TlObj ob;
    TlVal start, stop, step;   /* the ints as given */
    int64_t lo, hi, by;        /* the same as C integers */
    uint64_t len;
} TlRange;

#define RANGE(v) ((TlRange *)tl_obj(v))

static uint64_t count(int64_t lo, int64_t hi, int64_t by)
{
    if (by > 0)
        return lo < hi ? ((uint64_t)hi - (uint64_t)lo - 1) / (uint64_t)by + 1 : 0;
    return lo > hi ? ((uint64_t)lo - (uint64_t)hi - 1) / (0 - (uint64_t)by) + 1 : 0;
}

static int64_t item(TlRange *r, uint64_t i)
{
    return (int64_t)((uint64_t)r->lo + i * (uint64_t)r->by);
}

static TlVal range_make(TlThread *th, int64_t lo, int64_t hi, int64_t by)
{
    TlRange *r = tl_alloc(th, &tl_range_type, sizeof(TlRange));
    if (!r || !(r->start = tl_int_from_i64(th, lo)) || !(r->stop = tl_int_from_i64(th, hi)) ||
        !(r->step = tl_int_from_i64(th, by)))
        return TL_NULL;
    r->lo = lo;
    r->hi = hi;
    r->by = by;
    r->len = count(lo, hi, by);
    return tl_val(r);
}

/* An argument through __index__, as a 64-bit integer. */
static int arg_i64(TlThread *th, TlVal v, int64_t *out)
{
    if (tl_is_small(v)) {
        *out = tl_small(v);
        return 0;
    }
    if (tl_is_int(v))
        return tl_int_to_i64(th, v, out);
    if (!tl_type_lookup(tl_type(v), TLN(__index__))) {
        tl_raise(th, &tl_TypeError, "'%T' object cannot be interpreted as an integer", v);
        return -1;
    }
    intptr_t i;
    if (tl_index(th, v, &i) < 0)
        return -1;
    *out = i;
    return 0;
}

static TlVal range_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)t;
    if (kw && TL_TUPLE(kw)->len)
        return tl_raise(th, &tl_TypeError, "range() takes no keyword arguments");
    if (nargs < 1)
        return tl_raise(th, &tl_TypeError, "range expected at least 1 argument, got 0");
    if (nargs > 3)
        return tl_raise(th, &tl_TypeError, "range expected at most 3 arguments, got %d", nargs);
    int64_t v[3] = {0, 0, 1};
    for (int i = 0; i < nargs; i++)
        if (arg_i64(th, args[i], &v[nargs == 1 ? 1 : i]) < 0)
            return TL_NULL;
    if (v[2] == 0)
        return tl_raise(th, &tl_ValueError, "range() arg 3 must not be zero");
    return range_make(th, v[0], v[1], v[2]);
}

static void range_mark(TlGC *gc, TlObj *o)
{
    TlRange *r = (TlRange *)o;
    tl_mark(gc, r->start);
    tl_mark(gc, r->stop);
    tl_mark(gc, r->step);
}

static TlVal range_repr(TlThread *th, TlVal self)
{
    TlRange *r = RANGE(self);
    if (r->by == 1)
        return tl_str_fmt(th, "range(%R, %R)", r->start, r->stop);
    return tl_str_fmt(th, "range(%R, %R, %R)", r->start, r->stop, r->step);
}

static intptr_t range_len(TlThread *th, TlVal self)
{
    uint64_t n = RANGE(self)->len;
    if (n > (uint64_t)INTPTR_MAX) {
        tl_raise(th, &tl_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return (intptr_t)n;
}

static int range_truthy(TlThread *th, TlVal self)
{
    (void)th;
    return RANGE(self)->len != 0;
}

/* Like CPython: the hash of (len, start, step), with None for what the
 * length makes irrelevant, so equal ranges hash equal. */
static intptr_t range_hash(TlThread *th, TlVal self)
{
    TlRange *r = RANGE(self);
    TlVal n = tl_int_from_u64(th, r->len), t;
    if (!n)
        return -1;
    t = tl_tuple_pack(th, 3, n, r->len ? r->start : TL_NONE, r->len > 1 ? r->step : TL_NONE);
    return t ? tl_hash(th, t) : -1;
}

static TlVal range_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    (void)th;
    if (!tl_is_exact(a, &tl_range_type) || !tl_is_exact(b, &tl_range_type) ||
        (op != TL_EQ && op != TL_NE))
        return TL_NOTIMPL;
    TlRange *x = RANGE(a), *y = RANGE(b);
    bool eq = x->len == y->len &&
              (x->len == 0 || (x->lo == y->lo && (x->len == 1 || x->by == y->by)));
    return tl_bool(eq == (op == TL_EQ));
}

/* Position of the int v in r: 1 (*pos), 0 absent. */
static int int_position(TlThread *th, TlRange *r, TlVal v, uint64_t *pos)
{
    int64_t x;
    if (tl_is_small(v)) {
        x = tl_small(v);
    } else if (tl_int_to_i64(th, v, &x) < 0) {
        tl_exc_clear(th);        /* beyond 64 bits: in no range */
        return 0;
    }
    uint64_t d;
    if (r->by > 0) {
        if (x < r->lo || x >= r->hi)
            return 0;
        d = (uint64_t)x - (uint64_t)r->lo;
        if (d % (uint64_t)r->by)
            return 0;
        *pos = d / (uint64_t)r->by;
    } else {
        if (x > r->lo || x <= r->hi)
            return 0;
        d = (uint64_t)r->lo - (uint64_t)x;
        if (d % (0 - (uint64_t)r->by))
            return 0;
        *pos = d / (0 - (uint64_t)r->by);
    }
    return 1;
}

static bool plain_int(TlVal v)
{
    return tl_is_small(v) || tl_is_exact(v, &tl_int_type) || tl_is_exact(v, &tl_bool_type);
}

/* Search by == for non-int values: calls back for every match; returns
 * the number of matches (or the first position with first_only), -1 on
 * error, -2 when first_only finds nothing. */
static intptr_t scan(TlThread *th, TlVal self, TlVal x, bool first_only)
{
    TlRange *r = RANGE(self);
    intptr_t n = 0;
    for (uint64_t i = 0; i < r->len; i++) {
        TlVal v = tl_int_from_i64(th, item(r, i));
        int k = v ? tl_eq(th, v, x) : -1;
        if (k < 0)
            return -1;
        if (k && first_only)
            return (intptr_t)i;
        n += k;
    }
    return first_only ? -2 : n;
}

static int range_contains(TlThread *th, TlVal self, TlVal x)
{
    uint64_t pos;
    if (plain_int(x))
        return int_position(th, RANGE(self), x, &pos);
    intptr_t i = scan(th, self, x, true);
    return i == -1 ? -1 : i >= 0;
}

static TlVal range_getitem(TlThread *th, TlVal self, TlVal key)
{
    TlRange *r = RANGE(self);
    intptr_t len = r->len > (uint64_t)INTPTR_MAX ? INTPTR_MAX : (intptr_t)r->len;
    intptr_t i, start, stop, step;
    int k = tl_seq_index(th, key, 0, "range", &i);
    if (k < 0) {
        if (tl_exc_matches(th, &tl_IndexError))   /* an index beyond 64 bits */
            goto out_of_range;
        return TL_NULL;
    }
    if (k == 1) {
        /* the length may exceed INTPTR_MAX: count from the end in uint64_t */
        uint64_t pos = i < 0 ? r->len - (0 - (uint64_t)i) : (uint64_t)i;
        if (i < 0 ? 0 - (uint64_t)i > r->len : pos >= r->len)
            goto out_of_range;
        return tl_int_from_i64(th, item(r, pos));
    }
    if (tl_slice_indices(th, key, len, &start, &stop, &step) < 0)
        return TL_NULL;
    int64_t by, lo, hi, off;
    if (__builtin_mul_overflow(r->by, (int64_t)step, &by) ||
        __builtin_mul_overflow((int64_t)start, r->by, &off) ||
        __builtin_add_overflow(r->lo, off, &lo) ||
        __builtin_mul_overflow((int64_t)stop, r->by, &off) ||
        __builtin_add_overflow(r->lo, off, &hi))
        return tl_raise(th, &tl_OverflowError, "range slice out of 64-bit bounds");
    return range_make(th, lo, hi, by);
out_of_range:
    tl_exc_clear(th);
    return tl_raise(th, &tl_IndexError, "range object index out of range");
}

/* ------------------------------------------------------------ iterator */

typedef struct RangeIter {
    TlObj ob;
    uint64_t next, by, left;   /* two's complement arithmetic */
} RangeIter;

static TlVal rangeiter_next(TlThread *th, TlVal self)
{
    RangeIter *it = (RangeIter *)tl_obj(self);
    if (it->left == 0)
        return TL_NULL;
    int64_t v = (int64_t)it->next;
    it->next += it->by;
    it->left--;
    return tl_fits_small(v) ? tl_mksmall(v) : tl_int_from_i64(th, v);
}

static TlType range_iter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "range_iterator",
    .size = sizeof(RangeIter),
    .iter = tl_iter_self,
    .iternext = rangeiter_next,
};

static TlVal iter_new(TlThread *th, int64_t first, int64_t by, uint64_t n)
{
    RangeIter *it = tl_alloc(th, &range_iter_type, sizeof(RangeIter));
    if (!it)
        return TL_NULL;
    it->next = (uint64_t)first;
    it->by = (uint64_t)by;
    it->left = n;
    return tl_val(it);
}

static TlVal range_iter(TlThread *th, TlVal self)
{
    TlRange *r = RANGE(self);
    return iter_new(th, r->lo, r->by, r->len);
}

/* ------------------------------------------------------------- methods */

static TlVal m_reversed(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__reversed__", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlRange *r = RANGE(args[0]);
    if (r->len == 0)
        return iter_new(th, 0, 0, 0);
    return iter_new(th, item(r, r->len - 1), (int64_t)(0 - (uint64_t)r->by), r->len);
}

static TlVal m_index(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "index", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    uint64_t pos;
    if (plain_int(args[1])) {
        if (int_position(th, RANGE(args[0]), args[1], &pos))
            return tl_int_from_u64(th, pos);
    } else {
        intptr_t i = scan(th, args[0], args[1], true);
        if (i == -1)
            return TL_NULL;
        if (i >= 0)
            return tl_mksmall(i);
    }
    return tl_raise(th, &tl_ValueError, "%R is not in range", args[1]);
}

static TlVal m_count(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "count", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    uint64_t pos;
    if (plain_int(args[1]))
        return tl_mksmall(int_position(th, RANGE(args[0]), args[1], &pos));
    intptr_t n = scan(th, args[0], args[1], false);
    return n < 0 ? TL_NULL : tl_mksmall(n);
}

static TlVal get_start(TlThread *th, TlVal self) { (void)th; return RANGE(self)->start; }
static TlVal get_stop(TlThread *th, TlVal self) { (void)th; return RANGE(self)->stop; }
static TlVal get_step(TlThread *th, TlVal self) { (void)th; return RANGE(self)->step; }

static const TlMethodDef range_methods[] = {
    {"__reversed__", m_reversed, TL_METH_INSTANCE},
    {"index", m_index, TL_METH_INSTANCE},
    {"count", m_count, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlGetSetDef range_getsets[] = {
    {"start", get_start, NULL},
    {"stop", get_stop, NULL},
    {"step", get_step, NULL},
    {NULL, NULL, NULL},
};

TlType tl_range_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "range",
    .size = sizeof(TlRange),
    .mark = range_mark,
    .tp_new = range_tp_new,
    .repr = range_repr,
    .hash = range_hash,
    .richcmp = range_richcmp,
    .truthy = range_truthy,
    .len = range_len,
    .getitem = range_getitem,
    .contains = range_contains,
    .iter = range_iter,
    .methods = range_methods,
    .getsets = range_getsets,
};

void tl_range_init(TlThread *th)
{
    tl_type_ready(th, &tl_range_type);
    tl_type_ready(th, &range_iter_type);
}
