/*
 * dict.c -- dict, its views and iterators.
 *
 * Layout (declared in tl.h): one GC buffer holds a power-of-two table of
 * int32 indexes (-1 empty, -2 deleted) followed by the entries in insertion
 * order, so iteration order is insertion order and the table stays dense.
 * Probing follows CPython (i = i*5 + perturb + 1, perturb >>= 5); a table
 * holds at most 2/3 of its size in entries and then is rebuilt compacted at
 * three times the live count.  `kver` changes on every key insertion,
 * deletion and rebuild but never on a value update: the interpreter caches
 * (kver, entry index) pairs for globals and attributes.
 *
 * Concurrency follows list.c: lookups are lock-free (an entry is fully
 * written before its index slot is published; a rebuilt table is published
 * whole), writers hold the object lock.  A key comparison may run a user
 * __eq__, so it never happens under the lock: a writer looks the key up
 * first, then locks and commits only if kver is unchanged (else retries).
 * A lookup restarts when the table or the probed entry changed under a
 * user __eq__, like CPython.
 *
 * The VM creates dicts before the str type is ready, so nothing here needs
 * type initialisation: str and small-int keys are hashed and compared
 * directly.
 */
#include <string.h>

#include "tl.h"

#define LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

enum { IX_EMPTY = -1, IX_DUMMY = -2, MIN_LOG2 = 3, PERTURB_SHIFT = 5 };

#define SIZE(k) ((size_t)1 << (k)->log2size)

/* ------------------------------------------------------------- tables */

static TlDictKeys *keys_new(TlThread *th, uint32_t log2)
{
    size_t size = (size_t)1 << log2, usable = (size << 1) / 3;
    TlDictKeys *k = tl_alloc_buf(th, sizeof(TlDictKeys) + size * sizeof(int32_t) +
                                         usable * sizeof(TlDictEntry));
    if (!k)
        return NULL;
    k->log2size = log2;
    k->usable = (uint32_t)usable;
    memset(k->index, 0xff, size * sizeof(int32_t));
    return k;
}

/* Smallest table whose usable part holds n entries. */
static uint32_t log2_for(size_t n)
{
    uint32_t l = MIN_LOG2;
    while ((((size_t)1 << l) << 1) / 3 < n)
        l++;
    return l;
}

