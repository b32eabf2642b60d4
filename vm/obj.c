/*
 * obj.c -- the generic object operations: repr/str/hash, comparisons,
 * arithmetic dispatch, truth, attributes (the descriptor protocol), items,
 * length, containment, iteration, isinstance and friends.
 *
 * Every operation follows CPython's abstract-object rules and messages.
 * Builtin (static) types are served straight from their C slots; for
 * classes the operation looks the dunder up on the type (tl_type_lookup,
 * cached) so Python overrides win.  When the dunder found is a builtin's
 * published slot wrapper (a native owned by a static type), the class's
 * inherited C slot is called directly instead of going through the
 * wrapper: same result, no argument packing.
 *
 * Calls into Python made here nest a dispatch loop (tl_call); the
 * interpreter handles its own stackless cases before falling back to these
 * functions.  Native recursion that Python frames do not bound (comparing
 * or hashing deeply nested containers) is counted in th->cdepth.
 */
#include "tl.h"
#include "frame.h"

#include <stdlib.h>
#include <string.h>

static bool heap(TlType *t) { return (t->flags & TL_TF_HEAP) != 0; }

/* A builtin's slot dunder: the class's inherited C slot does the same. */
static bool builtin_dunder(TlVal f)
{
    if (!tl_is_exact(f, &tl_native_type))
        return false;
    TlType *owner = ((TlNative *)tl_obj(f))->owner;
    return owner && !heap(owner);
}

static bool enter(TlThread *th, const char *where)
{
    if (th->cdepth >= th->vm->recursion_limit) {
        tl_raise(th, &tl_RecursionError, "maximum recursion depth exceeded%s", where);
        return false;
    }
    th->cdepth++;
    return true;
}

static void leave(TlThread *th) { th->cdepth--; }

const char *tl_type_name(TlVal v)
{
    return tl_type(v)->cname;
}

bool tl_subtype(TlType *t, TlType *base)
{
    if (t == base)
        return true;
    if (!t->mro) {
        for (t = t->base; t; t = t->base)
            if (t == base)
                return true;
        return false;
    }
    TlTuple *m = TL_TUPLE(t->mro);
    for (size_t i = 1; i < m->len; i++)
        if (m->items[i] == tl_val(base))
            return true;
    return false;
}

/* ------------------------------------------------------ calling dunders */

TlVal tl_call_dunder(TlThread *th, TlVal descr, TlVal self, TlVal *args, int nargs)
{
    bool plain = tl_is_exact(descr, &tl_func_type) ||
                 (tl_is_exact(descr, &tl_native_type) &&
                  ((TlNative *)tl_obj(descr))->owner && !((TlNative *)tl_obj(descr))->self &&
                  (((TlNative *)tl_obj(descr))->flags & 3) == TL_METH_INSTANCE);
    if (!plain) {
        TlVal f = tl_bind(th, descr, self, tl_type(self));
        if (!f)
            return TL_NULL;
        uint32_t mark = tl_roots_mark(th);
        tl_root(th, f);
        TlVal r = tl_call(th, f, args, nargs, TL_NULL);
        tl_roots_reset(th, mark);
        return r;
    }
    return tl_call_self(th, descr, self, args, nargs, TL_NULL);
}

/* The dunder `name` of v's class, or TL_NULL when absent or None. */
static TlVal dunder(TlVal v, TlVal name)
{
    TlVal f = tl_type_lookup(tl_type(v), name);
    return f == TL_NONE ? TL_NULL : f;
}

/* ----------------------------------------------------------- repr, str */

static TlVal check_str(TlThread *th, TlVal r, const char *what)
{
    if (r && !tl_is_str(r))
        return tl_raise(th, &tl_TypeError, "%s returned non-string (type %s)", what,
                        tl_type_name(r));
    return r;
}

/* repr or str through the slot or the class's dunder. */
static TlVal to_text(TlThread *th, TlVal v, bool repr)
{
    TlType *t = tl_type(v);
    TlVal (*slot)(TlThread *, TlVal) = repr ? t->repr : t->str;
    const char *where = repr ? " while getting the repr of an object"
                             : " while getting the str of an object";
    if (th->cdepth >= th->vm->recursion_limit)
        return tl_raise(th, &tl_RecursionError, "maximum recursion depth exceeded%s", where);
    TlVal r;
    if (!heap(t)) {
        r = slot(th, v);
    } else {
        TlVal f = dunder(v, repr ? TLN(__repr__) : TLN(__str__));
        if (f && (!builtin_dunder(f) || !slot))
            r = tl_call_dunder(th, f, v, NULL, 0);
        else
            r = slot(th, v);
    }
    return check_str(th, r, repr ? "__repr__" : "__str__");
}

