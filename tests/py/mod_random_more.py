# More seeded random functions: randrange steps, sample of sets sorted, choices with weights, shuffle of strings.
import random
random.seed(31337)
print([random.randrange(0, 1000, 7) for _ in range(8)])
print([random.randrange(-50, 50) for _ in range(8)])
print(random.sample(range(10 ** 6), 5), random.sample("abcdefgh", 4))
print(random.choices("abc", k=10), random.choices(range(5), weights=[10, 1, 1, 1, 1], k=10))
words = ["alpha", "beta", "gamma", "delta", "epsilon"]
random.shuffle(words)
print(words)
print(random.randint(10 ** 20, 10 ** 21), random.getrandbits(200))
print([round(random.uniform(0, 10), 8) for _ in range(4)])
total = 0
for _ in range(10000):
    total += random.randint(1, 100)
print(total)
random.seed(31337)
first = random.random()
random.seed(31337)
print(first == random.random())