/* The first free (empty or deleted) index slot on hash's probe path. */
static size_t free_slot(TlDictKeys *k, TlHash hash)
{
    size_t mask = SIZE(k) - 1, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    while (k->index[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* The index slot that points at entry ix. */
static size_t slot_of(TlDictKeys *k, TlHash hash, intptr_t ix)
{
    size_t mask = SIZE(k) - 1, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    while (k->index[i] != ix) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* Append an entry known to be new (lock held, room available). */
static void append_entry(TlDictKeys *k, TlVal key, TlHash hash, TlVal value)
{
    uint32_t n = k->nentries;
    TlDictEntry *e = &tl_dict_entries(k)[n];
    e->hash = hash;
    STORE(&e->value, value);
    STORE(&e->key, key);
    STORE(&k->index[free_slot(k, hash)], (int32_t)n);
    STORE(&k->nentries, n + 1);
}

static void bump(TlDict *d)
{
    STORE(&d->kver, d->kver + 1);
}

/* Copy the live entries of `from` (may be NULL) into a new table. */
static TlDictKeys *rebuilt(TlThread *th, TlDictKeys *from, uint32_t log2)
{
    TlDictKeys *k = keys_new(th, log2);
    if (!k || !from)
        return k;
    TlDictEntry *e = tl_dict_entries(from);
    for (uint32_t i = 0; i < from->nentries; i++) {
        TlVal key = LOAD(&e[i].key), value = LOAD(&e[i].value);
        if (key && value)
            append_entry(k, key, e[i].hash, value);
    }
    return k;
}

/* Grow (lock held): CPython sizes the new table for 3x the live count. */
static int grow(TlThread *th, TlDict *d)
{
    size_t want = d->used * 3;
    uint32_t log2 = MIN_LOG2;
    while (((size_t)1 << log2) < want)
        log2++;
    TlDictKeys *k = rebuilt(th, d->keys, log2);
    if (!k)
        return -1;
    STORE(&d->keys, k);
    bump(d);
    return 0;
}

static int insert_new(TlThread *th, TlDict *d, TlVal key, TlHash hash, TlVal value)
{
    if ((!d->keys || d->keys->nentries >= d->keys->usable) && grow(th, d) < 0)
        return -1;
    append_entry(d->keys, key, hash, value);
    STORE(&d->used, d->used + 1);
    bump(d);
    return 0;
}

static void delete_entry(TlDict *d, intptr_t ix)
{
    TlDictKeys *k = d->keys;
    TlDictEntry *e = &tl_dict_entries(k)[ix];
    STORE(&k->index[slot_of(k, e->hash, ix)], IX_DUMMY);
    STORE(&e->key, TL_NULL);
    STORE(&e->value, TL_NULL);
    STORE(&d->used, d->used - 1);
    bump(d);
}

/* -------------------------------------------------------------- lookup */

static bool plain_int(TlVal v)
{
    return tl_is_small(v) || tl_is_exact(v, &tl_int_type) || tl_is_exact(v, &tl_bool_type);
}

/* Key equality decidable without running Python: 1, 0, or -1 (ask tl_eq). */
static int quick_eq(TlVal a, TlVal b)
{
    if (a == b)
        return 1;
    bool sa = tl_is_exact_str(a), sb = tl_is_exact_str(b);
    if (sa && sb)
        return tl_str_eq(a, b);
    if (plain_int(a) && plain_int(b))
        return tl_int_cmp(a, b) == 0;
    if ((sa && plain_int(b)) || (sb && plain_int(a)))
        return 0;
    return -1;
}

static int key_hash(TlThread *th, TlVal key, TlHash *h)
{
    if (tl_is_exact_str(key))
        *h = tl_str_hash(key);
    else if (tl_is_small(key))
        *h = tl_int_hash(key);
    else if ((*h = tl_hash(th, key)) == -1)
        return -1;
    return 0;
}

/* Entry index of key, -1 absent, -2 error; *kp gets the table the answer
 * refers to.  `pin` (or TL_NULL) is kept alive across a user __eq__. */
static intptr_t lookup(TlThread *th, TlDict *d, TlVal key, TlHash hash, TlDictKeys **kp,
                       TlVal pin)
{
restart:;
    TlDictKeys *k = LOAD(&d->keys);
    *kp = k;
    if (!k)
        return -1;
    TlDictEntry *ents = tl_dict_entries(k);
    size_t mask = SIZE(k) - 1, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    for (;;) {
        int32_t ix = LOAD(&k->index[i]);
        if (ix == IX_EMPTY)
            return -1;
        if (ix >= 0) {
            TlDictEntry *e = &ents[ix];
            TlVal ek = LOAD(&e->key);
            if (ek == key)
                return ix;
            if (ek && e->hash == hash) {
                int c = quick_eq(ek, key);
                if (c < 0) {
                    uint32_t m = tl_roots_mark(th);
                    tl_root(th, ek);
                    tl_root(th, key);
                    if (pin)
                        tl_root(th, pin);
                    c = tl_eq(th, ek, key);
                    tl_roots_reset(th, m);
                    if (c < 0)
                        return -2;
                    if (LOAD(&d->keys) != k || LOAD(&e->key) != ek)
                        goto restart;
                }
                if (c)
                    return ix;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* 1 found (*v), 0 absent, -1 error. */
static int get_h(TlThread *th, TlVal dv, TlVal key, TlHash hash, TlVal *v)
{
    TlDictKeys *k;
    intptr_t ix = lookup(th, TL_DICT(dv), key, hash, &k, TL_NULL);
    if (ix < 0)
        return ix == -2 ? -1 : 0;
    *v = LOAD(&tl_dict_entries(k)[ix].value);
    return *v != TL_NULL;
}

static int get(TlThread *th, TlVal dv, TlVal key, TlVal *v)
{
    TlHash h;
    if (key_hash(th, key, &h) < 0)
        return -1;
    return get_h(th, dv, key, h, v);
}

/* Store key -> value; with `keep` an existing value stays (setdefault).
 * Returns the value now mapped, TL_NULL on error. */
static TlVal put(TlThread *th, TlVal dv, TlVal key, TlHash hash, TlVal value, bool keep)
{
    TlDict *d = TL_DICT(dv);
    for (;;) {
        uint64_t ver = LOAD(&d->kver);
        TlDictKeys *k;
        intptr_t ix = lookup(th, d, key, hash, &k, value);
        if (ix == -2)
            return TL_NULL;
        tl_lock(th, &d->ob);
        if (d->kver != ver || d->keys != k) {
            tl_unlock(th, &d->ob);
            continue;
        }
        TlVal r = value;
        if (ix >= 0) {
            TlDictEntry *e = &tl_dict_entries(k)[ix];
            if (keep)
                r = e->value;
            else
                STORE(&e->value, value);
        } else if (insert_new(th, d, key, hash, value) < 0) {
            r = TL_NULL;
        }
        tl_unlock(th, &d->ob);
        return r;
    }
}

/* Remove key: 1 removed (*old), 0 absent, -1 error. */
static int take(TlThread *th, TlVal dv, TlVal key, TlVal *old)
{
    TlDict *d = TL_DICT(dv);
    TlHash hash;
    if (key_hash(th, key, &hash) < 0)
        return -1;
    for (;;) {
        uint64_t ver = LOAD(&d->kver);
        TlDictKeys *k;
        intptr_t ix = lookup(th, d, key, hash, &k, TL_NULL);
        if (ix < 0)
            return ix == -2 ? -1 : 0;
        tl_lock(th, &d->ob);
        if (d->kver != ver || d->keys != k) {
            tl_unlock(th, &d->ob);
            continue;
        }
        *old = tl_dict_entries(k)[ix].value;
        delete_entry(d, ix);
        tl_unlock(th, &d->ob);
        return 1;
    }
}

/* ------------------------------------------------------------ C API */

static TlDict *dict_alloc(TlThread *th, TlType *t)
{
    return tl_alloc(th, t, t->size);
}

TlVal tl_dict_new(TlThread *th)
{
    return tl_val(dict_alloc(th, &tl_dict_type));
}

TlVal tl_dict_get(TlThread *th, TlVal d, TlVal key)
{
    TlVal v = TL_NULL;
    return get(th, d, key, &v) > 0 ? v : TL_NULL;
}

/* Probe for a str key without running code: identity, then str equality
 * (a non-str key that merely claims equality with a str is not seen). */
static intptr_t probe_str(TlDictKeys *k, TlVal key)
{
    if (!k)
        return -1;
    TlHash hash = tl_str_hash(key);
    TlDictEntry *ents = tl_dict_entries(k);
    size_t mask = SIZE(k) - 1, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    for (;;) {
        int32_t ix = LOAD(&k->index[i]);
        if (ix == IX_EMPTY)
            return -1;
        if (ix >= 0) {
            TlVal ek = LOAD(&ents[ix].key);
            if (ek == key || (ek && ents[ix].hash == hash && tl_is_str(ek) && tl_str_eq(ek, key)))
                return ix;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

TlVal tl_dict_get_str(TlVal d, TlVal key)
{
    TlDictKeys *k = LOAD(&TL_DICT(d)->keys);
    intptr_t ix = probe_str(k, key);
    return ix < 0 ? TL_NULL : LOAD(&tl_dict_entries(k)[ix].value);
}

intptr_t tl_dict_index_str(TlVal d, TlVal key)
{
    return probe_str(LOAD(&TL_DICT(d)->keys), key);
}

int tl_dict_set(TlThread *th, TlVal d, TlVal key, TlVal value)
{
    TlHash h;
    if (tl_is_exact_str(key) || tl_is_small(key)) {
        key_hash(th, key, &h);
        return put(th, d, key, h, value, false) ? 0 : -1;
    }
    uint32_t m = tl_roots_mark(th);    /* a user __hash__ may collect */
    tl_root(th, key);
    tl_root(th, value);
    int r = key_hash(th, key, &h) < 0 || !put(th, d, key, h, value, false) ? -1 : 0;
    tl_roots_reset(th, m);
    return r;
}

int tl_dict_del(TlThread *th, TlVal d, TlVal key)
{
    TlVal old;
    int r = take(th, d, key, &old);
    if (r == 0)
        tl_raise_key(th, key);
    return r > 0 ? 0 : -1;
}

/* Next live entry at or after *pos in a snapshot of the table. */
static TlDictEntry *next_entry(TlVal d, size_t *pos, TlDictEntry *out)
{
    TlDictKeys *k = LOAD(&TL_DICT(d)->keys);
    if (!k)
        return NULL;
    size_t n = LOAD(&k->nentries);
    TlDictEntry *e = tl_dict_entries(k);
    while (*pos < n) {
        TlDictEntry *x = &e[(*pos)++];
        out->key = LOAD(&x->key);
        out->value = LOAD(&x->value);
        out->hash = x->hash;
        if (out->key && out->value)
            return out;
    }
    return NULL;
}

bool tl_dict_next(TlVal d, size_t *pos, TlVal *key, TlVal *value)
{
    TlDictEntry e;
    if (!next_entry(d, pos, &e))
        return false;
    *key = e.key;
    *value = e.value;
    return true;
}

static TlVal copy_as(TlThread *th, TlVal src, TlType *t)
{
    TlDict *d = dict_alloc(th, t), *s = TL_DICT(src);
    if (!d)
        return TL_NULL;
    size_t used = LOAD(&s->used);
    if (used) {
        TlDictKeys *k = rebuilt(th, LOAD(&s->keys), log2_for(used));
        if (!k)
            return TL_NULL;
        d->keys = k;
        d->used = k->nentries;
    }
    return tl_val(d);
}

TlVal tl_dict_copy(TlThread *th, TlVal d)
{
    return copy_as(th, d, &tl_dict_type);
}

/* The key is interned: such keys are names (builtins, module attributes),
 * and the VM's caches find entries by the identity of interned names. */
int tl_dict_set_cstr(TlThread *th, TlVal d, const char *key, TlVal value)
{
    TlVal k = tl_intern_cstr(th, key);
    return k ? tl_dict_set(th, d, k, value) : -1;
}

TlVal tl_dict_get_cstr(TlThread *th, TlVal d, const char *key)
{
    TlVal k = tl_str_cstr(th, key);
    return k ? tl_dict_get_str(d, k) : TL_NULL;
}

/* ------------------------------------------------------------- update */

/* A dict whose keys() is dict's own: its entries can be read directly. */
static bool plain_mapping(TlVal v)
{
    if (tl_is_exact(v, &tl_dict_type))
        return true;
    return tl_is_dict(v) &&
           tl_type_lookup(tl_type(v), TLN(keys)) == tl_type_lookup(&tl_dict_type, TLN(keys));
}

static int merge_dict(TlThread *th, TlVal d, TlVal other)
{
    TlDict *o = TL_DICT(other);
    size_t used = LOAD(&o->used), pos = 0;
    TlDictEntry e;
    while (next_entry(other, &pos, &e)) {
        if (!put(th, d, e.key, e.hash, e.value, false))
            return -1;
        if (LOAD(&o->used) != used) {
            tl_raise(th, &tl_RuntimeError, "dict mutated during update");
            return -1;
        }
    }
    return 0;
}

/* for k in other.keys(): d[k] = other[k] */
static int merge_keys(TlThread *th, TlVal d, TlVal other, TlVal keys_method)
{
    TlVal keys = tl_call0(th, keys_method), it, k;
    if (!keys || !(it = tl_iter(th, keys)))
        return -1;
    tl_root(th, it);
    while ((k = tl_next(th, it))) {
        tl_root(th, k);
        TlVal v = tl_getitem(th, other, k);
        if (!v || tl_dict_set(th, d, k, v) < 0)
            return -1;
        th->nroots--;
    }
    return th->exc ? -1 : 0;
}

/* for k, v in pairs: d[k] = v, with CPython's messages for bad items. */
static int merge_pairs(TlThread *th, TlVal d, TlVal pairs)
{
    TlVal it = tl_iter(th, pairs), item;
    if (!it)
        return -1;
    tl_root(th, it);
    for (intptr_t n = 0; (item = tl_next(th, it)); n++) {
        TlVal seq = tl_to_tuple(th, item);
        if (!seq) {
            if (tl_exc_matches(th, &tl_TypeError)) {
                tl_exc_clear(th);
                tl_raise(th, &tl_TypeError,
                         "cannot convert dictionary update sequence element #%zd to a sequence",
                         n);
            }
            return -1;
        }
        TlTuple *t = TL_TUPLE(seq);
        if (t->len != 2) {
            tl_raise(th, &tl_ValueError,
                     "dictionary update sequence element #%zd has length %zu; 2 is required",
                     n, t->len);
            return -1;
        }
        tl_root(th, seq);
        int r = tl_dict_set(th, d, t->items[0], t->items[1]);
        th->nroots--;
        if (r < 0)
            return -1;
    }
    return th->exc ? -1 : 0;
}

int tl_dict_update(TlThread *th, TlVal d, TlVal other)
{
    if (plain_mapping(other))
        return merge_dict(th, d, other);
    uint32_t m = tl_roots_mark(th);
    tl_root(th, d);
    tl_root(th, other);
    TlVal keys = tl_getattr_opt(th, other, TLN(keys));
    int r;
    if (keys) {
        tl_root(th, keys);
        r = merge_keys(th, d, other, keys);
    } else {
        r = th->exc ? -1 : merge_pairs(th, d, other);
    }
    tl_roots_reset(th, m);
    return r;
}

/* dict(arg, **kw) and d.update(arg, **kw) */
static int update_args(TlThread *th, TlVal d, TlVal *args, int nargs, TlVal kw,
                       const char *fname)
{
    if (nargs > 1) {
        tl_raise(th, &tl_TypeError, "%s expected at most 1 argument, got %d", fname, nargs);
        return -1;
    }
    if (nargs == 1 && tl_dict_update(th, d, args[0]) < 0)
        return -1;
    size_t nkw = kw ? TL_TUPLE(kw)->len : 0;
    for (size_t i = 0; i < nkw; i++)
        if (tl_dict_set(th, d, TL_TUPLE(kw)->items[i], args[nargs + (int)i]) < 0)
            return -1;
    return 0;
}

/* -------------------------------------------------------------- slots */

static void dict_mark(TlGC *gc, TlObj *o)
{
    TlDictKeys *k = ((TlDict *)o)->keys;
    if (!k)
        return;
    tl_mark_buf(gc, k);
    TlDictEntry *e = tl_dict_entries(k);
    for (uint32_t i = 0; i < k->nentries; i++) {
        tl_mark(gc, e[i].key);
        tl_mark(gc, e[i].value);
    }
}

static TlVal dict_repr(TlThread *th, TlVal self)
{
    if (LOAD(&TL_DICT(self)->used) == 0)
        return tl_str_cstr(th, "{}");
    TlReprGuard g;
    int st = tl_repr_enter(th, &g, self);
    if (st <= 0)
        return st < 0 ? TL_NULL : tl_str_cstr(th, "{...}");
    TlBuilder b;
    tl_sb_init(&b);
    tl_sb_addc(&b, '{');
    uint32_t m = tl_roots_mark(th);
    size_t pos = 0;
    TlDictEntry e;
    bool first = true, ok = true;
    while (ok && next_entry(self, &pos, &e)) {
        tl_root(th, e.key);      /* the reprs may remove the entry */
        tl_root(th, e.value);
        TlVal rk = tl_repr(th, e.key), rv = rk ? tl_repr(th, e.value) : TL_NULL;
        if (!rv) {
            ok = false;
            break;
        }
        if (!first)
            tl_sb_add(&b, ", ", 2);
        first = false;
        tl_sb_addv(&b, rk);
        tl_sb_add(&b, ": ", 2);
        tl_sb_addv(&b, rv);
        tl_roots_reset(th, m);
    }
    tl_roots_reset(th, m);
    tl_repr_leave(th, &g);
    if (!ok) {
        tl_sb_free(&b);
        return TL_NULL;
    }
    tl_sb_addc(&b, '}');
    return tl_sb_finish(th, &b);
}

/* 1 equal, 0 not, -1 error: same size and every a[k] == b[k]. */
static int dict_equal(TlThread *th, TlVal a, TlVal b)
{
    if (LOAD(&TL_DICT(a)->used) != LOAD(&TL_DICT(b)->used))
        return 0;
    uint32_t m = tl_roots_mark(th);
    size_t pos = 0;
    TlDictEntry e;
    int r = 1;
    while (r == 1 && next_entry(a, &pos, &e)) {
        tl_root(th, e.key);
        tl_root(th, e.value);
        TlVal bv;
        r = get_h(th, b, e.key, e.hash, &bv);
        if (r == 1) {
            tl_root(th, bv);
            r = tl_eq(th, e.value, bv);
        }
        tl_roots_reset(th, m);
    }
    return r;
}

static TlVal dict_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (!tl_is_dict(a) || !tl_is_dict(b) || (op != TL_EQ && op != TL_NE))
        return TL_NOTIMPL;
    int r = dict_equal(th, a, b);
    return r < 0 ? TL_NULL : tl_bool(r == (op == TL_EQ));
}

static int dict_contains(TlThread *th, TlVal self, TlVal key)
{
    TlVal v;
    return get(th, self, key, &v);
}

static TlVal dict_getitem(TlThread *th, TlVal self, TlVal key)
{
    TlVal v;
    int r = get(th, self, key, &v);
    if (r != 0)
        return r > 0 ? v : TL_NULL;
    if (!tl_is_exact(self, &tl_dict_type) && tl_type_lookup(tl_type(self), TLN(__missing__)))
        return tl_call_method(th, self, TLN(__missing__), &key, 1);
    return tl_raise_key(th, key);
}

static int dict_setitem(TlThread *th, TlVal self, TlVal key, TlVal value)
{
    return value ? tl_dict_set(th, self, key, value) : tl_dict_del(th, self, key);
}

static int64_t dict_len(TlThread *th, TlVal self)
{
    (void)th;
    return (int64_t)LOAD(&TL_DICT(self)->used);
}

static TlVal dict_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    if (op != TL_OP_OR || !tl_is_dict(a) || !tl_is_dict(b))
        return TL_NOTIMPL;
    TlVal r = tl_dict_copy(th, a);
    if (!r)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, r);
    int st = tl_dict_update(th, r, b);
    tl_roots_reset(th, m);
    return st < 0 ? TL_NULL : r;
}

static TlVal dict_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return tl_val(dict_alloc(th, t));
}

static int dict_tp_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    uint32_t m = tl_roots_mark(th);
    tl_root(th, self);           /* a fresh instance is on no value stack */
    int r = update_args(th, self, args, nargs, kw, "dict");
    tl_roots_reset(th, m);
    return r;
}

/* ---------------------------------------------------------- iterators */

enum { IT_KEYS, IT_VALUES, IT_ITEMS };

typedef struct DictIter {
    TlObj ob;
    TlVal dict;                /* TL_NULL once exhausted */
    intptr_t pos;              /* next entry (reverse: counts down) */
    intptr_t used;             /* size when created; -1: failed */
    intptr_t left;             /* items still expected */
    int kind;
    bool rev;
} DictIter;

static void iter_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((DictIter *)o)->dict);
}

static TlVal dict_iternext(TlThread *th, TlVal self);

#define DICT_ITER_TYPE(cn) \
    {.ob = TL_STATIC_HDR(&tl_type_type), .cname = cn, .size = sizeof(DictIter), \
     .mark = iter_mark, .iter = tl_iter_self, .iternext = dict_iternext}

/* Indexed by kind, +3 for reverse. */
static TlType iter_types[6] = {
    DICT_ITER_TYPE("dict_keyiterator"),
    DICT_ITER_TYPE("dict_valueiterator"),
    DICT_ITER_TYPE("dict_itemiterator"),
    DICT_ITER_TYPE("dict_reversekeyiterator"),
    DICT_ITER_TYPE("dict_reversevalueiterator"),
    DICT_ITER_TYPE("dict_reverseitemiterator"),
};

static TlVal iter_new(TlThread *th, TlVal d, int kind, bool rev)
{
    DictIter *it = tl_alloc(th, &iter_types[kind + (rev ? 3 : 0)], sizeof(DictIter));
    if (!it)
        return TL_NULL;
    TlDictKeys *k = LOAD(&TL_DICT(d)->keys);
    it->dict = d;
    it->used = it->left = (intptr_t)LOAD(&TL_DICT(d)->used);
    it->pos = rev ? (k ? (intptr_t)LOAD(&k->nentries) - 1 : -1) : 0;
    it->kind = kind;
    it->rev = rev;
    return tl_val(it);
}

static bool iter_step(DictIter *it, TlDictEntry *out)
{
    TlDictKeys *k = LOAD(&TL_DICT(it->dict)->keys);
    if (!k)
        return false;
    intptr_t n = (intptr_t)LOAD(&k->nentries);
    TlDictEntry *e = tl_dict_entries(k);
    while (it->pos >= 0 && it->pos < n) {
        TlDictEntry *x = &e[it->pos];
        it->pos += it->rev ? -1 : 1;
        out->key = LOAD(&x->key);
        out->value = LOAD(&x->value);
        if (out->key && out->value)
            return true;
    }
    return false;
}

static TlVal dict_iternext(TlThread *th, TlVal self)
{
    DictIter *it = (DictIter *)tl_obj(self);
    if (!it->dict)
        return TL_NULL;
    if (it->used != (intptr_t)LOAD(&TL_DICT(it->dict)->used)) {
        it->used = -1;
        return tl_raise(th, &tl_RuntimeError, "dictionary changed size during iteration");
    }
    TlDictEntry e;
    if (!iter_step(it, &e)) {
        it->dict = TL_NULL;
        return TL_NULL;
    }
    if (it->left-- == 0) {
        it->dict = TL_NULL;
        return tl_raise(th, &tl_RuntimeError, "dictionary keys changed during iteration");
    }
    switch (it->kind) {
    case IT_KEYS: return e.key;
    case IT_VALUES: return e.value;
    default: return tl_tuple_pack(th, 2, e.key, e.value);
    }
}

static TlVal dict_iter(TlThread *th, TlVal self)
{
    return iter_new(th, self, IT_KEYS, false);
}

/* -------------------------------------------------------------- views */

typedef struct DictView {
    TlObj ob;
    TlVal dict;
} DictView;

static TlType view_types[3];
#define VIEW_DICT(v) (((DictView *)tl_obj(v))->dict)

static int view_kind(TlVal v)
{
    for (int i = 0; i < 3; i++)
        if (tl_is_exact(v, &view_types[i]))
            return i;
    return -1;
}

static TlVal view_new(TlThread *th, TlVal d, int kind)
{
    DictView *v = tl_alloc(th, &view_types[kind], sizeof(DictView));
    if (!v)
        return TL_NULL;
    v->dict = d;
    return tl_val(v);
}

static void view_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((DictView *)o)->dict);
}

static int64_t view_len(TlThread *th, TlVal self)
{
    return dict_len(th, VIEW_DICT(self));
}

static TlVal view_iter(TlThread *th, TlVal self)
{
    return iter_new(th, VIEW_DICT(self), view_kind(self), false);
}

static TlVal view_repr(TlThread *th, TlVal self)
{
    TlReprGuard g;
    int st = tl_repr_enter(th, &g, self);
    if (st <= 0)
        return st < 0 ? TL_NULL : tl_str_cstr(th, "...");
    TlVal list = tl_to_list(th, self), r = TL_NULL;
    if (list)
        r = tl_str_fmt(th, "%s(%R)", tl_type(self)->cname, list);
    tl_repr_leave(th, &g);
    return r;
}

static int view_contains(TlThread *th, TlVal self, TlVal x)
{
    TlVal d = VIEW_DICT(self), v;
    if (view_kind(self) == IT_KEYS)
        return dict_contains(th, d, x);
    if (!tl_is_tuple(x) || TL_TUPLE(x)->len != 2)
        return 0;
    int r = get(th, d, TL_TUPLE(x)->items[0], &v);
    return r <= 0 ? r : tl_eq(th, v, TL_TUPLE(x)->items[1]);
}

static bool set_like(TlVal v)
{
    int k = view_kind(v);
    return (!tl_is_small(v) && tl_has_flag(v, TL_TF_SET)) || k == IT_KEYS || k == IT_ITEMS;
}

/* Every item of a is in b: 1, 0, -1. */
static int all_in(TlThread *th, TlVal a, TlVal b)
{
    TlVal it = tl_iter(th, a), x;
    if (!it)
        return -1;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, it);
    int r = 1;
    while (r == 1 && (x = tl_next(th, it)))
        r = tl_contains(th, b, x);
    if (th->exc)
        r = -1;
    tl_roots_reset(th, m);
    return r;
}

static TlVal view_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (!set_like(a) || !set_like(b))
        return TL_NOTIMPL;
    int64_t la = tl_len(th, a), lb = tl_len(th, b);
    if (la < 0 || lb < 0)
        return TL_NULL;
    int r;
    switch (op) {
    case TL_EQ: case TL_NE: r = la == lb ? all_in(th, a, b) : 0; break;
    case TL_LT: r = la < lb ? all_in(th, a, b) : 0; break;
    case TL_LE: r = la <= lb ? all_in(th, a, b) : 0; break;
    case TL_GT: r = la > lb ? all_in(th, b, a) : 0; break;
    default: r = la >= lb ? all_in(th, b, a) : 0; break;
    }
    if (r < 0)
        return TL_NULL;
    return tl_bool(op == TL_NE ? !r : r);
}

