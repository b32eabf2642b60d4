# slice objects and custom __getitem__ receiving slices.
s = slice(1, 10, 3)
print(s, repr(s), s.start, s.stop, s.step, slice(5).stop, slice(None).start)
print(s.indices(5), s.indices(100), slice(-3, None).indices(10), slice(None, None, -1).indices(4), slice(10, -10, -2).indices(6))
data = list(range(20))
print(data[s], "abcdefghijkl"[s], tuple(range(12))[s], data[slice(None, None, 5)])
class Recorder:
    def __getitem__(self, k):
        return k
r = Recorder()
print(r[1], r[1:2], r[::2], r[1:2, 3], r[...], r[:, None], r["key"], r[-1:])
print(slice(1, 2) == slice(1, 2), slice(1, 2) != slice(1, 3))
try:
    hash(slice(1, 2))
    print("hashable slice")
except TypeError as e:
    print("TypeError:", e)
try:
    slice(1, 2, 0).indices(5)
except ValueError as e:
    print("ValueError:", e)
