/*
 * tasklet.c -- Stackless-style tasklets: the per-thread scheduler, soft
 * switching, the watchdog of stackless.run(timeout), and the tasklet type.
 *
 * Switching is soft.  The interpreter keeps a Python call chain as heap
 * frames (eval.c), so a suspended tasklet is nothing but its top frame
 * pointer plus th->depth and th->exc_stack; switching saves those for the
 * current tasklet and installs another tasklet's in TlThread, and the very
 * same dispatch loop carries on with the new th->frame.  No C stack is ever
 * copied -- there is none to copy in WebAssembly.  The price: only natives
 * the loop calls directly may switch (TL_METH_SWITCH, tl_tasklet_call), and
 * only when the current tasklet has no C activation of its own above the
 * loop it runs in (th->nest == base_nest).  The main tasklet owns whatever
 * C stack lies below, so it may switch from any nesting level: the others
 * then run in that loop and switch back in it.
 *
 * A tasklet's bottom frame has stop == TL_STOP_TASKLET; when it returns or
 * raises the loop calls tl_tasklet_end, which picks the next tasklet.  The
 * bottom frame's `back` is the thread's anchor frame, which is also put
 * under the thread's original chain: a frame whose value stack holds the
 * scheduler, so the collector's walk of th->frame marks the scheduler and
 * through it every runnable and suspended tasklet, whichever chain is
 * installed.
 *
 * Threads: each OS thread has its own scheduler and run queue.  Another
 * thread wakes a tasklet by appending it to `incoming` under the
 * scheduler's mutex; the owner moves it into its run queue at its next
 * scheduling decision, or is woken if it parked (detached from the VM, so
 * collections proceed) because nothing else was runnable.
 */
#include <stdlib.h>
#include <string.h>

#include "tasklet.h"

TlObj tl_switched_obj = TL_STATIC_HDR(&tl_object_type);

static const char deadlock_msg[] = "Deadlock: the last runnable tasklet cannot be blocked.";

/* ------------------------------------------------------------ scheduler */

static void sched_mark(TlGC *gc, TlObj *o)
{
    TlSched *s = (TlSched *)o;
    if (s->main)
        tl_mark_obj(gc, &s->main->ob);
    if (s->current)
        tl_mark_obj(gc, &s->current->ob);
    if (s->ring)
        tl_mark_obj(gc, &s->ring->ob);      /* tasklets mark their links */
    if (s->in_head)
        tl_mark_obj(gc, &s->in_head->ob);
    tl_mark(gc, s->boot);
    if (s->anchor)
        tl_frame_mark(gc, s->anchor);
}

static void sched_finalize(TlObj *o)
{
    TlSched *s = (TlSched *)o;
    free(s->anchor);
    pthread_mutex_destroy(&s->mu);
}

static TlType sched_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "scheduler",
    .size = sizeof(TlSched),
    .mark = sched_mark,
    .finalize = sched_finalize,
};

/* The trampoline for tasklets whose callable is not a plain Python
 * function: its frame is their bottom frame.  The module code doubles as
 * the anchor frame's code. */
static const char boot_src[] = "def _tasklet_boot(f, a, k):\n    return f(*a, **k)\n";

static TlTasklet *tasklet_alloc(TlThread *th, TlType *t, TlSched *s)
{
    TlTasklet *k = tl_alloc(th, t, t->size);
    if (!k)
        return NULL;
    k->sched = s;
    k->tempval = TL_NONE;
    k->id = s->next_id++;
    return k;
}

/* The anchor: a frame of the boot module's code whose value stack holds
 * the scheduler.  Never run, never freed by the engine (bucket). */
static TlFrame *anchor_new(TlThread *th, TlVal code, TlSched *s)
{
    TlCode *co = TL_CODE(code);
    TlVal g = tl_dict_new(th);
    if (!g)
        return NULL;
    TlFrame *f = malloc(sizeof(TlFrame) + (tl_frame_slots(co) + 1) * sizeof(TlVal));
    if (!f) {
        tl_raise_nomem(th);
        return NULL;
    }
    tl_frame_init(f, co, TL_NULL, g, th->vm->builtins, TL_NULL);
    f->bucket = TL_FRAME_GEN_OWNED;
    *f->sp++ = tl_val(s);
    return f;
}

