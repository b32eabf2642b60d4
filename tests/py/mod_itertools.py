# itertools: count, cycle, repeat, chain, islice, product, permutations, combinations, and more.
import itertools as it
print(list(it.islice(it.count(), 5)), list(it.islice(it.count(10, 3), 4)), list(it.islice(it.count(1.5, 0.5), 3)))
print(list(it.islice(it.cycle("abc"), 8)), list(it.repeat("x", 3)), list(it.islice(it.repeat(0), 2)))
print(list(it.chain([1, 2], "ab", (3,))), list(it.chain.from_iterable([[1], [2, 3], []])))
print(list(it.islice(range(20), 2, 12, 3)), list(it.islice("abcdef", 3)), list(it.islice("abcdef", 4, None)))
print(list(it.product("ab", [1, 2])), len(list(it.product(range(3), repeat=3))), list(it.product()))
print(list(it.permutations("abc")), list(it.permutations(range(4), 2))[:5], len(list(it.permutations(range(6)))))
print(list(it.combinations("abcd", 2)), list(it.combinations(range(5), 3))[-3:], list(it.combinations("ab", 3)))
