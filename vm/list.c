/*
 * list.c -- the list type, its iterators, the stable sort, and the
 * recursive-repr guard shared by every container.
 *
 * Concurrency model.  Readers never lock: they take a snapshot of
 * (items, len) and index into it.  Writers hold the list's object lock and
 * never call back into Python while holding it (comparisons with a user
 * __eq__, key functions, iteration of an argument all happen before or
 * after, and the outcome is re-validated under the lock).  A buffer is
 * never reallocated in place: growing or shrinking builds a new GC buffer
 * and publishes it, so a reader holding the old pointer keeps reading valid
 * (if stale) items until the next collection, which cannot happen while it
 * is between safepoints.  Publication order keeps every snapshot in
 * bounds: see publish() and snap().
 *
 * Sorting moves the items out (the list looks empty meanwhile, so a key
 * function or __lt__ that mutates the list is detected afterwards), sorts
 * them with a natural merge sort (runs extended to a minimum length by
 * binary insertion, then merged pairwise; stable, O(n log n), linear on
 * presorted input) and moves the result back.  Keys and scratch space live
 * in rooted tuples so the collector sees them while comparisons run Python.
 */
#include <stdlib.h>
#include <string.h>

#include "tl.h"

#define LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define STORE_RELAXED(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
/* Items of a buffer another thread may be writing (move_items) are read
 * word by word too: a plain load there is a data race in C11 terms. */
#define LOAD_RELAXED(p) __atomic_load_n((p), __ATOMIC_RELAXED)

/* ----------------------------------------------- recursive-repr guard */

int tl_repr_enter(TlThread *th, TlReprGuard *g, TlVal obj)
{
    for (TlReprGuard *p = th->reprs; p; p = p->prev)
        if (p->obj == obj)
            return 0;
    int limit = th->vm->recursion_limit > 0 ? th->vm->recursion_limit : 1000;
    if (th->cdepth >= limit) {
        tl_raise(th, &tl_RecursionError,
                 "maximum recursion depth exceeded while getting the repr of an object");
        return -1;
    }
    th->cdepth++;
    g->obj = obj;
    g->prev = th->reprs;
    th->reprs = g;
    return 1;
}

void tl_repr_leave(TlThread *th, TlReprGuard *g)
{
    th->reprs = g->prev;
    th->cdepth--;
}

TlHash tl_unhashable(TlThread *th, TlVal self)
{
    tl_raise(th, &tl_TypeError, "unhashable type: '%s'", tl_type_name(self));
    return -1;
}

/* ------------------------------------------------------ storage */

/* A consistent (items, len) pair without the lock.  Writers publish a new
 * buffer before a larger len and a smaller len before a new buffer, so if
 * the buffer did not change across the len load, len fits in it. */
static size_t snap(TlList *l, TlVal **items)
{
    for (;;) {
        TlVal *a = LOAD(&l->items);
        size_t n = LOAD(&l->len);
        if (LOAD(&l->items) == a) {
            *items = a;
            return n;
        }
    }
}

/* Item i of the current contents, TL_NULL past the end. */
static TlVal item_at(TlVal v, size_t i)
{
    TlVal *items;
    size_t n = snap(TL_LIST(v), &items);
    return i < n ? LOAD_RELAXED(&items[i]) : TL_NULL;
}

static size_t cur_len(TlVal v)
{
    return LOAD(&TL_LIST(v)->len);
}

static TlVal *buf_new(TlThread *th, size_t cap)
{
    if (cap > SIZE_MAX / sizeof(TlVal)) {
        tl_raise_nomem(th);
        return NULL;
    }
    return tl_alloc_buf(th, cap * sizeof(TlVal));
}

/* Install a new buffer holding len items (lock held). */
static void publish(TlList *l, TlVal *buf, size_t cap, size_t len)
{
    if (len >= l->len) {
        STORE(&l->items, buf);
        STORE(&l->len, len);
    } else {
        STORE(&l->len, len);
        STORE(&l->items, buf);
    }
    l->cap = cap;
}

/* Copies inside a live buffer go word by word so that a concurrent reader
 * never sees a torn pointer. */
static void move_items(TlVal *dst, const TlVal *src, size_t n)
{
    if (dst < src) {
        for (size_t i = 0; i < n; i++)
            STORE_RELAXED(&dst[i], src[i]);
    } else {
        for (size_t i = n; i-- > 0;)
            STORE_RELAXED(&dst[i], src[i]);
    }
}

/* Copy items into a buffer nobody else sees yet; the source may be live
 * (either pointer may be NULL when n is 0). */
static void copy_vals(TlVal *dst, const TlVal *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = LOAD_RELAXED(&src[i]);
}

/* Capacity for n items.  A replaced buffer cannot be freed before the
 * next collection (a lock-free reader may hold it), so growth is 1.5x:
 * appending n items copies about 2n and leaves about 2n of garbage. */
