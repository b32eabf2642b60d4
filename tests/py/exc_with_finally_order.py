# Ordering of with-exit, finally and except blocks across functions.
log = []
class CM:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        log.append("enter " + self.name)
        return self
    def __exit__(self, et, ev, tb):
        log.append("exit %s %s" % (self.name, et.__name__ if et else "-"))
        return False
def f():
    try:
        with CM("a"):
            with CM("b"):
                log.append("body")
                raise ValueError("x")
    except ValueError:
        log.append("except")
        return "from except"
    finally:
        log.append("finally")
print(f())
print(log)
log.clear()
def g():
    for i in range(3):
        with CM("loop%d" % i):
            try:
                if i == 1:
                    continue
                log.append("work %d" % i)
            finally:
                log.append("fin %d" % i)
    return "done"
print(g(), log)
