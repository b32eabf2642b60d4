/*
** lex.c -- the tokenizer: UTF-8 source text to Python tokens.
**
** It follows CPython 3.11's tokenizer closely, because the error messages
** and positions users see come from there: indentation is tracked with a
** stack (tabs to multiples of 8, plus a tab-size-1 shadow stack to detect
** TabError), newlines inside brackets are dropped, blank and comment-only
** lines produce no tokens, and the bracket stack both limits nesting to 200
** and names the unclosed bracket at EOF.  Like CPython, a string literal is
** one token (f-strings included); the parser splits f-strings itself.
** Literal decoding (numbers, escapes) lives here too since it is lexical.
**
** Everything is linear in the source length: the whole input is checked for
** UTF-8 validity and NUL bytes once up front, then scanned once.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lex.h"

/* ------------------------------------------------------------- errors */

/* Start of line number `lineno` (1-based) of the source. */
static const char *line_at(const TlLexer *lx, int lineno)
{
    const char *p = lx->src;
    for (int n = 1; n < lineno && p < lx->srcend; n++) {
        const char *q = memchr(p, '\n', (size_t)(lx->srcend - p));
        if (!q) return lx->srcend;
        p = q + 1;
    }
    return p;
}

/* CPython reports columns in characters: count UTF-8 lead bytes. */
static int char_col(const TlLexer *lx, int lineno, int bytecol)
{
    const char *p = line_at(lx, lineno);
    int n = 0;
    for (int i = 0; i < bytecol && p + i < lx->srcend; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80) n++;
    return n + 1;
}

void tl_lex_error(TlLexer *lx, TlSyntaxErrKind kind, int lineno, int col,
                  int end_lineno, int end_col, const char *fmt, ...)
{
    TlSyntaxErr *e = lx->err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->kind = kind;
    e->lineno = lineno;
    e->text[0] = 0;
    e->col = e->end_lineno = e->end_col = 0;
    if (lineno > 0) {
        const char *l = line_at(lx, lineno), *q = l;
        while (q < lx->srcend && *q != '\n') q++;
        size_t n = (size_t)(q - l) + (q < lx->srcend);
        if (n >= sizeof e->text) n = sizeof e->text - 1;
        memcpy(e->text, l, n);
        e->text[n] = 0;
        if (col >= 0) {
            if (end_lineno <= 0) { end_lineno = lineno; end_col = col; }
            e->col = char_col(lx, lineno, col);
            e->end_lineno = end_lineno;
            e->end_col = char_col(lx, end_lineno, end_col);
        }
    }
    longjmp(*lx->jb, 1);
}

/* Error at the current scan position (one character wide). */
#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void err_here(TlLexer *lx, const char *msg)
{
    int col = (int)(lx->p - lx->line_start);
    tl_lex_error(lx, TL_ERR_SYNTAX, lx->lineno, col, 0, 0, "%s", msg);
}

/* Errors caused by running out of input: the REPL should read more. */
static TlSyntaxErrKind eof_kind(const TlLexer *lx)
{
    return lx->interactive ? TL_ERR_INCOMPLETE : TL_ERR_SYNTAX;
}

/* --------------------------------------------------------- whole input */

