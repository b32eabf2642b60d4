/*
 * fuzz_vm.c -- libFuzzer target over the whole VM: compile the input as a
 * program and, if it compiles, run it with a small heap and a watchdog that
 * interrupts it.  Any input must end in a Python exception or normal exit,
 * never a crash, hang or sanitizer report.
 *
 * There is one VM per process (builtin types are process-wide), so the VM
 * is created once and each input runs as a fresh __main__ module.
 */
#include "tl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void discard(void *ctx, int fd, const char *buf, size_t n)
{
    (void)ctx, (void)fd, (void)buf, (void)n;
}

static int no_input(void *ctx, const char *prompt, char **line, size_t *n)
{
    (void)ctx, (void)prompt, (void)line, (void)n;
    return -1;
}

static double mono(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct Watch {
    TlVM *vm;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    bool done;
} Watch;

/* Interrupts the program every 10 ms once it has run for 300 ms. */
static void *watchdog(void *arg)
{
    Watch *w = arg;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 300 * 1000000L;
    pthread_mutex_lock(&w->mu);
    while (!w->done) {
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        if (pthread_cond_timedwait(&w->cond, &w->mu, &ts) != 0 && !w->done) {
            tl_interrupt(w->vm);
            ts.tv_nsec += 10 * 1000000L;
        }
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static TlVM *vm;
    if (!vm) {
        TlHost host = {.write = discard, .readline = no_input, .time = mono,
                       .monotonic = mono};
        TlConfig cfg = {.heap_limit = (size_t)64 << 20};
        vm = tl_vm_new(&host, &cfg);
        if (!vm)
            abort();
        tl_sys_set_argv(tl_main_thread(vm), 1, (char *[]){"fuzz.py"}, "");
    }
    TlThread *th = tl_main_thread(vm);
    TlVal main = tl_intern_cstr(th, "__main__");
    if (main && tl_dict_get(th, vm->modules, main))
        tl_dict_del(th, vm->modules, main);
    tl_exc_clear(th);
    atomic_fetch_and(&vm->breaker, ~(uint32_t)TL_BRK_INTERRUPT);
    Watch w = {.vm = vm, .mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
    pthread_t t;
    pthread_create(&t, NULL, watchdog, &w);
    tl_run_main(th, (const char *)data, size, "fuzz.py");
    pthread_mutex_lock(&w.mu);
    w.done = true;
    pthread_cond_signal(&w.cond);
    pthread_mutex_unlock(&w.mu);
    pthread_join(t, NULL);
    atomic_fetch_and(&vm->breaker, ~(uint32_t)TL_BRK_INTERRUPT);
    return 0;
}
