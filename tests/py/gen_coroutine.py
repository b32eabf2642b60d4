# Generator-based coroutines: running averages and a round-robin scheduler.
def averager():
    total = count = 0
    avg = None
    while True:
        value = yield avg
        if value is None:
            return (count, avg)
        total += value
        count += 1
        avg = total / count
a = averager()
next(a)
for v in (10, 20, 30, 45):
    print(a.send(v))
try:
    a.send(None)
except StopIteration as e:
    print("result", e.value)
def task(name, n):
    for i in range(n):
        print(name, "step", i)
        yield
    return name + " finished"
def scheduler(tasks):
    results = []
    queue = list(tasks)
    while queue:
        t = queue.pop(0)
        try:
            next(t)
            queue.append(t)
        except StopIteration as e:
            results.append(e.value)
    return results
print(scheduler([task("A", 3), task("B", 1), task("C", 2)]))
def grep(pattern, target):
    while True:
        line = yield
        if pattern in line:
            target.send(line.upper())
def printer():
    while True:
        line = yield
        print("matched:", line)
p = printer(); next(p)
g = grep("py", p); next(g)
for line in ["python", "java", "pypy", "ruby", "happy"]:
    g.send(line)
