/*
 * gc.c -- the allocator, the tracing collector and the per-object locks.
 *
 * Memory is carved from 64 KiB pages, each holding blocks of one size class;
 * objects larger than the biggest class get their own malloc'd block on a
 * list.  Every thread allocates from its own free lists (no lock on the fast
 * path) and refills them a page at a time under the heap lock.
 *
 * Collection is mark-and-sweep, precise, non-moving, and runs only at
 * safepoints with the world stopped: the collecting thread marks from the
 * roots (every thread's frames, raised exception and native root stack, the
 * VM's own references, the static types) with an explicit mark stack (no C
 * recursion, so a million-deep linked structure is fine), then sweeps every
 * page, rebuilding free lists.  Threads' cached free lists are dropped at
 * each collection, which is what makes tl_free (early reuse of frames) and
 * the sweep agree about which blocks are free.
 *
 * Because allocation never collects, a C function can hold raw references
 * in locals between safepoints; this is also what lets the same collector
 * run under WebAssembly, where C stacks cannot be scanned.
 */
#include "alloc.h"
#include "thread.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE ((size_t)1 << 16)
#define MAX_SMALL 8192
#define NCLASSES TL_NCLASSES

typedef struct Page {
    struct Page *next;           /* all pages of the heap */
    struct Page *next_avail;     /* pages of this class with free blocks */
    void *free;                  /* free list built by the sweep */
    uint32_t cls, bsize, nblocks;
    bool avail;
    /* blocks follow, aligned to 16 */
} Page;

#define PAGE_HDR ((sizeof(Page) + 15) & ~(size_t)15)

typedef struct Large {
    struct Large *next;
    size_t size;
    uint64_t pad;                /* keeps the object 16-byte aligned */
} Large;

struct TlHeap {
    pthread_mutex_t mu;
    Page *pages;
    Page *avail[NCLASSES];
    Large *large;
    size_t limit;                /* --heap */
    size_t used;                 /* bytes in pages + large objects */
    size_t live;                 /* bytes marked by the last collection */
    size_t threshold;            /* collect when used passes this */
    size_t collections;
    _Atomic bool enabled;        /* gc.enable()/disable() from any thread */
    pthread_mutex_t gc_mu;       /* one collector at a time */
};

/* Per-thread allocation cache (a free list per size class) and free
 * blocks: their layout is in alloc.h, for the inline fast path. */
typedef TlAllocCache Cache;
typedef TlFreeBlock FreeBlock;

struct TlGC {
    TlObj **stack;
    size_t n, cap;
    bool oom;
};

static const uint32_t class_size[NCLASSES] = {
    16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256,
    320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048,
    2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192,
};

static unsigned size_class(size_t n)
{
    if (n <= 256)
        return (unsigned)((n + 15) / 16) - (n == 0 ? 0 : 1);
    unsigned c = 16;
    while (class_size[c] < n)
        c++;
    return c;
}

/* A dedicated type for raw buffers so every block has a type word. */
TlType tl_buf_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "buffer",
};

TlHeap *tl_heap_new(size_t limit)
{
    TlHeap *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    pthread_mutex_init(&h->mu, NULL);
    pthread_mutex_init(&h->gc_mu, NULL);
    h->limit = limit;
    h->threshold = 8u << 20;
    h->enabled = true;
    return h;
}

void tl_heap_free(TlHeap *h)
{
    for (Page *p = h->pages, *n; p; p = n) {
        n = p->next;
        free(p);
    }
    for (Large *l = h->large, *n; l; l = n) {
        n = l->next;
        free(l);
    }
    pthread_mutex_destroy(&h->mu);
    pthread_mutex_destroy(&h->gc_mu);
    free(h);
}

void *tl_cache_new(void) { return calloc(1, sizeof(Cache)); }

void tl_cache_free(void *c) { free(c); }

