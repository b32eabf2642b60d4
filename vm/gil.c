/*
 * gil.c -- the optional global interpreter lock (--gil).
 *
 * Only the holder runs bytecode; every other thread is detached, so a
 * collection started by the holder never waits for anybody.  Two kinds of
 * waiters are told apart, which is the cure for the convoy effect:
 *  - priority waiters are threads coming back from a blocking call (a lock,
 *    a sleep, I/O).  They ask the holder to drop the GIL at once (TL_BRK_GIL,
 *    seen at its next safepoint) and are served before anybody else, so an
 *    I/O-bound thread gets going within microseconds instead of waiting out
 *    a switch interval behind CPU-bound threads;
 *  - CPU waiters are threads the holder forced off.  As in CPython they wait
 *    one switch interval and only then ask for the GIL, and a holder that
 *    drops it waits until another thread has really taken it (no grabbing it
 *    straight back).
 * A holder inside atomic() ignores drop requests (the bit stays set, so it
 * yields at the first safepoint after leaving).  The switch interval exists
 * in both modes so sys.getswitchinterval() always answers.
 */
#include "thread.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>

typedef struct Gil {
    pthread_mutex_t mu;
    pthread_cond_t prio_cv, cpu_cv, switch_cv;
    TlThread *holder;
    int nprio, ncpu;             /* waiters of each kind */
    uint64_t switches;           /* bumped at every acquisition */
    _Atomic uint64_t interval_ns;
} Gil;

static Gil *gil(TlVM *vm) { return vm->gilstate; }

int tl_gil_init(TlVM *vm)
{
    Gil *g = calloc(1, sizeof *g);
    if (!g)
        return -1;
    pthread_mutex_init(&g->mu, NULL);
    tl_cond_init_mono(&g->prio_cv);
    tl_cond_init_mono(&g->cpu_cv);
    tl_cond_init_mono(&g->switch_cv);
    atomic_store(&g->interval_ns, 5000000);
    vm->gilstate = g;
    return 0;
}

void tl_gil_free(TlVM *vm)
{
    Gil *g = gil(vm);
    if (!g)
        return;
    pthread_mutex_destroy(&g->mu);
    pthread_cond_destroy(&g->prio_cv);
    pthread_cond_destroy(&g->cpu_cv);
    pthread_cond_destroy(&g->switch_cv);
    free(g);
    vm->gilstate = NULL;
}

double tl_gil_interval(TlVM *vm)
{
    return (double)atomic_load(&gil(vm)->interval_ns) * 1e-9;
}

void tl_gil_set_interval(TlVM *vm, double secs)
{
    double ns = ceil(secs * 1e9);
    atomic_store(&gil(vm)->interval_ns, ns < 1 ? 1 : ns > 1e18 ? (uint64_t)1e18 : (uint64_t)ns);
}

static void request_drop(TlVM *vm)
{
    atomic_fetch_or(&vm->breaker, TL_BRK_GIL);
}

static void deadline_in(struct timespec *ts, uint64_t ns)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    uint64_t t = (uint64_t)ts->tv_nsec + ns;
    ts->tv_sec += (time_t)(t / 1000000000u);
    ts->tv_nsec = (long)(t % 1000000000u);
}

/* Hand the free GIL to the best waiter. */
static void signal_next(Gil *g)
{
    if (g->nprio)
        pthread_cond_signal(&g->prio_cv);
    else if (g->ncpu)
        pthread_cond_signal(&g->cpu_cv);
}

void tl_gil_acquire(TlThread *th, bool priority)
{
    TlVM *vm = th->vm;
    Gil *g = gil(vm);
    pthread_mutex_lock(&g->mu);
    if (priority) {
        g->nprio++;
        while (g->holder) {
            request_drop(vm);
            pthread_cond_wait(&g->prio_cv, &g->mu);
        }
        g->nprio--;
    } else {
        g->ncpu++;
        while (g->holder || g->nprio) {
            uint64_t seen = g->switches;
            struct timespec ts;
            deadline_in(&ts, atomic_load(&g->interval_ns));
            int r = pthread_cond_timedwait(&g->cpu_cv, &g->mu, &ts);
            /* A whole interval without a switch: ask the holder to yield. */
            if (r == ETIMEDOUT && g->holder && g->switches == seen)
                request_drop(vm);
        }
        g->ncpu--;
    }
    g->holder = th;
    g->switches++;
    pthread_cond_broadcast(&g->switch_cv);
    pthread_mutex_unlock(&g->mu);
}

void tl_gil_release(TlThread *th)
{
    Gil *g = gil(th->vm);
    pthread_mutex_lock(&g->mu);
    if (g->holder == th) {
        g->holder = NULL;
        signal_next(g);
    }
    pthread_mutex_unlock(&g->mu);
}

bool tl_gil_yield_begin(TlThread *th)
{
    TlVM *vm = th->vm;
    Gil *g = gil(vm);
    pthread_mutex_lock(&g->mu);
    atomic_fetch_and(&vm->breaker, ~(uint32_t)TL_BRK_GIL);
    if (g->holder != th || (!g->nprio && !g->ncpu)) {
        pthread_mutex_unlock(&g->mu);
        return false;
    }
    g->holder = NULL;
    signal_next(g);
    uint64_t seen = g->switches;
    while (g->switches == seen && (g->nprio || g->ncpu))
        pthread_cond_wait(&g->switch_cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
    return true;
}
