#!/usr/bin/env python3
"""Thread benchmarks: threadlab free-threaded, threadlab --gil and python3
side by side.

Each program here prints lines "metric value unit".  Every program runs
under the three interpreters in turn, --repeat times, and the best value of
each is kept (highest for rates and efficiency, lowest for latencies), so
that noise from other jobs on a shared machine hits all sides alike.  Then
the single-thread overhead of free-threaded mode: every core benchmark in
tests/bench timed free-threaded and with --gil (best of --repeat), as the
ratio free/--gil and its geometric mean.
"""
import argparse
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(BENCH))
LOWER_IS_BETTER = ("ms",)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--vm", default=os.path.join(ROOT, "build", "threadlab"))
    p.add_argument("--python", default="python3")
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--timeout", type=float, default=300.0)
    p.add_argument("--skip-overhead", action="store_true",
                   help="do not time tests/bench free-threaded against --gil")
    return p.parse_args(argv)


def run(cmd, timeout):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=HERE)
    if r.returncode:
        raise RuntimeError("%s failed: %s" % (" ".join(cmd), r.stderr.strip()[-300:]))
    return r.stdout


def metrics(out):
    found = {}
    for line in out.splitlines():
        name, value, unit = line.split()
        found[name] = (float(value), unit)
    return found


def best(a, b):
    if a is None:
        return b
    (va, unit), (vb, _) = a, b
    pick = min if unit in LOWER_IS_BETTER else max
    return (pick(va, vb), unit)


def thread_benchmarks(args, sides):
    programs = sorted(n for n in os.listdir(HERE) if n.endswith(".py") and n != "run.py")
    rows = {}
    for prog in programs:
        for _ in range(args.repeat):
            for label, cmd in sides:
                for name, m in metrics(run(cmd + [prog], args.timeout)).items():
                    row = rows.setdefault(name, {})
                    row[label] = best(row.get(label), m)
    labels = [label for label, _ in sides]
    print("%-20s" % "metric" + "".join("%16s" % l for l in labels) + "  unit")
    for name, row in rows.items():
        unit = next(iter(row.values()))[1]
        cells = "".join("%16s" % ("%.2f" % row[l][0] if row[l][0] < 100 else "%.0f" % row[l][0])
                        for l in labels)
        print("%-20s%s  %s" % (name, cells, unit))
    ft, py = rows.get("prodcons_handoffs", {}).get("threadlab"), \
        rows.get("prodcons_handoffs", {}).get("python3")
    if ft and py:
        print("producer/consumer hand-offs vs python3: %.2fx" % (ft[0] / py[0]))


def wall(cmd, timeout):
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, timeout=timeout, cwd=BENCH, check=True)
    return time.perf_counter() - t0


def overhead(args):
    programs = sorted(n for n in os.listdir(BENCH) if n.endswith(".py") and not n.startswith("_"))
    ratios = []
    print("\nsingle-thread overhead, free-threaded / --gil (best of %d):" % args.repeat)
    for prog in programs:
        free = gil = math.inf
        for _ in range(args.repeat):
            free = min(free, wall([args.vm, prog], args.timeout))
            gil = min(gil, wall([args.vm, "--gil", prog], args.timeout))
        ratios.append(free / gil)
        print("  %-18s %7.3fs %7.3fs  %.3f" % (prog, free, gil, free / gil))
    geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print("  geometric mean: %.3f (%+.1f%%)" % (geo, (geo - 1) * 100))


def main(argv):
    args = parse_args(argv)
    vm = os.path.abspath(args.vm)
    args.vm = vm
    sides = [("threadlab", [vm]), ("threadlab --gil", [vm, "--gil"]),
             ("python3", [args.python])]
    thread_benchmarks(args, sides)
    if not args.skip_overhead:
        overhead(args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
