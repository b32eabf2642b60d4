/*
 * iter.c -- the generic iterators and the iterator-making builtins.
 *
 * The sequence iterator (iter() of a class that only has __getitem__), the
 * callable iterator (iter(f, sentinel)), and the types behind enumerate,
 * zip, map, filter and reversed: each builtin *is* its type (as in
 * CPython), whose tp_new does the argument handling, so the builtins module
 * only exposes the type objects.  All are lazy: every iternext pulls one
 * item from the underlying iterators and returns TL_NULL without an
 * exception when done.  Values held between two calls back into Python
 * (zip's partial tuple, map's arguments) are rooted.
 */
#include "tl.h"

TlVal tl_iter_self(TlThread *th, TlVal self)
{
    (void)th;
    return self;
}

/* The end of an index-driven iteration: IndexError or StopIteration from
 * __getitem__ means "no more items". */
static bool index_exhausted(TlThread *th)
{
    if (!tl_exc_matches(th, &tl_IndexError) && !tl_exc_matches(th, &tl_StopIteration))
        return false;
    tl_exc_clear(th);
    return true;
}

/* ----------------------------------------------------- sequence iterator */

typedef struct SeqIter {
    TlObj ob;
    TlVal seq;                 /* TL_NULL once exhausted */
    intptr_t i;                /* next index; reversed: counts down */
} SeqIter;

static void seqiter_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((SeqIter *)o)->seq);
}

/* seq[i] then step i; shared by iter(seq) and reversed(seq). */
static TlVal seq_step(TlThread *th, SeqIter *it, intptr_t delta)
{
    if (!it->seq || it->i < 0)
        return TL_NULL;
    TlVal v = tl_getitem(th, it->seq, tl_mksmall(it->i));
    if (!v) {
        if (index_exhausted(th))
            it->seq = TL_NULL;
        return TL_NULL;
    }
    it->i += delta;
    return v;
}

static TlVal seqiter_next(TlThread *th, TlVal self)
{
    return seq_step(th, (SeqIter *)tl_obj(self), 1);
}

static TlType seqiter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "iterator",
    .size = sizeof(SeqIter),
    .mark = seqiter_mark,
    .iter = tl_iter_self,
    .iternext = seqiter_next,
};

static TlVal seqiter_make(TlThread *th, TlType *t, TlVal seq, intptr_t i)
{
    SeqIter *it = tl_alloc(th, t, t->size);
    if (!it)
        return TL_NULL;
    it->seq = seq;
    it->i = i;
    return tl_val(it);
}

TlVal tl_seqiter_new(TlThread *th, TlVal seq)
{
    return seqiter_make(th, &seqiter_type, seq, 0);
}

/* ----------------------------------------------------- callable iterator */

typedef struct CallIter {
    TlObj ob;
    TlVal callable;            /* TL_NULL once exhausted */
    TlVal sentinel;
} CallIter;

static void calliter_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((CallIter *)o)->callable);
    tl_mark(gc, ((CallIter *)o)->sentinel);
}

static TlVal calliter_next(TlThread *th, TlVal self)
{
    CallIter *it = (CallIter *)tl_obj(self);
    if (!it->callable)
        return TL_NULL;
    TlVal r = tl_call0(th, it->callable);
    if (!r) {
        if (tl_exc_matches(th, &tl_StopIteration)) {
            tl_exc_clear(th);
            it->callable = TL_NULL;
        }
        return TL_NULL;
    }
    uint32_t m = tl_roots_mark(th);
    tl_root(th, r);
    int k = tl_eq(th, it->sentinel, r);
    tl_roots_reset(th, m);
    if (k < 0)
        return TL_NULL;
    if (k) {
        it->callable = TL_NULL;
        return TL_NULL;
    }
    return r;
}

static TlType calliter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "callable_iterator",
    .size = sizeof(CallIter),
    .mark = calliter_mark,
    .iter = tl_iter_self,
    .iternext = calliter_next,
};

