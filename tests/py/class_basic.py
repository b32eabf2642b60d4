# Classes: attributes, methods, class vs instance attributes.
class Point:
    count = 0
    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.count += 1
    def move(self, dx, dy):
        self.x += dx
        self.y += dy
        return self
    def __repr__(self):
        return "Point(%r, %r)" % (self.x, self.y)
p = Point(1, 2)
q = Point(3, 4).move(1, 1)
print(p, q, Point.count, p.count, p.x, type(p).__name__, type(p) is Point, isinstance(p, Point))
p.count = 99
print(p.count, Point.count, q.count, sorted(vars(p)), p.__dict__ == {"x": 1, "y": 2, "count": 99})
print(Point.__name__, Point.__qualname__, Point.move.__name__, repr(Point).startswith("<class"), str(Point))
m = p.move
print(m(5, 5), p, m.__self__ is p, m.__func__ is Point.move)
Point.z = "class attr"
print(q.z, hasattr(p, "z"), getattr(p, "nope", "default"))
del p.count
print(p.count)
try:
    p.nope
except AttributeError as e:
    print("AttributeError:", e)
class Empty:
    pass
e = Empty()
e.a = 1
setattr(e, "b", 2)
print(e.a, e.b, sorted(e.__dict__), Empty.__bases__, Empty.__mro__)
class WithDoc:
    "A docstring."
    x: int = 5
print(WithDoc.__doc__, WithDoc.x, WithDoc.__module__)
