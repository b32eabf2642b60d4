/*
** ast.c -- the AST arena and a printer for trees.
**
** The arena hands out zeroed memory from large chunks and frees all of it
** at once, so the parser never tracks node lifetimes and a failed parse
** leaks nothing.  The printer reproduces Python's ast.dump() text exactly
** (field order, omitted None fields, value reprs) so a tree can be diffed
** against CPython's; it exists for debugging and parser tests.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ast.h"

/* ---------------------------------------------------------------- arena */

#define CHUNK_SIZE (64 * 1024)

struct TlArenaChunk {
    TlArenaChunk *next;
    max_align_t data[];     /* keeps the payload maximally aligned */
};

void tl_arena_init(TlArena *a)
{
    a->chunks = NULL;
    a->p = a->end = NULL;
}

static TlArenaChunk *new_chunk(TlArena *a, size_t size)
{
    TlArenaChunk *c = malloc(sizeof *c + size);
    if (!c) {
        fputs("fatal: out of memory while parsing\n", stderr);
        abort();
    }
    c->next = a->chunks;
    a->chunks = c;
    return c;
}

void *tl_arena_alloc(TlArena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = n ? (n + align - 1) / align * align : align;
    void *r;
    if (n > CHUNK_SIZE / 4) {
        /* big requests get a chunk of their own; the current one stays */
        r = new_chunk(a, n)->data;
    } else {
        if (!a->p || (size_t)(a->end - a->p) < n) {
            a->p = (char *)new_chunk(a, CHUNK_SIZE)->data;
            a->end = a->p + CHUNK_SIZE;
        }
        r = a->p;
        a->p += n;
    }
    memset(r, 0, n);
    return r;
}

char *tl_arena_strndup(TlArena *a, const char *s, size_t n)
{
    char *r = tl_arena_alloc(a, n + 1);
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

void tl_arena_free(TlArena *a)
{
    TlArenaChunk *c = a->chunks;
    while (c) {
        TlArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    tl_arena_init(a);
}

/* ------------------------------------------------------------ printing */

typedef struct {
    FILE *f;
    int attrs;      /* include_attributes */
} Dump;

static void expr(Dump *d, const TlExpr *e);
static void stmt(Dump *d, const TlStmt *s);

/* Python repr() of a str (UTF-8) or bytes value. */
static void repr_text(FILE *f, const char *s, size_t n, int bytes)
{
    int has_sq = memchr(s, '\'', n) != NULL, has_dq = memchr(s, '"', n) != NULL;
    char q = has_sq && !has_dq ? '"' : '\'';
    if (bytes) fputc('b', f);
    fputc(q, f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == q || c == '\\') fprintf(f, "\\%c", c);
        else if (c == '\n') fputs("\\n", f);
        else if (c == '\r') fputs("\\r", f);
        else if (c == '\t') fputs("\\t", f);
        else if (c < 0x20 || c == 0x7F || (bytes && c >= 0x80)) fprintf(f, "\\x%02x", c);
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] <= 0xA0) {
            /* U+0080..U+00A0 are not printable */
            fprintf(f, "\\x%02x", (unsigned char)s[i + 1]);
            i++;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAD) {
            fputs("\\xad", f);
            i++;
        } else fputc(c, f);
    }
    fputc(q, f);
}

/* Decimal form of an integer literal written in base 2, 8 or 16. */
static void print_int(FILE *f, const TlConstant *c)
{
    if (c->base == 10) {
        fputs(c->s, f);
        return;
    }
    /* little-endian base 10^9 limbs, schoolbook multiply-add */
    size_t cap = c->len / 2 + 2, n = 1;
    uint32_t *limb = calloc(cap, sizeof *limb);
    if (!limb) return;
    for (size_t i = 0; i < c->len; i++) {
        int ch = c->s[i] | 32;
        uint64_t carry = (uint64_t)(ch <= '9' ? ch - '0' : ch - 'a' + 10);
        for (size_t j = 0; j < n; j++) {
            uint64_t v = (uint64_t)limb[j] * (uint64_t)c->base + carry;
            limb[j] = (uint32_t)(v % 1000000000u);
            carry = v / 1000000000u;
        }
        if (carry) limb[n++] = (uint32_t)carry;
    }
    fprintf(f, "%u", limb[n - 1]);
    for (size_t j = n - 1; j-- > 0;) fprintf(f, "%09u", limb[j]);
    free(limb);
}

