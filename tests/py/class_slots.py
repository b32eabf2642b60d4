# __slots__.
class S:
    __slots__ = ("a", "b")
    def __init__(self):
        self.a = 1
s = S()
s.b = 2
print(s.a, s.b, hasattr(s, "__dict__"))
try:
    s.c = 3
except AttributeError as e:
    print("AttributeError:", e)
t = S()
try:
    t.b
except AttributeError as e:
    print("AttributeError:", e)
del s.a
print(hasattr(s, "a"), S.__slots__)
class T(S):
    __slots__ = ("c",)
t2 = T()
t2.c = 5; t2.a = 6
print(t2.c, t2.a)
class U(S):
    pass
u = U()
u.zzz = 1
print(u.zzz, hasattr(u, "__dict__"))
