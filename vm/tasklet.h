/*
 * tasklet.h -- what the stackless files (tasklet.c: the scheduler and the
 * tasklet type, channel.c, mod_stackless.c) share.
 *
 * Every OS thread that uses tasklets gets a scheduler (TlThread.sched), a
 * GC object that holds the thread's main tasklet, the current one and the
 * run queue: a circular list whose head `ring` is the tasklet running now
 * or next, so schedule() is "ring = ring->next" (Stackless's model).  A
 * tasklet is in at most one list at a time -- the run queue, one channel's
 * queue, or its scheduler's `incoming` list (woken from another thread) --
 * through the same next/prev links, and `where` says which.
 *
 * The scheduler is reached by the collector through an anchor frame at the
 * bottom of every frame chain of its thread (tasklet.c), so marking
 * th->frame marks the scheduler, and through it every runnable tasklet and
 * the frames of every suspended one.
 */
#ifndef TL_TASKLET_H
#define TL_TASKLET_H

#include "frame.h"
#include "thread.h"

typedef struct TlTasklet TlTasklet;
typedef struct TlSched TlSched;

enum { TL_TK_NEW, TL_TK_ALIVE, TL_TK_DEAD };          /* TlTasklet.state */
enum { TL_IN_NONE, TL_IN_RING, TL_IN_CHAN, TL_IN_INCOMING };  /* .where */

struct TlTasklet {
    TlObj ob;
    TlSched *sched;            /* the thread it belongs to */
    TlVal func, args, kwargs;  /* what it runs (args: tuple, kwargs: dict/NULL) */
    TlVal tempval;             /* value in transit / result on resume */
    TlVal pending;             /* exception to raise when it resumes */
    TlVal exc_stack;           /* th->exc_stack while suspended */
    _Atomic TlVal chan;        /* channel it is blocked on, or TL_NULL */
    TlTasklet *next, *prev;    /* links of the list `where` names */
    TlFrame *frame;            /* top frame while suspended (NULL: current/none) */
    int depth;                 /* th->depth while suspended */
    int base_nest;             /* th->nest of the dispatch loop it runs in */
    intptr_t id;               /* for traces */
    uint8_t state;             /* TL_TK_* */
    /* TL_IN_*.  Atomic: another thread moves a blocked tasklet straight
     * from TL_IN_CHAN to TL_IN_INCOMING while its owner may look. */
    _Atomic uint8_t where;
    int8_t dir;                /* blocked: 1 sending, -1 receiving */
    bool is_main;
    bool atomic;
    bool push;                 /* suspended in a call: push tempval on resume */
    bool tv_exc;               /* tempval is an exception to raise (channels) */
    bool boot;                 /* bottom frame is the trampoline (tracebacks) */
    bool started;              /* has run: its frames hold a position */
};

struct TlSched {
    TlObj ob;
    TlThread *th;              /* owner thread */
    uint64_t tid;
    TlTasklet *main, *current;
    TlTasklet *ring;           /* run queue head (circular), NULL: empty */
    intptr_t runcount;
    intptr_t next_id;
    TlVal boot;                /* _tasklet_boot(f, a, k): return f(*a, **k) */
    TlFrame *anchor;           /* bottom of the thread's frame chains */
    bool direct;               /* a TL_METH_SWITCH native called by the loop */
    /* stackless.run(): main waits in it; the watchdog counts ticks */
    bool in_run;
    bool watching;
    long slice, ticks;         /* ticks per tasklet (0: off), left */
    long total;                /* ticks left over the whole run (0: off) */
    bool total_on;
    /* cross-thread wake-ups, under mu */
    pthread_mutex_t mu;
    TlTasklet *in_head, *in_tail;
    _Atomic bool has_in;
    TlWaiter *waiter;          /* the thread parked for incoming tasklets */
};

extern TlType tl_tasklet_type, tl_channel_type, tl_TaskletExit;

#define TL_TASKLET(v) ((TlTasklet *)tl_obj(v))

/* tasklet.c */
/* The calling thread's scheduler, created on first use (NULL: MemoryError). */
TlSched *tl_sched_get(TlThread *th);
/* The flag tl_tasklet_call sets for a TL_METH_SWITCH native; each such
 * native takes it first thing, so calls it makes itself never see it. */
bool tl_sched_take_direct(TlSched *s);
/* -1 with RuntimeError unless the current tasklet may be suspended now. */
int tl_sched_check_switch(TlThread *th, TlSched *s, bool direct);
bool tl_sched_can_switch(TlThread *th, TlSched *s, bool direct);
/* Make t runnable at the end of its scheduler's run queue (any thread). */
void tl_sched_wake(TlThread *th, TlTasklet *t);
/* Run queue operations on the calling thread's scheduler. */
void tl_ring_insert(TlSched *s, TlTasklet *t);
void tl_ring_insert_after(TlSched *s, TlTasklet *pos, TlTasklet *t);
void tl_ring_remove(TlSched *s, TlTasklet *t);
/* Suspend the current tasklet (push: it resumes with tempval pushed) and
 * run `next`, which is in the run queue. */
void tl_sched_switch(TlThread *th, TlSched *s, TlTasklet *next, bool push);
/* The current tasklet has left the run queue (blocked or paused): run the
 * next runnable tasklet.  TL_SWITCHED, or the current tasklet's own result
 * when it was woken while the thread waited, or TL_NULL. */
TlVal tl_sched_leave(TlThread *th, TlSched *s);
/* What a tasklet woken in place receives: tempval, or its exception. */
TlVal tl_sched_result(TlThread *th, TlTasklet *t);
/* Raise RuntimeError "Deadlock: ..." when the current tasklet is the last
 * runnable one and nothing else could wake it; -1 then. */
int tl_sched_check_deadlock(TlThread *th, TlSched *s);
/* schedule(retval) / schedule_remove(retval). */
TlVal tl_sched_schedule(TlThread *th, TlSched *s, bool direct, TlVal retval, bool remove);
/* stackless.run() from the main tasklet: ticks per tasklet / in all (0:
 * off).  TL_SWITCHED, None when nothing else is runnable, or TL_NULL. */
TlVal tl_sched_run(TlThread *th, TlSched *s, bool direct, long timeout, long total);
void tl_tasklet_init(TlThread *th);

/* channel.c */
/* Take t out of the channel it is blocked on (kill, throw, interrupt). */
void tl_channel_unblock(TlThread *th, TlTasklet *t);
void tl_channel_init(TlThread *th);

#endif
