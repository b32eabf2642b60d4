# Comprehensions: list/set/dict, nesting, conditions, their own scope.
x = "outer"
lst = [x for x in range(5)]
print(lst, x)
print([i * j for i in range(1, 4) for j in range(1, 4) if i != j])
print([[i * j for j in range(4)] for i in range(3)])
print(sorted({c.lower() for c in "Hello World" if c.isalpha()}))
print({w: len(w) for w in ["apple", "fig", "banana"]})
print({k: v for k, v in [(1, "a"), (2, "b"), (1, "c")]})
print([(a, b) for a in "xy" for b in (1, 2)], [y for x in [[1, 2], [3]] for y in x])
class C:
    base = 10
    vals = [v + 1 for v in range(2)]
    try:
        doubled = [base * v for v in range(3)]
    except NameError as e:
        doubled = "NameError: " + str(e)
print(C.vals, C.doubled)
def f():
    n = 3
    return [n * i for i in range(n)]
print(f())
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([list(row) for row in zip(*matrix)], [matrix[i][i] for i in range(3)], sum(v for row in matrix for v in row))
print([v if v % 2 else -v for v in range(6)], [(lambda q: q * 2)(v) for v in "ab"])
funcs = [lambda: i for i in range(3)]
print([fn() for fn in funcs])
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), [n for n in range(20) if n % 3 == 0 if n % 2 == 0])
