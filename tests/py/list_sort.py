# sort with key/reverse, stability, sorted() on various inputs.
people = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22), ("frank", 25)]
print(sorted(people))
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
words = "The quick brown fox Jumps over the lazy Dog".split()
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=len, reverse=True))
nums = [5, -3, 2, -8, 0, 7, -1]
nums.sort(key=abs); print(nums)
nums.sort(key=lambda v: v % 3); print(nums)
print(sorted([3.5, 1, 2 ** 65, -2]), sorted("hello"), sorted((3, 1, 2), reverse=True), sorted({3: 0, 1: 0}))
big = [(i * 7919) % 1000 for i in range(1000)]
s = sorted(big)
print(s[:10], s[-10:], s == sorted(s), len(s))
stab = sorted([(i % 5, i) for i in range(30)], key=lambda t: t[0])
print(stab)
try:
    sorted([1, "a"])
except TypeError as e:
    print("TypeError:", e)
print(sorted([[2, 1], [1, 2], [1], []]), sorted([True, False, True]), sorted([], reverse=True))
