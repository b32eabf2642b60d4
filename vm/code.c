/*
 * code.c -- the code object type, the opcode tables and a disassembler.
 *
 * A code object is the immutable output of the compiler: instruction words,
 * one source position per word, the exception table and the constant/name
 * tuples (layout in code.h).  Its arrays are GC buffers owned by the object,
 * so the mark function traces them explicitly.  The Python-visible
 * attributes are the usual co_* getters; co_flags is translated to
 * CPython's bit values so code that tests inspect.CO_GENERATOR & co works.
 *
 * tl_dis prints a listing in the spirit of CPython's dis module (line
 * numbers, jump targets marked >>, argument meanings, the exception table)
 * and recurses into nested code objects; it exists for debugging the
 * compiler and the interpreter.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"

#define TL_OP_CACHE_ENTRY(name, cache) cache,
const uint8_t tl_op_cache[] = { TL_OPCODES(TL_OP_CACHE_ENTRY) };
#undef TL_OP_CACHE_ENTRY

#define TL_OP_NAME_ENTRY(name, cache) #name,
const char *const tl_op_names[] = { TL_OPCODES(TL_OP_NAME_ENTRY) };
#undef TL_OP_NAME_ENTRY

/* ------------------------------------------------------------ object */

static void code_mark(TlGC *gc, TlObj *o)
{
    TlCode *co = (TlCode *)o;
    if (co->code)
        tl_mark_buf(gc, co->code);
    if (co->pos)
        tl_mark_buf(gc, co->pos);
    if (co->exctab)
        tl_mark_buf(gc, co->exctab);
    if (co->cell2arg)
        tl_mark_buf(gc, co->cell2arg);
    TlVal refs[] = {co->consts, co->names, co->varnames, co->cellvars,
                    co->freevars, co->name, co->qualname, co->filename,
                    co->source};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        if (refs[i])
            tl_mark(gc, refs[i]);
}

TlVal tl_code_new(TlThread *th, TlCode *proto)
{
    TlCode *co = tl_alloc(th, &tl_code_type, sizeof(TlCode));
    if (!co)
        return TL_NULL;
    TlObj hdr = {0};
    memcpy(&hdr, &co->ob, sizeof hdr);
    memcpy(co, proto, sizeof *co);
    memcpy(&co->ob, &hdr, sizeof hdr);
    return tl_val(co);
}

static TlVal code_repr(TlThread *th, TlVal self)
{
    TlCode *co = TL_CODE(self);
    char buf[96];
    snprintf(buf, sizeof buf, "%p", (void *)co);
    return tl_str_fmt(th, "<code object %s at %s, file \"%s\", line %d>",
                      tl_cstr(co->name), buf, tl_cstr(co->filename),
                      (int)co->firstlineno);
}

/* CPython's co_flags bits for the flags that programs inspect. */
static TlVal get_flags(TlThread *th, TlVal self)
{
    uint32_t f = TL_CODE(self)->flags, r = 0;
    if (!(f & (TL_CO_MODULE | TL_CO_CLASS)))
        r |= 0x1 | 0x2;                    /* CO_OPTIMIZED | CO_NEWLOCALS */
    if (f & TL_CO_VARARGS)
        r |= 0x4;
    if (f & TL_CO_VARKEYWORDS)
        r |= 0x8;
    if (f & TL_CO_NESTED)
        r |= 0x10;
    if (f & TL_CO_GENERATOR)
        r |= 0x20;
    return tl_int_from_i64(th, r);
}

#define CODE_VAL_GETTER(field) \
    static TlVal get_##field(TlThread *th, TlVal self) \
    { (void)th; return TL_CODE(self)->field; }
#define CODE_INT_GETTER(field) \
    static TlVal get_##field(TlThread *th, TlVal self) \
    { return tl_int_from_i64(th, TL_CODE(self)->field); }

