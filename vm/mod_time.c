/*
 * mod_time.c -- the time module: CPython's clocks and sleep, plus
 * MicroPython's ticks_ms/ticks_diff family for board code.
 *
 * Clocks come from the host.  sleep() detaches the thread from the VM, so
 * other threads run and a collection never waits for a sleeper, and it
 * sleeps in short slices so Ctrl-C (or Stop in the browser) ends it promptly.
 */
#include "lib.h"
#include "thread.h"

#include <errno.h>
#include <math.h>
#include <time.h>

double tl_monotonic(TlThread *th)
{
    TlHost *h = &th->vm->host;
    return h->monotonic ? h->monotonic(h->ctx) : 0.0;
}

static bool interrupted(TlThread *th)
{
    return th == th->vm->main &&
           (atomic_load(&th->vm->breaker) & TL_BRK_INTERRUPT);
}

int tl_sleep(TlThread *th, double secs)
{
    double t0 = tl_now();
    double end = tl_monotonic(th) + secs;
    tl_detach(th);
    for (;;) {
        double left = end - tl_monotonic(th);
        if (left <= 0 || interrupted(th))
            break;
        double slice = left < 0.05 ? left : 0.05;
        struct timespec ts = {(time_t)slice, (long)((slice - floor(slice)) * 1e9)};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !interrupted(th))
            ;
    }
    tl_attach(th);
    tl_trace_span(th, "sleep", "", t0);
    return tl_safepoint(th);
}

static int seconds_arg(TlThread *th, TlVal v, double scale, double *out)
{
    if (tl_to_double(th, v, out) < 0)
        return -1;
    *out *= scale;
    if (isnan(*out)) {
        tl_raise(th, &tl_ValueError, "Invalid value NaN (not a number)");
        return -1;
    }
    if (*out < 0) {
        tl_raise(th, &tl_ValueError, "sleep length must be non-negative");
        return -1;
    }
    return 0;
}

static TlVal sleep_scaled(TlThread *th, TlVal *args, int nargs, TlVal kw,
                          const char *name, double scale)
{
    double secs;
    if (tl_args_n(th, name, nargs, kw, 1, 1) < 0 ||
        seconds_arg(th, args[0], scale, &secs) < 0 || tl_sleep(th, secs) < 0)
        return TL_NULL;
    return TL_NONE;
}

static TlVal t_sleep(TlThread *th, TlVal *a, int n, TlVal kw) { return sleep_scaled(th, a, n, kw, "sleep", 1.0); }
static TlVal t_sleep_ms(TlThread *th, TlVal *a, int n, TlVal kw) { return sleep_scaled(th, a, n, kw, "sleep_ms", 1e-3); }
static TlVal t_sleep_us(TlThread *th, TlVal *a, int n, TlVal kw) { return sleep_scaled(th, a, n, kw, "sleep_us", 1e-6); }

typedef enum { CLOCK_WALL, CLOCK_MONO } Clock;

static double now(TlThread *th, Clock c)
{
    TlHost *h = &th->vm->host;
    if (c == CLOCK_WALL)
        return h->time ? h->time(h->ctx) : 0.0;
    return tl_monotonic(th);
}

static TlVal clock_fn(TlThread *th, int nargs, TlVal kw, const char *name, Clock c)
{
    if (tl_args_n(th, name, nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_float_new(th, now(th, c));
}

static TlVal clock_ns(TlThread *th, int nargs, TlVal kw, const char *name, Clock c)
{
    if (tl_args_n(th, name, nargs, kw, 0, 0) < 0)
        return TL_NULL;
    return tl_int_from_i64(th, (int64_t)(now(th, c) * 1e9));
}

static TlVal t_time(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return clock_fn(th, n, kw, "time", CLOCK_WALL); }
static TlVal t_monotonic(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return clock_fn(th, n, kw, "monotonic", CLOCK_MONO); }
static TlVal t_perf_counter(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return clock_fn(th, n, kw, "perf_counter", CLOCK_MONO); }
static TlVal t_time_ns(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return clock_ns(th, n, kw, "time_ns", CLOCK_WALL); }
static TlVal t_monotonic_ns(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return clock_ns(th, n, kw, "monotonic_ns", CLOCK_MONO); }
static TlVal t_perf_counter_ns(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return clock_ns(th, n, kw, "perf_counter_ns", CLOCK_MONO); }

static TlVal t_process_time(TlThread *th, TlVal *a, int n, TlVal kw)
{
    (void)a;
    if (tl_args_n(th, "process_time", n, kw, 0, 0) < 0)
        return TL_NULL;
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return tl_float_new(th, (double)ts.tv_sec + ts.tv_nsec * 1e-9);
}

/* MicroPython ticks: a wrapping counter of TICKS_PERIOD, compared only
 * through ticks_diff, which folds the difference into the signed range. */
#define TICKS_PERIOD ((int64_t)1 << 30)

static TlVal ticks(TlThread *th, int nargs, TlVal kw, const char *name, double scale)
{
    if (tl_args_n(th, name, nargs, kw, 0, 0) < 0)
        return TL_NULL;
    int64_t t = (int64_t)(tl_monotonic(th) * scale);
    return tl_mksmall(t & (TICKS_PERIOD - 1));
}

static TlVal t_ticks_ms(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return ticks(th, n, kw, "ticks_ms", 1e3); }
static TlVal t_ticks_us(TlThread *th, TlVal *a, int n, TlVal kw) { (void)a; return ticks(th, n, kw, "ticks_us", 1e6); }

static int two_ticks(TlThread *th, TlVal *a, int n, TlVal kw, const char *name,
                     int64_t *x, int64_t *y)
{
    if (tl_args_n(th, name, n, kw, 2, 2) < 0 || tl_int_to_i64(th, a[0], x) < 0 ||
        tl_int_to_i64(th, a[1], y) < 0)
        return -1;
    return 0;
}

static TlVal t_ticks_diff(TlThread *th, TlVal *a, int n, TlVal kw)
{
    int64_t x, y;
    if (two_ticks(th, a, n, kw, "ticks_diff", &x, &y) < 0)
        return TL_NULL;
    int64_t d = ((x - y + TICKS_PERIOD / 2) & (TICKS_PERIOD - 1)) - TICKS_PERIOD / 2;
    return tl_mksmall(d);
}

static TlVal t_ticks_add(TlThread *th, TlVal *a, int n, TlVal kw)
{
    int64_t x, y;
    if (two_ticks(th, a, n, kw, "ticks_add", &x, &y) < 0)
        return TL_NULL;
    return tl_mksmall((x + y) & (TICKS_PERIOD - 1));
}

static const TlMethodDef time_fns[] = {
    {"sleep", t_sleep, 0},
    {"sleep_ms", t_sleep_ms, 0},
    {"sleep_us", t_sleep_us, 0},
    {"time", t_time, 0},
    {"time_ns", t_time_ns, 0},
    {"monotonic", t_monotonic, 0},
    {"monotonic_ns", t_monotonic_ns, 0},
    {"perf_counter", t_perf_counter, 0},
    {"perf_counter_ns", t_perf_counter_ns, 0},
    {"process_time", t_process_time, 0},
    {"ticks_ms", t_ticks_ms, 0},
    {"ticks_us", t_ticks_us, 0},
    {"ticks_diff", t_ticks_diff, 0},
    {"ticks_add", t_ticks_add, 0},
    {NULL, NULL, 0},
};

int tl_mod_time_init(TlThread *th, TlVal module)
{
    return tl_module_add_methods(th, module, time_fns);
}
