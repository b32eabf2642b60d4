/*
 * type.c -- type objects and the objects that make classes work.
 *
 * Owns: `type` and `object`, class creation (C3 MRO, instance layout,
 * __slots__), static-type start-up (tl_type_ready: inherited C slots and
 * slot dunders published as natives), attribute lookup along the MRO with
 * a per-type method cache, the descriptor types (natives, bound methods,
 * property, staticmethod, classmethod, super, getset and member
 * descriptors), modules, the None/NotImplemented/Ellipsis singletons and
 * argument binding for natives (tl_args).
 *
 * Design:
 *  - A heap type's C slots are always copies of its nearest builtin base's
 *    slots; they are never trampolines into Python.  The generic operations
 *    (obj.c) look dunders up for heap types, so Python overrides win, and a
 *    published slot wrapper (int.__add__) calling its receiver's C slot
 *    reaches the builtin code even on a subclass instance.
 *  - Instance layout: the builtin base's fixed part, then TlVals: the
 *    __dict__ slot (lazily filled) and the __slots__ values.  For
 *    variable-size builtins (int, str, tuple, bytes) those TlVals follow the
 *    items instead (TL_TF_VARDICT, tl_alloc_var).  One mark function
 *    (heap_mark) serves every class: the base's mark, then the TlVals.
 *  - Method cache: direct-mapped, per type, entries validated by a
 *    (version, sequence) tag so that concurrent readers never see a torn
 *    entry and writers never block; only interned names are cached because
 *    an entry compares names by address.
 */
#include "tl.h"
#include "code.h"
#include "frame.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- versions */

/* Type versions are unique process-wide so that an inline cache holding
 * (type, version) can never be fooled by a new type reusing a freed
 * address.  The counter is the one mutable global here: atomic, and never
 * tied to a particular VM. */
static _Atomic uint32_t next_version = 1;

static uint32_t fresh_version(void)
{
    uint32_t v = atomic_fetch_add_explicit(&next_version, 1, memory_order_relaxed);
    return v ? v : atomic_fetch_add_explicit(&next_version, 1, memory_order_relaxed);
}

void tl_type_modified(TlType *t)
{
    atomic_store_explicit(&t->version, fresh_version(), memory_order_release);
    TlVal subs = t->subclasses;
    if (!subs)
        return;
    TlList *l = TL_LIST(subs);
    for (size_t i = 0; i < l->len; i++)
        tl_type_modified(TL_TYPE(l->items[i]));
}

/* --------------------------------------------------------- method cache */

#define MC_SIZE 64

typedef struct McEntry {
    _Atomic uint64_t tag;    /* version << 32 | write sequence (odd: busy) */
    _Atomic TlVal name;
    _Atomic TlVal value;     /* TL_NULL: cached absence */
} McEntry;

static TlVal lookup_slow(TlType *t, TlVal name)
{
    TlVal mro = t->mro;
    if (!mro) {
        for (; t; t = t->base) {
            TlVal v = t->dict ? tl_dict_get_str(t->dict, name) : TL_NULL;
            if (v)
                return v;
        }
        return TL_NULL;
    }
    TlTuple *m = TL_TUPLE(mro);
    for (size_t i = 0; i < m->len; i++) {
        TlVal d = TL_TYPE(m->items[i])->dict;
        TlVal v = d ? tl_dict_get_str(d, name) : TL_NULL;
        if (v)
            return v;
    }
    return TL_NULL;
}

static McEntry *mc_get(TlType *t)
{
    McEntry *mc = atomic_load_explicit(&t->mcache, memory_order_acquire);
    if (mc)
        return mc;
    McEntry *fresh = calloc(MC_SIZE, sizeof *fresh);
    if (!fresh)
        return NULL;
    void *expect = NULL;
    if (atomic_compare_exchange_strong(&t->mcache, &expect, fresh))
        return fresh;
    free(fresh);
    return expect;
}

TlVal tl_type_lookup(TlType *t, TlVal name)
{
    size_t h = (size_t)tl_str_hash(name);
    if (!TL_STR(name)->interned)
        return lookup_slow(t, name);
    McEntry *mc = mc_get(t);
    if (!mc)
        return lookup_slow(t, name);
    uint64_t ver = atomic_load_explicit(&t->version, memory_order_acquire);
    McEntry *e = &mc[(h ^ (h >> 9)) & (MC_SIZE - 1)];
    uint64_t t1 = atomic_load_explicit(&e->tag, memory_order_acquire);
    if ((t1 >> 32) == ver && !(t1 & 1)) {
        TlVal n = atomic_load_explicit(&e->name, memory_order_relaxed);
        TlVal v = atomic_load_explicit(&e->value, memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        if (n == name && atomic_load_explicit(&e->tag, memory_order_relaxed) == t1)
            return v;
    }
    TlVal v = lookup_slow(t, name);
    if (!(t1 & 1) && atomic_compare_exchange_strong(&e->tag, &t1, t1 + 1)) {
        atomic_store_explicit(&e->name, name, memory_order_relaxed);
        atomic_store_explicit(&e->value, v, memory_order_relaxed);
        uint64_t seq = (t1 + 2) & 0xffffffffu;
        atomic_store_explicit(&e->tag, ver << 32 | seq, memory_order_release);
    }
    return v;
}

/* ------------------------------------------------------------- layout */

TlType *tl_static_base(TlType *t)
{
    while (t->flags & TL_TF_HEAP)
        t = t->base;
    return t;
}

/* Start of the TlVals a class appends to a variable-size builtin. */
static size_t var_extras(TlObj *o, TlType *sb)
{
    size_t off, n;
    if (sb == &tl_tuple_type) {
        off = offsetof(TlTuple, items);
        n = ((TlTuple *)o)->len * sizeof(TlVal);
    } else if (sb == &tl_str_type) {
        off = offsetof(TlStr, data);
        n = ((TlStr *)o)->len + 1;
    } else if (sb == &tl_bytes_type) {
        off = offsetof(TlBytes, data);
        n = ((TlBytes *)o)->len + 1;
    } else {
        intptr_t s = ((TlInt *)o)->size;
        off = offsetof(TlInt, d);
        n = (size_t)(s < 0 ? -s : s) * sizeof(uint32_t);
    }
    size_t end = (off + n + 7) & ~(size_t)7;
    return end > sb->size ? end : sb->size;
}

static bool is_var_base(TlType *sb)
{
    return sb == &tl_tuple_type || sb == &tl_str_type || sb == &tl_bytes_type ||
           sb == &tl_int_type;
}

void *tl_alloc_var(TlThread *th, TlType *t, size_t varbytes)
{
    TlType *sb = tl_static_base(t);
    size_t extra = t->size - sb->size;
    size_t base = sb->size + varbytes;
    if (extra)
        base = (base + 7) & ~(size_t)7;
    return tl_alloc(th, t, base + extra);
}

TlVal *tl_instance_dict_ptr(TlVal obj)
{
    if (tl_is_small(obj))
        return NULL;
    TlObj *o = tl_obj(obj);
    TlType *t = o->type;
    if (!t->dictoffset)
        return NULL;
    if (t->flags & TL_TF_VARDICT)
        return (TlVal *)((char *)o + var_extras(o, tl_static_base(t)));
    return (TlVal *)((char *)o + t->dictoffset);
}

/* Mark function of every class instance: the builtin part, then the
 * appended TlVals (dict and __slots__). */
static void heap_mark(TlGC *gc, TlObj *o)
{
    TlType *t = o->type;
    TlType *sb = tl_static_base(t);
    if (sb->mark)
        sb->mark(gc, o);
    size_t off = (t->flags & TL_TF_VARDICT) ? var_extras(o, sb) : sb->size;
    tl_mark_array(gc, (TlVal *)((char *)o + off), (t->size - sb->size) / sizeof(TlVal));
}

/* ------------------------------------------------------------ natives */

enum { METH_SLOT = 1 << 4 };   /* private TlNative flag: a slot wrapper */

static TlNative *native_alloc(TlThread *th, const char *name, TlNativeFn fn,
                              int flags, TlType *owner, TlVal self)
{
    TlNative *n = tl_alloc(th, &tl_native_type, sizeof(TlNative));
    if (!n)
        return NULL;
    n->name = name;
    n->fn = fn;
    n->flags = flags;
    n->owner = owner;
    n->self = self;
    return n;
}

TlVal tl_native_new(TlThread *th, const char *name, TlNativeFn fn, TlVal self)
{
    return tl_val(native_alloc(th, name, fn, TL_METH_STATIC, NULL, self));
}

static void native_mark(TlGC *gc, TlObj *o)
{
    TlNative *n = (TlNative *)o;
    tl_mark(gc, n->self);
    if (n->owner)
        tl_mark_obj(gc, &n->owner->ob);
}

/* A bound native: fn with `self` in front of the arguments. */
static TlVal call_with_self(TlThread *th, TlNativeFn fn, TlVal self, TlVal *args, int nargs,
                            TlVal kw)
{
    size_t total = (size_t)nargs + (kw ? TL_TUPLE(kw)->len : 0);
    TlVal small[8], *buf = small;
    if (total + 1 > 8) {
        buf = malloc((total + 1) * sizeof(TlVal));
        if (!buf)
            return tl_raise_nomem(th);
    }
    buf[0] = self;
    if (total)
        memcpy(buf + 1, args, total * sizeof(TlVal));
    TlVal r = fn(th, buf, nargs + 1, kw);
    if (buf != small)
        free(buf);
    return r;
}

static TlVal native_call(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    TlNative *n = (TlNative *)tl_obj(self);
    if (!n->owner || (n->flags & 3) == TL_METH_STATIC)
        return n->fn(th, args, nargs, kw);
    if (n->self)
        return call_with_self(th, n->fn, n->self, args, nargs, kw);
    if ((n->flags & 3) == TL_METH_INSTANCE) {
        if (nargs < 1)
            return tl_raise(th, &tl_TypeError, "unbound method %s.%s() needs an argument",
                            n->owner->cname, n->name);
        if (!tl_subtype(tl_type(args[0]), n->owner))
            return tl_raise(th, &tl_TypeError,
                            "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                            n->name, n->owner->cname, tl_type_name(args[0]));
    }
    return n->fn(th, args, nargs, kw);
}

static TlVal native_bind(TlThread *th, TlVal descr, TlVal obj, TlVal type)
{
    TlNative *n = (TlNative *)tl_obj(descr);
    if (!n->owner || n->self || (n->flags & 3) == TL_METH_STATIC)
        return descr;
    if ((n->flags & 3) == TL_METH_CLASS) {
        TlVal cls = type ? type : tl_val(tl_type(obj));
        return tl_val(native_alloc(th, n->name, n->fn, n->flags, n->owner, cls));
    }
    if (!obj)
        return descr;
    return tl_val(native_alloc(th, n->name, n->fn, n->flags, n->owner, obj));
}

static TlVal native_repr(TlThread *th, TlVal self)
{
    TlNative *n = (TlNative *)tl_obj(self);
    if (!n->owner || (!n->self && (n->flags & 3) == TL_METH_STATIC) ||
        (n->self && tl_is_exact(n->self, &tl_module_type)))
        return tl_str_fmt(th, "<built-in function %s>", n->name);
    char addr[32];
    if (!n->self)
        return tl_str_fmt(th, "<%s '%s' of '%s' objects>",
                          (n->flags & METH_SLOT) ? "slot wrapper" : "method", n->name,
                          n->owner->cname);
    snprintf(addr, sizeof addr, "%p", (void *)tl_obj(n->self));
    if (n->flags & METH_SLOT)
        return tl_str_fmt(th, "<method-wrapper '%s' of %s object at %s>", n->name,
                          tl_type_name(n->self), addr);
    if (tl_is_type(n->self))
        return tl_str_fmt(th, "<built-in method %s of type object at %s>", n->name, addr);
    return tl_str_fmt(th, "<built-in method %s of %s object at %s>", n->name,
                      tl_type_name(n->self), addr);
}

static TlVal native_name(TlThread *th, TlVal self)
{
    return tl_str_cstr(th, ((TlNative *)tl_obj(self))->name);
}

static TlVal native_qualname(TlThread *th, TlVal self)
{
    TlNative *n = (TlNative *)tl_obj(self);
    if (!n->owner)
        return tl_str_cstr(th, n->name);
    return tl_str_fmt(th, "%s.%s", n->owner->cname, n->name);
}

static TlVal native_self(TlThread *th, TlVal self)
{
    (void)th;
    TlNative *n = (TlNative *)tl_obj(self);
    return n->self ? n->self : TL_NONE;
}

static TlVal none_getter(TlThread *th, TlVal self)
{
    (void)th, (void)self;
    return TL_NONE;
}

static const TlGetSetDef native_getsets[] = {
    {"__name__", native_name, NULL},
    {"__qualname__", native_qualname, NULL},
    {"__self__", native_self, NULL},
    {"__doc__", none_getter, NULL},
    {"__text_signature__", none_getter, NULL},
    {NULL, NULL, NULL},
};

TlType tl_native_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "builtin_function_or_method",
    .size = sizeof(TlNative),
    .mark = native_mark,
    .call = native_call,
    .repr = native_repr,
    .descr_get = native_bind,
    .getsets = native_getsets,
};

/* ------------------------------------------------------- bound methods */

TlVal tl_method_new(TlThread *th, TlVal func, TlVal self)
{
    TlMethod *m = tl_alloc(th, &tl_method_type, sizeof(TlMethod));
    if (!m)
        return TL_NULL;
    m->func = func;
    m->self = self;
    return tl_val(m);
}

static void method_mark(TlGC *gc, TlObj *o)
{
    TlMethod *m = (TlMethod *)o;
    tl_mark(gc, m->func);
    tl_mark(gc, m->self);
}

static TlVal method_call(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    TlMethod *m = (TlMethod *)tl_obj(self);
    return tl_call_self(th, m->func, m->self, args, nargs, kw);
}

/* Attributes the method itself lacks come from the function (__name__,
 * __doc__, __qualname__ ...), as in CPython. */
static TlVal method_getattro(TlThread *th, TlVal self, TlVal name)
{
    TlVal descr = tl_type_lookup(&tl_method_type, name);
    if (descr)
        return tl_bind(th, descr, self, &tl_method_type);
    return tl_getattr(th, ((TlMethod *)tl_obj(self))->func, name);
}

static TlVal method_repr(TlThread *th, TlVal self)
{
    TlMethod *m = (TlMethod *)tl_obj(self);
    TlVal name = tl_getattr_opt(th, m->func, TLN(__qualname__));
    if (!name && !th->exc)
        name = tl_getattr_opt(th, m->func, TLN(__name__));
    if (th->exc)
        return TL_NULL;
    if (!name || !tl_is_str(name))
        name = tl_str_cstr(th, "?");
    return tl_str_fmt(th, "<bound method %S of %R>", name, m->self);
}

static TlVal method_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if ((op != TL_EQ && op != TL_NE) || !tl_is_exact(b, &tl_method_type))
        return TL_NOTIMPL;
    TlMethod *x = (TlMethod *)tl_obj(a), *y = (TlMethod *)tl_obj(b);
    int eq = x->self == y->self ? tl_eq(th, x->func, y->func) : 0;
    if (eq < 0)
        return TL_NULL;
    return tl_bool(op == TL_EQ ? eq : !eq);
}

