/*
 * bytes.c -- bytes (immutable) and bytearray (mutable) sequences of
 * small ints.
 *
 * The two types share every read-only operation: each works on a view
 * (pointer and length, from tl_bytes_view) and builds results "like" the
 * receiver, so bytearray methods return bytearrays as in CPython.  bytes
 * keeps its data inline (TlBytes); bytearray keeps it in a GC buffer that
 * is replaced, never reallocated in place, when it grows, so a lock-free
 * reader in another thread always sees a valid buffer; mutations take the
 * object lock.  Substring search is shared with str (tl_mem_find), and
 * decoding/encoding goes through the codecs in str.c.
 */
#include <string.h>
#include "str.h"

#define BA(v) ((TlByteArray *)tl_obj(v))

static bool is_bytearray(TlVal v) { return !tl_is_small(v) && tl_subtype(tl_type(v), &tl_bytearray_type); }
static bool is_bytes(TlVal v) { return !tl_is_small(v) && tl_has_flag(v, TL_TF_BYTES); }

bool tl_bytes_view(TlVal v, const uint8_t **p, size_t *n)
{
    *p = (const uint8_t *)"";
    *n = 0;
    if (is_bytes(v)) {
        *p = ((TlBytes *)tl_obj(v))->data;
        *n = ((TlBytes *)tl_obj(v))->len;
        return true;
    }
    if (is_bytearray(v)) {
        /* Read len before data: a concurrent append publishes data first. */
        *n = BA(v)->len;
        *p = BA(v)->data ? BA(v)->data : (const uint8_t *)"";
        return true;
    }
    return false;
}

static const char *tname(TlVal self) { return is_bytearray(self) ? "bytearray" : "bytes"; }

/* Results are staged in malloc'd memory before they become GC objects: a
 * size the heap could never hold is refused up front (MemoryError), rather
 * than built outside the heap limit (b"x" * 10**10). */
static bool fits_heap(TlThread *th, size_t n)
{
    if (n <= tl_gc_free_bytes(th->vm))
        return true;
    tl_raise_nomem(th);
    return false;
}

/* ------------------------------------------------------ construction */

static TlBytes *bytes_alloc(TlThread *th, TlType *t, size_t n)
{
    TlBytes *o = t == &tl_bytes_type ? tl_alloc(th, t, sizeof(TlBytes) + n + 1)
                                     : tl_alloc_var(th, t, n + 1);
    if (!o) return NULL;
    o->hash = -1;
    o->len = n;
    return o;
}

TlVal tl_bytes_new(TlThread *th, const void *p, size_t n)
{
    TlBytes *o = bytes_alloc(th, &tl_bytes_type, n);
    if (!o) return TL_NULL;
    if (n) memcpy(o->data, p, n);
    return tl_val(o);
}

/* Make room for n more bytes in a bytearray (lock held). */
static int ba_reserve(TlThread *th, TlByteArray *a, size_t n)
{
    if (a->len + n <= a->cap) return 0;
    size_t cap = a->cap < 8 ? 8 : a->cap;
    while (cap < a->len + n) cap *= 2;
    uint8_t *buf = tl_alloc_buf(th, cap);
    if (!buf) return -1;
    if (a->len) memcpy(buf, a->data, a->len);
    a->data = buf;
    a->cap = cap;
    return 0;
}

static TlVal bytearray_new(TlThread *th, TlType *t, const void *p, size_t n)
{
    TlByteArray *a = tl_alloc(th, t, t->size);
    if (!a) return TL_NULL;
    if (n) {
        if (ba_reserve(th, a, n) < 0) return TL_NULL;
        memcpy(a->data, p, n);
        a->len = n;
    }
    return tl_val(a);
}

/* A result of the receiver's kind (bytes or bytearray). */
static TlVal like(TlThread *th, TlVal self, const void *p, size_t n)
{
    return is_bytearray(self) ? bytearray_new(th, &tl_bytearray_type, p, n)
                              : tl_bytes_new(th, p, n);
}

/* The byte value of an int argument, or -1 with an exception; `what`
 * names it in the range error ("byte", or "bytes" for bytes()). */
static int byte_in(TlThread *th, TlVal v, const char *what)
{
    intptr_t i;
    if (tl_index(th, v, &i) < 0) return -1;
    if (i < 0 || i > 255) {
        tl_raise(th, &tl_ValueError, "%s must be in range(0, 256)", what);
        return -1;
    }
    return (int)i;
}

static int byte_value(TlThread *th, TlVal v) { return byte_in(th, v, "byte"); }

