/*
** parse.c -- the parser: tokens to the AST of vm/ast.h.
**
** A hand-written recursive descent parser for the Python 3.11 grammar
** (minus match statements and async), with one function per grammar level
** and a table-driven loop for the left-associative binary operators.  It
** needs at most two tokens of lookahead: assignment targets, keyword
** arguments and the like are parsed as expressions first and then checked
** and converted, which is also where CPython's targeted error messages
** ("cannot assign to function call here...") come from.
**
** Errors longjmp to tl_parse (see tl_lex_error), so the code reads like the
** grammar.  Before a parser error is reported, the rest of the input is
** tokenized, because CPython gives tokenizer errors priority ("'(' was
** never closed" beats "invalid syntax").  Recursion is bounded by a depth
** counter on the few self-recursive rules; CPython raises a bare
** MemoryError when its parser stack overflows, reported as TL_ERR_MEMORY.
**
** f-strings are single tokens; their replacement fields are parsed by
** running a sub-tokenizer over the field's source text in place, so nodes
** inside them get true source positions, as in CPython 3.11.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lex.h"

#define MAX_DEPTH 1000      /* nested unary/not/if-else/lambda/brackets */

/* Where the rule being parsed started: CPython positions a node at its
   rule's first token, so `(a) + b` starts at the parenthesis. */
typedef struct { int line, col; } Pos;

typedef struct P {
    TlArena *a;
    TlLexer *lx;
    TlToken tok[3];          /* tok[0] is the current token */
    int ntok;
    int end_line, end_col;   /* end of the last consumed token */
    int depth;
    int fstring;             /* inside an f-string replacement field */
    TlExpr *pending;         /* already parsed leading atom (see with_stmt) */
    Pos pending_pos;
    TlExpr *paren_tuple;     /* the last tuple display written in (...) */
    TlParseMode mode;
} P;

/* ------------------------------------------------------------ tokens */

static TlToken *peek(P *p, int i)
{
    while (p->ntok <= i) tl_lex_next(p->lx, &p->tok[p->ntok++]);
    return &p->tok[i];
}

static TlTokKind kind(P *p) { return peek(p, 0)->kind; }

static void next(P *p)
{
    TlToken *t = peek(p, 0);
    if (t->kind != TK_NEWLINE && t->kind != TK_INDENT && t->kind != TK_DEDENT) {
        /* layout tokens never extend a node's end position */
        p->end_line = t->end_lineno;
        p->end_col = t->end_col;
    }
    memmove(&p->tok[0], &p->tok[1], sizeof(TlToken) * 2);
    p->ntok--;
}

static int accept(P *p, TlTokKind k)
{
    if (kind(p) != k) return 0;
    next(p);
    return 1;
}

/* ------------------------------------------------------------ errors */

/* Like CPython, let the tokenizer speak first: scan the rest of the input
   and report its first error instead, except that a generic "invalid
   syntax" is not replaced by an unclosed bracket at EOF. */
static void drain(TlLexer *lx, int generic)
{
    TlToken t;
    lx->drain = generic;
    do tl_lex_next(lx, &t); while (t.kind != TK_ENDMARKER);
}

/* Report a parser error, letting a later tokenizer error win. */
#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 7, 8)))
#endif
static void error_at(P *p, TlSyntaxErrKind k, int line, int col, int eline,
                     int ecol, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (k != TL_ERR_MEMORY && !p->fstring &&
        !(p->ntok > 0 && p->tok[p->ntok - 1].kind == TK_ENDMARKER))
        drain(p->lx, strcmp(msg, "invalid syntax") == 0);
    if (eline <= 0) { eline = line; ecol = col; }
    tl_lex_error(p->lx, k, line, col, eline, ecol, "%s%s",
                 p->fstring && k == TL_ERR_SYNTAX ? "f-string: " : "", msg);
}

/* Error spanning the current token. */
#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void error_tok(P *p, const char *msg)
{
    TlToken *t = peek(p, 0);
    TlSyntaxErrKind k = TL_ERR_SYNTAX;
    if (t->kind == TK_ENDMARKER && p->lx->interactive) k = TL_ERR_INCOMPLETE;
    if (t->kind == TK_ERRORTOKEN && (unsigned char)*t->start >= 0x80) {
        /* non-ASCII junk is described by the tokenizer's own message */
        k = TL_ERR_SYNTAX;
    }
    error_at(p, k, t->lineno, t->col, t->end_lineno, t->end_col, "%s", msg);
}

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void syntax(P *p) { error_tok(p, "invalid syntax"); }

static void expect(P *p, TlTokKind k)
{
    if (!accept(p, k)) syntax(p);
}

/* `expected ':'` is reported just after the previous token. */
static void expect_colon(P *p)
{
    if (accept(p, TK_COLON)) return;
    if (kind(p) == TK_NEWLINE || kind(p) == TK_ENDMARKER)
        error_at(p, TL_ERR_SYNTAX, p->end_line, p->end_col, 0, 0, "expected ':'");
    syntax(p);
}

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void error_node(P *p, const TlExpr *e, const char *fmt, const char *arg)
{
    error_at(p, TL_ERR_SYNTAX, e->lineno, e->col, e->end_lineno, e->end_col,
             fmt, arg);
}

static void enter(P *p)
{
    if (++p->depth > MAX_DEPTH)
        error_at(p, TL_ERR_MEMORY, peek(p, 0)->lineno, peek(p, 0)->col, 0, 0, "%s", "");
}

/* --------------------------------------------------------- sequences */

typedef struct { int n, cap; void **v; } Vec;

static void push(P *p, Vec *v, void *x)
{
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 4;
        void **nv = tl_arena_alloc(p->a, sizeof(void *) * (size_t)cap);
        if (v->n) memcpy(nv, v->v, sizeof(void *) * (size_t)v->n);
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = x;
}

/* Typed copies of a Vec, one per sequence type of ast.h. */
#define SEQ_FROM_VEC(fn, Seq, T)                                           \
    static Seq fn(P *p, Vec *v)                                            \
    {                                                                      \
        Seq s = { v->n, NULL };                                            \
        if (v->n) {                                                        \
            s.items = tl_arena_alloc(p->a, sizeof(T *) * (size_t)v->n);    \
            for (int i = 0; i < v->n; i++) s.items[i] = v->v[i];           \
        }                                                                  \
        return s;                                                          \
    }
SEQ_FROM_VEC(exprs, TlExprSeq, TlExpr)
SEQ_FROM_VEC(stmts, TlStmtSeq, TlStmt)
SEQ_FROM_VEC(argseq, TlArgSeq, TlArg)
SEQ_FROM_VEC(kwseq, TlKeywordSeq, TlKeyword)
SEQ_FROM_VEC(aliasseq, TlAliasSeq, TlAlias)
SEQ_FROM_VEC(withseq, TlWithItemSeq, TlWithItem)
SEQ_FROM_VEC(compseq, TlComprehensionSeq, TlComprehension)
SEQ_FROM_VEC(handlerseq, TlHandlerSeq, TlExceptHandler)
SEQ_FROM_VEC(identseq, TlIdentSeq, char)

/* ------------------------------------------------------------- nodes */

/* A node starting at (line, col) and ending at the last consumed token. */
static TlExpr *expr_node(P *p, TlExprKind k, int line, int col)
{
    TlExpr *e = tl_arena_alloc(p->a, sizeof *e);
    e->kind = k;
    e->lineno = line;
    e->col = col;
    e->end_lineno = p->end_line;
    e->end_col = p->end_col;
    return e;
}

static TlStmt *stmt_node(P *p, TlStmtKind k, int line, int col)
{
    TlStmt *s = tl_arena_alloc(p->a, sizeof *s);
    s->kind = k;
    s->lineno = line;
    s->col = col;
    s->end_lineno = p->end_line;
    s->end_col = p->end_col;
    return s;
}

static TlToken *peek(P *p, int i);

static Pos here(P *p)
{
    if (p->pending) return p->pending_pos;
    TlToken *t = peek(p, 0);
    return (Pos){ t->lineno, t->col };
}

static TlExpr *span(P *p, TlExprKind k, Pos from)
{
    return expr_node(p, k, from.line, from.col);
}

static char *tok_str(P *p, const TlToken *t)
{
    return tl_arena_strndup(p->a, t->start, (size_t)(t->end - t->start));
}

static char *name(P *p)
{
    if (kind(p) != TK_NAME) syntax(p);
    char *s = tok_str(p, peek(p, 0));
    next(p);
    return s;
}

static TlExpr *name_expr(P *p)
{
    TlToken t = *peek(p, 0);
    TlExpr *e;
    char *id = name(p);
    e = expr_node(p, TL_E_NAME, t.lineno, t.col);
    e->u.name.id = id;
    return e;
}

/* ---------------------------------------------------------- targets */

