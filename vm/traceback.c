/*
 * traceback.c -- traceback objects, printing uncaught exceptions exactly as
 * CPython 3.11 does, and running a program as __main__.
 *
 * A traceback entry records only the code object, the globals (and the
 * locals mapping of module/class/exec code) and the index of the
 * instruction that was executing: frames are reused as soon as they return,
 * so entries never point at them.  tb_frame is therefore a lightweight
 * snapshot ("frame-lite"): f_code, f_globals, f_lineno of that instruction,
 * f_locals (the locals mapping, or an empty dict for function frames, whose
 * fast locals are gone) and f_back, which follows the traceback chain
 * outwards: each entry remembers the entry that was prepended for its
 * caller.  Line numbers and the caret ranges come from the code object's
 * position table (TlPos), and source lines from the code's `source` text.
 *
 * The caret line follows CPython 3.11 (traceback.py / Python/traceback.c):
 * `^` under the instruction's column range, elided when it covers the whole
 * stripped line; when the range is a binary operation or a subscript, the
 * operator (or the brackets) get `^` and the operands `~`.  CPython finds
 * those anchors by parsing the segment with the ast module; a small
 * tokenizer that recognises exactly those two expression shapes does the
 * same job here.
 */
#include <stdio.h>
#include <string.h>

#include "frame.h"

/* ---------------------------------------------------------- tracebacks */

typedef struct TlTraceback {
    TlObj ob;
    TlVal next;                  /* traceback or TL_NULL */
    TlVal prev;                  /* the caller's entry (f_back) or TL_NULL */
    TlVal code;
    TlVal globals;
    TlVal locals;                /* the frame's locals mapping or TL_NULL */
    TlVal frame;                 /* tb_frame, made once so it keeps its identity */
    uint32_t instr;
} TlTraceback;

typedef struct TlFrameInfo {
    TlObj ob;
    TlVal code;
    TlVal globals;
    TlVal locals;                /* mapping or TL_NULL (f_locals: empty dict) */
    TlVal tb;                    /* entry it was made from (f_back) or TL_NULL */
    uint32_t instr;
} TlFrameInfo;

#define TL_TB(v) ((TlTraceback *)tl_obj(v))

int tl_tb_add(TlThread *th, TlVal exc, TlFrame *f)
{
    if (!exc || !tl_is_exc(exc))
        return 0;
    TlTraceback *tb = tl_alloc(th, &tl_traceback_type, sizeof(TlTraceback));
    if (!tb)
        return -1;
    TlVal old = TL_EXC(exc)->traceback;
    tb->next = old && old != TL_NONE ? old : TL_NULL;
    if (tb->next)
        TL_TB(tb->next)->prev = tl_val(tb);   /* unwinding reached the caller */
    tb->code = tl_val(f->code);
    tb->globals = f->globals;
    tb->locals = f->locals;
    tb->instr = (uint32_t)(f->instr - f->code->code);
    TL_EXC(exc)->traceback = tl_val(tb);
    return 0;
}

static void tb_mark(TlGC *gc, TlObj *o)
{
    TlTraceback *tb = (TlTraceback *)o;
    TlVal refs[] = {tb->next, tb->prev, tb->code, tb->globals, tb->locals, tb->frame};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        if (refs[i])
            tl_mark(gc, refs[i]);
}

static TlVal tb_next(TlThread *th, TlVal self)
{
    (void)th;
    return TL_TB(self)->next ? TL_TB(self)->next : TL_NONE;
}

static int tb_set_next(TlThread *th, TlVal self, TlVal v)
{
    if (!v || (v != TL_NONE && !tl_is_exact(v, &tl_traceback_type))) {
        tl_raise(th, &tl_TypeError, "expected traceback object or None, got '%s'",
                 v ? tl_type_name(v) : "NULL");
        return -1;
    }
    for (TlVal p = v; p != TL_NONE && p; p = TL_TB(p)->next)
        if (p == self) {
            tl_raise(th, &tl_ValueError, "traceback loop detected");
            return -1;
        }
    TL_TB(self)->next = v == TL_NONE ? TL_NULL : v;
    return 0;
}

static TlVal tb_lineno(TlThread *th, TlVal self)
{
    (void)th;
    TlTraceback *tb = TL_TB(self);
    return tl_mksmall(tl_code_line(TL_CODE(tb->code), tb->instr));
}

static TlVal tb_lasti(TlThread *th, TlVal self)
{
    (void)th;
    return tl_mksmall((intptr_t)TL_TB(self)->instr * 2);
}

static TlVal frameinfo_make(TlThread *th, TlVal code, TlVal globals, TlVal locals,
                            uint32_t instr)
{
    TlFrameInfo *fi = tl_alloc(th, &tl_frameinfo_type, sizeof(TlFrameInfo));
    if (!fi)
        return TL_NULL;
    fi->code = code;
    fi->globals = globals;
    fi->locals = locals;
    fi->instr = instr;
    return tl_val(fi);
}

