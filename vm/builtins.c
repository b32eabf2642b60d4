/*
 * builtins.c -- the builtins module: print, len, min/max, sorted, getattr
 * and friends, plus the builtin type and exception names.
 *
 * Each function is a thin native over the generic operations of obj.c and
 * the container APIs, so that the semantics (and error messages) live in
 * one place and the builtins only add argument handling.  The calls that can
 * run Python code (key functions, __round__ ...) go through tl_call and keep
 * their intermediate values rooted.
 */
#include "lib.h"
#include "code.h"

#include <string.h>

/* iter.c / eval.c */
extern TlType tl_enumerate_type, tl_zip_type, tl_map_type, tl_filter_type,
    tl_reversed_type;
TlVal tl_calliter_new(TlThread *th, TlVal callable, TlVal sentinel);
TlVal tl_build_class(TlThread *th, TlVal *args, int nargs, TlVal kw);
TlVal tl_str_from_codepoint(TlThread *th, uint32_t cp);

/* ------------------------------------------------------------------ print */

static TlVal kwarg(TlVal *args, int nargs, TlVal kw, TlVal name)
{
    if (!kw)
        return TL_NULL;
    TlTuple *t = TL_TUPLE(kw);
    for (size_t i = 0; i < t->len; i++)
        if (t->items[i] == name || tl_str_eq(t->items[i], name))
            return args[nargs + (int)i];
    return TL_NULL;
}

static int check_print_kw(TlThread *th, TlVal kw)
{
    if (!kw)
        return 0;
    TlTuple *t = TL_TUPLE(kw);
    for (size_t i = 0; i < t->len; i++) {
        TlVal k = t->items[i];
        if (!tl_str_eq(k, TLN(sep)) && !tl_str_eq(k, TLN(end)) &&
            !tl_str_eq(k, TLN(file)) && !tl_str_eq(k, TLN(flush))) {
            tl_raise(th, &tl_TypeError,
                     "'%S' is an invalid keyword argument for print()", k);
            return -1;
        }
    }
    return 0;
}

static TlVal str_or_default(TlThread *th, TlVal v, const char *dflt, const char *what)
{
    if (!v || v == TL_NONE)
        return tl_str_cstr(th, dflt);
    if (!tl_is_str(v))
        return tl_raise(th, &tl_TypeError, "%s must be None or a string, not %T", what, v);
    return v;
}

static TlVal b_print(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (check_print_kw(th, kw) < 0)
        return TL_NULL;
    TlVal sep = str_or_default(th, kwarg(args, nargs, kw, TLN(sep)), " ", "sep");
    TlVal end = sep ? str_or_default(th, kwarg(args, nargs, kw, TLN(end)), "\n", "end") : TL_NULL;
    if (!end)
        return TL_NULL;
    TlVal file = kwarg(args, nargs, kw, TLN(file));
    TlVal flush = kwarg(args, nargs, kw, TLN(flush));
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, sep);
    tl_root(th, end);
    TlBuilder b;
    tl_sb_init(&b);
    for (int i = 0; i < nargs; i++) {
        TlVal s = tl_str(th, args[i]);
        if (!s) {
            tl_sb_free(&b);
            tl_roots_reset(th, mark);
            return TL_NULL;
        }
        if (i)
            tl_sb_addv(&b, sep);
        tl_sb_addv(&b, s);
    }
    tl_sb_addv(&b, end);
    TlVal line = tl_sb_finish(th, &b);
    tl_roots_reset(th, mark);
    if (!line)
        return TL_NULL;
    if (!file || file == TL_NONE)
        file = tl_sys_stream(th, 1);
    if (!file)
        return TL_NULL;
    if (tl_write_to(th, file, line) < 0)
        return TL_NULL;
    if (flush && flush != TL_NONE) {
        int t = tl_truthy(th, flush);
        if (t < 0)
            return TL_NULL;
        if (t && !tl_call_method(th, file, TLN(flush), NULL, 0))
            return TL_NULL;
    }
    return TL_NONE;
}