TlVal tl_calliter_new(TlThread *th, TlVal callable, TlVal sentinel)
{
    CallIter *it = tl_alloc(th, &calliter_type, sizeof(CallIter));
    if (!it)
        return TL_NULL;
    it->callable = callable;
    it->sentinel = sentinel;
    return tl_val(it);
}

/* ------------------------------------------------------- argument checks */

static int no_keywords(TlThread *th, const char *name, TlVal kw)
{
    if (kw && TL_TUPLE(kw)->len) {
        tl_raise(th, &tl_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    return 0;
}

/* A tuple of iter(x) for each of n values. */
static TlVal iter_tuple(TlThread *th, TlVal *args, int n)
{
    TlVal t = tl_tuple_new(th, (size_t)n);
    if (!t)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, t);
    for (int i = 0; i < n; i++) {
        TlVal it = tl_iter(th, args[i]);
        if (!it) {
            tl_roots_reset(th, m);
            return TL_NULL;
        }
        TL_TUPLE(t)->items[i] = it;
    }
    tl_roots_reset(th, m);
    return t;
}

/* ------------------------------------------------------------ enumerate */

typedef struct Enumerate {
    TlObj ob;
    TlVal it;
    TlVal index;               /* int: the next count */
} Enumerate;

static void enumerate_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((Enumerate *)o)->it);
    tl_mark(gc, ((Enumerate *)o)->index);
}

static TlVal enumerate_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"iterable", "start", NULL};
    TlVal a[2];
    if (tl_args(th, "enumerate", args, nargs, kw, kwlist, 0, 2, a) < 0)
        return TL_NULL;
    if (!a[0])
        return tl_raise(th, &tl_TypeError, "enumerate() missing required argument 'iterable'");
    TlVal start = a[1] ? a[1] : tl_mksmall(0);
    if (!tl_is_int(start)) {
        intptr_t i;
        if (!tl_type_lookup(tl_type(start), TLN(__index__)))
            return tl_raise(th, &tl_TypeError,
                            "'%T' object cannot be interpreted as an integer", start);
        if (tl_index(th, start, &i) < 0)
            return TL_NULL;
        start = tl_int_from_i64(th, i);
    }
    uint32_t m = tl_roots_mark(th);
    tl_root(th, start);
    TlVal it = tl_iter(th, a[0]);
    tl_roots_reset(th, m);
    if (!it)
        return TL_NULL;
    Enumerate *e = tl_alloc(th, t, t->size);
    if (!e)
        return TL_NULL;
    e->it = it;
    e->index = start;
    return tl_val(e);
}

static TlVal enumerate_next(TlThread *th, TlVal self)
{
    Enumerate *e = (Enumerate *)tl_obj(self);
    TlVal v = tl_next(th, e->it);
    if (!v)
        return TL_NULL;
    TlVal i = e->index, next;
    if (tl_is_small(i) && tl_small(i) < TL_SMALL_MAX) {
        next = tl_mksmall(tl_small(i) + 1);
    } else {
        uint32_t m = tl_roots_mark(th);
        tl_root(th, v);
        next = tl_binop(th, TL_OP_ADD, i, tl_mksmall(1));
        tl_roots_reset(th, m);
        if (!next)
            return TL_NULL;
    }
    e->index = next;
    return tl_tuple_pack(th, 2, i, v);
}

TlType tl_enumerate_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "enumerate",
    .size = sizeof(Enumerate),
    .flags = TL_TF_BASETYPE,
    .mark = enumerate_mark,
    .tp_new = enumerate_tp_new,
    .iter = tl_iter_self,
    .iternext = enumerate_next,
};

/* ------------------------------------------------------------------ zip */

typedef struct Zip {
    TlObj ob;
    TlVal iters;               /* tuple */
    bool strict;
} Zip;

static void zip_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((Zip *)o)->iters);
}