static TlVal tb_frame(TlThread *th, TlVal self)
{
    TlTraceback *tb = TL_TB(self);
    if (!tb->frame) {
        tb->frame = frameinfo_make(th, tb->code, tb->globals, tb->locals, tb->instr);
        if (!tb->frame)
            return TL_NULL;
        ((TlFrameInfo *)tl_obj(tb->frame))->tb = self;
    }
    return tb->frame;
}

static const TlGetSetDef tb_getsets[] = {
    {"tb_next", tb_next, tb_set_next},
    {"tb_lineno", tb_lineno, NULL},
    {"tb_lasti", tb_lasti, NULL},
    {"tb_frame", tb_frame, NULL},
    {NULL, NULL, NULL},
};

TlType tl_traceback_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "traceback",
    .size = sizeof(TlTraceback),
    .mark = tb_mark,
    .getsets = tb_getsets,
};

/* ------------------------------------------------- frame-lite objects */

TlVal tl_frameinfo_new(TlThread *th, TlFrame *f)
{
    return frameinfo_make(th, tl_val(f->code), f->globals, f->locals,
                          (uint32_t)(f->instr - f->code->code));
}

static void fi_mark(TlGC *gc, TlObj *o)
{
    TlFrameInfo *fi = (TlFrameInfo *)o;
    tl_mark(gc, fi->code);
    tl_mark(gc, fi->globals);
    if (fi->locals)
        tl_mark(gc, fi->locals);
    if (fi->tb)
        tl_mark(gc, fi->tb);
}

static TlVal fi_code(TlThread *th, TlVal self)
{
    (void)th;
    return ((TlFrameInfo *)tl_obj(self))->code;
}

static TlVal fi_globals(TlThread *th, TlVal self)
{
    (void)th;
    return ((TlFrameInfo *)tl_obj(self))->globals;
}

static TlVal fi_lineno(TlThread *th, TlVal self)
{
    (void)th;
    TlFrameInfo *fi = (TlFrameInfo *)tl_obj(self);
    return tl_mksmall(tl_code_line(TL_CODE(fi->code), fi->instr));
}

static TlVal fi_locals(TlThread *th, TlVal self)
{
    TlFrameInfo *fi = (TlFrameInfo *)tl_obj(self);
    return fi->locals ? fi->locals : tl_dict_new(th);
}

static TlVal fi_back(TlThread *th, TlVal self)
{
    TlFrameInfo *fi = (TlFrameInfo *)tl_obj(self);
    TlVal caller = fi->tb ? TL_TB(fi->tb)->prev : TL_NULL;
    return caller ? tb_frame(th, caller) : TL_NONE;
}

static TlVal fi_repr(TlThread *th, TlVal self)
{
    TlFrameInfo *fi = (TlFrameInfo *)tl_obj(self);
    TlCode *co = TL_CODE(fi->code);
    char addr[32];
    snprintf(addr, sizeof addr, "%p", (void *)tl_obj(self));
    return tl_str_fmt(th, "<frame at %s, file %R, line %d, code %S>", addr, co->filename,
                      tl_code_line(co, fi->instr), co->name);
}

static const TlGetSetDef fi_getsets[] = {
    {"f_code", fi_code, NULL},
    {"f_globals", fi_globals, NULL},
    {"f_lineno", fi_lineno, NULL},
    {"f_locals", fi_locals, NULL},
    {"f_back", fi_back, NULL},
    {NULL, NULL, NULL},
};

TlType tl_frameinfo_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "frame",
    .size = sizeof(TlFrameInfo),
    .mark = fi_mark,
    .repr = fi_repr,
    .getsets = fi_getsets,
};

/* ------------------------------------------------------- caret anchors */

typedef struct Tok {
    int start, end;              /* byte offsets in the segment */
    char kind;                   /* 'n' name, '1' number, 's' string, 'o' operator */
    int depth;                   /* bracket depth before the token */
} Tok;

#define MAX_TOKS 256

