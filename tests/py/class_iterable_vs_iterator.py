# An iterable can be iterated many times; an iterator only once.
class Range3:
    def __iter__(self):
        return Range3Iter()
class Range3Iter:
    def __init__(self):
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= 3:
            raise StopIteration
        self.i += 1
        return self.i
r = Range3()
print(list(r), list(r), [(a, b) for a in r for b in r])
it = iter(r)
print(list(it), list(it), iter(it) is it)
class GenIterable:
    def __init__(self, data):
        self.data = data
    def __iter__(self):
        for x in self.data:
            yield x * 10
g = GenIterable([1, 2])
print(list(g), list(g), sum(g), max(g), sorted(g, reverse=True), dict(zip(g, g)))
a, b = GenIterable([5, 6])
print(a, b, *GenIterable([7]), [*g, *g])
class NotIterable:
    pass
try:
    iter(NotIterable())
except TypeError as e:
    print("TypeError:", e)
try:
    for _ in NotIterable():
        pass
except TypeError as e:
    print("TypeError:", e)
