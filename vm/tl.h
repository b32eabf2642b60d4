/*
 * tl.h -- the core contract of the threadlab VM.
 *
 * Everything every part of the VM needs to agree on lives here: how a Python
 * value is represented (a tagged machine word), the object header, the type
 * object and its C slots, the interpreter-wide state (TlVM) and the
 * per-thread state (TlThread), and the small set of generic operations
 * (repr, hash, compare, getattr, call ...) through which the subsystems talk
 * to each other.  Subsystem files keep their internals private and expose
 * only what is declared here.
 *
 * Ground rules the declarations encode:
 *  - Errors: a function returning TlVal signals failure by returning TL_NULL
 *    with th->exc set; functions returning int use -1.  TL_NULL with no
 *    exception set means "absent" only where a comment says so (iterators,
 *    dict lookups).
 *  - GC: tracing, precise, and it only runs at safepoints.  Allocation never
 *    collects, so native code may hold raw TlVals in C locals freely, until it
 *    calls something that can run Python code (tl_call and everything that
 *    may dispatch to a Python __dunder__).  Across such calls every value the
 *    native still needs must be reachable: from its arguments (which stay on
 *    the caller's value stack until it returns) or pushed with tl_root().
 *  - Object locks: never call back into Python while holding one.
 */
#ifndef TL_H
#define TL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TL_VERSION "0.1.0"

/* ---------------------------------------------------------------- values */

/* A Python value: either a small int (low bit 1, value in the other bits)
 * or a pointer to a heap or static object (low bit 0).  0 is TL_NULL. */
typedef uintptr_t TlVal;

#define TL_NULL ((TlVal)0)
#define TL_SMALL_MAX (INTPTR_MAX >> 1)
#define TL_SMALL_MIN (INTPTR_MIN >> 1)
#define tl_is_small(v) (((v) & 1) != 0)
#define tl_small(v) ((intptr_t)(v) >> 1)
#define tl_mksmall(i) ((TlVal)(((uintptr_t)(intptr_t)(i) << 1) | 1))
#define tl_fits_small(i) ((i) >= TL_SMALL_MIN && (i) <= TL_SMALL_MAX)
#define tl_obj(v) ((TlObj *)(v))
#define tl_val(o) ((TlVal)(o))

/* Hashes and lengths are 64-bit on every target, as Py_hash_t and
 * Py_ssize_t are in 64-bit CPython: hash() values, the iteration order of
 * sets and len() of a huge range must not depend on the pointer size, so
 * a 32-bit build (wasm32) prints what CPython prints.  -1 means an error. */
typedef int64_t TlHash;
/* Cached hashes (str, bytes, tuple) go from -1 to their value once, set by
 * whichever thread gets there first (racing threads compute the same
 * value).  Relaxed atomics keep a reader on a 32-bit target from seeing
 * half of the store; on 64-bit hardware they are plain moves. */
