/*
 * symtable.c -- scope analysis for the compiler (see symtable.h).
 *
 * Pass 1 walks the AST and records, per scope, the flags of every name it
 * touches; it also raises the SyntaxErrors CPython's symtable raises
 * (misplaced global/nonlocal/yield, walrus misuse, `import *` in a
 * function).  Pass 2 (analyze) resolves every name top-down: it carries the
 * set of names bound by enclosing functions and the set of names declared
 * global above, and bubbles the free variables of nested scopes back up so
 * the enclosing function turns its locals into cells.  Class scopes are
 * transparent to nested functions except for the implicit __class__ cell
 * that zero-argument super() needs.
 *
 * Sets are TlNameMaps in the arena; scopes are small, the analysis copies
 * them per nesting level like CPython does.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "symtable.h"

/* ------------------------------------------------------------ errors */

void tl_cerr_at(TlCErr *e, int lineno, int col, int end_lineno, int end_col,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->kind = TL_CE_SYNTAX;
    e->lineno = lineno;
    e->col = col;
    e->end_lineno = end_lineno;
    e->end_col = end_col;
    longjmp(e->jb, 1);
}

#define ERR_NODE(st, n, ...) \
    tl_cerr_at((st)->err, (n)->lineno, (n)->col, (n)->end_lineno, (n)->end_col, __VA_ARGS__)

/* ------------------------------------------------------------ name maps */

