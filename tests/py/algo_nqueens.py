# N-queens via backtracking, with board printing.
def solve(n):
    sols = []
    cols = [0] * n
    def place(row, used, d1, d2):
        if row == n:
            sols.append(cols[:])
            return
        for c in range(n):
            if c not in used and (row + c) not in d1 and (row - c) not in d2:
                cols[row] = c
                place(row + 1, used | {c}, d1 | {row + c}, d2 | {row - c})
    place(0, frozenset(), frozenset(), frozenset())
    return sols
for n in range(1, 9):
    print(n, len(solve(n)))
first = solve(6)[0]
for c in first:
    print("".join("Q" if i == c else "." for i in range(6)))
