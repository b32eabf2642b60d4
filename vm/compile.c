/*
 * compile.c -- from source text to code objects.
 *
 * tl_compile parses (parse.c), builds the symbol tables (symtable.c) and
 * walks the AST once, emitting the instruction set of code.h with CPython
 * 3.11's compilation schemes: the same exception-table layout for
 * try/except/finally/with, the same stack shapes, comprehensions as nested
 * functions called immediately, class bodies as functions run by
 * __build_class__.  Keeping the schemes identical lets the interpreter
 * follow 3.11's ceval semantics opcode for opcode.
 *
 * Each function body is a Unit: a flat list of instructions whose jump
 * arguments are label numbers, plus the pseudo-instruction SETUP that opens
 * an exception-handler region.  Every instruction records the innermost
 * handler in effect when it was emitted; regions nest lexically, so the
 * compiler tracks the current handler like a stack (push_handler / POP_BLOCK
 * = back to the parent).  Assembly then
 *   1. walks the control flow from the entry computing the exact stack
 *      depth of every reachable instruction (a handler's depth is the depth
 *      at its SETUP), which yields co_stacksize,
 *   2. drops unreachable instructions, lays out the words (opcode + cache
 *      words), resolves labels to absolute word indexes,
 *   3. coalesces runs of instructions with the same handler into the
 *      exception table.
 *
 * Conventions beyond code.h (all as in CPython 3.11 unless noted):
 *  - A non-NULL self_or_NULL slot is just a first positional argument, for
 *    any callable; the compiler relies on it where 3.11 does:
 *    [decorator, function] CALL 0, [comprehension function, iterator]
 *    CALL 0, [__exit__, None, None, None] CALL 2, [AssertionError, msg]
 *    CALL 0.  Class creation: LOAD_BUILD_CLASS; PUSH_NULL; <body function>;
 *    LOAD_CONST name; bases...; CALL 2+n (or CALL_FUNCTION_EX).
 *  - CALL_FUNCTION_EX: for f(*x) alone the args slot holds x itself (any
 *    iterable); otherwise a tuple.  Keyword arguments always arrive as a
 *    fresh dict (BUILD_MAP/BUILD_CONST_KEY_MAP + DICT_MERGE).
 *  - MAKE_FUNCTION flag 4: a tuple (name, value, name, value ...) of
 *    annotations.  Functions and lambdas reserve consts[0] for __doc__ (a
 *    str or None).  Keyword-only defaults come from BUILD_CONST_KEY_MAP.
 *  - YIELD_VALUE 1 marks the yield of a yield-from loop
 *    (SEND exit; YIELD_VALUE 1; JUMP back to SEND), YIELD_VALUE 0 a yield.
 *  - Constants may be int, float, str, bytes, None/True/False/Ellipsis,
 *    tuples and frozensets of those, and code objects.
 *
 * Memory: everything temporary lives in the AST arena and dies with it.
 * Errors (SyntaxError, MemoryError from an object allocation, compiler
 * recursion) longjmp back to tl_compile, which turns them into the
 * exception.  No collection can happen while compiling (no safepoints), so
 * the constants held in arena arrays need no rooting until they are copied
 * into the code object.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "symtable.h"

#define OP_SETUP OP_COUNT_     /* pseudo: a handler region starts (arg: handler) */
#define MAX_BLOCKS 20          /* CPython's CO_MAXBLOCKS */
#define STACK_USE_GUIDELINE 30 /* beyond this, build big displays incrementally */

typedef struct Ins {
    int op;
    int arg;                   /* jumps: label number */
    int handler;               /* innermost handler, -1: none */
    TlPos pos;
} Ins;

typedef struct Handler {
    int label;
    int lasti;                 /* push the offset of the raising instruction */
    int pop;                   /* handler depth = depth at SETUP - pop */
    int parent;
    int depth;                 /* known after the stack walk, -1 before */
} Handler;

typedef enum {
    FB_WHILE, FB_FOR, FB_TRY_EXCEPT, FB_FINALLY_TRY, FB_FINALLY_END, FB_WITH,
    FB_HANDLER_CLEANUP, FB_POP_VALUE, FB_EXCEPTION_HANDLER
} FbKind;

typedef struct FBlock {
    FbKind kind;
    int start, exit;           /* loops: continue / break targets */
    const void *datum;         /* finally body, with statement or handler name */
} FBlock;

typedef enum { U_MODULE, U_CLASS, U_FUNCTION, U_LAMBDA, U_COMPREHENSION } UnitKind;

typedef struct Unit Unit;
struct Unit {
    Unit *prev;
    UnitKind kind;
    TlScope *ste;
    Ins *ins;
    int nins, inscap;
    int *labels;
    int nlabels, labelcap;
    Handler *hs;
    int nhs, hcap;
    int cur_handler;
    TlVal *consts;
    int nconsts, constcap;
    int *ctab;                 /* hash index of consts */
    int ctabcap;
    TlNameMap name_map, var_map, cell_map, free_map;
    const char **names, **vars, **cells, **frees;
    int nnames, namecap, nvars, varcap, ncells, nfree;
    FBlock fb[MAX_BLOCKS];
    int nfb;
    TlPos loc;
    const char *name, *qualname, *private_name;
    int argcount, posonly, kwonly, firstlineno;
    uint32_t flags;
};

typedef struct Comp {
    TlThread *th;
    TlArena *arena;
    TlCErr err;
    TlSymtable st;
    Unit *u;
    int depth;
    bool interactive;
    TlVal filename, source;
    const char *fname, *src;
    size_t srclen;
} Comp;

/* ------------------------------------------------------------ errors */

#define ERR_AT(c, n, ...) \
    tl_cerr_at(&(c)->err, (n)->lineno, (n)->col, (n)->end_lineno, (n)->end_col, __VA_ARGS__)

/* An object allocation failed: th->exc is set. */
static void raised(Comp *c)
{
    c->err.kind = TL_CE_RAISED;
    longjmp(c->err.jb, 1);
}

static TlVal chk(Comp *c, TlVal v)
{
    if (!v)
        raised(c);
    return v;
}

static void enter(Comp *c)
{
    if (++c->depth > TL_MAX_COMPILE_DEPTH) {
        c->err.kind = TL_CE_RECURSION;
        longjmp(c->err.jb, 1);
    }
}

/* ------------------------------------------------------------ arena vectors */

static void *vgrow(Comp *c, void *p, int *cap, size_t elem)
{
    if (*cap > INT_MAX / 4) {
        c->err.kind = TL_CE_RECURSION;   /* absurd sizes: treat like too deep */
        longjmp(c->err.jb, 1);
    }
    int ncap = *cap ? *cap * 2 : 16;
    void *np = tl_arena_alloc(c->arena, (size_t)ncap * elem);
    if (p)
        memcpy(np, p, (size_t)*cap * elem);
    *cap = ncap;
    return np;
}

#define VPUSH(c, arr, n, cap) \
    ((n) == (cap) ? (void)((arr) = vgrow((c), (arr), &(cap), sizeof *(arr))) : (void)0, \
     &(arr)[(n)++])

/* ------------------------------------------------------------ emission */

static void set_loc(Comp *c, int lineno, int col, int end_lineno, int end_col)
{
    c->u->loc = (TlPos){lineno, end_lineno, col, end_col};
}

#define LOC(c, n) set_loc((c), (n)->lineno, (n)->col, (n)->end_lineno, (n)->end_col)

/* An attribute access spanning lines points at the attribute's own line:
 * the start moves to the name (CPython's update_start_location_to_match_attr). */
static void attr_loc(Comp *c, TlExpr *attr)
{
    TlPos *p = &c->u->loc;
    if (p->line == attr->end_lineno)
        return;
    int len = (int)strlen(attr->u.attribute.attr);
    p->line = attr->end_lineno;
    p->col = len <= attr->end_col ? attr->end_col - len : -1;
    if (p->end_line < p->line)
        p->end_line = p->line;
    if (p->line == p->end_line && p->end_col < p->col)
        p->end_col = p->col;
}

/* Artificial instructions take the position of the one before them. */
static void unset_loc(Comp *c)
{
    c->u->loc = (TlPos){-1, -1, -1, -1};
}

static int emit(Comp *c, int op, int arg)
{
    Unit *u = c->u;
    Ins *i = VPUSH(c, u->ins, u->nins, u->inscap);
    i->op = op;
    i->arg = arg;
    i->handler = u->cur_handler;
    i->pos = u->loc;
    return u->nins - 1;
}

#define EMIT0(c, op) emit((c), OP_##op, 0)
#define EMIT(c, op, arg) emit((c), OP_##op, (arg))

static int new_label(Comp *c)
{
    Unit *u = c->u;
    *VPUSH(c, u->labels, u->nlabels, u->labelcap) = -1;
    return u->nlabels - 1;
}

static void place(Comp *c, int label)
{
    c->u->labels[label] = c->u->nins;
}

static bool is_jump(int op)
{
    switch (op) {
    case OP_JUMP: case OP_POP_JUMP_IF_FALSE: case OP_POP_JUMP_IF_TRUE:
    case OP_POP_JUMP_IF_NONE: case OP_POP_JUMP_IF_NOT_NONE:
    case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP:
    case OP_FOR_ITER: case OP_SEND:
        return true;
    default:
        return false;
    }
}

/* Open a handler region (CPython's SETUP_FINALLY / SETUP_CLEANUP /
 * SETUP_WITH): instructions emitted from now on jump to `label` when they
 * raise.  Returns the handler's index. */
static int push_handler(Comp *c, int label, int lasti, int pop)
{
    Unit *u = c->u;
    Handler *h = VPUSH(c, u->hs, u->nhs, u->hcap);
    h->label = label;
    h->lasti = lasti;
    h->pop = pop;
    h->parent = u->cur_handler;
    h->depth = -1;
    emit(c, OP_SETUP, u->nhs - 1);
    u->cur_handler = u->nhs - 1;
    return u->nhs - 1;
}

/* CPython's POP_BLOCK: back to the enclosing handler. */
static void pop_block(Comp *c)
{
    c->u->cur_handler = c->u->hs[c->u->cur_handler].parent;
}

/* Code at a handler label runs under the handler that was current when
 * its region was opened. */
static void place_handler(Comp *c, int h)
{
    place(c, c->u->hs[h].label);
    c->u->cur_handler = c->u->hs[h].parent;
}

/* ------------------------------------------------------------ constants */

static bool const_equal(TlVal a, TlVal b)
{
    if (a == b)
        return true;
    if (tl_is_small(a) || tl_is_small(b) || tl_type(a) != tl_type(b))
        return false;
    TlType *t = tl_type(a);
    if (t == &tl_int_type)
        return tl_int_cmp(a, b) == 0;
    if (t == &tl_float_type) {
        double x = TL_FLOAT(a), y = TL_FLOAT(b);
        return memcmp(&x, &y, sizeof x) == 0;   /* 0.0 and -0.0 differ */
    }
    if (t == &tl_str_type)
        return tl_str_eq(a, b);
    if (t == &tl_bytes_type) {
        TlBytes *x = (TlBytes *)tl_obj(a), *y = (TlBytes *)tl_obj(b);
        return x->len == y->len && memcmp(x->data, y->data, x->len) == 0;
    }
    if (t == &tl_tuple_type) {
        TlTuple *x = TL_TUPLE(a), *y = TL_TUPLE(b);
        if (x->len != y->len)
            return false;
        for (size_t i = 0; i < x->len; i++)
            if (!const_equal(x->items[i], y->items[i]))
                return false;
        return true;
    }
    return false;
}

/* A hash consistent with const_equal. */
static uint64_t const_hash(TlVal v)
{
    uint64_t h = (uint64_t)(uintptr_t)tl_type(v);
    if (tl_is_small(v))
        return h ^ (uint64_t)v;
    TlType *t = tl_type(v);
    if (t == &tl_int_type)
        return h ^ (uint64_t)tl_int_hash(v);
    if (t == &tl_str_type)
        return h ^ (uint64_t)tl_str_hash(v);
    if (t == &tl_float_type) {
        double d = TL_FLOAT(v);
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return h ^ bits;
    }
    if (t == &tl_bytes_type) {
        TlBytes *b = (TlBytes *)tl_obj(v);
        for (size_t i = 0; i < b->len; i++)
            h = (h ^ b->data[i]) * 1099511628211u;
        return h;
    }
    if (t == &tl_tuple_type) {
        for (size_t i = 0; i < TL_TUPLE(v)->len; i++)
            h = (h ^ const_hash(TL_TUPLE(v)->items[i])) * 1099511628211u;
        return h;
    }
    return h ^ (uint64_t)v;       /* code objects, frozensets: identity */
}

/* Index of v in co_consts, added if new.  A hash index (slot = index + 1)
 * keeps modules with thousands of constants linear. */
static int add_const(Comp *c, TlVal v)
{
    Unit *u = c->u;
    uint64_t h = const_hash(v);
    if (u->nconsts * 2 >= u->ctabcap) {
        int cap = u->ctabcap ? u->ctabcap * 2 : 64;
        int *tab = tl_arena_alloc(c->arena, sizeof(int) * (size_t)cap);
        for (int i = 0; i < u->nconsts; i++) {
            size_t k = (size_t)const_hash(u->consts[i]) & (size_t)(cap - 1);
            while (tab[k])
                k = (k + 1) & (size_t)(cap - 1);
            tab[k] = i + 1;
        }
        u->ctab = tab;
        u->ctabcap = cap;
    }
    size_t k = (size_t)h & (size_t)(u->ctabcap - 1);
    for (; u->ctab[k]; k = (k + 1) & (size_t)(u->ctabcap - 1))
        if (const_equal(u->consts[u->ctab[k] - 1], v))
            return u->ctab[k] - 1;
    *VPUSH(c, u->consts, u->nconsts, u->constcap) = v;
    u->ctab[k] = u->nconsts;
    return u->nconsts - 1;
}

static void load_const(Comp *c, TlVal v)
{
    EMIT(c, LOAD_CONST, add_const(c, v));
}

static bool identifier_like(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    }
    return true;
}

static TlVal str_const(Comp *c, const char *s, size_t n)
{
    TlVal v = chk(c, tl_str_new(c->th, s, n));
    return identifier_like(s, n) ? chk(c, tl_intern(c->th, v)) : v;
}

/* Constant folding, with CPython's limits so that folding never builds
 * huge objects at compile time (ast_opt.c: 128-bit ints, 4096-char
 * strings, 256-item tuples). */
enum { MAX_INT_BITS = 128, MAX_STR_SIZE = 4096, MAX_COLLECTION_SIZE = 256 };

static size_t int_bits(TlVal v)
{
    if (tl_is_small(v)) {
        uintptr_t m = (uintptr_t)(tl_small(v) < 0 ? -tl_small(v) : tl_small(v));
        size_t n = 0;
        while (m) {
            n++;
            m >>= 1;
        }
        return n;
    }
    intptr_t size = ((TlInt *)tl_obj(v))->size;
    return (size_t)(size < 0 ? -size : size) * 32;
}

