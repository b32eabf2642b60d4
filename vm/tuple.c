/*
 * tuple.c -- the tuple type, its iterator, and the sequence operations that
 * tuple and list share (subscript decoding, lexicographic comparison,
 * operand classification for + and *).
 *
 * A tuple is one allocation: header, cached hash, length, items.  Being
 * immutable it needs no lock, and its hash can be cached in the object (the
 * items' hashes cannot change while they are in the tuple).  The hash is
 * CPython 3.11's xxHash-derived tuple hash, so hash((1, 2)) matches CPython
 * and so do set/dict orders that depend on it.  The empty tuple is a static
 * singleton, never allocated.
 */
#include <string.h>

#include "tl.h"

static TlTuple empty_tuple = {.ob = TL_STATIC_HDR(&tl_tuple_type), .hash = -1, .len = 0};

/* Allocate an n-item instance of t (tuple or a subclass); items None. */
static TlTuple *tuple_alloc(TlThread *th, TlType *t, size_t n)
{
    if (n > (SIZE_MAX / 2) / sizeof(TlVal)) {
        tl_raise_nomem(th);
        return NULL;
    }
    TlTuple *tp = tl_alloc_var(th, t, n * sizeof(TlVal));
    if (!tp)
        return NULL;
    tp->hash = -1;
    tp->len = n;
    for (size_t i = 0; i < n; i++)
        tp->items[i] = TL_NONE;
    return tp;
}

TlVal tl_tuple_new(TlThread *th, size_t n)
{
    if (n == 0)
        return tl_val(&empty_tuple);
    return tl_val(tuple_alloc(th, &tl_tuple_type, n));
}

TlVal tl_tuple_from(TlThread *th, const TlVal *items, size_t n)
{
    TlVal t = tl_tuple_new(th, n);
    if (t && n)
        memcpy(TL_TUPLE(t)->items, items, n * sizeof(TlVal));
    return t;
}

TlVal tl_tuple_pack(TlThread *th, size_t n, ...)
{
    TlVal t = tl_tuple_new(th, n);
    if (!t)
        return TL_NULL;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        TL_TUPLE(t)->items[i] = va_arg(ap, TlVal);
    va_end(ap);
    return t;
}

/* ------------------------------------------------- shared sequence operations */

int tl_seq_index(TlThread *th, TlVal key, intptr_t len, const char *what, intptr_t *i)
{
    if (tl_is_small(key)) {
        *i = tl_small(key);
    } else if (tl_obj(key)->type == &tl_slice_type) {
        return 0;
    } else if (tl_is_int(key) || tl_type_lookup(tl_type(key), TLN(__index__))) {
        if (tl_index(th, key, i) < 0) {
            if (tl_exc_matches(th, &tl_OverflowError)) {   /* CPython: IndexError */
                tl_exc_clear(th);
                tl_raise(th, &tl_IndexError, "cannot fit '%T' into an index-sized integer", key);
            }
            return -1;
        }
    } else {
        tl_raise(th, &tl_TypeError, "%s indices must be integers or slices, not %T",
                 what, key);
        return -1;
    }
    if (*i < 0)
        *i += len;
    return 1;
}

TlVal tl_seq_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op,
                     size_t (*len)(TlVal), TlVal (*item)(TlVal, size_t))
{
    if (len(a) != len(b) && (op == TL_EQ || op == TL_NE))
        return tl_bool(op == TL_NE);
    size_t i = 0;
    for (;; i++) {
        TlVal x = item(a, i), y = item(b, i);
        if (!x || !y)
            break;
        if (tl_is_small(x) && tl_is_small(y)) {   /* sort keys: no calls */
            if (x != y)
                break;
            continue;
        }
        int k = tl_eq(th, x, y);
        if (k < 0)
            return TL_NULL;
        if (!k)
            break;
    }
    TlVal x = item(a, i), y = item(b, i);
    if (!x || !y) {
        size_t la = len(a), lb = len(b);
        int c = la < lb ? -1 : la > lb;
        switch (op) {
        case TL_LT: return tl_bool(c < 0);
        case TL_LE: return tl_bool(c <= 0);
        case TL_EQ: return tl_bool(c == 0);
        case TL_NE: return tl_bool(c != 0);
        case TL_GT: return tl_bool(c > 0);
        default: return tl_bool(c >= 0);
        }
    }
    if (op == TL_EQ || op == TL_NE)
        return tl_bool(op == TL_NE);
    if (tl_is_small(x) && tl_is_small(y))
        return tl_bool(op == TL_LT || op == TL_LE ? (intptr_t)x < (intptr_t)y
                                                  : (intptr_t)x > (intptr_t)y);
    return tl_richcmp(th, x, y, op);
}