/* Python's repr(float); `imag` prints a complex literal's form. */
static void print_float(FILE *f, double v, int imag)
{
    if (isinf(v)) { fputs(v > 0 ? "inf" : "-inf", f); if (imag) fputc('j', f); return; }
    if (isnan(v)) { fputs(imag ? "nanj" : "nan", f); return; }
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (strtod(buf, NULL) == v) break;
    }
    /* buf is d.ddde[+-]XX: rebuild it the way repr() does */
    char mant[40];
    int exp;
    char *e = strchr(buf, 'e');
    exp = atoi(e + 1);
    size_t mn = 0;
    for (char *q = buf; q < e; q++) if (*q != '.' && *q != '-') mant[mn++] = *q;
    while (mn > 1 && mant[mn - 1] == '0') mn--;
    mant[mn] = 0;
    if (v < 0) fputc('-', f);
    if (exp < -4 || exp >= 16) {
        fputc(mant[0], f);
        if (mn > 1) fprintf(f, ".%s", mant + 1);
        fprintf(f, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    } else if (exp < 0) {
        fputs("0.", f);
        for (int i = -1; i > exp; i--) fputc('0', f);
        fputs(mant, f);
    } else {
        for (int i = 0; i <= exp; i++) fputc(i < (int)mn ? mant[i] : '0', f);
        if ((int)mn > exp + 1) fprintf(f, ".%s", mant + exp + 1);
        else if (!imag) fputs(".0", f);
    }
    if (imag) fputc('j', f);
}

static void constant(Dump *d, const TlConstant *c)
{
    switch (c->kind) {
    case TL_CONST_NONE: fputs("None", d->f); break;
    case TL_CONST_TRUE: fputs("True", d->f); break;
    case TL_CONST_FALSE: fputs("False", d->f); break;
    case TL_CONST_ELLIPSIS: fputs("Ellipsis", d->f); break;
    case TL_CONST_INT: print_int(d->f, c); break;
    case TL_CONST_FLOAT: print_float(d->f, c->d, 0); break;
    case TL_CONST_IMAG: print_float(d->f, c->d, 1); break;
    case TL_CONST_STR: repr_text(d->f, c->s, c->len, 0); break;
    case TL_CONST_BYTES: repr_text(d->f, c->s, c->len, 1); break;
    }
}

static void pos(Dump *d, int l, int c, int el, int ec)
{
    if (d->attrs)
        fprintf(d->f, ", lineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d",
                l, c, el, ec);
}

static void exprs(Dump *d, const char *name, TlExprSeq s)
{
    fprintf(d->f, "%s=[", name);
    for (int i = 0; i < s.n; i++) {
        if (i) fputs(", ", d->f);
        if (s.items[i]) expr(d, s.items[i]);
        else fputs("None", d->f);
    }
    fputc(']', d->f);
}

static void stmts(Dump *d, const char *name, TlStmtSeq s)
{
    fprintf(d->f, "%s=[", name);
    for (int i = 0; i < s.n; i++) {
        if (i) fputs(", ", d->f);
        stmt(d, s.items[i]);
    }
    fputc(']', d->f);
}

/* ", name=<expr>" -- omitted when e is NULL, like ast.dump's None fields */
static void opt(Dump *d, const char *name, const TlExpr *e)
{
    if (!e) return;
    fprintf(d->f, ", %s=", name);
    expr(d, e);
}

static void one(Dump *d, const char *name, const TlExpr *e)
{
    fprintf(d->f, "%s=", name);
    expr(d, e);
}

static const char *const ctx_names[] = { "Load", "Store", "Del" };
static const char *const op_names[] = {
    "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift", "RShift",
    "BitOr", "BitXor", "BitAnd", "FloorDiv"
};
static const char *const uop_names[] = { "Invert", "Not", "UAdd", "USub" };
static const char *const cmp_names[] = {
    "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn"
};

static void ctx(Dump *d, TlExprContext c) { fprintf(d->f, ", ctx=%s()", ctx_names[c]); }

