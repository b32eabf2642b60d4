/*
 * mod_random.c -- the random module: CPython's Mersenne Twister, exactly.
 *
 * Seeded sequences must match CPython bit for bit, so everything that
 * consumes randomness follows CPython 3.11's algorithms literally: the
 * MT19937 generator with init_by_array seeding from the 32-bit chunks of
 * |seed|, version 2 str/bytes seeds (the text followed by its SHA-512
 * digest, read as a big-endian int -- hence the small SHA-512 below),
 * random() from two draws (27 + 26 bits), getrandbits filling 32-bit words
 * little-endian, _randbelow by rejection on getrandbits(n.bit_length()),
 * and the shuffle/sample/choices loops of random.py.
 *
 * The generator state lives in the Random instance (no C globals); the
 * module-level functions are bound methods of one hidden instance, as in
 * random.py.
 */
#include "lib.h"
#include "num.h"

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MT_N 624
#define MT_M 397

typedef struct TlRandom {
    TlObj ob;
    uint32_t mt[MT_N];
    uint32_t index;
    bool has_gauss;
    double gauss_next;
} TlRandom;

#define RND(v) ((TlRandom *)tl_obj(v))

/* --------------------------------------------------------- MT19937 */

static void init_genrand(TlRandom *r, uint32_t s)
{
    r->mt[0] = s;
    for (uint32_t i = 1; i < MT_N; i++)
        r->mt[i] = 1812433253u * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + i;
    r->index = MT_N;
}