TlSched *tl_sched_get(TlThread *th)
{
    if (th->sched)
        return th->sched;
    TlVal code = tl_compile(th, boot_src, sizeof boot_src - 1, "<stackless>", TL_MODE_EXEC, NULL);
    if (!code)
        return NULL;
    TlVal fcode = TL_NULL;
    TlTuple *consts = TL_TUPLE(TL_CODE(code)->consts);
    for (size_t i = 0; i < consts->len; i++)
        if (tl_is_exact(consts->items[i], &tl_code_type))
            fcode = consts->items[i];
    TlSched *s = tl_alloc(th, &sched_type, sizeof(TlSched));
    if (!s || !fcode)
        return s ? tl_raise(th, &tl_SystemError, "bad tasklet trampoline"), NULL : NULL;
    s->th = th;
    s->tid = th->id;
    s->next_id = 1;
    pthread_mutex_init(&s->mu, NULL);
    s->anchor = anchor_new(th, code, s);
    if (!s->anchor)
        return NULL;
    s->boot = tl_func_new(th, fcode, s->anchor->globals, th->vm->builtins);
    TlTasklet *m = s->boot ? tasklet_alloc(th, &tl_tasklet_type, s) : NULL;
    if (!m)
        return NULL;
    m->is_main = true;
    m->started = true;
    m->state = TL_TK_ALIVE;
    s->main = s->current = m;
    tl_ring_insert(s, m);
    /* Hang the anchor under the thread's current chain. */
    TlFrame *bottom = th->frame;
    while (bottom && bottom->back)
        bottom = bottom->back;
    if (bottom)
        bottom->back = s->anchor;
    else
        th->frame = s->anchor;
    th->sched = s;
    return s;
}

bool tl_sched_take_direct(TlSched *s)
{
    bool d = s->direct;
    s->direct = false;
    return d;
}

bool tl_sched_can_switch(TlThread *th, TlSched *s, bool direct)
{
    return direct && (s->current->is_main || th->nest == s->current->base_nest);
}

int tl_sched_check_switch(TlThread *th, TlSched *s, bool direct)
{
    if (tl_sched_can_switch(th, s, direct))
        return 0;
    tl_raise(th, &tl_RuntimeError,
             "cannot switch tasklets inside a callback from native code (such as "
             "a sort key or a __hash__ called by a dict): the native call below "
             "it cannot be suspended");
    return -1;
}

/* ------------------------------------------------------------- run queue */

void tl_ring_insert(TlSched *s, TlTasklet *t)
{
    if (!s->ring) {
        t->next = t->prev = t;
        s->ring = t;
    } else {
        TlTasklet *head = s->ring;
        t->next = head;
        t->prev = head->prev;
        head->prev->next = t;
        head->prev = t;
    }
    t->where = TL_IN_RING;
    s->runcount++;
}

void tl_ring_insert_after(TlSched *s, TlTasklet *pos, TlTasklet *t)
{
    if (pos->where != TL_IN_RING || !s->ring) {
        tl_ring_insert(s, t);
        return;
    }
    t->prev = pos;
    t->next = pos->next;
    pos->next->prev = t;
    pos->next = t;
    t->where = TL_IN_RING;
    s->runcount++;
}

void tl_ring_remove(TlSched *s, TlTasklet *t)
{
    if (t->where != TL_IN_RING)
        return;
    if (t->next == t) {
        s->ring = NULL;
    } else {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        if (s->ring == t)
            s->ring = t->next;
    }
    t->next = t->prev = NULL;
    t->where = TL_IN_NONE;
    s->runcount--;
}

/* ---------------------------------------------------- other threads */

void tl_sched_wake(TlThread *th, TlTasklet *t)
{
    TlSched *o = t->sched;
    if (o->th == th) {
        tl_ring_insert(o, t);
        return;
    }
    pthread_mutex_lock(&o->mu);
    t->next = NULL;
    t->where = TL_IN_INCOMING;
    if (o->in_tail)
        o->in_tail->next = t;
    else
        o->in_head = t;
    o->in_tail = t;
    atomic_store_explicit(&o->has_in, true, memory_order_release);
    if (o->waiter) {
        tl_wake(th->vm, o->waiter);
        o->waiter = NULL;
    }
    pthread_mutex_unlock(&o->mu);
}

/* Move the tasklets other threads woke into the run queue. */
static void drain(TlSched *s)
{
    if (!atomic_load_explicit(&s->has_in, memory_order_acquire))
        return;
    pthread_mutex_lock(&s->mu);
    TlTasklet *t = s->in_head;
    s->in_head = s->in_tail = NULL;
    atomic_store_explicit(&s->has_in, false, memory_order_relaxed);
    pthread_mutex_unlock(&s->mu);
    while (t) {
        TlTasklet *n = t->next;
        tl_ring_insert(s, t);
        t = n;
    }
}

static bool other_threads(TlThread *th)
{
    TlThreads *ts = tl_threads(th->vm);
    if (!ts)
        return false;
    pthread_mutex_lock(&ts->mu);
    bool others = ts->nlive > 1;
    pthread_mutex_unlock(&ts->mu);
    return others;
}

/* Nothing is runnable here but another thread may wake one of our
 * tasklets: sleep detached until it does.  -1 with KeyboardInterrupt. */
