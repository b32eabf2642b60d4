/*
 * func.c -- Python function objects, closure cells and __build_class__.
 *
 * A function is a code object plus what the code needs at run time: its
 * globals and builtins, defaults, closure cells.  Calling one never goes
 * through the type's `call` slot on the fast path: the interpreter
 * recognises functions and pushes a frame directly (eval.c); the slot is
 * there for natives calling functions.  Function attributes follow CPython
 * (__name__, __qualname__, __doc__, __defaults__, __kwdefaults__,
 * __code__, __globals__, __closure__, __module__, __annotations__, and an
 * attribute __dict__ for everything else, e.g. functools' __wrapped__).
 *
 * __build_class__ runs a class body with a fresh namespace as its locals,
 * then calls the metaclass, and finally fills the __class__ cell the body
 * returned so that zero-argument super() works inside methods.
 */
#include <stdio.h>
#include <string.h>

#include "frame.h"

/* ------------------------------------------------------------ functions */

TlVal tl_func_new(TlThread *th, TlVal code, TlVal globals, TlVal builtins)
{
    TlCode *co = TL_CODE(code);
    TlFunc *fu = tl_alloc(th, &tl_func_type, sizeof(TlFunc));
    if (!fu)
        return TL_NULL;
    fu->code = code;
    fu->globals = globals;
    fu->builtins = builtins;
    fu->name = co->name;
    fu->qualname = co->qualname ? co->qualname : co->name;
    TlTuple *consts = TL_TUPLE(co->consts);
    fu->doc = consts->len && tl_is_str(consts->items[0]) ? consts->items[0] : TL_NONE;
    TlVal mod = tl_dict_get_str(globals, TLN(__name__));
    fu->module = mod ? mod : TL_NONE;
    return tl_val(fu);
}

static void func_mark(TlGC *gc, TlObj *o)
{
    TlFunc *f = (TlFunc *)o;
    TlVal *fields[] = {&f->code, &f->globals, &f->builtins, &f->name, &f->qualname,
                       &f->module, &f->doc, &f->defaults, &f->kwdefaults,
                       &f->closure, &f->dict, &f->annotations};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (*fields[i])
            tl_mark(gc, *fields[i]);
}

static TlVal func_call(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    return tl_call(th, self, args, nargs, kw);
}

static TlVal func_repr(TlThread *th, TlVal self)
{
    char addr[32];
    snprintf(addr, sizeof addr, "%p", (void *)tl_obj(self));
    return tl_str_fmt(th, "<function %S at %s>", TL_FUNC(self)->qualname, addr);
}

static TlVal func_get(TlThread *th, TlVal self, TlVal obj, TlVal type)
{
    (void)type;
    if (!obj || obj == TL_NONE)
        return self;
    return tl_method_new(th, self, obj);
}

static TlVal or_none(TlVal v)
{
    return v ? v : TL_NONE;
}

#define FIELD_GETTER(fname, field)                            \
    static TlVal fname(TlThread *th, TlVal self)              \
    {                                                         \
        (void)th;                                             \
        return or_none(TL_FUNC(self)->field);                 \
    }

FIELD_GETTER(get_name, name)
FIELD_GETTER(get_qualname, qualname)
FIELD_GETTER(get_doc, doc)
FIELD_GETTER(get_module, module)
FIELD_GETTER(get_defaults, defaults)
FIELD_GETTER(get_kwdefaults, kwdefaults)
FIELD_GETTER(get_code, code)
FIELD_GETTER(get_globals, globals)
FIELD_GETTER(get_closure, closure)
FIELD_GETTER(get_builtins, builtins)

static TlVal lazy_dict(TlThread *th, TlVal *slot)
{
    if (!*slot)
        *slot = tl_dict_new(th);
    return *slot;
}

static TlVal get_dict(TlThread *th, TlVal self)
{
    return lazy_dict(th, &TL_FUNC(self)->dict);
}