static bool is_num(TlVal v)
{
    return tl_is_small(v) || tl_type(v) == &tl_int_type || tl_type(v) == &tl_bool_type ||
           tl_type(v) == &tl_float_type;
}

static bool is_int(TlVal v)
{
    return tl_is_small(v) || tl_type(v) == &tl_int_type || tl_type(v) == &tl_bool_type;
}

static bool is_seq(TlVal v)
{
    return !tl_is_small(v) && (tl_type(v) == &tl_str_type || tl_type(v) == &tl_bytes_type ||
                               tl_type(v) == &tl_tuple_type);
}

static size_t seq_len(TlVal v)
{
    TlType *t = tl_type(v);
    return t == &tl_str_type ? TL_STR(v)->nchars
         : t == &tl_bytes_type ? ((TlBytes *)tl_obj(v))->len : TL_TUPLE(v)->len;
}

/* The value of an int known to fit 32 bits. */
static int64_t small_value(TlVal v)
{
    if (tl_is_small(v))
        return tl_small(v);
    TlInt *i = (TlInt *)tl_obj(v);
    return i->size == 0 ? 0 : i->size < 0 ? -(int64_t)i->d[0] : (int64_t)i->d[0];
}

/* seq * n stays small (either operand order). */
static bool small_repeat(TlVal seq, TlVal n)
{
    if (!is_int(n) || !is_seq(seq) || int_bits(n) > 32)
        return false;
    int64_t k = small_value(n);
    size_t len = seq_len(seq);
    size_t limit = tl_type(seq) == &tl_tuple_type ? MAX_COLLECTION_SIZE : MAX_STR_SIZE;
    return k <= 0 || len == 0 || (size_t)k <= limit / len;
}

static bool foldable_binop(TlBinOp op, TlVal a, TlVal b)
{
    if (is_num(a) && is_num(b)) {
        bool ints = is_int(a) && is_int(b);
        if (op == TL_OP_MUL && ints)
            return int_bits(a) + int_bits(b) <= MAX_INT_BITS;
        if (op == TL_OP_POW && ints) {
            if (tl_int_sign(b) < 0 || tl_int_sign(a) == 0)
                return true;
            int64_t w = int_bits(b) <= 32 ? small_value(b) : INT64_MAX;
            return w == 0 || int_bits(a) <= MAX_INT_BITS / (size_t)w;
        }
        if (op == TL_OP_LSHIFT && ints) {
            int64_t w = int_bits(b) <= 32 ? small_value(b) : INT64_MAX;
            return w >= 0 && w <= MAX_INT_BITS && int_bits(a) <= MAX_INT_BITS - (size_t)w;
        }
        return op != TL_OP_MATMUL;
    }
    if (op == TL_OP_ADD && is_seq(a) && tl_type(a) == tl_type(b))
        return seq_len(a) + seq_len(b) <= (tl_type(a) == &tl_tuple_type ? MAX_COLLECTION_SIZE
                                                                        : MAX_STR_SIZE);
    if (op == TL_OP_MUL)
        return small_repeat(a, b) || small_repeat(b, a);
    return false;
}

/* Evaluation errors (1/0) just mean "not folded". */
static TlVal fold_result(Comp *c, TlVal v)
{
    if (!v)
        tl_exc_clear(c->th);
    return v;
}

static TlVal const_value(Comp *c, TlExpr *e);

static TlVal fold_unary(Comp *c, TlExpr *e)
{
    TlVal v = const_value(c, e->u.unaryop.operand);
    if (!v)
        return TL_NULL;
    if (e->u.unaryop.op == TL_A_NOT) {
        int t = tl_truthy(c->th, v);
        return t < 0 ? fold_result(c, TL_NULL) : tl_bool(!t);
    }
    if (!is_num(v))
        return TL_NULL;
    TlUnOp op = e->u.unaryop.op == TL_A_USUB ? TL_UOP_NEG
              : e->u.unaryop.op == TL_A_UADD ? TL_UOP_POS : TL_UOP_INVERT;
    if (op == TL_UOP_INVERT && tl_type(v) == &tl_float_type)
        return TL_NULL;
    return fold_result(c, tl_unop(c->th, op, v));
}

static TlBinOp binop_of(TlOperator op);

static TlVal fold_binop(Comp *c, TlExpr *e)
{
    TlVal a = const_value(c, e->u.binop.left);
    if (!a)
        return TL_NULL;
    TlVal b = const_value(c, e->u.binop.right);
    TlBinOp op = binop_of(e->u.binop.op);
    if (!b || !foldable_binop(op, a, b))
        return TL_NULL;
    return fold_result(c, tl_binop(c->th, op, a, b));
}

static TlVal literal(Comp *c, TlExpr *e)
{
    TlConstant *k = &e->u.constant;
    switch (k->kind) {
    case TL_CONST_NONE: return TL_NONE;
    case TL_CONST_TRUE: return TL_TRUE;
    case TL_CONST_FALSE: return TL_FALSE;
    case TL_CONST_ELLIPSIS: return TL_ELLIPSIS;
    case TL_CONST_INT: return chk(c, tl_int_from_str(c->th, k->s, k->len, k->base));
    case TL_CONST_FLOAT: return chk(c, tl_float_new(c->th, k->d));
    case TL_CONST_STR: return str_const(c, k->s, k->len);
    case TL_CONST_BYTES: return chk(c, tl_bytes_new(c->th, k->s, k->len));
    case TL_CONST_IMAG: break;
    }
    ERR_AT(c, e, "complex numbers are not supported");
    return TL_NULL;
}

/* Fill out[0..n) with the values of constant expressions; false if one
 * of them is not constant. */
static bool const_values(Comp *c, TlExprSeq *s, TlVal *out)
{
    for (int i = 0; i < s->n; i++)
        if (s->items[i]->kind == TL_E_STARRED || !(out[i] = const_value(c, s->items[i])))
            return false;
    return true;
}

static TlVal const_tuple(Comp *c, TlExprSeq *s)
{
    TlVal *vals = tl_arena_alloc(c->arena, sizeof(TlVal) * (size_t)(s->n + 1));
    if (!const_values(c, s, vals))
        return TL_NULL;
    return chk(c, tl_tuple_from(c->th, vals, (size_t)s->n));
}

static TlVal const_frozenset(Comp *c, TlExprSeq *s)
{
    TlVal *vals = tl_arena_alloc(c->arena, sizeof(TlVal) * (size_t)(s->n + 1));
    if (!const_values(c, s, vals))
        return TL_NULL;
    TlVal fs = chk(c, tl_set_new(c->th, &tl_frozenset_type));
    for (int i = 0; i < s->n; i++)
        if (tl_set_add(c->th, fs, vals[i]) < 0)
            raised(c);
    return fs;
}

/* The value of a constant expression after folding (literals, operators
 * on constants, tuples of constants); TL_NULL if it is not constant. */
static TlVal const_value(Comp *c, TlExpr *e)
{
    TlVal v = TL_NULL;
    enter(c);
    switch (e->kind) {
    case TL_E_CONSTANT:
        v = literal(c, e);
        break;
    case TL_E_UNARYOP:
        v = fold_unary(c, e);
        break;
    case TL_E_BINOP:
        v = fold_binop(c, e);
        break;
    case TL_E_TUPLE:
        if (e->u.tuple.ctx == TL_LOAD)
            v = const_tuple(c, &e->u.tuple.elts);
        break;
    default:
        break;
    }
    c->depth--;
    return v;
}

/* ------------------------------------------------------------ warnings */

/* Line `lineno` (1-based) of src: its start, and its length without the
 * newline (*len); NULL past the end. */
static const char *find_line(const char *src, size_t n, int lineno, size_t *len)
{
    size_t i = 0;
    for (int l = 1; l < lineno && i < n; i++)
        if (src[i] == '\n')
            l++;
    if (lineno < 1 || i >= n)
        return NULL;
    size_t j = i;
    while (j < n && src[j] != '\n')
        j++;
    *len = j - i;
    return src + i;
}

/* Print a SyntaxWarning the way CPython's default warning display does:
 * "file:line: SyntaxWarning: msg" and the stripped source line (not for
 * pseudo-files such as <string>, whose lines CPython cannot fetch). */
