/*
 * set.c -- set and frozenset.
 *
 * An open-addressing table of (key, hash) entries built exactly like
 * CPython's: the same probe sequence (a run of 9 linear probes, then the
 * perturbed jump), the same fill limit and growth factors, the same
 * copy/merge shortcuts.  Python code can observe the table order through
 * iteration and repr, so matching it makes `print({3, 1, 2})` agree with
 * CPython.  Entry states: unused (key TL_NULL, hash 0), deleted (key
 * TL_NULL, hash -1), live.  The table is a GC buffer that starts with its
 * own mask, so a lock-free reader always sees a matching (entries, mask).
 *
 * Concurrency follows dict.c: lock-free lookups, writers under the object
 * lock, user __eq__ never called under it (look up first, then lock and
 * commit if the set's version `ver` has not moved, else retry).
 */
#include <string.h>

#include "tl.h"

#define LOAD(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
/* Entry hashes are read by lock-free lookups while a writer reuses a slot:
 * relaxed atomics (plain moves on common hardware; on a 32-bit target they
 * keep the two halves of a 64-bit hash from tearing). */
#define HLOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define HSTORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

enum { MIN_SIZE = 8, LINEAR_PROBES = 9, PERTURB_SHIFT = 5 };

typedef struct SetEntry {
    TlVal key;
    TlHash hash;
} SetEntry;

typedef struct SetTable {
    size_t mask;
    SetEntry e[];
} SetTable;

typedef struct TlSet {
    TlObj ob;
    SetTable *table;           /* GC buffer; NULL: empty, never grown */
    size_t fill;               /* live + deleted entries */
    size_t used;               /* live entries */
    size_t finger;             /* where pop() looks first */
    uint64_t ver;              /* bumped by every structural change */
    TlHash hash;               /* frozenset: -1 until computed */
} TlSet;

#define SET(v) ((TlSet *)tl_obj(v))

static bool is_set(TlVal v)
{
    return !tl_is_small(v) && tl_has_flag(v, TL_TF_SET);
}

static bool is_frozen_type(TlType *t)
{
    return tl_subtype(t, &tl_frozenset_type);
}

static size_t mask_of(TlSet *s)
{
    SetTable *t = LOAD(&s->table);
    return t ? t->mask : MIN_SIZE - 1;
}

/* ------------------------------------------------------------- tables */

static SetTable *table_new(TlThread *th, size_t size)
{
    SetTable *t = tl_alloc_buf(th, sizeof(SetTable) + size * sizeof(SetEntry));
    if (t)
        t->mask = size - 1;
    return t;
}