static size_t grown(size_t n)
{
    return n + (n >> 1) + 6;
}

/* Replace items[lo:hi] by src[0:m] (lock held; src may point into the
 * current buffer only outside the range being written). */
static int replace(TlThread *th, TlList *l, size_t lo, size_t hi, const TlVal *src, size_t m)
{
    size_t len = l->len, newlen = len - (hi - lo) + m;
    TlVal *it = l->items;
    if (newlen > l->cap || (l->cap > 64 && newlen < l->cap / 4)) {
        size_t cap = newlen ? grown(newlen) : 0;
        TlVal *b = cap ? buf_new(th, cap) : NULL;
        if (cap && !b)
            return -1;
        if (b) {
            copy_vals(b, it, lo);
            copy_vals(b + lo, src, m);
            if (len > hi)   /* it is NULL for an empty list */
                copy_vals(b + lo + m, it + hi, len - hi);
        }
        publish(l, b, cap, newlen);
        return 0;
    }
    if (m != hi - lo)
        move_items(it + lo + m, it + hi, len - hi);
    if (m)
        move_items(it + lo, src, m);
    STORE(&l->len, newlen);
    return 0;
}

static TlList *list_alloc(TlThread *th, TlType *t)
{
    return tl_alloc(th, t, t->size);
}

TlVal tl_list_from(TlThread *th, const TlVal *items, size_t n)
{
    TlList *l = list_alloc(th, &tl_list_type);
    if (!l)
        return TL_NULL;
    if (n) {
        if (!(l->items = buf_new(th, n)))
            return TL_NULL;
        if (items)
            copy_vals(l->items, items, n);
        else
            for (size_t i = 0; i < n; i++)
                l->items[i] = TL_NONE;
        l->len = l->cap = n;
    }
    return tl_val(l);
}

TlVal tl_list_new(TlThread *th, size_t n)
{
    return tl_list_from(th, NULL, n);
}

int tl_list_append(TlThread *th, TlVal list, TlVal v)
{
    TlList *l = TL_LIST(list);
    tl_lock(th, &l->ob);
    size_t n = l->len;
    if (n == l->cap) {
        TlVal *b = buf_new(th, grown(n));
        if (!b) {
            tl_unlock(th, &l->ob);
            return -1;
        }
        copy_vals(b, l->items, n);
        STORE(&l->items, b);
        l->cap = grown(n);
    }
    STORE_RELAXED(&l->items[n], v);
    STORE(&l->len, n + 1);
    tl_unlock(th, &l->ob);
    return 0;
}

/* Insert or delete a block under the lock. */
static int locked_replace(TlThread *th, TlList *l, size_t lo, size_t hi, const TlVal *src,
                          size_t m)
{
    tl_lock(th, &l->ob);
    if (hi > l->len)
        hi = l->len;
    if (lo > hi)
        lo = hi;
    int r = replace(th, l, lo, hi, src, m);
    tl_unlock(th, &l->ob);
    return r;
}

int tl_list_extend(TlThread *th, TlVal list, TlVal iterable)
{
    TlList *l = TL_LIST(list);
    if (tl_is_list(iterable) || tl_is_tuple(iterable)) {
        /* no Python code runs: a snapshot of the source suffices (and
         * extending a list by itself copies exactly its old items) */
        TlVal *src;
        size_t m;
        if (tl_is_list(iterable)) {
            m = snap(TL_LIST(iterable), &src);
        } else {
            src = TL_TUPLE(iterable)->items;
            m = TL_TUPLE(iterable)->len;
        }
        return locked_replace(th, l, SIZE_MAX, SIZE_MAX, src, m);
    }
    TlVal snapshot = tl_dict_list(th, iterable);
    if (!snapshot && !th->exc)
        snapshot = tl_set_list(th, iterable);
    if (snapshot || th->exc)
        return snapshot ? tl_list_extend(th, list, snapshot) : -1;
    TlVal it = tl_iter(th, iterable);
    if (!it)
        return -1;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, it);
    TlVal v;
    int r = 0;
    while ((v = tl_next(th, it)))
        if (tl_list_append(th, list, v) < 0)
            break;
    if (th->exc)
        r = -1;
    tl_roots_reset(th, mark);
    return r;
}

/* ------------------------------------------------------------- slots */

static void list_mark(TlGC *gc, TlObj *o)
{
    TlList *l = (TlList *)o;
    if (l->items) {
        tl_mark_buf(gc, l->items);
        tl_mark_array(gc, l->items, l->len);
    }
}

