/*
** ast.h -- the abstract syntax tree produced by the parser (vm/parse.c)
** and consumed by the compiler.
**
** The tree mirrors CPython 3.11's `ast` module node for node and field for
** field, so anyone who knows `ast.dump()` output knows this structure:
** a node kind enum plus a union member named after the lower-cased CPython
** node, whose fields carry CPython's field names.  Positions follow CPython
** exactly: 1-based line numbers, 0-based columns counted in UTF-8 bytes,
** end positions exclusive.  They drive traceback carets, so they matter.
**
** The AST is deliberately independent of the object model (no tl.h): all
** nodes, sequences and strings live in a TlArena, a list of large malloc'd
** chunks released in one call.  A compiler walks the tree once and then
** frees the arena; nothing is reference counted or garbage collected.
*/
#ifndef TL_AST_H
#define TL_AST_H

#include <stddef.h>
#include <stdio.h>

/* ---------------------------------------------------------------- arena */

typedef struct TlArenaChunk TlArenaChunk;

typedef struct TlArena {
    TlArenaChunk *chunks;   /* newest first */
    char *p, *end;          /* free space in the newest chunk */
} TlArena;

void  tl_arena_init(TlArena *a);
/* Zero-filled, max-aligned; aborts the process when out of memory. */
void *tl_arena_alloc(TlArena *a, size_t n);
/* Copy of s[0..n) plus a terminating NUL. */
char *tl_arena_strndup(TlArena *a, const char *s, size_t n);
void  tl_arena_free(TlArena *a);   /* releases everything; a is re-usable */

/* ---------------------------------------------------------------- enums */

typedef enum { TL_LOAD, TL_STORE, TL_DEL } TlExprContext;

typedef enum { TL_AND, TL_OR } TlBoolOp;

typedef enum {
    TL_OP_ADD, TL_OP_SUB, TL_OP_MULT, TL_OP_MATMULT, TL_OP_DIV, TL_OP_MOD,
    TL_OP_POW, TL_OP_LSHIFT, TL_OP_RSHIFT, TL_OP_BITOR, TL_OP_BITXOR,
    TL_OP_BITAND, TL_OP_FLOORDIV
} TlOperator;

typedef enum { TL_UOP_INVERT, TL_UOP_NOT, TL_UOP_UADD, TL_UOP_USUB } TlUnaryOp;

typedef enum {
    TL_CMP_EQ, TL_CMP_NOTEQ, TL_CMP_LT, TL_CMP_LTE, TL_CMP_GT, TL_CMP_GTE,
    TL_CMP_IS, TL_CMP_ISNOT, TL_CMP_IN, TL_CMP_NOTIN
} TlCmpOp;

/* ------------------------------------------------------------ sequences */

typedef struct TlExpr TlExpr;
typedef struct TlStmt TlStmt;
typedef struct TlArg TlArg;
typedef struct TlKeyword TlKeyword;
typedef struct TlAlias TlAlias;
typedef struct TlWithItem TlWithItem;
typedef struct TlComprehension TlComprehension;
typedef struct TlExceptHandler TlExceptHandler;
typedef struct TlArguments TlArguments;

/* Every sequence is { n, items }; items is NULL when n == 0. */
typedef struct { int n; TlExpr **items; } TlExprSeq;
typedef struct { int n; TlStmt **items; } TlStmtSeq;
typedef struct { int n; TlArg **items; } TlArgSeq;
typedef struct { int n; TlKeyword **items; } TlKeywordSeq;
typedef struct { int n; TlAlias **items; } TlAliasSeq;
typedef struct { int n; TlWithItem **items; } TlWithItemSeq;
typedef struct { int n; TlComprehension **items; } TlComprehensionSeq;
typedef struct { int n; TlExceptHandler **items; } TlHandlerSeq;
typedef struct { int n; TlCmpOp *items; } TlCmpOpSeq;
typedef struct { int n; char **items; } TlIdentSeq;

/* ------------------------------------------------------------ constants */

typedef enum {
    TL_CONST_NONE, TL_CONST_TRUE, TL_CONST_FALSE, TL_CONST_ELLIPSIS,
    TL_CONST_INT,     /* s = digits (no prefix, no '_'), base = 2/8/10/16 */
    TL_CONST_FLOAT,   /* d */
    TL_CONST_IMAG,    /* d = imaginary part (the value is d * 1j) */
    TL_CONST_STR,     /* s[0..len) = UTF-8 text, may hold NULs */
    TL_CONST_BYTES    /* s[0..len) = raw bytes */
} TlConstKind;

typedef struct TlConstant {
    TlConstKind kind;
    int base;           /* TL_CONST_INT only */
    int u_prefix;       /* STR written with a u"" prefix (CPython kind='u') */
    size_t len;         /* INT/STR/BYTES: byte length of s */
    const char *s;      /* INT/STR/BYTES: arena text, always NUL-terminated */
    double d;           /* FLOAT/IMAG */
} TlConstant;

