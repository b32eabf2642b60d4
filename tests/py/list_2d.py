# 2-D lists: spiral order, rotation, transpose, Pascal's triangle, flood fill.
def spiral(m):
    out = []
    while m:
        out += m.pop(0)
        m = [list(r) for r in zip(*m)][::-1]
    return out
grid = [[r * 5 + c for c in range(5)] for r in range(4)]
print(spiral([row[:] for row in grid]))
print([list(r) for r in zip(*grid[::-1])])
print([list(r) for r in zip(*grid)])
tri = [[1]]
for _ in range(12):
    prev = tri[-1]
    tri.append([1] + [a + b for a, b in zip(prev, prev[1:])] + [1])
for row in tri[:8]:
    print(" ".join(map(str, row)).center(40))
print(tri[-1], sum(tri[-1]))
img = [list(s) for s in ["..##....", ".#..#...", ".#...#..", "..###...", "........"]]
def fill(r, c, new):
    old = img[r][c]
    stack = [(r, c)]
    while stack:
        y, x = stack.pop()
        if 0 <= y < len(img) and 0 <= x < len(img[0]) and img[y][x] == old:
            img[y][x] = new
            stack.extend([(y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)])
fill(2, 3, "o")
fill(0, 0, "~")
print("\n".join("".join(r) for r in img))
