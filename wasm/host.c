/*
 * host.c -- the WebAssembly host of the VM: what a browser tab (or Node)
 * gives threadlab in place of a terminal.
 *
 * The VM never runs on the JavaScript main thread: a browser forbids
 * blocking there, and a VM blocks all the time (input(), locks, joins).  So
 * every run or REPL session gets its own pthread (a Web Worker), and the
 * JavaScript side talks to it through three small shared structures:
 *
 *  - the outbox: stdout, stderr, trace events, "waiting for input" and
 *    "exited" records, appended in program order by any VM thread.  The
 *    first record after a drain posts one asynchronous wake-up to the main
 *    thread, which takes the whole outbox at once (tlw_take).  A worker's
 *    printf would be a synchronous round trip per call; one message per
 *    batch keeps a print loop from drowning the page.  When the page falls
 *    far behind, writers wait for a drain, so output cannot grow without
 *    bound.
 *  - the inbox: lines typed by the user.  input() blocks the VM thread on a
 *    condition variable until tlw_input() or tlw_input_eof() feeds it (no
 *    Asyncify: it deadlocks with pthreads).
 *  - the interrupt: tlw_interrupt() sets the VM's breaker bit, which every
 *    thread checks at its safepoints, and wakes a thread waiting for input.
 *    If that is not enough, the JavaScript side terminates the workers and
 *    starts a fresh instance; nothing here needs to survive that.
 *
 * A VM that ends the process itself (_exit after a deadlock report) never
 * gets back here: the runtime hands its status to the embedder's quit hook
 * (wasm/threadlab.mjs), which ends the session the same way.
 *
 * An instance of the module hosts a single VM for a single session (the
 * VM keeps process-wide state such as its static types), which is why the
 * session state below is one static; the embedder starts a fresh instance
 * for the next run.
 */
#include "tl.h"

#include <emscripten.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Sizes chosen with the link flags in wasm/wasm.mk: the VM's main thread
 * gets a deep stack for recursive programs; the heap limit leaves room in
 * the fixed linear memory for the 1 MiB stacks of 256 threads (the CLI's
 * cap) and the allocator.  Every thread is a Web Worker, though, which a
 * browser tab pays for dearly, so the cap (main thread included) is 64
 * unless the embedder passes another one: Node's runner asks for 256. */
#define VM_STACK ((size_t)8 << 20)
#define HEAP_LIMIT ((size_t)256 << 20)
#define MAX_THREADS 64
#define OUTBOX_HIGH ((size_t)1 << 20)   /* writers wait above this */

/* wasm/library.js: run on the main thread (proxied by the runtime). */
void tlw_js_wake(void);                                   /* asynchronous */
char *tlw_js_read_file(const char *path, uint32_t *n);    /* synchronous */

enum { REC_STDOUT = 1, REC_STDERR = 2, REC_TRACE = 3, REC_INPUT = 4, REC_EXIT = 5 };
enum { RUN_GIL = 1, RUN_REPL = 2, RUN_TRACE = 4 };

typedef struct Line {
    struct Line *next;
    char *text;                  /* malloc'd, NUL-terminated; handed to the VM */
    size_t n;
} Line;

typedef struct Job {
    char *src;
    size_t len;
    char *args;                  /* argv strings, each NUL-terminated */
    int argc;
    int flags;
    int max_threads;
} Job;

static struct {
    pthread_mutex_t mu;
    pthread_cond_t input_cv;     /* inbox got a line, EOF or an interrupt */
    pthread_cond_t drained_cv;   /* the page took the outbox */
    TlVM *vm;                    /* the running VM, NULL between runs */
    bool busy;                   /* a VM thread exists */
    bool stop_pending;           /* stop arrived before the VM existed */
    Line *head, *tail;           /* inbox */
    bool eof;
    char *out;                   /* outbox records */
    size_t outlen, outcap;
    bool wake_sent;
} S = {
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .input_cv = PTHREAD_COND_INITIALIZER,
    .drained_cv = PTHREAD_COND_INITIALIZER,
};