static TlVal b_input(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "input", nargs, kw, 0, 1) < 0)
        return TL_NULL;
    TlVal prompt = TL_NULL;
    if (nargs) {
        prompt = tl_str(th, args[0]);
        if (!prompt)
            return TL_NULL;
    }
    return tl_read_line(th, prompt);
}

/* ------------------------------------------------------------ simple ones */

static TlVal b_len(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "len", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    int64_t n = tl_len(th, args[0]);
    return n < 0 ? TL_NULL : tl_int_from_i64(th, n);
}

static TlVal b_repr(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "repr", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return tl_repr(th, args[0]);
}

static TlVal b_ascii(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "ascii", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return tl_ascii(th, args[0]);
}

static TlVal b_format(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "format", nargs, kw, 1, 2) < 0)
        return TL_NULL;
    TlVal spec = nargs > 1 ? args[1] : tl_str_cstr(th, "");
    if (spec && !tl_is_str(spec))
        return tl_raise(th, &tl_TypeError,
                        "format() argument 2 must be str, not %T", spec);
    return spec ? tl_format(th, args[0], spec) : TL_NULL;
}

static TlVal b_id(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "id", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return tl_int_from_u64(th, (uint64_t)args[0]);
}

static TlVal b_hash(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "hash", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    TlHash h = tl_hash(th, args[0]);
    return h == -1 ? TL_NULL : tl_int_from_i64(th, h);
}

static TlVal b_callable(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "callable", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return tl_bool(tl_callable(args[0]));
}

static TlVal b_isinstance(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "isinstance", nargs, kw, 2, 2) < 0)
        return TL_NULL;
    int r = tl_isinstance(th, args[0], args[1]);
    return r < 0 ? TL_NULL : tl_bool(r);
}

static TlVal b_issubclass(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "issubclass", nargs, kw, 2, 2) < 0)
        return TL_NULL;
    if (!tl_is_type(args[0]))
        return tl_raise(th, &tl_TypeError, "issubclass() arg 1 must be a class");
    int r = tl_issubclass(th, args[0], args[1]);
    return r < 0 ? TL_NULL : tl_bool(r);
}

/* ------------------------------------------------------------- attributes */

static int attr_name(TlThread *th, const char *fn, TlVal name)
{
    if (tl_is_str(name))
        return 0;
    tl_raise(th, &tl_TypeError, "%s(): attribute name must be string", fn);
    return -1;
}

static TlVal b_getattr(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "getattr", nargs, kw, 2, 3) < 0 ||
        attr_name(th, "getattr", args[1]) < 0)
        return TL_NULL;
    if (nargs == 2)
        return tl_getattr(th, args[0], args[1]);
    TlVal v = tl_getattr_opt(th, args[0], args[1]);
    return v || th->exc ? v : args[2];
}

static TlVal b_hasattr(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "hasattr", nargs, kw, 2, 2) < 0 ||
        attr_name(th, "hasattr", args[1]) < 0)
        return TL_NULL;
    TlVal v = tl_getattr_opt(th, args[0], args[1]);
    return v ? TL_TRUE : th->exc ? TL_NULL : TL_FALSE;
}

static TlVal b_setattr(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "setattr", nargs, kw, 3, 3) < 0 ||
        attr_name(th, "setattr", args[1]) < 0)
        return TL_NULL;
    return tl_setattr(th, args[0], args[1], args[2]) < 0 ? TL_NULL : TL_NONE;
}

static TlVal b_delattr(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "delattr", nargs, kw, 2, 2) < 0 ||
        attr_name(th, "delattr", args[1]) < 0)
        return TL_NULL;
    return tl_delattr(th, args[0], args[1]) < 0 ? TL_NULL : TL_NONE;
}

/* ------------------------------------------------------------ iteration */

