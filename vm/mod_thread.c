/*
 * mod_thread.c -- the _thread module: what Python code sees of threads and
 * locks, with CPython's names, arguments and error messages.
 *
 * The objects are thin: a lock object wraps a TlLockCore, a Condition a
 * TlCondCore plus the lock it uses, a thread handle a TlOsThread (lock.c
 * and thread.c do the work).  Condition is native so that a wait costs one
 * park and one wake-up instead of CPython's extra per-waiter lock
 * allocations.  threading.py builds the rest of the threading API on these,
 * plus a few private hooks (_start_thread, _get_thread_obj, _register,
 * _enumerate, _format_exc, _shutdown).
 */
#include "lib.h"
#include "thread.h"

#include <sched.h>
#include <stdio.h>
#include <sys/types.h>

#define TIMEOUT_MAX 9223372036.0

/* ------------------------------------------------------------ lock objects */

typedef struct LockObj {
    TlObj ob;
    TlLockCore c;
} LockObj;

static TlType lock_type, rlock_type;

#define LOCK(v) ((LockObj *)tl_obj(v))

static void lock_mark(TlGC *gc, TlObj *o) { tl_mark(gc, ((LockObj *)o)->c.site); }

static void lock_finalize(TlObj *o) { tl_lockcore_destroy(&((LockObj *)o)->c); }

static TlVal lock_new(TlThread *th, TlType *t, bool recursive)
{
    LockObj *l = tl_alloc(th, t, sizeof(LockObj));
    if (!l)
        return TL_NULL;
    tl_lockcore_init(th, &l->c, recursive);
    return tl_val(l);
}

static const char *lock_kind(LockObj *l) { return l->c.recursive ? "RLock" : "Lock"; }

/* acquire(blocking=True, timeout=-1) -> the timeout to use (0: try). */
static int acquire_args(TlThread *th, TlVal *args, int nargs, TlVal kw, double *timeout)
{
    static const char *const kwlist[] = {"blocking", "timeout", NULL};
    TlVal a[2];
    if (tl_args(th, "acquire", args + 1, nargs - 1, kw, kwlist, 0, 2, a) < 0)
        return -1;
    int blocking = a[0] ? tl_truthy(th, a[0]) : 1;
    double t = -1;
    if (blocking < 0 || (a[1] && tl_to_double(th, a[1], &t) < 0))
        return -1;
    if (!blocking && t != -1) {
        tl_raise(th, &tl_ValueError, "can't specify a timeout for a non-blocking call");
        return -1;
    }
    if (t < 0 && t != -1) {
        tl_raise(th, &tl_ValueError, "timeout value must be positive");
        return -1;
    }
    if (t > TIMEOUT_MAX) {
        tl_raise(th, &tl_OverflowError, "timeout value is too large");
        return -1;
    }
    *timeout = blocking ? t : 0;
    return 0;
}

static TlVal lock_acquire(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double timeout;
    if (acquire_args(th, args, nargs, kw, &timeout) < 0)
        return TL_NULL;
    LockObj *l = LOCK(args[0]);
    int r = tl_lockcore_acquire(th, &l->c, timeout, lock_kind(l));
    return r < 0 ? TL_NULL : tl_bool(r);
}

static TlVal lock_release(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "release", nargs - 1, kw, 0, 0) < 0 ||
        tl_lockcore_release(th, &LOCK(args[0])->c) < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal lock_exit(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)nargs;
    (void)kw;
    return tl_lockcore_release(th, &LOCK(args[0])->c) < 0 ? TL_NULL : TL_NONE;
}

static TlVal lock_locked(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "locked", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_bool(atomic_load(&LOCK(args[0])->c.owner) != 0);
}

static bool owned(TlThread *th, LockObj *l)
{
    uint64_t o = atomic_load(&l->c.owner);
    return l->c.recursive ? o == th->id : o != 0;
}

static TlVal rlock_is_owned(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "_is_owned", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_bool(owned(th, LOCK(args[0])));
}

static TlVal lock_repr(TlThread *th, TlVal self)
{
    LockObj *l = LOCK(self);
    uint64_t o = atomic_load(&l->c.owner);
    char buf[160];
    if (l->c.recursive)
        snprintf(buf, sizeof buf, "<%s _thread.RLock object owner=%llu count=%u at %p>",
                 o ? "locked" : "unlocked", (unsigned long long)o, o ? l->c.count : 0,
                 (void *)l);
    else
        snprintf(buf, sizeof buf, "<%s _thread.lock object at %p>",
                 o ? "locked" : "unlocked", (void *)l);
    return tl_str_cstr(th, buf);
}