/* ------------------------------------------------------------------ outbox */

static bool reserve_locked(size_t n)
{
    if (S.outlen + n <= S.outcap)
        return true;
    size_t cap = S.outcap ? S.outcap : 4096;
    while (cap < S.outlen + n)
        cap *= 2;
    char *p = realloc(S.out, cap);
    if (!p)
        return false;
    S.out = p;
    S.outcap = cap;
    return true;
}

static void put_u32(char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (char)(v >> (8 * i));
}

/* Appends one record: kind byte, 32-bit little-endian length, payload.  The
 * wake-up goes out only for the first record after a drain. */
static void post(int kind, const char *data, size_t n)
{
    pthread_mutex_lock(&S.mu);
    while (S.outlen > OUTBOX_HIGH && kind != REC_EXIT)
        pthread_cond_wait(&S.drained_cv, &S.mu);
    if (reserve_locked(5 + n)) {
        char *p = S.out + S.outlen;
        p[0] = (char)kind;
        put_u32(p + 1, (uint32_t)n);
        if (n)
            memcpy(p + 5, data, n);
        S.outlen += 5 + n;
    }
    bool wake = !S.wake_sent;
    S.wake_sent = true;
    pthread_mutex_unlock(&S.mu);
    if (wake)
        tlw_js_wake();
}

/* Called by the page: hands over every record so far (malloc'd, the caller
 * frees it) and stores its size in *n; NULL when there is nothing. */
EMSCRIPTEN_KEEPALIVE char *tlw_take(uint32_t *n)
{
    pthread_mutex_lock(&S.mu);
    char *p = S.outlen ? S.out : NULL;
    *n = (uint32_t)S.outlen;
    if (p) {
        S.out = NULL;
        S.outlen = S.outcap = 0;
    }
    S.wake_sent = false;
    pthread_cond_broadcast(&S.drained_cv);
    pthread_mutex_unlock(&S.mu);
    return p;
}

/* ------------------------------------------------------------- host calls */

static void host_write(void *ctx, int fd, const char *buf, size_t n)
{
    (void)ctx;
    post(fd == 2 ? REC_STDERR : REC_STDOUT, buf, n);
}

static void say(const char *msg)
{
    host_write(NULL, 2, msg, strlen(msg));
}

static bool interrupted(TlVM *vm)
{
    return vm && (atomic_load(&vm->breaker) & TL_BRK_INTERRUPT);
}

/* Blocks until the page sends a line.  Returns 0 with the line, -1 at end of
 * input, -2 when Stop was pressed while waiting (the VM then raises
 * KeyboardInterrupt at its next safepoint, as the CLI does on Ctrl-C). */
static int host_readline(void *ctx, const char *prompt, char **line, size_t *n)
{
    (void)ctx;
    size_t pn = prompt ? strlen(prompt) : 0;
    if (pn)
        post(REC_STDOUT, prompt, pn);
    post(REC_INPUT, prompt, pn);
    pthread_mutex_lock(&S.mu);
    while (!S.head && !S.eof && !interrupted(S.vm))
        pthread_cond_wait(&S.input_cv, &S.mu);
    int r = -1;
    Line *l = S.head;
    if (interrupted(S.vm)) {
        r = -2;
    } else if (l) {
        S.head = l->next;
        if (!S.head)
            S.tail = NULL;
        *line = l->text;
        *n = l->n;
        free(l);
        r = 0;
    }
    pthread_mutex_unlock(&S.mu);
    return r;
}

static double clock_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double host_time(void *ctx)
{
    (void)ctx;
    return clock_of(CLOCK_REALTIME);
}

static double host_monotonic(void *ctx)
{
    (void)ctx;
    return clock_of(CLOCK_MONOTONIC);
}