CODE_VAL_GETTER(name)
CODE_VAL_GETTER(qualname)
CODE_VAL_GETTER(filename)
CODE_VAL_GETTER(consts)
CODE_VAL_GETTER(names)
CODE_VAL_GETTER(varnames)
CODE_VAL_GETTER(cellvars)
CODE_VAL_GETTER(freevars)
CODE_INT_GETTER(argcount)
CODE_INT_GETTER(posonlyargcount)
CODE_INT_GETTER(kwonlyargcount)
CODE_INT_GETTER(nlocals)
CODE_INT_GETTER(stacksize)
CODE_INT_GETTER(firstlineno)

static const TlGetSetDef code_getsets[] = {
    {"co_name", get_name, NULL},
    {"co_qualname", get_qualname, NULL},
    {"co_filename", get_filename, NULL},
    {"co_consts", get_consts, NULL},
    {"co_names", get_names, NULL},
    {"co_varnames", get_varnames, NULL},
    {"co_cellvars", get_cellvars, NULL},
    {"co_freevars", get_freevars, NULL},
    {"co_argcount", get_argcount, NULL},
    {"co_posonlyargcount", get_posonlyargcount, NULL},
    {"co_kwonlyargcount", get_kwonlyargcount, NULL},
    {"co_nlocals", get_nlocals, NULL},
    {"co_stacksize", get_stacksize, NULL},
    {"co_firstlineno", get_firstlineno, NULL},
    {"co_flags", get_flags, NULL},
    {NULL, NULL, NULL},
};

TlType tl_code_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "code",
    .size = sizeof(TlCode),
    .mark = code_mark,
    .repr = code_repr,
    .getsets = code_getsets,
};

void tl_code_init(TlThread *th)
{
    tl_type_ready(th, &tl_code_type);
}

/* ------------------------------------------------------------ disassembler */

static void put_repr(TlThread *th, TlVal v, FILE *out)
{
    TlVal r = tl_repr(th, v);
    if (r) {
        fputs(tl_cstr(r), out);
    } else {
        tl_exc_clear(th);
        fputs("<?>", out);
    }
}

static TlVal tuple_item(TlVal t, uint32_t i)
{
    return i < TL_TUPLE(t)->len ? TL_TUPLE(t)->items[i] : TL_NULL;
}

static bool is_jump(TlOpcode op)
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

/* The name of cell-region slot i (cellvars, then freevars). */
static TlVal cell_name(TlCode *co, uint32_t i)
{
    if (i < (uint32_t)co->ncells)
        return tuple_item(co->cellvars, i);
    return tuple_item(co->freevars, i - (uint32_t)co->ncells);
}

static void dis_arg(TlThread *th, TlCode *co, TlOpcode op, uint32_t arg, FILE *out)
{
    static const char *const binops[] = {"+", "-", "*", "@", "/", "//", "%",
                                         "**", "<<", ">>", "&", "|", "^"};
    static const char *const cmps[] = {"<", "<=", "==", "!=", ">", ">="};
    TlVal v = TL_NULL;
    switch (op) {
    case OP_LOAD_CONST: case OP_KW_NAMES:
        v = tuple_item(co->consts, arg);
        break;
    case OP_LOAD_FAST: case OP_STORE_FAST: case OP_DELETE_FAST:
        v = tuple_item(co->varnames, arg);
        break;
    case OP_LOAD_DEREF: case OP_STORE_DEREF: case OP_DELETE_DEREF:
    case OP_LOAD_CLOSURE: case OP_LOAD_CLASSDEREF:
        v = cell_name(co, arg);
        break;
    case OP_LOAD_NAME: case OP_STORE_NAME: case OP_DELETE_NAME:
    case OP_LOAD_GLOBAL: case OP_STORE_GLOBAL: case OP_DELETE_GLOBAL:
    case OP_LOAD_ATTR: case OP_STORE_ATTR: case OP_DELETE_ATTR:
    case OP_LOAD_METHOD: case OP_IMPORT_NAME: case OP_IMPORT_FROM:
        fprintf(out, " (%s)", tuple_item(co->names, arg) ? tl_cstr(tuple_item(co->names, arg)) : "?");
        return;
    case OP_BINARY_OP:
        if ((arg & 15) < sizeof binops / sizeof binops[0])
            fprintf(out, " (%s%s)", binops[arg & 15], (arg & TL_INPLACE) ? "=" : "");
        return;
    case OP_COMPARE_OP:
        if (arg < 6)
            fprintf(out, " (%s)", cmps[arg]);
        return;
    default:
        if (is_jump(op))
            fprintf(out, " (to %" PRIu32 ")", arg);
        return;
    }
    if (v) {
        fputs(" (", out);
        put_repr(th, v, out);
        fputc(')', out);
    }
}

