#!/usr/bin/env python3
"""Run the libFuzzer target for a bounded time.

First replays every regression input in tests/fuzz/regress (crashes found
earlier), then fuzzes for --seconds starting from a corpus seeded with the
golden programs.  A crash is copied into tests/fuzz/regress so it becomes a
regression test once committed.  Prints `N passed, N failed`.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "build", "fuzz", "fuzz_vm")
REGRESS = os.path.join(ROOT, "tests", "fuzz", "regress")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=60)
    args = ap.parse_args()
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    passed = failed = 0
    regress = sorted(glob.glob(os.path.join(REGRESS, "*")))
    if regress:
        r = subprocess.run([BIN, "-timeout=10", "-rss_limit_mb=2048"] + regress,
                           env=env, capture_output=True, text=True)
        if r.returncode == 0:
            passed += 1
            print("fuzz regressions: %d inputs ok" % len(regress))
        else:
            failed += 1
            print(r.stderr[-4000:])
            print("fuzz regressions: FAILED")
    with tempfile.TemporaryDirectory() as work:
        corpus = os.path.join(work, "corpus")
        os.mkdir(corpus)
        for f in glob.glob(os.path.join(ROOT, "tests", "py", "*.py")):
            if os.path.getsize(f) < 4096:
                shutil.copy(f, corpus)
        cmd = [BIN, corpus, "-max_total_time=%d" % args.seconds, "-timeout=10",
               "-rss_limit_mb=2048", "-max_len=4096", "-print_final_stats=1",
               "-artifact_prefix=" + work + "/"]
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        crashes = [p for p in glob.glob(os.path.join(work, "*"))
                   if os.path.basename(p).startswith(("crash-", "timeout-", "oom-", "leak-"))]
        if r.returncode != 0 or crashes:
            failed += 1
            os.makedirs(REGRESS, exist_ok=True)
            for c in crashes:
                shutil.copy(c, REGRESS)
                print("fuzz: new failing input saved as", os.path.join("tests/fuzz/regress", os.path.basename(c)))
            print(r.stderr[-6000:])
        else:
            passed += 1
            stats = [l for l in r.stderr.splitlines() if l.startswith(("stat::number_of_executed_units", "#"))]
            print("fuzz: %ds without a crash; %s" % (args.seconds, stats[-1] if stats else ""))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
