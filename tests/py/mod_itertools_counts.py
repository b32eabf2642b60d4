# Counting combinatorial objects with itertools against math formulas.
import itertools as it
import math
for n in range(1, 7):
    for k in range(0, n + 1):
        p = len(list(it.permutations(range(n), k)))
        c = len(list(it.combinations(range(n), k)))
        assert p == math.perm(n, k) and c == math.comb(n, k)
    print(n, [len(list(it.combinations(range(n), k))) for k in range(n + 1)], len(list(it.permutations(range(n)))))
print(len(list(it.product("ab", repeat=5))), list(it.product("01", repeat=3)))
words = ["".join(p) for p in it.permutations("abc")]
print(words, sorted(set("".join(p) for p in it.permutations("aab"))))
print(list(it.islice(it.count(), 0, 30, 7)), next(it.islice(it.cycle([1, 2]), 101, None)))
print(list(zip(it.count(1), "abc")), list(it.chain(*[[i] * i for i in range(4)])))
