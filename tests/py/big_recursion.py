# Deep recursion close to the default limit, and many short recursive calls.
def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1
print(depth(900))
def sum_list(lst, i=0):
    return 0 if i == len(lst) else lst[i] + sum_list(lst, i + 1)
print(sum_list(list(range(800))))
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(22))
def build(n):
    return None if n == 0 else (n, build(n - 1))
t = build(900)
count = 0
while t:
    count += t[0]
    t = t[1]
print(count)
def gen_depth(n):
    if n:
        yield from gen_depth(n - 1)
    yield n
print(sum(gen_depth(400)))
