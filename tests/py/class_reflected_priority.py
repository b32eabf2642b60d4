# A subclass's reflected method is tried first; comparison reflection.
class Base:
    def __init__(self, v): self.v = v
    def __add__(self, o):
        return "Base.__add__"
    def __radd__(self, o):
        return "Base.__radd__"
    def __lt__(self, o):
        return "Base.__lt__"
    def __gt__(self, o):
        return "Base.__gt__"
class Derived(Base):
    def __radd__(self, o):
        return "Derived.__radd__"
    def __gt__(self, o):
        return "Derived.__gt__"
b, d = Base(1), Derived(2)
print(b + d, d + b, b + b, 1 + b, b < d, d < b, b < b)
class Left:
    def __eq__(self, o):
        print("Left.__eq__")
        return NotImplemented
class Right:
    def __eq__(self, o):
        print("Right.__eq__")
        return True
print(Left() == Right(), Right() == Left())
print(Left() == Left())
class NoAdd:
    pass
try:
    NoAdd() + NoAdd()
except TypeError as e:
    print("TypeError:", e)
try:
    NoAdd() < 3
except TypeError as e:
    print("TypeError:", e)
class OnlyRadd:
    def __radd__(self, o):
        return ("radd", o)
print(5 + OnlyRadd(), "s" + OnlyRadd(), [1] + OnlyRadd())
