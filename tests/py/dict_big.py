# A dict with 100k int keys and 20k string keys.
d = {}
for i in range(100000):
    d[i * 7] = i
print(len(d), d[7 * 99999], sum(d.values()) == sum(range(100000)), 14 in d, 15 in d)
for i in range(0, 100000, 2):
    del d[i * 7]
print(len(d), list(d)[:5], list(d)[-3:])
s = {}
for i in range(20000):
    s["key%d" % i] = i * i
print(len(s), s["key12345"], "key20000" in s, list(s)[100:103])
total = 0
for k in s:
    total += s[k]
print(total)
