# enumerate, zip, map, filter, reversed, iter/next, sorted, sum/any/all.
print(list(enumerate("abc")), list(enumerate("abc", 10)), list(enumerate([])))
print(list(zip("abc", range(5))), list(zip()), list(zip([1], [2], [3])), list(zip(*[(1, 2), (3, 4)])))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print("ValueError:", e)
print(list(map(abs, [-1, 2, -3])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])), list(map(str, range(3))))
print(list(filter(lambda v: v > 1, [0, 1, 2, 3])), list(filter(None, [0, "", "x", 5])))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(4))), list(reversed((1, 2))))
it = iter([10, 20])
print(next(it), next(it), next(it, "default"), next(iter(()), None))
try:
    next(it)
except StopIteration:
    print("StopIteration")
calls = [0]
def counter():
    calls[0] += 1
    return calls[0]
print(list(iter(counter, 4)))
print(sum([1, 2, 3]), sum([1, 2], 10), sum([0.1] * 3), sum([[1], [2]], []), sum(range(10 ** 4)), sum(()))
print(any([]), all([]), any([0, 0, 1]), all([1, 1, 0]), any(x > 3 for x in range(5)), all(c.isalpha() for c in "abc"))
print(sorted("dcba"), sorted([3, 1, 2], reverse=True), sorted({"b": 1, "a": 2}.items()))
m = map(int, "123")
print(next(m), list(m), type(m).__name__, type(zip()).__name__, type(enumerate([])).__name__, type(filter(None, [])).__name__)
e = enumerate(["x", "y"])
print(next(e), list(e))
