# 100k-element list workloads.
n = 100000
a = list(range(n))
print(len(a), sum(a), a[-1], a[n // 2])
b = [x * x % 1000 for x in a]
print(sum(b), max(b), min(b), b.count(0), b.index(1))
b.sort()
print(b[:5], b[-5:], b[n // 2])
c = a[::-1]
print(c[:3], c[-3:], c == sorted(a, reverse=True))
del c[::2]
print(len(c), c[:3])
d = []
for i in range(n):
    d.append(i ^ (i >> 3))
print(sum(d), len(set(d)))
e = [0] * n
for i in range(0, n, 7):
    e[i] = 1
print(sum(e), e.count(1))
while len(d) > 50000:
    d.pop()
print(len(d), d[-1])
f = list(map(str, range(1000)))
print(len("".join(f)), "".join(f)[-10:])