static inline TlHash tl_hash_cached(TlHash *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline void tl_hash_cache(TlHash *p, TlHash h) { __atomic_store_n(p, h, __ATOMIC_RELAXED); }

typedef struct TlObj TlObj;
typedef struct TlType TlType;
typedef struct TlVM TlVM;
typedef struct TlThread TlThread;
typedef struct TlGC TlGC;
typedef struct TlHeap TlHeap;
typedef struct TlFrame TlFrame;

/* Object header: 16 bytes, 8-aligned, on every target.  `gc` holds
 * collector bits, `lock` is the per-object lock word used in free-threaded
 * mode.  A GC buffer's contents start right after a header, so on a 32-bit
 * target too they are 8-aligned, as 64-bit atomics need (set entries). */
struct TlObj {
    _Alignas(8) TlType *type;
    _Atomic uint32_t gc;
    _Atomic uint32_t lock;
};

enum {
    TL_GC_MARK = 1u << 0,    /* reached in the current collection */
    TL_GC_STATIC = 1u << 1,  /* not in the heap (static singletons/types) */
    TL_GC_BUF = 1u << 2,     /* raw buffer: contents are not traced */
    TL_GC_FINAL = 1u << 3,   /* type->finalize must run when swept */
    TL_GC_LARGE = 1u << 4,   /* has its own block, not in a page */
};

#define TL_STATIC_HDR(tp) {(tp), TL_GC_STATIC, 0}

/* ----------------------------------------------------- calling convention */

/* Vectorcall-style native signature: `nargs` POSITIONAL args in
 * args[0..nargs-1], then the values of the keyword arguments whose names
 * are in the tuple `kw` (TL_NULL if none) in args[nargs..nargs+len(kw)-1].
 * nargs never counts the keyword values.  For methods args[0] is self.
 * The same convention holds for tl_call, type slots `call`/`tp_new`/
 * `tp_init` and every other (args, nargs, kw) triple in the VM. */
typedef TlVal (*TlNativeFn)(TlThread *th, TlVal *args, int nargs, TlVal kw);

typedef void (*TlMarkFn)(TlGC *gc, TlObj *o);

/* Binary and comparison operators shared by compiler, VM and types. */
typedef enum {
    TL_OP_ADD, TL_OP_SUB, TL_OP_MUL, TL_OP_MATMUL, TL_OP_TRUEDIV,
    TL_OP_FLOORDIV, TL_OP_MOD, TL_OP_POW, TL_OP_LSHIFT, TL_OP_RSHIFT,
    TL_OP_AND, TL_OP_OR, TL_OP_XOR, TL_OP_COUNT
} TlBinOp;

typedef enum { TL_LT, TL_LE, TL_EQ, TL_NE, TL_GT, TL_GE } TlCmpOp;

typedef enum { TL_UOP_NEG, TL_UOP_POS, TL_UOP_INVERT } TlUnOp;

/* ----------------------------------------------------------------- types */

enum {
    TL_TF_HEAP = 1u << 0,      /* created by a class statement */
    TL_TF_BASETYPE = 1u << 1,  /* may be subclassed */
    TL_TF_ABSTRACT = 1u << 2,  /* cannot be instantiated directly */
    TL_TF_VARDICT = 1u << 3,   /* __dict__ follows the variable part (tl_alloc_var) */
    /* fast subclass tests: set on the builtin and inherited by subclasses */
    TL_TF_INT = 1u << 8,
    TL_TF_STR = 1u << 9,
    TL_TF_TUPLE = 1u << 10,
    TL_TF_LIST = 1u << 11,
    TL_TF_DICT = 1u << 12,
    TL_TF_EXC = 1u << 13,
    TL_TF_TYPE = 1u << 14,
    TL_TF_FLOAT = 1u << 15,
    TL_TF_BYTES = 1u << 16,
    TL_TF_SET = 1u << 17,
};

/* C slots.  Builtin types fill the ones they support; tl_type_ready()
 * publishes each filled slot in the type dict as the matching dunder
 * (__repr__, __add__ and __radd__ ...), so Python code sees them.  The
 * generic operations use a slot directly only for non-heap types; for
 * classes they look the dunder up, so Python overrides always win. */
struct TlType {
    TlObj ob;
    const char *cname;         /* name for static types ("int") */
    TlVal name;                /* str: __name__ */
    TlVal qualname;            /* str: __qualname__ */
    TlVal module;              /* str or TL_NULL: __module__ */
    TlType *base;              /* primary base (NULL only for object) */
    TlVal bases;               /* tuple */
    TlVal mro;                 /* tuple */
    TlVal dict;                /* dict: the type's namespace */
    uint32_t flags;
    _Atomic uint32_t version;  /* bumped when this type or a base changes */
    size_t size;               /* instance size in bytes (fixed part) */
    size_t itemsize;           /* per-item size for variable-size objects */
    size_t dictoffset;         /* offset of instance __dict__ TlVal, 0: none */
    uint32_t nslots;           /* __slots__ count (after the fixed part) */

    TlMarkFn mark;             /* trace children; NULL: no children */
    void (*finalize)(TlObj *o);  /* release non-GC resources (rare) */

    TlVal (*tp_new)(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw);
    int (*tp_init)(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw);
    TlVal (*call)(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw);
    TlVal (*repr)(TlThread *th, TlVal self);
    TlVal (*str)(TlThread *th, TlVal self);
    TlHash (*hash)(TlThread *th, TlVal self);         /* -1: error */
    TlVal (*richcmp)(TlThread *th, TlVal a, TlVal b, TlCmpOp op);  /* may return NotImplemented */
    TlVal (*binop)(TlThread *th, TlBinOp op, TlVal a, TlVal b);    /* either side may be self; NotImplemented */
    TlVal (*unop)(TlThread *th, TlUnOp op, TlVal a);
    int (*truthy)(TlThread *th, TlVal self);          /* -1: error */
    int64_t (*len)(TlThread *th, TlVal self);         /* -1: error */
    TlVal (*getitem)(TlThread *th, TlVal self, TlVal key);
    int (*setitem)(TlThread *th, TlVal self, TlVal key, TlVal value); /* value TL_NULL: delete */
    int (*contains)(TlThread *th, TlVal self, TlVal item);            /* -1 err, 0, 1 */
    TlVal (*iter)(TlThread *th, TlVal self);
    /* Returns the next item; TL_NULL without an exception when exhausted. */
    TlVal (*iternext)(TlThread *th, TlVal self);
    /* Attribute access overrides; NULL means the generic algorithm. */
    TlVal (*getattr)(TlThread *th, TlVal self, TlVal name);
    int (*setattr)(TlThread *th, TlVal self, TlVal name, TlVal value); /* value TL_NULL: delete */
    /* Descriptor protocol for builtin descriptor types. */
    TlVal (*descr_get)(TlThread *th, TlVal descr, TlVal obj, TlVal type);
    int (*descr_set)(TlThread *th, TlVal descr, TlVal obj, TlVal value);

    const struct TlMethodDef *methods;   /* published by tl_type_ready */
    const struct TlGetSetDef *getsets;

    /* type.c private: method cache, list of direct subclasses (version
     * bumps reach them), a preallocated instance (MemoryError). */
    void *_Atomic mcache;
    TlVal subclasses;
    TlVal spare;
};

typedef struct TlMethodDef {
    const char *name;
    TlNativeFn fn;
    int flags;                 /* TL_METH_* */
} TlMethodDef;

enum {
    TL_METH_INSTANCE = 0,      /* args[0] is self */
    TL_METH_STATIC = 1,        /* no self */
    TL_METH_CLASS = 2,         /* args[0] is the class */
};

typedef struct TlGetSetDef {
    const char *name;
    TlVal (*get)(TlThread *th, TlVal self);
    int (*set)(TlThread *th, TlVal self, TlVal value);   /* NULL: read-only */
} TlGetSetDef;

/* Native function object (builtins, methods of builtin types, module
 * functions).  A method (owner != NULL) bound to `self` gets it prepended
 * as args[0]; natives without an owner never see `self` (module or NULL). */
typedef struct TlNative {
    TlObj ob;
    const char *name;
    TlNativeFn fn;
    int flags;
    TlType *owner;             /* defining type for method descriptors */
    TlVal self;                /* bound receiver or module, TL_NULL */
} TlNative;

/* Bound method: a Python function or native with its receiver. */
typedef struct TlMethod {
    TlObj ob;
    TlVal func;
    TlVal self;
} TlMethod;

/* ----------------------------------------------------- core object layouts */

typedef struct TlStr {
    TlObj ob;
    TlHash hash;               /* -1 until computed */
    size_t len;                /* bytes of UTF-8 */
    size_t nchars;             /* code points */
    uint8_t ascii;             /* all bytes < 0x80: O(1) indexing */
    uint8_t interned;
    char data[];               /* UTF-8, NUL-terminated for convenience */
} TlStr;

typedef struct TlBytes {       /* bytes (immutable) */
    TlObj ob;
    TlHash hash;
    size_t len;
    uint8_t data[];
} TlBytes;

typedef struct TlFloat {
    TlObj ob;
    double v;
} TlFloat;

/* Big integers (and int subclasses, and bool): sign-magnitude, base 2^32
 * little-endian digits.  size < 0 means negative, 0 means zero. */
typedef struct TlInt {
    TlObj ob;
    intptr_t size;
    uint32_t d[];
} TlInt;

typedef struct TlTuple {
    TlObj ob;
    TlHash hash;               /* -1 until computed */
    size_t len;
    TlVal items[];
} TlTuple;

/* list: items live in a GC buffer so that a resize never invalidates what a
 * concurrent lock-free reader holds (the old buffer lives until the next
 * collection). */
typedef struct TlList {
    TlObj ob;
    TlVal *items;              /* GC buffer (tl_alloc_buf) or NULL */
    size_t len;
    size_t cap;
} TlList;

/* dict: insertion-ordered compact table.  `keys` is a GC buffer holding the
 * index table and the entries; a resize builds a new one.  `kver` changes
 * whenever the key set or the layout changes (never for a plain value
 * update), so the VM's inline caches can remember an entry index. */
typedef struct TlDictEntry {
    TlVal key;                 /* TL_NULL: deleted slot */
    TlVal value;
    TlHash hash;
} TlDictEntry;

typedef struct TlDictKeys {
    uint32_t log2size;         /* index table has 1 << log2size int32 slots */
    uint32_t usable;           /* entries capacity */
    uint32_t nentries;         /* entries used, including deleted */
    uint32_t spare;            /* keeps the entries 8-byte aligned */
    int32_t index[];           /* followed by TlDictEntry entries[usable] */
} TlDictKeys;

#define tl_dict_entries(k) \
    ((TlDictEntry *)((k)->index + ((size_t)1 << (k)->log2size)))

typedef struct TlDict {
    TlObj ob;
    TlDictKeys *keys;          /* GC buffer; NULL when empty and never used */
    size_t used;               /* live items */
    uint64_t kver;             /* key-set/layout version */
} TlDict;

typedef struct TlCell {        /* closure cell */
    TlObj ob;
    TlVal value;               /* TL_NULL: empty */
} TlCell;

typedef struct TlModule {
    TlObj ob;
    TlVal dict;
    TlVal name;
} TlModule;

/* Exception instances (BaseException and every subclass). */
typedef struct TlExc {
    TlObj ob;
    TlVal dict;                /* instance attributes (e.g. StopIteration.value) */
    TlVal args;                /* tuple */
    TlVal traceback;           /* traceback object or None */
    TlVal context;             /* None or exception */
    TlVal cause;               /* None or exception */
    bool suppress_context;
} TlExc;

/* ---------------------------------------------------------- builtin types */

extern TlType tl_object_type, tl_type_type, tl_none_type, tl_notimpl_type,
    tl_ellipsis_type, tl_int_type, tl_bool_type, tl_float_type, tl_str_type,
    tl_bytes_type, tl_bytearray_type, tl_tuple_type, tl_list_type,
    tl_dict_type, tl_set_type, tl_frozenset_type, tl_range_type,
    tl_slice_type, tl_native_type, tl_method_type, tl_cell_type,
    tl_module_type, tl_property_type, tl_staticmethod_type,
    tl_classmethod_type, tl_super_type, tl_getset_type, tl_buf_type;

/* Builtin exception hierarchy: X(name, base).  Each defines `TlType tl_<name>`. */
#define TL_EXCEPTIONS(X)                                \
    X(BaseException, object)                            \
    X(SystemExit, BaseException)                        \
    X(KeyboardInterrupt, BaseException)                 \
    X(GeneratorExit, BaseException)                     \
    X(Exception, BaseException)                         \
    X(StopIteration, Exception)                         \
    X(StopAsyncIteration, Exception)                    \
    X(ArithmeticError, Exception)                       \
    X(FloatingPointError, ArithmeticError)              \
    X(OverflowError, ArithmeticError)                   \
    X(ZeroDivisionError, ArithmeticError)               \
    X(AssertionError, Exception)                        \
    X(AttributeError, Exception)                        \
    X(BufferError, Exception)                           \
    X(EOFError, Exception)                              \
    X(ImportError, Exception)                           \
    X(ModuleNotFoundError, ImportError)                 \
    X(LookupError, Exception)                           \
    X(IndexError, LookupError)                          \
    X(KeyError, LookupError)                            \
    X(MemoryError, Exception)                           \
    X(NameError, Exception)                             \
    X(UnboundLocalError, NameError)                     \
    X(OSError, Exception)                               \
    X(TimeoutError, OSError)                            \
    X(BlockingIOError, OSError)                         \
    X(ChildProcessError, OSError)                       \
    X(ConnectionError, OSError)                         \
    X(BrokenPipeError, ConnectionError)                 \
    X(ConnectionAbortedError, ConnectionError)          \
    X(ConnectionRefusedError, ConnectionError)          \
    X(ConnectionResetError, ConnectionError)            \
    X(FileExistsError, OSError)                         \
    X(FileNotFoundError, OSError)                       \
    X(InterruptedError, OSError)                        \
    X(IsADirectoryError, OSError)                       \
    X(NotADirectoryError, OSError)                      \
    X(PermissionError, OSError)                         \
    X(ProcessLookupError, OSError)                      \
    X(ReferenceError, Exception)                        \
    X(RuntimeError, Exception)                          \
    X(NotImplementedError, RuntimeError)                \
    X(RecursionError, RuntimeError)                     \
    X(SyntaxError, Exception)                           \
    X(IndentationError, SyntaxError)                    \
    X(TabError, IndentationError)                       \
    X(SystemError, Exception)                           \
    X(TypeError, Exception)                             \
    X(ValueError, Exception)                            \
    X(UnicodeError, ValueError)                         \
    X(UnicodeDecodeError, UnicodeError)                 \
    X(UnicodeEncodeError, UnicodeError)                 \
    X(UnicodeTranslateError, UnicodeError)              \
    X(Warning, Exception)                               \
    X(DeprecationWarning, Warning)                      \
    X(RuntimeWarning, Warning)                          \
    X(UserWarning, Warning)                             \
    X(BytesWarning, Warning)                            \
    X(EncodingWarning, Warning)                         \
    X(FutureWarning, Warning)                           \
    X(ImportWarning, Warning)                           \
    X(PendingDeprecationWarning, Warning)               \
    X(ResourceWarning, Warning)                         \
    X(SyntaxWarning, Warning)                           \
    X(UnicodeWarning, Warning)

#define TL_DECLARE_EXC(name, base) extern TlType tl_##name;
TL_EXCEPTIONS(TL_DECLARE_EXC)
#undef TL_DECLARE_EXC

/* Static singletons. */
extern TlObj tl_none_obj, tl_notimpl_obj, tl_ellipsis_obj;
extern TlInt tl_false_obj, tl_true_obj;
#define TL_NONE tl_val(&tl_none_obj)
#define TL_NOTIMPL tl_val(&tl_notimpl_obj)
#define TL_ELLIPSIS tl_val(&tl_ellipsis_obj)
#define TL_FALSE tl_val(&tl_false_obj)
#define TL_TRUE tl_val(&tl_true_obj)
#define tl_bool(c) ((c) ? TL_TRUE : TL_FALSE)

static inline TlType *tl_type(TlVal v)
{
    return tl_is_small(v) ? &tl_int_type : tl_obj(v)->type;
}

static inline bool tl_has_flag(TlVal v, uint32_t f)
{
    return (tl_type(v)->flags & f) != 0;
}

#define tl_is_str(v) (!tl_is_small(v) && tl_has_flag(v, TL_TF_STR))
#define tl_is_exact_str(v) (!tl_is_small(v) && tl_obj(v)->type == &tl_str_type)
#define tl_is_int(v) (tl_is_small(v) || tl_has_flag(v, TL_TF_INT))
#define tl_is_float(v) (!tl_is_small(v) && tl_has_flag(v, TL_TF_FLOAT))
#define tl_is_tuple(v) (!tl_is_small(v) && tl_has_flag(v, TL_TF_TUPLE))
#define tl_is_list(v) (!tl_is_small(v) && tl_has_flag(v, TL_TF_LIST))
#define tl_is_dict(v) (!tl_is_small(v) && tl_has_flag(v, TL_TF_DICT))
#define tl_is_type(v) (!tl_is_small(v) && tl_has_flag(v, TL_TF_TYPE))
#define tl_is_exc(v) (!tl_is_small(v) && tl_has_flag(v, TL_TF_EXC))
#define tl_is_exact(v, tp) (!tl_is_small(v) && tl_obj(v)->type == (tp))

#define TL_STR(v) ((TlStr *)tl_obj(v))
#define TL_TUPLE(v) ((TlTuple *)tl_obj(v))
#define TL_LIST(v) ((TlList *)tl_obj(v))
#define TL_DICT(v) ((TlDict *)tl_obj(v))
#define TL_FLOAT(o) (((TlFloat *)tl_obj(o))->v)
#define TL_TYPE(v) ((TlType *)tl_obj(v))
#define TL_EXC(v) ((TlExc *)tl_obj(v))

/* ------------------------------------------------------------ host API */

/* Everything the VM needs from the outside world.  The CLI, the wasm build
 * and the server each provide one. */
typedef struct TlTraceEvent {
    const char *kind;          /* "thread_start", "lock_acquire", "gc" ... */
    uint64_t tid;
    double ts;                 /* seconds, host monotonic clock */
    const char *name;          /* optional detail */
    intptr_t arg;
} TlTraceEvent;

/* One change of the simulated board (board.c).  Every event is complete in
 * itself, so a panel that missed some still draws the right state. */
typedef struct TlBoardEvent {
    const char *kind;          /* "led", "servo", "pin", "pwm", "irq",
                                  "switch", "button", "pot" */
    const char *pin;           /* pin name ("X1") for pin/pwm/irq, else NULL */
    int id;                    /* LED or servo number 1..4, else 0 */
    double t;                  /* seconds since the board started */
    double value;              /* led: intensity 0..255; servo: target angle;
                                  pin, switch, button: level; pwm: duty_u16;
                                  pot: 0..65535 */
    double from;               /* servo: angle at t */
    double ms;                 /* servo: duration of the move (0: a jump) */
    double freq;               /* pwm: frequency in Hz */
} TlBoardEvent;

typedef struct TlHost {
    void *ctx;
    /* fd 1: stdout, 2: stderr.  Called with complete buffers. */
    void (*write)(void *ctx, int fd, const char *buf, size_t n);
    /* input(): writes the prompt, reads one line without the newline into a
     * malloc'd buffer.  Returns 0, -1 at end of input, or -2 when an
     * interrupt (Ctrl-C, Stop) ended the wait.  The caller has detached
     * from the VM while this blocks. */
    int (*readline)(void *ctx, const char *prompt, char **line, size_t *n);
    double (*time)(void *ctx);       /* wall clock, seconds since the epoch */
    double (*monotonic)(void *ctx);  /* seconds, arbitrary origin */
    void (*trace)(void *ctx, const TlTraceEvent *ev);  /* NULL: tracing off */
    /* Source of an importable module file: malloc'd contents, or NULL when
     * there is no such file (hosts without files leave this NULL). */
    char *(*read_file)(void *ctx, const char *path, size_t *n);
    /* board.c: a change of the simulated board (LED, servo, pin ...), in
     * the order they happen; NULL: nobody draws the board.  Called with the
     * board's lock held: copy what you need and return quickly. */
    void (*board)(void *ctx, const TlBoardEvent *ev);
} TlHost;

/* ---------------------------------------------------- VM and thread state */

enum {                          /* TlVM.breaker bits: "look at me" requests */
    TL_BRK_GC = 1u << 0,        /* a collection wants the world stopped */
    TL_BRK_INTERRUPT = 1u << 1, /* raise KeyboardInterrupt in the main thread */
    TL_BRK_GIL = 1u << 2,       /* another thread wants the GIL */
    TL_BRK_TRACE = 1u << 3,
    TL_BRK_SCHED = 1u << 4,     /* board.c: scheduled callbacks are pending */
    TL_BRK_TASKLET = 1u << 5,   /* tasklet.c: a stackless.run(timeout) watchdog counts */
};

/* Interned names used by the VM, X(name).  TLN(__init__) is the str. */
#define TL_NAMES(X)                                                          \
    X(__init__) X(__new__) X(__call__) X(__repr__) X(__str__) X(__hash__)   \
    X(__eq__) X(__ne__) X(__lt__) X(__le__) X(__gt__) X(__ge__)             \
    X(__add__) X(__radd__) X(__iadd__) X(__sub__) X(__rsub__) X(__isub__)   \
    X(__mul__) X(__rmul__) X(__imul__) X(__matmul__) X(__rmatmul__)         \
    X(__imatmul__) X(__truediv__) X(__rtruediv__) X(__itruediv__)           \
    X(__floordiv__) X(__rfloordiv__) X(__ifloordiv__) X(__mod__)            \
    X(__rmod__) X(__imod__) X(__pow__) X(__rpow__) X(__ipow__)              \
    X(__lshift__) X(__rlshift__) X(__ilshift__) X(__rshift__)               \
    X(__rrshift__) X(__irshift__) X(__and__) X(__rand__) X(__iand__)        \
    X(__or__) X(__ror__) X(__ior__) X(__xor__) X(__rxor__) X(__ixor__)      \
    X(__neg__) X(__pos__) X(__invert__) X(__abs__) X(__index__)             \
    X(__int__) X(__float__) X(__bool__) X(__len__) X(__getitem__)           \
    X(__setitem__) X(__delitem__) X(__contains__) X(__iter__) X(__next__)   \
    X(__reversed__) X(__getattr__) X(__getattribute__) X(__setattr__)       \
    X(__delattr__) X(__get__) X(__set__) X(__delete__) X(__enter__)         \
    X(__exit__) X(__name__) X(__qualname__) X(__module__) X(__doc__)        \
    X(__dict__) X(__class__) X(__slots__) X(__mro__) X(__bases__)           \
    X(__main__) X(__builtins__) X(__file__) X(__all__) X(__format__)        \
    X(__round__) X(__trunc__) X(__floor__) X(__ceil__) X(__divmod__)        \
    X(__rdivmod__) X(__missing__) X(__set_name__) X(__init_subclass__)      \
    X(__class_getitem__) X(__traceback__) X(__cause__) X(__context__)       \
    X(__wrapped__) X(__annotations__) X(__defaults__) X(__kwdefaults__)     \
    X(__code__) X(__closure__) X(__globals__) X(__self__) X(__func__)       \
    X(__build_class__) X(__import__) X(__spec__) X(__loader__)              \
    X(__package__) X(__length_hint__) X(__sizeof__) X(__copy__)             \
    X(__deepcopy__) X(__prepare__) X(__abstractmethods__)                   \
    X(__instancecheck__) X(__subclasscheck__) X(__fspath__)                 \
    X(__complex__) X(__bytes__) X(__weakref__) X(__del__)                   \
    X(args) X(value) X(send) X(throw) X(close) X(keys) X(items) X(values)   \
    X(append) X(extend) X(write) X(flush) X(read) X(readline) X(join)       \
    X(fget) X(fset) X(fdel) X(self) X(key) X(reverse) X(default)            \
    X(sep) X(end) X(file) X(name) X(daemon) X(target) X(kwargs)             \
    X(stdout) X(stderr) X(stdin) X(errno) X(msg) X(filename) X(lineno)      \
    X(offset) X(text) X(end_lineno) X(end_offset) X(code) X(object)         \
    X(start) X(stop) X(step) X(real) X(imag) X(strict) X(encoding)          \
    X(errors) X(maxsplit) X(timeout) X(blocking) X(n) X(__text_signature__)

#define TL_NAME_ENUM(n) TLN_##n,
enum { TL_NAMES(TL_NAME_ENUM) TLN_COUNT_ };
#undef TL_NAME_ENUM
extern TlVal tl_names[TLN_COUNT_];   /* filled once by tl_vm_new */
#define TLN(n) (tl_names[TLN_##n])

typedef struct TlVM {
    TlHost host;
    TlHeap *heap;                    /* gc.c */
    _Atomic uint32_t breaker;        /* TL_BRK_* */
    TlVal builtins;                  /* the builtins module's dict */
    TlVal modules;                   /* dict: sys.modules */
    TlVal interned;                  /* dict: str -> str */
    TlVal sysmod;                    /* the sys module */
    TlVal argv;                      /* list */
    TlVal path;                      /* list: sys.path (script directory) */
    TlVal frozen;                    /* dict: module name -> code of frozen .py */
    int recursion_limit;             /* sys.setrecursionlimit */
    bool gil_mode;                   /* --gil */
    bool mt;                         /* object locks are live: a second thread
                                        has been started (free-threaded mode) */
    bool interactive;                /* REPL: flush stdout on each write */
    int exit_status;                 /* set by a SystemExit at top level */
    uint64_t next_thread_id;
    void *threads_lock;              /* state.c: pthread mutex guarding the list */
    TlThread *threads;               /* all attached or detached threads */
    TlThread *main;
    void *gilstate;                  /* gil.c: the GIL (--gil only) */
    void *thr;                       /* thread.c: OS threads, wait-for graph, atomic() */
    void *stdout_buf;                /* io: buffered stdout, state.c */
    uint64_t rand_state[2];          /* reserved */
    void *_Atomic board;             /* board.c: the simulated board, on first use */
    void *_Atomic genreg;            /* gen.c: generators to close when unreachable */
} TlVM;

/* Per-thread state.  Everything the interpreter touches while running
 * lives here or is reached from here; nothing on the execution path uses
 * mutable C globals. */
struct TlThread {
    TlVM *vm;
    TlFrame *frame;                  /* innermost running Python frame */
    TlVal exc;                       /* exception being raised, TL_NULL */
    TlVal *roots;                    /* tl_root() stack for native code */
    uint32_t nroots, roots_cap;
    int depth;                       /* Python frames (recursion limit) */
    int cdepth;                      /* native recursion (repr, eq, nested loops) */
    int nest;                        /* nested dispatch loops */
    _Atomic int state;               /* TL_TS_* (gc.c / state.c) */
    uint64_t id;                     /* threading.get_ident() */
    uint32_t lockid;                 /* small id used in object lock words */
    void *alloc;                     /* gc.c: per-thread allocation caches */
    TlVal thread_obj;                /* threading.Thread for this thread */
    TlVal exc_stack;                 /* engine: handled exceptions (sys.exc_info) */
    void *engine;                    /* eval.c: frame free lists etc. */
    void *sched;                     /* tasklets (later) */
    void *reprs;                     /* list.c: TlReprGuard chain (reprs in progress) */
    void *os;                        /* thread.c: OS thread, name, what it waits for */
    int atomic;                      /* _thread.atomic() nesting depth */
    TlThread *next, *prev;
};

enum { TL_TS_ATTACHED, TL_TS_DETACHED, TL_TS_PARKED };

/* ------------------------------------------------------------ state.c */

typedef struct TlConfig {
    size_t heap_limit;              /* bytes; 0: default 256 MiB */
    bool gil;
    int max_threads;
} TlConfig;

/* Creates the VM and its main thread.  One VM per process: the builtin
 * types are process-wide and, once ready, point into this VM's heap. */
TlVM *tl_vm_new(const TlHost *host, const TlConfig *cfg);
void tl_vm_free(TlVM *vm);
TlThread *tl_main_thread(TlVM *vm);
void tl_vm_add_static_type(TlVM *vm, TlType *t);
void tl_interrupt(TlVM *vm);        /* async-signal-safe: KeyboardInterrupt */
/* Called by the VM when TlVM.breaker is non-zero: parks for a collection,
 * raises a pending interrupt ... Returns -1 with an exception set. */
int tl_safepoint(TlThread *th);
/* Bracket a blocking call: while detached the thread counts as stopped for
 * the GC and holds no VM references in C locals that it needs afterwards
 * unless rooted. */
void tl_detach(TlThread *th);
void tl_attach(TlThread *th);
/* stdout/stderr through the host, buffered. */
void tl_write(TlThread *th, int fd, const char *s, size_t n);
void tl_flush(TlThread *th);
/* thread.c: at program end, wait for the non-daemon threads (CPython's
 * threading._shutdown); hosts call it after tl_run_main. */
void tl_threads_shutdown(TlThread *th);

/* ------------------------------------------------------------ board.c */

/* A host feeds an input of the simulated board (any thread, any time):
 * "switch" (the USR switch) and "button" (the GPIO button) with value 1
 * pressed / 0 released, "pot" with 0..65535.  IRQ handlers the change
 * triggers run in a VM thread at its next safepoint.  -1: unknown input. */
int tl_board_input(TlVM *vm, const char *what, int id, int value);
/* ev as one JSON object without a newline, t in milliseconds and the
 * LED/servo number or pin name as "dev" (servos: from, to, ms; pwm: freq,
 * duty; others: value): {"t":12.5,"kind":"led","dev":1,"value":255}.
 * Returns the length (like snprintf). */
int tl_board_event_json(const TlBoardEvent *ev, char *buf, size_t n);
/* The board's state in plain memory, for hosts that poll it instead of
 * taking events (the wasm page reads it in requestAnimationFrame).  `seq`
 * is odd while a writer is inside: read it, copy, read it again.  Times
 * are host monotonic seconds; a servo's angle at time t is
 * from + (to - from) * clamp((t - start) / dur, 0, 1). */
typedef struct TlBoardSnapshot {
    _Atomic uint32_t seq;
    uint32_t version;          /* layout version: 1 */
    double led[4];             /* intensity 0..255 */
    double servo[4][4];        /* from angle, to angle, start, dur (s) */
    double gpio_led;           /* brightness of the LED on pin Y2, 0..1 */
    double sw, button, pot;    /* inputs as last seen by the board */
} TlBoardSnapshot;
const TlBoardSnapshot *tl_board_snapshot(TlVM *vm);
/* state.c: run pending scheduled callbacks (TL_BRK_SCHED) in th; -1 when
 * one raised KeyboardInterrupt or SystemExit (left in th->exc). */
int tl_board_run_pending(TlThread *th);
/* gc.c/state.c: mark the board's handlers and queued callbacks. */
void tl_board_mark(TlVM *vm, TlGC *gc);

/* ------------------------------------------------------------ gc.c */

/* Allocate a zeroed object of `size` bytes (header included) of type t.
 * Never collects; returns NULL with MemoryError set past the heap limit. */
void *tl_alloc(TlThread *th, TlType *t, size_t size);
/* A raw GC buffer of n bytes (zeroed); its contents are not traced: the
 * owner's mark function marks what is inside and calls tl_mark_buf. */
void *tl_alloc_buf(TlThread *th, size_t n);
/* Hint that an unreachable object may be reused now (frames). */
void tl_free(TlThread *th, void *obj);
void tl_mark(TlGC *gc, TlVal v);
void tl_mark_obj(TlGC *gc, TlObj *o);
void tl_mark_buf(TlGC *gc, const void *buf);
void tl_mark_array(TlGC *gc, const TlVal *v, size_t n);
/* Ask for a collection at the next safepoint (or run it now when called
 * at a safepoint by gc.collect()).  Returns the number of freed objects. */
size_t tl_gc_collect(TlThread *th);
void tl_gc_enable(TlVM *vm, bool on);
bool tl_gc_enabled(TlVM *vm);
size_t tl_gc_allocated(TlVM *vm);   /* bytes in use (gc.mem_alloc) */
size_t tl_gc_free_bytes(TlVM *vm);  /* heap limit minus in use (gc.mem_free) */
/* gen.c, called by the collector between marking and sweeping (world
 * stopped): unreachable generators suspended inside try/finally, with or
 * except blocks are marked (kept) and queued; the caller drains again. */
void tl_gen_rescue(TlVM *vm, TlGC *gc);
/* gen.c: close() the queued generators (never inside the collector), as
 * CPython does when the last reference goes; returns how many. */
size_t tl_gen_run_pending(TlThread *th);

/* Native roots: values that must survive a call back into Python. */
void tl_root(TlThread *th, TlVal v);
static inline uint32_t tl_roots_mark(TlThread *th) { return th->nroots; }
static inline void tl_roots_reset(TlThread *th, uint32_t mark) { th->nroots = mark; }

/* Per-object lock (free-threaded mode; free when only one thread exists). */
void tl_lock(TlThread *th, TlObj *o);
void tl_unlock(TlThread *th, TlObj *o);

/* ------------------------------------------------------------ exc.c */

TlVal tl_raise(TlThread *th, TlType *t, const char *fmt, ...);   /* TL_NULL */
TlVal tl_raise_val(TlThread *th, TlVal exc_or_type);            /* TL_NULL */
TlVal tl_raise_nomem(TlThread *th);
bool tl_exc_matches(TlThread *th, TlType *t);   /* th->exc is a t */
TlVal tl_exc_fetch(TlThread *th);               /* take th->exc, clear it */
void tl_exc_clear(TlThread *th);
TlVal tl_exc_new(TlThread *th, TlType *t, TlVal *args, int nargs);
/* Prints "Traceback (most recent call last):" ... with chained causes, as
 * CPython does, through tl_write(th, 2, ...). */
void tl_print_exception(TlThread *th, TlVal exc);
/* KeyError(key) etc. without formatting surprises. */
TlVal tl_raise_key(TlThread *th, TlVal key);
/* AttributeError/NameError: record .name (and .obj) for the hints that
 * tracebacks print ("Did you mean: ...?"). */
void tl_exc_set_name(TlVal exc, TlVal name, TlVal obj);

/* ------------------------------------------------------------ obj.c */

TlVal tl_repr(TlThread *th, TlVal v);
TlVal tl_str(TlThread *th, TlVal v);
TlVal tl_ascii(TlThread *th, TlVal v);
TlVal tl_format(TlThread *th, TlVal v, TlVal spec);   /* format(v, spec) */
TlHash tl_hash(TlThread *th, TlVal v);             /* -1: error */
int tl_eq(TlThread *th, TlVal a, TlVal b);         /* identity first; -1 err */
TlVal tl_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op);
int tl_richcmp_bool(TlThread *th, TlVal a, TlVal b, TlCmpOp op);
int tl_truthy(TlThread *th, TlVal v);              /* -1: error */
TlVal tl_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b);
TlVal tl_inplace(TlThread *th, TlBinOp op, TlVal a, TlVal b);
TlVal tl_unop(TlThread *th, TlUnOp op, TlVal a);
TlVal tl_getattr(TlThread *th, TlVal obj, TlVal name);   /* name: str */
/* Absent attribute: TL_NULL with no exception (AttributeError swallowed). */
TlVal tl_getattr_opt(TlThread *th, TlVal obj, TlVal name);
int tl_setattr(TlThread *th, TlVal obj, TlVal name, TlVal value);
int tl_delattr(TlThread *th, TlVal obj, TlVal name);
TlVal tl_getitem(TlThread *th, TlVal obj, TlVal key);
int tl_setitem(TlThread *th, TlVal obj, TlVal key, TlVal value);
int tl_delitem(TlThread *th, TlVal obj, TlVal key);
int64_t tl_len(TlThread *th, TlVal v);             /* -1: error */
int tl_contains(TlThread *th, TlVal container, TlVal item);
TlVal tl_iter(TlThread *th, TlVal v);
TlVal tl_next(TlThread *th, TlVal it);             /* TL_NULL, no exc: done */
bool tl_callable(TlVal v);
int tl_isinstance(TlThread *th, TlVal obj, TlVal cls);  /* cls may be a tuple */
int tl_issubclass(TlThread *th, TlVal cls, TlVal base);
bool tl_subtype(TlType *t, TlType *base);          /* walks the MRO */
/* obj.name(*args) */
TlVal tl_call_method(TlThread *th, TlVal obj, TlVal name, TlVal *args, int nargs);
/* Convert with __index__: ints and int subclasses, or TypeError naming what. */
int tl_index(TlThread *th, TlVal v, intptr_t *out);
TlVal tl_to_list(TlThread *th, TlVal iterable);    /* list(iterable) */
TlVal tl_to_tuple(TlThread *th, TlVal iterable);
/* Generic attribute algorithm (descriptors, instance dict, __getattr__ is
 * handled by the caller), shared by object.__getattribute__ and the VM. */
