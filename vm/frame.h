/*
 * frame.h -- interpreter frames and generator objects, shared by the
 * interpreter files (eval.c, func.c, gen.c, traceback.c).
 *
 * A TlFrame is not a GC object.  Ordinary frames come from per-thread free
 * lists (eval.c) and are reused as soon as they return; a generator's frame
 * lives inside the generator object's own allocation.  The collector reaches
 * frames only through tl_frame_mark_chain(th->frame) and through generator
 * objects, so everything a frame references must be in the fields below or
 * in the live part of its value stack (sp is saved before anything that can
 * reach a safepoint).
 *
 * One array holds, in order: the fast locals (code->nlocals), the cells
 * (code->ncells), the free variables (code->nfree) and the value stack
 * (code->stacksize).
 *
 * Implicit calls into Python made by opcodes (__init__, operator dunders,
 * __next__, __enter__/__exit__, property getters, generator resumes ...)
 * push a frame whose `cont` says what the CALLER does with the value when
 * that frame returns (or yields, for generator frames).  The operands the
 * continuation needs stay on the caller's value stack meanwhile.
 */
#ifndef TL_FRAME_H
#define TL_FRAME_H

#include "code.h"

enum {
    TL_CONT_PUSH,        /* push the result */
    TL_CONT_DISCARD,     /* drop it (__setitem__, __set__ ...) */
    TL_CONT_INIT,        /* __init__ result must be None; instance stays pushed */
    TL_CONT_TRUTH,       /* __bool__/__len__ result drives the test at caller->instr */
    TL_CONT_BINOP,       /* operator dunder: NotImplemented tries the next candidate */
    TL_CONT_CMP,         /* rich comparison dunder, same */
    TL_CONT_CONTAINS,    /* __contains__: push bool (aux: negated) */
    TL_CONT_ITER,        /* __iter__: result must be an iterator */
    TL_CONT_NEXT,        /* Python __next__ in FOR_ITER: StopIteration ends the loop */
    TL_CONT_FORGEN,      /* generator resumed by FOR_ITER: return ends the loop */
    TL_CONT_SEND,        /* generator resumed by SEND (yield from) */
    TL_CONT_GENCALL,     /* gen.__next__()/send() called from Python code */
    TL_CONT_GETATTR,     /* attribute getter: AttributeError tries __getattr__ */
};

struct TlFrame {
    TlFrame *back;           /* caller (NULL for a suspended generator) */
    TlCode *code;
    TlVal func;              /* the function, or TL_NULL for exec'd code */
    TlVal globals, builtins;
    TlVal locals;            /* mapping for module/class code, else TL_NULL */
    TlVal gen;               /* owning generator or TL_NULL */
    uint32_t *ip;            /* next instruction (saved at calls) */
    uint32_t *instr;         /* instruction being executed */
    TlVal *sp;               /* one past the top of the value stack */
    TlVal *stack;            /* value stack base */
    uint32_t aux;            /* continuation argument */
    uint8_t cont;            /* TL_CONT_*: what the caller does on return */
    uint8_t stop;            /* entry frame of a nested dispatch loop */
    uint8_t bucket;          /* free-list size class; 0xff: owned by a generator */
    uint8_t pad_;
    TlVal localsplus[];      /* locals, cells, free vars, value stack */
};

#define TL_FRAME_GEN_OWNED 0xff

/* Generator object: the frame lives in the same allocation. */
enum { TL_GEN_CREATED, TL_GEN_SUSPENDED, TL_GEN_RUNNING, TL_GEN_DONE };

typedef struct TlGen {
    TlObj ob;
    TlFrame *frame;          /* points inside this object */
    TlVal name, qualname;
    TlVal exc_state;         /* its own handled exception while suspended */
    TlVal prev_exc;          /* the resumer's handled exception while running */
    uint8_t state;           /* TL_GEN_* */
    uint8_t own_exc;         /* th->exc_stack currently belongs to the generator */
} TlGen;

#define TL_GEN(v) ((TlGen *)tl_obj(v))

static inline size_t tl_frame_slots(const TlCode *co)
{
    return (size_t)co->nlocals + (size_t)co->ncells + (size_t)co->nfree +
           (size_t)co->stacksize;
}

static inline size_t tl_frame_bytes(const TlCode *co)
{
    return sizeof(TlFrame) + tl_frame_slots(co) * sizeof(TlVal);
}

/* eval.c */
/* A frame from the thread's free list, all slots empty. */
TlFrame *tl_frame_new(TlThread *th, TlCode *co, TlVal func, TlVal globals,
                      TlVal builtins, TlVal locals);
/* Set up a frame in caller-provided memory (generators). */
void tl_frame_init(TlFrame *f, TlCode *co, TlVal func, TlVal globals,
                   TlVal builtins, TlVal locals);
void tl_frame_free(TlThread *th, TlFrame *f);
/* Bind call arguments into f's fast locals with CPython's rules and
 * messages, then create the cells and copy the closure.  fn may be TL_NULL
 * (no defaults, no closure). */