static TlHash method_hash(TlThread *th, TlVal self)
{
    TlMethod *m = (TlMethod *)tl_obj(self);
    TlHash h = tl_hash(th, m->func);
    if (h == -1)
        return -1;
    h ^= (TlHash)((uintptr_t)m->self >> 4);
    return h == -1 ? -2 : h;
}

static TlVal method_func(TlThread *th, TlVal self)
{
    (void)th;
    return ((TlMethod *)tl_obj(self))->func;
}

static TlVal method_self(TlThread *th, TlVal self)
{
    (void)th;
    return ((TlMethod *)tl_obj(self))->self;
}

static const TlGetSetDef method_getsets[] = {
    {"__func__", method_func, NULL},
    {"__self__", method_self, NULL},
    {NULL, NULL, NULL},
};

TlType tl_method_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "method",
    .size = sizeof(TlMethod),
    .mark = method_mark,
    .call = method_call,
    .repr = method_repr,
    .richcmp = method_richcmp,
    .hash = method_hash,
    .getattr = method_getattro,
    .getsets = method_getsets,
};

/* ------------------------------------------------------- slot wrappers */

/* Each published slot dunder is a native calling its receiver's C slot.
 * The receiver's type is a subtype of the publishing type (native_call
 * checks), and heap types copy their builtin base's slots, so the slot
 * reached is the builtin implementation. */
static bool wcheck(TlThread *th, int nargs, TlVal kw, int want)
{
    if (kw && TL_TUPLE(kw)->len) {
        tl_raise(th, &tl_TypeError, "wrapper takes no keyword arguments");
        return false;
    }
    if (nargs - 1 != want) {
        tl_raise(th, &tl_TypeError, "expected %d argument%s, got %d", want,
                 want == 1 ? "" : "s", nargs - 1);
        return false;
    }
    return true;
}

static TlVal noslot(TlThread *th, TlVal self)
{
    return tl_raise(th, &tl_TypeError, "'%s' object does not support this operation",
                    tl_type_name(self));
}

#define SLOT_OR_FAIL(slot)                   \
    TlType *tp = tl_type(a[0]);               \
    if (!tp->slot)                            \
        return noslot(th, a[0]);

static TlVal int_result(TlThread *th, int64_t v)
{
    return v == -1 && th->exc ? TL_NULL : tl_int_from_i64(th, v);
}

static TlVal w_repr(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 0)) return TL_NULL;
    SLOT_OR_FAIL(repr)
    return tp->repr(th, a[0]);
}

static TlVal w_str(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 0)) return TL_NULL;
    SLOT_OR_FAIL(str)
    return tp->str(th, a[0]);
}

static TlVal w_hash(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 0)) return TL_NULL;
    SLOT_OR_FAIL(hash)
    return int_result(th, tp->hash(th, a[0]));
}

static TlVal w_call(TlThread *th, TlVal *a, int n, TlVal kw)
{
    SLOT_OR_FAIL(call)
    return tp->call(th, a[0], a + 1, n - 1, kw);
}

static TlVal wcmp(TlThread *th, TlVal *a, int n, TlVal kw, TlCmpOp op)
{
    if (!wcheck(th, n, kw, 1)) return TL_NULL;
    TlType *tp = tl_type(a[0]);
    return tp->richcmp ? tp->richcmp(th, a[0], a[1], op) : TL_NOTIMPL;
}

#define CMPW(fn, op) \
    static TlVal fn(TlThread *th, TlVal *a, int n, TlVal kw) { return wcmp(th, a, n, kw, op); }
CMPW(w_lt, TL_LT) CMPW(w_le, TL_LE) CMPW(w_eq, TL_EQ)
CMPW(w_ne, TL_NE) CMPW(w_gt, TL_GT) CMPW(w_ge, TL_GE)

static TlVal wbin(TlThread *th, TlVal *a, int n, TlVal kw, TlBinOp op, bool rev)
{
    if (!wcheck(th, n, kw, 1)) return TL_NULL;
    TlType *tp = tl_type(a[0]);
    if (!tp->binop)
        return TL_NOTIMPL;
    return rev ? tp->binop(th, op, a[1], a[0]) : tp->binop(th, op, a[0], a[1]);
}

#define BINW(op, f, r)                                                                   \
    static TlVal w_##f(TlThread *th, TlVal *a, int n, TlVal kw) { return wbin(th, a, n, kw, op, false); } \
    static TlVal w_##r(TlThread *th, TlVal *a, int n, TlVal kw) { return wbin(th, a, n, kw, op, true); }
BINW(TL_OP_ADD, add, radd) BINW(TL_OP_SUB, sub, rsub) BINW(TL_OP_MUL, mul, rmul)
BINW(TL_OP_MATMUL, matmul, rmatmul) BINW(TL_OP_TRUEDIV, truediv, rtruediv)
BINW(TL_OP_FLOORDIV, floordiv, rfloordiv) BINW(TL_OP_MOD, mod, rmod)
BINW(TL_OP_POW, pow, rpow) BINW(TL_OP_LSHIFT, lshift, rlshift)
BINW(TL_OP_RSHIFT, rshift, rrshift) BINW(TL_OP_AND, and, rand) BINW(TL_OP_OR, or, ror)
BINW(TL_OP_XOR, xor, rxor)

static TlVal wun(TlThread *th, TlVal *a, int n, TlVal kw, TlUnOp op)
{
    if (!wcheck(th, n, kw, 0)) return TL_NULL;
    SLOT_OR_FAIL(unop)
    return tp->unop(th, op, a[0]);
}

static TlVal w_neg(TlThread *th, TlVal *a, int n, TlVal kw) { return wun(th, a, n, kw, TL_UOP_NEG); }
static TlVal w_pos(TlThread *th, TlVal *a, int n, TlVal kw) { return wun(th, a, n, kw, TL_UOP_POS); }
static TlVal w_invert(TlThread *th, TlVal *a, int n, TlVal kw) { return wun(th, a, n, kw, TL_UOP_INVERT); }

static TlVal w_bool(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 0)) return TL_NULL;
    SLOT_OR_FAIL(truthy)
    int r = tp->truthy(th, a[0]);
    return r < 0 ? TL_NULL : tl_bool(r);
}

static TlVal w_len(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 0)) return TL_NULL;
    SLOT_OR_FAIL(len)
    return int_result(th, tp->len(th, a[0]));
}

static TlVal w_getitem(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 1)) return TL_NULL;
    SLOT_OR_FAIL(getitem)
    return tp->getitem(th, a[0], a[1]);
}

static TlVal w_setitem(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 2)) return TL_NULL;
    SLOT_OR_FAIL(setitem)
    return tp->setitem(th, a[0], a[1], a[2]) < 0 ? TL_NULL : TL_NONE;
}

static TlVal w_delitem(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 1)) return TL_NULL;
    SLOT_OR_FAIL(setitem)
    return tp->setitem(th, a[0], a[1], TL_NULL) < 0 ? TL_NULL : TL_NONE;
}

static TlVal w_contains(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 1)) return TL_NULL;
    SLOT_OR_FAIL(contains)
    int r = tp->contains(th, a[0], a[1]);
    return r < 0 ? TL_NULL : tl_bool(r);
}

static TlVal w_iter(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 0)) return TL_NULL;
    SLOT_OR_FAIL(iter)
    return tp->iter(th, a[0]);
}

static TlVal w_next(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 0)) return TL_NULL;
    SLOT_OR_FAIL(iternext)
    TlVal r = tp->iternext(th, a[0]);
    if (!r && !th->exc)
        tl_raise(th, &tl_StopIteration, NULL);
    return r;
}

static bool name_arg(TlThread *th, TlVal name)
{
    if (tl_is_str(name))
        return true;
    tl_raise(th, &tl_TypeError, "attribute name must be string, not '%s'", tl_type_name(name));
    return false;
}

static TlVal w_getattribute(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 1) || !name_arg(th, a[1])) return TL_NULL;
    TlType *tp = tl_type(a[0]);
    return tp->getattr ? tp->getattr(th, a[0], a[1]) : tl_generic_getattr(th, a[0], a[1]);
}

static TlVal w_setattr(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 2) || !name_arg(th, a[1])) return TL_NULL;
    TlType *tp = tl_type(a[0]);
    int r = tp->setattr ? tp->setattr(th, a[0], a[1], a[2])
                        : tl_generic_setattr(th, a[0], a[1], a[2]);
    return r < 0 ? TL_NULL : TL_NONE;
}

static TlVal w_delattr(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 1) || !name_arg(th, a[1])) return TL_NULL;
    TlType *tp = tl_type(a[0]);
    int r = tp->setattr ? tp->setattr(th, a[0], a[1], TL_NULL)
                        : tl_generic_setattr(th, a[0], a[1], TL_NULL);
    return r < 0 ? TL_NULL : TL_NONE;
}

static TlVal w_get(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (kw && TL_TUPLE(kw)->len)
        return tl_raise(th, &tl_TypeError, "wrapper takes no keyword arguments");
    if (n < 2 || n > 3)
        return tl_raise(th, &tl_TypeError, "expected 1 or 2 arguments, got %d", n - 1);
    SLOT_OR_FAIL(descr_get)
    TlVal obj = a[1] == TL_NONE ? TL_NULL : a[1];
    TlVal type = n == 3 && a[2] != TL_NONE ? a[2] : TL_NULL;
    if (!obj && !type)
        return tl_raise(th, &tl_TypeError, "__get__(None, None) is invalid");
    return tp->descr_get(th, a[0], obj, type);
}

static TlVal w_set(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 2)) return TL_NULL;
    SLOT_OR_FAIL(descr_set)
    return tp->descr_set(th, a[0], a[1], a[2]) < 0 ? TL_NULL : TL_NONE;
}

static TlVal w_delete(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (!wcheck(th, n, kw, 1)) return TL_NULL;
    SLOT_OR_FAIL(descr_set)
    return tp->descr_set(th, a[0], a[1], TL_NULL) < 0 ? TL_NULL : TL_NONE;
}

static TlVal w_init(TlThread *th, TlVal *a, int n, TlVal kw)
{
    SLOT_OR_FAIL(tp_init)
    return tp->tp_init(th, a[0], a + 1, n - 1, kw) < 0 ? TL_NULL : TL_NONE;
}

/* T.__new__ is published bound to T (as CPython's builtin method), so
 * args[0] is T and args[1] the class to instantiate. */
static TlVal w_new(TlThread *th, TlVal *a, int n, TlVal kw)
{
    TlType *owner = TL_TYPE(a[0]);
    if (n < 2)
        return tl_raise(th, &tl_TypeError, "%s.__new__(): not enough arguments", owner->cname);
    if (!tl_is_type(a[1]))
        return tl_raise(th, &tl_TypeError, "%s.__new__(X): X is not a type object (%s)",
                        owner->cname, tl_type_name(a[1]));
    TlType *t = TL_TYPE(a[1]);
    if (!tl_subtype(t, owner))
        return tl_raise(th, &tl_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                        owner->cname, t->cname, t->cname, owner->cname);
    TlType *sb = tl_static_base(t);
    if (sb->tp_new != owner->tp_new)
        return tl_raise(th, &tl_TypeError, "%s.__new__(%s) is not safe, use %s.__new__()",
                        owner->cname, t->cname, sb->cname);
    return owner->tp_new(th, t, a + 2, n - 2, kw);
}