TlVal tl_repr(TlThread *th, TlVal v)
{
    return to_text(th, v, true);
}

TlVal tl_str(TlThread *th, TlVal v)
{
    if (tl_is_exact_str(v))
        return v;
    if (tl_is_small(v))
        return tl_int_str(th, v, 10);
    return to_text(th, v, false);
}

TlVal tl_ascii(TlThread *th, TlVal v)
{
    TlVal r = tl_repr(th, v);
    return r ? tl_str_to_ascii(th, r) : TL_NULL;
}

TlVal tl_format(TlThread *th, TlVal v, TlVal spec)
{
    if (!spec)
        spec = tl_str_new(th, "", 0);
    if (!spec)
        return TL_NULL;
    if (TL_STR(spec)->len == 0) {   /* format(x, '') is str(x) for the builtins */
        TlType *t = tl_type(v);
        if (t == &tl_str_type || t == &tl_int_type || t == &tl_float_type || t == &tl_bool_type)
            return tl_str(th, v);
    }
    TlVal f = dunder(v, TLN(__format__));
    if (!f)
        return tl_raise(th, &tl_TypeError, "Type %s doesn't define __format__", tl_type_name(v));
    TlVal r = tl_call_dunder(th, f, v, &spec, 1);
    if (r && !tl_is_str(r))
        return tl_raise(th, &tl_TypeError, "__format__ must return a str, not %s",
                        tl_type_name(r));
    return r;
}

/* ---------------------------------------------------------------- hash */

TlHash tl_hash(TlThread *th, TlVal v)
{
    TlType *t = tl_type(v);
    if (!heap(t)) {
        if (!t->hash) {
            tl_raise(th, &tl_TypeError, "unhashable type: '%s'", t->cname);
            return -1;
        }
        if (tl_is_small(v) || t == &tl_str_type)
            return t->hash(th, v);
        if (!enter(th, ""))
            return -1;
        TlHash h = t->hash(th, v);
        leave(th);
        return h;
    }
    TlVal f = dunder(v, TLN(__hash__));
    if (!f) {
        tl_raise(th, &tl_TypeError, "unhashable type: '%s'", t->cname);
        return -1;
    }
    if (builtin_dunder(f) && t->hash)
        return t->hash(th, v);
    TlVal r = tl_call_dunder(th, f, v, NULL, 0);
    if (!r)
        return -1;
    if (!tl_is_int(r)) {
        tl_raise(th, &tl_TypeError, "__hash__ method should return an integer");
        return -1;
    }
    /* As CPython: the value when it fits Py_ssize_t, else its hash. */
    int64_t h;
    if (tl_int_to_i64(th, r, &h) < 0) {
        tl_exc_clear(th);
        h = tl_int_hash(r);
    }
    return h == -1 ? -2 : h;
}

/* --------------------------------------------------------- comparisons */

static const TlCmpOp swapped[] = {TL_GT, TL_GE, TL_EQ, TL_NE, TL_LT, TL_LE};
static const char *const cmp_sym[] = {"<", "<=", "==", "!=", ">", ">="};

static TlVal cmp_name(TlCmpOp op)
{
    switch (op) {
    case TL_LT: return TLN(__lt__);
    case TL_LE: return TLN(__le__);
    case TL_EQ: return TLN(__eq__);
    case TL_NE: return TLN(__ne__);
    case TL_GT: return TLN(__gt__);
    default: return TLN(__ge__);
    }
}

/* x's own comparison: its slot, or its class's dunder. */
static TlVal cmp_side(TlThread *th, TlVal x, TlVal y, TlCmpOp op)
{
    TlType *t = tl_type(x);
    if (heap(t)) {
        TlVal f = dunder(x, cmp_name(op));
        if (!f)
            return TL_NOTIMPL;
        if (!builtin_dunder(f) || !t->richcmp)
            return tl_call_dunder(th, f, x, &y, 1);
    }
    return t->richcmp ? t->richcmp(th, x, y, op) : TL_NOTIMPL;
}

static TlVal do_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    TlType *ta = tl_type(a), *tb = tl_type(b);
    bool reflected_first = ta != tb && tl_subtype(tb, ta) && (heap(tb) || tb->richcmp);
    TlVal r;
    if (reflected_first) {
        r = cmp_side(th, b, a, swapped[op]);
        if (r != TL_NOTIMPL)
            return r;
    }
    r = cmp_side(th, a, b, op);
    if (r != TL_NOTIMPL)
        return r;
    if (!reflected_first && (ta != tb || heap(ta))) {
        r = cmp_side(th, b, a, swapped[op]);
        if (r != TL_NOTIMPL)
            return r;
    }
    if (op == TL_EQ)
        return tl_bool(a == b);
    if (op == TL_NE)
        return tl_bool(a != b);
    return tl_raise(th, &tl_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                    cmp_sym[op], ta->cname, tb->cname);
}