/* The bytes bytes(x) / bytearray(x) would hold, into a builder. */
static int source_bytes(TlThread *th, TlVal *a, TlBuilder *b, const char *who)
{
    const uint8_t *p;
    size_t n;
    if (!a[0]) {
        if (a[1] || a[2]) {
            tl_raise(th, &tl_TypeError, a[1] ? "encoding without a string argument"
                                             : "errors without a string argument");
            return -1;
        }
        return 0;
    }
    if (tl_is_str(a[0])) {
        if (!a[1]) {
            tl_raise(th, &tl_TypeError, "string argument without an encoding");
            return -1;
        }
        if (!tl_is_str(a[1]) || (a[2] && !tl_is_str(a[2]))) {
            tl_raise(th, &tl_TypeError, "%s() argument 'encoding' must be str, not %T", who,
                     a[1]);
            return -1;
        }
        TlVal e = tl_str_encode(th, a[0], tl_cstr(a[1]), a[2] ? tl_cstr(a[2]) : "strict");
        if (!e) return -1;
        tl_sb_add(b, (const char *)((TlBytes *)tl_obj(e))->data, ((TlBytes *)tl_obj(e))->len);
        return 0;
    }
    if (a[1] || a[2]) {
        tl_raise(th, &tl_TypeError, a[1] ? "encoding without a string argument"
                                         : "errors without a string argument");
        return -1;
    }
    if (tl_bytes_view(a[0], &p, &n)) {
        tl_sb_add(b, (const char *)p, n);
        return 0;
    }
    if (tl_is_int(a[0])) {
        intptr_t count;
        if (tl_index(th, a[0], &count) < 0) return -1;
        if (count < 0) {
            tl_raise(th, &tl_ValueError, "negative count");
            return -1;
        }
        if (!fits_heap(th, (size_t)count)) return -1;
        for (intptr_t i = 0; i < count; i++) tl_sb_addc(b, 0);
        return 0;
    }
    if (tl_is_str(a[0]) || tl_is_float(a[0]) || a[0] == TL_NONE) goto bad;
    TlVal it = tl_iter(th, a[0]);
    if (!it) {
        if (!tl_exc_matches(th, &tl_TypeError)) return -1;
        tl_exc_clear(th);
        goto bad;
    }
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, it);
    TlVal x;
    while ((x = tl_next(th, it))) {
        int c = byte_in(th, x, strcmp(who, "bytes") ? "byte" : "bytes");
        if (c < 0) break;
        tl_sb_addc(b, (char)c);
    }
    tl_roots_reset(th, mark);
    return th->exc ? -1 : 0;
bad:
    tl_raise(th, &tl_TypeError, "cannot convert '%s' object to %s", tl_type_name(a[0]), who);
    return -1;
}

static TlVal bytes_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwl[] = {"source", "encoding", "errors", NULL};
    TlVal a[3];
    if (tl_args(th, "bytes", args, nargs, kw, kwl, 0, 3, a) < 0) return TL_NULL;
    if (a[0] && !a[1] && !a[2] && !tl_is_str(a[0]) &&
        tl_type_lookup(tl_type(a[0]), TLN(__bytes__))) {
        TlVal r = tl_call_method(th, a[0], TLN(__bytes__), NULL, 0);
        if (!r) return TL_NULL;
        if (!is_bytes(r))
            return tl_raise(th, &tl_TypeError, "__bytes__ returned non-bytes (type %s)",
                            tl_type_name(r));
        if (t == &tl_bytes_type) return r;
        a[0] = r;
    }
    TlBuilder b;
    tl_sb_init(&b);
    if (source_bytes(th, a, &b, "bytes") < 0) { tl_sb_free(&b); return TL_NULL; }
    if (b.oom) { tl_sb_free(&b); return tl_raise_nomem(th); }
    TlBytes *o = bytes_alloc(th, t, b.len);
    if (o && b.len) memcpy(o->data, b.p, b.len);
    tl_sb_free(&b);
    return tl_val(o);
}

static TlVal bytearray_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args, (void)nargs, (void)kw;
    return bytearray_new(th, t, NULL, 0);
}

static int bytearray_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwl[] = {"source", "encoding", "errors", NULL};
    TlVal a[3];
    if (tl_args(th, "bytearray", args, nargs, kw, kwl, 0, 3, a) < 0) return -1;
    TlBuilder b;
    tl_sb_init(&b);
    if (source_bytes(th, a, &b, "bytearray") < 0) { tl_sb_free(&b); return -1; }
    if (b.oom) { tl_sb_free(&b); tl_raise_nomem(th); return -1; }
    TlByteArray *o = BA(self);
    tl_lock(th, &o->ob);
    o->len = 0;
    int r = ba_reserve(th, o, b.len);
    if (r == 0 && b.len) {
        memcpy(o->data, b.p, b.len);
        o->len = b.len;
    }
    tl_unlock(th, &o->ob);
    tl_sb_free(&b);
    return r;
}

static void bytearray_mark(TlGC *gc, TlObj *o)
{
    if (((TlByteArray *)o)->data) tl_mark_buf(gc, ((TlByteArray *)o)->data);
}

/* ------------------------------------------------------ repr */

static void repr_into(TlBuilder *b, const uint8_t *p, size_t n)
{
    char quote = memchr(p, '\'', n) && !memchr(p, '"', n) ? '"' : '\'';
    tl_sb_addc(b, 'b');
    tl_sb_addc(b, quote);
    for (size_t i = 0; i < n; i++) {
        unsigned c = p[i];
        char buf[8];
        if (c == (unsigned)quote || c == '\\') { tl_sb_addc(b, '\\'); tl_sb_addc(b, (char)c); }
        else if (c == '\t') tl_sb_adds(b, "\\t");
        else if (c == '\n') tl_sb_adds(b, "\\n");
        else if (c == '\r') tl_sb_adds(b, "\\r");
        else if (c < 0x20 || c >= 0x7f) {
            snprintf(buf, sizeof buf, "\\x%02x", c);
            tl_sb_adds(b, buf);
        } else tl_sb_addc(b, (char)c);
    }
    tl_sb_addc(b, quote);
}

static TlVal bytes_repr(TlThread *th, TlVal self)
{
    const uint8_t *p;
    size_t n;
    tl_bytes_view(self, &p, &n);
    TlBuilder b;
    tl_sb_init(&b);
    bool ba = is_bytearray(self);
    if (ba) {
        tl_sb_adds(&b, tl_type_name(self));
        tl_sb_addc(&b, '(');
    }
    repr_into(&b, p, n);
    if (ba) tl_sb_addc(&b, ')');
    return tl_sb_finish(th, &b);
}

/* ------------------------------------------------------ slots */