static int park(TlThread *th, TlSched *s)
{
    TlWaiter w = {.t = tl_os(th), .untimed = true};
    int r = 1;
    tl_trace(th, "tasklet_park", NULL, 0);
    tl_detach(th);
    pthread_mutex_lock(&s->mu);
    while (!s->in_head) {
        w.woken = false;
        s->waiter = &w;
        tl_wait_begin(th, TL_WAIT_COND, s, &w, "channel", TL_NULL);
        r = tl_park(th, &s->mu, &w, -1);
        s->waiter = NULL;
        tl_wait_end(th);
        if (r < 0)
            break;
    }
    pthread_mutex_unlock(&s->mu);
    tl_attach(th);
    if (r < 0) {
        if (tl_safepoint(th) == 0) {
            TlVal e = tl_exc_new(th, &tl_KeyboardInterrupt, NULL, 0);
            if (e)
                tl_raise_val(th, e);
        }
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ switching */

static _Atomic int watchdogs;             /* process-wide: run(timeout) calls */
static pthread_mutex_t watch_mu = PTHREAD_MUTEX_INITIALIZER;

static void watch(TlThread *th, TlSched *s, bool on)
{
    if (s->watching == on)
        return;
    s->watching = on;
    pthread_mutex_lock(&watch_mu);
    int n = atomic_load(&watchdogs) + (on ? 1 : -1);
    atomic_store(&watchdogs, n);
    if (n > 0)
        atomic_fetch_or(&th->vm->breaker, TL_BRK_TASKLET);
    else
        atomic_fetch_and(&th->vm->breaker, ~(uint32_t)TL_BRK_TASKLET);
    pthread_mutex_unlock(&watch_mu);
}

/* stackless.run() is over: main is back in the run queue. */
static void run_over(TlThread *th, TlSched *s)
{
    s->in_run = false;
    watch(th, s, false);
}

/* Under the GIL a tasklet's atomic flag also stops involuntary GIL
 * switches (th->atomic is what the safepoint looks at). */
static void gil_atomic(TlThread *th, int delta)
{
    if (th->vm->gil_mode)
        th->atomic += delta;
}

void tl_sched_switch(TlThread *th, TlSched *s, TlTasklet *next, bool push)
{
    TlTasklet *prev = s->current;
    if (prev) {
        prev->frame = th->frame;
        prev->depth = th->depth;
        prev->exc_stack = th->exc_stack;
        prev->push = push;
        gil_atomic(th, -(int)prev->atomic);
    }
    s->current = next;
    s->ring = next;
    s->ticks = s->slice;
    th->frame = next->frame;
    th->depth = next->depth;
    th->exc_stack = next->exc_stack;
    next->frame = NULL;
    next->exc_stack = TL_NULL;
    next->base_nest = th->nest;
    next->started = true;
    gil_atomic(th, next->atomic);
    if (next->pending) {
        th->exc = next->pending;
        next->pending = TL_NULL;
    } else if (next->push) {
        if (next->tv_exc)
            th->exc = next->tempval;
        else
            *th->frame->sp++ = next->tempval ? next->tempval : TL_NONE;
    }
    next->push = next->tv_exc = false;
    next->tempval = TL_NONE;
    if (tl_tracing(th))
        tl_trace(th, "tasklet_switch", NULL, next->id);
}

TlVal tl_sched_result(TlThread *th, TlTasklet *t)
{
    TlVal v = t->tempval ? t->tempval : TL_NONE;
    bool exc = t->tv_exc;
    t->tempval = TL_NONE;
    t->tv_exc = false;
    if (t->pending) {
        v = t->pending;
        t->pending = TL_NULL;
        exc = true;
    }
    if (exc) {
        th->exc = v;
        return TL_NULL;
    }
    return v;
}

static TlVal deadlock_exc(TlThread *th)
{
    TlVal msg = tl_str_cstr(th, deadlock_msg);
    return msg ? tl_exc_new(th, &tl_RuntimeError, &msg, 1) : TL_NULL;
}

int tl_sched_check_deadlock(TlThread *th, TlSched *s)
{
    drain(s);
    TlTasklet *c = s->current;
    /* Another tasklet blocking leaves main to go on (next_runnable). */
    if (!c->is_main || (c->where == TL_IN_RING && c->next != c) || other_threads(th))
        return 0;
    tl_raise(th, &tl_RuntimeError, "%s", deadlock_msg);
    return -1;
}

/* Main goes on with `exc` raised (TL_NULL: normally), wherever it waits. */
static TlTasklet *revive_main(TlThread *th, TlSched *s, TlVal exc)
{
    TlTasklet *m = s->main;
    drain(s);
    if (m->where == TL_IN_CHAN)
        tl_channel_unblock(th, m);
    if (exc)
        m->pending = exc;
    if (m->where != TL_IN_RING)
        tl_ring_insert(s, m);
    run_over(th, s);
    return m;
}

/* The tasklet to run now that the current one left the run queue. */
static TlTasklet *next_runnable(TlThread *th, TlSched *s)
{
    for (;;) {
        drain(s);
        if (s->ring)
            return s->ring;
        TlTasklet *m = s->main;
        if (m != s->current && m->where == TL_IN_NONE)
            return revive_main(th, s, TL_NULL);     /* run() returns */
        if (other_threads(th)) {
            if (park(th, s) == 0)
                continue;
            drain(s);
            if (s->ring)
                tl_exc_clear(th);
            return s->ring;
        }
        if (m == s->current) {
            tl_raise(th, &tl_RuntimeError, "%s", deadlock_msg);
            return NULL;
        }
        TlVal e = deadlock_exc(th);
        return revive_main(th, s, e ? e : tl_exc_fetch(th));
    }
}

TlVal tl_sched_leave(TlThread *th, TlSched *s)
{
    TlTasklet *cur = s->current;
    TlTasklet *next = next_runnable(th, s);
    if (!next) {                         /* interrupted: cur stays current */
        if (cur->where == TL_IN_CHAN)
            tl_channel_unblock(th, cur);
        if (cur->where != TL_IN_RING)
            tl_ring_insert(s, cur);
        s->ring = cur;
        return TL_NULL;
    }
    if (next == cur) {
        s->ring = cur;
        return tl_sched_result(th, cur);
    }
    tl_sched_switch(th, s, next, true);
    return TL_SWITCHED;
}

/* ------------------------------------------------------ the loop's hooks */

TlVal tl_tasklet_call(TlThread *th, TlVal fn, TlVal *args, int nargs, TlVal kw)
{
    TlSched *s = tl_sched_get(th);
    if (!s)
        return TL_NULL;
    /* fn is a native (the loop checked): call it as the loop's own fast
     * path would, a bound or foreign one through tl_call. */
    TlNative *n = (TlNative *)tl_obj(fn);
    s->direct = true;
    TlVal r;
    if (!n->self && (!n->owner || ((n->flags & 3) == TL_METH_INSTANCE && nargs > 0 &&
                                   tl_type(args[0]) == n->owner)))
        r = n->fn(th, args, nargs, kw);
    else
        r = tl_call(th, fn, args, nargs, kw);
    s->direct = false;
    return r;
}

TlVal tl_tasklet_next(TlThread *th, TlVal ch)
{
    TlSched *s = tl_sched_get(th);
    if (!s)
        return TL_NULL;
    s->direct = true;
    TlVal r = tl_channel_next(th, ch);
    s->direct = false;
    return r;
}

/* Drop the first traceback entry: the trampoline's frame. */
static void strip_boot(TlThread *th, TlVal exc)
{
    TlVal tb = tl_getattr_opt(th, exc, TLN(__traceback__));
    TlVal nm = tl_intern_cstr(th, "tb_next");
    TlVal rest = tb && tb != TL_NONE && nm ? tl_getattr_opt(th, tb, nm) : TL_NULL;
    if (rest && tl_setattr(th, exc, TLN(__traceback__), rest) < 0)
        tl_exc_clear(th);
    if (th->exc)
        tl_exc_clear(th);
}

static void tasklet_finish(TlThread *th, TlSched *s, TlTasklet *t)
{
    tl_ring_remove(s, t);
    gil_atomic(th, -(int)t->atomic);
    t->atomic = false;
    t->state = TL_TK_DEAD;
    t->func = t->args = t->kwargs = TL_NULL;
    t->frame = NULL;
    if (tl_tracing(th))
        tl_trace(th, "tasklet_exit", NULL, t->id);
}

void tl_tasklet_end(TlThread *th, TlFrame *base, TlVal result)
{
    TlSched *s = th->sched;
    TlTasklet *t = s->current;
    TlVal exc = result ? TL_NULL : tl_exc_fetch(th);
    tl_frame_free(th, base);
    tasklet_finish(th, s, t);
    t->tempval = result ? result : TL_NONE;
    s->current = NULL;
    TlTasklet *next;
    if (exc && !tl_subtype(tl_type(exc), &tl_TaskletExit)) {
        if (t->boot)
            strip_boot(th, exc);
        next = revive_main(th, s, exc);   /* raised in the main tasklet */
    } else {
        next = next_runnable(th, s);
        if (!next)
            next = revive_main(th, s, tl_exc_fetch(th));
    }
    tl_sched_switch(th, s, next, false);
}

bool tl_tasklet_preempt(TlThread *th)
{
    TlSched *s = th->sched;
    if (!s->watching || s->current == s->main || !s->current)
        return false;
    bool due = false;
    if (s->slice && --s->ticks <= 0)
        due = true;
    if (s->total_on && --s->total <= 0)
        due = true;
    TlTasklet *cur = s->current;
    if (!due || cur->atomic || th->nest != cur->base_nest)
        return false;
    tl_ring_remove(s, cur);
    TlTasklet *m = revive_main(th, s, TL_NULL);
    m->tempval = tl_val(cur);
    tl_sched_switch(th, s, m, false);
    return true;
}

/* stackless.run(timeout, totaltimeout) from the main tasklet. */
TlVal tl_sched_run(TlThread *th, TlSched *s, bool direct, long timeout, long total)
{
    TlTasklet *m = s->current;
    if (!m->is_main)
        return tl_raise(th, &tl_RuntimeError, "run() must be run from the main tasklet.");
    drain(s);
    if (m->where != TL_IN_RING || m->next == m)
        return TL_NONE;
    if (tl_sched_check_switch(th, s, direct) < 0)
        return TL_NULL;
    TlTasklet *next = m->next;
    tl_ring_remove(s, m);
    m->tempval = TL_NONE;
    s->in_run = true;
    s->slice = timeout > 0 ? timeout : 0;
    s->total_on = total > 0;
    s->total = total;
    watch(th, s, s->slice || s->total_on);
    tl_sched_switch(th, s, next, true);
    return TL_SWITCHED;
}

TlVal tl_sched_schedule(TlThread *th, TlSched *s, bool direct, TlVal retval, bool remove)
{
    drain(s);
    TlTasklet *cur = s->current;
    bool alone = cur->where != TL_IN_RING || cur->next == cur;
    if (alone && (!remove || cur->is_main))
        return retval;
    if (tl_sched_check_switch(th, s, direct) < 0)
        return TL_NULL;
    cur->tempval = retval;
    if (!remove) {
        tl_sched_switch(th, s, cur->next, true);
        return TL_SWITCHED;
    }
    tl_ring_remove(s, cur);
    return tl_sched_leave(th, s);
}

/* ------------------------------------------------------------- tasklets */

static bool plain_func(TlVal f)
{
    return tl_is_exact(f, &tl_func_type) &&
           !(TL_CODE(TL_FUNC(f)->code)->flags & TL_CO_GENERATOR);
}

/* A bound frame for fn(self?, *args, **kwargs); NULL with an exception. */
static TlFrame *call_frame(TlThread *th, TlVal fn, TlVal self, TlVal args, TlVal kwargs)
{
    size_t na = TL_TUPLE(args)->len, nk = kwargs ? tl_dict_len(kwargs) : 0;
    size_t npos = (self ? 1 : 0) + na, i = 0;
    TlVal *v = malloc((npos + nk + 1) * sizeof(TlVal));
    TlVal names = nk ? tl_tuple_new(th, nk) : TL_NULL;
    if (!v || (nk && !names)) {
        free(v);
        return tl_raise_nomem(th), NULL;
    }
    if (self)
        v[i++] = self;
    memcpy(v + i, TL_TUPLE(args)->items, na * sizeof(TlVal));
    i += na;
    TlVal key, val;
    size_t pos = 0, j = 0;
    while (nk && tl_dict_next(kwargs, &pos, &key, &val) && j < nk) {
        TL_TUPLE(names)->items[j++] = key;
        v[i++] = val;
    }
    TlFunc *fu = TL_FUNC(fn);
    TlFrame *f = tl_frame_new(th, TL_CODE(fu->code), fn, fu->globals, fu->builtins, TL_NULL);
    if (f && tl_frame_bind(th, f, fn, v, (int)npos, names) < 0) {
        tl_frame_free(th, f);
        f = NULL;
    }
    free(v);
    return f;
}

/* Give a bound tasklet its bottom frame: the function's own when it is a
 * plain Python function whose arguments bind, else the trampoline's (which
 * then raises any binding error inside the tasklet, as a call would). */
static int tasklet_frames(TlThread *th, TlTasklet *t)
{
    TlSched *s = t->sched;
    TlVal fn = t->func, self = TL_NULL;
    if (tl_is_exact(fn, &tl_method_type) && plain_func(((TlMethod *)tl_obj(fn))->func)) {
        self = ((TlMethod *)tl_obj(fn))->self;
        fn = ((TlMethod *)tl_obj(fn))->func;
    }
    TlFrame *f = NULL;
    t->boot = false;
    if (plain_func(fn)) {
        f = call_frame(th, fn, self, t->args, t->kwargs);
        if (!f && tl_exc_matches(th, &tl_MemoryError))
            return -1;
        tl_exc_clear(th);
    }
    if (!f) {
        TlVal kw = t->kwargs ? t->kwargs : tl_dict_new(th);
        TlVal a = kw ? tl_tuple_pack(th, 3, t->func, t->args, kw) : TL_NULL;
        f = a ? call_frame(th, s->boot, TL_NULL, a, TL_NULL) : NULL;
        if (!f)
            return -1;
        t->boot = true;
    }
    f->back = s->anchor;
    f->stop = TL_STOP_TASKLET;
    f->cont = TL_CONT_PUSH;
    t->frame = f;
    t->depth = 1;
    t->exc_stack = TL_NULL;
    t->state = TL_TK_ALIVE;
    return 0;
}

static TlTasklet *self_tasklet(TlVal *args) { return TL_TASKLET(args[0]); }

static bool is_current(TlThread *th, TlTasklet *t)
{
    return t->sched->th == th && t->sched->current == t;
}

static int bind_args(TlThread *th, TlTasklet *t, TlVal func, TlVal args, TlVal kwargs)
{
    if (t->state == TL_TK_ALIVE || t->is_main) {
        tl_raise(th, &tl_RuntimeError, "tasklet is alive");
        return -1;
    }
    if (func && func != TL_NONE) {
        if (!tl_callable(func)) {
            tl_raise(th, &tl_TypeError, "tasklet function must be a callable");
            return -1;
        }
        t->func = func;
    }
    if ((!args || args == TL_NONE) && (!kwargs || kwargs == TL_NONE)) {
        if (!func || func == TL_NONE)
            t->func = TL_NULL;           /* bind(None): unbind */
        return 0;
    }
    if (!t->func) {
        tl_raise(th, &tl_RuntimeError, "the tasklet was not bound to a function");
        return -1;
    }
    TlVal a = args && args != TL_NONE ? tl_to_tuple(th, args) : tl_tuple_new(th, 0);
    if (!a)
        return -1;
    if (kwargs && kwargs != TL_NONE && !tl_is_dict(kwargs)) {
        tl_raise(th, &tl_TypeError, "tasklet kwargs must be a dict");
        return -1;
    }
    t->args = a;
    t->kwargs = kwargs && kwargs != TL_NONE && tl_dict_len(kwargs) ? kwargs : TL_NULL;
    t->state = TL_TK_NEW;
    return tasklet_frames(th, t);
}

static TlVal tasklet_new(TlThread *th, TlType *type, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"func", "args", "kwargs", NULL};
    TlVal a[3] = {TL_NULL, TL_NULL, TL_NULL};
    if (type != &tl_tasklet_type) {
        /* A subclass's __init__ takes its own arguments: a leading
         * callable is the function, the rest is left to __init__. */
        if (nargs > 0 && tl_callable(args[0]))
            a[0] = args[0];
    } else if (tl_args(th, "tasklet", args, nargs, kw, kwlist, 0, 3, a) < 0) {
        return TL_NULL;
    }
    TlSched *s = tl_sched_get(th);
    TlTasklet *t = s ? tasklet_alloc(th, type, s) : NULL;
    if (!t)
        return TL_NULL;
    if (bind_args(th, t, a[0], a[1], a[2]) < 0)
        return TL_NULL;
    if (tl_tracing(th))
        tl_trace(th, "tasklet_create", NULL, t->id);
    return tl_val(t);
}

static int tasklet_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    (void)th, (void)self, (void)args, (void)nargs, (void)kw;
    return 0;
}

