/*
 * gen.c -- generator objects.
 *
 * A generator owns its frame: the frame is laid out in the same allocation
 * right after the TlGen header, so a suspended generator is one GC object
 * whose mark function traces the frame.  Resuming links that frame on top
 * of the running thread's chain; inside the dispatch loop that is stackless
 * (FOR_ITER, SEND for yield from, and gen.__next__/send called from Python
 * code, see eval.c), while native callers (next(), list(gen) ...) resume it
 * in a nested loop through tl_gen_send.
 *
 * Each generator keeps its own "exception being handled" while suspended
 * (exc_state), swapped with the thread's on resume and suspension, so
 * sys.exc_info() inside a generator sees the right exception as in
 * CPython.
 *
 * throw() into a generator suspended in `yield from` is delegated to the
 * sub-iterator first; a generator is in a yield from when it is suspended
 * after the YIELD_VALUE of the compiler's yield-from loop
 * (SEND exit; YIELD_VALUE; JUMP back-to-SEND).
 *
 * Abandoned generators (`for v in gen(): break`): CPython closes a
 * generator when its last reference goes, which runs its finally blocks and
 * with-exits at once.  A tracing collector only learns about unreachability
 * when it collects, and must not run Python code then, so here:
 *  - generators whose code has an exception table (the only ones close()
 *    can make do anything) are listed at creation in a per-VM registry
 *    whose entries do not keep them alive;
 *  - after marking, the collector calls tl_gen_rescue: an unreachable
 *    listed generator suspended inside a handler's range is marked (kept)
 *    and flagged pending; other unreachable entries are just forgotten;
 *  - pending generators are closed outside the collector, by
 *    tl_gen_run_pending: when Python code next calls a generator function
 *    (the CALL instruction, eval.c), in gc.collect(), and at program exit
 *    (tl_run_main), with errors printed as "Exception ignored in: ..." like
 *    CPython's finalizers.
 * So the finally blocks of abandoned generators do run, but later than in
 * CPython (after the next collection) and in no particular order.
 * Generators still reachable at exit are not closed.
 */
#include <stdio.h>
#include <string.h>

#include "frame.h"

/* ------------------------------------------------------- finalization */

/* The registry: a GC buffer (its contents are not traced, which is what
 * makes the entries weak), replaced by a bigger copy when full.  Entries
 * have the low bit set once pending.  Mutations happen under the lock of
 * the generator type object (short, no safepoints) or with the world
 * stopped (tl_gen_rescue). */
typedef struct GenReg {
    _Atomic size_t pending;      /* entries waiting for close() */
    size_t n, cap;
    TlVal items[];
} GenReg;

#define REG_LOCK (&tl_gen_type.ob)
#define PENDING ((TlVal)1)

static GenReg *registry(TlVM *vm)
{
    return atomic_load_explicit(&vm->genreg, memory_order_acquire);
}

static int reg_add(TlThread *th, TlGen *g)
{
    TlVM *vm = th->vm;
    tl_lock(th, REG_LOCK);
    GenReg *r = registry(vm);
    if (!r || r->n == r->cap) {
        size_t cap = r ? r->cap * 2 : 64;
        GenReg *nr = tl_alloc_buf(th, sizeof(GenReg) + cap * sizeof(TlVal));
        if (!nr) {
            tl_unlock(th, REG_LOCK);
            return -1;
        }
        nr->cap = cap;
        if (r) {
            nr->n = r->n;
            atomic_store(&nr->pending, atomic_load(&r->pending));
            memcpy(nr->items, r->items, r->n * sizeof(TlVal));
        }
        atomic_store_explicit(&vm->genreg, nr, memory_order_release);
        r = nr;
    }
    r->items[r->n++] = tl_val(g);
    tl_unlock(th, REG_LOCK);
    return 0;
}

/* Suspended where close() would run a handler: inside an exception table
 * range (try/finally, with, except). */
static bool guarded(TlGen *g)
{
    if (g->state != TL_GEN_SUSPENDED)
        return false;
    TlCode *co = g->frame->code;
    uint32_t at = (uint32_t)(g->frame->instr - co->code);
    for (uint32_t i = 0; i < co->nexc; i++)
        if (at >= co->exctab[i].start && at < co->exctab[i].end)
            return true;
    return false;
}

