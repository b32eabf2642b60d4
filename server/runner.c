/*
 * runner.c -- native runs: the zygote, the per-run monitor, and the event
 * records that carry a run's output back to the server.
 *
 * The zygote is forked at start, before lws or SQLite exist, so the
 * processes it forks later carry no server sockets, database handles or
 * threads.  The server talks to it over a socketpair: "spawn" sends the
 * limits and the program text and gets back the monitor's pid and two pipe
 * ends (events to read, input to write) as SCM_RIGHTS; "kill" needs no
 * answer.  Only the zygote signals runs, and only monitors it has not yet
 * reaped, so a recycled pid is never hit.
 *
 * Each run is two processes.  The monitor drops root and enters new
 * namespaces, then forks the program process (pid 1 of the new pid
 * namespace), which applies rlimits and seccomp and runs the program.  The
 * monitor waits for it and appends a result record (exit status or signal,
 * CPU time) to the event pipe; the pipe's end of file tells the server that
 * both are gone.  Killing the monitor kills the program too (parent-death
 * signal, and the end of a pid namespace's init ends the namespace).
 */
#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

enum { OP_SPAWN = 1, OP_KILL = 2, MAX_LIVE = 1024 };

typedef struct ZReq {
    uint32_t op;
    uint32_t len;                /* program bytes that follow (spawn) */
    pid_t pid;                   /* kill */
    TlRunReq run;
} ZReq;

static int zsock = -1;           /* server side of the socketpair */
static pid_t zpid = -1;

/* ------------------------------------------------------------ event records */

void tl_ev_write(int fd, int kind, const void *data, size_t n)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    const char *p = data;
    pthread_mutex_lock(&lock);
    do {
        unsigned char rec[TL_EV_MAX];
        size_t k = n > TL_EV_MAX - sizeof(TlEvHdr) ? TL_EV_MAX - sizeof(TlEvHdr) : n;
        TlEvHdr h = {(uint8_t)kind, 0, (uint16_t)k};
        memcpy(rec, &h, sizeof h);
        memcpy(rec + sizeof h, p, k);
        /* At most PIPE_BUF bytes: the kernel writes the record whole. */
        while (write(fd, rec, sizeof h + k) < 0 && errno == EINTR)
            ;
        p += k;
        n -= k;
    } while (n);
    pthread_mutex_unlock(&lock);
}

/* ------------------------------------------------------------ I/O helpers */

static int read_full(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int write_full(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* ------------------------------------------------------------ run processes */

static bool ns_ok;               /* the zygote's probe: unshare works here */

static void close_others(int keep1, int keep2)
{
    for (int fd = 3; fd < 1024; fd++)
        if (fd != keep1 && fd != keep2)
            close(fd);
}

/* The program process: sandbox, then the VM.  Never returns. */
static void program(const TlRunReq *req, const char *code, size_t n, int evw, int inr,
                    bool userns)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (tl_sandbox_limits(&req->lim, userns) < 0 || tl_sandbox_seccomp() < 0) {
        static const char msg[] = "threadlab-server: cannot sandbox the run\n";
        tl_ev_write(evw, TL_EV_STDERR, msg, sizeof msg - 1);
        _exit(125);
    }
    _exit(tl_exec_program(req, code, n, evw, inr));
}

/* The monitor: namespaces, the program process, its result.  Never returns. */
static void monitor(const TlRunReq *req, const char *code, size_t n, int evw, int inr)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGCHLD, SIG_DFL);
    close_others(evw, inr);
    int ns = tl_sandbox_enter(ns_ok);
    if (ns < 0)
        _exit(126);                     /* could not even drop root */
    bool userns = ns > 0;
    pid_t pid = fork();
    if (pid == 0)
        program(req, code, n, evw, inr, userns);
    close(inr);
    TlRunResult res = {.status = -1};
    int st;
    struct rusage ru;
    if (pid > 0) {
        while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
            ;
        res.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        res.signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
        res.cpu_ms = (uint32_t)(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 +
                                ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000);
        res.maxrss_kb = (uint32_t)ru.ru_maxrss;
    }
    tl_ev_write(evw, TL_EV_RESULT, &res, sizeof res);
    _exit(0);
}

/* ------------------------------------------------------------ the zygote */

static pid_t live[MAX_LIVE];
static int nlive;

static void forget(pid_t pid)
{
    for (int i = 0; i < nlive; i++)
        if (live[i] == pid) {
            live[i] = live[--nlive];
            return;
        }
}

static bool is_live(pid_t pid)
{
    for (int i = 0; i < nlive; i++)
        if (live[i] == pid)
            return true;
    return false;
}

