# Frames live on the heap: a raised recursion limit allows deep recursion
# (CPython may overflow its C stack here, hence the .exp file).
import sys
sys.setrecursionlimit(100000)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(50000))


def build(n):
    if n == 0:
        return []
    return [build(n - 1)]


x = build(30000)
d = 0
while x:
    x = x[0]
    d += 1
print(d)


def gen(n):
    if n:
        yield from gen(n - 1)
    yield n


print(sum(1 for _ in gen(5000)))
try:
    depth(200000)
except RecursionError as e:
    print("RecursionError:", e)
print(sys.getrecursionlimit())
