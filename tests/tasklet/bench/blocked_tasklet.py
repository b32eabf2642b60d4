# N tasklets blocked on one channel (peak RSS is measured by run.py).
import sys

import stackless

N = int(sys.argv[1])
ch = stackless.channel()


def worker():
    ch.receive()


for _ in range(N):
    stackless.tasklet(worker)()
stackless.run()
assert ch.balance == -N
print(-ch.balance)