static void warn(Comp *c, const char *fmt, ...)
{
    char msg[512], head[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = c->u->loc.line;
    int n = snprintf(head, sizeof head, "%s:%d: SyntaxWarning: %s\n", c->fname, line, msg);
    tl_write(c->th, 2, head, (size_t)n < sizeof head ? (size_t)n : sizeof head - 1);
    size_t len;
    const char *p = find_line(c->src, c->srclen, line, &len);
    if (c->fname[0] == '<' || !p)
        return;
    const char *q = p + len;
    while (p < q && (*p == ' ' || *p == '\t' || *p == '\f'))
        p++;
    while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r'))
        q--;
    tl_write(c->th, 2, "  ", 2);
    tl_write(c->th, 2, p, (size_t)(q - p));
    tl_write(c->th, 2, "\n", 1);
}

/* The type name CPython infers for a literal-like expression, or NULL. */
static const char *infer_type(Comp *c, TlExpr *e)
{
    switch (e->kind) {
    case TL_E_TUPLE: return "tuple";
    case TL_E_LIST: case TL_E_LISTCOMP: return "list";
    case TL_E_DICT: case TL_E_DICTCOMP: return "dict";
    case TL_E_SET: case TL_E_SETCOMP: return "set";
    case TL_E_GENERATOREXP: return "generator";
    case TL_E_LAMBDA: return "function";
    case TL_E_JOINEDSTR: case TL_E_FORMATTEDVALUE: return "str";
    case TL_E_CONSTANT: {
        TlVal v = const_value(c, e);
        return v == TL_NONE ? "NoneType" : v == TL_ELLIPSIS ? "ellipsis" : tl_type(v)->cname;
    }
    default:
        return NULL;
    }
}

/* `x is 1`: identity with a literal (not None/True/False/...). */
static bool is_literal(Comp *c, TlExpr *e)
{
    if (e->kind != TL_E_CONSTANT && e->kind != TL_E_UNARYOP && e->kind != TL_E_BINOP &&
        e->kind != TL_E_TUPLE)
        return false;
    TlVal v = const_value(c, e);
    return v && v != TL_NONE && v != TL_TRUE && v != TL_FALSE && v != TL_ELLIPSIS;
}

static void check_compare(Comp *c, TlExpr *e)
{
    bool left = is_literal(c, e->u.compare.left);
    for (int i = 0; i < e->u.compare.ops.n; i++) {
        TlAstCmpOp op = e->u.compare.ops.items[i];
        bool right = is_literal(c, e->u.compare.comparators.items[i]);
        if ((op == TL_CMP_IS || op == TL_CMP_ISNOT) && (left || right)) {
            warn(c, op == TL_CMP_IS ? "\"is\" with a literal. Did you mean \"==\"?"
                                    : "\"is not\" with a literal. Did you mean \"!=\"?");
            return;
        }
        left = right;
    }
}

static void check_caller(Comp *c, TlExpr *f)
{
    switch (f->kind) {
    case TL_E_CONSTANT: case TL_E_TUPLE: case TL_E_LIST: case TL_E_LISTCOMP:
    case TL_E_DICT: case TL_E_DICTCOMP: case TL_E_SET: case TL_E_SETCOMP:
    case TL_E_GENERATOREXP: case TL_E_JOINEDSTR: case TL_E_FORMATTEDVALUE:
        warn(c, "'%s' object is not callable; perhaps you missed a comma?", infer_type(c, f));
        break;
    default:
        break;
    }
}

static void check_subscript(Comp *c, TlExpr *v, TlExpr *k)
{
    const char *t = infer_type(c, v);
    bool literal_seq = false;
    switch (v->kind) {
    case TL_E_CONSTANT: {
        TlConstKind kind = v->u.constant.kind;
        if (kind == TL_CONST_NONE || kind == TL_CONST_ELLIPSIS || kind == TL_CONST_INT ||
            kind == TL_CONST_FLOAT || kind == TL_CONST_TRUE || kind == TL_CONST_FALSE) {
            warn(c, "'%s' object is not subscriptable; perhaps you missed a comma?", t);
            return;
        }
        literal_seq = kind == TL_CONST_STR || kind == TL_CONST_BYTES;
        break;
    }
    case TL_E_SET: case TL_E_SETCOMP: case TL_E_GENERATOREXP: case TL_E_LAMBDA:
        warn(c, "'%s' object is not subscriptable; perhaps you missed a comma?", t);
        return;
    case TL_E_TUPLE: case TL_E_LIST: case TL_E_LISTCOMP: case TL_E_JOINEDSTR:
    case TL_E_FORMATTEDVALUE:
        literal_seq = true;
        break;
    default:
        break;
    }
    const char *kt = k->kind == TL_E_SLICE ? "slice" : infer_type(c, k);
    if (!literal_seq || !kt || strcmp(kt, "int") == 0 || strcmp(kt, "bool") == 0 ||
        strcmp(kt, "slice") == 0)
        return;
    warn(c, "%s indices must be integers or slices, not %s; perhaps you missed a comma?", t, kt);
}

/* ------------------------------------------------------------ names */

static int name_index(Comp *c, TlNameMap *m, const char ***arr, int *n, int *cap,
                      const char *name)
{
    int i = tl_nm_get(m, name);
    if (i >= 0)
        return i;
    *VPUSH(c, *arr, *n, *cap) = name;
    tl_nm_put(c->arena, m, name, *n - 1);
    return *n - 1;
}

/* Index in co_names (globals, attributes, imports). */
static int add_name(Comp *c, const char *name)
{
    Unit *u = c->u;
    return name_index(c, &u->name_map, &u->names, &u->nnames, &u->namecap, name);
}

static int add_var(Comp *c, const char *name)
{
    Unit *u = c->u;
    return name_index(c, &u->var_map, &u->vars, &u->nvars, &u->varcap, name);
}

static const char *mangle(Comp *c, const char *name)
{
    return tl_mangle(c->arena, c->u->private_name, name);
}

/* Index of a cell or free variable in the frame's combined cell region. */
static int deref_index(Comp *c, const char *name)
{
    Unit *u = c->u;
    int i = tl_nm_get(&u->cell_map, name);
    if (i >= 0)
        return i;
    i = tl_nm_get(&u->free_map, name);
    if (i >= 0)
        return u->ncells + i;
    tl_cerr_at(&c->err, u->loc.line, u->loc.col, u->loc.end_line, u->loc.end_col,
               "internal compiler error: no cell for '%s'", name);
    return -1;
}

static bool is_function_unit(const Unit *u)
{
    return u->kind != U_MODULE && u->kind != U_CLASS;
}

static void forbidden_name(Comp *c, const char *name, TlExprContext ctx)
{
    if (strcmp(name, "__debug__") == 0 && ctx != TL_LOAD) {
        TlPos p = c->u->loc;
        tl_cerr_at(&c->err, p.line, p.col, p.end_line, p.end_col,
                   ctx == TL_DEL ? "cannot delete __debug__" : "cannot assign to __debug__");
    }
}

/* Parameters named __debug__ are rejected like assignments to it. */
static void check_debug_args(Comp *c, TlArguments *a)
{
    TlArgSeq *seqs[3] = {&a->posonlyargs, &a->args, &a->kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < seqs[k]->n; i++)
            forbidden_name(c, seqs[k]->items[i]->arg, TL_STORE);
    if (a->vararg)
        forbidden_name(c, a->vararg->arg, TL_STORE);
    if (a->kwarg)
        forbidden_name(c, a->kwarg->arg, TL_STORE);
}

/* Load, store or delete a variable with the opcode its scope calls for. */
static void nameop(Comp *c, const char *id, TlExprContext ctx)
{
    Unit *u = c->u;
    forbidden_name(c, id, ctx);
    if (ctx == TL_LOAD && strcmp(id, "__debug__") == 0) {
        load_const(c, TL_TRUE);
        return;
    }
    const char *name = mangle(c, id);
    TlSym *y = tl_scope_lookup(u->ste, name);
    TlScopeKind sc = y ? y->scope : TL_SC_NONE;
    static const int fast[] = {OP_LOAD_FAST, OP_STORE_FAST, OP_DELETE_FAST};
    static const int deref[] = {OP_LOAD_DEREF, OP_STORE_DEREF, OP_DELETE_DEREF};
    static const int global[] = {OP_LOAD_GLOBAL, OP_STORE_GLOBAL, OP_DELETE_GLOBAL};
    static const int byname[] = {OP_LOAD_NAME, OP_STORE_NAME, OP_DELETE_NAME};
    switch (sc) {
    case TL_SC_FREE: case TL_SC_CELL: {
        int op = deref[ctx];
        if (ctx == TL_LOAD && u->kind == U_CLASS)
            op = OP_LOAD_CLASSDEREF;
        emit(c, op, deref_index(c, name));
        return;
    }
    case TL_SC_LOCAL:
        if (is_function_unit(u)) {
            emit(c, fast[ctx], add_var(c, name));
            return;
        }
        break;
    case TL_SC_GLOBAL_IMPLICIT:
        if (is_function_unit(u)) {
            emit(c, global[ctx], add_name(c, name));
            return;
        }
        break;
    case TL_SC_GLOBAL_EXPLICIT:
        emit(c, global[ctx], add_name(c, name));
        return;
    default:
        break;
    }
    emit(c, byname[ctx], add_name(c, name));
}

/* ------------------------------------------------------------ units */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names of ste with the given resolved scope (or flag), in CPython's
 * co_cellvars / co_freevars order: captured parameters first in
 * parameter order, then the others sorted. */
static void collect(Comp *c, TlScope *ste, TlScopeKind sc, int flag,
                    const char ***out, int *n, TlNameMap *map, const char *extra)
{
    int cap = 0, first;
    *n = 0;
    *out = NULL;
    if (extra)
        *VPUSH(c, *out, *n, cap) = extra;
    for (int i = 0; i < ste->nparams; i++)
        if (tl_scope_lookup(ste, ste->params[i])->scope == sc)
            *VPUSH(c, *out, *n, cap) = ste->params[i];
    first = *n;
    for (int i = 0; i < ste->nsyms; i++) {
        TlSym *y = &ste->syms[i];
        if ((y->scope == sc || (y->flags & flag)) && !(y->flags & TL_DEF_PARAM))
            *VPUSH(c, *out, *n, cap) = y->name;
    }
    if (*n - first > 1)
        qsort(*out + first, (size_t)(*n - first), sizeof **out, cmp_str);
    for (int i = 0; i < *n; i++)
        tl_nm_put(c->arena, map, (*out)[i], i);
}

static const char *qualname_for(Comp *c, UnitKind kind, const char *name)
{
    Unit *parent = c->u;
    if (!parent || parent->kind == U_MODULE)
        return name;
    if (kind == U_FUNCTION || kind == U_CLASS) {
        TlSym *y = tl_scope_lookup(parent->ste, tl_mangle(c->arena, parent->private_name, name));
        if (y && y->scope == TL_SC_GLOBAL_EXPLICIT)
            return name;
    }
    const char *base = parent->qualname;
    const char *sep = (parent->kind == U_FUNCTION || parent->kind == U_LAMBDA)
                      ? ".<locals>." : ".";
    size_t n = strlen(base) + strlen(sep) + strlen(name) + 1;
    char *q = tl_arena_alloc(c->arena, n);
    snprintf(q, n, "%s%s%s", base, sep, name);
    return q;
}

static void enter_scope(Comp *c, UnitKind kind, const char *name, const void *key,
                        int firstlineno)
{
    Unit *u = tl_arena_alloc(c->arena, sizeof *u);
    u->kind = kind;
    u->ste = c->u ? tl_symtable_child(c->u->ste, key) : c->st.top;
    if (!u->ste) {
        tl_cerr_at(&c->err, firstlineno, 0, firstlineno, 0,
                   "internal compiler error: no symbol table for '%s'", name);
    }
    u->name = name;
    u->qualname = kind == U_MODULE ? name : qualname_for(c, kind, name);
    u->private_name = u->ste->private_name;
    u->cur_handler = -1;
    u->firstlineno = firstlineno;
    for (int i = 0; i < u->ste->nparams; i++)
        name_index(c, &u->var_map, &u->vars, &u->nvars, &u->varcap, u->ste->params[i]);
    collect(c, u->ste, TL_SC_CELL, 0, &u->cells, &u->ncells, &u->cell_map,
            u->ste->needs_class_closure ? "__class__" : NULL);
    collect(c, u->ste, TL_SC_FREE, TL_DEF_FREE_CLASS, &u->frees, &u->nfree,
            &u->free_map, NULL);
    if (kind == U_MODULE)
        u->flags |= TL_CO_MODULE;
    else if (kind == U_CLASS)
        u->flags |= TL_CO_CLASS;
    if (kind == U_COMPREHENSION)
        u->flags |= TL_CO_COMPREHENSION;
    if (u->ste->generator)
        u->flags |= TL_CO_GENERATOR;
    if (u->ste->varargs)
        u->flags |= TL_CO_VARARGS;
    if (u->ste->varkw)
        u->flags |= TL_CO_VARKEYWORDS;
    if (c->u && is_function_unit(c->u))
        u->flags |= TL_CO_NESTED;
    u->loc = (TlPos){firstlineno, firstlineno, 0, 0};
    u->prev = c->u;
    c->u = u;
}

static void exit_scope(Comp *c)
{
    c->u = c->u->prev;
}

/* ------------------------------------------------------------ assembly */

/* Net stack effect of an instruction; `jump` selects the effect along the
 * jump edge of a conditional instruction. */
static int stack_effect(int op, int arg, bool jump)
{
    switch (op) {
    case OP_NOP: case OP_SWAP: case OP_DELETE_FAST: case OP_DELETE_DEREF:
    case OP_DELETE_NAME: case OP_DELETE_GLOBAL: case OP_LOAD_ATTR:
    case OP_UNARY_OP: case OP_UNARY_NOT: case OP_LIST_TO_TUPLE: case OP_JUMP:
    case OP_GET_ITER: case OP_KW_NAMES: case OP_YIELD_VALUE:
    case OP_GET_YIELD_FROM_ITER: case OP_CHECK_EXC_MATCH:
    case OP_SETUP_ANNOTATIONS: case OP_SETUP:
        return 0;
    case OP_PUSH_NULL: case OP_COPY: case OP_LOAD_CONST: case OP_LOAD_FAST:
    case OP_LOAD_DEREF: case OP_LOAD_CLOSURE: case OP_LOAD_CLASSDEREF:
    case OP_LOAD_NAME: case OP_LOAD_GLOBAL: case OP_LOAD_METHOD:
    case OP_PUSH_EXC_INFO: case OP_BEFORE_WITH: case OP_WITH_EXCEPT_START:
    case OP_LOAD_ASSERTION_ERROR: case OP_IMPORT_FROM: case OP_LOAD_BUILD_CLASS:
    case OP_GET_LEN:
        return 1;
    case OP_POP_TOP: case OP_STORE_FAST: case OP_STORE_DEREF: case OP_STORE_NAME:
    case OP_STORE_GLOBAL: case OP_DELETE_ATTR: case OP_BINARY_OP:
    case OP_COMPARE_OP: case OP_IS_OP: case OP_CONTAINS_OP: case OP_BINARY_SUBSCR:
    case OP_LIST_APPEND: case OP_SET_ADD: case OP_LIST_EXTEND: case OP_SET_UPDATE:
    case OP_DICT_UPDATE: case OP_DICT_MERGE: case OP_POP_JUMP_IF_FALSE:
    case OP_POP_JUMP_IF_TRUE: case OP_POP_JUMP_IF_NONE:
    case OP_POP_JUMP_IF_NOT_NONE: case OP_RETURN_VALUE: case OP_RERAISE:
    case OP_POP_EXCEPT: case OP_IMPORT_NAME: case OP_IMPORT_STAR:
    case OP_PRINT_EXPR:
        return -1;
    case OP_STORE_ATTR: case OP_DELETE_SUBSCR: case OP_MAP_ADD:
        return -2;
    case OP_STORE_SUBSCR:
        return -3;
    case OP_BUILD_SLICE: case OP_BUILD_TUPLE: case OP_BUILD_LIST: case OP_BUILD_SET:
    case OP_BUILD_STRING:
        return 1 - arg;
    case OP_BUILD_MAP:
        return 1 - 2 * arg;
    case OP_BUILD_CONST_KEY_MAP:
        return -arg;
    case OP_FORMAT_VALUE:
        return (arg & 4) ? -1 : 0;
    case OP_UNPACK_SEQUENCE:
        return arg - 1;
    case OP_UNPACK_EX:
        return (arg & 0xff) + (arg >> 8);
    case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP:
        return jump ? 0 : -1;
    case OP_FOR_ITER:
        return jump ? -1 : 1;
    case OP_SEND:
        return jump ? -1 : 0;
    case OP_CALL:
        return -arg - 1;
    case OP_CALL_FUNCTION_EX:
        return -2 - (arg & 1);
    case OP_MAKE_FUNCTION:
        return -((arg & 1) + ((arg >> 1) & 1) + ((arg >> 2) & 1) + ((arg >> 3) & 1));
    case OP_RAISE_VARARGS:
        return -arg;
    default:
        return 0;
    }
}

static bool no_fallthrough(int op)
{
    return op == OP_JUMP || op == OP_RETURN_VALUE || op == OP_RAISE_VARARGS ||
           op == OP_RERAISE;
}

static void internal_error(Comp *c, const char *what)
{
    Unit *u = c->u;
    tl_cerr_at(&c->err, u->firstlineno, 0, u->firstlineno, 0,
               "internal compiler error in '%s': %s", u->name, what);
}

typedef struct Work { int at, depth; } Work;

/* Walk the control flow from the entry, recording the stack depth at the
 * start of each reachable instruction (-1: unreachable) and the depth of
 * each handler.  Returns the maximum depth. */
static int stack_depths(Comp *c, int *depth)
{
    Unit *u = c->u;
    Work *work = NULL;
    int nwork = 0, workcap = 0, maxd = 0;
    for (int i = 0; i < u->nins; i++)
        depth[i] = -1;
    *VPUSH(c, work, nwork, workcap) = (Work){0, 0};
    while (nwork) {
        Work w = work[--nwork];
        for (int i = w.at, d = w.depth; i < u->nins; i++) {
            if (depth[i] >= 0) {
                if (depth[i] != d)
                    internal_error(c, "inconsistent stack depth");
                break;
            }
            depth[i] = d;
            Ins *in = &u->ins[i];
            int target = -1, tdepth = 0;
            if (in->op == OP_SETUP) {
                Handler *h = &u->hs[in->arg];
                h->depth = d - h->pop;
                target = u->labels[h->label];
                tdepth = h->depth + 1 + h->lasti;
            } else if (is_jump(in->op)) {
                target = u->labels[in->arg];
                tdepth = d + stack_effect(in->op, in->arg, true);
            }
            if (target >= 0) {
                if (target >= u->nins)
                    internal_error(c, "jump past the end");
                if (tdepth < 0)
                    internal_error(c, "stack underflow");
                if (tdepth > maxd)
                    maxd = tdepth;
                *VPUSH(c, work, nwork, workcap) = (Work){target, tdepth};
            }
            d += stack_effect(in->op, in->arg, false);
            if (d < 0)
                internal_error(c, "stack underflow");
            if (d > maxd)
                maxd = d;
            if (no_fallthrough(in->op))
                break;
        }
    }
    return maxd;
}

static TlVal str_tuple(Comp *c, const char **names, int n)
{
    TlVal t = chk(c, tl_tuple_new(c->th, (size_t)n));
    for (int i = 0; i < n; i++)
        TL_TUPLE(t)->items[i] = chk(c, tl_intern_cstr(c->th, names[i]));
    return t;
}

static void *gc_buf(Comp *c, size_t n)
{
    void *p = tl_alloc_buf(c->th, n ? n : 1);
    if (!p)
        raised(c);
    return p;
}

/* Build the exception table from the per-instruction handlers. */
static TlExcEntry *exception_table(Comp *c, const int *depth, const uint32_t *off,
                                   const uint32_t *size, uint32_t *nexc)
{
    Unit *u = c->u;
    TlExcEntry *tab = NULL;
    int n = 0, cap = 0, last = -1;
    for (int i = 0; i < u->nins; i++) {
        Ins *in = &u->ins[i];
        if (depth[i] < 0 || in->op == OP_SETUP)
            continue;
        if (in->handler < 0) {
            last = -1;
            continue;
        }
        Handler *h = &u->hs[in->handler];
        if (h->depth < 0)
            internal_error(c, "handler depth unknown");
        if (last == in->handler && tab[n - 1].end == off[i]) {
            tab[n - 1].end = off[i] + size[i];
            continue;
        }
        TlExcEntry *e = VPUSH(c, tab, n, cap);
        e->start = off[i];
        e->end = off[i] + size[i];
        e->handler = off[u->labels[h->label]];
        e->depth = (uint16_t)h->depth;
        e->lasti = (uint16_t)h->lasti;
        last = in->handler;
    }
    *nexc = (uint32_t)n;
    return tab;
}

static int32_t *cell_to_arg(Comp *c)
{
    Unit *u = c->u;
    int32_t *map = NULL;
    int nargs = u->argcount + u->kwonly + ((u->flags & TL_CO_VARARGS) != 0) +
                ((u->flags & TL_CO_VARKEYWORDS) != 0);
    for (int i = 0; i < u->ncells; i++) {
        int a = tl_nm_get(&u->var_map, u->cells[i]);
        if (a < 0 || a >= nargs)
            continue;
        if (!map) {
            map = gc_buf(c, sizeof(int32_t) * (size_t)u->ncells);
            for (int k = 0; k < u->ncells; k++)
                map[k] = -1;
        }
        map[i] = a;
    }
    return map;
}

static TlVal assemble(Comp *c)
{
    Unit *u = c->u;
    TlThread *th = c->th;
    int *depth = tl_arena_alloc(c->arena, sizeof(int) * (size_t)(u->nins + 1));
    uint32_t *off = tl_arena_alloc(c->arena, sizeof(uint32_t) * (size_t)(u->nins + 1));
    uint32_t *size = tl_arena_alloc(c->arena, sizeof(uint32_t) * (size_t)(u->nins + 1));
    int maxd = stack_depths(c, depth);

    /* Layout: unreachable instructions and pseudo-instructions take no
     * space, so a label resolves to the next instruction that does. */
    uint32_t ncode = 0;
    for (int i = 0; i < u->nins; i++) {
        Ins *in = &u->ins[i];
        off[i] = ncode;
        size[i] = (depth[i] < 0 || in->op == OP_SETUP) ? 0 : 1u + tl_op_cache[in->op];
        ncode += size[i];
        if (ncode > 0xffffff)
            internal_error(c, "function too large");
    }
    off[u->nins] = ncode;

    uint32_t *code = gc_buf(c, ncode * sizeof(uint32_t));
    TlPos *pos = gc_buf(c, ncode * sizeof(TlPos));
    TlPos prev = {u->firstlineno, u->firstlineno, 0, 0};
    for (int i = 0; i < u->nins; i++) {
        Ins *in = &u->ins[i];
        if (!size[i])
            continue;
        uint32_t arg = (uint32_t)in->arg;
        if (is_jump(in->op))
            arg = off[u->labels[in->arg]];
        if (in->pos.line < 0)
            in->pos = prev;
        prev = in->pos;
        code[off[i]] = TL_INSTR(in->op, arg);
        for (uint32_t k = 0; k < size[i]; k++)
            pos[off[i] + k] = in->pos;
    }

    TlCode proto;
    memset(&proto, 0, sizeof proto);
    uint32_t nexc = 0;
    TlExcEntry *tab = exception_table(c, depth, off, size, &nexc);
    if (nexc) {
        proto.exctab = gc_buf(c, nexc * sizeof(TlExcEntry));
        memcpy(proto.exctab, tab, nexc * sizeof(TlExcEntry));
    }
    proto.nexc = nexc;
    proto.code = code;
    proto.pos = pos;
    proto.ncode = ncode;
    proto.cell2arg = cell_to_arg(c);
    proto.consts = chk(c, tl_tuple_from(th, u->consts, (size_t)u->nconsts));
    proto.names = str_tuple(c, u->names, u->nnames);
    proto.varnames = str_tuple(c, u->vars, u->nvars);
    proto.cellvars = str_tuple(c, u->cells, u->ncells);
    proto.freevars = str_tuple(c, u->frees, u->nfree);
    proto.name = chk(c, tl_intern_cstr(th, u->name));
    proto.qualname = chk(c, tl_str_cstr(th, u->qualname));
    proto.filename = c->filename;
    proto.source = c->source;
    proto.argcount = u->argcount;
    proto.posonlyargcount = u->posonly;
    proto.kwonlyargcount = u->kwonly;
    proto.nlocals = u->nvars;
    proto.ncells = u->ncells;
    proto.nfree = u->nfree;
    proto.stacksize = maxd;
    proto.firstlineno = u->firstlineno;
    proto.flags = u->flags;
    return chk(c, tl_code_new(th, &proto));
}

/* ------------------------------------------------------------ expressions */

static void expr(Comp *c, TlExpr *e);
static void stmts(Comp *c, TlStmtSeq *b);
static void stmt(Comp *c, TlStmt *s, bool at_start);
static void jump_if(Comp *c, TlExpr *e, int label, bool cond);

static TlBinOp binop_of(TlOperator op)
{
    switch (op) {
    case TL_A_ADD: return TL_OP_ADD;
    case TL_A_SUB: return TL_OP_SUB;
    case TL_A_MULT: return TL_OP_MUL;
    case TL_A_MATMULT: return TL_OP_MATMUL;
    case TL_A_DIV: return TL_OP_TRUEDIV;
    case TL_A_MOD: return TL_OP_MOD;
    case TL_A_POW: return TL_OP_POW;
    case TL_A_LSHIFT: return TL_OP_LSHIFT;
    case TL_A_RSHIFT: return TL_OP_RSHIFT;
    case TL_A_BITOR: return TL_OP_OR;
    case TL_A_BITXOR: return TL_OP_XOR;
    case TL_A_BITAND: return TL_OP_AND;
    case TL_A_FLOORDIV: return TL_OP_FLOORDIV;
    }
    return TL_OP_ADD;
}

static void compare_op(Comp *c, TlAstCmpOp op)
{
    switch (op) {
    case TL_CMP_EQ: EMIT(c, COMPARE_OP, TL_EQ); break;
    case TL_CMP_NOTEQ: EMIT(c, COMPARE_OP, TL_NE); break;
    case TL_CMP_LT: EMIT(c, COMPARE_OP, TL_LT); break;
    case TL_CMP_LTE: EMIT(c, COMPARE_OP, TL_LE); break;
    case TL_CMP_GT: EMIT(c, COMPARE_OP, TL_GT); break;
    case TL_CMP_GTE: EMIT(c, COMPARE_OP, TL_GE); break;
    case TL_CMP_IS: EMIT(c, IS_OP, 0); break;
    case TL_CMP_ISNOT: EMIT(c, IS_OP, 1); break;
    case TL_CMP_IN: EMIT(c, CONTAINS_OP, 0); break;
    case TL_CMP_NOTIN: EMIT(c, CONTAINS_OP, 1); break;
    }
}

static bool has_starred(TlExprSeq *s)
{
    for (int i = 0; i < s->n; i++)
        if (s->items[i]->kind == TL_E_STARRED)
            return true;
    return false;
}

static void exprs(Comp *c, TlExprSeq *s)
{
    for (int i = 0; i < s->n; i++)
        expr(c, s->items[i]);
}

/* A display or call argument list that may contain *iterables (CPython's
 * starunpack scheme).  `pushed` values are already on the stack and become
 * the first items.  With `tuple`, the result is a tuple. */
static void starunpack(Comp *c, TlExprSeq *elts, int pushed, int build, int add,
                       int extend, bool tuple)
{
    int n = elts->n;
    TlVal t;
    if (n > 2 && !pushed && build == OP_BUILD_SET && (t = const_frozenset(c, elts))) {
        emit(c, build, 0);
        load_const(c, t);
        emit(c, extend, 1);
        return;
    }
    if (n > 2 && !pushed && build == OP_BUILD_LIST && (t = const_tuple(c, elts))) {
        if (tuple) {
            load_const(c, t);
        } else {
            emit(c, build, 0);
            load_const(c, t);
            emit(c, extend, 1);
        }
        return;
    }
    bool big = n + pushed > STACK_USE_GUIDELINE;
    if (!has_starred(elts) && !big) {
        exprs(c, elts);
        emit(c, tuple ? OP_BUILD_TUPLE : build, n + pushed);
        return;
    }
    bool built = false;
    if (big) {
        emit(c, build, pushed);
        built = true;
    }
    for (int i = 0; i < n; i++) {
        TlExpr *e = elts->items[i];
        if (e->kind == TL_E_STARRED) {
            if (!built) {
                emit(c, build, i + pushed);
                built = true;
            }
            expr(c, e->u.starred.value);
            emit(c, extend, 1);
        } else {
            expr(c, e);
            if (built)
                emit(c, add, 1);
        }
    }
    if (tuple)
        EMIT0(c, LIST_TO_TUPLE);
}

/* Store into the targets of `a, *b, c = ...`. */
static void unpack_store(Comp *c, TlExpr *e, TlExprSeq *elts)
{
    int n = elts->n, star = -1;
    for (int i = 0; i < n; i++) {
        if (elts->items[i]->kind != TL_E_STARRED)
            continue;
        if (star >= 0)
            ERR_AT(c, e, "multiple starred expressions in assignment");
        star = i;
    }
    if (star >= 0) {
        if (star >= 256 || n - star - 1 >= (INT_MAX >> 8))
            ERR_AT(c, e, "too many expressions in star-unpacking assignment");
        EMIT(c, UNPACK_EX, star + ((n - star - 1) << 8));
    } else {
        EMIT(c, UNPACK_SEQUENCE, n);
    }
    for (int i = 0; i < n; i++) {
        TlExpr *t = elts->items[i];
        expr(c, t->kind == TL_E_STARRED ? t->u.starred.value : t);
    }
}

/* `a, b = x, y` (and three names): evaluate the values, reorder them with
 * SWAP and store left to right, as CPython does -- no tuple is built. */
static bool swap_assign(Comp *c, TlExprSeq *targets, TlExpr *value)
{
    if (targets->n != 1 || value->kind != TL_E_TUPLE)
        return false;
    TlExpr *t = targets->items[0];
    TlExprSeq *dst = t->kind == TL_E_TUPLE ? &t->u.tuple.elts
                   : t->kind == TL_E_LIST ? &t->u.list.elts : NULL;
    TlExprSeq *src = &value->u.tuple.elts;
    if (!dst || dst->n != src->n || dst->n < 2 || dst->n > 3 || has_starred(dst) ||
        has_starred(src))
        return false;
    exprs(c, src);
    EMIT(c, SWAP, dst->n);
    for (int i = 0; i < dst->n; i++)
        expr(c, dst->items[i]);
    return true;
}

static void slice_part(Comp *c, TlExpr *e)
{
    if (e)
        expr(c, e);
    else
        load_const(c, TL_NONE);
}

/* The key of a subscript: a slice expression builds a slice object. */
static void subscript_key(Comp *c, TlExpr *k)
{
    if (k->kind != TL_E_SLICE) {
        expr(c, k);
        return;
    }
    TlPos saved = c->u->loc;
    LOC(c, k);
    slice_part(c, k->u.slice.lower);
    slice_part(c, k->u.slice.upper);
    int n = 2;
    if (k->u.slice.step) {
        expr(c, k->u.slice.step);
        n = 3;
    }
    EMIT(c, BUILD_SLICE, n);
    c->u->loc = saved;
}

static void check_keywords(Comp *c, TlKeywordSeq *kws)
{
    for (int i = 0; i < kws->n; i++) {
        TlKeyword *k = kws->items[i];
        if (!k->arg)
            continue;
        forbidden_name(c, k->arg, TL_STORE);
        for (int j = i + 1; j < kws->n; j++) {
            TlKeyword *o = kws->items[j];
            if (o->arg && strcmp(k->arg, o->arg) == 0)
                ERR_AT(c, o, "keyword argument repeated: %s", k->arg);
        }
    }
}

/* Keywords [begin, end) as one dict (CPython's compiler_subkwargs). */
static void subkwargs(Comp *c, TlKeywordSeq *kws, int begin, int end)
{
    int n = end - begin;
    bool big = n * 2 > STACK_USE_GUIDELINE;
    if (n > 1 && !big) {
        TlVal keys = chk(c, tl_tuple_new(c->th, (size_t)n));
        for (int i = begin; i < end; i++) {
            expr(c, kws->items[i]->value);
            TL_TUPLE(keys)->items[i - begin] = chk(c, tl_intern_cstr(c->th, kws->items[i]->arg));
        }
        load_const(c, keys);
        EMIT(c, BUILD_CONST_KEY_MAP, n);
        return;
    }
    if (big)
        EMIT(c, BUILD_MAP, 0);
    for (int i = begin; i < end; i++) {
        load_const(c, chk(c, tl_intern_cstr(c->th, kws->items[i]->arg)));
        expr(c, kws->items[i]->value);
        if (big)
            EMIT(c, MAP_ADD, 1);
    }
    if (!big)
        EMIT(c, BUILD_MAP, n);
}

static void kw_names(Comp *c, TlKeywordSeq *kws)
{
    TlVal names = chk(c, tl_tuple_new(c->th, (size_t)kws->n));
    for (int i = 0; i < kws->n; i++)
        TL_TUPLE(names)->items[i] = chk(c, tl_intern_cstr(c->th, kws->items[i]->arg));
    EMIT(c, KW_NAMES, add_const(c, names));
}

/* Arguments and the call itself; the callable and self_or_NULL (and
 * `pushed` leading positional arguments) are already on the stack. */
static void call_args(Comp *c, int pushed, TlExprSeq *args, TlKeywordSeq *kws)
{
    check_keywords(c, kws);
    bool ex = has_starred(args) || args->n + kws->n * 2 > STACK_USE_GUIDELINE;
    for (int i = 0; i < kws->n; i++)
        if (!kws->items[i]->arg)
            ex = true;
    if (!ex) {
        exprs(c, args);
        for (int i = 0; i < kws->n; i++)
            expr(c, kws->items[i]->value);
        if (kws->n)
            kw_names(c, kws);
        EMIT(c, CALL, pushed + args->n + kws->n);
        return;
    }
    if (pushed == 0 && args->n == 1 && args->items[0]->kind == TL_E_STARRED)
        expr(c, args->items[0]->u.starred.value);
    else
        starunpack(c, args, pushed, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, true);
    if (kws->n) {
        bool have_dict = false;
        int nseen = 0;
        for (int i = 0; i < kws->n; i++) {
            TlKeyword *k = kws->items[i];
            if (k->arg) {
                nseen++;
                continue;
            }
            if (nseen) {
                subkwargs(c, kws, i - nseen, i);
                if (have_dict)
                    EMIT(c, DICT_MERGE, 1);
                have_dict = true;
                nseen = 0;
            }
            if (!have_dict) {
                EMIT(c, BUILD_MAP, 0);
                have_dict = true;
            }
            expr(c, k->value);
            EMIT(c, DICT_MERGE, 1);
        }
        if (nseen) {
            subkwargs(c, kws, kws->n - nseen, kws->n);
            if (have_dict)
                EMIT(c, DICT_MERGE, 1);
        }
    }
    EMIT(c, CALL_FUNCTION_EX, kws->n > 0);
}

static void call(Comp *c, TlExpr *e)
{
    TlExpr *f = e->u.call.func;
    TlExprSeq *args = &e->u.call.args;
    TlKeywordSeq *kws = &e->u.call.keywords;
    bool method = f->kind == TL_E_ATTRIBUTE && f->u.attribute.ctx == TL_LOAD &&
                  !has_starred(args) && args->n + kws->n + (kws->n != 0) < STACK_USE_GUIDELINE;
    for (int i = 0; method && i < kws->n; i++)
        if (!kws->items[i]->arg)
            method = false;
    if (method) {
        check_keywords(c, kws);
        expr(c, f->u.attribute.value);
        LOC(c, f);
        attr_loc(c, f);
        EMIT(c, LOAD_METHOD, add_name(c, mangle(c, f->u.attribute.attr)));
        exprs(c, args);
        for (int i = 0; i < kws->n; i++)
            expr(c, kws->items[i]->value);
        if (kws->n)
            kw_names(c, kws);
        LOC(c, e);
        attr_loc(c, f);
        EMIT(c, CALL, args->n + kws->n);
        return;
    }
    check_caller(c, f);
    expr(c, f);
    EMIT0(c, PUSH_NULL);
    call_args(c, 0, args, kws);
}

/* An iterable of `for` or the container of `in`: a list display becomes a
 * tuple and a set display of constants a frozenset (CPython's fold_iter). */
static void iter_expr(Comp *c, TlExpr *e)
{
    TlVal v;
    TlPos saved = c->u->loc;
    LOC(c, e);
    if (e->kind == TL_E_LIST && e->u.list.ctx == TL_LOAD && !has_starred(&e->u.list.elts) &&
        e->u.list.elts.n <= STACK_USE_GUIDELINE) {
        if ((v = const_tuple(c, &e->u.list.elts))) {
            load_const(c, v);
        } else {
            exprs(c, &e->u.list.elts);
            EMIT(c, BUILD_TUPLE, e->u.list.elts.n);
        }
    } else if (e->kind == TL_E_SET && (v = const_frozenset(c, &e->u.set.elts))) {
        load_const(c, v);
    } else {
        expr(c, e);
    }
    c->u->loc = saved;
}

/* The right operand of comparison i of e. */
static void comparator(Comp *c, TlExpr *e, int i)
{
    TlAstCmpOp op = e->u.compare.ops.items[i];
    TlExpr *r = e->u.compare.comparators.items[i];
    if (i == e->u.compare.ops.n - 1 && (op == TL_CMP_IN || op == TL_CMP_NOTIN))
        iter_expr(c, r);
    else
        expr(c, r);
}

static void boolop(Comp *c, TlExpr *e)
{
    TlExprSeq *v = &e->u.boolop.values;
    int end = new_label(c);
    int op = e->u.boolop.op == TL_AND ? OP_JUMP_IF_FALSE_OR_POP : OP_JUMP_IF_TRUE_OR_POP;
    for (int i = 0; i < v->n - 1; i++) {
        expr(c, v->items[i]);
        emit(c, op, end);
    }
    expr(c, v->items[v->n - 1]);
    place(c, end);
}

/* a < b < c: each middle operand is evaluated once (CPython's scheme). */
static void compare(Comp *c, TlExpr *e)
{
    int n = e->u.compare.ops.n;
    check_compare(c, e);
    expr(c, e->u.compare.left);
    if (n == 1) {
        comparator(c, e, 0);
        compare_op(c, e->u.compare.ops.items[0]);
        return;
    }
    int cleanup = new_label(c), end = new_label(c);
    for (int i = 0; i < n - 1; i++) {
        comparator(c, e, i);
        EMIT(c, SWAP, 2);
        EMIT(c, COPY, 2);
        compare_op(c, e->u.compare.ops.items[i]);
        EMIT(c, JUMP_IF_FALSE_OR_POP, cleanup);
    }
    comparator(c, e, n - 1);
    compare_op(c, e->u.compare.ops.items[n - 1]);
    EMIT(c, JUMP, end);
    place(c, cleanup);
    EMIT(c, SWAP, 2);
    EMIT0(c, POP_TOP);
    place(c, end);
}

/* Jump to label when the truth of e equals cond (CPython's
 * compiler_jump_if): not/and/or/if-else and comparison chains compile to
 * jumps without materialising booleans. */
static void jump_if(Comp *c, TlExpr *e, int label, bool cond)
{
    TlPos saved = c->u->loc;
    enter(c);
    LOC(c, e);
    switch (e->kind) {
    case TL_E_UNARYOP:
        if (e->u.unaryop.op == TL_A_NOT) {
            jump_if(c, e->u.unaryop.operand, label, !cond);
            goto done;
        }
        break;
    case TL_E_BOOLOP: {
        TlExprSeq *v = &e->u.boolop.values;
        bool cond2 = e->u.boolop.op == TL_OR;
        int next2 = cond2 != cond ? new_label(c) : label;
        for (int i = 0; i < v->n - 1; i++)
            jump_if(c, v->items[i], next2, cond2);
        jump_if(c, v->items[v->n - 1], label, cond);
        if (next2 != label)
            place(c, next2);
        goto done;
    }
    case TL_E_IFEXP: {
        int end = new_label(c), next2 = new_label(c);
        jump_if(c, e->u.ifexp.test, next2, false);
        jump_if(c, e->u.ifexp.body, label, cond);
        EMIT(c, JUMP, end);
        place(c, next2);
        jump_if(c, e->u.ifexp.orelse, label, cond);
        place(c, end);
        goto done;
    }
    case TL_E_COMPARE: {
        int n = e->u.compare.ops.n;
        if (n < 2)
            break;
        check_compare(c, e);
        expr(c, e->u.compare.left);
        int cleanup = new_label(c), end = new_label(c);
        for (int i = 0; i < n - 1; i++) {
            comparator(c, e, i);
            EMIT(c, SWAP, 2);
            EMIT(c, COPY, 2);
            compare_op(c, e->u.compare.ops.items[i]);
            EMIT(c, POP_JUMP_IF_FALSE, cleanup);
        }
        comparator(c, e, n - 1);
        compare_op(c, e->u.compare.ops.items[n - 1]);
        emit(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
        EMIT(c, JUMP, end);
        place(c, cleanup);
        EMIT0(c, POP_TOP);
        if (!cond)
            EMIT(c, JUMP, label);
        place(c, end);
        goto done;
    }
    default:
        break;
    }
    expr(c, e);
    LOC(c, e);
    emit(c, cond ? OP_POP_JUMP_IF_TRUE : OP_POP_JUMP_IF_FALSE, label);
done:
    c->depth--;
    c->u->loc = saved;
}

static void ifexp(Comp *c, TlExpr *e)
{
    int end = new_label(c), orelse = new_label(c);
    jump_if(c, e->u.ifexp.test, orelse, false);
    expr(c, e->u.ifexp.body);
    EMIT(c, JUMP, end);
    place(c, orelse);
    expr(c, e->u.ifexp.orelse);
    place(c, end);
}

/* {k: v, **m}: groups of plain items become one BUILD_MAP. */
static void subdict(Comp *c, TlExpr *e, int begin, int end)
{
    int n = end - begin;
    bool big = n * 2 > STACK_USE_GUIDELINE;
    TlExprSeq *keys = &e->u.dict.keys, *values = &e->u.dict.values;
    if (n > 1 && !big) {
        bool allconst = true;
        for (int i = begin; i < end && allconst; i++)
            allconst = keys->items[i]->kind == TL_E_CONSTANT;
        if (allconst) {
            TlVal kt = chk(c, tl_tuple_new(c->th, (size_t)n));
            for (int i = begin; i < end; i++) {
                expr(c, values->items[i]);
                TL_TUPLE(kt)->items[i - begin] = const_value(c, keys->items[i]);
            }
            load_const(c, kt);
            EMIT(c, BUILD_CONST_KEY_MAP, n);
            return;
        }
    }
    if (big)
        EMIT(c, BUILD_MAP, 0);
    for (int i = begin; i < end; i++) {
        expr(c, keys->items[i]);
        expr(c, values->items[i]);
        if (big)
            EMIT(c, MAP_ADD, 1);
    }
    if (!big)
        EMIT(c, BUILD_MAP, n);
}

static void dict(Comp *c, TlExpr *e)
{
    int n = e->u.dict.values.n, elements = 0;
    bool have_dict = false;
    for (int i = 0; i < n; i++) {
        if (e->u.dict.keys.items[i] == NULL) {
            if (elements) {
                subdict(c, e, i - elements, i);
                if (have_dict)
                    EMIT(c, DICT_UPDATE, 1);
                have_dict = true;
                elements = 0;
            }
            if (!have_dict) {
                EMIT(c, BUILD_MAP, 0);
                have_dict = true;
            }
            expr(c, e->u.dict.values.items[i]);
            EMIT(c, DICT_UPDATE, 1);
        } else if (elements * 2 > STACK_USE_GUIDELINE) {
            subdict(c, e, i - elements, i + 1);
            if (have_dict)
                EMIT(c, DICT_UPDATE, 1);
            have_dict = true;
            elements = 0;
        } else {
            elements++;
        }
    }
    if (elements) {
        subdict(c, e, n - elements, n);
        if (have_dict)
            EMIT(c, DICT_UPDATE, 1);
        have_dict = true;
    }
    if (!have_dict)
        EMIT(c, BUILD_MAP, 0);
}

static void joined_str(Comp *c, TlExpr *e)
{
    TlExprSeq *v = &e->u.joinedstr.values;
    if (v->n > STACK_USE_GUIDELINE) {
        load_const(c, chk(c, tl_str_new(c->th, "", 0)));
        EMIT(c, LOAD_METHOD, add_name(c, "join"));
        EMIT(c, BUILD_LIST, 0);
        for (int i = 0; i < v->n; i++) {
            expr(c, v->items[i]);
            EMIT(c, LIST_APPEND, 1);
        }
        EMIT(c, CALL, 1);
        return;
    }
    exprs(c, v);
    if (v->n != 1)
        EMIT(c, BUILD_STRING, v->n);
}

static void formatted_value(Comp *c, TlExpr *e)
{
    int conv = e->u.formattedvalue.conversion;
    int arg = conv == 's' ? 1 : conv == 'r' ? 2 : conv == 'a' ? 3 : 0;
    expr(c, e->u.formattedvalue.value);
    if (e->u.formattedvalue.format_spec) {
        expr(c, e->u.formattedvalue.format_spec);
        arg |= 4;
    }
    EMIT(c, FORMAT_VALUE, arg);
}

/* ------------------------------------------------------------ functions */

/* Push the cells a nested code object closes over, then make the function
 * (defaults etc. are already on the stack as `flags` says). */
static void make_closure(Comp *c, TlVal co, int flags)
{
    TlCode *code = TL_CODE(co);
    if (code->nfree) {
        for (int i = 0; i < code->nfree; i++)
            EMIT(c, LOAD_CLOSURE, deref_index(c, tl_cstr(TL_TUPLE(code->freevars)->items[i])));
        EMIT(c, BUILD_TUPLE, code->nfree);
        flags |= 8;
    }
    load_const(c, co);
    EMIT(c, MAKE_FUNCTION, flags);
}

/* Defaults tuple (flag 1) and keyword-only defaults dict (flag 2). */
static int default_args(Comp *c, TlArguments *a)
{
    int flags = 0;
    if (a->defaults.n) {
        TlVal t = const_tuple(c, &a->defaults);
        if (t) {
            load_const(c, t);
        } else {
            exprs(c, &a->defaults);
            EMIT(c, BUILD_TUPLE, a->defaults.n);
        }
        flags |= 1;
    }
    const char **keys = NULL;
    int nkw = 0, cap = 0;
    for (int i = 0; i < a->kwonlyargs.n; i++) {
        TlExpr *d = i < a->kw_defaults.n ? a->kw_defaults.items[i] : NULL;
        if (!d)
            continue;
        *VPUSH(c, keys, nkw, cap) = mangle(c, a->kwonlyargs.items[i]->arg);
        expr(c, d);
    }
    if (nkw) {
        load_const(c, str_tuple(c, keys, nkw));
        EMIT(c, BUILD_CONST_KEY_MAP, nkw);
        flags |= 2;
    }
    return flags;
}

static int annotation(Comp *c, const char *name, TlExpr *ann)
{
    if (!ann)
        return 0;
    const char *m = mangle(c, name);
    load_const(c, str_const(c, m, strlen(m)));
    expr(c, ann);
    return 2;
}

static int arg_annotations(Comp *c, TlArgSeq *s)
{
    int n = 0;
    for (int i = 0; i < s->n; i++)
        n += annotation(c, s->items[i]->arg, s->items[i]->annotation);
    return n;
}

/* The annotations tuple (name, value, ...) of MAKE_FUNCTION flag 4. */
static int annotations(Comp *c, TlArguments *a, TlExpr *returns)
{
    int n = arg_annotations(c, &a->args);
    n += arg_annotations(c, &a->posonlyargs);
    if (a->vararg)
        n += annotation(c, a->vararg->arg, a->vararg->annotation);
    n += arg_annotations(c, &a->kwonlyargs);
    if (a->kwarg)
        n += annotation(c, a->kwarg->arg, a->kwarg->annotation);
    if (returns)
        n += annotation(c, "return", returns);
    if (!n)
        return 0;
    EMIT(c, BUILD_TUPLE, n);
    return 4;
}

static void set_arg_counts(Comp *c, TlArguments *a)
{
    c->u->posonly = a->posonlyargs.n;
    c->u->argcount = a->posonlyargs.n + a->args.n;
    c->u->kwonly = a->kwonlyargs.n;
}

static TlExpr *docstring_of(TlStmtSeq *body)
{
    if (!body->n || body->items[0]->kind != TL_S_EXPR)
        return NULL;
    TlExpr *v = body->items[0]->u.expr.value;
    return v->kind == TL_E_CONSTANT && v->u.constant.kind == TL_CONST_STR ? v : NULL;
}

/* Falling off the end of a body returns None (dropped if unreachable). */
static void implicit_return(Comp *c)
{
    unset_loc(c);
    load_const(c, TL_NONE);
    EMIT0(c, RETURN_VALUE);
}

static void apply_decorators(Comp *c, TlExprSeq *decos)
{
    for (int i = decos->n - 1; i >= 0; i--) {
        LOC(c, decos->items[i]);
        EMIT(c, CALL, 0);       /* [decorator, function]: decorator(function) */
    }
}

static void funcdef(Comp *c, TlStmt *s)
{
    TlArguments *a = s->u.functiondef.args;
    TlExprSeq *decos = &s->u.functiondef.decorator_list;
    if (s->kind == TL_S_ASYNCFUNCTIONDEF)
        ERR_AT(c, s, "async functions are not supported");
    check_debug_args(c, a);
    exprs(c, decos);
    int firstlineno = decos->n ? decos->items[0]->lineno : s->lineno;
    int flags = default_args(c, a);
    flags |= annotations(c, a, s->u.functiondef.returns);
    enter_scope(c, U_FUNCTION, s->u.functiondef.name, s, firstlineno);
    TlExpr *doc = docstring_of(&s->u.functiondef.body);
    add_const(c, doc ? const_value(c, doc) : TL_NONE);   /* consts[0]: __doc__ */
    set_arg_counts(c, a);
    TlStmtSeq *body = &s->u.functiondef.body;
    for (int i = doc ? 1 : 0; i < body->n; i++)
        stmt(c, body->items[i], false);
    implicit_return(c);
    TlVal co = assemble(c);
    exit_scope(c);
    LOC(c, s);
    make_closure(c, co, flags);
    apply_decorators(c, decos);
    LOC(c, s);
    nameop(c, s->u.functiondef.name, TL_STORE);
}

static void lambda(Comp *c, TlExpr *e)
{
    TlArguments *a = e->u.lambda.args;
    check_debug_args(c, a);
    int flags = default_args(c, a);
    enter_scope(c, U_LAMBDA, "<lambda>", e, e->lineno);
    add_const(c, TL_NONE);                /* a lambda has no docstring */
    set_arg_counts(c, a);
    expr(c, e->u.lambda.body);
    LOC(c, e->u.lambda.body);
    EMIT0(c, RETURN_VALUE);
    TlVal co = assemble(c);
    exit_scope(c);
    make_closure(c, co, flags);
}

static bool find_ann(TlStmtSeq *b)
{
    for (int i = 0; i < b->n; i++) {
        TlStmt *s = b->items[i];
        switch (s->kind) {
        case TL_S_ANNASSIGN:
            return true;
        case TL_S_FOR: case TL_S_ASYNCFOR:
            if (find_ann(&s->u.for_.body) || find_ann(&s->u.for_.orelse))
                return true;
            break;
        case TL_S_WHILE:
            if (find_ann(&s->u.while_.body) || find_ann(&s->u.while_.orelse))
                return true;
            break;
        case TL_S_IF:
            if (find_ann(&s->u.if_.body) || find_ann(&s->u.if_.orelse))
                return true;
            break;
        case TL_S_WITH: case TL_S_ASYNCWITH:
            if (find_ann(&s->u.with.body))
                return true;
            break;
        case TL_S_TRY: case TL_S_TRYSTAR:
            if (find_ann(&s->u.try_.body) || find_ann(&s->u.try_.orelse) ||
                find_ann(&s->u.try_.finalbody))
                return true;
            for (int k = 0; k < s->u.try_.handlers.n; k++)
                if (find_ann(&s->u.try_.handlers.items[k]->body))
                    return true;
            break;
        default:
            break;
        }
    }
    return false;
}

/* Module and class bodies: __annotations__, __doc__, then the statements;
 * __future__ imports are legal only first in a module (after the
 * docstring). */
static void body(Comp *c, TlStmtSeq *b, bool docstring)
{
    if (find_ann(b)) {
        LOC(c, b->items[0]);
        EMIT0(c, SETUP_ANNOTATIONS);
    }
    int i = 0;
    TlExpr *doc = docstring ? docstring_of(b) : NULL;
    if (doc) {
        LOC(c, b->items[0]);
        expr(c, doc);
        nameop(c, "__doc__", TL_STORE);
        i = 1;
    }
    bool at_start = c->u->kind == U_MODULE;
    for (; i < b->n; i++) {
        TlStmt *s = b->items[i];
        bool future = s->kind == TL_S_IMPORTFROM && s->u.importfrom.module &&
                      strcmp(s->u.importfrom.module, "__future__") == 0;
        at_start = at_start && future;
        stmt(c, s, at_start);
    }
}

static void classdef(Comp *c, TlStmt *s)
{
    TlExprSeq *decos = &s->u.classdef.decorator_list;
    const char *name = s->u.classdef.name;
    exprs(c, decos);
    int firstlineno = decos->n ? decos->items[0]->lineno : s->lineno;
    enter_scope(c, U_CLASS, name, s, firstlineno);
    set_loc(c, firstlineno, s->col, firstlineno, s->col);
    nameop(c, "__name__", TL_LOAD);
    nameop(c, "__module__", TL_STORE);
    load_const(c, chk(c, tl_str_cstr(c->th, c->u->qualname)));
    nameop(c, "__qualname__", TL_STORE);
    body(c, &s->u.classdef.body, true);
    unset_loc(c);
    if (c->u->ste->needs_class_closure) {
        EMIT(c, LOAD_CLOSURE, deref_index(c, "__class__"));
        EMIT(c, COPY, 1);
        nameop(c, "__classcell__", TL_STORE);
    } else {
        load_const(c, TL_NONE);
    }
    EMIT0(c, RETURN_VALUE);
    TlVal co = assemble(c);
    exit_scope(c);
    LOC(c, s);
    EMIT0(c, LOAD_BUILD_CLASS);
    EMIT0(c, PUSH_NULL);
    make_closure(c, co, 0);
    load_const(c, str_const(c, name, strlen(name)));
    call_args(c, 2, &s->u.classdef.bases, &s->u.classdef.keywords);
    apply_decorators(c, decos);
    LOC(c, s);
    nameop(c, name, TL_STORE);
}

/* ------------------------------------------------------------ comprehensions */

typedef enum { C_GENEXP, C_LIST, C_SET, C_DICT } CompKind;

static void comp_generator(Comp *c, TlComprehensionSeq *gens, int gi, int depth,
                           TlExpr *elt, TlExpr *val, CompKind kind)
{
    TlComprehension *g = gens->items[gi];
    int start = new_label(c), if_cleanup = new_label(c), anchor = new_label(c);
    if (g->is_async)
        ERR_AT(c, elt, "asynchronous comprehension outside of an asynchronous function");
    if (gi == 0) {
        EMIT(c, LOAD_FAST, 0);            /* the outermost iterator: argument .0 */
    } else {
        iter_expr(c, g->iter);
        EMIT0(c, GET_ITER);
    }
    depth++;
    place(c, start);
    EMIT(c, FOR_ITER, anchor);
    expr(c, g->target);
    for (int i = 0; i < g->ifs.n; i++)
        jump_if(c, g->ifs.items[i], if_cleanup, false);
    if (gi + 1 < gens->n) {
        comp_generator(c, gens, gi + 1, depth, elt, val, kind);
    } else {
        switch (kind) {
        case C_GENEXP:
            expr(c, elt);
            EMIT(c, YIELD_VALUE, 0);
            EMIT0(c, POP_TOP);
            break;
        case C_LIST:
            expr(c, elt);
            EMIT(c, LIST_APPEND, depth + 1);
            break;
        case C_SET:
            expr(c, elt);
            EMIT(c, SET_ADD, depth + 1);
            break;
        case C_DICT:
            expr(c, elt);
            expr(c, val);
            EMIT(c, MAP_ADD, depth + 1);
            break;
        }
    }
    place(c, if_cleanup);
    EMIT(c, JUMP, start);
    place(c, anchor);
}

static void comprehension(Comp *c, TlExpr *e, const char *name,
                          TlComprehensionSeq *gens, TlExpr *elt, TlExpr *val,
                          CompKind kind)
{
    static const int build[] = {0, OP_BUILD_LIST, OP_BUILD_SET, OP_BUILD_MAP};
    enter_scope(c, U_COMPREHENSION, name, e, e->lineno);
    LOC(c, e);
    c->u->argcount = 1;
    if (kind != C_GENEXP)
        emit(c, build[kind], 0);
    comp_generator(c, gens, 0, 0, elt, val, kind);
    LOC(c, e);
    if (kind != C_GENEXP)
        EMIT0(c, RETURN_VALUE);
    else
        implicit_return(c);
    TlVal co = assemble(c);
    exit_scope(c);
    make_closure(c, co, 0);
    iter_expr(c, gens->items[0]->iter);
    LOC(c, e);
    EMIT0(c, GET_ITER);
    EMIT(c, CALL, 0);          /* [function, iterator]: function(iterator) */
}

/* ------------------------------------------------------------ expr */

static void attribute(Comp *c, TlExpr *e)
{
    const char *attr = mangle(c, e->u.attribute.attr);
    TlExprContext ctx = e->u.attribute.ctx;
    expr(c, e->u.attribute.value);
    LOC(c, e);
    if (ctx == TL_STORE)
        forbidden_name(c, e->u.attribute.attr, ctx);
    attr_loc(c, e);
    if (ctx == TL_LOAD)
        EMIT(c, LOAD_ATTR, add_name(c, attr));
    else if (ctx == TL_STORE)
        EMIT(c, STORE_ATTR, add_name(c, attr));
    else
        EMIT(c, DELETE_ATTR, add_name(c, attr));
}

static void subscript(Comp *c, TlExpr *e)
{
    TlExprContext ctx = e->u.subscript.ctx;
    if (ctx == TL_LOAD)
        check_subscript(c, e->u.subscript.value, e->u.subscript.slice);
    expr(c, e->u.subscript.value);
    subscript_key(c, e->u.subscript.slice);
    LOC(c, e);
    if (ctx == TL_LOAD)
        EMIT0(c, BINARY_SUBSCR);
    else if (ctx == TL_STORE)
        EMIT0(c, STORE_SUBSCR);
    else
        EMIT0(c, DELETE_SUBSCR);
}

static void yield_from(Comp *c, TlExpr *e)
{
    int loop = new_label(c), exit = new_label(c);
    expr(c, e->u.yieldfrom.value);
    LOC(c, e);
    EMIT0(c, GET_YIELD_FROM_ITER);
    load_const(c, TL_NONE);
    place(c, loop);
    EMIT(c, SEND, exit);
    EMIT(c, YIELD_VALUE, 1);   /* 1: delegating; the SEND is the word before */
    EMIT(c, JUMP, loop);
    place(c, exit);
}

static void sequence(Comp *c, TlExpr *e, TlExprSeq *elts, TlExprContext ctx, bool tuple)
{
    TlVal folded;
    if (ctx == TL_STORE) {
        unpack_store(c, e, elts);
    } else if (ctx == TL_DEL) {
        for (int i = 0; i < elts->n; i++)
            expr(c, elts->items[i]);
    } else if (tuple && (folded = const_value(c, e))) {
        load_const(c, folded);
    } else {
        starunpack(c, elts, 0, OP_BUILD_LIST, OP_LIST_APPEND, OP_LIST_EXTEND, tuple);
    }
}

/* Was operand e (just compiled) computed by a BINARY_OP of its own, so that
 * the value is a temporary only the stack holds?  (A folded constant is
 * not.)  The interpreter may then reuse a fresh float's storage. */
static bool fresh_operand(Comp *c, TlExpr *e)
{
    Unit *u = c->u;
    return e->kind == TL_E_BINOP && u->nins > 0 && u->ins[u->nins - 1].op == OP_BINARY_OP;
}

static void expr_inner(Comp *c, TlExpr *e)
{
    TlVal folded;
    int flags;
    switch (e->kind) {
    case TL_E_BOOLOP:
        boolop(c, e);
        break;
    case TL_E_NAMEDEXPR:
        expr(c, e->u.namedexpr.value);
        EMIT(c, COPY, 1);
        expr(c, e->u.namedexpr.target);
        break;
    case TL_E_BINOP:
        if ((folded = const_value(c, e))) {
            load_const(c, folded);
            break;
        }
        expr(c, e->u.binop.left);
        flags = fresh_operand(c, e->u.binop.left) ? TL_TMP_LEFT : 0;
        expr(c, e->u.binop.right);
        flags |= fresh_operand(c, e->u.binop.right) ? TL_TMP_RIGHT : 0;
        EMIT(c, BINARY_OP, binop_of(e->u.binop.op) | flags);
        break;
    case TL_E_UNARYOP:
        if ((folded = const_value(c, e))) {
            load_const(c, folded);
            break;
        }
        expr(c, e->u.unaryop.operand);
        switch (e->u.unaryop.op) {
        case TL_A_NOT: EMIT0(c, UNARY_NOT); break;
        case TL_A_USUB: EMIT(c, UNARY_OP, TL_UOP_NEG); break;
        case TL_A_UADD: EMIT(c, UNARY_OP, TL_UOP_POS); break;
        case TL_A_INVERT: EMIT(c, UNARY_OP, TL_UOP_INVERT); break;
        }
        break;
    case TL_E_LAMBDA:
        lambda(c, e);
        break;
    case TL_E_IFEXP:
        ifexp(c, e);
        break;
    case TL_E_DICT:
        dict(c, e);
        break;
    case TL_E_SET:
        starunpack(c, &e->u.set.elts, 0, OP_BUILD_SET, OP_SET_ADD, OP_SET_UPDATE, false);
        break;
    case TL_E_LISTCOMP:
        comprehension(c, e, "<listcomp>", &e->u.listcomp.generators, e->u.listcomp.elt,
                      NULL, C_LIST);
        break;
    case TL_E_SETCOMP:
        comprehension(c, e, "<setcomp>", &e->u.setcomp.generators, e->u.setcomp.elt,
                      NULL, C_SET);
        break;
    case TL_E_DICTCOMP:
        comprehension(c, e, "<dictcomp>", &e->u.dictcomp.generators, e->u.dictcomp.key,
                      e->u.dictcomp.value, C_DICT);
        break;
    case TL_E_GENERATOREXP:
        comprehension(c, e, "<genexpr>", &e->u.generatorexp.generators,
                      e->u.generatorexp.elt, NULL, C_GENEXP);
        break;
    case TL_E_AWAIT:
        if (!is_function_unit(c->u))
            ERR_AT(c, e, "'await' outside function");
        ERR_AT(c, e, "'await' outside async function");
        break;
    case TL_E_YIELD:
        if (!is_function_unit(c->u))
            ERR_AT(c, e, "'yield' outside function");
        if (e->u.yield.value)
            expr(c, e->u.yield.value);
        else
            load_const(c, TL_NONE);
        LOC(c, e);
        EMIT(c, YIELD_VALUE, 0);
        break;
    case TL_E_YIELDFROM:
        if (!is_function_unit(c->u))
            ERR_AT(c, e, "'yield' outside function");
        yield_from(c, e);
        break;
    case TL_E_COMPARE:
        compare(c, e);
        break;
    case TL_E_CALL:
        call(c, e);
        break;
    case TL_E_FORMATTEDVALUE:
        formatted_value(c, e);
        break;
    case TL_E_JOINEDSTR:
        joined_str(c, e);
        break;
    case TL_E_CONSTANT:
        load_const(c, const_value(c, e));
        break;
    case TL_E_ATTRIBUTE:
        attribute(c, e);
        break;
    case TL_E_SUBSCRIPT:
        subscript(c, e);
        break;
    case TL_E_STARRED:
        if (e->u.starred.ctx == TL_STORE)
            ERR_AT(c, e, "starred assignment target must be in a list or tuple");
        ERR_AT(c, e, "can't use starred expression here");
        break;
    case TL_E_NAME:
        nameop(c, e->u.name.id, e->u.name.ctx);
        break;
    case TL_E_LIST:
        sequence(c, e, &e->u.list.elts, e->u.list.ctx, false);
        break;
    case TL_E_TUPLE:
        sequence(c, e, &e->u.tuple.elts, e->u.tuple.ctx, true);
        break;
    case TL_E_SLICE:
        subscript_key(c, e);
        break;
    }
}

/* Every instruction of an expression carries the expression's position
 * unless a sub-expression sets its own (traceback carets). */
static void expr(Comp *c, TlExpr *e)
{
    TlPos saved = c->u->loc;
    enter(c);
    LOC(c, e);
    expr_inner(c, e);
    c->depth--;
    c->u->loc = saved;
}

/* ------------------------------------------------------------ frame blocks */

static void push_fblock(Comp *c, FbKind kind, int start, int exit, const void *datum)
{
    Unit *u = c->u;
    if (u->nfb >= MAX_BLOCKS)
        tl_cerr_at(&c->err, u->loc.line, u->loc.col, u->loc.end_line, u->loc.end_col,
                   "too many statically nested blocks");
    u->fb[u->nfb++] = (FBlock){kind, start, exit, datum};
}

static void pop_fblock(Comp *c)
{
    c->u->nfb--;
}

static void call_exit_with_nones(Comp *c)
{
    load_const(c, TL_NONE);
    load_const(c, TL_NONE);
    load_const(c, TL_NONE);
    EMIT(c, CALL, 2);          /* [exit, None, None, None]: exit(None, None, None) */
}

/* Leave one block early (return/break/continue); with preserve_tos the
 * return value on top of the stack survives. */
static void unwind_fblock(Comp *c, FBlock *fb, bool preserve_tos)
{
    switch (fb->kind) {
    case FB_WHILE: case FB_EXCEPTION_HANDLER:
        return;
    case FB_FOR: case FB_POP_VALUE:
        if (preserve_tos)
            EMIT(c, SWAP, 2);
        EMIT0(c, POP_TOP);
        return;
    case FB_TRY_EXCEPT:
        pop_block(c);
        return;
    case FB_FINALLY_TRY:
        pop_block(c);
        if (preserve_tos)
            push_fblock(c, FB_POP_VALUE, -1, -1, NULL);
        stmts(c, (TlStmtSeq *)fb->datum);
        if (preserve_tos)
            pop_fblock(c);
        unset_loc(c);
        return;
    case FB_FINALLY_END:
        if (preserve_tos)
            EMIT(c, SWAP, 2);
        EMIT0(c, POP_TOP);      /* the exception */
        if (preserve_tos)
            EMIT(c, SWAP, 2);
        pop_block(c);
        EMIT0(c, POP_EXCEPT);
        return;
    case FB_WITH: {
        const TlStmt *s = fb->datum;
        LOC(c, s);
        pop_block(c);
        if (preserve_tos)
            EMIT(c, SWAP, 2);
        call_exit_with_nones(c);
        EMIT0(c, POP_TOP);
        unset_loc(c);
        return;
    }
    case FB_HANDLER_CLEANUP:
        if (fb->datum)
            pop_block(c);
        if (preserve_tos)
            EMIT(c, SWAP, 2);
        pop_block(c);
        EMIT0(c, POP_EXCEPT);
        if (fb->datum) {
            load_const(c, TL_NONE);
            nameop(c, fb->datum, TL_STORE);
            nameop(c, fb->datum, TL_DEL);
        }
        return;
    }
}

/* Unwind every block up to the innermost loop (loop != NULL) or all of
 * them (return).  The blocks are restored afterwards: the code that
 * follows lexically is still inside them. */
static void unwind_stack(Comp *c, bool preserve_tos, FBlock **loop)
{
    Unit *u = c->u;
    if (!u->nfb)
        return;
    FBlock *top = &u->fb[u->nfb - 1];
    if (loop && (top->kind == FB_WHILE || top->kind == FB_FOR)) {
        *loop = top;
        return;
    }
    FBlock copy = *top;
    u->nfb--;
    unwind_fblock(c, &copy, preserve_tos);
    unwind_stack(c, preserve_tos, loop);
    u->fb[u->nfb++] = copy;
}

/* ------------------------------------------------------------ statements */

static void return_stmt(Comp *c, TlStmt *s)
{
    TlExpr *v = s->u.return_.value;
    if (!is_function_unit(c->u))
        ERR_AT(c, s, "'return' outside function");
    TlVal folded = v ? const_value(c, v) : TL_NULL;
    bool preserve = v && !folded;
    int saved = c->u->cur_handler;
    if (preserve) {
        expr(c, v);
    } else if (v) {
        LOC(c, v);              /* CPython's position for a constant return */
        if (v->lineno != s->lineno)
            LOC(c, s);
    }
    unwind_stack(c, preserve, NULL);
    if (!v)
        load_const(c, TL_NONE);
    else if (!preserve)
        load_const(c, folded);
    EMIT0(c, RETURN_VALUE);     /* after a finally body: its position */
    c->u->cur_handler = saved;
}

static void loop_jump(Comp *c, TlStmt *s, bool is_break)
{
    FBlock *loop = NULL;
    int saved = c->u->cur_handler;
    unwind_stack(c, false, &loop);
    if (!loop)
        ERR_AT(c, s, is_break ? "'break' outside loop" : "'continue' not properly in loop");
    LOC(c, s);
    if (is_break) {
        unwind_fblock(c, loop, false);
        EMIT(c, JUMP, loop->exit);
    } else {
        EMIT(c, JUMP, loop->start);
    }
    c->u->cur_handler = saved;
}

static void if_stmt(Comp *c, TlStmt *s)
{
    int end = new_label(c);
    int next = s->u.if_.orelse.n ? new_label(c) : end;
    jump_if(c, s->u.if_.test, next, false);
    stmts(c, &s->u.if_.body);
    if (s->u.if_.orelse.n) {
        unset_loc(c);
        EMIT(c, JUMP, end);
        place(c, next);
        stmts(c, &s->u.if_.orelse);
    }
    place(c, end);
}

/* `while True:` and friends need no test. */
static bool always_true(Comp *c, TlExpr *e)
{
    TlVal v = const_value(c, e);
    return v && tl_truthy(c->th, v) == 1;
}

static void while_stmt(Comp *c, TlStmt *s)
{
    int loop = new_label(c), anchor = new_label(c), exit = new_label(c);
    place(c, loop);
    push_fblock(c, FB_WHILE, loop, exit, NULL);
    if (!always_true(c, s->u.while_.test))
        jump_if(c, s->u.while_.test, anchor, false);
    stmts(c, &s->u.while_.body);
    LOC(c, s);
    EMIT(c, JUMP, loop);
    pop_fblock(c);
    place(c, anchor);
    stmts(c, &s->u.while_.orelse);
    place(c, exit);
}

static void for_stmt(Comp *c, TlStmt *s)
{
    int start = new_label(c), cleanup = new_label(c), end = new_label(c);
    if (s->kind == TL_S_ASYNCFOR)
        ERR_AT(c, s, "'async for' outside async function");
    push_fblock(c, FB_FOR, start, end, NULL);
    iter_expr(c, s->u.for_.iter);
    LOC(c, s);
    EMIT0(c, GET_ITER);
    place(c, start);
    EMIT(c, FOR_ITER, cleanup);
    expr(c, s->u.for_.target);
    stmts(c, &s->u.for_.body);
    LOC(c, s);
    EMIT(c, JUMP, start);
    place(c, cleanup);
    pop_fblock(c);
    stmts(c, &s->u.for_.orelse);
    place(c, end);
}

/* POP_EXCEPT_AND_RERAISE: the cleanup handler of an except body. */
static void pop_except_and_reraise(Comp *c)
{
    EMIT(c, COPY, 3);
    EMIT0(c, POP_EXCEPT);
    EMIT(c, RERAISE, 1);
}

static void try_except(Comp *c, TlStmt *s)
{
    int end = new_label(c), except = new_label(c), cleanup = new_label(c);
    int h = push_handler(c, except, 0, 0);
    push_fblock(c, FB_TRY_EXCEPT, -1, -1, NULL);
    stmts(c, &s->u.try_.body);
    pop_fblock(c);
    pop_block(c);
    unset_loc(c);
    stmts(c, &s->u.try_.orelse);
    unset_loc(c);
    EMIT(c, JUMP, end);
    place_handler(c, h);
    unset_loc(c);
    int hc = push_handler(c, cleanup, 1, 0);
    EMIT0(c, PUSH_EXC_INFO);
    push_fblock(c, FB_EXCEPTION_HANDLER, -1, -1, NULL);
    TlHandlerSeq *hs = &s->u.try_.handlers;
    for (int i = 0; i < hs->n; i++) {
        TlExceptHandler *eh = hs->items[i];
        if (!eh->type && i < hs->n - 1)
            ERR_AT(c, eh, "default 'except:' must be last");
        LOC(c, eh);
        except = new_label(c);
        if (eh->type) {
            expr(c, eh->type);
            EMIT0(c, CHECK_EXC_MATCH);
            EMIT(c, POP_JUMP_IF_FALSE, except);
        }
        if (eh->name) {
            int cleanup_end = new_label(c);
            nameop(c, eh->name, TL_STORE);
            int he = push_handler(c, cleanup_end, 1, 0);
            push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, eh->name);
            stmts(c, &eh->body);
            pop_fblock(c);
            unset_loc(c);
            pop_block(c);
            pop_block(c);
            EMIT0(c, POP_EXCEPT);
            load_const(c, TL_NONE);
            nameop(c, eh->name, TL_STORE);
            nameop(c, eh->name, TL_DEL);
            EMIT(c, JUMP, end);
            place_handler(c, he);
            unset_loc(c);
            load_const(c, TL_NONE);
            nameop(c, eh->name, TL_STORE);
            nameop(c, eh->name, TL_DEL);
            EMIT(c, RERAISE, 1);
        } else {
            EMIT0(c, POP_TOP);  /* the exception */
            push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, NULL);
            stmts(c, &eh->body);
            pop_fblock(c);
            unset_loc(c);
            pop_block(c);
            EMIT0(c, POP_EXCEPT);
            EMIT(c, JUMP, end);
        }
        place(c, except);
        c->u->cur_handler = hc;
    }
    unset_loc(c);
    pop_fblock(c);
    EMIT(c, RERAISE, 0);
    place_handler(c, hc);
    pop_except_and_reraise(c);
    place(c, end);
}

