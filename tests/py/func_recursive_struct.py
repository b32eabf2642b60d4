# Recursive functions over nested structures: depth, sum, deep copy, pretty print.
data = {"a": [1, 2, {"b": (3, 4, [5])}], "c": {"d": {"e": {"f": 6}}}, "g": "text"}
def depth(x):
    if isinstance(x, dict):
        return 1 + max((depth(v) for v in x.values()), default=0)
    if isinstance(x, (list, tuple)):
        return 1 + max((depth(v) for v in x), default=0)
    return 0
def total(x):
    if isinstance(x, dict):
        return sum(total(v) for v in x.values())
    if isinstance(x, (list, tuple)):
        return sum(total(v) for v in x)
    return x if isinstance(x, int) else 0
def clone(x):
    if isinstance(x, dict):
        return {k: clone(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clone(v) for v in x]
    if isinstance(x, tuple):
        return tuple(clone(v) for v in x)
    return x
def pretty(x, indent=0):
    pad = "  " * indent
    if isinstance(x, dict):
        for k, v in x.items():
            if isinstance(v, (dict, list, tuple)):
                print(pad + str(k) + ":")
                pretty(v, indent + 1)
            else:
                print(pad + str(k) + ": " + repr(v))
    elif isinstance(x, (list, tuple)):
        for v in x:
            if isinstance(v, (dict, list, tuple)):
                print(pad + "-")
                pretty(v, indent + 1)
            else:
                print(pad + "- " + repr(v))
print(depth(data), total(data))
c = clone(data)
c["a"][2]["b"][2].append(99)
print(data["a"][2]["b"], c["a"][2]["b"], c == data)
pretty(data)