TlVal tl_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (tl_is_small(a) && tl_is_small(b)) {
        intptr_t x = tl_small(a), y = tl_small(b);
        bool r = op == TL_LT ? x < y : op == TL_LE ? x <= y : op == TL_EQ ? x == y
               : op == TL_NE ? x != y : op == TL_GT ? x > y : x >= y;
        return tl_bool(r);
    }
    if (!enter(th, " in comparison"))
        return TL_NULL;
    TlVal r = do_richcmp(th, a, b, op);
    leave(th);
    return r;
}

int tl_richcmp_bool(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    TlVal r = tl_richcmp(th, a, b, op);
    if (r == TL_TRUE)
        return 1;
    if (r == TL_FALSE)
        return 0;
    return r ? tl_truthy(th, r) : -1;
}

int tl_eq(TlThread *th, TlVal a, TlVal b)
{
    if (a == b)
        return 1;
    if (tl_is_small(a) && tl_is_small(b))
        return 0;
    if (tl_is_exact_str(a) && tl_is_exact_str(b))
        return tl_str_eq(a, b);
    return tl_richcmp_bool(th, a, b, TL_EQ);
}

/* ----------------------------------------------------------- operators */

static const char *const bin_sym[] = {"+", "-", "*", "@", "/", "//", "%", "** or pow()",
                                      "<<", ">>", "&", "|", "^"};
static const char *const inplace_sym[] = {"+=", "-=", "*=", "@=", "/=", "//=", "%=", "**=",
                                          "<<=", ">>=", "&=", "|=", "^="};

static TlVal bin_name(TlBinOp op, int kind)   /* 0 forward, 1 reflected, 2 in-place */
{
    static const int base[] = {TLN___add__, TLN___sub__, TLN___mul__, TLN___matmul__,
                               TLN___truediv__, TLN___floordiv__, TLN___mod__, TLN___pow__,
                               TLN___lshift__, TLN___rshift__, TLN___and__, TLN___or__,
                               TLN___xor__};
    static const int refl[] = {TLN___radd__, TLN___rsub__, TLN___rmul__, TLN___rmatmul__,
                               TLN___rtruediv__, TLN___rfloordiv__, TLN___rmod__, TLN___rpow__,
                               TLN___rlshift__, TLN___rrshift__, TLN___rand__, TLN___ror__,
                               TLN___rxor__};
    static const int inpl[] = {TLN___iadd__, TLN___isub__, TLN___imul__, TLN___imatmul__,
                               TLN___itruediv__, TLN___ifloordiv__, TLN___imod__, TLN___ipow__,
                               TLN___ilshift__, TLN___irshift__, TLN___iand__, TLN___ior__,
                               TLN___ixor__};
    const int *tab = kind == 0 ? base : kind == 1 ? refl : inpl;
    return tl_names[tab[op]];
}

/* self's half of a binary operation: forward (self op other) or reflected
 * (other op self). */
static TlVal bin_side(TlThread *th, TlBinOp op, TlVal self, TlVal other, bool reflected)
{
    TlType *t = tl_type(self);
    if (heap(t)) {
        TlVal f = dunder(self, bin_name(op, reflected));
        if (!f)
            return TL_NOTIMPL;
        if (!builtin_dunder(f) || !t->binop)
            return tl_call_dunder(th, f, self, &other, 1);
    }
    if (!t->binop)
        return TL_NOTIMPL;
    return reflected ? t->binop(th, op, other, self) : t->binop(th, op, self, other);
}

static TlVal binary(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    TlType *ta = tl_type(a), *tb = tl_type(b);
    if (ta == tb)
        return bin_side(th, op, a, b, false);
    bool rfirst = false;
    if (tl_subtype(tb, ta)) {
        TlVal rn = bin_name(op, 1);
        rfirst = tl_type_lookup(tb, rn) != tl_type_lookup(ta, rn);
    }
    TlVal r;
    if (rfirst) {
        r = bin_side(th, op, b, a, true);
        if (r != TL_NOTIMPL)
            return r;
    }
    r = bin_side(th, op, a, b, false);
    if (r != TL_NOTIMPL || rfirst)
        return r;
    if (!heap(ta) && !heap(tb) && ta->binop == tb->binop)
        return TL_NOTIMPL;
    return bin_side(th, op, b, a, true);
}

static bool is_sequence(TlType *t)
{
    return (t->flags & (TL_TF_STR | TL_TF_LIST | TL_TF_TUPLE | TL_TF_BYTES)) ||
           tl_subtype(t, &tl_bytearray_type);
}