static void init_by_array(TlRandom *r, const uint32_t *key, size_t len)
{
    uint32_t *mt = r->mt;
    init_genrand(r, 19650218u);
    size_t i = 1, j = 0;
    for (size_t k = MT_N > len ? MT_N : len; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++, j++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
        if (j >= len)
            j = 0;
    }
    for (size_t k = MT_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000u;
}

static uint32_t genrand(TlRandom *r)
{
    uint32_t *mt = r->mt, y;
    if (r->index >= MT_N) {
        int k;
        for (k = 0; k < MT_N; k++) {
            y = (mt[k] & 0x80000000u) | (mt[(k + 1) % MT_N] & 0x7fffffffu);
            mt[k] = mt[(k + MT_M) % MT_N] ^ (y >> 1) ^ ((y & 1) ? 0x9908b0dfu : 0);
        }
        r->index = 0;
    }
    y = mt[r->index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

static double random_double(TlRandom *r)
{
    uint32_t a = genrand(r) >> 5, b = genrand(r) >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

/* ---------------------------------------------------------- SHA-512 */

static const uint64_t sha_k[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
};

static uint64_t ror(uint64_t x, int n)
{
    return x >> n | x << (64 - n);
}

static void sha512_block(uint64_t h[8], const uint8_t *p)
{
    uint64_t w[80], v[8];
    for (int i = 0; i < 16; i++) {
        w[i] = 0;
        for (int j = 0; j < 8; j++)
            w[i] = w[i] << 8 | p[8 * i + j];
    }
    for (int i = 16; i < 80; i++) {
        uint64_t s0 = ror(w[i - 15], 1) ^ ror(w[i - 15], 8) ^ (w[i - 15] >> 7);
        uint64_t s1 = ror(w[i - 2], 19) ^ ror(w[i - 2], 61) ^ (w[i - 2] >> 6);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, h, sizeof v);
    for (int i = 0; i < 80; i++) {
        uint64_t s1 = ror(v[4], 14) ^ ror(v[4], 18) ^ ror(v[4], 41);
        uint64_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
        uint64_t t1 = v[7] + s1 + ch + sha_k[i] + w[i];
        uint64_t s0 = ror(v[0], 28) ^ ror(v[0], 34) ^ ror(v[0], 39);
        uint64_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + s0 + maj;
    }
    for (int i = 0; i < 8; i++)
        h[i] += v[i];
}

static void sha512(const uint8_t *p, size_t n, uint8_t out[64])
{
    uint64_t h[8] = {
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    };
    size_t done = 0;
    for (; n - done >= 128; done += 128)
        sha512_block(h, p + done);
    uint8_t tail[256] = {0};
    size_t rest = n - done, tlen = rest < 112 ? 128 : 256;
    memcpy(tail, p + done, rest);
    tail[rest] = 0x80;
    uint64_t bits = (uint64_t)n * 8;    /* 128-bit length, high half zero */
    for (int i = 0; i < 8; i++)
        tail[tlen - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t off = 0; off < tlen; off += 128)
        sha512_block(h, tail + off);
    for (int i = 0; i < 64; i++)
        out[i] = (uint8_t)(h[i / 8] >> (56 - 8 * (i % 8)));
}

/* ------------------------------------------------------------ seeding */

static void seed_from_int(TlRandom *r, TlVal n)
{
    TlIntView x;
    static const uint32_t zero = 0;
    tl_int_view(n, &x);         /* the sign is ignored: abs(seed) */
    init_by_array(r, x.n ? x.d : &zero, x.n ? x.n : 1);
}

static void seed_from_os(TlThread *th, TlRandom *r)
{
    uint32_t key[MT_N];
    ssize_t got = -1;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd >= 0) {
        got = read(fd, key, sizeof key);
        close(fd);
    }
    if (got != (ssize_t)sizeof key) {   /* no OS entropy: clock and address */
        double t = th->vm->host.time ? th->vm->host.time(th->vm->host.ctx) : 0.0;
        uint64_t mix = (uint64_t)(t * 1e6) ^ (uint64_t)(uintptr_t)r;
        for (int i = 0; i < MT_N; i++) {
            mix = mix * 6364136223846793005u + 1442695040888963407u;
            key[i] = (uint32_t)(mix >> 32);
        }
    }
    init_by_array(r, key, MT_N);
}

static int do_seed(TlThread *th, TlRandom *r, TlVal a)
{
    r->has_gauss = false;
    if (!a || a == TL_NONE) {
        seed_from_os(th, r);
        return 0;
    }
    if (tl_is_int(a)) {
        seed_from_int(r, a);
        return 0;
    }
    const uint8_t *p = NULL;
    size_t n = 0;
    if (tl_is_str(a))
        p = (const uint8_t *)tl_cstr(a), n = TL_STR(a)->len;
    else if (!tl_is_small(a) && tl_has_flag(a, TL_TF_BYTES))
        p = ((TlBytes *)tl_obj(a))->data, n = ((TlBytes *)tl_obj(a))->len;
    if (p) {                    /* version 2: int.from_bytes(a + sha512(a)) */
        uint8_t *buf = malloc(n + 64);
        if (!buf) {
            tl_raise_nomem(th);
            return -1;
        }
        memcpy(buf, p, n);
        sha512(p, n, buf + n);
        TlVal v = tl_int_from_bytes(th, buf, n + 64, false);
        free(buf);
        if (!v)
            return -1;
        seed_from_int(r, v);
        return 0;
    }
    if (!tl_is_float(a)) {
        tl_raise(th, &tl_TypeError, "The only supported seed types are: None,\n"
                 "int, float, str, bytes, and bytearray.");
        return -1;
    }
    TlHash h = tl_hash(th, a);
    TlVal hv = h == -1 ? TL_NULL : tl_int_from_i64(th, h);
    if (!hv)
        return -1;
    seed_from_int(r, hv);
    return 0;
}

/* ---------------------------------------------------------- drawing */

static TlVal getrandbits(TlThread *th, TlRandom *r, uint64_t k)
{
    if (k <= 32)                /* 32 bits overflow a 32-bit target's tagged int */
        return tl_int_from_u64(th, k ? genrand(r) >> (32 - k) : 0);
    size_t words = (size_t)((k - 1) / 32 + 1);
    uint32_t *w = malloc(words * sizeof(uint32_t));
    if (!w)
        return tl_raise_nomem(th);
    for (size_t i = 0; i < words; i++, k -= 32)
        w[i] = k < 32 ? genrand(r) >> (32 - k) : genrand(r);
    TlVal v = tl_int_from_digits(th, w, words, 1);
    free(w);
    return v;
}

/* Uniform in [0, n) for n > 0: rejection sampling on n.bit_length() bits. */
static TlVal randbelow(TlThread *th, TlRandom *r, TlVal n)
{
    uint64_t k = tl_int_bit_length(n);
    TlVal v;
    do {
        if (!(v = getrandbits(th, r, k)))
            return TL_NULL;
    } while (tl_int_cmp(v, n) >= 0);
    return v;
}

static int64_t randbelow_small(TlRandom *r, int64_t n)
{
    int k = 0;
    while (k < 64 && ((uint64_t)n >> k))
        k++;
    uint64_t v;
    do {
        v = k <= 32 ? (k ? genrand(r) >> (32 - k) : 0)
                    : (genrand(r) | (uint64_t)(genrand(r) >> (64 - k)) << 32);
    } while (v >= (uint64_t)n);
    return (int64_t)v;
}

/* Uniform in [0, n) for an int n > 0. */
static TlVal below(TlThread *th, TlRandom *r, TlVal n)
{
    return tl_is_small(n) ? tl_mksmall(randbelow_small(r, tl_small(n))) : randbelow(th, r, n);
}

/* ----------------------------------------------------------- methods */

static TlType random_type;

static TlVal m_seed(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "a", "version", NULL};
    TlVal a[3];
    if (tl_args(th, "seed", args, nargs, kw, kwlist, 1, 3, a) || do_seed(th, RND(a[0]), a[1]))
        return TL_NULL;
    return TL_NONE;
}

static TlVal m_random(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", NULL};
    TlVal a[1];
    if (tl_args(th, "random", args, nargs, kw, kwlist, 1, 1, a))
        return TL_NULL;
    return tl_float_new(th, random_double(RND(a[0])));
}

static TlVal m_getrandbits(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "k", NULL};
    TlVal a[2], k;
    int64_t n;
    if (tl_args(th, "getrandbits", args, nargs, kw, kwlist, 2, 2, a) || !(k = tl_int_index(th, a[1]))
        || tl_int_to_i64(th, k, &n))
        return TL_NULL;
    if (n < 0)
        return tl_raise(th, &tl_ValueError, "number of bits must be non-negative");
    return getrandbits(th, RND(a[0]), (uint64_t)n);
}

static TlVal m_randbytes(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "n", NULL};
    TlVal a[2], k, bits;
    int64_t n;
    if (tl_args(th, "randbytes", args, nargs, kw, kwlist, 2, 2, a) || !(k = tl_int_index(th, a[1]))
        || tl_int_to_i64(th, k, &n))
        return TL_NULL;
    if (n < 0)
        return tl_raise(th, &tl_ValueError, "number of bits must be non-negative");
    if (!(bits = getrandbits(th, RND(a[0]), 8 * (uint64_t)n)))
        return TL_NULL;
    TlIntView x;                /* getrandbits(8n).to_bytes(n, 'little') */
    tl_int_view(bits, &x);
    uint8_t *buf = malloc((size_t)n + 1);
    if (!buf)
        return tl_raise_nomem(th);
    for (int64_t i = 0; i < n; i++)
        buf[i] = (size_t)i / 4 < x.n ? (uint8_t)(x.d[i / 4] >> (8 * (i % 4))) : 0;
    TlVal r = tl_bytes_new(th, buf, (size_t)n);
    free(buf);
    return r;
}

