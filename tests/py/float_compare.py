# Float comparisons, hashing equality and conversions.
print(0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-15, 1.0 == 1, 1.5 > 1, 2 ** 60 > 1e18)
print(hash(1.0) == hash(1), hash(0.0) == hash(-0.0), hash(2.5) == hash(2.5))
print(sorted([3.5, -1, 2, 0.0, -0.5, 1e10, -1e-10]))
print(max(1.5, 2, 1), min(-0.0, 0.0), max(0.0, -0.0))
print(float(True), 3.0 // 1, str(3.0), repr(-2.0), str(1e-10), str(123.0))
print(1e5, 1e6, 1e15, 1e16, 12345678901234567890.0, 0.001, 0.0001)
print(f"{1/7}", str(2/7), 100 * 1.1, 1.1 * 1.1, 3.3 / 1.1)
print(isinstance(1.0, float), isinstance(1, float), float.__name__)
x = 0.0
for i in range(10):
    x += 0.1
print(x, x == 1.0, round(x, 10) == 1.0)