typedef void (*AnyFn)(void);

typedef struct SlotDef {
    const char *name;
    size_t offset;             /* of the slot in TlType */
    TlNativeFn wrap;
} SlotDef;

#define SD(name, slot, wrap) {name, offsetof(TlType, slot), wrap}
static const SlotDef slotdefs[] = {
    SD("__repr__", repr, w_repr), SD("__str__", str, w_str), SD("__hash__", hash, w_hash),
    SD("__call__", call, w_call),
    SD("__lt__", richcmp, w_lt), SD("__le__", richcmp, w_le), SD("__eq__", richcmp, w_eq),
    SD("__ne__", richcmp, w_ne), SD("__gt__", richcmp, w_gt), SD("__ge__", richcmp, w_ge),
    SD("__add__", binop, w_add), SD("__radd__", binop, w_radd),
    SD("__sub__", binop, w_sub), SD("__rsub__", binop, w_rsub),
    SD("__mul__", binop, w_mul), SD("__rmul__", binop, w_rmul),
    SD("__matmul__", binop, w_matmul), SD("__rmatmul__", binop, w_rmatmul),
    SD("__truediv__", binop, w_truediv), SD("__rtruediv__", binop, w_rtruediv),
    SD("__floordiv__", binop, w_floordiv), SD("__rfloordiv__", binop, w_rfloordiv),
    SD("__mod__", binop, w_mod), SD("__rmod__", binop, w_rmod),
    SD("__pow__", binop, w_pow), SD("__rpow__", binop, w_rpow),
    SD("__lshift__", binop, w_lshift), SD("__rlshift__", binop, w_rlshift),
    SD("__rshift__", binop, w_rshift), SD("__rrshift__", binop, w_rrshift),
    SD("__and__", binop, w_and), SD("__rand__", binop, w_rand),
    SD("__or__", binop, w_or), SD("__ror__", binop, w_ror),
    SD("__xor__", binop, w_xor), SD("__rxor__", binop, w_rxor),
    SD("__neg__", unop, w_neg), SD("__pos__", unop, w_pos), SD("__invert__", unop, w_invert),
    SD("__bool__", truthy, w_bool), SD("__len__", len, w_len),
    SD("__getitem__", getitem, w_getitem), SD("__setitem__", setitem, w_setitem),
    SD("__delitem__", setitem, w_delitem), SD("__contains__", contains, w_contains),
    SD("__iter__", iter, w_iter), SD("__next__", iternext, w_next),
    SD("__getattribute__", getattr, w_getattribute), SD("__setattr__", setattr, w_setattr),
    SD("__delattr__", setattr, w_delattr),
    SD("__get__", descr_get, w_get), SD("__set__", descr_set, w_set),
    SD("__delete__", descr_set, w_delete),
    SD("__init__", tp_init, w_init), SD("__new__", tp_new, w_new),
};
#undef SD

static AnyFn slot_at(const TlType *t, size_t off)
{
    AnyFn f;
    memcpy(&f, (const char *)t + off, sizeof f);
    return f;
}

static void slot_put(TlType *t, size_t off, AnyFn f)
{
    memcpy((char *)t + off, &f, sizeof f);
}

/* Is v the native published for `wrap` (a slot wrapper)? */
static bool is_wrapper(TlVal v, TlNativeFn wrap)
{
    return v && tl_is_exact(v, &tl_native_type) && ((TlNative *)tl_obj(v))->fn == wrap;
}

/* ------------------------------------------------- getset and members */

typedef struct GetSet {
    TlObj ob;
    const TlGetSetDef *def;
    TlType *owner;
} GetSet;

/* __slots__ entries and the extra fields of some exceptions. */
typedef struct Member {
    TlObj ob;
    TlVal name;
    TlType *owner;
    size_t offset;
} Member;

static TlType member_type;

static void getset_mark(TlGC *gc, TlObj *o)
{
    tl_mark_obj(gc, &((GetSet *)o)->owner->ob);
}

static bool descr_check(TlThread *th, TlType *owner, const char *name, TlVal obj)
{
    if (tl_subtype(tl_type(obj), owner))
        return true;
    tl_raise(th, &tl_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
             name, owner->cname, tl_type_name(obj));
    return false;
}

static TlVal getset_get(TlThread *th, TlVal descr, TlVal obj, TlVal type)
{
    (void)type;
    GetSet *g = (GetSet *)tl_obj(descr);
    if (!obj)
        return descr;
    if (!descr_check(th, g->owner, g->def->name, obj))
        return TL_NULL;
    return g->def->get(th, obj);
}

static int getset_set(TlThread *th, TlVal descr, TlVal obj, TlVal value)
{
    GetSet *g = (GetSet *)tl_obj(descr);
    if (!descr_check(th, g->owner, g->def->name, obj))
        return -1;
    if (!g->def->set) {
        tl_raise(th, &tl_AttributeError, "attribute '%s' of '%s' objects is not writable",
                 g->def->name, g->owner->cname);
        return -1;
    }
    return g->def->set(th, obj, value);
}

static TlVal getset_repr(TlThread *th, TlVal self)
{
    GetSet *g = (GetSet *)tl_obj(self);
    return tl_str_fmt(th, "<attribute '%s' of '%s' objects>", g->def->name,
                      g->owner->cname);
}

TlType tl_getset_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "getset_descriptor",
    .size = sizeof(GetSet),
    .mark = getset_mark,
    .repr = getset_repr,
    .descr_get = getset_get,
    .descr_set = getset_set,
};

static TlVal getset_new(TlThread *th, TlType *owner, const TlGetSetDef *def)
{
    GetSet *g = tl_alloc(th, &tl_getset_type, sizeof(GetSet));
    if (!g)
        return TL_NULL;
    g->def = def;
    g->owner = owner;
    return tl_val(g);
}

static void member_mark(TlGC *gc, TlObj *o)
{
    Member *m = (Member *)o;
    tl_mark(gc, m->name);
    tl_mark_obj(gc, &m->owner->ob);
}

static TlVal member_get(TlThread *th, TlVal descr, TlVal obj, TlVal type)
{
    (void)type;
    Member *m = (Member *)tl_obj(descr);
    if (!obj)
        return descr;
    if (!descr_check(th, m->owner, tl_cstr(m->name), obj))
        return TL_NULL;
    TlVal v = *(TlVal *)((char *)tl_obj(obj) + m->offset);
    if (!v)
        return tl_raise(th, &tl_AttributeError, "'%s' object has no attribute '%s'",
                        tl_type_name(obj), tl_cstr(m->name));
    return v;
}

static int member_set(TlThread *th, TlVal descr, TlVal obj, TlVal value)
{
    Member *m = (Member *)tl_obj(descr);
    if (!descr_check(th, m->owner, tl_cstr(m->name), obj))
        return -1;
    TlVal *slot = (TlVal *)((char *)tl_obj(obj) + m->offset);
    if (!value && !*slot) {
        tl_raise(th, &tl_AttributeError, "%s", tl_cstr(m->name));
        return -1;
    }
    *slot = value;
    return 0;
}

static TlVal member_repr(TlThread *th, TlVal self)
{
    Member *m = (Member *)tl_obj(self);
    return tl_str_fmt(th, "<member '%s' of '%s' objects>", tl_cstr(m->name),
                      m->owner->cname);
}

static TlType member_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "member_descriptor",
    .size = sizeof(Member),
    .mark = member_mark,
    .repr = member_repr,
    .descr_get = member_get,
    .descr_set = member_set,
};

/* A TlVal field at `offset` of t's instances, as attribute `name` (exc.c
 * uses this for the extra fields of OSError, SyntaxError ...). */
int tl_type_add_member(TlThread *th, TlType *t, const char *name, size_t offset)
{
    Member *m = tl_alloc(th, &member_type, sizeof(Member));
    if (!m)
        return -1;
    m->name = tl_intern_cstr(th, name);
    m->owner = t;
    m->offset = offset;
    return m->name ? tl_dict_set(th, t->dict, m->name, tl_val(m)) : -1;
}

size_t tl_member_offset(TlVal descr)
{
    return tl_is_exact(descr, &member_type) ? ((Member *)tl_obj(descr))->offset : 0;
}

/* ------------------------------------------------------------ property */

typedef struct Property {
    TlObj ob;
    TlVal fget, fset, fdel, doc, name;
} Property;

static void property_mark(TlGC *gc, TlObj *o)
{
    Property *p = (Property *)o;
    tl_mark(gc, p->fget);
    tl_mark(gc, p->fset);
    tl_mark(gc, p->fdel);
    tl_mark(gc, p->doc);
    tl_mark(gc, p->name);
}

static TlVal none_to_null(TlVal v) { return v == TL_NONE ? TL_NULL : v; }

static TlVal property_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args, (void)nargs, (void)kw;
    return tl_val(tl_alloc(th, t, t->size));
}

static int property_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"fget", "fset", "fdel", "doc", NULL};
    TlVal a[4];
    if (tl_args(th, "property", args, nargs, kw, kwlist, 0, 4, a) < 0)
        return -1;
    Property *p = (Property *)tl_obj(self);
    p->fget = none_to_null(a[0]);
    p->fset = none_to_null(a[1]);
    p->fdel = none_to_null(a[2]);
    p->doc = none_to_null(a[3]);
    if (!p->doc && p->fget) {
        p->doc = tl_getattr_opt(th, p->fget, TLN(__doc__));
        if (th->exc)
            return -1;
    }
    return 0;
}

/* "property 'x' " for messages (the name given by __set_name__ or the
 * getter's __name__), or just "property " when there is none. */
static TlVal property_label(TlThread *th, Property *p)
{
    TlVal n = p->name;
    TlVal f = p->fget ? p->fget : p->fset ? p->fset : p->fdel;
    if (!n && f) {
        n = tl_getattr_opt(th, f, TLN(__name__));
        if (th->exc)
            tl_exc_clear(th);
    }
    return n && tl_is_str(n) ? tl_str_fmt(th, "property %R ", n) : tl_str_cstr(th, "property ");
}

static TlVal property_get(TlThread *th, TlVal descr, TlVal obj, TlVal type)
{
    (void)type;
    Property *p = (Property *)tl_obj(descr);
    if (!obj || obj == TL_NONE)
        return descr;
    if (!p->fget)
        return tl_raise(th, &tl_AttributeError, "%Sof '%s' object has no getter",
                        property_label(th, p), tl_type_name(obj));
    return tl_call1(th, p->fget, obj);
}

static int property_set(TlThread *th, TlVal descr, TlVal obj, TlVal value)
{
    Property *p = (Property *)tl_obj(descr);
    TlVal f = value ? p->fset : p->fdel;
    if (!f) {
        tl_raise(th, &tl_AttributeError, "%Sof '%s' object has no %s", property_label(th, p),
                 tl_type_name(obj), value ? "setter" : "deleter");
        return -1;
    }
    TlVal r = value ? tl_call2(th, f, obj, value) : tl_call1(th, f, obj);
    return r ? 0 : -1;
}

/* getter/setter/deleter: a copy with one accessor replaced. */
static TlVal property_copy(TlThread *th, TlVal self, int which, TlVal f)
{
    Property *p = (Property *)tl_obj(self);
    TlType *t = tl_type(self);
    Property *q = tl_alloc(th, t, t->size);
    if (!q)
        return TL_NULL;
    q->fget = p->fget;
    q->fset = p->fset;
    q->fdel = p->fdel;
    q->doc = p->doc;
    q->name = p->name;
    TlVal *slot = which == 0 ? &q->fget : which == 1 ? &q->fset : &q->fdel;
    *slot = none_to_null(f);
    return tl_val(q);
}

static TlVal property_getter(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "property.getter", n, kw, 2, 2) < 0) return TL_NULL;
    return property_copy(th, a[0], 0, a[1]);
}

static TlVal property_setter(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "property.setter", n, kw, 2, 2) < 0) return TL_NULL;
    return property_copy(th, a[0], 1, a[1]);
}

static TlVal property_deleter(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "property.deleter", n, kw, 2, 2) < 0) return TL_NULL;
    return property_copy(th, a[0], 2, a[1]);
}

static TlVal property_set_name(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "__set_name__", n, kw, 3, 3) < 0) return TL_NULL;
    ((Property *)tl_obj(a[0]))->name = a[2];
    return TL_NONE;
}

#define PROP_FIELD(fn, field)                                  \
    static TlVal fn(TlThread *th, TlVal self)                  \
    {                                                          \
        (void)th;                                              \
        TlVal v = ((Property *)tl_obj(self))->field;           \
        return v ? v : TL_NONE;                                \
    }
PROP_FIELD(prop_fget, fget) PROP_FIELD(prop_fset, fset) PROP_FIELD(prop_fdel, fdel)
PROP_FIELD(prop_doc, doc)

static int prop_set_doc(TlThread *th, TlVal self, TlVal v)
{
    (void)th;
    ((Property *)tl_obj(self))->doc = v;
    return 0;
}

