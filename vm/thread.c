/*
 * thread.c -- OS threads running Python code.
 *
 * Each Python thread is a pthread with its own TlThread (state.c) and a
 * TlOsThread record kept here: its name for reports and traces, its park
 * condition variable (lock.c), what it waits for (deadlock.c) and whether
 * it has finished.  The record outlives the thread while a threading
 * handle refers to it (join, is_alive, ident after the end), so it is
 * reference counted between the running thread and that handle.
 *
 * A new thread starts detached with the function and its arguments pushed
 * on its own root stack, so a collection before it first runs keeps them.
 * Python calls never recurse on the C stack, so threads get modest stacks
 * (1 MiB unless _thread.stack_size() says otherwise), enough for the
 * bounded native nesting (repr of nested containers, sort keys ...).
 *
 * At program end the main thread joins every non-daemon thread, as
 * threading._shutdown does in CPython; daemon threads simply stop with the
 * process.
 */
#include "frame.h"
#include "thread.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define DEFAULT_STACK ((size_t)1 << 20)

void tl_eval_thread_free(TlThread *th);

static long os_tid(void)
{
#ifdef SYS_gettid
    return (long)syscall(SYS_gettid);
#else
    return (long)getpid();
#endif
}

static TlOsThread *os_new(uint64_t id, const char *name, bool daemon)
{
    TlOsThread *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->id = id;
    snprintf(t->name, sizeof t->name, "%s", name);
    t->daemon = daemon;
    pthread_mutex_init(&t->park_mu, NULL);
    tl_cond_init_mono(&t->park);
    return t;
}

static void os_free(TlOsThread *t)
{
    pthread_mutex_destroy(&t->park_mu);
    pthread_cond_destroy(&t->park);
    free(t);
}

/* Caller holds ts->mu. */
static void live_add(TlThreads *ts, TlOsThread *t)
{
    TlOsThread **pp = &ts->live;
    while (*pp)
        pp = &(*pp)->next;    /* start order: threading.enumerate() */
    t->ts = ts;
    tl_wq_init(&t->joiners, &ts->mu);
    t->next = NULL;
    *pp = t;
}