static TlVal b_iter(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "iter", nargs, kw, 1, 2) < 0)
        return TL_NULL;
    if (nargs == 1)
        return tl_iter(th, args[0]);
    if (!tl_callable(args[0]))
        return tl_raise(th, &tl_TypeError, "iter(v, w): v must be callable");
    return tl_calliter_new(th, args[0], args[1]);
}

/* next(it[, default]).  Builtin iterators go through their iternext slot;
 * generators and classes through __next__, so a StopIteration carrying a
 * return value reaches the caller intact. */
static TlVal b_next(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "next", nargs, kw, 1, 2) < 0)
        return TL_NULL;
    TlType *t = tl_type(args[0]);
    if (t->iternext && !(t->flags & TL_TF_HEAP) && t != &tl_gen_type) {
        TlVal v = t->iternext(th, args[0]);
        if (v || th->exc)
            return v;
        return nargs == 2 ? args[1] : tl_raise_val(th, tl_val(&tl_StopIteration));
    }
    TlVal m = tl_type_lookup(t, TLN(__next__));
    if (!m)
        return tl_raise(th, &tl_TypeError, "'%s' object is not an iterator",
                        tl_type_name(args[0]));
    TlVal v = tl_call1(th, m, args[0]);
    if (!v && nargs == 2 && tl_exc_matches(th, &tl_StopIteration)) {
        tl_exc_clear(th);
        return args[1];
    }
    return v;
}

/* Calls fn(item) when a key function is given. */
static TlVal apply_key(TlThread *th, TlVal key, TlVal item)
{
    return key ? tl_call1(th, key, item) : item;
}

/* min() and max(): one iterable, or two or more positional arguments. */
static TlVal minmax(TlThread *th, TlVal *args, int nargs, TlVal kw, TlCmpOp op,
                    const char *name)
{
    static const char *const kwlist[] = {"key", "default", NULL};
    TlVal opt[2] = {TL_NULL, TL_NULL};
    int nkw = kw ? (int)TL_TUPLE(kw)->len : 0;
    if (nkw && tl_args(th, name, args + nargs, 0, kw, kwlist, 0, 2, opt) < 0)
        return TL_NULL;
    if (nargs == 0)
        return tl_raise(th, &tl_TypeError, "%s expected at least 1 argument, got 0", name);
    if (nargs > 1 && opt[1])
        return tl_raise(th, &tl_TypeError,
                        "Cannot specify a default for %s() with multiple positional arguments", name);
    TlVal key = opt[0] == TL_NONE ? TL_NULL : opt[0];
    TlVal seq = nargs == 1 ? args[0] : tl_tuple_from(th, args, (size_t)nargs);
    if (!seq)
        return TL_NULL;
    /* Fixed root slots, rewritten in place (the array may move when a
     * callback roots more values, so index it afresh each time). */
    enum { SEQ, IT, BEST, BESTKEY, ITEM, KEY, NSLOTS };
    uint32_t mark = tl_roots_mark(th);
    for (int i = 0; i < NSLOTS; i++)
        tl_root(th, seq);
    TlVal it = tl_iter(th, seq);
    TlVal best = TL_NULL, bestkey = TL_NULL, item;
    th->roots[mark + IT] = it;
    while (it && (item = tl_next(th, it))) {
        th->roots[mark + ITEM] = item;
        TlVal k = apply_key(th, key, item);
        if (!k)
            goto fail;
        th->roots[mark + KEY] = k;
        int better = best ? tl_richcmp_bool(th, k, bestkey, op) : 1;
        if (better < 0)
            goto fail;
        if (better) {
            best = item;
            bestkey = k;
            th->roots[mark + BEST] = best;
            th->roots[mark + BESTKEY] = bestkey;
        }
    }
    if (th->exc || !it)
        goto fail;
    tl_roots_reset(th, mark);
    if (best)
        return best;
    if (opt[1])
        return opt[1];
    return tl_raise(th, &tl_ValueError, "%s() arg is an empty sequence", name);
fail:
    tl_roots_reset(th, mark);
    return TL_NULL;
}

