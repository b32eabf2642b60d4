# __enter__/__exit__ and with statements, including suppression.
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.suppress
with CM("a") as v:
    print("body", v)
with CM("b", True):
    raise ValueError("swallowed")
print("after b")
try:
    with CM("c"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))
with CM("x") as x, CM("y") as y:
    print("both", x, y)
def f():
    with CM("ret"):
        return "returned"
print(f())
for i in range(3):
    with CM("loop%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
        print("i", i)
class Res:
    def __enter__(self):
        return self
    def __exit__(self, *a):
        print("exit args", [type(x).__name__ for x in a])
with Res() as r:
    pass
print(type(r).__name__)
try:
    with CM("outer"):
        with CM("inner", True):
            1 / 0
        print("inner suppressed")
        raise TypeError("t")
except TypeError as e:
    print("caught", e)
try:
    with 5:
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__, e)
