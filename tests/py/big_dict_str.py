# Dict with 100k keys built from strings, and a big string join.
d = {}
for i in range(100000):
    d[str(i)] = i
print(len(d), d["99999"], d["0"], "100000" in d)
total = 0
for k, v in d.items():
    if k.endswith("7"):
        total += v
print(total)
keys = [k for k in d if len(k) == 3]
print(len(keys), keys[:3], keys[-3:])
s = ",".join(d)
print(len(s), s[:20], s[-20:], s.count(","))
parts = s.split(",")
print(len(parts), parts[12345])
rev = {v: k for k, v in d.items()}
print(len(rev), rev[54321])