static const TlMethodDef property_methods[] = {
    {"getter", property_getter, TL_METH_INSTANCE},
    {"setter", property_setter, TL_METH_INSTANCE},
    {"deleter", property_deleter, TL_METH_INSTANCE},
    {"__set_name__", property_set_name, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlGetSetDef property_getsets[] = {
    {"fget", prop_fget, NULL},
    {"fset", prop_fset, NULL},
    {"fdel", prop_fdel, NULL},
    {"__doc__", prop_doc, prop_set_doc},
    {NULL, NULL, NULL},
};

TlType tl_property_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "property",
    .size = sizeof(Property),
    .flags = TL_TF_BASETYPE,
    .mark = property_mark,
    .tp_new = property_new,
    .tp_init = property_init,
    .descr_get = property_get,
    .descr_set = property_set,
    .methods = property_methods,
    .getsets = property_getsets,
};

/* ------------------------------------------- staticmethod, classmethod */

typedef struct FuncWrap {
    TlObj ob;
    TlVal func;
    TlVal dict;
} FuncWrap;

static void funcwrap_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((FuncWrap *)o)->func);
    tl_mark(gc, ((FuncWrap *)o)->dict);
}

static TlVal funcwrap_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args, (void)nargs, (void)kw;
    return tl_val(tl_alloc(th, t, t->size));
}

static int funcwrap_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (nargs != 1 || (kw && TL_TUPLE(kw)->len)) {
        if (kw && TL_TUPLE(kw)->len)
            tl_raise(th, &tl_TypeError, "%s() takes no keyword arguments", tl_type_name(self));
        else
            tl_raise(th, &tl_TypeError, "%s expected 1 argument, got %d", tl_type_name(self), nargs);
        return -1;
    }
    ((FuncWrap *)tl_obj(self))->func = args[0];
    return 0;
}

static TlVal funcwrap_wrap(TlThread *th, TlType *t, TlVal f)
{
    FuncWrap *w = tl_alloc(th, t, sizeof(FuncWrap));
    if (!w)
        return TL_NULL;
    w->func = f;
    return tl_val(w);
}

static TlVal staticmethod_get(TlThread *th, TlVal descr, TlVal obj, TlVal type)
{
    (void)th, (void)obj, (void)type;
    return ((FuncWrap *)tl_obj(descr))->func;
}

static TlVal staticmethod_call(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    return tl_call(th, ((FuncWrap *)tl_obj(self))->func, args, nargs, kw);
}

static TlVal classmethod_get(TlThread *th, TlVal descr, TlVal obj, TlVal type)
{
    TlVal cls = type ? type : tl_val(tl_type(obj));
    return tl_method_new(th, ((FuncWrap *)tl_obj(descr))->func, cls);
}

static TlVal funcwrap_repr(TlThread *th, TlVal self)
{
    return tl_str_fmt(th, "<%s(%R)>", tl_type_name(self), ((FuncWrap *)tl_obj(self))->func);
}

static TlVal funcwrap_func(TlThread *th, TlVal self)
{
    (void)th;
    return ((FuncWrap *)tl_obj(self))->func;
}

static TlVal funcwrap_doc(TlThread *th, TlVal self)
{
    TlVal d = tl_getattr_opt(th, ((FuncWrap *)tl_obj(self))->func, TLN(__doc__));
    return d ? d : th->exc ? TL_NULL : TL_NONE;
}

static TlVal funcwrap_getdict(TlThread *th, TlVal self)
{
    FuncWrap *w = (FuncWrap *)tl_obj(self);
    if (!w->dict)
        w->dict = tl_dict_new(th);
    return w->dict;
}

static const TlGetSetDef funcwrap_getsets[] = {
    {"__func__", funcwrap_func, NULL},
    {"__wrapped__", funcwrap_func, NULL},
    {"__doc__", funcwrap_doc, NULL},
    {"__dict__", funcwrap_getdict, NULL},
    {NULL, NULL, NULL},
};

TlType tl_staticmethod_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "staticmethod",
    .size = sizeof(FuncWrap),
    .flags = TL_TF_BASETYPE,
    .dictoffset = offsetof(FuncWrap, dict),
    .mark = funcwrap_mark,
    .tp_new = funcwrap_new,
    .tp_init = funcwrap_init,
    .call = staticmethod_call,
    .repr = funcwrap_repr,
    .descr_get = staticmethod_get,
    .getsets = funcwrap_getsets,
};

TlType tl_classmethod_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "classmethod",
    .size = sizeof(FuncWrap),
    .flags = TL_TF_BASETYPE,
    .dictoffset = offsetof(FuncWrap, dict),
    .mark = funcwrap_mark,
    .tp_new = funcwrap_new,
    .tp_init = funcwrap_init,
    .repr = funcwrap_repr,
    .descr_get = classmethod_get,
    .getsets = funcwrap_getsets,
};

/* --------------------------------------------------------------- super */

typedef struct Super {
    TlObj ob;
    TlType *type;              /* start the search after this class */
    TlVal obj;                 /* the bound instance or class, TL_NULL: unbound */
    TlType *objtype;           /* whose MRO is searched */
} Super;

static void super_mark(TlGC *gc, TlObj *o)
{
    Super *s = (Super *)o;
    if (s->type)
        tl_mark_obj(gc, &s->type->ob);
    tl_mark(gc, s->obj);
    if (s->objtype)
        tl_mark_obj(gc, &s->objtype->ob);
}

static TlType *super_check(TlThread *th, TlType *type, TlVal obj)
{
    if (tl_is_type(obj) && tl_subtype(TL_TYPE(obj), type))
        return TL_TYPE(obj);
    if (tl_subtype(tl_type(obj), type))
        return tl_type(obj);
    tl_raise(th, &tl_TypeError, "super(type, obj): obj must be an instance or subtype of type");
    return NULL;
}

static int super_fill(TlThread *th, Super *s, TlVal type, TlVal obj)
{
    if (!tl_is_type(type)) {
        tl_raise(th, &tl_TypeError, "super() argument 1 must be a type, not %s",
                 tl_type_name(type));
        return -1;
    }
    s->type = TL_TYPE(type);
    if (obj && obj != TL_NONE) {
        s->objtype = super_check(th, s->type, obj);
        if (!s->objtype)
            return -1;
        s->obj = obj;
    }
    return 0;
}

TlVal tl_super_new(TlThread *th, TlVal type, TlVal obj)
{
    Super *s = tl_alloc(th, &tl_super_type, sizeof(Super));
    if (!s || super_fill(th, s, type, obj) < 0)
        return TL_NULL;
    return tl_val(s);
}

static TlVal super_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args, (void)nargs, (void)kw;
    return tl_val(tl_alloc(th, t, t->size));
}

static int super_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "super", nargs, kw, 0, 2) < 0)
        return -1;
    if (nargs == 0) {
        tl_raise(th, &tl_RuntimeError, "super(): no arguments");
        return -1;
    }
    return super_fill(th, (Super *)tl_obj(self), args[0], nargs > 1 ? args[1] : TL_NULL);
}

static TlVal super_getattr(TlThread *th, TlVal self, TlVal name)
{
    Super *s = (Super *)tl_obj(self);
    if (s->objtype && !tl_str_eq(name, TLN(__class__))) {
        TlTuple *mro = TL_TUPLE(s->objtype->mro);
        size_t i = 0;
        while (i < mro->len && TL_TYPE(mro->items[i]) != s->type)
            i++;
        tl_str_hash(name);
        for (i++; i < mro->len; i++) {
            TlVal v = tl_dict_get_str(TL_TYPE(mro->items[i])->dict, name);
            if (v) {
                TlVal obj = s->obj == tl_val(s->objtype) ? TL_NULL : s->obj;
                return tl_bind(th, v, obj, s->objtype);
            }
        }
    }
    TlVal r = tl_generic_getattr(th, self, name);
    if (!r && tl_exc_matches(th, &tl_AttributeError)) {
        tl_exc_clear(th);
        tl_raise(th, &tl_AttributeError, "'super' object has no attribute '%s'", tl_cstr(name));
    }
    return r;
}

static TlVal super_repr(TlThread *th, TlVal self)
{
    Super *s = (Super *)tl_obj(self);
    if (s->objtype)
        return tl_str_fmt(th, "<super: <class '%s'>, <%s object>>", s->type->cname,
                          s->objtype->cname);
    return tl_str_fmt(th, "<super: <class '%s'>, NULL>", s->type ? s->type->cname : "?");
}

static TlVal super_thisclass(TlThread *th, TlVal self)
{
    (void)th;
    Super *s = (Super *)tl_obj(self);
    return s->type ? tl_val(s->type) : TL_NONE;
}

static TlVal super_self(TlThread *th, TlVal self)
{
    (void)th;
    Super *s = (Super *)tl_obj(self);
    return s->obj ? s->obj : TL_NONE;
}

static const TlGetSetDef super_getsets[] = {
    {"__thisclass__", super_thisclass, NULL},
    {"__self__", super_self, NULL},
    {NULL, NULL, NULL},
};

TlType tl_super_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "super",
    .size = sizeof(Super),
    .flags = TL_TF_BASETYPE,
    .mark = super_mark,
    .tp_new = super_tp_new,
    .tp_init = super_init,
    .repr = super_repr,
    .getattr = super_getattr,
    .getsets = super_getsets,
};

/* ------------------------------------------------- readying static types */

static const TlGetSetDef dict_slot_getset[1];

static int dict_put(TlThread *th, TlVal d, const char *name, TlVal v, bool replace)
{
    TlVal key = tl_intern_cstr(th, name);
    if (!key || !v)
        return -1;
    if (!replace && tl_dict_get_str(d, key))
        return 0;
    return tl_dict_set(th, d, key, v);
}

static int publish_defs(TlThread *th, TlType *t)
{
    for (const TlMethodDef *m = t->methods; m && m->name; m++) {
        TlNative *n = native_alloc(th, m->name, m->fn, m->flags, t, TL_NULL);
        if (!n || dict_put(th, t->dict, m->name, tl_val(n), true) < 0)
            return -1;
    }
    for (const TlGetSetDef *g = t->getsets; g && g->name; g++)
        if (dict_put(th, t->dict, g->name, getset_new(th, t, g), true) < 0)
            return -1;
    return 0;
}

/* Publish the slots t defines itself (not inherited from its base) as
 * dunders, unless the dict already has the name (an explicit method). */
static int publish_slots(TlThread *th, TlType *t)
{
    TlType *b = t->base;
    for (size_t i = 0; i < sizeof slotdefs / sizeof slotdefs[0]; i++) {
        const SlotDef *sd = &slotdefs[i];
        AnyFn f = slot_at(t, sd->offset);
        if (!f || (b && f == slot_at(b, sd->offset)))
            continue;
        bool is_new = sd->wrap == w_new;
        TlVal v = tl_val(native_alloc(th, sd->name, sd->wrap,
                                      is_new ? TL_METH_CLASS : TL_METH_INSTANCE | METH_SLOT, t,
                                      is_new ? tl_val(t) : TL_NULL));
        if (sd->offset == offsetof(TlType, hash) && t->hash == tl_unhashable)
            v = TL_NONE;
        if (dict_put(th, t->dict, sd->name, v, false) < 0)
            return -1;
    }
    /* A type comparing by value without a hash of its own is unhashable. */
    if (b && t->richcmp && t->richcmp != b->richcmp && !t->hash)
        return dict_put(th, t->dict, "__hash__", TL_NONE, false);
    return 0;
}

static void inherit_static(TlType *t)
{
    TlType *b = t->base;
    bool same = t->size == b->size;
    bool own_cmp = t->richcmp && t->richcmp != b->richcmp;
    for (size_t i = 0; i < sizeof slotdefs / sizeof slotdefs[0]; i++) {
        size_t off = slotdefs[i].offset;
        if (slot_at(t, off))
            continue;
        if (off == offsetof(TlType, hash) && own_cmp)
            continue;
        if (off == offsetof(TlType, tp_new) && b == &tl_object_type)
            continue;     /* not instantiable from Python: "cannot create" */
        slot_put(t, off, slot_at(b, off));
    }
    if (same && !t->mark)
        t->mark = b->mark;
    if (same && !t->finalize)
        t->finalize = b->finalize;
}

#define INHERITED_FLAGS                                                               \
    (TL_TF_INT | TL_TF_STR | TL_TF_TUPLE | TL_TF_LIST | TL_TF_DICT | TL_TF_EXC |        \
     TL_TF_TYPE | TL_TF_FLOAT | TL_TF_BYTES | TL_TF_SET)

static void add_subclass(TlThread *th, TlType *base, TlType *t)
{
    if (base->subclasses)
        tl_list_append(th, base->subclasses, tl_val(t));
}