/* randrange's argument: an int, or (deprecated in 3.10) an integral float. */
static TlVal range_arg(TlThread *th, TlVal v, const char *what)
{
    if (tl_is_int(v))
        return tl_int_exact(th, v);
    if (tl_is_float(v)) {
        double d = TL_FLOAT(v);
        if (!isfinite(d) || d != floor(d))
            return tl_raise(th, &tl_ValueError, "non-integer %s for randrange()", what);
        return tl_int_from_double(th, d);
    }
    return tl_int_index(th, v);
}

/* randrange's arguments may run __index__: keep the converted ones rooted. */
static TlVal randrange_rooted(TlThread *th, TlRandom *r, TlVal start, TlVal stop, TlVal step);

static TlVal randrange(TlThread *th, TlRandom *r, TlVal start, TlVal stop, TlVal step)
{
    uint32_t mark = tl_roots_mark(th);
    TlVal v = randrange_rooted(th, r, start, stop, step);
    tl_roots_reset(th, mark);
    return v;
}

static TlVal randrange_rooted(TlThread *th, TlRandom *r, TlVal start, TlVal stop, TlVal step)
{
    TlVal istart = range_arg(th, start, "arg 1"), istop, istep, width, n, v;
    if (!istart)
        return TL_NULL;
    tl_root(th, istart);
    if (!stop || stop == TL_NONE) {
        if (step && !(tl_is_int(step) && tl_int_cmp(step, tl_mksmall(1)) == 0))
            return tl_raise(th, &tl_TypeError, "Missing a non-None stop argument");
        if (tl_int_sign(istart) > 0)
            return below(th, r, istart);
        return tl_raise(th, &tl_ValueError, "empty range for randrange()");
    }
    if (!(istop = range_arg(th, stop, "stop")) || !(width = tl_int_binop(th, TL_OP_SUB, istop, istart)))
        return TL_NULL;
    tl_root(th, istop);
    tl_root(th, width);
    if (!(istep = step ? range_arg(th, step, "step") : tl_mksmall(1)))
        return TL_NULL;
    int ss = tl_int_sign(istep);
    if (ss > 0 && tl_int_cmp(istep, tl_mksmall(1)) == 0) {
        if (tl_int_sign(width) > 0)
            return (v = below(th, r, width)) ? tl_int_binop(th, TL_OP_ADD, istart, v) : TL_NULL;
        return tl_raise(th, &tl_ValueError, "empty range for randrange() (%S, %S, %S)",
                        istart, istop, width);
    }
    if (!ss)
        return tl_raise(th, &tl_ValueError, "zero step for randrange()");
    /* n = (width + step -/+ 1) // step */
    if (!(n = tl_int_binop(th, TL_OP_ADD, width, istep))
        || !(n = tl_int_binop(th, TL_OP_ADD, n, tl_mksmall(ss > 0 ? -1 : 1)))
        || !(n = tl_int_binop(th, TL_OP_FLOORDIV, n, istep)))
        return TL_NULL;
    if (tl_int_sign(n) <= 0)
        return tl_raise(th, &tl_ValueError, "empty range for randrange()");
    if (!(v = below(th, r, n)) || !(v = tl_int_binop(th, TL_OP_MUL, istep, v)))
        return TL_NULL;
    return tl_int_binop(th, TL_OP_ADD, istart, v);
}

