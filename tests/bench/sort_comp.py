# Sorting and comprehension benchmark.
seed = 7
data = []
for _ in range(200000):
    seed = (seed * 69069 + 1) & 0xFFFFFFFF
    data.append(seed >> 8)
s1 = sorted(data)
s2 = sorted(data, key=lambda v: (v % 1000, v))
pairs = sorted([(v & 255, v >> 16) for v in data], reverse=True)
squares = [v * v % 9973 for v in data if v & 1]
table = {v % 5000: v for v in data}
nested = [[i * j for j in range(60)] for i in range(600)]
uniq = sorted({v % 65536 for v in data})
print("sort_comp checksum", s1[1000], s2[1000], pairs[500], sum(squares), len(table), sum(map(sum, nested)), len(uniq))