void tl_type_ready(TlThread *th, TlType *t)
{
    if (t->dict)
        return;
    if (t != &tl_object_type && !t->base)
        t->base = &tl_object_type;
    TlType *b = t->base;
    if (b && !b->dict)
        tl_type_ready(th, b);
    if (!t->ob.type)
        t->ob.type = &tl_type_type;
    /* "module.name" names a type of another module, as CPython's tp_name;
     * messages keep the dotted form (cname), __name__ is the last part. */
    const char *dot = strrchr(t->cname, '.');
    t->name = tl_intern_cstr(th, dot ? dot + 1 : t->cname);
    t->qualname = t->name;
    t->module = dot ? tl_str_new(th, t->cname, (size_t)(dot - t->cname))
                    : tl_intern_cstr(th, "builtins");
    t->dict = tl_dict_new(th);
    t->subclasses = tl_list_new(th, 0);
    if (b) {
        if (!t->size)
            t->size = b->size;
        if (!t->itemsize)
            t->itemsize = b->itemsize;
        if (!t->dictoffset)
            t->dictoffset = b->dictoffset;
        t->flags |= b->flags & INHERITED_FLAGS;
        t->bases = tl_tuple_pack(th, 1, tl_val(b));
        TlTuple *bm = TL_TUPLE(b->mro);
        TlVal mro = tl_tuple_new(th, bm->len + 1);
        if (mro) {
            TL_TUPLE(mro)->items[0] = tl_val(t);
            memcpy(TL_TUPLE(mro)->items + 1, bm->items, bm->len * sizeof(TlVal));
        }
        t->mro = mro;
    } else {
        t->bases = tl_tuple_new(th, 0);
        t->mro = tl_tuple_pack(th, 1, tl_val(t));
    }
    publish_defs(th, t);
    if (t->dictoffset && (!b || !b->dictoffset))
        dict_put(th, t->dict, "__dict__", getset_new(th, t, dict_slot_getset), false);
    publish_slots(th, t);
    dict_put(th, t->dict, "__doc__", TL_NONE, false);
    if (b) {
        inherit_static(t);
        add_subclass(th, b, t);
    }
    atomic_store(&t->version, fresh_version());
    tl_vm_add_static_type(th->vm, t);
}

/* ------------------------------------------------------------- object */

static TlVal object_dict_entry(TlVal name)
{
    return tl_dict_get_str(tl_object_type.dict, name);
}

/* Does t (or a base other than object) define __init__ / __new__? */
static bool overrides(TlType *t, TlVal name, size_t slot)
{
    if (t->flags & TL_TF_HEAP)
        return tl_type_lookup(t, name) != object_dict_entry(name);
    return slot_at(t, slot) != slot_at(&tl_object_type, slot);
}

static bool excess_args(int nargs, TlVal kw)
{
    return nargs > 0 || (kw && TL_TUPLE(kw)->len);
}

/* "Can't instantiate abstract class C with abstract methods f, g". */
static TlVal abstract_error(TlThread *th, TlType *t)
{
    TlVal am = tl_dict_get_str(t->dict, TLN(__abstractmethods__));
    TlVal names = am ? tl_to_list(th, am) : TL_NULL;
    if (!names || tl_list_sort(th, names, TL_NULL, false) < 0)
        return TL_NULL;
    TlVal sep = tl_str_new(th, ", ", 2);
    TlVal joined = sep ? tl_call_method(th, sep, TLN(join), &names, 1) : TL_NULL;
    if (!joined)
        return TL_NULL;
    return tl_raise(th, &tl_TypeError,
                    "Can't instantiate abstract class %s with abstract method%s %S", t->cname,
                    TL_LIST(names)->len == 1 ? "" : "s", joined);
}

static TlVal object_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (excess_args(nargs, kw)) {
        if (overrides(t, TLN(__new__), offsetof(TlType, tp_new)))
            return tl_raise(th, &tl_TypeError,
                            "object.__new__() takes exactly one argument (the type to instantiate)");
        if (!overrides(t, TLN(__init__), offsetof(TlType, tp_init)))
            return tl_raise(th, &tl_TypeError, "%s() takes no arguments", t->cname);
    }
    if (t->flags & TL_TF_ABSTRACT)
        return abstract_error(th, t);
    return tl_val(tl_alloc(th, t, t->size));
}

static int object_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (!excess_args(nargs, kw))
        return 0;
    TlType *t = tl_type(self);
    if (overrides(t, TLN(__init__), offsetof(TlType, tp_init))) {
        tl_raise(th, &tl_TypeError,
                 "object.__init__() takes exactly one argument (the instance to initialize)");
        return -1;
    }
    if (!overrides(t, TLN(__new__), offsetof(TlType, tp_new))) {
        tl_raise(th, &tl_TypeError,
                 "%s.__init__() takes exactly one argument (the instance to initialize)",
                 t->cname);
        return -1;
    }
    return 0;
}

/* __module__ of a type as a str, or TL_NULL. */
static TlVal type_module(TlType *t)
{
    if (!(t->flags & TL_TF_HEAP))
        return t->module;
    TlVal m = tl_dict_get_str(t->dict, TLN(__module__));
    return m && tl_is_str(m) ? m : TL_NULL;
}

static bool is_builtins(TlVal mod)
{
    return !mod || strcmp(tl_cstr(mod), "builtins") == 0;
}

static TlVal object_repr(TlThread *th, TlVal self)
{
    TlType *t = tl_type(self);
    TlVal mod = type_module(t);
    char addr[32];
    snprintf(addr, sizeof addr, "%p", (void *)tl_obj(self));
    if (is_builtins(mod))
        return tl_str_fmt(th, "<%S object at %s>", t->qualname, addr);
    return tl_str_fmt(th, "<%S.%S object at %s>", mod, t->qualname, addr);
}

static TlVal object_str(TlThread *th, TlVal self)
{
    return tl_repr(th, self);
}

static TlHash object_hash(TlThread *th, TlVal self)
{
    (void)th;
    uintptr_t p = (uintptr_t)self;
    return (intptr_t)(p >> 4 | p << (sizeof p * 8 - 4)) & INTPTR_MAX;
}

/* __eq__ of a's type, for object.__ne__ (which inverts it). */
static TlVal call_eq(TlThread *th, TlVal a, TlVal b)
{
    TlType *t = tl_type(a);
    TlVal f = tl_type_lookup(t, TLN(__eq__));
    if (!f || f == TL_NONE || f == object_dict_entry(TLN(__eq__)))
        return a == b ? TL_TRUE : TL_NOTIMPL;
    if (is_wrapper(f, w_eq))
        return t->richcmp(th, a, b, TL_EQ);
    return tl_call_dunder(th, f, a, &b, 1);
}

static TlVal object_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (op == TL_EQ)
        return a == b ? TL_TRUE : TL_NOTIMPL;
    if (op != TL_NE)
        return TL_NOTIMPL;
    TlVal r = call_eq(th, a, b);
    if (!r || r == TL_NOTIMPL)
        return r;
    int t = tl_truthy(th, r);
    return t < 0 ? TL_NULL : tl_bool(!t);
}

static TlVal object_format(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "object.__format__", n, kw, 2, 2) < 0)
        return TL_NULL;
    if (!tl_is_str(a[1]))
        return tl_raise(th, &tl_TypeError, "__format__() argument must be str, not %s",
                        tl_type_name(a[1]));
    if (TL_STR(a[1])->len)
        return tl_raise(th, &tl_TypeError, "unsupported format string passed to %s.__format__",
                        tl_type_name(a[0]));
    return tl_str(th, a[0]);
}

static TlVal object_init_subclass(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (kw && TL_TUPLE(kw)->len)
        return tl_raise(th, &tl_TypeError, "%S.__init_subclass__() takes no keyword arguments",
                        TL_TYPE(a[0])->qualname);
    if (n > 1)
        return tl_raise(th, &tl_TypeError, "__init_subclass__() takes no arguments (%d given)",
                        n - 1);
    return TL_NONE;
}

/* Keys of every dict along t's MRO into d. */
static int dir_type(TlThread *th, TlVal d, TlType *t)
{
    TlTuple *mro = TL_TUPLE(t->mro);
    for (size_t i = 0; i < mro->len; i++) {
        TlVal td = TL_TYPE(mro->items[i])->dict, k, v;
        size_t pos = 0;
        while (tl_dict_next(td, &pos, &k, &v))
            if (tl_dict_set(th, d, k, TL_NONE) < 0)
                return -1;
    }
    return 0;
}

static TlVal object_dir(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "object.__dir__", n, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal d = tl_dict_new(th);
    if (!d)
        return TL_NULL;
    TlVal *dp = tl_instance_dict_ptr(a[0]);
    if (dp && *dp && tl_dict_update(th, d, *dp) < 0)
        return TL_NULL;
    if (dir_type(th, d, tl_type(a[0])) < 0)
        return TL_NULL;
    return tl_to_list(th, d);
}

static TlVal object_getclass(TlThread *th, TlVal self)
{
    (void)th;
    return tl_val(tl_type(self));
}

static int object_setclass(TlThread *th, TlVal self, TlVal value)
{
    if (!value) {
        tl_raise(th, &tl_TypeError, "can't delete __class__ attribute");
        return -1;
    }
    if (!tl_is_type(value)) {
        tl_raise(th, &tl_TypeError, "__class__ must be set to a class, not '%s' object",
                 tl_type_name(value));
        return -1;
    }
    TlType *old = tl_type(self), *nt = TL_TYPE(value);
    if (!(old->flags & TL_TF_HEAP) || !(nt->flags & TL_TF_HEAP)) {
        tl_raise(th, &tl_TypeError,
                 "__class__ assignment only supported for mutable types or ModuleType subclasses");
        return -1;
    }
    if (tl_static_base(old) != tl_static_base(nt) || old->size != nt->size ||
        old->dictoffset != nt->dictoffset) {
        tl_raise(th, &tl_TypeError, "__class__ assignment: '%s' object layout differs from '%s'",
                 nt->cname, old->cname);
        return -1;
    }
    tl_obj(self)->type = nt;
    return 0;
}

static TlVal dict_slot_get(TlThread *th, TlVal self)
{
    TlVal d = tl_instance_dict(th, self);
    if (!d && !th->exc)
        return tl_raise(th, &tl_AttributeError, "'%s' object has no attribute '__dict__'",
                        tl_type_name(self));
    return d;
}

static int dict_slot_set(TlThread *th, TlVal self, TlVal value)
{
    TlVal *dp = tl_instance_dict_ptr(self);
    if (!dp) {
        tl_raise(th, &tl_AttributeError, "'%s' object has no attribute '__dict__'",
                 tl_type_name(self));
        return -1;
    }
    if (!value) {
        *dp = TL_NULL;
        return 0;
    }
    if (!tl_is_dict(value)) {
        tl_raise(th, &tl_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                 tl_type_name(value));
        return -1;
    }
    *dp = value;
    return 0;
}

static const TlGetSetDef dict_slot_getset[1] = {{"__dict__", dict_slot_get, dict_slot_set}};

/* object's own dunders call object's slots, not the receiver's (which
 * the generic slot wrappers would): object.__repr__(5) is not repr(5). */
static TlVal object_repr_m(TlThread *th, TlVal *a, int n, TlVal kw)
{
    return wcheck(th, n, kw, 0) ? object_repr(th, a[0]) : TL_NULL;
}

static TlVal object_str_m(TlThread *th, TlVal *a, int n, TlVal kw)
{
    return wcheck(th, n, kw, 0) ? object_str(th, a[0]) : TL_NULL;
}

static TlVal object_hash_m(TlThread *th, TlVal *a, int n, TlVal kw)
{
    return wcheck(th, n, kw, 0) ? tl_int_from_i64(th, object_hash(th, a[0])) : TL_NULL;
}