static bool is_heap(TlVal v)
{
    return !tl_is_small(v) && (tl_type(v)->flags & TL_TF_HEAP);
}

/* A class operand may still answer with its reflected dunder, so only
 * builtin operands get the sequence's own TypeError right away. */
int tl_seq_operands(TlThread *th, TlBinOp op, TlVal a, TlVal b, uint32_t kind,
                    const char *name, TlVal *seq, intptr_t *n)
{
    bool sa = !tl_is_small(a) && tl_has_flag(a, kind);
    bool sb = !tl_is_small(b) && tl_has_flag(b, kind);
    if (op == TL_OP_ADD) {
        if (sa && sb)
            return 1;
        if (sa && !is_heap(b)) {
            tl_raise(th, &tl_TypeError, "can only concatenate %s (not \"%T\") to %s",
                     name, b, name);
            return -1;
        }
        return 0;
    }
    if (op != TL_OP_MUL)
        return 0;
    TlVal other = sa ? b : a;
    *seq = sa ? a : b;
    if (tl_is_int(other) || tl_type_lookup(tl_type(other), TLN(__index__))) {
        if (tl_index(th, other, n) < 0)
            return -1;
        if (*n < 0)
            *n = 0;
        return 2;
    }
    if (is_heap(other))
        return 0;
    tl_raise(th, &tl_TypeError, "can't multiply sequence by non-int of type '%T'", other);
    return -1;
}

/* ---------------------------------------------------------------- slots */

static void tuple_mark(TlGC *gc, TlObj *o)
{
    TlTuple *t = (TlTuple *)o;
    tl_mark_array(gc, t->items, t->len);
}

static TlVal tuple_repr(TlThread *th, TlVal self)
{
    TlTuple *t = TL_TUPLE(self);
    if (t->len == 0)
        return tl_str_cstr(th, "()");
    TlReprGuard g;
    int st = tl_repr_enter(th, &g, self);
    if (st <= 0)
        return st < 0 ? TL_NULL : tl_str_cstr(th, "(...)");
    TlBuilder b;
    tl_sb_init(&b);
    tl_sb_addc(&b, '(');
    for (size_t i = 0; i < t->len; i++) {
        if (i)
            tl_sb_add(&b, ", ", 2);
        TlVal r = tl_repr(th, t->items[i]);
        if (!r) {
            tl_sb_free(&b);
            tl_repr_leave(th, &g);
            return TL_NULL;
        }
        tl_sb_addv(&b, r);
    }
    tl_sb_adds(&b, t->len == 1 ? ",)" : ")");
    tl_repr_leave(th, &g);
    return tl_sb_finish(th, &b);
}

#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL

static TlHash tuple_hash(TlThread *th, TlVal self)
{
    TlTuple *t = TL_TUPLE(self);
    TlHash known = tl_hash_cached(&t->hash);
    if (known != -1)
        return known;
    uint64_t acc = XXPRIME_5;
    for (size_t i = 0; i < t->len; i++) {
        TlHash h = tl_hash(th, t->items[i]);
        if (h == -1)
            return -1;
        acc += (uint64_t)h * XXPRIME_2;
        acc = (acc << 31) | (acc >> 33);
        acc *= XXPRIME_1;
    }
    acc += t->len ^ (XXPRIME_5 ^ 3527539UL);
    TlHash h = acc == (uint64_t)-1 ? 1546275796 : (TlHash)acc;
    tl_hash_cache(&t->hash, h);
    return h;
}