static void send_fds(int sock, pid_t pid, int a, int b)
{
    int32_t p = pid;
    struct iovec iov = {&p, sizeof p};
    union {
        char buf[CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } u;
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
    if (pid > 0) {
        mh.msg_control = u.buf;
        mh.msg_controllen = sizeof u.buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(2 * sizeof(int));
        memcpy(CMSG_DATA(c), (int[]){a, b}, 2 * sizeof(int));
    }
    while (sendmsg(sock, &mh, 0) < 0 && errno == EINTR)
        ;
}

static void spawn(int sock, const ZReq *z)
{
    char *code = malloc(z->len + 1);
    if (!code || read_full(sock, code, z->len) < 0)
        _exit(1);                       /* the server is gone */
    code[z->len] = 0;
    int ev[2] = {-1, -1}, in[2] = {-1, -1};
    pid_t pid = -1;
    if (nlive < MAX_LIVE && pipe2(ev, O_CLOEXEC) == 0 && pipe2(in, O_CLOEXEC) == 0)
        pid = fork();
    if (pid == 0) {
        close(sock);
        close(ev[0]);
        close(in[1]);
        monitor(&z->run, code, z->len, ev[1], in[0]);
    }
    free(code);
    if (pid > 0)
        live[nlive++] = pid;
    send_fds(sock, pid, ev[0], in[1]);
    for (int i = 0; i < 2; i++) {
        if (ev[i] >= 0)
            close(ev[i]);
        if (in[i] >= 0)
            close(in[i]);
    }
}

static void reap(void)
{
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
        forget(pid);
}

static bool probe_namespaces(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(tl_sandbox_enter(true) == 1 ? 0 : 1);
    int st = 1;
    while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void zygote(int sock, pid_t server)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != server)
        _exit(0);
    prctl(PR_SET_NAME, "tl-zygote");
    ns_ok = probe_namespaces();
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    int sfd = signalfd(-1, &chld, SFD_CLOEXEC);
    for (;;) {
        struct pollfd pf[2] = {{sock, POLLIN, 0}, {sfd, POLLIN, 0}};
        if (poll(pf, 2, -1) < 0 && errno != EINTR)
            break;
        if (pf[1].revents) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) < 0 && errno == EINTR)
                ;
            reap();
        }
        if (!pf[0].revents)
            continue;
        ZReq z;
        if (read_full(sock, &z, sizeof z) < 0)
            break;                      /* the server closed: stop everything */
        if (z.op == OP_SPAWN)
            spawn(sock, &z);
        else if (z.op == OP_KILL && is_live(z.pid))
            kill(z.pid, SIGKILL);
    }
    for (int i = 0; i < nlive; i++)
        kill(live[i], SIGKILL);
    _exit(0);
}

int tl_zygote_start(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return -1;
    pid_t server = getpid();
    zpid = fork();
    if (zpid < 0)
        return -1;
    if (zpid == 0) {
        close(sv[0]);
        zygote(sv[1], server);
    }
    close(sv[1]);
    zsock = sv[0];
    return 0;
}

void tl_zygote_stop(void)
{
    if (zsock < 0)
        return;
    close(zsock);                       /* the zygote kills its runs and exits */
    zsock = -1;
    while (waitpid(zpid, NULL, 0) < 0 && errno == EINTR)
        ;
}

int tl_zygote_spawn(const TlRunReq *req, const char *code, size_t n,
                    pid_t *pid, int *events_fd, int *input_fd)
{
    ZReq z = {.op = OP_SPAWN, .len = (uint32_t)n, .run = *req};
    if (zsock < 0 || write_full(zsock, &z, sizeof z) < 0 || write_full(zsock, code, n) < 0)
        return -1;
    int32_t p;
    union {
        char buf[CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } u;
    struct iovec iov = {&p, sizeof p};
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    ssize_t r;
    while ((r = recvmsg(zsock, &mh, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
        ;
    struct cmsghdr *c = r == sizeof p ? CMSG_FIRSTHDR(&mh) : NULL;
    if (p <= 0 || !c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(2 * sizeof(int)))
        return -1;
    int fds[2];
    memcpy(fds, CMSG_DATA(c), sizeof fds);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    *pid = p;
    *events_fd = fds[0];
    *input_fd = fds[1];
    return 0;
}

void tl_zygote_kill(pid_t pid)
{
    ZReq z = {.op = OP_KILL, .pid = pid};
    if (zsock >= 0)
        write_full(zsock, &z, sizeof z);
}