static int insert(TlThread *th, TlTasklet *t)
{
    if (t->state != TL_TK_ALIVE) {
        tl_raise(th, &tl_RuntimeError, "You cannot run an unbound(dead) tasklet");
        return -1;
    }
    if (t->where == TL_IN_CHAN) {
        tl_raise(th, &tl_RuntimeError, "You cannot run a blocked tasklet");
        return -1;
    }
    if (t->where == TL_IN_NONE)
        tl_sched_wake(th, t);
    return 0;
}

/* t(*args, **kwargs): setup. */
static TlVal tasklet_setup_call(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    TlTasklet *t = TL_TASKLET(self);
    if (!t->func)
        return tl_raise(th, &tl_RuntimeError, "the tasklet was not bound to a function");
    TlVal a = tl_tuple_from(th, args, (size_t)nargs);
    TlVal d = TL_NULL;
    size_t nk = kw ? TL_TUPLE(kw)->len : 0;
    if (a && nk) {
        d = tl_dict_new(th);
        for (size_t i = 0; d && i < nk; i++)
            if (tl_dict_set(th, d, TL_TUPLE(kw)->items[i], args[nargs + i]) < 0)
                d = TL_NULL;
    }
    if (!a || (nk && !d) || bind_args(th, t, TL_NULL, a, d) < 0 || insert(th, t) < 0)
        return TL_NULL;
    return self;
}

