# Nested dicts: deep merge, flattening with dotted keys, and grouping.
def merge(a, b):
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out
base = {"db": {"host": "localhost", "port": 5432, "opts": {"ssl": False}}, "debug": False, "name": "app"}
override = {"db": {"port": 6543, "opts": {"ssl": True, "timeout": 30}}, "debug": True, "extra": [1, 2]}
merged = merge(base, override)
print(merged)
def flatten(d, prefix=""):
    for k, v in d.items():
        key = prefix + k
        if isinstance(v, dict):
            yield from flatten(v, key + ".")
        else:
            yield key, v
print(dict(flatten(merged)))
def unflatten(flat):
    out = {}
    for key, v in flat.items():
        node = out
        *path, last = key.split(".")
        for p in path:
            node = node.setdefault(p, {})
        node[last] = v
    return out
print(unflatten(dict(flatten(merged))) == merged)
records = [("fruit", "apple", 3), ("veg", "kale", 1), ("fruit", "pear", 5), ("veg", "leek", 2), ("grain", "rice", 9)]
tree = {}
for cat, name, qty in records:
    tree.setdefault(cat, {})[name] = qty
print(tree, {c: sum(v.values()) for c, v in tree.items()})