static void try_finally(Comp *c, TlStmt *s)
{
    int end = new_label(c), exit = new_label(c), cleanup = new_label(c);
    TlStmtSeq *fin = &s->u.try_.finalbody;
    int h = push_handler(c, end, 0, 0);
    push_fblock(c, FB_FINALLY_TRY, -1, -1, fin);
    if (s->u.try_.handlers.n)
        try_except(c, s);
    else
        stmts(c, &s->u.try_.body);
    unset_loc(c);
    pop_block(c);
    pop_fblock(c);
    stmts(c, fin);
    unset_loc(c);
    EMIT(c, JUMP, exit);
    place_handler(c, h);
    unset_loc(c);
    int hc = push_handler(c, cleanup, 1, 0);
    EMIT0(c, PUSH_EXC_INFO);
    push_fblock(c, FB_FINALLY_END, -1, -1, NULL);
    stmts(c, fin);
    pop_fblock(c);
    unset_loc(c);
    EMIT(c, RERAISE, 0);
    place_handler(c, hc);
    pop_except_and_reraise(c);
    place(c, exit);
}

static void with_stmt(Comp *c, TlStmt *s, int pos)
{
    TlWithItem *item = s->u.with.items.items[pos];
    int final = new_label(c), exit = new_label(c), cleanup = new_label(c);
    if (s->kind == TL_S_ASYNCWITH)
        ERR_AT(c, s, "'async with' outside async function");
    expr(c, item->context_expr);
    LOC(c, s);
    EMIT0(c, BEFORE_WITH);
    /* The handler runs with only __exit__ below it: the __enter__ result
     * (or what replaced it) is dropped. */
    int h = push_handler(c, final, 1, 1);
    push_fblock(c, FB_WITH, -1, -1, s);
    if (item->optional_vars)
        expr(c, item->optional_vars);
    else
        EMIT0(c, POP_TOP);
    if (pos + 1 == s->u.with.items.n)
        stmts(c, &s->u.with.body);
    else
        with_stmt(c, s, pos + 1);
    pop_fblock(c);
    pop_block(c);
    LOC(c, s);
    call_exit_with_nones(c);
    EMIT0(c, POP_TOP);
    EMIT(c, JUMP, exit);
    place_handler(c, h);
    int hc = push_handler(c, cleanup, 1, 0);
    EMIT0(c, PUSH_EXC_INFO);
    EMIT0(c, WITH_EXCEPT_START);
    int suppress = new_label(c);
    EMIT(c, POP_JUMP_IF_TRUE, suppress);
    EMIT(c, RERAISE, 2);
    place_handler(c, hc);
    pop_except_and_reraise(c);
    place(c, suppress);
    c->u->cur_handler = hc;
    EMIT0(c, POP_TOP);          /* the exception */
    pop_block(c);
    EMIT0(c, POP_EXCEPT);
    EMIT0(c, POP_TOP);          /* lasti */
    EMIT0(c, POP_TOP);          /* __exit__ */
    place(c, exit);
}