static TlVal m_randrange(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "start", "stop", "step", NULL};
    TlVal a[4];
    if (tl_args(th, "randrange", args, nargs, kw, kwlist, 2, 4, a))
        return TL_NULL;
    return randrange(th, RND(a[0]), a[1], a[2], a[3]);
}

static TlVal m_randint(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "a", "b", NULL};
    TlVal a[3], hi;
    if (tl_args(th, "randint", args, nargs, kw, kwlist, 3, 3, a))
        return TL_NULL;
    if (!(hi = tl_binop(th, TL_OP_ADD, a[2], tl_mksmall(1))))
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, hi);
    TlVal r = randrange(th, RND(a[0]), a[1], hi, TL_NULL);
    tl_roots_reset(th, mark);
    return r;
}

static TlVal m_choice(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "seq", NULL};
    TlVal a[2];
    if (tl_args(th, "choice", args, nargs, kw, kwlist, 2, 2, a))
        return TL_NULL;
    int64_t n = tl_len(th, a[1]);
    if (n < 0)
        return TL_NULL;
    if (!n)
        return tl_raise(th, &tl_IndexError, "Cannot choose from an empty sequence");
    TlVal i = tl_int_from_i64(th, randbelow_small(RND(a[0]), n));
    return i ? tl_getitem(th, a[1], i) : TL_NULL;
}

static TlVal m_shuffle(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "x", NULL};
    TlVal a[2];
    if (tl_args(th, "shuffle", args, nargs, kw, kwlist, 2, 2, a))
        return TL_NULL;
    TlRandom *r = RND(a[0]);
    TlVal x = a[1];
    if (tl_is_exact(x, &tl_list_type)) {    /* no Python code can run: swap in place */
        tl_lock(th, tl_obj(x));
        TlList *l = TL_LIST(x);
        for (size_t i = l->len; i-- > 1;) {
            size_t j = (size_t)randbelow_small(r, (int64_t)i + 1);
            TlVal t = l->items[i];
            l->items[i] = l->items[j];
            l->items[j] = t;
        }
        tl_unlock(th, tl_obj(x));
        return TL_NONE;
    }
    int64_t n = tl_len(th, x);
    if (n < 0)
        return TL_NULL;
    uint32_t mark = tl_roots_mark(th);
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = randbelow_small(r, i + 1);
        TlVal iv = tl_int_from_i64(th, i), jv = tl_int_from_i64(th, j), vi, vj;
        tl_roots_reset(th, mark);
        if (!iv || !jv)
            break;
        tl_root(th, iv);        /* big ints past the tagged range (32-bit) */
        tl_root(th, jv);
        if (!(vj = tl_getitem(th, x, jv)))
            break;
        tl_root(th, vj);
        if (!(vi = tl_getitem(th, x, iv)))
            break;
        tl_root(th, vi);
        if (tl_setitem(th, x, iv, vj) < 0 || tl_setitem(th, x, jv, vi) < 0)
            break;
    }
    tl_roots_reset(th, mark);
    return th->exc ? TL_NULL : TL_NONE;
}

