# Abandoned generators still run their finally blocks and with-exits.
# CPython does it the moment the last reference goes; threadlab's tracing
# collector does it after a collection, so this test only looks after
# gc.collect() (which runs pending finalizers) and at program exit.
import gc

log = []


def gen(tag):
    try:
        yield 1
        yield 2
    finally:
        log.append("finally " + tag)


class CM:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        log.append("exit " + a[0].__name__)
        return False


def with_gen():
    with CM():
        yield "a"
        yield "b"


def outer():
    try:
        yield from gen("inner")
    finally:
        log.append("finally outer")


for v in gen("loop"):
    break
for v in with_gen():
    break
it = outer()
next(it)
del it
g = gen("unstarted")          # never started: nothing to run
del g
g = gen("done")
list(g)
del g


def plain():
    yield 1
    yield 2


for v in plain():
    break
gc.collect()
print(sorted(log))
log.clear()
for i in range(2000):         # many abandoned generators do not pile up
    for v in gen(str(i)):
        break
gc.collect()
print(len(log), len(set(log)))


def at_exit():
    try:
        yield 1
    finally:
        print("cleanup of a generator abandoned at the end")


for v in at_exit():
    break