static TlVal get_annotations(TlThread *th, TlVal self)
{
    TlFunc *f = TL_FUNC(self);
    if (f->annotations && !tl_is_dict(f->annotations) && tl_is_tuple(f->annotations)) {
        /* MAKE_FUNCTION flag 4 may hand over a flat (name, value ...) tuple */
        TlVal d = tl_dict_new(th);
        TlTuple *t = TL_TUPLE(f->annotations);
        for (size_t i = 0; d && i + 1 < t->len; i += 2)
            if (tl_dict_set(th, d, t->items[i], t->items[i + 1]) < 0)
                return TL_NULL;
        f->annotations = d;
    }
    return lazy_dict(th, &f->annotations);
}

static int set_str_field(TlThread *th, TlVal *slot, TlVal v, const char *what)
{
    if (!v || !tl_is_str(v)) {
        tl_raise(th, &tl_TypeError, "%s must be set to a string object", what);
        return -1;
    }
    *slot = v;
    return 0;
}

static int set_name(TlThread *th, TlVal self, TlVal v)
{
    return set_str_field(th, &TL_FUNC(self)->name, v, "__name__");
}

static int set_qualname(TlThread *th, TlVal self, TlVal v)
{
    return set_str_field(th, &TL_FUNC(self)->qualname, v, "__qualname__");
}

static int set_doc(TlThread *th, TlVal self, TlVal v)
{
    (void)th;
    TL_FUNC(self)->doc = v ? v : TL_NONE;
    return 0;
}

static int set_module(TlThread *th, TlVal self, TlVal v)
{
    (void)th;
    TL_FUNC(self)->module = v ? v : TL_NONE;
    return 0;
}

static int set_defaults(TlThread *th, TlVal self, TlVal v)
{
    if (v && v != TL_NONE && !tl_is_tuple(v)) {
        tl_raise(th, &tl_TypeError, "__defaults__ must be set to a tuple object");
        return -1;
    }
    TL_FUNC(self)->defaults = v == TL_NONE ? TL_NULL : v;
    return 0;
}

