# Star unpacking in assignments, calls, literals.
a, *b = [1, 2, 3, 4]; print(a, b)
*a, b = "xyz"; print(a, b)
a, *b, c = range(6); print(a, b, c)
a, *b, c = (1, 2); print(a, b, c)
(a, b), *rest = [(1, 2), 3, 4]; print(a, b, rest)
first, (second, *others) = 1, [2, 3, 4]; print(first, second, others)
print([*range(3), *"ab", *[None]], (*[1, 2],), {*[1, 1, 2]}, {**{"a": 1}, "b": 2, **{"a": 3}})
def f(*args, **kw):
    return args, kw
print(f(*[1, 2], *(3,), **{"x": 1}, **{"y": 2}))
for x, *y in [(1, 2, 3), (4,)]:
    print(x, y)
x, y = y, x = 1, 2
print(x, y)
a = b = c = [0]
a.append(1)
print(a, b, c)
i, lst = 0, [10, 20]
i, lst[i] = 1, 99
print(i, lst)
try:
    p, q = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    p, q, r = [1, 2]
except ValueError as e:
    print("ValueError:", e)
try:
    p, *q, r = [1]
except ValueError as e:
    print("ValueError:", e)
try:
    p, q = 5
except TypeError as e:
    print("TypeError:", e)
d = {"k1": 1, "k2": 2}
k1, k2 = d
print(k1, k2, [*d.values()])
