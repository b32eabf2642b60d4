"""A slow stand-in for Stackless's `stackless` module, for python3 only.

CPython has no tasklets, so `run.py --vm python3 --path tests/lessons/standin`
checks the tasklet lessons' solutions and starters against this: every
tasklet is an OS thread, and one condition variable makes sure only the
scheduler's current tasklet of each OS thread runs.  It covers what the
lessons use -- tasklets, a FIFO run queue per thread, schedule/run, channels
(also between threads; receiver preferred), kill, atomic (a no-op: nothing
here preempts, so run(timeout) never interrupts) -- and nothing else.
"""
import collections
import sys
import threading
import traceback

_cv = threading.Condition()
_local = threading.local()


class TaskletExit(BaseException):
    pass


class _Sched:
    def __init__(self):
        self.runq = collections.deque()
        self.main = _Tasklet(None)
        self.main._sched, self.main._started = self, True
        self.current = self.main


def _sched():
    s = getattr(_local, "sched", None)
    if s is None:
        s = _local.sched = _Sched()
    return s


def _runnable(t, front=False):
    s = t._sched
    (s.runq.appendleft if front else s.runq.append)(t)
    if s.current is None:
        s.current = s.runq.popleft()
    _cv.notify_all()


def _switch(cur):
    """Gives the thread to the next runnable tasklet; returns when cur runs
    again (cur None: never)."""
    s = _sched()
    s.current = s.runq.popleft() if s.runq else None
    _cv.notify_all()
    if cur is None:
        return
    while s.current is not cur:
        _cv.wait()
    if cur._pending is not None:
        exc, cur._pending = cur._pending, None
        raise exc


class tasklet:
    def __init__(self, func=None):
        self.func, self.alive, self.blocked = func, func is None, False
        self._started, self._pending, self._chan = False, None, None
        self.tempval = None

    def __call__(self, *args, **kwargs):
        with _cv:
            self._sched, self.alive = _sched(), True
            threading.Thread(target=self._body, args=(args, kwargs),
                             daemon=True).start()
            _runnable(self)
        return self

    def _body(self, args, kwargs):
        _local.sched = self._sched
        with _cv:
            while self._sched.current is not self:
                _cv.wait()
            self._started = True
            killed = self._pending is not None
        try:
            if not killed:
                self.func(*args, **kwargs)
        except TaskletExit:
            pass
        except BaseException:
            traceback.print_exc()
        with _cv:
            self.alive = False
            _switch(None)

    @property
    def is_main(self):
        return self is self._sched.main

    @property
    def scheduled(self):
        return self in self._sched.runq or self._sched.current is self

    def insert(self):
        with _cv:
            if self.alive and not self.scheduled:
                _runnable(self)

    def kill(self, pending=False):
        with _cv:
            if not self.alive:
                return
            if self._chan is not None:
                self._chan._queue = collections.deque(
                    e for e in self._chan._queue if e[0] is not self)
                self._chan = None
            self._pending = TaskletExit()
            if self in self._sched.runq:
                self._sched.runq.remove(self)
            cur = self._sched.current
            self._sched.runq.appendleft(cur)
            self._sched.runq.appendleft(self)
            _switch(cur)


_Tasklet = tasklet      # checks may patch the module's name


def getcurrent():
    return _sched().current


def getmain():
    return _sched().main


def getruncount():
    return len(_sched().runq) + 1


def schedule(retval=None):
    with _cv:
        s = _sched()
        if s.runq:
            cur = s.current
            s.runq.append(cur)
            _switch(cur)
    return retval


def run(timeout=0, totaltimeout=0):
    while getruncount() > 1:
        schedule()
    return None


class atomic:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Raise:
    def __init__(self, exc):
        self.exc = exc


class channel:
    def __init__(self):
        self._queue = collections.deque()   # (tasklet, value, is_sender)
        self.preference = -1

    @property
    def balance(self):
        return sum(1 if e[2] else -1 for e in self._queue)

    def _block(self, value, sending):
        cur = _sched().current
        self._queue.append((cur, value, sending))
        cur.blocked, cur._chan = True, self
        try:
            _switch(cur)
        finally:
            cur.blocked, cur._chan = False, None
        return cur.tempval

    def send(self, value):
        with _cv:
            if self.balance < 0:
                r, _, _ = self._queue.popleft()
                r.tempval = value
                cur = _sched().current
                if r._sched is cur._sched:      # receiver runs first
                    cur._sched.runq.appendleft(cur)
                    cur._sched.runq.appendleft(r)
                    _switch(cur)
                else:
                    _runnable(r)
                return None
            self._block(value, True)

    def send_exception(self, exc, *args):
        self.send(_Raise(exc(*args)))

    def receive(self):
        with _cv:
            if self.balance > 0:
                s, value, _ = self._queue.popleft()
                _runnable(s)
            else:
                value = self._block(None, False)
        if isinstance(value, _Raise):
            raise value.exc
        return value


sys.modules.setdefault("stackless", sys.modules[__name__])