static void augassign(Comp *c, TlStmt *s)
{
    TlExpr *t = s->u.augassign.target;
    LOC(c, t);
    switch (t->kind) {
    case TL_E_ATTRIBUTE:
        expr(c, t->u.attribute.value);
        EMIT(c, COPY, 1);
        attr_loc(c, t);
        EMIT(c, LOAD_ATTR, add_name(c, mangle(c, t->u.attribute.attr)));
        break;
    case TL_E_SUBSCRIPT:
        expr(c, t->u.subscript.value);
        subscript_key(c, t->u.subscript.slice);
        EMIT(c, COPY, 2);
        EMIT(c, COPY, 2);
        EMIT0(c, BINARY_SUBSCR);
        break;
    case TL_E_NAME:
        nameop(c, t->u.name.id, TL_LOAD);
        break;
    default:
        ERR_AT(c, t, "illegal expression for augmented assignment");
    }
    LOC(c, s);
    expr(c, s->u.augassign.value);
    EMIT(c, BINARY_OP, binop_of(s->u.augassign.op) + TL_INPLACE);
    LOC(c, t);
    switch (t->kind) {
    case TL_E_ATTRIBUTE:
        attr_loc(c, t);
        EMIT(c, SWAP, 2);
        EMIT(c, STORE_ATTR, add_name(c, mangle(c, t->u.attribute.attr)));
        break;
    case TL_E_SUBSCRIPT:
        EMIT(c, SWAP, 3);
        EMIT(c, SWAP, 2);
        EMIT0(c, STORE_SUBSCR);
        break;
    default:
        nameop(c, t->u.name.id, TL_STORE);
        break;
    }
}