static TlVal list_repr(TlThread *th, TlVal self)
{
    if (cur_len(self) == 0)
        return tl_str_cstr(th, "[]");
    TlReprGuard g;
    int st = tl_repr_enter(th, &g, self);
    if (st <= 0)
        return st < 0 ? TL_NULL : tl_str_cstr(th, "[...]");
    TlBuilder b;
    tl_sb_init(&b);
    tl_sb_addc(&b, '[');
    TlVal v;
    for (size_t i = 0; (v = item_at(self, i)); i++) {   /* re-read: repr may mutate */
        if (i)
            tl_sb_add(&b, ", ", 2);
        TlVal r = tl_repr(th, v);
        if (!r) {
            tl_sb_free(&b);
            tl_repr_leave(th, &g);
            return TL_NULL;
        }
        tl_sb_addv(&b, r);
    }
    tl_sb_addc(&b, ']');
    tl_repr_leave(th, &g);
    return tl_sb_finish(th, &b);
}

static TlVal list_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (!tl_is_list(a) || !tl_is_list(b))
        return TL_NOTIMPL;
    return tl_seq_richcmp(th, a, b, op, cur_len, item_at);
}

/* seq * n into a fresh buffer. */
static TlVal *repeat(TlThread *th, const TlVal *src, size_t m, intptr_t n, size_t *len)
{
    if (m && (size_t)n > SIZE_MAX / sizeof(TlVal) / m) {
        tl_raise_nomem(th);
        return NULL;
    }
    *len = m * (size_t)n;
    TlVal *b = *len ? buf_new(th, *len) : NULL;
    if (b)
        copy_vals(b, src, m);
    for (intptr_t i = 1; b && i < n; i++)
        memcpy(b + (size_t)i * m, b, m * sizeof(TlVal));
    return b;
}

static TlVal list_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    TlVal seq = TL_NULL;
    intptr_t n = 0;
    int k = tl_seq_operands(th, op, a, b, TL_TF_LIST, "list", &seq, &n);
    if (k <= 0)
        return k < 0 ? TL_NULL : TL_NOTIMPL;
    TlVal *xa, *xb;
    size_t na = snap(TL_LIST(k == 1 ? a : seq), &xa), nb = 0;
    TlList *r = list_alloc(th, &tl_list_type);
    if (!r)
        return TL_NULL;
    if (k == 1) {
        nb = snap(TL_LIST(b), &xb);
        if (na + nb && !(r->items = buf_new(th, na + nb)))
            return TL_NULL;
        copy_vals(r->items, xa, na);
        copy_vals(r->items + na, xb, nb);
        r->len = r->cap = na + nb;
    } else {
        r->items = repeat(th, xa, na, n, &r->len);
        if (!r->items && th->exc)   /* too big: MemoryError */
            return TL_NULL;
        r->cap = r->len;
    }
    return tl_val(r);
}

static int list_contains(TlThread *th, TlVal self, TlVal item)
{
    TlVal v;
    for (size_t i = 0; (v = item_at(self, i)); i++) {
        int k = tl_eq(th, v, item);
        if (k != 0)
            return k;
    }
    return 0;
}

static TlVal list_getitem(TlThread *th, TlVal self, TlVal key)
{
    TlVal *items;
    size_t n = snap(TL_LIST(self), &items);
    intptr_t i, start, stop, step;
    int k = tl_seq_index(th, key, (intptr_t)n, "list", &i);
    if (k < 0)
        return TL_NULL;
    if (k == 1) {
        n = snap(TL_LIST(self), &items);   /* __index__ may have run */
        if (i < 0 || (size_t)i >= n)
            return tl_raise(th, &tl_IndexError, "list index out of range");
        return LOAD_RELAXED(&items[i]);
    }
    if (tl_slice_unpack(th, key, &start, &stop, &step) < 0)
        return TL_NULL;
    n = snap(TL_LIST(self), &items);
    intptr_t m = tl_slice_adjust((intptr_t)n, &start, &stop, step);
    TlVal r = tl_list_new(th, (size_t)m);
    if (!r)
        return TL_NULL;
    for (intptr_t j = 0; j < m; j++)
        TL_LIST(r)->items[j] = LOAD_RELAXED(&items[start + j * step]);
    return r;
}

/* del l[lo::step] for m items (lock held; step > 0 after normalising). */
static void delete_extended(TlList *l, intptr_t start, intptr_t step, intptr_t m)
{
    if (step < 0) {
        start += step * (m - 1);
        step = -step;
    }
    TlVal *it = l->items;
    size_t w = (size_t)start, removed = 0;
    for (size_t r = (size_t)start; r < l->len; r++) {
        if (removed < (size_t)m && (r - (size_t)start) % (size_t)step == 0) {
            removed++;
            continue;
        }
        STORE_RELAXED(&it[w++], it[r]);
    }
    STORE(&l->len, w);
}

static bool iterable(TlVal v)
{
    TlType *t = tl_type(v);
    return tl_type_lookup(t, TLN(__iter__)) || tl_type_lookup(t, TLN(__getitem__));
}

