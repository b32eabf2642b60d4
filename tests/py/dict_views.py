# dict views are live and support set operations.
d = {"a": 1, "b": 2, "c": 3}
k, v, it = d.keys(), d.values(), d.items()
d["d"] = 4
print(list(k), list(v), list(it), len(k), "a" in k, 2 in v, ("b", 2) in it, ("b", 3) in it)
print(sorted(k & {"a", "z"}), sorted(k | {"z"}), sorted(k - {"a"}), sorted(k ^ {"a", "q"}))
print(sorted(it & {("a", 1), ("x", 0)}))
del d["a"]
print(list(k), list(reversed(d)), list(reversed(d.values())))
try:
    for key in d:
        d[key + "x"] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
print(d)
print(type(k).__name__, type(v).__name__, type(it).__name__)
for key, val in sorted(d.items(), key=lambda kv: kv[1]):
    print(key, val)