/* Evaluate and drop (annotation targets that are not stored). */
static void check_ann_expr(Comp *c, TlExpr *e)
{
    expr(c, e);
    EMIT0(c, POP_TOP);
}

static void check_ann_subscr(Comp *c, TlExpr *e)
{
    if (e->kind == TL_E_SLICE) {
        TlExpr *parts[3] = {e->u.slice.lower, e->u.slice.upper, e->u.slice.step};
        for (int i = 0; i < 3; i++)
            if (parts[i])
                check_ann_expr(c, parts[i]);
    } else if (e->kind == TL_E_TUPLE) {
        for (int i = 0; i < e->u.tuple.elts.n; i++)
            check_ann_subscr(c, e->u.tuple.elts.items[i]);
    } else {
        check_ann_expr(c, e);
    }
}

static void annassign(Comp *c, TlStmt *s)
{
    TlExpr *t = s->u.annassign.target;
    bool module_or_class = !is_function_unit(c->u);
    if (s->u.annassign.value) {
        expr(c, s->u.annassign.value);
        expr(c, t);
    }
    switch (t->kind) {
    case TL_E_NAME:
        if (s->u.annassign.simple && module_or_class) {
            const char *m = mangle(c, t->u.name.id);
            expr(c, s->u.annassign.annotation);
            EMIT(c, LOAD_NAME, add_name(c, "__annotations__"));
            load_const(c, str_const(c, m, strlen(m)));
            EMIT0(c, STORE_SUBSCR);
        }
        break;
    case TL_E_ATTRIBUTE:
        if (!s->u.annassign.value)
            check_ann_expr(c, t->u.attribute.value);
        break;
    case TL_E_SUBSCRIPT:
        if (!s->u.annassign.value) {
            check_ann_expr(c, t->u.subscript.value);
            check_ann_subscr(c, t->u.subscript.slice);
        }
        break;
    default:
        ERR_AT(c, t, "invalid node type for annotated assignment");
    }
    if (!s->u.annassign.simple && module_or_class)
        check_ann_expr(c, s->u.annassign.annotation);
}