static size_t tup_len(TlVal v) { return TL_TUPLE(v)->len; }

static TlVal tup_item(TlVal v, size_t i)
{
    return i < TL_TUPLE(v)->len ? TL_TUPLE(v)->items[i] : TL_NULL;
}

static TlVal tuple_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (!tl_is_tuple(a) || !tl_is_tuple(b))
        return TL_NOTIMPL;
    return tl_seq_richcmp(th, a, b, op, tup_len, tup_item);
}

static TlVal tuple_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    TlVal seq = TL_NULL;
    intptr_t n = 0;
    int k = tl_seq_operands(th, op, a, b, TL_TF_TUPLE, "tuple", &seq, &n);
    if (k <= 0)
        return k < 0 ? TL_NULL : TL_NOTIMPL;
    if (k == 1) {
        TlTuple *x = TL_TUPLE(a), *y = TL_TUPLE(b);
        if (y->len == 0 && tl_is_exact(a, &tl_tuple_type))
            return a;
        if (x->len == 0 && tl_is_exact(b, &tl_tuple_type))
            return b;
        TlVal r = tl_tuple_new(th, x->len + y->len);
        if (!r)
            return TL_NULL;
        memcpy(TL_TUPLE(r)->items, x->items, x->len * sizeof(TlVal));
        memcpy(TL_TUPLE(r)->items + x->len, y->items, y->len * sizeof(TlVal));
        return r;
    }
    TlTuple *s = TL_TUPLE(seq);
    if (n == 1 && tl_is_exact(seq, &tl_tuple_type))
        return seq;
    if (s->len && (size_t)n > SIZE_MAX / sizeof(TlVal) / s->len)
        return tl_raise_nomem(th);
    TlVal r = tl_tuple_new(th, s->len * (size_t)n);
    if (!r)
        return TL_NULL;
    for (intptr_t i = 0; i < n; i++)
        memcpy(TL_TUPLE(r)->items + (size_t)i * s->len, s->items, s->len * sizeof(TlVal));
    return r;
}

static int tuple_contains(TlThread *th, TlVal self, TlVal item)
{
    TlTuple *t = TL_TUPLE(self);
    for (size_t i = 0; i < t->len; i++) {
        int k = tl_eq(th, t->items[i], item);
        if (k != 0)
            return k;
    }
    return 0;
}

static TlVal tuple_getitem(TlThread *th, TlVal self, TlVal key)
{
    TlTuple *t = TL_TUPLE(self);
    intptr_t i, start, stop, step;
    int k = tl_seq_index(th, key, (intptr_t)t->len, "tuple", &i);
    if (k < 0)
        return TL_NULL;
    if (k == 1) {
        if (i < 0 || (size_t)i >= t->len)
            return tl_raise(th, &tl_IndexError, "tuple index out of range");
        return t->items[i];
    }
    intptr_t n = tl_slice_indices(th, key, (intptr_t)t->len, &start, &stop, &step);
    if (n < 0)
        return TL_NULL;
    if (step == 1 && n == (intptr_t)t->len && tl_is_exact(self, &tl_tuple_type))
        return self;
    TlVal r = tl_tuple_new(th, (size_t)n);
    if (!r)
        return TL_NULL;
    for (intptr_t j = 0; j < n; j++)
        TL_TUPLE(r)->items[j] = t->items[start + j * step];
    return r;
}

static int64_t tuple_len(TlThread *th, TlVal self)
{
    (void)th;
    return (int64_t)TL_TUPLE(self)->len;
}

/* tuple(iterable=()) */
static TlVal tuple_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    if (kw && TL_TUPLE(kw)->len)
        return tl_raise(th, &tl_TypeError, "tuple() takes no keyword arguments");
    if (nargs > 1)
        return tl_raise(th, &tl_TypeError, "tuple expected at most 1 argument, got %d",
                        nargs);
    TlVal base = nargs ? tl_to_tuple(th, args[0]) : tl_val(&empty_tuple);
    if (!base || t == &tl_tuple_type)
        return base;
    size_t n = TL_TUPLE(base)->len;
    TlTuple *r = tuple_alloc(th, t, n);
    if (r)
        memcpy(r->items, TL_TUPLE(base)->items, n * sizeof(TlVal));
    return tl_val(r);
}