/* CPython's name for an expression kind in error messages. */
static const char *expr_name(const TlExpr *e)
{
    switch (e->kind) {
    case TL_E_ATTRIBUTE: return "attribute";
    case TL_E_SUBSCRIPT: return "subscript";
    case TL_E_STARRED: return "starred";
    case TL_E_NAME: return "name";
    case TL_E_LIST: return "list";
    case TL_E_TUPLE: return "tuple";
    case TL_E_LAMBDA: return "lambda";
    case TL_E_CALL: return "function call";
    case TL_E_BOOLOP: case TL_E_BINOP: case TL_E_UNARYOP: return "expression";
    case TL_E_GENERATOREXP: return "generator expression";
    case TL_E_YIELD: case TL_E_YIELDFROM: return "yield expression";
    case TL_E_AWAIT: return "await expression";
    case TL_E_LISTCOMP: return "list comprehension";
    case TL_E_SETCOMP: return "set comprehension";
    case TL_E_DICTCOMP: return "dict comprehension";
    case TL_E_DICT: return "dict literal";
    case TL_E_SET: return "set display";
    case TL_E_JOINEDSTR: case TL_E_FORMATTEDVALUE: return "f-string expression";
    case TL_E_CONSTANT:
        switch (e->u.constant.kind) {
        case TL_CONST_NONE: return "None";
        case TL_CONST_TRUE: return "True";
        case TL_CONST_FALSE: return "False";
        case TL_CONST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    case TL_E_COMPARE: return "comparison";
    case TL_E_IFEXP: return "conditional expression";
    case TL_E_NAMEDEXPR: return "named expression";
    case TL_E_SLICE: return "slice";
    }
    return "expression";
}

/* First sub-expression of a target that cannot be assigned (or deleted). */
static TlExpr *bad_target(TlExpr *e, TlExprContext ctx)
{
    switch (e->kind) {
    case TL_E_NAME: case TL_E_ATTRIBUTE: case TL_E_SUBSCRIPT:
        return NULL;
    case TL_E_STARRED:
        return ctx == TL_DEL ? e : bad_target(e->u.starred.value, ctx);
    case TL_E_TUPLE: case TL_E_LIST: {
        TlExprSeq *s = e->kind == TL_E_TUPLE ? &e->u.tuple.elts : &e->u.list.elts;
        for (int i = 0; i < s->n; i++) {
            TlExpr *b = bad_target(s->items[i], ctx);
            if (b) return b;
        }
        return NULL;
    }
    default:
        return e;
    }
}

static void set_ctx(TlExpr *e, TlExprContext ctx)
{
    switch (e->kind) {
    case TL_E_NAME: e->u.name.ctx = ctx; break;
    case TL_E_ATTRIBUTE: e->u.attribute.ctx = ctx; break;
    case TL_E_SUBSCRIPT: e->u.subscript.ctx = ctx; break;
    case TL_E_STARRED: e->u.starred.ctx = ctx; set_ctx(e->u.starred.value, ctx); break;
    case TL_E_TUPLE: case TL_E_LIST: {
        TlExprSeq *s = e->kind == TL_E_TUPLE ? &e->u.tuple.elts : &e->u.list.elts;
        e->u.tuple.ctx = ctx;   /* same layout for list */
        for (int i = 0; i < s->n; i++) set_ctx(s->items[i], ctx);
        break;
    }
    default: break;
    }
}

static void store(P *p, TlExpr *e, TlExprContext ctx)
{
    TlExpr *b = bad_target(e, ctx);
    if (b) {
        if (b->kind == TL_E_YIELD || b->kind == TL_E_YIELDFROM)
            error_node(p, b, "%s", ctx == TL_DEL ? "cannot delete yield expression"
                                                 : "assignment to yield expression not possible");
        error_node(p, b, ctx == TL_DEL ? "cannot delete %s" : "cannot assign to %s",
                   expr_name(b));
    }
    set_ctx(e, ctx);
}

/* ------------------------------------------------------- expressions */

static TlExpr *expression(P *p);
static TlExpr *named_expr(P *p);
static TlExpr *star_expressions(P *p);
static TlExpr *bitwise_or(P *p);
static TlExpr *disjunction(P *p);
static TlArguments *parameters(P *p, int lambda);
static TlExpr *strings(P *p);
static TlExpr *yield_expr(P *p);

/* Tokens that can start an expression but never continue one. */
static int starts_operand(TlTokKind k)
{
    return k == TK_NAME || k == TK_NUMBER || k == TK_STRING || k == TK_LBRACE ||
           k == TK_TRUE || k == TK_FALSE || k == TK_NONE || k == TK_LAMBDA ||
           k == TK_ELLIPSIS || k == TK_TILDE || k == TK_NOT;
}

/* Inside brackets, `a b` most likely lacks a comma. */
static void missing_comma(P *p, const TlExpr *e)
{
    if (p->lx->level == 0 && !p->fstring) return;
    if (!starts_operand(kind(p))) return;
    if (e->kind == TL_E_NAME && kind(p) == TK_STRING) return;
    if (e->kind == TL_E_LAMBDA || e->kind == TL_E_IFEXP) return;
    TlExpr *b = disjunction(p);
    if (kind(p) == TK_FOR || kind(p) == TK_IF) return;
    error_at(p, TL_ERR_SYNTAX, e->lineno, e->col, b->end_lineno, b->end_col,
             "%s", "invalid syntax. Perhaps you forgot a comma?");
}

/* `for target in iter if cond ...` clauses of a comprehension. */
static TlExpr *target_list(P *p);

static TlComprehensionSeq comprehensions(P *p)
{
    Vec v = { 0 };
    while (kind(p) == TK_FOR || kind(p) == TK_ASYNC) {
        if (kind(p) == TK_ASYNC) error_tok(p, "asynchronous comprehension outside of an asynchronous function");
        next(p);
        TlComprehension *c = tl_arena_alloc(p->a, sizeof *c);
        c->target = target_list(p);
        store(p, c->target, TL_STORE);
        expect(p, TK_IN);
        c->iter = disjunction(p);
        Vec ifs = { 0 };
        while (accept(p, TK_IF)) push(p, &ifs, disjunction(p));
        c->ifs = exprs(p, &ifs);
        push(p, &v, c);
    }
    return compseq(p, &v);
}

static TlExpr *comp_node(P *p, TlExprKind k, TlExpr *elt, int line, int col, TlTokKind close)
{
    if (elt->kind == TL_E_STARRED)
        error_node(p, elt, "%s", k == TL_E_LISTCOMP ? "iterable unpacking cannot be used in comprehension"
                                                    : "iterable unpacking cannot be used in comprehension");
    TlComprehensionSeq gens = comprehensions(p);
    expect(p, close);
    TlExpr *e = expr_node(p, k, line, col);
    e->u.listcomp.elt = elt;
    e->u.listcomp.generators = gens;
    return e;
}

static TlExpr *star_named(P *p)
{
    if (kind(p) == TK_STAR) {
        TlToken t = *peek(p, 0);
        next(p);
        TlExpr *v = bitwise_or(p);
        TlExpr *e = expr_node(p, TL_E_STARRED, t.lineno, t.col);
        e->u.starred.value = v;
        return e;
    }
    return named_expr(p);
}

/* Comma-separated elements up to `close`; the first one is given. */
static TlExprSeq elements(P *p, TlExpr *first, TlTokKind close)
{
    Vec v = { 0 };
    push(p, &v, first);
    missing_comma(p, first);
    while (accept(p, TK_COMMA) && kind(p) != close) {
        TlExpr *e = star_named(p);
        push(p, &v, e);
        missing_comma(p, e);
    }
    return exprs(p, &v);
}

static TlExpr *paren_atom(P *p, const TlToken *open)
{
    if (accept(p, TK_RPAR)) {
        TlExpr *e = expr_node(p, TL_E_TUPLE, open->lineno, open->col);
        return e;
    }
    if (kind(p) == TK_YIELD) {
        TlExpr *y = yield_expr(p);
        expect(p, TK_RPAR);
        return y;
    }
    TlExpr *first = star_named(p);
    if (kind(p) == TK_FOR || kind(p) == TK_ASYNC)
        return comp_node(p, TL_E_GENERATOREXP, first, open->lineno, open->col, TK_RPAR);
    if (kind(p) == TK_RPAR) {
        next(p);
        if (first->kind == TL_E_STARRED)
            error_node(p, first, "%s", "cannot use starred expression here");
        return first;
    }
    if (kind(p) != TK_COMMA) missing_comma(p, first);
    if (kind(p) != TK_COMMA) syntax(p);
    TlExprSeq elts = elements(p, first, TK_RPAR);
    expect(p, TK_RPAR);
    TlExpr *e = expr_node(p, TL_E_TUPLE, open->lineno, open->col);
    e->u.tuple.elts = elts;
    p->paren_tuple = e;
    return e;
}

static TlExpr *list_atom(P *p, const TlToken *open)
{
    TlExpr *e;
    if (accept(p, TK_RSQB)) return expr_node(p, TL_E_LIST, open->lineno, open->col);
    TlExpr *first = star_named(p);
    if (kind(p) == TK_FOR || kind(p) == TK_ASYNC)
        return comp_node(p, TL_E_LISTCOMP, first, open->lineno, open->col, TK_RSQB);
    TlExprSeq elts = elements(p, first, TK_RSQB);
    expect(p, TK_RSQB);
    e = expr_node(p, TL_E_LIST, open->lineno, open->col);
    e->u.list.elts = elts;
    return e;
}

/* One `key: value` or `**mapping` entry of a dict display. */
static void dict_entry(P *p, Vec *keys, Vec *values)
{
    if (accept(p, TK_DOUBLESTAR)) {
        push(p, keys, NULL);
        push(p, values, bitwise_or(p));
        return;
    }
    TlExpr *key = expression(p);
    push(p, keys, key);
    if (kind(p) == TK_COMMA || kind(p) == TK_RBRACE)
        error_node(p, key, "%s", "':' expected after dictionary key");
    if (kind(p) != TK_COLON) syntax(p);
    next(p);
    push(p, values, expression(p));
}

static TlExpr *brace_atom(P *p, const TlToken *open)
{
    Vec keys = { 0 }, values = { 0 };
    TlExpr *e;
    if (accept(p, TK_RBRACE)) return expr_node(p, TL_E_DICT, open->lineno, open->col);
    if (kind(p) == TK_DOUBLESTAR) {
        dict_entry(p, &keys, &values);
    } else {
        TlExpr *first = star_named(p);
        if (first->kind != TL_E_STARRED && accept(p, TK_COLON)) {
            TlExpr *value = expression(p);
            if (kind(p) == TK_FOR || kind(p) == TK_ASYNC) {
                TlComprehensionSeq gens = comprehensions(p);
                expect(p, TK_RBRACE);
                e = expr_node(p, TL_E_DICTCOMP, open->lineno, open->col);
                e->u.dictcomp.key = first;
                e->u.dictcomp.value = value;
                e->u.dictcomp.generators = gens;
                return e;
            }
            push(p, &keys, first);
            push(p, &values, value);
        } else {
            if (kind(p) == TK_FOR || kind(p) == TK_ASYNC)
                return comp_node(p, TL_E_SETCOMP, first, open->lineno, open->col, TK_RBRACE);
            TlExprSeq elts = elements(p, first, TK_RBRACE);
            expect(p, TK_RBRACE);
            e = expr_node(p, TL_E_SET, open->lineno, open->col);
            e->u.set.elts = elts;
            return e;
        }
    }
    while (accept(p, TK_COMMA) && kind(p) != TK_RBRACE) dict_entry(p, &keys, &values);
    expect(p, TK_RBRACE);
    e = expr_node(p, TL_E_DICT, open->lineno, open->col);
    e->u.dict.keys = exprs(p, &keys);
    e->u.dict.values = exprs(p, &values);
    return e;
}

static TlExpr *atom(P *p)
{
    TlToken t = *peek(p, 0);
    TlExpr *e = p->pending;
    if (e) {
        p->pending = NULL;
        return e;
    }
    switch (t.kind) {
    case TK_NAME:
        return name_expr(p);
    case TK_NUMBER:
        next(p);
        e = expr_node(p, TL_E_CONSTANT, t.lineno, t.col);
        tl_lex_decode_number(p->lx, p->a, &t, &e->u.constant);
        return e;
    case TK_STRING:
        return strings(p);
    case TK_TRUE: case TK_FALSE: case TK_NONE: case TK_ELLIPSIS:
        next(p);
        e = expr_node(p, TL_E_CONSTANT, t.lineno, t.col);
        e->u.constant.kind = t.kind == TK_TRUE ? TL_CONST_TRUE
                           : t.kind == TK_FALSE ? TL_CONST_FALSE
                           : t.kind == TK_NONE ? TL_CONST_NONE : TL_CONST_ELLIPSIS;
        return e;
    case TK_LPAR: case TK_LSQB: case TK_LBRACE:
        next(p);
        enter(p);
        e = t.kind == TK_LPAR ? paren_atom(p, &t)
          : t.kind == TK_LSQB ? list_atom(p, &t) : brace_atom(p, &t);
        p->depth--;
        return e;
    default:
        syntax(p);
    }
}

/* One subscript item: an expression or a slice a:b:c. */
static TlExpr *slice(P *p)
{
    TlToken t = *peek(p, 0);
    TlExpr *lower = NULL, *upper = NULL, *step = NULL;
    if (kind(p) != TK_COLON) {
        lower = star_named(p);
        if (kind(p) != TK_COLON) return lower;
        if (lower->kind == TL_E_STARRED || lower->kind == TL_E_NAMEDEXPR) syntax(p);
    }
    next(p);
    if (kind(p) != TK_COLON && kind(p) != TK_COMMA && kind(p) != TK_RSQB)
        upper = expression(p);
    if (accept(p, TK_COLON) && kind(p) != TK_COMMA && kind(p) != TK_RSQB)
        step = expression(p);
    TlExpr *e = expr_node(p, TL_E_SLICE, t.lineno, t.col);
    e->u.slice.lower = lower;
    e->u.slice.upper = upper;
    e->u.slice.step = step;
    return e;
}

static TlExpr *slices(P *p)
{
    Pos start = here(p);
    TlExpr *first = slice(p);
    if (kind(p) != TK_COMMA && first->kind != TL_E_STARRED) return first;
    Vec v = { 0 };
    push(p, &v, first);
    while (accept(p, TK_COMMA) && kind(p) != TK_RSQB) push(p, &v, slice(p));
    TlExpr *e = span(p, TL_E_TUPLE, start);
    e->u.tuple.elts = exprs(p, &v);
    return e;
}

/* Call arguments after '('; `open` is the '(' token. */
static TlExpr *call(P *p, TlExpr *func, Pos start, const TlToken *open)
{
    Vec args = { 0 }, kws = { 0 };
    int seen_kw = 0, seen_dstar = 0;
    while (kind(p) != TK_RPAR) {
        TlToken t = *peek(p, 0);
        if (t.kind == TK_DOUBLESTAR || (t.kind == TK_NAME && peek(p, 1)->kind == TK_EQUAL)) {
            TlKeyword *k = tl_arena_alloc(p->a, sizeof *k);
            next(p);
            if (t.kind == TK_NAME) {
                k->arg = tok_str(p, &t);
                next(p);
                k->value = expression(p);
                seen_kw = 1;
            } else {
                k->value = expression(p);
                seen_dstar = 1;
            }
            k->lineno = t.lineno;
            k->col = t.col;
            k->end_lineno = p->end_line;
            k->end_col = p->end_col;
            push(p, &kws, k);
        } else {
            TlExpr *e = star_named(p);
            if (e->kind == TL_E_STARRED) {
                if (seen_dstar)
                    error_node(p, e, "%s", "iterable argument unpacking follows keyword argument unpacking");
            } else if (seen_kw || seen_dstar) {
                error_node(p, e, "%s", seen_dstar ? "positional argument follows keyword argument unpacking"
                                                  : "positional argument follows keyword argument");
            }
            if (kind(p) == TK_EQUAL) {
                if (e->kind == TL_E_CONSTANT && e->u.constant.kind <= TL_CONST_FALSE)
                    error_node(p, e, "cannot assign to %s", expr_name(e));
                error_at(p, TL_ERR_SYNTAX, e->lineno, e->col, peek(p, 0)->end_lineno,
                         peek(p, 0)->end_col, "%s",
                         "expression cannot contain assignment, perhaps you meant \"==\"?");
            }
            if (kind(p) == TK_FOR || kind(p) == TK_ASYNC) {
                TlComprehensionSeq gens = comprehensions(p);
                TlExpr *g;
                if (args.n == 0 && kws.n == 0 && kind(p) == TK_RPAR) {
                    next(p);
                    g = expr_node(p, TL_E_GENERATOREXP, open->lineno, open->col);
                    g->u.generatorexp.elt = e;
                    g->u.generatorexp.generators = gens;
                    push(p, &args, g);
                    TlExpr *c = span(p, TL_E_CALL, start);
                    c->u.call.func = func;
                    c->u.call.args = exprs(p, &args);
                    return c;
                }
                error_at(p, TL_ERR_SYNTAX, e->lineno, e->col, p->end_line, p->end_col,
                         "%s", "Generator expression must be parenthesized");
            }
            missing_comma(p, e);
            push(p, &args, e);
        }
        if (!accept(p, TK_COMMA)) break;
        if (kind(p) == TK_FOR) syntax(p);
    }
    expect(p, TK_RPAR);
    /* A bare generator expression only gets here when it is the sole
     * argument (returned above); parenthesised ones may go anywhere. */
    TlExpr *c = span(p, TL_E_CALL, start);
    c->u.call.func = func;
    c->u.call.args = exprs(p, &args);
    c->u.call.keywords = kwseq(p, &kws);
    return c;
}

static TlExpr *primary(P *p)
{
    Pos start = here(p);
    TlExpr *e = atom(p);
    for (;;) {
        TlToken t = *peek(p, 0);
        if (accept(p, TK_DOT)) {
            char *attr = name(p);
            TlExpr *a = span(p, TL_E_ATTRIBUTE, start);
            a->u.attribute.value = e;
            a->u.attribute.attr = attr;
            e = a;
        } else if (accept(p, TK_LPAR)) {
            e = call(p, e, start, &t);
        } else if (accept(p, TK_LSQB)) {
            TlExpr *s = slices(p);
            expect(p, TK_RSQB);
            TlExpr *a = span(p, TL_E_SUBSCRIPT, start);
            a->u.subscript.value = e;
            a->u.subscript.slice = s;
            e = a;
        } else {
            return e;
        }
    }
}

static TlExpr *factor(P *p);

static TlExpr *power(P *p)
{
    if (kind(p) == TK_AWAIT) error_tok(p, "'await' outside function");
    Pos start = here(p);
    TlExpr *e = primary(p);
    if (!accept(p, TK_DOUBLESTAR)) return e;
    enter(p);
    TlExpr *r = factor(p);
    p->depth--;
    TlExpr *b = span(p, TL_E_BINOP, start);
    b->u.binop.left = e;
    b->u.binop.op = TL_OP_POW;
    b->u.binop.right = r;
    return b;
}

static TlExpr *factor(P *p)
{
    TlToken t = *peek(p, 0);
    TlUnaryOp op;
    switch (t.kind) {
    case TK_PLUS: op = TL_UOP_UADD; break;
    case TK_MINUS: op = TL_UOP_USUB; break;
    case TK_TILDE: op = TL_UOP_INVERT; break;
    default: return power(p);
    }
    next(p);
    enter(p);
    TlExpr *v = factor(p);
    p->depth--;
    TlExpr *e = expr_node(p, TL_E_UNARYOP, t.lineno, t.col);
    e->u.unaryop.op = op;
    e->u.unaryop.operand = v;
    return e;
}

/* Left-associative binary operator levels, loosest first. */
static const struct { TlTokKind tok; TlOperator op; int level; } binops[] = {
    { TK_VBAR, TL_OP_BITOR, 0 }, { TK_CIRCUMFLEX, TL_OP_BITXOR, 1 },
    { TK_AMPER, TL_OP_BITAND, 2 }, { TK_LEFTSHIFT, TL_OP_LSHIFT, 3 },
    { TK_RIGHTSHIFT, TL_OP_RSHIFT, 3 }, { TK_PLUS, TL_OP_ADD, 4 },
    { TK_MINUS, TL_OP_SUB, 4 }, { TK_STAR, TL_OP_MULT, 5 },
    { TK_SLASH, TL_OP_DIV, 5 }, { TK_DOUBLESLASH, TL_OP_FLOORDIV, 5 },
    { TK_PERCENT, TL_OP_MOD, 5 }, { TK_AT, TL_OP_MATMULT, 5 },
};

static TlExpr *binary(P *p, int level)
{
    if (level > 5) return factor(p);
    Pos start = here(p);
    TlExpr *e = binary(p, level + 1);
    for (;;) {
        size_t i;
        for (i = 0; i < sizeof binops / sizeof *binops; i++)
            if (binops[i].level == level && binops[i].tok == kind(p)) break;
        if (i == sizeof binops / sizeof *binops) return e;
        next(p);
        TlExpr *r = binary(p, level + 1);
        TlExpr *b = span(p, TL_E_BINOP, start);
        b->u.binop.left = e;
        b->u.binop.op = binops[i].op;
        b->u.binop.right = r;
        e = b;
    }
}

static TlExpr *bitwise_or(P *p) { return binary(p, 0); }

/* Comparison operator at the current token, consuming it; -1 if none. */
static int cmp_op(P *p)
{
    TlCmpOp op;
    switch (kind(p)) {
    case TK_EQEQUAL: op = TL_CMP_EQ; break;
    case TK_NOTEQUAL: op = TL_CMP_NOTEQ; break;
    case TK_LESS: op = TL_CMP_LT; break;
    case TK_LESSEQUAL: op = TL_CMP_LTE; break;
    case TK_GREATER: op = TL_CMP_GT; break;
    case TK_GREATEREQUAL: op = TL_CMP_GTE; break;
    case TK_IN: op = TL_CMP_IN; break;
    case TK_IS:
        next(p);
        return accept(p, TK_NOT) ? TL_CMP_ISNOT : TL_CMP_IS;
    case TK_NOT:
        if (peek(p, 1)->kind != TK_IN) return -1;
        next(p);
        next(p);
        return TL_CMP_NOTIN;
    default: return -1;
    }
    next(p);
    return (int)op;
}

static TlExpr *comparison(P *p)
{
    Pos start = here(p);
    TlExpr *e = bitwise_or(p);
    int op = cmp_op(p);
    if (op < 0) return e;
    Vec cmps = { 0 };
    int n = 0, cap = 0;
    TlCmpOp *ops = NULL;
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            TlCmpOp *no = tl_arena_alloc(p->a, sizeof *no * (size_t)cap);
            if (n) memcpy(no, ops, sizeof *no * (size_t)n);
            ops = no;
        }
        ops[n++] = (TlCmpOp)op;
        push(p, &cmps, bitwise_or(p));
    } while ((op = cmp_op(p)) >= 0);
    TlExpr *c = span(p, TL_E_COMPARE, start);
    c->u.compare.left = e;
    c->u.compare.ops.n = n;
    c->u.compare.ops.items = ops;
    c->u.compare.comparators = exprs(p, &cmps);
    return c;
}

