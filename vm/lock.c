/*
 * lock.c -- the blocking primitives every threading object is built from:
 * parking a thread, locks (plain and recursive) and the process-wide
 * atomic() lock of free-threaded mode.
 *
 * A blocked thread sleeps on its own condition variable (TlOsThread.park)
 * under the mutex of what it waits for, with a TlWaiter record in that
 * thing's FIFO queue.  Releasing pops the first record and signals exactly
 * that thread, which then competes for the lock again (a thread arriving
 * meanwhile may barge in, as with CPython's locks: that keeps hand-offs
 * cheap).  A waiter is always detached from the VM, so collections and,
 * under the GIL, other threads proceed.  The main thread wakes every 100 ms
 * while it waits, only to notice Ctrl-C; nothing else polls.
 */
#include "thread.h"

#include <errno.h>
#include <math.h>
#include <time.h>

double tl_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void tl_cond_init_mono(pthread_cond_t *cv)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(cv, &a);
    pthread_condattr_destroy(&a);
}

/* ------------------------------------------------------------ waiter queues */

void tl_wq_init(TlWaitQ *q, pthread_mutex_t *mu)
{
    q->head = q->tail = NULL;
    q->mu = mu;
}

void tl_wq_push(TlWaitQ *q, TlWaiter *w)
{
    w->next = NULL;
    w->prev = q->tail;
    if (q->tail)
        q->tail->next = w;
    else
        q->head = w;
    q->tail = w;
    atomic_store_explicit(&w->q, q, memory_order_relaxed);
}

static void wq_remove(TlWaitQ *q, TlWaiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        q->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        q->tail = w->prev;
    w->next = w->prev = NULL;
    atomic_store_explicit(&w->q, NULL, memory_order_relaxed);
}

TlWaiter *tl_wq_pop(TlWaitQ *q)
{
    TlWaiter *w = q->head;
    if (w)
        wq_remove(q, w);
    return w;
}

/* w has been popped: its wake-up is on the way; wait for it to land, after
 * which the waker no longer touches w. */
static bool is_woken(TlWaiter *w)
{
    return __atomic_load_n(&w->woken, __ATOMIC_ACQUIRE);
}

static void await_wake(TlWaiter *w)
{
    TlOsThread *t = w->t;
    pthread_mutex_lock(&t->park_mu);
    while (!is_woken(w))
        pthread_cond_wait(&t->park, &t->park_mu);
    pthread_mutex_unlock(&t->park_mu);
}

bool tl_wq_leave(TlWaiter *w, pthread_mutex_t *held)
{
    /* Only the holder of w's current queue's mutex moves w; a notify that
     * morphs it needs `held` too, so q is either ours or a lock's queue. */
    TlWaitQ *q = atomic_load_explicit(&w->q, memory_order_relaxed);
    if (q && q->mu == held) {
        wq_remove(q, w);
        return false;
    }
    if (q) {
        pthread_mutex_lock(q->mu);
        bool still = atomic_load_explicit(&w->q, memory_order_relaxed) == q;
        if (still)
            wq_remove(q, w);
        pthread_mutex_unlock(q->mu);
        if (still)
            return false;
    }
    await_wake(w);
    return true;
}

static void signal_waiter(TlWaiter *w)
{
    TlOsThread *t = w->t;
    pthread_mutex_lock(&t->park_mu);
    __atomic_store_n(&w->woken, true, __ATOMIC_RELEASE);
    pthread_cond_signal(&t->park);
    pthread_mutex_unlock(&t->park_mu);
}

void tl_wake_held(TlThreads *ts, TlWaiter *w)
{
    if (w->untimed)
        tl_dl_woken(ts, w);
    signal_waiter(w);
}

void tl_wake(TlVM *vm, TlWaiter *w)
{
    if (w->untimed) {
        TlThreads *ts = tl_threads(vm);
        pthread_mutex_lock(&ts->mu);
        tl_dl_woken(ts, w);
        pthread_mutex_unlock(&ts->mu);
    }
    signal_waiter(w);
}

enum { SPIN = 100 };