TlVal tl_generic_getattr(TlThread *th, TlVal obj, TlVal name);
int tl_generic_setattr(TlThread *th, TlVal obj, TlVal name, TlVal value);
const char *tl_type_name(TlVal v);                 /* C string for messages */
/* TypeError for `a op b` (or `a op= b`) that nobody implements, with
 * CPython's wording for sequences ("can only concatenate str ..."). */
TlVal tl_binop_error(TlThread *th, TlBinOp op, TlVal a, TlVal b, bool inplace);
/* A descriptor that defines __set__/__delete__ (wins over instance dicts). */
bool tl_is_data_descr(TlVal descr);
/* Call a dunder found with tl_type_lookup(tl_type(self), ...) on self:
 * functions get self prepended without a bound method being made. */
TlVal tl_call_dunder(TlThread *th, TlVal descr, TlVal self, TlVal *args, int nargs);
/* The instance __dict__ of obj, created on first use; TL_NULL without an
 * exception when obj has no __dict__ slot. */
TlVal tl_instance_dict(TlThread *th, TlVal obj);

/* ------------------------------------------------------------ type.c */

/* Finish a static type: bases/MRO, inherited slots, publish methods,
 * getsets and slot dunders in its dict.  Registers the type with
 * tl_vm_add_static_type so the collector marks its fields (static types
 * are not in the heap; their dicts, names and MROs are). */