/* Crossing the threshold asks for a collection at the next safepoint. */
static void account(TlVM *vm, size_t n)
{
    TlHeap *h = vm->heap;
    h->used += n;
    if (h->used > h->threshold && atomic_load_explicit(&h->enabled, memory_order_relaxed))
        atomic_fetch_or(&vm->breaker, TL_BRK_GC);
}

static bool over_limit(TlHeap *h, size_t n)
{
    return h->used + n > h->limit;
}

static Page *page_new(TlVM *vm, unsigned cls)
{
    TlHeap *h = vm->heap;
    if (over_limit(h, PAGE_SIZE))
        return NULL;
    Page *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    if (!p)
        return NULL;
    memset(p, 0, PAGE_HDR);
    p->cls = cls;
    p->bsize = class_size[cls];
    p->nblocks = (uint32_t)((PAGE_SIZE - PAGE_HDR) / p->bsize);
    FreeBlock *list = NULL;
    for (uint32_t i = p->nblocks; i-- > 0;) {
        FreeBlock *b = (FreeBlock *)((char *)p + PAGE_HDR + (size_t)i * p->bsize);
        b->null_type = NULL;
        b->next = list;
        list = b;
    }
    p->free = list;
    p->next = h->pages;
    h->pages = p;
    account(vm, PAGE_SIZE);
    return p;
}

/* Refill a thread's free list for `cls`: a swept page with free blocks, or
 * a fresh page. */
static void *refill(TlThread *th, unsigned cls)
{
    TlHeap *h = th->vm->heap;
    pthread_mutex_lock(&h->mu);
    Page *p = h->avail[cls];
    if (p) {
        h->avail[cls] = p->next_avail;
        p->avail = false;
    } else {
        p = page_new(th->vm, cls);
    }
    void *list = NULL;
    if (p) {
        list = p->free;
        p->free = NULL;
    }
    pthread_mutex_unlock(&h->mu);
    return list;
}

static void *alloc_large(TlThread *th, size_t size)
{
    TlHeap *h = th->vm->heap;
    pthread_mutex_lock(&h->mu);
    Large *l = NULL;
    if (!over_limit(h, size + sizeof(Large)))
        l = malloc(sizeof(Large) + size);
    if (l) {
        l->size = size;
        l->next = h->large;
        h->large = l;
        account(th->vm, size + sizeof(Large));
    }
    pthread_mutex_unlock(&h->mu);
    if (!l)
        return NULL;
    memset(l + 1, 0, size);
    ((TlObj *)(l + 1))->gc = TL_GC_LARGE;
    return l + 1;
}

/* The out-of-line half of an allocation: large objects and refilling an
 * empty free list, kept apart so the hot path below stays a few
 * instructions with no register pressure from the page code. */
static __attribute__((noinline)) void *alloc_slow(TlThread *th, size_t size, unsigned cls)
{
    if (size > MAX_SMALL)
        return alloc_large(th, size);
    FreeBlock *b = refill(th, cls);
    if (!b)
        return NULL;
    ((Cache *)th->alloc)->free[cls] = b->next;
    memset(b, 0, class_size[cls]);
    return b;
}

/* Pop the thread's free list.  The common small classes (floats, cells,
 * bound methods, short tuples) are cleared with constant-size stores
 * instead of a call to memset. */
static inline void *alloc_raw(TlThread *th, size_t size)
{
    unsigned cls = size <= 256 ? (unsigned)((size + 15) >> 4) - 1
                               : size <= MAX_SMALL ? size_class(size) : NCLASSES;
    Cache *c = th->alloc;
    FreeBlock *b = cls < NCLASSES ? c->free[cls] : NULL;
    if (__builtin_expect(!b, 0))
        return alloc_slow(th, size, cls);
    c->free[cls] = b->next;
    switch (cls) {
    case 0: memset(b, 0, 16); break;
    case 1: memset(b, 0, 32); break;
    case 2: memset(b, 0, 48); break;
    case 3: memset(b, 0, 64); break;
    default: memset(b, 0, class_size[cls]); break;
    }
    return b;
}

