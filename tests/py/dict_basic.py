# dict basics and insertion order.
d = {"b": 1, "a": 2}
d["c"] = 3
d["b"] = 10
print(d, len(d), d["a"], "a" in d, "z" in d, list(d), list(d.keys()), list(d.values()), list(d.items()))
del d["a"]
d["a"] = 99
print(d)
print(d.get("zz"), d.get("zz", 0), d.get("b"), d.pop("b"), d.pop("q", "default"), d)
print(d.setdefault("n", []), d.setdefault("c", 5), d)
d.update({"x": 1}, y=2)
d.update([("z", 3)])
print(d)
print(d.popitem(), d)
try:
    d["missing"]
except KeyError as e:
    print("KeyError:", e)
try:
    d.pop("missing")
except KeyError as e:
    print("KeyError:", e)
try:
    {}.popitem()
except KeyError as e:
    print("KeyError:", e)
print(dict(a=1, b=2), dict([(1, 2), (3, 4)]), dict({"k": "v"}, k2="v2"), dict.fromkeys("abc", 0), dict.fromkeys([1, 2]))
e = d.copy(); e.clear(); print(e, d == d.copy(), {1: 2} == {1: 2.0}, {1: 2, 3: 4} == {3: 4, 1: 2})
print({1: "a", 2: "b"} | {2: "B", 3: "C"})
f = {1: 1}
f |= {2: 2}
print(f, {k: v for k, v in zip("xyz", range(3))}, {n: n * n for n in range(6) if n % 2})
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError:", e)