void tl_type_ready(TlThread *th, TlType *t);
/* type(name, bases, dict): C3 MRO, layout, __slots__, inherited slots. */
TlVal tl_type_new(TlThread *th, TlType *meta, TlVal name, TlVal bases, TlVal dict);
/* Look `name` up along t's MRO (no descriptors applied); TL_NULL: absent. */
TlVal tl_type_lookup(TlType *t, TlVal name);
void tl_type_modified(TlType *t);                  /* bump versions */
/* A native function object (builtins and module functions); `self` is
 * only recorded (it is never passed to fn: see TlNative). */
TlVal tl_native_new(TlThread *th, const char *name, TlNativeFn fn, TlVal self);
/* Bind a descriptor found on a type: functions -> bound methods ... */
TlVal tl_bind(TlThread *th, TlVal descr, TlVal obj, TlType *type);
TlVal tl_method_new(TlThread *th, TlVal func, TlVal self);
/* Instances of classes: the __dict__ slot or TL_NULL. */
TlVal *tl_instance_dict_ptr(TlVal obj);
/* Calling a class from C: __new__ then __init__ (type.__call__). */
TlVal tl_type_call(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw);
/* super(type, obj); zero-argument super() passes the __class__ cell's value. */
TlVal tl_super_new(TlThread *th, TlVal type, TlVal obj);
/* Instance of a var-size builtin (int, str, tuple, bytes) or a subclass of
 * one: varbytes is the size of the items (str/bytes: len + 1, tuple:
 * len * sizeof(TlVal), int: ndigits * 4); a subclass's __dict__ follows. */
