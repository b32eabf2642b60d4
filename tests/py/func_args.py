# Defaults, *args/**kwargs, keyword-only and positional-only parameters.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))
print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9, f=10))
print(f(*[1, 2, 3], **{"c": 0, "z": 1}))
def g(a, b, /, c, *, d):
    return a + b + c + d
print(g(1, 2, 3, d=4), g(1, 2, c=3, d=4))
for call in (lambda: g(1, b=2, c=3, d=4), lambda: g(1, 2, 3, 4), lambda: f(), lambda: f(1, 2), lambda: f(1, c=2, a=3),
             lambda: g(1, 2, 3, d=4, e=5), lambda: (lambda x: x)(), lambda: (lambda: 0)(1)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
def defaults(x, acc=[]):
    acc.append(x)
    return acc
print(defaults(1), defaults(2), defaults(3, []))
def kwonly(*, key="k"):
    return key
print(kwonly(), kwonly(key="v"), f.__name__, f.__defaults__, f.__kwdefaults__)
def star(*a, **k):
    return a, k
print(star(), star(1, *(2, 3), *[4], x=1, **{"y": 2}), star(*"ab", **dict(z=0)))