static TlVal rlock_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "RLock", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return lock_new(th, t, true);
}

static const TlMethodDef lock_methods[] = {
    {"acquire", lock_acquire, 0},
    {"acquire_lock", lock_acquire, 0},
    {"release", lock_release, 0},
    {"release_lock", lock_release, 0},
    {"locked", lock_locked, 0},
    {"locked_lock", lock_locked, 0},
    {"__enter__", lock_acquire, 0},
    {"__exit__", lock_exit, 0},
    {NULL, NULL, 0},
};

static const TlMethodDef rlock_methods[] = {
    {"acquire", lock_acquire, 0},
    {"release", lock_release, 0},
    {"_is_owned", rlock_is_owned, 0},
    {"__enter__", lock_acquire, 0},
    {"__exit__", lock_exit, 0},
    {NULL, NULL, 0},
};

static TlType lock_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "lock",
    .size = sizeof(LockObj),
    .mark = lock_mark,
    .finalize = lock_finalize,
    .repr = lock_repr,
    .methods = lock_methods,
};

static TlType rlock_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "RLock",
    .size = sizeof(LockObj),
    .mark = lock_mark,
    .finalize = lock_finalize,
    .tp_new = rlock_tp_new,
    .repr = lock_repr,
    .methods = rlock_methods,
};

static bool is_lock(TlVal v)
{
    return tl_is_exact(v, &lock_type) || tl_is_exact(v, &rlock_type);
}

/* --------------------------------------------------------------- Condition */

typedef struct CondObj {
    TlObj ob;
    TlVal lock;
    TlVal site;
    TlVal label;               /* what reports call it ("Semaphore" ...) */
    TlCondCore c;
} CondObj;

static TlType cond_type;

#define COND(v) ((CondObj *)tl_obj(v))

static void cond_mark(TlGC *gc, TlObj *o)
{
    CondObj *c = (CondObj *)o;
    tl_mark(gc, c->lock);
    tl_mark(gc, c->site);
    tl_mark(gc, c->label);
}

static void cond_finalize(TlObj *o) { tl_condcore_destroy(&((CondObj *)o)->c); }

static TlVal cond_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"lock", NULL};
    TlVal a[1];
    if (tl_args(th, "Condition", args, nargs, kw, kwlist, 0, 1, a) < 0)
        return TL_NULL;
    TlVal lock = a[0] && a[0] != TL_NONE ? a[0] : lock_new(th, &rlock_type, true);
    if (!lock)
        return TL_NULL;
    if (!is_lock(lock))
        return tl_raise(th, &tl_TypeError,
                        "Condition() needs a threading.Lock or threading.RLock, not %T", lock);
    CondObj *c = tl_alloc(th, t, sizeof(CondObj));
    if (!c)
        return TL_NULL;
    c->lock = lock;
    tl_condcore_init(&c->c);
    c->site = tl_user_site_str(th);
    return c->site ? tl_val(c) : TL_NULL;
}

static LockObj *cond_lock(TlVal self) { return LOCK(COND(self)->lock); }

static const char *cond_label(TlVal self)
{
    TlVal l = COND(self)->label;
    return l ? tl_cstr(l) : "Condition";
}

static TlVal cond_acquire(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    double timeout;
    if (acquire_args(th, args, nargs, kw, &timeout) < 0)
        return TL_NULL;
    LockObj *l = cond_lock(args[0]);
    int r = tl_lockcore_acquire(th, &l->c, timeout, lock_kind(l));
    return r < 0 ? TL_NULL : tl_bool(r);
}

static TlVal cond_release(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)nargs;
    (void)kw;
    return tl_lockcore_release(th, &cond_lock(args[0])->c) < 0 ? TL_NULL : TL_NONE;
}

static TlVal cond_is_owned(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)nargs;
    (void)kw;
    return tl_bool(owned(th, cond_lock(args[0])));
}

/* A timeout argument: None -> -1 (forever), negative -> 0 (do not block). */
static int timeout_arg(TlThread *th, TlVal v, double *out)
{
    *out = -1;
    if (!v || v == TL_NONE)
        return 0;
    if (tl_to_double(th, v, out) < 0)
        return -1;
    if (*out < 0)
        *out = 0;
    return 0;
}

static int cond_wait_core(TlThread *th, TlVal self, double timeout)
{
    LockObj *l = cond_lock(self);
    if (!owned(th, l)) {
        tl_raise(th, &tl_RuntimeError, "cannot wait on un-acquired lock");
        return -1;
    }
    CondObj *c = COND(self);
    return tl_condcore_wait(th, &c->c, &l->c, timeout, cond_label(self), c->site);
}

