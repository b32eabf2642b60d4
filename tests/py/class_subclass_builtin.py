# Subclassing list, dict, Exception, int, str.
class Stack(list):
    def push(self, x):
        self.append(x)
    def peek(self):
        return self[-1]
s = Stack([1, 2])
s.push(3)
print(s, len(s), s.peek(), s.pop(), s, isinstance(s, list), type(s).__name__, s + [9], type(s + [9]).__name__)
class DefaultDict(dict):
    def __missing__(self, key):
        self[key] = len(key)
        return self[key]
d = DefaultDict(a=1)
print(d["a"], d["hello"], d, d.get("zz"), "zz" in d)
class CountingDict(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 2)
c = CountingDict()
c["x"] = 5
print(c, c["x"])
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(code, msg)
        self.code = code
class NotFound(AppError):
    pass
try:
    raise NotFound(404, "missing")
except AppError as e:
    print(type(e).__name__, e.code, e.args, str(e), repr(e))
class Simple(ValueError):
    pass
try:
    raise Simple("bad value")
except ValueError as e:
    print(repr(e), str(e), isinstance(e, Exception), [k.__name__ for k in type(e).__mro__])
class Meters(int):
    def __repr__(self):
        return "%dm" % int(self)
m = Meters(5)
print(m, repr(m), m + 1, type(m + 1).__name__, m * 2, Meters(3) < m)
class Upper(str):
    def shout(self):
        return self.upper() + "!"
u = Upper("hey")
print(u, u.shout(), len(u), u + "x", type(u[0]).__name__, isinstance(u, str))
class WithStr(Exception):
    def __str__(self):
        return "custom message"
try:
    raise WithStr(1, 2)
except Exception as e:
    print(str(e), e.args)
