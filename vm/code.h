/*
 * code.h -- bytecode, code objects and function objects: the contract
 * between the compiler (compile.c) and the interpreter (eval.c).
 *
 * The instruction set follows CPython 3.11's closely (same names, same stack
 * effects, same compilation schemes for try/except/finally/with via an
 * exception table, PUSH_EXC_INFO/POP_EXCEPT/RERAISE ...) so that anybody who
 * knows CPython's dis output can read ours.  Differences, chosen for a
 * faster and simpler loop:
 *  - An instruction is one 32-bit word: opcode in the low 8 bits, argument in
 *    the upper 24.  No EXTENDED_ARG.  Jump arguments are ABSOLUTE word
 *    indexes into code.
 *  - Instructions listed in TL_OP_CACHE are followed by that many cache
 *    words, emitted as zero by the compiler and owned by the interpreter.
 *  - Calls: the stack holds [callable, self_or_NULL, arg1 .. argn] and
 *    CALL n consumes n+2 slots.  LOAD_METHOD pushes (function, self) or
 *    (attribute, NULL); a plain call is "load f; PUSH_NULL; args; CALL n"
 *    (note: PUSH_NULL comes AFTER the callable, unlike 3.11).  KW_NAMES k
 *    (constant tuple of names) precedes a CALL whose last len(k) args are
 *    keywords.
 *  - Generators need no RETURN_GENERATOR: calling a code object with
 *    TL_CO_GENERATOR makes the generator object directly.
 *  - Cells: code.cellvars get fresh cells at frame entry (initialised from
 *    the argument when cell2arg says so), closure cells are copied in after
 *    them.  LOAD_DEREF/STORE_DEREF/LOAD_CLOSURE index that combined region.
 */
#ifndef TL_CODE_H
#define TL_CODE_H

#include "tl.h"

#define TL_OPCODES(X)                                                         \
    /* name, cache words */                                                   \
    X(NOP, 0) X(POP_TOP, 0) X(PUSH_NULL, 0)                                   \
    X(COPY, 0)               /* arg i>=1: push stack[-i] */                    \
    X(SWAP, 0)               /* arg i>=2: swap top with stack[-i] */           \
    X(LOAD_CONST, 0) X(LOAD_FAST, 0) X(STORE_FAST, 0) X(DELETE_FAST, 0)       \
    X(LOAD_DEREF, 0) X(STORE_DEREF, 0) X(DELETE_DEREF, 0) X(LOAD_CLOSURE, 0)  \
    X(LOAD_CLASSDEREF, 0)    /* class body: locals dict, then the cell */      \
    X(LOAD_NAME, 2) X(STORE_NAME, 1) X(DELETE_NAME, 0)                        \
    X(LOAD_GLOBAL, 2)        /* arg: name index; pushes only the value */      \
    X(STORE_GLOBAL, 0) X(DELETE_GLOBAL, 0)                                    \
    X(LOAD_ATTR, 2) X(STORE_ATTR, 2) X(DELETE_ATTR, 0)                        \
    X(LOAD_METHOD, 2)                                                         \
    X(BINARY_OP, 1)          /* arg: TlBinOp, +TL_INPLACE for a op= b */       \
    X(COMPARE_OP, 1)         /* arg: TlCmpOp */                                \
    X(IS_OP, 0) X(CONTAINS_OP, 0)   /* arg 1: negated */                      \
    X(UNARY_OP, 0)           /* arg: TlUnOp */                                 \
    X(UNARY_NOT, 0)                                                           \
    X(BINARY_SUBSCR, 1) X(STORE_SUBSCR, 1) X(DELETE_SUBSCR, 0)                \
    X(BUILD_SLICE, 0)        /* arg 2 or 3 */                                  \
    X(BUILD_TUPLE, 0) X(BUILD_LIST, 0) X(BUILD_SET, 0)                        \
    X(BUILD_MAP, 0)          /* arg n: 2n items k1 v1 k2 v2 ... */             \
    X(BUILD_CONST_KEY_MAP, 0)                                                 \
    X(BUILD_STRING, 0)                                                        \
    X(LIST_APPEND, 0) X(SET_ADD, 0) X(MAP_ADD, 0)                             \
    X(LIST_EXTEND, 0) X(SET_UPDATE, 0) X(DICT_UPDATE, 0) X(DICT_MERGE, 0)     \
    X(LIST_TO_TUPLE, 0)                                                       \
    X(FORMAT_VALUE, 0)       /* arg: conversion (0 none,1 s,2 r,3 a) | 4 if spec */ \
    X(UNPACK_SEQUENCE, 0)                                                     \
    X(UNPACK_EX, 0)          /* arg: before | after << 8 */                    \
    X(JUMP, 0)               /* absolute target (forward or backward) */       \
    X(POP_JUMP_IF_FALSE, 0) X(POP_JUMP_IF_TRUE, 0)                            \
    X(POP_JUMP_IF_NONE, 0) X(POP_JUMP_IF_NOT_NONE, 0)                         \
    X(JUMP_IF_FALSE_OR_POP, 0) X(JUMP_IF_TRUE_OR_POP, 0)                      \
    X(GET_ITER, 0)                                                            \
    X(FOR_ITER, 1)           /* arg: target when exhausted (iterator popped) */ \
    X(CALL, 1)               /* arg: number of args (incl. keywords) */        \
    X(KW_NAMES, 0)                                                            \
    X(CALL_FUNCTION_EX, 0)   /* arg 1: a kwargs dict is on top; stack:          \
                                callable, NULL, args tuple[, kwargs] */         \
    X(MAKE_FUNCTION, 0)      /* flags: 1 defaults tuple, 2 kwdefaults dict,     \
                                8 closure tuple; then the code on top */        \
    X(RETURN_VALUE, 0)                                                        \
    X(YIELD_VALUE, 0)                                                         \
    X(GET_YIELD_FROM_ITER, 0)                                                 \
    X(SEND, 0)               /* arg: target when the subiterator returns */    \
    X(RAISE_VARARGS, 0) X(RERAISE, 0)                                         \
    X(PUSH_EXC_INFO, 0) X(POP_EXCEPT, 0) X(CHECK_EXC_MATCH, 0)                \
    X(BEFORE_WITH, 0) X(WITH_EXCEPT_START, 0)                                 \
    X(LOAD_ASSERTION_ERROR, 0)                                                \
    X(IMPORT_NAME, 0) X(IMPORT_FROM, 0) X(IMPORT_STAR, 0)                     \
    X(LOAD_BUILD_CLASS, 0)                                                    \
    X(PRINT_EXPR, 0)         /* REPL: repr of TOS to stdout unless None */     \
    X(GET_LEN, 0)                                                             \
    X(SETUP_ANNOTATIONS, 0)