static TlVal cond_wait(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"timeout", NULL};
    TlVal a[1];
    double timeout;
    if (tl_args(th, "wait", args + 1, nargs - 1, kw, kwlist, 0, 1, a) < 0 ||
        timeout_arg(th, a[0], &timeout) < 0)
        return TL_NULL;
    int r = cond_wait_core(th, args[0], timeout);
    return r < 0 ? TL_NULL : tl_bool(r);
}

/* wait_for(predicate, timeout=None): CPython's loop, re-checking the
 * predicate after every wake-up and sharing one deadline. */
static TlVal cond_wait_for(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"predicate", "timeout", NULL};
    TlVal a[2];
    double timeout;
    if (tl_args(th, "wait_for", args + 1, nargs - 1, kw, kwlist, 1, 2, a) < 0 ||
        timeout_arg(th, a[1], &timeout) < 0)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    double end = timeout >= 0 ? tl_now() + timeout : -1;
    TlVal result;
    for (;;) {
        tl_roots_reset(th, mark);
        result = tl_call0(th, a[0]);
        if (!result)
            break;
        tl_root(th, result);      /* kept across the wait below */
        int t = tl_truthy(th, result);
        if (t != 0) {
            if (t < 0)
                result = TL_NULL;
            break;
        }
        double left = -1;
        if (end >= 0 && (left = end - tl_now()) <= 0)
            break;
        if (cond_wait_core(th, args[0], left) < 0) {
            result = TL_NULL;
            break;
        }
    }
    tl_roots_reset(th, mark);
    return result;
}

static TlVal cond_notify(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"n", NULL};
    TlVal a[1];
    intptr_t n = 1;
    if (tl_args(th, "notify", args + 1, nargs - 1, kw, kwlist, 0, 1, a) < 0 ||
        (a[0] && tl_index(th, a[0], &n) < 0))
        return TL_NULL;
    if (!owned(th, cond_lock(args[0])))
        return tl_raise(th, &tl_RuntimeError, "cannot notify on un-acquired lock");
    tl_condcore_notify(th, &COND(args[0])->c, &cond_lock(args[0])->c, n);
    return TL_NONE;
}

static TlVal cond_notify_all(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "notify_all", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    if (!owned(th, cond_lock(args[0])))
        return tl_raise(th, &tl_RuntimeError, "cannot notify on un-acquired lock");
    tl_condcore_notify(th, &COND(args[0])->c, &cond_lock(args[0])->c, INTPTR_MAX);
    return TL_NONE;
}

static TlVal cond_set_label(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "_set_label", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    if (!tl_is_str(args[1]))
        return tl_raise(th, &tl_TypeError, "label must be a str");
    COND(args[0])->label = args[1];
    return TL_NONE;
}

static TlVal cond_repr(TlThread *th, TlVal self)
{
    CondObj *c = COND(self);
    size_t n = 0;
    pthread_mutex_lock(&c->c.mu);
    for (TlWaiter *w = c->c.q.head; w; w = w->next)
        n++;
    pthread_mutex_unlock(&c->c.mu);
    return tl_str_fmt(th, "<Condition(%R, %zu)>", c->lock, n);
}

static const TlMethodDef cond_methods[] = {
    {"acquire", cond_acquire, 0},
    {"release", cond_release, 0},
    {"__enter__", cond_acquire, 0},
    {"__exit__", cond_release, 0},
    {"wait", cond_wait, 0},
    {"wait_for", cond_wait_for, 0},
    {"notify", cond_notify, 0},
    {"notify_all", cond_notify_all, 0},
    {"notifyAll", cond_notify_all, 0},
    {"_is_owned", cond_is_owned, 0},
    {"_set_label", cond_set_label, 0},
    {NULL, NULL, 0},
};

static TlType cond_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "Condition",
    .size = sizeof(CondObj),
    .mark = cond_mark,
    .finalize = cond_finalize,
    .tp_new = cond_tp_new,
    .repr = cond_repr,
    .methods = cond_methods,
};

/* ----------------------------------------------------------- thread handles */

typedef struct HandleObj {
    TlObj ob;
    TlOsThread *t;
} HandleObj;

static TlType handle_type;

#define HANDLE(v) (((HandleObj *)tl_obj(v))->t)

static void handle_finalize(TlObj *o)
{
    HandleObj *h = (HandleObj *)o;
    if (h->t)
        tl_thread_release(h->t);
    h->t = NULL;
}

