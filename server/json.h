/*
 * json.h -- the server's small JSON reader and writer.
 *
 * Requests are tiny objects ({"type":"run","code":...}), so the reader builds
 * a tree in one arena that a single tl_json_free releases.  The writer
 * appends to a growable byte buffer (TlOut) that the HTTP and WebSocket code
 * send as is; strings are escaped so that the output is always valid UTF-8.
 */
#ifndef TL_SERVER_JSON_H
#define TL_SERVER_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { TL_JNULL, TL_JBOOL, TL_JNUM, TL_JSTR, TL_JARR, TL_JOBJ } TlJsonKind;

typedef struct TlJson TlJson;
struct TlJson {
    TlJsonKind kind;
    bool b;
    double num;
    const char *str;        /* TL_JSTR: UTF-8, NUL-terminated, may hold NULs */
    size_t len;
    const char *key;        /* member name when inside an object */
    size_t keylen;
    TlJson *child, *next;   /* arrays and objects: first member, siblings */
};

typedef struct TlJsonDoc TlJsonDoc;

/* Parses n bytes; NULL on error with a static message in *err. */
TlJsonDoc *tl_json_parse(const char *s, size_t n, const char **err);
const TlJson *tl_json_root(const TlJsonDoc *d);
void tl_json_free(TlJsonDoc *d);
/* The member named key of an object, or NULL. */
const TlJson *tl_json_get(const TlJson *obj, const char *key);
/* The string member named key, or NULL if absent or not a string. */
const char *tl_json_str(const TlJson *obj, const char *key, size_t *len);

/* Output buffer.  On allocation failure `oom` is set and appends stop. */
typedef struct TlOut {
    char *p;
    size_t len, cap;
    bool oom;
} TlOut;

void tl_out_add(TlOut *o, const void *s, size_t n);
void tl_out_adds(TlOut *o, const char *s);
void tl_out_printf(TlOut *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A JSON string literal; invalid UTF-8 becomes U+FFFD. */
void tl_out_jstr(TlOut *o, const char *s, size_t n);
void tl_out_free(TlOut *o);

/* Length of the longest prefix of s that does not end inside a UTF-8
 * sequence: stream chunks are cut there and the tail carried over. */
size_t tl_utf8_whole(const char *s, size_t n);
/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
size_t tl_utf8_seq(const unsigned char *s, size_t n);

#endif