int tl_frame_bind(TlThread *th, TlFrame *f, TlVal fn, TlVal *args, int nargs,
                  TlVal kw);
/* Run f in a nested dispatch loop until it returns (or, for a generator
 * frame, yields).  f is released afterwards unless a generator owns it. */
TlVal tl_eval(TlThread *th, TlFrame *f);
/* Same, but f (a suspended generator frame) starts by raising th->exc at
 * its current instruction (generator.throw). */
TlVal tl_eval_throw(TlThread *th, TlFrame *f);
/* Ready the interpreter's types (state.c calls it at start-up). */
void tl_eval_init(TlThread *th);
void tl_frame_mark(TlGC *gc, TlFrame *f);
/* Source line of instruction index i of co (0 if unknown). */
int tl_code_line(const TlCode *co, uint32_t i);
/* Release the per-thread interpreter state (frame free lists). */
void tl_eval_thread_free(TlThread *th);
/* The handled exception stack: what sys.exc_info() reports (TL_NULL: none). */
TlVal tl_exc_info(TlThread *th);
/* Call fn(args...) with self_or_null first when not TL_NULL, no tuple. */
TlVal tl_call_self(TlThread *th, TlVal fn, TlVal self, TlVal *args, int nargs,
                   TlVal kw);
/* -1 with RecursionError when no further nested dispatch loop may start. */
int tl_eval_room(TlThread *th);

/* func.c */
TlVal tl_func_new(TlThread *th, TlVal code, TlVal globals, TlVal builtins);
TlVal tl_cell_new(TlThread *th, TlVal value);
/* builtins.__build_class__(func, name, *bases, metaclass=..., **kw) */
TlVal tl_build_class(TlThread *th, TlVal *args, int nargs, TlVal kw);

/* gen.c */
/* Make the generator for a call of generator function fn. */
TlVal tl_gen_new(TlThread *th, TlVal fn, TlVal *args, int nargs, TlVal kw);
/* Prepare g to run on top of th->frame: state and exception bookkeeping.
 * `value` is pushed as the result of the suspended yield (not at start).
 * Returns -1 with an exception when g cannot be resumed. */
int tl_gen_enter(TlThread *th, TlGen *g, TlVal value);
/* Bookkeeping after g's frame yielded (done=false) or finished. */
void tl_gen_leave(TlThread *th, TlGen *g, bool done);
/* Resume g from native code: returns the yielded value, or TL_NULL; when the
 * generator returned, *done is set and the return value is the result. */
TlVal tl_gen_send(TlThread *th, TlVal g, TlVal value, bool *done);
TlVal tl_gen_m_next(TlThread *th, TlVal *args, int nargs, TlVal kw);
TlVal tl_gen_m_send(TlThread *th, TlVal *args, int nargs, TlVal kw);

/* tasklet.c: soft tasklet switching (the stackless module).  A tasklet is
 * a frame chain whose bottom frame has stop == TL_STOP_TASKLET; switching
 * swaps th->frame between chains inside one dispatch loop, never the C
 * stack.  Natives flagged TL_METH_SWITCH (channel.send, schedule ...) are
 * called by the loop through tl_tasklet_call; when they return TL_SWITCHED
 * the loop continues with th->frame -- the resumed tasklet's chain, its
 * delivered value already pushed, or th->exc set when it must raise. */
enum { TL_STOP_LOOP = 1, TL_STOP_TASKLET = 2 };   /* TlFrame.stop */
#define TL_METH_SWITCH 8                /* TlMethodDef/TlNative flag */
extern TlObj tl_switched_obj;
#define TL_SWITCHED tl_val(&tl_switched_obj)
TlVal tl_tasklet_call(TlThread *th, TlVal fn, TlVal *args, int nargs, TlVal kw);
/* FOR_ITER over a channel: receive, possibly switching. */
TlVal tl_channel_next(TlThread *th, TlVal ch);
TlVal tl_tasklet_next(TlThread *th, TlVal ch);
/* The current tasklet's bottom frame `base` returned `result` (TL_NULL:
 * raised th->exc); base was unlinked (th->frame == base->back).  Frees
 * base and switches to the next tasklet. */
void tl_tasklet_end(TlThread *th, TlFrame *base, TlVal result);
/* At a safepoint: true when the watchdog of stackless.run(timeout)
 * preempted the current tasklet (and switched). */
bool tl_tasklet_preempt(TlThread *th);

/* traceback.c */
/* Prepend a traceback entry for f's current instruction to exc. */
int tl_tb_add(TlThread *th, TlVal exc, TlFrame *f);
/* Frame-lite object (tb_frame, gi_frame): f_code, f_lineno, f_globals. */
TlVal tl_frameinfo_new(TlThread *th, TlFrame *f);
extern TlType tl_traceback_type, tl_frameinfo_type;

#endif