static TlHash bytes_hash(TlThread *th, TlVal self)
{
    TlBytes *o = (TlBytes *)tl_obj(self);
    (void)th;
    TlHash h = tl_hash_cached(&o->hash);
    if (h == -1) tl_hash_cache(&o->hash, h = tl_hash_bytes(o->data, o->len));
    return h;
}

static TlHash bytearray_hash(TlThread *th, TlVal self)
{
    tl_raise(th, &tl_TypeError, "unhashable type: '%s'", tl_type_name(self));
    return -1;
}

static int64_t bytes_len(TlThread *th, TlVal self)
{
    const uint8_t *p;
    size_t n;
    (void)th;
    tl_bytes_view(self, &p, &n);
    return (intptr_t)n;
}

static TlVal bytes_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    const uint8_t *p, *q;
    size_t n, m;
    (void)th;
    if (!tl_bytes_view(a, &p, &n) || !tl_bytes_view(b, &q, &m)) return TL_NOTIMPL;
    if ((op == TL_EQ || op == TL_NE) && n != m) return tl_bool(op == TL_NE);
    int c = memcmp(p, q, n < m ? n : m);
    if (c == 0) c = n < m ? -1 : n > m;
    switch (op) {
    case TL_LT: return tl_bool(c < 0);
    case TL_LE: return tl_bool(c <= 0);
    case TL_EQ: return tl_bool(c == 0);
    case TL_NE: return tl_bool(c != 0);
    case TL_GT: return tl_bool(c > 0);
    default: return tl_bool(c >= 0);
    }
}

static TlVal bytes_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    const uint8_t *p, *q;
    size_t n, m;
    if (op == TL_OP_ADD) {
        if (!tl_bytes_view(a, &p, &n)) return TL_NOTIMPL;
        if (!tl_bytes_view(b, &q, &m)) {
            if (!tl_is_small(b) && (tl_type(b)->flags & TL_TF_HEAP)) return TL_NOTIMPL;
            return tl_raise(th, &tl_TypeError, "can't concat %s to %s", tl_type_name(b),
                            tname(a));
        }
        TlBuilder sb;
        tl_sb_init(&sb);
        tl_sb_add(&sb, (const char *)p, n);
        tl_sb_add(&sb, (const char *)q, m);
        TlVal r = sb.oom ? tl_raise_nomem(th) : like(th, a, sb.p, sb.len);
        tl_sb_free(&sb);
        return r;
    }
    if (op == TL_OP_MUL) {
        TlVal s = tl_bytes_view(a, &p, &n) ? a : b, k = s == a ? b : a;
        intptr_t count;
        if (!tl_bytes_view(s, &p, &n)) return TL_NOTIMPL;
        if (!tl_is_int(k) && !tl_type_lookup(tl_type(k), TLN(__index__))) {
            if (!tl_is_small(k) && (tl_type(k)->flags & TL_TF_HEAP)) return TL_NOTIMPL;
            return tl_raise(th, &tl_TypeError, "can't multiply sequence by non-int of type '%s'",
                            tl_type_name(k));
        }
        if (tl_index(th, k, &count) < 0) return TL_NULL;
        tl_bytes_view(s, &p, &n);        /* __index__ may have changed it */
        size_t total;
        if (count > 0 && (__builtin_mul_overflow(n, (size_t)count, &total) ||
                          !fits_heap(th, total)))
            return tl_raise_nomem(th);
        TlBuilder sb;
        tl_sb_init(&sb);
        for (intptr_t i = 0; i < count && !sb.oom; i++) tl_sb_add(&sb, (const char *)p, n);
        TlVal r = sb.oom ? tl_raise_nomem(th) : like(th, s, sb.p, sb.len);
        tl_sb_free(&sb);
        return r;
    }
    if (op == TL_OP_MOD && tl_bytes_view(a, &p, &n)) {
        TlVal r = tl_bytes_mod(th, a, b);
        if (!r || !is_bytearray(a)) return r;
        tl_bytes_view(r, &q, &m);
        return like(th, a, q, m);
    }
    return TL_NOTIMPL;
}

static int bytes_contains(TlThread *th, TlVal self, TlVal item)
{
    const uint8_t *p, *q;
    size_t n, m;
    tl_bytes_view(self, &p, &n);
    if (tl_is_int(item)) {
        int c = byte_value(th, item);
        if (c < 0) return -1;
        return memchr(p, c, n) != NULL;
    }
    if (!tl_bytes_view(item, &q, &m)) {
        tl_raise(th, &tl_TypeError, "a bytes-like object is required, not '%s'",
                 tl_type_name(item));
        return -1;
    }
    return tl_mem_find((const char *)p, 0, n, (const char *)q, m) >= 0;
}

static TlVal bytes_getitem(TlThread *th, TlVal self, TlVal key)
{
    const uint8_t *p;
    size_t n;
    tl_bytes_view(self, &p, &n);
    if (tl_is_exact(key, &tl_slice_type)) {
        intptr_t start, stop, step;
        intptr_t k = tl_slice_indices(th, key, (intptr_t)n, &start, &stop, &step);
        if (k < 0) return TL_NULL;
        if (step == 1) return like(th, self, p + start, (size_t)k);
        TlBuilder b;
        tl_sb_init(&b);
        for (intptr_t i = 0, j = start; i < k; i++, j += step) tl_sb_addc(&b, (char)p[j]);
        TlVal r = b.oom ? tl_raise_nomem(th) : like(th, self, b.p, b.len);
        tl_sb_free(&b);
        return r;
    }
    if (!tl_is_int(key) && !tl_type_lookup(tl_type(key), TLN(__index__)))
        return tl_raise(th, &tl_TypeError, "%s indices must be integers or slices, not %s",
                        is_bytearray(self) ? "bytearray" : "byte", tl_type_name(key));
    intptr_t i;
    if (tl_index(th, key, &i) < 0) return TL_NULL;
    if (i < 0) i += (intptr_t)n;
    if (i < 0 || (size_t)i >= n)
        return tl_raise(th, &tl_IndexError, "%sindex out of range",
                        is_bytearray(self) ? "bytearray " : "");
    return tl_mksmall(p[i]);
}

