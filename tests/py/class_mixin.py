# Mixins, cooperative super() with **kwargs, abstract-style NotImplementedError.
class ReprMixin:
    def __repr__(self):
        fields = ", ".join("%s=%r" % (k, v) for k, v in sorted(vars(self).items()))
        return "%s(%s)" % (type(self).__name__, fields)
class EqMixin:
    def __eq__(self, o):
        return type(self) is type(o) and vars(self) == vars(o)
    __hash__ = None
class Shape:
    def __init__(self, name="shape", **kw):
        super().__init__(**kw)
        self.name = name
    def area(self):
        raise NotImplementedError("subclasses must implement area")
class Colored:
    def __init__(self, color="black", **kw):
        super().__init__(**kw)
        self.color = color
class Rect(ReprMixin, EqMixin, Shape, Colored):
    def __init__(self, w, h, **kw):
        super().__init__(**kw)
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h
r = Rect(2, 3, name="r1", color="red")
print(r, r.area(), r == Rect(2, 3, name="r1", color="red"), r == Rect(2, 4))
print([k.__name__ for k in Rect.__mro__])
try:
    Shape().area()
except NotImplementedError as e:
    print("NotImplementedError:", e)
try:
    hash(r)
except TypeError as e:
    print("TypeError:", e)