/* view op other: set(view) then the matching in-place set method. */
static TlVal view_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    const char *meth;
    switch (op) {
    case TL_OP_AND: meth = "intersection_update"; break;
    case TL_OP_OR: meth = "update"; break;
    case TL_OP_SUB: meth = "difference_update"; break;
    case TL_OP_XOR: meth = "symmetric_difference_update"; break;
    default: return TL_NOTIMPL;
    }
    if (op == TL_OP_AND && view_kind(a) < 0) {   /* the view's items first */
        TlVal t = a;
        a = b;
        b = t;
    }
    TlVal s = tl_set_new(th, &tl_set_type), name;
    if (!s)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, s);
    TlVal r = TL_NULL;
    if ((name = tl_intern_cstr(th, "update")) && tl_call_method(th, s, name, &a, 1) &&
        (name = tl_intern_cstr(th, meth)) && tl_call_method(th, s, name, &b, 1))
        r = s;
    tl_roots_reset(th, m);
    return r;
}

static TlVal view_isdisjoint(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "isdisjoint", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal it = tl_iter(th, args[1]), x;
    if (!it)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, it);
    int r = 0;
    while (r == 0 && (x = tl_next(th, it)))
        r = tl_contains(th, args[0], x);
    tl_roots_reset(th, m);
    if (r < 0 || th->exc)
        return TL_NULL;
    return tl_bool(r == 0);
}