static bool is_ident(unsigned char c)
{
    return c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static bool tok_is(const char *s, const Tok *t, const char *text)
{
    size_t n = strlen(text);
    return (size_t)(t->end - t->start) == n && memcmp(s + t->start, text, n) == 0;
}

/* Tokenize; -1 when it is not a well-formed single-line expression. */
static int tokenize(const char *s, int len, Tok *toks)
{
    static const char *const ops3[] = {"**=", "//=", ">>=", "<<=", "..."};
    static const char *const ops2[] = {"**", "//", "<<", ">>", "<=", ">=", "==", "!=",
                                       "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=",
                                       "|=", "^=", "@="};
    int n = 0, depth = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\f') {
            i++;
            continue;
        }
        if (c == '#' || c == '\\' || c == '\n' || c == '\r' || n >= MAX_TOKS)
            return -1;
        Tok *t = &toks[n];
        t->start = i;
        t->depth = depth;
        if (c == '"' || c == '\'' || (is_ident(c) && !(c >= '0' && c <= '9'))) {
            int j = i;
            while (j < len && is_ident((unsigned char)s[j]))
                j++;
            if (j < len && (s[j] == '"' || s[j] == '\'') && j - i <= 2) {
                char q = s[j];
                int k = j + 1;
                bool triple = k + 1 < len && s[k] == q && s[k + 1] == q;
                if (triple)
                    k += 2;
                for (;; k++) {
                    if (k >= len)
                        return -1;
                    if (s[k] == '\\') {
                        k++;
                        continue;
                    }
                    if (s[k] == q && (!triple || (k + 2 < len && s[k + 1] == q && s[k + 2] == q)))
                        break;
                }
                t->end = k + (triple ? 3 : 1);
                t->kind = 's';
            } else {
                t->end = j;
                t->kind = 'n';
            }
        } else if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < len && s[i + 1] >= '0' &&
                                              s[i + 1] <= '9')) {
            int j = i + 1;
            while (j < len && (is_ident((unsigned char)s[j]) || s[j] == '.' ||
                               ((s[j] == '+' || s[j] == '-') && (s[j - 1] == 'e' || s[j - 1] == 'E'))))
                j++;
            t->end = j;
            t->kind = '1';
        } else {
            int w = 1;
            for (size_t k = 0; k < sizeof ops3 / sizeof ops3[0] && w == 1; k++)
                if (i + 3 <= len && memcmp(s + i, ops3[k], 3) == 0)
                    w = 3;
            for (size_t k = 0; k < sizeof ops2 / sizeof ops2[0] && w == 1; k++)
                if (i + 2 <= len && memcmp(s + i, ops2[k], 2) == 0)
                    w = 2;
            if (w == 1 && !strchr("+-*/%@&|^~<>()[]{},:.;=!", c))
                return -1;
            t->end = i + w;
            t->kind = 'o';
            if (c == '(' || c == '[' || c == '{')
                depth++;
            else if (c == ')' || c == ']' || c == '}') {
                if (--depth < 0)
                    return -1;
                t->depth = depth;
            }
        }
        i = t->end;
        n++;
    }
    return depth == 0 ? n : -1;
}

static bool is_keyword(const char *s, const Tok *t)
{
    static const char *const kws[] = {
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
        "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield"};
    if (t->kind != 'n')
        return false;
    for (size_t k = 0; k < sizeof kws / sizeof kws[0]; k++)
        if (tok_is(s, t, kws[k]))
            return true;
    return false;
}

/* Does token t end an operand (so a following + or - is binary)? */
static bool ends_operand(const char *s, const Tok *t)
{
    if (t->kind == 'o')
        return tok_is(s, t, ")") || tok_is(s, t, "]") || tok_is(s, t, "}");
    return !is_keyword(s, t);
}

static int binop_prec(const char *s, const Tok *t)
{
    static const struct { const char *op; int prec; } tab[] = {
        {"|", 1}, {"^", 2}, {"&", 3}, {"<<", 4}, {">>", 4}, {"+", 5}, {"-", 5},
        {"*", 6}, {"/", 6}, {"//", 6}, {"%", 6}, {"@", 6}, {"**", 8}};
    for (size_t k = 0; k < sizeof tab / sizeof tab[0]; k++)
        if (tok_is(s, t, tab[k].op))
            return tab[k].prec;
    return 0;
}

static int match_close(const Tok *toks, int i, int hi)
{
    for (int j = i + 1; j < hi; j++)
        if (toks[j].depth == toks[i].depth && toks[j].kind == 'o')
            return j;
    return -1;
}

/* Node range of tokens [lo, hi): parentheses around a non-tuple expression
 * are not part of the node (CPython's positions). */
static void node_range(const char *s, const Tok *toks, int lo, int hi, int *start, int *end)
{
    while (hi - lo >= 3 && tok_is(s, &toks[lo], "(") && match_close(toks, lo, hi) == hi - 1) {
        bool tuple = false;
        for (int j = lo + 1; j < hi - 1; j++)
            if (toks[j].depth == toks[lo].depth + 1 &&
                (tok_is(s, &toks[j], ",") || tok_is(s, &toks[j], "for")))
                tuple = true;
        if (tuple)
            break;
        lo++;
        hi--;
    }
    *start = toks[lo].start;
    *end = toks[hi - 1].end;
}

static bool isspace_c(char c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == '\v';
}

/* CPython's _extract_caret_anchors_from_line_segment: byte offsets in the
 * segment, false when the segment is neither a BinOp nor a Subscript. */
