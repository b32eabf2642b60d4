# greenlet switches: a round trip is two switches.
import sys
import time

from greenlet import greenlet

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200000


def pong_body(v):
    while True:
        v = ping_g.switch(v + 1)


def ping_body():
    v = 0
    for _ in range(N):
        v = pong_g.switch(v)
    return v


pong_g = greenlet(pong_body)
ping_g = greenlet(ping_body)
t0 = time.perf_counter()
v = ping_g.switch()
dt = time.perf_counter() - t0
assert v == N
print("%.0f" % (N / dt))
