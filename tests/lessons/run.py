#!/usr/bin/env python3
"""Run every lesson's check against its solution and its starter.

For each lesson in lessons/: the solution must PASS in every mode the lesson
lists, and, where the lesson is a fix-it exercise (starter_fails), the
starter must FAIL in every mode.  A lesson whose module the VM lacks fails
here -- its check says so -- it is never skipped.  Programs are built and
verdicts read exactly as tools/lessons.py documents for the server and the
page, so this is also their reference.

  run.py --vm build/threadlab          modes "free" (no flag) and "gil" (--gil)
  run.py --vm python3                  CPython: one run per program (it has a GIL)
  run.py --vm-cmd 'node x.mjs'         any command taking [--gil] PROGRAM
  --only 03,05   some lessons    --repeat 20   run the solutions 20 times
  --path DIR     prepended to PYTHONPATH (e.g. stand-in modules for python3)

Lessons run one at a time: the checks measure time, and running them side by
side on a shared machine would make them measure each other.  The last line
is `N passed, N failed`; the exit status is 1 when anything failed.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import lessons as lessonlib  # noqa: E402


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    vm = ap.add_mutually_exclusive_group(required=True)
    vm.add_argument("--vm", help="the VM executable")
    vm.add_argument("--vm-cmd", help="a command line; [--gil] PROGRAM is appended")
    ap.add_argument("--only", help="comma-separated lesson numbers or ids")
    ap.add_argument("--repeat", type=int, default=1,
                    help="times to run each solution check (flakiness)")
    ap.add_argument("--path", help="directory prepended to PYTHONPATH")
    ap.add_argument("-v", "--verbose", action="store_true")
    return ap.parse_args(argv)


def is_cpython(cmd):
    return os.path.basename(cmd[0]).startswith("python")


def run_check(cmd, mode, program, timeout, env):
    """(verdict, stderr if no verdict line, hint, notes) of one run, read as
    tools/lessons.py says."""
    argv = list(cmd) + (["--gil"] if mode == "gil" else []) + [program]
    try:
        p = subprocess.run(argv, capture_output=True, text=True,
                           timeout=timeout, env=env, errors="replace")
    except subprocess.TimeoutExpired:
        return "FAIL", "", "the check did not finish in %g s" % timeout, []
    except OSError as e:
        return "FAIL", "", "cannot run %s: %s" % (argv[0], e), []
    lines = p.stdout.splitlines()
    notes = [l.strip() for l in lines if l.startswith("  ")]
    for line in reversed(lines):
        if line == "PASS":
            return "PASS", "", None, notes
        if line.startswith("FAIL: "):
            return "FAIL", "", line[6:], notes
    return "FAIL", p.stderr, None, notes


def verdict_hint(lesson, stderr, hint):
    """The hint of a run: the check's own, or one made from its stderr."""
    if hint is not None:
        return hint
    if lesson["crash_hint"] and "Deadlock detected" in stderr:
        return lesson["crash_hint"]
    err = [l.strip() for l in stderr.splitlines() if l.strip()]
    return err[-1] if err else "no verdict"


def selected(lessons, only):
    if not only:
        return lessons
    keys = set(only.split(","))
    return [l for l in lessons
            if l["id"] in keys or "%02d" % l["number"] in keys
            or str(l["number"]) in keys]


def main(argv):
    args = parse_args(argv)
    cmd = [args.vm] if args.vm else shlex.split(args.vm_cmd)
    env = dict(os.environ)
    if args.path:
        env["PYTHONPATH"] = os.pathsep.join(
            [os.path.abspath(args.path)] + ([env["PYTHONPATH"]]
                                            if env.get("PYTHONPATH") else []))
    try:
        lessons = selected(lessonlib.load_all(), args.only)
    except lessonlib.LessonError as e:
        print("invalid lessons:\n%s" % e)
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="lessons-") as tmp:
        for lesson in lessons:
            modes = ["gil"] if is_cpython(cmd) else lesson["modes"]
            problems, shown = [], []
            for role, want, times in (("solution", "PASS", args.repeat),
                                      ("starter", "FAIL", 1)):
                if role == "starter" and not lesson["starter_fails"]:
                    continue
                program = os.path.join(tmp, "%s-%s.py" % (lesson["id"], role))
                with open(program, "w", encoding="utf-8") as f:
                    f.write(lessonlib.learner_program(lesson["check"],
                                                      lesson[role]))
                for mode in modes:
                    for n in range(times):
                        verdict, stderr, hint, notes = run_check(
                            cmd, "" if is_cpython(cmd) else mode, program,
                            lesson["timeout"], env)
                        text = verdict_hint(lesson, stderr, hint)
                        if verdict != want:
                            problems.append("%s [%s]%s: %s" % (
                                role, mode,
                                " run %d" % (n + 1) if times > 1 else "",
                                "FAIL: " + text if verdict == "FAIL"
                                else "PASS, but the starter should fail"))
                            break
                        if args.verbose or (role == "solution" and n == 0):
                            shown += ["%s [%s] %s" % (role, mode, x)
                                      for x in notes]
                        if args.verbose and verdict == "FAIL":
                            shown.append("%s [%s] FAIL: %s" % (role, mode, text))
            status = "FAIL" if problems else "ok  "
            print("%s %s" % (status, lesson["id"]))
            for line in problems + shown:
                print("       " + line)
            sys.stdout.flush()
            if problems:
                failed += 1
            else:
                passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
