/*
 * slice.c -- slice objects and the index arithmetic every sequence shares.
 *
 * A slice is three arbitrary values; what they mean for a sequence of a
 * given length is decided here once, with CPython's exact rules
 * (PySlice_Unpack + PySlice_AdjustIndices): None defaults that depend on the
 * step's sign, clamping of huge bounds instead of overflow, and the item
 * count.  The work is split in two because unpacking may run a user
 * __index__ while adjusting is pure arithmetic: mutable sequences unpack
 * first and adjust under their object lock against the current length.
 */
#include "tl.h"

typedef struct TlSlice {
    TlObj ob;
    TlVal start, stop, step;
} TlSlice;

#define SLICE(v) ((TlSlice *)tl_obj(v))

TlVal tl_slice_new(TlThread *th, TlVal start, TlVal stop, TlVal step)
{
    TlSlice *s = tl_alloc(th, &tl_slice_type, sizeof(TlSlice));
    if (!s)
        return TL_NULL;
    s->start = start ? start : TL_NONE;
    s->stop = stop ? stop : TL_NONE;
    s->step = step ? step : TL_NONE;
    return tl_val(s);
}

int tl_slice_index(TlThread *th, TlVal v, intptr_t *out)
{
    if (tl_is_small(v)) {
        *out = tl_small(v);
        return 0;
    }
    if (tl_is_int(v)) {
        int64_t i;
        if (tl_int_to_i64(th, v, &i) == 0) {
            *out = (intptr_t)i;
            return 0;
        }
        tl_exc_clear(th);        /* too big: clamp, as CPython does */
        *out = tl_int_sign(v) < 0 ? INTPTR_MIN : INTPTR_MAX;
        return 0;
    }
    if (!tl_type_lookup(tl_type(v), TLN(__index__))) {
        tl_raise(th, &tl_TypeError,
                 "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    return tl_index(th, v, out);
}

int tl_slice_unpack(TlThread *th, TlVal slice, intptr_t *start, intptr_t *stop,
                    intptr_t *step)
{
    TlSlice *s = SLICE(slice);
    if (s->step == TL_NONE) {
        *step = 1;
    } else {
        if (tl_slice_index(th, s->step, step) < 0)
            return -1;
        if (*step == 0) {
            tl_raise(th, &tl_ValueError, "slice step cannot be zero");
            return -1;
        }
        if (*step < -INTPTR_MAX)    /* so that -step cannot overflow */
            *step = -INTPTR_MAX;
    }
    if (s->start == TL_NONE)
        *start = *step < 0 ? INTPTR_MAX : 0;
    else if (tl_slice_index(th, s->start, start) < 0)
        return -1;
    if (s->stop == TL_NONE)
        *stop = *step < 0 ? INTPTR_MIN : INTPTR_MAX;
    else if (tl_slice_index(th, s->stop, stop) < 0)
        return -1;
    return 0;
}

static void clamp(intptr_t *i, intptr_t len, intptr_t step)
{
    if (*i < 0) {
        *i += len;
        if (*i < 0)
            *i = step < 0 ? -1 : 0;
    } else if (*i >= len) {
        *i = step < 0 ? len - 1 : len;
    }
}

intptr_t tl_slice_adjust(intptr_t len, intptr_t *start, intptr_t *stop, intptr_t step)
{
    clamp(start, len, step);
    clamp(stop, len, step);
    if (step < 0)
        return *stop < *start ? (*start - *stop - 1) / -step + 1 : 0;
    return *start < *stop ? (*stop - *start - 1) / step + 1 : 0;
}

intptr_t tl_slice_indices(TlThread *th, TlVal slice, intptr_t len,
                          intptr_t *start, intptr_t *stop, intptr_t *step)
{
    if (tl_slice_unpack(th, slice, start, stop, step) < 0)
        return -1;
    return tl_slice_adjust(len, start, stop, *step);
}

/* ------------------------------------------------------------ the type */

static void slice_mark(TlGC *gc, TlObj *o)
{
    TlSlice *s = (TlSlice *)o;
    tl_mark(gc, s->start);
    tl_mark(gc, s->stop);
    tl_mark(gc, s->step);
}

static TlVal slice_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)t;
    if (kw && TL_TUPLE(kw)->len)
        return tl_raise(th, &tl_TypeError, "slice() takes no keyword arguments");
    if (nargs < 1)
        return tl_raise(th, &tl_TypeError, "slice expected at least 1 argument, got 0");
    if (nargs > 3)
        return tl_raise(th, &tl_TypeError,
                        "slice expected at most 3 arguments, got %d", nargs);
    if (nargs == 1)
        return tl_slice_new(th, TL_NONE, args[0], TL_NONE);
    return tl_slice_new(th, args[0], args[1], nargs == 3 ? args[2] : TL_NONE);
}

static TlVal slice_repr(TlThread *th, TlVal self)
{
    TlSlice *s = SLICE(self);
    return tl_str_fmt(th, "slice(%R, %R, %R)", s->start, s->stop, s->step);
}

static TlVal as_tuple(TlThread *th, TlVal v)
{
    TlSlice *s = SLICE(v);
    return tl_tuple_pack(th, 3, s->start, s->stop, s->step);
}

/* Slices order like the tuples (start, stop, step). */
static TlVal slice_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (!tl_is_exact(a, &tl_slice_type) || !tl_is_exact(b, &tl_slice_type))
        return TL_NOTIMPL;
    if (a == b && (op == TL_EQ || op == TL_NE))
        return tl_bool(op == TL_EQ);
    TlVal ta = as_tuple(th, a), tb;
    if (!ta || !(tb = as_tuple(th, b)))
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, ta);
    tl_root(th, tb);
    TlVal r = tl_richcmp(th, ta, tb, op);
    tl_roots_reset(th, m);
    return r;
}

static TlVal slice_indices_m(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "indices", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    intptr_t len, start, stop, step;
    if (tl_index(th, args[1], &len) < 0)
        return TL_NULL;
    if (len < 0)
        return tl_raise(th, &tl_ValueError, "length should not be negative");
    if (tl_slice_indices(th, args[0], len, &start, &stop, &step) < 0)
        return TL_NULL;
    return tl_tuple_pack(th, 3, tl_mksmall(start), tl_mksmall(stop), tl_mksmall(step));
}

static TlVal get_start(TlThread *th, TlVal self) { (void)th; return SLICE(self)->start; }
static TlVal get_stop(TlThread *th, TlVal self) { (void)th; return SLICE(self)->stop; }
static TlVal get_step(TlThread *th, TlVal self) { (void)th; return SLICE(self)->step; }

static const TlMethodDef slice_methods[] = {
    {"indices", slice_indices_m, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlGetSetDef slice_getsets[] = {
    {"start", get_start, NULL},
    {"stop", get_stop, NULL},
    {"step", get_step, NULL},
    {NULL, NULL, NULL},
};

TlType tl_slice_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "slice",
    .size = sizeof(TlSlice),
    .mark = slice_mark,
    .tp_new = slice_tp_new,
    .repr = slice_repr,
    .hash = tl_unhashable,
    .richcmp = slice_richcmp,
    .methods = slice_methods,
    .getsets = slice_getsets,
};

void tl_slice_init(TlThread *th)
{
    tl_type_ready(th, &tl_slice_type);
}
