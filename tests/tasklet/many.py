# 100,000 tasklets blocked on one channel, a collection while they wait,
# then every one of them woken in FIFO order.
import gc
import stackless

N = 100000
ch = stackless.channel()
out = stackless.channel()
total = [0]


def worker(i):
    v = ch.receive()
    total[0] += v - i                  # each gets exactly its own number


for i in range(N):
    stackless.tasklet(worker)(i)
stackless.run()
print("blocked:", -ch.balance, "runcount:", stackless.getruncount())
gc.collect()
junk = [[i] for i in range(100000)]
del junk
gc.collect()
first = ch.queue
print("queue head alive and blocked:", first.alive, first.blocked)
ch.preference = 0                      # wake them all without switching
for i in range(N):
    ch.send(i)
print("runnable now:", stackless.getruncount())
stackless.run()
print("balance:", ch.balance, "total:", total[0], "runcount:", stackless.getruncount())