static uint32_t strhash(const char *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

int tl_nm_get(const TlNameMap *m, const char *key)
{
    if (m->cap == 0)
        return -1;
    uint32_t mask = (uint32_t)m->cap - 1;
    for (uint32_t i = strhash(key) & mask;; i = (i + 1) & mask) {
        if (!m->keys[i])
            return -1;
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
    }
}

static void nm_insert(TlNameMap *m, const char *key, int val)
{
    uint32_t mask = (uint32_t)m->cap - 1;
    uint32_t i = strhash(key) & mask;
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & mask;
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

void tl_nm_put(TlArena *a, TlNameMap *m, const char *key, int val)
{
    if ((m->n + 1) * 2 > m->cap) {         /* keep the load under 1/2 */
        TlNameMap old = *m;
        m->cap = old.cap ? old.cap * 2 : 8;
        m->keys = tl_arena_alloc(a, (size_t)m->cap * sizeof *m->keys);
        m->vals = tl_arena_alloc(a, (size_t)m->cap * sizeof *m->vals);
        m->n = 0;
        for (int i = 0; i < old.cap; i++)
            if (old.keys[i])
                nm_insert(m, old.keys[i], old.vals[i]);
    }
    nm_insert(m, key, val);
}

/* Grow an arena array by doubling (the old copy stays in the arena). */
static void *grow(TlArena *a, void *p, int *cap, size_t elem)
{
    int ncap = *cap ? *cap * 2 : 8;
    void *np = tl_arena_alloc(a, (size_t)ncap * elem);
    if (p)
        memcpy(np, p, (size_t)*cap * elem);
    *cap = ncap;
    return np;
}

/* ------------------------------------------------------------ mangling */

const char *tl_mangle(TlArena *a, const char *priv, const char *name)
{
    size_t n = strlen(name);
    if (!priv || n < 2 || name[0] != '_' || name[1] != '_')
        return name;
    if ((n >= 4 && name[n - 1] == '_' && name[n - 2] == '_') || strchr(name, '.'))
        return name;
    while (*priv == '_')
        priv++;
    if (!*priv)
        return name;
    size_t pn = strlen(priv);
    char *r = tl_arena_alloc(a, 1 + pn + n + 1);
    r[0] = '_';
    memcpy(r + 1, priv, pn);
    memcpy(r + 1 + pn, name, n + 1);
    return r;
}

/* ------------------------------------------------------------ scopes */

static TlScope *scope_new(TlSymtable *st, TlBlockKind kind, const char *name,
                          const void *key, int lineno, int col, int end_lineno,
                          int end_col)
{
    TlScope *s = tl_arena_alloc(st->arena, sizeof *s);
    s->kind = kind;
    s->name = name;
    s->key = key;
    s->lineno = lineno;
    s->col = col;
    s->end_lineno = end_lineno;
    s->end_col = end_col;
    s->parent = st->cur;
    if (st->cur) {
        TlScope *p = st->cur;
        if (p->nkids == p->kidcap)
            p->kids = grow(st->arena, p->kids, &p->kidcap, sizeof *p->kids);
        p->kids[p->nkids++] = s;
        s->private_name = p->private_name;
    }
    return s;
}

TlSym *tl_scope_lookup(TlScope *s, const char *name)
{
    int i = tl_nm_get(&s->index, name);
    return i < 0 ? NULL : &s->syms[i];
}

TlScope *tl_symtable_child(TlScope *parent, const void *key)
{
    for (int i = 0; i < parent->nkids; i++)
        if (parent->kids[i]->key == key)
            return parent->kids[i];
    return NULL;
}

static TlSym *sym_get(TlSymtable *st, TlScope *s, const char *name)
{
    TlSym *y = tl_scope_lookup(s, name);
    if (y)
        return y;
    if (s->nsyms == s->symcap)
        s->syms = grow(st->arena, s->syms, &s->symcap, sizeof *s->syms);
    y = &s->syms[s->nsyms];
    y->name = name;
    y->flags = 0;
    y->scope = TL_SC_NONE;
    y->decl = NULL;
    tl_nm_put(st->arena, &s->index, name, s->nsyms++);
    return y;
}

/* Record a use of `name` (already mangled or not) in scope s. */
static void add_def_in(TlSymtable *st, TlScope *s, const char *name, int flag)
{
    name = tl_mangle(st->arena, s->private_name, name);
    TlSym *y = sym_get(st, s, name);
    y->flags |= flag;
    if (flag & TL_DEF_PARAM) {
        if (s->nparams == s->paramcap)
            s->params = grow(st->arena, s->params, &s->paramcap, sizeof *s->params);
        s->params[s->nparams++] = name;
    }
}

static void add_def(TlSymtable *st, const char *name, int flag)
{
    add_def_in(st, st->cur, name, flag);
}

/* ------------------------------------------------------------ pass 1 */

static void visit_expr(TlSymtable *st, TlExpr *e);
static void visit_stmts(TlSymtable *st, TlStmtSeq *b);

static void enter(TlSymtable *st)
{
    if (++st->depth > TL_MAX_COMPILE_DEPTH) {
        st->err->kind = TL_CE_RECURSION;
        longjmp(st->err->jb, 1);
    }
}

static void visit_exprs(TlSymtable *st, TlExprSeq *s)
{
    for (int i = 0; i < s->n; i++)
        if (s->items[i])
            visit_expr(st, s->items[i]);
}

static void add_param(TlSymtable *st, TlArg *a)
{
    TlSym *y = tl_scope_lookup(st->cur, tl_mangle(st->arena, st->cur->private_name, a->arg));
    if (y && (y->flags & TL_DEF_PARAM))
        ERR_NODE(st, a, "duplicate argument '%s' in function definition", y->name);
    add_def(st, a->arg, TL_DEF_PARAM);
}

static void visit_params(TlSymtable *st, TlArgSeq *a)
{
    for (int i = 0; i < a->n; i++)
        add_param(st, a->items[i]);
}

static void visit_annotations(TlSymtable *st, TlArguments *a, TlExpr *returns)
{
    TlArgSeq *seqs[3] = {&a->posonlyargs, &a->args, &a->kwonlyargs};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < seqs[k]->n; i++)
            if (seqs[k]->items[i]->annotation)
                visit_expr(st, seqs[k]->items[i]->annotation);
    if (a->vararg && a->vararg->annotation)
        visit_expr(st, a->vararg->annotation);
    if (a->kwarg && a->kwarg->annotation)
        visit_expr(st, a->kwarg->annotation);
    if (returns)
        visit_expr(st, returns);
}

/* Parameters in CPython's order: positional, *args, keyword-only, **kw. */
static void visit_arguments(TlSymtable *st, TlArguments *a)
{
    visit_params(st, &a->posonlyargs);
    visit_params(st, &a->args);
    visit_params(st, &a->kwonlyargs);
    if (a->vararg) {
        add_param(st, a->vararg);
        st->cur->varargs = true;
    }
    if (a->kwarg) {
        add_param(st, a->kwarg);
        st->cur->varkw = true;
    }
}

static void visit_function(TlSymtable *st, const void *key, const char *name,
                           TlArguments *args, int lineno, int col,
                           int end_lineno, int end_col)
{
    visit_exprs(st, &args->defaults);
    visit_exprs(st, &args->kw_defaults);
    TlScope *s = scope_new(st, TL_BLK_FUNCTION, name, key, lineno, col,
                           end_lineno, end_col);
    st->cur = s;
    visit_arguments(st, args);
}

static const char *comp_name(TlExpr *e)
{
    switch (e->kind) {
    case TL_E_LISTCOMP: return "<listcomp>";
    case TL_E_SETCOMP: return "<setcomp>";
    case TL_E_DICTCOMP: return "<dictcomp>";
    default: return "<genexpr>";
    }
}

/* A comprehension's own iteration targets are marked so a walrus inside
 * cannot rebind them. */
static void mark_comp_targets(TlSymtable *st, TlExpr *t)
{
    if (t->kind == TL_E_NAME) {
        TlSym *y = tl_scope_lookup(st->cur, tl_mangle(st->arena, st->cur->private_name,
                                                      t->u.name.id));
        if (y)
            y->flags |= TL_DEF_COMP_ITER;
    } else if (t->kind == TL_E_TUPLE || t->kind == TL_E_LIST) {
        TlExprSeq *s = t->kind == TL_E_TUPLE ? &t->u.tuple.elts : &t->u.list.elts;
        for (int i = 0; i < s->n; i++)
            mark_comp_targets(st, s->items[i]);
    } else if (t->kind == TL_E_STARRED) {
        mark_comp_targets(st, t->u.starred.value);
    }
}

static void visit_comprehension(TlSymtable *st, TlExpr *e,
                                TlComprehensionSeq *gens, TlExpr *elt,
                                TlExpr *val)
{
    TlComprehension *outer = gens->items[0];
    /* The outermost iterable is evaluated in the enclosing scope. */
    st->cur->comp_iter_expr = true;
    visit_expr(st, outer->iter);
    st->cur->comp_iter_expr = false;
    TlScope *s = scope_new(st, TL_BLK_FUNCTION, comp_name(e), e, e->lineno,
                           e->col, e->end_lineno, e->end_col);
    s->comprehension = true;
    s->generator = e->kind == TL_E_GENERATOREXP;
    st->cur = s;
    add_def(st, ".0", TL_DEF_PARAM);
    for (int i = 0; i < gens->n; i++) {
        TlComprehension *g = gens->items[i];
        if (i > 0) {
            s->comp_iter_expr = true;
            visit_expr(st, g->iter);
            s->comp_iter_expr = false;
        }
        visit_expr(st, g->target);
        mark_comp_targets(st, g->target);
        visit_exprs(st, &g->ifs);
    }
    if (val)
        visit_expr(st, val);
    visit_expr(st, elt);
    st->cur = s->parent;
}

/* `x := v` inside a comprehension binds x in the nearest enclosing
 * function (or module) scope. */
static void visit_namedexpr_target(TlSymtable *st, TlExpr *e)
{
    const char *name = e->u.namedexpr.target->u.name.id;
    TlScope *cur = st->cur;
    if (cur->comp_iter_expr)
        ERR_NODE(st, e, "assignment expression cannot be used in a comprehension iterable expression");
    if (!cur->comprehension) {
        visit_expr(st, e->u.namedexpr.target);
        return;
    }
    for (TlScope *s = cur; s; s = s->parent) {
        if (s->comprehension) {
            TlSym *y = tl_scope_lookup(s, name);
            if (y && (y->flags & TL_DEF_COMP_ITER))
                ERR_NODE(st, e, "assignment expression cannot rebind comprehension iteration variable '%s'", name);
            continue;
        }
        if (s->kind == TL_BLK_FUNCTION) {
            add_def_in(st, cur, name, TL_DEF_NONLOCAL);
            add_def_in(st, s, name, TL_DEF_LOCAL);
            for (TlScope *c = cur->parent; c != s; c = c->parent)
                add_def_in(st, c, name, TL_DEF_NONLOCAL);
            return;
        }
        if (s->kind == TL_BLK_MODULE) {
            for (TlScope *c = cur; c != s; c = c->parent)
                add_def_in(st, c, name, TL_DEF_GLOBAL);
            add_def_in(st, s, name, TL_DEF_GLOBAL);
            return;
        }
        ERR_NODE(st, e, "assignment expression within a comprehension cannot be used in a class body");
    }
}

static void visit_expr(TlSymtable *st, TlExpr *e)
{
    enter(st);
    switch (e->kind) {
    case TL_E_BOOLOP:
        visit_exprs(st, &e->u.boolop.values);
        break;
    case TL_E_NAMEDEXPR:
        visit_expr(st, e->u.namedexpr.value);
        visit_namedexpr_target(st, e);
        break;
    case TL_E_BINOP:
        visit_expr(st, e->u.binop.left);
        visit_expr(st, e->u.binop.right);
        break;
    case TL_E_UNARYOP:
        visit_expr(st, e->u.unaryop.operand);
        break;
    case TL_E_LAMBDA:
        visit_function(st, e, "<lambda>", e->u.lambda.args, e->lineno, e->col,
                       e->end_lineno, e->end_col);
        visit_expr(st, e->u.lambda.body);
        st->cur = st->cur->parent;
        break;
    case TL_E_IFEXP:
        visit_expr(st, e->u.ifexp.test);
        visit_expr(st, e->u.ifexp.body);
        visit_expr(st, e->u.ifexp.orelse);
        break;
    case TL_E_DICT:
        visit_exprs(st, &e->u.dict.keys);
        visit_exprs(st, &e->u.dict.values);
        break;
    case TL_E_SET:
        visit_exprs(st, &e->u.set.elts);
        break;
    case TL_E_LISTCOMP: case TL_E_SETCOMP: case TL_E_GENERATOREXP:
        visit_comprehension(st, e, &e->u.listcomp.generators, e->u.listcomp.elt, NULL);
        break;
    case TL_E_DICTCOMP:
        visit_comprehension(st, e, &e->u.dictcomp.generators, e->u.dictcomp.key,
                            e->u.dictcomp.value);
        break;
    case TL_E_YIELD: case TL_E_YIELDFROM: {
        TlScope *s = st->cur;
        TlExpr *v = e->kind == TL_E_YIELD ? e->u.yield.value : e->u.yieldfrom.value;
        if (v)
            visit_expr(st, v);
        if (s->kind != TL_BLK_FUNCTION)
            ERR_NODE(st, e, "'yield' outside function");
        if (s->comprehension)
            ERR_NODE(st, e, "'yield' inside %s", s->generator ? "generator expression"
                     : strcmp(s->name, "<listcomp>") == 0 ? "list comprehension"
                     : strcmp(s->name, "<setcomp>") == 0 ? "set comprehension"
                     : "dict comprehension");
        s->generator = true;
        break;
    }
    case TL_E_AWAIT:
        visit_expr(st, e->u.await_.value);
        break;
    case TL_E_COMPARE:
        visit_expr(st, e->u.compare.left);
        visit_exprs(st, &e->u.compare.comparators);
        break;
    case TL_E_CALL:
        visit_expr(st, e->u.call.func);
        visit_exprs(st, &e->u.call.args);
        for (int i = 0; i < e->u.call.keywords.n; i++)
            visit_expr(st, e->u.call.keywords.items[i]->value);
        break;
    case TL_E_FORMATTEDVALUE:
        visit_expr(st, e->u.formattedvalue.value);
        if (e->u.formattedvalue.format_spec)
            visit_expr(st, e->u.formattedvalue.format_spec);
        break;
    case TL_E_JOINEDSTR:
        visit_exprs(st, &e->u.joinedstr.values);
        break;
    case TL_E_CONSTANT:
        break;
    case TL_E_ATTRIBUTE:
        visit_expr(st, e->u.attribute.value);
        break;
    case TL_E_SUBSCRIPT:
        visit_expr(st, e->u.subscript.value);
        visit_expr(st, e->u.subscript.slice);
        break;
    case TL_E_STARRED:
        visit_expr(st, e->u.starred.value);
        break;
    case TL_E_NAME: {
        TlExprContext ctx = e->u.name.ctx;
        add_def(st, e->u.name.id, ctx == TL_LOAD ? TL_DEF_USE : TL_DEF_LOCAL);
        /* Zero-argument super() needs the __class__ cell of the class. */
        if (ctx == TL_LOAD && st->cur->kind == TL_BLK_FUNCTION &&
            strcmp(e->u.name.id, "super") == 0)
            add_def(st, "__class__", TL_DEF_USE);
        break;
    }
    case TL_E_LIST:
        visit_exprs(st, &e->u.list.elts);
        break;
    case TL_E_TUPLE:
        visit_exprs(st, &e->u.tuple.elts);
        break;
    case TL_E_SLICE:
        if (e->u.slice.lower)
            visit_expr(st, e->u.slice.lower);
        if (e->u.slice.upper)
            visit_expr(st, e->u.slice.upper);
        if (e->u.slice.step)
            visit_expr(st, e->u.slice.step);
        break;
    }
    st->depth--;
}

static void visit_alias(TlSymtable *st, TlAlias *a)
{
    if (strcmp(a->name, "*") == 0) {
        if (st->cur->kind != TL_BLK_MODULE)
            ERR_NODE(st, a, "import * only allowed at module level");
        return;
    }
    const char *store = a->asname;
    if (!store) {
        const char *dot = strchr(a->name, '.');
        store = dot ? tl_arena_strndup(st->arena, a->name, (size_t)(dot - a->name)) : a->name;
    }
    add_def(st, store, TL_DEF_LOCAL | TL_DEF_IMPORT);
}

static void visit_decl(TlSymtable *st, TlStmt *s, bool global)
{
    TlIdentSeq *names = global ? &s->u.global.names : &s->u.nonlocal.names;
    const char *what = global ? "global" : "nonlocal";
    if (!global && st->cur->kind == TL_BLK_MODULE)
        ERR_NODE(st, s, "nonlocal declaration not allowed at module level");
    for (int i = 0; i < names->n; i++) {
        const char *name = tl_mangle(st->arena, st->cur->private_name, names->items[i]);
        TlSym *y = tl_scope_lookup(st->cur, name);
        int cur = y ? y->flags : 0;
        if (cur & (TL_DEF_PARAM | TL_DEF_LOCAL | TL_DEF_USE | TL_DEF_ANNOT)) {
            const char *fmt;
            if (cur & TL_DEF_PARAM)
                fmt = "name '%s' is parameter and %s";
            else if (cur & TL_DEF_USE)
                fmt = "name '%s' is used prior to %s declaration";
            else if (cur & TL_DEF_ANNOT)
                fmt = "annotated name '%s' can't be %s";
            else
                fmt = "name '%s' is assigned to before %s declaration";
            ERR_NODE(st, s, fmt, name, what);
        }
        add_def(st, name, global ? TL_DEF_GLOBAL : TL_DEF_NONLOCAL);
        TlSym *d = tl_scope_lookup(st->cur, name);
        if (!d->decl)
            d->decl = s;
    }
}

static void visit_stmt(TlSymtable *st, TlStmt *s)
{
    enter(st);
    switch (s->kind) {
    case TL_S_FUNCTIONDEF: case TL_S_ASYNCFUNCTIONDEF: {
        add_def(st, s->u.functiondef.name, TL_DEF_LOCAL);
        visit_exprs(st, &s->u.functiondef.decorator_list);
        visit_annotations(st, s->u.functiondef.args, s->u.functiondef.returns);
        visit_function(st, s, s->u.functiondef.name, s->u.functiondef.args,
                       s->lineno, s->col, s->end_lineno, s->end_col);
        visit_stmts(st, &s->u.functiondef.body);
        st->cur = st->cur->parent;
        break;
    }
    case TL_S_CLASSDEF: {
        add_def(st, s->u.classdef.name, TL_DEF_LOCAL);
        visit_exprs(st, &s->u.classdef.bases);
        for (int i = 0; i < s->u.classdef.keywords.n; i++)
            visit_expr(st, s->u.classdef.keywords.items[i]->value);
        visit_exprs(st, &s->u.classdef.decorator_list);
        TlScope *c = scope_new(st, TL_BLK_CLASS, s->u.classdef.name, s, s->lineno,
                               s->col, s->end_lineno, s->end_col);
        c->private_name = s->u.classdef.name;
        st->cur = c;
        visit_stmts(st, &s->u.classdef.body);
        st->cur = c->parent;
        break;
    }
    case TL_S_RETURN:
        if (s->u.return_.value)
            visit_expr(st, s->u.return_.value);
        break;
    case TL_S_DELETE:
        visit_exprs(st, &s->u.delete_.targets);
        break;
    case TL_S_ASSIGN:
        visit_exprs(st, &s->u.assign.targets);
        visit_expr(st, s->u.assign.value);
        break;
    case TL_S_AUGASSIGN:
        visit_expr(st, s->u.augassign.target);
        visit_expr(st, s->u.augassign.value);
        break;
    case TL_S_ANNASSIGN: {
        TlExpr *t = s->u.annassign.target;
        if (t->kind == TL_E_NAME) {
            const char *name = tl_mangle(st->arena, st->cur->private_name, t->u.name.id);
            TlSym *y = tl_scope_lookup(st->cur, name);
            if (y && (y->flags & (TL_DEF_GLOBAL | TL_DEF_NONLOCAL)) &&
                s->u.annassign.simple)
                ERR_NODE(st, s, "annotated name '%s' can't be %s", name,
                         (y->flags & TL_DEF_GLOBAL) ? "global" : "nonlocal");
            add_def(st, t->u.name.id, s->u.annassign.simple
                    ? TL_DEF_ANNOT | TL_DEF_LOCAL : TL_DEF_LOCAL);
        } else {
            visit_expr(st, t);
        }
        visit_expr(st, s->u.annassign.annotation);
        if (s->u.annassign.value)
            visit_expr(st, s->u.annassign.value);
        break;
    }
    case TL_S_FOR: case TL_S_ASYNCFOR:
        visit_expr(st, s->u.for_.target);
        visit_expr(st, s->u.for_.iter);
        visit_stmts(st, &s->u.for_.body);
        visit_stmts(st, &s->u.for_.orelse);
        break;
    case TL_S_WHILE:
        visit_expr(st, s->u.while_.test);
        visit_stmts(st, &s->u.while_.body);
        visit_stmts(st, &s->u.while_.orelse);
        break;
    case TL_S_IF:
        visit_expr(st, s->u.if_.test);
        visit_stmts(st, &s->u.if_.body);
        visit_stmts(st, &s->u.if_.orelse);
        break;
    case TL_S_WITH: case TL_S_ASYNCWITH:
        for (int i = 0; i < s->u.with.items.n; i++) {
            TlWithItem *w = s->u.with.items.items[i];
            visit_expr(st, w->context_expr);
            if (w->optional_vars)
                visit_expr(st, w->optional_vars);
        }
        visit_stmts(st, &s->u.with.body);
        break;
    case TL_S_RAISE:
        if (s->u.raise.exc)
            visit_expr(st, s->u.raise.exc);
        if (s->u.raise.cause)
            visit_expr(st, s->u.raise.cause);
        break;
    case TL_S_TRY: case TL_S_TRYSTAR:
        visit_stmts(st, &s->u.try_.body);
        visit_stmts(st, &s->u.try_.orelse);
        for (int i = 0; i < s->u.try_.handlers.n; i++) {
            TlExceptHandler *h = s->u.try_.handlers.items[i];
            if (h->type)
                visit_expr(st, h->type);
            if (h->name)
                add_def(st, h->name, TL_DEF_LOCAL);
            visit_stmts(st, &h->body);
        }
        visit_stmts(st, &s->u.try_.finalbody);
        break;
    case TL_S_ASSERT:
        visit_expr(st, s->u.assert_.test);
        if (s->u.assert_.msg)
            visit_expr(st, s->u.assert_.msg);
        break;
    case TL_S_IMPORT:
        for (int i = 0; i < s->u.import.names.n; i++)
            visit_alias(st, s->u.import.names.items[i]);
        break;
    case TL_S_IMPORTFROM:
        for (int i = 0; i < s->u.importfrom.names.n; i++)
            visit_alias(st, s->u.importfrom.names.items[i]);
        break;
    case TL_S_GLOBAL:
        visit_decl(st, s, true);
        break;
    case TL_S_NONLOCAL:
        visit_decl(st, s, false);
        break;
    case TL_S_EXPR:
        visit_expr(st, s->u.expr.value);
        break;
    case TL_S_PASS: case TL_S_BREAK: case TL_S_CONTINUE:
        break;
    }
    st->depth--;
}

static void visit_stmts(TlSymtable *st, TlStmtSeq *b)
{
    for (int i = 0; i < b->n; i++)
        visit_stmt(st, b->items[i]);
}

/* ------------------------------------------------------------ pass 2 */

/* A set of names: a TlNameMap whose values are unused. */
typedef TlNameMap NameSet;

static bool set_has(const NameSet *s, const char *n) { return tl_nm_get(s, n) >= 0; }

static void set_copy(TlArena *a, NameSet *dst, const NameSet *src)
{
    memset(dst, 0, sizeof *dst);
    for (int i = 0; i < src->cap; i++)
        if (src->keys[i] && src->vals[i] >= 0)
            tl_nm_put(a, dst, src->keys[i], 1);
}

/* Removal marks the entry dead (-1) so probing chains stay intact. */
static void set_del(NameSet *s, const char *n)
{
    if (s->cap == 0)
        return;
    uint32_t mask = (uint32_t)s->cap - 1;
    for (uint32_t i = strhash(n) & mask; s->keys[i]; i = (i + 1) & mask)
        if (strcmp(s->keys[i], n) == 0) {
            s->vals[i] = -1;
            return;
        }
}

static void set_add(TlArena *a, NameSet *s, const char *n) { tl_nm_put(a, s, n, 1); }

/* Errors about a declaration point at its global/nonlocal statement. */
static void decl_error(TlSymtable *st, TlScope *s, TlSym *y, const char *fmt)
{
    if (y->decl)
        tl_cerr_at(st->err, y->decl->lineno, y->decl->col, y->decl->end_lineno,
                   y->decl->end_col, fmt, y->name);
    tl_cerr_at(st->err, s->lineno, s->col, s->end_lineno, s->end_col, fmt, y->name);
}

static void analyze_name(TlSymtable *st, TlScope *s, TlSym *y, NameSet *bound,
                         NameSet *local, NameSet *free, NameSet *global)
{
    int f = y->flags;
    if (f & TL_DEF_GLOBAL) {
        if (f & TL_DEF_NONLOCAL)
            decl_error(st, s, y, "name '%s' is nonlocal and global");
        y->scope = TL_SC_GLOBAL_EXPLICIT;
        set_add(st->arena, global, y->name);
        set_del(bound, y->name);
        return;
    }
    if (f & TL_DEF_NONLOCAL) {
        if (!set_has(bound, y->name))
            decl_error(st, s, y, "no binding for nonlocal '%s' found");
        y->scope = TL_SC_FREE;
        set_add(st->arena, free, y->name);
        return;
    }
    if (f & TL_DEF_BOUND) {
        y->scope = TL_SC_LOCAL;
        set_add(st->arena, local, y->name);
        set_del(global, y->name);
        return;
    }
    /* Implicit: a name bound in an enclosing function is free here; class
     * scopes never provide bindings (their names are not in `bound`). */
    if (set_has(bound, y->name)) {
        y->scope = TL_SC_FREE;
        set_add(st->arena, free, y->name);
    } else {
        y->scope = TL_SC_GLOBAL_IMPLICIT;
    }
}

static void analyze_block(TlSymtable *st, TlScope *s, NameSet *bound,
                          NameSet *global, NameSet *free_out);

/* Free names of the children that this scope defines become cells; the
 * __class__ free name of methods becomes the class body's cell. */
static void resolve_free(TlScope *s, NameSet *newfree)
{
    for (int i = 0; i < newfree->cap; i++) {
        const char *n = newfree->keys[i];
        if (!n || newfree->vals[i] < 0)
            continue;
        TlSym *y = tl_scope_lookup(s, n);
        if (s->kind == TL_BLK_FUNCTION && y && y->scope == TL_SC_LOCAL) {
            y->scope = TL_SC_CELL;
            newfree->vals[i] = -1;
        }
    }
    if (s->kind == TL_BLK_CLASS && set_has(newfree, "__class__")) {
        s->needs_class_closure = true;
        set_del(newfree, "__class__");
    }
}

/* Record the free names of children that pass through this scope. */
static void update_symbols(TlSymtable *st, TlScope *s, NameSet *bound, NameSet *free)
{
    for (int i = 0; i < free->cap; i++) {
        const char *n = free->keys[i];
        if (!n || free->vals[i] < 0)
            continue;
        TlSym *y = tl_scope_lookup(s, n);
        if (y) {
            if (s->kind == TL_BLK_CLASS && (y->flags & (TL_DEF_BOUND | TL_DEF_GLOBAL)))
                y->flags |= TL_DEF_FREE_CLASS;
            continue;
        }
        if (!set_has(bound, n))
            continue;          /* a global: nothing to pass through */
        y = sym_get(st, s, n);
        y->scope = TL_SC_FREE;
    }
}

static void analyze_block(TlSymtable *st, TlScope *s, NameSet *bound,
                          NameSet *global, NameSet *free_out)
{
    NameSet local = {0}, scopefree = {0}, newglobal = {0}, newfree = {0}, newbound = {0};
    enter(st);
    if (s->kind == TL_BLK_CLASS) {
        set_copy(st->arena, &newglobal, global);
        set_copy(st->arena, &newbound, bound);
    }
    for (int i = 0; i < s->nsyms; i++)
        analyze_name(st, s, &s->syms[i], bound, &local, &scopefree, global);
    if (s->kind != TL_BLK_CLASS) {
        if (s->kind == TL_BLK_FUNCTION)
            set_copy(st->arena, &newbound, &local);
        for (int i = 0; i < bound->cap; i++)
            if (bound->keys[i] && bound->vals[i] >= 0)
                set_add(st->arena, &newbound, bound->keys[i]);
        set_copy(st->arena, &newglobal, global);
    } else {
        set_add(st->arena, &newbound, "__class__");
    }
    for (int i = 0; i < s->nkids; i++) {
        TlScope *k = s->kids[i];
        NameSet kb, kg;
        set_copy(st->arena, &kb, &newbound);
        set_copy(st->arena, &kg, &newglobal);
        analyze_block(st, k, &kb, &kg, &newfree);
    }
    resolve_free(s, &newfree);
    update_symbols(st, s, bound, &newfree);
    for (int i = 0; i < scopefree.cap; i++)
        if (scopefree.keys[i] && scopefree.vals[i] >= 0)
            set_add(st->arena, free_out, scopefree.keys[i]);
    for (int i = 0; i < newfree.cap; i++)
        if (newfree.keys[i] && newfree.vals[i] >= 0)
            set_add(st->arena, free_out, newfree.keys[i]);
    st->depth--;
}

void tl_symtable_build(TlSymtable *st, TlArena *a, TlCErr *err, TlMod *mod)
{
    memset(st, 0, sizeof *st);
    st->arena = a;
    st->err = err;
    st->top = scope_new(st, TL_BLK_MODULE, "top", mod, 0, 0, 0, 0);
    st->cur = st->top;
    if (mod->kind == TL_MOD_EXPRESSION)
        visit_expr(st, mod->expr);
    else
        visit_stmts(st, &mod->body);
    NameSet bound = {0}, global = {0}, free = {0};
    analyze_block(st, st->top, &bound, &global, &free);
}
