/*
 * mod_gc.c -- the gc module: CPython's collect/enable/disable/isenabled and
 * MicroPython's mem_alloc/mem_free, over the collector in gc.c.
 */
#include "lib.h"

static TlVal g_collect(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "collect", nargs, kw, 0, 1) < 0)
        return TL_NULL;
    size_t freed = tl_gc_collect(th);
    /* Like CPython's collect(), run the finalizers the collection found:
     * abandoned generators get their finally blocks run before it returns. */
    tl_gen_run_pending(th);
    return th->exc ? TL_NULL : tl_int_from_u64(th, freed);
}

static TlVal switch_gc(TlThread *th, int nargs, TlVal kw, const char *name, bool on)
{
    if (tl_args_n(th, name, nargs, kw, 0, 0) < 0)
        return TL_NULL;
    tl_gc_enable(th->vm, on);
    return TL_NONE;
}

static TlVal g_enable(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return switch_gc(th, n, kw, "enable", true); }
static TlVal g_disable(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return switch_gc(th, n, kw, "disable", false); }

static TlVal g_isenabled(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "isenabled", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_bool(tl_gc_enabled(th->vm));
}

static TlVal g_mem_alloc(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "mem_alloc", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_int_from_u64(th, tl_gc_allocated(th->vm));
}

static TlVal g_mem_free(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "mem_free", nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_int_from_u64(th, tl_gc_free_bytes(th->vm));
}

static const TlMethodDef gc_fns[] = {
    {"collect", g_collect, 0},
    {"enable", g_enable, 0},
    {"disable", g_disable, 0},
    {"isenabled", g_isenabled, 0},
    {"mem_alloc", g_mem_alloc, 0},
    {"mem_free", g_mem_free, 0},
    {NULL, NULL, 0},
};

int tl_mod_gc_init(TlThread *th, TlVal module)
{
    return tl_module_add_methods(th, module, gc_fns);
}
