# A Matrix class: multiplication, transpose, power, identity, equality.
class Matrix:
    def __init__(self, rows):
        self.rows = [list(r) for r in rows]
        self.n, self.m = len(self.rows), len(self.rows[0])
    @classmethod
    def identity(cls, n):
        return cls([[int(i == j) for j in range(n)] for i in range(n)])
    def __matmul__(self, o):
        if self.m != o.n:
            raise ValueError("shape mismatch %dx%d @ %dx%d" % (self.n, self.m, o.n, o.m))
        cols = list(zip(*o.rows))
        return Matrix([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])
    def __pow__(self, k):
        result, base = Matrix.identity(self.n), self
        while k:
            if k & 1:
                result = result @ base
            base = base @ base
            k >>= 1
        return result
    def T(self):
        return Matrix(zip(*self.rows))
    def __eq__(self, o):
        return self.rows == o.rows
    def __repr__(self):
        w = max(len(str(x)) for r in self.rows for x in r)
        return "\n".join(" ".join(str(x).rjust(w) for x in r) for r in self.rows)
a = Matrix([[1, 2, 3], [4, 5, 6]])
b = Matrix([[7, 8], [9, 10], [11, 12]])
print(a @ b)
print(b @ a)
print(a.T())
print(Matrix([[1, 1], [1, 0]]) ** 90)
print((a @ b) ** 3 == (a @ b) @ (a @ b) @ (a @ b), Matrix.identity(3) @ b == b)
try:
    a @ a
except ValueError as e:
    print("ValueError:", e)
rot = Matrix([[0, -1], [1, 0]])
print(rot ** 4 == Matrix.identity(2), (rot ** 2).rows)
