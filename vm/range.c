/*
 * range.c -- range objects and their iterators.
 *
 * A range is arithmetic, never materialised: item i is start + i*step, so
 * len, indexing, slicing (which yields another range) and membership of an
 * int are O(1).  As in CPython the bounds are arbitrary ints: start, stop,
 * step and the length are kept as Python ints and every operation has a
 * generic path on them (int.c arithmetic), so range(10**20)[10**19] works.
 * The common case -- all three bounds fit 64 bits -- is also kept as C
 * integers (`fast`), and then membership, small indexes and iteration use
 * uint64_t arithmetic, exact because every value produced lies between
 * start and stop.  Only len() itself refuses a length beyond ssize_t, as in
 * CPython; such ranges iterate with a second iterator type on Python ints
 * (CPython's "longrange_iterator").
 */
#include "tl.h"

typedef struct TlRange {
    TlObj ob;
    TlVal start, stop, step, len;   /* exact ints */
    bool fast;                 /* start/stop/step fit int64: lo/hi/by/n valid */
    int64_t lo, hi, by;
    uint64_t n;
} TlRange;

#define RANGE(v) ((TlRange *)tl_obj(v))

/* Int arithmetic that passes a failed operand (TL_NULL) on, so that a
 * formula can be written as nested calls and checked once at the end. */
static TlVal iop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    return a && b ? tl_int_binop(th, op, a, b) : TL_NULL;
}
#define ADD(a, b) iop(th, TL_OP_ADD, a, b)
#define SUB(a, b) iop(th, TL_OP_SUB, a, b)
#define MUL(a, b) iop(th, TL_OP_MUL, a, b)
#define DIV(a, b) iop(th, TL_OP_FLOORDIV, a, b)
#define MOD(a, b) iop(th, TL_OP_MOD, a, b)
#define ZERO tl_mksmall(0)
#define ONE tl_mksmall(1)

/* The int v as an int64_t, or false (no exception) when it is larger. */
static bool fits64(TlThread *th, TlVal v, int64_t *out)
{
    if (tl_is_small(v)) {
        *out = tl_small(v);
        return true;
    }
    if (tl_int_to_i64(th, v, out) == 0)
        return true;
    tl_exc_clear(th);
    return false;
}

static uint64_t count(int64_t lo, int64_t hi, int64_t by)
{
    if (by > 0)
        return lo < hi ? ((uint64_t)hi - (uint64_t)lo - 1) / (uint64_t)by + 1 : 0;
    return lo > hi ? ((uint64_t)lo - (uint64_t)hi - 1) / (0 - (uint64_t)by) + 1 : 0;
}

/* CPython's compute_range_length on ints of any size. */
static TlVal length_of(TlThread *th, TlVal start, TlVal stop, TlVal step)
{
    bool up = tl_int_sign(step) > 0;
    TlVal lo = up ? start : stop, hi = up ? stop : start;
    if (tl_int_cmp(lo, hi) >= 0)
        return ZERO;
    return ADD(DIV(SUB(SUB(hi, lo), ONE), up ? step : SUB(ZERO, step)), ONE);
}

static int64_t item(TlRange *r, uint64_t i)
{
    return (int64_t)((uint64_t)r->lo + i * (uint64_t)r->by);
}

/* A range of the exact ints start, stop, step (step != 0). */
static TlVal range_make(TlThread *th, TlVal start, TlVal stop, TlVal step)
{
    TlRange *r = tl_alloc(th, &tl_range_type, sizeof(TlRange));
    if (!r)
        return TL_NULL;
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->fast = fits64(th, start, &r->lo) && fits64(th, stop, &r->hi) && fits64(th, step, &r->by);
    if (r->fast) {
        r->n = count(r->lo, r->hi, r->by);
        r->len = tl_int_from_u64(th, r->n);
    } else {
        r->len = length_of(th, start, stop, step);
    }
    return r->len ? tl_val(r) : TL_NULL;
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
    TlVal v[3] = {ZERO, ZERO, ONE};
    uint32_t m = tl_roots_mark(th);
    for (int i = 0; i < nargs; i++) {
        TlVal x = tl_int_index(th, args[i]);   /* may run a user __index__ */
        if (!x) {
            tl_roots_reset(th, m);
            return TL_NULL;
        }
        tl_root(th, x);                        /* ... which may collect */
        v[nargs == 1 ? 1 : i] = x;
    }
    tl_roots_reset(th, m);
    if (tl_int_sign(v[2]) == 0)
        return tl_raise(th, &tl_ValueError, "range() arg 3 must not be zero");
    return range_make(th, v[0], v[1], v[2]);
}