static TlVal view_reversed(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__reversed__", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return iter_new(th, VIEW_DICT(args[0]), view_kind(args[0]), true);
}

static TlVal view_mapping(TlThread *th, TlVal self)
{
    (void)th;
    return VIEW_DICT(self);   /* CPython wraps it in a read-only proxy */
}

static const TlMethodDef setview_methods[] = {
    {"isdisjoint", view_isdisjoint, TL_METH_INSTANCE},
    {"__reversed__", view_reversed, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlMethodDef values_methods[] = {
    {"__reversed__", view_reversed, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlGetSetDef view_getsets[] = {
    {"mapping", view_mapping, NULL},
    {NULL, NULL, NULL},
};

#define VIEW_TYPE(cn, setlike) \
    {.ob = TL_STATIC_HDR(&tl_type_type), .cname = cn, .size = sizeof(DictView), \
     .mark = view_mark, .repr = view_repr, .len = view_len, .iter = view_iter, \
     .hash = tl_unhashable, .getsets = view_getsets, \
     .contains = setlike ? view_contains : NULL, \
     .richcmp = setlike ? view_richcmp : NULL, .binop = setlike ? view_binop : NULL, \
     .methods = setlike ? setview_methods : values_methods}

static TlType view_types[3] = {
    VIEW_TYPE("dict_keys", true),
    VIEW_TYPE("dict_values", false),
    VIEW_TYPE("dict_items", true),
};

/* list(d) and list() of a view as one consistent snapshot: copied with the
 * dict locked (no Python code runs meanwhile), so another thread resizing
 * the dict cannot make it fail as an iteration would. */
TlVal tl_dict_list(TlThread *th, TlVal v)
{
    int kind = tl_is_exact(v, &tl_dict_type) ? IT_KEYS : view_kind(v);
    if (kind < 0)
        return TL_NULL;
    TlDict *d = TL_DICT(kind == IT_KEYS && tl_is_exact(v, &tl_dict_type) ? v : VIEW_DICT(v));
    tl_lock(th, &d->ob);
    TlVal out = tl_list_new(th, d->used);
    TlDictKeys *k = d->keys;
    size_t n = 0;
    for (uint32_t i = 0; out && k && i < k->nentries && n < d->used; i++) {
        TlDictEntry *e = &tl_dict_entries(k)[i];
        if (!e->key || !e->value)
            continue;
        TlVal item = kind == IT_KEYS ? e->key : kind == IT_VALUES ? e->value
                                     : tl_tuple_pack(th, 2, e->key, e->value);
        if (!item) {
            out = TL_NULL;
            break;
        }
        TL_LIST(out)->items[n++] = item;
    }
    tl_unlock(th, &d->ob);
    return out;
}

/* ------------------------------------------------------------ methods */

static TlVal m_get(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "get", nargs - 1, kw, 1, 2) < 0)
        return TL_NULL;
    TlVal v;
    int r = get(th, args[0], args[1], &v);
    if (r < 0)
        return TL_NULL;
    return r ? v : nargs > 2 ? args[2] : TL_NONE;
}

static TlVal m_setdefault(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "setdefault", nargs - 1, kw, 1, 2) < 0)
        return TL_NULL;
    TlHash h;
    if (key_hash(th, args[1], &h) < 0)
        return TL_NULL;
    return put(th, args[0], args[1], h, nargs > 2 ? args[2] : TL_NONE, true);
}

