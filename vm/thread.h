/*
 * thread.h -- what the threading files (thread.c, lock.c, deadlock.c,
 * gil.c, trace.c, mod_thread.c) share with each other and with state.c.
 *
 * Every blocking wait in the VM follows one pattern: the waiter puts a
 * TlWaiter record (on its own C stack) in the queue of what it waits for,
 * detaches from the VM, and sleeps on its own thread's condition variable
 * (TlOsThread.park, under its own park_mu).  Whoever releases or notifies
 * pops the record, marks it woken and signals exactly that thread: no
 * thundering herd, no polling, FIFO hand-off order, and the deadlock
 * detector always knows which waiters may still run.  Because a waiter
 * does not sleep under the mutex of what it waits for, a notify can move
 * it from a condition's queue to the lock's queue ("wait morphing"): it is
 * woken once, when the lock is free, instead of waking only to block on
 * the lock the notifier still holds.
 */
#ifndef TL_THREAD_H
#define TL_THREAD_H

#include "tl.h"

#include <pthread.h>

typedef struct TlOsThread TlOsThread;
typedef struct TlWaiter TlWaiter;

/* What a blocked thread waits for (the wait-for graph's edge kinds). */
enum {
    TL_WAIT_NONE,
    TL_WAIT_LOCK,      /* Lock/RLock acquire: edge to the holder */
    TL_WAIT_JOIN,      /* join(): edge to the joined thread */
    TL_WAIT_COND,      /* Condition.wait(): no edge, only the global case */
    TL_WAIT_ATOMIC,    /* atomic(): its holder releases it when it blocks */
};

/* A FIFO of waiters, guarded by *mu (the owner's mutex). */
typedef struct TlWaitQ {
    TlWaiter *head, *tail;
    pthread_mutex_t *mu;
} TlWaitQ;

/* A lock: plain (Lock) or recursive (RLock).  `owner` is the holder's
 * thread id (0: free); it is atomic because the deadlock detector reads the
 * owners of locks other than the one whose mutex it holds. */
typedef struct TlLockCore {
    pthread_mutex_t mu;
    TlWaitQ q;                 /* blocked acquirers (and morphed waiters) */
    _Atomic uint64_t owner;
    uint32_t count;            /* recursion depth (RLock) */
    bool recursive;
    TlVal site;                /* str "file:line" where it was created */
} TlLockCore;

/* A condition's waiters; the lock it is used with is separate. */
typedef struct TlCondCore {
    pthread_mutex_t mu;
    TlWaitQ q;
} TlCondCore;

/* A waiter may only return once nobody can touch its record any more:
 * after taking it out of its queue itself, or after seeing `woken`. */
struct TlWaiter {
    TlWaiter *next, *prev;
    TlOsThread *t;
    TlWaitQ *_Atomic q;        /* the queue it is in; NULL once popped */
    bool woken;                /* set by the waker under t->park_mu */
    bool untimed;              /* registered in the wait-for graph */
};

struct TlOsThread {
    TlOsThread *next;          /* live threads, in start order (TlThreads.mu) */
    struct TlThreads *ts;
    TlThread *th;              /* NULL once finished */
    uint64_t id;
    pthread_t pt;
    _Atomic long native_id;    /* gettid(), 0 until the thread runs */
    char name[96];             /* for reports and traces */
    bool daemon;
    bool done;                 /* finished running Python code */
    int refs;                  /* the running thread + its handle, if any */
    pthread_mutex_t park_mu;   /* this thread's private wake-up */
    pthread_cond_t park;
    TlWaitQ joiners;           /* join() waiters (under TlThreads.mu) */
    /* deadlock.c, under TlThreads.mu */
    int wait_kind;
    const void *wait_obj;      /* TlLockCore, TlOsThread or condition */
    TlWaiter *wait_rec;
    const char *wait_what;     /* "Lock", "RLock", "Condition" ... */
    TlVal wait_site;           /* str: the lock's creation site or TL_NULL */
    char wait_at[160];         /* "file:line" where it waits */
};

/* VM-wide thread state (TlVM.thr). */
typedef struct TlThreads {
    pthread_mutex_t mu;        /* live list, joins, the wait-for graph */
    TlOsThread *live;
    int nlive;                 /* threads running Python code, main included */
    int nblocked;              /* of those, in an untimed wait nobody woke */
    int max_threads;
    bool multicore;            /* more than one CPU: waiters spin a little */
    size_t stack_size;         /* _thread.stack_size(); 0: default */
    /* atomic() in free-threaded mode: one process-wide recursive lock */
    pthread_mutex_t amu;
    uint64_t aowner;
    TlWaitQ aq;
} TlThreads;

static inline TlThreads *tl_threads(TlVM *vm) { return vm->thr; }
static inline TlOsThread *tl_os(TlThread *th) { return th->os; }

/* state.c: a TlThread in the VM's list, detached; freeing one waits out a
 * collection in progress. */
TlThread *tl_thread_new(TlVM *vm);
void tl_thread_free(TlThread *th);

/* thread.c */
int tl_threads_init(TlVM *vm, int max_threads);
void tl_threads_free(TlVM *vm);
/* Start func(*args, **kwargs) on a new OS thread (name NULL: "thread ID");
 * its threading.Thread is thread_obj (or TL_NULL).  Returns the thread's
 * id, 0 with an exception.  A joinable thread's record is returned in
 * *handle and stays allocated until tl_thread_release; any other may be
 * gone by the time this returns. */
