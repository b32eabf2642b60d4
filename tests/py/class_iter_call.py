# __iter__/__next__, __call__, __repr__/__str__.
class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(5)), sum(Countdown(100)), max(Countdown(3)), sorted(Countdown(4)))
it = iter(Countdown(2))
print(next(it), next(it), next(it, "done"))
class Adder:
    def __init__(self, base):
        self.base = base
    def __call__(self, *xs, scale=1):
        return (self.base + sum(xs)) * scale
add5 = Adder(5)
print(add5(), add5(1, 2), add5(1, scale=10), callable(add5), callable(Countdown(1)), list(map(add5, [1, 2])))
class Both:
    def __repr__(self):
        return "Both<repr>"
    def __str__(self):
        return "Both<str>"
class ReprOnly:
    def __repr__(self):
        return "ReprOnly()"
b = Both()
print(b, str(b), repr(b), [b], (b,), {"k": b}, f"{b}", f"{b!r}", "%s %r" % (b, b), str(ReprOnly()), [ReprOnly()])
class StrFormat:
    def __format__(self, spec):
        return "fmt(" + spec + ")"
print(f"{StrFormat():>10}", format(StrFormat(), "x"), "{:abc}".format(StrFormat()))