/* l[slice] = value / del l[slice] (value TL_NULL). */
static int assign_slice(TlThread *th, TlVal self, TlVal slice, TlVal value)
{
    TlList *l = TL_LIST(self);
    TlVal seq = TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    intptr_t start, stop, step;
    if (tl_slice_unpack(th, slice, &start, &stop, &step) < 0)
        return -1;
    if (value) {
        if (!iterable(value)) {
            tl_raise(th, &tl_TypeError, step == 1 ? "can only assign an iterable"
                                                  : "must assign iterable to extended slice");
            return -1;
        }
        if (!(seq = tl_to_tuple(th, value)))
            return -1;
        tl_root(th, seq);
    }
    const TlVal *src = seq ? TL_TUPLE(seq)->items : NULL;
    size_t m = seq ? TL_TUPLE(seq)->len : 0;
    int r = 0;
    tl_lock(th, &l->ob);
    intptr_t n = tl_slice_adjust((intptr_t)l->len, &start, &stop, step);
    if (step == 1) {
        r = replace(th, l, (size_t)start, (size_t)(stop < start ? start : stop), src, m);
    } else if (!value) {
        delete_extended(l, start, step, n);
    } else if ((size_t)n != m) {
        tl_unlock(th, &l->ob);
        tl_roots_reset(th, mark);
        tl_raise(th, &tl_ValueError,
                 "attempt to assign sequence of size %zu to extended slice of size %zd", m, n);
        return -1;
    } else {
        for (intptr_t j = 0; j < n; j++)
            STORE_RELAXED(&l->items[start + j * step], src[j]);
    }
    tl_unlock(th, &l->ob);
    tl_roots_reset(th, mark);
    return r;
}

static int list_setitem(TlThread *th, TlVal self, TlVal key, TlVal value)
{
    TlList *l = TL_LIST(self);
    intptr_t i;
    int k = tl_seq_index(th, key, 0, "list", &i);
    if (k < 0)
        return -1;
    if (k == 0)
        return assign_slice(th, self, key, value);
    tl_lock(th, &l->ob);
    if (i < 0)
        i += (intptr_t)l->len;
    if (i < 0 || (size_t)i >= l->len) {
        tl_unlock(th, &l->ob);
        tl_raise(th, &tl_IndexError, "list assignment index out of range");
        return -1;
    }
    int r = 0;
    if (value)
        STORE_RELAXED(&l->items[i], value);
    else
        r = replace(th, l, (size_t)i, (size_t)i + 1, NULL, 0);
    tl_unlock(th, &l->ob);
    return r;
}

static int64_t list_len(TlThread *th, TlVal self)
{
    (void)th;
    return (int64_t)cur_len(self);
}

static TlVal list_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return tl_val(list_alloc(th, t));
}

/* list(iterable=()): replaces the contents. */
static int list_tp_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (kw && TL_TUPLE(kw)->len) {
        tl_raise(th, &tl_TypeError, "list() takes no keyword arguments");
        return -1;
    }
    if (nargs > 1) {
        tl_raise(th, &tl_TypeError, "list expected at most 1 argument, got %d", nargs);
        return -1;
    }
    if (locked_replace(th, TL_LIST(self), 0, SIZE_MAX, NULL, 0) < 0)
        return -1;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, self);           /* a fresh instance is on no value stack */
    int r = nargs ? tl_list_extend(th, self, args[0]) : 0;
    tl_roots_reset(th, m);
    return r;
}

/* ---------------------------------------------------------- iterators */

typedef struct ListIter {
    TlObj ob;
    TlVal seq;                 /* TL_NULL once exhausted */
    intptr_t i;
} ListIter;

static TlType list_iter_type, list_reviter_type;

static void list_iter_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((ListIter *)o)->seq);
}

static TlVal iter_new(TlThread *th, TlType *t, TlVal seq, intptr_t i)
{
    ListIter *it = tl_alloc(th, t, sizeof(ListIter));
    if (!it)
        return TL_NULL;
    it->seq = seq;
    it->i = i;
    return tl_val(it);
}

static TlVal list_iter(TlThread *th, TlVal self)
{
    return iter_new(th, &list_iter_type, self, 0);
}

static TlVal list_iternext(TlThread *th, TlVal self)
{
    (void)th;
    ListIter *it = (ListIter *)tl_obj(self);
    TlVal v = it->seq ? item_at(it->seq, (size_t)it->i) : TL_NULL;
    if (v)
        it->i++;
    else
        it->seq = TL_NULL;
    return v;
}

static TlVal list_reviternext(TlThread *th, TlVal self)
{
    (void)th;
    ListIter *it = (ListIter *)tl_obj(self);
    TlVal v = it->seq && it->i >= 0 ? item_at(it->seq, (size_t)it->i) : TL_NULL;
    if (v)
        it->i--;
    else
        it->seq = TL_NULL;
    return v;
}