/* ba[key] = value / del ba[key]: single items and step-1 slices. */
static int bytearray_setitem(TlThread *th, TlVal self, TlVal key, TlVal value)
{
    TlByteArray *a = BA(self);
    if (tl_is_exact(key, &tl_slice_type)) {
        TlBuilder b;
        tl_sb_init(&b);
        if (value) {
            const uint8_t *q;
            size_t m;
            TlVal src[3] = {value, TL_NULL, TL_NULL};
            if (tl_is_int(value)) {
                tl_raise(th, &tl_TypeError, "can assign only bytes, buffers, or iterables "
                                            "of ints in range(0, 256)");
                return -1;
            }
            if (tl_bytes_view(value, &q, &m)) tl_sb_add(&b, (const char *)q, m);
            else if (source_bytes(th, src, &b, "bytearray") < 0) { tl_sb_free(&b); return -1; }
        }
        int r = -1;
        tl_lock(th, &a->ob);
        intptr_t start, stop, step;
        intptr_t k = tl_slice_indices(th, key, (intptr_t)a->len, &start, &stop, &step);
        if (k < 0) goto done;
        if (step != 1) {
            if (value && (size_t)k != b.len) {
                tl_raise(th, &tl_ValueError, "attempt to assign bytes of size %zu to extended "
                                             "slice of size %zd", b.len, (ptrdiff_t)k);
                goto done;
            }
            if (value) {
                for (intptr_t i = 0, j = start; i < k; i++, j += step) a->data[j] = (uint8_t)b.p[i];
            } else {                   /* delete the selected items */
                size_t w = 0;
                for (size_t i = 0; i < a->len; i++) {
                    intptr_t off = (intptr_t)i - start;
                    bool hit = off % step == 0 && off / step >= 0 && off / step < k;
                    if (!hit) a->data[w++] = a->data[i];
                }
                a->len = w;
            }
            r = 0;
            goto done;
        }
        if (stop < start) stop = start;
        size_t old = (size_t)(stop - start), tail = a->len - (size_t)stop;
        if (b.len > old && ba_reserve(th, a, b.len - old) < 0) goto done;
        if (a->data) memmove(a->data + start + b.len, a->data + stop, tail);
        if (b.len) memcpy(a->data + start, b.p, b.len);
        a->len = (size_t)start + b.len + tail;
        r = 0;
    done:
        tl_unlock(th, &a->ob);
        tl_sb_free(&b);
        return r;
    }
    intptr_t i;
    int c = 0;
    if (!tl_is_int(key) && !tl_type_lookup(tl_type(key), TLN(__index__))) {
        tl_raise(th, &tl_TypeError, "bytearray indices must be integers or slices, not %s",
                 tl_type_name(key));
        return -1;
    }
    if (tl_index(th, key, &i) < 0 || (value && (c = byte_value(th, value)) < 0)) return -1;
    int r = 0;
    tl_lock(th, &a->ob);
    if (i < 0) i += (intptr_t)a->len;
    if (i < 0 || (size_t)i >= a->len) {
        tl_raise(th, &tl_IndexError, "bytearray index out of range");
        r = -1;
    } else if (value) {
        a->data[i] = (uint8_t)c;
    } else {
        memmove(a->data + i, a->data + i + 1, a->len - (size_t)i - 1);
        a->len--;
    }
    tl_unlock(th, &a->ob);
    return r;
}

/* ------------------------------------------------------ iterator */

typedef struct BytesIter {
    TlObj ob;
    TlVal seq;
    size_t i;
} BytesIter;

static void bytesiter_mark(TlGC *gc, TlObj *o) { tl_mark(gc, ((BytesIter *)o)->seq); }

static TlVal bytesiter_next(TlThread *th, TlVal self)
{
    BytesIter *it = (BytesIter *)tl_obj(self);
    const uint8_t *p;
    size_t n;
    (void)th;
    tl_bytes_view(it->seq, &p, &n);
    if (it->i >= n) return TL_NULL;
    return tl_mksmall(p[it->i++]);
}

static TlType bytesiter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "bytes_iterator",
    .size = sizeof(BytesIter),
    .mark = bytesiter_mark,
    .iter = tl_iter_self,
    .iternext = bytesiter_next,
};

static TlVal bytes_iter(TlThread *th, TlVal self)
{
    BytesIter *it = tl_alloc(th, &bytesiter_type, sizeof(BytesIter));
    if (!it) return TL_NULL;
    it->seq = self;
    return tl_val(it);
}

/* ------------------------------------------------------ methods */

#define VIEW(v, p, n) const uint8_t *p; size_t n; tl_bytes_view(v, &p, &n)

/* A bytes-like argument or a TypeError naming what was given. */
static bool arg_view(TlThread *th, TlVal v, const uint8_t **p, size_t *n)
{
    if (tl_bytes_view(v, p, n)) return true;
    tl_raise(th, &tl_TypeError, "a bytes-like object is required, not '%s'", tl_type_name(v));
    return false;
}