static bool caret_anchors(const char *s, int len, int *left, int *right)
{
    Tok toks[MAX_TOKS];
    int n = tokenize(s, len, toks);
    if (n <= 0)
        return false;
    int best = -1, bestprec = 99;
    for (int i = 0; i < n; i++) {
        const Tok *t = &toks[i];
        if (t->depth != 0)
            continue;
        if (is_keyword(s, t) || tok_is(s, t, ",") || tok_is(s, t, "=") || tok_is(s, t, ":") ||
            tok_is(s, t, ":=") || tok_is(s, t, ";") || tok_is(s, t, "<") ||
            tok_is(s, t, ">") || tok_is(s, t, "<=") || tok_is(s, t, ">=") ||
            tok_is(s, t, "==") || tok_is(s, t, "!=") || (t->kind == 'o' && t->end - t->start >= 2 &&
                                                         s[t->end - 1] == '=' && !tok_is(s, t, "==")))
            return false;
        int p = t->kind == 'o' ? binop_prec(s, t) : 0;
        if (!p || i == 0 || !ends_operand(s, &toks[i - 1]))
            continue;
        if (p < bestprec || (p == bestprec && p != 8))
            best = i, bestprec = p;
    }
    bool unary_first = toks[0].kind == 'o' && (tok_is(s, &toks[0], "-") ||
                                               tok_is(s, &toks[0], "+") || tok_is(s, &toks[0], "~"));
    if (best > 0 && best < n - 1) {
        if (unary_first && bestprec > 7)
            return false;
        int ls, le, rs, re;
        node_range(s, toks, 0, best, &ls, &le);
        node_range(s, toks, best + 1, n, &rs, &re);
        (void)ls, (void)re;
        const char *op = s + le;
        int oplen = rs - le, off = 0;
        while (off < oplen && isspace_c(op[off]))
            off++;
        int l = le + off, r = l + 1;
        if (off + 1 < oplen && !isspace_c(op[off + 1]))
            r++;
        while (l < len && (isspace_c(s[l]) || s[l] == ')' || s[l] == '#')) {
            l++;
            r++;
        }
        *left = l;
        *right = r;
        return true;
    }
    /* Subscript: value[slice] with nothing after the closing bracket. */
    if (unary_first || !tok_is(s, &toks[n - 1], "]"))
        return false;
    int open = -1;
    for (int i = n - 2; i >= 0; i--)
        if (toks[i].depth == 0 && tok_is(s, &toks[i], "[")) {
            open = i;
            break;
        }
    if (open <= 0 || open + 1 >= n - 1 || !ends_operand(s, &toks[open - 1]))
        return false;
    int vs, ve, ss, se;
    node_range(s, toks, 0, open, &vs, &ve);
    node_range(s, toks, open + 1, n - 1, &ss, &se);
    (void)vs, (void)ss;
    int l = ve, r = se + 1;
    while (l < len && s[l] != '[')
        l++;
    while (r < len && s[r] != ']')
        r++;
    if (r < len)
        r++;
    *left = l;
    *right = r;
    return true;
}

/* --------------------------------------------------------- formatting */

/* Characters in the first `bytes` bytes of UTF-8 text s. */
static int chars_in(const char *s, int bytes)
{
    int n = 0;
    for (int i = 0; i < bytes && s[i]; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            n++;
    return n;
}

/* Line `lineno` (1-based) of src: start and length without the newline. */
static bool source_line(TlVal src, int lineno, const char **line, int *len)
{
    if (!src || !tl_is_str(src) || lineno < 1)
        return false;
    const char *p = tl_cstr(src), *end = p + TL_STR(src)->len;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return false;
        p = nl + 1;
    }
    if (p >= end)
        return false;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    int n = (int)((nl ? nl : end) - p);
    if (n > 0 && p[n - 1] == '\r')
        n--;
    *line = p;
    *len = n;
    return true;
}

static void add_repeat(TlBuilder *b, int count)
{
    char buf[96];
    snprintf(buf, sizeof buf, "  [Previous line repeated %d more time%s]\n", count,
             count > 1 ? "s" : "");
    tl_sb_adds(b, buf);
}

static void format_carets(TlBuilder *b, const char *line, int len, const TlPos *pos)
{
    int lead = 0;
    while (lead < len && (line[lead] == ' ' || line[lead] == '\t' || line[lead] == '\f'))
        lead++;
    int tail = len;
    while (tail > lead && isspace_c(line[tail - 1]))
        tail--;
    int stripped = chars_in(line + lead, tail - lead);
    int col = pos->col < len ? pos->col : len;
    int ecol = pos->end_col < len ? pos->end_col : len;
    if (col < 0 || ecol < 0)
        return;
    int start = chars_in(line, col);
    int end = chars_in(line, ecol);
    int left = -1, right = -1;
    if (pos->line == pos->end_line) {
        int l, r;
        if (ecol > col && caret_anchors(line + col, ecol - col, &l, &r)) {
            left = chars_in(line + col, l);
            right = chars_in(line + col, r);
        }
    } else {
        end = chars_in(line, tail);
    }
    bool anchors = left >= 0 && right - left > 0;
    if (!(end - start < stripped || anchors))
        return;
    tl_sb_adds(b, "    ");
    for (int i = chars_in(line, lead); i < start; i++)
        tl_sb_addc(b, ' ');
    for (int i = 0; i < end - start; i++)
        tl_sb_addc(b, !anchors ? '^' : (i >= left && i < right) ? '^' : '~');
    tl_sb_addc(b, '\n');
}