void tl_gen_rescue(TlVM *vm, TlGC *gc)
{
    GenReg *r = registry(vm);
    if (!r)
        return;
    tl_mark_buf(gc, r);
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        TlGen *g = (TlGen *)tl_obj(r->items[i] & ~PENDING);
        TlVal pending = r->items[i] & PENDING;
        if (!pending) {
            if (g->state == TL_GEN_DONE)
                continue;        /* nothing left to close: forget it */
            if (atomic_load_explicit(&g->ob.gc, memory_order_relaxed) & TL_GC_MARK) {
                r->items[k++] = tl_val(g);
                continue;
            }
            if (!guarded(g))
                continue;        /* dies quietly, as close() would do nothing */
            pending = PENDING;
            atomic_fetch_add(&r->pending, 1);
        }
        tl_mark_obj(gc, &g->ob);  /* kept until tl_gen_run_pending closes it */
        r->items[k++] = tl_val(g) | pending;
    }
    r->n = k;
}

static TlVal gen_close(TlThread *th, TlGen *g);

/* close() an abandoned generator; what it raises is reported, not raised. */
static void close_abandoned(TlThread *th, TlVal gv)
{
    if (gen_close(th, TL_GEN(gv)))
        return;
    TlVal e = tl_exc_fetch(th);
    tl_root(th, e);
    TlVal what = tl_repr(th, gv);
    tl_exc_clear(th);
    tl_write(th, 2, "Exception ignored in: ", 22);
    if (what)
        tl_write(th, 2, tl_cstr(what), TL_STR(what)->len);
    tl_write(th, 2, "\n", 1);
    if (tl_is_exc(e)) {          /* CPython's unraisable hook prints no chain */
        TL_EXC(e)->cause = TL_NONE;
        TL_EXC(e)->suppress_context = true;
    }
    tl_print_exception(th, e);
    tl_exc_clear(th);
}

size_t tl_gen_run_pending(TlThread *th)
{
    GenReg *r = registry(th->vm);
    if (!r || !atomic_load_explicit(&r->pending, memory_order_relaxed) || th->exc)
        return 0;
    uint32_t mark = tl_roots_mark(th);
    tl_lock(th, REG_LOCK);
    r = registry(th->vm);
    size_t k = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->items[i] & PENDING)
            tl_root(th, r->items[i] & ~PENDING);   /* ours now: keep it alive */
        else
            r->items[k++] = r->items[i];
    }
    r->n = k;
    atomic_store(&r->pending, 0);
    tl_unlock(th, REG_LOCK);
    size_t taken = tl_roots_mark(th) - mark;
    for (size_t i = 0; i < taken; i++)
        close_abandoned(th, th->roots[mark + i]);   /* roots may move: index */
    tl_roots_reset(th, mark);
    return taken;
}

/* ------------------------------------------------------------- creation */

TlVal tl_gen_new(TlThread *th, TlVal fn, TlVal *args, int nargs, TlVal kw)
{
    TlFunc *fu = TL_FUNC(fn);
    TlCode *co = TL_CODE(fu->code);
    TlGen *g = tl_alloc(th, &tl_gen_type, sizeof(TlGen) + tl_frame_bytes(co));
    if (!g)
        return TL_NULL;
    TlFrame *f = (TlFrame *)(g + 1);
    g->frame = f;
    g->name = fu->name;
    g->qualname = fu->qualname;
    g->state = TL_GEN_CREATED;
    tl_frame_init(f, co, fn, fu->globals, fu->builtins, TL_NULL);
    f->bucket = TL_FRAME_GEN_OWNED;
    f->gen = tl_val(g);
    if (tl_frame_bind(th, f, fn, args, nargs, kw) < 0) {
        g->state = TL_GEN_DONE;
        return TL_NULL;
    }
    if (co->nexc && reg_add(th, g) < 0)
        return TL_NULL;
    return tl_val(g);
}

static void gen_mark(TlGC *gc, TlObj *o)
{
    TlGen *g = (TlGen *)o;
    tl_mark(gc, g->name);
    tl_mark(gc, g->qualname);
    if (g->exc_state)
        tl_mark(gc, g->exc_state);
    if (g->prev_exc)
        tl_mark(gc, g->prev_exc);
    if (g->state != TL_GEN_DONE)
        tl_frame_mark(gc, g->frame);
    else
        tl_mark_obj(gc, &g->frame->code->ob);
}