static TlType list_iter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "list_iterator",
    .size = sizeof(ListIter),
    .mark = list_iter_mark,
    .iter = tl_iter_self,
    .iternext = list_iternext,
};

static TlType list_reviter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "list_reverseiterator",
    .size = sizeof(ListIter),
    .mark = list_iter_mark,
    .iter = tl_iter_self,
    .iternext = list_reviternext,
};

/* --------------------------------------------------------------- sort */

enum { MIN_RUN = 32 };

typedef struct Sorter {
    TlThread *th;
    TlVal *keys, *vals;        /* vals == keys without a key function */
    TlVal *tk, *tv;            /* scratch, n each */
    int (*lt)(struct Sorter *s, TlVal a, TlVal b);   /* 1, 0, -1 error */
} Sorter;

static int lt_small(Sorter *s, TlVal a, TlVal b) { (void)s; return tl_small(a) < tl_small(b); }
static int lt_int(Sorter *s, TlVal a, TlVal b) { (void)s; return tl_int_cmp(a, b) < 0; }
static int lt_float(Sorter *s, TlVal a, TlVal b) { (void)s; return TL_FLOAT(a) < TL_FLOAT(b); }

/* UTF-8 byte order is code point order. */
static int lt_str(Sorter *s, TlVal a, TlVal b)
{
    (void)s;
    TlStr *x = TL_STR(a), *y = TL_STR(b);
    int c = memcmp(x->data, y->data, x->len < y->len ? x->len : y->len);
    return c < 0 || (c == 0 && x->len < y->len);
}

static int lt_generic(Sorter *s, TlVal a, TlVal b)
{
    return tl_richcmp_bool(s->th, a, b, TL_LT);
}

/* Exact tuples (CPython's unsafe_tuple_compare): the first pair of items
 * that are not equal decides; small-int items need no calls at all. */
static int lt_tuple(Sorter *s, TlVal a, TlVal b)
{
    TlTuple *x = TL_TUPLE(a), *y = TL_TUPLE(b);
    size_t n = x->len < y->len ? x->len : y->len;
    for (size_t i = 0; i < n; i++) {
        TlVal p = x->items[i], q = y->items[i];
        if (p == q)
            continue;
        if (tl_is_small(p) && tl_is_small(q))
            return (intptr_t)p < (intptr_t)q;
        int k = tl_eq(s->th, p, q);
        if (k < 0)
            return -1;
        if (!k)
            return tl_richcmp_bool(s->th, p, q, TL_LT);
    }
    return x->len < y->len;
}

/* Pick the comparison: type-specialised when every key allows it. */
static void choose_lt(Sorter *s, size_t n)
{
    bool small = true, ints = true, floats = true, strs = true, tuples = true;
    for (size_t i = 0; i < n; i++) {
        TlVal k = s->keys[i];
        small &= tl_is_small(k);
        ints &= tl_is_small(k) || tl_is_exact(k, &tl_int_type) || tl_is_exact(k, &tl_bool_type);
        floats &= tl_is_exact(k, &tl_float_type);
        strs &= tl_is_exact(k, &tl_str_type);
        tuples &= tl_is_exact(k, &tl_tuple_type);
    }
    s->lt = small ? lt_small : ints ? lt_int : floats ? lt_float : strs ? lt_str
          : tuples ? lt_tuple : lt_generic;
}

static void swap_at(Sorter *s, size_t i, size_t j)
{
    TlVal t = s->keys[i];
    s->keys[i] = s->keys[j];
    s->keys[j] = t;
    if (s->vals != s->keys) {
        t = s->vals[i];
        s->vals[i] = s->vals[j];
        s->vals[j] = t;
    }
}

static void reverse_range(Sorter *s, size_t lo, size_t hi)
{
    while (hi > lo + 1)
        swap_at(s, lo++, --hi);
}

/* Length of the run starting at lo; a strictly descending run is reversed
 * in place (strictness keeps the sort stable).  -1 on error. */
static intptr_t count_run(Sorter *s, size_t lo, size_t n)
{
    size_t i = lo + 1;
    if (i == n)
        return 1;
    int k = s->lt(s, s->keys[i], s->keys[lo]);
    if (k < 0)
        return -1;
    for (i++; i < n; i++) {
        int c = s->lt(s, s->keys[i], s->keys[i - 1]);
        if (c < 0)
            return -1;
        if (c != k)
            break;
    }
    if (k)
        reverse_range(s, lo, i);
    return (intptr_t)(i - lo);
}

