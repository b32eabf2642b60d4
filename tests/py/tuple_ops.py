# tuple operations.
t = (1, 2, 3, 2, 1)
print(t, len(t), t[0], t[-1], t[1:3], t[::-1], t.count(2), t.index(3), 2 in t, t + (4,), t * 2, () * 3)
print((), (1,), tuple([1, 2]), tuple("ab"), tuple(range(3)), (1, 2) < (1, 3), (1, 2) == (1, 2), (2,) > (1, 5))
a, b, c = (1, 2, 3); print(a, b, c)
(x, y), z = (4, 5), 6; print(x, y, z)
print(hash((1, 2)) == hash((1, 2)), hash((1, 2)) == hash((2, 1)), {(1, 2): "pair"}[(1, 2)])
try:
    t[0] = 5
except TypeError as e:
    print("TypeError:", e)
try:
    t.index(9)
except ValueError as e:
    print("ValueError:", e)
try:
    hash((1, [2]))
except TypeError as e:
    print("TypeError:", e)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], repr(((),)), str((1, "a", None, 2.5)))
print(max((1, 9), (2, 0)), min([(3, "b"), (3, "a")]), sorted([(2, "x"), (1, "y")]))