/* Place a key known to be absent in a table without deleted entries. */
static void insert_clean(SetTable *t, TlVal key, TlHash hash)
{
    size_t mask = t->mask, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;   /* all 64 bits, as CPython's */
    for (;;) {
        SetEntry *e = &t->e[i];
        size_t probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
            if (!e->key) {
                e->hash = hash;
                STORE(&e->key, key);
                return;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Rebuild for at least minused live entries (lock held). */
static int resize(TlThread *th, TlSet *s, size_t minused)
{
    size_t size = MIN_SIZE;
    while (size <= minused)
        size <<= 1;
    SetTable *t = table_new(th, size), *old = s->table;
    if (!t)
        return -1;
    for (size_t i = 0; old && i <= old->mask; i++)
        if (old->e[i].key)
            insert_clean(t, old->e[i].key, old->e[i].hash);
    STORE(&s->table, t);
    s->fill = s->used;
    STORE(&s->ver, s->ver + 1);
    return 0;
}

/* Add a key known to be absent (lock held): into the last deleted slot
 * on its probe path if any, else the first unused one. */
static int add_absent(TlThread *th, TlSet *s, TlVal key, TlHash hash)
{
    if (!s->table) {
        SetTable *first = table_new(th, MIN_SIZE);
        if (!first)
            return -1;
        STORE(&s->table, first);    /* lock-free lookups read it */
    }
    SetTable *t = s->table;
    size_t mask = t->mask, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    SetEntry *slot = NULL, *e;
    for (;;) {
        e = &t->e[i];
        size_t probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
            if (!e->key && e->hash == 0)
                goto found;
            if (!e->key)
                slot = e;
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found:
    STORE(&s->ver, s->ver + 1);
    STORE(&s->used, s->used + 1);
    if (slot) {
        HSTORE(&slot->hash, hash);
        STORE(&slot->key, key);
        return 0;
    }
    HSTORE(&e->hash, hash);
    STORE(&e->key, key);
    if (++s->fill * 5 < mask * 3)
        return 0;
    return resize(th, s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

static void delete_at(TlSet *s, SetEntry *e)
{
    HSTORE(&e->hash, -1);
    STORE(&e->key, TL_NULL);
    STORE(&s->used, s->used - 1);
    STORE(&s->ver, s->ver + 1);
}

static void clear(TlSet *s)
{
    STORE(&s->used, 0);
    STORE(&s->table, NULL);
    s->fill = 0;
    STORE(&s->ver, s->ver + 1);
}

/* -------------------------------------------------------------- lookup */

static bool plain_int(TlVal v)
{
    return tl_is_small(v) || tl_is_exact(v, &tl_int_type) || tl_is_exact(v, &tl_bool_type);
}

/* Equality decidable without Python: 1, 0, or -1 (ask tl_eq). */
static int quick_eq(TlVal a, TlVal b)
{
    bool sa = tl_is_exact_str(a), sb = tl_is_exact_str(b);
    if (sa && sb)
        return tl_str_eq(a, b);
    if (plain_int(a) && plain_int(b))
        return tl_int_cmp(a, b) == 0;
    if ((sa && plain_int(b)) || (sb && plain_int(a)))
        return 0;
    return -1;
}

/* The live entry holding key, TL_NULL-absent via *found = NULL; -1 error. */
static int lookup(TlThread *th, TlSet *s, TlVal key, TlHash hash, SetEntry **found)
{
restart:;
    SetTable *t = LOAD(&s->table);
    *found = NULL;
    if (!t)
        return 0;
    size_t mask = t->mask, i = (size_t)hash & mask;
    uint64_t perturb = (uint64_t)hash;
    for (;;) {
        SetEntry *e = &t->e[i];
        size_t probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
            TlVal k = LOAD(&e->key);
            TlHash eh = HLOAD(&e->hash);
            if (!k && eh == 0)
                return 0;
            if (k && eh == hash) {
                int c = k == key ? 1 : quick_eq(k, key);
                if (c < 0) {
                    uint32_t m = tl_roots_mark(th);
                    tl_root(th, k);
                    tl_root(th, key);
                    c = tl_eq(th, k, key);
                    tl_roots_reset(th, m);
                    if (c < 0)
                        return -1;
                    if (LOAD(&s->table) != t || LOAD(&e->key) != k)
                        goto restart;
                }
                if (c) {
                    *found = e;
                    return 0;
                }
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
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

/* 1 added, 0 already there, -1 error. */
static int add_h(TlThread *th, TlVal sv, TlVal key, TlHash hash)
{
    TlSet *s = SET(sv);
    for (;;) {
        uint64_t ver = LOAD(&s->ver);
        SetEntry *e;
        if (lookup(th, s, key, hash, &e) < 0)
            return -1;
        if (e)
            return 0;
        tl_lock(th, &s->ob);
        if (s->ver == ver) {
            int r = add_absent(th, s, key, hash);
            tl_unlock(th, &s->ob);
            return r < 0 ? -1 : 1;
        }
        tl_unlock(th, &s->ob);
    }
}

/* 1 removed, 0 absent, -1 error. */
static int discard_h(TlThread *th, TlVal sv, TlVal key, TlHash hash)
{
    TlSet *s = SET(sv);
    for (;;) {
        uint64_t ver = LOAD(&s->ver);
        SetEntry *e;
        if (lookup(th, s, key, hash, &e) < 0)
            return -1;
        if (!e)
            return 0;
        tl_lock(th, &s->ob);
        if (s->ver == ver) {
            delete_at(s, e);
            tl_unlock(th, &s->ob);
            return 1;
        }
        tl_unlock(th, &s->ob);
    }
}

static int contains_h(TlThread *th, TlVal sv, TlVal key, TlHash hash)
{
    SetEntry *e;
    if (lookup(th, SET(sv), key, hash, &e) < 0)
        return -1;
    return e != NULL;
}


/* Next live entry at or after *pos, reading the current table each time
 * (a user __eq__ between two steps may have replaced it). */
static bool next_live(TlVal sv, size_t *pos, SetEntry *out)
{
    SetTable *t = LOAD(&SET(sv)->table);
    while (t && *pos <= t->mask) {
        SetEntry *e = &t->e[(*pos)++];
        out->key = LOAD(&e->key);
        out->hash = HLOAD(&e->hash);
        if (out->key)
            return true;
    }
    return false;
}

/* list(s) copied under the set's lock, like tl_dict_list: a concurrent
 * add cannot make it fail.  TL_NULL without an exception for other types. */
TlVal tl_set_list(TlThread *th, TlVal v)
{
    if (!tl_is_exact(v, &tl_set_type) && !tl_is_exact(v, &tl_frozenset_type))
        return TL_NULL;
    TlSet *s = SET(v);
    tl_lock(th, &s->ob);
    TlVal out = tl_list_new(th, s->used);
    size_t pos = 0, n = 0;
    SetEntry e;
    while (out && n < s->used && next_live(v, &pos, &e))
        TL_LIST(out)->items[n++] = e.key;
    tl_unlock(th, &s->ob);
    return out;
}

static size_t set_size(TlVal sv)
{
    return LOAD(&SET(sv)->used);
}

TlVal tl_set_new(TlThread *th, TlType *t)
{
    TlSet *s = tl_alloc(th, t, t->size);
    if (!s)
        return TL_NULL;
    s->hash = -1;
    return tl_val(s);
}

/* s |= set o.  An empty target is filled without comparisons, by copying
 * the table when the sizes agree (CPython's set_merge shortcuts). */
static int merge(TlThread *th, TlVal sv, TlVal ov)
{
    TlSet *s = SET(sv), *o = SET(ov);
    SetTable *ot = LOAD(&o->table);
    size_t n = LOAD(&o->used);
    if (sv == ov || !ot || n == 0)
        return 0;
    tl_lock(th, &s->ob);
    if ((s->fill + n) * 5 >= mask_of(s) * 3 && resize(th, s, (s->used + n) * 2) < 0) {
        tl_unlock(th, &s->ob);
        return -1;
    }
    if (s->fill == 0) {
        SetTable *t = table_new(th, mask_of(s) + 1);
        if (!t) {
            tl_unlock(th, &s->ob);
            return -1;
        }
        if (t->mask == ot->mask && LOAD(&o->fill) == n)
            memcpy(t->e, ot->e, (t->mask + 1) * sizeof(SetEntry));
        else
            for (size_t i = 0; i <= ot->mask; i++)
                if (ot->e[i].key)
                    insert_clean(t, ot->e[i].key, ot->e[i].hash);
        s->fill = n;
        STORE(&s->used, n);
        STORE(&s->table, t);
        STORE(&s->ver, s->ver + 1);
        tl_unlock(th, &s->ob);
        return 0;
    }
    tl_unlock(th, &s->ob);
    size_t pos = 0;
    SetEntry e;
    while (next_live(ov, &pos, &e))
        if (add_h(th, sv, e.key, e.hash) < 0)
            return -1;
    return 0;
}

int tl_set_add(TlThread *th, TlVal s, TlVal item)
{
    TlHash h;
    if (key_hash(th, item, &h) < 0)
        return -1;
    return add_h(th, s, item, h) < 0 ? -1 : 0;
}

/* Hash a key for a membership test; an unhashable set is looked up as the
 * equal frozenset, as CPython does ({frozenset()} contains set()). */
static int probe_hash(TlThread *th, TlVal *key, TlHash *h)
{
    if (key_hash(th, *key, h) == 0)
        return 0;
    if (!is_set(*key) || !tl_exc_matches(th, &tl_TypeError))
        return -1;
    tl_exc_clear(th);
    TlVal f = tl_set_new(th, &tl_frozenset_type);
    if (!f || merge(th, f, *key) < 0)
        return -1;
    *key = f;
    return key_hash(th, f, h);
}

int tl_set_contains(TlThread *th, TlVal s, TlVal item)
{
    TlHash h;
    if (probe_hash(th, &item, &h) < 0)
        return -1;
    return contains_h(th, s, item, h);
}

/* ------------------------------------------------------------ algebra */

static TlType *base_type(TlVal so)
{
    return is_frozen_type(tl_type(so)) ? &tl_frozenset_type : &tl_set_type;
}

static int update_from(TlThread *th, TlVal s, TlVal other);

/* A new set of type t holding the items of iterable (TL_NULL: none). */
static TlVal make_from(TlThread *th, TlType *t, TlVal iterable)
{
    TlVal s = tl_set_new(th, t);
    if (!s || !iterable)
        return s;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, s);
    int r = update_from(th, s, iterable);
    tl_roots_reset(th, m);
    return r < 0 ? TL_NULL : s;
}

static int update_from(TlThread *th, TlVal s, TlVal other)
{
    if (is_set(other))
        return merge(th, s, other);
    uint32_t m = tl_roots_mark(th);
    int r = 0;
    if (tl_is_exact(other, &tl_dict_type)) {
        TlSet *so = SET(s);
        size_t n = tl_dict_len(other), pos = 0;
        tl_lock(th, &so->ob);
        if ((so->fill + n) * 5 >= mask_of(so) * 3)
            r = resize(th, so, (so->used + n) * 2);
        tl_unlock(th, &so->ob);
        TlVal k, v;
        while (r == 0 && tl_dict_next(other, &pos, &k, &v))
            r = tl_set_add(th, s, k);
        return r;
    }
    TlVal it = tl_iter(th, other), x;
    if (!it)
        return -1;
    tl_root(th, it);
    while (r == 0 && (x = tl_next(th, it)))
        r = tl_set_add(th, s, x);
    if (th->exc)
        r = -1;
    tl_roots_reset(th, m);
    return r;
}

static TlVal intersect(TlThread *th, TlVal so, TlVal other)
{
    TlVal r = tl_set_new(th, base_type(so)), x;
    if (!r)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, r);
    int st = 0;
    if (is_set(other)) {
        TlVal small = set_size(other) > set_size(so) ? so : other;
        TlVal big = small == so ? other : so;
        size_t pos = 0;
        SetEntry e;
        while (st >= 0 && next_live(small, &pos, &e))
            if ((st = contains_h(th, big, e.key, e.hash)) > 0)
                st = add_h(th, r, e.key, e.hash);
    } else {
        TlVal it = tl_iter(th, other);
        if (!it) {
            tl_roots_reset(th, m);
            return TL_NULL;
        }
        tl_root(th, it);
        TlHash h;
        while (st >= 0 && (x = tl_next(th, it))) {
            if ((st = key_hash(th, x, &h)) == 0 && (st = contains_h(th, so, x, h)) > 0)
                st = add_h(th, r, x, h);
        }
        if (th->exc)
            st = -1;
    }
    tl_roots_reset(th, m);
    return st < 0 ? TL_NULL : r;
}

/* Give s the contents of the fresh set tmp (intersection_update). */
static void take_contents(TlThread *th, TlVal sv, TlVal tmp)
{
    TlSet *s = SET(sv), *t = SET(tmp);
    tl_lock(th, &s->ob);
    s->fill = t->fill;
    STORE(&s->used, t->used);
    STORE(&s->table, t->table);
    STORE(&s->ver, s->ver + 1);
    tl_unlock(th, &s->ob);
}

static int difference_update(TlThread *th, TlVal sv, TlVal other)
{
    TlSet *s = SET(sv);
    if (sv == other) {
        tl_lock(th, &s->ob);
        clear(s);
        tl_unlock(th, &s->ob);
        return 0;
    }
    int r = 0;
    if (is_set(other)) {
        size_t pos = 0;
        SetEntry e;
        while (r >= 0 && next_live(other, &pos, &e))
            r = discard_h(th, sv, e.key, e.hash);
    } else {
        TlVal it = tl_iter(th, other), x;
        if (!it)
            return -1;
        uint32_t m = tl_roots_mark(th);
        tl_root(th, it);
        TlHash h;
        while (r >= 0 && (x = tl_next(th, it)))
            r = probe_hash(th, &x, &h) < 0 ? -1 : discard_h(th, sv, x, h);
        if (th->exc)
            r = -1;
        tl_roots_reset(th, m);
    }
    if (r < 0)
        return -1;
    /* more than a quarter of the table deleted: rebuild, as CPython does */
    tl_lock(th, &s->ob);
    if (s->fill - s->used > mask_of(s) / 4)
        r = resize(th, s, s->used > 50000 ? s->used * 2 : s->used * 4);
    tl_unlock(th, &s->ob);
    return r < 0 ? -1 : 0;
}

static TlVal difference(TlThread *th, TlVal so, TlVal other)
{
    bool dict = tl_is_exact(other, &tl_dict_type);
    size_t n = dict ? tl_dict_len(other) : is_set(other) ? set_size(other) : 0;
    if ((!dict && !is_set(other)) || (set_size(so) >> 2) > n) {
        TlVal r = make_from(th, base_type(so), so);
        if (!r)
            return TL_NULL;
        uint32_t m = tl_roots_mark(th);
        tl_root(th, r);
        int st = difference_update(th, r, other);
        tl_roots_reset(th, m);
        return st < 0 ? TL_NULL : r;
    }
    TlVal r = tl_set_new(th, base_type(so));
    if (!r)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, r);
    size_t pos = 0;
    SetEntry e;
    int st = 0;
    while (st >= 0 && next_live(so, &pos, &e)) {
        st = dict ? tl_contains(th, other, e.key) : contains_h(th, other, e.key, e.hash);
        if (st == 0)
            st = add_h(th, r, e.key, e.hash);
    }
    tl_roots_reset(th, m);
    return st < 0 ? TL_NULL : r;
}

static int symmetric_update(TlThread *th, TlVal sv, TlVal other)
{
    if (sv == other) {
        tl_lock(th, &SET(sv)->ob);
        clear(SET(sv));
        tl_unlock(th, &SET(sv)->ob);
        return 0;
    }
    uint32_t m = tl_roots_mark(th);
    if (!is_set(other)) {
        if (!(other = make_from(th, base_type(sv), other)))
            return -1;
        tl_root(th, other);
    }
    size_t pos = 0;
    SetEntry e;
    int r = 0;
    while (r >= 0 && next_live(other, &pos, &e))
        if ((r = discard_h(th, sv, e.key, e.hash)) == 0)
            r = add_h(th, sv, e.key, e.hash);
    tl_roots_reset(th, m);
    return r < 0 ? -1 : 0;
}

static TlVal symmetric_difference(TlThread *th, TlVal so, TlVal other)
{
    TlVal r = make_from(th, base_type(so), other);
    if (!r)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, r);
    int st = symmetric_update(th, r, so);
    tl_roots_reset(th, m);
    return st < 0 ? TL_NULL : r;
}

/* Every item of set a is in set b: 1, 0, -1. */
static int subset(TlThread *th, TlVal a, TlVal b)
{
    if (set_size(a) > set_size(b))
        return 0;
    size_t pos = 0;
    SetEntry e;
    while (next_live(a, &pos, &e)) {
        int r = contains_h(th, b, e.key, e.hash);
        if (r <= 0)
            return r;
    }
    return 1;
}

/* ------------------------------------------------------------- slots */

static void set_mark(TlGC *gc, TlObj *o)
{
    SetTable *t = ((TlSet *)o)->table;
    if (!t)
        return;
    tl_mark_buf(gc, t);
    for (size_t i = 0; i <= t->mask; i++)
        tl_mark(gc, t->e[i].key);
}

static TlVal set_repr(TlThread *th, TlVal self)
{
    bool plain = tl_is_exact(self, &tl_set_type);
    const char *name = tl_type_name(self);
    if (set_size(self) == 0)
        return tl_str_fmt(th, "%s()", name);
    TlReprGuard g;
    int st = tl_repr_enter(th, &g, self);
    if (st <= 0)
        return st < 0 ? TL_NULL : tl_str_fmt(th, "%s(...)", name);
    TlVal list = tl_to_list(th, self), r = list ? tl_repr(th, list) : TL_NULL;
    tl_repr_leave(th, &g);
    if (!r)
        return TL_NULL;
    TlBuilder b;
    tl_sb_init(&b);
    if (!plain) {
        tl_sb_adds(&b, name);
        tl_sb_addc(&b, '(');
    }
    tl_sb_addc(&b, '{');
    tl_sb_add(&b, TL_STR(r)->data + 1, TL_STR(r)->len - 2);
    tl_sb_adds(&b, plain ? "}" : "})");
    return tl_sb_finish(th, &b);
}

static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL;
}

/* CPython's frozenset hash: order-independent xor of shuffled entry
 * hashes, then the size and a final dispersion. */
static TlHash frozenset_hash(TlThread *th, TlVal self)
{
    (void)th;
    TlSet *s = SET(self);
    TlHash known = HLOAD(&s->hash);
    if (known != -1)
        return known;
    uint64_t h = 0;
    size_t pos = 0;
    SetEntry e;
    while (next_live(self, &pos, &e))
        h ^= shuffle_bits((uint64_t)e.hash);
    h ^= ((uint64_t)s->used + 1) * 1927868237UL;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069U + 907133923UL;
    if (h == (uint64_t)-1)
        h = 590923713UL;
    HSTORE(&s->hash, (TlHash)h);     /* threads may race: same value */
    return (TlHash)h;
}

static TlVal set_richcmp(TlThread *th, TlVal a, TlVal b, TlCmpOp op)
{
    if (!is_set(a) || !is_set(b))
        return TL_NOTIMPL;
    size_t la = set_size(a), lb = set_size(b);
    int r;
    switch (op) {
    case TL_EQ: case TL_NE: r = la == lb ? subset(th, a, b) : 0; break;
    case TL_LT: r = la < lb ? subset(th, a, b) : 0; break;
    case TL_LE: r = subset(th, a, b); break;
    case TL_GT: r = la > lb ? subset(th, b, a) : 0; break;
    default: r = subset(th, b, a); break;
    }
    if (r < 0)
        return TL_NULL;
    return tl_bool(op == TL_NE ? !r : r);
}

static TlVal set_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b)
{
    if (!is_set(a) || !is_set(b))
        return TL_NOTIMPL;
    switch (op) {
    case TL_OP_OR: {
        TlVal r = make_from(th, base_type(a), a);
        uint32_t m = tl_roots_mark(th);
        if (r)
            tl_root(th, r);
        if (r && update_from(th, r, b) < 0)
            r = TL_NULL;
        tl_roots_reset(th, m);
        return r;
    }
    case TL_OP_AND: return intersect(th, a, b);
    case TL_OP_SUB: return difference(th, a, b);
    case TL_OP_XOR: return symmetric_difference(th, a, b);
    default: return TL_NOTIMPL;
    }
}

static int64_t set_len(TlThread *th, TlVal self)
{
    (void)th;
    return (int64_t)set_size(self);
}

static int set_contains_slot(TlThread *th, TlVal self, TlVal item)
{
    return tl_set_contains(th, self, item);
}

static TlVal set_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    return tl_set_new(th, t);
}

/* Shared argument check of set(iterable) and frozenset(iterable). */
static int one_iterable(TlThread *th, const char *name, int nargs, TlVal kw)
{
    if (kw && TL_TUPLE(kw)->len) {
        tl_raise(th, &tl_TypeError, "%s() takes no keyword arguments", name);
        return -1;
    }
    if (nargs > 1) {
        tl_raise(th, &tl_TypeError, "%s expected at most 1 argument, got %d", name, nargs);
        return -1;
    }
    return 0;
}

static int set_tp_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    if (one_iterable(th, "set", nargs, kw) < 0)
        return -1;
    tl_lock(th, &SET(self)->ob);
    clear(SET(self));
    tl_unlock(th, &SET(self)->ob);
    uint32_t m = tl_roots_mark(th);
    tl_root(th, self);           /* a fresh instance is on no value stack */
    int r = nargs ? update_from(th, self, args[0]) : 0;
    tl_roots_reset(th, m);
    return r;
}

static TlVal frozenset_tp_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    if (one_iterable(th, "frozenset", nargs, kw) < 0)
        return TL_NULL;
    if (t == &tl_frozenset_type && nargs && tl_is_exact(args[0], &tl_frozenset_type))
        return args[0];
    return make_from(th, t, nargs ? args[0] : TL_NULL);
}

