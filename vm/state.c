/*
 * state.c -- interpreter-wide and per-thread state: creating a VM, the
 * order in which the subsystems start, the thread registry, stopping the
 * world for the collector, safepoints, and buffered output to the host.
 *
 * The shared/per-thread split is the one the rest of the VM relies on: a
 * TlVM holds the heap, the module table, the interned strings and the host
 * interface; a TlThread holds everything one OS thread touches while it
 * runs bytecode.  A thread is either attached (running VM code, must reach
 * a safepoint when asked) or detached (blocked in the kernel or the host;
 * it holds no unrooted references and counts as stopped), which is what
 * lets a collection proceed while other threads sleep or wait for input.
 *
 * Detaching and attaching are also where the GIL (--gil) is released and
 * taken back, and where a holder of free-threaded atomic() gives it up while
 * it blocks; the safepoint is where a GIL holder yields to a waiting thread
 * (gil.c has the policy).
 */
#include "thread.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

TlVal tl_names[TLN_COUNT_];

static const char *const name_text[] = {
#define TL_NAME_TEXT(n) #n,
    TL_NAMES(TL_NAME_TEXT)
#undef TL_NAME_TEXT
};

/* gc.c */
TlHeap *tl_heap_new(size_t limit);
void tl_heap_free(TlHeap *h);
void *tl_cache_new(void);
void tl_cache_free(void *c);

/* Subsystem start-up, in dependency order (each file's tl_*_init). */
void tl_type_init(TlThread *th);
void tl_code_init(TlThread *th);
void tl_str_init(TlThread *th);
void tl_tuple_init(TlThread *th);
void tl_dict_init(TlThread *th);
void tl_list_init(TlThread *th);
void tl_int_init(TlThread *th);
void tl_float_init(TlThread *th);
void tl_bytes_init(TlThread *th);
void tl_set_init(TlThread *th);
void tl_range_init(TlThread *th);
void tl_slice_init(TlThread *th);
void tl_iter_init(TlThread *th);
void tl_exc_init(TlThread *th);
void tl_eval_init(TlThread *th);
void tl_lib_init(TlThread *th);
void tl_eval_thread_free(TlThread *th);

typedef struct Output {
    pthread_mutex_t mu;
    char buf[8192];
    size_t len;
} Output;

typedef struct Shared {
    pthread_mutex_t mu;          /* thread list, world stops */
    pthread_cond_t cond;
    _Atomic bool stw;            /* a collection has stopped (or is stopping) the world */
    TlType **types;              /* static types: their fields are roots */
    size_t ntypes, captypes;
    uint32_t next_lockid;
} Shared;

static Shared *shared(TlVM *vm) { return vm->threads_lock; }

void tl_vm_add_static_type(TlVM *vm, TlType *t)
{
    Shared *s = shared(vm);
    pthread_mutex_lock(&s->mu);
    if (s->ntypes == s->captypes) {
        size_t cap = s->captypes ? s->captypes * 2 : 128;
        TlType **n = realloc(s->types, cap * sizeof *n);
        if (!n)
            abort();
        s->types = n;
        s->captypes = cap;
    }
    s->types[s->ntypes++] = t;
    pthread_mutex_unlock(&s->mu);
}

void tl_vm_mark_roots(TlVM *vm, TlGC *gc)
{
    Shared *s = shared(vm);
    for (size_t i = 0; i < s->ntypes; i++)
        if (tl_type_type.mark)
            tl_type_type.mark(gc, &s->types[i]->ob);
    tl_mark_array(gc, tl_names, TLN_COUNT_);
    tl_mark(gc, vm->builtins);
    tl_mark(gc, vm->modules);
    tl_mark(gc, vm->interned);
    tl_mark(gc, vm->sysmod);
    tl_mark(gc, vm->argv);
    tl_mark(gc, vm->path);
    tl_mark(gc, vm->frozen);
    tl_board_mark(vm, gc);     /* board.c: IRQ handlers, scheduled callbacks */
}

/* ---------------------------------------------------------------- threads */

TlThread *tl_thread_new(TlVM *vm)
{
    TlThread *th = calloc(1, sizeof *th);
    if (!th)
        return NULL;
    th->vm = vm;
    th->alloc = tl_cache_new();
    if (!th->alloc) {
        free(th);
        return NULL;
    }
    th->exc_stack = TL_NULL;
    th->state = TL_TS_DETACHED;
    Shared *s = shared(vm);
    pthread_mutex_lock(&s->mu);
    th->id = ++vm->next_thread_id;
    th->lockid = ++s->next_lockid;
    th->next = vm->threads;
    if (vm->threads)
        vm->threads->prev = th;
    vm->threads = th;
    pthread_mutex_unlock(&s->mu);
    return th;
}

/* The thread must be detached: it leaves the list under the lock, so a
 * collector never sees it half gone. */