#define TL_OP_ENUM(name, cache) OP_##name,
typedef enum { TL_OPCODES(TL_OP_ENUM) OP_COUNT_ } TlOpcode;
#undef TL_OP_ENUM

#define TL_INPLACE 16                /* BINARY_OP arg flag */
/* BINARY_OP arg flags: the left/right operand is the result of the BINARY_OP
 * that computed it and nothing else references it (a temporary). */
#define TL_TMP_LEFT 32
#define TL_TMP_RIGHT 64
extern const uint8_t tl_op_cache[];  /* cache words per opcode (code.c) */
extern const char *const tl_op_names[];

#define TL_OPCODE(w) ((TlOpcode)((w) & 0xff))
#define TL_OPARG(w) ((uint32_t)(w) >> 8)
#define TL_INSTR(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))

/* Source range of an instruction: CPython's co_positions (1-based lines,
 * 0-based UTF-8 byte columns, end exclusive; 0 when unknown). */
typedef struct TlPos {
    int32_t line, end_line;
    int32_t col, end_col;
} TlPos;

/* Exception table entry: an exception raised by an instruction in
 * [start, end) pops the value stack down to `depth` items (then pushes the
 * offset of the raising instruction if `lasti`), pushes the exception and
 * jumps to `handler`.  Entries are ordered innermost first. */
typedef struct TlExcEntry {
    uint32_t start, end, handler;
    uint16_t depth;
    uint16_t lasti;
} TlExcEntry;

enum {
    TL_CO_VARARGS = 1 << 0,
    TL_CO_VARKEYWORDS = 1 << 1,
    TL_CO_GENERATOR = 1 << 2,
    TL_CO_NESTED = 1 << 3,
    TL_CO_MODULE = 1 << 4,       /* module or exec-level code: uses LOAD_NAME */
    TL_CO_CLASS = 1 << 5,        /* class body */
    TL_CO_COMPREHENSION = 1 << 6,
};

typedef struct TlCode {
    TlObj ob;
    uint32_t *code;              /* GC buffer: instructions (+ cache words) */
    TlPos *pos;                  /* GC buffer: one per code word */
    TlExcEntry *exctab;          /* GC buffer or NULL */
    int32_t *cell2arg;           /* GC buffer or NULL: per cellvar, arg index or -1 */
    uint32_t ncode, nexc;
    TlVal consts;                /* tuple */
    TlVal names;                 /* tuple of str: globals, attributes, imports */
    TlVal varnames;              /* tuple of str: locals, arguments first */
    TlVal cellvars;              /* tuple of str */
    TlVal freevars;              /* tuple of str */
    TlVal name, qualname, filename;
    TlVal source;                /* str: the whole source text (tracebacks) or None */
    int32_t argcount, posonlyargcount, kwonlyargcount;
    int32_t nlocals, ncells, nfree, stacksize;
    int32_t firstlineno;
    uint32_t flags;              /* TL_CO_* */
} TlCode;

typedef struct TlFunc {
    TlObj ob;
    TlVal code;
    TlVal globals;               /* dict */
    TlVal builtins;              /* dict */
    TlVal name, qualname, module, doc;
    TlVal defaults;              /* tuple or TL_NULL */
    TlVal kwdefaults;            /* dict or TL_NULL */
    TlVal closure;               /* tuple of cells or TL_NULL */
    TlVal dict;                  /* function attributes, TL_NULL until used */
    TlVal annotations;
} TlFunc;

extern TlType tl_code_type, tl_func_type, tl_gen_type;
#define TL_CODE(v) ((TlCode *)tl_obj(v))
#define TL_FUNC(v) ((TlFunc *)tl_obj(v))

/* Code objects are built by the compiler through this constructor so the
 * interpreter can precompute what it needs (eval.c / code.c). */
TlVal tl_code_new(TlThread *th, TlCode *proto);
void tl_code_init(TlThread *th);       /* tl_type_ready(code type) */
/* Debug listing of a code object and its nested code objects. */
void tl_dis(TlThread *th, TlVal code, FILE *out);

#endif
