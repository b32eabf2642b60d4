/*
** lex.h -- the tokenizer interface used by the parser (vm/parse.c).
**
** Tokens are produced on demand, one at a time, so memory stays constant
** however large the source is.  A token only records its kind, the span of
** source text it covers and its CPython-style position; literal values are
** decoded later by the parser with the tl_lex_decode_* functions.  Errors are
** reported through tl_lex_error(), which fills the caller's TlSyntaxErr and
** longjmps back to the entry point, so no code path needs error plumbing.
*/
#ifndef TL_LEX_H
#define TL_LEX_H

#include <setjmp.h>
#include <stddef.h>
#include "ast.h"

typedef enum {
    TK_ENDMARKER, TK_NAME, TK_NUMBER, TK_STRING, TK_NEWLINE, TK_INDENT,
    TK_DEDENT,
    /* operators and delimiters (spellings in tl_tok_spelling) */
    TK_LPAR, TK_RPAR, TK_LSQB, TK_RSQB, TK_LBRACE, TK_RBRACE, TK_COLON,
    TK_COMMA, TK_SEMI, TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_VBAR,
    TK_AMPER, TK_LESS, TK_GREATER, TK_EQUAL, TK_DOT, TK_PERCENT, TK_EQEQUAL,
    TK_NOTEQUAL, TK_LESSEQUAL, TK_GREATEREQUAL, TK_TILDE, TK_CIRCUMFLEX,
    TK_LEFTSHIFT, TK_RIGHTSHIFT, TK_DOUBLESTAR, TK_PLUSEQUAL, TK_MINEQUAL,
    TK_STAREQUAL, TK_SLASHEQUAL, TK_PERCENTEQUAL, TK_AMPEREQUAL,
    TK_VBAREQUAL, TK_CIRCUMFLEXEQUAL, TK_LEFTSHIFTEQUAL, TK_RIGHTSHIFTEQUAL,
    TK_DOUBLESTAREQUAL, TK_DOUBLESLASH, TK_DOUBLESLASHEQUAL, TK_AT,
    TK_ATEQUAL, TK_RARROW, TK_ELLIPSIS, TK_COLONEQUAL, TK_EXCLAMATION,
    /* keywords */
    TK_FALSE, TK_NONE, TK_TRUE, TK_AND, TK_AS, TK_ASSERT, TK_ASYNC,
    TK_AWAIT, TK_BREAK, TK_CLASS, TK_CONTINUE, TK_DEF, TK_DEL, TK_ELIF,
    TK_ELSE, TK_EXCEPT, TK_FINALLY, TK_FOR, TK_FROM, TK_GLOBAL, TK_IF,
    TK_IMPORT, TK_IN, TK_IS, TK_LAMBDA, TK_NONLOCAL, TK_NOT, TK_OR, TK_PASS,
    TK_RAISE, TK_RETURN, TK_TRY, TK_WHILE, TK_WITH, TK_YIELD,
    TK_ERRORTOKEN,          /* a character that starts no token */
    TK_NKINDS
} TlTokKind;

typedef struct TlToken {
    TlTokKind kind;
    const char *start, *end;            /* source text */
    int lineno, col, end_lineno, end_col;
} TlToken;

#define TL_MAXINDENT 100
#define TL_MAXLEVEL 200

typedef struct TlLexer {
    const char *src, *srcend;           /* whole source: error lines come from here */
    const char *p, *end;                /* scan position and limit */
    const char *line_start;             /* first byte of the current line */
    int lineno;
    int atbol;                          /* at beginning of a logical line */
    int sub;                            /* scanning an f-string replacement field */
    int pendin;                         /* >0: INDENTs owed, <0: DEDENTs owed */
    int indent;                         /* top of indstack */
    int indstack[TL_MAXINDENT + 1], altstack[TL_MAXINDENT + 1];
    int level;                          /* bracket nesting */
    char parens[TL_MAXLEVEL];
    int paren_line[TL_MAXLEVEL], paren_col[TL_MAXLEVEL];
    TlTokKind last;                     /* kind of the previous token */
    const char *filename;
    int interactive;
    int drain;                          /* 1: ignore unclosed brackets at EOF */                    /* SINGLE mode: EOF errors become INCOMPLETE */
    TlSyntaxErr *err;
    jmp_buf *jb;
} TlLexer;

/* Scan all of src[0..len).  On any error tl_lex_error longjmps to *jb. */
void tl_lex_init(TlLexer *lx, const char *src, size_t len,
                 const char *filename, TlSyntaxErr *err, jmp_buf *jb);
/* Scan the replacement field text [start, end) of an f-string found in
   parent's source as a bracketed expression: no NEWLINE/INDENT tokens. */
void tl_lex_init_sub(TlLexer *lx, const TlLexer *parent, const char *start,
                     const char *end, int lineno, const char *line_start);
void tl_lex_next(TlLexer *lx, TlToken *t);

/* Fill lx->err (message, kind, position: lines 1-based, cols 0-based byte
   offsets; converted to CPython's 1-based character offsets) and longjmp.
   end_lineno 0 means "same as start, one past col". */
#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 7, 8)))
#endif
void tl_lex_error(TlLexer *lx, TlSyntaxErrKind kind, int lineno, int col,
                  int end_lineno, int end_col, const char *fmt, ...);

/* Source spelling of an operator or keyword token kind ("" otherwise). */
const char *tl_tok_spelling(TlTokKind k);

/* Literal decoding.  t must be a TK_NUMBER / TK_STRING token. */
void tl_lex_decode_number(TlLexer *lx, TlArena *a, const TlToken *t,
                          TlConstant *out);
/* String prefix flags of a TK_STRING token. */
enum { TL_STR_RAW = 1, TL_STR_BYTES = 2, TL_STR_F = 4, TL_STR_U = 8 };
/* Returns prefix flags; *body and *body_end delimit the text between quotes. */
int tl_lex_string_parts(const TlToken *t, const char **body,
                        const char **body_end);
/* Decode escapes of [s, e) (a string body or an f-string literal piece)
   into an arena buffer; *len receives the byte length. t locates errors. */
char *tl_lex_decode_string(TlLexer *lx, TlArena *a, const TlToken *t,
                           const char *s, const char *e, int flags,
                           size_t *len);

#endif