static void enter(TlThread *th, TlGen *g)
{
    g->state = TL_GEN_RUNNING;
    g->prev_exc = th->exc_stack;
    g->own_exc = g->exc_state != TL_NULL;
    if (g->exc_state)
        th->exc_stack = g->exc_state;
    g->exc_state = TL_NULL;
}

int tl_gen_enter(TlThread *th, TlGen *g, TlVal value)
{
    switch (g->state) {
    case TL_GEN_RUNNING:
        tl_raise(th, &tl_ValueError, "generator already executing");
        return -1;
    case TL_GEN_DONE:
        tl_raise_val(th, tl_val(&tl_StopIteration));
        return -1;
    case TL_GEN_CREATED:
        if (value != TL_NONE) {
            tl_raise(th, &tl_TypeError, "can't send non-None value to a just-started generator");
            return -1;
        }
        break;
    default:
        *g->frame->sp++ = value;
        break;
    }
    enter(th, g);
    return 0;
}

void tl_gen_leave(TlThread *th, TlGen *g, bool done)
{
    g->exc_state = !done && g->own_exc ? th->exc_stack : TL_NULL;
    th->exc_stack = g->prev_exc;
    g->prev_exc = TL_NULL;
    g->own_exc = 0;
    g->state = done ? TL_GEN_DONE : TL_GEN_SUSPENDED;
    if (done)
        g->frame->sp = g->frame->stack;
}

TlVal tl_gen_send(TlThread *th, TlVal gv, TlVal value, bool *done)
{
    TlGen *g = TL_GEN(gv);
    *done = false;
    if (g->state == TL_GEN_DONE) {
        *done = true;
        return TL_NONE;
    }
    if (tl_eval_room(th) < 0 || tl_gen_enter(th, g, value) < 0)
        return TL_NULL;
    TlVal r = tl_eval(th, g->frame);
    *done = r && g->state == TL_GEN_DONE;
    return r;
}

/* ------------------------------------------------------------ yield from */

/* The sub-iterator of a generator suspended in yield from, or TL_NULL. */
static TlVal gen_yf(TlGen *g)
{
    if (g->state != TL_GEN_SUSPENDED)
        return TL_NULL;
    TlFrame *f = g->frame;
    TlCode *co = f->code;
    uint32_t *end = co->code + co->ncode;
    if (f->ip >= end || TL_OPCODE(*f->ip) != OP_JUMP)
        return TL_NULL;
    uint32_t t = TL_OPARG(*f->ip);
    if (t + 1 >= co->ncode || TL_OPCODE(co->code[t]) != OP_SEND || f->instr != co->code + t + 1)
        return TL_NULL;
    return f->sp > f->stack ? f->sp[-1] : TL_NULL;
}

/* Resume g with th->exc raised at its suspension point. */
static TlVal resume_throwing(TlThread *th, TlGen *g)
{
    TlVal e = tl_exc_fetch(th);
    if (tl_eval_room(th) < 0)
        return TL_NULL;
    enter(th, g);
    th->exc = e;
    return tl_eval_throw(th, g->frame);
}

/* Resume g after its delegate finished with `value`: the yield from
 * expression evaluates to it. */
static TlVal resume_after_yf(TlThread *th, TlGen *g, TlVal value)
{
    TlFrame *f = g->frame;
    uint32_t t = TL_OPARG(*f->ip);
    f->sp[-1] = value;
    f->ip = f->code->code + TL_OPARG(f->code->code[t]);
    if (tl_eval_room(th) < 0)
        return TL_NULL;
    enter(th, g);
    return tl_eval(th, f);
}

static int close_iter(TlThread *th, TlVal it);

/* Throw e into g; the value g yields next, or TL_NULL (StopIteration with
 * the return value when it finished). */