/* CPython reads traceback lines through linecache, which has nothing for
 * pseudo-files named "<...>" ("<string>" of exec() and -c, "<stdin>", the
 * frozen modules): their entries print no source line, though the code
 * keeps its text. */
static bool pseudo_file(TlVal filename)
{
    size_t n = tl_is_str(filename) ? TL_STR(filename)->len : 0;
    return n && tl_cstr(filename)[0] == '<' && tl_cstr(filename)[n - 1] == '>';
}

static void format_entry(TlBuilder *b, TlCode *co, uint32_t instr)
{
    const TlPos *pos = co->pos && instr < co->ncode ? &co->pos[instr] : NULL;
    int lineno = tl_code_line(co, instr);
    char num[32];
    tl_sb_adds(b, "  File \"");
    tl_sb_addv(b, co->filename);
    snprintf(num, sizeof num, "\", line %d, in ", lineno);
    tl_sb_adds(b, num);
    tl_sb_addv(b, co->name);
    tl_sb_addc(b, '\n');
    const char *line;
    int len;
    if (pseudo_file(co->filename) || !source_line(co->source, lineno, &line, &len))
        return;
    int lead = 0, tail = len;
    while (lead < len && isspace_c(line[lead]))
        lead++;
    while (tail > lead && isspace_c(line[tail - 1]))
        tail--;
    if (tail == lead)
        return;
    tl_sb_adds(b, "    ");
    tl_sb_add(b, line + lead, (size_t)(tail - lead));
    tl_sb_addc(b, '\n');
    if (pos && pos->line == lineno && !(pos->col == 0 && pos->end_col == 0) &&
        pos->end_line >= pos->line)
        format_carets(b, line, len, pos);
}

static void format_tb(TlBuilder *b, TlVal tb)
{
    tl_sb_adds(b, "Traceback (most recent call last):\n");
    TlVal last_file = TL_NULL, last_name = TL_NULL;
    int last_line = -1, count = 0;
    for (; tb && tb != TL_NONE; tb = TL_TB(tb)->next) {
        TlCode *co = TL_CODE(TL_TB(tb)->code);
        uint32_t instr = TL_TB(tb)->instr;
        int line = tl_code_line(co, instr);
        bool same = last_file && tl_str_eq(last_file, co->filename) && last_line == line &&
                    tl_str_eq(last_name, co->name);
        if (!same) {
            if (count > 3)
                add_repeat(b, count - 3);
            last_file = co->filename;
            last_name = co->name;
            last_line = line;
            count = 0;
        }
        if (++count > 3)
            continue;
        format_entry(b, co, instr);
    }
    if (count > 3)
        add_repeat(b, count - 3);
}

static TlVal attr(TlThread *th, TlVal obj, const char *name)
{
    TlVal n = tl_intern_cstr(th, name);
    TlVal v = n ? tl_getattr_opt(th, obj, n) : TL_NULL;
    tl_exc_clear(th);
    return v;
}

/* "  File ..., line N" / text / carets for SyntaxError (traceback.py's
 * _format_syntax_error). */