static void assert_stmt(Comp *c, TlStmt *s)
{
    int end = new_label(c);
    TlExpr *t = s->u.assert_.test;
    if (t->kind == TL_E_TUPLE && t->u.tuple.elts.n > 0)
        warn(c, "assertion is always true, perhaps remove parentheses?");
    jump_if(c, t, end, true);
    while (t->kind == TL_E_UNARYOP && t->u.unaryop.op == TL_A_NOT)
        t = t->u.unaryop.operand;
    if (t->kind == TL_E_COMPARE)   /* CPython's traceback carets */
        LOC(c, t);
    EMIT0(c, LOAD_ASSERTION_ERROR);
    if (s->u.assert_.msg) {
        expr(c, s->u.assert_.msg);
        EMIT(c, CALL, 0);       /* [AssertionError, msg]: AssertionError(msg) */
    }
    EMIT(c, RAISE_VARARGS, 1);
    place(c, end);
}

static void import_stmt(Comp *c, TlStmt *s)
{
    for (int i = 0; i < s->u.import.names.n; i++) {
        TlAlias *a = s->u.import.names.items[i];
        load_const(c, tl_mksmall(0));
        load_const(c, TL_NONE);
        EMIT(c, IMPORT_NAME, add_name(c, a->name));
        const char *dot = strchr(a->name, '.');
        if (!a->asname) {
            const char *top = dot ? tl_arena_strndup(c->arena, a->name, (size_t)(dot - a->name))
                                  : a->name;
            nameop(c, top, TL_STORE);
            continue;
        }
        /* import a.b.c as d: d is the submodule, reached attribute by
         * attribute from the top-level package IMPORT_NAME returns. */
        while (dot) {
            const char *part = dot + 1;
            dot = strchr(part, '.');
            size_t n = dot ? (size_t)(dot - part) : strlen(part);
            EMIT(c, IMPORT_FROM, add_name(c, tl_arena_strndup(c->arena, part, n)));
            if (!dot)
                break;
            EMIT(c, SWAP, 2);
            EMIT0(c, POP_TOP);
        }
        nameop(c, a->asname, TL_STORE);
        if (strchr(a->name, '.'))
            EMIT0(c, POP_TOP);
    }
}

