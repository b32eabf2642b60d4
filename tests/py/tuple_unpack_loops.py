# Tuple unpacking in for loops, comprehensions, and swaps.
pairs = [(1, "one"), (2, "two"), (3, "three")]
for n, name in pairs:
    print(n, name, end="; ")
print()
for i, (n, name) in enumerate(pairs):
    print(i, n, name[::-1])
for (a, b), c in [((1, 2), 3), ((4, 5), 6)]:
    print(a + b + c)
print({name: n for n, name in pairs}, [n * len(s) for n, s in pairs])
a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
lst = [5, 6, 7]
lst[0], lst[2] = lst[2], lst[0]
print(lst)
for k, v in sorted({"x": 1, "y": 2}.items(), reverse=True):
    print(k, v)
for first, *rest in ["abc", "de", "f"]:
    print(first, rest)
matrix = [(1, 2, 3), (4, 5, 6)]
for x, y, z in matrix:
    print(x * y * z)
print([(y, x) for x, y in zip("ab", "cd")], dict((v, k) for k, v in enumerate("xyz")))