static TlExpr *inversion(P *p)
{
    TlToken t = *peek(p, 0);
    if (!accept(p, TK_NOT)) return comparison(p);
    enter(p);
    TlExpr *v = inversion(p);
    p->depth--;
    TlExpr *e = expr_node(p, TL_E_UNARYOP, t.lineno, t.col);
    e->u.unaryop.op = TL_UOP_NOT;
    e->u.unaryop.operand = v;
    return e;
}

/* `and` / `or` chains flatten into one BoolOp, as in CPython. */
static TlExpr *boolop(P *p, TlTokKind tok)
{
    Pos start = here(p);
    TlExpr *e = tok == TK_OR ? boolop(p, TK_AND) : inversion(p);
    if (kind(p) != tok) return e;
    Vec v = { 0 };
    push(p, &v, e);
    while (accept(p, tok)) push(p, &v, tok == TK_OR ? boolop(p, TK_AND) : inversion(p));
    TlExpr *b = span(p, TL_E_BOOLOP, start);
    b->u.boolop.op = tok == TK_OR ? TL_OR : TL_AND;
    b->u.boolop.values = exprs(p, &v);
    return b;
}

static TlExpr *disjunction(P *p) { return boolop(p, TK_OR); }

static TlExpr *lambda(P *p)
{
    TlToken t = *peek(p, 0);
    next(p);
    TlArguments *args = parameters(p, 1);
    expect(p, TK_COLON);
    TlExpr *body = expression(p);
    TlExpr *e = expr_node(p, TL_E_LAMBDA, t.lineno, t.col);
    e->u.lambda.args = args;
    e->u.lambda.body = body;
    return e;
}