static void range_mark(TlGC *gc, TlObj *o)
{
    TlRange *r = (TlRange *)o;
    tl_mark(gc, r->start);
    tl_mark(gc, r->stop);
    tl_mark(gc, r->step);
    tl_mark(gc, r->len);
}

static TlVal range_repr(TlThread *th, TlVal self)
{
    TlRange *r = RANGE(self);
    if (tl_int_cmp(r->step, ONE) == 0)
        return tl_str_fmt(th, "range(%R, %R)", r->start, r->stop);
    return tl_str_fmt(th, "range(%R, %R, %R)", r->start, r->stop, r->step);
}

/* 64-bit on every target, like Py_ssize_t in 64-bit CPython. */
static int64_t range_len(TlThread *th, TlVal self)
{
    int64_t n;
    if (!fits64(th, RANGE(self)->len, &n)) {
        tl_raise(th, &tl_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return n;
}

static int range_truthy(TlThread *th, TlVal self)
{
    (void)th;
    return tl_int_sign(RANGE(self)->len) != 0;
}

/* Like CPython: the hash of (len, start, step), with None for what the
 * length makes irrelevant, so equal ranges hash equal. */
static TlHash range_hash(TlThread *th, TlVal self)
{
    TlRange *r = RANGE(self);
    TlVal t = tl_tuple_pack(th, 3, r->len, tl_int_sign(r->len) ? r->start : TL_NONE,
                            tl_int_cmp(r->len, ONE) > 0 ? r->step : TL_NONE);
    return t ? tl_hash(th, t) : -1;
}

static TlVal range_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    (void)th;
    if (!tl_is_exact(a, &tl_range_type) || !tl_is_exact(b, &tl_range_type) ||
        (op != TL_EQ && op != TL_NE))
        return TL_NOTIMPL;
    TlRange *x = RANGE(a), *y = RANGE(b);
    bool eq = tl_int_cmp(x->len, y->len) == 0 &&
              (tl_int_sign(x->len) == 0 ||
               (tl_int_cmp(x->start, y->start) == 0 &&
                (tl_int_cmp(x->len, ONE) == 0 || tl_int_cmp(x->step, y->step) == 0)));
    return tl_bool(eq == (op == TL_EQ));
}

/* Position of the int x in r: 1 (*pos set), 0 absent, -1 error. */
static int position(TlThread *th, TlRange *r, TlVal x, TlVal *pos)
{
    if (!r->fast) {
        bool up = tl_int_sign(r->step) > 0;
        if (up ? tl_int_cmp(x, r->start) < 0 || tl_int_cmp(x, r->stop) >= 0
               : tl_int_cmp(x, r->start) > 0 || tl_int_cmp(x, r->stop) <= 0)
            return 0;
        TlVal d = SUB(x, r->start), rem = MOD(d, r->step);
        if (!rem)
            return -1;
        if (tl_int_sign(rem))
            return 0;
        *pos = DIV(d, r->step);
        return *pos ? 1 : -1;
    }
    int64_t v;
    if (!fits64(th, x, &v))
        return 0;                /* beyond 64 bits: in no fast range */
    uint64_t d, by = r->by > 0 ? (uint64_t)r->by : 0 - (uint64_t)r->by;
    if (r->by > 0 ? v < r->lo || v >= r->hi : v > r->lo || v <= r->hi)
        return 0;
    d = r->by > 0 ? (uint64_t)v - (uint64_t)r->lo : (uint64_t)r->lo - (uint64_t)v;
    if (d % by)
        return 0;
    *pos = tl_int_from_u64(th, d / by);
    return *pos ? 1 : -1;
}

static bool plain_int(TlVal v)
{
    return tl_is_small(v) || tl_is_exact(v, &tl_int_type) || tl_is_exact(v, &tl_bool_type);
}

static TlVal range_iter(TlThread *th, TlVal self);

/* Search by == for non-int values, walking the range: returns the number
 * of matches (or the first position with first_only), -1 on error, -2 when
 * first_only finds nothing. */
static intptr_t scan(TlThread *th, TlVal self, TlVal x, bool first_only)
{
    TlVal it = range_iter(th, self);
    if (!it)
        return -1;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, it);             /* a user __eq__ may collect */
    intptr_t n = 0, i = 0, res;
    for (;; i++) {
        TlVal v = tl_type(it)->iternext(th, it);
        int k = v ? tl_eq(th, v, x) : -1;
        if (k < 0) {
            res = th->exc ? -1 : first_only ? -2 : n;
            break;
        }
        if (k && first_only) {
            res = i;
            break;
        }
        n += k;
    }
    tl_roots_reset(th, m);
    return res;
}

