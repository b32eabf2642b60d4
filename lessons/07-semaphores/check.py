from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
BoundedBuffer = need(load(), "BoundedBuffer")
stress()

# With nobody reading, exactly `capacity` puts may finish.
for capacity in (1, 3):
    buf = BoundedBuffer(capacity)
    done = []
    producer = spawn(lambda: [buf.put(i) or done.append(i)
                              for i in range(capacity + 2)])
    deadline = time.monotonic() + 2
    while len(done) < capacity and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)             # time for puts that should not happen
    if len(done) != capacity:
        fail("with capacity %d and no consumer, %d puts finished: put() must "
             "wait while the buffer is full. Acquire a 'free slots' "
             "semaphore (starting at capacity) in put and release it in get"
             % (capacity, len(done)))
    got = [within(2, "get() did not return although items were waiting",
                  buf.get) for _ in range(capacity + 2)]
    join_all([producer], 2, "put() stayed blocked after get() freed slots")
    if got != list(range(capacity + 2)):
        fail("the buffer returned %r; items must come out in order" % got)

# Three producers, three consumers, capacity 2: nothing lost, no deadlock.
buf = BoundedBuffer(2)
received = [[] for _ in range(3)]
threads = [spawn(lambda p=p: [buf.put((p, i)) for i in range(100)])
           for p in range(3)]
threads += [spawn(lambda r=r: [r.append(buf.get()) for _ in range(100)])
            for r in received]
join_all(threads, 3, "3 producers and 3 consumers did not finish within 3 s: "
         "does put() wait for a slot while holding the mutex? Acquire the "
         "semaphore first")
items = sorted(x for r in received for x in r)
if items != sorted((p, i) for p in range(3) for i in range(100)):
    fail("items were lost or delivered twice under load")
ok()
