/*
 * trace.c -- trace events for timelines (Perfetto through the CLI's
 * --trace, the browser's timeline view).
 *
 * Events go straight to TlHost.trace, synchronously, from the thread they
 * describe; the host copies what it keeps.  Callers test tl_tracing() (an
 * inline NULL check) before doing any work, so a VM nobody listens to pays
 * one predictable branch per event site.
 *
 * Kinds.  Instants (ts = when, arg as noted):
 *   thread_start (name: the new thread, arg: its id), thread_exit,
 *   lock_acquire, lock_contended, lock_release (name: where the lock was
 *   created), cond_notify (arg: threads woken).
 * Spans, emitted when they end (ts = start, arg = duration in microseconds):
 *   lock_wait, cond_wait (name: creation site), join (name: the thread),
 *   sleep, gc (name: "N objects freed").
 */
#include "thread.h"

static double stamp(TlThread *th)
{
    TlHost *h = &th->vm->host;
    return h->monotonic ? h->monotonic(h->ctx) : tl_now();
}

void tl_trace_emit(TlThread *th, const char *kind, const char *name, intptr_t arg,
                   double ts)
{
    TlHost *h = &th->vm->host;
    if (!h->trace)
        return;
    TlTraceEvent ev = {
        .kind = kind,
        .tid = th->id,
        .ts = ts >= 0 ? ts : stamp(th),
        .name = name ? name : "",
        .arg = arg,
    };
    h->trace(h->ctx, &ev);
}

void tl_trace_span(TlThread *th, const char *kind, const char *name, double t0)
{
    if (!tl_tracing(th))
        return;
    /* t0 comes from tl_now(); rebase it on the host clock. */
    double now = tl_now(), host_now = stamp(th);
    double dur = now - t0;
    tl_trace_emit(th, kind, name, (intptr_t)(dur * 1e6), host_now - dur);
}
