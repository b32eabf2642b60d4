# str falls back to __repr__; inheritance of __repr__/__str__; containers use repr.
class R:
    def __repr__(self):
        return "R()"
class S(R):
    def __str__(self):
        return "S-str"
class T(S):
    def __repr__(self):
        return "T()"
for o in (R(), S(), T()):
    print(str(o), repr(o), [o], "%s/%r" % (o, o), f"{o}/{o!r}", "{}/{!r}".format(o, o))
class Num:
    def __init__(self, v): self.v = v
    def __repr__(self): return "Num(%d)" % self.v
print(sorted([Num(3), Num(1)], key=lambda n: n.v), {"k": Num(2)}, (Num(0),), {Num(1).v: Num(5)})
class BadRepr:
    def __repr__(self):
        return 5
try:
    repr(BadRepr())
except TypeError as e:
    print("TypeError:", e)
