# Tic-tac-toe minimax: perfect play ends in a draw; analysis of some positions.
LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]
def winner(b):
    for a, c, d in LINES:
        if b[a] != "." and b[a] == b[c] == b[d]:
            return b[a]
    return None
memo = {}
def minimax(b, player):
    key = (b, player)
    if key in memo:
        return memo[key]
    w = winner(b)
    if w:
        res = (1 if w == "X" else -1, None)
    elif "." not in b:
        res = (0, None)
    else:
        best = None
        for i in range(9):
            if b[i] == ".":
                nb = b[:i] + player + b[i + 1:]
                score, _ = minimax(nb, "O" if player == "X" else "X")
                if best is None or (player == "X" and score > best[0]) or (player == "O" and score < best[0]):
                    best = (score, i)
        res = best
    memo[key] = res
    return res
board = "........."
player = "X"
while not winner(board) and "." in board:
    score, move = minimax(board, player)
    board = board[:move] + player + board[move + 1:]
    player = "O" if player == "X" else "X"
for r in range(3):
    print(board[3 * r:3 * r + 3])
print("winner:", winner(board), "positions evaluated:", len(memo))
for pos in ("XX.OO....", "X.O.X.O..", "XOX.O....", "O...X...."):
    for p in ("X", "O"):
        print(pos, p, minimax(pos, p))
