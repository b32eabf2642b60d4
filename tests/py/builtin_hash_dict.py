# Objects equal by value are interchangeable as dict keys and set members.
d = {}
d[1] = "int"
d[1.0] = "float overwrote"
d[True] = "bool overwrote"
print(d, len(d))
d["ab"] = 1
d["a" + "b"] += 1
d[("t", 1)] = 1
d[("t",) + (1,)] += 1
d[frozenset([1, 2])] = 1
d[frozenset([2, 1])] += 1
d[2 ** 70] = 1
d[2 ** 69 * 2] += 1
print(sorted((repr(k), v) for k, v in d.items()))
s = {0, 0.0, -0.0, False, 10 ** 20, float(10 ** 20)}
print(len(s))
print({(1, 2), (1, 2), (2, 1)} == {(2, 1), (1, 2)})
words = "the cat and the hat and the bat".split()
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items()), sorted(counts, key=lambda w: (-counts[w], w)))
