/*
 * sandbox.c -- confinement of a native run, applied in the run's own
 * process before any user code runs.
 *
 * Three layers, each useful alone: namespaces (no network, no view of other
 * processes, a private mount table, no IPC with the host) where the kernel
 * allows an unprivileged unshare; rlimits (CPU seconds, address space, no
 * file writes, no core dumps, few processes and descriptors); and a seccomp
 * allow-list built with libseccomp.  The allow-list is what a running VM
 * needs -- memory, threads, futexes, clocks, sleeping, reading its input
 * pipe and writing its event pipe -- and nothing else: no open, no socket,
 * no exec, no fork (clone only with CLONE_THREAD), no ptrace.  Anything
 * else fails with EPERM, which the VM reports as an ordinary error.
 */
#include "server.h"

#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

int tl_sandbox_enter(bool try_ns)
{
    /* A run never needs root: drop it before anything else. */
    if (geteuid() == 0 && (setgroups(0, NULL) || setgid(65534) || setuid(65534)))
        return -1;
    if (!try_ns)
        return 0;
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNS) == 0)
        return 1;
    tl_log("sandbox: unshare refused (%s); runs are confined by rlimits and seccomp only",
           strerror(errno));
    return 0;
}

static int limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {soft, hard};
    if (setrlimit(resource, &rl) == 0)
        return 0;
    tl_log("sandbox: setrlimit %d: %s", resource, strerror(errno));
    return -1;
}

int tl_sandbox_limits(const TlLimits *lim, bool own_userns)
{
    /* soft == hard: the kernel then sends SIGKILL at the limit.  SIGXCPU
     * alone would not do, because the run is the init process of its pid
     * namespace, and init ignores signals it has no handler for. */
    rlim_t cpu = (rlim_t)lim->cpu_s;
    /* RLIMIT_NPROC counts per user; inside our own user namespace that is
     * just this run, elsewhere it would count every process of the user. */
    if (own_userns && limit(RLIMIT_NPROC, (rlim_t)lim->threads + 8, (rlim_t)lim->threads + 8))
        return -1;
    return limit(RLIMIT_CPU, cpu, cpu) | limit(RLIMIT_AS, lim->mem, lim->mem) |
           limit(RLIMIT_FSIZE, 0, 0) | limit(RLIMIT_CORE, 0, 0) |
           limit(RLIMIT_NOFILE, 16, 16) | limit(RLIMIT_MEMLOCK, 0, 0) |
           prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int tl_sandbox_seccomp(void)
{
    static const int allow[] = {
        SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
        SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(lseek),
        SCMP_SYS(exit), SCMP_SYS(exit_group),
        SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
        SCMP_SYS(mprotect), SCMP_SYS(madvise),
        SCMP_SYS(futex), SCMP_SYS(set_robust_list), SCMP_SYS(get_robust_list),
        SCMP_SYS(rseq), SCMP_SYS(set_tid_address), SCMP_SYS(sched_yield),
        SCMP_SYS(sched_getaffinity), SCMP_SYS(getpid), SCMP_SYS(gettid),
        SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn),
        SCMP_SYS(sigaltstack), SCMP_SYS(clock_gettime), SCMP_SYS(clock_getres),
        SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep), SCMP_SYS(gettimeofday),
        SCMP_SYS(time), SCMP_SYS(getrandom), SCMP_SYS(getrusage), SCMP_SYS(times),
    };
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    if (!ctx)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < sizeof allow / sizeof *allow; i++)
        rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allow[i], 0);
    /* Threads yes, processes no.  clone3 hides its flags in memory the
     * filter cannot read, so it reports ENOSYS and glibc falls back to
     * clone, whose flags the filter can check. */
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                           (struct scmp_arg_cmp){0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD});
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    /* Signals only to itself (abort(), raise()). */
    rc |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
                           (struct scmp_arg_cmp){0, SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0});
    if (rc == 0)
        rc = seccomp_load(ctx);
    seccomp_release(ctx);
    if (rc)
        tl_log("sandbox: seccomp: %s", strerror(-rc));
    return rc ? -1 : 0;
}