void *tl_alloc_var(TlThread *th, TlType *t, size_t varbytes);
/* Expose the TlVal field at `offset` of t's instances as attribute `name`
 * (a member descriptor; call between tl_type_ready and first use). */
int tl_type_add_member(TlThread *th, TlType *t, const char *name, size_t offset);
/* The instance offset a member descriptor (__slots__ entry) reads, else 0;
 * the VM's attribute caches access such slots directly. */
size_t tl_member_offset(TlVal descr);
/* The nearest builtin (non-heap) type in t's base chain. */
TlType *tl_static_base(TlType *t);

/* Argument binding for natives.  Fills out[0..nmax-1] from positional and
 * keyword arguments by position and by the names in `kwlist` (NULL-terminated,
 * may be NULL when keywords are not accepted; an entry "" is positional-only,
 * "$name" keyword-only); missing optional ones are TL_NULL.  Raises
 * CPython's (Argument Clinic) TypeErrors ("int() takes at most 2 arguments
 * (3 given)", "'x' is an invalid keyword argument for int()", "to_bytes()
 * missing required argument 'length' (pos 1)") and returns -1.  fname may
 * be qualified ("str.split"): messages use the part after the dot. */
int tl_args(TlThread *th, const char *fname, TlVal *args, int nargs, TlVal kw,
            const char *const *kwlist, int nreq, int nmax, TlVal *out);