/* ------------------------------------------------------------- iterator */

typedef struct TupleIter {
    TlObj ob;
    TlVal seq;                 /* TL_NULL once exhausted */
    size_t i;
} TupleIter;

static TlType tuple_iter_type;

static void tuple_iter_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((TupleIter *)o)->seq);
}

static TlVal tuple_iter(TlThread *th, TlVal self)
{
    TupleIter *it = tl_alloc(th, &tuple_iter_type, sizeof(TupleIter));
    if (!it)
        return TL_NULL;
    it->seq = self;
    return tl_val(it);
}

static TlVal tuple_iternext(TlThread *th, TlVal self)
{
    (void)th;
    TupleIter *it = (TupleIter *)tl_obj(self);
    if (!it->seq)
        return TL_NULL;
    TlTuple *t = TL_TUPLE(it->seq);
    if (it->i < t->len)
        return t->items[it->i++];
    it->seq = TL_NULL;
    return TL_NULL;
}

static TlType tuple_iter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "tuple_iterator",
    .size = sizeof(TupleIter),
    .mark = tuple_iter_mark,
    .iter = tl_iter_self,
    .iternext = tuple_iternext,
};

/* -------------------------------------------------------------- methods */

/* Bounds of index()/count() style searches: start/stop arguments clamp
 * like slice bounds (CPython's _PyEval_SliceIndexNotNone). */
static int search_bounds(TlThread *th, TlVal *args, int n, size_t len,
                         size_t *lo, size_t *hi)
{
    intptr_t start = 0, stop = INTPTR_MAX;
    if (n > 0 && tl_slice_index(th, args[0], &start) < 0)
        return -1;
    if (n > 1 && tl_slice_index(th, args[1], &stop) < 0)
        return -1;
    tl_slice_adjust((intptr_t)len, &start, &stop, 1);
    *lo = (size_t)start;
    *hi = (size_t)stop;
    return 0;
}

static TlVal tuple_index_m(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "index", nargs - 1, kw, 1, 3) < 0)
        return TL_NULL;
    TlTuple *t = TL_TUPLE(args[0]);
    size_t lo, hi;
    if (search_bounds(th, args + 2, nargs - 2, t->len, &lo, &hi) < 0)
        return TL_NULL;
    for (size_t i = lo; i < hi && i < t->len; i++) {
        int k = tl_eq(th, t->items[i], args[1]);
        if (k < 0)
            return TL_NULL;
        if (k)
            return tl_mksmall((intptr_t)i);
    }
    return tl_raise(th, &tl_ValueError, "tuple.index(x): x not in tuple");
}

static TlVal tuple_count_m(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "count", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlTuple *t = TL_TUPLE(args[0]);
    intptr_t c = 0;
    for (size_t i = 0; i < t->len; i++) {
        int k = tl_eq(th, t->items[i], args[1]);
        if (k < 0)
            return TL_NULL;
        c += k;
    }
    return tl_mksmall(c);
}

static const TlMethodDef tuple_methods[] = {
    {"index", tuple_index_m, TL_METH_INSTANCE},
    {"count", tuple_count_m, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

TlType tl_tuple_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "tuple",
    .size = sizeof(TlTuple),
    .itemsize = sizeof(TlVal),
    .flags = TL_TF_BASETYPE | TL_TF_TUPLE,
    .mark = tuple_mark,
    .tp_new = tuple_tp_new,
    .repr = tuple_repr,
    .hash = tuple_hash,
    .richcmp = tuple_richcmp,
    .binop = tuple_binop,
    .len = tuple_len,
    .getitem = tuple_getitem,
    .contains = tuple_contains,
    .iter = tuple_iter,
    .methods = tuple_methods,
};

void tl_tuple_init(TlThread *th)
{
    tl_type_ready(th, &tl_tuple_type);
    tl_type_ready(th, &tuple_iter_type);
    tuple_hash(th, tl_val(&empty_tuple));   /* never written again */
}