/* Appends s to buf as the inside of a JSON string (quotes not included). */
static size_t json_str(char *buf, size_t cap, const char *s)
{
    size_t k = 0;
    for (; s && *s && k + 7 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf[k++] = '\\';
            buf[k++] = (char)c;
        } else if (c < 0x20) {
            k += (size_t)snprintf(buf + k, cap - k, "\\u%04x", c);
        } else {
            buf[k++] = (char)c;
        }
    }
    buf[k] = 0;
    return k;
}

/* Trace events travel as one JSON object each; the page parses them. */
static void host_trace(void *ctx, const TlTraceEvent *ev)
{
    (void)ctx;
    char kind[64], name[256], rec[512];
    json_str(kind, sizeof kind, ev->kind);
    json_str(name, sizeof name, ev->name);
    int n = snprintf(rec, sizeof rec,
                     "{\"kind\":\"%s\",\"tid\":%llu,\"ts\":%.6f,\"name\":\"%s\",\"arg\":%lld}",
                     kind, (unsigned long long)ev->tid, ev->ts, name, (long long)ev->arg);
    if (n > 0)
        post(REC_TRACE, rec, (size_t)n < sizeof rec ? (size_t)n : sizeof rec - 1);
}

/* Module sources come from the embedder (Node reads the disk; the page has
 * no files).  The call runs on the main thread, which is free while the VM
 * thread waits for it. */
static char *host_read_file(void *ctx, const char *path, size_t *n)
{
    (void)ctx;
    uint32_t len = 0;
    char *p = tlw_js_read_file(path, &len);
    if (p)
        *n = len;
    return p;
}

/* ------------------------------------------------------------------ input */

/* Queues one line typed by the user (without its newline). */
EMSCRIPTEN_KEEPALIVE void tlw_input(const char *text, uint32_t n)
{
    Line *l = malloc(sizeof *l);
    char *copy = malloc(n + 1);
    if (!l || !copy) {
        free(l);
        free(copy);
        return;
    }
    memcpy(copy, text, n);
    copy[n] = 0;
    *l = (Line){NULL, copy, n};
    pthread_mutex_lock(&S.mu);
    if (S.tail)
        S.tail->next = l;
    else
        S.head = l;
    S.tail = l;
    pthread_cond_broadcast(&S.input_cv);
    pthread_mutex_unlock(&S.mu);
}

/* End of input: a waiting input() raises EOFError, the REPL ends. */
EMSCRIPTEN_KEEPALIVE void tlw_input_eof(void)
{
    pthread_mutex_lock(&S.mu);
    S.eof = true;
    pthread_cond_broadcast(&S.input_cv);
    pthread_mutex_unlock(&S.mu);
}

/* The board panel (web/src/board.js): the address of the simulated
 * board's snapshot (vm/board.c), which the page polls in shared memory,
 * 0 while no VM runs; and the panel's inputs (button, switch, pot). */
EMSCRIPTEN_KEEPALIVE uintptr_t tlw_board(void)
{
    pthread_mutex_lock(&S.mu);
    const TlBoardSnapshot *snap = S.vm ? tl_board_snapshot(S.vm) : NULL;
    pthread_mutex_unlock(&S.mu);
    return (uintptr_t)snap;
}

EMSCRIPTEN_KEEPALIVE void tlw_board_input(const char *what, int value)
{
    pthread_mutex_lock(&S.mu);
    if (S.vm)
        tl_board_input(S.vm, what, 0, value);
    pthread_mutex_unlock(&S.mu);
}

EMSCRIPTEN_KEEPALIVE void tlw_interrupt(void)
{
    pthread_mutex_lock(&S.mu);
    if (S.vm)
        tl_interrupt(S.vm);
    else if (S.busy)
        S.stop_pending = true;
    pthread_cond_broadcast(&S.input_cv);
    pthread_mutex_unlock(&S.mu);
}

static void clear_inbox_locked(void)
{
    while (S.head) {
        Line *l = S.head;
        S.head = l->next;
        free(l->text);
        free(l);
    }
    S.tail = NULL;
    S.eof = false;
}