static const char *seq_kind(TlType *t)
{
    return t->flags & TL_TF_STR ? "str" : t->flags & TL_TF_LIST ? "list" : "tuple";
}

TlVal tl_binop_error(TlThread *th, TlBinOp op, TlVal a, TlVal b, bool inplace)
{
    TlType *ta = tl_type(a), *tb = tl_type(b);
    if (op == TL_OP_ADD && (ta->flags & (TL_TF_STR | TL_TF_LIST | TL_TF_TUPLE)))
        return tl_raise(th, &tl_TypeError, "can only concatenate %s (not \"%s\") to %s",
                        seq_kind(ta), tb->cname, seq_kind(ta));
    if (op == TL_OP_ADD && is_sequence(ta))
        return tl_raise(th, &tl_TypeError, "can't concat %s to %s", tb->cname, ta->cname);
    if (op == TL_OP_MUL && (is_sequence(ta) || is_sequence(tb)))
        return tl_raise(th, &tl_TypeError, "can't multiply sequence by non-int of type '%s'",
                        is_sequence(ta) ? tb->cname : ta->cname);
    return tl_raise(th, &tl_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                    inplace ? inplace_sym[op] : bin_sym[op], ta->cname, tb->cname);
}

TlVal tl_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    TlVal r = binary(th, op, a, b);
    return r == TL_NOTIMPL ? tl_binop_error(th, op, a, b, false) : r;
}

TlVal tl_inplace(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    if (!tl_is_small(a)) {
        TlVal f = dunder(a, bin_name(op, 2));
        if (f) {
            TlVal r = tl_call_dunder(th, f, a, &b, 1);
            if (r != TL_NOTIMPL)
                return r;
        }
    }
    TlVal r = binary(th, op, a, b);
    return r == TL_NOTIMPL ? tl_binop_error(th, op, a, b, true) : r;
}

TlVal tl_unop(TlThread *th, TlUnOp op, TlVal a)
{
    static const char *const sym[] = {"-", "+", "~"};
    TlType *t = tl_type(a);
    TlVal r = TL_NOTIMPL;
    if (heap(t)) {
        TlVal name = op == TL_UOP_NEG ? TLN(__neg__) : op == TL_UOP_POS ? TLN(__pos__)
                                                                       : TLN(__invert__);
        TlVal f = dunder(a, name);
        if (f && (!builtin_dunder(f) || !t->unop))
            return tl_call_dunder(th, f, a, NULL, 0);
        if (f)
            r = t->unop(th, op, a);
    } else if (t->unop) {
        r = t->unop(th, op, a);
    }
    if (r == TL_NOTIMPL)
        return tl_raise(th, &tl_TypeError, "bad operand type for unary %s: '%s'", sym[op],
                        t->cname);
    return r;
}

/* ---------------------------------------------------- truth and length */

/* __len__ / __index__ results: an int that fits, as CPython's
 * PyNumber_AsSsize_t with OverflowError. */
static void index_overflow(TlThread *th, TlVal r)
{
    tl_raise(th, &tl_OverflowError, "cannot fit '%s' into an index-sized integer",
                    tl_type_name(r));
}

/* The int r as 64-bit CPython's Py_ssize_t holds it (lengths). */
static int as_ssize(TlThread *th, TlVal r, int64_t *out)
{
    if (tl_is_small(r)) {
        *out = tl_small(r);
        return 0;
    }
    if (!tl_is_int(r)) {
        tl_raise(th, &tl_TypeError, "'%s' object cannot be interpreted as an integer",
                 tl_type_name(r));
        return -1;
    }
    if (tl_int_to_i64(th, r, out) < 0) {
        tl_exc_clear(th);
        index_overflow(th, r);
        return -1;
    }
    return 0;
}

/* ... and as a C index (narrower on a 32-bit target). */
/* Indexes behave as with 64-bit CPython on every target: a value that fits
 * 64 bits but not this machine's word (wasm32) is clamped, which no
 * sequence can reach, so it ends as the IndexError, empty slice or
 * MemoryError that 64-bit CPython gives, never as an OverflowError. */
static int as_index(TlThread *th, TlVal r, intptr_t *out)
{
    int64_t v;
    if (as_ssize(th, r, &v) < 0)
        return -1;
    *out = v > INTPTR_MAX ? INTPTR_MAX : v < INTPTR_MIN ? INTPTR_MIN : (intptr_t)v;
    return 0;
}

static int64_t len_result(TlThread *th, TlVal r)
{
    int64_t n;
    if (!r || as_ssize(th, r, &n) < 0)
        return -1;
    if (n < 0) {
        tl_raise(th, &tl_ValueError, "__len__() should return >= 0");
        return -1;
    }
    return n;
}

