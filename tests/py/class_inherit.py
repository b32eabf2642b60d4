# Single and multiple inheritance, C3 MRO, super().
class A:
    def who(self):
        return "A"
    def chain(self):
        return ["A"]
class B(A):
    def who(self):
        return "B>" + super().who()
    def chain(self):
        return ["B"] + super().chain()
class C(A):
    def who(self):
        return "C>" + super().who()
    def chain(self):
        return ["C"] + super().chain()
class D(B, C):
    def chain(self):
        return ["D"] + super().chain()
d = D()
print(d.who(), d.chain(), [k.__name__ for k in D.__mro__], [k.__name__ for k in D.mro()])
print(isinstance(d, A), issubclass(D, C), issubclass(C, B), issubclass(D, (int, A)), D.__bases__ == (B, C))
class O: pass
class X(O): pass
class Y(O): pass
class Z(O): pass
class K1(X, Y): pass
class K2(Y, Z): pass
class K3(X, Z): pass
class M(K1, K2, K3): pass
print([k.__name__ for k in M.__mro__])
try:
    class Bad(X, K1): pass
except TypeError as e:
    print("TypeError:", e)
class Base:
    def __init__(self, name):
        self.name = name
        self.log = ["Base"]
class Child(Base):
    def __init__(self, name, extra):
        super().__init__(name)
        self.extra = extra
        self.log.append("Child")
c = Child("n", 42)
print(c.name, c.extra, c.log)
class Explicit(Child):
    def __init__(self):
        super(Child, self).__init__("skip")
e = Explicit()
print(e.name, e.log, hasattr(e, "extra"))
print(type.mro(B) == list(B.__mro__), object.__mro__[0].__name__, [t.__name__ for t in bool.__mro__])
