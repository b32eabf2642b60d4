/*
 * channel.c -- stackless.channel: synchronous hand-off between tasklets,
 * on one OS thread or across threads.
 *
 * A channel is a FIFO of blocked tasklets, all waiting in the same
 * direction; `balance` counts them (> 0 senders, < 0 receivers).  A send
 * meeting a waiting receiver puts the value in the receiver's tempval and
 * makes it runnable; `preference` decides who runs on (-1: the receiver,
 * at once, the sender right after it; 1: the sender; 0: no switch).  With
 * nobody waiting the caller joins the queue and its scheduler runs the
 * next tasklet (tasklet.c).
 *
 * Across threads the partner belongs to another scheduler: it is woken
 * through that scheduler's `incoming` list and never switched to from
 * here.  The queue, balance and the value handed over are changed under
 * the channel's object lock, and a woken tasklet is published under its
 * scheduler's mutex after its tempval is set, so the value in transit can
 * never be lost or seen half-written.
 */
#include "tasklet.h"

typedef struct TlChannel {
    TlObj ob;
    TlTasklet *head;           /* circular queue of blocked tasklets */
    intptr_t balance;
    int preference;
    bool closing;
} TlChannel;

#define TL_CHAN(v) ((TlChannel *)tl_obj(v))

static const char closed_msg[] = "Send/receive operation on a closed channel";

/* ------------------------------------------------------------ the queue */

static void q_append(TlChannel *ch, TlTasklet *t, int dir)
{
    if (!ch->head) {
        t->next = t->prev = t;
        ch->head = t;
    } else {
        t->next = ch->head;
        t->prev = ch->head->prev;
        ch->head->prev->next = t;
        ch->head->prev = t;
    }
    t->where = TL_IN_CHAN;
    t->chan = tl_val(ch);
    t->dir = (int8_t)dir;
    ch->balance += dir;
}

/* Unlink t; the caller says where it goes (t->where). */
static void q_remove(TlChannel *ch, TlTasklet *t)
{
    if (t->next == t) {
        ch->head = NULL;
    } else {
        t->prev->next = t->next;
        t->next->prev = t->prev;
        if (ch->head == t)
            ch->head = t->next;
    }
    t->next = t->prev = NULL;
    t->chan = TL_NULL;
    ch->balance -= t->dir;
}

void tl_channel_unblock(TlThread *th, TlTasklet *t)
{
    TlVal c = t->chan;
    if (!c)
        return;
    TlChannel *ch = TL_CHAN(c);
    tl_lock(th, &ch->ob);
    if (t->where == TL_IN_CHAN && t->chan == c) {
        q_remove(ch, t);
        t->where = TL_IN_NONE;
    }
    tl_unlock(th, &ch->ob);
}

/* ------------------------------------------------------ send and receive */

static TlVal deliver(TlThread *th, TlVal v, bool is_exc)
{
    if (is_exc) {
        th->exc = v;
        return TL_NULL;
    }
    return v;
}

/* The current tasklet meets the first waiting partner: hand the value
 * over (ch is locked; this unlocks it). */
static TlVal meet(TlThread *th, TlSched *s, TlChannel *ch, int dir, TlVal val, bool is_exc,
                  bool direct)
{
    TlTasklet *cur = s->current, *t = ch->head;
    q_remove(ch, t);
    TlVal result = TL_NONE;
    bool rexc = false;
    if (dir > 0) {
        t->tempval = val;
        t->tv_exc = is_exc;
    } else {
        result = t->tempval;
        rexc = t->tv_exc;
        t->tempval = TL_NONE;
        t->tv_exc = false;
    }
    if (tl_tracing(th))
        tl_trace(th, dir > 0 ? "channel_send" : "channel_receive", NULL, ch->balance);
    if (t->sched != s) {
        tl_sched_wake(th, t);            /* published after the value */
        tl_unlock(th, &ch->ob);
        return deliver(th, result, rexc);
    }
    t->where = TL_IN_NONE;
    tl_unlock(th, &ch->ob);
    if (ch->preference == -dir && cur->where == TL_IN_RING &&
        tl_sched_can_switch(th, s, direct)) {
        /* the partner runs now, the current tasklet right after it */
        tl_ring_insert_after(s, cur, t);
        cur->tempval = result;
        cur->tv_exc = rexc;
        tl_sched_switch(th, s, t, true);
        return TL_SWITCHED;
    }
    tl_ring_insert(s, t);
    return deliver(th, result, rexc);
}

