#!/usr/bin/env python3
"""Benchmark runner: threadlab against CPython.

Each program in tests/bench is run alternately under the VM and under
python3, ``--repeat`` times each, so that machine noise (other jobs on a
shared box) hits both sides alike; the best wall time of each side is kept.
Outputs must be identical -- every benchmark prints a checksum -- otherwise
the benchmark is reported as differing and the exit status is 1.  The table
gives the ratio threadlab/python3 per program and their geometric mean;
``--markdown`` prints the same table as Markdown for the README.
"""
import argparse
import math
import os
import sys
import time

from run_golden import spawn, vm_command

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--vm", default=os.path.join(ROOT, "build", "threadlab"))
    p.add_argument("--vm-args", default="", help="extra VM arguments before the script")
    p.add_argument("--vm-cmd", default=None, help="full VM command (shlex-split); overrides --vm")
    p.add_argument("--wrapper", default="", help="command prefix for the VM")
    p.add_argument("--python", default="python3")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--filter", default=None, help="only benchmarks whose name contains this")
    p.add_argument("--markdown", action="store_true")
    p.add_argument("dir", nargs="?", default=os.path.join(HERE, "bench"))
    return p.parse_args(argv)


def timed(cmd, path, timeout):
    """Run one benchmark; return (seconds, output) or (None, reason)."""
    t0 = time.perf_counter()
    r = spawn(cmd + [os.path.basename(path)], os.path.dirname(path), b"", timeout)
    dt = time.perf_counter() - t0
    if isinstance(r, str):
        return None, r
    out, err, rc = r
    if rc != 0:
        err = err.decode("utf-8", "replace").strip().splitlines()
        return None, "exit %d: %s" % (rc, err[-1] if err else "")
    return dt, out.decode("utf-8", "replace")


def bench_one(path, vm, args):
    """Return (vm_best, py_best, problem) for one benchmark."""
    best = {"vm": None, "py": None}
    outs = {"vm": None, "py": None}
    for _ in range(max(1, args.repeat)):
        for side, cmd in (("vm", vm), ("py", [args.python])):
            dt, out = timed(cmd, path, args.timeout)
            if dt is None:
                return best["vm"], best["py"], "%s failed: %s" % (side, out)
            if outs[side] is not None and outs[side] != out:
                return best["vm"], best["py"], "%s output not deterministic" % side
            outs[side] = out
            best[side] = dt if best[side] is None else min(best[side], dt)
    if outs["vm"] != outs["py"]:
        return best["vm"], best["py"], "output differs: %r vs %r" % (outs["vm"][:80], outs["py"][:80])
    return best["vm"], best["py"], None


def fmt(t):
    return "-" if t is None else "%.3f" % t


def table(rows, markdown):
    head = ("benchmark", "threadlab s", "python3 s", "ratio")
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|---|---:|---:|---:|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    else:
        widths = [max(len(x) for x in col) for col in zip(head, *rows)]
        line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                   for i, (c, w) in enumerate(zip(r, widths)))
        lines = [line(head), line(["-" * w for w in widths])] + [line(r) for r in rows]
    return "\n".join(lines)


def main(argv):
    args = parse_args(argv)
    vm = vm_command(args)
    names = sorted(n for n in os.listdir(args.dir) if n.endswith(".py") and not n.startswith("_"))
    if args.filter:
        names = [n for n in names if args.filter in n]
    rows, ratios, problems = [], [], []
    for name in names:
        path = os.path.realpath(os.path.join(args.dir, name))
        t_vm, t_py, problem = bench_one(path, vm, args)
        ratio = "-"
        if problem:
            problems.append("%s: %s" % (name, problem))
        elif t_vm and t_py:
            ratios.append(t_vm / t_py)
            ratio = "%.2f" % ratios[-1]
        rows.append((name[:-3], fmt(t_vm), fmt(t_py), ratio))
        if not args.markdown:
            print("%-16s %s" % (name[:-3], "done" if not problem else "PROBLEM: " + problem), file=sys.stderr)
    geo = math.exp(sum(map(math.log, ratios)) / len(ratios)) if ratios else None
    rows.append(("geometric mean", "", "", "-" if geo is None else "%.2f" % geo))
    print(table(rows, args.markdown))
    for p in problems:
        print("problem: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
