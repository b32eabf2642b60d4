# threading.local: per-thread attributes, subclass __init__ per thread.
import threading

data = threading.local()
data.x = "main"
seen = []


def f(k):
    print_ok = not hasattr(data, "x")
    data.x = k
    seen.append((k, data.x, print_ok))


ts = [threading.Thread(target=f, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(seen), data.x)


class Conn(threading.local):
    created = 0

    def __init__(self, host):
        self.host = host
        self.calls = []

    def call(self, v):
        self.calls.append(v)
        return len(self.calls)


conn = Conn("db")
conn.call(1)
out = []


def use(k):
    out.append((conn.host, conn.call(k), conn.call(k)))


ts = [threading.Thread(target=use, args=(k,)) for k in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(out), conn.calls)
del data.x
print(hasattr(data, "x"))
try:
    threading.local(1)
except TypeError as e:
    print("TypeError:", e)