/* The index sequence of sample(range(n), k), random.py's two strategies:
 * a shrinking pool for small populations, rejection on a set otherwise. */
static int sample_indices(TlThread *th, TlRandom *r, int64_t n, int64_t k, int64_t *out)
{
    int64_t setsize = 21;
    if (k > 5) {
        double e = ceil(log((double)k * 3.0) / log(4.0));
        setsize = e >= 30 ? INT64_MAX : setsize + ((int64_t)1 << (2 * (int)e));
    }
    if (n <= setsize) {
        int64_t *pool = malloc(((size_t)n + 1) * sizeof(int64_t));
        if (!pool) {
            tl_raise_nomem(th);
            return -1;
        }
        for (int64_t i = 0; i < n; i++)
            pool[i] = i;
        for (int64_t i = 0; i < k; i++) {
            int64_t j = randbelow_small(r, n - i);
            out[i] = pool[j];
            pool[j] = pool[n - i - 1];
        }
        free(pool);
        return 0;
    }
    size_t cap = 16;
    while (cap < 2 * (size_t)k + 2)
        cap *= 2;
    int64_t *set = malloc(cap * sizeof(int64_t));
    if (!set) {
        tl_raise_nomem(th);
        return -1;
    }
    memset(set, 0xff, cap * sizeof(int64_t));    /* -1: empty slot */
    for (int64_t i = 0; i < k; i++) {
        for (;;) {
            int64_t j = randbelow_small(r, n);
            size_t h = ((size_t)j * 0x9e3779b97f4a7c15u) & (cap - 1);
            while (set[h] != -1 && set[h] != j)
                h = (h + 1) & (cap - 1);
            if (set[h] == j)
                continue;
            set[h] = j;
            out[i] = j;
            break;
        }
    }
    free(set);
    return 0;
}

/* bisect_right(cum[0..n), x) */
static int64_t bisect_right(const double *cum, int64_t lo, int64_t hi, double x)
{
    while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        if (x < cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* list(accumulate(iterable)) converted to doubles; *n receives the count. */
static double *accumulate(TlThread *th, TlVal iterable, int64_t *n)
{
    TlVal lst = tl_to_list(th, iterable), acc = TL_NULL;
    if (!lst)
        return NULL;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, lst);
    size_t len = TL_LIST(lst)->len;
    double *cum = malloc((len + 1) * sizeof(double));
    if (!cum) {
        tl_raise_nomem(th);
        goto fail;
    }
    for (size_t i = 0; i < len; i++) {
        TlVal item = TL_LIST(lst)->items[i];
        if (acc) {
            tl_roots_reset(th, mark + 1);
            tl_root(th, acc);
            acc = tl_binop(th, TL_OP_ADD, acc, item);
        } else {
            acc = item;
        }
        if (!acc || tl_to_double(th, acc, &cum[i]))
            goto fail;
    }
    tl_roots_reset(th, mark);
    *n = (int64_t)len;
    return cum;
fail:
    free(cum);
    tl_roots_reset(th, mark);
    return NULL;
}

static bool is_sequence(TlVal v)
{
    TlType *t = tl_type(v);
    return !(t->flags & (TL_TF_DICT | TL_TF_SET)) && tl_type_lookup(t, TLN(__getitem__))
        && tl_type_lookup(t, TLN(__len__));
}

static TlVal m_sample(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "population", "k", "counts", NULL};
    TlVal a[4], kv, res = TL_NULL;
    int64_t k;
    if (tl_args(th, "sample", args, nargs, kw, kwlist, 3, 4, a))
        return TL_NULL;
    TlRandom *r = RND(a[0]);
    TlVal pop = a[1];
    if (!is_sequence(pop))
        return tl_raise(th, &tl_TypeError,
                        "Population must be a sequence.  For dicts or sets, use sorted(d).");
    int64_t n = tl_len(th, pop), total = n, ncum = 0;
    if (n < 0 || !(kv = tl_int_index(th, a[2])) || tl_int_to_i64(th, kv, &k))
        return TL_NULL;
    double *cum = NULL;
    if (a[3] && a[3] != TL_NONE) {
        if (!(cum = accumulate(th, a[3], &ncum)))
            return TL_NULL;
        if (ncum != n) {
            free(cum);
            return tl_raise(th, &tl_ValueError, "The number of counts does not match the population");
        }
        total = ncum ? (int64_t)cum[--ncum] : 0;
        if (total <= 0) {
            free(cum);
            return tl_raise(th, &tl_ValueError, "Total of counts must be greater than zero");
        }
    }
    if (k < 0 || k > total) {
        free(cum);
        return tl_raise(th, &tl_ValueError, "Sample larger than population or is negative");
    }
    int64_t *idx = malloc(((size_t)k + 1) * sizeof(int64_t));
    if (!idx || sample_indices(th, r, total, (int64_t)k, idx) || !(res = tl_list_new(th, (size_t)k)))
        goto done;
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, res);
    for (int64_t i = 0; i < k; i++) {
        int64_t j = cum ? bisect_right(cum, 0, ncum, (double)idx[i]) : idx[i];
        TlVal jv = tl_int_from_i64(th, j), item = jv ? tl_getitem(th, pop, jv) : TL_NULL;
        if (!item) {
            res = TL_NULL;
            break;
        }
        TL_LIST(res)->items[i] = item;
    }
    tl_roots_reset(th, mark);