static TlVal b_min(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return minmax(th, args, nargs, kw, TL_LT, "min");
}

static TlVal b_max(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return minmax(th, args, nargs, kw, TL_GT, "max");
}

static TlVal b_sum(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"", "start", NULL};
    TlVal a[2];
    if (tl_args(th, "sum", args, nargs, kw, kwlist, 1, 2, a) < 0)
        return TL_NULL;
    TlVal acc = a[1] ? a[1] : tl_mksmall(0);
    if (tl_is_str(acc))
        return tl_raise(th, &tl_TypeError,
                        "sum() can't sum strings [use ''.join(seq) instead]");
    if (tl_is_exact(acc, &tl_bytes_type))
        return tl_raise(th, &tl_TypeError,
                        "sum() can't sum bytes [use b''.join(seq) instead]");
    uint32_t mark = tl_roots_mark(th);
    TlVal it = tl_iter(th, a[0]), item;
    if (!it)
        return TL_NULL;
    tl_root(th, it);
    tl_root(th, acc);   /* slot mark + 1 follows the accumulator */
    /* Like CPython, a float sum runs in a C double while the items are
     * floats or machine ints: the same result, one float at the end. */
    double fsum = 0.0;
    bool unboxed = false;
    while ((item = tl_next(th, it))) {
        if (unboxed) {
            if (tl_is_exact(item, &tl_float_type)) {
                fsum += TL_FLOAT(item);
                continue;
            }
            if (tl_is_small(item)) {
                fsum += (double)tl_small(item);
                continue;
            }
            if (!(acc = tl_float_new(th, fsum)))
                break;
            unboxed = false;
        }
        intptr_t r;
        if (tl_is_small(acc) && tl_is_small(item) &&
            !__builtin_add_overflow(tl_small(acc), tl_small(item), &r) &&
            tl_fits_small(r)) {
            acc = tl_mksmall(r);
        } else if (tl_is_exact(acc, &tl_float_type) && tl_is_exact(item, &tl_float_type)) {
            fsum = TL_FLOAT(acc) + TL_FLOAT(item);
            unboxed = true;
        } else {
            tl_root(th, item);
            acc = tl_binop(th, TL_OP_ADD, acc, item);
            tl_roots_reset(th, mark + 2);
            if (!acc)
                break;
        }
        th->roots[mark + 1] = acc;
    }
    tl_roots_reset(th, mark);
    if (th->exc)
        return TL_NULL;
    return unboxed ? tl_float_new(th, fsum) : acc;
}

static TlVal any_all(TlThread *th, TlVal iterable, bool want)
{
    uint32_t mark = tl_roots_mark(th);
    TlVal it = tl_iter(th, iterable), item;
    if (!it)
        return TL_NULL;
    tl_root(th, it);
    TlVal result = tl_bool(!want);
    while ((item = tl_next(th, it))) {
        int t = tl_truthy(th, item);
        if (t < 0)
            break;
        if (t == want) {
            result = tl_bool(want);
            break;
        }
    }
    tl_roots_reset(th, mark);
    return th->exc ? TL_NULL : result;
}

static TlVal b_any(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "any", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return any_all(th, args[0], true);
}

static TlVal b_all(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "all", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return any_all(th, args[0], false);
}

static TlVal b_sorted(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"", "key", "reverse", NULL};
    TlVal a[3];
    if (nargs != 1)
        return tl_raise(th, &tl_TypeError,
                        "sorted expected 1 argument, got %d", nargs);
    if (tl_args(th, "sorted", args, nargs, kw, kwlist, 1, 3, a) < 0)
        return TL_NULL;
    TlVal list = tl_to_list(th, a[0]);
    if (!list)
        return TL_NULL;
    if (tl_is_exact(list, &tl_list_type) && list == a[0]) {
        list = tl_list_from(th, TL_LIST(list)->items, TL_LIST(list)->len);
        if (!list)
            return TL_NULL;
    }
    int rev = 0;
    if (a[2] && (rev = tl_truthy(th, a[2])) < 0)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, list);
    int r = tl_list_sort(th, list, a[1] == TL_NONE ? TL_NULL : a[1], rev);
    tl_roots_reset(th, mark);
    return r < 0 ? TL_NULL : list;
}

