# random with a fixed seed must reproduce CPython's Mersenne Twister stream.
import random
random.seed(42)
print(random.random())
print([random.random() for _ in range(5)])
random.seed(42)
print(random.random())
print([random.randint(1, 6) for _ in range(20)])
print([random.randrange(100) for _ in range(10)], [random.randrange(10, 20, 3) for _ in range(5)])
print(random.getrandbits(32), random.getrandbits(1), random.getrandbits(100))
print(random.uniform(1.0, 2.0), random.uniform(-5, 5))
