# Set workloads with 100k ints.
a = set(range(0, 100000, 2))
b = set(range(0, 100000, 3))
print(len(a), len(b), len(a & b), len(a | b), len(a - b), len(a ^ b))
print(sum(a & b) % 1000003, min(a - b), max(b - a))
c = {x * x % 65537 for x in range(100000)}
print(len(c), sorted(c)[:10])
seen = set()
dups = 0
for i in range(100000):
    v = (i * 7919) % 50021
    if v in seen:
        dups += 1
    seen.add(v)
print(dups, len(seen))
seen -= set(range(25000))
print(len(seen))