/* -------------------------------------------------------------- numbers */

static TlVal call_dunder(TlThread *th, TlVal obj, TlVal name, TlVal *args,
                         int nargs, const char *fmt)
{
    TlVal m = tl_type_lookup(tl_type(obj), name);
    if (!m)
        return tl_raise(th, &tl_TypeError, fmt, tl_type_name(obj));
    TlVal bound = tl_bind(th, m, obj, tl_type(obj));
    return bound ? tl_call(th, bound, args, nargs, TL_NULL) : TL_NULL;
}

static TlVal b_abs(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "abs", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal x = args[0];
    if (tl_is_small(x) && x != tl_mksmall(TL_SMALL_MIN))
        return tl_small(x) < 0 ? tl_mksmall(-tl_small(x)) : x;
    return call_dunder(th, x, TLN(__abs__), NULL, 0,
                       "bad operand type for abs(): '%s'");
}

static TlVal b_round(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"number", "ndigits", NULL};
    TlVal a[2];
    if (tl_args(th, "round", args, nargs, kw, kwlist, 1, 2, a) < 0)
        return TL_NULL;
    bool nd = a[1] && a[1] != TL_NONE;
    return call_dunder(th, a[0], TLN(__round__), nd ? &a[1] : NULL, nd ? 1 : 0,
                       "type %s doesn't define __round__ method");
}

static TlVal b_divmod(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "divmod", nargs, kw, 2, 2) < 0)
        return TL_NULL;
    TlVal a = args[0], b = args[1];
    TlVal m = tl_type_lookup(tl_type(a), TLN(__divmod__));
    if (m) {
        TlVal r = tl_call2(th, m, a, b);
        if (r != TL_NOTIMPL)
            return r;
    }
    if (tl_type(a) != tl_type(b)) {
        m = tl_type_lookup(tl_type(b), TLN(__rdivmod__));
        if (m) {
            TlVal r = tl_call2(th, m, b, a);
            if (r != TL_NOTIMPL)
                return r;
        }
    }
    return tl_raise(th, &tl_TypeError,
                    "unsupported operand type(s) for divmod(): '%s' and '%s'",
                    tl_type_name(a), tl_type_name(b));
}

static TlVal b_pow(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"base", "exp", "mod", NULL};
    TlVal a[3];
    if (tl_args(th, "pow", args, nargs, kw, kwlist, 2, 3, a) < 0)
        return TL_NULL;
    if (!a[2] || a[2] == TL_NONE)
        return tl_binop(th, TL_OP_POW, a[0], a[1]);
    if (!tl_is_int(a[0]) || !tl_is_int(a[1]) || !tl_is_int(a[2]))
        return tl_raise(th, &tl_TypeError,
                        "pow() 3rd argument not allowed unless all arguments are integers");
    return call_dunder(th, a[0], TLN(__pow__), &a[1], 2,
                       "unsupported operand type(s) for pow(): '%s'");
}