static int set_kwdefaults(TlThread *th, TlVal self, TlVal v)
{
    if (v && v != TL_NONE && !tl_is_dict(v)) {
        tl_raise(th, &tl_TypeError, "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    TL_FUNC(self)->kwdefaults = v == TL_NONE ? TL_NULL : v;
    return 0;
}

static int set_dict(TlThread *th, TlVal self, TlVal v)
{
    if (!v || !tl_is_dict(v)) {
        tl_raise(th, &tl_TypeError, "__dict__ must be set to a dictionary, not a '%s'",
                 v ? tl_type_name(v) : "NoneType");
        return -1;
    }
    TL_FUNC(self)->dict = v;
    return 0;
}

static int set_annotations(TlThread *th, TlVal self, TlVal v)
{
    if (v && v != TL_NONE && !tl_is_dict(v)) {
        tl_raise(th, &tl_TypeError, "__annotations__ must be set to a dict object");
        return -1;
    }
    TL_FUNC(self)->annotations = v == TL_NONE ? TL_NULL : v;
    return 0;
}

static const TlGetSetDef func_getsets[] = {
    {"__name__", get_name, set_name},
    {"__qualname__", get_qualname, set_qualname},
    {"__doc__", get_doc, set_doc},
    {"__module__", get_module, set_module},
    {"__defaults__", get_defaults, set_defaults},
    {"__kwdefaults__", get_kwdefaults, set_kwdefaults},
    {"__code__", get_code, NULL},
    {"__globals__", get_globals, NULL},
    {"__closure__", get_closure, NULL},
    {"__builtins__", get_builtins, NULL},
    {"__dict__", get_dict, set_dict},
    {"__annotations__", get_annotations, set_annotations},
    {NULL, NULL, NULL},
};

/* Type attributes (the getsets above, __get__ ...) first, then the
 * function's own __dict__. */
static TlVal func_getattr(TlThread *th, TlVal self, TlVal name)
{
    TlVal d = tl_type_lookup(&tl_func_type, name);
    if (d) {
        TlType *dt = tl_type(d);
        return dt->descr_get ? dt->descr_get(th, d, self, tl_val(&tl_func_type)) : d;
    }
    TlFunc *f = TL_FUNC(self);
    if (f->dict) {
        TlVal v = tl_dict_get(th, f->dict, name);
        if (v || th->exc)
            return v;
    }
    return tl_raise(th, &tl_AttributeError, "'function' object has no attribute '%S'", name);
}

static int func_setattr(TlThread *th, TlVal self, TlVal name, TlVal value)
{
    TlVal d = tl_type_lookup(&tl_func_type, name);
    if (d && tl_type(d)->descr_set)
        return tl_type(d)->descr_set(th, d, self, value);
    if (d) {
        tl_raise(th, &tl_AttributeError, "'function' object attribute '%S' is read-only", name);
        return -1;
    }
    TlFunc *f = TL_FUNC(self);
    if (!value) {
        if (!f->dict || !tl_dict_get(th, f->dict, name)) {
            tl_raise(th, &tl_AttributeError, "'function' object has no attribute '%S'", name);
            return -1;
        }
        return tl_dict_del(th, f->dict, name);
    }
    if (!lazy_dict(th, &f->dict))
        return -1;
    return tl_dict_set(th, f->dict, name, value);
}

TlType tl_func_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "function",
    .size = sizeof(TlFunc),
    .mark = func_mark,
    .call = func_call,
    .repr = func_repr,
    .getattr = func_getattr,
    .setattr = func_setattr,
    .descr_get = func_get,
    .getsets = func_getsets,
};

/* ---------------------------------------------------------------- cells */

TlVal tl_cell_new(TlThread *th, TlVal value)
{
    TlCell *c = tl_alloc(th, &tl_cell_type, sizeof(TlCell));
    if (!c)
        return TL_NULL;
    c->value = value;
    return tl_val(c);
}

static void cell_mark(TlGC *gc, TlObj *o)
{
    TlVal v = ((TlCell *)o)->value;
    if (v)
        tl_mark(gc, v);
}

static TlVal cell_repr(TlThread *th, TlVal self)
{
    char addr[32], vaddr[32];
    TlVal v = ((TlCell *)tl_obj(self))->value;
    snprintf(addr, sizeof addr, "%p", (void *)tl_obj(self));
    if (!v)
        return tl_str_fmt(th, "<cell at %s: empty>", addr);
    snprintf(vaddr, sizeof vaddr, "%p", (void *)v);
    return tl_str_fmt(th, "<cell at %s: %s object at %s>", addr, tl_type_name(v), vaddr);
}

static TlVal cell_get(TlThread *th, TlVal self)
{
    TlVal v = ((TlCell *)tl_obj(self))->value;
    return v ? v : tl_raise(th, &tl_ValueError, "Cell is empty");
}

static int cell_set(TlThread *th, TlVal self, TlVal v)
{
    (void)th;
    ((TlCell *)tl_obj(self))->value = v;
    return 0;
}

static const TlGetSetDef cell_getsets[] = {
    {"cell_contents", cell_get, cell_set},
    {NULL, NULL, NULL},
};

TlType tl_cell_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "cell",
    .size = sizeof(TlCell),
    .mark = cell_mark,
    .repr = cell_repr,
    .getsets = cell_getsets,
};

/* ------------------------------------------------------ __build_class__ */

/* The most derived metaclass of meta and the bases' metaclasses. */
static TlVal calc_meta(TlThread *th, TlVal meta, TlVal bases)
{
    if (!tl_is_type(meta))
        return meta;
    TlType *winner = TL_TYPE(meta);
    for (size_t i = 0; i < TL_TUPLE(bases)->len; i++) {
        TlType *t = tl_type(TL_TUPLE(bases)->items[i]);
        if (tl_subtype(winner, t))
            continue;
        if (tl_subtype(t, winner)) {
            winner = t;
            continue;
        }
        return tl_raise(th, &tl_TypeError,
                        "metaclass conflict: the metaclass of a derived class must be a "
                        "(non-strict) subclass of the metaclasses of all its bases");
    }
    return tl_val(winner);
}

