# Counter arithmetic, comparisons with dict, and most_common ordering with ties.
from collections import Counter
a = Counter(a=3, b=1, c=0, d=-2)
b = Counter(a=1, b=2, e=5)
print(a, b)
print(a + b, a - b, a | b, a & b)
print(+a, -a)
a.subtract(b)
print(a, sorted(a.elements()))
c = Counter("the rain in spain stays mainly in the plain".split())
print(c.most_common(), c.most_common(2), c.total())
print(Counter("aabbbc") == {"a": 2, "b": 3, "c": 1}, Counter(a=1) == Counter(a=1, b=0), dict(Counter("zzy")))
d = Counter()
for word in "one two three two three three".split():
    d[word] += 1
print(d, d["missing"], "missing" in d, list(d), d.most_common(1)[0])
