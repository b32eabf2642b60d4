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

void tl_wq_push(TlWaiter **head, TlWaiter **tail, TlWaiter *w)
{
    w->next = NULL;
    w->prev = *tail;
    if (*tail)
        (*tail)->next = w;
    else
        *head = w;
    *tail = w;
}

void tl_wq_remove(TlWaiter **head, TlWaiter **tail, TlWaiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        *head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        *tail = w->prev;
    w->next = w->prev = NULL;
}

TlWaiter *tl_wq_pop(TlWaiter **head, TlWaiter **tail)
{
    TlWaiter *w = *head;
    if (w)
        tl_wq_remove(head, tail, w);
    return w;
}

void tl_wake(TlVM *vm, TlWaiter *w)
{
    w->woken = true;
    if (w->untimed) {
        TlThreads *ts = tl_threads(vm);
        pthread_mutex_lock(&ts->mu);
        tl_dl_woken(ts, w);
        pthread_mutex_unlock(&ts->mu);
    }
    pthread_cond_signal(&w->t->park);
}

static bool interrupted(TlThread *th)
{
    return th == th->vm->main &&
           (atomic_load(&th->vm->breaker) & TL_BRK_INTERRUPT);
}

int tl_park(TlThread *th, pthread_mutex_t *mu, TlWaiter *w, double deadline)
{
    bool is_main = th == th->vm->main;
    while (!w->woken) {
        double limit = deadline;
        if (is_main) {
            double slice = tl_now() + 0.1;
            if (limit < 0 || slice < limit)
                limit = slice;
        }
        if (limit < 0) {
            pthread_cond_wait(&w->t->park, mu);
        } else {
            struct timespec ts = {(time_t)limit, (long)((limit - floor(limit)) * 1e9)};
            pthread_cond_timedwait(&w->t->park, mu, &ts);
        }
        if (w->woken)
            break;
        if (interrupted(th))
            return -1;
        if (deadline >= 0 && tl_now() >= deadline)
            return 0;
    }
    return 1;
}

/* After an interrupted wait: raise the pending KeyboardInterrupt. */
static int raise_interrupt(TlThread *th)
{
    if (tl_safepoint(th) < 0)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------ locks */

void tl_lockcore_init(TlThread *th, TlLockCore *l, bool recursive)
{
    pthread_mutex_init(&l->mu, NULL);
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

/* The contended path: queue up and park until the lock is ours. */
static int acquire_slow(TlThread *th, TlLockCore *l, double timeout, const char *what)
{
    double t0 = tl_now();
    double deadline = timeout < 0 ? -1 : t0 + timeout;
    TlWaiter w = {.t = tl_os(th), .untimed = timeout < 0};
    int got = 0;
    tl_trace(th, "lock_contended", site_cstr(l->site), 0);
    tl_detach(th);
    pthread_mutex_lock(&l->mu);
    for (;;) {
        if (take(l, th->id)) {
            got = 1;
            break;
        }
        w.woken = false;
        tl_wq_push(&l->head, &l->tail, &w);
        if (w.untimed)
            tl_wait_begin(th, TL_WAIT_LOCK, l, &w, what, l->site);
        int p = tl_park(th, &l->mu, &w, deadline);
        if (!w.woken)
            tl_wq_remove(&l->head, &l->tail, &w);
        if (w.untimed)
            tl_wait_end(th);
        if (p <= 0) {
            /* Woken just as we gave up: the lock was meant for us. */
            got = w.woken && take(l, th->id) ? 1 : p;
            break;
        }
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
    if (!got && timeout != 0)
        return acquire_slow(th, l, timeout, what);
    if (got)
        tl_trace(th, "lock_acquire", site_cstr(l->site), 0);
    return got;
}

/* Make l free and wake its first waiter; l->mu held. */
static void free_locked(TlVM *vm, TlLockCore *l)
{
    l->count = 0;
    atomic_store_explicit(&l->owner, 0, memory_order_relaxed);
    TlWaiter *w = tl_wq_pop(&l->head, &l->tail);
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
    c->head = c->tail = NULL;
}

void tl_condcore_destroy(TlCondCore *c)
{
    pthread_mutex_destroy(&c->mu);
}

/* Take l back after a wait, whatever happens: the caller's `with` block
 * expects to own it.  A Ctrl-C meanwhile is kept and raised afterwards. */
static int reacquire(TlThread *th, TlLockCore *l, uint32_t count, const char *what)
{
    TlVal pending = TL_NULL;
    while (tl_lockcore_acquire(th, l, -1, what) < 0)
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
    tl_wq_push(&c->head, &c->tail, &w);
    /* Queued before the lock goes: a notifier needs the lock, so it cannot
     * miss us. */
    pthread_mutex_lock(&l->mu);
    free_locked(th->vm, l);
    pthread_mutex_unlock(&l->mu);
    if (w.untimed)
        tl_wait_begin(th, TL_WAIT_COND, c, &w, what, site);
    int p = tl_park(th, &c->mu, &w, deadline);
    if (!w.woken)
        tl_wq_remove(&c->head, &c->tail, &w);
    if (w.untimed)
        tl_wait_end(th);
    pthread_mutex_unlock(&c->mu);
    tl_attach(th);
    if (reacquire(th, l, count, what) < 0)
        return -1;
    if (tl_tracing(th))
        tl_trace_span(th, "cond_wait", site_cstr(site), t0);
    if (w.woken)
        return 1;
    return p < 0 ? raise_interrupt(th) : 0;
}

intptr_t tl_condcore_notify(TlThread *th, TlCondCore *c, intptr_t n)
{
    intptr_t woken = 0;
    pthread_mutex_lock(&c->mu);
    for (TlWaiter *w; woken < n && (w = tl_wq_pop(&c->head, &c->tail)); woken++)
        tl_wake(th->vm, w);
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
    while (ts->aowner && ts->aowner != th->id) {
        w.woken = false;
        tl_wq_push(&ts->ahead, &ts->atail, &w);
        tl_park(th, &ts->amu, &w, -1);
        if (!w.woken)
            tl_wq_remove(&ts->ahead, &ts->atail, &w);
    }
    ts->aowner = th->id;
    pthread_mutex_unlock(&ts->amu);
}

static void atomic_give(TlThread *th)
{
    TlThreads *ts = tl_threads(th->vm);
    pthread_mutex_lock(&ts->amu);
    if (ts->aowner == th->id) {
        ts->aowner = 0;
        TlWaiter *w = tl_wq_pop(&ts->ahead, &ts->atail);
        if (w) {
            w->woken = true;
            pthread_cond_signal(&w->t->park);
        }
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