static TlVal int_text(TlThread *th, TlVal *args, int nargs, TlVal kw,
                      const char *name, int base)
{
    if (tl_args_n(th, name, nargs, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal v = args[0];
    if (!tl_is_int(v)) {
        TlVal m = tl_type_lookup(tl_type(v), TLN(__index__));
        if (!m)
            return tl_raise(th, &tl_TypeError,
                            "'%s' object cannot be interpreted as an integer",
                            tl_type_name(v));
        v = tl_call1(th, m, v);
        if (!v)
            return TL_NULL;
    }
    return tl_int_str(th, v, base);
}

static TlVal b_hex(TlThread *th, TlVal *a, int n, TlVal kw) { return int_text(th, a, n, kw, "hex", 16); }
static TlVal b_oct(TlThread *th, TlVal *a, int n, TlVal kw) { return int_text(th, a, n, kw, "oct", 8); }
static TlVal b_bin(TlThread *th, TlVal *a, int n, TlVal kw) { return int_text(th, a, n, kw, "bin", 2); }

static TlVal b_chr(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "chr", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    intptr_t cp;
    if (tl_index(th, args[0], &cp) < 0)
        return TL_NULL;
    if (cp < 0 || cp > 0x10ffff)
        return tl_raise(th, &tl_ValueError, "chr() arg not in range(0x110000)");
    return tl_str_from_codepoint(th, (uint32_t)cp);
}

/* The code point of a one-character str (or the byte of a bytes of 1). */
static TlVal b_ord(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "ord", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal v = args[0];
    if (tl_is_exact(v, &tl_bytes_type) || (!tl_is_small(v) && tl_has_flag(v, TL_TF_BYTES))) {
        TlBytes *b = (TlBytes *)tl_obj(v);
        if (b->len != 1)
            return tl_raise(th, &tl_TypeError,
                            "ord() expected a character, but string of length %zu found", b->len);
        return tl_mksmall(b->data[0]);
    }
    if (!tl_is_str(v))
        return tl_raise(th, &tl_TypeError,
                        "ord() expected string of length 1, but %s found", tl_type_name(v));
    TlStr *s = TL_STR(v);
    if (s->nchars != 1)
        return tl_raise(th, &tl_TypeError,
                        "ord() expected a character, but string of length %zu found", s->nchars);
    const unsigned char *p = (const unsigned char *)s->data;
    uint32_t cp = p[0];
    if (cp >= 0xf0)
        cp = ((cp & 7u) << 18) | ((p[1] & 63u) << 12) | ((p[2] & 63u) << 6) | (p[3] & 63u);
    else if (cp >= 0xe0)
        cp = ((cp & 15u) << 12) | ((p[1] & 63u) << 6) | (p[2] & 63u);
    else if (cp >= 0xc0)
        cp = ((cp & 31u) << 6) | (p[1] & 63u);
    return tl_mksmall(cp);
}

/* ------------------------------------------------------------- namespaces */

static TlVal b_globals(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "globals", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_frame_globals(th);
}

static TlVal b_locals(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "locals", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_frame_locals(th);
}

static TlVal b_vars(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "vars", nargs, kw, 0, 1) < 0)
        return TL_NULL;
    if (nargs == 0)
        return tl_frame_locals(th);
    TlVal d = tl_getattr_opt(th, args[0], TLN(__dict__));
    if (!d && !th->exc)
        tl_raise(th, &tl_TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

/* dir(obj): the sorted names of obj's attributes: its own dict, then its
 * class and every class in the MRO (for a class: itself and its MRO). */
static int add_keys(TlThread *th, TlVal set, TlVal dict)
{
    if (!dict || !tl_is_dict(dict))
        return 0;
    size_t pos = 0;
    TlVal k, v;
    while (tl_dict_next(dict, &pos, &k, &v))
        if (tl_set_add(th, set, k) < 0)
            return -1;
    return 0;
}

static int add_mro_keys(TlThread *th, TlVal set, TlType *t)
{
    TlTuple *mro = TL_TUPLE(t->mro);
    for (size_t i = 0; i < mro->len; i++)
        if (add_keys(th, set, TL_TYPE(mro->items[i])->dict) < 0)
            return -1;
    return 0;
}

static TlVal b_dir(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "dir", nargs, kw, 0, 1) < 0)
        return TL_NULL;
    TlVal set = tl_set_new(th, &tl_set_type);
    if (!set)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, set);
    int r;
    if (nargs == 0) {
        TlVal l = tl_frame_locals(th);
        r = l ? add_keys(th, set, l) : -1;
    } else if (tl_is_type(args[0])) {
        r = add_mro_keys(th, set, TL_TYPE(args[0]));
    } else {
        TlVal d = tl_getattr_opt(th, args[0], TLN(__dict__));
        r = th->exc ? -1 : add_keys(th, set, d);
        if (r == 0 && !tl_is_exact(args[0], &tl_module_type))
            r = add_mro_keys(th, set, tl_type(args[0]));
    }
    TlVal list = r < 0 ? TL_NULL : tl_to_list(th, set);
    if (list && tl_list_sort(th, list, TL_NULL, false) < 0)
        list = TL_NULL;
    tl_roots_reset(th, mark);
    return list;
}