static int range_contains(TlThread *th, TlVal self, TlVal x)
{
    TlVal pos;
    if (plain_int(x))
        return position(th, RANGE(self), x, &pos);
    intptr_t i = scan(th, self, x, true);
    return i == -1 ? -1 : i >= 0;
}

/* An index or slice bound through __index__, with the caller's TypeError
 * for values that have none. */
static TlVal to_index(TlThread *th, TlVal v, const char *msg)
{
    if (!tl_is_int(v) && !tl_type_lookup(tl_type(v), TLN(__index__)))
        return tl_raise(th, &tl_TypeError, msg, tl_type_name(v));
    return tl_int_index(th, v);
}

/* CPython's _PySlice_GetLongIndices: the slice's start, stop and step
 * against a length of any size, as ints in out[0..2]. */
static int slice_bounds(TlThread *th, TlVal slice, TlVal len, TlVal out[3])
{
    static const char msg[] = "slice indices must be integers or None or have an __index__ method";
    TlVal given[3] = {tl_getattr(th, slice, TLN(step)), tl_getattr(th, slice, TLN(start)),
                      tl_getattr(th, slice, TLN(stop))};
    TlVal v[3];                  /* step, start, stop: CPython's order */
    uint32_t m = tl_roots_mark(th);
    for (int i = 0; i < 3; i++) {
        v[i] = given[i] == TL_NONE ? TL_NONE : to_index(th, given[i], msg);
        if (!v[i]) {
            tl_roots_reset(th, m);
            return -1;
        }
        tl_root(th, v[i]);       /* the next __index__ may collect */
        if (i == 0 && v[0] != TL_NONE && tl_int_sign(v[0]) == 0) {
            tl_roots_reset(th, m);
            tl_raise(th, &tl_ValueError, "slice step cannot be zero");
            return -1;
        }
    }
    tl_roots_reset(th, m);       /* no Python code runs from here on */
    TlVal step = v[0] == TL_NONE ? ONE : v[0];
    bool neg = tl_int_sign(step) < 0;
    TlVal lower = neg ? tl_mksmall(-1) : ZERO, upper = neg ? SUB(len, ONE) : len;
    if (!upper)
        return -1;
    for (int i = 1; i < 3; i++) {
        TlVal x = v[i];
        if (x == TL_NONE) {
            x = (i == 1) == neg ? upper : lower;
        } else if (tl_int_sign(x) < 0) {
            if (!(x = ADD(x, len)))
                return -1;
            if (tl_int_cmp(x, lower) < 0)
                x = lower;
        } else if (tl_int_cmp(x, upper) > 0) {
            x = upper;
        }
        out[i - 1] = x;
    }
    out[2] = step;
    return 0;
}

