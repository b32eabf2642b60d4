# Channel ping-pong between two tasklets: round trips per second.
import sys
import time

import stackless

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
ping, pong = stackless.channel(), stackless.channel()


def ponger():
    while True:
        pong.send(ping.receive() + 1)


def pinger(n):
    v = 0
    for _ in range(n):
        ping.send(v)
        v = pong.receive()
    return v


stackless.tasklet(ponger)()
t0 = time.perf_counter()
v = pinger(N)
dt = time.perf_counter() - t0
assert v == N
print("%.0f" % (N / dt))