/* Shortcut for natives without keywords: checks the count.  Exactly 0 or 1
 * argument: "len() takes exactly one argument (2 given)" with fname as
 * given ("list.append"); otherwise "get expected at least 1 argument, got 0"
 * with the part of fname after the dot, as CPython words them. */
int tl_args_n(TlThread *th, const char *fname, int nargs, TlVal kw,
              int nmin, int nmax);

/* ------------------------------------------------------------ int.c */

TlVal tl_int_from_i64(TlThread *th, int64_t v);
TlVal tl_int_from_u64(TlThread *th, uint64_t v);
TlVal tl_int_from_double(TlThread *th, double d);   /* truncates; errors for inf/nan */
/* Parse like int(s, base): whitespace, sign, underscores, prefixes for
 * base 0/16/8/2.  ValueError "invalid literal for int() with base 10: 'x'". */
TlVal tl_int_from_str(TlThread *th, const char *s, size_t n, int base);
int tl_int_to_i64(TlThread *th, TlVal v, int64_t *out);   /* -1: OverflowError */
double tl_int_to_double(TlThread *th, TlVal v);           /* -1.0 + exc on overflow */
int tl_int_sign(TlVal v);                                 /* -1, 0, 1 */
/* Coerce through __index__ to an exact int (TypeError like CPython's
 * "'float' object cannot be interpreted as an integer"). */