/* ------------------------------------------------------------ iterator */

typedef struct SetIter {
    TlObj ob;
    TlVal set;                 /* TL_NULL once exhausted */
    size_t pos;
    intptr_t used;             /* size when created; -1 after a failure */
} SetIter;

static void set_iter_mark(TlGC *gc, TlObj *o)
{
    tl_mark(gc, ((SetIter *)o)->set);
}

static TlVal set_iternext(TlThread *th, TlVal self)
{
    SetIter *it = (SetIter *)tl_obj(self);
    if (!it->set)
        return TL_NULL;
    if (it->used != (intptr_t)set_size(it->set)) {
        it->used = -1;
        return tl_raise(th, &tl_RuntimeError, "Set changed size during iteration");
    }
    SetEntry e;
    if (next_live(it->set, &it->pos, &e))
        return e.key;
    it->set = TL_NULL;
    return TL_NULL;
}

static TlType set_iter_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "set_iterator",
    .size = sizeof(SetIter),
    .mark = set_iter_mark,
    .iter = tl_iter_self,
    .iternext = set_iternext,
};

static TlVal set_iter(TlThread *th, TlVal self)
{
    SetIter *it = tl_alloc(th, &set_iter_type, sizeof(SetIter));
    if (!it)
        return TL_NULL;
    it->set = self;
    it->used = (intptr_t)set_size(self);
    return tl_val(it);
}

