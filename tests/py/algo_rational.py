# A Fraction class with operator overloading and gcd normalisation.
from math import gcd
class Frac:
    def __init__(self, n, d=1):
        if d == 0:
            raise ZeroDivisionError("zero denominator")
        if d < 0:
            n, d = -n, -d
        g = gcd(n, d) or 1
        self.n, self.d = n // g, d // g
    def __add__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return Frac(self.n * o.d + o.n * self.d, self.d * o.d)
    __radd__ = __add__
    def __sub__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return Frac(self.n * o.d - o.n * self.d, self.d * o.d)
    def __mul__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return Frac(self.n * o.n, self.d * o.d)
    __rmul__ = __mul__
    def __truediv__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return Frac(self.n * o.d, self.d * o.n)
    def __neg__(self):
        return Frac(-self.n, self.d)
    def __eq__(self, o):
        o = o if isinstance(o, Frac) else Frac(o)
        return self.n == o.n and self.d == o.d
    def __lt__(self, o):
        return self.n * o.d < o.n * self.d
    def __hash__(self):
        return hash((self.n, self.d))
    def __float__(self):
        return self.n / self.d
    def __repr__(self):
        return "%d/%d" % (self.n, self.d) if self.d != 1 else str(self.n)
h = Frac(0)
for k in range(1, 31):
    h = h + Frac(1, k)
print(h, float(h))
print(Frac(1, 3) + Frac(1, 6), Frac(3, 4) * 4, 2 * Frac(5, 6), Frac(1, 2) / Frac(3, 4), -Frac(2, 4), Frac(6, -8))
print(sorted([Frac(1, 2), Frac(1, 3), Frac(2, 3), Frac(-1, 5)]), Frac(2, 4) == Frac(1, 2), Frac(4, 2) == 2, len({Frac(1, 2), Frac(2, 4)}))
def det(m):
    m = [[Frac(x) for x in row] for row in m]
    n = len(m)
    result = Frac(1)
    for c in range(n):
        p = next((r for r in range(c, n) if m[r][c] != 0), None)
        if p is None:
            return Frac(0)
        if p != c:
            m[c], m[p] = m[p], m[c]
            result = -result
        result = result * m[c][c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            m[r] = [a - f * b for a, b in zip(m[r], m[c])]
    return result
print(det([[2, -3, 1], [2, 0, -1], [1, 4, 5]]), det([[1, 2], [2, 4]]), det([[i ** j for j in range(5)] for i in range(1, 6)]))
try:
    Frac(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
