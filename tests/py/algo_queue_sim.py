# A seeded queue simulation using random and collections.deque.
import random
from collections import deque
random.seed(2023)
queue = deque()
served, waits, max_len = 0, [], 0
for tick in range(2000):
    if random.random() < 0.3:
        queue.append(tick)
    if random.random() < 0.32 and queue:
        waits.append(tick - queue.popleft())
        served += 1
    max_len = max(max_len, len(queue))
print(served, len(queue), max_len, sum(waits), max(waits), round(sum(waits) / len(waits), 4))
random.seed(1)
walk = [0]
for _ in range(1000):
    walk.append(walk[-1] + random.choice((-1, 1)))
print(walk[-1], max(walk), min(walk), walk[:20])
random.seed(99)
inside = sum(1 for _ in range(20000) if random.random() ** 2 + random.random() ** 2 <= 1.0)
print(inside, 4 * inside / 20000)
people = list(range(1, 42))
d = deque(people)
order = []
while d:
    d.rotate(-2)
    order.append(d.popleft())
print(order[-5:], order[:10])