/* exec/eval: source strings are compiled here; code objects run as is. */
static TlVal run_code(TlThread *th, TlVal *args, int nargs, TlVal kw,
                      const char *name, int mode)
{
    if (tl_args_n(th, name, nargs, kw, 1, 3) < 0)
        return TL_NULL;
    TlVal g = nargs > 1 && args[1] != TL_NONE ? args[1] : tl_frame_globals(th);
    if (!g)
        return TL_NULL;
    if (!tl_is_dict(g))
        return tl_raise(th, &tl_TypeError, "%s() globals must be a dict, not %T", name, g);
    TlVal l = nargs > 2 && args[2] != TL_NONE ? args[2]
              : nargs > 1 ? g : tl_frame_locals(th);
    if (!l)
        return TL_NULL;
    TlVal code = args[0];
    if (tl_is_str(code)) {
        TlStr *s = TL_STR(code);
        code = tl_compile(th, s->data, s->len, "<string>", mode, NULL);
        if (!code)
            return TL_NULL;
    } else if (!tl_is_exact(code, &tl_code_type)) {
        return tl_raise(th, &tl_TypeError,
                        "%s() arg 1 must be a string, bytes or code object", name);
    }
    if (!tl_dict_get_str(g, TLN(__builtins__)) &&
        tl_dict_set(th, g, TLN(__builtins__), th->vm->builtins) < 0)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, code);
    tl_root(th, l);
    TlVal r = tl_exec(th, code, g, l);
    tl_roots_reset(th, mark);
    if (!r)
        return TL_NULL;
    return mode == TL_MODE_EVAL ? r : TL_NONE;
}

static TlVal b_exec(TlThread *th, TlVal *a, int n, TlVal kw) { return run_code(th, a, n, kw, "exec", TL_MODE_EXEC); }
static TlVal b_eval(TlThread *th, TlVal *a, int n, TlVal kw) { return run_code(th, a, n, kw, "eval", TL_MODE_EVAL); }

static TlVal b_compile(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"source", "filename", "mode", "flags",
                                         "dont_inherit", "optimize", NULL};
    TlVal a[6];
    if (tl_args(th, "compile", args, nargs, kw, kwlist, 3, 6, a) < 0)
        return TL_NULL;
    if (!tl_is_str(a[0]) || !tl_is_str(a[1]) || !tl_is_str(a[2]))
        return tl_raise(th, &tl_TypeError, "compile() arguments must be str");
    const char *m = tl_cstr(a[2]);
    int mode = !strcmp(m, "exec") ? TL_MODE_EXEC : !strcmp(m, "eval") ? TL_MODE_EVAL
             : !strcmp(m, "single") ? TL_MODE_SINGLE : -1;
    if (mode < 0)
        return tl_raise(th, &tl_ValueError,
                        "compile() mode must be 'exec', 'eval' or 'single'");
    TlStr *src = TL_STR(a[0]);
    return tl_compile(th, src->data, src->len, tl_cstr(a[1]), mode, NULL);
}

static TlVal b_import(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"name", "globals", "locals", "fromlist", "level", NULL};
    TlVal a[5];
    if (tl_args(th, "__import__", args, nargs, kw, kwlist, 1, 5, a) < 0)
        return TL_NULL;
    if (!tl_is_str(a[0]))
        return tl_raise(th, &tl_TypeError, "__import__() argument 1 must be str, not %T", a[0]);
    return tl_import(th, a[0]);
}