/* Which words are jump or handler targets (marked >> in the listing). */
static bool *jump_targets(TlCode *co)
{
    bool *t = calloc(co->ncode + 1, sizeof *t);
    if (!t)
        return NULL;
    for (uint32_t i = 0; i < co->ncode; i += 1 + tl_op_cache[TL_OPCODE(co->code[i])])
        if (is_jump(TL_OPCODE(co->code[i])) && TL_OPARG(co->code[i]) <= co->ncode)
            t[TL_OPARG(co->code[i])] = true;
    for (uint32_t i = 0; i < co->nexc; i++)
        if (co->exctab[i].handler <= co->ncode)
            t[co->exctab[i].handler] = true;
    return t;
}

void tl_dis(TlThread *th, TlVal code, FILE *out)
{
    TlCode *co = TL_CODE(code);
    fprintf(out, "Disassembly of %s (%s, line %d): stack %d, locals %d\n",
            tl_cstr(co->qualname), tl_cstr(co->filename), (int)co->firstlineno,
            (int)co->stacksize, (int)co->nlocals);
    const char *labels[] = {"varnames", "cellvars", "freevars"};
    TlVal tuples[] = {co->varnames, co->cellvars, co->freevars};
    for (int k = 0; k < 3; k++) {
        if (!TL_TUPLE(tuples[k])->len)
            continue;
        fprintf(out, "  %s: ", labels[k]);
        put_repr(th, tuples[k], out);
        fputc('\n', out);
    }
    fprintf(out, "  args %d posonly %d kwonly %d flags 0x%x\n", (int)co->argcount,
            (int)co->posonlyargcount, (int)co->kwonlyargcount, (unsigned)co->flags);
    int32_t line = -1;
    bool *targets = jump_targets(co);
    for (uint32_t i = 0; i < co->ncode; i += 1 + tl_op_cache[TL_OPCODE(co->code[i])]) {
        uint32_t w = co->code[i];
        TlOpcode op = TL_OPCODE(w);
        if (co->pos[i].line != line) {
            line = co->pos[i].line;
            fprintf(out, "%s%4d ", i ? "\n" : "", (int)line);
        } else {
            fputs("     ", out);
        }
        fprintf(out, "%s %5" PRIu32 " %-22s", targets && targets[i] ? ">>" : "  ", i,
                op < OP_COUNT_ ? tl_op_names[op] : "???");
        if (op >= OP_COUNT_) {
            fputc('\n', out);
            continue;
        }
        fprintf(out, " %-4" PRIu32, TL_OPARG(w));
        dis_arg(th, co, op, TL_OPARG(w), out);
        fprintf(out, "   [%d:%d-%d:%d]\n", (int)co->pos[i].line, (int)co->pos[i].col,
                (int)co->pos[i].end_line, (int)co->pos[i].end_col);
    }
    free(targets);
    if (co->nexc) {
        fputs("ExceptionTable:\n", out);
        for (uint32_t i = 0; i < co->nexc; i++) {
            TlExcEntry *e = &co->exctab[i];
            fprintf(out, "  %" PRIu32 " to %" PRIu32 " -> %" PRIu32 " [%u]%s\n",
                    e->start, e->end, e->handler, (unsigned)e->depth,
                    e->lasti ? " lasti" : "");
        }
    }
    fputc('\n', out);
    for (size_t i = 0; i < TL_TUPLE(co->consts)->len; i++) {
        TlVal c = TL_TUPLE(co->consts)->items[i];
        if (tl_is_exact(c, &tl_code_type))
            tl_dis(th, c, out);
    }
}