/* Length of the valid UTF-8 sequence at p (0 if invalid). */
static int utf8_len(const unsigned char *p, const unsigned char *e)
{
    unsigned c = p[0];
    int n;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
    else return 0;
    if (e - p < n) return 0;
    unsigned cp = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

static unsigned utf8_decode(const unsigned char *p, int n)
{
    unsigned cp = p[0] & (n == 1 ? 0x7F : 0x7F >> n);
    for (int i = 1; i < n; i++) cp = cp << 6 | (p[i] & 0x3F);
    return cp;
}

static void check_source(TlLexer *lx)
{
    const unsigned char *p = (const unsigned char *)lx->src;
    const unsigned char *e = (const unsigned char *)lx->srcend;
    int line = 1;
    while (p < e) {
        if (*p == '\n') line++;
        if (*p == 0)
            tl_lex_error(lx, TL_ERR_SYNTAX, line, -1, 0, 0,
                         "source code cannot contain null bytes");
        int n = utf8_len(p, e);
        if (!n)
            tl_lex_error(lx, TL_ERR_SYNTAX, 0, -1, 0, 0,
                         "Non-UTF-8 code starting with '\\x%02x' in file "
                         "%s on line %d, but no encoding declared; see "
                         "https://peps.python.org/pep-0263/ for details",
                         *p, lx->filename, line);
        p += n;
    }
}

void tl_lex_init(TlLexer *lx, const char *src, size_t len,
                 const char *filename, TlSyntaxErr *err, jmp_buf *jb)
{
    memset(lx, 0, sizeof *lx);
    lx->src = lx->p = lx->line_start = src;
    lx->srcend = lx->end = src + len;
    lx->lineno = 1;
    lx->atbol = 1;
    lx->last = TK_NEWLINE;
    lx->filename = filename;
    lx->err = err;
    lx->jb = jb;
    /* skip a UTF-8 byte order mark, as CPython does */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        lx->p = lx->line_start = src + 3;
    check_source(lx);
}

void tl_lex_init_sub(TlLexer *lx, const TlLexer *parent, const char *start,
                     const char *end, int lineno, const char *line_start)
{
    memset(lx, 0, sizeof *lx);
    lx->src = parent->src;
    lx->srcend = parent->srcend;
    lx->p = start;
    lx->end = end;
    lx->line_start = line_start;
    lx->lineno = lineno;
    lx->sub = 1;
    lx->filename = parent->filename;
    lx->last = TK_LPAR;
    lx->err = parent->err;
    lx->jb = parent->jb;
    lx->interactive = parent->interactive;
}

/* ---------------------------------------------------------- spellings */

static const char *const spell[TK_NKINDS] = {
    [TK_LPAR] = "(", [TK_RPAR] = ")", [TK_LSQB] = "[", [TK_RSQB] = "]",
    [TK_LBRACE] = "{", [TK_RBRACE] = "}", [TK_COLON] = ":", [TK_COMMA] = ",",
    [TK_SEMI] = ";", [TK_PLUS] = "+", [TK_MINUS] = "-", [TK_STAR] = "*",
    [TK_SLASH] = "/", [TK_VBAR] = "|", [TK_AMPER] = "&", [TK_LESS] = "<",
    [TK_GREATER] = ">", [TK_EQUAL] = "=", [TK_DOT] = ".", [TK_PERCENT] = "%",
    [TK_EQEQUAL] = "==", [TK_NOTEQUAL] = "!=", [TK_LESSEQUAL] = "<=",
    [TK_GREATEREQUAL] = ">=", [TK_TILDE] = "~", [TK_CIRCUMFLEX] = "^",
    [TK_LEFTSHIFT] = "<<", [TK_RIGHTSHIFT] = ">>", [TK_DOUBLESTAR] = "**",
    [TK_PLUSEQUAL] = "+=", [TK_MINEQUAL] = "-=", [TK_STAREQUAL] = "*=",
    [TK_SLASHEQUAL] = "/=", [TK_PERCENTEQUAL] = "%=", [TK_AMPEREQUAL] = "&=",
    [TK_VBAREQUAL] = "|=", [TK_CIRCUMFLEXEQUAL] = "^=",
    [TK_LEFTSHIFTEQUAL] = "<<=", [TK_RIGHTSHIFTEQUAL] = ">>=",
    [TK_DOUBLESTAREQUAL] = "**=", [TK_DOUBLESLASH] = "//",
    [TK_DOUBLESLASHEQUAL] = "//=", [TK_AT] = "@", [TK_ATEQUAL] = "@=",
    [TK_RARROW] = "->", [TK_ELLIPSIS] = "...", [TK_COLONEQUAL] = ":=",
    [TK_EXCLAMATION] = "!",
    [TK_FALSE] = "False", [TK_NONE] = "None", [TK_TRUE] = "True",
    [TK_AND] = "and", [TK_AS] = "as", [TK_ASSERT] = "assert",
    [TK_ASYNC] = "async", [TK_AWAIT] = "await", [TK_BREAK] = "break",
    [TK_CLASS] = "class", [TK_CONTINUE] = "continue", [TK_DEF] = "def",
    [TK_DEL] = "del", [TK_ELIF] = "elif", [TK_ELSE] = "else",
    [TK_EXCEPT] = "except", [TK_FINALLY] = "finally", [TK_FOR] = "for",
    [TK_FROM] = "from", [TK_GLOBAL] = "global", [TK_IF] = "if",
    [TK_IMPORT] = "import", [TK_IN] = "in", [TK_IS] = "is",
    [TK_LAMBDA] = "lambda", [TK_NONLOCAL] = "nonlocal", [TK_NOT] = "not",
    [TK_OR] = "or", [TK_PASS] = "pass", [TK_RAISE] = "raise",
    [TK_RETURN] = "return", [TK_TRY] = "try", [TK_WHILE] = "while",
    [TK_WITH] = "with", [TK_YIELD] = "yield",
};

const char *tl_tok_spelling(TlTokKind k)
{
    return spell[k] ? spell[k] : "";
}

/* Longest operator spelled at p, or TK_ERRORTOKEN. */
static TlTokKind match_op(const char *p, const char *e, int *len)
{
    TlTokKind best = TK_ERRORTOKEN;
    int bestlen = 0;
    for (int k = TK_LPAR; k <= TK_EXCLAMATION; k++) {
        if (spell[k][0] != *p) continue;
        int n = (int)strlen(spell[k]);
        if (n > bestlen && e - p >= n && memcmp(p, spell[k], (size_t)n) == 0) {
            best = (TlTokKind)k;
            bestlen = n;
        }
    }
    *len = bestlen;
    return best;
}

static TlTokKind keyword(const char *s, size_t n)
{
    for (int k = TK_FALSE; k <= TK_YIELD; k++)
        if (spell[k][0] == s[0] && strlen(spell[k]) == n && memcmp(spell[k], s, n) == 0)
            return (TlTokKind)k;
    return TK_NAME;
}

/* ------------------------------------------------------------ character classes */

static int is_id_start(int c) { return c == '_' || ((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_id_char(int c) { return is_id_start(c) || is_digit(c); }

static int peekc(const TlLexer *lx, int i)
{
    return lx->p + i < lx->end ? (unsigned char)lx->p[i] : -1;
}

static void newline(TlLexer *lx)
{
    lx->lineno++;
    lx->line_start = lx->p;
}

/* Non-ASCII code points that cannot be part of an identifier: spaces,
   punctuation, symbols and emoji.  Anything else is accepted as a letter. */
static int bad_id_cp(unsigned cp)
{
    return cp == 0xA0 || cp == 0xA7 || cp == 0xAB || cp == 0xBB ||
           cp == 0xB0 || cp == 0xB1 || cp == 0xD7 || cp == 0xF7 ||
           (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
           (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0xFEFF;
}

static void check_identifier(TlLexer *lx, const char *s, const char *e)
{
    for (const char *q = s; q < e;) {
        int n = utf8_len((const unsigned char *)q, (const unsigned char *)e);
        unsigned cp = utf8_decode((const unsigned char *)q, n);
        if (n > 1 && bad_id_cp(cp)) {
            int col = (int)(q - lx->line_start);
            if (cp == 0xA0 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200F) ||
                (cp >= 0x2028 && cp <= 0x202F) || cp == 0x3000)
                tl_lex_error(lx, TL_ERR_SYNTAX, lx->lineno, col, 0, 0,
                             "invalid non-printable character U+%04X", cp);
            tl_lex_error(lx, TL_ERR_SYNTAX, lx->lineno, col, 0, 0,
                         "invalid character '%.*s' (U+%04X)", n, q, cp);
        }
        q += n;
    }
}

/* ------------------------------------------------------------ numbers */

/* Digits of the class accepted by ok(), with single '_' separators. */
static void digits(TlLexer *lx, int (*ok)(int), const char *what)
{
    for (;;) {
        while (peekc(lx, 0) >= 0 && ok(peekc(lx, 0))) lx->p++;
        if (peekc(lx, 0) != '_') return;
        lx->p++;
        if (peekc(lx, 0) < 0 || !ok(peekc(lx, 0))) {
            lx->p--;
            err_here(lx, what);
        }
    }
}

static int dec_ok(int c) { return is_digit(c); }
static int hex_ok(int c) { return is_digit(c) || ((c | 32) >= 'a' && (c | 32) <= 'f'); }
static int oct_ok(int c) { return c >= '0' && c <= '7'; }
static int bin_ok(int c) { return c == '0' || c == '1'; }

/* A number may be followed directly by a keyword ("1if x else 2") but by
   no other identifier character. */
static void end_of_number(TlLexer *lx, const char *what)
{
    static const char *const kws[] = { "and", "else", "for", "if", "in",
                                       "is", "not", "or" };
    int c = peekc(lx, 0);
    if (c < 0 || !is_id_char(c)) return;
    for (size_t i = 0; i < sizeof kws / sizeof *kws; i++) {
        size_t n = strlen(kws[i]);
        if ((size_t)(lx->end - lx->p) >= n && memcmp(lx->p, kws[i], n) == 0)
            return;
    }
    err_here(lx, what);
}

static void scan_number(TlLexer *lx)
{
    const char *start = lx->p;
    if (peekc(lx, 0) == '0') {
        int x = peekc(lx, 1) | 32;
        int (*ok)(int) = x == 'x' ? hex_ok : x == 'o' ? oct_ok : x == 'b' ? bin_ok : NULL;
        if (ok) {
            const char *what = x == 'x' ? "invalid hexadecimal literal"
                             : x == 'o' ? "invalid octal literal" : "invalid binary literal";
            lx->p += 2;
            if (peekc(lx, 0) == '_') lx->p++;
            if (peekc(lx, 0) < 0 || !ok(peekc(lx, 0))) {
                if (x != 'x' && peekc(lx, 0) >= 0 && is_digit(peekc(lx, 0))) {
                    char m[64];
                    snprintf(m, sizeof m, "invalid digit '%c' in %s literal",
                             peekc(lx, 0), x == 'o' ? "octal" : "binary");
                    err_here(lx, m);
                }
                err_here(lx, what);
            }
            digits(lx, ok, what);
            if (x != 'x' && peekc(lx, 0) >= 0 && is_digit(peekc(lx, 0))) {
                char m[64];
                snprintf(m, sizeof m, "invalid digit '%c' in %s literal",
                         peekc(lx, 0), x == 'o' ? "octal" : "binary");
                err_here(lx, m);
            }
            end_of_number(lx, what);
            return;
        }
    }
    int is_float = 0;
    if (peekc(lx, 0) != '.') digits(lx, dec_ok, "invalid decimal literal");
    if (peekc(lx, 0) == '.') {
        is_float = 1;
        lx->p++;
        if (peekc(lx, 0) >= 0 && is_digit(peekc(lx, 0)))
            digits(lx, dec_ok, "invalid decimal literal");
    }
    if ((peekc(lx, 0) | 32) == 'e') {
        int s = (peekc(lx, 1) == '+' || peekc(lx, 1) == '-') ? 2 : 1;
        if (peekc(lx, s) >= 0 && is_digit(peekc(lx, s))) {
            is_float = 1;
            lx->p += s;
            digits(lx, dec_ok, "invalid decimal literal");
        } else if (s == 1 && peekc(lx, 1) >= 0 && is_id_char(peekc(lx, 1))) {
            end_of_number(lx, "invalid decimal literal");
        } else {
            lx->p++;
            err_here(lx, "invalid decimal literal");
        }
    }
    if ((peekc(lx, 0) | 32) == 'j') {
        lx->p++;
        end_of_number(lx, "invalid imaginary literal");
        return;
    }
    if (!is_float && start[0] == '0') {
        const char *q = start;
        while (q < lx->p && (*q == '0' || *q == '_')) q++;
        if (q < lx->p) {
            tl_lex_error(lx, TL_ERR_SYNTAX, lx->lineno,
                         (int)(start - lx->line_start), lx->lineno,
                         (int)(lx->p - lx->line_start),
                         "leading zeros in decimal integer literals are not "
                         "permitted; use an 0o prefix for octal integers");
        }
    }
    end_of_number(lx, "invalid decimal literal");
}

void tl_lex_decode_number(TlLexer *lx, TlArena *a, const TlToken *t,
                          TlConstant *out)
{
    (void)lx;
    size_t n = (size_t)(t->end - t->start);
    char *buf = tl_arena_alloc(a, n + 1), *q = buf;
    for (const char *p = t->start; p < t->end; p++)
        if (*p != '_') *q++ = *p;
    *q = 0;
    size_t len = (size_t)(q - buf);
    memset(out, 0, sizeof *out);
    if (len >= 2 && buf[0] == '0' && strchr("xXoObB", buf[1])) {
        out->kind = TL_CONST_INT;
        out->base = (buf[1] | 32) == 'x' ? 16 : (buf[1] | 32) == 'o' ? 8 : 2;
        out->s = buf + 2;
        out->len = len - 2;
    } else if ((buf[len - 1] | 32) == 'j') {
        buf[len - 1] = 0;
        out->kind = TL_CONST_IMAG;
        out->d = strtod(buf, NULL);
    } else if (strpbrk(buf, ".eE")) {
        out->kind = TL_CONST_FLOAT;
        out->d = strtod(buf, NULL);
    } else {
        /* canonical digits: "000" is 0 */
        const char *d = buf;
        while (d[0] == '0' && d[1]) d++;
        out->kind = TL_CONST_INT;
        out->base = 10;
        out->s = d;
        out->len = len - (size_t)(d - buf);
    }
}

/* ------------------------------------------------------------ strings */

/* Scan a string literal whose quote is at lx->p (prefix already consumed;
   the token began at tline:tcol). */
static void scan_string(TlLexer *lx, int tline, int tcol)
{
    char q = *lx->p;
    int triple = peekc(lx, 1) == q && peekc(lx, 2) == q;
    lx->p += triple ? 3 : 1;
    for (;;) {
        int c = peekc(lx, 0);
        if (c < 0 || (c == '\n' && !triple)) {
            /* CPython counts a final newline as the end of the last line */
            int at = c < 0 && lx->p > lx->src && lx->p[-1] == '\n' ? lx->lineno - 1 : lx->lineno;
            if (triple)
                tl_lex_error(lx, eof_kind(lx), tline, tcol, 0, 0,
                             "unterminated triple-quoted string literal "
                             "(detected at line %d)", at);
            tl_lex_error(lx, TL_ERR_SYNTAX, tline, tcol, 0, 0,
                         "unterminated string literal (detected at line %d)",
                         at);
        }
        lx->p++;
        if (c == '\\') {
            if (peekc(lx, 0) < 0) continue;
            c = (unsigned char)*lx->p++;
            if (c == '\r' && peekc(lx, 0) == '\n') c = *lx->p++;
            if (c == '\n') newline(lx);
        } else if (c == '\n') {
            newline(lx);
        } else if (c == q) {
            if (!triple) return;
            if (peekc(lx, 0) == q && peekc(lx, 1) == q) {
                lx->p += 2;
                return;
            }
        }
    }
}

/* Length of a string prefix at s (0 if none) followed by a quote. */
static int string_prefix(const char *s, const char *e)
{
    int n = 0, r = 0, b = 0, f = 0, u = 0;
    while (s + n < e && n < 3) {
        int c = s[n] | 32;
        if (c == 'r' && !r && !u) r = 1;
        else if (c == 'b' && !b && !f && !u) b = 1;
        else if (c == 'f' && !f && !b && !u) f = 1;
        else if (c == 'u' && !n) u = 1;
        else break;
        n++;
    }
    if (s + n < e && (s[n] == '\'' || s[n] == '"')) return n;
    return -1;
}

int tl_lex_string_parts(const TlToken *t, const char **body,
                        const char **body_end)
{
    int flags = 0;
    const char *p = t->start;
    for (; *p != '\'' && *p != '"'; p++) {
        int c = *p | 32;
        flags |= c == 'r' ? TL_STR_RAW : c == 'b' ? TL_STR_BYTES
               : c == 'f' ? TL_STR_F : TL_STR_U;
    }
    int q = (t->end - p >= 6 && p[1] == p[0] && p[2] == p[0]) ? 3 : 1;
    *body = p + q;
    *body_end = t->end - q;
    return flags;
}

/* A few \N{...} names; the full Unicode name table is out of scope. */
static const struct { const char *name; unsigned cp; } uninames[] = {
    { "SPACE", 0x20 }, { "NO-BREAK SPACE", 0xA0 }, { "COPYRIGHT SIGN", 0xA9 },
    { "DEGREE SIGN", 0xB0 }, { "MICRO SIGN", 0xB5 }, { "BULLET", 0x2022 },
    { "LATIN SMALL LETTER E WITH ACUTE", 0xE9 }, { "EN DASH", 0x2013 },
    { "EM DASH", 0x2014 }, { "HORIZONTAL ELLIPSIS", 0x2026 },
    { "EURO SIGN", 0x20AC }, { "GREEK SMALL LETTER ALPHA", 0x3B1 },
    { "GREEK SMALL LETTER BETA", 0x3B2 }, { "GREEK SMALL LETTER PI", 0x3C0 },
    { "GREEK CAPITAL LETTER DELTA", 0x394 }, { "BLACK STAR", 0x2605 },
    { "WHITE SMILING FACE", 0x263A }, { "SNOWMAN", 0x2603 },
    { "CHECK MARK", 0x2713 }, { "RIGHTWARDS ARROW", 0x2192 },
    { "INFINITY", 0x221E }, { "NULL", 0 }, { "LINE FEED", 10 },
    { "CARRIAGE RETURN", 13 }, { "CHARACTER TABULATION", 9 },
};

static int hexval(int c)
{
    if (is_digit(c)) return c - '0';
    c |= 32;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static char *put_utf8(char *q, unsigned cp)
{
    if (cp < 0x80) *q++ = (char)cp;
    else if (cp < 0x800) { *q++ = (char)(0xC0 | cp >> 6); *q++ = (char)(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
        *q++ = (char)(0xE0 | cp >> 12); *q++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *q++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *q++ = (char)(0xF0 | cp >> 18); *q++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *q++ = (char)(0x80 | (cp >> 6 & 0x3F)); *q++ = (char)(0x80 | (cp & 0x3F));
    }
    return q;
}

#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void escape_error(TlLexer *lx, const TlToken *t, const char *s,
                         const char *at, const char *stop, int bytes,
                         const char *what)
{
    tl_lex_error(lx, TL_ERR_SYNTAX, t->lineno, t->col, t->end_lineno, t->end_col,
                 "(unicode error) '%s' codec can't decode bytes in position "
                 "%d-%d: %s", bytes ? "unicodeescape" : "unicodeescape",
                 (int)(at - s), (int)(stop - s) - 1, what);
}

/* One escape sequence after the backslash at *pp; returns the new output
   position.  Unknown escapes keep their backslash, as Python does. */
static char *escape(TlLexer *lx, const TlToken *t, const char *s,
                    const char **pp, const char *e, char *q, int bytes)
{
    const char *bs = *pp - 1, *p = *pp;
    int c = (unsigned char)*p++;
    static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
    for (int i = 0; simple[i]; i += 2)
        if (c == simple[i]) { *pp = p; *q++ = simple[i + 1]; return q; }
    if (c == '\n') { *pp = p; return q; }
    if (c == '\r' && p < e && *p == '\n') { *pp = p + 1; return q; }
    if (c >= '0' && c <= '7') {
        unsigned v = (unsigned)(c - '0');
        for (int i = 0; i < 2 && p < e && *p >= '0' && *p <= '7'; i++)
            v = v * 8 + (unsigned)(*p++ - '0');
        *pp = p;
        if (bytes) *q++ = (char)(v & 0xFF);
        else q = put_utf8(q, v);
        return q;
    }
    int nhex = c == 'x' ? 2 : (!bytes && c == 'u') ? 4 : (!bytes && c == 'U') ? 8 : 0;
    if (nhex) {
        unsigned v = 0;
        for (int i = 0; i < nhex; i++) {
            int h = p < e ? hexval((unsigned char)*p) : -1;
            if (h < 0) {
                char m[40];
                snprintf(m, sizeof m, "truncated \\%c%s escape", c,
                         nhex == 2 ? "XX" : nhex == 4 ? "XXXX" : "XXXXXXXX");
                escape_error(lx, t, s, bs, p, bytes, m);
            }
            v = v * 16 + (unsigned)h;
            p++;
        }
        if (v > 0x10FFFF) escape_error(lx, t, s, bs, p, bytes, "illegal Unicode character");
        *pp = p;
        if (bytes) *q++ = (char)v;
        else q = put_utf8(q, v);
        return q;
    }
    if (!bytes && c == 'N') {
        const char *close = p < e && *p == '{' ? memchr(p, '}', (size_t)(e - p)) : NULL;
        if (!close) escape_error(lx, t, s, bs, p, bytes, "malformed \\N character escape");
        for (size_t i = 0; i < sizeof uninames / sizeof *uninames; i++) {
            size_t n = strlen(uninames[i].name);
            if ((size_t)(close - p - 1) == n && strncasecmp(p + 1, uninames[i].name, n) == 0) {
                *pp = close + 1;
                return put_utf8(q, uninames[i].cp);
            }
        }
        escape_error(lx, t, s, bs, close + 1, bytes, "unknown Unicode character name");
    }
    /* unknown escape: keep it verbatim */
    *q++ = '\\';
    *pp = p - 1;
    return q;
}

char *tl_lex_decode_string(TlLexer *lx, TlArena *a, const TlToken *t,
                           const char *s, const char *e, int flags,
                           size_t *len)
{
    char *buf = tl_arena_alloc(a, (size_t)(e - s) + 1), *q = buf;
    int bytes = flags & TL_STR_BYTES;
    for (const char *p = s; p < e;) {
        int c = (unsigned char)*p;
        if (bytes && c >= 0x80)
            tl_lex_error(lx, TL_ERR_SYNTAX, t->lineno, t->col, t->end_lineno,
                         t->end_col,
                         "bytes can only contain ASCII literal characters");
        if (c == '\r' && p + 1 < e && p[1] == '\n') { p++; continue; }
        if (c == '\\' && p + 1 < e && !(flags & TL_STR_RAW)) {
            p++;
            q = escape(lx, t, s, &p, e, q, bytes);
            continue;
        }
        *q++ = (char)c;
        p++;
    }
    *q = 0;
    *len = (size_t)(q - buf);
    return buf;
}

/* ------------------------------------------------------- indentation */

/* At the beginning of a line: measure indentation and queue INDENT or
   DEDENT tokens.  Returns 1 if the line is blank (no tokens at all). */
static int indentation(TlLexer *lx)
{
    int col = 0, alt = 0;
    for (;;) {
        int c = peekc(lx, 0);
        if (c == ' ') { col++; alt++; }
        else if (c == '\t') { col = (col / 8 + 1) * 8; alt++; }
        else if (c == '\f') { col = alt = 0; }
        else break;
        lx->p++;
    }
    int c = peekc(lx, 0);
    if (c == '#' || c == '\n' || c == '\r' || c < 0) return 1;
    int top = lx->indstack[lx->indent];
    if (col == top) {
        if (alt != lx->altstack[lx->indent]) goto taberr;
    } else if (col > top) {
        if (lx->indent + 1 >= TL_MAXINDENT)
            tl_lex_error(lx, TL_ERR_INDENTATION, lx->lineno,
                         (int)(lx->p - lx->line_start), 0, 0,
                         "too many levels of indentation");
        if (alt <= lx->altstack[lx->indent]) goto taberr;
        lx->pendin++;
        lx->indent++;
        lx->indstack[lx->indent] = col;
        lx->altstack[lx->indent] = alt;
    } else {
        while (lx->indent > 0 && col < lx->indstack[lx->indent]) {
            lx->pendin--;
            lx->indent--;
        }
        if (col != lx->indstack[lx->indent]) {
            /* CPython points just past the end of the line. */
            const char *e = lx->line_start;
            while (e < lx->srcend && *e != '\n') e++;
            int n = (int)(e - lx->line_start);
            tl_lex_error(lx, TL_ERR_INDENTATION, lx->lineno, n, lx->lineno, n + 1,
                         "unindent does not match any outer indentation level");
        }
        if (alt != lx->altstack[lx->indent]) goto taberr;
    }
    return 0;
taberr:
    tl_lex_error(lx, TL_ERR_TAB, lx->lineno, (int)(lx->p - lx->line_start), 0, 0,
                 "inconsistent use of tabs and spaces in indentation");
}

/* ------------------------------------------------------------- tokens */

static void set_tok(TlLexer *lx, TlToken *t, TlTokKind k, const char *s,
                    int line, int col)
{
    t->kind = k;
    t->start = s;
    t->end = lx->p;
    t->lineno = line;
    t->col = col;
    t->end_lineno = lx->lineno;
    t->end_col = (int)(lx->p - lx->line_start);
    lx->last = k;
}

static void open_bracket(TlLexer *lx, char c, int col)
{
    if (lx->level >= TL_MAXLEVEL)
        tl_lex_error(lx, TL_ERR_SYNTAX, lx->lineno, col, 0, 0,
                     "too many nested parentheses");
    lx->parens[lx->level] = c;
    lx->paren_line[lx->level] = lx->lineno;
    lx->paren_col[lx->level] = col;
    lx->level++;
}

static void close_bracket(TlLexer *lx, char c, int col)
{
    if (lx->level == 0)
        tl_lex_error(lx, TL_ERR_SYNTAX, lx->lineno, col, 0, 0,
                     "unmatched '%c'", c);
    lx->level--;
    char o = lx->parens[lx->level];
    if ((o == '(' && c != ')') || (o == '[' && c != ']') || (o == '{' && c != '}')) {
        if (lx->paren_line[lx->level] != lx->lineno)
            tl_lex_error(lx, TL_ERR_SYNTAX, lx->lineno, col, 0, 0,
                         "closing parenthesis '%c' does not match opening "
                         "parenthesis '%c' on line %d", c, o,
                         lx->paren_line[lx->level]);
        tl_lex_error(lx, TL_ERR_SYNTAX, lx->lineno, col, 0, 0,
                     "closing parenthesis '%c' does not match opening "
                     "parenthesis '%c'", c, o);
    }
}

/* End of input: close the logical line, unwind indentation, then stop. */
static void at_eof(TlLexer *lx, TlToken *t)
{
    int col = (int)(lx->p - lx->line_start);
    if (lx->level > 0 && !lx->sub && lx->drain != 1) {
        int i = lx->level - 1;
        tl_lex_error(lx, eof_kind(lx), lx->paren_line[i], lx->paren_col[i], 0, 0,
                     "'%c' was never closed", lx->parens[i]);
    }
    if (!lx->sub && lx->last != TK_NEWLINE && lx->last != TK_DEDENT &&
        lx->last != TK_INDENT) {
        set_tok(lx, t, TK_NEWLINE, lx->p, lx->lineno, col);
        t->end_col = col + 1;
        return;
    }
    if (lx->indent > 0) {
        lx->indent--;
        set_tok(lx, t, TK_DEDENT, lx->p, lx->lineno, col);
        return;
    }
    set_tok(lx, t, TK_ENDMARKER, lx->p, lx->lineno, col);
}

void tl_lex_next(TlLexer *lx, TlToken *t)
{
    for (;;) {
        if (lx->atbol && !lx->sub) {
            lx->atbol = 0;
            if (lx->level == 0 && indentation(lx)) {
                /* blank or comment-only line: skip it entirely */
                while (lx->p < lx->end && *lx->p != '\n') lx->p++;
                if (lx->p < lx->end) {
                    lx->p++;
                    newline(lx);
                    lx->atbol = 1;
                    continue;
                }
            }
        }
        int col = (int)(lx->p - lx->line_start);
        if (lx->pendin > 0) {
            lx->pendin--;
            set_tok(lx, t, TK_INDENT, lx->p, lx->lineno, col);
            return;
        }
        if (lx->pendin < 0) {
            lx->pendin++;
            set_tok(lx, t, TK_DEDENT, lx->p, lx->lineno, col);
            return;
        }
        int c = peekc(lx, 0);
        while (c == ' ' || c == '\t' || c == '\f' || (c == '\r' && peekc(lx, 1) == '\n'))
            c = (lx->p++, peekc(lx, 0));
        col = (int)(lx->p - lx->line_start);
        if (c == '#') {
            while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r') lx->p++;
            c = peekc(lx, 0);
            if (c == '\r' && peekc(lx, 1) == '\n') c = (lx->p++, '\n');
            col = (int)(lx->p - lx->line_start);
        }
        if (c < 0) { at_eof(lx, t); return; }
        const char *s = lx->p;
        int line = lx->lineno;
        if (c == '\n' || c == '\r') {
            lx->p++;
            if (lx->level > 0 || lx->sub) { newline(lx); continue; }
            set_tok(lx, t, TK_NEWLINE, s, line, col);
            newline(lx);
            lx->atbol = 1;
            return;
        }
        if (c == '\\') {
            int n = peekc(lx, 1) == '\r' && peekc(lx, 2) == '\n' ? 2 : 1;
            if (peekc(lx, n) != '\n') {
                lx->p++;
                if (peekc(lx, 0) < 0)
                    tl_lex_error(lx, eof_kind(lx), lx->lineno, col + 1, 0, 0,
                                 "unexpected EOF while parsing");
                err_here(lx, "unexpected character after line continuation character");
            }
            lx->p += n + 1;
            if (lx->p >= lx->end && !lx->sub)
                tl_lex_error(lx, eof_kind(lx), lx->lineno, col + 1, 0, 0,
                             "unexpected EOF while parsing");
            newline(lx);
            continue;
        }
        if (is_id_start(c)) {
            int pl = string_prefix(lx->p, lx->end);
            if (pl >= 0) {
                lx->p += pl;
                scan_string(lx, line, col);
                set_tok(lx, t, TK_STRING, s, line, col);
                return;
            }
            while (lx->p < lx->end && is_id_char((unsigned char)*lx->p)) lx->p++;
            check_identifier(lx, s, lx->p);
            set_tok(lx, t, keyword(s, (size_t)(lx->p - s)), s, line, col);
            return;
        }
        if (is_digit(c) || (c == '.' && peekc(lx, 1) >= 0 && is_digit(peekc(lx, 1)))) {
            scan_number(lx);
            set_tok(lx, t, TK_NUMBER, s, line, col);
            return;
        }
        if (c == '\'' || c == '"') {
            scan_string(lx, line, col);
            set_tok(lx, t, TK_STRING, s, line, col);
            return;
        }
        int len;
        TlTokKind k = match_op(lx->p, lx->end, &len);
        if (k == TK_ERRORTOKEN) {
            if (c < 0x20 || c == 0x7F)
                tl_lex_error(lx, TL_ERR_SYNTAX, line, col, 0, 0,
                             "invalid non-printable character U+%04X", c);
            lx->p++;
            set_tok(lx, t, TK_ERRORTOKEN, s, line, col);
            return;
        }
        if (k == TK_LPAR || k == TK_LSQB || k == TK_LBRACE) open_bracket(lx, (char)c, col);
        if (k == TK_RPAR || k == TK_RSQB || k == TK_RBRACE) close_bracket(lx, (char)c, col);
        lx->p += len;
        set_tok(lx, t, k, s, line, col);
        return;
    }
}