static void live_remove(TlThreads *ts, TlOsThread *t)
{
    for (TlOsThread **pp = &ts->live; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
}

TlOsThread *tl_thread_find(TlThreads *ts, uint64_t id)
{
    for (TlOsThread *t = ts->live; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

int tl_threads_init(TlVM *vm, int max_threads)
{
    TlThreads *ts = calloc(1, sizeof *ts);
    TlOsThread *m = os_new(vm->main->id, "MainThread", false);
    if (!ts || !m) {
        free(ts);
        free(m);
        return -1;
    }
    pthread_mutex_init(&ts->mu, NULL);
    pthread_mutex_init(&ts->amu, NULL);
    tl_wq_init(&ts->aq, &ts->amu);
    ts->max_threads = max_threads > 0 ? max_threads : 256;
    ts->multicore = sysconf(_SC_NPROCESSORS_ONLN) > 1;
    atomic_store(&m->native_id, os_tid());
    m->refs = 1;
    vm->main->os = m;
    m->th = vm->main;
    live_add(ts, m);
    ts->nlive = 1;
    vm->thr = ts;
    return 0;
}

/* The VM is going away: free what no running thread can still use. */
void tl_threads_free(TlVM *vm)
{
    TlThreads *ts = tl_threads(vm);
    if (!ts)
        return;
    for (TlOsThread *t = ts->live, *n; t; t = n) {
        n = t->next;           /* only the main thread is left */
        os_free(t);
    }
    pthread_mutex_destroy(&ts->mu);
    pthread_mutex_destroy(&ts->amu);
    free(ts);
    vm->thr = NULL;
}

/* ----------------------------------------------------------------- sites */

static bool library_code(const TlCode *co)
{
    return tl_is_str(co->filename) && !strncmp(tl_cstr(co->filename), "<frozen ", 8);
}

void tl_user_site(TlThread *th, char *buf, size_t n)
{
    TlFrame *f = th->frame;
    while (f && library_code(f->code) && f->back)
        f = f->back;
    if (!f) {
        snprintf(buf, n, "program exit");
        return;
    }
    const char *file = tl_is_str(f->code->filename) ? tl_cstr(f->code->filename) : "?";
    int line = tl_code_line(f->code, (uint32_t)(f->instr - f->code->code));
    snprintf(buf, n, "%s:%d", file, line);
}

TlVal tl_user_site_str(TlThread *th)
{
    char buf[256];
    tl_user_site(th, buf, sizeof buf);
    return tl_str_cstr(th, buf);
}

/* -------------------------------------------------------------- running */

/* The uncaught exception of a thread started with _thread.start_new_thread
 * (threading's threads handle their own, calling threading.excepthook). */
static void report_exception(TlThread *th, TlVal func, TlVal exc)
{
    if (tl_is_exc(exc) && tl_subtype(tl_type(exc), &tl_SystemExit))
        return;
    tl_root(th, exc);
    TlVal r = tl_repr(th, func);
    tl_exc_clear(th);
    tl_flush(th);
    tl_write(th, 2, "Exception ignored in thread started by: ", 40);
    if (r)
        tl_write(th, 2, tl_cstr(r), TL_STR(r)->len);
    tl_write(th, 2, "\n", 1);
    tl_print_exception(th, exc);
}

/* func(*args, **kwargs) with the values in vectorcall form. */
static TlVal call_target(TlThread *th, TlVal func, TlVal args, TlVal kwargs)
{
    size_t np = TL_TUPLE(args)->len;
    size_t nk = kwargs ? tl_dict_len(kwargs) : 0;
    if (!nk)
        return tl_call(th, func, TL_TUPLE(args)->items, (int)np, TL_NULL);
    TlVal names = tl_tuple_new(th, nk);
    TlVal *argv = malloc((np + nk) * sizeof *argv);
    if (!names || !argv) {
        free(argv);
        return names ? tl_raise_nomem(th) : TL_NULL;
    }
    memcpy(argv, TL_TUPLE(args)->items, np * sizeof *argv);
    size_t pos = 0, i = 0;
    TlVal k, v;
    while (i < nk && tl_dict_next(kwargs, &pos, &k, &v)) {
        TL_TUPLE(names)->items[i] = k;
        argv[np + i++] = v;
    }
    tl_root(th, names);
    TlVal r = tl_call(th, func, argv, (int)np, names);
    free(argv);
    return r;
}

static void finish(TlThread *th, TlOsThread *t)
{
    TlVM *vm = th->vm;
    TlThreads *ts = tl_threads(vm);
    tl_trace(th, "thread_exit", t->name, 0);
    tl_roots_reset(th, 0);
    th->thread_obj = TL_NULL;
    tl_detach(th);             /* also gives up atomic() if still held */
    th->atomic = 0;
    pthread_mutex_lock(&ts->mu);
    t->done = true;
    t->th = NULL;
    live_remove(ts, t);
    ts->nlive--;
    for (TlWaiter *w; (w = tl_wq_pop(&t->joiners));)
        tl_wake_held(ts, w);
    tl_dl_check_global(th);
    bool last_ref = --t->refs == 0;
    pthread_mutex_unlock(&ts->mu);
    tl_eval_thread_free(th);
    tl_thread_free(th);
    if (last_ref)
        os_free(t);
}

static void *entry(void *arg)
{
    TlOsThread *t = arg;
    TlThread *th = t->th;
    atomic_store(&t->native_id, os_tid());
    tl_attach(th);
    TlVal func = th->roots[0], args = th->roots[1];
    TlVal kwargs = th->nroots > 2 ? th->roots[2] : TL_NULL;
    TlVal r = call_target(th, func, args, kwargs);
    if (!r)
        report_exception(th, func, tl_exc_fetch(th));
    finish(th, t);
    return NULL;
}

static void cant_start(TlThread *th)
{
    tl_raise(th, &tl_RuntimeError, "can't start new thread");
}

/* Count a thread about to start against --max-threads (-1: no room);
 * -1 undoes that. */
static bool reserve(TlThreads *ts, int delta)
{
    pthread_mutex_lock(&ts->mu);
    bool room = delta < 0 || ts->nlive < ts->max_threads;
    if (room)
        ts->nlive += delta;
    pthread_mutex_unlock(&ts->mu);
    return room;
}

/* A TlThread for a new thread, with the target and its arguments on its
 * root stack; NULL with an exception. */
static TlOsThread *prepare(TlThread *th, TlVal func, TlVal args, TlVal kwargs,
                           const char *name, bool daemon, TlVal thread_obj, bool joinable)
{
    TlThread *nt = tl_thread_new(th->vm);
    TlOsThread *t = nt ? os_new(nt->id, "", daemon) : NULL;
    if (!t) {
        if (nt)
            tl_thread_free(nt);
        tl_raise_nomem(th);
        return NULL;
    }
    if (name)
        snprintf(t->name, sizeof t->name, "%s", name);
    else
        snprintf(t->name, sizeof t->name, "thread %llu", (unsigned long long)nt->id);
    nt->os = t;
    nt->thread_obj = thread_obj;
    t->th = nt;
    t->refs = joinable ? 2 : 1;
    tl_root(nt, func);
    tl_root(nt, args);
    if (kwargs)
        tl_root(nt, kwargs);
    return t;
}

uint64_t tl_thread_start(TlThread *th, TlVal func, TlVal args, TlVal kwargs,
                         const char *name, bool daemon, TlVal thread_obj,
                         TlOsThread **handle)
{
    TlVM *vm = th->vm;
    TlThreads *ts = tl_threads(vm);
    if (!reserve(ts, 1)) {
        cant_start(th);
        return 0;
    }
    TlOsThread *t = prepare(th, func, args, kwargs, name, daemon, thread_obj, handle != NULL);
    if (!t) {
        reserve(ts, -1);
        return 0;
    }
    uint64_t id = t->id;
    TlThread *nt = t->th;
    if (!vm->gil_mode && !vm->mt)
        vm->mt = true;         /* object locks from now on */
    pthread_mutex_lock(&ts->mu);
    live_add(ts, t);
    pthread_mutex_unlock(&ts->mu);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, ts->stack_size ? ts->stack_size : DEFAULT_STACK);
    if (tl_tracing(th))
        tl_trace(th, "thread_start", t->name, (intptr_t)id);
    int err = pthread_create(&t->pt, &attr, entry, t);
    pthread_attr_destroy(&attr);
    if (err) {
        pthread_mutex_lock(&ts->mu);
        live_remove(ts, t);
        ts->nlive--;
        pthread_mutex_unlock(&ts->mu);
        tl_thread_free(nt);
        os_free(t);
        cant_start(th);
        return 0;
    }
    if (handle)
        *handle = t;
    return id;
}

int tl_thread_join(TlThread *th, TlOsThread *t, double timeout)
{
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->mu);
    bool done = t->done;
    pthread_mutex_unlock(&ts->mu);
    if (done || timeout == 0)
        return done;
    double t0 = tl_now();
    double deadline = timeout < 0 ? -1 : t0 + timeout;
    TlWaiter w = {.t = tl_os(th), .untimed = timeout < 0};
    int p = 1;
    tl_detach(th);
    pthread_mutex_lock(&ts->mu);
    while (!t->done && p > 0) {
        w.woken = false;
        tl_wq_push(&t->joiners, &w);
        if (w.untimed)
            tl_dl_begin(th, TL_WAIT_JOIN, t, &w, "thread", TL_NULL);
        p = tl_park(th, &ts->mu, &w, deadline);
        if (p <= 0 && tl_wq_leave(&w, &ts->mu))
            p = 1;
        if (w.untimed)
            tl_dl_end(th);
    }
    done = t->done;
    pthread_mutex_unlock(&ts->mu);
    tl_attach(th);
    if (tl_tracing(th))
        tl_trace_span(th, "join", t->name, t0);
    if (!done && p < 0 && tl_safepoint(th) < 0)
        return -1;
    return done;
}

void tl_thread_release(TlOsThread *t)
{
    /* Reached from a handle's finalizer during a sweep: the world is
     * stopped, but an exiting thread may hold the lock while detached. */
    TlThreads *ts = t->ts;
    pthread_mutex_lock(&ts->mu);
    bool last = --t->refs == 0;
    pthread_mutex_unlock(&ts->mu);
    if (last)
        os_free(t);
}

void tl_thread_set_name(TlThread *th, TlOsThread *t, const char *name)
{
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->mu);
    snprintf(t->name, sizeof t->name, "%s", name);
    pthread_mutex_unlock(&ts->mu);
}

/* ------------------------------------------------------------- shutdown */

static TlOsThread *next_non_daemon(TlThreads *ts, TlOsThread *self)
{
    for (TlOsThread *t = ts->live; t; t = t->next)
        if (t != self && !t->daemon && !t->done)
            return t;
    return NULL;
}

void tl_threads_shutdown(TlThread *th)
{
    TlThreads *ts = tl_threads(th->vm);
    for (;;) {
        pthread_mutex_lock(&ts->mu);
        TlOsThread *t = next_non_daemon(ts, tl_os(th));
        if (t)
            t->refs++;
        pthread_mutex_unlock(&ts->mu);
        if (!t)
            return;
        int r = tl_thread_join(th, t, -1);
        tl_thread_release(t);
        if (r < 0) {
            tl_print_exception(th, tl_exc_fetch(th));
            return;
        }
    }
}