/* A new object is not shared yet: no atomic read-modify-write needed. */
static inline void set_bits(TlObj *o, uint32_t bits)
{
    uint32_t old = atomic_load_explicit(&o->gc, memory_order_relaxed);
    atomic_store_explicit(&o->gc, old | bits, memory_order_relaxed);
}

void *tl_alloc(TlThread *th, TlType *t, size_t size)
{
    if (size < sizeof(TlObj))
        size = sizeof(TlObj);
    TlObj *o = alloc_raw(th, size);
    if (!o) {
        tl_raise_nomem(th);
        return NULL;
    }
    o->type = t;
    if (t->finalize)
        set_bits(o, TL_GC_FINAL);
    return o;
}

void *tl_alloc_buf(TlThread *th, size_t n)
{
    TlObj *o = alloc_raw(th, sizeof(TlObj) + n);
    if (!o) {
        tl_raise_nomem(th);
        return NULL;
    }
    o->type = &tl_buf_type;
    set_bits(o, TL_GC_BUF);
    return o + 1;
}

/* Early reuse of a block nobody references (frames on return).  Only
 * blocks of the small classes are recycled; large ones wait for the sweep.
 * The block goes on this thread's list, which the next collection drops. */
void tl_free(TlThread *th, void *obj)
{
    TlObj *o = obj;
    if (atomic_load_explicit(&o->gc, memory_order_relaxed) & TL_GC_LARGE)
        return;
    Page *p = (Page *)((uintptr_t)obj & ~(uintptr_t)(PAGE_SIZE - 1));
    Cache *c = th->alloc;
    FreeBlock *b = obj;
    b->null_type = NULL;
    b->next = c->free[p->cls];
    c->free[p->cls] = b;
}

/* ------------------------------------------------------------------ mark */

static void push(TlGC *gc, TlObj *o)
{
    if (gc->n == gc->cap) {
        size_t cap = gc->cap ? gc->cap * 2 : 4096;
        TlObj **s = realloc(gc->stack, cap * sizeof *s);
        if (!s) {
            /* Out of C memory while marking: fall back to tracing this
             * object right away (recursion bounded by what is left). */
            gc->oom = true;
            return;
        }
        gc->stack = s;
        gc->cap = cap;
    }
    gc->stack[gc->n++] = o;
}

void tl_mark_obj(TlGC *gc, TlObj *o)
{
    if (!o)
        return;
    uint32_t bits = atomic_load_explicit(&o->gc, memory_order_relaxed);
    if (bits & (TL_GC_MARK | TL_GC_STATIC))
        return;
    atomic_store_explicit(&o->gc, bits | TL_GC_MARK, memory_order_relaxed);
    if (!(bits & TL_GC_BUF))
        push(gc, o);
}

void tl_mark(TlGC *gc, TlVal v)
{
    if (v && !tl_is_small(v))
        tl_mark_obj(gc, tl_obj(v));
}

void tl_mark_buf(TlGC *gc, const void *buf)
{
    if (buf)
        tl_mark_obj(gc, (TlObj *)buf - 1);
}

void tl_mark_array(TlGC *gc, const TlVal *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        tl_mark(gc, v[i]);
}

static void drain(TlGC *gc)
{
    while (gc->n) {
        TlObj *o = gc->stack[--gc->n];
        tl_mark_obj(gc, &o->type->ob);
        if (o->type->mark)
            o->type->mark(gc, o);
    }
}

/* ----------------------------------------------------------------- sweep */

static bool is_marked(TlObj *o)
{
    return atomic_load_explicit(&o->gc, memory_order_relaxed) & TL_GC_MARK;
}

static void unmark(TlObj *o)
{
    atomic_fetch_and_explicit(&o->gc, ~TL_GC_MARK, memory_order_relaxed);
}

static void finalize(TlObj *o)
{
    if ((atomic_load_explicit(&o->gc, memory_order_relaxed) & TL_GC_FINAL) &&
        o->type->finalize)
        o->type->finalize(o);
}

