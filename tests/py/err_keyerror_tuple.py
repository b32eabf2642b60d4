# KeyError with tuple key and the repr in the message.
grid = {(0, 0): "origin"}
print(grid[0, 0])
print(grid[1, 2])