done:
    if (!idx && !th->exc)
        tl_raise_nomem(th);
    free(idx);
    free(cum);
    return res;
}

static TlVal m_choices(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "population", "weights", "cum_weights", "k", NULL};
    TlVal a[5], kv = tl_mksmall(1), res;
    int64_t k;
    if (tl_args(th, "choices", args, nargs, kw, kwlist, 2, 5, a))
        return TL_NULL;
    TlRandom *r = RND(a[0]);
    TlVal pop = a[1], w = a[2] == TL_NONE ? TL_NULL : a[2], cw = a[3] == TL_NONE ? TL_NULL : a[3];
    int64_t n = tl_len(th, pop), ncum;
    if (n < 0 || (a[4] && !(kv = tl_int_index(th, a[4]))) || tl_int_to_i64(th, kv, &k))
        return TL_NULL;
    if (k < 0)
        k = 0;
    double *cum = NULL, total = 0.0;
    if (!cw && w) {
        if (!(cum = accumulate(th, w, &ncum)))
            return TL_NULL;
    } else if (cw && w) {
        return tl_raise(th, &tl_TypeError, "Cannot specify both weights and cumulative weights");
    } else if (cw && !(cum = accumulate(th, cw, &ncum))) {
        return TL_NULL;
    }
    if (cum) {
        const char *err = NULL;
        if (ncum != n)
            err = "The number of weights does not match the population";
        else if (!((total = n ? cum[n - 1] : 0.0) > 0.0))
            err = "Total of weights must be greater than zero";
        else if (!isfinite(total))
            err = "Total of weights must be finite";
        if (err) {
            free(cum);
            return tl_raise(th, &tl_ValueError, err);
        }
    }
    if (!(res = tl_list_new(th, (size_t)k))) {
        free(cum);
        return TL_NULL;
    }
    uint32_t mark = tl_roots_mark(th);
    tl_root(th, res);
    for (int64_t i = 0; i < k; i++) {
        int64_t j = cum ? bisect_right(cum, 0, n - 1, random_double(r) * total)
                         : (int64_t)floor(random_double(r) * (double)n);
        TlVal jv = tl_int_from_i64(th, j), item = jv ? tl_getitem(th, pop, jv) : TL_NULL;
        if (!item) {
            res = TL_NULL;
            break;
        }
        TL_LIST(res)->items[i] = item;
    }
    tl_roots_reset(th, mark);
    free(cum);
    return res;
}

/* Float parameters with defaults, for the distribution methods. */
static int float_args(TlThread *th, const char *name, TlVal *args, int nargs, TlVal kw,
                      const char *const *kwlist, int nreq, int nmax, double *out)
{
    TlVal a[4];
    if (tl_args(th, name, args, nargs, kw, kwlist, nreq, nmax, a))
        return -1;
    for (int i = 1; i < nmax; i++)
        if (a[i] && a[i] != TL_NONE && tl_to_double(th, a[i], &out[i - 1]))
            return -1;
    return 0;
}

