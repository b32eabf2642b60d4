# List slicing, slice assignment and deletion, including extended slices.
a = list(range(10))
print(a[2:5], a[::2], a[::-1], a[-3:], a[7:2:-2], a[100:], a[:-100])
b = a[:]
b[2:5] = ["x", "y"]; print(b)
b[1:1] = [7, 7, 7]; print(b)
b[:] = [0, 1, 2]; print(b)
b[len(b):] = [3, 4]; print(b)
b[::2] = ["e", "e", "e"]; print(b)
b[-1:0:-2] = ["r", "r"]; print(b)
try:
    b[::2] = [1]
except ValueError as e:
    print("ValueError:", e)
c = list(range(20))
del c[::3]; print(c)
del c[2:4]; print(c)
del c[-1]; print(c)
del c[::-2]; print(c)
del c[:]; print(c)
d = list(range(6))
d[1:3] = range(5); print(d)
d[3:1] = "ab"; print(d)
d[-100:2] = []; print(d)
try:
    d[100]
except IndexError as e:
    print("IndexError:", e)
try:
    d[100] = 1
except IndexError as e:
    print("IndexError:", e)
e = [1, 2, 3]
e[1:2] = e; print(e)
s = slice(1, 8, 2)
print(s, s.start, s.stop, s.step, a[s], slice(3), slice(None, None, -1).indices(10), s.indices(5))
print(a[slice(-2, None)], a[slice(None, None, -3)])
