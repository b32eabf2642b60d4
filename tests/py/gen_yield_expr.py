# yield as an expression in various positions.
def g():
    x = yield 1
    print("x =", x)
    y = (yield x) + 10 if x else 0
    print("y =", y)
    z = [(yield "list item")]
    print("z =", z)
    return "end"
gen = g()
print(next(gen))
print(gen.send(5))
print(gen.send(7))
try:
    gen.send("last")
except StopIteration as e:
    print("stop", e.value)
def acc():
    total = 0
    while True:
        total += (yield total) or 0
a = acc()
print([a.send(v) for v in (None, 1, 2, 3, None, 10)])
def lambda_gen():
    f = lambda: (yield)
    return type(f()).__name__
print(lambda_gen())
def yield_in_call():
    print("value", (yield "first"), (yield "second"))
yc = yield_in_call()
print(next(yc), yc.send("A"))
try:
    yc.send("B")
except StopIteration:
    print("finished")
