#!/usr/bin/env python3
"""Golden tests of `threadlab --board-log FILE`.

Each logs/NAME.py runs with --board-log; the log (JSON lines) must equal
logs/NAME.log once the times are taken out ("t" varies from run to run; the
check that it never goes backwards stays).  The last line is
`N passed, N failed`; the exit status is 1 when anything failed.

  run_logs.py --vm build/threadlab [--vm-args=--gil] [--update]
"""
import argparse
import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(vm, vm_args, prog):
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "board.jsonl")
        p = subprocess.run([vm] + vm_args + ["--board-log", log, prog],
                           capture_output=True, text=True, timeout=20)
        with open(log) as f:
            lines = f.read().splitlines()
    events = [json.loads(line) for line in lines]
    times = [e.pop("t") for e in events]
    problems = []
    if p.returncode != 0:
        problems.append("exit status %d: %s" % (p.returncode, p.stderr.strip()))
    if times != sorted(times):
        problems.append("event times go backwards: %r" % times)
    return [json.dumps(e, sort_keys=True) for e in events], problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vm", required=True)
    ap.add_argument("--vm-args", default="")
    ap.add_argument("--update", action="store_true", help="rewrite the .log files")
    args = ap.parse_args()
    passed = failed = 0
    for prog in sorted(glob.glob(os.path.join(HERE, "logs", "*.py"))):
        want_path = prog[:-3] + ".log"
        got, problems = run(args.vm, shlex.split(args.vm_args), prog)
        if args.update:
            with open(want_path, "w") as f:
                f.write("".join(line + "\n" for line in got))
        with open(want_path) as f:
            want = f.read().splitlines()
        if got != want:
            problems.append("log differs:\n  want %s\n  got  %s" % (
                "\n       ".join(want), "\n       ".join(got)))
        name = os.path.basename(prog)
        if problems:
            failed += 1
            print("FAIL %s: %s" % (name, "; ".join(problems)))
        else:
            passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
