/*
 * eval.c -- the bytecode interpreter: frames, argument binding, calls,
 * exception unwinding and the dispatch loop.
 *
 * The loop is stackless.  A Python-to-Python call -- an explicit CALL or an
 * implicit one made by an opcode (__init__, operator dunders, __next__,
 * __enter__/__exit__, property getters, generator resumes) -- pushes a heap
 * frame and keeps running in the same C activation.  The callee frame's
 * `cont` records what the caller does with the value when the callee
 * returns (frame.h); the operands stay on the caller's value stack so the
 * continuation finds them and the collector sees them.  Only native code
 * calling into Python (tl_call) nests a dispatch loop; nesting is counted in
 * th->nest and bounded, so deep native recursion raises RecursionError
 * instead of overflowing a small thread stack.
 *
 * Conventions shared with the compiler (code.h plus these details):
 *  - Jump arguments are absolute instruction indexes.  FOR_ITER exhausted:
 *    pops the iterator, jumps.  SEND: stack [receiver, value]; a yielded
 *    value gives [receiver, yielded] and falls through (to YIELD_VALUE); a
 *    returned value gives [result] and jumps.  yield from / await compile to
 *    GET_YIELD_FROM_ITER; LOAD_CONST None; L: SEND exit; YIELD_VALUE;
 *    JUMP L; exit:  -- gen.throw() relies on that shape to find the
 *    delegate (a suspended YIELD_VALUE followed by JUMP to a SEND).
 *  - YIELD_VALUE pops the value; resuming pushes the sent value.
 *  - STORE_ATTR: stack [value, owner].  STORE_SUBSCR: [value, container,
 *    key].  DELETE_SUBSCR: [container, key].  CONTAINS_OP: [item,
 *    container].  LIST_APPEND/SET_ADD/LIST_EXTEND/SET_UPDATE/DICT_UPDATE/
 *    DICT_MERGE i: pop the item(s), the target is then stack[-i].  MAP_ADD i:
 *    [.., key, value].  BUILD_CONST_KEY_MAP n: [v1..vn, keys tuple].
 *  - CALL n: [callable, self_or_NULL, args..]; n counts positional and
 *    keyword arguments; KW_NAMES names the last len(names) args.  Callees
 *    get nargs = the positional count (self included), keyword values
 *    after them (TlNativeFn convention).  CALL_FUNCTION_EX: [callable,
 *    NULL, args(, kwargs)].
 *  - MAKE_FUNCTION flags: [defaults?, kwdefaults?, closure?, code]; the
 *    function's qualname and name come from the code; __doc__ is consts[0]
 *    when it is a str (so code without a docstring must not start its
 *    constants with a str: put None first, as CPython does).
 *  - Exception table entries (innermost first): pop to depth, push the
 *    raising instruction's index as a small int when lasti, push the
 *    exception, jump.  RERAISE n: pops the exception; n>0 restores the
 *    instruction index from stack[-n] (after the pop) before unwinding.
 *  - PUSH_EXC_INFO: [exc] -> [previous handled exception or None, exc] and
 *    exc becomes the handled one; POP_EXCEPT pops and restores it.
 *  - WITH_EXCEPT_START: [exit, lasti, prev, exc] -> calls
 *    exit(type(exc), exc, tb) and pushes the result.
 *  - IMPORT_NAME i: [level, fromlist] -> module.  IMPORT_FROM i: TOS module
 *    stays, pushes the attribute.  IMPORT_STAR pops the module.
 *  - Cells: code->cellvars get fresh cells at frame entry (from the argument
 *    when cell2arg says so); LOAD_DEREF etc. index cells then free vars.
 *  - Class bodies return the __class__ cell (or None); __build_class__
 *    fills it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "frame.h"

/* Nested dispatch loops (native -> Python) allowed per thread. */
#define MAX_NEST 200
#define NBUCKETS 12            /* frame classes: 16 << b slots */
#define MAX_FREE 128           /* frames kept per class */
#define BIG_FRAME 0xfe         /* bucket of malloc'd oversize frames */

/* Helpers on the hottest opcode paths: inlined even into the huge dispatch
 * function, where the compiler's size heuristics would give up. */
#define HOT static inline __attribute__((always_inline))

typedef struct Engine {
    TlFrame *free[NBUCKETS];
    int nfree[NBUCKETS];
} Engine;

HOT Engine *engine(TlThread *th)
{
    if (!th->engine)
        th->engine = calloc(1, sizeof(Engine));
    return th->engine;
}

void tl_eval_thread_free(TlThread *th)
{
    Engine *e = th->engine;
    if (!e)
        return;
    for (int b = 0; b < NBUCKETS; b++) {
        while (e->free[b]) {
            TlFrame *f = e->free[b];
            e->free[b] = f->back;
            free(f);
        }
    }
    free(e);
    th->engine = NULL;
}

/* ------------------------------------------------------------ frames */

/* Free-list class of a frame of `slots` value slots (16 << b slots). */
static inline int frame_bucket(size_t slots)
{
    return slots <= 16 ? 0 : 64 - __builtin_clzll((unsigned long long)slots - 1) - 4;
}

/* A frame from the thread's free list (or malloc) with only `bucket` set. */
HOT TlFrame *frame_alloc(TlThread *th, TlCode *co)
{
    size_t slots = tl_frame_slots(co);
    int b = frame_bucket(slots);
    Engine *e = engine(th);
    TlFrame *f;
    if (e && b < NBUCKETS && e->free[b]) {
        f = e->free[b];
        e->free[b] = f->back;
        e->nfree[b]--;
    } else {
        size_t cap = b < NBUCKETS ? (size_t)16 << b : slots;
        f = malloc(sizeof(TlFrame) + cap * sizeof(TlVal));
        if (!f || !e) {
            free(f);
            tl_raise_nomem(th);
            return NULL;
        }
    }
    f->bucket = b < NBUCKETS ? (uint8_t)b : BIG_FRAME;
    return f;
}

/* Every field but the locals. */
HOT void frame_setup(TlFrame *f, TlCode *co, TlVal func, TlVal globals, TlVal builtins,
                     TlVal locals)
{
    size_t nl = (size_t)co->nlocals + co->ncells + co->nfree;
    f->back = NULL;
    f->code = co;
    f->func = func;
    f->globals = globals;
    f->builtins = builtins;
    f->locals = locals;
    f->gen = TL_NULL;
    f->ip = co->code;
    f->instr = co->code;
    f->stack = f->localsplus + nl;
    f->sp = f->stack;
    f->aux = 0;
    f->cont = TL_CONT_PUSH;
    f->stop = 0;
}

void tl_frame_init(TlFrame *f, TlCode *co, TlVal func, TlVal globals,
                   TlVal builtins, TlVal locals)
{
    frame_setup(f, co, func, globals, builtins, locals);
    memset(f->localsplus, 0, ((size_t)co->nlocals + co->ncells + co->nfree) * sizeof(TlVal));
}

TlFrame *tl_frame_new(TlThread *th, TlCode *co, TlVal func, TlVal globals,
                      TlVal builtins, TlVal locals)
{
    TlFrame *f = frame_alloc(th, co);
    if (f)
        tl_frame_init(f, co, func, globals, builtins, locals);
    return f;
}

HOT void frame_release(TlThread *th, TlFrame *f)
{
    if (f->bucket == TL_FRAME_GEN_OWNED)
        return;
    Engine *e = th->engine;
    if (f->bucket == BIG_FRAME || !e || e->nfree[f->bucket] >= MAX_FREE) {
        free(f);
        return;
    }
    f->back = e->free[f->bucket];
    e->free[f->bucket] = f;
    e->nfree[f->bucket]++;
}

void tl_frame_free(TlThread *th, TlFrame *f)
{
    frame_release(th, f);
}

void tl_frame_mark(TlGC *gc, TlFrame *f)
{
    TlCode *co = f->code;
    tl_mark_obj(gc, &co->ob);
    if (f->func)
        tl_mark(gc, f->func);
    tl_mark(gc, f->globals);
    tl_mark(gc, f->builtins);
    if (f->locals)
        tl_mark(gc, f->locals);
    if (f->gen)
        tl_mark(gc, f->gen);
    size_t nl = (size_t)co->nlocals + co->ncells + co->nfree;
    for (size_t i = 0; i < nl; i++)
        if (f->localsplus[i])
            tl_mark(gc, f->localsplus[i]);
    for (TlVal *p = f->stack; p < f->sp; p++)
        if (*p)
            tl_mark(gc, *p);
}

void tl_frame_mark_chain(TlGC *gc, TlFrame *f)
{
    for (; f; f = f->back)
        tl_frame_mark(gc, f);
}

int tl_code_line(const TlCode *co, uint32_t i)
{
    if (!co->pos || i >= co->ncode)
        return co->firstlineno;
    return co->pos[i].line;
}

int tl_current_line(TlThread *th, const char **file)
{
    TlFrame *f = th->frame;
    if (!f) {
        if (file)
            *file = "<unknown>";
        return 0;
    }
    if (file)
        *file = tl_is_str(f->code->filename) ? tl_cstr(f->code->filename) : "<unknown>";
    return tl_code_line(f->code, (uint32_t)(f->instr - f->code->code));
}

TlVal tl_exc_info(TlThread *th)
{
    return th->exc_stack;
}

/* --------------------------------------------------- argument binding */

static TlVal qualname_of(TlCode *co)
{
    return co->qualname ? co->qualname : co->name;
}

static TlVal varname(TlCode *co, size_t i)
{
    return TL_TUPLE(co->varnames)->items[i];
}

/* "'a'", "'a' and 'b'", "'a', 'b', and 'c'" */
static TlVal name_list(TlThread *th, TlVal *names, int n)
{
    TlBuilder b;
    tl_sb_init(&b);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            tl_sb_adds(&b, n == 2 ? " and " : i == n - 1 ? ", and " : ", ");
        tl_sb_addc(&b, '\'');
        tl_sb_addv(&b, names[i]);
        tl_sb_addc(&b, '\'');
    }
    return tl_sb_finish(th, &b);
}

static int missing_args(TlThread *th, TlCode *co, TlVal *fast, size_t start,
                        size_t end, const char *kind)
{
    TlVal names[64];
    int n = 0;
    for (size_t i = start; i < end && n < 64; i++)
        if (!fast[i])
            names[n++] = varname(co, i);
    TlVal list = name_list(th, names, n);
    if (!list)
        return -1;
    tl_raise(th, &tl_TypeError, "%S() missing %d required %s argument%s: %S",
             qualname_of(co), n, kind, n == 1 ? "" : "s", list);
    return -1;
}

static int too_many_positional(TlThread *th, TlCode *co, TlVal *fast, int given,
                               TlVal defaults)
{
    size_t total = (size_t)co->argcount + co->kwonlyargcount;
    int kwgiven = 0;
    for (size_t i = co->argcount; i < total; i++)
        if (fast[i])
            kwgiven++;
    intptr_t defcount = defaults ? (intptr_t)TL_TUPLE(defaults)->len : 0;
    TlVal sig = defcount
        ? tl_str_fmt(th, "from %zd to %d", (intptr_t)co->argcount - defcount, co->argcount)
        : tl_str_fmt(th, "%d", co->argcount);
    if (!sig)
        return -1;
    bool plural = defcount ? true : co->argcount != 1;
    TlVal kwsig = kwgiven
        ? tl_str_fmt(th, " positional argument%s (and %d keyword-only argument%s)",
                     given != 1 ? "s" : "", kwgiven, kwgiven != 1 ? "s" : "")
        : tl_str_cstr(th, "");
    if (!kwsig)
        return -1;
    tl_raise(th, &tl_TypeError, "%S() takes %S positional argument%s but %d%S %s given",
             qualname_of(co), sig, plural ? "s" : "", given, kwsig,
             given == 1 && !kwgiven ? "was" : "were");
    return -1;
}

static int posonly_as_keyword(TlThread *th, TlCode *co, TlVal kw)
{
    TlVal names[64];
    int n = 0;
    size_t nkw = TL_TUPLE(kw)->len;
    for (int32_t j = 0; j < co->posonlyargcount && n < 64; j++) {
        TlVal name = varname(co, (size_t)j);
        for (size_t k = 0; k < nkw; k++) {
            TlVal key = TL_TUPLE(kw)->items[k];
            if (key == name || (tl_is_str(key) && tl_str_eq(key, name))) {
                names[n++] = name;
                break;
            }
        }
    }
    if (!n)
        return 0;
    TlBuilder b;
    tl_sb_init(&b);
    for (int i = 0; i < n; i++) {
        if (i)
            tl_sb_adds(&b, ", ");
        tl_sb_addv(&b, names[i]);
    }
    TlVal list = tl_sb_finish(th, &b);
    if (list)
        tl_raise(th, &tl_TypeError,
                 "%S() got some positional-only arguments passed as keyword arguments: '%S'",
                 qualname_of(co), list);
    return -1;
}

/* Index of keyword `key` among the parameters that accept keywords, -1. */
static intptr_t find_param(TlCode *co, TlVal key, size_t total)
{
    TlVal *names = TL_TUPLE(co->varnames)->items;
    for (size_t j = (size_t)co->posonlyargcount; j < total; j++)
        if (names[j] == key)
            return (intptr_t)j;
    for (size_t j = (size_t)co->posonlyargcount; j < total; j++)
        if (tl_str_eq(names[j], key))
            return (intptr_t)j;
    return -1;
}

static int bind_slow(TlThread *th, TlFrame *f, TlFunc *fn, TlVal *args, int nargs,
                     TlVal kw)
{
    TlCode *co = f->code;
    TlVal *fast = f->localsplus;
    size_t nkw = kw ? TL_TUPLE(kw)->len : 0;
    int npos = nargs;
    size_t total = (size_t)co->argcount + co->kwonlyargcount;
    size_t extra = total;
    TlVal kwdict = TL_NULL;
    if (co->flags & TL_CO_VARKEYWORDS) {
        kwdict = tl_dict_new(th);
        if (!kwdict)
            return -1;
        fast[total + ((co->flags & TL_CO_VARARGS) ? 1 : 0)] = kwdict;
    }
    int n = npos < co->argcount ? npos : co->argcount;
    for (int i = 0; i < n; i++)
        fast[i] = args[i];
    if (co->flags & TL_CO_VARARGS) {
        TlVal rest = tl_tuple_from(th, args + n, (size_t)(npos - n));
        if (!rest)
            return -1;
        fast[extra] = rest;
    }
    for (size_t k = 0; k < nkw; k++) {
        TlVal key = TL_TUPLE(kw)->items[k];
        TlVal value = args[npos + (int)k];
        if (!tl_is_str(key))
        {
            tl_raise(th, &tl_TypeError, "%S() keywords must be strings", qualname_of(co));
            return -1;
        }
        intptr_t j = find_param(co, key, total);
        if (j < 0) {
            if (!kwdict) {
                if (co->posonlyargcount && posonly_as_keyword(th, co, kw) < 0)
                    return -1;
                tl_raise(th, &tl_TypeError, "%S() got an unexpected keyword argument '%S'",
                         qualname_of(co), key);
                return -1;
            }
            if (tl_dict_set(th, kwdict, key, value) < 0)
                return -1;
            continue;
        }
        if (fast[j]) {
            tl_raise(th, &tl_TypeError, "%S() got multiple values for argument '%S'",
                     qualname_of(co), key);
            return -1;
        }
        fast[j] = value;
    }
    TlVal defaults = fn ? fn->defaults : TL_NULL;
    if (npos > co->argcount && !(co->flags & TL_CO_VARARGS))
        return too_many_positional(th, co, fast, npos, defaults);
    if (npos < co->argcount) {
        int defcount = defaults ? (int)TL_TUPLE(defaults)->len : 0;
        int m = co->argcount - defcount;
        for (int i = npos; i < m; i++)
            if (!fast[i])
                return missing_args(th, co, fast, 0, (size_t)m, "positional");
        for (int i = npos > m ? npos - m : 0; i < defcount; i++)
            if (!fast[m + i])
                fast[m + i] = TL_TUPLE(defaults)->items[i];
    }
    if (co->kwonlyargcount) {
        bool missing = false;
        for (size_t i = (size_t)co->argcount; i < total; i++) {
            if (fast[i])
                continue;
            if (fn && fn->kwdefaults) {
                TlVal d = tl_dict_get(th, fn->kwdefaults, varname(co, i));
                if (d) {
                    fast[i] = d;
                    continue;
                }
            }
            missing = true;
        }
        if (missing)
            return missing_args(th, co, fast, (size_t)co->argcount, total, "keyword-only");
    }
    return 0;
}

/* The common call: exactly the positional parameters. */
static inline bool simple_call(const TlCode *co, int nargs, TlVal kw)
{
    return !kw && nargs == co->argcount && co->kwonlyargcount == 0 &&
           !(co->flags & (TL_CO_VARARGS | TL_CO_VARKEYWORDS));
}

/* Fresh cells for the cell variables, the closure's after them. */
static int frame_cells(TlThread *th, TlFrame *f, TlFunc *fn);

