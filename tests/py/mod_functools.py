# functools: partial, reduce, wraps, lru_cache, cmp_to_key.
import functools
from functools import partial, reduce, wraps
def power(base, exp, *, mod=None):
    return pow(base, exp, mod) if mod else base ** exp
square = partial(power, exp=2)
cube_mod = partial(power, exp=3, mod=7)
two_to = partial(power, 2)
print(square(5), cube_mod(4), two_to(10), square.func is power, square.args, square.keywords)
print(reduce(lambda a, b: a * b, range(1, 11)), reduce(lambda a, b: a + b, [], 0), reduce(max, [3, 9, 2]))
try:
    reduce(lambda a, b: a, [])
except TypeError as e:
    print("TypeError:", e)
def logged(fn):
    @wraps(fn)
    def wrapper(*a, **k):
        return ("logged", fn(*a, **k))
    return wrapper
@logged
def greet(name):
    "Say hello."
    return "hello " + name
print(greet("x"), greet.__name__, greet.__doc__, greet.__wrapped__("raw"))
