# Sorting 100k items with keys, stability over big inputs.
n = 100000
data = [(i * 2654435761) % 1000003 for i in range(n)]
s = sorted(data)
print(s[:5], s[-5:], all(s[i] <= s[i + 1] for i in range(0, n - 1, 97)))
pairs = [(v % 100, i) for i, v in enumerate(data)]
pairs.sort(key=lambda p: p[0])
print(pairs[:5], pairs[-3:])
strs = [str(v) for v in data[:30000]]
strs.sort()
print(strs[:5], strs[-3:])
data.sort(reverse=True)
print(data[:3], data[-3:])
print(sorted(range(20), key=lambda v: (v % 3, -v)))