static void arg(Dump *d, const TlArg *a)
{
    fprintf(d->f, "arg(arg='%s'", a->arg);
    opt(d, "annotation", a->annotation);
    pos(d, a->lineno, a->col, a->end_lineno, a->end_col);
    fputc(')', d->f);
}

static void args_seq(Dump *d, const char *name, TlArgSeq s)
{
    fprintf(d->f, "%s=[", name);
    for (int i = 0; i < s.n; i++) {
        if (i) fputs(", ", d->f);
        arg(d, s.items[i]);
    }
    fputc(']', d->f);
}

static void arguments(Dump *d, const TlArguments *a)
{
    fputs("arguments(", d->f);
    args_seq(d, "posonlyargs", a->posonlyargs);
    fputs(", ", d->f);
    args_seq(d, "args", a->args);
    if (a->vararg) { fputs(", vararg=", d->f); arg(d, a->vararg); }
    fputs(", ", d->f);
    args_seq(d, "kwonlyargs", a->kwonlyargs);
    fputs(", ", d->f);
    exprs(d, "kw_defaults", a->kw_defaults);
    if (a->kwarg) { fputs(", kwarg=", d->f); arg(d, a->kwarg); }
    fputs(", ", d->f);
    exprs(d, "defaults", a->defaults);
    fputc(')', d->f);
}

static void keywords(Dump *d, TlKeywordSeq s)
{
    fputs("keywords=[", d->f);
    for (int i = 0; i < s.n; i++) {
        const TlKeyword *k = s.items[i];
        if (i) fputs(", ", d->f);
        fputs("keyword(", d->f);
        if (k->arg) fprintf(d->f, "arg='%s', ", k->arg);
        one(d, "value", k->value);
        pos(d, k->lineno, k->col, k->end_lineno, k->end_col);
        fputc(')', d->f);
    }
    fputc(']', d->f);
}

static void generators(Dump *d, TlComprehensionSeq s)
{
    fputs(", generators=[", d->f);
    for (int i = 0; i < s.n; i++) {
        const TlComprehension *c = s.items[i];
        if (i) fputs(", ", d->f);
        fputs("comprehension(", d->f);
        one(d, "target", c->target);
        fputs(", ", d->f);
        one(d, "iter", c->iter);
        fputs(", ", d->f);
        exprs(d, "ifs", c->ifs);
        fprintf(d->f, ", is_async=%d)", c->is_async);
    }
    fputc(']', d->f);
}

