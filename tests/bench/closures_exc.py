# Closures and exceptions benchmark.
def make_counter(step):
    count = 0
    def inc():
        nonlocal count
        count += step
        return count
    return inc
def compose(f, g):
    return lambda x: f(g(x))
counters = [make_counter(k) for k in range(1, 11)]
total = 0
for _ in range(100000):
    for c in counters:
        total += c()
inc = compose(lambda x: x + 1, lambda x: x * 2)
acc = 0
for i in range(800000):
    acc = inc(acc) % 1000003
class Missing(Exception):
    pass
def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        raise Missing(k)
table = {i: i * i for i in range(0, 1000, 2)}
hits = misses = 0
for i in range(600000):
    try:
        hits += lookup(table, i % 1000)
    except Missing:
        misses += 1
    finally:
        hits += 1
print("closures_exc checksum", total, acc, hits, misses)
