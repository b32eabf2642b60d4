/*
 * stub_exec.c -- a stand-in for the VM in the sandboxed run process, for
 * the server's own tests (it is linked into build/threadlab-server-stub
 * only, never into the shipped server).
 *
 * The "program" is a list of commands, one per line, that do in C what a
 * hostile Python program would try, so the sandbox can be tested without
 * the VM: print TEXT, eprint TEXT, exit N, input, loop, alloc, threads,
 * sleep, spam, open PATH, socket, fork, exec, ptrace, memoryerror.
 * Probes print "NAME: denied (reason)" or "NAME: ALLOWED".
 */
#include "../../server/server.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <unistd.h>

static int ev;

static void say(int kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(int kind, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    tl_ev_write(ev, kind, buf, (size_t)n);
}

static void probe(const char *name, long rc)
{
    if (rc < 0)
        say(TL_EV_STDOUT, "%s: denied (%s)\n", name, strerror(errno));
    else
        say(TL_EV_STDOUT, "%s: ALLOWED\n", name);
}

static void *idle(void *arg)
{
    (void)arg;
    for (;;)
        sleep(1000);
    return NULL;
}

static void command(char *line, int input_fd)
{
    char *arg = strchr(line, ' ');
    if (arg)
        *arg++ = 0;
    if (!strcmp(line, "print"))
        say(TL_EV_STDOUT, "%s\n", arg ? arg : "");
    else if (!strcmp(line, "eprint"))
        say(TL_EV_STDERR, "%s\n", arg ? arg : "");
    else if (!strcmp(line, "exit"))
        _exit(arg ? atoi(arg) : 0);
    else if (!strcmp(line, "input")) {
        char buf[256];
        ssize_t n = read(input_fd, buf, sizeof buf);
        say(TL_EV_STDOUT, "got %.*s", n > 0 ? (int)n : 0, buf);
    } else if (!strcmp(line, "loop")) {
        for (volatile unsigned long i = 0;; i++)
            ;
    } else if (!strcmp(line, "alloc")) {
        for (;;) {
            char *p = malloc(1 << 20);
            if (!p) {
                say(TL_EV_STDERR, "MemoryError\n");
                tl_ev_write(ev, TL_EV_MEMORY, "", 0);
                _exit(1);
            }
            memset(p, 1, 1 << 20);
        }
    } else if (!strcmp(line, "threads")) {
        int n = 0;
        pthread_t t;
        while (n < 100000 && pthread_create(&t, NULL, idle, NULL) == 0)
            n++;
        say(TL_EV_STDOUT, "threads: stopped at %d\n", n);
    } else if (!strcmp(line, "sleep")) {
        for (;;)
            sleep(1000);
    } else if (!strcmp(line, "spam")) {
        char buf[1000];
        memset(buf, 'x', sizeof buf);
        for (;;)
            tl_ev_write(ev, TL_EV_STDOUT, buf, sizeof buf);
    } else if (!strcmp(line, "open")) {
        probe("open", open(arg ? arg : "/etc/passwd", O_RDONLY));
    } else if (!strcmp(line, "socket")) {
        probe("socket", socket(AF_INET, SOCK_STREAM, 0));
    } else if (!strcmp(line, "fork")) {
        pid_t p = fork();
        if (p == 0)
            _exit(0);
        probe("fork", p);
    } else if (!strcmp(line, "exec")) {
        probe("exec", execl("/bin/true", "true", (char *)NULL));
    } else if (!strcmp(line, "ptrace")) {
        probe("ptrace", ptrace(PTRACE_TRACEME, 0, NULL, NULL));
    } else {
        say(TL_EV_STDERR, "stub: unknown command %s\n", line);
        _exit(2);
    }
}

int tl_exec_program(const TlRunReq *req, const char *code, size_t n, int events_fd, int input_fd)
{
    (void)req;
    ev = events_fd;
    char *copy = strndup(code, n);
    for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        command(line, input_fd);
    return 0;
}