TlVal tl_build_class(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    size_t nkw = kw ? TL_TUPLE(kw)->len : 0;
    if (nargs < 2)
        return tl_raise(th, &tl_TypeError, "__build_class__: not enough arguments");
    TlVal func = args[0], name = args[1];
    if (!tl_is_exact(func, &tl_func_type))
        return tl_raise(th, &tl_TypeError, "__build_class__: func must be a function");
    if (!tl_is_str(name))
        return tl_raise(th, &tl_TypeError, "__build_class__: name is not a string");
    uint32_t mark = tl_roots_mark(th);
    TlVal result = TL_NULL;
    TlVal bases = tl_tuple_from(th, args + 2, (size_t)nargs - 2);
    if (!bases)
        return TL_NULL;
    tl_root(th, bases);

    /* Split metaclass= from the keywords passed on to the metaclass. */
    TlVal meta = TL_NULL;
    TlVal callargs[3 + 32];
    TlVal names[32];
    size_t nrest = 0;
    for (size_t i = 0; i < nkw; i++) {
        TlVal k = TL_TUPLE(kw)->items[i];
        if (tl_is_str(k) && strcmp(tl_cstr(k), "metaclass") == 0) {
            meta = args[nargs + (int)i];
        } else if (nrest < 32) {
            names[nrest] = k;
            callargs[3 + nrest++] = args[nargs + (int)i];
        }
    }
    TlVal restkw = nrest ? tl_tuple_from(th, names, nrest) : TL_NULL;
    if (nrest && !restkw)
        goto out;
    if (restkw)
        tl_root(th, restkw);
    bool explicit_meta = meta != TL_NULL;
    if (!meta)
        meta = TL_TUPLE(bases)->len ? tl_val(tl_type(TL_TUPLE(bases)->items[0]))
                                    : tl_val(&tl_type_type);
    if (!explicit_meta || tl_is_type(meta)) {
        meta = calc_meta(th, meta, bases);
        if (!meta)
            goto out;
    }
    tl_root(th, meta);

    /* The namespace: metaclass.__prepare__(name, bases, **kw) or a dict. */
    TlVal ns;
    TlVal prep = tl_getattr_opt(th, meta, TLN(__prepare__));
    if (th->exc)
        goto out;
    if (prep) {
        callargs[1] = name;
        callargs[2] = bases;
        ns = tl_call(th, prep, callargs + 1, 2, restkw);
    } else {
        ns = tl_dict_new(th);
    }
    if (!ns)
        goto out;
    tl_root(th, ns);

    /* Run the body with the namespace as its locals. */
    TlFunc *fu = TL_FUNC(func);
    TlFrame *f = tl_frame_new(th, TL_CODE(fu->code), func, fu->globals, fu->builtins, ns);
    if (!f)
        goto out;
    if (tl_frame_bind(th, f, func, NULL, 0, TL_NULL) < 0) {
        tl_frame_free(th, f);
        goto out;
    }
    TlVal cell = tl_eval(th, f);
    if (!cell)
        goto out;
    tl_root(th, cell);
    if (tl_is_exact(ns, &tl_dict_type) && tl_dict_get_cstr(th, ns, "__classcell__") &&
        tl_dict_del(th, ns, tl_str_cstr(th, "__classcell__")) < 0)
        goto out;

    callargs[0] = name;
    callargs[1] = bases;
    callargs[2] = ns;
    result = tl_call(th, meta, callargs, 3, restkw);
    if (result && tl_is_exact(cell, &tl_cell_type) && tl_is_type(result)) {
        TlCell *c = (TlCell *)tl_obj(cell);
        if (!c->value)
            c->value = result;
    }
out:
    tl_roots_reset(th, mark);
    return result;
}
