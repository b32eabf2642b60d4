/*
 * vmhost.c -- the VM's host inside a sandboxed run: the third TlHost after
 * the CLI and the browser.
 *
 * Output becomes event records on the run's pipe (see runner.c), board
 * events too; input() reads lines from the input pipe that the server
 * feeds from "input" messages, and board inputs ("board" messages) arrive
 * on the same pipe, marked, and go straight to the board.  stdout is flushed at each newline (the VM's interactive mode)
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
    TlVM *vm;
    /* The input pipe carries lines for input() and board inputs: a reader
     * thread sorts them, queueing the lines here (see read_input). */
    pthread_mutex_t inlock;
    pthread_cond_t incond;
    TlOut lines;                  /* unread input, '\n'-separated */
    bool eof;
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

/* One input() line from the queue; at end of input the last partial
 * line, then -1. */
static int h_readline(void *ctx, const char *prompt, char **line, size_t *n)
{
    Host *h = ctx;
    if (prompt && *prompt)
        tl_ev_write(h->ev, TL_EV_STDOUT, prompt, strlen(prompt));
    pthread_mutex_lock(&h->inlock);
    char *nl;
    while (!(nl = h->lines.len ? memchr(h->lines.p, '\n', h->lines.len) : NULL) && !h->eof)
        pthread_cond_wait(&h->incond, &h->inlock);
    size_t len = nl ? (size_t)(nl - h->lines.p) : h->lines.len;
    size_t take = nl ? len + 1 : len;
    int rc = -1;
    if ((nl || len) && (*line = malloc(len + 1))) {
        memcpy(*line, h->lines.p, len);
        (*line)[len] = 0;
        *n = len;
        rc = 0;
    }
    if (take) {
        memmove(h->lines.p, h->lines.p + take, h->lines.len - take);
        h->lines.len -= take;
    }
    pthread_mutex_unlock(&h->inlock);
    return rc;
}

/* A line from the input pipe: a board input goes to the board at once
 * (its IRQs must fire while the program runs, not when it next reads), any
 * other line waits for input(). */
static void input_line(Host *h, const char *s, size_t n)
{
    if (n && s[0] == TL_BOARD_INPUT_MARK) {
        char what[16];
        int value;
        if (sscanf(s + 1, "%15s %d", what, &value) == 2)
            tl_board_input(h->vm, what, 0, value);
        return;
    }
    pthread_mutex_lock(&h->inlock);
    tl_out_add(&h->lines, s, n);
    tl_out_add(&h->lines, "\n", 1);
    pthread_cond_signal(&h->incond);
    pthread_mutex_unlock(&h->inlock);
}

static void *read_input(void *arg)
{
    Host *h = arg;
    TlOut cur = {0};
    char buf[512];
    for (;;) {
        ssize_t r = read(h->in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        for (ssize_t i = 0; i < r; i++) {
            if (buf[i] != '\n') {
                tl_out_add(&cur, buf + i, 1);
                continue;
            }
            tl_out_add(&cur, "", 1);           /* NUL-terminate for sscanf */
            input_line(h, cur.p, cur.len - 1);
            cur.len = 0;
        }
    }
    pthread_mutex_lock(&h->inlock);
    tl_out_add(&h->lines, cur.p, cur.len);     /* a last line without '\n' */
    h->eof = true;
    pthread_cond_broadcast(&h->incond);
    pthread_mutex_unlock(&h->inlock);
    tl_out_free(&cur);
    return NULL;
}

/* Board events as JSON records; the board calls this under its lock. */
static void h_board(void *ctx, const TlBoardEvent *ev)
{
    Host *h = ctx;
    char json[256];
    int n = tl_board_event_json(ev, json, sizeof json);
    if (n > 0 && (size_t)n < sizeof json)
        tl_ev_write(h->ev, TL_EV_BOARD, json, (size_t)n);
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
    pthread_cond_init(&h.incond, NULL);
    TlHost host = {
        .ctx = &h,
        .write = h_write,
        .readline = h_readline,
        .time = h_time,
        .monotonic = h_monotonic,
        .board = h_board,
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
    h.vm = vm;
    pthread_t reader;
    if (pthread_create(&reader, NULL, read_input, &h) == 0)
        pthread_detach(reader);
    else
        h.eof = true;                   /* no input at all */
    TlThread *th = tl_main_thread(vm);
    tl_sys_set_argv(th, 1, (char *[]){"main.py"}, "");
    int status = tl_run_main(th, code, n, "main.py");
    tl_threads_shutdown(th);   /* the program ends when its non-daemon threads do */
    tl_flush(th);
    if (h.memory)
        tl_ev_write(events_fd, TL_EV_MEMORY, "", 0);
    /* The process ends here: the kernel frees the VM faster than a walk
     * over its heap would, and threads still running are simply gone. */
    return status;
}