static inline void spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static bool interrupted(TlThread *th)
{
    return th == th->vm->main &&
           (atomic_load(&th->vm->breaker) & TL_BRK_INTERRUPT);
}

/* Free-threaded with spare cores, the other side of a hand-off usually
 * answers within microseconds: watching the flag that long is cheaper than
 * sleeping in the kernel and being woken by it. */
static bool spin_for(TlThread *th, TlWaiter *w)
{
    if (th->vm->gil_mode || !tl_threads(th->vm)->multicore)
        return false;
    for (int i = 0; i < SPIN; i++) {
        if (is_woken(w))
            return true;
        spin_pause();
    }
    return false;
}

int tl_park(TlThread *th, pthread_mutex_t *mu, TlWaiter *w, double deadline)
{
    TlOsThread *t = w->t;
    bool is_main = th == th->vm->main;
    int r = 1;
    pthread_mutex_unlock(mu);
    if (spin_for(th, w)) {
        pthread_mutex_lock(mu);
        return 1;
    }
    pthread_mutex_lock(&t->park_mu);
    while (!is_woken(w)) {
        double limit = deadline;
        if (is_main) {
            double slice = tl_now() + 0.1;
            if (limit < 0 || slice < limit)
                limit = slice;
        }
        if (limit < 0) {
            pthread_cond_wait(&t->park, &t->park_mu);
        } else {
            struct timespec ts = {(time_t)limit, (long)((limit - floor(limit)) * 1e9)};
            pthread_cond_timedwait(&t->park, &t->park_mu, &ts);
        }
        if (is_woken(w))
            break;
        if (interrupted(th)) {
            r = -1;
            break;
        }
        if (deadline >= 0 && tl_now() >= deadline) {
            r = 0;
            break;
        }
    }
    if (is_woken(w))
        r = 1;
    pthread_mutex_unlock(&t->park_mu);
    pthread_mutex_lock(mu);
    return r;
}

/* After an interrupted wait: raise the pending KeyboardInterrupt. */
static int raise_interrupt(TlThread *th)
{
    if (tl_safepoint(th) < 0)
        return -1;
    return 0;
}

void tl_wait_begin(TlThread *th, int kind, const void *obj, TlWaiter *w,
                   const char *what, TlVal site)
{
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->mu);
    tl_dl_begin(th, kind, obj, w, what, site);
    pthread_mutex_unlock(&ts->mu);
}

void tl_wait_end(TlThread *th)
{
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->mu);
    tl_dl_end(th);
    pthread_mutex_unlock(&ts->mu);
}

/* Park w in q (q->mu held) until woken, the deadline or Ctrl-C: 1 woken,
 * 0 timed out, -1 interrupted; w is in no queue afterwards. */
static int wait_in(TlThread *th, TlWaitQ *q, TlWaiter *w, double deadline,
                   int kind, const void *obj, const char *what, TlVal site)
{
    w->woken = false;
    tl_wq_push(q, w);
    if (w->untimed)
        tl_wait_begin(th, kind, obj, w, what, site);
    int p = tl_park(th, q->mu, w, deadline);
    if (p <= 0 && tl_wq_leave(w, q->mu))
        p = 1;
    if (w->untimed)
        tl_wait_end(th);
    return p;
}

/* ------------------------------------------------------------------ locks */

void tl_lockcore_init(TlThread *th, TlLockCore *l, bool recursive)
{
    pthread_mutex_init(&l->mu, NULL);
    tl_wq_init(&l->q, &l->mu);
    atomic_store(&l->owner, 0);
    l->recursive = recursive;
    l->site = tl_user_site_str(th);
    if (!l->site)
        tl_exc_clear(th);
}

void tl_lockcore_destroy(TlLockCore *l)
{
    pthread_mutex_destroy(&l->mu);
}

/* Take l if it is free (or ours, when recursive); l->mu held. */
static bool take(TlLockCore *l, uint64_t me)
{
    uint64_t o = atomic_load_explicit(&l->owner, memory_order_relaxed);
    if (o == 0) {
        atomic_store_explicit(&l->owner, me, memory_order_relaxed);
        l->count = 1;
        return true;
    }
    if (l->recursive && o == me) {
        l->count++;
        return true;
    }
    return false;
}