/* ------------------------------------------------------------------- runs */

static void set_vm(TlVM *vm)
{
    pthread_mutex_lock(&S.mu);
    S.vm = vm;
    if (vm && S.stop_pending)
        tl_interrupt(vm);
    S.stop_pending = false;
    pthread_mutex_unlock(&S.mu);
}

static void finish(int status)
{
    char st[4];
    put_u32(st, (uint32_t)status);
    pthread_mutex_lock(&S.mu);
    S.busy = false;
    clear_inbox_locked();
    pthread_mutex_unlock(&S.mu);
    post(REC_EXIT, st, 4);
}

/* sys.argv from the job (the script's name first, "" for the REPL) and
 * sys.path[0], the script's directory, as in the CLI. */
static int set_argv(TlThread *th, Job *job)
{
    char **argv = malloc(sizeof *argv * (size_t)job->argc);
    if (!argv)
        return -1;
    char *a = job->args;
    for (int i = 0; i < job->argc; i++, a += strlen(a) + 1)
        argv[i] = a;
    const char *slash = strrchr(argv[0], '/');
    char *dir = slash ? strndup(argv[0], (size_t)(slash - argv[0]) + (slash == argv[0])) : strdup("");
    int r = dir ? tl_sys_set_argv(th, job->argc, argv, dir) : -1;
    free(dir);
    free(argv);
    return r;
}

static void *vm_main(void *arg)
{
    Job *job = arg;
    TlHost host = {
        .write = host_write,
        .readline = host_readline,
        .time = host_time,
        .monotonic = host_monotonic,
        .trace = job->flags & RUN_TRACE ? host_trace : NULL,
        .read_file = host_read_file,
    };
    TlConfig cfg = {
        .heap_limit = HEAP_LIMIT,
        .gil = job->flags & RUN_GIL,
        .max_threads = job->max_threads,
    };
    int status = 1;
    TlVM *vm = tl_vm_new(&host, &cfg);
    if (!vm) {
        say("threadlab: cannot create the VM (out of memory)\n");
    } else {
        set_vm(vm);
        TlThread *th = tl_main_thread(vm);
        if (set_argv(th, job) < 0)
            say("threadlab: cannot set sys.argv\n");
        else if (job->flags & RUN_REPL)
            status = tl_repl(th, "threadlab " TL_VERSION " (Python 3 with real threads)\n");
        else
            status = tl_run_main(th, job->src, job->len, job->args);
        tl_threads_shutdown(th);
        tl_flush(th);
        set_vm(NULL);
        tl_vm_free(vm);
    }
    free(job->src);
    free(job->args);
    free(job);
    finish(status);
    return NULL;
}

/* Starts a run (or, with RUN_REPL, an interactive session) on a new VM
 * thread.  args holds argc NUL-terminated strings, the script's name first;
 * max_threads caps the program's threads (0: MAX_THREADS).  Takes
 * ownership of src and args (malloc'd by the caller).  Returns 0, or -1
 * when a VM is already running or the thread cannot start. */
EMSCRIPTEN_KEEPALIVE int tlw_start(char *src, uint32_t len, char *args, int argc, int flags,
                                   int max_threads)
{
    Job *job = malloc(sizeof *job);
    pthread_mutex_lock(&S.mu);
    bool busy = S.busy;
    if (!busy && job) {
        S.busy = true;
        S.stop_pending = false;
        clear_inbox_locked();
    }
    pthread_mutex_unlock(&S.mu);
    if (busy || !job || argc < 1) {
        free(job);
        free(src);
        free(args);
        return -1;
    }
    *job = (Job){src, len, args, argc, flags, max_threads > 0 ? max_threads : MAX_THREADS};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, VM_STACK);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int rc = pthread_create(&t, &attr, vm_main, job);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        pthread_mutex_lock(&S.mu);
        S.busy = false;
        pthread_mutex_unlock(&S.mu);
        free(src);
        free(args);
        free(job);
        return -1;
    }
    return 0;
}