static TlExpr *expression(P *p)
{
    TlExpr *e;
    Pos start = here(p);
    enter(p);
    if (kind(p) == TK_LAMBDA) {
        e = lambda(p);
    } else {
        e = disjunction(p);
        if (kind(p) == TK_IF) {
            next(p);
            TlExpr *test = disjunction(p);
            if (kind(p) != TK_ELSE)
                error_at(p, TL_ERR_SYNTAX, e->lineno, e->col, test->end_lineno,
                         test->end_col, "%s", "expected 'else' after 'if' expression");
            next(p);
            TlExpr *orelse = expression(p);
            TlExpr *c = span(p, TL_E_IFEXP, start);
            c->u.ifexp.test = test;
            c->u.ifexp.body = e;
            c->u.ifexp.orelse = orelse;
            e = c;
        }
    }
    p->depth--;
    return e;
}

/* Rejects `x = 1` where an expression is expected, as CPython does. */
static void stray_equal(P *p, TlExpr *e)
{
    if (kind(p) != TK_EQUAL) return;
    if (e->kind == TL_E_NAME) {
        next(p);
        TlExpr *b = bitwise_or(p);
        error_at(p, TL_ERR_SYNTAX, e->lineno, e->col, b->end_lineno, b->end_col, "%s",
                 "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    }
    if (bad_target(e, TL_STORE) == e && e->kind != TL_E_TUPLE && e->kind != TL_E_LIST)
        error_at(p, TL_ERR_SYNTAX, e->lineno, e->col, e->end_lineno,
                 e->end_col, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                 expr_name(e));
}

static TlExpr *named_expr(P *p)
{
    TlToken t = *peek(p, 0);
    if (t.kind == TK_NAME && peek(p, 1)->kind == TK_COLONEQUAL) {
        TlExpr *target = name_expr(p);
        target->u.name.ctx = TL_STORE;
        next(p);
        TlExpr *v = expression(p);
        TlExpr *e = expr_node(p, TL_E_NAMEDEXPR, t.lineno, t.col);
        e->u.namedexpr.target = target;
        e->u.namedexpr.value = v;
        return e;
    }
    TlExpr *e = expression(p);
    if (kind(p) == TK_COLONEQUAL)
        error_node(p, e, "cannot use assignment expressions with %s", expr_name(e));
    stray_equal(p, e);
    return e;
}

/* An expression list that may hold *starred items: a Tuple if it has a
   comma.  Stops before `stop` when the list is a for-loop target. */
static TlExpr *expr_list(P *p, TlExpr *(*item)(P *), int allow_star)
{
    Pos start = here(p);
    TlExpr *first = allow_star ? NULL : item(p);
    if (!first) first = kind(p) == TK_STAR ? star_named(p) : item(p);
    if (kind(p) != TK_COMMA) return first;   /* a lone *x is the compiler's to reject */
    Vec v = { 0 };
    push(p, &v, first);
    while (accept(p, TK_COMMA)) {
        TlTokKind k = kind(p);
        if (k == TK_STAR) { push(p, &v, star_named(p)); continue; }
        if (!(starts_operand(k) || k == TK_LPAR || k == TK_LSQB || k == TK_MINUS ||
              k == TK_PLUS || k == TK_AWAIT))
            break;
        push(p, &v, item(p));
    }
    TlExpr *e = span(p, TL_E_TUPLE, start);
    e->u.tuple.elts = exprs(p, &v);
    return e;
}

static TlExpr *star_expressions(P *p) { return expr_list(p, expression, 1); }

static TlExpr *target_list(P *p)
{
    return expr_list(p, bitwise_or, 1);
}

static TlExpr *yield_expr(P *p)
{
    TlToken t = *peek(p, 0);
    next(p);
    TlExpr *e;
    if (accept(p, TK_FROM)) {
        TlExpr *v = expression(p);
        e = expr_node(p, TL_E_YIELDFROM, t.lineno, t.col);
        e->u.yieldfrom.value = v;
        return e;
    }
    TlTokKind k = kind(p);
    TlExpr *v = NULL;
    if (k != TK_RPAR && k != TK_NEWLINE && k != TK_SEMI && k != TK_EQUAL &&
        k != TK_RSQB && k != TK_RBRACE && k != TK_ENDMARKER && k != TK_COLON)
        v = star_expressions(p);
    e = expr_node(p, TL_E_YIELD, t.lineno, t.col);
    e->u.yield.value = v;
    return e;
}

/* ----------------------------------------------------------- strings */

typedef struct {
    Vec parts;              /* Constant / FormattedValue nodes */
    char *buf;              /* pending literal text */
    size_t len, cap;
    int line, col, eline, ecol;   /* position given to every piece */
} FStr;

static void fs_text(P *p, FStr *f, const char *s, size_t n)
{
    if (f->len + n + 1 > f->cap) {
        size_t cap = (f->len + n + 1) * 2;
        char *nb = tl_arena_alloc(p->a, cap);
        if (f->len) memcpy(nb, f->buf, f->len);
        f->buf = nb;
        f->cap = cap;
    }
    memcpy(f->buf + f->len, s, n);
    f->len += n;
    f->buf[f->len] = 0;
}

static TlExpr *fs_node(P *p, const FStr *f, TlExprKind k)
{
    TlExpr *e = tl_arena_alloc(p->a, sizeof *e);
    e->kind = k;
    e->lineno = f->line;
    e->col = f->col;
    e->end_lineno = f->eline;
    e->end_col = f->ecol;
    return e;
}

static void fs_flush(P *p, FStr *f)
{
    if (!f->len) return;
    TlExpr *c = fs_node(p, f, TL_E_CONSTANT);
    c->u.constant.kind = TL_CONST_STR;
    c->u.constant.s = f->buf;
    c->u.constant.len = f->len;
    push(p, &f->parts, c);
    f->buf = NULL;
    f->len = f->cap = 0;
}

/* Cursor over an f-string body that tracks source lines. */
typedef struct {
    const char *s, *e, *line_start;
    int line;
    const TlToken *t;
    int flags;
} FCur;

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void fs_error(P *p, const FCur *c, const char *at, const char *msg)
{
    int col = (int)(at - c->line_start);
    tl_lex_error(p->lx, TL_ERR_SYNTAX, c->line, col, 0, 0, "f-string: %s", msg);
}

static void fs_adv(FCur *c)
{
    if (*c->s == '\n') { c->line++; c->line_start = c->s + 1; }
    c->s++;
}

static void fstring_body(P *p, FStr *f, FCur *c, int nested);

/* Parse the source text [s, e) of a replacement field as an expression. */
static TlExpr *field_expr(P *p, const FCur *c, const char *s, const char *e,
                          int line, const char *line_start)
{
    TlLexer sub, *saved_lx = p->lx;
    TlToken saved_tok[3];
    int saved_n = p->ntok, saved_f = p->fstring, saved_el = p->end_line, saved_ec = p->end_col;
    memcpy(saved_tok, p->tok, sizeof saved_tok);
    const char *q = s;
    while (q < e && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f')) q++;
    if (q == e) fs_error(p, c, e, "empty expression not allowed");
    tl_lex_init_sub(&sub, p->lx, s, e, line, line_start);
    p->lx = &sub;
    p->ntok = 0;
    p->fstring = 1;
    TlExpr *x = kind(p) == TK_YIELD ? yield_expr(p) : star_expressions(p);
    if (x->kind == TL_E_STARRED) error_node(p, x, "%s", "can't use starred expression here");
    if (kind(p) != TK_ENDMARKER) {
        missing_comma(p, x);
        syntax(p);
    }
    if (x->kind == TL_E_TUPLE && x != p->paren_tuple) {
        /* CPython parses the field as "(x, y)": a bare tuple spans the
           replacement field's delimiters */
        x->lineno = line;
        x->col = (int)(s - 1 - line_start);
        x->end_lineno = sub.lineno;
        x->end_col = (int)(e - sub.line_start) + 1;
    }
    p->lx = saved_lx;
    memcpy(p->tok, saved_tok, sizeof saved_tok);
    p->ntok = saved_n;
    p->fstring = saved_f;
    p->end_line = saved_el;
    p->end_col = saved_ec;
    return x;
}

/* Find the end of a replacement field's expression: the first '!', ':',
   '=' or '}' outside brackets and nested strings. */
static const char *field_end(P *p, FCur *c)
{
    char stack[TL_MAXLEVEL];
    int depth = 0;
    char quote = 0;
    int triple = 0;
    for (; c->s < c->e; fs_adv(c)) {
        char ch = *c->s;
        if (ch == '\\')
            tl_lex_error(p->lx, TL_ERR_SYNTAX, c->line, (int)(c->s - c->line_start), 0, 0,
                         "f-string expression part cannot include a backslash");
        if (quote) {
            if (ch == quote && (!triple || (c->e - c->s >= 3 && c->s[1] == quote && c->s[2] == quote))) {
                if (triple) { fs_adv(c); fs_adv(c); }
                quote = 0;
            }
            continue;
        }
        if (ch == '\'' || ch == '"') {
            quote = ch;
            triple = c->e - c->s >= 3 && c->s[1] == ch && c->s[2] == ch;
            if (triple) { fs_adv(c); fs_adv(c); }
            continue;
        }
        if (ch == '[' || ch == '(' || ch == '{') {
            if (depth >= TL_MAXLEVEL) fs_error(p, c, c->s, "too many nested parenthesis");
            stack[depth++] = ch;
            continue;
        }
        if (ch == '#')
            tl_lex_error(p->lx, TL_ERR_SYNTAX, c->line, (int)(c->s - c->line_start), 0, 0,
                         "f-string expression part cannot include '#'");
        if (depth == 0 && (ch == '}' || ch == ':' ||
                           (ch == '!' && !(c->s + 1 < c->e && c->s[1] == '=')) ||
                           (ch == '=' && !(c->s + 1 < c->e && c->s[1] == '=') &&
                            !strchr("=!<>", c->s[-1]))))
            return c->s;
        if (ch == ']' || ch == ')' || ch == '}') {
            if (depth == 0) {
                char m[64];
                snprintf(m, sizeof m, "unmatched '%c'", ch);
                fs_error(p, c, c->s, m);
            }
            char o = stack[--depth];
            if ((o == '(' && ch != ')') || (o == '[' && ch != ']') || (o == '{' && ch != '}')) {
                char m[100];
                snprintf(m, sizeof m, "closing parenthesis '%c' does not match opening parenthesis '%c'", ch, o);
                fs_error(p, c, c->s, m);
            }
        }
        if (ch == '=' && depth == 0 && c->s + 1 < c->e && c->s[1] == '=') fs_adv(c);
    }
    if (quote) fs_error(p, c, c->s, "unterminated string");
    fs_error(p, c, c->s, "expecting '}'");
}

/* A replacement field; c->s is just past its '{'. */
static void field(P *p, FStr *f, FCur *c, int nested)
{
    const char *s = c->s, *ls = c->line_start;
    int line = c->line;
    const char *e = field_end(p, c);
    TlExpr *x = field_expr(p, c, s, e, line, ls);
    int conv = -1, selfdoc = *c->s == '=';
    TlExpr *spec = NULL;
    if (selfdoc) {
        /* f"{x = }" also emits the text "x = " */
        fs_adv(c);
        while (c->s < c->e && (*c->s == ' ' || *c->s == '\t' || *c->s == '\n')) fs_adv(c);
        fs_text(p, f, s, (size_t)(c->s - s));
    }
    if (c->s < c->e && *c->s == '!') {
        fs_adv(c);
        if (c->s >= c->e) fs_error(p, c, c->s, "expecting '}'");
        char k = *c->s;
        if (k != 's' && k != 'r' && k != 'a')
            fs_error(p, c, c->s, "invalid conversion character: expected 's', 'r', or 'a'");
        conv = k;
        fs_adv(c);
        if (c->s >= c->e || (*c->s != ':' && *c->s != '}'))
            fs_error(p, c, c->s, "expecting '}'");
    }
    if (c->s < c->e && *c->s == ':') {
        fs_adv(c);
        if (nested >= 1) fs_error(p, c, c->s, "expressions nested too deeply");
        FStr sf = { .line = f->line, .col = f->col, .eline = f->eline, .ecol = f->ecol };
        fstring_body(p, &sf, c, nested + 1);
        fs_flush(p, &sf);
        spec = fs_node(p, f, TL_E_JOINEDSTR);
        spec->u.joinedstr.values = exprs(p, &sf.parts);
    }
    if (c->s >= c->e || *c->s != '}') fs_error(p, c, c->s, "expecting '}'");
    fs_adv(c);
    if (selfdoc && conv == -1 && !spec) conv = 'r';
    fs_flush(p, f);
    TlExpr *fv = fs_node(p, f, TL_E_FORMATTEDVALUE);
    fv->u.formattedvalue.value = x;
    fv->u.formattedvalue.conversion = conv;
    fv->u.formattedvalue.format_spec = spec;
    push(p, &f->parts, fv);
}

/* Literal text and fields up to the end of the body, or up to the '}'
   closing a format spec when nested. */
static void fstring_body(P *p, FStr *f, FCur *c, int nested)
{
    while (c->s < c->e) {
        const char *s = c->s;
        while (c->s < c->e && *c->s != '{' && *c->s != '}') {
            if (*c->s == '\\' && !(c->flags & TL_STR_RAW) && c->e - c->s >= 3 &&
                c->s[1] == 'N' && c->s[2] == '{') {
                while (c->s < c->e && *c->s != '}') fs_adv(c);
            }
            if (*c->s == '\\' && c->s + 1 < c->e) fs_adv(c);
            fs_adv(c);
        }
        if (c->s > s) {
            size_t n;
            char *d = tl_lex_decode_string(p->lx, p->a, c->t, s, c->s, c->flags, &n);
            fs_text(p, f, d, n);
        }
        if (c->s >= c->e) return;
        if (*c->s == '{') {
            if (!nested && c->s + 1 < c->e && c->s[1] == '{') {
                fs_text(p, f, "{", 1);
                c->s += 2;
                continue;
            }
            fs_adv(c);
            field(p, f, c, nested);
        } else {
            if (nested) return;
            if (c->s + 1 < c->e && c->s[1] == '}') {
                fs_text(p, f, "}", 1);
                c->s += 2;
                continue;
            }
            fs_error(p, c, c->s, "single '}' is not allowed");
        }
    }
}

/* Every piece of an f-string spans the whole literal, as in CPython 3.11;
   the end is only known once all adjacent literals have been read. */
static void fs_span(TlExpr *x, const TlExpr *whole)
{
    x->end_lineno = whole->end_lineno;
    x->end_col = whole->end_col;
    if (x->kind == TL_E_FORMATTEDVALUE && x->u.formattedvalue.format_spec)
        fs_span(x->u.formattedvalue.format_spec, whole);
    if (x->kind == TL_E_JOINEDSTR)
        for (int j = 0; j < x->u.joinedstr.values.n; j++)
            fs_span(x->u.joinedstr.values.items[j], whole);
}

/* Adjacent string literals: one Constant, or a JoinedStr if any of them
   is an f-string. */
static TlExpr *strings(P *p)
{
    TlToken first = *peek(p, 0);
    int any_f = 0, bytes = -1, u = 0;
    FStr f = { 0 };
    f.line = first.lineno;
    f.col = first.col;
    /* find the extent first: every piece carries the whole span */
    for (int i = 0;; i++) {
        /* tokens are consumed as they are scanned, one at a time */
        if (kind(p) != TK_STRING) break;
        TlToken t = *peek(p, 0);
        const char *body, *body_end;
        int flags = tl_lex_string_parts(&t, &body, &body_end);
        if (i == 0) u = (flags & TL_STR_U) != 0;
        if (bytes >= 0 && bytes != !!(flags & TL_STR_BYTES))
            error_at(p, TL_ERR_SYNTAX, first.lineno, first.col, t.end_lineno, t.end_col,
                     "%s", "cannot mix bytes and nonbytes literals");
        bytes = !!(flags & TL_STR_BYTES);
        next(p);
        f.eline = t.end_lineno;
        f.ecol = t.end_col;
        if (flags & TL_STR_F) {
            any_f = 1;
            /* pieces created so far need the final end position: fixed below */
            FCur c = { body, body_end, t.start - t.col, t.lineno, &t, flags };
            for (const char *q = t.start; q < body; q++)
                if (*q == '\n') { c.line++; c.line_start = q + 1; }
            fstring_body(p, &f, &c, 0);
        } else {
            size_t n;
            char *d = tl_lex_decode_string(p->lx, p->a, &t, body, body_end, flags, &n);
            fs_text(p, &f, d, n);
        }
    }
    TlExpr *e = expr_node(p, any_f ? TL_E_JOINEDSTR : TL_E_CONSTANT, first.lineno, first.col);
    if (!any_f) {
        e->u.constant.kind = bytes ? TL_CONST_BYTES : TL_CONST_STR;
        e->u.constant.u_prefix = u;
        e->u.constant.s = f.len ? f.buf : "";
        e->u.constant.len = f.len;
        return e;
    }
    fs_flush(p, &f);
    for (int i = 0; i < f.parts.n; i++) fs_span(f.parts.v[i], e);
    e->u.joinedstr.values = exprs(p, &f.parts);
    return e;
}

/* -------------------------------------------------------- parameters */

static TlArg *param(P *p, int annotated)
{
    TlToken t = *peek(p, 0);
    TlArg *a = tl_arena_alloc(p->a, sizeof *a);
    a->arg = name(p);
    if (annotated && accept(p, TK_COLON)) a->annotation = expression(p);
    a->lineno = t.lineno;
    a->col = t.col;
    a->end_lineno = p->end_line;
    a->end_col = p->end_col;
    return a;
}

/* A def's parameter list (up to ')') or a lambda's (up to ':'). */
static TlArguments *parameters(P *p, int lambda)
{
    TlArguments *r = tl_arena_alloc(p->a, sizeof *r);
    TlTokKind close = lambda ? TK_COLON : TK_RPAR;
    Vec pos = { 0 }, defaults = { 0 }, kwonly = { 0 }, kwdefaults = { 0 };
    int star = 0;
    while (kind(p) != close) {
        TlToken t = *peek(p, 0);
        if (t.kind == TK_SLASH) {
            if (star) error_tok(p, "/ must be ahead of *");
            if (r->posonlyargs.n) error_tok(p, "/ may appear only once");
            if (!pos.n) error_tok(p, "at least one argument must precede /");
            next(p);
            r->posonlyargs = argseq(p, &pos);
            pos = (Vec){ 0 };
        } else if (t.kind == TK_STAR) {
            if (star) error_tok(p, "* argument may appear only once");
            next(p);
            star = 1;
            if (kind(p) == TK_NAME) {
                r->vararg = param(p, !lambda);
            } else if (kind(p) == close || (kind(p) == TK_COMMA && (peek(p, 1)->kind == close ||
                                                                   peek(p, 1)->kind == TK_DOUBLESTAR))) {
                error_at(p, TL_ERR_SYNTAX, t.lineno, t.col, t.end_lineno, t.end_col, "%s",
                         "named arguments must follow bare *");
            } else if (kind(p) != TK_COMMA) {
                syntax(p);
            }
        } else if (t.kind == TK_DOUBLESTAR) {
            next(p);
            r->kwarg = param(p, !lambda);
            accept(p, TK_COMMA);
            if (kind(p) != close) error_tok(p, "arguments cannot follow var-keyword argument");
            break;
        } else {
            TlArg *a = param(p, !lambda);
            TlExpr *d = accept(p, TK_EQUAL) ? expression(p) : NULL;
            if (star) {
                push(p, &kwonly, a);
                push(p, &kwdefaults, d);
            } else {
                if (d) push(p, &defaults, d);
                else if (defaults.n)
                    error_at(p, TL_ERR_SYNTAX, a->lineno, a->col, a->end_lineno, a->end_col,
                             "%s", "non-default argument follows default argument");
                push(p, &pos, a);
            }
        }
        if (!accept(p, TK_COMMA)) break;
    }
    if (kind(p) != close) syntax(p);
    r->args = argseq(p, &pos);
    r->defaults = exprs(p, &defaults);
    r->kwonlyargs = argseq(p, &kwonly);
    r->kw_defaults = exprs(p, &kwdefaults);
    return r;
}

/* -------------------------------------------------------- statements */

static void statement(P *p, Vec *out);
static void simple_stmts(P *p, Vec *out);

/* The body after a block header's ':'; `what` names the header in the
   "expected an indented block" message. */
static TlStmtSeq block(P *p, const char *what, int line)
{
    Vec v = { 0 };
    if (!accept(p, TK_NEWLINE)) {
        simple_stmts(p, &v);
        return stmts(p, &v);
    }
    if (kind(p) != TK_INDENT) {
        TlToken *t = peek(p, 0);
        TlSyntaxErrKind k = t->kind == TK_ENDMARKER && p->lx->interactive
                          ? TL_ERR_INCOMPLETE : TL_ERR_INDENTATION;
        error_at(p, k, t->lineno, t->col, t->end_lineno, t->end_col,
                 "expected an indented block after %s on line %d", what, line);
    }
    next(p);
    while (!accept(p, TK_DEDENT)) statement(p, &v);
    return stmts(p, &v);
}

static void end_stmt(P *p, TlStmt *s)
{
    s->end_lineno = p->end_line;
    s->end_col = p->end_col;
}

/* if/elif chains: each elif is an If nested in the previous orelse. */
static TlStmt *if_stmt(P *p)
{
    TlToken t = *peek(p, 0);
    next(p);
    TlStmt *s = stmt_node(p, TL_S_IF, t.lineno, t.col);
    s->u.if_.test = named_expr(p);
    expect_colon(p);
    s->u.if_.body = block(p, t.kind == TK_IF ? "'if' statement" : "'elif' statement", t.lineno);
    if (kind(p) == TK_ELIF) {
        Vec v = { 0 };
        push(p, &v, if_stmt(p));
        s->u.if_.orelse = stmts(p, &v);
    } else if (kind(p) == TK_ELSE) {
        TlToken e = *peek(p, 0);
        next(p);
        expect_colon(p);
        s->u.if_.orelse = block(p, "'else' statement", e.lineno);
    }
    end_stmt(p, s);
    return s;
}

static TlStmtSeq else_block(P *p)
{
    TlToken e = *peek(p, 0);
    if (!accept(p, TK_ELSE)) return (TlStmtSeq){ 0, NULL };
    expect_colon(p);
    return block(p, "'else' statement", e.lineno);
}

static TlStmt *while_stmt(P *p, const TlToken *t)
{
    TlStmt *s = stmt_node(p, TL_S_WHILE, t->lineno, t->col);
    s->u.while_.test = named_expr(p);
    expect_colon(p);
    s->u.while_.body = block(p, "'while' statement", t->lineno);
    s->u.while_.orelse = else_block(p);
    end_stmt(p, s);
    return s;
}

static TlStmt *for_stmt(P *p, const TlToken *t)
{
    TlStmt *s = stmt_node(p, TL_S_FOR, t->lineno, t->col);
    s->u.for_.target = target_list(p);
    store(p, s->u.for_.target, TL_STORE);
    expect(p, TK_IN);
    s->u.for_.iter = star_expressions(p);
    expect_colon(p);
    s->u.for_.body = block(p, "'for' statement", t->lineno);
    s->u.for_.orelse = else_block(p);
    end_stmt(p, s);
    return s;
}

static TlStmt *try_stmt(P *p, const TlToken *t)
{
    TlStmt *s = stmt_node(p, TL_S_TRY, t->lineno, t->col);
    expect_colon(p);
    s->u.try_.body = block(p, "'try' statement", t->lineno);
    Vec hs = { 0 };
    while (kind(p) == TK_EXCEPT) {
        TlToken e = *peek(p, 0);
        next(p);
        if (accept(p, TK_STAR)) s->kind = TL_S_TRYSTAR;
        TlExceptHandler *h = tl_arena_alloc(p->a, sizeof *h);
        if (kind(p) != TK_COLON) {
            h->type = expression(p);
            if (kind(p) == TK_COMMA) {
                TlExpr *x = expr_list(p, expression, 0);
                if (kind(p) == TK_COLON || kind(p) == TK_AS)
                    error_node(p, x, "%s", "multiple exception types must be parenthesized");
                syntax(p);
            }
            if (accept(p, TK_AS)) h->name = name(p);
        }
        expect_colon(p);
        h->body = block(p, "'except' statement", e.lineno);
        h->lineno = e.lineno;
        h->col = e.col;
        h->end_lineno = p->end_line;
        h->end_col = p->end_col;
        push(p, &hs, h);
    }
    s->u.try_.handlers = handlerseq(p, &hs);
    if (hs.n) s->u.try_.orelse = else_block(p);
    if (kind(p) == TK_FINALLY) {
        TlToken f = *peek(p, 0);
        next(p);
        expect_colon(p);
        s->u.try_.finalbody = block(p, "'finally' statement", f.lineno);
    }
    if (!hs.n && !s->u.try_.finalbody.n) error_tok(p, "expected 'except' or 'finally' block");
    end_stmt(p, s);
    return s;
}

static TlWithItem *with_item(P *p, TlExpr *ctx)
{
    TlWithItem *w = tl_arena_alloc(p->a, sizeof *w);
    w->context_expr = ctx;
    if (accept(p, TK_AS)) {
        w->optional_vars = kind(p) == TK_STAR ? star_named(p) : bitwise_or(p);
        store(p, w->optional_vars, TL_STORE);
    }
    return w;
}

/* `with (a as b, c):` lists items in brackets, but `with (a, b) as c:`
   starts with a tuple: parse the bracket contents as items, and if no ':'
   follows, turn them back into the leading atom of an expression. */
static TlStmt *with_stmt(P *p, const TlToken *t)
{
    TlStmt *s = stmt_node(p, TL_S_WITH, t->lineno, t->col);
    Vec items = { 0 };
    if (kind(p) == TK_LPAR) {
        TlToken open = *peek(p, 0);
        next(p);
        int trailing = 0, has_as = 0;
        while (kind(p) != TK_RPAR) {
            TlWithItem *w = with_item(p, expression(p));
            has_as |= w->optional_vars != NULL;
            push(p, &items, w);
            trailing = accept(p, TK_COMMA);
            if (!trailing) break;
        }
        expect(p, TK_RPAR);
        if (kind(p) != TK_COLON) {
            if (has_as) syntax(p);
            Vec elts = { 0 };
            for (int i = 0; i < items.n; i++)
                push(p, &elts, ((TlWithItem *)items.v[i])->context_expr);
            TlExpr *a;
            if (items.n == 1 && !trailing) {
                a = elts.v[0];
            } else {
                a = expr_node(p, TL_E_TUPLE, open.lineno, open.col);
                a->u.tuple.elts = exprs(p, &elts);
            }
            items = (Vec){ 0 };
            p->pending = a;
            p->pending_pos.line = open.lineno;
            p->pending_pos.col = open.col;
            push(p, &items, with_item(p, expression(p)));
            while (accept(p, TK_COMMA)) push(p, &items, with_item(p, expression(p)));
        }
    } else {
        do push(p, &items, with_item(p, expression(p)));
        while (accept(p, TK_COMMA));
    }
    expect_colon(p);
    s->u.with.items = withseq(p, &items);
    s->u.with.body = block(p, "'with' statement", t->lineno);
    end_stmt(p, s);
    return s;
}

static TlStmt *funcdef(P *p, Vec *decorators, const TlToken *t)
{
    TlStmt *s = stmt_node(p, TL_S_FUNCTIONDEF, t->lineno, t->col);
    s->u.functiondef.name = name(p);
    expect(p, TK_LPAR);
    s->u.functiondef.args = parameters(p, 0);
    expect(p, TK_RPAR);
    if (accept(p, TK_RARROW)) s->u.functiondef.returns = expression(p);
    expect_colon(p);
    s->u.functiondef.decorator_list = exprs(p, decorators);
    s->u.functiondef.body = block(p, "function definition", t->lineno);
    end_stmt(p, s);
    return s;
}

static TlStmt *classdef(P *p, Vec *decorators, const TlToken *t)
{
    TlStmt *s = stmt_node(p, TL_S_CLASSDEF, t->lineno, t->col);
    s->u.classdef.name = name(p);
    TlToken open = *peek(p, 0);
    if (accept(p, TK_LPAR)) {
        /* bases and keywords are parsed exactly like call arguments */
        TlExpr *c = call(p, expr_node(p, TL_E_NAME, t->lineno, t->col), here(p), &open);
        s->u.classdef.bases = c->u.call.args;
        s->u.classdef.keywords = c->u.call.keywords;
    }
    expect_colon(p);
    s->u.classdef.decorator_list = exprs(p, decorators);
    s->u.classdef.body = block(p, "class definition", t->lineno);
    end_stmt(p, s);
    return s;
}

static TlStmt *compound(P *p)
{
    TlToken t = *peek(p, 0);
    Vec decorators = { 0 };
    while (accept(p, TK_AT)) {
        push(p, &decorators, named_expr(p));
        expect(p, TK_NEWLINE);
    }
    if (decorators.n) t = *peek(p, 0);
    if (t.kind == TK_ASYNC) error_tok(p, "async functions are not supported");
    if (decorators.n && t.kind != TK_DEF && t.kind != TK_CLASS) syntax(p);
    switch (t.kind) {
    case TK_IF: return if_stmt(p);
    case TK_WHILE: next(p); return while_stmt(p, &t);
    case TK_FOR: next(p); return for_stmt(p, &t);
    case TK_TRY: next(p); return try_stmt(p, &t);
    case TK_WITH: next(p); return with_stmt(p, &t);
    case TK_DEF: next(p); return funcdef(p, &decorators, &t);
    case TK_CLASS: next(p); return classdef(p, &decorators, &t);
    default: return NULL;
    }
}

/* Dotted module name as one identifier string ("a.b.c"). */
static char *dotted_name(P *p)
{
    const char *start = peek(p, 0)->start;
    char *s = name(p);
    if (kind(p) != TK_DOT) return s;
    size_t cap = 64, n = strlen(s);
    char *buf = tl_arena_alloc(p->a, cap);
    memcpy(buf, s, n);
    (void)start;
    while (accept(p, TK_DOT)) {
        char *part = name(p);
        size_t m = strlen(part);
        if (n + m + 2 > cap) {
            cap = (n + m + 2) * 2;
            char *nb = tl_arena_alloc(p->a, cap);
            memcpy(nb, buf, n);
            buf = nb;
        }
        buf[n++] = '.';
        memcpy(buf + n, part, m);
        n += m;
    }
    buf[n] = 0;
    return buf;
}

static TlAlias *alias(P *p, int dotted)
{
    TlToken t = *peek(p, 0);
    TlAlias *a = tl_arena_alloc(p->a, sizeof *a);
    a->name = dotted ? dotted_name(p) : name(p);
    if (accept(p, TK_AS)) a->asname = name(p);
    a->lineno = t.lineno;
    a->col = t.col;
    a->end_lineno = p->end_line;
    a->end_col = p->end_col;
    return a;
}

static TlStmt *import_from(P *p, const TlToken *t)
{
    TlStmt *s = stmt_node(p, TL_S_IMPORTFROM, t->lineno, t->col);
    int level = 0;
    for (;;) {
        if (accept(p, TK_DOT)) level++;
        else if (accept(p, TK_ELLIPSIS)) level += 3;
        else break;
    }
    if (kind(p) != TK_IMPORT || !level) s->u.importfrom.module = dotted_name(p);
    s->u.importfrom.level = level;
    expect(p, TK_IMPORT);
    Vec v = { 0 };
    TlToken star = *peek(p, 0);
    if (accept(p, TK_STAR)) {
        TlAlias *a = tl_arena_alloc(p->a, sizeof *a);
        a->name = "*";
        a->lineno = star.lineno;
        a->col = star.col;
        a->end_lineno = star.end_lineno;
        a->end_col = star.end_col;
        push(p, &v, a);
    } else if (accept(p, TK_LPAR)) {
        do {
            if (kind(p) == TK_RPAR && v.n) break;
            push(p, &v, alias(p, 0));
        } while (accept(p, TK_COMMA));
        expect(p, TK_RPAR);
    } else {
        do {
            push(p, &v, alias(p, 0));
        } while (accept(p, TK_COMMA) && (kind(p) != TK_NEWLINE ||
                 (error_tok(p, "trailing comma not allowed without surrounding parentheses"), 0)));
    }
    s->u.importfrom.names = aliasseq(p, &v);
    return s;
}

/* `a = b = value`, `a += value`, `a: T = value` or a bare expression. */
static TlStmt *expr_stmt(P *p, const TlToken *t)
{
    TlExpr *first = kind(p) == TK_YIELD ? yield_expr(p) : star_expressions(p);
    TlStmt *s;
    if (kind(p) == TK_COLON) {
        if (first->kind == TL_E_TUPLE || first->kind == TL_E_LIST)
            error_node(p, first, "only single target (not %s) can be annotated", expr_name(first));
        if (first->kind != TL_E_NAME && first->kind != TL_E_ATTRIBUTE && first->kind != TL_E_SUBSCRIPT)
            error_node(p, first, "%s", "illegal target for annotation");
        next(p);
        TlExpr *ann = expression(p);
        TlExpr *value = NULL;
        if (accept(p, TK_EQUAL)) value = kind(p) == TK_YIELD ? yield_expr(p) : star_expressions(p);
        set_ctx(first, TL_STORE);
        s = stmt_node(p, TL_S_ANNASSIGN, t->lineno, t->col);
        s->u.annassign.target = first;
        s->u.annassign.annotation = ann;
        s->u.annassign.value = value;
        s->u.annassign.simple = first->kind == TL_E_NAME && t->kind != TK_LPAR;
        return s;
    }
    static const struct { TlTokKind tok; TlOperator op; } aug[] = {
        { TK_PLUSEQUAL, TL_OP_ADD }, { TK_MINEQUAL, TL_OP_SUB }, { TK_STAREQUAL, TL_OP_MULT },
        { TK_ATEQUAL, TL_OP_MATMULT }, { TK_SLASHEQUAL, TL_OP_DIV }, { TK_PERCENTEQUAL, TL_OP_MOD },
        { TK_AMPEREQUAL, TL_OP_BITAND }, { TK_VBAREQUAL, TL_OP_BITOR },
        { TK_CIRCUMFLEXEQUAL, TL_OP_BITXOR }, { TK_LEFTSHIFTEQUAL, TL_OP_LSHIFT },
        { TK_RIGHTSHIFTEQUAL, TL_OP_RSHIFT }, { TK_DOUBLESTAREQUAL, TL_OP_POW },
        { TK_DOUBLESLASHEQUAL, TL_OP_FLOORDIV },
    };
    for (size_t i = 0; i < sizeof aug / sizeof *aug; i++) {
        if (kind(p) != aug[i].tok) continue;
        if (first->kind != TL_E_NAME && first->kind != TL_E_ATTRIBUTE && first->kind != TL_E_SUBSCRIPT)
            error_node(p, first, "'%s' is an illegal expression for augmented assignment",
                       expr_name(first));
        next(p);
        TlExpr *value = kind(p) == TK_YIELD ? yield_expr(p) : star_expressions(p);
        set_ctx(first, TL_STORE);
        s = stmt_node(p, TL_S_AUGASSIGN, t->lineno, t->col);
        s->u.augassign.target = first;
        s->u.augassign.op = aug[i].op;
        s->u.augassign.value = value;
        return s;
    }
    if (kind(p) != TK_EQUAL) {
        if (first->kind == TL_E_NAME && starts_operand(kind(p)) &&
            (!strcmp(first->u.name.id, "print") || !strcmp(first->u.name.id, "exec"))) {
            TlExpr *arg = star_expressions(p);
            error_at(p, TL_ERR_SYNTAX, first->lineno, first->col, arg->end_lineno, arg->end_col,
                     "Missing parentheses in call to '%s'. Did you mean %s(...)?",
                     first->u.name.id, first->u.name.id);
        }
        s = stmt_node(p, TL_S_EXPR, t->lineno, t->col);
        s->u.expr.value = first;
        return s;
    }
    Vec targets = { 0 };
    TlExpr *value = first;
    while (kind(p) == TK_EQUAL) {
        if (value->kind == TL_E_YIELD || value->kind == TL_E_YIELDFROM)
            error_node(p, value, "%s", "assignment to yield expression not possible");
        TlExpr *bad = bad_target(value, TL_STORE);
        next(p);
        TlExpr *rhs = kind(p) == TK_YIELD ? yield_expr(p) : star_expressions(p);
        if (bad) {
            int plain = bad == value && value->kind != TL_E_CONSTANT ? 1 :
                        bad == value && value->u.constant.kind > TL_CONST_FALSE;
            if (plain && !targets.n && kind(p) != TK_EQUAL && bad->kind != TL_E_BOOLOP &&
                bad->kind != TL_E_GENERATOREXP &&
                bad->kind != TL_E_COMPARE && bad->kind != TL_E_IFEXP && bad->kind != TL_E_LAMBDA &&
                bad->kind != TL_E_NAMEDEXPR && bad->kind != TL_E_STARRED &&
                !(bad->kind == TL_E_UNARYOP && bad->u.unaryop.op == TL_UOP_NOT) &&
                rhs->kind != TL_E_YIELD)
                error_at(p, TL_ERR_SYNTAX, bad->lineno, bad->col, bad->end_lineno, bad->end_col,
                         "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                         expr_name(bad));
            store(p, value, TL_STORE);
        }
        set_ctx(value, TL_STORE);
        push(p, &targets, value);
        value = rhs;
    }
    s = stmt_node(p, TL_S_ASSIGN, t->lineno, t->col);
    s->u.assign.targets = exprs(p, &targets);
    s->u.assign.value = value;
    return s;
}

static TlStmt *simple_stmt(P *p)
{
    TlToken t = *peek(p, 0);
    TlStmt *s;
    switch (t.kind) {
    case TK_PASS: case TK_BREAK: case TK_CONTINUE:
        next(p);
        return stmt_node(p, t.kind == TK_PASS ? TL_S_PASS : t.kind == TK_BREAK ? TL_S_BREAK
                                                                          : TL_S_CONTINUE,
                         t.lineno, t.col);
    case TK_RETURN: {
        next(p);
        TlTokKind k = kind(p);
        TlExpr *v = k == TK_NEWLINE || k == TK_SEMI || k == TK_ENDMARKER ? NULL : star_expressions(p);
        s = stmt_node(p, TL_S_RETURN, t.lineno, t.col);
        s->u.return_.value = v;
        return s;
    }
    case TK_RAISE: {
        next(p);
        TlTokKind k = kind(p);
        TlExpr *exc = NULL, *cause = NULL;
        if (k != TK_NEWLINE && k != TK_SEMI && k != TK_ENDMARKER) {
            exc = expression(p);
            if (accept(p, TK_FROM)) cause = expression(p);
        }
        s = stmt_node(p, TL_S_RAISE, t.lineno, t.col);
        s->u.raise.exc = exc;
        s->u.raise.cause = cause;
        return s;
    }
    case TK_GLOBAL: case TK_NONLOCAL: {
        next(p);
        Vec v = { 0 };
        do push(p, &v, name(p));
        while (accept(p, TK_COMMA));
        s = stmt_node(p, t.kind == TK_GLOBAL ? TL_S_GLOBAL : TL_S_NONLOCAL, t.lineno, t.col);
        s->u.global.names = identseq(p, &v);
        return s;
    }
    case TK_DEL: {
        next(p);
        Vec v = { 0 };
        do {
            TlTokKind k = kind(p);
            if (k == TK_NEWLINE || k == TK_SEMI || (v.n && k == TK_ENDMARKER)) break;
            TlExpr *e = bitwise_or(p);
            store(p, e, TL_DEL);
            push(p, &v, e);
        } while (accept(p, TK_COMMA));
        if (!v.n) syntax(p);
        s = stmt_node(p, TL_S_DELETE, t.lineno, t.col);
        s->u.delete_.targets = exprs(p, &v);
        return s;
    }
    case TK_ASSERT: {
        next(p);
        TlExpr *test = expression(p), *msg = NULL;
        if (accept(p, TK_COMMA)) msg = expression(p);
        s = stmt_node(p, TL_S_ASSERT, t.lineno, t.col);
        s->u.assert_.test = test;
        s->u.assert_.msg = msg;
        return s;
    }
    case TK_IMPORT: {
        next(p);
        Vec v = { 0 };
        do push(p, &v, alias(p, 1));
        while (accept(p, TK_COMMA));
        s = stmt_node(p, TL_S_IMPORT, t.lineno, t.col);
        s->u.import.names = aliasseq(p, &v);
        return s;
    }
    case TK_FROM:
        next(p);
        s = import_from(p, &t);
        end_stmt(p, s);
        return s;
    default:
        return expr_stmt(p, &t);
    }
}

static void simple_stmts(P *p, Vec *out)
{
    for (;;) {
        push(p, out, simple_stmt(p));
        if (!accept(p, TK_SEMI)) break;
        if (kind(p) == TK_NEWLINE) break;
    }
    if (!accept(p, TK_NEWLINE)) syntax(p);
}

static void statement(P *p, Vec *out)
{
    if (kind(p) == TK_INDENT) {
        TlToken *t = peek(p, 0);
        /* CPython reports the offset as the indentation width (1-based),
         * which puts its caret before the text, so none is drawn. */
        error_at(p, TL_ERR_INDENTATION, t->lineno, t->col > 0 ? t->col - 1 : 0, 0, 0,
                 "%s", "unexpected indent");
    }
    TlStmt *s = compound(p);
    if (s) push(p, out, s);
    else simple_stmts(p, out);
}

/* --------------------------------------------------------------- entry */

/* In the REPL a compound statement ends only at an empty line. */
static int ends_with_blank_line(const char *src, size_t len)
{
    size_t i = len;
    while (i > 0 && (src[i - 1] == ' ' || src[i - 1] == '\t' || src[i - 1] == '\r')) i--;
    if (i == 0 || src[i - 1] != '\n') return 0;
    i--;
    while (i > 0 && (src[i - 1] == ' ' || src[i - 1] == '\t' || src[i - 1] == '\r')) i--;
    return i == 0 || src[i - 1] == '\n';
}

TlMod *tl_parse(TlArena *a, const char *src, size_t len, const char *filename,
                TlParseMode mode, TlSyntaxErr *err)
{
    TlLexer lx;
    jmp_buf jb;
    P p;
    memset(&p, 0, sizeof p);
    memset(err, 0, sizeof *err);
    if (setjmp(jb)) return NULL;
    tl_lex_init(&lx, src, len, filename ? filename : "<string>", err, &jb);
    lx.interactive = mode == TL_PARSE_SINGLE;
    p.a = a;
    p.lx = &lx;
    p.mode = mode;
    TlMod *m = tl_arena_alloc(a, sizeof *m);
    Vec body = { 0 };
    switch (mode) {
    case TL_PARSE_FILE:
        m->kind = TL_MOD_MODULE;
        while (kind(&p) != TK_ENDMARKER) {
            if (accept(&p, TK_NEWLINE)) continue;
            statement(&p, &body);
        }
        break;
    case TL_PARSE_EVAL:
        m->kind = TL_MOD_EXPRESSION;
        while (accept(&p, TK_NEWLINE)) {}
        if (kind(&p) == TK_INDENT) statement(&p, &body);
        m->expr = expr_list(&p, expression, 0);
        while (accept(&p, TK_NEWLINE)) {}
        if (kind(&p) != TK_ENDMARKER) syntax(&p);
        break;
    case TL_PARSE_SINGLE:
        m->kind = TL_MOD_INTERACTIVE;
        while (accept(&p, TK_NEWLINE)) {}
        if (kind(&p) == TK_ENDMARKER) break;
        statement(&p, &body);
        while (accept(&p, TK_NEWLINE) || accept(&p, TK_DEDENT)) {}
        if (kind(&p) != TK_ENDMARKER) {
            TlToken *t = peek(&p, 0);
            error_at(&p, TL_ERR_SYNTAX, t->lineno, t->col, t->end_lineno, t->end_col, "%s",
                     "multiple statements found while compiling a single statement");
        }
        if (body.n == 1) {
            TlStmtKind k = ((TlStmt *)body.v[0])->kind;
            if (k != TL_S_EXPR && k != TL_S_ASSIGN && k != TL_S_AUGASSIGN && k != TL_S_ANNASSIGN &&
                k >= TL_S_FUNCTIONDEF && (k <= TL_S_CLASSDEF || k == TL_S_FOR || k == TL_S_WHILE ||
                k == TL_S_IF || k == TL_S_WITH || k == TL_S_TRY || k == TL_S_TRYSTAR) &&
                !ends_with_blank_line(src, len))
                tl_lex_error(&lx, TL_ERR_INCOMPLETE, 0, -1, 0, 0, "incomplete input");
        }
        break;
    }
    m->body = stmts(&p, &body);
    return m;
}
