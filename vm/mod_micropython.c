/*
 * mod_micropython.c -- the micropython module: schedule() (run a function
 * soon, at a safepoint, from an IRQ handler or any thread) and the few
 * helpers board programs written for MicroPython import from it.
 *
 * The queue and the safepoint hook that drains it are the board's
 * (board.c), shared with pin and switch IRQs, so a scheduled function and
 * an IRQ handler never run at the same time, as in MicroPython.
 */
#include "board.h"
#include "lib.h"

/* schedule(function, arg): function(arg) runs at the next safepoint. */
static TlVal m_schedule(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "schedule", nargs, kw, 2, 2) < 0)
        return TL_NULL;
    if (!tl_callable(args[0]))
        return tl_raise(th, &tl_TypeError, "'%s' object is not callable", tl_type_name(args[0]));
    if (tl_board_schedule(th, args[0], args[1]) < 0)
        return TL_NULL;
    return TL_NONE;
}

/* const(x) is x (MicroPython folds it at compile time). */
static TlVal m_const(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "const", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return args[0];
}

/* Emergency buffers for exceptions raised in hard IRQs: nothing to do
 * here, handlers always run as ordinary Python code. */
static TlVal m_alloc_emergency_exception_buf(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    if (tl_args_n(th, "alloc_emergency_exception_buf", nargs, kw, 1, 1) < 0)
        return TL_NULL;
    return TL_NONE;
}

static const TlMethodDef micropython_fns[] = {
    {"schedule", m_schedule, 0},
    {"const", m_const, 0},
    {"alloc_emergency_exception_buf", m_alloc_emergency_exception_buf, 0},
    {NULL, NULL, 0},
};

int tl_mod_micropython_init(TlThread *th, TlVal module)
{
    return tl_module_add_methods(th, module, micropython_fns);
}
