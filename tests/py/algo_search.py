# Binary search, BFS on a grid, and DFS path finding.
def bsearch(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo
a = list(range(0, 200, 3))
print([bsearch(a, x) for x in (-5, 0, 1, 3, 100, 198, 199, 500)])
maze = """
##########
#S.....#.#
#.##.#.#.#
#.#..#...#
#.#.####.#
#...#...E#
##########
""".strip().split("\n")
start = end = None
for r, row in enumerate(maze):
    for c, ch in enumerate(row):
        if ch == "S":
            start = (r, c)
        elif ch == "E":
            end = (r, c)
from collections import deque
q = deque([start])
prev = {start: None}
while q:
    cur = q.popleft()
    if cur == end:
        break
    r, c = cur
    for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
        nxt = (r + dr, c + dc)
        if maze[nxt[0]][nxt[1]] != "#" and nxt not in prev:
            prev[nxt] = cur
            q.append(nxt)
path = []
node = end
while node:
    path.append(node)
    node = prev[node]
path.reverse()
print(len(path) - 1, path)
grid = [list(row) for row in maze]
for r, c in path[1:-1]:
    grid[r][c] = "*"
print("\n".join("".join(row) for row in grid))
graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
def all_paths(g, s, t, seen=()):
    if s == t:
        return [[t]]
    out = []
    for n in g[s]:
        if n not in seen:
            for p in all_paths(g, n, t, seen + (s,)):
                out.append([s] + p)
    return out
print(all_paths(graph, "a", "f"))
