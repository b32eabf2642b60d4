# sorted/list.sort stability with reverse, key errors, and sorting heterogeneous tuples.
data = [("b", 2), ("a", 2), ("c", 1), ("d", 3), ("e", 1), ("f", 2)]
print(sorted(data, key=lambda t: t[1]))
print(sorted(data, key=lambda t: t[1], reverse=True))
print(sorted(sorted(data, key=lambda t: t[0], reverse=True), key=lambda t: t[1]))
lst = [3, 1, 2]
print(lst.sort(), lst, sorted(lst) is lst, sorted(lst) == lst)
def bad_key(v):
    if v == 2:
        raise ValueError("bad key for 2")
    return v
try:
    sorted([3, 2, 1], key=bad_key)
except ValueError as e:
    print("ValueError:", e)
mixed = [(1, "b"), (1, "a"), (0, "z"), (1, "a", 0)]
print(sorted(mixed), sorted(mixed, reverse=True))
print(sorted([-1, 1, -2, 2, 0], key=abs), sorted([-1, 1, -2, 2, 0], key=abs, reverse=True))
print(sorted("The quick Brown fox".split(), key=str.casefold), sorted(["", "a", "", "b"]))