int tl_truthy(TlThread *th, TlVal v)
{
    if (v == TL_TRUE)
        return 1;
    if (v == TL_FALSE || v == TL_NONE)
        return 0;
    if (tl_is_small(v))
        return tl_small(v) != 0;
    TlType *t = tl_type(v);
    if (heap(t)) {
        TlVal f = dunder(v, TLN(__bool__));
        if (f && (!builtin_dunder(f) || !t->truthy)) {
            TlVal r = tl_call_dunder(th, f, v, NULL, 0);
            if (!r)
                return -1;
            if (r != TL_TRUE && r != TL_FALSE) {
                tl_raise(th, &tl_TypeError, "__bool__ should return bool, returned %s",
                         tl_type_name(r));
                return -1;
            }
            return r == TL_TRUE;
        }
        if (!f) {
            TlVal g = dunder(v, TLN(__len__));
            if (g && (!builtin_dunder(g) || !t->len)) {
                int64_t n = len_result(th, tl_call_dunder(th, g, v, NULL, 0));
                return n < 0 ? -1 : n > 0;
            }
            if (!g)
                return 1;
        }
    }
    if (t->truthy)
        return t->truthy(th, v);
    if (t->len) {
        int64_t n = t->len(th, v);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

int64_t tl_len(TlThread *th, TlVal v)
{
    TlType *t = tl_type(v);
    if (heap(t)) {
        TlVal f = dunder(v, TLN(__len__));
        if (f && (!builtin_dunder(f) || !t->len))
            return len_result(th, tl_call_dunder(th, f, v, NULL, 0));
        if (!f)
            t = NULL;
    }
    if (!t || !t->len) {
        tl_raise(th, &tl_TypeError, "object of type '%s' has no len()", tl_type_name(v));
        return -1;
    }
    return t->len(th, v);
}

int tl_index(TlThread *th, TlVal v, intptr_t *out)
{
    if (tl_is_int(v))
        return as_index(th, v, out);
    TlVal f = dunder(v, TLN(__index__));
    if (!f) {
        tl_raise(th, &tl_TypeError, "'%s' object cannot be interpreted as an integer",
                 tl_type_name(v));
        return -1;
    }
    TlVal r = tl_call_dunder(th, f, v, NULL, 0);
    if (!r)
        return -1;
    if (!tl_is_int(r)) {
        tl_raise(th, &tl_TypeError, "__index__ returned non-int (type %s)", tl_type_name(r));
        return -1;
    }
    return as_index(th, r, out);
}

/* ----------------------------------------------------------- attributes */

bool tl_is_data_descr(TlVal d)
{
    TlType *t = tl_type(d);
    if (!heap(t))
        return t->descr_set != NULL;
    return tl_type_lookup(t, TLN(__set__)) || tl_type_lookup(t, TLN(__delete__));
}

TlVal tl_bind(TlThread *th, TlVal descr, TlVal obj, TlType *type)
{
    TlType *dt = tl_type(descr);
    if (!heap(dt))
        return dt->descr_get ? dt->descr_get(th, descr, obj, tl_val(type)) : descr;
    TlVal g = tl_type_lookup(dt, TLN(__get__));
    if (!g)
        return descr;
    if (builtin_dunder(g) && dt->descr_get)
        return dt->descr_get(th, descr, obj, tl_val(type));
    TlVal av[2] = {obj ? obj : TL_NONE, tl_val(type)};
    return tl_call_dunder(th, g, descr, av, 2);
}

TlVal tl_instance_dict(TlThread *th, TlVal obj)
{
    TlVal *dp = tl_instance_dict_ptr(obj);
    if (!dp)
        return TL_NULL;
    TlVal d = atomic_load_explicit((_Atomic TlVal *)dp, memory_order_acquire);
    if (d)
        return d;
    TlVal fresh = tl_dict_new(th);
    if (!fresh)
        return TL_NULL;
    TlVal expect = TL_NULL;
    if (atomic_compare_exchange_strong((_Atomic TlVal *)dp, &expect, fresh))
        return fresh;
    return expect;
}

static TlVal attr_error(TlThread *th, TlVal obj, TlVal name)
{
    if (tl_is_type(obj))
        tl_raise(th, &tl_AttributeError, "type object '%s' has no attribute '%s'",
                 TL_TYPE(obj)->cname, tl_cstr(name));
    else
        tl_raise(th, &tl_AttributeError, "'%s' object has no attribute '%s'", tl_type_name(obj),
                 tl_cstr(name));
    if (th->exc)
        tl_exc_set_name(th->exc, name, obj);
    return TL_NULL;
}

/* The generic algorithm; with raise false an absent attribute is TL_NULL
 * without an exception (getattr with a default, hasattr). */
static TlVal generic_get(TlThread *th, TlVal obj, TlVal name, bool raise)
{
    TlType *t = tl_type(obj);
    TlVal descr = tl_type_lookup(t, name);
    if (descr && tl_is_data_descr(descr))
        return tl_bind(th, descr, obj, t);
    TlVal *dp = tl_instance_dict_ptr(obj);
    if (dp && *dp) {
        TlVal v = tl_dict_get_str(*dp, name);
        if (v)
            return v;
    }
    if (descr)
        return tl_bind(th, descr, obj, t);
    return raise ? attr_error(th, obj, name) : TL_NULL;
}

TlVal tl_generic_getattr(TlThread *th, TlVal obj, TlVal name)
{
    return generic_get(th, obj, name, true);
}

/* Full lookup: __getattribute__ (the slot, the generic algorithm or a
 * Python override), then the class's __getattr__ hook. */
static TlVal get_attr(TlThread *th, TlVal obj, TlVal name, bool raise)
{
    TlType *t = tl_type(obj);
    TlVal hook = TL_NULL, r;
    if (!heap(t)) {
        if (t->getattr)
            return t->getattr(th, obj, name);
        r = generic_get(th, obj, name, false);
    } else {
        TlVal ga = tl_type_lookup(t, TLN(__getattribute__));
        hook = dunder(obj, TLN(__getattr__));
        if (!ga || builtin_dunder(ga))
            r = t->getattr ? t->getattr(th, obj, name) : generic_get(th, obj, name, false);
        else
            r = tl_call_dunder(th, ga, obj, &name, 1);
    }
    if (r)
        return r;
    if (th->exc) {
        if (!hook || !tl_exc_matches(th, &tl_AttributeError))
            return TL_NULL;
        tl_exc_clear(th);
    }
    if (hook)
        return tl_call_dunder(th, hook, obj, &name, 1);
    return raise ? attr_error(th, obj, name) : TL_NULL;
}

TlVal tl_getattr(TlThread *th, TlVal obj, TlVal name)
{
    return get_attr(th, obj, name, true);
}

TlVal tl_getattr_opt(TlThread *th, TlVal obj, TlVal name)
{
    TlVal r = get_attr(th, obj, name, false);
    if (!r && th->exc && tl_exc_matches(th, &tl_AttributeError))
        tl_exc_clear(th);
    return r;
}

/* A descriptor's __set__/__delete__; 1 when descr handled it. */
static int descr_set(TlThread *th, TlVal descr, TlVal obj, TlVal value)
{
    TlType *dt = tl_type(descr);
    if (!heap(dt)) {
        if (!dt->descr_set)
            return 0;
        return dt->descr_set(th, descr, obj, value) < 0 ? -1 : 1;
    }
    TlVal f = tl_type_lookup(dt, value ? TLN(__set__) : TLN(__delete__));
    if (!f) {
        if (!tl_is_data_descr(descr))
            return 0;
        tl_raise(th, &tl_AttributeError, value ? "__set__" : "__delete__");
        return -1;
    }
    if (builtin_dunder(f) && dt->descr_set)
        return dt->descr_set(th, descr, obj, value) < 0 ? -1 : 1;
    TlVal av[2] = {obj, value};
    return tl_call_dunder(th, f, descr, av, value ? 2 : 1) ? 1 : -1;
}

int tl_generic_setattr(TlThread *th, TlVal obj, TlVal name, TlVal value)
{
    TlType *t = tl_type(obj);
    TlVal descr = tl_type_lookup(t, name);
    if (descr) {
        int r = descr_set(th, descr, obj, value);
        if (r)
            return r < 0 ? -1 : 0;
    }
    TlVal d = tl_instance_dict(th, obj);
    if (!d) {
        if (th->exc)
            return -1;
        if (descr)
            tl_raise(th, &tl_AttributeError, "'%s' object attribute '%s' is read-only",
                     t->cname, tl_cstr(name));
        else
            attr_error(th, obj, name);
        return -1;
    }
    if (value) {
        if (!TL_STR(name)->interned && !(name = tl_intern(th, name)))
            return -1;
        return tl_dict_set(th, d, name, value);
    }
    if (!tl_dict_get_str(d, name)) {
        attr_error(th, obj, name);
        return -1;
    }
    return tl_dict_del(th, d, name);
}

int tl_setattr(TlThread *th, TlVal obj, TlVal name, TlVal value)
{
    TlType *t = tl_type(obj);
    if (heap(t)) {
        TlVal f = dunder(obj, value ? TLN(__setattr__) : TLN(__delattr__));
        if (f && !builtin_dunder(f)) {
            TlVal av[2] = {name, value};
            return tl_call_dunder(th, f, obj, av, value ? 2 : 1) ? 0 : -1;
        }
    }
    if (t->setattr)
        return t->setattr(th, obj, name, value);
    return tl_generic_setattr(th, obj, name, value);
}

int tl_delattr(TlThread *th, TlVal obj, TlVal name)
{
    return tl_setattr(th, obj, name, TL_NULL);
}

/* ---------------------------------------------------------------- items */

TlVal tl_getitem(TlThread *th, TlVal obj, TlVal key)
{
    TlType *t = tl_type(obj);
    if (heap(t)) {
        TlVal f = dunder(obj, TLN(__getitem__));
        if (f && (!builtin_dunder(f) || !t->getitem))
            return tl_call_dunder(th, f, obj, &key, 1);
        if (!f)
            t = NULL;
    }
    if (t && t->getitem)
        return t->getitem(th, obj, key);
    if (tl_is_type(obj)) {
        TlVal cg = tl_type_lookup(TL_TYPE(obj), TLN(__class_getitem__));
        if (cg) {
            TlVal f = tl_bind(th, cg, TL_NULL, TL_TYPE(obj));
            return f ? tl_call1(th, f, key) : TL_NULL;
        }
        return tl_raise(th, &tl_TypeError, "type '%s' is not subscriptable", TL_TYPE(obj)->cname);
    }
    return tl_raise(th, &tl_TypeError, "'%s' object is not subscriptable", tl_type_name(obj));
}

int tl_setitem(TlThread *th, TlVal obj, TlVal key, TlVal value)
{
    TlType *t = tl_type(obj);
    if (heap(t)) {
        TlVal f = dunder(obj, value ? TLN(__setitem__) : TLN(__delitem__));
        if (f && (!builtin_dunder(f) || !t->setitem)) {
            TlVal av[2] = {key, value};
            return tl_call_dunder(th, f, obj, av, value ? 2 : 1) ? 0 : -1;
        }
        if (!f)
            t = NULL;
    }
    if (t && t->setitem)
        return t->setitem(th, obj, key, value);
    if (value)
        tl_raise(th, &tl_TypeError, "'%s' object does not support item assignment",
                 tl_type_name(obj));
    else
        tl_raise(th, &tl_TypeError, "'%s' object doesn't support item deletion",
                 tl_type_name(obj));
    return -1;
}

int tl_delitem(TlThread *th, TlVal obj, TlVal key)
{
    return tl_setitem(th, obj, key, TL_NULL);
}

/* ------------------------------------------------------------ iteration */

static bool is_iterator(TlVal v)
{
    TlType *t = tl_type(v);
    return heap(t) ? dunder(v, TLN(__next__)) != TL_NULL : t->iternext != NULL;
}

TlVal tl_iter(TlThread *th, TlVal v)
{
    TlType *t = tl_type(v);
    TlVal r;
    if (heap(t)) {
        TlVal f = tl_type_lookup(t, TLN(__iter__));
        if (f == TL_NONE)
            return tl_raise(th, &tl_TypeError, "'%s' object is not iterable", t->cname);
        if (f && (!builtin_dunder(f) || !t->iter)) {
            r = tl_call_dunder(th, f, v, NULL, 0);
            if (r && !is_iterator(r))
                return tl_raise(th, &tl_TypeError, "iter() returned non-iterator of type '%s'",
                                tl_type_name(r));
            return r;
        }
        if (!f) {
            if (dunder(v, TLN(__getitem__)))
                return tl_seqiter_new(th, v);
            return tl_raise(th, &tl_TypeError, "'%s' object is not iterable", t->cname);
        }
    }
    if (t->iter)
        return t->iter(th, v);
    if (t->getitem)
        return tl_seqiter_new(th, v);
    return tl_raise(th, &tl_TypeError, "'%s' object is not iterable", t->cname);
}

TlVal tl_next(TlThread *th, TlVal it)
{
    TlType *t = tl_type(it);
    TlVal r;
    if (heap(t)) {
        TlVal f = dunder(it, TLN(__next__));
        if (!f)
            return tl_raise(th, &tl_TypeError, "'%s' object is not an iterator", t->cname);
        if (!builtin_dunder(f) || !t->iternext)
            r = tl_call_dunder(th, f, it, NULL, 0);
        else
            r = t->iternext(th, it);
    } else if (t->iternext) {
        r = t->iternext(th, it);
    } else {
        return tl_raise(th, &tl_TypeError, "'%s' object is not an iterator", t->cname);
    }
    if (!r && th->exc && tl_exc_matches(th, &tl_StopIteration))
        tl_exc_clear(th);
    return r;
}

int tl_contains(TlThread *th, TlVal container, TlVal item)
{
    TlType *t = tl_type(container);
    if (heap(t)) {
        TlVal f = dunder(container, TLN(__contains__));
        if (f && (!builtin_dunder(f) || !t->contains)) {
            TlVal r = tl_call_dunder(th, f, container, &item, 1);
            return r ? tl_truthy(th, r) : -1;
        }
        if (f)
            return t->contains(th, container, item);
    } else if (t->contains) {
        return t->contains(th, container, item);
    }
    bool iterable = heap(t) ? dunder(container, TLN(__iter__)) || dunder(container, TLN(__getitem__))
                            : t->iter || t->getitem;
    if (!iterable) {
        tl_raise(th, &tl_TypeError, "argument of type '%s' is not iterable", t->cname);
        return -1;
    }
    TlVal it = tl_iter(th, container);
    if (!it)
        return -1;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, it);
    int found = 0;
    for (;;) {
        TlVal x = tl_next(th, it);
        if (!x) {
            found = th->exc ? -1 : 0;
            break;
        }
        found = tl_eq(th, x, item);
        if (found)
            break;
    }
    tl_roots_reset(th, mark);
    return found;
}

/* ------------------------------------------------------------ callables */

bool tl_callable(TlVal v)
{
    TlType *t = tl_type(v);
    if (heap(t))
        return dunder(v, TLN(__call__)) != TL_NULL;
    return t->call != NULL;
}

TlVal tl_call_method(TlThread *th, TlVal obj, TlVal name, TlVal *args, int nargs)
{
    TlVal f = tl_getattr(th, obj, name);
    if (!f)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, f);
    TlVal r = tl_call(th, f, args, nargs, TL_NULL);
    tl_roots_reset(th, mark);
    return r;
}