/* ------------------------------------------------------------ methods */

static TlVal m_add(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "set.add", nargs - 1, kw, 1, 1) < 0 || tl_set_add(th, args[0], args[1]) < 0)
        return TL_NULL;
    return TL_NONE;
}

/* remove (KeyError when absent) and discard. */
static TlVal discard_m(TlThread *th, TlVal *args, int nargs, TlVal kw, bool must)
{
    if (tl_args_n(th, must ? "set.remove" : "set.discard", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal key = args[1];
    TlHash h;
    if (probe_hash(th, &key, &h) < 0)
        return TL_NULL;
    int r = discard_h(th, args[0], key, h);
    if (r < 0)
        return TL_NULL;
    if (r == 0 && must)
        return tl_raise_key(th, args[1]);
    return TL_NONE;
}

static TlVal m_remove(TlThread *th, TlVal *a, int n, TlVal kw) { return discard_m(th, a, n, kw, true); }
static TlVal m_discard(TlThread *th, TlVal *a, int n, TlVal kw) { return discard_m(th, a, n, kw, false); }

static TlVal m_pop(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "set.pop", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    TlSet *s = SET(args[0]);
    tl_lock(th, &s->ob);
    if (s->used == 0) {
        tl_unlock(th, &s->ob);
        return tl_raise(th, &tl_KeyError, "pop from an empty set");
    }
    SetTable *t = s->table;
    size_t i = s->finger & t->mask;
    while (!t->e[i].key)
        i = (i + 1) & t->mask;
    TlVal key = t->e[i].key;
    delete_at(s, &t->e[i]);
    s->finger = i + 1;
    tl_unlock(th, &s->ob);
    return key;
}

static TlVal m_clear(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "set.clear", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    tl_lock(th, &SET(args[0])->ob);
    clear(SET(args[0]));
    tl_unlock(th, &SET(args[0])->ob);
    return TL_NONE;
}

static TlVal m_copy(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "copy", nargs - 1, kw, 0, 0) < 0)
        return TL_NULL;
    if (tl_is_exact(args[0], &tl_frozenset_type))
        return args[0];
    return make_from(th, base_type(args[0]), args[0]);
}