/* Rebuild one page's free list; returns the number of blocks freed and adds
 * the live bytes to *live.  An empty page is released to the OS. */
static size_t sweep_page(Page *p, size_t *live, bool *empty)
{
    FreeBlock *list = NULL;
    size_t freed = 0, nlive = 0, bsize = p->bsize;
    char *base = (char *)p + PAGE_HDR;
    for (uint32_t i = p->nblocks; i-- > 0;) {
        TlObj *o = (TlObj *)(base + (size_t)i * bsize);
        if (o->type) {
            uint32_t bits = atomic_load_explicit(&o->gc, memory_order_relaxed);
            if (bits & TL_GC_MARK) {
                /* the world is stopped: a plain store clears the mark */
                atomic_store_explicit(&o->gc, bits & ~TL_GC_MARK, memory_order_relaxed);
                nlive++;
                continue;
            }
            if (bits & TL_GC_FINAL)
                finalize(o);
            freed++;
        }
        FreeBlock *b = (FreeBlock *)o;
        b->null_type = NULL;
        b->next = list;
        list = b;
    }
    p->free = list;
    *live += nlive * p->bsize;
    *empty = nlive == 0;
    return freed;
}

static size_t sweep(TlHeap *h, size_t *live)
{
    size_t freed = 0;
    memset(h->avail, 0, sizeof h->avail);
    Page **pp = &h->pages;
    while (*pp) {
        Page *p = *pp;
        bool empty;
        freed += sweep_page(p, live, &empty);
        /* Empty pages are kept (their free lists are ready) as long as the
         * heap is within the threshold: the mutator refills them before
         * the next collection anyway, and releasing them only to carve
         * fresh pages again doubles the sweep's work. */
        if (empty && h->used > h->threshold) {
            *pp = p->next;
            h->used -= PAGE_SIZE;
            free(p);
            continue;
        }
        if (p->free) {
            p->avail = true;
            p->next_avail = h->avail[p->cls];
            h->avail[p->cls] = p;
        }
        pp = &p->next;
    }
    Large **lp = &h->large;
    while (*lp) {
        Large *l = *lp;
        TlObj *o = (TlObj *)(l + 1);
        if (is_marked(o)) {
            unmark(o);
            *live += l->size;
            lp = &l->next;
            continue;
        }
        finalize(o);
        *lp = l->next;
        h->used -= l->size + sizeof(Large);
        free(l);
        freed++;
    }
    return freed;
}

/* ------------------------------------------------------------ collection */

/* Roots outside the threads: provided by state.c. */
void tl_vm_mark_roots(TlVM *vm, TlGC *gc);
/* Stop / restart the other threads (state.c). */
void tl_stop_world(TlThread *th);
void tl_start_world(TlThread *th);

static void mark_thread(TlGC *gc, TlThread *t)
{
    tl_frame_mark_chain(gc, t->frame);
    tl_mark(gc, t->exc);
    tl_mark_array(gc, t->roots, t->nroots);
    tl_mark(gc, t->thread_obj);
    tl_mark(gc, t->exc_stack);
}

/* Drop every thread's cached free blocks: the sweep re-lists them. */
static void drop_caches(TlVM *vm)
{
    for (TlThread *t = vm->threads; t; t = t->next)
        memset(t->alloc, 0, sizeof(Cache));
}

static size_t collect_stopped(TlThread *th)
{
    TlVM *vm = th->vm;
    TlHeap *h = vm->heap;
    TlGC gc = {0};
    tl_vm_mark_roots(vm, &gc);
    for (TlThread *t = vm->threads; t; t = t->next)
        mark_thread(&gc, t);
    drain(&gc);
    /* gen.c keeps unreachable generators that still have finally blocks to
     * run (and queues them for close()); trace what they reference too. */
    tl_gen_rescue(vm, &gc);
    drain(&gc);
    free(gc.stack);
    drop_caches(vm);
    size_t live = 0;
    size_t freed = sweep(h, &live);
    h->live = live;
    size_t floor = 8u << 20;
    h->threshold = live * 2 > floor ? live * 2 : floor;
    if (h->threshold > h->limit)
        h->threshold = h->limit - h->limit / 8;
    h->collections++;
    return freed;
}

