/*
 * alloc.h -- the inline fast path of the allocator, for the few places
 * where an allocation per bytecode is the common case (float arithmetic).
 *
 * gc.c owns the heap.  This header only publishes the layout of a thread's
 * allocation cache (TlThread.alloc: one free list per size class) so that
 * a hot allocation of a small fixed-size object is a free-list pop and a
 * few stores instead of a call.  Whatever the inline path cannot serve (an
 * empty list) goes through tl_alloc, which refills the list.
 */
#ifndef TL_ALLOC_H
#define TL_ALLOC_H

#include <string.h>

#include "tl.h"

#define TL_NCLASSES 36

/* A free block: a NULL type word (so the sweep can tell it is free), then
 * the next pointer. */
typedef struct TlFreeBlock {
    TlType *null_type;
    struct TlFreeBlock *next;
} TlFreeBlock;

typedef struct TlAllocCache {
    TlFreeBlock *free[TL_NCLASSES];
} TlAllocCache;

/* Size class of a small object: classes step by 16 bytes up to 256. */
#define TL_SMALL_CLASS(size) ((unsigned)(((size) + 15) >> 4) - 1)

/* tl_alloc for a type without a finalizer and a constant size of 16 to 64
 * bytes (the clearing then compiles to a few stores). */
static inline void *tl_alloc_inline(TlThread *th, TlType *t, size_t size)
{
    TlAllocCache *c = th->alloc;
    unsigned cls = TL_SMALL_CLASS(size);
    TlFreeBlock *b = c->free[cls];
    if (__builtin_expect(!b, 0))
        return tl_alloc(th, t, size);
    c->free[cls] = b->next;
    memset(b, 0, (size_t)(cls + 1) * 16);
    ((TlObj *)b)->type = t;
    return b;
}

#endif