static const TlMethodDef builtin_fns[] = {
    {"print", b_print, 0},       {"input", b_input, 0},
    {"len", b_len, 0},           {"repr", b_repr, 0},
    {"ascii", b_ascii, 0},       {"format", b_format, 0},
    {"id", b_id, 0},             {"hash", b_hash, 0},
    {"callable", b_callable, 0}, {"isinstance", b_isinstance, 0},
    {"issubclass", b_issubclass, 0},
    {"getattr", b_getattr, 0},   {"hasattr", b_hasattr, 0},
    {"setattr", b_setattr, 0},   {"delattr", b_delattr, 0},
    {"iter", b_iter, 0},         {"next", b_next, 0},
    {"min", b_min, 0},           {"max", b_max, 0},
    {"sum", b_sum, 0},           {"any", b_any, 0},
    {"all", b_all, 0},           {"sorted", b_sorted, 0},
    {"abs", b_abs, 0},           {"round", b_round, 0},
    {"divmod", b_divmod, 0},     {"pow", b_pow, 0},
    {"hex", b_hex, 0},           {"oct", b_oct, 0},
    {"bin", b_bin, 0},           {"chr", b_chr, 0},
    {"ord", b_ord, 0},           {"globals", b_globals, 0},
    {"locals", b_locals, 0},     {"vars", b_vars, 0},
    {"dir", b_dir, 0},           {"exec", b_exec, 0},
    {"eval", b_eval, 0},         {"__import__", b_import, 0},
    {"compile", b_compile, 0},
    /* exit() and quit(), which CPython's site module adds, are sys.exit. */
    {"exit", tl_sys_exit, 0},    {"quit", tl_sys_exit, 0},
    {"__build_class__", tl_build_class, 0},
    {NULL, NULL, 0},
};

static TlType *const builtin_types[] = {
    &tl_object_type, &tl_type_type, &tl_int_type, &tl_bool_type,
    &tl_float_type, &tl_str_type, &tl_bytes_type, &tl_bytearray_type,
    &tl_tuple_type, &tl_list_type, &tl_dict_type, &tl_set_type,
    &tl_frozenset_type, &tl_range_type, &tl_slice_type, &tl_property_type,
    &tl_staticmethod_type, &tl_classmethod_type, &tl_super_type,
    &tl_enumerate_type, &tl_zip_type, &tl_map_type, &tl_filter_type,
    &tl_reversed_type,
#define TL_EXC_REF(name, base) &tl_##name,
    TL_EXCEPTIONS(TL_EXC_REF)
#undef TL_EXC_REF
    NULL,
};

int tl_mod_builtins_init(TlThread *th, TlVal module)
{
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    if (tl_module_add_methods(th, module, builtin_fns) < 0)
        return -1;
    for (int i = 0; builtin_types[i]; i++) {
        TlType *t = builtin_types[i];
        if (tl_dict_set(th, d, t->name, tl_val(t)) < 0)
            return -1;
    }
    if (tl_dict_set_cstr(th, d, "None", TL_NONE) < 0 ||
        tl_dict_set_cstr(th, d, "True", TL_TRUE) < 0 ||
        tl_dict_set_cstr(th, d, "False", TL_FALSE) < 0 ||
        tl_dict_set_cstr(th, d, "NotImplemented", TL_NOTIMPL) < 0 ||
        tl_dict_set_cstr(th, d, "Ellipsis", TL_ELLIPSIS) < 0 ||
        tl_dict_set_cstr(th, d, "__debug__", TL_TRUE) < 0)
        return -1;
    /* EnvironmentError and IOError are OSError, as in CPython. */
    if (tl_dict_set_cstr(th, d, "EnvironmentError", tl_val(&tl_OSError)) < 0 ||
        tl_dict_set_cstr(th, d, "IOError", tl_val(&tl_OSError)) < 0)
        return -1;
    return 0;
}