static TlVal m_uniform(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "a", "b", NULL};
    double p[2];
    if (float_args(th, "uniform", args, nargs, kw, kwlist, 3, 3, p))
        return TL_NULL;
    return tl_float_new(th, p[0] + (p[1] - p[0]) * random_double(RND(args[0])));
}

static TlVal m_triangular(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "low", "high", "mode", NULL};
    double p[3] = {0.0, 1.0, NAN};
    if (float_args(th, "triangular", args, nargs, kw, kwlist, 1, 4, p))
        return TL_NULL;
    double low = p[0], high = p[1], u = random_double(RND(args[0]));
    double c = isnan(p[2]) ? 0.5 : (high == low ? 0.0 : (p[2] - low) / (high - low));
    if (high == low && !isnan(p[2]))
        return tl_float_new(th, low);
    if (u > c) {
        u = 1.0 - u;
        c = 1.0 - c;
        double t = low;
        low = high, high = t;
    }
    return tl_float_new(th, low + (high - low) * sqrt(u * c));
}

static TlVal m_gauss(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "mu", "sigma", NULL};
    double p[2] = {0.0, 1.0};
    if (float_args(th, "gauss", args, nargs, kw, kwlist, 1, 3, p))
        return TL_NULL;
    TlRandom *r = RND(args[0]);
    double z = r->gauss_next;
    if (!r->has_gauss) {
        double x2pi = random_double(r) * 2.0 * 3.141592653589793;
        double g2rad = sqrt(-2.0 * log(1.0 - random_double(r)));
        z = cos(x2pi) * g2rad;
        r->gauss_next = sin(x2pi) * g2rad;
    }
    r->has_gauss = !r->has_gauss;
    return tl_float_new(th, p[0] + z * p[1]);
}

static TlVal m_normalvariate(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "mu", "sigma", NULL};
    double p[2] = {0.0, 1.0}, z;
    if (float_args(th, "normalvariate", args, nargs, kw, kwlist, 1, 3, p))
        return TL_NULL;
    TlRandom *r = RND(args[0]);
    const double magic = 4 * exp(-0.5) / sqrt(2.0);
    for (;;) {
        double u1 = random_double(r), u2 = 1.0 - random_double(r);
        z = magic * (u1 - 0.5) / u2;
        if (z * z / 4.0 <= -log(u2))
            break;
    }
    return tl_float_new(th, p[0] + z * p[1]);
}

static TlVal m_expovariate(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "lambd", NULL};
    double p[1];
    if (float_args(th, "expovariate", args, nargs, kw, kwlist, 2, 2, p))
        return TL_NULL;
    if (p[0] == 0.0)
        return tl_raise(th, &tl_ZeroDivisionError, "float division by zero");
    return tl_float_new(th, -log(1.0 - random_double(RND(args[0]))) / p[0]);
}

/* getstate(): (3, (mt[0..623]..., index), gauss_next or None) */
static TlVal m_getstate(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", NULL};
    TlVal a[1];
    if (tl_args(th, "getstate", args, nargs, kw, kwlist, 1, 1, a))
        return TL_NULL;
    TlRandom *r = RND(a[0]);
    TlVal st = tl_tuple_new(th, MT_N + 1), g;
    if (!st)
        return TL_NULL;
    for (int i = 0; i < MT_N; i++)
        TL_TUPLE(st)->items[i] = tl_int_from_u64(th, r->mt[i]);
    TL_TUPLE(st)->items[MT_N] = tl_mksmall(r->index);
    g = r->has_gauss ? tl_float_new(th, r->gauss_next) : TL_NONE;
    return g ? tl_tuple_pack(th, 3, tl_mksmall(3), st, g) : TL_NULL;
}

