# functools: lru_cache, cmp_to_key, total_ordering.
import functools
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(150), fib.cache_info().hits > 0)
def cmp(a, b):
    return (a > b) - (a < b)
print(sorted([5, 2, 8, 1], key=functools.cmp_to_key(lambda a, b: cmp(b, a))))
@functools.total_ordering
class N:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(N(1) <= N(2), N(3) >= N(2), N(1) > N(1))
