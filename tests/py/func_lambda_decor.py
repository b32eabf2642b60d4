# Lambdas and decorators with and without arguments.
sq = lambda x: x * x
print(sq(7), (lambda *a, **k: (a, sorted(k)))(1, 2, z=3), (lambda: "none")(), sq.__name__)
def trace(fn):
    def wrapper(*args, **kwargs):
        print("call", fn.__name__, args, kwargs)
        r = fn(*args, **kwargs)
        print("ret", r)
        return r
    wrapper.__name__ = fn.__name__
    return wrapper
@trace
def add(a, b=0):
    return a + b
add(2, b=3)
print(add.__name__)
def repeat(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
@repeat(3)
def hello(who):
    return "hi " + who
print(hello("bob"))
def tag(t):
    return lambda fn: lambda *a: "<%s>%s</%s>" % (t, fn(*a), t)
@tag("b")
@tag("i")
def text(s):
    return s.upper()
print(text("bold italic"))
registry = []
def register(fn):
    registry.append(fn.__name__)
    return fn
@register
def one(): pass
@register
def two(): pass
print(registry)
class memo:
    def __init__(self, fn):
        self.fn = fn
        self.cache = {}
    def __call__(self, n):
        if n not in self.cache:
            self.cache[n] = self.fn(n)
        return self.cache[n]
@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), len(fib.cache))