static const TlMethodDef object_methods[] = {
    {"__repr__", object_repr_m, TL_METH_INSTANCE},
    {"__str__", object_str_m, TL_METH_INSTANCE},
    {"__hash__", object_hash_m, TL_METH_INSTANCE},
    {"__getattribute__", w_getattribute, TL_METH_INSTANCE},
    {"__setattr__", w_setattr, TL_METH_INSTANCE},
    {"__delattr__", w_delattr, TL_METH_INSTANCE},
    {"__format__", object_format, TL_METH_INSTANCE},
    {"__init_subclass__", object_init_subclass, TL_METH_CLASS},
    {"__dir__", object_dir, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlGetSetDef object_getsets[] = {
    {"__class__", object_getclass, object_setclass},
    {NULL, NULL, NULL},
};

TlType tl_object_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "object",
    .size = sizeof(TlObj),
    .flags = TL_TF_BASETYPE,
    .tp_new = object_new,
    .tp_init = object_init,
    .repr = object_repr,
    .str = object_str,
    .hash = object_hash,
    .richcmp = object_richcmp,
    .methods = object_methods,
    .getsets = object_getsets,
};

/* ----------------------------------------------------------- type */

static void type_mark(TlGC *gc, TlObj *o)
{
    TlType *t = (TlType *)o;
    tl_mark(gc, t->name);
    tl_mark(gc, t->qualname);
    tl_mark(gc, t->module);
    tl_mark(gc, t->bases);
    tl_mark(gc, t->mro);
    tl_mark(gc, t->dict);
    tl_mark(gc, t->subclasses);
    tl_mark(gc, t->spare);
    if (t->base)
        tl_mark_obj(gc, &t->base->ob);
}

static void type_finalize(TlObj *o)
{
    free(atomic_load(&((TlType *)o)->mcache));
}

static TlVal type_repr(TlThread *th, TlVal self)
{
    TlType *t = TL_TYPE(self);
    TlVal mod = type_module(t);
    if (is_builtins(mod))
        return tl_str_fmt(th, "<class '%S'>", t->qualname);
    return tl_str_fmt(th, "<class '%S.%S'>", mod, t->qualname);
}

TlVal tl_type_call(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    if (t == &tl_type_type && nargs == 1 && !(kw && TL_TUPLE(kw)->len))
        return tl_val(tl_type(args[0]));
    TlVal obj;
    if (t->flags & TL_TF_HEAP) {
        TlVal nw = tl_type_lookup(t, TLN(__new__));
        if (!nw || is_wrapper(nw, w_new)) {
            obj = t->tp_new ? t->tp_new(th, t, args, nargs, kw) : TL_NULL;
        } else {
            TlVal f = tl_bind(th, nw, TL_NULL, t);
            obj = f ? tl_call_self(th, f, tl_val(t), args, nargs, kw) : TL_NULL;
        }
        if (!obj && !th->exc)
            tl_raise(th, &tl_TypeError, "cannot create '%s' instances", t->cname);
    } else {
        if (!t->tp_new)
            return tl_raise(th, &tl_TypeError, "cannot create '%s' instances", t->cname);
        obj = t->tp_new(th, t, args, nargs, kw);
    }
    if (!obj || !tl_subtype(tl_type(obj), t))
        return obj;
    TlType *ot = tl_type(obj);
    if (!(ot->flags & TL_TF_HEAP))
        return !ot->tp_init || ot->tp_init(th, obj, args, nargs, kw) == 0 ? obj : TL_NULL;
    TlVal init = tl_type_lookup(ot, TLN(__init__));
    if (!init || is_wrapper(init, w_init))
        return !ot->tp_init || ot->tp_init(th, obj, args, nargs, kw) == 0 ? obj : TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, obj);
    TlVal r;
    if (tl_is_exact(init, &tl_func_type)) {
        r = tl_call_self(th, init, obj, args, nargs, kw);
    } else {
        TlVal f = tl_bind(th, init, obj, ot);
        r = f ? tl_call(th, f, args, nargs, kw) : TL_NULL;
    }
    tl_roots_reset(th, mark);
    if (!r)
        return TL_NULL;
    if (r != TL_NONE)
        return tl_raise(th, &tl_TypeError, "__init__() should return None, not '%s'",
                        tl_type_name(r));
    return obj;
}

static TlVal type_call_slot(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    return tl_type_call(th, TL_TYPE(self), args, nargs, kw);
}

static TlVal attr_error_type(TlThread *th, TlType *t, TlVal name)
{
    return tl_raise(th, &tl_AttributeError, "type object '%s' has no attribute '%s'", t->cname,
                    tl_cstr(name));
}

static TlVal type_getattr(TlThread *th, TlVal self, TlVal name)
{
    TlType *t = TL_TYPE(self), *meta = tl_type(self);
    TlVal ma = tl_type_lookup(meta, name);
    if (ma && tl_is_data_descr(ma))
        return tl_bind(th, ma, self, meta);
    TlVal a = tl_type_lookup(t, name);
    if (a)
        return tl_bind(th, a, TL_NULL, t);
    if (ma)
        return tl_bind(th, ma, self, meta);
    return attr_error_type(th, t, name);
}

static int type_setattr(TlThread *th, TlVal self, TlVal name, TlVal value)
{
    TlType *t = TL_TYPE(self);
    if (!(t->flags & TL_TF_HEAP)) {
        tl_raise(th, &tl_TypeError, "cannot set '%s' attribute of immutable type '%s'",
                 tl_cstr(name), t->cname);
        return -1;
    }
    TlVal ma = tl_type_lookup(tl_type(self), name);
    if (ma && tl_is_data_descr(ma)) {
        TlType *mt = tl_type(ma);
        if (mt->flags & TL_TF_HEAP) {
            TlVal f = tl_type_lookup(mt, value ? TLN(__set__) : TLN(__delete__));
            TlVal av[2] = {self, value};
            TlVal r = f ? tl_call_dunder(th, f, ma, av, value ? 2 : 1) : TL_NULL;
            return r ? 0 : -1;
        }
        return mt->descr_set(th, ma, self, value);
    }
    name = tl_intern(th, name);
    if (!name)
        return -1;
    int r;
    if (value) {
        r = tl_dict_set(th, t->dict, name, value);
    } else if (!tl_dict_get_str(t->dict, name)) {
        attr_error_type(th, t, name);
        r = -1;
    } else {
        r = tl_dict_del(th, t->dict, name);
    }
    tl_type_modified(t);
    return r;
}

static int heap_only(TlThread *th, TlType *t, const char *attr, TlVal value)
{
    if (!(t->flags & TL_TF_HEAP)) {
        tl_raise(th, &tl_TypeError, "cannot set '%s' attribute of immutable type '%s'", attr,
                 t->cname);
        return -1;
    }
    if (!value) {
        tl_raise(th, &tl_TypeError, "cannot delete '%s' attribute of immutable type '%s'", attr,
                 t->cname);
        return -1;
    }
    if (!tl_is_str(value)) {
        tl_raise(th, &tl_TypeError, "can only assign string to %s.%s, not '%s'", t->cname, attr,
                 tl_type_name(value));
        return -1;
    }
    return 0;
}

static TlVal type_get_name(TlThread *th, TlVal self)
{
    (void)th;
    return TL_TYPE(self)->name;
}

static int type_set_name(TlThread *th, TlVal self, TlVal value)
{
    TlType *t = TL_TYPE(self);
    if (heap_only(th, t, "__name__", value) < 0)
        return -1;
    t->name = value;
    t->cname = tl_cstr(value);
    return 0;
}

static TlVal type_get_qualname(TlThread *th, TlVal self)
{
    (void)th;
    return TL_TYPE(self)->qualname;
}

static int type_set_qualname(TlThread *th, TlVal self, TlVal value)
{
    TlType *t = TL_TYPE(self);
    if (heap_only(th, t, "__qualname__", value) < 0)
        return -1;
    t->qualname = value;
    return 0;
}

static TlVal type_get_module(TlThread *th, TlVal self)
{
    TlType *t = TL_TYPE(self);
    if (!(t->flags & TL_TF_HEAP))
        return t->module;
    TlVal m = tl_dict_get_str(t->dict, TLN(__module__));
    if (!m)
        return tl_raise(th, &tl_AttributeError, "__module__");
    return m;
}

static int type_set_module(TlThread *th, TlVal self, TlVal value)
{
    TlType *t = TL_TYPE(self);
    if (!(t->flags & TL_TF_HEAP) || !value)
        return heap_only(th, t, "__module__", value);
    int r = tl_dict_set(th, t->dict, TLN(__module__), value);
    tl_type_modified(t);
    return r;
}

static TlVal type_get_doc(TlThread *th, TlVal self)
{
    TlType *t = TL_TYPE(self);
    TlVal d = tl_dict_get_str(t->dict, TLN(__doc__));
    if (!d)
        return TL_NONE;
    return (t->flags & TL_TF_HEAP) ? tl_bind(th, d, TL_NULL, t) : d;
}

static int type_set_doc(TlThread *th, TlVal self, TlVal value)
{
    TlType *t = TL_TYPE(self);
    if (!(t->flags & TL_TF_HEAP) || !value)
        return heap_only(th, t, "__doc__", value);
    int r = tl_dict_set(th, t->dict, TLN(__doc__), value);
    tl_type_modified(t);
    return r;
}

static TlVal type_get_bases(TlThread *th, TlVal self)
{
    (void)th;
    return TL_TYPE(self)->bases;
}

static TlVal type_get_base(TlThread *th, TlVal self)
{
    (void)th;
    TlType *b = TL_TYPE(self)->base;
    return b ? tl_val(b) : TL_NONE;
}

static TlVal type_get_mro(TlThread *th, TlVal self)
{
    (void)th;
    return TL_TYPE(self)->mro;
}

static TlVal type_get_dict(TlThread *th, TlVal self)
{
    return tl_dict_copy(th, TL_TYPE(self)->dict);
}

/* abc: a non-empty __abstractmethods__ makes the class uninstantiable. */
static TlVal type_get_abstract(TlThread *th, TlVal self)
{
    TlVal v = tl_dict_get_str(TL_TYPE(self)->dict, TLN(__abstractmethods__));
    return v ? v : tl_raise(th, &tl_AttributeError, "__abstractmethods__");
}

static int type_set_abstract(TlThread *th, TlVal self, TlVal value)
{
    TlType *t = TL_TYPE(self);
    if (!(t->flags & TL_TF_HEAP)) {
        tl_raise(th, &tl_TypeError, "cannot set '__abstractmethods__' attribute of immutable "
                 "type '%s'", t->cname);
        return -1;
    }
    int on = value ? tl_truthy(th, value) : 0;
    if (on < 0)
        return -1;
    if (!value && !tl_dict_get_str(t->dict, TLN(__abstractmethods__))) {
        tl_raise(th, &tl_AttributeError, "__abstractmethods__");
        return -1;
    }
    int r = value ? tl_dict_set(th, t->dict, TLN(__abstractmethods__), value)
                  : tl_dict_del(th, t->dict, TLN(__abstractmethods__));
    if (r < 0)
        return -1;
    t->flags = on ? t->flags | TL_TF_ABSTRACT : t->flags & ~(uint32_t)TL_TF_ABSTRACT;
    tl_type_modified(t);
    return 0;
}

static const TlGetSetDef type_getsets[] = {
    {"__abstractmethods__", type_get_abstract, type_set_abstract},
    {"__name__", type_get_name, type_set_name},
    {"__qualname__", type_get_qualname, type_set_qualname},
    {"__module__", type_get_module, type_set_module},
    {"__doc__", type_get_doc, type_set_doc},
    {"__bases__", type_get_bases, NULL},
    {"__base__", type_get_base, NULL},
    {"__mro__", type_get_mro, NULL},
    {"__dict__", type_get_dict, NULL},
    {NULL, NULL, NULL},
};

static TlVal type_mro_method(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "type.mro", n, kw, 1, 1) < 0)
        return TL_NULL;
    return tl_to_list(th, TL_TYPE(a[0])->mro);
}

static TlVal type_subclasses(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "type.__subclasses__", n, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal subs = TL_TYPE(a[0])->subclasses;
    return subs ? tl_to_list(th, subs) : tl_list_new(th, 0);
}

static TlVal type_dir(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "type.__dir__", n, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal d = tl_dict_new(th);
    if (!d || dir_type(th, d, TL_TYPE(a[0])) < 0)
        return TL_NULL;
    return tl_to_list(th, d);
}

static TlVal type_prepare(TlThread *th, TlVal *a, int n, TlVal kw)
{
    (void)a, (void)n, (void)kw;
    return tl_dict_new(th);
}

static TlVal type_instancecheck(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "type.__instancecheck__", n, kw, 2, 2) < 0)
        return TL_NULL;
    return tl_bool(tl_subtype(tl_type(a[1]), TL_TYPE(a[0])));
}

static TlVal type_subclasscheck(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "type.__subclasscheck__", n, kw, 2, 2) < 0)
        return TL_NULL;
    int r = tl_issubclass(th, a[1], a[0]);
    return r < 0 ? TL_NULL : tl_bool(r);
}

