# Dict ordering under deletes and reinsertions, equality and comparisons.
d = {}
for k in "qwertyuiop":
    d[k] = ord(k)
for k in "ety":
    del d[k]
d["e"] = 0
d["q"] = -1
print(list(d), list(d.values()))
print(d == dict(sorted(d.items())), list(dict(sorted(d.items()))))
try:
    {} < {}
except TypeError as e:
    print("TypeError:", e)
big = {i: i for i in range(1000)}
for i in range(0, 1000, 3):
    del big[i]
for i in range(0, 1000, 3):
    big[i] = -i
print(list(big)[:10], list(big)[-5:], len(big))
print({1: 2}.keys() == {1}, {1: 2}.items() == {(1, 2)}, {"a": [1]} == {"a": [1]}, {1: 1} != {1: 2})
nested = {"outer": {"inner": {"deep": [1, {"x": None}]}}}
print(nested["outer"]["inner"]["deep"][1]["x"], nested)
print(dict(zip("abc", range(3))), dict(enumerate("xy")), {**{"a": 1}, **{"a": 2}})
m = dict.fromkeys(range(5), 0)
for i in range(5):
    m[i] += i * i
print(m, sum(m.values()), max(m, key=m.get), sorted(m, key=m.get, reverse=True))
print(list(reversed({"a": 1, "b": 2})), len(dict()), dict(a=1) | dict(b=2))