/* dir 1: send val (an exception to raise in the receiver when is_exc);
 * dir -1: receive.  `iter`: a closed, empty channel ends an iteration. */
static TlVal action(TlThread *th, TlSched *s, TlChannel *ch, int dir, TlVal val, bool is_exc,
                    bool direct, bool iter)
{
    TlTasklet *cur = s->current;
    tl_lock(th, &ch->ob);
    bool cando = dir > 0 ? ch->balance < 0 : ch->balance > 0;
    if (cando)
        return meet(th, s, ch, dir, val, is_exc, direct);
    if (ch->closing) {
        tl_unlock(th, &ch->ob);
        return iter ? TL_NULL : tl_raise(th, &tl_ValueError, closed_msg);
    }
    if (tl_sched_check_switch(th, s, direct) < 0 || tl_sched_check_deadlock(th, s) < 0) {
        tl_unlock(th, &ch->ob);
        return TL_NULL;
    }
    tl_ring_remove(s, cur);
    cur->tempval = dir > 0 ? val : TL_NONE;
    cur->tv_exc = dir > 0 && is_exc;
    q_append(ch, cur, dir);
    tl_unlock(th, &ch->ob);
    if (tl_tracing(th))
        tl_trace(th, "tasklet_block", dir > 0 ? "send" : "receive", cur->id);
    return tl_sched_leave(th, s);
}

/* Entry for the natives: the scheduler and whether the loop called us. */
static TlSched *enter(TlThread *th, bool *direct)
{
    TlSched *s = tl_sched_get(th);
    *direct = s && tl_sched_take_direct(s);
    return s;
}

static TlVal c_send(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    bool direct;
    TlSched *s = enter(th, &direct);
    if (!s || ((kw || nargs != 2) && tl_args_n(th, "send", nargs - 1, kw, 1, 1) < 0))
        return TL_NULL;
    return action(th, s, TL_CHAN(args[0]), 1, args[1], false, direct, false);
}

static TlVal c_receive(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    bool direct;
    TlSched *s = enter(th, &direct);
    if (!s || ((kw || nargs != 1) && tl_args_n(th, "receive", nargs - 1, kw, 0, 0) < 0))
        return TL_NULL;
    return action(th, s, TL_CHAN(args[0]), -1, TL_NULL, false, direct, false);
}

TlVal tl_channel_next(TlThread *th, TlVal chv)
{
    bool direct;
    TlSched *s = enter(th, &direct);
    return s ? action(th, s, TL_CHAN(chv), -1, TL_NULL, false, direct, true) : TL_NULL;
}

/* An exception instance: type(*args), or an instance as it is. */
static TlVal exc_of(TlThread *th, TlVal type, TlVal *args, int nargs)
{
    if (tl_is_exc(type))
        return type;
    if (!tl_is_type(type) || !tl_subtype(TL_TYPE(type), &tl_BaseException))
        return tl_raise(th, &tl_TypeError, "exceptions must derive from BaseException");
    return tl_exc_new(th, TL_TYPE(type), args, nargs);
}

static TlVal c_send_exception(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    bool direct;
    TlSched *s = enter(th, &direct);
    if (!s || tl_args_n(th, "send_exception", nargs - 1, kw, 1, 255) < 0)
        return TL_NULL;
    TlVal e = exc_of(th, args[1], args + 2, nargs - 2);
    return e ? action(th, s, TL_CHAN(args[0]), 1, e, true, direct, false) : TL_NULL;
}

static TlVal c_send_throw(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"", "exc", "val", "tb", NULL};
    bool direct;
    TlSched *s = enter(th, &direct);
    TlVal a[4];
    if (!s || tl_args(th, "send_throw", args, nargs, kw, kwlist, 2, 4, a) < 0)
        return TL_NULL;
    TlVal val = a[2] && a[2] != TL_NONE ? a[2] : TL_NULL;
    TlVal e = exc_of(th, a[1], val ? &val : NULL, val ? 1 : 0);
    if (!e || (a[3] && a[3] != TL_NONE && tl_setattr(th, e, TLN(__traceback__), a[3]) < 0))
        return TL_NULL;
    return action(th, s, TL_CHAN(args[0]), 1, e, true, direct, false);
}

