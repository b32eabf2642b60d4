# Channels: hand-off, balance, preference, queue, close, iteration,
# send_sequence, exceptions through channels.
import stackless

ch = stackless.channel()
print("new:", ch.balance, ch.preference, ch.closing, ch.closed, ch.queue)


def receiver(name):
    v = ch.receive()
    print(name, "received", v)


r1 = stackless.tasklet(receiver)("r1")
r2 = stackless.tasklet(receiver)("r2")
stackless.run()                       # both block
print("balance:", ch.balance, "queue is r1:", ch.queue is r1, r1.blocked, r1.scheduled)
print("r1.next is r2:", r1.next is r2)
ch.send("hello")                      # preference -1: r1 runs at once
print("after send 1")
ch.send("world")
print("after send 2; balance", ch.balance)

# preference 1: the sender keeps running, the receiver runs later
ch.preference = 1
stackless.tasklet(receiver)("r3")
stackless.run()
ch.send("pref1")
print("sender goes on first")
stackless.run()

# preference 0: nobody switches
ch.preference = 0
def sender(v):
    ch.send(v)
    print("sender", v, "done")
stackless.tasklet(sender)("s1")
stackless.run()
print("balance with a sender waiting:", ch.balance)
print("main receives", ch.receive())
print("sender still runnable:", stackless.getruncount())
stackless.run()
ch.preference = -1

# iteration and close
def producer(n):
    for i in range(n):
        ch.send(i * i)
    ch.close()
    print("closed; closing", ch.closing, "closed", ch.closed)

stackless.tasklet(producer)(4)
for v in ch:
    print("iter got", v)
print("after loop:", ch.closing, ch.closed, ch.balance)
try:
    ch.receive()
except ValueError as e:
    print("ValueError:", e)
try:
    ch.send(1)
except ValueError as e:
    print("ValueError:", e)
ch.open()
print("reopened:", ch.closing, ch.closed)

# send_sequence
def collector(n, out):
    for _ in range(n):
        out.append(ch.receive())
got = []
stackless.tasklet(collector)(3, got)
print("sent", ch.send_sequence(iter("abc")), got)

# exceptions through channels
def catcher():
    for _ in range(3):
        try:
            ch.receive()
        except Exception as e:
            print("catcher got", type(e).__name__, e.args)
stackless.tasklet(catcher)()
stackless.run()
ch.send_exception(KeyError, "k", 1)
ch.send_throw(ValueError("as instance"))
ch.send_throw(TypeError, "tb none", None)
print("balance:", ch.balance)

# a blocked sender with an exception for the receiver
def late():
    ch.send_exception(IndexError, "queued")
stackless.tasklet(late)()
stackless.run()
print("waiting senders:", ch.balance)
try:
    ch.receive()
except IndexError as e:
    print("main got IndexError", e)
stackless.run()

# channels of channels, and subclasses
class Tagged(stackless.channel):
    def send_tagged(self, v):
        self.send(("tag", v))

tc = Tagged()
def reply():
    back = tc.receive()[1]
    back.send("pong")
stackless.tasklet(reply)()
stackless.run()
back = stackless.channel()
tc.send_tagged(back)
print("reply:", back.receive() if back.balance else "sent already")
stackless.run()
print("runcount:", stackless.getruncount())
