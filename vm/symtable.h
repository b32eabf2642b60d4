/*
 * symtable.h -- the compiler's symbol tables (private to the compiler).
 *
 * Before generating code the compiler needs to know, for every name in
 * every scope, whether it is a fast local, a cell shared with nested
 * functions, a free variable from an enclosing function, or a global.
 * symtable.c answers that in two passes over the AST, exactly like
 * CPython's symtable.c: a walk that records how each name is used in each
 * scope (assigned, used, declared global/nonlocal, a parameter), then an
 * analysis that resolves the scopes top-down with the sets of names bound
 * in enclosing functions.
 *
 * Everything lives in the AST's arena: the tables die with the tree, and
 * an allocation failure aborts like every other arena allocation, so the
 * only errors are SyntaxErrors, reported through TlCErr by longjmp.
 */
#ifndef TL_SYMTABLE_H
#define TL_SYMTABLE_H

#include <setjmp.h>
#include <stdbool.h>

/* The AST's operator enums reuse names that tl.h gives to the VM's
 * operators; everything that includes both sees the AST ones under TL_A_
 * names.  The compiler maps between the two explicitly. */
#define TL_OP_ADD TL_A_ADD
#define TL_OP_SUB TL_A_SUB
#define TL_OP_MULT TL_A_MULT
#define TL_OP_MATMULT TL_A_MATMULT
#define TL_OP_DIV TL_A_DIV
#define TL_OP_MOD TL_A_MOD
#define TL_OP_POW TL_A_POW
#define TL_OP_LSHIFT TL_A_LSHIFT
#define TL_OP_RSHIFT TL_A_RSHIFT
#define TL_OP_BITOR TL_A_BITOR
#define TL_OP_BITXOR TL_A_BITXOR
#define TL_OP_BITAND TL_A_BITAND
#define TL_OP_FLOORDIV TL_A_FLOORDIV
#define TL_UOP_INVERT TL_A_INVERT
#define TL_UOP_NOT TL_A_NOT
#define TL_UOP_UADD TL_A_UADD
#define TL_UOP_USUB TL_A_USUB
#define TlCmpOp TlAstCmpOp
#include "ast.h"
#undef TL_OP_ADD
#undef TL_OP_SUB
#undef TL_OP_MULT
#undef TL_OP_MATMULT
#undef TL_OP_DIV
#undef TL_OP_MOD
#undef TL_OP_POW
#undef TL_OP_LSHIFT
#undef TL_OP_RSHIFT
#undef TL_OP_BITOR
#undef TL_OP_BITXOR
#undef TL_OP_BITAND
#undef TL_OP_FLOORDIV
#undef TL_UOP_INVERT
#undef TL_UOP_NOT
#undef TL_UOP_UADD
#undef TL_UOP_USUB
#undef TlCmpOp

/* A compile error on its way to becoming an exception.  Whoever detects
 * it fills the fields and longjmps to jb; tl_compile turns it into the
 * exception (positions are AST positions: 0-based columns). */
typedef enum { TL_CE_SYNTAX, TL_CE_RECURSION, TL_CE_RAISED } TlCErrKind;

typedef struct TlCErr {
    jmp_buf jb;
    TlCErrKind kind;           /* TL_CE_RAISED: th->exc is already set */
    char msg[256];
    int lineno, col, end_lineno, end_col;
} TlCErr;

void tl_cerr_at(TlCErr *e, int lineno, int col, int end_lineno, int end_col,
                const char *fmt, ...);

/* A string-keyed hash map (keys are arena strings, compared by content). */
typedef struct TlNameMap {
    const char **keys;
    int *vals;
    int cap, n;
} TlNameMap;

int tl_nm_get(const TlNameMap *m, const char *key);     /* -1: absent */
void tl_nm_put(TlArena *a, TlNameMap *m, const char *key, int val);

/* How a scope uses a name (symbol flags). */
enum {
    TL_DEF_GLOBAL = 1 << 0,    /* global statement */
    TL_DEF_LOCAL = 1 << 1,     /* assigned in this scope */
    TL_DEF_PARAM = 1 << 2,
    TL_DEF_NONLOCAL = 1 << 3,
    TL_DEF_USE = 1 << 4,       /* read in this scope */
    TL_DEF_FREE_CLASS = 1 << 5, /* class local that methods also close over */
    TL_DEF_IMPORT = 1 << 6,
    TL_DEF_ANNOT = 1 << 7,
    TL_DEF_COMP_ITER = 1 << 8, /* a comprehension's iteration variable */
    TL_DEF_BOUND = TL_DEF_LOCAL | TL_DEF_PARAM | TL_DEF_IMPORT,
};

/* Where a name resolves (after analysis). */
typedef enum {
    TL_SC_NONE, TL_SC_LOCAL, TL_SC_GLOBAL_EXPLICIT, TL_SC_GLOBAL_IMPLICIT,
    TL_SC_FREE, TL_SC_CELL
} TlScopeKind;

typedef enum { TL_BLK_MODULE, TL_BLK_FUNCTION, TL_BLK_CLASS } TlBlockKind;

typedef struct TlSym {
    const char *name;          /* mangled */
    int flags;                 /* TL_DEF_* */
    TlScopeKind scope;
    const TlStmt *decl;        /* its global/nonlocal statement, if any */
} TlSym;

typedef struct TlScope TlScope;
struct TlScope {
    TlBlockKind kind;
    const char *name;          /* "f", "<lambda>", "<listcomp>", "top" ... */
    const void *key;           /* the AST node that opened it */
    TlScope *parent;
    TlSym *syms;               /* in order of first appearance */
    int nsyms, symcap;
    TlNameMap index;           /* name -> syms index */
    const char **params;       /* parameters in order */
    int nparams, paramcap;
    TlScope **kids;
    int nkids, kidcap;
    const char *private_name;  /* enclosing class name for mangling */
    int lineno, col, end_lineno, end_col;
    bool generator, comprehension, varargs, varkw;
    bool needs_class_closure;  /* class body must create the __class__ cell */
    bool comp_iter_expr;       /* visiting a comprehension's outer iterable */
};

typedef struct TlSymtable {
    TlArena *arena;
    TlCErr *err;
    TlScope *top;
    TlScope *cur;
    int depth;                 /* recursion guard */
} TlSymtable;

/* Build and analyse the tables of a whole module (or expression). */
void tl_symtable_build(TlSymtable *st, TlArena *a, TlCErr *err, TlMod *mod);
/* The scope a nested node (def, class, lambda, comprehension) opened. */
TlScope *tl_symtable_child(TlScope *parent, const void *key);
TlSym *tl_scope_lookup(TlScope *s, const char *name);
/* CPython's private-name mangling: __x in class C becomes _C__x. */
const char *tl_mangle(TlArena *a, const char *private_name, const char *name);

#define TL_MAX_COMPILE_DEPTH 1000

#endif
