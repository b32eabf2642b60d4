# Conway's game of life on a small torus.
W, H = 20, 12
cells = {(1, 0), (2, 1), (0, 2), (1, 2), (2, 2), (10, 5), (11, 5), (12, 5), (15, 8), (16, 8), (15, 9), (16, 9)}
def step(live):
    counts = {}
    for x, y in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    p = ((x + dx) % W, (y + dy) % H)
                    counts[p] = counts.get(p, 0) + 1
    return {p for p, n in counts.items() if n == 3 or (n == 2 and p in live)}
def show(live):
    return "\n".join("".join("#" if (x, y) in live else "." for x in range(W)) for y in range(H))
for gen in range(30):
    if gen % 10 == 0:
        print("generation", gen, "population", len(cells))
        print(show(cells))
    cells = step(cells)
print("final", len(cells), sorted(cells)[:6])