/* close(): no tasklet may block on the channel any more.  Waiting senders
 * still hand their values over; waiting receivers get StopIteration, which
 * ends a `for v in channel` loop. */
static TlVal c_close(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "close", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlChannel *ch = TL_CHAN(args[0]);
    tl_lock(th, &ch->ob);
    ch->closing = true;
    while (ch->balance < 0) {
        TlVal e = tl_exc_new(th, &tl_StopIteration, NULL, 0);
        if (!e)
            break;
        TlTasklet *t = ch->head;
        q_remove(ch, t);
        t->tempval = e;
        t->tv_exc = true;
        tl_sched_wake(th, t);
    }
    tl_unlock(th, &ch->ob);
    return th->exc ? TL_NULL : TL_NONE;
}

static TlVal c_open(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "open", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TL_CHAN(args[0])->closing = false;
    return TL_NONE;
}

static const TlMethodDef channel_methods[] = {
    {"send", c_send, TL_METH_SWITCH},
    {"receive", c_receive, TL_METH_SWITCH},
    {"send_exception", c_send_exception, TL_METH_SWITCH},
    {"send_throw", c_send_throw, TL_METH_SWITCH},
    {"close", c_close, 0},
    {"open", c_open, 0},
    {NULL, NULL, 0},
};

static TlVal g_balance(TlThread *th, TlVal self)
{
    (void)th;
    return tl_mksmall(TL_CHAN(self)->balance);
}

static TlVal g_preference(TlThread *th, TlVal self)
{
    (void)th;
    return tl_mksmall(TL_CHAN(self)->preference);
}

static int s_preference(TlThread *th, TlVal self, TlVal v)
{
    intptr_t p;
    if (!v) {
        tl_raise(th, &tl_AttributeError, "cannot delete preference");
        return -1;
    }
    if (tl_index(th, v, &p) < 0)
        return -1;
    TL_CHAN(self)->preference = p < 0 ? -1 : p > 0 ? 1 : 0;
    return 0;
}

static TlVal g_closing(TlThread *th, TlVal self)
{
    (void)th;
    return tl_bool(TL_CHAN(self)->closing);
}

static TlVal g_closed(TlThread *th, TlVal self)
{
    (void)th;
    TlChannel *ch = TL_CHAN(self);
    return tl_bool(ch->closing && ch->balance == 0);
}

static TlVal g_queue(TlThread *th, TlVal self)
{
    (void)th;
    TlTasklet *t = TL_CHAN(self)->head;
    return t ? tl_val(t) : TL_NONE;
}

static const TlGetSetDef channel_getsets[] = {
    {"balance", g_balance, NULL},
    {"preference", g_preference, s_preference},
    {"closing", g_closing, NULL},
    {"closed", g_closed, NULL},
    {"queue", g_queue, NULL},
    {NULL, NULL, NULL},
};

static TlVal channel_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (t == &tl_channel_type && tl_args_n(th, "channel", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    TlChannel *ch = tl_alloc(th, t, t->size);
    if (!ch)
        return TL_NULL;
    ch->preference = -1;
    return tl_val(ch);
}

static int channel_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    (void)th, (void)self, (void)args, (void)nargs, (void)kw;
    return 0;
}

static void channel_mark(TlGC *gc, TlObj *o)
{
    TlChannel *ch = (TlChannel *)o;
    if (ch->head)
        tl_mark_obj(gc, &ch->head->ob);   /* tasklets mark their links */
}

TlType tl_channel_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "channel",
    .size = sizeof(TlChannel),
    .flags = TL_TF_BASETYPE,
    .mark = channel_mark,
    .tp_new = channel_new,
    .tp_init = channel_init,
    .iter = tl_iter_self,
    .iternext = tl_channel_next,
    .methods = channel_methods,
    .getsets = channel_getsets,
};

void tl_channel_init(TlThread *th)
{
    tl_type_ready(th, &tl_channel_type);
}
