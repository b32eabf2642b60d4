"""A stand-in for the board's `pyb` module, for python3 only: servos that
remember their commanded angle and a USR switch that remembers its handler
(run.py --vm python3 --path tests/lessons/standin)."""


class Servo:
    def __init__(self, n):
        self.n, self._angle = n, 0

    def angle(self, degrees=None, time_ms=0):
        if degrees is None:
            return self._angle
        self._angle = max(-90, min(90, degrees))
        return None


class Switch:
    def __init__(self):
        self.handler = None

    def callback(self, fn):
        self.handler = fn

    def value(self):
        return False
