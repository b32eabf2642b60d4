# Generator benchmark: pipelines of generators and generator expressions.
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1
def evens(src):
    for x in src:
        if x % 2 == 0:
            yield x
def squares(src):
    for x in src:
        yield x * x
def take_window(src, k):
    buf = []
    for x in src:
        buf.append(x)
        if len(buf) == k:
            yield sum(buf)
            buf = []
total = sum(take_window(squares(evens(numbers(2000000))), 10))
gen_sum = sum(x % 7 for x in range(1500000) if x % 3)
def tree(depth):
    if depth == 0:
        yield 1
        return
    yield from tree(depth - 1)
    yield depth
    yield from tree(depth - 1)
print("generators checksum", total % 1000000007, gen_sum, sum(tree(18)))
