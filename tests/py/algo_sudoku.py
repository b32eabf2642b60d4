# A backtracking sudoku solver with constraint sets.
puzzle = """
53..7....
6..195...
.98....6.
8...6...3
4..8.3..1
7...2...6
.6....28.
...419..5
....8..79
""".split()
grid = [[int(c) if c != "." else 0 for c in row] for row in puzzle]
rows = [set(r) - {0} for r in grid]
cols = [set(grid[r][c] for r in range(9)) - {0} for c in range(9)]
boxes = [set() for _ in range(9)]
empties = []
for r in range(9):
    for c in range(9):
        if grid[r][c]:
            boxes[r // 3 * 3 + c // 3].add(grid[r][c])
        else:
            empties.append((r, c))
steps = 0
def solve(k=0):
    global steps
    if k == len(empties):
        return True
    r, c = empties[k]
    b = r // 3 * 3 + c // 3
    for v in range(1, 10):
        if v not in rows[r] and v not in cols[c] and v not in boxes[b]:
            steps += 1
            grid[r][c] = v
            rows[r].add(v); cols[c].add(v); boxes[b].add(v)
            if solve(k + 1):
                return True
            rows[r].discard(v); cols[c].discard(v); boxes[b].discard(v)
    grid[r][c] = 0
    return False
print(solve(), steps)
for r, row in enumerate(grid):
    if r and r % 3 == 0:
        print("------+-------+------")
    print(" | ".join(" ".join(map(str, row[i:i + 3])) for i in (0, 3, 6)))
print(all(sorted(row) == list(range(1, 10)) for row in grid), all(len(set(col)) == 9 for col in zip(*grid)))