int tl_frame_bind(TlThread *th, TlFrame *f, TlVal fnv, TlVal *args, int nargs,
                  TlVal kw)
{
    TlCode *co = f->code;
    TlFunc *fn = fnv ? TL_FUNC(fnv) : NULL;
    if (simple_call(co, nargs, kw)) {
        if (nargs)
            memcpy(f->localsplus, args, (size_t)nargs * sizeof(TlVal));
    } else if (bind_slow(th, f, fn, args, nargs, kw) < 0) {
        return -1;
    }
    return co->ncells || co->nfree ? frame_cells(th, f, fn) : 0;
}

/* The frame for a call of Python function fn (not a generator), arguments
 * bound, or NULL with an exception.  A simple call copies the arguments
 * while clearing the locals, with no library calls. */
HOT TlFrame *func_frame(TlThread *th, TlVal fn, TlVal *args, int nargs, TlVal kw)
{
    TlFunc *fu = TL_FUNC(fn);
    TlCode *co = TL_CODE(fu->code);
    TlFrame *f = frame_alloc(th, co);
    if (!f)
        return NULL;
    if (simple_call(co, nargs, kw)) {
        frame_setup(f, co, fn, fu->globals, fu->builtins, TL_NULL);
        size_t nl = (size_t)co->nlocals + co->ncells + co->nfree;
        for (size_t i = 0; i < nl; i++)
            f->localsplus[i] = i < (size_t)nargs ? args[i] : TL_NULL;
        if (!(co->ncells || co->nfree) || frame_cells(th, f, fu) == 0)
            return f;
    } else {
        tl_frame_init(f, co, fn, fu->globals, fu->builtins, TL_NULL);
        if (tl_frame_bind(th, f, fn, args, nargs, kw) == 0)
            return f;
    }
    tl_frame_free(th, f);
    return NULL;
}

static int frame_cells(TlThread *th, TlFrame *f, TlFunc *fn)
{
    TlCode *co = f->code;
    TlVal *cells = f->localsplus + co->nlocals;
    for (int32_t i = 0; i < co->ncells; i++) {
        int32_t a = co->cell2arg ? co->cell2arg[i] : -1;
        TlVal c = tl_cell_new(th, a >= 0 ? f->localsplus[a] : TL_NULL);
        if (!c)
            return -1;
        cells[i] = c;
    }
    if (co->nfree) {
        if (!fn || !fn->closure || TL_TUPLE(fn->closure)->len != (size_t)co->nfree) {
            tl_raise(th, &tl_SystemError, "code object needs a closure of %d cells",
                     co->nfree);
            return -1;
        }
        memcpy(cells + co->ncells, TL_TUPLE(fn->closure)->items,
               (size_t)co->nfree * sizeof(TlVal));
    }
    return 0;
}

/* ------------------------------------------------------------ helpers */

static bool is_heap(TlType *t)
{
    return (t->flags & TL_TF_HEAP) != 0;
}

static bool is_func(TlVal v)
{
    return tl_is_exact(v, &tl_func_type);
}

static TlVal cell_name(TlCode *co, uint32_t i)
{
    return i < (uint32_t)co->ncells ? TL_TUPLE(co->cellvars)->items[i]
                                    : TL_TUPLE(co->freevars)->items[i - (uint32_t)co->ncells];
}

static void unbound_deref(TlThread *th, TlCode *co, uint32_t i)
{
    if (i < (uint32_t)co->ncells)
        tl_raise(th, &tl_UnboundLocalError,
                 "cannot access local variable '%S' where it is not associated with a value",
                 cell_name(co, i));
    else
        tl_raise(th, &tl_NameError,
                 "cannot access free variable '%S' where it is not associated with a value"
                 " in enclosing scope", cell_name(co, i));
}

static void name_error(TlThread *th, TlVal name)
{
    tl_raise(th, &tl_NameError, "name '%S' is not defined", name);
    if (th->exc)
        tl_exc_set_name(th->exc, name, TL_NULL);
}

/* Mapping lookup that treats KeyError as absent (class bodies may use a
 * __prepare__ namespace that is not a dict). */
static TlVal mapping_get(TlThread *th, TlVal m, TlVal key)
{
    if (tl_is_exact(m, &tl_dict_type))
        return tl_dict_get(th, m, key);
    TlVal v = tl_getitem(th, m, key);
    if (!v && tl_exc_matches(th, &tl_KeyError))
        tl_exc_clear(th);
    return v;
}

static int mapping_set(TlThread *th, TlVal m, TlVal key, TlVal v)
{
    if (tl_is_exact(m, &tl_dict_type))
        return tl_dict_set(th, m, key, v);
    return tl_setitem(th, m, key, v);
}

/* The implicit exception context: what was being handled when `exc` was
 * raised.  A cycle through exc is cut as CPython does. */
static void set_context(TlThread *th, TlVal exc, bool force)
{
    TlVal ctx = th->exc_stack;
    if (!ctx || ctx == TL_NONE || ctx == exc || !tl_is_exc(exc))
        return;
    TlExc *e = TL_EXC(exc);
    if (!force && e->context && e->context != TL_NONE)
        return;
    TlVal o = ctx;
    for (int steps = 0; o && o != TL_NONE && steps < 10000; steps++) {
        TlVal c = TL_EXC(o)->context;
        if (c == exc) {
            TL_EXC(o)->context = TL_NONE;
            break;
        }
        o = c;
    }
    e->context = ctx;
}

/* exc may be a class or an instance; the instance, or TL_NULL + TypeError. */
static TlVal make_exc(TlThread *th, TlVal v, const char *what)
{
    if (tl_is_type(v) && tl_subtype(TL_TYPE(v), &tl_BaseException)) {
        TlVal e = tl_call0(th, v);
        if (e && !tl_is_exc(e)) {
            return tl_raise(th, &tl_TypeError,
                            "calling %R should have returned an instance of BaseException,"
                            " not %T", v, e);
        }
        return e;
    }
    if (tl_is_exc(v))
        return v;
    return tl_raise(th, &tl_TypeError, "%s", what);
}

static TlVal stop_iteration_value(TlThread *th)
{
    TlVal e = tl_exc_fetch(th);
    TlVal v = TL_NULL;
    if (e && tl_is_exc(e)) {
        v = tl_getattr_opt(th, e, TLN(value));
        if (!v && !th->exc) {
            TlVal a = TL_EXC(e)->args;
            v = a && tl_is_tuple(a) && TL_TUPLE(a)->len ? TL_TUPLE(a)->items[0] : TL_NONE;
        }
    }
    return v ? v : (th->exc ? TL_NULL : TL_NONE);
}

static TlVal raise_stop_iteration(TlThread *th, TlVal value)
{
    TlVal e = value == TL_NONE ? tl_exc_new(th, &tl_StopIteration, NULL, 0)
                               : tl_exc_new(th, &tl_StopIteration, &value, 1);
    return e ? tl_raise_val(th, e) : TL_NULL;
}

/* PEP 479: a StopIteration escaping a generator becomes RuntimeError. */
static void gen_stop_to_runtime(TlThread *th)
{
    if (!tl_exc_matches(th, &tl_StopIteration))
        return;
    TlVal si = tl_exc_fetch(th);
    tl_raise(th, &tl_RuntimeError, "generator raised StopIteration");
    if (th->exc && tl_is_exc(th->exc)) {
        TL_EXC(th->exc)->cause = si;
        TL_EXC(th->exc)->context = si;
        TL_EXC(th->exc)->suppress_context = true;
    }
}

/* --------------------------------------------------------------- calls */

static TlVal call_slot(TlThread *th, TlVal fn, TlVal *args, int nargs, TlVal kw)
{
    TlType *t = tl_type(fn);
    /* A heap t is a class statement's: either fn is an instance of a Python
     * class, or fn is a class whose metaclass is a Python class (whose own
     * __call__, e.g. a singleton's, must run instead of type.__call__). */
    if (t->flags & TL_TF_HEAP) {
        TlVal m = tl_type_lookup(t, TLN(__call__));
        if (m && (is_func(m) || !t->call))
            return tl_call_self(th, m, fn, args, nargs, kw);
    }
    if (!t->call)
        return tl_raise(th, &tl_TypeError, "'%s' object is not callable", tl_type_name(fn));
    return t->call(th, fn, args, nargs, kw);
}

/* Start a call: a bound frame to run (returned), or the result in *res
 * (TL_NULL: error) for everything that completes immediately. */
static TlFrame *prep_call(TlThread *th, TlVal fn, TlVal *args, int nargs, TlVal kw,
                          TlVal *res)
{
    if (is_func(fn)) {
        TlFunc *fu = TL_FUNC(fn);
        TlCode *c = TL_CODE(fu->code);
        if (c->flags & TL_CO_GENERATOR) {
            *res = tl_gen_new(th, fn, args, nargs, kw);
            return NULL;
        }
        TlFrame *nf = func_frame(th, fn, args, nargs, kw);
        if (!nf)
            *res = TL_NULL;
        return nf;
    }
    if (tl_is_exact(fn, &tl_native_type)) {
        TlNative *n = (TlNative *)tl_obj(fn);
        if (!n->self && (!n->owner || (n->flags & 3) == TL_METH_STATIC)) {
            *res = n->fn(th, args, nargs, kw);
            return NULL;
        }
    }
    *res = tl_call(th, fn, args, nargs, kw);
    return NULL;
}

/* Call a dunder found by type lookup on args[0] (its receiver). */
static TlFrame *prep_dunder(TlThread *th, TlVal m, TlVal *args, int nargs, TlVal *res)
{
    if (is_func(m))
        return prep_call(th, m, args, nargs, TL_NULL, res);
    *res = tl_call_dunder(th, m, args[0], args + 1, nargs - 1);
    return NULL;
}

/* ------------------------------------------------- operator protocols */

static const uint16_t binop_names[TL_OP_COUNT][3] = {
    {TLN___add__, TLN___radd__, TLN___iadd__},
    {TLN___sub__, TLN___rsub__, TLN___isub__},
    {TLN___mul__, TLN___rmul__, TLN___imul__},
    {TLN___matmul__, TLN___rmatmul__, TLN___imatmul__},
    {TLN___truediv__, TLN___rtruediv__, TLN___itruediv__},
    {TLN___floordiv__, TLN___rfloordiv__, TLN___ifloordiv__},
    {TLN___mod__, TLN___rmod__, TLN___imod__},
    {TLN___pow__, TLN___rpow__, TLN___ipow__},
    {TLN___lshift__, TLN___rlshift__, TLN___ilshift__},
    {TLN___rshift__, TLN___rrshift__, TLN___irshift__},
    {TLN___and__, TLN___rand__, TLN___iand__},
    {TLN___or__, TLN___ror__, TLN___ior__},
    {TLN___xor__, TLN___rxor__, TLN___ixor__},
};

static const char *const binop_syms[TL_OP_COUNT] = {
    "+", "-", "*", "@", "/", "//", "%", "**", "<<", ">>", "&", "|", "^",
};

static const uint16_t cmp_names[6] = {
    TLN___lt__, TLN___le__, TLN___eq__, TLN___ne__, TLN___gt__, TLN___ge__,
};
static const char *const cmp_syms[6] = {"<", "<=", "==", "!=", ">", ">="};
static const TlCmpOp cmp_swap[6] = {TL_GT, TL_GE, TL_EQ, TL_NE, TL_LT, TL_LE};

enum { K_INPLACE, K_FWD, K_REV };

/* Appends the forward and reflected candidates in CPython's order: the
 * reflected one first when it must win (revfirst), else after the forward
 * one.  Shared by binary operators and rich comparisons. */
static int add_cands(int n, bool hasf, TlVal fwd, bool hasr, TlVal rev, bool revfirst,
                     uint8_t *kind, TlVal *m)
{
    if (revfirst) {
        kind[n] = K_REV;
        m[n++] = rev;
    }
    if (hasf) {
        kind[n] = K_FWD;
        m[n++] = fwd;
    }
    if (hasr && !revfirst) {
        kind[n] = K_REV;
        m[n++] = rev;
    }
    return n;
}

/* Calls a Python candidate with the operands in its order (stackless when
 * it can be); false when the candidate is a builtin's C slot instead. */
static bool call_dunder_cand(TlThread *th, uint8_t kind, TlVal m, TlVal a, TlVal b,
                             TlFrame **frame, TlVal *res)
{
    if (!m)
        return false;
    TlVal pair[2] = {a, b};
    if (kind == K_REV) {
        pair[0] = b;
        pair[1] = a;
    }
    *frame = prep_dunder(th, m, pair, 2, res);
    return true;
}

/* The implementations of a binary operator in CPython's order: a.__iop__,
 * then a.__op__ and b.__rop__, the latter first when b's type is a proper
 * subclass overriding it.  A heap type contributes its dunder, a builtin
 * type its C slot (m[i] TL_NULL). */
static int binop_cands(TlThread *th, int op, TlVal a, TlVal b, uint8_t *kind, TlVal *m)
{
    (void)th;
    int o = op & 15, n = 0;
    TlType *ta = tl_type(a), *tb = tl_type(b);
    if ((op & TL_INPLACE) && is_heap(ta)) {
        TlVal im = tl_type_lookup(ta, tl_names[binop_names[o][2]]);
        if (im) {
            kind[n] = K_INPLACE;
            m[n++] = im;
        }
    }
    TlVal fwd = is_heap(ta) ? tl_type_lookup(ta, tl_names[binop_names[o][0]]) : TL_NULL;
    bool hasf = is_heap(ta) ? fwd != TL_NULL : ta->binop != NULL;
    TlVal rev = TL_NULL;
    bool hasr = false;
    if (tb != ta) {
        rev = is_heap(tb) ? tl_type_lookup(tb, tl_names[binop_names[o][1]]) : TL_NULL;
        hasr = is_heap(tb) ? rev != TL_NULL : (tb->binop != NULL && tb->binop != ta->binop);
    }
    bool revfirst = hasr && tl_subtype(tb, ta) &&
                    rev != tl_type_lookup(ta, tl_names[binop_names[o][1]]);
    return add_cands(n, hasf, fwd, hasr, rev, revfirst, kind, m);
}

static TlFrame *binop_call(TlThread *th, int op, uint8_t kind, TlVal m, TlVal a, TlVal b,
                           TlVal *res)
{
    TlFrame *f;
    if (call_dunder_cand(th, kind, m, a, b, &f, res))
        return f;
    TlType *t = tl_type(kind == K_REV ? b : a);
    *res = t->binop(th, (TlBinOp)(op & 15), a, b);
    return NULL;
}

static void binop_error(TlThread *th, int op, TlVal a, TlVal b)
{
    int o = op & 15;
    if (op & TL_INPLACE)
        tl_raise(th, &tl_TypeError, "unsupported operand type(s) for %s=: '%s' and '%s'",
                 binop_syms[o], tl_type_name(a), tl_type_name(b));
    else
        tl_raise(th, &tl_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                 o == TL_OP_POW ? "** or pow()" : binop_syms[o], tl_type_name(a),
                 tl_type_name(b));
}

/* Rich comparison candidates: b's reflected method first when b's type is
 * a proper subclass, then a's, then b's reflected. */
static int cmp_cands(TlVal a, TlVal b, int op, uint8_t *kind, TlVal *m)
{
    TlType *ta = tl_type(a), *tb = tl_type(b);
    TlVal rev = is_heap(tb) ? tl_type_lookup(tb, tl_names[cmp_names[cmp_swap[op]]]) : TL_NULL;
    bool hasr = is_heap(tb) ? rev != TL_NULL : tb->richcmp != NULL;
    bool revfirst = hasr && ta != tb && tl_subtype(tb, ta);
    TlVal fwd = is_heap(ta) ? tl_type_lookup(ta, tl_names[cmp_names[op]]) : TL_NULL;
    bool hasf = is_heap(ta) ? fwd != TL_NULL : ta->richcmp != NULL;
    return add_cands(0, hasf, fwd, hasr, rev, revfirst, kind, m);
}

static TlFrame *cmp_call(TlThread *th, int op, uint8_t kind, TlVal m, TlVal a, TlVal b,
                         TlVal *res)
{
    TlFrame *f;
    if (call_dunder_cand(th, kind, m, a, b, &f, res))
        return f;
    *res = kind == K_REV ? tl_type(b)->richcmp(th, b, a, cmp_swap[op])
                         : tl_type(a)->richcmp(th, a, b, (TlCmpOp)op);
    return NULL;
}

static TlVal cmp_fallback(TlThread *th, int op, TlVal a, TlVal b)
{
    if (op == TL_EQ)
        return tl_bool(a == b);
    if (op == TL_NE)
        return tl_bool(a != b);
    return tl_raise(th, &tl_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                    cmp_syms[op], tl_type_name(a), tl_type_name(b));
}

/* Truth of a __bool__ (is_len 0) or __len__ (1) result. */
static int truth_result(TlThread *th, TlVal r, bool is_len)
{
    if (!is_len) {
        if (r == TL_TRUE || r == TL_FALSE)
            return r == TL_TRUE;
        tl_raise(th, &tl_TypeError, "__bool__ should return bool, returned %s",
                 tl_type_name(r));
        return -1;
    }
    if (!tl_is_int(r)) {
        tl_raise(th, &tl_TypeError, "'%s' object cannot be interpreted as an integer",
                 tl_type_name(r));
        return -1;
    }
    int s = tl_int_sign(r);
    if (s < 0) {
        tl_raise(th, &tl_ValueError, "__len__() should return >= 0");
        return -1;
    }
    return s != 0;
}