static TlVal m_decode(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwl[] = {"encoding", "errors", NULL};
    TlVal a[2];
    if (tl_args(th, "decode", args + 1, nargs - 1, kw, kwl, 0, 2, a) < 0) return TL_NULL;
    if ((a[0] && !tl_is_str(a[0])) || (a[1] && !tl_is_str(a[1])))
        return tl_raise(th, &tl_TypeError, "decode() argument '%s' must be str, not %T",
                        a[0] && !tl_is_str(a[0]) ? "encoding" : "errors",
                        a[0] && !tl_is_str(a[0]) ? a[0] : a[1]);
    VIEW(args[0], p, n);
    return tl_str_decode(th, p, n, a[0] ? tl_cstr(a[0]) : "utf-8",
                         a[1] ? tl_cstr(a[1]) : "strict");
}

static TlVal m_hex(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwl[] = {"sep", "bytes_per_sep", NULL};
    TlVal a[2];
    if (tl_args(th, "hex", args + 1, nargs - 1, kw, kwl, 0, 2, a) < 0) return TL_NULL;
    intptr_t per = 1;
    if (a[1] && tl_index(th, a[1], &per) < 0) return TL_NULL;
    const char *sep = NULL;
    if (a[0]) {
        if (!tl_is_str(a[0]) || TL_STR(a[0])->len != 1)
            return tl_raise(th, &tl_ValueError, "sep must be length 1.");
        sep = tl_cstr(a[0]);
    }
    VIEW(args[0], p, n);
    TlBuilder b;
    tl_sb_init(&b);
    size_t group = per < 0 ? (size_t)-per : (size_t)per;
    for (size_t i = 0; i < n; i++) {
        /* separators count groups from the right for positive bytes_per_sep */
        if (sep && group && i > 0 &&
            (per > 0 ? (n - i) % group == 0 : i % group == 0))
            tl_sb_addc(&b, *sep);
        tl_sb_addc(&b, "0123456789abcdef"[p[i] >> 4]);
        tl_sb_addc(&b, "0123456789abcdef"[p[i] & 15]);
    }
    return tl_sb_finish(th, &b);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static TlVal m_fromhex(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "fromhex", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    if (!tl_is_str(args[1]))
        return tl_raise(th, &tl_TypeError, "fromhex() argument must be str, not %T", args[1]);
    const char *s = tl_cstr(args[1]);
    size_t n = TL_STR(args[1])->len;
    TlBuilder b;
    tl_sb_init(&b);
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || (s[i] >= 9 && s[i] <= 13)) { i++; continue; }
        int hi = hexval(s[i]), lo = i + 1 < n ? hexval(s[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            tl_sb_free(&b);
            return tl_raise(th, &tl_ValueError,
                            "non-hexadecimal number found in fromhex() arg at position %zu",
                            hi < 0 ? i : i + 1);
        }
        tl_sb_addc(&b, (char)(hi << 4 | lo));
        i += 2;
    }
    TlType *t = tl_is_type(args[0]) ? TL_TYPE(args[0]) : &tl_bytes_type;
    TlVal r = tl_subtype(t, &tl_bytearray_type) ? bytearray_new(th, &tl_bytearray_type, b.p, b.len)
                                               : tl_bytes_new(th, b.p, b.len);
    tl_sb_free(&b);
    if (r && t != &tl_bytes_type && t != &tl_bytearray_type)
        r = tl_call1(th, args[0], r);          /* subclasses: cls(result) */
    return r;
}

static TlVal m_join(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "join", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    TlVal seq = tl_to_list(th, args[1]);
    if (!seq) return TL_NULL;
    VIEW(args[0], sep, nsep);
    TlBuilder b;
    tl_sb_init(&b);
    for (size_t i = 0; i < TL_LIST(seq)->len; i++) {
        const uint8_t *q;
        size_t m;
        if (!tl_bytes_view(TL_LIST(seq)->items[i], &q, &m)) {
            tl_sb_free(&b);
            return tl_raise(th, &tl_TypeError,
                            "sequence item %zu: expected a bytes-like object, %T found", i,
                            TL_LIST(seq)->items[i]);
        }
        if (i > 0) tl_sb_add(&b, (const char *)sep, nsep);
        tl_sb_add(&b, (const char *)q, m);
    }
    TlVal r = b.oom ? tl_raise_nomem(th) : like(th, args[0], b.p, b.len);
    tl_sb_free(&b);
    return r;
}

static bool bspace(uint8_t c) { return c == ' ' || (c >= 9 && c <= 13); }

static TlVal split_common(TlThread *th, const char *name, TlVal *args, int nargs,
                          TlVal kw, bool rev)
{
    static const char *const kwl[] = {"sep", "maxsplit", NULL};
    TlVal a[2];
    intptr_t maxsplit = -1;
    if (tl_args(th, name, args + 1, nargs - 1, kw, kwl, 0, 2, a) < 0) return TL_NULL;
    if (a[1] && tl_index(th, a[1], &maxsplit) < 0) return TL_NULL;
    const uint8_t *sp = NULL;
    size_t ns = 0;
    if (a[0] && a[0] != TL_NONE) {
        if (!arg_view(th, a[0], &sp, &ns)) return TL_NULL;
        if (ns == 0) return tl_raise(th, &tl_ValueError, "empty separator");
    }
    VIEW(args[0], p, n);
    TlVal list = tl_list_new(th, 0);
    if (!list) return TL_NULL;
    /* Pieces are collected as [lo, hi) byte ranges in reading order. */
    size_t lo = 0, hi = n;
    for (;;) {
        size_t s, e, next_lo = lo, next_hi = hi;
        if (sp) {
            intptr_t r = maxsplit == 0 ? -1
                       : rev ? tl_mem_rfind((const char *)p, lo, hi, (const char *)sp, ns)
                             : tl_mem_find((const char *)p, lo, hi, (const char *)sp, ns);
            if (r < 0) { s = lo; e = hi; next_lo = hi + 1; }
            else if (rev) { s = (size_t)r + ns; e = hi; next_hi = (size_t)r; }
            else { s = lo; e = (size_t)r; next_lo = (size_t)r + ns; }
        } else {
            if (!rev) { while (lo < hi && bspace(p[lo])) lo++; }
            else { while (hi > lo && bspace(p[hi - 1])) hi--; }
            if (lo == hi) break;
            if (maxsplit == 0) { s = lo; e = hi; next_lo = hi + 1; }
            else if (!rev) {
                s = e = lo;
                while (e < hi && !bspace(p[e])) e++;
                next_lo = e;
            } else {
                s = e = hi;
                while (s > lo && !bspace(p[s - 1])) s--;
                next_hi = s;
            }
        }
        TlVal v = like(th, args[0], p + s, e - s);
        if (!v || tl_list_append(th, list, v) < 0) return TL_NULL;
        if (next_lo > hi) break;
        lo = next_lo, hi = next_hi;
        if (maxsplit > 0) maxsplit--;
    }
    if (rev) {
        TlList *l = TL_LIST(list);
        for (size_t i = 0, j = l->len; i + 1 < j; i++, j--) {
            TlVal t = l->items[i];
            l->items[i] = l->items[j - 1];
            l->items[j - 1] = t;
        }
    }
    return list;
}

