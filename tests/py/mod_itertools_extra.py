# itertools: accumulate, groupby, takewhile, zip_longest, starmap and friends.
import itertools as it
print(list(it.combinations_with_replacement("ab", 2)), list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([3, 1, 4], max)))
print([(k, list(g)) for k, g in it.groupby("aaabbcaa")], [(k, len(list(g))) for k, g in it.groupby([1, 3, 2, 4, 5], key=lambda v: v % 2)])
print(list(it.takewhile(lambda v: v < 3, [1, 2, 3, 1])), list(it.dropwhile(lambda v: v < 3, [1, 2, 3, 1])))
print(list(it.zip_longest("abc", [1], fillvalue="-")), list(it.starmap(pow, [(2, 3), (3, 2)])), list(it.compress("abcd", [1, 0, 1, 0])))
print(list(it.filterfalse(lambda v: v % 2, range(8))), [list(t) for t in it.tee([1, 2], 2)], list(it.pairwise("abcd")))
