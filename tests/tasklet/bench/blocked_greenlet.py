# N greenlets suspended in a switch (peak RSS is measured by run.py).
import sys

from greenlet import getcurrent, greenlet

N = int(sys.argv[1])
main = getcurrent()
gs = [greenlet(lambda: main.switch()) for _ in range(N)]
for g in gs:
    g.switch()
print(len(gs))