static TlVal m_pop(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "pop", nargs - 1, kw, 1, 2) < 0)
        return TL_NULL;
    TlVal old;
    int r = take(th, args[0], args[1], &old);
    if (r != 0)
        return r > 0 ? old : TL_NULL;
    return nargs > 2 ? args[2] : tl_raise_key(th, args[1]);
}

static TlVal m_popitem(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "popitem", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlDict *d = TL_DICT(args[0]);
    tl_lock(th, &d->ob);
    if (d->used == 0) {
        tl_unlock(th, &d->ob);
        return tl_raise(th, &tl_KeyError, "popitem(): dictionary is empty");
    }
    TlDictKeys *k = d->keys;
    TlDictEntry *e = tl_dict_entries(k);
    uint32_t i = k->nentries;
    while (!e[--i].key)
        ;
    TlVal key = e[i].key, value = e[i].value;
    delete_entry(d, i);
    STORE(&k->nentries, i);     /* LIFO: the slot is free again */
    tl_unlock(th, &d->ob);
    return tl_tuple_pack(th, 2, key, value);
}

static TlVal m_view(TlThread *th, TlVal *args, int nargs, TlVal kw, int kind)
{
    static const char *const names[] = {"keys", "values", "items"};
    if (tl_args_n(th, names[kind], nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return view_new(th, args[0], kind);
}

static TlVal m_keys(TlThread *th, TlVal *a, int n, TlVal kw) { return m_view(th, a, n, kw, IT_KEYS); }
static TlVal m_values(TlThread *th, TlVal *a, int n, TlVal kw) { return m_view(th, a, n, kw, IT_VALUES); }
static TlVal m_items(TlThread *th, TlVal *a, int n, TlVal kw) { return m_view(th, a, n, kw, IT_ITEMS); }

static TlVal m_update(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (update_args(th, args[0], args + 1, nargs - 1, kw, "update") < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal m_clear(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "clear", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlDict *d = TL_DICT(args[0]);
    tl_lock(th, &d->ob);
    STORE(&d->used, 0);
    STORE(&d->keys, NULL);
    bump(d);
    tl_unlock(th, &d->ob);
    return TL_NONE;
}

static TlVal m_copy(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "copy", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_dict_copy(th, args[0]);
}

/* dict.fromkeys(iterable, value=None): a classmethod, args[0] is the class. */
static TlVal m_fromkeys(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "fromkeys", nargs - 1, kw, 1, 2) < 0)
        return TL_NULL;
    TlVal cls = args[0], value = nargs > 2 ? args[2] : TL_NONE;
    bool plain = TL_TYPE(cls) == &tl_dict_type;
    TlVal d = plain ? tl_dict_new(th) : tl_call0(th, cls), it, k;
    if (!d)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, d);
    if (!(it = tl_iter(th, args[1]))) {
        tl_roots_reset(th, m);
        return TL_NULL;
    }
    tl_root(th, it);
    while ((k = tl_next(th, it)))
        if ((plain ? tl_dict_set(th, d, k, value) : tl_setitem(th, d, k, value)) < 0)
            break;
    tl_roots_reset(th, m);
    return th->exc ? TL_NULL : d;
}

static TlVal m_reversed(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__reversed__", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    return iter_new(th, args[0], IT_KEYS, true);
}

static TlVal m_ior(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "__ior__", nargs - 1, kw, 1, 1) < 0 ||
        tl_dict_update(th, args[0], args[1]) < 0)
        return TL_NULL;
    return args[0];
}