static void format_syntax_error(TlThread *th, TlBuilder *b, TlVal exc, const char *tname)
{
    TlVal filename = attr(th, exc, "filename"), lineno = attr(th, exc, "lineno");
    TlVal text = attr(th, exc, "text"), offset = attr(th, exc, "offset");
    TlVal end_lineno = attr(th, exc, "end_lineno"), end_offset = attr(th, exc, "end_offset");
    TlVal msg = attr(th, exc, "msg");
    char num[48];
    bool has_file = filename && tl_is_str(filename);
    if (lineno && tl_is_small(lineno)) {
        tl_sb_adds(b, "  File \"");
        if (has_file)
            tl_sb_addv(b, filename);
        else
            tl_sb_adds(b, "<string>");
        snprintf(num, sizeof num, "\", line %ld\n", (long)tl_small(lineno));
        tl_sb_adds(b, num);
    }
    if (text && tl_is_str(text)) {
        const char *t = tl_cstr(text);
        int rlen = (int)TL_STR(text)->len;
        while (rlen > 0 && t[rlen - 1] == '\n')
            rlen--;
        int spaces = 0;
        while (spaces < rlen && (t[spaces] == ' ' || t[spaces] == '\n' || t[spaces] == '\f'))
            spaces++;
        tl_sb_adds(b, "    ");
        tl_sb_add(b, t + spaces, (size_t)(rlen - spaces));
        tl_sb_addc(b, '\n');
        if (offset && tl_is_small(offset)) {
            intptr_t off = tl_small(offset);
            intptr_t eoff = end_offset && tl_is_small(end_offset) && tl_small(end_offset)
                                ? tl_small(end_offset) : off;
            if (end_lineno && tl_is_small(end_lineno) && lineno && tl_is_small(lineno) &&
                tl_small(end_lineno) > tl_small(lineno))
                eoff = rlen + 1;
            /* Indentation errors get a single caret, as CPython draws them. */
            if (off == eoff || eoff == -1 ||
                tl_isinstance(th, exc, tl_val(&tl_IndentationError)) == 1)
                eoff = off + 1;
            intptr_t colno = chars_in(t, (int)(off - 1)) - spaces;
            intptr_t ecolno = chars_in(t, (int)(eoff - 1)) - spaces;
            if (off - 1 > rlen)
                colno = off - 1 - spaces;
            if (eoff - 1 > rlen)
                ecolno = eoff - 1 - spaces;
            if (colno >= 0) {
                tl_sb_adds(b, "    ");
                const char *lt = t + spaces;
                for (intptr_t i = 0, ci = 0; ci < colno; i++) {
                    if (lt + i >= t + rlen) {
                        tl_sb_addc(b, ' ');
                        ci++;
                        continue;
                    }
                    if (((unsigned char)lt[i] & 0xc0) == 0x80)
                        continue;
                    tl_sb_addc(b, isspace_c(lt[i]) ? lt[i] : ' ');
                    ci++;
                }
                for (intptr_t i = colno; i < ecolno; i++)
                    tl_sb_addc(b, '^');
                tl_sb_addc(b, '\n');
            }
        }
    }
    tl_sb_adds(b, tname);
    tl_sb_adds(b, ": ");
    if (msg && tl_is_str(msg))
        tl_sb_addv(b, msg);
    else
        tl_sb_adds(b, "<no detail available>");
    if (!(lineno && tl_is_small(lineno)) && has_file) {
        tl_sb_adds(b, " (");
        tl_sb_addv(b, filename);
        tl_sb_addc(b, ')');
    }
    tl_sb_addc(b, '\n');
}

/* ---------------------------------------------------------- suggestions */

/* "Did you mean" for NameError and AttributeError, with CPython 3.11's
 * costs (Python/suggestions.c): a case change costs 1, any other edit 2,
 * and at most a third of the characters may change. */
#define MOVE_COST 2
#define CASE_COST 1
#define MAX_STRING 40
#define MAX_CANDIDATES 750

static size_t subst_cost(char a, char b)
{
    if ((a & 31) != (b & 31))
        return MOVE_COST;
    if (a == b)
        return 0;
    if (a >= 'A' && a <= 'Z')
        a += 'a' - 'A';
    if (b >= 'A' && b <= 'Z')
        b += 'a' - 'A';
    return a == b ? CASE_COST : MOVE_COST;
}

static size_t levenshtein(const char *a, size_t an, const char *b, size_t bn, size_t max)
{
    size_t row[MAX_STRING];
    if (a == b)
        return 0;
    while (an && bn && a[0] == b[0])
        a++, b++, an--, bn--;
    while (an && bn && a[an - 1] == b[bn - 1])
        an--, bn--;
    if (!an || !bn)
        return (an + bn) * MOVE_COST;
    if (an > MAX_STRING || bn > MAX_STRING)
        return max + 1;
    if (bn < an) {
        const char *t = a;
        a = b, b = t;
        size_t tn = an;
        an = bn, bn = tn;
    }
    if ((bn - an) * MOVE_COST > max)
        return max + 1;
    for (size_t i = 0; i < an; i++)
        row[i] = (i + 1) * MOVE_COST;
    size_t result = 0;
    for (size_t bi = 0; bi < bn; bi++) {
        size_t dist = result = bi * MOVE_COST, minimum = SIZE_MAX;
        for (size_t i = 0; i < an; i++) {
            size_t sub = dist + subst_cost(b[bi], a[i]);
            dist = row[i];
            size_t ins = (result < dist ? result : dist) + MOVE_COST;
            result = ins < sub ? ins : sub;
            row[i] = result;
            if (result < minimum)
                minimum = result;
        }
        if (minimum > max)
            return max + 1;
    }
    return result;
}