/* ---------------------------------------------------------- expressions */

typedef enum {
    TL_E_BOOLOP, TL_E_NAMEDEXPR, TL_E_BINOP, TL_E_UNARYOP, TL_E_LAMBDA,
    TL_E_IFEXP, TL_E_DICT, TL_E_SET, TL_E_LISTCOMP, TL_E_SETCOMP,
    TL_E_DICTCOMP, TL_E_GENERATOREXP, TL_E_AWAIT, TL_E_YIELD,
    TL_E_YIELDFROM, TL_E_COMPARE, TL_E_CALL, TL_E_FORMATTEDVALUE,
    TL_E_JOINEDSTR, TL_E_CONSTANT, TL_E_ATTRIBUTE, TL_E_SUBSCRIPT,
    TL_E_STARRED, TL_E_NAME, TL_E_LIST, TL_E_TUPLE, TL_E_SLICE
} TlExprKind;

struct TlExpr {
    TlExprKind kind;
    int lineno, col, end_lineno, end_col;
    union {
        struct { TlBoolOp op; TlExprSeq values; } boolop;
        struct { TlExpr *target, *value; } namedexpr;
        struct { TlExpr *left; TlOperator op; TlExpr *right; } binop;
        struct { TlUnaryOp op; TlExpr *operand; } unaryop;
        struct { TlArguments *args; TlExpr *body; } lambda;
        struct { TlExpr *test, *body, *orelse; } ifexp;
        /* keys[i] == NULL means values[i] is a `**mapping` entry */
        struct { TlExprSeq keys, values; } dict;
        struct { TlExprSeq elts; } set;
        /* ListComp, SetComp and GeneratorExp share one layout */
        struct { TlExpr *elt; TlComprehensionSeq generators; } listcomp,
            setcomp, generatorexp;
        struct { TlExpr *key, *value; TlComprehensionSeq generators; } dictcomp;
        struct { TlExpr *value; } await_, yieldfrom;
        struct { TlExpr *value; } yield;          /* value may be NULL */
        struct { TlExpr *left; TlCmpOpSeq ops; TlExprSeq comparators; } compare;
        /* *x arguments appear in args as Starred; **m as a keyword with
           arg == NULL */
        struct { TlExpr *func; TlExprSeq args; TlKeywordSeq keywords; } call;
        /* conversion: -1 (none), 's', 'r' or 'a'; format_spec: NULL or a
           JoinedStr */
        struct { TlExpr *value; int conversion; TlExpr *format_spec; } formattedvalue;
        struct { TlExprSeq values; } joinedstr;   /* Constant(STR) / FormattedValue */
        TlConstant constant;
        struct { TlExpr *value; char *attr; TlExprContext ctx; } attribute;
        struct { TlExpr *value, *slice; TlExprContext ctx; } subscript;
        struct { TlExpr *value; TlExprContext ctx; } starred;
        struct { char *id; TlExprContext ctx; } name;
        struct { TlExprSeq elts; TlExprContext ctx; } list, tuple;
        struct { TlExpr *lower, *upper, *step; } slice;   /* each may be NULL */
    } u;
};

/* ----------------------------------------------------------- statements */

typedef enum {
    TL_S_FUNCTIONDEF, TL_S_ASYNCFUNCTIONDEF, TL_S_CLASSDEF, TL_S_RETURN,
    TL_S_DELETE, TL_S_ASSIGN, TL_S_AUGASSIGN, TL_S_ANNASSIGN, TL_S_FOR,
    TL_S_ASYNCFOR, TL_S_WHILE, TL_S_IF, TL_S_WITH, TL_S_ASYNCWITH,
    TL_S_RAISE, TL_S_TRY, TL_S_TRYSTAR, TL_S_ASSERT, TL_S_IMPORT,
    TL_S_IMPORTFROM, TL_S_GLOBAL, TL_S_NONLOCAL, TL_S_EXPR, TL_S_PASS,
    TL_S_BREAK, TL_S_CONTINUE
} TlStmtKind;

