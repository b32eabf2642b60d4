/*
 * vmhost.c -- the VM's host inside a sandboxed run: the third TlHost after
 * the CLI and the browser.
 *
 * Output becomes event records on the run's pipe (see runner.c); input()
 * reads lines from the input pipe that the server feeds from "input"
 * messages.  stdout is flushed at each newline (the VM's interactive mode)
 * so a program's output streams to the page as it is printed.  The host
 * also watches stderr for a final "MemoryError" line: that is how a run
 * that hit the heap limit is told apart from any other exit with status 1.
 */
#include "server.h"
#include "tl.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct Host {
    int ev, in;
    pthread_mutex_t inlock;
    char line_start[64];          /* first bytes of the current stderr line */
    size_t nstart;
    bool memory;                  /* the last stderr line is a MemoryError */
} Host;

/* The last line of an uncaught exception is "Name: message" or "Name"
 * (possibly module-qualified): is Name MemoryError? */
static bool is_memory_error(const char *line, size_t n)
{
    static const char tag[] = "MemoryError";
    const char *colon = memchr(line, ':', n);
    size_t len = colon ? (size_t)(colon - line) : n;
    if (len < sizeof tag - 1 || memchr(line, ' ', len))
        return false;
    return !memcmp(line + len - (sizeof tag - 1), tag, sizeof tag - 1);
}

static void watch_stderr(Host *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            h->memory = is_memory_error(h->line_start, h->nstart);
            h->nstart = 0;
        } else if (h->nstart < sizeof h->line_start) {
            h->line_start[h->nstart++] = s[i];
        }
    }
}

static void h_write(void *ctx, int fd, const char *buf, size_t n)
{
    Host *h = ctx;
    if (fd == 2)
        watch_stderr(h, buf, n);
    tl_ev_write(h->ev, fd == 2 ? TL_EV_STDERR : TL_EV_STDOUT, buf, n);
}

static int h_readline(void *ctx, const char *prompt, char **line, size_t *n)
{
    Host *h = ctx;
    if (prompt && *prompt)
        tl_ev_write(h->ev, TL_EV_STDOUT, prompt, strlen(prompt));
    pthread_mutex_lock(&h->inlock);
    TlOut o = {0};
    int rc = -1;
    for (;;) {
        char c;
        ssize_t r = read(h->in, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            rc = o.len ? 0 : -1;       /* end of input */
            break;
        }
        if (c == '\n') {
            rc = 0;
            break;
        }
        tl_out_add(&o, &c, 1);
    }
    pthread_mutex_unlock(&h->inlock);
    if (rc < 0 || o.oom) {
        tl_out_free(&o);
        return -1;
    }
    *n = o.len;
    *line = o.p ? o.p : strdup("");
    return *line ? 0 : -1;
}

static double clock_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double h_time(void *ctx) { (void)ctx; return clock_of(CLOCK_REALTIME); }
static double h_monotonic(void *ctx) { (void)ctx; return clock_of(CLOCK_MONOTONIC); }

int tl_exec_program(const TlRunReq *req, const char *code, size_t n, int events_fd, int input_fd)
{
    static Host h;
    h.ev = events_fd;
    h.in = input_fd;
    pthread_mutex_init(&h.inlock, NULL);
    TlHost host = {
        .ctx = &h,
        .write = h_write,
        .readline = h_readline,
        .time = h_time,
        .monotonic = h_monotonic,
    };
    TlConfig cfg = {.heap_limit = req->lim.heap, .gil = req->gil, .max_threads = req->lim.threads};
    TlVM *vm = tl_vm_new(&host, &cfg);
    if (!vm) {
        static const char msg[] = "MemoryError: cannot create the VM\n";
        tl_ev_write(events_fd, TL_EV_STDERR, msg, sizeof msg - 1);
        tl_ev_write(events_fd, TL_EV_MEMORY, "", 0);
        return 1;
    }
    vm->interactive = true;             /* flush stdout at each newline */
    TlThread *th = tl_main_thread(vm);
    tl_sys_set_argv(th, 1, (char *[]){"main.py"}, "");
    int status = tl_run_main(th, code, n, "main.py");
    tl_flush(th);
    if (h.memory)
        tl_ev_write(events_fd, TL_EV_MEMORY, "", 0);
    /* The process ends here: the kernel frees the VM faster than a walk
     * over its heap would, and threads still running are simply gone. */
    return status;
}
