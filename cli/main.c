/*
 * main.c -- the `threadlab` command: run a file, run -c code, or open a
 * REPL.  It is also the first host of the VM: it gives the VM its output,
 * input, clocks and Ctrl-C through the TlHost interface, which is all the
 * VM knows of terminals.
 */
#include "code.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static TlVM *the_vm;   /* for the SIGINT handler only */

static void host_write(void *ctx, int fd, const char *buf, size_t n)
{
    (void)ctx;
    while (n > 0) {
        ssize_t w = write(fd == 2 ? 2 : 1, buf, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        buf += w;
        n -= (size_t)w;
    }
}

/* Reads one line from standard input (without the newline).  A Ctrl-C while
 * waiting interrupts read() (the handler is installed without SA_RESTART)
 * and is reported as end of input with the interrupt flag set. */
static int host_readline(void *ctx, const char *prompt, char **line, size_t *n)
{
    if (prompt && *prompt)
        host_write(ctx, 1, prompt, strlen(prompt));
    size_t len = 0, cap = 128;
    char *buf = malloc(cap);
    if (!buf)
        return -1;
    for (;;) {
        char c;
        ssize_t r = read(0, &c, 1);
        if (r < 0 && errno == EINTR) {
            free(buf);
            return -2;
        }
        if (r <= 0) {
            if (len == 0) {
                free(buf);
                return -1;
            }
            break;
        }
        if (c == '\n')
            break;
        if (len + 1 >= cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                return -1;
            }
            buf = nb;
        }
        buf[len++] = c;
    }
    buf[len] = 0;
    *line = buf;
    *n = len;
    return 0;
}

static double host_time(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double host_monotonic(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static char *host_read_file(void *ctx, const char *path, size_t *n);

/* ------------------------------------------------------- --trace FILE */

/* Trace events as Chrome trace-event JSON (opens in Perfetto): spans
 * (their arg is the duration in microseconds) become complete events, the
 * rest instants; a thread's start also names its track. */
static struct {
    FILE *f;
    pthread_mutex_t mu;
} tracer = {NULL, PTHREAD_MUTEX_INITIALIZER};

static void json_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
}

static bool is_span(const char *kind)
{
    static const char *const spans[] = {"lock_wait", "cond_wait", "join", "sleep", "gc", NULL};
    for (int i = 0; spans[i]; i++)
        if (!strcmp(kind, spans[i]))
            return true;
    return false;
}

static void thread_track(FILE *f, unsigned long long tid, const char *name)
{
    fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%llu,"
               "\"args\":{\"name\":\"", tid);
    json_text(f, name);
    fputs("\"}}", f);
}

static void host_trace(void *ctx, const TlTraceEvent *ev)
{
    (void)ctx;
    pthread_mutex_lock(&tracer.mu);
    FILE *f = tracer.f;
    if (!f) {                      /* a daemon thread after the end */
        pthread_mutex_unlock(&tracer.mu);
        return;
    }
    fputs(",\n{\"name\":\"", f);
    json_text(f, ev->kind);
    if (*ev->name) {
        fputs(" ", f);
        json_text(f, ev->name);
    }
    fprintf(f, "\",\"cat\":\"%s\",\"pid\":1,\"tid\":%llu,\"ts\":%.3f,", ev->kind,
            (unsigned long long)ev->tid, ev->ts * 1e6);
    if (is_span(ev->kind))
        fprintf(f, "\"ph\":\"X\",\"dur\":%lld}", (long long)ev->arg);
    else
        fprintf(f, "\"ph\":\"i\",\"s\":\"t\",\"args\":{\"arg\":%lld}}", (long long)ev->arg);
    if (!strcmp(ev->kind, "thread_start"))
        thread_track(f, (unsigned long long)ev->arg, ev->name);
    pthread_mutex_unlock(&tracer.mu);
}

static bool trace_open(const char *path)
{
    tracer.f = fopen(path, "w");
    if (!tracer.f)
        return false;
    fputs("[{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":\"threadlab\"}}", tracer.f);
    thread_track(tracer.f, 1, "MainThread");
    return true;
}

static void trace_close(void)
{
    if (!tracer.f)
        return;
    pthread_mutex_lock(&tracer.mu);
    fputs("\n]\n", tracer.f);
    fclose(tracer.f);
    tracer.f = NULL;
    pthread_mutex_unlock(&tracer.mu);
}

/* ---------------------------------------------------- --board-log FILE */

/* Board events as JSON lines.  The board calls this under its own lock,
 * so lines arrive whole and in order. */
static FILE *board_log;

static void host_board(void *ctx, const TlBoardEvent *ev)
{
    (void)ctx;
    char line[512];
    tl_board_event_json(ev, line, sizeof line);
    fprintf(board_log, "%s\n", line);
}

static void on_sigint(int sig)
{
    (void)sig;
    if (the_vm)
        tl_interrupt(the_vm);
}

static void install_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}

