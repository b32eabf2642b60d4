# list methods.
a = [3, 1, 4, 1, 5, 9, 2, 6]
a.append(5); print(a)
a.extend([8, 9]); print(a)
a.insert(0, 100); print(a)
a.insert(-1, 200); print(a)
a.insert(1000, 300); print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1); print(a)
print(a.index(5), a.index(5, 4), a.count(1), a.count(9), a.count(42))
a.reverse(); print(a)
b = a.copy(); b.clear(); print(a, b)
a.sort(); print(a)
a.sort(reverse=True); print(a)
try:
    a.remove(42)
except ValueError as e:
    print("ValueError:", e)
try:
    a.index(42)
except ValueError as e:
    print("ValueError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1].pop(5)
except IndexError as e:
    print("IndexError:", e)
print([1, 2] + [3], [0] * 5, [1, 2] * 0, 2 * [[]], [1, 2, 3] == [1, 2, 3], [1, 2] < [1, 3], [1, 2] < [1, 2, 0])
x = [1, 2]
x += (3, 4)
x *= 2
print(x, len(x), 3 in x, 7 not in x, list(range(3)), list("ab"), list((1, 2)), list({5: 6}))
print(sum([1, 2, 3]), min([4, 2, 8]), max([4, 2, 8]), sorted([3, 1, 2]), list(reversed([1, 2, 3])))