/* ------------------------------------------------- isinstance, issubclass */

static int class_check(TlThread *th, TlVal cls, TlVal x, bool instance)
{
    TlType *meta = tl_type(cls);
    if (heap(meta)) {
        TlVal f = tl_type_lookup(meta, instance ? TLN(__instancecheck__) : TLN(__subclasscheck__));
        if (f && !builtin_dunder(f)) {
            TlVal r = tl_call_dunder(th, f, cls, &x, 1);
            return r ? tl_truthy(th, r) : -1;
        }
    }
    TlType *t = instance ? tl_type(x) : TL_TYPE(x);
    return tl_subtype(t, TL_TYPE(cls));
}

int tl_isinstance(TlThread *th, TlVal obj, TlVal cls)
{
    if (tl_is_type(cls))
        return tl_type(obj) == TL_TYPE(cls) ? 1 : class_check(th, cls, obj, true);
    if (!tl_is_tuple(cls)) {
        tl_raise(th, &tl_TypeError,
                 "isinstance() arg 2 must be a type, a tuple of types, or a union");
        return -1;
    }
    if (!enter(th, " in __instancecheck__"))
        return -1;
    int r = 0;
    for (size_t i = 0; i < TL_TUPLE(cls)->len && r == 0; i++)
        r = tl_isinstance(th, obj, TL_TUPLE(cls)->items[i]);
    leave(th);
    return r;
}

