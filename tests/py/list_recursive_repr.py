# Self-referencing containers print with ellipses.
a = [1, 2]
a.append(a)
print(a, len(a), a[2] is a)
d = {"k": 1}
d["self"] = d
print(d)
b = [a, [a]]
print(b)
t = ([],)
t[0].append(t)
print(t)
class Node:
    def __init__(self):
        self.children = []
    def __repr__(self):
        return "Node(%r)" % (self.children,)
n = Node()
n.children.append(n)
try:
    print(n)
except RecursionError:
    print("RecursionError in repr")
