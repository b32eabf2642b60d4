# Metaclasses with __call__: singletons, call counting, argument rewriting.
class Singleton(type):
    _instances = {}
    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]

class Config(metaclass=Singleton):
    def __init__(self, name="default"):
        print("init", name)
        self.name = name

a = Config("first")
b = Config("second")
print(a is b, a.name, b.name)
c = Config(name="kw")
print(c is a)
args = ("star",)
d = Config(*args)
print(d is a, type(a).__name__, type(Config).__name__)

class Counting(type):
    calls = 0
    def __call__(cls, *args, **kw):
        Counting.calls += 1
        obj = super().__call__(*args, **kw)
        obj.serial = Counting.calls
        return obj

class Point(metaclass=Counting):
    def __init__(self, x, y):
        self.x, self.y = x, y

class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

pts = [Point(i, i) for i in range(3)] + [Point3(1, 2, 3)]
print([p.serial for p in pts], Counting.calls, type(pts[-1]).__name__, pts[-1].z)
print(list(map(Point, [1, 2], [3, 4]))[1].serial)
print(sorted([3, 1, 2], key=lambda v: Point(v, v).x))

# A metaclass __call__ that does not create an instance at all.
class Factory(type):
    def __call__(cls, kind):
        return {"int": int, "str": str}[kind]("7")

class Maker(metaclass=Factory):
    pass

print(repr(Maker("int")), repr(Maker("str")))

# A metaclass without __call__ still goes through type.__call__.
class Plain(type):
    pass

class P(metaclass=Plain):
    def __init__(self, v):
        self.v = v

print(P(5).v, callable(P))
try:
    Maker()
except TypeError as e:
    print("TypeError:", e)
