# Exceptions crossing generator boundaries.
def producer():
    yield 1
    raise ValueError("producer failed")
def consumer():
    try:
        for v in producer():
            print("consumed", v)
    except ValueError as e:
        print("consumer caught:", e)
    return "consumer done"
print(consumer())
def gen_finally():
    try:
        yield "a"
        yield "b"
    finally:
        print("generator cleanup")
g = gen_finally()
print(next(g))
g.close()
print("after close")
def raises_on_close():
    try:
        yield 1
    finally:
        raise RuntimeError("cleanup failed")
r = raises_on_close()
next(r)
try:
    r.close()
except RuntimeError as e:
    print("RuntimeError:", e)
def exhausted():
    return
    yield
print(list(exhausted()), next(exhausted(), "empty"))
def stop_in_comprehension(it):
    return [x for x in it]
print(stop_in_comprehension(iter([1, 2])))
