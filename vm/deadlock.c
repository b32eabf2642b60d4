/*
 * deadlock.c -- the wait-for graph: deadlocks are reported, not hung.
 *
 * Every untimed wait registers what the thread waits for: a lock (edge to
 * its holder), a thread to join (edge to that thread) or a condition (no
 * edge: anybody may notify it).  Two situations can never resolve and end
 * the program with a report on stderr and status 1:
 *  - a cycle: following "waits for the holder of" from the thread that just
 *    blocked leads back to it (checked when it blocks, while other threads
 *    may still be running; only a blocked thread can close a cycle).  Any
 *    thread may release a plain Lock, so a cycle through one is certain
 *    only once no other thread is running; RLocks and joins have owners;
 *  - the global case: every live thread is in an untimed wait that nobody
 *    has woken (checked when a thread blocks and when one finishes).
 * Threads in a timed wait, a sleep, input() or waiting for the GIL are
 * running as far as the graph is concerned.  Waking a waiter (tl_wake)
 * takes it out of the blocked count at once, so a wake-up in flight is
 * never mistaken for a deadlock.  A thread waiting on a plain Lock it holds
 * itself is not a cycle (the "signal with a Lock" idiom); if nobody can
 * release it, the global case catches it.  When every thread is blocked the
 * report shows a cycle if there is one, else every thread.  Everything here
 * runs under TlThreads.mu.
 */
#include "thread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool blocked(const TlOsThread *t) { return t->wait_kind != TL_WAIT_NONE; }

/* The thread t waits for, if any (a lock's holder, the joined thread). */
static TlOsThread *waits_for(TlThreads *ts, const TlOsThread *t)
{
    if (t->wait_kind == TL_WAIT_LOCK) {
        const TlLockCore *l = t->wait_obj;
        uint64_t id = atomic_load(&l->owner);
        return id ? tl_thread_find(ts, id) : NULL;
    }
    if (t->wait_kind == TL_WAIT_JOIN) {
        TlOsThread *j = (TlOsThread *)t->wait_obj;
        return j->done ? NULL : j;
    }
    return NULL;
}

static void holder_name(TlThreads *ts, const TlLockCore *l, TlBuilder *b)
{
    uint64_t id = atomic_load(&l->owner);
    TlOsThread *h = id ? tl_thread_find(ts, id) : NULL;
    tl_sb_adds(b, h ? h->name : id ? "a thread that has finished" : "nobody");
}

static void describe(TlThreads *ts, const TlOsThread *t, TlBuilder *b)
{
    tl_sb_adds(b, "  ");
    tl_sb_adds(b, t->name);
    tl_sb_adds(b, " waits at ");
    tl_sb_adds(b, t->wait_at);
    if (t->wait_kind == TL_WAIT_JOIN) {
        tl_sb_adds(b, " to join ");
        tl_sb_adds(b, ((const TlOsThread *)t->wait_obj)->name);
    } else {
        tl_sb_adds(b, t->wait_kind == TL_WAIT_LOCK ? " for " : " on ");
        tl_sb_adds(b, t->wait_what);
        if (t->wait_site) {
            tl_sb_adds(b, " (created at ");
            tl_sb_adds(b, tl_cstr(t->wait_site));
            tl_sb_adds(b, ")");
        }
        if (t->wait_kind == TL_WAIT_LOCK) {
            tl_sb_adds(b, ", held by ");
            holder_name(ts, t->wait_obj, b);
        }
    }
    tl_sb_adds(b, "\n");
}

/* Print the report for threads[0..n-1] and end the program. */
static _Noreturn void report(TlThread *th, const char *headline, TlOsThread **threads, int n)
{
    TlThreads *ts = tl_threads(th->vm);
    TlBuilder b;
    tl_sb_init(&b);
    tl_sb_adds(&b, "Deadlock detected: ");
    tl_sb_adds(&b, headline);
    tl_sb_adds(&b, "\n");
    for (int i = 0; i < n; i++)
        describe(ts, threads[i], &b);
    tl_flush(th);
    if (!b.oom)
        tl_write(th, 2, b.p, b.len);
    tl_flush(th);
    tl_sb_free(&b);
    _exit(1);
}

/* Start a cycle at its oldest thread, so a report does not depend on
 * which thread happened to close it. */