static TlVal zip_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    bool strict = false;
    size_t nkw = kw ? TL_TUPLE(kw)->len : 0;
    for (size_t i = 0; i < nkw; i++) {
        TlVal name = TL_TUPLE(kw)->items[i];
        if (!tl_str_eq(name, TLN(strict)))
            return tl_raise(th, &tl_TypeError,
                            "zip() got an unexpected keyword argument '%S'", name);
        int k = tl_truthy(th, args[nargs + (int)i]);
        if (k < 0)
            return TL_NULL;
        strict = k;
    }
    TlVal iters = iter_tuple(th, args, nargs);
    if (!iters)
        return TL_NULL;
    Zip *z = tl_alloc(th, t, t->size);
    if (!z)
        return TL_NULL;
    z->iters = iters;
    z->strict = strict;
    return tl_val(z);
}

/* strict=True: iterator i ran out first.  Raise if the others disagree. */
static TlVal zip_mismatch(TlThread *th, Zip *z, size_t i)
{
    TlTuple *its = TL_TUPLE(z->iters);
    if (i > 0)
        return tl_raise(th, &tl_ValueError, "zip() argument %zu is shorter than argument%s%zu",
                        i + 1, i == 1 ? " " : "s 1-", i);
    for (size_t j = 1; j < its->len; j++) {
        TlVal v = tl_next(th, its->items[j]);
        if (v)
            return tl_raise(th, &tl_ValueError,
                            "zip() argument %zu is longer than argument%s%zu", j + 1,
                            j == 1 ? " " : "s 1-", j);
        if (th->exc)
            return TL_NULL;
    }
    return TL_NULL;
}

static TlVal zip_next(TlThread *th, TlVal self)
{
    Zip *z = (Zip *)tl_obj(self);
    TlTuple *its = TL_TUPLE(z->iters);
    if (its->len == 0)
        return TL_NULL;
    TlVal r = tl_tuple_new(th, its->len);
    if (!r)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, r);
    for (size_t i = 0; i < its->len; i++) {
        TlVal v = tl_next(th, its->items[i]);
        if (!v) {
            if (!th->exc && z->strict)
                zip_mismatch(th, z, i);
            r = TL_NULL;
            break;
        }
        TL_TUPLE(r)->items[i] = v;
    }
    tl_roots_reset(th, m);
    return r;
}

TlType tl_zip_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "zip",
    .size = sizeof(Zip),
    .flags = TL_TF_BASETYPE,
    .mark = zip_mark,
    .tp_new = zip_tp_new,
    .iter = tl_iter_self,
    .iternext = zip_next,
};

/* ------------------------------------------------------------------ map */

typedef struct Map {
    TlObj ob;
    TlVal func;
    TlVal iters;               /* tuple */
} Map;

static void map_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((Map *)o)->func);
    tl_mark(gc, ((Map *)o)->iters);
}

static TlVal map_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    if (no_keywords(th, "map", kw) < 0)
        return TL_NULL;
    if (nargs < 2)
        return tl_raise(th, &tl_TypeError, "map() must have at least two arguments.");
    TlVal iters = iter_tuple(th, args + 1, nargs - 1);
    if (!iters)
        return TL_NULL;
    Map *mp = tl_alloc(th, t, t->size);
    if (!mp)
        return TL_NULL;
    mp->func = args[0];
    mp->iters = iters;
    return tl_val(mp);
}

static TlVal map_next(TlThread *th, TlVal self)
{
    Map *mp = (Map *)tl_obj(self);
    TlTuple *its = TL_TUPLE(mp->iters);
    uint32_t m = tl_roots_mark(th);
    TlVal r = TL_NULL;
    if (its->len == 1) {
        TlVal v = tl_next(th, its->items[0]);
        if (v) {
            tl_root(th, v);
            r = tl_call1(th, mp->func, v);
        }
    } else {
        TlVal argv = tl_tuple_new(th, its->len);
        if (!argv)
            return TL_NULL;
        tl_root(th, argv);
        size_t i = 0;
        for (TlVal v; i < its->len && (v = tl_next(th, its->items[i])); i++)
            TL_TUPLE(argv)->items[i] = v;
        if (i == its->len)
            r = tl_call(th, mp->func, TL_TUPLE(argv)->items, (int)i, TL_NULL);
    }
    tl_roots_reset(th, m);
    return r;
}