static TlVal throw_exc(TlThread *th, TlGen *g, TlVal e)
{
    if (g->state == TL_GEN_RUNNING)
        return tl_raise(th, &tl_ValueError, "generator already executing");
    if (g->state != TL_GEN_SUSPENDED) {
        g->state = TL_GEN_DONE;
        return tl_raise_val(th, e);
    }
    TlVal yf = gen_yf(g);
    if (yf) {
        TlVal r = TL_NULL;
        bool delegated = true;
        g->state = TL_GEN_RUNNING;
        if (tl_subtype(tl_type(e), &tl_GeneratorExit)) {
            delegated = false;
            if (close_iter(th, yf) < 0) {
                g->state = TL_GEN_SUSPENDED;
                return resume_throwing(th, g);
            }
        } else if (tl_is_exact(yf, &tl_gen_type)) {
            r = throw_exc(th, TL_GEN(yf), e);
            if (r && TL_GEN(yf)->state == TL_GEN_DONE) {
                g->state = TL_GEN_SUSPENDED;
                return resume_after_yf(th, g, r);
            }
        } else {
            TlVal m = tl_getattr_opt(th, yf, TLN(throw));
            if (m)
                r = tl_call1(th, m, e);
            else if (th->exc)
                r = TL_NULL;
            else
                delegated = false;
        }
        g->state = TL_GEN_SUSPENDED;
        if (delegated) {
            if (r)
                return r;
            if (tl_exc_matches(th, &tl_StopIteration)) {
                TlVal e2 = tl_exc_fetch(th);
                TlVal v = tl_getattr_opt(th, e2, TLN(value));
                if (!v && th->exc)
                    return resume_throwing(th, g);
                return resume_after_yf(th, g, v ? v : TL_NONE);
            }
            return resume_throwing(th, g);
        }
    }
    th->exc = e;
    return resume_throwing(th, g);
}

/* Close a delegate: gen.close() or its close method when it has one. */
static int close_iter(TlThread *th, TlVal it)
{
    if (tl_is_exact(it, &tl_gen_type))
        return gen_close(th, TL_GEN(it)) ? 0 : -1;
    TlVal m = tl_getattr_opt(th, it, TLN(close));
    if (!m)
        return th->exc ? -1 : 0;
    return tl_call0(th, m) ? 0 : -1;
}

static TlVal gen_close(TlThread *th, TlGen *g)
{
    if (g->state == TL_GEN_CREATED || g->state == TL_GEN_DONE) {
        g->state = TL_GEN_DONE;
        return TL_NONE;
    }
    TlVal e = tl_exc_new(th, &tl_GeneratorExit, NULL, 0);
    if (!e)
        return TL_NULL;
    TlVal r = throw_exc(th, g, e);
    if (r && g->state != TL_GEN_DONE)
        return tl_raise(th, &tl_RuntimeError, "generator ignored GeneratorExit");
    if (r)
        return TL_NONE;
    if (tl_exc_matches(th, &tl_GeneratorExit) || tl_exc_matches(th, &tl_StopIteration)) {
        tl_exc_clear(th);
        return TL_NONE;
    }
    return TL_NULL;
}

/* ---------------------------------------------------------------- methods */

static TlVal finish(TlThread *th, TlVal r, bool done)
{
    if (!r || !done)
        return r;
    TlVal e = r == TL_NONE ? tl_exc_new(th, &tl_StopIteration, NULL, 0)
                           : tl_exc_new(th, &tl_StopIteration, &r, 1);
    return e ? tl_raise_val(th, e) : TL_NULL;
}

static bool check_self(TlThread *th, TlVal *args, int nargs, const char *name)
{
    if (nargs < 1 || !tl_is_exact(args[0], &tl_gen_type)) {
        tl_raise(th, &tl_TypeError, "descriptor '%s' requires a 'generator' object", name);
        return false;
    }
    return true;
}