uint64_t tl_thread_start(TlThread *th, TlVal func, TlVal args, TlVal kwargs,
                         const char *name, bool daemon, TlVal thread_obj,
                         TlOsThread **handle);
/* join(): 1 finished, 0 timed out, -1 exception (timeout < 0: forever). */
int tl_thread_join(TlThread *th, TlOsThread *t, double timeout);
void tl_thread_release(TlOsThread *t);
void tl_thread_set_name(TlThread *th, TlOsThread *t, const char *name);
/* The live thread with id `id`, or NULL (caller holds TlThreads.mu). */
TlOsThread *tl_thread_find(TlThreads *ts, uint64_t id);
/* "file:line" of the innermost frame outside the frozen library. */
void tl_user_site(TlThread *th, char *buf, size_t n);
TlVal tl_user_site_str(TlThread *th);

/* lock.c */
void tl_cond_init_mono(pthread_cond_t *cv);
void tl_lockcore_init(TlThread *th, TlLockCore *l, bool recursive);
void tl_lockcore_destroy(TlLockCore *l);
/* 1 acquired, 0 not (timeout; 0 = try), -1 exception (Ctrl-C). */
int tl_lockcore_acquire(TlThread *th, TlLockCore *l, double timeout, const char *what);
/* -1 with RuntimeError when th may not release it. */
int tl_lockcore_release(TlThread *th, TlLockCore *l);
/* Sleep until w->woken or the deadline (monotonic seconds, < 0: none).
 * `mu` is held on entry and on return, released meanwhile.  The thread is
 * detached.  1 woken, 0 timed out, -1 interrupted (KeyboardInterrupt
 * pending). */
int tl_park(TlThread *th, pthread_mutex_t *mu, TlWaiter *w, double deadline);
double tl_now(void);
/* Waiter queues (q->mu held). */
void tl_wq_init(TlWaitQ *q, pthread_mutex_t *mu);
void tl_wq_push(TlWaitQ *q, TlWaiter *w);
TlWaiter *tl_wq_pop(TlWaitQ *q);
/* After a wait that was not woken (timeout, Ctrl-C), `held` held: leave
 * whatever queue w is in now; true if a waker popped it first (the wake-up
 * has then landed). */
bool tl_wq_leave(TlWaiter *w, pthread_mutex_t *held);
/* Wake w, popped by the caller under its queue's mutex; marks it woken for
 * the detector.  tl_wake_held: the same with TlThreads.mu already held. */
void tl_wake(TlVM *vm, TlWaiter *w);
void tl_wake_held(TlThreads *ts, TlWaiter *w);
/* Register/unregister an untimed wait in the wait-for graph. */
void tl_wait_begin(TlThread *th, int kind, const void *obj, TlWaiter *w,
                   const char *what, TlVal site);
void tl_wait_end(TlThread *th);
/* Conditions: wait releases l fully (the caller checked it owns it) and
 * takes it back; 1 notified, 0 timed out, -1 exception.  notify wakes up
 * to n waiters in FIFO order and returns how many. */
void tl_condcore_init(TlCondCore *c);
void tl_condcore_destroy(TlCondCore *c);
int tl_condcore_wait(TlThread *th, TlCondCore *c, TlLockCore *l, double timeout,
                     const char *what, TlVal site);
intptr_t tl_condcore_notify(TlThread *th, TlCondCore *c, TlLockCore *l, intptr_t n);
/* atomic() */
int tl_atomic_enter(TlThread *th);
void tl_atomic_exit(TlThread *th);
void tl_atomic_suspend(TlThread *th);      /* tl_detach: holder blocks */
void tl_atomic_resume(TlThread *th);       /* tl_attach */

/* deadlock.c: bracket an untimed wait; callers hold TlThreads.mu.
 * tl_dl_begin reports and ends the program when the wait closes a cycle or
 * leaves no thread that could wake the others. */
void tl_dl_begin(TlThread *th, int kind, const void *obj, TlWaiter *w,
                 const char *what, TlVal site);
void tl_dl_end(TlThread *th);
/* A woken waiter runs again (TlThreads.mu held). */
void tl_dl_woken(TlThreads *ts, TlWaiter *w);
/* A condition waiter moved to the queue of lock l now waits for l. */
void tl_dl_morphed(TlThreads *ts, TlWaiter *w, TlLockCore *l);
/* Recheck after a thread finished (TlThreads.mu held). */
void tl_dl_check_global(TlThread *th);

/* gil.c */
int tl_gil_init(TlVM *vm);
void tl_gil_free(TlVM *vm);
void tl_gil_acquire(TlThread *th, bool priority);
void tl_gil_release(TlThread *th);
/* At a safepoint with TL_BRK_GIL: release the GIL if somebody waits for it
 * (the caller detached first); false when nobody does. */
bool tl_gil_yield_begin(TlThread *th);
double tl_gil_interval(TlVM *vm);
void tl_gil_set_interval(TlVM *vm, double secs);

/* trace.c: events through TlHost.trace; free when nobody listens. */
void tl_trace_emit(TlThread *th, const char *kind, const char *name, intptr_t arg,
                   double ts);
static inline bool tl_tracing(TlThread *th) { return th->vm->host.trace != NULL; }
static inline void tl_trace(TlThread *th, const char *kind, const char *name, intptr_t arg)
{
    if (th->vm->host.trace)
        tl_trace_emit(th, kind, name, arg, -1.0);
}
/* A duration event that began at `t0` (host monotonic seconds). */
void tl_trace_span(TlThread *th, const char *kind, const char *name, double t0);

#endif