static const TlMethodDef type_methods[] = {
    {"mro", type_mro_method, TL_METH_INSTANCE},
    {"__subclasses__", type_subclasses, TL_METH_INSTANCE},
    {"__dir__", type_dir, TL_METH_INSTANCE},
    {"__prepare__", type_prepare, TL_METH_CLASS},
    {"__instancecheck__", type_instancecheck, TL_METH_INSTANCE},
    {"__subclasscheck__", type_subclasscheck, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static TlVal type_new_impl(TlThread *th, TlType *meta, TlVal name, TlVal bases, TlVal ns,
                           TlVal *kwvals, TlVal kw);

static TlVal type_tp_new(TlThread *th, TlType *meta, TlVal *args, int nargs, TlVal kw)
{
    size_t nkw = kw ? TL_TUPLE(kw)->len : 0;
    if (meta == &tl_type_type && nargs == 1 && !nkw)
        return tl_val(tl_type(args[0]));
    if (nargs != 3)
        return tl_raise(th, &tl_TypeError, "type() takes 1 or 3 arguments");
    static const char *const what[] = {"str", "tuple", "dict"};
    bool ok[] = {tl_is_str(args[0]), tl_is_tuple(args[1]), tl_is_dict(args[2])};
    for (int i = 0; i < 3; i++)
        if (!ok[i])
            return tl_raise(th, &tl_TypeError, "type.__new__() argument %d must be %s, not %s",
                            i + 1, what[i], tl_type_name(args[i]));
    return type_new_impl(th, meta, args[0], args[1], args[2], args + 3, kw);
}

static int type_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    (void)self, (void)args;
    if (nargs == 1 && kw && TL_TUPLE(kw)->len) {
        tl_raise(th, &tl_TypeError, "type.__init__() takes no keyword arguments");
        return -1;
    }
    if (nargs != 1 && nargs != 3) {
        tl_raise(th, &tl_TypeError, "type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    return 0;
}

TlType tl_type_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "type",
    .size = sizeof(TlType),
    .flags = TL_TF_BASETYPE | TL_TF_TYPE,
    .mark = type_mark,
    .finalize = type_finalize,
    .tp_new = type_tp_new,
    .tp_init = type_init,
    .call = type_call_slot,
    .repr = type_repr,
    .getattr = type_getattr,
    .setattr = type_setattr,
    .methods = type_methods,
    .getsets = type_getsets,
};

/* ------------------------------------------------------ class creation */

/* The class whose instance layout t's instances extend: t itself when it
 * adds fields (a builtin with a bigger struct, a class with __slots__). */
static TlType *solid_base(TlType *t)
{
    while (t->base) {
        TlType *b = t->base;
        size_t extra = t->size - b->size;
        if ((t->flags & TL_TF_HEAP) && t->dictoffset != b->dictoffset)
            extra -= sizeof(TlVal);
        if (extra)
            return t;
        t = b;
    }
    return t;
}

static TlType *best_base(TlThread *th, TlVal bases)
{
    TlTuple *bt = TL_TUPLE(bases);
    TlType *base = NULL, *winner = NULL;
    for (size_t i = 0; i < bt->len; i++) {
        TlType *b = TL_TYPE(bt->items[i]);
        TlType *cand = solid_base(b);
        if (!winner || tl_subtype(cand, winner)) {
            winner = cand;
            base = b;
        } else if (!tl_subtype(winner, cand)) {
            tl_raise(th, &tl_TypeError, "multiple bases have instance lay-out conflict");
            return NULL;
        }
    }
    return base;
}

static bool tail_contains(TlVal *seq, size_t len, size_t from, TlVal v)
{
    for (size_t i = from + 1; i < len; i++)
        if (seq[i] == v)
            return true;
    return false;
}

static TlVal mro_error(TlThread *th, TlVal **seqs, size_t *lens, size_t *pos, size_t n)
{
    TlBuilder b;
    tl_sb_init(&b);
    tl_sb_adds(&b, "Cannot create a consistent method resolution\norder (MRO) for bases ");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (pos[i] >= lens[i])
            continue;
        TlVal head = seqs[i][pos[i]];
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            if (pos[j] < lens[j] && seqs[j][pos[j]] == head)
                seen = true;
        if (seen)
            continue;
        if (!first)
            tl_sb_adds(&b, ", ");
        tl_sb_adds(&b, TL_TYPE(head)->cname);
        first = false;
    }
    TlVal msg = tl_sb_finish(th, &b);
    if (msg) {
        TlVal e = tl_exc_new(th, &tl_TypeError, &msg, 1);
        if (e)
            th->exc = e;
    }
    return TL_NULL;
}

/* C3 linearisation of t over its bases. */
static TlVal c3_mro(TlThread *th, TlType *t, TlVal bases)
{
    TlTuple *bt = TL_TUPLE(bases);
    size_t n = bt->len + 1;
    TlVal **seqs = malloc(n * sizeof *seqs);
    size_t *lens = malloc(n * sizeof *lens), *pos = calloc(n, sizeof *pos);
    TlVal result = TL_NULL;
    if (!seqs || !lens || !pos) {
        tl_raise_nomem(th);
        goto done;
    }
    for (size_t i = 0; i + 1 < n; i++) {
        TlTuple *m = TL_TUPLE(TL_TYPE(bt->items[i])->mro);
        seqs[i] = m->items;
        lens[i] = m->len;
    }
    seqs[n - 1] = bt->items;
    lens[n - 1] = bt->len;
    result = tl_list_new(th, 0);
    if (!result || tl_list_append(th, result, tl_val(t)) < 0)
        goto done;
    for (;;) {
        TlVal cand = TL_NULL;
        bool any = false;
        for (size_t i = 0; i < n && !cand; i++) {
            if (pos[i] >= lens[i])
                continue;
            any = true;
            TlVal head = seqs[i][pos[i]];
            bool ok = true;
            for (size_t j = 0; j < n && ok; j++)
                ok = !tail_contains(seqs[j], lens[j], pos[j], head);
            if (ok)
                cand = head;
        }
        if (!any)
            break;
        if (!cand) {
            result = mro_error(th, seqs, lens, pos, n);
            goto done;
        }
        if (tl_list_append(th, result, cand) < 0) {
            result = TL_NULL;
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            if (pos[i] < lens[i] && seqs[i][pos[i]] == cand)
                pos[i]++;
    }
    result = tl_tuple_from(th, TL_LIST(result)->items, TL_LIST(result)->len);
done:
    free(seqs);
    free(lens);
    free(pos);
    return result;
}

static bool is_identifier(TlVal s)
{
    const unsigned char *p = (const unsigned char *)tl_cstr(s);
    if (!*p || (*p >= '0' && *p <= '9'))
        return false;
    for (; *p; p++)
        if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p >= 0x80))
            return false;
    return true;
}

/* Private names (__x) in __slots__ are mangled like attribute names. */
static TlVal mangle(TlThread *th, TlVal cls, TlVal name)
{
    const char *n = tl_cstr(name), *c = tl_cstr(cls);
    size_t len = strlen(n);
    if (len < 3 || n[0] != '_' || n[1] != '_' || (n[len - 1] == '_' && n[len - 2] == '_'))
        return name;
    while (*c == '_')
        c++;
    if (!*c)
        return name;
    return tl_str_fmt(th, "_%s%s", c, n);
}

/* __slots__ as a list of (mangled) names; *add_dict set for "__dict__". */
static TlVal read_slots(TlThread *th, TlVal slots, TlVal clsname, bool *add_dict)
{
    TlVal items = tl_is_str(slots) ? tl_tuple_pack(th, 1, slots) : tl_to_tuple(th, slots);
    if (!items)
        return TL_NULL;
    TlVal out = tl_list_new(th, 0);
    TlTuple *it = TL_TUPLE(items);
    for (size_t i = 0; out && i < it->len; i++) {
        TlVal s = it->items[i];
        if (!tl_is_str(s))
            return tl_raise(th, &tl_TypeError, "__slots__ items must be strings, not '%s'",
                            tl_type_name(s));
        if (!is_identifier(s))
            return tl_raise(th, &tl_TypeError, "__slots__ must be identifiers");
        if (!strcmp(tl_cstr(s), "__dict__")) {
            if (*add_dict)
                return tl_raise(th, &tl_TypeError, "__dict__ slot disallowed: we already got one");
            *add_dict = true;
            continue;
        }
        if (!strcmp(tl_cstr(s), "__weakref__"))
            continue;
        TlVal m = mangle(th, clsname, s);
        m = m ? tl_intern(th, m) : TL_NULL;
        if (!m || tl_list_append(th, out, m) < 0)
            return TL_NULL;
    }
    return out;
}

/* The most derived metaclass among meta and the bases' metaclasses. */
static TlType *winner_meta(TlThread *th, TlType *meta, TlVal bases)
{
    TlTuple *bt = TL_TUPLE(bases);
    for (size_t i = 0; i < bt->len; i++) {
        TlType *bm = tl_type(bt->items[i]);
        if (tl_subtype(meta, bm))
            continue;
        if (tl_subtype(bm, meta)) {
            meta = bm;
            continue;
        }
        tl_raise(th, &tl_TypeError,
                 "metaclass conflict: the metaclass of a derived class must be a (non-strict) "
                 "subclass of the metaclasses of all its bases");
        return NULL;
    }
    return meta;
}

static int check_bases(TlThread *th, TlVal bases)
{
    TlTuple *bt = TL_TUPLE(bases);
    for (size_t i = 0; i < bt->len; i++) {
        TlVal b = bt->items[i];
        if (!tl_is_type(b)) {
            tl_raise(th, &tl_TypeError, "bases must be types");
            return -1;
        }
        if (!(TL_TYPE(b)->flags & TL_TF_BASETYPE)) {
            tl_raise(th, &tl_TypeError, "type '%s' is not an acceptable base type",
                     TL_TYPE(b)->cname);
            return -1;
        }
        for (size_t j = 0; j < i; j++)
            if (bt->items[j] == b) {
                tl_raise(th, &tl_TypeError, "duplicate base class %s", TL_TYPE(b)->cname);
                return -1;
            }
    }
    return 0;
}

/* Wrap a plain function found under `name` in ns (__new__ is implicitly a
 * staticmethod, __init_subclass__/__class_getitem__ classmethods). */
static int implicit_wrap(TlThread *th, TlVal ns, TlVal name, TlType *wrapper)
{
    TlVal f = tl_dict_get_str(ns, name);
    if (!f || !tl_is_exact(f, &tl_func_type))
        return 0;
    TlVal w = funcwrap_wrap(th, wrapper, f);
    return w ? tl_dict_set(th, ns, name, w) : -1;
}

/* The namespace of a new class: a copy of ns with the implicit entries. */
static TlVal class_namespace(TlThread *th, TlType *t, TlVal ns)
{
    TlVal d = tl_dict_copy(th, ns);
    if (!d)
        return TL_NULL;
    TlVal qn = tl_dict_get_str(d, TLN(__qualname__));
    if (qn) {
        if (!tl_is_str(qn))
            return tl_raise(th, &tl_TypeError, "type __qualname__ must be a str, not %s",
                            tl_type_name(qn));
        t->qualname = qn;
        if (tl_dict_del(th, d, TLN(__qualname__)) < 0)
            return TL_NULL;
    }
    if (!tl_dict_get_str(d, TLN(__module__)) && th->frame) {
        TlVal g = th->frame->globals;
        TlVal mn = g ? tl_dict_get_str(g, TLN(__name__)) : TL_NULL;
        if (mn && tl_dict_set(th, d, TLN(__module__), mn) < 0)
            return TL_NULL;
    }
    if (!tl_dict_get_str(d, TLN(__doc__)) && tl_dict_set(th, d, TLN(__doc__), TL_NONE) < 0)
        return TL_NULL;
    if (implicit_wrap(th, d, TLN(__new__), &tl_staticmethod_type) < 0 ||
        implicit_wrap(th, d, TLN(__init_subclass__), &tl_classmethod_type) < 0 ||
        implicit_wrap(th, d, TLN(__class_getitem__), &tl_classmethod_type) < 0)
        return TL_NULL;
    if (tl_dict_get_str(d, TLN(__eq__)) && !tl_dict_get_str(d, TLN(__hash__)) &&
        tl_dict_set(th, d, TLN(__hash__), TL_NONE) < 0)
        return TL_NULL;
    return d;
}

/* Instance layout: dict slot and __slots__ members after the base's. */
static int class_layout(TlThread *th, TlType *t, TlType *base, TlVal slots)
{
    TlType *sb = tl_static_base(base);
    bool var = is_var_base(sb);
    bool add_dict = false;
    TlVal names = TL_NULL;
    t->size = base->size;
    t->dictoffset = base->dictoffset;
    t->flags |= base->flags & TL_TF_VARDICT;
    if (slots) {
        names = read_slots(th, slots, t->name, &add_dict);
        if (!names)
            return -1;
        if (add_dict && base->dictoffset) {
            tl_raise(th, &tl_TypeError, "__dict__ slot disallowed: we already got one");
            return -1;
        }
        if (var && TL_LIST(names)->len) {
            tl_raise(th, &tl_TypeError, "nonempty __slots__ not supported for subtype of '%s'",
                     sb->cname);
            return -1;
        }
    } else {
        add_dict = !base->dictoffset && !(base->flags & TL_TF_TYPE);   /* classes keep t->dict */
    }
    if (add_dict) {
        t->dictoffset = t->size;
        if (var)
            t->flags |= TL_TF_VARDICT;
        t->size += sizeof(TlVal);
        if (!tl_dict_get_str(t->dict, TLN(__dict__)) &&
            tl_dict_set(th, t->dict, TLN(__dict__), getset_new(th, t, dict_slot_getset)) < 0)
            return -1;
    }
    for (size_t i = 0; names && i < TL_LIST(names)->len; i++) {
        TlVal n = TL_LIST(names)->items[i];
        if (tl_dict_get_str(t->dict, n)) {
            tl_raise(th, &tl_ValueError, "%R in __slots__ conflicts with class variable", n);
            return -1;
        }
        if (tl_type_add_member(th, t, tl_cstr(n), t->size) < 0)
            return -1;
        t->size += sizeof(TlVal);
        t->nslots++;
    }
    return 0;
}

/* __set_name__ on the namespace values, then the parent's
 * __init_subclass__ with the class keywords. */
static int class_hooks(TlThread *th, TlType *t, TlVal *kwvals, TlVal kw)
{
    TlVal items = tl_dict_copy(th, t->dict), k, v;
    if (!items)
        return -1;
    tl_root(th, items);
    size_t pos = 0;
    while (tl_dict_next(items, &pos, &k, &v)) {
        TlVal f = tl_type_lookup(tl_type(v), TLN(__set_name__));
        TlVal av[2] = {tl_val(t), k};
        if (f && !tl_call_dunder(th, f, v, av, 2))
            return -1;
    }
    TlVal sup = tl_super_new(th, tl_val(t), tl_val(t));
    TlVal f = sup ? tl_getattr(th, sup, TLN(__init_subclass__)) : TL_NULL;
    if (!f)
        return -1;
    tl_root(th, f);
    return tl_call(th, f, kwvals, 0, kw) ? 0 : -1;
}

