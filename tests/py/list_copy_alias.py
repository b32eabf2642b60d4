# Aliasing, shallow copies and nested mutation.
a = [[1, 2], [3, 4]]
b = a
c = a[:]
d = list(a)
e = a.copy()
a.append([5])
a[0].append(99)
print(a, b, c, d, e)
print(a is b, a is c, a[0] is c[0], c == d == e)
grid = [[0] * 3] * 3
grid[0][0] = 1
print(grid)
grid2 = [[0] * 3 for _ in range(3)]
grid2[0][0] = 1
print(grid2)
def mutate(lst):
    lst.append("m")
    lst = ["rebound"]
    return lst
orig = [1]
print(mutate(orig), orig)
t = (1, [2])
t[1].append(3)
print(t)
x = y = 5
x += 1
print(x, y)
l1 = l2 = [1]
l1 += [2]
print(l1, l2, l1 is l2)
l1 = l1 + [3]
print(l1, l2, l1 is l2)
deep = [list(row) for row in a]
deep[0].append("deep")
shallow = list(a)
shallow.append("shallow")
print(a, deep, shallow)