/* Collect if no other thread is collecting; returns false if one is (the
 * caller then parks at its safepoint until that collection ends). */
bool tl_gc_try_collect(TlThread *th, size_t *freed)
{
    TlVM *vm = th->vm;
    TlHeap *h = vm->heap;
    if (pthread_mutex_trylock(&h->gc_mu) != 0)
        return false;
    double t0 = tl_tracing(th) ? tl_now() : 0;
    atomic_fetch_or(&vm->breaker, TL_BRK_GC);
    tl_stop_world(th);
    size_t n = collect_stopped(th);
    if (freed)
        *freed = n;
    atomic_fetch_and(&vm->breaker, ~TL_BRK_GC);
    tl_start_world(th);
    pthread_mutex_unlock(&h->gc_mu);
    if (tl_tracing(th)) {
        char what[48];
        snprintf(what, sizeof what, "%zu objects freed", n);
        tl_trace_span(th, "gc", what, t0);
    }
    return true;
}

size_t tl_gc_collect(TlThread *th)
{
    size_t freed = 0;
    while (!tl_gc_try_collect(th, &freed))
        tl_safepoint(th);
    return freed;
}

void tl_gc_enable(TlVM *vm, bool on) { atomic_store(&vm->heap->enabled, on); }
bool tl_gc_enabled(TlVM *vm) { return atomic_load(&vm->heap->enabled); }

size_t tl_gc_allocated(TlVM *vm)
{
    TlHeap *h = vm->heap;
    pthread_mutex_lock(&h->mu);
    size_t used = h->used;
    pthread_mutex_unlock(&h->mu);
    return used;
}

size_t tl_gc_free_bytes(TlVM *vm)
{
    size_t used = tl_gc_allocated(vm), limit = vm->heap->limit;
    return limit > used ? limit - used : 0;
}

/* ----------------------------------------------------------------- roots */

void tl_root(TlThread *th, TlVal v)
{
    if (th->nroots == th->roots_cap) {
        uint32_t cap = th->roots_cap ? th->roots_cap * 2 : 64;
        TlVal *r = realloc(th->roots, cap * sizeof *r);
        if (!r)
            abort();   /* a few bytes of C heap: nothing sensible left */
        th->roots = r;
        th->roots_cap = cap;
    }
    th->roots[th->nroots++] = v;
}

/* ----------------------------------------------------------- object locks */

/* Lock word: owner lockid in the upper 16 bits, recursion count below, so
 * a thread re-entering its own lock (a nested native call) cannot deadlock.
 * Objects are only locked for short critical sections without safepoints,
 * so spinning (with a yield) is enough. */
void tl_lock(TlThread *th, TlObj *o)
{
    if (!th->vm->mt)
        return;
    uint32_t me = th->lockid << 16;
    unsigned spins = 0;
    for (;;) {
        uint32_t w = atomic_load_explicit(&o->lock, memory_order_relaxed);
        if (w == 0) {
            if (atomic_compare_exchange_weak_explicit(&o->lock, &w, me | 1,
                                                      memory_order_acquire,
                                                      memory_order_relaxed))
                return;
        } else if ((w & 0xffff0000u) == me) {
            atomic_store_explicit(&o->lock, w + 1, memory_order_relaxed);
            return;
        } else if (++spins > 64) {
            sched_yield();
        }
    }
}

void tl_unlock(TlThread *th, TlObj *o)
{
    if (!th->vm->mt)
        return;
    uint32_t w = atomic_load_explicit(&o->lock, memory_order_relaxed);
    atomic_store_explicit(&o->lock, (w & 0xffffu) == 1 ? 0 : w - 1,
                          memory_order_release);
}
