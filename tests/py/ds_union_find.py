# Union-find with path compression, Kruskal's MST and topological sort.
class DSU:
    def __init__(self, n):
        self.parent = list(range(n))
        self.rank = [0] * n
    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x
    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.rank[ra] < self.rank[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if self.rank[ra] == self.rank[rb]:
            self.rank[ra] += 1
        return True
edges = []
for i in range(12):
    for j in range(i + 1, 12):
        w = (i * 7 + j * 13) % 23 + 1
        edges.append((w, i, j))
edges.sort()
d = DSU(12)
mst = [(a, b, w) for w, a, b in edges if d.union(a, b)]
print(len(mst), sum(w for _, _, w in mst), mst)
print(len({d.find(i) for i in range(12)}))
deps = {"app": ["lib", "utils"], "lib": ["core"], "utils": ["core", "fmt"], "core": [], "fmt": [], "tests": ["app"]}
order, state = [], {}
def visit(n):
    if state.get(n) == "done":
        return
    if state.get(n) == "active":
        raise ValueError("cycle at " + n)
    state[n] = "active"
    for m in deps[n]:
        visit(m)
    state[n] = "done"
    order.append(n)
for n in sorted(deps):
    visit(n)
print(order)
deps["core"] = ["tests"]
state.clear(); order.clear()
try:
    for n in sorted(deps):
        visit(n)
except ValueError as e:
    print("ValueError:", e)
