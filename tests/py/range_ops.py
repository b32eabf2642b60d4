# range objects.
for r in (range(5), range(2, 10), range(10, 0, -3), range(0, 10, 4), range(-5, 5, 2), range(0), range(5, 0)):
    print(r, list(r), len(r), r[0] if len(r) else None, r[-1] if len(r) else None, 3 in r, r[::-1], r[1:3])
r = range(0, 100, 7)
print(r.index(21), r.count(14), r.start, r.stop, r.step, r == range(0, 99, 7), range(0) == range(5, 1))
print(range(10 ** 20)[10 ** 19], 10 ** 19 in range(10 ** 20))
try:
    range(0, 5, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    range(5)[5]
except IndexError as e:
    print("IndexError:", e)
print(list(range(3, -3, -1)), sum(range(101)), reversed(range(3)).__class__.__name__, list(reversed(range(1, 8, 2))))