static TlVal range_getitem(TlThread *th, TlVal self, TlVal key)
{
    TlRange *r = RANGE(self);
    if (tl_is_exact(key, &tl_slice_type)) {
        TlVal b[3];
        if (slice_bounds(th, key, r->len, b) < 0)
            return TL_NULL;
        TlVal start = ADD(r->start, MUL(b[0], r->step));
        TlVal stop = ADD(r->start, MUL(b[1], r->step)), step = MUL(b[2], r->step);
        return start && stop && step ? range_make(th, start, stop, step) : TL_NULL;
    }
    if (r->fast && tl_is_small(key)) {   /* the common case in C arithmetic */
        intptr_t i = tl_small(key);
        uint64_t pos = i < 0 ? r->n - (0 - (uint64_t)i) : (uint64_t)i;
        if (i < 0 ? 0 - (uint64_t)i > r->n : pos >= r->n)
            return tl_raise(th, &tl_IndexError, "range object index out of range");
        return tl_int_from_i64(th, item(r, pos));
    }
    TlVal i = to_index(th, key, "range indices must be integers or slices, not %s");
    if (i && tl_int_sign(i) < 0)
        i = ADD(i, r->len);
    if (!i)
        return TL_NULL;
    if (tl_int_sign(i) < 0 || tl_int_cmp(i, r->len) >= 0)
        return tl_raise(th, &tl_IndexError, "range object index out of range");
    return ADD(r->start, MUL(i, r->step));
}

/* ------------------------------------------------------------ iterators */

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

/* The same on Python ints, for ranges beyond 64 bits. */
typedef struct LongRangeIter {
    TlObj ob;
    TlVal next, by, left;
} LongRangeIter;

static TlVal longiter_next(TlThread *th, TlVal self)
{
    LongRangeIter *it = (LongRangeIter *)tl_obj(self);
    if (tl_int_sign(it->left) == 0)
        return TL_NULL;
    TlVal v = it->next, next = ADD(v, it->by), left = SUB(it->left, ONE);
    if (!next || !left)
        return TL_NULL;
    it->next = next;
    it->left = left;
    return v;
}

static void longiter_mark(TlGC *gc, TlObj *o)
{
    LongRangeIter *it = (LongRangeIter *)o;
    tl_mark(gc, it->next);
    tl_mark(gc, it->by);
    tl_mark(gc, it->left);
}

static TlType longrange_iter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "longrange_iterator",
    .size = sizeof(LongRangeIter),
    .mark = longiter_mark,
    .iter = tl_iter_self,
    .iternext = longiter_next,
};

/* An iterator over r's items, forwards or backwards.  The C iterator serves
 * every fast range whose length fits int64 (CPython switches to its long
 * iterator only near the C long limits, so the type names agree except
 * right at those edges). */
static TlVal iter_new(TlThread *th, TlRange *r, bool reverse)
{
    if (r->fast && r->n <= INT64_MAX) {
        RangeIter *it = tl_alloc(th, &range_iter_type, sizeof(RangeIter));
        if (!it)
            return TL_NULL;
        it->next = r->n == 0 ? 0 : (uint64_t)item(r, reverse ? r->n - 1 : 0);
        it->by = reverse ? 0 - (uint64_t)r->by : (uint64_t)r->by;
        it->left = r->n;
        return tl_val(it);
    }
    TlVal first = reverse ? ADD(r->start, MUL(SUB(r->len, ONE), r->step)) : r->start;
    TlVal by = reverse ? SUB(ZERO, r->step) : r->step;
    LongRangeIter *it = first && by ? tl_alloc(th, &longrange_iter_type, sizeof *it) : NULL;
    if (!it)
        return TL_NULL;
    it->next = first;
    it->by = by;
    it->left = r->len;
    return tl_val(it);
}

static TlVal range_iter(TlThread *th, TlVal self)
{
    return iter_new(th, RANGE(self), false);
}

/* ------------------------------------------------------------- methods */

static TlVal m_reversed(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__reversed__", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return iter_new(th, RANGE(args[0]), true);
}

static TlVal m_index(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "index", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    if (plain_int(args[1])) {
        TlVal pos;
        int k = position(th, RANGE(args[0]), args[1], &pos);
        if (k)
            return k < 0 ? TL_NULL : pos;
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
    if (plain_int(args[1])) {
        TlVal pos;
        int k = position(th, RANGE(args[0]), args[1], &pos);
        return k < 0 ? TL_NULL : tl_mksmall(k);
    }
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
    tl_type_ready(th, &longrange_iter_type);
}