static void rotate(TlOsThread **path, int n)
{
    int first = 0;
    for (int i = 1; i < n; i++)
        if (path[i]->id < path[first]->id)
            first = i;
    TlOsThread *copy[64];
    for (int i = 0; i < n; i++)
        copy[i] = path[(first + i) % n];
    memcpy(path, copy, (size_t)n * sizeof *path);
}

/* Is a plain Lock what t waits for?  Any thread may release one. */
static bool plain_lock_edge(const TlOsThread *t)
{
    return t->wait_kind == TL_WAIT_LOCK && !((const TlLockCore *)t->wait_obj)->recursive;
}

/* The cycle through `from`, if its waits close one: fills path, returns
 * its length (0: none).  *weak is set when an edge is a plain Lock. */
static int find_cycle(TlThreads *ts, TlOsThread *from, TlOsThread **path, bool *weak)
{
    int n = 0;
    *weak = false;
    for (TlOsThread *cur = from; n < ts->nlive && n < 64; ) {
        path[n++] = cur;
        TlOsThread *next = waits_for(ts, cur);
        if (!next || !blocked(next) || next == cur)
            return 0;
        *weak |= plain_lock_edge(cur);
        if (next == from)
            return n;
        cur = next;
    }
    return 0;
}

static _Noreturn void report_cycle(TlThread *th, TlOsThread **path, int n)
{
    rotate(path, n);
    char head[64];
    snprintf(head, sizeof head, "%d threads wait for each other in a cycle:", n);
    report(th, head, path, n);
}

/* A cycle of RLocks and joins is certain at once.  One through a plain
 * Lock only when no thread is left running that could release it (a Lock
 * used as a signal between threads is not held by its "owner"). */
static void check_cycle(TlThread *th)
{
    TlThreads *ts = tl_threads(th->vm);
    TlOsThread *path[64];
    bool weak;
    int n = find_cycle(ts, tl_os(th), path, &weak);
    if (n && (!weak || ts->nblocked == ts->nlive))
        report_cycle(th, path, n);
}

void tl_dl_check_global(TlThread *th)
{
    TlThreads *ts = tl_threads(th->vm);
    if (ts->nlive == 0 || ts->nblocked < ts->nlive)
        return;
    TlOsThread *all[64];
    bool weak;
    for (TlOsThread *t = ts->live; t; t = t->next) {
        int n = find_cycle(ts, t, all, &weak);
        if (n)
            report_cycle(th, all, n);
    }
    int n = 0;
    for (TlOsThread *t = ts->live; t && n < 64; t = t->next)
        if (blocked(t))
            all[n++] = t;
    char head[96];
    if (n == 1)
        snprintf(head, sizeof head, "the only thread is blocked forever:");
    else
        snprintf(head, sizeof head, "all %d threads are blocked and none can wake the others:", n);
    report(th, head, all, n);
}

void tl_dl_begin(TlThread *th, int kind, const void *obj, TlWaiter *w,
                 const char *what, TlVal site)
{
    TlThreads *ts = tl_threads(th->vm);
    TlOsThread *t = tl_os(th);
    t->wait_kind = kind;
    t->wait_obj = obj;
    t->wait_rec = w;
    t->wait_what = what;
    t->wait_site = site;
    tl_user_site(th, t->wait_at, sizeof t->wait_at);
    ts->nblocked++;
    check_cycle(th);
    tl_dl_check_global(th);
}

static void unblock(TlThreads *ts, TlOsThread *t)
{
    if (blocked(t)) {
        t->wait_kind = TL_WAIT_NONE;
        ts->nblocked--;
    }
}

void tl_dl_end(TlThread *th)
{
    unblock(tl_threads(th->vm), tl_os(th));
}

void tl_dl_woken(TlThreads *ts, TlWaiter *w)
{
    if (w->t->wait_rec == w)
        unblock(ts, w->t);
}

void tl_dl_morphed(TlThreads *ts, TlWaiter *w, TlLockCore *l)
{
    (void)ts;
    TlOsThread *t = w->t;
    if (t->wait_rec != w || !blocked(t))
        return;
    t->wait_kind = TL_WAIT_LOCK;
    t->wait_obj = l;
    t->wait_what = l->recursive ? "RLock" : "Lock";
    t->wait_site = l->site;
}
