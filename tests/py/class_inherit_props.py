# Overriding properties and class/static methods in subclasses.
class Shape:
    sides = 0
    def __init__(self, size):
        self._size = size
    @property
    def size(self):
        return self._size
    @property
    def area(self):
        return 0
    @classmethod
    def unit(cls):
        return cls(1)
    @staticmethod
    def kind():
        return "shape"
    def describe(self):
        return "%s(sides=%d, size=%s, area=%s, kind=%s)" % (type(self).__name__, self.sides, self.size, self.area, self.kind())
class Square(Shape):
    sides = 4
    @property
    def area(self):
        return self.size ** 2
    @staticmethod
    def kind():
        return "polygon"
class Circle(Shape):
    @property
    def area(self):
        return round(3.14159 * self.size ** 2, 3)
    @property
    def size(self):
        return self._size * 2
for s in (Shape(2), Square(3), Circle(1.5), Square.unit(), Circle.unit()):
    print(s.describe())
print(Square.kind(), Square(1).kind(), Shape.kind(), isinstance(Square.unit(), Square))
try:
    Square(2).area = 5
except AttributeError as e:
    print("AttributeError:", e)
