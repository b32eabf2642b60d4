# Generators: yield, laziness, StopIteration, generator expressions.
def gen(n):
    print("start")
    for i in range(n):
        print("yield", i)
        yield i * i
    print("end")
g = gen(3)
print(type(g).__name__)
print(next(g))
print(list(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)
print(next(gen(0), "empty"))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(15)])
ge = (x * 2 for x in range(5) if x != 2)
print(type(ge).__name__, list(ge), list(ge))
print(sum(x * x for x in range(100)), max(len(w) for w in ["a", "abc", "ab"]), sorted(c for c in "bca"))
def returns():
    yield 1
    return "retval"
r = returns()
next(r)
try:
    next(r)
except StopIteration as e:
    print("return value:", e.value, e.args)
def inner_stop():
    yield 1
    raise StopIteration("bad")
try:
    list(inner_stop())
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)
it = iter([1, 2, 3])
print(next(it), list(it), list(it))
def lazy_pipeline():
    nums = (i for i in range(10 ** 9))
    evens = (n for n in nums if n % 2 == 0)
    squares = (e * e for e in evens)
    out = []
    for s in squares:
        if s > 200:
            break
        out.append(s)
    return out
print(lazy_pipeline())
