# Operator dunders including reflected ones and NotImplemented fallbacks.
class V:
    def __init__(self, *c):
        self.c = tuple(c)
    def __repr__(self):
        return "V%r" % (self.c,)
    def __add__(self, o):
        if isinstance(o, V):
            return V(*(a + b for a, b in zip(self.c, o.c)))
        if isinstance(o, (int, float)):
            return V(*(a + o for a in self.c))
        return NotImplemented
    def __radd__(self, o):
        return self.__add__(o)
    def __sub__(self, o):
        return V(*(a - b for a, b in zip(self.c, o.c)))
    def __mul__(self, k):
        if isinstance(k, (int, float)):
            return V(*(a * k for a in self.c))
        return NotImplemented
    __rmul__ = __mul__
    def __truediv__(self, k): return V(*(a / k for a in self.c))
    def __floordiv__(self, k): return V(*(a // k for a in self.c))
    def __mod__(self, k): return V(*(a % k for a in self.c))
    def __pow__(self, k): return V(*(a ** k for a in self.c))
    def __rpow__(self, b): return V(*(b ** a for a in self.c))
    def __neg__(self): return V(*(-a for a in self.c))
    def __pos__(self): return self
    def __abs__(self): return sum(a * a for a in self.c) ** 0.5
    def __invert__(self): return V(*reversed(self.c))
    def __matmul__(self, o): return sum(a * b for a, b in zip(self.c, o.c))
    def __and__(self, o): return "and"
    def __or__(self, o): return "or"
    def __xor__(self, o): return "xor"
    def __lshift__(self, o): return "lshift"
    def __rshift__(self, o): return "rshift"
    def __rsub__(self, o): return "rsub"
    def __rtruediv__(self, o): return "rtruediv"
    def __rfloordiv__(self, o): return "rfloordiv"
    def __rmod__(self, o): return "rmod"
    def __rand__(self, o): return "rand"
    def __ror__(self, o): return "ror"
    def __rxor__(self, o): return "rxor"
    def __rlshift__(self, o): return "rlshift"
    def __rrshift__(self, o): return "rrshift"
a, b = V(1, 2), V(3, 4)
print(a + b, a + 1, 1 + a, a - b, a * 3, 3 * a, a / 2, b // 2, b % 3, a ** 2, 2 ** a, -a, +a, abs(b), ~a, a @ b)
print(a & b, a | b, a ^ b, a << 1, a >> 1, 1 - a, 1 / a, 1 // a, 1 % a, 1 & a, 1 | a, 1 ^ a, 1 << a, 1 >> a)
print(sum([a, b, V(10, 10)]))
for expr in ("a * b", "'s' + a", "a - 1", "[] * a"):
    try:
        print(eval(expr))
    except (TypeError, AttributeError) as e:
        print(type(e).__name__ + ":", e)
class InPlace:
    def __init__(self): self.log = []
    def __iadd__(self, o):
        self.log.append(("iadd", o)); return self
    def __imul__(self, o):
        self.log.append(("imul", o)); return self
    def __isub__(self, o):
        return NotImplemented
    def __sub__(self, o):
        return "fallback sub"
x = InPlace()
y = x
x += 1
x *= 2
print(x is y, x.log)
x -= 5
print(x)
class Num:
    def __init__(self, v): self.v = v
    def __index__(self): return self.v
    def __int__(self): return self.v
    def __float__(self): return self.v + 0.5
print([10, 20, 30][Num(1)], hex(Num(255)), int(Num(4)), float(Num(4)), "abc"[Num(2)], range(Num(3)))