TlVal tl_int_index(TlThread *th, TlVal v);
TlVal tl_int_str(TlThread *th, TlVal v, int base);        /* str(), hex() ... */
TlVal tl_int_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b);
int tl_int_cmp(TlVal a, TlVal b);                         /* -1, 0, 1 */
TlHash tl_int_hash(TlVal v);
/* Normalise: a TlInt that fits a small int becomes one. */
TlVal tl_int_norm(TlThread *th, TlInt *big);
/* pow(a, b, m) of builtins (m None or TL_NULL: a ** b); TypeError unless ints. */
TlVal tl_int_powmod(TlThread *th, TlVal a, TlVal b, TlVal m);
void tl_int_init(TlThread *th);

/* ------------------------------------------------------------ float.c */

TlVal tl_float_new(TlThread *th, double v);
/* float(x) conversion of int/float/__float__: -1 with exception. */
int tl_to_double(TlThread *th, TlVal v, double *out);
/* CPython repr: shortest string that round-trips ("0.1", "1e+16", "inf"). */
void tl_double_repr(double v, char *buf, size_t n);
TlHash tl_double_hash(double v);                          /* equal to int hash when integral */
void tl_float_init(TlThread *th);

/* ------------------------------------------------------------ str.c */

TlVal tl_str_new(TlThread *th, const char *s, size_t n);  /* valid UTF-8 */
TlVal tl_str_cstr(TlThread *th, const char *s);
/* printf-like: %s (C string), %d %ld %zd %zu %lld %x, %c, %% and for
 * TlVal arguments %R (repr), %S (str), %T (type name of the value). */
TlVal tl_str_fmt(TlThread *th, const char *fmt, ...);
TlVal tl_str_vfmt(TlThread *th, const char *fmt, va_list ap);
TlVal tl_intern(TlThread *th, TlVal s);                   /* the canonical copy */
TlVal tl_intern_cstr(TlThread *th, const char *s);
TlHash tl_str_hash(TlVal s);
bool tl_str_eq(TlVal a, TlVal b);                         /* both str */
static inline const char *tl_cstr(TlVal s) { return TL_STR(s)->data; }
TlVal tl_str_concat(TlThread *th, TlVal a, TlVal b);
/* Accumulating builder (grows a malloc'd buffer; no GC objects until done). */
typedef struct TlBuilder { char *p; size_t len, cap; bool oom; } TlBuilder;
void tl_sb_init(TlBuilder *b);
void tl_sb_add(TlBuilder *b, const char *s, size_t n);
void tl_sb_addc(TlBuilder *b, char c);
void tl_sb_adds(TlBuilder *b, const char *s);
void tl_sb_addv(TlBuilder *b, TlVal str);                /* append a str */
TlVal tl_sb_finish(TlThread *th, TlBuilder *b);          /* str; frees b */
void tl_sb_free(TlBuilder *b);
TlVal tl_bytes_new(TlThread *th, const void *p, size_t n);
TlVal tl_str_from_codepoint(TlThread *th, uint32_t cp);  /* chr() */
uint32_t tl_str_codepoint_at(TlVal s, size_t i);         /* ord(s[i]), i < nchars */
int tl_uni_decimal(uint32_t cp);         /* value of a Unicode decimal digit, or -1 */
TlVal tl_str_to_ascii(TlThread *th, TlVal s);            /* escape non-ASCII (ascii()) */
void tl_str_init(TlThread *th);
void tl_bytes_init(TlThread *th);
/* format.c: format(v, spec) for int (tagged, big, bool), float and str. */
TlVal tl_format_int(TlThread *th, TlVal v, TlVal spec);
TlVal tl_format_float(TlThread *th, double v, TlVal spec);
TlVal tl_format_str(TlThread *th, TlVal s, TlVal spec);

/* ------------------------------------------------------------ tuple/list */

TlVal tl_tuple_new(TlThread *th, size_t n);             /* items TL_NONE... set them */
TlVal tl_tuple_from(TlThread *th, const TlVal *items, size_t n);
TlVal tl_tuple_pack(TlThread *th, size_t n, ...);
TlVal tl_list_new(TlThread *th, size_t n);              /* len n, items None */
TlVal tl_list_from(TlThread *th, const TlVal *items, size_t n);
int tl_list_append(TlThread *th, TlVal list, TlVal v);
int tl_list_extend(TlThread *th, TlVal list, TlVal iterable);
/* Stable sort (key may be TL_NULL); list is locked against mutation. */
int tl_list_sort(TlThread *th, TlVal list, TlVal key, bool reverse);
/* Py_ReprEnter: 1 entered (call tl_repr_leave), 0 obj's repr is already
 * running on this thread (print "[...]"), -1 RecursionError.  The guard is
 * a node on the caller's C stack. */
typedef struct TlReprGuard { TlVal obj; struct TlReprGuard *prev; } TlReprGuard;
int tl_repr_enter(TlThread *th, TlReprGuard *g, TlVal obj);
void tl_repr_leave(TlThread *th, TlReprGuard *g);
/* hash slot of unhashable builtins: TypeError "unhashable type: 'list'". */
TlHash tl_unhashable(TlThread *th, TlVal self);
/* Sequence subscript: 1 with an int index in *i (negative ones adjusted by
 * len, not range-checked), 0 when key is a slice, -1 with TypeError
 * "<what> indices must be integers or slices, not T". */
int tl_seq_index(TlThread *th, TlVal key, intptr_t len, const char *what, intptr_t *i);
/* tuple.c, shared with list: CPython's lexicographic comparison (the first
 * pair that is not == decides).  len/item read the current state on every
 * step (item returns TL_NULL past the end), so a list mutated by a user
 * __eq__ is handled safely. */
TlVal tl_seq_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op,
                     size_t (*len)(TlVal), TlVal (*item)(TlVal, size_t));
/* Classify `a op b` for the sequence types whose flag is `kind`: 1 concat
 * (both are such sequences), 2 repeat (*seq times *n), 0 NotImplemented,
 * -1 with CPython's TypeError ("can only concatenate list (not "int") to
 * list", "can't multiply sequence by non-int of type 'float'"). */
int tl_seq_operands(TlThread *th, TlBinOp op, TlVal a, TlVal b, uint32_t kind,
                    const char *name, TlVal *seq, intptr_t *n);
/* iter.c: iter(seq) for __getitem__ sequences, iter(f, sentinel),
 * reversed(x), and the shared `__iter__ returns self` slot. */
