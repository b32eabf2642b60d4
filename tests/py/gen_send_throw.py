# Generator send/throw/close and yield from with return value.
def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
            print("got", x)
    except GeneratorExit:
        print("closing with", received)
    finally:
        print("echo finally")
e = echo()
print(e.send(None))
print(e.send("a"))
print(e.send("b"))
e.close()
e.close()
try:
    e.send("late")
except StopIteration:
    print("send after close -> StopIteration")
def catcher():
    while True:
        try:
            yield "ready"
        except ValueError as err:
            print("caught in gen:", err)
            yield "recovered"
c = catcher()
print(next(c))
print(c.throw(ValueError("boom")))
print(next(c))
try:
    c.throw(KeyError("unhandled"))
except KeyError as err:
    print("propagated", repr(err))
print(next(c, "exhausted"))
try:
    echo().send(5)
except TypeError as err:
    print("TypeError:", err)
def sub(n):
    for i in range(n):
        got = yield i
        if got:
            print("sub got", got)
    return "sub-done-%d" % n
def delegator():
    r1 = yield from sub(2)
    print("r1 =", r1)
    r2 = yield from sub(3)
    print("r2 =", r2)
    yield from [10, 20]
    return r1 + "|" + r2
d = delegator()
print(next(d), d.send("hello"), next(d))
print(list(d))
def outer():
    try:
        yield from inner()
    except ValueError:
        yield "outer handled"
def inner():
    yield "inner1"
    yield "inner2"
o = outer()
print(next(o), o.throw(ValueError), next(o, None))
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2
s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as err:
    print("RuntimeError:", err)
def closing_inner():
    try:
        yield 1
    finally:
        print("inner closed")
def closing_outer():
    yield from closing_inner()
co = closing_outer()
next(co)
co.close()
print("after close")