TlType tl_map_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "map",
    .size = sizeof(Map),
    .flags = TL_TF_BASETYPE,
    .mark = map_mark,
    .tp_new = map_tp_new,
    .iter = tl_iter_self,
    .iternext = map_next,
};

/* --------------------------------------------------------------- filter */

typedef struct Filter {
    TlObj ob;
    TlVal func;                /* None: truthiness */
    TlVal it;
} Filter;

static void filter_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((Filter *)o)->func);
    tl_mark(gc, ((Filter *)o)->it);
}

static TlVal filter_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    if (no_keywords(th, "filter", kw) < 0)
        return TL_NULL;
    if (nargs != 2)
        return tl_raise(th, &tl_TypeError, "filter expected 2 arguments, got %d", nargs);
    TlVal it = tl_iter(th, args[1]);
    if (!it)
        return TL_NULL;
    Filter *f = tl_alloc(th, t, t->size);
    if (!f)
        return TL_NULL;
    f->func = args[0];
    f->it = it;
    return tl_val(f);
}

static TlVal filter_next(TlThread *th, TlVal self)
{
    Filter *f = (Filter *)tl_obj(self);
    bool plain = f->func == TL_NONE || f->func == tl_val(&tl_bool_type);
    uint32_t m = tl_roots_mark(th);
    TlVal v;
    while ((v = tl_next(th, f->it))) {
        tl_root(th, v);
        TlVal r = plain ? v : tl_call1(th, f->func, v);
        int k = r ? tl_truthy(th, r) : -1;
        tl_roots_reset(th, m);
        if (k < 0)
            return TL_NULL;
        if (k)
            return v;
    }
    return TL_NULL;
}

TlType tl_filter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "filter",
    .size = sizeof(Filter),
    .flags = TL_TF_BASETYPE,
    .mark = filter_mark,
    .tp_new = filter_tp_new,
    .iter = tl_iter_self,
    .iternext = filter_next,
};

/* ------------------------------------------------------------- reversed */

static TlVal reversed_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw);

static TlVal reversed_next(TlThread *th, TlVal self)
{
    return seq_step(th, (SeqIter *)tl_obj(self), -1);
}

TlType tl_reversed_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "reversed",
    .size = sizeof(SeqIter),
    .flags = TL_TF_BASETYPE,
    .mark = seqiter_mark,
    .tp_new = reversed_tp_new,
    .iter = tl_iter_self,
    .iternext = reversed_next,
};

/* reversed(v) as an instance of t: v.__reversed__() when defined, else
 * len + __getitem__ from the end. */
static TlVal reversed_as(TlThread *th, TlType *t, TlVal v)
{
    TlType *vt = tl_type(v);
    TlVal rev = tl_type_lookup(vt, TLN(__reversed__));
    if (rev && rev != TL_NONE)
        return tl_call_method(th, v, TLN(__reversed__), NULL, 0);
    if (rev || (vt->flags & TL_TF_DICT) || !tl_type_lookup(vt, TLN(__getitem__)) ||
        !tl_type_lookup(vt, TLN(__len__)))
        return tl_raise(th, &tl_TypeError, "'%T' object is not reversible", v);
    intptr_t n = tl_len(th, v);
    return n < 0 ? TL_NULL : seqiter_make(th, t, v, n - 1);
}

TlVal tl_reversed(TlThread *th, TlVal v)
{
    return reversed_as(th, &tl_reversed_type, v);
}

static TlVal reversed_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    if (no_keywords(th, "reversed", kw) < 0)
        return TL_NULL;
    if (nargs != 1)
        return tl_raise(th, &tl_TypeError, "reversed expected 1 argument, got %d", nargs);
    return reversed_as(th, t, args[0]);
}

void tl_iter_init(TlThread *th)
{
    tl_type_ready(th, &seqiter_type);
    tl_type_ready(th, &calliter_type);
    tl_type_ready(th, &tl_enumerate_type);
    tl_type_ready(th, &tl_zip_type);
    tl_type_ready(th, &tl_map_type);
    tl_type_ready(th, &tl_filter_type);
    tl_type_ready(th, &tl_reversed_type);
}
