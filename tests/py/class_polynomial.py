# A polynomial class: arithmetic, evaluation, derivative, string form, equality.
class Poly:
    def __init__(self, coeffs):
        c = list(coeffs)
        while len(c) > 1 and c[-1] == 0:
            c.pop()
        self.c = c or [0]
    def __add__(self, o):
        o = o if isinstance(o, Poly) else Poly([o])
        n = max(len(self.c), len(o.c))
        return Poly([(self.c[i] if i < len(self.c) else 0) + (o.c[i] if i < len(o.c) else 0) for i in range(n)])
    __radd__ = __add__
    def __neg__(self):
        return Poly([-x for x in self.c])
    def __sub__(self, o):
        return self + (-o if isinstance(o, Poly) else Poly([-o]))
    def __mul__(self, o):
        o = o if isinstance(o, Poly) else Poly([o])
        out = [0] * (len(self.c) + len(o.c) - 1)
        for i, a in enumerate(self.c):
            for j, b in enumerate(o.c):
                out[i + j] += a * b
        return Poly(out)
    __rmul__ = __mul__
    def __pow__(self, n):
        r = Poly([1])
        for _ in range(n):
            r = r * self
        return r
    def __call__(self, x):
        acc = 0
        for a in reversed(self.c):
            acc = acc * x + a
        return acc
    def deriv(self):
        return Poly([i * a for i, a in enumerate(self.c)][1:])
    def __eq__(self, o):
        return isinstance(o, Poly) and self.c == o.c
    def __repr__(self):
        terms = []
        for i in range(len(self.c) - 1, -1, -1):
            a = self.c[i]
            if a == 0 and len(self.c) > 1:
                continue
            coef = "" if abs(a) == 1 and i else str(abs(a))
            var = "" if i == 0 else "x" if i == 1 else "x^%d" % i
            sign = "-" if a < 0 else "+"
            terms.append((sign, coef + var))
        s = "".join(" %s %s" % t for t in terms).strip()
        return s[2:] if s.startswith("+ ") else "-" + s[2:]
x = Poly([0, 1])
p = 3 * x ** 2 - 2 * x + 5
q = (x + 1) ** 5
print(p, "|", q, "|", p * q, "|", p - p, "|", -p)
print([p(v) for v in range(-3, 4)], q(2), q(10 ** 10), p.deriv(), q.deriv().deriv())
print((x - 1) * (x + 1) == x ** 2 - 1, Poly([1, 2, 0, 0]) == Poly([1, 2]), 2 + x, x * 0)