static TlVal m_update(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "set.update", 0, kw, 0, 0) < 0)
        return TL_NULL;
    for (int i = 1; i < nargs; i++)
        if (update_from(th, args[0], args[i]) < 0)
            return TL_NULL;
    return TL_NONE;
}

static TlVal m_union(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "union", 0, kw, 0, 0) < 0)
        return TL_NULL;
    TlVal r = make_from(th, base_type(args[0]), args[0]);
    if (!r)
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, r);
    for (int i = 1; r && i < nargs; i++)
        if (update_from(th, r, args[i]) < 0)
            r = TL_NULL;
    tl_roots_reset(th, m);
    return r;
}

/* The multi-argument algebra: r = op(self, args[1]) then op(r, args[i]). */
static TlVal fold(TlThread *th, TlVal *args, int nargs, TlVal (*op)(TlThread *, TlVal, TlVal))
{
    if (nargs == 1)
        return make_from(th, base_type(args[0]), args[0]);
    uint32_t m = tl_roots_mark(th);
    TlVal r = args[0];
    for (int i = 1; r && i < nargs; i++) {
        r = op(th, r, args[i]);
        if (r)
            tl_root(th, r);
    }
    tl_roots_reset(th, m);
    return r;
}

static TlVal m_intersection(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "intersection", 0, kw, 0, 0) < 0)
        return TL_NULL;
    return fold(th, args, nargs, intersect);
}

