# The outermost iterable of a generator expression is evaluated immediately.
items = [1, 2, 3]
g = (x * 10 for x in items)
items = [100]
print(list(g))
data = [1, 2, 3]
g2 = (x for x in data)
data.append(4)
print(list(g2))
try:
    g3 = (x for x in 5)
except TypeError as e:
    print("TypeError at creation:", e)
def cond():
    print("condition evaluated")
    return True
g4 = (x for x in range(2) if cond())
print("before iteration")
print(list(g4))
n = 3
g5 = (x * n for x in range(3))
n = 10
print(list(g5))
