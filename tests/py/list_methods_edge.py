# Edge cases of list methods.
a = [1, 2, 3]
a.insert(-10, 0); a.insert(-1, 2.5); a.insert(100, 4)
print(a)
a.extend(a)
print(a, len(a))
print(a.index(2, 3), a.index(3, -4, -1), a.count(2.5))
try:
    a.index(1, 3, 5)
except ValueError as e:
    print("ValueError:", e)
b = [3, 1, 2]
b.sort(key=None, reverse=False)
print(b, b.pop(-1), b.pop(0), b)
c = []
c += "abc"
c *= 2
print(c, c.count("a"))
c[1:5] = []
print(c)
nan = float("nan")
d = [nan, 1]
print(nan in d, d.count(nan), d.index(nan))
e = [1, 2, 3, 4, 5, 6]
e[::2] = e[1::2]
print(e)
print([0] * -3, [[1]] * 2, list(range(5))[-2:-10:-1], [1, 2, 3][:-1:2])
f = [1, 2]
f.extend(iter([3, 4]))
f.extend(range(2))
f.extend((x for x in "z"))
print(f)
g = list(range(10))
g.remove(5); g.reverse(); del g[::3]
print(g)