TlVal tl_seqiter_new(TlThread *th, TlVal seq);
TlVal tl_calliter_new(TlThread *th, TlVal callable, TlVal sentinel);
TlVal tl_reversed(TlThread *th, TlVal v);
TlVal tl_iter_self(TlThread *th, TlVal self);
extern TlType tl_enumerate_type, tl_zip_type, tl_map_type, tl_filter_type,
    tl_reversed_type;

/* ------------------------------------------------------------ dict.c */

TlVal tl_dict_new(TlThread *th);
/* Lookup: TL_NULL with no exception when absent. */
TlVal tl_dict_get(TlThread *th, TlVal d, TlVal key);
/* Fast path for str keys with a computed hash (no user __eq__ possible). */
TlVal tl_dict_get_str(TlVal d, TlVal key);
int tl_dict_set(TlThread *th, TlVal d, TlVal key, TlVal value);
int tl_dict_del(TlThread *th, TlVal d, TlVal key);       /* KeyError if absent */
/* Entry index for key (str keys only), -1 if absent: for inline caches. */
intptr_t tl_dict_index_str(TlVal d, TlVal key);
/* Iterate: pos starts at 0; returns false at the end. */
bool tl_dict_next(TlVal d, size_t *pos, TlVal *key, TlVal *value);
TlVal tl_dict_copy(TlThread *th, TlVal d);
int tl_dict_update(TlThread *th, TlVal d, TlVal other);  /* dict.update(other) */
/* list(d) / list(view) copied under the dict's lock; TL_NULL without an
 * exception when v is neither an exact dict nor a dict view. */
TlVal tl_dict_list(TlThread *th, TlVal v);
static inline size_t tl_dict_len(TlVal d) { return TL_DICT(d)->used; }
/* Convenience for C code building dicts: key is a C string. */
int tl_dict_set_cstr(TlThread *th, TlVal d, const char *key, TlVal value);
TlVal tl_dict_get_cstr(TlThread *th, TlVal d, const char *key);

/* ------------------------------------------------------------ set.c */

TlVal tl_set_new(TlThread *th, TlType *t);               /* set or frozenset */
int tl_set_add(TlThread *th, TlVal s, TlVal item);
int tl_set_contains(TlThread *th, TlVal s, TlVal item);
TlVal tl_set_list(TlThread *th, TlVal s);   /* like tl_dict_list: exact sets */

/* ------------------------------------------------------------ slice/range */

TlVal tl_slice_new(TlThread *th, TlVal start, TlVal stop, TlVal step);
/* Resolve a slice against a length: CPython's PySlice_GetIndicesEx; returns
 * the number of items, or -1 with an exception. */
intptr_t tl_slice_indices(TlThread *th, TlVal slice, intptr_t len,
                          intptr_t *start, intptr_t *stop, intptr_t *step);
/* The two halves of tl_slice_indices (PySlice_Unpack / AdjustIndices):
 * unpacking may run __index__, adjusting is pure arithmetic (safe under an
 * object lock). */
int tl_slice_unpack(TlThread *th, TlVal slice, intptr_t *start, intptr_t *stop,
                    intptr_t *step);
intptr_t tl_slice_adjust(intptr_t len, intptr_t *start, intptr_t *stop, intptr_t step);
/* A slice bound or index argument (list.index start ...): ints clamp to the
 * intptr_t range; else __index__; else TypeError "slice indices must be
 * integers or None or have an __index__ method". */
int tl_slice_index(TlThread *th, TlVal v, intptr_t *out);

/* ------------------------------------------------------------ eval.c */

/* Call any callable.  Python functions run in a nested dispatch loop
 * (counted in th->nest); the VM's own implicit calls never come here. */
TlVal tl_call(TlThread *th, TlVal f, TlVal *args, int nargs, TlVal kw);
TlVal tl_call0(TlThread *th, TlVal f);
TlVal tl_call1(TlThread *th, TlVal f, TlVal a);
TlVal tl_call2(TlThread *th, TlVal f, TlVal a, TlVal b);
/* Mark the frames of a frame chain (threads, generators, tasklets). */
void tl_frame_mark_chain(TlGC *gc, TlFrame *f);
/* Current source position of the innermost frame (for warnings, traces). */
int tl_current_line(TlThread *th, const char **file);
/* globals() / locals() of the innermost Python frame (locals() of a
 * function frame is a fresh dict snapshot, as in CPython). */
TlVal tl_frame_globals(TlThread *th);
TlVal tl_frame_locals(TlThread *th);
/* The exception currently being handled (sys.exc_info()[1]) or None. */
TlVal tl_exc_current(TlThread *th);
/* The text tl_print_exception would print, as a str, but without the
 * "Did you mean" hints, as CPython 3.11's traceback module formats it. */
TlVal tl_format_exception(TlThread *th, TlVal exc);
/* Only its last part, "module.Name: message" (several lines for a
 * SyntaxError): traceback.format_exception_only. */
TlVal tl_format_exception_only(TlThread *th, TlVal exc);

/* ------------------------------------------------------------ compile.c */

enum { TL_MODE_EXEC, TL_MODE_EVAL, TL_MODE_SINGLE };
/* Compile source to a code object; SyntaxError raised on failure.  With
 * TL_MODE_SINGLE an incomplete statement sets *incomplete and raises
 * nothing (the REPL reads another line). */
TlVal tl_compile(TlThread *th, const char *src, size_t n, const char *filename,
                 int mode, bool *incomplete);
/* Run a code object with the given globals (and locals for exec/class). */
TlVal tl_exec(TlThread *th, TlVal code, TlVal globals, TlVal locals);

/* ------------------------------------------------------------ modules */

/* Import a module by dotted name: sys.modules, builtin modules, frozen
 * Python modules, then .py files on sys.path. */
TlVal tl_import(TlThread *th, TlVal name);
TlVal tl_module_new(TlThread *th, TlVal name);
/* Builtin module table entry. */
typedef struct TlModDef {
    const char *name;
    int (*init)(TlThread *th, TlVal module);   /* fill the module dict */
} TlModDef;
extern const TlModDef tl_builtin_modules[];  /* NULL-name terminated (import.c) */
/* Library modules written in Python (the files in vm/lib), embedded as source by
 * the build (tools/freeze.py); compiled on first import. */
typedef struct TlFrozen {
    const char *name;
    const char *src;
    size_t len;
} TlFrozen;
extern const TlFrozen tl_frozen_modules[];   /* NULL-name terminated */
int tl_module_add_methods(TlThread *th, TlVal module, const TlMethodDef *defs);
/* Run a whole program as __main__; prints uncaught exceptions like CPython
 * and returns the process exit status (SystemExit honoured). */
int tl_run_main(TlThread *th, const char *src, size_t n, const char *filename);
/* The exit status a SystemExit instance asks for (printing a non-int code
 * to stderr as CPython does); for any other exception: print it, return 1. */
int tl_exit_status(TlThread *th, TlVal exc);
/* sys.argv and sys.path[0] (the script's directory, "" for -c and the REPL). */
int tl_sys_set_argv(TlThread *th, int argc, char **argv, const char *script_dir);
/* The __main__ module (created on first use), for the REPL. */
TlVal tl_main_module(TlThread *th);
/* The interactive loop (repl.c): prompts, multi-line blocks, results and
 * tracebacks as in CPython's REPL, through the host's readline (which
 * returns -2 when Ctrl-C/Stop interrupted the wait).  Returns the exit
 * status (SystemExit or end of input). */
int tl_repl(TlThread *th, const char *banner);

#endif
