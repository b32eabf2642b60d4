#!/usr/bin/env python3
"""Golden-output test runner for threadlab.

Every non-underscore ``*.py`` file in the test directories is a program whose
observable behaviour (stdout, stderr, exit status) must match CPython's.  Each
program is run twice -- once under ``python3`` (the oracle) and once under the
VM -- with the test's directory as cwd and the file named by its base name, so
file names in tracebacks agree.  Nothing is cached: the oracle is re-run every
time, which keeps the expected output honest when tests are edited.

Side files next to ``NAME.py`` change the defaults:
  NAME.exp       expected stdout; CPython is then not run at all (for
                 VM-only features).  NAME.exp_err / NAME.exp_rc give the
                 expected stderr / exit status (default: empty / 0).
  NAME.args      extra command-line arguments (shell-like quoting).
  NAME.stdin     data fed to standard input (default: empty).
Files whose name starts with ``_`` are importable modules, not tests.
CPython names the script by its absolute path in tracebacks; the test
directory prefix is stripped from both outputs, so a VM may print either the
absolute or the relative name.

The last line printed is always ``N passed, N failed``; the exit status is 1
when anything failed.
"""
import argparse
import concurrent.futures
import difflib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--vm", default=os.path.join(ROOT, "build", "threadlab"),
                   help="VM executable (default: build/threadlab)")
    p.add_argument("--vm-args", default="",
                   help="extra arguments placed before the script name")
    p.add_argument("--vm-cmd", default=None,
                   help="full VM command line (shlex-split); overrides --vm/--vm-args")
    p.add_argument("--wrapper", default="",
                   help="command prefix for the VM, e.g. 'node run.mjs'")
    p.add_argument("--python", default="python3", help="oracle interpreter")
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--filter", default=None, help="only tests whose name contains this")
    p.add_argument("--timeout", type=float, default=10.0, help="VM timeout in seconds")
    p.add_argument("--py-timeout", type=float, default=30.0, help="oracle timeout")
    p.add_argument("-v", "--verbose", action="store_true", help="print every test")
    p.add_argument("--diff-lines", type=int, default=20)
    p.add_argument("dirs", nargs="*", default=[os.path.join(HERE, "py")])
    return p.parse_args(argv)


def vm_command(args):
    """The VM command as a list.  Tests run with their own directory as cwd,
    so every token naming an existing relative path (the VM binary, a
    wrapper's script) is made absolute first."""
    if args.vm_cmd:
        cmd = shlex.split(args.vm_cmd)
    else:
        cmd = [args.vm] + shlex.split(args.vm_args)
    cmd = shlex.split(args.wrapper) + cmd
    def local(i, t):   # a bare first word is a PATH lookup, not a file here
        return (not t.startswith("-") and not os.path.isabs(t)
                and (i > 0 or os.sep in t) and os.path.exists(t))
    return [os.path.abspath(t) if local(i, t) else t for i, t in enumerate(cmd)]


def collect(dirs, substr):
    tests = []
    for d in dirs:
        if os.path.isfile(d):
            tests.append(os.path.realpath(d))
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".py") and not name.startswith("_"):
                tests.append(os.path.realpath(os.path.join(d, name)))
    if substr:
        tests = [t for t in tests if substr in os.path.basename(t)]
    return tests


def side_file(path, ext, binary=False):
    p = path[:-3] + ext
    if not os.path.exists(p):
        return None
    with open(p, "rb" if binary else "r", encoding=None if binary else "utf-8") as f:
        return f.read()


def child_env():
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"   # never leave __pycache__ in tests
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONSTARTUP", None)
    return env


def spawn(argv, cwd, stdin, timeout):
    """Run argv in its own process group; return (stdout, stderr, rc) as
    bytes, or a reason string.  On timeout the whole group is killed, so a
    deadlocked VM thread or a wrapper's child cannot outlive the test."""
    try:
        p = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=child_env(), start_new_session=True)
    except OSError as e:
        return "cannot run %s: %s" % (argv[0], e)
    try:
        out, err = p.communicate(stdin or b"", timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        p.communicate()
        return "timeout after %gs" % timeout
    return out, err, p.returncode


def run(cmd, path, extra, stdin, timeout):
    """Run cmd on the test file; return (stdout, stderr, rc) or a reason string."""
    r = spawn(cmd + [os.path.basename(path)] + extra, os.path.dirname(path), stdin, timeout)
    if isinstance(r, str):
        return r
    # Strip the test directory so absolute and relative names compare equal.
    prefix = '"' + os.path.dirname(path) + os.sep
    dec = lambda b: b.decode("utf-8", "replace").replace(prefix, '"')
    return dec(r[0]), dec(r[1]), r[2]


def expected(path, args, extra, stdin):
    out = side_file(path, ".exp")
    if out is None:
        return run([args.python], path, extra, stdin, args.py_timeout)
    err = side_file(path, ".exp_err") or ""
    rc = side_file(path, ".exp_rc")
    return out, err, int(rc.strip()) if rc else 0


def diff(what, want, got, limit):
    lines = list(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                      "expected " + what, "threadlab " + what,
                                      n=1, lineterm=""))
    if len(lines) > limit:
        lines = lines[:limit] + ["... (%d more diff lines)" % (len(lines) - limit)]
    return ["    " + (l if len(l) <= 160 else l[:160] + "...") for l in lines]


def check(path, args, vm):
    """Return None if the test passes, else a list of report lines."""
    extra = shlex.split(side_file(path, ".args") or "")
    stdin = side_file(path, ".stdin", binary=True)
    want = expected(path, args, extra, stdin)
    if isinstance(want, str):
        return ["  oracle failed: " + want]
    got = run(vm, path, extra, stdin, args.timeout)
    if isinstance(got, str):
        return ["  " + got]
    report = []
    for what, w, g in zip(("stdout", "stderr"), want, got):
        if w != g:
            report += ["  %s differs" % what] + diff(what, w, g, args.diff_lines)
    if want[2] != got[2]:
        report.append("  exit status: expected %d, got %d" % (want[2], got[2]))
    return report or None


def main(argv):
    args = parse_args(argv)
    vm = vm_command(args)
    tests = collect(args.dirs, args.filter)
    if not shutil.which(vm[0]):
        # Fail fast instead of reporting the same launch error for every test.
        print("cannot run VM command %r" % vm[0])
        print("%d passed, %d failed" % (0, len(tests)))
        return 1
    lock = threading.Lock()
    failed = []
    done = 0

    def one(path):
        nonlocal done
        try:
            report = check(path, args, vm)
        except Exception as e:       # a runner bug must not hide the summary
            report = ["  runner error: %r" % (e,)]
        name = os.path.relpath(path)
        with lock:
            done += 1
            if report:
                failed.append(name)
                print("FAIL %s" % name)
                print("\n".join(report))
            elif args.verbose:
                print("ok   %s" % name)
            if done % 25 == 0 or done == len(tests):
                print("[%d/%d] %d failed so far" % (done, len(tests), len(failed)))
            sys.stdout.flush()

    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        list(pool.map(one, tests))
    if failed:
        print("failed: " + " ".join(sorted(os.path.basename(f) for f in failed)))
    print("%d passed, %d failed" % (len(tests) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