static const char *site_cstr(TlVal site)
{
    return site ? tl_cstr(site) : "";
}

static const char *lock_what(TlLockCore *l)
{
    return l->recursive ? "RLock" : "Lock";
}

/* The contended path: queue up and park until the lock is ours.  A waiter
 * woken by a release competes again (a newcomer may have barged in). */
static int acquire_slow(TlThread *th, TlLockCore *l, double timeout, const char *what)
{
    double t0 = tl_now();
    double deadline = timeout < 0 ? -1 : t0 + timeout;
    TlWaiter w = {.t = tl_os(th), .untimed = timeout < 0};
    int got;
    tl_trace(th, "lock_contended", site_cstr(l->site), 0);
    tl_detach(th);
    pthread_mutex_lock(&l->mu);
    for (;;) {
        if (take(l, th->id)) {
            got = 1;
            break;
        }
        got = wait_in(th, &l->q, &w, deadline, TL_WAIT_LOCK, l, what, l->site);
        if (got <= 0)
            break;
    }
    pthread_mutex_unlock(&l->mu);
    tl_attach(th);
    if (tl_tracing(th))
        tl_trace_span(th, "lock_wait", site_cstr(l->site), t0);
    if (got < 0)
        return raise_interrupt(th);
    return got;
}

int tl_lockcore_acquire(TlThread *th, TlLockCore *l, double timeout, const char *what)
{
    pthread_mutex_lock(&l->mu);
    bool got = take(l, th->id);
    pthread_mutex_unlock(&l->mu);
    if (got) {
        tl_trace(th, "lock_acquire", site_cstr(l->site), 0);
        return 1;
    }
    return timeout == 0 ? 0 : acquire_slow(th, l, timeout, what);
}

/* Make l free and wake its first waiter; l->mu held. */
static void free_locked(TlVM *vm, TlLockCore *l)
{
    l->count = 0;
    atomic_store_explicit(&l->owner, 0, memory_order_relaxed);
    TlWaiter *w = tl_wq_pop(&l->q);
    if (w)
        tl_wake(vm, w);
}

int tl_lockcore_release(TlThread *th, TlLockCore *l)
{
    pthread_mutex_lock(&l->mu);
    uint64_t o = atomic_load_explicit(&l->owner, memory_order_relaxed);
    if (o == 0 || (l->recursive && o != th->id)) {
        pthread_mutex_unlock(&l->mu);
        tl_raise(th, &tl_RuntimeError, l->recursive ? "cannot release un-acquired lock"
                                                    : "release unlocked lock");
        return -1;
    }
    if (l->recursive && --l->count > 0) {
        pthread_mutex_unlock(&l->mu);
        return 0;
    }
    free_locked(th->vm, l);
    pthread_mutex_unlock(&l->mu);
    tl_trace(th, "lock_release", site_cstr(l->site), 0);
    return 0;
}

/* ------------------------------------------------------------- conditions */

void tl_condcore_init(TlCondCore *c)
{
    pthread_mutex_init(&c->mu, NULL);
    tl_wq_init(&c->q, &c->mu);
}

void tl_condcore_destroy(TlCondCore *c)
{
    pthread_mutex_destroy(&c->mu);
}

/* Take l back after a wait, whatever happens: the caller's `with` block
 * expects to own it.  A Ctrl-C meanwhile is kept and raised afterwards. */
static int reacquire(TlThread *th, TlLockCore *l, uint32_t count)
{
    TlVal pending = TL_NULL;
    while (tl_lockcore_acquire(th, l, -1, lock_what(l)) < 0)
        pending = tl_exc_fetch(th);
    l->count = count;
    if (pending) {
        tl_raise_val(th, pending);
        return -1;
    }
    return 0;
}