/* [lo, hi) where [lo, sorted) is already in order. */
static int insertion_sort(Sorter *s, size_t lo, size_t sorted, size_t hi)
{
    for (size_t i = sorted; i < hi; i++) {
        TlVal pk = s->keys[i], pv = s->vals[i];
        size_t a = lo, b = i;
        while (a < b) {
            size_t mid = a + (b - a) / 2;
            int c = s->lt(s, pk, s->keys[mid]);
            if (c < 0)
                return -1;
            if (c)
                b = mid;
            else
                a = mid + 1;
        }
        memmove(s->keys + a + 1, s->keys + a, (i - a) * sizeof(TlVal));
        s->keys[a] = pk;
        if (s->vals != s->keys) {
            memmove(s->vals + a + 1, s->vals + a, (i - a) * sizeof(TlVal));
            s->vals[a] = pv;
        }
    }
    return 0;
}

/* Merge the sorted runs [lo, mid) and [mid, hi).  The left run moves to
 * scratch; on a comparison error what is left of it is copied back into
 * the gap, so the arrays always hold every item exactly once. */
static int merge(Sorter *s, size_t lo, size_t mid, size_t hi)
{
    int c = s->lt(s, s->keys[mid], s->keys[mid - 1]);
    if (c <= 0)
        return c;                /* already in order (or error) */
    bool pairs = s->vals != s->keys;
    size_t nl = mid - lo, i = 0, j = mid, k = lo;
    memcpy(s->tk, s->keys + lo, nl * sizeof(TlVal));
    if (pairs)
        memcpy(s->tv, s->vals + lo, nl * sizeof(TlVal));
    int r = 0;
    while (i < nl && j < hi) {
        c = s->lt(s, s->keys[j], s->tk[i]);
        if (c < 0) {
            r = -1;
            break;
        }
        if (c) {
            s->keys[k] = s->keys[j];
            if (pairs)
                s->vals[k] = s->vals[j];
            j++;
        } else {
            s->keys[k] = s->tk[i];
            if (pairs)
                s->vals[k] = s->tv[i];
            i++;
        }
        k++;
    }
    memcpy(s->keys + k, s->tk + i, (nl - i) * sizeof(TlVal));
    if (pairs)
        memcpy(s->vals + k, s->tv + i, (nl - i) * sizeof(TlVal));
    return r;
}

static int merge_sort(Sorter *s, size_t n)
{
    size_t *runs = malloc((n / MIN_RUN + 2) * sizeof(size_t)), nruns = 0;
    if (!runs) {
        tl_raise_nomem(s->th);
        return -1;
    }
    int r = 0;
    for (size_t lo = 0; lo < n && r == 0;) {
        intptr_t len = count_run(s, lo, n);
        if (len < 0) {
            r = -1;
            break;
        }
        size_t hi = lo + (size_t)len;
        if (hi - lo < MIN_RUN) {
            size_t force = lo + MIN_RUN < n ? lo + MIN_RUN : n;
            r = insertion_sort(s, lo, hi, force);
            hi = force;
        }
        runs[nruns++] = lo;
        lo = hi;
    }
    while (r == 0 && nruns > 1) {
        size_t out = 0;
        for (size_t i = 0; i < nruns && r == 0; i += 2) {
            if (i + 1 < nruns)
                r = merge(s, runs[i], runs[i + 1], i + 2 < nruns ? runs[i + 2] : n);
            runs[out++] = runs[i];
        }
        nruns = out;
    }
    free(runs);
    return r;
}

static void reverse_all(Sorter *s, size_t n)
{
    reverse_range(s, 0, n);
}

/* Sort the n values of tuple `vals` (rooted by the caller). */
static int sort_values(TlThread *th, TlVal vals, TlVal key, bool rev)
{
    size_t n = TL_TUPLE(vals)->len;
    Sorter s = {.th = th, .vals = TL_TUPLE(vals)->items};
    s.keys = s.vals;
    if (key && key != TL_NONE) {
        TlVal keys = tl_tuple_new(th, n);
        if (!keys)
            return -1;
        tl_root(th, keys);
        for (size_t i = 0; i < n; i++) {
            TlVal k = tl_call1(th, key, s.vals[i]);
            if (!k)
                return -1;
            TL_TUPLE(keys)->items[i] = k;
        }
        s.keys = TL_TUPLE(keys)->items;
    }
    if (n < 2)
        return 0;
    TlVal tk = tl_tuple_new(th, n), tv = TL_NULL;
    if (!tk)
        return -1;
    tl_root(th, tk);
    if (s.keys != s.vals) {
        if (!(tv = tl_tuple_new(th, n)))
            return -1;
        tl_root(th, tv);
    }
    s.tk = TL_TUPLE(tk)->items;
    s.tv = tv ? TL_TUPLE(tv)->items : s.tk;
    choose_lt(&s, n);
    /* reversing before and after keeps equal items in their order */
    if (rev)
        reverse_all(&s, n);
    int r = merge_sort(&s, n);
    if (rev)
        reverse_all(&s, n);
    return r;
}