static void expr(Dump *d, const TlExpr *e)
{
    FILE *f = d->f;
    switch (e->kind) {
    case TL_E_BOOLOP:
        fprintf(f, "BoolOp(op=%s(), ", e->u.boolop.op == TL_AND ? "And" : "Or");
        exprs(d, "values", e->u.boolop.values);
        break;
    case TL_E_NAMEDEXPR:
        fputs("NamedExpr(", f);
        one(d, "target", e->u.namedexpr.target);
        fputs(", ", f);
        one(d, "value", e->u.namedexpr.value);
        break;
    case TL_E_BINOP:
        fputs("BinOp(", f);
        one(d, "left", e->u.binop.left);
        fprintf(f, ", op=%s(), ", op_names[e->u.binop.op]);
        one(d, "right", e->u.binop.right);
        break;
    case TL_E_UNARYOP:
        fprintf(f, "UnaryOp(op=%s(), ", uop_names[e->u.unaryop.op]);
        one(d, "operand", e->u.unaryop.operand);
        break;
    case TL_E_LAMBDA:
        fputs("Lambda(args=", f);
        arguments(d, e->u.lambda.args);
        fputs(", ", f);
        one(d, "body", e->u.lambda.body);
        break;
    case TL_E_IFEXP:
        fputs("IfExp(", f);
        one(d, "test", e->u.ifexp.test);
        fputs(", ", f);
        one(d, "body", e->u.ifexp.body);
        fputs(", ", f);
        one(d, "orelse", e->u.ifexp.orelse);
        break;
    case TL_E_DICT:
        fputs("Dict(", f);
        exprs(d, "keys", e->u.dict.keys);
        fputs(", ", f);
        exprs(d, "values", e->u.dict.values);
        break;
    case TL_E_SET:
        fputs("Set(", f);
        exprs(d, "elts", e->u.set.elts);
        break;
    case TL_E_LISTCOMP: case TL_E_SETCOMP: case TL_E_GENERATOREXP:
        fprintf(f, "%s(", e->kind == TL_E_LISTCOMP ? "ListComp"
                        : e->kind == TL_E_SETCOMP ? "SetComp" : "GeneratorExp");
        one(d, "elt", e->u.listcomp.elt);
        generators(d, e->u.listcomp.generators);
        break;
    case TL_E_DICTCOMP:
        fputs("DictComp(", f);
        one(d, "key", e->u.dictcomp.key);
        fputs(", ", f);
        one(d, "value", e->u.dictcomp.value);
        generators(d, e->u.dictcomp.generators);
        break;
    case TL_E_AWAIT: case TL_E_YIELDFROM:
        fputs(e->kind == TL_E_AWAIT ? "Await(" : "YieldFrom(", f);
        one(d, "value", e->u.yieldfrom.value);
        break;
    case TL_E_YIELD:
        fputs("Yield(", f);
        if (e->u.yield.value) one(d, "value", e->u.yield.value);
        if (d->attrs && !e->u.yield.value) {
            fprintf(f, "lineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d)",
                    e->lineno, e->col, e->end_lineno, e->end_col);
            return;
        }
        break;
    case TL_E_COMPARE:
        fputs("Compare(", f);
        one(d, "left", e->u.compare.left);
        fputs(", ops=[", f);
        for (int i = 0; i < e->u.compare.ops.n; i++)
            fprintf(f, "%s%s()", i ? ", " : "", cmp_names[e->u.compare.ops.items[i]]);
        fputs("], ", f);
        exprs(d, "comparators", e->u.compare.comparators);
        break;
    case TL_E_CALL:
        fputs("Call(", f);
        one(d, "func", e->u.call.func);
        fputs(", ", f);
        exprs(d, "args", e->u.call.args);
        fputs(", ", f);
        keywords(d, e->u.call.keywords);
        break;
    case TL_E_FORMATTEDVALUE:
        fputs("FormattedValue(", f);
        one(d, "value", e->u.formattedvalue.value);
        fprintf(f, ", conversion=%d", e->u.formattedvalue.conversion);
        opt(d, "format_spec", e->u.formattedvalue.format_spec);
        break;
    case TL_E_JOINEDSTR:
        fputs("JoinedStr(", f);
        exprs(d, "values", e->u.joinedstr.values);
        break;
    case TL_E_CONSTANT:
        fputs("Constant(value=", f);
        constant(d, &e->u.constant);
        if (e->u.constant.u_prefix) fputs(", kind='u'", f);
        break;
    case TL_E_ATTRIBUTE:
        fputs("Attribute(", f);
        one(d, "value", e->u.attribute.value);
        fprintf(f, ", attr='%s'", e->u.attribute.attr);
        ctx(d, e->u.attribute.ctx);
        break;
    case TL_E_SUBSCRIPT:
        fputs("Subscript(", f);
        one(d, "value", e->u.subscript.value);
        fputs(", ", f);
        one(d, "slice", e->u.subscript.slice);
        ctx(d, e->u.subscript.ctx);
        break;
    case TL_E_STARRED:
        fputs("Starred(", f);
        one(d, "value", e->u.starred.value);
        ctx(d, e->u.starred.ctx);
        break;
    case TL_E_NAME:
        fprintf(f, "Name(id='%s'", e->u.name.id);
        ctx(d, e->u.name.ctx);
        break;
    case TL_E_LIST: case TL_E_TUPLE:
        fputs(e->kind == TL_E_LIST ? "List(" : "Tuple(", f);
        exprs(d, "elts", e->u.tuple.elts);
        ctx(d, e->u.tuple.ctx);
        break;
    case TL_E_SLICE: {
        /* all three fields are optional: separators only between those present */
        const char *sep = "";
        fputs("Slice(", f);
        if (e->u.slice.lower) { one(d, "lower", e->u.slice.lower); sep = ", "; }
        if (e->u.slice.upper) { fputs(sep, f); one(d, "upper", e->u.slice.upper); sep = ", "; }
        if (e->u.slice.step) { fputs(sep, f); one(d, "step", e->u.slice.step); sep = ", "; }
        if (d->attrs) {
            fprintf(f, "%slineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d)", sep,
                    e->lineno, e->col, e->end_lineno, e->end_col);
            return;
        }
        break;
    }
    }
    pos(d, e->lineno, e->col, e->end_lineno, e->end_col);
    fputc(')', f);
}