TlVal tl_gen_m_next(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (!check_self(th, args, nargs, "__next__") ||
        tl_args_n(th, "__next__", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    bool done;
    TlVal r = tl_gen_send(th, args[0], TL_NONE, &done);
    return finish(th, r, done);
}

TlVal tl_gen_m_send(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (!check_self(th, args, nargs, "send") || tl_args_n(th, "send", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    bool done;
    TlVal r = tl_gen_send(th, args[0], args[1], &done);
    return finish(th, r, done);
}

static TlVal gen_m_throw(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (!check_self(th, args, nargs, "throw") || tl_args_n(th, "throw", nargs - 1, kw, 1, 3) < 0)
        return TL_NULL;
    TlVal typ = args[1], val = nargs > 2 ? args[2] : TL_NONE;
    TlVal e;
    if (tl_is_exc(typ)) {
        if (val != TL_NONE)
            return tl_raise(th, &tl_TypeError, "instance exception may not have a separate value");
        e = typ;
    } else if (tl_is_type(typ) && tl_subtype(TL_TYPE(typ), &tl_BaseException)) {
        if (tl_is_exc(val) && tl_subtype(tl_type(val), TL_TYPE(typ)))
            e = val;
        else if (val == TL_NONE)
            e = tl_call0(th, typ);
        else if (tl_is_tuple(val))
            e = tl_call(th, typ, TL_TUPLE(val)->items, (int)TL_TUPLE(val)->len, TL_NULL);
        else
            e = tl_call1(th, typ, val);
        if (!e)
            return TL_NULL;
    } else {
        return tl_raise(th, &tl_TypeError,
                        "exceptions must be classes or instances deriving from BaseException, not %s",
                        tl_type_name(typ));
    }
    bool done = false;
    TlGen *g = TL_GEN(args[0]);
    TlVal r = throw_exc(th, g, e);
    done = r && g->state == TL_GEN_DONE;
    return finish(th, r, done);
}

static TlVal gen_m_close(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (!check_self(th, args, nargs, "close") || tl_args_n(th, "close", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return gen_close(th, TL_GEN(args[0]));
}

static TlVal gen_iternext(TlThread *th, TlVal self)
{
    bool done;
    TlVal r = tl_gen_send(th, self, TL_NONE, &done);
    if (!r || !done)
        return r;
    return r == TL_NONE ? TL_NULL : finish(th, r, true);
}

static TlVal gen_iter(TlThread *th, TlVal self)
{
    (void)th;
    return self;
}

static TlVal gen_repr(TlThread *th, TlVal self)
{
    char addr[32];
    snprintf(addr, sizeof addr, "%p", (void *)tl_obj(self));
    return tl_str_fmt(th, "<generator object %S at %s>", TL_GEN(self)->qualname, addr);
}

static TlVal gi_running(TlThread *th, TlVal self)
{
    (void)th;
    return tl_bool(TL_GEN(self)->state == TL_GEN_RUNNING);
}

static TlVal gi_suspended(TlThread *th, TlVal self)
{
    (void)th;
    return tl_bool(TL_GEN(self)->state == TL_GEN_SUSPENDED);
}

static TlVal gi_frame(TlThread *th, TlVal self)
{
    TlGen *g = TL_GEN(self);
    return g->state == TL_GEN_DONE ? TL_NONE : tl_frameinfo_new(th, g->frame);
}

static TlVal gi_code(TlThread *th, TlVal self)
{
    (void)th;
    return tl_val(TL_GEN(self)->frame->code);
}

static TlVal gi_yieldfrom(TlThread *th, TlVal self)
{
    (void)th;
    TlVal yf = gen_yf(TL_GEN(self));
    return yf ? yf : TL_NONE;
}

static TlVal gen_name(TlThread *th, TlVal self)
{
    (void)th;
    return TL_GEN(self)->name;
}

static TlVal gen_qualname(TlThread *th, TlVal self)
{
    (void)th;
    return TL_GEN(self)->qualname;
}

static int set_gen_name(TlThread *th, TlVal self, TlVal v)
{
    if (!v || !tl_is_str(v)) {
        tl_raise(th, &tl_TypeError, "__name__ must be set to a string object");
        return -1;
    }
    TL_GEN(self)->name = v;
    return 0;
}

static int set_gen_qualname(TlThread *th, TlVal self, TlVal v)
{
    if (!v || !tl_is_str(v)) {
        tl_raise(th, &tl_TypeError, "__qualname__ must be set to a string object");
        return -1;
    }
    TL_GEN(self)->qualname = v;
    return 0;
}

static const TlMethodDef gen_methods[] = {
    {"__next__", tl_gen_m_next, TL_METH_INSTANCE},
    {"send", tl_gen_m_send, TL_METH_INSTANCE},
    {"throw", gen_m_throw, TL_METH_INSTANCE},
    {"close", gen_m_close, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlGetSetDef gen_getsets[] = {
    {"gi_running", gi_running, NULL},
    {"gi_suspended", gi_suspended, NULL},
    {"gi_frame", gi_frame, NULL},
    {"gi_code", gi_code, NULL},
    {"gi_yieldfrom", gi_yieldfrom, NULL},
    {"__name__", gen_name, set_gen_name},
    {"__qualname__", gen_qualname, set_gen_qualname},
    {NULL, NULL, NULL},
};

TlType tl_gen_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "generator",
    .size = sizeof(TlGen),
    .mark = gen_mark,
    .repr = gen_repr,
    .iter = gen_iter,
    .iternext = gen_iternext,
    .methods = gen_methods,
    .getsets = gen_getsets,
};