static TlVal type_new_impl(TlThread *th, TlType *meta, TlVal name, TlVal bases, TlVal ns,
                           TlVal *kwvals, TlVal kw)
{
    if (TL_TUPLE(bases)->len == 0)
        bases = tl_tuple_pack(th, 1, tl_val(&tl_object_type));
    if (!bases || !(meta = winner_meta(th, meta, bases)) || check_bases(th, bases) < 0)
        return TL_NULL;
    TlType *base = best_base(th, bases);
    if (!base)
        return TL_NULL;
    TlType *t = tl_alloc(th, meta, meta->size);
    if (!t)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, tl_val(t));
    TlVal r = TL_NULL;
    name = tl_intern(th, name);
    if (!name)
        goto out;
    t->name = t->qualname = name;
    t->cname = tl_cstr(name);
    t->base = base;
    t->bases = bases;
    t->flags = TL_TF_HEAP | TL_TF_BASETYPE | (base->flags & INHERITED_FLAGS);
    t->subclasses = tl_list_new(th, 0);
    t->dict = class_namespace(th, t, ns);
    if (!t->subclasses || !t->dict)
        goto out;
    t->module = tl_dict_get_str(t->dict, TLN(__module__));
    if (class_layout(th, t, base, tl_dict_get_str(t->dict, TLN(__slots__))) < 0)
        goto out;
    t->mro = c3_mro(th, t, bases);
    if (!t->mro)
        goto out;
    /* C slots: copies of the nearest builtin's (see the file comment). */
    TlType *sb = tl_static_base(base);
    memcpy((char *)t + offsetof(TlType, mark), (char *)sb + offsetof(TlType, mark),
           offsetof(TlType, methods) - offsetof(TlType, mark));
    t->mark = heap_mark;
    t->itemsize = sb->itemsize;
    atomic_store(&t->version, fresh_version());
    for (size_t i = 0; i < TL_TUPLE(bases)->len; i++)
        add_subclass(th, TL_TYPE(TL_TUPLE(bases)->items[i]), t);
    if (class_hooks(th, t, kwvals, kw) == 0)
        r = tl_val(t);
out:
    tl_roots_reset(th, mark);
    return r;
}

TlVal tl_type_new(TlThread *th, TlType *meta, TlVal name, TlVal bases, TlVal dict)
{
    return type_new_impl(th, meta, name, bases, dict, NULL, TL_NULL);
}

/* ------------------------------------------------------------- modules */

static void module_mark(TlGC *gc, TlObj *o)
{
    TlModule *m = (TlModule *)o;
    tl_mark(gc, m->dict);
    tl_mark(gc, m->name);
}

static TlVal module_name(TlThread *th, TlVal self)
{
    TlVal d = ((TlModule *)tl_obj(self))->dict;
    TlVal n = d ? tl_dict_get_str(d, TLN(__name__)) : TL_NULL;
    return n && tl_is_str(n) ? n : tl_str_cstr(th, "?");
}

static TlVal module_getattr(TlThread *th, TlVal self, TlVal name)
{
    TlVal r = tl_generic_getattr(th, self, name);
    if (r || !tl_exc_matches(th, &tl_AttributeError))
        return r;
    tl_exc_clear(th);
    TlVal d = ((TlModule *)tl_obj(self))->dict;
    TlVal hook = d ? tl_dict_get_str(d, TLN(__getattr__)) : TL_NULL;
    if (hook)
        return tl_call1(th, hook, name);
    TlVal mn = module_name(th, self);
    return mn ? tl_raise(th, &tl_AttributeError, "module '%s' has no attribute '%s'",
                         tl_cstr(mn), tl_cstr(name))
              : TL_NULL;
}

static bool builtin_module(const char *name)
{
    for (const TlModDef *m = tl_builtin_modules; m->name; m++)
        if (!strcmp(m->name, name))
            return true;
    return false;
}

static TlVal module_repr(TlThread *th, TlVal self)
{
    TlVal name = module_name(th, self);
    TlVal d = ((TlModule *)tl_obj(self))->dict;
    TlVal file = d ? tl_dict_get_str(d, TLN(__file__)) : TL_NULL;
    if (!name)
        return TL_NULL;
    if (file && tl_is_str(file))
        return tl_str_fmt(th, "<module %R from %R>", name, file);
    if (builtin_module(tl_cstr(name)))
        return tl_str_fmt(th, "<module %R (built-in)>", name);
    return tl_str_fmt(th, "<module %R>", name);
}

static TlVal module_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args, (void)nargs, (void)kw;
    TlModule *m = tl_alloc(th, t, t->size);
    if (!m)
        return TL_NULL;
    m->dict = tl_dict_new(th);
    return m->dict ? tl_val(m) : TL_NULL;
}

static int module_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"name", "doc", NULL};
    TlVal a[2];
    if (tl_args(th, "module", args, nargs, kw, kwlist, 1, 2, a) < 0)
        return -1;
    if (!tl_is_str(a[0])) {
        tl_raise(th, &tl_TypeError, "module.__init__() argument 'name' must be str, not %s",
                 tl_type_name(a[0]));
        return -1;
    }
    TlModule *m = (TlModule *)tl_obj(self);
    m->name = a[0];
    TlVal none = TL_NONE;
    if (tl_dict_set(th, m->dict, TLN(__name__), a[0]) < 0 ||
        tl_dict_set(th, m->dict, TLN(__doc__), a[1] ? a[1] : none) < 0 ||
        tl_dict_set(th, m->dict, TLN(__package__), none) < 0 ||
        tl_dict_set(th, m->dict, TLN(__loader__), none) < 0 ||
        tl_dict_set(th, m->dict, TLN(__spec__), none) < 0)
        return -1;
    return 0;
}

static TlVal module_dict(TlThread *th, TlVal self)
{
    (void)th;
    return ((TlModule *)tl_obj(self))->dict;
}

static TlVal module_dir(TlThread *th, TlVal *a, int n, TlVal kw)
{
    if (tl_args_n(th, "module.__dir__", n, kw, 1, 1) < 0)
        return TL_NULL;
    return tl_to_list(th, ((TlModule *)tl_obj(a[0]))->dict);
}

static const TlGetSetDef module_getsets[] = {
    {"__dict__", module_dict, NULL},
    {NULL, NULL, NULL},
};

static const TlMethodDef module_methods[] = {
    {"__dir__", module_dir, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

TlType tl_module_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "module",
    .size = sizeof(TlModule),
    .flags = TL_TF_BASETYPE,
    .dictoffset = offsetof(TlModule, dict),
    .mark = module_mark,
    .tp_new = module_tp_new,
    .tp_init = module_init,
    .repr = module_repr,
    .getattr = module_getattr,
    .methods = module_methods,
    .getsets = module_getsets,
};

/* -------------------------------------------- None, NotImplemented, ... */

static TlVal singleton_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (excess_args(nargs, kw))
        return tl_raise(th, &tl_TypeError, "%s takes no arguments", t->cname);
    return t == &tl_none_type       ? TL_NONE
           : t == &tl_notimpl_type ? TL_NOTIMPL
                                   : TL_ELLIPSIS;
}

static TlVal singleton_repr(TlThread *th, TlVal self)
{
    return tl_str_cstr(th, self == TL_NONE      ? "None"
                           : self == TL_NOTIMPL ? "NotImplemented"
                                                : "Ellipsis");
}

static int none_truthy(TlThread *th, TlVal self)
{
    (void)th, (void)self;
    return 0;
}

TlType tl_none_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "NoneType",
    .size = sizeof(TlObj),
    .tp_new = singleton_new,
    .repr = singleton_repr,
    .truthy = none_truthy,
};

TlType tl_notimpl_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "NotImplementedType",
    .size = sizeof(TlObj),
    .tp_new = singleton_new,
    .repr = singleton_repr,
};

TlType tl_ellipsis_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "ellipsis",
    .size = sizeof(TlObj),
    .tp_new = singleton_new,
    .repr = singleton_repr,
};

TlObj tl_none_obj = TL_STATIC_HDR(&tl_none_type);
TlObj tl_notimpl_obj = TL_STATIC_HDR(&tl_notimpl_type);
TlObj tl_ellipsis_obj = TL_STATIC_HDR(&tl_ellipsis_type);

/* ---------------------------------------------------- argument binding */

static const char *plural(int n) { return n == 1 ? "" : "s"; }

/* Messages name methods "list.append()" but the "expected" style uses the
 * bare method name ("get expected at least 1 argument, got 0"). */
static const char *bare(const char *fname)
{
    const char *dot = strrchr(fname, '.');
    return dot ? dot + 1 : fname;
}

int tl_args_n(TlThread *th, const char *fname, int nargs, TlVal kw, int nmin, int nmax)
{
    if (kw && TL_TUPLE(kw)->len) {
        tl_raise(th, &tl_TypeError, "%s() takes no keyword arguments", fname);
        return -1;
    }
    if (nargs >= nmin && nargs <= nmax)
        return 0;
    if (nmin == nmax && nmax <= 1) {
        if (nmax == 0)
            tl_raise(th, &tl_TypeError, "%s() takes no arguments (%d given)", fname, nargs);
        else
            tl_raise(th, &tl_TypeError, "%s() takes exactly one argument (%d given)", fname, nargs);
    } else if (nmin == nmax) {
        tl_raise(th, &tl_TypeError, "%s expected %d argument%s, got %d", bare(fname), nmin,
                 plural(nmin), nargs);
    } else if (nargs < nmin) {
        tl_raise(th, &tl_TypeError, "%s expected at least %d argument%s, got %d", bare(fname),
                 nmin, plural(nmin), nargs);
    } else {
        tl_raise(th, &tl_TypeError, "%s expected at most %d argument%s, got %d", bare(fname),
                 nmax, plural(nmax), nargs);
    }
    return -1;
}

/* kwlist entries: "" is positional-only, "$name" keyword-only. */
static int kw_index(const char *const *kwlist, int nmax, const char *name)
{
    for (int i = 0; i < nmax && kwlist[i]; i++) {
        const char *k = kwlist[i][0] == '$' ? kwlist[i] + 1 : kwlist[i];
        if (*k && !strcmp(k, name))
            return i;
    }
    return -1;
}

static const char *kw_name(const char *k) { return k[0] == '$' ? k + 1 : k; }

/* Parameters before the first keyword-only one ("$name"). */
static int max_positional(const char *const *kwlist, int nmax)
{
    for (int i = 0; kwlist && i < nmax && kwlist[i]; i++)
        if (kwlist[i][0] == '$')
            return i;
    return nmax;
}

static void fill_positional(TlVal *out, const TlVal *args, int nargs, int nmax)
{
    for (int i = 0; i < nmax; i++)
        out[i] = i < nargs ? args[i] : TL_NULL;
}

int tl_args(TlThread *th, const char *fname, TlVal *args, int nargs, TlVal kw,
            const char *const *kwlist, int nreq, int nmax, TlVal *out)
{
    int nkw = kw ? (int)TL_TUPLE(kw)->len : 0;
    int maxpos = max_positional(kwlist, nmax);
    if (!nkw && nargs >= nreq && nargs <= maxpos) {   /* the common case */
        fill_positional(out, args, nargs, nmax);
        return 0;
    }
    const char *fn = bare(fname);
    if (nkw && !kwlist) {
        tl_raise(th, &tl_TypeError, "%s() takes no keyword arguments", fn);
        return -1;
    }
    if (nargs > maxpos || nargs + nkw > nmax) {
        int given = nargs > maxpos ? nargs : nargs + nkw;
        const char *pos = maxpos < nmax && nargs > maxpos ? "positional " : "";
        int lim = nargs > maxpos ? maxpos : nmax;
        if (nreq == lim)
            tl_raise(th, &tl_TypeError, "%s() takes exactly %d %sargument%s (%d given)", fn, lim,
                     pos, plural(lim), given);
        else
            tl_raise(th, &tl_TypeError, "%s() takes at most %d %sargument%s (%d given)", fn, lim,
                     pos, plural(lim), given);
        return -1;
    }
    fill_positional(out, args, nargs, nmax);
    for (int k = 0; k < nkw; k++) {
        const char *name = tl_cstr(TL_TUPLE(kw)->items[k]);
        int i = kw_index(kwlist, nmax, name);
        if (i < 0) {
            tl_raise(th, &tl_TypeError, "'%s' is an invalid keyword argument for %s()", name, fn);
            return -1;
        }
        if (out[i]) {
            tl_raise(th, &tl_TypeError, "argument for %s() given by name ('%s') and position (%d)",
                     fn, name, i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (int i = 0; i < nreq; i++) {
        if (out[i])
            continue;
        if (kwlist && kwlist[i] && kwlist[i][0])
            tl_raise(th, &tl_TypeError, "%s() missing required argument '%s' (pos %d)", fn,
                     kw_name(kwlist[i]), i + 1);
        else
            tl_raise(th, &tl_TypeError, "%s expected at least %d argument%s, got %d", fn, nreq,
                     plural(nreq), nargs);
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- init */

void tl_type_init(TlThread *th)
{
    static TlType *const types[] = {
        &tl_object_type, &tl_type_type, &tl_none_type, &tl_notimpl_type, &tl_ellipsis_type,
        &tl_native_type, &tl_method_type, &tl_property_type, &tl_staticmethod_type,
        &tl_classmethod_type, &tl_super_type, &tl_getset_type, &member_type, &tl_module_type,
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        tl_type_ready(th, types[i]);
}
