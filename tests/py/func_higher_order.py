# Higher-order functions: compose, currying, map/filter/reduce pipelines, sorting by key functions.
from functools import reduce
def compose(*fns):
    return reduce(lambda f, g: lambda x: f(g(x)), fns, lambda x: x)
inc = lambda x: x + 1
dbl = lambda x: x * 2
sq = lambda x: x * x
print(compose(inc, dbl)(5), compose(dbl, inc)(5), compose(sq, inc, dbl)(3), compose()(7))
def curry(f, n):
    def curried(*args):
        if len(args) >= n:
            return f(*args)
        return lambda *more: curried(*(args + more))
    return curried
add3 = curry(lambda a, b, c: a + b + c, 3)
print(add3(1)(2)(3), add3(1, 2)(3), add3(1)(2, 3), add3(1, 2, 3))
nums = range(1, 21)
print(reduce(lambda a, b: a + b, map(sq, filter(lambda n: n % 3 == 0, nums))))
print(list(map(lambda p: p[0] * p[1], zip(nums, reversed(nums))))[:6])
def apply_n(f, n):
    def g(x):
        for _ in range(n):
            x = f(x)
        return x
    return g
print(apply_n(dbl, 10)(1), apply_n(lambda s: s + "!", 3)("hi"))
ops = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b}
print({name: fn(7, 3) for name, fn in sorted(ops.items())})
print(sorted(["b2", "a10", "a2", "b1"], key=lambda s: (s[0], int(s[1:]))))
print(max(map(len, ["a", "abc", "ab"])), min(zip("cab", [3, 1, 2]), key=lambda t: t[1]))
