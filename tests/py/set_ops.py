# set and frozenset operations (printed sorted).
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(a <= b, {3} <= b, {3} < b, b < b, b <= b, a >= {1}, a.isdisjoint({9}), a.issubset(range(10)), a.issuperset([1, 2]))
s = set()
s.add(5); s.add(5); s.add(1)
s.update([7, 8], (9,))
print(sorted(s), len(s), 5 in s, 6 in s)
s.discard(100); s.discard(5); s.remove(1)
print(sorted(s))
try:
    s.remove(100)
except KeyError as e:
    print("KeyError:", e)
print(s.pop() in {7, 8, 9}, len(s))
c = {1, 2, 3}
c |= {4}; c &= {1, 2, 4}; c -= {1}; c ^= {9, 2}
print(sorted(c))
f = frozenset([3, 1, 2])
print(sorted(f), f == {1, 2, 3}, type(f | {4}).__name__, type({4} | f).__name__, hash(f) == hash(frozenset([1, 2, 3])))
print({frozenset([1]): "x"}[frozenset([1])], len({frozenset(), frozenset()}))
print(sorted({x % 7 for x in range(50)}), sorted(set("mississippi")), set(), repr(set()), repr(frozenset()))
print(sorted(a.union([10], [11])), sorted(a.intersection(b, {4})), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
try:
    {[1, 2]}
except TypeError as e:
    print("TypeError:", e)
print({1, 2} == {2, 1}, {1} != {1, 2}, {1.0, 1, True}, len({0, False, 0.0}))
