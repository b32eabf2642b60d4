# collections: deque, namedtuple, defaultdict, OrderedDict, Counter.
from collections import deque, namedtuple, defaultdict, OrderedDict, Counter
d = deque([1, 2, 3])
d.append(4); d.appendleft(0); d.extend([5, 6]); d.extendleft("ab")
print(d, len(d), d[0], d[-1], d.pop(), d.popleft(), d)
d.rotate(2); print(d)
d.rotate(-3); print(d)
print(list(d), 3 in d, d.count(3), d.index(3))
d.remove(3); d.reverse(); print(d)
bounded = deque(range(10), maxlen=3)
bounded.append(99)
print(bounded, bounded.maxlen, list(reversed(bounded)))
try:
    deque().pop()
except IndexError as e:
    print("IndexError:", e)
Point = namedtuple("Point", ["x", "y"])
p = Point(3, y=4)
print(p, p.x, p[1], p._asdict(), p._replace(x=10), Point._fields, tuple(p), p == (3, 4), len(p))
x, y = p
print(x + y, Point._make([7, 8]), repr(Point(1, 2)))
P3 = namedtuple("P3", "a b c", defaults=[0])
print(P3(1, 2), P3(1, 2, 3))
dd = defaultdict(list)
for w in "apple avocado banana blueberry cherry".split():
    dd[w[0]].append(w)
print(dict(dd), dd["z"], len(dd), defaultdict(int)["x"])
counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(sorted(counts.items()))
od = OrderedDict()
od["b"] = 1; od["a"] = 2; od["c"] = 3
od.move_to_end("b")
print(od, list(od), od.popitem(), od.popitem(last=False), od)
od2 = OrderedDict([("x", 1)])
od2.move_to_end("x", last=False)
print(od2 == {"x": 1}, OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1))
c = Counter("abracadabra")
print(c.most_common(3), c["a"], c["z"], sorted(c.elements())[:6], sum(c.values()))
c2 = Counter(["x", "y", "x"])
c2.update(["x", "z"])
print(sorted(c2.items()), (c + Counter("aa")).most_common(1), sorted((c - Counter("aaaaab")).items()))
print(Counter({"a": 3, "b": 1}).most_common(), Counter("hello world").most_common(2), Counter().most_common())