/* Best candidate among n names (str values) or TL_NULL. */
static TlVal best_match(TlVal name, const TlVal *cands, size_t n)
{
    if (n >= MAX_CANDIDATES)
        return TL_NULL;
    size_t best_dist = SIZE_MAX;
    TlVal best = TL_NULL;
    const char *ns = tl_cstr(name);
    size_t nl = TL_STR(name)->len;
    for (size_t i = 0; i < n; i++) {
        if (!tl_is_str(cands[i]) || tl_str_eq(cands[i], name))
            continue;
        size_t il = TL_STR(cands[i])->len;
        size_t max = (nl + il + 3) * MOVE_COST / 6;
        if (best_dist - 1 < max)
            max = best_dist - 1;
        size_t d = levenshtein(ns, nl, tl_cstr(cands[i]), il, max);
        if (d > max)
            continue;
        if (!best || d < best_dist) {
            best = cands[i];
            best_dist = d;
        }
    }
    return best;
}

static TlVal best_in_dict(TlVal name, TlVal d)
{
    if (!d || !tl_is_dict(d) || tl_dict_len(d) >= MAX_CANDIDATES)
        return TL_NULL;
    TlVal keys[MAX_CANDIDATES];
    size_t pos = 0, n = 0;
    TlVal k, v;
    while (n < MAX_CANDIDATES && tl_dict_next(d, &pos, &k, &v))
        keys[n++] = k;
    return best_match(name, keys, n);
}

static TlVal suggestion(TlThread *th, TlVal exc)
{
    TlVal name = attr(th, exc, "name");
    if (!name || !tl_is_str(name))
        return TL_NULL;
    if (tl_subtype(tl_type(exc), &tl_NameError)) {
        TlVal tb = TL_EXC(exc)->traceback;
        if (!tb || tb == TL_NONE)
            return TL_NULL;
        while (TL_TB(tb)->next)
            tb = TL_TB(tb)->next;
        TlCode *co = TL_CODE(TL_TB(tb)->code);
        TlVal s = best_match(name, TL_TUPLE(co->varnames)->items, TL_TUPLE(co->varnames)->len);
        if (!s)
            s = best_in_dict(name, TL_TB(tb)->globals);
        if (!s)
            s = best_in_dict(name, th->vm->builtins);
        return s;
    }
    TlVal obj = attr(th, exc, "obj");
    TlVal dirf = tl_dict_get_cstr(th, th->vm->builtins, "dir");
    if (!obj || !dirf)
        return TL_NULL;
    TlVal list = tl_call1(th, dirf, obj);
    if (!list || !tl_is_list(list) || tl_list_sort(th, list, TL_NULL, false) < 0) {
        tl_exc_clear(th);
        return TL_NULL;
    }
    return best_match(name, TL_LIST(list)->items, TL_LIST(list)->len);
}

/* "pkg.mod.Name: message", with the "Did you mean" hint when `hints`: in
 * 3.11 only the interpreter's own printer adds it, not the traceback
 * module (nor threading.excepthook, which uses it). */
static void format_exc_only(TlThread *th, TlBuilder *b, TlVal exc, bool hints)
{
    TlType *t = tl_type(exc);
    bool heap = (t->flags & TL_TF_HEAP) != 0;
    TlVal mod = heap ? tl_dict_get_str(t->dict, TLN(__module__)) : t->module;
    TlVal qual = t->qualname ? t->qualname : t->name;
    TlBuilder nb;                /* malloc'd: works when the heap is full */
    tl_sb_init(&nb);
    if (heap && (!mod || !tl_is_str(mod))) {
        tl_sb_adds(&nb, "<unknown>.");
    } else if (mod && tl_is_str(mod) && strcmp(tl_cstr(mod), "builtins") != 0 &&
               strcmp(tl_cstr(mod), "__main__") != 0) {
        tl_sb_addv(&nb, mod);
        tl_sb_addc(&nb, '.');
    }
    if (qual && tl_is_str(qual))
        tl_sb_addv(&nb, qual);
    else
        tl_sb_adds(&nb, t->cname ? t->cname : "?");
    tl_sb_addc(&nb, 0);
    if (nb.oom) {
        tl_sb_free(&nb);
        return;
    }
    if (tl_subtype(t, &tl_SyntaxError)) {
        format_syntax_error(th, b, exc, nb.p);
        tl_sb_free(&nb);
        return;
    }
    tl_sb_adds(b, nb.p);
    tl_sb_free(&nb);
    TlVal s = tl_str(th, exc);
    if (!s) {
        tl_exc_clear(th);
        tl_sb_adds(b, ": <exception str() failed>\n");
        return;
    }
    if (tl_is_str(s) && TL_STR(s)->len) {
        tl_sb_adds(b, ": ");
        tl_sb_addv(b, s);
    }
    if (hints && (tl_subtype(t, &tl_NameError) || tl_subtype(t, &tl_AttributeError))) {
        TlVal hint = suggestion(th, exc);
        if (hint) {
            tl_sb_adds(b, ". Did you mean: '");
            tl_sb_addv(b, hint);
            tl_sb_adds(b, "'?");
        }
    }
    tl_sb_addc(b, '\n');
}

#define MAX_CHAIN 64