static TlVal m_intersection_update(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    TlVal r = m_intersection(th, args, nargs, kw);
    if (!r)
        return TL_NULL;
    take_contents(th, args[0], r);
    return TL_NONE;
}

static TlVal m_difference(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "difference", 0, kw, 0, 0) < 0)
        return TL_NULL;
    if (nargs == 1)
        return make_from(th, base_type(args[0]), args[0]);
    TlVal r = difference(th, args[0], args[1]);
    uint32_t m = tl_roots_mark(th);
    if (r)
        tl_root(th, r);
    for (int i = 2; r && i < nargs; i++)
        if (difference_update(th, r, args[i]) < 0)
            r = TL_NULL;
    tl_roots_reset(th, m);
    return r;
}

static TlVal m_difference_update(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "difference_update", 0, kw, 0, 0) < 0)
        return TL_NULL;
    for (int i = 1; i < nargs; i++)
        if (difference_update(th, args[0], args[i]) < 0)
            return TL_NULL;
    return TL_NONE;
}

static TlVal m_symmetric_difference(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "symmetric_difference", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    return symmetric_difference(th, args[0], args[1]);
}

static TlVal m_symmetric_difference_update(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "symmetric_difference_update", nargs - 1, kw, 1, 1) < 0 ||
        symmetric_update(th, args[0], args[1]) < 0)
        return TL_NULL;
    return TL_NONE;
}

