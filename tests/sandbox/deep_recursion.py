# expect reason: exited
# expect status: 1
# expect stderr contains: RecursionError
# Unbounded recursion: a RecursionError, never a crash of the process.
def down(n):
    return down(n + 1)

down(0)
