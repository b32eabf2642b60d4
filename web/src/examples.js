// examples.js -- the programs in the Examples menu.  Each one shows one idea
// about concurrency and prints enough to see it happen; all of them run
// unchanged under CPython too (except the board's, from board-examples.js).
import { boardExamples } from './board-examples.js';

export const examples = [
  {
    id: 'hello',
    title: 'Hello, threads',
    code: `# Four threads, each with its own loop.  Try both modes at the top:
# free-threaded threads really run at the same time.
import threading

def worker(n):
    total = sum(i * i for i in range(100_000 * n))
    print(f"worker {n} done: {total}")

threads = [threading.Thread(target=worker, args=(n,)) for n in range(1, 5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all", len(threads), "threads finished")
`,
  },
  {
    id: 'race',
    title: 'A race condition',
    code: `# Two threads add to a shared counter without a lock.  "counter += 1" is
# a read, an add and a write: another thread can slip in between.
import threading

counter = 0

def bump(times):
    global counter
    for _ in range(times):
        value = counter
        counter = value + 1

threads = [threading.Thread(target=bump, args=(200_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("expected", 4 * 200_000)
print("got     ", counter)
print("lost updates:", 4 * 200_000 - counter)
`,
  },
  {
    id: 'locks',
    title: 'Locks',
    code: `# The race from the previous example, fixed: a Lock makes the
# read-add-write a critical section, so no update is lost.
import threading

counter = 0
lock = threading.Lock()

def bump(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1

threads = [threading.Thread(target=bump, args=(100_000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("expected", 4 * 100_000)
print("got     ", counter)
`,
  },
  {
    id: 'deadlock',
    title: 'Deadlock',
    code: `# Two threads take the same two locks in opposite orders.  Each ends up
# holding one lock and waiting forever for the other.  The timeout lets
# the program notice instead of hanging (remove it and press Stop).
import threading
import time

fork = threading.Lock()
knife = threading.Lock()

def diner(name, first, second):
    with first:
        print(name, "has the first lock")
        time.sleep(0.1)          # give the other thread time to take its lock
        if second.acquire(timeout=1):
            print(name, "has both locks")
            second.release()
        else:
            print(name, "gave up: deadlock!")

a = threading.Thread(target=diner, args=("Alice", fork, knife))
b = threading.Thread(target=diner, args=("Bob", knife, fork))
a.start(); b.start()
a.join(); b.join()
print("Fix: always take locks in the same order.")
`,
  },
  {
    id: 'prodcons',
    title: 'Producer / consumer',
    code: `# A bounded buffer guarded by a Condition: the producer waits while the
# buffer is full, the consumer while it is empty.
import threading

buffer = []
CAPACITY = 3
cond = threading.Condition()
DONE = object()

def producer():
    for item in range(10):
        with cond:
            while len(buffer) >= CAPACITY:
                cond.wait()
            buffer.append(item)
            print(f"produced {item}  buffer={buffer}")
            cond.notify_all()
    with cond:
        while len(buffer) >= CAPACITY:
            cond.wait()
        buffer.append(DONE)
        cond.notify_all()

def consumer():
    total = 0
    while True:
        with cond:
            while not buffer:
                cond.wait()
            item = buffer.pop(0)
            cond.notify_all()
        if item is DONE:
            break
        total += item
        print(f"consumed {item}")
    print("consumer total:", total)

threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
for t in threads:
    t.start()
for t in threads:
    t.join()
`,
  },
  {
    id: 'speedup',
    title: 'Free-threaded vs GIL',
    code: `# The same CPU-bound work in 1 thread and in 4.  Run it in both modes:
# with the GIL, four threads take about as long as one does four times.
import threading
import time

def work():
    x = 0
    for i in range(1_000_000):
        x += i % 7

def timed(n):
    threads = [threading.Thread(target=work) for _ in range(n)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start

one = timed(1)
four = timed(4)
print(f"1 thread : {one:.2f} s")
print(f"4 threads: {four:.2f} s  (speed-up {4 * one / four:.1f}x for 4x the work)")
`,
  },
  {
    id: 'tasklets',
    title: 'Tasklets and channels',
    code: `# Tasklets are tiny cooperative threads; channels pass values between
# them, and a send blocks until someone receives (Stackless Python style).
try:
    import stackless
except ImportError:
    print("This example needs threadlab's stackless module")
    print("(plain CPython does not have it).")
    raise SystemExit(0)

ch = stackless.channel()

def ping(n):
    for i in range(n):
        print("ping sends", i)
        ch.send(i)
    ch.send(None)

def pong():
    while True:
        v = ch.receive()
        if v is None:
            break
        print("      pong got", v)

stackless.tasklet(ping)(3)
stackless.tasklet(pong)()
stackless.run()
print("all tasklets finished")
`,
  },
  {
    id: 'input',
    title: 'Reading input',
    code: `# input() waits for a line: type it in the field under the console.
name = input("What is your name? ")
print(f"Hello, {name}!")
n = int(input("Pick a number: "))
print(f"{n} squared is {n * n}")
`,
  },
];
examples.push(...boardExamples);   // the simulated board's (board.js)