/* ------------------------------------------------------------- imports */

static TlVal resolve_relative(TlThread *th, TlFrame *f, TlVal name, intptr_t level)
{
    TlVal pkg = tl_dict_get_cstr(th, f->globals, "__package__");
    size_t len;
    const char *s;
    if (pkg && tl_is_str(pkg) && TL_STR(pkg)->len) {
        s = tl_cstr(pkg);
        len = TL_STR(pkg)->len;
    } else {
        TlVal mod = tl_dict_get_cstr(th, f->globals, "__name__");
        if (!mod || !tl_is_str(mod))
            goto noparent;
        s = tl_cstr(mod);
        len = TL_STR(mod)->len;
        if (!tl_dict_get_cstr(th, f->globals, "__path__")) {
            while (len && s[len - 1] != '.')
                len--;
            if (!len)
                goto noparent;
            len--;
        }
    }
    for (intptr_t i = 1; i < level; i++) {
        while (len && s[len - 1] != '.')
            len--;
        if (!len)
            return tl_raise(th, &tl_ImportError, "attempted relative import beyond top-level package");
        len--;
    }
    if (!len)
        goto noparent;
    TlBuilder b;
    tl_sb_init(&b);
    tl_sb_add(&b, s, len);
    if (TL_STR(name)->len) {
        tl_sb_addc(&b, '.');
        tl_sb_addv(&b, name);
    }
    TlVal full = tl_sb_finish(th, &b);
    return full ? tl_intern(th, full) : TL_NULL;
noparent:
    return tl_raise(th, &tl_ImportError, "attempted relative import with no known parent package");
}

static TlVal import_name(TlThread *th, TlFrame *f, TlVal name, TlVal fromlist, TlVal levelv)
{
    intptr_t level = tl_is_small(levelv) ? tl_small(levelv) : 0;
    TlVal full = level > 0 ? resolve_relative(th, f, name, level) : name;
    if (!full)
        return TL_NULL;
    TlVal mod = tl_import(th, full);
    if (!mod)
        return TL_NULL;
    bool hasfrom = fromlist && fromlist != TL_NONE &&
                   !(tl_is_tuple(fromlist) && TL_TUPLE(fromlist)->len == 0);
    if (hasfrom || level > 0)
        return mod;
    const char *dot = strchr(tl_cstr(full), '.');
    if (!dot)
        return mod;
    TlVal top = tl_str_new(th, tl_cstr(full), (size_t)(dot - tl_cstr(full)));
    return top ? tl_import(th, tl_intern(th, top)) : TL_NULL;
}

static TlVal import_from(TlThread *th, TlVal mod, TlVal name)
{
    TlVal v = tl_getattr_opt(th, mod, name);
    if (v || th->exc)
        return v;
    TlVal pkg = tl_getattr_opt(th, mod, TLN(__name__));
    if (!pkg && th->exc)
        return TL_NULL;
    if (pkg && tl_is_str(pkg)) {
        TlVal full = tl_str_fmt(th, "%S.%S", pkg, name);
        if (!full)
            return TL_NULL;
        v = tl_dict_get(th, th->vm->modules, full);
        if (v)
            return v;
        v = tl_import(th, full);
        if (v)
            return v;
        if (!tl_exc_matches(th, &tl_ImportError))
            return TL_NULL;
        tl_exc_clear(th);
    }
    TlVal file = tl_getattr_opt(th, mod, TLN(__file__));
    tl_exc_clear(th);
    TlVal pkgname = pkg && tl_is_str(pkg) ? pkg : tl_str_cstr(th, "<unknown module name>");
    if (!pkgname)
        return TL_NULL;
    if (file && tl_is_str(file))
        return tl_raise(th, &tl_ImportError, "cannot import name %R from %R (%S)", name,
                        pkgname, file);
    return tl_raise(th, &tl_ImportError, "cannot import name %R from %R (unknown location)",
                    name, pkgname);
}

