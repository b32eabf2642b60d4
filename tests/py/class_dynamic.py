# Classes created with type(), attributes added at runtime, class methods patched.
def init(self, v):
    self.v = v
Dyn = type("Dyn", (object,), {"__init__": init, "double": lambda self: self.v * 2, "kind": "dynamic"})
d = Dyn(21)
print(type(d).__name__, d.double(), d.kind, Dyn.__bases__[0].__name__)
Sub = type("Sub", (Dyn,), {"triple": lambda self: self.v * 3})
s = Sub(5)
print(s.double(), s.triple(), isinstance(s, Dyn), [c.__name__ for c in Sub.__mro__])
Dyn.added = lambda self: "added later %d" % self.v
print(s.added(), d.added())
class Plain:
    pass
Plain.greet = lambda self, who: "hi " + who
print(Plain().greet("there"))
print(type(Plain), type(type), isinstance(Plain, type), Plain.__class__.__name__)
print(getattr(Plain(), "__class__").__name__, Plain().__class__ is Plain)