static TlVal t_setup(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return tasklet_setup_call(th, args[0], args + 1, nargs - 1, kw);
}

static TlVal t_bind(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"", "func", "args", "kwargs", NULL};
    TlVal a[4];
    if (tl_args(th, "bind", args, nargs, kw, kwlist, 1, 4, a) < 0 ||
        bind_args(th, self_tasklet(args), a[1], a[2], a[3]) < 0)
        return TL_NULL;
    return args[0];
}

static TlVal t_insert(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "insert", nargs - 1, kw, 0, 0) < 0 || insert(th, self_tasklet(args)) < 0)
        return TL_NULL;
    return args[0];
}

static TlVal t_remove(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlTasklet *t = self_tasklet(args);
    if (tl_args_n(th, "remove", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    if (t->where == TL_IN_CHAN)
        return tl_raise(th, &tl_RuntimeError, "You cannot remove a blocked tasklet.");
    if (is_current(th, t))
        return tl_raise(th, &tl_RuntimeError, "The current tasklet cannot be removed.");
    if (t->where == TL_IN_RING && t->sched->th == th)
        tl_ring_remove(t->sched, t);
    return args[0];
}

/* Run t now; the caller stays runnable (run) or is paused (switch). */
static TlVal run_now(TlThread *th, TlVal *args, int nargs, TlVal kw, bool pause, const char *name)
{
    TlSched *s = tl_sched_get(th);
    bool direct = s && tl_sched_take_direct(s);
    TlTasklet *t = self_tasklet(args);
    if (!s || tl_args_n(th, name, nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    if (t->sched != s)
        return tl_raise(th, &tl_RuntimeError, "cannot run a tasklet of another thread");
    drain(s);
    if (t == s->current)
        return TL_NONE;
    if (insert(th, t) < 0 || tl_sched_check_switch(th, s, direct) < 0)
        return TL_NULL;
    TlTasklet *cur = s->current;
    cur->tempval = TL_NONE;
    if (pause)
        tl_ring_remove(s, cur);
    tl_sched_switch(th, s, t, true);
    return TL_SWITCHED;
}

static TlVal t_run(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return run_now(th, args, nargs, kw, false, "run");
}

static TlVal t_switch(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return run_now(th, args, nargs, kw, true, "switch");
}

/* Raise exc in t: now (the caller stays runnable), or when it next runs. */
static TlVal throw_to(TlThread *th, TlTasklet *t, TlVal exc, bool pending, bool direct,
                      bool kill)
{
    TlSched *s = t->sched;
    if (t->state == TL_TK_DEAD || (t->state == TL_TK_NEW && !t->is_main)) {
        if (kill) {
            t->state = TL_TK_DEAD;
            return TL_NONE;
        }
        return tl_raise(th, &tl_RuntimeError, "You cannot throw to a dead tasklet");
    }
    if (is_current(th, t)) {
        th->exc = exc;
        return TL_NULL;
    }
    bool here = s->th == th;
    if (here && !t->started) {
        /* No code has run: it dies before its first instruction, and an
         * exception other than TaskletExit goes on in the caller. */
        tl_channel_unblock(th, t);
        tl_frame_free(th, t->frame);
        tasklet_finish(th, s, t);
        if (tl_subtype(tl_type(exc), &tl_TaskletExit))
            return TL_NONE;
        th->exc = exc;
        return TL_NULL;
    }
    if (here && !pending && tl_sched_check_switch(th, s, direct) < 0)
        return TL_NULL;
    if (t->where == TL_IN_CHAN)
        tl_channel_unblock(th, t);
    t->pending = exc;
    if (!here) {                         /* another thread's: it raises when it runs */
        if (t->where == TL_IN_NONE)
            tl_sched_wake(th, t);
        return TL_NONE;
    }
    drain(s);
    if (t->where == TL_IN_NONE)
        tl_ring_insert(s, t);
    if (pending)
        return TL_NONE;
    if (t->is_main && s->in_run)
        run_over(th, s);
    s->current->tempval = TL_NONE;
    tl_sched_switch(th, s, t, true);
    return TL_SWITCHED;
}

/* An exception instance from (type or instance, value). */
static TlVal make_exc(TlThread *th, TlVal type, TlVal *args, int nargs)
{
    if (tl_is_exc(type))
        return type;
    if (!tl_is_type(type) || !tl_subtype(TL_TYPE(type), &tl_BaseException))
        return tl_raise(th, &tl_TypeError, "exceptions must derive from BaseException");
    return tl_exc_new(th, TL_TYPE(type), args, nargs);
}

static TlVal t_kill(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"", "pending", NULL};
    TlSched *s = tl_sched_get(th);
    bool direct = s && tl_sched_take_direct(s);
    TlVal a[2];
    if (!s || tl_args(th, "kill", args, nargs, kw, kwlist, 1, 2, a) < 0)
        return TL_NULL;
    int pending = a[1] ? tl_truthy(th, a[1]) : 0;
    TlVal e = pending < 0 ? TL_NULL : tl_exc_new(th, &tl_TaskletExit, NULL, 0);
    return e ? throw_to(th, self_tasklet(args), e, pending, direct, true) : TL_NULL;
}

static TlVal t_throw(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"", "exc", "val", "tb", "pending", NULL};
    TlSched *s = tl_sched_get(th);
    bool direct = s && tl_sched_take_direct(s);
    TlVal a[5];
    if (!s || tl_args(th, "throw", args, nargs, kw, kwlist, 1, 5, a) < 0)
        return TL_NULL;
    TlVal type = a[1] && a[1] != TL_NONE ? a[1] : tl_val(&tl_TaskletExit);
    TlVal val = a[2] && a[2] != TL_NONE ? a[2] : TL_NULL;
    TlVal e = make_exc(th, type, val ? &val : NULL, val ? 1 : 0);
    int pending = a[4] ? tl_truthy(th, a[4]) : 0;
    if (!e || pending < 0)
        return TL_NULL;
    if (a[3] && a[3] != TL_NONE && tl_setattr(th, e, TLN(__traceback__), a[3]) < 0)
        return TL_NULL;
    return throw_to(th, self_tasklet(args), e, pending, direct, false);
}

static TlVal t_raise_exception(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlSched *s = tl_sched_get(th);
    bool direct = s && tl_sched_take_direct(s);
    if (!s || tl_args_n(th, "raise_exception", nargs - 1, kw, 1, 255) < 0)
        return TL_NULL;
    TlVal e = make_exc(th, args[1], args + 2, nargs - 2);
    return e ? throw_to(th, self_tasklet(args), e, false, direct, false) : TL_NULL;
}

static TlVal t_set_atomic(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "set_atomic", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    int on = tl_truthy(th, args[1]);
    if (on < 0)
        return TL_NULL;
    TlTasklet *t = self_tasklet(args);
    bool old = t->atomic;
    if (is_current(th, t))
        gil_atomic(th, on - (int)old);
    t->atomic = on != 0;
    return tl_bool(old);
}

static const TlMethodDef tasklet_methods[] = {
    {"bind", t_bind, 0},
    {"setup", t_setup, 0},
    {"insert", t_insert, 0},
    {"remove", t_remove, 0},
    {"run", t_run, TL_METH_SWITCH},
    {"switch", t_switch, TL_METH_SWITCH},
    {"kill", t_kill, TL_METH_SWITCH},
    {"throw", t_throw, TL_METH_SWITCH},
    {"raise_exception", t_raise_exception, TL_METH_SWITCH},
    {"set_atomic", t_set_atomic, 0},
    {NULL, NULL, 0},
};

static TlVal g_alive(TlThread *th, TlVal self)
{
    (void)th;
    TlTasklet *t = TL_TASKLET(self);
    return tl_bool(t->state == TL_TK_ALIVE);
}

static TlVal g_blocked(TlThread *th, TlVal self)
{
    (void)th;
    return tl_bool(TL_TASKLET(self)->where == TL_IN_CHAN);
}

static bool scheduled(TlTasklet *t)
{
    return t->where != TL_IN_NONE;
}

static TlVal g_scheduled(TlThread *th, TlVal self)
{
    (void)th;
    return tl_bool(scheduled(TL_TASKLET(self)));
}

static TlVal g_paused(TlThread *th, TlVal self)
{
    TlTasklet *t = TL_TASKLET(self);
    return tl_bool(t->state == TL_TK_ALIVE && !scheduled(t) && !is_current(th, t));
}

static TlVal g_is_main(TlThread *th, TlVal self)
{
    (void)th;
    return tl_bool(TL_TASKLET(self)->is_main);
}

static TlVal g_is_current(TlThread *th, TlVal self)
{
    return tl_bool(is_current(th, TL_TASKLET(self)));
}

static TlVal g_atomic(TlThread *th, TlVal self)
{
    (void)th;
    return tl_bool(TL_TASKLET(self)->atomic);
}

static TlVal g_thread_id(TlThread *th, TlVal self)
{
    return tl_int_from_u64(th, TL_TASKLET(self)->sched->tid);
}

static TlVal link_of(TlTasklet *t, TlTasklet *l)
{
    return t->where == TL_IN_RING || t->where == TL_IN_CHAN ? tl_val(l) : TL_NONE;
}

static TlVal g_next(TlThread *th, TlVal self)
{
    (void)th;
    TlTasklet *t = TL_TASKLET(self);
    return link_of(t, t->next);
}

static TlVal g_prev(TlThread *th, TlVal self)
{
    (void)th;
    TlTasklet *t = TL_TASKLET(self);
    return link_of(t, t->prev);
}

static TlVal g_tempval(TlThread *th, TlVal self)
{
    (void)th;
    TlVal v = TL_TASKLET(self)->tempval;
    return v ? v : TL_NONE;
}

static int s_tempval(TlThread *th, TlVal self, TlVal v)
{
    (void)th;
    TL_TASKLET(self)->tempval = v ? v : TL_NONE;
    return 0;
}

static TlVal g_func(TlThread *th, TlVal self)
{
    (void)th;
    TlVal f = TL_TASKLET(self)->func;
    return f ? f : TL_NONE;
}

static const TlGetSetDef tasklet_getsets[] = {
    {"alive", g_alive, NULL},
    {"blocked", g_blocked, NULL},
    {"scheduled", g_scheduled, NULL},
    {"paused", g_paused, NULL},
    {"is_main", g_is_main, NULL},
    {"is_current", g_is_current, NULL},
    {"atomic", g_atomic, NULL},
    {"thread_id", g_thread_id, NULL},
    {"next", g_next, NULL},
    {"prev", g_prev, NULL},
    {"tempval", g_tempval, s_tempval},
    {"func", g_func, NULL},
    {NULL, NULL, NULL},
};

static void tasklet_mark(TlGC *gc, TlObj *o)
{
    TlTasklet *t = (TlTasklet *)o;
    if (t->sched)
        tl_mark_obj(gc, &t->sched->ob);
    tl_mark(gc, t->func);
    tl_mark(gc, t->args);
    tl_mark(gc, t->kwargs);
    tl_mark(gc, t->tempval);
    tl_mark(gc, t->pending);
    tl_mark(gc, t->exc_stack);
    tl_mark(gc, t->chan);
    if (t->next)
        tl_mark_obj(gc, &t->next->ob);
    if (t->prev)
        tl_mark_obj(gc, &t->prev->ob);
    if (t->frame)
        tl_frame_mark_chain(gc, t->frame);
}

TlType tl_tasklet_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "tasklet",
    .size = sizeof(TlTasklet),
    .flags = TL_TF_BASETYPE,
    .mark = tasklet_mark,
    .tp_new = tasklet_new,
    .tp_init = tasklet_init,
    .call = tasklet_setup_call,
    .methods = tasklet_methods,
    .getsets = tasklet_getsets,
};

void tl_tasklet_init(TlThread *th)
{
    tl_type_ready(th, &sched_type);
    tl_type_ready(th, &tl_tasklet_type);
}