static TlVal m_split(TlThread *th, TlVal *a, int n, TlVal kw) { return split_common(th, "split", a, n, kw, false); }
static TlVal m_rsplit(TlThread *th, TlVal *a, int n, TlVal kw) { return split_common(th, "rsplit", a, n, kw, true); }

static TlVal strip_common(TlThread *th, const char *name, TlVal *args, int nargs,
                          TlVal kw, bool left, bool right)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 1) < 0) return TL_NULL;
    const uint8_t *cs = NULL;
    size_t nc = 0;
    if (nargs > 1 && args[1] != TL_NONE && !arg_view(th, args[1], &cs, &nc)) return TL_NULL;
    VIEW(args[0], p, n);
    size_t lo = 0, hi = n;
    while (left && lo < hi && (cs ? memchr(cs, p[lo], nc) != NULL : bspace(p[lo]))) lo++;
    while (right && hi > lo && (cs ? memchr(cs, p[hi - 1], nc) != NULL : bspace(p[hi - 1]))) hi--;
    return like(th, args[0], p + lo, hi - lo);
}

static TlVal m_strip(TlThread *th, TlVal *a, int n, TlVal kw) { return strip_common(th, "strip", a, n, kw, true, true); }
static TlVal m_lstrip(TlThread *th, TlVal *a, int n, TlVal kw) { return strip_common(th, "lstrip", a, n, kw, true, false); }
static TlVal m_rstrip(TlThread *th, TlVal *a, int n, TlVal kw) { return strip_common(th, "rstrip", a, n, kw, false, true); }

/* (sub[, start[, end]]) with sub bytes-like or an int; the searched
 * range clamped as slicing does.  Returns false with an exception. */
static bool sub_args(TlThread *th, const char *name, TlVal *args, int nargs, TlVal kw,
                     uint8_t *one, const uint8_t **q, size_t *m, size_t *from, size_t *to)
{
    TlVal a[3];
    if (tl_args(th, name, args + 1, nargs - 1, kw, NULL, 1, 3, a) < 0) return false;
    if (tl_is_int(a[0])) {
        int c = byte_value(th, a[0]);
        if (c < 0) return false;
        *one = (uint8_t)c;
        *q = one;
        *m = 1;
    } else if (!tl_bytes_view(a[0], q, m)) {
        tl_raise(th, &tl_TypeError, "argument should be integer or bytes-like object, not '%s'",
                 tl_type_name(a[0]));
        return false;
    }
    VIEW(args[0], p, n);
    (void)p;
    intptr_t v[2] = {0, (intptr_t)n};
    for (int i = 0; i < 2; i++) {
        if (!a[i + 1] || a[i + 1] == TL_NONE) continue;
        if (tl_index(th, a[i + 1], &v[i]) < 0) return false;
        if (v[i] < 0 && (v[i] += (intptr_t)n) < 0) v[i] = 0;
        if (i == 1 && v[i] > (intptr_t)n) v[i] = (intptr_t)n;
    }
    if (v[1] - v[0] < (intptr_t)*m) { *from = 1; *to = 0; }   /* nothing can match */
    else { *from = (size_t)v[0]; *to = (size_t)v[1]; }
    return true;
}

typedef enum { FIND, RFIND, INDEX, RINDEX, COUNT } FindOp;

static TlVal find_common(TlThread *th, const char *name, TlVal *args, int nargs,
                         TlVal kw, FindOp op)
{
    uint8_t one;
    const uint8_t *q;
    size_t m, from, to;
    if (!sub_args(th, name, args, nargs, kw, &one, &q, &m, &from, &to)) return TL_NULL;
    VIEW(args[0], p, n);
    (void)n;
    if (op == COUNT) {
        if (from > to) return tl_mksmall(0);
        if (m == 0) return tl_mksmall((intptr_t)(to - from + 1));
        intptr_t c = 0, r;
        while ((r = tl_mem_find((const char *)p, from, to, (const char *)q, m)) >= 0) {
            c++;
            from = (size_t)r + m;
        }
        return tl_mksmall(c);
    }
    bool rev = op == RFIND || op == RINDEX;
    intptr_t r = rev ? tl_mem_rfind((const char *)p, from, to, (const char *)q, m)
                     : tl_mem_find((const char *)p, from, to, (const char *)q, m);
    if (r < 0 && (op == INDEX || op == RINDEX))
        return tl_raise(th, &tl_ValueError, "subsection not found");
    return tl_mksmall(r);
}

