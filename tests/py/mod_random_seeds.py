# Various seeds including 0, negative and big ints, and the Random class.
import random
for s in (0, 1, 2, 123, -5, 2 ** 32, 2 ** 40 + 17, 10 ** 30):
    random.seed(s)
    print(s, random.random(), random.randint(1, 10 ** 6), random.getrandbits(64))
r1 = random.Random(99)
r2 = random.Random(99)
print([r1.random() for _ in range(3)] == [r2.random() for _ in range(3)], r1.randint(1, 100), r2.randint(1, 100))
st = r1.getstate()
a = [r1.random() for _ in range(3)]
r1.setstate(st)
b = [r1.random() for _ in range(3)]
print(a == b, a)
random.seed(2024)
hist = [0] * 10
for _ in range(5000):
    hist[random.randrange(10)] += 1
print(hist, sum(hist))