static void aliases(Dump *d, TlAliasSeq s)
{
    fputs("names=[", d->f);
    for (int i = 0; i < s.n; i++) {
        const TlAlias *a = s.items[i];
        fprintf(d->f, "%salias(name='%s'", i ? ", " : "", a->name);
        if (a->asname) fprintf(d->f, ", asname='%s'", a->asname);
        pos(d, a->lineno, a->col, a->end_lineno, a->end_col);
        fputc(')', d->f);
    }
    fputc(']', d->f);
}

static void stmt(Dump *d, const TlStmt *s)
{
    FILE *f = d->f;
    switch (s->kind) {
    case TL_S_FUNCTIONDEF: case TL_S_ASYNCFUNCTIONDEF:
        fprintf(f, "%s(name='%s', args=", s->kind == TL_S_FUNCTIONDEF ? "FunctionDef"
                                                                     : "AsyncFunctionDef",
                s->u.functiondef.name);
        arguments(d, s->u.functiondef.args);
        fputs(", ", f);
        stmts(d, "body", s->u.functiondef.body);
        fputs(", ", f);
        exprs(d, "decorator_list", s->u.functiondef.decorator_list);
        opt(d, "returns", s->u.functiondef.returns);
        break;
    case TL_S_CLASSDEF:
        fprintf(f, "ClassDef(name='%s', ", s->u.classdef.name);
        exprs(d, "bases", s->u.classdef.bases);
        fputs(", ", f);
        keywords(d, s->u.classdef.keywords);
        fputs(", ", f);
        stmts(d, "body", s->u.classdef.body);
        fputs(", ", f);
        exprs(d, "decorator_list", s->u.classdef.decorator_list);
        break;
    case TL_S_RETURN:
        fputs("Return(", f);
        if (s->u.return_.value) one(d, "value", s->u.return_.value);
        if (d->attrs && !s->u.return_.value) {
            fprintf(f, "lineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d)",
                    s->lineno, s->col, s->end_lineno, s->end_col);
            return;
        }
        break;
    case TL_S_DELETE:
        fputs("Delete(", f);
        exprs(d, "targets", s->u.delete_.targets);
        break;
    case TL_S_ASSIGN:
        fputs("Assign(", f);
        exprs(d, "targets", s->u.assign.targets);
        fputs(", ", f);
        one(d, "value", s->u.assign.value);
        break;
    case TL_S_AUGASSIGN:
        fputs("AugAssign(", f);
        one(d, "target", s->u.augassign.target);
        fprintf(f, ", op=%s(), ", op_names[s->u.augassign.op]);
        one(d, "value", s->u.augassign.value);
        break;
    case TL_S_ANNASSIGN:
        fputs("AnnAssign(", f);
        one(d, "target", s->u.annassign.target);
        fputs(", ", f);
        one(d, "annotation", s->u.annassign.annotation);
        opt(d, "value", s->u.annassign.value);
        fprintf(f, ", simple=%d", s->u.annassign.simple);
        break;
    case TL_S_FOR: case TL_S_ASYNCFOR:
        fputs(s->kind == TL_S_FOR ? "For(" : "AsyncFor(", f);
        one(d, "target", s->u.for_.target);
        fputs(", ", f);
        one(d, "iter", s->u.for_.iter);
        fputs(", ", f);
        stmts(d, "body", s->u.for_.body);
        fputs(", ", f);
        stmts(d, "orelse", s->u.for_.orelse);
        break;
    case TL_S_WHILE: case TL_S_IF:
        fputs(s->kind == TL_S_WHILE ? "While(" : "If(", f);
        one(d, "test", s->u.if_.test);
        fputs(", ", f);
        stmts(d, "body", s->u.if_.body);
        fputs(", ", f);
        stmts(d, "orelse", s->u.if_.orelse);
        break;
    case TL_S_WITH: case TL_S_ASYNCWITH:
        fputs(s->kind == TL_S_WITH ? "With(items=[" : "AsyncWith(items=[", f);
        for (int i = 0; i < s->u.with.items.n; i++) {
            const TlWithItem *w = s->u.with.items.items[i];
            fputs(i ? ", withitem(" : "withitem(", f);
            one(d, "context_expr", w->context_expr);
            opt(d, "optional_vars", w->optional_vars);
            fputc(')', f);
        }
        fputs("], ", f);
        stmts(d, "body", s->u.with.body);
        break;
    case TL_S_RAISE: {
        fputs("Raise(", f);
        const char *sep = "";
        if (s->u.raise.exc) { one(d, "exc", s->u.raise.exc); sep = ", "; }
        if (s->u.raise.cause) { fputs(sep, f); one(d, "cause", s->u.raise.cause); sep = ", "; }
        if (d->attrs) {
            fprintf(f, "%slineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d)", sep,
                    s->lineno, s->col, s->end_lineno, s->end_col);
            return;
        }
        break;
    }
    case TL_S_TRY: case TL_S_TRYSTAR:
        fputs(s->kind == TL_S_TRY ? "Try(" : "TryStar(", f);
        stmts(d, "body", s->u.try_.body);
        fputs(", handlers=[", f);
        for (int i = 0; i < s->u.try_.handlers.n; i++) {
            const TlExceptHandler *h = s->u.try_.handlers.items[i];
            fputs(i ? ", ExceptHandler(" : "ExceptHandler(", f);
            if (h->type) { one(d, "type", h->type); fputs(", ", f); }
            if (h->name) fprintf(f, "name='%s', ", h->name);
            stmts(d, "body", h->body);
            pos(d, h->lineno, h->col, h->end_lineno, h->end_col);
            fputc(')', f);
        }
        fputs("], ", f);
        stmts(d, "orelse", s->u.try_.orelse);
        fputs(", ", f);
        stmts(d, "finalbody", s->u.try_.finalbody);
        break;
    case TL_S_ASSERT:
        fputs("Assert(", f);
        one(d, "test", s->u.assert_.test);
        opt(d, "msg", s->u.assert_.msg);
        break;
    case TL_S_IMPORT:
        fputs("Import(", f);
        aliases(d, s->u.import.names);
        break;
    case TL_S_IMPORTFROM:
        fputs("ImportFrom(", f);
        if (s->u.importfrom.module) fprintf(f, "module='%s', ", s->u.importfrom.module);
        aliases(d, s->u.importfrom.names);
        fprintf(f, ", level=%d", s->u.importfrom.level);
        break;
    case TL_S_GLOBAL: case TL_S_NONLOCAL:
        fputs(s->kind == TL_S_GLOBAL ? "Global(names=[" : "Nonlocal(names=[", f);
        for (int i = 0; i < s->u.global.names.n; i++)
            fprintf(f, "%s'%s'", i ? ", " : "", s->u.global.names.items[i]);
        fputc(']', f);
        break;
    case TL_S_EXPR:
        fputs("Expr(", f);
        one(d, "value", s->u.expr.value);
        break;
    case TL_S_PASS: case TL_S_BREAK: case TL_S_CONTINUE:
        fputs(s->kind == TL_S_PASS ? "Pass(" : s->kind == TL_S_BREAK ? "Break(" : "Continue(", f);
        if (d->attrs) {
            fprintf(f, "lineno=%d, col_offset=%d, end_lineno=%d, end_col_offset=%d)",
                    s->lineno, s->col, s->end_lineno, s->end_col);
            return;
        }
        break;
    }
    pos(d, s->lineno, s->col, s->end_lineno, s->end_col);
    fputc(')', f);
}

void tl_ast_dump_ex(FILE *f, TlMod *m, int include_attributes)
{
    Dump d = { f, include_attributes };
    switch (m->kind) {
    case TL_MOD_MODULE:
        fputs("Module(", f);
        stmts(&d, "body", m->body);
        fputs(", type_ignores=[])", f);
        break;
    case TL_MOD_INTERACTIVE:
        fputs("Interactive(", f);
        stmts(&d, "body", m->body);
        fputc(')', f);
        break;
    case TL_MOD_EXPRESSION:
        fputs("Expression(body=", f);
        expr(&d, m->expr);
        fputc(')', f);
        break;
    }
}

void tl_ast_dump(FILE *f, TlMod *m)
{
    tl_ast_dump_ex(f, m, 0);
}