int tl_list_sort(TlThread *th, TlVal list, TlVal key, bool reverse)
{
    TlList *l = TL_LIST(list);
    uint32_t mark = tl_roots_mark(th);
    tl_lock(th, &l->ob);
    TlVal vals = tl_tuple_from(th, l->items, l->len);
    if (!vals) {
        tl_unlock(th, &l->ob);
        return -1;
    }
    publish(l, NULL, 0, 0);
    tl_unlock(th, &l->ob);
    tl_root(th, vals);

    int r = sort_values(th, vals, key, reverse);

    TlTuple *t = TL_TUPLE(vals);
    TlVal *b = t->len ? buf_new(th, t->len) : NULL;
    tl_lock(th, &l->ob);
    bool modified = l->len != 0 || l->items != NULL;
    if (b || !t->len) {
        if (b)
            memcpy(b, t->items, t->len * sizeof(TlVal));
        publish(l, b, t->len, t->len);
    } else {
        r = -1;                  /* out of memory: the items are lost */
    }
    tl_unlock(th, &l->ob);
    tl_roots_reset(th, mark);
    if (r == 0 && modified) {
        tl_raise(th, &tl_ValueError, "list modified during sort");
        return -1;
    }
    return r;
}

/* ------------------------------------------------------------ methods */

#define SELF TL_LIST(args[0])

static TlVal m_append(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "list.append", nargs - 1, kw, 1, 1) < 0 ||
        tl_list_append(th, args[0], args[1]) < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal m_extend(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "list.extend", nargs - 1, kw, 1, 1) < 0 ||
        tl_list_extend(th, args[0], args[1]) < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal m_insert(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    intptr_t i;
    if (tl_args_n(th, "insert", nargs - 1, kw, 2, 2) < 0 || tl_index(th, args[1], &i) < 0)
        return TL_NULL;
    TlList *l = SELF;
    tl_lock(th, &l->ob);
    intptr_t n = (intptr_t)l->len;
    if (i < 0 && (i += n) < 0)
        i = 0;
    if (i > n)
        i = n;
    int r = replace(th, l, (size_t)i, (size_t)i, &args[2], 1);
    tl_unlock(th, &l->ob);
    return r < 0 ? TL_NULL : TL_NONE;
}

static TlVal m_pop(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    intptr_t i = -1;
    if (tl_args_n(th, "pop", nargs - 1, kw, 0, 1) < 0 ||
        (nargs > 1 && tl_index(th, args[1], &i) < 0))
        return TL_NULL;
    TlList *l = SELF;
    tl_lock(th, &l->ob);
    const char *err = NULL;
    TlVal v = TL_NULL;
    if (l->len == 0) {
        err = "pop from empty list";
    } else {
        if (i < 0)
            i += (intptr_t)l->len;
        if (i < 0 || (size_t)i >= l->len) {
            err = "pop index out of range";
        } else {
            v = l->items[i];
            if (replace(th, l, (size_t)i, (size_t)i + 1, NULL, 0) < 0)
                v = TL_NULL;
        }
    }
    tl_unlock(th, &l->ob);
    if (err)
        return tl_raise(th, &tl_IndexError, "%s", err);
    return v;
}

/* First index in [lo, hi) whose item == x: -1 absent, -2 error.  The
 * comparisons run without the lock. */
static intptr_t find(TlThread *th, TlVal list, TlVal x, size_t lo, size_t hi, TlVal *found)
{
    TlVal v;
    for (size_t i = lo; i < hi && (v = item_at(list, i)); i++) {
        int k = tl_eq(th, v, x);
        if (k < 0)
            return -2;
        if (k) {
            *found = v;
            return (intptr_t)i;
        }
    }
    return -1;
}

static TlVal m_remove(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "list.remove", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlList *l = SELF;
    for (;;) {
        TlVal v = TL_NULL;
        intptr_t i = find(th, args[0], args[1], 0, SIZE_MAX, &v);
        if (i == -2)
            return TL_NULL;
        if (i == -1)
            return tl_raise(th, &tl_ValueError, "list.remove(x): x not in list");
        tl_lock(th, &l->ob);
        bool same = (size_t)i < l->len && l->items[i] == v;   /* re-validate */
        int r = same ? replace(th, l, (size_t)i, (size_t)i + 1, NULL, 0) : 0;
        tl_unlock(th, &l->ob);
        if (same)
            return r < 0 ? TL_NULL : TL_NONE;
    }
}