static TlVal m_find(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "find", a, n, kw, FIND); }
static TlVal m_rfind(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "rfind", a, n, kw, RFIND); }
static TlVal m_index(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "index", a, n, kw, INDEX); }
static TlVal m_rindex(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "rindex", a, n, kw, RINDEX); }
static TlVal m_count(TlThread *th, TlVal *a, int n, TlVal kw) { return find_common(th, "count", a, n, kw, COUNT); }

static TlVal m_replace(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlVal a[3];
    if (tl_args(th, "replace", args + 1, nargs - 1, kw, NULL, 2, 3, a) < 0) return TL_NULL;
    const uint8_t *o, *w;
    size_t no, nw;
    intptr_t count = -1;
    if (!arg_view(th, a[0], &o, &no) || !arg_view(th, a[1], &w, &nw)) return TL_NULL;
    if (a[2] && tl_index(th, a[2], &count) < 0) return TL_NULL;
    VIEW(args[0], p, n);
    TlBuilder b;
    tl_sb_init(&b);
    size_t from = 0;
    if (no == 0) {
        for (; count != 0; count--) {
            tl_sb_add(&b, (const char *)w, nw);
            if (from == n) break;
            tl_sb_addc(&b, (char)p[from++]);
        }
    } else {
        intptr_t r;
        while (count-- != 0 &&
               (r = tl_mem_find((const char *)p, from, n, (const char *)o, no)) >= 0) {
            tl_sb_add(&b, (const char *)p + from, (size_t)r - from);
            tl_sb_add(&b, (const char *)w, nw);
            from = (size_t)r + no;
        }
    }
    tl_sb_add(&b, (const char *)p + from, n - from);
    TlVal r = b.oom ? tl_raise_nomem(th) : like(th, args[0], b.p, b.len);
    tl_sb_free(&b);
    return r;
}

static TlVal affix_common(TlThread *th, const char *name, TlVal *args, int nargs,
                          TlVal kw, bool end)
{
    TlVal a[3];
    if (tl_args(th, name, args + 1, nargs - 1, kw, NULL, 1, 3, a) < 0) return TL_NULL;
    bool tuple = tl_is_tuple(a[0]);
    size_t count = tuple ? TL_TUPLE(a[0])->len : 1;
    for (size_t i = 0; i < count; i++) {
        TlVal x = tuple ? TL_TUPLE(a[0])->items[i] : a[0];
        const uint8_t *q;
        size_t m;
        if (!tl_bytes_view(x, &q, &m))
            return tl_raise(th, &tl_TypeError,
                            "%s first arg must be bytes or a tuple of bytes, not %s", name,
                            tl_type_name(x));
        TlVal sub[4] = {args[0], x, a[1], a[2]};
        uint8_t one;
        size_t from, to;
        if (!sub_args(th, name, sub, a[2] ? 4 : a[1] ? 3 : 2, TL_NULL, &one, &q, &m, &from, &to))
            return TL_NULL;
        VIEW(args[0], p, n);
        (void)n;
        if (from <= to && memcmp(p + (end ? to - m : from), q, m) == 0) return TL_TRUE;
    }
    return TL_FALSE;
}

static TlVal m_startswith(TlThread *th, TlVal *a, int n, TlVal kw) { return affix_common(th, "startswith", a, n, kw, false); }
static TlVal m_endswith(TlThread *th, TlVal *a, int n, TlVal kw) { return affix_common(th, "endswith", a, n, kw, true); }

static TlVal case_common(TlThread *th, const char *name, TlVal *args, int nargs, TlVal kw,
                         bool up)
{
    if (tl_args_n(th, name, nargs - 1, kw, 0, 0) < 0) return TL_NULL;
    VIEW(args[0], p, n);
    TlBuilder b;
    tl_sb_init(&b);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (up && c >= 'a' && c <= 'z') c = (uint8_t)(c - 32);
        else if (!up && c >= 'A' && c <= 'Z') c = (uint8_t)(c + 32);
        tl_sb_addc(&b, (char)c);
    }
    TlVal r = b.oom ? tl_raise_nomem(th) : like(th, args[0], b.p, b.len);
    tl_sb_free(&b);
    return r;
}

static TlVal m_upper(TlThread *th, TlVal *a, int n, TlVal kw) { return case_common(th, "upper", a, n, kw, true); }
static TlVal m_lower(TlThread *th, TlVal *a, int n, TlVal kw) { return case_common(th, "lower", a, n, kw, false); }

/* ------------------------------------------------------ bytearray methods */

static TlVal m_append(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "append", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    int c = byte_value(th, args[1]);
    if (c < 0) return TL_NULL;
    TlByteArray *a = BA(args[0]);
    tl_lock(th, &a->ob);
    int r = ba_reserve(th, a, 1);
    if (r == 0) a->data[a->len++] = (uint8_t)c;
    tl_unlock(th, &a->ob);
    return r < 0 ? TL_NULL : TL_NONE;
}