static const TlMethodDef dict_methods[] = {
    {"get", m_get, TL_METH_INSTANCE},
    {"setdefault", m_setdefault, TL_METH_INSTANCE},
    {"pop", m_pop, TL_METH_INSTANCE},
    {"popitem", m_popitem, TL_METH_INSTANCE},
    {"keys", m_keys, TL_METH_INSTANCE},
    {"values", m_values, TL_METH_INSTANCE},
    {"items", m_items, TL_METH_INSTANCE},
    {"update", m_update, TL_METH_INSTANCE},
    {"clear", m_clear, TL_METH_INSTANCE},
    {"copy", m_copy, TL_METH_INSTANCE},
    {"fromkeys", m_fromkeys, TL_METH_CLASS},
    {"__reversed__", m_reversed, TL_METH_INSTANCE},
    {"__ior__", m_ior, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

TlType tl_dict_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "dict",
    .size = sizeof(TlDict),
    .flags = TL_TF_BASETYPE | TL_TF_DICT,
    .mark = dict_mark,
    .tp_new = dict_tp_new,
    .tp_init = dict_tp_init,
    .repr = dict_repr,
    .hash = tl_unhashable,
    .richcmp = dict_richcmp,
    .binop = dict_binop,
    .len = dict_len,
    .getitem = dict_getitem,
    .setitem = dict_setitem,
    .contains = dict_contains,
    .iter = dict_iter,
    .methods = dict_methods,
};

void tl_dict_init(TlThread *th)
{
    tl_type_ready(th, &tl_dict_type);
    for (int i = 0; i < 3; i++)
        tl_type_ready(th, &view_types[i]);
    for (int i = 0; i < 6; i++)
        tl_type_ready(th, &iter_types[i]);
}
