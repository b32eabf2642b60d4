# Walrus operator and chained comparisons.
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list", n)
print([y for x in data if (y := x * 2) > 6], y)
vals = iter([5, 3, 0, 7])
while (v := next(vals)) != 0:
    print("v", v)
print((total := sum(data)), total // n)
def stream():
    yield from ["a", "bb", "", "ccc"]
out = []
it = stream()
while chunk := next(it, None):
    out.append(chunk)
print(out)
calls = []
def val(v):
    calls.append(v)
    return v
print(val(1) < val(2) < val(3), calls)
calls.clear()
print(val(3) < val(2) < val(5), calls)
calls.clear()
print(val(1) == val(1) != val(2) is not None, calls)
x = 5
print(1 < x < 10, 1 < x > 4, 10 > x >= 5, 0 <= x <= 4, x == 5 == 5.0, "a" < "b" < "c", 1 < 2 > 0 < 3)
print(1 in [1] in [[1]], None is None is not False)
