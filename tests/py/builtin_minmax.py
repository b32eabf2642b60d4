# min/max with key/default, abs, round, divmod, pow.
print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("hello"), min("b", "a", "c"))
print(min([], default="none"), max([], default=0), max([1, 2], default=9), min((x for x in []), default=None))
words = ["kiwi", "fig", "banana", "apple", "date"]
print(min(words, key=len), max(words, key=len), max(words, key=lambda w: w[-1]), min(words, key=lambda w: (len(w), w)))
print(max([(1, "b"), (1, "a")]), max([3, 3.0]), max([3.0, 3]), min([-0.0, 0]), max(2, 2 ** 70))
print(abs(-5), abs(5.5), abs(-0.0), abs(-2 ** 80), abs(True))
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), pow(2, 10), pow(2, -2), pow(2.0, 3), pow(5, 3, 7), pow(-2, 3))
print(round(3.14159, 3), round(2.5), round(3.5), round(-2.5), round(0.125, 2), round(0.375, 2), round(2.675, 2))
try:
    min()
except TypeError as e:
    print("TypeError:", e)
try:
    max(1)
except TypeError as e:
    print("TypeError:", e)