struct TlStmt {
    TlStmtKind kind;
    int lineno, col, end_lineno, end_col;
    union {
        /* FunctionDef and AsyncFunctionDef; returns may be NULL */
        struct {
            char *name; TlArguments *args; TlStmtSeq body;
            TlExprSeq decorator_list; TlExpr *returns;
        } functiondef;
        struct {
            char *name; TlExprSeq bases; TlKeywordSeq keywords;
            TlStmtSeq body; TlExprSeq decorator_list;
        } classdef;
        struct { TlExpr *value; } return_;       /* value may be NULL */
        struct { TlExprSeq targets; } delete_;
        struct { TlExprSeq targets; TlExpr *value; } assign;  /* a = b = v */
        struct { TlExpr *target; TlOperator op; TlExpr *value; } augassign;
        /* simple = 1 when target is a bare, unparenthesized Name */
        struct { TlExpr *target, *annotation, *value; int simple; } annassign;
        struct { TlExpr *target, *iter; TlStmtSeq body, orelse; } for_;  /* also AsyncFor */
        struct { TlExpr *test; TlStmtSeq body, orelse; } while_, if_;
        struct { TlWithItemSeq items; TlStmtSeq body; } with;           /* also AsyncWith */
        struct { TlExpr *exc, *cause; } raise;    /* both may be NULL */
        struct {                                  /* Try and TryStar */
            TlStmtSeq body; TlHandlerSeq handlers; TlStmtSeq orelse, finalbody;
        } try_;
        struct { TlExpr *test, *msg; } assert_;   /* msg may be NULL */
        struct { TlAliasSeq names; } import;
        /* module NULL for `from . import x`; level = number of dots */
        struct { char *module; TlAliasSeq names; int level; } importfrom;
        struct { TlIdentSeq names; } global, nonlocal;
        struct { TlExpr *value; } expr;
    } u;
};

/* ------------------------------------------------------ auxiliary nodes */

struct TlComprehension {          /* for target in iter if ifs... */
    TlExpr *target, *iter;
    TlExprSeq ifs;
    int is_async;
};

struct TlExceptHandler {          /* except type as name: body */
    TlExpr *type;                 /* NULL for a bare `except:` */
    char *name;                   /* NULL without `as` */
    TlStmtSeq body;
    int lineno, col, end_lineno, end_col;
};

struct TlArguments {
    TlArgSeq posonlyargs, args;
    TlArg *vararg;                /* *args, or NULL */
    TlArgSeq kwonlyargs;
    TlExprSeq kw_defaults;        /* one per kwonlyarg; NULL = no default */
    TlArg *kwarg;                 /* **kwargs, or NULL */
    TlExprSeq defaults;           /* for the LAST defaults.n of posonlyargs+args */
};

struct TlArg {
    char *arg;
    TlExpr *annotation;           /* may be NULL */
    int lineno, col, end_lineno, end_col;
};

struct TlKeyword {                /* arg=value, or **value when arg == NULL */
    char *arg;
    TlExpr *value;
    int lineno, col, end_lineno, end_col;
};

struct TlAlias {                  /* import name as asname */
    char *name;                   /* dotted name, or "*" */
    char *asname;                 /* may be NULL */
    int lineno, col, end_lineno, end_col;
};

struct TlWithItem {
    TlExpr *context_expr;
    TlExpr *optional_vars;        /* may be NULL */
};

/* --------------------------------------------------------------- module */

typedef enum { TL_MOD_MODULE, TL_MOD_INTERACTIVE, TL_MOD_EXPRESSION } TlModKind;

typedef struct TlMod {
    TlModKind kind;
    TlStmtSeq body;               /* Module, Interactive */
    TlExpr *expr;                 /* Expression */
} TlMod;

/* ------------------------------------------------------------- parsing */

typedef enum {
    TL_PARSE_FILE,     /* a module: "exec" mode           -> Module      */
    TL_PARSE_SINGLE,   /* one REPL statement: "single"    -> Interactive */
    TL_PARSE_EVAL      /* one expression: "eval"          -> Expression  */
} TlParseMode;

typedef enum {
    TL_ERR_SYNTAX,       /* SyntaxError */
    TL_ERR_INDENTATION,  /* IndentationError */
    TL_ERR_TAB,          /* TabError */
    TL_ERR_INCOMPLETE,   /* input ended too early: a REPL should read more */
    TL_ERR_MEMORY        /* nesting too deep for the parser: CPython 3.11
                            raises a bare MemoryError here */
} TlSyntaxErrKind;

typedef struct TlSyntaxErr {
    TlSyntaxErrKind kind;
    char msg[200];
    int lineno;          /* 1-based; 0 if unknown */
    int col;             /* 1-based byte offset like SyntaxError.offset; 0 if unknown */
    int end_lineno, end_col;   /* exclusive end, same conventions; 0 if unknown */
    char text[1024];     /* offending source line incl. '\n' (truncated), or "" */
} TlSyntaxErr;

/* Parse src[0..len) (UTF-8; need not be NUL-terminated).  filename is only
   used in messages.  Returns NULL and fills *err on failure.  The tree
   lives in *a until tl_arena_free(a). */
TlMod *tl_parse(TlArena *a, const char *src, size_t len, const char *filename,
                TlParseMode mode, TlSyntaxErr *err);

/* Print m like Python's ast.dump(m[, include_attributes=True]). */
void tl_ast_dump(FILE *f, TlMod *m);
void tl_ast_dump_ex(FILE *f, TlMod *m, int include_attributes);

#endif
