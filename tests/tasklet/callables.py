# What a tasklet can run, and where it may switch: soft switching only
# from Python code, never from inside a callback made by native code.
import gc
import stackless

ch = stackless.channel()

# bound methods, natives, keyword arguments, generator functions, classes
class Greeter:
    def __init__(self, word):
        self.word = word

    def greet(self, who, punct="!"):
        print(self.word, who + punct)


stackless.tasklet(Greeter("hello").greet)("bound", punct="?")
stackless.tasklet(print)("a", "native", "callable", sep="-")
stackless.tasklet(ch.send)("sent by a tasklet running channel.send")
stackless.tasklet(Greeter)("class")


def gen():
    yield 1


stackless.tasklet(gen)()
stackless.run()
print(ch.receive())

# wrong arguments surface in the main tasklet, as a call would raise them
def two(a, b):
    pass


stackless.tasklet(two)(1)
try:
    stackless.run()
except TypeError as e:
    print("TypeError:", e)

# switching inside a generator body and with f(*args)
def producer():
    for i in range(3):
        yield i
        stackless.schedule()


def consumer(tag):
    for v in producer():
        print(tag, v)
        args = (v,)
        ch.send(*args)


stackless.tasklet(consumer)("c")
print("main got", [ch.receive() for _ in range(3)])
stackless.run()

# the main tasklet may switch from a callback (it owns the C stack below)
def side():
    print("side tasklet ran during the sort")


stackless.tasklet(side)()
print(sorted([3, 1, 2], key=lambda x: (stackless.schedule(), x)[1]))

# other tasklets may not: their callback's native caller cannot be suspended
def nested():
    try:
        sorted([2, 1], key=lambda x: ch.receive())
    except RuntimeError as e:
        print("RuntimeError:", e)
    try:
        list(map(ch.send, [1]))
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("balance still", ch.balance)


stackless.tasklet(nested)()
stackless.run()

# the collector sees every suspended tasklet's frames
def holder(n):
    data = [str(i) * 3 for i in range(n)]
    junk = [[i] * 10 for i in range(200)]
    del junk
    ch.receive()
    print("holder", n, data[-1], len(data))


for n in (5, 50, 500):
    stackless.tasklet(holder)(n)
stackless.run()
for _ in range(3):
    gc.collect()
    garbage = [list(range(50)) for _ in range(2000)]
for _ in range(3):
    ch.send(None)

# subclassing tasklet
class Named(stackless.tasklet):
    def __init__(self, func, name):
        self.name = name


t = Named(lambda: print("in", stackless.getcurrent().name), "custom")
t.setup()
stackless.run()
print(type(t).__name__, t.alive)