static const char *const future_features[] = {
    "nested_scopes", "generators", "division", "absolute_import",
    "with_statement", "print_function", "unicode_literals", "barry_as_FLUFL",
    "generator_stop", "annotations", NULL,
};

/* `from __future__ import x`: checked, but there is nothing to do at run
 * time (every feature is on or irrelevant). */
static void future_import(Comp *c, TlStmt *s, bool at_start)
{
    if (!at_start)
        ERR_AT(c, s, "from __future__ imports must occur at the beginning of the file");
    for (int i = 0; i < s->u.importfrom.names.n; i++) {
        const char *f = s->u.importfrom.names.items[i]->name;
        bool known = false;
        for (int k = 0; future_features[k]; k++)
            known = known || strcmp(f, future_features[k]) == 0;
        if (strcmp(f, "braces") == 0)
            ERR_AT(c, s, "not a chance");
        if (!known)
            ERR_AT(c, s, "future feature %s is not defined", f);
    }
}

static void import_from(Comp *c, TlStmt *s)
{
    TlAliasSeq *names = &s->u.importfrom.names;
    const char *module = s->u.importfrom.module ? s->u.importfrom.module : "";
    TlVal fromlist = chk(c, tl_tuple_new(c->th, (size_t)names->n));
    for (int i = 0; i < names->n; i++)
        TL_TUPLE(fromlist)->items[i] = chk(c, tl_intern_cstr(c->th, names->items[i]->name));
    load_const(c, tl_mksmall(s->u.importfrom.level));
    load_const(c, fromlist);
    EMIT(c, IMPORT_NAME, add_name(c, module));
    for (int i = 0; i < names->n; i++) {
        TlAlias *a = names->items[i];
        if (strcmp(a->name, "*") == 0) {
            EMIT0(c, IMPORT_STAR);
            return;
        }
        EMIT(c, IMPORT_FROM, add_name(c, a->name));
        nameop(c, a->asname ? a->asname : a->name, TL_STORE);
    }
    EMIT0(c, POP_TOP);
}

static void raise_stmt(Comp *c, TlStmt *s)
{
    int n = 0;
    if (s->u.raise.exc) {
        expr(c, s->u.raise.exc);
        n++;
        if (s->u.raise.cause) {
            expr(c, s->u.raise.cause);
            n++;
        }
    }
    LOC(c, s);
    EMIT(c, RAISE_VARARGS, n);
}

static void expr_stmt(Comp *c, TlStmt *s)
{
    TlExpr *v = s->u.expr.value;
    if (c->interactive && c->u->kind == U_MODULE) {
        expr(c, v);
        EMIT0(c, PRINT_EXPR);
        return;
    }
    if (v->kind == TL_E_CONSTANT) {
        EMIT0(c, NOP);
        return;
    }
    expr(c, v);
    EMIT0(c, POP_TOP);
}

static void stmt(Comp *c, TlStmt *s, bool at_start)
{
    enter(c);
    LOC(c, s);
    switch (s->kind) {
    case TL_S_FUNCTIONDEF: case TL_S_ASYNCFUNCTIONDEF:
        funcdef(c, s);
        break;
    case TL_S_CLASSDEF:
        classdef(c, s);
        break;
    case TL_S_RETURN:
        return_stmt(c, s);
        break;
    case TL_S_DELETE:
        exprs(c, &s->u.delete_.targets);     /* targets in Del context */
        break;
    case TL_S_ASSIGN: {
        TlExprSeq *t = &s->u.assign.targets;
        if (swap_assign(c, t, s->u.assign.value))
            break;
        expr(c, s->u.assign.value);
        for (int i = 0; i < t->n; i++) {
            if (i < t->n - 1)
                EMIT(c, COPY, 1);
            expr(c, t->items[i]);
        }
        break;
    }
    case TL_S_AUGASSIGN:
        augassign(c, s);
        break;
    case TL_S_ANNASSIGN:
        annassign(c, s);
        break;
    case TL_S_FOR: case TL_S_ASYNCFOR:
        for_stmt(c, s);
        break;
    case TL_S_WHILE:
        while_stmt(c, s);
        break;
    case TL_S_IF:
        if_stmt(c, s);
        break;
    case TL_S_WITH: case TL_S_ASYNCWITH:
        with_stmt(c, s, 0);
        break;
    case TL_S_RAISE:
        raise_stmt(c, s);
        break;
    case TL_S_TRY:
        if (s->u.try_.finalbody.n)
            try_finally(c, s);
        else
            try_except(c, s);
        break;
    case TL_S_TRYSTAR:
        ERR_AT(c, s, "'except*' is not supported");
        break;
    case TL_S_ASSERT:
        assert_stmt(c, s);
        break;
    case TL_S_IMPORT:
        import_stmt(c, s);
        break;
    case TL_S_IMPORTFROM:
        if (s->u.importfrom.module && strcmp(s->u.importfrom.module, "__future__") == 0 &&
            s->u.importfrom.level == 0)
            future_import(c, s, at_start);
        else
            import_from(c, s);
        break;
    case TL_S_EXPR:
        expr_stmt(c, s);
        break;
    case TL_S_GLOBAL: case TL_S_NONLOCAL: case TL_S_PASS:
        break;
    case TL_S_BREAK:
        loop_jump(c, s, true);
        break;
    case TL_S_CONTINUE:
        loop_jump(c, s, false);
        break;
    }
    c->depth--;
}

static void stmts(Comp *c, TlStmtSeq *b)
{
    for (int i = 0; i < b->n; i++)
        stmt(c, b->items[i], false);
}

/* ------------------------------------------------------------ entry point */

static TlVal compile_mod(Comp *c, TlMod *mod)
{
    enter_scope(c, U_MODULE, "<module>", mod, 1);
    switch (mod->kind) {
    case TL_MOD_MODULE:
        body(c, &mod->body, true);
        implicit_return(c);
        break;
    case TL_MOD_INTERACTIVE:
        c->interactive = true;
        body(c, &mod->body, false);
        implicit_return(c);
        break;
    case TL_MOD_EXPRESSION:
        expr(c, mod->expr);
        LOC(c, mod->expr);
        EMIT0(c, RETURN_VALUE);
        break;
    }
    return assemble(c);
}

/* The text of line `lineno` (1-based) including its newline. */
static TlVal source_line(TlThread *th, const char *src, size_t n, int lineno)
{
    size_t len;
    const char *p = find_line(src, n, lineno, &len);
    if (!p)
        return TL_NONE;
    if (p + len < src + n)
        len++;
    TlVal s = tl_str_new(th, p, len);
    return s ? s : TL_NONE;
}

static TlVal int_or_none(int v, bool known)
{
    return known ? tl_mksmall(v) : TL_NONE;
}

/* Raise SyntaxError (or a subclass) with CPython's args and attributes:
 * msg, (filename, lineno, offset, text, end_lineno, end_offset). */
static void raise_syntax(TlThread *th, TlType *type, const char *msg, TlVal filename,
                         int lineno, int offset, TlVal text, int end_lineno, int end_offset)
{
    TlVal m = tl_str_cstr(th, msg);
    if (!m)
        return;
    TlVal loc[6] = {filename, int_or_none(lineno, lineno > 0),
                    int_or_none(offset, offset > 0), text,
                    int_or_none(end_lineno, end_lineno > 0),
                    int_or_none(end_offset, end_offset > 0)};
    TlVal args[2] = {m, tl_tuple_from(th, loc, 6)};
    if (!args[1])
        return;
    TlVal e = tl_exc_new(th, type, args, 2);
    if (!e)
        return;
    TlExc *x = TL_EXC(e);
    if (!x->dict && !(x->dict = tl_dict_new(th)))
        return;
    static const char *const attrs[] = {"filename", "lineno", "offset", "text",
                                        "end_lineno", "end_offset"};
    if (tl_dict_set_cstr(th, x->dict, "msg", m) < 0)
        return;
    for (int i = 0; i < 6; i++)
        if (tl_dict_set_cstr(th, x->dict, attrs[i], loc[i]) < 0)
            return;
    tl_raise_val(th, e);
}

static void raise_parse_error(TlThread *th, const TlSyntaxErr *err, TlVal filename)
{
    if (err->kind == TL_ERR_MEMORY) {
        TlVal e = tl_exc_new(th, &tl_MemoryError, NULL, 0);
        if (e)
            tl_raise_val(th, e);
        return;
    }
    TlType *t = err->kind == TL_ERR_INDENTATION ? &tl_IndentationError
              : err->kind == TL_ERR_TAB ? &tl_TabError : &tl_SyntaxError;
    TlVal text = TL_NONE;
    if (err->text[0] && !(text = tl_str_new(th, err->text, strlen(err->text))))
        return;
    raise_syntax(th, t, err->msg, filename, err->lineno, err->col, text,
                 err->end_lineno, err->end_col);
}

TlVal tl_compile(TlThread *th, const char *src, size_t n, const char *filename,
                 int mode, bool *incomplete)
{
    static const TlParseMode modes[] = {TL_PARSE_FILE, TL_PARSE_EVAL, TL_PARSE_SINGLE};
    if (incomplete)
        *incomplete = false;
    TlVal fname = tl_str_cstr(th, filename);
    if (!fname)
        return TL_NULL;
    TlArena arena;
    tl_arena_init(&arena);
    TlSyntaxErr perr;
    memset(&perr, 0, sizeof perr);
    TlMod *mod = tl_parse(&arena, src, n, filename, modes[mode], &perr);
    if (!mod) {
        tl_arena_free(&arena);
        if (perr.kind == TL_ERR_INCOMPLETE && mode == TL_MODE_SINGLE && incomplete) {
            *incomplete = true;
            return TL_NULL;
        }
        raise_parse_error(th, &perr, fname);
        return TL_NULL;
    }
    Comp *c = calloc(1, sizeof *c);    /* holds the jmp_buf; off the C stack */
    if (!c) {
        tl_arena_free(&arena);
        return tl_raise_nomem(th);
    }
    c->th = th;
    c->arena = &arena;
    c->filename = fname;
    c->fname = filename;
    c->src = src;
    c->srclen = n;
    TlVal volatile result = TL_NULL;
    if (setjmp(c->err.jb) == 0) {
        c->source = chk(c, tl_str_new(th, src, n));
        tl_symtable_build(&c->st, &arena, &c->err, mod);
        result = compile_mod(c, mod);
    } else if (c->err.kind == TL_CE_SYNTAX) {
        TlVal text = source_line(th, src, n, c->err.lineno);
        raise_syntax(th, &tl_SyntaxError, c->err.msg, fname, c->err.lineno,
                     c->err.col + 1, text, c->err.end_lineno, c->err.end_col + 1);
    } else if (c->err.kind == TL_CE_RECURSION) {
        tl_raise(th, &tl_RecursionError, "maximum recursion depth exceeded during compilation");
    }
    free(c);
    tl_arena_free(&arena);
    return result;
}