int tl_issubclass(TlThread *th, TlVal cls, TlVal base)
{
    if (!tl_is_type(cls)) {
        tl_raise(th, &tl_TypeError, "issubclass() arg 1 must be a class");
        return -1;
    }
    if (tl_is_type(base))
        return class_check(th, base, cls, false);
    if (!tl_is_tuple(base)) {
        tl_raise(th, &tl_TypeError,
                 "issubclass() arg 2 must be a class, a tuple of classes, or a union");
        return -1;
    }
    if (!enter(th, " in __subclasscheck__"))
        return -1;
    int r = 0;
    for (size_t i = 0; i < TL_TUPLE(base)->len && r == 0; i++)
        r = tl_issubclass(th, cls, TL_TUPLE(base)->items[i]);
    leave(th);
    return r;
}

/* ---------------------------------------------------------- conversions */

TlVal tl_to_list(TlThread *th, TlVal iterable)
{
    TlVal l = tl_list_new(th, 0);
    if (!l)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, l);
    int r = tl_list_extend(th, l, iterable);
    tl_roots_reset(th, mark);
    return r < 0 ? TL_NULL : l;
}

TlVal tl_to_tuple(TlThread *th, TlVal iterable)
{
    if (tl_is_exact(iterable, &tl_tuple_type))
        return iterable;
    TlVal l = tl_is_exact(iterable, &tl_list_type) ? iterable : tl_to_list(th, iterable);
    if (!l)
        return TL_NULL;
    return tl_tuple_from(th, TL_LIST(l)->items, TL_LIST(l)->len);
}
