#!/usr/bin/env python3
"""Tasklet benchmarks, threadlab side by side with CPython.

Channel ping-pong round trips per second (threadlab tasklets; CPython's
generator trampoline; greenlet switches when python3-greenlet is installed)
and the memory of a blocked tasklet: the peak RSS of 100,000 blocked
tasklets minus that of 1,000, per tasklet; and 1,000,000 blocked tasklets
in a 1 GiB heap.
"""
import argparse
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def rss(cmd):
    """(peak RSS in KiB, stdout) of cmd, from the child's own rusage."""
    p = subprocess.Popen(cmd, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), err.decode()[-500:]))
    return usage.ru_maxrss, out.decode().strip()


def greenlet_python():
    for py in ("python3", "/usr/bin/python3"):
        if subprocess.run([py, "-c", "import greenlet"], capture_output=True).returncode == 0:
            return py
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vm", required=True)
    ap.add_argument("--n", type=int, default=200000, help="ping-pong round trips")
    args = ap.parse_args()
    vm = os.path.abspath(args.vm)
    n = str(args.n)

    rows = []
    tl = float(subprocess.run([vm, "pingpong_tasklet.py", n], cwd=HERE, capture_output=True,
                              text=True, check=True).stdout)
    gen = float(subprocess.run(["python3", "pingpong_gen.py", n], cwd=HERE, capture_output=True,
                               text=True, check=True).stdout)
    rows.append(("threadlab tasklets + channels", tl))
    rows.append(("python3 generator trampoline", gen))
    gpy = greenlet_python()
    if gpy:
        gl = float(subprocess.run([gpy, "pingpong_greenlet.py", n], cwd=HERE,
                                  capture_output=True, text=True, check=True).stdout)
        rows.append(("python3 greenlet switches", gl))
    print("channel ping-pong (round trips/s, %s each):" % n)
    for name, r in rows:
        print("  %-32s %12.0f" % (name, r))
    print("  threadlab / generator trampoline: %.1fx (target >= 3x)" % (tl / gen))
    if gpy:
        print("  threadlab / greenlet:             %.1fx" % (tl / rows[2][1]))

    print("memory per blocked tasklet (peak RSS, 100k minus 1k, per tasklet):")
    small, _ = rss([vm, "blocked_tasklet.py", "1000"])
    big, _ = rss([vm, "blocked_tasklet.py", "100000"])
    per = (big - small) * 1024 / 99000
    print("  threadlab tasklet                %7.0f bytes (target <= 1024)" % per)
    if gpy:
        gsmall, _ = rss([gpy, "blocked_greenlet.py", "1000"])
        gbig, _ = rss([gpy, "blocked_greenlet.py", "100000"])
        print("  python3 greenlet                 %7.0f bytes" % ((gbig - gsmall) * 1024 / 99000))
    million, out = rss([vm, "--heap", "1G", "blocked_tasklet.py", "1000000"])
    print("1,000,000 blocked tasklets with --heap 1G: %s blocked, peak RSS %.0f MiB"
          % (out, million / 1024))


if __name__ == "__main__":
    main()