static TlVal m_extend(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "extend", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    TlBuilder b;
    tl_sb_init(&b);
    const uint8_t *q;
    size_t m;
    TlVal src[3] = {args[1], TL_NULL, TL_NULL};
    if (tl_bytes_view(args[1], &q, &m)) tl_sb_add(&b, (const char *)q, m);
    else if (tl_is_str(args[1]) || tl_is_int(args[1])) {
        tl_sb_free(&b);
        return tl_raise(th, &tl_TypeError, tl_is_str(args[1])
                        ? "expected iterable of integers; got: 'str'"
                        : "can't extend bytearray with %s", tl_type_name(args[1]));
    } else if (source_bytes(th, src, &b, "bytearray") < 0) {
        tl_sb_free(&b);
        return TL_NULL;
    }
    TlByteArray *a = BA(args[0]);
    tl_lock(th, &a->ob);
    int r = b.oom ? (tl_raise_nomem(th), -1) : ba_reserve(th, a, b.len);
    if (r == 0 && b.len) {
        memcpy(a->data + a->len, b.p, b.len);
        a->len += b.len;
    }
    tl_unlock(th, &a->ob);
    tl_sb_free(&b);
    return r < 0 ? TL_NULL : TL_NONE;
}

/* ba += x extends in place (other references see the change). */
static TlVal m_iadd(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    const uint8_t *q;
    size_t m;
    if (tl_args_n(th, "__iadd__", nargs - 1, kw, 1, 1) < 0) return TL_NULL;
    if (!tl_bytes_view(args[1], &q, &m)) return TL_NOTIMPL;
    TlVal r = m_extend(th, args, nargs, kw);
    return r ? args[0] : TL_NULL;
}

static TlVal m_reverse(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "reverse", nargs - 1, kw, 0, 0) < 0) return TL_NULL;
    TlByteArray *a = BA(args[0]);
    tl_lock(th, &a->ob);
    for (size_t i = 0, j = a->len; i + 1 < j; i++, j--) {
        uint8_t t = a->data[i];
        a->data[i] = a->data[j - 1];
        a->data[j - 1] = t;
    }
    tl_unlock(th, &a->ob);
    return TL_NONE;
}

static TlVal m_pop(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "pop", nargs - 1, kw, 0, 1) < 0) return TL_NULL;
    intptr_t i = -1;
    if (nargs > 1 && tl_index(th, args[1], &i) < 0) return TL_NULL;
    TlByteArray *a = BA(args[0]);
    TlVal r = TL_NULL;
    tl_lock(th, &a->ob);
    if (a->len == 0) tl_raise(th, &tl_IndexError, "pop from empty bytearray");
    else {
        if (i < 0) i += (intptr_t)a->len;
        if (i < 0 || (size_t)i >= a->len) tl_raise(th, &tl_IndexError, "pop index out of range");
        else {
            r = tl_mksmall(a->data[i]);
            memmove(a->data + i, a->data + i + 1, a->len - (size_t)i - 1);
            a->len--;
        }
    }
    tl_unlock(th, &a->ob);
    return r;
}

static TlVal m_clear(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "clear", nargs - 1, kw, 0, 0) < 0) return TL_NULL;
    TlByteArray *a = BA(args[0]);
    tl_lock(th, &a->ob);
    a->len = 0;
    tl_unlock(th, &a->ob);
    return TL_NONE;
}

static TlVal m_copy(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "copy", nargs - 1, kw, 0, 0) < 0) return TL_NULL;
    VIEW(args[0], p, n);
    return bytearray_new(th, &tl_bytearray_type, p, n);
}

#define COMMON_METHODS                                                           \
    {"decode", m_decode, 0}, {"hex", m_hex, 0},                                  \
    {"fromhex", m_fromhex, TL_METH_CLASS}, {"join", m_join, 0},                 \
    {"split", m_split, 0}, {"rsplit", m_rsplit, 0}, {"strip", m_strip, 0},       \
    {"lstrip", m_lstrip, 0}, {"rstrip", m_rstrip, 0}, {"find", m_find, 0},       \
    {"rfind", m_rfind, 0}, {"index", m_index, 0}, {"rindex", m_rindex, 0},       \
    {"count", m_count, 0}, {"replace", m_replace, 0},                            \
    {"startswith", m_startswith, 0}, {"endswith", m_endswith, 0},                \
    {"upper", m_upper, 0}, {"lower", m_lower, 0}

static const TlMethodDef bytes_methods[] = {COMMON_METHODS, {NULL, NULL, 0}};

static const TlMethodDef bytearray_methods[] = {
    COMMON_METHODS,
    {"append", m_append, 0}, {"extend", m_extend, 0}, {"pop", m_pop, 0},
    {"clear", m_clear, 0}, {"copy", m_copy, 0}, {"reverse", m_reverse, 0},
    {"__iadd__", m_iadd, 0},
    {NULL, NULL, 0},
};

TlType tl_bytes_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "bytes",
    .size = sizeof(TlBytes),
    .itemsize = 1,
    .flags = TL_TF_BASETYPE | TL_TF_BYTES,
    .tp_new = bytes_tp_new,
    .repr = bytes_repr,
    .hash = bytes_hash,
    .richcmp = bytes_richcmp,
    .binop = bytes_binop,
    .len = bytes_len,
    .getitem = bytes_getitem,
    .contains = bytes_contains,
    .iter = bytes_iter,
    .methods = bytes_methods,
};

TlType tl_bytearray_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "bytearray",
    .size = sizeof(TlByteArray),
    .flags = TL_TF_BASETYPE,
    .mark = bytearray_mark,
    .tp_new = bytearray_tp_new,
    .tp_init = bytearray_init,
    .repr = bytes_repr,
    .hash = bytearray_hash,
    .richcmp = bytes_richcmp,
    .binop = bytes_binop,
    .len = bytes_len,
    .getitem = bytes_getitem,
    .setitem = bytearray_setitem,
    .contains = bytes_contains,
    .iter = bytes_iter,
    .methods = bytearray_methods,
};

void tl_bytes_init(TlThread *th)
{
    tl_type_ready(th, &tl_bytes_type);
    tl_type_ready(th, &tl_bytearray_type);
    tl_type_ready(th, &bytesiter_type);
}