static int import_star(TlThread *th, TlFrame *f, TlVal mod)
{
    TlVal dst = f->locals ? f->locals : f->globals;
    TlVal all = tl_getattr_opt(th, mod, TLN(__all__));
    if (th->exc)
        return -1;
    if (all) {
        TlVal names = tl_to_tuple(th, all);
        if (!names)
            return -1;
        uint32_t mark = tl_roots_mark(th);
        tl_root(th, names);
        for (size_t i = 0; i < TL_TUPLE(names)->len; i++) {
            TlVal k = TL_TUPLE(names)->items[i];
            TlVal v = tl_getattr(th, mod, k);
            if (!v || mapping_set(th, dst, k, v) < 0) {
                tl_roots_reset(th, mark);
                return -1;
            }
        }
        tl_roots_reset(th, mark);
        return 0;
    }
    TlVal d = tl_getattr(th, mod, TLN(__dict__));
    if (!d || !tl_is_dict(d))
        return d ? 0 : -1;
    size_t pos = 0;
    TlVal k, v;
    while (tl_dict_next(d, &pos, &k, &v)) {
        if (tl_is_str(k) && tl_cstr(k)[0] == '_')
            continue;
        if (mapping_set(th, dst, k, v) < 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------- call helpers */

/* Zero-argument super(): the __class__ cell and the first argument of the
 * calling frame. */
static int super_args(TlThread *th, TlFrame *f, TlVal *out)
{
    TlCode *co = f->code;
    if (co->argcount == 0 || !f->func) {
        tl_raise(th, &tl_RuntimeError, "super(): no arguments");
        return -1;
    }
    TlVal self = f->localsplus[0];
    for (int32_t i = 0; i < co->ncells; i++)
        if (co->cell2arg && co->cell2arg[i] == 0)
            self = ((TlCell *)tl_obj(f->localsplus[co->nlocals + i]))->value;
    if (!self) {
        tl_raise(th, &tl_RuntimeError, "super(): arg[0] deleted");
        return -1;
    }
    TlTuple *fv = TL_TUPLE(co->freevars);
    for (size_t j = 0; j < fv->len; j++) {
        if (strcmp(tl_cstr(fv->items[j]), "__class__") != 0)
            continue;
        TlVal cell = f->localsplus[co->nlocals + co->ncells + j];
        TlVal cls = ((TlCell *)tl_obj(cell))->value;
        if (!cls) {
            tl_raise(th, &tl_RuntimeError, "super(): empty __class__ cell");
            return -1;
        }
        if (!tl_is_type(cls)) {
            tl_raise(th, &tl_RuntimeError, "super(): __class__ is not a type (%s)",
                     tl_type_name(cls));
            return -1;
        }
        out[0] = cls;
        out[1] = self;
        return 0;
    }
    tl_raise(th, &tl_RuntimeError, "super(): __class__ cell not found");
    return -1;
}

/* Function name for call errors: "f()" with the qualname when known. */
static TlVal callable_desc(TlThread *th, TlVal fn)
{
    TlVal q = tl_getattr_opt(th, fn, TLN(__qualname__));
    if (!q || !tl_is_str(q)) {
        tl_exc_clear(th);
        return tl_str(th, fn);
    }
    TlVal m = tl_getattr_opt(th, fn, TLN(__module__));
    tl_exc_clear(th);
    if (m && tl_is_str(m) && strcmp(tl_cstr(m), "builtins") != 0)
        return tl_str_fmt(th, "%S.%S()", m, q);
    return tl_str_fmt(th, "%S()", q);
}

/* DICT_MERGE: f(**m) into the kwargs dict, refusing duplicates. */
static int dict_merge(TlThread *th, TlVal fn, TlVal d, TlVal m)
{
    if (!tl_is_dict(m)) {
        TlVal keys = tl_getattr_opt(th, m, TLN(keys));
        if (!keys) {
            if (th->exc)
                return -1;
            TlVal desc = callable_desc(th, fn);
            if (desc)
                tl_raise(th, &tl_TypeError, "%S argument after ** must be a mapping, not %s",
                         desc, tl_type_name(m));
            return -1;
        }
        TlVal tmp = tl_dict_new(th);
        if (!tmp || tl_dict_update(th, tmp, m) < 0)
            return -1;
        m = tmp;
    }
    size_t pos = 0;
    TlVal k, v;
    while (tl_dict_next(m, &pos, &k, &v)) {
        if (!tl_is_str(k)) {
            TlVal desc = callable_desc(th, fn);
            if (desc)
                tl_raise(th, &tl_TypeError, "%S keywords must be strings", desc);
            return -1;
        }
        TlVal old = tl_dict_get(th, d, k);
        if (old) {
            TlVal desc = callable_desc(th, fn);
            if (desc)
                tl_raise(th, &tl_TypeError, "%S got multiple values for keyword argument '%S'",
                         desc, k);
            return -1;
        }
        if (tl_dict_set(th, d, k, v) < 0)
            return -1;
    }
    return 0;
}

/* CALL_FUNCTION_EX: f(*args, **kwargs) flattened into one call. */
static TlVal call_ex(TlThread *th, TlVal fn, TlVal args, TlVal kwargs, TlFrame **nf)
{
    *nf = NULL;
    if (!tl_is_exact(args, &tl_tuple_type)) {
        TlType *t = tl_type(args);
        if (!t->iter && !tl_type_lookup(t, TLN(__iter__)) && !tl_type_lookup(t, TLN(__getitem__))) {
            TlVal desc = callable_desc(th, fn);
            return desc ? tl_raise(th, &tl_TypeError,
                                   "%S argument after * must be an iterable, not %s", desc,
                                   tl_type_name(args))
                        : TL_NULL;
        }
        args = tl_to_tuple(th, args);
        if (!args)
            return TL_NULL;
    }
    size_t npos = TL_TUPLE(args)->len, nkw = kwargs ? tl_dict_len(kwargs) : 0;
    TlVal small[16], *buf = small;
    if (npos + nkw > 16) {
        buf = malloc((npos + nkw) * sizeof(TlVal));
        if (!buf)
            return tl_raise_nomem(th);
    }
    memcpy(buf, TL_TUPLE(args)->items, npos * sizeof(TlVal));
    TlVal kw = TL_NULL;
    if (nkw) {
        kw = tl_tuple_new(th, nkw);
        size_t pos = 0, i = 0;
        TlVal k, v;
        while (kw && tl_dict_next(kwargs, &pos, &k, &v) && i < nkw) {
            TL_TUPLE(kw)->items[i] = k;
            buf[npos + i++] = v;
        }
    }
    TlVal res = TL_NULL;
    if (!nkw || kw) {
        uint32_t mark = tl_roots_mark(th);
        tl_root(th, args);
        if (kw)
            tl_root(th, kw);
        *nf = prep_call(th, fn, buf, (int)npos, kw, &res);
        tl_roots_reset(th, mark);
    }
    if (buf != small)
        free(buf);
    return res;
}

static TlVal build_string(TlThread *th, TlVal *items, uint32_t n)
{
    TlBuilder b;
    tl_sb_init(&b);
    for (uint32_t i = 0; i < n; i++)
        tl_sb_addv(&b, items[i]);
    return tl_sb_finish(th, &b);
}

static TlVal format_value(TlThread *th, TlVal v, uint32_t flags, TlVal spec)
{
    switch (flags & 3) {
    case 1: v = tl_str(th, v); break;
    case 2: v = tl_repr(th, v); break;
    case 3: v = tl_ascii(th, v); break;
    default: break;
    }
    if (!v)
        return TL_NULL;
    if (!spec && tl_is_exact_str(v))
        return v;
    if (!spec)
        spec = tl_str_new(th, "", 0);
    return spec ? tl_format(th, v, spec) : TL_NULL;
}

static bool unpackable(TlVal v)
{
    TlType *t = tl_type(v);
    return t->iter || tl_type_lookup(t, TLN(__iter__)) || tl_type_lookup(t, TLN(__getitem__));
}

/* UNPACK_SEQUENCE of a general iterable: the items pushed at *spp, first on top. */
static int unpack_iter(TlThread *th, TlVal seq, uint32_t n, TlVal *dst)
{
    if (!unpackable(seq)) {
        tl_raise(th, &tl_TypeError, "cannot unpack non-iterable %s object", tl_type_name(seq));
        return -1;
    }
    TlVal list = tl_to_list(th, seq);
    if (!list)
        return -1;
    size_t len = TL_LIST(list)->len;
    if (len < n) {
        tl_raise(th, &tl_ValueError, "not enough values to unpack (expected %d, got %zd)",
                 (int)n, (intptr_t)len);
        return -1;
    }
    if (len > n) {
        tl_raise(th, &tl_ValueError, "too many values to unpack (expected %d)", (int)n);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++)
        dst[i] = TL_LIST(list)->items[n - 1 - i];
    return 0;
}

static int unpack_ex(TlThread *th, TlVal seq, uint32_t before, uint32_t after, TlVal *dst)
{
    if (!unpackable(seq)) {
        tl_raise(th, &tl_TypeError, "cannot unpack non-iterable %s object", tl_type_name(seq));
        return -1;
    }
    TlVal list = tl_to_list(th, seq);
    if (!list)
        return -1;
    size_t len = TL_LIST(list)->len;
    if (len < (size_t)before + after) {
        tl_raise(th, &tl_ValueError,
                 "not enough values to unpack (expected at least %d, got %zd)",
                 (int)(before + after), (intptr_t)len);
        return -1;
    }
    TlVal *items = TL_LIST(list)->items;
    size_t mid = len - before - after;
    TlVal middle = tl_list_from(th, items + before, mid);
    if (!middle)
        return -1;
    size_t k = 0;
    for (uint32_t i = 0; i < after; i++)
        dst[k++] = items[len - 1 - i];
    dst[k++] = middle;
    for (uint32_t i = 0; i < before; i++)
        dst[k++] = items[before - 1 - i];
    return 0;
}

static bool exc_class_ok(TlVal c)
{
    return tl_is_type(c) && tl_subtype(TL_TYPE(c), &tl_BaseException);
}

/* CHECK_EXC_MATCH: -1 error, else whether exc matches the class(es). */
static int exc_match(TlThread *th, TlVal exc, TlVal cls)
{
    if (tl_is_tuple(cls)) {
        for (size_t i = 0; i < TL_TUPLE(cls)->len; i++)
            if (!exc_class_ok(TL_TUPLE(cls)->items[i]))
                goto bad;
        for (size_t i = 0; i < TL_TUPLE(cls)->len; i++)
            if (tl_subtype(tl_type(exc), TL_TYPE(TL_TUPLE(cls)->items[i])))
                return 1;
        return 0;
    }
    if (!exc_class_ok(cls))
        goto bad;
    return tl_subtype(tl_type(exc), TL_TYPE(cls));
bad:
    tl_raise(th, &tl_TypeError,
             "catching classes that do not inherit from BaseException is not allowed");
    return -1;
}

static int print_expr(TlThread *th, TlVal v)
{
    if (v == TL_NONE)
        return 0;
    TlVal bi = th->vm->builtins;
    if (tl_dict_set_cstr(th, bi, "_", TL_NONE) < 0)
        return -1;
    TlVal r = tl_repr(th, v);
    if (!r)
        return -1;
    tl_write(th, 1, tl_cstr(r), TL_STR(r)->len);
    tl_write(th, 1, "\n", 1);
    return tl_dict_set_cstr(th, bi, "_", v);
}

/* ------------------------------------------------------ inline caches */

/* LOAD_GLOBAL's two cache words: w1 = entry index | GC_GLOBAL when the name
 * was found in globals (validated by the key stored at that entry), or
 * entry index | GC_BUILTIN with w0 = globals kver + 1 (the name was absent
 * from globals at that version; the builtins entry is validated by key).
 * Each word is written atomically and every combination a racing reader
 * can see is either validated or a miss. */
#define GC_GLOBAL 0x80000000u
#define GC_BUILTIN 0x40000000u
#define GC_INDEX 0x3fffffffu

static inline uint32_t cache_get(uint32_t *p)
{
    return atomic_load_explicit((_Atomic uint32_t *)p, memory_order_relaxed);
}

static inline void cache_put(uint32_t *p, uint32_t v)
{
    atomic_store_explicit((_Atomic uint32_t *)p, v, memory_order_relaxed);
}

/* Lock-free read of entry idx, racing with writers in other threads: each
 * word is loaded atomically (dict.c publishes with release stores), and a
 * replaced table or value stays valid until the next collection. */
HOT TlVal dict_entry_if(TlVal d, uint32_t idx, TlVal key)
{
    TlDictKeys *k = __atomic_load_n(&TL_DICT(d)->keys, __ATOMIC_ACQUIRE);
    if (!k || idx >= __atomic_load_n(&k->nentries, __ATOMIC_ACQUIRE))
        return TL_NULL;
    TlDictEntry *e = &tl_dict_entries(k)[idx];
    if (__atomic_load_n(&e->key, __ATOMIC_ACQUIRE) != key)
        return TL_NULL;
    return __atomic_load_n(&e->value, __ATOMIC_ACQUIRE);
}

/* Update the value of entry idx if it holds key (an instance attribute
 * being reassigned): no hashing or probing.  The key set is unchanged, so
 * this is a plain value update under the dict's lock. */
static bool dict_replace_if(TlThread *th, TlVal d, uint32_t idx, TlVal key, TlVal v)
{
    TlDict *dd = TL_DICT(d);
    tl_lock(th, &dd->ob);
    TlDictKeys *k = dd->keys;
    bool hit = k && idx < k->nentries && tl_dict_entries(k)[idx].key == key;
    if (hit)
        __atomic_store_n(&tl_dict_entries(k)[idx].value, v, __ATOMIC_RELEASE);
    tl_unlock(th, &dd->ob);
    return hit;
}

static TlVal load_global_slow(TlThread *th, TlFrame *f, TlVal name, uint32_t *cache)
{
    TlVal v = tl_dict_get_str(f->globals, name);
    if (v) {
        intptr_t i = tl_dict_index_str(f->globals, name);
        if (i >= 0 && (uintptr_t)i <= GC_INDEX)
            cache_put(cache + 1, (uint32_t)i | GC_GLOBAL);
        return v;
    }
    if (tl_is_exact(f->builtins, &tl_dict_type)) {
        v = tl_dict_get_str(f->builtins, name);
        if (v) {
            intptr_t i = tl_dict_index_str(f->builtins, name);
            if (i >= 0 && (uintptr_t)i <= GC_INDEX) {
                cache_put(cache, (uint32_t)TL_DICT(f->globals)->kver + 1);
                cache_put(cache + 1, (uint32_t)i | GC_BUILTIN);
            }
            return v;
        }
    } else {
        v = mapping_get(th, f->builtins, name);
        if (v || th->exc)
            return v;
    }
    name_error(th, name);
    return TL_NULL;
}

/* ------------------------------------------------- attribute caches */

/* LOAD_ATTR / LOAD_METHOD / STORE_ATTR on instances of classes cache two
 * words: w0 = the type's version (versions are unique process-wide and
 * change whenever the type or a base changes), w1 = what the lookup found:
 *   AC_DICT     the name is not in the type: read/write the instance dict
 *               (w1 also holds the entry index last seen there);
 *   AC_DESCR    a data descriptor (getset ...) at mro[i] entry idx, or with
 *               i == AC_SLOT a __slots__ member read/written directly at
 *               byte offset idx of the instance;
 *   AC_METHOD   a function / method descriptor at mro[i] entry idx.
 * Filling requires no __getattribute__/__setattr__ override.  Writers take
 * w0 to AC_LOCKED with a CAS, write w1, then publish the version; readers
 * accept w1 only if w0 reads the same version before and after. */
#define AC_LOCKED 0xffffffffu
#define AC_KIND(w) ((w) >> 30)
#define AC_MRO(w) (((w) >> 24) & 63)
#define AC_IDX(w) ((w) & 0xffffffu)
#define AC_SLOT 63u
enum { AC_NONE, AC_DICT, AC_DESCR, AC_METHOD };

static uint32_t ac_read(uint32_t *c, uint32_t version)
{
    _Atomic uint32_t *w = (_Atomic uint32_t *)c;
    if (atomic_load_explicit(&w[0], memory_order_acquire) != version)
        return 0;
    uint32_t p = atomic_load_explicit(&w[1], memory_order_acquire);
    if (atomic_load_explicit(&w[0], memory_order_acquire) != version)
        return 0;
    return p;
}

static void ac_write(uint32_t *c, uint32_t version, uint32_t payload)
{
    _Atomic uint32_t *w = (_Atomic uint32_t *)c;
    uint32_t old = atomic_load_explicit(&w[0], memory_order_relaxed);
    if (old == AC_LOCKED || version == 0 || version == AC_LOCKED ||
        !atomic_compare_exchange_strong(&w[0], &old, AC_LOCKED))
        return;
    atomic_store_explicit(&w[1], payload, memory_order_release);
    atomic_store_explicit(&w[0], version, memory_order_release);
}

static TlVal obj_getattribute(void)
{
    return tl_type_lookup(&tl_object_type, TLN(__getattribute__));
}

/* The location of `name` in t's MRO as a cache payload of `kind`, or 0. */
static uint32_t ac_locate(TlType *t, TlVal name, int kind)
{
    TlTuple *mro = TL_TUPLE(t->mro);
    for (size_t i = 0; i < mro->len && i < AC_SLOT; i++) {
        intptr_t idx = tl_dict_index_str(TL_TYPE(mro->items[i])->dict, name);
        if (idx >= 0)
            return idx <= 0xffffff ? ((uint32_t)kind << 30) | ((uint32_t)i << 24) | (uint32_t)idx
                                   : 0;
    }
    return 0;
}

/* A data descriptor's payload: direct slot access for members. */
static uint32_t ac_descr(TlType *t, TlVal name, TlVal d)
{
    size_t off = tl_member_offset(d);
    if (off && off <= 0xffffff)
        return ((uint32_t)AC_DESCR << 30) | (AC_SLOT << 24) | (uint32_t)off;
    return ac_locate(t, name, AC_DESCR);
}

HOT TlVal ac_entry(TlType *t, uint32_t p, TlVal name)
{
    TlTuple *mro = TL_TUPLE(t->mro);
    if (AC_MRO(p) >= mro->len || AC_MRO(p) == AC_SLOT)
        return TL_NULL;
    return dict_entry_if(TL_TYPE(mro->items[AC_MRO(p)])->dict, AC_IDX(p), name);
}

/* Instance dict entry index of name as a DICT payload. */
static uint32_t ac_dict_payload(TlVal obj, TlVal name)
{
    TlVal *dp = tl_instance_dict_ptr(obj);
    intptr_t idx = dp && *dp ? tl_dict_index_str(*dp, name) : -1;
    return ((uint32_t)AC_DICT << 30) | (idx >= 0 && idx <= 0xffffff ? (uint32_t)idx : 0xffffffu);
}

/* The payload of an attribute cache for obj's type, 0 when stale. */
HOT uint32_t ac_probe(TlVal obj, uint32_t *cache)
{
    return ac_read(cache, atomic_load_explicit(&tl_type(obj)->version, memory_order_acquire));
}

/* The __slots__ member a payload names, for the opcodes' inline path. */
HOT TlVal *ac_slot(TlVal obj, uint32_t p)
{
    return AC_KIND(p) == AC_DESCR && AC_MRO(p) == AC_SLOT
               ? (TlVal *)((char *)tl_obj(obj) + AC_IDX(p))
               : NULL;
}

/* The value a payload locates without calls -- a __slots__ member or the
 * remembered entry of a plain instance dict -- for LOAD_ATTR's inline
 * path; TL_NULL when it takes more (ac_load). */
HOT TlVal ac_direct(TlVal obj, uint32_t p, TlVal name)
{
    TlVal *slot = ac_slot(obj, p);
    if (slot)
        return *slot;
    TlType *t = tl_obj(obj)->type;
    if (AC_KIND(p) != AC_DICT || !t->dictoffset || (t->flags & TL_TF_VARDICT))
        return TL_NULL;
    TlVal d = *(TlVal *)((char *)tl_obj(obj) + t->dictoffset);
    return d ? dict_entry_if(d, AC_IDX(p), name) : TL_NULL;
}

/* Fast LOAD_ATTR/LOAD_METHOD on a class instance through the cache
 * payload p: TL_NULL (no exception) when the cache cannot answer. */
static TlVal ac_load(TlThread *th, TlVal obj, TlVal name, uint32_t p, bool *is_method)
{
    TlType *t = tl_type(obj);
    *is_method = false;
    switch (AC_KIND(p)) {
    case AC_DICT: {
        TlVal *dp = tl_instance_dict_ptr(obj);
        if (!dp || !*dp)
            return TL_NULL;
        TlVal v = dict_entry_if(*dp, AC_IDX(p), name);
        return v ? v : tl_dict_get_str(*dp, name);
    }
    case AC_DESCR: {
        if (AC_MRO(p) == AC_SLOT)   /* empty slot: the slow path raises */
            return *(TlVal *)((char *)tl_obj(obj) + AC_IDX(p));
        TlVal d = ac_entry(t, p, name);
        if (!d)
            return TL_NULL;
        return tl_type(d)->descr_get(th, d, obj, tl_val(t));
    }
    case AC_METHOD: {
        TlVal d = ac_entry(t, p, name);
        if (!d)
            return TL_NULL;
        TlVal *dp = t->dictoffset ? tl_instance_dict_ptr(obj) : NULL;
        if (dp && *dp && tl_dict_get_str(*dp, name))
            return TL_NULL;
        *is_method = true;
        return d;
    }
    default:
        return TL_NULL;
    }
}

/* After a slow lookup: remember what the type says about name. */
static void ac_fill(TlVal obj, TlVal name, uint32_t *cache, bool method)
{
    TlType *t = tl_type(obj);
    uint32_t version = atomic_load_explicit(&t->version, memory_order_acquire);
    if (!is_heap(t) || tl_type_lookup(t, TLN(__getattribute__)) != obj_getattribute())
        return;
    TlVal d = tl_type_lookup(t, name);
    uint32_t p = 0;
    if (!d) {
        if (t->dictoffset)
            p = ac_dict_payload(obj, name);
    } else if (method && (is_func(d) || (tl_is_exact(d, &tl_native_type) &&
                                         ((TlNative *)tl_obj(d))->owner &&
                                         !((TlNative *)tl_obj(d))->self &&
                                         (((TlNative *)tl_obj(d))->flags & 3) == TL_METH_INSTANCE))) {
        p = ac_locate(t, name, AC_METHOD);
    } else if (!tl_is_exact(d, &tl_property_type) && !is_heap(tl_type(d)) &&
               tl_type(d)->descr_get && tl_type(d)->descr_set) {
        p = ac_descr(t, name, d);
    }
    if (p)
        ac_write(cache, version, p);
}

/* LOAD_METHOD on an instance of a builtin type without a getattr slot,
 * after method_lookup found a method: remember where it lives (builtin
 * types cannot change, but their version is checked all the same). */
static void ac_fill_builtin(TlType *t, TlVal name, uint32_t *cache)
{
    uint32_t version = atomic_load_explicit(&t->version, memory_order_acquire);
    uint32_t p = ac_locate(t, name, AC_METHOD);
    if (p)
        ac_write(cache, version, p);
}

/* Fast STORE_ATTR through the cache payload p: 1 done, 0 not cached, -1
 * error. */
static int ac_store(TlThread *th, TlVal obj, TlVal name, TlVal v, uint32_t p)
{
    TlType *t = tl_type(obj);
    if (AC_KIND(p) == AC_DICT) {
        TlVal *dp = tl_instance_dict_ptr(obj);
        if (!dp || !*dp)
            return 0;
        if (dict_replace_if(th, *dp, AC_IDX(p), name, v))
            return 1;
        return tl_dict_set(th, *dp, name, v) < 0 ? -1 : 1;
    }
    if (AC_KIND(p) == AC_DESCR) {   /* (slots are handled inline) */
        TlVal d = ac_entry(t, p, name);
        if (!d)
            return 0;
        return tl_type(d)->descr_set(th, d, obj, v) < 0 ? -1 : 1;
    }
    return 0;
}

static void ac_fill_store(TlVal obj, TlVal name, uint32_t *cache)
{
    TlType *t = tl_type(obj);
    uint32_t version = atomic_load_explicit(&t->version, memory_order_acquire);
    if (!is_heap(t) || tl_type_lookup(t, TLN(__setattr__)) !=
                           tl_type_lookup(&tl_object_type, TLN(__setattr__)))
        return;
    TlVal d = tl_type_lookup(t, name);
    uint32_t p = 0;
    if (!d) {
        TlVal *dp = tl_instance_dict_ptr(obj);
        if (dp && *dp)
            p = ac_dict_payload(obj, name);
    } else if (!tl_is_exact(d, &tl_property_type) && !is_heap(tl_type(d)) &&
               tl_type(d)->descr_set) {
        p = ac_descr(t, name, d);
    }
    if (p)
        ac_write(cache, version, p);
}

/* ----------------------------------------------------- instantiation */

/* CALL of a class whose __new__ is object.__new__ and whose __init__ is a
 * Python function (the usual class): object.__new__ then only allocates,
 * so the call site remembers the class's version in its cache word and
 * skips the __new__ lookup and argument checks next time. */
HOT bool plain_new_cached(TlType *cls, uint32_t *cache)
{
    uint32_t c = cache_get(cache);
    return c && c == atomic_load_explicit(&cls->version, memory_order_acquire) &&
           !(cls->flags & TL_TF_ABSTRACT);
}

static void plain_new_fill(TlType *cls, uint32_t *cache)
{
    uint32_t version = atomic_load_explicit(&cls->version, memory_order_acquire);
    if (cls->tp_new != tl_object_type.tp_new || (cls->flags & TL_TF_ABSTRACT) ||
        tl_type_lookup(cls, TLN(__new__)) != tl_type_lookup(&tl_object_type, TLN(__new__)))
        return;
    TlVal init = tl_type_lookup(cls, TLN(__init__));
    if (init && is_func(init))
        cache_put(cache, version);
}

/* ----------------------------------------------------- attribute access */

/* Heap-type attribute lookup that runs Python getters stackless: returns a
 * frame to enter, or the value in *res.  A type overriding
 * __getattribute__ goes through tl_getattr. */
static TlFrame *getattr_heap(TlThread *th, TlVal obj, TlVal *objslot, TlVal name,
                             TlVal *res, uint32_t *hooked)
{
    *hooked = 0;
    TlType *t = tl_type(obj);
    TlVal ga = tl_type_lookup(t, TLN(__getattribute__));
    if (ga != tl_type_lookup(&tl_object_type, TLN(__getattribute__))) {
        *res = tl_getattr(th, obj, name);
        return NULL;
    }
    TlVal descr = tl_type_lookup(t, name);
    if (descr && tl_is_exact(descr, &tl_property_type)) {
        TlVal fget = tl_getattr_opt(th, descr, TLN(fget));
        if (fget && is_func(fget))
            return prep_call(th, fget, objslot, 1, TL_NULL, res);
    }
    *res = tl_generic_getattr(th, obj, name);
    if (*res || !tl_exc_matches(th, &tl_AttributeError))
        return NULL;
    TlVal hook = tl_type_lookup(t, TLN(__getattr__));
    if (!hook)
        return NULL;
    tl_exc_clear(th);
    *hooked = 1;
    TlVal pair[2] = {obj, name};
    return prep_dunder(th, hook, pair, 2, res);
}

/* LOAD_METHOD: a plain function or method descriptor found on the type and
 * not shadowed by the instance dict is returned unbound. */
static TlVal method_lookup(TlVal obj, TlVal name)
{
    TlType *t = tl_type(obj);
    if (is_heap(t)) {
        if (tl_type_lookup(t, TLN(__getattribute__)) !=
            tl_type_lookup(&tl_object_type, TLN(__getattribute__)))
            return TL_NULL;
    } else if (t->getattr) {
        return TL_NULL;
    }
    TlVal d = tl_type_lookup(t, name);
    if (!d)
        return TL_NULL;
    if (!is_func(d)) {
        if (!tl_is_exact(d, &tl_native_type))
            return TL_NULL;
        TlNative *n = (TlNative *)tl_obj(d);
        if (!n->owner || n->self || (n->flags & 3) != TL_METH_INSTANCE)
            return TL_NULL;
    }
    if (t->dictoffset) {
        TlVal *dp = tl_instance_dict_ptr(obj);
        if (dp && *dp && tl_dict_get_str(*dp, name))
            return TL_NULL;
    }
    return d;
}

/* ------------------------------------------------ container fast paths */

/* list[i] = v for an index in range (under the list's lock when threads
 * exist): false when the generic path must run (and raise). */
HOT bool list_store(TlThread *th, TlVal list, intptr_t i, TlVal v)
{
    TlList *l = TL_LIST(list);
    bool mt = th->vm->mt;
    if (mt)
        tl_lock(th, &l->ob);
    intptr_t n = (intptr_t)l->len;
    if (i < 0)
        i += n;
    bool ok = i >= 0 && i < n;
    if (ok)
        __atomic_store_n(&l->items[i], v, __ATOMIC_RELAXED);
    if (mt)
        tl_unlock(th, &l->ob);
    return ok;
}

/* ------------------------------------------------ numeric fast paths */

/* Small ints of at most 53 bits convert to double exactly, so mixing them
 * with floats in the VM's fast paths gives CPython's results (comparisons
 * included, which CPython performs exactly). */
static inline bool exact_double(intptr_t x)
{
    return (int64_t)x >= -((int64_t)1 << 53) && (int64_t)x <= ((int64_t)1 << 53);
}

/* tl_float_new with the allocation inlined: one per float operation. */
HOT TlVal new_float(TlThread *th, double v)
{
    TlFloat *f = tl_alloc_inline(th, &tl_float_type, sizeof(TlFloat));
    if (!f)
        return TL_NULL;
    f->v = v;
    return tl_val(f);
}

/* Both operands as doubles: exact floats and such small ints, at least
 * one of them a float. */
HOT bool float_pair(TlVal a, TlVal b, double *x, double *y)
{
    if (tl_is_exact(a, &tl_float_type)) {
        *x = TL_FLOAT(a);
        if (tl_is_exact(b, &tl_float_type))
            *y = TL_FLOAT(b);
        else if (tl_is_small(b) && exact_double(tl_small(b)))
            *y = (double)tl_small(b);
        else
            return false;
        return true;
    }
    if (tl_is_small(a) && exact_double(tl_small(a)) && tl_is_exact(b, &tl_float_type)) {
        *x = (double)tl_small(a);
        *y = TL_FLOAT(b);
        return true;
    }
    return false;
}

/* --------------------------------------------------- the dispatch loop */

enum { EV_RETURN, EV_YIELD };

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define PEEK(n) (sp[-(intptr_t)(n)])
#define SAVE() (f->ip = ip, f->sp = sp, f->instr = here)
#define LOAD()                                               \
    do {                                                     \
        co = f->code;                                        \
        ip = f->ip;                                          \
        sp = f->sp;                                          \
        here = f->instr;                                     \
        fast = f->localsplus;                                \
        consts = TL_TUPLE(co->consts)->items;                \
        names = TL_TUPLE(co->names)->items;                  \
    } while (0)
#define CHECK_BREAKER()                                                       \
    do {                                                                      \
        if (atomic_load_explicit(&th->vm->breaker, memory_order_relaxed)) {   \
            SAVE();                                                           \
            if (tl_safepoint(th) < 0)                                         \
                goto error;                                                   \
            if (th->sched && tl_tasklet_preempt(th))                          \
                goto switched;                                                \
        }                                                                     \
    } while (0)
#define JUMPTO(t)                                                             \
    do {                                                                      \
        uint32_t *tgt_ = co->code + (t);                                      \
        ip = tgt_;                                                            \
        if (tgt_ <= here)                                                     \
            CHECK_BREAKER();                                                  \
    } while (0)
#define SKIP_CACHE(op) (ip += tl_op_cache[OP_##op])

#ifdef __GNUC__
#define TARGET(op) L_##op:
#define DISPATCH()                                                            \
    do {                                                                      \
        here = ip;                                                            \
        word = *ip++;                                                         \
        oparg = TL_OPARG(word);                                               \
        goto *labels[TL_OPCODE(word)];                                        \
    } while (0)
#else
#define TARGET(op) case OP_##op:
#define DISPATCH() goto dispatch
#endif

static TlVal run(TlThread *th, TlFrame *f, bool throwing)
{
#ifdef __GNUC__
#define LABEL(name, cache) &&L_##name,
    static const void *const labels[] = {TL_OPCODES(LABEL)};
#undef LABEL
#endif
    TlCode *co;
    uint32_t *ip, *here, word, oparg;
    TlVal *sp, *fast, *consts, *names;
    TlVal kwnames = TL_NULL;
    TlVal res = TL_NULL;
    /* The float most recently allocated by BINARY_OP's fast path, while no
     * slower path has produced a BINARY_OP result since: a flagged operand
     * equal to it is a temporary nothing else holds, whose storage the
     * next float result may take. */
    TlVal fresh = TL_NULL;
    TlFrame *nf;
    int ev = EV_RETURN;
    uint8_t cont = 0;
    uint32_t aux = 0;
    int truth = 0;
    int bop = 0, phase = 0;
    uint8_t kinds[3];
    TlVal meths[3];

    LOAD();
    if (throwing)
        goto traceback;
    CHECK_BREAKER();

#ifdef __GNUC__
    DISPATCH();
#else
dispatch:
    here = ip;
    word = *ip++;
    oparg = TL_OPARG(word);
    switch (TL_OPCODE(word)) {
#endif

    TARGET(NOP) { DISPATCH(); }

    TARGET(POP_TOP) {
        sp--;
        DISPATCH();
    }

    TARGET(PUSH_NULL) {
        PUSH(TL_NULL);
        DISPATCH();
    }

    TARGET(COPY) {
        TlVal v = PEEK(oparg);
        PUSH(v);
        DISPATCH();
    }

    TARGET(SWAP) {
        TlVal v = TOP();
        TOP() = PEEK(oparg);
        PEEK(oparg) = v;
        DISPATCH();
    }

    TARGET(LOAD_CONST) {
        PUSH(consts[oparg]);
        DISPATCH();
    }

    TARGET(LOAD_FAST) {
        TlVal v = fast[oparg];
        if (!v)
            goto unbound_local;
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_FAST) {
        fast[oparg] = POP();
        DISPATCH();
    }

    TARGET(DELETE_FAST) {
        if (!fast[oparg])
            goto unbound_local;
        fast[oparg] = TL_NULL;
        DISPATCH();
    }

    TARGET(LOAD_DEREF) {
        TlVal v = ((TlCell *)tl_obj(fast[co->nlocals + oparg]))->value;
        if (!v) {
            unbound_deref(th, co, oparg);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_DEREF) {
        ((TlCell *)tl_obj(fast[co->nlocals + oparg]))->value = POP();
        DISPATCH();
    }

    TARGET(DELETE_DEREF) {
        TlCell *c = (TlCell *)tl_obj(fast[co->nlocals + oparg]);
        if (!c->value) {
            unbound_deref(th, co, oparg);
            goto error;
        }
        c->value = TL_NULL;
        DISPATCH();
    }

    TARGET(LOAD_CLOSURE) {
        PUSH(fast[co->nlocals + oparg]);
        DISPATCH();
    }

    TARGET(LOAD_CLASSDEREF) {
        SAVE();
        TlVal v = TL_NULL;
        if (f->locals) {
            v = mapping_get(th, f->locals, cell_name(co, oparg));
            if (!v && th->exc)
                goto error;
        }
        if (!v) {
            v = ((TlCell *)tl_obj(fast[co->nlocals + oparg]))->value;
            if (!v) {
                unbound_deref(th, co, oparg);
                goto error;
            }
        }
        PUSH(v);
        DISPATCH();
    }

    TARGET(LOAD_NAME) {
        TlVal name = names[oparg];
        uint32_t *cache = ip;
        SKIP_CACHE(LOAD_NAME);
        SAVE();
        TlVal v = TL_NULL;
        if (f->locals == f->globals && tl_is_exact(f->globals, &tl_dict_type)) {
            /* Module level: LOAD_GLOBAL's cache, except that a builtins
             * entry is trusted only after checking globals lacks the name
             * (module code may run in several namespaces whose kvers
             * coincide). */
            uint32_t c1 = cache_get(cache + 1);
            if (c1 & GC_GLOBAL)
                v = dict_entry_if(f->globals, c1 & GC_INDEX, name);
            else if ((c1 & GC_BUILTIN) && !tl_dict_get_str(f->globals, name))
                v = dict_entry_if(f->builtins, c1 & GC_INDEX, name);
            if (!v && !(v = load_global_slow(th, f, name, cache)))
                goto error;
            PUSH(v);
            DISPATCH();
        }
        if (f->locals) {
            v = mapping_get(th, f->locals, name);
            if (!v && th->exc)
                goto error;
        }
        if (!v)
            v = tl_dict_get_str(f->globals, name);
        if (!v) {
            v = mapping_get(th, f->builtins, name);
            if (!v) {
                if (!th->exc)
                    name_error(th, name);
                goto error;
            }
        }
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_NAME) {
        uint32_t *cache = ip;
        SKIP_CACHE(STORE_NAME);
        SAVE();
        TlVal name = names[oparg];
        if (!f->locals) {
            tl_raise(th, &tl_SystemError, "no locals found when storing %R", name);
            goto error;
        }
        if (tl_is_exact(f->locals, &tl_dict_type)) {
            /* the cache word holds the entry index + 1 of the name */
            uint32_t c = cache_get(cache);
            if (!c || !dict_replace_if(th, f->locals, c - 1, name, TOP())) {
                if (tl_dict_set(th, f->locals, name, TOP()) < 0)
                    goto error;
                intptr_t i = tl_dict_index_str(f->locals, name);
                if (i >= 0 && i < (intptr_t)GC_INDEX)
                    cache_put(cache, (uint32_t)i + 1);
            }
        } else if (mapping_set(th, f->locals, name, TOP()) < 0) {
            goto error;
        }
        sp--;
        DISPATCH();
    }

    TARGET(DELETE_NAME) {
        SAVE();
        TlVal name = names[oparg];
        if (!f->locals) {
            tl_raise(th, &tl_SystemError, "no locals when deleting %R", name);
            goto error;
        }
        int r = tl_is_exact(f->locals, &tl_dict_type) ? tl_dict_del(th, f->locals, name)
                                                      : tl_delitem(th, f->locals, name);
        if (r < 0) {
            if (tl_exc_matches(th, &tl_KeyError)) {
                tl_exc_clear(th);
                name_error(th, name);
            }
            goto error;
        }
        DISPATCH();
    }

    TARGET(LOAD_GLOBAL) {
        TlVal name = names[oparg];
        uint32_t *cache = ip;
        SKIP_CACHE(LOAD_GLOBAL);
        uint32_t c1 = cache_get(cache + 1);
        TlVal v = TL_NULL;
        if (c1 & GC_GLOBAL) {
            v = dict_entry_if(f->globals, c1 & GC_INDEX, name);
        } else if ((c1 & GC_BUILTIN) &&
                   cache_get(cache) == (uint32_t)TL_DICT(f->globals)->kver + 1) {
            v = dict_entry_if(f->builtins, c1 & GC_INDEX, name);
        }
        if (!v) {
            SAVE();
            v = load_global_slow(th, f, name, cache);
            if (!v)
                goto error;
        }
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_GLOBAL) {
        SAVE();
        if (tl_dict_set(th, f->globals, names[oparg], TOP()) < 0)
            goto error;
        sp--;
        DISPATCH();
    }

    TARGET(DELETE_GLOBAL) {
        SAVE();
        if (tl_dict_del(th, f->globals, names[oparg]) < 0) {
            if (tl_exc_matches(th, &tl_KeyError)) {
                tl_exc_clear(th);
                name_error(th, names[oparg]);
            }
            goto error;
        }
        DISPATCH();
    }

    TARGET(LOAD_ATTR) {
        TlVal obj = TOP();
        TlVal name = names[oparg];
        uint32_t *cache = ip;
        SKIP_CACHE(LOAD_ATTR);
        SAVE();
        if (is_heap(tl_type(obj))) {
            uint32_t p = ac_probe(obj, cache);
            res = ac_direct(obj, p, name);
            if (res) {
                TOP() = res;
                DISPATCH();
            }
            bool meth;
            res = ac_load(th, obj, name, p, &meth);
            if (res && meth)
                res = tl_bind(th, res, obj, tl_type(obj));
            if (res) {
                TOP() = res;
                DISPATCH();
            }
            if (th->exc)
                goto error;
            nf = getattr_heap(th, obj, &sp[-1], name, &res, &aux);
            if (nf) {
                cont = TL_CONT_GETATTR;
                goto enter_frame;
            }
            if (res)
                ac_fill(obj, name, cache, false);
        } else {
            res = tl_getattr(th, obj, name);
        }
        if (!res)
            goto error;
        TOP() = res;
        DISPATCH();
    }

    TARGET(LOAD_METHOD) {
        TlVal obj = TOP();
        TlVal name = names[oparg];
        uint32_t *cache = ip;
        SKIP_CACHE(LOAD_METHOD);
        SAVE();
        TlType *t = tl_type(obj);
        bool heap = is_heap(t);
        if (heap || !t->getattr) {
            bool meth;
            res = ac_load(th, obj, name, ac_probe(obj, cache), &meth);
            if (res) {
                TOP() = res;
                PUSH(meth ? obj : TL_NULL);
                DISPATCH();
            }
            if (th->exc)
                goto error;
        }
        TlVal m = method_lookup(obj, name);
        if (m) {
            if (heap)
                ac_fill(obj, name, cache, true);
            else
                ac_fill_builtin(t, name, cache);
            TOP() = m;
            PUSH(obj);
            DISPATCH();
        }
        if (heap) {
            nf = getattr_heap(th, obj, &sp[-1], name, &res, &aux);
            if (nf) {
                cont = TL_CONT_GETATTR;
                goto enter_frame;
            }
        } else {
            res = tl_getattr(th, obj, name);
        }
        if (!res)
            goto error;
        TOP() = res;
        PUSH(TL_NULL);
        DISPATCH();
    }

    TARGET(STORE_ATTR) {
        TlVal obj = TOP();
        uint32_t *cache = ip;
        SKIP_CACHE(STORE_ATTR);
        SAVE();
        if (is_heap(tl_type(obj))) {
            uint32_t p = ac_probe(obj, cache);
            TlVal *slot = ac_slot(obj, p);
            if (slot) {
                *slot = PEEK(2);
                sp -= 2;
                DISPATCH();
            }
            int r = ac_store(th, obj, names[oparg], PEEK(2), p);
            if (r < 0)
                goto error;
            if (r) {
                sp -= 2;
                DISPATCH();
            }
        }
        if (tl_setattr(th, obj, names[oparg], PEEK(2)) < 0)
            goto error;
        if (is_heap(tl_type(obj)))
            ac_fill_store(obj, names[oparg], cache);
        sp -= 2;
        DISPATCH();
    }

    TARGET(DELETE_ATTR) {
        SAVE();
        if (tl_delattr(th, TOP(), names[oparg]) < 0)
            goto error;
        sp--;
        DISPATCH();
    }

    TARGET(BINARY_OP) {
        TlVal a = PEEK(2), b = TOP();
        double fx, fy;
        SKIP_CACHE(BINARY_OP);
        if (tl_is_small(a) && tl_is_small(b)) {
            intptr_t x = tl_small(a), y = tl_small(b), r;
            switch (oparg & 15) {
            case TL_OP_ADD:
                if (__builtin_add_overflow(x, y, &r) || !tl_fits_small(r))
                    break;
                sp--;
                TOP() = tl_mksmall(r);
                DISPATCH();
            case TL_OP_SUB:
                if (__builtin_sub_overflow(x, y, &r) || !tl_fits_small(r))
                    break;
                sp--;
                TOP() = tl_mksmall(r);
                DISPATCH();
            case TL_OP_MUL:
                if (__builtin_mul_overflow(x, y, &r) || !tl_fits_small(r))
                    break;
                sp--;
                TOP() = tl_mksmall(r);
                DISPATCH();
            case TL_OP_TRUEDIV:
                /* exact conversions: the quotient is rounded once, as
                 * CPython's long_true_divide does for such operands */
                if (y == 0 || !exact_double(x) || !exact_double(y))
                    break;
                fx = (double)x;
                fy = (double)y;
                goto float_op;
            case TL_OP_FLOORDIV:
            case TL_OP_MOD:
                if (y == 0 || (y == -1 && x == TL_SMALL_MIN))
                    break;
                {
                    intptr_t q = x / y, m = x % y;
                    if (m != 0 && ((m < 0) != (y < 0))) {
                        q -= 1;
                        m += y;
                    }
                    sp--;
                    TOP() = tl_mksmall((oparg & 15) == TL_OP_MOD ? m : q);
                }
                DISPATCH();
            case TL_OP_AND:
                sp--;
                TOP() = tl_mksmall(x & y);
                DISPATCH();
            case TL_OP_OR:
                sp--;
                TOP() = tl_mksmall(x | y);
                DISPATCH();
            case TL_OP_XOR:
                sp--;
                TOP() = tl_mksmall(x ^ y);
                DISPATCH();
            default:
                break;
            }
        } else if (float_pair(a, b, &fx, &fy)) {
        float_op:;
            double r;
            switch (oparg & 15) {
            case TL_OP_ADD: r = fx + fy; goto float_result;
            case TL_OP_SUB: r = fx - fy; goto float_result;
            case TL_OP_MUL: r = fx * fy; goto float_result;
            case TL_OP_TRUEDIV:
                if (fy == 0.0)
                    break;
                r = fx / fy;
                goto float_result;
            case TL_OP_POW:
                /* the case of float.__pow__ with no special rules: a
                 * positive finite base, a finite exponent, no overflow */
                if (!(fx > 0.0 && isfinite(fx) && isfinite(fy)))
                    break;
                r = pow(fx, fy);
                if (!isfinite(r))
                    break;
            float_result:
                /* A temporary operand (see TL_TMP_LEFT) this loop just
                 * allocated gives its storage to the result. */
                res = (oparg & TL_TMP_RIGHT) && b == fresh ? b
                    : (oparg & TL_TMP_LEFT) && a == fresh ? a
                    : new_float(th, r);
                if (!res) {
                    SAVE();
                    goto error;
                }
                ((TlFloat *)tl_obj(res))->v = r;
                fresh = res;
                sp--;
                TOP() = res;
                DISPATCH();
            default:
                break;
            }
        } else if ((oparg & 15) == TL_OP_ADD && tl_is_exact_str(a) && tl_is_exact_str(b)) {
            res = tl_str_concat(th, a, b);
            if (!res) {
                SAVE();
                goto error;
            }
            sp--;
            TOP() = res;
            DISPATCH();
        }
        SAVE();
        bop = (int)oparg;
        fresh = TL_NULL;    /* results from here on may be shared objects */
        if (is_heap(tl_type(a)) || (is_heap(tl_type(b)) && !(bop & TL_INPLACE))) {
            phase = 0;
            goto binop_step;
        }
        res = (bop & TL_INPLACE) ? tl_inplace(th, (TlBinOp)(bop & 15), a, b)
                                 : tl_binop(th, (TlBinOp)(bop & 15), a, b);
        if (!res)
            goto error;
        sp--;
        TOP() = res;
        DISPATCH();
    }

    TARGET(COMPARE_OP) {
        TlVal a = PEEK(2), b = TOP();
        SKIP_CACHE(COMPARE_OP);
        if (tl_is_small(a) && tl_is_small(b)) {
            intptr_t x = (intptr_t)a, y = (intptr_t)b;
            bool r;
            switch (oparg) {
            case TL_LT: r = x < y; break;
            case TL_LE: r = x <= y; break;
            case TL_EQ: r = x == y; break;
            case TL_NE: r = x != y; break;
            case TL_GT: r = x > y; break;
            default: r = x >= y; break;
            }
            sp--;
            TOP() = tl_bool(r);
            DISPATCH();
        }
        double x, y;
        if (float_pair(a, b, &x, &y)) {
            bool r;
            switch (oparg) {
            case TL_LT: r = x < y; break;
            case TL_LE: r = x <= y; break;
            case TL_EQ: r = x == y; break;
            case TL_NE: r = x != y; break;
            case TL_GT: r = x > y; break;
            default: r = x >= y; break;
            }
            sp--;
            TOP() = tl_bool(r);
            DISPATCH();
        }
        if ((oparg == TL_EQ || oparg == TL_NE) && tl_is_exact_str(a) && tl_is_exact_str(b)) {
            bool r = a == b || tl_str_eq(a, b);
            sp--;
            TOP() = tl_bool(oparg == TL_EQ ? r : !r);
            DISPATCH();
        }
        SAVE();
        bop = (int)oparg;
        if (is_heap(tl_type(a)) || is_heap(tl_type(b))) {
            phase = 0;
            goto cmp_step;
        }
        res = tl_richcmp(th, a, b, (TlCmpOp)bop);
        if (!res)
            goto error;
        sp--;
        TOP() = res;
        DISPATCH();
    }

    TARGET(IS_OP) {
        bool r = (PEEK(2) == TOP()) ^ (oparg != 0);
        sp--;
        TOP() = tl_bool(r);
        DISPATCH();
    }

    TARGET(CONTAINS_OP) {
        TlVal item = PEEK(2), c = TOP();
        SAVE();
        TlType *t = tl_type(c);
        if (is_heap(t)) {
            TlVal m = tl_type_lookup(t, TLN(__contains__));
            if (m && is_func(m)) {
                TlVal pair[2] = {c, item};
                nf = prep_call(th, m, pair, 2, TL_NULL, &res);
                if (nf) {
                    cont = TL_CONT_CONTAINS;
                    aux = oparg;
                    goto enter_frame;
                }
                if (!res)
                    goto error;
                truth = tl_truthy(th, res);
                goto contains_done;
            }
        }
        truth = tl_contains(th, c, item);
    contains_done:
        if (truth < 0)
            goto error;
        sp--;
        TOP() = tl_bool((truth != 0) ^ (oparg != 0));
        DISPATCH();
    }

    TARGET(UNARY_OP) {
        TlVal v = TOP();
        if (tl_is_small(v)) {
            intptr_t x = tl_small(v);
            if (oparg == TL_UOP_POS)
                DISPATCH();
            if (oparg == TL_UOP_INVERT) {
                TOP() = tl_mksmall(~x);
                DISPATCH();
            }
            if (x != TL_SMALL_MIN) {
                TOP() = tl_mksmall(-x);
                DISPATCH();
            }
        }
        SAVE();
        TlType *t = tl_type(v);
        if (is_heap(t)) {
            static const uint16_t un[3] = {TLN___neg__, TLN___pos__, TLN___invert__};
            TlVal m = tl_type_lookup(t, tl_names[un[oparg]]);
            if (m && is_func(m)) {
                nf = prep_call(th, m, &sp[-1], 1, TL_NULL, &res);
                if (nf) {
                    sp--;
                    cont = TL_CONT_PUSH;
                    aux = 0;
                    goto enter_frame;
                }
                if (!res)
                    goto error;
                TOP() = res;
                DISPATCH();
            }
        }
        res = tl_unop(th, (TlUnOp)oparg, v);
        if (!res)
            goto error;
        TOP() = res;
        DISPATCH();
    }

    TARGET(UNARY_NOT) {
        TlVal v = TOP();
        if (v == TL_TRUE || v == TL_FALSE) {
            TOP() = tl_bool(v == TL_FALSE);
            DISPATCH();
        }
        goto truth_test;
    }

    TARGET(BINARY_SUBSCR) {
        TlVal c = PEEK(2), k = TOP();
        SKIP_CACHE(BINARY_SUBSCR);
        if (tl_is_small(k)) {
            intptr_t i = tl_small(k);
            if (tl_is_exact(c, &tl_list_type)) {
                TlList *l = TL_LIST(c);
                if (i < 0)
                    i += (intptr_t)l->len;
                if (i >= 0 && (size_t)i < l->len) {
                    sp--;
                    TOP() = l->items[i];
                    DISPATCH();
                }
            } else if (tl_is_exact(c, &tl_tuple_type)) {
                TlTuple *tu = TL_TUPLE(c);
                if (i < 0)
                    i += (intptr_t)tu->len;
                if (i >= 0 && (size_t)i < tu->len) {
                    sp--;
                    TOP() = tu->items[i];
                    DISPATCH();
                }
            }
        }
        SAVE();
        if (tl_is_exact(c, &tl_dict_type)) {
            res = tl_dict_get(th, c, k);
            if (!res) {
                if (!th->exc)
                    tl_raise_key(th, k);
                goto error;
            }
            sp--;
            TOP() = res;
            DISPATCH();
        }
        TlType *t = tl_type(c);
        if (is_heap(t)) {
            TlVal m = tl_type_lookup(t, TLN(__getitem__));
            if (m && is_func(m)) {
                nf = prep_call(th, m, &sp[-2], 2, TL_NULL, &res);
                if (nf) {
                    sp -= 2;
                    cont = TL_CONT_PUSH;
                    aux = 0;
                    goto enter_frame;
                }
                if (!res)
                    goto error;
                sp--;
                TOP() = res;
                DISPATCH();
            }
        }
        res = tl_getitem(th, c, k);
        if (!res)
            goto error;
        sp--;
        TOP() = res;
        DISPATCH();
    }

    TARGET(STORE_SUBSCR) {
        TlVal v = PEEK(3), c = PEEK(2), k = TOP();
        SKIP_CACHE(STORE_SUBSCR);
        if (tl_is_small(k) && tl_is_exact(c, &tl_list_type) &&
            list_store(th, c, tl_small(k), v)) {
            sp -= 3;
            DISPATCH();
        }
        SAVE();
        if (tl_is_exact(c, &tl_dict_type)) {
            if (tl_dict_set(th, c, k, v) < 0)
                goto error;
            sp -= 3;
            DISPATCH();
        }
        TlType *t = tl_type(c);
        if (is_heap(t)) {
            TlVal m = tl_type_lookup(t, TLN(__setitem__));
            if (m && is_func(m)) {
                TlVal args3[3] = {c, k, v};
                nf = prep_call(th, m, args3, 3, TL_NULL, &res);
                if (nf) {
                    sp -= 3;
                    cont = TL_CONT_DISCARD;
                    aux = 0;
                    goto enter_frame;
                }
                if (!res)
                    goto error;
                sp -= 3;
                DISPATCH();
            }
        }
        if (tl_setitem(th, c, k, v) < 0)
            goto error;
        sp -= 3;
        DISPATCH();
    }

    TARGET(DELETE_SUBSCR) {
        SAVE();
        if (tl_delitem(th, PEEK(2), TOP()) < 0)
            goto error;
        sp -= 2;
        DISPATCH();
    }

    TARGET(BUILD_SLICE) {
        TlVal step = oparg == 3 ? POP() : TL_NONE;
        res = tl_slice_new(th, PEEK(2), TOP(), step);
        if (!res) {
            SAVE();
            goto error;
        }
        sp--;
        TOP() = res;
        DISPATCH();
    }

/* The top oparg values become the one object `build` makes of them. */
#define BUILD_FROM_TOP(build)                \
    do {                                     \
        res = build(th, sp - oparg, oparg);  \
        if (!res) {                          \
            SAVE();                          \
            goto error;                      \
        }                                    \
        sp -= oparg;                         \
        PUSH(res);                           \
        DISPATCH();                          \
    } while (0)

    TARGET(BUILD_TUPLE) {
        BUILD_FROM_TOP(tl_tuple_from);
    }

    TARGET(BUILD_LIST) {
        BUILD_FROM_TOP(tl_list_from);
    }

    TARGET(BUILD_SET) {
        SAVE();
        res = tl_set_new(th, &tl_set_type);
        if (!res)
            goto error;
        uint32_t mark = tl_roots_mark(th);
        tl_root(th, res);
        for (uint32_t i = 0; i < oparg; i++) {
            if (tl_set_add(th, res, sp[(intptr_t)i - (intptr_t)oparg]) < 0) {
                tl_roots_reset(th, mark);
                goto error;
            }
        }
        tl_roots_reset(th, mark);
        sp -= oparg;
        PUSH(res);
        DISPATCH();
    }

    TARGET(BUILD_MAP) {
        SAVE();
        res = tl_dict_new(th);
        if (!res)
            goto error;
        uint32_t mark = tl_roots_mark(th);
        tl_root(th, res);
        TlVal *items = sp - 2 * oparg;
        for (uint32_t i = 0; i < oparg; i++) {
            if (tl_dict_set(th, res, items[2 * i], items[2 * i + 1]) < 0) {
                tl_roots_reset(th, mark);
                goto error;
            }
        }
        tl_roots_reset(th, mark);
        sp -= 2 * oparg;
        PUSH(res);
        DISPATCH();
    }

    TARGET(BUILD_CONST_KEY_MAP) {
        SAVE();
        TlVal keys = TOP();
        res = tl_dict_new(th);
        if (!res)
            goto error;
        uint32_t mark = tl_roots_mark(th);
        tl_root(th, res);
        TlVal *vals = sp - 1 - oparg;
        for (uint32_t i = 0; i < oparg; i++) {
            if (tl_dict_set(th, res, TL_TUPLE(keys)->items[i], vals[i]) < 0) {
                tl_roots_reset(th, mark);
                goto error;
            }
        }
        tl_roots_reset(th, mark);
        sp -= oparg + 1;
        PUSH(res);
        DISPATCH();
    }

    TARGET(BUILD_STRING) {
        BUILD_FROM_TOP(build_string);
    }

    TARGET(LIST_APPEND) {
        SAVE();
        if (tl_list_append(th, PEEK(oparg + 1), TOP()) < 0)
            goto error;
        sp--;
        DISPATCH();
    }

    TARGET(SET_ADD) {
        SAVE();
        if (tl_set_add(th, PEEK(oparg + 1), TOP()) < 0)
            goto error;
        sp--;
        DISPATCH();
    }

    TARGET(MAP_ADD) {
        SAVE();
        if (tl_dict_set(th, PEEK(oparg + 2), PEEK(2), TOP()) < 0)
            goto error;
        sp -= 2;
        DISPATCH();
    }

    TARGET(LIST_EXTEND) {
        TlVal it = TOP();
        SAVE();
        if (tl_list_extend(th, PEEK(oparg + 1), it) < 0) {
            if (tl_exc_matches(th, &tl_TypeError) && !unpackable(it)) {
                tl_exc_clear(th);
                tl_raise(th, &tl_TypeError, "Value after * must be an iterable, not %s",
                         tl_type_name(it));
            }
            goto error;
        }
        sp--;
        DISPATCH();
    }

    TARGET(SET_UPDATE) {
        SAVE();
        TlVal s = PEEK(oparg + 1);
        TlVal l = tl_to_list(th, TOP());
        if (!l)
            goto error;
        for (size_t i = 0; i < TL_LIST(l)->len; i++)
            if (tl_set_add(th, s, TL_LIST(l)->items[i]) < 0)
                goto error;
        sp--;
        DISPATCH();
    }

    TARGET(DICT_UPDATE) {
        SAVE();
        TlVal u = TOP();
        if (tl_dict_update(th, PEEK(oparg + 1), u) < 0) {
            if (tl_exc_matches(th, &tl_AttributeError) || !tl_getattr_opt(th, u, TLN(keys))) {
                tl_exc_clear(th);
                tl_raise(th, &tl_TypeError, "'%s' object is not a mapping", tl_type_name(u));
            }
            goto error;
        }
        sp--;
        DISPATCH();
    }

    TARGET(DICT_MERGE) {
        SAVE();
        TlVal fn = (intptr_t)(sp - f->stack) >= (intptr_t)oparg + 4 ? PEEK(oparg + 4) : TL_NONE;
        if (!fn)
            fn = TL_NONE;
        if (dict_merge(th, fn, PEEK(oparg + 1), TOP()) < 0)
            goto error;
        sp--;
        DISPATCH();
    }

    TARGET(LIST_TO_TUPLE) {
        TlList *l = TL_LIST(TOP());
        res = tl_tuple_from(th, l->items, l->len);
        if (!res) {
            SAVE();
            goto error;
        }
        TOP() = res;
        DISPATCH();
    }

    TARGET(FORMAT_VALUE) {
        SAVE();
        TlVal spec = (oparg & 4) ? TOP() : TL_NULL;
        TlVal v = (oparg & 4) ? PEEK(2) : TOP();
        res = format_value(th, v, oparg, spec);
        if (!res)
            goto error;
        if (oparg & 4)
            sp--;
        TOP() = res;
        DISPATCH();
    }

    TARGET(UNPACK_SEQUENCE) {
        TlVal seq = TOP();
        TlVal *items = NULL;
        size_t len = 0;
        if (tl_is_exact(seq, &tl_tuple_type)) {
            items = TL_TUPLE(seq)->items;
            len = TL_TUPLE(seq)->len;
        } else if (tl_is_exact(seq, &tl_list_type)) {
            items = TL_LIST(seq)->items;
            len = TL_LIST(seq)->len;
        }
        if (items && len == oparg) {
            sp--;
            for (uint32_t i = oparg; i > 0; i--)
                PUSH(items[i - 1]);
            DISPATCH();
        }
        SAVE();
        if (unpack_iter(th, seq, oparg, sp - 1) < 0)
            goto error;
        sp += oparg - 1;
        DISPATCH();
    }

    TARGET(UNPACK_EX) {
        SAVE();
        uint32_t before = oparg & 0xff, after = oparg >> 8;
        if (unpack_ex(th, TOP(), before, after, sp - 1) < 0)
            goto error;
        sp += before + after;
        DISPATCH();
    }

    TARGET(JUMP) {
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_FALSE) {
        TlVal v = TOP();
        if (v == TL_FALSE || v == TL_NONE || v == tl_mksmall(0)) {
            sp--;
            JUMPTO(oparg);
            DISPATCH();
        }
        if (v == TL_TRUE || tl_is_small(v)) {
            sp--;
            DISPATCH();
        }
        goto truth_test;
    }

    TARGET(POP_JUMP_IF_TRUE) {
        TlVal v = TOP();
        if (v == TL_FALSE || v == TL_NONE || v == tl_mksmall(0)) {
            sp--;
            DISPATCH();
        }
        if (v == TL_TRUE || tl_is_small(v)) {
            sp--;
            JUMPTO(oparg);
            DISPATCH();
        }
        goto truth_test;
    }

    TARGET(POP_JUMP_IF_NONE) {
        if (POP() == TL_NONE)
            JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NOT_NONE) {
        if (POP() != TL_NONE)
            JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(JUMP_IF_FALSE_OR_POP) {
        TlVal v = TOP();
        if (v == TL_FALSE || v == TL_NONE || v == tl_mksmall(0)) {
            JUMPTO(oparg);
            DISPATCH();
        }
        if (v == TL_TRUE || tl_is_small(v)) {
            sp--;
            DISPATCH();
        }
        goto truth_test;
    }

    TARGET(JUMP_IF_TRUE_OR_POP) {
        TlVal v = TOP();
        if (v == TL_FALSE || v == TL_NONE || v == tl_mksmall(0)) {
            sp--;
            DISPATCH();
        }
        if (v == TL_TRUE || tl_is_small(v)) {
            JUMPTO(oparg);
            DISPATCH();
        }
        goto truth_test;
    }

    TARGET(GET_ITER) {
        TlVal v = TOP();
        SAVE();
        TlType *t = tl_type(v);
        if (is_heap(t)) {
            TlVal m = tl_type_lookup(t, TLN(__iter__));
            if (m && is_func(m)) {
                nf = prep_call(th, m, &sp[-1], 1, TL_NULL, &res);
                if (nf) {
                    sp--;
                    cont = TL_CONT_ITER;
                    aux = 0;
                    goto enter_frame;
                }
                if (!res)
                    goto error;
                goto check_iter;
            }
        }
        res = tl_iter(th, v);
        if (!res)
            goto error;
        TOP() = res;
        DISPATCH();
    }

    TARGET(FOR_ITER) {
        TlVal it = TOP();
        SKIP_CACHE(FOR_ITER);
        TlType *t = tl_type(it);
        SAVE();
        if (t == &tl_gen_type) {
            TlGen *g = TL_GEN(it);
            if (g->state == TL_GEN_DONE)
                goto for_exhausted;
            if (th->depth >= th->vm->recursion_limit)
                goto recursion_error;
            if (tl_gen_enter(th, g, TL_NONE) < 0)
                goto error;
            nf = g->frame;
            cont = TL_CONT_FORGEN;
            aux = 0;
            goto enter_gen;
        }
        if (is_heap(t)) {
            TlVal m = tl_type_lookup(t, TLN(__next__));
            if (m && is_func(m)) {
                nf = prep_call(th, m, &sp[-1], 1, TL_NULL, &res);
                if (nf) {
                    cont = TL_CONT_NEXT;
                    aux = 0;
                    goto enter_frame;
                }
                if (res) {
                    PUSH(res);
                    DISPATCH();
                }
                if (!tl_exc_matches(th, &tl_StopIteration))
                    goto error;
                tl_exc_clear(th);
                goto for_exhausted;
            }
        }
        if (t->iternext == tl_channel_next) {
            /* stackless: receiving from a channel may suspend this tasklet;
             * it resumes with the received value pushed. */
            res = tl_tasklet_next(th, it);
            if (res == TL_SWITCHED)
                goto switched;
        } else {
            res = t->iternext ? t->iternext(th, it) : tl_next(th, it);
        }
        if (res) {
            PUSH(res);
            DISPATCH();
        }
        if (th->exc) {
            if (!tl_exc_matches(th, &tl_StopIteration))
                goto error;
            tl_exc_clear(th);
        }
    for_exhausted:
        sp--;
        JUMPTO(TL_OPARG(*here));
        DISPATCH();
    }

    TARGET(KW_NAMES) {
        kwnames = consts[oparg];
        DISPATCH();
    }

    TARGET(CALL) {
        /* argc counts positional arguments only (the TlNativeFn
         * convention); keyword values follow them. */
        TlVal kw = kwnames;
        kwnames = TL_NULL;
        int argc = (int)oparg - (kw ? (int)TL_TUPLE(kw)->len : 0);
        TlVal *base = sp - oparg - 2;
        TlVal fn = base[0];
        TlVal *args = base + 2;
        uint32_t *cache = ip;
        SKIP_CACHE(CALL);
        if (base[1]) {
            args--;
            argc++;
        } else if (tl_is_exact(fn, &tl_method_type)) {
            TlMethod *m = (TlMethod *)tl_obj(fn);
            base[1] = m->self;
            fn = m->func;
            args--;
            argc++;
        }
        SAVE();
        /* Instances of Python classes, and classes of Python metaclasses:
         * a Python __call__ runs in this loop (type.__call__ is native). */
        if (!base[1] && is_heap(tl_type(fn))) {
            TlVal m = tl_type_lookup(tl_type(fn), TLN(__call__));
            if (m && is_func(m)) {
                base[1] = fn;
                fn = m;
                args--;
                argc++;
            }
        }
        if (is_func(fn)) {
            TlFunc *fu = TL_FUNC(fn);
            TlCode *c = TL_CODE(fu->code);
            if (!(c->flags & TL_CO_GENERATOR)) {
                nf = func_frame(th, fn, args, argc, kw);
                if (!nf)
                    goto error;
                sp = base;
                cont = TL_CONT_PUSH;
                aux = 0;
                goto enter_frame;
            }
            /* A safe point (frame saved) to close abandoned generators
             * (gen.c) before making another one. */
            tl_gen_run_pending(th);
            res = tl_gen_new(th, fn, args, argc, kw);
        } else if (tl_is_exact(fn, &tl_native_type)) {
            TlNative *n = (TlNative *)tl_obj(fn);
            if (n->flags & TL_METH_SWITCH) {
                /* stackless: the native may suspend this tasklet, which
                 * then resumes after this CALL with its result pushed. */
                res = tl_tasklet_call(th, fn, args, argc, kw);
                if (res == TL_SWITCHED) {
                    sp = base;
                    SAVE();
                    goto switched;
                }
                goto call_done;
            }
            /* gen.__next__(), gen.send(v) and next(gen) resume the
             * generator in this loop. */
            bool is_next = !n->owner && argc == 1 && n->name[0] == 'n' &&
                           strcmp(n->name, "next") == 0;
            if ((n->fn == tl_gen_m_next || n->fn == tl_gen_m_send || is_next) && !kw) {
                TlVal g = n->self ? n->self : argc ? args[0] : TL_NULL;
                int want = n->self ? 0 : 1;
                want += n->fn == tl_gen_m_send;
                if (g && tl_is_exact(g, &tl_gen_type) && argc == want) {
                    TlVal v = n->fn == tl_gen_m_send ? args[argc - 1] : TL_NONE;
                    if (TL_GEN(g)->state == TL_GEN_DONE) {
                        raise_stop_iteration(th, TL_NONE);
                        goto error;
                    }
                    if (th->depth >= th->vm->recursion_limit)
                        goto recursion_error;
                    if (tl_gen_enter(th, TL_GEN(g), v) < 0)
                        goto error;
                    sp = base;
                    nf = TL_GEN(g)->frame;
                    cont = TL_CONT_GENCALL;
                    aux = 0;
                    goto enter_gen;
                }
            }
            if (!n->self && (!n->owner || (n->flags & 3) == TL_METH_STATIC ||
                             ((n->flags & 3) == TL_METH_INSTANCE && argc > 0 &&
                              tl_type(args[0]) == n->owner)))
                res = n->fn(th, args, argc, kw);
            else
                res = call_slot(th, fn, args, argc, kw);
        } else if (fn == tl_val(&tl_super_type) && argc == 0 && !kw) {
            TlVal pair[2];
            if (super_args(th, f, pair) < 0)
                goto error;
            res = call_slot(th, fn, pair, 2, TL_NULL);
        } else if (tl_is_exact(fn, &tl_type_type) && !base[1] && is_heap(TL_TYPE(fn)) &&
                   (plain_new_cached(TL_TYPE(fn), cache) ||
                    tl_is_exact(tl_type_lookup(TL_TYPE(fn), TLN(__new__)), &tl_native_type))) {
            TlType *cls = TL_TYPE(fn);
            TlVal inst;
            if (plain_new_cached(cls, cache)) {
                inst = tl_val(tl_alloc(th, cls, cls->size));
            } else {
                if (!cls->tp_new) {
                    tl_raise(th, &tl_TypeError, "cannot create '%s' instances",
                             tl_cstr(cls->name));
                    goto error;
                }
                inst = cls->tp_new(th, cls, args, argc, kw);
                if (inst)
                    plain_new_fill(cls, cache);
            }
            if (!inst)
                goto error;
            if (!tl_subtype(tl_type(inst), cls)) {
                res = inst;
            } else {
                TlVal init = tl_type_lookup(cls, TLN(__init__));
                if (init && is_func(init)) {
                    base[1] = inst;
                    nf = prep_call(th, init, base + 1, argc + 1, kw, &res);
                    base[0] = inst;
                    sp = base + 1;
                    if (nf) {
                        cont = TL_CONT_INIT;
                        aux = 0;
                        goto enter_frame;
                    }
                    if (!res)
                        goto error;
                    cont = TL_CONT_INIT;
                    ev = EV_RETURN;
                    goto deliver;
                }
                if (cls->tp_init && cls->tp_init(th, inst, args, argc, kw) < 0)
                    goto error;
                res = inst;
            }
        } else if (fn == tl_val(&tl_str_type) && argc == 1 && !kw) {
            res = tl_str(th, args[0]);     /* str(x): no argument parsing */
        } else {
            res = call_slot(th, fn, args, argc, kw);
        }
    call_done:
        if (!res)
            goto error;
        sp = base;
        PUSH(res);
        DISPATCH();
    }

    TARGET(CALL_FUNCTION_EX) {
        TlVal kwargs = (oparg & 1) ? TOP() : TL_NULL;
        TlVal *base = sp - 3 - (oparg & 1);
        SAVE();
        if (kwargs && !tl_is_exact(kwargs, &tl_dict_type)) {
            TlVal d = tl_dict_new(th);
            if (!d)
                goto error;
            TOP() = d;
            if (dict_merge(th, base[0], d, kwargs) < 0)
                goto error;
            kwargs = d;
        }
        TlVal fn = base[0];
        nf = NULL;
        if (tl_is_exact(fn, &tl_native_type) &&
            (((TlNative *)tl_obj(fn))->flags & TL_METH_SWITCH) &&
            tl_is_exact(base[2], &tl_tuple_type) && (!kwargs || !tl_dict_len(kwargs))) {
            /* stackless: f(*args) of a switching native (as in CALL) */
            res = tl_tasklet_call(th, fn, TL_TUPLE(base[2])->items,
                                  (int)TL_TUPLE(base[2])->len, TL_NULL);
            if (res == TL_SWITCHED) {
                sp = base;
                SAVE();
                goto switched;
            }
        } else {
            res = call_ex(th, fn, base[2], kwargs, &nf);
        }
        if (nf) {
            sp = base;
            cont = TL_CONT_PUSH;
            aux = 0;
            goto enter_frame;
        }
        if (!res)
            goto error;
        sp = base;
        PUSH(res);
        DISPATCH();
    }

    TARGET(MAKE_FUNCTION) {
        SAVE();
        TlVal fn = tl_func_new(th, TOP(), f->globals, f->builtins);
        if (!fn)
            goto error;
        TlFunc *fu = TL_FUNC(fn);
        TlVal *p = sp - 1;
        if (oparg & 8)
            fu->closure = *--p;
        if (oparg & 4)
            fu->annotations = *--p;
        if (oparg & 2)
            fu->kwdefaults = *--p;
        if (oparg & 1)
            fu->defaults = *--p;
        sp = p;
        PUSH(fn);
        DISPATCH();
    }

    TARGET(RETURN_VALUE) {
        res = POP();
        SAVE();
        TlFrame *done = f;
        if (done->gen)
            tl_gen_leave(th, TL_GEN(done->gen), true);
        th->frame = done->back;
        th->depth--;
        if (done->stop) {
            if (done->stop == TL_STOP_TASKLET) {
                tl_tasklet_end(th, done, res);   /* a tasklet finished */
                goto switched;
            }
            tl_frame_free(th, done);
            return res;
        }
        cont = done->cont;
        aux = done->aux;
        f = done->back;
        frame_release(th, done);
        LOAD();
        ev = EV_RETURN;
        goto deliver;
    }

    TARGET(YIELD_VALUE) {
        res = POP();
        SAVE();
        TlFrame *gf = f;
        tl_gen_leave(th, TL_GEN(gf->gen), false);
        th->frame = gf->back;
        gf->back = NULL;
        th->depth--;
        if (gf->stop)
            return res;
        cont = gf->cont;
        aux = gf->aux;
        f = th->frame;
        LOAD();
        ev = EV_YIELD;
        goto deliver;
    }

    TARGET(GET_YIELD_FROM_ITER) {
        TlVal v = TOP();
        if (!tl_is_exact(v, &tl_gen_type)) {
            SAVE();
            res = tl_iter(th, v);
            if (!res)
                goto error;
            TOP() = res;
        }
        DISPATCH();
    }

    TARGET(SEND) {
        TlVal recv = PEEK(2), v = TOP();
        SAVE();
        if (tl_is_exact(recv, &tl_gen_type)) {
            TlGen *g = TL_GEN(recv);
            if (g->state == TL_GEN_DONE) {
                sp--;
                TOP() = TL_NONE;
                JUMPTO(oparg);
                DISPATCH();
            }
            if (th->depth >= th->vm->recursion_limit)
                goto recursion_error;
            if (tl_gen_enter(th, g, v) < 0)
                goto error;
            sp--;
            nf = g->frame;
            cont = TL_CONT_SEND;
            aux = 0;
            goto enter_gen;
        }
        if (v == TL_NONE) {
            TlType *t = tl_type(recv);
            res = t->iternext ? t->iternext(th, recv) : tl_next(th, recv);
        } else {
            res = tl_call_method(th, recv, TLN(send), &sp[-1], 1);
        }
        if (res) {
            TOP() = res;
            DISPATCH();
        }
        if (th->exc && !tl_exc_matches(th, &tl_StopIteration))
            goto error;
        res = th->exc ? stop_iteration_value(th) : TL_NONE;
        if (!res)
            goto error;
        sp--;
        TOP() = res;
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(RAISE_VARARGS) {
        SAVE();
        if (oparg == 0) {
            TlVal e = th->exc_stack;
            if (!e || e == TL_NONE) {
                tl_raise(th, &tl_RuntimeError, "No active exception to reraise");
                goto error;
            }
            th->exc = e;
            goto unwind;
        }
        TlVal cause = oparg == 2 ? TOP() : TL_NULL;
        TlVal e = make_exc(th, PEEK(oparg), "exceptions must derive from BaseException");
        if (!e)
            goto error;
        if (cause) {
            if (cause != TL_NONE) {
                uint32_t mark = tl_roots_mark(th);
                tl_root(th, e);
                cause = make_exc(th, cause, "exception causes must derive from BaseException");
                tl_roots_reset(th, mark);
                if (!cause)
                    goto error;
            }
            TL_EXC(e)->cause = cause;
            TL_EXC(e)->suppress_context = true;
        }
        sp -= oparg;
        SAVE();
        set_context(th, e, true);
        th->exc = e;
        goto traceback;
    }

    TARGET(RERAISE) {
        /* The handler search uses this instruction; the restored lasti is
         * where the frame reports itself to be (and what a handler gets). */
        TlVal e = POP();
        SAVE();
        if (oparg)
            f->instr = co->code + tl_small(PEEK(oparg));
        th->exc = e;
        goto unwind;
    }

    TARGET(PUSH_EXC_INFO) {
        TlVal v = TOP();
        TlVal prev = th->exc_stack;
        if (f->gen && !TL_GEN(f->gen)->own_exc)
            prev = TL_NULL;
        TOP() = prev ? prev : TL_NONE;
        PUSH(v);
        th->exc_stack = v;
        if (f->gen)
            TL_GEN(f->gen)->own_exc = 1;
        DISPATCH();
    }

    TARGET(POP_EXCEPT) {
        TlVal v = POP();
        if (v == TL_NONE)
            v = TL_NULL;
        if (f->gen && !v) {
            th->exc_stack = TL_GEN(f->gen)->prev_exc;
            TL_GEN(f->gen)->own_exc = 0;
        } else {
            th->exc_stack = v;
        }
        DISPATCH();
    }

    TARGET(CHECK_EXC_MATCH) {
        SAVE();
        int r = exc_match(th, PEEK(2), TOP());
        if (r < 0)
            goto error;
        TOP() = tl_bool(r);
        DISPATCH();
    }

    TARGET(BEFORE_WITH) {
        TlVal mgr = TOP();
        TlType *t = tl_type(mgr);
        SAVE();
        TlVal enter = tl_type_lookup(t, TLN(__enter__));
        if (!enter) {
            tl_raise(th, &tl_TypeError,
                     "'%s' object does not support the context manager protocol",
                     tl_type_name(mgr));
            goto error;
        }
        TlVal exitm = tl_type_lookup(t, TLN(__exit__));
        if (!exitm) {
            tl_raise(th, &tl_TypeError,
                     "'%s' object does not support the context manager protocol"
                     " (missed __exit__ method)", tl_type_name(mgr));
            goto error;
        }
        TlVal bound = tl_bind(th, exitm, mgr, t);
        if (!bound)
            goto error;
        PUSH(bound);
        SAVE();
        nf = prep_dunder(th, enter, &sp[-2], 1, &res);
        sp[-2] = bound;
        sp--;
        if (nf) {
            cont = TL_CONT_PUSH;
            aux = 0;
            goto enter_frame;
        }
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(WITH_EXCEPT_START) {
        TlVal exitf = PEEK(4), e = TOP();
        SAVE();
        TlVal tb = tl_is_exc(e) && TL_EXC(e)->traceback ? TL_EXC(e)->traceback : TL_NONE;
        if (tl_is_exact(exitf, &tl_method_type) && is_func(((TlMethod *)tl_obj(exitf))->func)) {
            TlMethod *m = (TlMethod *)tl_obj(exitf);
            TlVal a4[4] = {m->self, tl_val(tl_type(e)), e, tb};
            nf = prep_call(th, m->func, a4, 4, TL_NULL, &res);
            if (nf) {
                cont = TL_CONT_PUSH;
                aux = 0;
                goto enter_frame;
            }
        } else {
            TlVal a3[3] = {tl_val(tl_type(e)), e, tb};
            res = tl_call(th, exitf, a3, 3, TL_NULL);
        }
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(LOAD_ASSERTION_ERROR) {
        PUSH(tl_val(&tl_AssertionError));
        DISPATCH();
    }

    TARGET(IMPORT_NAME) {
        SAVE();
        res = import_name(th, f, names[oparg], TOP(), PEEK(2));
        if (!res)
            goto error;
        sp--;
        TOP() = res;
        DISPATCH();
    }

    TARGET(IMPORT_FROM) {
        SAVE();
        res = import_from(th, TOP(), names[oparg]);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(IMPORT_STAR) {
        SAVE();
        if (import_star(th, f, TOP()) < 0)
            goto error;
        sp--;
        DISPATCH();
    }

    TARGET(LOAD_BUILD_CLASS) {
        SAVE();
        res = mapping_get(th, f->builtins, TLN(__build_class__));
        if (!res) {
            if (!th->exc)
                tl_raise(th, &tl_NameError, "__build_class__ not found");
            goto error;
        }
        PUSH(res);
        DISPATCH();
    }

    TARGET(PRINT_EXPR) {
        SAVE();
        if (print_expr(th, TOP()) < 0)
            goto error;
        sp--;
        DISPATCH();
    }

    TARGET(GET_LEN) {
        SAVE();
        intptr_t n = tl_len(th, TOP());
        if (n < 0)
            goto error;
        res = tl_int_from_i64(th, n);
        if (!res)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(SETUP_ANNOTATIONS) {
        SAVE();
        if (!f->locals) {
            tl_raise(th, &tl_SystemError, "no locals found when setting up annotations");
            goto error;
        }
        TlVal a = mapping_get(th, f->locals, TLN(__annotations__));
        if (!a) {
            if (th->exc)
                goto error;
            TlVal d = tl_dict_new(th);
            if (!d || mapping_set(th, f->locals, TLN(__annotations__), d) < 0)
                goto error;
        }
        DISPATCH();
    }

#ifndef __GNUC__
    default:
        tl_raise(th, &tl_SystemError, "unknown opcode %d", (int)TL_OPCODE(word));
        goto error;
    }
#endif

    /* ------------------------------------------------ shared slow paths */

unbound_local:
    SAVE();
    tl_raise(th, &tl_UnboundLocalError,
             "cannot access local variable '%S' where it is not associated with a value",
             varname(co, oparg));
    goto error;

recursion_error:
    tl_raise(th, &tl_RecursionError, "maximum recursion depth exceeded");
    goto error;

check_iter: {
        TlType *rt = tl_type(res);
        if (!rt->iternext && !tl_type_lookup(rt, TLN(__next__))) {
            tl_raise(th, &tl_TypeError, "iter() returned non-iterator of type '%s'",
                     tl_type_name(res));
            goto error;
        }
        TOP() = res;
        DISPATCH();
    }

truth_test: {
        /* TOS is an object whose truth needs a protocol call; the opcode at
         * `here` decides what to do with the answer (truth_apply). */
        TlVal v = TOP();
        TlType *t = tl_type(v);
        SAVE();
        if (is_heap(t)) {
            TlVal m = tl_type_lookup(t, TLN(__bool__));
            bool is_len = false;
            if (!m) {
                m = tl_type_lookup(t, TLN(__len__));
                is_len = true;
            }
            if (m && is_func(m)) {
                nf = prep_call(th, m, &sp[-1], 1, TL_NULL, &res);
                if (nf) {
                    cont = TL_CONT_TRUTH;
                    aux = is_len;
                    goto enter_frame;
                }
                if (!res)
                    goto error;
                truth = truth_result(th, res, is_len);
                goto truth_apply;
            }
        }
        truth = tl_truthy(th, v);
        goto truth_apply;
    }

truth_apply:
    if (truth < 0)
        goto error;
    switch (TL_OPCODE(*here)) {
    case OP_POP_JUMP_IF_FALSE:
        sp--;
        if (!truth)
            JUMPTO(TL_OPARG(*here));
        break;
    case OP_POP_JUMP_IF_TRUE:
        sp--;
        if (truth)
            JUMPTO(TL_OPARG(*here));
        break;
    case OP_JUMP_IF_FALSE_OR_POP:
        if (!truth)
            JUMPTO(TL_OPARG(*here));
        else
            sp--;
        break;
    case OP_JUMP_IF_TRUE_OR_POP:
        if (truth)
            JUMPTO(TL_OPARG(*here));
        else
            sp--;
        break;
    default: /* UNARY_NOT */
        TOP() = tl_bool(!truth);
        break;
    }
    DISPATCH();

binop_step: {
        /* [a, b] on the stack; try candidate `phase` onwards. */
        TlVal a = PEEK(2), b = TOP();
        int n = binop_cands(th, bop, a, b, kinds, meths);
        for (; phase < n; phase++) {
            nf = binop_call(th, bop, kinds[phase], meths[phase], a, b, &res);
            if (nf) {
                cont = TL_CONT_BINOP;
                aux = (uint32_t)bop | ((uint32_t)phase << 8);
                goto enter_frame;
            }
            if (!res)
                goto error;
            if (res != TL_NOTIMPL) {
                sp--;
                TOP() = res;
                DISPATCH();
            }
        }
        if (!is_heap(tl_type(a))) {
            /* the builtin's own error ("can only concatenate str ...") */
            res = (bop & TL_INPLACE) ? tl_inplace(th, (TlBinOp)(bop & 15), a, b)
                                     : tl_binop(th, (TlBinOp)(bop & 15), a, b);
            if (!res)
                goto error;
            sp--;
            TOP() = res;
            DISPATCH();
        }
        binop_error(th, bop, a, b);
        goto error;
    }

cmp_step: {
        TlVal a = PEEK(2), b = TOP();
        int n = cmp_cands(a, b, bop, kinds, meths);
        for (; phase < n; phase++) {
            nf = cmp_call(th, bop, kinds[phase], meths[phase], a, b, &res);
            if (nf) {
                cont = TL_CONT_CMP;
                aux = (uint32_t)bop | ((uint32_t)phase << 8);
                goto enter_frame;
            }
            if (!res)
                goto error;
            if (res != TL_NOTIMPL) {
                sp--;
                TOP() = res;
                DISPATCH();
            }
        }
        res = cmp_fallback(th, bop, a, b);
        if (!res)
            goto error;
        sp--;
        TOP() = res;
        DISPATCH();
    }

enter_frame:
    /* nf is bound; the caller's stack already reflects the call. */
    if (th->depth >= th->vm->recursion_limit) {
        tl_frame_free(th, nf);
        goto recursion_error;
    }
    /* fall through */
enter_gen:
    SAVE();
    nf->back = f;
    nf->cont = cont;
    nf->aux = aux;
    nf->stop = 0;
    th->frame = nf;
    th->depth++;
    f = nf;
    LOAD();
    CHECK_BREAKER();
    DISPATCH();

switched:
    /* stackless (tasklet.c): th->frame is now another tasklet's chain.  It
     * resumes where it was suspended, with the value it receives already
     * pushed, or with th->exc set when it must raise there. */
    f = th->frame;
    LOAD();
    if (th->exc) {
        /* a `for v in channel` loop ends when the channel is closed */
        if (TL_OPCODE(*here) == OP_FOR_ITER && tl_exc_matches(th, &tl_StopIteration)) {
            tl_exc_clear(th);
            goto for_exhausted;
        }
        goto error;
    }
    DISPATCH();

deliver:
    /* A callee returned (or yielded) `res` to frame f; cont/aux say how the
     * opcode at f->instr continues. */
    switch (cont) {
    case TL_CONT_PUSH:
    case TL_CONT_NEXT:
        PUSH(res);
        DISPATCH();
    case TL_CONT_GETATTR:
        TOP() = res;
        if (TL_OPCODE(*here) == OP_LOAD_METHOD)
            PUSH(TL_NULL);
        DISPATCH();
    case TL_CONT_DISCARD:
        DISPATCH();
    case TL_CONT_INIT:
        if (res != TL_NONE) {
            tl_raise(th, &tl_TypeError, "__init__() should return None, not '%s'",
                     tl_type_name(res));
            goto error;
        }
        DISPATCH();
    case TL_CONT_TRUTH:
        SAVE();
        truth = truth_result(th, res, aux != 0);
        goto truth_apply;
    case TL_CONT_BINOP:
        fresh = TL_NULL;    /* the dunder may have kept its result */
        if (res != TL_NOTIMPL) {
            sp--;
            TOP() = res;
            DISPATCH();
        }
        SAVE();
        bop = (int)(aux & 0xff);
        phase = (int)(aux >> 8) + 1;
        goto binop_step;
    case TL_CONT_CMP:
        if (res != TL_NOTIMPL) {
            sp--;
            TOP() = res;
            DISPATCH();
        }
        SAVE();
        bop = (int)(aux & 0xff);
        phase = (int)(aux >> 8) + 1;
        goto cmp_step;
    case TL_CONT_CONTAINS:
        SAVE();
        truth = tl_truthy(th, res);
        if (truth < 0)
            goto error;
        sp--;
        TOP() = tl_bool((truth != 0) ^ (aux != 0));
        DISPATCH();
    case TL_CONT_ITER:
        PUSH(res);
        SAVE();
        goto check_iter;
    case TL_CONT_FORGEN:
        if (ev == EV_YIELD) {
            PUSH(res);
            DISPATCH();
        }
        sp--;
        JUMPTO(TL_OPARG(*here));
        DISPATCH();
    case TL_CONT_SEND:
        if (ev == EV_YIELD) {
            PUSH(res);
            DISPATCH();
        }
        TOP() = res;
        JUMPTO(TL_OPARG(*here));
        DISPATCH();
    case TL_CONT_GENCALL:
        if (ev == EV_YIELD) {
            PUSH(res);
            DISPATCH();
        }
        SAVE();
        raise_stop_iteration(th, res);
        goto error;
    default:
        tl_raise(th, &tl_SystemError, "bad continuation %d", cont);
        goto error;
    }

error:
    /* A new exception raised by the instruction at `here` of frame f. */
    kwnames = TL_NULL;
    SAVE();
    if (!th->exc)
        tl_raise(th, &tl_SystemError, "error return without exception set");
    set_context(th, th->exc, false);
traceback:
    tl_tb_add(th, th->exc, f);
unwind: {
        uint32_t idx = (uint32_t)(here - co->code);
        const TlExcEntry *e = co->exctab;
        for (uint32_t i = 0; i < co->nexc; i++, e++) {
            if (idx >= e->start && idx < e->end) {
                sp = f->stack + e->depth;
                if (e->lasti)
                    PUSH(tl_mksmall(f->instr - co->code));
                PUSH(tl_exc_fetch(th));
                ip = co->code + e->handler;
                kwnames = TL_NULL;
                DISPATCH();
            }
        }
        /* No handler: the frame is done; the exception moves to the caller. */
        TlFrame *done = f;
        if (done->gen) {
            gen_stop_to_runtime(th);
            tl_gen_leave(th, TL_GEN(done->gen), true);
        }
        th->frame = done->back;
        th->depth--;
        if (done->stop) {
            if (done->stop == TL_STOP_TASKLET) {
                tl_tasklet_end(th, done, TL_NULL);   /* a tasklet died */
                goto switched;
            }
            tl_frame_free(th, done);
            return TL_NULL;
        }
        cont = done->cont;
        aux = done->aux;
        f = done->back;
        tl_frame_free(th, done);
        LOAD();
        if (cont == TL_CONT_NEXT && tl_exc_matches(th, &tl_StopIteration)) {
            tl_exc_clear(th);
            sp--;
            JUMPTO(TL_OPARG(*here));
            DISPATCH();
        }
        if (cont == TL_CONT_GETATTR && aux == 0 && tl_exc_matches(th, &tl_AttributeError)) {
            TlVal obj = TOP();
            TlVal hook = tl_type_lookup(tl_type(obj), TLN(__getattr__));
            if (hook) {
                tl_exc_clear(th);
                TlVal pair[2] = {obj, names[TL_OPARG(*here)]};
                nf = prep_dunder(th, hook, pair, 2, &res);
                if (nf) {
                    cont = TL_CONT_GETATTR;
                    aux = 1;
                    goto enter_frame;
                }
                if (!res)
                    goto error;
                cont = TL_CONT_GETATTR;
                goto deliver;
            }
        }
        goto traceback;
    }
}

/* ------------------------------------------------------ entry points */

static int room_for_nest(TlThread *th)
{
    if (th->nest >= MAX_NEST || th->depth >= th->vm->recursion_limit) {
        tl_raise(th, &tl_RecursionError,
                 "maximum recursion depth exceeded while calling a Python object");
        return -1;
    }
    return 0;
}

static TlVal eval_frame(TlThread *th, TlFrame *f, bool throwing)
{
    if (room_for_nest(th) < 0) {
        tl_frame_free(th, f);
        return TL_NULL;
    }
    f->back = th->frame;
    f->stop = TL_STOP_LOOP;
    f->cont = TL_CONT_PUSH;
    th->frame = f;
    th->depth++;
    th->nest++;
    TlVal r = run(th, f, throwing);
    th->nest--;
    return r;
}

TlVal tl_eval(TlThread *th, TlFrame *f)
{
    return eval_frame(th, f, false);
}

TlVal tl_eval_throw(TlThread *th, TlFrame *f)
{
    return eval_frame(th, f, true);
}

void tl_eval_init(TlThread *th)
{
    tl_type_ready(th, &tl_func_type);
    tl_type_ready(th, &tl_cell_type);
    tl_type_ready(th, &tl_gen_type);
    tl_type_ready(th, &tl_traceback_type);
    tl_type_ready(th, &tl_frameinfo_type);
}

int tl_eval_room(TlThread *th)
{
    return room_for_nest(th);
}

TlVal tl_call(TlThread *th, TlVal fn, TlVal *args, int nargs, TlVal kw)
{
    if (is_func(fn)) {
        TlVal res;
        TlFrame *f = prep_call(th, fn, args, nargs, kw, &res);
        return f ? tl_eval(th, f) : res;
    }
    if (tl_is_exact(fn, &tl_method_type)) {
        TlMethod *m = (TlMethod *)tl_obj(fn);
        return tl_call_self(th, m->func, m->self, args, nargs, kw);
    }
    return call_slot(th, fn, args, nargs, kw);
}

TlVal tl_call_self(TlThread *th, TlVal fn, TlVal self, TlVal *args, int nargs, TlVal kw)
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
    TlVal r = tl_call(th, fn, buf, nargs + 1, kw);
    if (buf != small)
        free(buf);
    return r;
}

TlVal tl_call0(TlThread *th, TlVal f)
{
    return tl_call(th, f, NULL, 0, TL_NULL);
}

TlVal tl_call1(TlThread *th, TlVal f, TlVal a)
{
    return tl_call(th, f, &a, 1, TL_NULL);
}

TlVal tl_call2(TlThread *th, TlVal f, TlVal a, TlVal b)
{
    TlVal args[2] = {a, b};
    return tl_call(th, f, args, 2, TL_NULL);
}

static TlVal builtins_of(TlThread *th, TlVal globals)
{
    TlVal b = tl_dict_get_str(globals, TLN(__builtins__));
    if (b && tl_is_exact(b, &tl_module_type))
        b = ((TlModule *)tl_obj(b))->dict;
    if (!b || !tl_is_dict(b))
        b = th->vm->builtins;
    return b;
}

TlVal tl_exec(TlThread *th, TlVal code, TlVal globals, TlVal locals)
{
    if (!tl_is_dict(globals))
        return tl_raise(th, &tl_TypeError, "globals must be a dict");
    if (!tl_dict_get_str(globals, TLN(__builtins__)) &&
        tl_dict_set(th, globals, TLN(__builtins__), th->vm->builtins) < 0)
        return TL_NULL;
    TlCode *co = TL_CODE(code);
    TlFrame *f = tl_frame_new(th, co, TL_NULL, globals, builtins_of(th, globals),
                              locals ? locals : globals);
    if (!f)
        return TL_NULL;
    if (tl_frame_bind(th, f, TL_NULL, NULL, 0, TL_NULL) < 0) {
        tl_frame_free(th, f);
        return TL_NULL;
    }
    return tl_eval(th, f);
}

TlVal tl_frame_globals(TlThread *th)
{
    TlFrame *f = th->frame;
    return f ? f->globals : tl_dict_new(th);
}

TlVal tl_frame_locals(TlThread *th)
{
    TlFrame *f = th->frame;
    if (!f)
        return tl_dict_new(th);
    if (f->locals)
        return f->locals;
    TlCode *co = f->code;
    TlVal d = tl_dict_new(th);
    if (!d)
        return TL_NULL;
    for (int32_t i = 0; i < co->nlocals; i++) {
        TlVal v = f->localsplus[i];
        if (v && tl_dict_set(th, d, varname(co, (size_t)i), v) < 0)
            return TL_NULL;
    }
    for (uint32_t i = 0; i < (uint32_t)(co->ncells + co->nfree); i++) {
        TlVal c = f->localsplus[co->nlocals + i];
        TlVal v = c ? ((TlCell *)tl_obj(c))->value : TL_NULL;
        if (v && tl_dict_set(th, d, cell_name(co, i), v) < 0)
            return TL_NULL;
    }
    return d;
}

TlVal tl_exc_current(TlThread *th)
{
    return th->exc_stack ? th->exc_stack : TL_NONE;
}
