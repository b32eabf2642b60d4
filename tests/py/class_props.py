# properties with setters/deleters, staticmethod, classmethod.
class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v
    @celsius.deleter
    def celsius(self):
        print("deleting")
        self._c = 0
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def describe(unit):
        return "unit " + unit
    @classmethod
    def freezing(cls):
        return cls(0)
t = Temp(25)
print(t.celsius, t.fahrenheit)
t.celsius = 100
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(t.celsius, Temp.describe("C"), t.describe("F"), Temp.freezing().celsius, type(Temp.freezing()).__name__)
class Sub(Temp):
    pass
print(type(Sub.freezing()).__name__, isinstance(Temp.__dict__["describe"], staticmethod))
class Counter:
    instances = 0
    def __init__(self):
        type(self).instances += 1
    @classmethod
    def made(cls):
        return cls.instances
Counter(); Counter()
print(Counter.made(), Counter().made())
p = property(lambda self: 42)
class Q:
    answer = p
print(Q().answer, isinstance(p, property))
