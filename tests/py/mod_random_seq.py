# random.choice / shuffle / sample with seeds.
import random
random.seed(0)
items = list(range(20))
random.shuffle(items)
print(items)
print([random.choice("abcdefg") for _ in range(15)])
print(random.sample(range(100), 10), random.sample(["x", "y", "z"], 3))
random.seed(12345)
deck = [r + s for s in "SHDC" for r in "A23456789TJQK"]
random.shuffle(deck)
print(deck[:13])
print(random.choice(deck), random.randint(-1000, 1000), random.randint(0, 2 ** 40))
random.seed(7)
print([round(random.random(), 6) for _ in range(8)])