static void usage(FILE *f)
{
    fputs("usage: threadlab [options] [-c code | file] [arg ...]\n"
          "Run a Python program on the threadlab VM; with no file, open a REPL.\n\n"
          "options:\n"
          "  -c code          run code given as a string\n"
          "  --heap SIZE      heap limit, e.g. 64M or 1G (default 256M)\n"
          "  --gil            run threads under a global interpreter lock\n"
          "  --max-threads N  limit on simultaneously running threads (default 256)\n"
          "  --trace FILE     write thread/lock/GC events as Chrome trace JSON (Perfetto)\n"
          "  --board-log FILE write the simulated board's events as JSON lines\n"
          "  --dis            print the bytecode of the program (the module and every\n"
          "                   function, class body and comprehension in it) instead\n"
          "                   of running it, for debugging the compiler\n"
          "  --version        print the version and exit\n"
          "  -h, --help       print this help and exit\n",
          f);
}

/* "256M" -> bytes; 0 on a malformed size. */
static size_t parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return 0;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end == 'B' || *end == 'b')
        end++;
    return *end || v < (1u << 20) ? 0 : (size_t)v;
}

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (len < cap)
            break;
        char *nb = realloc(buf, cap *= 2);
        if (!nb)
            free(buf);
        buf = nb;
    }
    fclose(f);
    if (buf)
        *n = len;
    return buf;
}

static char *host_read_file(void *ctx, const char *path, size_t *n)
{
    (void)ctx;
    return read_file(path, n);
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup("");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* ------------------------------------------------------------------ main */

/* Run a program, or with --dis compile it and print the disassembly of its
 * code objects (tl_dis recurses into the nested ones) to stdout. */
static int run(TlThread *th, const char *src, size_t n, const char *filename, bool dis)
{
    if (!dis)
        return tl_run_main(th, src, n, filename);
    TlVal code = tl_compile(th, src, n, filename, TL_MODE_EXEC, NULL);
    if (!code)
        return tl_exit_status(th, tl_exc_fetch(th));   /* prints the SyntaxError */
    tl_flush(th);
    tl_dis(th, code, stdout);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    TlConfig cfg = {0};
    const char *code = NULL;
    const char *trace = NULL;
    bool dis = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--version")) {
            puts("threadlab " TL_VERSION);
            return 0;
        } else if (!strcmp(a, "--gil")) {
            cfg.gil = true;
        } else if (!strcmp(a, "--dis")) {
            dis = true;
        } else if (!strcmp(a, "--heap") && i + 1 < argc) {
            cfg.heap_limit = parse_size(argv[++i]);
            if (!cfg.heap_limit) {
                fprintf(stderr, "threadlab: bad heap size '%s' (e.g. 64M, 1G; at least 1M)\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--trace") && i + 1 < argc) {
            trace = argv[++i];
        } else if (!strcmp(a, "--board-log") && i + 1 < argc) {
            if (!(board_log = fopen(argv[++i], "w"))) {
                fprintf(stderr, "threadlab: can't write board log '%s': %s\n", argv[i], strerror(errno));
                return 2;
            }
        } else if (!strcmp(a, "--max-threads") && i + 1 < argc) {
            cfg.max_threads = atoi(argv[++i]);
        } else if (!strcmp(a, "-c") && i + 1 < argc) {
            code = argv[++i];
            i++;
            break;
        } else {
            fprintf(stderr, "threadlab: unknown option '%s'\n", a);
            usage(stderr);
            return 2;
        }
    }
    TlHost host = {
        .write = host_write,
        .readline = host_readline,
        .time = host_time,
        .monotonic = host_monotonic,
        .read_file = host_read_file,
    };
    if (trace) {
        if (!trace_open(trace)) {
            fprintf(stderr, "threadlab: can't write trace file '%s': %s\n", trace, strerror(errno));
            return 2;
        }
        host.trace = host_trace;
    }
    if (board_log)
        host.board = host_board;
    TlVM *vm = tl_vm_new(&host, &cfg);
    if (!vm) {
        fputs("threadlab: cannot create the VM (out of memory)\n", stderr);
        return 1;
    }
    the_vm = vm;
    install_sigint();
    TlThread *th = tl_main_thread(vm);
    int status;
    if (code) {
        argv[i - 1] = "-c";        /* sys.argv[0] is '-c', as in CPython */
        tl_sys_set_argv(th, argc - i + 1, argv + i - 1, "");
        status = run(th, code, strlen(code), "<string>", dis);
    } else if (i < argc) {
        size_t n;
        char *src = read_file(argv[i], &n);
        if (!src) {
            fprintf(stderr, "threadlab: can't open file '%s': [Errno %d] %s\n",
                    argv[i], errno, strerror(errno));
            return 2;
        }
        char *dir = dir_of(argv[i]);
        tl_sys_set_argv(th, argc - i, argv + i, dir);
        free(dir);
        status = run(th, src, n, argv[i], dis);
        free(src);
    } else if (!isatty(0)) {
        size_t n;
        char *src = read_file("/dev/stdin", &n);
        tl_sys_set_argv(th, 1, (char *[]){""}, "");
        status = src ? run(th, src, n, "<stdin>", dis) : 1;
        free(src);
    } else {
        tl_sys_set_argv(th, 1, (char *[]){""}, "");
        status = tl_repl(th, "threadlab " TL_VERSION " (Python 3 with real threads)\n"
                                 "Type Ctrl-D to exit.\n");
    }
    tl_threads_shutdown(th);
    tl_flush(th);
    the_vm = NULL;
    tl_vm_free(vm);
    trace_close();
    if (board_log)
        fflush(board_log);     /* not closed: a daemon thread may still write */
    return status;
}