static TlVal m_index(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "index", nargs - 1, kw, 1, 3) < 0)
        return TL_NULL;
    intptr_t start = 0, stop = INTPTR_MAX;
    if ((nargs > 2 && tl_slice_index(th, args[2], &start) < 0) ||
        (nargs > 3 && tl_slice_index(th, args[3], &stop) < 0))
        return TL_NULL;
    tl_slice_adjust((intptr_t)cur_len(args[0]), &start, &stop, 1);
    TlVal v;
    intptr_t i = find(th, args[0], args[1], (size_t)start, (size_t)stop, &v);
    if (i == -2)
        return TL_NULL;
    if (i == -1)
        return tl_raise(th, &tl_ValueError, "%R is not in list", args[1]);
    return tl_mksmall(i);
}

static TlVal m_count(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "list.count", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    intptr_t c = 0;
    TlVal v;
    for (size_t i = 0; (v = item_at(args[0], i)); i++) {
        int k = tl_eq(th, v, args[1]);
        if (k < 0)
            return TL_NULL;
        c += k;
    }
    return tl_mksmall(c);
}

static TlVal m_clear(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "list.clear", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    tl_lock(th, &SELF->ob);
    publish(SELF, NULL, 0, 0);
    tl_unlock(th, &SELF->ob);
    return TL_NONE;
}

static TlVal m_copy(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "list.copy", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlVal *items;
    size_t n = snap(SELF, &items);
    return tl_list_from(th, items, n);
}

static TlVal m_reverse(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "list.reverse", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlList *l = SELF;
    tl_lock(th, &l->ob);
    for (size_t i = 0, j = l->len; j > i + 1; i++, j--) {
        TlVal t = l->items[i];
        STORE_RELAXED(&l->items[i], l->items[j - 1]);
        STORE_RELAXED(&l->items[j - 1], t);
    }
    tl_unlock(th, &l->ob);
    return TL_NONE;
}

static TlVal m_sort(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"key", "reverse", NULL};
    TlVal out[2];
    if (nargs > 1)
        return tl_raise(th, &tl_TypeError, "sort() takes no positional arguments");
    if (tl_args(th, "sort", args + 1, 0, kw, kwlist, 0, 2, out) < 0)
        return TL_NULL;
    int rev = out[1] ? tl_truthy(th, out[1]) : 0;
    if (rev < 0 || tl_list_sort(th, args[0], out[0], rev) < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal m_reversed(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__reversed__", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return iter_new(th, &list_reviter_type, args[0], (intptr_t)cur_len(args[0]) - 1);
}

static TlVal m_iadd(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__iadd__", nargs - 1, kw, 1, 1) < 0 ||
        tl_list_extend(th, args[0], args[1]) < 0)
        return TL_NULL;
    return args[0];
}

static TlVal m_imul(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__imul__", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal seq = TL_NULL;
    intptr_t n = 0;
    int k = tl_seq_operands(th, TL_OP_MUL, args[0], args[1], TL_TF_LIST, "list", &seq, &n);
    if (k <= 0)
        return k < 0 ? TL_NULL : TL_NOTIMPL;
    TlList *l = SELF;
    tl_lock(th, &l->ob);
    size_t len = 0;
    TlVal *b = repeat(th, l->items, l->len, n, &len);
    bool failed = !b && th->exc;   /* too big: MemoryError */
    if (!failed)
        publish(l, b, len, len);
    tl_unlock(th, &l->ob);
    return failed ? TL_NULL : args[0];
}

static const TlMethodDef list_methods[] = {
    {"append", m_append, TL_METH_INSTANCE},
    {"extend", m_extend, TL_METH_INSTANCE},
    {"insert", m_insert, TL_METH_INSTANCE},
    {"pop", m_pop, TL_METH_INSTANCE},
    {"remove", m_remove, TL_METH_INSTANCE},
    {"index", m_index, TL_METH_INSTANCE},
    {"count", m_count, TL_METH_INSTANCE},
    {"clear", m_clear, TL_METH_INSTANCE},
    {"copy", m_copy, TL_METH_INSTANCE},
    {"reverse", m_reverse, TL_METH_INSTANCE},
    {"sort", m_sort, TL_METH_INSTANCE},
    {"__reversed__", m_reversed, TL_METH_INSTANCE},
    {"__iadd__", m_iadd, TL_METH_INSTANCE},
    {"__imul__", m_imul, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

TlType tl_list_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "list",
    .size = sizeof(TlList),
    .flags = TL_TF_BASETYPE | TL_TF_LIST,
    .mark = list_mark,
    .tp_new = list_tp_new,
    .tp_init = list_tp_init,
    .repr = list_repr,
    .hash = tl_unhashable,
    .richcmp = list_richcmp,
    .binop = list_binop,
    .len = list_len,
    .getitem = list_getitem,
    .setitem = list_setitem,
    .contains = list_contains,
    .iter = list_iter,
    .methods = list_methods,
};

void tl_list_init(TlThread *th)
{
    tl_type_ready(th, &tl_list_type);
    tl_type_ready(th, &list_iter_type);
    tl_type_ready(th, &list_reviter_type);
}