static TlVal handle_join(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"timeout", NULL};
    TlVal a[1];
    double timeout;
    if (tl_args(th, "join", args + 1, nargs - 1, kw, kwlist, 0, 1, a) < 0 ||
        timeout_arg(th, a[0], &timeout) < 0)
        return TL_NULL;
    int r = tl_thread_join(th, HANDLE(args[0]), timeout);
    return r < 0 ? TL_NULL : tl_bool(r);
}

static TlVal handle_is_done(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "is_done", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_bool(tl_thread_join(th, HANDLE(args[0]), 0) == 1);
}

static TlVal handle_set_name(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "_set_name", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal s = tl_str(th, args[1]);
    if (!s)
        return TL_NULL;
    tl_thread_set_name(th, HANDLE(args[0]), tl_cstr(s));
    return TL_NONE;
}

static TlVal handle_ident(TlThread *th, TlVal self)
{
    return tl_int_from_u64(th, HANDLE(self)->id);
}

/* Known once the thread has run its first instruction: wait for that. */
static TlVal handle_native_id(TlThread *th, TlVal self)
{
    TlOsThread *t = HANDLE(self);
    long id;
    while (!(id = atomic_load(&t->native_id)))
        sched_yield();
    return tl_int_from_i64(th, id);
}

static const TlMethodDef handle_methods[] = {
    {"join", handle_join, 0},
    {"is_done", handle_is_done, 0},
    {"_set_name", handle_set_name, 0},
    {NULL, NULL, 0},
};

static const TlGetSetDef handle_getsets[] = {
    {"ident", handle_ident, NULL},
    {"native_id", handle_native_id, NULL},
    {NULL, NULL, NULL},
};

static TlType handle_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "_ThreadHandle",
    .size = sizeof(HandleObj),
    .finalize = handle_finalize,
    .methods = handle_methods,
    .getsets = handle_getsets,
};

/* ------------------------------------------------------------------ atomic */

static TlType atomic_type;
static TlObj atomic_obj = TL_STATIC_HDR(&atomic_type);

static TlVal atomic_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)t;
    (void)args;
    if (tl_args_n(th, "atomic", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_val(&atomic_obj);
}

static TlVal atomic_enter(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__enter__", nargs - 1, kw, 0, 0) < 0 || tl_atomic_enter(th) < 0)
        return TL_NULL;
    return args[0];
}

static TlVal atomic_exit(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    tl_atomic_exit(th);
    return TL_FALSE;
}

static const TlMethodDef atomic_methods[] = {
    {"__enter__", atomic_enter, 0},
    {"__exit__", atomic_exit, 0},
    {NULL, NULL, 0},
};

static TlType atomic_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "atomic",
    .size = sizeof(TlObj),
    .tp_new = atomic_tp_new,
    .methods = atomic_methods,
};

/* --------------------------------------------------------------- functions */

static TlVal f_allocate_lock(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "allocate_lock", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return lock_new(th, &lock_type, false);
}

static TlVal f_start_new_thread(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "start_new_thread", nargs, kw, 2, 3) < 0)
        return TL_NULL;
    if (!tl_callable(args[0]))
        return tl_raise(th, &tl_TypeError, "first arg must be callable");
    if (!tl_is_tuple(args[1]))
        return tl_raise(th, &tl_TypeError, "2nd arg must be a tuple");
    if (nargs > 2 && !tl_is_dict(args[2]))
        return tl_raise(th, &tl_TypeError, "optional 3rd arg must be a dictionary");
    uint64_t id = tl_thread_start(th, args[0], args[1], nargs > 2 ? args[2] : TL_NULL,
                                  NULL, true, TL_NULL, NULL);
    return id ? tl_int_from_u64(th, id) : TL_NULL;
}

/* _start_thread(bootstrap, name, daemon, thread_obj) -> handle */
static TlVal f_start_thread(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "_start_thread", nargs, kw, 4, 4) < 0)
        return TL_NULL;
    TlVal name = tl_str(th, args[1]);
    int daemon = name ? tl_truthy(th, args[2]) : -1;
    TlVal empty = daemon >= 0 ? tl_tuple_new(th, 0) : TL_NULL;
    HandleObj *h = empty ? tl_alloc(th, &handle_type, sizeof(HandleObj)) : NULL;
    if (!h)
        return TL_NULL;
    if (!tl_thread_start(th, args[0], empty, TL_NULL, tl_cstr(name), daemon, args[3], &h->t))
        return TL_NULL;
    return tl_val(h);
}