void tl_thread_free(TlThread *th)
{
    TlVM *vm = th->vm;
    Shared *s = shared(vm);
    pthread_mutex_lock(&s->mu);
    while (atomic_load(&s->stw))      /* the collector walks the list */
        pthread_cond_wait(&s->cond, &s->mu);
    if (th->prev)
        th->prev->next = th->next;
    else
        vm->threads = th->next;
    if (th->next)
        th->next->prev = th->prev;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->mu);
    tl_eval_thread_free(th);
    tl_cache_free(th->alloc);
    free(th->roots);
    free(th);
}

TlThread *tl_main_thread(TlVM *vm) { return vm->main; }

/* ------------------------------------------------------- stopping the world */

static bool others_running(TlVM *vm, TlThread *self)
{
    for (TlThread *t = vm->threads; t; t = t->next)
        if (t != self && atomic_load(&t->state) == TL_TS_ATTACHED)
            return true;
    return false;
}

/* Called by the collector: wait until every other thread is parked at a
 * safepoint or detached.  A thread attaching publishes its state and then
 * looks at `stw` (both sequentially consistent), so none can slip past.
 * Only a running collection holds threads back: a mere request (TL_BRK_GC)
 * is served by whichever attached thread reaches a safepoint first, so a
 * thread returning from a blocking call never waits for one. */
