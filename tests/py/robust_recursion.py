# Runaway recursion (Python frames, a recursive __repr__, yield from, str of a
# deeply nested list, a sort key) raises RecursionError; the program goes on.
import sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("RecursionError:", e)
class R:
    def __repr__(self): return repr(self)
try:
    repr(R())
except RecursionError as e:
    print("repr", type(e).__name__)
def gen_rec(n):
    yield from gen_rec(n + 1)
try:
    next(gen_rec(0))
except RecursionError as e:
    print("gen", type(e).__name__)
l = []
for i in range(100000):
    l = [l]
try:
    print(len(str(l)))
except RecursionError as e:
    print("str", type(e).__name__)
def sortkey(v):
    return sorted([3, 2, 1], key=sortkey)
try:
    sortkey(0)
except RecursionError as e:
    print("native", type(e).__name__)
print("still running", sum(range(10)))
