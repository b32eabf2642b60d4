# Dijkstra with a hand-written binary heap.
class Heap:
    def __init__(self):
        self.a = []
    def push(self, item):
        a = self.a
        a.append(item)
        i = len(a) - 1
        while i and a[(i - 1) // 2] > a[i]:
            a[(i - 1) // 2], a[i] = a[i], a[(i - 1) // 2]
            i = (i - 1) // 2
    def pop(self):
        a = self.a
        top = a[0]
        last = a.pop()
        if a:
            a[0] = last
            i = 0
            while True:
                l, r, s = 2 * i + 1, 2 * i + 2, i
                if l < len(a) and a[l] < a[s]:
                    s = l
                if r < len(a) and a[r] < a[s]:
                    s = r
                if s == i:
                    break
                a[i], a[s] = a[s], a[i]
                i = s
        return top
    def __len__(self):
        return len(self.a)
h = Heap()
for x in [5, 3, 9, 1, 7, 3, 8, 2]:
    h.push(x)
print([h.pop() for _ in range(len(h))])
N = 30
graph = {i: [] for i in range(N)}
for i in range(N):
    for k in (1, 3, 7):
        j = (i * k + 5) % N
        if j != i:
            graph[i].append((j, (i * 31 + j * 17) % 19 + 1))
def dijkstra(src):
    dist = {src: 0}
    prev = {}
    pq = Heap()
    pq.push((0, src))
    while len(pq):
        d, u = pq.pop()
        if d > dist.get(u, float("inf")):
            continue
        for v, w in graph[u]:
            nd = d + w
            if nd < dist.get(v, float("inf")):
                dist[v] = nd
                prev[v] = u
                pq.push((nd, v))
    return dist, prev
dist, prev = dijkstra(0)
print(sorted(dist.items()))
node, path = 29, []
while node in prev or node == 0:
    path.append(node)
    if node == 0:
        break
    node = prev[node]
print(path[::-1], dist.get(29))