static TlVal f_get_ident(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "get_ident", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_int_from_u64(th, th->id);
}

static TlVal f_get_native_id(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "get_native_id", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_int_from_i64(th, atomic_load(&tl_os(th)->native_id));
}

static TlVal f_stack_size(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "stack_size", nargs, kw, 0, 1) < 0)
        return TL_NULL;
    TlThreads *ts = tl_threads(th->vm);
    size_t old = ts->stack_size;
    if (nargs) {
        intptr_t n;
        if (tl_index(th, args[0], &n) < 0)
            return TL_NULL;
        if (n != 0 && n < 32768)
            return tl_raise(th, &tl_ValueError, "size not valid: %zd bytes", (ssize_t)n);
        ts->stack_size = (size_t)n;
    }
    return tl_int_from_u64(th, old);
}

static TlVal f_exit(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "exit", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_raise_val(th, tl_val(&tl_SystemExit));
}

static TlVal f_count(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "_count", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->mu);
    int n = ts->nlive - 1;
    pthread_mutex_unlock(&ts->mu);
    return tl_mksmall(n);
}

static TlVal f_get_thread_obj(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return th->thread_obj ? th->thread_obj : TL_NONE;
}

/* _register(thread_obj, name): the current thread's threading.Thread. */
static TlVal f_register(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "_register", nargs, kw, 2, 2) < 0)
        return TL_NULL;
    TlVal name = tl_str(th, args[1]);
    if (!name)
        return TL_NULL;
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->mu);
    th->thread_obj = args[0];
    pthread_mutex_unlock(&ts->mu);
    tl_thread_set_name(th, tl_os(th), tl_cstr(name));
    return TL_NONE;
}

/* The Thread objects of the live threads, in start order. */
static TlVal f_enumerate(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "_enumerate", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    TlVal list = tl_list_new(th, 0);
    if (!list)
        return TL_NULL;
    TlThreads *ts = tl_threads(th->vm);
    int r = 0;
    pthread_mutex_lock(&ts->mu);
    for (TlOsThread *t = ts->live; t && r == 0; t = t->next)
        if (t->th && t->th->thread_obj)
            r = tl_list_append(th, list, t->th->thread_obj);
    pthread_mutex_unlock(&ts->mu);
    return r < 0 ? TL_NULL : list;
}

static TlVal f_format_exc(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "_format_exc", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return tl_format_exception(th, args[0]);
}

static TlVal f_shutdown(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "_shutdown", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    tl_threads_shutdown(th);
    return TL_NONE;
}

static const TlMethodDef thread_fns[] = {
    {"start_new_thread", f_start_new_thread, 0},
    {"start_new", f_start_new_thread, 0},
    {"allocate_lock", f_allocate_lock, 0},
    {"allocate", f_allocate_lock, 0},
    {"get_ident", f_get_ident, 0},
    {"get_native_id", f_get_native_id, 0},
    {"stack_size", f_stack_size, 0},
    {"exit", f_exit, 0},
    {"exit_thread", f_exit, 0},
    {"_count", f_count, 0},
    {"_start_thread", f_start_thread, 0},
    {"_get_thread_obj", f_get_thread_obj, 0},
    {"_register", f_register, 0},
    {"_enumerate", f_enumerate, 0},
    {"_format_exc", f_format_exc, 0},
    {"_shutdown", f_shutdown, 0},
    {NULL, NULL, 0},
};

static int add_type(TlThread *th, TlVal d, const char *name, TlType *t, TlVal modname)
{
    tl_type_ready(th, t);
    t->module = modname;
    return tl_dict_set_cstr(th, d, name, tl_val(t));
}

int tl_mod_thread_init(TlThread *th, TlVal module)
{
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    TlVal modname = tl_intern_cstr(th, "_thread");
    TlVal tmax = tl_float_new(th, TIMEOUT_MAX);
    if (!modname || !tmax || tl_module_add_methods(th, module, thread_fns) < 0 ||
        add_type(th, d, "LockType", &lock_type, modname) < 0 ||
        add_type(th, d, "RLock", &rlock_type, modname) < 0 ||
        add_type(th, d, "Condition", &cond_type, modname) < 0 ||
        add_type(th, d, "_ThreadHandle", &handle_type, modname) < 0 ||
        add_type(th, d, "atomic", &atomic_type, modname) < 0 ||
        tl_dict_set_cstr(th, d, "TIMEOUT_MAX", tmax) < 0 ||
        tl_dict_set_cstr(th, d, "error", tl_val(&tl_RuntimeError)) < 0)
        return -1;
    return 0;
}