void tl_stop_world(TlThread *th)
{
    Shared *s = shared(th->vm);
    pthread_mutex_lock(&s->mu);
    atomic_store(&s->stw, true);
    while (others_running(th->vm, th))
        pthread_cond_wait(&s->cond, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

void tl_start_world(TlThread *th)
{
    Shared *s = shared(th->vm);
    pthread_mutex_lock(&s->mu);
    atomic_store(&s->stw, false);
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->mu);
}

/* Wait out a collection with `state` published. */
static void wait_gc(TlThread *th, int state)
{
    Shared *s = shared(th->vm);
    pthread_mutex_lock(&s->mu);
    atomic_store(&th->state, state);
    pthread_cond_broadcast(&s->cond);
    while (atomic_load(&s->stw))
        pthread_cond_wait(&s->cond, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

static void set_detached(TlThread *th)
{
    Shared *s = shared(th->vm);
    atomic_store(&th->state, TL_TS_DETACHED);
    if (atomic_load(&s->stw)) {      /* wake a collector waiting for us */
        pthread_mutex_lock(&s->mu);
        pthread_cond_broadcast(&s->cond);
        pthread_mutex_unlock(&s->mu);
    }
}

static void set_attached(TlThread *th)
{
    Shared *s = shared(th->vm);
    for (;;) {
        atomic_store(&th->state, TL_TS_ATTACHED);
        if (!atomic_load(&s->stw))
            return;
        wait_gc(th, TL_TS_DETACHED);
    }
}

void tl_detach(TlThread *th)
{
    TlVM *vm = th->vm;
    set_detached(th);
    if (vm->gil_mode)
        tl_gil_release(th);
    else if (th->atomic > 0)
        tl_atomic_suspend(th);
}

void tl_attach(TlThread *th)
{
    TlVM *vm = th->vm;
    if (vm->gil_mode)
        tl_gil_acquire(th, true);    /* back from blocking: priority */
    else if (th->atomic > 0)
        tl_atomic_resume(th);
    set_attached(th);
}

bool tl_gc_try_collect(TlThread *th, size_t *freed);

/* TL_BRK_GIL: another thread wants the GIL.  Not inside atomic(): the bit
 * stays set and the first safepoint after it yields. */
static void switch_threads(TlThread *th)
{
    set_detached(th);
    if (tl_gil_yield_begin(th))
        tl_gil_acquire(th, false);
    set_attached(th);
}

int tl_safepoint(TlThread *th)
{
    TlVM *vm = th->vm;
    uint32_t brk = atomic_load(&vm->breaker);
    if (brk & TL_BRK_GC) {
        if (!tl_gc_enabled(vm))
            atomic_fetch_and(&vm->breaker, ~TL_BRK_GC);
        else if (!tl_gc_try_collect(th, NULL))
            wait_gc(th, TL_TS_PARKED);
        atomic_store(&th->state, TL_TS_ATTACHED);
    }
    /* Board IRQ handlers and micropython.schedule() callbacks (board.c):
     * run here, before a GIL holder yields, like MicroPython's scheduler. */
    if ((brk & TL_BRK_SCHED) && tl_board_run_pending(th) < 0)
        return -1;
    if ((brk & TL_BRK_GIL) && vm->gil_mode && th->atomic == 0)
        switch_threads(th);
    if ((brk & TL_BRK_INTERRUPT) && th == vm->main) {
        atomic_fetch_and(&vm->breaker, ~TL_BRK_INTERRUPT);
        TlVal e = tl_exc_new(th, &tl_KeyboardInterrupt, NULL, 0);
        if (e)
            tl_raise_val(th, e);
        return -1;
    }
    return 0;
}

void tl_interrupt(TlVM *vm)
{
    atomic_fetch_or(&vm->breaker, TL_BRK_INTERRUPT);
}

/* ----------------------------------------------------------------- output */

static void out_flush_locked(TlVM *vm, Output *o)
{
    if (o->len && vm->host.write)
        vm->host.write(vm->host.ctx, 1, o->buf, o->len);
    o->len = 0;
}

/* stdout is buffered (flushed when full, at exit, before input() and, in
 * the REPL, at each newline); stderr goes straight through, after stdout,
 * so an interleaved terminal shows the two in program order. */
void tl_write(TlThread *th, int fd, const char *s, size_t n)
{
    TlVM *vm = th->vm;
    Output *o = vm->stdout_buf;
    pthread_mutex_lock(&o->mu);
    if (fd != 1) {
        out_flush_locked(vm, o);
        if (vm->host.write)
            vm->host.write(vm->host.ctx, fd, s, n);
    } else if (n >= sizeof o->buf) {
        out_flush_locked(vm, o);
        if (vm->host.write)
            vm->host.write(vm->host.ctx, 1, s, n);
    } else {
        if (o->len + n > sizeof o->buf)
            out_flush_locked(vm, o);
        memcpy(o->buf + o->len, s, n);
        o->len += n;
        if (vm->interactive && memchr(s, '\n', n))
            out_flush_locked(vm, o);
    }
    pthread_mutex_unlock(&o->mu);
}

void tl_flush(TlThread *th)
{
    Output *o = th->vm->stdout_buf;
    pthread_mutex_lock(&o->mu);
    out_flush_locked(th->vm, o);
    pthread_mutex_unlock(&o->mu);
}

/* --------------------------------------------------------------- start-up */

static void intern_names(TlThread *th)
{
    for (int i = 0; i < TLN_COUNT_; i++)
        tl_names[i] = tl_intern_cstr(th, name_text[i]);
}

static void start_subsystems(TlThread *th)
{
    tl_type_init(th);
    tl_code_init(th);
    tl_str_init(th);
    tl_tuple_init(th);
    tl_dict_init(th);
    intern_names(th);
    tl_list_init(th);
    tl_int_init(th);
    tl_float_init(th);
    tl_bytes_init(th);
    tl_set_init(th);
    tl_range_init(th);
    tl_slice_init(th);
    tl_iter_init(th);
    tl_exc_init(th);
    tl_eval_init(th);
    tl_lib_init(th);
}

TlVM *tl_vm_new(const TlHost *host, const TlConfig *cfg)
{
    TlVM *vm = calloc(1, sizeof *vm);
    Shared *s = calloc(1, sizeof *s);
    Output *o = calloc(1, sizeof *o);
    size_t limit = cfg && cfg->heap_limit ? cfg->heap_limit : (size_t)256 << 20;
    if (!vm || !s || !o || !(vm->heap = tl_heap_new(limit))) {
        free(vm);
        free(s);
        free(o);
        return NULL;
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cond, NULL);
    pthread_mutex_init(&o->mu, NULL);
    vm->threads_lock = s;
    vm->stdout_buf = o;
    vm->host = *host;
    vm->gil_mode = cfg && cfg->gil;
    vm->recursion_limit = 1000;
    TlThread *th = tl_gil_init(vm) == 0 ? tl_thread_new(vm) : NULL;
    if (!th)
        return NULL;
    vm->main = th;
    if (tl_threads_init(vm, cfg ? cfg->max_threads : 0) < 0)
        return NULL;
    tl_attach(th);
    /* No collection may run before every root is in place. */
    tl_gc_enable(vm, false);
    start_subsystems(th);
    tl_gc_enable(vm, true);
    return vm;
}

/* Daemon threads may still be running: then the VM stays as it is and the
 * process exit ends them.  Otherwise wait for threads that have finished
 * their Python code but not yet left the thread list, then free it all. */
void tl_vm_free(TlVM *vm)
{
    TlThread *main = vm->main;
    TlThreads *ts = tl_threads(vm);
    Shared *s = shared(vm);
    tl_flush(main);
    pthread_mutex_lock(&ts->mu);
    bool others = ts->nlive > 1;
    pthread_mutex_unlock(&ts->mu);
    if (others)
        return;
    tl_detach(main);
    pthread_mutex_lock(&s->mu);
    while (vm->threads != main || main->next)
        pthread_cond_wait(&s->cond, &s->mu);
    pthread_mutex_unlock(&s->mu);
    tl_thread_free(main);
    tl_threads_free(vm);
    tl_gil_free(vm);
    free(s->types);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cond);
    free(s);
    Output *o = vm->stdout_buf;
    pthread_mutex_destroy(&o->mu);
    free(o);
    tl_heap_free(vm->heap);
    free(vm);
}
