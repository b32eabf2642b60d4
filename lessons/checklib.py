# checklib -- what every lesson check shares.
#
# A check is a Python program run by the VM being taught (threadlab natively,
# in the browser or on the server; python3 for comparison).  It gets the
# learner's code as text, runs it in a fresh namespace, drives it hard --
# many runs, tiny switch intervals, slow callbacks that hold a race window
# open -- and ends with one line, `PASS` or `FAIL: <hint>`, and status 0/1.
#
# The learner's code arrives in one of two ways.  tools/lessons.py builds
# each check as one self-contained program: `LEARNER = "<code>"`, then this
# file, then the lesson's check.py (whose `from checklib import *` line it
# drops).  That is what the browser and the server run: no file system, no
# imports beyond the VM's own modules.  For a quick manual run,
# `PYTHONPATH=lessons python3 lessons/NN-x/check.py FILE` reads FILE instead.
#
# Everything the learner's code does runs in daemon threads started here:
# threads inherit daemon-ness from their creator, so a learner program that
# hangs (the lessons are about deadlocks) cannot keep the check from ending.

import sys
import time

try:
    import threading
except ImportError:             # reported below, once fail() exists
    threading = None


def _end(line, status):
    print(line)
    sys.stdout.flush()
    try:
        import os
    except ImportError:         # threadlab: daemon threads do not hold exit
        sys.exit(status)
    os._exit(status)            # python3: do not wait for stuck threads


def fail(hint):
    """Ends the check: the learner's code is wrong, and this is why."""
    _end("FAIL: " + hint, 1)


def ok():
    _end("PASS", 0)


def note(text):
    """An informational line shown above the verdict."""
    print("  " + text)


def need_module(name):
    """Imports a module the lesson is about, or fails saying the VM lacks it."""
    try:
        return __import__(name)
    except ImportError:
        fail("this VM has no '%s' module yet, so this lesson cannot run here"
             % name)


if threading is None:
    fail("this VM has no 'threading' module yet, and every check needs it")
_start = threading.Thread.start     # the check's own threads are not counted


def learner_source():
    src = globals().get("LEARNER")
    if src is None:
        if len(sys.argv) < 2:
            fail("usage: check.py LEARNER_FILE")
        with open(sys.argv[1]) as f:
            src = f.read()
    return src


def learner_line(exc):
    """The last line of the learner's code in exc's traceback, or None."""
    line = None
    try:
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_globals.get("__name__") == "learner":
                line = tb.tb_lineno
            tb = tb.tb_next
    except AttributeError:      # a VM without full traceback objects
        pass
    return line


def describe(exc):
    text = "%s: %s" % (type(exc).__name__, exc)
    line = learner_line(exc)
    return text if line is None else text + " (line %d)" % line


def load():
    """Runs the learner's code as a module named 'learner' (so the demo under
    `if __name__ == "__main__":` stays quiet) and returns its namespace."""
    ns = {"__name__": "learner"}
    try:
        exec(learner_source(), ns)
    except SyntaxError as e:
        fail("syntax error on line %s: %s" % (e.lineno, e.msg))
    except BaseException as e:
        fail("your code raised %s while loading; keep demo code under "
             "`if __name__ == \"__main__\":`" % describe(e))
    return ns


def need(ns, *names):
    """The learner's functions or classes, by name, in order."""
    found = []
    for name in names:
        if not callable(ns.get(name)):
            fail("define %s -- the check calls it" % name)
        found.append(ns[name])
    return found[0] if len(found) == 1 else found


def within(seconds, hint, fn, *args):
    """fn(*args) in a daemon thread; its result, or FAIL with hint when it does
    not return within seconds, or FAIL naming what it raised."""
    box = {}

    def body():
        try:
            box["value"] = fn(*args)
        except BaseException as e:
            box["error"] = e

    t = threading.Thread(target=body, name="check", daemon=True)
    _start(t)
    t.join(seconds)
    if t.is_alive():
        fail(hint)
    if "error" in box:
        fail("%s raised %s" % (getattr(fn, "__name__", "your code"),
                               describe(box["error"])))
    return box.get("value")


def spawn(fn, *args):
    """A started daemon thread running fn(*args)."""
    t = threading.Thread(target=fn, args=args, daemon=True)
    _start(t)
    return t


def join_all(threads, seconds, hint):
    deadline = time.monotonic() + seconds
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
        if t.is_alive():
            fail(hint)


def settle(count, seconds, hint):
    """Waits until at most count threads are alive, or fails with hint."""
    deadline = time.monotonic() + seconds
    while threading.active_count() > count:
        if time.monotonic() > deadline:
            fail(hint)
        time.sleep(0.01)


def stress():
    """Makes involuntary thread switches as frequent as the VM allows."""
    if hasattr(sys, "setswitchinterval"):
        sys.setswitchinterval(1e-6)


def gil_enabled():
    """sys._is_gil_enabled() where it exists (threadlab, CPython >= 3.13);
    older CPythons always have the GIL."""
    probe = getattr(sys, "_is_gil_enabled", None)
    return True if probe is None else bool(probe())


class Tally:
    """A thread-safe counter of calls, distinct threads and peak concurrency,
    for the check's own callbacks."""

    def __init__(self):
        self.lock = threading.Lock()
        self.calls = 0
        self.active = 0
        self.peak = 0
        self.threads = set()

    def enter(self):
        with self.lock:
            self.calls += 1
            self.active += 1
            self.peak = max(self.peak, self.active)
            self.threads.add(threading.get_ident())

    def leave(self):
        with self.lock:
            self.active -= 1


def count_thread_starts():
    """Patches threading.Thread.start and _thread.start_new_thread to count
    the threads the learner starts; returns a dict whose "n" grows."""
    seen = {"n": 0}
    lock = threading.Lock()
    import _thread
    start_thread = threading.Thread.start
    start_new = _thread.start_new_thread

    def bump():
        with lock:
            seen["n"] += 1

    def counted_start(self):
        bump()
        return start_thread(self)

    def counted_new(*args, **kwargs):
        bump()
        return start_new(*args, **kwargs)

    threading.Thread.start = counted_start
    _thread.start_new_thread = counted_new
    return seen