static TlVal m_setstate(TlThread *th, TlVal *args, int nargs, TlVal kw)
{
    static const char *const kwlist[] = {"self", "state", NULL};
    TlVal a[2];
    if (tl_args(th, "setstate", args, nargs, kw, kwlist, 2, 2, a))
        return TL_NULL;
    TlRandom *r = RND(a[0]);
    TlVal s = a[1];
    if (!tl_is_tuple(s) || TL_TUPLE(s)->len != 3 || TL_TUPLE(s)->items[0] != tl_mksmall(3)
        || !tl_is_tuple(TL_TUPLE(s)->items[1]) || TL_TUPLE(TL_TUPLE(s)->items[1])->len != MT_N + 1)
        return tl_raise(th, &tl_ValueError, "state vector is the wrong size");
    TlTuple *mt = TL_TUPLE(TL_TUPLE(s)->items[1]);
    for (int i = 0; i <= MT_N; i++) {
        int64_t v;
        if (!tl_is_int(mt->items[i]) || tl_int_to_i64(th, mt->items[i], &v) || v < 0
            || v > (i == MT_N ? MT_N : (int64_t)UINT32_MAX))
            return th->exc ? TL_NULL : tl_raise(th, &tl_ValueError, "invalid state");
        if (i < MT_N)
            r->mt[i] = (uint32_t)v;
        else
            r->index = (uint32_t)v;
    }
    TlVal g = TL_TUPLE(s)->items[2];
    r->has_gauss = g != TL_NONE;
    if (r->has_gauss && tl_to_double(th, g, &r->gauss_next))
        return TL_NULL;
    return TL_NONE;
}

static const TlMethodDef random_methods[] = {
    {"seed", m_seed, TL_METH_INSTANCE},
    {"random", m_random, TL_METH_INSTANCE},
    {"getrandbits", m_getrandbits, TL_METH_INSTANCE},
    {"randbytes", m_randbytes, TL_METH_INSTANCE},
    {"randrange", m_randrange, TL_METH_INSTANCE},
    {"randint", m_randint, TL_METH_INSTANCE},
    {"choice", m_choice, TL_METH_INSTANCE},
    {"shuffle", m_shuffle, TL_METH_INSTANCE},
    {"sample", m_sample, TL_METH_INSTANCE},
    {"choices", m_choices, TL_METH_INSTANCE},
    {"uniform", m_uniform, TL_METH_INSTANCE},
    {"triangular", m_triangular, TL_METH_INSTANCE},
    {"gauss", m_gauss, TL_METH_INSTANCE},
    {"normalvariate", m_normalvariate, TL_METH_INSTANCE},
    {"expovariate", m_expovariate, TL_METH_INSTANCE},
    {"getstate", m_getstate, TL_METH_INSTANCE},
    {"setstate", m_setstate, TL_METH_INSTANCE},
    {NULL, NULL, 0},
};

/* Random(x=None): the state is seeded at creation, as in CPython. */
static TlVal random_new(TlThread *th, TlType *t, TlVal *args, int nargs, TlVal kw)
{
    (void)kw;
    if (nargs > 1)
        return tl_raise(th, &tl_TypeError, "Random() expected at most 1 argument, got %d", nargs);
    TlRandom *r = tl_alloc(th, t, t->size);
    if (!r || do_seed(th, r, nargs ? args[0] : TL_NULL))
        return TL_NULL;
    return tl_val(r);
}

static int random_init(TlThread *th, TlVal self, TlVal *args, int nargs, TlVal kw)
{
    (void)th, (void)self, (void)args, (void)nargs, (void)kw;
    return 0;
}

static TlType random_type = {
    .ob = TL_STATIC_HDR(&tl_type_type),
    .cname = "Random",
    .size = sizeof(TlRandom),
    .flags = TL_TF_BASETYPE,
    .tp_new = random_new,
    .tp_init = random_init,
    .methods = random_methods,
};

int tl_mod_random_init(TlThread *th, TlVal module)
{
    tl_type_ready(th, &random_type);
    random_type.module = tl_intern_cstr(th, "random");
    TlVal d = ((TlModule *)tl_obj(module))->dict;
    if (!random_type.module || tl_dict_set_cstr(th, d, "Random", tl_val(&random_type)) < 0)
        return -1;
    TlVal inst = random_new(th, &random_type, NULL, 0, TL_NULL);
    if (!inst)
        return -1;
    tl_root(th, inst);
    for (const TlMethodDef *m = random_methods; m->name; m++) {
        TlVal f = tl_getattr(th, inst, tl_intern_cstr(th, m->name));
        if (!f || tl_dict_set_cstr(th, d, m->name, f) < 0)
            return -1;
    }
    return 0;
}