/* issubset / issuperset with any iterable: other becomes a set first. */
static TlVal inclusion(TlThread *th, TlVal *args, int nargs, TlVal kw, bool super)
{
    if (tl_args_n(th, super ? "issuperset" : "issubset", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal other = args[1];
    if (!is_set(other) && !(other = make_from(th, &tl_set_type, other)))
        return TL_NULL;
    uint32_t m = tl_roots_mark(th);
    tl_root(th, other);
    int r = super ? subset(th, other, args[0]) : subset(th, args[0], other);
    tl_roots_reset(th, m);
    return r < 0 ? TL_NULL : tl_bool(r);
}

static TlVal m_issubset(TlThread *th, TlVal *a, int n, TlVal kw) { return inclusion(th, a, n, kw, false); }
static TlVal m_issuperset(TlThread *th, TlVal *a, int n, TlVal kw) { return inclusion(th, a, n, kw, true); }

static TlVal m_isdisjoint(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    if (tl_args_n(th, "isdisjoint", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal so = args[0], other = args[1], x;
    int r = 0;
    if (is_set(other)) {
        TlVal small = set_size(other) > set_size(so) ? so : other;
        TlVal big = small == so ? other : so;
        size_t pos = 0;
        SetEntry e;
        while (r == 0 && next_live(small, &pos, &e))
            r = contains_h(th, big, e.key, e.hash);
    } else {
        TlVal it = tl_iter(th, other);
        if (!it)
            return TL_NULL;
        uint32_t m = tl_roots_mark(th);
        tl_root(th, it);
        while (r == 0 && (x = tl_next(th, it)))
            r = tl_set_contains(th, so, x);
        if (th->exc)
            r = -1;
        tl_roots_reset(th, m);
    }
    return r < 0 ? TL_NULL : tl_bool(r == 0);
}

/* In-place operators: only with another set (else NotImplemented). */
static TlVal inplace(TlThread *th, TlVal *args, int nargs, TlVal kw, TlBinOp op)
{
    if (tl_args_n(th, "__ior__", nargs - 1, kw, 1, 1) < 0)
        return TL_NULL;
    TlVal self = args[0], other = args[1], tmp;
    if (!is_set(other))
        return TL_NOTIMPL;
    int r;
    switch (op) {
    case TL_OP_OR: r = update_from(th, self, other); break;
    case TL_OP_SUB: r = difference_update(th, self, other); break;
    case TL_OP_XOR: r = symmetric_update(th, self, other); break;
    default:
        if ((r = (tmp = intersect(th, self, other)) ? 0 : -1) == 0)
            take_contents(th, self, tmp);
        break;
    }
    return r < 0 ? TL_NULL : self;
}

static TlVal m_ior(TlThread *th, TlVal *a, int n, TlVal kw) { return inplace(th, a, n, kw, TL_OP_OR); }
static TlVal m_iand(TlThread *th, TlVal *a, int n, TlVal kw) { return inplace(th, a, n, kw, TL_OP_AND); }
static TlVal m_isub(TlThread *th, TlVal *a, int n, TlVal kw) { return inplace(th, a, n, kw, TL_OP_SUB); }
static TlVal m_ixor(TlThread *th, TlVal *a, int n, TlVal kw) { return inplace(th, a, n, kw, TL_OP_XOR); }

#define COMMON_METHODS \
    {"copy", m_copy, TL_METH_INSTANCE}, \
    {"union", m_union, TL_METH_INSTANCE}, \
    {"intersection", m_intersection, TL_METH_INSTANCE}, \
    {"difference", m_difference, TL_METH_INSTANCE}, \
    {"symmetric_difference", m_symmetric_difference, TL_METH_INSTANCE}, \
    {"issubset", m_issubset, TL_METH_INSTANCE}, \
    {"issuperset", m_issuperset, TL_METH_INSTANCE}, \
    {"isdisjoint", m_isdisjoint, TL_METH_INSTANCE}

static const TlMethodDef set_methods[] = {
    COMMON_METHODS,
    {"add", m_add, TL_METH_INSTANCE},
    {"remove", m_remove, TL_METH_INSTANCE},
    {"discard", m_discard, TL_METH_INSTANCE},
    {"pop", m_pop, TL_METH_INSTANCE},
    {"clear", m_clear, TL_METH_INSTANCE},
    {"update", m_update, TL_METH_INSTANCE},
    {"intersection_update", m_intersection_update, TL_METH_INSTANCE},
    {"difference_update", m_difference_update, TL_METH_INSTANCE},
    {"symmetric_difference_update", m_symmetric_difference_update, TL_METH_INSTANCE},
    {"__ior__", m_ior, TL_METH_INSTANCE},
    {"__iand__", m_iand, TL_METH_INSTANCE},
    {"__isub__", m_isub, TL_METH_INSTANCE},
    {"__ixor__", m_ixor, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

static const TlMethodDef frozenset_methods[] = {
    COMMON_METHODS,
    {NULL, NULL, 0},
};

TlType tl_set_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "set",
    .size = sizeof(TlSet),
    .flags = TL_TF_BASETYPE | TL_TF_SET,
    .mark = set_mark,
    .tp_new = set_tp_new,
    .tp_init = set_tp_init,
    .repr = set_repr,
    .hash = tl_unhashable,
    .richcmp = set_richcmp,
    .binop = set_binop,
    .len = set_len,
    .contains = set_contains_slot,
    .iter = set_iter,
    .methods = set_methods,
};

TlType tl_frozenset_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "frozenset",
    .size = sizeof(TlSet),
    .flags = TL_TF_BASETYPE | TL_TF_SET,
    .mark = set_mark,
    .tp_new = frozenset_tp_new,
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcmp = set_richcmp,
    .binop = set_binop,
    .len = set_len,
    .contains = set_contains_slot,
    .iter = set_iter,
    .methods = frozenset_methods,
};

void tl_set_init(TlThread *th)
{
    tl_type_ready(th, &tl_set_type);
    tl_type_ready(th, &tl_frozenset_type);
    tl_type_ready(th, &set_iter_type);
}
