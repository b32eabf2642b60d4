/*
 * num.h -- private interface between the numeric files (int.c, float.c,
 * mod_math.c, mod_random.c).
 *
 * tl.h exposes what the rest of the VM needs from numbers; the math and
 * random modules need a little more: direct access to the magnitude digits
 * of an int (random seeding, getrandbits) and a few exact helpers that would
 * be slow or lossy through the generic operations.  Nothing outside the
 * numeric files includes this header.
 */
#ifndef TL_NUM_H
#define TL_NUM_H

#include "tl.h"

/* Any int value (tagged, TlInt, bool, int subclass) seen as sign and
 * magnitude digits (base 2^32, little-endian, no leading zeros).  `d` may
 * point into `small`, so a view must not be copied by value. */
typedef struct TlIntView {
    int sign;                  /* -1, 0, 1 */
    size_t n;                  /* digits in use */
    const uint32_t *d;
    uint32_t small[2];
} TlIntView;

void tl_int_view(TlVal v, TlIntView *x);
/* A new exact int from magnitude digits (leading zeros allowed). */
TlVal tl_int_from_digits(TlThread *th, const uint32_t *d, size_t n, int sign);
/* Big-endian (or little-endian) unsigned bytes -> non-negative int. */
TlVal tl_int_from_bytes(TlThread *th, const uint8_t *p, size_t n, bool little);
uint64_t tl_int_bit_length(TlVal v);
/* int(v) for any int-like value: exact int (bool and subclasses copied). */
TlVal tl_int_exact(TlThread *th, TlVal v);
/* Floor division and modulo at once (either output may be NULL). */
int tl_int_divmod(TlThread *th, TlVal a, TlVal b, TlVal *q, TlVal *r);
/* Exact comparison of an int with a finite or infinite double (not NaN). */
int tl_int_cmp_double(TlThread *th, TlVal i, double d, int *out);
/* |v| = m * 2**e with m in [0.5, 1) correctly rounded (v != 0): what
 * math.log and friends use for ints too big for a double. */
double tl_int_frexp(TlVal v, int64_t *e);

/* float.c: the float binop, shared because int ** negative int and
 * int / int of mixed operands land there. */
TlVal tl_float_binop(TlThread *th, TlBinOp op, TlVal a, TlVal b);
/* Floor of a finite double as an int (math.floor, float.__floor__). */
TlVal tl_float_floor_int(TlThread *th, double d);

#endif