static void format_chain(TlThread *th, TlBuilder *b, TlVal exc, TlVal *seen, int *nseen,
                         bool hints)
{
    if (*nseen >= MAX_CHAIN)
        return;
    seen[(*nseen)++] = exc;
    TlExc *e = TL_EXC(exc);
    TlVal cause = e->cause, ctx = e->context;
    bool cause_ok = cause && cause != TL_NONE && tl_is_exc(cause);
    bool ctx_ok = ctx && ctx != TL_NONE && tl_is_exc(ctx) && !e->suppress_context;
    for (int i = 0; i < *nseen; i++) {
        if (seen[i] == cause)
            cause_ok = false;
        if (seen[i] == ctx)
            ctx_ok = false;
    }
    if (cause_ok) {
        format_chain(th, b, cause, seen, nseen, hints);
        tl_sb_adds(b, "\nThe above exception was the direct cause of the following exception:\n\n");
    } else if (ctx_ok) {
        format_chain(th, b, ctx, seen, nseen, hints);
        tl_sb_adds(b, "\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    if (e->traceback && e->traceback != TL_NONE)
        format_tb(b, e->traceback);
    format_exc_only(th, b, exc, hints);
}

/* The whole report into b.  It lives in malloc'd memory, so an exception
 * that exhausted the heap (MemoryError) can still be printed. */
static void format_report(TlThread *th, TlBuilder *b, TlVal exc, bool hints)
{
    if (exc && tl_is_exc(exc)) {
        TlVal seen[MAX_CHAIN];
        int nseen = 0;
        uint32_t mark = tl_roots_mark(th);
        tl_root(th, exc);
        format_chain(th, b, exc, seen, &nseen, hints);
        tl_roots_reset(th, mark);
    } else if (exc) {
        TlVal r = tl_repr(th, exc);
        tl_exc_clear(th);
        if (r)
            tl_sb_addv(b, r);
        tl_sb_addc(b, '\n');
    }
}

TlVal tl_format_exception_only(TlThread *th, TlVal exc)
{
    TlBuilder b;
    tl_sb_init(&b);
    format_exc_only(th, &b, exc, false);
    return tl_sb_finish(th, &b);
}

TlVal tl_format_exception(TlThread *th, TlVal exc)
{
    TlBuilder b;
    tl_sb_init(&b);
    format_report(th, &b, exc, false);
    return tl_sb_finish(th, &b);
}

void tl_print_exception(TlThread *th, TlVal exc)
{
    TlVal saved = th->exc;
    th->exc = TL_NULL;
    TlBuilder b;
    tl_sb_init(&b);
    format_report(th, &b, exc, true);
    if (b.p)
        tl_write(th, 2, b.p, b.len);
    tl_sb_free(&b);
    tl_exc_clear(th);
    th->exc = saved;
    tl_flush(th);
}

/* ---------------------------------------------------------- main program */

int tl_exit_status(TlThread *th, TlVal exc)
{
    tl_flush(th);
    if (!exc)
        return 0;
    if (!tl_is_exc(exc) || !tl_subtype(tl_type(exc), &tl_SystemExit)) {
        tl_print_exception(th, exc);
        return 1;
    }
    TlVal code = tl_getattr_opt(th, exc, TLN(code));
    tl_exc_clear(th);
    if (!code || code == TL_NONE)
        return 0;
    if (tl_is_int(code)) {
        int64_t v;
        if (tl_int_to_i64(th, code, &v) == 0)
            return (int)v;
        tl_exc_clear(th);
        return 1;
    }
    TlVal s = tl_str(th, code);
    if (s) {
        tl_write(th, 2, tl_cstr(s), TL_STR(s)->len);
        tl_write(th, 2, "\n", 1);
    }
    tl_exc_clear(th);
    tl_flush(th);
    return 1;
}

int tl_run_main(TlThread *th, const char *src, size_t n, const char *filename)
{
    int status;
    TlVal code = tl_compile(th, src, n, filename, TL_MODE_EXEC, NULL);
    TlVal mod = code ? tl_main_module(th) : TL_NULL;
    if (mod) {
        TlVal g = ((TlModule *)tl_obj(mod))->dict;
        TlVal fname = tl_str_cstr(th, filename);
        if (fname && !tl_dict_get_str(g, TLN(__file__)))
            tl_dict_set(th, g, TLN(__file__), fname);
        if (!th->exc)
            tl_exec(th, code, g, g);
    }
    status = th->exc ? tl_exit_status(th, tl_exc_fetch(th)) : 0;
    th->vm->exit_status = status;
    /* At exit CPython closes the generators it is dropping: collect and
     * close the abandoned ones (again while closing them abandons more). */
    if (th->vm->genreg)
        for (int round = 0; round < 8; round++)
            if (tl_gc_collect(th), !tl_gen_run_pending(th))
                break;
    tl_flush(th);
    return status;
}
