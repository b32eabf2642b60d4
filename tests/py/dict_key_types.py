# Dicts with keys of mixed types, None keys, tuple keys and nested tuple keys.
d = {None: "none", 0: "zero", "0": "string zero", (0,): "tuple zero", 1.5: "float", (1, (2, 3)): "nested",
     False: "false overwrites zero", frozenset([1]): "fs", b"0": "bytes zero", -1: "minus one"}
for k, v in d.items():
    print(repr(k), "->", v)
print(len(d), d[0], d[None], d[(1, (2, 3))], d.get((0,)), d[b"0"], 0 in d, False in d, 0.0 in d)
coords = {}
for x in range(3):
    for y in range(3):
        coords[x, y] = x * 3 + y
print(coords[2, 1], coords[(0, 2)], list(coords)[:4], sum(coords.values()))
