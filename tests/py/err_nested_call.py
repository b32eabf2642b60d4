# Exception from a nested call in an expression with carets.
def inner(x):
    return 100 // x
def outer(values):
    return [inner(v) for v in values]
print(outer([1, 2, 5]))
print(outer([4, 0]))