int tl_condcore_wait(TlThread *th, TlCondCore *c, TlLockCore *l, double timeout,
                     const char *what, TlVal site)
{
    double t0 = tl_now();
    double deadline = timeout < 0 ? -1 : t0 + timeout;
    uint32_t count = l->count;
    TlWaiter w = {.t = tl_os(th), .untimed = timeout < 0};
    tl_detach(th);
    pthread_mutex_lock(&c->mu);
    w.woken = false;
    tl_wq_push(&c->q, &w);
    /* Queued before the lock goes: a notifier needs the lock, so it cannot
     * miss us. */
    pthread_mutex_lock(&l->mu);
    free_locked(th->vm, l);
    pthread_mutex_unlock(&l->mu);
    if (w.untimed)
        tl_wait_begin(th, TL_WAIT_COND, c, &w, what, site);
    int p = tl_park(th, &c->mu, &w, deadline);
    if (p <= 0 && tl_wq_leave(&w, &c->mu))
        p = 1;
    if (w.untimed)
        tl_wait_end(th);
    pthread_mutex_unlock(&c->mu);
    tl_attach(th);
    if (reacquire(th, l, count) < 0)
        return -1;
    if (tl_tracing(th))
        tl_trace_span(th, "cond_wait", site_cstr(site), t0);
    if (p > 0)
        return 1;
    return p < 0 ? raise_interrupt(th) : 0;
}

/* The notifier holds l, so instead of waking a waiter only for it to block
 * on l, move it to l's queue: the release that follows wakes it once. */
intptr_t tl_condcore_notify(TlThread *th, TlCondCore *c, TlLockCore *l, intptr_t n)
{
    TlThreads *ts = tl_threads(th->vm);
    intptr_t woken = 0;
    pthread_mutex_lock(&c->mu);
    for (TlWaiter *w; woken < n && (w = tl_wq_pop(&c->q)); woken++) {
        pthread_mutex_lock(&l->mu);
        if (atomic_load_explicit(&l->owner, memory_order_relaxed)) {
            tl_wq_push(&l->q, w);
            if (w->untimed) {
                pthread_mutex_lock(&ts->mu);
                tl_dl_morphed(ts, w, l);
                pthread_mutex_unlock(&ts->mu);
            }
        } else {
            tl_wake(th->vm, w);
        }
        pthread_mutex_unlock(&l->mu);
    }
    pthread_mutex_unlock(&c->mu);
    if (woken)
        tl_trace(th, "cond_notify", "", woken);
    return woken;
}

/* ------------------------------------------------------------- atomic() */

/* Free-threaded atomic() is one recursive lock for the whole process whose
 * holder gives it up while it blocks (tl_detach) and takes it back before
 * running again (tl_attach): so it never deadlocks with the locks taken
 * inside it.  Under the GIL it is only a counter that stops involuntary
 * switches (state.c). */

static void atomic_take(TlThread *th)
{
    TlThreads *ts = tl_threads(th->vm);
    TlWaiter w = {.t = tl_os(th)};
    pthread_mutex_lock(&ts->amu);
    while (ts->aowner && ts->aowner != th->id)
        wait_in(th, &ts->aq, &w, -1, TL_WAIT_ATOMIC, NULL, "atomic()", TL_NULL);
    ts->aowner = th->id;
    pthread_mutex_unlock(&ts->amu);
}

static void atomic_give(TlThread *th)
{
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->amu);
    if (ts->aowner == th->id) {
        ts->aowner = 0;
        TlWaiter *w = tl_wq_pop(&ts->aq);
        if (w)
            tl_wake(th->vm, w);
    }
    pthread_mutex_unlock(&ts->amu);
}

int tl_atomic_enter(TlThread *th)
{
    if (th->atomic++ > 0 || th->vm->gil_mode)
        return 0;
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->amu);
    bool free_now = ts->aowner == 0;
    if (free_now)
        ts->aowner = th->id;
    pthread_mutex_unlock(&ts->amu);
    if (free_now)
        return 0;
    th->atomic = 0;            /* not held yet: detaching must not give it up */
    tl_detach(th);
    atomic_take(th);
    tl_attach(th);
    th->atomic = 1;
    return 0;
}

void tl_atomic_exit(TlThread *th)
{
    if (th->atomic <= 0 || --th->atomic > 0)
        return;
    if (!th->vm->gil_mode)
        atomic_give(th);
}

void tl_atomic_suspend(TlThread *th) { atomic_give(th); }

void tl_atomic_resume(TlThread *th) { atomic_take(th); }
