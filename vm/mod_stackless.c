/*
 * mod_stackless.c -- the `stackless` module: Stackless Python 3.x's names
 * over the scheduler (tasklet.c) and channels (channel.c).
 *
 * The functions that may switch tasklets (schedule, schedule_remove, run)
 * are TL_METH_SWITCH natives.  The few pieces that are plain Python in any
 * case -- the atomic() context manager and channel.send_sequence, which
 * sends item by item and so must be able to block between items -- are a
 * short prelude run in the module's namespace when it is imported.
 */
#include <string.h>

#include "lib.h"
#include "tasklet.h"

TlType tl_TaskletExit = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "TaskletExit",
    .base = &tl_BaseException,
    .flags = TL_TF_BASETYPE | TL_TF_EXC,
};

static const char prelude[] =
    "class atomic:\n"
    "    '''with atomic(): no involuntary tasklet switch (nor GIL release).'''\n"
    "    def __enter__(self):\n"
    "        self._prev = getcurrent().set_atomic(True)\n"
    "        return self\n"
    "    def __exit__(self, *exc):\n"
    "        getcurrent().set_atomic(self._prev)\n"
    "\n"
    "def _send_sequence(self, seq):\n"
    "    n = 0\n"
    "    for v in seq:\n"
    "        self.send(v)\n"
    "        n += 1\n"
    "    return n\n";

static TlSched *enter(TlThread *th, bool *direct)
{
    TlSched *s = tl_sched_get(th);
    if (direct)
        *direct = s && tl_sched_take_direct(s);
    return s;
}

static TlVal schedule(TlThread *th, TlVal *args, int nargs, TlVal kw, bool remove)
{
    static const char *const kwlist[] = {"retval", NULL};
    bool direct;
    TlSched *s = enter(th, &direct);
    TlVal a[1];
    if (!s || tl_args(th, remove ? "schedule_remove" : "schedule", args, nargs, kw, kwlist,
                      0, 1, a) < 0)
        return TL_NULL;
    return tl_sched_schedule(th, s, direct, a[0] ? a[0] : TL_NONE, remove);
}

static TlVal m_schedule(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return schedule(th, args, nargs, kw, false);
}

static TlVal m_schedule_remove(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    return schedule(th, args, nargs, kw, true);
}

static int ticks_arg(TlThread *th, TlVal v, long *out)
{
    intptr_t n = 0;
    if (v && tl_index(th, v, &n) < 0)
        return -1;
    *out = n > 0 ? (long)n : 0;
    return 0;
}

static TlVal m_run(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"timeout", "threadblock", "soft", "ignore_nesting",
                                         "totaltimeout", NULL};
    bool direct;
    TlSched *s = enter(th, &direct);
    TlVal a[5];
    long timeout, total;
    if (!s || tl_args(th, "run", args, nargs, kw, kwlist, 0, 5, a) < 0 ||
        ticks_arg(th, a[0], &timeout) < 0 || ticks_arg(th, a[4], &total) < 0)
        return TL_NULL;
    return tl_sched_run(th, s, direct, timeout, total);
}

static TlVal m_getcurrent(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    TlSched *s = tl_args_n(th, "getcurrent", nargs, kw, 0, 0) < 0 ? NULL : enter(th, NULL);
    return s ? tl_val(s->current) : TL_NULL;
}

static TlVal m_getmain(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    TlSched *s = tl_args_n(th, "getmain", nargs, kw, 0, 0) < 0 ? NULL : enter(th, NULL);
    return s ? tl_val(s->main) : TL_NULL;
}

static TlVal m_getruncount(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    TlSched *s = tl_args_n(th, "getruncount", nargs, kw, 0, 0) < 0 ? NULL : enter(th, NULL);
    return s ? tl_mksmall(s->runcount) : TL_NULL;
}

/* Module attributes that depend on the calling thread: current, main,
 * runcount (PEP 562 module __getattr__). */
static TlVal m_getattr(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__getattr__", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    const char *n = tl_is_str(args[0]) ? tl_cstr(args[0]) : "";
    TlSched *s = NULL;
    if (!strcmp(n, "current") || !strcmp(n, "main") || !strcmp(n, "runcount")) {
        s = enter(th, NULL);
        if (!s)
            return TL_NULL;
        if (!strcmp(n, "current"))
            return tl_val(s->current);
        if (!strcmp(n, "main"))
            return tl_val(s->main);
        return tl_mksmall(s->runcount);
    }
    return tl_raise(th, &tl_AttributeError, "module 'stackless' has no attribute '%s'", n);
}

static TlVal m_enable_softswitch(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "enable_softswitch", nargs, kw, 0, 1) < 0)
        return TL_NULL;
    return TL_TRUE;                      /* switching is always soft here */
}

static const TlMethodDef stackless_fns[] = {
    {"getcurrent", m_getcurrent, 0},
    {"getmain", m_getmain, 0},
    {"getruncount", m_getruncount, 0},
    {"enable_softswitch", m_enable_softswitch, 0},
    {"__getattr__", m_getattr, 0},
    {NULL, NULL, 0},
};

static const TlMethodDef switching_fns[] = {
    {"schedule", m_schedule, 0},
    {"schedule_remove", m_schedule_remove, 0},
    {"run", m_run, 0},
    {NULL, NULL, 0},
};

static int add_switching(TlThread *th, TlVal d)
{
    for (const TlMethodDef *m = switching_fns; m->name; m++) {
        TlVal f = tl_native_new(th, m->name, m->fn, TL_NULL);
        if (!f)
            return -1;
        ((TlNative *)tl_obj(f))->flags |= TL_METH_SWITCH;
        if (tl_dict_set_cstr(th, d, m->name, f) < 0)
            return -1;
    }
    return 0;
}

/* Run the prelude in the module; move _send_sequence into channel. */
static int run_prelude(TlThread *th, TlVal d)
{
    TlVal code = tl_compile(th, prelude, sizeof prelude - 1, "<stackless>", TL_MODE_EXEC, NULL);
    if (!code || !tl_exec(th, code, d, TL_NULL))
        return -1;
    TlVal ss = tl_dict_get_cstr(th, d, "_send_sequence");
    if (!ss || tl_dict_set_cstr(th, tl_channel_type.dict, "send_sequence", ss) < 0)
        return -1;
    tl_type_modified(&tl_channel_type);
    TlVal key = tl_str_cstr(th, "_send_sequence");
    return key ? tl_dict_del(th, d, key) : -1;
}

int tl_mod_stackless_init(TlThread *th, TlVal module)
{
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    TlVal modname = tl_intern_cstr(th, "stackless");
    if (!modname)
        return -1;
    if (!tl_tasklet_type.mro) {          /* the types are process-wide */
        tl_tasklet_init(th);
        tl_channel_init(th);
        tl_type_ready(th, &tl_TaskletExit);
        tl_tasklet_type.module = modname;
        tl_channel_type.module = modname;
    }
    if (tl_module_add_methods(th, module, stackless_fns) < 0 || add_switching(th, d) < 0 ||
        tl_dict_set_cstr(th, d, "tasklet", tl_val(&tl_tasklet_type)) < 0 ||
        tl_dict_set_cstr(th, d, "channel", tl_val(&tl_channel_type)) < 0 ||
        tl_dict_set_cstr(th, d, "TaskletExit", tl_val(&tl_TaskletExit)) < 0)
        return -1;
    return run_prelude(th, d);
}
